//! `factmark schema`: the JSON Schema of the annotation file.

use super::Exit;

pub fn run() -> Exit {
    let schema = schemars::schema_for!(factmark::store::RawFile);
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
