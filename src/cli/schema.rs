//! `factmark schema`: the JSON Schema of the annotation file, with the
//! verdicts of the project's vocabulary.

use factmark::config::Config;

use super::Exit;

pub fn run(config: &Config) -> Exit {
    let mut schema = schemars::schema_for!(factmark::store::RawFile);
    // The generated schema lists the default verdicts; a project's own
    // vocabulary replaces them, so editors complete what `check` accepts.
    let names: Vec<&str> = config.vocabulary.iter().map(|v| v.name()).collect();
    if let Some(list) = schema.pointer_mut("/$defs/VerdictName/enum") {
        *list = serde_json::json!(names);
    }
    match serde_json::to_string_pretty(&schema) {
        Ok(text) => {
            out!("{text}");
            Exit::Ok
        }
        Err(e) => {
            err!("error: cannot serialise the schema: {e}");
            Exit::Trouble
        }
    }
}
