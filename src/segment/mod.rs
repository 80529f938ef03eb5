//! Stage 2: [`Article`] → [`Sentence`]s.
//!
//! Each text block is split into sentences by [`split`], a rule-based splitter
//! that knows news abbreviations, initials, decimals and closing quotes. Every
//! sentence gets a stable id (see [`sentence_id`]), its exact position in the
//! source, its folded text and a check-worthiness score from the model in
//! [`worthy`]. Questions, and what the article's structure shows to be no
//! claim (a block that is only a link, a byline, a short label: see
//! [`Structure`]), are not check-worthy whatever their words.

mod boundary;
mod structure;
pub mod worthy;

use std::ops::Range;

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::fold;
use crate::markup::{Article, Block, Inline, MarkKind};

pub use boundary::split;
pub use structure::{Structure, block_structure, sentence_structure};
pub use worthy::Reasons;
use worthy::{Cues, Model};

/// One sentence of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// `s-` + 8 hex digits of the folded text's fingerprint, `-2`, `-3`, … for
    /// repeats of the same text in one article.
    pub id: String,
    /// 1-based line of the sentence's first character in the source.
    pub line: usize,
    /// 1-based column (in characters) of the sentence's first character.
    pub column: usize,
    /// Byte offset of the sentence's first character in the source.
    pub start: usize,
    /// Byte offset just past the sentence's last character in the source.
    pub end: usize,
    /// The plain text with white space folded; quote marks stay as written.
    pub text: String,
    /// The fully folded text when it differs from `text` (it has typographic
    /// quotes): most sentences have none, and need no second copy.
    folded: Option<String>,
    /// How likely the sentence states a claim worth checking, 0 to 1; 0 for
    /// a question and for what the structure shows to be no claim.
    pub score: f64,
    /// Whether `score` reaches the threshold and the sentence is neither a
    /// question nor structure (which stay no claims at a threshold of 0).
    pub checkworthy: bool,
    /// The named cues the sentence has (none for a question or structure).
    cues: Cues,
    /// Set when the sentence is no claim whatever its words: `question`, or
    /// a [`Structure`]'s name.
    not_a_claim: Option<&'static str>,
    /// Index of the block in [`Article::blocks`].
    pub block: usize,
    /// Byte range of the sentence in its block's text.
    pub range: Range<usize>,
}

/// The JSON of `sentences --format json`: `id`, `line`, `column`, `start`,
/// `end`, `text`, `score`, `checkworthy`, `reasons`.
impl Serialize for Sentence {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Sentence", 9)?;
        s.serialize_field("id", &self.id)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.serialize_field("start", &self.start)?;
        s.serialize_field("end", &self.end)?;
        s.serialize_field("text", &self.text)?;
        s.serialize_field("score", &self.score)?;
        s.serialize_field("checkworthy", &self.checkworthy)?;
        s.serialize_field("reasons", &self.reasons())?;
        s.end()
    }
}

impl Sentence {
    /// The fully folded text (typographic quotes made straight): what ids
    /// are computed from and quotes are matched against.
    pub fn folded(&self) -> &str {
        self.folded.as_deref().unwrap_or(&self.text)
    }

    /// The named cues the sentence has (none for a question or structure).
    pub fn cues(&self) -> worthy::Cues {
        self.cues
    }

    /// Why the sentence is (or is not) check-worthy.
    pub fn reasons(&self) -> Reasons<'_> {
        Reasons {
            text: self.folded(),
            cues: self.cues,
            not_a_claim: self.not_a_claim,
        }
    }
}

/// The id of a sentence with folded text `folded`, before repeat suffixes:
/// `s-` and the 8 lowercase hex digits of [`fold::fingerprint`].
pub fn sentence_id(folded: &str) -> String {
    id_of(fold::fingerprint(folded), 1)
}

/// `s-` + 8 hex digits of `fingerprint`, and `-count` from the second repeat.
fn id_of(fingerprint: u32, count: u32) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(16);
    id.push_str("s-");
    for shift in (0..8).rev() {
        id.push(char::from(
            HEX[((fingerprint >> (shift * 4)) & 0xF) as usize],
        ));
    }
    if count > 1 {
        id.push('-');
        id.push_str(&count.to_string());
    }
    id
}

/// Splits every text block of `article` into sentences, in document order,
/// judged check-worthy at the shipped model's threshold.
pub fn segment(article: &Article) -> Vec<Sentence> {
    segment_with(article, Model::shipped().threshold())
}

/// [`segment`], judging sentences check-worthy from score `threshold` on
/// (a project's `checkworthy-threshold`).
pub fn segment_with(article: &Article, threshold: f64) -> Vec<Sentence> {
    let model = Model::shipped();
    // News sentences run to about a hundred bytes; sized for that, the list
    // rarely grows as it fills.
    let expected = article.blocks.iter().map(|b| b.text.len()).sum::<usize>() / 96 + 8;
    let mut sentences = Vec::with_capacity(expected);
    let mut hashes = Vec::with_capacity(expected);
    let mut cursor = article.cursor();
    for (block_index, block) in article.blocks.iter().enumerate() {
        // One look at the whole block spares one per sentence in most blocks.
        let may_have_quotes = fold::has_typographic_quotes(&block.text);
        let block_structure = block_structure(block);
        let ranges = keep_code_whole(split(&block.text), block);
        let last = ranges.len().saturating_sub(1);
        for (k, range) in ranges.into_iter().enumerate() {
            let text = fold::squash_space(&block.text[range.clone()]);
            if text.is_empty() {
                continue;
            }
            let folded = (may_have_quotes && fold::has_typographic_quotes(&text))
                .then(|| fold::straighten_quotes(text.clone()));
            let folded_text = folded.as_deref().unwrap_or(&text);
            let source = block.source_range(range.clone());
            let (line, column) = article.advance(&mut cursor, source.start);
            let not_a_claim = if worthy::is_question(folded_text) {
                Some("question")
            } else {
                block_structure
                    .or_else(|| sentence_structure(block, folded_text, k == last))
                    .map(Structure::name)
            };
            let assessment = match not_a_claim {
                Some(_) => worthy::Assessment::default(),
                None => model.assess(folded_text),
            };
            sentences.push(Sentence {
                // Given by `give_ids` below.
                id: String::new(),
                line,
                column,
                start: source.start,
                end: source.end,
                text,
                folded,
                score: assessment.score,
                checkworthy: not_a_claim.is_none() && assessment.score >= threshold,
                cues: assessment.cues,
                not_a_claim,
                block: block_index,
                range,
            });
        }
        // Hashed while the block's texts are still in the cache: in a long
        // article, a last pass over all of them would read each from memory.
        give_ids(&mut sentences, &mut hashes, false);
    }
    give_ids(&mut sentences, &mut hashes, true);
    number_repeats(&mut sentences, &hashes);
    sentences
}

/// `ranges` (the sentences of `block`, in order) with those whose boundary
/// falls inside inline code joined: the full stop of `` `rm -rf ./` `` or
/// `` `os.path` `` ends no sentence.
fn keep_code_whole(mut ranges: Vec<Range<usize>>, block: &Block) -> Vec<Range<usize>> {
    let code = code_spans(block);
    if code.is_empty() {
        return ranges;
    }
    let inside = |at: usize| {
        // The last span starting before `at` is the only one that can hold it.
        let k = code.partition_point(|c| c.start < at);
        k > 0 && at < code[k - 1].end
    };
    ranges.dedup_by(|next, sentence| {
        let joined = inside(sentence.end);
        if joined {
            sentence.end = next.end;
        }
        joined
    });
    ranges
}

/// The byte ranges of `block`'s text that are inline code, in order.
fn code_spans(block: &Block) -> Vec<Range<usize>> {
    let mut spans = Vec::new();
    // Where each open inline started, if it is code (code holds no other).
    let mut open: Vec<Option<usize>> = Vec::new();
    for mark in &block.marks {
        match &mark.kind {
            MarkKind::Open(inline) => open.push((*inline == Inline::Code).then_some(mark.at)),
            MarkKind::Close => {
                if let Some(Some(start)) = open.pop() {
                    spans.push(start..mark.at);
                }
            }
            MarkKind::FootnoteRef(_) | MarkKind::LineBreak => {}
        }
    }
    spans
}

/// Hashes the sentences after the first `hashes.len()`, four at a time (see
/// `fold::fnv1a64_four`), and gives each the id of a first occurrence; a
/// last group of fewer than four waits for more sentences unless `last`.
fn give_ids(sentences: &mut [Sentence], hashes: &mut Vec<u64>, last: bool) {
    let group = if last { 1 } else { 4 };
    while sentences.len() - hashes.len() >= group {
        let (first, total) = (hashes.len(), sentences.len());
        let four = &mut sentences[first..(first + 4).min(total)];
        let text = |k: usize| four.get(k).map_or(&b""[..], |s| s.folded().as_bytes());
        let hashed = fold::fnv1a64_four([text(0), text(1), text(2), text(3)]);
        for (sentence, &hash) in four.iter_mut().zip(&hashed) {
            sentence.id = id_of(fold::fingerprint_of_hash(hash), 1);
            hashes.push(hash);
        }
    }
}

/// Gives the second and later repeats of a text `-2`, `-3`, … in document
/// order (by the 64-bit hash, as before the id's 32 bits are taken). Repeats
/// are rare: one sort of the hashes finds the repeated ones with sequential
/// reads, where a hash map missed the cache on every sentence of a long
/// article, and only their sentences are numbered.
fn number_repeats(sentences: &mut [Sentence], hashes: &[u64]) {
    let mut sorted = hashes.to_vec();
    sorted.sort_unstable();
    let repeated: Vec<u64> = sorted
        .chunk_by(|a, b| a == b)
        .filter(|run| run.len() > 1)
        .map(|run| run[0])
        .collect();
    if repeated.is_empty() {
        return;
    }
    let mut seen = vec![0u32; repeated.len()];
    for (sentence, &hash) in sentences.iter_mut().zip(hashes) {
        if let Ok(k) = repeated.binary_search(&hash) {
            seen[k] += 1;
            if seen[k] > 1 {
                sentence.id = id_of(fold::fingerprint_of_hash(hash), seen[k]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markup;

    /// (source from the sentence's start, line, column) of every sentence.
    fn positions(src: &str) -> Vec<(&str, usize, usize)> {
        segment(&markup::parse(src))
            .into_iter()
            .map(|s| (&src[s.start..s.end], s.line, s.column))
            .collect()
    }

    #[test]
    fn positions_point_at_the_first_character_in_the_source() {
        let src = "Première phrase. &amp; second one. \\*Escaped\\* third.\r\n*Emphasis* starts. [A link](https://e.org) starts.\r\n\r\n# Ünïcödé heading\r\n\r\n- `code` item. Two.\r\n";
        assert_eq!(
            positions(src),
            [
                ("Première phrase.", 1, 1),
                ("&amp; second one.", 1, 18),
                ("\\*Escaped\\* third.", 1, 36),
                ("*Emphasis* starts.", 2, 1),
                ("[A link](https://e.org) starts.", 2, 20),
                ("Ünïcödé heading", 4, 3),
                ("`code` item.", 6, 3),
                ("Two.", 6, 16),
            ]
        );
    }

    #[test]
    fn ids_are_stable_and_repeats_numbered() {
        let a = markup::parse("It rained. It rained.\n\nIt rained.");
        let s = segment(&a);
        assert_eq!(s.len(), 3);
        assert_eq!(s[0].id, sentence_id("It rained."));
        assert_eq!(s[1].id, format!("{}-2", s[0].id));
        assert_eq!(s[2].id, format!("{}-3", s[0].id));
        assert_eq!((s[2].line, s[2].column), (3, 1));
        assert_eq!(s[1].column, 12);
    }

    #[test]
    fn no_sentence_ends_inside_inline_code() {
        let src = "Run `rm -rf ./. Then` it. Call `os.path.join()`! Done. *`Ab. Cd`* too.
";
        let texts: Vec<String> = segment(&markup::parse(src))
            .into_iter()
            .map(|s| s.text)
            .collect();
        assert_eq!(
            texts,
            [
                "Run rm -rf ./. Then it.",
                "Call os.path.join()!",
                "Done.",
                "Ab. Cd too."
            ]
        );
    }
}
