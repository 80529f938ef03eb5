//! Copies of a reviewed sentence: which of several identical sentences an
//! entry's recorded id means.
//!
//! Identical sentences share a fingerprint and are told apart by their
//! place: the first is `s-…`, the second `s-…-2`, and so on, in document
//! order. So a copy pasted *before* a reviewed sentence takes its id, and
//! the reviewed one becomes `s-…-2`: the recorded id alone would hand the
//! verdict to the copy. A copy pasted after it changes no id.
//!
//! Where an entry's recorded sentence has identical copies that no entry of
//! the file records (so one of them may be new since the review), the
//! file's own order settles which copy was reviewed, when it can: if the
//! file's entries whose sentences are certain follow the article's order
//! (as `init` writes them, and editors keep them), the reviewed copy lies
//! between the sentences of the entries before and after it in the file.
//! When exactly one copy lies there, that is the reviewed sentence, whatever
//! its id says; otherwise the recorded id stands, and a warning says the
//! file does not settle it. Each list (`annotations`, `ignore`) is its own
//! order.

use std::collections::{HashMap, HashSet};

use super::{EntryKind, ID_LEN, Place};
use crate::segment::Sentence;

/// How the copies of an entry's recorded sentence were settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Copies {
    /// The sentence the recorded id names.
    pub recorded: usize,
    /// Every sentence identical to it, itself included, in document order.
    pub all: Vec<usize>,
    /// The reviewed one, when the file's order settles it.
    pub reviewed: Option<usize>,
}

/// For each entry (of kind `kinds[i]`, recording `recorded[i]`, its quote
/// found at `places[i]`), how the copies of its recorded sentence settle;
/// `None` for the entries whose recorded sentence has no copy that the
/// file leaves unrecorded (nearly all).
pub(super) fn settle(
    kinds: &[EntryKind],
    recorded: &[Option<&str>],
    places: &[Vec<Place>],
    sentences: &[Sentence],
) -> Vec<Option<Copies>> {
    let mut settled = vec![None; recorded.len()];
    // Only a repeat has an id with a `-N` suffix: most articles have none,
    // and cost one look at each id.
    let repeated: HashSet<&str> = sentences
        .iter()
        .filter_map(|s| s.id.get(..ID_LEN).filter(|_| s.id.len() > ID_LEN))
        .collect();
    if repeated.is_empty() {
        return settled;
    }
    let mut groups: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in sentences.iter().enumerate() {
        if let Some(base) = s.id.get(..ID_LEN).filter(|b| repeated.contains(b)) {
            groups.entry(base).or_default().push(i);
        }
    }
    let reviewed_ids: HashSet<&str> = recorded.iter().flatten().copied().collect();
    for (i, (id, found)) in recorded.iter().zip(places).enumerate() {
        let Some(id) = *id else {
            continue;
        };
        let Some(group) = id.get(..ID_LEN).and_then(|base| groups.get(base)) else {
            continue;
        };
        let Some(&named) = group.iter().find(|&&k| sentences[k].id == id) else {
            continue;
        };
        // The quote must have settled in the named sentence, once.
        if !matches!(found.as_slice(), [p] if p.sentence == named) {
            continue;
        }
        let text = sentences[named].folded();
        let all: Vec<usize> = group
            .iter()
            .copied()
            .filter(|&k| sentences[k].folded() == text)
            .collect();
        if all.len() < 2
            || all
                .iter()
                .all(|&k| reviewed_ids.contains(sentences[k].id.as_str()))
        {
            continue;
        }
        settled[i] = Some(Copies {
            recorded: named,
            all,
            reviewed: None,
        });
    }
    for kind in [EntryKind::Annotation, EntryKind::Ignore] {
        by_order(kind, kinds, places, &mut settled);
    }
    settled
}

/// Settles the copies of the entries of `kind` by the order of the file,
/// if the entries of that kind whose sentence is certain follow the
/// article's order.
fn by_order(
    kind: EntryKind,
    kinds: &[EntryKind],
    places: &[Vec<Place>],
    settled: &mut [Option<Copies>],
) {
    let entries: Vec<usize> = (0..kinds.len()).filter(|&i| kinds[i] == kind).collect();
    if entries.iter().all(|&i| settled[i].is_none()) {
        return;
    }
    // The sentence of each entry whose place is certain: found once, and
    // not one of the copies being settled.
    let certain: Vec<Option<usize>> = entries
        .iter()
        .map(|&i| match places[i].as_slice() {
            [p] if settled[i].is_none() => Some(p.sentence),
            _ => None,
        })
        .collect();
    let in_order = certain
        .iter()
        .flatten()
        .zip(certain.iter().flatten().skip(1))
        .all(|(a, b)| a <= b);
    if !in_order {
        return;
    }
    for (n, &i) in entries.iter().enumerate() {
        let Some(copies) = settled[i].as_mut() else {
            continue;
        };
        let after = certain[..n]
            .iter()
            .flatten()
            .next_back()
            .copied()
            .unwrap_or(0);
        let before = certain[n + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(usize::MAX);
        let mut between = copies.all.iter().filter(|&&k| after <= k && k <= before);
        if let (Some(&only), None) = (between.next(), between.next()) {
            copies.reviewed = Some(only);
        }
    }
}
