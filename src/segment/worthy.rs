//! The check-worthiness heuristic: does a sentence state something checkable?
//!
//! One pass over the sentence's words finds every cue; no regular
//! expressions, because this runs on every sentence of every article.

/// Common capitalised sentence openers that are not names.
fn is_common_opener(word: &[u8]) -> bool {
    match word.len() {
        1 => matches!(word, b"A" | b"I"),
        2 => matches!(
            word,
            b"An"
                | b"As"
                | b"At"
                | b"By"
                | b"He"
                | b"If"
                | b"In"
                | b"It"
                | b"My"
                | b"No"
                | b"Of"
                | b"On"
                | b"Or"
                | b"So"
                | b"To"
                | b"We"
        ),
        3 => matches!(
            word,
            b"And"
                | b"But"
                | b"For"
                | b"Her"
                | b"His"
                | b"Its"
                | b"Not"
                | b"Now"
                | b"One"
                | b"Our"
                | b"She"
                | b"The"
                | b"Who"
                | b"Why"
                | b"Yet"
                | b"You"
        ),
        4 => matches!(
            word,
            b"Also"
                | b"Even"
                | b"From"
                | b"Here"
                | b"Many"
                | b"Most"
                | b"Once"
                | b"Only"
                | b"Over"
                | b"Some"
                | b"That"
                | b"Then"
                | b"They"
                | b"This"
                | b"Thus"
                | b"What"
                | b"When"
                | b"With"
        ),
        5 => matches!(
            word,
            b"About"
                | b"After"
                | b"Again"
                | b"Later"
                | b"Since"
                | b"Still"
                | b"Their"
                | b"There"
                | b"These"
                | b"Those"
                | b"Today"
                | b"Under"
                | b"Until"
                | b"Where"
                | b"Which"
                | b"While"
        ),
        6 => matches!(word, b"Before" | b"During" | b"Though"),
        7 => matches!(word, b"Because" | b"However" | b"Instead" | b"Whether"),
        9 => matches!(word, b"Meanwhile"),
        _ => false,
    }
}

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

const NUMBER_WORD_BIT: u8 = 1;
const AMOUNT_BIT: u8 = 2;
const ATTRIBUTION_BIT: u8 = 4;
const COMPARISON_BIT: u8 = 8;

/// Which word lists a lowercase word is in, as bits. Matching on the length
/// first keeps this to a handful of comparisons per word.
fn word_classes(lower: &[u8]) -> u8 {
    match lower.len() {
        2 => match lower {
            b"no" => COMPARISON_BIT,
            _ => 0,
        },
        3 => match lower {
            b"all" => COMPARISON_BIT,
            b"one" => NUMBER_WORD_BIT,
            b"say" => ATTRIBUTION_BIT,
            b"six" => NUMBER_WORD_BIT,
            b"ten" => NUMBER_WORD_BIT,
            b"two" => NUMBER_WORD_BIT,
            b"yen" => AMOUNT_BIT,
            _ => 0,
        },
        4 => match lower {
            b"euro" => AMOUNT_BIT,
            b"fell" => COMPARISON_BIT,
            b"five" => NUMBER_WORD_BIT,
            b"four" => NUMBER_WORD_BIT,
            b"half" => NUMBER_WORD_BIT,
            b"less" => COMPARISON_BIT,
            b"many" => NUMBER_WORD_BIT,
            b"more" => COMPARISON_BIT,
            b"most" => NUMBER_WORD_BIT,
            b"nine" => NUMBER_WORD_BIT,
            b"none" => COMPARISON_BIT,
            b"only" => COMPARISON_BIT,
            b"rise" => COMPARISON_BIT,
            b"rose" => COMPARISON_BIT,
            b"said" => ATTRIBUTION_BIT,
            b"says" => ATTRIBUTION_BIT,
            b"told" => ATTRIBUTION_BIT,
            _ => 0,
        },
        5 => match lower {
            b"dozen" => NUMBER_WORD_BIT,
            b"eight" => NUMBER_WORD_BIT,
            b"euros" => AMOUNT_BIT,
            b"every" => COMPARISON_BIT,
            b"fewer" => COMPARISON_BIT,
            b"fifty" => NUMBER_WORD_BIT,
            b"first" => NUMBER_WORD_BIT,
            b"forty" => NUMBER_WORD_BIT,
            b"manat" => AMOUNT_BIT,
            b"never" => COMPARISON_BIT,
            b"pound" => AMOUNT_BIT,
            b"ruble" => AMOUNT_BIT,
            b"seven" => NUMBER_WORD_BIT,
            b"sharp" => COMPARISON_BIT,
            b"sixty" => NUMBER_WORD_BIT,
            b"third" => NUMBER_WORD_BIT,
            b"three" => NUMBER_WORD_BIT,
            b"twice" => NUMBER_WORD_BIT,
            b"wrote" => ATTRIBUTION_BIT,
            _ => 0,
        },
        6 => match lower {
            b"always" => COMPARISON_BIT,
            b"claims" => ATTRIBUTION_BIT,
            b"denied" => ATTRIBUTION_BIT,
            b"dollar" => AMOUNT_BIT,
            b"double" => NUMBER_WORD_BIT,
            b"dozens" => NUMBER_WORD_BIT,
            b"eighty" => NUMBER_WORD_BIT,
            b"eleven" => NUMBER_WORD_BIT,
            b"lowest" => COMPARISON_BIT,
            b"manats" => AMOUNT_BIT,
            b"ninety" => NUMBER_WORD_BIT,
            b"number" => NUMBER_WORD_BIT,
            b"pounds" => AMOUNT_BIT,
            b"record" => COMPARISON_BIT,
            b"rouble" => AMOUNT_BIT,
            b"rubles" => AMOUNT_BIT,
            b"second" => NUMBER_WORD_BIT,
            b"stated" => ATTRIBUTION_BIT,
            b"thirty" => NUMBER_WORD_BIT,
            b"triple" => NUMBER_WORD_BIT,
            b"twelve" => NUMBER_WORD_BIT,
            b"twenty" => NUMBER_WORD_BIT,
            b"writes" => ATTRIBUTION_BIT,
            _ => 0,
        },
        7 => match lower {
            b"accused" => ATTRIBUTION_BIT,
            b"biggest" => COMPARISON_BIT,
            b"billion" => NUMBER_WORD_BIT,
            b"claimed" => ATTRIBUTION_BIT,
            b"dollars" => AMOUNT_BIT,
            b"doubled" => COMPARISON_BIT,
            b"highest" => COMPARISON_BIT,
            b"hryvnia" => AMOUNT_BIT,
            b"hundred" => NUMBER_WORD_BIT,
            b"largest" => COMPARISON_BIT,
            b"million" => NUMBER_WORD_BIT,
            b"percent" => AMOUNT_BIT,
            b"quarter" => NUMBER_WORD_BIT,
            b"reports" => ATTRIBUTION_BIT,
            b"roubles" => AMOUNT_BIT,
            b"seventy" => NUMBER_WORD_BIT,
            b"several" => NUMBER_WORD_BIT,
            b"sharply" => COMPARISON_BIT,
            _ => 0,
        },
        8 => match lower {
            b"admitted" => ATTRIBUTION_BIT,
            b"believes" => ATTRIBUTION_BIT,
            b"billions" => NUMBER_WORD_BIT,
            b"decrease" => COMPARISON_BIT,
            b"hundreds" => NUMBER_WORD_BIT,
            b"increase" => COMPARISON_BIT,
            b"insisted" => ATTRIBUTION_BIT,
            b"majority" => NUMBER_WORD_BIT,
            b"millions" => NUMBER_WORD_BIT,
            b"minority" => NUMBER_WORD_BIT,
            b"reported" => ATTRIBUTION_BIT,
            b"smallest" => COMPARISON_BIT,
            b"thousand" => NUMBER_WORD_BIT,
            b"trillion" => NUMBER_WORD_BIT,
            _ => 0,
        },
        9 => match lower {
            b"according" => ATTRIBUTION_BIT,
            b"announced" => ATTRIBUTION_BIT,
            b"confirmed" => ATTRIBUTION_BIT,
            b"decreased" => COMPARISON_BIT,
            b"increased" => COMPARISON_BIT,
            b"thousands" => NUMBER_WORD_BIT,
            b"trillions" => NUMBER_WORD_BIT,
            _ => 0,
        },
        _ => 0,
    }
}

fn is_month(word: &[u8], abbreviated: bool) -> bool {
    if abbreviated {
        matches!(
            word,
            b"Jan"
                | b"Feb"
                | b"Mar"
                | b"Apr"
                | b"Jun"
                | b"Jul"
                | b"Aug"
                | b"Sep"
                | b"Sept"
                | b"Oct"
                | b"Nov"
                | b"Dec"
        )
    } else {
        matches!(
            word,
            b"January"
                | b"February"
                | b"March"
                | b"April"
                | b"May"
                | b"June"
                | b"July"
                | b"August"
                | b"September"
                | b"October"
                | b"November"
                | b"December"
        )
    }
}

const WORD: u8 = 1;
const DIGIT: u8 = 2;

/// Byte classes: `WORD` for bytes that belong to words (ASCII letters and
/// digits, and every byte of a non-ASCII character: folded text has only
/// ASCII spaces), `DIGIT` for ASCII digits. A table keeps the hot loop to
/// one load per byte.
static CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_alphanumeric() || byte >= 0x80 {
            table[b] |= WORD;
        }
        if byte.is_ascii_digit() {
            table[b] |= DIGIT;
        }
        b += 1;
    }
    table
};

fn is_word_byte(b: u8) -> bool {
    CLASSES[usize::from(b)] & WORD != 0
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

/// `word` in ASCII lowercase, in `buffer`; `None` for words too long for any
/// of the word lists.
/// The listed words are lowercase and occur capitalised mostly at the start
/// of a sentence, so only a capital first letter is lowered (and only then is
/// the word copied).
fn lowercase<'w>(word: &'w [u8], buffer: &'w mut [u8; 16]) -> Option<&'w [u8]> {
    if !(2..=9).contains(&word.len()) {
        return None;
    }
    if !word[0].is_ascii_uppercase() {
        return Some(word);
    }
    let out = &mut buffer[..word.len()];
    out.copy_from_slice(word);
    out[0] = out[0].to_ascii_lowercase();
    Some(out)
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
    let bytes = text.as_bytes();
    let mut cues = [false; CUE_NAMES.len()];
    cues[AMOUNT] = !text.is_ascii() && text.contains(['€', '£', '¥', '₽']);
    let mut buffer = [0u8; 16];
    // The previous word and the byte after it.
    let mut previous: Option<(&[u8], Option<u8>)> = None;
    let mut open_quote: Option<usize> = None;
    let mut first = true;
    let mut i = 0;
    // One pass: punctuation cues between words, word cues on each word.
    while i < bytes.len() {
        let b = bytes[i];
        if !is_word_byte(b) {
            match b {
                b'$' | b'%' => cues[AMOUNT] = true,
                b'"' => match open_quote.take() {
                    Some(start) if i - start > 2 => cues[QUOTATION] = true,
                    Some(_) => {}
                    None => open_quote = Some(i),
                },
                _ => {}
            }
            i += 1;
            continue;
        }
        let start = i;
        let mut classes = 0;
        while i < bytes.len() {
            let c = bytes[i];
            let class = CLASSES[usize::from(c)];
            if class & WORD != 0 {
                classes |= class;
                i += 1;
            } else if c == b'\'' && bytes.get(i + 1).is_some_and(|&n| is_word_byte(n)) {
                i += 1;
            } else {
                break;
            }
        }
        let word = &bytes[start..i];
        let after = bytes.get(i).copied();
        let capitalised = if word[0].is_ascii() {
            word[0].is_ascii_uppercase()
        } else {
            text[start..].chars().next().is_some_and(char::is_uppercase)
        };
        if capitalised && word != b"I" && (!first || !is_common_opener(word)) {
            cues[NAMED_ACTOR] = true;
        }
        first = false;
        cues[NUMBER] |= classes & DIGIT != 0;
        if word[0].is_ascii_digit() {
            cues[YEAR] |= is_year(word);
            cues[DATE] |= word.len() == 4 && is_iso_date_rest(&bytes[i..]);
            // "December 25", "Dec. 25", "July 2025"
            if let Some((p, p_after)) = previous
                && word.len() <= 4
                && is_month(p, p_after == Some(b'.'))
            {
                cues[DATE] = true;
            }
        } else if let Some((p, _)) = previous
            && p.len() <= 2
            && p.iter().all(u8::is_ascii_digit)
            && is_month(word, after == Some(b'.'))
        {
            cues[DATE] = true; // "25 December"
        }
        if word[0].is_ascii_alphabetic()
            && let Some(lower) = lowercase(word, &mut buffer)
        {
            let classes = word_classes(lower);
            cues[NUMBER_WORD] |= classes & NUMBER_WORD_BIT != 0;
            cues[AMOUNT] |= classes & AMOUNT_BIT != 0;
            cues[ATTRIBUTION] |= classes & ATTRIBUTION_BIT != 0;
            cues[COMPARISON] |= classes & COMPARISON_BIT != 0;
        }
        previous = Some((word, after));
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
