//! Issue 14, the page and the article: a hostile article or annotation file
//! cannot put a forbidden character or a duplicate id into the page, and an
//! article saved with a byte-order mark or old Mac line ends is read, and
//! pointed into, as an editor sees it.
//!
//! Every test runs the real binary in a fresh temporary folder, checks the
//! exit code and the message, and that no input file changed. Pages are
//! judged by `fuzz/page_check.rs`, the property the `page` fuzz target
//! asserts.

// Shared with the `page` fuzz target; not every helper is used here.
#[allow(dead_code)]
#[path = "../fuzz/page_check.rs"]
mod page_check;

mod common;

use std::fs;
use std::path::Path;

use common::factmark;
use serde_json::Value;

/// A temporary project with `files` (name, contents) in it.
struct Project {
    dir: tempfile::TempDir,
    files: Vec<(String, Vec<u8>)>,
}

impl Project {
    fn new(files: &[(&str, &[u8])]) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, contents) in files {
            fs::write(dir.path().join(name), contents).expect("the file is written");
        }
        Project {
            dir,
            files: files
                .iter()
                .map(|(name, contents)| (name.to_string(), contents.to_vec()))
                .collect(),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs `factmark ARGS`, asserts exit code `code` and that no input
    /// changed; returns (stdout, stderr).
    fn run(&self, args: &[&str], code: i32) -> (String, String) {
        let output = factmark(self.path())
            .args(args)
            .output()
            .expect("factmark starts");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(
            output.status.code(),
            Some(code),
            "factmark {args:?}\n--- stdout\n{stdout}\n--- stderr\n{stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        for (name, contents) in &self.files {
            let now = fs::read(self.path().join(name)).expect("the input is still there");
            assert!(now == *contents, "factmark {args:?} changed {name}");
        }
        (stdout, stderr)
    }

    /// The page `render FILE -o page.html [EXTRA]` writes, checked to be
    /// valid UTF-8 with no problem `page_check` knows of.
    fn page(&self, file: &str, extra: &[&str]) -> String {
        let mut args = vec!["render", file, "-o", "page.html"];
        args.extend(extra);
        self.run(&args, 0);
        let page = fs::read_to_string(self.path().join("page.html")).expect("a UTF-8 page");
        let problems = page_check::problems(&page);
        assert!(problems.is_empty(), "{extra:?}: {problems:#?}");
        page
    }

    /// `sentences ARTICLE --format json`, as (line, column, start, end, text).
    fn sentences(&self, article: &str) -> Vec<(u64, u64, u64, u64, String)> {
        let (stdout, _) = self.run(&["sentences", article, "--format", "json"], 0);
        let json: Value = serde_json::from_str(&stdout).expect("JSON");
        json.as_array()
            .expect("an array")
            .iter()
            .map(|s| {
                let n = |key: &str| s[key].as_u64().expect("a number");
                let text = s["text"].as_str().expect("text").to_owned();
                (n("line"), n("column"), n("start"), n("end"), text)
            })
            .collect()
    }
}

/// Every C0 control but tab, LF and CR, then DEL, two C1 controls and two
/// noncharacters.
fn controls() -> String {
    let mut s: String = (0u8..0x20)
        .filter(|b| !matches!(b, b'\t' | b'\n' | b'\r'))
        .map(char::from)
        .collect();
    s.push_str("\u{7f}\u{80}\u{9f}\u{fdd0}\u{fffe}");
    s
}

const REVIEWED: &str = "article: article.md\nreviewed: 2025-01-01\n";

#[test]
fn nul_and_control_characters_never_reach_the_page() {
    let c = controls();
    let article = format!(
        "# Head\0ing {c}\n\nA claim with NUL \0 and {c} in it. Entities &#0; &#1; &#x7f; &#x85;.\n\n\
         Inline `co\0de{c}` and <b>\0{c}</b> and [a link{c}](https://e.org/{c}).\n\n\
         ```\ncode\0block{c}\n```\n\n<div>\0raw{c}html</div>\n\n| a{c} | b |\n| --- | --- |\n| \0 | x |\n"
    );
    // Double-quoted YAML takes the characters as escapes.
    let yaml = format!(
        "{REVIEWED}title: \"T\\0i\\x01tle\\x7f\\x85\\uFFFE\"\nreviewers: [\"Desk\\0\"]\n\
         annotations:\n  - quote: \"A claim with NUL\"\n    verdict: supported\n\
         \x20   note: \"a\\0note\\x1b[31m\\x7f\"\n    correction: \"cor\\0rected\\x0c\"\n\
         \x20   sources:\n      - url: https://e.org/\n        title: \"So\\0urce\\x02\"\n\
         \x20       publisher: \"Pub\\x85\"\n"
    );
    let project = Project::new(&[
        ("article.md", article.as_bytes()),
        ("review.yaml", yaml.as_bytes()),
    ]);
    for extra in [&[][..], &["--allow-raw-html"]] {
        let page = project.page("review.yaml", extra);
        // Each forbidden character became U+FFFD, in the text and in the
        // JSON-LD alike; none was dropped.
        assert!(
            page.contains(
                "<title>T\u{fffd}i\u{fffd}tle\u{fffd}\u{fffd}\u{fffd} — reviewed</title>"
            ),
            "{page}"
        );
        assert!(page.contains("\"name\":\"T\u{fffd}i\u{fffd}tle\u{fffd}\u{fffd}\u{fffd}\""));
        assert!(page.contains("\"reviewBody\":\"a\u{fffd}note\u{fffd}[31m\u{fffd}\""));
        assert!(page.contains("a\u{fffd}note\u{fffd}[31m\u{fffd}</p>"));
        // (The form feed was trimmed as white space.)
        assert!(page.contains("cor\u{fffd}rected</span>"));
        assert!(page.contains("So\u{fffd}urce\u{fffd}</a> — Pub\u{fffd}"));
        assert!(page.contains("by Desk\u{fffd}"));
        // The article's: pulldown-cmark makes NUL U+FFFD itself; the rest
        // were written raw before.
        let scrubbed = "\u{fffd}".repeat(c.chars().count());
        assert!(page.contains(&format!("code\u{fffd}block{scrubbed}\n</code>")));
        assert!(page.contains(&format!("<code>co\u{fffd}de{scrubbed}</code>")));
        assert!(page.contains("Entities \u{fffd} \u{fffd} \u{fffd} \u{fffd}."));
    }
}

#[test]
fn footnote_ids_are_unique_and_references_find_their_definition() {
    let article = "Dots[^a.b], dashes[^a-b], twice[^d], case[^Note] and [^ß].\n\n\
                   [^a.b]: Dotted.\n[^a-b]: Dashed.\n[^d]: First d.\n[^d]: Second d.\n\
                   [^note]: Noted.\n[^SS]: Sharp.\n";
    let project = Project::new(&[
        ("article.md", article.as_bytes()),
        ("review.yaml", REVIEWED.as_bytes()),
    ]);
    let page = project.page("review.yaml", &[]);
    let footnotes: Vec<&str> = page_check::ids(&page)
        .into_iter()
        .filter(|id| id.starts_with("fn-"))
        .collect();
    assert_eq!(
        footnotes,
        ["fn-a-b", "fn-a-b-2", "fn-d", "fn-d-2", "fn-note", "fn-SS"]
    );
    // Each reference links to its own label's (first) definition.
    let definition = |id: &str| {
        let open = format!("<div class=\"footnote\" id=\"{id}\">");
        let at = page.find(&open).expect("the definition is on the page") + open.len();
        page[at..]
            .split("</div>")
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    for (label, target, text) in [
        ("a.b", "fn-a-b", "Dotted."),
        ("a-b", "fn-a-b-2", "Dashed."),
        ("d", "fn-d", "First d."),
        ("Note", "fn-note", "Noted."),
        ("ß", "fn-SS", "Sharp."),
    ] {
        let reference = format!("<sup class=\"fnref\"><a href=\"#{target}\">{label}</a></sup>");
        assert!(page.contains(&reference), "no {reference} in\n{page}");
        assert!(definition(target).contains(text), "{target}: {page}");
    }
}

#[test]
fn sentences_sharing_an_id_get_an_anchor_each() {
    // Two different sentences with one 32-bit fingerprint.
    let article = "Prices rose in town 9927. Prices rose in town 167567.\n";
    let project = Project::new(&[("article.md", article.as_bytes())]);
    let sentences = project.sentences("article.md");
    let id = |i: usize| {
        let (stdout, _) = project.run(&["sentences", "article.md", "--format", "json"], 0);
        let json: Value = serde_json::from_str(&stdout).expect("JSON");
        json[i]["id"].as_str().expect("an id").to_owned()
    };
    assert_eq!(sentences.len(), 2);
    let shared = id(0);
    assert_eq!(shared, id(1), "the two sentences share an id");
    let yaml = format!(
        "{REVIEWED}annotations:\n  - quote: town 9927\n    verdict: opinion\n  - quote: town 167567\n    verdict: opinion\n"
    );
    fs::write(project.path().join("review.yaml"), &yaml).expect("written");
    let page = project.page("review.yaml", &[]);
    let anchors: Vec<&str> = page_check::ids(&page)
        .into_iter()
        .filter(|id| id.starts_with("s-"))
        .collect();
    assert_eq!(anchors, [shared.clone(), format!("{shared}-2")]);
    assert!(page.contains(&format!("\"url\":\"page.html#{shared}\"")));
    assert!(page.contains(&format!("\"url\":\"page.html#{shared}-2\"")));
}

#[test]
fn a_byte_order_mark_is_no_text_but_counts_in_offsets() {
    let article = "\u{feff}# The heading\n\nOne claim. Another claim.\n";
    let project = Project::new(&[
        ("article.md", article.as_bytes()),
        ("review.yaml", REVIEWED.as_bytes()),
    ]);
    // The first heading is the title, not the file stem.
    let page = project.page("review.yaml", &[]);
    assert!(
        page.contains("<title>The heading — reviewed</title>"),
        "{page}"
    );
    // The heading repeats the title, which the page shows once.
    assert!(!page.contains("<h2>"), "{page}");
    // Offsets are into the file as read (the mark's three bytes count, as
    // editors' byte offsets do); columns count what an editor shows.
    let sentences = project.sentences("article.md");
    assert_eq!(
        sentences,
        [
            (1, 3, 5, 16, "The heading".to_owned()),
            (3, 1, 18, 28, "One claim.".to_owned()),
            (3, 12, 29, 43, "Another claim.".to_owned()),
        ]
    );
    for (_, _, start, end, text) in &sentences {
        assert_eq!(&article[*start as usize..*end as usize], text);
    }
    // In plain text too.
    let plain = "\u{feff}One claim. Another claim.\n";
    fs::write(project.path().join("plain.txt"), plain).expect("written");
    let (stdout, _) = project.run(
        &["sentences", "plain.txt", "--plain", "--format", "json"],
        0,
    );
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json[0]["text"], "One claim.");
    assert_eq!(
        (&json[0]["line"], &json[0]["column"]),
        (&1.into(), &1.into())
    );
    assert_eq!(json[0]["start"], 3);
}

/// What `positions_with` finds, as (line, column) pairs.
#[derive(Debug, PartialEq)]
struct Positions {
    /// Each sentence's.
    sentences: Vec<(u64, u64)>,
    /// The message about the ambiguous quote, which lists its places.
    ambiguous: String,
    /// Each finding's about the article (the unannotated claims).
    findings: Vec<(u64, u64)>,
}

/// The [`Positions`] in an article whose lines end with `eol`.
fn positions_with(eol: &str) -> Positions {
    let article = "# Rain\n\nIt rained on Monday. Then it rained and rained.\nIt rained again.\n\nIn 2024, 40 mm of rain fell in Baku.\n"
        .replace('\n', eol);
    let yaml = format!("{REVIEWED}annotations:\n  - quote: rained\n    verdict: opinion\n");
    let project = Project::new(&[
        ("article.md", article.as_bytes()),
        ("review.yaml", yaml.as_bytes()),
    ]);
    let sentences = project.sentences("article.md");
    for (_, _, start, end, text) in &sentences {
        assert_eq!(&article[*start as usize..*end as usize], text);
    }
    let sentences = sentences.iter().map(|s| (s.0, s.1)).collect();
    let (stdout, _) = project.run(&["check", "review.yaml", "--format", "json"], 1);
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let diagnostics = json["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics");
    let ambiguous = diagnostics
        .iter()
        .find(|d| d["code"] == "factmark::anchor::ambiguous")
        .expect("the quote is ambiguous");
    let findings = diagnostics
        .iter()
        .filter(|d| d["file"] == "article.md")
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    Positions {
        sentences,
        ambiguous: ambiguous["message"].as_str().unwrap_or_default().to_owned(),
        findings,
    }
}

#[test]
fn lone_carriage_returns_end_lines_as_crlf_and_lf_do() {
    let lf = positions_with("\n");
    assert_eq!(lf.sentences, [(1, 3), (3, 1), (3, 22), (4, 1), (6, 1)]);
    assert!(!lf.findings.is_empty(), "some claims are unannotated");
    assert!(
        lf.findings.iter().all(|p| lf.sentences.contains(p)),
        "{lf:?}"
    );
    for eol in ["\r", "\r\n"] {
        assert_eq!(positions_with(eol), lf, "line ends {eol:?}");
    }
}

#[test]
fn an_ambiguous_quote_lists_each_place_where_it_starts() {
    let message = positions_with("\n").ambiguous;
    // Two places in the sentence at 3:22, each with its own position.
    insta::assert_snapshot!(
        message,
        @r#"the quote of annotation 1, "rained", occurs 4 times: article.md:3:4, article.md:3:30, article.md:3:41, article.md:4:4"#
    );
}

#[test]
fn not_utf8_after_lone_carriage_returns_is_reported_on_its_line() {
    let project = Project::new(&[
        ("article.md", b"One.\rTwo.\r\r  bad \xff byte\n"),
        ("review.yaml", REVIEWED.as_bytes()),
    ]);
    let (stdout, _) = project.run(&["check", "review.yaml", "--format", "json"], 2);
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["code"], "factmark::io::not-utf8");
    assert_eq!((&d["line"], &d["column"]), (&4.into(), &7.into()), "{d}");
}
