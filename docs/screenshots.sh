#!/usr/bin/env bash
# The README's screenshots of the seed page: docs/page-desktop.png and
# docs/page-phone.png, made with the same headless Chromium as the browser
# tests (tests/browser/screenshot.py). Run it after a change to the page:
#
#   docs/screenshots.sh
#
# Needs chromium on PATH and Python 3; nothing is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null 2>&1 ||
    { echo "docs/screenshots.sh: chromium is not installed (apt-get install -y chromium)" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/factmark-shots.XXXXXX")
trap 'rm -rf "$work"' EXIT
cargo run --release --quiet -- render annotations/azerbaijan-russia.yaml -o "$work/azerbaijan-russia.html"
python3 tests/browser/screenshot.py "$work/azerbaijan-russia.html" docs
