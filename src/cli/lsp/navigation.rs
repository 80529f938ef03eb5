//! Navigation: from an annotation to its sentence in the article (go to
//! definition), and from a sentence to the annotations bound to it (find
//! references).

use std::path::Path;

use lsp_types::{Location, Uri};

use super::actions::sentence_at;
use super::analysis::{Analysis, Workspace};
use super::documents::uri_of;
use super::position::{Encoding, LineIndex};

/// The sentence that the entry at byte `offset` of the annotation file is
/// bound to, in the article.
pub fn definition(
    ws: &Workspace,
    analysis: &Analysis,
    offset: usize,
    encoding: Encoding,
) -> Option<Location> {
    let review = analysis.review()?;
    let index = LineIndex::new(analysis.yaml(), encoding);
    let line = index.line_of(offset);
    // The entry whose first line is the last at or before the cursor's.
    let starts = |span: &factmark::store::Span| index.line_of(span.offset);
    let annotation = review.bindings.iter().map(|b| {
        (
            starts(&review.set.annotations[b.annotation].span),
            b.sentence,
        )
    });
    let ignored = review
        .ignored
        .iter()
        .map(|b| (starts(&review.set.ignore[b.entry].span), b.sentence));
    let mut entries = review
        .set
        .annotations
        .iter()
        .map(|a| starts(&a.span))
        .chain(review.set.ignore.iter().map(|e| starts(&e.span)))
        .filter(|&start| start <= line)
        .collect::<Vec<_>>();
    entries.sort_unstable();
    let entry = *entries.last()?;
    let sentence = annotation
        .chain(ignored)
        .find(|&(start, _)| start == entry)
        .map(|(_, s)| &review.sentences[s])?;
    let article = factmark::project::normalized(analysis.article()?);
    let text = analysis.article_text()?;
    let uri = article_uri(ws, &article)?;
    let range = LineIndex::new(text, encoding).range(sentence.start..sentence.end);
    Some(Location::new(uri, range))
}

/// The entries of every annotation file that reviews open article
/// `article` bound to the sentence at byte `offset`, at their quotes.
pub fn references(
    ws: &Workspace,
    article: &Path,
    offset: usize,
    encoding: Encoding,
) -> Vec<Location> {
    let mut found = Vec::new();
    for analysis in ws.current_analyses_of(article) {
        let Some(review) = analysis.review() else {
            continue;
        };
        let Some(sentence) = sentence_at(review, offset) else {
            continue;
        };
        let Some(uri) = article_uri(ws, &analysis.file) else {
            continue;
        };
        let index = LineIndex::new(analysis.yaml(), encoding);
        let at = review
            .sentences
            .iter()
            .position(|s| std::ptr::eq(s, sentence));
        let quotes = review
            .bindings
            .iter()
            .filter(|b| Some(b.sentence) == at)
            .map(|b| &review.set.annotations[b.annotation].quote)
            .chain(
                review
                    .ignored
                    .iter()
                    .filter(|b| Some(b.sentence) == at)
                    .map(|b| &review.set.ignore[b.entry].quote),
            );
        for quote in quotes {
            found.push(Location::new(uri.clone(), index.range(quote.span.range())));
        }
    }
    found
}

/// The URI of `path`: the one the client opened it by, else its own.
fn article_uri(ws: &Workspace, path: &Path) -> Option<Uri> {
    ws.docs
        .get(path)
        .map(|d| d.uri.clone())
        .or_else(|| uri_of(path))
}
