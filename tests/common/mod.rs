//! Helpers shared by the integration tests.

// Each test file is a crate of its own and uses only some of these.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use assert_cmd::Command;

/// `factmark` run in `dir`, without colours.
pub fn factmark(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("factmark").expect("the factmark binary is built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("FORCE_COLOR");
    cmd
}

/// `factmark` as a process of its own in `dir`, without colours, for a
/// test that drives it while it runs.
pub fn factmark_process(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("factmark"));
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// [`factmark_process`] started by a shell under `ulimit LIMIT` (`-v 1024`,
/// `-n 64`); the arguments given it go to `factmark`.
pub fn factmark_limited(dir: &Path, limit: &str) -> std::process::Command {
    let mut cmd = std::process::Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit {limit} && exec \"$0\" \"$@\""))
        .arg(assert_cmd::cargo::cargo_bin("factmark"))
        .current_dir(dir)
        .env("NO_COLOR", "1");
    cmd
}

/// `factmark` run in `dir` without input, on Linux under an address-space
/// limit of `kib` KiB (elsewhere without one), so that a runaway allocation
/// fails the run instead of the machine.
pub fn factmark_bounded(dir: &Path, kib: u64) -> std::process::Command {
    let mut cmd = if cfg!(target_os = "linux") {
        factmark_limited(dir, &format!("-v {kib}"))
    } else {
        factmark_process(dir)
    };
    cmd.stdin(Stdio::null());
    cmd
}

/// `factmark` with `args`, run in `dir`, and what it printed.
pub fn run(dir: &Path, args: &[&str]) -> Run {
    let output = factmark(dir)
        .args(args)
        .output()
        .expect("factmark can be started");
    Run::of(
        output,
        format!("factmark {} (in {})", args.join(" "), dir.display()),
    )
}

/// What one run printed and how it ended.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
    /// The command line, for failure messages.
    pub what: String,
}

impl Run {
    /// The run that printed `output`, of command line `what`; panics unless
    /// it exited by itself and printed UTF-8.
    pub fn of(output: std::process::Output, what: String) -> Run {
        Run {
            code: output.status.code().expect("factmark exited, not killed"),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            what,
        }
    }

    /// Panics with the output (its start: some outputs are huge) unless the
    /// exit code is `code`.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            code,
            "`{}` exited with {} instead of {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.what,
            self.code,
            head(&self.stdout),
            head(&self.stderr)
        );
        self
    }

    /// Standard output read as JSON; panics with the output if it is not.
    pub fn stdout_json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "`{}` did not print JSON ({e}):\n{}\n--- stderr\n{}",
                self.what,
                head(&self.stdout),
                head(&self.stderr)
            )
        })
    }
}

/// The start of `text`, for failure messages.
pub fn head(text: &str) -> &str {
    &text[..text.floor_char_boundary(4000)]
}

/// A temporary project folder whose files no run may change.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// A project holding `files` (paths relative to it, folders made).
    pub fn new(files: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for (name, text) in files {
            let path = dir.path().join(name);
            fs::create_dir_all(path.parent().expect("a file has a folder")).expect("a folder");
            fs::write(path, text).expect("write a project file");
        }
        Project { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Every file of the project, in every folder, and its bytes.
    pub fn files(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut folders = vec![self.path().to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in fs::read_dir(&folder).expect("read a folder") {
                let path = entry.expect("folder entry").path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let bytes = fs::read(&path).expect("read a project file");
                    files.insert(path, bytes);
                }
            }
        }
        files
    }

    /// Runs factmark with `args` in the project; every file there before
    /// the run must be there after it, byte for byte.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// [`Project::run`] with environment variables `env` set.
    pub fn run_with(&self, args: &[&str], env: &[(&str, &Path)]) -> Run {
        let before = self.files();
        let mut cmd = factmark(self.path());
        cmd.args(args).env_remove("GITHUB_STEP_SUMMARY");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let output = cmd.output().expect("factmark can be started");
        let what = format!("factmark {}", args.join(" "));
        let after = self.files();
        for (path, bytes) in &before {
            assert!(
                after.get(path) == Some(bytes),
                "`{what}` changed or removed {}",
                path.display()
            );
        }
        Run::of(output, what)
    }
}
