//! Stage 1: Markdown source → [`Article`].
//!
//! The article is parsed with pulldown-cmark (CommonMark plus GFM tables,
//! strikethrough and footnotes; the options are chosen in [`options`] and
//! nowhere else). Every text block (paragraph, heading, list item, table cell)
//! becomes a [`Block`]: its plain text with markup removed and entities
//! decoded, the inline formatting as [`Mark`]s at text offsets (so the page can
//! render it again), and a source map from text offsets back to bytes of the
//! Markdown source (so every sentence knows its line and column). Containers
//! (lists, block quotes, tables) and unsegmented blocks (code, raw HTML) are
//! kept in [`Article::outline`], in document order.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

/// The pulldown-cmark options factmark uses, in one place.
pub fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES
}

/// A parsed article.
#[derive(Debug, Clone, Default)]
pub struct Article {
    /// Text blocks in document order; sentences live inside them.
    pub blocks: Vec<Block>,
    /// The document structure in order: containers, text blocks, code.
    pub outline: Vec<Node>,
    /// Byte offset of the start of every source line, for line/column
    /// lookups. The first line starts after a byte-order mark, if any: the
    /// mark is no character an editor shows, so it takes no column.
    line_starts: Vec<usize>,
    /// The source, kept for column counting.
    source: String,
}

/// What kind of text block a [`Block`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph.
    Paragraph,
    /// A heading of level 1 to 6.
    Heading(u8),
    /// Text directly inside a tight list item or a footnote, without a paragraph.
    Plain,
    /// A table cell; `head` for cells of the header row.
    TableCell {
        /// Whether the cell is in the header row.
        head: bool,
    },
}

/// One text block: plain text, inline marks and a source map.
#[derive(Debug, Clone)]
pub struct Block {
    /// Paragraph, heading, …
    pub kind: BlockKind,
    /// The plain text: markup removed, entities and escapes decoded, line
    /// breaks as single spaces.
    pub text: String,
    /// Inline formatting at byte offsets of `text`, in order.
    pub marks: Vec<Mark>,
    /// Source map, ordered by `text_start`.
    pieces: Vec<Piece>,
    /// (text offset, source offset of the opening markup) of every inline
    /// element, so a sentence starting with `*Emphasis*` starts at the `*`.
    opens: Vec<(usize, usize)>,
    /// (text offset, source offset past the closing markup) of every inline.
    closes: Vec<(usize, usize)>,
    /// Byte-by-byte maps of pieces whose text is the source with bytes left
    /// out (inline code across lines inside a block quote, entities).
    alignments: Vec<Vec<u32>>,
}

/// Where a run of block text came from in the source.
#[derive(Debug, Clone, Copy)]
struct Piece {
    text_start: usize,
    text_len: usize,
    source_start: usize,
    source_len: usize,
    /// The text bytes are exactly the source bytes (so offsets map one to one).
    verbatim: bool,
    /// Source bytes before `source_start` that belong to the first character:
    /// the backslash of an escape such as `\*`, which pulldown-cmark leaves
    /// outside the text's range.
    lead: usize,
    /// Index into `Block::alignments`, for a piece that is not verbatim but
    /// whose text bytes all occur in order in its source.
    aligned: Option<usize>,
}

/// For each byte of `text`, the offset in `source` of the same byte, found
/// in order (a space may stand for any white space); `None` when the text is
/// not the source with bytes left out.
fn align(text: &[u8], source: &[u8]) -> Option<Vec<u32>> {
    let mut map = Vec::with_capacity(text.len());
    let mut j = 0;
    for &t in text {
        loop {
            let s = *source.get(j)?;
            j += 1;
            if s == t || (t == b' ' && s.is_ascii_whitespace()) {
                map.push(u32::try_from(j - 1).ok()?);
                break;
            }
        }
    }
    Some(map)
}

/// An inline formatting boundary inside a block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// Byte offset in [`Block::text`].
    pub at: usize,
    /// Opening or closing which inline.
    pub kind: MarkKind,
}

/// Opening or closing of an inline element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MarkKind {
    /// The inline starts here.
    Open(Inline),
    /// The most recently opened inline ends here.
    Close,
    /// A footnote reference (renders as a superscript link; no text).
    FootnoteRef(String),
    /// A hard line break (two spaces or a `\\` ending the line): the text
    /// holds a space here, as for any line break; the page breaks the line.
    LineBreak,
}

/// Inline elements that survive into the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inline {
    /// `*emphasis*`
    Emphasis,
    /// `**strong**`
    Strong,
    /// `~~strikethrough~~`
    Strikethrough,
    /// `` `code` ``
    Code,
    /// A link (or an image, kept as a link to it with its alt text).
    Link {
        /// Destination as written.
        href: String,
    },
}

/// The document structure, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A container opens.
    Open(Container),
    /// The most recently opened container closes.
    Close,
    /// A text block: index into [`Article::blocks`].
    Text(usize),
    /// A fenced or indented code block (not segmented).
    Code(String),
    /// A raw HTML block (not segmented; the page escapes it).
    Html(String),
    /// A thematic break.
    Rule,
}

/// Block containers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Container {
    /// `> quote`
    BlockQuote,
    /// A list; `Some(n)` for an ordered list starting at `n`.
    List(Option<u64>),
    /// A list item.
    Item,
    /// A table.
    Table,
    /// The header row of a table.
    TableHead,
    /// A body row of a table.
    TableRow,
    /// A footnote definition with its label.
    Footnote(String),
}

impl Article {
    /// Line and column (1-based, columns in characters) of a source byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let mut end = offset.min(self.source.len());
        while !self.source.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.source.get(start..end).map_or(0, |s| s.chars().count()) + 1;
        (line, column)
    }

    /// The cursor [`Article::advance`] starts from: the first character of
    /// the first line (past a byte-order mark).
    pub fn cursor(&self) -> (usize, usize, usize) {
        (self.line_starts.first().copied().unwrap_or(0), 1, 1)
    }

    /// Line and column of `offset`, moving `cursor` (offset, line, column)
    /// forward to it. Walking the source once in order keeps positions linear
    /// in the article's size, however long its lines.
    pub fn advance(&self, cursor: &mut (usize, usize, usize), offset: usize) -> (usize, usize) {
        let offset = offset.min(self.source.len());
        if offset < cursor.0 {
            let (line, column) = self.line_column(offset);
            *cursor = (offset, line, column);
            return (line, column);
        }
        let (_, mut line, mut column) = *cursor;
        let source = self.source.as_bytes();
        // Counting with a simple filter lets the compiler vectorise the walk.
        let chars = |bytes: &[u8]| bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count();
        // Most sentences start on the line the last one started on; the
        // start of the next line says so without looking for line ends.
        let next_line = self.line_starts.get(line).copied().unwrap_or(usize::MAX);
        if offset < next_line {
            column += chars(&source[cursor.0..offset]);
        } else {
            line = self.line_starts.partition_point(|&s| s <= offset);
            let start = self
                .line_starts
                .get(line.wrapping_sub(1))
                .copied()
                .unwrap_or(0);
            column = 1 + chars(&source[start..offset]);
        }
        *cursor = (offset, line, column);
        (line, column)
    }

    /// The length of the Markdown source in bytes.
    pub fn source_len(&self) -> usize {
        self.source.len()
    }

    /// The text of the first heading, if any; the page title by default.
    pub fn first_heading(&self) -> Option<&str> {
        self.blocks
            .iter()
            .find(|b| matches!(b.kind, BlockKind::Heading(_)))
            .map(|b| b.text.trim())
            .filter(|t| !t.is_empty())
    }
}

impl Block {
    /// Source byte offset where the text from offset `at` starts, including
    /// inline markup that opens right there (`*`, `[`, backticks).
    pub fn source_start(&self, at: usize) -> usize {
        let mapped = self.char_source_start(at);
        let i = self.opens.partition_point(|o| o.0 < at);
        match self.opens.get(i) {
            Some(&(text, source)) if text == at => source.min(mapped),
            _ => mapped,
        }
    }

    /// Source byte offset of the character at text offset `at` itself.
    fn char_source_start(&self, at: usize) -> usize {
        let i = self.pieces.partition_point(|p| p.text_start <= at);
        if i == 0 {
            return self.pieces.first().map_or(0, |p| p.source_start);
        }
        let p = self.pieces[i - 1];
        if let Some(map) = p.aligned.and_then(|a| self.alignments.get(a))
            && let Some(&offset) = map.get(at - p.text_start)
        {
            let lead = if at == p.text_start { p.lead } else { 0 };
            return p.source_start + offset as usize - lead;
        }
        if at == p.text_start {
            p.source_start - p.lead
        } else if p.verbatim && at < p.text_start + p.text_len {
            p.source_start + (at - p.text_start)
        } else if at < p.text_start + p.text_len {
            p.source_start
        } else {
            p.source_start + p.source_len
        }
    }

    /// Source byte offset just past the text ending at text offset `end`,
    /// including inline markup that closes right there.
    pub fn source_end(&self, end: usize) -> usize {
        let mapped = self.char_source_end(end);
        let i = self.closes.partition_point(|c| c.0 <= end);
        self.closes[..i]
            .iter()
            .rev()
            .take_while(|c| c.0 == end)
            .map(|c| c.1)
            .fold(mapped, usize::max)
    }

    fn char_source_end(&self, end: usize) -> usize {
        if end == 0 {
            return self.char_source_start(0);
        }
        let i = self.pieces.partition_point(|p| p.text_start < end);
        if i == 0 {
            return self.char_source_start(0);
        }
        let p = self.pieces[i - 1];
        if let Some(map) = p.aligned.and_then(|a| self.alignments.get(a))
            && let Some(&offset) = map.get(end - p.text_start - 1)
        {
            return p.source_start + offset as usize + 1;
        }
        if p.verbatim {
            p.source_start + (end - p.text_start).min(p.source_len)
        } else {
            p.source_start + p.source_len
        }
    }

    /// Source byte range of text range `range`.
    pub fn source_range(&self, range: Range<usize>) -> Range<usize> {
        let start = self.source_start(range.start);
        start..self.source_end(range.end).max(start)
    }
}

/// Builds one block while its events stream past.
struct BlockBuilder {
    kind: BlockKind,
    text: String,
    marks: Vec<Mark>,
    pieces: Vec<Piece>,
    opens: Vec<(usize, usize)>,
    closes: Vec<(usize, usize)>,
    alignments: Vec<Vec<u32>>,
}

impl BlockBuilder {
    /// A builder for a block whose source is `source_len` bytes long: its
    /// text is rarely longer than that (markup is dropped, most entities
    /// shrink), so the text seldom grows by copying, line by line, into a
    /// larger buffer.
    fn new(kind: BlockKind, source_len: usize) -> Self {
        BlockBuilder {
            kind,
            text: String::with_capacity(source_len),
            marks: Vec::new(),
            pieces: Vec::new(),
            opens: Vec::new(),
            closes: Vec::new(),
            alignments: Vec::new(),
        }
    }

    fn open_inline(&mut self, inline: Inline, source_start: usize) {
        self.opens.push((self.text.len(), source_start));
        self.mark(MarkKind::Open(inline));
    }

    fn close_inline(&mut self, source_end: usize) {
        self.closes.push((self.text.len(), source_end));
        self.mark(MarkKind::Close);
    }

    fn push(&mut self, text: &str, source: &str, range: Range<usize>) {
        if text.is_empty() {
            return;
        }
        // Byte for byte the same, or the same but for line breaks that became
        // spaces (inside inline code): offsets then still map one to one.
        let verbatim = source.get(range.clone()).is_some_and(|src| {
            src == text
                || src.len() == text.len()
                    && src.bytes().zip(text.bytes()).all(|(a, b)| {
                        a == b || (a.is_ascii_whitespace() && b.is_ascii_whitespace())
                    })
        });
        let covered = self
            .pieces
            .last()
            .map_or(0, |p| p.source_start + p.source_len);
        let lead = usize::from(
            range.start > covered
                && source.as_bytes().get(range.start.wrapping_sub(1)) == Some(&b'\\'),
        );
        let aligned = if verbatim {
            None
        } else {
            source
                .get(range.clone())
                .and_then(|src| align(text.as_bytes(), src.as_bytes()))
                .map(|map| {
                    self.alignments.push(map);
                    self.alignments.len() - 1
                })
        };
        self.pieces.push(Piece {
            text_start: self.text.len(),
            text_len: text.len(),
            source_start: range.start,
            source_len: range.len(),
            verbatim,
            lead,
            aligned,
        });
        self.text.push_str(text);
    }

    fn mark(&mut self, kind: MarkKind) {
        self.marks.push(Mark {
            at: self.text.len(),
            kind,
        });
    }

    fn finish(self) -> Block {
        Block {
            kind: self.kind,
            text: self.text,
            marks: self.marks,
            pieces: self.pieces,
            opens: self.opens,
            closes: self.closes,
            alignments: self.alignments,
        }
    }
}

/// Byte offsets where the lines of `text` start. A line ends at LF, CRLF or
/// a lone CR (old Mac files), as CommonMark and YAML have it.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    std::iter::once(0)
        .chain(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        )
        .collect()
}

/// The length of the UTF-8 byte-order mark `text` starts with: 3 or 0.
pub(crate) fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// A new article over `source`, its first line starting past a byte-order
/// mark.
fn article_over(source: &str) -> Article {
    let mut line_starts = line_starts(source);
    line_starts[0] = bom_len(source);
    Article {
        line_starts,
        source: source.to_owned(),
        ..Article::default()
    }
}

/// Parses Markdown `source` into an [`Article`].
///
/// A byte-order mark at the start is no text (pulldown-cmark would read it
/// as the first character of a paragraph, and miss a heading on the first
/// line); every offset still counts it, so offsets are into `source` as
/// read, as editors count them.
pub fn parse(source: &str) -> Article {
    let mut article = article_over(source);
    let bom = bom_len(source);
    let mut current: Option<BlockBuilder> = None;
    let mut in_table_head = false;
    let mut code: Option<String> = None;
    let mut html: Option<String> = None;

    fn flush(article: &mut Article, current: &mut Option<BlockBuilder>) {
        if let Some(b) = current.take() {
            article.outline.push(Node::Text(article.blocks.len()));
            article.blocks.push(b.finish());
        }
    }

    // Front matter (`---` YAML or `+++` TOML at the very start, as static
    // site generators keep it) is the page's settings, not the article.
    let article_options = options()
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut in_front_matter = false;
    let events = Parser::new_ext(&source[bom..], article_options)
        .into_offset_iter()
        .map(|(event, range)| (event, range.start + bom..range.end + bom));
    for (event, range) in events {
        match event {
            Event::Start(Tag::MetadataBlock(_)) => {
                in_front_matter = true;
                continue;
            }
            Event::End(TagEnd::MetadataBlock(_)) => {
                in_front_matter = false;
                continue;
            }
            _ if in_front_matter => continue,
            _ => {}
        }
        if let Some(buf) = code.as_mut() {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let text = code.take().unwrap_or_default();
                    article.outline.push(Node::Code(text));
                }
                _ => {}
            }
            continue;
        }
        if let Some(buf) = html.as_mut() {
            match event {
                Event::Html(t) | Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::HtmlBlock) => {
                    let text = html.take().unwrap_or_default();
                    article.outline.push(Node::Html(text));
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => match tag {
                Tag::Paragraph => {
                    flush(&mut article, &mut current);
                    current = Some(BlockBuilder::new(BlockKind::Paragraph, range.len()));
                }
                Tag::Heading { level, .. } => {
                    flush(&mut article, &mut current);
                    current = Some(BlockBuilder::new(
                        BlockKind::Heading(level as u8),
                        range.len(),
                    ));
                }
                Tag::TableCell => {
                    flush(&mut article, &mut current);
                    current = Some(BlockBuilder::new(
                        BlockKind::TableCell {
                            head: in_table_head,
                        },
                        range.len(),
                    ));
                }
                Tag::CodeBlock(_) => {
                    flush(&mut article, &mut current);
                    code = Some(String::new());
                }
                Tag::HtmlBlock => {
                    flush(&mut article, &mut current);
                    html = Some(String::new());
                }
                Tag::BlockQuote(_) => open(&mut article, &mut current, Container::BlockQuote),
                Tag::List(start) => open(&mut article, &mut current, Container::List(start)),
                Tag::Item => open(&mut article, &mut current, Container::Item),
                Tag::Table(_) => open(&mut article, &mut current, Container::Table),
                Tag::TableHead => {
                    in_table_head = true;
                    open(&mut article, &mut current, Container::TableHead);
                }
                Tag::TableRow => open(&mut article, &mut current, Container::TableRow),
                Tag::FootnoteDefinition(label) => open(
                    &mut article,
                    &mut current,
                    Container::Footnote(label.to_string()),
                ),
                Tag::Emphasis => inline(&mut current, Inline::Emphasis, range.start),
                Tag::Strong => inline(&mut current, Inline::Strong, range.start),
                Tag::Strikethrough => inline(&mut current, Inline::Strikethrough, range.start),
                Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } => inline(
                    &mut current,
                    Inline::Link {
                        href: dest_url.to_string(),
                    },
                    range.start,
                ),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell => {
                    flush(&mut article, &mut current);
                }
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::Item
                | TagEnd::Table
                | TagEnd::TableRow
                | TagEnd::FootnoteDefinition => {
                    flush(&mut article, &mut current);
                    article.outline.push(Node::Close);
                }
                TagEnd::TableHead => {
                    flush(&mut article, &mut current);
                    in_table_head = false;
                    article.outline.push(Node::Close);
                }
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image => {
                    if let Some(b) = current.as_mut() {
                        b.close_inline(range.end);
                    }
                }
                _ => {}
            },
            Event::Text(t) => text_block(&mut current).push(&t, source, range),
            Event::Code(t) => {
                let b = text_block(&mut current);
                b.open_inline(Inline::Code, range.start);
                // The range covers the backticks; the code lies between them,
                // and CommonMark drops one space on each side when both have one.
                let raw = &source[range.clone()];
                let ticks = raw.len() - raw.trim_start_matches('`').len();
                let mut inner = (range.start + ticks).min(range.end)
                    ..range.end.saturating_sub(ticks).max(range.start + ticks);
                let code = source.get(inner.clone()).unwrap_or("");
                if code.len() > t.len() && code.starts_with(' ') && code.ends_with(' ') {
                    inner = inner.start + 1..inner.end - 1;
                }
                b.push(&t, source, inner);
                b.close_inline(range.end);
            }
            // Raw inline HTML is shown as text: escaped on the page by default.
            Event::InlineHtml(t)
            | Event::Html(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => text_block(&mut current).push(&t, source, range),
            Event::SoftBreak => text_block(&mut current).push(" ", source, range),
            Event::HardBreak => {
                let block = text_block(&mut current);
                block.mark(MarkKind::LineBreak);
                block.push(" ", source, range);
            }
            Event::FootnoteReference(label) => {
                text_block(&mut current).mark(MarkKind::FootnoteRef(label.to_string()))
            }
            Event::Rule => {
                flush(&mut article, &mut current);
                article.outline.push(Node::Rule);
            }
            Event::TaskListMarker(done) => {
                let marker = if done { "[x] " } else { "[ ] " };
                text_block(&mut current).push(marker, source, range)
            }
        }
    }
    flush(&mut article, &mut current);
    article
}

/// Reads plain text: a blank line ends a paragraph, a single line break is
/// white space inside one.
pub fn parse_plain(source: &str) -> Article {
    let mut article = article_over(source);
    let mut paragraph: Option<Range<usize>> = None;
    let flush = |article: &mut Article, range: Option<Range<usize>>| {
        if let Some(range) = range {
            let mut b = BlockBuilder::new(BlockKind::Paragraph, range.len());
            b.push(&source[range.clone()], source, range);
            article.outline.push(Node::Text(article.blocks.len()));
            article.blocks.push(b.finish());
        }
    };
    // Lines end as `line_starts` has them: at LF, CRLF or a lone CR.
    let starts = &article.line_starts;
    let lines: Vec<Range<usize>> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&source.len()]))
        .map(|(&start, &end)| start..end)
        .collect();
    for line in lines {
        let start = line.start;
        let line = &source[line];
        if line.trim().is_empty() {
            flush(&mut article, paragraph.take());
            continue;
        }
        let content_end = start + line.trim_end_matches(['\n', '\r']).len();
        match paragraph.as_mut() {
            Some(p) => p.end = content_end,
            None => paragraph = Some(start..content_end),
        }
    }
    flush(&mut article, paragraph.take());
    article
}

fn open(article: &mut Article, current: &mut Option<BlockBuilder>, container: Container) {
    if let Some(b) = current.take() {
        article.outline.push(Node::Text(article.blocks.len()));
        article.blocks.push(b.finish());
    }
    article.outline.push(Node::Open(container));
}

fn inline(current: &mut Option<BlockBuilder>, inline: Inline, source_start: usize) {
    text_block(current).open_inline(inline, source_start);
}

/// The open text block, or a new `Plain` one for text that sits directly in a
/// tight list item or footnote.
fn text_block(current: &mut Option<BlockBuilder>) -> &mut BlockBuilder {
    current.get_or_insert_with(|| BlockBuilder::new(BlockKind::Plain, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_positions() {
        let src = "# Title\n\nSome *emph* text &amp; more.\n\n- item one\n- item two\n";
        let a = parse(src);
        let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(
            texts,
            ["Title", "Some emph text & more.", "item one", "item two"]
        );
        assert_eq!(a.first_heading(), Some("Title"));
        let p = &a.blocks[1];
        let more = p.text.find("more").unwrap_or(0);
        assert_eq!(&src[p.source_start(more)..p.source_start(more) + 4], "more");
        assert_eq!(a.line_column(p.source_start(more)), (3, 24));
    }

    #[test]
    fn front_matter_is_no_part_of_the_article() {
        for src in [
            "---\ntitle: \"Front\"\ndate: 2020-01-01\n---\n\n# Heading\n\n5 died.\n",
            "+++\ntitle = \"Front\"\n+++\n\n# Heading\n\n5 died.\n",
        ] {
            let a = parse(src);
            let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
            assert_eq!(texts, ["Heading", "5 died."], "{src}");
            assert_eq!(a.first_heading(), Some("Heading"));
            let died = a.blocks[1].source_start(0);
            assert_eq!(&src[died..died + 7], "5 died.");
        }
        // A rule that opens an article, followed by a blank line, is a rule.
        let texts: Vec<String> = parse("---\n\nText.\n\n---\n\nMore.\n")
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect();
        assert_eq!(texts, ["Text.", "More."]);
    }

    #[test]
    fn a_sentence_starting_with_an_escape_points_at_the_backslash() {
        let src = "x. \\*Not\\* emphasis.";
        let a = parse(src);
        let b = &a.blocks[0];
        let at = b.text.find('*').unwrap_or(0);
        assert_eq!(&src[b.source_start(at)..], "\\*Not\\* emphasis.");
    }

    #[test]
    fn a_byte_order_mark_is_no_text_but_counts_in_offsets() {
        let a = parse("\u{feff}# Title\n\nText.");
        assert_eq!(a.first_heading(), Some("Title"));
        assert_eq!(a.blocks[0].source_start(0), 5);
        assert_eq!(a.line_column(5), (1, 3));
        assert_eq!(a.cursor(), (3, 1, 1));
        let a = parse_plain("\u{feff}Title\n\nText.");
        assert_eq!(a.blocks[0].text, "Title");
        assert_eq!(a.blocks[0].source_start(0), 3);
        assert_eq!(a.line_column(3), (1, 1));
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        let src = "One.\rTwo.\r\n\rThree.\n";
        assert_eq!(line_starts(src), [0, 5, 11, 12, 19]);
        for a in [parse(src), parse_plain(src)] {
            let three = a.blocks.last().map_or(0, |b| b.source_start(0));
            assert_eq!(&src[three..three + 6], "Three.");
            assert_eq!(a.line_column(three), (4, 1));
        }
        assert_eq!(
            parse_plain(src).blocks.len(),
            2,
            "a blank line ends a paragraph"
        );
    }

    #[test]
    fn code_blocks_are_not_text() {
        let a = parse("Intro.\n\n```\nnot. text.\n```\n");
        assert_eq!(a.blocks.len(), 1);
        assert!(a.outline.contains(&Node::Code("not. text.\n".into())));
    }
}
