#!/usr/bin/env python3
"""A second, independent validator for the shipped JSON Schema.

`cargo test` (tests/schema.rs) judges the schema with the Rust `jsonschema`
crate; this script asks Python's `jsonschema`, which editors' tooling often
uses, the same questions on the files that matter most: the seed review and
the valid fixtures pass, and the broken fixtures whose fault a schema can
express are refused. YAML is read as YAML 1.2 reads it (dates stay text),
as yaml-language-server does.

Usage: python3 tests/schema/cross_check.py   (from the repository root)
"""
import json
import sys

import jsonschema
import yaml


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 timestamps: `2025-01-01` stays a string."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# (config/review.yaml uses its project's own verdicts, which the shipped schema
# does not list; tests/schema.rs judges it against `factmark schema` there.)
PASS = [
    "annotations/azerbaijan-russia.yaml",
    "tests/fixtures/render/review.yaml",
    "tests/fixtures/folding/straight-quotes.yaml",
    "tests/fixtures/coverage/half-annotated.yaml",
]
# Faults a schema can express (tests/schema.rs lists the others, and why).
REFUSED = [
    "tests/fixtures/broken/empty-quote.yaml",
    "tests/fixtures/broken/false-without-note.yaml",
    "tests/fixtures/broken/impossible-date.yaml",
    "tests/fixtures/broken/non-http-source.yaml",
    "tests/fixtures/broken/supported-without-source.yaml",
    "tests/fixtures/broken/unknown-key.yaml",
    "tests/fixtures/broken/unknown-verdict.yaml",
    "tests/fixtures/broken/wrong-type.yaml",
]


def main() -> int:
    with open("annotations/factmark.schema.json", encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    failures = []
    for path in PASS + REFUSED:
        with open(path, encoding="utf-8") as f:
            document = yaml.load(f, Loader=Yaml12Loader)
        errors = [e.message for e in validator.iter_errors(document)]
        expected_valid = path in PASS
        if expected_valid and errors:
            failures.append(f"{path}: refused, but is valid: {errors[:3]}")
        elif not expected_valid and not errors:
            failures.append(f"{path}: passed, but its fault is one a schema expresses")
        else:
            print(f"ok   {path}: {'passes' if expected_valid else 'refused'}")
    for failure in failures:
        print(f"FAIL {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
