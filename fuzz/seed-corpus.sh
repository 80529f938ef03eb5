#!/bin/sh
# Builds the seed corpus of `load_and_anchor` from the repository's own
# articles and annotation files: one input per annotation file, its article's
# Markdown, a NUL byte, then the YAML, and where the folder has a
# factmark.yaml, a second NUL byte and that configuration. Articles without an
# annotation file get a minimal one. Inputs kept in tests/fixtures/fuzz/ are
# copied as they are. Then the seeds of `page`: every article, after an
# options byte. Run from anywhere; writes fuzz/corpus/load_and_anchor/ and
# fuzz/corpus/page/.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
repo=$(dirname "$fuzz")
out="$fuzz/corpus/load_and_anchor"
mkdir -p "$out"
n=0
for yaml in "$repo"/annotations/*.yaml "$repo"/tests/fixtures/*/*.yaml \
    "$repo"/tests/browser/fixtures/*.yaml; do
    [ -f "$yaml" ] || continue
    [ "$(basename "$yaml")" = factmark.yaml ] && continue
    article=$(sed -n 's/^article:[[:space:]]*//p' "$yaml" | head -n 1 | tr -d "\"'")
    md="$(dirname "$yaml")/$article"
    [ -f "$md" ] || md=/dev/null
    name=$(echo "$yaml" | sed "s|^$repo/||; s|/|_|g")
    config="$(dirname "$yaml")/factmark.yaml"
    {
        cat "$md"
        printf '\0'
        cat "$yaml"
        if [ -f "$config" ]; then
            printf '\0'
            cat "$config"
        fi
    } > "$out/seed-$name"
    n=$((n + 1))
done
for md in "$repo"/tests/fixtures/*/*.md "$repo"/tests/fixtures/plain/*.txt; do
    [ -f "$md" ] || continue
    name=$(echo "$md" | sed "s|^$repo/||; s|/|_|g")
    { cat "$md"; printf '\0'; printf 'article: a.md\nreviewed: 2026-01-01\nannotations: []\n'; } \
        > "$out/seed-article-$name"
    n=$((n + 1))
done
for input in "$repo"/tests/fixtures/fuzz/*.bin; do
    [ -f "$input" ] || continue
    cp "$input" "$out/fixture-$(basename "$input")"
    n=$((n + 1))
done
echo "$n seeds in $out"

# The `page` target reads one article: an options byte, then the Markdown.
# Every article of the repository, and every kept input of `page`, is a
# seed, once with each option byte below (annotate every sentence; every
# other one, with a title and raw HTML allowed).
page="$fuzz/corpus/page"
mkdir -p "$page"
m=0
for md in "$repo"/seeds/*.md "$repo"/tests/fixtures/*/*.md "$repo"/tests/fixtures/fuzz/page/*.md \
    "$repo"/tests/browser/fixtures/*.md; do
    [ -f "$md" ] || continue
    name=$(echo "$md" | sed "s|^$repo/||; s|/|_|g")
    for options in 001 016; do
        { printf "\\$options"; cat "$md"; } > "$page/seed-$options-$name"
        m=$((m + 1))
    done
done
echo "$m seeds in $page"
