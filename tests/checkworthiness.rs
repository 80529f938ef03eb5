//! Check-worthiness end to end: the model trains reproducibly, scores stay
//! in range, structure and questions are no claims, and the project's
//! threshold reaches `sentences`, `check` and `init` alike.

mod common;

use std::fs;
use std::path::Path;

use common::{Run, factmark};
use factmark::segment::worthy::Model;
use factmark::segment::worthy::train::{Example, Settings, train};
use proptest::prelude::*;
use serde_json::Value;

fn slice() -> Vec<Example> {
    let json = fs::read_to_string("tests/fixtures/claimbuster/slice.json").expect("the slice");
    let rows: Vec<Value> = serde_json::from_str(&json).expect("JSON");
    rows.iter()
        .map(|row| Example {
            text: factmark::fold::fold(row["text"].as_str().expect("text")),
            checkworthy: row["label"] == 1,
        })
        .collect()
}

#[test]
fn retraining_on_the_same_slice_gives_the_same_bytes() {
    let examples = slice();
    let settings = Settings {
        folds: 3,
        ..Settings::default()
    };
    let first = train(&examples, &settings);
    let second = train(&examples, &settings);
    let bytes = first.model.to_bytes();
    assert_eq!(bytes, second.model.to_bytes(), "two trainings differ");
    assert_eq!(
        Model::from_bytes(&bytes).expect("it reads back"),
        first.model
    );
    // It learned something: claims score higher than the rest on average.
    let mean = |claims: bool| {
        let scores: Vec<f64> = examples
            .iter()
            .filter(|e| e.checkworthy == claims)
            .map(|e| first.model.assess(&e.text).score)
            .collect();
        scores.iter().sum::<f64>() / scores.len() as f64
    };
    assert!(
        mean(true) > mean(false) + 0.2,
        "{} vs {}",
        mean(true),
        mean(false)
    );
    // The threshold keeps the recall it was chosen for, out of fold.
    assert!(first.pooled.recall >= settings.recall, "{:?}", first.pooled);
    assert_eq!(first.folds.len(), 3);
}

#[test]
fn the_shipped_model_is_small_and_its_threshold_documented() {
    let bytes = fs::read("models/checkworthy.model").expect("the model file");
    assert!(bytes.len() <= 2 * 1024 * 1024, "{} bytes", bytes.len());
    let model = Model::from_bytes(&bytes).expect("well formed");
    let readme = fs::read_to_string("README.md").expect("README");
    let threshold = format!("{:.2}", model.threshold());
    assert!(
        readme.contains(&format!("by default\n**{threshold}**"))
            || readme.contains(&format!("by default **{threshold}**")),
        "the README should give the default threshold, {threshold}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// A score is a probability, and white space at the end changes nothing.
    #[test]
    fn scores_are_probabilities_unmoved_by_a_trailing_space(text in "\\PC{0,300}") {
        let model = Model::shipped();
        let assessment = model.assess(&text);
        prop_assert!((0.0..=1.0).contains(&assessment.score));
        prop_assert_eq!(model.assess(&format!("{text} ")), assessment);
    }

    /// The same for news-like sentences, where the score is not always
    /// near the ends.
    #[test]
    fn news_sentences_score_the_same_with_a_trailing_space(
        words in proptest::collection::vec(
            proptest::sample::select(vec![
                "The", "minister", "said", "42", "percent", "of", "voters", "in", "Baku",
                "on", "December", "25,", "2024", "\"never\"", "rose", "$5", "million", "I",
                "think", "we", "must", "act", "now", "taxes", "fell", "by", "half",
            ]),
            1..30,
        ),
    ) {
        let text = format!("{}.", words.join(" "));
        let model = Model::shipped();
        let assessment = model.assess(&text);
        prop_assert!((0.0..=1.0).contains(&assessment.score));
        prop_assert_eq!(model.assess(&format!("{text} ")), assessment);
        prop_assert_eq!(model.explain(&format!("{text} ")), model.explain(&text));
    }
}

/// A news article with the furniture real pages have around the claims.
const NEWS: &str = "\
# Election results

By Jane Doe and John Roe, Reuters

September 20, 2024 / 5:33 AM / Updated an hour ago

2 Min Read

Turnout rose to 71 percent on Sunday, the highest since 1992, the electoral commission said.

## Others

Is this the end of the two-party system?

[Read more: how the count works](https://example.org/count)

- [Ireland votes in a divided year](https://example.org/a)
- [The parties, explained](https://example.org/b)

Additional reporting by Ann Smith; Editing by Tom Brown

© 2024 Reuters.
";

fn sentences(dir: &Path, article: &str) -> Vec<Value> {
    let run = Run::of(
        factmark(dir)
            .args(["sentences", article, "--format", "json"])
            .output()
            .expect("runs"),
        "sentences".into(),
    );
    run.expect_code(0);
    run.stdout_json().as_array().expect("an array").clone()
}

fn by_text<'a>(sentences: &'a [Value], start: &str) -> &'a Value {
    sentences
        .iter()
        .find(|s| s["text"].as_str().is_some_and(|t| t.starts_with(start)))
        .unwrap_or_else(|| panic!("no sentence starts with {start:?}"))
}

#[test]
fn structure_and_questions_are_no_claims_and_say_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("news.md"), NEWS).expect("write");
    let all = sentences(dir.path(), "news.md");
    for (start, why) in [
        ("Election results", "label"),
        ("By Jane Doe", "byline"),
        ("Others", "label"),
        ("Is this the end", "question"),
        ("Read more", "link-only"),
        ("Ireland votes", "link-only"),
        ("The parties, explained", "link-only"),
        ("Additional reporting by", "byline"),
        ("September 20, 2024", "timestamp"),
        ("2 Min Read", "timestamp"),
        ("© 2024 Reuters", "byline"),
    ] {
        let s = by_text(&all, start);
        assert_eq!(s["checkworthy"], false, "{s:#}");
        assert_eq!(s["score"], 0.0, "{s:#}");
        assert_eq!(s["reasons"], serde_json::json!([why]), "{s:#}");
    }
    // The claim: named cues first, then the words that weighed most.
    let claim = by_text(&all, "Turnout rose");
    assert_eq!(claim["checkworthy"], true, "{claim:#}");
    let reasons: Vec<&str> = claim["reasons"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r.as_str().expect("text"))
        .collect();
    let cues = ["year", "number", "amount", "attribution", "comparison"];
    assert_eq!(reasons[..cues.len()], cues, "{claim:#}");
    let words = &reasons[cues.len()..];
    assert!(
        (1..=3).contains(&words.len())
            && words.iter().all(|r| r.starts_with('“') && r.ends_with('”')),
        "{claim:#}"
    );
}

#[test]
fn the_project_threshold_reaches_sentences_check_and_init() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    fs::write(root.join("news.md"), NEWS).expect("write");
    let checkworthy = |root: &Path| {
        sentences(root, "news.md")
            .iter()
            .filter(|s| s["checkworthy"] == true)
            .count()
    };
    assert_eq!(checkworthy(root), 1);

    fs::write(
        root.join("factmark.yaml"),
        "policy:\n  checkworthy-threshold: 1\n",
    )
    .expect("write");
    assert_eq!(checkworthy(root), 0, "nothing scores 1");
    let init = Run::of(
        factmark(root)
            .args(["init", "news.md"])
            .output()
            .expect("runs"),
        "init".into(),
    );
    init.expect_code(0);
    assert!(init.stdout.contains("annotations: []"), "{}", init.stdout);
    fs::write(
        root.join("news.yaml"),
        "article: news.md\nreviewed: 2026-01-01\nannotations: []\n",
    )
    .expect("write");
    let check = Run::of(
        factmark(root)
            .args([
                "check",
                "news.yaml",
                "--min-coverage",
                "100",
                "--format",
                "json",
            ])
            .output()
            .expect("runs"),
        "check".into(),
    );
    check.expect_code(0);
    assert_eq!(check.stdout_json()["files"][0]["checkworthy"], 0);

    fs::write(
        root.join("factmark.yaml"),
        "policy:\n  checkworthy-threshold: 0\n",
    )
    .expect("write");
    let every = sentences(root, "news.md");
    let scored = every.iter().filter(|s| {
        s["reasons"].as_array().is_some_and(|r| {
            !r.iter().any(|r| {
                ["label", "byline", "link-only", "question", "timestamp"]
                    .contains(&r.as_str().unwrap_or(""))
            })
        })
    });
    assert!(scored.clone().count() > 0);
    assert!(
        scored.clone().all(|s| s["checkworthy"] == true),
        "{every:#?}"
    );
}

#[test]
fn a_threshold_outside_zero_to_one_is_a_configuration_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("news.md"), NEWS).expect("write");
    fs::write(
        dir.path().join("factmark.yaml"),
        "policy:\n  checkworthy-threshold: 80%\n",
    )
    .expect("write");
    let run = Run::of(
        factmark(dir.path())
            .args(["sentences", "news.md"])
            .output()
            .expect("runs"),
        "sentences".into(),
    );
    run.expect_code(2);
    assert!(
        run.stderr.contains("checkworthy-threshold"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("factmark.yaml:2:"), "{}", run.stderr);
}
