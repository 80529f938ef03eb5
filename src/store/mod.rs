//! Stage 3: YAML source → [`AnnotationSet`].
//!
//! The annotation file is read with serde-saphyr, which keeps the line, column
//! and byte offset of every value, so each finding can underline the exact
//! YAML it is about. Unknown and duplicate keys are errors (a typo must not
//! silently drop data). Plain block YAML, which is what editors and `init`
//! write, is read by a small fast reader instead; it reads exactly what
//! serde-saphyr would, and leaves everything else, every problem included,
//! to serde-saphyr. After the YAML has the right shape, [`parse`] checks
//! what the format requires: real dates, http(s) sources, non-empty quotes and
//! the fields each [`Verdict`] of the [`Vocabulary`] requires.

mod doc;
mod fast;
mod raw;
mod vocabulary;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::dates::PartialDate;
use crate::diagnostic::Diagnostic;

pub use raw::{RawFile, Text, is_sentence_id};
pub(crate) use raw::{deserialize_yaml, span_of};
pub use vocabulary::{Colour, Requirements, Verdict, VerdictInfo, Vocabulary};

/// Where a value stands in the YAML file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Span {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the value.
    pub offset: usize,
    /// Length in bytes (0 when unknown).
    pub len: usize,
}

/// A value with its place in the YAML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub span: Span,
}

/// A cited source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// An http(s) URL.
    pub url: Spanned<String>,
    /// The title of the cited piece.
    pub title: Option<String>,
    /// Who published it.
    pub publisher: Option<String>,
    /// When it was published.
    pub date: Option<PartialDate>,
}

/// One annotation: a quoted claim with its verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annotation {
    /// Position in the file's `annotations` list (0-based).
    pub index: usize,
    /// Where the annotation's entry starts.
    pub span: Span,
    /// The quoted claim, as written in YAML.
    pub quote: Spanned<String>,
    /// The id of the sentence as it was reviewed.
    pub sentence: Option<Spanned<String>>,
    /// The verdict.
    pub verdict: Spanned<Verdict>,
    /// `misdated`: the date as the article gives it.
    pub claimed: Option<Spanned<PartialDate>>,
    /// `misdated`: the right date.
    pub corrected: Option<Spanned<PartialDate>>,
    /// The reviewer's note.
    pub note: Option<Spanned<String>>,
    /// Text shown inline after the quote.
    pub correction: Option<Spanned<String>>,
    /// Cited sources.
    pub sources: Vec<Source>,
}

/// A loaded annotation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnotationSet {
    /// The YAML file, as it was named.
    pub file: PathBuf,
    /// The article, resolved against the YAML file's folder.
    pub article: Spanned<PathBuf>,
    /// The page title, if set.
    pub title: Option<String>,
    /// Who made the claims (the article's author or publication), if set.
    pub author: Option<String>,
    /// The article's publication date.
    pub published: Option<PartialDate>,
    /// The date of the review.
    pub reviewed: Option<PartialDate>,
    /// Who reviewed it.
    pub reviewers: Vec<String>,
    /// The annotations that are well-formed enough to anchor.
    pub annotations: Vec<Annotation>,
    /// How many entries the file's `annotations` list has, usable or not.
    pub entries: usize,
    /// The vocabulary the verdicts come from.
    pub vocabulary: Arc<Vocabulary>,
}

/// Parses the YAML `source` of annotation file `file` with the contract's
/// default verdicts; see [`parse_with`].
pub fn parse(source: &str, file: &Path) -> (Option<AnnotationSet>, Vec<Diagnostic>) {
    parse_with(source, file, &Arc::new(Vocabulary::standard()))
}

/// Parses the YAML `source` of annotation file `file`, whose verdicts come
/// from `vocabulary`.
///
/// Returns the set (`None` when the YAML itself is unusable) and every
/// finding. An annotation with an unknown verdict or an impossible date is
/// left out of the set; one that lacks a required field stays in it, so it
/// still anchors, but is reported.
pub fn parse_with(
    source: &str,
    file: &Path,
    vocabulary: &Arc<Vocabulary>,
) -> (Option<AnnotationSet>, Vec<Diagnostic>) {
    let doc = match read_doc(source) {
        Ok(doc) => doc,
        Err(diagnostic) => return (None, vec![diagnostic.located(source, file)]),
    };
    let mut findings = Vec::new();
    let set = raw::into_set(doc, file, vocabulary, &mut findings);
    (set, findings)
}

/// Reads the YAML: plain block YAML by the fast reader, anything else (and
/// every file with a problem) by serde-saphyr.
fn read_doc(source: &str) -> Result<doc::DocFile, RawError> {
    if let Some(doc) = fast::parse(source) {
        return Ok(doc);
    }
    raw::from_str(source).map(|raw| raw::to_doc(raw, source))
}

/// Whether the fast reader reads `source` itself. For tests and benches.
#[doc(hidden)]
pub fn fast_accepts(source: &str) -> bool {
    fast::parse(source).is_some()
}

/// Whether the fast reader and serde-saphyr read `source` alike: the fast
/// reader either leaves the file to serde-saphyr or reads exactly what
/// serde-saphyr reads. For tests and the fuzz target.
#[doc(hidden)]
pub fn readers_agree(source: &str) -> bool {
    let Some(fast) = fast::parse(source) else {
        return true;
    };
    match raw::from_str(source) {
        Ok(raw) => raw::to_doc(raw, source) == fast,
        Err(_) => false,
    }
}

/// A YAML-level failure before a file is located.
pub(crate) struct RawError {
    code: &'static str,
    message: String,
    help: Option<String>,
    line: usize,
    column: usize,
}

impl RawError {
    pub(crate) fn located(self, source: &str, file: &Path) -> Diagnostic {
        let offset = offset_of(source, self.line, self.column);
        let len = source[offset..]
            .find('\n')
            .unwrap_or(source.len() - offset)
            .max(1);
        let span = (self.line > 0).then(|| offset..(offset + len).min(source.len()));
        let mut d =
            Diagnostic::error(self.code, file, self.message).at(self.line, self.column, span);
        d.help = self.help;
        d
    }
}

/// Byte offset of 1-based `line`/`column` (in characters) in `source`.
pub(crate) fn offset_of(source: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for _ in 1..line {
        match source[offset..].find('\n') {
            Some(i) => offset += i + 1,
            None => return source.len(),
        }
    }
    let rest = &source[offset..];
    offset
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

impl Span {
    /// The byte range to underline.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset + self.len.max(1)
    }
}

/// Points `diagnostic` at `span`.
pub(crate) fn at(diagnostic: Diagnostic, span: Span) -> Diagnostic {
    diagnostic.at(span.line, span.column, Some(span.range()))
}

#[cfg(test)]
mod tests;

/// `source` with the value at each span replaced by its new text, every
/// other byte unchanged: for `factmark accept`, which rewrites only the
/// `sentence:` values of changed annotations. A quoted value keeps its quotes.
pub fn replace_values(source: &str, edits: &[(Span, &str)]) -> String {
    let mut edits: Vec<&(Span, &str)> = edits.iter().collect();
    edits.sort_by_key(|(span, _)| span.offset);
    let mut out = String::with_capacity(source.len());
    let mut pos = 0;
    for (span, text) in edits {
        let Some(old) = source.get(span.offset..span.offset + span.len) else {
            continue;
        };
        if span.offset < pos {
            continue;
        }
        let quoted = old.len() >= 2
            && (old.starts_with('"') && old.ends_with('"')
                || old.starts_with('\'') && old.ends_with('\''));
        let (start, end) = if quoted {
            (span.offset + 1, span.offset + span.len - 1)
        } else {
            (span.offset, span.offset + span.len)
        };
        out.push_str(&source[pos..start]);
        out.push_str(text);
        pos = end;
    }
    out.push_str(&source[pos..]);
    out
}
