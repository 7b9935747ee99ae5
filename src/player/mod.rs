//! Playing the recording behind a transcript: mpv, driven over its JSON IPC socket.
//!
//! A domain-level service: no terminal, no app state. The app starts a [`Player`] for a
//! [`Media`] (given with `--media`, or found beside the transcript by [`media::find_beside`]),
//! sends it commands that never block for long, and receives [`PlayerEvent`]s from a reader
//! thread through the callback it gave to [`Player::start`]. [`Playback`] folds those events
//! into what the status bar shows (`▶ 12:34 / 1:18:01 ×1.5`).
//!
//! - [`mpv`]: the process: its argument list, a private socket directory, stopping it however
//!   lector ends (drop, [`emergency_stop`], and on Linux the kernel when lector dies hard);
//! - [`ipc`]: the protocol: one JSON object a line, replies matched by `request_id`, events
//!   turned into [`PlayerEvent`]s;
//! - [`media`]: which media file goes with a transcript.

pub mod media;

#[cfg(unix)]
mod ipc;
#[cfg(unix)]
mod mpv;

use std::ffi::OsString;
use std::time::Duration;

pub use media::{Media, MediaError};
#[cfg(unix)]
pub use mpv::emergency_stop;

/// What the player reports, from its reader thread.
#[derive(Debug, Clone, PartialEq)]
pub enum PlayerEvent {
    /// The media is open and ready: commands sent before this were held and now run.
    Loaded,
    /// Where playback is, in milliseconds. At most about ten a second while playing; at once
    /// after a seek and before a pause.
    Position { ms: u32 },
    /// The length of the media, from mpv (it may grow for a stream).
    Duration { ms: u32 },
    /// Paused (`true`) or playing. mpv pauses by itself at the end of the media.
    Paused(bool),
    /// The playback speed (1.0 is normal).
    Speed(f64),
    /// Playback reached the end of the media; the player stays there, paused, and a seek or
    /// `play_from` plays again.
    Ended,
    /// mpv went away without being asked (killed, crashed, or its window closed). The player is
    /// finished: drop it; a new [`Player::start`] works.
    Died { message: String },
    /// Something failed while the player lives: above all, the media cannot be played (mpv's own
    /// words, shortened). After a failed load every command answers [`PlayerError::Media`].
    Error { message: String },
}

/// How to run the player.
#[derive(Debug, Clone, PartialEq)]
pub struct PlayerOptions {
    /// The player command, looked up on `PATH` (default `mpv`).
    pub command: OsString,
    /// Open mpv's video window too (default: audio only, `--no-video`).
    pub video: bool,
    /// More arguments for mpv, before lector's own (which win), e.g. `--ao=null` in tests.
    pub extra_args: Vec<OsString>,
    /// How long mpv may take to open its control socket.
    pub start_timeout: Duration,
    /// The least time between two position reports.
    pub position_interval: Duration,
}

impl Default for PlayerOptions {
    fn default() -> Self {
        PlayerOptions {
            command: OsString::from(DEFAULT_COMMAND),
            video: false,
            extra_args: Vec::new(),
            start_timeout: Duration::from_secs(10),
            position_interval: Duration::from_millis(100),
        }
    }
}

/// The player command when the config names none.
pub const DEFAULT_COMMAND: &str = "mpv";

/// The message for a missing mpv, as the issue words it.
pub const INSTALL_MPV: &str = "install mpv to play media: apt install mpv / brew install mpv";

/// Why the player cannot start or cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum PlayerError {
    /// The player command is not on `PATH` (or not at the path given).
    #[error("{}", not_installed_message(command))]
    NotInstalled { command: String },
    /// The player command exists but could not be run.
    #[error("cannot run {command}: {message}")]
    Spawn {
        command: String,
        message: String,
        #[source]
        source: std::io::Error,
    },
    /// No private directory for the control socket could be made.
    #[error("cannot make a private directory for mpv's control socket in {dir}: {message}")]
    SocketDir { dir: String, message: String },
    /// mpv ended before it opened its control socket.
    #[error("{command} stopped before it was ready ({status}){}", colon(output))]
    Exited {
        command: String,
        status: String,
        output: String,
    },
    /// mpv did not open its control socket in time.
    #[error("{command} did not open its control socket within {} s", timeout.as_secs_f64())]
    Timeout { command: String, timeout: Duration },
    /// The control socket was there but could not be used.
    #[error("cannot talk to mpv: {0}")]
    Io(String),
    /// mpv answered a command with an error.
    #[error("mpv could not {what}: {error}")]
    Mpv { what: String, error: String },
    /// mpv did not answer a question in time.
    #[error("mpv did not answer within {} ms", .0.as_millis())]
    NoAnswer(Duration),
    /// The media could not be played (mpv's words); the player can do nothing more.
    #[error("{0}")]
    Media(String),
    /// The player is stopped or gone.
    #[error("the player is not running")]
    NotRunning,
    /// The media named cannot be used.
    #[error(transparent)]
    BadMedia(#[from] MediaError),
    /// This platform has no Unix sockets.
    #[error("playing media is not supported on this platform")]
    Unsupported,
}

fn not_installed_message(command: &str) -> String {
    if command == DEFAULT_COMMAND {
        INSTALL_MPV.to_string()
    } else {
        format!("player command {command} not found; {INSTALL_MPV}")
    }
}

fn colon(output: &str) -> String {
    if output.is_empty() {
        String::new()
    } else {
        format!(": {output}")
    }
}

// ---------------------------------------------------------------------------------------------
// Speed.

/// The slowest and fastest speeds lector asks for.
pub const MIN_SPEED: f64 = 0.5;
pub const MAX_SPEED: f64 = 3.0;

/// The steps `{` and `}` move through.
pub const SPEED_STEPS: [f64; 10] = [0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 3.0];

/// `speed` within 0.5–3.0 (1.0 for a speed that is not a number).
pub fn clamp_speed(speed: f64) -> f64 {
    if speed.is_nan() {
        1.0
    } else {
        speed.clamp(MIN_SPEED, MAX_SPEED)
    }
}

/// The next step up from `current` (3.0 stays 3.0).
pub fn faster(current: f64) -> f64 {
    SPEED_STEPS
        .iter()
        .copied()
        .find(|&s| s > current + 1e-6)
        .unwrap_or(MAX_SPEED)
}

/// The next step down from `current` (0.5 stays 0.5).
pub fn slower(current: f64) -> f64 {
    SPEED_STEPS
        .iter()
        .rev()
        .copied()
        .find(|&s| s < current - 1e-6)
        .unwrap_or(MIN_SPEED)
}

/// `×1.5`, `×0.75`, `×2`: a speed as the status bar shows it.
pub fn format_speed(speed: f64) -> String {
    let s = format!("{speed:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("×{s}")
}

// ---------------------------------------------------------------------------------------------
// What the app keeps of the events.

/// The player's state as the events tell it: what the status bar and follow mode read.
#[derive(Debug, Clone, PartialEq)]
pub struct Playback {
    pub loaded: bool,
    pub position_ms: Option<u32>,
    pub duration_ms: Option<u32>,
    pub paused: bool,
    pub speed: f64,
    pub ended: bool,
}

impl Default for Playback {
    fn default() -> Self {
        Playback {
            loaded: false,
            position_ms: None,
            duration_ms: None,
            paused: true,
            speed: 1.0,
            ended: false,
        }
    }
}

impl Playback {
    /// Takes in one event. `Died` and `Error` change nothing here: the app shows their message
    /// and drops the player.
    pub fn apply(&mut self, event: &PlayerEvent) {
        match *event {
            PlayerEvent::Loaded => self.loaded = true,
            PlayerEvent::Position { ms } => {
                self.position_ms = Some(ms);
                if self.duration_ms.is_some_and(|d| ms + 1000 < d) {
                    self.ended = false;
                }
            }
            PlayerEvent::Duration { ms } => self.duration_ms = Some(ms),
            PlayerEvent::Paused(p) => {
                self.paused = p;
                if !p {
                    self.ended = false;
                }
            }
            PlayerEvent::Speed(s) => self.speed = s,
            PlayerEvent::Ended => self.ended = true,
            PlayerEvent::Died { .. } | PlayerEvent::Error { .. } => {}
        }
    }

    /// `▶ 12:34 / 1:18:01 ×1.5` while playing, `⏸` when paused; the speed only when it is not
    /// 1; `--:--` for a time not known yet. Each time has hours only when it is an hour or more.
    pub fn status(&self) -> String {
        let time = |t: Option<u32>| match t {
            Some(ms) => crate::text::format_time(ms, crate::text::needs_hours(Some(ms))),
            None => "--:--".to_string(),
        };
        let icon = if self.paused { '⏸' } else { '▶' };
        let mut s = format!(
            "{icon} {} / {}",
            time(self.position_ms),
            time(self.duration_ms)
        );
        if (self.speed - 1.0).abs() > 1e-6 {
            s.push(' ');
            s.push_str(&format_speed(self.speed));
        }
        s
    }
}

// ---------------------------------------------------------------------------------------------
// The player.

#[cfg(unix)]
pub use unix::Player;

#[cfg(unix)]
mod unix {
    use super::{Duration, Media, PlayerError, PlayerEvent, PlayerOptions, clamp_speed, ipc, mpv};
    use std::os::unix::net::UnixStream;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::mpsc;
    use std::thread::JoinHandle;

    use serde_json::{Value, json};

    use super::ipc::{Conn, Tracker};
    use super::mpv::{PrivateDir, Process};

    /// mpv playing one media, with the reader thread that reports its events.
    ///
    /// Dropping it stops mpv (asked to quit, then SIGTERM, then SIGKILL after a short grace),
    /// reaps it, waits for the reader thread (no event comes after the drop returns) and removes
    /// the socket directory.
    pub struct Player {
        conn: Arc<Conn>,
        process: Arc<Process>,
        stopping: Arc<AtomicBool>,
        reader: Option<JoinHandle<()>>,
        dir: PrivateDir,
        media: Media,
    }

    impl std::fmt::Debug for Player {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("Player")
                .field("pid", &self.process.pid())
                .field("media", &self.media)
                .finish_non_exhaustive()
        }
    }

    impl Player {
        /// Starts mpv (no shell; audio only unless `opts.video`), connects to its control
        /// socket, and loads `media`, paused at the start. Blocks until the socket answers
        /// (typically a tenth of a second, at most `opts.start_timeout`), so call it from a job
        /// thread. Commands sent before the media is open are held and run once it is.
        ///
        /// `events` is called on the reader thread for every [`PlayerEvent`].
        pub fn start(
            media: Media,
            opts: &PlayerOptions,
            events: impl FnMut(PlayerEvent) + Send + 'static,
        ) -> Result<Player, PlayerError> {
            let dir = PrivateDir::create()?;
            let load_target = load_target(&media, &dir)?;
            let socket = dir.socket_path();
            let command = mpv::command(opts, &socket);
            let name = opts.command.to_string_lossy().into_owned();

            // One thread spawns mpv and then reads its socket, so that on Linux the kernel's
            // "parent died" signal (tied to the spawning thread) fires exactly when this player's
            // reader ends or lector dies, and not when a caller's short-lived job thread returns.
            let (spawned_tx, spawned_rx) = mpsc::channel::<Result<Arc<Process>, PlayerError>>();
            let (stream_tx, stream_rx) = mpsc::channel::<ReaderSetup>();
            let spawn_name = name.clone();
            let thread = std::thread::Builder::new()
                .name("lector-mpv".into())
                .spawn(move || {
                    match Process::spawn(command, &spawn_name) {
                        Ok(p) => {
                            let p = Arc::new(p);
                            if spawned_tx.send(Ok(p)).is_err() {
                                return;
                            }
                        }
                        Err(e) => {
                            let _ = spawned_tx.send(Err(e));
                            return;
                        }
                    }
                    if let Ok(setup) = stream_rx.recv() {
                        setup.run();
                    }
                })
                .map_err(|e| PlayerError::Spawn {
                    command: name.clone(),
                    message: crate::text::io_message(&e),
                    source: e,
                })?;
            let process = match spawned_rx.recv() {
                Ok(Ok(p)) => p,
                Ok(Err(e)) => {
                    let _ = thread.join();
                    return Err(e);
                }
                Err(_) => {
                    let _ = thread.join();
                    return Err(PlayerError::Io("the player thread ended at start".into()));
                }
            };
            let stopping = Arc::new(AtomicBool::new(false));
            let connected = process
                .connect(&socket, opts.start_timeout, &name)
                .and_then(|stream| Self::setup(stream, &load_target))
                .and_then(|(conn, read_half)| {
                    let reader = ReaderSetup {
                        stream: read_half,
                        conn: conn.clone(),
                        tracker: Tracker::new(media.display_name(), opts.position_interval),
                        events: Box::new(events),
                        process: process.clone(),
                        stopping: stopping.clone(),
                    };
                    stream_tx
                        .send(reader)
                        .map(|()| conn)
                        .map_err(|_| PlayerError::Io("the player thread ended at start".into()))
                });
            let conn = match connected {
                Ok(conn) => conn,
                Err(e) => {
                    stopping.store(true, Ordering::SeqCst);
                    process.terminate(Duration::ZERO);
                    drop(stream_tx);
                    let _ = thread.join();
                    return Err(e);
                }
            };
            Ok(Player {
                conn,
                process,
                stopping,
                reader: Some(thread),
                dir,
                media,
            })
        }

        /// Observes the properties the events come from, asks for mpv's error messages, and
        /// loads the media. Returns the connection and the stream half the reader reads.
        fn setup(stream: UnixStream, target: &str) -> Result<(Arc<Conn>, UnixStream), PlayerError> {
            let io = |e: std::io::Error| PlayerError::Io(crate::text::io_message(&e));
            let read_half = stream.try_clone().map_err(io)?;
            let conn = Arc::new(Conn::new(stream).map_err(io)?);
            conn.send_now(
                &[json!("request_log_messages"), json!("error")],
                "report errors",
            )?;
            for (id, name) in ipc::OBSERVED.iter().enumerate() {
                conn.send_now(
                    &[json!("observe_property"), json!(id + 1), json!(name)],
                    "observe",
                )?;
            }
            conn.send_now(
                &[json!("loadfile"), json!(target), json!("replace")],
                "open the media",
            )?;
            Ok((conn, read_half))
        }

        /// Plays from `ms` (milliseconds into the media).
        pub fn play_from(&self, ms: u32) -> Result<(), PlayerError> {
            self.conn.send(
                &[json!("seek"), json!(secs(ms)), json!("absolute+exact")],
                "seek",
            )?;
            self.set_paused(false)
        }

        /// Pauses if playing, plays if paused.
        pub fn toggle_pause(&self) -> Result<(), PlayerError> {
            self.conn.send(&[json!("cycle"), json!("pause")], "pause")
        }

        /// Pauses (`true`) or plays.
        pub fn set_paused(&self, paused: bool) -> Result<(), PlayerError> {
            self.conn.send(
                &[json!("set_property"), json!("pause"), json!(paused)],
                "pause",
            )
        }

        /// Seeks `seconds` forward (negative: back), keeping pause as it is.
        pub fn seek_relative(&self, seconds: f64) -> Result<(), PlayerError> {
            let s = if seconds.is_finite() { seconds } else { 0.0 };
            self.conn
                .send(&[json!("seek"), json!(s), json!("relative+exact")], "seek")
        }

        /// Seeks to `ms`, keeping pause as it is.
        pub fn seek_to(&self, ms: u32) -> Result<(), PlayerError> {
            self.conn.send(
                &[json!("seek"), json!(secs(ms)), json!("absolute+exact")],
                "seek",
            )
        }

        /// Sets the speed, clamped to 0.5–3.0; returns the speed asked for.
        pub fn set_speed(&self, speed: f64) -> Result<f64, PlayerError> {
            let speed = clamp_speed(speed);
            self.conn.send(
                &[json!("set_property"), json!("speed"), json!(speed)],
                "change speed",
            )?;
            Ok(speed)
        }

        /// Asks mpv to quit. No `Died` event follows; drop the player afterwards (the drop
        /// reaps mpv and cleans up).
        pub fn stop(&self) {
            self.stopping.store(true, Ordering::SeqCst);
            let _ = self.conn.send_now(&[json!("quit")], "quit");
        }

        /// Asks mpv for a property and waits at most `timeout` for the answer (on the
        /// caller's thread: for tests and rare questions, not for every frame).
        pub fn get_property(&self, name: &str, timeout: Duration) -> Result<Value, PlayerError> {
            self.conn
                .request(&[json!("get_property"), json!(name)], timeout)
        }

        /// mpv's position now, in milliseconds (`None` when it has none: nothing loaded).
        pub fn position_ms(&self, timeout: Duration) -> Result<Option<u32>, PlayerError> {
            match self.get_property("time-pos", timeout) {
                Ok(v) => Ok(v.as_f64().map(ipc::seconds_to_ms)),
                Err(PlayerError::Mpv { .. }) => Ok(None),
                Err(e) => Err(e),
            }
        }

        /// mpv's process id.
        pub fn pid(&self) -> u32 {
            self.process.pid()
        }

        /// The media this player plays.
        pub fn media(&self) -> &Media {
            &self.media
        }

        /// Whether mpv is still running.
        pub fn is_running(&self) -> bool {
            self.process.status().is_none()
        }

        /// The private directory that holds the control socket (removed on drop).
        pub fn socket_dir(&self) -> &std::path::Path {
            self.dir.path()
        }
    }

    impl Drop for Player {
        fn drop(&mut self) {
            self.stopping.store(true, Ordering::SeqCst);
            if self.process.status().is_none() {
                let _ = self.conn.send_now(&[json!("quit")], "quit");
                self.process.terminate(mpv::GRACE);
            }
            self.conn.shutdown();
            if let Some(reader) = self.reader.take()
                && reader.thread().id() != std::thread::current().id()
            {
                let _ = reader.join();
            }
            // The directory (and the socket in it) goes with `self.dir`, dropped after this.
        }
    }

    /// What `loadfile` gets: the URL or absolute path; a path that is not UTF-8 (JSON cannot
    /// carry it) through a link with a UTF-8 name in the private directory.
    fn load_target(media: &Media, dir: &PrivateDir) -> Result<String, PlayerError> {
        if let Some(s) = media.load_string() {
            return Ok(s);
        }
        let Media::File(path) = media else {
            return Err(PlayerError::Unsupported);
        };
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("media");
        let link = dir.path().join(format!("media.{ext}"));
        std::os::unix::fs::symlink(path, &link)
            .map_err(|e| PlayerError::Io(crate::text::io_message(&e)))?;
        link.to_str()
            .map(str::to_string)
            .ok_or_else(|| PlayerError::Io("the socket directory's path is not UTF-8".into()))
    }

    fn secs(ms: u32) -> f64 {
        f64::from(ms) / 1000.0
    }

    /// What the reader thread needs once the socket is connected.
    struct ReaderSetup {
        stream: UnixStream,
        conn: Arc<Conn>,
        tracker: Tracker,
        events: Box<dyn FnMut(PlayerEvent) + Send>,
        process: Arc<Process>,
        stopping: Arc<AtomicBool>,
    }

    impl ReaderSetup {
        fn run(self) {
            let ReaderSetup {
                stream,
                conn,
                mut tracker,
                mut events,
                process,
                stopping,
            } = self;
            ipc::read_loop(stream, &conn, &mut tracker, &mut *events);
            if !stopping.load(Ordering::SeqCst) {
                let message = process.death_message(tracker.saw_shutdown());
                events(PlayerEvent::Died { message });
            }
        }
    }
}

#[cfg(not(unix))]
pub use other::Player;

#[cfg(not(unix))]
mod other {
    use super::*;

    /// Playing needs Unix sockets; elsewhere every start fails with a message.
    #[derive(Debug)]
    pub struct Player {
        never: std::convert::Infallible,
    }

    impl Player {
        pub fn start(
            _media: Media,
            _opts: &PlayerOptions,
            _events: impl FnMut(PlayerEvent) + Send + 'static,
        ) -> Result<Player, PlayerError> {
            Err(PlayerError::Unsupported)
        }
        pub fn play_from(&self, _ms: u32) -> Result<(), PlayerError> {
            match self.never {}
        }
        pub fn toggle_pause(&self) -> Result<(), PlayerError> {
            match self.never {}
        }
        pub fn set_paused(&self, _paused: bool) -> Result<(), PlayerError> {
            match self.never {}
        }
        pub fn seek_relative(&self, _seconds: f64) -> Result<(), PlayerError> {
            match self.never {}
        }
        pub fn seek_to(&self, _ms: u32) -> Result<(), PlayerError> {
            match self.never {}
        }
        pub fn set_speed(&self, _speed: f64) -> Result<f64, PlayerError> {
            match self.never {}
        }
        pub fn stop(&self) {
            match self.never {}
        }
        pub fn media(&self) -> &Media {
            match self.never {}
        }
        pub fn is_running(&self) -> bool {
            match self.never {}
        }
    }

    /// Nothing to stop where nothing can be started.
    pub fn emergency_stop() {}
}

#[cfg(not(unix))]
pub use other::emergency_stop;

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_player_can_move_to_and_be_shared_with_other_threads() {
        fn send_sync<T: Send + Sync>() {}
        send_sync::<Player>();
    }

    #[test]
    fn speed_steps_and_clamp() {
        assert_eq!(faster(1.0), 1.25);
        assert_eq!(faster(3.0), 3.0);
        assert_eq!(faster(1.1), 1.25);
        assert_eq!(slower(1.0), 0.75);
        assert_eq!(slower(0.5), 0.5);
        assert_eq!(slower(1.1), 1.0);
        assert_eq!(clamp_speed(10.0), 3.0);
        assert_eq!(clamp_speed(0.1), 0.5);
        assert_eq!(clamp_speed(f64::NAN), 1.0);
        assert_eq!(format_speed(1.5), "×1.5");
        assert_eq!(format_speed(0.75), "×0.75");
        assert_eq!(format_speed(2.0), "×2");
    }

    #[test]
    fn status_text() {
        let mut p = Playback::default();
        assert_eq!(p.status(), "⏸ --:-- / --:--");
        p.apply(&PlayerEvent::Duration { ms: 4_681_000 });
        p.apply(&PlayerEvent::Position { ms: 754_000 });
        p.apply(&PlayerEvent::Paused(false));
        p.apply(&PlayerEvent::Speed(1.5));
        assert_eq!(p.status(), "▶ 12:34 / 1:18:01 ×1.5");
        p.apply(&PlayerEvent::Paused(true));
        p.apply(&PlayerEvent::Speed(1.0));
        assert_eq!(p.status(), "⏸ 12:34 / 1:18:01");
        let mut short = Playback::default();
        short.apply(&PlayerEvent::Duration { ms: 600_000 });
        short.apply(&PlayerEvent::Position { ms: 90_000 });
        assert_eq!(short.status(), "⏸ 1:30 / 10:00");
    }

    #[test]
    fn ended_clears_when_playing_again() {
        let mut p = Playback::default();
        p.apply(&PlayerEvent::Duration { ms: 10_000 });
        p.apply(&PlayerEvent::Ended);
        assert!(p.ended);
        p.apply(&PlayerEvent::Position { ms: 2_000 });
        assert!(!p.ended);
    }

    #[test]
    fn messages() {
        let e = PlayerError::NotInstalled {
            command: "mpv".into(),
        };
        assert_eq!(e.to_string(), INSTALL_MPV);
        let e = PlayerError::NotInstalled {
            command: "/opt/mpv".into(),
        };
        assert_eq!(
            e.to_string(),
            "player command /opt/mpv not found; install mpv to play media: apt install mpv / brew install mpv"
        );
        let e = PlayerError::Timeout {
            command: "mpv".into(),
            timeout: Duration::from_secs(10),
        };
        assert_eq!(
            e.to_string(),
            "mpv did not open its control socket within 10 s"
        );
        let e = PlayerError::Exited {
            command: "mpv".into(),
            status: "exit status 1".into(),
            output: "Error parsing option bogus".into(),
        };
        assert_eq!(
            e.to_string(),
            "mpv stopped before it was ready (exit status 1): Error parsing option bogus"
        );
    }
}
