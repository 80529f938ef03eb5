//! Command-line interface: one module per subcommand.

/// `println!` that never panics: a closed pipe (`factmark … | head`) just
/// ends the output.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `print!` that never panics.
macro_rules! out_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that never panics.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

mod accept;
mod build;
mod check;
mod init;
mod lsp;
mod render;
mod schema;
mod sentences;
mod serve;

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use factmark::Diagnostic;
use factmark::report::{self, Style};

/// Exit codes, as documented in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    /// Everything is fine.
    Ok = 0,
    /// Findings: invalid or stale annotations, coverage under the bar.
    Findings = 1,
    /// Usage or I/O error: a missing or unreadable file.
    Trouble = 2,
}

/// factmark: fact-checking annotations for Markdown articles.
#[derive(Debug, Parser)]
#[command(name = "factmark", version, about, long_about = None)]
pub struct Cli {
    /// The project configuration (verdict vocabulary, policy); default:
    /// ./factmark.yaml when it exists.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// A folder outside the project that annotation files and the articles
    /// they name may come from (repeatable); the policy's `allow-outside`
    /// does the same. Without it, inputs outside the project are refused.
    #[arg(long, global = true, value_name = "DIR")]
    allow_outside: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Render every annotation file under PATH to DIR/<slug>.html, plus the index, feed.xml and claims.json.
    Build(build::Args),
    /// Render one annotation file's page or fragment (to stdout without -o).
    Render(render::Args),
    /// Validate and anchor annotations and measure coverage: the CI gate.
    Check(check::Args),
    /// Preview the site while you edit: build it in memory, serve it on 127.0.0.1, rebuild and reload the browser on every change.
    Serve(serve::Args),
    /// List the sentences of an article, with ids and positions.
    Sentences(sentences::Args),
    /// Write an annotation scaffold with a stub per check-worthy sentence.
    Init(init::Args),
    /// After re-review, record the sentence ids of changed and unrecorded annotations (and with --requote, rebind edited sentences).
    Accept(accept::Args),
    /// Print the JSON Schema of the annotation file.
    Schema,
    /// Serve annotation files to an editor: the Language Server Protocol over stdio.
    Lsp(lsp::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> Exit {
    let source = ConfigSource {
        file: cli.config,
        allow_outside: cli.allow_outside,
    };
    let config = match source.load() {
        Ok(config) => config,
        Err((findings, sources)) => {
            eprint_human(&findings, &sources);
            return Exit::Trouble;
        }
    };
    match cli.command {
        Command::Build(args) => build::run(args, &config),
        Command::Render(args) => render::run(args, &config),
        Command::Check(args) => check::run(args, &config, &source),
        Command::Serve(args) => serve::run(args, config, &source),
        Command::Sentences(args) => sentences::run(args, &config),
        Command::Init(args) => init::run(args, &config),
        Command::Accept(args) => accept::run(args, &config),
        Command::Schema => schema::run(&config),
        Command::Lsp(args) => lsp::run(args, &config),
    }
}

/// Where a run's configuration comes from: `--config` (else
/// `./factmark.yaml` when it exists) and `--allow-outside`. Kept, so that
/// the commands that watch files (`serve`, `check --watch`) can read it
/// again when `factmark.yaml` changes.
#[derive(Debug, Clone)]
pub struct ConfigSource {
    /// `--config`.
    pub file: Option<PathBuf>,
    /// `--allow-outside`, as typed.
    pub allow_outside: Vec<PathBuf>,
}

impl ConfigSource {
    /// Reads the configuration, or the findings that refuse it.
    pub fn load(
        &self,
    ) -> Result<factmark::config::Config, (Vec<Diagnostic>, BTreeMap<PathBuf, String>)> {
        // A broken configuration stops every command that reads annotations:
        // nothing is checked against a vocabulary that is not what was meant.
        // `sentences` and `init` read it too, for its `checkworthy-threshold`.
        let mut config = factmark::project::load_config(self.file.as_deref())?;
        // A folder typed on the command line means the folder seen from where
        // the user stands; a typo must not pass silently as "allow nothing".
        for folder in &self.allow_outside {
            if !folder.is_dir() {
                let refusal = Diagnostic::error(
                    factmark::diagnostic::codes::IO,
                    folder,
                    "--allow-outside names no folder",
                )
                .with_help("name an existing folder, relative to the current one");
                return Err((vec![refusal], BTreeMap::new()));
            }
            config
                .policy
                .allow_outside
                .push(factmark::project::normalized(folder));
        }
        Ok(config)
    }
}

/// The human report style for stderr: colours only on a terminal, never
/// with `NO_COLOR` set.
pub fn stderr_style() -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    if std::io::stderr().is_terminal() && !no_color {
        Style::Color
    } else {
        Style::Plain
    }
}

/// Prints `diagnostics` for people on stderr.
pub fn eprint_human(diagnostics: &[Diagnostic], sources: &BTreeMap<PathBuf, String>) {
    eprint_text(&human_report(diagnostics, sources));
}

/// `diagnostics` rendered for people, for stderr; empty when there are none.
/// Workers render their own files' reports, so the sources can be dropped
/// as soon as a file is done.
pub fn human_report(diagnostics: &[Diagnostic], sources: &BTreeMap<PathBuf, String>) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    // Logs and snapshots get a fixed 80 columns; a terminal gets a bit more room.
    let style = stderr_style();
    let width = if style == Style::Color { 100 } else { 80 };
    report::human(diagnostics, sources, style, width)
}

/// What `build` and `render` say about a file's findings: every error in
/// full, and the warnings counted per code. Listing every unannotated
/// sentence is the gate's job (`check`); a build of an archive would
/// otherwise print thousands of them, and a page's render hundreds.
pub fn report_of(
    file: &Path,
    diagnostics: &[Diagnostic],
    sources: &BTreeMap<PathBuf, String>,
) -> String {
    let errors = errors_of(diagnostics);
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
        let file = report::printable_path(file);
        report.push_str(&format!(
            "warning: {file}: {}; `factmark check {file}` lists them\n",
            counts.join(", "),
        ));
    }
    report
}

/// The errors among `diagnostics`, for a report that leaves the warnings
/// out; they are few, so copying them costs nothing worth avoiding.
pub fn errors_of(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect()
}

/// Writes `text` to stderr as it is; a closed stderr is not worth a panic.
pub fn eprint_text(text: &str) {
    use std::io::Write as _;
    if !text.is_empty() {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }
}

/// The exit code for a set of findings.
pub fn exit_for(diagnostics: &[Diagnostic]) -> Exit {
    if diagnostics.iter().any(factmark::project::is_io) {
        Exit::Trouble
    } else if diagnostics.iter().any(Diagnostic::is_error) {
        Exit::Findings
    } else {
        Exit::Ok
    }
}

/// The URL of page `name`: relative, or under `base` when given.
pub use factmark::render::page_url;

/// `--base-url` as given, if it is an absolute http(s) URL that can stand in
/// an attribute and in JSON-LD as it is: it prefixes every page's address in
/// the feed, `claims.json` and the ClaimReview `url`s, which readers and
/// search engines follow.
pub fn base_url(url: &str) -> Result<String, String> {
    let scheme_end = url.find("://").unwrap_or(0);
    let scheme = url[..scheme_end].to_ascii_lowercase();
    let host = url[scheme_end..]
        .trim_start_matches("://")
        .split('/')
        .next();
    let plain = !url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\'));
    // Page names are joined on: after a query or fragment every page would
    // be one document.
    if url.contains(['?', '#']) {
        return Err("expected a folder's address, without a query (`?…`) or fragment (`#…`), such as https://example.org/fact-checks/".to_owned());
    }
    if (scheme == "http" || scheme == "https") && host.is_some_and(|h| !h.is_empty()) && plain {
        Ok(url.to_owned())
    } else {
        Err("expected an absolute http(s) URL without spaces or quotes, such as https://example.org/fact-checks/".to_owned())
    }
}

/// `n noun`, with the plural when it needs one (`1 file`, `2 files`).
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Reports a usage or I/O problem and returns exit code 2.
pub fn trouble(diagnostic: Diagnostic) -> Exit {
    eprint_human(&[diagnostic], &BTreeMap::new());
    Exit::Trouble
}

/// Runs `work` on every item on all of rayon's threads and hands the results
/// to `emit` in the items' order, each as soon as it and those before it are
/// done. Workers take the next item from a shared counter, so nobody waits
/// for a batch's slowest file. Results wait for their turn only behind a
/// slower earlier item; they are small (a report and an index entry), since
/// each worker writes its page and drops the article first. `emit` can stop
/// the run; items already started are finished, and not reported.
pub fn in_order<I, T>(
    items: &[I],
    work: impl Fn(&I) -> T + Sync,
    emit: impl FnMut(T) -> std::ops::ControlFlow<()> + Send,
) where
    I: Sync,
    T: Send,
{
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::sync::{Mutex, PoisonError};

    struct Turn<T, F> {
        next: usize,
        waiting: BTreeMap<usize, T>,
        emit: F,
    }
    let taken = AtomicUsize::new(0);
    let stopped = AtomicBool::new(false);
    let turn = Mutex::new(Turn {
        next: 0,
        waiting: BTreeMap::new(),
        emit,
    });
    rayon::broadcast(|_| {
        while !stopped.load(Ordering::Relaxed) {
            let index = taken.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else {
                break;
            };
            let result = work(item);
            // A panic in another worker's `emit` must not hide this result.
            let mut turn = turn.lock().unwrap_or_else(PoisonError::into_inner);
            // After a stop, results still in flight are dropped unreported.
            if stopped.load(Ordering::Relaxed) {
                break;
            }
            turn.waiting.insert(index, result);
            loop {
                let next = turn.next;
                let Some(result) = turn.waiting.remove(&next) else {
                    break;
                };
                turn.next += 1;
                if (turn.emit)(result).is_break() {
                    stopped.store(true, Ordering::Relaxed);
                    turn.waiting.clear();
                    break;
                }
            }
        }
    });
}
