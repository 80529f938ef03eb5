//! Helpers shared by the integration tests.

// Each test file is a crate of its own and uses only some of these.
#![allow(dead_code)]

use std::path::Path;
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

/// `factmark` run in `dir` without input, on Linux under an address-space
/// limit of `kib` KiB (elsewhere without one), so that a runaway allocation
/// fails the run instead of the machine.
pub fn factmark_bounded(dir: &Path, kib: u64) -> std::process::Command {
    let bin = assert_cmd::cargo::cargo_bin("factmark");
    let mut cmd = if cfg!(target_os = "linux") {
        let mut cmd = std::process::Command::new("sh");
        cmd.arg("-c")
            .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
            .arg(&bin);
        cmd
    } else {
        std::process::Command::new(&bin)
    };
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null());
    cmd
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
