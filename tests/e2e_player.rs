//! Listening, end to end: the release binary in tmux plays a silent recording with a real mpv
//! (`--ao=null`, from the config's `[player] args`) through a timed transcript, and the test
//! asks mpv itself, over the same control socket, where it is.
//!
//! The transcript has a line every 2 seconds for 10 minutes ("line 46 at 1:30" starts at 90 s);
//! the recording is a 10-minute silent WAV the test writes beside it, so lector finds it.
//! Without tmux or mpv the tests print a notice and pass, except under CI (`CI` set), where they
//! fail: CI installs both (`.ci/run`). Every wait is for a condition, with a deadline.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed
#![cfg(unix)]

mod common;

use common::{
    Session, TIMEOUT, framed, have_mpv, release_bin, run_with_timeout, sh_quote_path, status_line,
};
use lector::player::INSTALL_MPV;
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// As long as the screen's deadline: mpv's own clock runs at playing speed, and a loaded machine
/// starts mpv slowly.
const PLAY_DEADLINE: Duration = TIMEOUT;

// ---------------------------------------------------------------------------------------------
// The fixture: a timed transcript, a silent recording beside it, a config, a runtime directory.

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Fixture {
        let dir = tempfile::Builder::new()
            .prefix("lector-listen-")
            .tempdir()
            .unwrap();
        let d = dir.path();
        std::fs::write(d.join("talk.srt"), srt()).unwrap();
        std::fs::write(d.join("talk.wav"), common::silent_wav(600)).unwrap();
        std::fs::write(d.join("c.toml"), "[player]\nargs = [\"--ao=null\"]\n").unwrap();
        std::fs::create_dir(d.join("run")).unwrap();
        Fixture { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Where lector makes mpv's socket directory (its `XDG_RUNTIME_DIR`).
    fn run_dir(&self) -> PathBuf {
        self.path("run")
    }

    /// `XDG_RUNTIME_DIR=… [env] lector --config c.toml ARGS talk.srt` in tmux.
    fn lector(&self, env: &str, args: &str) -> Option<Session> {
        if !have_mpv() {
            return None;
        }
        let run = sh_quote_path(&self.run_dir());
        let config = sh_quote_path(&self.path("c.toml"));
        let srt = sh_quote_path(&self.path("talk.srt"));
        Session::shell(|bin| {
            format!("XDG_RUNTIME_DIR={run} {env} {bin} --config {config} {args} {srt}")
        })
    }

    /// The control socket of the mpv lector runs now (not `not`'s), once it answers.
    fn mpv(&self, not: Option<u32>) -> Mpv {
        let start = Instant::now();
        loop {
            for entry in std::fs::read_dir(self.run_dir()).unwrap().flatten() {
                let sock = entry.path().join("mpv.sock");
                if let Some(mpv) = Mpv::connect(&sock)
                    && Some(mpv.pid()) != not
                {
                    return mpv;
                }
            }
            assert!(
                start.elapsed() < PLAY_DEADLINE,
                "no mpv control socket under {} within {PLAY_DEADLINE:?}",
                self.run_dir().display()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The socket directories (`lector-PID-N`) left in the runtime directory (lector keeps other
    /// things of its own there, in `lector/`).
    fn socket_dirs(&self) -> Vec<String> {
        std::fs::read_dir(self.run_dir())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("lector-"))
            .collect()
    }
}

/// 300 cues, one every 2 seconds: cue `i` (from 1) starts at `2(i-1)` s.
fn srt() -> String {
    let ts = |ms: u32| {
        format!(
            "{:02}:{:02}:{:02},{:03}",
            ms / 3_600_000,
            ms / 60_000 % 60,
            ms / 1000 % 60,
            ms % 1000
        )
    };
    (0..300u32)
        .map(|i| {
            let t = i * 2;
            format!(
                "{}\n{} --> {}\nline {} at {}:{:02}\n\n",
                i + 1,
                ts(t * 1000),
                ts(t * 1000 + 1900),
                i + 1,
                t / 60,
                t % 60
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Asking mpv itself.

/// A second client on lector's mpv control socket.
struct Mpv {
    writer: UnixStream,
    reader: BufReader<UnixStream>,
    next_id: u64,
    pid: u32,
}

impl Mpv {
    fn connect(sock: &Path) -> Option<Mpv> {
        let stream = UnixStream::connect(sock).ok()?;
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let reader = BufReader::new(stream.try_clone().ok()?);
        let mut mpv = Mpv {
            writer: stream,
            reader,
            next_id: 1000,
            pid: 0,
        };
        mpv.pid = mpv.try_get("pid")?.as_u64()? as u32;
        Some(mpv)
    }

    fn pid(&self) -> u32 {
        self.pid
    }

    /// A property's value; `None` when mpv has none now (or is gone).
    fn try_get(&mut self, name: &str) -> Option<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let line = json!({"command": ["get_property", name], "request_id": id}).to_string();
        self.writer.write_all(format!("{line}\n").as_bytes()).ok()?;
        loop {
            let mut reply = String::new();
            if self.reader.read_line(&mut reply).ok()? == 0 {
                return None;
            }
            let v: Value = serde_json::from_str(&reply).ok()?;
            if v.get("request_id").and_then(Value::as_u64) == Some(id) {
                return (v["error"] == "success").then(|| v["data"].clone());
            }
        }
    }

    fn seconds(&mut self, name: &str) -> Option<f64> {
        self.try_get(name).and_then(|v| v.as_f64())
    }

    /// Waits until `ok` holds for mpv's `name`; returns the value.
    fn wait(&mut self, name: &str, what: &str, ok: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        let mut last = None;
        loop {
            last = self.try_get(name).or(last);
            if let Some(v) = &last
                && ok(v)
            {
                return v.clone();
            }
            assert!(
                start.elapsed() < PLAY_DEADLINE,
                "mpv's {name} was not {what} within {PLAY_DEADLINE:?}; last: {last:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until mpv's position is in `from..to` seconds; returns it.
    fn wait_pos(&mut self, from: f64, to: f64) -> f64 {
        self.wait("time-pos", &format!("in {from}..{to} s"), |v| {
            v.as_f64().is_some_and(|t| (from..to).contains(&t))
        })
        .as_f64()
        .unwrap()
    }
}

/// Whether process `pid` runs (a zombie does not).
fn running(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // `pid (comm) S …`: the state follows the last `)`.
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| !rest.trim_start().starts_with('Z')),
        Err(_) => false,
    }
}

fn wait_gone(pid: u32, after: &str) {
    let start = Instant::now();
    while running(pid) {
        assert!(
            start.elapsed() < TIMEOUT,
            "mpv (pid {pid}) still runs {TIMEOUT:?} after {after}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Goes to the line at `time` with the `:` prompt and waits for it.
fn goto(s: &Session, time: &str, line: usize) {
    s.keys(&[":"]);
    s.type_text(time);
    s.keys(&["Enter"]);
    s.wait_status(&format!(" {line}/300 "), &[]);
}

/// Starts lector on the fixture, goes to 1:30 (line 46) and plays; returns mpv once it is there.
fn playing_at_1_30(f: &Fixture, s: &Session) -> Mpv {
    s.wait_status("media: talk.wav · p plays from the cursor line", &[]);
    goto(s, "1:30", 46);
    s.keys(&["p"]);
    let mut mpv = f.mpv(None);
    let pos = mpv.wait_pos(90.0, 110.0);
    assert!(pos >= 90.0, "{pos}");
    mpv.wait("pause", "false (playing)", |v| v == &json!(false));
    mpv
}

// ---------------------------------------------------------------------------------------------
// The tests.

#[test]
fn p_on_the_line_at_1_30_plays_the_recording_from_there() {
    let f = Fixture::new();
    let Some(s) = f.lector("", "") else { return };
    let mut mpv = playing_at_1_30(&f, &s);
    // The status bar and the mark in the gutter say it too.
    let screen = s.wait_until(
        "▶ 1:3x / 10:00 in the status bar and ▶ at line 46",
        |sc| status_line(sc).contains("│ ▶ 1:3") && status_line(sc).contains(" / 10:00 "),
    );
    assert!(
        screen.contains("│▶ 46 1:30 line 46 at 1:30"),
        "{}",
        framed(&screen)
    );
    // mpv plays only the sound, and its position goes on.
    assert_eq!(mpv.try_get("video"), Some(json!(false)));
    mpv.wait_pos(91.0, 200.0);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn follow_moves_the_reading_line_as_time_passes() {
    let f = Fixture::new();
    let Some(s) = f.lector("", "") else { return };
    let mut mpv = playing_at_1_30(&f, &s);
    s.keys(&["f"]);
    s.wait_status("following the recording", &[]);
    // Line 48 starts at 1:34: the cursor gets there by itself, with the mark.
    let screen = s.wait_until("the cursor on line 48 or later", |sc| {
        common::status_position(sc).is_some_and(|(l, _)| l >= 48)
    });
    let line = common::cursor_line(&screen);
    let pos = mpv.seconds("time-pos").unwrap();
    assert!(
        pos >= 94.0 && pos < 2.0 * line as f64,
        "mpv at {pos} s, the cursor on line {line}"
    );
    // Moving the cursor stops following; the spoken line goes on without it.
    s.keys(&["k"]);
    let screen = s.wait_status("not following the recording: f follows it again", &[]);
    let held = common::cursor_line(&screen);
    mpv.wait_pos(2.0 * held as f64 + 2.0, 600.0);
    let screen = s.wait_until("the mark past the cursor", |sc| {
        sc.lines()
            .any(|l| l.contains(&format!("│▶{:>3} ", held + 2)))
    });
    assert_eq!(common::cursor_line(&screen), held, "{}", framed(&screen));
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn pause_seek_speed_and_goto_a_time() {
    let f = Fixture::new();
    let Some(s) = f.lector("", "") else { return };
    let mut mpv = playing_at_1_30(&f, &s);
    // p on the line being spoken pauses, and again resumes.
    s.keys(&["p"]);
    mpv.wait("pause", "true", |v| v == &json!(true));
    s.wait_status("│ ⏸ 1:3", &[]);
    let p0 = mpv.seconds("time-pos").unwrap();
    s.type_text(">");
    // (mpv's paused position and where a relative seek starts may differ by a few tenths.)
    let p1 = mpv.wait_pos(p0 + 4.5, p0 + 5.5);
    s.type_text("<");
    s.type_text("<");
    // Two relative seeks in a row once ended half a second further back than 10 s (84.505
    // against 85.02, on a loaded machine; the cause is in mpv, not found): ±1 s, which a
    // listener cannot tell apart, where ±0.5 s flaked.
    mpv.wait_pos(p1 - 11.0, p1 - 9.0);
    s.keys(&["p"]);
    mpv.wait("pause", "false", |v| v == &json!(false));
    s.wait_status("│ ▶ ", &[]);
    // } twice: ×1.5, said by mpv and by the status bar; { once: ×1.25.
    s.type_text("}}");
    mpv.wait("speed", "1.5", |v| v.as_f64() == Some(1.5));
    s.wait_status(" ×1.5 ", &[]);
    s.type_text("{");
    mpv.wait("speed", "1.25", |v| v.as_f64() == Some(1.25));
    s.wait_status(" ×1.25 ", &[]);
    // :5:00 while playing: the recording goes there too.
    goto(&s, "5:00", 151);
    mpv.wait_pos(300.0, 320.0);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn quitting_leaves_no_mpv_behind() {
    let f = Fixture::new();
    let Some(s) = f.lector("", "") else { return };
    let mpv = playing_at_1_30(&f, &s);
    let pid = mpv.pid();
    assert!(running(pid));
    s.keys(&["q"]);
    s.expect_exit(0);
    wait_gone(pid, "q");
    assert!(f.socket_dirs().is_empty(), "{:?}", f.socket_dirs());
}

#[test]
fn sigterm_and_sighup_leave_no_mpv_behind() {
    for (signal, code) in [("TERM", 143), ("HUP", 129)] {
        let f = Fixture::new();
        let Some(s) = f.lector("", "") else { return };
        let pid = playing_at_1_30(&f, &s).pid();
        s.signal(signal);
        s.expect_exit(code);
        wait_gone(pid, &format!("SIG{signal}"));
        assert!(f.socket_dirs().is_empty(), "{:?}", f.socket_dirs());
    }
}

/// On Linux the kernel stops mpv when lector dies without a word (`PR_SET_PDEATHSIG`).
#[cfg(target_os = "linux")]
#[test]
fn kill_9_of_lector_takes_mpv_with_it() {
    let f = Fixture::new();
    let Some(s) = f.lector("", "") else { return };
    let pid = playing_at_1_30(&f, &s).pid();
    s.signal("KILL");
    s.wait_for(&["EXIT=137"]);
    wait_gone(pid, "kill -9 of lector");
}

#[test]
fn mpv_killed_mid_play_is_said_and_p_starts_it_again() {
    let f = Fixture::new();
    let Some(s) = f.lector("", "") else { return };
    let old = playing_at_1_30(&f, &s).pid();
    let status = Command::new("kill")
        .args(["-KILL", &old.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let screen = s.wait_status("p starts it again", &[]);
    assert!(status_line(&screen).contains("mpv"), "{}", framed(&screen));
    // The reader goes on: the cursor moves, the line's own time is back in the status bar.
    s.keys(&["j"]);
    s.wait_status(" 47/300 ", &["47 1:32"]);
    assert!(!status_line(&s.screen()).contains('▶'));
    // p starts a new mpv, from the cursor line.
    s.keys(&["p"]);
    let mut mpv = f.mpv(Some(old));
    assert_ne!(mpv.pid(), old);
    mpv.wait_pos(92.0, 110.0);
    s.wait_status("│ ▶ 1:3", &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
    wait_gone(mpv.pid(), "q");
}

#[test]
fn without_mpv_on_the_path_p_says_how_to_install_it() {
    let f = Fixture::new();
    let Some(s) = f.lector("PATH=/nonexistent", "") else {
        return;
    };
    s.wait_status("media: talk.wav", &[]);
    s.keys(&["p"]);
    s.wait_status(INSTALL_MPV, &[]);
    // The reader goes on.
    s.keys(&["j"]);
    s.wait_status(" 2/300 ", &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
}

#[test]
fn a_file_mpv_cannot_play_is_said_in_mpvs_words() {
    let f = Fixture::new();
    let bad = f.path("bad.mp3");
    std::fs::write(&bad, b"this is not a recording\n".repeat(100)).unwrap();
    let args = format!("--media {}", sh_quote_path(&bad));
    let Some(s) = f.lector("", &args) else { return };
    s.wait_status("media: bad.mp3", &[]);
    s.keys(&["p"]);
    let screen = s.wait_status("cannot play bad.mp3", &[]);
    assert!(!status_line(&screen).contains('▶'), "{}", framed(&screen));
    s.keys(&["j"]);
    s.wait_status(" 2/300 ", &[]);
    s.keys(&["q"]);
    s.expect_exit(0);
    assert!(f.socket_dirs().is_empty(), "{:?}", f.socket_dirs());
}

#[test]
fn markdown_export_names_the_recording() {
    let f = Fixture::new();
    let notes = f.path("n.toml");
    std::fs::write(
        &notes,
        "version = 1\n\n[[bookmark]]\nline = 46\ntext = \"line 46 at 1:30\"\n",
    )
    .unwrap();
    let out = run_with_timeout(
        Command::new(release_bin())
            .arg("export")
            .arg(f.path("talk.srt"))
            .arg("--notes")
            .arg(&notes)
            .arg("--media")
            .arg(f.path("talk.wav")),
        None,
    );
    assert!(out.status.success(), "{out:?}");
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("# talk.srt\n\nRecording: talk.wav\n\n## "),
        "{md}"
    );
    assert!(
        md.contains("> line 46 at 1:30\n>\n> — line 46, 1:30\n"),
        "{md}"
    );
}
