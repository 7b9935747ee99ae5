//! mpv's JSON IPC, as lector uses it.
//!
//! Both ways, one JSON object a line (`\n`; JSON escapes any newline inside a string). A command
//! is `{"command": [name, args…], "request_id": N}`; mpv answers `{"request_id": N, "error":
//! "success", "data": …}`, and at any time sends events: `{"event": "property-change", "id": 1,
//! "name": "time-pos", "data": 90.0}` for each observed property (and once at once with its
//! value), `file-loaded`, `end-file` (`reason`: eof, stop, quit, error, redirect; `file_error`
//! with an error), `idle`, `seek`, `playback-restart`, `shutdown`, and `log-message` (`level`,
//! `prefix`, `text`) after `request_log_messages`.
//!
//! [`Conn`] writes commands (the caller's thread; never waits long) and holds back those sent
//! before the media is open. [`read_loop`] reads on the player's own thread: replies go to whoever
//! waits for them, events through [`Tracker`] become [`PlayerEvent`]s.

#![allow(unsafe_code)] // send(2) with MSG_NOSIGNAL, through libc, so a closed socket is an error and not SIGPIPE

use std::collections::HashMap;
use std::io::{self, BufRead, BufReader, Read};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, mpsc};
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{PlayerError, PlayerEvent};

/// The properties observed, in the order of their observation ids (1, 2, …).
pub(crate) const OBSERVED: [&str; 5] = ["time-pos", "duration", "pause", "speed", "eof-reached"];

/// A line longer than this is not from a sane mpv: it is skipped.
const MAX_LINE: usize = 1 << 20;

/// How often the reader wakes up without input, to send a held-back position.
const TICK: Duration = Duration::from_millis(50);

/// How long a write may block (mpv not reading) before the command fails.
const WRITE_TIMEOUT: Duration = Duration::from_secs(1);

/// Commands held back while the media opens, at most.
const MAX_HELD: usize = 256;

/// Messages kept for a message, at most.
const MAX_ERRORS: usize = 8;

/// A message is cut to this many cells.
pub(crate) const MESSAGE_WIDTH: usize = 200;

// ---------------------------------------------------------------------------------------------
// Lines.

/// A message from mpv.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Incoming {
    Reply {
        request_id: Option<u64>,
        error: String,
        data: Value,
    },
    Event(MpvEvent),
}

/// The events lector acts on; the rest are `Other`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MpvEvent {
    Property {
        name: String,
        data: Value,
    },
    StartFile,
    FileLoaded,
    EndFile {
        reason: String,
        file_error: Option<String>,
    },
    Idle,
    Seek,
    PlaybackRestart,
    Shutdown,
    Log {
        level: String,
        text: String,
    },
    Other(String),
}

/// One line from mpv; `None` for a line that is not a JSON object of either kind. Bytes that
/// are not UTF-8 (mpv passes file tags through) become U+FFFD first.
pub(crate) fn parse_line(line: &[u8]) -> Option<Incoming> {
    let text = String::from_utf8_lossy(line);
    let value: Value = serde_json::from_str(text.trim()).ok()?;
    let obj = value.as_object()?;
    let str_field = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    if let Some(event) = obj.get("event").and_then(Value::as_str) {
        let ev = match event {
            "property-change" => MpvEvent::Property {
                name: str_field("name").unwrap_or_default(),
                data: obj.get("data").cloned().unwrap_or(Value::Null),
            },
            "start-file" => MpvEvent::StartFile,
            "file-loaded" => MpvEvent::FileLoaded,
            "end-file" => MpvEvent::EndFile {
                reason: str_field("reason").unwrap_or_default(),
                file_error: str_field("file_error"),
            },
            "idle" => MpvEvent::Idle,
            "seek" => MpvEvent::Seek,
            "playback-restart" => MpvEvent::PlaybackRestart,
            "shutdown" => MpvEvent::Shutdown,
            "log-message" => MpvEvent::Log {
                level: str_field("level").unwrap_or_default(),
                text: str_field("text").unwrap_or_default(),
            },
            other => MpvEvent::Other(other.to_string()),
        };
        return Some(Incoming::Event(ev));
    }
    let error = str_field("error")?;
    Some(Incoming::Reply {
        request_id: obj.get("request_id").and_then(Value::as_u64),
        error,
        data: obj.get("data").cloned().unwrap_or(Value::Null),
    })
}

/// A command as the line mpv reads.
pub(crate) fn encode(command: &[Value], request_id: u64) -> Vec<u8> {
    let msg = serde_json::json!({ "command": command, "request_id": request_id });
    let mut line = msg.to_string().into_bytes();
    line.push(b'\n');
    line
}

/// mpv's seconds as lector's milliseconds (0 for a negative or odd value).
pub(crate) fn seconds_to_ms(s: f64) -> u32 {
    if s.is_finite() && s > 0.0 {
        (s * 1000.0).round().min(f64::from(u32::MAX - 1)) as u32
    } else {
        0
    }
}

/// Several messages as one short line for the status bar.
pub(crate) fn shorten(parts: &[String]) -> String {
    let joined = parts
        .iter()
        .map(|p| p.trim().trim_end_matches('.'))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    crate::text::ellipsize(&crate::text::safe_display(&joined), MESSAGE_WIDTH)
}

// ---------------------------------------------------------------------------------------------
// Events.

/// At most one value an interval; the last one held back goes out when the interval is over.
#[derive(Debug)]
struct Throttle {
    interval: Duration,
    sent_at: Option<Instant>,
    sent: Option<u32>,
    held: Option<u32>,
}

impl Throttle {
    fn new(interval: Duration) -> Self {
        Throttle {
            interval,
            sent_at: None,
            sent: None,
            held: None,
        }
    }

    fn offer(&mut self, v: u32, now: Instant, force: bool) -> Option<u32> {
        if self.sent == Some(v) && self.held.is_none() {
            return None;
        }
        let due = self
            .sent_at
            .is_none_or(|t| now.duration_since(t) >= self.interval);
        if force || due {
            self.send(v, now)
        } else {
            self.held = Some(v);
            None
        }
    }

    fn due(&mut self, now: Instant) -> Option<u32> {
        let v = self.held?;
        if self
            .sent_at
            .is_none_or(|t| now.duration_since(t) >= self.interval)
        {
            self.send(v, now)
        } else {
            None
        }
    }

    fn flush(&mut self, now: Instant) -> Option<u32> {
        let v = self.held?;
        self.send(v, now)
    }

    // Returns what it sent, as the callers' Option chains read.
    #[allow(clippy::unnecessary_wraps)]
    fn send(&mut self, v: u32, now: Instant) -> Option<u32> {
        self.held = None;
        self.sent_at = Some(now);
        self.sent = Some(v);
        Some(v)
    }
}

/// Turns mpv's events into [`PlayerEvent`]s: positions rate-limited, a failed load told once
/// with mpv's own words, the end told once. Pure: time comes in as an argument.
#[derive(Debug)]
pub(crate) struct Tracker {
    media: String,
    position: Throttle,
    duration: Throttle,
    force_position: bool,
    ended: bool,
    errors: Vec<String>,
    failure: Option<String>,
    failed: Option<String>,
    shutdown: bool,
}

impl Tracker {
    /// `media` names the media in messages; positions go out at most once an `interval`.
    pub(crate) fn new(media: String, interval: Duration) -> Self {
        Tracker {
            media,
            position: Throttle::new(interval),
            duration: Throttle::new(interval),
            force_position: true,
            ended: false,
            errors: Vec::new(),
            failure: None,
            failed: None,
            shutdown: false,
        }
    }

    /// Whether mpv said it was shutting down (its window closed, or told to quit).
    pub(crate) fn saw_shutdown(&self) -> bool {
        self.shutdown
    }

    /// The message of a failed load, once it was told.
    pub(crate) fn failed(&self) -> Option<&str> {
        self.failed.as_deref()
    }

    pub(crate) fn handle(&mut self, ev: &MpvEvent, now: Instant, out: &mut Vec<PlayerEvent>) {
        match ev {
            MpvEvent::Property { name, data } => self.property(name, data, now, out),
            MpvEvent::StartFile => {
                self.errors.clear();
                self.failure = None;
            }
            MpvEvent::FileLoaded => out.push(PlayerEvent::Loaded),
            MpvEvent::EndFile { reason, file_error } => match reason.as_str() {
                "error" => {
                    self.failure = Some(
                        file_error
                            .clone()
                            .unwrap_or_else(|| "mpv could not play it".into()),
                    );
                }
                "eof" => self.end(now, out),
                _ => {}
            },
            MpvEvent::Idle => self.tell_failure(out),
            MpvEvent::Seek | MpvEvent::PlaybackRestart => self.force_position = true,
            MpvEvent::Shutdown => self.shutdown = true,
            MpvEvent::Log { level, text } => {
                if matches!(level.as_str(), "error" | "fatal") && self.errors.len() < MAX_ERRORS {
                    self.errors.push(text.trim().to_string());
                }
            }
            MpvEvent::Other(_) => {}
        }
    }

    fn property(&mut self, name: &str, data: &Value, now: Instant, out: &mut Vec<PlayerEvent>) {
        match (name, data) {
            ("time-pos", Value::Number(n)) => {
                let ms = seconds_to_ms(n.as_f64().unwrap_or(0.0));
                let force = std::mem::take(&mut self.force_position);
                if let Some(ms) = self.position.offer(ms, now, force) {
                    out.push(PlayerEvent::Position { ms });
                }
            }
            ("duration", Value::Number(n)) => {
                let ms = seconds_to_ms(n.as_f64().unwrap_or(0.0));
                if let Some(ms) = self.duration.offer(ms, now, false) {
                    out.push(PlayerEvent::Duration { ms });
                }
            }
            ("pause", Value::Bool(p)) => {
                self.flush(now, out);
                out.push(PlayerEvent::Paused(*p));
            }
            ("speed", Value::Number(n)) => {
                if let Some(s) = n.as_f64() {
                    out.push(PlayerEvent::Speed(s));
                }
            }
            ("eof-reached", Value::Bool(true)) => self.end(now, out),
            ("eof-reached", Value::Bool(false)) => self.ended = false,
            _ => {}
        }
    }

    fn end(&mut self, now: Instant, out: &mut Vec<PlayerEvent>) {
        self.flush(now, out);
        if !self.ended {
            self.ended = true;
            out.push(PlayerEvent::Ended);
        }
    }

    fn tell_failure(&mut self, out: &mut Vec<PlayerEvent>) {
        if let Some(file_error) = self.failure.take() {
            let words = if self.errors.is_empty() {
                vec![file_error]
            } else {
                std::mem::take(&mut self.errors)
            };
            let message = format!("cannot play {}: {}", self.media, shorten(&words));
            self.failed = Some(message.clone());
            out.push(PlayerEvent::Error { message });
        }
    }

    /// Sends what the throttles held back, if its time has come.
    pub(crate) fn tick(&mut self, now: Instant, out: &mut Vec<PlayerEvent>) {
        if let Some(ms) = self.duration.due(now) {
            out.push(PlayerEvent::Duration { ms });
        }
        if let Some(ms) = self.position.due(now) {
            out.push(PlayerEvent::Position { ms });
        }
    }

    fn flush(&mut self, now: Instant, out: &mut Vec<PlayerEvent>) {
        if let Some(ms) = self.duration.flush(now) {
            out.push(PlayerEvent::Duration { ms });
        }
        if let Some(ms) = self.position.flush(now) {
            out.push(PlayerEvent::Position { ms });
        }
    }

    /// The connection ended: whatever is held back, and a failure not yet told.
    pub(crate) fn finish(&mut self, now: Instant, out: &mut Vec<PlayerEvent>) {
        self.flush(now, out);
        self.tell_failure(out);
    }
}

// ---------------------------------------------------------------------------------------------
// The connection.

/// Commands wait here until the media is open: mpv refuses a seek before that.
#[derive(Debug)]
enum Gate {
    Loading(Vec<Vec<u8>>),
    Loaded,
    Failed(String),
}

type Answer = Result<Value, String>;

/// The writing side of the socket, and the bookkeeping for replies.
#[derive(Debug)]
pub(crate) struct Conn {
    writer: Mutex<UnixStream>,
    next_id: AtomicU64,
    gate: Mutex<Gate>,
    waiters: Mutex<HashMap<u64, mpsc::Sender<Answer>>>,
    labels: Mutex<HashMap<u64, &'static str>>,
    closed: AtomicBool,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Conn {
    pub(crate) fn new(stream: UnixStream) -> io::Result<Conn> {
        stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        Ok(Conn {
            writer: Mutex::new(stream),
            next_id: AtomicU64::new(1),
            gate: Mutex::new(Gate::Loading(Vec::new())),
            waiters: Mutex::new(HashMap::new()),
            labels: Mutex::new(HashMap::new()),
            closed: AtomicBool::new(false),
        })
    }

    fn next(&self, command: &[Value], label: &'static str) -> (u64, Vec<u8>) {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        lock(&self.labels).insert(id, label);
        (id, encode(command, id))
    }

    fn write(&self, line: &[u8]) -> Result<(), PlayerError> {
        if self.closed.load(Ordering::SeqCst) {
            return Err(PlayerError::NotRunning);
        }
        let writer = lock(&self.writer);
        write_all(&writer, line).map_err(|e| {
            // Half a line may have gone: nothing more can be sent safely.
            self.closed.store(true, Ordering::SeqCst);
            let _ = writer.shutdown(std::net::Shutdown::Both);
            PlayerError::Io(crate::text::io_message(&e))
        })
    }

    /// Sends a command now, whether the media is open or not.
    pub(crate) fn send_now(
        &self,
        command: &[Value],
        label: &'static str,
    ) -> Result<(), PlayerError> {
        let (_, line) = self.next(command, label);
        self.write(&line)
    }

    /// Sends a command once the media is open (at once if it is). `label` says what failed in
    /// the `Error` event when mpv refuses it: "mpv could not {label}".
    pub(crate) fn send(&self, command: &[Value], label: &'static str) -> Result<(), PlayerError> {
        let mut gate = lock(&self.gate);
        match &mut *gate {
            Gate::Loaded => {
                let (_, line) = self.next(command, label);
                self.write(&line)
            }
            Gate::Loading(held) => {
                if self.closed.load(Ordering::SeqCst) {
                    return Err(PlayerError::NotRunning);
                }
                if held.len() >= MAX_HELD {
                    return Err(PlayerError::Io(
                        "too many commands before the media opened".into(),
                    ));
                }
                let (_, line) = self.next(command, label);
                held.push(line);
                Ok(())
            }
            Gate::Failed(message) => Err(PlayerError::Media(message.clone())),
        }
    }

    /// Sends a command now and waits at most `timeout` for its answer.
    pub(crate) fn request(
        &self,
        command: &[Value],
        timeout: Duration,
    ) -> Result<Value, PlayerError> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = mpsc::channel();
        lock(&self.waiters).insert(id, tx);
        if self.closed.load(Ordering::SeqCst) {
            lock(&self.waiters).remove(&id);
            return Err(PlayerError::NotRunning);
        }
        if let Err(e) = self.write(&encode(command, id)) {
            lock(&self.waiters).remove(&id);
            return Err(e);
        }
        match rx.recv_timeout(timeout) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(error)) => Err(PlayerError::Mpv {
                what: format!(
                    "answer {}",
                    command.first().and_then(Value::as_str).unwrap_or("?")
                ),
                error,
            }),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                lock(&self.waiters).remove(&id);
                Err(PlayerError::NoAnswer(timeout))
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Err(PlayerError::NotRunning),
        }
    }

    /// The media is open: the held commands go, in order, and the next ones go at once.
    pub(crate) fn open_gate(&self) {
        let mut gate = lock(&self.gate);
        if let Gate::Loading(held) = &mut *gate {
            for line in std::mem::take(held) {
                if self.write(&line).is_err() {
                    break;
                }
            }
            *gate = Gate::Loaded;
        }
    }

    /// The media cannot be played: every command now answers `message`.
    pub(crate) fn fail_gate(&self, message: &str) {
        let mut gate = lock(&self.gate);
        if !matches!(*gate, Gate::Failed(_)) {
            *gate = Gate::Failed(message.to_string());
        }
    }

    /// A reply: to the one waiting for it, or an `Error` event when mpv refused a command.
    fn on_reply(&self, request_id: Option<u64>, error: String, data: Value) -> Option<PlayerEvent> {
        let id = request_id?;
        if let Some(tx) = lock(&self.waiters).remove(&id) {
            let _ = tx.send(if error == "success" {
                Ok(data)
            } else {
                Err(error)
            });
            return None;
        }
        let label = lock(&self.labels).remove(&id)?;
        (error != "success").then(|| PlayerEvent::Error {
            message: format!("mpv could not {label}: {error}"),
        })
    }

    /// The reader ended: no more sends, and whoever waits gets `NotRunning`.
    fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
        lock(&self.waiters).clear();
    }

    /// Shuts the socket both ways, so that the reader sees its end even if mpv (or a process it
    /// started) still holds it.
    pub(crate) fn shutdown(&self) {
        self.closed.store(true, Ordering::SeqCst);
        let _ = lock(&self.writer).shutdown(std::net::Shutdown::Both);
    }
}

/// Writes all of `buf`. On Linux with `MSG_NOSIGNAL`: a dead mpv must give an error, not a
/// SIGPIPE that would end lector if it ever stopped ignoring that signal.
fn write_all(stream: &UnixStream, mut buf: &[u8]) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        use std::os::fd::AsRawFd;
        while !buf.is_empty() {
            // SAFETY: the pointer and length describe `buf`, alive for the call; the fd is the
            // stream's, open while `stream` is borrowed.
            let n = unsafe {
                libc::send(
                    stream.as_raw_fd(),
                    buf.as_ptr().cast(),
                    buf.len(),
                    libc::MSG_NOSIGNAL,
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                if e.kind() == io::ErrorKind::Interrupted {
                    continue;
                }
                return Err(e);
            }
            if n == 0 {
                return Err(io::ErrorKind::WriteZero.into());
            }
            buf = &buf[n as usize..];
        }
        Ok(())
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        use std::io::Write;
        let mut w = stream;
        w.write_all(buf)
    }
}

/// Reads mpv's lines until the socket ends, sending replies to their waiters and events through
/// `tracker` to `events`. Opens the gate on `file-loaded`; closes it for good on a failed load.
pub(crate) fn read_loop(
    stream: UnixStream,
    conn: &Conn,
    tracker: &mut Tracker,
    events: &mut dyn FnMut(PlayerEvent),
) {
    let _ = stream.set_read_timeout(Some(TICK));
    let mut reader = BufReader::new(stream);
    let mut line = Vec::new();
    let mut skipping = false;
    let mut out = Vec::new();
    loop {
        let room = MAX_LINE.saturating_sub(line.len());
        if room == 0 {
            // An endless line: drop it, and what is left of it up to the next newline.
            skipping = true;
            line.clear();
            continue;
        }
        let read = (&mut reader).take(room as u64).read_until(b'\n', &mut line);
        let now = Instant::now();
        match read {
            Ok(0) if line.len() < MAX_LINE => break,
            Ok(_) => {
                if line.last() == Some(&b'\n') {
                    if !skipping {
                        handle_line(&line, conn, tracker, now, &mut out);
                    }
                    skipping = false;
                    line.clear();
                }
            }
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => break,
        }
        tracker.tick(now, &mut out);
        for e in out.drain(..) {
            events(e);
        }
    }
    tracker.finish(Instant::now(), &mut out);
    if let Some(m) = tracker.failed() {
        conn.fail_gate(m);
    }
    conn.close();
    for e in out.drain(..) {
        events(e);
    }
}

fn handle_line(
    line: &[u8],
    conn: &Conn,
    tracker: &mut Tracker,
    now: Instant,
    out: &mut Vec<PlayerEvent>,
) {
    match parse_line(line) {
        Some(Incoming::Reply {
            request_id,
            error,
            data,
        }) => {
            out.extend(conn.on_reply(request_id, error, data));
        }
        Some(Incoming::Event(ev)) => {
            if ev == MpvEvent::FileLoaded {
                conn.open_gate();
            }
            tracker.handle(&ev, now, out);
            if let Some(m) = tracker.failed() {
                conn.fail_gate(m);
            }
        }
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::io::Write;
    use std::sync::Arc;

    #[test]
    fn commands_are_one_line_with_their_id() {
        let line = encode(
            &[
                json!("loadfile"),
                json!("/a\nb \"c\".mp3"),
                json!("replace"),
            ],
            7,
        );
        assert_eq!(
            line.split(|&b| b == b'\n').count(),
            2,
            "one newline, at the end"
        );
        assert_eq!(line.last(), Some(&b'\n'));
        let v: Value = serde_json::from_slice(&line).unwrap();
        assert_eq!(
            v,
            json!({"command": ["loadfile", "/a\nb \"c\".mp3", "replace"], "request_id": 7})
        );
    }

    #[test]
    fn parses_what_mpv_sends() {
        // Lines as mpv 0.35 writes them.
        assert_eq!(
            parse_line(br#"{"data":{"playlist_entry_id":1},"request_id":9,"error":"success"}"#),
            Some(Incoming::Reply {
                request_id: Some(9),
                error: "success".into(),
                data: json!({"playlist_entry_id": 1})
            })
        );
        assert_eq!(
            parse_line(br#"{"request_id":10,"error":"error running command"}"#),
            Some(Incoming::Reply {
                request_id: Some(10),
                error: "error running command".into(),
                data: Value::Null
            })
        );
        assert_eq!(
            parse_line(br#"{"event":"property-change","id":1,"name":"time-pos","data":90.000000}"#),
            Some(Incoming::Event(MpvEvent::Property {
                name: "time-pos".into(),
                data: json!(90.0)
            }))
        );
        assert_eq!(
            parse_line(br#"{"event":"property-change","id":2,"name":"duration"}"#),
            Some(Incoming::Event(MpvEvent::Property {
                name: "duration".into(),
                data: Value::Null
            }))
        );
        assert_eq!(
            parse_line(
                br#"{"event":"end-file","reason":"error","playlist_entry_id":2,"file_error":"unrecognized file format"}"#
            ),
            Some(Incoming::Event(MpvEvent::EndFile {
                reason: "error".into(),
                file_error: Some("unrecognized file format".into())
            }))
        );
        assert_eq!(
            parse_line(br#"{"event":"log-message","prefix":"cplayer","level":"error","text":"Failed to recognize file format.\n"}"#),
            Some(Incoming::Event(MpvEvent::Log { level: "error".into(), text: "Failed to recognize file format.\n".into() }))
        );
        assert_eq!(
            parse_line(br#"{"event":"audio-reconfig"}"#),
            Some(Incoming::Event(MpvEvent::Other("audio-reconfig".into())))
        );
        assert_eq!(parse_line(b"not json"), None);
        assert_eq!(parse_line(b"[1,2]"), None);
        assert_eq!(parse_line(br#"{"foo":1}"#), None);
        // A tag in Latin-1 inside a string: still parsed.
        assert!(matches!(
            parse_line(
                b"{\"event\":\"property-change\",\"name\":\"media-title\",\"data\":\"caf\xe9\"}"
            ),
            Some(Incoming::Event(MpvEvent::Property { .. }))
        ));
    }

    #[test]
    fn seconds_become_milliseconds() {
        assert_eq!(seconds_to_ms(90.0), 90_000);
        assert_eq!(seconds_to_ms(1.4996), 1_500);
        assert_eq!(seconds_to_ms(-0.02), 0);
        assert_eq!(seconds_to_ms(f64::NAN), 0);
        assert_eq!(seconds_to_ms(1e12), u32::MAX - 1);
    }

    fn pos(s: f64) -> MpvEvent {
        MpvEvent::Property {
            name: "time-pos".into(),
            data: json!(s),
        }
    }

    fn positions(out: &[PlayerEvent]) -> Vec<u32> {
        out.iter()
            .filter_map(|e| match e {
                PlayerEvent::Position { ms } => Some(*ms),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn positions_are_rate_limited_and_the_last_one_is_not_lost() {
        let mut t = Tracker::new("talk.mp3".into(), Duration::from_millis(100));
        let t0 = Instant::now();
        let mut out = Vec::new();
        // mpv reports every 20 ms for a second: 50 updates.
        for i in 0..50u64 {
            let now = t0 + Duration::from_millis(i * 20);
            t.handle(&pos(i as f64 * 0.02), now, &mut out);
            t.tick(now, &mut out);
        }
        let p = positions(&out);
        assert!((9..=11).contains(&p.len()), "about ten a second, got {p:?}");
        assert_eq!(p[0], 0);
        // Then the player pauses at 0.99 s: the held position goes out before the pause.
        out.clear();
        t.handle(
            &MpvEvent::Property {
                name: "pause".into(),
                data: json!(true),
            },
            t0 + Duration::from_millis(985),
            &mut out,
        );
        assert_eq!(out.last(), Some(&PlayerEvent::Paused(true)));
        let mut all = p.clone();
        all.extend(positions(&out));
        assert_eq!(
            *all.last().unwrap(),
            980,
            "the last position mpv gave is told"
        );
    }

    #[test]
    fn a_held_position_goes_out_on_a_tick() {
        let mut t = Tracker::new("m".into(), Duration::from_millis(100));
        let t0 = Instant::now();
        let mut out = Vec::new();
        t.handle(&pos(1.0), t0, &mut out);
        t.handle(&pos(1.05), t0 + Duration::from_millis(50), &mut out);
        assert_eq!(positions(&out), [1000]);
        t.tick(t0 + Duration::from_millis(60), &mut out);
        assert_eq!(positions(&out), [1000], "not yet");
        t.tick(t0 + Duration::from_millis(100), &mut out);
        assert_eq!(positions(&out), [1000, 1050]);
    }

    #[test]
    fn a_seek_is_told_at_once() {
        let mut t = Tracker::new("m".into(), Duration::from_millis(100));
        let t0 = Instant::now();
        let mut out = Vec::new();
        t.handle(&pos(1.0), t0, &mut out);
        t.handle(
            &MpvEvent::PlaybackRestart,
            t0 + Duration::from_millis(10),
            &mut out,
        );
        t.handle(&pos(90.0), t0 + Duration::from_millis(20), &mut out);
        assert_eq!(positions(&out), [1000, 90_000]);
    }

    #[test]
    fn the_end_is_told_once() {
        let mut t = Tracker::new("m".into(), Duration::from_millis(100));
        let now = Instant::now();
        let mut out = Vec::new();
        let eof = |b: bool| MpvEvent::Property {
            name: "eof-reached".into(),
            data: json!(b),
        };
        t.handle(&eof(true), now, &mut out);
        t.handle(
            &MpvEvent::EndFile {
                reason: "eof".into(),
                file_error: None,
            },
            now,
            &mut out,
        );
        assert_eq!(out, [PlayerEvent::Ended]);
        t.handle(&eof(false), now, &mut out);
        t.handle(&eof(true), now, &mut out);
        assert_eq!(out, [PlayerEvent::Ended, PlayerEvent::Ended]);
    }

    #[test]
    fn a_failed_load_is_told_with_mpvs_words() {
        // The order mpv 0.35 sends: end-file, then its log message, then idle.
        let mut t = Tracker::new("bad.mp3".into(), Duration::from_millis(100));
        let now = Instant::now();
        let mut out = Vec::new();
        for ev in [
            MpvEvent::StartFile,
            MpvEvent::EndFile {
                reason: "error".into(),
                file_error: Some("unrecognized file format".into()),
            },
            MpvEvent::Log {
                level: "error".into(),
                text: "Failed to recognize file format.\n".into(),
            },
            MpvEvent::Other("audio-reconfig".into()),
        ] {
            t.handle(&ev, now, &mut out);
        }
        assert!(out.is_empty(), "told at idle, when mpv's messages are in");
        t.handle(&MpvEvent::Idle, now, &mut out);
        assert_eq!(
            out,
            [PlayerEvent::Error {
                message: "cannot play bad.mp3: Failed to recognize file format".into()
            }]
        );
        assert_eq!(
            t.failed(),
            Some("cannot play bad.mp3: Failed to recognize file format")
        );
        t.handle(&MpvEvent::Idle, now, &mut out);
        assert_eq!(out.len(), 1, "once");
    }

    #[test]
    fn a_failed_load_without_log_uses_file_error() {
        let mut t = Tracker::new("x.mp3".into(), Duration::from_millis(100));
        let now = Instant::now();
        let mut out = Vec::new();
        t.handle(
            &MpvEvent::EndFile {
                reason: "error".into(),
                file_error: Some("loading failed".into()),
            },
            now,
            &mut out,
        );
        t.finish(now, &mut out);
        assert_eq!(
            out,
            [PlayerEvent::Error {
                message: "cannot play x.mp3: loading failed".into()
            }]
        );
    }

    #[test]
    fn long_messages_are_shortened() {
        let long = "x".repeat(1000);
        let s = shorten(&[long, "\u{1b}[31mred".into()]);
        assert!(crate::wrap::width(&s) <= MESSAGE_WIDTH);
        assert!(s.ends_with('…'));
        assert!(!s.contains('\u{1b}'));
    }

    // --- Against a fake mpv on the other end of a socket pair.

    struct Fake {
        mpv: BufReader<UnixStream>,
        conn: Arc<Conn>,
        events: mpsc::Receiver<PlayerEvent>,
        reader: std::thread::JoinHandle<()>,
    }

    fn fake() -> Fake {
        let (ours, theirs) = UnixStream::pair().unwrap();
        theirs
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let conn = Arc::new(Conn::new(ours.try_clone().unwrap()).unwrap());
        let (tx, rx) = mpsc::channel();
        let c = conn.clone();
        let reader = std::thread::spawn(move || {
            let mut tracker = Tracker::new("talk.mp3".into(), Duration::from_millis(100));
            let mut events = move |e| {
                let _ = tx.send(e);
            };
            read_loop(ours, &c, &mut tracker, &mut events);
        });
        Fake {
            mpv: BufReader::new(theirs),
            conn,
            events: rx,
            reader,
        }
    }

    impl Fake {
        /// The next command lector wrote: (request_id, command).
        fn read_command(&mut self) -> (u64, Value) {
            let mut line = String::new();
            self.mpv.read_line(&mut line).unwrap();
            let v: Value = serde_json::from_str(&line).unwrap_or_else(|e| panic!("{line:?}: {e}"));
            (v["request_id"].as_u64().unwrap(), v["command"].clone())
        }

        fn say(&mut self, line: &str) {
            let s = self.mpv.get_mut();
            s.write_all(line.as_bytes()).unwrap();
            s.write_all(b"\n").unwrap();
        }

        fn next_event(&self) -> PlayerEvent {
            self.events
                .recv_timeout(Duration::from_secs(10))
                .expect("an event")
        }
    }

    #[test]
    fn commands_wait_for_the_media_then_go_in_order() {
        let mut f = fake();
        f.conn
            .send_now(
                &[json!("loadfile"), json!("/t/talk.mp3"), json!("replace")],
                "open",
            )
            .unwrap();
        let (_, cmd) = f.read_command();
        assert_eq!(cmd, json!(["loadfile", "/t/talk.mp3", "replace"]));
        // Sent before the file is open: held.
        f.conn
            .send(
                &[json!("seek"), json!(90.0), json!("absolute+exact")],
                "seek",
            )
            .unwrap();
        f.conn
            .send(
                &[json!("set_property"), json!("pause"), json!(false)],
                "pause",
            )
            .unwrap();
        f.say(r#"{"event":"start-file","playlist_entry_id":1}"#);
        f.say(r#"{"event":"file-loaded"}"#);
        assert_eq!(f.next_event(), PlayerEvent::Loaded);
        let (id1, c1) = f.read_command();
        let (id2, c2) = f.read_command();
        assert_eq!(c1, json!(["seek", 90.0, "absolute+exact"]));
        assert_eq!(c2, json!(["set_property", "pause", false]));
        assert!(id1 < id2);
        // Now at once.
        f.conn
            .send(&[json!("cycle"), json!("pause")], "pause")
            .unwrap();
        assert_eq!(f.read_command().1, json!(["cycle", "pause"]));
        drop(f.mpv);
        f.reader.join().unwrap();
    }

    #[test]
    fn replies_find_their_question_among_events() {
        let mut f = fake();
        let conn = f.conn.clone();
        let asker = std::thread::spawn(move || {
            conn.request(
                &[json!("get_property"), json!("time-pos")],
                Duration::from_secs(10),
            )
        });
        let (id, cmd) = f.read_command();
        assert_eq!(cmd, json!(["get_property", "time-pos"]));
        // Events and someone else's reply come first.
        f.say(r#"{"event":"property-change","id":3,"name":"pause","data":false}"#);
        f.say(&format!(
            r#"{{"request_id":{},"error":"success","data":1.0}}"#,
            id + 1000
        ));
        f.say(&format!(
            r#"{{"data":90.5,"request_id":{id},"error":"success"}}"#
        ));
        assert_eq!(asker.join().unwrap().unwrap(), json!(90.5));
        assert_eq!(f.next_event(), PlayerEvent::Paused(false));
    }

    #[test]
    fn a_question_without_answer_times_out() {
        let mut f = fake();
        let t0 = Instant::now();
        let r = f.conn.request(
            &[json!("get_property"), json!("speed")],
            Duration::from_millis(200),
        );
        assert!(matches!(r, Err(PlayerError::NoAnswer(_))), "{r:?}");
        assert!(t0.elapsed() < Duration::from_secs(5));
        let _ = f.read_command();
    }

    #[test]
    fn a_refused_command_is_an_error_event() {
        let mut f = fake();
        f.say(r#"{"event":"file-loaded"}"#);
        assert_eq!(f.next_event(), PlayerEvent::Loaded);
        f.conn
            .send(
                &[json!("seek"), json!(5.0), json!("relative+exact")],
                "seek",
            )
            .unwrap();
        let (id, _) = f.read_command();
        f.say(&format!(
            r#"{{"request_id":{id},"error":"error running command"}}"#
        ));
        assert_eq!(
            f.next_event(),
            PlayerEvent::Error {
                message: "mpv could not seek: error running command".into()
            }
        );
    }

    #[test]
    fn after_a_failed_load_commands_say_why() {
        let mut f = fake();
        f.say(r#"{"event":"start-file","playlist_entry_id":1}"#);
        f.say(r#"{"event":"end-file","reason":"error","playlist_entry_id":1,"file_error":"loading failed"}"#);
        f.say(r#"{"event":"log-message","prefix":"file","level":"error","text":"Cannot open file '/x.mp3': No such file or directory\n"}"#);
        f.say(r#"{"event":"idle"}"#);
        let PlayerEvent::Error { message } = f.next_event() else {
            panic!()
        };
        assert_eq!(
            message,
            "cannot play talk.mp3: Cannot open file '/x.mp3': No such file or directory"
        );
        let r = f.conn.send(&[json!("cycle"), json!("pause")], "pause");
        match r {
            Err(PlayerError::Media(m)) => assert_eq!(m, message),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_reader_ends_when_mpv_goes_and_questions_stop_waiting() {
        let f = fake();
        f.mpv
            .get_ref()
            .write_all(br#"{"event":"file-loaded"}"#)
            .unwrap();
        f.mpv
            .get_ref()
            .write_all(b"\n{\"event\":\"property-change\",\"name\":\"time-pos\",\"data\":3.5}\n")
            .unwrap();
        drop(f.mpv);
        f.reader.join().unwrap();
        let got: Vec<_> = f.events.try_iter().collect();
        assert_eq!(
            got,
            [PlayerEvent::Loaded, PlayerEvent::Position { ms: 3500 }]
        );
        assert!(matches!(
            f.conn.send(&[json!("cycle"), json!("pause")], "pause"),
            Err(PlayerError::NotRunning)
        ));
        assert!(matches!(
            f.conn.request(
                &[json!("get_property"), json!("speed")],
                Duration::from_secs(10)
            ),
            Err(PlayerError::NotRunning)
        ));
    }

    #[test]
    fn garbage_and_endless_lines_are_skipped() {
        let mut f = fake();
        f.say("this is not json");
        let huge = format!(
            "{{\"event\":\"file-loaded\",\"pad\":\"{}\"}}",
            "x".repeat(MAX_LINE + 10)
        );
        f.say(&huge);
        f.say(r#"{"event":"property-change","name":"speed","data":1.5}"#);
        assert_eq!(
            f.next_event(),
            PlayerEvent::Speed(1.5),
            "the endless line was dropped whole"
        );
    }
}
