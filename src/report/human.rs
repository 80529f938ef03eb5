//! The human reporter: miette's graphical report of each finding.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode, SourceSpan,
};

use crate::diagnostic::{Diagnostic, Severity};

/// How the human report looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unicode box drawing with colours, for a terminal.
    Color,
    /// Unicode box drawing without colours: logs, pipes, `NO_COLOR`.
    Plain,
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    source: Option<NamedSource<String>>,
}

impl fmt::Debug for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        if self.source.is_none() && d.line > 0 {
            write!(
                f,
                "{}:{}:{}: {}",
                d.file.display(),
                d.line,
                d.column,
                d.message
            )
        } else if self.source.is_none() {
            write!(f, "{}: {}", d.file.display(), d.message)
        } else {
            f.write_str(&d.message)
        }
    }
}

impl std::error::Error for Shown<'_> {}

impl miette::Diagnostic for Shown<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.diagnostic.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.diagnostic.span.clone()?;
        self.source.as_ref()?;
        let label = LabeledSpan::new_with_span(
            Some("here".to_owned()),
            SourceSpan::from(span.start..span.end.max(span.start)),
        );
        Some(Box::new(std::iter::once(label)))
    }
}

/// Renders `diagnostics` for people. `sources` holds the text of the files
/// they point into, so the offending line can be shown and underlined.
pub fn human(
    diagnostics: &[Diagnostic],
    sources: &BTreeMap<PathBuf, String>,
    style: Style,
    width: usize,
) -> String {
    let theme = match style {
        Style::Color => GraphicalTheme::unicode(),
        Style::Plain => GraphicalTheme::unicode_nocolor(),
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(width);
    let mut out = String::new();
    for d in diagnostics {
        let source = d
            .span
            .as_ref()
            .and_then(|span| {
                let text = sources.get(&d.file)?;
                (span.end <= text.len()).then(|| text.clone())
            })
            .map(|text| NamedSource::new(d.file.display().to_string(), text));
        let shown = Shown {
            diagnostic: d,
            source,
        };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&shown.to_string());
        }
        out.push('\n');
    }
    out
}
