//! `factmark render`: one annotation file's page, to stdout or a file; with
//! `--fragment`, the article body with its notes, for a CMS page.

use std::path::PathBuf;

use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::project;
use factmark::render::{self, PageOptions};

use super::{Exit, eprint_text, exit_for, report_of, trouble};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The annotation file.
    file: PathBuf,
    /// Write the page here instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Where the page will be published, so ClaimReview URLs are absolute.
    #[arg(long, value_name = "URL", value_parser = super::base_url)]
    base_url: Option<String>,
    /// Pass raw HTML blocks of the article through a sanitiser instead of escaping them.
    #[arg(long)]
    allow_raw_html: bool,
    /// Write the article body with its notes as an HTML fragment, for a CMS
    /// template to host (with the stylesheet `build --fragments` writes as
    /// factmark.css), instead of a whole page.
    #[arg(long)]
    fragment: bool,
}

pub fn run(args: Args, config: &Config) -> Exit {
    let result = project::review_file_with(&args.file, config);
    // As `build` does: errors in full, warnings counted (`check` lists them).
    eprint_text(&report_of(&args.file, &result.diagnostics, &result.sources));
    let (Some(review), Some(coverage)) = (&result.review, &result.coverage) else {
        return exit_for(&result.diagnostics).max(Exit::Findings);
    };
    let name = args
        .output
        .as_ref()
        .and_then(|p| p.file_name())
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let options = PageOptions {
        page_url: super::page_url(args.base_url.as_deref(), &name),
        organisation: None,
        allow_raw_html: args.allow_raw_html,
    };
    let html = if args.fragment {
        render::fragment(review, coverage, &options)
    } else {
        render::page(review, coverage, &options)
    };
    match &args.output {
        Some(path) => {
            let target = project::resolved(path);
            let mut inputs = std::iter::once(&args.file)
                .chain(&result.article)
                .chain(&config.file);
            if inputs.any(|i| project::resolved(i) == target) {
                return trouble(
                    Diagnostic::error(
                        codes::IO,
                        path,
                        "an input of this command, which -o must not overwrite",
                    )
                    .with_help("write the page to a file of its own, such as `site/page.html`"),
                );
            }
            let named_folder = path.as_os_str().to_string_lossy().ends_with(['/', '\\']);
            if path.is_dir() || named_folder {
                return trouble(
                    Diagnostic::error(codes::IO, path, "is a folder; -o names the page's file")
                        .with_help("name the file, such as `site/page.html`"),
                );
            }
            // A build into the same folder removes temporary files it
            // does not know of; the lock keeps it from taking this page's.
            let folder = project::folder_of(path);
            let waiting = || err!("waiting for a build into {} to finish", folder.display());
            let locked = project::lock_folder(folder, waiting);
            if let Err(e) = locked.and_then(|_lock| project::publish(path, html.as_bytes())) {
                return trouble(Diagnostic::error(
                    codes::IO,
                    path,
                    format!("cannot be written: {e}"),
                ));
            }
        }
        None => out_raw!("{html}"),
    }
    exit_for(&result.diagnostics)
}
