//! `factmark build`: every annotation file → DIR/<slug>.html and DIR/index.html.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::project::{self, FileReview, Published};
use factmark::render::{self, IndexEntry, PageOptions};
use factmark::report::printable;

use super::{Exit, eprint_human, eprint_text, exit_for, human_report, in_order, trouble};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Annotation files or folders to search for *.yaml.
    #[arg(default_value = "annotations")]
    paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(long, default_value = "site")]
    out: PathBuf,
    /// Where the site will be published, so ClaimReview URLs are absolute.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Pass raw HTML blocks of articles through a sanitiser instead of escaping them.
    #[arg(long)]
    allow_raw_html: bool,
}

/// What building one page leaves behind: small, so that memory holds one
/// article per worker, not the corpus.
struct Built {
    /// The exit code the file's findings call for.
    exit: Exit,
    /// The findings rendered for people.
    report: String,
    /// The page, whether it was written or already up to date, and its
    /// index entry, when there is a page.
    page: Option<(PathBuf, Published, IndexEntry)>,
    /// A page that could not be written.
    failure: Option<Diagnostic>,
}

/// One page to build: an annotation file and where its page goes.
struct Job {
    file: PathBuf,
    /// The page's path under `--out`, `/`-separated: `2024/election.html`.
    name: String,
}

impl Job {
    /// The page's link from the index and its URL under `--base-url`: each
    /// part of the name percent-encoded (`x#y.html` is a page, not `x`
    /// with a fragment).
    fn href(&self) -> String {
        const KEPT: &AsciiSet = &NON_ALPHANUMERIC
            .remove(b'-')
            .remove(b'.')
            .remove(b'_')
            .remove(b'~');
        self.name
            .split('/')
            .map(|part| utf8_percent_encode(part, KEPT).to_string())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The pages of `found`, mirroring the folders searched under `out`
/// (`annotations/2024/election.yaml` → `site/2024/election.html`), or the
/// findings that refuse the build before anything is written: two files
/// that would write one page, a page in the place of the site's index, or
/// pages written into a folder that holds annotation files.
fn plan(found: Vec<project::Found>, out: &Path) -> Result<Vec<Job>, Vec<Diagnostic>> {
    let mut refusals = Vec::new();
    let mut writers: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut jobs = Vec::with_capacity(found.len());
    let input_folders: BTreeSet<PathBuf> = found
        .iter()
        .map(|f| project::resolved(f.file.parent().unwrap_or(Path::new("."))))
        .collect();
    let mut page_folders = BTreeSet::from([project::resolved(out)]);
    for project::Found { file, relative } in found {
        let parts: Vec<String> = relative
            .with_extension("html")
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        let name = parts.join("/");
        let page = out.join(&name);
        if name == INDEX {
            refusals.push(
                Diagnostic::error(
                    codes::IO,
                    &file,
                    format!("its page would be {}, the site's index", page.display()),
                )
                .with_help("rename the file: `index.html` is the list of every page"),
            );
        } else if let Some(first) = writers.get(&name) {
            refusals.push(
                Diagnostic::error(
                    codes::IO,
                    &file,
                    format!(
                        "its page would be {}, which {} writes too",
                        page.display(),
                        first.display()
                    ),
                )
                .with_help(
                    "rename one of the two: pages mirror the annotation folders under --out, \
                     with the file's name (`x.yaml` and `x.yml` both make `x.html`)",
                ),
            );
        } else {
            writers.insert(name.clone(), file.clone());
            if let Some(folder) = page.parent() {
                page_folders.insert(project::resolved(folder));
            }
            jobs.push(Job { file, name });
        }
    }
    if let Some(shared) = page_folders.intersection(&input_folders).next() {
        refusals.push(onto_inputs(out, shared, "annotation files"));
    }
    if refusals.is_empty() {
        Ok(jobs)
    } else {
        Err(refusals)
    }
}

/// The refusal of an output folder that would put pages among inputs.
fn onto_inputs(out: &Path, folder: &Path, what: &str) -> Diagnostic {
    Diagnostic::error(
        codes::IO,
        out,
        format!(
            "--out {} would write pages into {}, where {what} live",
            out.display(),
            folder.display()
        ),
    )
    .with_help("no command writes beside its inputs: choose a folder of its own, such as `site`")
}

/// The site index's name under `--out`.
const INDEX: &str = "index.html";

/// Reviews, renders and writes the page of one annotation file.
fn build_one(job: &Job, args: &Args, config: &Config) -> Built {
    let file = job.file.as_path();
    let result = project::review_file_with(file, config);
    let mut built = Built {
        report: report_of(file, &result.diagnostics, &result.sources),
        exit: exit_for(&result.diagnostics),
        page: None,
        failure: None,
    };
    // Reported: the findings and source texts go before the page is made,
    // so they and the page are never in memory together.
    let FileReview {
        review,
        coverage,
        diagnostics,
        sources,
        ..
    } = result;
    drop((diagnostics, sources));
    let (Some(review), Some(coverage)) = (review, coverage) else {
        return built;
    };
    let path = args.out.join(&job.name);
    // The article is known only now; a page must not land beside it.
    let page_folder = project::resolved(path.parent().unwrap_or(&args.out));
    if review.set.article.value.parent().map(project::resolved) == Some(page_folder.clone()) {
        built.failure = Some(onto_inputs(&args.out, &page_folder, "articles"));
        return built;
    }
    let href = job.href();
    let options = PageOptions {
        page_url: super::page_url(args.base_url.as_deref(), &href),
        organisation: None,
        allow_raw_html: args.allow_raw_html,
    };
    let html = render::page(&review, &coverage, &options);
    match project::publish(&path, html.as_bytes()) {
        Ok(published) => {
            let entry = IndexEntry {
                title: render::title(&review),
                href,
                coverage,
            };
            built.page = Some((path, published, entry));
        }
        Err(e) => {
            built.failure = Some(Diagnostic::error(
                codes::IO,
                &path,
                format!("cannot write {}: {e}", path.display()),
            ));
        }
    }
    built
}

/// What `build` says about a file's findings: every error in full, and the
/// warnings counted. Listing every unannotated sentence is the gate's job
/// (`check`); a build of an archive would otherwise print thousands of them.
fn report_of(
    file: &Path,
    diagnostics: &[Diagnostic],
    sources: &BTreeMap<PathBuf, String>,
) -> String {
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    let mut report = human_report(&errors, sources);
    if errors.len() < diagnostics.len() {
        let mut by_code: Vec<(&str, usize)> = Vec::new();
        for w in diagnostics.iter().filter(|d| !d.is_error()) {
            match by_code.iter_mut().find(|(code, _)| *code == w.code) {
                Some((_, n)) => *n += 1,
                None => by_code.push((w.code, 1)),
            }
        }
        let counts: Vec<String> = by_code
            .iter()
            .map(|(code, n)| format!("{n} × {code}"))
            .collect();
        let file = printable(&file.display().to_string()).into_owned();
        report.push_str(&format!(
            "warning: {file}: {}; `factmark check {file}` lists them\n",
            counts.join(", "),
        ));
    }
    report
}

pub fn run(args: Args, config: &Config) -> Exit {
    let jobs = match project::find_annotation_files(&args.paths) {
        Ok(found) => match plan(found, &args.out) {
            Ok(jobs) => jobs,
            Err(refusals) => {
                eprint_human(&refusals, &BTreeMap::new());
                return Exit::Trouble;
            }
        },
        Err(d) => return trouble(d),
    };
    let waiting = || {
        err!(
            "waiting for another build into {} to finish",
            args.out.display()
        );
    };
    let _lock = match project::lock_folder(&args.out, waiting) {
        Ok(lock) => lock,
        Err(e) => {
            return trouble(Diagnostic::error(
                codes::IO,
                &args.out,
                format!("cannot write pages into {}: {e}", args.out.display()),
            ));
        }
    };
    // Under the lock, what is left of a killed build is nobody's work.
    project::remove_stale_temporaries(&args.out);
    // Files are built in parallel, each page written as soon as it is done,
    // and reported in file order.
    let mut entries = Vec::with_capacity(jobs.len());
    let mut exit = Exit::Ok;
    let mut failure = None;
    in_order(
        &jobs,
        |job| build_one(job, &args, config),
        |b| {
            eprint_text(&b.report);
            if let Some(f) = b.failure {
                failure = Some(f);
                return ControlFlow::Break(());
            }
            exit = exit.max(b.exit);
            if let Some((path, published, entry)) = b.page {
                out!(
                    "{} {}",
                    verb(published),
                    printable(&path.display().to_string())
                );
                entries.push(entry);
            }
            ControlFlow::Continue(())
        },
    );
    if let Some(failure) = failure {
        return trouble(failure);
    }
    let index = args.out.join(INDEX);
    match project::publish(
        &index,
        render::index(&entries, &config.vocabulary).as_bytes(),
    ) {
        Ok(published) => out!(
            "{} {} ({} articles)",
            verb(published),
            index.display(),
            entries.len()
        ),
        Err(e) => {
            return trouble(Diagnostic::error(
                codes::IO,
                &index,
                format!("cannot write {}: {e}", index.display()),
            ));
        }
    }
    exit
}

/// How a page's line on stdout starts.
fn verb(published: Published) -> &'static str {
    match published {
        Published::Written => "wrote",
        Published::Unchanged => "unchanged",
    }
}
