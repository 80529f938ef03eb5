//! The site around the pages: the index a reader starts from ([`index`]),
//! the Atom feed of the reviews ([`feed`]) and `claims.json`, every
//! ClaimReview of the site in one file ([`Claims`]).
//!
//! `build` makes all three from what it keeps of each page while building,
//! an [`IndexEntry`] and the page's ClaimReview items
//! ([`claim_reviews_of`]): no page is read or rendered twice.

use std::fmt::Write as _;
use std::io;

use atom_syndication as atom;
use chrono::{NaiveDate, NaiveTime};

use super::html::{push_verdict_label, scrub};
use super::{escape, on, readable, style, time};
use crate::anchor::Review;
use crate::coverage::Coverage;
use crate::dates::PartialDate;
use crate::store::Vocabulary;

/// The title of the index and of the feed.
const SITE_TITLE: &str = "Fact-checked articles";

/// The feed's name beside the index, which links to it.
pub const FEED_FILE: &str = "feed.xml";
/// The name of `claims.json` beside the index, which links to it.
pub const CLAIMS_FILE: &str = "claims.json";

/// What the index and the feed say about one page.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The page title.
    pub title: String,
    /// Link to the page, relative to the index.
    pub href: String,
    /// The page's URL, as its ClaimReviews give it: under the site's
    /// address when that is known (`--base-url`), else `href`.
    pub url: String,
    /// Who wrote the article.
    pub author: Option<String>,
    /// When the article was published.
    pub published: Option<PartialDate>,
    /// When it was reviewed.
    pub reviewed: Option<PartialDate>,
    /// Who reviewed it.
    pub reviewers: Vec<String>,
    /// Coverage and verdict counts.
    pub coverage: Coverage,
}

impl IndexEntry {
    /// The entry of `review`'s page, linked as `href` from the index and
    /// published at `url`.
    pub fn new(review: &Review, coverage: Coverage, href: String, url: String) -> Self {
        let set = &review.set;
        IndexEntry {
            title: super::title(review),
            href,
            url,
            author: set.author.clone(),
            published: set.published,
            reviewed: set.reviewed,
            reviewers: set.reviewers.clone(),
            // Only the numbers: a build keeps every entry until the index
            // is written, and a site's worth of unannotated-sentence
            // warnings would wait in memory with them.
            coverage: Coverage {
                findings: Vec::new(),
                ignored: Vec::new(),
                ..coverage
            },
        }
    }
}

/// `entries` newest review first; an entry without a review date last,
/// and entries reviewed the same day in the order given (file order).
fn newest_first(entries: &[IndexEntry]) -> Vec<&IndexEntry> {
    let mut sorted: Vec<&IndexEntry> = entries.iter().collect();
    sorted.sort_by_key(|e| std::cmp::Reverse(e.reviewed.map(first_day)));
    sorted
}

/// The day a date starts on: a month's first, a year's 1 January. Dates of
/// different precision compare by it ("2025" sorts with 2025-01-01).
fn first_day(date: PartialDate) -> NaiveDate {
    match date {
        PartialDate::Day(day) => Some(day),
        PartialDate::Month { year, month } => NaiveDate::from_ymd_opt(year, month, 1),
        PartialDate::Year(year) => NaiveDate::from_ymd_opt(year, 1, 1),
    }
    // A parsed date always has a first day; the default only keeps a
    // calendar edge from becoming a panic.
    .unwrap_or_default()
}

/// Renders the site index: every page, newest review first, with its title,
/// author, dates, verdicts (a bar, and in words) and coverage; links to the
/// feed and `claims.json` at the foot.
pub fn index(entries: &[IndexEntry], vocabulary: &Vocabulary) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
    );
    let _ = writeln!(out, "<title>{SITE_TITLE}</title>");
    let _ = writeln!(
        out,
        "<style>{}{INDEX_CSS}</style>",
        style::stylesheet(vocabulary)
    );
    let _ = writeln!(
        out,
        "</head>\n<body>\n<main>\n<header>\n<h1 class=\"page-title\">{SITE_TITLE}</h1>"
    );
    let intro = match entries.len() {
        0 => "No article has been reviewed yet.".to_owned(),
        1 => "1 reviewed article.".to_owned(),
        n => format!("{n} reviewed articles, newest review first."),
    };
    let _ = writeln!(out, "<p class=\"site-intro\">{intro}</p>\n</header>");
    if !entries.is_empty() {
        out.push_str("<ol class=\"reviews\">\n");
        for entry in newest_first(entries) {
            index_entry(&mut out, entry, vocabulary);
        }
        out.push_str("</ol>\n");
    }
    let _ = writeln!(
        out,
        "</main>\n<footer>\n<p>Reviewed with factmark. Verdicts are written in words; colours only repeat them.</p>\n<p class=\"site-links\"><a href=\"{FEED_FILE}\">Atom feed of the reviews</a> <a href=\"{CLAIMS_FILE}\">Every claim review (schema.org ClaimReview, JSON)</a></p>\n</footer>\n</body>\n</html>"
    );
    out
}

/// One article of the index.
fn index_entry(out: &mut String, entry: &IndexEntry, vocabulary: &Vocabulary) {
    let _ = writeln!(
        out,
        "<li class=\"review\">\n<h2 class=\"review-title\"><a href=\"{}\">{}</a></h2>",
        escape(&entry.href),
        escape(&entry.title)
    );
    // Who wrote the article, then who reviewed it: two lines, so that
    // nobody takes the reviewer for the author.
    let published = entry
        .published
        .map(|date| format!("{} {}", on(date), time(date)));
    let written = match (&entry.author, published) {
        (Some(author), Some(date)) => Some(format!("By {}, published {date}", escape(author))),
        (Some(author), None) => Some(format!("By {}", escape(author))),
        (None, Some(date)) => Some(format!("Published {date}")),
        (None, None) => None,
    };
    if let Some(line) = written {
        let _ = writeln!(out, "<p class=\"review-meta\">{line}</p>");
    }
    let mut reviewed = String::from("Reviewed");
    if !entry.reviewers.is_empty() {
        let _ = write!(reviewed, " by {}", escape(&entry.reviewers.join(", ")));
    }
    if let Some(date) = entry.reviewed {
        let _ = write!(reviewed, " {} {}", on(date), time(date));
    }
    let _ = writeln!(out, "<p class=\"review-meta\">{reviewed}</p>");
    verdict_bar(out, &entry.coverage, vocabulary);
    let counts: Vec<String> = vocabulary
        .iter()
        .filter_map(|v| {
            entry.coverage.verdicts.get(v.name()).map(|n| {
                let mut label = String::new();
                push_verdict_label(&mut label, v);
                format!(
                    "<span class=\"verdict-{}\">{label}: <strong>{n}</strong></span>",
                    v.name()
                )
            })
        })
        .collect();
    if !counts.is_empty() {
        let _ = writeln!(out, "<p class=\"review-counts\">{}</p>", counts.join(" "));
    }
    let c = &entry.coverage;
    let _ = writeln!(
        out,
        "<p class=\"review-coverage\">Coverage: <strong>{}%</strong> ({} of {} check-worthy sentences annotated)</p>\n</li>",
        c.coverage, c.annotated, c.checkworthy
    );
}

/// A thin stacked bar of an article's verdict counts. Hidden from screen
/// readers: the counts follow in words.
fn verdict_bar(out: &mut String, coverage: &Coverage, vocabulary: &Vocabulary) {
    let total: usize = coverage.verdicts.values().sum();
    if total == 0 {
        return;
    }
    let _ = write!(
        out,
        "<svg class=\"verdict-bar\" viewBox=\"0 0 {total} 1\" preserveAspectRatio=\"none\" aria-hidden=\"true\">"
    );
    let mut x = 0;
    for verdict in vocabulary.iter() {
        if let Some(&n) = coverage.verdicts.get(verdict.name()) {
            let _ = write!(
                out,
                "<rect class=\"bar-{}\" x=\"{x}\" y=\"0\" width=\"{n}\" height=\"1\"/>",
                verdict.name()
            );
            x += n;
        }
    }
    out.push_str("</svg>\n");
}

/// The index's own rules, after the pages' stylesheet (whose colours,
/// fonts and footer it shares).
const INDEX_CSS: &str = r#"
.site-intro{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--muted);margin:0 0 1.5rem}
.reviews{list-style:none;padding:0;margin:0}
.review{border-top:1px solid var(--line);padding:1.25rem 0}
.review-title{font-size:1.3rem;line-height:1.3;margin:0 0 .4rem}
.review-meta,.review-counts,.review-coverage{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:.9rem;margin:0}
.review-meta{color:var(--muted)}
.review-counts{display:flex;flex-wrap:wrap;gap:.2rem 1rem}
.verdict-bar{display:block;width:100%;max-width:20rem;height:.6rem;margin:.6rem 0 .4rem;border-radius:.2rem}
.site-links a{margin-right:1rem}
@media print{.verdict-bar{display:none}}
"#;

/// The URL of page `name` of the site: relative, or under `base` when
/// given (`https://example.org/news/` + `2024/election.html`).
pub fn page_url(base: Option<&str>, name: &str) -> String {
    match base {
        Some(base) => format!("{}/{name}", base.trim_end_matches('/')),
        None => name.to_owned(),
    }
}

/// The Atom feed of the reviews (`feed.xml`): an entry per page, newest
/// review first, with the article's title, a link to its page, `updated`
/// set to the review's date (its first day, when only a month or a year is
/// known), its reviewers as authors and a summary that names the article's
/// author, dates, verdicts and coverage.
///
/// Atom ids must be absolute: under `base_url` they are the pages' URLs;
/// without it, UUIDs made from the pages' paths, stable from build to build.
pub fn feed(
    entries: &[IndexEntry],
    vocabulary: &Vocabulary,
    base_url: Option<&str>,
) -> io::Result<Vec<u8>> {
    let sorted = newest_first(entries);
    let updated = sorted
        .iter()
        .filter_map(|e| e.reviewed)
        .map(first_day)
        .max()
        .unwrap_or_default();
    let site = |name: &str| page_url(base_url, name);
    let self_url = site(FEED_FILE);
    // Atom asks for an author on every entry, or on the feed for those
    // that have none; the ClaimReviews of such a page name `factmark`.
    let authors = if entries.iter().any(|e| e.reviewers.is_empty()) {
        vec![person("factmark")]
    } else {
        Vec::new()
    };
    let feed = atom::Feed {
        title: atom::Text::plain(SITE_TITLE),
        id: atom_id(&self_url, FEED_FILE),
        updated: at_midnight(updated),
        authors,
        links: vec![
            link(&self_url, "self", "application/atom+xml"),
            link(&site("index.html"), "alternate", "text/html"),
        ],
        generator: Some(atom::Generator {
            value: "factmark".to_owned(),
            ..Default::default()
        }),
        entries: sorted
            .iter()
            .map(|entry| feed_entry(entry, vocabulary))
            .collect(),
        lang: Some("en".to_owned()),
        ..Default::default()
    };
    let config = atom::WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    let mut xml = feed
        .write_with_config(Vec::new(), config)
        .map_err(|e| io::Error::other(format!("the feed cannot be written: {e}")))?;
    xml.push(b'\n');
    Ok(xml)
}

fn feed_entry(entry: &IndexEntry, vocabulary: &Vocabulary) -> atom::Entry {
    // Without a review date (a valid file always has one), the article's.
    let date = entry.reviewed.or(entry.published).map(first_day);
    atom::Entry {
        title: atom::Text::plain(scrub(&entry.title)),
        id: atom_id(&entry.url, &entry.href),
        updated: at_midnight(date.unwrap_or_default()),
        authors: entry.reviewers.iter().map(|name| person(name)).collect(),
        links: vec![link(&entry.url, "alternate", "text/html")],
        summary: Some(atom::Text::plain(summary(entry, vocabulary))),
        ..Default::default()
    }
}

/// What a feed reader shows of a review, in words.
fn summary(entry: &IndexEntry, vocabulary: &Vocabulary) -> String {
    let mut text = String::from("Fact-check of an article");
    if let Some(author) = &entry.author {
        let _ = write!(text, " by {}", scrub(author));
    }
    if let Some(date) = entry.published {
        let _ = write!(text, ", published {} {}", on(date), readable(date));
    }
    text.push('.');
    if !entry.reviewers.is_empty() || entry.reviewed.is_some() {
        text.push_str(" Reviewed");
        if !entry.reviewers.is_empty() {
            let _ = write!(text, " by {}", scrub(&entry.reviewers.join(", ")));
        }
        if let Some(date) = entry.reviewed {
            let _ = write!(text, " {} {}", on(date), readable(date));
        }
        text.push('.');
    }
    let counts: Vec<String> = vocabulary
        .iter()
        .filter_map(|v| {
            let n = entry.coverage.verdicts.get(v.name())?;
            Some(format!("{} {n}", v.label()))
        })
        .collect();
    if !counts.is_empty() {
        let _ = write!(text, " Verdicts: {}.", counts.join(", "));
    }
    let c = &entry.coverage;
    let _ = write!(
        text,
        " Coverage: {}% of check-worthy sentences ({} of {}).",
        c.coverage, c.annotated, c.checkworthy
    );
    text
}

fn person(name: &str) -> atom::Person {
    atom::Person {
        name: scrub(name).into_owned(),
        ..Default::default()
    }
}

fn link(href: &str, rel: &str, mime_type: &str) -> atom::Link {
    atom::Link {
        href: href.to_owned(),
        rel: rel.to_owned(),
        mime_type: Some(mime_type.to_owned()),
        ..Default::default()
    }
}

fn at_midnight(day: NaiveDate) -> atom::FixedDateTime {
    day.and_time(NaiveTime::MIN).and_utc().fixed_offset()
}

/// An Atom id: `url` when it is absolute, else a UUID made from `path`.
fn atom_id(url: &str, path: &str) -> String {
    if is_absolute(url) {
        url.to_owned()
    } else {
        name_uuid(path)
    }
}

/// Whether `url` starts with a scheme (RFC 3986: a letter, then letters,
/// digits, `+`, `-` or `.`, then a colon).
fn is_absolute(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A `urn:uuid:` made from `name`: a version 8 UUID (RFC 9562, bits of the
/// maker's choosing) whose bits are the 128-bit FNV-1a hash of `name`, so
/// the same page keeps the same id on every build, machine and Rust version
/// (which `std`'s hashers do not promise).
fn name_uuid(name: &str) -> String {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let mut hash = name.bytes().fold(OFFSET, |hash, byte| {
        (hash ^ u128::from(byte)).wrapping_mul(PRIME)
    });
    // Version 8 in bits 76–79, variant 0b10 in bits 62–63.
    hash = (hash & !(0xF << 76)) | (0x8 << 76);
    hash = (hash & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{hash:032x}");
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The ClaimReview items of a page that [`super::page`] rendered: the text
/// between the brackets of its JSON-LD list, one item a line, or `""` for a
/// page without notes. Taken from the page itself, so `claims.json` holds
/// exactly what the pages say, at no cost: the list is the only JSON-LD of
/// the page's `<head>`, and `</script>` cannot occur inside it (the page
/// writes `<` in its strings as `\u003c`).
pub fn claim_reviews_of(page: &str) -> &str {
    const OPEN: &str = "<script type=\"application/ld+json\">";
    // memchr's searches: a page runs to a hundred kilobytes and more.
    let find =
        |haystack: &str, needle: &str| memchr::memmem::find(haystack.as_bytes(), needle.as_bytes());
    let head = find(page, "</head>").map_or(page, |end| &page[..end]);
    let Some(start) = find(head, OPEN) else {
        return "";
    };
    let json = &head[start + OPEN.len()..];
    let json = find(json, "</script>").map_or("", |end| json[..end].trim());
    json.strip_prefix('[')
        .and_then(|list| list.strip_suffix(']'))
        .map_or("", str::trim)
}

/// `claims.json` in the making: every page's ClaimReview items
/// ([`claim_reviews_of`]) in one JSON array, one item a line as on the
/// pages, written page by page, so that a site's worth of claims never
/// waits in memory.
#[derive(Debug)]
pub struct Claims<W: io::Write> {
    out: W,
    empty: bool,
}

impl<W: io::Write> Claims<W> {
    /// Starts the array in `out`.
    pub fn new(out: W) -> Self {
        Claims { out, empty: true }
    }

    /// Adds one page's items.
    pub fn push(&mut self, items: &str) -> io::Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let separator: &[u8] = if self.empty { b"[\n" } else { b",\n" };
        self.out.write_all(separator)?;
        self.out.write_all(items.as_bytes())?;
        self.empty = false;
        Ok(())
    }

    /// Closes the array and hands `out` back.
    pub fn finish(mut self) -> io::Result<W> {
        let end: &[u8] = if self.empty { b"[]\n" } else { b"\n]\n" };
        self.out.write_all(end)?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn day(text: &str) -> PartialDate {
        PartialDate::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn entry(title: &str, reviewed: Option<&str>) -> IndexEntry {
        IndexEntry {
            title: title.to_owned(),
            href: format!("{}.html", title.to_lowercase()),
            url: format!("{}.html", title.to_lowercase()),
            author: Some("Ann Author".to_owned()),
            published: Some(day("2025-07")),
            reviewed: reviewed.map(day),
            reviewers: vec!["Desk editor".to_owned()],
            coverage: Coverage {
                sentences: 10,
                checkworthy: 4,
                annotated: 3,
                coverage: 75.0,
                verdicts: BTreeMap::from([("false".to_owned(), 2), ("supported".to_owned(), 1)]),
                ignored: Vec::new(),
                findings: Vec::new(),
            },
        }
    }

    fn titles<'a>(entries: &[&'a IndexEntry]) -> Vec<&'a str> {
        entries.iter().map(|e| e.title.as_str()).collect()
    }

    #[test]
    fn newest_review_first_undated_last_ties_in_file_order() {
        let entries = [
            entry("Undated", None),
            entry("Old", Some("2024-03-01")),
            entry("Month", Some("2025-06")),
            entry("New", Some("2025-06-20")),
            entry("Same", Some("2025-06-20")),
            entry("Year", Some("2025")),
        ];
        assert_eq!(
            titles(&newest_first(&entries)),
            ["New", "Same", "Month", "Year", "Old", "Undated"]
        );
    }

    #[test]
    fn the_index_lists_each_article_with_its_people_dates_verdicts_and_coverage() {
        let vocabulary = Vocabulary::default();
        let html = index(
            &[
                entry("Old", Some("2024-03-01")),
                entry("New", Some("2025-06-20")),
            ],
            &vocabulary,
        );
        let old = html.find("href=\"old.html\"").expect("old listed");
        let new = html.find("href=\"new.html\"").expect("new listed");
        assert!(new < old, "newest first:\n{html}");
        assert!(html.contains("2 reviewed articles, newest review first."));
        assert!(html.contains(
            "<p class=\"review-meta\">By Ann Author, published in <time datetime=\"2025-07\">July 2025</time></p>"
        ), "{html}");
        assert!(html.contains(
            "<p class=\"review-meta\">Reviewed by Desk editor on <time datetime=\"2025-06-20\">20 June 2025</time></p>"
        ), "{html}");
        assert!(html.contains("<rect class=\"bar-supported\" x=\"0\" y=\"0\" width=\"1\" height=\"1\"/><rect class=\"bar-false\" x=\"1\" y=\"0\" width=\"2\""), "{html}");
        assert!(html.contains("False: <strong>2</strong></span>"), "{html}");
        assert!(
            html.contains(
                "Coverage: <strong>75%</strong> (3 of 4 check-worthy sentences annotated)"
            )
        );
        assert!(html.contains("<footer>") && html.contains("href=\"feed.xml\""));
    }

    #[test]
    fn an_index_without_author_or_reviewers_says_only_what_it_knows() {
        let mut bare = entry("Bare", Some("2025-06-20"));
        bare.author = None;
        bare.reviewers.clear();
        bare.coverage.verdicts.clear();
        let html = index(&[bare], &Vocabulary::default());
        assert!(
            html.contains(
                "<p class=\"review-meta\">Published in <time datetime=\"2025-07\">July 2025</time></p>"
            ),
            "{html}"
        );
        assert!(html.contains(
            "<p class=\"review-meta\">Reviewed on <time datetime=\"2025-06-20\">20 June 2025</time></p>"
        ), "{html}");
        assert!(!html.contains("<svg"), "no bar without verdicts:\n{html}");
        assert!(html.contains("<p class=\"site-intro\">1 reviewed article.</p>"));
        let empty = index(&[], &Vocabulary::default());
        assert!(empty.contains("No article has been reviewed yet") && !empty.contains("<ol"));
    }

    #[test]
    fn editor_text_is_escaped_in_the_index_and_the_feed() {
        let mut hostile = entry("x", Some("2025-06-20"));
        hostile.title = "</title><script>alert(1)</script>\u{1}".to_owned();
        hostile.author = Some("<b>A & B</b>".to_owned());
        hostile.href = "a\"b.html".to_owned();
        let html = index(std::slice::from_ref(&hostile), &Vocabulary::default());
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(html.contains("&lt;/title&gt;&lt;script&gt;") && html.contains("\u{FFFD}"));
        assert!(html.contains("href=\"a&quot;b.html\""), "{html}");
        let xml = feed(&[hostile], &Vocabulary::default(), None).expect("a feed");
        let xml = String::from_utf8(xml).expect("UTF-8");
        assert!(!xml.contains("<script>") && !xml.contains('\u{1}'), "{xml}");
        let read = atom::Feed::read_from(xml.as_bytes()).expect("the feed reads back");
        assert_eq!(
            read.entries[0].title.value,
            "</title><script>alert(1)</script>\u{FFFD}"
        );
    }

    #[test]
    fn the_feed_reads_back_with_its_entries_links_dates_and_authors() {
        let vocabulary = Vocabulary::default();
        let mut month = entry("Month", Some("2025-06"));
        month.reviewers.clear();
        let entries = [entry("Old", Some("2024-03-01")), month];
        let xml = feed(&entries, &vocabulary, Some("https://example.org/checks/")).expect("a feed");
        let read = atom::Feed::read_from(&xml[..]).expect("the feed reads back");
        assert_eq!(read.title.value, "Fact-checked articles");
        assert_eq!(read.id, "https://example.org/checks/feed.xml");
        assert_eq!(read.updated.to_rfc3339(), "2025-06-01T00:00:00+00:00");
        // An entry has no reviewers: the feed names an author for it.
        assert_eq!(read.authors.len(), 1);
        let got: Vec<(&str, &str, String, Vec<&str>)> = read
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
            got,
            [
                (
                    "Month",
                    "month.html",
                    "2025-06-01T00:00:00+00:00".to_owned(),
                    vec![]
                ),
                (
                    "Old",
                    "old.html",
                    "2024-03-01T00:00:00+00:00".to_owned(),
                    vec!["Desk editor"]
                ),
            ]
        );
        let summary = &read.entries[1].summary.as_ref().expect("a summary").value;
        assert_eq!(
            summary,
            "Fact-check of an article by Ann Author, published in July 2025. Reviewed by Desk editor on 1 March 2024. Verdicts: Supported 1, False 2. Coverage: 75% of check-worthy sentences (3 of 4)."
        );
    }

    #[test]
    fn entry_ids_are_absolute_and_stable() {
        assert_eq!(
            atom_id("https://e.org/a.html", "a.html"),
            "https://e.org/a.html"
        );
        let id = atom_id("a.html", "a.html");
        assert_eq!(id, name_uuid("a.html"));
        assert_ne!(id, name_uuid("b.html"));
        // urn:uuid:xxxxxxxx-xxxx-8xxx-[89ab]xxx-xxxxxxxxxxxx
        let uuid = id.strip_prefix("urn:uuid:").expect("a UUID URN");
        let groups: Vec<&str> = uuid.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12]
        );
        assert!(groups[2].starts_with('8'), "{uuid}");
        assert!(groups[3].starts_with(['8', '9', 'a', 'b']), "{uuid}");
        // A fixed value: an id that changed would make every reader show
        // every review as new.
        assert_eq!(
            name_uuid(""),
            "urn:uuid:6c62272e-07bb-8142-a2b8-21756295c58d"
        );
        assert!(!is_absolute("2024/a.html") && !is_absolute("/a:b") && !is_absolute("a b:c"));
        assert!(is_absolute("urn:x") && is_absolute("https://e.org"));
    }

    #[test]
    fn claim_reviews_come_from_the_pages_head() {
        let page = "<!DOCTYPE html>\n<head>\n<script type=\"application/ld+json\">\n[\n{\"a\":1},\n{\"b\":\"\\u003c/script\\u003e\"}\n]\n</script>\n</head>\n<body><script type=\"application/ld+json\">[{\"body\":1}]</script></body>";
        assert_eq!(
            claim_reviews_of(page),
            "{\"a\":1},\n{\"b\":\"\\u003c/script\\u003e\"}"
        );
        // Only the head counts: a page without notes has no list there.
        assert_eq!(
            claim_reviews_of(
                "<head><title>t</title></head><body><script type=\"application/ld+json\">[{\"x\":1}]</script>"
            ),
            ""
        );
        assert_eq!(claim_reviews_of(""), "");
    }

    #[test]
    fn claims_join_the_pages_items_in_one_array() {
        let finish = |pages: &[&str]| {
            let mut claims = Claims::new(Vec::new());
            for page in pages {
                claims.push(page).expect("written");
            }
            String::from_utf8(claims.finish().expect("finished")).expect("UTF-8")
        };
        assert_eq!(finish(&[]), "[]\n");
        assert_eq!(finish(&["", ""]), "[]\n");
        let joined = finish(&["{\"a\":1},\n{\"a\":2}", "", "{\"b\":1}"]);
        assert_eq!(joined, "[\n{\"a\":1},\n{\"a\":2},\n{\"b\":1}\n]\n");
        let parsed: serde_json::Value = serde_json::from_str(&joined).expect("JSON");
        assert_eq!(parsed.as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn a_page_rendered_for_real_gives_its_claim_reviews() {
        let article =
            crate::markup::parse("Prices rose by 5 percent in 2024. They fell in 2025.\n");
        let sentences = crate::segment::segment(&article);
        let (set, _) = crate::store::parse(
            "article: a.md\nreviewed: 2025-01-01\nannotations:\n  - quote: Prices rose by 5 percent in 2024.\n    verdict: false\n    note: \"They rose by 4 <percent>.\"\n    sources: [{url: https://e.org}]\n  - quote: They fell in 2025.\n    verdict: opinion\n",
            std::path::Path::new("a.yaml"),
        );
        let review = crate::anchor::anchor(article, sentences, set.expect("a valid file"));
        let coverage = crate::coverage::measure(&review);
        let options = super::super::PageOptions {
            page_url: "a.html".to_owned(),
            ..Default::default()
        };
        let page = super::super::page(&review, &coverage, &options);
        let items = claim_reviews_of(&page);
        let list: serde_json::Value =
            serde_json::from_str(&format!("[{items}]")).expect("the items are JSON");
        let list = list.as_array().expect("a list");
        assert_eq!(list.len(), 2, "{items}");
        assert!(list.iter().all(|c| c["@type"] == "ClaimReview"), "{items}");
        assert_eq!(list[0]["reviewBody"], "They rose by 4 <percent>.");
    }
}
