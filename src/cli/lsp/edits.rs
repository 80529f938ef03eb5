//! New texts of an annotation file as the protocol's text edits, and the
//! stubs `init` writes added to a file that has entries already.

use std::ops::Range;

use factmark::segment::Sentence;
use factmark::store;
use lsp_types::TextEdit;

use super::position::LineIndex;

/// The one splice that turns `old` into `new`: what lies between their
/// common start and their common end.
fn difference(old: &str, new: &str) -> (Range<usize>, String) {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) {
        start -= 1;
    }
    let longest = old.len().min(new.len()) - start;
    let mut common_end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(longest)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - common_end) {
        common_end -= 1;
    }
    (
        start..old.len() - common_end,
        new[start..new.len() - common_end].to_owned(),
    )
}

/// `source` with byte splices made; `None` when they overlap.
fn spliced(source: &str, splices: &[(Range<usize>, String)]) -> Option<String> {
    let mut out = String::with_capacity(source.len());
    let mut at = 0;
    for (range, text) in splices {
        if range.start < at {
            return None;
        }
        out.push_str(source.get(at..range.start)?);
        out.push_str(text);
        at = range.end;
    }
    out.push_str(source.get(at..)?);
    Some(out)
}

/// The text edits that make `edits` (as [`store::apply_edits`] makes
/// them, byte for byte) in `source`: one per changed value, so the rest of
/// the buffer (its marks, folds, the cursor) is untouched; one edit of the
/// whole changed stretch if they cannot be told apart.
pub fn text_edits(source: &str, edits: &[store::Edit<'_>], index: &LineIndex) -> Vec<TextEdit> {
    let whole = store::apply_edits(source, edits);
    let mut splices: Vec<(Range<usize>, String)> = edits
        .iter()
        .map(|e| difference(source, &store::apply_edits(source, std::slice::from_ref(e))))
        .filter(|(range, text)| !range.is_empty() || !text.is_empty())
        .collect();
    splices.sort_by_key(|(range, _)| (range.start, range.end));
    if spliced(source, &splices).as_deref() != Some(whole.as_str()) {
        splices = vec![difference(source, &whole)];
    }
    splices
        .into_iter()
        .map(|(range, text)| TextEdit::new(index.range(range), text))
        .collect()
}

/// The splice that adds `init`'s stub of each of `sentences` to the
/// `annotations:` list of annotation file `yaml`: after its last entry,
/// indented as its entries are, with the file's line breaks. `None` when
/// the list is written in a way the stubs cannot follow (a flow list that
/// is not empty).
pub fn stubs(yaml: &str, sentences: &[&Sentence]) -> Option<(Range<usize>, String)> {
    let crlf = yaml.contains("\r\n");
    let lines = lines(yaml);
    let key = lines
        .iter()
        .position(|l| l.text.starts_with("annotations:"));
    let block = |indent: usize| -> String {
        let mut text = String::new();
        for s in sentences {
            for line in super::stub(s).lines() {
                // The stub's lines are two spaces in, as the scaffold's list.
                let line = line.strip_prefix("  ").unwrap_or(line);
                text.push_str(&" ".repeat(indent));
                text.push_str(line);
                text.push_str(if crlf { "\r\n" } else { "\n" });
            }
        }
        text
    };
    let Some(key) = key else {
        // No list yet: one at the end of the file.
        let mut text = String::new();
        if !yaml.is_empty() && !yaml.ends_with(['\n', '\r']) {
            text.push_str(if crlf { "\r\n" } else { "\n" });
        }
        text.push_str("annotations:");
        text.push_str(if crlf { "\r\n" } else { "\n" });
        text.push_str(&block(2));
        return Some((yaml.len()..yaml.len(), text));
    };
    let line = &lines[key];
    let after_key = line.start + "annotations:".len();
    let value = yaml[after_key..line.end]
        .split(" #")
        .next()
        .unwrap_or("")
        .trim();
    match value {
        "" => {}
        "[]" => {
            // An empty flow list becomes a block list.
            let mut text = if crlf { "\r\n" } else { "\n" }.to_owned();
            text.push_str(block(2).trim_end_matches(['\n', '\r']));
            return Some((after_key..line.end, text));
        }
        _ => return None,
    }
    // The list runs to the next line at the left margin that is not one
    // of its items or a comment.
    let mut last = key;
    let mut indent = None;
    for (i, l) in lines.iter().enumerate().skip(key + 1) {
        let content = l.text.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if l.text.len() == content.len() && !content.starts_with("- ") && content != "-" {
            break;
        }
        if indent.is_none() && (content.starts_with("- ") || content == "-") {
            indent = Some(l.text.len() - content.len());
        }
        last = i;
    }
    let end = &lines[last];
    let mut text = String::new();
    if end.next == end.end {
        // The file's last line, without a line break.
        text.push_str(if crlf { "\r\n" } else { "\n" });
    }
    text.push_str(&block(indent.unwrap_or(2)));
    Some((end.next..end.next, text))
}

/// A line: where it starts, where its content ends and where the next one
/// starts.
struct Line<'t> {
    start: usize,
    end: usize,
    next: usize,
    text: &'t str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let index = LineIndex::new(text, super::position::Encoding::Utf8);
    let count = index.line_of(text.len()) + 1;
    (0..count)
        .map(|i| {
            let (start, end) = (index.line_start(i), index.line_end(i));
            Line {
                start,
                end,
                next: index.line_start(i + 1),
                text: &text[start..end],
            }
        })
        .collect()
}

/// `source` with one splice made.
pub fn splice(source: &str, (range, text): &(Range<usize>, String)) -> String {
    let mut out = source.to_owned();
    out.replace_range(range.clone(), text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_is_the_changed_stretch_on_character_boundaries() {
        assert_eq!(difference("a: s-1\n", "a: s-2\n"), (5..6, "2".to_owned()));
        // é and è share their first byte.
        assert_eq!(difference("é", "è"), (0..2, "è".to_owned()));
        assert_eq!(difference("ab", "aXb"), (1..1, "X".to_owned()));
    }

    fn sentences() -> Vec<Sentence> {
        let article = factmark::markup::parse("Prices rose by 12 percent in 2024.");
        factmark::segment::segment(&article)
    }

    #[test]
    fn stubs_follow_the_lists_indentation_and_line_breaks() {
        let sentences = sentences();
        let one: Vec<&Sentence> = sentences.iter().collect();
        let stub = super::super::stub(one[0]);
        let add = |yaml: &str| stubs(yaml, &one).map(|s| splice(yaml, &s));
        // After the last entry, before a comment and the next key.
        let yaml = "article: a.md\nannotations:\n  - quote: x\n    verdict: opinion\n# ignored:\nignore: []\n";
        assert_eq!(
            add(yaml).as_deref(),
            Some(format!("article: a.md\nannotations:\n  - quote: x\n    verdict: opinion\n{stub}# ignored:\nignore: []\n").as_str())
        );
        // A list at the left margin, in a file with CRLF and no last break.
        let yaml = "annotations:\r\n- quote: x\r\n  verdict: opinion";
        let added = add(yaml).unwrap_or_default();
        assert!(added.starts_with(&format!("{yaml}\r\n# ")), "{added:?}");
        assert!(added.contains("\r\n- quote: \"Prices"), "{added:?}");
        assert!(!added.replace("\r\n", "").contains('\n'), "{added:?}");
        // An empty flow list becomes a block list; a missing one is added.
        assert_eq!(
            add("article: a.md\nannotations: []\n").as_deref(),
            Some(format!("article: a.md\nannotations:\n{stub}").as_str())
        );
        assert_eq!(
            add("article: a.md").as_deref(),
            Some(format!("article: a.md\nannotations:\n{stub}").as_str())
        );
        assert_eq!(add("annotations: [{quote: x}]\n"), None);
    }

    #[test]
    fn overlapping_splices_are_refused() {
        assert_eq!(
            spliced("abc", &[(0..2, "x".into()), (1..3, "y".into())]),
            None
        );
        assert_eq!(
            spliced("abc", &[(0..1, "x".into()), (2..3, "y".into())]).as_deref(),
            Some("xby")
        );
    }
}
