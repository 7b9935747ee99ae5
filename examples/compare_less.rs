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
//! - first screen: `Enter` (the shell execs the program) → the mark of line 39, the last line of
//!   the first screen in both programs (less writes its screen in 1 KiB pieces, so its first
//!   line comes earlier);
//! - `G`: → the last line's mark (after the screen has been quiet for 0.3 s);
//! - search: `/` first, then the phrase and `Enter` in one write → the last line's mark, from
//!   the top of the file;
//! - key: `PgUp` at the end of the file → the first byte of the redraw;
//! - outline (lector only, when the file has no sidecar): launch → `automatic` in the outline
//!   pane's header;
//! - `G` while the outline computes (lector only): as `G`, 0.2 s after the first screen;
//! - max RSS: `VmHWM` of `/proc/PID/status`, read before quitting (after all the above).
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

const TIMEOUT: Duration = Duration::from_secs(60);

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
        std::fs::write(
            &script,
            format!(
                "unset TMUX TMUX_PANE LESSOPEN LESSCLOSE LESS NO_COLOR\n\
                 export TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8\n\
                 read _\n\
                 {command}\n"
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
        let deadline = Instant::now() + TIMEOUT;
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
                    return Ok(t);
                }
            }
            let now = Instant::now();
            if now > deadline {
                return Err(format!("{}: timed out waiting for {mark:?}", self.id).into());
            }
            panes = outputs
                .grew
                .wait_timeout(panes, deadline - now)
                .map_err(|_| "poisoned")?
                .0;
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

/// One program's figures from one round, in milliseconds (RSS in MiB).
#[derive(Default, Clone)]
struct Round {
    first: f64,
    g: f64,
    search: f64,
    key: f64,
    rss: f64,
    outline: Option<f64>,
    g_busy: Option<f64>,
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Runs one program through the measurements; `lector` adds lector's own, and `auto_outline`
/// waits for the automatic outline (there is no sidecar).
fn measure(
    tmux: &mut Tmux,
    name: &str,
    command: &str,
    lector: bool,
    auto_outline: bool,
) -> Result<Round, Error> {
    let quiet = Duration::from_millis(300);
    let mut p = Pane::open(tmux, name, command)?;
    let mut r = Round::default();
    let (launch_from, t0) = p.send("Enter")?;
    r.first = ms(p.wait(Some(SCREEN_MARK), launch_from)? - t0);
    if lector {
        std::thread::sleep(Duration::from_millis(200));
        let (from, t) = p.send("G")?;
        r.g_busy = Some(ms(p.wait(Some(LAST_MARK), from)? - t));
        let (from, _) = p.send("g")?;
        p.wait(Some(FIRST_MARK), from)?;
        if auto_outline {
            r.outline = Some(ms(p.wait(Some("automatic"), launch_from)? - t0));
        }
    }
    p.settle(quiet);
    let (from, t) = p.send("G")?;
    r.g = ms(p.wait(Some(LAST_MARK), from)? - t);
    p.settle(quiet);
    let (from, t) = p.send("PPage")?;
    r.key = ms(p.wait(None, from)? - t);
    p.settle(quiet);
    let (from, _) = p.send("g")?;
    p.wait(Some(FIRST_MARK), from)?;
    p.settle(quiet);
    p.send("/")?;
    p.settle(quiet);
    let (from, t) = p.type_enter(PHRASE)?;
    r.search = ms(p.wait(Some(LAST_MARK), from)? - t);
    p.settle(quiet);
    r.rss = p.max_rss()? as f64 / (1024.0 * 1024.0);
    p.send("q")?;
    p.close();
    Ok(r)
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

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n == 0 {
        return f64::NAN;
    }
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

fn spread(xs: &[f64]) -> String {
    let lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    format!("{lo:.1}–{hi:.1}")
}

fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: compare_less LECTOR_BINARY FILE [ROUNDS]".into());
    }
    let lector = std::fs::canonicalize(&args[1])?;
    let file = std::fs::canonicalize(&args[2])?;
    let rounds: usize = args.get(3).map_or(Ok(5), |r| r.parse())?;
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
    let mut lr: Vec<Round> = Vec::new();
    let mut sr: Vec<Round> = Vec::new();
    for round in 0..rounds {
        floors.push(floor(&mut tmux, &format!("floor{round}"), "printf")?);
        exec_floors.push(floor(
            &mut tmux,
            &format!("exec{round}"),
            "/usr/bin/printf",
        )?);
        let lector_first = round % 2 == 0;
        for which in 0..2 {
            if (which == 0) == lector_first {
                let r = measure(
                    &mut tmux,
                    &format!("lector{round}"),
                    &lector_cmd,
                    true,
                    auto,
                )?;
                eprintln!(
                    "round {}: lector first {:.1} G {:.1} search {:.1} key {:.1} rss {:.1} MiB \
                     outline {:.0} G-busy {:.1}",
                    round + 1,
                    r.first,
                    r.g,
                    r.search,
                    r.key,
                    r.rss,
                    r.outline.unwrap_or(f64::NAN),
                    r.g_busy.unwrap_or(f64::NAN)
                );
                lr.push(r);
            } else {
                let r = measure(&mut tmux, &format!("less{round}"), &less_cmd, false, false)?;
                eprintln!(
                    "round {}: less   first {:.1} G {:.1} search {:.1} key {:.1} rss {:.1} MiB",
                    round + 1,
                    r.first,
                    r.g,
                    r.search,
                    r.key,
                    r.rss
                );
                sr.push(r);
            }
        }
    }
    // The server's socket lives in `dir`: stop it first.
    drop(tmux);
    std::fs::remove_dir_all(&dir).ok();

    let col = |rs: &[Round], f: fn(&Round) -> f64| rs.iter().map(f).collect::<Vec<_>>();
    let file_mib = size as f64 / (1024.0 * 1024.0);
    println!(
        "file: {} ({:.1} MiB), {rounds} rounds, tmux 120×40, medians (range); harness floor \
         {:.1} ms ({}: a shell prints the mark), {:.1} ms ({}) with an exec (/usr/bin/printf)",
        file.display(),
        file_mib,
        median(floors.clone()),
        spread(&floors),
        median(exec_floors.clone()),
        spread(&exec_floors)
    );
    println!();
    println!("| measure | lector | less | ratio | target | met |");
    println!("|---|---|---|---|---|---|");
    let row = |name: &str, f: fn(&Round) -> f64, target: &str, ok: &dyn Fn(f64, f64) -> bool| {
        let (a, b) = (col(&lr, f), col(&sr, f));
        let (ma, mb) = (median(a.clone()), median(b.clone()));
        println!(
            "| {name} | {ma:.1} ms ({}) | {mb:.1} ms ({}) | {:.2}× | {target} | {} |",
            spread(&a),
            spread(&b),
            ma / mb,
            if ok(ma, mb) { "yes" } else { "**no**" }
        );
    };
    row("first screen", |r| r.first, "≤ 2× less", &|a, b| {
        a <= 2.0 * b
    });
    row(
        "`G` (last line)",
        |r| r.g,
        "≤ 2× less or < 30 ms",
        &|a, b| a <= 2.0 * b || a < 30.0,
    );
    row(
        "search, last line's phrase, from the top",
        |r| r.search,
        "≤ ¼ less",
        &|a, b| a <= 0.25 * b,
    );
    row(
        "`PgUp` at the end (key → redraw starts)",
        |r| r.key,
        "< 16 ms",
        &|a, _| a < 16.0,
    );
    let (ra, rb) = (col(&lr, |r| r.rss), col(&sr, |r| r.rss));
    let mra = median(ra.clone());
    println!(
        "| max RSS | {mra:.1} MiB ({}) | {:.1} MiB ({}) | {:.2}× the file | ≤ 1.5× the file ({:.1} MiB) | {} |",
        spread(&ra),
        median(rb.clone()),
        spread(&rb),
        mra / file_mib,
        1.5 * file_mib,
        if mra <= 1.5 * file_mib {
            "yes"
        } else {
            "**no**"
        }
    );
    let outline: Vec<f64> = lr.iter().filter_map(|r| r.outline).collect();
    let mo = median(outline.clone());
    println!(
        "| automatic outline arrives (from launch) | {:.2} s ({}) | – | – | ≤ 10 s, UI usable | {} |",
        mo / 1000.0,
        spread(&outline.iter().map(|x| x / 1000.0).collect::<Vec<_>>()),
        if mo <= 10_000.0 { "yes" } else { "**no**" }
    );
    let busy: Vec<f64> = lr.iter().filter_map(|r| r.g_busy).collect();
    let mb = median(busy.clone());
    println!(
        "| `G` while the outline computes | {mb:.1} ms ({}) | – | – | < 30 ms | {} |",
        spread(&busy),
        if mb < 30.0 { "yes" } else { "**no**" }
    );
    Ok(())
}
