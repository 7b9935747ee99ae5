//! End-to-end: bookmarks, notes and highlights in the real binary, in tmux — made, saved at
//! once, found again after quitting, exported; and a notes file that will not parse.

mod common;

use common::*;

#[test]
fn bookmark_note_highlight_quit_reopen_and_export() {
    let bundled = repo_path(BUNDLED);
    let file = sh_quote_path(&bundled);
    let Some(s) = Session::shell(|bin| {
        format!(
            "{bin}; echo $? > first-exit; {bin}; {bin} export {file} > export.md; \
             {bin} export --format json {file} > export.json; {bin} export --path {file} > path.txt"
        )
    }) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    // Line 3: a bookmark with a note written in Chinese; line 5: a highlight.
    s.keys(&["j", "j", "m"]);
    s.wait_for(&["bookmarked line 3"]);
    s.keys(&["a"]);
    s.wait_for(&["note:"]);
    s.type_text("要核实 check");
    s.keys(&["Enter"]);
    s.wait_for(&["note saved on line 3"]);
    s.keys(&["j", "j", "h"]);
    s.wait_for(&["highlighted line 5"]);
    // Saved within a second, before quitting.
    let data = s.dir().join("data").join("lector");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
    let saved = loop {
        let text = std::fs::read_dir(&data)
            .ok()
            .and_then(|mut d| {
                d.find_map(|e| {
                    let p = e.ok()?.path();
                    (p.extension()? == "toml")
                        .then(|| std::fs::read_to_string(p).ok())
                        .flatten()
                })
            })
            .unwrap_or_default();
        if text.contains("[[highlight]]") || std::time::Instant::now() > deadline {
            break text;
        }
        std::thread::sleep(POLL);
    };
    assert!(saved.contains("note = \"要核实 check\""), "{saved}");
    assert!(
        saved.contains("[[highlight]]\nstart = 5\nend = 5"),
        "{saved}"
    );
    s.keys(&[":"]);
    s.type_text("120");
    s.keys(&["Enter", "q"]);
    // The first run ended (the second one's screen hides the shell's, so ask a file).
    let first_exit = s.dir().join("first-exit");
    let deadline = std::time::Instant::now() + TIMEOUT;
    while !first_exit.exists() && std::time::Instant::now() < deadline {
        std::thread::sleep(POLL);
    }
    assert_eq!(
        std::fs::read_to_string(&first_exit)
            .unwrap_or_default()
            .trim(),
        "0"
    );
    // Reopened: back at line 120, and the bookmark is there with its note.
    s.wait_status(&pos(120, BUNDLED_LINES), &[]);
    s.keys(&["g", "j", "j"]);
    let screen = s.wait_status("✎ 要核实 check", &[]);
    assert!(
        screen.contains("*  3 可以说是经历了一个过山车"),
        "{}",
        framed(&screen)
    );
    s.keys(&["B"]);
    s.wait_for(&["Bookmarks 1/1", "✎ 要核实 check"]);
    // Esc alone (followed at once by q, a terminal reads Alt-q).
    s.keys(&["Escape"]);
    s.wait_gone("Bookmarks 1/1");
    s.keys(&["q"]);
    s.expect_exit(0);
    let md = std::fs::read_to_string(s.dir().join("export.md")).unwrap();
    assert!(md.contains("## 开场：Meta 的过山车一年"), "{md}");
    assert!(
        md.contains("> 可以说是经历了一个过山车\n>\n> — line 3\n\n要核实 check"),
        "{md}"
    );
    assert!(
        md.contains("> 让Meta成为了前沿开源模型的代名词\n>\n> — line 5"),
        "{md}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(s.dir().join("export.json")).unwrap())
            .unwrap();
    assert_eq!(json["topic"][0]["quote"][0]["note"], "要核实 check");
    let path = std::fs::read_to_string(s.dir().join("path.txt")).unwrap();
    assert!(path.trim().starts_with(data.to_str().unwrap()), "{path}");
    assert!(path.trim().ends_with(".toml"), "{path}");
}

#[test]
fn a_notes_file_that_will_not_parse_is_shown_and_left_alone() {
    let bad = "version = 1\n[[bookmark]\nline = 3\n";
    let Some(s) = Session::shell(|bin| {
        format!(
            "printf '{}' > bad.toml; {bin} --notes bad.toml",
            bad.replace('\n', "\\n")
        )
    }) else {
        return;
    };
    let screen = s.wait_for(&["notes are read-only this run"]);
    assert!(
        status_line(&screen).contains("line 2, column"),
        "{}",
        framed(&screen)
    );
    s.keys(&["m"]);
    s.wait_for(&["read-only this run: bad.toml: line 2"]);
    // Still a reader: moving works.
    s.keys(&["j"]);
    s.wait_line(2, &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
    assert_eq!(
        std::fs::read_to_string(s.dir().join("bad.toml")).unwrap(),
        bad
    );
}

#[test]
fn sigterm_and_sighup_save_the_notes_and_the_position_before_exiting() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let Some(s) = Session::lector(&["--notes", "n.toml"]) else {
            return;
        };
        s.wait_line(1, &[FIRST_LINE]);
        // A bookmark, then the signal at once: before the saver's debounce would have written.
        s.keys(&["j", "j", "m", "G"]);
        s.wait_status(&pos(BUNDLED_LINES, BUNDLED_LINES), &[]);
        s.signal(signal);
        s.expect_exit(code);
        let text = std::fs::read_to_string(s.dir().join("n.toml")).unwrap_or_default();
        assert!(
            text.contains("[[bookmark]]\nline = 3"),
            "SIG{signal}: {text}"
        );
        assert!(
            text.contains("[position]\nline = 313"),
            "SIG{signal}: {text}"
        );
    }
}
