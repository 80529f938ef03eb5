//! Anchoring driven hard: the article is free text, but the annotation file is
//! built from a structure, so that its quotes are mostly real pieces of the
//! article (cut anywhere, across sentences and markup, with their white space
//! and quotes re-folded), its sentence ids mostly real or one digit off, and
//! its `misdated` dates mostly dates the article states. The YAML is then
//! loaded, anchored, measured and rendered like `load_and_anchor` does.
//!
//! Only a panic, a hang or runaway memory is a bug.
#![no_main]

use std::path::Path;

use factmark::render::{self, PageOptions};
use factmark::report::{self, Style};
use factmark::{anchor, coverage, dates, markup, project, segment, store};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    article: String,
    title: Option<String>,
    annotations: Vec<Entry>,
}

#[derive(Debug, Arbitrary)]
struct Entry {
    quote: Quote,
    sentence: Option<(u8, Option<u8>)>,
    verdict: u8,
    claimed: Option<DateRef>,
    corrected: Option<DateRef>,
    note: Option<String>,
    correction: Option<String>,
    sources: u8,
}

#[derive(Debug, Arbitrary)]
enum Quote {
    /// Bytes `start..start + len` of the article, widened to characters.
    Cut {
        start: u16,
        len: u8,
        respace: bool,
        curl: bool,
    },
    /// The text of sentence `index` (of the sentences found), or a part of it.
    Sentence { index: u8, skip: u8, len: u8 },
    /// Anything.
    Free(String),
}

#[derive(Debug, Arbitrary)]
enum DateRef {
    /// The `index`th date found in the article.
    Found(u8),
    /// Year, month, day as given (not always a real date).
    Given(u16, u8, u8),
}

fuzz_target!(|input: Input| run(input));

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

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

fn run(input: Input) {
    let article = markup::parse(&input.article);
    let sentences = segment::segment(&article);
    let found = dates::find_dates(&input.article);
    let vocabulary = store::Vocabulary::standard();
    let mut yaml = String::from("article: article.md\nreviewed: 2026-01-01\n");
    if let Some(title) = &input.title {
        yaml.push_str(&format!("title: {}\n", yaml_string(title)));
    }
    yaml.push_str("annotations:\n");
    for entry in &input.annotations {
        let quote = match &entry.quote {
            Quote::Cut {
                start,
                len,
                respace,
                curl,
            } => {
                let mut q = cut(&input.article, usize::from(*start), usize::from(*len)).to_owned();
                if *respace {
                    q = q.split_whitespace().collect::<Vec<_>>().join("\n  ");
                }
                if *curl {
                    q = q.replace('"', "\u{201c}").replace('\'', "\u{2019}");
                }
                q
            }
            Quote::Sentence { index, skip, len } => match sentences.len() {
                0 => String::new(),
                n => {
                    let text = &sentences[usize::from(*index) % n].text;
                    let len = if *len == 0 {
                        text.len()
                    } else {
                        usize::from(*len)
                    };
                    if *skip == 0 && len >= text.len() {
                        text.clone()
                    } else {
                        cut(text, usize::from(*skip), len).to_owned()
                    }
                }
            },
            Quote::Free(text) => text.clone(),
        };
        yaml.push_str(&format!("  - quote: {}\n", yaml_string(&quote)));
        if let Some((index, digit)) = entry.sentence
            && !sentences.is_empty()
        {
            let mut id = sentences[usize::from(index) % sentences.len()].id.clone();
            if let Some(d) = digit {
                // One hex digit off: the sentence "changed".
                let at = 2 + usize::from(d) % 8;
                if at < id.len() && id.is_char_boundary(at) && id.is_char_boundary(at + 1) {
                    let c = if &id[at..=at] == "0" { "1" } else { "0" };
                    id.replace_range(at..=at, c);
                }
            }
            yaml.push_str(&format!("    sentence: {}\n", yaml_string(&id)));
        }
        let names: Vec<&str> = vocabulary.iter().map(|v| v.name()).collect();
        let verdict = names[usize::from(entry.verdict) % names.len()];
        yaml.push_str(&format!("    verdict: {verdict}\n"));
        for (key, date) in [("claimed", &entry.claimed), ("corrected", &entry.corrected)] {
            let text = match date {
                None => continue,
                Some(DateRef::Found(i)) if !found.is_empty() => {
                    // As the article writes it ("April 25", "25 December 2024").
                    let range = found[usize::from(*i) % found.len()].range.clone();
                    input.article[range].to_owned()
                }
                Some(DateRef::Found(_)) => "2024-12-25".to_owned(),
                Some(DateRef::Given(y, m, d)) => match d % 3 {
                    0 => format!("{:04}", y % 10000),
                    1 => format!("{:04}-{:02}", y % 10000, m % 14),
                    _ => format!("{:04}-{:02}-{:02}", y % 10000, m % 14, d % 33),
                },
            };
            yaml.push_str(&format!("    {key}: {text}\n"));
        }
        if let Some(note) = &entry.note {
            yaml.push_str(&format!("    note: {}\n", yaml_string(note)));
        }
        if let Some(correction) = &entry.correction {
            yaml.push_str(&format!("    correction: {}\n", yaml_string(correction)));
        }
        if entry.sources > 0 {
            yaml.push_str("    sources:\n");
            for i in 0..entry.sources % 4 {
                yaml.push_str(&format!("      - url: https://example.org/{i}\n"));
            }
        }
    }
    let file = Path::new("annotations/fuzz.yaml");
    let (set, mut findings) = store::parse(&yaml, file);
    let Some(set) = set else {
        return;
    };
    let review = anchor::anchor(article, sentences, set);
    let coverage = coverage::measure(&review);
    findings.extend(review.findings.iter().cloned());
    findings.extend(coverage.findings.iter().cloned());
    let options = PageOptions {
        page_url: "fuzz.html".into(),
        organisation: None,
        allow_raw_html: input.annotations.len() & 1 == 1,
    };
    let _ = render::page(&review, &coverage, &options);
    let records = review.records(true);
    let _ = store::apply_edits(&yaml, &review.edits(&records));
    let mut result = project::review_file(Path::new(""));
    result.file = file.to_path_buf();
    result.diagnostics = findings;
    result.sources.insert(file.to_path_buf(), yaml.clone());
    result
        .sources
        .insert(review.set.article.value.clone(), input.article.clone());
    let _ = report::human(&result.diagnostics, &result.sources, Style::Plain, 80);
}
