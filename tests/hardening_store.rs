//! Hardening of the annotation file's YAML (issue 14): a valid file of any
//! size under the input limit is read, alias bombs are refused quickly, a
//! control character is a YAML error that says so, and `accept` rewrites a
//! sentence id written in any YAML style without breaking the file.
//!
//! Every test runs the real binary in a temporary folder and checks that it
//! changed no input it was not asked to change.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

mod common;

use serde_json::Value;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// What one run printed and how it ended.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

impl Run {
    /// Panics with the whole output unless the run exited with `code`.
    fn expect(&self, code: i32) -> &Self {
        assert_eq!(self.code, Some(code), "{self:#?}");
        self
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("no JSON on stdout ({e}): {self:#?}"))
    }

    /// The one finding of the JSON report's only file.
    fn only_finding(&self) -> Value {
        let report = self.json();
        let findings = report["files"][0]["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("no findings: {report:#}"));
        assert_eq!(findings.len(), 1, "{report:#}");
        findings[0].clone()
    }
}

/// `factmark ARGS` in `dir`.
fn factmark(dir: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let output = common::factmark(dir)
        .args(args)
        .output()
        .expect("factmark can be started");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: start.elapsed(),
    }
}

/// How long a run that must be quick may take, in a debug build on a busy
/// machine.
const QUICK: Duration = Duration::from_secs(10);

/// The address space a run that must stay small may use, in KiB.
const MEMORY_KIB: u64 = 512 * 1024;

/// `factmark ARGS` in `dir`, on Linux under a [`MEMORY_KIB`] address-space
/// limit, so that a runaway allocation fails the run instead of the machine.
fn factmark_bounded(dir: &Path, args: &[&str]) -> Run {
    let start = Instant::now();
    let output = common::factmark_bounded(dir, MEMORY_KIB)
        .args(args)
        .output()
        .expect("factmark can be started");
    Run {
        code: output.status.code(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        took: start.elapsed(),
    }
}

/// A fresh folder with `files` (name, contents).
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, contents) in files {
        fs::write(dir.path().join(name), contents).expect("the file is written");
    }
    dir
}

/// Every file in `dir` and its bytes.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fs::read_dir(dir)
        .expect("the folder is readable")
        .map(|entry| {
            let path = entry.expect("a folder entry").path();
            let bytes = fs::read(&path).expect("the file is readable");
            (path, bytes)
        })
        .collect()
}

/// stderr with miette's wrapping and gutters undone, for searching.
fn unwrapped(text: &str) -> String {
    text.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn snapshot(name: &str, description: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_prepend_module_to_snapshot(true);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

const HEAD: &str = "article: article.md\nreviewed: 2025-11-25\n";

// ---------------------------------------------------------------------------
// Item 1: large files and alias bombs
// ---------------------------------------------------------------------------

/// An article of `n` sentences and a ~200-byte annotation for each, one of
/// whose values has an escape (`\u00e9`), which leaves the file to
/// serde-saphyr.
fn large_review(n: usize) -> (String, String) {
    let sentence = |i: usize| format!("Sentence number {i} says that {i} people came.");
    let article: Vec<String> = (0..n).map(sentence).collect();
    let mut yaml = format!("{HEAD}annotations:\n");
    for i in 0..n {
        yaml.push_str(&format!(
            "  - quote: \"{}\"\n    verdict: supported\n    note: \"A note long enough for a file of five megabytes, on claim {i}.\"\n    sources:\n      - url: https://example.org/{i}\n",
            sentence(i)
        ));
    }
    yaml.push_str("    correction: \"caf\\u00e9\"\n");
    (article.join(" ") + "\n", yaml)
}

#[test]
fn a_valid_5_mb_file_read_by_serde_saphyr_is_read_whole() {
    let n = 25_000;
    let (article, yaml) = large_review(n);
    // Big enough for serde-saphyr's default budget (250,000 values) to
    // refuse, and not one the fast reader reads.
    assert!(yaml.len() > 5_000_000, "{} bytes", yaml.len());
    assert!(!factmark::store::fast_accepts(&yaml));
    let dir = folder(&[
        ("article.md", article.as_bytes()),
        ("big.yaml", yaml.as_bytes()),
    ]);
    let before = contents(dir.path());
    let run = factmark(dir.path(), &["check", "big.yaml", "--format", "json"]);
    run.expect(0);
    let report = run.json();
    assert_eq!(report["files"][0]["annotated"], n, "{}", run.stderr);
    // Nothing is wrong, but no annotation records its sentence id.
    let diagnostics = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    assert_eq!(diagnostics.len(), n);
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] == "factmark::anchor::unrecorded" && d["severity"] == "warning")
    );
    assert_eq!(contents(dir.path()), before);
}

/// A bomb that fits the annotation file's shape: an annotation with a
/// thousand aliases of one source, repeated through a thousand aliases, a
/// million sources once expanded. `padding` bytes of title before it make
/// the file larger without adding values.
fn alias_bomb(padding: usize) -> String {
    let mut yaml = HEAD.to_owned();
    if padding > 0 {
        yaml.push_str(&format!("title: \"{}\"\n", "x".repeat(padding)));
    }
    yaml.push_str("annotations:\n  - &a\n    quote: died\n    verdict: opinion\n    sources:\n");
    yaml.push_str("      - &s {url: https://example.org/a, title: t}\n");
    yaml.push_str(&"      - *s\n".repeat(1000));
    yaml.push_str(&"  - *a\n".repeat(1000));
    yaml
}

/// Runs `check` on `yaml` as an alias bomb: refused quickly, in bounded
/// memory, with one finding that names the limit and the cure. Returns
/// the human report.
fn refuse_bomb(yaml: &str) -> String {
    let dir = folder(&[
        ("article.md", b"38 people died.\n"),
        ("bomb.yaml", yaml.as_bytes()),
    ]);
    let before = contents(dir.path());
    let run = factmark_bounded(dir.path(), &["check", "bomb.yaml"]);
    assert_eq!(run.code, Some(1), "killed (None) or not refused: {run:#?}");
    assert!(run.took < QUICK, "took {:?}: {run:#?}", run.took);
    let stderr = unwrapped(&run.stderr);
    assert!(stderr.contains("factmark::store::yaml"), "{run:#?}");
    assert!(
        stderr.contains(
            "the YAML is too big to read: aliases (`*name`) repeat values over 250,000 times"
        ),
        "{run:#?}"
    );
    assert!(
        stderr.contains("factmark's files need no anchors or aliases"),
        "{run:#?}"
    );
    assert!(
        run.stdout.contains("bomb.yaml: not checked, 1 error"),
        "{run:#?}"
    );
    assert_eq!(contents(dir.path()), before);
    run.stderr
}

#[test]
fn an_alias_bomb_is_refused_quickly_with_what_stopped_it() {
    let stderr = refuse_bomb(&alias_bomb(0));
    snapshot(
        "alias_bomb",
        "factmark check bomb.yaml (alias_bomb(0)), stderr",
        &stderr,
    );
}

#[test]
fn an_alias_bomb_in_a_large_file_stops_as_soon() {
    // 3 MB: serde-saphyr's limits on values and events have grown past what
    // the bomb repeats, and the limit on aliases has not.
    refuse_bomb(&alias_bomb(3_000_000));
}

// ---------------------------------------------------------------------------
// Item 2: control characters
// ---------------------------------------------------------------------------

/// An annotation file in plain block YAML, which the fast reader reads when
/// `quote` is plain text.
fn plain_file(quote: &str) -> String {
    format!(
        "{HEAD}annotations:\n  - quote: \"{quote}\"\n    verdict: supported\n    sources:\n      - url: https://example.org/toll\n"
    )
}

/// A file that goes to serde-saphyr whatever `note` holds: it has an escape
/// and a folded block scalar, whose third line is `note`.
fn serde_saphyr_file(note: &str) -> String {
    format!(
        "{HEAD}annotations:\n  - quote: \"38 people \\x64ied\"\n    verdict: supported\n    note: >-\n      The toll\n      was\n      {note}\n    sources: [{{url: https://example.org/toll}}]\n"
    )
}

/// Checks `yaml` with a control character at `line`:`column`: one YAML
/// syntax error there, with help about control characters, and no input
/// changed.
fn control_character_is_reported(yaml: &str, character: char, line: u64, column: u64) {
    let dir = folder(&[
        ("article.md", b"The ministry said 38 people died.\n"),
        ("review.yaml", yaml.as_bytes()),
    ]);
    let before = contents(dir.path());
    let run = factmark(dir.path(), &["check", "review.yaml", "--format", "json"]);
    run.expect(1);
    let finding = run.only_finding();
    let what = format!("U+{:04X} in {yaml:?}", u32::from(character));
    assert_eq!(
        finding["code"], "factmark::store::yaml",
        "{what}: {finding:#}"
    );
    assert_eq!(
        finding["message"],
        format!(
            "the YAML has a control character (U+{:04X}), which YAML does not allow",
            u32::from(character)
        ),
        "{what}"
    );
    assert_eq!(
        finding["help"],
        "remove it: YAML text holds no control characters but tabs and line breaks \
         (to keep one, write it as an escape in double quotes, such as \"\\x1b\")",
        "{what}"
    );
    assert_eq!(
        (&finding["line"], &finding["column"]),
        (&Value::from(line), &Value::from(column)),
        "{what}: {finding:#}"
    );
    assert_eq!(contents(dir.path()), before, "{what}");
}

/// NUL, other C0 controls, DEL and a C1 control: none is allowed in YAML.
const FORBIDDEN: [char; 6] = ['\0', '\u{1}', '\u{8}', '\u{1b}', '\u{7f}', '\u{81}'];

#[test]
fn a_control_character_in_plain_block_yaml_is_a_yaml_error() {
    assert!(factmark::store::fast_accepts(&plain_file("38 people died")));
    for character in FORBIDDEN {
        // `  - quote: "38 people` is 21 characters.
        control_character_is_reported(
            &plain_file(&format!("38 people{character} died")),
            character,
            4,
            22,
        );
    }
}

#[test]
fn a_control_character_in_yaml_for_serde_saphyr_is_located() {
    assert!(!factmark::store::fast_accepts(&serde_saphyr_file("38")));
    for character in FORBIDDEN {
        // The parser points at the block scalar's start, line 7; the
        // character is on its third line, after `      38`.
        control_character_is_reported(
            &serde_saphyr_file(&format!("38{character}")),
            character,
            9,
            9,
        );
    }
}

#[test]
fn allowed_unusual_characters_are_read() {
    // A tab inside a value, a next-line (U+0085) and a byte order mark
    // inside a quoted value are all YAML text.
    for quote in [
        "38\tpeople died",
        "38 people\u{85} died",
        "38 \u{feff}people",
    ] {
        let dir = folder(&[
            ("article.md", b"The ministry said 38 people died.\n"),
            ("review.yaml", plain_file(quote).as_bytes()),
        ]);
        let run = factmark(dir.path(), &["check", "review.yaml", "--format", "json"]);
        let report = run.json();
        let codes: Vec<&Value> = report["files"][0]["diagnostics"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|d| &d["code"])
            .collect();
        assert!(
            codes.iter().all(|c| !c
                .as_str()
                .is_some_and(|c| c.starts_with("factmark::store::"))),
            "{quote:?}: {report:#}"
        );
    }
}

// ---------------------------------------------------------------------------
// Item 3: `accept` and the styles of a sentence id
// ---------------------------------------------------------------------------

/// `tests/fixtures/broken/changed-sentence.yaml` with its `sentence:` value
/// written as `value` (which ends with its line break).
fn changed(value: &str) -> String {
    format!(
        "# The quote matches, but the recorded sentence id is not the sentence's.\n{HEAD}annotations:\n  - quote: \"38 people died\"\n    sentence: {value}    verdict: supported\n    sources:\n      - url: https://example.org/toll\n"
    )
}

/// The fixture's article, whose second sentence is now `s-cdccae23`.
fn article() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken/article.md");
    fs::read(path).expect("the fixture is readable")
}

/// Runs `accept` on `yaml`, expects `expected` back, and `check` then to
/// find the annotation anchored and nothing wrong with the file.
fn accept_rewrites(yaml: &str, expected: &str) {
    let article = article();
    let dir = folder(&[("article.md", &article), ("review.yaml", yaml.as_bytes())]);
    let check = factmark(dir.path(), &["check", "review.yaml", "--format", "json"]);
    check.expect(1);
    assert!(
        check.stdout.contains("factmark::anchor::changed"),
        "{yaml}: {check:#?}"
    );
    let run = factmark(dir.path(), &["accept", "review.yaml"]);
    run.expect(0);
    assert!(
        run.stdout
            .contains("review.yaml: recorded 1 changed sentence id"),
        "{yaml}: {run:#?}"
    );
    let after = fs::read_to_string(dir.path().join("review.yaml")).expect("readable");
    assert_eq!(after, expected, "from:\n{yaml}");
    assert_eq!(
        fs::read(dir.path().join("article.md")).expect("readable"),
        article
    );
    let check = factmark(dir.path(), &["check", "review.yaml", "--format", "json"]);
    check.expect(0);
    let report = check.json();
    assert_eq!(report["files"][0]["verdicts"]["supported"], 1, "{after}");
    let errors: Vec<&Value> = report["files"][0]["diagnostics"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|d| d["severity"] == "error" || d["file"] == "review.yaml")
        .collect();
    assert!(errors.is_empty(), "{after}\n{report:#}");
}

#[test]
fn accept_rewrites_a_block_scalar_id_as_a_plain_one() {
    // (the value as written, as `accept` leaves it)
    let styles = [
        (">-\n      s-00000000\n", "s-cdccae23\n"),
        (">\n      s-00000000\n", "s-cdccae23\n"),
        ("|\n      s-00000000\n", "s-cdccae23\n"),
        ("|-\n      s-00000000\n", "s-cdccae23\n"),
        ("|+\n      s-00000000\n\n", "s-cdccae23\n\n"),
        (">2-\n      s-00000000\n", "s-cdccae23\n"),
        ("|-4\n        s-00000000\n", "s-cdccae23\n"),
        (
            "|-  # re-reviewed | twice\n      s-00000000\n",
            "s-cdccae23  # re-reviewed | twice\n",
        ),
        (">-\n\n      s-00000000\n\n", "s-cdccae23\n\n"),
        (
            ">-\n      s-00000000\n    # a comment after the value\n",
            "s-cdccae23\n    # a comment after the value\n",
        ),
        ("!!str >-\n      s-00000000\n", "!!str s-cdccae23\n"),
        (
            "# the id:\n      >-\n        s-00000000\n",
            "# the id:\n      s-cdccae23\n",
        ),
    ];
    for (value, rewritten) in styles {
        accept_rewrites(&changed(value), &changed(rewritten));
    }
}

#[test]
fn accept_rewrites_quoted_plain_and_flow_ids_in_place() {
    let styles = [
        ("s-00000000\n", "s-cdccae23\n"),
        (
            "s-00000000   # as reviewed\n",
            "s-cdccae23   # as reviewed\n",
        ),
        ("'s-00000000'\n", "'s-cdccae23'\n"),
        (
            "\"s-00000000\"  # as reviewed\n",
            "\"s-cdccae23\"  # as reviewed\n",
        ),
        ("\n      s-00000000\n", "\n      s-cdccae23\n"),
        (
            "# as reviewed: |\n      s-00000000\n",
            "# as reviewed: |\n      s-cdccae23\n",
        ),
    ];
    for (value, rewritten) in styles {
        accept_rewrites(&changed(value), &changed(rewritten));
    }
    let flow = |id: &str| {
        format!(
            "{HEAD}annotations:\n  - {{quote: \"38 people died\", sentence: {id},\n     verdict: supported, sources: [{{url: https://example.org/toll}}]}}\n"
        )
    };
    for (id, rewritten) in [
        ("s-00000000", "s-cdccae23"),
        ("'s-00000000'", "'s-cdccae23'"),
        ("\"s-00000000\"", "\"s-cdccae23\""),
    ] {
        accept_rewrites(&flow(id), &flow(rewritten));
    }
}
