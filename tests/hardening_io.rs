//! A hostile repository, a large archive and a killed build: inputs stay
//! inside the project, outputs never overwrite an input or each other, and
//! `accept` edits exactly one thing. Each test drives the real binary and
//! checks the exit code, the message and that nothing else changed.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use common::factmark;

/// A finished run.
struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// `text` on one line: the human report wraps long messages and draws a
/// border down their left side.
fn flat(text: &str) -> String {
    text.replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Run {
    fn expect(&self, code: i32, message: &str) -> &Self {
        assert!(
            self.code == code && flat(&self.stderr).contains(message),
            "expected exit {code} and {message:?}, got exit {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let output = factmark(dir)
        .args(args)
        // Nothing here may wait for input or on a pipe.
        .timeout(Duration::from_secs(60))
        .output()
        .expect("factmark can be started");
    Run {
        code: output.status.code().expect("factmark exited, not killed"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

const SENTENCE: &str = "The council approved 12 new parks on 3 May 2024.";

/// A project with one article and `annotations/a.yaml` naming `article`.
fn project(article: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    fs::create_dir_all(tmp.path().join("annotations")).expect("annotations");
    fs::create_dir_all(tmp.path().join("seeds")).expect("seeds");
    fs::write(
        tmp.path().join("seeds/a.md"),
        format!("# A\n\n{SENTENCE}\n"),
    )
    .expect("article");
    write_yaml(&tmp.path().join("annotations/a.yaml"), article);
    tmp
}

fn write_yaml(path: &Path, article: &str) {
    fs::write(
        path,
        format!(
            "article: {article}\nreviewed: 2026-11-30\nannotations:\n  - quote: \"12 new parks\"\n    verdict: opinion\n"
        ),
    )
    .expect("yaml");
}

/// Every file under `dir` with its bytes, to show that nothing changed.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in fs::read_dir(&folder).expect("list").flatten() {
            let kind = entry.file_type().expect("type");
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                files.push((entry.path(), fs::read(entry.path()).expect("read")));
            }
        }
    }
    files.sort();
    files
}

// Inputs stay inside the project.

#[cfg(unix)]
#[test]
fn an_article_outside_the_project_is_refused_everywhere() {
    let outside = tempfile::tempdir().expect("temp dir");
    let secret = outside.path().join("secret.md");
    fs::write(&secret, "The password is hunter2-secret.\n").expect("secret");
    for article in [
        secret.display().to_string(),
        "../../../../../../../../etc/passwd".to_owned(),
    ] {
        let tmp = project(&article);
        let before = snapshot(tmp.path());
        for format in ["human", "json", "github"] {
            let r = run(tmp.path(), &["check", "--format", format]);
            assert_eq!(r.code, 2, "{}{}", r.stdout, r.stderr);
            let all = flat(&format!("{}{}", r.stdout, r.stderr));
            assert!(all.contains("outside the project folder"), "{all}");
            // GitHub's workflow commands escape the colons of a title.
            assert!(all.replace("%3A", ":").contains("factmark::io"), "{all}");
            assert!(
                !all.contains("hunter2") && !all.contains("root:x:0"),
                "{all}"
            );
        }
        let r = run(tmp.path(), &["build"]);
        r.expect(2, "outside the project folder");
        assert!(!tmp.path().join("site/a.html").exists());
        let r = run(tmp.path(), &["render", "annotations/a.yaml"]);
        r.expect(2, "outside the project folder");
        assert!(!r.stdout.contains("hunter2"));
        // Located: at the `article:` line of the annotation file.
        assert!(r.stderr.contains("annotations/a.yaml:1:10"), "{}", r.stderr);
        let mut after = snapshot(tmp.path());
        after.retain(|(p, _)| !p.starts_with(tmp.path().join("site")));
        assert_eq!(before, after, "no input changed");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn the_environment_never_reaches_a_report() {
    let tmp = project("/proc/self/environ");
    // Exit code and everything printed, of factmark run with a secret in
    // its environment.
    let with_secret = |args: &[&str]| {
        let output = factmark(tmp.path())
            .args(args)
            .env("FACTMARK_TEST_TOKEN", "tok-31415926")
            .output()
            .expect("run");
        let all = flat(&format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ));
        assert!(!all.contains("tok-31415926"), "{args:?}: {all}");
        (output.status.code(), all)
    };
    for format in ["human", "json", "github"] {
        let (code, all) = with_secret(&["check", "--format", format]);
        assert_eq!(code, Some(2), "{all}");
        assert!(all.contains("outside the project folder"), "{all}");
    }
    // Not even from a folder the project allows.
    fs::write(
        tmp.path().join("factmark.yaml"),
        "policy:\n  allow-outside: [/proc, /]\n",
    )
    .expect("config");
    let (code, all) = with_secret(&["check", "--format", "github"]);
    assert_eq!(code, Some(2), "{all}");
    assert!(
        all.contains("a file of the system, never an input"),
        "{all}"
    );
    // Nor from a path on the command line, through a symlink that a pull
    // request could have added to the articles.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("/proc/self/environ", tmp.path().join("seeds/env.md"))
            .expect("symlink");
        for command in ["sentences", "init"] {
            let (code, all) = with_secret(&[command, "seeds/env.md"]);
            assert_eq!(code, Some(2), "{command}: {all}");
            assert!(
                all.contains("a file of the system, never an input"),
                "{all}"
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_outside_is_refused_for_articles_and_annotation_files() {
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("secret.md"), "Token hunter2-secret.\n").expect("secret");
    fs::write(
        outside.path().join("secret.yaml"),
        "article: hunter2-secret\n",
    )
    .expect("secret yaml");
    let tmp = project("link.md");
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        tmp.path().join("annotations/link.md"),
    )
    .expect("symlink");
    std::os::unix::fs::symlink(
        outside.path().join("secret.yaml"),
        tmp.path().join("annotations/b.yaml"),
    )
    .expect("symlink");
    let r = run(tmp.path(), &["check", "--format", "github"]);
    assert_eq!(r.code, 2);
    assert!(!r.stdout.contains("hunter2"), "{}", r.stdout);
    assert_eq!(
        r.stdout.matches("outside the project folder").count(),
        2,
        "{}",
        r.stdout
    );
}

#[cfg(unix)]
#[test]
fn special_files_are_refused_without_hanging() {
    let tmp = project("pipe.md");
    let fifo = tmp.path().join("annotations/pipe.md");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(status.success());
    run(tmp.path(), &["check"]).expect(2, "a named pipe (FIFO), not a regular file");
    run(tmp.path(), &["sentences", "annotations/pipe.md"])
        .expect(2, "a named pipe (FIFO), not a regular file");

    write_yaml(&tmp.path().join("annotations/a.yaml"), "../seeds");
    run(tmp.path(), &["check"]).expect(2, "a directory, not a file");

    // Devices: refused, even from a folder the user allowed.
    write_yaml(&tmp.path().join("annotations/a.yaml"), "/dev/zero");
    run(tmp.path(), &["check", "--allow-outside", "/dev"])
        .expect(2, "a file of the system, never an input");
    run(tmp.path(), &["sentences", "/dev/zero"]).expect(2, "a file of the system, never an input");
    run(tmp.path(), &["init", "/dev/zero"]).expect(2, "a file of the system, never an input");
}

#[test]
fn an_oversized_input_is_refused_naming_its_path_once() {
    let tmp = project("../seeds/big.md");
    let big = fs::File::create(tmp.path().join("seeds/big.md")).expect("big");
    big.set_len(65 * 1024 * 1024).expect("sparse file");
    let r = run(tmp.path(), &["check", "annotations/a.yaml"]);
    r.expect(2, "over the limit of 64 MB");
    let yaml = tmp.path().join("annotations/huge.yaml");
    fs::File::create(&yaml)
        .expect("huge")
        .set_len(65 * 1024 * 1024)
        .expect("sparse file");
    let r = run(tmp.path(), &["check", "annotations/huge.yaml"]);
    r.expect(2, "over the limit of 64 MB");
    assert_eq!(r.stderr.matches("huge.yaml").count(), 1, "{}", r.stderr);
}

#[test]
fn an_allowed_outside_folder_is_read_by_flag_or_policy() {
    let outside = tempfile::tempdir().expect("temp dir");
    fs::write(outside.path().join("a.md"), format!("{SENTENCE}\n")).expect("article");
    let article = outside.path().join("a.md").display().to_string();
    let tmp = project(&article);
    run(tmp.path(), &["check"]).expect(2, "outside the project folder");
    let folder = outside.path().display().to_string();
    let r = run(tmp.path(), &["check", "--allow-outside", &folder]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    fs::write(
        tmp.path().join("factmark.yaml"),
        format!("policy:\n  allow-outside: [\"{folder}\"]\n"),
    )
    .expect("config");
    let r = run(tmp.path(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_not_followed() {
    let tmp = project("../seeds/a.md");
    std::os::unix::fs::symlink(".", tmp.path().join("annotations/self")).expect("symlink");
    let r = run(tmp.path(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.matches("a.yaml").count(), 1, "{}", r.stdout);
}

// Outputs never overwrite each other or an input.

#[test]
fn annotation_folders_are_mirrored_under_out() {
    let tmp = project("../seeds/a.md");
    for year in ["2024", "2025"] {
        let folder = tmp.path().join("annotations").join(year);
        fs::create_dir_all(&folder).expect("folder");
        write_yaml(&folder.join("election.yaml"), "../../seeds/a.md");
    }
    let r = run(tmp.path(), &["build"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let index = fs::read_to_string(tmp.path().join("site/index.html")).expect("index");
    for page in ["a.html", "2024/election.html", "2025/election.html"] {
        assert!(tmp.path().join("site").join(page).is_file(), "{page}");
        assert!(index.contains(&format!("href=\"{page}\"")), "{index}");
    }
}

#[test]
fn two_files_for_one_page_are_refused_before_anything_is_written() {
    let tmp = project("../seeds/a.md");
    write_yaml(&tmp.path().join("annotations/a.yml"), "../seeds/a.md");
    let before = snapshot(tmp.path());
    let r = run(tmp.path(), &["build"]);
    r.expect(2, "which annotations/a.yaml writes too");
    assert!(r.stderr.contains("annotations/a.yml"), "{}", r.stderr);
    assert!(!tmp.path().join("site").exists(), "nothing is written");
    assert_eq!(snapshot(tmp.path()), before);
}

#[cfg(target_os = "linux")]
#[test]
fn names_that_are_not_utf8_are_refused_and_shown_by_their_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let tmp = project("../seeds/a.md");
    for bytes in [&b"x\xff.yaml"[..], &b"x\xfe.yaml"[..]] {
        let name = std::ffi::OsStr::from_bytes(bytes);
        write_yaml(&tmp.path().join("annotations").join(name), "../seeds/a.md");
    }
    let r = run(tmp.path(), &["build"]);
    r.expect(2, "its name, x\\xff.yaml, is not UTF-8");
    assert!(r.stderr.contains("annotations/x\\xfe.yaml"), "{}", r.stderr);
    assert!(!r.stderr.contains('\u{fffd}'), "{}", r.stderr);
    assert!(!tmp.path().join("site").exists());
    // `check` names each file as its bytes are, not as one lossy name.
    let check = run(tmp.path(), &["check", "annotations"]);
    assert!(
        check.stdout.contains("annotations/x\\xfe.yaml:")
            && check.stdout.contains("annotations/x\\xff.yaml:"),
        "{}",
        check.stdout
    );
}

#[test]
fn index_yaml_never_becomes_the_site_index() {
    let tmp = project("../seeds/a.md");
    write_yaml(&tmp.path().join("annotations/index.yaml"), "../seeds/a.md");
    run(tmp.path(), &["build"]).expect(2, "the site's index");
    assert!(!tmp.path().join("site").exists());
    // Below the top it is an ordinary page.
    fs::remove_file(tmp.path().join("annotations/index.yaml")).expect("remove");
    fs::create_dir_all(tmp.path().join("annotations/desk")).expect("folder");
    write_yaml(
        &tmp.path().join("annotations/desk/index.yaml"),
        "../../seeds/a.md",
    );
    let r = run(tmp.path(), &["build"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(tmp.path().join("site/desk/index.html").is_file());
}

#[test]
fn a_folder_named_as_a_file_of_the_site_is_refused_before_anything_is_written() {
    for taken in ["index.html", "feed.xml", "claims.json", "factmark.css"] {
        let tmp = project("../seeds/a.md");
        let folder = tmp.path().join("annotations").join(taken);
        fs::create_dir_all(&folder).expect("folder");
        write_yaml(&folder.join("a.yaml"), "../../seeds/a.md");
        run(tmp.path(), &["build"]).expect(
            2,
            &format!("its page would be in a folder {taken}, the name of a file of the site"),
        );
        assert!(!tmp.path().join("site").exists(), "{taken}");
    }
}

#[test]
fn no_command_writes_onto_its_inputs() {
    let tmp = project("../seeds/a.md");
    let before = snapshot(tmp.path());
    run(
        tmp.path(),
        &["render", "annotations/a.yaml", "-o", "annotations/a.yaml"],
    )
    .expect(2, "an input of this command, which -o must not overwrite");
    run(
        tmp.path(),
        &["render", "annotations/a.yaml", "-o", "seeds/a.md"],
    )
    .expect(2, "an input of this command, which -o must not overwrite");
    let replace = "an input, which a page could replace";
    run(tmp.path(), &["build", "--out", "annotations"]).expect(2, replace);
    run(tmp.path(), &["build", "--out", "seeds"]).expect(2, replace);
    run(tmp.path(), &["build", "--out", "./seeds/"]).expect(2, replace);
    assert_eq!(snapshot(tmp.path()), before, "no input changed");
    assert!(!tmp.path().join("seeds/a.html").exists());
}

#[test]
fn page_names_are_percent_encoded_in_the_index() {
    let tmp = project("../seeds/a.md");
    fs::rename(
        tmp.path().join("annotations/a.yaml"),
        tmp.path().join("annotations/x#y ü.yaml"),
    )
    .expect("rename");
    let r = run(tmp.path(), &["build"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(tmp.path().join("site/x#y ü.html").is_file());
    let index = fs::read_to_string(tmp.path().join("site/index.html")).expect("index");
    assert!(index.contains("href=\"x%23y%20%C3%BC.html\""), "{index}");
}

#[cfg(unix)]
#[test]
fn a_page_gets_its_own_mode_never_the_replaced_files() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = project("../seeds/a.md");
    let setuid = tmp.path().join("setuid-tool");
    fs::write(&setuid, "#!/bin/sh\n").expect("tool");
    fs::set_permissions(&setuid, fs::Permissions::from_mode(0o4755)).expect("mode");
    fs::create_dir_all(tmp.path().join("site")).expect("site");
    std::os::unix::fs::symlink(&setuid, tmp.path().join("site/a.html")).expect("symlink");
    fs::write(tmp.path().join("site/index.html"), "old").expect("index");
    fs::set_permissions(
        tmp.path().join("site/index.html"),
        fs::Permissions::from_mode(0o4777),
    )
    .expect("mode");
    let r = run(tmp.path(), &["build"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    for page in ["site/a.html", "site/index.html"] {
        let meta = fs::symlink_metadata(tmp.path().join(page)).expect("page");
        assert!(meta.is_file(), "{page} is a file of its own");
        let mode = meta.permissions().mode() & 0o7777;
        assert_eq!(mode & !0o644, 0, "{page} has mode {mode:o}");
    }
    assert_eq!(fs::read(&setuid).expect("tool"), b"#!/bin/sh\n");
    assert_eq!(
        fs::metadata(&setuid).expect("tool").permissions().mode() & 0o7777,
        0o4755
    );
}

#[test]
fn a_build_removes_what_a_killed_one_left() {
    let tmp = project("../seeds/a.md");
    fs::create_dir_all(tmp.path().join("site/2024")).expect("site");
    for stale in ["site/.factmark-Ab12Cd.tmp", "site/2024/.factmark-x.tmp"] {
        fs::write(tmp.path().join(stale), "<!DOCTYPE html><html><he").expect("stale");
    }
    fs::write(tmp.path().join("site/notes.tmp"), "keep").expect("other");
    let r = run(tmp.path(), &["build"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("removed 2 temporary file(s) that a killed build left in site"),
        "{}",
        r.stderr
    );
    assert!(!tmp.path().join("site/.factmark-Ab12Cd.tmp").exists());
    assert!(!tmp.path().join("site/2024/.factmark-x.tmp").exists());
    assert!(tmp.path().join("site/notes.tmp").exists(), "not ours");
}

#[cfg(unix)]
#[test]
fn a_second_build_into_one_folder_waits_for_the_first() {
    use std::io::BufRead as _;
    let tmp = project("../seeds/a.md");
    fs::create_dir_all(tmp.path().join("site")).expect("site");
    let held = fs::File::open(tmp.path().join("site")).expect("folder");
    held.lock().expect("lock");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_factmark"))
        .arg("build")
        .current_dir(tmp.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("build");
    // The build says it waits; until the lock is released it writes nothing.
    let mut stderr = std::io::BufReader::new(child.stderr.take().expect("stderr"));
    let mut line = String::new();
    stderr.read_line(&mut line).expect("a line");
    assert_eq!(line, "waiting for another build into site to finish\n");
    assert!(child.try_wait().expect("status").is_none(), "it waits");
    assert!(!tmp.path().join("site/a.html").exists());
    drop(held);
    let status = child.wait().expect("build ends");
    assert_eq!(status.code(), Some(0));
    assert!(tmp.path().join("site/a.html").is_file());
}

#[cfg(unix)]
#[test]
fn symlinks_cannot_send_pages_out_of_the_output_folder() {
    let tmp = project("../seeds/a.md");
    let victim = tempfile::tempdir().expect("victim");
    fs::write(victim.path().join("election.html"), "precious").expect("victim");
    fs::create_dir_all(tmp.path().join("annotations/2024")).expect("folder");
    write_yaml(
        &tmp.path().join("annotations/2024/election.yaml"),
        "../../seeds/a.md",
    );
    // A folder below --out that leads elsewhere.
    fs::create_dir_all(tmp.path().join("site")).expect("site");
    std::os::unix::fs::symlink(victim.path(), tmp.path().join("site/2024")).expect("symlink");
    run(tmp.path(), &["build"]).expect(2, "would land outside --out, through a symlink");
    // An --out in the project that leads elsewhere.
    std::os::unix::fs::symlink(victim.path(), tmp.path().join("docs")).expect("symlink");
    run(tmp.path(), &["build", "--out", "docs"]).expect(2, "--out leads outside the project");
    assert_eq!(
        snapshot(victim.path()),
        vec![(victim.path().join("election.html"), b"precious".to_vec())]
    );
    assert!(!tmp.path().join("site/a.html").exists(), "nothing written");
}

#[test]
fn dot_dot_through_a_missing_folder_still_names_an_input() {
    let tmp = project("../seeds/a.md");
    fs::write(tmp.path().join("factmark.yaml"), "").expect("config");
    let before = snapshot(tmp.path());
    for target in [
        "nope/../annotations/a.yaml",
        "nope/../seeds/a.md",
        "nope/deeper/../../factmark.yaml",
    ] {
        run(tmp.path(), &["render", "annotations/a.yaml", "-o", target])
            .expect(2, "an input of this command, which -o must not overwrite");
    }
    run(tmp.path(), &["build", "--out", "nope/../annotations"])
        .expect(2, "an input, which a page could replace");
    assert_eq!(snapshot(tmp.path()), before);
}

#[test]
fn every_input_is_known_before_the_first_page_is_written() {
    // Twenty files whose articles are elsewhere, and one whose article is
    // in the output folder: nothing at all is written.
    let tmp = project("../seeds/a.md");
    fs::create_dir_all(tmp.path().join("other")).expect("other");
    fs::write(tmp.path().join("other/b.md"), format!("{SENTENCE}\n")).expect("article");
    for n in 0..20 {
        write_yaml(
            &tmp.path().join(format!("annotations/b{n:02}.yaml")),
            "../other/b.md",
        );
    }
    let before = snapshot(tmp.path());
    run(tmp.path(), &["build", "--out", "seeds"]).expect(2, "seeds/a.md, an input");
    assert_eq!(snapshot(tmp.path()), before, "no page written");
}

#[test]
fn a_run_from_a_subfolder_or_with_another_config_reads_the_project() {
    let tmp = project("../seeds/a.md");
    fs::create_dir_all(tmp.path().join(".git")).expect("a git work tree");
    let r = run(&tmp.path().join("annotations"), &["check", "a.yaml"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    fs::create_dir_all(tmp.path().join("ci")).expect("ci");
    fs::write(
        tmp.path().join("ci/factmark.yaml"),
        "policy:\n  min-coverage: 50\n",
    )
    .expect("config");
    let r = run(tmp.path(), &["--config", "ci/factmark.yaml", "check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    // The work tree's own secrets stay out.
    write_yaml(&tmp.path().join("annotations/a.yaml"), "../.git/config");
    fs::write(
        tmp.path().join(".git/config"),
        "[http] extraheader = token-123\n",
    )
    .expect("git config");
    let r = run(tmp.path(), &["build"]);
    r.expect(
        2,
        "in a hidden file or folder (such as .git), never an input",
    );
    assert!(!r.stdout.contains("token-123") && !r.stderr.contains("token-123"));
    assert!(!tmp.path().join("site/a.html").exists());
}

#[cfg(unix)]
#[test]
fn symlinked_annotation_folders_are_searched_once() {
    let tmp = project("../seeds/a.md");
    fs::create_dir_all(tmp.path().join("archive/2023")).expect("archive");
    write_yaml(
        &tmp.path().join("archive/2023/old.yaml"),
        "../../seeds/a.md",
    );
    std::os::unix::fs::symlink("../archive/2023", tmp.path().join("annotations/2023"))
        .expect("symlink");
    std::os::unix::fs::symlink("../archive", tmp.path().join("annotations/again"))
        .expect("symlink");
    let r = run(tmp.path(), &["check"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.stdout.matches("old.yaml").count(), 1, "{}", r.stdout);
    let r = run(tmp.path(), &["build"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(tmp.path().join("site/2023/old.html").is_file());
}

#[test]
fn pages_mirror_the_folders_below_every_path_given() {
    let tmp = project("../seeds/a.md");
    for year in ["2024", "2025"] {
        let folder = tmp.path().join("annotations").join(year);
        fs::create_dir_all(&folder).expect("folder");
        write_yaml(&folder.join("election.yaml"), "../../seeds/a.md");
    }
    let r = run(
        tmp.path(),
        &["build", "annotations/2024", "annotations/2025"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(tmp.path().join("site/2024/election.html").is_file());
    assert!(tmp.path().join("site/2025/election.html").is_file());
    // A file reached twice is one page.
    let r = run(
        tmp.path(),
        &["build", "annotations", "annotations", "annotations/a.yaml"],
    );
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("(3 articles)"), "{}", r.stdout);
}

// `accept` edits exactly one thing.

/// A project whose annotation `a.yaml` is *changed*: its recorded id is not
/// the sentence's.
fn changed_project() -> tempfile::TempDir {
    let tmp = project("../seeds/a.md");
    fs::write(tmp.path().join("annotations/a.yaml"), CHANGED).expect("yaml");
    tmp
}

const CHANGED: &str = "article: ../seeds/a.md\nreviewed: 2026-11-30\nannotations:\n  - quote: \"12 new parks\"\n    sentence: s-00000000  # as reviewed\n    verdict: opinion\n";

#[cfg(unix)]
#[test]
fn accept_through_a_symlink_updates_the_target_and_keeps_the_link() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = changed_project();
    let real = tmp.path().join("annotations/a.yaml");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).expect("mode");
    let link = tmp.path().join("annotations/link.yaml");
    std::os::unix::fs::symlink("a.yaml", &link).expect("symlink");
    let r = run(tmp.path(), &["accept", "annotations/link.yaml"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(fs::symlink_metadata(&link).expect("link").is_symlink());
    let text = fs::read_to_string(&real).expect("yaml");
    assert!(
        !text.contains("s-00000000") && text.contains("# as reviewed"),
        "{text}"
    );
    assert_eq!(
        fs::metadata(&real).expect("yaml").permissions().mode() & 0o7777,
        0o640,
        "the mode stays"
    );
    // Special bits too, which a change of owner would clear.
    fs::write(&real, CHANGED).expect("yaml");
    fs::set_permissions(&real, fs::Permissions::from_mode(0o2750)).expect("mode");
    let r = run(tmp.path(), &["accept", "annotations/a.yaml"]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        fs::metadata(&real).expect("yaml").permissions().mode() & 0o7777,
        0o2750
    );
    run(tmp.path(), &["check", "annotations/a.yaml"]).expect(0, "");
}

#[cfg(unix)]
#[test]
fn accept_refuses_hard_links_and_read_only_files() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = changed_project();
    let yaml = tmp.path().join("annotations/a.yaml");
    fs::hard_link(&yaml, tmp.path().join("annotations-copy.yaml")).expect("hard link");
    let before = snapshot(tmp.path());
    run(tmp.path(), &["accept", "annotations/a.yaml"]).expect(2, "hard links");
    assert_eq!(snapshot(tmp.path()), before);
    fs::remove_file(tmp.path().join("annotations-copy.yaml")).expect("unlink");

    fs::set_permissions(&yaml, fs::Permissions::from_mode(0o444)).expect("mode");
    let before = snapshot(tmp.path());
    run(tmp.path(), &["accept", "annotations/a.yaml"]).expect(2, "read-only");
    assert_eq!(snapshot(tmp.path()), before);
}

// A killed build.

/// 20 `kill -9`s of a 1,000-article build at random moments: every page
/// left is whole (byte for byte what a full build writes), and the next
/// build leaves no temporary file.
#[cfg(unix)]
#[test]
fn killed_builds_leave_no_truncated_page_and_no_temporary_file() {
    use factmark::corpus::{self, CorpusOptions};
    use std::time::Instant;

    let tmp = tempfile::tempdir().expect("temp dir");
    let options = CorpusOptions {
        articles: 1000,
        sentences_per_article: 12,
        ..CorpusOptions::default()
    };
    corpus::write_corpus(tmp.path(), &options).expect("corpus");
    // The reference is a whole build into the same folder, timed, so the
    // moments below fall within a build as long as the killed ones.
    let started = Instant::now();
    let reference = run(tmp.path(), &["build"]);
    let full = started.elapsed();
    assert!(reference.code <= 1, "{}", reference.stderr);
    let pages = |dir: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        snapshot(dir)
            .into_iter()
            .map(|(p, b)| (p.strip_prefix(dir).expect("inside").to_path_buf(), b))
            .collect()
    };
    let site = tmp.path().join("site");
    let expected: std::collections::BTreeMap<PathBuf, Vec<u8>> = pages(&site).into_iter().collect();
    // The pages, the index, the feed and claims.json.
    assert_eq!(expected.len(), 1003);

    // A small generator is enough for picking moments.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut cut_short = 0;
    for _ in 0..20 {
        // Pages already there are left alone, so each build starts with
        // none of them, and writes.
        if site.exists() {
            for (page, _) in pages(&site) {
                if page.extension().is_some_and(|e| e == "html") {
                    fs::remove_file(site.join(page)).expect("remove page");
                }
            }
        }
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let moment = full.mul_f64((state % 1000) as f64 / 1000.0);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_factmark"))
            .arg("build")
            .current_dir(tmp.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("build");
        std::thread::sleep(moment);
        child.kill().expect("kill -9");
        child.wait().expect("reaped");
        let left = pages(&site);
        let whole = left
            .iter()
            .filter(|(page, _)| !page.display().to_string().contains(".factmark-"))
            .count();
        if whole < expected.len() {
            cut_short += 1;
        }
        for (page, bytes) in left {
            let name = page.display().to_string();
            if name.contains(".factmark-") {
                continue;
            }
            assert!(
                expected.get(&page) == Some(&bytes),
                "{name} is not whole after a kill"
            );
        }
    }
    assert!(
        cut_short >= 5,
        "only {cut_short} of 20 kills stopped a build"
    );
    let r = run(tmp.path(), &["build"]);
    assert!(r.code <= 1, "{}", r.stderr);
    let after = pages(&site);
    let names: Vec<String> = after.iter().map(|(p, _)| p.display().to_string()).collect();
    assert!(
        names.iter().all(|n| !n.contains(".factmark-")),
        "temporary files remain: {names:?}"
    );
    assert_eq!(
        after
            .into_iter()
            .collect::<std::collections::BTreeMap<_, _>>(),
        expected
    );
}
