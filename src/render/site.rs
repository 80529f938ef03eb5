//! The site around the pages: its index.

use std::fmt::Write as _;

use super::{escape, style};
use crate::coverage::Coverage;
use crate::store::Vocabulary;

/// What the index lists for one page.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// The page title.
    pub title: String,
    /// Link to the page, relative to the index.
    pub href: String,
    /// Coverage and verdict counts.
    pub coverage: Coverage,
}

/// Renders the site index: every page with its title, verdicts and coverage.
pub fn index(entries: &[IndexEntry], vocabulary: &Vocabulary) -> String {
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Fact-checked articles</title>\n",
    );
    let _ = writeln!(out, "<style>{}</style>", style::stylesheet(vocabulary));
    out.push_str("</head>\n<body>\n<main>\n<h1 class=\"page-title\">Fact-checked articles</h1>\n<ul class=\"index\">\n");
    for entry in entries {
        let counts: Vec<String> = vocabulary
            .iter()
            .filter_map(|v| {
                entry.coverage.verdicts.get(v.name()).map(|n| {
                    format!(
                        "<span class=\"verdict-{}\">{}: {n}</span>",
                        v.name(),
                        escape(v.label())
                    )
                })
            })
            .collect();
        let _ = writeln!(
            out,
            "<li><a href=\"{}\">{}</a><p class=\"counts-line\">{}</p><p>Coverage: {}% ({} of {} check-worthy sentences)</p></li>",
            escape(&entry.href),
            escape(&entry.title),
            counts.join(" · "),
            entry.coverage.coverage,
            entry.coverage.annotated,
            entry.coverage.checkworthy
        );
    }
    out.push_str("</ul>\n</main>\n</body>\n</html>\n");
    out
}
