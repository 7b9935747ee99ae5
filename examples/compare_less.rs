//! Runs lector and `less` side by side on the same file in tmux (120×40) and times what a user
//! waits for; `scripts/compare-with-less.sh` builds everything and runs this. By hand:
//!
//! ```sh
//! cargo run --release --example compare_less -- target/release/lector /tmp/big.txt 5
//! ```
//!
//! The file must come from `examples/gen_transcript.rs`: its first and last lines carry marks
//! that no other line has.
//!
//! # Method
//!
//! One tmux server of its own, with a control-mode client (`tmux -C attach`) that this driver
//! holds open: keys go to tmux as `send-keys` lines written to the client's input (no process
//! per key), and tmux reports everything a program writes to its terminal as `%output`
//! notifications, which a thread reads and stamps with the time they arrive. Each program runs in
//! a window of its own, started as `sh -c 'read _; exec PROGRAM FILE'` so that the shell is
//! waiting before the clock starts. A measurement is the time from just before a key is written
//! to the control client to the arrival of the output that completes the expected text, written
//! after the key:
//!
//! - first screen: `Enter` (the shell execs the program) → the first screen's mark (line 39,
//!   the last line of less's first screen; caption 10 in an SRT; byte 2,000 of a one-line file);
//! - `G`: → the last line's mark (after the screen has been quiet for 0.3 s);
//! - keys (`COMPARE_KEYS`, each `COMPARE_KEY_REPEATS` times) at the end of the file → the first
//!   byte of the redraw, and the bytes written until the screen is quiet (a frame's bytes);
//! - `:50%` (less: `50p`), typed first → the first byte after `Enter` (`p`);
//! - search: `/` first, then the phrase and `Enter` in one write → the last line's mark, from
//!   the top of the file;
//! - lector only: the writes in the second after the first screen, no key pressed; the outline
//!   (when the file has no sidecar): launch → `automatic` in the outline pane's header; `G`
//!   1 s after the first screen;
//! - max RSS: `VmHWM` of `/proc/PID/status`, read before quitting (after all the above).
//!
//! Each program gets a `HOME` of its own (no reading position saved by an earlier round). On a
//! one-line file less never shows the line's end: marks it does not show in 10 s are "never
//! shown", keys that change nothing in 3 s "without a change".
//!
//! The output is what tmux has read from the program, which it then draws: the time to draw is
//! not included (the same for both programs), the time to read is. The marks are digits and
//! brackets, which no other line contains, so a terminal library that sends only the cells that
//! changed still sends a mark whole. Two floors are measured each round: a shell `printf`ing
//! the mark on `Enter` (the harness itself, in every figure), and `/usr/bin/printf` (the same
//! plus starting a small program, in every first screen). Rounds alternate which program goes
//! first; medians are printed with the range.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[path = "../benches/common/mod.rs"]
mod common;
use common::{FIRST_MARK, LAST_MARK, PHRASE, SCREEN_MARK};

const TIMEOUT: Duration = Duration::from_mins(1);

type Error = Box<dyn std::error::Error>;

/// What a pane has written so far: the bytes, and when each piece arrived (the offset where
/// it ends).
#[derive(Default)]
struct Output {
    bytes: Vec<u8>,
    arrivals: Vec<(usize, Instant)>,
}

impl Output {
    /// When the byte at `end - 1` arrived.
    fn arrival_of(&self, end: usize) -> Option<Instant> {
        let i = self.arrivals.partition_point(|&(e, _)| e < end);
        self.arrivals.get(i).map(|&(_, t)| t)
    }
}

/// Every pane's output, by pane id (`%3`), filled by the thread that reads the control client.
#[derive(Default)]
struct Outputs {
    panes: Mutex<HashMap<String, Output>>,
    grew: Condvar,
}

/// One tmux server of our own (its own socket) and a control-mode client attached to it,
/// killed on drop.
struct Tmux {
    socket: String,
    dir: PathBuf,
    control: Child,
    /// The control client's input; `None` once closed.
    keys: Option<ChildStdin>,
    outputs: Arc<Outputs>,
}

impl Tmux {
    fn start(dir: &Path) -> Result<Tmux, Error> {
        let socket = format!("lector-compare-{}", std::process::id());
        let command = |args: &[&str]| {
            let mut c = Command::new("tmux");
            c.args(["-u", "-L", &socket, "-f", "/dev/null"])
                .args(args)
                .env("TMUX_TMPDIR", dir)
                .env_remove("TMUX");
            c
        };
        let ok = command(&[
            "new-session",
            "-d",
            "-s",
            "cmp",
            "-x",
            "120",
            "-y",
            "40",
            "sleep 100000",
        ])
        .stdin(Stdio::null())
        .status()?;
        if !ok.success() {
            return Err("cannot start tmux".into());
        }
        let mut control = command(&["-C", "attach", "-t", "cmp"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let mut keys = control.stdin.take().ok_or("no stdin for tmux -C")?;
        let stdout = control.stdout.take().ok_or("no stdout for tmux -C")?;
        let outputs = Arc::new(Outputs::default());
        let sink = outputs.clone();
        std::thread::spawn(move || read_control(BufReader::new(stdout), &sink));
        // The control client has no size of its own: give it the window's.
        keys.write_all(b"set -g default-size 120x40\nrefresh-client -C 120x40\n")?;
        keys.flush()?;
        Ok(Tmux {
            socket,
            dir: dir.to_path_buf(),
            control,
            keys: Some(keys),
            outputs,
        })
    }

    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-u", "-L", &self.socket, "-f", "/dev/null"])
            .env("TMUX_TMPDIR", &self.dir)
            .env_remove("TMUX")
            .stdin(Stdio::null());
        c
    }

    /// Runs a tmux command (not timed) and returns its output.
    fn run(&self, args: &[&str]) -> Result<String, Error> {
        let out = self.command().args(args).output()?;
        if !out.status.success() {
            return Err(format!(
                "tmux {args:?}: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            )
            .into());
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// Writes command lines to the control client; returns the time just before.
    fn control(&mut self, lines: &str) -> Result<Instant, Error> {
        let keys = self.keys.as_mut().ok_or("the control client is closed")?;
        let t = Instant::now();
        keys.write_all(lines.as_bytes())?;
        keys.flush()?;
        Ok(t)
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self
            .command()
            .arg("kill-server")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        // Closing its input ends the control client.
        self.keys = None;
        let _ = self.control.kill();
        let _ = self.control.wait();
    }
}

/// Reads the control client's notifications, keeping each pane's `%output` with its arrival
/// time.
fn read_control(mut r: impl BufRead, outputs: &Outputs) {
    let mut line = Vec::new();
    loop {
        line.clear();
        match r.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let now = Instant::now();
        let Some(rest) = line.strip_prefix(b"%output ") else {
            continue;
        };
        let Some(space) = rest.iter().position(|&b| b == b' ') else {
            continue;
        };
        let pane = String::from_utf8_lossy(&rest[..space]).into_owned();
        let data = unescape(
            rest[space + 1..]
                .strip_suffix(b"\n")
                .unwrap_or(&rest[space + 1..]),
        );
        let Ok(mut panes) = outputs.panes.lock() else {
            return;
        };
        let out = panes.entry(pane).or_default();
        out.bytes.extend_from_slice(&data);
        let end = out.bytes.len();
        out.arrivals.push((end, now));
        outputs.grew.notify_all();
    }
}

/// Control mode writes bytes below 32 and `\\` as `\\ooo` (octal).
fn unescape(s: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    while i < s.len() {
        if s[i] == b'\\'
            && let Some(oct) = s.get(i + 1..i + 4)
            && oct.iter().all(|b| (b'0'..=b'7').contains(b))
        {
            out.push(oct.iter().fold(0u8, |n, &d| n.wrapping_mul(8) + (d - b'0')));
            i += 4;
        } else {
            out.push(s[i]);
            i += 1;
        }
    }
    out
}

/// A window running one program.
struct Pane<'a> {
    tmux: &'a mut Tmux,
    id: String,
}

impl<'a> Pane<'a> {
    /// Opens a window that runs `command` (a shell command line, which should `exec` the
    /// program) when it gets `Enter`.
    fn open(tmux: &'a mut Tmux, name: &str, command: &str) -> Result<Pane<'a>, Error> {
        let script = tmux.dir.join(format!("{name}.sh"));
        // A home of its own: no reading position or history from an earlier run.
        let home = tmux.dir.join(format!("{name}-home"));
        std::fs::create_dir_all(&home)?;
        std::fs::write(
            &script,
            format!(
                "unset TMUX TMUX_PANE LESSOPEN LESSCLOSE LESS NO_COLOR\n\
                 unset XDG_DATA_HOME XDG_STATE_HOME XDG_CONFIG_HOME XDG_RUNTIME_DIR\n\
                 export HOME='{}'\n\
                 export TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8\n\
                 read _\n\
                 {command}\n",
                home.display()
            ),
        )?;
        let id = tmux.run(&[
            "new-window",
            "-d",
            "-P",
            "-F",
            "#{pane_id}",
            "-n",
            name,
            &format!("sh {}", script.display()),
        ])?;
        let size = tmux.run(&["display", "-p", "-t", &id, "#{pane_width}x#{pane_height}"])?;
        if size != "120x40" {
            return Err(format!("the window is {size}, not 120x40").into());
        }
        // Let the shell reach `read`.
        std::thread::sleep(Duration::from_millis(300));
        Ok(Pane { tmux, id })
    }

    /// How many bytes the pane has written so far.
    fn written(&self) -> usize {
        self.tmux
            .outputs
            .panes
            .lock()
            .map_or(0, |p| p.get(&self.id).map_or(0, |o| o.bytes.len()))
    }

    /// Sends tmux keys; returns the output offset and the time just before sending.
    fn send(&mut self, keys: &str) -> Result<(usize, Instant), Error> {
        let from = self.written();
        let t = self
            .tmux
            .control(&format!("send-keys -t {} {keys}\n", self.id))?;
        Ok((from, t))
    }

    /// Types `text` and then presses Enter, in one write.
    fn type_enter(&mut self, text: &str) -> Result<(usize, Instant), Error> {
        let from = self.written();
        let id = self.id.clone();
        let t = self.tmux.control(&format!(
            "send-keys -t {id} -l {text}\nsend-keys -t {id} Enter\n"
        ))?;
        Ok((from, t))
    }

    /// Waits until `mark` appears in the output after byte `from`; when its last byte arrived.
    /// `None`: the first output after `from`.
    fn wait(&self, mark: Option<&str>, from: usize) -> Result<Instant, Error> {
        self.wait_for(mark, from, TIMEOUT)?
            .ok_or_else(|| format!("{}: timed out waiting for {mark:?}", self.id).into())
    }

    /// As [`Pane::wait`], for at most `timeout`: `None` if nothing came.
    fn wait_for(
        &self,
        mark: Option<&str>,
        from: usize,
        timeout: Duration,
    ) -> Result<Option<Instant>, Error> {
        let deadline = Instant::now() + timeout;
        let outputs = &self.tmux.outputs;
        let mut panes = outputs.panes.lock().map_err(|_| "poisoned")?;
        loop {
            if let Some(out) = panes.get(&self.id) {
                let hay = out.bytes.get(from..).unwrap_or_default();
                let end = match mark {
                    Some(m) => hay
                        .windows(m.len())
                        .position(|w| w == m.as_bytes())
                        .map(|i| from + i + m.len()),
                    None => (!hay.is_empty()).then_some(from + 1),
                };
                if let Some(t) = end.and_then(|e| out.arrival_of(e)) {
                    return Ok(Some(t));
                }
            }
            let now = Instant::now();
            if now > deadline {
                return Ok(None);
            }
            panes = outputs
                .grew
                .wait_timeout(panes, deadline - now)
                .map_err(|_| "poisoned")?
                .0;
        }
    }

    /// The writes that arrived after `a` and up to `b` (pieces less than 2 ms apart count as one)
    /// and their bytes.
    fn bursts_between(&self, a: Instant, b: Instant) -> (usize, usize) {
        let Ok(panes) = self.tmux.outputs.panes.lock() else {
            return (0, 0);
        };
        let Some(out) = panes.get(&self.id) else {
            return (0, 0);
        };
        let (mut writes, mut bytes, mut last) = (0, 0, None::<Instant>);
        let mut prev_end = 0;
        for &(end, t) in &out.arrivals {
            if t > a && t <= b {
                if last.is_none_or(|l| t - l > Duration::from_millis(2)) {
                    writes += 1;
                }
                bytes += end - prev_end;
                last = Some(t);
            }
            prev_end = end;
        }
        (writes, bytes)
    }

    /// Prints what arrived after `a` and up to `b`, escaped, a line a piece (to see what an
    /// idle program writes).
    fn dump_between(&self, a: Instant, b: Instant) {
        let Ok(panes) = self.tmux.outputs.panes.lock() else {
            return;
        };
        let Some(out) = panes.get(&self.id) else {
            return;
        };
        let mut prev_end = 0;
        for &(end, t) in &out.arrivals {
            if t > a && t <= b {
                eprintln!(
                    "+{:.1} ms: {}",
                    ms(t - a),
                    String::from_utf8_lossy(&out.bytes[prev_end..end]).escape_debug()
                );
            }
            prev_end = end;
        }
    }

    /// Waits until the pane has written nothing for `quiet` (or 10 s have passed).
    fn settle(&self, quiet: Duration) {
        let start = Instant::now();
        let mut last = (self.written(), Instant::now());
        while last.1.elapsed() < quiet && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
            let n = self.written();
            if n != last.0 {
                last = (n, Instant::now());
            }
        }
    }

    /// The peak resident set of the pane's process (the program, which the shell exec'd), bytes.
    fn max_rss(&self) -> Result<u64, Error> {
        let pid = self
            .tmux
            .run(&["display", "-p", "-t", &self.id, "#{pane_pid}"])?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
        let kb = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .ok_or("no VmHWM in /proc/PID/status")?;
        Ok(kb * 1024)
    }

    /// Closes the window (which may have closed already, with its program).
    fn close(self) {
        let _ = self.tmux.run(&["kill-window", "-t", &self.id]);
    }
}

/// What one key did: the time to the first byte of its redraw (`None`: nothing changed within
/// [`KEY_TIMEOUT`]) and the bytes written until the screen was quiet again.
#[derive(Clone)]
struct KeySample {
    key: String,
    ms: Option<f64>,
    bytes: usize,
}

/// One program's figures from one round, in milliseconds (RSS in MiB).
#[derive(Default, Clone)]
struct Round {
    first: f64,
    /// Bytes of the first screen (until the screen was quiet).
    first_bytes: usize,
    g: f64,
    g_bytes: usize,
    search: f64,
    keys: Vec<KeySample>,
    /// `:50%` in lector, `50p` in less: Enter (`p`) → the first byte of the redraw.
    percent: Option<f64>,
    rss: f64,
    outline: Option<f64>,
    g_busy: Option<f64>,
    /// Writes (bursts less than 2 ms apart) and bytes in the second after the first screen,
    /// with no key pressed.
    idle: Option<(usize, usize)>,
}

/// How long a key may take to change the screen before it counts as changing nothing.
const KEY_TIMEOUT: Duration = Duration::from_secs(3);

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Which keys are pressed, and how often each (`COMPARE_KEYS`, `COMPARE_KEY_REPEATS`).
struct KeyPlan {
    keys: Vec<String>,
    repeats: usize,
}

impl KeyPlan {
    fn from_env() -> KeyPlan {
        let keys = std::env::var("COMPARE_KEYS")
            .unwrap_or_else(|_| "PPage NPage Up Down".into())
            .split_whitespace()
            .map(String::from)
            .collect();
        let repeats = std::env::var("COMPARE_KEY_REPEATS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(3);
        KeyPlan { keys, repeats }
    }
}

/// Runs one program through the measurements; `lector` adds lector's own, and `auto_outline`
/// waits for the automatic outline (there is no sidecar).
fn measure(
    tmux: &mut Tmux,
    name: &str,
    command: &str,
    lector: bool,
    auto_outline: bool,
    plan: &KeyPlan,
    mark_timeout: Duration,
) -> Result<Round, Error> {
    let quiet = Duration::from_millis(300);
    let mut p = Pane::open(tmux, name, command)?;
    let mut r = Round::default();
    let (launch_from, t0) = p.send("Enter")?;
    let first_at = p.wait(Some(SCREEN_MARK), launch_from)?;
    r.first = ms(first_at - t0);
    if lector {
        // Nothing pressed for a second: what is written is the loader's and the outline's.
        std::thread::sleep(Duration::from_secs(1));
        r.idle = Some(p.bursts_between(first_at, first_at + Duration::from_secs(1)));
        if std::env::var_os("COMPARE_DUMP_IDLE").is_some() {
            p.dump_between(first_at, first_at + Duration::from_secs(1));
        }
        let (from, t) = p.send("G")?;
        r.g_busy = p
            .wait_for(Some(LAST_MARK), from, mark_timeout)?
            .map(|a| ms(a - t));
        let (from, _) = p.send("g")?;
        p.wait_for(Some(FIRST_MARK), from, mark_timeout)?;
        if auto_outline {
            r.outline = Some(ms(p.wait(Some("automatic"), launch_from)? - t0));
        }
    }
    p.settle(quiet);
    let (from, t) = p.send("G")?;
    r.g = p
        .wait_for(Some(LAST_MARK), from, mark_timeout)?
        .map_or(f64::NAN, |a| ms(a - t));
    p.settle(quiet);
    r.g_bytes = p.written() - from;
    // From the end: each key `repeats` times (page up first, so page down has room).
    for key in &plan.keys {
        for _ in 0..plan.repeats {
            let (from, t) = p.send(key)?;
            let at = p.wait_for(None, from, KEY_TIMEOUT)?;
            p.settle(quiet);
            r.keys.push(KeySample {
                key: key.clone(),
                ms: at.map(|a| ms(a - t)),
                bytes: p.written() - from,
            });
        }
    }
    let (from, _) = p.send("g")?;
    p.wait_for(Some(FIRST_MARK), from, mark_timeout)?;
    p.settle(quiet);
    // Half way: typed first, timed from the key that goes.
    if lector {
        p.send(":")?;
        p.settle(quiet);
        p.send("-l 50%")?;
    } else {
        p.send("-l 50")?;
    }
    p.settle(quiet);
    let (from, t) = p.send(if lector { "Enter" } else { "p" })?;
    r.percent = p.wait_for(None, from, KEY_TIMEOUT)?.map(|a| ms(a - t));
    p.settle(quiet);
    // Back to the top, if `:50%` left it (in a one-line file it goes to line 1 again).
    let (from, _) = p.send("g")?;
    p.wait_for(Some(FIRST_MARK), from, KEY_TIMEOUT)?;
    p.settle(quiet);
    p.send("/")?;
    p.settle(quiet);
    let (from, t) = p.type_enter(PHRASE)?;
    r.search = p
        .wait_for(Some(LAST_MARK), from, mark_timeout)?
        .map_or(f64::NAN, |a| ms(a - t));
    p.settle(quiet);
    r.rss = p.max_rss()? as f64 / (1024.0 * 1024.0);
    r.first_bytes = first_screen_bytes(&p, launch_from, first_at);
    p.send("q")?;
    p.close();
    Ok(r)
}

/// Bytes the program wrote up to and including the write that completed its first screen.
fn first_screen_bytes(p: &Pane<'_>, from: usize, at: Instant) -> usize {
    let Ok(panes) = p.tmux.outputs.panes.lock() else {
        return 0;
    };
    panes.get(&p.id).map_or(0, |o| {
        o.arrivals
            .iter()
            .filter(|&&(_, t)| t <= at)
            .map(|&(e, _)| e)
            .max()
            .unwrap_or(from)
            .saturating_sub(from)
    })
}

/// The harness's own latency: `Enter` → `command` prints the mark (then sleeps).
fn floor(tmux: &mut Tmux, name: &str, command: &str) -> Result<f64, Error> {
    let mut p = Pane::open(
        tmux,
        name,
        &format!("{command} '%s' '{FIRST_MARK}'; exec sleep 100"),
    )?;
    let (from, t) = p.send("Enter")?;
    let d = ms(p.wait(Some(FIRST_MARK), from)? - t);
    p.close();
    Ok(d)
}

/// The median of the figures that are not NaN (a mark that never came).
fn median(xs: Vec<f64>) -> f64 {
    let mut xs: Vec<f64> = xs.into_iter().filter(|x| !x.is_nan()).collect();
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        f64::midpoint(xs[n / 2 - 1], xs[n / 2])
    }
}

/// The 95th percentile (nearest rank).
fn p95(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    if xs.is_empty() {
        return f64::NAN;
    }
    let rank = (0.95 * xs.len() as f64).ceil() as usize;
    xs[rank.clamp(1, xs.len()) - 1]
}

fn spread(xs: &[f64]) -> String {
    let missing = xs.iter().filter(|x| x.is_nan()).count();
    if missing == xs.len() {
        return "never shown".into();
    }
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if missing > 0 {
        format!("{lo:.1}–{hi:.1}; {missing} never shown")
    } else {
        format!("{lo:.1}–{hi:.1}")
    }
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// What kind of file it is, for the targets that depend on it.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// A transcript of many lines; memory at most `ratio` × the file, or `cap` MiB.
    Lines { ratio: f64, cap: Option<f64> },
    /// One 10 MB line.
    Line,
}

fn met(ok: bool) -> &'static str {
    if ok { "yes" } else { "**no**" }
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err(
            "usage: compare_less LECTOR_BINARY FILE [ROUNDS] [txt|txt-small|srt|line]".into(),
        );
    }
    let lector = std::fs::canonicalize(&args[1])?;
    let file = std::fs::canonicalize(&args[2])?;
    let rounds: usize = args.get(3).map_or(Ok(5), |r| r.parse())?;
    let kind = match args.get(4).map_or("txt", String::as_str) {
        "txt" => Kind::Lines {
            ratio: 1.2,
            cap: None,
        },
        "txt-small" => Kind::Lines {
            ratio: f64::INFINITY,
            cap: Some(20.0),
        },
        "srt" => Kind::Lines {
            ratio: 1.5,
            cap: None,
        },
        "line" => Kind::Line,
        k => return Err(format!("unknown kind {k}").into()),
    };
    let plan = KeyPlan::from_env();
    let size = std::fs::metadata(&file)?.len();
    let mut sidecar = file.clone().into_os_string();
    sidecar.push(".outline.toml");
    let auto = !Path::new(&sidecar).exists();
    let dir = std::env::temp_dir().join(format!("lector-compare-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut tmux = Tmux::start(&dir)?;
    let f = sh_quote(&file.display().to_string());
    let lector_cmd = format!("exec {} {f}", sh_quote(&lector.display().to_string()));
    let less_cmd = format!("exec less {f}");

    let mut floors = Vec::new();
    let mut exec_floors = Vec::new();
    let mut loads = Vec::new();
    let mut lr: Vec<Round> = Vec::new();
    let mut sr: Vec<Round> = Vec::new();
    for round in 0..rounds {
        floors.push(floor(&mut tmux, &format!("floor{round}"), "printf")?);
        exec_floors.push(floor(
            &mut tmux,
            &format!("exec{round}"),
            "/usr/bin/printf",
        )?);
        if let Some(l) = std::fs::read_to_string("/proc/loadavg")
            .ok()
            .and_then(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        {
            loads.push(l);
        }
        let lector_first = round % 2 == 0;
        for which in 0..2 {
            let is_lector = (which == 0) == lector_first;
            let (name, cmd) = if is_lector {
                (format!("lector{round}"), &lector_cmd)
            } else {
                (format!("less{round}"), &less_cmd)
            };
            // less shows a 10 MB line from its start: its end (`G`, the phrase) may never
            // come on screen.
            let mark_timeout = if kind == Kind::Line {
                Duration::from_secs(10)
            } else {
                TIMEOUT
            };
            let r = measure(
                &mut tmux,
                &name,
                cmd,
                is_lector,
                is_lector && auto,
                &plan,
                mark_timeout,
            )?;
            let keys: Vec<String> = r
                .keys
                .iter()
                .map(|k| {
                    k.ms.map_or_else(|| format!("{} –", k.key), |m| format!("{} {m:.1}", k.key))
                })
                .collect();
            eprintln!(
                "round {}: {:6} first {:.1} G {:.1} search {:.1} 50% {:.1} rss {:.1} MiB \
                 outline {:.0} G-busy {:.1} idle {:?}; keys {}",
                round + 1,
                if is_lector { "lector" } else { "less" },
                r.first,
                r.g,
                r.search,
                r.percent.unwrap_or(f64::NAN),
                r.rss,
                r.outline.unwrap_or(f64::NAN),
                r.g_busy.unwrap_or(f64::NAN),
                r.idle,
                keys.join(", ")
            );
            if is_lector { &mut lr } else { &mut sr }.push(r);
        }
    }
    // The server's socket lives in `dir`: stop it first.
    drop(tmux);
    std::fs::remove_dir_all(&dir).ok();
    report(&Report {
        file: &file,
        size,
        rounds,
        kind,
        plan: &plan,
        floors: &floors,
        exec_floors: &exec_floors,
        loads: &loads,
        lector: &lr,
        less: &sr,
    });
    Ok(())
}

struct Report<'a> {
    file: &'a Path,
    size: u64,
    rounds: usize,
    kind: Kind,
    plan: &'a KeyPlan,
    floors: &'a [f64],
    exec_floors: &'a [f64],
    loads: &'a [f64],
    lector: &'a [Round],
    less: &'a [Round],
}

fn report(r: &Report<'_>) {
    let (lr, sr) = (r.lector, r.less);
    let col = |rs: &[Round], f: &dyn Fn(&Round) -> f64| rs.iter().map(f).collect::<Vec<_>>();
    let file_mib = r.size as f64 / (1024.0 * 1024.0);
    let line = r.kind == Kind::Line;
    println!();
    println!(
        "file: {} ({:.1} MiB), {} rounds, tmux 120×40, load average {} during the rounds; \
         medians (range); harness floor {:.1} ms ({}: a shell prints the mark), {:.1} ms ({}) \
         with an exec (/usr/bin/printf)",
        r.file.display(),
        file_mib,
        r.rounds,
        spread(r.loads),
        median(r.floors.to_vec()),
        spread(r.floors),
        median(r.exec_floors.to_vec()),
        spread(r.exec_floors)
    );
    println!();
    println!("| measure | lector | less | ratio | target | met |");
    println!("|---|---|---|---|---|---|");
    let row =
        |name: &str, f: &dyn Fn(&Round) -> f64, target: &str, ok: &dyn Fn(f64, f64) -> bool| {
            let (a, b) = (col(lr, f), col(sr, f));
            let (ma, mb) = (median(a.clone()), median(b.clone()));
            println!(
                "| {name} | {ma:.1} ms ({}) | {mb:.1} ms ({}) | {:.2}× | {target} | {} |",
                spread(&a),
                spread(&b),
                ma / mb,
                met(ok(ma, if mb.is_nan() { f64::INFINITY } else { mb }))
            );
        };
    row("first screen", &|r| r.first, "≤ 1.2× less", &|a, b| {
        a <= 1.2 * b
    });
    let (gt, gk): (&str, &dyn Fn(f64, f64) -> bool) = if line {
        ("≤ 16 ms", &|a, _| a <= 16.0)
    } else {
        ("≤ 1.5× less", &|a, b| a <= 1.5 * b)
    };
    row("`G` (last line)", &|r| r.g, gt, gk);
    row(
        "search, last line's phrase, from the top",
        &|r| r.search,
        "≤ less",
        &|a, b| a <= b,
    );
    let (kt, kk): (&str, &dyn Fn(f64, f64) -> bool) = if line {
        ("≤ 16 ms", &|a, _| a <= 16.0)
    } else {
        ("≤ 2× less", &|a, b| a <= 2.0 * b)
    };
    for key in &r.plan.keys {
        let samples = |rs: &[Round]| {
            let all: Vec<&KeySample> = rs
                .iter()
                .flat_map(|r| r.keys.iter().filter(|k| &k.key == key))
                .collect();
            let times: Vec<f64> = all.iter().filter_map(|k| k.ms).collect();
            let none = all.len() - times.len();
            let bytes = median(all.iter().map(|k| k.bytes as f64).collect());
            (times, none, bytes)
        };
        let (a, an, ab) = samples(lr);
        let (b, bn, bb) = samples(sr);
        let (ma, mb) = (median(a.clone()), median(b.clone()));
        let unchanged = |n: usize| {
            if n > 0 {
                format!(", {n} without a change")
            } else {
                String::new()
            }
        };
        println!(
            "| `{key}` at the end → first byte (median, p95; bytes a frame) | {ma:.1} ms, p95 {:.1} ({:.0} B{}) | {mb:.1} ms, p95 {:.1} ({:.0} B{}) | {:.2}× | {kt} | {} |",
            p95(a.clone()),
            ab,
            unchanged(an),
            p95(b.clone()),
            bb,
            unchanged(bn),
            ma / mb,
            met(kk(ma, mb) && an == 0)
        );
    }
    let bytes =
        |rs: &[Round], f: fn(&Round) -> usize| median(rs.iter().map(|r| f(r) as f64).collect());
    println!(
        "| bytes written: first screen / `G` | {:.0} / {:.0} B | {:.0} / {:.0} B | {:.2}× / {:.2}× | – | – |",
        bytes(lr, |r| r.first_bytes),
        bytes(lr, |r| r.g_bytes),
        bytes(sr, |r| r.first_bytes),
        bytes(sr, |r| r.g_bytes),
        bytes(lr, |r| r.first_bytes) / bytes(sr, |r| r.first_bytes),
        bytes(lr, |r| r.g_bytes) / bytes(sr, |r| r.g_bytes),
    );
    let (pt, pk): (&str, &dyn Fn(f64, f64) -> bool) = if line {
        ("≤ 50 ms", &|a, _| a <= 50.0)
    } else {
        ("≤ 2× less", &|a, b| a <= 2.0 * b)
    };
    row(
        "`:50%` (less: `50p`) → first byte",
        &|r| r.percent.unwrap_or(f64::NAN),
        pt,
        pk,
    );
    let (ra, rb) = (col(lr, &|r| r.rss), col(sr, &|r| r.rss));
    let mra = median(ra.clone());
    let (target, ok) = match r.kind {
        Kind::Lines { cap: Some(cap), .. } => (format!("≤ {cap:.0} MiB"), mra <= cap),
        Kind::Lines { ratio, .. } => (
            format!("≤ {ratio}× the file ({:.1} MiB)", ratio * file_mib),
            mra <= ratio * file_mib,
        ),
        Kind::Line => ("–".to_string(), true),
    };
    println!(
        "| max RSS (VmHWM) | {mra:.1} MiB ({}) | {:.1} MiB ({}) | {:.2}× the file | {target} | {} |",
        spread(&ra),
        median(rb.clone()),
        spread(&rb),
        mra / file_mib,
        met(ok)
    );
    let outline: Vec<f64> = lr.iter().filter_map(|r| r.outline).collect();
    if !outline.is_empty() {
        let mo = median(outline.clone());
        println!(
            "| automatic outline arrives (from launch) | {:.2} s ({}) | – | – | ≤ 2 s in the background | {} |",
            mo / 1000.0,
            spread(&outline.iter().map(|x| x / 1000.0).collect::<Vec<_>>()),
            met(mo <= 2000.0)
        );
    }
    let busy: Vec<f64> = lr.iter().filter_map(|r| r.g_busy).collect();
    let mb = median(busy.clone());
    println!(
        "| `G` 1 s after the first screen (outline computing on big files) | {mb:.1} ms ({}) | – | – | as `G` | – |",
        spread(&busy),
    );
    let idle: Vec<(usize, usize)> = lr.iter().filter_map(|r| r.idle).collect();
    let writes: Vec<f64> = idle.iter().map(|i| i.0 as f64).collect();
    let ibytes: Vec<f64> = idle.iter().map(|i| i.1 as f64).collect();
    println!(
        "| writes (bytes) in the 1 s after the first screen, no key pressed | {:.0} ({:.0} B); range {} ({}) | – | – | only visible changes (loading done, outline) | see text |",
        median(writes.clone()),
        median(ibytes.clone()),
        spread(&writes),
        spread(&ibytes)
    );
}
