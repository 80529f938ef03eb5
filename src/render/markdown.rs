//! Editors' notes and corrections as inline Markdown.
//!
//! A `note` or `correction` may use emphasis, strong emphasis, strikethrough,
//! code and links. It is rendered as phrasing content, since it stands inside
//! a paragraph of the article (a correction, a note in the margin) as well
//! as in the list of notes: blocks (paragraphs, list items, headings) are
//! flattened, one line break between them. The safety is the page's own:
//! raw HTML is shown as text, only http(s) links become links (any other
//! link keeps its text), and images, which would make the page load
//! something, are replaced by their description.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::html::{byte_set, escape_into, url_attribute};

/// A note rendered for the page: its HTML and its plain text (for the
/// ClaimReview's `reviewBody`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rendered {
    /// Phrasing content: escaped text, `<em>`, `<strong>`, `<s>`,
    /// `<code>`, `<a>` and `<br>`.
    pub html: String,
    /// The text without its markup.
    pub text: String,
}

/// Whether `text` may hold Markdown: any character that starts inline
/// markup, an entity or an escape, a second line, or a start that could
/// open a block. Most notes are one line of plain prose and skip the
/// parser.
fn may_have_markup(text: &str) -> bool {
    const MARKUP: [bool; 256] = byte_set(b"*_`[]<>&\\~!|#\n");
    text.bytes().any(|b| MARKUP[usize::from(b)])
        || text.starts_with(['-', '+', '='])
        || text.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Renders `text` (trimmed) as inline Markdown.
pub(super) fn render(text: &str) -> Rendered {
    let text = text.trim();
    if !may_have_markup(text) {
        let mut html = String::with_capacity(text.len() + 16);
        escape_into(&mut html, text);
        return Rendered {
            html,
            text: text.to_owned(),
        };
    }
    let mut w = Writer {
        html: String::with_capacity(text.len() + 32),
        plain: String::with_capacity(text.len()),
        open: Vec::new(),
        lists: Vec::new(),
        image_depth: 0,
        need_break: false,
    };
    for event in Parser::new_ext(text, crate::markup::options()) {
        w.event(event);
    }
    // Unbalanced tags cannot come out of pulldown-cmark; close any anyway.
    while let Some(tag) = w.open.pop() {
        w.close(tag);
    }
    Rendered {
        html: w.html,
        text: w.plain.trim_end().to_owned(),
    }
}

/// The state of one note's rendering.
struct Writer {
    html: String,
    plain: String,
    /// What each open inline tag was written as, so that its end closes
    /// it: a link that was not kept was written as nothing.
    open: Vec<&'static str>,
    /// The next number of each open list; `None` for a bullet list.
    lists: Vec<Option<u64>>,
    /// Inside an image, whose description stands in for it as text.
    image_depth: usize,
    /// A block ended: a line break goes before what comes next.
    need_break: bool,
}

impl Writer {
    /// Writes what a block's end left pending before new content.
    fn content(&mut self) {
        if self.need_break {
            self.html.push_str("<br>");
            self.plain.push('\n');
            self.need_break = false;
        }
    }

    fn text(&mut self, text: &str) {
        self.content();
        escape_into(&mut self.html, text);
        self.plain.push_str(text);
    }

    fn close(&mut self, tag: &str) {
        if !tag.is_empty() {
            self.html.push_str("</");
            self.html.push_str(tag);
            self.html.push('>');
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Text(t)
            | Event::Html(t)
            | Event::InlineHtml(t)
            | Event::InlineMath(t)
            | Event::DisplayMath(t) => self.text(&t),
            Event::Code(t) if self.image_depth == 0 => {
                self.content();
                self.html.push_str("<code>");
                escape_into(&mut self.html, &t);
                self.html.push_str("</code>");
                self.plain.push_str(&t);
            }
            Event::Code(t) => self.text(&t),
            Event::FootnoteReference(label) => self.text(&format!("[^{label}]")),
            Event::SoftBreak => {
                self.html.push(' ');
                self.plain.push(' ');
            }
            Event::HardBreak => {
                self.html.push_str("<br>");
                self.plain.push('\n');
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => self.need_break = !self.html.is_empty(),
            Event::Start(tag) => self.start(tag),
            Event::End(end) => self.end(end),
        }
    }

    fn start(&mut self, tag: Tag) {
        if self.image_depth > 0 {
            self.image_depth += usize::from(matches!(tag, Tag::Image { .. }));
            return;
        }
        let written = match tag {
            Tag::Emphasis => "em",
            Tag::Strong => "strong",
            Tag::Strikethrough => "s",
            Tag::Link { dest_url, .. } if is_http(&dest_url) => {
                self.content();
                self.html.push_str("<a href=\"");
                self.html.push_str(&url_attribute(&dest_url));
                self.html.push_str("\" rel=\"noopener noreferrer\">");
                self.open.push("a");
                return;
            }
            Tag::Link { .. } => "",
            Tag::Image { .. } => {
                self.image_depth = 1;
                return;
            }
            Tag::List(first) => {
                self.lists.push(first);
                return;
            }
            // A list item keeps its number or bullet: "1999. A year." is
            // a list to Markdown, but its number is the editor's text.
            Tag::Item => {
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        *n += 1;
                        format!("{}. ", *n - 1)
                    }
                    _ => "• ".to_owned(),
                };
                self.text(&marker);
                return;
            }
            _ => return,
        };
        self.content();
        if !written.is_empty() {
            self.html.push('<');
            self.html.push_str(written);
            self.html.push('>');
        }
        self.open.push(written);
    }

    fn end(&mut self, end: TagEnd) {
        if self.image_depth > 0 {
            self.image_depth -= usize::from(matches!(end, TagEnd::Image));
            return;
        }
        match end {
            TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link => {
                if let Some(tag) = self.open.pop() {
                    self.close(tag);
                }
            }
            TagEnd::List(_) => {
                self.lists.pop();
                self.need_break = !self.html.is_empty();
            }
            TagEnd::Paragraph
            | TagEnd::Heading(_)
            | TagEnd::Item
            | TagEnd::BlockQuote(_)
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::TableCell
            | TagEnd::TableRow
            | TagEnd::TableHead
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListTitle
            | TagEnd::DefinitionListDefinition => self.need_break = !self.html.is_empty(),
            _ => {}
        }
    }
}

/// Whether a link in a note may stay a link: http(s) only, as for sources.
fn is_http(url: &str) -> bool {
    let url = url.trim();
    ["http://", "https://"].iter().any(|scheme| {
        url.get(..scheme.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(scheme))
            && url.len() > scheme.len()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(text: &str) -> String {
        render(text).html
    }

    #[test]
    fn plain_prose_is_escaped_as_it_was() {
        let note = "Kazakhstan led it, with Azerbaijani investigators' help.";
        assert!(!may_have_markup(note));
        assert_eq!(
            html(note),
            "Kazakhstan led it, with Azerbaijani investigators&#39; help."
        );
        assert_eq!(render(note).text, note);
    }

    #[test]
    fn inline_markdown_becomes_phrasing_content() {
        let r = render(
            "The *crash* was on **25 December**, see `AZ-8243` and [the report](https://e.org/r?a=1&b=2).",
        );
        assert_eq!(
            r.html,
            "The <em>crash</em> was on <strong>25 December</strong>, see <code>AZ-8243</code> and <a href=\"https://e.org/r?a=1&amp;b=2\" rel=\"noopener noreferrer\">the report</a>."
        );
        assert_eq!(
            r.text,
            "The crash was on 25 December, see AZ-8243 and the report."
        );
        assert_eq!(html("~~1905~~ 1906"), "<s>1905</s> 1906");
    }

    #[test]
    fn only_http_links_survive_and_html_is_text() {
        assert_eq!(
            html("[click](javascript:alert(1)) <b onclick=x>bold</b> <https://e.org>"),
            "click &lt;b onclick=x&gt;bold&lt;/b&gt; <a href=\"https://e.org\" rel=\"noopener noreferrer\">https://e.org</a>"
        );
        assert_eq!(
            html("[a](data:text/html,x) [b](/relative) [c](HTTPS://E.ORG)"),
            "a b <a href=\"HTTPS://E.ORG\" rel=\"noopener noreferrer\">c</a>"
        );
        assert_eq!(
            html("</script><script>alert('note')</script>"),
            "&lt;/script&gt;&lt;script&gt;alert(&#39;note&#39;)&lt;/script&gt;"
        );
    }

    #[test]
    fn images_load_nothing_and_leave_their_description() {
        assert_eq!(
            html("See ![the *map*](https://e.org/map.png) here."),
            "See the map here."
        );
    }

    #[test]
    fn blocks_are_flattened_with_line_breaks() {
        assert_eq!(html("One.\n\nTwo."), "One.<br>Two.");
        assert_eq!(html("- first\n- second"), "• first<br>• second");
        assert_eq!(html("# Heading\nText"), "Heading<br>Text");
        assert_eq!(html("> quoted"), "quoted");
        assert_eq!(html("1999. A year."), "1999. A year.");
        assert_eq!(
            html("1. one\n2. two\n\nAfter."),
            "1. one<br>2. two<br>After."
        );
        assert_eq!(render("One.\n\nTwo.").text, "One.\nTwo.");
    }
}
