//! Stage 5: [`Review`] → the reviewed page.
//!
//! [`page`] writes one self-contained HTML5 file: inline CSS, no external
//! request, and one small script that only refines the margin (nothing needs
//! it to be read). Each annotated sentence is wrapped in an element with its
//! sentence id and a class for each verdict it holds; each quote is
//! highlighted in its own verdict's colour and followed by its badge (the
//! verdict in words and the note's number), its note (in the margin of a
//! wide screen, opened by the badge on a narrow one) and its correction; see
//! `notes`. The numbered notes and sources at the end link to the text and
//! back. A misdated date is struck through (`<del>`) and the right date
//! inserted (`<ins>`) in the article's own style. Notes and corrections are
//! inline Markdown; all editor text is escaped, and only http(s) links and
//! sources become links. [`fragment`] is the same article without the page,
//! for a CMS, with [`stylesheet`]. [`index`] writes the site's index of
//! articles.

mod html;
mod ids;
mod markdown;
mod notes;
mod site;
mod style;

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;
use serde_json::value::RawValue;

use crate::anchor::{Binding, Review};
use crate::coverage::Coverage;
use crate::dates::{self, PartialDate};
use crate::markup::{BlockKind, Container, Node};
use crate::store::{Annotation, Verdict, Vocabulary};

pub use html::escape;
use html::{escape_into, push_verdict_label};
pub use site::{
    CLAIMS_FILE, Claims, FEED_FILE, IndexEntry, claim_reviews_of, feed, index, page_url,
};

/// Settings of the page.
#[derive(Debug, Clone, Default)]
pub struct PageOptions {
    /// The page's own URL or file name, for ClaimReview `url`s.
    pub page_url: String,
    /// The reviewing organisation, for ClaimReview `author`.
    pub organisation: Option<String>,
    /// Pass raw HTML blocks of the article through a sanitiser instead of
    /// escaping them.
    pub allow_raw_html: bool,
}

/// The page title of `review`: the file's `title`, the article's first
/// heading, or the article's file stem.
pub fn title(review: &Review) -> String {
    review
        .set
        .title
        .clone()
        .or_else(|| review.article.first_heading().map(str::to_owned))
        .unwrap_or_else(|| {
            review.set.article.value.file_stem().map_or_else(
                || "Article".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            )
        })
}

/// A bound annotation's number on the page, in document order, with its
/// note and correction rendered (once: both show in two places).
struct Numbered<'a> {
    number: usize,
    binding: &'a Binding,
    annotation: &'a Annotation,
    note: Option<markdown::Rendered>,
    correction: Option<markdown::Rendered>,
}

/// What the page and the fragment share: the notes in document order, the
/// sources they cite and the ids of the annotated sentences.
struct Prepared<'a> {
    notes: Vec<Numbered<'a>>,
    sources: notes::SourceList<'a>,
    anchors: ids::Anchors<'a>,
    title: String,
    /// The article's first heading, left out where it repeats the title.
    skip_block: Option<usize>,
}

impl<'a> Prepared<'a> {
    fn new(review: &'a Review) -> Self {
        let mut ordered: Vec<&Binding> = review.bindings.iter().collect();
        ordered.sort_by_key(|b| (b.sentence, b.quote.start, b.annotation));
        let notes: Vec<Numbered> = ordered
            .into_iter()
            .enumerate()
            .map(|(i, binding)| {
                let annotation = review.annotation(binding);
                let rendered = |text: &Option<crate::store::Spanned<String>>| {
                    text.as_ref()
                        .filter(|t| !t.value.trim().is_empty())
                        .map(|t| markdown::render(&t.value))
                };
                Numbered {
                    number: i + 1,
                    binding,
                    annotation,
                    note: rendered(&annotation.note),
                    correction: rendered(&annotation.correction),
                }
            })
            .collect();
        let sources = notes::SourceList::new(&notes);
        let anchors =
            ids::Anchors::new(&review.sentences, notes.iter().map(|n| n.binding.sentence));
        let title = title(review);
        Prepared {
            skip_block: repeated_heading(review, &notes, &title),
            notes,
            sources,
            anchors,
            title,
        }
    }
}

/// Renders the reviewed page of `review`.
pub fn page(review: &Review, coverage: &Coverage, options: &PageOptions) -> String {
    let prepared = Prepared::new(review);
    let title = &prepared.title;

    // Pages run to about seven times their Markdown. Reserving that up front
    // spares the copies of a doubling string, whose old and new buffers
    // would both be alive at the peak; pages not touched cost no memory.
    let mut out = String::with_capacity(32 * 1024 + review.article.source_len() * 8);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>{} — reviewed</title>", escape(title));
    let _ = writeln!(
        out,
        "<style>{}</style>",
        style::stylesheet(&review.set.vocabulary)
    );
    claim_reviews(&mut out, review, &prepared, options);
    out.push_str("</head>\n<body>\n<main>\n<article class=\"factmark\">\n<header>\n");
    let _ = writeln!(
        out,
        "<p class=\"kicker\">Fact-checked article</p>\n<h1 class=\"page-title\">{}</h1>",
        escape(title)
    );
    out.push_str(&credits(review));
    out.push_str("</header>\n");
    reviewed_body(&mut out, review, coverage, &prepared, options);
    out.push_str("</article>\n</main>\n<footer><p>Reviewed with factmark. Verdicts are written in words; colours only repeat them.</p></footer>\n");
    if !prepared.notes.is_empty() {
        let _ = writeln!(
            out,
            "<script id=\"factmark-margin\">{}</script>",
            style::MARGIN_SCRIPT
        );
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// Renders the reviewed article of `review` as an HTML fragment, for a
/// CMS template to host: the summary, the article body with its notes, the
/// numbered notes and sources, and the ClaimReview JSON-LD, in one
/// `<article class="factmark">`, with the same classes as the page. No
/// `<html>`, `<head>` or title, and no stylesheet: the template links
/// [`stylesheet`] (`build --fragments` writes it as `factmark.css`).
pub fn fragment(review: &Review, coverage: &Coverage, options: &PageOptions) -> String {
    let prepared = Prepared::new(review);
    let mut out = String::with_capacity(16 * 1024 + review.article.source_len() * 8);
    out.push_str("<article class=\"factmark\">\n<header>\n");
    out.push_str(&credits(review));
    out.push_str("</header>\n");
    reviewed_body(&mut out, review, coverage, &prepared, options);
    claim_reviews(&mut out, review, &prepared, options);
    out.push_str("</article>\n");
    out
}

/// The stylesheet of [`fragment`]s for the verdicts of `vocabulary`, for a
/// CMS page hosting them to link: the article's rules (the page's own,
/// which it inlines), all scoped to the fragment's `.factmark` root, so
/// that the CMS page keeps its look.
pub fn stylesheet(vocabulary: &Vocabulary) -> String {
    style::fragment_stylesheet(vocabulary)
}

/// The summary, the body and the notes and sources: what the page and
/// the fragment both show.
fn reviewed_body(
    out: &mut String,
    review: &Review,
    coverage: &Coverage,
    prepared: &Prepared,
    options: &PageOptions,
) {
    out.push_str(&summary(coverage, &review.set.vocabulary));
    out.push_str("<div class=\"body\">\n");
    let context = html::Context {
        notes: &prepared.notes,
        anchors: &prepared.anchors,
        footnotes: &ids::Footnotes::new(&review.article.outline),
        skip_block: prepared.skip_block,
    };
    html::body(out, review, &context, options.allow_raw_html);
    out.push_str("</div>\n");
    notes::notes_section(out, &prepared.notes, &prepared.sources);
    prepared.sources.render(out);
}

/// Who said what: the article's author, publication date and original,
/// then, on a line of its own, who reviewed it and when, worded so that
/// nobody takes the reviewer for the author.
fn credits(review: &Review) -> String {
    let set = &review.set;
    let mut out = String::new();
    let author = set
        .author
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    if author.is_some() || set.published.is_some() || set.url.is_some() {
        out.push_str("<p class=\"byline\">");
        let mut sentences = Vec::new();
        if let Some(author) = author {
            let author = author.strip_suffix('.').unwrap_or(author);
            sentences.push(format!(
                "Article by <span class=\"author\">{}</span>.",
                escape(author)
            ));
        }
        if let Some(date) = set.published {
            sentences.push(format!("Published {}.", time(date)));
        }
        if let Some(url) = &set.url {
            sentences.push(format!(
                "<a class=\"original\" href=\"{}\" rel=\"noopener noreferrer\">Read the original on {}</a>",
                html::url_attribute(url),
                escape(host(url))
            ));
        }
        out.push_str(&sentences.join(" "));
        out.push_str("</p>\n");
    }
    let reviewers: Vec<&str> = set
        .reviewers
        .iter()
        .map(|r| r.trim())
        .filter(|r| !r.is_empty())
        .collect();
    if reviewers.is_empty() && set.reviewed.is_none() {
        return out;
    }
    out.push_str("<p class=\"review-credit\">Reviewed");
    if !reviewers.is_empty() {
        out.push_str(" by ");
        let (last, first) = reviewers.split_last().unwrap_or((&"", &[]));
        for (i, reviewer) in first.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            escape_into(&mut out, reviewer);
        }
        if !first.is_empty() {
            out.push_str(" and ");
        }
        escape_into(&mut out, last);
    }
    if let Some(date) = set.reviewed {
        let _ = write!(out, " {} {}", on(date), time(date));
    }
    out.push_str(".</p>\n");
    out
}

/// The preposition before `date`: on a day, in a month or a year.
fn on(date: PartialDate) -> &'static str {
    match date {
        PartialDate::Day(_) => "on",
        PartialDate::Month { .. } | PartialDate::Year(_) => "in",
    }
}

/// `date` as a reader reads it ("25 November 2026", "July 2025", "2025").
fn readable(date: PartialDate) -> String {
    dates::format_like(date, dates::DateStyle::DayMonthYear(dates::MonthForm::Full))
}

/// `date` in a `<time>` element: readable, and in ISO form for machines.
fn time(date: PartialDate) -> String {
    format!("<time datetime=\"{date}\">{}</time>", readable(date))
}

/// The host an http(s) `url` names, without `www.`, for the link to the
/// original: readers see where it leads.
fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = host.strip_prefix("www.").unwrap_or(host);
    if host.is_empty() { url } else { host }
}

/// The text block of the article's first heading, when that heading opens
/// the article, only repeats the page's title and carries no note: the
/// page then shows its title once.
fn repeated_heading(review: &Review, notes: &[Numbered], title: &str) -> Option<usize> {
    let Some(Node::Text(index)) = review.article.outline.first() else {
        return None;
    };
    let block = review.article.blocks.get(*index)?;
    let same = |a: &str, b: &str| {
        let words = |t: &str| crate::fold::fold(t).to_lowercase();
        words(a).split_whitespace().eq(words(b).split_whitespace())
    };
    let annotated = notes
        .iter()
        .any(|n| review.sentences[n.binding.sentence].block == *index);
    (matches!(block.kind, BlockKind::Heading(_)) && same(&block.text, title) && !annotated)
        .then_some(*index)
}

fn summary(coverage: &Coverage, vocabulary: &Vocabulary) -> String {
    let mut out = String::from(
        "<section class=\"summary\" aria-labelledby=\"summary-title\">\n<h2 id=\"summary-title\">Summary</h2>\n",
    );
    // The legend: each verdict used, how many, what it means, and a
    // sample of how its claims are highlighted.
    if !coverage.verdicts.is_empty() {
        out.push_str("<ul class=\"legend\">\n");
    }
    for verdict in vocabulary.iter() {
        if let Some(n) = coverage.verdicts.get(verdict.name()) {
            let _ = write!(out, "<li><span class=\"quote verdict-{}\">", verdict.name());
            push_verdict_label(&mut out, verdict);
            let _ = write!(out, "</span>: <strong>{n}</strong>");
            let meaning = verdict.info().description.trim();
            if !meaning.is_empty() {
                out.push_str(" <span class=\"meaning\">— ");
                escape_into(&mut out, meaning);
                out.push_str("</span>");
            }
            out.push_str("</li>\n");
        }
    }
    if !coverage.verdicts.is_empty() {
        out.push_str("</ul>\n");
    }
    out.push_str(&chart(coverage, vocabulary));
    let _ = writeln!(
        out,
        "<p class=\"coverage\">Coverage: <strong>{}%</strong> of check-worthy sentences annotated ({} of {}; {} sentences in all).</p>\n</section>",
        coverage.coverage, coverage.annotated, coverage.checkworthy, coverage.sentences
    );
    out
}

/// A small stacked bar of verdict counts. The counts are also written out in
/// words above it; the chart only repeats them.
fn chart(coverage: &Coverage, vocabulary: &Vocabulary) -> String {
    let total: usize = coverage.verdicts.values().sum();
    if total == 0 {
        return String::new();
    }
    let parts: Vec<(&Verdict, usize)> = vocabulary
        .iter()
        .filter_map(|v| coverage.verdicts.get(v.name()).map(|&n| (v, n)))
        .collect();
    let words: Vec<String> = parts
        .iter()
        .map(|(v, n)| format!("{} {n}", v.label()))
        .collect();
    let mut out = format!(
        "<svg class=\"chart\" viewBox=\"0 0 {total} 1\" preserveAspectRatio=\"none\" role=\"img\" aria-labelledby=\"chart-title\"><title id=\"chart-title\">Verdicts: {}</title>",
        escape(&words.join(", "))
    );
    let mut x = 0;
    for (verdict, n) in parts {
        let _ = write!(
            out,
            "<rect class=\"bar-{}\" x=\"{x}\" y=\"0\" width=\"{n}\" height=\"1\"><title>{}: {n}</title></rect>",
            verdict.name(),
            escape(verdict.label())
        );
        x += n;
    }
    out.push_str("</svg>\n");
    out
}

/// One schema.org `ClaimReview`. Fields are declared in alphabetical order
/// of their JSON names, the order readers of earlier pages saw.
#[derive(Serialize)]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: &'a RawValue,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: String,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(rename = "itemReviewed")]
    item_reviewed: &'a RawValue,
    #[serde(rename = "reviewBody", skip_serializing_if = "Option::is_none")]
    review_body: Option<Cow<'a, str>>,
    #[serde(rename = "reviewRating")]
    review_rating: &'a RawValue,
    url: String,
}

#[derive(Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    appearance: Appearance<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
}

/// Where the claim appeared: the original article, by its author, on its
/// date. Without a `url:` it has none (the review page is the
/// ClaimReview's own `url`, not where the claim was made).
#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Named<'a>>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

#[derive(Serialize)]
struct Rating<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: &'a str,
    #[serde(rename = "bestRating", skip_serializing_if = "Option::is_none")]
    best_rating: Option<u8>,
    #[serde(rename = "ratingValue", skip_serializing_if = "Option::is_none")]
    rating_value: Option<u8>,
    #[serde(rename = "worstRating", skip_serializing_if = "Option::is_none")]
    worst_rating: Option<u8>,
}

/// The ClaimReview JSON-LD of every bound annotation, safe inside `<script>`.
fn claim_reviews(out: &mut String, review: &Review, prepared: &Prepared, options: &PageOptions) {
    let (notes, anchors, title) = (&prepared.notes, &prepared.anchors, &prepared.title);
    if notes.is_empty() {
        return;
    }
    let organisation = options.organisation.clone().unwrap_or_else(|| {
        review
            .set
            .reviewers
            .first()
            .cloned()
            .unwrap_or_else(|| "factmark".to_owned())
    });
    // The per-page values, shared by every item, are written once.
    let reviewed = review.set.reviewed.map(|d| d.to_string());
    let published = review.set.published.map(|d| d.to_string());
    let author = script_safe_json(&Named {
        kind: "Organization",
        name: &organisation,
    });
    let claimant = || {
        review.set.author.as_deref().map(|name| Named {
            kind: "Person",
            name,
        })
    };
    let item_reviewed = script_safe_json(&Claim {
        kind: "Claim",
        appearance: Appearance {
            kind: "CreativeWork",
            author: claimant(),
            date_published: published.as_deref(),
            name: title,
            url: review.set.url.as_deref(),
        },
        author: claimant(),
        date_published: published.as_deref(),
    });
    // The items' own strings are scrubbed as they are made (see
    // `ScriptSafe::scrub`); the page's URL once, here.
    let page_url = html::scrub(&options.page_url);
    // One rating per verdict of the vocabulary, also written once.
    let ratings: Vec<(&str, Box<RawValue>)> = review
        .set
        .vocabulary
        .iter()
        .map(|verdict| {
            let rating = verdict.rating();
            let json = script_safe_json(&Rating {
                kind: "Rating",
                alternate_name: verdict.label(),
                best_rating: rating.map(|_| 5),
                rating_value: rating,
                worst_rating: rating.map(|_| 1),
            });
            (verdict.name(), json)
        })
        .collect();
    let items = notes.iter().map(|note| {
        let a = note.annotation;
        let verdict = a.verdict.value.name();
        let review_rating = ratings
            .iter()
            .find(|(name, _)| *name == verdict)
            .map_or(RawValue::NULL, |(_, json)| &**json);
        ClaimReview {
            context: "https://schema.org",
            kind: "ClaimReview",
            author: &author,
            claim_reviewed: html::scrub_owned(crate::fold::fold(&a.quote.value)),
            date_published: reviewed.as_deref(),
            item_reviewed: &item_reviewed,
            review_body: note.note.as_ref().map(|n| html::scrub(&n.text)),
            review_rating,
            url: format!("{page_url}#{}", anchors.id(note.binding.sentence)),
        }
    });
    // Serialised straight into the page: on an archive-sized article the
    // JSON runs to tens of megabytes, and copies of it set the peak memory.
    out.push_str("<script type=\"application/ld+json\">\n");
    let mut bytes = std::mem::take(out).into_bytes();
    let start = bytes.len();
    let items_formatter = ScriptSafe {
        depth: 0,
        scrub: false,
    };
    let mut json = serde_json::Serializer::with_formatter(&mut bytes, items_formatter);
    if serde::Serializer::collect_seq(&mut json, items).is_err() {
        // Not expected (the items are plain data written to memory), but
        // never leave half a list behind.
        bytes.truncate(start);
        bytes.extend_from_slice(b"[]");
    }
    *out = String::from_utf8(bytes)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    out.push_str("\n</script>\n");
}

/// `value` as JSON that is safe inside `<script>`, to be embedded verbatim.
fn script_safe_json(value: &impl Serialize) -> Box<RawValue> {
    let mut bytes = Vec::new();
    let written = value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut bytes,
        ScriptSafe {
            depth: 0,
            scrub: true,
        },
    ));
    written
        .ok()
        .and_then(|()| String::from_utf8(bytes).ok())
        .and_then(|json| RawValue::from_string(json).ok())
        .unwrap_or_else(|| RawValue::NULL.to_owned())
}

/// JSON that is safe inside `<script>`: a `</script>` inside editor text
/// must not end the block. `<`, `>` and `&` occur only inside JSON strings,
/// where their `\u` escapes mean the same. Each item of the top-level list
/// is one compact line: no indentation to weigh the page down, and a diff
/// of two pages still shows which claim review changed.
///
/// Control characters become U+FFFD, as they do in the page's text (see
/// `html::scrub`).
struct ScriptSafe {
    depth: usize,
    /// Whether strings are scrubbed as they are written. The per-page
    /// values are; the items, tens of thousands of strings on an archive's
    /// page, mostly fixed, have their editor text scrubbed when they are
    /// made instead.
    scrub: bool,
}

impl serde_json::ser::Formatter for ScriptSafe {
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        writer.write_all(if self.depth == 0 { b"\n]" } else { b"]" })
    }

    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        match (self.depth == 1, first) {
            (true, true) => writer.write_all(b"\n"),
            (true, false) => writer.write_all(b",\n"),
            (false, true) => Ok(()),
            (false, false) => writer.write_all(b","),
        }
    }

    fn begin_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth += 1;
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + std::io::Write>(&mut self, writer: &mut W) -> std::io::Result<()> {
        self.depth -= 1;
        writer.write_all(b"}")
    }

    /// Control characters (written as `\u0000` and the like by default)
    /// become U+FFFD, as they do in the page's text; tab, line feed and
    /// carriage return keep their escapes.
    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        char_escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        use serde_json::ser::CharEscape;
        writer.write_all(match char_escape {
            CharEscape::Quote => b"\\\"",
            CharEscape::ReverseSolidus => b"\\\\",
            CharEscape::Solidus => b"\\/",
            CharEscape::LineFeed => b"\\n",
            CharEscape::CarriageReturn => b"\\r",
            CharEscape::Tab => b"\\t",
            CharEscape::Backspace | CharEscape::FormFeed | CharEscape::AsciiControl(_) => {
                "\u{FFFD}".as_bytes()
            }
        })
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // DEL, C1 controls and noncharacters are written raw by serde_json.
        let fragment = if self.scrub {
            html::scrub(fragment)
        } else {
            Cow::Borrowed(fragment)
        };
        let bytes = fragment.as_bytes();
        let mut run = 0;
        for at in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
            writer.write_all(&bytes[run..at])?;
            writer.write_all(match bytes[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            run = at + 1;
        }
        writer.write_all(&bytes[run..])
    }
}

/// The date correction of a misdated binding: in the style of the claimed
/// date as the sentence writes it, as precise as `corrected`. A day that
/// corrects a year or a month ("1905" → 1905-11-28) is written in the order
/// of the article's first day ("28 November 1905" in a British article).
fn corrected_text(review: &Review, binding: &Binding, annotation: &Annotation) -> Option<String> {
    let (_, style) = binding.claimed_date.as_ref()?;
    let corrected = annotation.corrected.as_ref()?;
    let claimed = annotation.claimed.as_ref()?;
    let mut style = *style;
    // Looked up only for this rare correction, never on every page.
    if matches!(corrected.value, PartialDate::Day(_)) && !style.writes_days() {
        let days = review
            .article
            .blocks
            .iter()
            .flat_map(|block| dates::find_dates(&block.text))
            .map(|found| found.style)
            .find(|found| found.writes_days());
        style = style.for_days(days);
    }
    Some(dates::format_correction(
        corrected.value,
        claimed.value,
        style,
    ))
}

/// The tag of a text block.
fn block_tag(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Paragraph => "p",
        BlockKind::Heading(1) => "h2",
        BlockKind::Heading(2) => "h3",
        BlockKind::Heading(3) => "h4",
        BlockKind::Heading(4) => "h5",
        BlockKind::Heading(_) => "h6",
        BlockKind::Plain => "span",
        BlockKind::TableCell { head: true } => "th",
        BlockKind::TableCell { head: false } => "td",
    }
}

fn container_tags(container: &Container) -> (String, &'static str) {
    match container {
        Container::BlockQuote => ("<blockquote>".into(), "</blockquote>"),
        Container::List(None) => ("<ul>".into(), "</ul>"),
        Container::List(Some(1)) => ("<ol>".into(), "</ol>"),
        Container::List(Some(n)) => (format!("<ol start=\"{n}\">"), "</ol>"),
        Container::Item => ("<li>".into(), "</li>"),
        Container::Table => ("<table>".into(), "</table>"),
        Container::TableHead => ("<thead><tr>".into(), "</tr></thead>"),
        Container::TableRow => ("<tr>".into(), "</tr>"),
        // Opened by `html::body`, which knows the footnotes' ids.
        Container::Footnote(_) => ("<div class=\"footnote\">".into(), "</div>"),
    }
}
