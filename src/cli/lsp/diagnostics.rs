//! `check`'s findings as the protocol's diagnostics, at exact ranges: on
//! the annotation file, and (coverage, as hints) on its article when open.

use std::path::Path;

use factmark::diagnostic::codes;
use factmark::{Diagnostic, Severity};
use lsp_types::{DiagnosticSeverity, NumberOrString, PublishDiagnosticsParams, Range, Uri};

use super::analysis::Workspace;
use super::position::{Encoding, LineIndex};

/// One finding in the file whose text is `text`, at its exact range. The
/// help follows the message, as `check` prints it.
pub fn convert(d: &Diagnostic, index: &LineIndex) -> lsp_types::Diagnostic {
    let range = range_of(d, index);
    let severity = match (d.severity, d.code) {
        // An unannotated sentence is a hint where it stands: most of an
        // article's sentences may be one while its review is under way.
        (_, codes::UNANNOTATED) => DiagnosticSeverity::HINT,
        (Severity::Error, _) => DiagnosticSeverity::ERROR,
        (Severity::Warning, _) => DiagnosticSeverity::WARNING,
    };
    let message = match &d.help {
        Some(help) => format!("{}\nhelp: {help}", d.message),
        None => d.message.clone(),
    };
    lsp_types::Diagnostic {
        range,
        severity: Some(severity),
        code: Some(NumberOrString::String(d.code.to_owned())),
        source: Some("factmark".to_owned()),
        message,
        ..Default::default()
    }
}

/// The range a finding underlines: its byte span, else the rest of its
/// line from its column, else the start of the file.
fn range_of(d: &Diagnostic, index: &LineIndex) -> Range {
    if let Some(span) = &d.span {
        return index.range(span.clone());
    }
    if d.line == 0 {
        return Range::default();
    }
    let at = index.offset_of_line_column(d.line, d.column);
    let end = index.line_end(index.line_of(at)).max(at);
    index.range(at..end)
}

/// The diagnostics to publish after annotation file `file` was reviewed:
/// its own (when open) and its article's (when open), each the whole set
/// for its file.
pub fn publications(
    ws: &Workspace,
    file: &Path,
    encoding: Encoding,
) -> Vec<PublishDiagnosticsParams> {
    let mut out = Vec::new();
    let Some(analysis) = ws.analyses.get(file) else {
        return out;
    };
    let article = analysis.article().map(factmark::project::normalized);
    let article_open = article.as_deref().is_some_and(|a| ws.docs.is_open(a));
    if let Some(doc) = ws.docs.get(file) {
        let index = LineIndex::new(analysis.yaml(), encoding);
        let mut diagnostics = Vec::new();
        for d in &analysis.result.diagnostics {
            if factmark::project::normalized(&d.file) == file {
                diagnostics.push(convert(d, &index));
            } else if d.code != codes::UNANNOTATED && !article_open {
                // A finding in a file that is not open (an article that is
                // not UTF-8): at the top of the annotation file, named.
                let mut shown = d.clone();
                shown.message = format!("{}: {}", d.file.display(), d.message);
                shown.span = None;
                shown.line = 0;
                diagnostics.push(convert(&shown, &index));
            }
        }
        out.push(PublishDiagnosticsParams::new(
            doc.uri.clone(),
            diagnostics,
            Some(doc.version),
        ));
    }
    if let Some(article) = article
        && article_open
    {
        out.extend(article_publication(ws, &article, encoding));
    }
    out
}

/// The diagnostics of open article `article`: the findings about it of
/// every annotation file that reviews it.
pub fn article_publication(
    ws: &Workspace,
    article: &Path,
    encoding: Encoding,
) -> Option<PublishDiagnosticsParams> {
    let doc = ws.docs.get(article)?;
    let index = LineIndex::new(&doc.text, encoding);
    let mut diagnostics = Vec::new();
    // Positions only mean something in the text they were found in.
    for analysis in ws.current_analyses_of(article) {
        for d in &analysis.result.diagnostics {
            if factmark::project::normalized(&d.file) == article {
                diagnostics.push(convert(d, &index));
            }
        }
    }
    Some(PublishDiagnosticsParams::new(
        doc.uri.clone(),
        diagnostics,
        Some(doc.version),
    ))
}

/// Nothing to say about `uri` (a closed file, or one that is no longer an
/// annotation file).
pub fn cleared(uri: Uri) -> PublishDiagnosticsParams {
    PublishDiagnosticsParams::new(uri, Vec::new(), None)
}
