//! Byte offsets ↔ LSP positions. A position is a line and a count of code
//! units into it: UTF-16 units unless the client offered UTF-8, which is
//! then used (it is what the buffers hold, so nothing is converted).

use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit a position's `character` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// UTF-16 code units: the protocol's default.
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client lists it among the encodings it takes, else
    /// the default that every client understands.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The encoding as the initialize result names it.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
        }
    }
}

/// Where the lines of one text start. Lines end at LF, CRLF or a lone CR,
/// as the protocol has it.
#[derive(Debug, Clone)]
pub struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'t> LineIndex<'t> {
    /// The index of `text`, for positions in `encoding`.
    pub fn new(text: &'t str, encoding: Encoding) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The CR of a CRLF ends no line of its own; its LF does.
            if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
                starts.push(at + 1);
            }
        }
        LineIndex {
            text,
            starts,
            encoding,
        }
    }

    /// The position of byte `offset`; an offset past the end or inside a
    /// character is taken back to the character boundary before it.
    pub fn position(&self, offset: usize) -> Position {
        let offset = self.text.floor_char_boundary(offset.min(self.text.len()));
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let character: usize = self.text[self.starts[line]..offset]
            .chars()
            .map(|c| self.encoding.units(c))
            .sum();
        Position::new(to_u32(line), to_u32(character))
    }

    /// The range of bytes `start..end`.
    pub fn range(&self, bytes: std::ops::Range<usize>) -> Range {
        Range::new(self.position(bytes.start), self.position(bytes.end))
    }

    /// The byte offset of `position`. A line past the last is the end of
    /// the text; a character past the line's end is its end (before the
    /// line break); one in the middle of a character (half of a UTF-16
    /// surrogate pair, a byte inside a UTF-8 sequence) is that character's
    /// start. No position is an error: clients send stale ones.
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = self.line_end(position.line as usize);
        let wanted = position.character as usize;
        let mut units = 0;
        for (at, c) in self.text[start..end].char_indices() {
            units += self.encoding.units(c);
            if units > wanted {
                return start + at;
            }
        }
        end
    }

    /// The byte range of `range`, its ends in order.
    pub fn bytes(&self, range: Range) -> std::ops::Range<usize> {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        a.min(b)..a.max(b)
    }

    /// The byte offset where line `line`'s content ends, before its break.
    pub fn line_end(&self, line: usize) -> usize {
        let next = self
            .starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let content = &self.text[self.starts.get(line).copied().unwrap_or(next)..next];
        next - (content.len() - content.trim_end_matches(['\n', '\r']).len())
    }

    /// The byte offset where line `line` (0-based) starts; the end of the
    /// text past the last line.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }

    /// The 0-based line of byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// The offset of 1-based `line` and `column` in characters, as
    /// [`factmark::Diagnostic`]s count them (a byte-order mark takes no
    /// column), clamped to the line.
    pub fn offset_of_line_column(&self, line: usize, column: usize) -> usize {
        let line = line.saturating_sub(1);
        let mut start = self.line_start(line);
        if start == 0 {
            start = if self.text.starts_with('\u{feff}') {
                3
            } else {
                0
            };
        }
        let end = self.line_end(line).max(start);
        self.text[start..end]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(end, |(at, _)| start + at)
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Путин 🙂 said\r\nx😀y\rlast";

    #[test]
    fn utf16_counts_surrogate_pairs_and_cyrillic_as_units() {
        let index = LineIndex::new(TEXT, Encoding::Utf16);
        let said = TEXT.find("said").unwrap_or(0);
        // Five Cyrillic letters (one unit each), a space, an emoji (two), a space.
        assert_eq!(index.position(said), Position::new(0, 9));
        assert_eq!(index.offset(Position::new(0, 9)), said);
        let y = TEXT.find('y').unwrap_or(0);
        assert_eq!(index.position(y), Position::new(1, 3));
        assert_eq!(index.offset(Position::new(1, 3)), y);
        assert_eq!(
            index.offset(Position::new(2, 0)),
            TEXT.find("last").unwrap_or(0)
        );
    }

    #[test]
    fn utf8_counts_bytes() {
        let index = LineIndex::new(TEXT, Encoding::Utf8);
        let said = TEXT.find("said").unwrap_or(0);
        assert_eq!(index.position(said), Position::new(0, said as u32));
        assert_eq!(index.offset(Position::new(0, said as u32)), said);
    }

    #[test]
    fn positions_inside_a_character_or_past_the_line_are_clamped() {
        let index = LineIndex::new(TEXT, Encoding::Utf16);
        let emoji = TEXT.find('🙂').unwrap_or(0);
        // Between the two halves of the surrogate pair: the emoji's start.
        assert_eq!(index.offset(Position::new(0, 7)), emoji);
        // Past the end of the line: before its CRLF.
        assert_eq!(
            index.offset(Position::new(0, 999)),
            TEXT.find('\r').unwrap_or(0)
        );
        assert_eq!(index.offset(Position::new(99, 0)), TEXT.len());
        let utf8 = LineIndex::new(TEXT, Encoding::Utf8);
        assert_eq!(utf8.offset(Position::new(0, 1)), 0);
        // An offset inside a character maps to its start.
        assert_eq!(index.position(emoji + 2), index.position(emoji));
    }

    #[test]
    fn diagnostic_columns_are_characters_after_a_byte_order_mark() {
        let text = "\u{feff}ab\ncd";
        let index = LineIndex::new(text, Encoding::Utf16);
        assert_eq!(index.offset_of_line_column(1, 2), 4);
        assert_eq!(index.offset_of_line_column(2, 9), text.len());
    }
}
