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
fn replace_values_keeps_every_other_byte() {
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
    let out = replace_values(&yaml, &[(spans[1], "s-bbbbbbbb"), (spans[0], "s-aaaaaaaa")]);
    assert_eq!(
        out,
        yaml.replace("s-00000000", "s-aaaaaaaa")
            .replace("s-11111111", "s-bbbbbbbb")
    );
}
