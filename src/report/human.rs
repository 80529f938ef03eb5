//! The human reporter: miette's graphical report of each finding.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
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
    source: Option<Excerpt<'a>>,
}

/// The lines of a file around one finding, standing in for the whole file.
/// miette finds a span's line by scanning its source from the start, so
/// handing it a whole article per finding would cost findings × article
/// size: minutes for an archive-sized article with thousands of warnings.
struct Excerpt<'a> {
    name: String,
    /// Whole lines of the file.
    text: &'a str,
    /// Byte offset of `text` in the file.
    offset: usize,
    /// 0-based line of `text`'s first line in the file.
    first_line: usize,
}

impl<'s> Excerpt<'s> {
    /// Lines of context on each side of the span: as many as the report
    /// shows (the handler is set to this), since miette reads every byte of
    /// the excerpt it is given.
    const CONTEXT: usize = 1;

    /// The excerpt of `text` (whose lines start at `line_starts`) around
    /// byte range `span`; `None` when the span is not inside the text.
    fn around(
        name: String,
        text: &'s str,
        line_starts: &[usize],
        span: &std::ops::Range<usize>,
    ) -> Option<Self> {
        if span.end > text.len() || span.start > span.end {
            return None;
        }
        let line_of = |at: usize| line_starts.partition_point(|&s| s <= at).saturating_sub(1);
        let first_line = line_of(span.start).saturating_sub(Self::CONTEXT);
        let after_last = line_of(span.end) + Self::CONTEXT + 1;
        let offset = line_starts.get(first_line).copied().unwrap_or(0);
        let end = line_starts.get(after_last).copied().unwrap_or(text.len());
        Some(Excerpt {
            name,
            text: text.get(offset..end)?,
            offset,
            first_line,
        })
    }
}

impl SourceCode for Excerpt<'_> {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let start = span
            .offset()
            .checked_sub(self.offset)
            .ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new(start.into(), span.len());
        let inner = self
            .text
            .read_span(&local, context_lines_before, context_lines_after)?;
        let inner_span = inner.span();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner_span.offset() + self.offset).into(), inner_span.len()),
            inner.line() + self.first_line,
            inner.column(),
            inner.line_count(),
        )))
    }
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
    // Lines wrap at spaces only, and a word longer than a line stays whole:
    // sentence ids, paths and URLs are never cut, so they can be copied, and
    // wrapping costs a fraction of what Unicode line breaking does (most of
    // a report's time, for an archive's thousands of warnings).
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width)
        .with_context_lines(Excerpt::CONTEXT)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false);
    let mut out = String::new();
    // Each file's lines are indexed once, however many findings it has.
    let mut lines: BTreeMap<&PathBuf, Vec<usize>> = BTreeMap::new();
    for d in diagnostics {
        let source = d.span.as_ref().and_then(|span| {
            let (file, text) = sources.get_key_value(&d.file)?;
            let starts = lines
                .entry(file)
                .or_insert_with(|| crate::markup::line_starts(text));
            Excerpt::around(d.file.display().to_string(), text, starts, span)
        });
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
