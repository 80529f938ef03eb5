//! The check-worthiness heuristic: does a sentence state something checkable?
//!
//! One pass over the sentence's words finds every cue; no regular
//! expressions, because this runs on every sentence of every article.

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

/// The cues, in the order their names are reported.
const DATE: usize = 0;
const YEAR: usize = 1;
const NUMBER: usize = 2;
const NUMBER_WORD: usize = 3;
const AMOUNT: usize = 4;
const QUOTATION: usize = 5;
const ATTRIBUTION: usize = 6;
const COMPARISON: usize = 7;
const NAMED_ACTOR: usize = 8;

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

fn is_number_word(lower: &str) -> bool {
    matches!(
        lower,
        "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "sixty"
            | "seventy"
            | "eighty"
            | "ninety"
            | "hundred"
            | "hundreds"
            | "thousand"
            | "thousands"
            | "million"
            | "millions"
            | "billion"
            | "billions"
            | "trillion"
            | "trillions"
            | "dozen"
            | "dozens"
            | "half"
            | "quarter"
            | "twice"
            | "double"
            | "triple"
            | "first"
            | "second"
            | "third"
            | "several"
            | "many"
            | "most"
            | "majority"
            | "minority"
            | "number"
    )
}

fn is_currency_word(lower: &str) -> bool {
    matches!(
        lower,
        "percent"
            | "dollar"
            | "dollars"
            | "euro"
            | "euros"
            | "rouble"
            | "roubles"
            | "ruble"
            | "rubles"
            | "manat"
            | "manats"
            | "pound"
            | "pounds"
            | "yen"
            | "hryvnia"
    )
}

fn is_attribution(lower: &str) -> bool {
    matches!(
        lower,
        "said"
            | "says"
            | "say"
            | "told"
            | "reported"
            | "reports"
            | "announced"
            | "claimed"
            | "claims"
            | "stated"
            | "writes"
            | "wrote"
            | "confirmed"
            | "denied"
            | "admitted"
            | "believes"
            | "insisted"
            | "accused"
            | "according"
    )
}

fn is_comparison(lower: &str) -> bool {
    matches!(
        lower,
        "never"
            | "always"
            | "every"
            | "all"
            | "no"
            | "none"
            | "only"
            | "more"
            | "less"
            | "fewer"
            | "largest"
            | "smallest"
            | "biggest"
            | "highest"
            | "lowest"
            | "increase"
            | "increased"
            | "decrease"
            | "decreased"
            | "rise"
            | "rose"
            | "fell"
            | "doubled"
            | "record"
            | "sharp"
            | "sharply"
    )
}

fn is_month(word: &str, abbreviated: bool) -> bool {
    if abbreviated {
        matches!(
            word,
            "Jan"
                | "Feb"
                | "Mar"
                | "Apr"
                | "Jun"
                | "Jul"
                | "Aug"
                | "Sep"
                | "Sept"
                | "Oct"
                | "Nov"
                | "Dec"
        )
    } else {
        matches!(
            word,
            "January"
                | "February"
                | "March"
                | "April"
                | "May"
                | "June"
                | "July"
                | "August"
                | "September"
                | "October"
                | "November"
                | "December"
        )
    }
}

/// A word of the sentence: letters and digits, with where it stands.
struct Word<'a> {
    text: &'a str,
    /// The character right after it (`.` marks an abbreviation).
    next: Option<char>,
}

/// Words: runs of alphanumeric characters and apostrophes inside them.
fn words(text: &str) -> impl Iterator<Item = Word<'_>> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(|c: char| c.is_alphanumeric())?;
        let tail = &rest[start..];
        let len = tail
            .char_indices()
            .find(|&(i, c)| {
                !(c.is_alphanumeric()
                    || (c == '\'' && tail[i + 1..].starts_with(char::is_alphanumeric)))
            })
            .map_or(tail.len(), |(i, _)| i);
        let word = &tail[..len];
        rest = &tail[len..];
        Some(Word {
            text: word,
            next: rest.chars().next(),
        })
    })
}

/// `word` in ASCII lowercase, in `buffer`; `None` for long or non-ASCII words,
/// which are in none of the word lists.
fn lowercase<'b>(word: &str, buffer: &'b mut [u8; 16]) -> Option<&'b str> {
    if word.len() > buffer.len() || !word.is_ascii() {
        return None;
    }
    let out = &mut buffer[..word.len()];
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

fn is_year(word: &str) -> bool {
    let digits = word.strip_suffix('s').unwrap_or(word);
    digits.len() == 4
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(digits.parse::<u32>(), Ok(1500..=2099))
}

/// "2024-12-25" anywhere in `text`.
fn has_iso_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.windows(10).any(|w| {
        w[4] == b'-'
            && w[7] == b'-'
            && w[..4]
                .iter()
                .chain(&w[5..7])
                .chain(&w[8..])
                .all(u8::is_ascii_digit)
    })
}

fn has_quotation(text: &str) -> bool {
    let mut parts = text.split('"');
    parts.next();
    // Text between an opening and a closing mark: every odd part.
    let mut inside = parts.step_by(2).peekable();
    let quoted = text.matches('"').count() >= 2;
    quoted && inside.any(|p| p.chars().count() >= 2)
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
/// and gets no reasons.
pub fn checkworthiness(text: &str) -> (bool, Vec<&'static str>) {
    let trimmed = text.trim_end_matches(['"', '\'', ')', ']']);
    if trimmed.ends_with('?') {
        return (false, Vec::new());
    }
    let mut cues = [false; CUE_NAMES.len()];
    cues[NUMBER] = text.bytes().any(|b| b.is_ascii_digit());
    cues[AMOUNT] = text.contains(['$', '€', '£', '¥', '₽', '%']);
    cues[QUOTATION] = has_quotation(text);
    cues[DATE] = cues[NUMBER] && has_iso_date(text);
    let mut buffer = [0u8; 16];
    let mut previous: Option<Word> = None;
    let mut first = true;
    for word in words(text) {
        let w = word.text;
        let capitalised = w.starts_with(char::is_uppercase);
        if capitalised && w != "I" && (!first || !NOT_NAMES.contains(&w)) {
            cues[NAMED_ACTOR] = true;
        }
        first = false;
        if w.as_bytes()[0].is_ascii_digit() {
            cues[YEAR] |= is_year(w);
            // "December 25" / "25 December" / "Dec. 25"
            if let Some(p) = &previous
                && is_month(p.text, p.next == Some('.'))
                && w.len() <= 4
            {
                cues[DATE] = true;
            }
        } else if let Some(p) = &previous
            && p.text.len() <= 2
            && p.text.bytes().all(|b| b.is_ascii_digit())
            && is_month(w, word.next == Some('.'))
        {
            cues[DATE] = true;
        }
        if let Some(lower) = lowercase(w, &mut buffer) {
            cues[NUMBER_WORD] |= is_number_word(lower);
            cues[AMOUNT] |= is_currency_word(lower);
            cues[ATTRIBUTION] |= is_attribution(lower);
            cues[COMPARISON] |= is_comparison(lower);
        }
        previous = Some(word);
    }
    let reasons: Vec<&'static str> = CUE_NAMES
        .iter()
        .zip(cues)
        .filter_map(|(name, on)| on.then_some(*name))
        .collect();
    (!reasons.is_empty(), reasons)
}

#[cfg(test)]
mod tests {
    use super::*;

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
