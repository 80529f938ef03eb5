//! The corpus generator (`factmark::corpus`): deterministic output, and a
//! generated project that the pipeline and the `factmark` binary accept.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

mod common;

use common::factmark;
use factmark::anchor::{self, AnchorState};
use factmark::corpus::{self, CorpusOptions};
use factmark::diagnostic::codes;
use factmark::{coverage, markup, segment, store};
use serde_json::Value;

/// Every file under `dir`, by path relative to it, with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in fs::read_dir(dir).expect("readable folder") {
            let path = entry.expect("folder entry").path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let bytes = fs::read(&path).expect("readable file");
                out.insert(path.strip_prefix(root).unwrap().to_path_buf(), bytes);
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn small(articles: usize) -> CorpusOptions {
    CorpusOptions {
        articles,
        sentences_per_article: 60,
        ..CorpusOptions::default()
    }
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    assert_eq!(corpus::article(42, 150), corpus::article(42, 150));
    assert_eq!(
        corpus::article_of_size(42, 20_000),
        corpus::article_of_size(42, 20_000)
    );
    assert_ne!(
        corpus::article(42, 150).markdown,
        corpus::article(43, 150).markdown
    );

    let options = small(6);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let stats_a = corpus::write_corpus(a.path(), &options).unwrap();
    let stats_b = corpus::write_corpus(b.path(), &options).unwrap();
    assert_eq!(stats_a, stats_b);
    let (files_a, files_b) = (files(a.path()), files(b.path()));
    assert_eq!(files_a.len(), 12);
    assert_eq!(files_a, files_b);
    assert_eq!(stats_a.files, 12);
    assert_eq!(
        stats_a.markdown_bytes + stats_a.yaml_bytes,
        files_a.values().map(Vec::len).sum::<usize>()
    );
    // What is written is what `nth_article` returns.
    let third = corpus::nth_article(&options, 2);
    assert_eq!(files_a[&third.article_path()], third.markdown.as_bytes());
    assert_eq!(files_a[&third.annotations_path()], third.yaml.as_bytes());
    assert!(third.stem.starts_with("0003-"), "{}", third.stem);

    let other = CorpusOptions {
        seed: 1,
        ..options.clone()
    };
    assert_ne!(corpus::nth_article(&other, 2), third);
}

#[test]
fn a_big_article_anchors_every_annotation() {
    let generated = corpus::article_of_size(7, 400_000);
    assert!(generated.markdown.len() >= 400_000);
    let article = markup::parse(&generated.markdown);
    let sentences = segment::segment(&article);
    let (set, findings) = store::parse(&generated.yaml, Path::new("annotations/big.yaml"));
    assert!(findings.is_empty(), "{findings:?}");
    let set = set.expect("the generated YAML parses");
    assert_eq!(set.annotations.len(), generated.annotations);
    assert_eq!(
        set.article.value,
        Path::new("articles").join(format!("{}.md", generated.stem))
    );

    let review = anchor::anchor(article, sentences, set);
    // Only the annotations that record no sentence id are worth a word.
    let other: Vec<_> = review
        .findings
        .iter()
        .filter(|d| d.code != codes::UNRECORDED || d.is_error())
        .collect();
    assert!(other.is_empty(), "{:?}", &other[..other.len().min(3)]);
    assert!(review.states.iter().all(|s| *s == AnchorState::Anchored));

    // About one annotation per three sentences, every verdict among them.
    let ratio = generated.annotations as f64 / generated.sentences as f64;
    assert!((0.30..0.36).contains(&ratio), "{ratio}");
    let cov = coverage::measure(&review);
    assert_eq!(cov.verdicts.len(), 8, "{:?}", cov.verdicts);
    assert!((20.0..50.0).contains(&cov.coverage), "{}", cov.coverage);
}

#[test]
fn a_generated_project_passes_check_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let stats = corpus::write_corpus(dir.path(), &small(5)).unwrap();
    assert_eq!(stats.articles, 5);

    // No errors: only coverage warnings and those for annotations without
    // an id, and no bar by default.
    let out = factmark(dir.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let report: Value = serde_json::from_str(&stdout).expect("JSON report");
    assert_eq!(report["ok"], true);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 5);
    let mut annotations = 0;
    for file in files {
        // `verdicts` counts the anchored annotations.
        annotations += file["verdicts"]
            .as_object()
            .unwrap()
            .values()
            .map(|n| n.as_u64().unwrap() as usize)
            .sum::<usize>();
        for d in file["diagnostics"].as_array().unwrap() {
            assert_eq!(d["severity"], "warning", "{d}");
            assert!(
                d["code"] == "factmark::coverage::unannotated"
                    || d["code"] == "factmark::anchor::unrecorded",
                "{d}"
            );
        }
        let coverage = file["coverage"].as_f64().unwrap();
        assert!((15.0..60.0).contains(&coverage), "{coverage}");
    }
    assert_eq!(annotations, stats.annotations);

    factmark(dir.path()).arg("check").assert().code(0);
    // A coverage bar the corpus does not reach fails the gate.
    factmark(dir.path())
        .args(["check", "--min-coverage", "90"])
        .assert()
        .code(1);

    factmark(dir.path()).arg("build").assert().code(0);
    let mut pages: Vec<String> = fs::read_dir(dir.path().join("site"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = (0..5)
        .map(|i| format!("{}.html", corpus::nth_article(&small(5), i).stem))
        .collect();
    expected.extend(["index.html", "feed.xml", "claims.json"].map(str::to_owned));
    expected.sort();
    assert_eq!(pages, expected);
}

/// Files are built and checked in parallel, yet what is printed comes out in
/// file order, the same on every run; `build` counts a file's warnings
/// where `check` lists each one.
#[test]
fn parallel_runs_report_in_file_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    corpus::write_corpus(dir.path(), &small(24)).expect("corpus written");
    let output = |args: &[&str]| {
        let out = factmark(dir.path())
            .args(args)
            .output()
            .expect("factmark runs");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, stdout, stderr) = output(&["build"]);
    assert_eq!(code, Some(0), "{stderr}");
    let wrote: Vec<&str> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("wrote site/"))
        .filter(|l| l.ends_with(".html") && !l.starts_with("index.html"))
        .collect();
    assert_eq!(wrote.len(), 24, "{stdout}");
    let mut sorted = wrote.clone();
    sorted.sort_unstable();
    assert_eq!(wrote, sorted, "pages are reported in file order");
    // One summary line per file with unannotated sentences, none listed.
    let summaries: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(summaries.len(), 24, "{stderr}");
    assert!(
        summaries[0].contains("× factmark::coverage::unannotated; `factmark check"),
        "{}",
        summaries[0]
    );
    assert!(
        !stderr.contains("has no annotation"),
        "build lists no sentence"
    );
    // A rebuild reports the same pages in the same order, each unchanged.
    let rebuilt = output(&["build"]).1;
    assert_eq!(rebuilt, stdout.replace("wrote ", "unchanged "));
    assert_eq!(
        output(&["build"]).1,
        rebuilt,
        "the same output on every run"
    );

    let (code, stdout, stderr) = output(&["check"]);
    assert_eq!(code, Some(0), "{stderr}");
    let checked: Vec<&str> = stdout
        .lines()
        .map(|l| l.split(':').next().unwrap_or(""))
        .collect();
    let mut sorted = checked.clone();
    sorted.sort_unstable();
    assert_eq!(checked.len(), 24);
    assert_eq!(checked, sorted, "files are summarised in file order");
    assert!(
        stderr.contains("has no annotation"),
        "check lists every sentence"
    );
}
