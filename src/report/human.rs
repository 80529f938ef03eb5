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

use super::{is_escaped, printable, printable_path};
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
/// The excerpt is what a reader needs to find the span, and no more, so
/// that the one or two errors of a report are not drowned by its warnings:
///
/// - a span on one line is shown with the line before it as context, unless
///   that line is blank (in an article it mostly is: paragraphs are one
///   line each, between blank ones);
/// - a span over two or three lines is shown whole, without context;
/// - a longer span (a sentence of a hard-wrapped paragraph, a long YAML
///   value) by its first line, ending in a mark, and labelled with the line
///   it ends on. miette numbers the lines it shows one after the other, so
///   its last line cannot be shown below its first without a wrong number.
///
/// Long lines are cut to a window around the span: one line can be a whole
/// article (34 KB with 5,000 sentences printed 387 MB), miette pads its
/// underline with a formatting width that panics past 65,535 columns, and a
/// report line is read best whole, without wrapping. Control characters are
/// escaped, so that a file cannot drive the terminal. The text is therefore
/// the excerpt's own, and [`Excerpt::span`] is the finding's span in it; the
/// header's line and column are the true ones in the file.
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
    /// The 1-based line a span ends on when it is shown by its first line
    /// only.
    continues_to: Option<usize>,
}

/// Marks where a long line was cut, and where a span shown by its first
/// line goes on.
const CUT: &str = "…";

impl Excerpt {
    /// Columns of a shown line, cut marks included: with the gutter (line
    /// number, bar, a multi-line span's arrow: at most 15 columns for a
    /// million-line file) no line of a report's snippet is wider than 120.
    const WIDTH: usize = 100;
    /// Columns shown before the start of a span too long for its window;
    /// a span that fits is shown whole, in the middle of its window.
    const SIDE: usize = 20;
    /// Spans over at most this many lines are shown whole.
    const LINES: usize = 3;
    /// The column past which a span that goes on is moved left (see
    /// [`Excerpt::window_from`]).
    const LATE: usize = 60;

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
        let bounds = |line: usize| {
            let from = line_starts.get(line).copied().unwrap_or(text.len());
            let next = line_starts.get(line + 1).copied().unwrap_or(text.len());
            (from, next)
        };
        let start_line = line_of(start);
        // The line of the span's last byte: a span that takes in a line
        // break ends on the line it breaks.
        let end_line = if end > start {
            line_of(end - 1).max(start_line)
        } else {
            start_line
        };
        let continues = end_line - start_line >= Self::LINES;
        let (first_line, last_line) = if start_line == end_line {
            let before = start_line.checked_sub(1).filter(|&line| {
                let (from, next) = bounds(line);
                !text[from..next].trim().is_empty()
            });
            (before.unwrap_or(start_line), start_line)
        } else if continues {
            (start_line, start_line)
        } else {
            (start_line, end_line)
        };
        let mut shown = String::new();
        // Where `start` and `end` land in `shown`.
        let (mut local_start, mut local_end) = (0, 0);
        for line in first_line..=last_line {
            let (from, next) = bounds(line);
            let whole = text.get(from..next)?;
            // The line break is kept as it is, as miette reads "\r\n" as
            // one; a lone "\r" (which ends a line for positions too) is
            // shown as "\n", one byte for one, since miette does not read it
            // as a line end.
            let body = whole.strip_suffix('\n').unwrap_or(whole);
            let body = body.strip_suffix('\r').unwrap_or(body);
            let to = from + body.len();
            // A span may start in the line break (an empty value at a
            // line's end): the window is then the line's end.
            // The label of a span that goes on sits under the middle of its
            // underline: one that starts late in its line is moved left as on
            // a long line, so that the label stays within the report's width.
            let starts_late = continues
                && line == start_line
                && columns(&text[from..start.min(to)], Self::LATE) > Self::LATE;
            let fits = forward(text, from, to, Self::WIDTH - 1) == to;
            let (window_start, window_end) = if fits && !starts_late {
                (from, to)
            } else if line == start_line {
                Self::window_from(text, from, to, start.min(to), end.min(to), !continues)
            } else if line == end_line {
                Self::window_to(text, from, to, end.min(to))
            } else {
                (from, forward(text, from, to, Self::WIDTH - 1))
            };
            if window_start > from {
                shown.push_str(CUT);
            }
            let window_local = shown.len();
            shown.push_str(&printable(&text[window_start..window_end]));
            if window_end < to || (continues && line == start_line) {
                shown.push_str(CUT);
            }
            // Where `at` (on this line) lands: a place cut away lands beside
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
            if line == start_line {
                local_start = local(start, &shown);
            }
            if continues && line == start_line {
                local_end = shown.len();
            } else if line == end_line {
                local_end = local(end, &shown);
            }
            match &whole[body.len()..] {
                "\r" => shown.push('\n'),
                line_break => shown.push_str(line_break),
            }
        }
        let column = match column {
            0 => text[bounds(start_line).0..start].chars().count(),
            c => c - 1,
        };
        Some(Excerpt {
            name,
            text: shown,
            first_line,
            span: local_start..local_end.max(local_start),
            column,
            continues_to: continues.then_some(end_line + 1),
        })
    }

    /// The window of a long line `from..to` on which a span starts at `at`
    /// (and ends at `end`, or goes on past `to`): a span that fits in the
    /// middle, a longer one from a little before its start. With `fill`, a
    /// window that reaches the line's end starts early enough to be full;
    /// without, the span starts near the window's start, which keeps the
    /// label of a span that goes on (placed under the underline's middle)
    /// within the report's width.
    fn window_from(
        text: &str,
        from: usize,
        to: usize,
        at: usize,
        end: usize,
        fill: bool,
    ) -> (usize, usize) {
        let room = Self::WIDTH - 2 * CUT.chars().count();
        let span = columns(&text[at..end], room);
        let lead = if span <= room {
            (room - span) / 2
        } else {
            Self::SIDE
        };
        let window_start = back(text, from, at, lead);
        let window_end = forward(text, window_start, to, room);
        if fill && window_end == to {
            (back(text, from, to, room), to)
        } else {
            (window_start, window_end)
        }
    }

    /// The window of a long line `from..to` on which a span that started on
    /// an earlier line ends, at `end`: the end and a little after it.
    fn window_to(text: &str, from: usize, to: usize, end: usize) -> (usize, usize) {
        let room = Self::WIDTH - 2 * CUT.chars().count();
        let window_end = forward(text, end, to, Self::SIDE);
        let window_start = back(text, from, window_end, room);
        if window_start == from {
            (from, forward(text, from, to, room))
        } else {
            (window_start, window_end)
        }
    }
}

/// The columns `c` takes when shown: a tab up to 4 (miette's tab stops), a
/// control character 4 (escaped as `\x1b`), others 1. A wide character
/// (CJK, emoji) takes 2 on most terminals but counts 1 here: the crate has
/// no table of widths.
fn cols(c: char) -> usize {
    if c == '\t' || is_escaped(c) { 4 } else { 1 }
}

/// The columns `text` takes when shown, counted up to a little past `cap`.
fn columns(text: &str, cap: usize) -> usize {
    let mut n = 0;
    for c in text.chars() {
        n += cols(c);
        if n > cap {
            break;
        }
    }
    n
}

/// The byte after at most `n` columns of text from `at`, at most `limit`.
fn forward(text: &str, at: usize, limit: usize, n: usize) -> usize {
    let mut used = 0;
    for (i, c) in text[at..limit].char_indices() {
        used += cols(c);
        if used > n {
            return at + i;
        }
    }
    limit
}

/// The byte at most `n` columns of text before `at`, at least `limit`.
fn back(text: &str, limit: usize, at: usize, n: usize) -> usize {
    let mut used = 0;
    let mut first = at;
    for (i, c) in text[limit..at].char_indices().rev() {
        used += cols(c);
        if used > n {
            return first;
        }
        first = limit + i;
    }
    limit
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
        let source = self.source.as_ref()?;
        let span = source.span.clone();
        // The underline says where; a label would only take another line.
        let label = LabeledSpan::new_with_span(
            source
                .continues_to
                .map(|line| format!("continues to line {line}")),
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
        // The excerpt holds only the lines to show, context included.
        .with_context_lines(1)
        .with_word_separator(textwrap::WordSeparator::AsciiSpace)
        .with_word_splitter(textwrap::WordSplitter::NoHyphenation)
        .with_break_words(false);
    let mut out = String::new();
    // Each file's lines are indexed once, however many findings it has.
    let mut lines: BTreeMap<&PathBuf, Vec<usize>> = BTreeMap::new();
    for d in diagnostics {
        let file = printable_path(&d.file);
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
    fn a_span_on_one_line_is_shown_with_the_line_before() {
        let text = "one\r\ntwo three\r\nfour\n";
        let e = excerpt(text, 9..14);
        assert_eq!(e.text, "one\r\ntwo three\r\n");
        assert_eq!(&e.text[e.span.clone()], "three");
        assert_eq!((e.first_line, e.column, e.continues_to), (0, 4, None));
    }

    #[test]
    fn a_blank_line_is_no_context() {
        let text = "Intro.\n \t\nShips sank.\n\nMore.\n";
        let e = excerpt(text, 10..21);
        assert_eq!(e.text, "Ships sank.\n");
        assert_eq!(&e.text[e.span.clone()], "Ships sank.");
        assert_eq!(e.first_line, 2);
        // On the first line, there is no line before.
        assert_eq!(excerpt(text, 0..6).text, "Intro.\n");
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = format!("{}target{}", "a".repeat(1000), "b".repeat(1000));
        let e = excerpt(&format!("before\n{line}\nafter\n"), 7 + 1000..7 + 1006);
        // A short span sits in the middle of its window.
        let side = (Excerpt::WIDTH - 2 - 6) / 2;
        let shown = format!("{CUT}{}target{}{CUT}", "a".repeat(side), "b".repeat(side));
        assert_eq!(e.text, format!("before\n{shown}\n"));
        assert_eq!(&e.text[e.span.clone()], "target");
        // The header gives the column in the file, not in the cut line.
        assert_eq!(e.column, 1000);
    }

    #[test]
    fn a_span_near_the_end_of_a_long_line_fills_its_window_from_the_left() {
        let text = format!("{}target.", "a".repeat(1000));
        let e = excerpt(&text, 1000..1007);
        let shown = format!("{CUT}{}target.", "a".repeat(Excerpt::WIDTH - 2 - 7));
        assert_eq!(e.text, shown);
        assert_eq!(&e.text[e.span.clone()], "target.");
    }

    #[test]
    fn a_long_span_is_cut_and_underlined_into_the_cut_mark() {
        let text = "é".repeat(5000);
        let e = excerpt(&text, 2000..8000);
        let room = Excerpt::WIDTH - 2;
        assert_eq!(e.text, format!("{CUT}{}{CUT}", "é".repeat(room)));
        assert_eq!(
            &e.text[e.span.clone()],
            format!("{}{CUT}", "é".repeat(room - Excerpt::SIDE))
        );
        assert_eq!(e.column, 1000);
    }

    #[test]
    fn tabs_and_escapes_count_as_the_columns_they_take() {
        let text = format!("{}Ships sank.{}", "\t".repeat(100), "\u{1b}".repeat(100));
        let start = text.find("Ships").expect("the sentence is there");
        let e = excerpt(&text, start..start + 11);
        // Half of the room the span leaves goes before it, in whole tabs;
        // the rest after it, in whole escapes.
        let room = Excerpt::WIDTH - 2;
        let tabs = (room - 11) / 2 / 4;
        assert_eq!(e.text.chars().filter(|&c| c == '\t').count(), tabs);
        assert_eq!(e.text.matches("\\x1b").count(), (room - 11 - 4 * tabs) / 4);
        assert_eq!(&e.text[e.span.clone()], "Ships sank.");
    }

    #[test]
    fn a_span_over_two_or_three_lines_is_shown_whole_without_context() {
        let text = "Intro.\nShips sank\nin 1906\nnear Aktau.\nMore.\n";
        let start = text.find("Ships").expect("the sentence is there");
        let end = text.find("More").expect("the next one is there") - 1;
        let e = excerpt(text, start..end);
        assert_eq!(e.text, "Ships sank\nin 1906\nnear Aktau.\n");
        assert_eq!(&e.text[e.span.clone()], "Ships sank\nin 1906\nnear Aktau.");
        assert_eq!((e.first_line, e.continues_to), (1, None));
        // A span that takes in its line break ends on the line it breaks.
        let e = excerpt(text, start..end + 1);
        assert_eq!(e.text, "Ships sank\nin 1906\nnear Aktau.\n");
    }

    #[test]
    fn the_last_line_of_a_span_is_cut_around_its_end() {
        let long = "x".repeat(1000);
        let text = format!("Ships sank\n{long} near Aktau. {long}\n");
        let end = text.find(" near Aktau.").expect("the end is there") + 12;
        let e = excerpt(&text, 0..end);
        let lines: Vec<&str> = e.text.lines().collect();
        assert_eq!(lines[0], "Ships sank");
        let after = "x".repeat(Excerpt::SIDE - 1);
        let before = "x".repeat(Excerpt::WIDTH - 2 - 12 - Excerpt::SIDE);
        assert_eq!(lines[1], format!("{CUT}{before} near Aktau. {after}{CUT}"));
        assert!(e.text[e.span.clone()].ends_with("near Aktau."));
    }

    /// Found by the property test below: a span that goes on from late in
    /// a line that fits put its label past column 120.
    #[test]
    fn a_span_that_goes_on_from_late_in_its_line_keeps_its_label_in_width() {
        let lead = format!("{}and then some, ", "a long stretch of words. ".repeat(3));
        let text = format!("{lead}Ships\nsank\nin\n1906.\n");
        let start = text.find("Ships").expect("the sentence is there");
        let out = report(&text, start..text.len() - 1);
        assert!(out.contains("continues to line 4"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() <= 120), "{out}");
    }

    #[test]
    fn a_span_over_more_lines_is_shown_by_its_first_line() {
        let text = "Intro.\nShips\nsank\nin\n1906.\nMore.\n";
        let start = text.find("Ships").expect("the sentence is there");
        let span = start..text.find("1906.").expect("its end is there") + 5;
        let e = excerpt(text, span.clone());
        assert_eq!(e.text, format!("Ships{CUT}\n"));
        assert_eq!(&e.text[e.span.clone()], format!("Ships{CUT}"));
        assert_eq!((e.first_line, e.continues_to), (1, Some(5)));
        let out = report(text, span);
        assert!(out.contains("╰── continues to line 5"), "{out}");
        assert!(!out.contains("sank"), "{out}");
    }

    #[test]
    fn control_characters_are_escaped_and_the_span_follows() {
        let e = excerpt("a\u{1b}[2J\u{9b}b\rc\n", 7..8);
        assert_eq!(e.text, "a\\x1b[2J\\x9bb\n", "a lone CR ends the line");
        assert_eq!(&e.text[e.span.clone()], "b");
        let e = excerpt("a\rc\n", 2..3);
        assert_eq!(e.text, "a\nc\n", "a lone CR is shown as a line feed");
    }

    #[test]
    fn a_finding_is_underlined_without_a_label() {
        let out = report("Intro.\n\nShips sank in 1906.\n", 8..27);
        assert_eq!(
            out,
            "factmark::coverage::unannotated\n\n  ⚠ m\n   ╭─[f:3:1]\n 3 │ Ships sank in 1906.\n   · ───────────────────\n   ╰────\n\n"
        );
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

        /// Any span of any text is reported in at most 12 lines of at most
        /// 120 characters, with no control character but the line breaks.
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
            prop_assert!(out.lines().count() <= 12, "{}", out);
            for line in out.lines() {
                prop_assert!(line.chars().count() <= 120, "{}", line);
                prop_assert!(!line.chars().any(|c| c.is_control() && c != '\t'), "{:?}", line);
            }
        }
    }
}
