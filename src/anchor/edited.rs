//! Explaining an orphaned quote: which sentence of the article it most
//! likely came from, and a word diff from the quote to that sentence.
//!
//! Texts are compared as sequences of *tokens*: words (letters and digits,
//! with the `'`, `-`, `.` and `,` between them, so "isn't", "U.S." and
//! "1,000" are one word each) and single marks of punctuation. How alike a
//! quote and a sentence are is the length of their longest common
//! subsequence of tokens (LCS), divided by the quote's length for a quote
//! of part of a sentence (how much of the quote survives, in order), or by
//! the longer of the two for a quote of a whole sentence (how much of the
//! sentence is still what was reviewed).
//!
//! A sentence is *clearly* the quote's edited sentence when it scores at
//! least [`EDITED`] and every other sentence at least [`LEAD`] less: one
//! sentence, unmistakably. Only then is an orphaned whole-sentence quote
//! offered to `accept --requote`.
//!
//! This runs only for orphaned quotes, never on the path of a clean build.

use std::collections::HashMap;
use std::ops::Range;

use crate::segment::Sentence;

/// The least score of a clearly edited sentence: three words in five kept.
pub(super) const EDITED: f64 = 0.6;
/// How far a clearly edited sentence must lead every other sentence.
pub(super) const LEAD: f64 = 0.2;
/// Quotes and sentences are compared on at most this many tokens of the
/// quote (a longer quote gets no diff), and sentences on four times as many.
const MAX_TOKENS: usize = 160;
/// Nor on quotes longer than this many bytes, nor sentences four times as
/// long: the diff quotes both, and a token may be megabytes long.
const MAX_BYTES: usize = 16 * MAX_TOKENS;
/// At most this many sentences, those that could score best, are compared
/// closely with each orphaned quote.
const MAX_CANDIDATES: usize = 32;

/// The byte ranges of the tokens of `text`, in order.
pub(super) fn tokens(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::with_capacity(text.len() / 5 + 1);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        if c.is_alphanumeric() {
            // A word runs on through letters and digits, and through one
            // joining mark with a letter or digit after it.
            while let Some(&(at, next)) = chars.peek() {
                let joins = matches!(next, '\'' | '-' | '.' | ',')
                    && text[at + 1..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                if next.is_alphanumeric() || joins {
                    end = at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
        }
        tokens.push(start..end);
    }
    tokens
}

/// The sentence an orphaned quote most likely came from.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Closest {
    /// Index into the sentences.
    pub sentence: usize,
    /// How alike the quote and the sentence are, 0 to 1.
    pub score: f64,
    /// Whether it is clearly the quote's edited sentence (see the module
    /// documentation).
    pub clear: bool,
    /// The word diff from the quote to the sentence (to the stretch of it
    /// the quote covers, for a quote of part of a sentence).
    pub diff: String,
}

/// The sentence of `sentences` (tokenized as `sentence_tokens`) most like
/// `quote`, which is a whole sentence when `whole` is set; `None` when no
/// sentence scores at least [`EDITED`].
pub(super) fn closest(
    quote: &str,
    whole: bool,
    sentences: &[Sentence],
    sentence_tokens: &[Vec<Range<usize>>],
) -> Option<Closest> {
    if quote.len() > MAX_BYTES {
        return None;
    }
    let quote_tokens = tokens(quote);
    if quote_tokens.is_empty() || quote_tokens.len() > MAX_TOKENS {
        return None;
    }
    let words: Vec<&str> = quote_tokens.iter().map(|t| &quote[t.clone()]).collect();
    // A bound on each sentence's score, from the quote's tokens it holds
    // (counted with repeats): no common subsequence is longer.
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut wanted: Vec<usize> = Vec::new();
    for w in &words {
        let id = *ids.entry(w).or_insert_with(|| {
            wanted.push(0);
            wanted.len() - 1
        });
        wanted[id] += 1;
    }
    let score = |common: usize, sentence_len: usize| {
        let over = if whole {
            words.len().max(sentence_len)
        } else {
            words.len()
        };
        common as f64 / over as f64
    };
    let mut candidates: Vec<(f64, usize)> = Vec::new();
    let mut left = wanted.clone();
    for (i, (s, toks)) in sentences.iter().zip(sentence_tokens).enumerate() {
        if toks.len() > 4 * MAX_TOKENS || s.folded().len() > 4 * MAX_BYTES {
            continue;
        }
        left.copy_from_slice(&wanted);
        let text = s.folded();
        let mut held = 0;
        for t in toks {
            if let Some(&id) = ids.get(&text[t.clone()])
                && left[id] > 0
            {
                left[id] -= 1;
                held += 1;
            }
        }
        // A sentence that cannot come within `LEAD` of `EDITED` can
        // neither be the closest nor keep the closest from being clear.
        let bound = score(held, toks.len());
        if bound >= EDITED - LEAD {
            candidates.push((bound, i));
        }
    }
    // Best bounds first; ties to the earlier sentence.
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // Sentences not compared closely could score up to their bound.
    let mut second = candidates.get(MAX_CANDIDATES).map_or(0.0, |c| c.0);
    candidates.truncate(MAX_CANDIDATES);
    // The best score, its sentence, and the pairs of tokens they share.
    let mut best: Option<(f64, usize, Pairs)> = None;
    for (_, i) in candidates {
        let text = sentences[i].folded();
        let theirs: Vec<&str> = sentence_tokens[i]
            .iter()
            .map(|t| &text[t.clone()])
            .collect();
        let pairs = common_subsequence(&words, &theirs);
        let s = score(pairs.len(), theirs.len());
        match &best {
            Some((b, ..)) if s <= *b => second = second.max(s),
            _ => {
                second = second.max(best.as_ref().map_or(0.0, |b| b.0));
                best = Some((s, i, pairs));
            }
        }
    }
    let (score, sentence, pairs) = best.filter(|b| b.0 >= EDITED)?;
    let text = sentences[sentence].folded();
    let toks = &sentence_tokens[sentence];
    // A part of a sentence is compared with the stretch of the sentence it
    // covers: from its first kept token to its last, and as many tokens
    // beyond as the quote has before and after them (their replacements).
    let window = if whole {
        0..toks.len()
    } else {
        let (&(q_first, s_first), &(q_last, s_last)) = (pairs.first()?, pairs.last()?);
        let start = s_first - q_first.min(s_first);
        let after = (words.len() - 1 - q_last).min(toks.len() - 1 - s_last);
        start..s_last + after + 1
    };
    let new = &text[toks[window.start].start..toks[window.end - 1].end];
    Some(Closest {
        sentence,
        score,
        clear: score - second >= LEAD,
        diff: word_diff(quote, new),
    })
}

/// Pairs of token indices, one in each of two texts.
type Pairs = Vec<(usize, usize)>;

/// The longest common subsequence of `a` and `b`, as pairs of indices.
fn common_subsequence(a: &[&str], b: &[&str]) -> Pairs {
    let width = b.len() + 1;
    // lengths[i * width + j]: the LCS of a[i..] and b[j..].
    let mut lengths = vec![0u16; (a.len() + 1) * width];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lengths[i * width + j] = if a[i] == b[j] {
                lengths[(i + 1) * width + j + 1] + 1
            } else {
                lengths[(i + 1) * width + j].max(lengths[i * width + j + 1])
            };
        }
    }
    let mut pairs = Vec::with_capacity(usize::from(lengths[0]));
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if lengths[(i + 1) * width + j] >= lengths[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    pairs
}

/// The word diff from `old` to `new`, as `git diff --word-diff` writes it:
/// the common text as it is, `[-removed words-]`, `{+added words+}`. A word
/// is shown removed only where `new` does not have it at that point.
pub(super) fn word_diff(old: &str, new: &str) -> String {
    let old_tokens = tokens(old);
    let new_tokens = tokens(new);
    let a: Vec<&str> = old_tokens.iter().map(|t| &old[t.clone()]).collect();
    let b: Vec<&str> = new_tokens.iter().map(|t| &new[t.clone()]).collect();
    let pairs = common_subsequence(&a, &b);
    let mut out = String::with_capacity(old.len() + new.len());
    // Whether white space stands before byte `at` of `text`.
    let spaced = |text: &str, at: usize| text[..at].ends_with(char::is_whitespace);
    let push = |out: &mut String, text: &str, tokens: &[Range<usize>], marks: (&str, &str)| {
        let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
            return;
        };
        // A replacement is written `[-old-]{+new+}`, with nothing between.
        let replaces = marks.0 == "{+" && out.ends_with("-]");
        if !out.is_empty() && !replaces && spaced(text, first.start) {
            out.push(' ');
        }
        out.push_str(marks.0);
        out.push_str(&text[first.start..last.end]);
        out.push_str(marks.1);
    };
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in pairs.into_iter().chain([(a.len(), b.len())]) {
        push(&mut out, old, &old_tokens[i..pi], ("[-", "-]"));
        push(&mut out, new, &new_tokens[j..pj], ("{+", "+}"));
        if pj < b.len() {
            push(&mut out, new, &new_tokens[pj..=pj], ("", ""));
        }
        (i, j) = (pi + 1, pj + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{markup, segment};

    fn words(text: &str) -> Vec<&str> {
        tokens(text).into_iter().map(|t| &text[t]).collect()
    }

    #[test]
    fn tokens_are_words_and_marks() {
        assert_eq!(
            words("The U.S. isn't \"done\": 1,000 well-known rows."),
            [
                "The",
                "U.S",
                ".",
                "isn't",
                "\"",
                "done",
                "\"",
                ":",
                "1,000",
                "well-known",
                "rows",
                "."
            ]
        );
        assert_eq!(words("Café — ok"), ["Café", "—", "ok"]);
    }

    #[test]
    fn a_word_diff_shows_replacements_and_never_a_present_word_as_removed() {
        assert_eq!(
            word_diff(
                "Baku recalled its envoy in July 2025.",
                "Baku recalled its ambassador in July 2025."
            ),
            "Baku recalled its [-envoy-]{+ambassador+} in July 2025."
        );
        assert_eq!(
            word_diff("crashed near Aktau", "crashed near Aktau."),
            "crashed near Aktau{+.+}"
        );
        assert_eq!(
            word_diff(
                "Prices rose sharply in May.",
                "Prices rose in May, officials said."
            ),
            "Prices rose [-sharply-] in May{+, officials said+}."
        );
        let diff = word_diff("38 people died", "The ministry said 38 people died.");
        assert_eq!(diff, "{+The ministry said+} 38 people died{+.+}");
        for word in ["38", "people", "died"] {
            assert!(!diff.contains(&format!("[-{word}")), "{diff}");
        }
    }

    fn sentences(text: &str) -> (Vec<Sentence>, Vec<Vec<Range<usize>>>) {
        let sentences = segment::segment(&markup::parse(text));
        let toks = sentences.iter().map(|s| tokens(s.folded())).collect();
        (sentences, toks)
    }

    #[test]
    fn an_edited_sentence_is_clearly_the_closest() {
        let (s, t) = sentences(
            "The ministry said 38 people died. The ministry said the cause was unclear. Rain fell.",
        );
        let c = closest("The ministry said 40 people died.", true, &s, &t);
        let c = c.expect("a closest sentence");
        assert_eq!(c.sentence, 0);
        assert!(c.clear, "{c:?}");
        assert_eq!(c.diff, "The ministry said [-40-]{+38+} people died.");
        // A part of a sentence is compared with the stretch it covers.
        let c = closest("said 40 people", false, &s, &t).expect("a closest sentence");
        assert_eq!(
            (c.sentence, c.diff.as_str()),
            (0, "said [-40-]{+38+} people")
        );
    }

    #[test]
    fn two_sentences_alike_are_no_clear_edit() {
        let (s, t) = sentences("Prices rose in May. Prices rose in June.");
        let c = closest("Prices rose in April.", true, &s, &t).expect("a closest sentence");
        assert!(!c.clear, "{c:?}");
        assert!(closest("Wages fell sharply.", true, &s, &t).is_none());
    }
}
