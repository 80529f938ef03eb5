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
use std::rc::Rc;

use super::{EntryKind, ID_LEN, Place};
use crate::segment::Sentence;

/// How the copies of an entry's recorded sentence were settled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Copies {
    /// The sentence the recorded id names.
    pub recorded: usize,
    /// Every sentence identical to it, itself included, in document order;
    /// shared by the entries of its copies, which may be thousands.
    pub all: Rc<[usize]>,
    /// The reviewed one, when the file's order settles it.
    pub reviewed: Option<usize>,
}

/// For each entry (of kind `kinds[i]`, recording `recorded[i]`, its quote
/// found at `places[i]`), how the copies of its recorded sentence settle;
/// `None` for the entries whose recorded sentence has no copy that the
/// file leaves unrecorded (nearly all). Linear in the sentences and
/// entries, however many copies share one text.
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
    // The sentences whose fingerprint repeats, by text: identical sentences
    // share a fingerprint, and a fingerprint shared by different texts (a
    // collision) still parts them here.
    let mut by_text: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut index_of: HashMap<&str, usize> = HashMap::new();
    for (i, s) in sentences.iter().enumerate() {
        if s.id
            .get(..ID_LEN)
            .is_some_and(|base| repeated.contains(base))
        {
            by_text.entry(s.folded()).or_default().push(i);
            index_of.insert(s.id.as_str(), i);
        }
    }
    let reviewed_ids: HashSet<&str> = recorded.iter().flatten().copied().collect();
    // Each repeated sentence's copies, itself included, in document order.
    let mut copies_of: HashMap<usize, Rc<[usize]>> = HashMap::new();
    for all in by_text.into_values().filter(|all| all.len() > 1) {
        // Every copy recorded: none can be new, nothing to settle.
        if all
            .iter()
            .all(|&k| reviewed_ids.contains(sentences[k].id.as_str()))
        {
            continue;
        }
        let all: Rc<[usize]> = all.into();
        for &k in all.iter() {
            copies_of.insert(k, Rc::clone(&all));
        }
    }
    for (i, (id, found)) in recorded.iter().zip(places).enumerate() {
        let Some(&named) = id.and_then(|id| index_of.get(id)) else {
            continue;
        };
        // The quote must have settled in the named sentence, once.
        if !matches!(found.as_slice(), [p] if p.sentence == named) {
            continue;
        }
        let Some(all) = copies_of.get(&named) else {
            continue;
        };
        settled[i] = Some(Copies {
            recorded: named,
            all: Rc::clone(all),
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
    // For each entry, the sentence of the nearest certain entry before it
    // and after it, found in one pass each way.
    let mut after = Vec::with_capacity(certain.len());
    let mut last = 0;
    for &c in &certain {
        after.push(last);
        last = c.unwrap_or(last);
    }
    let mut before = vec![usize::MAX; certain.len()];
    let mut next = usize::MAX;
    for (n, &c) in certain.iter().enumerate().rev() {
        before[n] = next;
        next = c.unwrap_or(next);
    }
    for (n, &i) in entries.iter().enumerate() {
        let Some(copies) = settled[i].as_mut() else {
            continue;
        };
        let (after, before) = (after[n], before[n]);
        // The copies are in document order: those between are a run.
        let first = copies.all.partition_point(|&k| k < after);
        let end = copies.all.partition_point(|&k| k <= before);
        if end == first + 1 {
            copies.reviewed = Some(copies.all[first]);
        }
    }
}
