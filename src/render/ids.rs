//! The page's element ids, unique whatever the article holds.
//!
//! Footnote ids are made from labels, which may differ only in characters an
//! id does without (`[^a.b]`, `[^a-b]`) or be defined twice; sentence ids are
//! 32-bit fingerprints, which two different sentences can share. Each gets a
//! `-2`, `-3`, … suffix when its id is taken. The page's fixed ids
//! (`summary-title`, `note-3`, …) cannot clash with these: footnote ids start
//! with `fn-`, sentence ids with `s-`.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::markup::{Container, Node};
use crate::segment::Sentence;

/// Hands out ids, each once.
#[derive(Default)]
struct Unique {
    used: HashSet<String>,
    /// The next suffix to try for each id that was taken, so that a
    /// thousand labels that all reduce to one id cost a thousand tries,
    /// not half a million.
    next: HashMap<String, usize>,
}

impl Unique {
    /// `base` when it is free, else the first free `base-k` (k ≥ 2).
    fn claim(&mut self, base: String) -> String {
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let mut k = self.next.get(&base).copied().unwrap_or(2);
        let id = loop {
            let id = format!("{base}-{k}");
            k += 1;
            if !self.used.contains(&id) {
                break id;
            }
        };
        self.next.insert(base, k);
        self.used.insert(id.clone());
        id
    }
}

/// The ids of an article's footnote definitions and the definition each
/// label's references link to.
pub(super) struct Footnotes {
    /// The id of each definition, in document order.
    ids: Vec<String>,
    /// Folded label → index in `ids` of its first definition.
    targets: HashMap<String, usize>,
}

impl Footnotes {
    /// The footnote ids of the article whose document structure is `outline`.
    pub(super) fn new(outline: &[Node]) -> Self {
        let mut unique = Unique::default();
        let mut footnotes = Footnotes {
            ids: Vec::new(),
            targets: HashMap::new(),
        };
        for node in outline {
            if let Node::Open(Container::Footnote(label)) = node {
                let index = footnotes.ids.len();
                footnotes
                    .ids
                    .push(unique.claim(format!("fn-{}", id_safe(label))));
                // A label defined twice: references go to the first
                // definition, as in GitHub's Markdown.
                footnotes.targets.entry(fold_label(label)).or_insert(index);
            }
        }
        footnotes
    }

    /// The ids of the definitions, in document order.
    pub(super) fn definitions(&self) -> impl Iterator<Item = &str> {
        self.ids.iter().map(String::as_str)
    }

    /// The id a reference to `label` links to; `None` when no definition
    /// has that label.
    pub(super) fn target(&self, label: &str) -> Option<&str> {
        let index = *self.targets.get(&fold_label(label))?;
        self.ids.get(index).map(String::as_str)
    }
}

/// `label` as pulldown-cmark matches footnote labels (Unicode case folding,
/// with white space already collapsed by the parser). Upper then lower case
/// folds `ß` and `SS` alike, as case folding does.
fn fold_label(label: &str) -> String {
    label.to_uppercase().to_lowercase()
}

/// `label` reduced to characters that are safe in an `id`.
fn id_safe(label: &str) -> String {
    label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect()
}

/// FNV-1a, for the map of sentence ids, which are short and many (one per
/// annotated sentence of an archive's page): SipHash cost more than the
/// rest of the check.
#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(crate::fold::FNV_PRIME);
        }
    }
}

/// The element id of each annotated sentence: its sentence id, unless an
/// earlier annotated sentence has the same one (a fingerprint collision),
/// which leaves it a suffixed id.
pub(super) struct Anchors<'r> {
    sentences: &'r [Sentence],
    /// Sentence index → its id on the page, for the few that differ.
    renamed: HashMap<usize, String>,
}

impl<'r> Anchors<'r> {
    /// The anchors of `annotated`, the indices of annotated sentences in
    /// document order (repeats allowed).
    pub(super) fn new(sentences: &'r [Sentence], annotated: impl Iterator<Item = usize>) -> Self {
        let mut anchors = Anchors {
            sentences,
            renamed: HashMap::new(),
        };
        let mut owner: HashMap<&str, usize, BuildHasherDefault<Fnv>> = HashMap::default();
        let mut clashes = Vec::new();
        for i in annotated {
            let id = sentences[i].id.as_str();
            let first = *owner.entry(id).or_insert(i);
            if first != i && clashes.last() != Some(&i) {
                clashes.push(i);
            }
        }
        if clashes.is_empty() {
            return anchors;
        }
        let mut unique = Unique {
            used: owner.keys().map(|id| (*id).to_owned()).collect(),
            ..Unique::default()
        };
        for i in clashes {
            let id = unique.claim(sentences[i].id.clone());
            anchors.renamed.insert(i, id);
        }
        anchors
    }

    /// The element id of annotated sentence `index`.
    pub(super) fn id(&self, index: usize) -> &str {
        self.renamed
            .get(&index)
            .map_or(self.sentences[index].id.as_str(), String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taken_ids_get_the_next_free_suffix() {
        let mut unique = Unique::default();
        let ids: Vec<String> = ["fn-a", "fn-a-2", "fn-a", "fn-a", "fn-a-3"]
            .into_iter()
            .map(|base| unique.claim(base.to_owned()))
            .collect();
        assert_eq!(ids, ["fn-a", "fn-a-2", "fn-a-3", "fn-a-4", "fn-a-3-2"]);
    }

    #[test]
    fn labels_differing_in_punctuation_or_defined_twice_get_their_own_ids() {
        let outline: Vec<Node> = ["a.b", "a-b", "A.B", "a.b", "x"]
            .into_iter()
            .map(|label| Node::Open(Container::Footnote(label.to_owned())))
            .collect();
        let footnotes = Footnotes::new(&outline);
        let ids: Vec<&str> = footnotes.definitions().collect();
        assert_eq!(ids, ["fn-a-b", "fn-a-b-2", "fn-A-B", "fn-a-b-3", "fn-x"]);
        assert_eq!(footnotes.target("a.b"), Some("fn-a-b"));
        assert_eq!(footnotes.target("A.b"), Some("fn-a-b"));
        assert_eq!(footnotes.target("a-b"), Some("fn-a-b-2"));
        assert_eq!(footnotes.target("y"), None);
    }
}
