//! The stylesheets: the page's, and the one a CMS links for fragments.
//!
//! Everything the reviewed article needs is scoped to its root,
//! `.factmark` (the page's `<article>`, a fragment's root), so that a CMS
//! page hosting a fragment keeps its own look; only the verdict classes
//! (`verdict-*`, `bar-*`), named after verdicts, are not. The page adds its
//! own frame (the body, the column, the footer) and sets the variables on
//! `:root`.
//!
//! Each verdict sets `--v` to its colour. A quote is highlighted in that
//! colour and underlined in a style of its own (solid, dashed, dotted,
//! double, wavy; some also hatched), so that two claims side by side stay
//! apart in greyscale too; its verdict is also written in words in the
//! badge after it.
//!
//! A note stands in the margin when the article's box is wide enough
//! (a container query, so that a fragment in a narrow CMS column behaves
//! as on a phone): floated right, each below the one before (`clear`), so
//! that notes never overlap and never start above the line they belong to.
//! Narrower, a note stays closed until its badge, which links to it, makes
//! it the `:target`.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use crate::store::Vocabulary;

/// The page's stylesheet for `vocabulary`: its frame, then the article's
/// rules, with the variables on `:root` and the margin layout for wide
/// screens (a media query: the page's column is the screen's).
pub(super) fn stylesheet(vocabulary: &Vocabulary) -> Arc<str> {
    // Every page of a build has the project's one vocabulary, and writing
    // its rules out cost as much as a small page: the last one is kept.
    static LAST: Mutex<Option<(Vocabulary, Arc<str>)>> = Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((known, css)) = last.as_ref()
        && known == vocabulary
    {
        return Arc::clone(css);
    }
    let mut css = variables(":root", vocabulary);
    css.push_str(PAGE);
    article(&mut css, vocabulary, "@media (min-width:64rem)");
    let css: Arc<str> = css.into();
    *last = Some((vocabulary.clone(), Arc::clone(&css)));
    css
}

/// The stylesheet a page hosting fragments links: the article's rules
/// only, scoped to `.factmark`, its margin layout for a wide `.factmark`
/// (a container query: a fragment in a narrow CMS column behaves as on a
/// phone, whatever the screen).
pub(super) fn fragment_stylesheet(vocabulary: &Vocabulary) -> String {
    let mut css = variables(".factmark", vocabulary);
    css.push_str(".factmark{container-type:inline-size}\n");
    article(&mut css, vocabulary, "@container (min-width:59rem)");
    css
}

/// The article's rules, the margin layout under `wide`, and the classes
/// and highlights of `vocabulary`'s verdicts.
fn article(css: &mut String, vocabulary: &Vocabulary, wide: &str) {
    css.push_str(ARTICLE);
    let _ = writeln!(css, "{wide}{{{MARGIN}}}");
    css.push_str(&verdict_classes(vocabulary));
}

/// The default verdicts' colours: name, light, dark.
const COLOURS: [(&str, &str, &str); 8] = [
    ("supported", "#1f7a3a", "#6fd08c"),
    ("partly-supported", "#8a6d00", "#e5c453"),
    ("disputed", "#8a4b00", "#f0a35c"),
    ("misdated", "#9b2c8f", "#e58ad9"),
    ("false", "#b3261e", "#ff8a80"),
    ("misleading", "#a34700", "#ffab66"),
    ("unverified", "#4a5568", "#b4bfd0"),
    ("opinion", "#3b5bab", "#9fb6ff"),
];

/// The colours of the light scheme besides the verdicts'.
const LIGHT: &str = "--bg:#fdfcf9;--fg:#1d1d1f;--muted:#5b5b60;--line:#d9d6cf;--card:#f3f1ea;";

/// The colours of the dark scheme besides the verdicts'.
const DARK: &str = "--bg:#16171a;--fg:#ecebe6;--muted:#a8a8ad;--line:#3a3b40;--card:#212227;";

/// The verdicts whose highlight is also hatched: with the five underline
/// styles, eight cues that survive greyscale.
const HATCHED: [&str; 3] = ["misleading", "unverified", "opinion"];

/// The colour variables on `selector`, light and dark: the default ones,
/// then the colours a project set for the default verdicts and those of its
/// own verdicts. Verdict names are `[a-z0-9-]` and colours hex (checked
/// when `factmark.yaml` is read), so nothing here can break out of the CSS.
fn variables(selector: &str, vocabulary: &Vocabulary) -> String {
    let standard = |dark: bool| {
        COLOURS
            .iter()
            .map(|(name, light, dark_colour)| {
                format!("--{name}:{};", if dark { dark_colour } else { light })
            })
            .collect::<String>()
    };
    let mut css = format!(
        "\n{selector}{{{LIGHT}{}}}\n@media (prefers-color-scheme:dark){{{selector}{{{DARK}{}}}}}\n",
        standard(false),
        standard(true)
    );
    let mut light = String::new();
    let mut dark = String::new();
    for verdict in vocabulary.iter() {
        let variable = variable(verdict.name());
        match &verdict.info().colour {
            Some(colour) => {
                let _ = write!(light, "{variable}:{};", colour.light);
                let _ = write!(dark, "{variable}:{};", colour.dark);
            }
            None if !Vocabulary::is_standard_name(verdict.name()) => {
                let _ = write!(light, "{variable}:var(--unverified);");
            }
            None => {}
        }
    }
    if !light.is_empty() {
        let _ = writeln!(css, "{selector}{{{light}}}");
    }
    if !dark.is_empty() {
        let _ = writeln!(
            css,
            "@media (prefers-color-scheme:dark){{{selector}{{{dark}}}}}"
        );
    }
    css
}

/// The variable of a verdict's colour: the default verdicts' are named
/// after them; a project's own get a prefix, so that a verdict called `bg`
/// cannot clobber `--bg`.
fn variable(name: &str) -> String {
    if Vocabulary::is_standard_name(name) {
        format!("--{name}")
    } else {
        format!("--verdict-{name}")
    }
}

/// A verdict's colours, light and dark: the project's, else the default
/// ones (`unverified`'s for a verdict of its own).
fn colours_of(verdict: &crate::store::Verdict) -> (String, String) {
    if let Some(colour) = &verdict.info().colour {
        return (colour.light.clone(), colour.dark.clone());
    }
    let name = verdict.name();
    let (_, light, dark) = COLOURS
        .iter()
        .find(|(n, ..)| *n == name)
        .or(COLOURS.iter().find(|(n, ..)| *n == "unverified"))
        .copied()
        .unwrap_or(("", "#4a5568", "#b4bfd0"));
    (light.to_owned(), dark.to_owned())
}

/// `#rgb` or `#rrggbb` as `rgba(r,g,b,alpha)`; `None` for anything else.
/// (Tints are written out, not mixed in CSS: the Nu HTML Checker's CSS
/// grammar knows no `color-mix`.)
fn rgba(hex: &str, alpha: &str) -> Option<String> {
    let digits = hex.strip_prefix('#')?;
    let channel = |i: usize, width: usize| {
        let text = digits.get(i * width..(i + 1) * width)?;
        let value = u8::from_str_radix(text, 16).ok()?;
        Some(if width == 1 { value * 17 } else { value })
    };
    let width = match digits.len() {
        3 => 1,
        6 => 2,
        _ => return None,
    };
    Some(format!(
        "rgba({},{},{},{alpha})",
        channel(0, width)?,
        channel(1, width)?,
        channel(2, width)?
    ))
}

/// Every verdict's classes: its colour as `color` and `--v`, its bar, and
/// its quote's tint (hatched for [`HATCHED`]), light and dark.
fn verdict_classes(vocabulary: &Vocabulary) -> String {
    let mut classes = String::new();
    let mut light = String::new();
    let mut dark = String::new();
    for verdict in vocabulary.iter() {
        let name = verdict.name();
        let variable = variable(name);
        let _ = writeln!(
            classes,
            ".verdict-{name}{{color:var({variable})}}.verdict-{name}{{--v:var({variable})}}.bar-{name}{{fill:var({variable})}}"
        );
        let (light_colour, dark_colour) = colours_of(verdict);
        for (rules, colour) in [(&mut light, light_colour), (&mut dark, dark_colour)] {
            let (Some(tint), Some(hatch)) = (rgba(&colour, ".13"), rgba(&colour, ".32")) else {
                continue;
            };
            let _ = write!(
                rules,
                ".factmark .quote.verdict-{name}{{background-color:{tint}"
            );
            if HATCHED.contains(&name) {
                let _ = write!(
                    rules,
                    ";background-image:repeating-linear-gradient(135deg,{hatch} 0,{hatch} 1.5px,transparent 1.5px,transparent 5px)"
                );
            }
            rules.push_str("}\n");
        }
    }
    classes.push_str(&light);
    if !dark.is_empty() {
        let _ = write!(classes, "@media (prefers-color-scheme:dark){{\n{dark}}}\n");
    }
    classes
}

/// The page's frame: body, column, footer (the index adds its own rules).
const PAGE: &str = r#"*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Times New Roman",serif}
main{max-width:62rem;margin:0 auto;padding:2rem 1.25rem 3rem}
footer{max-width:62rem;margin:0 auto;padding:0 1.25rem 2rem;color:var(--muted);font:.85rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
footer p{max-width:42rem;margin:0 auto;border-top:1px solid var(--line);padding-top:1rem}
.page-title{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:2rem;line-height:1.2;margin:.25rem 0 .5rem}
a{color:inherit}
@media (max-width:30rem){main{padding:1.25rem 1rem 2rem}}
@media print{:root{--bg:#fff;--fg:#000}main{max-width:none;padding:0}footer{display:none}}
"#;

/// The reviewed article, scoped to `.factmark`.
const ARTICLE: &str = r#".factmark{background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Times New Roman",serif}
.factmark,.factmark *{box-sizing:border-box}
.factmark>*{max-width:42rem;margin-left:auto;margin-right:auto}
.factmark h1,.factmark h2,.factmark h3,.factmark h4,.factmark h5,.factmark h6,.factmark .summary,.factmark .notes,.factmark .sources,.factmark .byline,.factmark .review-credit,.factmark .kicker,.factmark .verdict-tag,.factmark .correction,.factmark .side-note{font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
.factmark a{color:inherit}
.factmark a:focus-visible{outline:2px solid var(--fg);outline-offset:2px;border-radius:2px}
.factmark header{margin-bottom:1.5rem}
.factmark .page-title{font-size:2rem;line-height:1.2;margin:.25rem 0 .5rem}
.factmark .kicker{text-transform:uppercase;letter-spacing:.08em;font-size:.8rem;color:var(--muted);margin:0}
.factmark .byline,.factmark .review-credit{color:var(--muted);font-size:.9rem;margin:0 0 .2rem}
.factmark .author{color:var(--fg);font-weight:600}
.factmark .summary{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:1rem 1.25rem;margin-bottom:2rem;font-size:.95rem}
.factmark .summary h2{font-size:1.1rem;margin:0 0 .5rem}
.factmark .legend{list-style:none;padding:0;margin:0 0 .5rem}
.factmark .legend li{margin:0 0 .3rem}
.factmark .meaning{color:var(--muted)}
.factmark .coverage{margin:0}
.factmark .chart{display:block;width:100%;height:.9rem;margin:.25rem 0 .6rem;border-radius:.2rem;overflow:hidden}
.factmark .claim{color:inherit}
.factmark .quote{color:inherit;background-color:transparent;border-bottom:2px solid var(--v);padding:0 .05em;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.factmark .quote.verdict-partly-supported,.factmark .quote.verdict-opinion{border-bottom-style:dashed}
.factmark .quote.verdict-disputed,.factmark .quote.verdict-unverified{border-bottom-style:dotted;border-bottom-width:3px}
.factmark .quote.verdict-misdated{border-bottom:4px double var(--v)}
.factmark .quote.verdict-false,.factmark .quote.verdict-misleading{border-bottom:0;padding-bottom:2px;text-decoration:underline wavy var(--v)}
.factmark .verdict-tag{font-size:.78rem;font-weight:600;line-height:1.2;text-decoration:none;white-space:nowrap;border:1px solid currentColor;border-radius:999px;padding:0 .45em;vertical-align:.1em;scroll-margin-top:35vh}
.factmark .verdict-tag sup{font-size:.75em;line-height:0;margin-left:.2em}
.factmark .correction{font-size:.9rem;color:var(--fg);background:var(--card);border-left:3px solid var(--v);padding:0 .4em;margin-left:.2em}
.factmark del{color:var(--false)}
.factmark ins{color:inherit;text-decoration:none;font-weight:700;border-bottom:2px solid var(--supported)}
.factmark .side-note{display:none;color:var(--fg);font-size:.85rem;font-style:normal;font-weight:400;line-height:1.45;text-align:left;overflow-wrap:anywhere}
.factmark .side-note:target{display:block;margin:.4rem 0 .7rem;padding:.6rem .8rem;background:var(--card);border-left:3px solid var(--v);border-radius:.3rem;scroll-margin-top:35vh}
.factmark .side-head,.factmark .side-dates,.factmark .side-text,.factmark .side-sources{display:block}
.factmark .side-head .label{color:var(--v);font-weight:700}
.factmark .side-number{color:var(--muted);margin-left:.3em}
.factmark .side-sources{color:var(--muted);margin-top:.15rem}
.factmark .side-close{display:inline-block;margin-top:.3rem}
.factmark .notes ol,.factmark .sources ol{padding-left:1.5rem;font-size:.95rem}
.factmark .notes li{margin:0 0 1rem}.factmark .notes li p{margin:.2rem 0;color:var(--fg)}
.factmark .notes .label{font-weight:700;color:var(--v)}.factmark .notes q{color:var(--fg)}
.factmark .back{text-decoration:none}
.factmark .sources li{margin:0 0 .5rem;overflow-wrap:anywhere}
.factmark .backlinks a{font-size:.85rem;margin-left:.3em;white-space:nowrap}
.factmark .visually-hidden{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.factmark pre{white-space:pre-wrap;overflow-wrap:anywhere;background:var(--card);padding:.75rem;font-size:.9rem}
.factmark table{border-collapse:collapse}
.factmark td,.factmark th{border:1px solid var(--line);padding:.25rem .5rem}
.factmark blockquote{border-left:3px solid var(--line);margin-left:0;margin-right:0;padding-left:1rem;color:var(--muted)}
.factmark .body{display:flow-root}
@media (max-width:30rem){.factmark{font-size:1.05rem}.factmark .page-title{font-size:1.6rem}}
@media print{.factmark{--bg:#fff;--fg:#000;font-size:11pt}
.factmark>*{max-width:none;margin-right:0}
.factmark .side-note{display:none!important}
.factmark .summary{break-inside:avoid}
.factmark a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em;overflow-wrap:anywhere}}
"#;

/// The margin layout, for a wide article: each note floated into the
/// margin beside its claim (in tables, where a float would cover the next
/// cell, it stays closed until its badge opens it).
const MARGIN: &str = r#"
.factmark>*{margin-left:0;margin-right:17rem}
.factmark .side-note,.factmark .side-note:target{display:block;position:relative;float:right;clear:right;width:15rem;margin:.3rem -17rem .8rem 0;padding:0 0 0 .6rem;background:none;border-left:3px solid var(--v);border-radius:0}
.factmark .side-note:target{outline:2px solid var(--v);outline-offset:.25rem}
.factmark .side-close{display:none}
.factmark td .side-note,.factmark th .side-note,.factmark td .side-note:target,.factmark th .side-note:target{display:block;float:none;width:auto;margin:.4rem 0;padding:.4rem .6rem;background:var(--card);outline:none}
.factmark td .side-note:not(:target),.factmark th .side-note:not(:target){display:none}
"#;

/// The page's one script, which only refines the margin: a note whose
/// claim starts a line or more above the line where the claim ends (where
/// CSS can place it) moves up to the claim's first line, as far as the
/// note before it allows. Without it every note is still beside its claim,
/// and all of the page reads the same. One pass of reads, then one of
/// writes, so that a page of thousands of notes lays out once.
pub(super) const MARGIN_SCRIPT: &str = r#"(function () {
  "use strict";
  var pending = 0;
  function fit() {
    pending = 0;
    var notes = document.querySelectorAll(".factmark .side-note");
    var marks = document.querySelectorAll(".factmark mark[data-note]");
    var quote = {}, list = [], i;
    for (i = 0; i < marks.length; i++) {
      var number = marks[i].getAttribute("data-note");
      if (!quote[number]) quote[number] = marks[i];
    }
    for (i = 0; i < notes.length; i++) notes[i].style.top = "";
    for (i = 0; i < notes.length; i++) {
      var note = notes[i], style = getComputedStyle(note);
      var claim = quote[note.id.slice(5)];
      var first = claim && claim.getClientRects()[0];
      if (style.cssFloat !== "right" || !first) continue;
      var box = note.getBoundingClientRect();
      list.push([note, box.top, box.height, first.top,
                 parseFloat(style.marginTop) || 0, parseFloat(style.marginBottom) || 0]);
    }
    var free = -Infinity;
    for (i = 0; i < list.length; i++) {
      var top = Math.max(list[i][3], free + list[i][4]);
      if (Math.abs(top - list[i][1]) > 0.5) list[i][0].style.top = (top - list[i][1]) + "px";
      free = top + list[i][2] + list[i][5];
    }
  }
  function later() { if (!pending) pending = requestAnimationFrame(fit); }
  fit();
  addEventListener("resize", later);
  addEventListener("load", later);
})();
"#;
