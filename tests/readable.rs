//! Reports you can read (issue 16): the human report shows each finding's
//! own span, with at most one line of context, on lines of at most 120
//! characters and in at most 12 lines a finding; `check --quiet` prints the
//! errors and the summary only; `render` reports as `build` does.
//!
//! Every test runs the real binary in a temporary project, checks the exit
//! code and what was printed, and that no file of the project changed. The
//! snapshot (`tests/snapshots/readable__*.snap`) pins the report of the seed
//! article with no annotation; make it with
//! `INSTA_UPDATE=always cargo test --test readable` and read it before
//! keeping it.

use std::fs;
use std::path::Path;

mod common;

use common::{Project, head};

/// The widest line a report may print.
const MAX_WIDTH: usize = 120;
/// The most lines one finding may take.
const MAX_LINES: usize = 12;

/// The findings of a human report: each from its code line (`factmark::…`
/// at the start of a line) to the line before the next, without the blank
/// lines that separate them.
fn findings(report: &str) -> Vec<Vec<&str>> {
    let mut findings: Vec<Vec<&str>> = Vec::new();
    for line in report.lines() {
        if line.starts_with("factmark::") || findings.is_empty() {
            findings.push(Vec::new());
        }
        if let Some(finding) = findings.last_mut() {
            finding.push(line);
        }
    }
    for finding in &mut findings {
        while finding.last().is_some_and(|l| l.trim().is_empty()) {
            finding.pop();
        }
    }
    findings
}

/// Asserts that `report` keeps to the width, and each of its findings to
/// the lines, a report may take.
fn assert_readable(report: &str) {
    assert_narrow(report);
    for finding in findings(report) {
        assert!(
            finding.len() <= MAX_LINES,
            "a finding of {} lines:\n{}",
            finding.len(),
            finding.join("\n")
        );
    }
}

/// Asserts that `report` keeps to the width a report may take. A finding's
/// own message and help can be long (an orphaned quote's help quotes the
/// closest sentence), so only the reporter's part is bounded in lines.
fn assert_narrow(report: &str) {
    for line in report.lines() {
        assert!(
            line.chars().count() <= MAX_WIDTH,
            "a line of {} characters: {line:?}\n{}",
            line.chars().count(),
            head(report)
        );
    }
}

/// The repository's seed article and the metadata of its review (all of the
/// annotation file before `annotations:`), with no annotation.
fn seed_without_annotations() -> Project {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article =
        fs::read_to_string(root.join("seeds/azerbaijan-russia.md")).expect("the seed article");
    let review = fs::read_to_string(root.join("annotations/azerbaijan-russia.yaml"))
        .expect("the seed review");
    let (metadata, _) = review
        .split_once("\nannotations:")
        .expect("the seed review has annotations");
    assert!(metadata.contains("article: ../seeds/azerbaijan-russia.md"));
    let yaml = format!("{metadata}\nannotations: []\n");
    Project::new(&[
        ("seeds/azerbaijan-russia.md", &article),
        ("annotations/azerbaijan-russia.yaml", &yaml),
    ])
}

// ---------------------------------------------------------------------------
// 1. The human report: the finding's span, short lines, short findings
// ---------------------------------------------------------------------------

#[test]
fn the_seed_without_annotations_is_reported_in_short_findings() {
    let project = seed_without_annotations();
    let run = project.run(&["check", "annotations/azerbaijan-russia.yaml"]);
    // Unannotated sentences are warnings: the gate passes by default.
    run.expect_code(0);
    assert!(
        run.stdout.starts_with(
            "annotations/azerbaijan-russia.yaml: 0 annotations, coverage 0% (0 of 35 check-worthy sentences), 0 errors, 35 warnings"
        ),
        "{}",
        run.stdout
    );
    let found = findings(&run.stderr);
    assert_eq!(found.len(), 35, "{}", head(&run.stderr));
    assert!(
        found
            .iter()
            .all(|f| f[0] == "factmark::coverage::unannotated"),
        "{}",
        head(&run.stderr)
    );
    assert_readable(&run.stderr);
    // The article's paragraphs are long lines; each sentence is shown on
    // its own line's window, not its paragraph whole, and underlined alone.
    let paragraph = run
        .stderr
        .lines()
        .find(|l| l.starts_with(" 1 │ "))
        .expect("the first paragraph is shown");
    assert!(paragraph.ends_with('…'), "{paragraph}");
    insta::with_settings!({
        description => "factmark check: the seed article, with the seed review's metadata and no annotation, stderr",
        prepend_module_to_snapshot => true,
    }, {
        insta::assert_snapshot!("seed_without_annotations", run.stderr);
    });
}

#[test]
fn a_sentence_is_underlined_alone_on_its_paragraph_line() {
    let paragraph = "It is nice. ".repeat(30);
    let article = format!("Intro.\n\n{paragraph}The 7 ships sank in 1906. {paragraph}\n");
    let project = Project::new(&[
        ("article.md", &article),
        (
            "notes.yaml",
            "article: article.md\nreviewed: 2025-01-01\nannotations: []\n",
        ),
    ]);
    let run = project.run(&["check", "notes.yaml"]);
    run.expect_code(0);
    assert_readable(&run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(" 3 │ "))
        .expect("the paragraph's line is shown");
    // No context: the line before is blank.
    assert!(
        lines[at - 1].contains("╭─[article.md:3:361]"),
        "{}",
        run.stderr
    );
    let column = |line: &str, text: &str| {
        line.find(text)
            .map(|at| line[..at].chars().count())
            .expect("the text is on the line")
    };
    let start = column(lines[at], "The 7 ships");
    let underline = lines[at + 1];
    assert_eq!(column(underline, "─"), start, "{}", run.stderr);
    assert_eq!(
        underline.chars().filter(|&c| c == '─').count(),
        "The 7 ships sank in 1906.".len(),
        "{}",
        run.stderr
    );
}

#[test]
fn a_hard_wrapped_sentence_is_shown_by_its_lines_or_its_first_line() {
    // Two sentences wrapped at 40 columns: one over 3 lines, one over 5.
    let article = "Intro.\n\n\
        The ministry said on Monday that 38\n\
        people died when the plane crashed near\n\
        Aktau in December 2024.\n\
        Investigators from five countries, the\n\
        ministry added, had examined the wreck\n\
        of flight 8243 for three weeks before\n\
        they agreed on the cause of the crash\n\
        on the Caspian shore in January 2025.\n";
    let project = Project::new(&[
        ("article.md", article),
        (
            "notes.yaml",
            "article: article.md\nreviewed: 2025-01-01\nannotations: []\n",
        ),
    ]);
    let run = project.run(&["check", "notes.yaml"]);
    run.expect_code(0);
    assert_readable(&run.stderr);
    let found = findings(&run.stderr);
    assert_eq!(found.len(), 2, "{}", run.stderr);
    let shown = |finding: &[&str]| -> Vec<String> {
        finding
            .iter()
            .filter(|l| {
                l.trim_start()
                    .split_once(" │ ")
                    .is_some_and(|(n, _)| n.parse::<u32>().is_ok())
            })
            .map(|l| l.to_string())
            .collect()
    };
    // Three lines: shown whole, without context.
    assert_eq!(
        shown(&found[0]),
        [
            " 3 │ ╭─▶ The ministry said on Monday that 38",
            " 4 │ │   people died when the plane crashed near",
            " 5 │ ╰─▶ Aktau in December 2024.",
        ],
        "{}",
        run.stderr
    );
    // Five lines: the first, marked as going on, and where it ends.
    assert_eq!(
        shown(&found[1]),
        [" 6 │ Investigators from five countries, the…"],
        "{}",
        run.stderr
    );
    assert!(
        found[1]
            .iter()
            .any(|l| l.ends_with("╰── continues to line 10")),
        "{}",
        run.stderr
    );
}

// ---------------------------------------------------------------------------
// 2. check --quiet
// ---------------------------------------------------------------------------

/// A project with one orphaned annotation (an error) and unannotated
/// sentences (warnings).
fn project_with_an_error() -> Project {
    Project::new(&[
        (
            "article.md",
            "On December 25, 2022, Azerbaijan Airlines flight 8243 crashed near Aktau.\n\
             The ministry said 38 people died.\n\nBaku recalled its ambassador in July 2025.\n",
        ),
        (
            "notes.yaml",
            "article: article.md\nreviewed: 2025-11-25\nannotations:\n  \
             - quote: \"Baku recalled its envoy\"\n    verdict: unverified\n    note: No record.\n",
        ),
    ])
}

#[test]
fn quiet_check_prints_errors_and_the_summary_only() {
    let project = project_with_an_error();
    let loud = project.run(&["check", "notes.yaml"]);
    loud.expect_code(1);
    assert!(loud.stderr.contains("factmark::coverage::unannotated"));
    for flag in ["--quiet", "-q"] {
        let quiet = project.run(&["check", flag, "notes.yaml"]);
        quiet.expect_code(1);
        let codes: Vec<&str> = findings(&quiet.stderr).iter().map(|f| f[0]).collect();
        assert_eq!(codes, ["factmark::anchor::orphaned"], "{}", quiet.stderr);
        // The error is reported as without --quiet, and the summary still
        // counts the warnings.
        assert!(loud.stderr.starts_with(&quiet.stderr), "{}", quiet.stderr);
        assert_eq!(quiet.stdout, loud.stdout);
        assert!(
            quiet.stdout.contains("1 error, 3 warnings"),
            "{}",
            quiet.stdout
        );
    }
}

#[test]
fn quiet_check_keeps_the_exit_code_of_warnings() {
    let project = Project::new(&[
        ("article.md", "The ministry said 38 people died.\n"),
        (
            "notes.yaml",
            "article: article.md\nreviewed: 2025-11-25\nannotations: []\n",
        ),
    ]);
    let quiet = project.run(&["check", "-q", "--fail-on", "warning", "notes.yaml"]);
    quiet.expect_code(1);
    assert_eq!(quiet.stderr, "");
    assert!(
        quiet.stdout.contains("0 errors, 1 warning"),
        "{}",
        quiet.stdout
    );
    project.run(&["check", "-q", "notes.yaml"]).expect_code(0);
}

#[test]
fn quiet_check_annotates_errors_only_on_github_and_leaves_json_whole() {
    let project = project_with_an_error();
    let github = project.run(&["check", "-q", "--format", "github", "notes.yaml"]);
    github.expect_code(1);
    let lines: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{}", github.stdout);
    assert!(
        lines[0].starts_with("::error file=notes.yaml,line=4,col="),
        "{}",
        github.stdout
    );
    let loud = project.run(&["check", "--format", "github", "notes.yaml"]);
    assert_eq!(loud.stdout.lines().count(), 4, "{}", loud.stdout);

    let json = project.run(&["check", "-q", "--format", "json", "notes.yaml"]);
    json.expect_code(1);
    let whole = project.run(&["check", "--format", "json", "notes.yaml"]);
    assert_eq!(json.stdout, whole.stdout);
}

// ---------------------------------------------------------------------------
// 3. render reports as build does
// ---------------------------------------------------------------------------

#[test]
fn render_prints_errors_in_full_and_counts_warnings() {
    let project = project_with_an_error();
    let render = project.run(&["render", "notes.yaml", "-o", "site/notes.html"]);
    render.expect_code(1);
    let codes: Vec<&str> = findings(&render.stderr).iter().map(|f| f[0]).collect();
    assert_eq!(codes, ["factmark::anchor::orphaned"], "{}", render.stderr);
    assert!(
        render.stderr.ends_with(
            "warning: notes.yaml: 3 × factmark::coverage::unannotated; \
             `factmark check notes.yaml` lists them\n"
        ),
        "{}",
        render.stderr
    );
    assert_narrow(&render.stderr);
}

#[test]
fn render_and_build_say_the_same_of_warnings() {
    let project = Project::new(&[
        (
            "article.md",
            "The ministry said 38 people died.\n\nBaku recalled its ambassador in July 2025.\n",
        ),
        (
            "notes.yaml",
            "article: article.md\nreviewed: 2025-11-25\nannotations:\n  \
             - quote: \"38 people died\"\n    verdict: opinion\n",
        ),
    ]);
    let render = project.run(&["render", "notes.yaml", "-o", "page/notes.html"]);
    render.expect_code(0);
    let build = project.run(&["build", "notes.yaml", "--out", "site"]);
    build.expect_code(0);
    assert_eq!(
        render.stderr,
        "warning: notes.yaml: 1 × factmark::anchor::unrecorded, \
         1 × factmark::coverage::unannotated; `factmark check notes.yaml` lists them\n"
    );
    assert_eq!(render.stderr, build.stderr);
    assert!(project.path().join("page/notes.html").is_file());
}

#[test]
fn the_summary_line_counts_one_annotation_in_the_singular() {
    let project = Project::new(&[
        ("article.md", "The 7 ships sank in 1906, the navy said.\n"),
        (
            "notes.yaml",
            "article: article.md\nreviewed: 2025-01-01\nannotations:\n  - quote: The 7 ships sank in 1906\n    sentence: s-00000000\n    verdict: opinion\n",
        ),
    ]);
    let run = project.run(&["check", "notes.yaml"]);
    assert!(
        run.stdout.starts_with("notes.yaml: 1 annotation, coverage"),
        "{}",
        run.stdout
    );
}
