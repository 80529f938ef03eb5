#!/usr/bin/env python3
"""`factmark serve` in a real browser: a page open in headless Chromium
follows the edits of its files without anyone reloading it.

    python3 tests/browser/live_reload.py [--chromium PATH] [--shots DIR] FACTMARK

Copies the seed review into a temporary folder, starts `FACTMARK serve
--port 0` there, opens the seed's page in Chromium (over the DevTools pipe,
with check_pages.py's client), scrolls it down, then edits the files on
disk and watches the page's DOM:

1. a verdict changed in the YAML shows on the page, which kept its scroll
   position;
2. a broken YAML brings the overlay, naming the finding's line, over the
   last good page; fixed, the overlay goes;
3. an edit of the article shows too.

Each change must show within DEADLINE seconds; the test never reloads the
page itself (a marker set on `window` tells a reload by the page's own
script from none). With --shots, the overlay's screenshot is saved there
as serve-overlay.png. Exit status 0 only if every step passed.
"""

import argparse
import base64
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_pages  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
YAML = "annotations/azerbaijan-russia.yaml"
ARTICLE = "seeds/azerbaijan-russia.md"
PAGE = "azerbaijan-russia.html"
# The bar is 2 s from the edit to the page; a loaded CI machine
# gets some slack on top for the browser's own reload and layout.
DEADLINE = 5.0
FIRST = '    sentence: s-beb05140\n    verdict: supported\n'


def first_verdict_place():
    """Where findings place FIRST's verdict, `file:line:column`: the line is
    read from the seed, which other edits of the review move."""
    text = (ROOT / YAML).read_text(encoding="utf-8")
    at = text.index(FIRST) + FIRST.index("verdict:")
    return f"{pathlib.Path(YAML).name}:{text[:at].count(chr(10)) + 1}:14"

# check_pages.py's browser resolves no host at all; this one must reach the
# server on 127.0.0.1, and nothing else.
check_pages.CHROMIUM_FLAGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" if flag.startswith("--host-resolver-rules")
    else flag
    for flag in check_pages.CHROMIUM_FLAGS
]


class Server:
    """`factmark serve --port 0` in `folder`, stopped by close()."""

    def __init__(self, factmark, folder):
        self.proc = subprocess.Popen([factmark, "serve", "--port", "0"], cwd=folder,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env={"NO_COLOR": "1",
                                                                              "PATH": "/usr/bin:/bin"})
        self.lines = []
        self.errors = []
        threading.Thread(target=self._collect, args=(self.proc.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._collect, args=(self.proc.stderr, self.errors), daemon=True).start()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for line in self.lines:
                found = re.match(r"serving the site at (http://127\.0\.0\.1:\d+/)", line)
                if found:
                    self.url = found.group(1)
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.close()
        raise RuntimeError("the server did not start:\n" + self.output())

    @staticmethod
    def _collect(stream, into):
        for line in stream:
            into.append(line.rstrip("\n"))

    def output(self):
        return "--- stdout\n" + "\n".join(self.lines) + "\n--- stderr\n" + "\n".join(self.errors[-40:])

    def close(self):
        self.proc.kill()
        self.proc.wait()


def edit(folder, name, old, new):
    path = folder / name
    text = path.read_text(encoding="utf-8")
    if text.count(old) != 1:
        raise RuntimeError(f"{old!r} is not in {name} once")
    path.write_text(text.replace(old, new), encoding="utf-8")


def until(browser, session, expression, what, deadline=DEADLINE):
    """Polls `expression` in the page until it is true; the seconds it took.
    A navigation (the page's own reload) in between is expected."""
    started = time.monotonic()
    while time.monotonic() - started < deadline:
        try:
            if check_pages.evaluate(browser, session, expression):
                return time.monotonic() - started
        except RuntimeError:
            pass  # the page was between two documents
        browser.drain(0.05)
    raise AssertionError(f"{what}: not within {deadline}s")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factmark", help="the factmark binary")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--shots", type=pathlib.Path)
    args = parser.parse_args()

    failures = []
    with tempfile.TemporaryDirectory(prefix="factmark-serve-") as work:
        folder = pathlib.Path(work) / "project"
        for name in (YAML, ARTICLE):
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / name, folder / name)
        server = Server(str(pathlib.Path(args.factmark).resolve()), folder)
        profile = pathlib.Path(work) / "profile"
        profile.mkdir()
        browser = check_pages.Browser(args.chromium, str(profile))
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send("Target.attachToTarget",
                                   {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime"):
                browser.send(f"{domain}.enable", session=session)
            browser.send("Emulation.setDeviceMetricsOverride",
                         {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                         session=session)
            browser.send("Page.navigate", {"url": server.url + PAGE}, session=session)
            browser.wait_for(lambda e: e.get("sessionId") == session
                             and e.get("method") == "Page.loadEventFired", what="the page's load")
            check_pages.settle(browser, session)
            # Open, scrolled down, and marked: the mark goes with a reload.
            until(browser, session, "document.querySelector('#ref-1.verdict-supported') !== null",
                  "the served page shows the first verdict")
            check_pages.evaluate(browser, session, "window.scrollTo(0, 1200); window.factmarkMark = 1")
            check_pages.settle(browser, session)
            scrolled = check_pages.evaluate(browser, session, "window.scrollY")
            navigations = sum(1 for e in browser.events if e.get("method") == "Page.frameNavigated")

            steps = [
                ("a verdict changed in the YAML",
                 lambda: edit(folder, YAML, FIRST, FIRST.replace("supported", "false")),
                 "document.querySelector('#ref-1.verdict-false') !== null"),
                ("a broken YAML shows the overlay with the finding's line",
                 lambda: edit(folder, YAML, FIRST.replace("supported", "false"),
                              FIRST.replace("supported", "bogus")),
                 "(() => { const o = document.getElementById('factmark-serve-overlay');"
                 f" return !!o && o.textContent.includes('{first_verdict_place()}')"
                 " && document.querySelector('#ref-1.verdict-false') !== null; })()"),
                ("the fixed YAML takes the overlay away",
                 lambda: edit(folder, YAML, FIRST.replace("supported", "bogus"), FIRST),
                 "!document.getElementById('factmark-serve-overlay')"
                 " && document.querySelector('#ref-1.verdict-supported') !== null"),
                ("an edit of the article",
                 lambda: edit(folder, ARTICLE, "deteriorated sharply. ",
                              "deteriorated sharply. The desk added this sentence. "),
                 "document.body.textContent.includes('The desk added this sentence.')"),
            ]
            for what, change, shows in steps:
                check_pages.evaluate(browser, session, "window.factmarkMark = 1")
                change()
                try:
                    took = until(browser, session, shows, what)
                    # The page's own script reloaded it (the mark is gone),
                    # at the scroll position it had.
                    mark = check_pages.evaluate(browser, session, "window.factmarkMark === undefined")
                    until(browser, session, f"Math.abs(window.scrollY - {scrolled}) <= 2",
                          f"{what}: the scroll position kept ({scrolled})")
                    print(f"ok: {what}: shown {took:.2f}s after the edit"
                          f"{'' if mark else ' (without a reload?)'}")
                    if not mark:
                        failures.append(f"{what}: the page changed without reloading")
                    if "overlay" in what and "away" not in what and args.shots:
                        args.shots.mkdir(parents=True, exist_ok=True)
                        check_pages.evaluate(browser, session, "window.scrollTo(0, 0)")
                        check_pages.settle(browser, session)
                        shot = browser.send("Page.captureScreenshot", {"format": "png"},
                                            session=session, timeout=60)
                        (args.shots / "serve-overlay.png").write_bytes(base64.b64decode(shot["data"]))
                        check_pages.evaluate(browser, session, f"window.scrollTo(0, {scrolled})")
                except AssertionError as e:
                    failures.append(str(e))
            reloads = sum(1 for e in browser.events if e.get("method") == "Page.frameNavigated")
            print(f"the page reloaded itself {reloads - navigations} times; the test never navigated")
        finally:
            browser.close()
            server.close()
        if failures:
            print(server.output(), file=sys.stderr)
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
