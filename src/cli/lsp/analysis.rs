//! What factmark makes of the open files: each annotation file reviewed
//! from the editor's buffers (its own and its article's, when open; the
//! saved files otherwise), as `check` reviews it from disk.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use factmark::anchor::Review;
use factmark::config::Config;
use factmark::project::{self, Confinement, FileReview};
use factmark::segment::Sentence;

use super::documents::Documents;

/// One annotation file's review.
#[derive(Debug)]
pub struct Analysis {
    /// The annotation file.
    pub file: PathBuf,
    /// The annotation file as it was reviewed and as findings name it:
    /// relative to the workspace folder when it lies in it, as `check` run
    /// there names it.
    pub named: PathBuf,
    /// The review and every finding `check` reports, with the texts
    /// reviewed (the YAML and the article) in its sources.
    pub result: FileReview,
    /// The last review the file had, while it has none (a half-typed
    /// file): completion still offers the article's sentences.
    previous: Option<Review>,
}

impl Analysis {
    /// The YAML text reviewed.
    pub fn yaml(&self) -> &str {
        self.result
            .sources
            .get(&self.named)
            .map_or("", String::as_str)
    }

    /// The review, when the YAML loaded and the article could be read.
    pub fn review(&self) -> Option<&Review> {
        self.result.review.as_ref()
    }

    /// The article the file names, as loading resolved it.
    pub fn article(&self) -> Option<&Path> {
        self.result.article.as_deref()
    }

    /// The article's text as reviewed.
    pub fn article_text(&self) -> Option<&str> {
        self.result.sources.get(self.article()?).map(String::as_str)
    }

    /// The article's sentences, from the last review the file had.
    pub fn sentences(&self) -> &[Sentence] {
        self.review()
            .or(self.previous.as_ref())
            .map_or(&[], |r| r.sentences.as_slice())
    }
}

/// The open files, the project's settings and the reviews.
#[derive(Debug)]
pub struct Workspace {
    /// The project's `factmark.yaml` (or the defaults).
    pub config: Config,
    /// What saved files may be read.
    pub inside: Confinement,
    /// The workspace folder: its `annotations` folder is searched for the
    /// annotation files of an open article.
    pub root: PathBuf,
    /// The open files.
    pub docs: Documents,
    /// The reviews, by annotation file.
    pub analyses: HashMap<PathBuf, Analysis>,
    /// The saved annotation files of the `annotations` folder and the
    /// article each names, as last searched.
    saved: Vec<(PathBuf, PathBuf)>,
}

impl Workspace {
    /// A workspace at `root` with `config`.
    pub fn new(root: PathBuf, config: Config) -> Self {
        Workspace {
            inside: Confinement::of(&config),
            config,
            root,
            docs: Documents::default(),
            analyses: HashMap::new(),
            saved: Vec::new(),
        }
    }

    /// Takes `config` from now on (a saved `factmark.yaml`).
    pub fn set_config(&mut self, config: Config) {
        self.inside = Confinement::of(&config);
        self.config = config;
    }

    /// The text of `path`: the editor's buffer when it is open, else the
    /// saved file, read as `check` reads it.
    pub fn text_of(&self, path: &Path) -> Result<String, factmark::Diagnostic> {
        match self.docs.get(&project::normalized(path)) {
            Some(doc) => Ok(doc.text.clone()),
            None => project::read_input(path, &self.inside),
        }
    }

    /// Reviews annotation file `file` from the buffers, as `check` would
    /// review it saved (with the policy's minimum coverage as `check`'s
    /// default bar).
    pub fn analyze(&mut self, file: &Path) {
        let named = file
            .strip_prefix(&self.root)
            .map_or_else(|_| file.to_path_buf(), Path::to_path_buf);
        let mut result = match self.text_of(file) {
            Ok(yaml) => {
                project::review_source(&named, yaml, &self.config, |article| self.text_of(article))
            }
            Err(d) => FileReview::unreadable(&named, d),
        };
        if let (Some(review), Some(coverage)) = (&result.review, &result.coverage)
            && let Some(d) = coverage.below(self.config.policy.min_coverage.unwrap_or(0.0), review)
        {
            result.diagnostics.extend(self.config.policy.apply(vec![d]));
        }
        let previous = match self.analyses.remove(file) {
            Some(old) if result.review.is_none() => old.result.review.or(old.previous),
            _ => None,
        };
        self.analyses.insert(
            file.to_path_buf(),
            Analysis {
                file: file.to_path_buf(),
                named,
                result,
                previous,
            },
        );
    }

    /// Forgets the review of `file`.
    pub fn forget(&mut self, file: &Path) {
        self.analyses.remove(file);
    }

    /// Searches the workspace's `annotations` folder for the saved
    /// annotation files and the articles they name.
    pub fn search_saved(&mut self) {
        let folder = self.root.join("annotations");
        self.saved = match project::annotation_files(&[folder]) {
            Ok(files) => files
                .into_iter()
                .filter_map(|file| {
                    let file = project::normalized(&file);
                    let article = project::article_of(&file, &self.inside)?;
                    Some((file, project::normalized(&article)))
                })
                .collect(),
            Err(_) => Vec::new(),
        };
    }

    /// The annotation files that review `article`: those reviewed so far
    /// (open ones first among them) and the saved ones found by
    /// [`Workspace::search_saved`], each once, in a stable order.
    pub fn annotation_files_of(&self, article: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self
            .analyses
            .values()
            .filter(|a| a.article().map(project::normalized).as_deref() == Some(article))
            .map(|a| a.file.clone())
            .chain(
                self.saved
                    .iter()
                    .filter(|(_, named)| named == article)
                    .map(|(file, _)| file.clone()),
            )
            .collect();
        files.sort_by_key(|f| (!self.docs.is_open(f), f.clone()));
        files.dedup();
        files
    }

    /// The reviews of `article`, in the order of
    /// [`Workspace::annotation_files_of`].
    pub fn analyses_of(&self, article: &Path) -> Vec<&Analysis> {
        self.annotation_files_of(article)
            .iter()
            .filter_map(|f| self.analyses.get(f))
            .collect()
    }

    /// The reviews of open article `article` made from the text its buffer
    /// holds now: only their sentences' offsets are offsets in the buffer
    /// (a review of an older text waits for the quiet spell to end).
    pub fn current_analyses_of(&self, article: &Path) -> Vec<&Analysis> {
        let Some(doc) = self.docs.get(article) else {
            return Vec::new();
        };
        self.analyses_of(article)
            .into_iter()
            .filter(|a| a.article_text() == Some(doc.text.as_str()))
            .collect()
    }
}
