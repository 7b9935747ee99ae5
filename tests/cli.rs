//! Non-interactive behaviour of the `lector` binary: errors, `lector outline`, `--help`,
//! `--version`, and printing the text when standard output is not a terminal.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// `lector ARGS` (the debug binary), with no terminal anywhere and `stdin` as standard input.
fn lector(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lector"));
    cmd.args(args)
        .env("RUST_BACKTRACE", "1")
        .env_remove("NO_COLOR");
    run_with_timeout(&mut cmd, stdin)
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Checks that `lector FILE` fails cleanly: a non-zero exit, nothing on stdout, and exactly one
/// line on stderr that names the file — no panic, no backtrace.
fn assert_refuses(file: &Path, why: &str) {
    let shown = file.to_str().unwrap();
    let out = lector(&[shown], None);
    let err = stderr(&out);
    assert!(
        !out.status.success(),
        "{why}: expected a non-zero exit, got {:?}; stderr: {err}",
        out.status
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{why}: an error exits 1, not a crash"
    );
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{why}: {err}"
    );
    assert_eq!(
        err.lines().count(),
        1,
        "{why}: one line on stderr, got:\n{err}"
    );
    assert!(err.ends_with('\n'), "{why}: {err:?}");
    assert!(
        err.starts_with("lector: ") && err.contains(shown),
        "{why}: the message names the file {shown}: {err}"
    );
    assert!(out.stdout.is_empty(), "{why}: nothing on stdout");
}

#[test]
fn a_missing_file_is_one_line_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-transcript.txt");
    assert_refuses(&missing, "missing file");
    let err = stderr(&lector(&[missing.to_str().unwrap()], None));
    assert!(err.contains("no such file"), "{err}");
}

#[test]
fn a_directory_is_one_line_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    assert_refuses(dir.path(), "directory");
    let err = stderr(&lector(&[dir.path().to_str().unwrap()], None));
    assert!(err.contains("is a directory"), "{err}");
}

#[cfg(unix)]
#[test]
fn dev_zero_is_refused_without_reading_it() {
    // Reading /dev/zero would never end: the timeout in `run_with_timeout` catches that.
    assert_refuses(Path::new("/dev/zero"), "/dev/zero");
}

#[test]
fn a_binary_file_is_one_line_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("archive.bin");
    let mut bytes = b"PK\x03\x04\x14\x00\x00\x00\x08\x00".to_vec();
    bytes.extend((0..4096u32).map(|i| (i * 7 % 256) as u8));
    std::fs::write(&file, &bytes).unwrap();
    assert_refuses(&file, "binary file");
}

#[test]
fn two_files_are_an_error() {
    let a = repo_path(BUNDLED);
    let a = a.to_str().unwrap();
    let out = lector(&[a, a], None);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("one file"), "{err}");
}

/// The bundled transcript's outline, from its sidecar next to it in `assets/`.
fn bundled_outline_text() -> String {
    let out = lector(&["outline", repo_path(BUNDLED).to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(out.stderr.is_empty(), "no warnings: {}", stderr(&out));
    stdout(&out)
}

/// `  49  Title` → (49, "Title").
fn parse_outline_line(line: &str) -> (usize, String) {
    let t = line.trim_start();
    let (n, title) = t
        .split_once("  ")
        .unwrap_or_else(|| panic!("not `LINE  TITLE`: {line:?}"));
    (
        n.parse()
            .unwrap_or_else(|_| panic!("no line number: {line:?}")),
        title.to_string(),
    )
}

#[test]
fn outline_prints_15_to_20_topics_with_line_numbers() {
    // With no FILE and no terminal on stdin, `lector outline` would read stdin; the bundled
    // sample (no FILE, a terminal) is covered in e2e_tmux.rs. Here: the same transcript and
    // sidecar, by path.
    let text = bundled_outline_text();
    let topics: Vec<(usize, String)> = text.lines().map(parse_outline_line).collect();
    assert!(
        (15..=20).contains(&topics.len()),
        "{} topics:\n{text}",
        topics.len()
    );
    assert_eq!(topics[0], (1, FIRST_TOPIC.to_string()));
    assert_eq!(topics[2], (49, TOPIC_3.to_string()));
    for w in topics.windows(2) {
        assert!(w[0].0 < w[1].0, "line numbers ascend:\n{text}");
    }
    assert!(
        topics
            .iter()
            .all(|(l, t)| *l <= BUNDLED_LINES && !t.is_empty())
    );
    // Line numbers are right-aligned to the widest (313 has three digits).
    assert!(text.starts_with("  1  "), "{text}");
}

#[test]
fn outline_as_toml_has_topic_tables() {
    let out = lector(
        &[
            "outline",
            "--format",
            "toml",
            repo_path(BUNDLED).to_str().unwrap(),
        ],
        None,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    let doc: toml::Table = toml::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let topics = doc["topic"]
        .as_array()
        .unwrap_or_else(|| panic!("[[topic]] tables:\n{text}"));
    assert!((15..=20).contains(&topics.len()), "{text}");
    let mut parsed = Vec::new();
    for t in topics {
        let t = t.as_table().expect("each topic is a table");
        let line = t["line"].as_integer().expect("line is an integer");
        let title = t["title"].as_str().expect("title is a string");
        let level = t["level"].as_integer().expect("level is an integer");
        assert!((1..=BUNDLED_LINES as i64).contains(&line), "{t:?}");
        assert!(level >= 1, "{t:?}");
        parsed.push((line as usize, title.to_string()));
    }
    // The same topics as the text format.
    let from_text: Vec<(usize, String)> = bundled_outline_text()
        .lines()
        .map(parse_outline_line)
        .collect();
    assert_eq!(parsed, from_text);
}

#[test]
fn a_sidecar_next_to_the_file_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talk.txt");
    let text: String = (1..=12).map(|i| format!("line {i}\n")).collect();
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();

    // No sidecar: one topic, the file.
    let out = lector(&["outline", path], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).lines().count(), 1, "{}", stdout(&out));

    std::fs::write(
        dir.path().join("talk.txt.outline.toml"),
        "[[topic]]\nline = 1\ntitle = \"Opening\"\n\n\
         [[topic]]\nline = 5\ntitle = \"The middle part\"\nlevel = 1\n\n\
         [[topic]]\nline = 7\ntitle = \"A detail\"\nlevel = 2\n",
    )
    .unwrap();
    let out = lector(&["outline", path], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        " 1  Opening\n 5  The middle part\n 7    A detail\n"
    );

    // And it round-trips through `--format toml`.
    let out = lector(&["outline", "--format", "toml", path], None);
    let doc: toml::Table = toml::from_str(&stdout(&out)).unwrap();
    let t = doc["topic"].as_array().unwrap()[2].as_table().unwrap();
    assert_eq!(t["line"].as_integer(), Some(7));
    assert_eq!(t["title"].as_str(), Some("A detail"));
    assert_eq!(t["level"].as_integer(), Some(2));
}

#[test]
fn a_sidecar_with_the_extension_replaced_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talk.txt");
    std::fs::write(&file, "a\nb\nc\nd\n").unwrap();
    std::fs::write(
        dir.path().join("talk.outline.toml"),
        "[[topic]]\nline = 3\ntitle = \"Third\"\n",
    )
    .unwrap();
    let out = lector(&["outline", file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "3  Third\n");
}

#[test]
fn a_broken_sidecar_is_a_warning_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talk.txt");
    std::fs::write(&file, "a\nb\nc\nd\n").unwrap();
    std::fs::write(dir.path().join("talk.txt.outline.toml"), "[[topic]\n").unwrap();
    let out = lector(&["outline", file.to_str().unwrap()], None);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("talk.txt.outline.toml"), "{err}");
    assert_eq!(stdout(&out).lines().count(), 1, "falls back to one topic");
}

#[test]
fn help_lists_the_outline_command_and_encoding() {
    let out = lector(&["--help"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let help = stdout(&out);
    assert!(help.contains("outline"), "{help}");
    assert!(help.contains("--encoding"), "{help}");
    assert!(help.contains("+LINE"), "{help}");
}

#[test]
fn version_prints_the_version() {
    let out = lector(&["--version"], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        format!("lector {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn without_a_terminal_on_stdout_the_text_is_printed() {
    // `lector FILE | cat`: stdout is a pipe, so lector prints the text as less does.
    let path = repo_path(BUNDLED);
    let out = lector(&[path.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    let expected = std::fs::read_to_string(&path).unwrap();
    assert_eq!(stdout(&out), expected);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));

    // A file without a final newline gets one.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("short.txt");
    std::fs::write(&file, "first\nsecond").unwrap();
    let out = lector(&[file.to_str().unwrap()], None);
    assert_eq!(stdout(&out), "first\nsecond\n");

    // `+LINE` does not change what is printed.
    let out = lector(&["+2", file.to_str().unwrap()], None);
    assert_eq!(stdout(&out), "first\nsecond\n");
}

#[test]
fn text_on_stdin_is_read_when_there_is_no_file() {
    // `echo … | lector | cat`.
    let out = lector(&[], Some("从管道来的文字\nsecond line\n".as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "从管道来的文字\nsecond line\n");
    let out = lector(&["-"], Some(b"dash means stdin\n"));
    assert_eq!(stdout(&out), "dash means stdin\n");
}

#[test]
fn an_unknown_encoding_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talk.txt");
    std::fs::write(&file, "hello\n").unwrap();
    for args in [
        vec!["--encoding", "klingon-8", file.to_str().unwrap()],
        vec!["outline", "--encoding", "klingon-8", file.to_str().unwrap()],
    ] {
        let out = lector(&args, None);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
        assert!(
            err.contains("klingon-8") && err.contains("encoding"),
            "{args:?}: the message names the label: {err}"
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

/// `--max-size` takes sizes with units, says what is wrong with one it cannot read, and applies
/// to a pipe and to the subcommands' input as to the reader's.
#[test]
fn max_size_is_a_size_and_limits_every_input() {
    let out = lector(&["--help"], None);
    assert!(stdout(&out).contains("--max-size"));
    let out = lector(&["--max-size", "lots", "-"], Some(b"x\n"));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("'lots' is not a size (try 512M, 2G or a number of bytes)"),
        "{}",
        stderr(&out)
    );
    let out = lector(&["--max-size", "1K", "-"], Some(&[b'x'; 2000]));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "lector: standard input: more than 1 KiB, lector's limit (--max-size raises it)\n"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talk.txt");
    std::fs::write(&file, "a line\n".repeat(300)).unwrap();
    let shown = file.to_str().unwrap();
    let out = lector(&["outline", "--max-size", "1K", shown], None);
    assert_eq!(
        stderr(&out),
        format!(
            "lector: {shown}: 2.1 KiB, more than lector's limit of 1 KiB (--max-size raises it)\n"
        )
    );
    let out = lector(&["--max-size", "1M", shown], None);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_known_encoding_label_is_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("talk.txt");
    std::fs::write(&file, "hello\n").unwrap();
    let out = lector(&["--encoding", "utf-8", file.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "hello\n");
}

#[test]
fn outline_shows_the_users_edits_from_the_notes_file() {
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("n.toml");
    std::fs::write(
        &notes,
        "version = 1\n[outline]\nremoved = [31]\n[[outline.topic]]\nline = 40\ntitle = \"我的主题\"\n",
    )
    .unwrap();
    let file = common::repo_path(common::BUNDLED);
    let out = common::run_with_timeout(
        std::process::Command::new(env!("CARGO_BIN_EXE_lector"))
            .arg("outline")
            .arg(&file)
            .arg("--notes")
            .arg(&notes),
        None,
    );
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains(" 40  我的主题"), "{text}");
    assert!(!text.contains(" 31  "), "{text}");
    // --auto shows the automatic outline as computed, without the edits.
    let out = common::run_with_timeout(
        std::process::Command::new(env!("CARGO_BIN_EXE_lector"))
            .args(["outline", "--auto"])
            .arg(&file)
            .arg("--notes")
            .arg(&notes),
        None,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains("我的主题"), "{text}");
}

#[test]
fn the_config_file_sets_the_size_limit_and_the_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("c.toml");
    std::fs::write(&config, "max_size = \"1K\"\n").unwrap();
    let file = dir.path().join("t.txt");
    std::fs::write(&file, "word ".repeat(1000)).unwrap();
    let (c, f) = (config.to_str().unwrap(), file.to_str().unwrap());
    let out = lector(&["--config", c, "outline", f], None);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("lector's limit"), "{err}");
    for args in [
        ["--config", c, "outline", "--max-size", "1M", f],
        // Options before the subcommand are options, not the file to open.
        ["--config", c, "--max-size", "1M", "outline", f],
    ] {
        let out = lector(&args, None);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
