#!/usr/bin/env python3
"""Screenshots of a reviewed page for the README, in headless Chromium.

    python3 tests/browser/screenshot.py PAGE.html OUT_DIR

writes OUT_DIR/page-desktop.png (1280 px wide: the header, the summary and
the first paragraphs with their notes in the margin) and OUT_DIR/page-phone.png
(390 px wide: the first claims, one note opened by its badge, as a reader
taps it). docs/screenshots.sh renders the seed page and calls this.

Drives Chromium over the DevTools protocol exactly as check_pages.py does
(it reuses its Browser class): no network, nothing downloaded.
"""

import base64
import pathlib
import shutil
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import check_pages  # noqa: E402


def shoot(browser, page, out, width, height, mobile, open_note=None, scroll_to=None):
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    try:
        for domain in ("Page", "Runtime"):
            browser.send(f"{domain}.enable", session=session)
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
                     session=session)
        browser.send("Emulation.setEmulatedMedia",
                     {"media": "screen", "features": [{"name": "prefers-color-scheme", "value": "light"}]},
                     session=session)
        browser.send("Page.navigate", {"url": page.resolve().as_uri()}, session=session)
        browser.wait_for(lambda e: e.get("sessionId") == session and e.get("method") == "Page.loadEventFired",
                         what="the page's load event")
        check_pages.settle(browser, session)
        if open_note and not check_pages.click(browser, session, f"#ref-{open_note}"):
            raise RuntimeError(f"the page has no badge #ref-{open_note}")
        if scroll_to:
            check_pages.evaluate(browser, session, f"""(() => {{
              const el = document.querySelector({scroll_to!r});
              if (el) window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - 16);
            }})()""")
            check_pages.settle(browser, session)
        shot = browser.send("Page.captureScreenshot", {"format": "png"}, session=session, timeout=60)
        out.write_bytes(base64.b64decode(shot["data"]))
        print(f"wrote {out} ({width}x{height})")
    finally:
        browser.send("Target.closeTarget", {"targetId": target})


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    page, out_dir = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="factmark-shots-") as profile:
        browser = check_pages.Browser(chromium, profile)
        try:
            browser.send("Browser.getVersion")
            shoot(browser, page, out_dir / "page-desktop.png", 1280, 1500, False)
            # The note of the second claim, opened in place under its badge.
            shoot(browser, page, out_dir / "page-phone.png", 390, 844, True, open_note=2,
                  scroll_to=".body")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
