//! `factmark lsp` driven as an editor drives it: the real binary over
//! stdio, JSON-RPC with Content-Length framing. Edits the server offers are
//! applied here and the resulting text compared with what `accept` and
//! `init` write.

mod common;
mod lsp {
    pub mod client;
}

use std::fs;

use lsp::client::{Client, apply, uri};
use proptest::prelude::*;
use serde_json::{Value, json};

use common::{Project, factmark};

const ARTICLE: &str = "# Prices\n\nPrices rose by 12 percent in 2024, the ministry said. Путин 🙂 told reporters that wages fell by 3 percent in March.\n\nThe central bank raised its key rate to 21 percent on Friday. Officials said exports grew by 40 percent last year.\n";

const REVIEW: &str = r#"# The review of the story.
article: ../articles/story.md
reviewed: 2025-01-10
annotations:
  - quote: "Prices rose by 12 percent"
    sentence: s-00000000   # an old id
    verdict: supported
    sources:
      - url: https://example.org/prices
  - quote: "wages fell by 3 percent in March"
    verdict: supportd
    sources:
      - url: https://example.org/wages
  - quote: "exports grew by 50 percent"
    verdict: opinion
  - quote: 'central bank raised its key rate'
    verdict: opinion
"#;

const YAML: &str = "annotations/story.yaml";
const MD: &str = "articles/story.md";

fn project(review: &str) -> Project {
    Project::new(&[(MD, ARTICLE), (YAML, review)])
}

fn yaml_uri(p: &Project) -> String {
    uri(&p.path().join(YAML))
}

fn md_uri(p: &Project) -> String {
    uri(&p.path().join(MD))
}

/// A started server with the review open, and its first diagnostics.
fn opened(p: &Project, encodings: &[&str]) -> (Client, Vec<Value>) {
    let mut client = Client::start(p.path(), encodings);
    client.open(
        &p.path().join(YAML),
        "yaml",
        &fs::read_to_string(p.path().join(YAML)).expect("the review"),
    );
    let diagnostics = client.diagnostics(&yaml_uri(p), |_| true);
    (client, diagnostics)
}

fn position(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

/// The UTF-16 position of the end of the first `needle` in `text`.
fn after(text: &str, needle: &str) -> Value {
    let end = text.find(needle).expect("the needle") + needle.len();
    let line = text[..end].matches('\n').count();
    let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
    position(line as u32, text[start..end].encode_utf16().count() as u32)
}

fn at_text(uri: &str, at: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": at })
}

fn codes(diagnostics: &[Value]) -> Vec<String> {
    let mut codes: Vec<String> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect();
    codes.sort();
    codes
}

/// The actions at `at` in `uri`.
fn actions(client: &mut Client, uri: &str, at: Value) -> Vec<Value> {
    let result = client.result(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": uri },
            "range": { "start": at, "end": at },
            "context": { "diagnostics": [] },
        }),
    );
    result.as_array().cloned().unwrap_or_default()
}

/// The action whose title starts with `title`, its edits of `uri`.
fn edits_of(actions: &[Value], title: &str, uri: &str) -> Vec<Value> {
    let action = actions
        .iter()
        .find(|a| a["title"].as_str().is_some_and(|t| t.starts_with(title)))
        .unwrap_or_else(|| panic!("no action {title:?} among {actions:#?}"));
    action["edit"]["changes"][uri]
        .as_array()
        .cloned()
        .unwrap_or_else(|| panic!("{title:?} edits no {uri}: {action}"))
}

/// The review after `factmark ARGS` ran on a copy of project `files`.
fn after_cli(review: &str, args: &[&str]) -> String {
    let copy = project(review);
    let output = factmark(copy.path())
        .args(args)
        .output()
        .expect("factmark runs");
    assert!(output.status.code().is_some(), "factmark ran");
    fs::read_to_string(copy.path().join(YAML)).expect("the review")
}

#[test]
fn diagnostics_are_checks_findings_and_follow_unsaved_edits() {
    let p = project(REVIEW);
    let before = p.files();
    let (mut client, diagnostics) = opened(&p, &[]);
    // Exactly what `check` says of the file: codes, messages with their
    // help, lines and columns (the file is ASCII: columns are units).
    let run = p.run(&["check", "--format", "json", YAML]);
    let report = run.stdout_json();
    let mut expected: Vec<(String, String, u64, u64)> = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == YAML)
        .map(|d| {
            let mut message = d["message"].as_str().unwrap_or_default().to_owned();
            if let Some(help) = d["help"].as_str() {
                message.push_str(&format!("\nhelp: {help}"));
            }
            let (line, column) = (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            );
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                message,
                line.saturating_sub(1),
                column.saturating_sub(1),
            )
        })
        .collect();
    let mut got: Vec<(String, String, u64, u64)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["message"].as_str().unwrap_or_default().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap_or(99),
                d["range"]["start"]["character"].as_u64().unwrap_or(99),
            )
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    let found = codes(&diagnostics);
    for code in [
        "factmark::anchor::changed",
        "factmark::anchor::orphaned",
        "factmark::store::unknown-verdict",
        "factmark::anchor::unrecorded",
    ] {
        assert!(
            found.iter().any(|c| c == code),
            "{code} missing from {found:?}"
        );
    }
    let unknown = diagnostics
        .iter()
        .find(|d| d["code"] == "factmark::store::unknown-verdict")
        .expect("the unknown verdict");
    assert!(
        unknown["message"]
            .as_str()
            .is_some_and(|m| m.contains("did you mean `supported`?"))
    );
    assert_eq!(unknown["severity"], 1);

    // The article, open: its unannotated sentences as hints, at their
    // exact UTF-16 ranges (the second sentence has Cyrillic and an emoji).
    client.open(&p.path().join(MD), "markdown", ARTICLE);
    let hints = client.diagnostics(&md_uri(&p), |d| !d.is_empty());
    assert!(
        hints
            .iter()
            .all(|d| d["severity"] == 4 && d["code"] == "factmark::coverage::unannotated"),
        "{hints:#?}"
    );
    let putin = hints
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("s-a5bf5d55"))
        })
        .expect("the hint on the sentence with the emoji");
    let sentence = "Путин 🙂 told reporters that wages fell by 3 percent in March.";
    assert_eq!(putin["range"]["start"], position(2, 54));
    assert_eq!(
        putin["range"]["end"],
        position(2, 54 + sentence.encode_utf16().count() as u32)
    );

    // An unsaved edit: the verdict's typo fixed in the buffer only.
    let fix = after(REVIEW, "verdict: supportd");
    let mut start = fix.clone();
    start["character"] = json!(fix["character"].as_u64().unwrap_or(0) - 8);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": yaml_uri(&p), "version": 2 },
            "contentChanges": [{ "range": { "start": start, "end": fix }, "text": "supported" }],
        }),
    );
    let fixed = client.diagnostics(&yaml_uri(&p), |d| {
        !codes(d).iter().any(|c| c.ends_with("unknown-verdict"))
    });
    assert!(
        codes(&fixed).iter().any(|c| c.ends_with("changed")),
        "{fixed:#?}"
    );

    // Half-typed: the YAML error only, and the server goes on answering.
    let end = position(REVIEW.lines().count() as u32, 0);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": yaml_uri(&p), "version": 3 },
            "contentChanges": [{ "range": { "start": end, "end": end }, "text": "  - quote: \"unterminated\n    verdict: [" }],
        }),
    );
    let broken = client.diagnostics(&yaml_uri(&p), |d| d.len() == 1);
    assert_eq!(codes(&broken), ["factmark::store::yaml"]);
    let hover = client.request(
        "textDocument/hover",
        at_text(&yaml_uri(&p), position(4, 14)),
    );
    assert!(hover.get("error").is_none(), "{hover}");

    assert_eq!(client.shutdown(), 0);
    assert_eq!(p.files(), before, "the server changed a file");
}

/// A workspace named through a symlink (as macOS names a folder under
/// `/tmp`): its files are the project's, not outside it.
#[cfg(unix)]
#[test]
fn a_workspace_reached_through_a_symlink_is_the_project() {
    let p = project(REVIEW);
    let links = tempfile::tempdir().expect("a folder");
    let link = links.path().join("project");
    std::os::unix::fs::symlink(p.path(), &link).expect("a symlink");
    let mut client = Client::start(&link, &[]);
    client.open(&link.join(YAML), "yaml", REVIEW);
    let diagnostics = client.diagnostics(&uri(&link.join(YAML)), |_| true);
    let (direct, expected) = opened(&p, &[]);
    assert_eq!(codes(&diagnostics), codes(&expected));
    assert!(!codes(&diagnostics).iter().any(|c| c == "factmark::io"));
    // The article, opened through the link too, gets its hints.
    client.open(&link.join(MD), "markdown", ARTICLE);
    let hints = client.diagnostics(&uri(&link.join(MD)), |d| !d.is_empty());
    assert!(
        codes(&hints)
            .iter()
            .all(|c| c == "factmark::coverage::unannotated")
    );
    assert_eq!(client.shutdown(), 0);
    assert_eq!(direct.shutdown(), 0);
}

#[test]
fn positions_follow_the_negotiated_encoding() {
    let line = "  - {quote: \"Путин 🙂 told reporters\", verdict: supportd}";
    let review =
        format!("article: ../articles/story.md\nreviewed: 2025-01-10\nannotations:\n{line}\n");
    let column = line.find("supportd").expect("the verdict");
    for (offered, encoding, character) in [
        (&[][..], "utf-16", line[..column].encode_utf16().count()),
        (&["utf-8", "utf-16"][..], "utf-8", column),
    ] {
        let p = project(&review);
        let (client, diagnostics) = opened(&p, offered);
        assert_eq!(client.capabilities["positionEncoding"], encoding);
        let unknown = diagnostics
            .iter()
            .find(|d| d["code"] == "factmark::store::unknown-verdict")
            .expect("the unknown verdict");
        assert_eq!(
            unknown["range"]["start"],
            position(3, character as u32),
            "{encoding}"
        );
        assert_eq!(
            unknown["range"]["end"],
            position(3, (character + "supportd".len()) as u32),
            "{encoding}"
        );
        assert_eq!(client.shutdown(), 0);
    }
}

#[test]
fn completion_offers_verdicts_and_the_articles_sentences() {
    let p = project(REVIEW);
    let (mut client, _) = opened(&p, &[]);
    let items = client.result(
        "textDocument/completion",
        at_text(&yaml_uri(&p), after(REVIEW, "verdict: sup")),
    );
    let supported = items
        .as_array()
        .and_then(|items| items.iter().find(|i| i["label"] == "supported"))
        .unwrap_or_else(|| panic!("no `supported` among {items:#}"));
    let documentation = supported["documentation"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        documentation.contains("Requires: at least one source."),
        "{documentation}"
    );

    // A quote being typed, in a file that no longer loads: the sentences
    // that hold the words so far, and the quote and its id inserted.
    let typing = format!("{REVIEW}  - quote: \"exports gr");
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": yaml_uri(&p), "version": 2 },
            "contentChanges": [{ "text": typing }],
        }),
    );
    let items = client.result(
        "textDocument/completion",
        at_text(&yaml_uri(&p), after(&typing, &typing)),
    );
    let items = items.as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1, "{items:#?}");
    let mut edits = vec![items[0]["textEdit"].clone()];
    edits.extend(
        items[0]["additionalTextEdits"]
            .as_array()
            .cloned()
            .unwrap_or_default(),
    );
    let completed = apply(&typing, &edits, false);
    assert_eq!(
        completed,
        format!(
            "{REVIEW}  - quote: \"Officials said exports grew by 40 percent last year.\"\n    sentence: s-48bf0791"
        )
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn hover_tells_what_a_quote_binds_to() {
    let p = project(REVIEW);
    let (mut client, _) = opened(&p, &[]);
    let hover = |client: &mut Client, needle: &str| -> String {
        let result = client.result(
            "textDocument/hover",
            at_text(&yaml_uri(&p), after(REVIEW, needle)),
        );
        result["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    };
    let quote = hover(&mut client, "quote: \"Prices");
    assert!(quote.starts_with("**changed**"), "{quote}");
    assert!(
        quote.contains("Prices rose by 12 percent in 2024, the ministry said."),
        "{quote}"
    );
    let id = hover(&mut client, "s-0000");
    assert!(
        id.contains("now reads") && id.contains("s-b65d3e52"),
        "{id}"
    );
    let orphan = hover(&mut client, "quote: \"exports");
    assert!(
        orphan.contains("**orphaned**") && orphan.contains("s-48bf0791"),
        "{orphan}"
    );
    let verdict = hover(&mut client, "verdict: supp");
    assert!(
        verdict.contains("the evidence supports the claim"),
        "{verdict}"
    );
    let unknown = hover(&mut client, "verdict: supportd");
    assert!(unknown.contains("supportd"), "{unknown}");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn record_actions_make_accepts_edits() {
    let p = project(REVIEW);
    let (mut client, _) = opened(&p, &[]);
    let here = actions(&mut client, &yaml_uri(&p), after(REVIEW, "quote: \"Prices"));
    let one = apply(
        REVIEW,
        &edits_of(
            &here,
            "Record the sentence id s-b65d3e52 of annotation 1",
            &yaml_uri(&p),
        ),
        false,
    );
    assert_eq!(one, REVIEW.replace("s-00000000", "s-b65d3e52"));
    let all = apply(
        REVIEW,
        &edits_of(&here, "Record all 2 sentence ids", &yaml_uri(&p)),
        false,
    );
    assert_eq!(all, after_cli(REVIEW, &["accept", YAML]));
    assert!(
        all.contains("  - quote: 'central bank raised its key rate'\n    sentence: s-4ad4eaca\n"),
        "{all}"
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn the_requote_action_makes_accept_requotes_edit() {
    let review = "article: ../articles/story.md\nreviewed: 2025-01-10\nannotations:\n  - quote: \"Officials said exports grew by 50 percent last year.\" # edited since\n    verdict: opinion\n";
    let p = project(review);
    let (mut client, diagnostics) = opened(&p, &[]);
    assert_eq!(codes(&diagnostics), ["factmark::anchor::orphaned"]);
    let here = actions(&mut client, &yaml_uri(&p), after(review, "verdict: op"));
    let requoted = apply(
        review,
        &edits_of(
            &here,
            "Requote annotation 1 to its edited sentence s-48bf0791",
            &yaml_uri(&p),
        ),
        false,
    );
    assert_eq!(requoted, after_cli(review, &["accept", "--requote", YAML]));
    assert!(
        requoted
            .contains("\"Officials said exports grew by 40 percent last year.\" # edited since\n"),
        "{requoted}"
    );
    assert!(requoted.contains("sentence: s-48bf0791"), "{requoted}");
    assert_eq!(client.shutdown(), 0);
}

/// `init`'s stubs of the article, by sentence id, as it writes them.
fn init_stubs(p: &Project) -> Vec<(String, String)> {
    let run = p.run(&["init", MD]);
    run.expect_code(0);
    let list = run
        .stdout
        .split_once("annotations:\n")
        .expect("a list")
        .1
        .to_owned();
    list.split_inclusive("    note: \"\"\n")
        .map(|stub| {
            let id = stub
                .split("sentence: ")
                .nth(1)
                .and_then(|s| s.lines().next())
                .unwrap_or_default();
            (id.to_owned(), stub.to_owned())
        })
        .collect()
}

#[test]
fn stub_actions_add_what_init_writes() {
    let p = project(REVIEW);
    let stubs = init_stubs(&p);
    let stub = |id: &str| {
        stubs
            .iter()
            .find(|(i, _)| i == id)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    };
    let (mut client, _) = opened(&p, &[]);
    let here = actions(&mut client, &yaml_uri(&p), position(0, 0));
    // The first sentence is bound (by an annotation with errors), the
    // fourth annotated: no stub for them.
    let added = apply(
        REVIEW,
        &edits_of(&here, "Add 2 stubs", &yaml_uri(&p)),
        false,
    );
    assert_eq!(
        added,
        format!("{REVIEW}{}{}", stub("s-a5bf5d55"), stub("s-48bf0791"))
    );

    // On the article: this sentence, in the annotation file that names it.
    client.open(&p.path().join(MD), "markdown", ARTICLE);
    let _ = client.diagnostics(&md_uri(&p), |d| !d.is_empty());
    let here = actions(&mut client, &md_uri(&p), after(ARTICLE, "Officials"));
    let annotated = apply(
        REVIEW,
        &edits_of(
            &here,
            "Annotate this sentence (s-48bf0791) in story.yaml",
            &yaml_uri(&p),
        ),
        false,
    );
    assert_eq!(annotated, format!("{REVIEW}{}", stub("s-48bf0791")));
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn navigation_goes_from_annotation_to_sentence_and_back() {
    let p = project(REVIEW);
    let (mut client, _) = opened(&p, &[]);
    client.open(&p.path().join(MD), "markdown", ARTICLE);
    let _ = client.diagnostics(&md_uri(&p), |d| !d.is_empty());
    let definition = client.result(
        "textDocument/definition",
        at_text(&yaml_uri(&p), after(REVIEW, "verdict: supported")),
    );
    assert_eq!(definition["uri"], md_uri(&p));
    assert_eq!(definition["range"]["start"], position(2, 0));
    assert_eq!(definition["range"]["end"], position(2, 53));
    let references = client.result(
        "textDocument/references",
        json!({ "textDocument": { "uri": md_uri(&p) }, "position": position(2, 10), "context": { "includeDeclaration": false } }),
    );
    assert_eq!(
        references,
        json!([{
            "uri": yaml_uri(&p),
            "range": { "start": position(4, 11), "end": position(4, 38) },
        }])
    );
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn a_garbled_message_gets_an_error_and_the_session_goes_on() {
    let p = project(REVIEW);
    let (mut client, _) = opened(&p, &[]);
    client.send_raw("garbage{{{");
    let error = client.wait("the parse error", |m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_eq!(error["id"], Value::Null);
    // JSON, but neither a request, a response nor a notification.
    client.send_raw(r#"{"jsonrpc": "2.0", "method": 5}"#);
    let error = client.wait("the invalid request", |m| m.get("error").is_some());
    assert_eq!(error["error"]["code"], -32600, "{error}");
    // Still serving the open file.
    let hover = client.result(
        "textDocument/hover",
        at_text(&yaml_uri(&p), after(REVIEW, "quote: \"Prices")),
    );
    assert!(hover.to_string().contains("s-"), "{hover}");
    assert_eq!(client.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_exits_with_one() {
    let p = project(REVIEW);
    let (client, _) = opened(&p, &[]);
    // The protocol's exit code for an exit that was not asked for.
    assert_eq!(client.exit(), 1);
}

/// An edit of the buffer: where (line, UTF-16 character, either of which
/// may be past the end or split a character) and what.
fn an_edit() -> impl Strategy<Value = (u32, u32, u32, String)> {
    let text = prop::sample::select(vec![
        "",
        "a",
        "\n",
        "  - quote: \"",
        "verdict: ",
        "Путин",
        "🙂",
        "\"",
        ":",
        "  ",
        "# c\n",
        "\r\n",
        "é",
    ]);
    (0u32..20, 0u32..70, 0u32..6, text).prop_map(|(l, c, len, t)| (l, c, len, t.to_owned()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random edits, at positions that may split a surrogate pair (UTF-16)
    /// or a character's bytes (UTF-8), or lie past the line's end: the
    /// server never panics, and goes on answering.
    #[test]
    fn random_edits_never_stop_the_server(
        edits in prop::collection::vec(an_edit(), 1..25),
        utf8 in any::<bool>(),
    ) {
        let p = project(REVIEW);
        let (mut client, _) = opened(&p, if utf8 { &["utf-8"] } else { &[] });
        client.open(&p.path().join(MD), "markdown", ARTICLE);
        for (version, (line, character, length, text)) in edits.into_iter().enumerate() {
            let uri = if version % 3 == 2 { md_uri(&p) } else { yaml_uri(&p) };
            let start = position(line, character);
            let end = position(line, character + length);
            client.notify(
                "textDocument/didChange",
                json!({
                    "textDocument": { "uri": uri, "version": version + 2 },
                    "contentChanges": [{ "range": { "start": start, "end": end }, "text": text }],
                }),
            );
            if version % 4 == 0 {
                for method in ["textDocument/hover", "textDocument/completion", "textDocument/definition"] {
                    let answer = client.request(method, at_text(&yaml_uri(&p), position(line, character)));
                    prop_assert!(answer.get("error").is_none(), "{}", answer);
                }
                let answer = client.request(
                    "textDocument/codeAction",
                    json!({ "textDocument": { "uri": uri }, "range": { "start": start, "end": end }, "context": { "diagnostics": [] } }),
                );
                prop_assert!(answer.get("error").is_none(), "{}", answer);
            }
        }
        // Once quiet, the file is reviewed again: diagnostics come.
        let _ = client.diagnostics(&yaml_uri(&p), |_| true);
        prop_assert_eq!(client.shown(), Vec::<Value>::new());
        prop_assert_eq!(client.shutdown(), 0);
    }
}
