//! Dates in prose and in annotation files.
//!
//! A `misdated` annotation names the date as the article gives it (`claimed`)
//! and the right one (`corrected`). [`find_dates`] finds the dates a sentence
//! states, each with its [`DateStyle`], so the page can strike the claimed
//! date through and write the correction in the article's own style with
//! [`format_like`].

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
            PartialDate::Day(d) => write!(f, "{}", d.format("%Y-%m-%d")),
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
}

/// A date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    /// Byte range in the searched text.
    pub range: Range<usize>,
    /// The date it states.
    pub date: PartialDate,
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

const MONTH_PATTERN: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)";

struct DatePatterns {
    month_day_year: Regex,
    day_month_year: Regex,
    iso: Regex,
    month_year: Regex,
    year: Regex,
}

static PATTERNS: LazyLock<DatePatterns> = LazyLock::new(|| {
    let compile = |p: &str| Regex::new(p).unwrap_or_else(|e| panic!("bad date pattern: {e}"));
    DatePatterns {
        month_day_year: compile(&format!(
            r"\b{MONTH_PATTERN}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"
        )),
        day_month_year: compile(&format!(
            r"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{MONTH_PATTERN},?\s+(\d{{4}})\b"
        )),
        iso: compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        month_year: compile(&format!(r"\b{MONTH_PATTERN},?\s+(\d{{4}})\b")),
        year: compile(r"\b(1[0-9]\d\d|20\d\d)\b"),
    }
});

fn month_number(token: &str) -> Option<(u32, MonthForm)> {
    let form = if token.ends_with('.') {
        MonthForm::Abbreviated
    } else {
        MonthForm::Full
    };
    let prefix = token.get(..3)?;
    MONTHS
        .iter()
        .position(|m| m.starts_with(prefix))
        .map(|i| (i as u32 + 1, form))
}

/// Every date stated in `text`, in order, without overlaps: full dates win
/// over a month and year, which win over a bare year.
pub fn find_dates(text: &str) -> Vec<FoundDate> {
    let p = &*PATTERNS;
    let mut found: Vec<FoundDate> = Vec::new();
    let mut add = |candidate: FoundDate| {
        if !found
            .iter()
            .any(|f| f.range.start < candidate.range.end && candidate.range.start < f.range.end)
        {
            found.push(candidate);
        }
    };
    let num = |s: &str| s.parse::<u32>().ok();
    for c in p.month_day_year.captures_iter(text) {
        if let (Some(all), Some((month, form)), Some(day), Some(year)) =
            (c.get(0), month_number(&c[1]), num(&c[2]), num(&c[3]))
            && let Some(d) = NaiveDate::from_ymd_opt(year as i32, month, day)
        {
            add(FoundDate {
                range: all.range(),
                date: PartialDate::Day(d),
                style: DateStyle::MonthDayYear(form),
            });
        }
    }
    for c in p.day_month_year.captures_iter(text) {
        if let (Some(all), Some(day), Some((month, form)), Some(year)) =
            (c.get(0), num(&c[1]), month_number(&c[2]), num(&c[3]))
            && let Some(d) = NaiveDate::from_ymd_opt(year as i32, month, day)
        {
            add(FoundDate {
                range: all.range(),
                date: PartialDate::Day(d),
                style: DateStyle::DayMonthYear(form),
            });
        }
    }
    for c in p.iso.captures_iter(text) {
        if let (Some(all), Some(year), Some(month), Some(day)) =
            (c.get(0), num(&c[1]), num(&c[2]), num(&c[3]))
            && let Some(d) = NaiveDate::from_ymd_opt(year as i32, month, day)
        {
            add(FoundDate {
                range: all.range(),
                date: PartialDate::Day(d),
                style: DateStyle::Iso,
            });
        }
    }
    for c in p.month_year.captures_iter(text) {
        if let (Some(all), Some((month, form)), Some(year)) =
            (c.get(0), month_number(&c[1]), num(&c[2]))
        {
            add(FoundDate {
                range: all.range(),
                date: PartialDate::Month {
                    year: year as i32,
                    month,
                },
                style: DateStyle::MonthYear(form),
            });
        }
    }
    for m in p.year.find_iter(text) {
        if let Some(year) = num(m.as_str()) {
            add(FoundDate {
                range: m.range(),
                date: PartialDate::Year(year as i32),
                style: DateStyle::Year,
            });
        }
    }
    found.sort_by_key(|f| f.range.start);
    found
}

fn month_name(month: u32, form: MonthForm) -> String {
    let full = MONTHS[(month.clamp(1, 12) - 1) as usize];
    match (form, month) {
        (MonthForm::Full, _) | (MonthForm::Abbreviated, 3..=7) => full.to_owned(),
        (MonthForm::Abbreviated, 9) => "Sept.".to_owned(),
        (MonthForm::Abbreviated, _) => format!("{}.", &full[..3]),
    }
}

/// Writes `date` in `style`; when the date is less precise than the style
/// (a month for a full-date style), the nearest style of its precision is used.
pub fn format_like(date: PartialDate, style: DateStyle) -> String {
    let form = match style {
        DateStyle::MonthDayYear(f) | DateStyle::DayMonthYear(f) | DateStyle::MonthYear(f) => f,
        DateStyle::Iso | DateStyle::Year => MonthForm::Full,
    };
    match date {
        PartialDate::Day(d) => match style {
            DateStyle::DayMonthYear(f) => {
                format!("{} {} {}", d.day(), month_name(d.month(), f), d.year())
            }
            DateStyle::Iso => d.format("%Y-%m-%d").to_string(),
            DateStyle::MonthYear(f) => format!("{} {}", month_name(d.month(), f), d.year()),
            DateStyle::Year => d.year().to_string(),
            DateStyle::MonthDayYear(f) => {
                format!("{} {}, {}", month_name(d.month(), f), d.day(), d.year())
            }
        },
        PartialDate::Month { year, month } => match style {
            DateStyle::Iso => format!("{year:04}-{month:02}"),
            DateStyle::Year => year.to_string(),
            _ => format!("{} {year}", month_name(month, form)),
        },
        PartialDate::Year(year) => year.to_string(),
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
        assert_eq!(found[0].date, day(2022, 12, 25));
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
}
