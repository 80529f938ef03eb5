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
//! reads the YAML. The article and its annotations come from a fixed linear
//! congruential generator, so every run measures the same input. The
//! `anchor` group also runs on the first quarter of the article: equal
//! throughputs mean anchoring is linear in size, a lower one for `full`
//! means it is not. Anchoring dominates the run time while it is quadratic
//! (about 11 s per 1 MB iteration), which is why every group takes only ten
//! flat samples.

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use factmark::anchor::{self, AnchorState, Review};
use factmark::render::PageOptions;
use factmark::{coverage, markup, render, segment, store};

// ---------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------

/// Knuth's MMIX linear congruential generator: small, fixed, no dependency.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FIRST: &[&str] = &[
    "Ilham",
    "Maria",
    "John",
    "Olena",
    "Kassym-Jomart",
    "Ursula",
    "Rashad",
    "Anna",
    "Dmitry",
    "Leyla",
    "Peter",
    "Sofia",
];
const LAST: &[&str] = &[
    "Aliyev",
    "Zakharova",
    "Smith",
    "Kovalenko",
    "Tokayev",
    "von der Leyen",
    "Mammadov",
    "Schmidt",
    "Peskov",
    "Huseynova",
    "O'Brien",
    "García",
];
const TITLES: &[&str] = &["Mr.", "Mrs.", "Dr.", "Gen.", "Sen.", "Prof."];
const PLACES: &[&str] = &[
    "Baku",
    "Aktau",
    "Moscow",
    "Kyiv",
    "Grozny",
    "Astana",
    "Brussels",
    "Tbilisi",
    "Yerevan",
    "St. Petersburg",
    "the U.S.",
    "Washington",
];
const ORGS: &[&str] = &[
    "Reuters",
    "the Interstate Aviation Committee",
    "the European Commission",
    "Azerbaijan Airlines",
    "the Kremlin",
    "the State Statistics Committee",
    "Caspian Energy",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const SHORT_MONTHS: &[&str] = &[
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const ADJECTIVES: &[&str] = &["remarkable", "difficult", "quiet", "tense", "long", "busy"];

/// A date in the article and its ISO form, for `claimed`/`corrected`.
struct Date {
    text: String,
    year: u32,
    month: usize,
    day: u32,
}

impl Date {
    fn iso(&self) -> String {
        format!("{}-{:02}-{:02}", self.year, self.month + 1, self.day)
    }

    fn corrected_iso(&self) -> String {
        format!("{}-{:02}-{:02}", self.year + 2, self.month + 1, self.day)
    }
}

fn date(rng: &mut Lcg) -> Date {
    let year = 1995 + rng.below(30) as u32;
    let month = rng.below(12);
    let day = 1 + rng.below(28) as u32;
    let text = match rng.below(4) {
        0 => format!("{} {day}, {year}", MONTHS[month]),
        1 => format!("{day} {} {year}", MONTHS[month]),
        2 => format!("{} {day}, {year}", SHORT_MONTHS[month]),
        _ => format!("{year}-{:02}-{day:02}", month + 1),
    };
    Date {
        text,
        year,
        month,
        day,
    }
}

/// One generated sentence: its Markdown, its plain text and, if it has
/// one, its date.
struct Sentence {
    markdown: String,
    plain: String,
    date: Option<Date>,
    question: bool,
}

impl Sentence {
    fn plain(text: String) -> Self {
        Sentence {
            markdown: text.clone(),
            plain: text,
            date: None,
            question: false,
        }
    }
}

/// A news sentence. `serial` is a number unique to the sentence, so that a
/// quote of the whole sentence occurs once in the article.
fn sentence(rng: &mut Lcg, serial: usize) -> Sentence {
    let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
    let place = rng.pick(PLACES);
    let org = rng.pick(ORGS);
    match rng.below(9) {
        0 => {
            let d = date(rng);
            let text = format!(
                "{name} said on {} that {serial} people had been evacuated from {place}.",
                d.text
            );
            Sentence {
                date: Some(d),
                ..Sentence::plain(text)
            }
        }
        1 => Sentence::plain(format!(
            "According to {org}, prices in {place} rose by {}.{} percent in {}, the highest in {serial} months.",
            rng.below(12),
            rng.below(10),
            1995 + rng.below(30)
        )),
        2 => Sentence::plain(format!(
            "“We will not accept this,” {} {} told reporters at {} p.m. on {}, citing {serial} complaints.",
            rng.pick(TITLES),
            rng.pick(LAST),
            1 + rng.below(11),
            rng.pick(WEEKDAYS)
        )),
        3 => {
            let d = date(rng);
            let text = format!(
                "The U.S. embassy in {place} confirmed on {} that flight {serial} had landed safely.",
                d.text
            );
            Sentence {
                date: Some(d),
                ..Sentence::plain(text)
            }
        }
        4 => {
            let month = rng.pick(MONTHS);
            let year = 2000 + rng.below(26);
            Sentence {
                markdown: format!(
                    "Officials at Caspian Energy Inc. expect *{serial} new jobs* by {month} {year}, according to a [report](https://example.org/reports/{serial}) by **{org}**."
                ),
                plain: format!(
                    "Officials at Caspian Energy Inc. expect {serial} new jobs by {month} {year}, according to a report by {org}."
                ),
                date: None,
                question: false,
            }
        }
        5 => Sentence::plain(format!(
            "{name}, {}, who leads {org}, denied that {serial} soldiers were involved, e.g. in the raid near {place}.",
            30 + rng.below(40)
        )),
        6 => Sentence::plain(format!(
            "In {}, {place} spent ${serial} million on roads, or about {}.{}% of its budget.",
            1995 + rng.below(30),
            rng.below(9) + 1,
            rng.below(10)
        )),
        7 => Sentence {
            question: true,
            ..Sentence::plain(format!(
                "Why did it take {serial} days for {org} to respond?"
            ))
        },
        _ => Sentence::plain(format!(
            "It was, by any measure, a {} week for the people of {place} ({serial} of them, by one count).",
            rng.pick(ADJECTIVES)
        )),
    }
}

/// Verdicts in the order they are handed out.
const VERDICTS: &[&str] = &[
    "supported",
    "partly-supported",
    "false",
    "disputed",
    "misleading",
    "unverified",
    "opinion",
];

/// A generated article and its annotation file.
struct Corpus {
    markdown: String,
    yaml: String,
    sentences: usize,
    annotations: usize,
}

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// An article of at least `bytes` bytes of Markdown with about one annotation
/// per three sentences.
fn corpus(bytes: usize, seed: u64) -> Corpus {
    let mut rng = Lcg(seed);
    let mut md = String::with_capacity(bytes + 4096);
    let mut yaml = String::with_capacity(bytes / 2);
    md.push_str("# Azerbaijan and Russia: a year of claims\n\n");
    yaml.push_str(
        "# Generated by benches/pipeline.rs\narticle: article.md\npublished: 2025-07-22\nreviewed: 2025-11-25\nreviewers: [Desk editor, Night desk]\nannotations:\n",
    );
    let mut serial = 0;
    let mut annotations = 0;
    let mut section = 0;
    while md.len() < bytes {
        // A block: mostly paragraphs, some headings, lists and quotes.
        let kind = rng.below(20);
        let count = match kind {
            0 => {
                section += 1;
                let _ = write!(md, "## Part {section}: {}\n\n", rng.pick(PLACES));
                continue;
            }
            1 | 2 => 2 + rng.below(3),
            _ => 3 + rng.below(4),
        };
        for k in 0..count {
            serial += 1;
            let s = sentence(&mut rng, serial);
            match kind {
                1 => {
                    let _ = writeln!(md, "- {}", s.markdown);
                }
                2 => {
                    let _ = write!(md, "> {}", s.markdown);
                    md.push_str(if k + 1 < count { "\n" } else { "\n\n" });
                }
                _ => {
                    md.push_str(&s.markdown);
                    // Soft line breaks inside some paragraphs.
                    let last = k + 1 == count;
                    md.push(if last || rng.chance(30) { '\n' } else { ' ' });
                }
            }
            if serial % 3 != 0 || s.question {
                continue;
            }
            annotations += 1;
            let _ = writeln!(yaml, "  - quote: {}", yaml_string(&s.plain));
            let verdict = match &s.date {
                Some(d) if rng.chance(50) => {
                    let _ = write!(
                        yaml,
                        "    verdict: misdated\n    claimed: {}\n    corrected: {}\n    note: The event took place two years later.\n",
                        d.iso(),
                        d.corrected_iso()
                    );
                    "misdated"
                }
                _ => {
                    let verdict = VERDICTS[annotations % VERDICTS.len()];
                    let _ = writeln!(yaml, "    verdict: {verdict}");
                    if verdict != "supported" && verdict != "opinion" {
                        let _ = writeln!(
                            yaml,
                            "    note: {}",
                            yaml_string(&format!(
                                "Records for case {serial} say otherwise; see the sources & notes."
                            ))
                        );
                    }
                    if rng.chance(20) {
                        let _ = writeln!(
                            yaml,
                            "    correction: The figure was {} in the official data.",
                            serial + 7
                        );
                    }
                    verdict
                }
            };
            if !matches!(verdict, "unverified" | "opinion") || rng.chance(50) {
                let _ = write!(
                    yaml,
                    "    sources:\n      - url: https://example.org/sources/{serial}?ref=factmark&lang=en\n        title: {}\n        publisher: {}\n        date: {}\n",
                    yaml_string(&format!("Report no. {serial}")),
                    yaml_string(rng.pick(ORGS)),
                    date(&mut rng).iso()
                );
                if rng.chance(30) {
                    let _ = writeln!(yaml, "      - url: https://archive.example.net/{serial}");
                }
            }
        }
        // A blank line ends the block (a block quote has its own).
        if kind != 2 {
            md.push('\n');
        }
    }
    Corpus {
        markdown: md,
        yaml,
        sentences: serial,
        annotations,
    }
}

// ---------------------------------------------------------------------------
// The benchmarks
// ---------------------------------------------------------------------------

const YAML_PATH: &str = "annotations/bench.yaml";
const SEED: u64 = 0x5EED_FAC7;

fn target_bytes() -> usize {
    std::env::var("FACTMARK_BENCH_BYTES")
        .ok()
        .and_then(|b| b.parse().ok())
        .unwrap_or(1_000_000)
}

fn review_of(corpus: &Corpus) -> Review {
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
    let corpus = corpus(target_bytes(), SEED);
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
    group.finish();

    let mut group = configure(c, "markup", md_bytes.clone());
    group.bench_function("parse", |b| b.iter(|| markup::parse(black_box(md))));
    group.finish();

    let article = markup::parse(md);
    let mut group = configure(c, "segment", md_bytes.clone());
    group.bench_function("segment", |b| {
        b.iter(|| segment::segment(black_box(&article)))
    });
    group.finish();

    let mut group = configure(c, "store", Throughput::Bytes(corpus.yaml.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| store::parse(black_box(&corpus.yaml), Path::new(YAML_PATH)))
    });
    group.finish();

    // Anchoring on a quarter of the article too: the ratio of the two
    // throughputs shows how the cost grows with size (equal if linear).
    let quarter = self::corpus(target_bytes() / 4, SEED);
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
