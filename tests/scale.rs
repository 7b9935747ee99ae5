//! Big files: one of 1 MiB or more opens with a preview of its first lines while the whole file
//! loads (`lector::load::preview`, `lector::app::run_preview`). The release binary runs in tmux
//! on a 60,000-line transcript from `benches/common`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod common;
#[path = "../benches/common/mod.rs"]
mod transcript;

use common::*;

const LINES: usize = 60_000;

#[test]
fn a_big_file_opens_with_its_first_lines_then_behaves_as_any_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.txt");
    std::fs::write(&path, transcript::transcript(LINES)).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() >= lector::load::PREVIEW_MIN_BYTES);
    let Some(s) = Session::lector(&[path.to_str().unwrap()]) else {
        return;
    };
    s.wait_for(&[transcript::FIRST_MARK]);
    // Sent as soon as the first screen is up, perhaps while the file still loads: either way
    // it goes to the last line of the whole file.
    s.keys(&["G"]);
    s.wait_status(&pos(LINES, LINES), &[transcript::LAST_MARK]);
    s.keys(&["/"]);
    s.type_text(transcript::PHRASE);
    s.keys(&["Enter"]);
    // The prompt shows ` 1/1 ` as the search runs, and the last line was on screen before:
    // wait for the prompt to close, the count beside the position.
    s.wait_until("the search confirmed", |sc| {
        let status = status_line(sc);
        status.contains(" 1/1 ")
            && status.contains(&pos(LINES, LINES))
            && !status.contains(transcript::PHRASE)
    });
    s.keys(&["g"]);
    s.wait_status(
        &pos(1, LINES),
        &[transcript::FIRST_MARK, "Outline · automatic"],
    );
    s.keys(&["q"]);
    s.expect_exit(0);
}
