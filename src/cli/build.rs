//! `factmark build`: every annotation file → DIR/<slug>.html and DIR/index.html.

use std::path::PathBuf;

use factmark::Diagnostic;
use factmark::diagnostic::codes;
use factmark::project;
use factmark::render::{self, IndexEntry, PageOptions};

use super::{Exit, eprint_human, exit_for, trouble};

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

pub fn run(args: Args) -> Exit {
    let files = match project::annotation_files(&args.paths) {
        Ok(files) => files,
        Err(d) => return trouble(d),
    };
    let mut entries = Vec::new();
    let mut all = Vec::new();
    for file in &files {
        let result = project::review_file(file);
        eprint_human(&result.diagnostics, &result.sources);
        all.extend(result.diagnostics.iter().cloned());
        let (Some(review), Some(coverage)) = (&result.review, &result.coverage) else {
            continue;
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
        let html = render::page(review, coverage, &options);
        let path = args.out.join(&name);
        if let Err(e) = project::write_atomic(&path, html.as_bytes()) {
            return trouble(Diagnostic::error(
                codes::IO,
                &path,
                format!("cannot write {}: {e}", path.display()),
            ));
        }
        out!("wrote {}", path.display());
        entries.push(IndexEntry {
            title: render::title(review),
            href: name,
            coverage: coverage.clone(),
        });
    }
    let index = args.out.join("index.html");
    if let Err(e) = project::write_atomic(&index, render::index(&entries).as_bytes()) {
        return trouble(Diagnostic::error(
            codes::IO,
            &index,
            format!("cannot write {}: {e}", index.display()),
        ));
    }
    out!("wrote {} ({} articles)", index.display(), entries.len());
    exit_for(&all)
}
