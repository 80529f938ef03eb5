//! The file-system edge: reading an annotation file and its article, running
//! the pipeline on them, finding annotation files and writing outputs
//! atomically. Everything else in the crate is pure.

use std::collections::BTreeMap;
use std::fs;
use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use crate::anchor::{self, Review};
use crate::config::{self, Config};
use crate::coverage::{self, Coverage};
use crate::diagnostic::{Diagnostic, codes};
use crate::{markup, segment, store};

/// Files larger than this are refused before parsing, so a runaway input
/// fails fast with a clear message instead of exhausting memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The outcome of reviewing one annotation file.
#[derive(Debug)]
pub struct FileReview {
    /// The annotation file.
    pub file: PathBuf,
    /// The anchored review, when the YAML and the article could be read.
    pub review: Option<Review>,
    /// Coverage of the review (its findings moved into `diagnostics`).
    pub coverage: Option<Coverage>,
    /// The article the file reviews, once the file has been read.
    pub article: Option<PathBuf>,
    /// The number of annotations in the file.
    pub annotations: usize,
    /// Every finding, from loading to coverage, in pipeline order.
    pub diagnostics: Vec<Diagnostic>,
    /// The text of every file the diagnostics point into, for reporters.
    pub sources: BTreeMap<PathBuf, String>,
}

impl FileReview {
    /// Whether a file could not be read (the run then exits with 2).
    pub fn has_io_error(&self) -> bool {
        self.diagnostics.iter().any(is_io)
    }

    /// Drops the anchored article and the source texts, keeping what the
    /// reports need ([`FileReview::article`], [`FileReview::annotations`],
    /// coverage and findings), so a run over many files holds one article
    /// at a time.
    pub fn lighten(&mut self) {
        self.review = None;
        self.sources = BTreeMap::new();
    }
}

/// Whether `d` is about a file that could not be read.
pub fn is_io(d: &Diagnostic) -> bool {
    d.code == codes::IO || d.code == codes::NOT_UTF8
}

/// Reads a text file, as a diagnostic when it cannot be read.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let io_error = |e: io::Error| {
        let what = match e.kind() {
            io::ErrorKind::NotFound => "not found".to_owned(),
            io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        };
        Diagnostic::error(
            codes::IO,
            path,
            format!("cannot read {}: {what}", path.display()),
        )
    };
    if path.as_os_str().is_empty() {
        return Err(Diagnostic::error(codes::IO, path, "the file name is empty"));
    }
    // One open and one status call on the open file, which also sizes the
    // buffer: reading by path would ask for the status twice more.
    let not_a_file = || {
        Diagnostic::error(
            codes::IO,
            path,
            format!("{} is a directory, not a file", path.display()),
        )
    };
    let mut file = fs::File::open(path).map_err(|e| {
        // Some systems refuse to open a folder at all.
        if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
            not_a_file()
        } else {
            io_error(e)
        }
    })?;
    let meta = file.metadata().map_err(io_error)?;
    if meta.is_dir() {
        return Err(not_a_file());
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(
            codes::IO,
            path,
            format!(
                "{} is {} MB, over the limit of {} MB",
                path.display(),
                meta.len() / (1024 * 1024),
                MAX_INPUT_BYTES / (1024 * 1024)
            ),
        ));
    }
    // The size is known, so the file is read in one call, plus one more
    // that finds its end (or what was appended since): `File::read_to_end`
    // would ask for the size again, and a reader without a size hint reads
    // in growing chunks.
    let mut bytes = vec![0; usize::try_from(meta.len()).unwrap_or(0)];
    file.read_exact(&mut bytes).map_err(io_error)?;
    (&mut file)
        .take(u64::MAX)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, column) = crate::diagnostic::line_column(&text, at);
        Diagnostic::error(
            codes::NOT_UTF8,
            path,
            format!("{} is not valid UTF-8 (byte {at})", path.display()),
        )
        .at(line, column, None)
        .with_help("save the file as UTF-8")
    })
}

/// Loads the project's configuration: `path` when given (it must exist),
/// else `factmark.yaml` in the current folder when there is one, else the
/// defaults. On failure, the findings and the text they point into.
pub fn load_config(
    path: Option<&Path>,
) -> Result<Config, (Vec<Diagnostic>, BTreeMap<PathBuf, String>)> {
    let default = Path::new(config::FILE_NAME);
    let path = match path {
        Some(path) => path,
        None if default.is_file() => default,
        None => return Ok(Config::default()),
    };
    let text = read_text(path).map_err(|d| (vec![d], BTreeMap::new()))?;
    config::parse(&text, path).map_err(|findings| {
        let mut sources = BTreeMap::new();
        sources.insert(path.to_path_buf(), text);
        (findings, sources)
    })
}

/// Runs the whole pipeline on annotation file `file` with the contract's
/// defaults; see [`review_file_with`].
pub fn review_file(file: &Path) -> FileReview {
    review_file_with(file, &Config::default())
}

/// Runs the whole pipeline on annotation file `file`, with the verdicts and
/// the severities of `config`.
pub fn review_file_with(file: &Path, config: &Config) -> FileReview {
    let mut result = FileReview {
        file: file.to_path_buf(),
        review: None,
        coverage: None,
        article: None,
        annotations: 0,
        diagnostics: Vec::new(),
        sources: BTreeMap::new(),
    };
    let yaml = match read_text(file) {
        Ok(text) => text,
        Err(d) => {
            result.diagnostics.push(d);
            return result;
        }
    };
    let (set, findings) = store::parse_with(&yaml, file, &config.vocabulary);
    result.sources.insert(file.to_path_buf(), yaml);
    result.diagnostics.extend(findings);
    let Some(set) = set else {
        return result;
    };
    result.article = Some(set.article.value.clone());
    result.annotations = set.entries;
    let article_source = match read_text(&set.article.value) {
        Ok(text) => text,
        // An article that is there but not UTF-8 is reported in the article,
        // at the first bad byte.
        Err(d) if d.code == codes::NOT_UTF8 => {
            result.diagnostics.push(d);
            return result;
        }
        Err(mut d) => {
            // A missing article: point at the `article:` line, where the fix goes.
            d.file = file.to_path_buf();
            d = store::at(d, set.article.span)
                .with_help("`article` is resolved against the folder of the annotation file");
            result.diagnostics.push(d);
            return result;
        }
    };
    let article = markup::parse(&article_source);
    let sentences = segment::segment(&article);
    result
        .sources
        .insert(set.article.value.clone(), article_source);
    let review = anchor::anchor(article, sentences, set);
    let mut coverage = coverage::measure(&review);
    result.diagnostics.extend(review.findings.iter().cloned());
    // Moved, not copied: an archive-sized article has tens of thousands.
    result.diagnostics.append(&mut coverage.findings);
    result.diagnostics = config.policy.apply(std::mem::take(&mut result.diagnostics));
    result.review = Some(review);
    result.coverage = Some(coverage);
    result
}

/// The annotation files under `paths`: each path is a YAML file or a folder
/// searched recursively for `*.yaml` and `*.yml`, in sorted order.
pub fn annotation_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let mut files = Vec::new();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| {
            Diagnostic::error(
                codes::IO,
                path,
                format!(
                    "cannot read {}: {}",
                    path.display(),
                    if e.kind() == io::ErrorKind::NotFound {
                        "not found".to_owned()
                    } else {
                        e.to_string()
                    }
                ),
            )
        })?;
        if meta.is_dir() {
            collect(path, &mut files).map_err(|e| {
                Diagnostic::error(
                    codes::IO,
                    path,
                    format!("cannot list {}: {e}", path.display()),
                )
            })?;
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            files.push(path);
        }
    }
    Ok(())
}

/// Writes `contents` to `path` through a temporary file in the same folder
/// and a rename, so a reader never sees half a file, and syncs it to disk
/// first: for files a person wrote (annotation files `accept` updates), which
/// must survive a crash.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    staged(path, contents, Durability::Synced, fs::metadata(path).ok())?
        .persist(path)
        .map_err(|e| e.error)?;
    Ok(())
}

/// What [`publish`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Published {
    /// The file was written.
    Written,
    /// The file already had exactly these contents and was left alone.
    Unchanged,
}

/// Like [`write_atomic`] but without the sync: for generated pages, which a
/// crash can cost but a rerun restores. A reader still never sees half a
/// page; a sync per page would cost more than building it. A page that
/// already has these contents is not touched: its modification time stays,
/// so deploy tools and file watchers see only what changed, and a rebuild
/// of an archive skips a file system's costliest step (replacing a file).
pub fn publish(path: &Path, contents: &[u8]) -> io::Result<Published> {
    // One open answers both questions about the page already there: its
    // mode, and whether it holds these bytes.
    let (replaced, same) = match fs::File::open(path) {
        Ok(mut file) => {
            let meta = file.metadata().ok();
            let same = meta
                .as_ref()
                .is_some_and(|m| m.is_file() && m.len() == contents.len() as u64)
                && {
                    let mut old = Vec::with_capacity(contents.len());
                    (&mut file)
                        .take(contents.len() as u64 + 1)
                        .read_to_end(&mut old)
                        .is_ok()
                        && old == contents
                };
            (meta, same)
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => (None, false),
        // Unreadable, perhaps, but its mode still carries over.
        Err(_) => (fs::metadata(path).ok(), false),
    };
    if same {
        return Ok(Published::Unchanged);
    }
    staged(path, contents, Durability::Regenerable, replaced)?
        .persist(path)
        .map_err(|e| e.error)?;
    Ok(Published::Written)
}

#[derive(PartialEq)]
enum Durability {
    Synced,
    Regenerable,
}

/// `contents` in a temporary file in `path`'s folder, with the mode the
/// file it `replaced` had, ready to be renamed to `path`.
fn staged(
    path: &Path,
    contents: &[u8],
    durability: Durability,
    replaced: Option<fs::Metadata>,
) -> io::Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    // The folder is made only when it is missing: asking first would cost
    // two system calls on every page of a build.
    let mut tmp = match tempfile::NamedTempFile::new_in(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir)?;
            tempfile::NamedTempFile::new_in(dir).map_err(without_path)?
        }
        created => created.map_err(without_path)?,
    };
    // Through the file itself: `NamedTempFile`'s own writer would add the
    // temporary name to an error, as creating it does.
    tmp.as_file_mut().write_all(contents)?;
    if durability == Durability::Synced {
        tmp.as_file().sync_all()?;
    }
    set_readable(tmp.as_file(), replaced)?;
    Ok(tmp)
}

/// The error without the temporary file's name, which `tempfile` appends
/// (` at path "…"`) but means nothing to the reader: the caller names the
/// file it could not write. The system's own message stays.
fn without_path(e: io::Error) -> io::Error {
    let message = e.to_string();
    match message.split_once(" at path \"") {
        Some((system, _)) => io::Error::new(e.kind(), system.to_owned()),
        None => e,
    }
}

/// Temporary files are private (0600); an output keeps the mode of the file
/// it replaces, or gets the usual 0644 of a published page.
fn set_readable(file: &fs::File, replaced: Option<fs::Metadata>) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = replaced.map_or(0o644, |m| m.permissions().mode() & 0o7777);
        file.set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (file, replaced);
    Ok(())
}

/// Like [`write_atomic`], but fails if `path` exists: for commands that must
/// never overwrite.
pub fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    staged(path, contents, Durability::Synced, None)?
        .persist_noclobber(path)
        .map_err(|e| e.error)?;
    Ok(())
}

/// `target` relative to folder `from` (both made absolute first).
pub fn relative_path(target: &Path, from: &Path) -> PathBuf {
    let (Ok(target), Ok(from)) = (std::path::absolute(target), std::path::absolute(from)) else {
        return target.to_path_buf();
    };
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..f.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c);
    }
    out
}
