//! End-to-end: notes that cannot be saved are never lost silently. When the notes file's folder
//! becomes impossible to write while lector runs (it is replaced by a regular file, which stops
//! root too), `m` then `q` says so on stderr with where the notes went instead, exits 1, and that
//! file holds the bookmark.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod common;

use common::*;

#[test]
fn quitting_with_notes_that_could_not_be_saved_says_where_they_went_and_exits_1() {
    let Some(s) = Session::shell(|bin| {
        format!(
            "printf 'one\\ntwo\\nthree\\n' > t.txt; mkdir d; \
             {bin} --notes d/n.toml t.txt 2> err.txt"
        )
    }) else {
        return;
    };
    s.wait_status(&pos(1, 3), &[]);
    let d = s.dir().join("d");
    std::fs::remove_dir_all(&d).unwrap();
    std::fs::write(&d, "").unwrap();
    s.keys(&["j", "m"]);
    // The save fails within a second or two: the status bar says so.
    s.wait_for(&["notes not saved"]);
    s.keys(&["q"]);
    s.expect_exit(1);
    let err = std::fs::read_to_string(s.dir().join("err.txt")).unwrap();
    assert!(
        err.contains("your notes could not be saved"),
        "stderr: {err}"
    );
    let path = err
        .split("they are in ")
        .nth(1)
        .map_or_else(|| panic!("no path in: {err}"), str::trim);
    let saved = std::fs::read_to_string(path).unwrap();
    assert!(
        saved.contains("[[bookmark]]") && saved.contains("line = 2") && saved.contains("two"),
        "{saved}"
    );
}
