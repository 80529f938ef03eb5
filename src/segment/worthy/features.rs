//! What the check-worthiness model sees of a sentence.
//!
//! A sentence becomes a handful of features, each an index into the model's
//! weight table:
//!
//! - every word, lowercased, with each digit written as `0` (so "1981" and
//!   "2024" are one word, and "$200 million" is "200" and "million");
//! - every pair of neighbouring words, and the first word after a start mark;
//! - the named [`Cue`]s (a date, a year, an amount, an attribution verb, …);
//! - shape: how long the sentence is, how many capitalised words it has past
//!   the first, whether it ends in `?` or `!`.
//!
//! Words are hashed into the table rather than looked up in a vocabulary:
//! no vocabulary ships, and a word never seen in training simply lands on a
//! slot whose weight is (almost always) zero. Nothing here allocates.

use std::ops::Range;

/// The table has `1 << BITS` slots.
pub const BITS: u32 = 18;

/// A named cue: a reason an editor recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// A calendar date: "December 25, 2024", "25 Dec", "2024-12-25".
    Date,
    /// A year from 1500 to 2099, or a decade ("1990s").
    Year,
    /// Any digit.
    Number,
    /// A number or quantity word: "fifty", "millions", "half", "majority".
    NumberWord,
    /// A currency sign or word, or a percentage.
    Amount,
    /// A passage in quote marks.
    Quotation,
    /// A reporting verb: "said", "according to", "announced".
    Attribution,
    /// A comparison or absolute: "more", "largest", "never", "record".
    Comparison,
    /// A capitalised word past the first: a name, a place, an institution.
    NamedActor,
}

impl Cue {
    /// Every cue, in the order reasons are listed.
    pub const ALL: [Cue; 9] = [
        Cue::Date,
        Cue::Year,
        Cue::Number,
        Cue::NumberWord,
        Cue::Amount,
        Cue::Quotation,
        Cue::Attribution,
        Cue::Comparison,
        Cue::NamedActor,
    ];

    /// The name reasons use: `date`, `number-word`, …
    pub fn name(self) -> &'static str {
        match self {
            Cue::Date => "date",
            Cue::Year => "year",
            Cue::Number => "number",
            Cue::NumberWord => "number-word",
            Cue::Amount => "amount",
            Cue::Quotation => "quotation",
            Cue::Attribution => "attribution",
            Cue::Comparison => "comparison",
            Cue::NamedActor => "named-actor",
        }
    }

    fn bit(self) -> u16 {
        1 << self as u16
    }
}

/// A set of [`Cue`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u16);

impl Cues {
    /// Whether `cue` is in the set.
    pub fn contains(self, cue: Cue) -> bool {
        self.0 & cue.bit() != 0
    }

    /// The cues in the set, in [`Cue::ALL`]'s order.
    pub fn iter(self) -> impl Iterator<Item = Cue> {
        Cue::ALL.into_iter().filter(move |&c| self.contains(c))
    }

    fn insert(&mut self, cue: Cue) {
        self.0 |= cue.bit();
    }
}

/// Where a feature came from, for explaining a score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// One word or a pair of words, at this byte range of the sentence.
    Words(Range<usize>),
    /// A named cue.
    Cue(Cue),
    /// The sentence's shape (length, capitals, final mark).
    Shape,
}

/// Calls `visit(slot, origin)` for every feature of folded sentence `text`,
/// and returns its cues. A feature may be visited more than once (a word
/// that occurs twice); each visit counts.
pub fn features(text: &str, mut visit: impl FnMut(usize, Origin)) -> Cues {
    let bytes = text.as_bytes();
    let mut cues = Cues::default();
    let mut words = 0usize;
    let mut capitals = 0usize;
    // The previous word: its hash and start, whether it was a month name
    // (or an abbreviated one before its full stop) and whether it was a
    // day number, for dates written "December 25" or "25 December".
    let mut previous: Option<(u64, usize)> = None;
    let mut after_month = false;
    let mut after_day = false;
    let mut at = 0;
    while let Some(word) = next_word(text, at) {
        at = word.end;
        let token = &bytes[word.clone()];
        let hash = word_hash(token);
        visit(slot(hash), Origin::Words(word.clone()));
        let (pair, pair_start) = match previous {
            Some((previous, start)) => (pair_hash(previous, hash), start),
            None => (pair_hash(START, hash), word.start),
        };
        visit(slot(pair), Origin::Words(pair_start..word.end));
        if token.len() > STEM {
            // "taxes", "taxation" and "taxpayers" share "taxes"' stem:
            // what the model learns of one helps with the others.
            let stem = pair_hash(word_hash(&token[..STEM]), STEM as u64);
            visit(slot(stem), Origin::Words(word.clone()));
            let ending = pair_hash(word_hash(&token[token.len() - 3..]), 99);
            visit(slot(ending), Origin::Words(word.clone()));
        }
        previous = Some((hash, word.start));

        let lead = token[0];
        let mut month = false;
        let mut day = false;
        if lead.is_ascii_digit() {
            cues.insert(Cue::Number);
            if is_year(token) {
                cues.insert(Cue::Year);
            }
            let short = token.len() <= 2 && token.iter().all(u8::is_ascii_digit);
            if (after_month && token.len() <= 4) || is_iso_date(token, &bytes[word.end..]) {
                cues.insert(Cue::Date);
            }
            day = short;
        } else {
            let capitalised = starts_capitalised(&text[word.clone()]);
            let follows_stop = bytes.get(word.end) == Some(&b'.');
            let mut lower = [0u8; 12];
            let listed = lowercase_into(token, &mut lower).map_or(Listed::No, listed);
            match listed {
                Listed::Cue(cue) => cues.insert(cue),
                Listed::Month => month = capitalised,
                Listed::MonthAbbreviation => month = capitalised && follows_stop,
                Listed::No => {}
            }
            if month && after_day {
                cues.insert(Cue::Date);
            }
            // "I" is no name, and the first word is capitalised anyway.
            if capitalised && words > 0 && token != b"I" {
                capitals += 1;
                if !month {
                    cues.insert(Cue::NamedActor);
                }
            }
        }
        after_month = month;
        after_day = day;
        words += 1;
    }

    let signs = Signs::of(bytes);
    if signs.digit_sign || signs.non_ascii && text.contains(['£', '¥', '€', '₽']) {
        cues.insert(Cue::Amount);
    }
    if signs.quote && has_quotation(bytes) {
        cues.insert(Cue::Quotation);
    }
    for cue in cues.iter() {
        visit(slot(shape_hash(cue.name().as_bytes(), 0)), Origin::Cue(cue));
    }
    visit(
        slot(shape_hash(b"#words", length_bucket(words))),
        Origin::Shape,
    );
    visit(
        slot(shape_hash(b"#capitals", capitals.min(4) as u64)),
        Origin::Shape,
    );
    match final_mark(bytes) {
        Some(b'?') => visit(slot(shape_hash(b"#question", 0)), Origin::Shape),
        Some(b'!') => visit(slot(shape_hash(b"#exclamation", 0)), Origin::Shape),
        _ => {}
    }
    cues
}

/// Whether folded sentence `text` is a question: it ends in `?`, before any
/// closing quote marks and brackets.
pub fn is_question(text: &str) -> bool {
    final_mark(text.as_bytes()) == Some(b'?')
}

/// The sentence's last byte before closing quote marks and brackets.
fn final_mark(bytes: &[u8]) -> Option<u8> {
    bytes
        .iter()
        .rev()
        .copied()
        .find(|b| !matches!(b, b'"' | b'\'' | b')' | b']' | b' '))
}

/// The byte range of the first word at or after `at`: a run of letters and
/// digits, joined across an apostrophe ("it's") or a decimal point or comma
/// between digits ("1.5", "10,000").
fn next_word(text: &str, mut at: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    while at < bytes.len() && !is_word_char_at(text, at) {
        at += 1;
    }
    if at == bytes.len() {
        return None;
    }
    let start = at;
    loop {
        while at < bytes.len() && is_word_char_at(text, at) {
            at += utf8_len(bytes[at]);
        }
        let joins = match (bytes.get(at), bytes.get(at + 1)) {
            (Some(b'\''), Some(_)) => is_word_char_at(text, at + 1),
            (Some(b'.' | b','), Some(next)) => {
                bytes[at - 1].is_ascii_digit() && next.is_ascii_digit()
            }
            _ => false,
        };
        if !joins {
            return Some(start..at);
        }
        at += 1;
    }
}

/// Whether the character starting at byte `at` belongs to a word: an ASCII
/// letter or digit, or a letter or digit outside ASCII. A byte inside a
/// character (never a start here) is not.
fn is_word_char_at(text: &str, at: usize) -> bool {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        return b.is_ascii_alphanumeric();
    }
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// The length of the UTF-8 character whose first byte is `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

fn starts_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// `word` lowercased into `buffer`, if it is ASCII and fits: every listed
/// word is.
fn lowercase_into<'b>(word: &[u8], buffer: &'b mut [u8; 12]) -> Option<&'b [u8]> {
    let lowered = buffer.get_mut(..word.len())?;
    for (to, &from) in lowered.iter_mut().zip(word) {
        if !from.is_ascii() {
            return None;
        }
        *to = from.to_ascii_lowercase();
    }
    Some(lowered)
}

/// What the short word lists say about a lowercase word.
enum Listed {
    Cue(Cue),
    Month,
    MonthAbbreviation,
    No,
}

/// The cue words. They are features of their own as words; listing them
/// also names the cue in an explanation, and pools what the model learns
/// about rare ones ("hryvnia") with common ones ("dollars").
fn listed(word: &[u8]) -> Listed {
    match word {
        b"according" | b"accused" | b"admitted" | b"announced" | b"believes" | b"claimed"
        | b"claims" | b"confirmed" | b"denied" | b"insisted" | b"reported" | b"reports"
        | b"said" | b"say" | b"says" | b"stated" | b"told" | b"writes" | b"wrote" => {
            Listed::Cue(Cue::Attribution)
        }
        b"all" | b"always" | b"biggest" | b"decrease" | b"decreased" | b"doubled" | b"every"
        | b"fell" | b"fewer" | b"highest" | b"increase" | b"increased" | b"largest" | b"less"
        | b"lowest" | b"more" | b"never" | b"none" | b"only" | b"record" | b"rise" | b"rose"
        | b"sharply" | b"smallest" => Listed::Cue(Cue::Comparison),
        b"billion" | b"billions" | b"dozen" | b"dozens" | b"eight" | b"eighty" | b"eleven"
        | b"fifty" | b"five" | b"forty" | b"four" | b"half" | b"hundred" | b"hundreds"
        | b"majority" | b"million" | b"millions" | b"minority" | b"nine" | b"ninety"
        | b"quarter" | b"seven" | b"seventy" | b"several" | b"six" | b"sixty" | b"ten"
        | b"thirty" | b"thousand" | b"thousands" | b"three" | b"trillion" | b"trillions"
        | b"triple" | b"twelve" | b"twenty" | b"twice" | b"two" | b"double" => {
            Listed::Cue(Cue::NumberWord)
        }
        b"dollar" | b"dollars" | b"euro" | b"euros" | b"hryvnia" | b"manat" | b"manats"
        | b"percent" | b"pound" | b"pounds" | b"rouble" | b"roubles" | b"ruble" | b"rubles"
        | b"yen" => Listed::Cue(Cue::Amount),
        b"january" | b"february" | b"march" | b"april" | b"may" | b"june" | b"july" | b"august"
        | b"september" | b"october" | b"november" | b"december" => Listed::Month,
        b"jan" | b"feb" | b"mar" | b"apr" | b"jun" | b"jul" | b"aug" | b"sep" | b"sept"
        | b"oct" | b"nov" | b"dec" => Listed::MonthAbbreviation,
        _ => Listed::No,
    }
}

fn is_year(word: &[u8]) -> bool {
    let digits = word.strip_suffix(b"s").unwrap_or(word);
    digits.len() == 4
        && digits.iter().all(u8::is_ascii_digit)
        && (b"1500".as_slice()..=b"2099".as_slice()).contains(&digits)
}

/// A four-digit word followed by the rest of an ISO date: "2024" "-12-25".
fn is_iso_date(word: &[u8], rest: &[u8]) -> bool {
    word.len() == 4
        && rest.len() >= 6
        && rest[0] == b'-'
        && rest[3] == b'-'
        && rest[1..3].iter().chain(&rest[4..6]).all(u8::is_ascii_digit)
}

/// Which signs a sentence has: `$` and `%` (amounts), `"` (quotations), and
/// bytes outside ASCII (which may be a currency sign).
struct Signs {
    digit_sign: bool,
    quote: bool,
    non_ascii: bool,
}

impl Signs {
    fn of(bytes: &[u8]) -> Self {
        let mut signs = Signs {
            digit_sign: false,
            quote: false,
            non_ascii: false,
        };
        for &b in bytes {
            signs.digit_sign |= (b == b'$') | (b == b'%');
            signs.quote |= b == b'"';
            signs.non_ascii |= b >= 0x80;
        }
        signs
    }
}

/// Whether quote marks, paired in order, enclose at least two characters
/// somewhere.
fn has_quotation(bytes: &[u8]) -> bool {
    let mut open: Option<usize> = None;
    for at in memchr::memchr_iter(b'"', bytes) {
        match open.take() {
            Some(start) if at - start > 2 => return true,
            Some(_) => {}
            None => open = Some(at),
        }
    }
    false
}

/// Sentence length in words, in buckets: 1–3, 4–6, 7–10, 11–15, 16–25, more.
fn length_bucket(words: usize) -> u64 {
    match words {
        0..=3 => 0,
        4..=6 => 1,
        7..=10 => 2,
        11..=15 => 3,
        16..=25 => 4,
        _ => 5,
    }
}

/// How many leading bytes of a longer word make its stem.
const STEM: usize = 5;

/// FNV-1a 64's offset basis and prime.
const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The hash that stands for the sentence's start in the first pair.
const START: u64 = 0x5354_4152_545f_5f5f;

/// FNV-1a 64 of a word as the model sees it: ASCII letters lowercased,
/// every digit `0`.
fn word_hash(word: &[u8]) -> u64 {
    let mut hash = FNV_OFFSET;
    for &b in word {
        let seen = if b.is_ascii_digit() {
            b'0'
        } else {
            b.to_ascii_lowercase()
        };
        hash = (hash ^ u64::from(seen)).wrapping_mul(FNV_PRIME);
    }
    hash
}

/// The hash of two neighbouring words: not symmetric, so "not only" and
/// "only not" differ.
fn pair_hash(first: u64, second: u64) -> u64 {
    (first.rotate_left(23) ^ second).wrapping_mul(FNV_PRIME) ^ 0x7061_6972
}

/// The hash of a shape feature: a name starting with `#` (no word does) and
/// a small number.
fn shape_hash(name: &[u8], value: u64) -> u64 {
    pair_hash(word_hash(name), value)
}

/// The table slot of a hash: its top bits after a multiplicative mix, which
/// spreads FNV's weak low bits.
fn slot(hash: u64) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - BITS)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cues(text: &str) -> Vec<&'static str> {
        features(text, |_, _| {}).iter().map(Cue::name).collect()
    }

    fn words(text: &str) -> Vec<&str> {
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(word) = next_word(text, at) {
            at = word.end;
            found.push(&text[word]);
        }
        found
    }

    #[test]
    fn words_join_across_apostrophes_and_number_separators() {
        assert_eq!(
            words("It's 10,000 (1.5%) — Zoë's \"café\" in Bakı."),
            ["It's", "10,000", "1.5", "Zoë's", "café", "in", "Bakı"]
        );
    }

    #[test]
    fn every_cue_has_its_own_example() {
        for (text, cue) in [
            ("It happened on 25 December.", "date"),
            ("It happened on Dec. 25 in the end.", "date"),
            ("It happened on December 25, 2024.", "date"),
            ("It happened on 2024-12-25.", "date"),
            ("it was built in the 1990s.", "year"),
            ("it has 7 rooms.", "number"),
            ("it has several rooms.", "number-word"),
            ("it cost $5.", "amount"),
            ("it cost five euros.", "amount"),
            ("it cost 5 €.", "amount"),
            ("he called it \"a disgrace\" today.", "quotation"),
            ("he said it was over.", "attribution"),
            ("According to him, it was over.", "attribution"),
            ("it was the largest ever.", "comparison"),
            ("it went to Baku.", "named-actor"),
        ] {
            assert!(
                cues(text).contains(&cue),
                "{text:?} lacks {cue}: {:?}",
                cues(text)
            );
        }
    }

    #[test]
    fn capitalised_openers_and_months_are_not_names() {
        for text in [
            "All went well.",
            "Weeks passed.",
            "Voters stayed home.",
            "Expect shadow boxing.",
            "I think so.",
            "It happened in May.",
        ] {
            assert!(!cues(text).contains(&"named-actor"), "{text:?}");
        }
        assert!(cues("Then Aliyev spoke.").contains(&"named-actor"));
    }

    #[test]
    fn case_and_digits_do_not_change_a_word() {
        let slots = |text: &str| {
            let mut all = Vec::new();
            features(text, |slot, _| all.push(slot));
            all
        };
        assert_eq!(slots("Taxes rose in 1981"), slots("TAXES rose in 2024"));
        assert_ne!(slots("taxes rose"), slots("rose taxes"));
    }

    #[test]
    fn questions_end_in_a_question_mark_before_closers() {
        assert!(is_question("Is it \"true?\""));
        assert!(is_question("Is it (true?)"));
        assert!(!is_question("It is true."));
    }
}
