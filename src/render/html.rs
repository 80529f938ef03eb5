//! Writing the article body: blocks, sentences, highlights and corrections.
//!
//! Inline markup from the article (emphasis, links, code) and factmark's own
//! elements (the sentence, the highlighted quote, the struck-through date) can
//! overlap in any way. Both live on one stack of open elements; closing one
//! closes what was opened inside it and reopens it right after, so the HTML
//! stays well-formed whatever the overlap.

use std::fmt::Write as _;

use super::ids::{Anchors, Footnotes};
use super::{Numbered, block_tag, container_tags, corrected_text, notes};
use crate::anchor::Review;
use crate::markup::{Container, Inline, MarkKind, Node};

/// `text` escaped for HTML element content and attribute values, written
/// where it is formatted: `write!(out, "<p>{}</p>", escape(text))` copies no
/// string of its own.
pub fn escape(text: &str) -> Escaped<'_> {
    Escaped(text)
}

/// Text that formats as escaped HTML; see [`escape`].
pub struct Escaped<'a>(&'a str);

impl std::fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write_escaped(&scrub(self.0), |run| f.write_str(run))
    }
}

/// Appends a verdict's symbol (hidden from screen readers, which read the
/// label) and label, as every place that names a verdict shows them.
pub(super) fn push_verdict_label(out: &mut String, verdict: &crate::store::Verdict) {
    out.push_str("<span class=\"symbol\" aria-hidden=\"true\">");
    escape_into(out, verdict.symbol());
    out.push_str("</span> ");
    escape_into(out, verdict.label());
}

/// Appends the decimal digits of `n` to `out`, without `format!`'s
/// machinery: note numbers are written three times per annotation.
pub fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// Appends `text` to `out`, escaped for HTML, with [`forbidden`]
/// characters replaced (see [`scrub`]).
pub fn escape_into(out: &mut String, text: &str) {
    escape_clean_into(out, &scrub(text));
}

/// Appends `text`, which holds no [`forbidden`] character, to `out`,
/// escaped for HTML.
fn escape_clean_into(out: &mut String, text: &str) {
    let _ = write_escaped(text, |run| {
        out.push_str(run);
        Ok(())
    });
}

/// Hands `text` to `write` in runs: plain text and entities. Runs without a
/// special character are copied whole; the five special characters are
/// ASCII, so every run ends on a character boundary. Two SIMD searches (for
/// `&<>` and for quotes) each move forward only past what they found.
fn write_escaped(text: &str, mut write: impl FnMut(&str) -> std::fmt::Result) -> std::fmt::Result {
    let bytes = text.as_bytes();
    let entity = |b: u8| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' => Some("&#39;"),
        _ => None,
    };
    // Labels, ids and short notes: a plain pass costs less than setting up
    // the SIMD searches.
    if bytes.len() < 64 {
        let mut run = 0;
        for (at, &b) in bytes.iter().enumerate() {
            if let Some(entity) = entity(b) {
                write(&text[run..at])?;
                write(entity)?;
                run = at + 1;
            }
        }
        return write(&text[run..]);
    }
    let markup = |from: usize| memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map(|i| from + i);
    let quote = |from: usize| memchr::memchr2(b'"', b'\'', &bytes[from..]).map(|i| from + i);
    let (mut next_markup, mut next_quote) = (markup(0), quote(0));
    let mut run = 0;
    loop {
        let at = match (next_markup, next_quote) {
            (Some(m), Some(q)) => m.min(q),
            (Some(at), None) | (None, Some(at)) => at,
            (None, None) => break,
        };
        write(&text[run..at])?;
        write(entity(bytes[at]).unwrap_or_default())?;
        run = at + 1;
        if next_markup == Some(at) {
            next_markup = markup(run);
        } else {
            next_quote = quote(run);
        }
    }
    write(&text[run..])
}

/// Whether `c` may not appear in an HTML page: a control character other
/// than tab, line feed and carriage return (C0, DEL and C1; form feed too,
/// which HTML allows but no page needs), or a noncharacter. The Nu HTML
/// Checker rejects each as a "forbidden code point" (NUL as "U+0000 in
/// stream").
pub(super) fn forbidden(c: char) -> bool {
    let n = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || (0xFDD0..=0xFDEF).contains(&n)
        || n & 0xFFFE == 0xFFFE
}

/// Whether `text` has a [`forbidden`] character. Pages escape all of their
/// article's text, nearly all of it clean, so the search is two-staged: a
/// branch-free sweep (which the compiler vectorises) over chunks of bytes
/// for a byte that could start a forbidden character, then a look at the
/// characters of the few chunks that have one. Prose seldom has such a
/// byte: besides the controls, only C2 (C1 controls, but also U+00A0 to
/// U+00BF) and EF to F4 (U+F000 and above) lead one.
fn has_forbidden(text: &str) -> bool {
    const CHUNK: usize = 32;
    fn may_lead(b: u8) -> bool {
        (b < 0x20) | (b == 0x7F) | (b == 0xC2) | (b >= 0xEF)
    }
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = (start + CHUNK).min(bytes.len());
        // A chunk as an array, so the sweep is unrolled into vector
        // operations; the last, shorter one padded with spaces. (Most
        // texts escaped are short: labels, names, runs between marks.)
        let mut padded = [b' '; CHUNK];
        let chunk = match <&[u8; CHUNK]>::try_from(&bytes[start..end]) {
            Ok(chunk) => chunk,
            Err(_) => {
                padded[..end - start].copy_from_slice(&bytes[start..end]);
                &padded
            }
        };
        if chunk.iter().fold(false, |any, &b| any | may_lead(b)) {
            // The characters that start in this chunk, the first of which
            // may have started in the last.
            let from = text.floor_char_boundary(start);
            if text[from..]
                .char_indices()
                .take_while(|&(at, _)| from + at < end)
                .any(|(_, c)| forbidden(c))
            {
                return true;
            }
        }
        start = end;
    }
    false
}

/// `text` with every [`forbidden`] character replaced by U+FFFD, as HTML
/// parsers replace NUL; borrowed when there is none (nearly always).
pub(super) fn scrub(text: &str) -> std::borrow::Cow<'_, str> {
    if !has_forbidden(text) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| if forbidden(c) { '\u{FFFD}' } else { c })
        .collect::<String>()
        .into()
}

/// [`scrub`] for a text that is already owned: returned as it is when clean.
pub(super) fn scrub_owned(text: String) -> String {
    match scrub(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(scrubbed) => scrubbed,
    }
}

/// The bytes of `members` as a table to test a byte against: one load, where
/// searching a short list byte by byte cost more than the rest of a scan.
pub(super) const fn byte_set(members: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    let mut i = 0;
    while i < members.len() {
        set[members[i] as usize] = true;
        i += 1;
    }
    set
}

/// `url` ready for an `href` attribute: characters a URL may not contain
/// (spaces, quotes, angle brackets, non-ASCII …) percent-encoded, then the
/// result HTML-escaped. A browser follows the same address, and the page
/// stays valid HTML whatever an editor or article wrote.
pub fn url_attribute(url: &str) -> String {
    const PUNCTUATION: [bool; 256] = byte_set(b"-._~:/?#[]@!$&'()*+,;=");
    let allowed = |b: u8| b.is_ascii_alphanumeric() || PUNCTUATION[usize::from(b)];
    let url = url.trim();
    let bytes = url.as_bytes();
    // Most URLs need neither encoding nor escaping (of `&` and `'`).
    if bytes.iter().all(|&b| allowed(b) && b != b'&' && b != b'\'') {
        return url.to_owned();
    }
    let mut encoded = String::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape_sequence = b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if allowed(b) || escape_sequence {
            encoded.push(char::from(b));
        } else {
            let _ = write!(encoded, "%{b:02X}");
        }
    }
    escape(&encoded).to_string()
}

/// The sanitiser for `--allow-raw-html`: ammonia's safe defaults, without
/// images (a page must make no outside request) and without a `rel` on
/// links, which is invalid once an unsafe `href` has been removed.
fn sanitise(html: &str) -> String {
    let clean = ammonia::Builder::default()
        .rm_tags(["img"])
        .link_rel(None)
        .clean(html)
        .to_string();
    // ammonia passes control characters through as they are.
    scrub_owned(clean)
}

/// Whether a link in the article may stay a link: http(s), mailto, fragments
/// and relative paths; never `javascript:`, `data:` or other schemes.
fn safe_href(href: &str) -> bool {
    let lower: String = href
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase();
    match lower.find(':') {
        None => true,
        Some(colon) => {
            let scheme = &lower[..colon];
            // A colon after a slash, `?` or `#` is not a scheme separator.
            scheme.contains(['/', '?', '#']) || matches!(scheme, "http" | "https" | "mailto")
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Inline,
    Sentence,
    /// The quote of the note with this number.
    Quote(usize),
    Del,
}

struct Open {
    kind: Kind,
    reopen: String,
    close: &'static str,
    /// Whether its opening tag is in the output. An element closed to let
    /// another close is reopened only when something is written inside it,
    /// so that none is left empty (an empty link is a link without a name).
    written: bool,
}

/// The stack of open elements of one block.
struct Stack<'o> {
    out: &'o mut String,
    open: Vec<Open>,
}

impl Stack<'_> {
    /// The output, with every element still to be reopened reopened: for
    /// what goes inside them.
    fn out(&mut self) -> &mut String {
        // Those waiting are the innermost: anything written reopens them.
        let waiting = self
            .open
            .iter()
            .rposition(|o| o.written)
            .map_or(0, |i| i + 1);
        for o in &mut self.open[waiting..] {
            self.out.push_str(&o.reopen);
            o.written = true;
        }
        self.out
    }

    fn push(&mut self, kind: Kind, first: &str, reopen: String, close: &'static str) {
        self.out().push_str(first);
        self.open.push(Open {
            kind,
            reopen,
            close,
            written: true,
        });
    }

    /// Closes the elements of `elements`, innermost first.
    fn write_closes(&mut self, elements: &[Open]) {
        for o in elements.iter().rev().filter(|o| o.written) {
            self.out.push_str(o.close);
        }
    }

    /// Opens `elements` again once something is written inside them.
    fn reopen_later(&mut self, elements: Vec<Open>) {
        self.open.extend(elements.into_iter().map(|o| Open {
            written: false,
            ..o
        }));
    }

    /// Closes the innermost open element of `kind`, reopening what was inside.
    fn close(&mut self, kind: Kind) {
        let Some(at) = self.open.iter().rposition(|o| o.kind == kind) else {
            return;
        };
        let inside = self.open.split_off(at);
        self.write_closes(&inside);
        self.reopen_later(inside.into_iter().skip(1).collect());
    }

    /// Runs `write` outside every open inline element, quote and deletion
    /// (closing them first and reopening them after), so that what it
    /// writes (a badge, a note with links) never lands inside a link or is
    /// styled by the article's emphasis.
    fn outside(&mut self, write: impl FnOnce(&mut String)) {
        let at = self
            .open
            .iter()
            .position(|o| o.kind != Kind::Sentence)
            .unwrap_or(self.open.len());
        let inside = self.open.split_off(at);
        self.write_closes(&inside);
        write(self.out());
        self.reopen_later(inside);
    }

    fn close_all(&mut self) {
        let open = std::mem::take(&mut self.open);
        self.write_closes(&open);
    }
}

enum Event<'a> {
    InlineClose,
    DelClose(String),
    QuoteClose(&'a Numbered<'a>),
    SentenceClose,
    SentenceOpen(usize),
    QuoteOpen(&'a Numbered<'a>),
    DelOpen,
    InlineOpen(&'a Inline),
    FootnoteRef(&'a str),
    LineBreak,
}

impl Event<'_> {
    /// Order of events at one offset: closings before openings, factmark's
    /// own elements inside the article's inline markup. Of two quotes that
    /// start together the longer opens first; of two that end together,
    /// the badge of the first note comes first.
    fn rank(&self) -> (u8, usize) {
        match self {
            Event::InlineClose => (0, 0),
            Event::DelClose(_) => (1, 0),
            Event::QuoteClose(n) if n.binding.quote.is_empty() => (9, n.number),
            Event::QuoteClose(n) => (2, n.number),
            Event::SentenceClose => (3, 0),
            Event::SentenceOpen(_) => (4, 0),
            Event::QuoteOpen(n) => (5, usize::MAX - n.binding.quote.end),
            Event::DelOpen => (6, 0),
            Event::InlineOpen(_) | Event::FootnoteRef(_) | Event::LineBreak => (7, 0),
        }
    }
}

/// The notes of sentence `index`: `notes` is in sentence order, so they are
/// one contiguous run, found by binary search.
fn notes_of<'n, 'a>(notes: &'n [Numbered<'a>], index: usize) -> &'n [Numbered<'a>] {
    let start = notes.partition_point(|n| n.binding.sentence < index);
    let end = notes.partition_point(|n| n.binding.sentence <= index);
    &notes[start..end]
}

/// What every block of the body needs besides the review.
pub(super) struct Context<'a> {
    /// The notes, in sentence order.
    pub notes: &'a [Numbered<'a>],
    /// The element ids of the annotated sentences.
    pub anchors: &'a Anchors<'a>,
    /// The ids of the footnotes.
    pub footnotes: &'a Footnotes,
    /// A text block left out: the article's first heading where it only
    /// repeats the page's title.
    pub skip_block: Option<usize>,
}

pub(super) fn body(out: &mut String, review: &Review, context: &Context, allow_raw_html: bool) {
    let mut closers: Vec<&'static str> = Vec::new();
    let mut footnote_ids = context.footnotes.definitions();
    for node in &review.article.outline {
        match node {
            Node::Open(Container::Footnote(_)) => {
                out.push_str("<div class=\"footnote\" id=\"");
                escape_into(out, footnote_ids.next().unwrap_or_default());
                out.push_str("\">");
                closers.push("</div>");
            }
            Node::Open(container) => {
                let (open, close) = container_tags(container);
                out.push_str(&open);
                closers.push(close);
            }
            Node::Close => out.push_str(closers.pop().unwrap_or_default()),
            Node::Text(index) if context.skip_block == Some(*index) => {}
            Node::Text(index) => block(out, review, *index, context),
            Node::Code(text) => {
                let _ = writeln!(out, "<pre><code>{}</code></pre>", escape(text));
            }
            Node::Html(text) if allow_raw_html => {
                let _ = writeln!(out, "<div class=\"raw-html\">{}</div>", sanitise(text));
            }
            Node::Html(text) => {
                let _ = writeln!(out, "<pre class=\"raw-html\">{}</pre>", escape(text));
            }
            Node::Rule => out.push_str("<hr>\n"),
        }
    }
    while let Some(close) = closers.pop() {
        out.push_str(close);
    }
}

fn block(out: &mut String, review: &Review, index: usize, context: &Context) {
    let notes = context.notes;
    let block = &review.article.blocks[index];
    let tag = block_tag(block.kind);
    let _ = write!(out, "<{tag}>");
    let first = review.sentences.partition_point(|s| s.block < index);
    let last = review.sentences.partition_point(|s| s.block <= index);
    let mut events: Vec<(usize, Event)> = Vec::new();
    for sentence_index in first..last {
        let sentence = &review.sentences[sentence_index];
        let here = notes_of(notes, sentence_index);
        if here.is_empty() {
            continue;
        }
        events.push((sentence.range.start, Event::SentenceOpen(sentence_index)));
        events.push((sentence.range.end, Event::SentenceClose));
        for n in here {
            events.push((n.binding.quote.start, Event::QuoteOpen(n)));
            events.push((n.binding.quote.end, Event::QuoteClose(n)));
            if let (Some((range, _)), Some(text)) = (
                &n.binding.claimed_date,
                corrected_text(review, n.binding, n.annotation),
            ) {
                events.push((range.start, Event::DelOpen));
                events.push((range.end, Event::DelClose(text)));
            }
        }
    }
    // Empty inline elements (an open directly followed by its close) carry
    // nothing and would confuse the ordering at one offset.
    let marks = &block.marks;
    let mut skip = vec![false; marks.len()];
    for i in 1..marks.len() {
        if marks[i].kind == MarkKind::Close
            && marks[i].at == marks[i - 1].at
            && matches!(marks[i - 1].kind, MarkKind::Open(_))
            && !skip[i - 1]
        {
            skip[i] = true;
            skip[i - 1] = true;
        }
    }
    for (mark, skipped) in marks.iter().zip(skip) {
        if skipped {
            continue;
        }
        let event = match &mark.kind {
            MarkKind::Open(inline) => Event::InlineOpen(inline),
            MarkKind::Close => Event::InlineClose,
            MarkKind::FootnoteRef(label) => Event::FootnoteRef(label),
            MarkKind::LineBreak => Event::LineBreak,
        };
        events.push((mark.at, event));
    }
    events.sort_by_key(|(at, e)| (*at, e.rank()));

    // One look at the whole text spares one per run of it.
    let escape_run = if has_forbidden(&block.text) {
        escape_into
    } else {
        escape_clean_into
    };
    let mut stack = Stack {
        out,
        open: Vec::new(),
    };
    let mut pos = 0;
    let mut waiting: Vec<&Numbered> = Vec::new();
    for (at, event) in events {
        let at = at.min(block.text.len());
        if at > pos {
            escape_run(stack.out(), &block.text[pos..at]);
            pos = at;
        }
        match event {
            Event::InlineClose => stack.close(Kind::Inline),
            Event::InlineOpen(inline) => {
                let (open, close) = inline_tags(inline);
                stack.push(Kind::Inline, &open, open.clone(), close);
            }
            Event::LineBreak => stack.out().push_str("<br>"),
            Event::FootnoteRef(label) => {
                let out = stack.out();
                out.push_str("<sup class=\"fnref\">");
                // Every reference pulldown-cmark reports has a definition;
                // one whose label folds otherwise than it expects is not
                // made a link to nowhere.
                match context.footnotes.target(label) {
                    Some(id) => {
                        out.push_str("<a href=\"#");
                        escape_into(out, id);
                        out.push_str("\">");
                        escape_into(out, label);
                        out.push_str("</a>");
                    }
                    None => escape_into(out, label),
                }
                out.push_str("</sup>");
            }
            Event::SentenceOpen(i) => {
                // The sentence names the verdicts of its claims (each quote
                // has its own, and the colours are theirs).
                let mut reopen = String::from("<span class=\"claim");
                for n in notes_of(notes, i) {
                    reopen.push_str(" verdict-");
                    reopen.push_str(n.annotation.verdict.value.name());
                }
                reopen.push_str("\">");
                // The first opening carries the sentence's id; a reopening
                // after overlapping markup must not repeat it.
                let out = stack.out();
                out.push_str(&reopen[..reopen.len() - 2]);
                out.push_str("\" id=\"");
                escape_into(out, context.anchors.id(i));
                out.push_str("\">");
                stack.push(Kind::Sentence, "", reopen, "</span>");
            }
            Event::SentenceClose => stack.close(Kind::Sentence),
            Event::QuoteOpen(n) => {
                let open = notes::quote_open(n);
                stack.push(Kind::Quote(n.number), &open, open.clone(), "</mark>");
            }
            Event::QuoteClose(n) => {
                stack.close(Kind::Quote(n.number));
                // Each claim's badge, note and correction follow its own
                // quote, not the sentence; those of quotes that overlap
                // (a warning) follow the last of them, so that no quote's
                // words are cut apart.
                waiting.push(n);
                if !stack.open.iter().any(|o| matches!(o.kind, Kind::Quote(_))) {
                    // The article's own punctuation right after the quote
                    // ends the sentence: a correction's full stop before it
                    // would read ". .".
                    let punctuation_follows = block.text[pos..]
                        .trim_start_matches([' ', '"', '\'', '”', '’', '“', '»'])
                        .starts_with(['.', ',', ';', ':', '!', '?']);
                    stack.outside(|out| {
                        for n in waiting.drain(..) {
                            notes::after_quote(out, n, punctuation_follows);
                        }
                    });
                }
            }
            Event::DelOpen => stack.push(
                Kind::Del,
                "<del><span class=\"visually-hidden\">deleted: </span>",
                "<del>".into(),
                "</del>",
            ),
            Event::DelClose(text) => {
                stack.close(Kind::Del);
                let _ = write!(
                    stack.out(),
                    " <ins><span class=\"visually-hidden\">inserted: </span>{}</ins>",
                    escape(&text)
                );
            }
        }
    }
    if pos < block.text.len() {
        escape_run(stack.out(), &block.text[pos..]);
    }
    stack.close_all();
    let _ = writeln!(out, "</{tag}>");
}

fn inline_tags(inline: &Inline) -> (String, &'static str) {
    match inline {
        Inline::Emphasis => ("<em>".into(), "</em>"),
        Inline::Strong => ("<strong>".into(), "</strong>"),
        Inline::Strikethrough => ("<s>".into(), "</s>"),
        Inline::Code => ("<code>".into(), "</code>"),
        Inline::Link { href } if safe_href(href) => (
            format!(
                "<a href=\"{}\" rel=\"noopener noreferrer\">",
                url_attribute(href)
            ),
            "</a>",
        ),
        // An unsafe link keeps its text, not its target.
        Inline::Link { .. } => ("<span class=\"unsafe-link\">".into(), "</span>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 12_345, usize::MAX] {
            let mut out = String::from("#");
            push_number(&mut out, n);
            assert_eq!(out, format!("#{n}"));
        }
    }

    #[test]
    fn escapes_markup_characters() {
        assert_eq!(
            escape("<a href='x'>&\"</a>").to_string(),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }

    /// The two-staged search finds exactly the characters a plain one
    /// does, wherever they fall against the chunks it sweeps.
    #[test]
    fn forbidden_characters_are_found_anywhere() {
        let interesting = (0..0x100)
            .chain(0xFDC0..0xFE00)
            .chain([0xFFFD, 0xFFFE, 0xFFFF, 0x1FFFD, 0x1FFFE, 0x1FFFF, 0x10FFFF]);
        for c in interesting.filter_map(char::from_u32) {
            for at in [0, 1, 30, 31, 32, 33, 63, 64, 70] {
                let mut text: String = "é".repeat(at / 2) + &"a".repeat(at % 2);
                text.push(c);
                text.push_str(&"x".repeat(at % 5));
                assert_eq!(
                    has_forbidden(&text),
                    text.chars().any(forbidden),
                    "U+{:04X} at {at}",
                    u32::from(c)
                );
                let scrubbed = scrub(&text);
                assert!(!scrubbed.chars().any(forbidden));
                assert_eq!(scrubbed.chars().count(), text.chars().count());
            }
        }
        assert_eq!(
            scrub("a\0b\u{85}c\u{fffe}\td\n"),
            "a\u{fffd}b\u{fffd}c\u{fffd}\td\n"
        );
        assert!(matches!(
            scrub("plain “text”"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn urls_are_percent_encoded_for_attributes() {
        assert_eq!(
            url_attribute("https://e.org/a b\"c<d>?q=é&x=%41%zz"),
            "https://e.org/a%20b%22c%3Cd%3E?q=%C3%A9&amp;x=%41%25zz"
        );
    }

    #[test]
    fn only_safe_links_survive() {
        assert!(safe_href("https://example.org"));
        assert!(safe_href("#note"));
        assert!(safe_href("page.html?a=b:c"));
        assert!(!safe_href("javascript:alert(1)"));
        assert!(!safe_href(" JaVa\tScript:alert(1)"));
        assert!(!safe_href("data:text/html,x"));
    }
}
