//! Profiling aid: times the parts of segmentation on a Markdown file.
//! `cargo run --release --example profile_segment -- FILE.md [ROUNDS]`

use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: profile_segment FILE.md [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let article = factmark::markup::parse(&source);
    let mb = (source.len() * rounds) as f64 / 1e6;
    let time = |name: &str, f: &mut dyn FnMut() -> usize| {
        let start = Instant::now();
        let mut n = 0;
        for _ in 0..rounds {
            n += f();
        }
        println!(
            "{name:>16}: {:8.1} MB/s ({n})",
            mb / start.elapsed().as_secs_f64()
        );
    };
    time("markup", &mut || {
        factmark::markup::parse(&source).blocks.len()
    });
    time("split", &mut || {
        article
            .blocks
            .iter()
            .map(|b| factmark::segment::split(&b.text).len())
            .sum()
    });
    let sentences = factmark::segment::segment(&article);
    time("squash", &mut || {
        sentences
            .iter()
            .map(|s| factmark::fold::squash_space(&s.text).len())
            .sum()
    });
    time("checkworthiness", &mut || {
        sentences
            .iter()
            .map(|s| usize::from(factmark::segment::checkworthiness(&s.folded).0))
            .sum()
    });
    time("segment", &mut || {
        factmark::segment::segment(&article).len()
    });
}
