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

/// The table has `1 << BITS` slots: 65,536, as good in cross-validation as
/// four times as many, and small enough to stay in cache.
pub const BITS: u32 = 16;

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
    pub const fn name(self) -> &'static str {
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
    /// Whether the set has no cue.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

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
// Inlined so that what `visit` adds up stays in a register: called through
// a pointer, the sum made a trip through memory on every feature.
#[inline(always)]
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
            let capitalised = if lead.is_ascii() {
                lead.is_ascii_uppercase()
            } else {
                starts_capitalised(&text[word.clone()])
            };
            let follows_stop = bytes.get(word.end) == Some(&b'.');
            // Every listed word has 3 to 9 ASCII letters ("may", "september").
            let listed = if (3..=9).contains(&token.len()) && lead.is_ascii_alphabetic() {
                listed(hash)
            } else {
                Listed::No
            };
            let mut weekday = false;
            match listed {
                Listed::Cue(cue) => cues.insert(cue),
                Listed::Month => month = capitalised,
                Listed::MonthAbbreviation => month = capitalised && follows_stop,
                Listed::Weekday => weekday = true,
                Listed::No => {}
            }
            if month && after_day {
                cues.insert(Cue::Date);
            }
            // The first word is capitalised anyway; "I" ("I'm") is no name,
            // nor are days and months.
            let me = token == b"I" || token.starts_with(b"I'");
            if capitalised && words > 0 && !me {
                capitals += 1;
                if !month && !weekday {
                    cues.insert(Cue::NamedActor);
                }
            }
        }
        after_month = month;
        after_day = day;
        words += 1;
    }

    // Signs are found by vectorised searches, most sentences having none.
    let amount = memchr::memchr2(b'$', b'%', bytes).is_some()
        || (!text.is_ascii() && text.contains(['£', '¥', '€', '₽']));
    if amount {
        cues.insert(Cue::Amount);
    }
    if has_quotation(bytes) {
        cues.insert(Cue::Quotation);
    }
    for cue in cues.iter() {
        visit(CUE_SLOTS[cue as usize], Origin::Cue(cue));
    }
    visit(WORDS_SLOTS[length_bucket(words)], Origin::Shape);
    visit(CAPITALS_SLOTS[capitals.min(4)], Origin::Shape);
    match final_mark(text) {
        Some('?') => visit(const { shape_slot(b"#question", 0) }, Origin::Shape),
        Some('!') => visit(const { shape_slot(b"#exclamation", 0) }, Origin::Shape),
        _ => {}
    }
    cues
}

/// Whether folded sentence `text` is a question: it ends in `?`, before any
/// closing quote marks and brackets.
pub fn is_question(text: &str) -> bool {
    final_mark(text) == Some('?')
}

/// The sentence's last character before closing quote marks and brackets
/// (folded text has straight quotes, but guillemets stay).
fn final_mark(text: &str) -> Option<char> {
    text.chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | ')' | ']' | ' ' | '»' | '›'))
}

/// The byte range of the first word at or after `at`: a run of letters and
/// digits, joined across an apostrophe ("it's") or a decimal point or comma
/// between digits ("1.5", "10,000").
// Inlined into `features`' loop: called once a word, the call and the
// range it returned cost about a quarter of finding the word.
#[inline(always)]
fn next_word(text: &str, mut at: usize) -> Option<Range<usize>> {
    let bytes = text.as_bytes();
    // Most text is ASCII: a byte at a time by table, and only characters
    // outside ASCII decoded (the table says no to each of their bytes).
    loop {
        let &b = bytes.get(at)?;
        if ASCII_WORD[usize::from(b)] || (b >= 0x80 && is_word_char_at(text, at)) {
            break;
        }
        at += utf8_len(b);
    }
    let start = at;
    loop {
        at += bytes[at..]
            .iter()
            .take_while(|&&b| ASCII_WORD[usize::from(b)])
            .count();
        if is_word_char_at(text, at) {
            at += utf8_len(bytes[at]);
            continue;
        }
        let joins = match bytes.get(at..at + 2) {
            Some(&[b'\'', _]) => is_word_char_at(text, at + 1),
            Some(&[b'.' | b',', next]) => bytes[at - 1].is_ascii_digit() && next.is_ascii_digit(),
            _ => false,
        };
        if !joins {
            return Some(start..at);
        }
        at += 1;
    }
}

/// Whether the character starting at byte `at` belongs to a word: an ASCII
/// letter or digit, or a letter or digit outside ASCII (decoded only then).
#[inline]
fn is_word_char_at(text: &str, at: usize) -> bool {
    let Some(&b) = text.as_bytes().get(at) else {
        return false;
    };
    if b < 0x80 {
        return ASCII_WORD[usize::from(b)];
    }
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphanumeric)
}

/// The ASCII letters and digits, by byte: one load instead of three ranges.
/// No byte of a character outside ASCII is one.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

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
    match word.as_bytes().first() {
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => word.chars().next().is_some_and(char::is_uppercase),
    }
}

/// What the short word lists say about a word.
#[derive(Debug, Clone, Copy)]
enum Listed {
    Cue(Cue),
    Month,
    MonthAbbreviation,
    Weekday,
    No,
}

/// The cue words, lowercase. They are features of their own as words;
/// listing them also names the cue in an explanation, and pools what the
/// model learns about rare ones ("hryvnia") with common ones ("dollars").
const CUE_WORDS: &[(Cue, &[&str])] = &[
    (
        Cue::Attribution,
        &[
            "according",
            "accused",
            "admitted",
            "announced",
            "believes",
            "claimed",
            "claims",
            "confirmed",
            "denied",
            "insisted",
            "reported",
            "reports",
            "said",
            "say",
            "says",
            "stated",
            "told",
            "writes",
            "wrote",
        ],
    ),
    (
        Cue::Comparison,
        &[
            "all",
            "always",
            "biggest",
            "decrease",
            "decreased",
            "doubled",
            "every",
            "fell",
            "fewer",
            "highest",
            "increase",
            "increased",
            "largest",
            "less",
            "lowest",
            "more",
            "never",
            "none",
            "only",
            "record",
            "rise",
            "rose",
            "sharply",
            "smallest",
        ],
    ),
    (
        Cue::NumberWord,
        &[
            "billion",
            "billions",
            "double",
            "dozen",
            "dozens",
            "eight",
            "eighty",
            "eleven",
            "fifty",
            "five",
            "forty",
            "four",
            "half",
            "hundred",
            "hundreds",
            "majority",
            "million",
            "millions",
            "minority",
            "nine",
            "ninety",
            "quarter",
            "seven",
            "seventy",
            "several",
            "six",
            "sixty",
            "ten",
            "thirty",
            "thousand",
            "thousands",
            "three",
            "trillion",
            "trillions",
            "triple",
            "twelve",
            "twenty",
            "twice",
            "two",
        ],
    ),
    (
        Cue::Amount,
        &[
            "dollar", "dollars", "euro", "euros", "hryvnia", "manat", "manats", "percent", "pound",
            "pounds", "rouble", "roubles", "ruble", "rubles", "yen",
        ],
    ),
];

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

const MONTH_ABBREVIATIONS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Slots of the table of listed words: a quarter full, so that looking up
/// a word that is not listed (most words) usually ends at the first slot.
const LISTED_SLOTS: usize = 512;

/// Every listed word by its [`word_hash`], in an open-addressing table
/// (hash 0 marks an empty slot) built at compile time: the hash is computed
/// for the model anyway, and case does not change it.
static LISTED: [(u64, Listed); LISTED_SLOTS] = {
    let mut table = [(0, Listed::No); LISTED_SLOTS];
    let mut i = 0;
    while i < CUE_WORDS.len() {
        let (cue, words) = CUE_WORDS[i];
        enter(&mut table, words, Listed::Cue(cue));
        i += 1;
    }
    enter(&mut table, MONTHS, Listed::Month);
    enter(&mut table, MONTH_ABBREVIATIONS, Listed::MonthAbbreviation);
    enter(&mut table, WEEKDAYS, Listed::Weekday);
    table
};

/// Enters `words` in `table` (which is [`LISTED`]) as `listed`.
const fn enter(table: &mut [(u64, Listed); LISTED_SLOTS], words: &[&str], listed: Listed) {
    let mut i = 0;
    while i < words.len() {
        // Only words of this length are looked up.
        assert!(
            matches!(words[i].len(), 3..=9),
            "a listed word has 3 to 9 letters"
        );
        let hash = word_hash(words[i].as_bytes());
        let mut at = home(hash);
        while table[at].0 != 0 {
            at = (at + 1) % LISTED_SLOTS;
        }
        table[at] = (hash, listed);
        i += 1;
    }
}

/// A hash's first slot in [`LISTED`].
const fn home(hash: u64) -> usize {
    (hash >> 55) as usize % LISTED_SLOTS
}

/// Whether `word` names a month (also abbreviated, as "Sept") or a day of
/// the week, in any case: the calendar words the cues know.
pub(in crate::segment) fn is_calendar_word(word: &str) -> bool {
    (3..=9).contains(&word.len())
        && matches!(
            listed(word_hash(word.as_bytes())),
            Listed::Month | Listed::MonthAbbreviation | Listed::Weekday
        )
}

/// What the lists ([`LISTED`]) say about the word with hash `hash`.
fn listed(hash: u64) -> Listed {
    let mut at = home(hash);
    loop {
        match LISTED[at] {
            (0, _) => return Listed::No,
            (h, listed) if h == hash => return listed,
            _ => at = (at + 1) % LISTED_SLOTS,
        }
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
fn length_bucket(words: usize) -> usize {
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

/// Multipliers of the hashes (odd, with well-mixed bits).
const MIX: u64 = 0x9e37_79b9_7f4a_7c15;
const MIX_PAIR: u64 = 0xc2b2_ae3d_27d4_eb4f;

/// The hash that stands for the sentence's start in the first pair.
const START: u64 = 0x5354_4152_545f_5f5f;

/// A byte as the model reads it: ASCII letters lowercased, every digit `0`,
/// everything else as it is.
static NORMAL: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = if byte.is_ascii_digit() {
            b'0'
        } else {
            byte.to_ascii_lowercase()
        };
        b += 1;
    }
    table
};

/// The hash of a word as the model reads it (see [`NORMAL`]): its bytes
/// packed eight at a time (the first byte lowest), each group mixed in with
/// one multiply. A `const fn` (hence the `while` loops), so that shape
/// features' slots are worked out at compile time.
#[inline]
const fn word_hash(word: &[u8]) -> u64 {
    let mut hash = (word.len() as u64).wrapping_mul(MIX);
    let mut start = 0;
    while start < word.len() {
        let mut group = 0u64;
        let mut i = 0;
        while i < 8 && start + i < word.len() {
            group |= (NORMAL[word[start + i] as usize] as u64) << (8 * i);
            i += 1;
        }
        hash = (hash ^ group).wrapping_mul(MIX);
        hash ^= hash >> 29;
        start += 8;
    }
    hash
}

/// The hash of two neighbouring words: not symmetric, so "not only" and
/// "only not" differ.
const fn pair_hash(first: u64, second: u64) -> u64 {
    let hash = (first.rotate_left(23) ^ second).wrapping_mul(MIX_PAIR);
    hash ^ hash >> 31
}

/// The slot of a shape feature: a cue's name or a name starting with `#`
/// (no word does), and a small number. Worked out at compile time (see
/// [`CUE_SLOTS`]) rather than by hashing the names again for every
/// sentence.
const fn shape_slot(name: &[u8], value: u64) -> usize {
    slot(pair_hash(word_hash(name), value))
}

/// The slots of shape feature `name` with the values `0..N`.
const fn shape_slots<const N: usize>(name: &[u8]) -> [usize; N] {
    let mut slots = [0; N];
    let mut value = 0;
    while value < N {
        slots[value] = shape_slot(name, value as u64);
        value += 1;
    }
    slots
}

/// The slot of each cue, by `cue as usize`.
const CUE_SLOTS: [usize; Cue::ALL.len()] = {
    let mut slots = [0; Cue::ALL.len()];
    let mut i = 0;
    while i < Cue::ALL.len() {
        let cue = Cue::ALL[i];
        slots[cue as usize] = shape_slot(cue.name().as_bytes(), 0);
        i += 1;
    }
    slots
};

/// The slots of the sentence's length, by [`length_bucket`].
const WORDS_SLOTS: [usize; 6] = shape_slots(b"#words");

/// The slots of the number of capitalised words past the first, 0 to 4
/// (and more).
const CAPITALS_SLOTS: [usize; 5] = shape_slots(b"#capitals");

/// The table slot of a hash: its top bits after one more multiplicative
/// mix, the best-mixed bits of a product.
const fn slot(hash: u64) -> usize {
    (hash.wrapping_mul(MIX) >> (64 - BITS)) as usize
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
            "Then I'm sure I'd go.",
            "It happened on Sunday.",
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
        assert!(is_question("Is it «true?»"));
        assert!(!is_question("It is true."));
    }
}
