//! Background work, in one place: a worker thread per kind of job (search, automatic outline,
//! saving the notes, the player), and the loader of a big file. Nothing here starts a thread per
//! key.
//!
//! Every request carries a generation number (kept in the state, which makes the requests).
//! A worker serves the newest request it has; a newer request cancels the one running (the job
//! checks its [`Cancel`] as it goes); results go to a [`Sink`] tagged with their generation, and
//! `update` drops those a newer request has made stale.

use crate::action::JobResult;
use crate::notes::Notes;
use crate::notes::store::Store;
use crate::outline::Outline;
use crate::outline::edits::OutlineEdits;
use crate::search::Matcher;
use crate::transcript::Document;
use crate::update::PlayerCmd;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// Where jobs send their results: returns false when nobody listens any more.
pub type Sink = Arc<dyn Fn(JobResult) -> bool + Send + Sync>;

/// What the outline worker is asked: the document, the user's edits, the generation, and (after
/// an edit) the outline before it.
type OutlineRequest = (Arc<Document>, OutlineEdits, u64, Option<Box<Outline>>);

/// Tells a running job whether a newer request (or a cancellation) has made it pointless.
pub struct Cancel<'a> {
    current: &'a AtomicU64,
    generation: u64,
}

impl Cancel<'_> {
    pub fn is_cancelled(&self) -> bool {
        self.current.load(Ordering::Relaxed) != self.generation
    }
}

/// A thread started only when it is first needed: three threads started before the first
/// frame cost it ~0.2 ms, and most readings never search or play.
struct LazyThread {
    name: String,
    body: std::cell::RefCell<Option<Box<dyn FnOnce() + Send>>>,
}

impl LazyThread {
    fn new(name: &str, body: impl FnOnce() + Send + 'static) -> LazyThread {
        LazyThread {
            name: format!("lector-{name}"),
            body: std::cell::RefCell::new(Some(Box::new(body))),
        }
    }

    /// Starts the thread if it has not started.
    fn start(&self) {
        if let Some(body) = self.body.borrow_mut().take() {
            // No thread: requests are never served, which the reader survives (no results).
            let _ = std::thread::Builder::new()
                .name(self.name.clone())
                .spawn(body);
        }
    }

    fn started(&self) -> bool {
        self.body.borrow().is_none()
    }
}

/// A thread serving one kind of request, newest first.
struct Worker<R> {
    tx: mpsc::Sender<(u64, R)>,
    /// The generation wanted now; 0 cancels everything.
    current: Arc<AtomicU64>,
    thread: LazyThread,
}

impl<R: Send + 'static> Worker<R> {
    fn start(name: &str, run: impl Fn(R, &Cancel<'_>) + Send + 'static) -> Worker<R> {
        let (tx, rx) = mpsc::channel::<(u64, R)>();
        let current = Arc::new(AtomicU64::new(0));
        let wanted = current.clone();
        let thread = LazyThread::new(name, move || {
            while let Ok(mut job) = rx.recv() {
                // Only the newest request waiting matters.
                while let Ok(newer) = rx.try_recv() {
                    job = newer;
                }
                let (generation, request) = job;
                let cancel = Cancel {
                    current: &wanted,
                    generation,
                };
                if !cancel.is_cancelled() {
                    run(request, &cancel);
                }
            }
        });
        Worker {
            tx,
            current,
            thread,
        }
    }

    fn submit(&self, generation: u64, request: R) {
        self.current.store(generation, Ordering::Relaxed);
        self.thread.start();
        let _ = self.tx.send((generation, request));
    }

    fn cancel(&self) {
        self.current.store(0, Ordering::Relaxed);
    }
}

/// The background workers of one reader.
pub struct Jobs {
    sink: Sink,
    search: Worker<(Arc<Document>, Arc<Matcher>, u64)>,
    outline: Worker<OutlineRequest>,
    saver: Option<Saver>,
    player: PlayerWorker,
}

impl Jobs {
    pub fn new(sink: Sink) -> Jobs {
        let search_sink = sink.clone();
        let search = Worker::start(
            "search",
            move |(doc, matcher, generation): (Arc<Document>, Arc<Matcher>, u64), cancel| {
                search_job(&doc, &matcher, generation, cancel, &search_sink);
            },
        );
        let outline_sink = sink.clone();
        let outline = Worker::start(
            "outline",
            move |(doc, edits, generation, before): (
                Arc<Document>,
                OutlineEdits,
                u64,
                Option<Box<Outline>>,
            ),
                  cancel| {
                outline_job(
                    &doc,
                    &edits,
                    generation,
                    before.as_deref(),
                    cancel,
                    &outline_sink,
                );
            },
        );
        let player = PlayerWorker::start(sink.clone());
        Jobs {
            sink,
            search,
            outline,
            saver: None,
            player,
        }
    }

    /// Asks the player worker to do `cmd` (in order; it never blocks the caller).
    pub fn player(&self, cmd: PlayerCmd) {
        self.player.send(PlayerMsg::Cmd(cmd));
    }

    /// Waits (a few seconds at most) until the player worker has done every command sent so far.
    pub fn player_sync(&self) {
        self.player.sync();
    }

    /// Stops the player, if one runs, and waits (a few seconds at most) until mpv is gone.
    pub fn stop_player(&self) {
        if !self.player.thread.started() {
            return;
        }
        self.player(PlayerCmd::Stop);
        self.player_sync();
    }

    /// Finds every match of `matcher` in `doc`, in batches, as [`JobResult::SearchResults`].
    pub fn search(&self, doc: Arc<Document>, generation: u64, matcher: Arc<Matcher>) {
        self.search.submit(generation, (doc, matcher, generation));
    }

    pub fn cancel_search(&self) {
        self.search.cancel();
    }

    /// Computes the automatic outline of `doc` around `edits`.
    pub fn outline(
        &self,
        doc: Arc<Document>,
        generation: u64,
        edits: OutlineEdits,
        before: Option<Box<Outline>>,
    ) {
        self.outline
            .submit(generation, (doc, edits, generation, before));
    }

    /// Saves notes to `store` from now on (none: notes are not saved).
    pub fn set_store(&mut self, store: Option<Store>) {
        self.saver = store.map(|s| Saver::start(s, self.sink.clone()));
    }

    /// Saves `notes` soon (debounced); `seen` is the id of the last save result the state has
    /// taken in.
    pub fn save(&self, seen: u64, notes: Box<Notes>) {
        if let Some(saver) = &self.saver {
            saver.save(seen, notes);
        }
    }

    /// Waits (a few seconds at most) until every requested save is done. `Err` says why the
    /// last save failed (or that the saver did not answer): the notes in memory are not on disk.
    pub fn flush(&self) -> Result<(), String> {
        match &self.saver {
            Some(saver) => saver.flush(),
            None => Ok(()),
        }
    }

    /// Finishes re-anchoring the notes in the background (once, after the first screen).
    pub fn reanchor(&self, doc: Arc<Document>, mut job: crate::notes::anchor::Job) {
        let sink = self.sink.clone();
        let _ = std::thread::Builder::new()
            .name("lector-reanchor".into())
            .spawn(move || {
                let (moves, report) = job.step(&doc, None);
                let _ = sink(JobResult::Reanchored { moves, report });
            });
    }
}

impl Drop for Jobs {
    /// However the reader ends, no mpv stays behind.
    fn drop(&mut self) {
        self.stop_player();
    }
}

/// A message to the player worker.
enum PlayerMsg {
    Cmd(PlayerCmd),
    /// Answer once every message before this one is done.
    Sync(mpsc::Sender<()>),
}

/// The thread that owns the player (mpv): starting it takes a moment and stopping it up to a
/// second, which the loop never waits for. It serves commands in order.
struct PlayerWorker {
    tx: mpsc::Sender<PlayerMsg>,
    thread: LazyThread,
}

impl PlayerWorker {
    fn start(sink: Sink) -> PlayerWorker {
        let (tx, rx) = mpsc::channel::<PlayerMsg>();
        // No thread (it could not start): commands go nowhere and `sync` gives up after its
        // wait; `p` shows nothing playing, which the reader survives.
        let thread = LazyThread::new("player", move || player_worker(&rx, &sink));
        PlayerWorker { tx, thread }
    }

    fn send(&self, msg: PlayerMsg) {
        self.thread.start();
        let _ = self.tx.send(msg);
    }

    /// Waits until every message sent so far is done (at once when none was ever sent).
    fn sync(&self) {
        if !self.thread.started() {
            return;
        }
        let (done_tx, done_rx) = mpsc::channel();
        if self.tx.send(PlayerMsg::Sync(done_tx)).is_ok() {
            let _ = done_rx.recv_timeout(Duration::from_secs(5));
        }
    }
}

fn player_worker(rx: &mpsc::Receiver<PlayerMsg>, sink: &Sink) {
    use crate::player::{Player, PlayerError};
    let mut current: Option<(u64, Player)> = None;
    while let Ok(msg) = rx.recv() {
        let cmd = match msg {
            PlayerMsg::Sync(done) => {
                let _ = done.send(());
                continue;
            }
            PlayerMsg::Cmd(cmd) => cmd,
        };
        match cmd {
            PlayerCmd::Start {
                generation,
                media,
                options,
            } => {
                // One player at a time: the old one stops first.
                drop(current.take());
                let events = sink.clone();
                let started = Player::start(media, &options, move |event| {
                    let _ = events(JobResult::Player { generation, event });
                });
                match started {
                    Ok(p) => current = Some((generation, p)),
                    Err(e) => {
                        let _ = sink(JobResult::PlayerFailed {
                            generation,
                            message: e.to_string(),
                            stopped: true,
                        });
                    }
                }
            }
            PlayerCmd::Stop => {
                if let Some((_, p)) = current.take() {
                    p.stop();
                }
            }
            cmd => {
                let Some((generation, p)) = &current else {
                    continue;
                };
                let done = match cmd {
                    PlayerCmd::PlayFrom(ms) => p.play_from(ms),
                    PlayerCmd::SetPaused(paused) => p.set_paused(paused),
                    PlayerCmd::SeekBy(s) => p.seek_relative(s),
                    PlayerCmd::SeekTo(ms) => p.seek_to(ms),
                    PlayerCmd::SetSpeed(speed) => p.set_speed(speed).map(|_| ()),
                    PlayerCmd::Start { .. } | PlayerCmd::Stop => Ok(()),
                };
                match done {
                    // A player that died or could not load has said so in its own event.
                    Ok(()) | Err(PlayerError::NotRunning | PlayerError::Media(_)) => {}
                    Err(e) => {
                        let _ = sink(JobResult::PlayerFailed {
                            generation: *generation,
                            message: e.to_string(),
                            stopped: false,
                        });
                    }
                }
            }
        }
    }
    // The reader is gone: the player goes with it (dropping it stops mpv).
}

fn search_job(
    doc: &Document,
    matcher: &Matcher,
    generation: u64,
    cancel: &Cancel<'_>,
    sink: &Sink,
) {
    crate::search::scan_all(
        doc,
        matcher,
        cancel.current,
        generation,
        &mut |matches, fraction| {
            let _ = sink(JobResult::SearchResults {
                generation,
                matches,
                progress: (fraction * 100.0) as u8,
                done: fraction >= 1.0,
            });
        },
    );
}

fn outline_job(
    doc: &Document,
    edits: &OutlineEdits,
    generation: u64,
    before: Option<&Outline>,
    cancel: &Cancel<'_>,
    sink: &Sink,
) {
    let stop = AtomicBool::new(false);
    if let Some(before) = before {
        // An edit in place: only the topics it changed are titled again.
        let outline = crate::outline::edits::apply_locally(doc, before, edits, &stop);
        if let Some(outline) = outline.filter(|_| !cancel.is_cancelled()) {
            let _ = sink(JobResult::OutlineReady {
                generation,
                outline,
                local: true,
            });
        }
        return;
    }
    let mut last = 0u8;
    let outline = crate::outline::edits::auto_around(doc, edits, &stop, &mut |f| {
        let percent = (f.clamp(0.0, 1.0) * 100.0) as u8;
        // A newer request, or a reader that is gone, stops this one.
        if cancel.is_cancelled() {
            stop.store(true, Ordering::Relaxed);
        } else if percent != last {
            last = percent;
            if !sink(JobResult::OutlineProgress {
                generation,
                percent,
            }) {
                stop.store(true, Ordering::Relaxed);
            }
        }
    });
    if cancel.is_cancelled() {
        return;
    }
    let outline = outline.unwrap_or_else(|| Outline::single(doc));
    let _ = sink(JobResult::OutlineReady {
        generation,
        outline,
        local: false,
    });
}

/// Saves the notes on a thread of its own: changes are debounced (written 300 ms after the
/// last one, and within a second of the first), so no key waits for the disk.
struct Saver {
    tx: mpsc::Sender<SaveMsg>,
}

enum SaveMsg {
    /// The notes, and the id of the last save result the state has taken in.
    Save(u64, Box<Notes>),
    /// Answers with the error of the last save, if it failed.
    Flush(mpsc::Sender<Result<(), String>>),
}

impl Saver {
    fn start(mut store: Store, sink: Sink) -> Saver {
        let (tx, rx) = mpsc::channel::<SaveMsg>();
        let _ = std::thread::Builder::new()
            .name("lector-saver".into())
            .spawn(move || {
                // Why the last save failed: what a flush reports until a save succeeds.
                let mut failed: Option<String> = None;
                while let Ok(first) = rx.recv() {
                    let mut latest = None;
                    let mut flushes = Vec::new();
                    let take = |m: SaveMsg,
                                latest: &mut Option<(u64, Box<Notes>)>,
                                flushes: &mut Vec<_>| {
                        match m {
                            SaveMsg::Save(seen, n) => *latest = Some((seen, n)),
                            SaveMsg::Flush(done) => flushes.push(done),
                        }
                    };
                    take(first, &mut latest, &mut flushes);
                    let started = Instant::now();
                    while flushes.is_empty() {
                        let left = Duration::from_secs(1).saturating_sub(started.elapsed());
                        match rx.recv_timeout(left.min(Duration::from_millis(300))) {
                            Ok(m) => take(m, &mut latest, &mut flushes),
                            Err(_) => break,
                        }
                    }
                    if let Some((seen, sent)) = latest {
                        let result = match store.save_shared(seen, Arc::from(sent)) {
                            Ok(saved) => {
                                failed = None;
                                JobResult::NotesSaved(Box::new(saved))
                            }
                            Err(e) => {
                                failed = Some(e.to_string());
                                JobResult::NotesSaveFailed(e.to_string())
                            }
                        };
                        let _ = sink(result);
                    }
                    for done in flushes {
                        let _ = done.send(failed.clone().map_or(Ok(()), Err));
                    }
                }
            });
        Saver { tx }
    }

    fn save(&self, seen: u64, notes: Box<Notes>) {
        let _ = self.tx.send(SaveMsg::Save(seen, notes));
    }

    fn flush(&self) -> Result<(), String> {
        let (done_tx, done_rx) = mpsc::channel();
        if self.tx.send(SaveMsg::Flush(done_tx)).is_err() {
            return Err("the saver stopped".into());
        }
        done_rx
            .recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| Err("saving took longer than 10 s".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn collect() -> (Sink, Arc<Mutex<Vec<JobResult>>>) {
        let got = Arc::new(Mutex::new(Vec::new()));
        let g = got.clone();
        let sink: Sink = Arc::new(move |r| g.lock().map(|mut v| v.push(r)).is_ok());
        (sink, got)
    }

    fn wait_for(got: &Mutex<Vec<JobResult>>, f: impl Fn(&[JobResult]) -> bool) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if got.lock().is_ok_and(|v| f(&v)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        false
    }

    #[test]
    fn a_newer_request_cancels_the_running_one_and_skips_those_in_between() {
        let (started_tx, started_rx) = mpsc::channel::<u64>();
        let (done_tx, done_rx) = mpsc::channel::<(u64, bool)>();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let release_rx = Mutex::new(release_rx);
        let worker = Worker::start("test", move |req: u64, cancel: &Cancel<'_>| {
            let _ = started_tx.send(req);
            if req == 1 {
                // Runs until the test lets it go, as a long scan would.
                let _ = release_rx.lock().map(|r| r.recv());
            }
            let _ = done_tx.send((req, cancel.is_cancelled()));
        });
        let wait = Duration::from_secs(30);
        worker.submit(1, 1);
        assert_eq!(started_rx.recv_timeout(wait), Ok(1));
        worker.submit(2, 2);
        worker.submit(3, 3);
        release_tx.send(()).unwrap();
        assert_eq!(
            done_rx.recv_timeout(wait),
            Ok((1, true)),
            "1 sees it is stale"
        );
        assert_eq!(
            started_rx.recv_timeout(wait),
            Ok(3),
            "2 is skipped: 3 is newer"
        );
        assert_eq!(done_rx.recv_timeout(wait), Ok((3, false)));
        worker.cancel();
        worker.submit(4, 4);
        assert_eq!(started_rx.recv_timeout(wait), Ok(4));
    }

    #[test]
    fn search_results_come_tagged_and_end_with_done() {
        let text: String = (0..5000).map(|i| format!("line {i} word\n")).collect();
        let doc = Arc::new(Document::new("t", crate::transcript::Format::Plain, text));
        let (sink, got) = collect();
        let jobs = Jobs::new(sink);
        jobs.search(doc, 7, Arc::new(Matcher::new("word").unwrap()));
        assert!(wait_for(&got, |v| v.iter().any(|r| matches!(
            r,
            JobResult::SearchResults {
                generation: 7,
                done: true,
                ..
            }
        ))));
        let n: usize = got
            .lock()
            .unwrap()
            .iter()
            .map(|r| match r {
                JobResult::SearchResults {
                    generation: 7,
                    matches,
                    ..
                } => matches.len(),
                _ => 0,
            })
            .sum();
        assert_eq!(n, 5000);
    }

    #[test]
    fn an_outline_job_reports_progress_then_its_outline_and_nothing_once_cancelled() {
        let text: String = (0..600)
            .map(|i| format!("topic {} sentence about things {i}\n", i / 100))
            .collect();
        let doc = Document::new("t", crate::transcript::Format::Plain, text);
        let (sink, got) = collect();
        let current = AtomicU64::new(5);
        let live = Cancel {
            current: &current,
            generation: 5,
        };
        outline_job(&doc, &OutlineEdits::default(), 5, None, &live, &sink);
        let v = std::mem::take(&mut *got.lock().unwrap());
        assert!(matches!(
            v.last(),
            Some(JobResult::OutlineReady { generation: 5, .. })
        ));
        let stale = Cancel {
            current: &current,
            generation: 4,
        };
        outline_job(&doc, &OutlineEdits::default(), 4, None, &stale, &sink);
        assert!(
            !got.lock()
                .unwrap()
                .iter()
                .any(|r| matches!(r, JobResult::OutlineReady { .. })),
            "a cancelled job reports no outline"
        );
    }
}
