//! Shared helpers for the integration tests: the release binary, running a command with a
//! deadline, and a tmux session that runs lector as a user would and reads its screen.
//!
//! Each [`Session`] has its own tmux server (its own socket, under its own temporary directory),
//! so tests can run in parallel; the server is killed when the session is dropped, even when the
//! test panics.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long to wait for the screen (or a process) to show what a test expects. Generous because
/// the machine may be busy compiling (other builds, other test binaries in parallel); passing
/// tests never wait this long.
pub const TIMEOUT: Duration = Duration::from_mins(1);
/// How often the screen is read while waiting.
pub const POLL: Duration = Duration::from_millis(50);

/// The bundled transcript as a file in the repository (with its sidecar outline next to it).
pub const BUNDLED: &str = "assets/llamacon-zuckerberg.zh.txt";
/// Lines in the bundled transcript.
pub const BUNDLED_LINES: usize = 313;
pub const FIRST_LINE: &str = "大家好，这里是最佳拍档，我是大飞";
pub const LAST_LINE: &str = "我们下期再见";
pub const FIRST_TOPIC: &str = "开场：Meta 的过山车一年";
/// Line 49, where the third topic starts.
pub const LINE_49: &str = "在对比 Llama 4 与其他闭源模型的时候";
pub const TOPIC_3: &str = "开源超越闭源与低延迟优先";
pub const LINE_150: &str = "只是在人们无法实现物理连接时";

/// A path in the repository.
pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// `" 150/313 "`: the position as the status bar shows it. The spaces keep `2/313` from
/// matching `12/313`.
pub fn pos(line: usize, total: usize) -> String {
    format!(" {line}/{total} ")
}

// ---------------------------------------------------------------------------------------------
// Running a command with a deadline.

/// Runs `cmd` with `stdin` as its standard input (empty if `None`), collecting its output. Kills
/// it and panics if it takes longer than [`TIMEOUT`] (a reader that blocks on `/dev/zero` must
/// fail the test, not hang it).
pub fn run_with_timeout(cmd: &mut Command, stdin: Option<&[u8]>) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let input = stdin.unwrap_or_default().to_vec();
    let mut child_stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        // A program that does not read its input closes the pipe: not an error here.
        let _ = child_stdin.write_all(&input);
    });
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let err_reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{cmd:?} did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let _ = writer.join();
    Output {
        status,
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

// ---------------------------------------------------------------------------------------------
// The release binary.

/// The release binary, built once per test process with the same cargo that runs the tests.
pub fn release_bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(build_release)
}

/// The target directory: `CARGO_TARGET_DIR` if set, else the one this test binary was built in
/// (`<target>/debug/deps/<test>`).
fn target_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(dir) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        return manifest.join(dir);
    }
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.parent()
        .and_then(Path::parent)
        .and_then(Path::parent)
        .unwrap_or_else(|| panic!("cannot find the target directory from {}", exe.display()))
        .to_path_buf()
}

fn build_release() -> PathBuf {
    let dir = target_dir();
    let output = Command::new(env!("CARGO"))
        .args(["build", "--release", "--bin", "lector"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CARGO_TARGET_DIR", &dir)
        .output()
        .expect("cannot run cargo to build the release binary");
    assert!(
        output.status.success(),
        "cargo build --release failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bin = dir
        .join("release")
        .join(format!("lector{}", std::env::consts::EXE_SUFFIX));
    assert!(
        bin.is_file(),
        "cargo built the release binary, but not at {}",
        bin.display()
    );
    bin
}

// ---------------------------------------------------------------------------------------------
// tmux.

/// Whether tmux can be run. Without it the tmux tests are skipped, except under CI (the `CI`
/// environment variable is set), where they fail: CI must install tmux.
pub fn have_tmux() -> bool {
    static HAVE: OnceLock<bool> = OnceLock::new();
    *HAVE.get_or_init(|| {
        let ok = Command::new("tmux")
            .arg("-V")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is not installed, and CI is set: the end-to-end tests need tmux \
                 (install it in the CI image, e.g. `apt-get install tmux`)"
            );
            // Straight to stderr: the test harness would capture `eprintln!` and hide it.
            let _ = writeln!(
                std::io::stderr(),
                "NOTICE: tmux is not installed; skipping lector's end-to-end (tmux) tests. \
                 Install tmux to run them."
            );
        }
        ok
    })
}

/// Whether mpv can be run. Without it the player tests are skipped, except under CI (the `CI`
/// environment variable is set), where they fail: CI must install mpv (`.ci/run` does).
pub fn have_mpv() -> bool {
    static HAVE: OnceLock<bool> = OnceLock::new();
    *HAVE.get_or_init(|| {
        let ok = Command::new("mpv")
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            assert!(std::env::var_os("CI").is_none(), 
                "mpv is not installed, and CI is set: the player tests need mpv \
                 (install it in the CI image, e.g. `apt-get install mpv`)"
            );
            // Straight to stderr: the test harness would capture `eprintln!` and hide it.
            let _ = writeln!(
                std::io::stderr(),
                "NOTICE: mpv is not installed; skipping lector's player tests. Install mpv to run them."
            );
        }
        ok
    })
}

/// Quotes `s` for `sh`.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub fn sh_quote_path(p: &Path) -> String {
    sh_quote(p.to_str().expect("test paths are UTF-8"))
}

/// lector running in its own tmux server, in a window of a fixed size.
pub struct Session {
    socket: String,
    /// HOME, XDG directories, the tmux socket and the wrapper script live here.
    dir: tempfile::TempDir,
    target: String,
}

impl Session {
    /// Runs `lector ARGS` in an 80×24 window. `None` (after a notice) when tmux is missing and
    /// this is not CI: the caller returns, which skips the test.
    pub fn lector(args: &[&str]) -> Option<Session> {
        let args: Vec<String> = args.iter().map(|a| sh_quote(a)).collect();
        Session::shell(|bin| format!("{bin} {}", args.join(" ")))
    }

    /// Runs a shell command line in an 80×24 window; `command` gets the quoted path of the
    /// release binary. The command runs in the session's directory ([`Session::dir`]).
    ///
    /// After the command, the wrapper prints `EXIT=<status>` and `STTY: icanon echo ` (the
    /// terminal's line discipline, which shows whether raw mode was left on), then sleeps so the
    /// screen can be read.
    pub fn shell(command: impl FnOnce(&str) -> String) -> Option<Session> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        if !have_tmux() {
            return None;
        }
        let bin = sh_quote_path(release_bin());
        let dir = tempfile::Builder::new()
            .prefix("lector-e2e-")
            .tempdir()
            .expect("a temporary directory");
        let socket = format!(
            "lector-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        );
        let d = dir.path();
        for sub in ["home", "config", "data", "state", "cache"] {
            std::fs::create_dir(d.join(sub)).unwrap();
        }
        let script = format!(
            "unset NO_COLOR TMUX TMUX_PANE\n\
             export TERM=xterm-256color\n\
             export HOME={home} XDG_CONFIG_HOME={config} XDG_DATA_HOME={data} \
             XDG_STATE_HOME={state} XDG_CACHE_HOME={cache}\n\
             cd {dir} || exit 1\n\
             {command}\n\
             echo \"EXIT=$?\"\n\
             echo \"STTY: $(stty -a | tr ' ;' '\\n\\n' \
             | grep -x -e '-\\{{0,1\\}}icanon' -e '-\\{{0,1\\}}echo' | tr '\\n' ' ')\"\n\
             exec sleep 600\n",
            home = sh_quote_path(&d.join("home")),
            config = sh_quote_path(&d.join("config")),
            data = sh_quote_path(&d.join("data")),
            state = sh_quote_path(&d.join("state")),
            cache = sh_quote_path(&d.join("cache")),
            dir = sh_quote_path(d),
            command = command(&bin),
        );
        let script_path = d.join("run.sh");
        std::fs::write(&script_path, script).unwrap();
        let session = Session {
            socket,
            dir,
            target: "lector".into(),
        };
        let out = session
            .tmux()
            .args(["new-session", "-d", "-s", "lector", "-x", "80", "-y", "24"])
            .arg(format!("sh {}", sh_quote_path(&script_path)))
            .output()
            .expect("cannot run tmux");
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Some(session)
    }

    /// The session's directory (the command's working directory).
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// A tmux command talking to this session's server.
    fn tmux(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-u", "-L", &self.socket, "-f", "/dev/null"])
            .env("TMUX_TMPDIR", self.dir.path())
            .env("TERM", "xterm-256color")
            .env_remove("TMUX")
            .stdin(Stdio::null());
        c
    }

    /// Runs a tmux command on this session and returns its standard output; panics on failure.
    fn run(&self, args: &[&str]) -> String {
        let out = self.tmux().args(args).output().expect("cannot run tmux");
        assert!(
            out.status.success(),
            "tmux {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Sends keys by tmux name (`j`, `Enter`, `C-d`, `Space`, `PgDn`, `Escape`, …).
    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.target];
        args.extend_from_slice(keys);
        self.run(&args);
    }

    /// Types `text` literally (`--`: text such as `-10` is not a flag to tmux).
    pub fn type_text(&self, text: &str) {
        self.run(&["send-keys", "-t", &self.target, "-l", "--", text]);
    }

    /// The screen as text, one line per row (wide characters appear once).
    pub fn screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-t", &self.target])
    }

    /// The screen with its colours and attributes as SGR escape sequences (`\x1b[7m` for
    /// reverse video).
    pub fn styled_screen(&self) -> String {
        self.run(&["capture-pane", "-p", "-e", "-t", &self.target])
    }

    /// A tmux format (`#{alternate_on}`, …) for the pane.
    pub fn display(&self, format: &str) -> String {
        self.run(&["display-message", "-p", "-t", &self.target, format])
            .trim_end()
            .to_string()
    }

    /// Resizes the window.
    pub fn resize(&self, w: u16, h: u16) {
        self.run(&[
            "resize-window",
            "-t",
            &self.target,
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
    }

    /// Polls the screen until `ok` holds, returning that screen; panics with the last screen
    /// after [`TIMEOUT`].
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.poll(what, false, ok)
    }

    /// Like [`Session::wait_until`], on the screen with its escape sequences.
    pub fn wait_until_styled(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        self.poll(what, true, ok)
    }

    fn poll(&self, what: &str, styled: bool, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = if styled {
                self.styled_screen()
            } else {
                self.screen()
            };
            if ok(&screen) {
                return screen;
            }
            assert!(
                start.elapsed() <= TIMEOUT,
                "timed out after {TIMEOUT:?} waiting for {what}; the screen was:\n{}",
                framed(&screen.replace('\x1b', "\\e"))
            );
            std::thread::sleep(POLL);
        }
    }

    /// Waits until every one of `needles` is on the screen.
    pub fn wait_for(&self, needles: &[&str]) -> String {
        self.wait_until(&format!("{needles:?} on the screen"), |s| {
            needles.iter().all(|n| s.contains(n))
        })
    }

    /// Waits until `needle` is no longer on the screen.
    pub fn wait_gone(&self, needle: &str) -> String {
        self.wait_until(&format!("{needle:?} to leave the screen"), |s| {
            !s.contains(needle)
        })
    }

    /// Waits until the status bar (the bottom row) contains `needle` and the screen contains
    /// every one of `also`.
    pub fn wait_status(&self, needle: &str, also: &[&str]) -> String {
        self.wait_until(
            &format!("{needle:?} in the status bar and {also:?} on the screen"),
            |s| status_line(s).contains(needle) && also.iter().all(|n| s.contains(n)),
        )
    }

    /// Waits until the status bar shows `line` of the bundled transcript as the cursor line.
    pub fn wait_line(&self, line: usize, also: &[&str]) -> String {
        self.wait_status(&pos(line, BUNDLED_LINES), also)
    }

    /// `#{alternate_on} #{mouse_any_flag} #{cursor_flag}`.
    pub fn terminal_modes(&self) -> String {
        self.display("#{alternate_on} #{mouse_any_flag} #{cursor_flag}")
    }

    /// Checks that lector has the terminal the way it draws in: alternate screen and mouse
    /// capture on.
    pub fn assert_reader_modes(&self) {
        let modes = self.terminal_modes();
        assert!(
            modes.starts_with("1 1 "),
            "while lector runs, expected the alternate screen and mouse capture on \
             (`1 1 _`), got `{modes}`"
        );
    }

    /// Waits for the wrapper to print `EXIT=<code>`, then checks the terminal is restored:
    /// canonical mode and echo on (raw mode off), the alternate screen and mouse capture off,
    /// the cursor shown, and no panic on the screen. Returns the screen.
    pub fn expect_exit(&self, code: i32) -> String {
        let exit_line = format!("EXIT={code}");
        let screen = self.wait_until(&format!("`{exit_line}` and the STTY line"), |s| {
            s.lines().any(|l| l.trim().starts_with("EXIT="))
                && s.lines().any(|l| l.trim().starts_with("STTY:"))
        });
        assert!(
            screen.lines().any(|l| l.trim() == exit_line),
            "expected `{exit_line}`; the screen was:\n{}",
            framed(&screen)
        );
        let stty = screen
            .lines()
            .find(|l| l.trim().starts_with("STTY:"))
            .unwrap()
            .trim();
        assert_eq!(
            stty,
            "STTY: icanon echo",
            "the terminal was left in raw mode; the screen was:\n{}",
            framed(&screen)
        );
        assert!(
            !screen.contains("panicked"),
            "lector panicked; the screen was:\n{}",
            framed(&screen)
        );
        assert_eq!(
            self.terminal_modes(),
            "0 0 1",
            "after lector exits, expected alternate screen off, mouse capture off, cursor \
             shown (`0 0 1`); the screen was:\n{}",
            framed(&screen)
        );
        screen
    }

    /// The pid of the lector process (a child of the wrapper shell, the pane's process).
    pub fn lector_pid(&self) -> u32 {
        let sh = self.display("#{pane_pid}");
        let out = Command::new("pgrep")
            .args(["-P", &sh, "-x", "lector"])
            .output()
            .expect("cannot run pgrep (from procps)");
        let text = String::from_utf8_lossy(&out.stdout);
        let pids: Vec<u32> = text.lines().filter_map(|l| l.trim().parse().ok()).collect();
        assert_eq!(
            pids.len(),
            1,
            "expected one lector process under the pane's shell {sh}, found {pids:?}"
        );
        pids[0]
    }

    /// Whether the lector process is still running.
    pub fn lector_running(&self) -> bool {
        let sh = self.display("#{pane_pid}");
        Command::new("pgrep")
            .args(["-P", &sh, "-x", "lector"])
            .stdout(Stdio::null())
            .status()
            .expect("cannot run pgrep (from procps)")
            .success()
    }

    /// Sends `signal` (`TERM`, `HUP`, `INT`) to the lector process.
    pub fn signal(&self, signal: &str) {
        let pid = self.lector_pid();
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .expect("cannot run kill");
        assert!(status.success(), "kill -{signal} {pid} failed");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Kill the server (and lector with it) even when the test failed; the temporary
        // directory goes after.
        let _ = self
            .tmux()
            .arg("kill-server")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
}

/// The bottom row of a screen: lector's status bar.
pub fn status_line(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

/// The line numbers shown in the transcript's gutter (3 digits wide: the bundled transcript),
/// top to bottom. Rows that continue a wrapped line have no number.
pub fn gutter_numbers(screen: &str) -> Vec<usize> {
    let rows: Vec<&str> = screen.lines().collect();
    let rows = &rows[..rows.len().saturating_sub(1)];
    rows.iter()
        .filter_map(|row| {
            // Right of the outline pane's border, if the pane is shown.
            let pane = row.split_once('│').map_or(*row, |(_, r)| r);
            // A mark column (`*` bookmark, highlight), then the number and a space.
            let gutter = pane.get(1..5)?;
            if !gutter.ends_with(' ') {
                return None;
            }
            gutter.trim().parse().ok()
        })
        .collect()
}

/// A screen between rules, for failure messages.
pub fn framed(screen: &str) -> String {
    let rule = "-".repeat(80);
    format!(
        "{rule}\n{}{rule}",
        screen.trim_end_matches('\n').to_owned() + "\n"
    )
}

/// The cursor line and the line count from the status bar (`… │ 150/313 47% │ …`).
pub fn status_position(screen: &str) -> Option<(usize, usize)> {
    // The position is the `a/b` followed by a percent (a search's `k/N` count is not).
    let words: Vec<&str> = status_line(screen).split_whitespace().collect();
    words.windows(2).find_map(|w| {
        if !w[1].ends_with('%') {
            return None;
        }
        let (a, b) = w[0].split_once('/')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    })
}

/// The cursor line from the status bar; panics (showing the screen) if there is none.
pub fn cursor_line(screen: &str) -> usize {
    status_position(screen)
        .unwrap_or_else(|| panic!("no position in the status bar:\n{}", framed(screen)))
        .0
}

/// A silent WAV of `seconds`: 8 kHz, 8-bit mono (silence is 128).
#[allow(dead_code)] // used by the player tests only
pub fn silent_wav(seconds: u32) -> Vec<u8> {
    let rate = 8000u32;
    let data = rate * seconds;
    let mut v = Vec::with_capacity(44 + data as usize);
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&1u16.to_le_bytes()); // PCM
    v.extend_from_slice(&1u16.to_le_bytes()); // mono
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes()); // bytes a second
    v.extend_from_slice(&1u16.to_le_bytes()); // block align
    v.extend_from_slice(&8u16.to_le_bytes()); // bits a sample
    v.extend_from_slice(b"data");
    v.extend_from_slice(&data.to_le_bytes());
    v.resize(44 + data as usize, 128);
    v
}
