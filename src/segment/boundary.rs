//! Sentence boundaries in a block of text.
//!
//! One pass over the bytes stops only at the few bytes that can matter
//! (`.`, `?`, `!`, `)` and the lead byte of `…`, `‽` and list bullets); every
//! candidate boundary is then judged by the rules below. Inline lists
//! ("1.) … 2.) …", "a. … b. …", "• … • …") are recognised in a second step,
//! from candidates the pass collected, so a lone "2." is never taken for one.

use std::ops::Range;

/// Abbreviations that introduce a name or a term and so never end a sentence
/// ("Dr. Smith", "Gen. Petraeus", "Mt. Fuji", "vs. Chelsea"), with the
/// military ranks in AP style ("Pfc. John Smith", "Spc. Ana Diaz").
const TITLES: &[&str] = &[
    "adm", "atty", "capt", "cf", "cmdr", "col", "cpl", "det", "dr", "ens", "fr", "ft", "gen",
    "gens", "gov", "hon", "insp", "jr", "lt", "maj", "messrs", "mr", "mrs", "ms", "mt", "pfc",
    "pres", "prof", "pt", "pvt", "rep", "reps", "rev", "sen", "sens", "sgt", "spc", "sr", "supt",
    "v", "vs",
];

/// Ranks whose first word is also an ordinary word ("the brig.", "Georgia
/// Tech."), so it is read as an abbreviation only before the rest of the
/// rank: "Brig. Gen. Mark Kimmitt", "Tech. Sgt. Ana Diaz".
const RANK_PAIRS: &[(&str, &str)] = &[("Brig", "Gen."), ("Tech", "Sgt.")];

/// Abbreviations normally followed by a number ("Jan. 5", "No. 7", "p. 55",
/// "N°. 1026"): never a sentence end before a digit, but one before a
/// capitalised word (`He said "no." Then …`).
const BEFORE_NUMBERS: &[&str] = &[
    "approx", "apr", "art", "aug", "ca", "ch", "dec", "ed", "eds", "est", "feb", "fig", "figs",
    "jan", "jul", "jun", "mar", "no", "nos", "nov", "n°", "nº", "oct", "op", "p", "para", "pp",
    "ref", "rs", "sec", "sep", "sept", "tel", "vol",
];

/// Abbreviations in legal citations that are followed by a number or a
/// section sign ("Ex. 1", "(5th Cir. 1981)", "Dkt. 45", "12 F. Supp. 2d",
/// "Stat. § 5"), judged as [`BEFORE_NUMBERS`] are. A list of their own, as
/// several are words too ("the app.It works" is still two sentences).
const CITATIONS: &[&str] = &[
    "app", "cir", "cl", "ct", "dkt", "doc", "ex", "exh", "id", "stat", "supp",
];

/// Words that only ever continue a citation, never start a sentence, so no
/// full stop before one ends a sentence: "5 Fed. App'x 33", "(Fed. Cir.)".
const CITATION_PARTS: &[&str] = &["App'x", "Appx.", "App’x", "Cir.", "Ct.", "Supp."];

/// Abbreviations that often end a sentence too ("… Pitt, Briggs & Co. It
/// closed."): a boundary only before a typical sentence opener.
const MAY_END: &[&str] = &[
    "al", "assn", "ave", "blvd", "bros", "co", "corp", "dept", "dist", "esq", "etc", "fri", "govt",
    "hr", "hrs", "inc", "llc", "ltd", "max", "min", "mins", "mon", "plc", "rd", "sat", "sq", "st",
    "sun", "thu", "thur", "thurs", "tue", "tues", "univ", "wed",
];

/// The AP style's abbreviations of U.S. states, except the initialisms
/// ("N.Y.", "W.Va.", judged as other initialisms are). A capitalised
/// word after one usually starts a sentence, since AP style puts a comma
/// after a state when the sentence goes on ("in Louisville, Ky., on
/// Monday"); but a dateline's state ("PRINCETON, Ky. (AP) — Police said …")
/// ends no sentence. Several are words too ("ill", "miss", "wash"): only
/// the capitalised form is a state.
const STATES: &[&str] = &[
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "ky",
    "la", "mass", "md", "mich", "minn", "miss", "mo", "mont", "neb", "nev", "okla", "ore", "pa",
    "tenn", "tex", "va", "vt", "wash", "wis", "wyo",
];

/// Whether `word` is in `list`: the word lists are kept sorted (a test
/// checks), so a lookup is a binary search, not a walk through the list.
fn listed(list: &[&str], word: &str) -> bool {
    list.binary_search(&word).is_ok()
}

/// Which list an abbreviation is on, in the order the lists are consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Abbreviation {
    Title,
    BeforeNumbers,
    MayEnd,
    State,
    Citation,
}

/// The abbreviation lists, in the order they are consulted: a word on two
/// lists belongs to the first.
const LISTS: [(&[&str], Abbreviation); 5] = [
    (TITLES, Abbreviation::Title),
    (BEFORE_NUMBERS, Abbreviation::BeforeNumbers),
    (MAY_END, Abbreviation::MayEnd),
    (STATES, Abbreviation::State),
    (CITATIONS, Abbreviation::Citation),
];

/// The length in bytes of the longest word on the abbreviation lists (a
/// test checks): a longer word, as most words ending a sentence are, is on
/// none of them, and is not looked up.
const LONGEST_ABBREVIATION: usize = 6;
const _: () = assert!(
    LONGEST_ABBREVIATION <= 8,
    "abbreviations are packed into a u64"
);

/// The list `word` (before its full stop) is on, ignoring case. Nearly
/// every full stop asks, so the abbreviations (none longer than
/// [`LONGEST_ABBREVIATION`], which fits in eight bytes) are looked up as
/// integers: one binary search over whole words packed into a `u64`, with
/// no string compared.
fn abbreviation(word: &str) -> Option<Abbreviation> {
    static TABLE: std::sync::LazyLock<Vec<(u64, Abbreviation)>> = std::sync::LazyLock::new(|| {
        let mut table: Vec<(u64, Abbreviation)> = Vec::new();
        for (list, kind) in LISTS {
            for entry in list {
                let key = packed(entry.as_bytes());
                if !table.iter().any(|(k, _)| *k == key) {
                    table.push((key, kind));
                }
            }
        }
        table.sort_unstable_by_key(|(key, _)| *key);
        table
    });
    if word.len() > LONGEST_ABBREVIATION {
        return None;
    }
    let key = if word.is_ascii() {
        let mut lower = [0u8; 8];
        lower[..word.len()].copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        u64::from_le_bytes(lower)
    } else {
        // "N°", or a letter whose lowercase is another length.
        let lower = word.to_lowercase();
        if lower.len() > 8 {
            return None;
        }
        packed(lower.as_bytes())
    };
    TABLE
        .binary_search_by_key(&key, |(k, _)| *k)
        .ok()
        .map(|i| TABLE[i].1)
}

/// Up to eight bytes as one integer (zero-padded, so lengths differ too).
fn packed(bytes: &[u8]) -> u64 {
    let mut word = [0u8; 8];
    let len = bytes.len().min(8);
    word[..len].copy_from_slice(&bytes[..len]);
    u64::from_le_bytes(word)
}

/// Names with an exclamation mark that is not a sentence end ("Yahoo! in …").
const BANG_NAMES: &[&str] = &["Jeopardy", "Joomla", "Oklahoma", "Wham", "Yahoo"];

/// Words that typically open a sentence, including the plural subjects that
/// open so many news sentences ("Officials said …"). After an ambiguous
/// abbreviation ("U.S.", "a.m.", "Inc.") a boundary is assumed only before
/// one of these.
const OPENERS: &[&str] = &[
    "A",
    "After",
    "Again",
    "Also",
    "Although",
    "An",
    "Analysts",
    "And",
    "Are",
    "As",
    "At",
    "Authorities",
    "Because",
    "Both",
    "But",
    "By",
    "Can",
    "Could",
    "Critics",
    "Democrats",
    "Did",
    "Do",
    "Doctors",
    "Does",
    "Each",
    "Even",
    "Every",
    "Experts",
    "For",
    "From",
    "Had",
    "Has",
    "Have",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "Investigators",
    "Investors",
    "Is",
    "It",
    "It's",
    "Its",
    "Last",
    "Later",
    "Lawmakers",
    "Let",
    "Many",
    "Markets",
    "May",
    "Meanwhile",
    "Might",
    "Most",
    "Must",
    "My",
    "Next",
    "No",
    "Not",
    "Now",
    "Officials",
    "On",
    "One",
    "Only",
    "Other",
    "Our",
    "Perhaps",
    "Please",
    "Police",
    "Prices",
    "Prosecutors",
    "Protesters",
    "Republicans",
    "Rescuers",
    "Researchers",
    "Residents",
    "Sales",
    "Scientists",
    "Shares",
    "She",
    "Should",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "That's",
    "The",
    "Their",
    "Then",
    "There",
    "There's",
    "These",
    "They",
    "This",
    "Those",
    "Thus",
    "To",
    "Today",
    "Troops",
    "Voters",
    "Was",
    "We",
    "Were",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "Will",
    "With",
    "Witnesses",
    "Would",
    "Yes",
    "Yesterday",
    "Yet",
    "You",
    "Your",
];

/// Finds the bytes where the scan stops: the terminals `.`, `?` and `!`,
/// `)`, and `0xE2`, the lead byte of the three-byte characters `…`, `‽`,
/// `•`, `⁃`, `‣`. Two SIMD searches (terminals; the other two) each keep
/// their next hit and search again only once the scan has passed it.
struct Scan<'a> {
    bytes: &'a [u8],
    terminal: Option<usize>,
    other: Option<usize>,
}

impl<'a> Scan<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Scan {
            bytes,
            terminal: memchr::memchr3(b'.', b'?', b'!', bytes),
            other: memchr::memchr2(b')', 0xE2, bytes),
        }
    }

    /// The first byte to stop at, at or after `from`.
    fn next_from(&mut self, from: usize) -> Option<usize> {
        let rest = self.bytes.get(from..).unwrap_or_default();
        if self.terminal.is_some_and(|at| at < from) {
            self.terminal = memchr::memchr3(b'.', b'?', b'!', rest).map(|at| from + at);
        }
        if self.other.is_some_and(|at| at < from) {
            self.other = memchr::memchr2(b')', 0xE2, rest).map(|at| from + at);
        }
        match (self.terminal, self.other) {
            (Some(t), Some(o)) => Some(t.min(o)),
            (found, None) | (None, found) => found,
        }
    }
}

/// `word` in lowercase, handed to `f`: short ASCII words (every word the
/// lists hold but two) are lowercased on the stack, without an allocation.
fn with_lowercase<R>(word: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0u8; 24];
    if word.is_ascii() && word.len() <= buffer.len() {
        let lower = &mut buffer[..word.len()];
        lower.copy_from_slice(word.as_bytes());
        lower.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(lower) {
            return f(lower);
        }
    }
    f(&word.to_lowercase())
}

/// A boundary: the sentence ends at `end`, the next starts at `next`.
#[derive(Debug, Clone, Copy)]
struct Cut {
    end: usize,
    next: usize,
    /// The full stop that made it, if one alone did.
    stop: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ListKind {
    /// "1. "
    NumberStop,
    /// "1) "
    NumberParen,
    /// "1.) "
    NumberStopParen,
    /// "a. "
    Letter,
    /// "• "
    Bullet,
}

/// A possible inline list marker.
#[derive(Debug, Clone, Copy)]
struct Marker {
    kind: ListKind,
    value: u32,
    start: usize,
    /// The marker's own full stop, which is then not a sentence end.
    stop: Option<usize>,
}

fn is_bullet(c: char) -> bool {
    matches!(c, '•' | '⁃' | '‣' | '◦' | '▪')
}

fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '»' | '›' | '“' | '‘'
    )
}

fn char_at(text: &str, at: usize) -> Option<char> {
    text.get(at..).and_then(|s| s.chars().next())
}

/// Whether `text` starts with a web address: `http://`, `https://` or
/// `www.`.
pub(super) fn is_web_address(text: &str) -> bool {
    ["http://", "https://", "www."]
        .iter()
        .any(|scheme| text.starts_with(scheme))
}

/// Splits `text` into sentence ranges (byte offsets, trimmed of white space).
///
/// A sentence ends at `.`, `?`, `!`, `…` or `‽` (and runs of them), followed
/// by any closing quotes or brackets, then white space and a character that
/// can start a sentence (not a lowercase letter). A full stop alone does not
/// end a sentence:
///
/// - after a title or rank ("Dr. Smith", "Pfc. John Smith", "Brig. Gen.
///   Mark Kimmitt", "Mt. Fuji") or an initial ("Jonas E. Smith");
/// - after an abbreviation that precedes numbers, before a number or a
///   section sign ("p. 55", "(5th Cir. 1981)", "Dkt. 45", "U.S.C. § 1983"),
///   and before a word that only continues a citation ("5 Fed. App'x 33");
/// - inside numbers, domains, e-mail addresses and initialisms ("3.5",
///   "OBOZ.ua", "U.S.A."), where no white space follows;
/// - after an ambiguous abbreviation ("U.S.", "a.m.", "Inc.", "etc."), unless
///   a typical sentence opener follows ("… in the U.S. How about you?");
/// - after a state in a dateline ("PRINCETON, Ky. (AP) — Police said …") or
///   before a bracket, dash or ZIP code ("Louisville, Ky. 40202");
/// - after a section's roman numeral before a heading in capitals ("II.
///   FACTUAL BACKGROUND The plaintiff …").
///
/// Spaced ellipses follow the usual style rules: three points (". . .") mark
/// an omission inside a sentence, four after a word end it, and "[...]" never
/// does. A full stop with no space before a capitalised word ends a sentence
/// when the word before it is an ordinary word ("world.Today"). Inline lists
/// ("1) … 2) …", "a. … b. …", "• … • …") start a sentence at every marker.
pub fn split(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut cuts: Vec<Cut> = Vec::new();
    let mut markers: Vec<Marker> = Vec::new();
    let mut scan = Scan::new(bytes);
    let mut i = 0;
    while let Some(at) = scan.next_from(i) {
        i = at;
        match bytes[i] {
            b')' => {
                paren_marker(text, i, &mut markers);
                i += 1;
            }
            0xE2 => {
                let c = char_at(text, i).unwrap_or(' ');
                if c == '…' || c == '‽' {
                    i = terminal(text, i, &mut cuts, &mut markers);
                } else {
                    if is_bullet(c) && (i == 0 || text[..i].ends_with(char::is_whitespace)) {
                        markers.push(Marker {
                            kind: ListKind::Bullet,
                            value: 0,
                            start: i,
                            stop: None,
                        });
                    }
                    i += c.len_utf8().max(1);
                }
            }
            _ => i = terminal(text, i, &mut cuts, &mut markers),
        }
    }
    apply_lists(text, &mut cuts, &markers);
    let mut out = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        if cut.end >= start {
            push_trimmed(&mut out, text, start..cut.end);
        }
        start = start.max(cut.next);
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

/// Judges the run of terminal marks starting at `at`; returns where to go on.
fn terminal(text: &str, at: usize, cuts: &mut Vec<Cut>, markers: &mut Vec<Marker>) -> usize {
    let bytes = text.as_bytes();
    let mut j = at;
    let mut stops = 0usize;
    let mut others = 0usize;
    let mut ellipsis_char = false;
    let mut spaced = false;
    loop {
        match bytes.get(j) {
            Some(b'.') => {
                stops += 1;
                j += 1;
            }
            Some(b'?' | b'!') => {
                others += 1;
                j += 1;
            }
            Some(0xE2) => match char_at(text, j) {
                Some('…') => {
                    ellipsis_char = true;
                    j += '…'.len_utf8();
                }
                Some('‽') => {
                    others += 1;
                    j += '‽'.len_utf8();
                }
                _ => break,
            },
            // ". . ." : a spaced ellipsis continues the run.
            Some(b' ')
                if stops > 0
                    && others == 0
                    && !ellipsis_char
                    && bytes.get(j + 1) == Some(&b'.') =>
            {
                spaced = true;
                j += 1;
            }
            _ => break,
        }
    }
    let run_end = j;
    let single_stop = stops == 1 && others == 0 && !ellipsis_char && run_end == at + 1;
    // Words are looked for only inside the current sentence: after a glued
    // boundary ("Tuesday.Mr.") the word before the next stop is "Mr".
    let floor = cuts.last().map_or(0, |c| c.next);
    let before = &text[floor.min(at)..at];
    if single_stop {
        list_marker(text, at, markers);
    }
    // "[...]" marks an omission, never an end.
    if before.ends_with('[') && bytes.get(run_end) == Some(&b']') {
        return run_end + 1;
    }
    while let Some(c) = char_at(text, j).filter(|&c| is_closer(c)) {
        j += c.len_utf8();
    }
    let next = j + first(&text[j..], |c| !c.is_whitespace());
    if next >= text.len() {
        return text.len(); // the block's end closes the last sentence
    }
    if next == j {
        if single_stop && glued_sentence(text, at, j) {
            cuts.push(Cut {
                end: j,
                next: j,
                stop: Some(at),
            });
        }
        return j.max(at + 1);
    }
    let next_word = word_at(&text[next..]);
    // A bare web address after a sentence stands on its own, lowercase
    // as it is: copied pages put sources that way.
    if next_word.starts_with(char::is_lowercase) && !is_web_address(&text[next..]) {
        return next;
    }
    // "compounds. . . .": a word's own full stop, then a spaced ellipsis.
    let attached =
        at > 0 && !bytes[at - 1].is_ascii_whitespace() && bytes.get(at + 1) == Some(&b' ');
    if spaced {
        match (stops, attached) {
            // "compounds. . . . The": the word's full stop ends the sentence and
            // the ellipsis opens the next one.
            (4.., true) => cuts.push(Cut {
                end: at + 1,
                next: at + 2,
                stop: None,
            }),
            (4.., false) => cuts.push(Cut {
                end: j,
                next,
                stop: None,
            }),
            // Three spaced points: an omission inside the sentence.
            _ => {}
        }
        return next;
    }
    let ends = if single_stop {
        stop_ends_sentence(before, next_word)
    } else if stops == 0 && others == 1 && bytes[at] == b'!' {
        // "Yahoo! Finance" keeps its exclamation mark inside the sentence.
        let word = last_word(before);
        !listed(BANG_NAMES, word) || is_opener(next_word)
    } else {
        true
    };
    if ends {
        cuts.push(Cut {
            end: j,
            next,
            stop: single_stop.then_some(at),
        });
    }
    next
}

/// A full stop with no space after it ends a sentence when an ordinary word
/// or number precedes it and a capitalised word follows: "world.Today".
fn glued_sentence(text: &str, at: usize, after: usize) -> bool {
    let bytes = text.as_bytes();
    let (Some(&next), Some(&next2)) = (bytes.get(after), bytes.get(after + 1)) else {
        return false;
    };
    if after != at + 1 || !next.is_ascii_uppercase() || !next2.is_ascii_lowercase() {
        return false;
    }
    let word = last_word(&text[..at]);
    let last = word.bytes().last().unwrap_or(b' ');
    if matches!(
        abbreviation(word),
        Some(Abbreviation::Title | Abbreviation::BeforeNumbers)
    ) {
        return false; // "Mr.Smith"
    }
    // "Jane.Doe@example.com", "example.Com/page": an address, not two sentences.
    let following = word_at(&text[after..]).trim_end_matches(|c: char| !c.is_alphanumeric());
    word.len() >= 2
        && !following.contains(['.', '@', '/'])
        && (last.is_ascii_lowercase() || last.is_ascii_digit())
        && !word.contains(['.', '@', '/', ':'])
        && !word.eq_ignore_ascii_case("www")
}

/// Where the last character of `text` for which `stop` holds ends (0 if
/// there is none).
///
/// This and [`first`] walk ASCII text byte by byte, as nearly every word
/// near a boundary is, and decode characters only from the first byte of
/// another character on: a byte below 0x80 is a whole character, so they
/// give the answer of a search by characters.
fn after_last(text: &str, stop: impl Fn(char) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(&b) = end.checked_sub(1).and_then(|i| bytes.get(i)) {
        if b >= 0x80 {
            // `end` follows a whole character, so it is a boundary.
            return text[..end]
                .rfind(&stop)
                .map_or(0, |i| i + char_at(text, i).map_or(1, char::len_utf8));
        }
        if stop(char::from(b)) {
            return end;
        }
        end -= 1;
    }
    0
}

/// Where the first character of `text` for which `stop` holds starts (the
/// text's length if there is none); see [`after_last`].
fn first(text: &str, stop: impl Fn(char) -> bool) -> usize {
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if b >= 0x80 {
            return text[i..].find(&stop).map_or(text.len(), |k| i + k);
        }
        if stop(char::from(b)) {
            return i;
        }
    }
    text.len()
}

/// The word ending `before`, without opening quotes or brackets.
fn last_word(before: &str) -> &str {
    let start = after_last(before, |c| {
        c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '‘' | '\'' | '«')
    });
    &before[start..]
}

/// The word starting `text`, up to white space.
fn word_at(text: &str) -> &str {
    &text[..first(text, char::is_whitespace)]
}

fn is_opener(word: &str) -> bool {
    let bare = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
    listed(OPENERS, bare)
}

/// Whether a single full stop after `before` ends the sentence, given the
/// next word (which does not start with a lowercase letter).
fn stop_ends_sentence(before: &str, next: &str) -> bool {
    let word = last_word(before);
    if word.is_empty() {
        return true;
    }
    if continues_citation(next) {
        return false;
    }
    // "II. FACTUAL BACKGROUND The plaintiff …": a section's numeral opening
    // a sentence, before a heading in capitals, is no sentence of its own
    // (but "World War II. THE END" is two).
    if is_roman_numeral(word) && before.trim_start().len() == word.len() && in_capitals(next) {
        return false;
    }
    // An initialism with inner stops: "U.S", "a.m", "Ph.D", "e.g".
    if word.contains('.') {
        let initialism = word
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
        if !initialism {
            return true; // a number, domain or file name: "100.00", "OBOZ.ua"
        }
        return with_lowercase(word, |lower| match lower {
            "e.g" | "i.e" | "viz" => false,
            // "6 P.M. Mr. Smith": capitals mark the end of a time.
            "a.m" | "p.m" if word.chars().all(|c| c.is_uppercase() || c == '.') => {
                next.starts_with(char::is_uppercase)
            }
            // "ALBANY, N.Y. Police said …": a dateline's state.
            _ => is_opener(next) && !in_dateline(before, word),
        });
    }
    let mut chars = word.chars();
    if let (Some(letter), None) = (chars.next(), chars.next())
        && letter.is_alphabetic()
    {
        if letter.is_uppercase() {
            // An initial ("Jonas E. Smith"), unless a lowercase word precedes it
            // and a sentence opener follows ("you and I. Did you …").
            let earlier = last_word(before[..before.len() - word.len()].trim_end());
            return earlier.starts_with(char::is_lowercase) && is_opener(next);
        }
        if letter == 'p' {
            return !starts_with_number(next);
        }
        return is_opener(next);
    }
    match abbreviation(word) {
        Some(Abbreviation::Title) => false,
        Some(Abbreviation::BeforeNumbers | Abbreviation::Citation) => !starts_with_number(next),
        Some(Abbreviation::MayEnd) => is_opener(next),
        Some(Abbreviation::State) if word.starts_with(char::is_uppercase) => {
            // "PRINCETON, Ky. (AP) — …", "SAN DIEGO, Calif. — …", and a ZIP
            // code: "Louisville, Ky. 40202".
            let goes_on = next.starts_with(['(', '—', '–', '-']) || starts_with_number(next);
            !goes_on && !in_dateline(before, word)
        }
        Some(Abbreviation::State) => true, // "He felt ill. The …"
        None => !rank_pair(word, next),
    }
}

/// Whether `next` starts with a number, or with a section or paragraph sign
/// before one ("U.S.C. § 1983").
fn starts_with_number(next: &str) -> bool {
    next.as_bytes().first().is_some_and(u8::is_ascii_digit) || next.starts_with(['§', '¶'])
}

/// Whether `next` only ever continues a citation ([`CITATION_PARTS`]). Nearly
/// every word fails the test of its last byte, which compares no strings.
fn continues_citation(next: &str) -> bool {
    matches!(next.as_bytes().last(), Some(b'.' | b'x')) && CITATION_PARTS.contains(&next)
}

/// Whether `word` and `next` make a rank of [`RANK_PAIRS`] ("Brig. Gen.").
/// Most words before a full stop are in lowercase, and fail the first test.
fn rank_pair(word: &str, next: &str) -> bool {
    word.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
        && RANK_PAIRS.contains(&(word, next))
}

/// Whether `word`, the last word of the sentence so far (`before`), ends a
/// dateline's place: a city in capitals, a comma and `word`, as in
/// "PRINCETON, Ky" or "ST. LOUIS, Mo". Only then does a state's full stop
/// stand before a capitalised word that is no sentence start.
fn in_dateline(before: &str, word: &str) -> bool {
    let place = before[..before.len() - word.len()].trim_end();
    let Some(city) = place.strip_suffix(',') else {
        return false;
    };
    city.bytes().any(|b| b.is_ascii_uppercase()) && !city.chars().any(char::is_lowercase)
}

/// The roman numerals from I to XX, as sections are numbered.
const ROMAN_NUMERALS: &[&str] = &[
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII", "XVIII", "XIX", "XX",
];

fn is_roman_numeral(word: &str) -> bool {
    matches!(word.as_bytes().first(), Some(b'I' | b'V' | b'X')) && ROMAN_NUMERALS.contains(&word)
}

/// Whether `word` is written in capitals, as a heading is: two letters or
/// more and none of them lowercase ("FACTUAL", "BACKGROUND:", "U.S.").
fn in_capitals(word: &str) -> bool {
    let mut letters = 0;
    for c in word.chars().filter(|c| c.is_alphabetic()) {
        if !c.is_uppercase() {
            return false;
        }
        letters += 1;
    }
    letters >= 2
}

/// Records "1." or "a." (after white space or at the start) as a possible
/// list marker; `at` is the full stop.
fn list_marker(text: &str, at: usize, markers: &mut Vec<Marker>) {
    let after = text.as_bytes().get(at + 1);
    let paren = after == Some(&b')');
    let followed = if paren {
        text.as_bytes().get(at + 2)
    } else {
        after
    };
    if !followed.is_some_and(u8::is_ascii_whitespace) {
        return;
    }
    let before = &text[..at];
    let token_start = after_last(before, char::is_whitespace);
    let token = &before[token_start..];
    let label = token.trim_start_matches(is_bullet);
    let (kind, value) =
        if !label.is_empty() && label.len() <= 2 && label.bytes().all(|b| b.is_ascii_digit()) {
            let kind = if paren {
                ListKind::NumberStopParen
            } else {
                ListKind::NumberStop
            };
            (kind, label.parse().unwrap_or(0))
        } else if !paren && label.len() == 1 && label.bytes().all(|b| b.is_ascii_lowercase()) {
            (ListKind::Letter, u32::from(label.as_bytes()[0]))
        } else {
            return;
        };
    markers.push(Marker {
        kind,
        value,
        start: token_start,
        stop: Some(at),
    });
}

/// Records "1)" (after white space or at the start) as a possible marker.
fn paren_marker(text: &str, at: usize, markers: &mut Vec<Marker>) {
    if !text
        .as_bytes()
        .get(at + 1)
        .is_some_and(u8::is_ascii_whitespace)
    {
        return;
    }
    let before = &text[..at];
    let token_start = after_last(before, char::is_whitespace);
    let label = before[token_start..].trim_start_matches(is_bullet);
    if !label.is_empty() && label.len() <= 2 && label.bytes().all(|b| b.is_ascii_digit()) {
        markers.push(Marker {
            kind: ListKind::NumberParen,
            value: label.parse().unwrap_or(0),
            start: token_start,
            stop: None,
        });
    }
}

/// Turns list markers that form a sequence (1, 2 or a, b, or two bullets)
/// into sentence starts, and their own full stops into non-boundaries.
fn apply_lists(text: &str, cuts: &mut Vec<Cut>, markers: &[Marker]) {
    if markers.len() < 2 {
        return;
    }
    let mut valid = vec![false; markers.len()];
    for kind in [
        ListKind::NumberStop,
        ListKind::NumberParen,
        ListKind::NumberStopParen,
        ListKind::Letter,
        ListKind::Bullet,
    ] {
        let same: Vec<usize> = (0..markers.len())
            .filter(|&i| markers[i].kind == kind)
            .collect();
        for pair in same.windows(2) {
            let (a, b) = (markers[pair[0]], markers[pair[1]]);
            if kind == ListKind::Bullet || a.value + 1 == b.value {
                valid[pair[0]] = true;
                valid[pair[1]] = true;
            }
        }
    }
    if !valid.contains(&true) {
        return;
    }
    let own_stops: Vec<usize> = markers
        .iter()
        .zip(&valid)
        .filter(|(_, v)| **v)
        .filter_map(|(m, _)| m.stop)
        .collect();
    cuts.retain(|c| c.stop.is_none_or(|s| !own_stops.contains(&s)));
    for (m, _) in markers.iter().zip(&valid).filter(|(_, v)| **v) {
        let before = text[..m.start].trim_end();
        // A bullet right before a numbered marker already starts the sentence.
        if before.is_empty() || before.ends_with(is_bullet) {
            continue;
        }
        cuts.push(Cut {
            end: before.len(),
            next: m.start,
            stop: None,
        });
    }
    cuts.sort_by_key(|c| (c.next, c.end));
    cuts.dedup_by_key(|c| c.next);
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        // No regression files beside the sources, as in tests/properties.rs.
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// The byte-wise helpers agree with the character-based searches
        /// they stand for.
        #[test]
        fn word_helpers_agree_with_character_searches(
            text in prop_oneof![any::<String>(), "[ a.\\t\\x0b\\n(\\[\"'“‘«é\\u{a0}\\u{2003}]{0,12}"]
        ) {
            let after = |i: usize| i + char_at(&text, i).map_or(1, char::len_utf8);
            let word_start = text
                .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '‘' | '\'' | '«'))
                .map_or(0, after);
            prop_assert_eq!(last_word(&text), &text[word_start..]);
            prop_assert_eq!(
                after_last(&text, char::is_whitespace),
                text.rfind(char::is_whitespace).map_or(0, after)
            );
            prop_assert_eq!(
                first(&text, |c| !c.is_whitespace()),
                text.len() - text.trim_start().len()
            );
            let end = text.find(char::is_whitespace).unwrap_or(text.len());
            prop_assert_eq!(word_at(&text), &text[..end]);
        }
    }

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn a_bare_web_address_after_a_sentence_stands_alone() {
        assert_eq!(
            sentences("The BBC issued its own report. http://www.bbc.co.uk/news/41720305"),
            [
                "The BBC issued its own report.",
                "http://www.bbc.co.uk/news/41720305"
            ]
        );
        assert_eq!(
            sentences("See the list. www.example.org has more."),
            ["See the list.", "www.example.org has more."]
        );
        // An ordinary lowercase word still continues the sentence.
        assert_eq!(sentences("It cost 5 p. each."), ["It cost 5 p. each."]);
    }

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        for list in [
            TITLES,
            BEFORE_NUMBERS,
            MAY_END,
            STATES,
            CITATIONS,
            CITATION_PARTS,
            BANG_NAMES,
            OPENERS,
        ] {
            assert!(
                list.windows(2).all(|pair| pair[0] < pair[1]),
                "unsorted or repeated entry in a list starting {:?}",
                list[0]
            );
        }
        assert!(listed(TITLES, "dr") && listed(OPENERS, "It's") && !listed(MAY_END, "dr"));
        for (list, kind) in LISTS {
            for entry in list {
                assert!(entry.len() <= LONGEST_ABBREVIATION, "{entry}");
                assert_eq!(abbreviation(entry), Some(kind), "{entry}");
                assert_eq!(abbreviation(&entry.to_uppercase()), Some(kind), "{entry}");
            }
        }
        assert_eq!(abbreviation("said"), None);
        assert_eq!(abbreviation("Government"), None);
    }

    #[test]
    fn titles_initials_and_times() {
        assert_eq!(
            sentences("Mr. Smith met Dr. Jones on St. Mark's Day. They left at 5 p.m. on Jan. 5."),
            [
                "Mr. Smith met Dr. Jones on St. Mark's Day.",
                "They left at 5 p.m. on Jan. 5."
            ]
        );
        assert_eq!(
            sentences(
                "At 5 a.m. Mr. Smith went to the bank. He left the bank at 6 P.M. Mr. Smith then went to the store."
            ),
            [
                "At 5 a.m. Mr. Smith went to the bank.",
                "He left the bank at 6 P.M.",
                "Mr. Smith then went to the store."
            ]
        );
        assert_eq!(
            sentences(
                "The U.S. economy grew. J. R. R. Tolkien wrote it. Gen. Smith and Lt. Col. Jones spoke."
            ),
            [
                "The U.S. economy grew.",
                "J. R. R. Tolkien wrote it.",
                "Gen. Smith and Lt. Col. Jones spoke."
            ]
        );
        assert_eq!(
            sentences("I can see Mt. Fuji from here."),
            ["I can see Mt. Fuji from here."]
        );
    }

    #[test]
    fn military_ranks_before_names() {
        assert_eq!(
            sentences(
                "Pfc. John Smith and Spc. Ana Diaz were hurt. Sgt. Lee and Sgt. Maj. Ron Hall \
                 helped. Brig. Gen. Mark Kimmitt, Tech. Sgt. Jo Ray and Ens. Al Poe spoke."
            ),
            [
                "Pfc. John Smith and Spc. Ana Diaz were hurt.",
                "Sgt. Lee and Sgt. Maj. Ron Hall helped.",
                "Brig. Gen. Mark Kimmitt, Tech. Sgt. Jo Ray and Ens. Al Poe spoke."
            ]
        );
        // The first word of a two-word rank is an ordinary word elsewhere.
        assert_eq!(
            sentences(
                "They put him in the brig. Gen. Smith agreed. She studied at Georgia Tech. Then she enlisted."
            ),
            [
                "They put him in the brig.",
                "Gen. Smith agreed.",
                "She studied at Georgia Tech.",
                "Then she enlisted."
            ]
        );
        // A rank's name still ends a sentence.
        assert_eq!(
            sentences("The medal went to Pfc. John Smith. Smith was 19."),
            ["The medal went to Pfc. John Smith.", "Smith was 19."]
        );
    }

    #[test]
    fn states_in_datelines_and_addresses() {
        assert_eq!(
            sentences("PRINCETON, Ky. (AP) — Police said a man was shot. He lived."),
            [
                "PRINCETON, Ky. (AP) — Police said a man was shot.",
                "He lived."
            ]
        );
        for dateline in [
            "ALBANY, N.Y. (AP) — The governor said no.",
            "SAN DIEGO, Calif. — The Navy said Tuesday it would act.",
            "ST. LOUIS, Mo. Police said Tuesday the man fled.",
            "CHARLESTON, W.Va. Officials said the water was safe.",
            "The plant is in Louisville, Ky., on the river.",
            "Write to 100 Main St., Louisville, Ky. 40202 for a copy.",
        ] {
            assert_eq!(sentences(dateline), [dateline]);
        }
        // Outside a dateline a capitalised word after a state starts a
        // sentence, and the words among the states still end one.
        assert_eq!(
            sentences(
                "She moved to a town in Kentucky, Ky. Then she left. He moved to Louisville, Ky. \
                 The city is big. He felt ill. The doctor came. He went to Mass. Fr. Ray spoke."
            ),
            [
                "She moved to a town in Kentucky, Ky.",
                "Then she left.",
                "He moved to Louisville, Ky.",
                "The city is big.",
                "He felt ill.",
                "The doctor came.",
                "He went to Mass.",
                "Fr. Ray spoke."
            ]
        );
        assert_eq!(
            sentences("He lives in Albany, N.Y. Police said he fled."),
            ["He lives in Albany, N.Y.", "Police said he fled."]
        );
    }

    #[test]
    fn legal_citations_before_numbers() {
        for citation in [
            "See Ex. 1 at 4 and Exh. 2.",
            "The court agreed (5th Cir. 1981).",
            "Case No. 12 was filed.",
            "Smith v. Jones, 12 F. Supp. 2d 345 (S.D.N.Y. 1999).",
            "Brown, 5 Fed. App'x 33 (Fed. Cir. 2001).",
            "See 42 U.S.C. § 1983 and 90 Stat. 2541.",
            "Id. at 5.",
            "Dkt. 45 and Doc. 12 are sealed.",
            "App. 3 shows it, as do Art. 5, Sec. 4, para. 3 and ch. 7.",
            "It cited 28 U.S.C. § 1331, as 5 S. Ct. 7 held.",
        ] {
            assert_eq!(sentences(citation), [citation]);
        }
        // Before a capitalised word they end a sentence as other words do.
        assert_eq!(
            sentences(
                "The judge cited Id. The appeal failed. I love this app. It works. Rates are set by the Fed. The bank said so."
            ),
            [
                "The judge cited Id.",
                "The appeal failed.",
                "I love this app.",
                "It works.",
                "Rates are set by the Fed.",
                "The bank said so."
            ]
        );
        assert_eq!(
            sentences("I love this app.It works."),
            ["I love this app.", "It works."]
        );
    }

    #[test]
    fn roman_numerals_of_headings_in_running_text() {
        assert_eq!(
            sentences(
                "II. FACTUAL BACKGROUND The plaintiff sued. The defendant moved to dismiss. \
                 III. DISCUSSION The court agrees. IV. CONCLUSION: The motion is denied."
            ),
            [
                "II. FACTUAL BACKGROUND The plaintiff sued.",
                "The defendant moved to dismiss.",
                "III. DISCUSSION The court agrees.",
                "IV. CONCLUSION: The motion is denied."
            ]
        );
        // A numeral ending a sentence, even before capitals.
        assert_eq!(
            sentences(
                "He fought in World War II. The war ended in 1945. Then came Henry VIII. \
                 THE END came later."
            ),
            [
                "He fought in World War II.",
                "The war ended in 1945.",
                "Then came Henry VIII.",
                "THE END came later."
            ]
        );
    }

    #[test]
    fn the_pronoun_i_can_end_a_sentence() {
        assert_eq!(
            sentences("We make a good team, you and I. Did you see Albert I. Jones yesterday?"),
            [
                "We make a good team, you and I.",
                "Did you see Albert I. Jones yesterday?"
            ]
        );
    }

    #[test]
    fn closing_quotes_and_brackets_stay_with_their_sentence() {
        assert_eq!(
            sentences("He said “no.” Then he left. (It was late.) She stayed!"),
            [
                "He said “no.”",
                "Then he left.",
                "(It was late.)",
                "She stayed!"
            ]
        );
        assert_eq!(
            sentences("She turned to him, \"This is great.\" she said."),
            ["She turned to him, \"This is great.\" she said."]
        );
    }

    #[test]
    fn a_quoted_question_or_exclamation_inside_a_sentence() {
        for text in [
            "He signed the statement, \"DO YOU NEED A LAWYER?\" and gave it back.",
            "He signed the statement, “DO YOU NEED A LAWYER?” and gave it back.",
            "He signed the form “DO YOU NEED A LAWYER?”, then left.",
            "He read 'Who Goes There?' to us and ‘Help!’ too.",
            "She shouted, \"Stop!\", and ran; he watched «Qui?» again.",
            "He asked \"why?!\" and (\"really?\") only once.",
        ] {
            assert_eq!(sentences(text), [text]);
        }
        assert_eq!(
            sentences("He asked, \"Are you coming?\" She said no. “Stop!” He ran."),
            [
                "He asked, \"Are you coming?\"",
                "She said no.",
                "“Stop!”",
                "He ran."
            ]
        );
    }

    #[test]
    fn numbers_money_and_versions() {
        assert_eq!(
            sentences(
                "The economy grew 3.5%. Next year it fell to 2.1. She has $100.00. Version 2.0.1 shipped."
            ),
            [
                "The economy grew 3.5%.",
                "Next year it fell to 2.1.",
                "She has $100.00.",
                "Version 2.0.1 shipped."
            ]
        );
        assert_eq!(
            sentences("You can find it at N°. 1026.253.553. That is where the treasure is."),
            [
                "You can find it at N°. 1026.253.553.",
                "That is where the treasure is."
            ]
        );
    }

    #[test]
    fn questions_exclamations_and_names_with_a_bang() {
        assert_eq!(
            sentences("Really?! Yes... I think so."),
            ["Really?!", "Yes...", "I think so."]
        );
        assert_eq!(
            sentences("Wait... what happened?"),
            ["Wait... what happened?"]
        );
        assert_eq!(
            sentences("She works at Yahoo! in the accounting department. Yahoo! Finance grew."),
            [
                "She works at Yahoo! in the accounting department.",
                "Yahoo! Finance grew."
            ]
        );
    }

    #[test]
    fn ambiguous_abbreviations_end_only_before_an_opener() {
        assert_eq!(
            sentences(
                "I live in the U.S. How about you? I work for the U.S. Government in Virginia."
            ),
            [
                "I live in the U.S.",
                "How about you?",
                "I work for the U.S. Government in Virginia."
            ]
        );
        assert_eq!(
            sentences("They closed the deal with Pitt, Briggs & Co. It closed yesterday."),
            [
                "They closed the deal with Pitt, Briggs & Co.",
                "It closed yesterday."
            ]
        );
        assert_eq!(
            sentences("writes OBOZ.ua. Next sentence."),
            ["writes OBOZ.ua.", "Next sentence."]
        );
    }

    #[test]
    fn urls_and_email_addresses() {
        assert_eq!(
            sentences(
                "Her email is Jane.Doe@example.com. I sent her an email. See https://example.org/a.html. Thanks."
            ),
            [
                "Her email is Jane.Doe@example.com.",
                "I sent her an email.",
                "See https://example.org/a.html.",
                "Thanks."
            ]
        );
    }

    #[test]
    fn ellipses() {
        assert_eq!(
            sentences("I never meant that.... She left the store."),
            ["I never meant that....", "She left the store."]
        );
        assert_eq!(
            sentences(
                "It weakened . . . was that of combining words. . . . The practice was not abandoned. . . ."
            ),
            [
                "It weakened . . . was that of combining words.",
                ". . . The practice was not abandoned. . . ."
            ]
        );
        assert_eq!(
            sentences(
                "the thing is . . . I didn’t mean it. End with a period . . . . Next sentence."
            ),
            [
                "the thing is . . . I didn’t mean it.",
                "End with a period . . . .",
                "Next sentence."
            ]
        );
        assert_eq!(
            sentences("\"Bohr [...] used stairways [...]\" (Smith 55)."),
            ["\"Bohr [...] used stairways [...]\" (Smith 55)."]
        );
    }

    #[test]
    fn inline_lists() {
        assert_eq!(
            sentences("1.) The first item 2.) The second item"),
            ["1.) The first item", "2.) The second item"]
        );
        assert_eq!(
            sentences("1) The first item. 2) The second item."),
            ["1) The first item.", "2) The second item."]
        );
        assert_eq!(
            sentences("1. The first item 2. The second item"),
            ["1. The first item", "2. The second item"]
        );
        assert_eq!(
            sentences("a. The first item b. The second item c. The third list item"),
            [
                "a. The first item",
                "b. The second item",
                "c. The third list item"
            ]
        );
        assert_eq!(
            sentences("• 9. The first item • 10. The second item"),
            ["• 9. The first item", "• 10. The second item"]
        );
        assert_eq!(
            sentences("⁃9. The first item ⁃10. The second item"),
            ["⁃9. The first item", "⁃10. The second item"]
        );
        // A lone number before a capital is no list.
        assert_eq!(
            sentences("Prices rose to 2. The rest fell."),
            ["Prices rose to 2.", "The rest fell."]
        );
    }

    #[test]
    fn glued_sentences() {
        assert_eq!(
            sentences(
                "Hello world.Today is Tuesday.Mr. Smith went to the store and bought 1,000.That is a lot."
            ),
            [
                "Hello world.",
                "Today is Tuesday.",
                "Mr. Smith went to the store and bought 1,000.",
                "That is a lot."
            ]
        );
        assert_eq!(
            sentences("Visit ASP.NET or www.Example.com today."),
            ["Visit ASP.NET or www.Example.com today."]
        );
    }
}
