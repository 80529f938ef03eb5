//! Findings as data.
//!
//! Every problem factmark finds (a YAML error, an orphaned quote, an
//! unannotated claim) is a [`Diagnostic`]: a stable code, a message, the file,
//! line and column it is about and, where it can, help on what to do. Stages
//! return diagnostics instead of failing, so one run reports every problem;
//! the [`crate::report`] module turns them into output.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; fails CI only with `--fail-on warning`.
    Warning,
    /// Invalid or stale data; fails CI.
    Error,
}

/// Stable diagnostic codes. They appear in every output format, so scripts
/// and CI filters may rely on them; never rename one.
pub mod codes {
    /// A file could not be read.
    pub const IO: &str = "factmark::io";
    /// The article is not valid UTF-8.
    pub const NOT_UTF8: &str = "factmark::io::not-utf8";
    /// The YAML is malformed, has a wrong type, an unknown or duplicate key.
    pub const YAML: &str = "factmark::store::yaml";
    /// A key the format does not know.
    pub const UNKNOWN_KEY: &str = "factmark::store::unknown-key";
    /// A required key is missing.
    pub const MISSING_KEY: &str = "factmark::store::missing-key";
    /// A value has the wrong type.
    pub const WRONG_TYPE: &str = "factmark::store::wrong-type";
    /// A key appears twice in one mapping.
    pub const DUPLICATE_KEY: &str = "factmark::store::duplicate-key";
    /// A verdict outside the vocabulary.
    pub const UNKNOWN_VERDICT: &str = "factmark::store::unknown-verdict";
    /// A field the verdict requires is missing.
    pub const MISSING_FIELD: &str = "factmark::store::missing-field";
    /// A date that is malformed or does not exist.
    pub const BAD_DATE: &str = "factmark::store::bad-date";
    /// A source URL that is not http(s).
    pub const BAD_URL: &str = "factmark::store::bad-url";
    /// A quote that is empty after folding.
    pub const EMPTY_QUOTE: &str = "factmark::store::empty-quote";
    /// `claimed`/`corrected` on a verdict other than `misdated`.
    pub const MISPLACED_FIELD: &str = "factmark::store::misplaced-field";
    /// A sentence id that is not `s-` + 8 hex digits.
    pub const BAD_SENTENCE_ID: &str = "factmark::store::bad-sentence-id";
    /// An `ignore` entry without a `reason`, or with an empty one.
    pub const MISSING_REASON: &str = "factmark::store::missing-reason";
    /// The quote occurs nowhere in the article.
    pub const ORPHANED: &str = "factmark::anchor::orphaned";
    /// The quote occurs more than once.
    pub const AMBIGUOUS: &str = "factmark::anchor::ambiguous";
    /// The quote's sentence changed since it was reviewed.
    pub const CHANGED: &str = "factmark::anchor::changed";
    /// The quote runs across a sentence boundary.
    pub const SPANS_SENTENCES: &str = "factmark::anchor::spans-sentences";
    /// An anchored annotation or `ignore` entry that records no sentence id
    /// (or whose id a copy of its sentence has taken), so that an edit of
    /// its sentence could go unnoticed.
    pub const UNRECORDED: &str = "factmark::anchor::unrecorded";
    /// Two annotations whose quotes overlap in one sentence.
    pub const OVERLAP: &str = "factmark::anchor::overlap";
    /// A misdated annotation's `claimed` date is not in its sentence.
    pub const CLAIMED_DATE_NOT_FOUND: &str = "factmark::anchor::claimed-date-not-found";
    /// A check-worthy sentence without an anchored annotation.
    pub const UNANNOTATED: &str = "factmark::coverage::unannotated";
    /// Coverage under the bar set with `--min-coverage`.
    pub const BELOW_MIN: &str = "factmark::coverage::below-minimum";
    /// Every code a finding about an annotation file or its article can
    /// carry: the codes a project's policy may name.
    pub const FINDINGS: &[&str] = &[
        IO,
        NOT_UTF8,
        YAML,
        UNKNOWN_KEY,
        MISSING_KEY,
        WRONG_TYPE,
        DUPLICATE_KEY,
        UNKNOWN_VERDICT,
        MISSING_FIELD,
        BAD_DATE,
        BAD_URL,
        EMPTY_QUOTE,
        MISPLACED_FIELD,
        BAD_SENTENCE_ID,
        MISSING_REASON,
        ORPHANED,
        AMBIGUOUS,
        CHANGED,
        SPANS_SENTENCES,
        UNRECORDED,
        OVERLAP,
        CLAIMED_DATE_NOT_FOUND,
        UNANNOTATED,
        BELOW_MIN,
    ];
    /// A verdict in `factmark.yaml` that cannot be used as written.
    pub const CONFIG_VERDICT: &str = "factmark::config::bad-verdict";
    /// A policy value in `factmark.yaml` that cannot be used as written.
    pub const CONFIG_POLICY: &str = "factmark::config::bad-policy";
}

/// The entry of an annotation file a finding is about, by its 0-based
/// position in its list (as written, usable or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// An entry of `annotations`.
    Annotation(usize),
    /// An entry of `ignore`.
    Ignore(usize),
}

/// How messages quote an entry: the start of its quote, about thirty
/// characters cut at a word, in quotes (`"granted the order …"`); a short
/// quote whole.
pub fn quote_start(quote: &str) -> String {
    const ABOUT: usize = 30;
    let quote = crate::fold::squash_space(quote);
    if quote.chars().nth(ABOUT + 2).is_none() {
        return format!("\"{quote}\"");
    }
    // Whole words while they fit (counted in characters as they come); a
    // first word longer than that, cut.
    let mut head = String::new();
    let mut chars = 0;
    for word in quote.split(' ') {
        let length = word.chars().count();
        if !head.is_empty() && chars + 1 + length > ABOUT {
            break;
        }
        if !head.is_empty() {
            head.push(' ');
            chars += 1;
        }
        head.push_str(word);
        chars += length;
    }
    if chars > ABOUT {
        head = head.chars().take(ABOUT).collect();
    }
    format!("\"{} …\"", head.trim_end_matches([',', ';', ':']))
}

/// The start of a sentence as findings quote it: the sentence when it is
/// short, else its first words, up to 60 characters (or the first 60
/// characters of a longer first word). The id or place names the sentence,
/// and the human report shows it underlined; quoted whole, a long sentence
/// took four or five lines of every warning, and a ten-megabyte one made
/// each finding about it ten megabytes.
pub fn start_of(text: &str) -> &str {
    const WHOLE: usize = 75;
    const START: usize = 60;
    // Where the `n`th character starts (n <= WHOLE); by bytes when the
    // text opens in ASCII, since an archive has tens of thousands of these
    // and a sentence may be megabytes long.
    let ascii = text.bytes().take(WHOLE + 1).all(|b| b.is_ascii());
    let nth = |n: usize| match ascii {
        true => (n < text.len()).then_some(n),
        false => text.char_indices().nth(n).map(|(i, _)| i),
    };
    if nth(WHOLE).is_none() {
        return text;
    }
    let limit = nth(START).unwrap_or(text.len());
    match text[..limit].rfind(' ').filter(|&cut| cut > 0) {
        Some(cut) => text[..cut].trim_end_matches([',', ';', ':']),
        None => &text[..limit],
    }
}

/// [`start_of`] `text`, followed by ` …` when that is not all of it.
pub fn shortened(text: &str) -> String {
    let start = start_of(text);
    if start.len() < text.len() {
        format!("{start} …")
    } else {
        start.to_owned()
    }
}

/// How messages name an entry of an annotation file: by its list, its
/// number and the start of its quote (`annotation 13, "granted the order
/// …"`, `ignore entry 2, "By Jane Roe"`), so that a reader finds it
/// without counting entries.
pub fn name_entry(subject: Subject, quote: &str) -> String {
    match subject {
        Subject::Annotation(i) => format!("annotation {}, {}", i + 1, quote_start(quote)),
        Subject::Ignore(i) => format!("ignore entry {}, {}", i + 1, quote_start(quote)),
    }
}

/// One finding about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case code, see [`codes`].
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file the finding is about (YAML or article).
    pub file: PathBuf,
    /// 1-based line; 0 when the finding is about the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when the finding is about the whole file.
    pub column: usize,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// Byte range in `file` to underline, when known.
    #[serde(skip)]
    pub span: Option<Range<usize>>,
    /// The annotation or `ignore` entry the finding is about, if any: an
    /// entry that an error is about covers no sentence.
    #[serde(skip)]
    pub subject: Option<Subject>,
}

impl Diagnostic {
    /// An error with `code` and `message` about `file` as a whole.
    pub fn error(code: &'static str, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            file: file.to_path_buf(),
            line: 0,
            column: 0,
            help: None,
            span: None,
            subject: None,
        }
    }

    /// A warning with `code` and `message` about `file` as a whole.
    pub fn warning(code: &'static str, file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Points the finding at `line`/`column` and, if known, a byte range.
    pub fn at(mut self, line: usize, column: usize, span: Option<Range<usize>>) -> Self {
        self.line = line;
        self.column = column;
        self.span = span;
        self
    }

    /// Adds help text.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Marks the finding as about `subject`.
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = Some(subject);
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Line and column (1-based; columns in characters) of byte `offset` in `text`.
///
/// Lines end at LF, CRLF or a lone CR (old Mac files), as CommonMark and
/// YAML have it. A byte-order mark at the start takes no column: editors do
/// not show it, so the first character is in column 1.
///
/// Offsets past the end or inside a character are clamped to the nearest
/// character boundary before them, so any offset is safe.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut line_start = crate::markup::bom_len(text);
    for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[..offset]) {
        // The CR of a CRLF ends no line of its own; its LF does.
        if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
            line += 1;
            line_start = at + 1;
        }
    }
    let column = text
        .get(line_start..offset)
        .map_or(0, |s| s.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::{Subject, line_column, name_entry, quote_start, shortened, start_of};

    /// A long sentence is quoted by its first words, cut at a space, and a
    /// long first word (or a text without spaces) by its first characters.
    #[test]
    fn findings_quote_the_start_of_a_long_sentence() {
        let short = "Wages fell by 3 percent in 2024, the ministry of labour said.";
        assert_eq!(start_of(short), short);
        assert_eq!(shortened(short), short);
        let long =
            "In recent days, relations between Azerbaijan and Russia have deteriorated sharply.";
        assert_eq!(
            start_of(long),
            "In recent days, relations between Azerbaijan and Russia"
        );
        assert_eq!(
            shortened(long),
            "In recent days, relations between Azerbaijan and Russia …"
        );
        let commas =
            "Baku, Moscow, Ankara, Tbilisi, Yerevan, Tehran, Ashgabat, Astana, and others met.";
        assert_eq!(
            start_of(commas),
            "Baku, Moscow, Ankara, Tbilisi, Yerevan, Tehran, Ashgabat"
        );
        let word = format!("{} rose in 2024, officials said on Monday.", "x".repeat(80));
        assert_eq!(start_of(&word), "x".repeat(60));
        let spaceless = "y".repeat(10_000_000);
        assert_eq!(shortened(&spaceless), format!("{} …", "y".repeat(60)));
        let accented = "é".repeat(100);
        assert_eq!(start_of(&accented), "é".repeat(60));
        let late_accent = format!("{}é{}", "a ".repeat(40), "b".repeat(40));
        assert_eq!(start_of(&late_accent).chars().count(), 59);
    }

    #[test]
    fn messages_name_an_entry_by_the_start_of_its_quote() {
        assert_eq!(quote_start("Prices rose"), "\"Prices rose\"");
        assert_eq!(
            quote_start("the court  granted the order on Monday, officials said"),
            "\"the court granted the order on …\""
        );
        assert_eq!(
            quote_start("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz"),
            "\"Rindfleischetikettierungsüberw …\""
        );
        assert_eq!(
            name_entry(Subject::Ignore(1), "By Jane Roe"),
            "ignore entry 2, \"By Jane Roe\""
        );
    }

    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let text = "a\nb\r\nc\rd\r\re";
        let at = |c: char| text.find(c).unwrap_or(0);
        let places: Vec<_> = ['a', 'b', 'c', 'd', 'e']
            .map(|c| line_column(text, at(c)))
            .to_vec();
        assert_eq!(places, [(1, 1), (2, 1), (3, 1), (4, 1), (6, 1)]);
        // The LF of a CRLF is on the line the CR ends.
        assert_eq!(line_column(text, at('b') + 2), (2, 3));
    }

    #[test]
    fn a_byte_order_mark_takes_no_column() {
        let text = "\u{feff}ab\ncd";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 3), (1, 1));
        assert_eq!(line_column(text, 4), (1, 2));
        assert_eq!(line_column(text, 6), (2, 1));
    }
}
