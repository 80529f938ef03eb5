//! Criterion benchmarks of every pipeline stage on one generated article of
//! about 1 MB, plus pulldown-cmark alone (parse + HTML) on the same Markdown,
//! so the contract's target ("the whole pipeline within 2× the time that
//! pulldown-cmark alone needs") can be read off one run.
//!
//! ```text
//! cargo bench --bench pipeline            # all groups, under three minutes
//! cargo bench --bench pipeline -- render  # one group (setup still anchors once)
//! FACTMARK_BENCH_BYTES=200000 cargo bench --bench pipeline   # another size
//! ```
//!
//! Throughput is in bytes of Markdown for every group except `store`, which
//! reads the YAML. The article and its annotations come from
//! [`factmark::corpus`], deterministic from a fixed seed, so every run
//! measures the same input. The `anchor` group also runs on the first
//! quarter of the article (the same seed, cut short): equal throughputs
//! mean anchoring is linear in size, a lower one for `full` means it is not.
//! `segment` also runs on 10 MB of generated news (`segment-10MB`), and
//! its splitter alone (`split`); `markup+segment` reads against
//! `pulldown_cmark` on the same Markdown, whose parse alone (`parse`) is the
//! part `markup` cannot go below.
//! Every group takes ten flat samples: enough to compare stages.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use factmark::anchor::{self, AnchorState, Review};
use factmark::corpus::{GeneratedArticle, article_of_size};
use factmark::render::PageOptions;
use factmark::{coverage, markup, render, segment, store};

// The allocator the `factmark` binary uses, so the measurements match it.
#[cfg(all(feature = "jemalloc", not(target_env = "msvc")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

// ---------------------------------------------------------------------------
// The benchmarks
// ---------------------------------------------------------------------------

const YAML_PATH: &str = "annotations/bench.yaml";
const SEED: u64 = 0x5EED_FAC7;

/// Segmentation is also measured on this much Markdown.
const SEGMENT_BYTES: usize = 10_000_000;

fn target_bytes() -> usize {
    std::env::var("FACTMARK_BENCH_BYTES")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(1_000_000)
}

fn review_of(corpus: &GeneratedArticle) -> Review {
    let article = markup::parse(&corpus.markdown);
    let sentences = segment::segment(&article);
    let (set, _) = store::parse(&corpus.yaml, Path::new(YAML_PATH));
    let set = set.expect("the generated YAML parses");
    anchor::anchor(article, sentences, set)
}

/// A group with few, flat samples: one iteration of a 1 MB stage takes
/// milliseconds to seconds, and ten samples are plenty to compare stages.
fn configure<'c>(
    c: &'c mut Criterion,
    name: &str,
    throughput: Throughput,
) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .throughput(throughput);
    group
}

fn pipeline(c: &mut Criterion) {
    let corpus = article_of_size(SEED, target_bytes());
    let md = corpus.markdown.as_str();
    let md_bytes = Throughput::Bytes(md.len() as u64);

    // Check the input once, so a generator or pipeline change that leaves
    // the benchmark measuring something else does not go unnoticed.
    let (set, store_findings) = store::parse(&corpus.yaml, Path::new(YAML_PATH));
    let set = set.expect("the generated YAML parses");
    assert!(
        store_findings.is_empty(),
        "generated YAML has findings: {:?}",
        &store_findings[..store_findings.len().min(3)]
    );
    let review = review_of(&corpus);
    let anchored = review
        .states
        .iter()
        .filter(|s| **s == AnchorState::Anchored)
        .count();
    let cov = coverage::measure(&review);
    eprintln!(
        "corpus: {} bytes of Markdown, {} bytes of YAML; {} sentences generated, {} segmented ({} check-worthy); {} annotations, {} anchored, {} findings; coverage {:.1}%",
        md.len(),
        corpus.yaml.len(),
        corpus.sentences,
        review.sentences.len(),
        cov.checkworthy,
        corpus.annotations,
        anchored,
        review.findings.len(),
        cov.coverage
    );
    assert_eq!(set.annotations.len(), corpus.annotations);
    assert!(
        anchored * 100 >= corpus.annotations * 95,
        "only {anchored} of {} annotations anchor: {:?}",
        corpus.annotations,
        &review.findings[..review.findings.len().min(3)]
    );

    let mut group = configure(c, "pulldown_cmark", md_bytes.clone());
    group.bench_function("parse+html", |b| {
        b.iter(|| {
            let parser = pulldown_cmark::Parser::new_ext(black_box(md), markup::options());
            let mut html = String::with_capacity(md.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, parser);
            html
        })
    });
    // The parse alone: the part of the floor that `markup`, which runs the
    // same parser, cannot go below.
    group.bench_function("parse", |b| {
        b.iter(|| pulldown_cmark::Parser::new_ext(black_box(md), markup::options()).count())
    });
    group.finish();

    let mut group = configure(c, "markup", md_bytes.clone());
    group.bench_function("parse", |b| b.iter(|| markup::parse(black_box(md))));
    group.finish();

    let mut group = configure(c, "markup+segment", md_bytes.clone());
    group.bench_function("parse+segment", |b| {
        b.iter(|| segment::segment(&markup::parse(black_box(md))))
    });
    group.finish();

    let article = markup::parse(md);
    let mut group = configure(c, "segment", md_bytes.clone());
    group.bench_function("segment", |b| {
        b.iter(|| segment::segment(black_box(&article)))
    });
    // The splitter alone, which is what other sentence splitters measure:
    // `segment` also folds white space, fingerprints, places each sentence
    // in the source and judges its check-worthiness.
    group.bench_function("split", |b| {
        b.iter(|| {
            black_box(&article)
                .blocks
                .iter()
                .map(|block| segment::split(&block.text).len())
                .sum::<usize>()
        })
    });
    // The check-worthiness model alone, on every sentence: a sparse dot
    // product per sentence.
    let sentences = segment::segment(&article);
    let model = segment::worthy::Model::shipped();
    group.bench_function("score", |b| {
        b.iter(|| {
            black_box(&sentences)
                .iter()
                .map(|s| model.assess(s.folded()).score)
                .sum::<f64>()
        })
    });
    drop(sentences);
    // The contract's size for segmentation: at least 10 MB of news.
    let news = article_of_size(SEED ^ 1, SEGMENT_BYTES).markdown;
    let news_article = markup::parse(&news);
    group.throughput(Throughput::Bytes(news.len() as u64));
    group.bench_function("segment-10MB", |b| {
        b.iter(|| segment::segment(black_box(&news_article)))
    });
    group.finish();
    drop(news_article);

    let mut group = configure(c, "store", Throughput::Bytes(corpus.yaml.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| store::parse(black_box(&corpus.yaml), Path::new(YAML_PATH)))
    });
    group.finish();

    // Anchoring on a quarter of the article too: the ratio of the two
    // throughputs shows how the cost grows with size (equal if linear).
    let quarter = article_of_size(SEED, target_bytes() / 4);
    let mut group = configure(c, "anchor", md_bytes.clone());
    for (label, input) in [("quarter", &quarter), ("full", &corpus)] {
        let article = markup::parse(&input.markdown);
        let sentences = segment::segment(&article);
        let (set, _) = store::parse(&input.yaml, Path::new(YAML_PATH));
        let set = set.expect("the generated YAML parses");
        group.throughput(Throughput::Bytes(input.markdown.len() as u64));
        group.bench_function(label, |b| {
            b.iter_batched(
                || (article.clone(), sentences.clone(), set.clone()),
                |(article, sentences, set)| anchor::anchor(article, sentences, set),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();

    let options = PageOptions {
        page_url: "bench.html".to_owned(),
        organisation: Some("Bench Desk".to_owned()),
        ..PageOptions::default()
    };
    let mut group = configure(c, "render", md_bytes.clone());
    group.bench_function("page", |b| {
        b.iter(|| render::page(black_box(&review), &cov, &options))
    });
    group.finish();

    let mut group = configure(c, "coverage", md_bytes.clone());
    group.bench_function("measure", |b| {
        b.iter(|| coverage::measure(black_box(&review)))
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
