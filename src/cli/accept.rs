//! `factmark accept`: after re-review, record the sentence id of every
//! bound annotation and `ignore` entry whose id is stale or missing, and
//! with `--requote` rebind each orphaned quote of a whole sentence to the
//! sentence that is clearly its edited version; every other byte of the
//! file stays as it was.

use std::path::{Path, PathBuf};

use factmark::Diagnostic;
use factmark::anchor::{EntryKind, Record, Review, Why};
use factmark::config::{Config, Level};
use factmark::diagnostic::codes;
use factmark::project;
use factmark::report::{printable, printable_path};
use factmark::store::{self, AnnotationSet};

use super::{Exit, eprint_human, exit_for, trouble};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The annotation file to update in place.
    file: PathBuf,
    /// Also rebind each orphaned quote of a whole sentence to the one
    /// sentence that is clearly that sentence edited: its quote and id are
    /// rewritten, and each change printed.
    #[arg(long)]
    requote: bool,
}

pub fn run(args: Args, config: &Config) -> Exit {
    let result = project::review_file_with(&args.file, config);
    let Some(review) = &result.review else {
        eprint_human(&result.diagnostics, &result.sources);
        return exit_for(&result.diagnostics).max(Exit::Findings);
    };
    let records = records(review, config, args.requote);
    if !records.is_empty() {
        let Some(source) = result.sources.get(&args.file) else {
            return Exit::Trouble;
        };
        let updated = store::apply_edits(source, &review.edits(&records));
        // A rewrite that does not read back as exactly the intended change
        // is never written: the file stays as the editor left it.
        if let Err(what) = reads_back(source, &updated, &args.file, config, review, &records) {
            return trouble(
                Diagnostic::error(
                    codes::IO,
                    &args.file,
                    format!("recording the ids would change {what}, so the file was left as it is"),
                )
                .with_help(
                    "record the ids by hand (each warning of `factmark check` names one); entries \
                     that share their values through YAML aliases (`*name`, `<<:`) cannot be \
                     edited one by one, and anything else is a bug in factmark worth reporting",
                ),
            );
        }
        if let Err(e) = project::rewrite(&args.file, source.as_bytes(), updated.as_bytes()) {
            return trouble(Diagnostic::error(
                codes::IO,
                &args.file,
                format!("cannot be updated: {e}"),
            ));
        }
    }
    let count = |why: &[Why]| records.iter().filter(|r| why.contains(&r.why)).count();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    for r in records.iter().filter(|r| r.why == Why::Requoted) {
        out!("{}", requoted(review, r, &args.file));
    }
    let mut summary = format!(
        "{}: recorded {}",
        printable_path(&args.file),
        plural(
            count(&[Why::Changed, Why::Copied]),
            "changed sentence id",
            "changed sentence ids"
        )
    );
    let missing = count(&[Why::Missing]);
    if missing > 0 {
        summary.push_str(&format!(
            " and {}",
            plural(missing, "missing one", "missing ones")
        ));
    }
    if args.requote {
        summary.push_str(&format!(
            "; requoted {}",
            plural(
                count(&[Why::Requoted]),
                "edited sentence",
                "edited sentences"
            )
        ));
    }
    out!("{summary}");
    // What is left is what `check` would say of the file as it is now.
    let after = if records.is_empty() {
        result
    } else {
        project::review_file_with(&args.file, config)
    };
    let errors: Vec<Diagnostic> = after
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect();
    if !errors.is_empty() {
        eprint_human(&errors, &after.sources);
        err!(
            "{} other problem(s) remain; `factmark check` lists them",
            errors.len()
        );
    }
    exit_for(&errors)
}

/// What `accept` records in `review` under `config` (with `requote`, the
/// requoted entries too): also the language server's "record" actions.
pub(super) fn records(review: &Review, config: &Config, requote: bool) -> Vec<Record> {
    let mut records = review.records(requote);
    // A project that turned the unrecorded warning off does not want the
    // ids it asks for either.
    if config.policy.severities.get(codes::UNRECORDED) == Some(&Level::Off) {
        records.retain(|r| !matches!(r.why, Why::Missing | Why::Copied));
    }
    records
}

/// The lines that tell the editor how a requoted entry changed.
fn requoted(review: &Review, record: &Record, file: &Path) -> String {
    let (what, quote) = match record.kind {
        EntryKind::Annotation => {
            let a = &review.set.annotations[record.entry];
            (format!("annotation {}", a.index + 1), &a.quote)
        }
        EntryKind::Ignore => {
            let e = &review.set.ignore[record.entry];
            (format!("ignore entry {}", e.index + 1), &e.quote)
        }
    };
    let sentence = &review.sentences[record.sentence];
    let text = format!(
        "{}:{}:{}: {what} now quotes {}:{}:{} ({})\n  - {}\n  + {}",
        file.display(),
        quote.span.line,
        quote.span.column,
        review.set.article.value.display(),
        sentence.line,
        sentence.column,
        sentence.id,
        factmark::fold::squash_space(&quote.value),
        sentence.text
    );
    printable(&text).into_owned()
}

/// Whether `updated` (the file `source` with `records` made) reads back as
/// `source` does but for the values the records change; else what it
/// would change besides them. The language server offers no edit that
/// does not read back either.
pub(super) fn reads_back(
    source: &str,
    updated: &str,
    file: &Path,
    config: &Config,
    review: &Review,
    records: &[Record],
) -> Result<(), &'static str> {
    let load = |text: &str| store::parse_with(text, file, &config.vocabulary);
    let (before, before_findings) = load(source);
    let (Some(before), (Some(after), after_findings)) = (before, load(updated)) else {
        return Err("the file into one that does not load");
    };
    // What loading finds, but for malformed ids (`sentence: s-x`), which a
    // recorded id mends; it may leave some, never add one.
    let findings = |all: Vec<Diagnostic>| {
        let (bad_ids, rest): (Vec<_>, Vec<_>) = all
            .into_iter()
            .map(|d| (d.code, d.message))
            .partition(|(code, _)| *code == codes::BAD_SENTENCE_ID);
        (bad_ids.len(), rest)
    };
    let (bad_ids_before, before_rest) = findings(before_findings);
    let (bad_ids_after, after_rest) = findings(after_findings);
    if before_rest != after_rest || bad_ids_after > bad_ids_before {
        return Err("what `check` finds in the file");
    }
    if head(&before) != head(&after)
        || before.annotations.len() != after.annotations.len()
        || before.ignore.len() != after.ignore.len()
    {
        return Err("more of the file than sentence ids and quotes");
    }
    // Every entry's quote and id as they should read now.
    let mut annotations: Vec<(String, Option<String>)> = before
        .annotations
        .iter()
        .map(|a| (a.quote.value.clone(), value(&a.sentence)))
        .collect();
    let mut ignore: Vec<(String, Option<String>)> = before
        .ignore
        .iter()
        .map(|e| (e.quote.value.clone(), value(&e.sentence)))
        .collect();
    for r in records {
        let expected = match r.kind {
            EntryKind::Annotation => &mut annotations[r.entry],
            EntryKind::Ignore => &mut ignore[r.entry],
        };
        let sentence = &review.sentences[r.sentence];
        expected.1 = Some(sentence.id.clone());
        if r.why == Why::Requoted {
            expected.0 = sentence.text.clone();
        }
    }
    for ((a, b), expected) in before
        .annotations
        .iter()
        .zip(&after.annotations)
        .zip(&annotations)
    {
        if rest(a) != rest(b) || (b.quote.value.clone(), value(&b.sentence)) != *expected {
            return Err("an annotation in more than its sentence id and quote");
        }
    }
    for ((a, b), expected) in before.ignore.iter().zip(&after.ignore).zip(&ignore) {
        let same = a.index == b.index && value(&a.reason) == value(&b.reason);
        if !same || (b.quote.value.clone(), value(&b.sentence)) != *expected {
            return Err("an ignore entry in more than its sentence id and quote");
        }
    }
    Ok(())
}

/// A spanned text's value.
fn value(spanned: &Option<store::Spanned<String>>) -> Option<String> {
    spanned.as_ref().map(|s| s.value.clone())
}

/// What the file says besides its entries.
fn head(set: &AnnotationSet) -> impl PartialEq + '_ {
    (
        &set.article.value,
        &set.title,
        &set.author,
        &set.published,
        &set.reviewed,
        &set.reviewers,
        set.entries,
    )
}

/// What an annotation says besides its quote and sentence id.
fn rest(a: &store::Annotation) -> impl PartialEq + '_ {
    let sources: Vec<_> = a
        .sources
        .iter()
        .map(|s| (&s.url.value, &s.title, &s.publisher, &s.date))
        .collect();
    (
        a.index,
        a.verdict.value.name(),
        a.claimed.as_ref().map(|d| &d.value),
        a.corrected.as_ref().map(|d| &d.value),
        a.note.as_ref().map(|n| &n.value),
        a.correction.as_ref().map(|c| &c.value),
        sources,
    )
}
