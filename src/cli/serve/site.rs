//! The site `serve` keeps in memory: per annotation file, the article it
//! names, its last good page and index entry, and its findings; and the
//! pages as served, with the reload script and, where there are errors,
//! the overlay. A change rebuilds only the files it touches.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};

use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::project::{self, Confinement, FileReview};
use factmark::render::{self, Claims, IndexEntry, PageOptions};
use factmark::store::Vocabulary;
use rayon::prelude::*;

use super::overlay;
use super::watch::Deps;
use crate::cli::build::{self, Job, Rendered};
use crate::cli::{count, report_of};

/// How many files with errors the index's overlay lists in full.
const LISTED_ON_INDEX: usize = 20;

/// A page as served, and its version: a number that changes whenever what
/// the page shows does, which the reload script compares.
#[derive(Debug, Clone)]
pub struct Served {
    /// The page, with the reload script (and overlay) in.
    pub body: Arc<Vec<u8>>,
    /// Its version.
    pub version: u64,
}

/// What the server serves, replaced piece by piece as pages are rebuilt.
#[derive(Debug, Default)]
pub struct Site {
    /// Every page, and `index.html`, by name.
    pub pages: HashMap<String, Served>,
    /// The pages the index lists, in file order, for the feed and
    /// `claims.json`, which are made when asked for.
    listed: Vec<Arc<Rendered>>,
    vocabulary: Arc<Vocabulary>,
    base_url: Option<String>,
    /// The feed and `claims.json` once made, until the next rebuild.
    feed: Option<Arc<Vec<u8>>>,
    claims: Option<Arc<Vec<u8>>>,
}

impl Site {
    /// The version of page `name`; 0 when there is no such page.
    pub fn version_of(&self, name: &str) -> u64 {
        self.pages.get(name).map_or(0, |p| p.version)
    }

    /// The feed (Atom) of the pages the index lists.
    pub fn feed(&mut self) -> Option<Arc<Vec<u8>>> {
        if self.feed.is_none() {
            let xml = feed_of(&self.listed, &self.vocabulary, self.base_url.as_deref()).ok()?;
            self.feed = Some(Arc::new(xml));
        }
        self.feed.clone()
    }

    /// `claims.json`: every ClaimReview of the pages the index lists.
    pub fn claims(&mut self) -> Option<Arc<Vec<u8>>> {
        if self.claims.is_none() {
            self.claims = Some(Arc::new(claims_of(&self.listed).ok()?));
        }
        self.claims.clone()
    }
}

/// The site and the signal that it changed, shared by the builder, the
/// request handlers and the event streams.
#[derive(Debug, Default)]
pub struct Shared {
    site: Mutex<Site>,
    /// Notified after every rebuild.
    pub changed: Condvar,
}

impl Shared {
    /// The site, locked. A handler that panicked cannot have left it half
    /// changed (only the builder changes it), so a poisoned lock is used.
    pub fn site(&self) -> MutexGuard<'_, Site> {
        self.site.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Settings of the pages, from the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The annotation files or folders searched.
    pub paths: Vec<PathBuf>,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--allow-raw-html`.
    pub allow_raw_html: bool,
    /// `--out`: where the site is also written, as `build` writes it.
    pub out: Option<PathBuf>,
}

/// One annotation file as last built.
struct FileState {
    job: Job,
    deps: Deps,
    /// Its last page without errors, kept while it has errors.
    good: Option<Arc<Rendered>>,
    /// Its errors for the overlay (empty when it has none).
    trouble: String,
    errors: usize,
    warnings: usize,
    /// What its served page shows (a hash): a rebuild that changes
    /// nothing on the page does not reload it.
    shown: u64,
}

/// What reviewing one file gave.
struct Outcome {
    article: Option<PathBuf>,
    rendered: Option<Rendered>,
    trouble: String,
    report: String,
    errors: usize,
    warnings: usize,
}

/// What a rebuild did, for the terminal.
#[derive(Debug, Default)]
pub struct Summary {
    /// Pages rebuilt.
    pub pages: usize,
    /// Errors and warnings of the rebuilt files.
    pub errors: usize,
    /// See `errors`.
    pub warnings: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}; {}, {}",
            count(self.pages, "page"),
            count(self.errors, "error"),
            count(self.warnings, "warning")
        )
    }
}

/// The builder's side of the site: every file's state, and what turns it
/// into served pages.
pub struct Builder {
    settings: Settings,
    config: Config,
    /// The findings of a `factmark.yaml` that no longer reads, for the
    /// overlay on every page; the last good configuration stays in use.
    config_trouble: String,
    /// Files refused a page (two files for one page; a page named like the
    /// index), for the index's overlay.
    refusals: String,
    files: Vec<FileState>,
    /// With `--out`, whether writing there is refused for now (an input
    /// came to lie inside it, where a page could replace it), as `build`
    /// would refuse it; the refusal is on the index.
    out_refused: bool,
    /// The last version handed out.
    version: u64,
    /// What the served index shows (a hash).
    index_shown: u64,
    shared: Arc<Shared>,
    /// With `--out`, the lock on that folder, held while serving, so that
    /// a `build` into it waits.
    _out_lock: Option<project::FolderLock>,
}

impl Builder {
    /// Finds the annotation files and builds every page, or the findings
    /// that refuse to start (as `build` refuses them).
    pub fn new(
        settings: Settings,
        config: Config,
        shared: Arc<Shared>,
    ) -> Result<(Builder, Summary), Vec<Diagnostic>> {
        let found = project::find_annotation_files(&settings.paths).map_err(|d| vec![d])?;
        let jobs = plan(found, &settings, &config)?;
        let out_lock = match &settings.out {
            Some(out) => Some(lock(out)?),
            None => None,
        };
        let mut builder = Builder {
            settings,
            config,
            config_trouble: String::new(),
            refusals: String::new(),
            files: Vec::new(),
            out_refused: false,
            version: first_version(),
            index_shown: 0,
            shared,
            _out_lock: out_lock,
        };
        builder.files = jobs.into_iter().map(FileState::new).collect();
        let all: BTreeSet<usize> = (0..builder.files.len()).collect();
        let summary = builder.rebuild(&all);
        builder.publish(&all, &[]);
        Ok((builder, summary))
    }

    /// What each file depends on, in file order.
    pub fn deps(&self) -> Vec<Deps> {
        self.files.iter().map(|f| f.deps.clone()).collect()
    }

    /// The articles the files name, for the watcher.
    pub fn articles(&self) -> impl Iterator<Item = &Path> {
        self.files.iter().filter_map(|f| f.deps.article.as_deref())
    }

    /// Rebuilds files `which` (indices into [`Builder::deps`]) and serves
    /// them; with `listing`, lists the annotation files again first
    /// (new files are built, gone ones leave the site).
    pub fn update(&mut self, which: &BTreeSet<usize>, listing: bool) -> Summary {
        let (summary, redo, removed) = self.rebuild_touched(which, listing);
        self.publish(&redo, &removed);
        summary
    }

    /// What [`Builder::update`] does but serve: the files to serve again
    /// and the names of the pages gone besides the summary.
    fn rebuild_touched(
        &mut self,
        which: &BTreeSet<usize>,
        listing: bool,
    ) -> (Summary, BTreeSet<usize>, Vec<String>) {
        let wanted: BTreeSet<PathBuf> = which
            .iter()
            .filter_map(|&i| self.files.get(i))
            .map(|f| f.deps.file.clone())
            .collect();
        let mut removed = Vec::new();
        let mut fresh = BTreeSet::new();
        let was_refused = self.out_refused;
        if listing {
            (removed, fresh) = self.relist();
        }
        let mut redo: BTreeSet<usize> = self
            .files
            .iter()
            .enumerate()
            .filter(|(_, f)| wanted.contains(&f.deps.file))
            .map(|(i, _)| i)
            .collect();
        redo.extend(fresh);
        let summary = self.rebuild(&redo);
        if was_refused && !self.out_refused {
            // `--out` may be written again: what changed meanwhile is too.
            redo = (0..self.files.len()).collect();
        }
        (summary, redo, removed)
    }

    /// Takes `config`, the configuration read again, and rebuilds all; or,
    /// when it does not read (`Err`), keeps the last good one, shows its
    /// findings on every page and does what changed with it (files
    /// `which`, and with `listing` the list of files), as
    /// [`Builder::update`] does.
    pub fn reconfigure(
        &mut self,
        config: Result<Config, (Vec<Diagnostic>, BTreeMap<PathBuf, String>)>,
        config_file: &Path,
        which: &BTreeSet<usize>,
        listing: bool,
    ) -> Summary {
        match config {
            Ok(config) => {
                self.config = config;
                self.config_trouble.clear();
                let all: BTreeSet<usize> = (0..self.files.len()).collect();
                self.update(&all, true)
            }
            Err((findings, sources)) => {
                crate::cli::eprint_human(&findings, &sources);
                self.config_trouble = overlay::findings(config_file, &findings, &sources);
                // Every page shows the findings: all are served again.
                let (mut summary, _, removed) = self.rebuild_touched(which, listing);
                let all: BTreeSet<usize> = (0..self.files.len()).collect();
                self.publish(&all, &removed);
                summary.errors += findings.iter().filter(|d| d.is_error()).count();
                summary
            }
        }
    }

    /// Lists the annotation files again, keeping the state of those still
    /// there under the same page: the names of the pages gone, and the
    /// indices of the files new.
    fn relist(&mut self) -> (Vec<String>, BTreeSet<usize>) {
        let found = match project::find_annotation_files(&self.settings.paths) {
            Ok(found) => found,
            Err(d) => {
                // A searched folder gone: nothing is known to have changed.
                crate::cli::eprint_human(&[d], &Default::default());
                return (Vec::new(), BTreeSet::new());
            }
        };
        let (jobs, refusals) = match plan(found.clone(), &self.settings, &self.config) {
            Ok(jobs) => (jobs, Vec::new()),
            // Refused pages are left out, and said so on the index.
            Err(refusals) => {
                let (jobs, _) = build::name_pages(found, Path::new(""), false, |_| true);
                let refused: BTreeSet<&PathBuf> = refusals.iter().map(|d| &d.file).collect();
                let jobs = jobs
                    .into_iter()
                    .filter(|j| !refused.contains(&j.file))
                    .collect();
                (jobs, refusals)
            }
        };
        crate::cli::eprint_human(&refusals, &Default::default());
        // A refusal of the folder itself, not of one file's page.
        self.out_refused = refusals
            .iter()
            .any(|d| self.settings.out.as_ref() == Some(&d.file));
        self.refusals = overlay::findings(
            Path::new("the annotation files"),
            &refusals,
            &Default::default(),
        );
        let mut old: HashMap<(PathBuf, String), FileState> = self
            .files
            .drain(..)
            .map(|f| ((f.job.file.clone(), f.job.name.clone()), f))
            .collect();
        let mut fresh = BTreeSet::new();
        for job in jobs {
            match old.remove(&(job.file.clone(), job.name.clone())) {
                Some(state) => self.files.push(state),
                None => {
                    fresh.insert(self.files.len());
                    self.files.push(FileState::new(job));
                }
            }
        }
        let removed = old.into_values().map(|f| f.job.name).collect();
        (removed, fresh)
    }

    /// Reviews and renders files `which`, in parallel, and prints their
    /// findings in file order.
    fn rebuild(&mut self, which: &BTreeSet<usize>) -> Summary {
        let inside = Confinement::of(&self.config);
        let jobs: Vec<(usize, &Job)> = which
            .iter()
            .filter_map(|&i| Some((i, &self.files.get(i)?.job)))
            .collect();
        let (config, settings) = (&self.config, &self.settings);
        let outcomes: Vec<(usize, Outcome)> = jobs
            .par_iter()
            .map(|&(i, job)| (i, review(job, config, &inside, settings)))
            .collect();
        let mut summary = Summary::default();
        for (i, outcome) in outcomes {
            crate::cli::eprint_text(&outcome.report);
            summary.pages += 1;
            summary.errors += outcome.errors;
            summary.warnings += outcome.warnings;
            let state = &mut self.files[i];
            state.deps = Deps::of(&state.job.file, outcome.article.as_deref());
            if let Some(rendered) = outcome.rendered {
                state.good = Some(Arc::new(rendered));
            }
            state.trouble = outcome.trouble;
            state.errors = outcome.errors;
            state.warnings = outcome.warnings;
        }
        summary
    }

    /// Serves the pages of files `which` as they now are, the index, and no
    /// longer the pages `removed`; then tells the event streams.
    fn publish(&mut self, which: &BTreeSet<usize>, removed: &[String]) {
        let mut served = Vec::new();
        for &i in which {
            let Some(state) = self.files.get(i) else {
                continue;
            };
            let (base, extra) = self.page_of(state);
            let shown = hash_of(&base, &extra);
            if shown == state.shown {
                continue;
            }
            let version = self.version + 1;
            let extra = extra + &overlay::script(&state.job.name, version);
            let body = Arc::new(overlay::inject(&base, &extra));
            served.push((state.job.name.clone(), Served { body, version }));
            self.version = version;
            self.files[i].shown = shown;
        }
        let listed: Vec<Arc<Rendered>> = self
            .files
            .iter()
            .filter(|f| f.errors == 0)
            .filter_map(|f| f.good.clone())
            .collect();
        let entries: Vec<IndexEntry> = listed.iter().map(|r| r.entry.clone()).collect();
        let index = render::index(&entries, &self.config.vocabulary);
        let index_extra = self.index_overlay();
        let shown = hash_of(&index, &index_extra);
        if shown != self.index_shown {
            self.version += 1;
            self.index_shown = shown;
            let extra = index_extra + &overlay::script(build::INDEX, self.version);
            served.push((
                build::INDEX.to_owned(),
                Served {
                    body: Arc::new(overlay::inject(&index, &extra)),
                    version: self.version,
                },
            ));
        }
        if let Some(out) = &self.settings.out
            && !self.out_refused
        {
            let failures = self.write_out(out, which, removed, &listed, &index);
            crate::cli::eprint_human(&failures, &Default::default());
        }
        let mut site = self.shared.site();
        for name in removed {
            site.pages.remove(name);
        }
        site.pages.extend(served);
        site.listed = listed;
        site.vocabulary = self.config.vocabulary.clone();
        site.base_url = self.settings.base_url.clone();
        site.feed = None;
        site.claims = None;
        drop(site);
        self.shared.changed.notify_all();
    }

    /// With `--out`, writes what `build` would have written there for
    /// files `which` (their pages; withdrawn for files with errors), takes
    /// away the pages `removed`, and writes the index, the feed and
    /// `claims.json` of the pages `listed`, which `index` lists; the
    /// findings of what could not be written.
    fn write_out(
        &self,
        out: &Path,
        which: &BTreeSet<usize>,
        removed: &[String],
        listed: &[Arc<Rendered>],
        index: &str,
    ) -> Vec<Diagnostic> {
        let cannot = |path: &Path, e: &std::io::Error| {
            Diagnostic::error(codes::IO, path, format!("cannot be written: {e}"))
        };
        let write = |name: &str, bytes: &[u8]| {
            let path = out.join(name);
            project::publish(&path, bytes)
                .err()
                .map(|e| cannot(&path, &e))
        };
        let mut failures = Vec::new();
        let mut gone: Vec<&str> = removed.iter().map(String::as_str).collect();
        for state in which.iter().filter_map(|&i| self.files.get(i)) {
            match (&state.good, state.errors) {
                (Some(good), 0) => failures.extend(write(&state.job.name, good.html.as_bytes())),
                // As `build` does: no page shows a review known to be wrong.
                _ => gone.push(&state.job.name),
            }
        }
        failures.extend(write(build::INDEX, index.as_bytes()));
        let feed = feed_of(
            listed,
            &self.config.vocabulary,
            self.settings.base_url.as_deref(),
        );
        failures.extend(match feed {
            Ok(feed) => write(build::FEED, &feed),
            Err(e) => Some(cannot(&out.join(build::FEED), &e)),
        });
        // Writing into memory cannot fail.
        if let Ok(claims) = claims_of(listed) {
            failures.extend(write(build::CLAIMS, &claims));
        }
        for name in gone {
            let path = out.join(name);
            let is_page = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file());
            if is_page && let Err(e) = std::fs::remove_file(&path) {
                failures.push(
                    Diagnostic::error(
                        codes::IO,
                        &path,
                        format!("the page of a file with errors cannot be removed: {e}"),
                    )
                    .with_help("remove it by hand: it shows a review that no longer holds"),
                );
            }
        }
        failures
    }

    /// The page of `state` to serve, and what goes in before its
    /// `</body>` besides the reload script: its last good page, else a
    /// plain one, and the overlay when there are errors.
    fn page_of<'a>(&self, state: &'a FileState) -> (Cow<'a, str>, String) {
        let sections: Vec<&str> = [self.config_trouble.as_str(), state.trouble.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let file = factmark::report::printable_path(&state.job.file);
        match &state.good {
            Some(good) => {
                let extra = if sections.is_empty() {
                    String::new()
                } else {
                    overlay::overlay(
                        &sections,
                        "the page below is its last render without errors",
                    )
                };
                (Cow::Borrowed(good.html.as_str()), extra)
            }
            None => (
                Cow::Owned(overlay::plain_page(&format!("{file}: errors"), "")),
                overlay::overlay(
                    &sections,
                    &format!("{file} has not yet been reviewed without errors"),
                ),
            ),
        }
    }

    /// The overlay of the index: the configuration's findings, the files
    /// refused a page, and the files with errors (the index lists only the
    /// others, as `build`'s does), the first of them in full.
    fn index_overlay(&self) -> String {
        let troubled: Vec<&FileState> = self.files.iter().filter(|f| f.errors > 0).collect();
        let mut sections: Vec<&str> = [self.config_trouble.as_str(), self.refusals.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        sections.extend(
            troubled
                .iter()
                .take(LISTED_ON_INDEX)
                .map(|f| f.trouble.as_str()),
        );
        let more = troubled.len().saturating_sub(LISTED_ON_INDEX);
        let more = if more > 0 {
            format!("<p>and {} more with errors.</p>\n", count(more, "file"))
        } else {
            String::new()
        };
        sections.push(&more);
        if sections.iter().all(|s| s.is_empty()) {
            return String::new();
        }
        let underneath = match troubled.len() {
            0 => "the index below lists every page".to_owned(),
            n => format!(
                "the index below leaves out {} with errors, as `build` would",
                count(n, "file")
            ),
        };
        overlay::overlay(&sections, &underneath)
    }
}

impl FileState {
    fn new(job: Job) -> Self {
        FileState {
            deps: Deps::of(&job.file, None),
            job,
            good: None,
            trouble: String::new(),
            errors: 0,
            warnings: 0,
            shown: 0,
        }
    }
}

/// The pages of `found`, named as `build` names them, or the findings that
/// refuse them; with `--out`, `build`'s checks of that folder too (no input
/// inside it, no page sent out of it by a symlink).
fn plan(
    found: Vec<project::Found>,
    settings: &Settings,
    config: &Config,
) -> Result<Vec<Job>, Vec<Diagnostic>> {
    match &settings.out {
        Some(out) => build::plan(found, out, &Confinement::of(config), false),
        None => {
            let (jobs, refusals) = build::name_pages(found, Path::new(""), false, |_| true);
            if refusals.is_empty() {
                Ok(jobs)
            } else {
                Err(refusals)
            }
        }
    }
}

/// The Atom feed of the pages `listed`.
fn feed_of(
    listed: &[Arc<Rendered>],
    vocabulary: &Vocabulary,
    base_url: Option<&str>,
) -> std::io::Result<Vec<u8>> {
    let entries: Vec<IndexEntry> = listed.iter().map(|r| r.entry.clone()).collect();
    render::feed(&entries, vocabulary, base_url)
}

/// `claims.json` of the pages `listed`: every ClaimReview of theirs.
fn claims_of(listed: &[Arc<Rendered>]) -> std::io::Result<Vec<u8>> {
    let mut claims = Claims::new(Vec::new());
    for page in listed {
        claims.push(&page.claims)?;
    }
    claims.finish()
}

/// Locks `--out` as `build` does, and removes what a killed run left there.
fn lock(out: &Path) -> Result<project::FolderLock, Vec<Diagnostic>> {
    let waiting = || err!("waiting for a build into {} to finish", out.display());
    let lock = project::lock_folder(out, waiting).map_err(|e| {
        vec![Diagnostic::error(
            codes::IO,
            out,
            format!("cannot hold the pages: {e}"),
        )]
    })?;
    project::remove_stale_temporaries(out);
    Ok(lock)
}

/// Reviews one file and renders its page when it has no error.
fn review(job: &Job, config: &Config, inside: &Confinement, settings: &Settings) -> Outcome {
    let file = job.file.as_path();
    let result = project::review_file_in(file, config, inside);
    let errors = result.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = result.diagnostics.len() - errors;
    let report = report_of(file, &result.diagnostics, &result.sources);
    let trouble = overlay::findings(file, &result.diagnostics, &result.sources);
    // A half-typed file still names its article, as far as it reads: an
    // edit of the article must still reach it.
    let article = result
        .article
        .clone()
        .or_else(|| project::article_of(file, inside));
    let FileReview {
        review, coverage, ..
    } = result;
    let rendered = match (errors, review, coverage) {
        (0, Some(review), Some(coverage)) => {
            let href = job.href();
            let options = PageOptions {
                page_url: crate::cli::page_url(settings.base_url.as_deref(), &href),
                organisation: None,
                allow_raw_html: settings.allow_raw_html,
            };
            Some(build::render_page(review, coverage, href, &options))
        }
        _ => None,
    };
    Outcome {
        article,
        rendered,
        trouble,
        report,
        errors,
        warnings,
    }
}

/// The version before the first page's: the time, in milliseconds, so that
/// a tab left open by an earlier run (whose event stream reconnects by
/// itself) never takes a page of this run for the one it shows.
fn first_version() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(0))
}

/// A hash of what a page shows, to tell whether a rebuild changed it.
fn hash_of(base: &str, extra: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    base.hash(&mut hasher);
    extra.hash(&mut hasher);
    hasher.finish()
}
