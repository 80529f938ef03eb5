//! `factmark build`: every annotation file → DIR/<slug>.html and DIR/index.html.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::project::{self, FileReview, Published};
use factmark::render::{self, IndexEntry, PageOptions};

use super::{Exit, eprint_text, exit_for, human_report, in_order, trouble};

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

/// Reviews, renders and writes the page of one annotation file.
fn build_one(file: &Path, args: &Args, config: &Config) -> Built {
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
    let slug = file.file_stem().map_or_else(
        || "article".to_owned(),
        |s| s.to_string_lossy().into_owned(),
    );
    let name = format!("{slug}.html");
    let options = PageOptions {
        page_url: super::page_url(args.base_url.as_deref(), &name),
        organisation: None,
        allow_raw_html: args.allow_raw_html,
    };
    let html = render::page(&review, &coverage, &options);
    let path = args.out.join(&name);
    match project::publish(&path, html.as_bytes()) {
        Ok(published) => {
            let entry = IndexEntry {
                title: render::title(&review),
                href: name,
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
    sources: &std::collections::BTreeMap<PathBuf, String>,
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
        report.push_str(&format!(
            "warning: {}: {}; `factmark check {}` lists them\n",
            file.display(),
            counts.join(", "),
            file.display()
        ));
    }
    report
}

pub fn run(args: Args, config: &Config) -> Exit {
    let files = match project::annotation_files(&args.paths) {
        Ok(files) => files,
        Err(d) => return trouble(d),
    };
    // Files are built in parallel, each page written as soon as it is done,
    // and reported in file order.
    let mut entries = Vec::with_capacity(files.len());
    let mut exit = Exit::Ok;
    let mut failure = None;
    in_order(
        &files,
        |f| build_one(f, &args, config),
        |b| {
            eprint_text(&b.report);
            if let Some(f) = b.failure {
                failure = Some(f);
                return ControlFlow::Break(());
            }
            exit = exit.max(b.exit);
            if let Some((path, published, entry)) = b.page {
                out!("{} {}", verb(published), path.display());
                entries.push(entry);
            }
            ControlFlow::Continue(())
        },
    );
    if let Some(failure) = failure {
        return trouble(failure);
    }
    let index = args.out.join("index.html");
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
