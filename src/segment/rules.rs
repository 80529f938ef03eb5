//! The sentence-boundary rules and the check-worthiness heuristic.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// Abbreviations that introduce a name and so never end a sentence
/// ("Dr. Smith", "Gen. Petraeus", "St. Petersburg").
const TITLES: &[&str] = &[
    "adm", "capt", "cmdr", "col", "dr", "gen", "gov", "hon", "lt", "maj", "messrs", "mr", "mrs",
    "ms", "prof", "rep", "rev", "sen", "sgt", "st", "supt", "vs", "v", "cf", "eg", "ie",
];

/// Abbreviations normally followed by a number ("Jan. 5", "No. 7", "p. 55"):
/// never a sentence end before a digit or a lowercase word, but one before a
/// capitalised word (`He said "no." Then …`).
const BEFORE_NUMBERS: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no",
    "nos", "p", "pp", "vol", "fig", "figs", "art", "sec", "ch", "approx", "ca", "est", "tel",
];

/// Abbreviations that can end a sentence ("… Pitt, Briggs & Co. He left."):
/// a boundary only before a typical sentence opener.
const MAY_END: &[&str] = &[
    "inc", "co", "corp", "ltd", "llc", "plc", "bros", "jr", "sr", "etc", "al", "dept", "univ",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "ave", "blvd", "esq",
    "phd",
];

/// Words that typically open a sentence; after an ambiguous abbreviation
/// ("U.S.", "a.m.", "Inc.") a boundary is assumed only before one of these.
const OPENERS: &[&str] = &[
    "A",
    "After",
    "All",
    "An",
    "And",
    "As",
    "At",
    "But",
    "By",
    "For",
    "He",
    "Her",
    "His",
    "How",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Meanwhile",
    "My",
    "No",
    "Now",
    "On",
    "One",
    "Our",
    "She",
    "So",
    "Some",
    "That",
    "The",
    "Their",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "To",
    "We",
    "What",
    "When",
    "Where",
    "While",
    "Who",
    "Why",
    "Yet",
    "You",
    "Your",
];

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '…' | '‽')
}

/// Quotes and brackets that may close after the full stop: `He said "no."`
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | ')' | ']' | '}' | '”' | '’' | '»' | '›' | '“' | '‘'
    )
}

/// Splits `text` into sentence ranges (byte offsets, trimmed of white space).
///
/// A sentence ends at `.`, `?`, `!` or `…` (and runs of them), followed by any
/// closing quotes or brackets, then white space and a character that can
/// start a sentence (not a lowercase letter). A full stop does not end a
/// sentence after a known abbreviation, an initial ("J. R. R. Tolkien") or
/// inside a number, domain or initialism ("3.5", "OBOZ.ua", "U.S.").
pub fn split(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = match text[i..].chars().next() {
            Some(c) => c,
            None => break,
        };
        if !is_terminal(c) {
            i += c.len_utf8();
            continue;
        }
        // The run of terminal marks, then closers.
        let run_start = i;
        let mut j = i;
        let mut only_full_stop = true;
        while let Some(t) = text[j..].chars().next().filter(|&t| is_terminal(t)) {
            only_full_stop &= t == '.';
            j += t.len_utf8();
        }
        let single_stop = only_full_stop && j - run_start == 1;
        while let Some(t) = text[j..].chars().next().filter(|&t| is_closer(t)) {
            j += t.len_utf8();
        }
        let after = &text[j..];
        let next_start = j + (after.len() - after.trim_start().len());
        i = j.max(i + 1);
        if next_start == j && j < text.len() {
            continue; // no white space: "3.5", "OBOZ.ua", "U.S."
        }
        if next_start >= text.len() {
            break; // the block's end closes the last sentence
        }
        let next_word = word_at(&text[next_start..]);
        let next_char = next_word.chars().next().unwrap_or(' ');
        if next_char.is_lowercase() {
            continue;
        }
        if single_stop && !stop_ends_sentence(&text[..run_start], next_word) {
            continue;
        }
        push_trimmed(&mut out, text, start..j);
        start = next_start;
        i = next_start;
    }
    push_trimmed(&mut out, text, start..text.len());
    out
}

/// The word starting `text`, up to white space.
fn word_at(text: &str) -> &str {
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    &text[..end]
}

/// Whether a full stop after `before` ends the sentence, given the next word.
fn stop_ends_sentence(before: &str, next: &str) -> bool {
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“' | '‘' | '\''))
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &before[word_start..];
    if word.is_empty() {
        return true;
    }
    let next_is_digit = next.starts_with(|c: char| c.is_ascii_digit());
    let next_bare = next.trim_matches(|c: char| !c.is_alphanumeric());
    let opener = OPENERS.contains(&next_bare);
    // An initialism with inner stops: "U.S", "a.m", "Ph.D", "e.g".
    if word.contains('.') {
        let parts_short = word
            .split('.')
            .all(|p| !p.is_empty() && p.chars().count() <= 2 && p.chars().all(char::is_alphabetic));
        if parts_short {
            let lower = word.to_lowercase();
            if lower == "e.g" || lower == "i.e" {
                return false;
            }
            return opener;
        }
        return true; // a domain or file name: "OBOZ.ua."
    }
    let mut chars = word.chars();
    if let (Some(first), None) = (chars.next(), chars.next())
        && first.is_uppercase()
    {
        return false; // an initial: "Jonas E. Smith"
    }
    let lower = word.to_lowercase();
    if TITLES.contains(&lower.as_str()) {
        return false;
    }
    if BEFORE_NUMBERS.contains(&lower.as_str()) {
        return !next_is_digit;
    }
    if MAY_END.contains(&lower.as_str()) {
        return opener;
    }
    true
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let slice = &text[range.clone()];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if lead + trail < slice.len() {
        out.push(range.start + lead..range.end - trail);
    }
}

struct Cue {
    reason: &'static str,
    pattern: Regex,
}

/// The cues of check-worthiness, in the order reasons are reported.
static CUES: LazyLock<Vec<Cue>> = LazyLock::new(|| {
    let month = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.)";
    let cue = |reason, pattern: &str| Cue {
        reason,
        // The patterns are literals of this file, covered by the tests below.
        pattern: Regex::new(pattern).unwrap_or_else(|e| panic!("bad cue {reason}: {e}")),
    };
    vec![
        cue(
            "date",
            &format!(
                r"\b{month}(?:\s+\d{{1,2}}\b|\s+\d{{4}}\b)|\b\d{{1,2}}\s+{month}|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
            ),
        ),
        cue("year", r"\b(?:1[5-9]\d\d|20\d\d)s?\b"),
        cue("number", r"\d"),
        cue(
            "number-word",
            r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|twice|double|triple|first|second|third|several|many|most|majority|minority|number|dozen)\b",
        ),
        cue(
            "amount",
            r"[$€£¥₽%]|\b(?i:percent|per cent|dollars?|euros?|roubles?|rubles?|manats?)\b",
        ),
        cue("quotation", r#""[^"]{2,}""#),
        cue(
            "attribution",
            r"(?i)\b(?:said|says|say|told|according to|reported|reports|announced|claimed|claims|stated|writes|wrote|confirmed|denied|admitted|believes|insisted|accused)\b",
        ),
        cue(
            "comparison",
            r"(?i)\b(?:never|always|every|all|no|none|only|more|less|fewer|largest|smallest|biggest|highest|lowest|increase|increased|decrease|decreased|rise|rose|fell|doubled|record|sharp(?:ly)?)\b",
        ),
    ]
});

/// Common capitalised sentence openers that are not names.
const NOT_NAMES: &[&str] = &[
    "A",
    "About",
    "After",
    "Again",
    "Also",
    "An",
    "And",
    "As",
    "At",
    "Because",
    "Before",
    "But",
    "By",
    "During",
    "Even",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "However",
    "I",
    "If",
    "In",
    "Instead",
    "It",
    "Its",
    "Later",
    "Many",
    "Meanwhile",
    "Most",
    "My",
    "No",
    "Not",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Our",
    "Over",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Today",
    "Under",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
];

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
/// and gets no reasons.
pub fn checkworthiness(text: &str) -> (bool, Vec<&'static str>) {
    let trimmed = text.trim_end_matches(|c: char| matches!(c, '"' | '\'' | ')' | ']'));
    if trimmed.ends_with('?') {
        return (false, Vec::new());
    }
    let mut reasons: Vec<&'static str> = CUES
        .iter()
        .filter(|cue| cue.pattern.is_match(text))
        .map(|cue| cue.reason)
        .collect();
    if has_named_actor(text) {
        reasons.push("named-actor");
    }
    (!reasons.is_empty(), reasons)
}

fn has_named_actor(text: &str) -> bool {
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == '-' || c == '/')
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty());
    let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    match words.next() {
        Some(first) if capitalised(first) && !NOT_NAMES.contains(&first) => return true,
        _ => {}
    }
    words.any(|w| capitalised(w) && w != "I")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn common_abbreviations_do_not_split() {
        assert_eq!(
            sentences("Mr. Smith met Dr. Jones on St. Mark's Day. They left at 5 p.m. on Jan. 5."),
            [
                "Mr. Smith met Dr. Jones on St. Mark's Day.",
                "They left at 5 p.m. on Jan. 5."
            ]
        );
        assert_eq!(
            sentences("The U.S. economy grew 3.5 percent. J. R. R. Tolkien wrote it."),
            [
                "The U.S. economy grew 3.5 percent.",
                "J. R. R. Tolkien wrote it."
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
    }

    #[test]
    fn questions_and_runs() {
        assert_eq!(
            sentences("Really?! Yes... I think so."),
            ["Really?!", "Yes...", "I think so."]
        );
        assert_eq!(
            sentences("Wait... what happened?"),
            ["Wait... what happened?"]
        );
    }

    #[test]
    fn a_number_with_a_decimal_point_can_end_a_sentence() {
        assert_eq!(
            sentences("The economy grew 3.5%. Next year it fell to 2.1. Prices rose."),
            [
                "The economy grew 3.5%.",
                "Next year it fell to 2.1.",
                "Prices rose."
            ]
        );
    }

    #[test]
    fn ambiguous_abbreviation_ends_before_an_opener() {
        assert_eq!(
            sentences("I live in the U.S. How about you?"),
            ["I live in the U.S.", "How about you?"]
        );
        assert_eq!(
            sentences("writes OBOZ.ua. Next sentence."),
            ["writes OBOZ.ua.", "Next sentence."]
        );
    }

    #[test]
    fn checkworthiness_cues() {
        let (yes, reasons) = checkworthiness("On December 25, 2022, the plane crashed.");
        assert!(yes);
        assert!(reasons.contains(&"date") && reasons.contains(&"year"));
        assert_eq!(
            checkworthiness("However, is this possible?"),
            (false, vec![])
        );
        let (yes, reasons) = checkworthiness("Russia has once again shown its true face.");
        assert!(yes);
        assert!(reasons.contains(&"named-actor"));
        assert!(!checkworthiness("it is what it is.").0);
    }
}
