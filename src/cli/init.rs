//! `factmark init`: an annotation scaffold, one stub per check-worthy sentence.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::report::{escape_json_controls, printable_path};
use factmark::segment::Sentence;
use factmark::{markup, project, segment, store};

use super::{Exit, trouble};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article to annotate.
    article: PathBuf,
    /// Write the scaffold here (never overwritten); stdout without it.
    #[arg(short, long)]
    output: Option<PathBuf>,
}

/// The JSON Schema the scaffold's modeline names, beside the scaffold: the
/// file `factmark schema` prints, which the README tells editors to keep
/// beside their annotation files.
const SCHEMA_FILE: &str = "factmark.schema.json";

/// Makes sure the schema the modeline of scaffold `out` names is there:
/// writes it when it is missing. A different file of that name is left
/// alone, with a word on how to renew it. The scaffold is written by then,
/// so trouble here is a warning, not a failure.
fn schema_beside(out: &Path, config: &Config) {
    let path = out.with_file_name(SCHEMA_FILE);
    let shown = printable_path(&path);
    let renew = format!("`factmark schema > {shown}` writes the current one");
    let schema = match super::schema::text(&config.vocabulary) {
        Ok(schema) => schema,
        Err(e) => {
            err!("warning: cannot make the schema for {shown}: {e}");
            return;
        }
    };
    if path.is_file() {
        match project::read_text(&path) {
            Ok(existing) if existing == schema => {}
            Ok(_) => err!(
                "warning: {shown} is not the schema of this project's annotation files; \
                 left as it is: {renew}"
            ),
            Err(d) => err!("warning: {shown} cannot be read ({}); {renew}", d.message),
        }
    } else if std::fs::symlink_metadata(&path).is_ok() {
        err!("warning: {shown} is not a file; left as it is");
    } else {
        match project::write_new(&path, schema.as_bytes()) {
            Ok(()) => err!("wrote {shown} (the JSON Schema the scaffold's first line names)"),
            Err(e) => err!("warning: cannot write {shown}: {e}; {renew}"),
        }
    }
}

/// A YAML double-quoted scalar: JSON string syntax is valid YAML. DEL and
/// the C1 controls are escaped too: YAML does not allow them unescaped, and
/// the scaffold may be printed on a terminal.
pub(super) fn quoted(text: &str) -> String {
    let json =
        escape_json_controls(serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned()));
    // YAML forbids a few characters that JSON allows (U+FFFE, U+FFFF):
    // escaped, the scaffold loads.
    let mut yaml = String::with_capacity(json.len());
    for c in json.chars() {
        if factmark::store::yaml_printable(c) {
            yaml.push(c);
        } else {
            yaml.push_str(&format!("\\u{:04X}", u32::from(c)));
        }
    }
    yaml
}

/// The scaffold's stub for sentence `s`, an entry of `annotations:` (its
/// comment and its lines, two spaces in): also what the language server
/// appends for an unannotated sentence.
pub(super) fn stub(s: &Sentence) -> String {
    // The reasons quote the article's words: in a comment, a character
    // YAML forbids would break the file, and a line break end it.
    let reasons: String = s
        .reasons()
        .to_string()
        .chars()
        .map(|c| {
            if store::yaml_printable(c) && !matches!(c, '\n' | '\r' | '\u{85}') {
                c
            } else {
                ' '
            }
        })
        .collect();
    let mut yaml = format!(
        "  # {}:{}, score {:.3}: {reasons}\n",
        s.line, s.column, s.score
    );
    yaml.push_str(&format!("  - quote: {}\n", quoted(&s.text)));
    yaml.push_str(&format!("    sentence: {}\n", s.id));
    yaml.push_str("    verdict: unverified\n    note: \"\"\n");
    yaml
}

pub fn run(args: Args, config: &Config) -> Exit {
    let source = match project::read_text(&args.article) {
        Ok(s) => s,
        Err(d) => return trouble(d),
    };
    if let Some(out) = &args.output
        && out.exists()
    {
        return trouble(
            Diagnostic::error(codes::IO, out, "already exists; init never overwrites")
                .with_help("choose another -o path, or delete the file first"),
        );
    }
    let article = markup::parse(&source);
    let sentences = segment::segment_with(&article, config.policy.threshold());
    let article_ref = match &args.output {
        Some(out) => project::relative_path(&args.article, out.parent().unwrap_or(Path::new("."))),
        None => args.article.clone(),
    };
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let mut yaml = String::new();
    yaml.push_str(&format!("# yaml-language-server: $schema={SCHEMA_FILE}\n"));
    yaml.push_str("# Written by `factmark init`: one stub per check-worthy sentence.\n");
    yaml.push_str("# Give each a verdict, a note and sources (see README.md), or delete it.\n");
    yaml.push_str(&format!(
        "article: {}\n",
        quoted(&article_ref.to_string_lossy())
    ));
    yaml.push_str(&format!("reviewed: {today}\n"));
    yaml.push_str("annotations:\n");
    let mut stubs = 0;
    for s in sentences.iter().filter(|s| s.checkworthy) {
        stubs += 1;
        yaml.push_str(&stub(s));
    }
    if stubs == 0 {
        yaml.truncate(yaml.len() - "annotations:\n".len());
        yaml.push_str("annotations: []\n");
    }
    match &args.output {
        None => {
            out_raw!("{yaml}");
            err!(
                "note: the scaffold's first line names {SCHEMA_FILE} beside it, for editors; \
                 `factmark schema > {SCHEMA_FILE}` in its folder writes it"
            );
        }
        Some(out) => match project::write_new(out, yaml.as_bytes()) {
            Ok(()) => {
                err!("wrote {} ({})", out.display(), super::count(stubs, "stub"));
                schema_beside(out, config);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => {
                // A link whose target is missing "exists" too: say what is there.
                let what = match std::fs::read_link(out) {
                    Ok(target) => format!(
                        "is a symbolic link to {}; init never writes through a link",
                        target.display()
                    ),
                    Err(_) => "already exists; init never overwrites".to_owned(),
                };
                return trouble(Diagnostic::error(codes::IO, out, what));
            }
            Err(e) => {
                return trouble(Diagnostic::error(
                    codes::IO,
                    out,
                    format!("cannot write {}: {e}", out.display()),
                ));
            }
        },
    }
    Exit::Ok
}
