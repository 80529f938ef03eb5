//! `factmark lsp`: a language server for annotation files and the
//! articles they name, over stdio. It reports what `check` finds as the
//! editor types, completes keys, verdicts, quotes and sentence ids, explains
//! on hover, makes `accept`'s and `init`'s edits as code actions, and goes
//! from an annotation to its sentence and back.
//!
//! One concern a module: [`server`] (the loop and the debounce),
//! [`documents`] (open files and their versions), [`position`] (offsets ↔
//! positions in the negotiated encoding), [`analysis`] (the reviews),
//! [`diagnostics`], [`context`] (where the cursor is in the YAML),
//! [`completion`], [`hover`], [`actions`] and [`edits`] (code actions and
//! their text edits), [`navigation`].

// As in the library: a file that cannot be read is a `Diagnostic`, once a
// review; its size does not matter.
#![allow(clippy::result_large_err)]

mod actions;
mod analysis;
mod completion;
mod context;
mod diagnostics;
mod documents;
mod edits;
mod hover;
mod navigation;
mod position;
mod server;
mod transport;

use factmark::config::{self, Config};
use lsp_server::Connection;
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, InitializeParams,
    OneOf, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
};

use super::Exit;
use super::accept::{reads_back, records};
use super::init::{quoted, stub};
use position::Encoding;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args, config: &Config) -> Exit {
    let (connection, io_threads) = transport::stdio();
    let outcome = serve(&connection, config.clone());
    // The writer thread ends once the last sender is gone.
    drop(connection);
    match outcome {
        Ok(ending) => {
            let _ = io_threads.join();
            match ending {
                server::Ending::Clean => Exit::Ok,
                // The protocol's exit code for `exit` without `shutdown`.
                server::Ending::Abrupt => Exit::Findings,
            }
        }
        Err(e) => {
            // A frame that could not be read ends the session; say so
            // rather than that the client left.
            let cause = io_threads.reader_error().map_or(e, |e| e.to_string());
            err!("factmark lsp: {cause}");
            Exit::Trouble
        }
    }
}

/// Initializes the session and serves it.
fn serve(connection: &Connection, config: Config) -> Result<server::Ending, String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    // A client that sends what this server cannot read still gets one:
    // with the defaults (UTF-16, the current folder as the workspace).
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let encoding = Encoding::negotiate(
        params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_deref()),
    );
    let config = enter_workspace(&params, config);
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![":".to_owned(), " ".to_owned(), "\"".to_owned()]),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        ..Default::default()
    };
    let result = serde_json::json!({
        "capabilities": capabilities,
        "serverInfo": ServerInfo {
            name: "factmark".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        },
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let root = std::env::current_dir().unwrap_or_default();
    server::Server::new(connection, encoding, analysis::Workspace::new(root, config)).run()
}

/// Makes the client's workspace folder the current one, as `check` run
/// there would have it, and reads its `factmark.yaml`; a configuration
/// named with `--config` stays. Without a workspace, or when its settings
/// cannot be read, the settings the server started with stay.
fn enter_workspace(params: &InitializeParams, config: Config) -> Config {
    #[allow(deprecated)] // `rootUri`: what older clients send instead.
    let root = params
        .workspace_folders
        .as_ref()
        .and_then(|folders| folders.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref())
        .and_then(documents::path_of);
    let Some(root) = root.filter(|r| r.is_dir()) else {
        return config;
    };
    let here = std::env::current_dir().unwrap_or_default();
    if factmark::project::normalized(&here) == root || std::env::set_current_dir(&root).is_err() {
        return config;
    }
    let named = config
        .file
        .as_ref()
        .is_some_and(|f| f.as_path() != std::path::Path::new(config::FILE_NAME));
    if named {
        return config;
    }
    match factmark::project::load_config(None) {
        Ok(mut loaded) => {
            // `--allow-outside` folders are absolute: they still apply.
            loaded
                .policy
                .allow_outside
                .extend(config.policy.allow_outside);
            loaded
        }
        Err((findings, _)) => {
            for d in findings {
                err!("factmark lsp: {}: {}", d.file.display(), d.message);
            }
            Config::default()
        }
    }
}
