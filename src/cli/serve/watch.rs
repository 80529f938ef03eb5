//! Watching a project while it is edited, for `serve` and `check --watch`:
//! the annotation files, the articles they name and `factmark.yaml`, and
//! what a batch of changed paths means for them.
//!
//! Folders are watched, not files: an editor that saves by writing a
//! temporary file and renaming it over the old one leaves a watch on the
//! old file's inode blind. Events are debounced, so that such a save is one
//! change, and every path is compared made absolute and tidied
//! ([`project::normalized`]), as the watcher reports it.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use factmark::Diagnostic;
use factmark::config::{self, Config};
use factmark::diagnostic::codes;
use factmark::project;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, RecommendedCache, new_debouncer,
};

use crate::cli::ConfigSource;

/// How long a path must be quiet before its change is reported: long
/// enough for an editor's write-and-rename, short enough not to be felt.
const QUIET: Duration = Duration::from_millis(50);

/// A project's files under watch.
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    events: Receiver<DebounceEventResult>,
    /// Folders watched with everything below them: the annotation folders.
    deep: Vec<PathBuf>,
    /// Folders watched alone: those of articles, of annotation files named
    /// one by one, and of the configuration.
    shallow: HashSet<PathBuf>,
    /// Watched folders whose real path (symlinks resolved) is another, with
    /// that path: some systems report changes under the real one.
    real: Vec<(PathBuf, PathBuf)>,
}

impl Watcher {
    /// Watches `paths` (annotation files, or folders searched for them) and
    /// the folder of `config`, the configuration file.
    pub fn new(paths: &[PathBuf], config: &Path) -> Result<Watcher, Box<Diagnostic>> {
        let (sender, events) = channel();
        let debouncer = new_debouncer(QUIET, None, sender).map_err(|e| {
            Box::new(Diagnostic::error(
                codes::IO,
                Path::new("."),
                format!("cannot watch files: {e}"),
            ))
        })?;
        let mut watcher = Watcher {
            debouncer,
            events,
            deep: Vec::new(),
            shallow: HashSet::new(),
            real: Vec::new(),
        };
        for path in paths {
            let named = project::normalized(path);
            if named.is_dir() {
                watcher
                    .watch(&named, RecursiveMode::Recursive)
                    .map_err(|e| {
                        Diagnostic::error(codes::IO, path, format!("cannot be watched: {e}"))
                            .with_help(too_many_help())
                    })?;
                watcher.deep.push(named);
            }
        }
        for path in paths.iter().map(|p| p.as_path()).chain([config]) {
            watcher.follow(path);
        }
        Ok(watcher)
    }

    /// Watches the folder of `file` too, unless it is watched already. A
    /// folder that cannot be watched (it does not exist yet) is left out:
    /// the file's own findings say what is wrong with it.
    pub fn follow(&mut self, file: &Path) {
        let named = project::normalized(file);
        let folder = named.parent().unwrap_or(&named).to_path_buf();
        // A second watch inside a watched tree would replace the tree's own
        // watch of that folder, and with it the watch of what lies below.
        if self.deep.iter().any(|deep| folder.starts_with(deep)) || self.shallow.contains(&folder) {
            return;
        }
        if self.watch(&folder, RecursiveMode::NonRecursive).is_ok() {
            self.shallow.insert(folder);
        }
    }

    fn watch(
        &mut self,
        folder: &Path,
        mode: RecursiveMode,
    ) -> Result<(), notify_debouncer_full::notify::Error> {
        self.debouncer.watch(folder, mode)?;
        if let Ok(real) = std::fs::canonicalize(folder)
            && real != folder
        {
            self.real.push((real, folder.to_path_buf()));
        }
        Ok(())
    }

    /// `path` as named under the watched folder it lies in, when it was
    /// reported under that folder's real path.
    fn as_named(&self, path: PathBuf) -> PathBuf {
        for (real, named) in &self.real {
            if let Ok(rest) = path.strip_prefix(real) {
                return named.join(rest);
            }
        }
        path
    }

    /// Waits for the next batch of changes, with the batches that came
    /// meanwhile; `None` once the watcher has stopped.
    pub fn next(&self) -> Option<Batch> {
        let mut batch = Batch::default();
        let mut take = |result: DebounceEventResult| match result {
            Ok(events) => {
                for event in events {
                    // The system's queue overflowed: changes went unseen.
                    batch.lost |= event.need_rescan();
                    if changes_something(&event) {
                        batch.paths.extend(event.event.paths);
                    }
                }
            }
            Err(_) => batch.lost = true,
        };
        take(self.events.recv().ok()?);
        while let Ok(more) = self.events.try_recv() {
            take(more);
        }
        let mut seen = HashSet::new();
        batch.paths = std::mem::take(&mut batch.paths)
            .into_iter()
            .map(|p| self.as_named(p))
            .filter(|p| seen.insert(p.clone()))
            .collect();
        Some(batch)
    }
}

/// What the watcher saw change.
#[derive(Debug, Default)]
pub struct Batch {
    /// The changed paths, each once, as the watched folders name them.
    pub paths: Vec<PathBuf>,
    /// Changes were lost (the system's queue of events overflowed, or the
    /// watcher failed): any file may have changed.
    pub lost: bool,
}

/// Whether `event` may have changed a file: not a mere look at it (the
/// watcher reports every opening and reading of a file, and a rebuild reads
/// the files it watches).
fn changes_something(event: &DebouncedEvent) -> bool {
    match event.event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// The help of a folder that cannot be watched: on Linux, mostly the
/// system's limit of watches.
fn too_many_help() -> String {
    "on Linux, a large tree may need more inotify watches: \
     `sysctl fs.inotify.max_user_watches=524288`"
        .to_owned()
}

/// The configuration file to watch: the one read, else where the project's
/// own would be (so that one made while watching is read).
pub fn config_file(source: &ConfigSource, config: &Config) -> PathBuf {
    source
        .file
        .clone()
        .or_else(|| config.file.clone())
        .unwrap_or_else(|| PathBuf::from(config::FILE_NAME))
}

/// What an annotation file depends on, as the watcher names paths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deps {
    /// The annotation file, absolute and tidied.
    pub file: PathBuf,
    /// The article it names, absolute and tidied, when it could be read.
    pub article: Option<PathBuf>,
}

impl Deps {
    /// The dependencies of annotation file `file` that names `article`.
    pub fn of(file: &Path, article: Option<&Path>) -> Deps {
        Deps {
            file: project::normalized(file),
            article: article.map(project::normalized),
        }
    }
}

/// What a batch of changed paths means for a project.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// The configuration changed, or changes were lost: everything is read
    /// and done again.
    pub config: bool,
    /// Changes were lost: the terminal says so.
    pub lost: bool,
    /// Annotation files appeared or went away: the files are listed again.
    pub listing: bool,
    /// The known annotation files to do again (indices into the `known`
    /// given to [`classify`]): those that changed and those whose article
    /// did.
    pub files: BTreeSet<usize>,
    /// The changed paths that matter, for the terminal.
    pub paths: Vec<PathBuf>,
}

impl Changes {
    /// Whether nothing that matters changed.
    pub fn is_empty(&self) -> bool {
        !self.config && !self.listing && self.files.is_empty()
    }

    /// The changed paths as the terminal shows them: relative to the
    /// current folder when under it, and at most three.
    pub fn describe(&self) -> String {
        if self.lost {
            return "files (some changes went unseen, so all)".to_owned();
        }
        let here = project::normalized(Path::new("."));
        let shown: Vec<String> = self
            .paths
            .iter()
            .take(3)
            .map(|p| {
                let short = p.strip_prefix(&here).unwrap_or(p);
                factmark::report::printable_path(short)
            })
            .collect();
        match self.paths.len() {
            n if n > 3 => format!("{} and {} more", shown.join(", "), n - 3),
            _ => shown.join(", "),
        }
    }
}

/// What `batch` means for a project searched under `roots` (the
/// command's paths), configured by `config`, whose annotation files are
/// `known`.
pub fn classify(batch: &Batch, config: &Path, roots: &[PathBuf], known: &[Deps]) -> Changes {
    if batch.lost {
        return Changes {
            config: true,
            lost: true,
            listing: true,
            files: (0..known.len()).collect(),
            paths: Vec::new(),
        };
    }
    let config = project::normalized(config);
    let roots: Vec<(PathBuf, bool)> = roots
        .iter()
        .map(|r| (project::normalized(r), r.is_dir()))
        .collect();
    let mut changes = Changes::default();
    for path in &batch.paths {
        let path = project::normalized(path);
        let mut matters = false;
        if path == config {
            changes.config = true;
            matters = true;
        }
        for (i, deps) in known.iter().enumerate() {
            if deps.file == path || deps.article.as_ref() == Some(&path) {
                changes.files.insert(i);
                matters = true;
            }
        }
        let searched = roots.iter().any(|(root, is_dir)| {
            if *is_dir {
                path.starts_with(root)
            } else {
                path == *root
            }
        });
        if searched {
            let is_known = known.iter().any(|d| d.file == path);
            // A known file gone, an annotation file new, or a folder come
            // or gone (a moved folder reports only itself).
            let appeared_or_went = if is_known {
                !path.is_file()
            } else {
                is_annotation_file(&path)
                    || path.is_dir()
                    || known.iter().any(|d| d.file.starts_with(&path))
            };
            if appeared_or_went {
                changes.listing = true;
                matters = true;
            }
        }
        if matters {
            changes.paths.push(path);
        }
    }
    changes
}

/// Whether `path` is named as an annotation file (`*.yaml`, `*.yml`) and
/// is there.
fn is_annotation_file(path: &Path) -> bool {
    project::has_annotation_extension(path) && path.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("annotations/sub")).expect("folders");
        for file in [
            "annotations/a.yaml",
            "annotations/sub/b.yaml",
            "a.md",
            "b.md",
        ] {
            std::fs::write(dir.path().join(file), "x").expect("a file");
        }
        dir
    }

    fn seen(paths: &[PathBuf]) -> Batch {
        Batch {
            paths: paths.to_vec(),
            lost: false,
        }
    }

    fn known(dir: &Path) -> Vec<Deps> {
        vec![
            Deps::of(
                &dir.join("annotations/a.yaml"),
                Some(&dir.join("annotations/../a.md")),
            ),
            Deps::of(&dir.join("annotations/sub/b.yaml"), Some(&dir.join("a.md"))),
        ]
    }

    #[test]
    fn an_article_rebuilds_every_file_that_names_it() {
        let dir = project();
        let d = dir.path();
        let roots = [d.join("annotations")];
        let changes = classify(
            &seen(&[d.join("a.md")]),
            &d.join("factmark.yaml"),
            &roots,
            &known(d),
        );
        assert_eq!(changes.files, BTreeSet::from([0, 1]));
        assert!(!changes.config && !changes.listing);
        let changes = classify(
            &seen(&[d.join("b.md")]),
            &d.join("factmark.yaml"),
            &roots,
            &known(d),
        );
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn a_file_changed_new_or_gone() {
        let dir = project();
        let d = dir.path();
        let roots = [d.join("annotations")];
        let config = d.join("factmark.yaml");
        let changes = classify(
            &seen(&[d.join("annotations/a.yaml")]),
            &config,
            &roots,
            &known(d),
        );
        assert_eq!(changes.files, BTreeSet::from([0]));
        assert!(!changes.listing);

        std::fs::write(d.join("annotations/c.yml"), "x").expect("a new file");
        let changes = classify(
            &seen(&[d.join("annotations/c.yml")]),
            &config,
            &roots,
            &known(d),
        );
        assert!(changes.listing && changes.files.is_empty());

        std::fs::remove_file(d.join("annotations/a.yaml")).expect("remove");
        let changes = classify(
            &seen(&[d.join("annotations/a.yaml")]),
            &config,
            &roots,
            &known(d),
        );
        assert!(changes.listing);

        // A folder moved away reports only itself.
        let changes = classify(
            &seen(&[d.join("annotations/gone")]),
            &config,
            &roots,
            &known(d),
        );
        assert!(!changes.listing, "{changes:?}");
        std::fs::remove_dir_all(d.join("annotations/sub")).expect("remove");
        let changes = classify(
            &seen(&[d.join("annotations/sub")]),
            &config,
            &roots,
            &known(d),
        );
        assert!(changes.listing);
    }

    #[test]
    fn the_configuration_and_what_does_not_matter() {
        let dir = project();
        let d = dir.path();
        let roots = [d.join("annotations")];
        let config = d.join("factmark.yaml");
        let changes = classify(
            &seen(std::slice::from_ref(&config)),
            &config,
            &roots,
            &known(d),
        );
        assert!(changes.config);
        let noise = [
            d.join("annotations/.a.yaml.swp"),
            d.join("annotations/4913"),
            d.join("site/index.html"),
        ];
        let changes = classify(&seen(&noise), &config, &roots, &known(d));
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(changes.describe(), "");
    }

    #[test]
    fn lost_changes_do_everything_again() {
        let dir = project();
        let d = dir.path();
        let lost = Batch {
            paths: Vec::new(),
            lost: true,
        };
        let changes = classify(
            &lost,
            &d.join("factmark.yaml"),
            &[d.join("annotations")],
            &known(d),
        );
        assert!(changes.config && changes.listing, "{changes:?}");
        assert_eq!(changes.files, BTreeSet::from([0, 1]));
        assert!(
            changes.describe().contains("unseen"),
            "{}",
            changes.describe()
        );
    }
}
