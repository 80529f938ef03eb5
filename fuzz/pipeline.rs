//! The pipeline the `load_and_anchor` fuzz target runs, shared with
//! `tests/fuzz_regressions.rs` so a kept input is replayed exactly as it was
//! fuzzed.
//!
//! The input is split at NUL bytes: the article's Markdown, then the
//! annotation file's YAML, then (after a second NUL, if any) the
//! `factmark.yaml` configuration. Without a NUL, all of it is the annotation
//! file and the article is empty. Every part is read as UTF-8 with invalid
//! bytes replaced, since the CLI refuses files that are not UTF-8 before any
//! parsing.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use factmark::config::{self, Config};
use factmark::render::{self, IndexEntry, PageOptions};
use factmark::report::{self, Style};
use factmark::{anchor, coverage, markup, project, segment, store};

/// The parts of one fuzz input: article, annotation file, configuration.
pub fn parts(data: &[u8]) -> (Cow<'_, str>, Cow<'_, str>, Option<Cow<'_, str>>) {
    let mut parts = data.splitn(3, |&b| b == 0);
    let first = parts.next().unwrap_or_default();
    let (article, yaml) = match parts.next() {
        Some(yaml) => (first, yaml),
        None => (&[][..], first),
    };
    (
        String::from_utf8_lossy(article),
        String::from_utf8_lossy(yaml),
        parts.next().map(String::from_utf8_lossy),
    )
}

/// Runs the pipeline on one fuzz input; returns every finding.
pub fn run_input(data: &[u8]) -> Vec<factmark::Diagnostic> {
    let (article, yaml, config) = parts(data);
    run(&article, &yaml, config.as_deref())
}

/// What `project::load_config` and `project::review_file_with` do, with the
/// files' text given, followed by what `check`, `build` and `accept` do with
/// the result.
fn run(article_source: &str, yaml: &str, config_source: Option<&str>) -> Vec<factmark::Diagnostic> {
    let file = Path::new("annotations/fuzz.yaml");
    // An empty `FileReview` without naming its fields: an empty file name is
    // refused before the file system is touched.
    let mut result = project::review_file(Path::new(""));
    result.file = file.to_path_buf();
    result.diagnostics.clear();

    let config = match config_source {
        None => Config::default(),
        Some(text) => {
            let path = Path::new(config::FILE_NAME);
            match config::parse(text, path) {
                Ok(config) => config,
                Err(findings) => {
                    let mut sources = BTreeMap::new();
                    sources.insert(path.to_path_buf(), text.to_owned());
                    let _ = report::human(&findings, &sources, Style::Plain, 80);
                    Config::default()
                }
            }
        }
    };

    let (set, findings) = store::parse_with(yaml, file, &config.vocabulary);
    result.sources.insert(file.to_path_buf(), yaml.to_owned());
    result.diagnostics.extend(findings);
    if let Some(set) = set {
        let article = markup::parse(article_source);
        let sentences = segment::segment(&article);
        result
            .sources
            .insert(set.article.value.clone(), article_source.to_owned());
        let review = anchor::anchor(article, sentences, set);
        let coverage = coverage::measure(&review);
        result.diagnostics.extend(review.findings.iter().cloned());
        result.diagnostics.extend(coverage.findings.iter().cloned());
        if let Some(d) = coverage.below(100.0, &review) {
            result.diagnostics.push(d);
        }
        result.diagnostics = config.policy.apply(std::mem::take(&mut result.diagnostics));
        // `build`: the page, the index, the feed and claims.json.
        let options = PageOptions {
            page_url: "fuzz.html".into(),
            organisation: None,
            allow_raw_html: article_source.len() & 1 == 0,
        };
        let page = render::page(&review, &coverage, &options);
        let mut claims = render::Claims::new(Vec::new());
        let _ = claims.push(render::claim_reviews_of(&page));
        let _ = claims.finish();
        let entries = [IndexEntry::new(
            &review,
            coverage.clone(),
            "fuzz.html".into(),
            "fuzz.html".into(),
        )];
        let _ = render::index(&entries, &config.vocabulary);
        let _ = render::feed(&entries, &config.vocabulary, None);
        // `accept --requote`: record the missing and stale ids, and requote
        // the edited sentences.
        let records = review.records(true);
        let _ = store::apply_edits(yaml, &review.edits(&records));
        result.review = Some(review);
        result.coverage = Some(coverage);
    }
    // `check`: every report format.
    let _ = report::human(&result.diagnostics, &result.sources, Style::Plain, 80);
    let _ = report::github(&result.diagnostics);
    let results = [result];
    let _ = report::json(&results, false);
    let _ = report::markdown(&results);
    let [result] = results;
    result.diagnostics
}
