//! The annotation file exactly as serde reads it, and its conversion into
//! the typed [`AnnotationSet`].

use std::borrow::Cow;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_saphyr::budget::BudgetBreach;
use serde_saphyr::granit_parser::{ErrorKind, ScanError};
use serde_saphyr::{Budget, Error as YamlError, ExternalMessageSource, Spanned as YamlSpanned};

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::doc::{DocAnnotation, DocFile, DocIgnore, DocSource, Scalar};
use super::{
    Annotation, AnnotationSet, IgnoreEntry, RawError, Source, Span, Spanned, Verdict, Vocabulary,
    at,
};
use crate::dates::{DateError, PartialDate};
use crate::diagnostic::{self, Diagnostic, Subject, codes};

/// Any YAML scalar read as the text it was written as, so that an editor's
/// `verdict: false` or `published: 2001` is not a type error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a text value")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

type S = YamlSpanned<Text>;

// The JSON Schema of the annotation file is derived from these types: each
// value's schema-only type (below them) says what the loader accepts there,
// as far as JSON Schema can say it; `factmark schema` adds the rules of the
// project's vocabulary.

/// The annotation file (see DESIGN.md, "Annotation file").
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "factmark annotation file")]
pub struct RawFile {
    /// The article, relative to this file.
    #[schemars(with = "NonBlank")]
    pub article: S,
    /// The page title; default: the article's first heading or file stem.
    #[schemars(with = "Option<Text>")]
    pub title: Option<S>,
    /// Who made the claims: the article's author or publication.
    #[schemars(with = "Option<Text>")]
    pub author: Option<S>,
    /// The original article: an http:// or https:// URL.
    #[schemars(with = "Option<HttpUrl>")]
    pub url: Option<S>,
    /// The article's publication date: YYYY-MM-DD, YYYY-MM or YYYY.
    #[schemars(with = "Option<IsoDate>")]
    pub published: Option<S>,
    /// The date of the review: YYYY-MM-DD (or YYYY-MM, YYYY).
    #[schemars(with = "IsoDate")]
    pub reviewed: S,
    /// Who reviewed the article.
    #[serde(default)]
    #[schemars(with = "Vec<Text>")]
    pub reviewers: Vec<S>,
    /// The annotations.
    #[serde(default)]
    #[schemars(with = "Vec<RawAnnotation>")]
    pub annotations: Vec<YamlSpanned<RawAnnotation>>,
    /// Sentences that state no claim (bylines, credits, labels): handled for coverage, never verdicts.
    #[serde(default)]
    #[schemars(with = "Vec<RawIgnore>")]
    pub ignore: Vec<YamlSpanned<RawIgnore>>,
}

/// One sentence that states no claim.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIgnore {
    /// An exact (folded) substring of one sentence of the article.
    #[schemars(with = "NonBlank")]
    pub quote: S,
    /// The id of the sentence as it was reviewed (`s-` + 8 hex digits).
    #[schemars(with = "Option<SentenceId>")]
    pub sentence: Option<S>,
    /// Why the sentence states no claim: a byline, a credit line, a label.
    // Required by the format and the schema, but optional to serde: a
    // missing reason is then one finding with its own code, and the rest of
    // the file still loads.
    #[schemars(with = "NonBlank")]
    pub reason: Option<S>,
}

/// One annotation.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawAnnotation {
    /// An exact (folded) substring of one sentence of the article.
    #[schemars(with = "NonBlank")]
    pub quote: S,
    /// The id of the sentence as it was reviewed (`s-` + 8 hex digits).
    #[schemars(with = "Option<SentenceId>")]
    pub sentence: Option<S>,
    /// supported, partly-supported, disputed, misdated, false, misleading, unverified or opinion.
    #[schemars(with = "VerdictName")]
    pub verdict: S,
    /// misdated only: the date as the article gives it.
    #[schemars(with = "Option<DateText>")]
    pub claimed: Option<S>,
    /// misdated only: the right date.
    #[schemars(with = "Option<DateText>")]
    pub corrected: Option<S>,
    /// The reviewer's note: what holds, what does not, the right fact.
    #[schemars(with = "Option<Text>")]
    pub note: Option<S>,
    /// Text shown inline after the quote.
    #[schemars(with = "Option<Text>")]
    pub correction: Option<S>,
    /// Cited sources.
    #[serde(default)]
    #[schemars(with = "Vec<RawSource>")]
    pub sources: Vec<YamlSpanned<RawSource>>,
}

/// The verdict vocabulary, for the schema.
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum VerdictName {
    Supported,
    PartlySupported,
    Disputed,
    Misdated,
    False,
    Misleading,
    Unverified,
    Opinion,
}

/// A cited source.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    /// An http:// or https:// URL.
    #[schemars(with = "HttpUrl")]
    pub url: S,
    /// The title of the cited piece.
    #[schemars(with = "Option<Text>")]
    pub title: Option<S>,
    /// Who published it.
    #[schemars(with = "Option<Text>")]
    pub publisher: Option<S>,
    /// When it was published: YYYY-MM-DD, YYYY-MM or YYYY.
    #[schemars(with = "Option<IsoDate>")]
    pub date: Option<S>,
}

/// Schema only: any YAML scalar, which [`Text`] reads as the text it was
/// written as (`verdict: false`, `title: 1984`).
impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": ["string", "number", "boolean"] })
    }
}

/// Defines a schema-only type: the schema of a value the loader reads as
/// [`Text`] and then checks further.
macro_rules! schema_only {
    ($(#[$doc:meta])* $name:ident => $schema:tt) => {
        $(#[$doc])*
        struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    };
}

schema_only! {
    /// A text with something besides white space: a quote, a reason, the
    /// article's path (`pattern` judges only strings; a number is its digits).
    NonBlank => { "type": ["string", "number", "boolean"], "pattern": "\\S" }
}

schema_only! {
    /// A date [`PartialDate::parse`] accepts, or a year YAML reads as a
    /// number (`published: 2001`).
    IsoDate => {
        "type": ["string", "integer"],
        "pattern": ISO_DATE,
        "minimum": 1000,
        "maximum": 9999
    }
}

schema_only! {
    /// `claimed` and `corrected`: a date as the article writes it, or a
    /// year YAML reads as a number.
    DateText => { "type": ["string", "integer"] }
}

schema_only! {
    /// A sentence id [`is_sentence_id`] accepts, white space around it aside.
    SentenceId => { "type": "string", "pattern": "^\\s*s-[0-9a-f]{8}(-[0-9]+)?\\s*$" }
}

schema_only! {
    /// A URL the loader accepts as a source: `http://` or `https://` in any
    /// case, and something after it.
    HttpUrl => { "type": "string", "pattern": "^\\s*[Hh][Tt][Tt][Pp][Ss]?://[\\s\\S]*\\S" }
}

/// The dates [`PartialDate::parse`] accepts, as a regular expression JSON
/// Schema validators understand: a year, a year and month, or a day that
/// exists (months of 28 to 31 days; 29 February in leap years only).
/// Digits are `[0-9]`, not `\d`, which some engines take to mean any
/// Unicode digit.
const ISO_DATE: &str = concat!(
    r"^\s*(",
    // A year, or a year and a month.
    r"[0-9]{4}(-(0[1-9]|1[0-2]))?",
    // A day of a month of 31 days, of 30 days, or of February up to the 28th.
    r"|[0-9]{4}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])",
    r"|(0[469]|11)-(0[1-9]|[12][0-9]|30)",
    r"|02-(0[1-9]|1[0-9]|2[0-8]))",
    // 29 February of a leap year: divisible by 4, and by 400 if by 100.
    r"|([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29",
    r")\s*$"
);

/// What a single value where a list goes is told.
const WANTS_LIST: &str = "a list (`- …` items) is expected here, not a single value";
/// What a value where keys and values go is told.
const WANTS_KEYS: &str = "keys and values (`key: value`) are expected here";

/// Reads the YAML into the raw shape, or the one error that stops it.
pub(crate) fn from_str(source: &str) -> Result<RawFile, RawError> {
    // Comments and document markers alone hold no value either.
    let blank = source.lines().all(|line| {
        let line = line.trim();
        line.is_empty() || line.starts_with('#') || matches!(line, "---" | "..." | "~" | "null")
    });
    if blank {
        return Err(RawError {
            code: codes::MISSING_KEY,
            message: "the annotation file is empty".into(),
            help: Some(
                "start from `factmark init ARTICLE`, or give at least `article:` and `reviewed:`"
                    .into(),
            ),
            line: 1,
            column: 1,
        });
    }
    deserialize_yaml(
        source,
        "`annotations` and `sources` are lists (`- …` items), `reviewers` a list of names, every other value a single text or date",
    )
    .map_err(|e| bare_url(e, source))
}

/// `e`, said as what it is when it is about a source written as its
/// address alone, right after `sources:` (`sources: [https://…]`,
/// `sources:` then `- https://…`).
fn bare_url(mut e: RawError, source: &str) -> RawError {
    let wrong_shape = e.message == WANTS_KEYS || e.message == WANTS_LIST;
    let at = super::offset_of(source, e.line, e.column);
    let punctuation = ['"', '\'', '[', '-', ' ', '\t', '\r', '\n'];
    let after_sources = source[..at]
        .trim_end_matches(punctuation)
        .ends_with("sources:");
    let url = source[at..].trim_start_matches(punctuation);
    if wrong_shape && after_sources && (url.starts_with("http://") || url.starts_with("https://")) {
        e.message = "a source is written as keys and values, not as a bare URL".to_owned();
        e.help = Some(
            "write each source as a list item `- url: https://…`, with `title:` and `publisher:` on the lines below it, indented as `url:`"
                .to_owned(),
        );
    }
    e
}

/// Reads YAML `source` into `T`, or the one error that stops it, classified
/// with a stable code. `shape_help` says what the values should look like.
pub(crate) fn deserialize_yaml<T: DeserializeOwned>(
    source: &str,
    shape_help: &str,
) -> Result<T, RawError> {
    let budget = budget_for(source.len());
    // How many aliases serde-saphyr met: a limit hit with aliases about is an
    // alias bomb, one hit without them is a file too big to read.
    let aliases = Rc::new(Cell::new(0));
    let seen = Rc::clone(&aliases);
    let options = serde_saphyr::options! {
        with_snippet: false,
        budget: Some(budget.clone()),
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_REPEATED,
        },
    }
    .with_budget_report(move |report| seen.set(report.aliases));
    serde_saphyr::from_str_with_options::<T>(source, options).map_err(|e| {
        let (line, column) = e
            .location()
            .map_or((0, 0), |l| (l.line() as usize, l.column() as usize));
        let cause = root_cause(&e);
        if let Some((message, help)) = limit_hit(cause, &budget, aliases.get() > 0, shape_help) {
            return RawError {
                code: codes::YAML,
                message,
                help,
                line,
                column,
            };
        }
        if let Some(scan) = scan_error(cause) {
            return syntax_error(scan, source, line, column);
        }
        let full = e.to_string();
        // serde-saphyr appends " at line L column C", and for a value reached
        // through an alias " (defined at line L, column C)"; the diagnostic
        // carries the place itself.
        let message = full
            .split(" (defined at line ")
            .next()
            .and_then(|m| m.split(" at line ").next())
            .unwrap_or(&full)
            .trim()
            .to_owned();
        let (code, help) = classify(&message, shape_help);
        // serde-saphyr's wording speaks to programmers; editors need the key.
        let (message, own_help) = match message.strip_prefix("duplicate mapping key: ") {
            Some(rest) => {
                let key = rest.split(',').next().unwrap_or(rest).trim();
                (
                    format!("the key `{key}` is given twice in the same entry"),
                    None,
                )
            }
            // The parser's words for a value of the wrong shape.
            None => match message.as_str() {
                "expected sequence start" => (WANTS_LIST.to_owned(), None),
                "expected mapping start" | "expected struct start" => (WANTS_KEYS.to_owned(), None),
                _ => in_words(&message),
            },
        };
        RawError {
            code,
            message,
            help: own_help.map(str::to_owned).or(help),
            line,
            column,
        }
    })
}

/// serde-saphyr's words for what it could not read, as an editor says them
/// (`invalid type: unit value, expected a text value` is "no value where a
/// text value is expected"), with what to do when the words alone do not
/// say it.
fn in_words(message: &str) -> (String, Option<&'static str>) {
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let found = match found {
            "unit value" => "no value".to_owned(),
            "sequence" => "a list".to_owned(),
            "map" => "keys and values".to_owned(),
            other => other
                .replace("integer", "the number")
                .replace("floating point", "the number"),
        };
        return (format!("{found} where {expected} is expected"), None);
    }
    if message.starts_with("multiple YAML documents") {
        return (
            "the file holds more than one YAML document".to_owned(),
            Some(
                "an annotation file is one document: remove the `---` line that starts the second, or give it a file of its own",
            ),
        );
    }
    if let Some(number) = message
        .strip_prefix("non-finite float `")
        .and_then(|rest| rest.split('`').next())
    {
        let why = if number.to_ascii_lowercase().contains("nan") {
            "is not a number"
        } else {
            "is too large to be a number"
        };
        return (format!("`{number}` {why}"), None);
    }
    match message {
        "expected string scalar" => (
            "a key must be a plain word".to_owned(),
            Some("write keys as words followed by a colon, such as `quote:`"),
        ),
        _ => (message.to_owned(), None),
    }
}

/// How many parser events aliases may repeat in all. factmark's files need
/// no aliases, and the few a reviewer may use (an id, a list of sources)
/// repeat a handful of values. An alias bomb stops here whatever the size of
/// its file; at serde-saphyr's default, a million, one ran for seven seconds
/// in a debug build.
const MAX_REPEATED: usize = 250_000;

/// serde-saphyr's limits for a YAML file of `len` bytes.
///
/// The defaults (250,000 values, a million parser events) refuse a valid
/// annotation file of about 5 MB, so the limits that a file's size drives
/// grow with it: one value per 8 bytes and two events per value. A real
/// annotation file holds one value per 20 bytes or so, so any of them under
/// the 64 MB input limit is read; a file of tiny values (`[a,a,…]`, one per
/// two bytes), which no review needs, would take gigabytes to build and is
/// refused. Text may be twice the bytes (the escape `\L` is two bytes for a
/// three-byte character). Only aliases repeat values beyond that, and the
/// limits on them do not grow: 50,000 aliases, 50,000 anchors and
/// [`MAX_REPEATED`] events repeated through them.
fn budget_for(len: usize) -> Budget {
    let mut budget = Budget::default();
    budget.max_nodes = budget.max_nodes.max(len / 8);
    budget.max_events = budget.max_events.max(len / 4);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(len.saturating_mul(2));
    budget
}

/// The error under serde-saphyr's wrappers, which add only places.
fn root_cause(mut error: &YamlError) -> &YamlError {
    loop {
        match error {
            YamlError::AliasError { error: inner, .. }
            | YamlError::WithSnippet { error: inner, .. } => {
                error = inner;
            }
            _ => return error,
        }
    }
}

/// Which of serde-saphyr's limits `error` is, in words, and what to do;
/// `None` when it is no limit. `aliases` says whether the file has any.
fn limit_hit(
    error: &YamlError,
    budget: &Budget,
    aliases: bool,
    shape_help: &str,
) -> Option<(String, Option<String>)> {
    let copies = if aliases {
        ", counting each alias (`*name`) as a copy"
    } else {
        ""
    };
    let megabytes = budget.max_total_scalar_bytes / (1024 * 1024);
    // What was too much, and whether aliases are the cause.
    let (what, through_aliases) = match error {
        YamlError::Budget { breach, .. } => match breach {
            BudgetBreach::Nodes { .. } => (
                format!("over {} values{copies}", grouped(budget.max_nodes)),
                aliases,
            ),
            BudgetBreach::Events { .. } => (
                format!(
                    "over {} values and ends of lists and mappings{copies}",
                    grouped(budget.max_events)
                ),
                aliases,
            ),
            BudgetBreach::ScalarBytes { .. } => {
                (format!("over {megabytes} MB of text{copies}"), aliases)
            }
            BudgetBreach::Depth { .. } => (
                format!("nested over {} levels deep{copies}", budget.max_depth),
                aliases,
            ),
            BudgetBreach::Aliases { .. } => (
                format!("over {} aliases (`*name`)", grouped(budget.max_aliases)),
                true,
            ),
            BudgetBreach::AliasAnchorRatio { aliases, anchors } => (
                format!(
                    "{aliases} aliases (`*name`) of {anchors} anchors (`&name`), over {} per anchor",
                    budget.alias_anchor_ratio_multiplier
                ),
                true,
            ),
            BudgetBreach::Anchors { .. } => (
                format!("over {} anchors (`&name`)", grouped(budget.max_anchors)),
                true,
            ),
            BudgetBreach::RecordedAnchorEvents { .. }
            | BudgetBreach::RecordedAnchorBytes { .. } => {
                ("anchors (`&name`) hold too much to repeat".to_owned(), true)
            }
            BudgetBreach::Documents { .. } => (
                format!("over {} documents (`---`)", budget.max_documents),
                false,
            ),
            _ => (format!("too many values{copies}"), aliases),
        },
        YamlError::AliasReplayLimitExceeded {
            max_total_replayed_events,
            ..
        } => (
            format!(
                "aliases (`*name`) repeat values over {} times",
                grouped(*max_total_replayed_events)
            ),
            true,
        ),
        YamlError::AliasExpansionLimitExceeded { .. }
        | YamlError::AliasReplayStackDepthExceeded { .. }
        | YamlError::AliasReplayCounterOverflow { .. } => (
            "aliases (`*name`) repeat values too many times".to_owned(),
            true,
        ),
        _ => return None,
    };
    let help = if through_aliases {
        Some(
            "factmark's files need no anchors or aliases (`&name`, `*name`): write each value out"
                .to_owned(),
        )
    } else if matches!(
        error,
        YamlError::Budget {
            breach: BudgetBreach::Depth { .. },
            ..
        }
    ) {
        Some(shape_help.to_owned())
    } else {
        None
    };
    Some((format!("the YAML is too big to read: {what}"), help))
}

/// `n` with its thousands grouped: 250,000.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The YAML parser's own error under `error`, if it is one: a syntax error.
fn scan_error(error: &YamlError) -> Option<&ScanError> {
    match error {
        YamlError::ExternalMessage { source, .. } => match source.as_ref() {
            ExternalMessageSource::Parser(scan) => Some(scan),
            _ => None,
        },
        _ => None,
    }
}

/// A syntax error found by the YAML parser at `line`:`column`.
fn syntax_error(scan: &ScanError, source: &str, line: usize, column: usize) -> RawError {
    let mut error = RawError {
        code: codes::YAML,
        message: scan.info(),
        help: None,
        line,
        column,
    };
    match scan.kind() {
        &ErrorKind::UnexpectedCharacter { character } if !yaml_printable(character) => {
            let what = if character.is_control() {
                "a control character"
            } else {
                "a character"
            };
            error.message = format!(
                "the YAML has {what} (U+{:04X}), which YAML does not allow",
                u32::from(character)
            );
            error.help = Some(
                "remove it: YAML text holds no control characters but tabs and line breaks \
                 (to keep one, write it as an escape in double quotes, such as \"\\x1b\")"
                    .to_owned(),
            );
            // The parser points at the start of a scalar that holds one; the
            // character itself is what to find.
            let from = super::offset_of(source, line, column);
            if let Some(at) = source
                .get(from..)
                .and_then(|rest| rest.find(character))
                .map(|i| from + i)
                .or_else(|| source.find(character))
            {
                (error.line, error.column) = crate::diagnostic::line_column(source, at);
            }
        }
        ErrorKind::UnexpectedCharacter { character } => {
            error.message = format!("a value cannot start with `{character}`");
            error.help = Some("put the value in quotes".to_owned());
        }
        ErrorKind::TabNotAllowed
        | ErrorKind::TabInBlockIndentation
        | ErrorKind::TabInIndentation => {
            error.help = Some("indent YAML with spaces, not tabs".to_owned());
        }
        _ if error.message == "recursion limit exceeded" => {
            error.message = "the lists and mappings are nested too deeply".to_owned();
            error.help = Some(
                "an annotation file nests a few levels: a list of entries, each with its keys and lists"
                    .to_owned(),
            );
        }
        _ if error.message.contains("expected ':'") => {
            error.message = "a key without its `:`".to_owned();
            error.help = Some(
                "write each line of an entry as `key: value`, or continue the value above it in quotes"
                    .to_owned(),
            );
        }
        _ => {}
    }
    error
}

/// Whether YAML allows `c` in a file (its `c-printable` set): what a
/// writer of YAML must escape is everything else.
pub fn yaml_printable(c: char) -> bool {
    matches!(
        u32::from(c),
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..
    )
}

/// The text between the first pair of backticks after `after` in `message`.
fn backticked<'m>(message: &'m str, after: &str) -> Option<&'m str> {
    let rest = &message[message.find(after)? + after.len()..];
    let start = rest.find('`')? + 1;
    let len = rest[start..].find('`')?;
    Some(&rest[start..start + len])
}

fn classify(message: &str, shape_help: &str) -> (&'static str, Option<String>) {
    if message.contains("unknown field") {
        let key = backticked(message, "unknown field").unwrap_or("");
        let allowed: Vec<&str> = message
            .split_once("expected one of ")
            .map(|(_, list)| {
                list.split(',')
                    .map(|k| k.trim().trim_matches('`'))
                    .collect()
            })
            .unwrap_or_default();
        let nearest = allowed
            .iter()
            .map(|k| (strsim::jaro_winkler(k, key), *k))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let help = match nearest {
            Some((_, k)) => format!(
                "did you mean `{k}`? Allowed keys here: {}",
                allowed.join(", ")
            ),
            None => format!("allowed keys here: {}", allowed.join(", ")),
        };
        (codes::UNKNOWN_KEY, Some(help))
    } else if message.contains("missing field") {
        (
            codes::MISSING_KEY,
            Some("add the key; see the README's YAML format".into()),
        )
    } else if message.contains("duplicate") {
        (
            codes::DUPLICATE_KEY,
            Some(
                "keep one of the two entries; a second value would silently replace the first"
                    .into(),
            ),
        )
    } else if message.contains("invalid type") || message.contains("expected ") {
        (codes::WRONG_TYPE, Some(shape_help.to_owned()))
    } else {
        (codes::YAML, None)
    }
}

/// Where `value` stands in `source`.
pub(crate) fn span_of<T>(value: &YamlSpanned<T>, source: &str) -> Span {
    let location = value.referenced;
    let line = location.line() as usize;
    let column = location.column() as usize;
    let byte = location.span();
    let offset = byte
        .byte_offset()
        .map_or_else(|| super::offset_of(source, line, column), |o| o as usize)
        .min(source.len());
    let len = byte.byte_len().map_or(0, |l| l as usize);
    let len = if len == 0 {
        source[offset..].find('\n').unwrap_or(source.len() - offset)
    } else {
        len
    };
    Span {
        line,
        column,
        offset,
        len: len.min(source.len() - offset),
    }
}

fn scalar(value: S, source: &str) -> Scalar {
    let span = span_of(&value, source);
    // YAML reads a plain `0x7E6` or `1e3` as a number, which would come
    // back as `2022` or `1000`, a year nobody wrote: a plain scalar on one
    // line is taken as written (for any other plain scalar that is its
    // value), unless it is all digits, which YAML and the schema read as
    // the number they write (`0999` is 999, no year of four digits).
    let written = source
        .get(span.offset..span.offset + span.len)
        .map(str::trim)
        .filter(|w| {
            !w.is_empty()
                && !w.bytes().all(|b| b.is_ascii_digit())
                && !w.contains('\n')
                && !w.contains(" #")
                && !w.starts_with(['"', '\'', '|', '>', '[', '{', '*', '&', '!'])
        });
    Scalar {
        value: written.map_or(value.value.0, str::to_owned),
        span,
    }
}

/// The file as serde-saphyr read it, in the shape both readers share.
pub(crate) fn to_doc(raw: RawFile, source: &str) -> DocFile {
    let optional = |v: Option<S>| v.map(|v| scalar(v, source));
    DocFile {
        article: scalar(raw.article, source),
        title: optional(raw.title),
        author: optional(raw.author),
        url: optional(raw.url),
        published: optional(raw.published),
        reviewed: scalar(raw.reviewed, source),
        reviewers: raw
            .reviewers
            .into_iter()
            .map(|r| scalar(r, source))
            .collect(),
        annotations: raw
            .annotations
            .into_iter()
            .map(|a| {
                let span = span_of(&a, source);
                let r = a.value;
                DocAnnotation {
                    span,
                    quote: scalar(r.quote, source),
                    sentence: optional(r.sentence),
                    verdict: scalar(r.verdict, source),
                    claimed: optional(r.claimed),
                    corrected: optional(r.corrected),
                    note: optional(r.note),
                    correction: optional(r.correction),
                    sources: r
                        .sources
                        .into_iter()
                        .map(|s| {
                            let span = span_of(&s, source);
                            let s = s.value;
                            DocSource {
                                span,
                                url: scalar(s.url, source),
                                title: optional(s.title),
                                publisher: optional(s.publisher),
                                date: optional(s.date),
                            }
                        })
                        .collect(),
                }
            })
            .collect(),
        ignore: raw
            .ignore
            .into_iter()
            .map(|e| {
                let span = span_of(&e, source);
                let r = e.value;
                DocIgnore {
                    span,
                    quote: scalar(r.quote, source),
                    sentence: optional(r.sentence),
                    reason: optional(r.reason),
                }
            })
            .collect(),
    }
}

struct Converter<'a> {
    file: &'a Path,
    vocabulary: &'a Vocabulary,
    findings: &'a mut Vec<Diagnostic>,
    /// The year that a `claimed` or `corrected` day written without one
    /// takes: `published`'s; else why there is none, for the message.
    year: Result<i32, &'static str>,
}

impl Converter<'_> {
    /// Runs `convert` and marks every finding it adds as about `subject`,
    /// so that coverage can leave out the entries that have errors.
    fn about<T>(&mut self, subject: Subject, convert: impl FnOnce(&mut Self) -> T) -> T {
        let first = self.findings.len();
        let converted = convert(self);
        for finding in &mut self.findings[first..] {
            finding.subject = Some(subject);
        }
        converted
    }

    fn error(&mut self, code: &'static str, span: Span, message: String, help: Option<String>) {
        let mut d = at(Diagnostic::error(code, self.file, message), span);
        d.help = help;
        self.findings.push(d);
    }

    fn date(&mut self, value: &Scalar, what: &str) -> Option<PartialDate> {
        let span = value.span;
        match PartialDate::parse(&value.value) {
            Ok(date) => Some(date),
            Err(e) => {
                let help = match e {
                    // `parse` reads ISO dates only: no prose, no yearless day.
                    DateError::Format(_) | DateError::Unreadable(_) | DateError::Yearless(_) => {
                        "write the date as YYYY-MM-DD, YYYY-MM or YYYY"
                    }
                    DateError::Impossible(_) => "check the day and month",
                };
                self.error(
                    codes::BAD_DATE,
                    span,
                    format!("{what}: {e}"),
                    Some(help.into()),
                );
                None
            }
        }
    }

    /// A `claimed` or `corrected` date: as the article writes it ("April
    /// 25", "Nov. 28, 1905") or in ISO form; without a year, in the year of
    /// `published`.
    fn written_date(&mut self, value: &Scalar, what: &str) -> Option<PartialDate> {
        let error = match PartialDate::parse_written(&value.value, self.year.ok()) {
            Ok(date) => return Some(date),
            Err(e) => e,
        };
        let (message, help) = match &error {
            DateError::Yearless(text) => (
                format!(
                    "{what}: `{text}` has no year, and {} to take it from",
                    self.year.err().unwrap_or("there is no year")
                ),
                format!(
                    "add `published: YYYY-MM-DD`, the article's publication date (a date without a year takes its year), or write the year in `{what}`"
                ),
            ),
            DateError::Impossible(_) => (
                format!("{what}: {error}"),
                "check the day and month; a date without a year takes the year of `published`"
                    .to_owned(),
            ),
            DateError::Format(_) | DateError::Unreadable(_) => (
                format!("{what}: {error}"),
                if what == "claimed" {
                    "copy the date from the sentence as it is written there, or write it as YYYY-MM-DD"
                } else {
                    "write the right date as the article would (\"April 26\") or as YYYY-MM-DD"
                }
                .to_owned(),
            ),
        };
        self.error(codes::BAD_DATE, value.span, message, Some(help));
        None
    }

    /// `corrected`, unless it is the very date `claimed` is: it would
    /// correct nothing, and the page would strike the date through only to
    /// write it again. Such a `corrected` is reported and left without its
    /// date, so the annotation still anchors but shows no correction.
    fn distinct_correction(
        &mut self,
        claimed: Option<PartialDate>,
        corrected: Option<(Option<PartialDate>, Span)>,
        verdict: &Verdict,
    ) -> Option<(Option<PartialDate>, Span)> {
        let (Some(date), span) = corrected? else {
            return corrected;
        };
        if claimed != Some(date) {
            return corrected;
        }
        self.error(
            codes::BAD_DATE,
            span,
            format!("`corrected` is the date `claimed` already gives ({date})"),
            Some(format!(
                "write the right date in `corrected` (a year or month may be made a full date); if the article's date is right, `{verdict}` is not the verdict"
            )),
        );
        Some((None, span))
    }

    fn source_entry(&mut self, raw_source: DocSource) -> Option<Source> {
        let url = raw_source.url;
        let trimmed = url.value.trim();
        if !is_http_url(trimmed) {
            self.error(
                codes::BAD_URL,
                url.span,
                format!("source URL `{}` is not an http(s) URL", url.value),
                Some("cite sources by their http:// or https:// address".into()),
            );
            return None;
        }
        let date = raw_source
            .date
            .as_ref()
            .and_then(|d| self.date(d, "source date"));
        let value = if trimmed.len() == url.value.len() {
            url.value
        } else {
            trimmed.to_owned()
        };
        Some(Source {
            url: Spanned {
                value,
                span: url.span,
            },
            title: raw_source.title.map(|t| t.value),
            publisher: raw_source.publisher.map(|t| t.value),
            date,
        })
    }

    /// A recorded sentence id, trimmed, reported when it is not one.
    fn sentence_id(&mut self, sentence: Option<Scalar>) -> Option<Scalar> {
        // White space is no part of an id: a block scalar (`sentence: |`)
        // ends in a line break unless it is written `|-`.
        let sentence = sentence.map(|mut s| {
            if s.value.trim().len() != s.value.len() {
                s.value = s.value.trim().to_owned();
            }
            s
        });
        if let Some(s) = &sentence
            && !is_sentence_id(&s.value)
        {
            self.error(
                codes::BAD_SENTENCE_ID,
                s.span,
                format!("`{}` is not a sentence id", s.value),
                Some("sentence ids look like `s-3f9a2c1b`: `factmark accept FILE` records the right one where the quote occurs once, and `factmark sentences ARTICLE` lists them".into()),
            );
        }
        sentence
    }

    /// An `ignore` entry: a quote, perhaps a sentence id, and a reason. One
    /// with an empty quote is left out; one without a reason stays, so it
    /// still anchors, but is reported.
    fn ignore_entry(&mut self, index: usize, r: DocIgnore) -> Option<IgnoreEntry> {
        let usable = !r.quote.value.trim().is_empty();
        if !usable {
            self.error(
                codes::EMPTY_QUOTE,
                r.quote.span,
                format!("ignore entry {} has an empty quote", index + 1),
                Some("quote the sentence exactly as the article words it".into()),
            );
        }
        let sentence = self.sentence_id(r.sentence);
        let help = "say why the sentence states no claim, such as `reason: byline` or `reason: credit line`";
        let reason = match r.reason {
            Some(reason) if !reason.value.trim().is_empty() => Some(reason),
            Some(empty) => {
                self.error(
                    codes::MISSING_REASON,
                    empty.span,
                    format!("ignore entry {} has an empty `reason`", index + 1),
                    Some(help.into()),
                );
                None
            }
            None => {
                self.error(
                    codes::MISSING_REASON,
                    r.span,
                    format!("ignore entry {} has no `reason`", index + 1),
                    Some(help.into()),
                );
                None
            }
        };
        usable.then_some(IgnoreEntry {
            index,
            span: r.span,
            quote: r.quote,
            sentence,
            reason,
        })
    }

    fn annotation(&mut self, index: usize, r: DocAnnotation) -> Option<Annotation> {
        let item_span = r.span;
        let quote = r.quote;
        let mut usable = true;
        // What folds to nothing: white space only.
        if quote.value.trim().is_empty() {
            self.error(
                codes::EMPTY_QUOTE,
                quote.span,
                format!("annotation {} has an empty quote", index + 1),
                Some("quote the claim exactly as the article words it".into()),
            );
            usable = false;
        }
        // Messages name the annotation; made only for one that has an error.
        let name = || diagnostic::name_entry(Subject::Annotation(index), &quote.value);
        let verdict_text = r.verdict;
        let verdict = match self.vocabulary.get(verdict_text.value.trim()) {
            Some(v) => v.clone(),
            None => {
                let nearest = self
                    .vocabulary
                    .nearest(verdict_text.value.trim())
                    .map_or("supported", Verdict::name);
                let help = format!(
                    "did you mean `{nearest}`? Verdicts: {}",
                    self.vocabulary.names()
                );
                self.error(
                    codes::UNKNOWN_VERDICT,
                    verdict_text.span,
                    format!(
                        "{}, has an unknown verdict `{}`",
                        name(),
                        verdict_text.value
                    ),
                    Some(help),
                );
                return None;
            }
        };
        let sentence = self.sentence_id(r.sentence);
        let date_field = |this: &mut Self, field: &Option<Scalar>, name: &str| {
            field.as_ref().map(|d| (this.written_date(d, name), d.span))
        };
        let claimed = date_field(self, &r.claimed, "claimed");
        let corrected = date_field(self, &r.corrected, "corrected");
        let vocabulary = self.vocabulary;
        let dating = vocabulary
            .iter()
            .find(|v| v.corrects_dates())
            .map_or("misdated", Verdict::name);
        for (value, field) in [(&claimed, "claimed"), (&corrected, "corrected")] {
            match value {
                Some((None, _)) => usable = false,
                Some((Some(_), span)) if !verdict.corrects_dates() => self.error(
                    codes::MISPLACED_FIELD,
                    *span,
                    format!(
                        "`{field}` belongs to `{dating}` annotations, but {}, is `{verdict}`",
                        name()
                    ),
                    Some(format!("remove `{field}`, or change the verdict to `{dating}`")),
                ),
                None if verdict.corrects_dates() => self.error(
                    codes::MISSING_FIELD,
                    verdict_text.span,
                    format!("{}, is `{verdict}` and needs `{field}`", name()),
                    Some("give `claimed` (the date as the article has it) and `corrected` (the right date)".into()),
                ),
                _ => {}
            }
        }
        let corrected = if verdict.corrects_dates() {
            self.distinct_correction(claimed.and_then(|(c, _)| c), corrected, &verdict)
        } else {
            corrected
        };
        let note = r.note;
        let has_note = note.as_ref().is_some_and(|n| !n.value.trim().is_empty());
        if verdict.requires_note() && !has_note {
            let span = note.as_ref().map_or(verdict_text.span, |n| n.span);
            self.error(
                codes::MISSING_FIELD,
                span,
                format!("{}, is `{verdict}` and needs a note", name()),
                Some(
                    "say in one to three sentences what holds, what does not, and the right fact"
                        .into(),
                ),
            );
        }
        let cited = !r.sources.is_empty();
        let sources: Vec<Source> = r
            .sources
            .into_iter()
            .filter_map(|s| self.source_entry(s))
            .collect();
        if verdict.requires_source() && !cited {
            self.error(
                codes::MISSING_FIELD,
                verdict_text.span,
                format!("{}, is `{verdict}` and needs at least one source", name()),
                Some("add `sources:` with the `url` of the evidence".into()),
            );
        }
        let dated = |pair: Option<(Option<PartialDate>, Span)>| {
            pair.and_then(|(d, span)| d.map(|value| Spanned { value, span }))
        };
        usable.then(|| Annotation {
            index,
            span: item_span,
            quote,
            sentence,
            verdict: Spanned {
                value: verdict,
                span: verdict_text.span,
            },
            claimed: dated(claimed),
            corrected: dated(corrected),
            note,
            correction: r.correction,
            sources,
        })
    }
}

/// `s-` + 8 lowercase hex digits, optionally `-N` for a repeat.
pub fn is_sentence_id(id: &str) -> bool {
    let Some(rest) = id.strip_prefix("s-") else {
        return false;
    };
    let (hex, repeat) = rest.split_once('-').unwrap_or((rest, "2"));
    hex.len() == 8
        && hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        && !repeat.is_empty()
        && repeat.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `url` (trimmed) is an http:// or https:// URL, in any case, with
/// something after the scheme: what the schema's `HttpUrl` accepts.
fn is_http_url(url: &str) -> bool {
    let has_scheme = |scheme: &str| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
    };
    let http = has_scheme("http://");
    (has_scheme("https://") || http) && url.len() > "https://".len() - usize::from(http)
}

/// The original article's address, trimmed; `None` (and an error) when it
/// is not http(s), so that no page ever links it.
fn original_url(c: &mut Converter, url: Scalar) -> Option<String> {
    let trimmed = url.value.trim();
    if is_http_url(trimmed) {
        return Some(trimmed.to_owned());
    }
    c.error(
        codes::BAD_URL,
        url.span,
        format!("`url` `{}` is not an http(s) URL", url.value),
        Some("give the original article's http:// or https:// address, or leave `url` out".into()),
    );
    None
}

/// Resolves the `article` path against the folder of the annotation file.
pub(crate) fn resolve(file: &Path, article: &str) -> PathBuf {
    let base = file.parent().unwrap_or_else(|| Path::new(""));
    let joined = base.join(article);
    // Lexically drop `.` and resolve `..` so paths in messages stay readable.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            other => out.push(other),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

pub(crate) fn into_set(
    raw: DocFile,
    file: &Path,
    vocabulary: &Arc<Vocabulary>,
    findings: &mut Vec<Diagnostic>,
) -> Option<AnnotationSet> {
    let mut c = Converter {
        file,
        vocabulary,
        findings,
        year: Err("the file has no `published` date"),
    };
    let article = raw.article;
    if article.value.trim().is_empty() {
        c.error(
            codes::MISSING_KEY,
            article.span,
            "`article` is empty: it must name the article's Markdown file".into(),
            Some("give the path relative to this file, such as `../seeds/my-article.md`".into()),
        );
        return None;
    }
    let published = raw.published.as_ref().and_then(|d| c.date(d, "published"));
    c.year = match (&raw.published, published) {
        (_, Some(date)) => Ok(date.year()),
        (Some(_), None) => Err("`published` is not a date"),
        (None, None) => Err("the file has no `published` date"),
    };
    let reviewed = c.date(&raw.reviewed, "reviewed");
    let url = raw.url.and_then(|url| original_url(&mut c, url));
    let entries = raw.annotations.len();
    let annotations = raw
        .annotations
        .into_iter()
        .enumerate()
        .filter_map(|(i, a)| c.about(Subject::Annotation(i), |c| c.annotation(i, a)))
        .collect();
    let ignore = raw
        .ignore
        .into_iter()
        .enumerate()
        .filter_map(|(i, e)| c.about(Subject::Ignore(i), |c| c.ignore_entry(i, e)))
        .collect();
    Some(AnnotationSet {
        file: file.to_path_buf(),
        article: Spanned {
            value: resolve(file, article.value.trim()),
            span: article.span,
        },
        // A blank title, author or reviewer says nothing: the page's
        // defaults apply, as when it is left out.
        title: raw.title.map(|t| t.value).filter(|t| !t.trim().is_empty()),
        author: raw.author.map(|a| a.value).filter(|a| !a.trim().is_empty()),
        url,
        published,
        reviewed,
        reviewers: raw
            .reviewers
            .into_iter()
            .map(|r| r.value)
            .filter(|r| !r.trim().is_empty())
            .collect(),
        annotations,
        entries,
        ignore,
        vocabulary: Arc::clone(vocabulary),
    })
}

#[cfg(test)]
mod schema_tests {
    use super::ISO_DATE;
    use crate::dates::PartialDate;

    /// The schema's date pattern accepts exactly what the loader reads as
    /// a date: every day of leap and common years, and no other.
    #[test]
    fn the_schema_date_pattern_is_the_loaders_rule() {
        let pattern = regex::Regex::new(ISO_DATE).expect("a regular expression");
        let mut texts: Vec<String> = [
            "",
            "202",
            "20245",
            "2024-1",
            "2024-1-01",
            "2024-01-1",
            " 2024 ",
            "2024-02-29 ",
            "\u{2003}1999-12\n",
            "２０２４",
            "٢٠٢٤",
            "2024-W01",
            "2024-02-29x",
            "+2024",
            "-2024",
            "2024/01/01",
            "2024-02-",
            "2024--02",
        ]
        .iter()
        .map(|t| (*t).to_owned())
        .collect();
        for year in [
            "0000", "0004", "0100", "0400", "1700", "1900", "1996", "2000", "2023", "2024", "2100",
            "2400", "9996", "9999",
        ] {
            texts.push(year.to_owned());
            for month in 0..=13 {
                texts.push(format!("{year}-{month:02}"));
                for day in 0..=32 {
                    texts.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        for text in texts {
            assert_eq!(
                pattern.is_match(&text),
                PartialDate::parse(&text).is_ok(),
                "{text:?}"
            );
        }
    }
}
