//! Stage 4: sentences + annotations → [`Review`].
//!
//! Every annotation's quote is looked up, folded, in the folded text of the
//! article's sentences: first in the sentence it records, where it is
//! settled if that sentence holds it once, else in the whole article. A
//! quote that is not found as typed is looked for again with dashes folded
//! (`-` and `--` match the article's `–` and `—`, see
//! [`fold::fold_dashes`]). The result is one of four [`AnchorState`]s; only
//! an `anchored` or `changed` annotation is bound to its sentence. `ignore`
//! entries (sentences that state no claim) anchor by the same rules, into
//! bindings of their own.
//!
//! Every binding should be recorded: an anchored entry without a
//! `sentence:` id is reported as *unrecorded*, since an edit of its
//! sentence would go unnoticed; `accept` records it. A copy of a reviewed
//! sentence never takes its verdict, even when it takes its id (identical
//! sentences are numbered in document order). Two annotations whose quotes
//! overlap are reported, as an error when their verdicts differ.
//!
//! factmark never guesses: for an orphan the closest sentence is a
//! *suggestion* in the diagnostic, with a word diff from the quote to it,
//! never a binding. Only `accept --requote`, when the editor asks, rebinds
//! a quote of a whole sentence to the one sentence that is clearly its
//! edited version ([`Review::requotes`]).

mod copies;
mod edited;
mod overlaps;

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::dates::{self, DateStyle, FoundDate};
use crate::diagnostic::{self, Diagnostic, Subject, codes};
use crate::fold;
use crate::markup::Article;
use crate::segment::{self, Sentence};
use crate::store::{self, Annotation, AnnotationSet, IgnoreEntry};

use copies::Copies;

/// How an annotation relates to the article now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorState {
    /// The quote occurs once and its sentence id (if recorded) still matches.
    Anchored,
    /// The quote occurs once, but its sentence changed since the review.
    Changed,
    /// The quote occurs more than once.
    Ambiguous,
    /// The quote occurs nowhere.
    Orphaned,
}

/// An annotation bound to its sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    /// Index into [`AnnotationSet::annotations`].
    pub annotation: usize,
    /// Index into [`Review::sentences`].
    pub sentence: usize,
    /// `Anchored` or `Changed`.
    pub state: AnchorState,
    /// The quote's byte range in its block's text.
    pub quote: Range<usize>,
    /// `misdated`: the claimed date's range in the block text, and its style.
    pub claimed_date: Option<(Range<usize>, DateStyle)>,
}

/// An `ignore` entry bound to its sentence: that sentence counts as handled
/// for coverage, and shows no verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreBinding {
    /// Index into [`AnnotationSet::ignore`].
    pub entry: usize,
    /// Index into [`Review::sentences`].
    pub sentence: usize,
    /// `Anchored` or `Changed`.
    pub state: AnchorState,
    /// The quote's byte range in its block's text.
    pub quote: Range<usize>,
}

/// Which list of the annotation file an entry comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    /// `annotations`.
    Annotation,
    /// `ignore`.
    Ignore,
}

/// An orphaned entry that quoted a whole sentence, and the one sentence of
/// the article that is clearly that sentence edited: what
/// `accept --requote` rebinds it to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requote {
    /// The entry's list.
    pub kind: EntryKind,
    /// Index into [`AnnotationSet::annotations`] or [`AnnotationSet::ignore`].
    pub entry: usize,
    /// Index into [`Review::sentences`]: the sentence as it reads now.
    pub sentence: usize,
}

/// Why `accept` writes an entry's `sentence:` id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Its sentence changed since the review (`changed`).
    Changed,
    /// A copy pasted before its sentence took the recorded id (numbering
    /// identical sentences in document order), so the reviewed sentence has
    /// another id now.
    Copied,
    /// It records none (`unrecorded`).
    Missing,
    /// `accept --requote`: the quote becomes the edited sentence too.
    Requoted,
}

/// One entry whose `sentence:` id (and, requoted, its `quote:`) `accept`
/// writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The entry's list.
    pub kind: EntryKind,
    /// Index into [`AnnotationSet::annotations`] or [`AnnotationSet::ignore`].
    pub entry: usize,
    /// Index into [`Review::sentences`]: the sentence whose id is written.
    pub sentence: usize,
    /// Why.
    pub why: Why,
}

/// The anchored review of one article.
#[derive(Debug, Clone)]
pub struct Review {
    /// The parsed article.
    pub article: Article,
    /// Its sentences.
    pub sentences: Vec<Sentence>,
    /// The annotation file.
    pub set: AnnotationSet,
    /// State of every annotation in `set.annotations`, by index.
    pub states: Vec<AnchorState>,
    /// The bound annotations, in annotation order.
    pub bindings: Vec<Binding>,
    /// State of every entry in `set.ignore`, by index.
    pub ignore_states: Vec<AnchorState>,
    /// The bound `ignore` entries, in file order.
    pub ignored: Vec<IgnoreBinding>,
    /// The orphaned entries that `accept --requote` would rebind, in file
    /// order, annotations first.
    pub requotes: Vec<Requote>,
    /// Everything anchoring found wrong.
    pub findings: Vec<Diagnostic>,
}

impl Review {
    /// The bindings of sentence `index`.
    pub fn bindings_of(&self, index: usize) -> impl Iterator<Item = &Binding> {
        self.bindings.iter().filter(move |b| b.sentence == index)
    }

    /// The annotation of `binding`.
    pub fn annotation(&self, binding: &Binding) -> &Annotation {
        &self.set.annotations[binding.annotation]
    }

    /// The `ignore` entry of `binding`.
    pub fn ignore_entry(&self, binding: &IgnoreBinding) -> &IgnoreEntry {
        &self.set.ignore[binding.entry]
    }

    /// The quote and the recorded sentence id of an entry.
    fn entry_values(
        &self,
        kind: EntryKind,
        entry: usize,
    ) -> (&store::Spanned<String>, Option<&store::Spanned<String>>) {
        match kind {
            EntryKind::Annotation => {
                let a = &self.set.annotations[entry];
                (&a.quote, a.sentence.as_ref())
            }
            EntryKind::Ignore => {
                let e = &self.set.ignore[entry];
                (&e.quote, e.sentence.as_ref())
            }
        }
    }

    /// What `accept` records, in file order (annotations first): the id of
    /// every bound entry whose `sentence:` is missing or names another
    /// sentence than its own, and with `requote` every entry of
    /// [`Review::requotes`].
    pub fn records(&self, requote: bool) -> Vec<Record> {
        let annotations = self
            .bindings
            .iter()
            .map(|b| (EntryKind::Annotation, b.annotation, b.sentence, b.state));
        let ignored = self
            .ignored
            .iter()
            .map(|b| (EntryKind::Ignore, b.entry, b.sentence, b.state));
        let mut records: Vec<Record> = annotations
            .chain(ignored)
            .filter_map(|(kind, entry, sentence, state)| {
                let why = match self.entry_values(kind, entry).1 {
                    None => Why::Missing,
                    // Not an id at all (`s-x`, `""`, `S-8712658D`): the
                    // quote settled where it is, so its id is what is missing.
                    Some(recorded) if !store::is_sentence_id(&recorded.value) => Why::Missing,
                    Some(recorded) if recorded.value != self.sentences[sentence].id => {
                        if state == AnchorState::Changed {
                            Why::Changed
                        } else {
                            Why::Copied
                        }
                    }
                    Some(_) => return None,
                };
                Some(Record {
                    kind,
                    entry,
                    sentence,
                    why,
                })
            })
            .collect();
        if requote {
            records.extend(self.requotes.iter().map(|r| Record {
                kind: r.kind,
                entry: r.entry,
                sentence: r.sentence,
                why: Why::Requoted,
            }));
        }
        records
    }

    /// The edits of the annotation file that make `records`: each entry's
    /// `sentence:` set (added where it has none), and a requoted entry's
    /// `quote:` made its sentence's text.
    pub fn edits(&self, records: &[Record]) -> Vec<store::Edit<'_>> {
        let mut edits = Vec::with_capacity(records.len());
        for r in records {
            let (quote, recorded) = self.entry_values(r.kind, r.entry);
            let sentence = &self.sentences[r.sentence];
            edits.push(match recorded {
                Some(recorded) => store::Edit::Id(recorded.span, &sentence.id),
                None => store::Edit::AddSentence(quote.span, &sentence.id),
            });
            if r.why == Why::Requoted {
                edits.push(store::Edit::Text(quote.span, &sentence.text));
            }
        }
        edits
    }
}

/// Binds the annotations and `ignore` entries of `set` to `sentences` of
/// `article`. Both anchor by the same rules and with the same findings;
/// only annotations get a verdict.
pub fn anchor(article: Article, sentences: Vec<Sentence>, set: AnnotationSet) -> Review {
    // Every quote, annotations first: one search finds them all.
    let entries: Vec<Entry<'_>> = set
        .annotations
        .iter()
        .enumerate()
        .map(|(slot, a)| Entry {
            kind: EntryKind::Annotation,
            slot,
            index: a.index,
            quote: &a.quote,
            sentence: a.sentence.as_ref(),
        })
        .chain(set.ignore.iter().enumerate().map(|(slot, e)| Entry {
            kind: EntryKind::Ignore,
            slot,
            index: e.index,
            quote: &e.quote,
            sentence: e.sentence.as_ref(),
        }))
        .collect();
    let quotes: Vec<String> = entries.iter().map(|e| fold::fold(&e.quote.value)).collect();
    let recorded: Vec<Option<&str>> = entries
        .iter()
        .map(|e| e.sentence.map(|s| s.value.as_str()))
        .collect();
    let mut all_places: Vec<Vec<Place>> = places_of(&recorded, &quotes, &sentences)
        .into_iter()
        .zip(&quotes)
        .map(|(found, quote)| {
            found
                .into_iter()
                .map(|(sentence, at)| Place {
                    sentence,
                    range: at..at + quote.len(),
                })
                .collect()
        })
        .collect();
    typed_dashes(&mut all_places, &recorded, &quotes, &sentences);
    let kinds: Vec<EntryKind> = entries.iter().map(|e| e.kind).collect();
    let all_copies = copies::settle(&kinds, &recorded, &all_places, &sentences);
    let mut anchorer = Anchorer {
        article: &article,
        sentences: &sentences,
        file: &set.file,
        article_path: &set.article.value,
        folded_blocks: None,
        loose: None,
        tokens: None,
        words: HashMap::new(),
        suggested: 0,
        requotes: Vec::new(),
        findings: Vec::new(),
    };
    let mut states = Vec::with_capacity(set.annotations.len());
    let mut bindings = Vec::new();
    let mut ignore_states = Vec::with_capacity(set.ignore.len());
    let mut ignored = Vec::new();
    let each = entries.iter().zip(all_places).zip(all_copies);
    for (position, ((entry, places), copies)) in each.enumerate() {
        let first_finding = anchorer.findings.len();
        let quote = &quotes[position];
        let (state, place) = anchorer.settle(entry, quote, places, copies);
        match entry.kind {
            EntryKind::Annotation => {
                states.push(state);
                let annotation = &set.annotations[entry.slot];
                if let Some(place) = place {
                    let sentence = &sentences[place.sentence];
                    let block = &article.blocks[sentence.block];
                    let raw = &block.text[sentence.range.clone()];
                    let base = sentence.range.start;
                    let quote_range = text_range(&article, sentence, place.range);
                    let claimed_date = claimed_date(annotation, sentence, &quote_range, base, raw)
                        .map_err(|d| anchorer.findings.push(d.with_file(&set.file)))
                        .ok()
                        .flatten();
                    bindings.push(Binding {
                        annotation: entry.slot,
                        sentence: place.sentence,
                        state,
                        quote: quote_range,
                        claimed_date,
                    });
                }
            }
            EntryKind::Ignore => {
                ignore_states.push(state);
                if let Some(place) = place {
                    let sentence = &sentences[place.sentence];
                    ignored.push(IgnoreBinding {
                        entry: entry.slot,
                        sentence: place.sentence,
                        state,
                        quote: text_range(&article, sentence, place.range),
                    });
                }
            }
        }
        // Coverage leaves out the entries that have errors.
        for finding in &mut anchorer.findings[first_finding..] {
            finding.subject = Some(entry.subject());
        }
    }
    let requotes = std::mem::take(&mut anchorer.requotes);
    let mut findings = anchorer.findings;
    findings.extend(overlaps::overlaps(&bindings, &set));
    Review {
        article,
        sentences,
        set,
        states,
        bindings,
        ignore_states,
        ignored,
        requotes,
        findings,
    }
}

/// Where a quote was found: a sentence, and the byte range in its folded
/// text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    /// Index into the sentences.
    sentence: usize,
    /// The quote's byte range in the sentence's folded text.
    range: Range<usize>,
}

/// One quote to anchor, from either list.
struct Entry<'a> {
    kind: EntryKind,
    /// Index into its list in the [`AnnotationSet`].
    slot: usize,
    /// Position in its list in the file (0-based).
    index: usize,
    quote: &'a store::Spanned<String>,
    sentence: Option<&'a store::Spanned<String>>,
}

impl Entry<'_> {
    /// Which entry of the annotation file this is, for its findings.
    fn subject(&self) -> Subject {
        match self.kind {
            EntryKind::Annotation => Subject::Annotation(self.index),
            EntryKind::Ignore => Subject::Ignore(self.index),
        }
    }

    /// How messages name the entry: `annotation 3, "Prices rose sharply"`,
    /// `ignore entry 2, "By Jane Roe"`.
    fn name(&self) -> String {
        diagnostic::name_entry(self.subject(), &self.quote.value)
    }

    /// What the editor re-reviews when the entry's sentence changed.
    fn review(&self) -> &'static str {
        match self.kind {
            EntryKind::Annotation => "re-review the verdict",
            EntryKind::Ignore => "check that it still states no claim",
        }
    }
}

/// What settles each quote, and the findings so far.
struct Anchorer<'a> {
    article: &'a Article,
    sentences: &'a [Sentence],
    file: &'a Path,
    article_path: &'a Path,
    /// Folded block texts, for telling "spans two sentences" from "nowhere".
    folded_blocks: Option<Vec<String>>,
    /// Every sentence under [`fold::fold_loose`], for orphaned quotes that
    /// miss only by case or accents.
    loose: Option<Vec<Refolded>>,
    /// Every sentence's tokens, for orphaned quotes' closest sentences.
    tokens: Option<Vec<Vec<Range<usize>>>>,
    /// The words of the sentences suggested as closest so far, by index:
    /// orphans often come closest to one long sentence, whose words are
    /// then gathered once, not once per orphan.
    words: HashMap<usize, HashSet<&'a str>>,
    /// Orphaned quotes that got a closest-sentence suggestion so far.
    suggested: usize,
    /// The orphans that `accept --requote` may rebind.
    requotes: Vec<Requote>,
    findings: Vec<Diagnostic>,
}

impl<'a> Anchorer<'a> {
    /// The state of `entry`, whose folded quote is `quote` and occurs at
    /// `places`, and its one place when it is anchored or changed. Anything
    /// wrong is added to the findings.
    fn settle(
        &mut self,
        entry: &Entry<'_>,
        quote: &str,
        places: Vec<Place>,
        copies: Option<Copies>,
    ) -> (AnchorState, Option<Place>) {
        if let (Some(copies), [place]) = (copies, places.as_slice()) {
            return self.settle_copies(entry, place, copies);
        }
        let sentences = self.sentences;
        // A recorded sentence id settles which of several places is meant:
        // the editor said so explicitly, so this is no guess.
        let recorded_place = entry.sentence.and_then(|recorded| {
            let hits = places
                .iter()
                .filter(|p| sentences[p.sentence].id == recorded.value);
            only(hits).filter(|_| places.len() > 1).cloned()
        });
        let places = match recorded_place {
            Some(hit) => vec![hit],
            None => places,
        };
        match places.as_slice() {
            [] => {
                self.orphaned(entry, quote);
                (AnchorState::Orphaned, None)
            }
            [place] => {
                let sentence = &sentences[place.sentence];
                let state = match entry.sentence {
                    // Only the number that tells identical sentences apart
                    // moved (a copy before it was removed): the text is the
                    // one reviewed, so there is nothing to re-review.
                    Some(recorded)
                        if recorded.value != sentence.id
                            && same_fingerprint(&recorded.value, &sentence.id) =>
                    {
                        self.renumbered(entry, recorded, sentence);
                        AnchorState::Anchored
                    }
                    Some(recorded)
                        if recorded.value != sentence.id
                            && store::is_sentence_id(&recorded.value) =>
                    {
                        let d = store::at(
                            Diagnostic::error(
                                codes::CHANGED,
                                self.file,
                                format!(
                                    "the sentence of {}, changed since it was reviewed ({} is now {})",
                                    entry.name(),
                                    recorded.value,
                                    sentence.id
                                ),
                            ),
                            recorded.span,
                        )
                        .with_help(format!(
                            "the sentence now reads: \"{}\" ({}); {}, then run `factmark accept {}`",
                            diagnostic::shortened(&sentence.text),
                            self.place_of(sentence),
                            entry.review(),
                            self.file.display()
                        ));
                        self.findings.push(d);
                        AnchorState::Changed
                    }
                    Some(_) => AnchorState::Anchored,
                    None => {
                        self.unrecorded(entry, sentence);
                        AnchorState::Anchored
                    }
                };
                (state, Some(place.clone()))
            }
            many => {
                self.ambiguous(entry, many);
                (AnchorState::Ambiguous, None)
            }
        }
    }

    /// `article.md:line:column` of `sentence`.
    fn place_of(&self, sentence: &Sentence) -> String {
        format!(
            "{}:{}:{}",
            self.article_path.display(),
            sentence.line,
            sentence.column
        )
    }

    /// Reports that `entry`, anchored in `sentence`, records no id.
    fn unrecorded(&mut self, entry: &Entry<'_>, sentence: &Sentence) {
        let d = store::at(
            Diagnostic::warning(
                codes::UNRECORDED,
                self.file,
                format!(
                    "{}, records no sentence id, so an edit of its sentence would go unnoticed",
                    entry.name()
                ),
            ),
            entry.quote.span,
        )
        .with_help(format!(
            "run `factmark accept {}` to record it (`sentence: {}`, {})",
            self.file.display(),
            sentence.id,
            self.place_of(sentence)
        ));
        self.findings.push(d);
    }

    /// Reports that `entry`'s recorded id numbers an identical copy of
    /// `sentence` that is gone, so the unchanged sentence has another id now.
    fn renumbered(
        &mut self,
        entry: &Entry<'_>,
        recorded: &store::Spanned<String>,
        sentence: &Sentence,
    ) {
        let d = store::at(
            Diagnostic::warning(
                codes::UNRECORDED,
                self.file,
                format!(
                    "the sentence of {}, is unchanged, but an identical copy of it is gone, so its id {} is {} now",
                    entry.name(),
                    recorded.value,
                    sentence.id
                ),
            ),
            recorded.span,
        )
        .with_help(format!(
            "identical sentences are numbered in document order; run `factmark accept {}` to record `sentence: {}` ({})",
            self.file.display(),
            sentence.id,
            self.place_of(sentence)
        ));
        self.findings.push(d);
    }

    /// An entry whose recorded sentence has identical copies that the file
    /// does not record: bound to the reviewed copy when the file's order
    /// settles which one that is, else where its id says, with a warning.
    fn settle_copies(
        &mut self,
        entry: &Entry<'_>,
        place: &Place,
        copies: Copies,
    ) -> (AnchorState, Option<Place>) {
        let sentences = self.sentences;
        let Some(recorded) = entry.sentence else {
            return (AnchorState::Anchored, Some(place.clone()));
        };
        let named = &sentences[copies.recorded];
        let (sentence, message, help) = match copies.reviewed {
            Some(reviewed) if reviewed == copies.recorded => {
                return (AnchorState::Anchored, Some(place.clone()));
            }
            Some(reviewed) => {
                let now = &sentences[reviewed];
                (
                    reviewed,
                    format!(
                        "an identical copy of the sentence of {}, at {}, has taken its id {}; the reviewed sentence ({}) is {} now",
                        entry.name(),
                        self.place_of(named),
                        recorded.value,
                        self.place_of(now),
                        now.id
                    ),
                    format!(
                        "the verdict stays on the reviewed sentence, as the order of the file's entries shows, and the copy is unannotated; run `factmark accept {}` to record `sentence: {}`",
                        self.file.display(),
                        now.id
                    ),
                )
            }
            None => {
                // Named up to a few: an article may repeat a line thousands
                // of times, and each of its entries gets this warning.
                const NAMED: usize = 3;
                let count = copies.all.len() - 1;
                let mut others: Vec<String> = copies
                    .all
                    .iter()
                    .filter(|&&k| k != copies.recorded)
                    .take(NAMED)
                    .map(|&k| format!("{} ({})", self.place_of(&sentences[k]), sentences[k].id))
                    .collect();
                if count > NAMED {
                    others.push(format!("and {} more", count - NAMED));
                }
                (
                    copies.recorded,
                    format!(
                        "the sentence of {}, {}, has {count} identical cop{} in the article, {}, and the file does not record which one was reviewed",
                        entry.name(),
                        recorded.value,
                        if count == 1 { "y" } else { "ies" },
                        others.join(", ")
                    ),
                    format!(
                        "the verdict stays on {} ({}); if you reviewed another copy, set `sentence:` to its id; annotate the other copies or list them under `ignore:`, so that every copy is recorded",
                        recorded.value,
                        self.place_of(named)
                    ),
                )
            }
        };
        let d = store::at(
            Diagnostic::warning(codes::UNRECORDED, self.file, message),
            recorded.span,
        )
        .with_help(help);
        self.findings.push(d);
        let range = place.range.clone();
        (AnchorState::Anchored, Some(Place { sentence, range }))
    }

    /// Reports `entry`, whose folded quote `quote` occurs nowhere, with what
    /// may help: the sentences it runs across, the article's spelling of
    /// it, or the sentence it most likely came from.
    fn orphaned(&mut self, entry: &Entry<'_>, quote: &str) {
        let error = |code, message: String| {
            store::at(
                Diagnostic::error(code, self.file, message),
                entry.quote.span,
            )
        };
        let blocks = self.folded_blocks.get_or_insert_with(|| {
            self.article
                .blocks
                .iter()
                .map(|b| fold::fold(&b.text))
                .collect()
        });
        // One searcher for every block: `str::contains` builds its own for
        // each, at the cost of the quote's length, which on a long quote
        // and an article of many blocks made this quadratic.
        let finder = memchr::memmem::Finder::new(quote);
        if blocks.iter().any(|b| finder.find(b.as_bytes()).is_some()) {
            let help = match entry.kind {
                EntryKind::Annotation => {
                    "annotate each sentence separately; a quote must lie inside one sentence"
                }
                EntryKind::Ignore => {
                    "ignore each sentence separately; a quote must lie inside one sentence"
                }
            };
            let d = error(
                codes::SPANS_SENTENCES,
                format!(
                    "the quote of {}, runs across a sentence boundary",
                    entry.name()
                ),
            )
            .with_help(help);
            self.findings.push(d);
            return;
        }
        self.suggested += 1;
        let help = if self.suggested > MAX_SUGGESTED {
            format!(
                "no closest sentence is suggested past the first {MAX_SUGGESTED} orphaned quotes of a file; is `article:` the right article?"
            )
        } else {
            self.spelling(quote)
                .or_else(|| self.edited(entry, quote))
                .unwrap_or_else(|| self.closest(entry, quote))
        };
        let d = error(
            codes::ORPHANED,
            format!(
                "the quote of {}, occurs nowhere in the article",
                entry.name()
            ),
        )
        .with_help(help);
        self.findings.push(d);
    }

    /// When `quote` is in the article but for case and accents: help that
    /// names the article's spelling.
    fn spelling(&mut self, quote: &str) -> Option<String> {
        let (wanted, _) = fold::fold_loose(quote);
        if wanted.trim().is_empty() {
            return None;
        }
        let sentences = self.sentences;
        let loose = self.loose.get_or_insert_with(|| {
            sentences
                .iter()
                .map(|s| fold::fold_loose(s.folded()))
                .collect()
        });
        // One searcher for every sentence (see `orphaned`).
        let finder = memchr::memmem::Finder::new(&wanted);
        let len = wanted.len();
        let mut hits = loose.iter().enumerate().flat_map(|(i, (text, map))| {
            finder
                .find_iter(text.as_bytes())
                .map(move |at| (i, map[at]..map[at + len]))
        });
        let (i, range) = hits.next()?;
        let elsewhere = hits.count();
        let sentence = &sentences[i];
        let folded = sentence.folded();
        // A folded dash takes the spaces around it: they are no part of
        // the spelling.
        let start = range.start + usize::from(folded[range.clone()].starts_with(' '));
        let end = range.end - usize::from(folded[start..range.end].ends_with(' '));
        let raw = text_range(self.article, sentence, start..end);
        let spelled = &self.article.blocks[sentence.block].text[raw];
        let also = match elsewhere {
            0 => String::new(),
            1 => ", and in 1 other place".to_owned(),
            n => format!(", and in {n} other places"),
        };
        Some(format!(
            "the article writes it \"{}\" ({}, {}){also}; quotes match case and accents exactly: copy the article's spelling into `quote:`",
            diagnostic::shortened(&fold::squash_space(spelled)),
            self.place_of(sentence),
            sentence.id
        ))
    }

    /// When one sentence is clearly the one `quote` came from: help with a
    /// word diff to it, and, for a quote of a whole sentence whose recorded
    /// sentence is gone, the offer of `accept --requote` (the entry is
    /// added to the requotes).
    fn edited(&mut self, entry: &Entry<'_>, quote: &str) -> Option<String> {
        let sentences = self.sentences;
        let recorded = entry.sentence.map(|s| s.value.as_str());
        let whole = quotes_a_whole_sentence(recorded, quote);
        let tokens = self.tokens.get_or_insert_with(|| all_tokens(sentences));
        let closest = edited::closest(quote, whole, sentences, tokens)?;
        let sentence = &sentences[closest.sentence];
        // A recorded sentence still in the article was not edited: the
        // quote was.
        let reviewed_is_gone = recorded.is_none_or(|id| sentences.iter().all(|s| s.id != id));
        if closest.clear && whole && reviewed_is_gone {
            self.requotes.push(Requote {
                kind: entry.kind,
                entry: entry.slot,
                sentence: closest.sentence,
            });
            return Some(format!(
                "its sentence was edited, and now reads \"{}\" ({}, {}); the words that changed: \"{}\"; {}, then run `factmark accept --requote {}` to quote the sentence as it reads now",
                diagnostic::shortened(&sentence.text),
                self.place_of(sentence),
                sentence.id,
                closest.diff,
                entry.review(),
                self.file.display()
            ));
        }
        Some(format!(
            "the closest sentence is {} ({}): \"{}\"; the words that differ: \"{}\"; copy the quote from it exactly, or {}",
            self.place_of(sentence),
            sentence.id,
            diagnostic::shortened(&sentence.text),
            closest.diff,
            gone(entry.kind)
        ))
    }

    /// Help naming the sentence that shares most words with `quote`.
    fn closest(&mut self, entry: &Entry<'_>, quote: &str) -> String {
        let sentences: &'a [Sentence] = self.sentences;
        let Some(i) = closest_sentence(quote, sentences) else {
            return "the article has no sentences; check `article:`".to_owned();
        };
        let s = &sentences[i];
        // The tokens `edited` gathered, not a second pass over the sentence.
        let tokens = self.tokens.get_or_insert_with(|| all_tokens(sentences));
        let words = self.words.entry(i).or_insert_with(|| {
            let text = s.folded();
            tokens[i].iter().map(|t| &text[t.clone()]).collect()
        });
        let differences = differences(quote, words);
        format!(
            "the closest sentence is {} ({}): \"{}\"{differences}; copy the quote from it exactly, or {}",
            self.place_of(s),
            s.id,
            diagnostic::shortened(&s.text),
            gone(entry.kind)
        )
    }

    /// Reports `entry`, whose quote occurs at `many` places.
    fn ambiguous(&mut self, entry: &Entry<'_>, many: &[Place]) {
        let sentences = self.sentences;
        // Each place is where its own match starts, not where its sentence
        // does: two in one sentence are two positions.
        let at: Vec<String> = many
            .iter()
            .take(MAX_LISTED)
            .map(|p| {
                let s = &sentences[p.sentence];
                let start = text_range(self.article, s, p.range.start..p.range.start).start;
                let offset = self.article.blocks[s.block].source_start(start);
                // Counted from the sentence's own start: counting from its
                // line's start costs a whole line per place, on an article
                // written as one line.
                let (line, column) = self
                    .article
                    .advance(&mut (s.start, s.line, s.column), offset);
                format!("{}:{line}:{column}", self.article_path.display())
            })
            .collect();
        let mut list = at.clone();
        if many.len() > MAX_LISTED {
            list.push(format!("and {} more", many.len() - MAX_LISTED));
        }
        let first = &sentences[many[0].sentence];
        let one_sentence = many.iter().all(|p| p.sentence == many[0].sentence);
        // Each sentence compared once: a quote of one word may have
        // thousands of places in one long sentence, and comparing that
        // sentence with itself at each cost its length every time.
        let identical = many
            .windows(2)
            .filter(|pair| pair[0].sentence != pair[1].sentence)
            .all(|pair| sentences[pair[1].sentence].folded() == first.folded());
        // Which id records which place, for the first few.
        let mut ids: Vec<String> = many
            .iter()
            .zip(&at)
            .take(MAX_IDS)
            .map(|(p, at)| format!("{} for {at}", sentences[p.sentence].id))
            .collect();
        if many.len() > MAX_IDS {
            ids.push("…".to_owned());
        }
        let help = if one_sentence {
            "lengthen the quote until it occurs only once".to_owned()
        } else if identical {
            format!(
                "the places are identical sentences, so no longer quote tells them apart: record the one you reviewed with `sentence:` ({})",
                ids.join(", ")
            )
        } else {
            format!(
                "lengthen the quote until it occurs only once, or record the sentence you mean with `sentence:` ({})",
                ids.join(", ")
            )
        };
        let d = store::at(
            Diagnostic::error(
                codes::AMBIGUOUS,
                self.file,
                format!(
                    "the quote of {}, occurs {} times: {}",
                    entry.name(),
                    many.len(),
                    list.join(", ")
                ),
            ),
            entry.quote.span,
        )
        .with_help(help);
        self.findings.push(d);
    }
}

/// How the help for an orphan ends: what to do if the claim is gone.
fn gone(kind: EntryKind) -> &'static str {
    match kind {
        EntryKind::Annotation => "delete the annotation if the claim is gone",
        EntryKind::Ignore => "delete the ignore entry if the sentence is gone",
    }
}

/// Whether `quote` quotes a whole sentence: its fingerprint is the
/// recorded sentence's, or, with no id recorded, it reads as a sentence
/// (a capital, digit or opening quote first, a full stop, question or
/// exclamation mark last).
fn quotes_a_whole_sentence(recorded: Option<&str>, quote: &str) -> bool {
    match recorded.filter(|id| store::is_sentence_id(id)) {
        Some(id) => id.get(..ID_LEN) == Some(segment::sentence_id(quote).as_str()),
        None => {
            let starts = quote.chars().next().is_some_and(|c| {
                c.is_uppercase() || c.is_numeric() || matches!(c, '"' | '\'' | '(' | '«')
            });
            let body = quote.trim_end_matches(['"', '\'', ')', ']', '»']);
            starts && body.ends_with(['.', '!', '?', '…'])
        }
    }
}

/// Whether sentence ids `a` and `b` name identical sentences: the same
/// fingerprint, told apart only by the suffix (`-2`) that numbers repeats.
fn same_fingerprint(a: &str, b: &str) -> bool {
    store::is_sentence_id(a) && store::is_sentence_id(b) && a.get(..ID_LEN) == b.get(..ID_LEN)
}

/// A sentence's folded text folded further ([`fold::fold_dashes`],
/// [`fold::fold_loose`]), with the map back to the folded text.
type Refolded = (String, Vec<usize>);

/// The length of a sentence id without a repeat suffix: `s-` and 8 digits.
const ID_LEN: usize = 10;

/// At most this many ids are offered for an ambiguous quote.
const MAX_IDS: usize = 5;

/// The sentences by id; `None` for an id two sentences share.
fn ids_of(sentences: &[Sentence]) -> HashMap<&str, Option<usize>> {
    let mut by_id: HashMap<&str, Option<usize>> = HashMap::with_capacity(sentences.len());
    for (i, s) in sentences.iter().enumerate() {
        by_id
            .entry(s.id.as_str())
            .and_modify(|shared| *shared = None)
            .or_insert(Some(i));
    }
    by_id
}

/// Quotes typed with `-` or `--` where the article has dashes: an entry
/// whose quote, as typed, is not in the sentence it records (or, with none
/// recorded, nowhere) is looked for again with dashes folded on both sides
/// ([`fold::fold_dashes`]). A quote found as typed keeps its places: the
/// article's own characters match first. Quotes without a hyphen or dash
/// cost nothing here.
fn typed_dashes(
    places: &mut [Vec<Place>],
    recorded: &[Option<&str>],
    quotes: &[String],
    sentences: &[Sentence],
) {
    let mut ids: Option<HashMap<&str, Option<usize>>> = None;
    let mut dashed: Option<Vec<Option<Refolded>>> = None;
    for (i, quote) in quotes.iter().enumerate() {
        if quote.is_empty() || !fold::may_have_dashes(quote) {
            continue;
        }
        // Most quotes with a hyphen are found as typed, where they should
        // be: that costs no look-up.
        let settled = match recorded[i] {
            Some(id) => places[i].iter().any(|p| sentences[p.sentence].id == id),
            None => !places[i].is_empty(),
        };
        if settled {
            continue;
        }
        let recorded_sentence = recorded[i].and_then(|id| {
            let ids = ids.get_or_insert_with(|| ids_of(sentences));
            ids.get(id).copied().flatten()
        });
        if recorded_sentence.is_none() && !places[i].is_empty() {
            continue;
        }
        let (typed, _) = fold::fold_dashes(quote);
        // One searcher for every sentence (see `Anchorer::orphaned`).
        let finder = memchr::memmem::Finder::new(&typed);
        let len = typed.len();
        let dashed = dashed.get_or_insert_with(|| {
            sentences
                .iter()
                .map(|s| fold::may_have_dashes(s.folded()).then(|| fold::fold_dashes(s.folded())))
                .collect()
        });
        let find = |k: usize| -> Vec<Place> {
            let folded = sentences[k].folded();
            let Some((text, map)) = &dashed[k] else {
                return finder
                    .find_iter(folded.as_bytes())
                    .map(|at| Place {
                        sentence: k,
                        range: at..at + len,
                    })
                    .collect();
            };
            finder
                .find_iter(text.as_bytes())
                .map(|at| {
                    let (mut start, mut end) = (map[at], map[at + len]);
                    // A folded dash takes the spaces around it; the match
                    // does not.
                    start += usize::from(folded[start..end].starts_with(' '));
                    end -= usize::from(folded[start..end].ends_with(' '));
                    Place {
                        sentence: k,
                        range: start..end,
                    }
                })
                .collect()
        };
        if let Some(r) = recorded_sentence {
            let there = find(r);
            if there.len() == 1 {
                places[i] = there;
                continue;
            }
        }
        if places[i].is_empty() {
            places[i] = (0..sentences.len()).flat_map(find).collect();
        }
    }
}

/// The block-text range of bytes `folded` of `sentence`'s folded text.
fn text_range(article: &Article, sentence: &Sentence, folded: Range<usize>) -> Range<usize> {
    let raw = &article.blocks[sentence.block].text[sentence.range.clone()];
    let base = sentence.range.start;
    // Most sentences are written as they fold (single spaces, straight
    // quotes): then offsets carry over as they are.
    if raw == sentence.folded() {
        base + folded.start..base + folded.end
    } else {
        let (_, map) = fold::fold_with_map(raw);
        base + map[folded.start]..base + map[folded.end]
    }
}

trait WithFile {
    fn with_file(self, file: &Path) -> Self;
}

impl WithFile for Diagnostic {
    fn with_file(mut self, file: &Path) -> Self {
        self.file = file.to_path_buf();
        self
    }
}

/// For a `misdated` annotation, the claimed date in the sentence (preferring
/// one inside the quote), as a block-text range; an error when it is absent.
/// A day the article writes without its year ("April 25") is the claimed
/// day in whatever year `claimed` gives: which year the article means is
/// the reviewer's reading, and `claimed` records it.
fn claimed_date(
    annotation: &Annotation,
    sentence: &Sentence,
    quote: &Range<usize>,
    base: usize,
    raw: &str,
) -> Result<Option<(Range<usize>, DateStyle)>, Diagnostic> {
    if !annotation.verdict.value.corrects_dates() {
        return Ok(None);
    }
    let Some(claimed) = &annotation.claimed else {
        return Ok(None);
    };
    let found: Vec<FoundDate> = dates::find_dates(raw);
    let matching = found
        .iter()
        .filter(|f| f.date.may_mean(claimed.value))
        .map(|f| (base + f.range.start..base + f.range.end, f.style))
        .max_by_key(|(r, _)| r.start >= quote.start && r.end <= quote.end);
    if let Some(hit) = matching {
        return Ok(Some(hit));
    }
    Err(store::at(
        Diagnostic::error(
            codes::CLAIMED_DATE_NOT_FOUND,
            Path::new(""),
            format!(
                "the claimed date {} is not in the sentence of {}",
                claimed.value,
                diagnostic::name_entry(
                    Subject::Annotation(annotation.index),
                    &annotation.quote.value
                )
            ),
        ),
        claimed.span,
    )
    .with_help(claimed_date_help(
        annotation,
        claimed.value,
        sentence,
        raw,
        &found,
    )))
}

/// What to do about a claimed date that is not in its sentence: the dates
/// the sentence does state, in its own words, and the likeliest fix.
fn claimed_date_help(
    annotation: &Annotation,
    claimed: dates::PartialDate,
    sentence: &Sentence,
    raw: &str,
    found: &[FoundDate],
) -> String {
    use chrono::Datelike;
    if found.is_empty() {
        return format!(
            "the sentence \"{}\" states no date; quote the sentence that gives the date, or choose a verdict other than `{}`",
            diagnostic::shortened(&sentence.text),
            annotation.verdict.value
        );
    }
    let written = |f: &FoundDate| &raw[f.range.clone()];
    let listed = found
        .iter()
        .map(|f| match f.date.dated() {
            Some(date) => format!("\"{}\" ({date})", written(f)),
            None => format!("\"{}\" (no year)", written(f)),
        })
        .collect::<Vec<_>>()
        .join(", ");
    // The date meant is likely the claimed day in another year (a year
    // slip, or a day without a year that took the year of `published`),
    // else the sentence's only date.
    let same_day = |f: &&FoundDate| match (f.date.dated(), claimed) {
        (Some(dates::PartialDate::Day(d)), dates::PartialDate::Day(c)) => {
            (d.month(), d.day()) == (c.month(), c.day())
        }
        _ => false,
    };
    let meant = found
        .iter()
        .find(same_day)
        .or_else(|| found.first().filter(|_| found.len() == 1));
    let suggestion = meant
        .map(|f| format!(" (`claimed: {}`)", written(f)))
        .unwrap_or_default();
    format!(
        "the sentence \"{}\" states {listed}; set `claimed` to the date as the article gives it{suggestion}",
        diagnostic::shortened(&sentence.text)
    )
}

/// Where each search records what it finds: every place of a pattern goes
/// to the places of each annotation that owns it. Like `str::match_indices`,
/// matches of one pattern inside one sentence do not overlap: a match that
/// starts inside the last one accepted is dropped.
struct Found<'f> {
    places: &'f mut [Vec<(usize, usize)>],
    owners: &'f [Vec<usize>],
    /// (sentence, end) of each pattern's last accepted match.
    last: Vec<(usize, usize)>,
}

impl<'f> Found<'f> {
    fn new(places: &'f mut [Vec<(usize, usize)>], owners: &'f [Vec<usize>]) -> Self {
        Found {
            places,
            owners,
            last: vec![(usize::MAX, 0); owners.len()],
        }
    }

    /// Pattern `p` matches sentence `sentence` from byte `start` to `end`.
    fn record(&mut self, p: usize, sentence: usize, start: usize, end: usize) {
        if self.last[p].0 == sentence && start < self.last[p].1 {
            return;
        }
        self.last[p] = (sentence, end);
        for &owner in &self.owners[p] {
            self.places[owner].push((sentence, start));
        }
    }
}

/// Finds each of `patterns` by its own substring search over the joined
/// sentences, adding every place to the `places` of the pattern's `owners`.
fn search_each(
    patterns: &[&str],
    owners: &[Vec<usize>],
    sentences: &[Sentence],
    places: &mut [Vec<(usize, usize)>],
) {
    let mut joined = String::with_capacity(sentences.iter().map(|s| s.folded().len() + 1).sum());
    let mut starts = Vec::with_capacity(sentences.len());
    for s in sentences {
        starts.push(joined.len());
        joined.push_str(s.folded());
        // Folded quotes have no line breaks, so no match spans two
        // sentences.
        joined.push('\n');
    }
    let mut found = Found::new(places, owners);
    for (p, pattern) in patterns.iter().enumerate() {
        for at in memchr::memmem::find_iter(joined.as_bytes(), pattern.as_bytes()) {
            let i = starts
                .partition_point(|&start| start <= at)
                .saturating_sub(1);
            found.record(p, i, at - starts[i], at - starts[i] + pattern.len());
        }
    }
}

/// Every place of every quote, by index, as the anchoring rules need them;
/// `recorded` is the sentence id each quote's entry records, if any. A quote
/// whose recorded sentence holds it exactly once is settled there whatever
/// the rest of the article holds (the recorded id picks that place among
/// several, and a single place is that one), unless another sentence has the
/// same id; only the other quotes are searched for in the whole article.
/// Most entries record their sentence, so most searches shrink from the
/// article to one sentence.
fn places_of(
    recorded: &[Option<&str>],
    quotes: &[String],
    sentences: &[Sentence],
) -> Vec<Vec<(usize, usize)>> {
    // Ids are 32-bit fingerprints, so two different sentences of a long
    // article can share one: such an id names no single sentence (`None`),
    // and its quotes are searched for like any other.
    let by_id = ids_of(sentences);
    let settled = |recorded: Option<&str>, quote: &str| {
        let sentence = (*by_id.get(recorded?)?)?;
        if quote.is_empty() {
            return None;
        }
        let text = sentences[sentence].folded().as_bytes();
        let at = only(memchr::memmem::find_iter(text, quote.as_bytes()))?;
        Some((sentence, at))
    };
    let mut places = vec![Vec::new(); quotes.len()];
    let mut unsettled = Vec::new();
    for (index, (recorded, quote)) in recorded.iter().zip(quotes).enumerate() {
        match settled(*recorded, quote) {
            Some(place) => places[index].push(place),
            None => unsettled.push(index),
        }
    }
    let searched: Vec<&str> = unsettled.iter().map(|&i| quotes[i].as_str()).collect();
    for (index, found) in unsettled.into_iter().zip(find_places(&searched, sentences)) {
        places[index] = found;
    }
    places
}

/// The one item of `items`; `None` when there are none or several.
fn only<T>(mut items: impl Iterator<Item = T>) -> Option<T> {
    match (items.next(), items.next()) {
        (Some(item), None) => Some(item),
        _ => None,
    }
}

/// Up to this many distinct quotes are found by substring search, more in
/// one pass by an index of their ends (see [`search_by_ends`]).
const FEW_PATTERNS: usize = 96;

/// At most this many places are listed for an ambiguous quote.
const MAX_LISTED: usize = 20;

/// Every place (sentence index, byte offset in its folded text) of every
/// quote, by annotation index. A few dozen quotes are searched one by one;
/// past that, one pass over the article with an index of the quotes' ends
/// (and an automaton for the short ones) finds them all, so anchoring stays
/// linear in the article's size plus the number of annotations. Like
/// `str::match_indices`, repeats of one quote inside a sentence do not
/// overlap.
fn find_places(quotes: &[&str], sentences: &[Sentence]) -> Vec<Vec<(usize, usize)>> {
    find_places_with(quotes, sentences, FEW_PATTERNS)
}

/// [`find_places`], searching quote by quote up to `few` distinct quotes.
fn find_places_with<Q: AsRef<str>>(
    quotes: &[Q],
    sentences: &[Sentence],
    few: usize,
) -> Vec<Vec<(usize, usize)>> {
    let mut places = vec![Vec::new(); quotes.len()];
    // Identical quotes share one pattern.
    let mut pattern_of: HashMap<&str, usize> = HashMap::new();
    let mut patterns: Vec<&str> = Vec::new();
    let mut owners: Vec<Vec<usize>> = Vec::new();
    for (index, quote) in quotes.iter().map(AsRef::as_ref).enumerate() {
        if quote.is_empty() {
            continue;
        }
        let p = *pattern_of.entry(quote).or_insert_with(|| {
            patterns.push(quote);
            owners.push(Vec::new());
            patterns.len() - 1
        });
        owners[p].push(index);
    }
    if patterns.is_empty() {
        return places;
    }
    // A news article has a few dozen quotes: one SIMD substring search per
    // quote over the joined sentences costs less than any index.
    if patterns.len() <= few {
        search_each(&patterns, &owners, sentences, &mut places);
        return places;
    }
    // An archive-sized article has thousands. Quotes of eight bytes or more
    // (nearly all) are found through an index of their ends in one pass;
    // the short rest by an automaton, or quote by quote when they are few.
    let mut long = Group::default();
    let mut short = Group::default();
    for (pattern, owners) in patterns.into_iter().zip(owners) {
        let group = if pattern.len() >= EIGHT {
            &mut long
        } else {
            &mut short
        };
        group.patterns.push(pattern);
        group.owners.push(owners);
    }
    search_by_ends(&long.patterns, &long.owners, sentences, &mut places);
    if short.patterns.len() <= few
        || !search_automaton(&short.patterns, &short.owners, sentences, &mut places)
    {
        search_each(&short.patterns, &short.owners, sentences, &mut places);
    }
    places
}

/// Distinct quotes and the annotations that have each.
#[derive(Default)]
struct Group<'q> {
    patterns: Vec<&'q str>,
    owners: Vec<Vec<usize>>,
}

/// Hashes integer keys the way FxHash does (rotate, xor, multiply): the
/// index's keys are already eight bytes of text, and SipHash made its
/// lookups cost more than the search they serve.
#[derive(Default)]
struct IntegerHasher(u64);

impl std::hash::Hasher for IntegerHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

type IntegerMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<IntegerHasher>>;

/// The bytes [`search_by_ends`] reads as one integer.
const EIGHT: usize = 8;

/// Eight bytes of `bytes` from `at` as one integer.
fn eight_at(bytes: &[u8], at: usize) -> Option<u64> {
    let eight: [u8; EIGHT] = bytes.get(at..at + EIGHT)?.try_into().ok()?;
    Some(u64::from_le_bytes(eight))
}

/// Finds `patterns` (each at least eight bytes long) in one pass over the
/// sentences, by an index of their first and last eight bytes.
///
/// At every position the next eight bytes are read as one integer; a bit
/// table that fits in the cache turns nearly every position away. Where a
/// pattern could start, the index gives the lengths of the patterns with
/// that opening (sixteen bytes), and each length's last eight bytes settle
/// which pattern (if any) is there before a full comparison. News repeats
/// its phrasings, so many quotes share a start, but hardly any two share
/// start, end and length. Building the index is linear in the patterns: an
/// Aho-Corasick automaton over the tens of thousands of quotes of an
/// archive-sized article took longer to build than the search, and hundreds
/// of megabytes.
fn search_by_ends(
    patterns: &[&str],
    owners: &[Vec<usize>],
    sentences: &[Sentence],
    places: &mut [Vec<(usize, usize)>],
) {
    const BITS: u32 = 20;
    let bit_of = |key: u64| (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize;
    let mut starts = vec![0u64; 1 << (BITS - 6)];
    // The lengths of the patterns by their opening: the first sixteen
    // bytes, or the first eight (and `SHORT`) for a pattern shorter than
    // sixteen. News repeats its openings; sixteen bytes keep each list short.
    const SHORT: u64 = u64::MAX; // 0xFF never occurs in UTF-8
    let mut lengths: IntegerMap<(u64, u64), Vec<usize>> =
        IntegerMap::with_capacity_and_hasher(patterns.len(), Default::default());
    let mut by_ends: IntegerMap<(u64, u64, usize), Vec<usize>> =
        IntegerMap::with_capacity_and_hasher(patterns.len(), Default::default());
    for (p, pattern) in patterns.iter().enumerate() {
        let bytes = pattern.as_bytes();
        let (Some(first), Some(last)) = (eight_at(bytes, 0), eight_at(bytes, bytes.len() - EIGHT))
        else {
            continue;
        };
        let bit = bit_of(first);
        starts[bit >> 6] |= 1 << (bit & 63);
        let second = eight_at(bytes, EIGHT).unwrap_or(SHORT);
        let known = lengths.entry((first, second)).or_default();
        if !known.contains(&bytes.len()) {
            known.push(bytes.len());
        }
        by_ends
            .entry((first, last, bytes.len()))
            .or_default()
            .push(p);
    }
    let mut found = Found::new(places, owners);
    for (i, sentence) in sentences.iter().enumerate() {
        let text = sentence.folded().as_bytes();
        for at in 0..text.len() {
            let Some(first) = eight_at(text, at) else {
                break;
            };
            let bit = bit_of(first);
            if starts[bit >> 6] & (1 << (bit & 63)) == 0 {
                continue;
            }
            let long = eight_at(text, at + EIGHT).and_then(|second| lengths.get(&(first, second)));
            let short = lengths.get(&(first, SHORT));
            for &len in long.into_iter().chain(short).flatten() {
                let Some(last) = eight_at(text, at + len - EIGHT) else {
                    continue;
                };
                let Some(candidates) = by_ends.get(&(first, last, len)) else {
                    continue;
                };
                for &p in candidates {
                    if text[at..].starts_with(patterns[p].as_bytes()) {
                        found.record(p, i, at, at + len);
                    }
                }
            }
        }
    }
}

/// Finds `patterns` with one Aho-Corasick automaton (a contiguous NFA: a
/// full DFA searches a little faster, but costs more to build than a pass
/// over an article takes). `false` when the automaton cannot be built
/// (past the matcher's size limits); nothing is found then.
fn search_automaton(
    patterns: &[&str],
    owners: &[Vec<usize>],
    sentences: &[Sentence],
    places: &mut [Vec<(usize, usize)>],
) -> bool {
    if patterns.is_empty() {
        return true;
    }
    let Ok(matcher) = AhoCorasick::builder()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(patterns)
    else {
        return false;
    };
    let mut found = Found::new(places, owners);
    for (i, s) in sentences.iter().enumerate() {
        for m in matcher.find_overlapping_iter(s.folded()) {
            found.record(m.pattern().as_usize(), i, m.start(), m.end());
        }
    }
    true
}

/// The tokens of every sentence (see `edited::tokens`), by sentence index.
fn all_tokens(sentences: &[Sentence]) -> Vec<Vec<Range<usize>>> {
    sentences
        .iter()
        .map(|s| edited::tokens(s.folded()))
        .collect()
}

/// How `quote` differs from the sentence of `words` (its tokens, see
/// `edited::tokens`, so a word followed by a full stop in the sentence is
/// the same word): the quote's words the sentence lacks.
fn differences(quote: &str, words: &HashSet<&str>) -> String {
    let missing: Vec<&str> = edited::tokens(quote)
        .into_iter()
        .map(|t| &quote[t])
        .filter(|w| !words.contains(w))
        .collect();
    if missing.is_empty() {
        " (it has every word of the quote, but not in that order)".to_owned()
    } else {
        // A long quote may lack thousands of words: the first few say
        // enough.
        format!(
            " (the quote's \"{}\" is not in it)",
            diagnostic::shortened(&missing.join(" "))
        )
    }
}

/// The sentence sharing most words with `quote`; ties go to the more similar
/// text, then to the earlier sentence.
///
/// A suggestion must not cost more than the check it helps with, whatever
/// the input: only the quote's first [`SUGGESTION_WORDS`] distinct words are
/// looked for, edit distance is computed only between sentences tied for
/// most words (at most [`SUGGESTION_TIES`] of them), and on at most
/// [`SUGGESTION_CHARS`] characters of each text.
fn closest_sentence(quote: &str, sentences: &[Sentence]) -> Option<usize> {
    let mut words: Vec<&str> = Vec::new();
    for word in quote.split(' ').filter(|w| !w.is_empty()) {
        if words.len() == SUGGESTION_WORDS {
            break;
        }
        if !words.contains(&word) {
            words.push(word);
        }
    }
    // One searcher per word for every sentence (see `Anchorer::orphaned`).
    let finders: Vec<memchr::memmem::Finder<'_>> =
        words.iter().map(memchr::memmem::Finder::new).collect();
    let shared: Vec<usize> = sentences
        .iter()
        .map(|s| {
            let text = s.folded().as_bytes();
            finders.iter().filter(|f| f.find(text).is_some()).count()
        })
        .collect();
    let most = shared.iter().copied().max()?;
    let head = |text: &'_ str| -> String { text.chars().take(SUGGESTION_CHARS).collect() };
    let quote_head = head(quote);
    let mut best: Option<(f64, usize)> = None;
    for (i, (s, _)) in sentences
        .iter()
        .zip(&shared)
        .enumerate()
        .filter(|(_, (_, n))| **n == most)
        .take(SUGGESTION_TIES)
    {
        let similarity = strsim::normalized_levenshtein(&quote_head, &head(s.folded()));
        if best.is_none_or(|(b, _)| similarity > b) {
            best = Some((similarity, i));
        }
    }
    best.map(|(_, i)| i)
}

/// Orphaned quotes of one file that get a closest-sentence suggestion: each
/// costs a pass over the article, and past a hundred the likely fix is the
/// `article:` path, not each quote.
const MAX_SUGGESTED: usize = 100;

/// How many distinct words of an orphaned quote are looked for.
const SUGGESTION_WORDS: usize = 64;
/// How many sentences tied for most shared words are compared closely.
const SUGGESTION_TIES: usize = 64;
/// How many characters of each text the close comparison reads.
const SUGGESTION_CHARS: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{markup, segment};

    /// Substring search, the index of ends and the automaton find the same
    /// places, repeats and quotes inside other quotes included.
    #[test]
    fn every_way_of_finding_quotes_agrees() {
        let generated = crate::corpus::article(11, 300);
        let article = markup::parse(&generated.markdown);
        let sentences = segment::segment(&article);
        let (set, _) = store::parse(&generated.yaml, Path::new("a.yaml"));
        let mut quotes: Vec<String> = set
            .map(|s| {
                s.annotations
                    .iter()
                    .map(|a| fold::fold(&a.quote.value))
                    .collect()
            })
            .unwrap_or_default();
        quotes.extend(["the", "of the", "e", "said", "the the", ""].map(str::to_owned));
        quotes.push(quotes[0].clone());
        quotes.extend(
            [
                "Officials",
                "said on",
                "million on roads and",
                "the Ministry of Finance",
            ]
            .map(str::to_owned),
        );
        let searched = find_places_with(&quotes, &sentences, usize::MAX);
        // Long quotes by their ends, the short ones by the automaton.
        assert_eq!(find_places_with(&quotes, &sentences, 0), searched);
        // Long quotes by their ends, the short ones one by one.
        assert_eq!(find_places_with(&quotes, &sentences, 6), searched);
        assert!(
            searched.iter().any(|p| p.len() > 100),
            "common words occur often"
        );
    }

    /// Repeats of a long quote inside one sentence do not overlap, as with
    /// `str::match_indices`, whichever way they are found.
    #[test]
    fn repeats_of_a_long_quote_do_not_overlap() {
        let article = markup::parse("aaaaaaaaaaaaaaaaaaaaaaaaa. Then aaaaaaaaaa again.");
        let sentences = segment::segment(&article);
        let quotes = vec!["aaaaaaaaaa".to_owned(), "aaaaaaaaa".to_owned()];
        let expected = vec![vec![(0, 0), (0, 10), (1, 5)], vec![(0, 0), (0, 9), (1, 5)]];
        assert_eq!(find_places_with(&quotes, &sentences, usize::MAX), expected);
        assert_eq!(find_places_with(&quotes, &sentences, 0), expected);
    }

    fn review(article: &str, yaml: &str) -> Review {
        let article = markup::parse(article);
        let sentences = segment::segment(&article);
        let (set, findings) = store::parse(yaml, Path::new("a.yaml"));
        assert_eq!(findings, []);
        anchor(article, sentences, set.expect("valid annotation file"))
    }

    const HEAD: &str = "article: a.md\nreviewed: 2025-01-01\nannotations:\n";

    #[test]
    fn typographic_quotes_match_straight_ones_and_highlight_the_original() {
        let article = "He called it a “special operation“. Then he left.";
        let r = review(
            article,
            &format!("{HEAD}  - quote: 'a \"special operation\"'\n    verdict: opinion\n"),
        );
        assert_eq!(r.states, [AnchorState::Anchored]);
        let b = &r.bindings[0];
        assert_eq!(
            &r.article.blocks[0].text[b.quote.clone()],
            "a “special operation“"
        );
    }

    /// A quote its recorded sentence holds once is settled there without a
    /// search; held twice there, or recorded with an unknown id, it is
    /// searched for in the whole article, and anchoring's rules decide.
    #[test]
    fn a_recorded_sentence_settles_its_quote() {
        let article = "Prices rose. Prices rose again. Prices rose, and Prices rose.";
        let again = segment::sentence_id("Prices rose again.");
        let twice = segment::sentence_id("Prices rose, and Prices rose.");
        let yaml = format!(
            "{HEAD}  - quote: Prices rose\n    sentence: {again}\n    verdict: opinion\n  - quote: Prices rose\n    sentence: {twice}\n    verdict: opinion\n  - quote: Prices rose\n    sentence: s-00000000\n    verdict: opinion\n"
        );
        let r = review(article, &yaml);
        let everywhere = vec![(0, 0), (1, 0), (2, 0), (2, 17)];
        let quotes = vec!["Prices rose".to_owned(); 3];
        let recorded: Vec<Option<&str>> = r
            .set
            .annotations
            .iter()
            .map(|a| a.sentence.as_ref().map(|s| s.value.as_str()))
            .collect();
        assert_eq!(
            places_of(&recorded, &quotes, &r.sentences),
            [vec![(1, 0)], everywhere.clone(), everywhere]
        );
        assert_eq!(
            r.states,
            [
                AnchorState::Anchored,
                AnchorState::Ambiguous,
                AnchorState::Ambiguous
            ]
        );
        assert_eq!(r.bindings[0].sentence, 1);
    }

    /// Two different sentences can share an id (it is a 32-bit
    /// fingerprint); a quote recorded with it is then no more settled than
    /// the rule over all places says.
    #[test]
    fn a_shared_id_settles_nothing() {
        let article = "Prices rose in town 9927. Prices rose in town 167567.";
        let sentences = segment::segment(&markup::parse(article));
        assert_eq!(sentences[0].id, sentences[1].id, "the two share an id");
        let yaml = format!(
            "{HEAD}  - quote: Prices rose\n    sentence: {}\n    verdict: opinion\n",
            sentences[0].id
        );
        let r = review(article, &yaml);
        assert_eq!(r.states, [AnchorState::Ambiguous]);
    }

    #[test]
    fn the_four_states() {
        let article = "Prices rose. Prices rose. Wages fell sharply.";
        let wages = segment::sentence_id("Wages fell sharply.");
        let yaml = format!(
            "{HEAD}  - quote: Prices rose\n    verdict: opinion\n  - quote: Wages fell\n    sentence: {wages}\n    verdict: opinion\n  - quote: Wages fell\n    sentence: s-00000000\n    verdict: opinion\n  - quote: Rents soared\n    verdict: opinion\n"
        );
        let r = review(article, &yaml);
        assert_eq!(
            r.states,
            [
                AnchorState::Ambiguous,
                AnchorState::Anchored,
                AnchorState::Changed,
                AnchorState::Orphaned
            ]
        );
        let codes: Vec<_> = r.findings.iter().map(|d| d.code).collect();
        // The two annotations of "Wages fell" overlap, with one verdict.
        assert_eq!(
            codes,
            [
                codes::AMBIGUOUS,
                codes::CHANGED,
                codes::ORPHANED,
                codes::OVERLAP
            ]
        );
        assert!(!r.findings[3].is_error());
        assert!(r.findings[0].message.contains("a.md:1:1, a.md:1:14"));
        assert!(
            r.findings[2]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("Wages fell sharply.")
        );
    }

    /// Each annotation whose quote overlaps an earlier one's is reported
    /// once, as an error if any earlier overlapping verdict differs, as a
    /// plain scan of every pair finds; a quote repeated many times makes one
    /// finding per repeat, not one per pair.
    #[test]
    fn overlapping_quotes_make_one_finding_per_annotation() {
        let article = "Officials said the river rose by 3 metres in two days. Rain fell.";
        let quotes = [
            ("the river rose", "opinion"),
            ("river rose by 3", "opinion"),
            ("said the", "unverified"),
            ("by 3 metres", "opinion"),
            ("in two days", "opinion"),
            ("Rain fell", "opinion"),
            ("metres in", "unverified"),
            ("the river rose", "opinion"),
            ("Officials", "unverified"),
            ("3 metres in two", "opinion"),
        ];
        let mut yaml = HEAD.to_owned();
        for (quote, verdict) in quotes {
            yaml.push_str(&format!("  - quote: {quote}\n    verdict: {verdict}\n"));
            if verdict == "unverified" {
                yaml.push_str("    note: Not yet known.\n");
            }
        }
        let r = review(article, &yaml);
        assert_eq!(r.bindings.len(), quotes.len());
        let found: Vec<(Option<Subject>, bool)> = r
            .findings
            .iter()
            .filter(|d| d.code == codes::OVERLAP)
            .map(|d| (d.subject, d.is_error()))
            .collect();
        let range = |i: usize| &r.bindings[i].quote;
        let mut expected = Vec::new();
        for later in 0..quotes.len() {
            let earlier: Vec<usize> = (0..later)
                .filter(|&e| range(e).start < range(later).end && range(later).start < range(e).end)
                .collect();
            if !earlier.is_empty() {
                let differ = earlier.iter().any(|&e| quotes[e].1 != quotes[later].1);
                expected.push((Some(Subject::Annotation(later)), differ));
            }
        }
        assert_eq!(found, expected);
        let tenth = r
            .findings
            .iter()
            .find(|d| d.code == codes::OVERLAP && d.subject == Some(Subject::Annotation(9)));
        assert_eq!(
            tenth.map(|d| d.message.as_str()),
            Some(
                "annotation 10, \"3 metres in two\", and annotation 7, \"metres in\", give different verdicts (`opinion` and `unverified`) to overlapping quotes (3 other quotes overlap it too)"
            )
        );

        let repeated = 300;
        let yaml = format!(
            "{HEAD}{}",
            "  - {quote: rose by 3, verdict: opinion}\n".repeat(repeated)
        );
        let r = review(article, &yaml);
        let overlaps: Vec<&Diagnostic> = r
            .findings
            .iter()
            .filter(|d| d.code == codes::OVERLAP)
            .collect();
        assert_eq!(overlaps.len(), repeated - 1);
        assert!(
            overlaps[repeated - 2].message.ends_with(
                "overlaps the quote of annotation 1, \"rose by 3\" (298 other quotes overlap it too)"
            ),
            "{}",
            overlaps[repeated - 2].message
        );
    }

    #[test]
    fn misdated_finds_the_claimed_date_in_the_sentence() {
        let article = "On Dec. 25, 2022, the plane crashed.";
        let yaml = format!(
            "{HEAD}  - quote: the plane crashed\n    verdict: misdated\n    claimed: 2022-12-25\n    corrected: 2024-12-25\n    sources: [{{url: https://e.org}}]\n"
        );
        let r = review(article, &yaml);
        let (range, style) = r.bindings[0]
            .claimed_date
            .clone()
            .expect("claimed date found");
        assert_eq!(&article[range], "Dec. 25, 2022");
        assert_eq!(
            style,
            DateStyle::MonthDayYear(crate::dates::MonthForm::Abbreviated)
        );
    }

    /// `ignore` entries anchor by the annotations' rules, into bindings of
    /// their own, with findings that name them as ignore entries.
    #[test]
    fn ignore_entries_take_the_four_states() {
        let article = "Prices rose. Prices rose. Wages fell sharply. By Jane Roe.";
        let wages = segment::sentence_id("Wages fell sharply.");
        let byline = segment::sentence_id("By Jane Roe.");
        let yaml = format!(
            "{HEAD}  - quote: Wages fell\n    sentence: {wages}\n    verdict: opinion\nignore:\n  - quote: By Jane\n    sentence: {byline}\n    reason: byline\n  - quote: Wages fell\n    sentence: s-00000000\n    reason: test\n  - quote: Prices rose\n    reason: test\n  - quote: Rents soared\n    reason: test\n"
        );
        let r = review(article, &yaml);
        assert_eq!(r.states, [AnchorState::Anchored]);
        assert_eq!(
            r.ignore_states,
            [
                AnchorState::Anchored,
                AnchorState::Changed,
                AnchorState::Ambiguous,
                AnchorState::Orphaned
            ]
        );
        // Annotations keep their own bindings: no verdict for an ignore entry.
        assert_eq!(r.bindings.len(), 1);
        assert_eq!(r.bindings[0].sentence, 2);
        let bound: Vec<_> = r
            .ignored
            .iter()
            .map(|b| (b.entry, b.sentence, b.state))
            .collect();
        assert_eq!(
            bound,
            [(0, 3, AnchorState::Anchored), (1, 2, AnchorState::Changed)]
        );
        assert_eq!(
            &r.article.blocks[0].text[r.ignored[0].quote.clone()],
            "By Jane"
        );
        let found: Vec<_> = r
            .findings
            .iter()
            .map(|d| (d.code, d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    codes::CHANGED,
                    format!("the sentence of ignore entry 2, \"Wages fell\", changed since it was reviewed (s-00000000 is now {wages})").as_str()
                ),
                (
                    codes::AMBIGUOUS,
                    "the quote of ignore entry 3, \"Prices rose\", occurs 2 times: a.md:1:1, a.md:1:14"
                ),
                (
                    codes::ORPHANED,
                    "the quote of ignore entry 4, \"Rents soared\", occurs nowhere in the article"
                ),
            ]
        );
        // Each finding points at the entry's own YAML.
        assert_eq!((r.findings[0].line, r.findings[0].column), (12, 15));
        assert_eq!((r.findings[1].line, r.findings[1].column), (14, 12));
        assert!(
            r.findings[2]
                .help
                .as_deref()
                .is_some_and(|h| h.contains("delete the ignore entry")),
            "{:?}",
            r.findings[2].help
        );
        // `accept` records the changed entry's id, and only that one (the
        // ambiguous and orphaned entries are bound to no sentence).
        let records = r.records(false);
        assert_eq!(records.len(), 1);
        let record = &records[0];
        assert_eq!(
            (record.kind, record.entry, record.why),
            (EntryKind::Ignore, 1, Why::Changed)
        );
        assert_eq!(r.sentences[record.sentence].id, wages);
        assert!(matches!(
            r.edits(&records)[..],
            [store::Edit::Id(span, id)] if span.line == 12 && id == wages
        ));
    }

    /// A quote across two sentences is reported for an ignore entry too.
    #[test]
    fn an_ignore_quote_across_sentences_is_reported() {
        let r = review(
            "Photo: AP. By Jane Roe.",
            &format!("{HEAD}  []\nignore:\n  - quote: AP. By\n    reason: credits\n"),
        );
        assert_eq!(r.ignore_states, [AnchorState::Orphaned]);
        assert_eq!(r.findings[0].code, codes::SPANS_SENTENCES);
        assert_eq!(
            r.findings[0].message,
            "the quote of ignore entry 1, \"AP. By\", runs across a sentence boundary"
        );
    }

    /// `-` and `--` match the article's dashes, spaced or not; the
    /// highlight is the article's own text.
    #[test]
    fn typed_dashes_match_typographic_ones() {
        let article = "The council voted 7–2 on Monday. Baku — not Moscow — decides.";
        let yaml = format!(
            "{HEAD}  - quote: voted 7-2\n    verdict: opinion\n  - quote: Baku--not Moscow--decides\n    verdict: opinion\n  - quote: 7-2\n    sentence: {}\n    verdict: opinion\n",
            segment::sentence_id("The council voted 7–2 on Monday.")
        );
        let r = review(article, &yaml);
        assert_eq!(r.states, [AnchorState::Anchored; 3]);
        let text = &r.article.blocks[0].text;
        let quoted: Vec<&str> = r.bindings.iter().map(|b| &text[b.quote.clone()]).collect();
        assert_eq!(quoted, ["voted 7–2", "Baku — not Moscow — decides", "7–2"]);
        // The article's own characters match first: no ambiguity.
        let r = review(
            "Prices rose 2-3%. Prices rose 2–3% again.",
            &format!("{HEAD}  - quote: rose 2-3%\n    verdict: opinion\n"),
        );
        assert_eq!(r.states, [AnchorState::Anchored]);
        assert_eq!(r.bindings[0].sentence, 0);
    }

    #[test]
    fn a_quote_that_misses_by_case_or_accents_gets_the_articles_spelling() {
        let r = review(
            "Café owners near the bridge welcomed the news. Rain fell.",
            &format!("{HEAD}  - quote: cafe Owners near\n    verdict: opinion\n"),
        );
        assert_eq!(r.states, [AnchorState::Orphaned]);
        let help = r.findings[0].help.as_deref().unwrap_or("");
        assert!(
            help.starts_with("the article writes it \"Café owners near\" (a.md:1:1, s-"),
            "{help}"
        );
    }

    #[test]
    fn an_anchored_entry_without_an_id_is_unrecorded() {
        let article = "Prices rose. Wages fell sharply.";
        let wages = segment::sentence_id("Wages fell sharply.");
        let yaml = format!(
            "{HEAD}  - quote: Prices rose\n    verdict: opinion\n  - quote: Wages fell\n    sentence: {wages}\n    verdict: opinion\nignore:\n  - quote: sharply\n    reason: test\n"
        );
        let r = review(article, &yaml);
        let found: Vec<_> = r
            .findings
            .iter()
            .map(|d| (d.code, d.severity, d.line))
            .collect();
        assert_eq!(
            found,
            [
                (codes::UNRECORDED, crate::Severity::Warning, 4),
                (codes::UNRECORDED, crate::Severity::Warning, 10),
            ]
        );
        assert!(
            r.findings[0]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("`sentence: s-"),
            "{:?}",
            r.findings[0]
        );
        let records = r.records(false);
        let missing: Vec<_> = records
            .iter()
            .map(|x| (x.kind, x.entry, x.sentence, x.why))
            .collect();
        assert_eq!(
            missing,
            [
                (EntryKind::Annotation, 0, 0, Why::Missing),
                (EntryKind::Ignore, 0, 1, Why::Missing)
            ]
        );
        assert!(matches!(
            r.edits(&records)[..],
            [
                store::Edit::AddSentence(_, _),
                store::Edit::AddSentence(_, _)
            ]
        ));
    }

    /// Identical sentences are numbered in document order, so a copy pasted
    /// before a reviewed sentence takes its id; the file's order keeps the
    /// verdict on the reviewed one.
    #[test]
    fn a_copy_never_takes_a_verdict() {
        let reviewed = "Repairs cost $4 million.";
        let id = segment::sentence_id(reviewed);
        let yaml = |copy_id: &str| {
            format!(
                "{HEAD}  - quote: The council voted\n    sentence: {}\n    verdict: opinion\n  - quote: {reviewed}\n    sentence: {copy_id}\n    verdict: opinion\n  - quote: Rain fell\n    sentence: {}\n    verdict: opinion\n",
                segment::sentence_id("The council voted."),
                segment::sentence_id("Rain fell."),
            )
        };
        let original = format!("The council voted. {reviewed} Rain fell.");
        let r = review(&original, &yaml(&id));
        assert_eq!((r.bindings[1].sentence, &r.findings[..]), (1, &[][..]));
        // A copy before it: the copy is `id`, the reviewed sentence `id-2`.
        let copied = format!("{reviewed}\n\nThe council voted. {reviewed} Rain fell.");
        let r = review(&copied, &yaml(&id));
        assert_eq!(r.states, [AnchorState::Anchored; 3]);
        assert_eq!(r.sentences[2].id, format!("{id}-2"));
        assert_eq!(
            r.bindings[1].sentence, 2,
            "the verdict stays on the reviewed sentence"
        );
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].code, codes::UNRECORDED);
        let records = r.records(false);
        assert_eq!(records.len(), 1);
        assert_eq!((records[0].sentence, records[0].why), (2, Why::Copied));
        // Once recorded, it holds with nothing to say.
        let r = review(&copied, &yaml(&format!("{id}-2")));
        assert_eq!((r.bindings[1].sentence, &r.findings[..]), (2, &[][..]));
        // A copy after it takes nothing.
        let after = format!("The council voted. {reviewed} Rain fell.\n\n{reviewed}");
        let r = review(&after, &yaml(&id));
        assert_eq!((r.bindings[1].sentence, &r.findings[..]), (1, &[][..]));
        // The copy removed again: the reviewed sentence is `id` once more,
        // unchanged, so it is no `changed` error, only an id to record.
        let r = review(&original, &yaml(&format!("{id}-2")));
        assert_eq!(r.states, [AnchorState::Anchored; 3]);
        assert_eq!(r.bindings[1].sentence, 1);
        let found: Vec<_> = r.findings.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(found, [(codes::UNRECORDED, crate::Severity::Warning)]);
        assert!(
            r.findings[0]
                .message
                .ends_with(&format!("so its id {id}-2 is {id} now")),
            "{}",
            r.findings[0].message
        );
        let records = r.records(false);
        assert_eq!(records.len(), 1);
        assert_eq!((records[0].sentence, records[0].why), (1, Why::Copied));
    }

    /// Without an order to go by, the recorded id stands, with a warning.
    #[test]
    fn copies_the_file_cannot_settle_are_reported() {
        let reviewed = "Repairs cost $4 million.";
        let id = segment::sentence_id(reviewed);
        let yaml =
            format!("{HEAD}  - quote: {reviewed}\n    sentence: {id}\n    verdict: opinion\n");
        let r = review(&format!("{reviewed} Rain fell. {reviewed}"), &yaml);
        assert_eq!(r.bindings[0].sentence, 0);
        assert_eq!(r.findings.len(), 1);
        let d = &r.findings[0];
        assert_eq!(
            (d.code, d.severity),
            (codes::UNRECORDED, crate::Severity::Warning)
        );
        assert!(
            d.message
                .contains("has 1 identical copy in the article, a.md:1:37"),
            "{d:?}"
        );
        // Every copy recorded: nothing to settle.
        let both = format!(
            "{yaml}ignore:\n  - quote: {reviewed}\n    sentence: {id}-2\n    reason: repeated\n"
        );
        let r = review(&format!("{reviewed} Rain fell. {reviewed}"), &both);
        assert_eq!(r.findings, []);
        assert_eq!(r.ignored[0].sentence, 2);
        // Many copies: a few named, the rest counted.
        let r = review(
            &format!("{reviewed} Rain fell.{}", format!(" {reviewed}").repeat(6)),
            &yaml,
        );
        assert!(
            r.findings[0].message.contains(&format!(
                "has 6 identical copies in the article, a.md:1:37 ({id}-2), a.md:1:62 ({id}-3), a.md:1:87 ({id}-4), and 3 more, and"
            )),
            "{:?}",
            r.findings[0]
        );
    }

    #[test]
    fn identical_sentences_ask_for_a_recorded_id() {
        let r = review(
            "Rain fell. Rain fell. Rain fell, then snow.",
            &format!(
                "{HEAD}  - quote: Rain fell.\n    verdict: opinion\n  - quote: Rain fell\n    verdict: opinion\n"
            ),
        );
        let helps: Vec<&str> = r
            .findings
            .iter()
            .filter_map(|d| d.help.as_deref())
            .collect();
        let id = segment::sentence_id("Rain fell.");
        assert_eq!(
            helps[0],
            format!(
                "the places are identical sentences, so no longer quote tells them apart: record the one you reviewed with `sentence:` ({id} for a.md:1:1, {id}-2 for a.md:1:12)"
            )
        );
        assert!(helps[1].starts_with("lengthen the quote until it occurs only once, or record the sentence you mean with `sentence:` ("), "{}", helps[1]);
    }

    /// An orphaned quote of a whole sentence, whose recorded sentence is
    /// gone and one sentence is clearly that sentence edited, is offered to
    /// `accept --requote`; other orphans get the diff only.
    #[test]
    fn an_edited_whole_sentence_can_be_requoted() {
        let was = "Officials said repairs cost $4.2 million.";
        let article = "The council voted. Officials said repairs cost $4.5 million. Rain fell.";
        let id = segment::sentence_id(was);
        let yaml = format!(
            "{HEAD}  - quote: {was}\n    sentence: {id}\n    verdict: opinion\n  - quote: repairs cost $4.2\n    verdict: opinion\n  - quote: Rain fell!\n    sentence: {}\n    verdict: opinion\n",
            segment::sentence_id("Rain fell.")
        );
        let r = review(article, &yaml);
        assert_eq!(r.states, [AnchorState::Orphaned; 3]);
        assert_eq!(
            r.requotes,
            [Requote {
                kind: EntryKind::Annotation,
                entry: 0,
                sentence: 1
            }]
        );
        let helps: Vec<&str> = r
            .findings
            .iter()
            .filter_map(|d| d.help.as_deref())
            .collect();
        assert!(
            helps[0].contains(
                "the words that changed: \"Officials said repairs cost $[-4.2-]{+4.5+} million.\""
            ),
            "{}",
            helps[0]
        );
        assert!(
            helps[0].contains("`factmark accept --requote a.yaml`"),
            "{}",
            helps[0]
        );
        assert!(
            helps[1].contains("the words that differ: \"repairs cost $[-4.2-]{+4.5+}\""),
            "{}",
            helps[1]
        );
        // Its recorded sentence is still there: the quote was edited, not
        // the article.
        assert!(!helps[2].contains("--requote"), "{}", helps[2]);
        let records = r.records(true);
        assert_eq!(records.len(), 1);
        let edits = r.edits(&records);
        assert!(matches!(
            edits[..],
            [store::Edit::Id(_, new_id), store::Edit::Text(_, text)]
                if new_id == r.sentences[1].id && text == "Officials said repairs cost $4.5 million."
        ));
        assert!(r.records(false).is_empty());
    }

    /// No finding quotes a sentence whole: a sentence of a hundred
    /// thousand words, or of one such word, is quoted by its start, however
    /// many findings name it.
    #[test]
    fn findings_quote_a_long_sentence_by_its_start() {
        let article = format!(
            "Prices rose {}end.\n\nWages {}.\n",
            "word ".repeat(20_000),
            "x".repeat(100_000)
        );
        let mut yaml = format!(
            "{HEAD}  - quote: Prices rose\n    sentence: s-00000000\n    verdict: opinion\n"
        );
        for n in 0..5 {
            yaml.push_str(&format!(
                "  - quote: word word word zz{n}\n    verdict: opinion\n"
            ));
            yaml.push_str(&format!(
                "  - quote: Wages xxxxxxy{n}\n    verdict: opinion\n"
            ));
        }
        yaml.push_str("  - quote: PRICES ROSE WORD word\n    verdict: opinion\n");
        let r = review(&article, &yaml);
        let codes: Vec<&str> = r.findings.iter().map(|d| d.code).collect();
        assert_eq!(codes.iter().filter(|&&c| c == codes::ORPHANED).count(), 11);
        assert!(codes.contains(&codes::CHANGED), "{codes:?}");
        for d in &r.findings {
            let help = d.help.as_deref().unwrap_or("");
            assert!(d.message.len() + help.len() < 600, "{}: {help}", d.message);
        }
        assert!(
            r.findings[0]
                .help
                .as_deref()
                .is_some_and(|h| h.starts_with("the sentence now reads: \"Prices rose word word")),
            "{:?}",
            r.findings[0].help
        );
    }

    /// An orphaned quote of two thousand sentences, against an article of
    /// thousands of paragraphs, costs its length plus the article's, not
    /// their product: the searches for it (across sentences, with dashes
    /// folded, with case folded) build one searcher each, and the closest
    /// sentence is still found.
    #[test]
    fn a_long_orphaned_quote_costs_its_length_plus_the_articles() {
        let sentence = "The economy grew by 5 percent in 2024 according to officials.";
        let article = format!("{sentence}\n\n").repeat(3_000);
        let quote = format!("{} zz-z", format!("{sentence} ").repeat(2_000));
        let r = review(
            &article,
            &format!("{HEAD}  - quote: {quote}\n    verdict: opinion\n"),
        );
        assert_eq!(r.states, [AnchorState::Orphaned]);
        let help = r.findings[0].help.as_deref().unwrap_or("");
        assert!(
            help.starts_with("the closest sentence is a.md:1:1 (s-"),
            "{help}"
        );
        assert!(
            help.contains("(the quote's \"zz-z\" is not in it)"),
            "{help}"
        );
    }

    /// A quote with thousands of places in one long sentence is reported
    /// without comparing that sentence with itself at each place.
    #[test]
    fn a_quote_with_thousands_of_places_in_one_sentence_is_ambiguous() {
        let article = format!("{}end.\n", "word ".repeat(60_000));
        let r = review(
            &article,
            &format!("{HEAD}  - quote: word word\n    verdict: opinion\n"),
        );
        assert_eq!(r.states, [AnchorState::Ambiguous]);
        assert!(
            r.findings[0].message.contains("occurs 30000 times"),
            "{}",
            r.findings[0].message
        );
        assert_eq!(
            r.findings[0].help.as_deref(),
            Some("lengthen the quote until it occurs only once")
        );
    }
}
