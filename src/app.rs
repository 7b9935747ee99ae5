//! The loop: draw → event → action → update → effects. The only module that touches the
//! terminal; it also gives the terminal back as it found it on quit, error, panic and signals.

use crate::action::Action;
use crate::keymap::{Key, KeyMode};
use crate::notes::Notes;
use crate::notes::store::Store;
use crate::state::{AppState, Mode};
use crate::update::{Effect, update};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseButton, MouseEventKind,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use std::io::Write;
use std::io::{BufWriter, Stdout, stdout};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

/// What wakes the loop.
#[derive(Debug)]
pub enum AppEvent {
    Terminal(Event),
    /// A signal (SIGTERM, SIGHUP, SIGINT) arrived.
    Signal(i32),
    /// Reading terminal events failed.
    InputError(String),
    /// A background job's result or progress.
    Action(Action),
    /// The session that replaces a preview (see [`run_preview`]), or why it could not be built.
    Loaded(Box<anyhow::Result<Session>>),
}

/// Puts the terminal in the state lector draws in: raw mode, alternate screen, mouse capture
/// (unless the config turns the mouse off, leaving the terminal its own text selection).
fn setup(mouse: bool) -> std::io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen, cursor::Hide)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back: every step is tried even if one fails.
pub fn restore() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// Restores the terminal before a panic message is printed.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// Turns a terminal event into an action for the current mode, if it means anything.
pub fn action_for(state: &AppState, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let key = Key::from_event(k)?;
            let mode = state.key_mode();
            if let Some(a) = state.keymap.lookup(mode, &key) {
                return Some(a);
            }
            if mode == KeyMode::Prompt
                && !key.ctrl
                && !key.alt
                && let crate::keymap::KeyCodeOrd::Char(c) = key.code
            {
                return Some(Action::PromptInsert(c));
            }
            None
        }
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) if state.mode == Mode::Normal => match m.kind {
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                col: m.column,
                row: m.row,
                delta: 1,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                col: m.column,
                row: m.row,
                delta: -1,
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                col: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Paste(text) if matches!(state.mode, Mode::Prompt(_)) => text
            .chars()
            .find(|c| !c.is_control())
            .map(Action::PromptInsert),
        _ => None,
    }
}

/// Background work to start with the reader.
#[derive(Debug, Clone, Copy, Default)]
pub struct Jobs {
    /// Compute the automatic outline.
    pub auto_outline: bool,
}

/// Builds the session of a big file (reads, decodes, indexes it) on a background thread.
pub type Loader = Box<dyn FnOnce() -> anyhow::Result<Session> + Send>;

/// Runs the reader until the user quits. Returns the process exit code.
/// A reader session: the state, the actions it starts with (`+LINE`, the remembered
/// position), the background work it needs, and where its notes are saved.
#[derive(Debug)]
pub struct Session {
    pub state: AppState,
    pub initial: Vec<Action>,
    pub jobs: Jobs,
    pub store: Option<Store>,
}

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
        jobs: Jobs::default(),
        store: None,
    };
    start(session, Some(load))
}

fn start(session: Session, load: Option<Loader>) -> anyhow::Result<i32> {
    let Session {
        mut state,
        initial,
        jobs,
        store,
    } = session;
    let (tx, rx) = mpsc::channel::<AppEvent>();
    if jobs.auto_outline {
        state.outline_progress = Some(0);
        state.outline_auto = true;
    }
    spawn_signal_thread(tx.clone())?;
    install_panic_hook();
    if let Err(e) = setup(state.options.mouse) {
        restore();
        return Err(anyhow::anyhow!("cannot use the terminal: {e}"));
    }
    let result = event_loop(&mut state, initial, jobs, load, tx, rx, store);
    restore();
    result
}

fn event_loop(
    state: &mut AppState,
    initial: Vec<Action>,
    jobs: Jobs,
    mut load: Option<Loader>,
    tx: mpsc::Sender<AppEvent>,
    rx: mpsc::Receiver<AppEvent>,
    store: Option<Store>,
) -> anyhow::Result<i32> {
    // A frame goes out in one write: through `Stdout`'s own 1 KiB buffer a full CJK screen took
    // ten, each waking the terminal (~0.5 ms of the first screen). Nothing stays buffered
    // between frames: the terminal flushes at the end of each.
    let mut terminal: Terminal<WideAware<BufWriter<Stdout>>> = Terminal::new(WideAware(
        CrosstermBackend::new(BufWriter::with_capacity(1 << 16, stdout())),
    ))?;
    let size = terminal.size()?;
    let mut effects = Effects {
        tx: tx.clone(),
        search_generation: Arc::new(AtomicU64::new(0)),
        saver: store.map(|s| Saver::start(s, tx.clone())),
    };
    update(state, Action::Resize(size.width, size.height));
    if let Some(code) = effects.start(state, initial) {
        return Ok(code);
    }
    spawn_input_thread(tx);
    // Loading and the automatic outline start after the first frame, which they would otherwise
    // slow down (they compete for the cores and the memory map).
    let mut loading = load.is_some();
    let mut outline_job = jobs.auto_outline;
    // Terminal events that arrived while a preview was shown, for the real session.
    let mut waiting: Vec<Event> = Vec::new();
    loop {
        terminal.draw(|f| crate::ui::draw(f, state))?;
        if let Some(load) = load.take() {
            let tx = effects.tx.clone();
            std::thread::spawn(move || {
                let _ = tx.send(AppEvent::Loaded(Box::new(load())));
            });
        }
        if std::mem::take(&mut outline_job) {
            state.outline_auto = true;
            spawn_outline_job(
                state.doc.clone(),
                state.notes.outline.clone(),
                effects.tx.clone(),
            );
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
            let action = match ev {
                AppEvent::Signal(n) => {
                    // Save the notes (and the position) before going, as on q.
                    effects.apply(state, Action::Quit);
                    return Ok(128 + n);
                }
                AppEvent::InputError(e) => {
                    return Err(anyhow::anyhow!("reading the terminal: {e}"));
                }
                AppEvent::Loaded(session) => {
                    let Session {
                        state: loaded,
                        initial,
                        jobs,
                        store,
                    } = (*session)?;
                    let (w, h) = state.size;
                    *state = loaded;
                    loading = false;
                    update(state, Action::Resize(w, h));
                    effects.saver = store.map(|s| Saver::start(s, effects.tx.clone()));
                    if let Some(code) = effects.start(state, initial) {
                        return Ok(code);
                    }
                    if jobs.auto_outline {
                        state.outline_progress = Some(0);
                        outline_job = true;
                    }
                    for ev in std::mem::take(&mut waiting) {
                        if let Some(code) =
                            action_for(state, &ev).and_then(|a| effects.apply(state, a))
                        {
                            return Ok(code);
                        }
                    }
                    None
                }
                AppEvent::Terminal(ev) if loading => {
                    match action_for(state, &ev) {
                        Some(Action::Resize(w, h)) => {
                            update(state, Action::Resize(w, h));
                        }
                        Some(Action::Quit) if waiting.is_empty() => return Ok(0),
                        _ => waiting.push(ev),
                    }
                    None
                }
                AppEvent::Action(action) => Some(action),
                AppEvent::Terminal(ev) => action_for(state, &ev),
            };
            if let Some(code) = action.and_then(|a| effects.apply(state, a)) {
                return Ok(code);
            }
        }
    }
}

/// Runs the effects of updates: background jobs and quitting.
struct Effects {
    tx: mpsc::Sender<AppEvent>,
    /// The search whose results are wanted; older scans stop when they see it change.
    search_generation: Arc<AtomicU64>,
    saver: Option<Saver>,
}

impl Effects {
    /// Runs the actions a session starts with (`+LINE`, `+/PATTERN`), keeping a message the
    /// session opened with (a warning) unless they set their own.
    fn start(&self, state: &mut AppState, initial: Vec<Action>) -> Option<i32> {
        let startup_message = state.message.take();
        for a in initial {
            if let Some(code) = self.apply(state, a) {
                return Some(code);
            }
        }
        if state.message.is_none() {
            state.message = startup_message;
        }
        None
    }

    /// Updates the state with `action` and runs what it asks for; `Some(exit code)` to quit.
    fn apply(&self, state: &mut AppState, action: Action) -> Option<i32> {
        for effect in update(state, action) {
            match effect {
                Effect::Quit => {
                    self.flush();
                    return Some(0);
                }
                Effect::Search {
                    generation,
                    matcher,
                } => {
                    self.search_generation.store(generation, Ordering::Relaxed);
                    spawn_search_job(
                        state.doc.clone(),
                        matcher,
                        generation,
                        self.search_generation.clone(),
                        self.tx.clone(),
                    );
                }
                Effect::CancelSearch => self.search_generation.store(0, Ordering::Relaxed),
                Effect::SaveNotes { notes, .. } => {
                    if let Some(saver) = &self.saver {
                        saver.save(notes);
                    }
                }
                Effect::Copy(text) => copy_to_clipboard(&text),
                Effect::RecomputeOutline(edits) => {
                    spawn_outline_job(state.doc.clone(), *edits, self.tx.clone())
                }
            }
        }
        None
    }

    /// Waits (a few seconds at most) until every requested save is on disk.
    fn flush(&self) {
        if let Some(saver) = &self.saver {
            saver.flush();
        }
    }
}

/// Puts `text` on the terminal's clipboard with OSC 52, which works over ssh and in tmux (with
/// `set -g set-clipboard on`).
fn copy_to_clipboard(text: &str) {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

/// Saves the notes on a thread of its own: changes are debounced (written 300 ms after the
/// last one, and within a second of the first), so no key waits for the disk.
struct Saver {
    tx: mpsc::Sender<SaveMsg>,
}

enum SaveMsg {
    Save(Box<Notes>),
    Flush(mpsc::Sender<()>),
}

impl Saver {
    fn start(mut store: Store, events: mpsc::Sender<AppEvent>) -> Saver {
        let (tx, rx) = mpsc::channel::<SaveMsg>();
        std::thread::spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut latest = None;
                let mut flushes = Vec::new();
                let take =
                    |m: SaveMsg, latest: &mut Option<Box<Notes>>, flushes: &mut Vec<_>| match m {
                        SaveMsg::Save(n) => *latest = Some(n),
                        SaveMsg::Flush(done) => flushes.push(done),
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
                if let Some(sent) = latest {
                    let action = match store.save(&sent) {
                        Ok(saved) => Action::NotesSaved {
                            sent,
                            saved: Box::new(saved),
                        },
                        Err(e) => Action::NotesSaveFailed(e.to_string()),
                    };
                    let _ = events.send(AppEvent::Action(action));
                }
                for done in flushes {
                    let _ = done.send(());
                }
            }
        });
        Saver { tx }
    }

    fn save(&self, notes: Box<Notes>) {
        let _ = self.tx.send(SaveMsg::Save(notes));
    }

    fn flush(&self) {
        let (done_tx, done_rx) = mpsc::channel();
        if self.tx.send(SaveMsg::Flush(done_tx)).is_ok() {
            let _ = done_rx.recv_timeout(Duration::from_secs(5));
        }
    }
}

/// Finds every match off the UI thread, sending them in batches as the scan goes.
fn spawn_search_job(
    doc: Arc<crate::transcript::Document>,
    matcher: Arc<crate::search::Matcher>,
    generation: u64,
    current: Arc<AtomicU64>,
    tx: mpsc::Sender<AppEvent>,
) {
    std::thread::spawn(move || {
        crate::search::scan_all(
            &doc,
            &matcher,
            &current,
            generation,
            &mut |matches, fraction| {
                let done = fraction >= 1.0;
                let progress = (fraction * 100.0) as u8;
                let _ = tx.send(AppEvent::Action(Action::SearchResults {
                    generation,
                    matches,
                    progress,
                    done,
                }));
            },
        );
    });
}

/// Computes the automatic outline off the UI thread, reporting progress as it goes.
fn spawn_outline_job(
    doc: std::sync::Arc<crate::transcript::Document>,
    edits: crate::outline::edits::OutlineEdits,
    tx: mpsc::Sender<AppEvent>,
) {
    std::thread::spawn(move || {
        let cancel = std::sync::atomic::AtomicBool::new(false);
        let mut last = 0u8;
        let progress_tx = tx.clone();
        let outline = crate::outline::edits::auto_around(&doc, &edits, &cancel, &mut |f| {
            let p = (f.clamp(0.0, 1.0) * 100.0) as u8;
            if p != last {
                last = p;
                // The reader may be gone; then nobody needs to know.
                if progress_tx
                    .send(AppEvent::Action(Action::OutlineProgress(p)))
                    .is_err()
                {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            }
        });
        let outline = outline.unwrap_or_else(|| crate::outline::Outline::single(&doc));
        let _ = tx.send(AppEvent::Action(Action::OutlineReady(outline)));
    });
}

fn spawn_input_thread(tx: mpsc::Sender<AppEvent>) {
    std::thread::spawn(move || {
        loop {
            let msg = match event::read() {
                Ok(ev) => AppEvent::Terminal(ev),
                Err(e) => AppEvent::InputError(e.to_string()),
            };
            let stop = matches!(msg, AppEvent::InputError(_));
            if tx.send(msg).is_err() || stop {
                return;
            }
        }
    });
}

#[cfg(unix)]
fn spawn_signal_thread(tx: mpsc::Sender<AppEvent>) -> anyhow::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    std::thread::spawn(move || {
        if let Some(sig) = signals.forever().next()
            && tx.send(AppEvent::Signal(sig)).is_err()
        {
            // The loop is gone: restore and leave ourselves.
            restore();
            std::process::exit(128 + sig);
        }
    });
    Ok(())
}

#[cfg(not(unix))]
fn spawn_signal_thread(_tx: mpsc::Sender<AppEvent>) -> anyhow::Result<()> {
    Ok(())
}

/// The crossterm backend, minus a cursor move after each CJK character.
///
/// ratatui-crossterm moves the cursor before a cell unless it follows the previous one; after a
/// wide character the next cell is two columns on, so every CJK character got an 8-byte escape:
/// half of a Chinese screen's bytes, which the terminal must read and parse (7 KB instead of
/// 3.5 KB for a first screen). A cell that prints nothing, in the wide cell's style, is passed
/// after each such character: it tells the backend where the cursor went. Only characters that
/// every terminal draws two columns wide are trusted so (East Asian Wide ideographs, kana,
/// Hangul, fullwidth forms); after an emoji, whose width terminals disagree on, the cursor is
/// still placed explicitly.
struct WideAware<W: std::io::Write>(CrosstermBackend<W>);

/// Whether `symbol` is one character that every terminal draws two columns wide (and that
/// ratatui takes for two columns).
fn surely_wide(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
        && matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
}

impl<W: std::io::Write> ratatui::backend::Backend for WideAware<W> {
    type Error = std::io::Error;

    fn draw<'a, I>(&mut self, content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        let cells: Vec<(u16, u16, &ratatui::buffer::Cell)> = content.collect();
        let blanks: Vec<ratatui::buffer::Cell> = cells
            .iter()
            .filter(|(_, _, c)| surely_wide(c.symbol()))
            .map(|(_, _, c)| {
                let mut blank = (*c).clone();
                blank.set_symbol("");
                blank
            })
            .collect();
        let mut blanks = blanks.iter();
        let with_blanks = cells.iter().flat_map(|&(x, y, c)| {
            let after = if surely_wide(c.symbol()) {
                blanks.next().map(|b| (x.saturating_add(1), y, b))
            } else {
                None
            };
            std::iter::once((x, y, c)).chain(after)
        });
        self.0.draw(with_blanks)
    }

    fn hide_cursor(&mut self) -> std::io::Result<()> {
        self.0.hide_cursor()
    }

    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.0.show_cursor()
    }

    fn get_cursor_position(&mut self) -> std::io::Result<ratatui::layout::Position> {
        self.0.get_cursor_position()
    }

    fn set_cursor_position<P: Into<ratatui::layout::Position>>(
        &mut self,
        position: P,
    ) -> std::io::Result<()> {
        self.0.set_cursor_position(position)
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.0.clear()
    }

    fn clear_region(&mut self, clear_type: ratatui::backend::ClearType) -> std::io::Result<()> {
        self.0.clear_region(clear_type)
    }

    fn size(&self) -> std::io::Result<ratatui::layout::Size> {
        self.0.size()
    }

    fn window_size(&mut self) -> std::io::Result<ratatui::backend::WindowSize> {
        self.0.window_size()
    }

    fn flush(&mut self) -> std::io::Result<()> {
        ratatui::backend::Backend::flush(&mut self.0)
    }

    fn append_lines(&mut self, n: u16) -> std::io::Result<()> {
        self.0.append_lines(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::Backend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    /// The bytes a full draw of `text` on one row sends.
    fn drawn(text: &str) -> String {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        buf.set_string(0, 0, text, Style::default());
        let mut out = Vec::new();
        let empty = Buffer::empty(buf.area);
        WideAware(CrosstermBackend::new(&mut out))
            .draw(empty.diff(&buf).into_iter())
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cjk_is_written_without_a_cursor_move_after_each_character() {
        let out = drawn("中文，ab");
        assert!(out.contains("中文，ab"), "{out:?}");
        // An emoji's width is not trusted: the cursor is placed after it.
        let out = drawn("中😀x");
        assert!(out.contains("中😀\u{1b}[1;5Hx"), "{out:?}");
    }
}
