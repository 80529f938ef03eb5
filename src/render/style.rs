//! The page's stylesheet and verdict symbols.

use std::fmt::Write as _;

use crate::store::Vocabulary;

/// The page's stylesheet for `vocabulary`: [`CSS`], then the colours a
/// project set for the default verdicts, and the classes of its own
/// verdicts. Verdict names are `[a-z0-9-]` and colours hex (checked when
/// `factmark.yaml` is read), so nothing here can break out of the CSS.
pub(super) fn stylesheet(vocabulary: &Vocabulary) -> String {
    let mut css = CSS.to_owned();
    let mut light = String::new();
    let mut dark = String::new();
    let mut classes = String::new();
    for verdict in vocabulary.iter() {
        let name = verdict.name();
        let standard = Vocabulary::is_standard_name(name);
        // The default verdicts' variables are named after them; a project's
        // own get a prefix, so a verdict called `bg` cannot clobber `--bg`.
        let variable = if standard {
            format!("--{name}")
        } else {
            format!("--verdict-{name}")
        };
        match &verdict.info().colour {
            Some(colour) => {
                let _ = write!(light, "{variable}:{};", colour.light);
                let _ = write!(dark, "{variable}:{};", colour.dark);
            }
            None if !standard => {
                let _ = write!(light, "{variable}:var(--unverified);");
            }
            None => {}
        }
        if !standard {
            let _ = writeln!(
                classes,
                ".verdict-{name}{{color:var({variable})}}.bar-{name}{{fill:var({variable})}}.claim.verdict-{name}{{color:inherit}}"
            );
        }
    }
    if !light.is_empty() {
        let _ = writeln!(css, ":root{{{light}}}");
    }
    if !dark.is_empty() {
        let _ = writeln!(css, "@media (prefers-color-scheme:dark){{:root{{{dark}}}}}");
    }
    css.push_str(&classes);
    css
}

/// Inline CSS: readable column, verdict colours, dark mode, print and phone.
pub(super) const CSS: &str = r#"
:root{--bg:#fdfcf9;--fg:#1d1d1f;--muted:#5b5b60;--line:#d9d6cf;--card:#f3f1ea;
--supported:#1f7a3a;--partly-supported:#8a6d00;--disputed:#8a4b00;--misdated:#9b2c8f;
--false:#b3261e;--misleading:#a34700;--unverified:#4a5568;--opinion:#3b5bab;--mark:#fff3b0}
@media (prefers-color-scheme:dark){:root{--bg:#16171a;--fg:#ecebe6;--muted:#a8a8ad;--line:#3a3b40;--card:#212227;
--supported:#6fd08c;--partly-supported:#e5c453;--disputed:#f0a35c;--misdated:#e58ad9;--false:#ff8a80;
--misleading:#ffab66;--unverified:#b4bfd0;--opinion:#9fb6ff;--mark:#4a4320}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Times New Roman",serif}
main{max-width:42rem;margin:0 auto;padding:2rem 1.25rem 3rem}
h1,h2,h3,h4,h5,h6,.summary,.notes,.sources,.byline,.kicker,footer,.verdict-tag{font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
.page-title{font-size:2rem;line-height:1.2;margin:.25rem 0 .5rem}
.kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:var(--muted);margin:0}
.byline{color:var(--muted);font-size:.9rem;margin:0 0 1.5rem}
.summary{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem 1.25rem;margin:0 0 2rem;font-size:.95rem}
.summary h2{font-size:1.1rem;margin:0 0 .5rem}
.counts{list-style:none;padding:0;margin:0 0 .5rem;display:flex;flex-wrap:wrap;gap:.35rem 1.25rem}
.coverage{margin:0}
.chart{display:block;width:100%;height:.9rem;margin:.25rem 0 .6rem;border-radius:.2rem;overflow:hidden}
.bar-supported{fill:var(--supported)}.bar-partly-supported{fill:var(--partly-supported)}.bar-disputed{fill:var(--disputed)}
.bar-misdated{fill:var(--misdated)}.bar-false{fill:var(--false)}.bar-misleading{fill:var(--misleading)}
.bar-unverified{fill:var(--unverified)}.bar-opinion{fill:var(--opinion)}
.claim{border-bottom:2px solid currentColor;border-bottom-color:var(--line)}
mark{background:var(--mark);color:inherit;padding:0 .1em}
.verdict-tag{font-size:.78rem;font-weight:600;text-decoration:none;white-space:nowrap;border:1px solid currentColor;border-radius:999px;padding:0 .45em;margin-left:.15em;vertical-align:.1em}
.verdict-tag sup{font-size:.7em;margin-left:.15em}
.verdict-supported{color:var(--supported)}.verdict-partly-supported{color:var(--partly-supported)}
.verdict-disputed{color:var(--disputed)}.verdict-misdated{color:var(--misdated)}.verdict-false{color:var(--false)}
.verdict-misleading{color:var(--misleading)}.verdict-unverified{color:var(--unverified)}.verdict-opinion{color:var(--opinion)}
.claim.verdict-supported,.claim.verdict-partly-supported,.claim.verdict-disputed,.claim.verdict-misdated,.claim.verdict-false,.claim.verdict-misleading,.claim.verdict-unverified,.claim.verdict-opinion{color:inherit}
del{color:var(--false)}ins{color:var(--supported);text-decoration:none;font-weight:600;border-bottom:2px solid currentColor}
.correction{font-family:system-ui,sans-serif;font-size:.9rem;background:var(--card);border-left:3px solid var(--misdated);padding:0 .4em}
.notes ol,.sources ol{padding-left:1.5rem;font-size:.95rem}
.notes li{margin:0 0 1rem}.notes li p{margin:.2rem 0}
.notes .label{font-weight:700}.notes q{color:var(--fg)}
.notes li>p,.notes li p{color:var(--fg)}
.back{text-decoration:none}
.sources li{margin:0 0 .5rem;overflow-wrap:anywhere}
.backlinks a{font-size:.85rem;margin-left:.3em;white-space:nowrap}
a{color:inherit}
.visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
pre{overflow-x:auto;background:var(--card);padding:.75rem;font-size:.9rem}
table{border-collapse:collapse}td,th{border:1px solid var(--line);padding:.25rem .5rem}
blockquote{border-left:3px solid var(--line);margin-left:0;padding-left:1rem;color:var(--muted)}
.index{list-style:none;padding:0}.index li{border-bottom:1px solid var(--line);padding:1rem 0}
.index a{font-size:1.25rem;font-family:system-ui,sans-serif}
.counts-line span{margin-right:.5rem;white-space:nowrap}
footer{max-width:42rem;margin:0 auto;padding:1rem 1.25rem 2rem;color:var(--muted);font-size:.85rem;border-top:1px solid var(--line)}
@media (max-width:30rem){body{font-size:1.05rem}main{padding:1.25rem 1rem 2rem}.page-title{font-size:1.6rem}}
@media print{:root{--bg:#fff;--fg:#000;--mark:#eee}body{font-size:11pt}main{max-width:none;padding:0}
.summary{break-inside:avoid}a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em;overflow-wrap:anywhere}footer{display:none}}
"#;
