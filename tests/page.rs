//! Issue 17, the reviewed page, second edition: each claim stands on its
//! own (its highlight, badge, correction and note after its own quote),
//! notes in Markdown, who said what in the header and in the ClaimReview,
//! the legend, the original's `url:`, and the fragment and stylesheet a CMS
//! hosts.
//!
//! Every test runs the real binary on a copy of `tests/fixtures/page` (or
//! calls the library on it), checks the exit code, and that no input
//! changed. Snapshots pin the markup where the exact text matters.

mod common;

use std::fs;
use std::path::Path;

use serde_json::Value;

/// A copy of `tests/fixtures/page` in a temporary folder.
struct Project(common::Project);

impl Project {
    fn new() -> Self {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/page");
        let mut files = Vec::new();
        for entry in fs::read_dir(&fixtures).expect("the fixtures") {
            let path = entry.expect("an entry").path();
            if path.is_file() {
                let name = path
                    .file_name()
                    .expect("a name")
                    .to_string_lossy()
                    .into_owned();
                files.push((name, fs::read_to_string(&path).expect("a fixture")));
            }
        }
        let files: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        Project(common::Project::new(&files))
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// Runs `factmark ARGS`; asserts exit code `code` and that no file
    /// that was there changed. Returns (stdout, stderr).
    fn run(&self, args: &[&str], code: i32) -> (String, String) {
        let run = self.0.run(args);
        run.expect_code(code);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        (run.stdout, run.stderr)
    }

    /// The page of annotation file `file`, rendered to stdout.
    fn page(&self, file: &str) -> String {
        self.run(&["render", file], 0).0
    }
}

fn snapshot(name: &str, description: &str, value: &str) {
    let mut settings = insta::Settings::clone_current();
    settings.set_description(description);
    settings.set_prepend_module_to_snapshot(true);
    settings.bind(|| insta::assert_snapshot!(name, value));
}

/// The first element of `page` that starts with `open`, up to its `close`
/// (the first one after it: the elements asked for hold no other).
fn element<'p>(page: &'p str, open: &str, close: &str) -> &'p str {
    let start = page
        .find(open)
        .unwrap_or_else(|| panic!("no {open} in\n{page}"));
    let end = start + page[start..].find(close).expect("the element ends") + close.len();
    &page[start..end]
}

/// The `<p>` of the article's body that holds `text`.
fn paragraph_with<'p>(page: &'p str, text: &str) -> &'p str {
    let body = page.find("<div class=\"body\">").expect("a body");
    let at = body
        + page[body..]
            .find(text)
            .unwrap_or_else(|| panic!("no {text:?}"));
    let start = page[..at].rfind("\n<p>").expect("a paragraph") + 1;
    let end = at + page[at..].find("</p>\n").expect("it ends") + "</p>".len();
    &page[start..end]
}

/// The selectors of a selector list, split at its top-level commas (not
/// those inside `:is(…)`).
fn top_level(list: &str) -> Vec<&str> {
    let (mut depth, mut from, mut parts) = (0, 0, Vec::new());
    for (at, c) in list.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(list[from..at].trim());
                from = at + 1;
            }
            _ => {}
        }
    }
    parts.push(list[from..].trim());
    parts
}

/// The ClaimReview items of a page's JSON-LD block.
fn claim_reviews(page: &str) -> Vec<Value> {
    let open = "<script type=\"application/ld+json\">";
    let start = page.find(open).expect("a JSON-LD block") + open.len();
    let end = start + page[start..].find("</script>").expect("the block ends");
    let json: Value = serde_json::from_str(&page[start..end]).expect("JSON-LD parses");
    json.as_array().expect("a list").clone()
}

/// Where each of `needles` starts in `haystack`, in order; panics unless
/// each is found after the one before.
fn in_order(haystack: &str, needles: &[&str]) -> Vec<usize> {
    let mut from = 0;
    needles
        .iter()
        .map(|needle| {
            let at = from
                + haystack[from..]
                    .find(needle)
                    .unwrap_or_else(|| panic!("{needle:?} does not follow in\n{haystack}"));
            from = at + needle.len();
            at
        })
        .collect()
}

#[test]
fn each_claim_of_a_sentence_has_its_own_highlight_badge_correction_and_note() {
    let project = Project::new();
    let page = project.page("claims.yaml");
    let sentence = paragraph_with(&page, "Azerbaijan Airlines flight 8243");
    // Quote, badge, correction, note; then the next quote: each claim's
    // parts follow its own quote, not the end of the sentence.
    in_order(
        sentence,
        &[
            "<mark class=\"quote verdict-misdated\" data-note=\"1\">",
            "flight 8243 crashed</mark>",
            "\u{a0}<a class=\"verdict-tag verdict-misdated\" id=\"ref-1\" href=\"#side-1\">",
            "<span class=\"side-note verdict-misdated\" id=\"side-1\">",
            "<span class=\"correction verdict-misdated\">",
            " near Aktau, ",
            "<mark class=\"quote verdict-supported\" data-note=\"2\">38 of the 67 people on board died</mark>",
            "id=\"ref-2\"",
            "id=\"side-2\"",
            "<span class=\"correction verdict-supported\">",
            ", and ",
            "<mark class=\"quote verdict-partly-supported\" data-note=\"3\">",
            "id=\"ref-3\"",
            "id=\"side-3\"",
            "<span class=\"correction verdict-partly-supported\">",
            ".</span></p>",
        ],
    );
    // The sentence keeps its id and names every verdict it holds.
    assert!(sentence.contains(
        "<span class=\"claim verdict-misdated verdict-supported verdict-partly-supported\" id=\"s-"
    ));
    snapshot(
        "multi_claim_sentence",
        "the paragraph of three claims in one sentence (claims.yaml)",
        sentence,
    );
}

#[test]
fn a_correction_follows_its_claim_in_its_verdicts_colour_under_every_verdict() {
    let project = Project::new();
    let page = project.page("claims.yaml");
    let mut corrections = Vec::new();
    for verdict in [
        "supported",
        "partly-supported",
        "disputed",
        "misdated",
        "false",
        "misleading",
        "unverified",
        "opinion",
    ] {
        let open = format!(
            "<span class=\"correction verdict-{verdict}\"><span class=\"visually-hidden\">Correction: </span>"
        );
        let start = page.find(&open).expect("a correction");
        let end = start + open.len() + page[start + open.len()..].find("</span>").expect("it ends");
        let correction = &page[start..end + "</span>".len()];
        // Right after the badge and the note of its own claim.
        let before = &page[..page.find(&open).expect("found")];
        let badge = before
            .rfind("<a class=\"verdict-tag")
            .expect("a badge before it");
        assert!(
            before[badge..].starts_with(&format!("<a class=\"verdict-tag verdict-{verdict}\"")),
            "the correction of {verdict} follows another claim's badge"
        );
        assert!(
            before.ends_with("Close</a></span> "),
            "{}",
            &before[badge..]
        );
        corrections.push(correction);
    }
    // The stylesheet draws each in its verdict's colour (`--v`), not the
    // misdated purple of the first edition.
    assert!(page.contains(".factmark .correction{"));
    assert!(page.contains("border-left:3px solid var(--v)"));
    assert!(!page.contains("border-left:3px solid var(--misdated)"));
    snapshot(
        "corrections",
        "the correction of each verdict (claims.yaml)",
        &corrections.join("\n"),
    );
}

#[test]
fn notes_and_corrections_speak_inline_markdown_safely() {
    let project = Project::new();
    let page = project.page("claims.yaml");
    let side = element(
        &page,
        "<span class=\"side-note verdict-misleading\"",
        "Close</a></span>",
    );
    let end_note = element(&page, "<li id=\"note-6\"", "</li>");
    for html in [side, end_note] {
        assert!(html.contains("Putin <em>apologised</em> on 28 December 2024 for the <strong>tragic incident</strong>, see <a href=\"https://example.org/reuters?a=1&amp;b=2\" rel=\"noopener noreferrer\">Reuters</a> and <code>AZ-8243</code>; no link and no &lt;b onclick=alert(2)&gt;HTML&lt;/b&gt;."), "{html}");
        assert!(!html.contains("javascript:"));
    }
    // A correction too (before the article's own full stop, without its
    // own); the ClaimReview's body is the note's plain text.
    assert!(page.contains("Kazakhstan led a <em>joint</em> investigation</span>."));
    assert!(page.contains("The crash was on <strong>25 December 2024</strong>.</span> near"));
    let reviews = claim_reviews(&page);
    assert_eq!(
        reviews[5]["reviewBody"],
        "Putin apologised on 28 December 2024 for the tragic incident, see Reuters and AZ-8243; no link and no <b onclick=alert(2)>HTML</b>."
    );
    snapshot(
        "markdown_note",
        "the misleading claim's note, in the margin and in the list of notes (claims.yaml)",
        &format!("{side}\n{end_note}"),
    );
}

#[test]
fn the_header_says_who_wrote_the_article_and_apart_who_reviewed_it() {
    let project = Project::new();
    let page = project.page("claims.yaml");
    let header = element(&page, "<header>", "</header>");
    assert!(
        header.contains("Article by <span class=\"author\">Jane Doe, for Example News</span>.")
    );
    assert!(header.contains(
        "<a class=\"original\" href=\"https://www.example.org/news/flight-8243?ref=home&amp;lang=en\" rel=\"noopener noreferrer\">Read the original on example.org</a>"
    ));
    assert!(header.contains(
        "<p class=\"review-credit\">Reviewed by Desk editor and Night desk on <time datetime=\"2025-11-25\">25 November 2025</time>.</p>"
    ));
    // The title is the file's; the article's own heading still shows.
    assert!(page.contains("<h2>Flight 8243 and after</h2>"));
    snapshot(
        "header_with_url_and_author",
        "the header of claims.yaml (title, author, published, url, reviewers)",
        header,
    );
}

#[test]
fn without_url_or_author_the_header_shows_the_heading_once_and_the_reviewer() {
    let project = Project::new();
    let page = project.page("bare.yaml");
    let header = element(&page, "<header>", "</header>");
    assert!(!header.contains("class=\"byline\""), "{header}");
    assert!(!header.contains("class=\"original\""), "{header}");
    // The title is the article's heading, shown once.
    assert_eq!(page.matches("Flight 8243 and after").count(), 3, "{page}");
    assert!(page.contains("<title>Flight 8243 and after — reviewed</title>"));
    assert!(!page.contains("<h2>Flight 8243 and after</h2>"));
    snapshot(
        "header_without_url_or_author",
        "the header of bare.yaml (no title, author, published, url or reviewers)",
        header,
    );
}

#[test]
fn claim_review_appearance_is_the_original_with_its_author_and_date() {
    let project = Project::new();
    let (_, _) = project.run(
        &[
            "render",
            "claims.yaml",
            "-o",
            "out/claims.html",
            "--base-url",
            "https://checks.example.net/",
        ],
        0,
    );
    let page = fs::read_to_string(project.path().join("out/claims.html")).expect("the page");
    let reviews = claim_reviews(&page);
    assert_eq!(reviews.len(), 8);
    for review in &reviews {
        let item = &review["itemReviewed"];
        assert_eq!(
            item["appearance"],
            serde_json::json!({
                "@type": "CreativeWork",
                "author": {"@type": "Person", "name": "Jane Doe, for Example News"},
                "datePublished": "2025-07-22",
                "name": "Flight 8243: what the report says",
                "url": "https://www.example.org/news/flight-8243?ref=home&lang=en",
            })
        );
        assert_eq!(item["author"]["name"], "Jane Doe, for Example News");
        // The review page stays the ClaimReview's own url.
        let url = review["url"].as_str().expect("a url");
        assert!(
            url.starts_with("https://checks.example.net/claims.html#s-"),
            "{url}"
        );
    }
    // Without `url:`, the appearance names no address at all (the review
    // page is not where the claim was made).
    let bare = claim_reviews(&project.page("bare.yaml"));
    let appearance = &bare[0]["itemReviewed"]["appearance"];
    assert_eq!(appearance.get("url"), None, "{appearance}");
    assert_eq!(appearance["name"], "Flight 8243 and after");
}

#[test]
fn the_legend_lists_each_verdict_used_with_its_meaning() {
    let project = Project::new();
    let legend = element(&project.page("bare.yaml"), "<ul class=\"legend\">", "</ul>").to_owned();
    assert_eq!(
        legend,
        "<ul class=\"legend\">\n<li><span class=\"quote verdict-false\"><span class=\"symbol\" aria-hidden=\"true\">✗</span> False</span>: <strong>1</strong> <span class=\"meaning\">— the evidence contradicts the claim</span></li>\n</ul>"
    );
    let page = project.page("claims.yaml");
    let legend = element(&page, "<ul class=\"legend\">", "</ul>");
    assert_eq!(legend.matches("<li>").count(), 8);
    assert!(legend.contains("— a value judgement, not checkable"));
}

#[test]
fn a_url_that_is_not_http_is_refused_where_it_stands() {
    let project = Project::new();
    let yaml = fs::read_to_string(project.path().join("claims.yaml")).expect("yaml");
    let bad = yaml.replace(
        "url: https://www.example.org/news/flight-8243?ref=home&lang=en",
        "url: javascript:alert(1)",
    );
    fs::write(project.path().join("bad.yaml"), &bad).expect("written");
    let (_, stderr) = project.run(&["check", "bad.yaml"], 1);
    assert!(stderr.contains("factmark::store::bad-url"), "{stderr}");
    assert!(
        stderr.contains("`url` `javascript:alert(1)` is not an http(s) URL"),
        "{stderr}"
    );
    assert!(stderr.contains("bad.yaml:8:6"), "{stderr}");
    assert!(stderr.contains("or leave"), "{stderr}");
    // `render` still writes the page, without the link.
    let (page, _) = project.run(&["render", "bad.yaml"], 1);
    assert!(!page.contains("javascript:"));
    assert!(!page.contains("class=\"original\""));
}

#[test]
fn the_fragment_is_the_pages_article_without_the_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/page");
    let result = factmark::project::review_file(&dir.join("claims.yaml"));
    let (Some(review), Some(coverage)) = (&result.review, &result.coverage) else {
        panic!("the fixture reviews: {:?}", result.diagnostics);
    };
    let options = factmark::render::PageOptions {
        page_url: "claims.html".into(),
        ..Default::default()
    };
    let page = factmark::render::page(review, coverage, &options);
    let fragment = factmark::render::fragment(review, coverage, &options);
    assert!(fragment.starts_with("<article class=\"factmark\">\n<header>\n"));
    assert!(fragment.ends_with("</script>\n</article>\n"));
    for absent in [
        "<html",
        "<head>",
        "<body",
        "<style",
        "<h1",
        "factmark-margin",
    ] {
        assert!(!fragment.contains(absent), "the fragment has {absent}");
    }
    // The same body, notes and sources as the page, with the same classes.
    let body = element(
        &page,
        "<div class=\"body\">",
        "</section>\n<section class=\"sources\"",
    );
    assert!(fragment.contains(body));
    assert_eq!(claim_reviews(&fragment), claim_reviews(&page));

    // The stylesheet a CMS links keeps to the fragment: every rule is
    // scoped to `.factmark`, or is a verdict's class.
    let css = factmark::render::stylesheet(&review.set.vocabulary);
    assert!(css.contains(".factmark{--bg:#fdfcf9;"));
    for page_rule in [":root{", "\nbody{", "\nmain{", "\nfooter{", "\n*{"] {
        assert!(
            !css.contains(page_rule),
            "the fragment's stylesheet has {page_rule}"
        );
    }
    for rule in css.split('}').map(str::trim).filter(|r| r.contains('{')) {
        let selectors = rule.rsplit_once('{').map_or(rule, |(s, _)| s);
        let selectors = selectors.rsplit_once('{').map_or(selectors, |(_, s)| s);
        for selector in top_level(selectors) {
            assert!(
                selector.starts_with(".factmark")
                    || selector.starts_with(".verdict-")
                    || selector.starts_with(".bar-"),
                "unscoped selector {selector:?} in {rule:?}"
            );
        }
    }
    // The page inlines the same rules.
    assert!(page.contains(".factmark .side-note"));
}

#[test]
fn the_badges_of_overlapping_quotes_follow_the_last_of_them() {
    let project = Project::new();
    fs::write(
        project.path().join("overlap.yaml"),
        "article: claims.md\nreviewed: 2025-11-25\nannotations:\n\
         - quote: \"Its crew was praised\"\n  verdict: opinion\n\
         - quote: \"was praised by everyone\"\n  verdict: opinion\n",
    )
    .expect("written");
    // Overlapping quotes of one verdict are a warning; the page is made.
    let page = project.page("overlap.yaml");
    let sentence = paragraph_with(&page, "Its crew");
    // The words stay whole; both badges come after the overlap, in order.
    in_order(
        sentence,
        &[
            "<mark class=\"quote verdict-opinion\" data-note=\"1\">Its crew ",
            "<mark class=\"quote verdict-opinion\" data-note=\"2\">was praised</mark></mark>",
            "<mark class=\"quote verdict-opinion\" data-note=\"2\"> by everyone</mark>",
            "id=\"ref-1\"",
            "id=\"side-1\"",
            "id=\"ref-2\"",
            "id=\"side-2\"",
            ".</span>",
        ],
    );
}

/// A correction that ends a sentence leaves its full stop to the
/// sentence's own (no ". ." on the page); one followed by more words keeps
/// it.
#[test]
fn a_correction_before_the_sentences_own_stop_leaves_out_its_own() {
    let project = Project::new();
    fs::write(
        project.path().join("stops.md"),
        "Prices rose in 2024. Wages fell, the ministry said on Monday.\n",
    )
    .expect("the article");
    let annotation = |quote: &str, correction: &str| {
        format!(
            "  - quote: \"{quote}\"\n    verdict: partly-supported\n    note: Partly.\n    \
             correction: \"{correction}\"\n    sources:\n      - url: https://example.org/{}\n",
            quote.len()
        )
    };
    let yaml = format!(
        "article: stops.md\nreviewed: 2025-11-25\nannotations:\n{}{}{}",
        annotation("Prices rose in 2024", "They rose in 2023."),
        annotation("Wages fell", "Wages held steady."),
        annotation("the ministry said", "A spokesman said so."),
    );
    fs::write(project.path().join("stops.yaml"), yaml).expect("the annotations");
    let page = project.page("stops.yaml");
    let corrections: Vec<&str> = page
        .split("<span class=\"visually-hidden\">Correction: </span>")
        .skip(1)
        .map(|rest| rest.split("</span>").next().unwrap_or_default())
        .collect();
    assert_eq!(
        corrections,
        [
            "They rose in 2023",
            "Wages held steady",
            "A spokesman said so."
        ]
    );
}

/// A hard line break of the article (two spaces or a backslash ending the
/// line) breaks the page's line too, inside a claim or outside one; a soft
/// one does not.
#[test]
fn hard_line_breaks_stay_line_breaks() {
    let project = Project::new();
    fs::write(
        project.path().join("breaks.md"),
        "The army said 38 people died.  \nOfficials said 12 people died.\\\nThen 13 more.\n\nJane Roe  \n12 Main Street\nSpringfield\n",
    )
    .expect("the article");
    fs::write(
        project.path().join("breaks.yaml"),
        "article: breaks.md\nreviewed: 2025-11-25\nannotations:\n  - quote: \"Jane Roe 12 Main\"\n    verdict: opinion\n",
    )
    .expect("the annotations");
    let page = project.page("breaks.yaml");
    let first = paragraph_with(&page, "The army said");
    assert_eq!(first.matches("<br>").count(), 2, "{first}");
    assert!(first.contains("<br> Then 13 more."), "{first}");
    let address = paragraph_with(&page, "Jane Roe");
    assert!(
        address.contains("Jane Roe<br> 12 Main</mark>") && address.contains(" Street Springfield"),
        "{address}"
    );
}

/// A quote that ends inside a link or emphasis leaves no empty element
/// behind where its badge and note interrupt the article's markup: an empty
/// link is one a screen reader announces without a name.
#[test]
fn a_quote_ending_inside_markup_leaves_no_empty_element() {
    let project = Project::new();
    fs::write(
        project.path().join("inside.md"),
        "The ministry said [prices rose 40 percent](https://example.org/a) in 2024.\n\n\
         Officials *said wages fell* in March.\n\n\
         Rents **rose by [a third](https://example.org/b)** last year.\n",
    )
    .expect("the article");
    let entry = |quote: &str| format!("  - quote: \"{quote}\"\n    verdict: opinion\n");
    fs::write(
        project.path().join("inside.yaml"),
        format!(
            "article: inside.md\nreviewed: 2025-11-25\nannotations:\n{}{}{}",
            entry("The ministry said prices rose"),
            entry("Officials said wages"),
            entry("Rents rose by a third"),
        ),
    )
    .expect("the annotations");
    let page = project.page("inside.yaml");
    let body = element(&page, "<div class=\"body\">", "</div>");
    let empty = regex::Regex::new(r"<(a|em|strong|mark|span)\b[^>]*></(a|em|strong|mark|span)>")
        .expect("a pattern");
    assert!(!empty.is_match(body), "{body}");
    // The article's words and links are all there.
    for words in [
        "prices rose",
        " 40 percent",
        "said wages",
        "<em> fell</em>",
        "a third",
    ] {
        assert!(body.contains(words), "{words}: {body}");
    }
    assert_eq!(
        body.matches("href=\"https://example.org/a\"").count(),
        2,
        "{body}"
    );
}
