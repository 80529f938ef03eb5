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

use crate::store::Vocabulary;

/// The page's stylesheet for `vocabulary`: its frame, then the article's
/// rules ([`fragment_stylesheet`]'s, with the variables on `:root`).
pub(super) fn stylesheet(vocabulary: &Vocabulary) -> String {
    let mut css = variables(":root", vocabulary);
    css.push_str(PAGE);
    css.push_str(ARTICLE);
    css.push_str(&verdict_classes(vocabulary));
    css
}

/// The stylesheet a page hosting fragments links: the article's rules
/// only, scoped to `.factmark`.
pub(super) fn fragment_stylesheet(vocabulary: &Vocabulary) -> String {
    let mut css = variables(".factmark", vocabulary);
    css.push_str(ARTICLE);
    css.push_str(&verdict_classes(vocabulary));
    css
}

/// The colour variables on `selector`, light and dark: [`LIGHT`] and
/// [`DARK`], then the colours a project set for the default verdicts and
/// those of its own verdicts. Verdict names are `[a-z0-9-]` and colours hex
/// (checked when `factmark.yaml` is read), so nothing here can break out
/// of the CSS.
fn variables(selector: &str, vocabulary: &Vocabulary) -> String {
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
    let mut css = format!(
        "\n{selector}{{{LIGHT}}}\n@media (prefers-color-scheme:dark){{{selector}{{{DARK}}}}}\n"
    );
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

/// The classes of a project's own verdicts, as [`ARTICLE`] has them for
/// the default ones.
fn verdict_classes(vocabulary: &Vocabulary) -> String {
    let mut classes = String::new();
    for verdict in vocabulary.iter() {
        let name = verdict.name();
        if Vocabulary::is_standard_name(name) {
            continue;
        }
        let variable = variable(name);
        let _ = writeln!(
            classes,
            ".verdict-{name}{{color:var({variable})}}.verdict-{name}{{--v:var({variable})}}.bar-{name}{{fill:var({variable})}}"
        );
    }
    classes
}

/// The colours of the light scheme.
const LIGHT: &str = "--bg:#fdfcf9;--fg:#1d1d1f;--muted:#5b5b60;--line:#d9d6cf;--card:#f3f1ea;\
--supported:#1f7a3a;--partly-supported:#8a6d00;--disputed:#8a4b00;--misdated:#9b2c8f;\
--false:#b3261e;--misleading:#a34700;--unverified:#4a5568;--opinion:#3b5bab";

/// The colours of the dark scheme.
const DARK: &str = "--bg:#16171a;--fg:#ecebe6;--muted:#a8a8ad;--line:#3a3b40;--card:#212227;\
--supported:#6fd08c;--partly-supported:#e5c453;--disputed:#f0a35c;--misdated:#e58ad9;\
--false:#ff8a80;--misleading:#ffab66;--unverified:#b4bfd0;--opinion:#9fb6ff";

/// The page's frame: body, column, footer; and the index's list.
const PAGE: &str = r#"*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Times New Roman",serif}
main{max-width:62rem;margin:0 auto;padding:2rem 1.25rem 3rem}
footer{max-width:62rem;margin:0 auto;padding:0 1.25rem 2rem;color:var(--muted);font:.85rem/1.5 system-ui,-apple-system,"Segoe UI",sans-serif}
footer p{max-width:42rem;margin:0 auto;border-top:1px solid var(--line);padding-top:1rem}
.page-title{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:2rem;line-height:1.2;margin:.25rem 0 .5rem}
.index{list-style:none;padding:0}.index li{border-bottom:1px solid var(--line);padding:1rem 0}
.index a{font-size:1.25rem;font-family:system-ui,sans-serif}
.counts-line span{margin-right:.5rem;white-space:nowrap}
a{color:inherit}
@media (max-width:30rem){main{padding:1.25rem 1rem 2rem}}
@media print{:root{--bg:#fff;--fg:#000}main{max-width:none;padding:0}footer{display:none}}
"#;

/// The reviewed article, scoped to `.factmark`.
const ARTICLE: &str = r#".factmark{container-type:inline-size;background:var(--bg);color:var(--fg);font:1.125rem/1.65 Georgia,"Times New Roman",serif}
.factmark,.factmark *{box-sizing:border-box}
.factmark>*{max-width:42rem;margin-left:auto;margin-right:auto}
.factmark :is(h1,h2,h3,h4,h5,h6,.summary,.notes,.sources,.byline,.review-credit,.kicker,.verdict-tag,.correction,.side-note){font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
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
.bar-supported{fill:var(--supported)}.bar-partly-supported{fill:var(--partly-supported)}.bar-disputed{fill:var(--disputed)}
.bar-misdated{fill:var(--misdated)}.bar-false{fill:var(--false)}.bar-misleading{fill:var(--misleading)}
.bar-unverified{fill:var(--unverified)}.bar-opinion{fill:var(--opinion)}
.verdict-supported{color:var(--supported);--v:var(--supported)}.verdict-partly-supported{color:var(--partly-supported);--v:var(--partly-supported)}
.verdict-disputed{color:var(--disputed);--v:var(--disputed)}.verdict-misdated{color:var(--misdated);--v:var(--misdated)}
.verdict-false{color:var(--false);--v:var(--false)}.verdict-misleading{color:var(--misleading);--v:var(--misleading)}
.verdict-unverified{color:var(--unverified);--v:var(--unverified)}.verdict-opinion{color:var(--opinion);--v:var(--opinion)}
.factmark .claim{color:inherit}
.factmark .quote{color:inherit;background-color:color-mix(in srgb,var(--v) 13%,transparent);text-decoration:underline solid var(--v);text-decoration-thickness:2px;text-underline-offset:.22em;text-decoration-skip-ink:none;padding:0 .05em;border-radius:.15em;-webkit-box-decoration-break:clone;box-decoration-break:clone}
.factmark .quote.verdict-partly-supported,.factmark .quote.verdict-opinion{text-decoration-style:dashed}
.factmark .quote.verdict-disputed,.factmark .quote.verdict-unverified{text-decoration-style:dotted;text-decoration-thickness:3px}
.factmark .quote.verdict-misdated{text-decoration-style:double}
.factmark .quote.verdict-false,.factmark .quote.verdict-misleading{text-decoration-style:wavy;text-decoration-thickness:1.5px}
.factmark .quote.verdict-misleading,.factmark .quote.verdict-unverified,.factmark .quote.verdict-opinion{background-image:repeating-linear-gradient(135deg,color-mix(in srgb,var(--v) 30%,transparent) 0 1.5px,transparent 1.5px 5px)}
.factmark .verdict-tag{font-size:.78rem;font-weight:600;line-height:1.2;text-decoration:none;white-space:nowrap;border:1px solid currentColor;border-radius:999px;padding:0 .45em;vertical-align:.1em;scroll-margin-top:35vh}
.factmark .verdict-tag sup{font-size:.75em;line-height:0;margin-left:.2em}
.factmark .correction{font-size:.9rem;color:var(--fg);background:var(--card);border-left:3px solid var(--v);padding:0 .4em;margin-left:.2em}
.factmark del{color:var(--false)}
.factmark ins{color:var(--supported);text-decoration:none;font-weight:600;border-bottom:2px solid currentColor}
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
.factmark pre{overflow-x:auto;background:var(--card);padding:.75rem;font-size:.9rem}
.factmark table{border-collapse:collapse}
.factmark td,.factmark th{border:1px solid var(--line);padding:.25rem .5rem}
.factmark blockquote{border-left:3px solid var(--line);margin-left:0;margin-right:0;padding-left:1rem;color:var(--muted)}
.factmark .body{display:flow-root}
@container (min-width:57rem){
.factmark>*{margin-left:0;margin-right:17rem}
.factmark .side-note,.factmark .side-note:target{display:block;position:relative;float:right;clear:right;width:15rem;margin:.3rem -17rem .8rem 0;padding:0 0 0 .6rem;background:none;border-left:3px solid var(--v);border-radius:0}
.factmark .side-note:target{outline:2px solid var(--v);outline-offset:.25rem}
.factmark .side-close{display:none}
.factmark :is(td,th) .side-note,.factmark :is(td,th) .side-note:target{display:block;float:none;width:auto;margin:.4rem 0;padding:.4rem .6rem;background:var(--card);outline:none}
.factmark :is(td,th) .side-note:not(:target){display:none}
}
@container (max-width:30rem){.factmark{font-size:1.05rem}.factmark .page-title{font-size:1.6rem}}
@media print{.factmark{--bg:#fff;--fg:#000;container-type:normal;font-size:11pt}
.factmark>*{max-width:none;margin-right:0}
.factmark .side-note{display:none!important}
.factmark .summary{break-inside:avoid}
.factmark a[href^="http"]::after{content:" (" attr(href) ")";font-size:.8em;overflow-wrap:anywhere}}
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
      list.push([note, box.top, box.height + (parseFloat(style.marginBottom) || 0), first.top]);
    }
    var free = -Infinity;
    for (i = 0; i < list.length; i++) {
      var top = Math.max(list[i][3], free);
      if (Math.abs(top - list[i][1]) > 0.5) list[i][0].style.top = (top - list[i][1]) + "px";
      free = top + list[i][2];
    }
  }
  function later() { if (!pending) pending = requestAnimationFrame(fit); }
  fit();
  addEventListener("resize", later);
  addEventListener("load", later);
})();
"#;
