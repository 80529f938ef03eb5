//! The files the editor has open: their unsaved text and version, kept by
//! path (two spellings of one file's URI are one document), and what kind
//! of file each is to factmark.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{TextDocumentContentChangeEvent, Uri};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use super::position::{Encoding, LineIndex};

/// One open file.
#[derive(Debug, Clone)]
pub struct Document {
    /// The URI the client named it by: diagnostics go back to it.
    pub uri: Uri,
    /// The text as the editor holds it, saved or not.
    pub text: String,
    /// The client's version of that text.
    pub version: i32,
}

/// The open files, by path.
#[derive(Debug, Default)]
pub struct Documents {
    open: HashMap<PathBuf, Document>,
}

impl Documents {
    /// Opens (or reopens) the file at `path`.
    pub fn open(&mut self, path: PathBuf, document: Document) {
        self.open.insert(path, document);
    }

    /// Closes the file at `path`, returning what it was.
    pub fn close(&mut self, path: &Path) -> Option<Document> {
        self.open.remove(path)
    }

    /// The open file at `path`.
    pub fn get(&self, path: &Path) -> Option<&Document> {
        self.open.get(path)
    }

    /// Whether `path` is open.
    pub fn is_open(&self, path: &Path) -> bool {
        self.open.contains_key(path)
    }

    /// Applies the client's `changes` to the file at `path`, in order: each
    /// replaces a range (positions in `encoding`, clamped to the text) or,
    /// without one, the whole text. False when the file is not open.
    pub fn change(
        &mut self,
        path: &Path,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> bool {
        let Some(document) = self.open.get_mut(path) else {
            return false;
        };
        for change in changes {
            match change.range {
                Some(range) => {
                    let bytes = LineIndex::new(&document.text, encoding).bytes(range);
                    document.text.replace_range(bytes, &change.text);
                }
                None => document.text = change.text,
            }
        }
        document.version = version;
        true
    }
}

/// Whether the file at `path` with text `text` is an annotation file: YAML
/// that names an article at its top level, or any YAML file in a folder
/// named `annotations` (a new file there is one even before it names its
/// article, so that it is told what it lacks).
pub fn is_annotation_file(path: &Path, text: &str) -> bool {
    factmark::project::has_annotation_extension(path)
        && (path.parent().is_some_and(|p| {
            p.ancestors()
                .any(|a| a.file_name() == Some("annotations".as_ref()))
        }) || factmark::store::article_of(text, path).is_some())
}

/// The path of a `file:` URI, made absolute and tidied; `None` for any
/// other scheme (an unsaved buffer's `untitled:`), which has no article.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // An empty authority or `localhost`; a path never has a fragment or a
    // query for files, but a client could send one.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    // `file:///C:/x` names `C:/x` on Windows.
    let decoded = if cfg!(windows) {
        decoded.trim_start_matches('/').to_owned()
    } else {
        decoded.into_owned()
    };
    if decoded.is_empty() {
        return None;
    }
    Some(real_folder(factmark::project::normalized(Path::new(
        &decoded,
    ))))
}

/// `path` in its folder's real path (symlinks resolved), when the folder
/// exists. The server works in the workspace folder, which the system names
/// by its real path: paths are made relative to it and confined to the
/// project by it, so a file named through a symlink (a workspace under
/// macOS's `/tmp`, a linked projects folder) would lie outside it.
fn real_folder(path: PathBuf) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(folder), Some(name)) => match std::fs::canonicalize(folder) {
            Ok(real) => real.join(name),
            Err(_) => path,
        },
        _ => path,
    }
}

/// What a path may not hold unescaped in a URI.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `file:` URI of absolute `path`.
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let text = text.replace('\\', "/");
    let slash = if text.starts_with('/') { "" } else { "/" };
    Uri::from_str(&format!(
        "file://{slash}{}",
        utf8_percent_encode(&text, PATH)
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_and_paths_round_trip() {
        let path = Path::new("/tmp/статья #1/a b%.md");
        let uri = uri_of(path).expect("a URI");
        assert_eq!(
            uri.as_str(),
            "file:///tmp/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D1%8F%20%231/a%20b%25.md"
        );
        assert_eq!(path_of(&uri).as_deref(), Some(path));
        let untitled = Uri::from_str("untitled:Untitled-1").expect("a URI");
        assert_eq!(path_of(&untitled), None);
    }

    #[test]
    fn changes_replace_ranges_and_clamp_stale_positions() {
        let mut docs = Documents::default();
        let path = PathBuf::from("/a.yaml");
        let uri = uri_of(&path).expect("a URI");
        docs.open(
            path.clone(),
            Document {
                uri,
                text: "quote: Путин🙂\n".into(),
                version: 1,
            },
        );
        let change = |line, from, to, text: &str| TextDocumentContentChangeEvent {
            range: Some(lsp_types::Range::new(
                lsp_types::Position::new(line, from),
                lsp_types::Position::new(line, to),
            )),
            range_length: None,
            text: text.into(),
        };
        // Replaces the emoji (UTF-16 units 12..14), then a range past the end.
        assert!(docs.change(&path, 2, vec![change(0, 12, 14, "!")], Encoding::Utf16));
        assert!(docs.change(&path, 3, vec![change(5, 0, 9, "end")], Encoding::Utf16));
        let doc = docs.get(&path).expect("open");
        assert_eq!(doc.text, "quote: Путин!\nend");
        assert_eq!(doc.version, 3);
    }
}
