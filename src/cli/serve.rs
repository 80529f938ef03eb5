//! `factmark serve`: the site, built as `build` builds it but kept in
//! memory, served on 127.0.0.1 while the editor works. A change of an
//! annotation file rebuilds its page, a change of an article every page of
//! a file that names it, a change of `factmark.yaml` every page; open tabs
//! of a rebuilt page reload themselves. A file with errors shows them in an
//! overlay over its last good page.
//!
//! Ctrl-C ends the process by the default signal handler: there is nothing
//! to clean up (pages live in memory; `--out` writes each file atomically,
//! and its folder lock goes with the process).

pub(super) mod http;
pub(super) mod overlay;
pub(super) mod routes;
pub(super) mod site;
pub(super) mod watch;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use factmark::Diagnostic;
use factmark::config::Config;
use factmark::diagnostic::codes;

use super::{ConfigSource, Exit, eprint_human, trouble};
use site::{Builder, Settings, Shared};
use watch::Watcher;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Annotation files or folders to search for *.yaml.
    #[arg(default_value = "annotations")]
    paths: Vec<PathBuf>,
    /// The port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 3000)]
    port: u16,
    /// The address to listen on: only this machine by default.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Open the site in the default browser once it is served.
    #[arg(long)]
    open: bool,
    /// Where the site will be published, so ClaimReview URLs are absolute.
    #[arg(long, value_name = "URL", value_parser = super::base_url)]
    base_url: Option<String>,
    /// Pass raw HTML blocks of articles through a sanitiser instead of escaping them.
    #[arg(long)]
    allow_raw_html: bool,
    /// Also write the site to DIR after every rebuild, as `build --out DIR`
    /// would (without the reload script and the overlay); without it,
    /// pages live in memory only.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args, config: Config, source: &ConfigSource) -> Exit {
    // The port first: a port in use is known before any page is built.
    let listener = match TcpListener::bind((args.host.as_str(), args.port)) {
        Ok(listener) => listener,
        Err(e) => return trouble(cannot_listen(&args, &e)),
    };
    let address = match listener.local_addr() {
        Ok(address) => address,
        Err(e) => return trouble(cannot_listen(&args, &e)),
    };
    let config_file = watch::config_file(source, &config);
    let mut watcher = match Watcher::new(&args.paths, &config_file) {
        Ok(watcher) => watcher,
        Err(d) => return trouble(*d),
    };
    let settings = Settings {
        paths: args.paths.clone(),
        base_url: args.base_url.clone(),
        allow_raw_html: args.allow_raw_html,
        out: args.out.clone(),
    };
    let shared = Arc::new(Shared::default());
    let started = Instant::now();
    let (mut builder, summary) = match Builder::new(settings, config, shared.clone()) {
        Ok(built) => built,
        Err(refusals) => {
            eprint_human(&refusals, &Default::default());
            return Exit::Trouble;
        }
    };
    out!("built {summary} in {} ms", started.elapsed().as_millis());
    for article in builder.articles() {
        watcher.follow(article);
    }
    let router = routes::Router::new(shared);
    if let Err(e) = http::serve(listener, move |request| router.answer(request)) {
        return trouble(Diagnostic::error(
            codes::IO,
            Path::new(&format!("{address}")),
            format!("cannot serve: {e}"),
        ));
    }
    let url = format!("http://{address}/");
    out!("serving the site at {url} (Ctrl-C stops)");
    if args.open {
        open_browser(&url);
    }
    while let Some(batch) = watcher.next() {
        let started = Instant::now();
        let changes = watch::classify(&batch, &config_file, &args.paths, &builder.deps());
        if changes.is_empty() {
            continue;
        }
        let summary = if changes.config {
            builder.reconfigure(source.load(), &config_file, &changes.files, changes.listing)
        } else {
            builder.update(&changes.files, changes.listing)
        };
        for article in builder.articles() {
            watcher.follow(article);
        }
        out!(
            "{} changed: rebuilt {summary} in {} ms",
            changes.describe(),
            started.elapsed().as_millis()
        );
    }
    Exit::Ok
}

/// The finding for an address that cannot be listened on.
fn cannot_listen(args: &Args, e: &std::io::Error) -> Diagnostic {
    let place = format!("{}:{}", args.host, args.port);
    match e.kind() {
        std::io::ErrorKind::AddrInUse => Diagnostic::error(
            codes::IO,
            Path::new(&place),
            format!("port {} is in use on {}", args.port, args.host),
        )
        .with_help(format!(
            "stop what listens on port {}, or pick another port with `--port N` \
             (`--port 0` picks a free one)",
            args.port
        )),
        _ => Diagnostic::error(
            codes::IO,
            Path::new(&place),
            format!("cannot listen on port {} of {}: {e}", args.port, args.host),
        )
        .with_help(
            "`--host` takes an address of this machine (127.0.0.1 by default), \
             `--port` a port number (0 picks a free one)",
        ),
    }
}

/// Opens `url` in the default browser, saying so when it cannot.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let mut command = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new(opener)
    };
    let opened = command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match opened {
        // Waited for, so that it leaves no zombie behind while serving.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(_) => err!("could not open a browser: open {url} yourself"),
    }
}
