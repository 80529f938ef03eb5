//! What `serve` adds to the pages it serves, and `build` never writes: the
//! script that reloads a page when it is rebuilt (keeping its scroll
//! position), and the overlay that lists a file's findings over its last
//! good render.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use factmark::Diagnostic;
use factmark::render::escape;
use factmark::report::{self, Style};

use crate::cli::count;

/// The path of the stream of reload events.
pub const EVENTS: &str = "/__factmark/events";

/// The element ids of the overlay, which nothing on a page uses.
const OVERLAY_ID: &str = "factmark-serve-overlay";

/// The reload script of page `name` (`index.html`, `2024/x.html`) served at
/// `version`. It listens to [`EVENTS`], which says `reload` as soon as the
/// page's version is another (at once, if the page was rebuilt between its
/// download and the stream's start); before reloading it keeps the scroll
/// position in `sessionStorage`, and puts it back once the new page has
/// laid out (the margin notes are placed on `load`).
pub fn script(name: &str, version: u64) -> String {
    // A JSON string is a JavaScript string; `<` is written `\u003c`, so a
    // page name cannot close the script.
    let name = serde_json::to_string(name)
        .unwrap_or_else(|_| "\"\"".to_owned())
        .replace('<', "\\u003c");
    format!(
        r#"<script id="factmark-serve-reload">
(() => {{
  const page = {name}, version = {version};
  const key = "factmark-serve-scroll:" + page;
  try {{
    const saved = sessionStorage.getItem(key);
    if (saved !== null) {{
      sessionStorage.removeItem(key);
      const restore = () => window.scrollTo(0, Number(saved));
      if (document.readyState === "complete") restore(); else addEventListener("load", restore);
    }}
  }} catch (e) {{}}
  const hide = document.getElementById("{OVERLAY_ID}-hide");
  if (hide) hide.addEventListener("click", () => document.getElementById("{OVERLAY_ID}").remove());
  const events = new EventSource("{EVENTS}?page=" + encodeURIComponent(page) + "&version=" + version);
  events.addEventListener("reload", () => {{
    events.close();
    try {{ sessionStorage.setItem(key, String(window.scrollY)); }} catch (e) {{}}
    location.reload();
  }});
}})();
</script>
"#
    )
}

/// One file's findings for the overlay: each error as `check` prints it
/// (where, the message, the excerpt, the help), and the warnings counted.
/// Empty when the file has no error.
pub fn findings(
    file: &Path,
    diagnostics: &[Diagnostic],
    sources: &BTreeMap<PathBuf, String>,
) -> String {
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
    if errors.is_empty() {
        return String::new();
    }
    let shown = report::printable_path(file);
    let mut out = format!(
        "<section>\n<h2>{} in {}</h2>\n<ol>\n",
        count(errors.len(), "error"),
        escape(&shown)
    );
    for d in errors {
        let place = report::printable_path(&d.file);
        // Line 0 is the file as a whole.
        let place = match (d.line, d.column) {
            (0, _) => place,
            (line, column) => format!("{place}:{line}:{column}"),
        };
        let text = report::human(std::slice::from_ref(d), sources, Style::Plain, 80);
        // The code heads the report; the line above already shows it.
        let text = text.trim_start();
        let text = text
            .strip_prefix(d.code)
            .unwrap_or(text)
            .trim_start_matches('\n');
        let _ = write!(
            out,
            "<li><p class=\"where\">{} <span class=\"code\">{}</span></p>\n<pre>{}</pre></li>\n",
            escape(&place),
            escape(d.code),
            escape(text.trim_end())
        );
    }
    out.push_str("</ol>\n");
    let warnings = diagnostics.len() - diagnostics.iter().filter(|d| d.is_error()).count();
    if warnings > 0 {
        let _ = writeln!(
            out,
            "<p>and {}: <code>factmark check {}</code> lists them.</p>",
            count(warnings, "warning"),
            escape(&shown)
        );
    }
    out.push_str("</section>\n");
    out
}

/// The overlay holding `sections` (from [`findings`]); `underneath` says
/// what the page below it is.
pub fn overlay(sections: &[&str], underneath: &str) -> String {
    let mut out = format!(
        "<aside id=\"{OVERLAY_ID}\" role=\"alert\" aria-label=\"factmark serve: findings\">\n\
         <style>{STYLE}</style>\n\
         <header><p><strong>factmark serve</strong>: {}</p>\
         <button type=\"button\" id=\"{OVERLAY_ID}-hide\">Hide</button></header>\n",
        escape(underneath)
    );
    for section in sections {
        out.push_str(section);
    }
    out.push_str(
        "<p class=\"hint\">This panel goes away by itself once the file is fixed.</p>\n</aside>\n",
    );
    out
}

/// The overlay's look: every rule under its id, after a reset of whatever
/// the page's own stylesheet says, so that neither styles the other.
const STYLE: &str = "\
#factmark-serve-overlay, #factmark-serve-overlay * { all: revert; box-sizing: border-box; }
#factmark-serve-overlay { position: fixed; top: 0; left: 0; right: 0; z-index: 2147483647;
  max-height: 65vh; overflow: auto; margin: 0; padding: 0 1rem 0.75rem;
  background: #fffaf8; color: #1a1a1a; border-bottom: 4px solid #b3261e;
  box-shadow: 0 4px 18px rgba(0,0,0,.35); font: 15px/1.45 system-ui, sans-serif; text-align: left; }
#factmark-serve-overlay header { display: flex; justify-content: space-between; align-items: center;
  position: sticky; top: 0; background: #b3261e; color: #fff; margin: 0 -1rem; padding: 0.4rem 1rem; }
#factmark-serve-overlay header p { margin: 0; color: #fff; }
#factmark-serve-overlay button { font: inherit; color: #1a1a1a; background: #fff; border: 1px solid #fff;
  border-radius: 4px; padding: 0.1rem 0.6rem; cursor: pointer; }
#factmark-serve-overlay h2 { font: 600 1rem/1.3 system-ui, sans-serif; margin: 0.9rem 0 0.3rem; color: #1a1a1a; }
#factmark-serve-overlay ol { margin: 0; padding: 0 0 0 1.4rem; }
#factmark-serve-overlay li { margin: 0.5rem 0; }
#factmark-serve-overlay p { margin: 0.3rem 0; color: #1a1a1a; }
#factmark-serve-overlay .where { font: 600 14px/1.4 ui-monospace, monospace; color: #8c1d18; }
#factmark-serve-overlay .code { font-weight: 400; color: #555; }
#factmark-serve-overlay pre { margin: 0.2rem 0 0; padding: 0.5rem 0.7rem; overflow-x: auto;
  white-space: pre; background: #f3efee; color: #1a1a1a; border-radius: 4px;
  font: 13px/1.4 ui-monospace, monospace; }
#factmark-serve-overlay code { font: 13px ui-monospace, monospace; }
#factmark-serve-overlay .hint { color: #555; font-size: 13px; }
";

/// A page of its own for what has no render to stand on: a file that never
/// reviewed without errors, or a name with no page.
pub fn plain_page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n</head>\n<body>\n{body}</body>\n</html>\n",
        escape(title)
    )
}

/// `page` with `extra` put in right before its `</body>` (at its end if it
/// has none).
pub fn inject(page: &str, extra: &str) -> Vec<u8> {
    let at = page.rfind("</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + extra.len());
    out.extend_from_slice(&page.as_bytes()[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&page.as_bytes()[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use factmark::diagnostic::codes;

    #[test]
    fn findings_are_escaped_and_placed() {
        let file = Path::new("annotations/<x>.yaml");
        let d = Diagnostic::error(codes::YAML, file, "bad <script>alert(1)</script>")
            .at(3, 7, None)
            .with_help("fix the & thing");
        let w = Diagnostic::warning(codes::UNANNOTATED, file, "unannotated");
        let html = findings(file, &[d, w], &BTreeMap::new());
        assert!(html.contains("annotations/&lt;x&gt;.yaml:3:7"), "{html}");
        assert!(
            html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
        assert!(html.contains("fix the &amp; thing"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
        assert!(html.contains("1 error in"), "{html}");
        assert!(html.contains("and 1 warning"), "{html}");
        let warning_only = Diagnostic::warning(codes::UNANNOTATED, file, "unannotated");
        assert_eq!(findings(file, &[warning_only], &BTreeMap::new()), "");
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = "<html><body><p>x</p></body></html>";
        let out = String::from_utf8(inject(page, "<i>y</i>")).expect("UTF-8");
        assert_eq!(out, "<html><body><p>x</p><i>y</i></body></html>");
        let script = script("a</script>.html", 7);
        assert!(script.contains(r#""a\u003c/script>.html""#), "{script}");
        assert!(script.contains("version = 7"), "{script}");
    }
}
