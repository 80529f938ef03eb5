#!/usr/bin/env python3
"""Open factmark pages in headless Chromium and check what a reader gets.

Talks to Chromium over the DevTools protocol through a pipe
(--remote-debugging-pipe), so it needs nothing but the Python standard
library and a Chromium binary: no port, no websocket client, no browser
download.

For every page and every viewport (desktop 1280x900, phone 390x844, desktop
in dark mode) it saves a full-page screenshot and checks:

- every `.claim` element is rendered and visible, and so is its verdict tag;
- every `a[href^="#"]` points to an existing id;
- no console error, no uncaught exception, no error in the browser log;
- no request but the page itself (the page is self-contained), and the page
  does not navigate away;
- no JavaScript dialog (alert/confirm/prompt) opens;
- no element has an `on*` attribute, no URL attribute uses a `javascript:`,
  `vbscript:` or `data:` scheme, no `<script>` other than
  `type="application/ld+json"`, and no iframe/object/embed/base/form/link/
  refresh element exists;
- every JSON-LD block parses, every item is a ClaimReview whose `url` points
  to a claim on the page, one per note;
- every badge follows its own quote: right after the quote's end, on its
  line, and before the next quote of the sentence (two or three claims in
  one sentence each keep their own);
- the page does not scroll sideways.

The only script allowed besides JSON-LD is the page's own margin layout
(`<script id="factmark-margin">`, inline). On the desktop views the margin
notes are checked too: none starts above its claim, none overlaps another
or the text column (bounding boxes), and a note with room starts level with
its claim (else just below the note before it); once more with JavaScript
off ("desktop-nojs"), where a note starts level with the line on which its
claim ends. On the phone view every note is closed until its badge is
clicked (the first, one in a sentence of several claims, and the last are
clicked for real), then opens in place below the badge, inside the page's
width, and its Close link closes it again.

With --axe PATH (axe-core's axe.min.js), axe-core runs inside the page on
the desktop and desktop-dark views; any serious or critical violation fails.

Pages whose name starts with `hostile` must also show the hostile YAML text
literally (escaped, not dropped).

Usage: check_pages.py [--chromium PATH] --shots DIR [--viewports desktop,phone] [--axe axe.min.js] PAGE.html...
Exit status 0 only if every check on every page passed.
"""

import argparse
import base64
import fcntl
import json
import os
import pathlib
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

VIEWPORTS = [
    # name, width, height, mobile, colour scheme
    ("desktop", 1280, 900, False, "light"),
    ("phone", 390, 844, True, "light"),
    ("desktop-dark", 1280, 900, False, "dark"),
    ("desktop-nojs", 1280, 900, False, "light"),
]

# The views axe-core judges: light and dark.
AXE_VIEWS = ("desktop", "desktop-dark")

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
    # Nothing may leave the machine: every host name fails to resolve. A page
    # that asks for one still shows up as a request and fails the check.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
]

TIMEOUT = 30.0

# Runs in the page; returns {"problems": [...], "facts": {...}}.
DOM_CHECKS = r"""
(() => {
  const problems = [];
  const facts = {};
  const describe = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    if (el.className && typeof el.className === 'string') s += '.' + el.className.trim().split(/\s+/).join('.');
    const text = (el.textContent || '').replace(/\s+/g, ' ').trim();
    if (text) s += ' "' + (text.length > 60 ? text.slice(0, 57) + '...' : text) + '"';
    return s;
  };
  const visible = (el) => {
    const r = el.getBoundingClientRect();
    const cs = getComputedStyle(el);
    if (!(r.width > 0 && r.height > 0) || el.getClientRects().length === 0) return 'has an empty box';
    if (cs.display === 'none') return 'is display:none';
    if (cs.visibility !== 'visible') return 'is visibility:' + cs.visibility;
    if (typeof el.checkVisibility === 'function' &&
        !el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true}))
      return 'is hidden (checkVisibility)';
    return null;
  };

  // Claims and their verdict tags are visible.
  const claims = [...document.querySelectorAll('.claim')];
  facts.claims = claims.length;
  for (const el of claims) {
    const why = visible(el);
    if (why) problems.push('claim ' + describe(el) + ' ' + why);
  }
  const tags = [...document.querySelectorAll('.verdict-tag')];
  facts.verdictTags = tags.length;
  for (const el of tags) {
    const why = visible(el);
    if (why) problems.push('verdict tag ' + describe(el) + ' ' + why);
    if (!/[A-Za-z]{4,}/.test(el.textContent)) problems.push('verdict tag ' + describe(el) + ' has no verdict in words');
  }

  // In-page links resolve.
  const fragments = [...document.querySelectorAll('a[href^="#"]')];
  facts.fragmentLinks = fragments.length;
  for (const a of fragments) {
    const raw = a.getAttribute('href').slice(1);
    let id = raw;
    try { id = decodeURIComponent(raw); } catch (e) {}
    if (!id || !document.getElementById(id))
      problems.push('link ' + describe(a) + ' points to missing id "#' + raw + '"');
  }
  const ids = new Map();
  for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) || 0) + 1);
  for (const [id, n] of ids) if (n > 1) problems.push('id "' + id + '" is used ' + n + ' times');

  // Nothing live: handlers, script URLs, scripts, embedded documents.
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster',
                            'background', 'ping', 'cite', 'srcset', 'srcdoc', 'codebase', 'manifest',
                            'longdesc', 'lowsrc', 'dynsrc', 'icon', 'content']);
  const badScheme = /^(javascript|vbscript|data|livescript):/;
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith('on')) problems.push(describe(el) + ' has an event handler attribute ' + name + '="' + attr.value + '"');
      const squeezed = attr.value.replace(/[\u0000-\u0020\u007f-\u00a0]+/g, '').toLowerCase();
      if (urlAttrs.has(name) && badScheme.test(squeezed))
        problems.push(describe(el) + ' has ' + name + '="' + attr.value + '"');
    }
  }
  const scripts = [...document.querySelectorAll('script')];
  // The page's own margin layout, inline, once, is the one exception.
  const layout = scripts.filter(s => s.id === 'factmark-margin' && !s.hasAttribute('src') &&
                                     !s.hasAttribute('type'));
  facts.layoutScripts = layout.length;
  if (layout.length > 1) problems.push(layout.length + ' margin layout scripts');
  for (const s of scripts)
    if ((s.getAttribute('type') || '').trim().toLowerCase() !== 'application/ld+json' && !layout.includes(s))
      problems.push('a <script> that is not JSON-LD: ' + s.outerHTML.slice(0, 120));
  for (const sel of ['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'form',
                     'link', 'meta[http-equiv]', 'portal', 'fencedframe'])
    for (const el of document.querySelectorAll(sel))
      problems.push('unexpected element ' + el.outerHTML.slice(0, 120));

  // JSON-LD: parses, ClaimReview items, one per note, each pointing to a claim.
  const blocks = scripts.filter(s => (s.getAttribute('type') || '').trim().toLowerCase() === 'application/ld+json');
  let items = [];
  blocks.forEach((s, i) => {
    let value;
    try { value = JSON.parse(s.textContent); }
    catch (e) { problems.push('JSON-LD block ' + (i + 1) + ' does not parse: ' + e.message); return; }
    const list = Array.isArray(value) ? value : (value && value['@graph']) ? value['@graph'] : [value];
    items = items.concat(list);
  });
  facts.jsonLdBlocks = blocks.length;
  facts.claimReviews = items.length;
  items.forEach((item, i) => {
    if (!item || item['@type'] !== 'ClaimReview') {
      problems.push('JSON-LD item ' + (i + 1) + ' is not a ClaimReview: @type=' + JSON.stringify(item && item['@type']));
      return;
    }
    const url = typeof item.url === 'string' ? item.url : '';
    const hash = url.indexOf('#');
    if (hash < 0) { problems.push('ClaimReview ' + (i + 1) + ' url has no fragment: ' + JSON.stringify(item.url)); return; }
    const target = document.getElementById(decodeURIComponent(url.slice(hash + 1)));
    if (!target || !target.classList.contains('claim'))
      problems.push('ClaimReview ' + (i + 1) + ' url ' + JSON.stringify(url) + ' does not point to a claim');
  });
  const notes = document.querySelectorAll('.notes li[id^="note-"]').length;
  facts.notes = notes;
  if (notes && items.length !== notes)
    problems.push(notes + ' notes but ' + items.length + ' ClaimReview items');
  if (claims.length && !blocks.length) problems.push('annotated page without JSON-LD');

  // Each badge follows its own quote: in the DOM right after it, and on
  // the page on the line where the quote ends, before the next quote.
  const firstMark = {}, lastMark = {};
  for (const m of document.querySelectorAll('mark[data-note]')) {
    const n = m.getAttribute('data-note');
    if (!firstMark[n]) firstMark[n] = m;
    lastMark[n] = m;
  }
  facts.multiClaimSentences = 0;
  const follows = (a, b) => !!(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  for (const claim of document.querySelectorAll('.claim[id]')) {
    const numbers = [];
    for (const m of claim.querySelectorAll('mark[data-note]')) {
      const n = m.getAttribute('data-note');
      if (!numbers.includes(n)) numbers.push(n);
    }
    if (numbers.length > 1) facts.multiClaimSentences++;
    numbers.forEach((n, i) => {
      const badge = document.getElementById('ref-' + n);
      if (!badge) { problems.push('quote ' + n + ' has no badge'); return; }
      const next = numbers[i + 1] && firstMark[numbers[i + 1]];
      if (!follows(lastMark[n], badge)) problems.push('the badge of note ' + n + ' comes before its quote ends');
      if (next && !follows(badge, next)) problems.push('the badge of note ' + n + ' comes after the next quote of its sentence');
      const end = [...lastMark[n].getClientRects()].pop();
      const b = badge.getClientRects()[0];
      if (!end || !b) return;
      const sameLine = b.top < end.bottom && end.top < b.bottom;
      if (!sameLine || b.left < end.right - 1 || b.left - end.right > 24)
        problems.push('the badge of note ' + n + ' does not follow its quote: quote ends at (' +
                      end.right.toFixed(0) + ', ' + end.top.toFixed(0) + '), badge at (' +
                      b.left.toFixed(0) + ', ' + b.top.toFixed(0) + ')');
      if (next) {
        const q = next.getClientRects()[0];
        const after = q && (q.top >= b.bottom - 1 || (q.top < b.bottom && b.top < q.bottom && q.left >= b.right - 1));
        if (!after) problems.push('the next quote of the sentence of note ' + n + ' starts before its badge');
      }
    });
  }

  // No sideways scrolling.
  const root = document.documentElement;
  facts.scrollWidth = root.scrollWidth;
  facts.viewportWidth = window.innerWidth;
  if (root.scrollWidth > window.innerWidth + 1) {
    const wide = [...document.querySelectorAll('body *')]
      .filter(el => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter(el => !el.closest('.visually-hidden'))
      .slice(0, 3).map(describe);
    problems.push('the page scrolls sideways: ' + root.scrollWidth + 'px wide in a ' +
                  window.innerWidth + 'px viewport; too wide: ' + wide.join('; '));
  }

  facts.title = document.title;
  facts.text = document.body ? document.body.innerText : '';
  facts.href = location.href;
  return {problems, facts};
})()
"""

# Runs in the page on the desktop views; returns {"problems": [...], "facts": {...}}.
# `strict` (JavaScript on): a note with room starts level with its claim's
# first line; without JavaScript, with the line where its claim ends.
MARGIN_CHECKS = r"""
((strict) => {
  const problems = [];
  const facts = {};
  const first = {}, last = {};
  for (const m of document.querySelectorAll('mark[data-note]')) {
    const n = m.getAttribute('data-note');
    if (!first[n]) first[n] = m;
    last[n] = m;
  }
  const notes = [...document.querySelectorAll('.side-note')]
    .filter(n => getComputedStyle(n).cssFloat === 'right');
  facts.marginNotes = notes.length;
  facts.levelNotes = 0;
  facts.stackedNotes = 0;
  const boxes = [];
  for (const note of notes) {
    const n = note.id.replace(/^side-/, '');
    if (!first[n]) { problems.push('margin note ' + n + ' has no quote'); continue; }
    const r = note.getBoundingClientRect();
    const top = first[n].getClientRects()[0];
    const level = strict ? top : [...last[n].getClientRects()].pop();
    const column = note.parentElement.closest('p,li,h1,h2,h3,h4,h5,h6,blockquote,div');
    const columnRight = column ? column.getBoundingClientRect().right : 0;
    if (r.top < top.top - 1)
      problems.push('margin note ' + n + ' starts ' + (top.top - r.top).toFixed(1) + 'px above its claim');
    if (r.left < columnRight - 1)
      problems.push('margin note ' + n + ' overlaps the text column (' + r.left.toFixed(0) + ' < ' + columnRight.toFixed(0) + ')');
    if (r.right > window.innerWidth + 1 || r.width < 100 || r.height < 10)
      problems.push('margin note ' + n + ' is not in the margin: ' + JSON.stringify(r));
    boxes.push({n, note, r, level});
  }
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i].r, b = boxes[j].r;
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        problems.push('margin note ' + boxes[i].n + ' overlaps margin note ' + boxes[j].n);
    }
  boxes.forEach((box, i) => {
    const prev = boxes[i - 1];
    // Below the note before it: its bottom margin and this one's top one.
    const free = prev ? prev.r.bottom + (parseFloat(getComputedStyle(prev.note).marginBottom) || 0) +
                        (parseFloat(getComputedStyle(box.note).marginTop) || 0) : -Infinity;
    if (free <= box.level.top + 1) {
      if (Math.abs(box.r.top - box.level.top) > 2)
        problems.push('margin note ' + box.n + ' has room but starts ' + (box.r.top - box.level.top).toFixed(1) +
                      'px from the ' + (strict ? 'first' : 'last') + ' line of its claim');
      else facts.levelNotes++;
    } else if (Math.abs(box.r.top - free) > 2) {
      problems.push('margin note ' + box.n + ' starts ' + (box.r.top - free).toFixed(1) +
                    'px from the end of the note before it, which is in its way');
    } else facts.stackedNotes++;
  });
  return {problems, facts};
})
"""

# Runs in the page on the phone view: the notes that are open.
OPEN_NOTES = r"""
[...document.querySelectorAll('.side-note')]
  .filter(n => n.getClientRects().length > 0 && getComputedStyle(n).visibility === 'visible')
  .map(n => n.id)
"""

# On pages named hostile*: the hostile YAML text must be on the page as text.
HOSTILE_LITERALS = [
    ("the title", "title", "<script>alert('title')</script>"),
    ("the title", "title", "\" onmouseover=\"alert(1)\""),
    ("a reviewer", "text", "<img src=x onerror=alert('reviewer')>"),
    ("a note", "text", "</script><script>alert('note')</script>"),
    ("a correction", "text", "<b onmouseover=alert('correction')>It was 2024</b>"),
    ("a source title", "text", "</a><script>alert('source title')</script>"),
    ("a publisher", "text", "\" onmouseover=\"alert('publisher')\""),
]


class DevTools:
    """A Chromium process driven over --remote-debugging-pipe."""

    def __init__(self, executable, profile):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # Move the child's ends out of the way of fds 3 and 4 first, so that
        # placing one cannot overwrite the other.
        for_child = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (to_chrome_r, from_chrome_w)]
        os.close(to_chrome_r)
        os.close(from_chrome_w)

        def child_fds():
            # Chromium reads commands on fd 3 and writes replies on fd 4.
            os.dup2(for_child[0], 3)
            os.dup2(for_child[1], 4)

        self.log_path = os.path.join(profile, "chromium.log")
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            preexec_fn=child_fds,
            pass_fds=(3, 4),
        )
        for fd in for_child:
            os.close(fd)
        self.out = os.fdopen(to_chrome_w, "wb", buffering=0)
        self.inbox = queue.Queue()
        self.events = []
        self.replies = {}
        self.next_id = 0
        threading.Thread(target=self._read, args=(from_chrome_r,), daemon=True).start()

    def _read(self, fd):
        buffer = b""
        with os.fdopen(fd, "rb", buffering=0) as pipe:
            while True:
                chunk = pipe.read(1 << 16)
                if not chunk:
                    self.inbox.put(None)
                    return
                buffer += chunk
                while b"\0" in buffer:
                    message, buffer = buffer.split(b"\0", 1)
                    self.inbox.put(json.loads(message))

    def _pump(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("Chromium did not answer in time")
        message = self.inbox.get(timeout=remaining)
        if message is None:
            raise RuntimeError("Chromium closed the DevTools pipe (did it crash?)\n" + self.log_tail())
        if "id" in message:
            self.replies[message["id"]] = message
        else:
            self.events.append(message)
            self.on_event(message)

    def on_event(self, message):
        pass

    def log_tail(self, lines=20):
        """The end of Chromium's own output, for error messages."""
        try:
            self.log.flush()
            with open(self.log_path, "rb") as f:
                text = f.read().decode("utf-8", "replace")
        except OSError:
            return ""
        tail = text.strip().splitlines()[-lines:]
        return "Chromium said:\n  " + "\n  ".join(tail) if tail else "Chromium printed nothing."

    def send(self, method, params=None, session=None, timeout=TIMEOUT):
        self.next_id += 1
        call = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            call["sessionId"] = session
        self.out.write(json.dumps(call).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while self.next_id not in self.replies:
            try:
                self._pump(deadline)
            except queue.Empty:
                raise TimeoutError(f"no answer to {method} within {timeout}s") from None
        reply = self.replies.pop(self.next_id)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def wait_for(self, predicate, timeout=TIMEOUT, what="an event"):
        deadline = time.monotonic() + timeout
        while True:
            for event in self.events:
                if predicate(event):
                    return event
            try:
                self._pump(deadline)
            except (queue.Empty, TimeoutError):
                raise TimeoutError(f"waited {timeout}s for {what}") from None

    def drain(self, seconds):
        deadline = time.monotonic() + seconds
        while True:
            try:
                self._pump(deadline)
            except (queue.Empty, TimeoutError):
                return

    def close(self):
        try:
            self.send("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Browser(DevTools):
    def on_event(self, message):
        # Dismiss dialogs at once so the page does not block; they are
        # recorded in self.events and reported as failures.
        if message.get("method") == "Page.javascriptDialogOpening":
            call = {
                "id": -1,
                "method": "Page.handleJavaScriptDialog",
                "params": {"accept": True},
                "sessionId": message.get("sessionId"),
            }
            self.out.write(json.dumps(call).encode() + b"\0")


def evaluate(browser, session, expression):
    """The value of `expression` in the page; raises if it threw."""
    result = browser.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True}, session=session, timeout=120)
    if "exceptionDetails" in result:
        raise RuntimeError(f"the page's checks threw: {result['exceptionDetails']}")
    return result["result"].get("value")


def settle(browser, session):
    """Waits two frames and a little, for layout and the margin script."""
    evaluate(browser, session,
             "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50))))")


def click(browser, session, selector):
    """Scrolls the element `selector` to the middle and clicks it with the
    mouse, as a reader would; False when it is not on the page."""
    box = evaluate(browser, session, f"""(() => {{
      const el = document.querySelector({json.dumps(selector)});
      if (!el) return null;
      el.scrollIntoView({{block: 'center'}});
      const r = el.getClientRects()[0];
      return r ? {{x: r.left + Math.min(r.width / 2, 8), y: r.top + r.height / 2}} : null;
    }})()""")
    if not box:
        return False
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", {"type": kind, "x": box["x"], "y": box["y"],
                                                  "button": "left", "clickCount": 1}, session=session)
    settle(browser, session)
    return True


def check_phone_notes(browser, session):
    """Notes are closed until their badge is clicked; then the one note
    opens in place, within the page's width; Close closes it."""
    problems = []
    open_notes = evaluate(browser, session, OPEN_NOTES)
    for note in open_notes:
        problems.append(f"note {note} is open before its badge is activated")
    numbers = evaluate(browser, session, """(() => {
      const badges = [...document.querySelectorAll('a.verdict-tag[id^="ref-"]')].map(a => a.id.slice(4));
      const multi = [...document.querySelectorAll('.claim[id]')]
        .map(c => [...new Set([...c.querySelectorAll('mark[data-note]')].map(m => m.getAttribute('data-note')))])
        .find(ns => ns.length > 1);
      return [...new Set([badges[0], multi && multi[multi.length - 1], badges[badges.length - 1]])].filter(Boolean);
    })()""")
    for n in numbers:
        if not click(browser, session, f"#ref-{n}"):
            problems.append(f"badge {n} cannot be clicked")
            continue
        opened = evaluate(browser, session, OPEN_NOTES)
        if opened != [f"side-{n}"]:
            problems.append(f"clicking badge {n} opened {opened or 'no note'} instead of side-{n}")
            continue
        where = evaluate(browser, session, f"""(() => {{
          const b = document.getElementById('ref-{n}').getClientRects()[0];
          const r = document.getElementById('side-{n}').getBoundingClientRect();
          return {{badgeBottom: b.bottom, top: r.top, left: r.left, right: r.right, width: innerWidth,
                   scroll: document.documentElement.scrollWidth}};
        }})()""")
        if not (where["badgeBottom"] - 2 <= where["top"] <= where["badgeBottom"] + 48):
            problems.append(f"note {n} does not open in place below its badge: {where}")
        if where["left"] < 0 or where["right"] > where["width"] + 1 or where["scroll"] > where["width"] + 1:
            problems.append(f"open note {n} is wider than the page: {where}")
        if not click(browser, session, f"#side-{n} .side-close"):
            problems.append(f"note {n} has no Close link")
        elif evaluate(browser, session, OPEN_NOTES):
            problems.append(f"Close did not close note {n}")
    return problems, {"notesOpened": len(numbers)}


def run_axe(browser, session, axe_source):
    """axe-core's serious and critical violations in the page."""
    evaluate(browser, session, axe_source + "\n;0")
    violations = evaluate(browser, session, """axe.run(document, {resultTypes: ['violations']}).then(r =>
      r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v =>
        v.impact + ' ' + v.id + ': ' + v.help + ' (' + v.nodes.length + ' elements, first: ' +
        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join('; ') + ')'))""")
    return [f"axe-core: {v}" for v in violations]


def check_view(browser, page, viewport, shots, axe_source=None, nojs_dir=None):
    """Loads `page` in one viewport; returns (problems, facts, screenshot)."""
    name, width, height, mobile, scheme = viewport
    url = page.resolve().as_uri()
    problems = []
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    first_event = len(browser.events)
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Network.setCacheDisabled", {"cacheDisabled": True}, session=session)
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
        browser.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
        browser.send("Emulation.setEmulatedMedia",
                     {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": scheme}]},
                     session=session)
        if name.endswith("-nojs"):
            # The page as a reader without JavaScript lays it out: the same
            # page without its margin script (turning scripts off would
            # also stop the checks, which run in the page).
            stripped = re.sub(r'<script id="factmark-margin">.*?</script>\n?', "", page.read_text(encoding="utf-8"),
                              flags=re.S)
            page = pathlib.Path(nojs_dir) / page.name
            page.write_text(stripped, encoding="utf-8")
            url = page.resolve().as_uri()
        nav = browser.send("Page.navigate", {"url": url}, session=session)
        if nav.get("errorText"):
            problems.append(f"navigation failed: {nav['errorText']}")
        browser.wait_for(
            lambda e: e.get("sessionId") == session and e.get("method") == "Page.loadEventFired",
            what=f"the load event of {page.name}")
        # Let late work (timers, refreshes, handlers on load) happen.
        browser.send("Runtime.evaluate", {
            "expression": "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150))))",
            "awaitPromise": True}, session=session)
        browser.drain(0.2)

        # (Runtime.evaluate runs even where the page's scripts are off.)
        value = evaluate(browser, session, DOM_CHECKS)
        problems.extend(value["problems"])
        facts = value["facts"]
        if name.startswith("desktop"):
            margin = evaluate(browser, session, f"{MARGIN_CHECKS}({'false' if name.endswith('-nojs') else 'true'})")
            problems.extend(margin["problems"])
            facts.update(margin["facts"])
        if facts["href"] != url:
            problems.append(f"the page navigated away to {facts['href']}")

        if page.name.startswith("hostile"):
            for field, where, literal in HOSTILE_LITERALS:
                if literal not in facts[where]:
                    problems.append(f"{field} of the hostile YAML is not shown literally: {literal!r} missing")

        if axe_source and name in AXE_VIEWS:
            problems.extend(run_axe(browser, session, axe_source))

        # Full-page screenshot: grow the viewport to the page, then shoot.
        layout = browser.send("Page.getLayoutMetrics", session=session)
        size = layout.get("cssContentSize") or layout["contentSize"]
        full = dict(metrics, height=max(height, int(size["height"] + 0.999)))
        browser.send("Emulation.setDeviceMetricsOverride", full, session=session)
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session, timeout=60)
        png = shots / f"{pathlib.Path(page).stem}-{name}.png"
        png.write_bytes(base64.b64decode(shot["data"]))
        browser.drain(0.05)

        # Last, as it scrolls and opens notes: a reader on a phone.
        if name == "phone":
            browser.send("Emulation.setDeviceMetricsOverride", metrics, session=session)
            phone_problems, phone_facts = check_phone_notes(browser, session)
            problems.extend(phone_problems)
            facts.update(phone_facts)

        # What happened while the page was open.
        for event in browser.events[first_event:]:
            if event.get("sessionId") != session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Page.javascriptDialogOpening":
                problems.append(f"a JavaScript dialog ({params.get('type')}) opened: {params.get('message')!r}")
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                text = details.get("exception", {}).get("description") or details.get("text")
                problems.append(f"uncaught exception: {text}")
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert", "warning"):
                args = " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", []))
                problems.append(f"console {params['type']}: {args}")
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
                entry = params["entry"]
                problems.append(f"browser log error ({entry.get('source')}): {entry.get('text')} {entry.get('url', '')}".rstrip())
            elif method == "Network.requestWillBeSent":
                requested = params.get("request", {}).get("url", "")
                if requested != url:
                    problems.append(f"the page requested {requested[:200]} (it must be self-contained)")
            elif method == "Page.frameNavigated":
                frame = params.get("frame", {})
                if frame.get("url") not in (url, "about:blank"):
                    problems.append(f"a frame navigated to {frame.get('url')}")
        return problems, facts, png
    finally:
        browser.send("Target.closeTarget", {"targetId": target})
        browser.events = browser.events[:first_event]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--shots", type=pathlib.Path, required=True)
    parser.add_argument("--viewports", default=",".join(v[0] for v in VIEWPORTS),
                        help="comma-separated subset of: " + ", ".join(v[0] for v in VIEWPORTS))
    parser.add_argument("--axe", type=pathlib.Path,
                        help="axe-core's axe.min.js: run it on the desktop and desktop-dark views")
    parser.add_argument("pages", nargs="+", type=pathlib.Path)
    args = parser.parse_args()
    axe_source = args.axe.read_text(encoding="utf-8") if args.axe else None
    wanted = args.viewports.split(",")
    viewports = [v for v in VIEWPORTS if v[0] in wanted]
    if len(viewports) != len(wanted):
        parser.error(f"unknown viewport in {args.viewports!r}")
    for page in args.pages:
        if not page.is_file():
            parser.error(f"no such page: {page}")
    args.shots.mkdir(parents=True, exist_ok=True)

    failures = 0
    shots = []
    with tempfile.TemporaryDirectory(prefix="factmark-chromium-") as profile:
        browser = Browser(args.chromium, profile)
        try:
            version = browser.send("Browser.getVersion")
        except Exception as e:
            print(f"could not start {args.chromium} in headless mode: {e}", file=sys.stderr)
            if "Chromium said" not in str(e):
                print(browser.log_tail(), file=sys.stderr)
            browser.close()
            return 2
        try:
            print(f"browser: {version.get('product')}")
            for page in args.pages:
                for viewport in viewports:
                    label = f"{page.name} @ {viewport[0]} {viewport[1]}x{viewport[2]}"
                    try:
                        problems, facts, png = check_view(browser, page, viewport, args.shots, axe_source,
                                                          profile)
                    except Exception as e:  # a hung or crashed browser is a failure too
                        problems, facts, png = [f"could not check the page: {e}"], {}, None
                    if png:
                        shots.append(png)
                    status = "ok  " if not problems else "FAIL"
                    summary = ", ".join(f"{k} {facts[k]}" for k in
                                        ("claims", "verdictTags", "fragmentLinks", "claimReviews",
                                         "multiClaimSentences", "marginNotes", "levelNotes", "stackedNotes",
                                         "notesOpened")
                                        if k in facts)
                    print(f"{status} {label}: {summary}")
                    for p in problems:
                        print(f"       - {p}")
                    failures += bool(problems)
        finally:
            browser.close()
    print(f"browser: {len(args.pages)} pages x {len(viewports)} viewports, "
          f"{len(shots)} screenshots in {args.shots}, {failures} failing views")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
