//! The project's optional `factmark.yaml`: the verdict vocabulary and the
//! policy of the CI gate.
//!
//! ```yaml
//! verdicts:                 # change a default verdict, or add one
//!   - name: supported
//!     label: Accurate
//!   - name: satire
//!     label: Satire
//!     description: a joke, not a claim
//!     symbol: "☺"
//!     colour: "#6b4fa0"
//!     requires: [note]      # note, source, dates (claimed + corrected)
//!     rating: none          # ClaimReview 1 to 5, or none
//!   - name: opinion
//!     enabled: false        # editors may not use it
//! policy:
//!   min-coverage: 80        # the bar when --min-coverage is not given
//!   fail-on: warning        # when --fail-on is not given
//!   severity:
//!     factmark::coverage::unannotated: error
//!   allow-outside: [../archive]  # folders outside the project that
//!                           # `article:` may name (relative to this file)
//! ```
//!
//! Without the file, the contract's defaults apply. The file is read like an
//! annotation file: unknown keys, wrong types and bad values are findings
//! with their line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;
use serde_saphyr::Spanned as YamlSpanned;

use crate::diagnostic::{Diagnostic, Severity, codes};
use crate::store::{self, Colour, Requirements, Text, Verdict, VerdictInfo, Vocabulary};

/// The file name looked for at the project root.
pub const FILE_NAME: &str = "factmark.yaml";

/// A loaded `factmark.yaml`, or the defaults.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The verdicts editors may use.
    pub vocabulary: Arc<Vocabulary>,
    /// The CI gate's policy.
    pub policy: Policy,
    /// The configuration file that was read: an input no command writes,
    /// and, when it is the project's own `./factmark.yaml`, what makes the
    /// current folder the project root (see `project::Confinement`).
    pub file: Option<PathBuf>,
}

/// When `check` fails a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FailOn {
    /// On errors only.
    #[default]
    Error,
    /// On warnings too.
    Warning,
}

/// What a finding's severity becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// An error: the gate fails.
    Error,
    /// A warning.
    Warning,
    /// Not reported.
    Off,
}

/// The policy: the defaults of `check`'s flags, and severities per code.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Policy {
    /// The coverage bar in percent when `--min-coverage` is not given.
    pub min_coverage: Option<f64>,
    /// When to fail when `--fail-on` is not given.
    pub fail_on: Option<FailOn>,
    /// The score from which a sentence is check-worthy, when not the
    /// model's default (see [`Policy::threshold`]).
    pub checkworthy_threshold: Option<f64>,
    /// The severity of findings, by code.
    pub severities: BTreeMap<String, Level>,
    /// Folders outside the project root that inputs may come from; relative
    /// ones as written in `factmark.yaml`, until loading makes them absolute
    /// from its folder.
    pub allow_outside: Vec<PathBuf>,
}

impl Policy {
    /// The score from which a sentence is check-worthy: the policy's
    /// `checkworthy-threshold`, or the shipped model's default.
    pub fn threshold(&self) -> f64 {
        self.checkworthy_threshold
            .unwrap_or_else(|| crate::segment::worthy::Model::shipped().threshold())
    }

    /// `diagnostics` with the policy's severities: warnings turned off are
    /// dropped, warnings raised to errors. An error stays an error whatever
    /// its code's level: a code such as `factmark::anchor::overlap` is a
    /// warning for some findings and an error for others, and an
    /// annotation that does not hold must never pass.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.severities.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter_map(|mut d| {
                match self.severities.get(d.code) {
                    Some(Level::Off) if !d.is_error() => return None,
                    Some(Level::Error) => d.severity = Severity::Error,
                    _ => {}
                }
                Some(d)
            })
            .collect()
    }
}

/// `factmark.yaml` as serde reads it.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "factmark project configuration")]
pub struct RawConfig {
    /// Changes to the default verdicts, and new verdicts, in page order.
    #[serde(default)]
    #[schemars(with = "Vec<RawVerdict>")]
    pub verdicts: Vec<YamlSpanned<RawVerdict>>,
    /// The CI gate's policy.
    #[serde(default)]
    pub policy: Option<RawPolicy>,
}

type S = YamlSpanned<Text>;

/// One verdict: a default one to change (only the keys given change), or a
/// new one.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawVerdict {
    /// Lowercase letters, digits and hyphens: `partly-supported`.
    #[schemars(with = "String", regex(pattern = r"^[a-z][a-z0-9-]*$"))]
    pub name: S,
    /// `false` removes a default verdict from the vocabulary.
    #[schemars(with = "Option<bool>")]
    pub enabled: Option<S>,
    /// What readers see: "Partly supported".
    #[schemars(with = "Option<String>")]
    pub label: Option<S>,
    /// What it means, for editors.
    #[schemars(with = "Option<String>")]
    pub description: Option<S>,
    /// A short symbol shown beside the label.
    #[schemars(with = "Option<String>")]
    pub symbol: Option<S>,
    /// `#rgb` or `#rrggbb`.
    #[schemars(with = "Option<String>", regex(pattern = r"^#([0-9a-fA-F]{3}){1,2}$"))]
    pub colour: Option<S>,
    /// The colour on a dark background; default: `colour`.
    #[schemars(with = "Option<String>", regex(pattern = r"^#([0-9a-fA-F]{3}){1,2}$"))]
    pub dark_colour: Option<S>,
    /// What an annotation needs besides its quote: `note`, `source`, `dates`.
    #[schemars(with = "Option<Vec<String>>")]
    pub requires: Option<Vec<S>>,
    /// ClaimReview rating, 1 (false) to 5 (true), or `none`.
    #[schemars(with = "Option<String>")]
    pub rating: Option<S>,
}

/// The CI gate's policy.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPolicy {
    /// The coverage bar in percent when `--min-coverage` is not given.
    #[schemars(with = "Option<f64>")]
    pub min_coverage: Option<S>,
    /// `error` or `warning`, when `--fail-on` is not given.
    #[schemars(with = "Option<String>")]
    pub fail_on: Option<S>,
    /// The check-worthiness score (0 to 1) from which a sentence needs an
    /// annotation. The default keeps recall at or above 0.90 on the
    /// model's cross-validation; higher flags fewer sentences.
    #[schemars(with = "Option<f64>")]
    pub checkworthy_threshold: Option<S>,
    /// Severity by finding code: `error`, `warning` or `off`. Errors cannot
    /// be lowered: an annotation that does not bind must never pass.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    pub severity: BTreeMap<String, S>,
    /// Folders outside the project that annotation files and articles may
    /// come from (relative to this file's folder). Without it, an
    /// `article:` that leads outside the project is refused.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub allow_outside: Vec<S>,
}

/// The codes whose findings are warnings: the only ones a policy may lower
/// or turn off. An overlap of two different verdicts is an error under the
/// same code, and stays one (see [`Policy::apply`]).
const WARNING_CODES: &[&str] = &[codes::UNANNOTATED, codes::UNRECORDED, codes::OVERLAP];

/// Parses the YAML `source` of configuration file `file`: the configuration
/// when it is valid, every finding otherwise.
pub fn parse(source: &str, file: &Path) -> Result<Config, Vec<Diagnostic>> {
    if source.trim().is_empty() {
        return Ok(Config::default());
    }
    let raw: RawConfig = store::deserialize_yaml(
        source,
        "`verdicts` is a list of entries with a `name`, `policy` a mapping",
    )
    .map_err(|e| vec![e.located(source, file)])?;
    let mut c = Converter {
        source,
        file,
        findings: Vec::new(),
    };
    let vocabulary = c.vocabulary(&raw.verdicts);
    let policy = raw.policy.as_ref().map(|p| c.policy(p)).unwrap_or_default();
    if c.findings.is_empty() {
        Ok(Config {
            vocabulary: Arc::new(vocabulary),
            policy,
            file: None,
        })
    } else {
        Err(c.findings)
    }
}

struct Converter<'a> {
    source: &'a str,
    file: &'a Path,
    findings: Vec<Diagnostic>,
}

impl Converter<'_> {
    fn error(&mut self, value: &S, code: &'static str, message: String, help: &str) {
        let span = store::span_of(value, self.source);
        self.findings
            .push(store::at(Diagnostic::error(code, self.file, message), span).with_help(help));
    }

    fn vocabulary(&mut self, raw: &[YamlSpanned<RawVerdict>]) -> Vocabulary {
        let mut infos: Vec<VerdictInfo> = Vocabulary::standard()
            .iter()
            .map(|v| v.info().clone())
            .collect();
        let mut disabled: Vec<String> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for entry in raw {
            let r = &entry.value;
            let name = r.name.value.0.trim().to_owned();
            if !is_verdict_name(&name) {
                self.error(
                    &r.name,
                    codes::CONFIG_VERDICT,
                    format!("`{name}` is not a usable verdict name"),
                    "use lowercase letters, digits and hyphens, starting with a letter: `partly-supported`",
                );
                continue;
            }
            if seen.contains(&name) {
                self.error(
                    &r.name,
                    codes::CONFIG_VERDICT,
                    format!("the verdict `{name}` is described twice"),
                    "keep one entry per verdict",
                );
                continue;
            }
            seen.push(name.clone());
            let index = match infos.iter().position(|i| i.name == name) {
                Some(i) => i,
                None => {
                    infos.push(VerdictInfo {
                        label: capitalised(&name),
                        name: name.clone(),
                        description: String::new(),
                        symbol: "•".to_owned(),
                        colour: None,
                        rating: None,
                        requires: Requirements::default(),
                    });
                    infos.len() - 1
                }
            };
            if let Some(enabled) = &r.enabled {
                match enabled.value.0.trim() {
                    "true" => {}
                    "false" => disabled.push(name.clone()),
                    other => self.error(
                        enabled,
                        codes::CONFIG_VERDICT,
                        format!("`enabled` is `{other}`, not true or false"),
                        "write `enabled: false` to remove the verdict",
                    ),
                }
            }
            let info = &mut infos[index];
            for (field, value) in [
                (&mut info.label, &r.label),
                (&mut info.description, &r.description),
                (&mut info.symbol, &r.symbol),
            ] {
                if let Some(v) = value {
                    *field = v.value.0.trim().to_owned();
                }
            }
            if info.label.is_empty() {
                let at = r.label.as_ref().unwrap_or(&r.name);
                self.error(
                    at,
                    codes::CONFIG_VERDICT,
                    format!("the verdict `{name}` has an empty label"),
                    "readers see the label: give a word or two, such as `Partly supported`",
                );
            }
            let colour = self.colour(r.colour.as_ref());
            let dark = self.colour(r.dark_colour.as_ref());
            if let Some(light) = colour.clone().or_else(|| dark.clone()) {
                infos[index].colour = Some(Colour {
                    dark: dark.unwrap_or_else(|| light.clone()),
                    light,
                });
            }
            if let Some(rating) = &r.rating {
                match rating.value.0.trim() {
                    "none" => infos[index].rating = None,
                    text => match text.parse::<u8>() {
                        Ok(n @ 1..=5) => infos[index].rating = Some(n),
                        _ => self.error(
                            rating,
                            codes::CONFIG_VERDICT,
                            format!("rating `{text}` is not 1 to 5 or `none`"),
                            "ClaimReview rates from 1 (false) to 5 (true); `none` rates nothing",
                        ),
                    },
                }
            }
            if let Some(requires) = &r.requires {
                let mut needs = Requirements::default();
                for item in requires {
                    match item.value.0.trim() {
                        "note" => needs.note = true,
                        "source" => needs.source = true,
                        "dates" => needs.dates = true,
                        other => self.error(
                            item,
                            codes::CONFIG_VERDICT,
                            format!("a verdict cannot require `{other}`"),
                            "requirements are `note`, `source` and `dates` (claimed and corrected)",
                        ),
                    }
                }
                infos[index].requires = needs;
            }
        }
        Vocabulary::new(
            infos
                .into_iter()
                .filter(|i| !disabled.contains(&i.name))
                .map(Verdict::new)
                .collect(),
        )
    }

    /// A validated `#rgb` / `#rrggbb` colour: anything else could inject CSS.
    fn colour(&mut self, value: Option<&S>) -> Option<String> {
        let value = value?;
        let text = value.value.0.trim();
        let hex = text.strip_prefix('#').unwrap_or("");
        if matches!(hex.len(), 3 | 6) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            Some(text.to_ascii_lowercase())
        } else {
            self.error(
                value,
                codes::CONFIG_VERDICT,
                format!("colour `{text}` is not `#rgb` or `#rrggbb`"),
                "write the colour in hex, such as \"#1f7a3a\" (quoted: YAML reads # as a comment)",
            );
            None
        }
    }

    fn policy(&mut self, raw: &RawPolicy) -> Policy {
        let mut policy = Policy::default();
        if let Some(bar) = &raw.min_coverage {
            let text = bar.value.0.trim();
            match text.trim_end_matches('%').parse::<f64>() {
                Ok(v) if (0.0..=100.0).contains(&v) => policy.min_coverage = Some(v),
                _ => self.error(
                    bar,
                    codes::CONFIG_POLICY,
                    format!("`min-coverage` is `{text}`, not a percentage from 0 to 100"),
                    "write a number such as `80`",
                ),
            }
        }
        if let Some(threshold) = &raw.checkworthy_threshold {
            let text = threshold.value.0.trim();
            match text.parse::<f64>() {
                Ok(v) if (0.0..=1.0).contains(&v) => policy.checkworthy_threshold = Some(v),
                _ => self.error(
                    threshold,
                    codes::CONFIG_POLICY,
                    format!("`checkworthy-threshold` is `{text}`, not a score from 0 to 1"),
                    "write a number such as `0.3`: sentences scoring at least this need an annotation",
                ),
            }
        }
        if let Some(fail_on) = &raw.fail_on {
            match fail_on.value.0.trim() {
                "error" => policy.fail_on = Some(FailOn::Error),
                "warning" => policy.fail_on = Some(FailOn::Warning),
                other => self.error(
                    fail_on,
                    codes::CONFIG_POLICY,
                    format!("`fail-on` is `{other}`, not `error` or `warning`"),
                    "`error` fails on errors only; `warning` on warnings too",
                ),
            }
        }
        for (code, level) in &raw.severity {
            let level_text = level.value.0.trim();
            let Some(known) = codes::FINDINGS.iter().find(|c| **c == code.as_str()) else {
                let nearest = codes::FINDINGS
                    .iter()
                    .map(|c| (strsim::jaro_winkler(c, code), *c))
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map_or("", |(_, c)| c);
                self.error(
                    level,
                    codes::CONFIG_POLICY,
                    format!("`{code}` is not a finding code"),
                    &format!("did you mean `{nearest}`? Codes are listed in the README"),
                );
                continue;
            };
            let parsed = match level_text {
                "error" => Level::Error,
                "warning" => Level::Warning,
                // YAML 1.1 readers, serde-saphyr among them, read a bare
                // `off` as the boolean false.
                "off" | "false" => Level::Off,
                other => {
                    self.error(
                        level,
                        codes::CONFIG_POLICY,
                        format!("severity `{other}` is not `error`, `warning` or `off`"),
                        "raise a warning with `error`, silence it with `off`",
                    );
                    continue;
                }
            };
            if parsed != Level::Error && !WARNING_CODES.contains(known) {
                let level_text = if parsed == Level::Off {
                    "off"
                } else {
                    level_text
                };
                self.error(
                    level,
                    codes::CONFIG_POLICY,
                    format!("`{code}` is an error and cannot be lowered to `{level_text}`"),
                    "only warnings can be lowered or turned off: an annotation that does not hold must never pass",
                );
                continue;
            }
            policy.severities.insert(code.clone(), parsed);
        }
        for folder in &raw.allow_outside {
            let text = folder.value.0.trim();
            if text.is_empty() {
                self.error(
                    folder,
                    codes::CONFIG_POLICY,
                    "an `allow-outside` folder is empty".to_owned(),
                    "name a folder, such as `../archive`",
                );
            } else {
                policy.allow_outside.push(PathBuf::from(text));
            }
        }
        policy
    }
}

fn is_verdict_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// "partly-supported" → "Partly supported".
fn capitalised(name: &str) -> String {
    let spaced = name.replace('-', " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(yaml: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(yaml, Path::new("factmark.yaml"))
    }

    #[test]
    fn an_empty_file_is_the_defaults() {
        let config = load("").ok();
        assert_eq!(
            config.map(|c| c.vocabulary.names()),
            Some(Vocabulary::standard().names())
        );
    }

    #[test]
    fn verdicts_change_add_and_disappear() {
        let yaml = "verdicts:\n  - name: supported\n    label: Accurate\n  - name: satire\n    colour: \"#6b4fa0\"\n    requires: [note]\n    rating: none\n  - name: opinion\n    enabled: false\n";
        let config = load(yaml).unwrap_or_default();
        let v = &config.vocabulary;
        assert_eq!(v.get("supported").map(Verdict::label), Some("Accurate"));
        assert!(v.get("opinion").is_none());
        let satire = v.get("satire").map(Verdict::info);
        assert_eq!(satire.map(|s| s.label.as_str()), Some("Satire"));
        assert_eq!(satire.map(|s| s.requires.note), Some(true));
        assert_eq!(
            satire
                .and_then(|s| s.colour.as_ref())
                .map(|c| c.dark.as_str()),
            Some("#6b4fa0")
        );
        assert!(v.names().ends_with("unverified, satire"));
    }

    #[test]
    fn bad_values_are_findings_at_their_line() {
        let yaml = "verdicts:\n  - name: Bad Name\n  - name: x\n    colour: red\n    rating: 7\npolicy:\n  min-coverage: 120\n  severity:\n    factmark::anchor::changed: off\n";
        let findings = load(yaml).err().unwrap_or_default();
        let lines: Vec<usize> = findings.iter().map(|d| d.line).collect();
        assert_eq!(lines, [2, 4, 5, 7, 9]);
    }

    #[test]
    fn a_number_too_large_for_a_float_or_none_at_all_is_said_so() {
        let findings = load("policy:\n  checkworthy-threshold: 1e400\n")
            .err()
            .unwrap_or_default();
        let messages: Vec<&str> = findings.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages, ["`1e400` is too large to be a number"]);
        assert_eq!(findings[0].line, 2);
        let findings = load("policy:\n  checkworthy-threshold: .nan\n")
            .err()
            .unwrap_or_default();
        assert_eq!(findings[0].message, "`.nan` is not a number");
    }

    #[test]
    fn the_unrecorded_warning_is_the_policys_to_set() {
        let unrecorded = Diagnostic::warning(codes::UNRECORDED, Path::new("a.yaml"), "x");
        for (level, expected) in [
            ("off", None),
            ("warning", Some(Severity::Warning)),
            ("error", Some(Severity::Error)),
        ] {
            let yaml = format!("policy:\n  severity:\n    factmark::anchor::unrecorded: {level}\n");
            let config = load(&yaml).unwrap_or_default();
            let applied = config.policy.apply(vec![unrecorded.clone()]);
            assert_eq!(applied.first().map(|d| d.severity), expected, "{level}");
        }
    }

    /// Overlapping quotes are a warning when their verdicts agree, an error
    /// when they differ: turning the code off silences only the warning.
    #[test]
    fn a_policy_never_lowers_an_error() {
        let yaml = "policy:\n  severity:\n    factmark::anchor::overlap: off\n";
        let config = load(yaml).unwrap_or_default();
        let file = Path::new("a.yaml");
        let applied = config.policy.apply(vec![
            Diagnostic::warning(codes::OVERLAP, file, "same verdicts"),
            Diagnostic::error(codes::OVERLAP, file, "different verdicts"),
        ]);
        assert_eq!(applied.len(), 1);
        assert!(applied[0].is_error());
    }

    #[test]
    fn a_policy_raises_and_silences_warnings() {
        let yaml = "policy:\n  severity:\n    factmark::coverage::unannotated: off\n";
        let config = load(yaml).unwrap_or_default();
        let warning = Diagnostic::warning(codes::UNANNOTATED, Path::new("a.yaml"), "x");
        assert!(config.policy.apply(vec![warning.clone()]).is_empty());
        let yaml = "policy:\n  severity:\n    factmark::coverage::unannotated: error\n";
        let config = load(yaml).unwrap_or_default();
        let raised = config.policy.apply(vec![warning]);
        assert!(raised.iter().all(Diagnostic::is_error) && raised.len() == 1);
    }
}
