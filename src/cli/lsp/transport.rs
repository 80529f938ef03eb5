//! The server's stdio: framed JSON-RPC messages in and out, as lsp-server's
//! own stdio transport reads and writes them, except that a message whose
//! body is not a JSON-RPC message is answered with an error, as JSON-RPC
//! asks (-32700 for a body that is not JSON, -32600 for JSON that is no
//! request, response or notification), and the session goes on. A client
//! with a bug, or a proxy that garbles one message, costs that message, not
//! the editor's whole session. A frame that cannot be read (a header
//! without a length, a stream that ends inside a body) still ends it: what
//! follows cannot be told apart from what was lost.

use std::io::{self, BufRead, Read, Write};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender, bounded};
use lsp_server::{Connection, Message};
use serde_json::{Value, json};

/// The threads that move messages between stdio and the [`Connection`].
pub struct Transport {
    reader: JoinHandle<io::Result<()>>,
    writer: JoinHandle<io::Result<()>>,
}

impl Transport {
    /// Waits for both threads; the first error either met, if any.
    pub fn join(self) -> io::Result<()> {
        joined(self.reader).and(joined(self.writer))
    }

    /// Why the reader stopped, if it has stopped on an unreadable frame;
    /// never waits for a reader still blocked on its input.
    pub fn reader_error(self) -> Option<io::Error> {
        if !self.reader.is_finished() {
            return None;
        }
        joined(self.reader).err()
    }
}

/// What a transport thread ended with; a panic is an error too.
fn joined(thread: JoinHandle<io::Result<()>>) -> io::Result<()> {
    thread
        .join()
        .unwrap_or_else(|_| Err(io::Error::other("a transport thread panicked")))
}

/// A connection over this process's stdin and stdout.
pub fn stdio() -> (Connection, Transport) {
    let (to_server, from_client) = bounded::<Message>(0);
    let (to_client, outgoing) = bounded::<Message>(0);
    let writer = thread::spawn(move || write_all(&outgoing));
    let reader = thread::spawn(move || read_all(&mut io::stdin().lock(), &to_server));
    let connection = Connection {
        sender: to_client,
        receiver: from_client,
    };
    (connection, Transport { reader, writer })
}

/// Writes every message the server sends, until it drops its sender.
fn write_all(outgoing: &Receiver<Message>) -> io::Result<()> {
    for message in outgoing {
        message.write(&mut io::stdout().lock())?;
    }
    Ok(())
}

/// Reads messages from `input` and hands them to the server, until the
/// input ends, the client sends `exit`, or a frame cannot be read.
fn read_all(input: &mut impl BufRead, to_server: &Sender<Message>) -> io::Result<()> {
    while let Some(body) = read_frame(input)? {
        let message = match serde_json::from_slice::<Message>(&body) {
            Ok(message) => message,
            Err(e) => {
                write_raw(&mut io::stdout().lock(), &error_for(&body, &e))?;
                continue;
            }
        };
        let is_exit = matches!(&message, Message::Notification(n) if n.method == "exit");
        to_server.send(message).map_err(io::Error::other)?;
        if is_exit {
            break;
        }
    }
    Ok(())
}

/// The body of the next message of `input`, after its headers; `None` when
/// the input ends between messages.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length = None;
    let mut line = String::new();
    loop {
        line.clear();
        if input.read_line(&mut line)? == 0 {
            return match length {
                None => Ok(None),
                Some(_) => Err(broken("the input ended inside a message's headers")),
            };
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(broken(&format!("a header without a colon: {header:?}")));
        };
        if name.trim().eq_ignore_ascii_case("Content-Length") {
            let value = value.trim().parse::<usize>();
            length = Some(value.map_err(|_| broken("a Content-Length that is not a number"))?);
        }
    }
    let length = length.ok_or_else(|| broken("a message without a Content-Length header"))?;
    let mut body = Vec::new();
    input.take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Err(broken("the input ended inside a message"));
    }
    Ok(Some(body))
}

fn broken(why: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("unreadable message: {why}"),
    )
}

/// The error response to `body`, which is not a JSON-RPC message: for
/// JSON with an `id`, an invalid request with that id; otherwise a parse
/// error, whose id JSON-RPC says is null.
fn error_for(body: &[u8], error: &serde_json::Error) -> Value {
    let (id, code, message) = match serde_json::from_slice::<Value>(body) {
        Ok(value) => (
            value.get("id").cloned().unwrap_or(Value::Null),
            -32600,
            format!("not a JSON-RPC request, response or notification: {error}"),
        ),
        Err(_) => (Value::Null, -32700, format!("not JSON: {error}")),
    };
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// Writes `value` with its Content-Length header.
fn write_raw(out: &mut impl Write, value: &Value) -> io::Result<()> {
    let body = value.to_string();
    write!(out, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn frames_are_read_whatever_their_bodies_hold() {
        let text = format!("{}{}", framed("garbage{{{"), framed("{\"a\":1}"));
        let mut input = text.as_bytes();
        assert_eq!(
            read_frame(&mut input).ok().flatten(),
            Some(b"garbage{{{".to_vec())
        );
        assert_eq!(
            read_frame(&mut input).ok().flatten(),
            Some(b"{\"a\":1}".to_vec())
        );
        assert!(matches!(read_frame(&mut input), Ok(None)));
    }

    #[test]
    fn a_broken_frame_is_an_error() {
        for text in [
            "Content-Type: x\r\n\r\n{}",
            "Content-Length: ten\r\n\r\n{}",
            "Content-Length: 10\r\n\r\n{}",
            "no colon\r\n\r\n",
        ] {
            assert!(read_frame(&mut text.as_bytes()).is_err(), "{text:?}");
        }
    }

    #[test]
    fn bad_bodies_get_json_rpc_errors() {
        let not_json = serde_json::from_str::<Value>("garbage").unwrap_err();
        let response = error_for(b"garbage{{{", &not_json);
        assert_eq!(response["error"]["code"], -32700);
        assert_eq!(response["id"], Value::Null);
        let response = error_for(b"{\"id\": 7, \"params\": 1}", &not_json);
        assert_eq!(response["error"]["code"], -32600);
        assert_eq!(response["id"], 7);
    }
}
