//! Completion in an annotation file: the keys its entry still lacks, the
//! project's verdicts, the article's sentences for `quote:` (with their
//! `sentence:` id) and sentence ids for `sentence:`.

use factmark::store::{Verdict, Vocabulary};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, MarkupContent,
    MarkupKind, TextEdit,
};

use super::analysis::Analysis;
use super::context::{Entry, Mapping, Place, place};
use super::position::LineIndex;

/// The most sentences a quote completion offers: more is no help.
const MAX_QUOTES: usize = 50;

/// The completions at byte `offset` of annotation file `text`, whose last
/// review (for the article's sentences) is `analysis`.
pub fn complete(
    text: &str,
    offset: usize,
    index: &LineIndex,
    vocabulary: &Vocabulary,
    analysis: Option<&Analysis>,
) -> Vec<CompletionItem> {
    let sentences = analysis.map_or(&[][..], Analysis::sentences);
    match place(text, offset) {
        Place::Key { entry, typed } => keys(&entry, index.range(typed)),
        Place::Value {
            entry, key, value, ..
        } if key == "verdict" && entry.mapping == Mapping::Annotation => vocabulary
            .iter()
            .map(|v| verdict(v, edit(index.range(value.clone()), v.name())))
            .collect(),
        Place::Value {
            entry,
            key,
            value,
            line_end,
        } if key == "quote"
            && entry.mapping != Mapping::Source
            && entry.mapping != Mapping::Top =>
        {
            let typed = &text[value.start..offset.max(value.start)];
            let words: Vec<String> = typed
                .trim_start_matches(['"', '\''])
                .split_whitespace()
                .map(str::to_lowercase)
                .collect();
            sentences
                .iter()
                .filter(|s| {
                    let folded = s.folded().to_lowercase();
                    words.iter().all(|w| folded.contains(w.as_str()))
                })
                .take(MAX_QUOTES)
                .enumerate()
                .map(|(rank, s)| {
                    let id_edit = match entry.key("sentence") {
                        Some(key) => TextEdit::new(index.range(key.value.clone()), s.id.clone()),
                        None => TextEdit::new(
                            index.range(line_end..line_end),
                            format!("\n{}sentence: {}", " ".repeat(entry.column), s.id),
                        ),
                    };
                    CompletionItem {
                        label: s.text.clone(),
                        kind: Some(CompletionItemKind::TEXT),
                        detail: Some(format!("{} (line {})", s.id, s.line)),
                        // Editors filter on the text from the value's start
                        // to the cursor: what was typed always matches.
                        filter_text: Some(format!("{typed}{}", s.text)),
                        sort_text: Some(format!("{rank:05}")),
                        text_edit: Some(edit(index.range(value.clone()), &super::quoted(&s.text))),
                        additional_text_edits: Some(vec![id_edit]),
                        ..Default::default()
                    }
                })
                .collect()
        }
        Place::Value {
            entry, key, value, ..
        } if key == "sentence"
            && entry.mapping != Mapping::Source
            && entry.mapping != Mapping::Top =>
        {
            let quote = entry
                .key("quote")
                .map(|q| factmark::fold::fold(text[q.value.clone()].trim_matches(['"', '\''])));
            sentences
                .iter()
                .enumerate()
                .map(|(at, s)| {
                    let holds = quote
                        .as_deref()
                        .is_some_and(|q| !q.is_empty() && s.folded().contains(q));
                    CompletionItem {
                        label: s.id.clone(),
                        kind: Some(CompletionItemKind::REFERENCE),
                        detail: Some(s.text.clone()),
                        // The sentences that hold the quote first.
                        sort_text: Some(format!("{}{at:06}", u8::from(!holds))),
                        text_edit: Some(edit(index.range(value.clone()), &s.id)),
                        ..Default::default()
                    }
                })
                .collect()
        }
        _ => Vec::new(),
    }
}

/// The keys `entry` does not have yet.
fn keys(entry: &Entry, typed: lsp_types::Range) -> Vec<CompletionItem> {
    entry
        .mapping
        .keys()
        .iter()
        .filter(|(name, _)| entry.key(name).is_none())
        .enumerate()
        .map(|(rank, (name, about))| CompletionItem {
            label: (*name).to_owned(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some((*about).to_owned()),
            sort_text: Some(format!("{rank:02}")),
            text_edit: Some(edit(typed, &format!("{name}: "))),
            ..Default::default()
        })
        .collect()
}

/// A verdict, with its description and what it requires.
fn verdict(v: &Verdict, text_edit: CompletionTextEdit) -> CompletionItem {
    CompletionItem {
        label: v.name().to_owned(),
        kind: Some(CompletionItemKind::ENUM_MEMBER),
        detail: Some(v.label().to_owned()),
        documentation: Some(Documentation::MarkupContent(MarkupContent {
            kind: MarkupKind::Markdown,
            value: describe(v),
        })),
        text_edit: Some(text_edit),
        ..Default::default()
    }
}

/// What a verdict means and what it requires besides `quote`, in Markdown.
pub fn describe(v: &Verdict) -> String {
    let info = v.info();
    let mut needs = Vec::new();
    if v.requires_note() {
        needs.push("a `note`");
    }
    if v.corrects_dates() {
        needs.push("`claimed` and `corrected` dates");
    }
    if v.requires_source() {
        needs.push("at least one source");
    }
    let needs = if needs.is_empty() {
        "nothing besides the quote".to_owned()
    } else {
        needs.join(", ")
    };
    format!(
        "**{}** ({}): {}\n\nRequires: {needs}.",
        v.name(),
        info.label,
        info.description
    )
}

fn edit(range: lsp_types::Range, text: &str) -> CompletionTextEdit {
    CompletionTextEdit::Edit(TextEdit::new(range, text.to_owned()))
}
