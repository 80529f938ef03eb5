//! Reviews that stay true while the article changes: the editing story of
//! issue 16, end to end, on a real-looking article, through the real
//! binary.
//!
//! An editor writes annotations by hand, without `sentence:` ids; `check`
//! warns that they are unrecorded and `accept` records them. Then the
//! article is edited: around a quote (the annotation is `changed` until
//! accepted), inside a quote of a whole sentence (`orphaned`, with a word
//! diff, until `accept --requote`), and a copy of a reviewed sentence is
//! pasted before it (the verdict stays on the reviewed sentence). After
//! every `accept`, the annotation file differs from before in exactly the
//! values recorded, byte for byte.
//!
//! Smaller tests follow: quotes typed with `-` and `--`, quotes that miss
//! by case or accents, overlapping quotes, copies that only an id can tell
//! apart, and the policy's say over the unrecorded warning.

use std::fs;
use std::path::Path;

mod common;

use common::run;
use serde_json::Value;

/// A news story of about twenty sentences, with typographic quotes and
/// dashes, a byline and two subheadings.
const ARTICLE: &str = "\
# Harbour board approves £48 million dredging plan

*By Maria Lindqvist, Coastal Desk*

The Port of Kessington will dredge its main channel to 14 metres after the harbour board voted 6–3 on Thursday to approve a £48 million plan. The work is due to start in March and to last about 18 months.

Harbour master Tom Avery said the deeper channel would let container ships of up to 9,000 units call at the port. “Without it, we lose the big lines to Rotterdam — and with them, 400 jobs,” he told reporters.

## Objections from fishermen

The Kessington Fishermen’s Association said dredging would disturb spawning grounds used by cod and sole. Its chair, Jenny Cole, said the board had ignored two independent studies. The association plans to seek a judicial review.

An environmental assessment published in 2023 found that sediment plumes could spread up to 3 kilometres from the channel. The board said contractors would work only outside the spawning season, from June to January.

## Funding

The Department for Transport will cover £30 million of the cost. The remaining £18 million will come from the port’s reserves and a loan from a regional development bank. Council leader Anita Shah called the deal “the best news for the town in a decade.”

Shipping volumes at Kessington fell by 12 per cent last year, according to the port’s annual report. The port handled 1.2 million tonnes of cargo in 2024, down from 1.4 million in 2022.

Dredging of this scale was last carried out in 1998. Is the town ready for another year and a half of disruption?

Additional reporting by Sam Okafor.
";

/// The annotations as an editor writes them by hand: no ids, comments,
/// every quoting style, a note as a block scalar, one entry in flow style
/// and one with its keys in another order. A quote typed with `-` stands
/// for the article's `–`.
const HAND_WRITTEN: &str = "\
# Reviewed by the coastal desk; sources checked on 2025-03-10.
article: article.md
reviewed: 2025-03-10
reviewers: [Coastal desk]

annotations:
  # The vote count is in the board's minutes.
  - quote: \"the harbour board voted 6-3 on Thursday\"
    verdict: supported
    sources:
      - url: https://example.org/kessington/minutes

  - quote: The work is due to start in March and to last about 18 months.
    verdict: unverified
    note: >-
      The tender documents give no end date.

  - quote: 'container ships of up to 9,000 units'   # the harbour master's figure
    verdict: supported
    sources:
      - url: https://example.org/kessington/capacity
        title: Channel capacity study

  - verdict: unverified
    quote: \"The association plans to seek a judicial review.\"
    note: No application had been filed by 10 March.

  - quote: \"found that sediment plumes could spread up to 3 kilometres\"
    verdict: partly-supported
    note: The assessment gives 3 kilometres as the worst case, not the expected spread.
    sources:
      - url: https://example.org/kessington/assessment

  - quote: \"The Department for Transport will cover £30 million of the cost.\"
    verdict: supported
    sources:
      - url: https://example.org/dft/grants

  - {quote: \"fell by 12 per cent last year\", verdict: false, note: The annual report gives 9 per cent., sources: [{url: https://example.org/kessington/report}]}

ignore:
  - quote: \"By Maria Lindqvist\"
    reason: byline   # not a claim
";

/// A temporary folder with `article.md` and `review.yaml`.
fn project(article: &str, yaml: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::write(tmp.path().join("article.md"), article).expect("write the article");
    fs::write(tmp.path().join("review.yaml"), yaml).expect("write the annotations");
    tmp
}

fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).expect("readable")
}

/// The id of the sentence of `article.md` that holds `text`; with several,
/// the `nth` (from 0).
fn id_of(dir: &Path, text: &str, nth: usize) -> String {
    let run = run(dir, &["sentences", "article.md", "--format", "json"]);
    run.expect_code(0);
    let sentences = run.stdout_json();
    sentences
        .as_array()
        .expect("a list of sentences")
        .iter()
        .filter(|s| s["text"].as_str().is_some_and(|t| t.contains(text)))
        .nth(nth)
        .and_then(|s| s["id"].as_str())
        .unwrap_or_else(|| panic!("no sentence holds {text:?}"))
        .to_owned()
}

/// `check --format json` of `review.yaml`: its exit code and its file's
/// report.
fn check(dir: &Path) -> (i32, Value) {
    let run = run(dir, &["check", "review.yaml", "--format", "json"]);
    let report = run.stdout_json();
    (run.code, report["files"][0].clone())
}

/// The findings of a file's report with a code of `prefix`, as (code,
/// severity, line in their file, message, help).
fn findings(file: &Value, prefix: &str) -> Vec<(String, String, u64, String, String)> {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_owned();
    file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with(prefix)))
        .map(|d| {
            (
                text(&d["code"]),
                text(&d["severity"]),
                d["line"].as_u64().unwrap_or_default(),
                text(&d["message"]),
                text(&d["help"]),
            )
        })
        .collect()
}

/// The anchoring findings only.
fn anchoring(file: &Value) -> Vec<(String, String, u64, String, String)> {
    findings(file, "factmark::anchor::")
}

/// `yaml` with `sentence: {id}` inserted on its own line after the first
/// line that holds `quote_line`, indented as a mapping key of that entry.
fn with_id_after(yaml: &str, quote_line: &str, id: &str) -> String {
    let at = yaml
        .find(quote_line)
        .unwrap_or_else(|| panic!("no {quote_line:?}"));
    let end = at + yaml[at..].find('\n').expect("a line end");
    format!("{}\n    sentence: {id}{}", &yaml[..end], &yaml[end..])
}

/// `text` with its one occurrence of `from` made `to`.
fn once(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} in:\n{text}");
    text.replacen(from, to, 1)
}

#[test]
fn a_review_stays_true_while_the_article_changes() {
    let tmp = project(ARTICLE, HAND_WRITTEN);
    let dir = tmp.path();

    // 1. Hand-written entries anchor, but none records its sentence: one
    //    warning each, and the gate passes unless warnings fail it.
    let (code, file) = check(dir);
    assert_eq!(code, 0, "{file:#}");
    let found = anchoring(&file);
    let lines: Vec<u64> = found.iter().map(|f| f.2).collect();
    assert_eq!(lines, [8, 13, 18, 25, 28, 34, 39, 42], "{found:#?}");
    for (code, severity, _, message, help) in &found {
        assert_eq!(
            (code.as_str(), severity.as_str()),
            ("factmark::anchor::unrecorded", "warning")
        );
        assert!(message.contains("records no sentence id"), "{message}");
        assert!(
            help.starts_with("run `factmark accept review.yaml` to record it (`sentence: s-"),
            "{help}"
        );
    }
    assert!(
        found[1]
            .3
            .starts_with("annotation 2, \"The work is due to start in …\", "),
        "{}",
        found[1].3
    );
    assert!(
        found[7]
            .3
            .starts_with("ignore entry 1, \"By Maria Lindqvist\", "),
        "{}",
        found[7].3
    );
    run(dir, &["check", "review.yaml", "--fail-on", "warning"]).expect_code(1);

    // 2. `accept` records every id, and changes nothing else.
    let accepted = run(dir, &["accept", "review.yaml"]);
    accepted.expect_code(0);
    assert_eq!(
        accepted.stdout,
        "review.yaml: recorded 0 changed sentence ids and 8 missing ones\n"
    );
    let vote = id_of(dir, "voted 6–3", 0);
    let work = id_of(dir, "The work is due", 0);
    let ships = id_of(dir, "container ships", 0);
    let review_id = id_of(dir, "judicial review", 0);
    let plumes = id_of(dir, "sediment plumes", 0);
    let grant = id_of(dir, "£30 million", 0);
    let volumes = id_of(dir, "fell by 12 per cent", 0);
    let byline = id_of(dir, "By Maria Lindqvist", 0);
    let mut expected = HAND_WRITTEN.to_owned();
    for (line, id) in [
        ("  - quote: \"the harbour board voted 6-3", &vote),
        ("  - quote: The work is due to start", &work),
        ("  - quote: 'container ships", &ships),
        ("    quote: \"The association plans", &review_id),
        ("  - quote: \"found that sediment plumes", &plumes),
        ("  - quote: \"The Department for Transport", &grant),
        ("  - quote: \"By Maria Lindqvist\"", &byline),
    ] {
        expected = with_id_after(&expected, line, id);
    }
    expected = once(
        &expected,
        "{quote: \"fell by 12 per cent last year\", ",
        &format!("{{quote: \"fell by 12 per cent last year\", sentence: {volumes}, "),
    );
    assert_eq!(read(dir, "review.yaml"), expected);
    assert_eq!(read(dir, "article.md"), ARTICLE);
    let (code, file) = check(dir);
    assert_eq!((code, anchoring(&file)), (0, vec![]), "{file:#}");
    let recorded = read(dir, "review.yaml");

    // 3. An edit around a quote: its sentence is `changed` (an error, so
    //    that the verdict is re-reviewed), until `accept` records it.
    let edited = once(
        ARTICLE,
        "said the deeper channel would let container ships of up to 9,000 units call at the port.",
        "said on Friday that the deeper channel would let container ships of up to 9,000 units call at Kessington.",
    );
    fs::write(dir.join("article.md"), &edited).expect("edit the article");
    let (code, file) = check(dir);
    assert_eq!(code, 1);
    let found = anchoring(&file);
    assert_eq!(found.len(), 1, "{found:#?}");
    let new_ships = id_of(dir, "container ships", 0);
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str(), found[0].2),
        ("factmark::anchor::changed", "error", 21)
    );
    assert_eq!(
        found[0].3,
        format!(
            "the sentence of annotation 3, \"container ships of up to 9,000 …\", changed since it was reviewed ({ships} is now {new_ships})"
        )
    );
    assert_eq!(
        read(dir, "review.yaml"),
        recorded,
        "`check` changes nothing"
    );
    let accepted = run(dir, &["accept", "review.yaml"]);
    accepted.expect_code(0);
    assert_eq!(
        accepted.stdout,
        "review.yaml: recorded 1 changed sentence id\n"
    );
    let recorded = once(
        &recorded,
        &format!("sentence: {ships}\n"),
        &format!("sentence: {new_ships}\n"),
    );
    assert_eq!(read(dir, "review.yaml"), recorded);
    let (code, file) = check(dir);
    assert_eq!((code, anchoring(&file)), (0, vec![]), "{file:#}");

    // 4. An edit inside a quote of a whole sentence: the quote is
    //    `orphaned`, and the help shows what changed, word by word.
    let edited = once(&edited, "start in March and", "start in April and");
    fs::write(dir.join("article.md"), &edited).expect("edit the article");
    let (code, file) = check(dir);
    assert_eq!(code, 1);
    let found = anchoring(&file);
    assert_eq!(found.len(), 1, "{found:#?}");
    let new_work = id_of(dir, "The work is due", 0);
    let (code, severity, line, message, help) = &found[0];
    assert_eq!(
        (code.as_str(), severity.as_str(), *line),
        ("factmark::anchor::orphaned", "error", 14)
    );
    assert_eq!(
        message,
        "the quote of annotation 2, \"The work is due to start in …\", occurs nowhere in the article"
    );
    assert_eq!(
        help,
        &format!(
            "its sentence was edited, and now reads \"The work is due to start in April and to last about 18 months.\" (article.md:5:143, {new_work}); the words that changed: \"The work is due to start in [-March-]{{+April+}} and to last about 18 months.\"; re-review the verdict, then run `factmark accept --requote review.yaml` to quote the sentence as it reads now"
        )
    );
    // Plain `accept` does not rebind it: only the editor's word does.
    let accepted = run(dir, &["accept", "review.yaml"]);
    accepted.expect_code(1);
    assert_eq!(
        accepted.stdout,
        "review.yaml: recorded 0 changed sentence ids\n"
    );
    assert!(
        accepted.stderr.contains("factmark::anchor::orphaned"),
        "{}",
        accepted.stderr
    );
    assert_eq!(read(dir, "review.yaml"), recorded);
    let requoted = run(dir, &["accept", "--requote", "review.yaml"]);
    requoted.expect_code(0);
    assert_eq!(
        requoted.stdout,
        format!(
            "review.yaml:14:12: annotation 2 now quotes article.md:5:143 ({new_work})\n  - The work is due to start in March and to last about 18 months.\n  + The work is due to start in April and to last about 18 months.\nreview.yaml: recorded 0 changed sentence ids; requoted 1 edited sentence\n"
        )
    );
    let recorded = once(
        &once(
            &recorded,
            "quote: The work is due to start in March and",
            "quote: The work is due to start in April and",
        ),
        &format!("sentence: {work}\n"),
        &format!("sentence: {new_work}\n"),
    );
    assert_eq!(read(dir, "review.yaml"), recorded);
    let (code, file) = check(dir);
    assert_eq!((code, anchoring(&file)), (0, vec![]), "{file:#}");

    // 5. A copy of a reviewed sentence pasted before it takes its id (the
    //    first of identical sentences is `s-…`, the second `s-…-2`), but
    //    not its verdict: the copy is simply unannotated.
    let copied = once(
        &edited,
        "*By Maria Lindqvist, Coastal Desk*\n",
        "*By Maria Lindqvist, Coastal Desk*\n\nThe Department for Transport will cover £30 million of the cost.\n",
    );
    fs::write(dir.join("article.md"), &copied).expect("paste a copy");
    assert_eq!(id_of(dir, "£30 million", 0), grant, "the copy has the id");
    let original = id_of(dir, "£30 million", 1);
    assert_eq!(original, format!("{grant}-2"));
    let (code, file) = check(dir);
    assert_eq!(code, 0, "{file:#}");
    let found = anchoring(&file);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("factmark::anchor::unrecorded", "warning")
    );
    assert!(
        found[0].3.contains(&format!(
            "has taken its id {grant}; the reviewed sentence (article.md:19:1) is {original} now"
        )),
        "{}",
        found[0].3
    );
    // The copy, at 5:1, is the unannotated one.
    let unannotated: Vec<(u64, u64)> = file["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "factmark::coverage::unannotated")
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert!(unannotated.contains(&(5, 1)), "{unannotated:?}");
    assert!(!unannotated.contains(&(19, 1)), "{unannotated:?}");
    // The page shows the verdict on the reviewed sentence.
    let page = run(dir, &["render", "review.yaml"]);
    page.expect_code(0);
    assert!(
        page.stdout.contains(&format!(
            "<span class=\"claim verdict-supported\" id=\"{original}\">"
        )),
        "the verdict is on the reviewed sentence"
    );
    assert!(
        !page.stdout.contains(&format!("id=\"{grant}\"")),
        "the copy has no verdict"
    );
    let accepted = run(dir, &["accept", "review.yaml"]);
    accepted.expect_code(0);
    assert_eq!(
        accepted.stdout,
        "review.yaml: recorded 1 changed sentence id\n"
    );
    let recorded = once(
        &recorded,
        &format!("sentence: {grant}\n"),
        &format!("sentence: {original}\n"),
    );
    assert_eq!(read(dir, "review.yaml"), recorded);
    let (code, file) = check(dir);
    assert_eq!((code, anchoring(&file)), (0, vec![]), "{file:#}");
    assert_eq!(
        read(dir, "article.md"),
        copied,
        "no command writes the article"
    );
}

/// Annotations with `verdict: opinion` quoting `quotes`, each with `extra`
/// lines, after the head of an annotation file.
fn annotations(quotes: &[&str]) -> String {
    let mut yaml = String::from("article: article.md\nreviewed: 2025-03-10\nannotations:\n");
    for quote in quotes {
        yaml.push_str(&format!("  - quote: \"{quote}\"\n    verdict: opinion\n"));
    }
    yaml
}

#[test]
fn quotes_typed_with_hyphens_match_the_articles_dashes() {
    let tmp = project(
        ARTICLE,
        &annotations(&[
            "voted 6-3 on Thursday",
            "voted 6--3 on Thursday",
            "lines to Rotterdam -- and with them",
            "lines to Rotterdam - and with them",
            "lines to Rotterdam--and with them",
        ]),
    );
    let (code, file) = check(tmp.path());
    assert_eq!(code, 0);
    let codes: Vec<String> = anchoring(&file).into_iter().map(|f| f.0).collect();
    // Bound, each of them: only unrecorded, and the overlaps of the
    // quotes of the same words.
    assert!(
        codes
            .iter()
            .all(|c| c == "factmark::anchor::unrecorded" || c == "factmark::anchor::overlap"),
        "{codes:?}"
    );
    assert_eq!(file["verdicts"]["opinion"], 5, "{file:#}");
    // Ids are untouched by this: they fingerprint the text as written.
    let ids = run(tmp.path(), &["sentences", "article.md"]);
    assert!(
        ids.stdout.contains("voted 6–3 on Thursday"),
        "{}",
        ids.stdout
    );
}

#[test]
fn a_quote_that_misses_by_case_or_accents_is_told_the_articles_spelling() {
    let tmp = project(
        ARTICLE,
        &annotations(&["kessington fishermen's association"]),
    );
    let (code, file) = check(tmp.path());
    assert_eq!(code, 1);
    let found = anchoring(&file);
    assert_eq!(found[0].0, "factmark::anchor::orphaned");
    assert!(
        found[0].4.starts_with(
            "the article writes it \"Kessington Fishermen’s Association\" (article.md:11:1, s-"
        ),
        "{}",
        found[0].4
    );
    let tmp = project(
        "The Café Nord opened in 1921.\n",
        &annotations(&["Cafe Nord opened"]),
    );
    let (_, file) = check(tmp.path());
    assert!(
        anchoring(&file)[0]
            .4
            .starts_with("the article writes it \"Café Nord opened\""),
        "{file:#}"
    );
}

#[test]
fn overlapping_quotes_warn_and_contradicting_ones_fail() {
    let yaml = "article: article.md\nreviewed: 2025-03-10\nannotations:\n  - quote: \"fell by 12 per cent last year\"\n    verdict: opinion\n  - quote: \"12 per cent\"\n    verdict: opinion\n";
    let tmp = project(ARTICLE, yaml);
    let (code, file) = check(tmp.path());
    assert_eq!(code, 0);
    let overlap = findings(&file, "factmark::anchor::overlap");
    assert_eq!(overlap.len(), 1);
    assert_eq!(
        (overlap[0].1.as_str(), overlap[0].2, overlap[0].3.as_str()),
        (
            "warning",
            6,
            "the quote of annotation 2, \"12 per cent\", overlaps the quote of annotation 1, \"fell by 12 per cent last year\""
        )
    );
    fs::write(
        tmp.path().join("review.yaml"),
        yaml.replacen(
            "verdict: opinion",
            "verdict: unverified\n    note: The report is not out.",
            1,
        ),
    )
    .expect("write");
    let (code, file) = check(tmp.path());
    assert_eq!(code, 1);
    let overlap = findings(&file, "factmark::anchor::overlap");
    assert_eq!(overlap.len(), 1);
    assert_eq!(overlap[0].1, "error");
    assert!(
        overlap[0]
            .3
            .contains("give different verdicts (`opinion` and `unverified`)"),
        "{}",
        overlap[0].3
    );
    // Quotes that only touch do not overlap.
    let tmp = project(
        ARTICLE,
        &annotations(&["fell by 1", "2 per cent last year"]),
    );
    assert_eq!(check(tmp.path()).1["verdicts"]["opinion"], 2);
    assert_eq!(
        findings(&check(tmp.path()).1, "factmark::anchor::overlap"),
        vec![]
    );
}

#[test]
fn identical_sentences_are_told_apart_only_by_a_recorded_id() {
    let article = "Prices rose. Wages fell.\n\nPrices rose.\n";
    let tmp = project(article, &annotations(&["Prices rose."]));
    let (code, file) = check(tmp.path());
    assert_eq!(code, 1);
    let found = anchoring(&file);
    let first = id_of(tmp.path(), "Prices rose.", 0);
    assert_eq!(found[0].0, "factmark::anchor::ambiguous");
    assert_eq!(
        found[0].4,
        format!(
            "the places are identical sentences, so no longer quote tells them apart: record the one you reviewed with `sentence:` ({first} for article.md:1:1, {first}-2 for article.md:3:1)"
        )
    );
    // `accept` cannot know which: it records nothing.
    let before = read(tmp.path(), "review.yaml");
    run(tmp.path(), &["accept", "review.yaml"]).expect_code(1);
    assert_eq!(read(tmp.path(), "review.yaml"), before);
    // Recorded, the id settles it; but a copy pasted before the second
    // would take its id as well, so while the other copy is recorded by
    // no entry, a warning says the file does not settle which was meant.
    let recorded = with_id_after(
        &before,
        "  - quote: \"Prices rose.\"",
        &format!("{first}-2"),
    );
    fs::write(tmp.path().join("review.yaml"), &recorded).expect("write");
    let (code, file) = check(tmp.path());
    assert_eq!(code, 0, "{file:#}");
    let found = anchoring(&file);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].3,
        format!(
            "the sentence of annotation 1, \"Prices rose.\", {first}-2, has 1 identical copy in the article, article.md:1:1 ({first}), and the file does not record which one was reviewed"
        )
    );
    let page = run(tmp.path(), &["render", "review.yaml"]);
    assert!(
        page.stdout.contains(&format!("id=\"{first}-2\">")),
        "bound where the id says"
    );
    // Every copy recorded: nothing is left to settle.
    fs::write(
        tmp.path().join("review.yaml"),
        format!("{recorded}ignore:\n  - quote: Prices rose.\n    sentence: {first}\n    reason: repeated for the layout\n"),
    )
    .expect("write");
    let (code, file) = check(tmp.path());
    assert_eq!((code, anchoring(&file)), (0, vec![]), "{file:#}");
}

#[test]
fn the_policy_sets_the_severity_of_unrecorded_entries() {
    let tmp = project(ARTICLE, &annotations(&["fell by 12 per cent last year"]));
    let policy = |level: &str| {
        fs::write(
            tmp.path().join("factmark.yaml"),
            format!("policy:\n  severity:\n    factmark::anchor::unrecorded: {level}\n"),
        )
        .expect("write the policy");
    };
    policy("error");
    let (code, file) = check(tmp.path());
    assert_eq!(code, 1);
    let found = anchoring(&file);
    assert_eq!(
        (found[0].0.as_str(), found[0].1.as_str()),
        ("factmark::anchor::unrecorded", "error")
    );
    policy("off");
    let (code, file) = check(tmp.path());
    assert_eq!((code, anchoring(&file)), (0, vec![]));
    // A project that does not want ids is not given them.
    let before = read(tmp.path(), "review.yaml");
    let accepted = run(tmp.path(), &["accept", "review.yaml"]);
    accepted.expect_code(0);
    assert_eq!(
        accepted.stdout,
        "review.yaml: recorded 0 changed sentence ids\n"
    );
    assert_eq!(read(tmp.path(), "review.yaml"), before);
    policy("warning");
    let (code, file) = check(tmp.path());
    assert_eq!((code, anchoring(&file)[0].1.as_str()), (0, "warning"));
}

#[test]
fn accept_keeps_windows_line_breaks_and_every_other_byte() {
    let yaml = HAND_WRITTEN.replace('\n', "\r\n");
    let tmp = project(ARTICLE, &yaml);
    run(tmp.path(), &["accept", "review.yaml"]).expect_code(0);
    let after = read(tmp.path(), "review.yaml");
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "only Windows line breaks"
    );
    // Without the recorded ids, it is the file as it was.
    let without: String = after
        .split_inclusive("\r\n")
        .filter(|line| !line.trim_start().starts_with("sentence: "))
        .collect();
    let volumes = id_of(tmp.path(), "fell by 12 per cent", 0);
    assert_eq!(without.replace(&format!(", sentence: {volumes}"), ""), yaml);
    assert_eq!(after.matches("sentence: s-").count(), 8);
}

/// A `sentence:` that is no id at all (a typo, an empty string, capitals)
/// is an error that `accept` mends where the quote settles, with or without
/// `--requote`, as the errors' help says.
#[test]
fn accept_mends_a_sentence_value_that_is_no_id() {
    let article = "The army said 38 people died in Baku in 2022.\n\nOfficials said 13 people died in Ganja in 2021.\n";
    let entry = |quote: &str, sentence: &str| {
        format!(
            "article: article.md\nreviewed: 2026-01-01\nannotations:\n  - quote: {quote}\n    sentence: {sentence}\n    verdict: opinion\n  - quote: The army said 38 people died in Baku in 2022.\n    verdict: opinion\n"
        )
    };
    let now = "Officials said 13 people died in Ganja in 2021.";
    for written in ["s-x", "\"\"", "S-8712658D"] {
        let tmp = project(article, &entry(now, written));
        let (code, report) = check(tmp.path());
        assert_eq!(code, 1, "{written}: {report:#}");
        let bad = findings(&report, "factmark::store::bad-sentence-id");
        assert_eq!(bad.len(), 1, "{written}: {report:#}");
        assert!(
            bad[0].4.contains("`factmark accept FILE` records"),
            "{bad:?}"
        );
        let id = id_of(tmp.path(), now, 0);
        let accept = run(tmp.path(), &["accept", "review.yaml"]);
        accept.expect_code(0);
        let after = read(tmp.path(), "review.yaml");
        assert!(
            after.contains(&format!("sentence: {id}"))
                || after.contains(&format!("sentence: \"{id}\"")),
            "{written}: {after}"
        );
        assert_eq!(check(tmp.path()).0, 0, "{written}: {after}");
    }
    // The sentence edited too: `--requote`, which `check` advises, mends both.
    let tmp = project(
        article,
        &entry("Officials said 12 people died in Ganja in 2021.", "s-x"),
    );
    run(tmp.path(), &["accept", "--requote", "review.yaml"]).expect_code(0);
    let after = read(tmp.path(), "review.yaml");
    assert!(after.contains(&format!("quote: {now}")), "{after}");
    assert_eq!(check(tmp.path()).0, 0, "{after}");
}
