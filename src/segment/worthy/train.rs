//! Training the check-worthiness [`Model`]: L2-regularised logistic
//! regression over the [`features`] of labelled sentences, with k-fold
//! cross-validation that calibrates the scores and picks the threshold.
//!
//! The solver is a plain L-BFGS written here rather than a training crate:
//! the problem is small (about 8,000 sentences, 60,000 features in use), the
//! code is short, and everything runs in one fixed order in `f64`, so the
//! same input gives the same model byte for byte on a given platform (its
//! maths library's `exp` may differ in the last bit on another).
//!
//! 1. Folds: positives and negatives are dealt round-robin in file order,
//!    so every fold has the data's share of claims.
//! 2. Each fold's sentences are scored by a model fitted on the others.
//! 3. A sigmoid `1 / (1 + e^-(a·z + b))` fitted to those out-of-fold margins
//!    (Platt scaling) turns a margin into a calibrated probability.
//! 4. The threshold is the highest one, in steps of 0.01, whose pooled
//!    out-of-fold recall reaches the target. (The calibration and the
//!    threshold are chosen on the same out-of-fold scores the report then
//!    measures: two numbers fitted to 8,000 sentences, which the report's
//!    per-fold spread puts in proportion.)
//! 5. The shipped model is fitted on all sentences, with the calibration
//!    folded into its weights.

use super::{BITS, Model, features, scale};

/// A labelled sentence.
#[derive(Debug, Clone)]
pub struct Example {
    /// The sentence.
    pub text: String,
    /// Whether it states a claim worth checking.
    pub checkworthy: bool,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The L2 penalty on the weights, per sentence.
    pub l2: f64,
    /// Cross-validation folds (at least 2).
    pub folds: usize,
    /// The out-of-fold recall the threshold must keep.
    pub recall: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            l2: 3e-5,
            folds: 5,
            recall: 0.905,
        }
    }
}

/// Precision and recall at one threshold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measured {
    /// The threshold.
    pub threshold: f64,
    /// Claims found ÷ claims.
    pub recall: f64,
    /// Claims found ÷ sentences flagged, at the data's share of claims.
    pub precision: f64,
    /// Precision as if claims and other sentences were equally many: each
    /// false positive weighted by claims ÷ non-claims.
    pub balanced_precision: f64,
    /// F1 of `balanced_precision` and `recall`.
    pub balanced_f1: f64,
}

/// What training produced and measured.
#[derive(Debug, Clone)]
pub struct Training {
    /// The model fitted on all examples.
    pub model: Model,
    /// Each fold at the shipped threshold.
    pub folds: Vec<Measured>,
    /// All folds pooled at the shipped threshold.
    pub pooled: Measured,
    /// Pooled out-of-fold precision and recall from 0.05 to 0.95.
    pub curve: Vec<Measured>,
    /// The calibration: `a` and `b` of the sigmoid.
    pub calibration: (f64, f64),
    /// How well calibrated the out-of-fold scores are, by tenths of the
    /// score.
    pub reliability: Vec<Bin>,
}

/// Out-of-fold sentences whose score fell in `from..to`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bin {
    /// The lowest score in the bin.
    pub from: f64,
    /// Just above the highest.
    pub to: f64,
    /// How many sentences.
    pub sentences: usize,
    /// Their mean score.
    pub mean_score: f64,
    /// The share of them that are claims: close to `mean_score` when the
    /// scores are calibrated.
    pub claims: f64,
}

/// A sentence as training sees it: its feature slots (compacted to the slots
/// in use) with repeats, and its label as ±1.
struct Row {
    slots: Vec<u32>,
    label: f64,
    /// What each feature counts: 1/√(number of features), as in scoring.
    value: f64,
}

/// Trains on `examples` (which need both labels) with `settings`.
pub fn train(examples: &[Example], settings: &Settings) -> Training {
    let (rows, used) = encode(examples);
    let folds = settings.folds.max(2);
    let fold_of = deal(&rows, folds);

    let mut margins = vec![0.0; rows.len()];
    for fold in 0..folds {
        let training: Vec<&Row> = rows
            .iter()
            .zip(&fold_of)
            .filter(|&(_, &f)| f != fold)
            .map(|(row, _)| row)
            .collect();
        let weights = fit(&training, used.len(), settings.l2);
        for (i, row) in rows.iter().enumerate() {
            if fold_of[i] == fold {
                margins[i] = margin(&weights, row);
            }
        }
    }
    let labels: Vec<bool> = rows.iter().map(|r| r.label > 0.0).collect();
    let (a, b) = calibrate(&margins, &labels);
    let scores: Vec<f64> = margins.iter().map(|&z| sigmoid(a * z + b)).collect();

    let threshold = (1..100)
        .rev()
        .map(|t| f64::from(t) / 100.0)
        .find(|&t| measure(&scores, &labels, t).recall >= settings.recall)
        .unwrap_or(0.01);
    let per_fold = (0..folds)
        .map(|fold| {
            let (s, l): (Vec<f64>, Vec<bool>) = scores
                .iter()
                .zip(&labels)
                .zip(&fold_of)
                .filter(|&(_, &f)| f == fold)
                .map(|((&s, &l), _)| (s, l))
                .unzip();
            measure(&s, &l, threshold)
        })
        .collect();
    let curve = (1..20)
        .map(|t| measure(&scores, &labels, f64::from(t) / 20.0))
        .collect();

    let all: Vec<&Row> = rows.iter().collect();
    let weights = fit(&all, used.len(), settings.l2);
    let mut table = vec![0.0f32; 1 << BITS];
    for (&slot, &weight) in used.iter().zip(&weights) {
        table[slot as usize] = (a * weight) as f32;
    }
    let bias = (a * weights[used.len()] + b) as f32;
    let model = Model::new(&table, bias, threshold)
        .expect("a table of 1 << BITS weights and a threshold in 0..1");
    Training {
        model,
        folds: per_fold,
        pooled: measure(&scores, &labels, threshold),
        curve,
        calibration: (a, b),
        reliability: reliability(&scores, &labels),
    }
}

/// Every example's features, with slots renumbered to the slots in use
/// (returned in order: `used[k]` is the table slot of compact slot `k`).
fn encode(examples: &[Example]) -> (Vec<Row>, Vec<u32>) {
    let raw: Vec<Vec<u32>> = examples
        .iter()
        .map(|e| {
            let mut slots = Vec::new();
            features(&e.text, |slot, _| slots.push(slot as u32));
            slots
        })
        .collect();
    let mut used: Vec<u32> = raw.iter().flatten().copied().collect();
    used.sort_unstable();
    used.dedup();
    let rows = raw
        .into_iter()
        .zip(examples)
        .map(|(slots, e)| Row {
            slots: slots
                .iter()
                .map(|s| used.binary_search(s).expect("every slot is in `used`") as u32)
                .collect(),
            label: if e.checkworthy { 1.0 } else { -1.0 },
            value: scale(slots.len()),
        })
        .collect();
    (rows, used)
}

/// The fold of each row: claims and non-claims dealt round-robin apart.
fn deal(rows: &[Row], folds: usize) -> Vec<usize> {
    let (mut claims, mut others) = (0, 0);
    rows.iter()
        .map(|row| {
            let count = if row.label > 0.0 {
                &mut claims
            } else {
                &mut others
            };
            *count += 1;
            (*count - 1) % folds
        })
        .collect()
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// `ln(1 + e^x)` without overflow.
fn softplus(x: f64) -> f64 {
    if x > 30.0 { x } else { x.exp().ln_1p() }
}

/// The margin of `row` under `weights` (the last weight is the bias).
fn margin(weights: &[f64], row: &Row) -> f64 {
    let bias = weights[weights.len() - 1];
    bias + row.value * row.slots.iter().map(|&s| weights[s as usize]).sum::<f64>()
}

/// Fits logistic regression with L2 penalty `l2` (not on the bias) to
/// `rows`: `features` weights and a bias, last.
fn fit(rows: &[&Row], features: usize, l2: f64) -> Vec<f64> {
    let n = rows.len() as f64;
    let loss = |w: &[f64], gradient: &mut [f64]| {
        gradient.fill(0.0);
        let mut total = 0.0;
        for row in rows {
            let z = row.label * margin(w, row);
            total += softplus(-z);
            // d/dz of softplus(-z), times dz/dw = label.
            let slope = -row.label * sigmoid(-z) / n;
            for &s in &row.slots {
                gradient[s as usize] += slope * row.value;
            }
            gradient[features] += slope;
        }
        let mut penalty = 0.0;
        for (g, &w) in gradient[..features].iter_mut().zip(&w[..features]) {
            *g += l2 * w;
            penalty += w * w;
        }
        total / n + 0.5 * l2 * penalty
    };
    lbfgs(loss, vec![0.0; features + 1], 300)
}

/// Fits Platt's sigmoid to out-of-fold `margins`: `(a, b)` minimising the
/// log loss of `sigmoid(a·z + b)`.
fn calibrate(margins: &[f64], labels: &[bool]) -> (f64, f64) {
    let n = margins.len() as f64;
    let loss = |p: &[f64], gradient: &mut [f64]| {
        gradient.fill(0.0);
        let mut total = 0.0;
        for (&z, &label) in margins.iter().zip(labels) {
            let y = if label { 1.0 } else { -1.0 };
            let m = y * (p[0] * z + p[1]);
            total += softplus(-m);
            let slope = -y * sigmoid(-m) / n;
            gradient[0] += slope * z;
            gradient[1] += slope;
        }
        total / n
    };
    let p = lbfgs(loss, vec![1.0, 0.0], 100);
    (p[0], p[1])
}

/// Minimises `f` (which returns the value and fills the gradient) from `x`
/// by L-BFGS with the last 10 steps and a backtracking line search, for at
/// most `iterations` steps.
fn lbfgs(f: impl Fn(&[f64], &mut [f64]) -> f64, mut x: Vec<f64>, iterations: usize) -> Vec<f64> {
    const MEMORY: usize = 10;
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut gradient = vec![0.0; x.len()];
    let mut value = f(&x, &mut gradient);
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut next_gradient = vec![0.0; x.len()];
    for _ in 0..iterations {
        // The direction: the inverse Hessian estimate times -gradient.
        let mut direction: Vec<f64> = gradient.iter().map(|g| -g).collect();
        let mut alphas = Vec::with_capacity(history.len());
        for (s, y, rho) in history.iter().rev() {
            let alpha = rho * dot(s, &direction);
            for (d, yi) in direction.iter_mut().zip(y) {
                *d -= alpha * yi;
            }
            alphas.push(alpha);
        }
        let scale = match history.last() {
            Some((s, y, _)) => dot(s, y) / dot(y, y),
            None => 1.0 / dot(&gradient, &gradient).sqrt().max(1e-12),
        };
        direction.iter_mut().for_each(|d| *d *= scale);
        for ((s, y, rho), alpha) in history.iter().zip(alphas.iter().rev()) {
            let beta = rho * dot(y, &direction);
            for (d, si) in direction.iter_mut().zip(s) {
                *d += (alpha - beta) * si;
            }
        }
        let slope = dot(&gradient, &direction);
        if slope >= 0.0 {
            break;
        }
        // Backtracking until the Armijo condition holds.
        let mut step = 1.0;
        let mut candidate = x.clone();
        let next_value = loop {
            for ((c, xi), d) in candidate.iter_mut().zip(&x).zip(&direction) {
                *c = xi + step * d;
            }
            let v = f(&candidate, &mut next_gradient);
            if v <= value + 1e-4 * step * slope || step < 1e-10 {
                break v;
            }
            step *= 0.5;
        };
        let s: Vec<f64> = candidate.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = next_gradient
            .iter()
            .zip(&gradient)
            .map(|(a, b)| a - b)
            .collect();
        let sy = dot(&s, &y);
        let improvement = value - next_value;
        x = candidate;
        std::mem::swap(&mut gradient, &mut next_gradient);
        value = next_value;
        if sy > 1e-12 {
            if history.len() == MEMORY {
                history.remove(0);
            }
            history.push((s, y, 1.0 / sy));
        }
        if improvement.abs() <= 1e-10 * value.abs().max(1.0) {
            break;
        }
    }
    x
}

/// `scores` against `labels` in ten bins of the score.
fn reliability(scores: &[f64], labels: &[bool]) -> Vec<Bin> {
    (0..10)
        .map(|tenth| {
            let (from, to) = (f64::from(tenth) / 10.0, f64::from(tenth + 1) / 10.0);
            let inside: Vec<(f64, bool)> = scores
                .iter()
                .zip(labels)
                .filter(|&(&s, _)| from <= s && (s < to || tenth == 9))
                .map(|(&s, &l)| (s, l))
                .collect();
            let n = inside.len().max(1) as f64;
            Bin {
                from,
                to,
                sentences: inside.len(),
                mean_score: inside.iter().map(|(s, _)| s).sum::<f64>() / n,
                claims: inside.iter().filter(|(_, l)| *l).count() as f64 / n,
            }
        })
        .collect()
}

/// Precision and recall of `scores` against `labels` at `threshold`.
fn measure(scores: &[f64], labels: &[bool], threshold: f64) -> Measured {
    let (mut tp, mut fp, mut claims) = (0.0, 0.0, 0.0);
    for (&score, &label) in scores.iter().zip(labels) {
        if label {
            claims += 1.0;
        }
        if score >= threshold {
            if label {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
        }
    }
    let others = labels.len() as f64 - claims;
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
    let recall = ratio(tp, claims);
    let balanced_precision = ratio(tp, tp + fp * ratio(claims, others));
    Measured {
        threshold,
        recall,
        precision: ratio(tp, tp + fp),
        balanced_precision,
        balanced_f1: ratio(
            2.0 * balanced_precision * recall,
            balanced_precision + recall,
        ),
    }
}
