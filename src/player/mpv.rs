//! The mpv process: how it is started, watched and stopped.
//!
//! - No shell: the program and each argument are separate strings. The media is not an argument
//!   at all; it goes over the socket as one JSON string (`loadfile`), so no name can be read as
//!   an option.
//! - Its own session (`setsid`): no controlling terminal, so mpv can never read keys from or
//!   draw on lector's terminal (and `--no-input-terminal` says so too); stdin is `/dev/null`,
//!   stdout and stderr a pipe whose last lines explain an early exit.
//! - The control socket lives in a fresh directory of mode 0700 under `$XDG_RUNTIME_DIR` (or the
//!   temporary directory), removed afterwards.
//! - Stopping: `quit` over the socket, then SIGTERM, then SIGKILL, each after a short grace, to
//!   mpv's whole process group (so a helper it started, like yt-dlp, goes too); then reaped.
//!   [`emergency_stop`] kills every mpv lector started, and is safe in a signal handler or a
//!   panic hook. On Linux the kernel also kills mpv when lector dies without cleaning up
//!   (`PR_SET_PDEATHSIG`).

#![allow(unsafe_code)] // setsid, prctl(PR_SET_PDEATHSIG), kill and waitid on mpv's process group, through libc; each block says why it is sound

use std::collections::VecDeque;
use std::ffi::OsString;
use std::io::{self, BufRead, BufReader};
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::UnixStream;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicI32, AtomicU32, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{PlayerError, PlayerOptions};

/// How long mpv gets to quit after each request (quit, then SIGTERM) before the next.
pub(crate) const GRACE: Duration = Duration::from_millis(500);

/// How long the output pipe may stay open after mpv ended, before its tail is read anyway.
const OUTPUT_WAIT: Duration = Duration::from_millis(500);

/// How long a closed socket may come before mpv's exit can be seen.
const EXIT_WAIT: Duration = Duration::from_secs(2);

/// Lines of mpv's output kept.
const TAIL_LINES: usize = 10;

/// Socket paths must fit in `sockaddr_un` (108 bytes on Linux, 104 on macOS).
const MAX_SOCKET_PATH: usize = 100;

/// The argument list: the caller's extra arguments first, then lector's (later ones win in mpv).
pub(crate) fn command(opts: &PlayerOptions, socket: &Path) -> Command {
    let mut cmd = Command::new(&opts.command);
    cmd.args(&opts.extra_args);
    cmd.args([
        "--idle=yes",
        "--keep-open=yes",
        "--pause=yes",
        "--no-input-terminal",
        "--quiet",
        "--msg-level=all=error",
        "--resume-playback=no",
        "--save-position-on-quit=no",
    ]);
    if !opts.video {
        cmd.arg("--no-video");
    }
    let mut ipc = OsString::from("--input-ipc-server=");
    ipc.push(socket);
    cmd.arg(ipc);
    cmd
}

// ---------------------------------------------------------------------------------------------
// The socket's directory.

/// A fresh directory of mode 0700, removed (with what is in it) when dropped.
#[derive(Debug)]
pub(crate) struct PrivateDir {
    path: PathBuf,
}

static DIR_COUNTER: AtomicU32 = AtomicU32::new(0);

impl PrivateDir {
    /// `lector-PID-N` under `$XDG_RUNTIME_DIR`, else the temporary directory, else `/tmp`; a
    /// name that exists already (an old run, or someone else's) is never reused.
    pub(crate) fn create() -> Result<PrivateDir, PlayerError> {
        let mut bases = Vec::new();
        if let Some(p) = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from)
            && p.is_absolute()
        {
            bases.push(p);
        }
        bases.push(std::env::temp_dir());
        bases.push(PathBuf::from("/tmp"));
        let mut last = None;
        for base in bases {
            for _ in 0..100 {
                let n = DIR_COUNTER.fetch_add(1, Ordering::Relaxed);
                let path = base.join(format!("lector-{}-{n}", std::process::id()));
                if path.join("mpv.sock").as_os_str().len() > MAX_SOCKET_PATH {
                    last = Some((
                        base.clone(),
                        "the path is too long for a socket".to_string(),
                    ));
                    break;
                }
                match std::fs::DirBuilder::new().mode(0o700).create(&path) {
                    Ok(()) => {
                        sweep_stale(&base);
                        return Ok(PrivateDir { path });
                    }
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                    Err(e) => {
                        last = Some((base.clone(), crate::text::io_message(&e)));
                        break;
                    }
                }
            }
        }
        let (dir, message) =
            last.unwrap_or_else(|| (PathBuf::from("/tmp"), "every name is taken".into()));
        Err(PlayerError::SocketDir {
            dir: crate::text::safe_display(&dir.to_string_lossy()),
            message,
        })
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn socket_path(&self) -> PathBuf {
        self.path.join("mpv.sock")
    }
}

/// Removes the socket directories that lector processes no longer alive left in `base` (killed
/// with SIGKILL, they could not clean up). Only directories named `lector-PID-N`, owned by this
/// user, whose PID does not exist.
fn sweep_stale(base: &Path) {
    use std::os::unix::fs::MetadataExt;
    let Ok(entries) = std::fs::read_dir(base) else {
        return;
    };
    // SAFETY: geteuid has no preconditions.
    let me = unsafe { libc::geteuid() };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(stale_pid) else {
            continue;
        };
        if pid == std::process::id() {
            continue;
        }
        let path = entry.path();
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if !meta.is_dir() || meta.uid() != me {
            continue;
        }
        // SAFETY: signal 0 only asks whether the process exists.
        let dead = unsafe { libc::kill(pid as i32, 0) } == -1
            && io::Error::last_os_error().raw_os_error() == Some(libc::ESRCH);
        if dead {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

/// The PID in a name `lector-PID-N`.
fn stale_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("lector-")?;
    let (pid, n) = rest.split_once('-')?;
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    pid.parse()
        .ok()
        .filter(|&p| p > 0 && i32::try_from(p).is_ok())
}

impl Drop for PrivateDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

// ---------------------------------------------------------------------------------------------
// Every mpv alive, for emergency_stop.

const SLOTS: usize = 32;
static PIDS: [AtomicI32; SLOTS] = [const { AtomicI32::new(0) }; SLOTS];

fn register(pid: i32) {
    for slot in &PIDS {
        if slot
            .compare_exchange(0, pid, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return;
        }
    }
}

fn unregister(pid: i32) {
    for slot in &PIDS {
        let _ = slot.compare_exchange(pid, 0, Ordering::SeqCst, Ordering::SeqCst);
    }
}

/// Kills every mpv this process started and has not yet stopped (SIGKILL to each one's process
/// group). Only atomics and `kill(2)`: safe to call from a signal handler or a panic hook. The
/// socket directories stay behind; a normal drop of each `Player` removes them.
pub fn emergency_stop() {
    for slot in &PIDS {
        let pid = slot.swap(0, Ordering::SeqCst);
        if pid > 0 {
            // SAFETY: kill(2) has no memory effects; a pid is only registered while its process
            // is not yet reaped, so it cannot name another process.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
                libc::kill(pid, libc::SIGKILL);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The process.

/// mpv's output (stdout and stderr, one pipe), the last lines of it.
#[derive(Debug, Default)]
struct Output {
    state: Mutex<(VecDeque<String>, bool)>,
    done: Condvar,
}

impl Output {
    fn collect(&self, pipe: io::PipeReader) {
        let mut reader = BufReader::new(pipe);
        let mut line = Vec::new();
        loop {
            line.clear();
            match reader.read_until(b'\n', &mut line) {
                Ok(0) | Err(_) => break,
                Ok(_) => {
                    let text = String::from_utf8_lossy(&line);
                    let text = text.trim();
                    if text.is_empty() {
                        continue;
                    }
                    let text: String = text.chars().take(300).collect();
                    let mut st = lock(&self.state);
                    if st.0.len() == TAIL_LINES {
                        st.0.pop_front();
                    }
                    st.0.push_back(text);
                }
            }
        }
        lock(&self.state).1 = true;
        self.done.notify_all();
    }

    /// The last lines, shortened, once the pipe is closed or `wait` is over.
    fn tail(&self, wait: Duration) -> String {
        let deadline = Instant::now() + wait;
        let mut st = lock(&self.state);
        while !st.1 {
            let now = Instant::now();
            if now >= deadline {
                break;
            }
            st = self
                .done
                .wait_timeout(st, deadline - now)
                .map_or_else(|e| e.into_inner().0, |r| r.0);
        }
        let lines: Vec<String> = st.0.iter().rev().take(3).rev().cloned().collect();
        super::ipc::shorten(&lines)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A running (or ended, not yet dropped) mpv.
#[derive(Debug)]
pub(crate) struct Process {
    pid: u32,
    name: String,
    child: Mutex<(Child, Option<ExitStatus>)>,
    output: std::sync::Arc<Output>,
}

impl Process {
    /// Starts `cmd` in its own session, output to a pipe, stdin from `/dev/null`; on Linux with
    /// the parent-death signal set, tied to the calling thread.
    pub(crate) fn spawn(mut cmd: Command, name: &str) -> Result<Process, PlayerError> {
        let spawn_err = |e: io::Error| PlayerError::Spawn {
            command: name.to_string(),
            message: crate::text::io_message(&e),
            source: e,
        };
        let (reader, writer) = io::pipe().map_err(spawn_err)?;
        cmd.stdin(Stdio::null())
            .stdout(writer.try_clone().map_err(spawn_err)?)
            .stderr(writer);
        let parent = std::process::id();
        // SAFETY: the hook runs in the child between fork and exec and calls only
        // async-signal-safe functions (setsid, prctl, getppid), allocating nothing.
        unsafe {
            cmd.pre_exec(move || child_setup(parent));
        }
        let child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(PlayerError::NotInstalled {
                    command: name.to_string(),
                });
            }
            Err(e) => return Err(spawn_err(e)),
        };
        // The pipe's writing ends live in `cmd`: close ours so the pipe ends with mpv.
        drop(cmd);
        let pid = child.id();
        register(pid as i32);
        let output = std::sync::Arc::new(Output::default());
        let out = output.clone();
        let collector = std::thread::Builder::new()
            .name("lector-mpv-output".into())
            .spawn(move || out.collect(reader));
        let process = Process {
            pid,
            name: name.to_string(),
            child: Mutex::new((child, None)),
            output,
        };
        if let Err(e) = collector {
            process.terminate(Duration::ZERO);
            return Err(spawn_err(e));
        }
        Ok(process)
    }

    pub(crate) fn pid(&self) -> u32 {
        self.pid
    }

    /// The exit status once mpv has ended (reaping it then), `None` while it runs.
    pub(crate) fn status(&self) -> Option<ExitStatus> {
        let mut guard = lock(&self.child);
        let (child, status) = &mut *guard;
        if status.is_none() && exited(self.pid, child) {
            // Still unreaped, so the group id is still this one: end what mpv left in it.
            // SAFETY: kill(2) on our own child's process group.
            unsafe {
                libc::kill(-(self.pid as i32), libc::SIGKILL);
            }
            unregister(self.pid as i32);
            *status = child.wait().ok();
        }
        *status
    }

    /// Waits up to `wait` for mpv to end.
    pub(crate) fn wait_for(&self, wait: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + wait;
        loop {
            if let Some(s) = self.status() {
                return Some(s);
            }
            if Instant::now() >= deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// Sends `signal` to mpv's process group, unless mpv has been reaped.
    fn signal(&self, signal: i32) {
        let guard = lock(&self.child);
        if guard.1.is_none() {
            // SAFETY: kill(2); the pid is our unreaped child, so its group is ours.
            unsafe {
                libc::kill(-(self.pid as i32), signal);
            }
        }
    }

    /// Stops mpv: waits `first` (a `quit` was sent), then SIGTERM and `GRACE`, then SIGKILL;
    /// returns once mpv is reaped.
    pub(crate) fn terminate(&self, first: Duration) {
        if self.wait_for(first).is_some() {
            return;
        }
        self.signal(libc::SIGTERM);
        if self.wait_for(GRACE).is_some() {
            return;
        }
        self.signal(libc::SIGKILL);
        // SIGKILL cannot be refused; the wait is bounded all the same.
        let _ = self.wait_for(Duration::from_secs(10));
    }

    /// Connects to mpv's socket once it is there: `Exited` if mpv ends first, `Timeout` after
    /// `timeout`.
    pub(crate) fn connect(
        &self,
        socket: &Path,
        timeout: Duration,
        name: &str,
    ) -> Result<UnixStream, PlayerError> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Ok(s) = UnixStream::connect(socket) {
                return Ok(s);
            }
            if let Some(status) = self.status() {
                return Err(PlayerError::Exited {
                    command: name.to_string(),
                    status: describe(status),
                    output: self.output.tail(OUTPUT_WAIT),
                });
            }
            if Instant::now() >= deadline {
                return Err(PlayerError::Timeout {
                    command: name.to_string(),
                    timeout,
                });
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Why mpv went away, for a `Died` event: how it ended and the last thing it said.
    pub(crate) fn death_message(&self, saw_shutdown: bool) -> String {
        let name = &self.name;
        let how = match self.wait_for(EXIT_WAIT) {
            None => format!("{name} stopped answering"),
            Some(s) => match (s.code(), s.signal()) {
                (Some(0), _) if saw_shutdown => format!("{name} was closed"),
                (Some(0), _) => format!("{name} exited"),
                (Some(c), _) => format!("{name} exited with status {c}"),
                (None, Some(sig)) => format!("{name} {}", signal_words(sig)),
                (None, None) => format!("{name} ended"),
            },
        };
        let tail = self.output.tail(OUTPUT_WAIT);
        if tail.is_empty() {
            how
        } else {
            format!("{how}: {tail}")
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        if self.status().is_none() {
            self.terminate(Duration::ZERO);
        }
    }
}

/// Whether the child has ended, without reaping it.
fn exited(pid: u32, child: &mut Child) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    {
        // SAFETY: waitid with WNOWAIT only reads the child's state into `info`, a plain struct.
        unsafe {
            let mut info: libc::siginfo_t = std::mem::zeroed();
            let r = libc::waitid(
                libc::P_PID,
                pid as libc::id_t,
                &raw mut info,
                libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
            );
            if r == 0 {
                return info.si_pid() != 0;
            }
        }
        // An error (ECHILD): only try_wait can tell.
        matches!(child.try_wait(), Ok(Some(_)))
    }
    #[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
    {
        let _ = pid;
        matches!(child.try_wait(), Ok(Some(_)))
    }
}

/// In the child, before exec: a session of its own (no controlling terminal), and on Linux
/// SIGKILL when the thread that started it ends (lector's player thread, or lector itself).
fn child_setup(parent: u32) -> io::Result<()> {
    // SAFETY: setsid, prctl and getppid are async-signal-safe and touch no memory of ours.
    unsafe {
        if libc::setsid() == -1 {
            return Err(io::Error::last_os_error());
        }
        #[cfg(any(target_os = "linux", target_os = "android"))]
        {
            if libc::prctl(
                libc::PR_SET_PDEATHSIG,
                libc::SIGKILL as libc::c_ulong,
                0,
                0,
                0,
            ) == -1
            {
                return Err(io::Error::last_os_error());
            }
            // lector died between fork and prctl: the signal will never come.
            if libc::getppid() as u32 != parent {
                return Err(io::Error::from_raw_os_error(libc::ESRCH));
            }
        }
    }
    let _ = parent;
    Ok(())
}

fn describe(status: ExitStatus) -> String {
    match (status.code(), status.signal()) {
        (Some(c), _) => format!("exit status {c}"),
        (None, Some(s)) => signal_words(s),
        _ => "ended".into(),
    }
}

fn signal_words(sig: i32) -> String {
    match sig {
        libc::SIGKILL => "was killed (SIGKILL)".into(),
        libc::SIGTERM => "was stopped (SIGTERM)".into(),
        libc::SIGINT => "was interrupted (SIGINT)".into(),
        libc::SIGHUP => "was hung up (SIGHUP)".into(),
        libc::SIGSEGV => "crashed (SIGSEGV)".into(),
        libc::SIGABRT => "crashed (SIGABRT)".into(),
        libc::SIGBUS => "crashed (SIGBUS)".into(),
        n => format!("was ended by signal {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn private_dirs_are_fresh_0700_and_removed() {
        let a = PrivateDir::create().unwrap();
        let b = PrivateDir::create().unwrap();
        assert_ne!(a.path(), b.path());
        let mode = std::fs::metadata(a.path()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        assert!(a.socket_path().as_os_str().len() <= MAX_SOCKET_PATH);
        let p = a.path().to_path_buf();
        std::fs::write(p.join("mpv.sock"), b"").unwrap();
        drop(a);
        assert!(!p.exists());
    }

    #[test]
    fn stale_directories_of_dead_lectors_are_swept() {
        assert_eq!(stale_pid("lector-123-0"), Some(123));
        assert_eq!(stale_pid("lector-e2e-jSsCXm"), None);
        assert_eq!(stale_pid("lector-123-"), None);
        assert_eq!(stale_pid("lector-123-x"), None);
        assert_eq!(stale_pid("lector-0-1"), None);
        let base = tempfile::tempdir().unwrap();
        // A pid that cannot be alive (above the kernel's limit), one that is (ours, and 1),
        // and names that are not ours to judge.
        let dead = base.path().join(format!("lector-{}-0", i32::MAX));
        let alive = base.path().join("lector-1-0");
        let mine = base.path().join(format!("lector-{}-7", std::process::id()));
        let other = base.path().join("lector-e2e-abc");
        for d in [&dead, &alive, &mine, &other] {
            std::fs::create_dir(d).unwrap();
            std::fs::write(d.join("mpv.sock"), b"").unwrap();
        }
        sweep_stale(base.path());
        assert!(!dead.exists());
        assert!(alive.exists() && mine.exists() && other.exists());
    }

    #[test]
    fn the_arguments() {
        let opts = PlayerOptions {
            command: "mpv".into(),
            extra_args: vec!["--ao=null".into()],
            ..PlayerOptions::default()
        };
        let cmd = command(&opts, Path::new("/run/user/1/lector-1-0/mpv.sock"));
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args[0], "--ao=null", "the caller's first, so lector's win");
        assert!(args.contains(&"--no-video".to_string()));
        assert!(args.contains(&"--idle=yes".to_string()));
        assert!(args.contains(&"--no-input-terminal".to_string()));
        assert_eq!(
            args.last().unwrap(),
            "--input-ipc-server=/run/user/1/lector-1-0/mpv.sock"
        );
        let video = command(
            &PlayerOptions {
                video: true,
                ..opts
            },
            Path::new("/s"),
        );
        assert!(!video.get_args().any(|a| a == "--no-video"));
    }

    #[test]
    fn signals_in_words() {
        assert_eq!(signal_words(9), "was killed (SIGKILL)");
        assert_eq!(describe(ExitStatus::from_raw(1 << 8)), "exit status 1");
    }
}
