//! `factmark check`: validate, anchor, measure coverage; the CI gate.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;
use factmark::project::{self, Confinement, FileReview};
use factmark::report;

use super::serve::watch::{self, Deps, Watcher};
use super::{
    ConfigSource, Exit, count, eprint_human, eprint_text, errors_of, exit_for, human_report,
    in_order, trouble,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette reports on stderr, a summary per file on stdout.
    Human,
    /// One JSON object on stdout (see the README).
    Json,
    /// GitHub Actions workflow commands on stdout.
    Github,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Annotation files or folders to search for *.yaml.
    #[arg(default_value = "annotations")]
    paths: Vec<PathBuf>,
    /// Fail when coverage of a file is under PCT percent [default: the
    /// policy's `min-coverage`, else 0].
    #[arg(long, value_name = "PCT", value_parser = percent)]
    min_coverage: Option<f64>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit with 1 on errors only, or on warnings too [default: the
    /// policy's `fail-on`, else error].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Print errors and the summary only, no warnings (human and github
    /// formats; the JSON report and the exit code stay the same).
    #[arg(short, long)]
    quiet: bool,
    /// After the check, keep watching the files (annotation files, their
    /// articles, factmark.yaml) and check again those a change touches,
    /// until Ctrl-C (human format only).
    #[arg(long)]
    watch: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    /// Invalid or stale annotations, coverage under the bar.
    Error,
    /// Also unannotated check-worthy sentences and other warnings.
    Warning,
}

fn percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{text}` is not a percentage"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 100"))
    }
}

/// What a human report of a file shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shows {
    /// No human report: another format.
    Nothing,
    /// Errors only (`--quiet`).
    Errors,
    /// Every finding.
    All,
}

/// Reviews one file, adding the coverage bar's finding where it fails. The
/// result is lightened as soon as the file is done (its human report
/// rendered first, of what `shows` says), so memory holds one article per
/// worker, not the whole archive.
fn review_one(
    file: &Path,
    config: &Config,
    inside: &Confinement,
    min_coverage: f64,
    shows: Shows,
) -> (FileReview, String) {
    let mut result = project::review_file_in(file, config, inside);
    if let (Some(review), Some(coverage)) = (&result.review, &result.coverage)
        && let Some(d) = coverage.below(min_coverage, review)
    {
        result.diagnostics.extend(config.policy.apply(vec![d]));
    }
    let report = match shows {
        Shows::Nothing => String::new(),
        Shows::Errors => human_report(&errors_of(&result.diagnostics), &result.sources),
        Shows::All => human_report(&result.diagnostics, &result.sources),
    };
    result.lighten();
    (result, report)
}

impl Args {
    /// The coverage bar: `--min-coverage`, else the configuration's, else none.
    fn min_coverage(&self, config: &Config) -> f64 {
        self.min_coverage
            .or(config.policy.min_coverage)
            .unwrap_or(0.0)
    }
}

pub fn run(args: Args, config: &Config, source: &ConfigSource) -> Exit {
    let min_coverage = args.min_coverage(config);
    let fail_on = args.fail_on.unwrap_or(match config.policy.fail_on {
        Some(factmark::config::FailOn::Warning) => FailOn::Warning,
        _ => FailOn::Error,
    });
    if args.watch && args.format != Format::Human {
        return trouble(
            Diagnostic::error(
                codes::IO,
                std::path::Path::new("--watch"),
                "--watch prints the human report only",
            )
            .with_help("leave out --format, or --watch for a JSON or GitHub report"),
        );
    }
    let files = match project::annotation_files(&args.paths) {
        Ok(files) if files.is_empty() => {
            let names: Vec<String> = args.paths.iter().map(|p| p.display().to_string()).collect();
            return report_trouble(
                Diagnostic::error(
                    codes::IO,
                    &args.paths[0],
                    format!(
                        "no annotation files (*.yaml, *.yml) under {}",
                        names.join(", ")
                    ),
                )
                .with_help("a gate that checks nothing passes nothing: check the path"),
                args.format,
            );
        }
        Ok(files) => files,
        Err(d) => return report_trouble(d, args.format),
    };
    let human = args.format == Format::Human;
    let shows = match (human, args.quiet) {
        (false, _) => Shows::Nothing,
        (true, true) => Shows::Errors,
        (true, false) => Shows::All,
    };
    let inside = Confinement::of(config);
    // Files are checked in parallel; each human report is printed, in file
    // order, as soon as it is ready.
    let mut results = Vec::new();
    let mut exit = Exit::Ok;
    let mut any_finding = false;
    in_order(
        &files,
        |file| review_one(file, config, &inside, min_coverage, shows),
        |(mut result, report)| {
            exit = exit.max(exit_for(&result.diagnostics));
            any_finding |= !result.diagnostics.is_empty();
            if human {
                eprint_text(&report);
                out!("{}", summary_line(&result));
                // Printed: the findings are not needed again.
                result.diagnostics = Vec::new();
            } else {
                results.push(result);
            }
            std::ops::ControlFlow::Continue(())
        },
    );
    if exit == Exit::Ok && fail_on == FailOn::Warning && any_finding {
        exit = Exit::Findings;
    }
    match args.format {
        Format::Json => out!("{}", report::json(&results, exit == Exit::Ok)),
        Format::Github => {
            // Quiet, the pull request is annotated with errors only; the
            // job summary below still counts and lists every finding.
            let all: Vec<Diagnostic> = results
                .iter()
                .flat_map(|r| r.diagnostics.iter())
                .filter(|d| !args.quiet || d.is_error())
                .cloned()
                .collect();
            out_raw!("{}", report::github(&all));
            // GitHub shows only ten annotations of each kind per step; the job
            // summary gets the full table.
            if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY")
                && let Err(e) = append(&PathBuf::from(summary), &report::markdown(&results))
            {
                err!("warning: cannot write the GitHub step summary: {e}");
            }
        }
        Format::Human => {}
    }
    if args.watch {
        return watch_and_check(&args, config.clone(), source, files);
    }
    exit
}

/// `--watch`: after the first check, checks again the files each change
/// touches (an annotation file, an article every file that names it,
/// `factmark.yaml` all), printing their findings and summary lines and
/// one line for the batch. Runs until Ctrl-C.
fn watch_and_check(
    args: &Args,
    mut config: Config,
    source: &ConfigSource,
    mut files: Vec<PathBuf>,
) -> Exit {
    let config_file = watch::config_file(source, &config);
    let mut watcher = match Watcher::new(&args.paths, &config_file) {
        Ok(watcher) => watcher,
        Err(d) => return trouble(*d),
    };
    let mut inside = Confinement::of(&config);
    let mut deps: Vec<Deps> = files
        .iter()
        .map(|f| Deps::of(f, project::article_of(f, &inside).as_deref()))
        .collect();
    for article in deps.iter().filter_map(|d| d.article.as_deref()) {
        watcher.follow(article);
    }
    out!(
        "watching {}; Ctrl-C stops",
        count(files.len(), "annotation file")
    );
    let shows = if args.quiet {
        Shows::Errors
    } else {
        Shows::All
    };
    while let Some(batch) = watcher.next() {
        let started = std::time::Instant::now();
        let changes = watch::classify(&batch, &config_file, &args.paths, &deps);
        if changes.is_empty() {
            continue;
        }
        let mut redo: std::collections::BTreeSet<PathBuf> =
            changes.files.iter().map(|&i| files[i].clone()).collect();
        if changes.config {
            match source.load() {
                Ok(reloaded) => {
                    config = reloaded;
                    inside = Confinement::of(&config);
                    redo.extend(files.iter().cloned());
                }
                // What changed with it is still checked, against the last
                // configuration that read.
                Err((findings, sources)) => {
                    eprint_human(&findings, &sources);
                    out!(
                        "{} has errors; files are checked against the last configuration \
                         that read",
                        report::printable_path(&config_file)
                    );
                }
            }
        }
        if changes.listing || changes.config {
            match project::annotation_files(&args.paths) {
                Ok(listed) => {
                    redo.extend(listed.iter().filter(|f| !files.contains(f)).cloned());
                    deps = listed
                        .iter()
                        .map(|f| {
                            let named = Deps::of(f, None);
                            deps.iter()
                                .find(|d| d.file == named.file)
                                .cloned()
                                .unwrap_or(named)
                        })
                        .collect();
                    files = listed;
                }
                Err(d) => eprint_human(&[d], &Default::default()),
            }
        }
        let redo: Vec<PathBuf> = files
            .iter()
            .filter(|f| redo.contains(*f))
            .cloned()
            .collect();
        let min_coverage = args.min_coverage(&config);
        let (mut errors, mut warnings) = (0, 0);
        let mut articles = Vec::new();
        in_order(
            &redo,
            |file| review_one(file, &config, &inside, min_coverage, shows),
            |(result, report)| {
                eprint_text(&report);
                out!("{}", summary_line(&result));
                let e = result.diagnostics.iter().filter(|d| d.is_error()).count();
                errors += e;
                warnings += result.diagnostics.len() - e;
                articles.push((result.file, result.article));
                std::ops::ControlFlow::Continue(())
            },
        );
        // A file that no longer reads keeps naming its article as far as
        // it reads, so an edit of the article still reaches it.
        for (file, article) in articles {
            let article = article.or_else(|| project::article_of(&file, &inside));
            let updated = Deps::of(&file, article.as_deref());
            if let Some(article) = &updated.article {
                watcher.follow(article);
            }
            if let Some(d) = deps.iter_mut().find(|d| d.file == updated.file) {
                *d = updated;
            }
        }
        out!(
            "{} changed: checked {} in {} ms; {}, {}",
            changes.describe(),
            count(redo.len(), "file"),
            started.elapsed().as_millis(),
            count(errors, "error"),
            count(warnings, "warning")
        );
    }
    Exit::Ok
}

/// One file's line on stdout in the human format; a file name cannot drive
/// the terminal.
fn summary_line(result: &FileReview) -> String {
    let file = report::printable_path(&result.file);
    let errors = result.diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = result.diagnostics.len() - errors;
    match &result.coverage {
        Some(c) => format!(
            "{file}: {}, {}coverage {}% ({} of {} check-worthy sentences), {}, {}",
            count(result.annotations, "annotation"),
            // Named only in files that have any, so most lines stay short.
            // Those that hold: an orphaned entry ignores nothing.
            match c
                .ignored
                .iter()
                .filter(|i| i.state == factmark::anchor::AnchorState::Anchored)
                .count()
            {
                0 => String::new(),
                held => format!("{held} ignored, "),
            },
            c.coverage,
            c.annotated,
            c.checkworthy,
            count(errors, "error"),
            count(warnings, "warning")
        ),
        None => format!("{file}: not checked, {}", count(errors, "error")),
    }
}

fn append(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(text.as_bytes())
}

/// A usage or I/O problem before any file is checked, in the chosen format.
fn report_trouble(d: Diagnostic, format: Format) -> Exit {
    match format {
        Format::Human => return trouble(d),
        Format::Github => out_raw!("{}", report::github(std::slice::from_ref(&d))),
        Format::Json => {
            let failed = FileReview::unreadable(&d.file.clone(), d);
            out!("{}", report::json(std::slice::from_ref(&failed), false));
        }
    }
    Exit::Trouble
}
