//! The file-system edge: reading an annotation file and its article, running
//! the pipeline on them, finding annotation files and writing outputs
//! atomically. Everything else in the crate is pure.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io::{self, Read, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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
    /// The review of `file` before anything is known of it.
    fn empty(file: &Path) -> Self {
        FileReview {
            file: file.to_path_buf(),
            review: None,
            coverage: None,
            article: None,
            annotations: 0,
            diagnostics: Vec::new(),
            sources: BTreeMap::new(),
        }
    }

    /// The review of `file` that stopped at finding `d` (it cannot be read,
    /// or a run could not start).
    pub fn unreadable(file: &Path, d: Diagnostic) -> Self {
        FileReview {
            diagnostics: vec![d],
            ..FileReview::empty(file)
        }
    }

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

/// Reads a text file, as a diagnostic when it cannot be read: for paths a
/// person gave on the command line (`sentences`, `init`, `--config`). Only
/// a regular file is read, and never more than [`MAX_INPUT_BYTES`].
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    // Named on the command line, but perhaps through a symlink that a pull
    // request added (`articles/a.md -> /proc/self/environ`).
    if fs::canonicalize(path).is_ok_and(|real| is_system_file(&real)) {
        return Err(system_file(path));
    }
    let bytes = read_bytes(path).map_err(|reason| Diagnostic::error(codes::IO, path, reason))?;
    utf8(bytes, path)
}

/// Reads an input a repository names (an annotation file, or the article
/// one names): like [`read_text`], but the file, symlinks resolved, must lie
/// inside one of `inside`'s folders.
pub fn read_input(path: &Path, inside: &Confinement) -> Result<String, Diagnostic> {
    let real = inside.admit(path)?;
    let bytes = read_bytes(&real).map_err(|reason| Diagnostic::error(codes::IO, path, reason))?;
    utf8(bytes, path)
}

fn utf8(bytes: Vec<u8>, path: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
        let (line, column) = crate::diagnostic::line_column(&text, at);
        Diagnostic::error(
            codes::NOT_UTF8,
            path,
            format!("not valid UTF-8 (byte {at})"),
        )
        .at(line, column, None)
        .with_help("save the file as UTF-8")
    })
}

/// Why a file cannot be read, in a few words that follow its name.
fn reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "not found".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

/// The bytes of regular file `path`, or why it cannot be read. The size
/// limit holds while reading: a size asked for first can lie (`/proc` files
/// say 0) or be outgrown while the file is read.
fn read_bytes(path: &Path) -> Result<Vec<u8>, String> {
    if path.as_os_str().is_empty() {
        return Err("the file name is empty".to_owned());
    }
    let mut file = open_for_reading(path, Follow::Symlinks).map_err(|e| {
        // Some systems refuse to open a folder at all.
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => not_regular(meta.file_type()),
            _ => reason(&e),
        }
    })?;
    let meta = file.metadata().map_err(|e| reason(&e))?;
    if !meta.is_file() {
        return Err(not_regular(meta.file_type()));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(too_large(Some(meta.len())));
    }
    read_capped(&mut file, meta.len())
}

/// All of `reader`, but never more than [`MAX_INPUT_BYTES`]: the limit
/// holds while reading, whatever size the file claimed (`size`, which only
/// sizes the buffer, so a regular file is read in one call plus the one
/// that finds its end).
fn read_capped(reader: impl Read, size: u64) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(MAX_INPUT_BYTES)).unwrap_or(0));
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| reason(&e))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// The refusal of a file over the limit, with its size when it is known.
fn too_large(bytes: Option<u64>) -> String {
    let limit = MAX_INPUT_BYTES / (1024 * 1024);
    match bytes {
        Some(bytes) => format!(
            "{:.1} MB, over the limit of {limit} MB",
            bytes as f64 / (1024.0 * 1024.0)
        ),
        None => format!("over the limit of {limit} MB"),
    }
}

/// What a file that is not a regular one is, for the message refusing it.
fn not_regular(kind: fs::FileType) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO), not a regular file".to_owned();
        }
        if kind.is_socket() {
            return "a socket, not a regular file".to_owned();
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device, not a regular file".to_owned();
        }
    }
    if kind.is_dir() {
        "a directory, not a file".to_owned()
    } else {
        "not a regular file".to_owned()
    }
}

/// Whether opening a path may follow a symlink at its end.
#[derive(PartialEq)]
enum Follow {
    Symlinks,
    NoSymlink,
}

/// Opens `path` for reading without waiting: a named pipe opened the usual
/// way blocks until something writes to it, which would hang a CI job; so
/// it opens at once, and its type then refuses it.
fn open_for_reading(path: &Path, follow: Follow) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let nofollow = if follow == Follow::NoSymlink {
            libc::O_NOFOLLOW
        } else {
            0
        };
        options.custom_flags(libc::O_NONBLOCK | nofollow);
    }
    #[cfg(not(unix))]
    let _ = follow;
    options.open(path)
}

/// Folders of the system's own pseudo-files (a process's environment, its
/// memory), never read, whatever folder a project allows: reading them could
/// only leak the machine's secrets into a report or a page.
const SYSTEM_FOLDERS: &[&str] = &["/proc", "/sys", "/dev"];

/// Whether `real`, a path with its symlinks resolved, is in one of the
/// [`SYSTEM_FOLDERS`].
fn is_system_file(real: &Path) -> bool {
    SYSTEM_FOLDERS.iter().any(|f| real.starts_with(f))
}

/// The refusal of `path`, which leads into one of the [`SYSTEM_FOLDERS`].
fn system_file(path: &Path) -> Diagnostic {
    Diagnostic::error(codes::IO, path, "a file of the system, never an input")
        .with_help("articles and annotation files are ordinary files of the project")
}

/// The folders inputs named by a repository may come from: the project
/// root and the folders outside it that the user allowed, symlinks
/// resolved. Annotation files may come from strangers (pull requests), so
/// an `article:` such as `/proc/self/environ` or `../../secrets` must not
/// put a file from elsewhere on the machine into a report or a page.
#[derive(Debug)]
pub struct Confinement {
    /// The project root, as the user knows it (for messages).
    root: PathBuf,
    /// The root and the allowed folders, as written (made absolute and
    /// tidied) and resolved: a path is first judged by its name, so a path
    /// that plainly leads outside is refused without a look at whether the
    /// file exists.
    folders: Vec<(PathBuf, PathBuf)>,
    /// Allowed folders that do not exist, for the help of a refusal.
    missing: Vec<PathBuf>,
    /// The current folder when the run began, which relative paths are
    /// made absolute against.
    here: PathBuf,
    /// Folders already resolved in this run, as written → symlinks
    /// resolved. A build reads two files per page from a few folders;
    /// resolving each file's folders anew cost a system call per folder of
    /// its path (a twentieth of a build's time went to them).
    seen: Mutex<HashMap<PathBuf, PathBuf>>,
}

impl Confinement {
    /// The folders `config` allows: the project root (the folder of
    /// `./factmark.yaml` when that was read, else [`project_root`]) and its
    /// `allow-outside` folders. A root that is the whole file system (`/`)
    /// allows nothing by itself: a run from there is not a project.
    pub fn of(config: &Config) -> Self {
        // The folder of the project's own factmark.yaml (the current one) is
        // its root; a file named with --config is settings only.
        let root = match &config.file {
            Some(file) if file == Path::new(config::FILE_NAME) => normalized(Path::new(".")),
            _ => project_root(),
        };
        let mut folders = Vec::new();
        let mut missing = Vec::new();
        let root_folder = Some(root.clone()).filter(|r| r.parent().is_some());
        for folder in root_folder.iter().chain(&config.policy.allow_outside) {
            match fs::canonicalize(folder) {
                Ok(real) => folders.push((normalized(folder), real)),
                Err(_) => missing.push(folder.clone()),
            }
        }
        Confinement {
            root,
            folders,
            missing,
            here: std::env::current_dir().unwrap_or_default(),
            seen: Mutex::default(),
        }
    }

    /// `path` made absolute against the folder the run began in.
    fn absolute(&self, path: &Path) -> PathBuf {
        self.here.join(path)
    }

    /// `path` with every symlink resolved, as [`fs::canonicalize`] gives
    /// it, its folder resolved once per run: only the file itself is looked
    /// at each time.
    pub fn canonical(&self, path: &Path) -> io::Result<PathBuf> {
        let path = self.absolute(path);
        // No file name: the path ends in `..` or is the root.
        let (Some(folder), Some(name)) = (path.parent(), path.file_name()) else {
            return fs::canonicalize(&path);
        };
        let known = self
            .seen
            .lock()
            .ok()
            .and_then(|seen| seen.get(folder).cloned());
        let real_folder = match known {
            Some(real) => real,
            None => {
                let real = fs::canonicalize(folder)?;
                if let Ok(mut seen) = self.seen.lock() {
                    seen.insert(folder.to_path_buf(), real.clone());
                }
                real
            }
        };
        let candidate = real_folder.join(name);
        if fs::symlink_metadata(&candidate)?.file_type().is_symlink() {
            fs::canonicalize(&candidate)
        } else {
            Ok(candidate)
        }
    }

    /// [`resolved`], with folders resolved once per run (see
    /// [`Confinement::canonical`]).
    pub fn resolved(&self, path: &Path) -> PathBuf {
        resolved_by(&self.absolute(path), |p| self.canonical(p))
    }

    /// `path` resolved, when it lies inside one of the folders, is not in a
    /// hidden folder below it (`.git` holds CI's credentials) and is not a
    /// file of the system.
    pub fn admit(&self, path: &Path) -> Result<PathBuf, Diagnostic> {
        let refuse = |why: &str, help: &str| {
            Err(Diagnostic::error(codes::IO, path, why).with_help(help.to_owned()))
        };
        if path.as_os_str().is_empty() {
            return refuse("the file name is empty", "name the file");
        }
        if !self.names_inside(path) {
            return Err(self.outside(path));
        }
        let real = self
            .canonical(path)
            .map_err(|e| Diagnostic::error(codes::IO, path, reason(&e)))?;
        if is_system_file(&real) {
            return Err(system_file(path));
        }
        let Some(below) = self
            .folders
            .iter()
            .find_map(|(_, folder)| real.strip_prefix(folder).ok())
        else {
            return Err(self.outside(path));
        };
        if below
            .iter()
            .any(|part| part.to_string_lossy().starts_with('.'))
        {
            return refuse(
                "in a hidden file or folder (such as .git), never an input",
                "hidden files hold settings and credentials, not articles",
            );
        }
        Ok(real)
    }

    /// Whether `path` is named inside the folders but lands outside them
    /// through a symlink: an output folder a repository could redirect.
    pub fn leads_outside(&self, path: &Path) -> bool {
        let landed = self.resolved(path);
        self.names_inside(path)
            && !self
                .folders
                .iter()
                .any(|(_, real)| landed.starts_with(real))
    }

    /// Whether `path`, by its name alone (before any symlink is looked at),
    /// lies inside one of the folders.
    fn names_inside(&self, path: &Path) -> bool {
        let named = tidied(PathBuf::new(), self.absolute(path).components());
        self.folders
            .iter()
            .any(|(as_written, real)| named.starts_with(as_written) || named.starts_with(real))
    }

    fn outside(&self, path: &Path) -> Diagnostic {
        let mut help = "inputs must lie inside the project (the folder of factmark.yaml, else \
                        the top of the git work tree, else the current folder), symlinks \
                        resolved; to allow a folder outside it, pass `--allow-outside DIR` or \
                        list it under `policy: allow-outside:` in factmark.yaml"
            .to_owned();
        for folder in &self.missing {
            help.push_str(&format!(
                "; the allowed folder {} does not exist",
                folder.display()
            ));
        }
        Diagnostic::error(
            codes::IO,
            path,
            format!("outside the project folder {}", self.root.display()),
        )
        .with_help(help)
    }
}

/// The project root when no `factmark.yaml` says otherwise: the top of the
/// git work tree the current folder is in (so a run from a subfolder still
/// reads the project's articles), else the current folder.
pub fn project_root() -> PathBuf {
    let here = std::env::current_dir().unwrap_or_default();
    here.ancestors()
        .find(|folder| folder.join(".git").exists())
        .unwrap_or(&here)
        .to_path_buf()
}

/// `path` made absolute, with `.` and `..` taken lexically: what it names,
/// before any symlink is looked at.
pub fn normalized(path: &Path) -> PathBuf {
    // The folder of a bare file name is the empty path: the current folder.
    let path = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    tidied(PathBuf::new(), absolute.components())
}

/// `base` followed by `parts`, with `.` and `..` taken lexically.
fn tidied<'a>(
    mut base: PathBuf,
    parts: impl IntoIterator<Item = std::path::Component<'a>>,
) -> PathBuf {
    for part in parts {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                base.pop();
            }
            other => base.push(other),
        }
    }
    base
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
    // `allow-outside` folders are written relative to the file.
    let folder = normalized(path.parent().unwrap_or(path));
    config::parse(&text, path)
        .map(|mut config| {
            for allowed in &mut config.policy.allow_outside {
                *allowed = folder.join(&*allowed);
            }
            Config {
                file: Some(path.to_path_buf()),
                ..config
            }
        })
        .map_err(|findings| {
            let mut sources = BTreeMap::new();
            sources.insert(path.to_path_buf(), text);
            (findings, sources)
        })
}

/// The article annotation file `file` names, when the file can be read
/// and names one: for checks that must know every input before anything
/// is written.
pub fn article_of(file: &Path, inside: &Confinement) -> Option<PathBuf> {
    store::article_of(&read_input(file, inside).ok()?, file)
}

/// Runs the whole pipeline on annotation file `file` with the contract's
/// defaults; see [`review_file_with`].
pub fn review_file(file: &Path) -> FileReview {
    review_file_with(file, &Config::default())
}

/// Runs the whole pipeline on annotation file `file`, with the verdicts and
/// the severities of `config`.
pub fn review_file_with(file: &Path, config: &Config) -> FileReview {
    review_file_in(file, config, &Confinement::of(config))
}

/// [`review_file_with`], reading only what `inside` admits: for runs over
/// many files, which resolve the project's folders once.
pub fn review_file_in(file: &Path, config: &Config, inside: &Confinement) -> FileReview {
    match read_input(file, inside) {
        Ok(yaml) => review_source(file, yaml, config, |article| read_input(article, inside)),
        Err(d) => FileReview::unreadable(file, d),
    }
}

/// Runs the whole pipeline on annotation file `file` whose text is `yaml`,
/// getting the text of the article it names from `read_article`: the pure
/// part of [`review_file_in`], for a caller that holds the texts itself (a
/// language server's unsaved buffers). An `Err` of `read_article` is
/// reported as an article that cannot be read.
pub fn review_source(
    file: &Path,
    yaml: String,
    config: &Config,
    read_article: impl FnOnce(&Path) -> Result<String, Diagnostic>,
) -> FileReview {
    let mut result = FileReview::empty(file);
    let (set, findings) = store::parse_with(&yaml, file, &config.vocabulary);
    result.sources.insert(file.to_path_buf(), yaml);
    result.diagnostics.extend(findings);
    let Some(set) = set else {
        return result;
    };
    result.article = Some(set.article.value.clone());
    result.annotations = set.entries;
    let article_source = match read_article(&set.article.value) {
        Ok(text) => text,
        // An article that is there but not UTF-8 is reported in the article,
        // at the first bad byte.
        Err(d) if d.code == codes::NOT_UTF8 => {
            result.diagnostics.push(d);
            return result;
        }
        Err(mut d) => {
            // An article that cannot be read: point at the `article:` line,
            // where the fix goes.
            d.message = format!(
                "cannot read the article {}: {}",
                set.article.value.display(),
                d.message
            );
            d.file = file.to_path_buf();
            if d.help.is_none() {
                d.help = Some(
                    "`article` is resolved against the folder of the annotation file".to_owned(),
                );
            }
            result.diagnostics.push(store::at(d, set.article.span));
            return result;
        }
    };
    let article = markup::parse(&article_source);
    let sentences = segment::segment_with(&article, config.policy.threshold());
    result
        .sources
        .insert(set.article.value.clone(), article_source);
    let review = anchor::anchor(article, sentences, set);
    result.diagnostics.extend(review.findings.iter().cloned());
    // The policy first: an entry counts for coverage unless an error, at
    // the severity the project gives it, is about it.
    result.diagnostics = config.policy.apply(std::mem::take(&mut result.diagnostics));
    let mut coverage = coverage::measure_with(&review, &result.diagnostics);
    // Moved, not copied: an archive-sized article has tens of thousands.
    let unannotated = config.policy.apply(std::mem::take(&mut coverage.findings));
    result.diagnostics.extend(unannotated);
    result.review = Some(review);
    result.coverage = Some(coverage);
    result
}

/// The annotation files under `paths`: each path is a YAML file or a folder
/// searched recursively for `*.yaml` and `*.yml`, in sorted order.
pub fn annotation_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    Ok(find_annotation_files(paths)?
        .into_iter()
        .map(|found| found.file)
        .collect())
}

/// An annotation file a search found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The file, as the search reached it.
    pub file: PathBuf,
    /// Its path below the deepest folder that holds every path searched
    /// (`2024/election.yaml` for `annotations/2024/election.yaml` when
    /// `annotations` was searched): where its page goes under `build --out`.
    pub relative: PathBuf,
}

/// [`annotation_files`], each with its place below the folders searched,
/// each file once however often it is reached. Symlinked folders are
/// followed, but a folder already searched is not searched again (a link to
/// `.` would otherwise loop); reading a file checks where it leads.
pub fn find_annotation_files(paths: &[PathBuf]) -> Result<Vec<Found>, Diagnostic> {
    let mut files = Vec::new();
    let mut searched = HashSet::new();
    let mut bases = Vec::new();
    for path in paths {
        let meta =
            fs::metadata(path).map_err(|e| Diagnostic::error(codes::IO, path, reason(&e)))?;
        if meta.is_dir() {
            bases.push(normalized(path));
            collect(path, &mut files, &mut searched).map_err(|e| {
                Diagnostic::error(codes::IO, path, format!("cannot list the folder: {e}"))
            })?;
        } else {
            bases.push(normalized(path.parent().unwrap_or(path)));
            files.push(path.clone());
        }
    }
    let common = bases.iter().skip(1).fold(
        bases.first().cloned().unwrap_or_default(),
        |common, base| {
            common
                .ancestors()
                .find(|a| base.starts_with(a))
                .map(Path::to_path_buf)
                .unwrap_or_default()
        },
    );
    let mut seen = HashSet::new();
    Ok(files
        .into_iter()
        .filter(|file| seen.insert(fs::canonicalize(file).unwrap_or_else(|_| file.clone())))
        .map(|file| {
            let named = normalized(&file);
            let relative = named
                .strip_prefix(&common)
                .ok()
                .filter(|r| !r.as_os_str().is_empty() && r.is_relative())
                .map_or_else(
                    || PathBuf::from(file.file_name().unwrap_or_default()),
                    Path::to_path_buf,
                );
            Found { file, relative }
        })
        .collect())
}

fn collect(
    dir: &Path,
    files: &mut Vec<PathBuf>,
    searched: &mut HashSet<PathBuf>,
) -> io::Result<()> {
    if !searched.insert(fs::canonicalize(dir)?) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, files, searched)?;
        } else if has_annotation_extension(&path) {
            files.push(path);
        }
    }
    Ok(())
}

/// Whether `path` has an annotation file's name (`*.yaml`, `*.yml`): the
/// files a folder's search finds.
pub fn has_annotation_extension(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// Temporary files are named `.factmark-XXXXXX.tmp`: hidden, recognisably
/// ours, so a later build can remove what a killed one left behind.
const TEMPORARY_PREFIX: &str = ".factmark-";
const TEMPORARY_SUFFIX: &str = ".tmp";

/// Rewrites a file a person keeps (an annotation file `accept` updates) in
/// place: through a temporary file in the same folder, synced to disk, and a
/// rename, so neither a reader nor a crash ever sees half a file. A symlink
/// is followed (the file it leads to is updated and the link stays); the
/// file keeps its mode and owner. A file with other hard links is refused,
/// since the rename would leave them with the old text, and so is a
/// read-only file: its owner said it must not change. `read` is what the
/// update was made from: a file that no longer holds it (an editor saved
/// it meanwhile) is left alone, so no edit is lost.
pub fn rewrite(path: &Path, read: &[u8], contents: &[u8]) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if meta.permissions().readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only; make it writable to update it",
        ));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(io::Error::other(format!(
                "the file has {} hard links, which an update would split; \
                 edit it by hand or replace the links with one file",
                meta.nlink()
            )));
        }
    }
    let tmp = staged(&target, contents)?;
    // Owner first: changing it clears the setuid and setgid bits, which
    // the mode then restores.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()))
            .map_err(|e| io::Error::new(e.kind(), format!("cannot keep the file's owner: {e}")))?;
    }
    tmp.as_file().set_permissions(meta.permissions())?;
    tmp.as_file().sync_all()?;
    // Checked last, just before the rename, to leave the smallest window.
    if fs::read(&target)? != read {
        return Err(io::Error::other(
            "the file changed while factmark was updating it, so it was left as it is now; run the command again",
        ));
    }
    tmp.persist(&target).map_err(|e| e.error)?;
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

/// Writes a generated page: through a temporary file and a rename, so a
/// reader never sees half a page, but without a sync, which would cost more
/// than building the page (a crash can cost a page; a rerun restores it).
/// The page gets the usual mode of a published file (0644 less the umask),
/// whatever was there before: a symlink or a special file in its place is
/// replaced, never written through. A page that already has these contents
/// is not touched: its modification time stays, so deploy tools and file
/// watchers see only what changed, and a rebuild of an archive skips a file
/// system's costliest step (replacing a file).
pub fn publish(path: &Path, contents: &[u8]) -> io::Result<Published> {
    if holds(path, contents) {
        return Ok(Published::Unchanged);
    }
    staged(path, contents)?.persist(path).map_err(|e| e.error)?;
    Ok(Published::Written)
}

/// Whether `path` is a regular file (not a symlink) holding `contents`.
fn holds(path: &Path, contents: &[u8]) -> bool {
    let Ok(mut file) = open_for_reading(path, Follow::NoSymlink) else {
        return false;
    };
    let size = contents.len() as u64;
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == size)
    {
        return false;
    }
    let mut old = Vec::with_capacity(contents.len());
    (&mut file).take(size + 1).read_to_end(&mut old).is_ok() && old == contents
}

/// A generated file written piece by piece, for an output too big to hold
/// whole in memory (the site's `claims.json`), then published as
/// [`publish`] publishes a page: renamed into place once complete, or
/// dropped when the file already there holds the same bytes. Dropped
/// unpublished, it leaves nothing behind.
#[derive(Debug)]
pub struct Staged {
    path: PathBuf,
    tmp: tempfile::NamedTempFile,
    writer: io::BufWriter<fs::File>,
}

/// Starts writing the file at `path` (see [`Staged`]).
pub fn stage(path: &Path) -> io::Result<Staged> {
    let tmp = staged(path, b"")?;
    let writer = io::BufWriter::new(tmp.as_file().try_clone()?);
    Ok(Staged {
        path: path.to_path_buf(),
        tmp,
        writer,
    })
}

impl io::Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

impl Staged {
    /// Puts what was written in place, unless the file there already holds
    /// it (compared a block at a time, never read whole).
    pub fn publish(self) -> io::Result<Published> {
        use std::io::Seek as _;
        let Staged {
            path,
            tmp,
            mut writer,
        } = self;
        writer.flush()?;
        drop(writer);
        let mut written = tmp.as_file();
        written.rewind()?;
        if holds_same(&path, written) {
            return Ok(Published::Unchanged);
        }
        tmp.persist(&path).map_err(|e| e.error)?;
        Ok(Published::Written)
    }
}

/// Whether `path` is a regular file (not a symlink) with the bytes of `new`.
fn holds_same(path: &Path, mut new: &fs::File) -> bool {
    const BLOCK: usize = 64 * 1024;
    let Ok(mut old) = open_for_reading(path, Follow::NoSymlink) else {
        return false;
    };
    let (Ok(old_meta), Ok(new_meta)) = (old.metadata(), new.metadata()) else {
        return false;
    };
    if !old_meta.is_file() || old_meta.len() != new_meta.len() {
        return false;
    }
    let (mut a, mut b) = (vec![0; BLOCK], vec![0; BLOCK]);
    let mut left = new_meta.len();
    while left > 0 {
        let n = usize::try_from(left).map_or(BLOCK, |left| left.min(BLOCK));
        let same = old.read_exact(&mut a[..n]).is_ok()
            && new.read_exact(&mut b[..n]).is_ok()
            && a[..n] == b[..n];
        if !same {
            return false;
        }
        left -= n as u64;
    }
    true
}

/// Like [`publish`], but fails if `path` exists: for commands that must
/// never overwrite. Synced, since it is a file a person goes on to edit.
pub fn write_new(path: &Path, contents: &[u8]) -> io::Result<()> {
    let tmp = staged(path, contents)?;
    tmp.as_file().sync_all()?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// `contents` in a new temporary file in `path`'s folder (0644 less the
/// umask), ready to be renamed to `path`.
fn staged(path: &Path, contents: &[u8]) -> io::Result<tempfile::NamedTempFile> {
    let dir = folder_of(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMPORARY_PREFIX).suffix(TEMPORARY_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    // The folder is made only when it is missing: asking first would cost
    // two system calls on every page of a build.
    let mut tmp = match builder.tempfile_in(dir) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            fs::create_dir_all(dir)?;
            builder.tempfile_in(dir).map_err(without_path)?
        }
        created => created.map_err(without_path)?,
    };
    // Through the file itself: `NamedTempFile`'s own writer would add the
    // temporary name to an error, as creating it does.
    tmp.as_file_mut().write_all(contents)?;
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

/// The folder `path` is in: `.` for a bare file name.
pub fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    }
}

/// Removes the temporary files that runs killed while writing left in
/// `dir` and the folders below it (symlinks not followed); returns how many.
/// Only for a folder this run has locked ([`lock_folder`]): another run's
/// temporary files are its pages in the making.
pub fn remove_stale_temporaries(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            removed += remove_stale_temporaries(&entry.path());
        } else if kind.is_file()
            && name.starts_with(TEMPORARY_PREFIX)
            && name.ends_with(TEMPORARY_SUFFIX)
            && fs::remove_file(entry.path()).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

/// A lock on an output folder, held until dropped.
#[derive(Debug)]
pub struct FolderLock {
    _folder: Option<fs::File>,
}

/// Makes folder `dir` if it is missing and takes an advisory lock on it, so
/// two builds into one folder never interleave their pages. When another
/// run holds the lock, `waiting` is called once and the lock is awaited.
/// Where folders cannot be locked (not Unix), nothing is locked.
pub fn lock_folder(dir: &Path, waiting: impl FnOnce()) -> io::Result<FolderLock> {
    fs::create_dir_all(dir).map_err(|e| {
        if dir.exists() {
            io::Error::new(io::ErrorKind::NotADirectory, "a file, not a folder")
        } else {
            e
        }
    })?;
    #[cfg(unix)]
    {
        let folder = fs::File::open(dir)?;
        match folder.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                waiting();
                folder.lock()?;
            }
            Err(fs::TryLockError::Error(e)) => return Err(e),
        }
        Ok(FolderLock {
            _folder: Some(folder),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = waiting;
        Ok(FolderLock { _folder: None })
    }
}

/// Where a file that may not exist yet would land: `path` with symlinks
/// resolved as far as it exists, and the rest, which holds no symlink since
/// it does not exist, taken lexically (`new/../a.yaml` is `a.yaml`).
pub fn resolved(path: &Path) -> PathBuf {
    match std::path::absolute(path) {
        Ok(absolute) => resolved_by(&absolute, |p| fs::canonicalize(p)),
        Err(_) => path.to_path_buf(),
    }
}

/// [`resolved`] for an `absolute` path, resolving with `canonicalize`.
fn resolved_by(absolute: &Path, canonicalize: impl Fn(&Path) -> io::Result<PathBuf>) -> PathBuf {
    let mut existing = absolute;
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = canonicalize(existing) {
            return tidied(real, rest.into_iter().rev());
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return normalized(absolute),
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_size_limit_holds_while_reading() {
        // A file that claims to be empty and never ends (as `/proc` files
        // and devices do) stops at the limit.
        let endless = io::repeat(b'x');
        assert_eq!(
            read_capped(endless, 0),
            Err("over the limit of 64 MB".to_owned())
        );
        let exact = io::repeat(b'x').take(MAX_INPUT_BYTES);
        assert_eq!(
            read_capped(exact, 0).map(|b| b.len() as u64),
            Ok(MAX_INPUT_BYTES)
        );
    }

    #[test]
    fn a_rewrite_never_replaces_an_edit_made_since_the_file_was_read() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("a.yaml");
        fs::write(&path, "edited meanwhile\n").expect("written");
        let refused = rewrite(&path, b"as read\n", b"as updated\n");
        assert!(
            refused.is_err_and(|e| e.to_string().contains("changed while")),
            "refused"
        );
        assert_eq!(fs::read(&path).ok(), Some(b"edited meanwhile\n".to_vec()));
        let left: Vec<_> = fs::read_dir(dir.path()).expect("listed").collect();
        assert_eq!(left.len(), 1, "no temporary file stays");
        rewrite(&path, b"edited meanwhile\n", b"as updated\n").expect("rewritten");
        assert_eq!(fs::read(&path).ok(), Some(b"as updated\n".to_vec()));
    }

    #[test]
    fn resolved_takes_what_does_not_exist_lexically() {
        let here = fs::canonicalize(".").unwrap_or_default();
        assert_eq!(
            resolved(Path::new("no-such/../Cargo.toml")),
            here.join("Cargo.toml")
        );
        assert_eq!(resolved(Path::new("no/such/./../x")), here.join("no/x"));
        assert_eq!(normalized(Path::new("a/./b/../c")), here.join("a/c"));
    }

    #[cfg(unix)]
    #[test]
    fn a_confinement_resolves_as_the_system_does() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path();
        fs::create_dir_all(root.join("real/sub")).expect("folders");
        fs::write(root.join("real/sub/file.md"), "text").expect("a file");
        symlink(root.join("real"), root.join("folder-link")).expect("a folder link");
        symlink(
            root.join("real/sub/file.md"),
            root.join("real/file-link.md"),
        )
        .expect("a file link");
        let inside = Confinement::of(&Config::default());
        for path in [
            "real/sub/file.md",
            "folder-link/sub/file.md",
            "real/file-link.md",
            "folder-link/file-link.md",
            "real/sub/../sub/file.md",
            "folder-link/sub/..",
            "real/no-such.md",
            "real/sub/file.md/below",
        ] {
            let path = root.join(path);
            // Twice: the second time the folder is known.
            for _ in 0..2 {
                assert_eq!(
                    inside.canonical(&path).map_err(|e| e.kind()),
                    fs::canonicalize(&path).map_err(|e| e.kind()),
                    "{}",
                    path.display()
                );
            }
            assert_eq!(inside.resolved(&path), resolved(&path));
        }
    }
}
