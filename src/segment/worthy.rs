//! The check-worthiness heuristic: does a sentence state something checkable?

use std::sync::LazyLock;

use regex::RegexSet;

/// The names of the cues, in the order of [`CUE_PATTERNS`] and of reporting.
const CUE_NAMES: [&str; 8] = [
    "date",
    "year",
    "number",
    "number-word",
    "amount",
    "quotation",
    "attribution",
    "comparison",
];

const MONTH: &str = "(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\\.|Feb\\.|Mar\\.|Apr\\.|Jun\\.|Jul\\.|Aug\\.|Sept?\\.|Oct\\.|Nov\\.|Dec\\.)";

/// The cues, matched together in one pass over the sentence.
static CUES: LazyLock<RegexSet> = LazyLock::new(|| {
    let patterns = [
        format!(
            r"\b{MONTH}(?:\s+\d{{1,2}}\b|\s+\d{{4}}\b)|\b\d{{1,2}}\s+{MONTH}|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
        ),
        r"\b(?:1[5-9]\d\d|20\d\d)s?\b".to_owned(),
        r"\d".to_owned(),
        r"(?i)\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|half|quarter|twice|double|triple|first|second|third|several|many|most|majority|minority|number)\b".to_owned(),
        r"[$€£¥₽%]|\b(?i:percent|per cent|dollars?|euros?|roubles?|rubles?|manats?)\b".to_owned(),
        r#""[^"]{2,}""#.to_owned(),
        r"(?i)\b(?:said|says|say|told|according to|reported|reports|announced|claimed|claims|stated|writes|wrote|confirmed|denied|admitted|believes|insisted|accused)\b".to_owned(),
        r"(?i)\b(?:never|always|every|all|no|none|only|more|less|fewer|largest|smallest|biggest|highest|lowest|increase|increased|decrease|decreased|rise|rose|fell|doubled|record|sharp(?:ly)?)\b".to_owned(),
    ];
    // The patterns are literals of this file, covered by the tests below.
    RegexSet::new(patterns).unwrap_or_else(|e| panic!("bad check-worthiness cue: {e}"))
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
    let trimmed = text.trim_end_matches(['"', '\'', ')', ']']);
    if trimmed.ends_with('?') {
        return (false, Vec::new());
    }
    let mut reasons: Vec<&'static str> = CUES
        .matches(text)
        .into_iter()
        .map(|i| CUE_NAMES[i])
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
