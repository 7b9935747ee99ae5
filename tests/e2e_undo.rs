//! End-to-end in tmux, for issue 12: piped text finds its notes by its content alone, and `u` /
//! `Ctrl-r` undo and redo each kind of change, each saved at once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod common;

use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// The one notes file in the data directory, once `ok` holds for its text.
fn notes_file(data: &Path, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + TIMEOUT;
    let mut last = String::new();
    while Instant::now() < deadline {
        let text = std::fs::read_dir(data.join("lector"))
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.path().extension().is_some_and(|x| x == "toml"))
            .find_map(|e| std::fs::read_to_string(e.path()).ok());
        if let Some(t) = text {
            if ok(&t) {
                return t;
            }
            last = t;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the notes file never held what was expected; last:\n{last}");
}

#[test]
fn piped_text_has_notes_of_its_own_text_only() {
    let a: String = (1..=40).map(|i| format!("alpha line {i}\n")).collect();
    let b: String = (1..=30).map(|i| format!("beta line {i}\n")).collect();
    let Some(s) = Session::shell(|bin| {
        format!(
            "printf '%s' {a} > a.txt && printf '%s' {b} > b.txt && cat a.txt | {bin} && \
             cat b.txt | {bin} && cat a.txt | {bin}",
            a = sh_quote(&a),
            b = sh_quote(&b)
        )
    }) else {
        return;
    };
    s.wait_status(&pos(1, 40), &["alpha line 1"]);
    s.keys(&["G", "m"]);
    s.wait_for(&["bookmarked line 40"]);
    s.keys(&["q"]);
    // Other text on the pipe: from its start, with no notes.
    let screen = s.wait_status(&pos(1, 30), &["beta line 1"]);
    assert!(!screen.contains("resumed"), "{}", framed(&screen));
    s.keys(&[")"]);
    s.wait_for(&["no bookmarks yet"]);
    s.keys(&["q"]);
    // The first text again: its bookmark and its place.
    let screen = s.wait_status(&pos(40, 40), &["resumed at line 40"]);
    assert!(screen.contains("*40 alpha line 40"), "{}", framed(&screen));
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn u_and_ctrl_r_undo_and_redo_every_kind_of_change_and_save_each() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    let data = s.dir().join("data");
    s.wait_line(1, &[FIRST_LINE]);
    // A bookmark with a note, a highlight, a new topic.
    s.keys(&["j", "j", "m"]);
    s.wait_for(&["bookmarked line 3"]);
    s.keys(&["a"]);
    s.wait_for(&["note:"]);
    s.type_text("check");
    s.keys(&["Enter"]);
    s.wait_for(&["note saved on line 3"]);
    s.keys(&["j", "j", "h"]);
    s.wait_for(&["highlighted line 5"]);
    s.keys(&["t"]);
    s.wait_for(&["new topic:"]);
    s.type_text("Mine");
    s.keys(&["Enter"]);
    s.wait_for(&["topic \"Mine\" at line 5"]);
    notes_file(&data, |t| t.contains("title = \"Mine\""));
    // Undo the topic, the highlight, the note, the bookmark: each is saved.
    s.keys(&["u"]);
    s.wait_for(&["undone: topic \"Mine\""]);
    notes_file(&data, |t| {
        !t.contains("Mine") && t.contains("[[highlight]]")
    });
    s.keys(&["u"]);
    s.wait_for(&["undone: highlight of line 5"]);
    notes_file(&data, |t| {
        !t.contains("[[highlight]]") && t.contains("note = \"check\"")
    });
    s.keys(&["u"]);
    s.wait_for(&["undone: note on line 3 added"]);
    notes_file(&data, |t| {
        !t.contains("note =") && t.contains("[[bookmark]]")
    });
    s.keys(&["u"]);
    s.wait_for(&["undone: bookmark on line 3 added"]);
    s.keys(&["u"]);
    s.wait_for(&["nothing to undo"]);
    // Redo all four.
    for said in [
        "redone: bookmark on line 3",
        "redone: note on line 3",
        "redone: highlight of line 5",
        "redone: topic \"Mine\"",
    ] {
        s.keys(&["C-r"]);
        s.wait_for(&[said]);
    }
    notes_file(&data, |t| {
        t.contains("Mine") && t.contains("[[highlight]]") && t.contains("note = \"check\"")
    });
    // A deletion in the list says how to get it back, and does.
    s.keys(&["B"]);
    s.wait_for(&["Bookmarks 1/1"]);
    s.keys(&["d"]);
    s.wait_for(&["bookmark and note on line 3 deleted · u to undo"]);
    notes_file(&data, |t| !t.contains("[[bookmark]]"));
    s.keys(&["u"]);
    s.wait_for(&["undone: bookmark and note on line 3"]);
    notes_file(&data, |t| {
        t.contains("[[bookmark]]") && t.contains("note = \"check\"")
    });
    s.keys(&["Escape"]);
    s.wait_gone("Bookmarks 1/1");
    s.keys(&["q"]);
    s.expect_exit(0);
}
