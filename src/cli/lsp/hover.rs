//! Hover in an annotation file: on `quote:` the sentence it binds to and
//! how; on `sentence:` the sentence (or what it reads now); on a verdict
//! what it means and requires.

use factmark::anchor::{AnchorState, Review};
use factmark::diagnostic::{Subject, codes};
use factmark::store::{Span, Spanned, Vocabulary};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::analysis::Analysis;
use super::completion::describe;
use super::context::{Place, place};
use super::position::LineIndex;

/// The hover at byte `offset` of the reviewed annotation file.
pub fn hover(
    analysis: &Analysis,
    offset: usize,
    index: &LineIndex,
    vocabulary: &Vocabulary,
) -> Option<Hover> {
    let text = analysis.yaml();
    let (markdown, span) = match analysis
        .review()
        .and_then(|r| on_entry(r, analysis, offset))
    {
        Some(found) => found,
        // A verdict the file cannot use (unknown, so the entry is not in
        // the review) is still worth a word.
        None => match place(text, offset) {
            Place::Value { key, value, .. } if key == "verdict" => {
                let name = text[value.clone()].trim_matches(['"', '\'']);
                let markdown = match vocabulary.get(name) {
                    Some(v) => describe(v),
                    None => format!(
                        "`{name}` is no verdict of this project: {}",
                        vocabulary.names()
                    ),
                };
                (markdown, value)
            }
            _ => return None,
        },
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(index.range(span)),
    })
}

fn contains(span: &Span, offset: usize) -> bool {
    (span.offset..=span.offset + span.len).contains(&offset)
}

/// The hover over a value of an entry the review knows.
fn on_entry(
    review: &Review,
    analysis: &Analysis,
    offset: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    // Whether the cursor is on an entry's quote or id is asked first: its
    // binding is looked for only then, not for every entry of a long file.
    let on = |quote: &Spanned<String>, id: Option<&Spanned<String>>| {
        contains(&quote.span, offset) || id.is_some_and(|id| contains(&id.span, offset))
    };
    for (slot, a) in review.set.annotations.iter().enumerate() {
        if on(&a.quote, a.sentence.as_ref()) {
            let bound = review
                .bindings
                .iter()
                .find(|b| b.annotation == slot)
                .map(|b| b.sentence);
            return on_quote_or_id(
                review,
                analysis,
                offset,
                (&a.quote, a.sentence.as_ref()),
                (review.states[slot], bound, Subject::Annotation(a.index)),
            );
        }
        if contains(&a.verdict.span, offset) {
            return Some((describe(&a.verdict.value), a.verdict.span.range()));
        }
    }
    for (slot, e) in review.set.ignore.iter().enumerate() {
        if on(&e.quote, e.sentence.as_ref()) {
            let bound = review
                .ignored
                .iter()
                .find(|b| b.entry == slot)
                .map(|b| b.sentence);
            return on_quote_or_id(
                review,
                analysis,
                offset,
                (&e.quote, e.sentence.as_ref()),
                (review.ignore_states[slot], bound, Subject::Ignore(e.index)),
            );
        }
    }
    None
}

/// The hover over an entry's quote or sentence id, when `offset` is on one.
fn on_quote_or_id(
    review: &Review,
    analysis: &Analysis,
    offset: usize,
    (quote, id): (&Spanned<String>, Option<&Spanned<String>>),
    (state, bound, subject): (AnchorState, Option<usize>, Subject),
) -> Option<(String, std::ops::Range<usize>)> {
    let sentence = bound.map(|s| &review.sentences[s]);
    if contains(&quote.span, offset) {
        let markdown = match (state, sentence) {
            (AnchorState::Anchored, Some(s)) => {
                format!(
                    "**anchored** in `{}` (line {}):\n\n> {}",
                    s.id, s.line, s.text
                )
            }
            (AnchorState::Changed, Some(s)) => format!(
                "**changed** since it was reviewed: `{}` (line {}) now reads\n\n> {}",
                s.id, s.line, s.text
            ),
            (state, _) => {
                let what = match state {
                    AnchorState::Ambiguous => {
                        "**ambiguous**: the quote occurs more than once in the article"
                    }
                    _ => "**orphaned**: the quote occurs nowhere in the article",
                };
                // The finding's help names the closest sentence.
                let help = analysis
                    .result
                    .diagnostics
                    .iter()
                    .find(|d| {
                        d.subject == Some(subject)
                            && matches!(d.code, codes::ORPHANED | codes::AMBIGUOUS)
                    })
                    .and_then(|d| d.help.as_deref());
                match help {
                    Some(help) => format!("{what}\n\n{help}"),
                    None => what.to_owned(),
                }
            }
        };
        return Some((markdown, quote.span.range()));
    }
    let id = id.filter(|id| contains(&id.span, offset))?;
    let markdown = match (state, sentence) {
        (AnchorState::Changed, Some(s)) => format!(
            "**changed**: the sentence reviewed as `{}` now reads (as `{}`, line {})\n\n> {}",
            id.value, s.id, s.line, s.text
        ),
        _ => match review.sentences.iter().find(|s| s.id == id.value) {
            Some(s) => format!("`{}` (line {}):\n\n> {}", s.id, s.line, s.text),
            None => format!("no sentence of the article has the id `{}` now", id.value),
        },
    };
    Some((markdown, id.span.range()))
}
