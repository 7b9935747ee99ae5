//! End-to-end tests: the release binary runs inside tmux, as a user would run it, and the tests
//! read the screen. Each test has its own tmux server, so they run in parallel.
//!
//! Without tmux these tests print a notice and pass, except under CI (`CI` set), where they
//! fail. Every wait polls the screen (see `common::TIMEOUT`); there are no fixed sleeps.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod common;

use common::*;

/// The bundled transcript in the repository, as an absolute path.
fn bundled_file() -> String {
    repo_path(BUNDLED).to_str().unwrap().to_string()
}

#[test]
fn opens_the_bundled_transcript_and_quits_with_q() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    let screen = s.wait_line(1, &[FIRST_LINE, "Outline · sidecar"]);
    let status = status_line(&screen);
    assert!(
        status.contains("llamacon-zuckerberg.zh.txt") && status.contains(FIRST_TOPIC),
        "the status bar shows the file and the first topic:\n{}",
        framed(&screen)
    );
    assert_eq!(
        gutter_numbers(&screen).first(),
        Some(&1),
        "{}",
        framed(&screen)
    );
    // The outline pane lists the first topic (ellipsized at this width) as the current one.
    assert!(
        screen.lines().any(|l| l.starts_with("▶ 开场：Meta")),
        "the first topic is marked current in the outline:\n{}",
        framed(&screen)
    );
    assert_eq!(
        s.terminal_modes(),
        "1 1 0",
        "while reading: alternate screen on, mouse capture on, cursor hidden"
    );
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn ctrl_c_quits_and_restores_the_terminal() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    s.assert_reader_modes();
    s.keys(&["C-c"]);
    s.expect_exit(0);
}

#[test]
fn j_k_and_arrows_move_one_line() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    s.keys(&["j"]);
    s.wait_line(2, &[]);
    s.keys(&["j"]);
    s.wait_line(3, &[]);
    s.keys(&["k"]);
    s.wait_line(2, &[]);
    s.keys(&["Down"]);
    s.wait_line(3, &[]);
    s.keys(&["Up", "Up"]);
    s.wait_line(1, &[]);
    // Up on the first line stays there.
    s.keys(&["k"]);
    s.keys(&["j"]);
    s.wait_line(2, &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn goto_prompt_line_percent_first_and_last() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);

    s.keys(&[":"]);
    s.wait_until("the `:` prompt in the status bar", |sc| {
        status_line(sc).trim_end() == ":"
    });
    s.type_text("150");
    s.wait_until("`:150` in the prompt", |sc| {
        status_line(sc).trim_end() == ":150"
    });
    s.keys(&["Enter"]);
    let screen = s.wait_line(150, &[LINE_150]);
    assert!(
        gutter_numbers(&screen).contains(&150),
        "line 150 is on screen with its number:\n{}",
        framed(&screen)
    );

    // 40% of the way from line 1 to line 313: line 1 + round(312 × 0.4) = 126.
    s.keys(&[":"]);
    s.type_text("40%");
    s.keys(&["Enter"]);
    let screen = s.wait_line(126, &[]);
    assert!(
        status_line(&screen).contains(" 40% "),
        "{}",
        framed(&screen)
    );

    s.keys(&["G"]);
    s.wait_line(313, &[LAST_LINE, " 100% "]);
    s.keys(&["g"]);
    s.wait_line(1, &[FIRST_LINE]);
    s.keys(&["End"]);
    s.wait_line(313, &[LAST_LINE]);
    s.keys(&["Home"]);
    s.wait_line(1, &[FIRST_LINE]);

    // Esc and Ctrl-c close the prompt without going anywhere (Ctrl-c does not quit here).
    s.keys(&[":"]);
    s.type_text("99");
    s.wait_until("`:99` in the prompt", |sc| {
        status_line(sc).trim_end() == ":99"
    });
    s.keys(&["Escape"]);
    s.wait_line(1, &[]);
    s.keys(&[":"]);
    s.type_text("99");
    s.wait_until("`:99` in the prompt", |sc| {
        status_line(sc).trim_end() == ":99"
    });
    s.keys(&["C-c"]);
    s.wait_line(1, &[]);
    assert!(s.lector_running(), "Ctrl-c in the prompt must not quit");

    // Bad input is an error in the status bar, and the cursor stays.
    s.keys(&[":"]);
    s.type_text("abc");
    s.keys(&["Enter"]);
    s.wait_status("not a line, percent or time", &[]);
    s.wait_line(1, &[]);
    // A time needs a timed transcript; the bundled one has no timestamps.
    s.keys(&[":"]);
    s.type_text("1:30");
    s.keys(&["Enter"]);
    s.wait_status("this transcript has no timestamps", &[]);
    s.wait_line(1, &[]);

    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn next_and_previous_topic() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    s.keys(&["]"]);
    s.wait_line(31, &["Llama 4 系列与后续模型计划"]);
    s.keys(&["]"]);
    let screen = s.wait_line(49, &[LINE_49]);
    assert!(
        status_line(&screen).contains(TOPIC_3),
        "{}",
        framed(&screen)
    );
    // A topic jump puts the topic's first line at the top.
    assert_eq!(
        gutter_numbers(&screen).first(),
        Some(&49),
        "{}",
        framed(&screen)
    );
    s.keys(&["["]);
    s.wait_line(31, &[]);
    s.keys(&["["]);
    s.wait_line(1, &[FIRST_LINE]);
    // Before the first topic there is none: a notice, and the cursor stays.
    s.keys(&["["]);
    s.wait_status("first topic", &[]);
    s.wait_line(1, &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn space_b_and_page_keys_turn_pages_ctrl_d_ctrl_u_half_pages() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    let first = s.wait_line(1, &[FIRST_LINE]);
    let numbers = gutter_numbers(&first);
    let last_on_first_page = *numbers.last().unwrap();
    assert!(last_on_first_page > 10, "{}", framed(&first));

    // A page down: the line after the first page is now at the top, and the cursor is on it.
    for key in ["Space", "PgDn"] {
        s.keys(&[key]);
        let screen = s.wait_until("the view to move a page down", |sc| {
            status_position(sc).is_some_and(|(l, _)| l != 1)
        });
        let top = gutter_numbers(&screen)[0];
        assert_eq!(
            top,
            last_on_first_page + 1,
            "{key}: the next page starts after the last line of the first\n{}",
            framed(&screen)
        );
        assert_eq!(cursor_line(&screen), top, "{}", framed(&screen));

        // And back: the first page again, the cursor still on screen.
        s.keys(&[if key == "Space" { "b" } else { "PgUp" }]);
        // The status bar is drawn last: once it has changed, the whole frame is on screen.
        let screen = s.wait_until("the view to move back to the first page", |sc| {
            status_position(sc).is_some_and(|(l, _)| l != top)
                && gutter_numbers(sc).first() == Some(&1)
        });
        let cursor = cursor_line(&screen);
        assert!(
            gutter_numbers(&screen).contains(&cursor),
            "the cursor line {cursor} is on screen\n{}",
            framed(&screen)
        );
        s.keys(&["g"]);
        s.wait_line(1, &[]);
    }

    // Half a page: the cursor and the view move about half the 23 text rows.
    s.keys(&["C-d"]);
    let screen = s.wait_until("the cursor to move half a page", |sc| {
        status_position(sc).is_some_and(|(l, _)| l != 1)
    });
    let cursor = cursor_line(&screen);
    let top = gutter_numbers(&screen)[0];
    assert!(
        (8..=13).contains(&cursor) && (8..=13).contains(&top),
        "Ctrl-d moves the cursor and the view about 11 rows, not to {cursor} (top {top})\n{}",
        framed(&screen)
    );
    s.keys(&["C-u"]);
    let screen = s.wait_line(1, &[FIRST_LINE]);
    assert_eq!(gutter_numbers(&screen)[0], 1, "{}", framed(&screen));

    s.keys(&["q"]);
    s.expect_exit(0);
}

/// The row of a styled screen that starts in reverse video (`\x1b[7m`, `\x1b[1;7m`, …): the
/// outline's selection.
fn selected_row(styled: &str) -> Option<&str> {
    styled.lines().find(|l| {
        l.strip_prefix("\x1b[")
            .and_then(|rest| rest.split_once('m'))
            .is_some_and(|(params, _)| params.split(';').any(|p| p == "7"))
    })
}

#[test]
fn tab_focuses_the_outline_and_enter_jumps_to_a_topic() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE, "   Outline"]);
    s.keys(&["Tab"]);
    s.wait_for(&["▸ Outline"]);
    // The selection (reverse video across the pane) starts on the current topic.
    s.wait_until_styled("the first topic selected", |sc| {
        selected_row(sc).is_some_and(|r| r.contains("开场"))
    });
    // In the outline, j moves the selection, not the transcript's cursor.
    s.keys(&["j", "j"]);
    s.wait_until_styled("the third topic selected", |sc| {
        selected_row(sc).is_some_and(|r| r.contains("开源超越闭源"))
    });
    let screen = s.wait_line(1, &["▸ Outline"]);
    assert_eq!(gutter_numbers(&screen)[0], 1, "{}", framed(&screen));
    s.keys(&["Enter"]);
    let screen = s.wait_line(49, &[LINE_49]);
    assert!(
        status_line(&screen).contains(TOPIC_3),
        "{}",
        framed(&screen)
    );
    assert!(
        screen.lines().any(|l| l.starts_with("▶ 开源超越闭源")),
        "the third topic is now the current one in the outline:\n{}",
        framed(&screen)
    );
    // Enter gave the focus back to the transcript: j moves the cursor again.
    s.wait_gone("▸ Outline");
    s.keys(&["j"]);
    s.wait_line(50, &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn o_hides_and_shows_the_outline() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE, "Outline"]);
    s.keys(&["o"]);
    // The pane is gone, and the transcript takes the whole width.
    let first_row = format!("   1 {FIRST_LINE}");
    s.wait_until("the outline pane to go", |sc| {
        !sc.contains("Outline") && sc.lines().next().map(str::trim_end) == Some(&first_row)
    });
    s.keys(&["o"]);
    s.wait_for(&["Outline · sidecar", FIRST_LINE]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn question_mark_shows_help_and_esc_closes_it() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    // `?` opens the backward-search prompt, which says how to reach the help from there.
    s.keys(&["?"]);
    s.wait_for(&["search backward · Enter or ? alone: help"]);
    s.keys(&["?"]);
    s.wait_for(&["lector help", "next line", "half a page down"]);
    s.keys(&["Escape"]);
    s.wait_gone("lector help");
    // `?` Enter and F1 open it too; q in the help closes the help, it does not quit.
    s.keys(&["?", "Enter"]);
    s.wait_for(&["lector help"]);
    s.keys(&["Escape"]);
    s.wait_gone("lector help");
    s.keys(&["F1"]);
    s.wait_for(&["lector help"]);
    s.keys(&["q"]);
    s.wait_gone("lector help");
    assert!(s.lector_running(), "q in the help must close it, not quit");
    s.keys(&["j"]);
    s.wait_line(2, &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

fn signal_exits_and_restores(signal: &str, code: i32) {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    s.assert_reader_modes();
    s.signal(signal);
    s.expect_exit(code);
}

#[test]
fn sigterm_exits_143_and_restores_the_terminal() {
    signal_exits_and_restores("TERM", 143);
}

#[test]
fn sighup_exits_129_and_restores_the_terminal() {
    signal_exits_and_restores("HUP", 129);
}

#[test]
fn sigint_exits_130_and_restores_the_terminal() {
    signal_exits_and_restores("INT", 130);
}

#[test]
fn resizing_never_crashes_and_keeps_the_cursor_line_on_screen() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    s.keys(&[":"]);
    s.type_text("150");
    s.keys(&["Enter"]);
    s.wait_line(150, &[LINE_150]);

    // 1×1: all that fits is the first letter of the notice.
    s.resize(1, 1);
    s.wait_until("the 1×1 screen to show the notice's first letter", |sc| {
        sc.trim() == "l"
    });
    assert!(s.lector_running(), "lector died at 1×1");

    // Wide enough for the notice, too short for the reader.
    s.resize(60, 3);
    s.wait_for(&["lector: too small (need 20×4)"]);
    assert!(s.lector_running(), "lector died at 60×3");

    // 30×8: no outline pane, the text wraps, line 150 is still the cursor and on screen.
    s.resize(30, 8);
    let screen = s.wait_line(150, &["150 只是在人们无法实现物理连"]);
    assert!(!screen.contains("Outline"), "{}", framed(&screen));

    s.resize(200, 60);
    let screen = s.wait_line(
        150,
        &[LINE_150, "Outline · sidecar", "开场：Meta 的过山车一年 "],
    );
    assert!(
        gutter_numbers(&screen).contains(&150),
        "{}",
        framed(&screen)
    );

    s.resize(80, 24);
    // tmux shows the 200×60 screen cut to 80×24 until lector redraws, and that held all of
    // this: wait for the status bar redrawn at 80 columns, `? help` at its end.
    let screen = s.wait_until("the screen redrawn at 80×24", |sc| {
        let status = status_line(sc);
        status.contains(&pos(150, BUNDLED_LINES))
            && status.trim_end().ends_with("? help")
            && sc.contains(LINE_150)
            && sc.contains("Outline · sidecar")
    });
    assert!(
        gutter_numbers(&screen).contains(&150),
        "{}",
        framed(&screen)
    );
    assert!(!screen.contains("too small"), "{}", framed(&screen));

    // Still reading keys.
    s.keys(&["j"]);
    s.wait_line(151, &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn reads_text_from_a_pipe_and_keys_from_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("piped.txt");
    let text: String = (1..=40)
        .map(|i| format!("from the pipe, line {i}\n"))
        .collect();
    std::fs::write(&file, text).unwrap();
    let file = sh_quote(file.to_str().unwrap());
    let Some(s) = Session::shell(|bin| format!("cat {file} | {bin}")) else {
        return;
    };
    let screen = s.wait_status(&pos(1, 40), &["from the pipe, line 1", "(stdin)"]);
    assert!(!screen.contains(FIRST_LINE), "{}", framed(&screen));
    s.assert_reader_modes();
    s.keys(&["j"]);
    s.wait_status(&pos(2, 40), &[]);
    s.keys(&["G"]);
    s.wait_status(&pos(40, 40), &["from the pipe, line 40"]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn plus_line_opens_at_that_line() {
    let file = bundled_file();
    let Some(s) = Session::lector(&["+150", &file]) else {
        return;
    };
    let screen = s.wait_line(150, &[LINE_150, "Outline · sidecar"]);
    assert!(
        gutter_numbers(&screen).contains(&150),
        "{}",
        framed(&screen)
    );
    assert!(
        status_line(&screen).contains("llamacon-zuckerberg.zh.txt"),
        "{}",
        framed(&screen)
    );
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn plus_slash_pattern_opens_at_the_first_match() {
    let file = bundled_file();
    let Some(s) = Session::lector(&["+/Codec", &file]) else {
        return;
    };
    let screen = s.wait_line(159, &["他们研发的 Codec 头像非常逼真"]);
    assert!(
        gutter_numbers(&screen).contains(&159),
        "{}",
        framed(&screen)
    );
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn plus_slash_pattern_without_a_match_says_so_and_opens_at_the_top() {
    let file = bundled_file();
    let Some(s) = Session::lector(&["+/zzzz", &file]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    s.wait_status("Pattern not found: zzzz", &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

const SRT: &str = "tests/fixtures/subtitles/zh_pytvzhen_zh.srt";

#[test]
fn opens_an_srt_file() {
    let file = repo_path(SRT).to_str().unwrap().to_string();
    let Some(s) = Session::lector(&[&file]) else {
        return;
    };
    s.wait_status(
        "zh_pytvzhen_zh.srt",
        &["在2011年的一项研究中", "研究人员跟踪了一组法官"],
    );
    // Time gutter: once SRT parsing lands (parse branch), each cue shows its start time as
    // `m:ss` in a gutter (`0:08 在2011年的一项研究中`); see
    // `srt_cues_show_their_times_and_the_prompt_goes_to_a_time`.
    s.keys(&["G"]);
    s.wait_until("the last cue, as the cursor line", |sc| {
        status_position(sc).is_some_and(|(l, n)| l == n && n > 1)
            && sc.contains("获取更多关于如何塑造角色的可行的科学建议")
    });
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn srt_cues_show_their_times_and_the_prompt_goes_to_a_time() {
    let file = repo_path(SRT).to_str().unwrap().to_string();
    let Some(s) = Session::lector(&[&file]) else {
        return;
    };
    // One line per cue, its start time in the gutter, no cue numbers or `-->` lines.
    let screen = s.wait_status(
        " 0:08 ",
        &["0:08 在2011年的一项研究中", "0:10 研究人员跟踪了一组法官"],
    );
    assert!(!screen.contains("-->"), "{}", framed(&screen));
    // Cue 27 (1:29.190) is being spoken at 1:30.
    s.keys(&[":"]);
    s.type_text("1:30");
    s.keys(&["Enter"]);
    let screen = s.wait_status(" 1:29 ", &["我们能做些什么来对抗疲劳呢"]);
    assert_eq!(cursor_line(&screen), 27, "{}", framed(&screen));
    s.keys(&[":"]);
    s.type_text("00:05:13");
    s.keys(&["Enter"]);
    s.wait_status(" 5:12 ", &["获取更多关于如何塑造角色的可行的科学建议"]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn outline_subcommand_on_a_terminal_prints_the_bundled_outline() {
    // With a terminal on standard input and no FILE, `lector outline` uses the bundled sample.
    let Some(s) = Session::shell(|bin| format!("{bin} outline > outline.txt")) else {
        return;
    };
    s.expect_exit(0);
    let text = std::fs::read_to_string(s.dir().join("outline.txt")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!((15..=20).contains(&lines.len()), "{text}");
    assert_eq!(lines[0].trim(), format!("1  {FIRST_TOPIC}"), "{text}");
    assert!(
        lines.contains(&format!(" 49  {TOPIC_3}").as_str()),
        "{text}"
    );
}

/// The checks after exit must fail when a program leaves the terminal in a bad state; this runs
/// shell commands that do (no lector) and expects `expect_exit` to complain about each.
#[test]
fn the_harness_notices_a_terminal_that_was_not_restored() {
    let cases = [
        ("raw mode left on", "stty raw -echo", 0),
        ("alternate screen left on", "printf '\\033[?1049h'", 0),
        ("mouse capture left on", "printf '\\033[?1003h'", 0),
        ("cursor left hidden", "printf '\\033[?25l'", 0),
        ("another exit status", "sh -c 'exit 3'", 0),
        (
            "a panic message",
            "echo 'thread main panicked at src/app.rs'",
            0,
        ),
    ];
    for (what, command, code) in cases {
        let Some(s) = Session::shell(|_| command.to_string()) else {
            return;
        };
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            s.expect_exit(code);
        }));
        assert!(caught.is_err(), "expect_exit did not notice: {what}");
    }
    // And it accepts a program that leaves everything as it was.
    let Some(s) = Session::shell(|_| "true".to_string()) else {
        return;
    };
    s.expect_exit(0);
}

#[test]
fn mouse_wheel_scrolls_and_clicks_move_the_cursor_or_jump_to_a_topic() {
    // tmux cannot click, but the terminal's mouse reports are bytes: send SGR reports
    // (`ESC [ < button ; column ; row M`, 1-based) as a terminal with mouse capture would.
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    // Two notches of the wheel over the transcript: 3 rows each, the cursor stays on screen.
    s.type_text("\x1b[<65;50;5M");
    s.type_text("\x1b[<65;50;5M");
    let screen = s.wait_line(7, &[]);
    assert_eq!(
        gutter_numbers(&screen).first(),
        Some(&7),
        "{}",
        framed(&screen)
    );
    // A click on the 8th row puts the cursor on the line shown there.
    s.type_text("\x1b[<0;50;8M");
    s.wait_line(14, &[]);
    // A click on the outline's third topic jumps to it.
    s.type_text("\x1b[<0;5;4M");
    s.wait_line(49, &[LINE_49]);
    s.keys(&["q"]);
    s.expect_exit(0);
}
// ---------------------------------------------------------------------------------------------
// The config file.

/// Runs lector in tmux with `config` written to `mine.toml` in the session's directory and
/// `--config mine.toml`.
fn lector_with_config(config: &str) -> Option<Session> {
    let config = config.to_string();
    Session::shell(move |bin| {
        format!("cat > mine.toml <<'LECTOR_EOF'\n{config}LECTOR_EOF\n{bin} --config mine.toml")
    })
}

#[test]
fn a_config_file_remaps_keys_and_turns_the_mouse_off() {
    let Some(s) = lector_with_config(
        "mouse = false\n[keys.transcript]\n\"x\" = \"next_topic\"\n\"j\" = \"none\"\n",
    ) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    // Mouse capture is off, so the terminal's own selection works.
    assert_eq!(s.terminal_modes(), "1 0 0");
    s.keys(&["x"]);
    s.wait_line(31, &["在与帕特尔的这场访谈中"]);
    // j is unbound: nothing moves, while k (still bound) does.
    s.keys(&["j", "k"]);
    s.wait_line(30, &[]);
    // The help lists the new key.
    s.keys(&["F1"]);
    // Waiting for the title alone could read a frame whose rows below it are not yet drawn.
    s.wait_until("the help showing x for next topic", |sc| {
        sc.contains("lector help")
            && sc
                .lines()
                .any(|l| l.contains(" x ") && l.contains("next topic"))
    });
    s.keys(&["Escape"]);
    s.wait_gone("lector help");
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn a_bad_config_shows_its_message_and_lector_still_starts() {
    let Some(s) = lector_with_config("wrap = false\n[keys.transcript]\n\"j\" = \"fly\"\n") else {
        return;
    };
    // The status bar is drawn last: a frame with the text may not have it yet.
    s.wait_status(
        "config: mine.toml:3:7: [keys.transcript] \"j\"",
        &[FIRST_LINE],
    );
    s.assert_reader_modes();
    // j keeps its default.
    s.keys(&["j"]);
    s.wait_line(2, &[]);
    s.keys(&["q"]);
    let screen = s.expect_exit(0);
    // The message is also on standard error, left on the screen after lector exits.
    assert!(
        screen.contains("lector: mine.toml:3:7: [keys.transcript] \"j\": unknown action 'fly'"),
        "{}",
        framed(&screen)
    );
}

#[test]
fn search_as_you_type_n_and_the_jump_list() {
    let Some(s) = Session::lector(&[]) else {
        return;
    };
    s.wait_line(1, &[FIRST_LINE]);
    // Smart case: "deepseek" finds "DeepSeek"; the view moves while typing, and the count shows.
    s.keys(&["/"]);
    s.type_text("deepseek");
    let screen = s.wait_for(&["/deepseek", " 1/"]);
    let styled = s.styled_screen();
    assert!(styled.contains("DeepSeek"), "{}", framed(&screen));
    s.keys(&["Enter"]);
    // The prompt shows the count too: wait for what only the closed prompt shows, the count
    // beside the position in the status bar.
    let screen = s.wait_until("the search confirmed", |screen| {
        let status = status_line(screen);
        status.contains(" 1/") && status.contains("│") && !status.contains("/deepseek")
    });
    let first = cursor_line(&screen);
    assert!(first > 1, "{}", framed(&screen));
    s.keys(&["n"]);
    let screen = s.wait_status(" 2/", &[]);
    let second = cursor_line(&screen);
    assert!(second >= first, "{}", framed(&screen));
    s.keys(&["N"]);
    s.wait_status(" 1/", &[]);
    // Back along the jump list (N, n and the search were jumps) to where the search started,
    // and forward again.
    s.keys(&["C-o"]);
    s.wait_status(&pos(second, BUNDLED_LINES), &[]);
    s.keys(&["C-o"]);
    s.wait_status(&pos(first, BUNDLED_LINES), &[]);
    s.keys(&["C-o"]);
    s.wait_line(1, &[]);
    s.keys(&["C-n"]);
    s.wait_status(&pos(first, BUNDLED_LINES), &[]);
    // Nothing found says so; Esc during a search returns to where it started.
    s.keys(&["/"]);
    s.type_text("zzzzqqq");
    s.keys(&["Enter"]);
    s.wait_for(&["Pattern not found: zzzzqqq"]);
    s.keys(&["/"]);
    s.type_text("Behemoth");
    s.wait_for(&["/Behemoth"]);
    s.keys(&["Escape"]);
    s.wait_status(&pos(first, BUNDLED_LINES), &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
}
