//! A generator of news-like articles and their annotation files: support
//! code for benches and tests, not a pipeline stage.
//!
//! Everything is a function of a seed: the same seed and size give the same
//! bytes on every machine and in every run (of one version of factmark, since
//! sentence ids come from the library's own segmenter). No randomness comes
//! from the system, and no dependency is involved: a fixed linear
//! congruential generator picks names, places, numbers and dates.
//!
//! An article is Markdown as a newsroom writes it: a title, a byline, a
//! lead, subheadings, paragraphs with soft line breaks, links, emphasis,
//! inline code, lists, block quotes and now and then a table. Its sentences
//! mix titles (Mr., Dr.), abbreviations (U.S., p.m., e.g.), dates in every
//! style factmark reads ("March 3, 2024", "3 March 2024", "Dec. 3, 2024",
//! "2024-03-03", "March 2024"), numbers, percentages, amounts and quotations.
//! Every body sentence carries a number unique in its article (a count, a
//! flight, a sum), so every quote occurs exactly once.
//!
//! The annotation file has about one annotation per three body sentences,
//! with every verdict: `misdated` ones name a date the sentence really
//! states, every verdict gets the note and sources it requires, and most
//! annotations record the `sentence:` id, computed by [`crate::segment`] on
//! the generated Markdown. A generated file passes `factmark check` with no
//! errors (the unannotated check-worthy sentences are warnings, and so are
//! the annotations that record no id).
//!
//! [`write_corpus`] writes a project that `factmark build` and
//! `factmark check` understand when run in its folder:
//!
//! ```text
//! DIR/articles/<stem>.md
//! DIR/annotations/<stem>.yaml      (article: ../articles/<stem>.md)
//! ```
//!
//! ```
//! use std::path::Path;
//! use factmark::anchor::{self, AnchorState};
//! use factmark::{corpus, markup, segment, store};
//!
//! let generated = corpus::article(7, 60);
//! assert_eq!(generated.sentences, 60);
//! assert!(generated.annotations >= 15);
//! let article = markup::parse(&generated.markdown);
//! let sentences = segment::segment(&article);
//! let (set, findings) = store::parse(&generated.yaml, Path::new("annotations/a.yaml"));
//! assert!(findings.is_empty());
//! let review = anchor::anchor(article, sentences, set.unwrap());
//! assert!(review.findings.iter().all(|d| !d.is_error()));
//! assert!(review.states.iter().all(|s| *s == AnchorState::Anchored));
//! ```

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};

use crate::dates::{self, DateStyle, MonthForm, PartialDate};
use crate::{fold, markup, segment};

/// The folder of the articles in a generated project.
pub const ARTICLES_DIR: &str = "articles";
/// The folder of the annotation files in a generated project.
pub const ANNOTATIONS_DIR: &str = "annotations";
/// The seed of [`CorpusOptions::default`].
pub const DEFAULT_SEED: u64 = 0x5EED_FAC7;

/// What [`write_corpus`] generates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusOptions {
    /// Everything follows from this number.
    pub seed: u64,
    /// How many articles.
    pub articles: usize,
    /// The mean number of body sentences per article (headings, bylines and
    /// table cells come on top).
    pub sentences_per_article: usize,
    /// How far an article's length strays from the mean, in percent: with
    /// 50, articles have between half and one and a half times the mean.
    /// 0 makes every article exactly `sentences_per_article` long.
    pub spread: usize,
}

impl Default for CorpusOptions {
    /// 1,000 articles of 120 sentences on average (±50%): about 13 MB of
    /// Markdown and 12 MB of YAML.
    fn default() -> Self {
        CorpusOptions {
            seed: DEFAULT_SEED,
            articles: 1000,
            sentences_per_article: 120,
            spread: 50,
        }
    }
}

/// One generated article and its annotation file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedArticle {
    /// The file stem shared by the article and its annotation file.
    pub stem: String,
    /// The article's title (its first heading).
    pub title: String,
    /// The article.
    pub markdown: String,
    /// The annotation file, with `article: ../articles/<stem>.md`.
    pub yaml: String,
    /// Body sentences generated (the segmenter finds a few more: the
    /// title, subheadings, the byline, table cells).
    pub sentences: usize,
    /// Annotations in [`GeneratedArticle::yaml`].
    pub annotations: usize,
}

impl GeneratedArticle {
    /// `articles/<stem>.md`, relative to the project folder.
    pub fn article_path(&self) -> PathBuf {
        Path::new(ARTICLES_DIR).join(format!("{}.md", self.stem))
    }

    /// `annotations/<stem>.yaml`, relative to the project folder.
    pub fn annotations_path(&self) -> PathBuf {
        Path::new(ANNOTATIONS_DIR).join(format!("{}.yaml", self.stem))
    }

    /// Writes the article and its annotation file into project folder `dir`,
    /// creating the folders as needed and replacing files of the same name.
    pub fn write(&self, dir: &Path) -> io::Result<()> {
        let article = dir.join(self.article_path());
        let annotations = dir.join(self.annotations_path());
        for path in [&article, &annotations] {
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
        }
        fs::write(article, &self.markdown)?;
        fs::write(annotations, &self.yaml)
    }
}

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorpusStats {
    /// Articles written.
    pub articles: usize,
    /// Files written: one article and one annotation file per article.
    pub files: usize,
    /// Bytes of Markdown.
    pub markdown_bytes: usize,
    /// Bytes of YAML.
    pub yaml_bytes: usize,
    /// Body sentences generated.
    pub sentences: usize,
    /// Annotations.
    pub annotations: usize,
}

impl CorpusStats {
    /// Adds `article` to the totals.
    pub fn add(&mut self, article: &GeneratedArticle) {
        self.articles += 1;
        self.files += 2;
        self.markdown_bytes += article.markdown.len();
        self.yaml_bytes += article.yaml.len();
        self.sentences += article.sentences;
        self.annotations += article.annotations;
    }
}

/// An article with exactly `sentences` body sentences, its stem made of the
/// title and the seed.
pub fn article(seed: u64, sentences: usize) -> GeneratedArticle {
    generate(seed, Length::Sentences(sentences), None)
}

/// An article of at least `bytes` bytes of Markdown (a block more at most).
pub fn article_of_size(seed: u64, bytes: usize) -> GeneratedArticle {
    generate(seed, Length::Bytes(bytes), None)
}

/// Article `index` (from 0) of the corpus that `options` describe, as
/// [`write_corpus`] writes it: its stem starts with the 1-based index, zero
/// padded (`0042-…`), so the files sort in corpus order.
pub fn nth_article(options: &CorpusOptions, index: usize) -> GeneratedArticle {
    let seed = splitmix(options.seed ^ splitmix(index as u64));
    let mean = options.sentences_per_article;
    let spread = mean * options.spread.min(100) / 100;
    let sentences = if spread == 0 {
        mean
    } else {
        let mut rng = Lcg::new(seed ^ 0x5BD1_E995);
        mean - spread + rng.below(2 * spread + 1)
    };
    let width = options.articles.to_string().len().max(4);
    let prefix = format!("{:0width$}", index + 1);
    generate(seed, Length::Sentences(sentences), Some(prefix))
}

/// Writes the corpus that `options` describe into project folder `dir`
/// (`articles/` and `annotations/`, created as needed), on all cores.
/// Files of the same name are replaced; other files are left alone.
pub fn write_corpus(dir: &Path, options: &CorpusOptions) -> io::Result<CorpusStats> {
    fs::create_dir_all(dir.join(ARTICLES_DIR))?;
    fs::create_dir_all(dir.join(ANNOTATIONS_DIR))?;
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, options.articles.max(1));
    let results: Vec<io::Result<CorpusStats>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|worker| {
                scope.spawn(move || {
                    let mut stats = CorpusStats::default();
                    for index in (worker..options.articles).step_by(threads) {
                        let generated = nth_article(options, index);
                        generated.write(dir)?;
                        stats.add(&generated);
                    }
                    Ok(stats)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| {
                w.join()
                    .unwrap_or_else(|_| Err(io::Error::other("a corpus worker panicked")))
            })
            .collect()
    });
    let mut total = CorpusStats::default();
    for stats in results {
        let stats = stats?;
        total.articles += stats.articles;
        total.files += stats.files;
        total.markdown_bytes += stats.markdown_bytes;
        total.yaml_bytes += stats.yaml_bytes;
        total.sentences += stats.sentences;
        total.annotations += stats.annotations;
    }
    Ok(total)
}

// ---------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------

/// Knuth's MMIX linear congruential generator: small, fixed, no dependency.
struct Lcg(u64);

impl Lcg {
    fn new(seed: u64) -> Self {
        Lcg(splitmix(seed))
    }

    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A number in `range`.
    fn within(&mut self, range: Range<usize>) -> usize {
        range.start + self.below(range.end - range.start)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// SplitMix64's finaliser: spreads nearby seeds (0, 1, 2 …) far apart.
fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

// ---------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------

const FIRST: &[&str] = &[
    "Ilham", "Maria", "John", "Olena", "Rashad", "Anna", "Dmitry", "Leyla", "Peter", "Sofia",
    "Nino", "Arman", "Zhanna", "Tomas", "Elif", "James",
];
const LAST: &[&str] = &[
    "Aliyev",
    "Zakharova",
    "Smith",
    "Kovalenko",
    "Tokayev",
    "Mammadov",
    "Schmidt",
    "Peskov",
    "Huseynova",
    "O'Brien",
    "García",
    "Beridze",
    "Petrosyan",
    "Novak",
    "Yilmaz",
    "Walker",
];
const TITLES: &[&str] = &["Mr.", "Mrs.", "Ms.", "Dr.", "Gen.", "Sen.", "Prof."];
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
    "Washington",
    "Ganja",
    "Batumi",
    "Almaty",
];
const ORGS: &[&str] = &[
    "Reuters",
    "the Interstate Aviation Committee",
    "the European Commission",
    "the State Statistics Committee",
    "the World Bank",
    "the U.N. refugee agency",
    "the central bank",
    "the Ministry of Finance",
    "the port authority",
    "Amnesty International",
];
const COMPANIES: &[&str] = &[
    "Caspian Energy Inc.",
    "Silk Road Rail Ltd.",
    "Aral Logistics Corp.",
    "Kura Water Co.",
];
const OUTLETS: &[&str] = &[
    "the BBC",
    "Interfax",
    "the Associated Press",
    "Caspian Daily",
    "Radio Liberty",
];
const WEEKDAYS: &[&str] = &["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
const ADJECTIVES: &[&str] = &["remarkable", "difficult", "quiet", "tense", "long", "busy"];
const GOODS: &[&str] = &["grain", "cotton", "steel", "crude oil", "fertiliser"];
const HEADINGS: &[&str] = &[
    "What happened",
    "The numbers",
    "Background",
    "What officials said",
    "A disputed timeline",
    "The money",
    "Reaction abroad",
    "What comes next",
    "On the ground",
    "The investigation",
];
/// Publishers of cited sources and their (reserved, never resolving) hosts.
const PUBLISHERS: &[(&str, &str)] = &[
    ("Reuters", "reuters.example.com"),
    ("Caspian Daily", "caspiandaily.example"),
    ("The World Bank", "data.worldbank.example.org"),
    ("Interfax", "interfax.example.net"),
    ("State Statistics Committee", "stat.gov.example"),
    ("Radio Liberty", "rferl.example.org"),
    ("Wikipedia", "en.wikipedia.example.org"),
];
const REVIEWERS: &[&str] = &[
    "[Desk editor]",
    "[Desk editor, Night desk]",
    "[Data team]",
    "[Anna Schmidt, Rashad Mammadov]",
];

// ---------------------------------------------------------------------------
// Sentences
// ---------------------------------------------------------------------------

fn name(rng: &mut Lcg) -> String {
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

fn titled(rng: &mut Lcg) -> String {
    format!("{} {}", rng.pick(TITLES), rng.pick(LAST))
}

fn year(rng: &mut Lcg) -> usize {
    rng.within(2012..2026)
}

/// A calendar date in one of the styles factmark finds, written by
/// [`dates::format_like`], the writer of corrected dates.
fn date(rng: &mut Lcg) -> String {
    let year = year(rng);
    let month = rng.below(12);
    let day = rng.within(1..29);
    let style = match rng.below(8) {
        0..=2 => DateStyle::MonthDayYear(MonthForm::Full),
        3 | 4 => DateStyle::DayMonthYear(MonthForm::Full),
        5 | 6 => DateStyle::MonthDayYear(MonthForm::Abbreviated),
        _ => DateStyle::Iso,
    };
    // Days run 1 to 28, so every date exists.
    let date =
        NaiveDate::from_ymd_opt(year as i32, month as u32 + 1, day as u32).unwrap_or_default();
    dates::format_like(PartialDate::Day(date), style)
}

fn month_year(rng: &mut Lcg) -> String {
    let month = rng.below(12) as u32 + 1;
    let year = year(rng) as i32;
    dates::format_like(
        PartialDate::Month { year, month },
        DateStyle::MonthYear(MonthForm::Full),
    )
}

fn decimal(rng: &mut Lcg, whole: Range<usize>) -> String {
    format!("{}.{}", rng.within(whole), rng.below(10))
}

/// A sentence template: Markdown in which `⟦` and `⟧` mark the quote an
/// annotation may take (only when the quote holds the serial number between
/// fixed words, so it is unique in the article).
fn template(rng: &mut Lcg, n: usize) -> String {
    match rng.below(20) {
        0 => format!(
            "{} said on ⟦{} that {n} people had been evacuated⟧ from {} and nearby villages.",
            name(rng),
            date(rng),
            rng.pick(PLACES)
        ),
        1 => format!(
            "According to {}, prices in {} ⟦rose by {} percent in {}, the highest in {n} months⟧.",
            rng.pick(ORGS),
            rng.pick(PLACES),
            decimal(rng, 0..12),
            year(rng)
        ),
        2 => format!(
            "“We will not accept this,” {} ⟦told reporters at {} p.m. on {}, citing {n} complaints⟧.",
            titled(rng),
            rng.within(1..12),
            rng.pick(WEEKDAYS)
        ),
        3 => format!(
            "The U.S. embassy in {} ⟦confirmed on {} that flight {n} had landed⟧ safely.",
            rng.pick(PLACES),
            date(rng)
        ),
        4 => format!(
            "Officials at {} ⟦expect *{n} new jobs* by {}⟧, according to a [report](https://example.org/reports/{n}) by **{}**.",
            rng.pick(COMPANIES),
            month_year(rng),
            rng.pick(ORGS)
        ),
        5 => format!(
            "{}, {}, who advises {}, ⟦denied that {n} soldiers were involved⟧, e.g. in the raid near {}.",
            name(rng),
            rng.within(30..70),
            rng.pick(ORGS),
            rng.pick(PLACES)
        ),
        6 => format!(
            "In {}, {} ⟦spent ${n} million on roads⟧ and bridges, or about {}% of its budget.",
            year(rng),
            rng.pick(PLACES),
            decimal(rng, 1..9)
        ),
        7 if rng.chance(50) => format!(
            "Why did it take {n} days for {} to respond?",
            rng.pick(ORGS)
        ),
        7 => format!("Is it a coincidence that {n} of the contracts went to one firm?"),
        8 => format!(
            "It was, by any measure, a {} week for the people of {} ⟦({n} of them, by one count)⟧.",
            rng.pick(ADJECTIVES),
            rng.pick(PLACES)
        ),
        9 => format!(
            "{} estimated that {}% ⟦of the {n} households surveyed in {}⟧ had no heating in {}.",
            titled(rng),
            rng.within(5..60),
            rng.pick(PLACES),
            month_year(rng)
        ),
        10 => format!(
            "The deal, signed in {} on {}, ⟦covers {n} km of pipeline⟧ and is worth about €{} billion.",
            rng.pick(PLACES),
            date(rng),
            decimal(rng, 1..9)
        ),
        11 => format!(
            "{} told {} that turnout reached {} percent, ⟦with {n},{:03} ballots cast⟧ by noon on election day.",
            titled(rng),
            rng.pick(OUTLETS),
            decimal(rng, 30..80),
            rng.below(1000)
        ),
        12 => format!(
            "Police in {} ⟦said {n} people were detained overnight⟧, {} of them foreign nationals, after protests that began on {}.",
            rng.pick(PLACES),
            rng.within(2..20),
            rng.pick(WEEKDAYS)
        ),
        13 => format!(
            "A notice posted as `{}-{n}` on the ministry's website ⟦blamed {} for {n} days of delays⟧ at the border.",
            ["decree", "order", "notice"][rng.below(3)],
            rng.pick(ORGS)
        ),
        14 => format!(
            "Exports of {} to the U.S. ⟦fell to {n} tonnes in {}⟧, the customs office said.",
            rng.pick(GOODS),
            year(rng)
        ),
        15 => format!(
            "{} wrote on {} that ⟦the {n}-page report “changes nothing”⟧ for {}.",
            name(rng),
            date(rng),
            rng.pick(PLACES)
        ),
        16 => format!(
            "Critics say the plan will fail before {}, ⟦and {n} local councils have voted against it⟧.",
            year(rng)
        ),
        17 => format!(
            "\"The figures speak for themselves,\" said {}, ⟦whose office counted {n} cases⟧ in {}.",
            titled(rng),
            month_year(rng)
        ),
        18 => format!(
            "{} said the last troops would leave {} by {}, ⟦about {n} days later than planned⟧.",
            titled(rng),
            rng.pick(PLACES),
            date(rng)
        ),
        _ => format!(
            "Since {}, ⟦the fund has paid out ${n},{:03}⟧ to families in {}, its director said.",
            date(rng),
            rng.below(1000),
            rng.pick(PLACES)
        ),
    }
}

/// A sentence as it goes into the article.
struct Line {
    markdown: String,
    plain: String,
    /// The quote in `plain`, empty when the sentence offers none.
    quote: Range<usize>,
}

impl Line {
    /// Reads a template: `*` and backticks are markup, `[text](url)` a link,
    /// `⟦ ⟧` the quote; the rest is text in both forms.
    fn new(template: &str) -> Self {
        let mut line = Line {
            markdown: String::with_capacity(template.len()),
            plain: String::with_capacity(template.len()),
            quote: 0..0,
        };
        // Runs of text are copied whole; only the few special characters
        // (all ASCII but the brackets, which start with byte 0xE2) stop the scan.
        let bytes = template.as_bytes();
        let mut run = 0;
        let mut i = 0;
        while i < bytes.len() {
            let special = match bytes[i] {
                b'*' | b'`' | b'[' | b']' => 1,
                0xE2 if template[i..].starts_with(['⟦', '⟧']) => 3,
                _ => 0,
            };
            if special == 0 {
                i += 1;
                continue;
            }
            line.markdown.push_str(&template[run..i]);
            line.plain.push_str(&template[run..i]);
            match bytes[i] {
                b']' if bytes.get(i + 1) == Some(&b'(') => {
                    let close = template[i..].find(')').map_or(bytes.len(), |c| i + c + 1);
                    line.markdown.push_str(&template[i..close]);
                    i = close;
                }
                0xE2 if template[i..].starts_with('⟦') => {
                    line.quote.start = line.plain.len();
                    i += special;
                }
                0xE2 => {
                    line.quote.end = line.plain.len();
                    i += special;
                }
                _ => {
                    line.markdown.push_str(&template[i..i + 1]);
                    i += 1;
                }
            }
            run = i;
        }
        line.markdown.push_str(&template[run..]);
        line.plain.push_str(&template[run..]);
        line
    }

    fn quote(&self) -> &str {
        &self.plain[self.quote.clone()]
    }
}

// ---------------------------------------------------------------------------
// Articles
// ---------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Length {
    Sentences(usize),
    Bytes(usize),
}

/// A sentence chosen for an annotation, before the article is segmented.
struct Candidate {
    /// The sentence's bytes in the Markdown.
    markdown: Range<usize>,
    quote: String,
    /// The sentence's unique number.
    number: usize,
}

/// Writes the article and picks the sentences to annotate.
struct Writer {
    rng: Lcg,
    length: Length,
    md: String,
    /// Body sentences so far.
    serial: usize,
    /// Added to `serial` to make the sentence's unique number, so that the
    /// numbers of an article do not all start at 1.
    base: usize,
    candidates: Vec<Candidate>,
}

impl Writer {
    fn more(&self) -> bool {
        match self.length {
            Length::Sentences(n) => self.serial < n,
            Length::Bytes(b) => self.md.len() < b,
        }
    }

    /// How many sentences the next block may have, at most `wanted`.
    fn room(&self, wanted: usize) -> usize {
        match self.length {
            Length::Sentences(n) => wanted.min(n - self.serial),
            Length::Bytes(_) => wanted,
        }
    }

    /// Appends the next body sentence to the Markdown.
    fn sentence(&mut self) {
        self.serial += 1;
        let n = self.base + self.serial;
        let line = Line::new(&template(&mut self.rng, n));
        let start = self.md.len();
        self.md.push_str(&line.markdown);
        // About one in three sentences is annotated, spread at random but
        // never far from the ratio.
        let due = self.serial / 3;
        let done = self.candidates.len();
        let annotate =
            !line.quote.is_empty() && (done + 1 < due || (done <= due && self.rng.chance(40)));
        if annotate {
            self.candidates.push(Candidate {
                markdown: start..self.md.len(),
                quote: line.quote().to_owned(),
                number: n,
            });
        }
    }

    fn paragraph(&mut self, count: usize) {
        for k in 0..count {
            self.sentence();
            // Soft line breaks inside some paragraphs.
            let last = k + 1 == count;
            self.md.push(if last || self.rng.chance(25) {
                '\n'
            } else {
                ' '
            });
        }
        self.md.push('\n');
    }

    fn list(&mut self, count: usize, ordered: bool) {
        for k in 0..count {
            if ordered {
                let _ = write!(self.md, "{}. ", k + 1);
            } else {
                self.md.push_str("- ");
            }
            self.sentence();
            self.md.push('\n');
        }
        self.md.push('\n');
    }

    fn block_quote(&mut self, count: usize) {
        for k in 0..count {
            self.md.push_str(if k == 0 { "> " } else { ">\n> " });
            self.sentence();
            self.md.push('\n');
        }
        self.md.push('\n');
    }

    fn table(&mut self) {
        let place = self.rng.pick(PLACES);
        let _ = write!(
            self.md,
            "| Year | Spending in {place} | Change |\n| --- | ---: | ---: |\n"
        );
        let first = self.rng.within(2012..2020);
        for year in first..first + self.rng.within(3..6) {
            let _ = writeln!(
                self.md,
                "| {year} | ${} million | {}{}% |",
                self.rng.within(10..900),
                if self.rng.chance(30) { "−" } else { "+" },
                decimal(&mut self.rng, 0..15)
            );
        }
        self.md.push('\n');
    }
}

fn headline(rng: &mut Lcg) -> String {
    let place = rng.pick(PLACES);
    match rng.below(6) {
        0 => format!(
            "{place} evacuates {} as floods spread",
            rng.within(200..5000)
        ),
        1 => format!(
            "Prices in {place} rise for a {} month",
            ordinal(rng.within(2..12))
        ),
        2 => format!("{place} and the pipeline deal: a year of claims"),
        3 => format!("Inside the {} budget of {place}", year(rng)),
        4 => format!("Detentions in {place}: what we know"),
        _ => format!("How {} counted the votes in {place}", rng.pick(ORGS)),
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// Lower-case words of `title`, joined by hyphens: at most five of them.
fn slug(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(5)
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

fn generate(seed: u64, length: Length, prefix: Option<String>) -> GeneratedArticle {
    let mut rng = Lcg::new(seed);
    let title = headline(&mut rng);
    let stem = match prefix {
        Some(prefix) => format!("{prefix}-{}", slug(&title)),
        None => format!("{}-{:08x}", slug(&title), seed as u32),
    };
    let capacity = match length {
        Length::Sentences(n) => n * 112 + 512,
        Length::Bytes(b) => b + 4096,
    };
    let author = name(&mut rng);
    let published = NaiveDate::from_ymd_opt(
        2024 + rng.below(2) as i32,
        1 + rng.below(12) as u32,
        1 + rng.below(28) as u32,
    )
    .unwrap_or_default();
    let mut w = Writer {
        rng,
        length,
        md: String::with_capacity(capacity),
        serial: 0,
        base: 0,
        candidates: Vec::new(),
    };
    w.base = w.rng.within(10..100);
    let _ = write!(
        w.md,
        "# {title}\n\n*By {author}, {}* · {}\n\n",
        w.rng.pick(PLACES),
        dates::format_like(
            PartialDate::Day(published),
            DateStyle::MonthDayYear(MonthForm::Full)
        )
    );
    // The lead, then blocks: mostly paragraphs, now and then a subheading,
    // a list, a block quote or a table.
    if w.more() {
        let wanted = 2 + w.rng.below(2);
        let count = w.room(wanted);
        w.paragraph(count);
    }
    let mut since_heading = 0;
    let mut tables = 0;
    while w.more() {
        let kind = w.rng.below(24);
        since_heading += 1;
        match kind {
            0..=2 if since_heading > 3 => {
                since_heading = 0;
                let _ = write!(w.md, "## {}\n\n", w.rng.pick(HEADINGS));
            }
            3 | 4 => {
                let wanted = 2 + w.rng.below(3);
                let count = w.room(wanted);
                let ordered = kind == 4 && w.rng.chance(50);
                w.list(count, ordered);
            }
            5 => {
                let wanted = 1 + w.rng.below(2);
                let count = w.room(wanted);
                w.block_quote(count);
            }
            6 if tables == 0 || w.rng.chance(5) => {
                tables += 1;
                w.table();
            }
            _ => {
                let wanted = 2 + w.rng.below(5);
                let count = w.room(wanted);
                w.paragraph(count);
            }
        }
    }
    if w.rng.chance(50) {
        let editor = name(&mut w.rng);
        let _ = writeln!(w.md, "*Reporting by {author}; editing by {editor}.*");
    }
    let Writer {
        mut rng,
        md,
        serial,
        candidates,
        ..
    } = w;
    let mut yaml = String::with_capacity(candidates.len() * 310 + 512);
    let reviewed = published
        .checked_add_days(Days::new(rng.within(3..200) as u64))
        .unwrap_or(published);
    let _ = write!(
        yaml,
        "# Generated by factmark::corpus (seed {seed:#x}): synthetic claims, not real news.\n\
         article: ../{ARTICLES_DIR}/{stem}.md\n"
    );
    if rng.chance(50) {
        let _ = writeln!(yaml, "title: {}", scalar(&title));
    }
    let _ = write!(
        yaml,
        "author: {}\npublished: {published}\nreviewed: {reviewed}\nreviewers: {}\n",
        scalar(&author),
        rng.pick(REVIEWERS)
    );
    let annotations = annotate(&mut rng, &md, &candidates, &mut yaml);
    if annotations == 0 {
        yaml.push_str("annotations: []\n");
    }
    GeneratedArticle {
        stem,
        title,
        markdown: md,
        yaml,
        sentences: serial,
        annotations,
    }
}

// ---------------------------------------------------------------------------
// Annotations
// ---------------------------------------------------------------------------

/// Verdicts other than `misdated`, with their weights.
const VERDICTS: &[(&str, usize)] = &[
    ("supported", 38),
    ("partly-supported", 15),
    ("disputed", 10),
    ("false", 11),
    ("misleading", 8),
    ("unverified", 10),
    ("opinion", 8),
];

/// Segments `md`, finds the sentence of every candidate and writes its
/// annotation to `yaml`; returns how many it wrote. A candidate whose quote
/// the segmenter does not keep inside one sentence is left out.
fn annotate(rng: &mut Lcg, md: &str, candidates: &[Candidate], yaml: &mut String) -> usize {
    let article = markup::parse(md);
    let sentences = segment::segment(&article);
    let mut next = 0;
    let mut written = 0;
    for candidate in candidates {
        while next < sentences.len() && sentences[next].end <= candidate.markdown.start {
            next += 1;
        }
        let quote = fold::fold(&candidate.quote);
        let Some(sentence) = sentences[next..]
            .iter()
            .take_while(|s| s.start < candidate.markdown.end)
            .find(|s| s.folded().contains(&quote))
        else {
            continue;
        };
        if written == 0 {
            yaml.push_str("annotations:\n");
        }
        written += 1;
        let n = candidate.number;
        let _ = writeln!(yaml, "  - quote: {}", scalar(&candidate.quote));
        if rng.chance(65) {
            let _ = writeln!(yaml, "    sentence: {}", sentence.id);
        }
        let raw = &article.blocks[sentence.block].text[sentence.range.clone()];
        // Dates are only looked for in the sentences drawn for `misdated`.
        // Only dates that state their year: `claimed` is written in ISO.
        let found: Vec<(Range<usize>, PartialDate)> = if rng.chance(18) {
            dates::find_dates(raw)
                .into_iter()
                .filter_map(|f| Some((f.range, f.date.dated()?)))
                .collect()
        } else {
            Vec::new()
        };
        let verdict = if !found.is_empty() {
            // The date inside the quote if there is one, as the page would
            // strike it through.
            let inside = raw
                .find(&candidate.quote)
                .map(|at| at..at + candidate.quote.len());
            let claimed = found
                .iter()
                .find(|(range, _)| {
                    inside
                        .as_ref()
                        .is_some_and(|q| q.start <= range.start && range.end <= q.end)
                })
                .unwrap_or(&found[0])
                .1;
            let corrected = shift(claimed, rng);
            let _ = write!(
                yaml,
                "    verdict: misdated\n    claimed: {claimed}\n    corrected: {corrected}\n"
            );
            if rng.chance(60) {
                let _ = writeln!(
                    yaml,
                    "    note: {}",
                    scalar(&format!(
                        "Records date this to {corrected}, not {claimed}; the figure itself holds."
                    ))
                );
            }
            "misdated"
        } else {
            let mut roll = rng.below(VERDICTS.iter().map(|(_, w)| w).sum());
            let verdict = VERDICTS
                .iter()
                .find(|(_, weight)| {
                    let hit = roll < *weight;
                    roll = roll.saturating_sub(*weight);
                    hit
                })
                .map_or("supported", |(v, _)| v);
            let _ = writeln!(yaml, "    verdict: {verdict}");
            let note = match verdict {
                "supported" if rng.chance(50) => {
                    Some(format!("Matches the published figures ({n} in total)."))
                }
                "supported" => None,
                "partly-supported" => Some(format!(
                    "The figure of {n} is right but covers the whole region."
                )),
                "disputed" => Some(format!(
                    "{} puts it at {}; officials stand by {n}.",
                    capitalise(rng.pick(ORGS)),
                    n + rng.within(1..500)
                )),
                "false" => Some(format!(
                    "Official records show {}, not {n}.",
                    n * 2 + rng.within(1..50)
                )),
                "misleading" => Some(
                    "Accurate, but it omits that the number halved the year before.".to_owned(),
                ),
                "unverified" => Some(
                    "No public record found; the ministry did not answer our questions.".to_owned(),
                ),
                _ if rng.chance(30) => Some("A value judgement, not a checkable claim.".to_owned()),
                _ => None,
            };
            if let Some(note) = note {
                let _ = writeln!(yaml, "    note: {}", scalar(&note));
            }
            if matches!(verdict, "false" | "partly-supported") && rng.chance(40) {
                let _ = writeln!(
                    yaml,
                    "    correction: {}",
                    scalar(&format!(
                        "The official figure is {}.",
                        n + rng.within(1..90)
                    ))
                );
            }
            verdict
        };
        let sources = match verdict {
            "unverified" | "opinion" if rng.chance(60) => 0,
            _ if rng.chance(8) => 2,
            _ => 1,
        };
        if sources > 0 {
            yaml.push_str("    sources:\n");
        }
        for _ in 0..sources {
            let (publisher, host) = PUBLISHERS[rng.below(PUBLISHERS.len())];
            let day = NaiveDate::from_ymd_opt(
                year(rng) as i32,
                1 + rng.below(12) as u32,
                1 + rng.below(28) as u32,
            )
            .unwrap_or_default();
            let _ = write!(
                yaml,
                "      - url: https://{host}/{}/{:02}/{n}-{}\n        title: {}\n        publisher: {}\n",
                day.year(),
                day.month(),
                ["report", "figures", "statement", "story"][rng.below(4)],
                scalar(&format!(
                    "{} no. {n}",
                    ["Bulletin", "Report", "Statement", "Dispatch"][rng.below(4)]
                )),
                scalar(publisher)
            );
            if rng.chance(50) {
                let _ = writeln!(yaml, "        date: {day}");
            }
        }
    }
    written
}

/// A wrong date made right: a few days, months or years away from `date`.
fn shift(date: PartialDate, rng: &mut Lcg) -> PartialDate {
    let years = rng.within(1..4) as i32;
    match date {
        PartialDate::Day(day) => {
            let moved = if rng.chance(50) {
                day.with_year(day.year() - years)
            } else {
                day.checked_add_days(Days::new(rng.within(1..60) as u64))
            };
            PartialDate::Day(moved.unwrap_or(day + Days::new(1)))
        }
        PartialDate::Month { year, month } => {
            if month < 12 && rng.chance(50) {
                PartialDate::Month {
                    year,
                    month: month + 1,
                }
            } else {
                PartialDate::Month {
                    year: year - years,
                    month,
                }
            }
        }
        PartialDate::Year(year) => PartialDate::Year(year - years),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// `text` as a YAML scalar: plain where that reads back as the same text,
/// double-quoted (JSON escapes are valid YAML) otherwise.
fn scalar(text: &str) -> String {
    let plain = text
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '(')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.ends_with(' ')
        && !text.chars().any(|c| c.is_control() || c == '"')
        && !matches!(
            text.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        text.to_owned()
    } else {
        serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_markup_from_text() {
        let line = Line::new("A *b* `c` [d](https://e.org/f) ⟦**g** h⟧.");
        assert_eq!(line.markdown, "A *b* `c` [d](https://e.org/f) **g** h.");
        assert_eq!(line.plain, "A b c d g h.");
        assert_eq!(line.quote(), "g h");
    }

    #[test]
    fn articles_have_the_asked_length() {
        for n in [0, 1, 5, 120] {
            let a = article(3, n);
            assert_eq!(a.sentences, n);
            assert!(a.annotations * 3 <= n + 6, "{n}: {}", a.annotations);
        }
        let a = article_of_size(3, 50_000);
        assert!(a.markdown.len() >= 50_000 && a.markdown.len() < 51_000);
    }

    #[test]
    fn scalars_read_back() {
        assert_eq!(scalar("rose by 3.4 percent"), "rose by 3.4 percent");
        assert_eq!(scalar("$12 million"), "\"$12 million\"");
        assert_eq!(scalar("“changes nothing”"), "\"“changes nothing”\"");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
    }

    #[test]
    fn ordinals() {
        assert_eq!(
            [1, 2, 3, 4, 11, 12, 13, 21].map(ordinal),
            ["1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st"]
        );
    }
}
