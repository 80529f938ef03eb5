//! Profiling aid: where `factmark build` spends its time, stage by stage, on
//! one thread, over every annotation file of a corpus.
//!
//! `cargo run --release --example profile_build -- DIR` reads
//! `DIR/annotations/*.yaml` (as `examples/corpus.rs` writes them), runs each
//! stage of the pipeline on each file, and prints the time per stage. Pages
//! are rendered but not written.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use factmark::{anchor, coverage, markup, project, render, segment, store};

// The allocator the `factmark` binary uses, so the measurements match it.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let Some(dir) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: profile_build DIR");
        std::process::exit(2);
    };
    let Ok(files) = project::annotation_files(&[dir.join("annotations")]) else {
        eprintln!("no annotation files under {}", dir.display());
        std::process::exit(2);
    };
    let mut times = [Duration::ZERO; 8];
    let names = [
        "read", "store", "markup", "segment", "anchor", "coverage", "render", "pulldown",
    ];
    let (mut md_bytes, mut yaml_bytes) = (0, 0);
    let mut clock = Instant::now();
    let mut lap = |times: &mut [Duration; 8], stage: usize| {
        let now = Instant::now();
        times[stage] += now - clock;
        clock = now;
    };
    for file in &files {
        lap(&mut times, 7);
        let Ok(yaml) = std::fs::read_to_string(file) else {
            continue;
        };
        lap(&mut times, 0);
        let (Some(set), _) = store::parse(&yaml, Path::new(file)) else {
            continue;
        };
        lap(&mut times, 1);
        let Ok(markdown) = std::fs::read_to_string(&set.article.value) else {
            continue;
        };
        yaml_bytes += yaml.len();
        md_bytes += markdown.len();
        lap(&mut times, 0);
        let article = markup::parse(&markdown);
        lap(&mut times, 2);
        let sentences = segment::segment(&article);
        lap(&mut times, 3);
        let review = anchor::anchor(article, sentences, set);
        lap(&mut times, 4);
        let coverage = coverage::measure(&review);
        lap(&mut times, 5);
        let page = render::page(&review, &coverage, &Default::default());
        std::hint::black_box(page);
        lap(&mut times, 6);
        let mut html = String::with_capacity(markdown.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&markdown, markup::options()),
        );
        std::hint::black_box(html);
        lap(&mut times, 7);
    }
    println!(
        "{} files, {:.2} MB of Markdown, {:.2} MB of YAML",
        files.len(),
        md_bytes as f64 / 1e6,
        yaml_bytes as f64 / 1e6
    );
    let total: Duration = times[..7].iter().sum();
    for (name, time) in names.iter().zip(times) {
        println!(
            "{name:>9}: {:7.1} ms ({:4.1}% of the pipeline)",
            time.as_secs_f64() * 1e3,
            100.0 * time.as_secs_f64() / total.as_secs_f64()
        );
    }
    println!(
        "pipeline: {:7.1} ms = {:.1}× pulldown-cmark parse + render",
        total.as_secs_f64() * 1e3,
        total.as_secs_f64() / times[7].as_secs_f64()
    );
}
