//! The human reporter: miette's graphical report of each finding.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};

use super::printable;
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
    /// The message, help and file name as printed: control characters
    /// escaped (see [`super::printable`]).
    message: Cow<'a, str>,
    help: Option<Cow<'a, str>>,
    file: String,
    source: Option<Excerpt>,
}

/// The lines of a file around one finding, standing in for the whole file.
/// miette finds a span's line by scanning its source from the start, so
/// handing it a whole article per finding would cost findings × article
/// size: minutes for an archive-sized article with thousands of warnings.
///
/// Long lines are cut to a window around the span, for the same reason: one
/// line can be a whole article (34 KB with 5,000 sentences printed 387 MB),
/// and miette pads its underline with a formatting width that panics past
/// 65,535 columns. Control characters are escaped, so that a file cannot
/// drive the terminal. The text is therefore the excerpt's own, and
/// [`Excerpt::span`] is the finding's span in it; the header's line and
/// column are the true ones in the file.
struct Excerpt {
    name: String,
    /// The lines shown, each whole or cut, separated as in the file.
    text: String,
    /// 0-based line of `text`'s first line in the file.
    first_line: usize,
    /// The finding's span, in `text`.
    span: Range<usize>,
    /// 0-based column, in characters, of the span's start in the file.
    column: usize,
}

/// Marks where a long line was cut.
const CUT: &str = "…";

impl Excerpt {
    /// Lines of context on each side of the span: as many as the report
    /// shows (the handler is set to this), since miette reads every byte of
    /// the excerpt it is given.
    const CONTEXT: usize = 1;
    /// Characters of a long line shown before and after the span.
    const SIDE: usize = 60;
    /// Characters of the span shown at most on a long line.
    const SPAN: usize = 120;
    /// Lines of at most this many characters are shown whole: the most a
    /// cut line shows, so a line is only cut when that shortens it.
    const LONG: usize = 2 * Self::SIDE + Self::SPAN;

    /// The excerpt of `text` (whose lines start at `line_starts`) around
    /// byte range `span`, which starts at 1-based `column` (0: unknown);
    /// `None` when the span is not inside the text.
    fn around(
        name: String,
        text: &str,
        line_starts: &[usize],
        span: &Range<usize>,
        column: usize,
    ) -> Option<Self> {
        if span.end > text.len() || span.start > span.end {
            return None;
        }
        let start = text.floor_char_boundary(span.start);
        let end = text.ceil_char_boundary(span.end);
        let line_of = |at: usize| line_starts.partition_point(|&s| s <= at).saturating_sub(1);
        let start_line = line_of(start);
        let first_line = start_line.saturating_sub(Self::CONTEXT);
        let last_line = (line_of(end) + Self::CONTEXT).min(line_starts.len().saturating_sub(1));
        let mut shown = String::new();
        // Where `start` and `end` land in `shown`; each is on one of the lines.
        let (mut local_start, mut local_end) = (0, 0);
        for line in first_line..=last_line {
            let from = line_starts.get(line).copied().unwrap_or(text.len());
            let next = line_starts.get(line + 1).copied().unwrap_or(text.len());
            let whole = text.get(from..next)?;
            // The line break is kept as it is, as miette reads "\r\n" as
            // one; a lone "\r" (which ends a line for positions too) is
            // shown as "\n", one byte for one, since miette does not read it
            // as a line end.
            let body = whole.strip_suffix('\n').unwrap_or(whole);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let to = from + body.len();
            let (window_start, window_end) =
                if body.len() <= Self::LONG || body.char_indices().nth(Self::LONG).is_none() {
                    (from, to)
                } else if line == start_line {
                    // A span may start in the line break (an empty value at a
                    // line's end): the window is then the line's end.
                    let at = start.min(to);
                    let shown_span_end = forward(text, at, to, Self::SPAN);
                    let window_end = if end <= shown_span_end {
                        forward(text, end, to, Self::SIDE)
                    } else {
                        shown_span_end
                    };
                    (back(text, from, at, Self::SIDE), window_end)
                } else {
                    (from, forward(text, from, to, Self::LONG))
                };
            if window_start > from {
                shown.push_str(CUT);
            }
            let window_local = shown.len();
            // Where `at` (on this line) lands: a place cut away lands after
            // the cut mark, so the underline runs into it.
            let local = |at: usize, shown: &str| {
                if at <= window_start {
                    window_local
                } else if at <= window_end {
                    window_local + printable(&text[window_start..at]).len()
                } else if at <= to {
                    shown.len()
                } else {
                    shown.len() + (at - to)
                }
            };
            shown.push_str(&printable(&text[window_start..window_end]));
            if window_end < to {
                shown.push_str(CUT);
            }
            if line == start_line {
                local_start = local(start, &shown);
            }
            if (from..next).contains(&end) || (end == next && line == last_line) {
                local_end = local(end, &shown);
            }
            match &whole[body.len()..] {
                "\r" => shown.push('\n'),
                line_break => shown.push_str(line_break),
            }
        }
        let column = match column {
            0 => text[line_starts.get(start_line).copied().unwrap_or(0)..start]
                .chars()
                .count(),
            c => c - 1,
        };
        Some(Excerpt {
            name,
            text: shown,
            first_line,
            span: local_start..local_end.max(local_start),
            column,
        })
    }
}

/// The byte `n` characters after `at`, at most `limit`.
fn forward(text: &str, at: usize, limit: usize, n: usize) -> usize {
    text[at..limit]
        .char_indices()
        .nth(n)
        .map_or(limit, |(i, _)| at + i)
}

/// The byte `n` characters before `at`, at least `limit`.
fn back(text: &str, limit: usize, at: usize, n: usize) -> usize {
    match n.checked_sub(1) {
        None => at,
        Some(n) => text[limit..at]
            .char_indices()
            .rev()
            .nth(n)
            .map_or(limit, |(i, _)| limit + i),
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let inner =
            self.text
                .as_str()
                .read_span(span, context_lines_before, context_lines_after)?;
        // miette heads the report with the column of the span's start; its
        // own would be in bytes, and in the excerpt's cut line.
        let column = if context_lines_before == 0 && span.offset() == self.span.start {
            self.column
        } else {
            inner.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            *inner.span(),
            inner.line() + self.first_line,
            column,
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
            write!(f, "{}:{}:{}: {}", self.file, d.line, d.column, self.message)
        } else if self.source.is_none() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            f.write_str(&self.message)
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
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.source.as_ref()?.span.clone();
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
        let file = printable(&d.file.display().to_string()).into_owned();
        let source = d.span.as_ref().and_then(|span| {
            let (path, text) = sources.get_key_value(&d.file)?;
            let starts = lines
                .entry(path)
                .or_insert_with(|| crate::markup::line_starts(text));
            Excerpt::around(file.clone(), text, starts, span, d.column)
        });
        let shown = Shown {
            diagnostic: d,
            message: printable(&d.message),
            help: d.help.as_deref().map(printable),
            file,
            source,
        };
        if handler.render_report(&mut out, &shown).is_err() {
            out.push_str(&shown.to_string());
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::codes;
    use proptest::prelude::*;
    use std::path::Path;

    fn excerpt(text: &str, span: Range<usize>) -> Excerpt {
        let starts = crate::markup::line_starts(text);
        Excerpt::around("f".to_owned(), text, &starts, &span, 0).expect("the span is in the text")
    }

    /// The report of one warning at `span` of file `f`.
    fn report(text: &str, span: Range<usize>) -> String {
        let (line, column) = crate::diagnostic::line_column(text, span.start);
        let d = Diagnostic::warning(codes::UNANNOTATED, Path::new("f"), "m").at(
            line,
            column,
            Some(span),
        );
        let sources = BTreeMap::from([(PathBuf::from("f"), text.to_owned())]);
        human(&[d], &sources, Style::Plain, 80)
    }

    #[test]
    fn short_lines_are_shown_as_they_are() {
        let text = "one\r\ntwo three\r\nfour\n";
        let e = excerpt(text, 9..14);
        assert_eq!(e.text, text);
        assert_eq!(&e.text[e.span.clone()], "three");
        assert_eq!((e.first_line, e.column), (0, 4));
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = format!("{}target{}", "a".repeat(1000), "b".repeat(1000));
        let e = excerpt(&format!("before\n{line}\nafter\n"), 7 + 1000..7 + 1006);
        let side = Excerpt::SIDE;
        let shown = format!("{CUT}{}target{}{CUT}", "a".repeat(side), "b".repeat(side));
        assert_eq!(e.text, format!("before\n{shown}\nafter\n"));
        assert_eq!(&e.text[e.span.clone()], "target");
        // The header gives the column in the file, not in the cut line.
        assert_eq!(e.column, 1000);
    }

    #[test]
    fn a_long_span_is_cut_and_underlined_into_the_cut_mark() {
        let text = "é".repeat(5000);
        let e = excerpt(&text, 2000..8000);
        let shown = format!("{CUT}{}{CUT}", "é".repeat(Excerpt::SIDE + Excerpt::SPAN));
        assert_eq!(e.text, shown);
        assert_eq!(
            &e.text[e.span.clone()],
            format!("{}{CUT}", "é".repeat(Excerpt::SPAN))
        );
        assert_eq!(e.column, 1000);
    }

    #[test]
    fn the_lines_of_a_long_multi_line_span_are_cut_at_their_start() {
        let long = "x".repeat(1000);
        let text = format!("{long}\n{long}\n{long}\n");
        let e = excerpt(&text, 500..1501);
        let head = "x".repeat(Excerpt::LONG);
        let around = "x".repeat(Excerpt::SIDE + Excerpt::SPAN);
        assert_eq!(
            e.text,
            format!("{CUT}{around}{CUT}\n{head}{CUT}\n{head}{CUT}\n")
        );
        // From the span's start to the cut mark that stands for its end.
        let local_end = around.len() + 2 * CUT.len() + 1 + head.len() + CUT.len();
        assert_eq!(e.span, CUT.len() + Excerpt::SIDE..local_end);
    }

    #[test]
    fn control_characters_are_escaped_and_the_span_follows() {
        let e = excerpt("a\u{1b}[2J\u{9b}b\rc\n", 7..8);
        assert_eq!(e.text, "a\\x1b[2J\\x9bb\nc\n", "a lone CR ends the line");
        assert_eq!(&e.text[e.span.clone()], "b");
    }

    #[test]
    fn a_span_past_column_65535_is_reported_at_its_true_column() {
        let text = format!("{}. Ships sank in 1905.", "😀".repeat(70_000));
        let start = text.find("Ships").expect("the sentence is there");
        let out = report(&text, start..text.len());
        assert!(out.contains("[f:1:70003]"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 400), "{out}");
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        /// Any span of any text is reported, on bounded lines, with no
        /// control character but the line breaks.
        #[test]
        fn any_span_is_reported_on_short_printable_lines(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just(" "), Just("\n"), Just("\r"), Just("\r\n"),
                    Just("\t"), Just("é"), Just("😀"), Just("\u{1b}"), Just("\u{9b}"),
                    Just("\u{7f}"), Just("\0"),
                    Just("a long stretch of words, long enough to make lines long "),
                ],
                0..200,
            ),
            a in 0usize..20_000,
            b in 0usize..20_000,
        ) {
            let text: String = parts.concat();
            let start = text.floor_char_boundary(a.min(b));
            let end = text.ceil_char_boundary(a.max(b));
            let out = report(&text, start..end);
            prop_assert!(out.contains("factmark::coverage::unannotated"));
            for line in out.lines() {
                prop_assert!(line.chars().count() <= 4 * (Excerpt::LONG + 2) + 20, "{}", line);
                prop_assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "{:?}", line);
            }
        }
    }
}
