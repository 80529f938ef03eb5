//! factmark: a fact-checking annotation engine.
//!
//! An article is kept as Markdown; editors keep a YAML file of annotations beside
//! it. factmark splits the article into sentences, binds every annotation to its
//! sentence, renders the reviewed article as a self-contained HTML page and
//! measures annotation coverage for CI.
//!
//! The crate is a one-way pipeline of small modules, each a pure function of the
//! previous stage's output:
//!
//! | stage | input | output |
//! | --- | --- | --- |
//! | [`markup`] | Markdown source | [`markup::Article`]: text blocks + source map |
//! | [`segment`] | [`markup::Article`] | [`segment::Sentence`]s with ids, positions, check-worthiness scores |
//! | [`store`] | YAML source | [`store::AnnotationSet`], every value with its YAML span |
//! | [`anchor`] | sentences + annotations | [`anchor::Review`]: bindings and findings |
//! | [`render`] | [`anchor::Review`] | the HTML page, its fragment, and the site: index, feed, claims |
//! | [`coverage`] | [`anchor::Review`] | [`coverage::Coverage`]: numbers and findings for CI |
//!
//! Around the pipeline: [`fold`] (text folding and fingerprints shared by
//! segmenting and anchoring), [`dates`] (finding and restyling dates in prose),
//! [`diagnostic`] (findings as data, with stable codes), [`report`] (turning
//! findings into human, JSON or GitHub output; the library never prints) and
//! [`config`] (a project's `factmark.yaml`: its verdict vocabulary and the
//! gate's policy) and [`project`] (the file-system edge: loading an annotation
//! file together with its article, and writing outputs atomically).
//! Beside it, [`corpus`] generates news-like articles with annotation files,
//! deterministically from a seed, for benches and tests.
//!
//! ```
//! let article = factmark::markup::parse("Mr. Smith left. He came back at 5 p.m. today.");
//! let sentences = factmark::segment::segment(&article);
//! assert_eq!(sentences.len(), 2);
//! assert_eq!(sentences[1].text, "He came back at 5 p.m. today.");
//! ```
#![warn(missing_docs)]
// A `Diagnostic` is the error of the few functions at the file-system edge;
// they run once per file, so its size does not matter and boxing only adds noise.
#![allow(clippy::result_large_err)]

pub mod anchor;
pub mod config;
pub mod corpus;
pub mod coverage;
pub mod dates;
pub mod diagnostic;
pub mod fold;
pub mod markup;
pub mod project;
pub mod render;
pub mod report;
pub mod segment;
pub mod store;

pub use diagnostic::{Diagnostic, Severity};
