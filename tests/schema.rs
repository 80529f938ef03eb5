//! The shipped JSON Schema must be what `factmark schema` prints today, and
//! must judge annotation files as `factmark check` does.

use assert_cmd::Command;
use serde_json::Value;

fn schema() -> Value {
    let output = Command::cargo_bin("factmark")
        .expect("binary")
        .arg("schema")
        .output()
        .expect("run factmark schema");
    assert!(output.status.success());
    serde_json::from_slice(&output.stdout).expect("the schema is JSON")
}

#[test]
fn shipped_schema_is_current() {
    let output = Command::cargo_bin("factmark")
        .expect("binary")
        .arg("schema")
        .output()
        .expect("run factmark schema");
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).expect("UTF-8");
    let shipped = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("annotations/factmark.schema.json"),
    )
    .expect("annotations/factmark.schema.json");
    assert_eq!(
        printed, shipped,
        "annotations/factmark.schema.json is stale: run `cargo run -- schema > annotations/factmark.schema.json`"
    );
    assert!(printed.contains("\"additionalProperties\": false"));
}

/// Why `value` breaks `schema` (whose `$ref`s point into `root`), or
/// nothing: the part of JSON Schema that factmark's schema uses (`$ref`,
/// `type`, `properties`, `required`, `additionalProperties: false`,
/// `items`, `pattern`, `enum`). A keyword it does not know fails the test,
/// so the schema cannot outgrow this check unnoticed.
fn violations(schema: &Value, value: &Value, root: &Value, at: &str) -> Vec<String> {
    let mut found = Vec::new();
    let Some(keywords) = schema.as_object() else {
        return vec![format!("{at}: the schema is not an object")];
    };
    for (keyword, rule) in keywords {
        match keyword.as_str() {
            "$schema" | "title" | "description" | "$defs" | "format" => {}
            "$ref" => {
                let name = rule
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/$defs/"))
                    .expect("a local $ref");
                let target = &root["$defs"][name];
                assert!(!target.is_null(), "no definition {name}");
                found.extend(violations(target, value, root, at));
            }
            "type" => {
                let types: Vec<&str> = match rule {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                    _ => panic!("{at}: `type` {rule}"),
                };
                let actual = match value {
                    Value::Null => "null",
                    Value::Bool(_) => "boolean",
                    Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
                    Value::Number(_) => "number",
                    Value::String(_) => "string",
                    Value::Array(_) => "array",
                    Value::Object(_) => "object",
                };
                let fits =
                    types.contains(&actual) || (actual == "integer" && types.contains(&"number"));
                if !fits {
                    found.push(format!("{at}: {actual} is not {types:?}"));
                }
            }
            "properties" => {
                let (Some(properties), Some(object)) = (rule.as_object(), value.as_object()) else {
                    continue;
                };
                for (key, item) in object {
                    if let Some(property) = properties.get(key) {
                        found.extend(violations(property, item, root, &format!("{at}/{key}")));
                    }
                }
            }
            "additionalProperties" => {
                assert_eq!(rule, &Value::Bool(false), "{at}");
                let (Some(properties), Some(object)) = (
                    keywords.get("properties").and_then(Value::as_object),
                    value.as_object(),
                ) else {
                    continue;
                };
                for key in object.keys().filter(|k| !properties.contains_key(*k)) {
                    found.push(format!("{at}: unknown key `{key}`"));
                }
            }
            "required" => {
                let Some(object) = value.as_object() else {
                    continue;
                };
                for key in rule
                    .as_array()
                    .expect("a list")
                    .iter()
                    .filter_map(Value::as_str)
                {
                    if !object.contains_key(key) {
                        found.push(format!("{at}: no `{key}`"));
                    }
                }
            }
            "items" => {
                for (i, item) in value.as_array().into_iter().flatten().enumerate() {
                    found.extend(violations(rule, item, root, &format!("{at}/{i}")));
                }
            }
            "pattern" => {
                let pattern =
                    regex::Regex::new(rule.as_str().expect("a pattern")).expect("a regex");
                if let Some(text) = value.as_str()
                    && !pattern.is_match(text)
                {
                    found.push(format!("{at}: {text:?} does not match {pattern}"));
                }
            }
            "enum" => {
                if !rule.as_array().expect("a list").contains(value) {
                    found.push(format!("{at}: {value} is not one of {rule}"));
                }
            }
            other => panic!("{at}: the schema uses `{other}`, which this test does not check"),
        }
    }
    found
}

const ARTICLE: &str = "The ministry said 38 people died on December 25, 2024.\n\nAdditional reporting by Jane Roe in Baku.\n";

const HEAD: &str = "article: article.md\nreviewed: 2025-11-25\nannotations:\n  - quote: 38 people died\n    verdict: opinion\n";

/// What the schema says of annotation file `yaml`, and the codes of the
/// store's findings `factmark check` reports on it.
fn judged(yaml: &str) -> (Vec<String>, Vec<String>) {
    let schema = schema();
    let instance: Value = serde_saphyr::from_str(yaml).expect("the YAML reads as JSON");
    let broken = violations(&schema, &instance, &schema, "");
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("article.md"), ARTICLE).expect("write");
    std::fs::write(tmp.path().join("review.yaml"), yaml).expect("write");
    let output = Command::cargo_bin("factmark")
        .expect("binary")
        .current_dir(tmp.path())
        .args(["check", "review.yaml", "--format", "json"])
        .output()
        .expect("run factmark check");
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let codes = report["files"][0]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .filter(|code| code.starts_with("factmark::store::"))
        .map(str::to_owned)
        .collect();
    (broken, codes)
}

#[test]
fn the_schema_and_check_accept_an_ignore_list() {
    let yaml = format!(
        "{HEAD}ignore:\n  - quote: Additional reporting by\n    sentence: {}\n    reason: credit line\n  - quote: Jane Roe\n    reason: byline\n",
        sentence_id("Additional reporting by Jane Roe in Baku.")
    );
    let (broken, codes) = judged(&yaml);
    assert_eq!(broken, Vec::<String>::new());
    assert_eq!(codes, Vec::<String>::new());
    // The schema has the list, and an entry's three keys, two of them required.
    let schema = schema();
    assert_eq!(schema["properties"]["ignore"]["type"], "array");
    let entry = &schema["$defs"]["RawIgnore"];
    let mut keys: Vec<&str> = entry["properties"]
        .as_object()
        .expect("properties")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["quote", "reason", "sentence"]);
    assert_eq!(entry["required"], serde_json::json!(["quote", "reason"]));
    assert_eq!(entry["additionalProperties"], false);
}

#[test]
fn the_schema_and_check_refuse_an_ignore_entry_without_reason_or_with_an_unknown_key() {
    for (entry, code) in [
        ("  - quote: Jane Roe\n", "factmark::store::missing-reason"),
        (
            "  - quote: Jane Roe\n    reason: ''\n",
            "factmark::store::missing-reason",
        ),
        (
            "  - quote: Jane Roe\n    reason: byline\n    note: x\n",
            "factmark::store::unknown-key",
        ),
        ("  - reason: byline\n", "factmark::store::missing-key"),
    ] {
        let yaml = format!("{HEAD}ignore:\n{entry}");
        let (broken, codes) = judged(&yaml);
        assert_eq!(
            broken.len(),
            1,
            "the schema should refuse:\n{yaml}\n{broken:?}"
        );
        assert!(broken[0].starts_with("/ignore/0"), "{broken:?}");
        assert_eq!(codes, [code], "{yaml}");
    }
}

/// The id of the sentence of `ARTICLE` whose text is `text`, as
/// `factmark sentences` gives it.
fn sentence_id(text: &str) -> String {
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("a.md"), ARTICLE).expect("write");
    let output = Command::cargo_bin("factmark")
        .expect("binary")
        .current_dir(tmp.path())
        .args(["sentences", "a.md", "--format", "json"])
        .output()
        .expect("run factmark sentences");
    let sentences: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    sentences
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| s["text"] == text)
        .and_then(|s| s["id"].as_str())
        .expect("the sentence is listed")
        .to_owned()
}
