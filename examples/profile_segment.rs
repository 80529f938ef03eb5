//! Profiling aid: times the parts of segmentation on a Markdown file.
//! `cargo run --release --example profile_segment -- FILE.md [ROUNDS] [STAGE]`

use std::time::Instant;

// The allocator the `factmark` binary uses, so the measurements match it.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: profile_segment FILE.md [ROUNDS]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(20);
    // An optional stage name times only that stage (for callgrind runs).
    let only = args.next();
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    let article = factmark::markup::parse(&source);
    let mb = (source.len() * rounds) as f64 / 1e6;
    let time = |name: &str, f: &mut dyn FnMut() -> usize| {
        if only.as_deref().is_some_and(|o| o != name) {
            return;
        }
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
    time("pulldown parse", &mut || {
        pulldown_cmark::Parser::new_ext(&source, factmark::markup::options()).count()
    });
    time("pulldown parse+html", &mut || {
        let mut html = String::with_capacity(source.len() * 3 / 2);
        pulldown_cmark::html::push_html(
            &mut html,
            pulldown_cmark::Parser::new_ext(&source, factmark::markup::options()),
        );
        html.len()
    });
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
        let model = factmark::segment::worthy::Model::shipped();
        sentences
            .iter()
            .filter(|s| model.assess(s.folded()).score >= model.threshold())
            .count()
    });
    time("segment", &mut || {
        factmark::segment::segment(&article).len()
    });
    time("markup+segment", &mut || {
        factmark::segment::segment(&factmark::markup::parse(&source)).len()
    });
}
