//! Check-worthiness: how likely a sentence states a claim worth checking.
//!
//! A linear model scores each sentence: the [`features`] of the sentence
//! (hashed words and word pairs, named cues, shape) each add their weight,
//! and a sigmoid turns the sum into a calibrated probability, the
//! [`Assessment::score`]. A sentence is check-worthy when its score reaches
//! the threshold (by default [`Model::threshold`], chosen in training so that
//! cross-validated recall stays at or above 0.90).
//!
//! The model is trained by [`train`] on the ClaimBuster data (Arslan et al.,
//! ICWSM 2020), by `cargo run --release --example train_checkworthy`, and
//! ships in the binary: `models/checkworthy.model`, read once.
//!
//! Scoring is a sparse dot product: no allocation, one pass over the words
//! and one sweep of the bytes for signs (`$`, `%`, quote marks).

mod features;
pub mod train;

use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use serde::ser::{Serialize, SerializeSeq, Serializer};

pub(super) use features::is_calendar_word;
pub use features::{BITS, Cue, Cues, Origin, features, is_question};

/// The shipped model's bytes.
const SHIPPED_BYTES: &[u8] = include_bytes!("../../../models/checkworthy.model");

// A model file of the wrong size or format fails the build, not a run.
const _: () = assert!(SHIPPED_BYTES.len() == HEADER_LEN + 2 * (1 << BITS));
const _: () = assert!(
    SHIPPED_BYTES[0] == MAGIC[0] && SHIPPED_BYTES[3] == MAGIC[3] && SHIPPED_BYTES[7] == MAGIC[7]
);

static SHIPPED: LazyLock<Model> = LazyLock::new(|| {
    // The bytes are part of the build, and a test loads them: a failure
    // here is a broken build, not bad input.
    Model::from_bytes(SHIPPED_BYTES).expect("the shipped model is well formed")
});

/// A trained check-worthiness model: a weight per feature slot, a bias and
/// the default threshold.
///
/// Weights are kept as 16-bit integers times one `scale`: half the size of
/// `f32`, so that the table (128 KB) stays in cache while a build does much
/// else between sentences, and a precision of a thirty-thousandth of the
/// largest weight changes no score.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    bias: f32,
    scale: f32,
    threshold: f64,
    /// A table of fixed size, so that a slot (`BITS` bits) indexes it
    /// without a bounds check.
    weights: Box<[i16; 1 << BITS]>,
}

/// What the model file starts with: a name and a format version.
const MAGIC: &[u8; 8] = b"FMCW\x00\x00\x00\x02";

/// The bytes before the weights: magic, table size, threshold, bias, scale.
const HEADER_LEN: usize = 8 + 4 + 8 + 4 + 4;

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a factmark check-worthiness model (format {MAGIC:?}, {BITS}-bit table): {0}")]
pub struct FormatError(&'static str);

impl Model {
    /// The model that ships with factmark.
    pub fn shipped() -> &'static Model {
        &SHIPPED
    }

    /// A model from `weights` (one per slot of a `1 << BITS` table), `bias`
    /// and the default `threshold`.
    pub fn new(weights: &[f32], bias: f32, threshold: f64) -> Result<Model, FormatError> {
        if weights.len() != 1 << BITS {
            return Err(FormatError("wrong number of weights"));
        }
        if !(0.0..=1.0).contains(&threshold) {
            return Err(FormatError("threshold outside 0..1"));
        }
        let largest = weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest / f32::from(i16::MAX)
        } else {
            1.0
        };
        let weights = table(weights.iter().map(|w| (w / scale).round() as i16));
        Ok(Model {
            bias,
            scale,
            threshold,
            weights,
        })
    }

    /// Reads a model file: the magic bytes, `BITS` as a little-endian u32,
    /// the threshold (f64), the bias and the scale (f32) and the weights
    /// (i16), all little-endian.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, FormatError> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(FormatError("wrong magic bytes"))?;
        let (bits, rest) = rest
            .split_first_chunk::<4>()
            .ok_or(FormatError("too short"))?;
        if u32::from_le_bytes(*bits) != BITS {
            return Err(FormatError("wrong table size"));
        }
        let (threshold, rest) = rest
            .split_first_chunk::<8>()
            .ok_or(FormatError("too short"))?;
        let (bias, rest) = rest
            .split_first_chunk::<4>()
            .ok_or(FormatError("too short"))?;
        let (scale, rest) = rest
            .split_first_chunk::<4>()
            .ok_or(FormatError("too short"))?;
        let (weights, tail) = rest.as_chunks::<2>();
        if !tail.is_empty() || weights.len() != 1 << BITS {
            return Err(FormatError("wrong number of weights"));
        }
        let threshold = f64::from_le_bytes(*threshold);
        if !(0.0..=1.0).contains(&threshold) {
            return Err(FormatError("threshold outside 0..1"));
        }
        let (bias, scale) = (f32::from_le_bytes(*bias), f32::from_le_bytes(*scale));
        if !bias.is_finite() || !scale.is_finite() {
            return Err(FormatError("a bias or scale that is not a number"));
        }
        Ok(Model {
            bias,
            scale,
            threshold,
            weights: table(weights.iter().map(|w| i16::from_le_bytes(*w))),
        })
    }

    /// The model file's bytes, as [`Model::from_bytes`] reads them.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(HEADER_LEN + 2 * self.weights.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&BITS.to_le_bytes());
        bytes.extend_from_slice(&self.threshold.to_le_bytes());
        bytes.extend_from_slice(&self.bias.to_le_bytes());
        bytes.extend_from_slice(&self.scale.to_le_bytes());
        for weight in self.weights.iter() {
            bytes.extend_from_slice(&weight.to_le_bytes());
        }
        bytes
    }

    /// The default threshold: scores at or above it are check-worthy.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Scores folded sentence `text` and notes its cues.
    pub fn assess(&self, text: &str) -> Assessment {
        // Integers add without rounding, so the order of features does not
        // matter, and without the latency of a float add.
        let mut sum = 0i32;
        let mut count = 0;
        let cues = features(text, |slot, _| {
            sum += i32::from(self.weights[slot]);
            count += 1;
        });
        let margin = f64::from(self.bias) + f64::from(sum) * f64::from(self.scale) * scale(count);
        let probability = 1.0 / (1.0 + (-margin).exp());
        Assessment {
            // Rounded as reported, so that the score an editor reads and the
            // threshold they set compare as written.
            score: (probability * 1000.0).round() / 1000.0,
            cues,
        }
    }

    /// The words of folded sentence `text` whose weights raised its score
    /// most. Found again when asked for, not while scoring: most sentences'
    /// reasons are never shown.
    pub fn explain(&self, text: &str) -> TopWords {
        let mut top = TopWords::default();
        features(text, |slot, origin| {
            if let Origin::Words(range) = origin {
                top.offer(f32::from(self.weights[slot]), range, text);
            }
        });
        top
    }
}

/// The weight table of `weights`, which are `1 << BITS` (checked before).
fn table(weights: impl Iterator<Item = i16>) -> Box<[i16; 1 << BITS]> {
    let weights: Box<[i16]> = weights.collect();
    weights.try_into().expect("1 << BITS weights")
}

/// What each feature of a sentence with `count` features counts: 1/√count,
/// so that a long sentence's many words do not outvote a short one's few.
fn scale(count: usize) -> f64 {
    1.0 / (count.max(1) as f64).sqrt()
}

/// A sentence's score and what explains it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Assessment {
    /// How likely the sentence states a claim worth checking, 0 to 1, to
    /// three decimals.
    pub score: f64,
    /// The named cues the sentence has.
    pub cues: Cues,
}

/// The (up to) three words or word pairs whose weights raised a score most,
/// as byte ranges of the sentence's folded text, strongest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TopWords {
    found: [(f32, u32, u32); 3],
    len: u8,
}

impl TopWords {
    /// Considers the word(s) at `range` of `text` with `weight`. Only
    /// weights that raise the score count; of overlapping ranges ("Airlines"
    /// and "Azerbaijan Airlines") the stronger one stays; a short word alone
    /// ("the", "in", "were") explains nothing to a reader and is left out.
    fn offer(&mut self, weight: f32, range: Range<usize>, text: &str) {
        if weight <= 0.0 || (self.len == 3 && weight <= self.found[2].0) {
            return;
        }
        let words = &text.as_bytes()[range.clone()];
        let short =
            words.len() < 4 || (words.len() == 4 && words.iter().all(u8::is_ascii_lowercase));
        if short && words.iter().all(u8::is_ascii_alphabetic) {
            return;
        }
        // Large enough for any sentence; a range beyond it is left out.
        let (Ok(start), Ok(end)) = (u32::try_from(range.start), u32::try_from(range.end)) else {
            return;
        };
        let len = usize::from(self.len);
        let overlaps = |f: &(f32, u32, u32)| f.1 < end && start < f.2;
        if self.found[..len]
            .iter()
            .any(|f| overlaps(f) && f.0 >= weight)
        {
            return;
        }
        let mut kept = [(weight, start, end); 4];
        let mut count = 1;
        for f in self.found[..len].iter().filter(|f| !overlaps(f)) {
            kept[count] = *f;
            count += 1;
        }
        kept[..count].sort_by(|a, b| b.0.total_cmp(&a.0));
        let count = count.min(3);
        self.found[..count].copy_from_slice(&kept[..count]);
        self.len = count as u8;
    }

    /// The byte ranges, strongest first.
    pub fn ranges(&self) -> impl Iterator<Item = Range<usize>> + '_ {
        self.found[..usize::from(self.len)]
            .iter()
            .map(|&(_, start, end)| start as usize..end as usize)
    }
}

/// Why a sentence is (or is not) check-worthy, as an editor reads it: the
/// named cues, then the words that weighed most in quotes; or why it is no
/// claim whatever its words (`question`, `link-only`, `byline`, `label`,
/// `timestamp`).
#[derive(Debug, Clone, Copy)]
pub struct Reasons<'a> {
    /// The sentence's folded text.
    pub text: &'a str,
    /// Its cues.
    pub cues: Cues,
    /// Set when the sentence is no claim whatever its words.
    pub not_a_claim: Option<&'static str>,
}

impl Reasons<'_> {
    /// The reasons as words: cue names, then quoted words.
    pub fn iter(&self) -> impl Iterator<Item = String> + '_ {
        if let Some(why) = self.not_a_claim {
            return vec![why.to_string()].into_iter();
        }
        let mut all: Vec<String> = self.cues.iter().map(|c| c.name().to_string()).collect();
        for range in Model::shipped().explain(self.text).ranges() {
            if let Some(words) = self.text.get(range) {
                all.push(format!("“{words}”"));
            }
        }
        all.into_iter()
    }
}

/// The reasons joined by ", ", as warnings show them.
impl fmt::Display for Reasons<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, reason) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            f.write_str(&reason)?;
        }
        Ok(())
    }
}

/// A list of strings.
impl Serialize for Reasons<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        for reason in self.iter() {
            seq.serialize_element(&reason)?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_round_trips() {
        let bytes = Model::shipped().to_bytes();
        assert_eq!(bytes, SHIPPED_BYTES);
        assert_eq!(&Model::from_bytes(&bytes).unwrap(), Model::shipped());
        assert!(bytes.len() <= 2 * 1024 * 1024);
    }

    #[test]
    fn broken_model_files_are_refused() {
        let bytes = Model::shipped().to_bytes();
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        assert!(Model::from_bytes(&bytes[1..]).is_err());
        assert!(Model::from_bytes(&bytes[..20]).is_err());
        let mut not_a_number = bytes.clone();
        not_a_number[20..24].copy_from_slice(&f32::NAN.to_le_bytes());
        assert!(Model::from_bytes(&not_a_number).is_err());
    }

    #[test]
    fn top_words_keep_the_three_strongest_apart() {
        let text = "Aaaa Bbbb Cccc Dddd Eeee Ffff Gggg Hhhh Iiii were";
        let mut top = TopWords::default();
        for (weight, at) in [
            (0.5, 0),
            (-1.0, 10),
            (0.9, 20),
            (0.1, 30),
            (0.7, 40),
            (0.9, 20),
        ] {
            top.offer(weight, at..at + 4, text);
        }
        // A short word alone explains nothing, however strong.
        top.offer(5.0, 45..49, text);
        assert_eq!(top.ranges().collect::<Vec<_>>(), [20..24, 40..44, 0..4]);
        // A pair over one of them takes its place when stronger, not when weaker.
        top.offer(1.0, 20..29, text);
        assert_eq!(top.ranges().collect::<Vec<_>>(), [20..29, 40..44, 0..4]);
        top.offer(0.2, 0..9, text);
        assert_eq!(top.ranges().collect::<Vec<_>>(), [20..29, 40..44, 0..4]);
    }
}
