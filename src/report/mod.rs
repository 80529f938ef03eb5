//! Reporters: findings and results as text. The library never prints; the
//! CLI picks a reporter and writes what it returns.
//!
//! - [`human`]: miette's graphical report, with the offending line
//!   underlined (coloured on a terminal, plain otherwise);
//! - [`json`]: the contract's JSON shape for `check --format json`;
//! - [`github`]: GitHub Actions workflow commands, one per finding.

mod human;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity};
use crate::project::FileReview;

pub use human::{Style, human};

/// One file in the JSON report.
#[derive(Debug, Serialize)]
pub struct FileSummary<'a> {
    /// The annotation file.
    pub annotations: &'a PathBuf,
    /// The article it reviews.
    pub article: Option<&'a PathBuf>,
    /// Number of sentences in the article.
    pub sentences: usize,
    /// Number of check-worthy sentences.
    pub checkworthy: usize,
    /// Check-worthy sentences with an anchored annotation.
    pub annotated: usize,
    /// Coverage in percent.
    pub coverage: f64,
    /// Anchored annotations per verdict.
    pub verdicts: BTreeMap<String, usize>,
    /// Every finding.
    pub diagnostics: &'a [Diagnostic],
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
    serde_json::to_string_pretty(&report)
        .unwrap_or_else(|e| format!("{{\"ok\":false,\"error\":\"{e}\"}}"))
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
        out.push_str(&escape_property(&d.file.display().to_string()));
        if d.line > 0 {
            out.push_str(&format!(",line={},col={}", d.line, d.column));
        }
        out.push_str(",title=");
        out.push_str(&escape_property(d.code));
        out.push_str("::");
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        out.push_str(&escape_data(&message));
        out.push('\n');
    }
    out
}

/// A Markdown report for a GitHub job summary: per file the coverage, then a
/// table of every finding.
pub fn markdown(files: &[FileReview]) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace(['\n', '\r'], " ");
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
}
