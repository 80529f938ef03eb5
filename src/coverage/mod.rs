//! Stage 6: [`Review`] → [`Coverage`].
//!
//! Coverage is the share of check-worthy sentences that carry at least one
//! valid, anchored annotation or `ignore` entry (an editor's word that the
//! sentence states no claim); an entry with an error covers nothing. Every other check-worthy sentence is a warning pointing
//! at its line in the article, so an editor sees what is left.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::anchor::{AnchorState, Review};
use crate::diagnostic::{self, Diagnostic, Subject, codes};
use crate::segment::Sentence;

/// Coverage numbers and findings of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Number of sentences.
    pub sentences: usize,
    /// Number of check-worthy sentences.
    pub checkworthy: usize,
    /// Check-worthy sentences with at least one valid, anchored annotation
    /// or `ignore` entry.
    pub annotated: usize,
    /// `annotated / checkworthy` in percent; 100 when nothing is check-worthy.
    pub coverage: f64,
    /// Anchored annotations per verdict name.
    pub verdicts: BTreeMap<String, usize>,
    /// Every `ignore` entry with a quote, in file order, whatever its state.
    #[serde(skip)]
    pub ignored: Vec<Ignored>,
    /// One warning per unannotated check-worthy sentence.
    #[serde(skip)]
    pub findings: Vec<Diagnostic>,
}

/// One `ignore` entry as the gate saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ignored {
    /// The quote, as written in YAML.
    pub quote: String,
    /// Why the sentence states no claim; `None` when the entry has none
    /// (which is an error of its own).
    pub reason: Option<String>,
    /// The id the entry's sentence has now; `None` when the quote is
    /// orphaned or ambiguous.
    pub sentence: Option<String>,
    /// How the entry anchored.
    pub state: AnchorState,
    /// 1-based line of the entry in the annotation file.
    pub line: usize,
    /// 1-based column of the entry, in characters.
    pub column: usize,
}

/// Measures the coverage of `review`, leaving out the annotations and
/// `ignore` entries that its anchoring found errors in; see [`measure_with`].
pub fn measure(review: &Review) -> Coverage {
    measure_with(review, &review.findings)
}

/// Measures the coverage of `review`, given `findings`: every finding about
/// its annotation file so far (loading's and anchoring's, at the severity
/// the project's policy gives them). An annotation or `ignore` entry that
/// an error among them is about covers no sentence: a stub without a real
/// verdict, or a verdict without the note or source it requires, is no
/// review yet.
pub fn measure_with(review: &Review, findings: &[Diagnostic]) -> Coverage {
    // Usually none: a sorted list is cheaper than a set.
    let mut faulty: Vec<Subject> = findings
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.subject)
        .collect();
    faulty.sort_unstable();
    faulty.dedup();
    let valid = |subject: Subject| faulty.binary_search(&subject).is_err();
    let mut covered = vec![false; review.sentences.len()];
    // (sentence, entry, its quote) for each entry bound to a sentence but
    // left out for its errors: the sentence's warning names it.
    let mut held_back: Vec<(usize, Subject, &str)> = Vec::new();
    let mut verdicts = BTreeMap::new();
    for binding in &review.bindings {
        let annotation = review.annotation(binding);
        let subject = Subject::Annotation(annotation.index);
        if !valid(subject) {
            held_back.push((binding.sentence, subject, &annotation.quote.value));
        } else if binding.state == AnchorState::Anchored {
            covered[binding.sentence] = true;
        }
        let verdict = &annotation.verdict.value;
        *verdicts.entry(verdict.name().to_owned()).or_insert(0) += 1;
    }
    // An editor's word that a sentence states no claim handles it as an
    // annotation does.
    for binding in &review.ignored {
        let entry = review.ignore_entry(binding);
        let subject = Subject::Ignore(entry.index);
        if !valid(subject) {
            held_back.push((binding.sentence, subject, &entry.quote.value));
        } else if binding.state == AnchorState::Anchored {
            covered[binding.sentence] = true;
        }
    }
    // By sentence, each sentence's first entry first.
    held_back.sort_by_key(|&(sentence, _, _)| sentence);
    let mut checkworthy = 0;
    let mut annotated = 0;
    let mut findings = Vec::new();
    // The advice names `opinion` only where the project's vocabulary has it.
    let advice = if review.set.vocabulary.get("opinion").is_some() {
        "; annotate it (as `opinion` if it is a value judgement), or list it under `ignore:` with a reason if it states no claim"
    } else {
        "; annotate it, or list it under `ignore:` with a reason if it states no claim"
    };
    for (index, (sentence, covered)) in review.sentences.iter().zip(&covered).enumerate() {
        if !sentence.checkworthy {
            continue;
        }
        checkworthy += 1;
        if *covered {
            annotated += 1;
        } else {
            // The first entry bound to the sentence, if any.
            let first = held_back.partition_point(|&(s, _, _)| s < index);
            let held = held_back
                .get(first)
                .filter(|&&(s, _, _)| s == index)
                .map(|&(_, subject, quote)| (subject, quote));
            findings.push(unannotated(review, sentence, advice, held));
        }
    }
    let coverage = if checkworthy == 0 {
        100.0
    } else {
        // Rounded down, so 99.96% never passes a 100% bar.
        (annotated as f64 * 1000.0 / checkworthy as f64).floor() / 10.0
    };
    Coverage {
        sentences: review.sentences.len(),
        checkworthy,
        annotated,
        coverage,
        verdicts,
        ignored: ignored(review),
        findings,
    }
}

/// Every `ignore` entry of `review` that could anchor, with where it stands
/// and what it is bound to.
fn ignored(review: &Review) -> Vec<Ignored> {
    let mut bound = review.ignored.iter().peekable();
    review
        .set
        .ignore
        .iter()
        .zip(&review.ignore_states)
        .enumerate()
        .map(|(i, (entry, &state))| {
            // Bindings are in entry order, so each is met in turn.
            let sentence = bound
                .next_if(|b| b.entry == i)
                .map(|b| review.sentences[b.sentence].id.clone());
            Ignored {
                quote: entry.quote.value.clone(),
                reason: entry.reason.as_ref().map(|r| r.value.clone()),
                sentence,
                state,
                line: entry.span.line,
                column: entry.span.column,
            }
        })
        .collect()
}

/// The warning for check-worthy `sentence`, which has no valid annotation;
/// `held` is the entry bound to it that its errors leave out, with its
/// quote, if any. An archive has tens of thousands, so the texts are built
/// to their exact size rather than grown by `format!`.
fn unannotated(
    review: &Review,
    sentence: &Sentence,
    advice: &str,
    held: Option<(Subject, &str)>,
) -> Diagnostic {
    let quoted = diagnostic::start_of(&sentence.text);
    let mut message = String::with_capacity(64 + sentence.id.len() + quoted.len());
    message.push_str("check-worthy sentence ");
    message.push_str(&sentence.id);
    message.push_str(match held {
        Some(_) => " has no valid annotation: \"",
        None => " has no annotation: \"",
    });
    message.push_str(quoted);
    if quoted.len() < sentence.text.len() {
        message.push_str(" …");
    }
    message.push('"');
    let place = Some(sentence.start..sentence.end);
    if let Some((held, quote)) = held {
        let (entry, kind, number) = match held {
            Subject::Annotation(i) => ("annotation", "an annotation", i + 1),
            Subject::Ignore(i) => ("ignore entry", "an entry", i + 1),
        };
        let named = diagnostic::name_entry(held, quote);
        return Diagnostic::warning(codes::UNANNOTATED, &review.set.article.value, message)
            .at(sentence.line, sentence.column, place)
            .with_help(format!(
                "{named}, is bound to it, but {kind} with errors covers no sentence: fix the errors reported for {entry} {number}"
            ));
    }
    // The cues only: the words that weighed most take a second look at the
    // sentence, which `sentences` and `init` spend but an archive's tens of
    // thousands of warnings should not.
    let mut help = String::with_capacity(96 + advice.len());
    // Thousandths as an integer: formatting a float costs more than the
    // rest of the warning, and an archive has tens of thousands.
    let thousandths = (sentence.score * 1000.0).round() as u32;
    let _ = write!(
        help,
        "it scores {}.{:03} as check-worthy",
        thousandths / 1000,
        thousandths % 1000
    );
    let cues = sentence.cues();
    for (i, cue) in cues.iter().enumerate() {
        help.push_str(if i == 0 { " (" } else { ", " });
        help.push_str(cue.name());
    }
    if !cues.is_empty() {
        help.push(')');
    }
    help.push_str(advice);
    Diagnostic::warning(codes::UNANNOTATED, &review.set.article.value, message)
        .at(sentence.line, sentence.column, place)
        .with_help(help)
}

impl Coverage {
    /// The error to report when coverage is under `minimum` percent.
    pub fn below(&self, minimum: f64, review: &Review) -> Option<Diagnostic> {
        (self.coverage < minimum).then(|| {
            Diagnostic::error(
                codes::BELOW_MIN,
                &review.set.file,
                format!(
                    "coverage is {}% ({} of {} check-worthy sentences {}), under the minimum of {}%",
                    self.coverage,
                    self.annotated,
                    self.checkworthy,
                    if self.ignored.is_empty() {
                        "annotated"
                    } else {
                        "annotated or ignored"
                    },
                    minimum
                ),
            )
            // A file-level finding; line 1 lets CI annotations place it.
            .at(1, 1, None)
            .with_help(
                "annotate the sentences listed as unannotated, or list those that state no claim under `ignore:`",
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::{anchor, markup, segment, store};

    /// The unannotated warning quotes a short sentence whole and a long one
    /// by its first words, cut at a space.
    #[test]
    fn warnings_quote_the_start_of_a_long_sentence() {
        let text =
            "Prices rose by 5 percent in 2024 across the region, the ministry of trade said.";
        let article = markup::parse(text);
        let sentences = segment::segment(&article);
        let (set, _) = store::parse("article: a.md\nreviewed: 2025-01-01\n", Path::new("a.yaml"));
        let review = anchor::anchor(article, sentences, set.expect("a valid file"));
        let coverage = measure(&review);
        let [warning] = coverage.findings.as_slice() else {
            panic!("one warning: {:#?}", coverage.findings);
        };
        assert!(
            warning.message.ends_with(
                " has no annotation: \"Prices rose by 5 percent in 2024 across the region, the …\""
            ),
            "{}",
            warning.message
        );
    }

    /// An annotation or `ignore` entry that an error is about, from
    /// loading or from anchoring, covers nothing; a warning about it (a
    /// finding the policy leaves a warning) does not count against it.
    #[test]
    fn entries_with_errors_cover_nothing() {
        let text = "Prices rose by 5% in 2024. Wages fell by 3% in 2024. Rents rose by 7% in 2024. Fees rose by 2% in 2024.";
        let article = markup::parse(text);
        let sentences = segment::segment(&article);
        assert!(sentences.iter().all(|s| s.checkworthy), "{sentences:#?}");
        let yaml = "article: a.md\nreviewed: 2025-01-01\nannotations:\n  - quote: Prices rose\n    verdict: unverified\n  - quote: Wages fell\n    verdict: opinion\n  - quote: Rents rose\n    verdict: misdated\n    claimed: 2023\n    corrected: 2025\n    sources: [{url: https://example.org}]\nignore:\n  - quote: Fees rose\n";
        let (set, mut findings) = store::parse(yaml, Path::new("a.yaml"));
        let review = anchor::anchor(article, sentences, set.expect("a valid file"));
        findings.extend(review.findings.iter().cloned());
        // The entries have no `sentence:` ids: each is also unrecorded.
        let codes: Vec<_> = findings
            .iter()
            .filter(|d| d.code != codes::UNRECORDED)
            .map(|d| (d.code, d.subject))
            .collect();
        assert_eq!(
            codes,
            [
                (codes::MISSING_FIELD, Some(Subject::Annotation(0))),
                (codes::MISSING_REASON, Some(Subject::Ignore(0))),
                (codes::CLAIMED_DATE_NOT_FOUND, Some(Subject::Annotation(2))),
            ]
        );
        let coverage = measure_with(&review, &findings);
        assert_eq!((coverage.annotated, coverage.checkworthy), (1, 4));
        // Each sentence left is named, with the entry its errors hold back.
        let listed: Vec<(&str, &str)> = coverage
            .findings
            .iter()
            .map(|d| {
                let message = d.message.split(": \"").next().unwrap_or_default();
                let help = d.help.as_deref().unwrap_or_default();
                (message, help.split(" is bound").next().unwrap_or_default())
            })
            .collect();
        let id = |i: usize| review.sentences[i].id.as_str();
        assert_eq!(
            listed,
            [
                (
                    format!("check-worthy sentence {} has no valid annotation", id(0)).as_str(),
                    "annotation 1, \"Prices rose\","
                ),
                (
                    format!("check-worthy sentence {} has no valid annotation", id(2)).as_str(),
                    "annotation 3, \"Rents rose\","
                ),
                (
                    format!("check-worthy sentence {} has no valid annotation", id(3)).as_str(),
                    "ignore entry 1, \"Fees rose\","
                ),
            ]
        );
        // Anchoring's own findings count without the loader's.
        assert_eq!(measure(&review).annotated, 3);
        let warnings: Vec<Diagnostic> = findings
            .into_iter()
            .map(|mut d| {
                d.severity = crate::Severity::Warning;
                d
            })
            .collect();
        assert_eq!(measure_with(&review, &warnings).annotated, 4);
    }

    /// An anchored `ignore` entry handles its sentence; a changed, orphaned
    /// or ambiguous one does not, and every one is listed with what it is
    /// bound to.
    #[test]
    fn anchored_ignore_entries_count_as_handled() {
        let text = "Prices rose by 5% in 2024. Wages fell by 3% in 2024. Rents rose by 7% in 2024.";
        let article = markup::parse(text);
        let sentences = segment::segment(&article);
        assert!(
            sentences.iter().all(|s| s.checkworthy),
            "every sentence states a number and a year: {sentences:#?}"
        );
        let yaml = "article: a.md\nreviewed: 2025-01-01\nignore:\n  - quote: Nowhere\n    reason: test\n  - quote: Prices rose\n    reason: test\n  - quote: Wages fell\n    sentence: s-00000000\n    reason: test\n";
        let (set, _) = store::parse(yaml, Path::new("a.yaml"));
        let review = anchor::anchor(article, sentences, set.expect("a valid file"));
        let coverage = measure(&review);
        assert_eq!((coverage.annotated, coverage.checkworthy), (1, 3));
        assert_eq!(coverage.findings.len(), 2);
        assert!(coverage.verdicts.is_empty());
        let listed: Vec<_> = coverage
            .ignored
            .iter()
            .map(|i| (i.quote.as_str(), i.sentence.as_deref(), i.state, i.line))
            .collect();
        let prices = review.sentences[0].id.as_str();
        let wages = review.sentences[1].id.as_str();
        assert_eq!(
            listed,
            [
                ("Nowhere", None, AnchorState::Orphaned, 4),
                ("Prices rose", Some(prices), AnchorState::Anchored, 6),
                ("Wages fell", Some(wages), AnchorState::Changed, 8),
            ]
        );
    }
}
