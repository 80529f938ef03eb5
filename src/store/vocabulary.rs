//! The verdict vocabulary: the contract's eight verdicts, or a project's own
//! (see [`crate::config`]).

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use serde::{Serialize, Serializer};

/// What a verdict requires of an annotation besides its quote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Requirements {
    /// A non-empty `note`.
    pub note: bool,
    /// At least one source.
    pub source: bool,
    /// `claimed` and `corrected` dates: the verdict corrects a date, and
    /// only such verdicts may carry them.
    pub dates: bool,
}

/// A verdict's colour on the page, as `#rgb` or `#rrggbb`, for the light
/// and the dark colour scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Colour {
    /// On a light background.
    pub light: String,
    /// On a dark background.
    pub dark: String,
}

/// Everything a vocabulary says about one verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerdictInfo {
    /// The name used in YAML and in CSS classes: `partly-supported`.
    pub name: String,
    /// The label readers see: "Partly supported".
    pub label: String,
    /// What it means, for editors.
    pub description: String,
    /// A symbol that repeats the verdict for sighted readers; the verdict is
    /// always written in words beside it.
    pub symbol: String,
    /// Its colour; `None` keeps the stylesheet's own.
    pub colour: Option<Colour>,
    /// Its rating on ClaimReview's 1 (false) to 5 (true) scale; `None` for
    /// verdicts that rate nothing.
    pub rating: Option<u8>,
    /// What it requires besides the quote.
    pub requires: Requirements,
}

/// A verdict of the vocabulary in use. Cheap to clone; two verdicts are
/// equal when their names are.
#[derive(Clone)]
pub struct Verdict(Arc<VerdictInfo>);

impl Verdict {
    /// A verdict described by `info`.
    pub fn new(info: VerdictInfo) -> Verdict {
        Verdict(Arc::new(info))
    }

    /// The verdict of the contract's default vocabulary called `name`.
    pub fn standard(name: &str) -> Option<Verdict> {
        Vocabulary::standard().get(name).cloned()
    }

    /// Everything the vocabulary says about it.
    pub fn info(&self) -> &VerdictInfo {
        &self.0
    }

    /// The name used in YAML and in CSS classes: `partly-supported`.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// The label readers see: "Partly supported".
    pub fn label(&self) -> &str {
        &self.0.label
    }

    /// The symbol shown beside the label.
    pub fn symbol(&self) -> &str {
        &self.0.symbol
    }

    /// The verdict on ClaimReview's 1 (false) to 5 (true) scale; `None` for
    /// verdicts that rate nothing (`unverified`, `opinion`).
    pub fn rating(&self) -> Option<u8> {
        self.0.rating
    }

    /// Whether the verdict needs a note.
    pub fn requires_note(&self) -> bool {
        self.0.requires.note
    }

    /// Whether the verdict needs at least one source.
    pub fn requires_source(&self) -> bool {
        self.0.requires.source
    }

    /// Whether the verdict corrects a date (`misdated`): it needs `claimed`
    /// and `corrected`, and only such verdicts may have them.
    pub fn corrects_dates(&self) -> bool {
        self.0.requires.dates
    }
}

impl PartialEq for Verdict {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for Verdict {}

impl Hash for Verdict {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.name().hash(state);
    }
}

impl fmt::Debug for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Verdict({})", self.name())
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Verdict {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// The verdicts editors may use, in the order pages list them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    verdicts: Vec<Verdict>,
}

/// One row of the contract's table: name, label, meaning, symbol, rating,
/// and what it requires.
type StandardRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<u8>,
    Requirements,
);

/// The contract's table.
const STANDARD: [StandardRow; 8] = [
    (
        "supported",
        "Supported",
        "the evidence supports the claim",
        "✓",
        Some(5),
        needs(false, true, false),
    ),
    (
        "partly-supported",
        "Partly supported",
        "part holds, part is wrong or overstated",
        "◐",
        Some(3),
        needs(true, true, false),
    ),
    (
        "disputed",
        "Disputed",
        "credible sources disagree",
        "⇄",
        Some(3),
        needs(true, true, false),
    ),
    (
        "misdated",
        "Misdated",
        "the event is real, its date is wrong",
        "↻",
        Some(2),
        needs(false, true, true),
    ),
    (
        "false",
        "False",
        "the evidence contradicts the claim",
        "✗",
        Some(1),
        needs(true, true, false),
    ),
    (
        "misleading",
        "Misleading",
        "accurate in letter, misleading in effect",
        "⚠",
        Some(2),
        needs(true, true, false),
    ),
    (
        "unverified",
        "Unverified",
        "no public evidence either way",
        "?",
        None,
        needs(true, false, false),
    ),
    (
        "opinion",
        "Opinion",
        "a value judgement, not checkable",
        "❝",
        None,
        needs(false, false, false),
    ),
];

const fn needs(note: bool, source: bool, dates: bool) -> Requirements {
    Requirements {
        note,
        source,
        dates,
    }
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary::standard()
    }
}

impl Vocabulary {
    /// The contract's eight verdicts.
    pub fn standard() -> Vocabulary {
        let verdicts = STANDARD
            .iter()
            .map(|&(name, label, description, symbol, rating, requires)| {
                Verdict::new(VerdictInfo {
                    name: name.to_owned(),
                    label: label.to_owned(),
                    description: description.to_owned(),
                    symbol: symbol.to_owned(),
                    colour: None,
                    rating,
                    requires,
                })
            })
            .collect();
        Vocabulary { verdicts }
    }

    /// A vocabulary of exactly `verdicts`, in that order.
    pub fn new(verdicts: Vec<Verdict>) -> Vocabulary {
        Vocabulary { verdicts }
    }

    /// Whether `name` is one of the contract's eight verdicts, whose colours
    /// the stylesheet already has.
    pub fn is_standard_name(name: &str) -> bool {
        STANDARD.iter().any(|s| s.0 == name)
    }

    /// The verdict called `name`.
    pub fn get(&self, name: &str) -> Option<&Verdict> {
        self.verdicts.iter().find(|v| v.name() == name)
    }

    /// Every verdict, in order.
    pub fn iter(&self) -> impl Iterator<Item = &Verdict> {
        self.verdicts.iter()
    }

    /// The names, in order, joined by ", ".
    pub fn names(&self) -> String {
        let names: Vec<&str> = self.verdicts.iter().map(Verdict::name).collect();
        names.join(", ")
    }

    /// The verdict whose name is closest to `name`, for suggestions.
    pub fn nearest(&self, name: &str) -> Option<&Verdict> {
        self.verdicts
            .iter()
            .map(|v| (strsim::jaro_winkler(v.name(), name), v))
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, v)| v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_vocabulary_is_the_contracts_table() {
        let v = Vocabulary::standard();
        assert_eq!(
            v.names(),
            "supported, partly-supported, disputed, misdated, false, misleading, unverified, opinion"
        );
        let misdated = v.get("misdated").cloned();
        assert!(misdated.as_ref().is_some_and(Verdict::corrects_dates));
        assert_eq!(misdated.as_ref().and_then(Verdict::rating), Some(2));
        assert!(
            v.get("unverified")
                .is_some_and(|u| u.requires_note() && !u.requires_source())
        );
        assert!(v.get("opinion").is_some_and(|o| o.rating().is_none()));
        assert_eq!(v.nearest("suported").map(Verdict::name), Some("supported"));
        assert_eq!(Verdict::standard("false"), v.get("false").cloned());
    }
}
