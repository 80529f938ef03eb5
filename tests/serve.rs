//! `factmark serve` and `check --watch`, driven as an editor drives them:
//! the real binary on a temporary copy of the seed review, fetched over
//! real HTTP on 127.0.0.1, its files edited on disk.
//!
//! Every wait polls against a deadline; none is a fixed sleep. The reload
//! after an edit must come within [`WITHIN`], the bar.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Project;

/// How soon an edit must show: the acceptance bar.
const WITHIN: Duration = Duration::from_secs(2);
/// How long a server may take to build the seed and start listening (a
/// debug build on a loaded machine).
const START: Duration = Duration::from_secs(60);

const PAGE: &str = "azerbaijan-russia.html";
const YAML: &str = "annotations/azerbaijan-russia.yaml";
const ARTICLE: &str = "seeds/azerbaijan-russia.md";

/// A temporary copy of the seed review.
fn seed() -> Project {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |name: &str| std::fs::read_to_string(root.join(name)).expect("the seed is there");
    Project::new(&[(YAML, &read(YAML)), (ARTICLE, &read(ARTICLE))])
}

/// A running `factmark` whose output is collected line by line; killed
/// when dropped, so that no test leaves a server behind.
struct Running {
    child: Child,
    stdout: Arc<Mutex<Vec<String>>>,
    stderr: Arc<Mutex<String>>,
}

impl Running {
    fn start(dir: &Path, args: &[&str]) -> Running {
        let mut command = common::factmark_process(dir);
        command.args(args);
        Running::spawn(command)
    }

    /// Runs `command`, collecting its output.
    fn spawn(mut command: Command) -> Running {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("factmark starts");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let out = BufReader::new(child.stdout.take().expect("piped stdout"));
        let lines = stdout.clone();
        std::thread::spawn(move || {
            for line in out.lines().map_while(Result::ok) {
                lines.lock().expect("lines").push(line);
            }
        });
        let stderr = collected(child.stderr.take().expect("piped stderr"));
        Running {
            child,
            stdout,
            stderr,
        }
    }

    /// `factmark serve ARGS --port 0` in `dir`, once it listens: the
    /// server and its address (`127.0.0.1:PORT`).
    fn serve(dir: &Path, args: &[&str]) -> (Running, String) {
        let mut all = vec!["serve", "--port", "0"];
        all.extend_from_slice(args);
        Running::listening(Running::start(dir, &all))
    }

    /// `running`, a server, once it listens, and its address.
    fn listening(running: Running) -> (Running, String) {
        let line = running.wait_line(START, |l| l.starts_with("serving the site at http://"));
        let address = line
            .trim_start_matches("serving the site at http://")
            .split('/')
            .next()
            .expect("an address")
            .to_owned();
        assert!(address.starts_with("127.0.0.1:"), "{line}");
        (running, address)
    }

    /// The first line of stdout that `wanted` accepts, waiting up to
    /// `limit` for it.
    fn wait_line(&self, limit: Duration, wanted: impl Fn(&str) -> bool) -> String {
        let found = eventually(limit, || {
            self.stdout
                .lock()
                .expect("lines")
                .iter()
                .find(|l| wanted(l))
                .cloned()
        });
        found.unwrap_or_else(|| panic!("no such line in time\n{}", self.output()))
    }

    /// Everything printed so far, for failure messages.
    fn output(&self) -> String {
        format!(
            "--- stdout\n{}\n--- stderr\n{}",
            self.stdout.lock().expect("lines").join("\n"),
            common::head(&self.stderr.lock().expect("stderr"))
        )
    }
}

/// The text `from` sends, gathered as it comes by a thread of its own
/// until `from` ends.
fn collected(mut from: impl Read + Send + 'static) -> Arc<Mutex<String>> {
    let text = Arc::new(Mutex::new(String::new()));
    let seen = text.clone();
    std::thread::spawn(move || {
        let mut buf = [0; 4096];
        while let Ok(n) = from.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.lock()
                .expect("collected text")
                .push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    });
    text
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `probe`'s first `Some`, polled until `limit` has passed.
fn eventually<T>(limit: Duration, mut probe: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(found) = probe() {
            return Some(found);
        }
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A response: status code and body.
struct Response {
    status: u16,
    body: String,
}

/// Sends `target` as it is (no normalising of `..`, no encoding) in a GET
/// request to `address`.
fn get(address: &str, target: &str) -> Response {
    exchange(
        address,
        format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").as_bytes(),
    )
}

/// Sends `request` as it is to `address`; the response.
fn exchange(address: &str, request: &[u8]) -> Response {
    let mut stream = TcpStream::connect(address).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a timeout");
    stream.write_all(request).expect("the request is sent");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("the response is read");
    let raw = String::from_utf8(raw).expect("a UTF-8 response");
    let (head, body) = raw.split_once("\r\n\r\n").expect("headers end");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    let length: Option<usize> = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())?
    });
    // A response to HEAD has the length of the body it leaves out.
    if !request.starts_with(b"HEAD ") {
        assert_eq!(
            length,
            Some(body.len()),
            "whole body with its length: {head}"
        );
    }
    Response {
        status,
        body: body.to_owned(),
    }
}

/// The version a served page carries in its reload script.
fn version_of(page: &str) -> u64 {
    let at = page.find("version = ").expect("the reload script") + "version = ".len();
    page[at..]
        .split(';')
        .next()
        .and_then(|v| v.trim().parse().ok())
        .expect("a version number")
}

/// An open stream of reload events for `page` as served at `version`;
/// says whether `reload` came.
struct Events {
    text: Arc<Mutex<String>>,
}

impl Events {
    fn open(address: &str, page: &str, version: u64) -> Events {
        let mut stream = TcpStream::connect(address).expect("the server accepts");
        write!(
            stream,
            "GET /__factmark/events?page={page}&version={version} HTTP/1.1\r\nHost: {address}\r\n\r\n"
        )
        .expect("the request is sent");
        let events = Events {
            text: collected(stream),
        };
        // Listening: the stream's headers are in before the edit is made.
        let open = eventually(START, || {
            events
                .text
                .lock()
                .expect("events")
                .contains("text/event-stream")
                .then_some(())
        });
        assert!(open.is_some(), "the event stream did not open");
        events
    }

    fn reloaded(&self) -> bool {
        self.text
            .lock()
            .expect("events")
            .contains("event: reload\n")
    }
}

/// Waits up to [`WITHIN`] for the stream's reload and a page that `shows`
/// accepts; the page.
fn after_edit(address: &str, events: &Events, shows: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    let page = eventually(WITHIN, || {
        let page = get(address, &format!("/{PAGE}")).body;
        (events.reloaded() && shows(&page)).then_some(page)
    });
    page.unwrap_or_else(|| {
        panic!(
            "no reload with the change within {WITHIN:?} (reloaded: {}, after {:?})\n{}",
            events.reloaded(),
            started.elapsed(),
            get(address, &format!("/{PAGE}")).body
        )
    })
}

/// Replaces the one `old` in file `name` of `project` with `new`.
fn edit(project: &Project, name: &str, old: &str, new: &str) {
    let path = project.path().join(name);
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.matches(old).count(), 1, "{old} once in {name}");
    std::fs::write(&path, text.replacen(old, new, 1)).expect("write");
}

/// The seed YAML's first annotation, to its verdict.
const FIRST_VERDICT: &str = "  - quote: \"relations between Azerbaijan and Russia have deteriorated sharply\"\n    sentence: s-beb05140\n    verdict: supported\n";

/// Where findings place the first annotation's verdict: `file:line:column`,
/// the line read from the seed (which other edits of the review move).
fn first_verdict_place() -> String {
    let yaml = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(YAML))
        .expect("the seed is there");
    let at = yaml.find(FIRST_VERDICT).expect("the first annotation")
        + FIRST_VERDICT.find("verdict:").expect("a verdict");
    let line = yaml[..at].matches('\n').count() + 1;
    format!("{YAML}:{line}:14")
}

fn first_verdict(verdict: &str) -> String {
    FIRST_VERDICT.replace("verdict: supported", &format!("verdict: {verdict}"))
}

fn has_overlay(page: &str) -> bool {
    page.contains("<aside id=\"factmark-serve-overlay\"")
}

#[test]
fn an_edit_of_the_yaml_reloads_the_page_and_errors_show_over_it() {
    let project = seed();
    let before = project.files();
    let (server, address) = Running::serve(project.path(), &[]);

    let index = get(&address, "/");
    assert_eq!(index.status, 200);
    assert!(
        index.body.contains(&format!("href=\"{PAGE}\"")),
        "{}",
        index.body
    );
    assert!(index.body.contains("factmark-serve-reload"));
    let page = get(&address, &format!("/{PAGE}"));
    assert_eq!(page.status, 200);
    assert!(
        page.body
            .contains("class=\"verdict-tag verdict-supported\" id=\"ref-1\"")
    );
    assert!(!has_overlay(&page.body));

    // A verdict changes: the page reloads with the new one.
    let events = Events::open(&address, PAGE, version_of(&page.body));
    edit(&project, YAML, FIRST_VERDICT, &first_verdict("false"));
    let page = after_edit(&address, &events, |p| {
        p.contains("class=\"verdict-tag verdict-false\" id=\"ref-1\"")
    });
    assert!(!has_overlay(&page));
    server.wait_line(WITHIN, |l| {
        l.starts_with("annotations/azerbaijan-russia.yaml changed: rebuilt 1 page; 0 errors")
    });

    // Broken: the overlay names the finding's line, over the last good page,
    // and whatever the YAML holds is escaped.
    let events = Events::open(&address, PAGE, version_of(&page));
    edit(
        &project,
        YAML,
        &first_verdict("false"),
        &first_verdict("\"<script>alert(1)</script>\""),
    );
    let page = after_edit(&address, &events, has_overlay);
    assert!(page.contains(&first_verdict_place()), "{page}");
    assert!(page.contains("factmark::store::unknown-verdict"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!page.contains("<script>alert(1)"));
    assert!(
        page.contains("class=\"verdict-tag verdict-false\" id=\"ref-1\""),
        "the last good render stays under the overlay"
    );
    server.wait_line(WITHIN, |l| l.contains("changed: rebuilt 1 page; 1 error"));
    assert!(
        server
            .stderr
            .lock()
            .expect("stderr")
            .contains("× annotation 1, "),
        "the terminal shows the finding as `check` does\n{}",
        server.output()
    );
    // The index leaves the file out, as `build` would, and says why.
    let index = get(&address, "/").body;
    assert!(!index.contains(&format!("href=\"{PAGE}\"")));
    assert!(has_overlay(&index) && index.contains(&first_verdict_place()));

    // Fixed: the overlay goes by itself.
    let events = Events::open(&address, PAGE, version_of(&page));
    edit(
        &project,
        YAML,
        &first_verdict("\"<script>alert(1)</script>\""),
        FIRST_VERDICT,
    );
    let page = after_edit(&address, &events, |p| !has_overlay(p));
    assert!(page.contains("class=\"verdict-tag verdict-supported\" id=\"ref-1\""));

    // Only the file the test edited changed, and it is back as it was.
    drop(server);
    assert_eq!(project.files(), before);
}

#[test]
fn an_edit_of_the_article_reloads_every_page_that_names_it() {
    let project = seed();
    // A second annotation file on the same article.
    let yaml = std::fs::read_to_string(project.path().join(YAML)).expect("read");
    std::fs::write(project.path().join("annotations/copy.yaml"), &yaml).expect("write");
    let (server, address) = Running::serve(project.path(), &[]);
    let page = get(&address, &format!("/{PAGE}")).body;
    let copy = get(&address, "/copy.html").body;
    let events = Events::open(&address, PAGE, version_of(&page));
    let copy_events = Events::open(&address, "copy.html", version_of(&copy));

    let old = "relations between Azerbaijan and Russia have deteriorated sharply";
    edit(
        &project,
        ARTICLE,
        old,
        "relations between Azerbaijan and Russia have soured",
    );
    let page = after_edit(&address, &events, has_overlay);
    assert!(page.contains("factmark::anchor::orphaned"), "{page}");
    assert!(eventually(WITHIN, || copy_events.reloaded().then_some(())).is_some());
    assert!(has_overlay(&get(&address, "/copy.html").body));
    server.wait_line(WITHIN, |l| {
        l.starts_with("seeds/azerbaijan-russia.md changed: rebuilt 2 pages; 2 errors")
    });

    let events = Events::open(&address, PAGE, version_of(&page));
    edit(
        &project,
        ARTICLE,
        "relations between Azerbaijan and Russia have soured",
        old,
    );
    let appended = "The desk closes its review here.";
    let text = std::fs::read_to_string(project.path().join(ARTICLE)).expect("read");
    std::fs::write(
        project.path().join(ARTICLE),
        format!("{text}\n{appended}\n"),
    )
    .expect("write");
    let page = after_edit(&address, &events, |p| {
        !has_overlay(p) && p.contains(appended)
    });
    assert!(page.contains("class=\"verdict-tag verdict-supported\" id=\"ref-1\""));
}

#[test]
fn files_come_and_go_and_a_broken_configuration_shows_on_every_page() {
    let project = seed();
    let (server, address) = Running::serve(project.path(), &[]);
    let settle = Duration::from_secs(10);

    // A new annotation file gets a page and a place in the index.
    let yaml = std::fs::read_to_string(project.path().join(YAML)).expect("read");
    let added = project.path().join("annotations/2025/added.yaml");
    std::fs::create_dir_all(added.parent().expect("a folder")).expect("a folder");
    std::fs::write(&added, yaml.replace("../seeds/", "../../seeds/")).expect("write");
    let page = eventually(settle, || {
        let r = get(&address, "/2025/added.html");
        (r.status == 200).then_some(r.body)
    });
    assert!(page.is_some(), "{}", server.output());
    let listed = eventually(settle, || {
        get(&address, "/")
            .body
            .contains("href=\"2025/added.html\"")
            .then_some(())
    });
    assert!(listed.is_some());

    // A broken factmark.yaml: the overlay on every page, and still served.
    let config = project.path().join("factmark.yaml");
    std::fs::write(&config, "policy: [\n").expect("write");
    for name in ["/", "/azerbaijan-russia.html", "/2025/added.html"] {
        let shown = eventually(settle, || {
            let body = get(&address, name).body;
            (has_overlay(&body) && body.contains("factmark.yaml:1:9")).then_some(())
        });
        assert!(shown.is_some(), "{name}\n{}", server.output());
    }
    std::fs::remove_file(&config).expect("remove");
    let gone = eventually(settle, || {
        (!has_overlay(&get(&address, "/azerbaijan-russia.html").body)).then_some(())
    });
    assert!(gone.is_some(), "{}", server.output());

    // Removed: the page goes, and the index follows.
    std::fs::remove_file(&added).expect("remove");
    let removed = eventually(settle, || {
        (get(&address, "/2025/added.html").status == 404
            && !get(&address, "/").body.contains("2025/added.html"))
        .then_some(())
    });
    assert!(removed.is_some(), "{}", server.output());
}

/// A broken `factmark.yaml` saved together with an annotation file (as a
/// checkout does): the file is rebuilt all the same, under the last good
/// configuration, and the configuration's findings show over it.
#[test]
fn a_file_saved_with_a_broken_configuration_is_rebuilt_too() {
    let project = seed();
    let (server, address) = Running::serve(project.path(), &[]);
    std::fs::write(project.path().join("factmark.yaml"), "policy: [\n").expect("write");
    edit(&project, YAML, FIRST_VERDICT, &first_verdict("false"));
    let shown = eventually(Duration::from_secs(10), || {
        let page = get(&address, &format!("/{PAGE}")).body;
        (has_overlay(&page)
            && page.contains("factmark.yaml:1:9")
            && page.contains("class=\"verdict-tag verdict-false\" id=\"ref-1\""))
        .then_some(())
    });
    assert!(shown.is_some(), "{}", server.output());
}

#[test]
fn the_served_site_is_the_built_one_with_the_reload_script() {
    let project = seed();
    project.run(&["build", "--out", "site"]).expect_code(0);
    let (_server, address) = Running::serve(project.path(), &[]);
    for (name, built) in [
        ("/", "site/index.html"),
        ("/azerbaijan-russia.html", "site/azerbaijan-russia.html"),
    ] {
        let served = get(&address, name).body;
        let start = served
            .find("<script id=\"factmark-serve-reload\">")
            .expect("the script");
        let end =
            served[start..].find("</script>\n").expect("its end") + start + "</script>\n".len();
        let without = format!("{}{}", &served[..start], &served[end..]);
        let built = std::fs::read_to_string(project.path().join(built)).expect("read");
        assert!(
            without == built,
            "{name} differs from {built} beyond the script"
        );
    }
    for (name, built) in [
        ("/feed.xml", "site/feed.xml"),
        ("/claims.json", "site/claims.json"),
    ] {
        let served = get(&address, name);
        assert_eq!(served.status, 200);
        let built = std::fs::read_to_string(project.path().join(built)).expect("read");
        assert!(served.body == built, "{name} differs from {built}");
    }
}

#[test]
fn only_the_sites_files_are_served() {
    let project = seed();
    std::fs::write(project.path().join("secret.txt"), "the secret").expect("write");
    let (_server, address) = Running::serve(project.path(), &[]);
    for target in [
        "/../Cargo.toml",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/annotations/../secret.txt",
        "/secret.txt",
        "/annotations/azerbaijan-russia.yaml",
        "/seeds/azerbaijan-russia.md",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/azerbaijan-russia.html%00.txt",
        "/./azerbaijan-russia.html",
        "/nothing.html",
    ] {
        let response = get(&address, target);
        assert_eq!(response.status, 404, "{target}");
        assert!(!response.body.contains("the secret"), "{target}");
        assert!(!response.body.contains("root:"), "{target}");
    }
    assert_eq!(get(&address, "/azerbaijan-russia.html?x=1#y").status, 200);
}

#[test]
fn a_thousand_concurrent_requests_for_the_page_all_succeed() {
    let project = seed();
    let (_server, address) = Running::serve(project.path(), &[]);
    let expected = get(&address, &format!("/{PAGE}")).body;
    // All at once: more than the server has connections for, so some
    // wait their turn in the system's queue, and none fails.
    const REQUESTS: usize = 1000;
    let start = Arc::new(std::sync::Barrier::new(REQUESTS));
    let clients: Vec<_> = (0..REQUESTS)
        .map(|_| {
            let (address, start) = (address.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let r = get(&address, &format!("/{PAGE}"));
                (r.status, r.body)
            })
        })
        .collect();
    let failures: Vec<(u16, usize)> = clients
        .into_iter()
        .map(|c| c.join().expect("a client"))
        .filter(|(status, body)| *status != 200 || *body != expected)
        .map(|(status, body)| (status, body.len()))
        .collect();
    assert!(
        failures.is_empty(),
        "{} failed: {:?}",
        failures.len(),
        &failures[..failures.len().min(5)]
    );
}

/// Clients that send too much, too little, too slowly or not HTTP: each is
/// answered with its status and the server goes on serving. Idle
/// connections, more than the server has room for, are closed once the
/// request head's time is up (10 s), and a request that waited behind
/// them is answered then.
#[test]
fn hostile_clients_neither_hang_nor_stop_the_server() {
    let project = seed();
    let (server, address) = Running::serve(project.path(), &[]);
    let status = |request: &[u8]| exchange(&address, request).status;
    let long_target = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(40_000));
    assert_eq!(status(long_target.as_bytes()), 414);
    let many_headers = format!(
        "GET / HTTP/1.1\r\n{}\r\n",
        "X-Filler: aaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(2000)
    );
    assert_eq!(status(many_headers.as_bytes()), 431);
    assert_eq!(status(b"\x16\x03\x01\x02\x00\x01\x00\r\n\r\n"), 400);
    assert_eq!(
        status(b"GET /%c0%ae%c0%ae/Cargo.toml HTTP/1.1\r\n\r\n"),
        404
    );
    assert_eq!(status(b"GET / HTTP/2.0\r\n\r\n"), 505);
    assert_eq!(
        status(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"),
        405
    );
    assert_eq!(
        status(b"HEAD /__factmark/events?page=index.html&version=1 HTTP/1.1\r\n\r\n"),
        405
    );
    // A name that is not this machine's (a rebound DNS name) is refused;
    // the machine's own names and addresses are not.
    assert_eq!(status(b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n"), 403);
    assert_eq!(
        status(b"GET / HTTP/1.1\r\nHost: localhost:3000\r\n\r\n"),
        200
    );
    assert_eq!(status(b"GET / HTTP/1.0\r\n\r\n"), 200);

    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(&address).expect("the server accepts"))
        .collect();
    let started = Instant::now();
    let page = get(&address, &format!("/{PAGE}"));
    assert_eq!(page.status, 200, "{}", server.output());
    assert!(
        started.elapsed() < Duration::from_secs(40),
        "{:?}",
        started.elapsed()
    );
    let mut first = &idle[0];
    first
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("a timeout");
    let mut answer = String::new();
    first
        .read_to_string(&mut answer)
        .expect("an answer, then the end");
    assert!(answer.starts_with("HTTP/1.1 408 "), "{answer}");
    drop(idle);
    assert_eq!(get(&address, "/").status, 200);
}

/// With file descriptors run out (the server under a limit of 64, and
/// more connections than that), connections wait until some close; the
/// server does not stop serving.
#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_descriptors_does_not_stop_the_server() {
    let project = seed();
    let mut command = common::factmark_limited(project.path(), "-n 64");
    command.args(["serve", "--port", "0"]);
    let (server, address) = Running::listening(Running::spawn(command));
    let clients: Vec<TcpStream> = (0..120)
        .map(|_| TcpStream::connect(&address).expect("the server accepts"))
        .collect();
    let ran_out = eventually(START, || {
        server
            .stderr
            .lock()
            .expect("stderr")
            .contains("cannot take a connection now")
            .then_some(())
    });
    assert!(ran_out.is_some(), "{}", server.output());
    drop(clients);
    let page = get(&address, &format!("/{PAGE}"));
    assert_eq!(page.status, 200, "{}", server.output());
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let project = seed();
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("its address").port().to_string();
    let run = project.run(&["serve", "--port", &port]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(&format!("port {port} is in use")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--port"), "{}", run.stderr);
    assert!(run.stderr.contains("factmark::io"), "{}", run.stderr);
}

#[test]
fn check_watch_checks_again_what_a_change_touches() {
    let project = seed();
    let running = Running::start(project.path(), &["check", "--watch"]);
    running.wait_line(START, |l| l.starts_with("watching 1 annotation file"));
    edit(
        &project,
        ARTICLE,
        "relations between Azerbaijan and Russia have deteriorated sharply",
        "relations between Azerbaijan and Russia have soured",
    );
    running.wait_line(WITHIN, |l| {
        l.starts_with("seeds/azerbaijan-russia.md changed: checked 1 file in ")
            && l.contains("; 1 error")
    });
    assert!(
        eventually(WITHIN, || running
            .stderr
            .lock()
            .expect("stderr")
            .contains("factmark::anchor::orphaned")
            .then_some(()))
        .is_some(),
        "{}",
        running.output()
    );
    // A broken configuration saved with the article: the file is checked
    // all the same, against the last configuration that read.
    std::fs::write(project.path().join("factmark.yaml"), "policy: [\n").expect("write");
    edit(
        &project,
        ARTICLE,
        "relations between Azerbaijan and Russia have soured",
        "relations between Azerbaijan and Russia have deteriorated sharply",
    );
    running.wait_line(WITHIN, |l| {
        l.starts_with("factmark.yaml has errors; files are checked against the last")
    });
    running.wait_line(WITHIN, |l| {
        l.contains("changed: checked 1 file in ") && l.ends_with("; 0 errors, 0 warnings")
    });
    std::fs::remove_file(project.path().join("factmark.yaml")).expect("remove");
    let run = project.run(&["check", "--watch", "--format", "json"]);
    run.expect_code(2);
    assert!(run.stderr.contains("--watch prints the human report only"));
}

#[test]
fn with_out_the_site_is_also_written_as_build_writes_it() {
    let project = seed();
    project.run(&["build", "--out", "built"]).expect_code(0);
    let (server, _address) = Running::serve(project.path(), &["--out", "site"]);
    let read = |name: &str| std::fs::read_to_string(project.path().join(name)).ok();
    for name in ["index.html", PAGE, "feed.xml", "claims.json"] {
        let written = read(&format!("site/{name}"));
        assert!(
            written.is_some() && written == read(&format!("built/{name}")),
            "site/{name} is not what build writes\n{}",
            server.output()
        );
    }
    let settle = Duration::from_secs(10);
    let page = format!("site/{PAGE}");
    edit(&project, YAML, FIRST_VERDICT, &first_verdict("false"));
    let updated = eventually(settle, || {
        read(&page)
            .filter(|p| p.contains("class=\"verdict-tag verdict-false\" id=\"ref-1\""))
            .map(|_| ())
    });
    assert!(updated.is_some(), "{}", server.output());
    assert!(!read(&page).unwrap_or_default().contains("factmark-serve"));
    // A file with errors has its page withdrawn, as with build.
    edit(
        &project,
        YAML,
        &first_verdict("false"),
        &first_verdict("bogus"),
    );
    let withdrawn = eventually(settle, || read(&page).is_none().then_some(()));
    assert!(withdrawn.is_some(), "{}", server.output());
}

#[test]
fn a_tab_left_open_by_an_earlier_run_reloads() {
    let project = seed();
    let (server, address) = Running::serve(project.path(), &[]);
    let version = version_of(&get(&address, &format!("/{PAGE}")).body);
    drop(server);
    // The tab's event stream reconnects by itself to the next run, with
    // the version it was served at: that run's page may differ.
    let (_server, address) = Running::serve(project.path(), &[]);
    let events = Events::open(&address, PAGE, version);
    assert!(eventually(WITHIN, || events.reloaded().then_some(())).is_some());
}

#[test]
fn with_out_nothing_is_written_while_an_input_lies_inside_it() {
    let project = seed();
    let (server, _address) = Running::serve(project.path(), &["--out", "site"]);
    let settle = Duration::from_secs(10);
    let page = project.path().join("site").join(PAGE);
    let shows = |verdict: &str| {
        std::fs::read_to_string(&page)
            .unwrap_or_default()
            .contains(&format!("verdict-{verdict}\" id=\"ref-1\""))
    };
    assert!(shows("supported"), "{}", server.output());
    // A new annotation file names an article in `site/`, where a page
    // could replace it: `build` would write nothing, and neither does
    // `serve` from then on.
    std::fs::write(
        project.path().join("site/inside.md"),
        "Prices rose by 12 percent in 2024.\n",
    )
    .expect("write");
    let inside = project.path().join("annotations/inside.yaml");
    std::fs::write(
        &inside,
        "article: ../site/inside.md\nreviewed: 2025-01-10\nannotations: []\n",
    )
    .expect("write");
    let refused = eventually(settle, || {
        server
            .stderr
            .lock()
            .expect("stderr")
            .contains("--out holds")
            .then_some(())
    });
    assert!(refused.is_some(), "{}", server.output());
    edit(&project, YAML, FIRST_VERDICT, &first_verdict("false"));
    server.wait_line(settle, |l| {
        l.starts_with("annotations/azerbaijan-russia.yaml changed: rebuilt 1 page")
    });
    assert!(shows("supported"), "written while refused");
    // The input gone, the site is written again, with what changed
    // meanwhile.
    std::fs::remove_file(&inside).expect("remove");
    let written = eventually(settle, || shows("false").then_some(()));
    assert!(written.is_some(), "{}", server.output());
}
