//! One schema, one truth: the shipped JSON Schema is what `factmark schema`
//! prints, and a real validator (the `jsonschema` crate, draft 2020-12)
//! judging annotation files by it agrees with `factmark check`. It passes
//! every valid fixture and the seed's review, and refuses every broken
//! fixture whose fault JSON Schema can express; the rest are listed below,
//! each with the reason a schema cannot see it.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::run;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The schema `factmark schema` prints in `dir`, whose `factmark.yaml`, if
/// any, gives the verdicts.
fn schema_in(dir: &Path) -> Value {
    run(dir, &["schema"]).expect_code(0).stdout_json()
}

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::new(schema).expect("the schema compiles")
}

/// Annotation file `yaml` as JSON, as an editor's YAML support hands it to
/// a validator; `Err` when it is not YAML that can be read at all.
fn as_json(yaml: &str) -> Result<Value, String> {
    serde_saphyr::from_str(yaml).map_err(|e| e.to_string())
}

/// Why `validator` refuses `instance`: one `path: message` per fault.
fn refusals(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The codes of the errors `factmark check` reports on annotation file
/// `file` in `dir`, except coverage's, which are about the article's
/// sentences, not the file.
fn check_errors(dir: &Path, file: &str) -> Vec<String> {
    let check = run(dir, &["check", file, "--format", "json"]);
    let report = check.stdout_json();
    report["files"][0]["diagnostics"]
        .as_array()
        .unwrap_or_else(|| panic!("no diagnostics in {report}"))
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter_map(|d| d["code"].as_str())
        .filter(|code| !code.starts_with("factmark::coverage::"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn shipped_schema_is_current() {
    let printed = run(&repo(), &["schema"]).expect_code(0).stdout.clone();
    let shipped = fs::read_to_string(repo().join("annotations/factmark.schema.json"))
        .expect("annotations/factmark.schema.json");
    assert_eq!(
        printed, shipped,
        "annotations/factmark.schema.json is stale: run `cargo run -- schema > annotations/factmark.schema.json`"
    );
    assert!(printed.contains("\"additionalProperties\": false"));
}

#[test]
fn the_schema_is_a_valid_json_schema_with_and_without_a_vocabulary() {
    for dir in [repo(), repo().join("tests/fixtures/config")] {
        let schema = schema_in(&dir);
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!(
                "the schema in {} breaks its meta-schema: {e}",
                dir.display()
            );
        }
        assert_eq!(
            schema["$schema"],
            "https://json-schema.org/draft/2020-12/schema"
        );
    }
}

/// Project configurations among the fixtures: not annotation files.
const CONFIGURATIONS: &[&str] = &["config/factmark.yaml", "config/broken.yaml"];

/// Broken fixtures whose fault the schema expresses, and what it says.
const REFUSED: &[(&str, &str)] = &[
    ("broken/empty-quote.yaml", "a quote of white space only"),
    ("broken/false-without-note.yaml", "`false` requires a note"),
    ("broken/impossible-date.yaml", "no 30 February"),
    ("broken/non-http-source.yaml", "an ftp:// source"),
    (
        "broken/supported-without-source.yaml",
        "`supported` requires a source",
    ),
    ("broken/unknown-key.yaml", "`sourcs` is no key"),
    ("broken/unknown-verdict.yaml", "`disputd` is no verdict"),
    ("broken/wrong-type.yaml", "`sources` is a text, not a list"),
    (
        "config/opinion.yaml",
        "its project's vocabulary turns `opinion` off",
    ),
];

/// Broken fixtures whose fault JSON Schema cannot express, and why.
const BEYOND_A_SCHEMA: &[(&str, &str)] = &[
    (
        "broken/ambiguous-quote.yaml",
        "the quote occurs twice in the article, which a schema does not read",
    ),
    (
        "broken/changed-sentence.yaml",
        "the recorded id is well-formed but not the id of the quote's sentence in the article",
    ),
    (
        "broken/claimed-date-not-in-sentence.yaml",
        "the claimed date is not in the quote's sentence of the article",
    ),
    (
        "broken/orphaned-quote.yaml",
        "the quote occurs nowhere in the article",
    ),
    (
        "broken/quote-spans-sentences.yaml",
        "the quote runs across a sentence boundary of the article",
    ),
    (
        "broken/missing-article.yaml",
        "the article file does not exist",
    ),
    (
        "broken/not-utf8-article.yaml",
        "the article file is not UTF-8",
    ),
    (
        "broken/duplicate-key.yaml",
        "a key given twice is a YAML fault: a JSON object cannot hold it",
    ),
    (
        "broken/tab-indentation.yaml",
        "YAML syntax: a tab indents, which YAML forbids",
    ),
    (
        "broken/yaml-syntax-error.yaml",
        "YAML syntax: a quote is never closed",
    ),
];

/// Every annotation file under `tests/fixtures` (as `folder/name.yaml`).
fn fixture_files() -> Vec<String> {
    let root = repo().join("tests/fixtures");
    let mut files = Vec::new();
    for folder in fs::read_dir(&root).expect("tests/fixtures") {
        let folder = folder.expect("an entry").path();
        if !folder.is_dir() {
            continue;
        }
        for file in fs::read_dir(&folder).expect("a fixture folder") {
            let file = file.expect("an entry").path();
            if file.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                let relative = file.strip_prefix(&root).expect("under the root");
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// The fixture's folder, where `check` and `schema` run (so a project's
/// `factmark.yaml` applies), its file name and its text.
fn fixture(name: &str) -> (PathBuf, String, String) {
    let path = repo().join("tests/fixtures").join(name);
    let dir = path.parent().expect("a folder").to_path_buf();
    let file = path
        .file_name()
        .expect("a name")
        .to_string_lossy()
        .into_owned();
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    (dir, file, text)
}

#[test]
fn every_valid_fixture_and_the_seed_review_pass() {
    let listed: Vec<&str> = CONFIGURATIONS
        .iter()
        .copied()
        .chain(REFUSED.iter().map(|(name, _)| *name))
        .chain(BEYOND_A_SCHEMA.iter().map(|(name, _)| *name))
        .collect();
    let mut valid: Vec<(PathBuf, String, String)> = fixture_files()
        .iter()
        .filter(|name| !listed.contains(&name.as_str()))
        .map(|name| fixture(name))
        .collect();
    assert!(valid.len() >= 4, "too few valid fixtures: {valid:?}");
    let seed = repo().join("annotations/azerbaijan-russia.yaml");
    valid.push((
        repo(),
        "annotations/azerbaijan-russia.yaml".to_owned(),
        fs::read_to_string(seed).expect("the seed review"),
    ));
    for (dir, file, yaml) in valid {
        let what = dir.join(&file).display().to_string();
        assert_eq!(
            check_errors(&dir, &file),
            Vec::<String>::new(),
            "{what} is not valid: classify it in tests/schema.rs"
        );
        let instance = as_json(&yaml).unwrap_or_else(|e| panic!("{what}: {e}"));
        let refused = refusals(&validator(&schema_in(&dir)), &instance);
        assert!(
            refused.is_empty(),
            "the schema refuses {what}: {refused:#?}"
        );
    }
}

#[test]
fn the_schema_refuses_every_broken_fixture_it_can() {
    let files = fixture_files();
    for (name, fault) in REFUSED {
        assert!(files.iter().any(|f| f == name), "no fixture {name}");
        let (dir, file, yaml) = fixture(name);
        assert_ne!(check_errors(&dir, &file), Vec::<String>::new(), "{name}");
        let instance = as_json(&yaml).unwrap_or_else(|e| panic!("{name}: {e}"));
        let refused = refusals(&validator(&schema_in(&dir)), &instance);
        assert!(
            !refused.is_empty(),
            "the schema passes {name}, which has {fault}"
        );
    }
}

/// The faults a schema cannot see: `check` finds each, and the schema
/// passes the file (or a validator cannot read it as data at all). If the
/// schema learns to refuse one, move it to [`REFUSED`].
#[test]
fn the_faults_beyond_a_schema_are_listed_with_why() {
    let files = fixture_files();
    for (name, why) in BEYOND_A_SCHEMA {
        assert!(files.iter().any(|f| f == name), "no fixture {name}");
        let (dir, file, yaml) = fixture(name);
        let check = run(&dir, &["check", &file, "--format", "json"]);
        assert_ne!(
            check.code, 0,
            "`check` passes {name}, which is broken: {why}"
        );
        if let Ok(instance) = as_json(&yaml) {
            let refused = refusals(&validator(&schema_in(&dir)), &instance);
            assert!(
                refused.is_empty(),
                "the schema now refuses {name}; move it to REFUSED: {refused:#?}"
            );
        }
    }
}

const ARTICLE: &str = "The ministry said 38 people died on December 25, 2024.\n\nAdditional reporting by Jane Roe in Baku.\n";

const HEAD: &str = "article: article.md\nreviewed: 2025-11-25\n";

/// What the schema says of annotation file `yaml` (its refusals), and the
/// codes of the errors `factmark check` finds in it while loading it.
fn judged(yaml: &str) -> (Vec<String>, Vec<String>) {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("article.md"), ARTICLE).expect("write");
    fs::write(tmp.path().join("review.yaml"), yaml).expect("write");
    let instance = as_json(yaml).unwrap_or_else(|e| panic!("{yaml}: {e}"));
    let refused = refusals(&validator(&schema_in(&repo())), &instance);
    let loading = check_errors(tmp.path(), "review.yaml")
        .into_iter()
        .filter(|code| code.starts_with("factmark::store::"))
        .collect();
    (refused, loading)
}

/// The loader and the schema agree, value by value: what one accepts the
/// other accepts (YAML booleans and numbers where text is expected, bare
/// years and dates), and what one refuses the other refuses.
#[test]
fn the_schema_and_check_agree_value_by_value() {
    let misdated = "  - quote: 38 people died\n    verdict: misdated\n    sources: [{url: https://example.org}]\n";
    let accepted = [
        format!(
            "{HEAD}annotations:\n  - quote: 38 people died\n    verdict: false\n    note: Fewer died.\n    sources: [{{url: https://example.org}}]\n"
        ),
        format!("{HEAD}annotations:\n{misdated}    claimed: 2024\n    corrected: 2023-12-25\n"),
        format!("{HEAD}annotations:\n{misdated}    claimed: 2024-12-25\n    corrected: 2023\n"),
        format!("{HEAD}annotations:\n{misdated}    claimed: \"2024-12\"\n    corrected: 2023-11\n"),
        "article: article.md\nreviewed: 2025\npublished: 2001\n".to_owned(),
        "article: article.md\nreviewed: 2024-02-29\npublished: 2000-02-29\n".to_owned(),
        format!("{HEAD}title: 1984\nauthor: true\nreviewers: [Desk, 2]\n"),
        format!("{HEAD}title: ~\nauthor:\n"),
        format!(
            "{HEAD}annotations:\n  - quote: 38\n    verdict: opinion\n    note: ~\n    claimed: ~\n    correction: 5\n"
        ),
        format!(
            "{HEAD}annotations:\n  - quote: 38\n    verdict: supported\n    sources:\n      - url: HTTPS://EXAMPLE.ORG\n        date: 2024\n"
        ),
        format!("{HEAD}annotations:\n  - quote: 38\n    verdict: unverified\n    note: 42\n"),
        format!(
            "{HEAD}annotations:\n  - quote: 38\n    sentence: s-0123abcd-2\n    verdict: opinion\n"
        ),
        format!("{HEAD}annotations: []\nignore: []\n"),
    ];
    for yaml in &accepted {
        let (refused, loading) = judged(yaml);
        assert_eq!(loading, Vec::<String>::new(), "check refuses:\n{yaml}");
        assert_eq!(refused, Vec::<String>::new(), "the schema refuses:\n{yaml}");
    }
    let refused_by_both = [
        format!("{HEAD}annotations:\n  - quote: 38\n    verdict: true\n"),
        format!("{HEAD}annotations:\n  - quote: 38\n    verdict: Opinion\n"),
        "article: article.md\nreviewed: 2025-02-29\n".to_owned(),
        "article: article.md\nreviewed: 2025-13\n".to_owned(),
        "article: article.md\nreviewed: 0999\n".to_owned(),
        "article: article.md\nreviewed: 25-11-2025\n".to_owned(),
        "article: ''\nreviewed: 2025-11-25\n".to_owned(),
        "article: article.md\n".to_owned(),
        format!("{HEAD}published: true\n"),
        format!("{HEAD}title: [a, b]\n"),
        format!("{HEAD}reviewers: ~\n"),
        format!("{HEAD}annotations: ~\n"),
        format!("{HEAD}annotations:\n  - quote: ''\n    verdict: opinion\n"),
        format!("{HEAD}annotations:\n  - verdict: opinion\n"),
        format!("{HEAD}annotations:\n  - quote: 38\n"),
        format!("{HEAD}annotations:\n  - quote: 38\n    verdict: supported\n    sources: []\n"),
        format!(
            "{HEAD}annotations:\n  - quote: 38\n    verdict: supported\n    sources: [{{url: https://}}]\n"
        ),
        format!(
            "{HEAD}annotations:\n  - quote: 38\n    verdict: supported\n    sources: [{{url: mailto:desk@example.org}}]\n"
        ),
        format!(
            "{HEAD}annotations:\n  - quote: 38\n    verdict: supported\n    sources: [{{url: 'https://example.org', date: 2024-02-30}}]\n"
        ),
        format!("{HEAD}annotations:\n  - quote: 38\n    verdict: unverified\n    note: '  '\n"),
        format!("{HEAD}annotations:\n  - quote: 38\n    verdict: unverified\n"),
        format!("{HEAD}annotations:\n  - quote: 38\n    verdict: opinion\n    claimed: 2024\n"),
        format!("{HEAD}annotations:\n{misdated}    claimed: 2024-12-25\n"),
        format!("{HEAD}annotations:\n  - quote: 38\n    verdict: opinion\n    sentence: s-XYZ\n"),
        format!(
            "{HEAD}annotations:\n  - quote: 38\n    verdict: opinion\n    sentence: 12345678\n"
        ),
    ];
    for yaml in &refused_by_both {
        let (refused, loading) = judged(yaml);
        assert_ne!(loading, Vec::<String>::new(), "check accepts:\n{yaml}");
        assert_ne!(refused, Vec::<String>::new(), "the schema accepts:\n{yaml}");
    }
}

/// `claimed` may be the date as the article writes it ("April 25"); the
/// schema leaves checking it to `check`, which reads the article.
#[test]
fn the_schema_takes_a_claimed_date_as_the_article_writes_it() {
    let validator = validator(&schema_in(&repo()));
    for claimed in [
        "\"April 25\"",
        "25 April",
        "Nov. 28, 1905",
        "1905",
        "1905-11-28",
    ] {
        let yaml = format!(
            "{HEAD}annotations:\n  - quote: x\n    verdict: misdated\n    claimed: {claimed}\n    corrected: 1905-11-28\n    sources: [{{url: https://example.org}}]\n"
        );
        let instance = as_json(&yaml).expect("YAML");
        assert_eq!(
            refusals(&validator, &instance),
            Vec::<String>::new(),
            "{yaml}"
        );
    }
}

/// The schema's verdicts and what each requires come from the project's
/// vocabulary: `satire` (a verdict of its own) requires a note there.
#[test]
fn the_schema_follows_the_project_vocabulary() {
    let validator = validator(&schema_in(&repo().join("tests/fixtures/config")));
    let satire = |note: &str| {
        as_json(&format!(
            "{HEAD}annotations:\n  - quote: x\n    verdict: satire\n{note}"
        ))
        .expect("YAML")
    };
    assert_eq!(
        refusals(&validator, &satire("    note: A joke.\n")),
        Vec::<String>::new()
    );
    let refused = refusals(&validator, &satire(""));
    assert!(
        refused.iter().any(|r| r.contains("note")),
        "satire without a note: {refused:?}"
    );
    // The default schema knows no satire.
    let standard = self::validator(&schema_in(&repo()));
    assert!(!refusals(&standard, &satire("    note: A joke.\n")).is_empty());
}

#[test]
fn the_schema_and_check_accept_an_ignore_list() {
    let yaml = format!(
        "{HEAD}ignore:\n  - quote: Additional reporting by\n    sentence: {}\n    reason: credit line\n  - quote: Jane Roe\n    reason: byline\n",
        sentence_id("Additional reporting by Jane Roe in Baku.")
    );
    let (refused, loading) = judged(&yaml);
    assert_eq!(refused, Vec::<String>::new());
    assert_eq!(loading, Vec::<String>::new());
    // The schema has the list, and an entry's three keys, two of them required.
    let schema = schema_in(&repo());
    assert_eq!(schema["properties"]["ignore"]["type"], "array");
    let entry = &schema["$defs"]["RawIgnore"];
    let mut keys: Vec<&str> = entry["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["quote", "reason", "sentence"]);
    assert_eq!(entry["required"], serde_json::json!(["quote", "reason"]));
    assert_eq!(entry["additionalProperties"], false);
}

#[test]
fn the_schema_and_check_refuse_an_ignore_entry_without_reason_or_with_an_unknown_key() {
    for (entry, code) in [
        ("  - quote: Jane Roe\n", "factmark::store::missing-reason"),
        (
            "  - quote: Jane Roe\n    reason: ''\n",
            "factmark::store::missing-reason",
        ),
        (
            "  - quote: Jane Roe\n    reason: byline\n    note: x\n",
            "factmark::store::unknown-key",
        ),
        ("  - reason: byline\n", "factmark::store::missing-key"),
    ] {
        let yaml = format!("{HEAD}annotations: []\nignore:\n{entry}");
        let (refused, loading) = judged(&yaml);
        assert_eq!(
            refused.len(),
            1,
            "the schema should refuse:\n{yaml}\n{refused:?}"
        );
        assert!(refused[0].starts_with("/ignore/0"), "{refused:?}");
        assert_eq!(loading, [code], "{yaml}");
    }
}

/// The id of the sentence of `ARTICLE` whose text is `text`, as
/// `factmark sentences` gives it.
fn sentence_id(text: &str) -> String {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("a.md"), ARTICLE).expect("write");
    let sentences = run(tmp.path(), &["sentences", "a.md", "--format", "json"])
        .expect_code(0)
        .stdout_json();
    sentences
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["text"] == text)
        .and_then(|s| s["id"].as_str())
        .expect("the sentence is listed")
        .to_owned()
}
