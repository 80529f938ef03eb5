//! The gate counts only what is valid: an annotation with errors covers no
//! sentence (so a fresh scaffold is at 0%), `build` writes no page for a
//! file with errors, and `init` leaves the schema its modeline names beside
//! the scaffold.

mod common;

use std::fs;
use std::path::Path;

use common::run;
use serde_json::Value;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Two check-worthy sentences and a question.
const ARTICLE: &str = "Baku recalled its ambassador in July 2025.\nMoscow summoned the Azerbaijani envoy two days later.\nIs this the end of the friendship?\n";

/// A temporary folder holding `article.md` ([`ARTICLE`]) and each of
/// `files` (name, text).
fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("article.md"), ARTICLE).expect("write the article");
    for (name, text) in files {
        let path = tmp.path().join(name);
        fs::create_dir_all(path.parent().expect("a folder")).expect("make the folder");
        fs::write(path, text).expect("write a file");
    }
    tmp
}

/// The only file of `check --format json`'s report.
fn checked(dir: &Path, file: &str) -> Value {
    let report = run(dir, &["check", file, "--format", "json"]).stdout_json();
    report["files"][0].clone()
}

fn codes(file: &Value) -> Vec<String> {
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_fresh_scaffold_covers_nothing_and_fails_a_coverage_bar() {
    let tmp = project(&[]);
    run(tmp.path(), &["init", "article.md", "-o", "review.yaml"]).expect_code(0);
    let scaffold = fs::read_to_string(tmp.path().join("review.yaml")).expect("the scaffold");
    assert_eq!(
        scaffold.matches("verdict: unverified").count(),
        2,
        "{scaffold}"
    );

    // Each stub anchors, but has no note yet: it reviews nothing.
    let file = checked(tmp.path(), "review.yaml");
    assert_eq!(file["coverage"], 0.0, "{file:#}");
    assert_eq!(
        (file["annotated"].as_u64(), file["checkworthy"].as_u64()),
        (Some(0), Some(2))
    );
    let found = codes(&file);
    assert_eq!(
        found
            .iter()
            .filter(|c| *c == "factmark::store::missing-field")
            .count(),
        2
    );
    assert_eq!(
        found
            .iter()
            .filter(|c| *c == "factmark::coverage::unannotated")
            .count(),
        2
    );

    let gate = run(
        tmp.path(),
        &["check", "review.yaml", "--min-coverage", "100"],
    );
    gate.expect_code(1);
    assert!(
        gate.stderr.contains("factmark::coverage::below-minimum")
            && gate
                .stderr
                .contains("coverage is 0% (0 of 2 check-worthy sentences annotated)"),
        "{}",
        gate.stderr
    );
    assert!(
        gate.stdout
            .contains("coverage 0% (0 of 2 check-worthy sentences)"),
        "{}",
        gate.stdout
    );

    // A stub given its note covers its sentence.
    let reviewed = scaffold.replacen("note: \"\"", "note: \"No record either way.\"", 1);
    fs::write(tmp.path().join("review.yaml"), &reviewed).expect("write");
    let file = checked(tmp.path(), "review.yaml");
    assert_eq!(
        (file["annotated"].as_u64(), file["coverage"].as_f64()),
        (Some(1), Some(50.0))
    );
}

#[test]
fn an_annotation_with_errors_does_not_cover_its_sentence() {
    let head = "article: article.md\nreviewed: 2025-11-25\nannotations:\n  - quote: Baku recalled its ambassador\n    verdict: supported\n    sources: [{url: https://example.org/recall}]\n";
    let cases = [
        (
            "an unknown verdict",
            "    verdict: suported\n    sources: [{url: https://example.org/summons}]\n",
            "factmark::store::unknown-verdict",
        ),
        (
            "a verdict without its source",
            "    verdict: supported\n",
            "factmark::store::missing-field",
        ),
        (
            "a source that is no web address",
            "    verdict: supported\n    sources: [{url: ftp://example.org/summons}]\n",
            "factmark::store::bad-url",
        ),
        (
            "a misdated date the sentence lacks",
            "    verdict: misdated\n    claimed: 2024\n    corrected: 2023\n    sources: [{url: https://example.org/summons}]\n",
            "factmark::anchor::claimed-date-not-found",
        ),
    ];
    for (what, entry, code) in cases {
        let yaml = format!("{head}  - quote: Moscow summoned the Azerbaijani envoy\n{entry}");
        let tmp = project(&[("review.yaml", &yaml)]);
        let file = checked(tmp.path(), "review.yaml");
        let found = codes(&file);
        assert!(found.iter().any(|c| c == code), "{what}: {found:?}");
        assert_eq!(
            (file["annotated"].as_u64(), file["coverage"].as_f64()),
            (Some(1), Some(50.0)),
            "{what} covers its sentence: {file:#}"
        );
        // The sentence is listed as still to review.
        let unannotated: Vec<&str> = file["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter(|d| d["code"] == "factmark::coverage::unannotated")
            .filter_map(|d| d["message"].as_str())
            .collect();
        assert!(
            unannotated.len() == 1 && unannotated[0].contains("Moscow summoned"),
            "{what}: {unannotated:?}"
        );
    }
    // Valid, both cover.
    let valid = format!(
        "{head}  - quote: Moscow summoned the Azerbaijani envoy\n    verdict: supported\n    sources: [{{url: https://example.org/summons}}]\n"
    );
    let tmp = project(&[("review.yaml", &valid)]);
    assert_eq!(checked(tmp.path(), "review.yaml")["coverage"], 100.0);
}

/// An `ignore` entry without its reason handles nothing either.
#[test]
fn an_ignore_entry_with_errors_does_not_cover_its_sentence() {
    let yaml = |reason: &str| {
        format!(
            "article: article.md\nreviewed: 2025-11-25\nignore:\n  - quote: Baku recalled\n{reason}"
        )
    };
    let tmp = project(&[
        ("without.yaml", &yaml("")),
        ("with.yaml", &yaml("    reason: a test\n")),
    ]);
    let without = checked(tmp.path(), "without.yaml");
    assert!(codes(&without).contains(&"factmark::store::missing-reason".to_owned()));
    assert_eq!(without["annotated"], 0, "{without:#}");
    assert_eq!(checked(tmp.path(), "with.yaml")["annotated"], 1);
}

const GOOD: &str = "article: article.md\nreviewed: 2025-11-25\nannotations:\n  - quote: Baku recalled its ambassador\n    verdict: supported\n    sources: [{url: https://example.org/recall}]\n";

#[test]
fn build_writes_no_page_for_a_file_with_errors() {
    let broken = GOOD.replace("verdict: supported", "verdict: suported");
    let tmp = project(&[
        (
            "annotations/good.yaml",
            &GOOD.replace("article.md", "../article.md"),
        ),
        (
            "annotations/broken.yaml",
            &broken.replace("article.md", "../article.md"),
        ),
    ]);
    let before = fs::read(tmp.path().join("annotations/broken.yaml")).expect("read");
    let build = run(tmp.path(), &["build"]);
    build.expect_code(1);
    let site = tmp.path().join("site");
    assert!(site.join("good.html").is_file(), "{}", build.stdout);
    assert!(!site.join("broken.html").exists(), "{}", build.stdout);
    assert!(
        build.stdout.contains("wrote site/good.html"),
        "{}",
        build.stdout
    );
    assert!(build.stdout.contains("(1 article)"), "{}", build.stdout);
    // The errors are printed as before.
    assert!(
        build.stderr.contains("factmark::store::unknown-verdict")
            && build.stderr.contains("broken.yaml"),
        "{}",
        build.stderr
    );
    let index = fs::read_to_string(site.join("index.html")).expect("the index");
    assert!(index.contains("href=\"good.html\""), "{index}");
    assert!(!index.contains("broken.html"), "{index}");
    assert_eq!(
        fs::read(tmp.path().join("annotations/broken.yaml")).expect("read"),
        before
    );
}

/// A page an earlier build wrote is removed once its file has errors: the
/// site never serves a review known to be wrong, and the index, which lists
/// only what this build wrote, does not lead to it.
#[test]
fn build_removes_the_stale_page_of_a_file_that_broke() {
    let good = GOOD.replace("article.md", "../article.md");
    let tmp = project(&[
        ("annotations/one.yaml", &good),
        ("annotations/two.yaml", &good),
    ]);
    run(tmp.path(), &["build"]).expect_code(0);
    let site = tmp.path().join("site");
    assert!(site.join("one.html").is_file() && site.join("two.html").is_file());

    // The article is edited: `two.yaml`'s recorded sentence no longer holds.
    let stale = good.replace(
        "verdict: supported",
        "sentence: s-00000000\n    verdict: supported",
    );
    fs::write(tmp.path().join("annotations/two.yaml"), stale).expect("write");
    let rebuild = run(tmp.path(), &["build"]);
    rebuild.expect_code(1);
    assert!(!site.join("two.html").exists(), "{}", rebuild.stdout);
    assert!(
        rebuild
            .stdout
            .contains("removed site/two.html (its annotation file has errors)"),
        "{}",
        rebuild.stdout
    );
    assert!(
        rebuild.stderr.contains("factmark::anchor::changed"),
        "{}",
        rebuild.stderr
    );
    let index = fs::read_to_string(site.join("index.html")).expect("the index");
    assert!(
        index.contains("one.html") && !index.contains("two.html"),
        "{index}"
    );

    // Mended, it is back.
    fs::write(tmp.path().join("annotations/two.yaml"), &good).expect("write");
    run(tmp.path(), &["build"]).expect_code(0);
    assert!(site.join("two.html").is_file());
}

/// The modeline `init` writes names a schema that exists, relative to the
/// scaffold: written beside it when missing, left alone when there.
#[test]
fn init_leaves_the_schema_its_modeline_names_beside_the_scaffold() {
    let tmp = project(&[]);
    let init = run(
        tmp.path(),
        &["init", "article.md", "-o", "reviews/2025/article.yaml"],
    );
    init.expect_code(0);
    let scaffold = tmp.path().join("reviews/2025/article.yaml");
    let yaml = fs::read_to_string(&scaffold).expect("the scaffold");
    let named = yaml
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("# yaml-language-server: $schema="))
        .unwrap_or_else(|| panic!("no modeline: {yaml}"));
    let schema = scaffold.parent().expect("a folder").join(named);
    let printed = run(tmp.path(), &["schema"]).expect_code(0).stdout.clone();
    assert_eq!(
        fs::read_to_string(&schema).expect("the schema the modeline names"),
        printed
    );
    assert!(
        init.stderr
            .contains("wrote reviews/2025/factmark.schema.json"),
        "{}",
        init.stderr
    );

    // A second scaffold in the folder finds it there and says nothing of it.
    let again = run(
        tmp.path(),
        &["init", "article.md", "-o", "reviews/2025/other.yaml"],
    );
    again.expect_code(0);
    assert!(!again.stderr.contains("schema"), "{}", again.stderr);

    // A different file of that name is never overwritten, but named.
    fs::write(&schema, "{}\n").expect("write");
    let third = run(
        tmp.path(),
        &["init", "article.md", "-o", "reviews/2025/third.yaml"],
    );
    third.expect_code(0);
    assert!(
        third
            .stderr
            .contains("warning: reviews/2025/factmark.schema.json is not the schema")
            && third
                .stderr
                .contains("`factmark schema > reviews/2025/factmark.schema.json`"),
        "{}",
        third.stderr
    );
    assert_eq!(fs::read_to_string(&schema).expect("read"), "{}\n");
}

/// The project's own schema sits beside its annotation files, where the
/// seed review's modeline and every scaffold's point.
#[test]
fn the_shipped_modelines_name_the_shipped_schema() {
    let annotations = repo().join("annotations");
    for entry in fs::read_dir(&annotations).expect("annotations/") {
        let path = entry.expect("an entry").path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(&path).expect("read");
            if let Some(named) = text
                .lines()
                .find_map(|l| l.strip_prefix("# yaml-language-server: $schema="))
            {
                assert!(
                    annotations.join(named).is_file(),
                    "{}: {named}",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn init_to_stdout_says_where_the_schema_goes() {
    let tmp = project(&[]);
    let init = run(tmp.path(), &["init", "article.md"]);
    init.expect_code(0);
    assert!(
        init.stdout
            .starts_with("# yaml-language-server: $schema=factmark.schema.json\n")
    );
    assert!(
        init.stderr
            .contains("`factmark schema > factmark.schema.json`"),
        "{}",
        init.stderr
    );
    assert!(!tmp.path().join("factmark.schema.json").exists());
}
