//! Byte-exact edits of an annotation file, for `factmark accept`: every
//! byte outside the values it changes (comments, quoting, order, line
//! breaks) stays as it was.

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle, StructureStyle};

use super::{BlockScalar, Span, block_scalars, line_end, raw::yaml_printable};

/// One change to an annotation file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit<'a> {
    /// The value at the span becomes a sentence id: a quoted value keeps
    /// its quotes, and a block scalar becomes a plain scalar on its
    /// header's line, which keeps the header's comment.
    Id(Span, &'a str),
    /// The value at the span becomes `text`, written as a YAML string that
    /// reads back as `text`: in the value's own style (plain, single- or
    /// double-quoted) where `text` can be written so, else double-quoted.
    Text(Span, &'a str),
    /// The entry whose `quote:` value is at the span gets `sentence: id`:
    /// on a line of its own after the quote's value, indented as the
    /// quote's key, in a block mapping; right after the quote's value
    /// (`, sentence: id`) in a flow mapping.
    AddSentence(Span, &'a str),
}

/// `source` with `edits` made, every other byte unchanged. An edit whose
/// value cannot be found, or that overlaps an earlier one, is left out;
/// `accept` reads the result back and refuses it unless every edit took.
pub fn apply(source: &str, edits: &[Edit<'_>]) -> String {
    let mut finder = Finder {
        source,
        blocks: None,
        nodes: None,
    };
    let mut splices: Vec<Splice> = edits.iter().filter_map(|e| finder.splice(e)).collect();
    // Stable: an insertion right after a replaced value follows it.
    splices.sort_by_key(|s| (s.start, s.end));
    let mut out = String::with_capacity(source.len() + 32 * splices.len());
    let mut pos = 0;
    for s in splices {
        if s.start < pos {
            continue;
        }
        out.push_str(&source[pos..s.start]);
        out.push_str(&s.text);
        pos = s.end;
    }
    out.push_str(&source[pos..]);
    out
}

/// Bytes `start..end` of the source become `text`.
struct Splice {
    start: usize,
    end: usize,
    text: String,
}

/// A scalar or alias of the source, as the YAML parser saw it.
#[derive(Debug, Clone, Copy)]
struct Node {
    start: usize,
    end: usize,
    style: Option<ScalarStyle>,
    /// Whether it stands in a flow collection (`{…}` or `[…]`).
    flow: bool,
    /// Where the key before it starts, when it is a mapping's value.
    key: Option<usize>,
    /// Which mapping it stands in (the number of the mapping's start among
    /// the file's mappings), when it is a mapping's value.
    mapping: Option<usize>,
}

/// Finds what each edit changes, parsing the file at most once for each
/// kind of lookup.
struct Finder<'s> {
    source: &'s str,
    blocks: Option<Vec<BlockScalar>>,
    nodes: Option<Vec<Node>>,
}

impl Finder<'_> {
    fn splice(&mut self, edit: &Edit<'_>) -> Option<Splice> {
        match *edit {
            Edit::Id(span, id) => {
                let (start, end, text) =
                    super::value_splice(self.source, span, id, &mut self.blocks)?;
                Some(Splice { start, end, text })
            }
            Edit::Text(span, text) => self.text(span, text),
            Edit::AddSentence(span, id) => self.add_sentence(span, id),
        }
    }

    /// The parsed node that starts at byte `offset`.
    fn node(&mut self, offset: usize) -> Option<Node> {
        let nodes = self.nodes.get_or_insert_with(|| nodes(self.source));
        let i = nodes.binary_search_by_key(&offset, |n| n.start).ok()?;
        Some(nodes[i])
    }

    /// The block scalar whose content starts at byte `offset`.
    fn block(&mut self, offset: usize) -> Option<&BlockScalar> {
        let blocks = self
            .blocks
            .get_or_insert_with(|| block_scalars(self.source));
        let i = blocks.binary_search_by_key(&offset, |b| b.content).ok()?;
        blocks.get(i)
    }

    fn text(&mut self, span: Span, text: &str) -> Option<Splice> {
        let node = self.node(span.offset)?;
        let source = self.source;
        if matches!(node.style, Some(ScalarStyle::Literal | ScalarStyle::Folded)) {
            let b = self.block(span.offset)?;
            let written = double_quoted(text);
            return Some(Splice {
                start: b.indicator,
                end: b.end,
                text: format!("{written}{}", &source[b.header_rest.clone()]),
            });
        }
        let written = match node.style {
            Some(ScalarStyle::Plain) if fits_plain(text) => text.to_owned(),
            Some(ScalarStyle::SingleQuoted) if text.chars().all(printable_quoted) => {
                format!("'{}'", text.replace('\'', "''"))
            }
            _ => double_quoted(text),
        };
        Some(Splice {
            start: node.start,
            end: node.end,
            text: written,
        })
    }

    fn add_sentence(&mut self, quote: Span, id: &str) -> Option<Splice> {
        let node = self.node(quote.offset)?;
        let source = self.source;
        // A `sentence:` the entry already has, without a value (empty, `~`
        // or `null`, which loading reads as no id), gets the id.
        let nodes = self.nodes.as_deref().unwrap_or_default();
        let empty = nodes.iter().find(|n| {
            n.mapping.is_some()
                && n.mapping == node.mapping
                && n.key.is_some_and(|k| is_key(&source[k..], "sentence"))
                && matches!(&source[n.start..n.end], "" | "~" | "null" | "Null" | "NULL")
        });
        if let Some(empty) = empty {
            // An empty value has no width: the id goes right after the
            // colon. (`accept` reads the result back, so a miss is never
            // written.)
            if empty.start == empty.end {
                let key = empty.key?;
                let colon = key + source[key..].find(':')? + 1;
                return Some(Splice {
                    start: colon,
                    end: colon,
                    text: format!(" {id}"),
                });
            }
            return Some(Splice {
                start: empty.start,
                end: empty.end,
                text: id.to_owned(),
            });
        }
        if node.flow {
            // A file written as JSON (`"quote": "…"`) stays JSON.
            let json = node.key.is_some_and(|k| source[k..].starts_with('"'));
            let text = if json {
                format!(", \"sentence\": \"{id}\"")
            } else {
                format!(", sentence: {id}")
            };
            return Some(Splice {
                start: node.end,
                end: node.end,
                text,
            });
        }
        let value_end = match node.style {
            Some(ScalarStyle::Literal | ScalarStyle::Folded) => self.block(quote.offset)?.end,
            _ => node.end,
        };
        // The new key goes under the quote's key: the same column, with
        // the spaces and `-` before that key on its line made spaces. The
        // key starts at what YAML lets stand before its text: the `?` of an
        // explicit key (`: value` on the next line), an anchor, a tag.
        let key = node.key?;
        let line_start = source[..key].rfind('\n').map_or(0, |i| i + 1);
        let before_key = &source[line_start..key];
        let marks = before_key.trim_start_matches([' ', '-']);
        if !marks
            .split(' ')
            .all(|mark| mark.is_empty() || mark == "?" || mark.starts_with(['&', '!']))
        {
            return None;
        }
        let indent = " ".repeat(before_key.len() - marks.len());
        let at = line_end(source, value_end);
        let crlf = if at < source.len() {
            source[at..].starts_with("\r\n")
        } else {
            source.contains("\r\n")
        };
        let newline = if crlf { "\r\n" } else { "\n" };
        Some(Splice {
            start: at,
            end: at,
            text: format!("{newline}{indent}sentence: {id}"),
        })
    }
}

/// Every scalar and alias of `source`, in order, with where it ends,
/// whether it stands in a flow collection, and the key before it.
fn nodes(source: &str) -> Vec<Node> {
    let mut nodes = Vec::new();
    // For each open collection: whether it is flow, and for a mapping the
    // number of nodes read in it so far (even: the next one is a key).
    let mut open: Vec<(bool, Option<usize>)> = Vec::new();
    // The number of each open mapping (`None` for a list).
    let mut numbers: Vec<Option<usize>> = Vec::new();
    let mut mappings = 0;
    let mut last_key: Option<usize> = None;
    for item in Parser::new_from_str(source) {
        let Ok((event, span)) = item else {
            break;
        };
        let (Some(start), Some(end)) = (span.start.byte_offset(), span.end.byte_offset()) else {
            continue;
        };
        let style = match &event {
            Event::Scalar(_, style, ..) => Some(Some(*style)),
            Event::Alias(..) => Some(None),
            _ => None,
        };
        let in_flow = open.last().is_some_and(|(flow, _)| *flow);
        let is_key = matches!(open.last(), Some((_, Some(n))) if n % 2 == 0);
        match event {
            Event::MappingStart(style, ..) | Event::SequenceStart(style, ..) => {
                count(&mut open);
                let mapping = matches!(event, Event::MappingStart(..));
                open.push((style == StructureStyle::Flow, mapping.then_some(0)));
                numbers.push(mapping.then_some(mappings));
                mappings += usize::from(mapping);
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                open.pop();
                numbers.pop();
                continue;
            }
            _ => {}
        }
        let Some(style) = style else {
            continue;
        };
        count(&mut open);
        if is_key {
            last_key = Some(start);
            continue;
        }
        let key = last_key.take();
        nodes.push(Node {
            start,
            end,
            style,
            flow: in_flow,
            key,
            mapping: key.and(numbers.last().copied().flatten()),
        });
    }
    nodes.sort_by_key(|n| n.start);
    nodes
}

/// Whether `text` starts with the key `name` (plain or quoted) and its colon.
fn is_key(text: &str, name: &str) -> bool {
    let rest = text.trim_start_matches(['"', '\'']);
    rest.strip_prefix(name)
        .is_some_and(|after| after.trim_start_matches(['"', '\'', ' ']).starts_with(':'))
}

/// Counts one more node in the innermost open mapping.
fn count(open: &mut [(bool, Option<usize>)]) {
    if let Some((_, Some(n))) = open.last_mut() {
        *n += 1;
    }
}

/// Whether `c` may stand in a single-quoted scalar as it is (which has no
/// escapes).
fn printable_quoted(c: char) -> bool {
    yaml_printable(c) && !matches!(c, '\n' | '\r' | '\t' | '\u{85}' | '\u{feff}')
}

/// Whether `text` reads back as itself written as a plain scalar, in block
/// or flow context: a conservative test, since a plain scalar that YAML
/// reads otherwise (a comment, a mapping, a flow indicator) would change
/// the file's meaning.
fn fits_plain(text: &str) -> bool {
    let starts_well = text.chars().next().is_some_and(char::is_alphanumeric);
    let safe = |c: char| {
        c.is_alphanumeric()
            || matches!(
                c,
                ' ' | '.' | '\'' | '-' | '(' | ')' | '%' | '$' | '/' | ';' | '!' | '?'
            )
            || (!c.is_ascii() && printable_quoted(c) && !c.is_whitespace())
    };
    starts_well && !text.ends_with(' ') && !text.contains("  ") && text.chars().all(safe)
}

/// `text` as a double-quoted YAML scalar: `\` and `"` escaped, and every
/// character YAML does not allow as it is.
fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            c if printable_quoted(c) => out.push(c),
            c if u32::from(c) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08X}", u32::from(c))),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::store::{AnnotationSet, parse};

    fn load(yaml: &str) -> AnnotationSet {
        let (set, findings) = parse(yaml, Path::new("a.yaml"));
        assert!(
            findings.iter().all(|d| !d.is_error()),
            "{yaml}\n{findings:?}"
        );
        set.expect("a valid file")
    }

    const HEAD: &str = "article: a.md\nreviewed: 2025-01-01\n";

    /// Adds `sentence: s-0123abcd` to the first annotation of `yaml`, and
    /// checks that it reads back with it and `expected` is the file.
    fn adds_id(yaml: &str, expected: &str) {
        let set = load(yaml);
        let quote = set.annotations[0].quote.span;
        let out = apply(yaml, &[Edit::AddSentence(quote, "s-0123abcd")]);
        assert_eq!(out, expected, "from:\n{yaml}");
        let after = load(&out);
        assert_eq!(
            after.annotations[0]
                .sentence
                .as_ref()
                .map(|s| s.value.as_str()),
            Some("s-0123abcd"),
            "{out}"
        );
        assert_eq!(
            after.annotations[0].quote.value,
            set.annotations[0].quote.value
        );
    }

    #[test]
    fn a_sentence_key_without_a_value_gets_the_id() {
        for (entry, expected) in [
            (
                "  - quote: Prices rose\n    sentence:\n    verdict: opinion\n",
                "  - quote: Prices rose\n    sentence: s-0123abcd\n    verdict: opinion\n",
            ),
            (
                "  - quote: Prices rose\n    sentence: ~   # to fill\n    verdict: opinion\n",
                "  - quote: Prices rose\n    sentence: s-0123abcd   # to fill\n    verdict: opinion\n",
            ),
            (
                "  - sentence: null\n    quote: Prices rose\n    verdict: opinion\n",
                "  - sentence: s-0123abcd\n    quote: Prices rose\n    verdict: opinion\n",
            ),
            (
                "  - {quote: Prices rose, sentence: , verdict: opinion}\n",
                "  - {quote: Prices rose, sentence: s-0123abcd , verdict: opinion}\n",
            ),
        ] {
            adds_id(
                &format!("{HEAD}annotations:\n{entry}"),
                &format!("{HEAD}annotations:\n{expected}"),
            );
        }
        // Another entry's empty `sentence:` is not this one's.
        adds_id(
            &format!(
                "{HEAD}annotations:\n  - quote: a\n    verdict: opinion\n  - quote: b\n    sentence:\n    verdict: opinion\n"
            ),
            &format!(
                "{HEAD}annotations:\n  - quote: a\n    sentence: s-0123abcd\n    verdict: opinion\n  - quote: b\n    sentence:\n    verdict: opinion\n"
            ),
        );
    }

    #[test]
    fn a_sentence_id_goes_under_the_quote_in_every_style() {
        let cases = [
            (
                "  - quote: Prices rose\n    verdict: opinion\n",
                "  - quote: Prices rose\n    sentence: s-0123abcd\n    verdict: opinion\n",
            ),
            (
                "  - verdict: opinion   # first\n    quote: 'Prices rose'  # as printed\n",
                "  - verdict: opinion   # first\n    quote: 'Prices rose'  # as printed\n    sentence: s-0123abcd\n",
            ),
            (
                "  - quote: \"Prices\n      rose\"\n    verdict: opinion\n",
                "  - quote: \"Prices\n      rose\"\n    sentence: s-0123abcd\n    verdict: opinion\n",
            ),
            (
                "  - quote: Prices\n      rose\n    verdict: opinion\n",
                "  - quote: Prices\n      rose\n    sentence: s-0123abcd\n    verdict: opinion\n",
            ),
            (
                "  - quote: >-\n      Prices rose\n\n    verdict: opinion\n",
                "  - quote: >-\n      Prices rose\n    sentence: s-0123abcd\n\n    verdict: opinion\n",
            ),
            (
                "-   quote:   Prices rose\n    verdict: opinion",
                "-   quote:   Prices rose\n    sentence: s-0123abcd\n    verdict: opinion",
            ),
            (
                "  - verdict: opinion\n    quote: Prices rose",
                "  - verdict: opinion\n    quote: Prices rose\n    sentence: s-0123abcd",
            ),
            (
                "  - ? quote\n    : Prices rose\n    verdict: opinion\n",
                "  - ? quote\n    : Prices rose\n    sentence: s-0123abcd\n    verdict: opinion\n",
            ),
            (
                "  - verdict: opinion\n    ?   quote\n    :   \"Prices rose\"\n",
                "  - verdict: opinion\n    ?   quote\n    :   \"Prices rose\"\n    sentence: s-0123abcd\n",
            ),
            (
                "  - &q !!str quote: Prices rose\n    verdict: opinion\n",
                "  - &q !!str quote: Prices rose\n    sentence: s-0123abcd\n    verdict: opinion\n",
            ),
            (
                "  - {quote: Prices rose, verdict: opinion}\n",
                "  - {quote: Prices rose, sentence: s-0123abcd, verdict: opinion}\n",
            ),
            (
                "  - {\"quote\": \"Prices rose\", \"verdict\": \"opinion\"}\n",
                "  - {\"quote\": \"Prices rose\", \"sentence\": \"s-0123abcd\", \"verdict\": \"opinion\"}\n",
            ),
            (
                "  - {verdict: opinion,\n     quote: \"Prices rose\"}\n",
                "  - {verdict: opinion,\n     quote: \"Prices rose\", sentence: s-0123abcd}\n",
            ),
        ];
        for (entries, expected) in cases {
            adds_id(
                &format!("{HEAD}annotations:\n{entries}"),
                &format!("{HEAD}annotations:\n{expected}"),
            );
        }
        // Windows line breaks stay Windows line breaks.
        let crlf = |s: &str| s.replace('\n', "\r\n");
        adds_id(
            &crlf(&format!(
                "{HEAD}annotations:\n  - quote: x\n    verdict: opinion\n"
            )),
            &crlf(&format!(
                "{HEAD}annotations:\n  - quote: x\n    sentence: s-0123abcd\n    verdict: opinion\n"
            )),
        );
    }

    #[test]
    fn a_new_quote_reads_back_as_written() {
        let texts = [
            "Prices rose sharply.",
            "He said: \"no\" # twice",
            "It's 'quoted', isn't it?",
            "a \\ back slash",
            "- a dash first",
            "control \u{7} bell",
            "“Typographic” quotes — and dashes",
        ];
        for old in ["x", "'x'", "\"x\"", ">-\n      x", "|\n      x\n"] {
            let yaml = format!("{HEAD}annotations:\n  - quote: {old}\n    verdict: opinion\n");
            let set = load(&yaml);
            for text in texts {
                let out = apply(&yaml, &[Edit::Text(set.annotations[0].quote.span, text)]);
                assert_eq!(load(&out).annotations[0].quote.value, text, "{out}");
                assert!(out.ends_with("\n    verdict: opinion\n"), "{out}");
            }
        }
        // In its own style where it can be.
        let yaml = format!("{HEAD}annotations:\n  - quote: 'x'\n    verdict: opinion\n");
        let span = load(&yaml).annotations[0].quote.span;
        assert!(apply(&yaml, &[Edit::Text(span, "It's")]).contains("quote: 'It''s'\n"));
        let yaml = format!("{HEAD}annotations:\n  - quote: x   # c\n    verdict: opinion\n");
        let span = load(&yaml).annotations[0].quote.span;
        assert!(
            apply(&yaml, &[Edit::Text(span, "Prices rose.")])
                .contains("quote: Prices rose.   # c\n")
        );
    }

    #[test]
    fn a_new_quote_and_its_id_together() {
        let yaml = format!("{HEAD}annotations:\n  - quote: Prices rose\n    verdict: opinion\n");
        let span = load(&yaml).annotations[0].quote.span;
        let out = apply(
            &yaml,
            &[
                Edit::AddSentence(span, "s-0123abcd"),
                Edit::Text(span, "Prices rose: a lot."),
            ],
        );
        assert_eq!(
            out,
            format!(
                "{HEAD}annotations:\n  - quote: \"Prices rose: a lot.\"\n    sentence: s-0123abcd\n    verdict: opinion\n"
            )
        );
    }
}
