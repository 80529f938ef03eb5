//! Reporters: findings and results as text. The library never prints; the
//! CLI picks a reporter and writes what it returns.
//!
//! - [`human`]: miette's graphical report, with the offending line
//!   underlined (coloured on a terminal, plain otherwise);
//! - [`json`]: the contract's JSON shape for `check --format json`;
//! - [`github`]: GitHub Actions workflow commands, one per finding.
//!
//! Messages quote the files under review, which may come from strangers:
//! whatever is printed for people goes through [`printable`], so a file
//! cannot drive a terminal, and JSON through [`escape_json_controls`].

mod human;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Serialize, Serializer};

use crate::coverage::Ignored;
use crate::diagnostic::{Diagnostic, Severity};
use crate::project::FileReview;

pub use human::{Style, human};

/// One file in the JSON report.
///
/// Paths are written as text, a name that is not UTF-8 with U+FFFD in place
/// of its bad bytes: serde cannot write such a path, and one file so named
/// in a repository would otherwise replace the whole report with an error.
#[derive(Debug, Serialize)]
pub struct FileSummary<'a> {
    /// The annotation file.
    #[serde(serialize_with = "lossy_path")]
    pub annotations: &'a PathBuf,
    /// The article it reviews.
    #[serde(serialize_with = "lossy_optional_path")]
    pub article: Option<&'a PathBuf>,
    /// Number of sentences in the article.
    pub sentences: usize,
    /// Number of check-worthy sentences.
    pub checkworthy: usize,
    /// Check-worthy sentences with an anchored annotation or `ignore` entry.
    pub annotated: usize,
    /// Coverage in percent.
    pub coverage: f64,
    /// Anchored annotations per verdict.
    pub verdicts: BTreeMap<String, usize>,
    /// The file's `ignore` entries: sentences that state no claim.
    pub ignored: &'a [Ignored],
    /// Every finding.
    #[serde(serialize_with = "lossy_diagnostics")]
    pub diagnostics: &'a [Diagnostic],
}

fn lossy_path<S: Serializer>(path: &&PathBuf, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&path.to_string_lossy())
}

fn lossy_optional_path<S: Serializer>(path: &Option<&PathBuf>, s: S) -> Result<S::Ok, S::Error> {
    path.map(|p| p.to_string_lossy()).serialize(s)
}

fn lossy_diagnostics<S: Serializer>(diagnostics: &&[Diagnostic], s: S) -> Result<S::Ok, S::Error> {
    // Copied only in the rare case that needs it.
    s.collect_seq(diagnostics.iter().map(|d| match d.file.to_str() {
        Some(_) => Cow::Borrowed(d),
        None => Cow::Owned(Diagnostic {
            file: Path::new(&*d.file.to_string_lossy()).to_path_buf(),
            ..d.clone()
        }),
    }))
}

impl<'a> FileSummary<'a> {
    /// Summarises one reviewed file.
    pub fn of(file: &'a FileReview) -> Self {
        let coverage = file.coverage.as_ref();
        FileSummary {
            annotations: &file.file,
            article: file.article.as_ref(),
            sentences: coverage.map_or(0, |c| c.sentences),
            checkworthy: coverage.map_or(0, |c| c.checkworthy),
            annotated: coverage.map_or(0, |c| c.annotated),
            coverage: coverage.map_or(0.0, |c| c.coverage),
            verdicts: coverage.map(|c| c.verdicts.clone()).unwrap_or_default(),
            ignored: coverage.map_or(&[], |c| &c.ignored),
            diagnostics: &file.diagnostics,
        }
    }
}

/// The JSON report of a check: `{"ok": …, "files": […]}`.
pub fn json(files: &[FileReview], ok: bool) -> String {
    #[derive(Serialize)]
    struct Report<'a> {
        ok: bool,
        files: Vec<FileSummary<'a>>,
    }
    let report = Report {
        ok,
        files: files.iter().map(FileSummary::of).collect(),
    };
    serde_json::to_string_pretty(&report).map_or_else(
        |e| format!("{{\"ok\":false,\"error\":{}}}", json_string(&e.to_string())),
        escape_json_controls,
    )
}

/// `text` as a JSON string literal, control characters escaped.
fn json_string(text: &str) -> String {
    escape_json_controls(serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned()))
}

/// True for the characters [`printable`] escapes: controls, and the
/// invisible characters that reorder or hide text (bidirectional marks,
/// embeddings, overrides and isolates; zero-width spaces and joiners; the
/// byte order mark), with which a line can show a reviewer something other
/// than what it holds ("Trojan Source").
fn is_escaped(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}'
        )
}

/// `text` as it can be printed for people: control characters other than
/// tab and newline (C0, DEL, C1) written as `\x1b`, so that a file under
/// review cannot retitle the terminal, clear the screen or move the cursor
/// over what was printed, and the invisible characters that reorder or hide
/// text written as `\u{202e}`. Text without them is returned as it is.
///
/// An escape, not a control picture (`␛`): it names every control
/// character the same way, the C1 ones too (they have no pictures), in
/// ASCII that any terminal and font shows and that can be searched for.
pub fn printable(text: &str) -> Cow<'_, str> {
    // Controls are ASCII bytes or, for C1, two bytes starting 0xC2; the
    // invisible characters start 0xD8, 0xE2 or 0xEF. A byte scan rules most
    // texts out before any character is decoded.
    let maybe = text.bytes().any(|b| {
        (b < 0x20 && b != b'\n' && b != b'\t') || matches!(b, 0x7f | 0xc2 | 0xd8 | 0xe2 | 0xef)
    });
    if !maybe || !text.chars().any(is_escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if c.is_control() && is_escaped(c) {
            let _ = write!(out, "\\x{:02x}", u32::from(c));
        } else if is_escaped(c) {
            let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `path` as it can be printed for people: as [`printable`], with each byte
/// of a name that is not UTF-8 written as `\xff`, so that two such names
/// never look alike and the one shown can be typed back (`$'x\xff.yaml'`).
pub fn printable_path(path: &Path) -> String {
    #[cfg(unix)]
    let bytes = std::os::unix::ffi::OsStrExt::as_bytes(path.as_os_str());
    #[cfg(not(unix))]
    let lossy = path.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        out.push_str(&printable(chunk.valid()));
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

/// `json` with DEL and the C1 control characters escaped as `\u007f` …
/// `\u009f`. serde_json escapes only the C0 ones, which JSON requires; the
/// others are valid JSON as they are, but a terminal showing the output may
/// act on them (U+009B is CSI). Outside strings JSON is ASCII, so every such
/// character is inside a string, where the escape means the same.
pub fn escape_json_controls(json: String) -> String {
    let maybe = json.bytes().any(|b| b == 0x7f || b == 0xc2);
    if !maybe || !json.chars().any(|c| ('\u{7f}'..='\u{9f}').contains(&c)) {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if ('\u{7f}'..='\u{9f}').contains(&c) {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// GitHub Actions workflow commands, one line per finding.
pub fn github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str("::");
        out.push_str(command);
        out.push_str(" file=");
        out.push_str(&escape_property(&printable_path(&d.file)));
        if d.line > 0 {
            out.push_str(&format!(",line={},col={}", d.line, d.column));
        }
        out.push_str(",title=");
        out.push_str(&escape_property(d.code));
        out.push_str("::");
        let mut message = printable(&d.message).into_owned();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(&printable(help));
        }
        // Annotations are read by people: control characters are escaped as
        // in the human report, then the workflow command's own escapes keep
        // the message on its one line, so it cannot start a command.
        out.push_str(&escape_data(&message));
        out.push('\n');
    }
    out
}

/// A Markdown report for a GitHub job summary: per file the coverage, then a
/// table of every finding.
pub fn markdown(files: &[FileReview]) -> String {
    let cell =
        |text: &str| printable(&text.replace('|', "\\|").replace(['\n', '\r'], " ")).into_owned();
    let mut out = String::from(
        "## factmark check\n\n| file | coverage | errors | warnings |\n| --- | --- | --- | --- |\n",
    );
    for f in files {
        let errors = f.diagnostics.iter().filter(|d| d.is_error()).count();
        let coverage = f.coverage.as_ref().map_or_else(
            || "not checked".to_owned(),
            |c| format!("{}% ({} of {})", c.coverage, c.annotated, c.checkworthy),
        );
        out.push_str(&format!(
            "| `{}` | {coverage} | {errors} | {} |\n",
            cell(&f.file.display().to_string()),
            f.diagnostics.len() - errors
        ));
    }
    let all: Vec<&Diagnostic> = files.iter().flat_map(|f| &f.diagnostics).collect();
    if all.is_empty() {
        out.push_str("\nNo findings.\n");
        return out;
    }
    out.push_str("\n| severity | code | where | message |\n| --- | --- | --- | --- |\n");
    for d in all {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        out.push_str(&format!(
            "| {severity} | `{}` | `{}:{}:{}` | {} |\n",
            d.code,
            cell(&d.file.display().to_string()),
            d.line,
            d.column,
            cell(&d.message)
        ));
    }
    out
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::codes;
    use std::path::Path;

    #[test]
    fn github_lines_follow_the_workflow_command_syntax() {
        let d = Diagnostic::error(codes::ORPHANED, Path::new("a,b.yaml"), "50% gone\nreally")
            .at(3, 7, None);
        assert_eq!(
            github(&[d]),
            "::error file=a%2Cb.yaml,line=3,col=7,title=factmark%3A%3Aanchor%3A%3Aorphaned::50%25 gone%0Areally\n"
        );
    }

    #[test]
    fn printable_escapes_controls_but_tabs_and_newlines() {
        assert!(matches!(printable("élan 50°\t«x»\n"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1b}]0;t\u{7}b\r\u{7f}\u{9b}2J\u{a0}\0"),
            "a\\x1b]0;t\\x07b\\x0d\\x7f\\x9b2J\u{a0}\\x00"
        );
    }

    #[test]
    fn printable_shows_characters_that_reorder_or_hide_text() {
        // Curly quotes and dashes share a first byte with them, and stay.
        assert!(matches!(printable("“It’s” — 5 ‰"), Cow::Borrowed(_)));
        assert_eq!(
            printable("access = \"user\u{202e} \u{2066}// admin\u{2069}\u{2066}\"\u{200b}\u{feff}"),
            "access = \"user\\u{202e} \\u{2066}// admin\\u{2069}\\u{2066}\"\\u{200b}\\u{feff}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_shows_its_bytes() {
        use std::os::unix::ffi::OsStrExt as _;
        let name = |bytes: &[u8]| printable_path(Path::new(std::ffi::OsStr::from_bytes(bytes)));
        assert_eq!(name(b"annotations/x\xff.yaml"), "annotations/x\\xff.yaml");
        assert_ne!(name(b"x\xfe.yaml"), name(b"x\xff.yaml"));
        assert_eq!(name("é\u{1b}.yaml".as_bytes()), "é\\x1b.yaml");
    }

    #[test]
    fn json_keeps_its_meaning_without_raw_controls() {
        let text = "a\u{1b}\u{7f}\u{85}\u{9f}\u{a0}é";
        let json = escape_json_controls(serde_json::to_string(text).expect("a string"));
        assert_eq!(json, "\"a\\u001b\\u007f\\u0085\\u009f\u{a0}é\"");
        assert_eq!(serde_json::from_str::<String>(&json).expect("JSON"), text);
    }

    #[test]
    fn a_github_message_stays_on_its_line() {
        let d = Diagnostic::warning(
            codes::UNANNOTATED,
            Path::new("a\u{1b}.md"),
            "x\r\n::error::y\u{9b}",
        )
        .at(1, 1, None)
        .with_help("h\n::warning::z");
        assert_eq!(
            github(&[d]),
            "::warning file=a\\x1b.md,line=1,col=1,title=factmark%3A%3Acoverage%3A%3Aunannotated::x\\x0d%0A::error::y\\x9b%0Ahelp: h%0A::warning::z\n"
        );
    }
}
