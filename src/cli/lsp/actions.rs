//! Code actions: `accept`'s edits (record one entry's sentence id, or
//! all; requote an orphan to its edited sentence), `init`'s stubs for the
//! unannotated check-worthy sentences, and on the article "annotate this
//! sentence". Every edit is computed by the same byte-exact rules as
//! `accept` and read back as `accept` reads it back before it is offered.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use factmark::anchor::{EntryKind, Record, Review, Why};
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::segment::Sentence;
use factmark::store;
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Uri, WorkspaceEdit};

use super::analysis::{Analysis, Workspace};
use super::documents::uri_of;
use super::edits::{splice, stubs, text_edits};
use super::position::{Encoding, LineIndex};

/// The actions for bytes `range` of the open annotation file `analysis`
/// reviewed (whose URI is `uri`).
pub fn in_annotation_file(
    analysis: &Analysis,
    uri: &Uri,
    range: std::ops::Range<usize>,
    config: &Config,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    let Some(review) = analysis.review() else {
        return Vec::new();
    };
    let yaml = analysis.yaml();
    let index = LineIndex::new(yaml, encoding);
    let file = analysis.named.as_path();
    let here = entries_in(review, yaml, &index, range);
    let records = super::records(review, config, false);
    let requotes: Vec<Record> = super::records(review, config, true)
        .into_iter()
        .filter(|r| r.why == Why::Requoted)
        .collect();
    let mut actions = Vec::new();
    let mut offer = |title: String, records: &[Record], preferred: bool| {
        let edits = review.edits(records);
        let updated = store::apply_edits(yaml, &edits);
        if super::reads_back(yaml, &updated, file, config, review, records).is_ok() {
            actions.push(action(
                title,
                uri,
                text_edits(yaml, &edits, &index),
                preferred,
            ));
        }
    };
    for r in records.iter().filter(|r| here.contains(&(r.kind, r.entry))) {
        let sentence = &review.sentences[r.sentence];
        offer(
            format!(
                "Record the sentence id {} of {} (factmark accept)",
                sentence.id,
                entry_name(review, r)
            ),
            std::slice::from_ref(r),
            true,
        );
    }
    for r in requotes
        .iter()
        .filter(|r| here.contains(&(r.kind, r.entry)))
    {
        offer(
            format!(
                "Requote {} to its edited sentence {} (factmark accept --requote)",
                entry_name(review, r),
                review.sentences[r.sentence].id
            ),
            std::slice::from_ref(r),
            true,
        );
    }
    if !records.is_empty() {
        offer(
            format!(
                "Record all {} sentence ids (factmark accept)",
                records.len()
            ),
            &records,
            false,
        );
    }
    let missing = unannotated(review, &analysis.result.diagnostics);
    if !missing.is_empty() {
        let title = format!(
            "Add {} for the unannotated check-worthy sentences (factmark init)",
            crate::cli::count(missing.len(), "stub")
        );
        if let Some(edit) = stub_edit(yaml, file, config, &missing, &index) {
            actions.push(action(title, uri, vec![edit], false));
        }
    }
    actions
}

/// "Annotate this sentence" at byte `offset` of open article `article`:
/// a stub for its sentence there, in the first annotation file that
/// reviews the article.
pub fn in_article(
    ws: &Workspace,
    article: &Path,
    offset: usize,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    for analysis in ws.current_analyses_of(article) {
        let Some(review) = analysis.review() else {
            continue;
        };
        let Some(sentence) = sentence_at(review, offset) else {
            return Vec::new();
        };
        let yaml = analysis.yaml();
        let index = LineIndex::new(yaml, encoding);
        let Some(uri) = ws
            .docs
            .get(&analysis.file)
            .map(|d| d.uri.clone())
            .or_else(|| uri_of(&analysis.file))
        else {
            continue;
        };
        let Some(edit) = stub_edit(yaml, &analysis.named, &ws.config, &[sentence], &index) else {
            continue;
        };
        let name = analysis
            .file
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        return vec![action(
            format!("Annotate this sentence ({}) in {name}", sentence.id),
            &uri,
            vec![edit],
            false,
        )];
    }
    Vec::new()
}

/// The sentence of `review` that byte `offset` of the article is in.
pub fn sentence_at(review: &Review, offset: usize) -> Option<&Sentence> {
    review
        .sentences
        .iter()
        .find(|s| s.start <= offset && offset <= s.end)
}

/// The entries (list and position in the review's list) whose lines
/// bytes `range` of the file touch: an entry runs from the line of its
/// first key to the next entry's.
fn entries_in(
    review: &Review,
    yaml: &str,
    index: &LineIndex,
    range: std::ops::Range<usize>,
) -> Vec<(EntryKind, usize)> {
    let mut starts: Vec<(usize, EntryKind, usize)> = review
        .set
        .annotations
        .iter()
        .enumerate()
        .map(|(slot, a)| (a.span.offset, EntryKind::Annotation, slot))
        .chain(
            review
                .set
                .ignore
                .iter()
                .enumerate()
                .map(|(slot, e)| (e.span.offset, EntryKind::Ignore, slot)),
        )
        .map(|(offset, kind, slot)| (index.line_start(index.line_of(offset)), kind, slot))
        .collect();
    starts.sort_unstable_by_key(|s| s.0);
    let mut found = Vec::new();
    for (i, &(start, kind, slot)) in starts.iter().enumerate() {
        let end = starts.get(i + 1).map_or(yaml.len(), |next| next.0);
        if range.start < end.max(start + 1) && range.end >= start {
            found.push((kind, slot));
        }
    }
    found
}

/// How messages name the entry of record `r`.
fn entry_name(review: &Review, r: &Record) -> String {
    match r.kind {
        EntryKind::Annotation => {
            format!("annotation {}", review.set.annotations[r.entry].index + 1)
        }
        EntryKind::Ignore => format!("ignore entry {}", review.set.ignore[r.entry].index + 1),
    }
}

/// The check-worthy sentences that `check` reports as having no
/// annotation (not those whose annotation has errors: a stub would be a
/// second one).
fn unannotated<'r>(review: &'r Review, findings: &[factmark::Diagnostic]) -> Vec<&'r Sentence> {
    // Sets: an archive-sized article has tens of thousands of each, and
    // this runs whenever the cursor moves.
    let starts: HashSet<usize> = findings
        .iter()
        .filter(|d| d.code == codes::UNANNOTATED)
        .filter_map(|d| d.span.as_ref().map(|s| s.start))
        .collect();
    let bound: HashSet<usize> = review
        .bindings
        .iter()
        .map(|b| b.sentence)
        .chain(review.ignored.iter().map(|b| b.sentence))
        .collect();
    review
        .sentences
        .iter()
        .enumerate()
        .filter(|(i, s)| starts.contains(&s.start) && !bound.contains(i))
        .map(|(_, s)| s)
        .collect()
}

/// The edit adding stubs for `sentences` to `yaml`, when the file reads
/// back with exactly that many more annotations and nothing else changed
/// about it.
fn stub_edit(
    yaml: &str,
    file: &Path,
    config: &Config,
    sentences: &[&Sentence],
    index: &LineIndex,
) -> Option<TextEdit> {
    let splice_made = stubs(yaml, sentences)?;
    let updated = splice(yaml, &splice_made);
    let load = |text: &str| store::parse_with(text, file, &config.vocabulary).0;
    let (before, after) = (load(yaml)?, load(&updated)?);
    let reads_back = after.entries == before.entries + sentences.len()
        && after.ignore.len() == before.ignore.len()
        && after.article.value == before.article.value;
    reads_back.then(|| TextEdit::new(index.range(splice_made.0), splice_made.1))
}

fn action(title: String, uri: &Uri, edits: Vec<TextEdit>, preferred: bool) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        edit: Some(WorkspaceEdit::new(HashMap::from([(uri.clone(), edits)]))),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}
