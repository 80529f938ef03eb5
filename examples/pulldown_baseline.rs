//! The floor for `factmark build`: pulldown-cmark alone parsing and
//! rendering every article of a corpus to HTML, on one thread, with the same
//! reads and writes.
//!
//! `cargo run --release --example pulldown_baseline -- DIR [OUT]` reads
//! `DIR/articles/*.md` (as `examples/corpus.rs` writes them) and writes one
//! `.html` per article to OUT (default: a temporary folder), then prints the
//! time and throughput. Compare with `factmark build` run inside DIR.

use std::path::PathBuf;
use std::time::Instant;

// The allocator the `factmark` binary uses, so both sides of the comparison
// allocate alike.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next().map(PathBuf::from) else {
        eprintln!("usage: pulldown_baseline DIR [OUT]");
        std::process::exit(2);
    };
    let temp = tempfile::tempdir().ok();
    let out = args
        .next()
        .map(PathBuf::from)
        .or_else(|| temp.as_ref().map(|t| t.path().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("pulldown-out"));
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("articles"))
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "md"));
    paths.sort();
    if std::fs::create_dir_all(&out).is_err() {
        eprintln!("cannot create {}", out.display());
        std::process::exit(2);
    }
    let start = Instant::now();
    let mut bytes = 0;
    for path in &paths {
        let Ok(markdown) = std::fs::read_to_string(path) else {
            continue;
        };
        bytes += markdown.len();
        let mut html = String::with_capacity(markdown.len() * 3 / 2);
        let parser = pulldown_cmark::Parser::new_ext(&markdown, factmark::markup::options());
        pulldown_cmark::html::push_html(&mut html, parser);
        let name = path
            .file_stem()
            .map(|s| s.to_os_string())
            .unwrap_or_default();
        let _ = std::fs::write(out.join(name).with_extension("html"), html);
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "{} articles, {:.2} MB of Markdown: {seconds:.3} s, {:.1} MB/s",
        paths.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / seconds
    );
}
