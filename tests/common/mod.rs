//! Helpers shared by the integration tests.

use std::path::Path;

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
