//! The annotation file's shape, every value with its place: what both YAML
//! readers produce (serde-saphyr for any YAML, [`super::fast`] for plain
//! block YAML), and what the checks of [`super::raw`] read.

use super::{Span, Spanned};

/// A scalar value as text, and where it was written.
pub(crate) type Scalar = Spanned<String>;

/// The whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocFile {
    pub article: Scalar,
    pub title: Option<Scalar>,
    pub author: Option<Scalar>,
    pub url: Option<Scalar>,
    pub published: Option<Scalar>,
    pub reviewed: Scalar,
    pub reviewers: Vec<Scalar>,
    pub annotations: Vec<DocAnnotation>,
    pub ignore: Vec<DocIgnore>,
}

/// One entry of `annotations`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocAnnotation {
    /// From the entry's first key to the end of that line.
    pub span: Span,
    pub quote: Scalar,
    pub sentence: Option<Scalar>,
    pub verdict: Scalar,
    pub claimed: Option<Scalar>,
    pub corrected: Option<Scalar>,
    pub note: Option<Scalar>,
    pub correction: Option<Scalar>,
    pub sources: Vec<DocSource>,
}

/// One entry of `ignore`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocIgnore {
    /// From the entry's first key to the end of that line.
    pub span: Span,
    pub quote: Scalar,
    pub sentence: Option<Scalar>,
    pub reason: Option<Scalar>,
}

/// One entry of an annotation's `sources`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DocSource {
    /// From the entry's first key to the end of that line.
    pub span: Span,
    pub url: Scalar,
    pub title: Option<Scalar>,
    pub publisher: Option<Scalar>,
    pub date: Option<Scalar>,
}
