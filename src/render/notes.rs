//! Notes: each claim's highlight, badge, correction and margin note, and
//! the numbered notes and sources at the end of the page.
//!
//! A claim stands on its own: its quote is highlighted in its verdict's
//! colour and underline style, and directly after the quote come its
//! badge (the verdict in words and the note's number), its correction and
//! its note. The note is an inline element, since it stands inside the
//! article's paragraph: on a wide screen the stylesheet floats it into the
//! margin beside the claim; on a narrow one it stays closed until its badge
//! (a link to it) makes it the `:target`. Without CSS it reads inline. The
//! numbered notes and sources at the end stay, for print and for readers
//! without CSS, and link to the text and back.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::Numbered;
use super::html::{self, escape_into, push_number, push_verdict_label};

/// The opening tag of the quote of note `n`: its verdict as a class (the
/// colour and underline style of its highlight) and its note number.
pub(super) fn quote_open(n: &Numbered) -> String {
    let mut open = String::with_capacity(64);
    open.push_str("<mark class=\"quote verdict-");
    open.push_str(n.annotation.verdict.value.name());
    open.push_str("\" data-note=\"");
    push_number(&mut open, n.number);
    open.push_str("\">");
    open
}

/// What follows the quote of note `n`: its badge, its margin note and its
/// correction, which leaves out its closing full stop when
/// `punctuation_follows` (the sentence's own stop or comma comes next).
pub(super) fn after_quote(out: &mut String, n: &Numbered, punctuation_follows: bool) {
    let verdict = &n.annotation.verdict.value;
    // A no-break space: the badge never wraps away from its quote onto
    // the line of the next sentence.
    out.push_str("\u{a0}<a class=\"verdict-tag verdict-");
    out.push_str(verdict.name());
    out.push_str("\" id=\"ref-");
    push_number(out, n.number);
    out.push_str("\" href=\"#side-");
    push_number(out, n.number);
    out.push_str("\">");
    push_verdict_label(out, verdict);
    out.push_str("<sup>");
    push_number(out, n.number);
    out.push_str("</sup></a>");
    // The note before the correction: in the margin it floats from the
    // line of the badge, and on a narrow screen it opens right under it.
    side_note(out, n);
    if let Some(correction) = &n.correction {
        out.push_str(" <span class=\"correction verdict-");
        out.push_str(verdict.name());
        out.push_str("\"><span class=\"visually-hidden\">Correction: </span>");
        let html = correction.html.as_str();
        let html = match html.strip_suffix('.') {
            Some(stopped) if punctuation_follows && !stopped.ends_with('.') => stopped,
            _ => html,
        };
        out.push_str(html);
        out.push_str("</span>");
    }
}

/// The note of `n` in the margin (or, on a narrow screen, opened in place).
fn side_note(out: &mut String, n: &Numbered) {
    let a = n.annotation;
    let verdict = &a.verdict.value;
    // The space that parts it from the badge, for a reader without CSS,
    // is inside it: closed, the note leaves no break opportunity behind,
    // which would let the sentence's full stop wrap away from the badge.
    out.push_str("<span class=\"side-note verdict-");
    out.push_str(verdict.name());
    out.push_str("\" id=\"side-");
    push_number(out, n.number);
    out.push_str("\"> <span class=\"side-head\"><span class=\"label\">");
    push_verdict_label(out, verdict);
    out.push_str("</span> <a class=\"side-number\" href=\"#note-");
    push_number(out, n.number);
    out.push_str("\" aria-label=\"note ");
    push_number(out, n.number);
    out.push_str(" in the list of notes\">");
    push_number(out, n.number);
    out.push_str("</a></span>");
    if let (Some(claimed), Some(corrected)) = (&a.claimed, &a.corrected) {
        let _ = write!(
            out,
            " <span class=\"side-dates\">Date given: {}. Correct date: {}.</span>",
            claimed.value, corrected.value
        );
    }
    if let Some(note) = &n.note {
        out.push_str(" <span class=\"side-text\">");
        out.push_str(&note.html);
        out.push_str("</span>");
    }
    if !a.sources.is_empty() {
        out.push_str(" <span class=\"side-sources\">");
        out.push_str(if a.sources.len() == 1 {
            "Source: "
        } else {
            "Sources: "
        });
        for (i, source) in a.sources.iter().enumerate() {
            if i > 0 {
                out.push_str("; ");
            }
            out.push_str("<a href=\"");
            out.push_str(&html::url_attribute(&source.url.value));
            out.push_str("\" rel=\"noopener noreferrer\">");
            // Its title, else its publisher, else where it leads: the
            // margin has no room for a whole address.
            let label = [&source.title, &source.publisher]
                .into_iter()
                .flatten()
                .map(String::as_str)
                .find(|l| !l.trim().is_empty())
                .unwrap_or_else(|| super::host(&source.url.value));
            escape_into(out, label);
            out.push_str("</a>");
        }
        out.push_str("</span>");
    }
    out.push_str(" <a class=\"side-close\" href=\"#ref-");
    push_number(out, n.number);
    out.push_str("\" aria-label=\"Close note ");
    push_number(out, n.number);
    out.push_str("\">Close</a></span>");
}

/// The numbered list of cited sources, deduplicated by URL.
pub(super) struct SourceList<'a> {
    /// URL → (number, the source, the notes citing it).
    entries: Vec<(&'a crate::store::Source, Vec<usize>)>,
    numbers: BTreeMap<&'a str, usize>,
}

impl<'a> SourceList<'a> {
    pub(super) fn new(notes: &[Numbered<'a>]) -> Self {
        let mut list = SourceList {
            entries: Vec::new(),
            numbers: BTreeMap::new(),
        };
        for note in notes {
            for source in &note.annotation.sources {
                let url = source.url.value.as_str();
                let n = *list.numbers.entry(url).or_insert_with(|| {
                    list.entries.push((source, Vec::new()));
                    list.entries.len()
                });
                list.entries[n - 1].1.push(note.number);
            }
        }
        list
    }

    fn number(&self, url: &str) -> usize {
        self.numbers.get(url).copied().unwrap_or(0)
    }

    pub(super) fn render(&self, out: &mut String) {
        if self.entries.is_empty() {
            return;
        }
        out.push_str(
            "<section class=\"sources\" aria-labelledby=\"sources-title\">\n<h2 id=\"sources-title\">Sources</h2>\n<ol>\n",
        );
        for (i, (source, cited_by)) in self.entries.iter().enumerate() {
            let label = source.title.as_deref().unwrap_or(&source.url.value);
            out.push_str("<li id=\"source-");
            push_number(out, i + 1);
            out.push_str("\"><a href=\"");
            out.push_str(&html::url_attribute(&source.url.value));
            out.push_str("\" rel=\"noopener noreferrer\">");
            escape_into(out, label);
            out.push_str("</a>");
            let mut separator = " — ";
            if let Some(publisher) = &source.publisher {
                out.push_str(separator);
                escape_into(out, publisher);
                separator = ", ";
            }
            if let Some(date) = source.date {
                out.push_str(separator);
                let _ = write!(out, "{date}");
            }
            out.push_str(" <span class=\"backlinks\">");
            for (k, note) in cited_by.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                out.push_str("<a href=\"#note-");
                push_number(out, *note);
                out.push_str("\" aria-label=\"back to note ");
                push_number(out, *note);
                out.push_str("\">↩ ");
                push_number(out, *note);
                out.push_str("</a>");
            }
            out.push_str("</span></li>\n");
        }
        out.push_str("</ol>\n</section>\n");
    }
}

pub(super) fn notes_section(out: &mut String, notes: &[Numbered], sources: &SourceList) {
    if notes.is_empty() {
        return;
    }
    out.push_str(
        "<section class=\"notes\" aria-labelledby=\"notes-title\">\n<h2 id=\"notes-title\">Notes</h2>\n<ol>\n",
    );
    for note in notes {
        let a = note.annotation;
        let verdict = &a.verdict.value;
        let n = note.number;
        out.push_str("<li id=\"note-");
        push_number(out, n);
        out.push_str("\" class=\"verdict-");
        out.push_str(verdict.name());
        out.push_str("\"><p><a class=\"back\" href=\"#ref-");
        push_number(out, n);
        out.push_str("\" aria-label=\"back to the text of note ");
        push_number(out, n);
        out.push_str("\">↑</a> <span class=\"label\">");
        push_verdict_label(out, verdict);
        out.push_str("</span>: <q>");
        escape_into(out, &a.quote.value);
        out.push_str("</q></p>");
        if let (Some(claimed), Some(corrected)) = (&a.claimed, &a.corrected) {
            let _ = write!(
                out,
                "<p class=\"dates\">Date given: {}. Correct date: {}.</p>",
                claimed.value, corrected.value
            );
        }
        if let Some(text) = &note.note {
            out.push_str("<p>");
            out.push_str(&text.html);
            out.push_str("</p>");
        }
        if !a.sources.is_empty() {
            out.push_str("<p class=\"cites\">Sources:");
            for source in &a.sources {
                let k = sources.number(&source.url.value);
                out.push_str(" <a href=\"#source-");
                push_number(out, k);
                out.push_str("\">[");
                push_number(out, k);
                out.push_str("]</a>");
            }
            out.push_str("</p>");
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ol>\n</section>\n");
}
