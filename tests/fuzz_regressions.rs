//! Inputs that must never hang, panic or exhaust memory: what fuzzing kept
//! (`tests/fixtures/fuzz/`, see `fuzz/README.md`), YAML alias bombs and
//! files over the size limit.
//!
//! Kept fuzz inputs are replayed through the library exactly as the
//! `load_and_anchor` fuzz target runs them (`fuzz/pipeline.rs`), and through
//! the real binary; kept inputs of the `page` target (`tests/fixtures/fuzz/
//! page/`) are rendered as it renders them, and their pages judged by its
//! property (`fuzz/page_check.rs`), in the library and through the binary.
//! Bombs and huge files go to the real binary, which must
//! answer within seconds with a finding (exit 1) or a usage error (exit 2),
//! never a crash; on Linux it runs under a 1 GiB address-space limit, so
//! runaway memory fails the test instead of the machine.

#[path = "../fuzz/pipeline.rs"]
mod pipeline;

#[path = "../fuzz/page_check.rs"]
mod page_check;

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// How long a run may take, in a debug build on a slow CI machine.
const LIMIT: Duration = Duration::from_secs(10);

/// The address space the binary may use, in KiB.
const MEMORY_KIB: u64 = 1024 * 1024;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}

/// What one run of the binary did.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
    took: Duration,
}

/// Runs `factmark ARGS` in `dir`, with the memory limit where there is one,
/// killing it if it outlives [`LIMIT`] twice over.
fn factmark(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = common::factmark_bounded(dir, MEMORY_KIB);
    cmd.args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("factmark starts");
    // Read the pipes on threads so a chatty child never blocks on them.
    let mut out = child.stdout.take().expect("stdout is piped");
    let mut err = child.stderr.take().expect("stderr is piped");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut out, &mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut err, &mut s);
        s
    });
    let status = loop {
        if let Some(status) = child.try_wait().expect("factmark can be waited for") {
            break status;
        }
        if start.elapsed() > 2 * LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("factmark {args:?} still runs after {:?}: a hang", 2 * LIMIT);
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let took = start.elapsed();
    Run {
        code: status.code(),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        took,
    }
}

impl Run {
    /// Asserts a quick, orderly end with exit code `code`.
    fn expect(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit {code} (killed by a signal or out of memory when None)\n{self:#?}"
        );
        assert!(
            self.took < LIMIT,
            "took {:?}, over {LIMIT:?}\n{self:#?}",
            self.took
        );
        assert!(
            !self.stderr.contains("panicked"),
            "factmark panicked\n{self:#?}"
        );
        self
    }

    /// Asserts that stderr has `text`, however the report wrapped it.
    fn stderr_has(&self, text: &str) -> &Self {
        let unwrapped = |s: &str| {
            s.replace('│', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert!(
            unwrapped(&self.stderr).contains(&unwrapped(text)),
            "stderr lacks {text:?}\n{self:#?}"
        );
        self
    }
}

/// Writes `files` (name, contents) to a fresh temporary folder.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    for (name, contents) in files {
        fs::write(dir.path().join(name), contents).expect("the file is written");
    }
    dir
}

/// A kept fuzz input as the CLI sees it, split as the fuzz target splits it:
/// `article.md`, `review.yaml` (whose `article:` should name `article.md`)
/// and, when the input has a third part, `factmark.yaml`.
fn as_files(input: &[u8]) -> tempfile::TempDir {
    let (article, yaml, config) = pipeline::parts(input);
    let mut files: Vec<(&str, &[u8])> = vec![
        ("article.md", article.as_bytes()),
        ("review.yaml", yaml.as_bytes()),
    ];
    if let Some(config) = &config {
        files.push(("factmark.yaml", config.as_bytes()));
    }
    folder(&files)
}

// ---------------------------------------------------------------------------
// Kept fuzz inputs
// ---------------------------------------------------------------------------

/// Every kept input, through the library and through the binary: no panic,
/// no hang, and an exit code of 0, 1 or 2.
#[test]
fn kept_fuzz_inputs_neither_panic_nor_hang() {
    let mut inputs: Vec<PathBuf> = fs::read_dir(fixtures())
        .expect("tests/fixtures/fuzz exists")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin"))
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no kept inputs in tests/fixtures/fuzz");
    for path in inputs {
        let input = fs::read(&path).expect("the input is readable");
        let start = Instant::now();
        pipeline::run_input(&input);
        assert!(
            start.elapsed() < LIMIT,
            "{} took {:?} in the library",
            path.display(),
            start.elapsed()
        );
        let dir = as_files(&input);
        let run = factmark(dir.path(), &["check", "review.yaml"]);
        assert!(
            matches!(run.code, Some(0..=2)) && run.took < LIMIT,
            "{}: {run:#?}",
            path.display()
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{}: {run:#?}",
            path.display()
        );
    }
}

/// Every kept input of the `page` target, rendered with options covering
/// each of its choices, by the library and by `factmark render`: the page
/// has no forbidden character and no id twice, and its links and
/// ClaimReviews name elements of the page.
#[test]
fn kept_page_inputs_make_good_pages() {
    let mut inputs: Vec<PathBuf> = fs::read_dir(fixtures().join("page"))
        .expect("tests/fixtures/fuzz/page exists")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    inputs.sort();
    assert!(
        !inputs.is_empty(),
        "no kept inputs in tests/fixtures/fuzz/page"
    );
    for path in inputs {
        let bytes = fs::read(&path).expect("the input is readable");
        let source = String::from_utf8_lossy(&bytes);
        let sentences = factmark::segment::segment(&factmark::markup::parse(&source));
        // Every sentence, every other and every third; with a title and
        // without; raw HTML escaped and sanitised.
        for options in [0, 6, 11, 13] {
            let problems = page_check::check_article(options, &source);
            assert!(
                problems.is_empty(),
                "{} ({options}): {problems:#?}",
                path.display()
            );
            let yaml = page_check::annotation_file(options, &source, &sentences);
            let dir = folder(&[
                ("article.md", source.as_bytes()),
                ("review.yaml", yaml.as_bytes()),
            ]);
            let mut args = vec!["render", "review.yaml", "-o", "page.html"];
            if options & 8 != 0 {
                args.push("--allow-raw-html");
            }
            factmark(dir.path(), &args).expect(0);
            let page = fs::read_to_string(dir.path().join("page.html")).expect("a UTF-8 page");
            let problems = page_check::problems(&page);
            assert!(
                problems.is_empty(),
                "{} ({options}), the binary's page: {problems:#?}",
                path.display()
            );
        }
    }
}

/// `sentence:` values given through YAML aliases: `accept` writes the
/// current ids over the aliases, and the file then passes.
#[test]
fn accept_rewrites_sentence_ids_given_through_aliases() {
    let input = fs::read(fixtures().join("sentence-ids-through-aliases.bin")).expect("readable");
    let dir = as_files(&input);
    factmark(dir.path(), &["check", "review.yaml"])
        .expect(1)
        .stderr_has("factmark::anchor::changed");
    factmark(dir.path(), &["accept", "review.yaml"]).expect(0);
    let yaml = fs::read_to_string(dir.path().join("review.yaml")).expect("readable");
    assert!(!yaml.contains("sentence: *id"), "{yaml}");
    factmark(dir.path(), &["check", "review.yaml"]).expect(0);
}

// ---------------------------------------------------------------------------
// Alias bombs
// ---------------------------------------------------------------------------

/// "Billion laughs": nine levels of anchors, each a list of nine aliases of
/// the level below, 9^9 (387 million) strings once expanded. `entry` writes
/// one level, given its anchor and its list.
fn billion_laughs(entry: impl Fn(&str, &str) -> String) -> String {
    let mut yaml = entry("lol0", &["\"lol\""; 9].join(", "));
    for level in 1..=9 {
        let below = format!("*lol{}", level - 1);
        yaml.push_str(&entry(&format!("lol{level}"), &vec![below; 9].join(", ")));
    }
    yaml
}

const HEAD: &str = "article: article.md\nreviewed: 2026-01-01\n";
const ARTICLE: &[u8] = b"# A test\n\nThe sky is blue since 2024.\n";

#[test]
fn billion_laughs_is_a_quick_yaml_error() {
    // As keys of their own: `lol3: &lol3 [*lol2, *lol2, …]`.
    let yaml = format!(
        "{HEAD}{}",
        billion_laughs(|name, list| format!("{name}: &{name} [{list}]\n"))
    );
    let dir = folder(&[("article.md", ARTICLE), ("bomb.yaml", yaml.as_bytes())]);
    factmark(dir.path(), &["check", "bomb.yaml"])
        .expect(1)
        .stderr_has("unknown field `lol0`");
}

#[test]
fn billion_laughs_inside_a_list_is_a_quick_yaml_error() {
    // As the entries of `reviewers`: `- &lol3 [*lol2, *lol2, …]`.
    let yaml = format!(
        "{HEAD}reviewers:\n{}",
        billion_laughs(|name, list| format!("  - &{name} [{list}]\n"))
    );
    let dir = folder(&[("article.md", ARTICLE), ("bomb.yaml", yaml.as_bytes())]);
    factmark(dir.path(), &["check", "bomb.yaml"])
        .expect(1)
        .stderr_has("factmark::store::wrong-type");
}

/// Text values are what the annotation file's shape lets through, so the
/// bomb that gets furthest repeats one large string through aliases: here
/// 100 kB, aliased 1000 times (100 MB) under a hundred anchored annotations
/// that keep the alias/anchor ratio plausible.
fn string_bomb() -> String {
    let mut yaml = format!(
        "{HEAD}title: &t \"{}\"\nannotations:\n",
        "x".repeat(100_000)
    );
    for i in 0..100 {
        yaml.push_str(&format!("  - &e{i} {{quote: *t, verdict: opinion}}\n"));
    }
    yaml.push_str(&format!("reviewers: [{}]\n", vec!["*t"; 1000].join(", ")));
    yaml
}

#[test]
fn string_alias_bomb_is_stopped_by_the_yaml_budget() {
    let dir = folder(&[
        ("article.md", ARTICLE),
        ("bomb.yaml", string_bomb().as_bytes()),
    ]);
    let run = factmark(dir.path(), &["check", "bomb.yaml"]);
    run.expect(1)
        .stderr_has("factmark::store::yaml")
        .stderr_has("the YAML is too big to read: over 64 MB of text")
        .stderr_has("write each value out");
    // The message is whole: no " (defined" left over from serde-saphyr's
    // "(defined at line L, column C)".
    assert!(!run.stderr.contains("(defined"), "{run:#?}");
    assert!(
        run.stdout.contains("bomb.yaml: not checked, 1 error"),
        "{run:#?}"
    );
}

#[test]
fn string_alias_bomb_in_the_library_is_one_yaml_error() {
    let (set, findings) = factmark::store::parse(&string_bomb(), Path::new("bomb.yaml"));
    assert!(set.is_none());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let d = &findings[0];
    assert_eq!(d.code, factmark::diagnostic::codes::YAML);
    assert_eq!(
        d.message,
        "the YAML is too big to read: over 64 MB of text, counting each alias (`*name`) as a copy"
    );
    assert!(d.line > 0, "the finding is located: {d:#?}");
}

#[test]
fn alias_bomb_in_the_configuration_stops_the_run() {
    let mut config = format!(
        "policy:\n  fail-on: &t \"{}\"\nverdicts:\n",
        "x".repeat(100_000)
    );
    for i in 0..1000 {
        config.push_str(&format!("  - {{name: v{i}, label: *t}}\n"));
    }
    let dir = folder(&[
        ("article.md", ARTICLE),
        ("review.yaml", HEAD.as_bytes()),
        ("factmark.yaml", config.as_bytes()),
    ]);
    factmark(dir.path(), &["check", "review.yaml"])
        .expect(2)
        .stderr_has("the YAML is too big to read");
}

#[test]
fn deep_nesting_is_a_quick_yaml_error() {
    let depth = 100_000;
    let yaml = format!(
        "{HEAD}annotations: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let dir = folder(&[("article.md", ARTICLE), ("deep.yaml", yaml.as_bytes())]);
    factmark(dir.path(), &["check", "deep.yaml"])
        .expect(1)
        .stderr_has("factmark::store::");
}

// ---------------------------------------------------------------------------
// Files over the size limit
// ---------------------------------------------------------------------------

/// A sparse file one byte over the limit: no disk space, no time to write.
fn oversized(path: &Path) {
    let file = fs::File::create(path).expect("the file is created");
    file.set_len(factmark::project::MAX_INPUT_BYTES + 1)
        .expect("the file is extended");
}

#[test]
fn annotation_file_over_the_limit_is_refused_quickly() {
    let dir = folder(&[("article.md", ARTICLE)]);
    oversized(&dir.path().join("huge.yaml"));
    factmark(dir.path(), &["check", "huge.yaml"])
        .expect(2)
        .stderr_has("over the limit of 64 MB");
}

#[test]
fn article_over_the_limit_is_refused_quickly() {
    let dir = folder(&[("review.yaml", b"article: huge.md\nreviewed: 2026-01-01\n")]);
    oversized(&dir.path().join("huge.md"));
    factmark(dir.path(), &["check", "review.yaml"])
        .expect(2)
        .stderr_has("over the limit of 64 MB");
}

// ---------------------------------------------------------------------------
// Bounded suggestions
// ---------------------------------------------------------------------------

/// `anchor::closest_sentence` used to compare every orphaned quote with every
/// sentence by Levenshtein distance, at the product of their lengths: a
/// 100 kB quote orphaned in a 100 kB sentence took about 17 s in a release
/// build. The comparison is now bounded (see `SUGGESTION_*` there).
#[test]
fn a_long_orphaned_quote_is_reported_within_seconds() {
    let words = |n: usize, seed: usize| -> String {
        let vocabulary = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta"];
        (0..n)
            .map(|i| vocabulary[(i * 7 + i / 3 + seed) % vocabulary.len()])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let article = format!("Alpha {}.\n", words(16_000, 1));
    let yaml = format!(
        "{HEAD}annotations:\n  - quote: \"{} omega\"\n    verdict: opinion\n",
        words(16_000, 2)
    );
    let dir = folder(&[
        ("article.md", article.as_bytes()),
        ("long.yaml", yaml.as_bytes()),
    ]);
    factmark(dir.path(), &["check", "long.yaml"])
        .expect(1)
        .stderr_has("factmark::anchor::orphaned");
}

/// Past a hundred orphaned quotes in one file, no closest sentence is looked
/// for (each costs a pass over the article); the help points at `article:`.
#[test]
fn suggestions_stop_after_a_hundred_orphaned_quotes() {
    let article = "Baku recalled its ambassador in July 2025.\n";
    let mut yaml = format!("{HEAD}annotations:\n");
    for n in 0..150 {
        yaml.push_str(&format!(
            "  - quote: missing claim {n}\n    verdict: opinion\n"
        ));
    }
    let dir = folder(&[
        ("article.md", article.as_bytes()),
        ("many.yaml", yaml.as_bytes()),
    ]);
    factmark(dir.path(), &["check", "many.yaml"])
        .expect(1)
        .stderr_has("the closest sentence is article.md:1:1")
        .stderr_has("past the first 100 orphaned quotes of a file");
}

/// Twenty thousand identical sentences, each with an entry recording its
/// id, cost their number, not its square (this took 14 s in a release
/// build before).
#[test]
fn thousands_of_identical_recorded_sentences_are_checked_in_linear_time() {
    let dir = folder(&[(
        "article.md",
        "The army said 38 people died.\n\n"
            .repeat(20_000)
            .as_bytes(),
    )]);
    factmark(dir.path(), &["init", "article.md", "-o", "copies.yaml"]).expect(0);
    let scaffold = fs::read_to_string(dir.path().join("copies.yaml")).expect("the scaffold");
    let reviewed: String = scaffold
        .lines()
        .filter(|l| l.trim() != "note: \"\"")
        .map(|l| format!("{}\n", l.replace("verdict: unverified", "verdict: opinion")))
        .collect();
    fs::write(dir.path().join("copies.yaml"), reviewed).expect("the review");
    let check = factmark(dir.path(), &["check", "copies.yaml"]);
    check.expect(0);
    assert!(
        check.stdout.contains("20000 annotations, coverage 100%"),
        "{}",
        check.stdout
    );
}
