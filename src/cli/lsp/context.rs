//! Where the cursor is in an annotation file, read from its lines: which
//! mapping (the top, an annotation, an `ignore` entry, a source), which key
//! and which value. Completion needs this while the file is half-typed and
//! does not load, so it reads block YAML line by line rather than parsing.

use std::ops::Range;

/// The mappings of an annotation file whose keys are known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapping {
    /// The file's top level.
    Top,
    /// An entry of `annotations`.
    Annotation,
    /// An entry of `ignore`.
    Ignore,
    /// An entry of an annotation's `sources`.
    Source,
}

impl Mapping {
    /// The keys the format has for the mapping, with what each is for.
    pub fn keys(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Mapping::Top => &[
                ("article", "the article, relative to this file; required"),
                ("title", "the page's title"),
                ("author", "who made the claims"),
                ("url", "where the article was published"),
                ("published", "when the article was published (YYYY-MM-DD)"),
                (
                    "reviewed",
                    "when the review was made (YYYY-MM-DD); required",
                ),
                ("reviewers", "who reviewed the article"),
                ("annotations", "the annotations, one per claim"),
                (
                    "ignore",
                    "sentences that state no claim, each with a reason",
                ),
            ],
            Mapping::Annotation => &[
                (
                    "quote",
                    "the words of the claim, as in the article; required",
                ),
                ("sentence", "the id of the quote's sentence, as reviewed"),
                ("verdict", "what the evidence says of the claim; required"),
                ("note", "what holds, what does not, and the right fact"),
                ("correction", "the corrected words, shown on the page"),
                ("claimed", "misdated: the date as the sentence gives it"),
                ("corrected", "misdated: the right date"),
                ("sources", "the evidence: url, title, publisher, date"),
            ],
            Mapping::Ignore => &[
                (
                    "quote",
                    "the words of the sentence, as in the article; required",
                ),
                ("sentence", "the id of the quote's sentence, as reviewed"),
                ("reason", "why the sentence states no claim; required"),
            ],
            Mapping::Source => &[
                ("url", "the evidence's http(s) address; required"),
                ("title", "its title, as published"),
                ("publisher", "who published it"),
                ("date", "when it was published"),
            ],
        }
    }
}

/// A key of the cursor's entry, and where its value is written on its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// The key.
    pub name: String,
    /// Byte range of its value on its line (empty when it has none there).
    pub value: Range<usize>,
}

/// The mapping a line belongs to, and the keys it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Which mapping.
    pub mapping: Mapping,
    /// The column its keys are written at (in bytes; indentation is spaces).
    pub column: usize,
    /// Its keys, in order, but the one being typed.
    pub keys: Vec<Key>,
}

impl Entry {
    /// The key `name`, when the entry has it.
    pub fn key(&self, name: &str) -> Option<&Key> {
        self.keys.iter().find(|k| k.name == name)
    }
}

/// What the cursor is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A key being typed: bytes `typed` so far.
    Key {
        /// The mapping it belongs to.
        entry: Entry,
        /// The bytes typed so far, up to the cursor.
        typed: Range<usize>,
    },
    /// The value of `key`.
    Value {
        /// The mapping it belongs to.
        entry: Entry,
        /// The key.
        key: String,
        /// Byte range of the value on the line.
        value: Range<usize>,
        /// Where the line ends (before its break): the quote completion
        /// adds `sentence:` there.
        line_end: usize,
    },
    /// Anything else: a comment, a flow collection, a block scalar's text.
    Other,
}

/// One line of the text: where it starts and its content.
#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    start: usize,
    text: &'t str,
}

impl Line<'_> {
    fn indent(&self) -> usize {
        self.text.len() - self.text.trim_start_matches(' ').len()
    }

    /// Blank or a comment: no part of the structure.
    fn is_filler(&self) -> bool {
        let rest = self.text.trim_start();
        rest.is_empty() || rest.starts_with('#')
    }

    /// The column of the first key after `- ` (and the dash's column),
    /// when the line starts a list item.
    fn item(&self) -> Option<(usize, usize)> {
        let dash = self.indent();
        let rest = self.text[dash..].strip_prefix('-')?;
        let after = rest.trim_start_matches(' ');
        if rest.len() == after.len() && !rest.is_empty() {
            return None;
        }
        Some((dash, self.text.len() - after.len()))
    }

    /// The key written at byte column `column`, and the range of its value.
    fn key_at(&self, column: usize) -> Option<Key> {
        let rest = self.text.get(column..)?;
        let name_len = rest.find(|c: char| !is_key_char(c)).unwrap_or(rest.len());
        if name_len == 0 || !rest[name_len..].starts_with(':') {
            return None;
        }
        let value_start = column + name_len + 1;
        let tail = &self.text[value_start..];
        let value_start = value_start + (tail.len() - tail.trim_start().len());
        let value = self.start + value_start
            ..self.start + value_start + value_len(&self.text[value_start..]);
        Some(Key {
            name: rest[..name_len].to_owned(),
            value,
        })
    }
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// The length of the value a line's `rest` starts with: a quoted scalar to
/// its closing quote, a plain one to a comment or the end, trailing spaces
/// left out.
fn value_len(rest: &str) -> usize {
    let bytes = rest.as_bytes();
    match bytes.first() {
        Some(b'"') => {
            let mut i = 1;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' => i += 2,
                    b'"' => return i + 1,
                    _ => i += 1,
                }
            }
            rest.len()
        }
        Some(b'\'') => {
            let mut i = 1;
            while i < bytes.len() {
                if bytes[i] == b'\'' {
                    if bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    return i + 1;
                }
                i += 1;
            }
            rest.len()
        }
        _ => {
            rest.find(" #").unwrap_or(rest.len())
                - trailing_spaces(&rest[..rest.find(" #").unwrap_or(rest.len())])
        }
    }
}

fn trailing_spaces(s: &str) -> usize {
    s.len() - s.trim_end().len()
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' || bytes[i] == b'\r' {
            out.push(Line {
                start,
                text: &text[start..i],
            });
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push(Line {
        start,
        text: &text[start..],
    });
    out
}

/// What the cursor at byte `offset` of annotation file `text` is on.
pub fn place(text: &str, offset: usize) -> Place {
    let lines = lines(text);
    let Some(at) = lines.iter().rposition(|l| l.start <= offset) else {
        return Place::Other;
    };
    let line = lines[at];
    let cursor = (offset - line.start).min(line.text.len());
    if !line.text.is_char_boundary(cursor) || line.text.trim_start().starts_with('#') {
        return Place::Other;
    }
    let column = match line.item() {
        Some((_, key)) => key,
        None => line.indent(),
    };
    if cursor < column {
        return Place::Other;
    }
    let Some(entry) = entry_of(&lines, at, column) else {
        return Place::Other;
    };
    match line.key_at(column) {
        Some(key) if cursor > column + key.name.len() => Place::Value {
            entry,
            key: key.name,
            value: key.value,
            line_end: line.start + line.text.len(),
        },
        _ => {
            let typed = &line.text[column..cursor];
            if typed.chars().all(is_key_char) {
                Place::Key {
                    entry,
                    typed: line.start + column..line.start + cursor,
                }
            } else {
                Place::Other
            }
        }
    }
}

/// The mapping whose keys stand at `column` around line `at`, and its keys
/// but line `at`'s.
fn entry_of(lines: &[Line], at: usize, column: usize) -> Option<Entry> {
    // Where the entry starts: at the top, the file's start; else the list
    // item whose first key is at `column`.
    let (first, mapping) = if column == 0 {
        (0, Mapping::Top)
    } else {
        let mut first = None;
        for i in (0..=at).rev() {
            let l = lines[i];
            if l.is_filler() && i != at {
                continue;
            }
            if let Some((_, key)) = l.item()
                && key == column
            {
                first = Some(i);
                break;
            }
            if i != at && l.indent() < column {
                return None;
            }
        }
        let first = first?;
        let (dash, _) = lines[first].item()?;
        // The list's key: the first line above at the dash's column or
        // left of it that is no item of the list.
        let parent = lines[..first].iter().rev().find(|l| {
            !l.is_filler() && (l.indent() < dash || (l.indent() == dash && l.item().is_none()))
        })?;
        let parent_column = match parent.item() {
            Some((_, key)) => key,
            None => parent.indent(),
        };
        let mapping = match parent.key_at(parent_column)?.name.as_str() {
            "annotations" => Mapping::Annotation,
            "ignore" => Mapping::Ignore,
            "sources" => Mapping::Source,
            _ => return None,
        };
        (first, mapping)
    };
    let mut keys = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(first) {
        let item_start = i == first && mapping != Mapping::Top;
        if l.is_filler() || i == at {
            continue;
        }
        // The entry ends where a line stands left of its keys: the next
        // item, or the next key of the mapping around the list.
        if !item_start && mapping != Mapping::Top && l.indent() < column {
            break;
        }
        let is_key = item_start || (l.indent() == column && l.item().is_none());
        if is_key && let Some(key) = l.key_at(column) {
            keys.push(key);
        }
    }
    Some(Entry {
        mapping,
        column,
        keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "article: a.md\nannotations:\n  - quote: \"Prices rose\" # said\n    sentence: s-00000001\n    verd\n    sources:\n      - url: x\n        ti\n  - quote: b\nignore:\n- quote: c\n  re\n";

    fn at(needle: &str) -> usize {
        FILE.find(needle).map_or(0, |i| i + needle.len())
    }

    #[test]
    fn a_key_being_typed_knows_its_mapping_and_siblings() {
        let Place::Key { entry, typed } = place(FILE, at("    verd")) else {
            panic!("a key");
        };
        assert_eq!(entry.mapping, Mapping::Annotation);
        assert_eq!(&FILE[typed], "verd");
        let names: Vec<_> = entry.keys.iter().map(|k| k.name.as_str()).collect();
        assert_eq!(names, ["quote", "sentence", "sources"]);
        let Place::Key { entry, .. } = place(FILE, at("        ti")) else {
            panic!("a key");
        };
        assert_eq!(entry.mapping, Mapping::Source);
        let Place::Key { entry, .. } = place(FILE, at("  re")) else {
            panic!("a key");
        };
        assert_eq!(entry.mapping, Mapping::Ignore);
        let Place::Key { entry, .. } = place(FILE, at("\nig")) else {
            panic!("a key");
        };
        assert_eq!(entry.mapping, Mapping::Top);
    }

    #[test]
    fn a_value_knows_its_range_without_a_comment() {
        let Place::Value {
            key, value, entry, ..
        } = place(FILE, at("quote: \"Pri"))
        else {
            panic!("a value");
        };
        assert_eq!(key, "quote");
        assert_eq!(&FILE[value], "\"Prices rose\"");
        let sentence = entry.key("sentence").map(|k| &FILE[k.value.clone()]);
        assert_eq!(sentence, Some("s-00000001"));
    }
}
