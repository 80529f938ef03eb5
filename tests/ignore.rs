//! End-to-end tests of `ignore:` entries: sentences that state no claim
//! (bylines, credit lines, captions, labels). They anchor as annotations do,
//! count as handled for coverage, are listed by `check --format json`, are
//! recorded by `accept`, and never appear on the page.
//!
//! Each test writes a small article and annotation file into a temporary
//! folder and runs the real binary there, with relative paths, so messages
//! and snapshots do not depend on where the repository lives. Snapshots
//! (`tests/snapshots/ignore__*.snap`) are made with
//! `INSTA_UPDATE=always cargo test --test ignore`; read every changed
//! `.snap` before keeping it.

use std::fs;
use std::path::Path;

mod common;

use common::{Run, run};
use serde_json::{Value, json};

/// Two claims and a photo caption, each a sentence of its own that states
/// a number or a date, so that each is check-worthy whatever the model's
/// threshold. No heading: whether a label is check-worthy is the model's
/// business, not these tests'.
const ARTICLE: &str = "\
On December 25, 2024, Azerbaijan Airlines flight 8243 crashed near Aktau.

The ministry said 38 of the 67 people on board died.

Photo: the wreckage of flight 8243 near Aktau on December 26, 2024.
";

const HEAD: &str = "article: article.md\nreviewed: 2025-11-25\n";

/// The annotations of the two claims.
const ANNOTATIONS: &str = "\
annotations:
  - quote: \"Azerbaijan Airlines flight 8243 crashed\"
    verdict: supported
    sources:
      - url: https://example.org/crash
  - quote: \"38 of the 67 people on board died\"
    verdict: supported
    sources:
      - url: https://example.org/toll
";

/// A temporary folder with `article.md` (`ARTICLE`) and `review.yaml`
/// (`yaml`), whose policy turns off the warning for entries that record no
/// sentence id: these tests write their entries without ids, and what
/// recording them does is `tests/editing.rs`'s business.
fn project(yaml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("article.md"), ARTICLE).expect("write the article");
    fs::write(tmp.path().join("review.yaml"), yaml).expect("write the annotations");
    fs::write(
        tmp.path().join("factmark.yaml"),
        "policy:\n  severity:\n    factmark::anchor::unrecorded: off\n",
    )
    .expect("write the policy");
    tmp
}

/// The article's sentences, as `sentences --format json` lists them.
fn sentences(dir: &Path) -> Vec<Value> {
    let run = run(dir, &["sentences", "article.md", "--format", "json"]);
    run.expect_code(0);
    run.stdout_json()
        .as_array()
        .expect("a list of sentences")
        .clone()
}

/// The id of the sentence that holds `text`.
fn id_of(sentences: &[Value], text: &str) -> String {
    sentences
        .iter()
        .find(|s| s["text"].as_str().is_some_and(|t| t.contains(text)))
        .and_then(|s| s["id"].as_str())
        .unwrap_or_else(|| panic!("no sentence holds {text:?}: {sentences:#?}"))
        .to_owned()
}

/// The one file of a `check --format json` report.
fn file_report(run: &Run) -> Value {
    let report = run.stdout_json();
    let files = report["files"].as_array().expect("`files` is an array");
    assert_eq!(files.len(), 1, "{report:#}");
    files[0].clone()
}

/// The codes of a file's diagnostics in a JSON report.
fn codes(file: &Value) -> Vec<&str> {
    file["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array")
        .iter()
        .map(|d| d["code"].as_str().expect("`code` is a string"))
        .collect()
}

/// The human report's block for the first finding with `code`: from its
/// code line to the next finding.
fn block<'a>(report: &'a str, code: &str) -> &'a str {
    let start = report
        .find(&format!("{code}\n"))
        .unwrap_or_else(|| panic!("no {code} in:\n{report}"));
    let rest = &report[start..];
    let end = rest.find("\n\nfactmark::").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

/// Snapshots `value` as `name`, describing how it was made.
fn snapshot(name: &str, description: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_prepend_module_to_snapshot(true);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

#[test]
fn an_ignored_sentence_counts_as_handled_for_coverage() {
    let tmp = project(&format!("{HEAD}{ANNOTATIONS}"));
    let all = sentences(tmp.path());
    let caption = all
        .iter()
        .find(|s| s["text"].as_str().is_some_and(|t| t.starts_with("Photo:")))
        .expect("the caption is a sentence");
    assert_eq!(
        caption["checkworthy"], true,
        "the test needs a check-worthy caption: {caption:#}"
    );

    // The caption is the one check-worthy sentence left unannotated...
    let before = run(
        tmp.path(),
        &["check", "review.yaml", "--min-coverage", "100"],
    );
    before.expect_code(1);
    assert!(
        before.stderr.contains("factmark::coverage::below-minimum"),
        "{}",
        before.stderr
    );
    assert!(
        before.stderr.contains("Photo: the wreckage"),
        "{}",
        before.stderr
    );

    // ...until the editor says it states no claim.
    let yaml = format!(
        "{HEAD}{ANNOTATIONS}ignore:\n  - quote: \"Photo: the wreckage\"\n    reason: photo caption\n"
    );
    fs::write(tmp.path().join("review.yaml"), &yaml).expect("write");
    let after = run(
        tmp.path(),
        &["check", "review.yaml", "--min-coverage", "100"],
    );
    after.expect_code(0);
    assert_eq!(after.stderr, "", "no finding is left");
    let checkworthy = all.iter().filter(|s| s["checkworthy"] == true).count();
    assert_eq!(
        after.stdout,
        format!(
            "review.yaml: 2 annotations, 1 ignored, coverage 100% ({checkworthy} of {checkworthy} check-worthy sentences), 0 errors, 0 warnings\n"
        )
    );
    let json = run(
        tmp.path(),
        &[
            "check",
            "review.yaml",
            "--format",
            "json",
            "--min-coverage",
            "100",
        ],
    );
    json.expect_code(0);
    let file = file_report(&json);
    assert_eq!(file["coverage"], 100.0);
    assert_eq!(file["annotated"], file["checkworthy"]);
    // An ignore entry is no verdict.
    assert_eq!(file["verdicts"], json!({"supported": 2}));
}

#[test]
fn an_ignored_sentence_that_states_no_claim_is_fine_too() {
    // A question is no claim, so ignoring it changes nothing but the list.
    let tmp = project(&format!(
        "{HEAD}{ANNOTATIONS}  - quote: \"Photo: the wreckage\"\n    verdict: opinion\n"
    ));
    fs::write(
        tmp.path().join("article.md"),
        format!("{ARTICLE}\nWhat happened next?\n"),
    )
    .expect("write");
    let question = sentences(tmp.path())
        .into_iter()
        .find(|s| s["text"] == "What happened next?")
        .expect("the question is a sentence");
    assert_eq!(question["checkworthy"], false, "{question:#}");
    let without = run(tmp.path(), &["check", "review.yaml", "--format", "json"]);
    let mut yaml = fs::read_to_string(tmp.path().join("review.yaml")).expect("read");
    yaml.push_str("ignore:\n  - quote: What happened next?\n    reason: a question\n");
    fs::write(tmp.path().join("review.yaml"), yaml).expect("write");
    let with = run(tmp.path(), &["check", "review.yaml", "--format", "json"]);
    with.expect_code(without.code);
    let (mut without, mut with) = (file_report(&without), file_report(&with));
    assert_eq!(with["ignored"][0]["state"], "anchored", "{with:#}");
    assert_eq!(without["ignored"], json!([]));
    for report in [&mut without, &mut with] {
        report["ignored"] = Value::Null;
    }
    assert_eq!(with, without);
}

#[test]
fn check_json_lists_every_ignore_entry() {
    let yaml = format!(
        "{HEAD}{ANNOTATIONS}\
ignore:
  - quote: \"Photo: the wreckage\"
    reason: photo caption
  - quote: \"near Aktau\"
    reason: ambiguous on purpose
  - quote: \"the people on board\"
    reason: orphaned on purpose
  - quote: \"The ministry said\"
    sentence: s-00000000
    reason: changed on purpose
"
    );
    let tmp = project(&yaml);
    let all = sentences(tmp.path());
    let caption = id_of(&all, "Photo: the wreckage");
    let ministry = id_of(&all, "The ministry said");
    let run = run(tmp.path(), &["check", "review.yaml", "--format", "json"]);
    run.expect_code(1);
    let file = file_report(&run);
    // Every field the report had before is still there.
    for key in [
        "annotations",
        "article",
        "sentences",
        "checkworthy",
        "annotated",
        "coverage",
        "verdicts",
        "diagnostics",
    ] {
        assert!(file.get(key).is_some(), "no `{key}` in {file:#}");
    }
    assert_eq!(
        file["ignored"],
        json!([
            {
                "quote": "Photo: the wreckage",
                "reason": "photo caption",
                "sentence": caption,
                "state": "anchored",
                "line": 13,
                "column": 5
            },
            {
                "quote": "near Aktau",
                "reason": "ambiguous on purpose",
                "sentence": null,
                "state": "ambiguous",
                "line": 15,
                "column": 5
            },
            {
                "quote": "the people on board",
                "reason": "orphaned on purpose",
                "sentence": null,
                "state": "orphaned",
                "line": 17,
                "column": 5
            },
            {
                "quote": "The ministry said",
                "reason": "changed on purpose",
                "sentence": ministry,
                "state": "changed",
                "line": 19,
                "column": 5
            }
        ]),
        "{file:#}"
    );
    // The findings are the annotations' own, pointing at the entries' YAML.
    let found: Vec<(String, String, u64, u64)> = file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == "review.yaml")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
            )
        })
        .collect();
    let expected = [
        (
            "factmark::anchor::ambiguous",
            "the quote of ignore entry 2, \"near Aktau\", occurs 2 times: article.md:1:63, article.md:5:36"
                .to_owned(),
            15,
            12,
        ),
        (
            "factmark::anchor::orphaned",
            "the quote of ignore entry 3, \"the people on board\", occurs nowhere in the article"
                .to_owned(),
            17,
            12,
        ),
        (
            "factmark::anchor::changed",
            format!(
                "the sentence of ignore entry 4, \"The ministry said\", changed since it was reviewed (s-00000000 is now {ministry})"
            ),
            20,
            15,
        ),
    ];
    let expected: Vec<(String, String, u64, u64)> = expected
        .into_iter()
        .map(|(code, message, line, column)| (code.to_owned(), message, line, column))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_missing_reason_is_reported_with_its_own_code() {
    let yaml = format!(
        "{HEAD}{ANNOTATIONS}ignore:\n  - quote: \"Photo: the wreckage\"\n    sentence: s-00000000\n"
    );
    let tmp = project(&yaml);
    let human = run(tmp.path(), &["check", "review.yaml"]);
    human.expect_code(1);
    snapshot(
        "missing_reason",
        "factmark check review.yaml: an ignore entry without `reason`, stderr (its finding only)",
        block(&human.stderr, "factmark::store::missing-reason"),
    );

    let json = run(tmp.path(), &["check", "review.yaml", "--format", "json"]);
    json.expect_code(1);
    let file = file_report(&json);
    let found = file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "factmark::store::missing-reason")
        .unwrap_or_else(|| panic!("no missing-reason finding in {file:#}"))
        .clone();
    assert_eq!(found["severity"], "error");
    assert_eq!(found["file"], "review.yaml");
    assert_eq!(
        (found["line"].as_u64(), found["column"].as_u64()),
        (Some(13), Some(5))
    );
    // The entry still anchors (its sentence id is the stale one), and it is
    // listed without a reason.
    assert_eq!(file["ignored"][0]["reason"], Value::Null, "{file:#}");
    assert_eq!(file["ignored"][0]["state"], "changed", "{file:#}");

    // An empty reason is as good as none, and GitHub sees the same code.
    let yaml = format!(
        "{HEAD}{ANNOTATIONS}ignore:\n  - quote: \"Photo: the wreckage\"\n    reason: \"\"\n"
    );
    fs::write(tmp.path().join("review.yaml"), yaml).expect("write");
    let github = run(tmp.path(), &["check", "review.yaml", "--format", "github"]);
    github.expect_code(1);
    assert!(
        github.stdout.contains(
            "::error file=review.yaml,line=14,col=13,title=factmark%3A%3Astore%3A%3Amissing-reason::ignore entry 1 has an empty `reason`"
        ),
        "{}",
        github.stdout
    );
}

#[test]
fn an_unknown_key_in_an_ignore_entry_is_an_error() {
    let yaml = format!(
        "{HEAD}{ANNOTATIONS}ignore:\n  - quote: \"Photo: the wreckage\"\n    reason: photo caption\n    verdict: opinion\n"
    );
    let tmp = project(&yaml);
    let run = run(tmp.path(), &["check", "review.yaml", "--format", "json"]);
    run.expect_code(1);
    let file = file_report(&run);
    assert_eq!(codes(&file), ["factmark::store::unknown-key"], "{file:#}");
    let d = &file["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(15), Some(5))
    );
    assert_eq!(
        d["help"], "allowed keys here: quote, sentence, reason",
        "{d:#}"
    );
}

/// The `ClaimReview` items of a page's JSON-LD.
fn claim_reviews(page: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("a JSON-LD block") + open.len();
    let end = start + page[start..].find("</script>").expect("the block ends");
    let json: Value = serde_json::from_str(&page[start..end]).expect("JSON-LD parses");
    json.as_array().expect("a list of ClaimReviews").clone()
}

/// `page` without its coverage line, the one place where ignore entries
/// count.
fn without_coverage(page: &str) -> String {
    page.lines()
        .filter(|line| !line.starts_with("<p class=\"coverage\">"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_page_shows_no_ignore_entry() {
    let plain = format!("{HEAD}{ANNOTATIONS}");
    let tmp = project(&plain);
    let before = run(tmp.path(), &["render", "review.yaml"]);
    // The caption is unannotated: a warning, which does not stop a page.
    before.expect_code(0);
    let yaml =
        format!("{plain}ignore:\n  - quote: \"Photo: the wreckage\"\n    reason: photo caption\n");
    fs::write(tmp.path().join("review.yaml"), yaml).expect("write");
    let after = run(tmp.path(), &["render", "review.yaml"]);
    after.expect_code(0);
    let page = &after.stdout;

    let caption = id_of(&sentences(tmp.path()), "Photo: the wreckage");
    assert!(
        page.contains("Photo: the wreckage of flight 8243 near Aktau on December 26, 2024."),
        "the caption is on the page as the article has it"
    );
    assert!(!page.contains(&caption), "the caption is no claim: {page}");
    assert!(!page.contains("photo caption"), "the reason is not shown");
    assert!(
        !page.contains("<mark>Photo"),
        "the caption is not highlighted"
    );
    assert_eq!(
        claim_reviews(page).len(),
        2,
        "one ClaimReview per annotation"
    );
    assert_eq!(page.matches("class=\"claim ").count(), 2);
    assert!(page.contains("Coverage: <strong>100%</strong>"), "{page}");
    // Apart from coverage, the page is the page without the entry.
    assert_eq!(without_coverage(page), without_coverage(&before.stdout));
}

#[test]
fn accept_records_a_changed_ignore_entry_byte_exactly() {
    let yaml = format!(
        "{HEAD}{ANNOTATIONS}\
ignore:   # not claims
  # the caption
  - quote:   'Photo: the wreckage'    # as printed
    sentence: \"s-00000000\"   # stale
    reason: >-
      photo caption
"
    );
    let tmp = project(&yaml);
    let caption = id_of(&sentences(tmp.path()), "Photo: the wreckage");
    let check = run(tmp.path(), &["check", "review.yaml"]);
    check.expect_code(1);
    assert!(
        check.stderr.contains("factmark::anchor::changed"),
        "{}",
        check.stderr
    );
    let accepted = run(tmp.path(), &["accept", "review.yaml"]);
    accepted.expect_code(0);
    assert_eq!(
        accepted.stdout,
        "review.yaml: recorded 1 changed sentence id\n"
    );
    let after = fs::read_to_string(tmp.path().join("review.yaml")).expect("read");
    assert_eq!(
        after,
        yaml.replace("\"s-00000000\"", &format!("\"{caption}\""))
    );
    run(
        tmp.path(),
        &["check", "review.yaml", "--min-coverage", "100"],
    )
    .expect_code(0);
    // Nothing left to record: the file stays as it is.
    run(tmp.path(), &["accept", "review.yaml"]).expect_code(0);
    assert_eq!(
        fs::read_to_string(tmp.path().join("review.yaml")).expect("read"),
        after
    );
}
