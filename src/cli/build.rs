//! `factmark build`: every annotation file → DIR/<slug>.html, and the site
//! around the pages: DIR/index.html, DIR/feed.xml (Atom) and DIR/claims.json
//! (every ClaimReview); with `--fragments` also DIR/<slug>.fragment.html
//! and DIR/factmark.css. A file with errors gets no page, and the site
//! leaves it out.

use std::collections::{BTreeMap, HashSet};
use std::io;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use factmark::Diagnostic;
use factmark::anchor::Review;
use factmark::config::Config;
use factmark::coverage::Coverage;
use factmark::diagnostic::codes;
use factmark::project::{self, Confinement, FileReview, Published};
use factmark::render::{self, Claims, IndexEntry, PageOptions};
use factmark::report::printable_path;
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
    #[arg(long, value_name = "URL", value_parser = super::base_url)]
    base_url: Option<String>,
    /// Pass raw HTML blocks of articles through a sanitiser instead of escaping them.
    #[arg(long)]
    allow_raw_html: bool,
    /// Also write each page's body with its notes as an HTML fragment beside
    /// it (<slug>.fragment.html), and the pages' stylesheet as factmark.css,
    /// for a CMS template to host.
    #[arg(long)]
    fragments: bool,
}

/// What building one page leaves behind: small, so that memory holds one
/// article per worker, not the corpus.
struct Built {
    /// The exit code the file's findings call for.
    exit: Exit,
    /// The findings rendered for people.
    report: String,
    /// The page, when there is one.
    page: Option<Page>,
    /// A page that could not be written.
    failure: Option<Diagnostic>,
    /// The page (and fragment) of an earlier build, removed because the
    /// file now has errors.
    withdrawn: Vec<PathBuf>,
}

/// What the site keeps of a page that was built.
struct Page {
    /// The page, written or already up to date.
    page: (PathBuf, Published),
    /// Its fragment, with `--fragments`.
    fragment: Option<(PathBuf, Published)>,
    /// What the index and the feed say about it.
    entry: IndexEntry,
    /// Its ClaimReview items, for `claims.json`.
    claims: String,
}

/// One page to build: an annotation file and where its page goes.
pub(super) struct Job {
    pub(super) file: PathBuf,
    /// The page's path under `--out`, `/`-separated: `2024/election.html`.
    pub(super) name: String,
    /// Its fragment's path under `--out` (`2024/election.fragment.html`),
    /// unless that is another file's page, which it must never touch.
    fragment: Option<String>,
}

impl Job {
    /// The page's link from the index and its URL under `--base-url`: each
    /// part of the name percent-encoded (`x#y.html` is a page, not `x`
    /// with a fragment).
    pub(super) fn href(&self) -> String {
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
/// the project sends elsewhere, an input (annotation file or article)
/// inside `out`, where a page could replace it, or, with `fragments`, a
/// fragment in the place of another file's page.
pub(super) fn plan(
    found: Vec<project::Found>,
    out: &Path,
    inside: &Confinement,
    fragments: bool,
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
    let lands_inside = |page: &Path| {
        inside
            .resolved(page.parent().unwrap_or(out))
            .starts_with(&out_landed)
    };
    let (jobs, mut refusals) = name_pages(found, out, fragments, lands_inside);
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

/// The pages of `found`, named as under `out` (which only messages show),
/// and the findings that refuse some of them: two files that would write one
/// page, a page in the place of the site's index, a page that
/// `lands_inside` says a symlink would send out of `out`, or, with
/// `fragments`, a fragment in the place of another file's page. `serve`,
/// whose pages live in memory, names them the same way.
pub(super) fn name_pages(
    found: Vec<project::Found>,
    out: &Path,
    fragments: bool,
    lands_inside: impl Fn(&Path) -> bool,
) -> (Vec<Job>, Vec<Diagnostic>) {
    let mut refusals = Vec::new();
    let mut writers: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut jobs = Vec::with_capacity(found.len());
    for project::Found { file, relative } in found {
        // Lossy, two such names would make one page; a web address needs
        // UTF-8 anyway.
        if relative.to_str().is_none() {
            refusals.push(
                Diagnostic::error(
                    codes::IO,
                    &file,
                    format!(
                        "its name, {}, is not UTF-8, so it can give no page a name",
                        printable_path(&relative)
                    ),
                )
                .with_help("rename the file: a page's name is the file's, ending in `.html`"),
            );
            continue;
        }
        let parts: Vec<String> = relative
            .with_extension("html")
            .iter()
            .map(|part| part.to_string_lossy().into_owned())
            .collect();
        let name = parts.join("/");
        let page = out.join(&name);
        let folder = name.split_once('/').map(|(first, _)| first);
        if name == INDEX {
            refusals.push(
                Diagnostic::error(codes::IO, &file, "its page would be the site's index")
                    .with_help("rename the file: `index.html` is the list of every page"),
            );
        } else if let Some(taken) = folder.filter(|f| [INDEX, FEED, CLAIMS, STYLESHEET].contains(f))
        {
            refusals.push(
                Diagnostic::error(
                    codes::IO,
                    &file,
                    format!(
                        "its page would be in a folder {taken}, the name of a file of the site"
                    ),
                )
                .with_help(format!(
                    "rename the folder: `{taken}` under --out is the site's own file"
                )),
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
        } else if !lands_inside(&page) {
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
            jobs.push(Job {
                file,
                name,
                fragment: None,
            });
        }
    }
    // `x.fragment.yaml`'s page has the name of `x.yaml`'s fragment.
    for job in &mut jobs {
        let fragment = fragment_name(&job.name);
        match writers.get(&fragment) {
            None => job.fragment = Some(fragment),
            Some(page_of) if fragments => refusals.push(
                Diagnostic::error(
                    codes::IO,
                    &job.file,
                    format!(
                        "its fragment would be {}, the page of {}",
                        out.join(&fragment).display(),
                        page_of.display()
                    ),
                )
                .with_help(
                    "rename one of the two: a page's fragment is its name with \
                     `.fragment.html` (`x.yaml` makes `x.fragment.html`, which is also \
                     the page of `x.fragment.yaml`)",
                ),
            ),
            Some(_) => {}
        }
    }
    (jobs, refusals)
}

/// The site index's name under `--out`.
pub(super) const INDEX: &str = "index.html";
/// The Atom feed's name under `--out`, where the index links to it.
pub(super) const FEED: &str = render::FEED_FILE;
/// The name under `--out` of the file holding every ClaimReview of the
/// site, where the index links to it.
pub(super) const CLAIMS: &str = render::CLAIMS_FILE;
/// The stylesheet of the fragments, under `--out`.
const STYLESHEET: &str = "factmark.css";

/// The name of page `name`'s fragment: `2024/x.html` → `2024/x.fragment.html`.
fn fragment_name(name: &str) -> String {
    format!(
        "{}.fragment.html",
        name.strip_suffix(".html").unwrap_or(name)
    )
}

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
        withdrawn: Vec::new(),
    };
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
        withdraw(&args.out.join(&job.name), &mut built);
        if let Some(fragment) = &job.fragment {
            withdraw(&args.out.join(fragment), &mut built);
        }
        return built;
    };
    match publish_page(job, args, review, coverage) {
        Ok(page) => built.page = Some(page),
        Err(failure) => built.failure = Some(*failure),
    }
    built
}

/// Renders and writes the page of `review` (and with `--fragments` its
/// fragment), and keeps what the site needs of it.
fn publish_page(
    job: &Job,
    args: &Args,
    review: Review,
    coverage: Coverage,
) -> Result<Page, Box<Diagnostic>> {
    let href = job.href();
    let options = PageOptions {
        page_url: super::page_url(args.base_url.as_deref(), &href),
        organisation: None,
        allow_raw_html: args.allow_raw_html,
    };
    // The fragment first: `render_page` takes the review.
    let fragment = match (args.fragments, &job.fragment) {
        (true, Some(name)) => {
            let path = args.out.join(name);
            let html = render::fragment(&review, &coverage, &options);
            let published = write(&path, &html)?;
            Some((path, published))
        }
        _ => None,
    };
    let path = args.out.join(&job.name);
    let Rendered {
        html,
        entry,
        claims,
    } = render_page(review, coverage, href, &options);
    let published = write(&path, &html)?;
    Ok(Page {
        page: (path, published),
        fragment,
        entry,
        claims,
    })
}

/// A page made in memory: what `build` writes and `serve` serves.
#[derive(Debug)]
pub(super) struct Rendered {
    /// The page.
    pub(super) html: String,
    /// What the index and the feed say about it.
    pub(super) entry: IndexEntry,
    /// Its ClaimReview items, for `claims.json`.
    pub(super) claims: String,
}

/// Renders the page of `review`, linked from the index as `href`, and keeps
/// what the site needs of it. The review is dropped before the page's
/// ClaimReviews are copied out of it: on an archive-sized article the
/// review, the page and the copy (tens of megabytes each) are never all in
/// memory at once.
pub(super) fn render_page(
    review: Review,
    coverage: Coverage,
    href: String,
    options: &PageOptions,
) -> Rendered {
    let html = render::page(&review, &coverage, options);
    let entry = IndexEntry::new(&review, coverage, href, options.page_url.clone());
    drop(review);
    let claims = render::claim_reviews_of(&html).to_owned();
    Rendered {
        html,
        entry,
        claims,
    }
}

/// Publishes `html` at `path`.
fn write(path: &Path, html: &str) -> Result<Published, Box<Diagnostic>> {
    project::publish(path, html.as_bytes()).map_err(|e| Box::new(cannot_write(path, &e)))
}

/// The finding for an output that cannot be written.
fn cannot_write(path: &Path, e: &io::Error) -> Diagnostic {
    Diagnostic::error(codes::IO, path, format!("cannot be written: {e}"))
}

/// What every page and fragment factmark writes holds: its article element.
const PAGE_MARK: &str = "<article class=\"factmark\">";

/// Removes the page (or fragment) an earlier build wrote at `path` for a
/// file that now has errors: a published page must never show a review
/// known to be wrong or stale, and the index, which lists only this build's
/// pages, would no longer lead to it. The next good build writes it again.
fn withdraw(path: &Path, built: &mut Built) {
    match remove_own_page(path) {
        Ok(true) => built.withdrawn.push(path.to_path_buf()),
        Ok(false) => {}
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

/// Removes `path` if it is a page or fragment factmark wrote (its article
/// element is factmark's), and says whether it did. `plan` keeps inputs out
/// of `--out`, but a file someone put there by hand is theirs.
fn remove_own_page(path: &Path) -> io::Result<bool> {
    let own = std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
        && project::read_text(path).is_ok_and(|html| html.contains(PAGE_MARK));
    if !own {
        return Ok(false);
    }
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Removes the pages and fragments that an earlier build wrote under `out`
/// and that none of `jobs` makes now, because their annotation file was
/// deleted or renamed: no page stays on the site that the index does not
/// list. A file that factmark did not write is left alone, and symlinks
/// are not followed.
fn withdraw_orphans(out: &Path, jobs: &[Job]) -> Result<Vec<PathBuf>, Box<Diagnostic>> {
    let current: HashSet<&str> = jobs
        .iter()
        .flat_map(|job| std::iter::once(job.name.as_str()).chain(job.fragment.as_deref()))
        .chain([INDEX])
        .collect();
    let mut removed = Vec::new();
    // (folder, its name under `out` with a trailing `/`, or "" for `out`)
    let mut folders = vec![(out.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let (Ok(kind), Some(name)) = (entry.file_type(), entry.file_name().into_string().ok())
            else {
                continue;
            };
            let relative = format!("{prefix}{name}");
            if kind.is_dir() {
                folders.push((entry.path(), format!("{relative}/")));
                continue;
            }
            if !name.ends_with(".html") || current.contains(relative.as_str()) {
                continue;
            }
            let path = entry.path();
            match remove_own_page(&path) {
                Ok(true) => removed.push(path),
                Ok(false) => {}
                Err(e) => {
                    return Err(Box::new(
                        Diagnostic::error(
                            codes::IO,
                            &path,
                            format!("a page no annotation file makes now cannot be removed: {e}"),
                        )
                        .with_help("remove it by hand: the index no longer lists it"),
                    ));
                }
            }
        }
    }
    removed.sort();
    Ok(removed)
}

pub fn run(args: Args, config: &Config) -> Exit {
    let inside = Confinement::of(config);
    let jobs = match project::find_annotation_files(&args.paths) {
        Ok(found) => match plan(found, &args.out, &inside, args.fragments) {
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
            printable_path(&args.out)
        );
    }
    // Written page by page, in file order, as the pages are reported.
    let claims_path = args.out.join(CLAIMS);
    // The first file written into `--out`: a folder that takes no file is
    // named as such, before any page is made.
    let mut claims = match project::stage(&claims_path) {
        Ok(staged) => Claims::new(staged),
        Err(e) => {
            return trouble(Diagnostic::error(
                codes::IO,
                &args.out,
                format!("no file can be written in this folder: {e}"),
            ));
        }
    };
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
            for path in b.withdrawn {
                out!(
                    "removed {} (its annotation file has errors)",
                    printable_path(&path)
                );
            }
            if let Some(page) = b.page {
                for (path, published) in std::iter::once(&page.page).chain(&page.fragment) {
                    out!("{} {}", verb(*published), printable_path(path));
                }
                if let Err(e) = claims.push(&page.claims) {
                    failure = Some(cannot_write(&claims_path, &e));
                    return ControlFlow::Break(());
                }
                entries.push(page.entry);
            }
            ControlFlow::Continue(())
        },
    );
    if let Some(failure) = failure {
        return trouble(failure);
    }
    match withdraw_orphans(&args.out, &jobs) {
        Ok(removed) => {
            for path in removed {
                out!(
                    "removed {} (no annotation file makes it now)",
                    printable_path(&path)
                );
            }
        }
        Err(failure) => return trouble(*failure),
    }
    if let Err(failure) = write_site(&args, config, &entries, claims) {
        return trouble(*failure);
    }
    exit
}

/// Writes the site around the pages, each file reported as a page is: the
/// index, the feed, `claims.json` (whose items are already written), and
/// with `--fragments` the stylesheet.
fn write_site(
    args: &Args,
    config: &Config,
    entries: &[IndexEntry],
    claims: Claims<project::Staged>,
) -> Result<(), Box<Diagnostic>> {
    let path = args.out.join(INDEX);
    let index = render::index(entries, &config.vocabulary);
    let published = project::publish(&path, index.as_bytes());
    let count = format!(" ({})", super::count(entries.len(), "article"));
    reported(&path, published, &count)?;
    let path = args.out.join(FEED);
    let feed = render::feed(entries, &config.vocabulary, args.base_url.as_deref());
    reported(
        &path,
        feed.and_then(|xml| project::publish(&path, &xml)),
        "",
    )?;
    let path = args.out.join(CLAIMS);
    reported(
        &path,
        claims.finish().and_then(project::Staged::publish),
        "",
    )?;
    if args.fragments {
        let path = args.out.join(STYLESHEET);
        let css = render::stylesheet(&config.vocabulary);
        reported(&path, project::publish(&path, css.as_bytes()), "")?;
    }
    Ok(())
}

/// Prints what became of the site's file at `path` (`note` after its
/// name), or the finding that it could not be written.
fn reported(
    path: &Path,
    published: io::Result<Published>,
    note: &str,
) -> Result<(), Box<Diagnostic>> {
    let published = published.map_err(|e| Box::new(cannot_write(path, &e)))?;
    let shown = printable_path(path);
    out!("{} {shown}{note}", verb(published));
    Ok(())
}

/// How a page's line on stdout starts.
fn verb(published: Published) -> &'static str {
    match published {
        Published::Written => "wrote",
        Published::Unchanged => "unchanged",
    }
}
