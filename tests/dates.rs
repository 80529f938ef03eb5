//! `misdated` dates as news copy writes them, end to end through the binary:
//! `claimed` and `corrected` as the article gives them ("April 25", "25
//! April", "Nov. 28, 1905") or in ISO form, days without a year taken from
//! `published`, the correction written in the article's style at the
//! precision of `corrected`, and the help for a claimed date the sentence
//! does not state.
//!
//! Each test writes a small project (`article.md`, `review.yaml`) into a
//! temporary folder and runs `factmark` there with relative paths.

use std::fs;
use std::path::Path;

mod common;

use common::{Run, factmark};
use regex::Regex;
use serde_json::Value;

/// A temporary folder holding `article.md` and `review.yaml`.
fn project(article: &str, yaml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    fs::write(dir.path().join("article.md"), article).expect("write article");
    fs::write(dir.path().join("review.yaml"), yaml).expect("write review");
    dir
}

/// The annotation file's head: the article, the review date and, when
/// given, `published`.
fn head(published: Option<&str>) -> String {
    let published = published.map_or_else(String::new, |p| format!("published: {p}\n"));
    format!("article: article.md\n{published}reviewed: 2025-11-25\nannotations:\n")
}

/// One `misdated` annotation of `quote`, with `claimed` and `corrected`
/// written as given (quoted or not).
fn misdated(quote: &str, claimed: &str, corrected: &str) -> String {
    format!(
        "  - quote: \"{quote}\"\n    verdict: misdated\n    claimed: {claimed}\n    corrected: {corrected}\n    sources: [{{url: https://example.org/record}}]\n"
    )
}

/// Runs `factmark args` in `dir`, and checks that it changed neither input.
fn run(dir: &Path, args: &[&str]) -> Run {
    let inputs = ["article.md", "review.yaml"].map(|f| fs::read(dir.join(f)).expect("input"));
    let output = factmark(dir).args(args).output().expect("factmark starts");
    let run = Run::of(output, format!("factmark {}", args.join(" ")));
    for (name, before) in ["article.md", "review.yaml"].iter().zip(inputs) {
        assert_eq!(
            fs::read(dir.join(name)).expect("input"),
            before,
            "`{}` changed {name}",
            run.what
        );
    }
    run
}

/// The diagnostics of `check --format json`, after checking its exit code.
fn diagnostics(dir: &Path, code: i32) -> Vec<Value> {
    let run = run(dir, &["check", "review.yaml", "--format", "json"]);
    run.expect_code(code);
    run.stdout_json()["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .clone()
}

/// The errors among `diagnostics`, as (code, line:column, message, help).
fn errors(diagnostics: &[Value]) -> Vec<(String, String, String, String)> {
    diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                format!("{}:{}", d["line"], d["column"]),
                d["message"].as_str().unwrap_or_default().to_owned(),
                d["help"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// The rendered page, which must come with exit code 0.
fn page(dir: &Path) -> String {
    let run = run(dir, &["render", "review.yaml"]);
    run.expect_code(0);
    // An error's report starts with `×`; the count of warnings only
    // mentions it ("1 × factmark::coverage::unannotated").
    assert!(
        !run.stderr.lines().any(|l| l.trim_start().starts_with('×')),
        "unexpected error:\n{}",
        run.stderr
    );
    run.stdout
}

/// Every struck-through date on `page` with the date inserted after it.
fn corrections(page: &str) -> Vec<(String, String)> {
    let pattern = Regex::new(
        r#"<del><span class="visually-hidden">deleted: </span>([^<]*)</del> <ins><span class="visually-hidden">inserted: </span>([^<]*)</ins>"#,
    )
    .expect("pattern");
    pattern
        .captures_iter(page)
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_yearless_claimed_date_takes_the_year_of_published() {
    let article = "The council met on April 25 to vote on the budget.\n";
    let yaml = head(Some("2019-06-01")) + &misdated("met on April 25", "April 25", "April 26");
    let dir = project(article, &yaml);
    assert_eq!(errors(&diagnostics(dir.path(), 0)), []);
    let page = page(dir.path());
    // The article writes no year, so the correction in the same year has none.
    assert_eq!(corrections(&page), pairs(&[("April 25", "April 26")]));
    // The year came from `published`.
    assert!(
        page.contains("Date given: 2019-04-25. Correct date: 2019-04-26."),
        "{page}"
    );
}

#[test]
fn a_yearless_claimed_date_without_published_is_an_error() {
    let article = "The council met on April 25 to vote on the budget.\n";
    let yaml = head(None) + &misdated("met on April 25", "April 25", "2019-04-26");
    let dir = project(article, &yaml);
    let found = errors(&diagnostics(dir.path(), 1));
    assert_eq!(found.len(), 1, "{found:#?}");
    let (code, at, message, help) = &found[0];
    assert_eq!(code, "factmark::store::bad-date");
    assert_eq!(at, "6:14");
    assert_eq!(
        message,
        "claimed: `April 25` has no year, and the file has no `published` date to take it from"
    );
    assert!(help.contains("`published: YYYY-MM-DD`"), "{help}");

    // A `published` that is no date is named as the reason.
    let yaml = head(Some("June 2019")) + &misdated("met on April 25", "April 25", "2019-04-26");
    let dir = project(article, &yaml);
    let found = errors(&diagnostics(dir.path(), 1));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[1]
            .2
            .ends_with("has no year, and `published` is not a date to take it from"),
        "{found:#?}"
    );
}

#[test]
fn the_articles_yearless_date_is_found_for_an_iso_claim() {
    let article =
        "The council met on April 25 to vote.\n\nThe mayor resigned on May 3 after the vote.\n";
    // The year the article means is the reviewer's reading: 2018 here,
    // although the article was published in 2019.
    let yaml = head(Some("2019-06-01"))
        + &misdated("met on April 25", "2019-04-25", "2019-05-02")
        + &misdated("resigned on May 3", "2018-05-03", "2018-05-13");
    let dir = project(article, &yaml);
    assert_eq!(errors(&diagnostics(dir.path(), 0)), []);
    assert_eq!(
        corrections(&page(dir.path())),
        pairs(&[("April 25", "May 2"), ("May 3", "May 13")])
    );
}

#[test]
fn day_month_style_is_kept_and_another_year_is_named() {
    let article = "The bridge opened on 25 April to traffic.\n\nIt closed on the 3rd of May for repairs.\n\nIt reopened in Sept. 2019 after repairs.\n";
    let yaml = head(Some("2019-06-01"))
        + &misdated("opened on 25 April", "25 April", "27 April")
        + &misdated("closed on the 3rd of May", "3 May", "2018-05-04")
        + &misdated("reopened in Sept. 2019", "Sept. 2019", "2019-10");
    let dir = project(article, &yaml);
    assert_eq!(errors(&diagnostics(dir.path(), 0)), []);
    assert_eq!(
        corrections(&page(dir.path())),
        pairs(&[
            ("25 April", "27 April"),
            // Another year than the claimed one must be said.
            ("3rd of May", "4 May 2018"),
            ("Sept. 2019", "Oct. 2019"),
        ])
    );
}

#[test]
fn prose_dates_with_their_year_need_no_published() {
    let article = "The treaty was signed on Nov. 28, 1905, in Paris.\n";
    let yaml = head(None)
        + &misdated(
            "signed on Nov. 28, 1905",
            "\"Nov. 28, 1905\"",
            "Dec. 1, 1905",
        );
    let dir = project(article, &yaml);
    assert_eq!(errors(&diagnostics(dir.path(), 0)), []);
    assert_eq!(
        corrections(&page(dir.path())),
        pairs(&[("Nov. 28, 1905", "Dec. 1, 1905")])
    );
}

#[test]
fn a_year_corrected_to_a_day_renders_the_full_date() {
    // Unquoted YAML years and dates read as written.
    let article = "The treaty was signed in 1905 in Paris.\n";
    let yaml = head(None) + &misdated("signed in 1905", "1905", "1905-11-28");
    let dir = project(article, &yaml);
    assert_eq!(errors(&diagnostics(dir.path(), 0)), []);
    assert_eq!(
        corrections(&page(dir.path())),
        pairs(&[("1905", "November 28, 1905")])
    );

    // In an article that writes its days day first, so is the correction.
    let article = "The treaty was signed in 1905 in Paris.\n\nIt lapsed on 25 December 1924.\n";
    let dir = project(article, &yaml);
    assert_eq!(
        corrections(&page(dir.path())),
        pairs(&[("1905", "28 November 1905")])
    );
}

#[test]
fn equal_dates_are_refused() {
    let article =
        "The council met on April 25 to vote.\n\nThe treaty was signed in 1905 in Paris.\n";
    let yaml = head(Some("2019-06-01"))
        + &misdated("met on April 25", "April 25", "2019-04-25")
        + &misdated("signed in 1905", "1905", "1905");
    let dir = project(article, &yaml);
    let found = errors(&diagnostics(dir.path(), 1));
    let places: Vec<_> = found
        .iter()
        .map(|(code, at, message, _)| (code.as_str(), at.as_str(), message.as_str()))
        .collect();
    assert_eq!(
        places,
        [
            (
                "factmark::store::bad-date",
                "8:16",
                "`corrected` is the date `claimed` already gives (2019-04-25)"
            ),
            (
                "factmark::store::bad-date",
                "13:16",
                "`corrected` is the date `claimed` already gives (1905)"
            ),
        ]
    );
    assert!(
        found[0].3.contains("`misdated` is not the verdict"),
        "{found:#?}"
    );
}

#[test]
fn a_claimed_date_that_is_no_date_says_how_to_write_one() {
    let article = "The council met on April 25 to vote.\n";
    let yaml = head(Some("2019-06-01")) + &misdated("met on April 25", "last Tuesday", "April 26");
    let dir = project(article, &yaml);
    let found = errors(&diagnostics(dir.path(), 1));
    assert_eq!(found.len(), 1, "{found:#?}");
    let (code, at, message, _) = &found[0];
    assert_eq!(
        (code.as_str(), at.as_str()),
        ("factmark::store::bad-date", "7:14")
    );
    assert!(message.contains("\"April 25\""), "{message}");
}

/// The human report's blocks of the findings with `code`.
fn findings(report: &str, code: &str) -> String {
    let blocks: Vec<&str> = report
        .split("\nfactmark::")
        .map(|b| b.trim_start_matches("factmark::").trim_end())
        .filter(|b| b.starts_with(code.trim_start_matches("factmark::")))
        .collect();
    assert!(!blocks.is_empty(), "no {code} in:\n{report}");
    blocks.join("\n\nfactmark::")
}

#[test]
fn the_help_lists_the_dates_the_sentence_states() {
    let article = "On April 25, 2019, and again on 19 July, the council met.\n\nThe council met again on 19 July.\n\nThe council met again later.\n\nThe fund closed on April 25, 2018.\n";
    let yaml = head(Some("2019-06-01"))
        + &misdated("and again on 19 July", "2019-05-01", "2019-05-02")
        + &misdated("met again on 19 July", "July 20", "July 21")
        + &misdated("met again later", "2019-08-01", "2019-08-02")
        + &misdated("fund closed", "April 25", "2019-04-26");
    let dir = project(article, &yaml);
    let run = run(dir.path(), &["check", "review.yaml"]);
    run.expect_code(1);
    let found = errors(&diagnostics(dir.path(), 1));
    let helps: Vec<&str> = found.iter().map(|e| e.3.as_str()).collect();
    assert_eq!(helps.len(), 4, "{found:#?}");
    assert!(
        helps[0].contains("states \"April 25, 2019\" (2019-04-25), \"19 July\" (no year);"),
        "{}",
        helps[0]
    );
    // A sentence that holds only a day without its year states a date.
    assert!(
        helps[1].contains("states \"19 July\" (no year);")
            && helps[1].ends_with("(`claimed: 19 July`)"),
        "{}",
        helps[1]
    );
    assert!(
        helps[2].contains("states no date;") && helps[2].contains("other than `misdated`"),
        "{}",
        helps[2]
    );
    // A claimed day without a year took 2019 from `published`; the
    // sentence has it in another year, which the help offers.
    assert!(
        helps[3].ends_with("(`claimed: April 25, 2018`)"),
        "{}",
        helps[3]
    );
    let report = findings(&run.stderr, "factmark::anchor::claimed-date-not-found");
    let mut settings = insta::Settings::clone_current();
    settings.set_description(
        "factmark check review.yaml (tests/dates.rs), the claimed-date-not-found findings",
    );
    settings.set_prepend_module_to_snapshot(true);
    settings.bind(|| {
        insta::assert_snapshot!(
            "claimed_date_help_lists_found_dates",
            format!("factmark::{report}")
        )
    });
}
