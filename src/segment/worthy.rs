//! The check-worthiness heuristic: does a sentence state something checkable?
//!
//! No regular expressions, because this runs on every sentence of every
//! article. One vectorised sweep of the sentence finds the cues that are
//! single bytes (digits, `$`, `%`, quote marks); one pass over its words finds
//! the rest. A word's end is found eight bytes at a time. The words of the
//! [`LEXICON`] sit in small hash tables built at compile time: a filter on a
//! word's length and first and last letters rules out most words that are
//! not listed, and a word that passes costs one hash and one integer
//! comparison however many lists it could be in. The common openers ("The",
//! "However") matter only for the first word and sit in a table of their
//! own, so the most frequent words of a sentence are misses like most others,
//! and the lookup's outcome stays predictable.

use std::fmt;

use serde::ser::{Serialize, SerializeSeq, Serializer};

/// The cues, in the order their names are reported.
const DATE: u16 = 1 << 0;
const YEAR: u16 = 1 << 1;
const NUMBER: u16 = 1 << 2;
const NUMBER_WORD_CUE: u16 = 1 << 3;
const AMOUNT_CUE: u16 = 1 << 4;
const QUOTATION: u16 = 1 << 5;
const ATTRIBUTION_CUE: u16 = 1 << 6;
const COMPARISON_CUE: u16 = 1 << 7;
const NAMED_ACTOR: u16 = 1 << 8;

const CUE_NAMES: [&str; 9] = [
    "date",
    "year",
    "number",
    "number-word",
    "amount",
    "quotation",
    "attribution",
    "comparison",
    "named-actor",
];

/// Every cue bit.
const CUES: u16 = (1 << CUE_NAMES.len()) - 1;

/// Lexicon flags beyond the cues: a month name ("December" before a day), an
/// abbreviated month ("Dec." before a day), and a common capitalised sentence
/// opener that is not a name ("The", "However").
const MONTH: u16 = 1 << 9;
const MONTH_ABBREVIATION: u16 = 1 << 10;
const OPENER: u16 = 1 << 11;

/// The words the heuristic knows, lowercase, with their flags. A word is
/// looked up with its first letter lowered, so "Said" counts like "said";
/// `MONTH` and `OPENER` count only when the word is capitalised.
const LEXICON: &[(&[u8], u16)] = &[
    (b"about", OPENER),
    (b"according", ATTRIBUTION_CUE),
    (b"accused", ATTRIBUTION_CUE),
    (b"admitted", ATTRIBUTION_CUE),
    (b"after", OPENER),
    (b"again", OPENER),
    (b"all", COMPARISON_CUE),
    (b"also", OPENER),
    (b"always", COMPARISON_CUE),
    (b"an", OPENER),
    (b"and", OPENER),
    (b"announced", ATTRIBUTION_CUE),
    (b"apr", MONTH_ABBREVIATION),
    (b"april", MONTH),
    (b"as", OPENER),
    (b"at", OPENER),
    (b"aug", MONTH_ABBREVIATION),
    (b"august", MONTH),
    (b"because", OPENER),
    (b"before", OPENER),
    (b"believes", ATTRIBUTION_CUE),
    (b"biggest", COMPARISON_CUE),
    (b"billion", NUMBER_WORD_CUE),
    (b"billions", NUMBER_WORD_CUE),
    (b"but", OPENER),
    (b"by", OPENER),
    (b"claimed", ATTRIBUTION_CUE),
    (b"claims", ATTRIBUTION_CUE),
    (b"confirmed", ATTRIBUTION_CUE),
    (b"dec", MONTH_ABBREVIATION),
    (b"december", MONTH),
    (b"decrease", COMPARISON_CUE),
    (b"decreased", COMPARISON_CUE),
    (b"denied", ATTRIBUTION_CUE),
    (b"dollar", AMOUNT_CUE),
    (b"dollars", AMOUNT_CUE),
    (b"double", NUMBER_WORD_CUE),
    (b"doubled", COMPARISON_CUE),
    (b"dozen", NUMBER_WORD_CUE),
    (b"dozens", NUMBER_WORD_CUE),
    (b"during", OPENER),
    (b"eight", NUMBER_WORD_CUE),
    (b"eighty", NUMBER_WORD_CUE),
    (b"eleven", NUMBER_WORD_CUE),
    (b"euro", AMOUNT_CUE),
    (b"euros", AMOUNT_CUE),
    (b"even", OPENER),
    (b"every", COMPARISON_CUE),
    (b"feb", MONTH_ABBREVIATION),
    (b"february", MONTH),
    (b"fell", COMPARISON_CUE),
    (b"fewer", COMPARISON_CUE),
    (b"fifty", NUMBER_WORD_CUE),
    (b"first", NUMBER_WORD_CUE),
    (b"five", NUMBER_WORD_CUE),
    (b"for", OPENER),
    (b"forty", NUMBER_WORD_CUE),
    (b"four", NUMBER_WORD_CUE),
    (b"from", OPENER),
    (b"half", NUMBER_WORD_CUE),
    (b"he", OPENER),
    (b"her", OPENER),
    (b"here", OPENER),
    (b"highest", COMPARISON_CUE),
    (b"his", OPENER),
    (b"however", OPENER),
    (b"hryvnia", AMOUNT_CUE),
    (b"hundred", NUMBER_WORD_CUE),
    (b"hundreds", NUMBER_WORD_CUE),
    (b"if", OPENER),
    (b"in", OPENER),
    (b"increase", COMPARISON_CUE),
    (b"increased", COMPARISON_CUE),
    (b"insisted", ATTRIBUTION_CUE),
    (b"instead", OPENER),
    (b"it", OPENER),
    (b"its", OPENER),
    (b"jan", MONTH_ABBREVIATION),
    (b"january", MONTH),
    (b"jul", MONTH_ABBREVIATION),
    (b"july", MONTH),
    (b"jun", MONTH_ABBREVIATION),
    (b"june", MONTH),
    (b"largest", COMPARISON_CUE),
    (b"later", OPENER),
    (b"less", COMPARISON_CUE),
    (b"lowest", COMPARISON_CUE),
    (b"majority", NUMBER_WORD_CUE),
    (b"manat", AMOUNT_CUE),
    (b"manats", AMOUNT_CUE),
    (b"many", NUMBER_WORD_CUE | OPENER),
    (b"mar", MONTH_ABBREVIATION),
    (b"march", MONTH),
    (b"may", MONTH),
    (b"meanwhile", OPENER),
    (b"million", NUMBER_WORD_CUE),
    (b"millions", NUMBER_WORD_CUE),
    (b"minority", NUMBER_WORD_CUE),
    (b"more", COMPARISON_CUE),
    (b"most", NUMBER_WORD_CUE | OPENER),
    (b"my", OPENER),
    (b"never", COMPARISON_CUE),
    (b"nine", NUMBER_WORD_CUE),
    (b"ninety", NUMBER_WORD_CUE),
    (b"no", COMPARISON_CUE | OPENER),
    (b"none", COMPARISON_CUE),
    (b"not", OPENER),
    (b"nov", MONTH_ABBREVIATION),
    (b"november", MONTH),
    (b"now", OPENER),
    (b"number", NUMBER_WORD_CUE),
    (b"oct", MONTH_ABBREVIATION),
    (b"october", MONTH),
    (b"of", OPENER),
    (b"on", OPENER),
    (b"once", OPENER),
    (b"one", NUMBER_WORD_CUE | OPENER),
    (b"only", COMPARISON_CUE | OPENER),
    (b"or", OPENER),
    (b"our", OPENER),
    (b"over", OPENER),
    (b"percent", AMOUNT_CUE),
    (b"pound", AMOUNT_CUE),
    (b"pounds", AMOUNT_CUE),
    (b"quarter", NUMBER_WORD_CUE),
    (b"record", COMPARISON_CUE),
    (b"reported", ATTRIBUTION_CUE),
    (b"reports", ATTRIBUTION_CUE),
    (b"rise", COMPARISON_CUE),
    (b"rose", COMPARISON_CUE),
    (b"rouble", AMOUNT_CUE),
    (b"roubles", AMOUNT_CUE),
    (b"ruble", AMOUNT_CUE),
    (b"rubles", AMOUNT_CUE),
    (b"said", ATTRIBUTION_CUE),
    (b"say", ATTRIBUTION_CUE),
    (b"says", ATTRIBUTION_CUE),
    (b"second", NUMBER_WORD_CUE),
    (b"sep", MONTH_ABBREVIATION),
    (b"sept", MONTH_ABBREVIATION),
    (b"september", MONTH),
    (b"seven", NUMBER_WORD_CUE),
    (b"seventy", NUMBER_WORD_CUE),
    (b"several", NUMBER_WORD_CUE),
    (b"sharp", COMPARISON_CUE),
    (b"sharply", COMPARISON_CUE),
    (b"she", OPENER),
    (b"since", OPENER),
    (b"six", NUMBER_WORD_CUE),
    (b"sixty", NUMBER_WORD_CUE),
    (b"smallest", COMPARISON_CUE),
    (b"so", OPENER),
    (b"some", OPENER),
    (b"stated", ATTRIBUTION_CUE),
    (b"still", OPENER),
    (b"ten", NUMBER_WORD_CUE),
    (b"that", OPENER),
    (b"the", OPENER),
    (b"their", OPENER),
    (b"then", OPENER),
    (b"there", OPENER),
    (b"these", OPENER),
    (b"they", OPENER),
    (b"third", NUMBER_WORD_CUE),
    (b"thirty", NUMBER_WORD_CUE),
    (b"this", OPENER),
    (b"those", OPENER),
    (b"though", OPENER),
    (b"thousand", NUMBER_WORD_CUE),
    (b"thousands", NUMBER_WORD_CUE),
    (b"three", NUMBER_WORD_CUE),
    (b"thus", OPENER),
    (b"to", OPENER),
    (b"today", OPENER),
    (b"told", ATTRIBUTION_CUE),
    (b"trillion", NUMBER_WORD_CUE),
    (b"trillions", NUMBER_WORD_CUE),
    (b"triple", NUMBER_WORD_CUE),
    (b"twelve", NUMBER_WORD_CUE),
    (b"twenty", NUMBER_WORD_CUE),
    (b"twice", NUMBER_WORD_CUE),
    (b"two", NUMBER_WORD_CUE),
    (b"under", OPENER),
    (b"until", OPENER),
    (b"we", OPENER),
    (b"what", OPENER),
    (b"when", OPENER),
    (b"where", OPENER),
    (b"whether", OPENER),
    (b"which", OPENER),
    (b"while", OPENER),
    (b"who", OPENER),
    (b"why", OPENER),
    (b"with", OPENER),
    (b"writes", ATTRIBUTION_CUE),
    (b"wrote", ATTRIBUTION_CUE),
    (b"yen", AMOUNT_CUE),
    (b"yet", OPENER),
    (b"you", OPENER),
];

/// Why a sentence is check-worthy: a set of cue names, serialised as a list
/// in a fixed order (`date`, `year`, `number`, `number-word`, `amount`,
/// `quotation`, `attribution`, `comparison`, `named-actor`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Reasons(u16);

impl Reasons {
    /// Whether no cue was found: the sentence is not check-worthy.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The number of cues found.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// Whether the cue called `name` was found.
    pub fn contains(self, name: &str) -> bool {
        self.iter().any(|n| n == name)
    }

    /// The cue names, in the fixed order.
    pub fn iter(self) -> impl Iterator<Item = &'static str> {
        CUE_NAMES
            .iter()
            .enumerate()
            .filter(move |&(bit, _)| self.0 & (1 << bit) != 0)
            .map(|(_, name)| *name)
    }
}

/// The names joined by ", ", as warnings show them.
impl fmt::Display for Reasons {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

impl Serialize for Reasons {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.len()))?;
        for name in self.iter() {
            seq.serialize_element(name)?;
        }
        seq.end()
    }
}

/// One word of a lexicon table: its first eight bytes packed into an
/// integer (little-endian, zero padded: word bytes are never zero, so the
/// padding cannot collide), its ninth byte or 0, and its flags. A `low` of 0
/// marks an empty slot.
#[derive(Clone, Copy)]
struct Entry {
    low: u64,
    high: u8,
    flags: u16,
}

const fn pack(word: &[u8]) -> (u64, u8) {
    let mut low = 0u64;
    let mut i = 0;
    while i < word.len() && i < 8 {
        low |= (word[i] as u64) << (8 * i);
        i += 1;
    }
    let high = if word.len() > 8 { word[8] } else { 0 };
    (low, high)
}

/// An open-addressing table of lexicon words, built at compile time, that
/// is probed without branching: a lookup reads `probes` slots from the
/// word's home slot and keeps the flags of the one that matches. Whether a
/// word is listed cannot be predicted, so a probe loop that stops at the
/// first match or empty slot mispredicts on a large share of words.
struct Table<const SIZE: usize> {
    entries: [Entry; SIZE],
    /// For each length from 2 to 9 and each first letter, the last letters
    /// of listed words, one bit per letter: most words are not listed, and
    /// this rules them out before they are hashed.
    ends: [[u32; 26]; 8],
    /// The odd multiplier that hashes a word to its home slot.
    multiplier: u64,
    /// One more than the longest distance of a word from its home slot.
    probes: usize,
}

impl<const SIZE: usize> Table<SIZE> {
    const fn home(multiplier: u64, low: u64, high: u8) -> usize {
        let mixed = low ^ ((high as u64) << 59) ^ (low >> 29);
        (mixed.wrapping_mul(multiplier) >> (64 - SIZE.trailing_zeros())) as usize
    }

    /// The words of the [`LEXICON`] with any of the flags in `keep`, with
    /// those flags only, hashed with `multiplier`.
    const fn build(keep: u16, multiplier: u64) -> Self {
        assert!(SIZE.is_power_of_two());
        let empty = Entry {
            low: 0,
            high: 0,
            flags: 0,
        };
        let mut entries = [empty; SIZE];
        let mut ends = [[0u32; 26]; 8];
        let mut probes = 1;
        let mut i = 0;
        while i < LEXICON.len() {
            let (word, flags) = LEXICON[i];
            i += 1;
            assert!(word.len() >= 2 && word.len() <= 9);
            if flags & keep == 0 {
                continue;
            }
            // Lexicon words are lowercase letters.
            assert!(word[0].is_ascii_lowercase() && word[word.len() - 1].is_ascii_lowercase());
            ends[word.len() - 2][(word[0] - b'a') as usize] |= 1 << (word[word.len() - 1] - b'a');
            let (low, high) = pack(word);
            let mut slot = Self::home(multiplier, low, high);
            let mut distance = 0;
            while entries[slot].low != 0 {
                assert!(entries[slot].low != low || entries[slot].high != high);
                slot = (slot + 1) % SIZE;
                distance += 1;
            }
            entries[slot] = Entry {
                low,
                high,
                flags: flags & keep,
            };
            if distance + 1 > probes {
                probes = distance + 1;
            }
        }
        Table {
            entries,
            ends,
            multiplier,
            probes,
        }
    }

    /// Whether `word` (ASCII letter first) may be listed, by its length and
    /// its first (lowered) and last letters; false for most words that are
    /// not.
    fn may_list(&self, word: &[u8]) -> bool {
        let (Some(&first), Some(&last)) = (word.first(), word.last()) else {
            return false;
        };
        let first = (first | 0x20).wrapping_sub(b'a');
        let last = last.wrapping_sub(b'a');
        let Some(by_first) = self.ends.get(word.len().wrapping_sub(2)) else {
            return false;
        };
        match by_first.get(usize::from(first)) {
            Some(ends) if last < 26 => ends >> last & 1 != 0,
            _ => false,
        }
    }

    /// The flags of the word at `bytes[start..end]`, looked up with its
    /// first byte lowered; 0 for words that are not listed.
    fn flags(&self, bytes: &[u8], start: usize, end: usize) -> u16 {
        let len = end - start;
        if !(2..=9).contains(&len) {
            return 0;
        }
        let mut low = load_eight(bytes, start) & (u64::MAX >> (64 - 8 * len.min(8)));
        if bytes[start].is_ascii_uppercase() {
            low |= 0x20;
        }
        let high = if len == 9 { bytes[start + 8] } else { 0 };
        let mut slot = Self::home(self.multiplier, low, high);
        let mut flags = 0;
        for _ in 0..self.probes {
            let entry = self.entries[slot];
            let matched = (entry.low == low) & (entry.high == high);
            flags |= entry.flags & 0u16.wrapping_sub(u16::from(matched));
            slot = (slot + 1) % SIZE;
        }
        flags
    }
}

/// The words that are cues or months, looked up for every word. The
/// multipliers were picked by a search that gives every word of today's
/// lexicon its own home slot, so one probe finds it (a test keeps it so); a
/// new word may take a second probe, which costs little.
static CUE_WORDS: Table<1024> = Table::build(!OPENER, 0x2a8f_3d25_ab1c_ae43);

/// The common openers, looked up only for a sentence's first word.
static OPENERS: Table<256> = Table::build(OPENER, 0xe31d_654a_e609_af55);

/// Eight bytes of `bytes` from `at` as a little-endian integer, zero padded
/// past the end.
fn load_eight(bytes: &[u8], at: usize) -> u64 {
    let mut eight = [0u8; 8];
    match bytes.get(at..at + 8) {
        Some(full) => eight.copy_from_slice(full),
        None => {
            let tail = &bytes[at..];
            eight[..tail.len()].copy_from_slice(tail);
        }
    }
    u64::from_le_bytes(eight)
}

/// The bytes that belong to words: ASCII letters and digits, and every byte
/// of a non-ASCII character (folded text has only ASCII spaces). A table
/// keeps a byte's test to one load.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || byte >= 0x80;
        b += 1;
    }
    table
};

fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// Every lane (byte) of a `u64` set to `byte`.
const fn lanes(byte: u8) -> u64 {
    0x0101_0101_0101_0101 * byte as u64
}

/// The high bit of each lane of `chunk` (eight bytes, little-endian) set
/// where that byte belongs to a word, as [`is_word_byte`] says.
///
/// The lanes are compared with additions that cannot carry from one lane
/// into the next: each lane is at most 0x7F before a constant of at most
/// 0x80 is added, so its high bit says "at least the limit".
fn word_lanes(chunk: u64) -> u64 {
    let ascii = chunk & lanes(0x7F);
    let at_least = |limit: u8, lane: u64| lane + lanes(0x80 - limit);
    let digit = at_least(b'0', ascii) & !at_least(b'9' + 1, ascii);
    let lowered = ascii | lanes(0x20);
    let letter = at_least(b'a', lowered) & !at_least(b'z' + 1, lowered);
    (digit | letter | chunk) & lanes(0x80)
}

/// The offset of the first byte from `at` on that is in no word (the text's
/// length if there is none). Eight bytes are looked at together: words
/// vary in length, and a loop that stops at each word's end mispredicts on
/// almost every word.
fn word_end(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&eight) = bytes.get(at..at + 8).and_then(<[u8]>::first_chunk::<8>) {
        let outside = !word_lanes(u64::from_le_bytes(eight)) & lanes(0x80);
        if outside != 0 {
            return at + (outside.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    // The last few bytes, one at a time: most words end before them.
    while at < bytes.len() && is_word_byte(bytes[at]) {
        at += 1;
    }
    at
}

fn is_year(word: &[u8]) -> bool {
    let digits = word.strip_suffix(b"s").unwrap_or(word);
    digits.len() == 4
        && digits.iter().all(u8::is_ascii_digit)
        && (b"1500".as_slice()..=b"2099".as_slice()).contains(&digits)
}

/// After a four-digit word, the rest of an ISO date: "-12-25".
fn is_iso_date_rest(rest: &[u8]) -> bool {
    rest.len() >= 6
        && rest[0] == b'-'
        && rest[3] == b'-'
        && rest[1..3].iter().chain(&rest[4..6]).all(u8::is_ascii_digit)
}

/// Whether `bytes` has a currency sign outside ASCII: `£` and `¥` (C2 A3,
/// C2 A5), `€` and `₽` (E2 82 AC, E2 82 BD). Found with memchr, because most
/// sentences have no such lead byte at all.
fn has_currency_sign(bytes: &[u8]) -> bool {
    memchr::memchr2_iter(0xC2, 0xE2, bytes).any(|at| match bytes[at] {
        0xC2 => matches!(bytes.get(at + 1), Some(0xA3 | 0xA5)),
        _ => bytes.get(at + 1) == Some(&0x82) && matches!(bytes.get(at + 2), Some(0xAC | 0xBD)),
    })
}

/// Whether a capitalised word with lexicon `flags`, followed by `after`, is
/// a month: a full name (also before the sentence's full stop, as in "on
/// 25 December."), or an abbreviated one before its full stop ("Dec. 25").
fn is_month(flags: u16, after: Option<u8>) -> bool {
    flags & MONTH != 0 || (after == Some(b'.') && flags & MONTH_ABBREVIATION != 0)
}

/// Whether folded sentence `text` states something checkable, and why.
///
/// The heuristic errs towards flagging, because a missed claim is worse than
/// an extra one. A sentence is check-worthy when it has at least one cue:
///
/// - `date`: a calendar date ("December 25, 2024", "25 Dec", "2024-12-25");
/// - `year`: a year from 1500 to 2099, or a decade ("1990s");
/// - `number`: any digit;
/// - `number-word`: a number or quantity word ("fifty", "hundreds", "first", "most");
/// - `amount`: a currency sign, a percentage or a currency word;
/// - `quotation`: a quoted passage of at least two characters;
/// - `attribution`: a reporting verb ("said", "according to", "writes");
/// - `comparison`: an absolute or comparative ("never", "only", "more", "sharply");
/// - `named-actor`: a capitalised name: any capitalised word after the first,
///   or a first word that is not a common opener ("Russia has …").
///
/// Questions are not claims: a sentence ending in `?` is never check-worthy
/// and has no reasons.
pub fn checkworthiness(text: &str) -> Reasons {
    let bytes = text.as_bytes();
    if is_question(bytes) {
        return Reasons::default();
    }
    let mut cues = 0u16;
    // Digits, signs and quote marks are found in one sweep of the whole
    // sentence, which the compiler vectorises, rather than byte by byte
    // between the words.
    let seen = SignsSeen::of(bytes);
    if seen.digit {
        cues |= NUMBER;
    }
    if seen.sign || (seen.non_ascii && has_currency_sign(bytes)) {
        cues |= AMOUNT_CUE;
    }
    if seen.quote && has_quotation(bytes) {
        cues |= QUOTATION;
    }
    let mut preceding = Preceding::default();
    let n = bytes.len();
    let mut i = 0;
    loop {
        while i < n && !is_word_byte(bytes[i]) {
            i += 1;
        }
        if i == n {
            break;
        }
        let start = i;
        i = word_end(bytes, i + 1);
        // An apostrophe inside a word ("it's", "Land's End") joins it.
        while i + 1 < n && bytes[i] == b'\'' && is_word_byte(bytes[i + 1]) {
            i = word_end(bytes, i + 2);
        }
        cues |= preceding.cues_of::<true>(text, start, i);
    }
    Reasons(cues)
}

/// What the words read so far say about the next one.
#[derive(Default)]
struct Preceding {
    /// The lexicon flags of the last word if it was capitalised (a month
    /// before a day: "December 25").
    month_flags: u16,
    /// The byte after the last word ("Dec." before a day).
    after: Option<u8>,
    /// Whether the last word was a number of one or two digits (a day
    /// before a month: "25 December").
    day: bool,
    /// Whether a word came before.
    any: bool,
}

impl Preceding {
    /// The cues of the word at `text[start..end]`; the word then precedes
    /// the next. A word that starts with a letter is looked up in the
    /// lexicon, after the filter ([`Table::may_list`]) when `FILTERED`.
    fn cues_of<const FILTERED: bool>(&mut self, text: &str, start: usize, end: usize) -> u16 {
        let bytes = text.as_bytes();
        let word = &bytes[start..end];
        let after = bytes.get(end).copied();
        let listed = |word: &[u8]| !FILTERED || CUE_WORDS.may_list(word);
        let mut cues = 0;
        let lead = word.first().copied().unwrap_or(b' ');
        if lead.is_ascii_lowercase() {
            // Most words: only their own cues count, and they are neither a
            // month nor a day for the next one.
            if listed(word) {
                cues |= CUE_WORDS.flags(bytes, start, end) & CUES;
            }
            self.month_flags = 0;
            self.day = false;
        } else if lead.is_ascii_digit() {
            if is_year(word) {
                cues |= YEAR;
            }
            if word.len() == 4 && is_iso_date_rest(&bytes[end..]) {
                cues |= DATE;
            }
            // "December 25", "Dec. 25", "July 2025"
            if word.len() <= 4 && is_month(self.month_flags, self.after) {
                cues |= DATE;
            }
            self.month_flags = 0;
            self.day = word.len() <= 2 && word.iter().all(u8::is_ascii_digit);
        } else {
            let flags = if lead.is_ascii_alphabetic() && listed(word) {
                CUE_WORDS.flags(bytes, start, end)
            } else {
                0
            };
            cues |= flags & CUES;
            let capitalised = if lead.is_ascii() {
                lead.is_ascii_uppercase()
            } else {
                text[start..].chars().next().is_some_and(char::is_uppercase)
            };
            if capitalised {
                // A capitalised opener is not a name ("The end came.").
                let opener = !self.any
                    && (word == b"A"
                        || (OPENERS.may_list(word) && OPENERS.flags(bytes, start, end) != 0));
                if word != b"I" && !opener {
                    cues |= NAMED_ACTOR;
                }
                // "25 December"
                if self.day && is_month(flags, after) {
                    cues |= DATE;
                }
                self.month_flags = flags;
            } else {
                self.month_flags = 0;
            }
            self.day = false;
        }
        self.after = after;
        self.any = true;
        cues
    }
}

/// Whether a sentence ends in `?`, before any closing quote marks and
/// brackets.
fn is_question(bytes: &[u8]) -> bool {
    let closers = bytes
        .iter()
        .rev()
        .take_while(|&&b| matches!(b, b'"' | b'\'' | b')' | b']'))
        .count();
    bytes[..bytes.len() - closers].last() == Some(&b'?')
}

/// Which kinds of byte a sentence has at all: a digit anywhere is the
/// `number` cue, and `$`, `%` and `"` are never part of a word, so none of
/// them needs to be seen word by word. Bytes outside ASCII only say whether
/// to look for the currency signs, which the sweep cannot tell apart.
struct SignsSeen {
    digit: bool,
    /// `$` or `%`.
    sign: bool,
    /// `"`.
    quote: bool,
    /// A byte of a character outside ASCII.
    non_ascii: bool,
}

impl SignsSeen {
    fn of(bytes: &[u8]) -> Self {
        let mut seen = SignsSeen {
            digit: false,
            sign: false,
            quote: false,
            non_ascii: false,
        };
        for &b in bytes {
            seen.digit |= b.wrapping_sub(b'0') < 10;
            seen.sign |= (b == b'$') | (b == b'%');
            seen.quote |= b == b'"';
            seen.non_ascii |= b >= 0x80;
        }
        seen
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn reasons(text: &str) -> Vec<&'static str> {
        checkworthiness(text).iter().collect()
    }

    #[test]
    fn checkworthiness_cues() {
        let found = reasons("On December 25, 2022, the plane crashed.");
        assert!(found.contains(&"date") && found.contains(&"year"));
        assert!(checkworthiness("However, is this possible?").is_empty());
        assert_eq!(
            reasons("Russia has once again shown its true face."),
            ["named-actor"]
        );
        assert!(checkworthiness("it is what it is.").is_empty());
    }

    #[test]
    fn every_cue_has_its_own_example() {
        for (text, cue) in [
            ("It happened on 25 December.", "date"),
            ("It happened on Dec. 25 in the end.", "date"),
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
            ("Baku is far.", "named-actor"),
        ] {
            assert!(reasons(text).contains(&cue), "{text:?} lacks {cue}");
        }
    }

    #[test]
    fn every_lexicon_word_is_found_in_one_probe() {
        assert_eq!((CUE_WORDS.probes, OPENERS.probes), (1, 1));
        for &(word, flags) in LEXICON {
            let text = std::str::from_utf8(word).unwrap_or_default();
            for written in [
                text.to_owned(),
                format!("{}{}", text[..1].to_uppercase(), &text[1..]),
            ] {
                let found = CUE_WORDS.flags(written.as_bytes(), 0, written.len())
                    | OPENERS.flags(written.as_bytes(), 0, written.len());
                assert_eq!(found, flags, "{written}");
                // The filters never rule a listed word out.
                assert!(flags & !OPENER == 0 || CUE_WORDS.may_list(written.as_bytes()));
                assert!(flags & OPENER == 0 || OPENERS.may_list(written.as_bytes()));
                // One letter more or less is another word.
                for other in [
                    format!("{written}s"),
                    written[..written.len() - 1].to_owned(),
                ] {
                    if !LEXICON
                        .iter()
                        .any(|(w, _)| w.eq_ignore_ascii_case(other.as_bytes()))
                    {
                        let found = CUE_WORDS.flags(other.as_bytes(), 0, other.len())
                            | OPENERS.flags(other.as_bytes(), 0, other.len());
                        assert_eq!(found, 0, "{other}");
                    }
                }
            }
        }
    }

    #[test]
    fn eight_bytes_are_classified_like_one_byte() {
        for byte in 0..=255u8 {
            for lane in 0..8 {
                let chunk = u64::from(byte) << (8 * lane) | lanes(b'x') & !(0xFF << (8 * lane));
                let high = word_lanes(chunk) >> (8 * lane + 7) & 1;
                assert_eq!(high == 1, is_word_byte(byte), "{byte:#x} in lane {lane}");
            }
        }
    }

    /// Words, signs and spaces that exercise every cue, apostrophes and
    /// the ends of a sentence.
    fn sentence() -> impl Strategy<Value = String> {
        let piece = prop::sample::select(vec![
            " ",
            " ",
            " ",
            "the",
            "The",
            "said",
            "Said",
            "SAID",
            "Dec",
            "December",
            "May",
            "25",
            "2024",
            "1990s",
            "2024-12-25",
            "It's",
            "'",
            "\"",
            "$",
            "%",
            ".",
            ",",
            "?",
            ")",
            "€",
            "£",
            "é",
            "Élan",
            "—",
            "A",
            "I",
            "x",
            "supercalifragilistic",
            "a1b2",
            "according",
            "hundreds",
            "ninety",
            "rose",
            "Rose",
            "roses",
            "ros",
        ]);
        prop::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        // No regression files beside the sources, as in tests/properties.rs.
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn news_like_text_agrees_with_the_byte_loop(text in sentence()) {
            prop_assert_eq!(checkworthiness(&text), byte_loop::checkworthiness(&text));
        }

        #[test]
        fn any_text_agrees_with_the_byte_loop(text in "\\PC{0,200}") {
            prop_assert_eq!(checkworthiness(&text), byte_loop::checkworthiness(&text));
        }
    }

    #[test]
    fn openers_months_and_case() {
        // A capitalised opener is not a name; the same word later is.
        assert!(!reasons("The end came.").contains(&"named-actor"));
        assert!(reasons("it was The End.").contains(&"named-actor"));
        assert!(!reasons("I am here.").contains(&"named-actor"));
        // Months count only capitalised, and abbreviations only with a stop.
        assert!(!reasons("you may 5 times.").contains(&"date"));
        assert!(!reasons("it was Dec 25 maybe.").contains(&"date"));
        assert!(reasons("it was May 5 then.").contains(&"date"));
        assert!(!reasons("it was MAY 5 then.").contains(&"date"));
        // Only the first letter is lowered for the lists.
        assert!(reasons("Said to be done.").contains(&"attribution"));
        assert!(!reasons("SAID to be done.").contains(&"attribution"));
        assert_eq!(checkworthiness("it was 2 hours.").to_string(), "number");
    }
}

/// The heuristic's scan as it was written before the sentence-wide sweep,
/// one byte at a time, with every word looked up unfiltered: the oracle the
/// faster scan is checked against. Both judge a word with
/// [`Preceding::cues_of`].
#[cfg(test)]
mod byte_loop {
    use super::*;

    pub fn checkworthiness(text: &str) -> Reasons {
        let trimmed = text.trim_end_matches(['"', '\'', ')', ']']);
        if trimmed.ends_with('?') {
            return Reasons::default();
        }
        let bytes = text.as_bytes();
        let mut cues = 0u16;
        if has_currency_sign(bytes) {
            cues |= AMOUNT_CUE;
        }
        let mut preceding = Preceding::default();
        let mut open_quote: Option<usize> = None;
        let mut i = 0;
        // One pass: punctuation cues between words, word cues on each word.
        while i < bytes.len() {
            let b = bytes[i];
            if !is_word_byte(b) {
                match b {
                    b'$' | b'%' => cues |= AMOUNT_CUE,
                    b'"' => match open_quote.take() {
                        Some(start) if i - start > 2 => cues |= QUOTATION,
                        Some(_) => {}
                        None => open_quote = Some(i),
                    },
                    _ => {}
                }
                i += 1;
                continue;
            }
            let start = i;
            let mut digits = false;
            loop {
                while let Some(&c) = bytes.get(i) {
                    if !is_word_byte(c) {
                        break;
                    }
                    digits |= c.is_ascii_digit();
                    i += 1;
                }
                // An apostrophe inside a word ("it's", "Land's End") joins it.
                if bytes.get(i) == Some(&b'\'')
                    && bytes.get(i + 1).is_some_and(|&n| is_word_byte(n))
                {
                    i += 1;
                } else {
                    break;
                }
            }
            if digits {
                cues |= NUMBER;
            }
            // Every word looked up, with no filter first.
            cues |= preceding.cues_of::<false>(text, start, i);
        }
        Reasons(cues)
    }
}
