//! `kill -9` at random moments while the notes are being saved: the file on disk is always
//! whole — the old version or the new one — and what was saved before is never lost.
//!
//! The test runs itself as the child: with `LECTOR_SAVE_LOOP` set, it saves in a loop until
//! killed.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::notes::Bookmark;
use lector::notes::store::{Store, read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TEST_NAME: &str = "kill_9_while_saving_always_leaves_a_whole_file";

/// The child: keeps adding a bookmark (with a long note, so each write takes a while) and
/// saving, forever.
fn save_loop(path: &Path) -> ! {
    let locks = path.with_file_name("locks");
    let (mut store, mut notes) = Store::open(path.to_path_buf(), None, locks).expect("open");
    let mut seen = 0;
    loop {
        let n = notes.bookmarks.len() + 1;
        let mut b = Bookmark::new(n, &format!("line {n}"), None);
        b.note = Some("笔记 note ".repeat(200));
        notes.bookmarks.push(b);
        let saved = store.save(seen, &notes).expect("save");
        seen = saved.id;
        notes = (*saved.merged).clone();
    }
}

/// Checks the file is whole: it parses, and its bookmarks are exactly 1..=n.
fn whole(path: &Path) -> usize {
    match read(path) {
        Ok(Some((notes, _))) => {
            let lines: Vec<usize> = notes.bookmarks.iter().map(|b| b.line).collect();
            assert_eq!(
                lines,
                (1..=lines.len()).collect::<Vec<_>>(),
                "{}",
                path.display()
            );
            lines.len()
        }
        Ok(None) => 0,
        Err(e) => panic!("torn notes file after kill -9: {e}"),
    }
}

#[test]
fn kill_9_while_saving_always_leaves_a_whole_file() {
    if let Some(p) = std::env::var_os("LECTOR_SAVE_LOOP") {
        save_loop(Path::new(&p));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("notes.toml");
    let exe = std::env::current_exe().unwrap();
    // A small xorshift, seeded from the clock: each run kills at other moments.
    let mut seed = Instant::now().elapsed().as_nanos() as u64
        ^ 0x9e37_79b9_7f4a_7c15
        ^ u64::from(std::process::id());
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut saved_before = 0;
    let rounds = 25;
    for _ in 0..rounds {
        let mut child = Command::new(&exe)
            .args(["--exact", TEST_NAME, "--nocapture", "--test-threads=1"])
            .env("LECTOR_SAVE_LOOP", &path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(20 + rand() % 120));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let n = whole(&path);
        assert!(
            n >= saved_before,
            "a finished save was lost: {n} < {saved_before}"
        );
        saved_before = n;
        let bak = dir.path().join("notes.toml.bak");
        if bak.exists() {
            whole(&bak);
        }
    }
    assert!(
        saved_before > rounds,
        "the child saved too little to test anything: {saved_before}"
    );
    // Nothing but the file, its .bak, the lock directory (the test's stand-in for
    // $XDG_RUNTIME_DIR) and at most one temporary file of the last kill (the next save
    // removes it).
    let others: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["notes.toml", "notes.toml.bak", "locks"].contains(&n.as_str()))
        .collect();
    assert!(others.len() <= 1, "{others:?}");
}
