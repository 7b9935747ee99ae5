//! Hostile and monstrous input in the real reader: the release binary in tmux, read as a user
//! would read it. A 10 MB line, 100,000 cues, a file that tries to drive the terminal (and a file
//! name that does), a FIFO with and without a writer, and signals while background work runs.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod common;
#[path = "common/inputs.rs"]
mod inputs;

use common::*;
use inputs::*;
use std::io::Write;
use std::time::Instant;

/// Writes `contents` to a new temporary directory as `name`; returns the directory (kept alive
/// by the caller) and the path.
fn temp_file(name: &str, contents: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, contents).unwrap();
    let path = path.to_str().unwrap().to_string();
    (dir, path)
}

#[test]
fn a_10_mb_line_opens_in_seconds_and_scrolls() {
    let (_dir, path) = temp_file("big.txt", &ten_mb_line());
    let _ = release_bin();
    let start = Instant::now();
    let Some(s) = Session::lector(&[&path]) else {
        return;
    };
    let first = s.wait_status(&pos(1, 1), &["FIRST-WORD word0 word1"]);
    let opened = start.elapsed();
    eprintln!("10 MB line: first screen after {opened:?}");
    s.assert_reader_modes();
    // The automatic outline (0.03 s for such a line) narrows the text when its pane arrives,
    // and the rows are wrapped again around the top row's text: arriving between the keys
    // below, it made "and back" end a row off. Keys wait for it.
    s.wait_for(&["Outline · automatic"]);

    // j scrolls the tall line a row at a time, Ctrl-d half a page, Space a page.
    let t = Instant::now();
    s.keys(&["j"]);
    let one = s.wait_until("the first row to scroll away", |sc| {
        !sc.contains("FIRST-WORD")
    });
    s.keys(&["C-d"]);
    let half = s.wait_until("half a page more", |sc| sc != one);
    s.keys(&["Space"]);
    let page = s.wait_until("a page more", |sc| sc != half);
    // And back: b, Ctrl-u, k.
    s.keys(&["b"]);
    let back = s.wait_until("a page back", |sc| sc != page);
    s.keys(&["C-u"]);
    s.wait_until("half a page back", |sc| sc != back);
    s.keys(&["k"]);
    s.wait_for(&["FIRST-WORD word0 word1"]);
    eprintln!(
        "10 MB line: j, Ctrl-d, Space, b, Ctrl-u, k took {:?}",
        t.elapsed()
    );
    assert_ne!(first, one);

    // A search over the whole line finds the match at its end (bringing it into view is
    // another matter: see `a_match_inside_a_tall_line_is_scrolled_into_view` in hostile.rs).
    let t = Instant::now();
    s.keys(&["/"]);
    s.type_text("LAST-WORD");
    s.keys(&["Enter"]);
    // The prompt shows ` 1/1 ` too, before Enter is handled: wait for the prompt to close.
    s.wait_until("the search confirmed", |sc| {
        let status = status_line(sc);
        status.contains(" 1/1 ") && status.contains(&pos(1, 1)) && !status.contains("/LAST-WORD")
    });
    eprintln!("10 MB line: search took {:?}", t.elapsed());
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn an_srt_with_100000_cues_opens_and_goes_to_times() {
    let (_dir, path) = temp_file("many.srt", &srt_cues(100_000));
    let _ = release_bin();
    let start = Instant::now();
    let Some(s) = Session::lector(&[&path]) else {
        return;
    };
    s.wait_status(&pos(1, 100_000), &["cue 0"]);
    eprintln!("100,000 cues: first screen after {:?}", start.elapsed());
    s.keys(&["G"]);
    s.wait_status(&pos(100_000, 100_000), &["27:46:39 cue 99999"]);
    s.keys(&[":"]);
    s.type_text("12:00:00");
    s.keys(&["Enter"]);
    s.wait_status(&pos(43_201, 100_000), &["12:00:00 cue 43200"]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

/// Every escape sequence in the file shows as text; the terminal sees none of them: its title,
/// alternate screen and mouse mode stay as lector set them, nothing is coloured red, and the
/// screen is not cleared. The file's name, full of escapes too, is shown cleaned.
#[test]
fn escape_sequences_in_a_file_or_its_name_never_reach_the_terminal() {
    let name = "name\x1b]2;NAMEPWNED\x07\x1b[31m\u{202E}.txt";
    let (_dir, path) = temp_file(name, HOSTILE_TEXT);
    let Some(s) = Session::lector(&[&path]) else {
        return;
    };
    // Wide enough for every line to fit on one row.
    s.resize(160, 24);
    s.wait_until(
        "every line shown as text, the name in the status bar",
        |sc| {
            status_line(sc).contains("name^[]2;NAMEPWNED^G^[[31m<U+")
                && [
                    "colour ^[[31mRED^[[0m plain",
                    "clear ^[[2J^[[H home",
                    "screen ^[[?1049l^[[?1000l off",
                    "title ^[]2;PWNED^G set",
                    "link ^[]8;;https://example.com/^[\\click^[]8;;^[\\ here",
                    "bell ^G rung",
                    "bidi abc<U+202E>fed<U+202C> and <U+2067>isolate<U+2069>",
                    "zero a<U+200B>b<U+2060>c<U+FEFF>d",
                ]
                .iter()
                .all(|n| sc.contains(n))
        },
    );
    // Leaving the alternate screen and turning the mouse off did not happen.
    s.assert_reader_modes();
    let title = s.display("#{pane_title}");
    assert!(
        !title.contains("PWNED"),
        "the pane title was set: {title:?}"
    );
    let styled = s.styled_screen();
    for raw in [
        "\x1b[31mRED",
        "\x1b]8;",
        "\x1b]2;",
        "\u{202E}",
        "\u{2067}",
        "\u{200B}",
    ] {
        assert!(
            !styled.contains(raw),
            "{raw:?} reached the terminal:\n{}",
            framed(&styled.replace('\x1b', "\\e"))
        );
    }
    // Moving redraws the same lines: still markers.
    s.keys(&["G"]);
    s.wait_status(
        &pos(8, 8),
        &["zero a<U+200B>b<U+2060>c<U+FEFF>d", "colour ^[[31mRED"],
    );
    s.keys(&["q"]);
    s.expect_exit(0);
}

/// `lector FIFO` with nobody writing: the wait is announced, Ctrl-C ends it (exit 130, the
/// terminal untouched); a writer that comes later is read and shown.
#[test]
fn a_fifo_waits_for_its_writer_and_says_so() {
    let Some(s) = Session::shell(|bin| format!("mkfifo p && {bin} p")) else {
        return;
    };
    s.wait_for(&["lector: p: waiting for a program to write to this pipe (Ctrl-C to give up)"]);
    assert!(s.lector_running());
    let mut w = std::fs::OpenOptions::new()
        .write(true)
        .open(s.dir().join("p"))
        .unwrap();
    for i in 1..=30 {
        writeln!(w, "from the fifo, line {i}").unwrap();
    }
    drop(w);
    s.wait_status(&pos(1, 30), &["from the fifo, line 1", " p "]);
    s.assert_reader_modes();
    s.keys(&["G"]);
    s.wait_status(&pos(30, 30), &["from the fifo, line 30"]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn ctrl_c_ends_the_wait_for_a_fifo_writer() {
    // Before lector takes the terminal, Ctrl-C is the terminal's SIGINT to the whole foreground
    // process group, the test's wrapper shell included; an interactive shell survives it, and
    // so does this one with a handler (which lector does not inherit). The handler ends the
    // line the terminal's `^C` echo started, so that `EXIT=` starts a line.
    let Some(s) = Session::shell(|bin| format!("trap echo INT; mkfifo p && {bin} p")) else {
        return;
    };
    s.wait_for(&["waiting for a program to write to this pipe"]);
    s.keys(&["C-c"]);
    s.expect_exit(130);
}

/// SIGTERM and SIGHUP while the automatic outline of a big file is being computed and a
/// search runs: the terminal is restored and the exit status is 128+n.
#[test]
fn signals_during_background_work_exit_128_plus_n_and_restore() {
    let (_dir, path) = temp_file("many.srt", &srt_cues(100_000));
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let Some(s) = Session::lector(&[&path]) else {
            return;
        };
        s.wait_status(&pos(1, 100_000), &["cue 0"]);
        s.keys(&["/"]);
        s.type_text("cue 9");
        s.assert_reader_modes();
        s.signal(signal);
        s.expect_exit(code);
    }
}

/// The terminal goes away (the window is closed, ssh drops): the pty closes and the kernel sends
/// SIGHUP. lector must end, not linger or spin on a terminal that is gone.
#[test]
fn closing_the_terminal_ends_lector() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    let pid = s.lector_pid();
    drop(s); // kills the tmux server, and with it the pty
    let began = Instant::now();
    loop {
        // Gone, or a zombie waiting for its new parent to reap it.
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let proc_state = stat.rsplit_once(") ").map(|(_, rest)| &rest[..1]);
        if proc_state.is_none_or(|st| st == "Z" || st == "X") {
            break;
        }
        assert!(
            began.elapsed() < TIMEOUT,
            "lector (pid {pid}) still runs after its terminal closed: {stat}"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    eprintln!(
        "lector ended {:?} after its terminal closed",
        began.elapsed()
    );
}

/// An argument clap rejects (an unknown flag, such as a hostile file name starting with `-`, or a
/// bad `--format` value) is quoted in clap's error as it is: on a terminal its escape sequences
/// reach the terminal (off a terminal clap strips them, so only tmux shows this).
#[test]
fn escape_sequences_in_rejected_arguments_never_reach_the_terminal() {
    let Some(s) = Session::shell(|bin| {
        format!(
            "{bin} \"$(printf -- '-x\\033]2;PWNED\\007\\033[31mRED')\"; \
             {bin} outline --format \"$(printf 'x\\033]2;PWNED\\007\\033[31mRED')\""
        )
    }) else {
        return;
    };
    let screen = s.wait_for(&["error:", "EXIT="]);
    let title = s.display("#{pane_title}");
    assert!(
        !title.contains("PWNED"),
        "the pane title was set: {title:?}"
    );
    // The rendered error drops the sequences (as clap does off a terminal); the colour never
    // turns red and the error still names the argument.
    assert!(
        screen.contains("unexpected argument '-x"),
        "{}",
        framed(&screen)
    );
    let styled = s.styled_screen();
    assert!(!styled.contains("\x1b[31m"), "{styled:?}");
}
