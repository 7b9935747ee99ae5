//! The player against a real mpv (with `--ao=null`, on a silent WAV the test writes), and against
//! stand-ins for mpv that misbehave.
//!
//! Without mpv the real-mpv tests print a notice and pass, except under CI (`CI` set), where they
//! fail: CI must install mpv (`.ci/run` does). Waits are for a condition, with a generous
//! deadline; nothing assumes how fast the machine is.

#![allow(unsafe_code)] // the tests check and kill mpv processes with libc
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed
#![cfg(unix)]

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use lector::player::{INSTALL_MPV, Media, Player, PlayerError, PlayerEvent, PlayerOptions};

mod common;
use common::have_mpv;

/// Long enough for a loaded machine; passing tests never wait this long.
const DEADLINE: Duration = Duration::from_secs(20);
/// How long a question to mpv may take.
const ASK: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------------------------------------
// Helpers.

macro_rules! require_mpv {
    () => {
        if !have_mpv() {
            return;
        }
    };
}

/// mpv as the tests run it: no user config, no sound card.
fn opts() -> PlayerOptions {
    PlayerOptions {
        extra_args: vec!["--no-config".into(), "--ao=null".into()],
        ..PlayerOptions::default()
    }
}

/// `name` in `dir`: a silent WAV of `seconds` ([`common::silent_wav`]).
fn silent_wav(dir: &Path, name: &str, seconds: u32) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, common::silent_wav(seconds)).unwrap();
    path
}

/// The events a player sent, with a way to wait for one.
#[derive(Clone, Default)]
struct Recorder(Arc<(Mutex<Vec<PlayerEvent>>, Condvar)>);

impl Recorder {
    fn callback(&self) -> impl FnMut(PlayerEvent) + Send + 'static {
        let me = self.clone();
        move |e| {
            let (events, cv) = &*me.0;
            events.lock().unwrap().push(e);
            cv.notify_all();
        }
    }

    fn events(&self) -> Vec<PlayerEvent> {
        self.0.0.lock().unwrap().clone()
    }

    /// Waits until `found` finds something in the events so far.
    fn wait_for<T>(&self, what: &str, found: impl Fn(&[PlayerEvent]) -> Option<T>) -> T {
        let deadline = Instant::now() + DEADLINE;
        let (events, cv) = &*self.0;
        let mut guard = events.lock().unwrap();
        loop {
            if let Some(t) = found(&guard) {
                return t;
            }
            let now = Instant::now();
            assert!(
                now < deadline,
                "no {what} within {DEADLINE:?}; events: {:?}",
                *guard
            );
            guard = cv.wait_timeout(guard, deadline - now).unwrap().0;
        }
    }

    fn wait_event(&self, what: &str, pred: impl Fn(&PlayerEvent) -> bool) -> PlayerEvent {
        self.wait_for(what, |evs| evs.iter().find(|e| pred(e)).cloned())
    }

    /// Waits for an event that comes after the first `after` events.
    fn wait_event_after(
        &self,
        after: usize,
        what: &str,
        pred: impl Fn(&PlayerEvent) -> bool,
    ) -> PlayerEvent {
        self.wait_for(what, |evs| {
            evs.iter().skip(after).find(|e| pred(e)).cloned()
        })
    }

    fn len(&self) -> usize {
        self.0.0.lock().unwrap().len()
    }
}

/// Polls `cond` until it holds.
fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + DEADLINE;
    while !cond() {
        assert!(Instant::now() < deadline, "{what}: not within {DEADLINE:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn position(p: &Player) -> u32 {
    p.position_ms(ASK).unwrap().unwrap_or(0)
}

fn near(ms: u32, target: u32) -> bool {
    ms.abs_diff(target) <= 100
}

fn start(media: &Path, rec: &Recorder) -> Player {
    Player::start(Media::File(media.to_path_buf()), &opts(), rec.callback()).unwrap()
}

/// A silent WAV of `seconds` in a fresh directory, and a player started on it.
fn setup(name: &str, seconds: u32) -> (tempfile::TempDir, PathBuf, Recorder, Player) {
    let dir = tempfile::tempdir().unwrap();
    let wav = silent_wav(dir.path(), name, seconds);
    let rec = Recorder::default();
    let player = start(&wav, &rec);
    (dir, wav, rec, player)
}

/// Whether the process `pid` is gone (or a zombie nobody reaps: it runs nothing).
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => {
            // No /proc (not Linux): ask kill(2).
            if Path::new("/proc/self/stat").exists() {
                true
            } else {
                // SAFETY: signal 0 only checks that the process exists.
                unsafe { libc::kill(pid as i32, 0) != 0 }
            }
        }
        Ok(stat) => stat
            .rsplit(')')
            .next()
            .is_some_and(|rest| rest.trim_start().starts_with('Z')),
    }
}

// ---------------------------------------------------------------------------------------------
// With a real mpv.

#[test]
fn play_from_1_30_reaches_1_30() {
    require_mpv!();
    let (_dir, _wav, rec, player) = setup("talk.wav", 600);
    player.play_from(90_000).unwrap();
    // Told by the events…
    let ms = rec.wait_for("a position past 1:30", |evs| {
        evs.iter().find_map(|e| match e {
            PlayerEvent::Position { ms } if *ms >= 90_000 => Some(*ms),
            _ => None,
        })
    });
    assert!(ms < 100_000, "{ms}");
    // …and by mpv itself, over the same socket.
    let now = position(&player);
    assert!((90_000..120_000).contains(&now), "mpv's time-pos: {now}");
    wait_until("playback moves on from 1:30", || position(&player) > ms);
    let evs = rec.events();
    assert!(evs.contains(&PlayerEvent::Loaded), "{evs:?}");
    assert!(
        evs.contains(&PlayerEvent::Duration { ms: 600_000 }),
        "{evs:?}"
    );
    assert!(evs.contains(&PlayerEvent::Paused(false)), "{evs:?}");
}

#[test]
fn pause_and_resume() {
    require_mpv!();
    let (_dir, _wav, rec, player) = setup("talk.wav", 600);
    player.play_from(10_000).unwrap();
    rec.wait_event("playing", |e| *e == PlayerEvent::Paused(false));
    wait_until("playing past 0:10", || position(&player) > 10_000);

    let n = rec.len();
    player.toggle_pause().unwrap();
    rec.wait_event_after(n, "paused", |e| *e == PlayerEvent::Paused(true));
    assert_eq!(
        player.get_property("pause", ASK).unwrap(),
        serde_json::json!(true)
    );
    let p1 = position(&player);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(position(&player), p1, "a paused player stays where it is");

    let n = rec.len();
    player.toggle_pause().unwrap();
    rec.wait_event_after(n, "playing again", |e| *e == PlayerEvent::Paused(false));
    wait_until("playing on from the pause", || position(&player) > p1);

    let n = rec.len();
    player.set_paused(true).unwrap();
    rec.wait_event_after(n, "paused by set_paused", |e| {
        *e == PlayerEvent::Paused(true)
    });
}

#[test]
fn seek_5_seconds_back_and_forth() {
    require_mpv!();
    let (_dir, _wav, rec, player) = setup("talk.wav", 600);
    // Paused (as it starts), so the position stays put between the checks.
    player.seek_to(60_000).unwrap();
    wait_until("at 1:00", || near(position(&player), 60_000));
    player.seek_relative(5.0).unwrap();
    wait_until("at 1:05", || near(position(&player), 65_000));
    rec.wait_event(
        "a position at 1:05",
        |e| matches!(e, PlayerEvent::Position { ms } if near(*ms, 65_000)),
    );
    player.seek_relative(-5.0).unwrap();
    wait_until("back at 1:00", || near(position(&player), 60_000));
    assert_eq!(
        player.get_property("pause", ASK).unwrap(),
        serde_json::json!(true),
        "seeking keeps the pause"
    );
    // Before the start: mpv stops at 0.
    player.seek_relative(-3600.0).unwrap();
    wait_until("at 0:00", || position(&player) < 100);
}

#[test]
fn speed_1_5_and_its_limits() {
    require_mpv!();
    let (_dir, _wav, rec, player) = setup("talk.wav", 60);
    rec.wait_event("the initial speed", |e| *e == PlayerEvent::Speed(1.0));
    assert_eq!(player.set_speed(1.5).unwrap(), 1.5);
    rec.wait_event("speed 1.5", |e| *e == PlayerEvent::Speed(1.5));
    wait_until("mpv at 1.5×", || {
        player.get_property("speed", ASK).unwrap() == serde_json::json!(1.5)
    });
    assert_eq!(player.set_speed(10.0).unwrap(), 3.0);
    rec.wait_event("speed 3", |e| *e == PlayerEvent::Speed(3.0));
    assert_eq!(player.set_speed(0.1).unwrap(), 0.5);
    rec.wait_event("speed 0.5", |e| *e == PlayerEvent::Speed(0.5));
}

#[test]
fn playing_to_the_end() {
    require_mpv!();
    let (_dir, _wav, rec, player) = setup("short.wav", 3);
    player.play_from(2_000).unwrap();
    rec.wait_event("the end", |e| *e == PlayerEvent::Ended);
    let n = rec
        .events()
        .iter()
        .position(|e| *e == PlayerEvent::Ended)
        .unwrap();
    rec.wait_event_after(n, "paused at the end", |e| *e == PlayerEvent::Paused(true));
    // It stays, and plays again from earlier.
    assert!(player.is_running());
    let n = rec.len();
    player.play_from(1_000).unwrap();
    rec.wait_event_after(n, "playing again", |e| *e == PlayerEvent::Paused(false));
    rec.wait_event_after(n, "the end again", |e| *e == PlayerEvent::Ended);
}

#[test]
fn killed_mpv_is_reported_and_a_new_start_works() {
    require_mpv!();
    let (_dir, wav, rec, player) = setup("talk.wav", 600);
    player.play_from(1_000).unwrap();
    rec.wait_event("loaded", |e| *e == PlayerEvent::Loaded);
    let status = Command::new("kill")
        .args(["-KILL", &player.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let died = rec.wait_event("died", |e| matches!(e, PlayerEvent::Died { .. }));
    let PlayerEvent::Died { message } = died else {
        unreachable!()
    };
    assert_eq!(message, "mpv was killed (SIGKILL)");
    assert!(!player.is_running());
    assert!(matches!(
        player.toggle_pause(),
        Err(PlayerError::NotRunning)
    ));
    drop(player);

    let rec2 = Recorder::default();
    let again = start(&wav, &rec2);
    again.play_from(5_000).unwrap();
    rec2.wait_event(
        "a position past 0:05",
        |e| matches!(e, PlayerEvent::Position { ms } if *ms >= 5_000),
    );
}

#[test]
fn dropping_the_player_leaves_no_mpv_and_no_socket() {
    require_mpv!();
    let (_dir, _wav, rec, player) = setup("talk.wav", 600);
    player.play_from(1_000).unwrap();
    rec.wait_event("playing", |e| *e == PlayerEvent::Paused(false));
    let pid = player.pid();
    let sockets = player.socket_dir().to_path_buf();
    assert!(sockets.join("mpv.sock").exists());
    assert!(!gone(pid));
    drop(player);
    assert!(gone(pid), "mpv {pid} is still there after the drop");
    assert!(!sockets.exists(), "the socket directory is removed");
    let evs = rec.events();
    assert!(
        !evs.iter().any(|e| matches!(e, PlayerEvent::Died { .. })),
        "a drop is not a death: {evs:?}"
    );
    let n = rec.len();
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(rec.len(), n, "no events after the drop");
}

#[test]
fn dropping_at_once_while_loading() {
    require_mpv!();
    let dir = tempfile::tempdir().unwrap();
    let wav = silent_wav(dir.path(), "talk.wav", 60);
    for _ in 0..3 {
        let player = start(&wav, &Recorder::default());
        player.play_from(1_000).unwrap();
        let pid = player.pid();
        drop(player);
        assert!(gone(pid));
    }
}

#[test]
fn stop_then_drop() {
    require_mpv!();
    let (_dir, _wav, rec, player) = setup("talk.wav", 60);
    rec.wait_event("loaded", |e| *e == PlayerEvent::Loaded);
    player.stop();
    wait_until("mpv quits", || !player.is_running());
    let pid = player.pid();
    drop(player);
    assert!(gone(pid));
    let evs = rec.events();
    assert!(
        !evs.iter().any(|e| matches!(e, PlayerEvent::Died { .. })),
        "stop is not a death: {evs:?}"
    );
}

#[test]
fn a_file_mpv_cannot_play_gives_its_own_words() {
    require_mpv!();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.mp3");
    let mut junk = Vec::new();
    let mut x: u32 = 12345;
    for _ in 0..20_000 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        junk.push((x >> 16) as u8);
    }
    std::fs::write(&bad, junk).unwrap();
    let rec = Recorder::default();
    let player = start(&bad, &rec);
    player.play_from(0).unwrap();
    let err = rec.wait_event("an error", |e| matches!(e, PlayerEvent::Error { .. }));
    let PlayerEvent::Error { message } = err else {
        unreachable!()
    };
    assert!(message.starts_with("cannot play bad.mp3: "), "{message}");
    assert!(
        message.to_lowercase().contains("file format"),
        "mpv's words: {message}"
    );
    match player.play_from(0) {
        Err(PlayerError::Media(m)) => assert_eq!(m, message),
        other => panic!("{other:?}"),
    }
    assert!(
        player.is_running(),
        "mpv stays, idle; the reader keeps working"
    );
}

#[test]
fn a_bad_mpv_option_gives_mpvs_words() {
    require_mpv!();
    let dir = tempfile::tempdir().unwrap();
    let wav = silent_wav(dir.path(), "talk.wav", 5);
    let mut o = opts();
    o.extra_args.push("--no-such-option-here".into());
    let err = Player::start(Media::File(wav), &o, |_| {}).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, PlayerError::Exited { .. }), "{message}");
    assert!(
        message.starts_with("mpv stopped before it was ready (exit status 1): "),
        "{message}"
    );
    assert!(message.contains("no-such-option-here"), "{message}");
}

#[test]
fn a_name_that_looks_like_an_option_is_a_file() {
    require_mpv!();
    let dir = tempfile::tempdir().unwrap();
    silent_wav(dir.path(), "--help.wav", 5);
    let media = Media::resolve(Some(dir.path().join("--help.wav").as_os_str()), None)
        .unwrap()
        .unwrap();
    let rec = Recorder::default();
    let player = Player::start(media, &opts(), rec.callback()).unwrap();
    rec.wait_event("loaded", |e| *e == PlayerEvent::Loaded);
    rec.wait_event("its duration", |e| {
        *e == PlayerEvent::Duration { ms: 5_000 }
    });
    drop(player);
}

#[test]
fn started_on_a_short_lived_thread_it_keeps_playing() {
    require_mpv!();
    let dir = tempfile::tempdir().unwrap();
    let wav = silent_wav(dir.path(), "talk.wav", 600);
    let rec = Recorder::default();
    let cb = rec.callback();
    // As the app does: start on a job thread, which then ends.
    let player = std::thread::spawn(move || Player::start(Media::File(wav), &opts(), cb).unwrap())
        .join()
        .unwrap();
    player.play_from(1_000).unwrap();
    wait_until("playing past 0:02, well after the job thread ended", || {
        position(&player) > 2_000
    });
    assert!(player.is_running());
    assert!(
        !rec.events()
            .iter()
            .any(|e| matches!(e, PlayerEvent::Died { .. }))
    );
}

// ---------------------------------------------------------------------------------------------
// A child test process, for what needs a process of its own: a PATH without mpv, and lector
// dying without cleaning up.

const CHILD_ENV: &str = "LECTOR_PLAYER_TEST_CHILD";

/// Not a test by itself: what the child process does, by `CHILD_ENV`.
#[test]
fn child_process() {
    let Some(mode) = std::env::var_os(CHILD_ENV) else {
        return;
    };
    match mode.to_str() {
        Some("no-mpv") => {
            let r = Player::start(
                Media::Url("av://lavfi:anullsrc".into()),
                &PlayerOptions::default(),
                |_| {},
            );
            match r {
                Err(e) => println!("ERR={e}"),
                Ok(_) => println!("ERR=it started"),
            }
        }
        Some(path) if path.starts_with("emergency:") => {
            // Start mpv, stop it as a signal handler would, say what the events said.
            let wav = path.strip_prefix("emergency:").unwrap().to_string();
            let rec = Recorder::default();
            let player = Player::start(Media::File(wav.into()), &opts(), rec.callback()).unwrap();
            rec.wait_event("loaded", |e| *e == PlayerEvent::Loaded);
            lector::player::emergency_stop();
            let died = rec.wait_event("died", |e| matches!(e, PlayerEvent::Died { .. }));
            println!("DIED={died:?} RUNNING={}", player.is_running());
        }
        Some(path) => {
            // "play:PATH": start mpv, say its pid, and wait to be killed.
            let wav = path.strip_prefix("play:").unwrap().to_string();
            let player = Player::start(Media::File(wav.into()), &opts(), |_| {}).unwrap();
            player.play_from(0).unwrap();
            println!("PID={}:{}", player.pid(), player.socket_dir().display());
            std::io::stdout().flush().unwrap();
            loop {
                std::thread::park();
            }
        }
        None => {}
    }
}

fn child(mode: &str, path_env: Option<&Path>) -> std::process::Child {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--exact",
        "child_process",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_ENV, mode)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    if let Some(p) = path_env {
        cmd.env("PATH", p);
    }
    cmd.spawn().unwrap()
}

/// What follows `prefix` on the first stdout line of `child` that has it.
fn child_line(child: &mut std::process::Child, prefix: &str) -> String {
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let wanted = prefix.to_string();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            // The test harness may have written "test child_process ... " before it.
            // Read on to the end, so that the child can write the rest.
            if let Some(i) = line.find(&wanted) {
                let _ = tx.send(line[i + wanted.len()..].to_string());
            }
        }
    });
    rx.recv_timeout(DEADLINE).unwrap_or_else(|_| {
        let _ = child.kill();
        panic!("the child process said no {prefix} line");
    })
}

#[test]
fn a_path_without_mpv_says_install_mpv() {
    let empty = tempfile::tempdir().unwrap();
    let mut c = child("no-mpv", Some(empty.path()));
    let err = child_line(&mut c, "ERR=");
    assert_eq!(err, INSTALL_MPV);
    assert!(c.wait().unwrap().success());
}

#[cfg(target_os = "linux")]
#[test]
fn lector_killed_hard_takes_mpv_along() {
    require_mpv!();
    let dir = tempfile::tempdir().unwrap();
    let wav = silent_wav(dir.path(), "talk.wav", 600);
    let mut c = child(&format!("play:{}", wav.display()), None);
    let said = child_line(&mut c, "PID=");
    let (pid, sockets) = said.split_once(':').unwrap();
    let pid: u32 = pid.parse().unwrap();
    assert!(!gone(pid));
    // SIGKILL: no Drop, no cleanup of any kind runs in the child.
    c.kill().unwrap();
    c.wait().unwrap();
    let deadline = Instant::now() + DEADLINE;
    while !gone(pid) {
        if Instant::now() > deadline {
            // SAFETY: killing the stray mpv this test made.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            panic!("mpv {pid} outlived the lector that started it");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    // A lector killed with SIGKILL cannot remove its socket directory; the next start sweeps it
    // (this one, or one of another test running meanwhile).
    drop(start(&wav, &Recorder::default()));
    assert!(
        !Path::new(sockets).exists(),
        "the next start removed {sockets}"
    );
}

#[test]
fn emergency_stop_kills_every_mpv() {
    require_mpv!();
    let dir = tempfile::tempdir().unwrap();
    let wav = silent_wav(dir.path(), "talk.wav", 600);
    // In a process of its own: it would stop the other tests' players too.
    let mut c = child(&format!("emergency:{}", wav.display()), None);
    let said = child_line(&mut c, "DIED=");
    assert_eq!(
        said,
        r#"Died { message: "mpv was killed (SIGKILL)" } RUNNING=false"#
    );
    assert!(c.wait().unwrap().success());
}

// ---------------------------------------------------------------------------------------------
// Stand-ins for mpv that misbehave (no mpv needed).

/// An executable script in `dir`. Retries a start that meets ETXTBSY: another test thread may
/// have forked while the script was open for writing.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn start_fake(command: &Path, timeout: Duration) -> Result<Player, PlayerError> {
    let o = PlayerOptions {
        command: command.as_os_str().to_owned(),
        start_timeout: timeout,
        ..PlayerOptions::default()
    };
    let deadline = Instant::now() + DEADLINE;
    loop {
        match Player::start(
            Media::Url("https://example.invalid/a.mp3".into()),
            &o,
            |_| {},
        ) {
            Err(PlayerError::Spawn { source, .. })
                if source.raw_os_error() == Some(libc::ETXTBSY) && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            r => return r,
        }
    }
}

#[test]
fn a_player_that_never_opens_its_socket_times_out_and_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pid");
    let fake = script(
        dir.path(),
        "fake-mpv",
        &format!("echo $$ > '{}'\nsleep 60 & wait", pidfile.display()),
    );
    let t0 = Instant::now();
    let err = start_fake(&fake, Duration::from_secs(1)).unwrap_err();
    assert!(matches!(err, PlayerError::Timeout { .. }), "{err}");
    assert_eq!(
        err.to_string(),
        format!(
            "{} did not open its control socket within 1 s",
            fake.display()
        )
    );
    assert!(t0.elapsed() < DEADLINE);
    let pid: u32 = std::fs::read_to_string(&pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(gone(pid), "the stand-in {pid} was stopped");
}

#[test]
fn a_player_that_exits_at_once_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let fake = script(
        dir.path(),
        "fake-mpv",
        "echo 'cannot open display' >&2\nexit 3",
    );
    let err = start_fake(&fake, DEADLINE).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{} stopped before it was ready (exit status 3): cannot open display",
            fake.display()
        )
    );
}

#[test]
fn a_missing_player_command_says_install_mpv() {
    let dir = tempfile::tempdir().unwrap();
    let err = start_fake(&dir.path().join("no-mpv-here"), DEADLINE).unwrap_err();
    assert!(matches!(err, PlayerError::NotInstalled { .. }), "{err}");
    assert!(err.to_string().ends_with(INSTALL_MPV), "{err}");
}

#[test]
fn a_player_command_that_cannot_run_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-executable");
    std::fs::write(&path, "x").unwrap();
    let err = start_fake(&path, DEADLINE).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("cannot run {}: permission denied", path.display())
    );
}
