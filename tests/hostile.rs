//! Hostile and monstrous input, each with a test: a 10 MB line, 100,000 cues, broken and
//! out-of-order timestamps, escape sequences, OSC 8 links, bidi overrides and zero-width
//! characters, special files (`/dev/zero`, FIFOs, `/proc`), and file names with control
//! characters. The reader itself (in tmux) is tried on the same inputs in `e2e_hostile.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod common;
#[path = "common/drive.rs"]
mod drive;
#[path = "common/inputs.rs"]
mod inputs;

use common::*;
use inputs::*;
use lector::action::Action;
use lector::keymap::Keymap;
use lector::load::{Input, LoadOptions, build_document, load};
use lector::outline::Outline;
use lector::state::AppState;
use lector::text::clean::is_dirty;
use lector::transcript::Document;
use lector::update::update;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn doc_from(name: &str, bytes: impl Into<Vec<u8>>) -> Document {
    build_document(bytes.into(), name, None, &LoadOptions::default()).expect("loads")
}

fn state(doc: Document, w: u16, h: u16) -> AppState {
    let outline = Outline::from_headings(&doc).unwrap_or_else(|| Outline::single(&doc));
    let mut s = AppState::new(Arc::new(doc), outline, Arc::new(Keymap::default_keymap()));
    update(&mut s, Action::Resize(w, h));
    s
}

/// The screen as text, a row a line (wide characters once).
fn screen(s: &AppState) -> String {
    let (w, h) = s.view.size;
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    lector::ui::render(s, area, &mut buf);
    let mut out = String::new();
    for y in 0..h {
        let mut x = 0;
        while x < w {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(|c| is_dirty(c) || c.is_control()),
                "cell ({x}, {y}) holds {sym:?}"
            );
            out.push_str(sym);
            x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Monstrous input.

#[test]
fn a_10_mb_line_is_one_line_that_wraps_and_scrolls() {
    let text = ten_mb_line();
    let doc = doc_from("big.txt", text.clone());
    assert_eq!(doc.len(), 1);
    assert_eq!(doc.line(0).len(), text.len() - 1);
    assert!(doc.line(0).ends_with("LAST-WORD"));
    assert!(lector::wrap::row_count(doc.line(0), 80) > 10_000_000 / 80);
    // Scrolling walks the line's rows, which this debug build does slowly: 1 MB of it here,
    // the whole 10 MB in the release binary in `e2e_hostile.rs`.
    let mut s = state(doc_from("big.txt", &text[..1_000_000]), 80, 24);
    let first = screen(&s);
    assert!(first.contains("FIRST-WORD"), "{first}");
    // j scrolls the tall line a row at a time; Ctrl-d half a page.
    update(&mut s, Action::Down);
    update(&mut s, Action::HalfPageDown);
    let scrolled = screen(&s);
    assert_ne!(scrolled, first);
    assert!(!scrolled.contains("FIRST-WORD"), "{scrolled}");
}

#[test]
fn an_srt_with_100000_cues_loads_every_cue_with_its_time() {
    let doc = doc_from("many.srt", srt_cues(100_000));
    assert_eq!(doc.len(), 100_000);
    assert_eq!(doc.line(99_999), "cue 99999");
    assert_eq!(doc.time(99_999), Some(99_999_000));
    // 27:46:39 is the last cue; 12:00:00 is cue 43200.
    assert_eq!(doc.line_at_time(12 * 3_600_000), Some(43_200));
    let mut s = state(doc, 80, 24);
    update(&mut s, Action::Goto("12:00:00".into()));
    assert_eq!(s.view.cursor, 43_200);
    update(&mut s, Action::Bottom);
    let end = screen(&s);
    assert!(end.contains("cue 99999"), "{end}");
    assert!(end.contains("27:46:39"), "{end}");
}

// ---------------------------------------------------------------------------------------------
// Broken subtitles.

#[test]
fn out_of_order_and_overlapping_cues_keep_file_order_and_their_times() {
    let srt = "1\n00:00:10,000 --> 00:00:12,000\nten\n\n\
               2\n00:00:02,000 --> 00:00:30,000\ntwo, overlapping everything\n\n\
               3\n00:00:05,000 --> 00:00:06,000\nfive\n\n\
               4\n00:00:05,000 --> 00:00:04,000\nfive again, ends before it starts\n\n\
               5\n00:00:20,000 --> 00:00:21,000\ntwenty\n";
    let doc = doc_from("x.srt", srt);
    let lines: Vec<&str> = (0..doc.len()).map(|i| doc.line(i)).collect();
    assert_eq!(
        lines,
        [
            "ten",
            "two, overlapping everything",
            "five",
            "five again, ends before it starts",
            "twenty"
        ]
    );
    let times: Vec<Option<u32>> = (0..doc.len()).map(|i| doc.time(i)).collect();
    assert_eq!(
        times,
        [
            Some(10_000),
            Some(2_000),
            Some(5_000),
            Some(5_000),
            Some(20_000)
        ]
    );
    // The line being spoken at a time: the latest start at or before it (the last such line in
    // file order on a tie); before every cue, the first timed line.
    assert_eq!(doc.line_at_time(3_000), Some(1));
    assert_eq!(doc.line_at_time(5_500), Some(3));
    assert_eq!(doc.line_at_time(11_000), Some(0));
    assert_eq!(doc.line_at_time(60_000), Some(4));
    assert_eq!(doc.line_at_time(0), Some(0));
    let mut s = state(doc, 80, 24);
    update(&mut s, Action::Goto("0:11".into()));
    assert_eq!(s.view.cursor, 0);
    update(&mut s, Action::Goto("0:03".into()));
    assert_eq!(s.view.cursor, 1);
    screen(&s);
}

#[test]
fn broken_timestamps_are_text_not_cues() {
    let srt = "1\n00:00:01,000 --> 00:00:02,000\ngood\n\n\
               2\n00:00:0x,000 --> 00:00:03,000\nletter in the seconds\n\n\
               3\n00:00:04 --> 00:00:05\nno milliseconds\n\n\
               4\n1:2:3:4,000 --> 00:00:06,000\nfour fields\n\n\
               5\n-00:00:07,000 --> 00:00:08,000\nnegative\n\n\
               6\n99999:00:00,000 --> 0,0\nhours too long\n\n\
               7\n999:59:59,999 --> 0,0\nthe longest time\n\n\
               8\n00:00:09,000 -->\nno end time\n";
    let doc = doc_from("x.srt", srt);
    let shown: Vec<(Option<u32>, &str)> =
        (0..doc.len()).map(|i| (doc.time(i), doc.line(i))).collect();
    // A line that is not a timing line is text of the cue before it (a stray line, with its
    // time); the cue numbers before such lines are text too.
    assert_eq!(
        shown,
        [
            (Some(1_000), "good"),
            (Some(1_000), "2"),
            (Some(1_000), "00:00:0x,000 --> 00:00:03,000"),
            (Some(1_000), "letter in the seconds"),
            (Some(1_000), "3"),
            (Some(1_000), "00:00:04 --> 00:00:05"),
            (Some(1_000), "no milliseconds"),
            (Some(1_000), "4"),
            (Some(1_000), "1:2:3:4,000 --> 00:00:06,000"),
            (Some(1_000), "four fields"),
            (Some(1_000), "5"),
            (Some(1_000), "-00:00:07,000 --> 00:00:08,000"),
            (Some(1_000), "negative"),
            (Some(1_000), "6"),
            (Some(1_000), "99999:00:00,000 --> 0,0"),
            (Some(1_000), "hours too long"),
            (Some(3_599_999_999), "the longest time"),
            (Some(9_000), "no end time"),
        ]
    );
    let mut s = state(doc, 80, 24);
    update(&mut s, Action::Bottom);
    screen(&s);
}

// ---------------------------------------------------------------------------------------------
// Escape sequences, links, bidi and zero-width characters.

#[test]
fn escape_sequences_links_bidi_and_zero_width_are_shown_as_markers() {
    let doc = doc_from("hostile.txt", HOSTILE_TEXT);
    let lines: Vec<String> = (0..doc.len()).map(|i| doc.line(i).to_string()).collect();
    assert_eq!(
        lines,
        [
            "colour ^[[31mRED^[[0m plain",
            "clear ^[[2J^[[H home",
            "screen ^[[?1049l^[[?1000l off",
            "title ^[]2;PWNED^G set",
            "link ^[]8;;https://example.com/^[\\click^[]8;;^[\\ here",
            "bell ^G rung",
            "bidi abc<U+202E>fed<U+202C> and <U+2067>isolate<U+2069>",
            "zero a<U+200B>b<U+2060>c<U+FEFF>d",
        ]
    );
    // Drawn as such: `screen` checks that no cell holds a control or bidi character.
    let s = state(doc, 100, 12);
    let text = screen(&s);
    for l in &lines {
        assert!(
            text.contains(l.as_str()),
            "{l:?} not on the screen:\n{text}"
        );
    }
}

#[test]
fn webvtt_character_references_cannot_smuggle_controls() {
    let vtt = "WEBVTT\n\n00:01.000 --> 00:02.000\n&#x1b;[31mred &#x202E;rev &lrm;&rlm; &#27;&#x7;&#x85;end\n";
    let doc = doc_from("x.vtt", vtt);
    assert_eq!(
        doc.line(0),
        "^[[31mred <U+202E>rev <U+200E><U+200F> ^[^G<U+0085>end"
    );
}

// ---------------------------------------------------------------------------------------------
// The binary on special files and hostile names.

/// `lector ARGS` (the debug binary) with no terminal: it prints the cleaned text.
fn lector(args: &[&str]) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lector"));
    cmd.args(args).env_remove("NO_COLOR");
    run_with_timeout(&mut cmd, None)
}

#[test]
fn proc_files_say_they_are_empty_but_are_read() {
    for path in ["/proc/self/status", "/proc/cpuinfo", "/proc/self/mountinfo"] {
        if !Path::new(path).exists() {
            continue;
        }
        assert_eq!(std::fs::metadata(path).unwrap().len(), 0, "{path}");
        let out = lector(&[path]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{path}: {out:?}");
        assert!(text.lines().count() > 3, "{path}: {text}");
    }
    let loaded = load(
        &Input::File("/proc/self/status".into()),
        &LoadOptions::default(),
    )
    .unwrap();
    assert!(
        loaded.doc.line(0).starts_with("Name:"),
        "{}",
        loaded.doc.line(0)
    );
}

/// Endless binary input is refused after its first 64 KiB, not read to the 4 GiB limit: a /proc
/// file of size 0 that reads as hundreds of GiB of zeros, and random bytes on a pipe.
#[test]
fn endless_binary_input_is_refused_at_once() {
    let pagemap = "/proc/self/pagemap";
    if Path::new(pagemap).exists() {
        let out = lector(&[pagemap]);
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            format!("lector: {pagemap}: looks like a binary file, not text\n")
        );
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lector"));
    let random = std::fs::File::open("/dev/urandom").unwrap();
    let child = cmd
        .stdin(random)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_output(child);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "lector: standard input: looks like a binary file, not text\n"
    );
    assert_eq!(out.status.code(), Some(1));
}

/// Endless text on a pipe (`yes text | lector`) stops at the size limit with a message that says
/// the limit and how to raise it, instead of growing to the 4 GiB index limit (it used to take
/// 20 s and 4.1 GB).
#[test]
fn endless_text_on_a_pipe_stops_at_the_size_limit() {
    let Ok(mut yes) = Command::new("yes")
        .arg("text")
        .stdout(Stdio::piped())
        .spawn()
    else {
        eprintln!("skipped: `yes` (coreutils) is not installed");
        return;
    };
    let child = Command::new(env!("CARGO_BIN_EXE_lector"))
        .args(["--max-size", "2M"])
        .stdin(yes.stdout.take().unwrap())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_output(child);
    let _ = yes.kill();
    let _ = yes.wait();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "lector: standard input: more than 2 MiB, lector's limit (--max-size raises it)\n"
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}

/// The size limit reads no more than it allows, whatever the source: an endless reader stops
/// one byte past the limit, and the buffer never grows far beyond it.
#[test]
fn the_size_limit_bounds_what_is_read() {
    let cap = 3 << 20;
    let mut endless = std::io::repeat(b'x');
    let e = lector::load::read_capped(&mut endless, cap, None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "more than 3 MiB, lector's limit (--max-size raises it)"
    );
    // The default is the one the README gives.
    assert_eq!(lector::load::DEFAULT_MAX_SIZE, 256 << 20);
    assert_eq!(LoadOptions::default().max_size(), 256 << 20);
}

/// Text with binary content after the first 64 KiB (5,000 lines, then 100 MB of NULs, as a sparse
/// file) is refused as binary, from a file and from a pipe: the check runs as the bytes stream
/// in, not only on the first 64 KiB (it used to be accepted, after 69 s and 3.1 GB).
#[test]
fn binary_content_after_the_first_64_kib_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("padded.txt");
    let text: String = (0..5_000)
        .map(|i| format!("line {i} of ordinary text\n"))
        .collect();
    assert!(text.len() > 64 * 1024);
    let f = std::fs::File::create(&path).unwrap();
    (&f).write_all(text.as_bytes()).unwrap();
    f.set_len(text.len() as u64 + 100_000_000).unwrap();
    drop(f);
    let e = load(&Input::File(path.clone()), &LoadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        format!("{}: looks like a binary file, not text", path.display())
    );
    // The same bytes through a pipe, and a NUL alone at the end of a small file.
    let mut reader = std::fs::File::open(&path).unwrap();
    let e = lector::load::read_capped(
        &mut reader,
        1 << 30,
        Some(lector::transcript::decode::BinaryCheck::default()),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "looks like a binary file, not text");
    let mut bytes = text.clone().into_bytes();
    bytes.push(0);
    let e = build_document(bytes, "t.txt", None, &LoadOptions::default()).unwrap_err();
    assert_eq!(e.to_string(), "t.txt: looks like a binary file, not text");
}

/// A file bigger than the limit is refused from its size, before a byte is read, even with a
/// forced encoding (which skips the binary check): `--encoding utf-8` on a 2 GB sparse file used
/// to take 2.5 minutes and 6.3 GB.
#[test]
fn a_file_over_the_size_limit_is_refused_at_once_even_with_a_forced_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sparse.txt");
    let f = std::fs::File::create(&path).unwrap();
    (&f).write_all(b"a line\n").unwrap();
    f.set_len(2_000_000_000).unwrap();
    drop(f);
    let shown = path.to_str().unwrap();
    let out = lector(&["--encoding", "utf-8", shown]);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "lector: {shown}: 1.9 GiB, more than lector's limit of 256 MiB (--max-size raises it)\n"
        )
    );
    assert_eq!(out.status.code(), Some(1));
    // A limit set higher lets a file through; one set lower refuses it.
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "x".repeat(5000)).unwrap();
    let opts = LoadOptions {
        max_size: Some(4096),
        ..LoadOptions::default()
    };
    let e = load(&Input::File(small.clone()), &opts).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("4.9 KiB, more than lector's limit of 4 KiB (--max-size raises it)"),
        "{e}"
    );
    let opts = LoadOptions {
        max_size: Some(5000),
        ..LoadOptions::default()
    };
    assert!(load(&Input::File(small), &opts).is_ok());
}

/// Waits for `child` at most [`TIMEOUT`], killing it and failing after that.
fn wait_output(mut child: std::process::Child) -> std::process::Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn dev_zero_and_other_devices_are_refused_at_once() {
    for dev in ["/dev/zero", "/dev/urandom", "/dev/null"] {
        let start = Instant::now();
        let out = lector(&[dev]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{dev}: {err}");
        assert_eq!(
            err,
            format!("lector: {dev}: not a regular file or a pipe\n")
        );
        assert!(start.elapsed() < TIMEOUT);
    }
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    let ok = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo (coreutils)")
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

/// A FIFO with a writer: read to the end like a pipe.
#[cfg(unix)]
#[test]
fn a_fifo_with_a_writer_is_read_like_a_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("talk.srt");
    mkfifo(&fifo);
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || {
        let mut w = std::fs::OpenOptions::new()
            .write(true)
            .open(writer_path)
            .unwrap();
        w.write_all(b"1\n00:00:01,000 --> 00:00:02,000\nfrom a fifo\n")
            .unwrap();
    });
    let out = lector(&[fifo.to_str().unwrap()]);
    writer.join().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "from a fifo\n");
}

/// A FIFO nobody writes to: lector waits for a writer as `cat` does, but says so on stderr
/// after a second; a signal ends the wait at once; a writer that comes later is read.
#[cfg(unix)]
#[test]
fn a_fifo_without_a_writer_waits_says_so_and_can_be_ended() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("p");
    mkfifo(&fifo);

    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_lector"))
            .arg(&fifo)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    // Reads stderr until `needle` shows, on a thread so that the test cannot hang.
    let wait_for_notice = |child: &mut std::process::Child| {
        let mut err = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            let mut byte = [0u8; 1];
            while err.read(&mut byte).is_ok_and(|n| n == 1) {
                seen.push(byte[0]);
                if seen.ends_with(b"\n") {
                    let _ = tx.send(String::from_utf8_lossy(&seen).into_owned());
                    return;
                }
            }
            let _ = tx.send(String::from_utf8_lossy(&seen).into_owned());
        });
        rx.recv_timeout(TIMEOUT).expect("a notice on stderr")
    };

    // 1. SIGTERM while waiting: ends at once.
    let mut child = spawn();
    let notice = wait_for_notice(&mut child);
    assert_eq!(
        notice,
        format!(
            "lector: {}: waiting for a program to write to this pipe (Ctrl-C to give up)\n",
            fifo.display()
        )
    );
    assert!(child.try_wait().unwrap().is_none(), "still waiting");
    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(start.elapsed() < TIMEOUT, "SIGTERM did not end the wait");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.signal(), Some(15), "{status:?}");

    // 2. A writer that comes after the notice: its text is read.
    let mut child = spawn();
    wait_for_notice(&mut child);
    let mut w = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    w.write_all(b"late but welcome\n").unwrap();
    drop(w);
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        assert!(start.elapsed() < TIMEOUT, "lector did not finish");
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(out, "late but welcome\n");
}

#[test]
fn control_characters_in_file_names_are_cleaned_in_error_messages() {
    let dir = tempfile::tempdir().unwrap();
    // Missing, and binary: both errors name the file.
    let evil = "evil\x1b]2;PWNED\x07\x1b[31m\u{202E}txt.exe\nsecond line";
    let missing = dir.path().join(evil);
    let binary = dir.path().join(format!("{evil}.bin"));
    std::fs::write(&binary, b"\0\x01\x02binary").unwrap();
    for (path, why) in [
        (&missing, "no such file"),
        (&binary, "looks like a binary file, not text"),
    ] {
        let out = lector(&[path.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err:?}");
        assert!(
            !err.trim_end().chars().any(|c| is_dirty(c) || c == '\n'),
            "{err:?}"
        );
        assert!(
            err.contains("evil^[]2;PWNED^G^[[31m<U+202E>txt.exe^Jsecond line"),
            "{err:?}"
        );
        assert!(err.trim_end().ends_with(why), "{err:?}");
    }
    // And as the document's name (the status bar).
    let ok = dir.path().join(format!("{evil}.txt"));
    std::fs::write(&ok, "hello\n").unwrap();
    let loaded = load(&Input::File(ok), &LoadOptions::default()).unwrap();
    assert_eq!(
        loaded.doc.name,
        "evil^[]2;PWNED^G^[[31m<U+202E>txt.exe^Jsecond line.txt"
    );
}

/// A file name that is not UTF-8 (bytes from a Latin-1 or GBK system) is shown with
/// replacement characters.
#[cfg(unix)]
#[test]
fn file_names_that_are_not_utf8_are_shown_with_replacement_characters() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir
        .path()
        .join(std::ffi::OsStr::from_bytes(b"caf\xe9 \xd6\xd0\x1b[31m.txt"));
    let e = load(&Input::File(path.clone()), &LoadOptions::default()).unwrap_err();
    assert!(
        e.to_string()
            .ends_with("caf\u{FFFD} \u{FFFD}\u{FFFD}^[[31m.txt: no such file"),
        "{e}"
    );
    std::fs::write(&path, "hello\n").unwrap();
    let loaded = load(&Input::File(path), &LoadOptions::default()).unwrap();
    assert_eq!(loaded.doc.name, "caf\u{FFFD} \u{FFFD}\u{FFFD}^[[31m.txt");
}

#[cfg(unix)]
#[test]

fn the_binary_opens_a_file_whose_name_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(std::ffi::OsStr::from_bytes(b"caf\xe9.txt"));
    std::fs::write(&path, "hello\n").unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lector"));
    cmd.arg(&path);
    let out = run_with_timeout(&mut cmd, None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "hello\n");
}

/// Typed characters go into a prompt as they are. A control or bidi character (from an input
/// method, or a terminal that passes one through) is then invisible in the prompt, since ratatui
/// drops zero-width graphemes, but it is part of the search: the user cannot see what is searched.
#[test]

fn typed_control_characters_do_not_hide_in_the_prompt() {
    let mut s = state(doc_from("t.txt", "abc\n"), 80, 24);
    update(&mut s, Action::SearchForward);
    for c in ['x', '\u{202E}', 'y', '\x1b', 'z'] {
        update(&mut s, Action::PromptInsert(c));
    }
    let shown = screen(&s);
    match &s.mode {
        lector::state::Mode::Prompt(p) => {
            assert!(
                shown.lines().last().unwrap().contains(&p.text),
                "the prompt holds {:?} but shows {:?}",
                p.text,
                shown.lines().last().unwrap()
            );
        }
        m => panic!("not in a prompt: {m:?}"),
    }
}

/// Applies an action and runs any search it starts to the end, as the app's background job
/// would.
fn apply(s: &mut AppState, action: Action) {
    drive::apply(s, action);
}

/// 200 KB of words on one line, then `LAST-WORD`: 2,700 rows at 80 columns.
fn tall_line() -> String {
    let mut s = String::from("FIRST-WORD ");
    let mut i = 0;
    while s.len() < 200_000 {
        s.push_str(&format!("word{i} "));
        i += 1;
    }
    s + "LAST-WORD\n"
}

#[test]

fn g_and_shift_g_go_to_the_ends_of_tall_lines() {
    let mut s = state(doc_from("t.txt", format!("short\n{}", tall_line())), 80, 24);
    update(&mut s, Action::Bottom);
    let shown = screen(&s);
    assert!(shown.contains("LAST-WORD"), "G: {shown}");

    let mut s = state(doc_from("t.txt", tall_line()), 80, 24);
    update(&mut s, Action::PageDown);
    assert!(!screen(&s).contains("FIRST-WORD"));
    update(&mut s, Action::Top);
    let shown = screen(&s);
    assert!(shown.contains("FIRST-WORD"), "g: {shown}");
}

#[test]

fn a_match_inside_a_tall_line_is_scrolled_into_view() {
    let mut s = state(doc_from("t.txt", tall_line()), 80, 24);
    apply(&mut s, Action::SearchFor("LAST-WORD".into()));
    let shown = screen(&s);
    assert!(shown.contains("LAST-WORD"), "{shown}");
}
