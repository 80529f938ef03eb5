//! Annotations whose quotes overlap in one sentence.
//!
//! An annotation whose quote overlaps the quote of an earlier annotation of
//! the file is reported once, at itself: an error naming the first such
//! annotation with another verdict (one set of words cannot be both), else
//! a warning naming the first such annotation, and how many other quotes
//! overlap it. Two annotations make one finding, as a pair; a file that
//! quotes the same words a thousand times makes a thousand findings, not
//! the half million of every pair.
//!
//! The quotes are swept in article order, over a tree of what each range
//! of them holds (how many, the first in the file, the first with another
//! verdict), from which the quotes that have ended are dropped: what
//! overlaps a quote is what is left of the quotes starting before it ends.
//! So the work is `n log n` in the number of quotes, however many pairs
//! overlap.

use super::Binding;
use crate::diagnostic::{self, Diagnostic, Subject, codes};
use crate::store::{self, Annotation, AnnotationSet};

/// The findings about the overlapping quotes of `bindings`, in the order
/// of the file.
pub(super) fn overlaps(bindings: &[Binding], set: &AnnotationSet) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    if bindings.len() < 2 {
        return findings;
    }
    let mut order: Vec<&Binding> = bindings.iter().collect();
    order.sort_by_key(|b| (b.sentence, b.quote.start, b.annotation));
    let verdict = |b: &Binding| set.annotations[b.annotation].verdict.value.name();
    let mut tree = Tree::new(order.iter().map(|b| Held {
        count: 1,
        first: Some((b.annotation, verdict(b))),
        other: None,
    }));
    // Positions in `order`, by where their quotes end.
    let mut by_end: Vec<usize> = (0..order.len()).collect();
    by_end.sort_by_key(|&k| (order[k].sentence, order[k].quote.end));
    let mut ended = 0;
    for b in &order {
        while let Some(&k) = by_end.get(ended)
            && (order[k].sentence, order[k].quote.end) <= (b.sentence, b.quote.start)
        {
            tree.remove(k);
            ended += 1;
        }
        let starting_inside =
            order.partition_point(|o| (o.sentence, o.quote.start) < (b.sentence, b.quote.end));
        // `b` itself among them: it is no earlier than itself, and has its
        // own verdict, so it is never the one named.
        let held = tree.before(starting_inside);
        let Some(first) = held.first.filter(|f| f.0 < b.annotation) else {
            continue;
        };
        let mine = verdict(b);
        let contradicting = [held.first, held.other]
            .into_iter()
            .flatten()
            .filter(|o| o.1 != mine && o.0 < b.annotation)
            .min();
        let named = contradicting.unwrap_or(first);
        let (later, earlier) = (&set.annotations[b.annotation], &set.annotations[named.0]);
        let others = held.count.saturating_sub(2);
        findings.push(finding(set, later, earlier, others));
    }
    findings.sort_by_key(|d| (d.line, d.column));
    findings
}

/// The finding at annotation `later`, whose quote overlaps the quote of
/// the earlier annotation `earlier` and of `others` more.
fn finding(
    set: &AnnotationSet,
    later: &Annotation,
    earlier: &Annotation,
    others: usize,
) -> Diagnostic {
    let name =
        |x: &Annotation| diagnostic::name_entry(Subject::Annotation(x.index), &x.quote.value);
    let (v1, v2) = (earlier.verdict.value.name(), later.verdict.value.name());
    let more = match others {
        0 => String::new(),
        1 => " (1 other quote overlaps it too)".to_owned(),
        n => format!(" ({n} other quotes overlap it too)"),
    };
    let d = if v1 == v2 {
        Diagnostic::warning(
            codes::OVERLAP,
            &set.file,
            format!(
                "the quote of {}, overlaps the quote of {}{more}",
                name(later),
                name(earlier)
            ),
        )
        .with_help(format!(
            "both give `{v1}` to the same words: merge the two annotations, or quote the separate claims each is about"
        ))
    } else {
        Diagnostic::error(
            codes::OVERLAP,
            &set.file,
            format!(
                "{}, and {}, give different verdicts (`{v2}` and `{v1}`) to overlapping quotes{more}",
                name(later),
                name(earlier)
            ),
        )
        .with_help(
            "the same words cannot be both: quote the claim each verdict is about, without overlap, or keep only the verdict that holds",
        )
    };
    // An error holds the later annotation back from coverage.
    store::at(d, later.quote.span).about(Subject::Annotation(later.index))
}

/// What a range of quotes holds.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Held<'a> {
    /// How many quotes.
    count: usize,
    /// The first annotation of the file among them, and its verdict.
    first: Option<(usize, &'a str)>,
    /// The first whose verdict is not `first`'s.
    other: Option<(usize, &'a str)>,
}

impl<'a> Held<'a> {
    /// What two ranges hold together.
    fn and(self, more: Held<'a>) -> Held<'a> {
        let all = [self.first, self.other, more.first, more.other];
        let first = all.into_iter().flatten().min();
        // Each side's first with another verdict than `first` is its own
        // first or, when that has `first`'s verdict, its own `other`.
        let other = all
            .into_iter()
            .flatten()
            .filter(|o| first.is_some_and(|f| o.1 != f.1))
            .min();
        Held {
            count: self.count + more.count,
            first,
            other,
        }
    }
}

/// A segment tree over the quotes in article order: what each range holds,
/// with quotes removed as the sweep passes their end.
struct Tree<'a> {
    /// Leaves at `len..2 * len`; node `k` holds its children `2k` and
    /// `2k + 1`.
    nodes: Vec<Held<'a>>,
    len: usize,
}

impl<'a> Tree<'a> {
    fn new(leaves: impl ExactSizeIterator<Item = Held<'a>>) -> Self {
        let len = leaves.len();
        let mut nodes = vec![Held::default(); len];
        nodes.extend(leaves);
        for k in (1..len).rev() {
            nodes[k] = nodes[2 * k].and(nodes[2 * k + 1]);
        }
        Tree { nodes, len }
    }

    /// Takes quote `k` out.
    fn remove(&mut self, k: usize) {
        let mut k = k + self.len;
        self.nodes[k] = Held::default();
        while k > 1 {
            k /= 2;
            self.nodes[k] = self.nodes[2 * k].and(self.nodes[2 * k + 1]);
        }
    }

    /// What the quotes before position `end` hold.
    fn before(&self, end: usize) -> Held<'a> {
        let mut held = Held::default();
        let (mut lo, mut hi) = (self.len, end.min(self.len) + self.len);
        while lo < hi {
            if lo % 2 == 1 {
                held = held.and(self.nodes[lo]);
                lo += 1;
            }
            if hi % 2 == 1 {
                hi -= 1;
                held = held.and(self.nodes[hi]);
            }
            lo /= 2;
            hi /= 2;
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree agrees with a plain count over every prefix, as quotes are
    /// removed.
    #[test]
    fn the_tree_holds_what_a_plain_scan_finds() {
        let verdicts = [
            "opinion",
            "false",
            "opinion",
            "supported",
            "false",
            "opinion",
            "false",
        ];
        let files = [5, 2, 6, 0, 3, 1, 4];
        let leaf = |k: usize| Held {
            count: 1,
            first: Some((files[k], verdicts[k])),
            other: None,
        };
        let mut tree = Tree::new((0..files.len()).map(leaf));
        let mut alive = vec![true; files.len()];
        for removed in [None, Some(3), Some(1), Some(6)] {
            if let Some(k) = removed {
                tree.remove(k);
                alive[k] = false;
            }
            for end in 0..=files.len() {
                let plain = (0..end)
                    .filter(|&k| alive[k])
                    .map(leaf)
                    .fold(Held::default(), Held::and);
                let first = (0..end)
                    .filter(|&k| alive[k])
                    .map(|k| (files[k], verdicts[k]))
                    .min();
                let other = (0..end)
                    .filter(|&k| alive[k] && Some(verdicts[k]) != first.map(|f| f.1))
                    .map(|k| (files[k], verdicts[k]))
                    .min();
                let held = tree.before(end);
                assert_eq!(
                    (held.count, held.first, held.other),
                    (plain.count, first, other)
                );
                assert_eq!(held, plain);
            }
        }
    }
}
