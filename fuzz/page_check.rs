//! What a reviewed page must never contain, whatever the article and the
//! annotation file hold: the property the `page` fuzz target asserts
//! ([`check_article`]), shared with `tests/fuzz_regressions.rs`,
//! `tests/hardening_page.rs` and `tests/properties.rs` (through `#[path]`)
//! so a kept input is judged exactly as it was fuzzed.
//!
//! The checks read the page as factmark writes it: every attribute value in
//! double quotes, and all text escaped, so `"` never occurs inside a value
//! and ` id="` never occurs in text.

use std::collections::HashMap;
use std::path::Path;

use factmark::render::{self, IndexEntry, PageOptions};
use factmark::segment::Sentence;
use factmark::{anchor, coverage, markup, segment, store};

/// Whether the HTML standard forbids `c` in a document (the Nu HTML Checker
/// reports each as a "forbidden code point"): a control character other than
/// tab, line feed and carriage return (form feed, which HTML allows, is
/// counted too: a page has no use for it), or a noncharacter.
pub fn forbidden(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// The values of every `NAME="…"` attribute in `page` whose value starts with
/// `prefix`, with `prefix` taken off.
fn attributes<'p>(page: &'p str, name: &str, prefix: &str) -> Vec<&'p str> {
    let open = format!(" {name}=\"{prefix}");
    page.match_indices(&open)
        .map(|(at, _)| {
            let rest = &page[at + open.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

/// Every element id of `page`, in order.
pub fn ids(page: &str) -> Vec<&str> {
    attributes(page, "id", "")
}

/// Everything wrong with `page`, one line each; empty for a good page:
/// - a forbidden character, raw anywhere in the page;
/// - an id given to two elements;
/// - a footnote reference linking to no element;
/// - JSON-LD that does not parse, or a `ClaimReview` whose `url` names no
///   element of the page.
pub fn problems(page: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (at, c) in page.char_indices().filter(|&(_, c)| forbidden(c)) {
        problems.push(format!("raw U+{:04X} at byte {at}", u32::from(c)));
    }
    let mut count: HashMap<&str, usize> = HashMap::new();
    for id in ids(page) {
        *count.entry(id).or_default() += 1;
    }
    let mut twice: Vec<_> = count.iter().filter(|(_, n)| **n > 1).collect();
    twice.sort();
    for (id, n) in twice {
        problems.push(format!("id {id:?} given {n} times"));
    }
    let footnote_links =
        page.match_indices("<sup class=\"fnref\"><a href=\"#")
            .map(|(at, open)| {
                let rest = &page[at + open.len()..];
                &rest[..rest.find('"').unwrap_or(rest.len())]
            });
    for target in footnote_links {
        if !count.contains_key(target) {
            problems.push(format!("footnote link to #{target}, which no element has"));
        }
    }
    if let Some(json) = json_ld(page) {
        match serde_json::from_str::<serde_json::Value>(json) {
            Ok(items) => {
                for item in items.as_array().into_iter().flatten() {
                    let url = item["url"].as_str().unwrap_or_default();
                    let fragment = url.rsplit_once('#').map_or("", |(_, f)| f);
                    if !count.contains_key(fragment) {
                        problems.push(format!("ClaimReview url {url:?} names no element"));
                    }
                }
            }
            Err(e) => problems.push(format!("the JSON-LD does not parse: {e}")),
        }
    }
    problems
}

/// The problems of the index page: its forbidden characters and repeated
/// ids, prefixed with "the index:".
fn problems_of_index(index: &str) -> Vec<String> {
    problems(index)
        .into_iter()
        .map(|p| format!("the index: {p}"))
        .collect()
}

/// The JSON-LD block of `page`, if it has one.
fn json_ld(page: &str) -> Option<&str> {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open)? + open.len();
    let end = start + page[start..].find("</script>")?;
    Some(&page[start..end])
}

/// `text` as a YAML double-quoted scalar: every character YAML does not
/// allow raw (controls, DEL, C1, noncharacters, BOM) written as an escape,
/// so it reaches the annotation file's values as it is.
pub fn yaml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ' '..='~' => out.push(c),
            c if u32::from(c) >= 0xA0 && !forbidden(c) && c != '\u{FEFF}' => out.push(c),
            c => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

/// Up to `len` bytes of `text` from `start` (wrapped), widened to characters.
fn cut(text: &str, start: usize, len: usize) -> &str {
    if text.is_empty() {
        return "";
    }
    let mut a = start % text.len();
    while !text.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (a + len).min(text.len());
    while !text.is_char_boundary(b) {
        b += 1;
    }
    &text[a..b]
}

/// The annotation file the `page` target makes for the article `source`,
/// whose sentences are `sentences`, with `options`: bits 0-1 annotate every
/// sentence (0 and 1), every other or every third one; bit 2 gives the file a
/// title cut from the article. Each annotated sentence is quoted whole, with
/// its id, a note, sometimes a correction, and a source whose title and
/// publisher are cut from the article, control characters and all.
pub fn annotation_file(options: u8, source: &str, sentences: &[Sentence]) -> String {
    let vocabulary = store::Vocabulary::standard();
    let names: Vec<&str> = vocabulary.iter().map(|v| v.name()).collect();
    let step = usize::from(options & 3).max(1);
    let mut yaml = String::from("article: article.md\nreviewed: 2026-01-01\n");
    if options & 4 != 0 {
        yaml.push_str(&format!("title: {}\n", yaml_string(cut(source, 0, 40))));
    }
    yaml.push_str(&format!(
        "reviewers: [{}]\nannotations:\n",
        yaml_string(cut(source, 7, 12))
    ));
    if sentences.is_empty() {
        yaml.push_str("  []\n");
    }
    for (i, sentence) in sentences.iter().enumerate().step_by(step) {
        yaml.push_str(&format!(
            "  - quote: {}\n    sentence: {}\n    verdict: {}\n    note: {}\n",
            yaml_string(&sentence.text),
            sentence.id,
            // `misdated` needs dates the sentence may not have: the others.
            names[i % names.len()].replace("misdated", "false"),
            yaml_string(cut(source, sentence.start + 1, 24)),
        ));
        if i % 2 == 0 {
            yaml.push_str(&format!(
                "    correction: {}\n",
                yaml_string(cut(source, sentence.end, 16))
            ));
        }
        yaml.push_str(&format!(
            "    sources:\n      - url: https://example.org/{}\n        title: {}\n        publisher: {}\n",
            i % 3,
            yaml_string(cut(source, i, 20)),
            yaml_string(cut(source, i * 7, 10)),
        ));
    }
    yaml
}

/// The problems of the page, and of the index page, of the article `source`
/// with the [`annotation_file`] of `options`, its raw HTML sanitised when
/// bit 3 of `options` is set and escaped otherwise.
pub fn check_article(options: u8, source: &str) -> Vec<String> {
    let article = markup::parse(source);
    let sentences = segment::segment(&article);
    let yaml = annotation_file(options, source, &sentences);
    let (set, _) = store::parse(&yaml, Path::new("annotations/fuzz.yaml"));
    let Some(set) = set else {
        return vec![format!(
            "the annotation file made from the article does not load:\n{yaml}"
        )];
    };
    let review = anchor::anchor(article, sentences, set);
    let coverage = coverage::measure(&review);
    let page = render::page(
        &review,
        &coverage,
        &PageOptions {
            page_url: "fuzz.html".into(),
            organisation: None,
            allow_raw_html: options & 8 != 0,
        },
    );
    let mut problems = problems(&page);
    let index = render::index(
        &[IndexEntry::new(
            &review,
            coverage,
            "fuzz.html".into(),
            "fuzz.html".into(),
        )],
        &review.set.vocabulary,
    );
    problems.extend(problems_of_index(&index));
    problems
}
