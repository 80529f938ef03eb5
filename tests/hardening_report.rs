//! Hardening of the reports (issue 14): long lines, many findings and hostile
//! text in what `check`, `sentences` and `init` print.
//!
//! Every test runs the real binary in a temporary project, checks the exit
//! code and what was printed, and that no file of the project changed.
//! Snapshots (`tests/snapshots/hardening_report__*.snap`) pin the reports
//! whose exact text matters; make them with
//! `INSTA_UPDATE=always cargo test --test hardening_report` and read every
//! changed one before keeping it.

use std::fs;

mod common;

use common::{Project, head};

use serde_json::Value;

/// The most characters a source line of a report may have: the gutter and
/// the line cut to its window (100 characters, cut marks included) fit in
/// the 120 columns a report's lines keep to.
const MAX_SOURCE_LINE: usize = 120;

/// An annotation file for `article.md` with `annotations` (YAML list items).
fn annotations(annotations: &str) -> String {
    if annotations.is_empty() {
        return "article: article.md\nreviewed: 2025-01-01\nannotations: []\n".to_owned();
    }
    format!("article: article.md\nreviewed: 2025-01-01\nannotations:\n{annotations}")
}

/// Asserts that `text` has no control character but line breaks and tabs:
/// nothing a terminal would act on.
fn assert_printable(what: &str, text: &str) {
    if let Some((at, c)) = text
        .char_indices()
        .find(|&(_, c)| c.is_control() && c != '\n' && c != '\t')
    {
        panic!(
            "{what} prints control character {c:?} at byte {at}: {:?}",
            text[at..].chars().take(80).collect::<String>()
        );
    }
}

/// Asserts that every source line of a human report (` N │ …`) is short.
fn assert_source_lines_cut(report: &str) {
    for line in report.lines() {
        let is_source = line
            .trim_start()
            .split_once(" │ ")
            .is_some_and(|(number, _)| number.chars().all(|c| c.is_ascii_digit()));
        if is_source {
            assert!(
                line.chars().count() <= MAX_SOURCE_LINE,
                "a source line of {} characters: {:?}",
                line.chars().count(),
                line.chars().take(300).collect::<String>()
            );
        }
    }
}

/// The diagnostics of a `check --format json` report.
fn diagnostics(report: &Value) -> Vec<Value> {
    report["files"]
        .as_array()
        .expect("`files` is an array")
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().expect("`diagnostics` array"))
        .cloned()
        .collect()
}

/// The JSON diagnostic with `code`.
fn diagnostic(report: &Value, code: &str) -> Value {
    diagnostics(report)
        .into_iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {report:#}"))
}

fn snapshot(name: &str, description: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_prepend_module_to_snapshot(true);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

// ---------------------------------------------------------------------------
// 1. Long lines: no panic, true columns, short source lines
// ---------------------------------------------------------------------------

#[test]
fn a_sentence_past_column_65535_is_reported_at_its_true_column() {
    // One paragraph of 72,000 characters; its last sentence is the only
    // claim, and its annotation's quote is misspelled.
    let article = format!("{}In 1905 42 ships sank.\n", "It is nice. ".repeat(6000));
    let yaml = annotations("  - quote: \"42 shipps sank\"\n    verdict: opinion\n");
    let project = Project::new(&[("article.md", &article), ("notes.yaml", &yaml)]);
    let column = 6000 * "It is nice. ".len() + 1;

    let human = project.run(&["check", "notes.yaml"]);
    human.expect_code(1);
    assert!(human.stderr.contains("factmark::anchor::orphaned"));
    assert!(human.stderr.contains("factmark::coverage::unannotated"));
    assert!(
        human.stderr.contains(&format!("[article.md:1:{column}]")),
        "{}",
        head(&human.stderr)
    );
    // The sentence ends the line, so the window ends there and is filled
    // from the left: 76 characters before the sentence, from a cut mark.
    let shown = format!(
        " 1 │ …ce. {}In 1905 42 ships sank.\n",
        "It is nice. ".repeat(6)
    );
    assert!(
        human.stderr.contains(&shown),
        "the line is not cut before the sentence:\n{}",
        human.stderr
    );
    assert_source_lines_cut(&human.stderr);

    let json = project.run(&["check", "notes.yaml", "--format", "json"]);
    json.expect_code(1);
    let unannotated = diagnostic(&json.stdout_json(), "factmark::coverage::unannotated");
    assert_eq!(
        (unannotated["line"].clone(), unannotated["column"].clone()),
        (1.into(), column.into())
    );
}

#[test]
fn a_yaml_value_past_column_65535_is_reported_at_its_true_column() {
    let yaml = format!(
        "article: article.md\nreviewed: 2025-01-01\nannotations: [{{quote: \"5 ships\", verdict: opinion, note: \"{}\", bogus: 1}}]\n",
        "x".repeat(70_000)
    );
    let project = Project::new(&[
        ("article.md", "In 1905 5 ships sank.\n"),
        ("notes.yaml", &yaml),
    ]);
    let human = project.run(&["check", "notes.yaml"]);
    human.expect_code(1);
    let column = yaml
        .lines()
        .nth(2)
        .and_then(|l| l.find("bogus"))
        .expect("bogus")
        + 1;
    assert!(human.stderr.contains("factmark::store::unknown-key"));
    assert!(
        human.stderr.contains(&format!("[notes.yaml:3:{column}]")),
        "{}",
        head(&human.stderr)
    );
    assert_source_lines_cut(&human.stderr);

    let json = project.run(&["check", "notes.yaml", "--format", "json"]);
    json.expect_code(1);
    let unknown = diagnostic(&json.stdout_json(), "factmark::store::unknown-key");
    assert_eq!(unknown["column"], column);
}

#[test]
fn a_megabyte_line_of_emoji_is_reported_at_true_columns() {
    let emoji = "😀".repeat(262_144);
    let article = format!("In 1905 42 ships sank. {emoji} end. The 7 ships sank in 1906.\n");
    let yaml = annotations("  - quote: \"In 1905 42 ships sank.\"\n    verdict: opinion\n");
    let project = Project::new(&[("article.md", &article), ("notes.yaml", &yaml)]);
    let human = project.run(&["check", "notes.yaml"]);
    // Warnings only.
    human.expect_code(0);
    let last = article.find("The 7").expect("the last sentence");
    let column = article[..last].chars().count() + 1;
    assert!(
        human.stderr.contains(&format!("[article.md:1:{column}]")),
        "{}",
        head(&human.stderr)
    );
    // The sentence of emoji is quoted once, in its warning's message; the
    // excerpts add little to that.
    assert!(
        human.stderr.len() < article.len() + 10_000,
        "a report of {} bytes for an article of {}",
        human.stderr.len(),
        article.len()
    );
    assert_source_lines_cut(&human.stderr);

    let sentences = project.run(&["sentences", "article.md"]);
    sentences.expect_code(0);
    assert!(
        sentences
            .stdout
            .lines()
            .any(|l| l.contains(&format!("1:{column}  * "))
                && l.ends_with("  The 7 ships sank in 1906."))
    );
}

#[test]
fn the_header_column_counts_characters_as_the_json_report_does() {
    // `Ça` is three bytes, two characters: the claim is at column 8.
    let project = Project::new(&[
        ("article.md", "Ça va. Élan a 5 ans.\n"),
        ("notes.yaml", &annotations("")),
    ]);
    let human = project.run(&["check", "notes.yaml"]);
    human.expect_code(0);
    assert!(
        human.stderr.contains("[article.md:1:8]"),
        "{}",
        human.stderr
    );
    let json = project.run(&["check", "notes.yaml", "--format", "json"]);
    let claim = diagnostics(&json.stdout_json())
        .into_iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("Élan")))
        .expect("the claim is unannotated");
    assert_eq!(claim["column"], 8);
}

#[test]
fn a_cut_line_shows_the_span_between_cut_marks() {
    // The only claim sits in the middle of a long line; a long sentence on
    // the next line is cut at its start.
    let filler = "It is nice. ".repeat(20);
    let article = format!(
        "Intro.\n{filler}The 7 ships sank in 1906. {filler}\n{}\n",
        "It was a long day. ".repeat(20)
    );
    let project = Project::new(&[("article.md", &article), ("notes.yaml", &annotations(""))]);
    let human = project.run(&["check", "notes.yaml"]);
    human.expect_code(0);
    snapshot(
        "check_long_line_cut",
        "factmark check notes.yaml: a claim in the middle of a 500-character line, stderr",
        &human.stderr,
    );
}

// ---------------------------------------------------------------------------
// 2. Many findings on one line: output linear in the article
// ---------------------------------------------------------------------------

/// `check`'s human report of an article of `n` claims on one line: its
/// size in bytes and the summary line.
fn one_line_report(n: usize) -> (usize, String) {
    let article = format!("{}\n", "Go 5. ".repeat(n));
    let project = Project::new(&[("article.md", &article), ("notes.yaml", &annotations(""))]);
    let started = std::time::Instant::now();
    let human = project.run(&["check", "notes.yaml"]);
    human.expect_code(0);
    eprintln!(
        "{n} warnings on a line of {} bytes: {} bytes of report in {:.2?}",
        article.len(),
        human.stderr.len(),
        started.elapsed()
    );
    assert_source_lines_cut(&human.stderr);
    (human.stderr.len(), human.stdout)
}

#[test]
fn thousands_of_warnings_on_one_line_cost_a_report_linear_in_the_article() {
    // 34 KB: 5,666 warnings printed 387 MB when each showed the whole line.
    let (small, summary) = one_line_report(5666);
    assert!(
        summary.contains("(0 of 5666 check-worthy sentences), 0 errors, 5666 warnings"),
        "{summary}"
    );
    assert!(
        small < 5666 * 1000,
        "{small} bytes of report for 5,666 warnings"
    );
    // Twice the article, about twice the report (four times if quadratic).
    let (large, _) = one_line_report(2 * 5666);
    assert!(
        large * 10 < small * 21,
        "a report of {small} bytes grew to {large} for twice the article"
    );
}

// ---------------------------------------------------------------------------
// 3. Control characters: nothing printed can drive a terminal or a runner
// ---------------------------------------------------------------------------

/// An article that would retitle the terminal (OSC 0), clear the screen
/// (CSI 2J, also as the one C1 character CSI), delete and ring the bell.
const HOSTILE: &str = "In 1905 \u{1b}]0;pwned\u{7} 42 ships sank\u{1b}[2J here.\n\
    The \u{9b}2J minister said 5 cats\u{7f} died.\n";

#[test]
fn check_escapes_control_characters_in_the_human_report() {
    // The second quote is misspelled and has an escape of its own.
    let yaml = annotations(
        "  - quote: \"minister said 5 cats\\x7f died\"\n    verdict: opinion\n  - quote: \"42 shipps sank\\e[2J\"\n    verdict: opinion\n",
    );
    let project = Project::new(&[("article.md", HOSTILE), ("notes.yaml", &yaml)]);
    let human = project.run(&["check", "notes.yaml"]);
    human.expect_code(1);
    assert_printable("check's report", &human.stderr);
    assert_printable("check's summary", &human.stdout);
    assert!(
        human
            .stderr
            .contains(r"In 1905 \x1b]0;pwned\x07 42 ships sank\x1b[2J here.")
    );
    snapshot(
        "check_control_characters",
        "factmark check notes.yaml: an article with terminal escapes, stderr",
        &human.stderr,
    );

    // JSON keeps the text as it is, escaped the JSON way.
    let json = project.run(&["check", "notes.yaml", "--format", "json"]);
    json.expect_code(1);
    assert_printable("check --format json", &json.stdout);
    let report = json.stdout_json();
    let orphaned = diagnostic(&report, "factmark::anchor::orphaned");
    let help = orphaned["help"].as_str().expect("a help text");
    assert!(
        help.contains("In 1905 \u{1b}]0;pwned\u{7} 42 ships sank\u{1b}[2J here."),
        "{help}"
    );
    assert!(json.stdout.contains(r"sank\u001b[2J"));
    // The first annotation anchored: its quote has the DEL of the article.
    assert_eq!(report["files"][0]["annotated"], 1);
}

#[test]
fn sentences_escape_control_characters() {
    let project = Project::new(&[("article.md", HOSTILE)]);
    let text = project.run(&["sentences", "article.md"]);
    text.expect_code(0);
    assert_printable("sentences", &text.stdout);
    assert!(
        text.stdout.lines().any(|l| l.contains("1:1  * ")
            && l.ends_with(r"  In 1905 \x1b]0;pwned\x07 42 ships sank\x1b[2J here.")),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.lines().any(|l| l.contains("2:1  * ")
            && l.ends_with(r"  The \x9b2J minister said 5 cats\x7f died.")),
        "{}",
        text.stdout
    );

    let json = project.run(&["sentences", "article.md", "--format", "json"]);
    json.expect_code(0);
    assert_printable("sentences --format json", &json.stdout);
    assert!(
        json.stdout
            .contains(r#""The \u009b2J minister said 5 cats\u007f died.""#)
    );
    let sentences = json.stdout_json();
    assert_eq!(
        sentences[1]["text"],
        "The \u{9b}2J minister said 5 cats\u{7f} died."
    );
}

#[test]
fn github_output_cannot_start_a_workflow_command() {
    // YAML escapes put line breaks in a verdict, which its finding repeats;
    // its `%0A` must stay text.
    let yaml = annotations(
        "  - quote: \"minister said\"\n    verdict: \"opinion\\n::error file=evil::pwned\\r::warning::y %0A\"\n",
    );
    let project = Project::new(&[("article.md", HOSTILE), ("notes.yaml", &yaml)]);
    let elsewhere = tempfile::tempdir().expect("temp dir");
    let summary = elsewhere.path().join("summary.md");
    let github = project.run_with(
        &["check", "notes.yaml", "--format", "github"],
        &[("GITHUB_STEP_SUMMARY", &summary)],
    );
    github.expect_code(1);
    assert_printable("check --format github", &github.stdout);
    let lines: Vec<&str> = github.stdout.lines().collect();
    // One command per finding, each on its own line.
    let json = project.run(&["check", "notes.yaml", "--format", "json"]);
    let findings = diagnostics(&json.stdout_json());
    assert_eq!(lines.len(), findings.len(), "{}", github.stdout);
    assert!(lines[0].starts_with("::error file=notes.yaml,line=5,col=14,title="));
    assert!(
        lines[0].contains("`opinion%0A::error file=evil::pwned\\x0d::warning::y %250A`"),
        "{}",
        lines[0]
    );
    for line in &lines[1..] {
        assert!(line.starts_with("::warning file=article.md,"), "{line}");
    }
    assert!(
        github
            .stdout
            .contains(r"In 1905 \x1b]0;pwned\x07 42 ships sank\x1b[2J here.")
    );

    let summary = fs::read_to_string(&summary).expect("the step summary is written");
    assert_printable("the step summary", &summary);
    assert!(summary.contains(r"\x1b]0;pwned\x07"));
}

#[cfg(unix)]
#[test]
fn file_names_cannot_drive_the_terminal_or_break_the_json_report() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    let yaml = annotations("");
    let project = Project::new(&[("article.md", "In 1905 42 ships sank.\n")]);
    fs::write(project.path().join("a\u{1b}]0;pwned\u{7}.yaml"), &yaml).expect("write");
    fs::write(project.path().join(OsStr::from_bytes(b"b\xff.yaml")), &yaml).expect("write");

    let human = project.run(&["check", "."]);
    human.expect_code(0);
    assert_printable("check's summary", &human.stdout);
    assert_printable("check's report", &human.stderr);
    assert!(
        human
            .stdout
            .contains(r"./a\x1b]0;pwned\x07.yaml: 0 annotations")
    );

    // A name that is not UTF-8 is written with U+FFFD, not in place of the
    // report.
    let json = project.run(&["check", ".", "--format", "json"]);
    json.expect_code(0);
    assert_printable("check --format json", &json.stdout);
    let report = json.stdout_json();
    let names: Vec<&str> = report["files"]
        .as_array()
        .expect("`files` is an array")
        .iter()
        .map(|f| f["annotations"].as_str().expect("a file name"))
        .collect();
    assert_eq!(names, ["./a\u{1b}]0;pwned\u{7}.yaml", "./b\u{fffd}.yaml"]);
    assert_eq!(diagnostics(&report).len(), 2);

    let github = project.run(&["check", ".", "--format", "github"]);
    github.expect_code(0);
    assert_printable("check --format github", &github.stdout);
}

#[test]
fn init_writes_control_characters_as_yaml_escapes() {
    let project = Project::new(&[("article.md", HOSTILE)]);
    let stdout = project.run(&["init", "article.md"]);
    stdout.expect_code(0);
    assert_printable("init", &stdout.stdout);
    assert!(
        stdout
            .stdout
            .contains(r#""The \u009b2J minister said 5 cats\u007f died.""#)
    );

    // The scaffold reads back: every stub anchors, and only the empty notes
    // are findings (a stub without its note covers nothing, so its sentence
    // is listed as having no valid annotation, which names a bound stub).
    project
        .run(&["init", "article.md", "-o", "notes.yaml"])
        .expect_code(0);
    let check = project.run(&["check", "notes.yaml", "--format", "json"]);
    check.expect_code(1);
    let report = check.stdout_json();
    assert_eq!(report["files"][0]["checkworthy"], 2, "{report:#}");
    assert_eq!(report["files"][0]["annotated"], 0, "{report:#}");
    let found = diagnostics(&report);
    assert_eq!(found.len(), 4, "{report:#}");
    for d in found {
        let held_back = d["code"] == "factmark::coverage::unannotated"
            && d["message"]
                .as_str()
                .is_some_and(|m| m.contains("has no valid annotation"));
        assert!(
            d["code"] == "factmark::store::missing-field" || held_back,
            "{report:#}"
        );
    }
}

#[test]
fn lone_carriage_returns_end_lines_in_the_human_report_too() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        tmp.path().join("a.md"),
        "One.\rTwo.\rThree ships sank in 1905.\rFour.\r",
    )
    .expect("article");
    std::fs::write(
        tmp.path().join("a.yaml"),
        "article: a.md\nreviewed: 2026-01-01\nannotations: []\n",
    )
    .expect("yaml");
    let output = common::factmark(tmp.path())
        .args(["check", "a.yaml"])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let finding = stderr
        .split("factmark::coverage::unannotated")
        .find(|f| f.contains("\"Three ships sank"))
        .unwrap_or_else(|| panic!("{stderr}"));
    assert!(finding.contains("[a.md:3:1]"), "{finding}");
    assert!(
        finding.contains(" 3 │ Three ships sank in 1905.\n"),
        "{finding}"
    );
    assert!(!finding.contains("\\x0d"), "{finding}");
}

#[test]
fn init_escapes_what_yaml_forbids_and_json_allows() {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        tmp.path().join("a.md"),
        "In 1905 the \u{fffe} port shipped 42 tonnes.\n",
    )
    .expect("article");
    let init = common::factmark(tmp.path())
        .args(["init", "a.md", "-o", "a.yaml"])
        .output()
        .expect("init");
    assert_eq!(init.status.code(), Some(0));
    let yaml = std::fs::read_to_string(tmp.path().join("a.yaml")).expect("scaffold");
    assert!(
        yaml.contains(r#"quote: "In 1905 the \uFFFE port"#),
        "{yaml}"
    );
    let check = common::factmark(tmp.path())
        .args(["check", "a.yaml", "--format", "json"])
        .output()
        .expect("check");
    let report: Value = serde_json::from_slice(&check.stdout).expect("JSON");
    let codes: Vec<&str> = report["files"][0]["diagnostics"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    // The stub lacks its note, as every stub does, and nothing else (until
    // it has one, its sentence is still to review).
    assert_eq!(
        codes,
        [
            "factmark::store::missing-field",
            "factmark::coverage::unannotated"
        ],
        "{report:#}"
    );
}
