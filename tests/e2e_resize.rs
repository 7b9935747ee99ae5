//! The terminal changes size while lector draws: the release binary under a pseudo-terminal
//! whose size changes every 2 ms, with SIGWINCH each time, for 10 seconds. A frame drawn with
//! an older size than the screen's used to write outside the buffer and panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed
#![allow(unsafe_code)] // a pseudo-terminal is made and driven with libc

mod common;

use common::*;
use std::io::Read;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn set_size(fd: i32, rows: u16, cols: u16) {
    let ws = libc::winsize {
        ws_row: rows,
        ws_col: cols,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: fd is an open pseudo-terminal master; ws is a valid winsize.
    unsafe {
        libc::ioctl(fd, libc::TIOCSWINSZ, &ws);
    }
}

/// Bytes typed into the terminal that the program has not read yet.
fn unread(slave: &OwnedFd) -> i32 {
    let mut n: libc::c_int = 0;
    // SAFETY: FIONREAD on an open terminal writes one int.
    let r = unsafe { libc::ioctl(slave.as_raw_fd(), libc::FIONREAD, &mut n) };
    if r < 0 { -1 } else { n }
}

/// A pseudo-terminal: (master, slave).
fn openpty() -> (OwnedFd, OwnedFd) {
    let (mut master, mut slave) = (0, 0);
    // SAFETY: openpty writes two file descriptors; the name and settings pointers may be null.
    let r = unsafe {
        libc::openpty(
            &raw mut master,
            &raw mut slave,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(r, 0, "openpty failed");
    // SAFETY: both descriptors were just opened and are owned by nobody else.
    unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) }
}

/// A small deterministic generator (no dependency for a test's random sizes).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u16) -> u16 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % u64::from(n)) as u16
    }
}

#[test]
fn resizing_every_2_ms_for_10_seconds_never_panics() {
    let (master, slave) = openpty();
    // To see whether lector has read what the test types (the bytes left in the input queue).
    let probe = slave.try_clone().unwrap();
    set_size(master.as_raw_fd(), 24, 80);
    let home = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(release_bin());
    cmd.env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("TERM", "xterm-256color")
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave));
    // SAFETY: between fork and exec only async-signal-safe calls: a new session whose
    // controlling terminal is the pseudo-terminal (so that the kernel sends it SIGWINCH).
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 || libc::ioctl(0, libc::TIOCSCTTY, 0) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn().expect("start lector");
    drop(cmd);
    // Read everything lector writes, so that it never blocks on a full terminal.
    let output = Arc::new(Mutex::new(Vec::new()));
    let done = Arc::new(AtomicBool::new(false));
    let mut reader = std::fs::File::from(master.try_clone().unwrap());
    let (out, stop) = (output.clone(), done.clone());
    let drain = std::thread::spawn(move || {
        let mut buf = vec![0u8; 65536];
        while !stop.load(Ordering::Relaxed) {
            match reader.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => out.lock().unwrap().extend_from_slice(&buf[..n]),
            }
        }
    });
    // Wait for the first frame (the bundled transcript's name in the status bar).
    let deadline = Instant::now() + TIMEOUT;
    while !String::from_utf8_lossy(&output.lock().unwrap()).contains("llamacon") {
        assert!(Instant::now() < deadline, "no first frame");
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = child.id() as i32;
    let mut rng = Lcg(42);
    let start = Instant::now();
    let mut resizes = 0;
    // 10 seconds and at least 1,000 resizes: a loaded machine takes longer, never fewer.
    while start.elapsed() < Duration::from_secs(10) || resizes < 1000 {
        let (rows, cols) = if rng.next(10) == 0 {
            (1 + rng.next(6), 1 + rng.next(30)) // now and then, tiny
        } else {
            (24 + rng.next(27), 80 + rng.next(81))
        };
        set_size(master.as_raw_fd(), rows, cols);
        // SAFETY: sending a signal to our own child.
        unsafe {
            libc::kill(pid, libc::SIGWINCH);
        }
        resizes += 1;
        if let Some(status) = child.try_wait().unwrap() {
            let shown = String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
            let tail: String = shown
                .chars()
                .rev()
                .take(2000)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            panic!("lector ended after {resizes} resizes with {status}:\n{tail}");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    // Still reading: q quits cleanly.
    set_size(master.as_raw_fd(), 24, 80);
    let mut writer = std::fs::File::from(master.try_clone().unwrap());
    std::io::Write::write_all(&mut writer, b"q").unwrap();
    // Generous: the events of 10 s of resizing may still be waiting on a loaded machine.
    let deadline = Instant::now() + TIMEOUT;
    let look = Instant::now() + Duration::from_secs(5);
    let mut nudged = false;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        // A known fault of crossterm 0.29's input source (mio, edge-triggered): when the
        // terminal's SIGWINCH and a key are ready at once it returns the resize and drops the
        // key's readiness, so the key waits in the input queue, unread, until the next byte
        // arrives (issue 15's flake audit; reported, not fixed here). The `q` sent right after
        // the last resize can meet it. Only then, a second byte: a `q` that was read and did not
        // quit still fails the test.
        if !nudged && Instant::now() > look && unread(&probe) > 0 {
            eprintln!("the q was left unread after a resize (crossterm's lost wake-up): one more");
            std::io::Write::write_all(&mut writer, b"q").unwrap();
            nudged = true;
        }
        if Instant::now() > deadline {
            // Say where it is stuck.
            let bt = Command::new("gdb")
                .args([
                    "-p",
                    &pid.to_string(),
                    "-batch",
                    "-ex",
                    "thread apply all bt 12",
                ])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
                .unwrap_or_default();
            let _ = child.kill();
            panic!("q did not quit:\n{bt}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    done.store(true, Ordering::Relaxed);
    drop(master);
    drop(probe); // else the drain thread never sees the terminal close
    drop(writer);
    let _ = drain.join();
    let shown = String::from_utf8_lossy(&output.lock().unwrap()).into_owned();
    assert!(!shown.contains("panicked"), "a panic message was printed");
    assert!(
        status.success(),
        "exit status {status} after {resizes} resizes"
    );
}
