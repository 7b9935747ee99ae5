//! The loop: draw → event → action → update → effects. The only module that touches the
//! terminal; it also gives the terminal back as it found it on quit, error, panic and signals.
//!
//! - [`terminal`]: raw mode, the alternate screen, restoring, the clipboard, the backend;
//! - [`input`]: the threads that read keys and signals;
//! - this file: the loop and the effects of updates (jobs, saving, the clipboard, quitting).

mod input;
mod screen;
pub mod terminal;

use crate::action::{Action, JobResult};
use crate::jobs::{Jobs, Sink};
use crate::keymap::action_for;
use crate::session::Session;
use crate::state::AppState;
use crate::update::{Effect, on_job, update};
use ratatui::Terminal;
use ratatui::crossterm::event::Event;
use std::io::{BufWriter, Stdout, stdout};
use std::sync::{Arc, mpsc};
use terminal::WideAware;

/// What wakes the loop.
#[derive(Debug)]
pub enum AppEvent {
    Terminal(Event),
    /// A signal (SIGTERM, SIGHUP, SIGINT) arrived.
    Signal(i32),
    /// Reading terminal events failed.
    InputError(String),
    /// A background job's result or progress.
    Job(JobResult),
    /// The session that replaces a preview (see [`run_preview`]), or why it could not be built.
    Loaded(Box<anyhow::Result<Session>>),
}

/// Builds the session of a big file (reads, decodes, indexes it) on a background thread.
pub type Loader = Box<dyn FnOnce() -> anyhow::Result<Session> + Send>;

/// Runs the reader until the user quits. Returns the process exit code.
pub fn run(session: Session) -> anyhow::Result<i32> {
    start(session, None)
}

/// Like [`run`], for a file too big to load before the first frame: `preview` (the start of the
/// file, see [`crate::load::preview`]) is drawn at once while `load` builds the real session on
/// another thread. Keys pressed meanwhile wait for the session and are replayed on it, so they do
/// what they would have done; a quit key with no other key waiting quits at once.
pub fn run_preview(preview: AppState, load: Loader) -> anyhow::Result<i32> {
    let session = Session {
        state: preview,
        initial: Vec::new(),
        store: None,
        positions: None,
        reanchor: None,
        unsaved_dir: None,
    };
    start(session, Some(load))
}

fn start(session: Session, load: Option<Loader>) -> anyhow::Result<i32> {
    let (tx, rx) = mpsc::channel::<AppEvent>();
    input::spawn_signal_thread(tx.clone())?;
    terminal::install_panic_hook();
    if let Err(e) = terminal::setup(session.state.settings.options.mouse) {
        terminal::restore();
        return Err(anyhow::anyhow!("cannot use the terminal: {e}"));
    }
    let result = Reader::new(session, load, tx).and_then(|r| r.run(rx));
    terminal::restore();
    // What must outlive the screen (notes that could not be saved) goes to stderr now.
    result.map(|(code, note)| {
        if let Some(note) = note {
            eprintln!("lector: {}", crate::text::safe_display(&note));
        }
        code
    })
}

/// The part of a frame of `area` whose rows scroll with the text (the gutter and the text), when
/// the state's layout is that frame's.
fn scroll_region(state: &AppState, area: ratatui::layout::Rect) -> Option<ratatui::layout::Rect> {
    let l = state.layout();
    let right = l.text.x + l.text.width;
    (!l.too_small && state.view.size == (area.width, area.height) && right > l.gutter.x).then(
        || ratatui::layout::Rect::new(l.gutter.x, l.text.y, right - l.gutter.x, l.text.height),
    )
}

/// The loop's own state: the app state, the terminal, the jobs, and a big file still loading.
struct Reader {
    state: AppState,
    terminal: Terminal<WideAware<BufWriter<Stdout>>>,
    /// Where each frame goes to the backend (see [`screen`]).
    frame: screen::FrameShare,
    jobs: Jobs,
    tx: mpsc::Sender<AppEvent>,
    load: Option<Loader>,
    /// A big file is loading: terminal events wait for it (see [`run_preview`]).
    loading: bool,
    waiting: Vec<Event>,
    /// Effects to run after the next frame (the automatic outline would slow the first one).
    after_frame: Vec<Effect>,
    /// Actions to run first (`+LINE`, the remembered position).
    initial: Vec<Action>,
    /// Remembers the reading position on quit.
    positions: Option<crate::notes::positions::Keeper>,
    /// Re-anchoring to finish after the first frame.
    reanchor: Option<crate::notes::anchor::Job>,
    unsaved_dir: Option<std::path::PathBuf>,
    /// Said on stderr once the terminal is back (notes that could not be saved).
    exit_note: Option<String>,
}

impl Reader {
    fn new(
        session: Session,
        load: Option<Loader>,
        tx: mpsc::Sender<AppEvent>,
    ) -> anyhow::Result<Reader> {
        // A frame goes out in one write: through `Stdout`'s own 1 KiB buffer a full CJK screen
        // took ten, each waking the terminal (~0.5 ms of the first screen). Nothing stays
        // buffered between frames: the terminal flushes at the end of each.
        let terminal = Terminal::new(WideAware::new(BufWriter::with_capacity(1 << 16, stdout())))?;
        let frame = terminal.backend().frame();
        let job_tx = tx.clone();
        let sink: Sink = Arc::new(move |r| job_tx.send(AppEvent::Job(r)).is_ok());
        let mut jobs = Jobs::new(sink);
        jobs.set_store(session.store);
        Ok(Reader {
            state: session.state,
            terminal,
            frame,
            jobs,
            tx,
            loading: load.is_some(),
            load,
            waiting: Vec::new(),
            after_frame: Vec::new(),
            initial: session.initial,
            positions: session.positions,
            reanchor: session.reanchor,
            unsaved_dir: session.unsaved_dir,
            exit_note: None,
        })
    }

    /// Takes a new session in (the real one, after a preview).
    fn take(&mut self, session: Session) {
        self.state = session.state;
        self.initial = session.initial;
        self.jobs.set_store(session.store);
        self.positions = session.positions;
        self.reanchor = session.reanchor;
        self.unsaved_dir = session.unsaved_dir;
    }

    /// Runs until the user quits: the exit code, and what to say once the terminal is back.
    #[allow(clippy::needless_pass_by_value)] // the loop owns its receiver for as long as it runs
    fn run(mut self, rx: mpsc::Receiver<AppEvent>) -> anyhow::Result<(i32, Option<String>)> {
        let code = self.run_loop(&rx)?;
        Ok((code, self.exit_note.take()))
    }

    fn run_loop(&mut self, rx: &mpsc::Receiver<AppEvent>) -> anyhow::Result<i32> {
        let size = self.terminal.size()?;
        update(&mut self.state, Action::Resize(size.width, size.height));
        if let Some(code) = self.begin() {
            return Ok(code);
        }
        input::spawn_input_thread(self.tx.clone());
        loop {
            let (state, frame) = (&self.state, &self.frame);
            self.terminal.draw(|f| {
                crate::ui::draw(f, state);
                let region = scroll_region(state, f.area());
                frame.borrow_mut().take(f.buffer_mut(), region);
            })?;
            if let Some(load) = self.load.take() {
                let tx = self.tx.clone();
                let _ = std::thread::Builder::new()
                    .name("lector-loader".into())
                    .spawn(move || {
                        let _ = tx.send(AppEvent::Loaded(Box::new(load())));
                    });
            }
            for effect in std::mem::take(&mut self.after_frame) {
                if let Some(code) = self.run_effect(effect) {
                    return Ok(code);
                }
            }
            if let Some(job) = self.reanchor.take() {
                self.jobs.reanchor(self.state.doc.clone(), job);
            }
            let Ok(first) = rx.recv() else { return Ok(0) };
            // Apply everything already waiting before drawing again, so held keys never lag.
            let mut pending = vec![first];
            while let Ok(ev) = rx.try_recv() {
                pending.push(ev);
                if pending.len() > 256 {
                    break;
                }
            }
            for ev in pending {
                if let Some(code) = self.handle(ev)? {
                    return Ok(code);
                }
            }
        }
    }

    /// Runs the actions a session starts with (`+LINE`, `+/PATTERN`), keeping a message the
    /// session opened with (a warning) unless they set their own; asks for the background work
    /// the session needs, after the first frame.
    fn begin(&mut self) -> Option<i32> {
        let startup_message = self.state.message.take();
        for a in std::mem::take(&mut self.initial) {
            if let Some(code) = self.apply(a) {
                return Some(code);
            }
        }
        if self.state.message.is_none() {
            self.state.message = startup_message;
        }
        self.after_frame = crate::update::start(&mut self.state);
        None
    }

    fn handle(&mut self, ev: AppEvent) -> anyhow::Result<Option<i32>> {
        match ev {
            AppEvent::Signal(n) => {
                // Save the notes (and the position) before going, as on q.
                self.apply(Action::Quit);
                Ok(Some(128 + n))
            }
            AppEvent::InputError(e) => Err(anyhow::anyhow!("reading the terminal: {e}")),
            AppEvent::Loaded(session) => {
                let (w, h) = self.state.view.size;
                self.take((*session)?);
                self.loading = false;
                update(&mut self.state, Action::Resize(w, h));
                if let Some(code) = self.begin() {
                    return Ok(Some(code));
                }
                for ev in std::mem::take(&mut self.waiting) {
                    if let Some(code) = self.terminal_event(&ev) {
                        return Ok(Some(code));
                    }
                }
                Ok(None)
            }
            AppEvent::Terminal(ev) if self.loading => {
                let keymap = self.state.settings.keymap.clone();
                match action_for(&keymap, self.state.key_mode(), false, &ev) {
                    Some(Action::Resize(w, h)) => {
                        update(&mut self.state, Action::Resize(w, h));
                    }
                    Some(Action::Quit) if self.waiting.is_empty() => return Ok(Some(0)),
                    _ => self.waiting.push(ev),
                }
                Ok(None)
            }
            AppEvent::Terminal(ev) => Ok(self.terminal_event(&ev)),
            AppEvent::Job(result) => {
                let effects = on_job(&mut self.state, result);
                Ok(self.run_effects(effects))
            }
        }
    }

    fn terminal_event(&mut self, ev: &Event) -> Option<i32> {
        let state = &self.state;
        let action = action_for(
            &state.settings.keymap,
            state.key_mode(),
            state.mouse_active(),
            ev,
        )?;
        self.apply(action)
    }

    /// Updates the state with `action` and runs what it asks for; `Some(exit code)` to quit.
    fn apply(&mut self, action: Action) -> Option<i32> {
        let effects = update(&mut self.state, action);
        self.run_effects(effects)
    }

    fn run_effects(&mut self, effects: Vec<Effect>) -> Option<i32> {
        for effect in effects {
            if let Some(code) = self.run_effect(effect) {
                return Some(code);
            }
        }
        None
    }

    /// Leaving: the saves finish, the position is remembered; notes that could not be saved are
    /// written somewhere safe, said on stderr, and the exit status is 1.
    fn quit(&mut self) -> i32 {
        let flushed = self.jobs.flush();
        let cursor = self.state.view.cursor;
        if let Some(keeper) = &self.positions {
            let _ = keeper.remember(cursor, self.state.doc.line(cursor));
        }
        let (Err(why), Some(path)) = (flushed, &self.state.notes.path) else {
            return 0;
        };
        let notes = &self.state.notes.notes;
        self.exit_note = Some(
            match crate::notes::store::write_unsaved(notes, path, self.unsaved_dir.as_deref()) {
                Ok(p) => format!(
                    "your notes could not be saved ({why}); they are in {}",
                    p.display()
                ),
                Err(e) => {
                    format!("your notes could not be saved ({why}), nor written elsewhere ({e})")
                }
            },
        );
        1
    }

    fn run_effect(&mut self, effect: Effect) -> Option<i32> {
        match effect {
            Effect::Quit => {
                self.jobs.stop_player();
                return Some(self.quit());
            }
            Effect::Search {
                generation,
                matcher,
            } => self
                .jobs
                .search(self.state.doc.clone(), generation, matcher),
            Effect::CancelSearch => self.jobs.cancel_search(),
            Effect::SaveNotes { notes, seen } => self.jobs.save(seen, notes),
            Effect::Copy(text) => terminal::copy_to_clipboard(&text),
            Effect::Redraw => {
                let _ = self.terminal.clear();
            }
            Effect::Suspend => {
                // The pause asked for just before goes out before lector stops.
                self.jobs.player_sync();
                terminal::suspend(self.state.settings.options.mouse);
                let _ = self.terminal.clear();
            }
            Effect::ComputeOutline {
                generation,
                edits,
                before,
            } => self
                .jobs
                .outline(self.state.doc.clone(), generation, *edits, before),
            Effect::Player(cmd) => self.jobs.player(cmd),
        }
        None
    }
}
