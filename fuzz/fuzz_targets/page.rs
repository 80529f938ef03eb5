//! Markdown → page, with a property: whatever the article holds (NUL and
//! other control characters, footnotes whose labels differ only in
//! punctuation or are defined twice, sentences whose ids collide, raw HTML),
//! the page has no forbidden character, no id twice, no footnote link to
//! nowhere, and JSON-LD whose every `url` names a claim on the page (see
//! `fuzz/page_check.rs`). The index page must have no forbidden character.
//!
//! The input is the article: its first byte picks the options, the rest is
//! the Markdown (invalid UTF-8 replaced). The annotation file is made from
//! the article so that most of its sentences are annotated (the whole
//! sentence quoted, its id recorded), with notes, corrections, titles and
//! publishers cut from the article, control characters and all: see
//! `page_check::check_article`.
#![no_main]

#[path = "../page_check.rs"]
mod page_check;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&options, article)) = data.split_first() else {
        return;
    };
    let article = String::from_utf8_lossy(article);
    let problems = page_check::check_article(options, &article);
    assert!(problems.is_empty(), "{problems:#?}");
});
