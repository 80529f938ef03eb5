//! Dates in prose and in annotation files.
//!
//! A `misdated` annotation names the date as the article gives it (`claimed`)
//! and the right one (`corrected`), each written as the article writes dates
//! ("April 25", "25 April 2019", "Nov. 28, 1905") or in ISO form
//! ([`PartialDate::parse_written`]). [`find_dates`] finds the dates a
//! sentence states, each with its [`DateStyle`], so the page can strike the
//! claimed date through and write the correction in the article's own style
//! with [`format_correction`].
//!
//! News copy leaves the year out of most dates ("on April 25"): such a date
//! states a day, [`Stated::Yearless`], and leaves the year to the reader. An
//! annotation file's date without a year takes the year of its `published`.

use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

/// A date as precise as it is known: a day, a month or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartialDate {
    /// A calendar day.
    Day(NaiveDate),
    /// A month of a year.
    Month {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
    },
    /// A year.
    Year(i32),
}

/// Why a date string is not a date.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    #[error("`{0}` is not a date: write YYYY-MM-DD, or YYYY-MM or YYYY when only that is known")]
    Format(String),
    /// Well-formed, but no such day or month exists.
    #[error("`{0}` does not exist in the calendar")]
    Impossible(String),
    /// Neither a date as prose writes one nor an ISO date.
    #[error(
        "`{0}` is not a date: write it as the article does (\"April 25\", \"25 April 2019\", \"Nov. 28, 1905\") or as YYYY-MM-DD, YYYY-MM or YYYY"
    )]
    Unreadable(String),
    /// A day without its year, where no year is known to complete it.
    #[error("`{0}` has no year")]
    Yearless(String),
}

impl PartialDate {
    /// Parses ISO `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let format = || DateError::Format(text.to_owned());
        let impossible = || DateError::Impossible(text.to_owned());
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| format())
            } else {
                Err(format())
            }
        };
        match parts.as_slice() {
            [y] => Ok(PartialDate::Year(number(y, 4)? as i32)),
            [y, m] => {
                let (year, month) = (number(y, 4)? as i32, number(m, 2)?);
                if (1..=12).contains(&month) {
                    Ok(PartialDate::Month { year, month })
                } else {
                    Err(impossible())
                }
            }
            [y, m, d] => {
                let (year, month, day) = (number(y, 4)? as i32, number(m, 2)?, number(d, 2)?);
                NaiveDate::from_ymd_opt(year, month, day)
                    .map(PartialDate::Day)
                    .ok_or_else(impossible)
            }
            _ => Err(format()),
        }
    }

    /// Parses a date as an article writes it ("April 25", "25 April 2019",
    /// "Nov. 28, 1905", "November 1905"; month names in any case, an
    /// abbreviation with or without its full stop) or as [`PartialDate::parse`]
    /// does. A day without its year takes `year`, and is an error without one.
    pub fn parse_written(text: &str, year: Option<i32>) -> Result<Self, DateError> {
        let text = text.trim();
        match Self::parse(text) {
            Err(DateError::Format(_)) => {}
            parsed => return parsed,
        }
        let unreadable = || DateError::Unreadable(text.to_owned());
        let found = find_with(&LENIENT, text);
        let [only] = found.as_slice() else {
            return Err(unreadable());
        };
        // The date must be the whole text; a sentence's full stop may follow.
        let rest = &text[only.range.end..];
        if only.range.start != 0 || !(rest.is_empty() || rest == ".") {
            return Err(unreadable());
        }
        match only.date {
            Stated::Dated(date) => Ok(date),
            Stated::Yearless { month, day } => {
                let year = year.ok_or_else(|| DateError::Yearless(text.to_owned()))?;
                NaiveDate::from_ymd_opt(year, month, day)
                    .map(PartialDate::Day)
                    .ok_or_else(|| DateError::Impossible(format!("{text}, {year}")))
            }
        }
    }

    /// The year.
    pub fn year(&self) -> i32 {
        match *self {
            PartialDate::Day(d) => d.year(),
            PartialDate::Month { year, .. } | PartialDate::Year(year) => year,
        }
    }
}

impl fmt::Display for PartialDate {
    /// ISO form, as precise as the date.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // chrono's own ISO form: the same text as `%Y-%m-%d`, without
            // interpreting a format string on every page.
            PartialDate::Day(d) => write!(f, "{d}"),
            PartialDate::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            PartialDate::Year(year) => write!(f, "{year:04}"),
        }
    }
}

/// How a month is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthForm {
    /// "December"
    Full,
    /// "Dec." (news style: "Sept.", and May, June, July in full)
    Abbreviated,
}

/// How a date is written in prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// "December 25, 2024" / "Dec. 25, 2024"
    MonthDayYear(MonthForm),
    /// "25 December 2024"
    DayMonthYear(MonthForm),
    /// "2024-12-25"
    Iso,
    /// "December 2024"
    MonthYear(MonthForm),
    /// "2024"
    Year,
    /// "December 25" / "Dec. 25": a day, the year left to the reader.
    MonthDay(MonthForm),
    /// "25 December" / "25th of December": a day, the year left to the reader.
    DayMonth(MonthForm),
}

impl DateStyle {
    /// Whether the style writes a day (and so knows where it goes).
    pub fn writes_days(self) -> bool {
        !matches!(self, DateStyle::MonthYear(_) | DateStyle::Year)
    }

    /// This style, able to write a day: a month-and-year or year style takes
    /// the order of `days`, the style in which the article writes its days
    /// (a year also its month form); month first when the article has none.
    pub fn for_days(self, days: Option<DateStyle>) -> DateStyle {
        let (form, year_only) = match self {
            DateStyle::MonthYear(form) => (form, false),
            DateStyle::Year => (MonthForm::Full, true),
            writes_days => return writes_days,
        };
        let form_of = |theirs: MonthForm| if year_only { theirs } else { form };
        match days {
            Some(DateStyle::DayMonthYear(f) | DateStyle::DayMonth(f)) => {
                DateStyle::DayMonthYear(form_of(f))
            }
            Some(DateStyle::MonthDayYear(f) | DateStyle::MonthDay(f)) => {
                DateStyle::MonthDayYear(form_of(f))
            }
            // "November 1905" beside ISO days still reads best in words.
            Some(DateStyle::Iso) if year_only => DateStyle::Iso,
            _ => DateStyle::MonthDayYear(form),
        }
    }

    /// The month form, Full for the styles that write no month name.
    fn month_form(self) -> MonthForm {
        match self {
            DateStyle::MonthDayYear(f)
            | DateStyle::DayMonthYear(f)
            | DateStyle::MonthYear(f)
            | DateStyle::MonthDay(f)
            | DateStyle::DayMonth(f) => f,
            DateStyle::Iso | DateStyle::Year => MonthForm::Full,
        }
    }
}

/// What a date written in prose states.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stated {
    /// A date with its year: a day, a month or a year.
    Dated(PartialDate),
    /// A day written without its year ("April 25"), which the reader takes
    /// from context.
    Yearless {
        /// The month, 1 to 12.
        month: u32,
        /// The day of the month.
        day: u32,
    },
}

impl Stated {
    /// Whether the text may mean `date`: the very date, or for a day written
    /// without its year, that day of any year (which year the article means
    /// is the reader's call, and so the annotation's).
    pub fn may_mean(self, date: PartialDate) -> bool {
        match (self, date) {
            (Stated::Dated(stated), date) => stated == date,
            (Stated::Yearless { month, day }, PartialDate::Day(d)) => {
                d.month() == month && d.day() == day
            }
            (Stated::Yearless { .. }, _) => false,
        }
    }

    /// The date, when the text states its year.
    pub fn dated(self) -> Option<PartialDate> {
        match self {
            Stated::Dated(date) => Some(date),
            Stated::Yearless { .. } => None,
        }
    }
}

/// A date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range in the searched text.
    pub range: Range<usize>,
    /// The date it states.
    pub date: Stated,
    /// How it is written.
    pub style: DateStyle,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A month as news copy writes it: capitalised, abbreviations with their
/// full stop ("may", "mar" and "Jan" are more often words and names).
const MONTH_PATTERN: &str = r"((?:January|February|March|April|May|June|July|August|September|October|November|December)\b|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)";

/// A month as an editor may type it in an annotation file, where the value
/// is known to be a date: any case, abbreviations with or without a stop.
const LENIENT_MONTH_PATTERN: &str = r"(?i:((?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b)))";

struct DatePatterns {
    month_day_year: Regex,
    day_month_year: Regex,
    iso: Regex,
    month_year: Regex,
    month_day: Regex,
    day_month: Regex,
    year: Regex,
}

impl DatePatterns {
    fn new(month: &str) -> Self {
        let compile = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("bad date pattern: {e}"));
        // "25", "25th"; day first also "25th of".
        let day = r"(\d{1,2})(?:st|nd|rd|th)?";
        let day_first = r"(\d{1,2})(?:(?:st|nd|rd|th)(?:\s+of)?)?";
        DatePatterns {
            month_day_year: compile(&format!(r"\b{month}\s+{day},?\s+(\d{{4}})\b")),
            day_month_year: compile(&format!(r"\b{day_first}\s+{month},?\s+(\d{{4}})\b")),
            iso: compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
            month_year: compile(&format!(r"\b{month},?\s+(\d{{4}})\b")),
            month_day: compile(&format!(r"\b{month}\s+{day}\b")),
            day_month: compile(&format!(r"\b{day_first}\s+{month}")),
            year: compile(r"\b(1[0-9]\d\d|20\d\d)\b"),
        }
    }
}

static PATTERNS: LazyLock<DatePatterns> = LazyLock::new(|| DatePatterns::new(MONTH_PATTERN));

static LENIENT: LazyLock<DatePatterns> = LazyLock::new(|| DatePatterns::new(LENIENT_MONTH_PATTERN));

fn month_number(token: &str) -> Option<(u32, MonthForm)> {
    let name = token.trim_end_matches('.');
    let prefix = name.get(..3)?;
    let index = MONTHS
        .iter()
        .position(|m| m[..3].eq_ignore_ascii_case(prefix))?;
    let form = if token.ends_with('.') || !MONTHS[index].eq_ignore_ascii_case(name) {
        MonthForm::Abbreviated
    } else {
        MonthForm::Full
    };
    Some((index as u32 + 1, form))
}

/// Whether `month` has a day `day` in some year (February 29 counts).
fn is_day_of(month: u32, day: u32) -> bool {
    NaiveDate::from_ymd_opt(2000, month, day).is_some()
}

/// Words that make the number before them a count, not a day: "March 3
/// points", "May 5 percent".
const COUNTED: &[&str] = &[
    "billion",
    "dollars",
    "euros",
    "goals",
    "hours",
    "hundred",
    "km",
    "kilometers",
    "kilometres",
    "meters",
    "metres",
    "miles",
    "million",
    "minutes",
    "months",
    "pct",
    "per",
    "percent",
    "point",
    "points",
    "pounds",
    "seats",
    "seconds",
    "thousand",
    "times",
    "trillion",
    "votes",
    "weeks",
    "years",
];

/// Whether the number that ends a month-and-day match goes on with `rest`
/// as a number or a count ("May 5,000", "March 3.5", "March 3 points"), so
/// that it is no day.
fn counts_something(rest: &str) -> bool {
    if let [b'.' | b',' | b':', digit, ..] = rest.as_bytes()
        && digit.is_ascii_digit()
    {
        return true;
    }
    let next = rest.trim_start();
    let word = next
        .split(|c: char| !c.is_ascii_alphabetic())
        .next()
        .unwrap_or_default();
    next.starts_with('%') || COUNTED.contains(&word)
}

/// Whether the number that starts a day-and-month match is the end of a
/// longer number before it ("1,5 May", "2.5 March").
fn ends_a_number(before: &str) -> bool {
    matches!(before.as_bytes(), [.., digit, b'.' | b','] if digit.is_ascii_digit())
}

/// Every date stated in `text`, in order, without overlaps: full dates win
/// over a month and year, which win over a day without its year, which wins
/// over a bare year.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    find_with(&PATTERNS, text)
}

fn find_with(p: &DatePatterns, text: &str) -> Vec<FoundDate> {
    let mut found: Vec<FoundDate> = Vec::new();
    let mut add = |range: Range<usize>, date: PartialDate, style: DateStyle| {
        add_stated(&mut found, range, Stated::Dated(date), style);
    };
    let num = |s: &str| s.parse::<u32>().ok();
    for c in p.month_day_year.captures_iter(text) {
        if let (Some(all), Some((month, form)), Some(day), Some(year)) =
            (c.get(0), month_number(&c[1]), num(&c[2]), num(&c[3]))
            && let Some(d) = NaiveDate::from_ymd_opt(year as i32, month, day)
        {
            add(
                all.range(),
                PartialDate::Day(d),
                DateStyle::MonthDayYear(form),
            );
        }
    }
    for c in p.day_month_year.captures_iter(text) {
        if let (Some(all), Some(day), Some((month, form)), Some(year)) =
            (c.get(0), num(&c[1]), month_number(&c[2]), num(&c[3]))
            && let Some(d) = NaiveDate::from_ymd_opt(year as i32, month, day)
        {
            add(
                all.range(),
                PartialDate::Day(d),
                DateStyle::DayMonthYear(form),
            );
        }
    }
    for c in p.iso.captures_iter(text) {
        if let (Some(all), Some(year), Some(month), Some(day)) =
            (c.get(0), num(&c[1]), num(&c[2]), num(&c[3]))
            && let Some(d) = NaiveDate::from_ymd_opt(year as i32, month, day)
        {
            add(all.range(), PartialDate::Day(d), DateStyle::Iso);
        }
    }
    for c in p.month_year.captures_iter(text) {
        if let (Some(all), Some((month, form)), Some(year)) =
            (c.get(0), month_number(&c[1]), num(&c[2]))
        {
            add(
                all.range(),
                PartialDate::Month {
                    year: year as i32,
                    month,
                },
                DateStyle::MonthYear(form),
            );
        }
    }
    for c in p.month_day.captures_iter(text) {
        if let (Some(all), Some((month, form)), Some(day)) =
            (c.get(0), month_number(&c[1]), num(&c[2]))
            && is_day_of(month, day)
            && !counts_something(&text[all.end()..])
        {
            let stated = Stated::Yearless { month, day };
            add_stated(&mut found, all.range(), stated, DateStyle::MonthDay(form));
        }
    }
    for c in p.day_month.captures_iter(text) {
        if let (Some(all), Some(day), Some((month, form))) =
            (c.get(0), num(&c[1]), month_number(&c[2]))
            && is_day_of(month, day)
            && !ends_a_number(&text[..all.start()])
        {
            let stated = Stated::Yearless { month, day };
            add_stated(&mut found, all.range(), stated, DateStyle::DayMonth(form));
        }
    }
    for m in p.year.find_iter(text) {
        if let Some(year) = num(m.as_str()) {
            add_stated(
                &mut found,
                m.range(),
                Stated::Dated(PartialDate::Year(year as i32)),
                DateStyle::Year,
            );
        }
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// Adds a date unless it overlaps one found before (by a pattern that wins).
fn add_stated(found: &mut Vec<FoundDate>, range: Range<usize>, date: Stated, style: DateStyle) {
    if !found
        .iter()
        .any(|f| f.range.start < range.end && range.start < f.range.end)
    {
        found.push(FoundDate { range, date, style });
    }
}

fn month_name(month: u32, form: MonthForm) -> String {
    let full = MONTHS[(month.clamp(1, 12) - 1) as usize];
    match (form, month) {
        (MonthForm::Full, _) | (MonthForm::Abbreviated, 3..=7) => full.to_owned(),
        (MonthForm::Abbreviated, 9) => "Sept.".to_owned(),
        (MonthForm::Abbreviated, _) => format!("{}.", &full[..3]),
    }
}

/// Writes `date`, as precise as it is, in the ways of `style`: its order of
/// day and month and its month form. A style that writes no day (a month
/// and year, a year) writes a day month first; a style without a year
/// (`MonthDay`, `DayMonth`) still writes the year here (see
/// [`format_correction`] for leaving it out).
pub fn format_like(date: PartialDate, style: DateStyle) -> String {
    let form = style.month_form();
    match date {
        PartialDate::Day(d) => match style {
            DateStyle::Iso => d.to_string(),
            DateStyle::DayMonthYear(f) | DateStyle::DayMonth(f) => {
                format!("{} {} {}", d.day(), month_name(d.month(), f), d.year())
            }
            _ => format!("{} {}, {}", month_name(d.month(), form), d.day(), d.year()),
        },
        PartialDate::Month { year, month } => match style {
            DateStyle::Iso => format!("{year:04}-{month:02}"),
            _ => format!("{} {year}", month_name(month, form)),
        },
        PartialDate::Year(year) => year.to_string(),
    }
}

/// The text that replaces `claimed`, written in `style` (its style in the
/// article), at the precision of `corrected`. Where the article leaves the
/// year out ("April 25") and `corrected` is a day of the same year as
/// `claimed`, the year stays out ("April 26"); a day of another year names
/// its year ("April 26, 2018"), or the reader would take the wrong one.
pub fn format_correction(corrected: PartialDate, claimed: PartialDate, style: DateStyle) -> String {
    match (corrected, style) {
        (PartialDate::Day(d), DateStyle::MonthDay(f)) if d.year() == claimed.year() => {
            format!("{} {}", month_name(d.month(), f), d.day())
        }
        (PartialDate::Day(d), DateStyle::DayMonth(f)) if d.year() == claimed.year() => {
            format!("{} {}", d.day(), month_name(d.month(), f))
        }
        _ => format_like(corrected, style),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> PartialDate {
        PartialDate::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default())
    }

    #[test]
    fn parses_iso_dates_at_every_precision() {
        assert_eq!(PartialDate::parse("2024-12-25"), Ok(day(2024, 12, 25)));
        assert_eq!(
            PartialDate::parse("2025-07"),
            Ok(PartialDate::Month {
                year: 2025,
                month: 7
            })
        );
        assert_eq!(PartialDate::parse("2001"), Ok(PartialDate::Year(2001)));
        assert!(matches!(
            PartialDate::parse("2025-02-30"),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            PartialDate::parse("25/12/2024"),
            Err(DateError::Format(_))
        ));
    }

    #[test]
    fn finds_dates_in_every_style() {
        let text = "On December 25, 2022, and 25 December 2022, Dec. 25, 2022, 2022-12-25, February 2025 and 2001.";
        let found = find_dates(text);
        let styles: Vec<_> = found
            .iter()
            .map(|f| (&text[f.range.clone()], f.style))
            .collect();
        assert_eq!(
            styles,
            [
                (
                    "December 25, 2022",
                    DateStyle::MonthDayYear(MonthForm::Full)
                ),
                ("25 December 2022", DateStyle::DayMonthYear(MonthForm::Full)),
                (
                    "Dec. 25, 2022",
                    DateStyle::MonthDayYear(MonthForm::Abbreviated)
                ),
                ("2022-12-25", DateStyle::Iso),
                ("February 2025", DateStyle::MonthYear(MonthForm::Full)),
                ("2001", DateStyle::Year),
            ]
        );
        assert_eq!(found[0].date, Stated::Dated(day(2022, 12, 25)));
    }

    #[test]
    fn formats_in_the_article_style() {
        let d = day(2024, 12, 25);
        assert_eq!(
            format_like(d, DateStyle::MonthDayYear(MonthForm::Full)),
            "December 25, 2024"
        );
        assert_eq!(
            format_like(d, DateStyle::DayMonthYear(MonthForm::Full)),
            "25 December 2024"
        );
        assert_eq!(
            format_like(d, DateStyle::MonthDayYear(MonthForm::Abbreviated)),
            "Dec. 25, 2024"
        );
        assert_eq!(format_like(d, DateStyle::Iso), "2024-12-25");
        assert_eq!(
            format_like(
                PartialDate::Month {
                    year: 2025,
                    month: 2
                },
                DateStyle::MonthYear(MonthForm::Full)
            ),
            "February 2025"
        );
        assert_eq!(
            format_like(PartialDate::Year(2002), DateStyle::Year),
            "2002"
        );
    }

    /// The dates `find_dates` finds in `text`, as written, with their styles.
    fn written(text: &str) -> Vec<(&str, DateStyle)> {
        find_dates(text)
            .into_iter()
            .map(|f| (&text[f.range], f.style))
            .collect()
    }

    #[test]
    fn finds_days_written_without_a_year() {
        let text = "On April 25 the court sat; on 19 July, 3rd of May and Dec. 5th it did not.";
        assert_eq!(
            written(text),
            [
                ("April 25", DateStyle::MonthDay(MonthForm::Full)),
                ("19 July", DateStyle::DayMonth(MonthForm::Full)),
                ("3rd of May", DateStyle::DayMonth(MonthForm::Full)),
                ("Dec. 5th", DateStyle::MonthDay(MonthForm::Abbreviated)),
            ]
        );
        let found = find_dates(text);
        assert_eq!(found[0].date, Stated::Yearless { month: 4, day: 25 });
        assert_eq!(found[2].date, Stated::Yearless { month: 5, day: 3 });
        // February 29 is a day of some years.
        assert_eq!(
            written("It was February 29."),
            [("February 29", DateStyle::MonthDay(MonthForm::Full))]
        );
    }

    #[test]
    fn a_date_with_its_year_wins_over_the_day_inside_it() {
        assert_eq!(
            written("On April 25, 2019 and 25 April 2019 and April 2019."),
            [
                ("April 25, 2019", DateStyle::MonthDayYear(MonthForm::Full)),
                ("25 April 2019", DateStyle::DayMonthYear(MonthForm::Full)),
                ("April 2019", DateStyle::MonthYear(MonthForm::Full)),
            ]
        );
    }

    #[test]
    fn words_and_numbers_that_only_look_like_days_are_not_dates() {
        for text in [
            "Officials said it may 5 times over.",
            "They may 5 percent more.",
            "It will march 3 miles.",
            "Leeds went March 3 points clear.",
            "In May 5,000 people marched.",
            "Rates rose in March 3.5 percent.",
            "The May 5% rise.",
            "Fans sang 2.5 May songs.",
            "He scored on April 31.",
            "It was Jan 5.",
            "Apollo 11 landed.",
        ] {
            assert_eq!(written(text), [], "{text}");
        }
        // A count after a day is not a day; the day before a count still is.
        assert_eq!(
            written("On 5 March 3 points were docked."),
            [("5 March", DateStyle::DayMonth(MonthForm::Full))]
        );
    }

    #[test]
    fn may_mean_matches_a_yearless_day_in_any_year() {
        let yearless = Stated::Yearless { month: 4, day: 25 };
        assert!(yearless.may_mean(day(2019, 4, 25)));
        assert!(yearless.may_mean(day(2018, 4, 25)));
        assert!(!yearless.may_mean(day(2019, 4, 26)));
        assert!(!yearless.may_mean(PartialDate::Month {
            year: 2019,
            month: 4
        }));
        let dated = Stated::Dated(day(2019, 4, 25));
        assert!(dated.may_mean(day(2019, 4, 25)));
        assert!(!dated.may_mean(day(2018, 4, 25)));
        assert_eq!(yearless.dated(), None);
    }

    #[test]
    fn parses_dates_as_articles_write_them() {
        let y = Some(2019);
        for (text, date) in [
            ("April 25", day(2019, 4, 25)),
            ("25 April", day(2019, 4, 25)),
            ("July 19", day(2019, 7, 19)),
            ("july 19th", day(2019, 7, 19)),
            ("Dec 5", day(2019, 12, 5)),
            ("25 Dec.", day(2019, 12, 25)),
            ("Nov. 28, 1905", day(1905, 11, 28)),
            ("28 November 1905.", day(1905, 11, 28)),
            (
                "November 1905",
                PartialDate::Month {
                    year: 1905,
                    month: 11,
                },
            ),
            ("1905", PartialDate::Year(1905)),
            ("1905-11-28", day(1905, 11, 28)),
        ] {
            assert_eq!(PartialDate::parse_written(text, y), Ok(date), "{text}");
        }
        // A year in the text wins over the one given.
        assert_eq!(
            PartialDate::parse_written("April 25, 2018", y),
            Ok(day(2018, 4, 25))
        );
    }

    #[test]
    fn written_dates_that_are_not_dates_say_why() {
        assert_eq!(
            PartialDate::parse_written("April 25", None),
            Err(DateError::Yearless("April 25".into()))
        );
        assert!(matches!(
            PartialDate::parse_written("February 29", Some(2019)),
            Err(DateError::Impossible(_))
        ));
        assert!(matches!(
            PartialDate::parse_written("2019-02-29", None),
            Err(DateError::Impossible(_))
        ));
        for text in [
            "last Tuesday",
            "April",
            "April 25 and 26",
            "on April 25",
            "April 31",
            "25/04/2019",
        ] {
            assert!(
                matches!(
                    PartialDate::parse_written(text, Some(2019)),
                    Err(DateError::Unreadable(_))
                ),
                "{text}"
            );
        }
    }

    #[test]
    fn formats_at_the_precision_of_the_date() {
        let d = day(1905, 11, 28);
        assert_eq!(format_like(d, DateStyle::Year), "November 28, 1905");
        assert_eq!(
            format_like(d, DateStyle::MonthYear(MonthForm::Abbreviated)),
            "Nov. 28, 1905"
        );
        assert_eq!(
            format_like(d, DateStyle::DayMonth(MonthForm::Full)),
            "28 November 1905"
        );
        let month = PartialDate::Month {
            year: 1905,
            month: 9,
        };
        assert_eq!(format_like(month, DateStyle::Year), "September 1905");
        assert_eq!(
            format_like(month, DateStyle::MonthDayYear(MonthForm::Abbreviated)),
            "Sept. 1905"
        );
        assert_eq!(format_like(month, DateStyle::Iso), "1905-09");
        assert_eq!(format_like(PartialDate::Year(1906), DateStyle::Iso), "1906");
    }

    #[test]
    fn a_correction_leaves_the_year_out_where_the_article_does() {
        let claimed = day(2019, 4, 25);
        let style = DateStyle::MonthDay(MonthForm::Full);
        assert_eq!(
            format_correction(day(2019, 4, 26), claimed, style),
            "April 26"
        );
        assert_eq!(
            format_correction(
                day(2019, 4, 26),
                claimed,
                DateStyle::DayMonth(MonthForm::Full)
            ),
            "26 April"
        );
        assert_eq!(
            format_correction(
                day(2019, 12, 5),
                claimed,
                DateStyle::MonthDay(MonthForm::Abbreviated)
            ),
            "Dec. 5"
        );
        // Another year is named, in the article's order.
        assert_eq!(
            format_correction(day(2018, 4, 26), claimed, style),
            "April 26, 2018"
        );
        assert_eq!(
            format_correction(
                day(2018, 4, 26),
                claimed,
                DateStyle::DayMonth(MonthForm::Full)
            ),
            "26 April 2018"
        );
        // Less precise than a day: as precise as it is.
        assert_eq!(
            format_correction(PartialDate::Year(2018), claimed, style),
            "2018"
        );
        // A year corrected to a day shows the day.
        assert_eq!(
            format_correction(day(1905, 11, 28), PartialDate::Year(1905), DateStyle::Year),
            "November 28, 1905"
        );
    }

    #[test]
    fn a_style_without_days_takes_the_order_of_the_articles_days() {
        let british = Some(DateStyle::DayMonth(MonthForm::Abbreviated));
        assert_eq!(
            DateStyle::Year.for_days(british),
            DateStyle::DayMonthYear(MonthForm::Abbreviated)
        );
        assert_eq!(
            DateStyle::MonthYear(MonthForm::Full).for_days(british),
            DateStyle::DayMonthYear(MonthForm::Full)
        );
        assert_eq!(
            DateStyle::Year.for_days(None),
            DateStyle::MonthDayYear(MonthForm::Full)
        );
        assert_eq!(
            DateStyle::Year.for_days(Some(DateStyle::Iso)),
            DateStyle::Iso
        );
        assert_eq!(
            DateStyle::MonthYear(MonthForm::Full).for_days(Some(DateStyle::Iso)),
            DateStyle::MonthDayYear(MonthForm::Full)
        );
        let own = DateStyle::DayMonthYear(MonthForm::Full);
        assert_eq!(own.for_days(Some(DateStyle::Iso)), own);
    }
}
