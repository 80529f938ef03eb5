//! The shipped JSON Schema must be what `factmark schema` prints today.

use assert_cmd::Command;

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
