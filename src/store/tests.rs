use super::*;
use crate::diagnostic::codes;

fn load(yaml: &str) -> (Option<AnnotationSet>, Vec<Diagnostic>) {
    parse(yaml, Path::new("annotations/a.yaml"))
}

const HEAD: &str = "article: ../seeds/a.md\nreviewed: 2025-11-25\n";

#[test]
fn reads_a_valid_file_with_spans() {
    let yaml = format!(
        "{HEAD}annotations:\n  - quote: \"On December 25, 2022\"\n    verdict: misdated\n    claimed: 2022-12-25\n    corrected: 2024-12-25\n    sources:\n      - url: https://example.org/a\n"
    );
    let (set, findings) = load(&yaml);
    assert_eq!(findings, []);
    let set = set.expect("set");
    assert_eq!(set.article.value, PathBuf::from("seeds/a.md"));
    let a = &set.annotations[0];
    assert_eq!(a.verdict.value.name(), "misdated");
    assert_eq!(a.verdict.span.line, 5);
    assert_eq!(a.verdict.span.column, 14);
    assert_eq!(a.quote.value, "On December 25, 2022");
}

#[test]
fn unquoted_false_is_a_verdict() {
    let yaml = format!(
        "{HEAD}annotations:\n  - quote: x\n    verdict: false\n    note: n\n    sources: [{{url: https://e.org}}]\n"
    );
    let (set, findings) = load(&yaml);
    assert_eq!(findings, []);
    assert_eq!(
        set.map(|s| s.annotations[0].verdict.value.clone()),
        Verdict::standard("false")
    );
}

#[test]
fn unknown_key_is_an_error_at_its_line() {
    let yaml = format!("{HEAD}annotations:\n  - quote: x\n    verdict: opinion\n    notes: typo\n");
    let (set, findings) = load(&yaml);
    assert!(set.is_none());
    assert_eq!(findings[0].code, codes::UNKNOWN_KEY);
    assert_eq!(findings[0].line, 6);
}

#[test]
fn verdict_requirements_and_bad_values_are_reported() {
    let yaml = format!(
        "{HEAD}annotations:\n  - quote: a\n    verdict: disputd\n  - quote: b\n    verdict: false\n  - quote: c\n    verdict: supported\n    sources: [{{url: \"javascript:alert(1)\"}}]\n  - quote: d\n    verdict: misdated\n    claimed: 2025-02-30\n    corrected: 2025-03-01\n    sources: [{{url: https://e.org}}]\n"
    );
    let (set, findings) = load(&yaml);
    let codes_found: Vec<_> = findings.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        codes_found,
        [
            (codes::UNKNOWN_VERDICT, 5),
            (codes::MISSING_FIELD, 7),
            (codes::MISSING_FIELD, 7),
            (codes::BAD_URL, 10),
            (codes::BAD_DATE, 13),
        ]
    );
    assert_eq!(
        findings[0]
            .help
            .as_deref()
            .map(|h| h.starts_with("did you mean `disputed`")),
        Some(true)
    );
    // The unknown verdict and the impossible date drop out; the rest still anchor.
    assert_eq!(set.map(|s| s.annotations.len()), Some(2));
}

#[test]
fn id_edits_keep_every_other_byte() {
    let yaml = format!(
        "{HEAD}annotations:\n  # keep me\n  - quote: a\n    sentence: s-00000000\n    verdict: opinion\n  - quote: b\n    sentence: \"s-11111111\"   # quoted\n    verdict: opinion\n"
    );
    let (set, findings) = load(&yaml);
    assert_eq!(findings, []);
    let set = set.expect("set");
    let spans: Vec<Span> = set
        .annotations
        .iter()
        .filter_map(|a| a.sentence.as_ref().map(|s| s.span))
        .collect();
    let out = apply_edits(
        &yaml,
        &[
            Edit::Id(spans[1], "s-bbbbbbbb"),
            Edit::Id(spans[0], "s-aaaaaaaa"),
        ],
    );
    assert_eq!(
        out,
        yaml.replace("s-00000000", "s-aaaaaaaa")
            .replace("s-11111111", "s-bbbbbbbb")
    );
}

/// The file of `id_edits_rewrite_every_style`, with `value` after the
/// first annotation's `sentence:` and `flow` as the second annotation.
fn with_sentence(value: &str, flow: &str) -> String {
    format!(
        "{HEAD}title: &t s-99999999\nannotations:\n  - quote: a\n    sentence: {value}    verdict: opinion\n  {flow}\n  - quote: c\n    verdict: opinion\n"
    )
}

/// The recorded sentence ids of `yaml`'s annotations and their spans.
fn sentence_spans(yaml: &str) -> Vec<(String, Span)> {
    let (set, findings) = load(yaml);
    set.unwrap_or_else(|| panic!("{yaml}\n{findings:#?}"))
        .annotations
        .iter()
        .filter_map(|a| a.sentence.as_ref().map(|s| (s.value.clone(), s.span)))
        .collect()
}

#[test]
fn id_edits_rewrite_every_style() {
    // (the value as written, as rewritten), each followed by the next key.
    let values = [
        ("s-00000000\n", "s-aaaaaaaa\n"),
        ("s-00000000   # why\n", "s-aaaaaaaa   # why\n"),
        ("'s-00000000'\n", "'s-aaaaaaaa'\n"),
        ("\"s-00000000\"  # why\n", "\"s-aaaaaaaa\"  # why\n"),
        ("\"s-0000\n      0000\"\n", "\"s-aaaaaaaa\"\n"),
        ("s-0000\n      0000\n", "s-aaaaaaaa\n"),
        ("\n      s-00000000\n", "\n      s-aaaaaaaa\n"),
        (
            "# a comment with > and |\n      s-00000000\n",
            "# a comment with > and |\n      s-aaaaaaaa\n",
        ),
        ("!!str s-00000000\n", "!!str s-aaaaaaaa\n"),
        ("*t\n", "s-aaaaaaaa\n"),
        // Block scalars become plain ones on the header's line.
        (">-\n      s-00000000\n", "s-aaaaaaaa\n"),
        (">\n      s-00000000\n", "s-aaaaaaaa\n"),
        ("|\n      s-00000000\n", "s-aaaaaaaa\n"),
        ("|-\n      s-00000000\n", "s-aaaaaaaa\n"),
        ("|+\n      s-00000000\n\n", "s-aaaaaaaa\n\n"),
        ("|2-\n      s-00000000\n", "s-aaaaaaaa\n"),
        (
            ">-4  # reviewed | again\n        s-00000000\n",
            "s-aaaaaaaa  # reviewed | again\n",
        ),
        (">-\n\n      s-0000\n      0000\n\n", "s-aaaaaaaa\n\n"),
        (
            ">-\n      s-00000000\n    # a comment that stays\n",
            "s-aaaaaaaa\n    # a comment that stays\n",
        ),
        ("!!str >-\n      s-00000000\n", "!!str s-aaaaaaaa\n"),
        ("&s |-\n      s-00000000\n", "&s s-aaaaaaaa\n"),
        (
            "# why\n      >-\n        s-00000000\n",
            "# why\n      s-aaaaaaaa\n",
        ),
    ];
    let flows = [
        (
            "- {quote: b, sentence: s-11111111, verdict: opinion}",
            "- {quote: b, sentence: s-bbbbbbbb, verdict: opinion}",
        ),
        (
            "- {quote: b, sentence: 's-11111111', verdict: opinion}",
            "- {quote: b, sentence: 's-bbbbbbbb', verdict: opinion}",
        ),
        (
            "- {quote: b,\n     sentence: \"s-11111111\", verdict: opinion }",
            "- {quote: b,\n     sentence: \"s-bbbbbbbb\", verdict: opinion }",
        ),
    ];
    for (value, rewritten) in values {
        for (flow, flow_rewritten) in flows {
            let yaml = with_sentence(value, flow);
            let spans = sentence_spans(&yaml);
            assert_eq!(spans.len(), 2, "{yaml}");
            let out = apply_edits(
                &yaml,
                &[
                    Edit::Id(spans[1].1, "s-bbbbbbbb"),
                    Edit::Id(spans[0].1, "s-aaaaaaaa"),
                ],
            );
            assert_eq!(
                out,
                with_sentence(rewritten, flow_rewritten),
                "from:\n{yaml}"
            );
            let ids: Vec<String> = sentence_spans(&out).into_iter().map(|(id, _)| id).collect();
            assert_eq!(ids, ["s-aaaaaaaa", "s-bbbbbbbb"], "{out}");
        }
    }
}

#[test]
fn id_edits_keep_windows_line_breaks() {
    let yaml = with_sentence(
        ">-  # why\n      s-00000000\n",
        "- {quote: b, verdict: opinion}",
    )
    .replace('\n', "\r\n");
    let spans = sentence_spans(&yaml);
    let out = apply_edits(&yaml, &[Edit::Id(spans[0].1, "s-aaaaaaaa")]);
    assert_eq!(
        out,
        with_sentence("s-aaaaaaaa  # why\n", "- {quote: b, verdict: opinion}")
            .replace('\n', "\r\n")
    );
}

/// A list of lists, as deep as its YAML.
#[derive(serde::Deserialize)]
struct Deep(#[allow(dead_code)] Vec<Deep>);

#[test]
fn a_limit_names_aliases_only_when_the_file_has_some() {
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let Err(e) = deserialize_yaml::<Deep>(&deep, "lists of lists") else {
        panic!("100 levels are read");
    };
    assert_eq!(e.code, codes::YAML);
    assert_eq!(
        e.message,
        "the YAML is too big to read: nested over 64 levels deep"
    );
    assert_eq!(e.help.as_deref(), Some("lists of lists"));
    let Err(e) = deserialize_yaml::<Deep>(&format!("[&a [], *a, {deep}]"), "lists of lists") else {
        panic!("100 levels are read");
    };
    assert_eq!(
        e.message,
        "the YAML is too big to read: nested over 64 levels deep, counting each alias (`*name`) as a copy"
    );
    assert!(e.help.is_some_and(|h| h.contains("no anchors or aliases")));
}

#[test]
fn a_control_character_is_found_where_the_parser_only_points_near_it() {
    let yaml = format!("{HEAD}title: |\n  first\n  é \u{1}\n");
    let (set, findings) = load(&yaml);
    assert!(set.is_none());
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let d = &findings[0];
    assert_eq!(d.code, codes::YAML);
    assert_eq!((d.line, d.column), (5, 5), "{d:#?}");
    assert_eq!(
        d.span.as_ref().map(|s| &yaml[s.start..s.start + 1]),
        Some("\u{1}")
    );
}

#[test]
fn article_of_reads_only_the_top_level_key() {
    let file = Path::new("annotations/a.yaml");
    let article = |yaml: &str| super::article_of(yaml, file);
    assert_eq!(
        article("article: ../seeds/a.md\nannotations: [\n"),
        Some(PathBuf::from("seeds/a.md")),
        "read before the broken rest"
    );
    assert_eq!(
        article(
            "title: x\nnotes: {article: no.md}\nlist: [article, no.md]\n\"article\": 'b c.md'\n"
        ),
        Some(PathBuf::from("annotations/b c.md"))
    );
    assert_eq!(
        article("annotations:\n  - article: no.md\n    quote: x\n"),
        None
    );
    assert_eq!(article("article:\n  nested: no.md\n"), None);
    assert_eq!(article("- article\n- no.md\n"), None);
    assert_eq!(article("article: [\n"), None);
}

#[test]
fn offsets_and_positions_agree_on_every_kind_of_line_end() {
    for source in [
        "a: 1\nb: é2\n",
        "a: 1\r\nb: é2\r\n",
        "a: 1\rb: é2\r",
        "\u{feff}a: 1\rb: é2\r\nc: 3\n",
    ] {
        for (offset, _) in source
            .char_indices()
            .filter(|&(i, _)| i >= 3 || !source.starts_with('\u{feff}'))
        {
            let (line, column) = crate::diagnostic::line_column(source, offset);
            assert_eq!(
                super::offset_of(source, line, column),
                offset,
                "{source:?} at {offset} ({line}:{column})"
            );
        }
    }
}

#[test]
fn reads_ignore_entries_with_spans() {
    let yaml = format!(
        "{HEAD}ignore:\n  - quote: \"Additional reporting by\"   # credit\n    sentence: s-0123abcd\n    reason: credit line\n  - quote: Photo\n    reason: 'a caption'\n"
    );
    assert!(fast_accepts(&yaml), "plain block YAML takes the fast path");
    assert!(readers_agree(&yaml));
    let (set, findings) = load(&yaml);
    assert_eq!(findings, []);
    let set = set.expect("set");
    assert!(set.annotations.is_empty());
    let ignore: Vec<_> = set
        .ignore
        .iter()
        .map(|e| {
            (
                e.index,
                e.quote.value.as_str(),
                e.sentence.as_ref().map(|s| s.value.as_str()),
                e.reason.as_ref().map(|r| r.value.as_str()),
                (e.span.line, e.span.column),
            )
        })
        .collect();
    assert_eq!(
        ignore,
        [
            (
                0,
                "Additional reporting by",
                Some("s-0123abcd"),
                Some("credit line"),
                (4, 5)
            ),
            (1, "Photo", None, Some("a caption"), (7, 5)),
        ]
    );
    assert_eq!(
        (
            set.ignore[0].quote.span.line,
            set.ignore[0].quote.span.column
        ),
        (4, 12)
    );
}

/// Both readers read every way of writing the list alike: flow style and
/// comments, a reason missing, empty or null.
#[test]
fn both_readers_read_ignore_entries_alike() {
    for list in [
        "ignore:\n  - quote: a\n    reason: b\n",
        "ignore:\n- quote: a\n  reason: b\n",
        "ignore:\n  # a comment\n  - quote: a\n\n    reason: b  # why\n",
        "ignore:\n  - quote: a\n",
        "ignore:\n  - quote: a\n    reason:\n",
        "ignore:\n  - quote: a\n    reason: \"\"\n",
        "ignore:\n  - quote: a\n    reason: ~\n",
        "ignore: [{quote: a, reason: b}]\n",
        "ignore: []\n",
        "ignore:\n  - {quote: a, sentence: s-00000000, reason: b}\n",
        "ignore:\n  - quote: a\n    reason: |\n      why\n",
    ] {
        let yaml = format!("{HEAD}{list}");
        assert!(readers_agree(&yaml), "the readers differ on:\n{yaml}");
        assert!(load(&yaml).0.is_some(), "{yaml}");
    }
    // A key without a list is null, as for `annotations:`.
    let yaml = format!("{HEAD}ignore:\n");
    assert!(readers_agree(&yaml));
    assert_eq!(load(&yaml).1[0].code, codes::WRONG_TYPE);
}

#[test]
fn an_ignore_entry_needs_a_reason() {
    let yaml = format!(
        "{HEAD}ignore:\n  - quote: By Jane Roe\n  - quote: Photo\n    reason: \"  \"\n  - quote: Credit\n    reason:\n"
    );
    let (set, findings) = load(&yaml);
    let found: Vec<_> = findings
        .iter()
        .map(|d| (d.code, d.message.as_str(), d.line, d.column))
        .collect();
    assert_eq!(
        found,
        [
            (
                codes::MISSING_REASON,
                "ignore entry 1 has no `reason`",
                4,
                5
            ),
            (
                codes::MISSING_REASON,
                "ignore entry 2 has an empty `reason`",
                6,
                13
            ),
            (
                codes::MISSING_REASON,
                "ignore entry 3 has no `reason`",
                7,
                5
            ),
        ]
    );
    assert!(findings.iter().all(Diagnostic::is_error));
    // The entries still anchor; only the reason is missing.
    let set = set.expect("set");
    assert_eq!(set.ignore.len(), 3);
    assert!(set.ignore.iter().all(|e| e.reason.is_none()));
}

#[test]
fn bad_ignore_entries_are_reported_like_annotations() {
    // An unknown key stops the file, naming the keys an entry may have.
    let yaml = format!("{HEAD}ignore:\n  - quote: x\n    reasons: typo\n");
    let (set, findings) = load(&yaml);
    assert!(set.is_none());
    assert_eq!(findings[0].code, codes::UNKNOWN_KEY);
    assert_eq!((findings[0].line, findings[0].column), (5, 5));
    assert_eq!(
        findings[0].help.as_deref(),
        Some("did you mean `reason`? Allowed keys here: quote, sentence, reason")
    );
    // An empty quote drops the entry; a bad id is reported and kept.
    let yaml = format!(
        "{HEAD}ignore:\n  - quote: \" \"\n    reason: r\n  - quote: x\n    sentence: s-1\n    reason: r\n"
    );
    let (set, findings) = load(&yaml);
    let found: Vec<_> = findings
        .iter()
        .map(|d| (d.code, d.message.as_str(), d.line))
        .collect();
    assert_eq!(
        found,
        [
            (codes::EMPTY_QUOTE, "ignore entry 1 has an empty quote", 4),
            (codes::BAD_SENTENCE_ID, "`s-1` is not a sentence id", 7),
        ]
    );
    let set = set.expect("set");
    assert_eq!(set.ignore.len(), 1);
    assert_eq!(set.ignore[0].index, 1);
    // A missing quote stops the file, as in an annotation.
    let yaml = format!("{HEAD}ignore:\n  - reason: r\n");
    let (set, findings) = load(&yaml);
    assert!(set.is_none());
    assert_eq!(findings[0].code, codes::MISSING_KEY);
    assert_eq!(findings[0].line, 4);
}

#[test]
fn accept_edits_reach_an_ignore_entry_byte_exactly() {
    let yaml = format!(
        "{HEAD}ignore:\n  - quote: By Jane Roe   # byline\n    sentence: 's-00000000'  # old\n    reason: byline\n"
    );
    let (set, _) = load(&yaml);
    let set = set.expect("set");
    let recorded = set.ignore[0].sentence.as_ref().expect("an id");
    let updated = apply_edits(&yaml, &[Edit::Id(recorded.span, "s-0123abcd")]);
    assert_eq!(updated, yaml.replace("'s-00000000'", "'s-0123abcd'"));
}

#[test]
fn misdated_dates_read_as_the_article_writes_them() {
    let misdated = |claimed: &str, corrected: &str| {
        format!(
            "  - quote: q\n    verdict: misdated\n    claimed: {claimed}\n    corrected: {corrected}\n    sources: [{{url: https://e.org}}]\n"
        )
    };
    let day =
        |y, m, d| PartialDate::Day(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default());
    let yaml = format!(
        "{HEAD}published: 2019-06\nannotations:\n{}{}{}",
        misdated("April 25", "25 April 2018"),
        misdated("1905", "1905-11-28"),
        misdated("\"Nov. 28, 1905\"", "Dec 1"),
    );
    let (set, findings) = load(&yaml);
    assert_eq!(findings, []);
    let dates: Vec<_> = set
        .expect("set")
        .annotations
        .iter()
        .map(|a| {
            (
                a.claimed.as_ref().map(|c| c.value),
                a.corrected.as_ref().map(|c| c.value),
            )
        })
        .collect();
    assert_eq!(
        dates,
        [
            (Some(day(2019, 4, 25)), Some(day(2018, 4, 25))),
            (Some(PartialDate::Year(1905)), Some(day(1905, 11, 28))),
            // A day without a year takes the year of `published`, not of `claimed`.
            (Some(day(1905, 11, 28)), Some(day(2019, 12, 1))),
        ]
    );
}

#[test]
fn misdated_dates_without_a_year_or_a_difference_are_errors() {
    let yaml = format!(
        "{HEAD}annotations:\n  - quote: q\n    verdict: misdated\n    claimed: April 25\n    corrected: 2019-04-26\n    sources: [{{url: https://e.org}}]\n  - quote: r\n    verdict: misdated\n    claimed: 2019-04\n    corrected: April 2019\n    sources: [{{url: https://e.org}}]\n"
    );
    let (set, findings) = load(&yaml);
    let found: Vec<_> = findings
        .iter()
        .map(|d| (d.code, d.line, d.column))
        .collect();
    assert_eq!(found, [(codes::BAD_DATE, 6, 14), (codes::BAD_DATE, 12, 16)]);
    assert!(findings[0].message.contains("has no year"), "{findings:#?}");
    // The yearless one drops out; the other still anchors, without the
    // correction that corrects nothing.
    let set = set.expect("set");
    assert_eq!(set.annotations.len(), 1);
    assert_eq!(set.annotations[0].corrected, None);
}

/// `url:` names the original article: http(s) only, read alike by both
/// readers, and a bad one is an error at its value that keeps the rest.
#[test]
fn the_original_url_is_http_or_an_error() {
    for (line, expected) in [
        (
            "url: https://example.org/story?id=1\n",
            Some("https://example.org/story?id=1"),
        ),
        (
            "url: \"  HTTP://EXAMPLE.ORG/a  \"\n",
            Some("HTTP://EXAMPLE.ORG/a"),
        ),
        ("url: ~\n", None),
        ("url: {x: 1}\n", None),
    ] {
        let yaml = format!("{HEAD}{line}");
        assert!(readers_agree(&yaml), "{yaml}");
        // The fast reader reads a plain URL itself (and leaves `~` and
        // flow mappings to serde-saphyr).
        if expected.is_some() {
            assert!(fast_accepts(&yaml), "{yaml}");
        }
        let (set, findings) = load(&yaml);
        if line.contains('{') {
            assert_eq!(findings[0].code, codes::WRONG_TYPE, "{yaml}");
            continue;
        }
        assert_eq!(findings, [], "{yaml}");
        assert_eq!(set.expect("set").url.as_deref(), expected, "{yaml}");
    }
    for bad in [
        "javascript:alert(1)",
        "ftp://example.org",
        "https://",
        "''",
        "example.org",
    ] {
        let yaml = format!("{HEAD}title: T\nurl: {bad}\n");
        let (set, findings) = load(&yaml);
        assert_eq!(findings.len(), 1, "{yaml}: {findings:?}");
        let d = &findings[0];
        assert_eq!((d.code, d.line, d.column), (codes::BAD_URL, 4, 6), "{yaml}");
        assert!(d.message.contains("not an http(s) URL"), "{}", d.message);
        assert!(
            d.help
                .as_deref()
                .is_some_and(|h| h.contains("leave `url` out"))
        );
        let set = set.expect("the rest of the file still loads");
        assert_eq!((set.url, set.title.as_deref()), (None, Some("T")));
    }
}

#[test]
fn what_serde_cannot_read_is_said_in_an_editors_words() {
    let deep = format!("{HEAD}annotations: {}", "[".repeat(2000));
    for (yaml, message, help) in [
        (
            format!("{HEAD}---\n{HEAD}"),
            "the file holds more than one YAML document",
            "remove the `---` line",
        ),
        (
            "# only a comment\n".to_owned(),
            "the annotation file is empty",
            "factmark init",
        ),
        (
            "---\n~\n".to_owned(),
            "the annotation file is empty",
            "factmark init",
        ),
        (
            "article: ~\nreviewed: 2025-11-25\n".to_owned(),
            "no value where a text value is expected",
            "single text or date",
        ),
        (
            "article: [a]\nreviewed: 2025-11-25\n".to_owned(),
            "a list where a text value is expected",
            "single text or date",
        ),
        (
            format!("{HEAD}? [a, b]\n: x\n"),
            "a key must be a plain word",
            "such as `quote:`",
        ),
        (
            format!("{HEAD}annotations\n  - quote: x\n"),
            "a key without its `:`",
            "`key: value`",
        ),
        (
            deep,
            "the lists and mappings are nested too deeply",
            "nests a few levels",
        ),
    ]
    .into_iter()
    .chain(
        // A source written as its address alone, in each way an editor might.
        [
            "sources: [\"https://e.org/a\"]",
            "sources:\n      - https://e.org/a",
            "sources:\n      - 'http://e.org/a'",
            "sources: https://e.org/a",
        ]
        .map(|sources| {
            (
                format!("{HEAD}annotations:\n  - quote: x\n    verdict: false\n    note: n\n    {sources}\n"),
                "a source is written as keys and values, not as a bare URL",
                "`- url: https://…`, with `title:` and `publisher:`",
            )
        }),
    ) {
        let (set, findings) = load(&yaml);
        assert!(set.is_none(), "{yaml}");
        assert_eq!(findings.len(), 1, "{yaml}: {findings:?}");
        assert_eq!(findings[0].message, message, "{yaml}");
        let shown = findings[0].help.as_deref().unwrap_or_default();
        assert!(shown.contains(help), "{yaml}: {shown}");
        assert!(findings[0].line > 0, "{yaml}: a place");
    }
}

#[test]
fn a_number_yaml_would_rewrite_is_read_as_written() {
    for written in ["0x7E6", "1e3", "+2024"] {
        let yaml = format!(
            "{HEAD}annotations:\n  - quote: x\n    verdict: misdated\n    claimed: {written}\n    corrected: 2024\n    sources: [{{url: https://e.org}}]\n"
        );
        let (_, findings) = load(&yaml);
        let messages: Vec<&str> = findings.iter().map(|d| d.message.as_str()).collect();
        assert!(
            messages
                .iter()
                .any(|m| m.contains(&format!("`{written}` is not a date"))),
            "{written}: {messages:?}"
        );
    }
}

/// A blank title, author or reviewer is read as none, so the page's
/// defaults apply (an empty title made an index link without text).
#[test]
fn blank_header_values_are_no_values() {
    let yaml = format!(
        "{HEAD}title: \"  \"\nauthor: ''\nreviewers: [\"\", Jane Roe, \" \"]\nannotations: []\n"
    );
    assert!(readers_agree(&yaml), "{yaml}");
    let (set, findings) = load(&yaml);
    assert_eq!(findings, []);
    let set = set.expect("a valid file");
    assert_eq!((set.title, set.author), (None, None));
    assert_eq!(set.reviewers, ["Jane Roe"]);
}
