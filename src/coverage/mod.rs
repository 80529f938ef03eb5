//! Stage 6: [`Review`] → [`Coverage`].
//!
//! Coverage is the share of check-worthy sentences that carry at least one
//! anchored annotation. Every unannotated check-worthy sentence is a warning
//! pointing at its line in the article, so an editor sees what is left.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::anchor::{AnchorState, Review};
use crate::diagnostic::{Diagnostic, codes};
use crate::segment::Sentence;

/// Coverage numbers and findings of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coverage {
    /// Number of sentences.
    pub sentences: usize,
    /// Number of check-worthy sentences.
    pub checkworthy: usize,
    /// Check-worthy sentences with at least one anchored annotation.
    pub annotated: usize,
    /// `annotated / checkworthy` in percent; 100 when nothing is check-worthy.
    pub coverage: f64,
    /// Anchored annotations per verdict name.
    pub verdicts: BTreeMap<String, usize>,
    /// One warning per unannotated check-worthy sentence.
    #[serde(skip)]
    pub findings: Vec<Diagnostic>,
}

/// Measures the coverage of `review`.
pub fn measure(review: &Review) -> Coverage {
    let mut covered = vec![false; review.sentences.len()];
    let mut verdicts = BTreeMap::new();
    for binding in &review.bindings {
        if binding.state == AnchorState::Anchored {
            covered[binding.sentence] = true;
        }
        let verdict = &review.annotation(binding).verdict.value;
        *verdicts.entry(verdict.name().to_owned()).or_insert(0) += 1;
    }
    let mut checkworthy = 0;
    let mut annotated = 0;
    let mut findings = Vec::new();
    // The advice names `opinion` only where the project's vocabulary has it.
    let advice = if review.set.vocabulary.get("opinion").is_some() {
        "; annotate it, as `opinion` if it is a value judgement"
    } else {
        "; annotate it"
    };
    for (sentence, covered) in review.sentences.iter().zip(&covered) {
        if !sentence.checkworthy {
            continue;
        }
        checkworthy += 1;
        if *covered {
            annotated += 1;
        } else {
            findings.push(unannotated(review, sentence, advice));
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
        findings,
    }
}

/// The warning for check-worthy `sentence`, which has no annotation. An
/// archive has tens of thousands, so the texts are built to their exact size
/// rather than grown by `format!`.
fn unannotated(review: &Review, sentence: &Sentence, advice: &str) -> Diagnostic {
    let mut message = String::with_capacity(64 + sentence.id.len() + sentence.text.len());
    message.push_str("check-worthy sentence ");
    message.push_str(&sentence.id);
    message.push_str(" has no annotation: \"");
    message.push_str(&sentence.text);
    message.push('"');
    let mut help = String::with_capacity(96 + advice.len());
    let _ = write!(
        help,
        "it states something checkable ({}){advice}",
        sentence.reasons()
    );
    Diagnostic::warning(codes::UNANNOTATED, &review.set.article.value, message)
        .at(
            sentence.line,
            sentence.column,
            Some(sentence.start..sentence.end),
        )
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
                    "coverage is {}% ({} of {} check-worthy sentences annotated), under the minimum of {}%",
                    self.coverage, self.annotated, self.checkworthy, minimum
                ),
            )
            // A file-level finding; line 1 lets CI annotations place it.
            .at(1, 1, None)
            .with_help("annotate the sentences listed as unannotated")
        })
    }
}
