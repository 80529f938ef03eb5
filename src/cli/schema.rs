//! `factmark schema`: the JSON Schema of the annotation file, with the
//! verdicts of the project's vocabulary and what each of them requires.

use factmark::config::Config;
use factmark::store::{RawFile, Verdict, Vocabulary};
use serde_json::{Value, json};

use super::Exit;

pub fn run(config: &Config) -> Exit {
    match text(&config.vocabulary) {
        Ok(text) => {
            out_raw!("{text}");
            Exit::Ok
        }
        Err(e) => {
            err!("error: cannot serialise the schema: {e}");
            Exit::Trouble
        }
    }
}

/// The schema as `factmark schema` prints it (and `init` writes it): pretty
/// JSON and a final line break.
pub fn text(vocabulary: &Vocabulary) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(&json_schema(vocabulary))?;
    text.push('\n');
    Ok(text)
}

/// The schema of an annotation file whose verdicts come from `vocabulary`:
/// the loader's own types ([`RawFile`] and the schema-only types of its
/// values), the vocabulary's verdicts, and for each verdict the fields it
/// requires or forbids, by the same rules `check` applies.
pub fn json_schema(vocabulary: &Vocabulary) -> Value {
    let mut schema = schemars::schema_for!(RawFile).to_value();
    // The generated schema lists the default verdicts; a project's own
    // vocabulary replaces them, so editors complete what `check` accepts.
    if let Some(verdicts) = schema.pointer_mut("/$defs/VerdictName") {
        verdicts["enum"] = written(vocabulary.iter());
        // Not only strings: `verdict: false` is a boolean to YAML.
        if let Some(verdicts) = verdicts.as_object_mut() {
            verdicts.remove("type");
        }
    }
    if let Some(verdict) = schema.pointer_mut("/$defs/RawAnnotation/properties/verdict") {
        verdict["description"] = json!(vocabulary.names());
    }
    let text = json!(["string", "number", "boolean"]);
    let date = json!(["string", "integer"]);
    let rule = |applies: fn(&Verdict) -> bool, then: Value| {
        let verdicts: Vec<&Verdict> = vocabulary.iter().filter(|v| applies(v)).collect();
        (!verdicts.is_empty()).then(|| {
            json!({
                "if": {
                    "properties": { "verdict": { "enum": written(verdicts.into_iter()) } },
                    "required": ["verdict"]
                },
                "then": then
            })
        })
    };
    let conditions: Vec<Value> = [
        // A note with something in it (`pattern` judges only strings).
        rule(
            Verdict::requires_note,
            json!({
                "required": ["note"],
                "properties": { "note": { "type": text, "pattern": "\\S" } }
            }),
        ),
        rule(
            Verdict::requires_source,
            json!({
                "required": ["sources"],
                "properties": { "sources": { "minItems": 1 } }
            }),
        ),
        rule(
            Verdict::corrects_dates,
            json!({
                "required": ["claimed", "corrected"],
                "properties": { "claimed": { "type": date }, "corrected": { "type": date } }
            }),
        ),
        // Elsewhere `claimed` and `corrected` may only be left empty.
        rule(
            |v| !v.corrects_dates(),
            json!({
                "properties": { "claimed": { "type": "null" }, "corrected": { "type": "null" } }
            }),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(annotation) = schema.pointer_mut("/$defs/RawAnnotation") {
        annotation["allOf"] = Value::Array(conditions);
    }
    schema
}

/// How `verdicts` may be written: each name, and for a verdict named
/// `false` or `true` also the boolean YAML reads the bare word as, which
/// the loader takes as the name (`verdict: false`).
fn written<'a>(verdicts: impl Iterator<Item = &'a Verdict>) -> Value {
    let mut values = Vec::new();
    for verdict in verdicts {
        values.push(json!(verdict.name()));
        match verdict.name() {
            "false" => values.push(json!(false)),
            "true" => values.push(json!(true)),
            _ => {}
        }
    }
    Value::Array(values)
}
