//! `factmark build`: every annotation file → DIR/<slug>.html and DIR/index.html;
//! a file with errors gets no page.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::project::{self, Confinement, FileReview, Published};
use factmark::render::{self, IndexEntry, PageOptions};
use factmark::report::printable;
use rayon::prelude::*;

use super::{Exit, eprint_human, eprint_text, exit_for, in_order, report_of, trouble};

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
    /// The page of an earlier build, removed because the file now has errors.
    withdrawn: Option<PathBuf>,
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
/// that would write one page, a page in the place of the site's index, a
/// page that a symlink would send out of `out`, an `out` that a symlink in
/// the project sends elsewhere, or an input (annotation file or article)
/// inside `out`, where a page could replace it.
fn plan(
    found: Vec<project::Found>,
    out: &Path,
    inside: &Confinement,
) -> Result<Vec<Job>, Vec<Diagnostic>> {
    let out_landed = inside.resolved(out);
    if inside.leads_outside(out) {
        return Err(vec![
            Diagnostic::error(
                codes::IO,
                out,
                format!(
                    "--out leads outside the project, to {}, through a symlink",
                    out_landed.display()
                ),
            )
            .with_help("name the folder itself, or a folder of its own such as `site`"),
        ]);
    }
    let mut refusals = Vec::new();
    let mut writers: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut jobs = Vec::with_capacity(found.len());
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
                Diagnostic::error(codes::IO, &file, "its page would be the site's index")
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
        } else if !inside
            .resolved(page.parent().unwrap_or(out))
            .starts_with(&out_landed)
        {
            refusals.push(Diagnostic::error(
                codes::IO,
                &file,
                format!(
                    "its page {} would land outside --out, through a symlink",
                    page.display()
                ),
            ));
        } else {
            writers.insert(name.clone(), file.clone());
            jobs.push(Job { file, name });
        }
    }
    // Every input is known before a page is written: each file's `article:`
    // is read ahead (the file is read twice, its YAML parsed only up to
    // that key), so no page can replace another file's article.
    let articles: Vec<PathBuf> = jobs
        .par_iter()
        .filter_map(|job| project::article_of(&job.file, inside))
        .collect();
    let files = jobs.iter().map(|job| &job.file);
    if let Some(input) = files
        .chain(&articles)
        .find(|input| inside.resolved(input).starts_with(&out_landed))
    {
        refusals.push(
            Diagnostic::error(
                codes::IO,
                out,
                format!(
                    "--out holds {}, an input, which a page could replace",
                    input.display()
                ),
            )
            .with_help(
                "no command writes among its inputs: choose a folder of its own, such as `site`",
            ),
        );
    }
    if refusals.is_empty() {
        Ok(jobs)
    } else {
        Err(refusals)
    }
}

/// The site index's name under `--out`.
const INDEX: &str = "index.html";

/// Reviews, renders and writes the page of one annotation file; a file
/// with errors gets no page.
fn build_one(job: &Job, args: &Args, config: &Config, inside: &Confinement) -> Built {
    let file = job.file.as_path();
    let result = project::review_file_in(file, config, inside);
    let mut built = Built {
        report: report_of(file, &result.diagnostics, &result.sources),
        exit: exit_for(&result.diagnostics),
        page: None,
        failure: None,
        withdrawn: None,
    };
    let path = args.out.join(&job.name);
    let valid = !result.diagnostics.iter().any(Diagnostic::is_error);
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
    let (true, Some(review), Some(coverage)) = (valid, review, coverage) else {
        withdraw(&path, &mut built);
        return built;
    };
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
                format!("cannot be written: {e}"),
            ));
        }
    }
    built
}

/// Removes the page an earlier build wrote at `path` for a file that now has
/// errors: a published page must never show a review known to be wrong or
/// stale, and the index, which lists only this build's pages, would no
/// longer lead to it. The next good build writes it again.
fn withdraw(path: &Path, built: &mut Built) {
    // Only a page can be there: `plan` keeps inputs out of `--out`.
    let is_page = std::fs::symlink_metadata(path).is_ok_and(|m| !m.is_dir());
    if !is_page {
        return;
    }
    match std::fs::remove_file(path) {
        Ok(()) => built.withdrawn = Some(path.to_path_buf()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            built.failure = Some(
                Diagnostic::error(
                    codes::IO,
                    path,
                    format!("the page of a file with errors cannot be removed: {e}"),
                )
                .with_help("remove it by hand: it shows a review that no longer holds"),
            );
        }
    }
}

pub fn run(args: Args, config: &Config) -> Exit {
    let inside = Confinement::of(config);
    let jobs = match project::find_annotation_files(&args.paths) {
        Ok(found) => match plan(found, &args.out, &inside) {
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
                format!("cannot hold the pages: {e}"),
            ));
        }
    };
    // Under the lock, what is left of a killed build is nobody's work.
    let stale = project::remove_stale_temporaries(&args.out);
    if stale > 0 {
        err!(
            "removed {stale} temporary file(s) that a killed build left in {}",
            printable(&args.out.display().to_string())
        );
    }
    // Files are built in parallel, each page written as soon as it is done,
    // and reported in file order.
    let mut entries = Vec::with_capacity(jobs.len());
    let mut exit = Exit::Ok;
    let mut failure = None;
    in_order(
        &jobs,
        |job| build_one(job, &args, config, &inside),
        |b| {
            eprint_text(&b.report);
            if let Some(f) = b.failure {
                failure = Some(f);
                return ControlFlow::Break(());
            }
            exit = exit.max(b.exit);
            if let Some(path) = b.withdrawn {
                out!(
                    "removed {} (its annotation file has errors)",
                    printable(&path.display().to_string())
                );
            }
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
                format!("cannot be written: {e}"),
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
