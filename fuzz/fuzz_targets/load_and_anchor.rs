//! Loading and anchoring, as `factmark check`, `build` and `accept` run them,
//! on an article, an annotation file and optionally a project configuration
//! taken from one fuzz input: see `fuzz/pipeline.rs` for how the input is
//! split and what runs.
//!
//! Findings are the expected outcome of bad input; only a panic, a hang or
//! runaway memory is a bug, and one more: the store's fast reader of plain
//! block YAML must read the annotation file exactly as serde-saphyr does, or
//! leave it to serde-saphyr (`store::readers_agree`).
#![no_main]

#[path = "../pipeline.rs"]
mod pipeline;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    pipeline::run_input(data);
    let (_, yaml, _) = pipeline::parts(data);
    assert!(
        factmark::store::readers_agree(&yaml),
        "the fast YAML reader and serde-saphyr disagree"
    );
});
