//! End-to-end: bookmarks, notes and highlights in the real binary, in tmux — made, saved at
//! once, found again after quitting, exported; and a notes file that will not parse.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

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
    // Saved soon, before quitting (within a second on an idle machine).
    let data = s.dir().join("data").join("lector");
    let deadline = std::time::Instant::now() + TIMEOUT;
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
    // Reopened: back at line 120, and the bookmark is there with its note. (The first run's
    // last screen showed line 120 too: wait for what only the second run says.)
    s.wait_status(&pos(120, BUNDLED_LINES), &["resumed at line 120"]);
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
    assert_eq!(
        std::path::Path::new(path.trim()).extension(),
        Some("toml".as_ref()),
        "{path}"
    );
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
    // Still a reader: moving works, and clears the message (so that `m`'s own can be seen: the
    // opening message says the same words).
    s.keys(&["j"]);
    s.wait_until("line 2, the message gone", |sc| {
        status_line(sc).contains(&pos(2, BUNDLED_LINES)) && !sc.contains("read-only")
    });
    s.keys(&["m"]);
    s.wait_for(&["read-only this run: bad.toml: line 2"]);
    s.keys(&["j"]);
    s.wait_line(3, &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
    assert_eq!(
        std::fs::read_to_string(s.dir().join("bad.toml")).unwrap(),
        bad
    );
}

#[test]
fn sigterm_and_sighup_save_the_notes_and_remember_the_position_before_exiting() {
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
        // The position is state, not notes: it is in the state directory's positions file.
        let positions = s.dir().join("state").join("lector").join("positions.toml");
        let state = std::fs::read_to_string(&positions).unwrap_or_default();
        assert!(state.contains("line = 313\n"), "SIG{signal}: {state}");
        assert!(!text.contains("[position]"), "SIG{signal}: {text}");
    }
}

/// Polls `path` until `ok` holds for its text (the saver writes within a second).
fn wait_file(path: &std::path::Path, ok: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + TIMEOUT;
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if ok(&text) || std::time::Instant::now() > deadline {
            return text;
        }
        std::thread::sleep(POLL);
    }
}

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn each_file_keeps_its_own_notes_and_resuming_is_said_and_re_anchored() {
    // Issue 12: ep2/transcript.srt opened at ep1's line with ep1's note; the position was not
    // re-anchored; resuming was silent; viewing left files behind.
    let ep1: String = (1..=682).map(|i| format!("ep1 line {i}\n")).collect();
    let ep2: String = (1..=179).map(|i| format!("第二集 第 {i} 行\n")).collect();
    let Some(s) = Session::shell(|bin| {
        format!(
            "mkdir ep1 ep2 && printf '%s' {ep1} > ep1/transcript.txt && printf '%s' {ep2} > \
             ep2/transcript.txt && {bin} ep1/transcript.txt && {bin} ep2/transcript.txt && \
             printf 'new\\nnew\\n' | cat - ep1/transcript.txt > t && mv t ep1/transcript.txt && \
             {bin} ep1/transcript.txt",
            ep1 = sh_quote(&ep1),
            ep2 = sh_quote(&ep2)
        )
    }) else {
        return;
    };
    s.wait_status(&pos(1, 682), &["ep1 line 1"]);
    s.keys(&[":"]);
    s.type_text("500");
    s.keys(&["Enter"]);
    s.wait_status(&pos(500, 682), &[]);
    s.keys(&["m"]);
    s.wait_for(&["bookmarked line 500"]);
    s.keys(&["q"]);
    // ep2: its own (no) notes, from its first line.
    let screen = s.wait_status(&pos(1, 179), &["第二集 第 1 行"]);
    assert!(!screen.contains("resumed"), "{}", framed(&screen));
    s.keys(&["B"]);
    s.wait_for(&["No bookmarks yet"]);
    s.keys(&["Escape"]);
    s.wait_gone("No bookmarks yet");
    s.keys(&["q"]);
    // ep1 again, two lines inserted at the top: the bookmark and the position moved together,
    // and the reader says where it resumed.
    let screen = s.wait_status(&pos(502, 684), &["resumed at line 502"]);
    assert!(screen.contains("*502 ep1 line 500"), "{}", framed(&screen));
    s.keys(&["q"]);
    s.expect_exit(0);
    // One notes file (ep1's), no lock or backup in the data directory; the position is state.
    let data = files_under(&s.dir().join("data"));
    assert_eq!(data.len(), 1, "{data:?}");
    assert!(data[0].starts_with("lector/transcript.txt-"), "{data:?}");
    let state = files_under(&s.dir().join("state"));
    assert!(
        state.contains(&"lector/positions.toml".to_string()),
        "{state:?}"
    );
}

#[test]
fn overlapping_highlights_keep_every_line_and_notes_leaves_no_lock_beside_it() {
    // Issue 12: `:10 v jjj h` then `:12 v jjjj h` kept only 12–16; `--notes x.toml` left
    // `x.toml.lock` beside it.
    let Some(s) = Session::lector(&["--notes", "x.toml"]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    for (line, downs, said) in [
        ("10", 3, "highlighted lines 10–13"),
        ("12", 4, "highlighted lines 12–16"),
    ] {
        s.keys(&[":"]);
        s.type_text(line);
        s.keys(&["Enter", "v"]);
        for _ in 0..downs {
            s.keys(&["j"]);
        }
        s.keys(&["h"]);
        s.wait_for(&[said]);
    }
    let x = s.dir().join("x.toml");
    let text = wait_file(&x, |t| t.contains("end = 16"));
    assert!(
        text.contains("[[highlight]]\nstart = 10\nend = 16\n"),
        "{text}"
    );
    assert_eq!(text.matches("[[highlight]]").count(), 1, "{text}");
    s.keys(&["q"]);
    s.expect_exit(0);
    let here: Vec<String> = files_under(s.dir())
        .into_iter()
        .filter(|f| f.starts_with("x.toml"))
        .collect();
    // The file and, if the two highlights were saved apart, its one backup: no lock.
    assert!(
        here.iter().all(|f| f == "x.toml" || f == "x.toml.bak") && here.contains(&"x.toml".into()),
        "{here:?}"
    );
}
