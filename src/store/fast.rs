//! A fast reader for the plain block YAML that annotation files are almost
//! always written in.
//!
//! serde-saphyr reads any YAML at about 9 MB/s, which made loading the
//! annotations the slowest stage of an archive build. This reader knows only
//! the annotation file's own shape, written in block style: `key: value`
//! lines, `- ` list items, comments, and single-line plain or quoted
//! scalars. Anything else (flow collections, anchors and aliases, tags,
//! block or multi-line scalars, escapes, tabs, unknown, duplicate or missing
//! keys, values YAML would read as numbers, booleans or null) makes it give
//! up, and the file is read by serde-saphyr, which also reports every
//! problem. So the fast path never decides what a file means on its own: a
//! file it accepts reads exactly as serde-saphyr reads it (a property test
//! and the fuzz target compare the two on every input).

use super::Span;
use super::doc::{DocAnnotation, DocFile, DocIgnore, DocSource, Scalar};

/// Reads `source` if it is plain block YAML of the annotation file's shape;
/// `None` sends it to serde-saphyr.
pub(crate) fn parse(source: &str) -> Option<DocFile> {
    if !plain_characters(source) {
        return None;
    }
    let mut reader = Reader {
        lines: lines(source),
        next: 0,
    };
    let file = reader.file()?;
    // Everything must have been read.
    reader.skip_blank();
    (reader.next == reader.lines.len()).then_some(file)
}

/// Whether `source` has none of the characters this reader leaves to
/// serde-saphyr: tabs, carriage returns, other control characters, a byte
/// order mark, and the Unicode line and paragraph separators.
fn plain_characters(source: &str) -> bool {
    let bytes = source.as_bytes();
    // A fold without an early exit, so the compiler can vectorise it.
    let control = bytes.iter().fold(false, |seen, &b| {
        seen | ((b < b' ') & (b != b'\n')) | (b == 0x7F)
    });
    if control {
        return false;
    }
    // Multi-byte characters to refuse all start with 0xC2, 0xE2 or 0xEF.
    memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes).all(|at| {
        let next = |k: usize| bytes.get(at + k).copied().unwrap_or(0);
        !match bytes[at] {
            0xC2 => (0x80..=0x9F).contains(&next(1)),
            0xE2 => next(1) == 0x80 && matches!(next(2), 0xA8 | 0xA9),
            _ => next(1) == 0xBB && next(2) == 0xBF || next(1) == 0xBF && next(2) >= 0xBE,
        }
    })
}

/// One line: its byte offset, 1-based number, and text without the newline.
#[derive(Clone, Copy)]
struct Line<'a> {
    offset: usize,
    number: usize,
    text: &'a str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        leading_spaces(self.text)
    }

    /// Where `len` bytes from byte `at` of the line stand in the file.
    fn span(&self, at: usize, len: usize) -> Span {
        Span {
            line: self.number,
            column: self.text[..at].chars().count() + 1,
            offset: self.offset + at,
            len,
        }
    }

    /// Blank, or only a comment.
    fn is_blank(&self) -> bool {
        let content = &self.text[self.indent()..];
        content.is_empty() || content.starts_with('#')
    }
}

fn lines(source: &str) -> Vec<Line<'_>> {
    let mut out = Vec::with_capacity(source.len() / 24);
    // Line ends found with memchr's SIMD search: `str::split` looks for a
    // `char` with a slower, general search.
    let ends = memchr::memchr_iter(b'\n', source.as_bytes()).chain([source.len()]);
    let mut offset = 0;
    for (i, end) in ends.enumerate() {
        out.push(Line {
            offset,
            number: i + 1,
            text: &source[offset..end],
        });
        offset = end + 1;
    }
    out
}

struct Reader<'a> {
    lines: Vec<Line<'a>>,
    next: usize,
}

/// A `key: rest` entry of a mapping: the key, and where `rest` starts on
/// its line (a byte position in the line's text).
struct Entry<'a> {
    key: &'a str,
    line: Line<'a>,
    rest: usize,
}

impl Entry<'_> {
    /// Where the value starts on the line: past the colon and its spaces.
    fn value_start(&self) -> usize {
        self.rest + leading_spaces(&self.line.text[self.rest..])
    }
}

/// How many spaces `text` starts with.
fn leading_spaces(text: &str) -> usize {
    // A byte loop: `trim_start_matches` with a `char` pattern decodes each
    // character, and this runs several times on every line.
    text.bytes().take_while(|&b| b == b' ').count()
}

impl<'a> Reader<'a> {
    fn skip_blank(&mut self) {
        while self.lines.get(self.next).is_some_and(Line::is_blank) {
            self.next += 1;
        }
    }

    /// The next non-blank line, if its indent is `indent` (not consumed).
    fn peek_at(&mut self, indent: usize) -> Option<Line<'a>> {
        self.skip_blank();
        self.lines
            .get(self.next)
            .copied()
            .filter(|l| l.indent() == indent)
    }

    /// The entries of a block mapping whose keys stand at `indent`. The
    /// first entry may start mid-line (after `- `), at byte `first` of the
    /// current line. `value` reads each entry's value.
    fn mapping(
        &mut self,
        indent: usize,
        first: Option<usize>,
        mut value: impl FnMut(&mut Self, Entry<'a>) -> Option<()>,
    ) -> Option<()> {
        let mut first = first;
        loop {
            let (line, key_at) = match first.take() {
                Some(at) => (*self.lines.get(self.next)?, at),
                None => match self.peek_at(indent) {
                    Some(line) if !line.text[indent..].starts_with('-') => (line, indent),
                    _ => return Some(()),
                },
            };
            let text = &line.text[key_at..];
            // Keys are short: a plain loop finds the colon sooner than a
            // general search gets going.
            let colon = text.bytes().position(|b| b == b':')?;
            let key = &text[..colon];
            if key.is_empty() || !key.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
                return None;
            }
            let rest = key_at + colon + 1;
            if !(line.text[rest..].is_empty() || line.text[rest..].starts_with(' ')) {
                return None;
            }
            self.next += 1;
            value(self, Entry { key, line, rest })?;
        }
    }

    /// A scalar value after `key:`; `None` when it is not one this reader
    /// reads. The inner `None` is a null value (nothing after the colon).
    fn scalar(&self, entry: &Entry<'a>) -> Option<Option<Scalar>> {
        let line = entry.line;
        let start = entry.value_start();
        let value = &line.text[start..];
        if value.is_empty() || value.starts_with('#') {
            return Some(None);
        }
        let (text, len) = match value.as_bytes()[0] {
            b'"' => {
                // Byte searches: `str::find` with a `char` is a slower,
                // general search, and quoted values run long.
                let close = memchr::memchr(b'"', &value.as_bytes()[1..])? + 1;
                let inner = &value[1..close];
                if memchr::memchr(b'\\', inner.as_bytes()).is_some() {
                    return None;
                }
                (inner.to_owned(), close + 1)
            }
            b'\'' => {
                let mut text = String::new();
                let mut i = 1;
                let bytes = value.as_bytes();
                loop {
                    let quote = memchr::memchr(b'\'', &bytes[i..])? + i;
                    text.push_str(&value[i..quote]);
                    if bytes.get(quote + 1) == Some(&b'\'') {
                        text.push('\'');
                        i = quote + 2;
                    } else {
                        break (text, quote + 1);
                    }
                }
            }
            b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'[' | b']' | b'{' | b'}'
            | b',' | b'?' | b':' | b'-' | b'#' => return None,
            _ => {
                let end = comment_start(value).unwrap_or(value.len());
                let plain = value[..end].trim_end_matches(' ');
                if has_mapping_colon(plain) || plain.ends_with(':') || !reads_as_text(plain) {
                    return None;
                }
                (plain.to_owned(), plain.len())
            }
        };
        // After a quoted scalar: only spaces, then perhaps a comment.
        if !ends_cleanly(&value[len..]) {
            return None;
        }
        Some(Some(Scalar {
            value: text,
            span: line.span(start, len),
        }))
    }

    /// Where a flow sequence (`[…]`) starts after `key:`, if one does.
    fn flow_start(&self, entry: &Entry<'a>) -> Option<usize> {
        let start = entry.value_start();
        entry.line.text[start..].starts_with('[').then_some(start)
    }

    /// A one-line flow sequence of plain scalars: `[Desk editor, Jane Roe]`.
    fn flow_sequence(&self, entry: &Entry<'a>) -> Option<Vec<Scalar>> {
        let line = entry.line;
        let open = self.flow_start(entry)?;
        let close = open + line.text[open..].find(']')?;
        if !ends_cleanly(&line.text[close + 1..]) {
            return None;
        }
        let inner = &line.text[open + 1..close];
        if inner.trim_matches(' ').is_empty() {
            return Some(Vec::new());
        }
        let mut items = Vec::new();
        let mut at = open + 1;
        for part in inner.split(',') {
            let lead = leading_spaces(part);
            let item = part.trim_matches(' ');
            if item.is_empty()
                || item.contains(['[', ']', '{', '}', '"', '\'', '#'])
                || has_mapping_colon(item)
                || item.ends_with(':')
                || item.starts_with(['&', '*', '!', '|', '>', '%', '@', '`', '?', ':', '-'])
                || !reads_as_text(item)
            {
                return None;
            }
            let start = at + lead;
            items.push(Scalar {
                value: item.to_owned(),
                span: line.span(start, item.len()),
            });
            at += part.len() + 1;
        }
        Some(items)
    }

    /// A required scalar: present and not null.
    fn text(&self, entry: &Entry<'a>) -> Option<Scalar> {
        self.scalar(entry)?
    }

    /// A block sequence after `key:` (nothing else on the key's line), whose
    /// `- ` items stand at or right of `parent` indent; `item` reads each
    /// item, given the byte where its content starts on its line.
    fn sequence(
        &mut self,
        entry: &Entry<'a>,
        parent: usize,
        mut item: impl FnMut(&mut Self, usize) -> Option<()>,
    ) -> Option<()> {
        if entry.value_start() < entry.line.text.len() {
            return None;
        }
        self.skip_blank();
        let line = *self.lines.get(self.next)?;
        let indent = line.indent();
        if indent < parent {
            return None;
        }
        let mut items = 0;
        while let Some(line) = self.peek_at(indent) {
            let content = &line.text[indent..];
            if !content.starts_with("- ") {
                break;
            }
            let at = indent + 2 + leading_spaces(&content[2..]);
            if at >= line.text.len() || line.text[at..].starts_with('#') {
                return None;
            }
            item(self, at)?;
            items += 1;
        }
        // A key with nothing under it is null, which serde-saphyr judges.
        // A sequence at its key's indent ends where that mapping goes on.
        (items > 0).then_some(())
    }

    fn file(&mut self) -> Option<DocFile> {
        let mut article = None;
        let mut title = None;
        let mut author = None;
        let mut url = None;
        let mut published = None;
        let mut reviewed = None;
        let mut reviewers = None;
        let mut annotations = None;
        let mut ignore = None;
        self.skip_blank();
        self.mapping(0, None, |r, entry| {
            let slot_taken = match entry.key {
                "article" => set(&mut article, r.text(&entry)?),
                "reviewed" => set(&mut reviewed, r.text(&entry)?),
                "title" => set(&mut title, r.scalar(&entry)?),
                "author" => set(&mut author, r.scalar(&entry)?),
                "url" => set(&mut url, r.scalar(&entry)?),
                "published" => set(&mut published, r.scalar(&entry)?),
                "reviewers" if r.flow_start(&entry).is_some() => {
                    set(&mut reviewers, r.flow_sequence(&entry)?)
                }
                "reviewers" => {
                    let mut list = Vec::new();
                    r.sequence(&entry, 0, |r, at| {
                        let line = r.lines[r.next];
                        r.next += 1;
                        let item = Entry {
                            key: "",
                            line,
                            rest: at,
                        };
                        list.push(r.text(&item)?);
                        Some(())
                    })?;
                    set(&mut reviewers, list)
                }
                "annotations" => {
                    let mut list = Vec::new();
                    r.sequence(&entry, 0, |r, at| {
                        list.push(r.annotation(at)?);
                        Some(())
                    })?;
                    set(&mut annotations, list)
                }
                "ignore" => {
                    let mut list = Vec::new();
                    r.sequence(&entry, 0, |r, at| {
                        list.push(r.ignore_entry(at)?);
                        Some(())
                    })?;
                    set(&mut ignore, list)
                }
                _ => false,
            };
            slot_taken.then_some(())
        })?;
        Some(DocFile {
            article: article?,
            title: title.flatten(),
            author: author.flatten(),
            url: url.flatten(),
            published: published.flatten(),
            reviewed: reviewed?,
            reviewers: reviewers.unwrap_or_default(),
            annotations: annotations.unwrap_or_default(),
            ignore: ignore.unwrap_or_default(),
        })
    }

    /// The span of a list item's mapping: its first key, to the line's end.
    fn item_span(&self, at: usize) -> Span {
        let line = self.lines[self.next];
        line.span(at, line.text.len() - at)
    }

    fn annotation(&mut self, at: usize) -> Option<DocAnnotation> {
        let span = self.item_span(at);
        // `at` is past spaces and `- ` only, so bytes are columns.
        let indent = at;
        let mut fields: [Option<Option<Scalar>>; 7] = Default::default();
        let mut sources = None;
        self.mapping(indent, Some(at), |r, entry| {
            let index = match entry.key {
                "quote" => 0,
                "sentence" => 1,
                "verdict" => 2,
                "claimed" => 3,
                "corrected" => 4,
                "note" => 5,
                "correction" => 6,
                "sources" => {
                    let mut list = Vec::new();
                    r.sequence(&entry, indent, |r, at| {
                        list.push(r.source(at)?);
                        Some(())
                    })?;
                    return set(&mut sources, list).then_some(());
                }
                _ => return None,
            };
            set(&mut fields[index], r.scalar(&entry)?).then_some(())
        })?;
        let [
            quote,
            sentence,
            verdict,
            claimed,
            corrected,
            note,
            correction,
        ] = fields;
        Some(DocAnnotation {
            span,
            quote: quote.flatten()?,
            sentence: sentence.flatten(),
            verdict: verdict.flatten()?,
            claimed: claimed.flatten(),
            corrected: corrected.flatten(),
            note: note.flatten(),
            correction: correction.flatten(),
            sources: sources.unwrap_or_default(),
        })
    }

    fn ignore_entry(&mut self, at: usize) -> Option<DocIgnore> {
        let span = self.item_span(at);
        let indent = at;
        let mut fields: [Option<Option<Scalar>>; 3] = Default::default();
        self.mapping(indent, Some(at), |r, entry| {
            let index = match entry.key {
                "quote" => 0,
                "sentence" => 1,
                "reason" => 2,
                _ => return None,
            };
            set(&mut fields[index], r.scalar(&entry)?).then_some(())
        })?;
        let [quote, sentence, reason] = fields;
        Some(DocIgnore {
            span,
            quote: quote.flatten()?,
            sentence: sentence.flatten(),
            reason: reason.flatten(),
        })
    }

    fn source(&mut self, at: usize) -> Option<DocSource> {
        let span = self.item_span(at);
        let indent = at;
        let mut fields: [Option<Option<Scalar>>; 4] = Default::default();
        self.mapping(indent, Some(at), |r, entry| {
            let index = match entry.key {
                "url" => 0,
                "title" => 1,
                "publisher" => 2,
                "date" => 3,
                _ => return None,
            };
            set(&mut fields[index], r.scalar(&entry)?).then_some(())
        })?;
        let [url, title, publisher, date] = fields;
        Some(DocSource {
            span,
            url: url.flatten()?,
            title: title.flatten(),
            publisher: publisher.flatten(),
            date: date.flatten(),
        })
    }
}

/// Whether `tail`, the rest of a line after a value, holds nothing more:
/// spaces, and perhaps a comment after at least one of them.
fn ends_cleanly(tail: &str) -> bool {
    let content = &tail[leading_spaces(tail)..];
    content.is_empty() || (content.starts_with('#') && tail.len() > content.len())
}

/// Fills an empty `slot`; `false` for a key given twice.
fn set<T>(slot: &mut Option<T>, value: T) -> bool {
    if slot.is_some() {
        return false;
    }
    *slot = Some(value);
    true
}

/// Where ` #` (a comment after a value) starts in `value`. A byte search:
/// values are short, and a substring searcher costs more to set up.
fn comment_start(value: &str) -> Option<usize> {
    let bytes = value.as_bytes();
    memchr::memchr_iter(b'#', bytes)
        .find(|&at| at > 0 && bytes[at - 1] == b' ')
        .map(|at| at - 1)
}

/// Whether `plain` has `: ` in it, which would make it a mapping.
fn has_mapping_colon(plain: &str) -> bool {
    let bytes = plain.as_bytes();
    memchr::memchr_iter(b':', bytes).any(|at| bytes.get(at + 1) == Some(&b' '))
}

/// Whether YAML reads plain scalar `plain` as the text it is written as:
/// not null, not a boolean (YAML 1.1 words included) and not a number,
/// except plain integers and dates, which read as their own digits.
fn reads_as_text(plain: &str) -> bool {
    // A boolean reads as `true` or `false`: the same text only when written
    // so (`verdict: false` is common); `False`, `no` or `off` would not be.
    if plain == "true" || plain == "false" {
        return true;
    }
    // The words are short: only a short value needs a lowercase copy.
    let mut buffer = [0u8; 8];
    let lower = match plain.len() {
        0..=8 => {
            let lower = &mut buffer[..plain.len()];
            lower.copy_from_slice(plain.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).unwrap_or_default()
        }
        _ => "",
    };
    if matches!(
        lower,
        "~" | "null"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | "nan"
            | "inf"
            | "infinity"
    ) {
        return false;
    }
    // Anything YAML could read as a number (decimal, hex, octal, binary,
    // float, exponent, sexagesimal, `.inf`) is made of these characters;
    // text with any other character in it is text.
    let numberish = plain.bytes().all(|b| {
        b.is_ascii_hexdigit()
            || matches!(
                b,
                b'x' | b'X' | b'o' | b'O' | b'_' | b'.' | b':' | b'+' | b'-'
            )
    });
    let starts = |prefix: &str| {
        plain
            .get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    let special = starts(".inf") || starts(".nan") || starts("+.") || starts("-.");
    if !numberish && !special {
        return true;
    }
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let integer = plain.bytes().all(|b| b.is_ascii_digit())
        && (plain == "0" || !plain.starts_with('0'))
        && plain.len() <= 18;
    let mut parts = plain.split('-');
    let date = match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(y), Some(m), None, None) => digits(y, 4) && digits(m, 2),
        (Some(y), Some(m), Some(d), None) => digits(y, 4) && digits(m, 2) && digits(d, 2),
        _ => false,
    };
    integer || date
}
