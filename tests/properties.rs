//! Property tests of the library pipeline (proptest).
//!
//! Each property runs on arbitrary Unicode input and on generated input that
//! looks like what factmark is for: news prose with abbreviations, decimals
//! and typographic quotes, and Markdown with the usual block and inline
//! constructs (and CRLF line endings). The invariants are those of the
//! contract in DESIGN.md:
//!
//! - `segment::split`: ranges are ordered, disjoint, in bounds, on character
//!   boundaries, non-empty and trimmed, and together they cover every
//!   non-space character of the text in order;
//! - `markup::parse` + `segment::segment`: never panic, sentence spans are in
//!   bounds, on boundaries, in source order (and should not overlap), and
//!   `line`/`column` are those of `diagnostic::line_column`;
//! - sentence ids: `s-` + 8 hex digits (+ `-N` for repeats), unique, stable;
//! - `fold::fold_with_map`: the map points every folded character back at the
//!   raw character it came from; `fold::squash_space` is splitting on white
//!   space and joining with one space;
//! - rendering without annotations changes no text;
//! - quotes copied from a sentence anchor to that sentence;
//! - `store::parse` never panics, whatever the YAML.
//!
//! Failure persistence is off (no regression files are written next to the
//! tests); minimal failing inputs found so far are kept as plain `#[test]`s at
//! the end of the file. `PROPTEST_CASES=5000 cargo test --release --test
//! properties` runs a longer hunt.

use std::collections::HashSet;
use std::path::Path;

// Shared with the `page` fuzz target; not every helper is used here.
#[allow(dead_code)]
#[path = "../fuzz/page_check.rs"]
mod page_check;

use factmark::anchor::{self, AnchorState};
use factmark::diagnostic::{codes, line_column};
use factmark::render::{self, PageOptions};
use factmark::store::AnnotationSet;
use factmark::{coverage, fold, markup, segment, store};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config;

// ---------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------

/// `cases` cases, or `PROPTEST_CASES` from the environment for a longer hunt.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        // A few per cent of generated articles offer no usable quote.
        max_global_rejects: cases.max(1024),
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------

/// Words of news prose, including the abbreviations, initials, decimals and
/// quotes that a sentence splitter must get right.
const WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "on",
    "Monday",
    "that",
    "prices",
    "rose",
    "in",
    "Baku",
    "Moscow",
    "Russia",
    "Azerbaijan",
    "He",
    "She",
    "It",
    "The",
    "They",
    "But",
    "And",
    "Meanwhile",
    "a",
    "report",
    "by",
    "Reuters",
    "according",
    "to",
    "officials",
    "Mr.",
    "Mrs.",
    "Dr.",
    "Gen.",
    "St.",
    "Sen.",
    "Prof.",
    "U.S.",
    "U.K.",
    "E.U.",
    "p.m.",
    "a.m.",
    "e.g.",
    "i.e.",
    "etc.",
    "Inc.",
    "Co.",
    "Ltd.",
    "Jr.",
    "Jan.",
    "Dec.",
    "Sept.",
    "No.",
    "p.",
    "vs.",
    "J.",
    "R.",
    "Ph.D.",
    "OBOZ.ua",
    "example.org",
    "3.5",
    "2.1",
    "2024",
    "2022",
    "25",
    "38",
    "67",
    "1,200",
    "5",
    "$3.5",
    "40%",
    "8243",
    "December",
    "25,",
    "“no”",
    "“no.”",
    "‘yes’",
    "\"quoted\"",
    "'single'",
    "(aside)",
    "(It",
    "was.)",
    "[sic]",
    "…",
    "...",
    "?",
    "!",
    "?!",
    "—",
    "-",
    "Aktau",
    "über",
    "naïve",
    "Zürich",
    "東京",
    "😀",
    "İstanbul",
    "ΣΑΣ",
    "x",
    "I",
];

/// What goes between words: mostly a space, sometimes an end of sentence,
/// a line break or exotic white space.
const SEPARATORS: &[&str] = &[
    " ", " ", " ", " ", " ", " ", "  ", ", ", ". ", ". ", "? ", "! ", "… ", ".” ", "?” ", ".) ",
    ".\" ", ".' ", "\n", "\t", "\u{a0}", "\u{2003}", "\u{3000}", "\r\n", ".\n", ". \n", "",
];

/// A few arbitrary characters.
fn odd_chars(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("\\PC{{0,{max}}}")).expect("a valid character pattern")
}

/// News-like prose: words and separators, with the odd arbitrary character.
fn news_text() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        8 => (select(WORDS), select(SEPARATORS)).prop_map(|(w, s)| format!("{w}{s}")),
        1 => odd_chars(3),
        1 => "[ \\t\\n.?!…\"'“”‘’()]{1,3}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|parts| parts.concat())
}

/// Text for `split`: arbitrary Unicode, news prose, or a soup of the
/// characters that matter to it.
fn split_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        news_text(),
        "[ a.?!A\\n\u{a0}\u{3000}…“”\"'()]{0,30}",
    ]
}

/// Entities and near-entities (`&nbsp;` decodes to U+00A0).
const ENTITIES: &[&str] = &[
    "&amp; ", "&quot;", "&#8212;", "&#x201C;", "&nbsp;", "&#160;", "&bogus; ", "&",
];

/// One inline element of Markdown.
fn inline() -> impl Strategy<Value = String> {
    let word = select(WORDS);
    prop_oneof![
        12 => (word.clone(), select(SEPARATORS)).prop_map(|(w, s)| format!("{w}{s}")),
        1 => word.clone().prop_map(|w| format!("*{w}* ")),
        1 => word.clone().prop_map(|w| format!("**{w} more** ")),
        1 => word.clone().prop_map(|w| format!("_{w}_ ")),
        1 => word.clone().prop_map(|w| format!("`{w}` ")),
        1 => word.clone().prop_map(|w| format!("``a ` {w}`` ")),
        1 => word.clone().prop_map(|w| format!("`{w}. The {w}.` ")),
        1 => word.clone().prop_map(|w| format!("`{w}. The\n{w}.` ")),
        1 => word.clone().prop_map(|w| format!("~~{w}~~ ")),
        1 => word.clone().prop_map(|w| format!("[{w}](https://example.org/{w}) ")),
        1 => word.clone().prop_map(|w| format!("[{w} *x*](<a b> \"t\") ")),
        1 => word.clone().prop_map(|w| format!("![{w}](i.png) ")),
        1 => word.clone().prop_map(|w| format!("<https://x.org/{w}> ")),
        1 => select(ENTITIES).prop_map(str::to_owned),
        1 => select(&["\\*", "\\_", "\\. ", "\\\\", "\\[", "\\&amp;"][..]).prop_map(str::to_owned),
        1 => select(&["<b>", "</b> ", "<span class=\"x\">", "<!-- c -->"][..]).prop_map(str::to_owned),
        1 => select(&["[^1] ", "[^note]. ", "[^a.b] ", "[^a-b] ", "[^A.B]. "][..]).prop_map(str::to_owned),
        1 => select(&["\0", "\u{1}", "\u{1b}", "\u{c}", "\u{7f}", "\u{85}", "\u{fdd0}", "\u{fffe}", "&#0;", "&#1;", "&#x9f;"][..]).prop_map(str::to_owned),
        1 => select(&["  \n", "\\\n", "\n", "\n   "][..]).prop_map(str::to_owned),
        1 => odd_chars(2),
    ]
}

/// A run of inline Markdown, a paragraph's worth.
fn inlines(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(inline(), 1..max).prop_map(|parts| parts.concat())
}

/// One block of Markdown.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => inlines(30),
        1 => (1..=7usize, inlines(8)).prop_map(|(n, t)| format!("{} {}", "#".repeat(n), t.replace('\n', " "))),
        1 => inlines(8).prop_map(|t| format!("{}\n===", t.replace('\n', " "))),
        1 => prop::collection::vec(inlines(6), 1..4).prop_map(|items| {
            items.iter().map(|i| format!("- {}\n", i.replace('\n', " "))).collect()
        }),
        1 => prop::collection::vec(inlines(6), 1..4).prop_map(|items| {
            items.iter().enumerate().map(|(n, i)| format!("{}. {}\n\n", n + 3, i.replace('\n', " "))).collect()
        }),
        1 => (inlines(6), inlines(6)).prop_map(|(a, b)| format!("- {}\n  - {}\n    > {}", a.replace('\n', " "), b.replace('\n', " "), a.replace('\n', " "))),
        1 => inlines(12).prop_map(|t| format!("> {}", t.replace('\n', "\n> "))),
        1 => odd_chars(40).prop_map(|t| format!("```rust\n{t}\n```")),
        1 => "[a-z .]{0,30}".prop_map(|t| format!("    {t}\n    more. code.")),
        1 => (inlines(4), inlines(4), inlines(4)).prop_map(|(a, b, c)| {
            let cell = |s: String| s.replace(['\n', '|'], " ");
            format!("| {} | {} |\n|---|:-:|\n| {} | x |\n| y", cell(a), cell(b), cell(c))
        }),
        1 => (select(&["1", "note", "a.b", "a-b", "A.B"][..]), inlines(6)).prop_map(|(label, t)| {
            format!("[^{label}]: {}\n\n    Second. paragraph.", t.replace('\n', " "))
        }),
        1 => Just("<div>\nRaw. HTML. <b>block</b>\n</div>".to_owned()),
        1 => Just("---".to_owned()),
        1 => Just("[ref]: https://example.org \"Title\"".to_owned()),
        1 => Just("- [ ] task. Done.\n- [x] other".to_owned()),
    ]
}

/// A Markdown article: blocks, blank lines, line ends LF, CRLF or CR (old
/// Mac), and sometimes a byte-order mark.
fn markdown() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(block(), 0..8),
        select(&["\n\n", "\n\n\n", "\n \n", "\n"][..]),
        select(&["\n", "\n", "\r\n", "\r"][..]),
        any::<bool>(),
    )
        .prop_map(|(blocks, sep, eol, bom)| {
            let md = blocks.join(sep).replace('\n', eol);
            if bom { format!("\u{feff}{md}") } else { md }
        })
}

/// Words for plain paragraphs: letters, digits and punctuation that is not
/// Markdown syntax anywhere in a line.
const PLAIN_WORDS: &[&str] = &[
    "the",
    "minister",
    "said",
    "Monday",
    "prices",
    "rose",
    "Baku",
    "Russia",
    "He",
    "She",
    "It",
    "Mr.",
    "Dr.",
    "U.S.",
    "p.m.",
    "3.5",
    "2024",
    "40%",
    "one,",
    "two;",
    "three:",
    "(aside)",
    "“no.”",
    "‘yes’",
    "\"quoted\"",
    "'single'",
    "don't",
    "über",
    "東京",
    "ok?",
    "now!",
    "end.",
    "etc.",
    "Inc.",
    "e.g.",
    "…",
    "x",
    "$5",
    "5,000",
    "co-op",
    "a/b",
    "Zürich",
];

/// Plain Markdown paragraphs: every line starts with a letter, nothing is
/// markup. Returns the paragraphs as written (joined by blank lines later).
fn plain_paragraphs() -> impl Strategy<Value = Vec<String>> {
    let line = (
        "[A-Za-z]{1,8}",
        prop::collection::vec(select(PLAIN_WORDS), 0..12),
        select(&["", " ", "  ", "\t"][..]),
    )
        .prop_map(|(first, words, trailing)| {
            let mut line = first;
            for w in words {
                line.push(' ');
                line.push_str(w);
            }
            line.push_str(trailing);
            line
        });
    let paragraph = prop::collection::vec(line, 1..4).prop_map(|lines| lines.join("\n"));
    prop::collection::vec(paragraph, 1..6)
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Whether `c` is one of the typographic quotes that fold to `straight`.
fn folds_to(c: char, straight: char) -> bool {
    match straight {
        '"' => matches!(
            c,
            '"' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}'
        ),
        '\'' => matches!(
            c,
            '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}'
        ),
        _ => c == straight,
    }
}

/// A well-formed sentence id: `s-` + 8 lowercase hex digits, optionally
/// `-N` with N a decimal number.
fn is_sentence_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("s-") else {
        return false;
    };
    let (hex, suffix) = match rest.split_once('-') {
        Some((hex, n)) => (hex, Some(n)),
        None => (rest, None),
    };
    hex.len() == 8
        && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && suffix.is_none_or(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// An empty annotation set for a dummy article.
fn empty_set() -> AnnotationSet {
    let (set, findings) = store::parse(
        "article: x.md\nreviewed: 2025-01-01\n",
        Path::new("dummy/x.yaml"),
    );
    assert!(findings.is_empty(), "{findings:?}");
    set.expect("a minimal annotation file parses")
}

/// The HTML of the page's `<div class="body">`, without the div itself.
fn body_html(page: &str) -> &str {
    let open = "<div class=\"body\">";
    let start = page.find(open).expect("the page has a body") + open.len();
    let end = page[start..]
        .find("</div>")
        .map(|i| start + i)
        .expect("the body closes");
    &page[start..end]
}

/// Text content of an HTML fragment: tags removed, entities decoded.
fn text_of(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Checks every sentence invariant of `segment` on `source`.
fn check_sentences(source: &str) -> Result<Vec<segment::Sentence>, TestCaseError> {
    let article = markup::parse(source);
    let sentences = segment::segment(&article);
    let mut previous_start = 0;
    for (i, s) in sentences.iter().enumerate() {
        prop_assert!(
            s.start <= s.end && s.end <= source.len(),
            "sentence {i} {:?}: span {}..{} out of bounds ({} bytes)",
            s.text,
            s.start,
            s.end,
            source.len()
        );
        prop_assert!(
            source.is_char_boundary(s.start) && source.is_char_boundary(s.end),
            "sentence {i} {:?}: span {}..{} not on char boundaries",
            s.text,
            s.start,
            s.end
        );
        prop_assert!(
            s.start >= previous_start,
            "sentence {i} {:?} starts at {} before the previous one at {previous_start}",
            s.text,
            s.start
        );
        previous_start = s.start;
        prop_assert_eq!(
            (s.line, s.column),
            line_column(source, s.start),
            "sentence {} {:?} at byte {}",
            i,
            &s.text,
            s.start
        );
        prop_assert!(!s.text.is_empty());
        prop_assert_eq!(fold::fold(&s.text), fold::fold(&fold::fold(&s.text)));
        prop_assert!(s.block < article.blocks.len());
        let block = &article.blocks[s.block];
        prop_assert!(s.range.start <= s.range.end && s.range.end <= block.text.len());
        prop_assert_eq!(
            fold::fold(&s.text),
            fold::fold(&block.text[s.range.clone()]),
            "sentence text is its block range"
        );
    }
    Ok(sentences)
}

/// Checks the sentence-id invariants on `source`.
fn check_ids(source: &str) -> Result<(), TestCaseError> {
    let first = segment::segment(&markup::parse(source));
    let second = segment::segment(&markup::parse(source));
    prop_assert_eq!(&first, &second, "segmenting is deterministic");
    let mut seen = HashSet::new();
    let mut repeats: std::collections::HashMap<String, usize> = Default::default();
    for s in &first {
        prop_assert!(is_sentence_id(&s.id), "bad id {:?} for {:?}", s.id, s.text);
        prop_assert!(seen.insert(s.id.clone()), "duplicate id {:?}", s.id);
        let base = segment::sentence_id(&fold::fold(&s.text));
        let n = repeats.entry(base.clone()).or_insert(0);
        *n += 1;
        let expected = if *n == 1 { base } else { format!("{base}-{n}") };
        prop_assert_eq!(&s.id, &expected, "id of {:?}", &s.text);
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// segment::split
// ---------------------------------------------------------------------------

fn check_split(text: &str) -> Result<(), TestCaseError> {
    let ranges = segment::split(text);
    let mut previous_end = 0;
    // The folded sentences, joined by one space where white space separates
    // them and by nothing where a boundary is glued ("world.Today").
    let mut joined = String::new();
    for r in &ranges {
        prop_assert!(r.start < r.end, "empty range {r:?} in {text:?}: {ranges:?}");
        prop_assert!(r.end <= text.len(), "{r:?} out of bounds in {text:?}");
        prop_assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{r:?} not on char boundaries in {text:?}"
        );
        prop_assert!(
            r.start >= previous_end,
            "{r:?} overlaps or precedes the previous range in {text:?}: {ranges:?}"
        );
        let gap = &text[previous_end..r.start];
        prop_assert!(
            gap.chars().all(char::is_whitespace),
            "non-space text {gap:?} between sentences in {text:?}: {ranges:?}"
        );
        if !joined.is_empty() && !gap.is_empty() {
            joined.push(' ');
        }
        previous_end = r.end;
        let s = &text[r.clone()];
        prop_assert_eq!(s, s.trim(), "untrimmed sentence {:?} in {:?}", s, text);
        joined.push_str(&fold::fold(s));
    }
    let tail = &text[previous_end..];
    prop_assert!(
        tail.chars().all(char::is_whitespace),
        "non-space text {tail:?} after the last sentence in {text:?}: {ranges:?}"
    );
    prop_assert_eq!(
        joined,
        fold::fold(text),
        "sentences do not cover the text; ranges {:?}",
        ranges
    );
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn split_ranges_are_ordered_trimmed_and_cover_the_text(text in split_input()) {
        check_split(&text)?;
    }
}

// ---------------------------------------------------------------------------
// markup::parse + segment::segment
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn segment_positions_hold_on_arbitrary_strings(source in any::<String>()) {
        check_sentences(&source)?;
    }

    #[test]
    fn segment_positions_hold_on_news_prose(source in news_text()) {
        check_sentences(&source)?;
    }

    #[test]
    fn segment_positions_hold_on_markdown(source in markdown()) {
        check_sentences(&source)?;
    }

    /// Sentences do not overlap: each span ends before the next begins.
    #[test]
    fn sentence_spans_do_not_overlap(source in markdown()) {
        let sentences = check_sentences(&source)?;
        for pair in sentences.windows(2) {
            prop_assert!(
                pair[0].end <= pair[1].start,
                "{:?} at {}..{} overlaps {:?} at {}..{}",
                pair[0].text, pair[0].start, pair[0].end, pair[1].text, pair[1].start, pair[1].end
            );
        }
    }

    /// Without markup, a sentence's source span is exactly its text (after
    /// folding): markup and segmenting lose and invent nothing.
    #[test]
    fn plain_sentence_spans_are_their_text(paragraphs in plain_paragraphs(), crlf in any::<bool>()) {
        let mut source = paragraphs.join("\n\n");
        if crlf {
            source = source.replace('\n', "\r\n");
        }
        let sentences = check_sentences(&source)?;
        for s in &sentences {
            prop_assert_eq!(
                fold::fold(&source[s.start..s.end]),
                fold::fold(&s.text),
                "span {}..{}", s.start, s.end
            );
        }
        let article = markup::parse(&source);
        let blocks: Vec<String> = article.blocks.iter().map(|b| fold::fold(&b.text)).collect();
        let sources: Vec<String> = paragraphs.iter().map(|p| fold::fold(p)).collect();
        prop_assert_eq!(blocks, sources);
    }
}

// ---------------------------------------------------------------------------
// Sentence ids
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn sentence_ids_are_well_formed_unique_and_stable(source in prop_oneof![
        any::<String>(),
        news_text(),
        markdown(),
    ]) {
        check_ids(&source)?;
    }

    /// Repeated paragraphs exercise the `-2`, `-3` suffixes.
    #[test]
    fn repeated_sentences_get_numbered_ids(text in news_text(), times in 1..5usize) {
        let source = vec![text; times].join("\n\n");
        check_ids(&source)?;
    }
}

// ---------------------------------------------------------------------------
// fold::fold_with_map
// ---------------------------------------------------------------------------

fn check_fold_map(raw: &str) -> Result<(), TestCaseError> {
    let (folded, map) = fold::fold_with_map(raw);
    prop_assert_eq!(&folded, &fold::fold(raw));
    prop_assert_eq!(map.len(), folded.len() + 1);
    prop_assert!(
        map.windows(2).all(|w| w[0] <= w[1]),
        "map decreases: {map:?}"
    );
    prop_assert!(
        map.iter()
            .all(|&m| m <= raw.len() && raw.is_char_boundary(m))
    );
    prop_assert_eq!(map[folded.len()], raw.trim_end().len());
    prop_assert!(!folded.starts_with(' ') && !folded.ends_with(' ') && !folded.contains("  "));
    for (at, c) in folded.char_indices() {
        // Every byte of one folded character comes from the same raw byte.
        let from = map[at];
        prop_assert!((at..at + c.len_utf8()).all(|k| map[k] == from));
        let original = raw[from..].chars().next();
        prop_assert!(original.is_some(), "folded {c:?} maps past the end");
        let original = original.unwrap_or_default();
        if c == ' ' {
            prop_assert!(original.is_whitespace(), "space maps to {original:?}");
        } else {
            prop_assert!(
                folds_to(original, c),
                "folded {c:?} at {at} maps to raw {original:?} at {from}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn fold_map_points_back_at_the_raw_characters(raw in prop_oneof![
        any::<String>(),
        news_text(),
        "[ \\t\\n\u{a0}\u{2003}a“”‘’„‟″′‚‛\"'é]{0,30}",
    ]) {
        check_fold_map(&raw)?;
    }

    /// Folding white space alone is splitting on it and joining with one
    /// space, whichever shortcut the text allows.
    #[test]
    fn squashing_is_splitting_on_white_space(raw in prop_oneof![
        any::<String>(),
        news_text(),
        "[ \t\n\u{85}\u{a0}\u{1680}\u{2003}\u{3000}a“—ሀあé]{0,30}",
    ]) {
        let reference = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert_eq!(fold::squash_space(&raw), reference);
    }
}

// ---------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------

proptest! {
    #![proptest_config(config(256))]

    /// With no annotations the page's body is the article's text, unchanged.
    #[test]
    fn rendering_without_annotations_changes_no_text(paragraphs in plain_paragraphs(), crlf in any::<bool>()) {
        let mut source = paragraphs.join("\n\n");
        if crlf {
            source = source.replace('\n', "\r\n");
        }
        let article = markup::parse(&source);
        let blocks = article.blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join(" ");
        let sentences = segment::segment(&article);
        let review = anchor::anchor(article, sentences, empty_set());
        prop_assert!(review.bindings.is_empty() && review.findings.is_empty());
        let cov = coverage::measure(&review);
        prop_assert!(cov.annotated == 0 && cov.checkworthy <= cov.sentences);
        let page = render::page(&review, &cov, &PageOptions::default());
        let shown = text_of(body_html(&page));
        prop_assert_eq!(fold::fold(&shown), fold::fold(&blocks));
    }

    /// A quote copied from a sentence that occurs once anchors to that
    /// sentence, and its range in the block text is the quote.
    #[test]
    fn quotes_copied_from_sentences_anchor_there(
        paragraphs in plain_paragraphs(),
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0..4usize, 1..6usize, any::<bool>()), 1..6),
    ) {
        let source = paragraphs.join("\n\n");
        let article = markup::parse(&source);
        let sentences = segment::segment(&article);
        prop_assume!(!sentences.is_empty());
        let all: Vec<String> = sentences.iter().map(|s| fold::fold(&s.text)).collect();
        let mut yaml = String::from("article: x.md\nreviewed: 2025-01-01\nannotations:\n");
        let mut expected = Vec::new();
        for (index, skip, take, record_id) in picks {
            let i = index.index(sentences.len());
            let words: Vec<&str> = all[i].split(' ').collect();
            let skip = skip.min(words.len() - 1);
            let quote = words[skip..(skip + take).min(words.len())].join(" ");
            let occurrences: usize = all.iter().map(|t| t.matches(quote.as_str()).count()).sum();
            if occurrences != 1 || expected.iter().any(|(q, _, _)| *q == quote) {
                continue;
            }
            let json = serde_json::to_string(&quote).map_err(|e| TestCaseError::fail(e.to_string()))?;
            yaml.push_str(&format!("  - quote: {json}\n    verdict: opinion\n"));
            if record_id {
                yaml.push_str(&format!("    sentence: {}\n", sentences[i].id));
            }
            expected.push((quote, i, record_id));
        }
        prop_assume!(!expected.is_empty());
        let (set, findings) = store::parse(&yaml, Path::new("dummy/x.yaml"));
        prop_assert!(findings.is_empty(), "{yaml}\n{findings:?}");
        let set = set.ok_or_else(|| TestCaseError::fail("no set"))?;
        let review = anchor::anchor(article, sentences, set);
        // Warnings only: for each quote that records no id, and for quotes
        // that overlap (all `opinion`).
        let unrecorded = expected.iter().filter(|(_, _, recorded)| !recorded).count();
        prop_assert!(
            review.findings.iter().all(|d| !d.is_error() && (d.code == codes::UNRECORDED || d.code == codes::OVERLAP)),
            "{:?}",
            review.findings
        );
        prop_assert_eq!(review.findings.iter().filter(|d| d.code == codes::UNRECORDED).count(), unrecorded);
        prop_assert_eq!(review.bindings.len(), expected.len());
        for (binding, (quote, sentence, _)) in review.bindings.iter().zip(&expected) {
            prop_assert_eq!(review.states[binding.annotation], AnchorState::Anchored);
            prop_assert_eq!(binding.sentence, *sentence);
            let s = &review.sentences[binding.sentence];
            prop_assert!(s.range.start <= binding.quote.start && binding.quote.end <= s.range.end);
            let block = &review.article.blocks[s.block];
            prop_assert_eq!(&fold::fold(&block.text[binding.quote.clone()]), quote);
        }
        let cov = coverage::measure(&review);
        prop_assert!(cov.annotated <= cov.checkworthy && cov.checkworthy <= cov.sentences);
        prop_assert!((0.0..=100.0).contains(&cov.coverage));
        // Rendering with annotations keeps the text too.
        let page = render::page(&review, &cov, &PageOptions::default());
        let body = text_of(body_html(&page));
        for (quote, _, _) in &expected {
            prop_assert!(fold::fold(&body).contains(quote.as_str()), "{quote:?} not on the page");
        }
    }
}

/// Checks `page_check`'s property on the page of `source`, rendered with
/// options of the `page` fuzz target that cover each of its choices.
fn check_page(source: &str) -> Result<(), TestCaseError> {
    // Every sentence, every other and every third; with a title and
    // without; raw HTML escaped and sanitised.
    for options in [0, 6, 11, 13] {
        let problems = page_check::check_article(options, source);
        prop_assert!(problems.is_empty(), "options {options}: {problems:#?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    /// Whatever the article and the annotation texts hold, the page has no
    /// forbidden character and no id twice, every footnote link and every
    /// ClaimReview names an element of the page.
    #[test]
    fn pages_have_no_forbidden_character_and_no_id_twice(source in prop_oneof![
        any::<String>(),
        markdown(),
    ]) {
        check_page(&source)?;
    }
}

// ---------------------------------------------------------------------------
// store::parse
// ---------------------------------------------------------------------------

const VALID_YAML: &[&str] = &[
    "article: x.md\nreviewed: 2025-01-01\n",
    "# yaml-language-server: $schema=factmark.schema.json
article: ../seeds/a.md
title: \"Flight 8243 & the <b>record</b>\"
published: 2025-07-22
reviewed: 2025-11-25
reviewers: [Desk editor, 'Second']
annotations:
  - quote: \"Azerbaijan Airlines flight 8243 crashed\"
    sentence: s-3f9a2c1b
    verdict: misdated
    claimed: 2022-12-25
    corrected: 2024-12-25
    note: The crash happened on 25 December 2024.
    sources:
      - url: https://en.wikipedia.org/wiki/Azerbaijan_Airlines_Flight_8243
        title: Azerbaijan Airlines Flight 8243
        publisher: Wikipedia
        date: 2024-12-26
  - quote: '38 of the 67 people on board died'
    verdict: supported
    sources:
      - url: http://example.org
  - quote: >-
      Kazakhstan led
      the investigation
    verdict: partly-supported
    note: |
      Kazakhstan led it.
      With others.
    correction: Kazakhstan led a joint investigation.
    sources: [{url: \"https://example.org/report?a=1&b=2\", date: 2024-12}]
  - quote: “That was a shameful silence.”
    verdict: opinion
",
    // Plain block style, as editors and `init` write it: the fast reader's.
    "# A plain review.
article: ../seeds/a.md   # the article
title: 'It''s the \"record\" year'
author: Ilham Aliyev
published: 2025-07
reviewed: 2025-11-25
reviewers: [Desk editor, Jane Roe]
annotations:
  - quote: \"flight 8243 crashed\"
    sentence: s-3f9a2c1b
    verdict: misdated
    claimed: 2022-12-25
    corrected: 2024-12-25
    note: The crash happened on 25 December 2024.   # checked twice
    sources:
      - url: https://en.wikipedia.org/wiki/Azerbaijan_Airlines_Flight_8243
        title: Azerbaijan Airlines Flight 8243
        publisher: Wikipedia
        date: 2024-12-26
      - url: 'https://example.org/a#b'

  -   quote: 38 of the 67 people on board died
      verdict: false
      note: Official records show 38 of 67; the count is right.
      sources:
      - url: http://example.org/c
  - quote: Kazakhstan led the investigation
    verdict: opinion
",
];

/// Characters that matter to YAML, and a few that matter to UTF-8 handling.
const YAML_CHARS: &[&str] = &[
    ":",
    "-",
    " ",
    "  ",
    "\n",
    "\r\n",
    "\t",
    "\"",
    "'",
    "{",
    "}",
    "[",
    "]",
    ",",
    "&a",
    "*a",
    "!",
    "!!str ",
    "|",
    ">",
    "#",
    "%",
    "@",
    "`",
    "?",
    "---\n",
    "...\n",
    "\\",
    "é",
    "“",
    "😀",
    "\u{feff}",
    "\0",
    "~",
    "null",
    "2025-13-45",
    "s-zz",
    "verdict: ",
    "quote: ",
    "- ",
    "<<: *a\n",
];

/// One edit of a YAML text, at a position taken modulo its length.
#[derive(Debug, Clone)]
enum Edit {
    Insert(prop::sample::Index, String),
    Delete(prop::sample::Index, usize),
    DuplicateLine(prop::sample::Index),
    SwapLines(prop::sample::Index, prop::sample::Index),
    Indent(prop::sample::Index, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let payload = prop_oneof![
        4 => select(YAML_CHARS).prop_map(str::to_owned),
        1 => "\\PC{1,4}",
    ];
    prop_oneof![
        any::<prop::sample::Index>()
            .prop_flat_map(move |i| payload.clone().prop_map(move |p| Edit::Insert(i, p))),
        (any::<prop::sample::Index>(), 1..8usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        any::<prop::sample::Index>().prop_map(Edit::DuplicateLine),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>())
            .prop_map(|(a, b)| Edit::SwapLines(a, b)),
        (any::<prop::sample::Index>(), 0..6usize).prop_map(|(i, n)| Edit::Indent(i, n)),
    ]
}

/// The char boundary at or before `at`.
fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, edit: &Edit) {
    let len = text.len().max(1);
    match edit {
        Edit::Insert(i, payload) => {
            let at = floor_boundary(text, i.index(len + 1));
            text.insert_str(at, payload);
        }
        Edit::Delete(i, n) => {
            let start = floor_boundary(text, i.index(len));
            let end = floor_boundary(text, start + n);
            text.replace_range(start..end, "");
        }
        Edit::DuplicateLine(i) | Edit::Indent(i, _) | Edit::SwapLines(i, _) => {
            let mut lines: Vec<String> = text.split('\n').map(str::to_owned).collect();
            let a = i.index(lines.len());
            match edit {
                Edit::DuplicateLine(_) => {
                    let line = lines[a].clone();
                    lines.insert(a, line);
                }
                Edit::Indent(_, n) => lines[a].insert_str(0, &" ".repeat(*n)),
                Edit::SwapLines(_, j) => {
                    let b = j.index(lines.len());
                    lines.swap(a, b);
                }
                _ => {}
            }
            *text = lines.join("\n");
        }
    }
}

fn check_store(source: &str) -> Result<(), TestCaseError> {
    let (set, findings) = store::parse(source, Path::new("dummy/notes.yaml"));
    if set.is_none() {
        prop_assert!(!findings.is_empty(), "no set and no finding for {source:?}");
    }
    for d in &findings {
        prop_assert!(!d.message.is_empty());
        if let Some(span) = &d.span {
            prop_assert!(span.start <= span.end, "{d:?}");
        }
    }
    if let Some(set) = set {
        for a in &set.annotations {
            prop_assert!(a.quote.span.offset <= source.len());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn store_parse_never_panics_on_arbitrary_strings(source in prop_oneof![
        any::<String>(),
        "[a-z:\\- \\n\"'\\[\\]{}#&*!|>]{0,80}",
    ]) {
        check_store(&source)?;
    }

    #[test]
    fn store_parse_never_panics_on_mutated_yaml(
        base in select(VALID_YAML),
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        let mut source = base.to_owned();
        for e in &edits {
            apply(&mut source, e);
        }
        check_store(&source)?;
    }
}

proptest! {
    #![proptest_config(config(1024))]

    /// The fast YAML reader either leaves a file to serde-saphyr or reads
    /// exactly what serde-saphyr reads: same text, same places.
    #[test]
    fn the_fast_yaml_reader_reads_like_serde_saphyr(
        base in select(VALID_YAML),
        edits in prop::collection::vec(edit(), 0..4),
    ) {
        let mut source = base.to_owned();
        for e in &edits {
            apply(&mut source, e);
        }
        prop_assert!(store::readers_agree(&source), "the readers differ on:\n{}", source);
    }

    #[test]
    fn the_fast_yaml_reader_reads_like_serde_saphyr_on_any_text(source in prop_oneof![
        any::<String>(),
        "[a-z:\\- \\n\"'\\[\\]{}#&*!|>0-9.]{0,80}",
    ]) {
        prop_assert!(store::readers_agree(&source), "the readers differ on:\n{}", source);
    }
}

/// Plain block YAML, as editors and `init` write it, takes the fast path.
#[test]
fn plain_block_yaml_takes_the_fast_path() {
    let fast = VALID_YAML.iter().filter(|y| store::fast_accepts(y)).count();
    assert!(
        fast >= 2,
        "only {fast} of the valid documents were read fast"
    );
    let generated = factmark::corpus::article(7, 120);
    assert!(store::fast_accepts(&generated.yaml));
    assert!(store::readers_agree(&generated.yaml));
}

/// The unmutated documents are valid, so the mutation test starts from
/// meaningful YAML.
#[test]
fn the_yaml_seeds_are_valid() {
    for yaml in VALID_YAML {
        let (set, findings) = store::parse(yaml, Path::new("dummy/x.yaml"));
        assert!(set.is_some(), "{yaml}");
        assert!(findings.is_empty(), "{yaml}\n{findings:#?}");
    }
}

// ---------------------------------------------------------------------------
// Minimal failing inputs the properties above found (all fixed since)
// ---------------------------------------------------------------------------

/// `check_split` as a plain test: panics with the failed invariant.
fn assert_split(text: &str) {
    if let Err(e) = check_split(text) {
        panic!("{text:?}: {e}");
    }
}

/// Finding the token before a `.` or `)` (for inline list markers) once
/// stepped one byte past the white space before it, into a multi-byte space
/// (U+00A0, U+2003, U+3000 …), and panicked on the slice. In Markdown,
/// `&nbsp;` was enough.
#[test]
fn split_survives_multi_byte_space_before_a_stop_or_paren() {
    assert_split("\u{a0}.\n");
    assert_split("\u{a0})\n");
    assert_split("the\u{3000}Mr. the ");
    // The same through the whole segmenter, from Markdown.
    for source in [
        "the\u{a0}Mr. the ",
        "&nbsp;*Mr.* the ",
        "Prices rose&nbsp;3. The end.",
    ] {
        if let Err(e) = check_sentences(source) {
            panic!("{source:?}: {e}");
        }
    }
}

/// The spaced-ellipsis rule ("compounds. . . . The") cut one and two bytes
/// after the word's full stop, assuming a space there: after `.…` the cut
/// fell inside `…` and the slice panicked.
#[test]
fn split_survives_an_ellipsis_character_after_a_full_stop() {
    assert_split("a.… ... B");
}

/// The same rule after `..` skipped the second full stop, which then
/// belonged to no sentence ("a.", "... B"): text was lost.
#[test]
fn split_keeps_every_full_stop_before_a_spaced_ellipsis() {
    assert_split("a.. ... B");
    assert_split("x.. . . The end.");
}

/// A title never ends a sentence ("Dr. Smith"), but the rule for glued
/// sentences ("world.Today") once split "Mr.Smith".
#[test]
fn a_title_glued_to_a_name_is_no_sentence_end() {
    for text in [
        "Mr.Smith said so.",
        "Dr.Jones left early.",
        "Gen.Petraeus spoke.",
    ] {
        let ranges = segment::split(text);
        assert_eq!(ranges, vec![0..text.len()], "{text:?}");
    }
}

/// The source map of an inline code span was not verbatim (its source
/// range ran to the closing backticks), so every text offset inside it
/// mapped to the span's start. No sentence ends inside code, but the
/// sentence after it must still start where it does.
#[test]
fn sentences_after_inline_code_point_at_their_own_start() {
    for source in ["`the. Mr. Smith.` Next.", "`One. Two.` Next."] {
        let sentences = segment::segment(&markup::parse(source));
        assert_eq!(sentences.len(), 2, "{source:?}: {sentences:?}");
        let second = &sentences[1];
        assert!(
            sentences[0].end <= second.start,
            "{source:?}: {sentences:?}"
        );
        let at = source.rfind("Next").unwrap_or(0);
        assert_eq!(second.start, at, "{source:?}: {second:?}");
        assert_eq!((second.line, second.column), (1, at + 1), "{source:?}");
    }
}

/// A line break inside an inline code span becomes a space in the text, so
/// the span's source map is no longer verbatim: the sentences after it must
/// still point at their own start.
#[test]
fn sentences_after_wrapped_inline_code_point_at_their_own_start() {
    for source in [
        "`One.\nTwo.` Four.",
        "`One.\r\nTwo.` Four.",
        "Say `One. Two\nthree.` now. Four.",
    ] {
        let sentences = check_sentences(source).unwrap_or_else(|e| panic!("{source:?}: {e}"));
        assert_eq!(sentences.len(), 2, "{source:?}: {sentences:?}");
        let last = sentences.last().expect("sentences");
        let at = source.rfind("Four").unwrap_or(0);
        assert_eq!(last.start, at, "{source:?}: {sentences:?}");
    }
}
