//! `factmark render`: one annotation file's page, to stdout or a file.

use std::path::PathBuf;

use factmark::Diagnostic;
use factmark::diagnostic::codes;
use factmark::project;
use factmark::render::{self, PageOptions};

use super::{Exit, eprint_human, exit_for, trouble};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The annotation file.
    file: PathBuf,
    /// Write the page here instead of stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

pub fn run(args: Args) -> Exit {
    let result = project::review_file(&args.file);
    eprint_human(&result.diagnostics, &result.sources);
    let (Some(review), Some(coverage)) = (&result.review, &result.coverage) else {
        return exit_for(&result.diagnostics).max(Exit::Findings);
    };
    let page_url = args
        .output
        .as_ref()
        .and_then(|p| p.file_name())
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let html = render::page(
        review,
        coverage,
        &PageOptions {
            page_url,
            organisation: None,
        },
    );
    match &args.output {
        Some(path) => {
            if let Err(e) = project::write_atomic(path, html.as_bytes()) {
                return trouble(Diagnostic::error(
                    codes::IO,
                    path,
                    format!("cannot write {}: {e}", path.display()),
                ));
            }
        }
        None => out_raw!("{html}"),
    }
    exit_for(&result.diagnostics)
}
