//! `lector notes --list` and `--prune`, and `lector export` with the notes found by path and
//! by text: the binary, run with its own data, state and runtime directories.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn lector(root: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lector"));
    cmd.args(args)
        .env("HOME", root)
        .env("XDG_DATA_HOME", root.join("data"))
        .env("XDG_STATE_HOME", root.join("state"))
        .env("XDG_RUNTIME_DIR", root.join("run"))
        .env("XDG_CONFIG_HOME", root.join("config"))
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("run lector");
    if let Some(text) = stdin {
        use std::io::Write;
        let mut i = child.stdin.take().unwrap();
        i.write_all(text.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Writes a notes file for the transcript at `path` the way the reader would.
fn annotate(root: &Path, path: &Path, lines: &[usize]) {
    let text = fs::read_to_string(path).unwrap();
    let doc = lector::transcript::Document::new(
        path.file_name().unwrap().to_string_lossy(),
        lector::transcript::Format::Plain,
        text,
    );
    // As the binary finds them from the environment set in `lector` above.
    let homes = lector::notes::Homes {
        data: Some(root.join("data/lector")),
        state: Some(root.join("state/lector")),
        runtime: Some(root.join("run/lector")),
    };
    let mut o = lector::notes::open_for(&doc, Some(path), None, &homes);
    let mut n = o.notes.clone();
    for &l in lines {
        n.toggle_bookmark(l, doc.line(l), None);
    }
    o.store.as_mut().unwrap().save(0, &n).unwrap();
}

#[test]
fn notes_list_shows_each_file_and_prune_removes_only_the_gone_after_asking() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let keep = root.join("keep.txt");
    let gone = root.join("gone\u{1b}]2;pwned\u{7}.txt");
    fs::write(&keep, "a\nb\nc\n").unwrap();
    fs::write(&gone, "x\ny\n").unwrap();
    annotate(root, &keep, &[0, 2]);
    annotate(root, &gone, &[1]);
    fs::remove_file(&gone).unwrap();
    let o = lector(root, &["notes", "--list"], None);
    assert!(o.status.success(), "{}", err(&o));
    let text = out(&o);
    assert!(text.contains("keep.txt"), "{text}");
    assert!(text.contains("2 bookmarks, 0 highlights"), "{text}");
    assert!(text.contains("(gone)"), "{text}");
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "escapes cleaned: {text:?}"
    );
    // Without a terminal to ask on, --prune refuses without --yes.
    let o = lector(root, &["notes", "--prune"], None);
    assert!(!o.status.success());
    assert!(err(&o).contains("--yes"), "{}", err(&o));
    assert_eq!(fs::read_dir(root.join("data/lector")).unwrap().count(), 2);
    let o = lector(root, &["notes", "--prune", "--yes"], None);
    assert!(o.status.success(), "{}", err(&o));
    assert!(out(&o).contains("removed 1 notes file"), "{}", out(&o));
    let left: Vec<String> = fs::read_dir(root.join("data/lector"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 1);
    assert!(left[0].starts_with("keep.txt-"), "{left:?}");
    let o = lector(root, &["notes", "--prune", "--yes"], None);
    assert!(out(&o).contains("nothing to prune"), "{}", out(&o));
}

#[test]
fn export_finds_a_files_notes_by_path_and_piped_texts_by_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let t = root.join("t.txt");
    fs::write(&t, "one\ntwo\nthree\n").unwrap();
    annotate(root, &t, &[1]);
    let o = lector(root, &["export", t.to_str().unwrap()], None);
    assert!(out(&o).contains("> two\n>\n> — line 2"), "{}", out(&o));
    // The same name elsewhere: not its notes.
    fs::create_dir(root.join("other")).unwrap();
    let t2 = root.join("other/t.txt");
    fs::write(&t2, "one\ntwo\nthree\n").unwrap();
    let o = lector(root, &["export", t2.to_str().unwrap()], None);
    // (The same text at another path whose original still exists: a copy of the notes.)
    assert!(out(&o).contains("> two"), "{}", out(&o));
    fs::write(&t2, "other text\n").unwrap();
    let o = lector(root, &["export", t2.to_str().unwrap()], None);
    assert!(!out(&o).contains("> "), "{}", out(&o));
    // Viewing and exporting wrote nothing new.
    assert_eq!(fs::read_dir(root.join("data/lector")).unwrap().count(), 1);
    // Piped text: none yet, and export of it writes nothing.
    let o = lector(root, &["export"], Some("piped\ntext\n"));
    assert!(o.status.success(), "{}", err(&o));
    assert_eq!(fs::read_dir(root.join("data/lector")).unwrap().count(), 1);
}
