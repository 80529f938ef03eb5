//! The server's loop: messages in, answers and diagnostics out. Edits are
//! reviewed after a quiet spell ([`DEBOUNCE`] after the last change), so a
//! burst of keystrokes costs one review; a request first reviews what is
//! due, so it always answers about the text as it is.

use std::collections::{BTreeSet, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CompletionParams, CompletionResponse, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, GotoDefinitionParams,
    GotoDefinitionResponse, HoverParams, MessageType, PublishDiagnosticsParams, ReferenceParams,
    ShowMessageParams, Uri,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::analysis::{Analysis, Workspace};
use super::documents::{Document, is_annotation_file, path_of};
use super::position::{Encoding, LineIndex};
use super::{actions, completion, diagnostics, hover, navigation};

/// The quiet spell after the last change before a file is reviewed.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// How a session ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `exit` after `shutdown`, as the protocol asks.
    Clean,
    /// `exit` without `shutdown`.
    Abrupt,
}

/// A failed request: the protocol's error code and a message.
type Failure = (ErrorCode, String);

/// The server between `initialize` and `exit`.
pub struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    ws: Workspace,
    /// The open files taken as annotation files: once one, one until it
    /// is closed, so a file that loses its `article:` is told so.
    annotation_files: HashSet<PathBuf>,
    /// Annotation files whose review waits for the quiet spell to end.
    due: BTreeSet<PathBuf>,
    /// When the quiet spell ends.
    deadline: Option<Instant>,
    shut_down: bool,
}

impl<'c> Server<'c> {
    /// A server for `ws` talking over `connection` in `encoding`.
    pub fn new(connection: &'c Connection, encoding: Encoding, ws: Workspace) -> Self {
        Server {
            connection,
            encoding,
            ws,
            annotation_files: HashSet::new(),
            due: BTreeSet::new(),
            deadline: None,
            shut_down: false,
        }
    }

    /// Serves until `exit`; an error when the client went away first.
    pub fn run(mut self) -> Result<Ending, String> {
        let gone = || "the client closed the connection without `exit`".to_owned();
        loop {
            let message = match self.deadline {
                Some(deadline) => match self.connection.receiver.recv_deadline(deadline) {
                    Ok(message) => message,
                    Err(e) if e.is_timeout() => {
                        self.guarded("a review", Self::review_due);
                        continue;
                    }
                    Err(_) => return Err(gone()),
                },
                None => self.connection.receiver.recv().map_err(|_| gone())?,
            };
            match message {
                Message::Request(request) => self.request(request),
                Message::Notification(n) if n.method == "exit" => {
                    return Ok(if self.shut_down {
                        Ending::Clean
                    } else {
                        Ending::Abrupt
                    });
                }
                Message::Notification(n) => {
                    self.guarded("a change", |server| server.notification(n));
                }
                Message::Response(_) => {}
            }
        }
    }

    /// Does `work`; should factmark panic on it, the editor is told and
    /// the session goes on (the work is dropped): a bug in factmark must
    /// not take the editor's server down.
    fn guarded(&mut self, what: &str, work: impl FnOnce(&mut Self)) {
        if catch_unwind(AssertUnwindSafe(|| work(self))).is_err() {
            self.show(
                MessageType::ERROR,
                &format!("factmark lsp failed on {what}; please report it"),
            );
        }
    }

    fn send(&self, message: Message) {
        // A client that is gone is found out by the next receive.
        let _ = self.connection.sender.send(message);
    }

    fn publish(&self, params: PublishDiagnosticsParams) {
        self.send(Notification::new("textDocument/publishDiagnostics".to_owned(), params).into());
    }

    fn show(&self, typ: MessageType, message: &str) {
        let params = ShowMessageParams {
            typ,
            message: message.to_owned(),
        };
        self.send(Notification::new("window/showMessage".to_owned(), params).into());
    }

    fn request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        if method == "shutdown" {
            self.shut_down = true;
            self.send(Response::new_ok(id, Value::Null).into());
            return;
        }
        if self.shut_down {
            self.fail(id, ErrorCode::InvalidRequest, "the server is shutting down");
            return;
        }
        match catch_unwind(AssertUnwindSafe(|| self.answer(&method, params))) {
            Ok(Ok(result)) => self.send(Response::new_ok(id, result).into()),
            Ok(Err((code, message))) => self.fail(id, code, &message),
            Err(_) => self.fail(
                id,
                ErrorCode::InternalError,
                &format!("factmark lsp failed on {method}; please report it"),
            ),
        }
    }

    fn fail(&self, id: RequestId, code: ErrorCode, message: &str) {
        self.send(Response::new_err(id, code as i32, message.to_owned()).into());
    }

    /// The result of request `method`.
    fn answer(&mut self, method: &str, params: Value) -> Result<Value, Failure> {
        // Answers are about the text as it is now.
        self.review_due();
        let encoding = self.encoding;
        let value = match method {
            "textDocument/completion" => {
                let p: CompletionParams = parse(params)?;
                let place = p.text_document_position;
                let items =
                    self.annotation(&place.text_document.uri)
                        .map_or_else(Vec::new, |path| {
                            let Some(doc) = self.ws.docs.get(&path) else {
                                return Vec::new();
                            };
                            let index = LineIndex::new(&doc.text, encoding);
                            completion::complete(
                                &doc.text,
                                index.offset(place.position),
                                &index,
                                &self.ws.config.vocabulary,
                                self.ws.analyses.get(&path),
                            )
                        });
                serde_json::to_value(CompletionResponse::Array(items))
            }
            "textDocument/hover" => {
                let p: HoverParams = parse(params)?;
                let place = p.text_document_position_params;
                let hover =
                    self.analysis(&place.text_document.uri)
                        .and_then(|(analysis, index)| {
                            hover::hover(
                                analysis,
                                index.offset(place.position),
                                &index,
                                &self.ws.config.vocabulary,
                            )
                        });
                serde_json::to_value(hover)
            }
            "textDocument/codeAction" => {
                let p: lsp_types::CodeActionParams = parse(params)?;
                let uri = p.text_document.uri;
                let actions = match (self.annotation(&uri), path_of(&uri)) {
                    (Some(_), _) => self.analysis(&uri).map_or_else(Vec::new, |(a, index)| {
                        actions::in_annotation_file(
                            a,
                            &uri,
                            index.bytes(p.range),
                            &self.ws.config,
                            encoding,
                        )
                    }),
                    (None, Some(path)) => match self.ws.docs.get(&path) {
                        Some(doc) => {
                            let offset = LineIndex::new(&doc.text, encoding).offset(p.range.start);
                            actions::in_article(&self.ws, &path, offset, encoding)
                        }
                        None => Vec::new(),
                    },
                    (None, None) => Vec::new(),
                };
                serde_json::to_value(actions)
            }
            "textDocument/definition" => {
                let p: GotoDefinitionParams = parse(params)?;
                let place = p.text_document_position_params;
                let found =
                    self.analysis(&place.text_document.uri)
                        .and_then(|(analysis, index)| {
                            let offset = index.offset(place.position);
                            navigation::definition(&self.ws, analysis, offset, encoding)
                        });
                serde_json::to_value(found.map(GotoDefinitionResponse::Scalar))
            }
            "textDocument/references" => {
                let p: ReferenceParams = parse(params)?;
                let place = p.text_document_position;
                let found = match path_of(&place.text_document.uri) {
                    Some(path) if !self.annotation_files.contains(&path) => {
                        match self.ws.docs.get(&path) {
                            Some(doc) => {
                                let offset =
                                    LineIndex::new(&doc.text, encoding).offset(place.position);
                                navigation::references(&self.ws, &path, offset, encoding)
                            }
                            None => Vec::new(),
                        }
                    }
                    _ => Vec::new(),
                };
                serde_json::to_value(found)
            }
            _ => {
                return Err((
                    ErrorCode::MethodNotFound,
                    format!("factmark lsp does not answer {method}"),
                ));
            }
        };
        value.map_err(|e| (ErrorCode::InternalError, e.to_string()))
    }

    /// The path of `uri` when it is an open annotation file.
    fn annotation(&self, uri: &Uri) -> Option<PathBuf> {
        path_of(uri).filter(|p| self.annotation_files.contains(p))
    }

    /// The analysis of `uri` when it is an open annotation file, and the
    /// lines of its text.
    fn analysis(&self, uri: &Uri) -> Option<(&Analysis, LineIndex<'_>)> {
        let analysis = self.ws.analyses.get(&self.annotation(uri)?)?;
        Some((analysis, LineIndex::new(analysis.yaml(), self.encoding)))
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                if let Ok(p) = n.extract::<DidOpenTextDocumentParams>("textDocument/didOpen") {
                    self.opened(p);
                }
            }
            "textDocument/didChange" => {
                if let Ok(p) = n.extract::<DidChangeTextDocumentParams>("textDocument/didChange") {
                    self.changed(p);
                }
            }
            "textDocument/didClose" => {
                if let Ok(p) = n.extract::<DidCloseTextDocumentParams>("textDocument/didClose") {
                    self.closed(&p.text_document.uri);
                }
            }
            "textDocument/didSave" => {
                if let Ok(p) = n.extract::<DidSaveTextDocumentParams>("textDocument/didSave") {
                    self.saved(&p.text_document.uri);
                }
            }
            _ => {}
        }
    }

    fn opened(&mut self, p: DidOpenTextDocumentParams) {
        let item = p.text_document;
        let Some(path) = path_of(&item.uri) else {
            return;
        };
        let annotation = is_annotation_file(&path, &item.text);
        self.ws.docs.open(
            path.clone(),
            Document {
                uri: item.uri,
                text: item.text,
                version: item.version,
            },
        );
        if annotation {
            self.annotation_files.insert(path.clone());
            self.review_now(&path);
        } else {
            // Perhaps an article: the saved annotation files that name it
            // are looked for again, since one may have been added.
            self.ws.search_saved();
            for file in self.ws.annotation_files_of(&path) {
                self.review_now(&file);
            }
        }
    }

    fn changed(&mut self, p: DidChangeTextDocumentParams) {
        let Some(path) = path_of(&p.text_document.uri) else {
            return;
        };
        let (version, changes) = (p.text_document.version, p.content_changes);
        if !self.ws.docs.change(&path, version, changes, self.encoding) {
            return;
        }
        if !self.annotation_files.contains(&path)
            && self
                .ws
                .docs
                .get(&path)
                .is_some_and(|d| is_annotation_file(&path, &d.text))
        {
            self.annotation_files.insert(path.clone());
        }
        if self.annotation_files.contains(&path) {
            self.due.insert(path);
        } else {
            let files = self.ws.annotation_files_of(&path);
            self.due.extend(files);
        }
        self.deadline = Some(Instant::now() + DEBOUNCE);
    }

    fn closed(&mut self, uri: &Uri) {
        let Some(path) = path_of(uri) else {
            return;
        };
        let reviewing = self.ws.annotation_files_of(&path);
        self.ws.docs.close(&path);
        self.publish(diagnostics::cleared(uri.clone()));
        if self.annotation_files.remove(&path) {
            self.due.remove(&path);
            // Its article, if open, is now reviewed by the saved file.
            let article = self
                .ws
                .analyses
                .get(&path)
                .and_then(|a| a.article().map(factmark::project::normalized));
            match article {
                Some(article) if self.ws.docs.is_open(&article) => self.review_now(&path),
                _ => self.ws.forget(&path),
            }
        } else {
            // An article: its open annotation files are reviewed against
            // the saved article again; the others are no longer needed.
            for file in reviewing {
                if self.ws.docs.is_open(&file) {
                    self.review_now(&file);
                } else {
                    self.due.remove(&file);
                    self.ws.forget(&file);
                }
            }
        }
    }

    /// A saved `factmark.yaml` is read again: its vocabulary and policy
    /// apply to every open file from then on.
    fn saved(&mut self, uri: &Uri) {
        let Some(path) = path_of(uri) else {
            return;
        };
        if path != self.ws.root.join(factmark::config::FILE_NAME) {
            return;
        }
        match factmark::project::load_config(Some(&path)) {
            Ok(mut config) => {
                config
                    .policy
                    .allow_outside
                    .extend(self.ws.config.policy.allow_outside.iter().cloned());
                self.ws.set_config(config);
                let files: Vec<PathBuf> = self.ws.analyses.keys().cloned().collect();
                for file in files {
                    self.review_now(&file);
                }
            }
            Err((findings, _)) => {
                let messages: Vec<String> = findings.iter().map(|d| d.message.clone()).collect();
                self.show(
                    MessageType::ERROR,
                    &format!(
                        "factmark.yaml cannot be used, so the settings before it stay: {}",
                        messages.join("; ")
                    ),
                );
            }
        }
    }

    /// Reviews annotation file `file` now and publishes what is found.
    fn review_now(&mut self, file: &Path) {
        self.due.remove(file);
        self.ws.analyze(file);
        for params in diagnostics::publications(&self.ws, file, self.encoding) {
            self.publish(params);
        }
    }

    /// Reviews every file whose review is due.
    fn review_due(&mut self) {
        self.deadline = None;
        while let Some(file) = self.due.pop_first() {
            self.review_now(&file);
        }
    }
}

fn parse<P: DeserializeOwned>(params: Value) -> Result<P, Failure> {
    serde_json::from_value(params).map_err(|e| (ErrorCode::InvalidParams, e.to_string()))
}
