//! Stage 4: sentences + annotations → [`Review`].
//!
//! Every annotation's quote is looked up, folded, in the folded text of the
//! article's sentences: first in the sentence it records, where it is
//! settled if that sentence holds it once, else in the whole article. The
//! result is one of four [`AnchorState`]s; only an `anchored` or `changed`
//! annotation is bound to its sentence. `ignore` entries (sentences that
//! state no claim) anchor by the same rules, into bindings of their own. factmark never guesses: for an
//! orphan the closest sentence is a *suggestion* in the diagnostic, never a
//! binding.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::dates::{self, DateStyle, FoundDate};
use crate::diagnostic::{Diagnostic, Subject, codes};
use crate::fold;
use crate::markup::Article;
use crate::segment::Sentence;
use crate::store::{self, Annotation, AnnotationSet, IgnoreEntry};

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

    /// For every `changed` annotation and `ignore` entry, where its recorded
    /// sentence id stands in the YAML and the id its sentence has now: the
    /// edits `accept` makes with [`store::replace_values`].
    pub fn changed_ids(&self) -> Vec<(store::Span, &str)> {
        let annotations = self
            .bindings
            .iter()
            .filter(|b| b.state == AnchorState::Changed)
            .map(|b| (self.annotation(b).sentence.as_ref(), b.sentence));
        let ignored = self
            .ignored
            .iter()
            .filter(|b| b.state == AnchorState::Changed)
            .map(|b| (self.ignore_entry(b).sentence.as_ref(), b.sentence));
        annotations
            .chain(ignored)
            .filter_map(|(recorded, sentence)| {
                Some((recorded?.span, self.sentences[sentence].id.as_str()))
            })
            .collect()
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
        .map(|a| Entry {
            kind: Kind::Annotation,
            index: a.index,
            quote: &a.quote,
            sentence: a.sentence.as_ref(),
        })
        .chain(set.ignore.iter().map(|e| Entry {
            kind: Kind::Ignore,
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
    let all_places = places_of(&recorded, &quotes, &sentences);
    let mut anchorer = Anchorer {
        article: &article,
        sentences: &sentences,
        file: &set.file,
        article_path: &set.article.value,
        folded_blocks: None,
        suggested: 0,
        findings: Vec::new(),
    };
    let mut states = Vec::with_capacity(set.annotations.len());
    let mut bindings = Vec::new();
    let mut ignore_states = Vec::with_capacity(set.ignore.len());
    let mut ignored = Vec::new();
    for (position, (entry, places)) in entries.iter().zip(all_places).enumerate() {
        let first_finding = anchorer.findings.len();
        let quote = &quotes[position];
        let (state, place) = anchorer.settle(entry, quote, places);
        match entry.kind {
            Kind::Annotation => {
                states.push(state);
                let annotation = &set.annotations[position];
                if let Some((sentence_index, at)) = place {
                    let sentence = &sentences[sentence_index];
                    let block = &article.blocks[sentence.block];
                    let raw = &block.text[sentence.range.clone()];
                    let base = sentence.range.start;
                    let quote_range = text_range(&article, sentence, at..at + quote.len());
                    let claimed_date = claimed_date(annotation, sentence, &quote_range, base, raw)
                        .map_err(|d| anchorer.findings.push(d.with_file(&set.file)))
                        .ok()
                        .flatten();
                    bindings.push(Binding {
                        annotation: position,
                        sentence: sentence_index,
                        state,
                        quote: quote_range,
                        claimed_date,
                    });
                }
            }
            Kind::Ignore => {
                ignore_states.push(state);
                if let Some((sentence_index, at)) = place {
                    let sentence = &sentences[sentence_index];
                    ignored.push(IgnoreBinding {
                        entry: position - set.annotations.len(),
                        sentence: sentence_index,
                        state,
                        quote: text_range(&article, sentence, at..at + quote.len()),
                    });
                }
            }
        }
        // Coverage leaves out the entries that have errors.
        for finding in &mut anchorer.findings[first_finding..] {
            finding.subject = Some(entry.subject());
        }
    }
    let findings = anchorer.findings;
    Review {
        article,
        sentences,
        set,
        states,
        bindings,
        ignore_states,
        ignored,
        findings,
    }
}

/// Which list of the annotation file a quote comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `annotations`.
    Annotation,
    /// `ignore`.
    Ignore,
}

/// One quote to anchor, from either list.
struct Entry<'a> {
    kind: Kind,
    /// Position in its list (0-based).
    index: usize,
    quote: &'a store::Spanned<String>,
    sentence: Option<&'a store::Spanned<String>>,
}

impl Entry<'_> {
    /// Which entry of the annotation file this is, for its findings.
    fn subject(&self) -> Subject {
        match self.kind {
            Kind::Annotation => Subject::Annotation(self.index),
            Kind::Ignore => Subject::Ignore(self.index),
        }
    }

    /// How messages name the entry: "annotation 3", "ignore entry 2".
    fn name(&self) -> String {
        match self.kind {
            Kind::Annotation => format!("annotation {}", self.index + 1),
            Kind::Ignore => format!("ignore entry {}", self.index + 1),
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
    /// Orphaned quotes that got a closest-sentence suggestion so far.
    suggested: usize,
    findings: Vec<Diagnostic>,
}

impl Anchorer<'_> {
    /// The state of `entry`, whose folded quote is `quote` and occurs at
    /// `places`, and its one place (sentence index, byte offset in the
    /// folded sentence) when it is anchored or changed. Anything wrong is
    /// added to the findings.
    fn settle(
        &mut self,
        entry: &Entry<'_>,
        quote: &str,
        places: Vec<(usize, usize)>,
    ) -> (AnchorState, Option<(usize, usize)>) {
        let sentences = self.sentences;
        let error = |code, message: String| {
            store::at(
                Diagnostic::error(code, self.file, message),
                entry.quote.span,
            )
        };
        // A recorded sentence id settles which of several places is meant:
        // the editor said so explicitly, so this is no guess.
        let recorded_place = entry.sentence.and_then(|recorded| {
            let hits = places
                .iter()
                .filter(|(i, _)| sentences[*i].id == recorded.value);
            only(hits).filter(|_| places.len() > 1).copied()
        });
        let places = match recorded_place {
            Some(hit) => vec![hit],
            None => places,
        };
        match places.as_slice() {
            [] => {
                let blocks = self.folded_blocks.get_or_insert_with(|| {
                    self.article
                        .blocks
                        .iter()
                        .map(|b| fold::fold(&b.text))
                        .collect()
                });
                if blocks.iter().any(|b| b.contains(quote)) {
                    let help = match entry.kind {
                        Kind::Annotation => {
                            "annotate each sentence separately; a quote must lie inside one sentence"
                        }
                        Kind::Ignore => {
                            "ignore each sentence separately; a quote must lie inside one sentence"
                        }
                    };
                    let d = error(
                        codes::SPANS_SENTENCES,
                        format!(
                            "the quote of {} runs across a sentence boundary",
                            entry.name()
                        ),
                    )
                    .with_help(help);
                    self.findings.push(d);
                } else {
                    self.suggested += 1;
                    let help = if self.suggested > MAX_SUGGESTED {
                        format!(
                            "no closest sentence is suggested past the first {MAX_SUGGESTED} orphaned quotes of a file; is `article:` the right article?"
                        )
                    } else {
                        let gone = match entry.kind {
                            Kind::Annotation => "delete the annotation if the claim is gone",
                            Kind::Ignore => "delete the ignore entry if the sentence is gone",
                        };
                        match closest_sentence(quote, sentences) {
                            Some(s) => format!(
                                "the closest sentence is {}:{}:{} ({}): \"{}\"{}; copy the quote from it exactly, or {gone}",
                                self.article_path.display(),
                                s.line,
                                s.column,
                                s.id,
                                s.text,
                                differences(quote, s.folded())
                            ),
                            None => "the article has no sentences; check `article:`".to_owned(),
                        }
                    };
                    let d = error(
                        codes::ORPHANED,
                        format!(
                            "the quote of {} occurs nowhere in the article",
                            entry.name()
                        ),
                    )
                    .with_help(help);
                    self.findings.push(d);
                }
                (AnchorState::Orphaned, None)
            }
            [(sentence_index, at)] => {
                let sentence = &sentences[*sentence_index];
                let state = match entry.sentence {
                    Some(recorded)
                        if recorded.value != sentence.id
                            && store::is_sentence_id(&recorded.value) =>
                    {
                        let review = match entry.kind {
                            Kind::Annotation => "re-review the verdict",
                            Kind::Ignore => "check that it still states no claim",
                        };
                        let d = store::at(
                            Diagnostic::error(
                                codes::CHANGED,
                                self.file,
                                format!(
                                    "the sentence of {} changed since it was reviewed ({} is now {})",
                                    entry.name(),
                                    recorded.value,
                                    sentence.id
                                ),
                            ),
                            recorded.span,
                        )
                        .with_help(format!(
                            "the sentence now reads: \"{}\" ({}:{}:{}); {review}, then run `factmark accept {}`",
                            sentence.text,
                            self.article_path.display(),
                            sentence.line,
                            sentence.column,
                            self.file.display()
                        ));
                        self.findings.push(d);
                        AnchorState::Changed
                    }
                    _ => AnchorState::Anchored,
                };
                (state, Some((*sentence_index, *at)))
            }
            many => {
                // Each place is where its own match starts, not where its
                // sentence does: two in one sentence are two positions.
                let mut list: Vec<String> = many
                    .iter()
                    .take(MAX_LISTED)
                    .map(|&(i, at)| {
                        let s = &sentences[i];
                        let start = text_range(self.article, s, at..at).start;
                        let offset = self.article.blocks[s.block].source_start(start);
                        // Counted from the sentence's own start: counting from
                        // its line's start costs a whole line per place, on
                        // an article written as one line.
                        let (line, column) = self
                            .article
                            .advance(&mut (s.start, s.line, s.column), offset);
                        format!("{}:{line}:{column}", self.article_path.display())
                    })
                    .collect();
                if many.len() > MAX_LISTED {
                    list.push(format!("and {} more", many.len() - MAX_LISTED));
                }
                let d = error(
                    codes::AMBIGUOUS,
                    format!(
                        "the quote of {} occurs {} times: {}",
                        entry.name(),
                        many.len(),
                        list.join(", ")
                    ),
                )
                .with_help("lengthen the quote until it occurs only once");
                self.findings.push(d);
                (AnchorState::Ambiguous, None)
            }
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
        .filter(|f| f.date == claimed.value)
        .map(|f| (base + f.range.start..base + f.range.end, f.style))
        .max_by_key(|(r, _)| r.start >= quote.start && r.end <= quote.end);
    match matching {
        Some(hit) => Ok(Some(hit)),
        None => {
            let listed = if found.is_empty() {
                "no dates".to_owned()
            } else {
                found
                    .iter()
                    .map(|f| format!("\"{}\" ({})", &raw[f.range.clone()], f.date))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            Err(store::at(
                Diagnostic::error(
                    codes::CLAIMED_DATE_NOT_FOUND,
                    Path::new(""),
                    format!(
                        "the claimed date {} is not in the sentence of annotation {}",
                        claimed.value,
                        annotation.index + 1
                    ),
                ),
                claimed.span,
            )
            .with_help(format!(
                "the sentence \"{}\" states {listed}; set `claimed` to the date as the article gives it",
                sentence.text
            )))
        }
    }
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
    let mut by_id: HashMap<&str, Option<usize>> = HashMap::with_capacity(sentences.len());
    for (i, s) in sentences.iter().enumerate() {
        by_id
            .entry(s.id.as_str())
            .and_modify(|shared| *shared = None)
            .or_insert(Some(i));
    }
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

/// How `quote` differs from the sentence `folded`: the quote's words the
/// sentence lacks.
fn differences(quote: &str, folded: &str) -> String {
    let words: std::collections::HashSet<&str> = folded.split(' ').collect();
    let missing: Vec<&str> = quote.split(' ').filter(|w| !words.contains(w)).collect();
    if missing.is_empty() {
        " (it has every word of the quote, but not in that order)".to_owned()
    } else {
        format!(" (the quote's \"{}\" is not in it)", missing.join(" "))
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
fn closest_sentence<'a>(quote: &str, sentences: &'a [Sentence]) -> Option<&'a Sentence> {
    let mut words: Vec<&str> = Vec::new();
    for word in quote.split(' ').filter(|w| !w.is_empty()) {
        if words.len() == SUGGESTION_WORDS {
            break;
        }
        if !words.contains(&word) {
            words.push(word);
        }
    }
    let shared: Vec<usize> = sentences
        .iter()
        .map(|s| words.iter().filter(|w| s.folded().contains(**w)).count())
        .collect();
    let most = shared.iter().copied().max()?;
    let head = |text: &'_ str| -> String { text.chars().take(SUGGESTION_CHARS).collect() };
    let quote_head = head(quote);
    let mut best: Option<(f64, &Sentence)> = None;
    for (s, _) in sentences
        .iter()
        .zip(&shared)
        .filter(|(_, n)| **n == most)
        .take(SUGGESTION_TIES)
    {
        let similarity = strsim::normalized_levenshtein(&quote_head, &head(s.folded()));
        if best.is_none_or(|(b, _)| similarity > b) {
            best = Some((similarity, s));
        }
    }
    best.map(|(_, s)| s)
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
        assert_eq!(codes, [codes::AMBIGUOUS, codes::CHANGED, codes::ORPHANED]);
        assert!(r.findings[0].message.contains("a.md:1:1, a.md:1:14"));
        assert!(
            r.findings[2]
                .help
                .as_deref()
                .unwrap_or("")
                .contains("Wages fell sharply.")
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
                    format!("the sentence of ignore entry 2 changed since it was reviewed (s-00000000 is now {wages})").as_str()
                ),
                (
                    codes::AMBIGUOUS,
                    "the quote of ignore entry 3 occurs 2 times: a.md:1:1, a.md:1:14"
                ),
                (
                    codes::ORPHANED,
                    "the quote of ignore entry 4 occurs nowhere in the article"
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
        // `accept` records the changed entry's id, and only that one.
        let edits = r.changed_ids();
        assert_eq!(edits.len(), 1);
        assert_eq!(edits[0].1, wages);
        assert_eq!(edits[0].0.line, 12);
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
            "the quote of ignore entry 1 runs across a sentence boundary"
        );
    }
}
