//! `serve`'s HTTP/1.1 server: one request per connection, a thread per
//! connection, and bounds on what a client can hold, so that no client (a
//! runaway script, a port scanner, a slow or hostile one) can make the
//! preview hang or die:
//!
//! - at most [`MAX_CONNECTIONS`] connections are open at once; more wait
//!   in the system's queue of the listening socket until one closes;
//! - a request head (request line and headers) longer than [`MAX_HEAD`] is
//!   refused (414 or 431) without being read further;
//! - a head that has not come whole within [`HEAD_TIME`] is refused (408)
//!   and its connection closed, so idle or trickling connections free
//!   their place;
//! - a write that waits longer than [`WRITE_TIME`] for a client that does
//!   not read ends its connection;
//! - an error accepting a connection (out of file descriptors, say) is
//!   waited out, never the end of the server.
//!
//! What this cannot withstand: a client that keeps [`MAX_CONNECTIONS`]
//! connections busy, opening a new one whenever one is closed, delays the
//! others by up to [`HEAD_TIME`]; it cannot stop them.
//!
//! `tiny_http` served here before: it reads a request line or a header of
//! any length into memory, waits for ever for a request that never
//! finishes, and when the process runs out of file descriptors its accept
//! thread panics and the server stops answering for good while `serve`
//! runs on. None of that can be bounded from outside it; `serve` needs
//! only GET and HEAD answered from memory, which is short to do here.
//!
//! Listening on a loopback address, the server also refuses (403) a
//! request whose `Host` is a name other than `localhost`: a web page whose
//! name an attacker points at 127.0.0.1 (DNS rebinding) could otherwise
//! read the reviews being edited.

use std::io::{self, Read, Write};
use std::net::{IpAddr, Shutdown, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Connections open at once at most, event streams included: far more
/// than the tabs of one person's preview need.
pub const MAX_CONNECTIONS: usize = 256;

/// The longest request head read, in bytes: more than any browser sends,
/// cookies of other servers on `localhost` included.
pub const MAX_HEAD: usize = 32 * 1024;

/// How long a client has to send its request head whole.
pub const HEAD_TIME: Duration = Duration::from_secs(10);

/// How long a write may wait for a client that does not read.
const WRITE_TIME: Duration = Duration::from_secs(10);

/// After a response, how long what the client still sends is read and
/// dropped before the connection is closed (see [`close`]), and how much.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 64 * 1024;

/// How long the accept loop waits after an error before it tries again.
const PAUSE: Duration = Duration::from_millis(100);

/// A request's method, as far as the server tells them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD`: a response without its body.
    Head,
    /// Any other: answered 405.
    Other,
}

/// A request whose head was read, and the connection to answer it on.
pub struct Request {
    /// Its method.
    pub method: Method,
    /// Its target as sent: a path and a query (`/a.html?x=1`).
    pub target: String,
    stream: TcpStream,
}

impl Request {
    /// Answers with `status`, content type `kind`, the `extra` headers and
    /// `body` (left out for HEAD), then closes the connection. A client
    /// that went away is no concern of the server.
    pub fn respond(self, status: u16, kind: &str, extra: &[(&str, &str)], body: &[u8]) {
        let Request {
            method, mut stream, ..
        } = self;
        let mut head = format!(
            "HTTP/1.1 {status} {}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n",
            reason(status),
            body.len()
        );
        for (name, value) in extra {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("Connection: close\r\n\r\n");
        let sent = stream.write_all(head.as_bytes()).and_then(|()| {
            if method == Method::Head {
                Ok(())
            } else {
                stream.write_all(body)
            }
        });
        if sent.and_then(|()| stream.flush()).is_ok() {
            close(stream);
        }
    }

    /// The connection, for a response that is written as it goes (an event
    /// stream); writes on it time out after [`WRITE_TIME`].
    pub fn into_stream(self) -> TcpStream {
        self.stream
    }
}

/// Places for connections (or event streams): taking one waits, or fails,
/// while all are taken; a place is given back when its [`Slot`] is dropped.
#[derive(Debug)]
pub struct Slots {
    taken: Mutex<usize>,
    freed: Condvar,
    max: usize,
}

/// One taken place of [`Slots`].
#[derive(Debug)]
pub struct Slot(Arc<Slots>);

impl Slots {
    /// `max` places.
    pub fn new(max: usize) -> Arc<Slots> {
        Arc::new(Slots {
            taken: Mutex::new(0),
            freed: Condvar::new(),
            max,
        })
    }

    /// A place, waiting for one to be freed while all are taken.
    pub fn wait(self: &Arc<Self>) -> Slot {
        // Only counting happens under the lock: a poisoned one is sound.
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        while *taken >= self.max {
            taken = self
                .freed
                .wait(taken)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *taken += 1;
        Slot(self.clone())
    }

    /// A place, or `None` while all are taken.
    pub fn try_take(self: &Arc<Self>) -> Option<Slot> {
        let mut taken = self.taken.lock().unwrap_or_else(PoisonError::into_inner);
        (*taken < self.max).then(|| {
            *taken += 1;
            Slot(self.clone())
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut taken = self.0.taken.lock().unwrap_or_else(PoisonError::into_inner);
        *taken = taken.saturating_sub(1);
        self.0.freed.notify_one();
    }
}

/// Serves `listener` on a thread of its own: each connection's request is
/// read (within the bounds above) and handed to `handler`, on the
/// connection's own thread.
pub fn serve(
    listener: TcpListener,
    handler: impl Fn(Request) + Send + Sync + 'static,
) -> io::Result<()> {
    let loopback = listener.local_addr()?.ip().is_loopback();
    let handler = Arc::new(handler);
    std::thread::Builder::new()
        .name("serve-accept".to_owned())
        .spawn(move || accept(&listener, loopback, handler))?;
    Ok(())
}

/// The accept loop: never ends.
fn accept(listener: &TcpListener, loopback: bool, handler: Arc<dyn Fn(Request) + Send + Sync>) {
    let slots = Slots::new(MAX_CONNECTIONS);
    let mut failing = false;
    loop {
        let slot = slots.wait();
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            Err(e) => {
                drop(slot);
                if !matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionAborted | io::ErrorKind::Interrupted
                ) {
                    // Said once per run of errors: the terminal is the
                    // editor's, not a log.
                    if !failing {
                        err!("serve: cannot take a connection now ({e}); trying again");
                    }
                    failing = true;
                    std::thread::sleep(PAUSE);
                }
                continue;
            }
        };
        failing = false;
        let handler = handler.clone();
        let spawned = std::thread::Builder::new()
            .name("serve-connection".to_owned())
            .spawn(move || {
                let _slot = slot;
                connection(stream, loopback, &*handler);
            });
        // No thread to be had: the connection and its place went with the
        // closure; the next may be luckier.
        if spawned.is_err() {
            std::thread::sleep(PAUSE);
        }
    }
}

/// Reads one request from `stream` and hands it to `handler`, or refuses it.
fn connection(mut stream: TcpStream, loopback: bool, handler: &dyn Fn(Request)) {
    // The head and the body of a response are two writes: without this,
    // the body could wait for the client's delayed acknowledgement.
    let _ = stream.set_nodelay(true);
    if stream.set_write_timeout(Some(WRITE_TIME)).is_err() {
        return;
    }
    let head = match read_head(&mut stream) {
        Ok(head) => head,
        Err(Unread::Closed) => return,
        Err(Unread::Slow) => return refuse(stream, 408, "the request did not come whole in time"),
        Err(Unread::TooLong { line_ended: false }) => {
            return refuse(stream, 414, "the request's target is too long");
        }
        Err(Unread::TooLong { line_ended: true }) => {
            return refuse(stream, 431, "the request's headers are too long");
        }
    };
    let head = match parse(&head) {
        Ok(head) => head,
        Err(status) => return refuse(stream, status, "the request cannot be read"),
    };
    if loopback && head.host.as_deref().is_some_and(|h| !is_local_name(h)) {
        let port = stream.local_addr().map_or(0, |a| a.port());
        let why = format!(
            "factmark serve answers only requests for this machine's own names: open \
             http://127.0.0.1:{port}/ or http://localhost:{port}/, or listen on another \
             address with --host"
        );
        return refuse(stream, 403, &why);
    }
    handler(Request {
        method: head.method,
        target: head.target,
        stream,
    });
}

/// Answers `status` with a line of text, for a request that gets no further.
fn refuse(stream: TcpStream, status: u16, why: &str) {
    let request = Request {
        method: Method::Get,
        target: String::new(),
        stream,
    };
    request.respond(
        status,
        "text/plain; charset=utf-8",
        &[],
        format!("{why}\n").as_bytes(),
    );
}

/// Why no request head was read.
#[derive(Debug, PartialEq, Eq)]
enum Unread {
    /// The client closed the connection, or it failed.
    Closed,
    /// The head did not come whole within [`HEAD_TIME`].
    Slow,
    /// The head is longer than [`MAX_HEAD`]; `line_ended` once the request
    /// line has ended (the headers are too long, not the target).
    TooLong { line_ended: bool },
}

/// Reads the request head from `stream`: up to the empty line that ends it
/// (which is left out), within [`HEAD_TIME`] and [`MAX_HEAD`] bytes.
fn read_head(stream: &mut impl ReadWithin) -> Result<Vec<u8>, Unread> {
    let deadline = Instant::now() + HEAD_TIME;
    let mut head = Vec::with_capacity(1024);
    let mut buf = [0; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Unread::Slow);
        }
        let n = match stream.read_within(&mut buf, left) {
            Ok(0) => return Err(Unread::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(Unread::Slow);
            }
            Err(_) => return Err(Unread::Closed),
        };
        // The end may straddle two reads.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&buf[..n]);
        if let Some(end) = end_of_head(&head[from..]) {
            head.truncate(from + end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(Unread::TooLong {
                line_ended: head.contains(&b'\n'),
            });
        }
    }
}

/// A source that can be read with a time limit: a socket, or a test's bytes.
trait ReadWithin {
    fn read_within(&mut self, buf: &mut [u8], limit: Duration) -> io::Result<usize>;
}

impl ReadWithin for TcpStream {
    fn read_within(&mut self, buf: &mut [u8], limit: Duration) -> io::Result<usize> {
        self.set_read_timeout(Some(limit))?;
        self.read(buf)
    }
}

/// Where the empty line that ends a head starts in `bytes` (CRLF, or a
/// bare LF as some clients send).
fn end_of_head(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len())
        .find(|&i| bytes[i..].starts_with(b"\r\n\r\n") || bytes[i..].starts_with(b"\n\n"))
}

/// What the server reads of a request head.
#[derive(Debug, PartialEq, Eq)]
struct Head {
    method: Method,
    target: String,
    host: Option<String>,
}

/// Reads request head `bytes`, or the status that refuses it: 400 for one
/// that is not HTTP, 505 for a version other than 1.0 and 1.1.
fn parse(bytes: &[u8]) -> Result<Head, u16> {
    let mut lines = bytes
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let line = std::str::from_utf8(lines.next().unwrap_or_default()).map_err(|_| 400u16)?;
    let parts: Vec<&str> = line.split(' ').collect();
    let [method, target, version] = parts[..] else {
        return Err(400);
    };
    match version {
        "HTTP/1.0" | "HTTP/1.1" => {}
        v if v.starts_with("HTTP/") => return Err(505),
        _ => return Err(400),
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        m if !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()) => Method::Other,
        _ => return Err(400),
    };
    let mut host = None;
    for header in lines {
        let colon = header.iter().position(|&b| b == b':').ok_or(400u16)?;
        let (name, value) = (&header[..colon], &header[colon + 1..]);
        if name.eq_ignore_ascii_case(b"host") {
            // Two hosts: which one is meant cannot be told.
            if host.is_some() {
                return Err(400);
            }
            host = Some(String::from_utf8_lossy(value.trim_ascii()).into_owned());
        }
    }
    Ok(Head {
        method,
        target: target.to_owned(),
        host,
    })
}

/// Whether `Host` header value `host` names this machine: `localhost` (or
/// a name under it), or an address, which no DNS answer can be behind.
fn is_local_name(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, _)| name),
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    name == "localhost" || name.ends_with(".localhost") || name.parse::<IpAddr>().is_ok()
}

/// Closes a connection whose response is sent. What the client still
/// sends (a body, a second request) is read and dropped first: a socket
/// closed with unread data resets the connection, and the client could
/// lose the response it has not read yet.
fn close(mut stream: TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err() || stream.set_read_timeout(Some(LINGER)).is_err() {
        return;
    }
    let mut sink = [0; 4096];
    let mut left = LINGER_BYTES;
    while left > 0 {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => left = left.saturating_sub(n),
        }
    }
}

/// The reason phrase of the statuses the server sends.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes that come in the given pieces, then the end; or a time-out
    /// where a piece is `None`.
    struct Pieces(Vec<Option<Vec<u8>>>);

    impl ReadWithin for Pieces {
        fn read_within(&mut self, buf: &mut [u8], _: Duration) -> io::Result<usize> {
            if self.0.is_empty() {
                return Ok(0);
            }
            match self.0.remove(0) {
                Some(piece) => {
                    let n = piece.len().min(buf.len());
                    buf[..n].copy_from_slice(&piece[..n]);
                    if n < piece.len() {
                        self.0.insert(0, Some(piece[n..].to_vec()));
                    }
                    Ok(n)
                }
                None => Err(io::ErrorKind::WouldBlock.into()),
            }
        }
    }

    fn pieces(parts: &[&[u8]]) -> Pieces {
        Pieces(parts.iter().map(|p| Some(p.to_vec())).collect())
    }

    #[test]
    fn a_head_ends_at_its_empty_line_even_across_reads() {
        let mut source = pieces(&[b"GET / HTTP/1.1\r\nHost: x\r", b"\n\r", b"\nextra"]);
        assert_eq!(
            read_head(&mut source).as_deref(),
            Ok(&b"GET / HTTP/1.1\r\nHost: x"[..])
        );
        let mut bare = pieces(&[b"GET / HTTP/1.0\n\n"]);
        assert_eq!(read_head(&mut bare).as_deref(), Ok(&b"GET / HTTP/1.0"[..]));
    }

    #[test]
    fn a_head_too_long_slow_or_cut_is_refused() {
        let long_target = [b"GET /".as_slice(), &vec![b'a'; MAX_HEAD + 10]].concat();
        assert_eq!(
            read_head(&mut pieces(&[&long_target])),
            Err(Unread::TooLong { line_ended: false })
        );
        let mut headers = b"GET / HTTP/1.1\r\n".to_vec();
        while headers.len() <= MAX_HEAD {
            headers.extend_from_slice(b"X-Filler: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        assert_eq!(
            read_head(&mut pieces(&[&headers])),
            Err(Unread::TooLong { line_ended: true })
        );
        let mut slow = Pieces(vec![Some(b"GET / HT".to_vec()), None]);
        assert_eq!(read_head(&mut slow), Err(Unread::Slow));
        assert_eq!(
            read_head(&mut pieces(&[b"GET / HTTP/1.1\r\n"])),
            Err(Unread::Closed)
        );
    }

    #[test]
    fn heads_are_read_or_refused_with_their_status() {
        assert_eq!(
            parse(b"GET /a.html?x=1 HTTP/1.1\r\nHost: localhost:3000\r\nAccept: */*"),
            Ok(Head {
                method: Method::Get,
                target: "/a.html?x=1".into(),
                host: Some("localhost:3000".into()),
            })
        );
        assert_eq!(
            parse(b"HEAD / HTTP/1.0").map(|h| h.method),
            Ok(Method::Head)
        );
        assert_eq!(
            parse(b"POST / HTTP/1.1").map(|h| h.method),
            Ok(Method::Other)
        );
        for (bad, status) in [
            (&b"GET / HTTP/2.0"[..], 505),
            (b"GET /", 400),
            (b"GET  / HTTP/1.1", 400),
            (b"get / HTTP/1.1", 400),
            (b"GET /\xc0\xae HTTP/1.1", 400),
            (b"GET / HTTP/1.1\r\nno colon", 400),
            (b"GET / HTTP/1.1\r\nHost: a\r\nhost: b", 400),
            (b"\x16\x03\x01\x02\x00", 400),
        ] {
            assert_eq!(parse(bad), Err(status), "{}", String::from_utf8_lossy(bad));
        }
    }

    #[test]
    fn only_names_of_this_machine_are_local() {
        for local in [
            "localhost",
            "localhost:3000",
            "LOCALHOST.",
            "preview.localhost:8080",
            "127.0.0.1:3000",
            "[::1]:3000",
            "192.168.1.5",
        ] {
            assert!(is_local_name(local), "{local}");
        }
        for remote in [
            "evil.example",
            "evil.example:3000",
            "localhost.evil.example",
            "",
        ] {
            assert!(!is_local_name(remote), "{remote}");
        }
    }

    #[test]
    fn slots_are_given_back() {
        let slots = Slots::new(2);
        let a = slots.wait();
        let b = slots.try_take();
        assert!(b.is_some());
        assert!(slots.try_take().is_none());
        drop(a);
        assert!(slots.try_take().is_some());
    }
}
