//! `factmark sentences`: list an article's sentences.

use std::path::PathBuf;

use clap::ValueEnum;
use factmark::config::Config;
use factmark::report::{escape_json_controls, printable};
use factmark::{markup, project, segment};

use super::{Exit, trouble};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One line per sentence: id, line:column, `*` if check-worthy, score,
    /// text.
    Text,
    /// A JSON array of sentences.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article (Markdown, or plain text with --plain).
    article: PathBuf,
    /// Read plain text: a blank line ends a paragraph.
    #[arg(long)]
    plain: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

pub fn run(args: Args, config: &Config) -> Exit {
    let source = match project::read_text(&args.article) {
        Ok(s) => s,
        Err(d) => return trouble(d),
    };
    let article = if args.plain {
        markup::parse_plain(&source)
    } else {
        markup::parse(&source)
    };
    let sentences = segment::segment_with(&article, config.policy.threshold());
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&sentences) {
            Ok(json) => out!("{}", escape_json_controls(json)),
            Err(e) => {
                err!("error: {e}");
                return Exit::Trouble;
            }
        },
        Format::Text => {
            for s in &sentences {
                out!(
                    "{}  {}:{}  {} {:.3}  {}",
                    s.id,
                    s.line,
                    s.column,
                    if s.checkworthy { "*" } else { " " },
                    s.score,
                    // For a terminal: the article cannot drive it.
                    printable(&s.text)
                );
            }
        }
    }
    Exit::Ok
}
