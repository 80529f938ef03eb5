//! What `serve` answers: the site's pages from memory, and a stream of
//! Server-Sent Events per open page that says when to reload. Only names
//! the site has are served; nothing is read from disk, so no request can
//! reach another file.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::percent_decode_str;

use super::http::{Method, Request, Slots};
use super::overlay::{self, EVENTS};
use super::site::Shared;
use crate::cli::build;

/// Open event streams at most (each holds a connection and its thread):
/// far more tabs than anyone previews at once, and well under
/// [`super::http::MAX_CONNECTIONS`], so pages are still served.
const MAX_STREAMS: usize = 64;

/// How often an idle stream says something, so that a closed tab's
/// stream notices and ends.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Answers the requests of one site.
pub struct Router {
    shared: Arc<Shared>,
    streams: Arc<Slots>,
}

impl Router {
    /// Answers from `shared`.
    pub fn new(shared: Arc<Shared>) -> Router {
        Router {
            shared,
            streams: Slots::new(MAX_STREAMS),
        }
    }

    /// Answers `request`, on its connection's thread.
    pub fn answer(&self, request: Request) {
        let route = route(&request.target);
        // The event stream is for GET alone.
        let allowed = match route {
            Route::Events { .. } => "GET",
            _ => "GET, HEAD",
        };
        match (request.method, route) {
            (Method::Get, Route::Events { page, version }) => self.events(request, &page, version),
            (Method::Get | Method::Head, Route::File(name)) => self.file(request, &name),
            (Method::Get | Method::Head, Route::NotFound) => not_found(request, None),
            _ => request.respond(
                405,
                "text/plain; charset=utf-8",
                &[("Allow", allowed)],
                format!("only {allowed}\n").as_bytes(),
            ),
        }
    }

    /// Answers with the site's file `name`, or 404.
    fn file(&self, request: Request, name: &str) {
        let (body, kind) = {
            let mut site = self.shared.site();
            match name {
                build::FEED => (site.feed(), "application/atom+xml; charset=utf-8"),
                build::CLAIMS => (site.claims(), "application/json; charset=utf-8"),
                _ => (
                    site.pages.get(name).map(|p| p.body.clone()),
                    "text/html; charset=utf-8",
                ),
            }
        };
        match body {
            Some(body) => respond(request, 200, kind, body.as_slice()),
            None => not_found(request, Some(name)),
        }
    }

    /// Streams the reload events of page `page` as served at `version`, on
    /// the connection's thread: `reload` once the page's version is
    /// another, then the stream ends.
    fn events(&self, request: Request, page: &str, version: u64) {
        let Some(_slot) = self.streams.try_take() else {
            return respond(
                request,
                503,
                "text/plain; charset=utf-8",
                b"too many open pages\n",
            );
        };
        let mut out = request.into_stream();
        // An error is a closed tab.
        let _ = stream(&mut out, &self.shared, page, version);
    }
}

/// What a request asks for.
#[derive(Debug, PartialEq, Eq)]
enum Route {
    /// A file of the site, by its name (`index.html`, `2024/x.html`).
    File(String),
    /// The reload events of page `page` as served at `version`.
    Events { page: String, version: u64 },
    /// Nothing the site has.
    NotFound,
}

/// The route of request target `target` (path and query, as sent).
fn route(target: &str) -> Route {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == EVENTS {
        let mut page = None;
        let mut version = None;
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode_str(value).decode_utf8().ok();
            match key {
                "page" => page = value.map(|v| v.into_owned()),
                "version" => version = value.and_then(|v| v.parse().ok()),
                _ => {}
            }
        }
        return match (page, version) {
            (Some(page), Some(version)) => Route::Events { page, version },
            _ => Route::NotFound,
        };
    }
    match page_name(path) {
        Some(name) => Route::File(name),
        None => Route::NotFound,
    }
}

/// The site's name for request path `path`: `/` is the index; the path is
/// percent-decoded, and anything that could name a file outside the site
/// (`..`, `.`, empty parts, a backslash, a NUL, a path that does not start
/// with `/`) names nothing.
fn page_name(path: &str) -> Option<String> {
    let rest = path.strip_prefix('/')?;
    if rest.is_empty() {
        return Some(build::INDEX.to_owned());
    }
    let name = percent_decode_str(rest).decode_utf8().ok()?;
    let safe = !name.contains(['\\', '\0'])
        && name
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..");
    safe.then(|| name.into_owned())
}

/// A 404 page; for a page name, one that reloads itself when the page
/// appears (a file with that name added while it is open).
fn not_found(request: Request, name: Option<&str>) {
    let script = name.map_or(String::new(), |n| overlay::script(n, 0));
    let body = overlay::plain_page(
        "Not found",
        &format!(
            "<main>\n<h1>Not found</h1>\n<p>The site has no such page. \
             <a href=\"/\">The index</a> lists every page.</p>\n</main>\n{script}"
        ),
    );
    respond(request, 404, "text/html; charset=utf-8", body.as_bytes());
}

fn respond(request: Request, status: u16, kind: &str, body: &[u8]) {
    request.respond(
        status,
        kind,
        &[
            // A reload must fetch the page anew.
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
        ],
        body,
    );
}

/// The body of [`Router::events`]; an error is a closed connection.
fn stream(out: &mut impl Write, shared: &Shared, page: &str, version: u64) -> std::io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
          Connection: close\r\n\r\nretry: 1000\n\n",
    )?;
    out.flush()?;
    loop {
        let mut site = shared.site();
        if site.version_of(page) == version {
            site = shared
                .changed
                .wait_timeout(site, KEEP_ALIVE)
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .0;
        }
        let changed = site.version_of(page) != version;
        drop(site);
        if changed {
            out.write_all(b"event: reload\ndata: reload\n\n")?;
            return out.flush();
        }
        // Another page changed, or a quiet while: a comment, which finds
        // out a closed tab.
        out.write_all(b": still here\n\n")?;
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_sites_names_are_routed() {
        assert_eq!(route("/"), Route::File("index.html".into()));
        assert_eq!(route("/a.html?x=1"), Route::File("a.html".into()));
        assert_eq!(
            route("/2024/a%20b.html"),
            Route::File("2024/a b.html".into())
        );
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2e%2e%2fCargo.toml",
            "/..%5cCargo.toml",
            "/a/../../x",
            "//etc/passwd",
            "/%2Fetc%2Fpasswd",
            "/a%00.html",
            "/./a.html",
            "/%ff.html",
            "/%c0%ae%c0%ae/Cargo.toml",
            "a.html",
            "*",
            "http://x/a.html",
        ] {
            assert_eq!(route(bad), Route::NotFound, "{bad}");
        }
        // Decoded once: `%252e` is the name `%2e`, which the site lacks.
        assert_eq!(
            route("/%252e%252e/x.html"),
            Route::File("%2e%2e/x.html".into())
        );
        assert_eq!(
            route("/__factmark/events?page=2024%2Fa.html&version=3"),
            Route::Events {
                page: "2024/a.html".into(),
                version: 3
            }
        );
        assert_eq!(route("/__factmark/events?page=a.html"), Route::NotFound);
    }
}
