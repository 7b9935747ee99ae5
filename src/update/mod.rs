//! `update`: the only place the state changes. Every behaviour of the app is "this action does
//! this to the state". Pure: no I/O; anything to do outside is returned as an [`Effect`].
//!
//! One submodule a part of the state: [`view`] (cursor, scrolling, jumps, mouse, resize),
//! [`outline`], [`search`], [`notes`] (bookmarks, highlights, notes, outline edits, saving),
//! [`list`] (the bookmarks list) and [`prompt`].

mod help;
mod list;
mod notes;
mod outline;
mod player;
mod prompt;
mod search;
mod view;

pub use player::{NO_TIMES, PlayerCmd, SEEK_STEP};
pub use prompt::{Target, parse_goto};
pub use view::ensure_cursor_visible;

use crate::action::{Action, JobResult};
use crate::keymap::KeyMode;
use crate::search::Matcher;
use crate::state::{AppState, Message, Mode, Prompt, PromptKind};
use std::sync::Arc;

/// Work for the app to do after an update.
#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    /// Find every match of `matcher` in the background, reporting with
    /// [`JobResult::SearchResults`] tagged with `generation`.
    Search {
        generation: u64,
        matcher: Arc<Matcher>,
    },
    /// No search results are wanted any more.
    CancelSearch,
    /// Save these notes (the saver debounces); `seen` is the id of the last save result the
    /// state has taken in, which the store merges from.
    SaveNotes {
        notes: Box<crate::notes::Notes>,
        seen: u64,
    },
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Draw the whole screen again (`Ctrl-l`).
    Redraw,
    /// Give the terminal back and stop until resumed (`Ctrl-z`).
    Suspend,
    /// Compute the automatic outline around these edits, in the background; the result comes
    /// back as [`JobResult::OutlineReady`] tagged with `generation`.
    ComputeOutline {
        generation: u64,
        edits: Box<crate::outline::edits::OutlineEdits>,
        /// After an edit: the outline before it, to apply the edit in place (no other boundary
        /// moves) and retitle only the topics it changed; `None`: compute it all.
        before: Option<Box<crate::outline::Outline>>,
    },
    /// Tell the player (mpv) to do this; what it reports comes back as
    /// [`JobResult::Player`].
    Player(PlayerCmd),
}

/// The background work a new state needs: the automatic outline when the outline is computed.
pub fn start(state: &mut AppState) -> Vec<Effect> {
    let mut effects = Vec::new();
    outline::recompute(state, &mut effects);
    effects
}

/// Applies `action` to `state`.
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Action::Resize(w, h) = action {
        view::resize(state, w, h);
        help::resized(state);
        return effects;
    }
    // A message lasts until the next key.
    state.message = None;
    if let Action::Count(digit) = action {
        count_digit(state, digit);
        return effects;
    }
    let count = state.count.take();
    let fx = &mut effects;
    if state.key_mode() == KeyMode::Help && help::handle(state, &action, count.unwrap_or(1)) {
        return effects;
    }
    let n = count.unwrap_or(1);
    let cursor_before = state.view.cursor;
    match action {
        Action::Quit => quit(state, fx),
        // Moving
        Action::Down => view::move_lines(state, n as isize),
        Action::Up => view::move_lines(state, -(n as isize)),
        Action::ScrollDown => view::scroll_lines(state, n as isize),
        Action::ScrollUp => view::scroll_lines(state, -(n as isize)),
        Action::HalfPageDown => repeat(n, 1000, || view::half_page(state, true)),
        Action::HalfPageUp => repeat(n, 1000, || view::half_page(state, false)),
        Action::PageDown => repeat(n, 1000, || view::page(state, true)),
        Action::PageUp => repeat(n, 1000, || view::page(state, false)),
        Action::Top | Action::Bottom if count.is_some() => prompt::goto(state, &n.to_string()),
        Action::Top => view::jump(state, 0, view::Placement::Top),
        Action::Bottom => view::bottom(state),
        Action::ScrollLeft => view::scroll_sideways(state, -(n as isize)),
        Action::ScrollRight => view::scroll_sideways(state, n as isize),
        Action::JumpBack => view::jump_back(state),
        Action::JumpForward => view::jump_forward(state),
        Action::GotoPrompt => open_prompt(state, PromptKind::Goto),
        Action::Goto(text) => prompt::goto(state, &text),
        Action::NextTopic => one_jump(state, n, |s| outline::next_topic(s, false)),
        Action::PrevTopic => one_jump(state, n, |s| outline::next_topic(s, true)),
        // Search
        Action::SearchForward => search::open_prompt(state, PromptKind::SearchForward),
        Action::SearchBackward => search::open_prompt(state, PromptKind::SearchBackward),
        Action::SearchNext => one_jump(state, n, |s| search::next(s, false)),
        Action::SearchPrev => one_jump(state, n, |s| search::next(s, true)),
        Action::SearchFor(query) => search::search_for(state, &query, fx),
        // Notes
        Action::ToggleBookmark => notes::toggle_bookmark(state, fx),
        Action::EditNote => notes::edit_note(state, state.view.cursor),
        Action::ToggleHighlight => notes::toggle_highlight(state, fx),
        Action::CycleHighlightColor => notes::cycle_color(state, fx),
        Action::VisualSelect => {
            state.mode = match state.mode {
                Mode::Visual { .. } => Mode::Normal,
                _ => Mode::Visual {
                    anchor: state.view.cursor,
                },
            }
        }
        Action::Copy => notes::copy(state, fx),
        Action::NextBookmark => repeat(n, 100_000, || notes::next_bookmark(state, false)),
        Action::PrevBookmark => repeat(n, 100_000, || notes::next_bookmark(state, true)),
        Action::NewTopic => notes::new_topic(state),
        Action::RenameTopic => notes::rename_topic(state),
        Action::DeleteTopic => notes::delete_topic(state, fx),
        Action::Undo => notes::undo(state, fx),
        Action::Redo => notes::redo(state, fx),
        // The bookmarks list
        Action::BookmarkList => list::open(state),
        Action::ListDown => list::move_sel(state, n as isize),
        Action::ListUp => list::move_sel(state, -(n as isize)),
        Action::ListTop => list::move_sel(state, isize::MIN / 2),
        Action::ListBottom => list::move_sel(state, isize::MAX / 2),
        Action::ListJump => list::jump_to_selected(state),
        Action::ListDelete => list::delete(state, fx),
        Action::ListNote => list::note(state),
        Action::ListFilter => list::open_filter(state),
        // The outline pane
        Action::SwitchFocus => outline::switch_focus(state),
        Action::ToggleOutline => outline::toggle(state),
        Action::OutlineDown => outline::move_sel(state, n as isize),
        Action::OutlineUp => outline::move_sel(state, -(n as isize)),
        Action::OutlineTop => outline::move_sel(state, isize::MIN / 2),
        Action::OutlineBottom => outline::move_sel(state, isize::MAX / 2),
        Action::OutlineJump => outline::jump_to_selected(state),
        Action::OutlineFilter => outline::open_filter(state),
        // Reading
        Action::ToggleWrap => view::toggle_wrap(state),
        Action::ToggleParagraphs => view::toggle_paragraphs(state),
        Action::ToggleLineNumbers => view::toggle_line_numbers(state),
        Action::ToggleOutlineSide => outline::toggle_side(state),
        Action::Redraw => fx.push(Effect::Redraw),
        Action::Suspend => {
            player::pause_for_suspend(state, fx);
            fx.push(Effect::Suspend);
        }
        // Listening
        Action::PlayPause => player::play_pause(state, fx),
        Action::ToggleFollow => player::toggle_follow(state),
        Action::SeekBack => player::seek(state, -SEEK_STEP * n.min(1000) as f64, fx),
        Action::SeekForward => player::seek(state, SEEK_STEP * n.min(1000) as f64, fx),
        Action::Slower => repeat(n, 10, || player::speed(state, false, fx)),
        Action::Faster => repeat(n, 10, || player::speed(state, true, fx)),
        // Prompts
        Action::PromptSubmit => prompt::submit(state, fx),
        Action::PromptInsert(c) => prompt::insert(state, c.encode_utf8(&mut [0; 4]), fx),
        Action::PromptPaste(text) => prompt::insert(state, &text, fx),
        Action::PromptBackspace => prompt::backspace(state, fx),
        Action::PromptDelete => prompt::delete(state, fx),
        Action::PromptDeleteWord => prompt::delete_word(state, fx),
        Action::PromptDeleteToStart => prompt::delete_to_start(state, fx),
        Action::PromptLeft => prompt::edit(state, prompt::left),
        Action::PromptRight => prompt::edit(state, prompt::right),
        Action::PromptWordLeft => prompt::edit(state, prompt::word_left),
        Action::PromptWordRight => prompt::edit(state, prompt::word_right),
        Action::PromptHome => prompt::edit(state, |p| p.cursor = 0),
        Action::PromptEnd => prompt::edit(state, |p| p.cursor = p.text.len()),
        Action::PromptHistoryPrev => prompt::up_down(state, true, fx),
        Action::PromptHistoryNext => prompt::up_down(state, false, fx),
        Action::Cancel => prompt::cancel(state, fx),
        // The help
        Action::ToggleHelp => help::open(state),
        // The mouse
        Action::Scroll { col, row, delta } => view::scroll_at(state, col, row, delta),
        Action::Click { col, row } => view::click_at(state, col, row),
        // The help's own keys outside the help, and what was handled above.
        Action::HelpDown
        | Action::HelpUp
        | Action::Resize(..)
        | Action::Count(_)
        | Action::Unbound => {}
    }
    player::after_action(state, cursor_before);
    effects
}

/// Does `f` `n` times, at most `max`: a count on a key that moves one step at a time.
/// A counted jump (`4n`, `3]`): the steps are one jump in the jump list, as in vim, so that
/// `Ctrl-o` goes back to where it started, not through every match it passed.
fn one_jump(state: &mut AppState, n: usize, mut step: impl FnMut(&mut AppState)) {
    let before = state.view.jumps.clone();
    let from = state.view.cursor;
    repeat(n, 100_000, || step(state));
    if n > 1 && state.view.jumps != before {
        state.view.jumps = before;
        state.view.jumps.push(from);
    }
}

fn repeat(n: usize, max: usize, mut f: impl FnMut()) {
    for _ in 0..n.clamp(1, max) {
        f();
    }
}

/// A digit typed before a key: `10G` goes to line 10, `5j` moves five lines.
fn count_digit(state: &mut AppState, digit: u8) {
    match state.count {
        // A lone 0 is not a count.
        None if digit == 0 => {}
        c => {
            let n = c
                .unwrap_or(0)
                .saturating_mul(10)
                .saturating_add(usize::from(digit));
            state.count = Some(n.min(999_999_999));
        }
    }
}

/// Applies the result of a background job to `state`; a stale one changes nothing.
pub fn on_job(state: &mut AppState, result: JobResult) -> Vec<Effect> {
    let mut effects = Vec::new();
    match result {
        JobResult::SearchResults {
            generation,
            matches,
            progress,
            done,
        } => search::results(state, generation, matches, progress, done),
        JobResult::OutlineProgress {
            generation,
            percent,
        } => outline::progress(state, generation, percent),
        JobResult::OutlineReady {
            generation,
            outline,
            local,
        } => outline::ready(state, generation, outline, local),
        JobResult::NotesSaved(saved) => notes::saved(state, &saved),
        JobResult::Reanchored { moves, report } => notes::reanchored(state, &moves, &report),
        JobResult::NotesSaveFailed(why) => notes::save_failed(state, why),
        JobResult::Player { generation, event } => {
            player::event(state, generation, event, &mut effects);
        }
        JobResult::PlayerFailed {
            generation,
            message,
            stopped,
        } => player::failed(state, generation, message, stopped, &mut effects),
    }
    effects
}

/// `q`: every change already asked for a save; the app waits for them, remembers the position
/// (in the state file) and leaves.
fn quit(_state: &mut AppState, effects: &mut Vec<Effect>) {
    effects.push(Effect::Quit);
}

fn open_prompt(state: &mut AppState, kind: PromptKind) {
    state.mode = Mode::Prompt(Prompt::new(kind));
}

fn info(state: &mut AppState, text: impl Into<String>) {
    state.message = Some(Message::info(text));
}

fn error(state: &mut AppState, text: impl Into<String>) {
    state.message = Some(Message::error(text));
}
