//! End-to-end tests of the `factmark` binary.
//!
//! Every test runs the real binary, with `NO_COLOR=1` and, where it can, with
//! the fixture folder as the working directory and relative paths, so that
//! messages and snapshots do not depend on where the repository lives.
//!
//! Fixtures live in `tests/fixtures/`:
//! - `broken/`: `article.md` and one annotation file per problem, named after it;
//! - `coverage/`: an article whose annotations cover half its claims;
//! - `render/`: a small article with one annotation per verdict style;
//! - `sentences/`, `plain/`, `init/`: articles for `sentences` and `init`;
//! - `folding/`: a quote that matches only after folding quotes and spaces.
//!
//! Tests marked `#[ignore = "bug: …"]` show bugs that are not fixed yet;
//! run them with `cargo test --test cli -- --ignored`.
//!
//! Snapshots (`tests/snapshots/`) are made with
//! `INSTA_UPDATE=always cargo test --test cli`; read every changed `.snap`
//! before keeping it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::{factmark, run};
use predicates::prelude::*;
use regex::Regex;
use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures(folder: &str) -> PathBuf {
    repo().join("tests/fixtures").join(folder)
}

/// A temporary copy of the repository layout: `seeds/` and `annotations/`.
fn repo_copy() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    for folder in ["seeds", "annotations"] {
        copy_dir(&repo().join(folder), &tmp.path().join(folder));
    }
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// Every file under `dir` (relative path → FNV-1a 64 of its bytes and its
/// length), skipping `skip` folders.
fn fingerprint(dir: &Path, skip: &[&str]) -> BTreeMap<PathBuf, (u64, usize)> {
    fn walk(base: &Path, dir: &Path, skip: &[&str], out: &mut BTreeMap<PathBuf, (u64, usize)>) {
        for entry in fs::read_dir(dir).expect("read folder") {
            let path = entry.expect("folder entry").path();
            let relative = path.strip_prefix(base).expect("inside base").to_path_buf();
            if path.is_dir() {
                if !skip.iter().any(|s| relative == Path::new(s)) {
                    walk(base, &path, skip, out);
                }
            } else {
                let bytes = fs::read(&path).expect("read file");
                let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
                });
                out.insert(relative, (hash, bytes.len()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, skip, &mut out);
    out
}

/// The text of every `<tag>…</tag>` element in `html` (tags not nested in
/// themselves).
fn elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start + open.len()..];
        let Some(end) = after.find(&close) else { break };
        found.push(&after[..end]);
        rest = &after[end + close.len()..];
    }
    found
}

/// The folding of the contract: white-space runs become one space,
/// typographic quotes straight ones.
fn fold(text: &str) -> String {
    let straight: String = text
        .chars()
        .map(|c| match c {
            '“' | '”' | '„' | '‟' | '″' => '"',
            '‘' | '’' | '‚' | '‛' | '′' => '\'',
            c => c,
        })
        .collect();
    straight.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The codes of every diagnostic of a `check --format json` report.
fn codes(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .expect("`files` is an array")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().expect("`diagnostics` array"))
        .map(|d| d["code"].as_str().expect("`code` is a string").to_owned())
        .collect()
}

/// The codes of a `check --format json` report on a fresh scaffold, less
/// the warnings for its sentences: a stub without its note covers nothing,
/// so each stub's sentence is listed as unannotated too (one per stub).
fn stub_findings(report: &Value) -> Vec<String> {
    let all = codes(report);
    let (unannotated, rest): (Vec<String>, Vec<String>) = all
        .into_iter()
        .partition(|c| c == "factmark::coverage::unannotated");
    assert_eq!(
        unannotated.len(),
        rest.len(),
        "one sentence per stub: {rest:?}"
    );
    rest
}

/// Snapshots `value` as `name`, describing how it was made.
fn snapshot(name: &str, description: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_prepend_module_to_snapshot(true);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

/// Checks broken fixture `yaml` (in `tests/fixtures/broken`): exit code 1,
/// a human report on stderr that carries `code` and points at
/// `[yaml:at]`, and a JSON report with the same finding at the same place.
/// Returns the human report and the JSON diagnostic.
fn broken(yaml: &str, code: &str, at: &str) -> (String, Value) {
    let dir = fixtures("broken");
    let human = run(&dir, &["check", yaml]);
    human.expect_code(1);
    assert!(
        human.stderr.contains(code),
        "no `{code}` in the report of {yaml}:\n{}",
        human.stderr
    );
    assert!(
        human.stderr.contains(&format!("[{yaml}:{at}]")),
        "the report of {yaml} does not point at [{yaml}:{at}]:\n{}",
        human.stderr
    );
    assert!(
        human.stdout.starts_with(&format!("{yaml}: ")),
        "no summary line for {yaml} on stdout:\n{}",
        human.stdout
    );
    // Every class of error has its report pinned.
    let stem = yaml.trim_end_matches(".yaml").replace('-', "_");
    snapshot(
        &format!("check_{stem}"),
        &format!("factmark check {yaml} (in tests/fixtures/broken), stderr"),
        &human.stderr,
    );

    let json = run(&dir, &["check", yaml, "--format", "json"]);
    json.expect_code(1);
    let report = json.stdout_json();
    assert_eq!(report["ok"], false);
    let (line, column) = at.split_once(':').expect("at is LINE:COL");
    let found = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in the JSON report of {yaml}:\n{report:#}"))
        .clone();
    assert_eq!(found["severity"], "error", "{found:#}");
    assert_eq!(found["file"], yaml, "{found:#}");
    assert_eq!(found["line"].to_string(), line, "{found:#}");
    assert_eq!(found["column"].to_string(), column, "{found:#}");
    (human.stderr, found)
}

fn number(value: &Value) -> usize {
    value
        .as_u64()
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or_else(|| panic!("{value} is not a count"))
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("{value} is not a string"))
}

// ---------------------------------------------------------------------------
// 1. build
// ---------------------------------------------------------------------------

#[test]
fn build_renders_the_seed_and_an_index() {
    let tmp = repo_copy();
    let run = run(tmp.path(), &["build"]);
    run.expect_code(0);
    assert!(
        run.stdout.contains("wrote site/azerbaijan-russia.html"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("wrote site/index.html"),
        "{}",
        run.stdout
    );

    let page = fs::read_to_string(tmp.path().join("site/azerbaijan-russia.html")).expect("page");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(
        elements(&page, "del")
            .iter()
            .any(|d| d.contains("December 25, 2022")),
        "the wrong date is not struck through"
    );
    assert!(
        elements(&page, "ins")
            .iter()
            .any(|i| i.contains("December 25, 2024")),
        "the right date is not inserted"
    );
    assert!(
        page.contains("application/ld+json"),
        "no ClaimReview JSON-LD"
    );

    let index = fs::read_to_string(tmp.path().join("site/index.html")).expect("index");
    assert!(index.contains("href=\"azerbaijan-russia.html\""), "{index}");

    // Atomic writes leave no temporary files behind.
    let mut written: Vec<_> = fs::read_dir(tmp.path().join("site"))
        .expect("site/")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .collect();
    written.sort();
    assert_eq!(
        written,
        [
            "azerbaijan-russia.html",
            "claims.json",
            "feed.xml",
            "index.html"
        ]
    );
}

#[test]
fn a_rebuild_leaves_unchanged_pages_alone() {
    let tmp = repo_copy();
    run(tmp.path(), &["build"]).expect_code(0);
    let page = tmp.path().join("site/azerbaijan-russia.html");
    let before = fs::metadata(&page)
        .and_then(|m| m.modified())
        .expect("mtime");
    let built = fs::read(&page).expect("page");
    // A file system with coarse timestamps would hide a rewrite.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = run(tmp.path(), &["build"]);
    again.expect_code(0);
    assert!(
        again
            .stdout
            .contains("unchanged site/azerbaijan-russia.html"),
        "{}",
        again.stdout
    );
    assert!(
        again.stdout.contains("unchanged site/index.html"),
        "{}",
        again.stdout
    );
    assert_eq!(
        fs::metadata(&page)
            .and_then(|m| m.modified())
            .expect("mtime"),
        before
    );
    assert_eq!(fs::read(&page).expect("page"), built);

    // A changed review is written again.
    let yaml = tmp.path().join("annotations/azerbaijan-russia.yaml");
    let text = fs::read_to_string(&yaml).expect("annotations");
    let retitled = text.replacen(
        "title: \"Azerbaijan",
        "title: \"A new title for Azerbaijan",
        1,
    );
    assert_ne!(retitled, text);
    fs::write(&yaml, retitled).expect("edit");
    let changed = run(tmp.path(), &["build"]);
    changed.expect_code(0);
    assert!(
        changed.stdout.contains("wrote site/azerbaijan-russia.html"),
        "{}",
        changed.stdout
    );
    assert!(
        fs::read_to_string(&page)
            .expect("page")
            .contains("A new title")
    );
}

#[test]
fn build_reports_a_page_it_cannot_write() {
    let tmp = repo_copy();
    // A file where the output folder should be: no page can be written.
    fs::write(tmp.path().join("blocked"), "not a folder").expect("file");
    let run = run(tmp.path(), &["build", "annotations", "--out", "blocked"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("factmark::io")
            && run
                .stderr
                .contains("blocked: cannot hold the pages: a file, not a folder"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("wrote"), "{}", run.stdout);
    assert_eq!(
        fs::read_to_string(tmp.path().join("blocked")).expect("file"),
        "not a folder"
    );
}

#[test]
fn build_writes_where_out_says() {
    let tmp = repo_copy();
    let run = run(
        tmp.path(),
        &["build", "annotations", "--out", "public/reviewed"],
    );
    run.expect_code(0);
    let page = tmp.path().join("public/reviewed/azerbaijan-russia.html");
    let index = tmp.path().join("public/reviewed/index.html");
    assert!(page.is_file(), "no page in --out:\n{}", run.stdout);
    assert!(index.is_file(), "no index in --out:\n{}", run.stdout);
    assert!(
        !tmp.path().join("site").exists(),
        "wrote to site/ despite --out"
    );
    let page = fs::read_to_string(page).expect("page");
    assert!(
        elements(&page, "del")
            .iter()
            .any(|d| d.contains("December 25, 2022"))
    );
}

#[test]
fn build_skips_an_unreadable_annotation_file_and_fails() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures("broken"), tmp.path());
    let run = run(tmp.path(), &["build", "yaml-syntax-error.yaml"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("factmark::store::yaml"),
        "{}",
        run.stderr
    );
    assert!(!tmp.path().join("site/yaml-syntax-error.html").exists());
    assert!(tmp.path().join("site/index.html").is_file());
}

// ---------------------------------------------------------------------------
// 2. check: the CI gate
// ---------------------------------------------------------------------------

#[test]
fn check_passes_on_the_shipped_annotations() {
    factmark(&repo())
        .args(["check", "annotations/azerbaijan-russia.yaml"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "annotations/azerbaijan-russia.yaml: ",
        ))
        .stdout(predicate::str::contains("coverage 100%"))
        .stdout(predicate::str::contains("0 errors"));
}

#[test]
fn check_defaults_to_the_annotations_folder() {
    let tmp = repo_copy();
    factmark(tmp.path())
        .arg("check")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(
            "annotations/azerbaijan-russia.yaml: ",
        ));
}

#[test]
fn check_json_has_the_documented_shape() {
    let run = run(&repo(), &["check", "annotations", "--format", "json"]);
    run.expect_code(0);
    let report = run.stdout_json();
    assert_eq!(report["ok"], true, "{report:#}");
    let files = report["files"].as_array().expect("`files` is an array");
    assert_eq!(files.len(), 1, "{report:#}");
    for file in files {
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
        assert_eq!(file["annotations"], "annotations/azerbaijan-russia.yaml");
        assert_eq!(file["article"], "seeds/azerbaijan-russia.md");
        assert_eq!(file["coverage"], 100.0);
        assert!(file["sentences"].as_u64() >= file["checkworthy"].as_u64());
        assert_eq!(file["annotated"], file["checkworthy"]);
        assert_eq!(file["verdicts"]["misdated"], 1, "{file:#}");
        assert_eq!(file["diagnostics"], serde_json::json!([]));
    }
}

#[test]
fn check_of_a_missing_file_is_a_usage_error_naming_it() {
    factmark(&fixtures("broken"))
        .args(["check", "no-such-file.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-file.yaml"))
        .stderr(predicate::str::contains("not found"))
        .stderr(predicate::str::contains("factmark::io"));
}

#[test]
fn check_github_format_prints_workflow_commands() {
    let run = run(
        &fixtures("broken"),
        &[
            "check",
            "--format",
            "github",
            "orphaned-quote.yaml",
            "unknown-key.yaml",
            "yaml-syntax-error.yaml",
            "ambiguous-quote.yaml",
        ],
    );
    run.expect_code(1);
    let command =
        Regex::new(r"^::(error|warning) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$").unwrap();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines.len() >= 4, "{}", run.stdout);
    for line in &lines {
        assert!(command.is_match(line), "not a workflow command: {line}");
    }
    let expect = [
        "::error file=orphaned-quote.yaml,line=5,col=12,title=factmark%3A%3Aanchor%3A%3Aorphaned::",
        "::error file=unknown-key.yaml,line=7,col=5,title=factmark%3A%3Astore%3A%3Aunknown-key::",
        "::error file=yaml-syntax-error.yaml,line=5,col=12,title=factmark%3A%3Astore%3A%3Ayaml::",
        "::error file=ambiguous-quote.yaml,line=5,col=12,title=factmark%3A%3Aanchor%3A%3Aambiguous::",
        "::warning file=article.md,line=2,col=1,title=factmark%3A%3Acoverage%3A%3Aunannotated::",
    ];
    for prefix in expect {
        assert!(
            lines.iter().any(|l| l.starts_with(prefix)),
            "no line starting {prefix}:\n{}",
            run.stdout
        );
    }
    // Multi-line messages are escaped onto one line.
    assert!(
        run.stdout.contains("%0Ahelp: did you mean `sources`?"),
        "{}",
        run.stdout
    );
}

#[test]
fn check_min_coverage_fails_a_file_under_the_bar() {
    let dir = fixtures("coverage");
    // Without a bar, an unannotated claim is a warning only.
    let relaxed = run(&dir, &["check", "half-annotated.yaml"]);
    relaxed.expect_code(0);
    assert!(
        relaxed.stderr.contains("factmark::coverage::unannotated"),
        "{}",
        relaxed.stderr
    );
    assert!(
        relaxed.stderr.contains("[article.md:2:1]"),
        "{}",
        relaxed.stderr
    );
    assert!(
        relaxed
            .stdout
            .contains("coverage 50% (1 of 2 check-worthy sentences)")
    );

    // Exactly at the bar passes.
    run(
        &dir,
        &["check", "half-annotated.yaml", "--min-coverage", "50"],
    )
    .expect_code(0);

    let strict = run(
        &dir,
        &["check", "half-annotated.yaml", "--min-coverage", "100"],
    );
    strict.expect_code(1);
    assert!(
        strict.stderr.contains("factmark::coverage::below-minimum"),
        "{}",
        strict.stderr
    );

    let json = run(
        &dir,
        &[
            "check",
            "half-annotated.yaml",
            "--min-coverage",
            "100",
            "--format",
            "json",
        ],
    );
    json.expect_code(1);
    let report = json.stdout_json();
    assert_eq!(report["ok"], false);
    assert_eq!(report["files"][0]["coverage"], 50.0);
    assert_eq!(report["files"][0]["checkworthy"], 2);
    assert_eq!(report["files"][0]["annotated"], 1);
    let below = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "factmark::coverage::below-minimum")
        .unwrap_or_else(|| panic!("no below-minimum finding: {report:#}"));
    assert_eq!(below["severity"], "error");
    assert!(
        text(&below["message"]).ends_with("under the minimum of 100%"),
        "{below:#}"
    );
}

#[test]
fn check_rejects_a_coverage_bar_over_100() {
    factmark(&fixtures("coverage"))
        .args(["check", "half-annotated.yaml", "--min-coverage", "150"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not between 0 and 100"));
}

// ---------------------------------------------------------------------------
// 3. broken annotation files (and 4. snapshots of their reports)
// ---------------------------------------------------------------------------

#[test]
fn unknown_key_is_an_error_with_the_nearest_key() {
    let (_, d) = broken("unknown-key.yaml", "factmark::store::unknown-key", "7:5");
    assert!(text(&d["message"]).contains("`sourcs`"), "{d:#}");
    assert!(
        text(&d["help"]).starts_with("did you mean `sources`?"),
        "{d:#}"
    );
}

#[test]
fn unknown_verdict_suggests_the_nearest_verdict() {
    let (_, d) = broken(
        "unknown-verdict.yaml",
        "factmark::store::unknown-verdict",
        "6:14",
    );
    assert_eq!(
        d["message"],
        "annotation 1, \"the cause was unclear\", has an unknown verdict `disputd`"
    );
    assert!(
        text(&d["help"]).starts_with("did you mean `disputed`?"),
        "{d:#}"
    );
}

#[test]
fn false_verdict_without_a_note_is_an_error() {
    let (_, d) = broken(
        "false-without-note.yaml",
        "factmark::store::missing-field",
        "6:14",
    );
    assert!(text(&d["message"]).contains("needs a note"), "{d:#}");
}

#[test]
fn supported_verdict_without_a_source_is_an_error() {
    let (_, d) = broken(
        "supported-without-source.yaml",
        "factmark::store::missing-field",
        "6:14",
    );
    assert!(text(&d["message"]).contains("at least one source"), "{d:#}");
}

#[test]
fn impossible_date_is_an_error() {
    let (_, d) = broken("impossible-date.yaml", "factmark::store::bad-date", "3:11");
    assert!(text(&d["message"]).contains("2025-02-30"), "{d:#}");
}

#[test]
fn non_http_source_is_an_error() {
    let (_, d) = broken("non-http-source.yaml", "factmark::store::bad-url", "8:14");
    assert!(
        text(&d["message"]).contains("ftp://example.org/toll.txt"),
        "{d:#}"
    );
}

#[test]
fn empty_quote_is_an_error() {
    broken("empty-quote.yaml", "factmark::store::empty-quote", "5:12");
}

#[test]
fn orphaned_quote_suggests_the_closest_sentence() {
    let (_, d) = broken("orphaned-quote.yaml", "factmark::anchor::orphaned", "5:12");
    let help = text(&d["help"]);
    assert!(
        help.contains(
            "article.md:5:1 (s-97b8ab7f): \"Baku recalled its ambassador in July 2025.\""
        ),
        "{d:#}"
    );
}

#[test]
fn ambiguous_quote_lists_every_place() {
    let (_, d) = broken(
        "ambiguous-quote.yaml",
        "factmark::anchor::ambiguous",
        "5:12",
    );
    assert!(
        text(&d["message"]).ends_with("occurs 2 times: article.md:2:1, article.md:3:1"),
        "{d:#}"
    );
}

#[test]
fn changed_sentence_id_asks_for_a_re_review() {
    // Not snapshotted while its help names a command that does not exist:
    // see `accept_records_the_current_sentence_id_and_nothing_else`.
    let (_, d) = broken("changed-sentence.yaml", "factmark::anchor::changed", "6:15");
    assert!(
        text(&d["message"]).contains("s-00000000 is now s-cdccae23"),
        "{d:#}"
    );
    assert!(
        text(&d["help"]).contains("\"The ministry said 38 people died.\" (article.md:2:1)"),
        "{d:#}"
    );
}

#[test]
fn quote_across_two_sentences_is_an_error() {
    broken(
        "quote-spans-sentences.yaml",
        "factmark::anchor::spans-sentences",
        "5:12",
    );
}

#[test]
fn misdated_claim_missing_from_its_sentence_lists_the_dates_found() {
    let (_, d) = broken(
        "claimed-date-not-in-sentence.yaml",
        "factmark::anchor::claimed-date-not-found",
        "7:14",
    );
    assert!(text(&d["message"]).contains("2023-12-25"), "{d:#}");
    assert!(
        text(&d["help"]).contains("\"December 25, 2022\" (2022-12-25)"),
        "{d:#}"
    );
}

#[test]
fn yaml_syntax_error_is_located() {
    let (_, _) = broken("yaml-syntax-error.yaml", "factmark::store::yaml", "5:12");
}

#[test]
fn duplicate_key_is_an_error() {
    // Not snapshotted while its message is wrong: see
    // `duplicate_key_message_speaks_to_editors`.
    broken(
        "duplicate-key.yaml",
        "factmark::store::duplicate-key",
        "7:5",
    );
}

#[test]
fn missing_article_is_an_io_error_at_the_article_key() {
    let dir = fixtures("broken");
    let human = run(&dir, &["check", "missing-article.yaml"]);
    human.expect_code(2);
    assert!(human.stderr.contains("factmark::io"), "{}", human.stderr);
    assert!(
        human.stderr.contains("no-such-article.md"),
        "{}",
        human.stderr
    );
    assert!(
        human.stderr.contains("[missing-article.yaml:2:10]"),
        "{}",
        human.stderr
    );
    snapshot(
        "check_missing_article",
        "factmark check missing-article.yaml (in tests/fixtures/broken), stderr",
        &human.stderr,
    );
    // The JSON report says the same, and is still one object.
    let json = run(&dir, &["check", "missing-article.yaml", "--format", "json"]);
    json.expect_code(2);
    assert_eq!(codes(&json.stdout_json()), ["factmark::io"]);
}

#[test]
fn wrong_type_is_an_error_saying_what_the_value_should_be() {
    let (_, d) = broken("wrong-type.yaml", "factmark::store::wrong-type", "7:14");
    // The fixture's source is a bare URL, which is said as such.
    assert!(text(&d["help"]).contains("`- url: https://…`"), "{d:#}");
}

#[test]
fn tab_indentation_is_an_error_with_the_fix() {
    let (_, d) = broken("tab-indentation.yaml", "factmark::store::yaml", "5:2");
    assert_eq!(d["help"], "indent YAML with spaces, not tabs");
}

#[test]
fn article_that_is_not_utf8_is_an_io_error() {
    let dir = fixtures("broken");
    let run = run(&dir, &["check", "not-utf8-article.yaml"]);
    run.expect_code(2);
    snapshot(
        "check_not_utf8_article",
        "factmark check not-utf8-article.yaml (in tests/fixtures/broken), stderr",
        &run.stderr,
    );
    assert!(
        run.stderr.contains("factmark::io::not-utf8"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("not-utf8.md:1:11: not valid UTF-8"),
        "{}",
        run.stderr
    );

    // Read directly, it is the same error, with its place in the article.
    factmark(&dir)
        .args(["sentences", "not-utf8.md"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains("factmark::io::not-utf8"))
        .stderr(predicate::str::contains("not-utf8.md:1:11"));
}

#[test]
fn every_broken_file_is_reported_in_one_run() {
    let dir = fixtures("broken");
    let run = run(&dir, &["check", ".", "--format", "json"]);
    // Two files cannot be read at all: that is exit code 2.
    run.expect_code(2);
    let report = run.stdout_json();
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), 18, "{report:#}");
    for file in files {
        let errors: Vec<&Value> = file["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["severity"] == "error")
            .collect();
        assert!(!errors.is_empty(), "no error for {}", file["annotations"]);
        for d in errors {
            assert!(d["line"].as_u64() > Some(0), "no line: {d:#}");
            assert!(d["column"].as_u64() > Some(0), "no column: {d:#}");
            assert!(text(&d["code"]).starts_with("factmark::"), "{d:#}");
        }
    }
}

// ---------------------------------------------------------------------------
// 4. snapshots of a rendered page and of `sentences`
// ---------------------------------------------------------------------------

#[test]
fn render_prints_the_reviewed_page() {
    let dir = fixtures("render");
    let run = run(&dir, &["render", "review.yaml"]);
    // The unannotated heading and the annotations without `sentence:` ids
    // are warnings, not failures; as in `build`, warnings are counted, and
    // `check` lists them.
    run.expect_code(0);
    assert_eq!(
        run.stderr,
        "warning: review.yaml: 5 × factmark::anchor::unrecorded, \
         1 × factmark::coverage::unannotated; `factmark check review.yaml` lists them\n"
    );

    let page = &run.stdout;
    assert!(
        elements(page, "del")
            .iter()
            .any(|d| d.contains("December 25, 2022"))
    );
    assert!(
        elements(page, "ins")
            .iter()
            .any(|d| d.contains("December 25, 2024"))
    );
    for verdict in [
        "misdated",
        "supported",
        "partly-supported",
        "false",
        "opinion",
    ] {
        assert!(
            page.contains(&format!("class=\"claim verdict-{verdict}\"")),
            "no claim marked {verdict}"
        );
    }
    for label in [
        "Misdated",
        "Supported",
        "Partly supported",
        "False",
        "Opinion",
    ] {
        assert!(
            page.contains(&format!("</span> {label}<sup>")),
            "no {label} tag"
        );
    }
    assert!(page.contains("Flight 8243 &amp; the &lt;b&gt;record&lt;/b&gt;"));
    assert!(!page.contains("<b>record</b>"), "the title is not escaped");
    // Inserted before the article's comma, the correction leaves out its
    // own full stop.
    assert!(page.contains("Kazakhstan led a joint investigation</span>, according to"));
    assert!(page.contains("Coverage: <strong>80%</strong>"));
    assert_eq!(claim_reviews(page).len(), 5);
    snapshot(
        "render_page",
        "factmark render review.yaml (in tests/fixtures/render), stdout",
        page,
    );
}

/// The ClaimReview items of a page's JSON-LD block.
fn claim_reviews(page: &str) -> Vec<serde_json::Value> {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("a JSON-LD block") + open.len();
    let end = start + page[start..].find("</script>").expect("the block ends");
    let json: serde_json::Value = serde_json::from_str(&page[start..end]).expect("JSON-LD parses");
    json.as_array().expect("a list of ClaimReviews").clone()
}

#[test]
fn the_seed_page_is_pinned() {
    let run = run(&repo(), &["render", "annotations/azerbaijan-russia.yaml"]);
    run.expect_code(0);
    let page = run.stdout;
    assert!(page.contains("<del><span class=\"visually-hidden\">deleted: </span>December 25, 2022</del> <ins><span class=\"visually-hidden\">inserted: </span>December 25, 2024</ins>"));
    let reviews = claim_reviews(&page);
    assert_eq!(reviews.len(), 54);
    assert!(reviews.iter().all(|r| r["@type"] == "ClaimReview"));
    snapshot(
        "seed_page",
        "factmark render annotations/azerbaijan-russia.yaml (in the repository), stdout",
        &page,
    );
}

#[test]
fn render_writes_to_output_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures("render"), tmp.path());
    let run = run(
        tmp.path(),
        &["render", "review.yaml", "-o", "out/page.html"],
    );
    run.expect_code(0);
    assert_eq!(run.stdout, "");
    let page = fs::read_to_string(tmp.path().join("out/page.html")).expect("page");
    assert!(
        claim_reviews(&page)
            .iter()
            .any(|r| r["url"] == "page.html#s-c501de3e"),
        "ClaimReview url"
    );
    assert!(
        elements(&page, "del")
            .iter()
            .any(|d| d.contains("December 25, 2022"))
    );
    // A folder is no file to write the page to, whether or not it exists.
    for folder in ["out", "new/"] {
        let refused = common::run(tmp.path(), &["render", "review.yaml", "-o", folder]);
        refused.expect_code(2);
        assert!(
            refused
                .stderr
                .contains("is a folder; -o names the page's file"),
            "{}",
            refused.stderr
        );
    }
    assert!(!tmp.path().join("new").exists());
}

#[test]
fn sentences_json_of_a_small_article() {
    let run = run(
        &fixtures("sentences"),
        &["sentences", "article.md", "--format", "json"],
    );
    run.expect_code(0);
    let sentences = run.stdout_json();
    let list = sentences.as_array().expect("an array");
    // The repeated sentence gets `-2`; the code block is not segmented;
    // the question is not check-worthy.
    assert!(
        list.iter().any(|s| s["id"] == "s-820680ca-2"),
        "{sentences:#}"
    );
    assert!(
        !run.stdout.contains("Code is"),
        "the code block was segmented"
    );
    let question = list
        .iter()
        .find(|s| text(&s["text"]).ends_with('?'))
        .expect("the question");
    assert_eq!(question["checkworthy"], false);
    assert_eq!(question["text"], "Was it really 3.5 times bigger?");
    snapshot(
        "sentences_json",
        "factmark sentences article.md --format json (in tests/fixtures/sentences), stdout",
        &run.stdout,
    );
}

// ---------------------------------------------------------------------------
// 5. sentences
// ---------------------------------------------------------------------------

#[test]
fn sentences_of_the_seed_have_the_documented_fields_and_positions() {
    let args = [
        "sentences",
        "seeds/azerbaijan-russia.md",
        "--format",
        "json",
    ];
    let first = run(&repo(), &args);
    first.expect_code(0);
    let second = run(&repo(), &args);
    second.expect_code(0);
    assert_eq!(first.stdout, second.stdout, "two runs differ");

    let source = fs::read_to_string(repo().join("seeds/azerbaijan-russia.md")).expect("seed");
    let id = Regex::new(r"^s-[0-9a-f]{8}(-\d+)?$").unwrap();
    let sentences = first.stdout_json();
    let list = sentences.as_array().expect("an array");
    assert!(list.len() > 20, "only {} sentences", list.len());
    let mut ids = std::collections::BTreeSet::new();
    for s in list {
        let object = s.as_object().expect("an object");
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "checkworthy",
                "column",
                "end",
                "id",
                "line",
                "reasons",
                "score",
                "start",
                "text"
            ],
            "{s:#}"
        );
        assert!(id.is_match(text(&s["id"])), "bad id: {s:#}");
        assert!(ids.insert(text(&s["id"]).to_owned()), "duplicate id: {s:#}");
        assert!(
            s["checkworthy"].is_boolean() && s["reasons"].is_array(),
            "{s:#}"
        );
        let score = s["score"].as_f64().expect("a score");
        assert!((0.0..=1.0).contains(&score), "{s:#}");

        let start = number(&s["start"]);
        let end = number(&s["end"]);
        let sentence = text(&s["text"]);
        // The seed has no markup: the source range is the sentence.
        let head: String = fold(sentence).chars().take(12).collect();
        let opening: String = source[start..].chars().take(40).collect();
        assert!(
            fold(&opening).starts_with(&head),
            "source[{start}..] does not begin with {head:?}"
        );
        assert_eq!(fold(&source[start..end]), fold(sentence), "{s:#}");
        // line and column (in characters) are those of `start`.
        let before = &source[..start];
        let line = before.matches('\n').count() + 1;
        let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
            .chars()
            .count()
            + 1;
        assert_eq!(
            (number(&s["line"]), number(&s["column"])),
            (line, column),
            "{s:#}"
        );
    }
}

#[test]
fn sentences_text_format_lists_id_position_and_text() {
    factmark(&fixtures("sentences"))
        .args(["sentences", "article.md"])
        .assert()
        .code(0)
        // id, line:column, `*` when check-worthy, the score, the text.
        .stdout(
            predicate::str::is_match(r"(?m)^s-820680ca  4:25    0\.\d{3}  No comment\.$").unwrap(),
        )
        .stdout(
            predicate::str::is_match(
                r"(?m)^s-7bdcf432  3:1  \* [01]\.\d{3}  Mr\. Smith met Dr\. Jones",
            )
            .unwrap(),
        )
        // A heading that is only a label is never check-worthy.
        .stdout(predicate::str::is_match(r"(?m)^s-4a9cbfae  1:3    0\.000  Sentences$").unwrap());
}

#[test]
fn sentences_plain_folds_single_newlines_and_keeps_markup_characters() {
    let dir = fixtures("plain");
    let plain = run(
        &dir,
        &["sentences", "--plain", "wrapped.txt", "--format", "json"],
    );
    plain.expect_code(0);
    let sentences = plain.stdout_json();
    let texts: Vec<&str> = sentences
        .as_array()
        .expect("an array")
        .iter()
        .map(|s| text(&s["text"]))
        .collect();
    assert_eq!(
        texts,
        [
            "The minister said the toll was *38*.",
            "It rose.",
            "# Not a heading."
        ]
    );
    assert_eq!(sentences[1]["line"], 2);
    assert_eq!(sentences[1]["column"], 20);
    assert_eq!(sentences[2]["line"], 4);

    // Read as Markdown, the same file has emphasis and a heading.
    let markdown = run(&dir, &["sentences", "wrapped.txt", "--format", "json"]);
    markdown.expect_code(0);
    let markdown = markdown.stdout_json();
    assert_eq!(markdown[0]["text"], "The minister said the toll was 38.");
    assert_eq!(markdown[2]["text"], "Not a heading.");
}

#[test]
fn sentences_of_a_missing_article_is_a_usage_error() {
    factmark(&fixtures("sentences"))
        .args(["sentences", "no-such-article.md"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-article.md"));
}

// ---------------------------------------------------------------------------
// 6. init
// ---------------------------------------------------------------------------

#[test]
fn init_writes_a_scaffold_and_never_overwrites() {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::copy(
        fixtures("init").join("article.md"),
        tmp.path().join("article.md"),
    )
    .expect("copy");
    let out = "annotations/article.yaml";

    let first = run(tmp.path(), &["init", "article.md", "-o", out]);
    first.expect_code(0);
    assert!(
        first
            .stderr
            .contains("wrote annotations/article.yaml (3 stubs)"),
        "{}",
        first.stderr
    );
    let scaffold = fs::read(tmp.path().join(out)).expect("scaffold");
    let yaml = String::from_utf8(scaffold.clone()).expect("UTF-8");
    assert!(
        yaml.lines()
            .any(|l| l.starts_with("# yaml-language-server: $schema=")),
        "{yaml}"
    );
    assert!(yaml.contains("article: \"../article.md\""), "{yaml}");
    let stubs: Vec<&str> = yaml
        .lines()
        .filter(|l| l.trim_start().starts_with("sentence: s-"))
        .collect();
    assert_eq!(
        stubs,
        [
            "    sentence: s-8ac6c77e",
            "    sentence: s-c501de3e",
            "    sentence: s-d7945fd3"
        ],
        "{yaml}"
    );

    // It is valid YAML: `check` finds only the notes still to write (and,
    // since a stub with an error covers nothing, its sentences still to do).
    let check = run(tmp.path(), &["check", out, "--format", "json"]);
    check.expect_code(1);
    let found = stub_findings(&check.stdout_json());
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|c| c == "factmark::store::missing-field"),
        "{found:?}"
    );

    // A second init refuses and leaves the file alone.
    let second = run(tmp.path(), &["init", "article.md", "-o", out]);
    second.expect_code(2);
    assert!(
        second.stderr.contains("already exists"),
        "{}",
        second.stderr
    );
    assert_eq!(fs::read(tmp.path().join(out)).expect("scaffold"), scaffold);

    // A link whose target is missing is named as a link, and not followed.
    #[cfg(unix)]
    {
        let link = tmp.path().join("annotations/linked.yaml");
        std::os::unix::fs::symlink(tmp.path().join("nowhere.yaml"), &link).expect("symlink");
        let linked = run(
            tmp.path(),
            &["init", "article.md", "-o", "annotations/linked.yaml"],
        );
        linked.expect_code(2);
        assert!(
            linked.stderr.contains("is a symbolic link to")
                && linked.stderr.contains("nowhere.yaml"),
            "{}",
            linked.stderr
        );
        assert!(!tmp.path().join("nowhere.yaml").exists());
    }

    // One stub is one stub.
    fs::write(
        tmp.path().join("one.md"),
        "The minister said 40 people died in 2020.\n",
    )
    .expect("article");
    let one = run(
        tmp.path(),
        &["init", "one.md", "-o", "annotations/one.yaml"],
    );
    one.expect_code(0);
    assert!(
        one.stderr.contains("wrote annotations/one.yaml (1 stub)"),
        "{}",
        one.stderr
    );
}

#[test]
fn init_of_the_seed_needs_only_notes() {
    let tmp = repo_copy();
    let out = "annotations/new.yaml";
    run(
        tmp.path(),
        &["init", "seeds/azerbaijan-russia.md", "-o", out],
    )
    .expect_code(0);
    let yaml = fs::read_to_string(tmp.path().join(out)).expect("scaffold");
    let check = run(tmp.path(), &["check", out, "--format", "json"]);
    check.expect_code(1);
    let found = stub_findings(&check.stdout_json());
    assert_eq!(
        found.len(),
        yaml.matches("sentence: s-").count(),
        "one finding per stub: {found:?}"
    );
    assert!(
        found.iter().all(|c| c == "factmark::store::missing-field"),
        "{found:?}"
    );
}

#[test]
fn init_without_output_prints_the_scaffold() {
    factmark(&fixtures("init"))
        .args(["init", "article.md"])
        .assert()
        .code(0)
        .stdout(predicate::str::starts_with(
            "# yaml-language-server: $schema=",
        ))
        .stdout(predicate::str::contains("article: \"article.md\""))
        .stdout(predicate::str::contains(
            "  - quote: \"The airline said 38 of the 67 people on board died.\"",
        ));
}

#[test]
fn init_scaffold_of_repeated_sentences_anchors() {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::copy(
        fixtures("init").join("repeated-sentence.md"),
        tmp.path().join("article.md"),
    )
    .expect("copy");
    run(tmp.path(), &["init", "article.md", "-o", "article.yaml"]).expect_code(0);
    let check = run(tmp.path(), &["check", "article.yaml", "--format", "json"]);
    let found = stub_findings(&check.stdout_json());
    assert!(
        found.iter().all(|c| c == "factmark::store::missing-field"),
        "the scaffold has more than missing notes: {found:?}"
    );
}

// ---------------------------------------------------------------------------
// 7. schema
// ---------------------------------------------------------------------------

#[test]
fn schema_is_json_with_the_annotations_property() {
    let run = run(&repo(), &["schema"]);
    run.expect_code(0);
    let schema = run.stdout_json();
    let properties = schema["properties"]
        .as_object()
        .expect("`properties` object");
    for key in [
        "annotations",
        "article",
        "reviewed",
        "title",
        "published",
        "reviewers",
    ] {
        assert!(properties.contains_key(key), "no `{key}` in {schema:#}");
    }
    assert_eq!(
        schema["required"],
        serde_json::json!(["article", "reviewed"])
    );
    assert_eq!(schema["additionalProperties"], false);
}

// ---------------------------------------------------------------------------
// 8. inputs are never modified
// ---------------------------------------------------------------------------

#[test]
fn check_build_and_render_never_modify_their_inputs() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures("broken"), tmp.path());
    let before = fingerprint(tmp.path(), &["site", "out"]);
    assert!(before.len() > 16, "{before:?}");

    run(tmp.path(), &["check", "."]).expect_code(2);
    run(tmp.path(), &["check", ".", "--format", "json"]).expect_code(2);
    run(
        tmp.path(),
        &["check", ".", "--format", "github", "--min-coverage", "100"],
    )
    .expect_code(2);
    run(tmp.path(), &["build", "."]).expect_code(2);
    for yaml in [
        "orphaned-quote.yaml",
        "unknown-key.yaml",
        "changed-sentence.yaml",
    ] {
        let out = format!("out/{yaml}.html");
        let rendered = run(tmp.path(), &["render", yaml, "-o", &out]);
        rendered.expect_code(1);
    }

    assert_eq!(fingerprint(tmp.path(), &["site", "out"]), before);
    // Only the outputs were added.
    let mut top: Vec<String> = fs::read_dir(tmp.path())
        .expect("temp dir")
        .map(|e| e.expect("entry").file_name().into_string().expect("name"))
        .filter(|n| !before.contains_key(Path::new(n)))
        .collect();
    top.sort();
    assert_eq!(top, ["out", "site"]);
}

// ---------------------------------------------------------------------------
// Bugs (ignored until fixed)
// ---------------------------------------------------------------------------

#[test]
fn accept_records_the_current_sentence_id_and_nothing_else() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixtures("broken"), tmp.path());
    let before = fs::read_to_string(tmp.path().join("changed-sentence.yaml")).expect("yaml");
    run(tmp.path(), &["accept", "changed-sentence.yaml"]).expect_code(0);
    let after = fs::read_to_string(tmp.path().join("changed-sentence.yaml")).expect("yaml");
    assert_eq!(
        after,
        before.replace("sentence: s-00000000", "sentence: s-cdccae23")
    );
    run(tmp.path(), &["check", "changed-sentence.yaml"]).expect_code(0);
}

#[test]
fn duplicate_key_message_speaks_to_editors() {
    let (_, d) = broken(
        "duplicate-key.yaml",
        "factmark::store::duplicate-key",
        "7:5",
    );
    let message = text(&d["message"]);
    assert!(!message.contains("DuplicateKeyPolicy"), "{message}");
    assert!(message.contains("verdict"), "{message}");
}

#[test]
fn empty_article_path_is_named_in_the_message() {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(
        tmp.path().join("empty-article.yaml"),
        "article: \"\"\nreviewed: 2025-11-25\n",
    )
    .expect("write");
    let run = run(
        tmp.path(),
        &["check", "empty-article.yaml", "--format", "json"],
    );
    assert_ne!(run.code, 0);
    let report = run.stdout_json();
    let message = text(&report["files"][0]["diagnostics"][0]["message"]);
    assert!(!message.contains("cannot read :"), "{message}");
    assert!(message.contains("article"), "{message}");
}

// ---------------------------------------------------------------------------
// Folding
// ---------------------------------------------------------------------------

#[test]
fn quotes_match_after_folding_quotes_and_white_space() {
    let run = run(
        &fixtures("folding"),
        &["check", "straight-quotes.yaml", "--format", "json"],
    );
    run.expect_code(0);
    let report = run.stdout_json();
    assert_eq!(report["files"][0]["annotated"], 1, "{report:#}");
    assert_eq!(report["files"][0]["verdicts"]["opinion"], 1, "{report:#}");
}

#[test]
fn sentence_text_folds_white_space_and_keeps_quote_marks() {
    let run = run(
        &fixtures("folding"),
        &["sentences", "article.md", "--format", "json"],
    );
    run.expect_code(0);
    // What people read keeps the article's quote marks; the id is computed
    // from the fully folded text, so it matches the straight-quote spelling.
    let sentence = &run.stdout_json()[0];
    assert_eq!(
        sentence["text"],
        "“It was ‘fine’,” the minister said on Monday."
    );
    let straight = "\"It was 'fine',\" the minister said on Monday.";
    let id = format!("s-{:08x}", {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in straight.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        (h >> 32) ^ (h & 0xffff_ffff)
    });
    assert_eq!(sentence["id"], id.as_str());
}

#[test]
fn closed_stdout_is_not_a_panic() {
    use std::fmt::Write as _;
    use std::io::Read as _;
    use std::process::Stdio;

    // More output than a pipe buffers, so the writer meets the closed pipe.
    let tmp = tempfile::tempdir().expect("temp dir");
    let mut article = String::new();
    for n in 1..=3000 {
        writeln!(article, "Baku said {n} people left on day {n}.\n").expect("write");
    }
    fs::write(tmp.path().join("long.md"), article).expect("write");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("factmark"))
        .current_dir(tmp.path())
        .args(["sentences", "long.md", "--format", "json"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start factmark");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0_u8; 16];
    stdout.read_exact(&mut first).expect("some output");
    drop(stdout);
    let output = child.wait_with_output().expect("factmark ends");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_ne!(output.status.code(), Some(101), "{stderr}");
}

// ---------------------------------------------------------------------------
// factmark.yaml: the project's vocabulary and policy
// ---------------------------------------------------------------------------

#[test]
fn project_config_changes_adds_and_removes_verdicts() {
    let dir = fixtures("config");
    // The policy's bar (100%) and its raised severity apply without flags.
    let json = run(&dir, &["check", "review.yaml", "--format", "json"]);
    json.expect_code(1);
    let report = json.stdout_json();
    assert_eq!(report["files"][0]["verdicts"]["satire"], 1, "{report:#}");
    assert_eq!(report["files"][0]["verdicts"]["supported"], 1);
    let diagnostics = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let unannotated = diagnostics
        .iter()
        .find(|d| d["code"] == "factmark::coverage::unannotated")
        .unwrap_or_else(|| panic!("no unannotated finding: {report:#}"));
    assert_eq!(unannotated["severity"], "error", "the policy raises it");
    assert!(codes(&report).contains(&"factmark::coverage::below-minimum".to_owned()));

    // A flag still wins over the policy's bar.
    let relaxed = run(
        &dir,
        &[
            "check",
            "review.yaml",
            "--min-coverage",
            "50",
            "--format",
            "json",
        ],
    );
    assert!(
        !codes(&relaxed.stdout_json()).contains(&"factmark::coverage::below-minimum".to_owned())
    );

    // The page speaks the project's words, in its colours.
    let page = run(&dir, &["render", "review.yaml"]);
    for expected in [
        "--supported:#0a7d33",
        "--verdict-satire:#6b4fa0",
        "--verdict-satire:#c9b3ff",
        ".verdict-satire{color:var(--verdict-satire)}",
        "<span class=\"symbol\" aria-hidden=\"true\">☺</span> Satire",
        "Accurate",
    ] {
        assert!(page.stdout.contains(expected), "page lacks {expected}");
    }
    assert!(!page.stdout.contains(">Supported<"));

    // A disabled verdict is unknown, and the suggestion lists what is left.
    let opinion = run(&dir, &["check", "opinion.yaml"]);
    opinion.expect_code(1);
    // The message names the annotation, and wraps; the snapshot below has it whole.
    assert!(opinion.stderr.contains("factmark::store::unknown-verdict"));
    assert!(
        opinion.stderr.contains("unverified, satire"),
        "{}",
        opinion.stderr
    );
    let first = opinion
        .stderr
        .split("factmark::coverage")
        .next()
        .unwrap_or_default();
    snapshot(
        "config_disabled_verdict",
        "factmark check opinion.yaml (in tests/fixtures/config)",
        first,
    );

    // The schema offers editors the same vocabulary.
    let schema = run(&dir, &["schema"]);
    schema.expect_code(0);
    let schema: Value = serde_json::from_str(&schema.stdout).expect("schema is JSON");
    let names = &schema["$defs"]["VerdictName"]["enum"];
    assert!(names.as_array().is_some_and(
        |n| n.contains(&Value::from("satire")) && !n.contains(&Value::from("opinion"))
    ));
}

#[test]
fn a_broken_project_config_stops_the_run_with_every_finding() {
    let dir = fixtures("config");
    let before = fingerprint(&dir, &[]);
    let broken = run(&dir, &["--config", "broken.yaml", "check", "review.yaml"]);
    broken.expect_code(2);
    for code in [
        "factmark::config::bad-verdict",
        "factmark::config::bad-policy",
    ] {
        assert!(broken.stderr.contains(code), "{}", broken.stderr);
    }
    // Every bad value is reported, each at its own line.
    for at in [
        "broken.yaml:2:11",
        "broken.yaml:4:13",
        "broken.yaml:5:13",
        "broken.yaml:6:22",
        "broken.yaml:8:17",
        "broken.yaml:9:12",
        "broken.yaml:11:33",
        "broken.yaml:12:31",
    ] {
        assert!(
            broken.stderr.contains(at),
            "no finding at {at}:\n{}",
            broken.stderr
        );
    }
    assert!(
        broken.stdout.is_empty(),
        "nothing was checked: {}",
        broken.stdout
    );
    snapshot(
        "config_broken",
        "factmark --config broken.yaml check review.yaml (in tests/fixtures/config)",
        &broken.stderr,
    );
    // A configuration named but missing is a usage error too.
    let missing = run(&dir, &["--config", "nowhere.yaml", "check", "review.yaml"]);
    missing.expect_code(2);
    assert!(
        missing.stderr.contains("nowhere.yaml"),
        "{}",
        missing.stderr
    );
    // A typo in a key is caught like in annotation files.
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(
        tmp.path().join("factmark.yaml"),
        "policy:\n  min-coverge: 80\n",
    )
    .expect("write");
    let typo = run(tmp.path(), &["schema"]);
    typo.expect_code(2);
    assert!(
        typo.stderr.contains("factmark::store::unknown-key"),
        "{}",
        typo.stderr
    );
    assert!(typo.stderr.contains("min-coverage"), "{}", typo.stderr);
    assert_eq!(before, fingerprint(&dir, &[]), "no input was changed");
}
