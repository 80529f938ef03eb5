//! `factmark accept`: after re-review, record the current sentence ids of
//! `changed` annotations, leaving every other byte of the file as it was.

use std::path::PathBuf;

use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::{project, store};

use super::{Exit, eprint_human, exit_for, trouble};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The annotation file to update in place.
    file: PathBuf,
}

pub fn run(args: Args, config: &Config) -> Exit {
    let result = project::review_file_with(&args.file, config);
    let Some(review) = &result.review else {
        eprint_human(&result.diagnostics, &result.sources);
        return exit_for(&result.diagnostics).max(Exit::Findings);
    };
    let edits = review.changed_ids();
    let remaining: Vec<Diagnostic> = result
        .diagnostics
        .iter()
        .filter(|d| d.code != codes::CHANGED)
        .cloned()
        .collect();
    if !edits.is_empty() {
        let Some(source) = result.sources.get(&args.file) else {
            return Exit::Trouble;
        };
        let updated = store::replace_values(source, &edits);
        // A rewrite that no longer loads is never written: the file stays as
        // the editor left it.
        if store::parse_with(&updated, &args.file, &config.vocabulary)
            .0
            .is_none()
        {
            return trouble(
                Diagnostic::error(
                    codes::IO,
                    &args.file,
                    "recording the ids would break the file, so it was left as it is",
                )
                .with_help("record the ids by hand, and report this as a bug in factmark"),
            );
        }
        if let Err(e) = project::rewrite(&args.file, updated.as_bytes()) {
            return trouble(Diagnostic::error(
                codes::IO,
                &args.file,
                format!("cannot be updated: {e}"),
            ));
        }
    }
    out!(
        "{}: recorded {} changed sentence id{}",
        factmark::report::printable(&args.file.display().to_string()),
        edits.len(),
        if edits.len() == 1 { "" } else { "s" }
    );
    let errors: Vec<Diagnostic> = remaining.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        eprint_human(&errors, &result.sources);
        err!(
            "{} other problem(s) remain; `factmark check` lists them",
            errors.len()
        );
    }
    exit_for(&errors)
}
