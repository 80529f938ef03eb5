//! Stage 3: YAML source → [`AnnotationSet`].
//!
//! The annotation file is read with serde-saphyr, which keeps the line, column
//! and byte offset of every value, so each finding can underline the exact
//! YAML it is about. Unknown and duplicate keys are errors (a typo must not
//! silently drop data). Plain block YAML, which is what editors and `init`
//! write, is read by a small fast reader instead; it reads exactly what
//! serde-saphyr would, and leaves everything else, every problem included,
//! to serde-saphyr. serde-saphyr's limits on values and text grow with the
//! file, so any valid file under the input limit is read, while its limits
//! on aliases do not, so an alias bomb stops as soon in a large file as in a
//! small one. After the YAML has the right shape, [`parse`] checks
//! what the format requires: real dates, http(s) sources, non-empty quotes and
//! the fields each [`Verdict`] of the [`Vocabulary`] requires, and a reason
//! for each [`IgnoreEntry`].

mod doc;
mod edit;
mod fast;
mod raw;
mod vocabulary;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::dates::PartialDate;
use crate::diagnostic::Diagnostic;

pub use edit::{Edit, apply as apply_edits};
pub use raw::{RawFile, Text, is_sentence_id, yaml_printable};
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

/// One `ignore` entry: a sentence that states no claim (a label, a byline,
/// a credit line), which counts as handled for coverage but is never shown
/// as a verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreEntry {
    /// Position in the file's `ignore` list (0-based).
    pub index: usize,
    /// Where the entry starts.
    pub span: Span,
    /// The quoted text, as written in YAML; it anchors as an annotation's does.
    pub quote: Spanned<String>,
    /// The id of the sentence as it was reviewed.
    pub sentence: Option<Spanned<String>>,
    /// Why the sentence is not a claim; `None` when missing or empty (an
    /// error, but the entry still anchors).
    pub reason: Option<Spanned<String>>,
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
    /// The original article's address, an http(s) URL, if set.
    pub url: Option<String>,
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
    /// The `ignore` entries that are well-formed enough to anchor.
    pub ignore: Vec<IgnoreEntry>,
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

/// The article the annotation file `file` (YAML `source`) names, resolved
/// against its folder as loading resolves it: for checks that must know
/// every input before the pipeline runs. The YAML parser reads only as far
/// as the top-level `article:` key, which most files give first. `None`
/// when the file names no article as a plain value, or is not YAML.
pub fn article_of(source: &str, file: &Path) -> Option<PathBuf> {
    use serde_saphyr::granit_parser::{Event, Parser};
    let mut depth = 0usize;
    // Keys and values finished at the top level: a key when even.
    let mut items = 0usize;
    let mut value_next = false;
    for item in Parser::new_from_str(source) {
        let (event, _) = item.ok()?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                let top_is_a_list = depth == 0 && matches!(event, Event::SequenceStart(..));
                if top_is_a_list || (depth == 1 && value_next) {
                    return None;
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.checked_sub(1)?;
                match depth {
                    0 => return None,
                    1 => items += 1,
                    _ => {}
                }
            }
            Event::Scalar(value, ..) if depth == 1 => {
                if value_next {
                    return Some(raw::resolve(file, value.trim()));
                }
                value_next = items.is_multiple_of(2) && value == "article";
                items += 1;
            }
            Event::Alias(..) | Event::UnresolvedAlias(..) if depth == 1 => {
                if value_next {
                    return None;
                }
                items += 1;
            }
            _ => {}
        }
    }
    None
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
    // Lines and columns as `diagnostic::line_column` counts them (and YAML
    // does): lines end where markup says they do; a byte-order mark takes
    // no column.
    let offset = match crate::markup::line_starts(source).get(line.saturating_sub(1)) {
        Some(&start) => start.max(crate::markup::bom_len(source)),
        None => return source.len(),
    };
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

/// What [`Edit::Id`] does to the value at `span`: the bytes it
/// replaces, and their new text. `blocks` caches the file's block scalars.
fn value_splice(
    source: &str,
    span: Span,
    text: &str,
    blocks: &mut Option<Vec<BlockScalar>>,
) -> Option<(usize, usize, String)> {
    let old = source.get(span.offset..span.offset + span.len)?;
    let quoted = old.len() >= 2
        && (old.starts_with('"') && old.ends_with('"')
            || old.starts_with('\'') && old.ends_with('\''));
    let block = if !quoted && starts_its_line(source, span.offset) {
        let blocks = blocks.get_or_insert_with(|| block_scalars(source));
        blocks
            .binary_search_by_key(&span.offset, |b| b.content)
            .ok()
            .map(|i| &blocks[i])
    } else {
        None
    };
    let (start, end, after) = match block {
        Some(b) => (b.indicator, b.end, &source[b.header_rest.clone()]),
        None if quoted => (span.offset + 1, span.offset + span.len - 1, ""),
        // A plain scalar or an alias. Its span may run on to the end of
        // the line, but a plain scalar ends before ` #` and trailing
        // white space, which stay.
        None => {
            let value = old
                .find(" #")
                .map_or(old, |comment| &old[..comment])
                .trim_end();
            (span.offset, span.offset + value.len(), "")
        }
    };
    Some((start, end, format!("{text}{after}")))
}

/// Whether only spaces stand before byte `offset` on its line.
fn starts_its_line(source: &str, offset: usize) -> bool {
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    source[line_start..offset].bytes().all(|b| b == b' ')
}

/// A block scalar (`|` or `>`), as an [`Edit::Id`] replaces it.
struct BlockScalar {
    /// Where its header's `|` or `>` stands.
    indicator: usize,
    /// Where its content starts: where its value's span starts.
    content: usize,
    /// The end of its last line that is not blank.
    end: usize,
    /// What follows the header's indicators on its line: spaces and a comment.
    header_rest: std::ops::Range<usize>,
}

/// Every block scalar of `source`, in order, found by the YAML parser, which
/// tells block scalars from plain ones whose value also starts a line.
fn block_scalars(source: &str) -> Vec<BlockScalar> {
    use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};
    let mut blocks = Vec::new();
    // Where the event before stands: the key, or a list's `-`.
    let mut previous_end = 0;
    for item in Parser::new_from_str(source) {
        let Ok((event, span)) = item else {
            break;
        };
        let (Some(start), Some(end)) = (span.start.byte_offset(), span.end.byte_offset()) else {
            continue;
        };
        if let Event::Scalar(_, ScalarStyle::Literal | ScalarStyle::Folded, ..) = event
            && let Some(block) = source
                .get(previous_end..start)
                .and_then(|between| block_scalar(source, previous_end, between, start))
        {
            blocks.push(block);
        }
        previous_end = previous_end.max(end);
    }
    blocks
}

/// The block scalar whose content starts at byte `content` of `source`,
/// given the text `between` (from byte `from`) that separates it from the
/// event before it: a value indicator, white space, comments, an anchor or
/// a tag, and the header.
fn block_scalar(source: &str, from: usize, between: &str, content: usize) -> Option<BlockScalar> {
    let bytes = between.as_bytes();
    let mut i = 0;
    let indicator = loop {
        match *bytes.get(i)? {
            b'|' | b'>' => break from + i,
            b' ' | b'\t' | b'\r' | b'\n' | b':' | b'-' | b'?' => i += 1,
            // Between tokens, `#` starts a comment.
            b'#' => i += memchr::memchr(b'\n', &bytes[i..])?,
            // An anchor or a tag runs to the next white space.
            b'&' | b'!' => {
                while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace()) {
                    i += 1;
                }
            }
            _ => return None,
        }
    };
    // The header: the indicator, then at most an indentation digit and a
    // chomping sign, then spaces and perhaps a comment to the line's end.
    let rest_start = indicator
        + 1
        + source.as_bytes()[indicator + 1..]
            .iter()
            .take(2)
            .take_while(|b| matches!(b, b'1'..=b'9' | b'+' | b'-'))
            .count();
    let header_rest = rest_start..line_end(source, rest_start);
    // The content is indented by the spaces before it on its line; later
    // lines belong to it while blank or indented at least as much.
    let line_start = source[..content].rfind('\n').map_or(0, |i| i + 1);
    let indent = content - line_start;
    if indent == 0 {
        return None;
    }
    let mut end = line_end(source, content);
    let mut at = end;
    while let Some(i) = memchr::memchr(b'\n', &source.as_bytes()[at..]) {
        let start = at + i + 1;
        at = line_end(source, start);
        let text = &source[start..at];
        if !text.trim().is_empty() {
            if text.bytes().take_while(|&b| b == b' ').count() < indent {
                break;
            }
            end = at;
        }
    }
    Some(BlockScalar {
        indicator,
        content,
        end,
        header_rest,
    })
}

/// The end of the line that byte `at` of `source` is on, before its line
/// break (`\n` or `\r\n`).
fn line_end(source: &str, at: usize) -> usize {
    let end = memchr::memchr(b'\n', &source.as_bytes()[at..]).map_or(source.len(), |i| at + i);
    if end > at && source.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}
