//! `update`: the only place the state changes. Every behaviour of the app is "this action does
//! this to the state". Pure: no I/O; anything to do outside is returned as an [`Effect`].

mod notes;
mod search;

pub use notes::list_height;

use crate::action::Action;
use crate::search::Matcher;
use crate::state::{AppState, Focus, Message, MessageKind, Mode, Prompt, PromptKind, RowPos};
use std::sync::Arc;

/// Work for the app loop to do after an update.
#[derive(Debug, Clone)]
pub enum Effect {
    Quit,
    /// Find every match of `matcher` in the background, reporting with
    /// [`Action::SearchResults`] tagged with `generation`.
    Search {
        generation: u64,
        matcher: Arc<Matcher>,
    },
    /// No search results are wanted any more.
    CancelSearch,
    /// Save the notes (debounced by the app; `version` is `AppState::notes_version` then).
    SaveNotes {
        notes: Box<crate::notes::Notes>,
        version: u64,
    },
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Recompute the automatic outline around these edits, in the background; the result
    /// comes back as [`Action::OutlineReady`].
    RecomputeOutline(Box<crate::outline::edits::OutlineEdits>),
}

/// Applies `action` to `state`.
pub fn update(state: &mut AppState, action: Action) -> Vec<Effect> {
    // A message lasts until the next key.
    if !matches!(
        action,
        Action::Resize(..)
            | Action::OutlineProgress(_)
            | Action::OutlineReady(_)
            | Action::SearchResults { .. }
            | Action::NotesSaved { .. }
    ) {
        state.message = None;
    }
    let mut effects = Vec::new();
    match action {
        Action::Quit => {
            state.quit = true;
            // Remember where the reader was (and flush anything unsaved) before leaving.
            if state.notes_path.is_some() && state.notes_readonly.is_none() {
                let position_changed =
                    state.notes.position.as_ref().map(|p| p.line) != Some(state.cursor + 1);
                if !state.notes.is_empty() || position_changed {
                    effects.push(notes::save_effect(state));
                }
            }
            effects.push(Effect::Quit);
        }
        Action::ToggleBookmark => notes::toggle_bookmark(state, &mut effects),
        Action::NewTopic => notes::new_topic(state),
        Action::RenameTopic => notes::rename_topic(state),
        Action::DeleteTopic => notes::delete_topic(state, &mut effects),
        Action::EditNote => notes::edit_note(state, state.cursor),
        Action::ToggleHighlight => notes::toggle_highlight(state, &mut effects),
        Action::CycleHighlightColor => notes::cycle_color(state, &mut effects),
        Action::VisualSelect => {
            state.mode = match state.mode {
                Mode::Visual { .. } => Mode::Normal,
                _ => Mode::Visual {
                    anchor: state.cursor,
                },
            }
        }
        Action::Copy => notes::copy(state, &mut effects),
        Action::NextBookmark => notes::next_bookmark(state, false),
        Action::PrevBookmark => notes::next_bookmark(state, true),
        Action::BookmarkList => notes::open_list(state),
        Action::ListDown => notes::list_move(state, 1),
        Action::ListUp => notes::list_move(state, -1),
        Action::ListTop => notes::list_move(state, isize::MIN / 2),
        Action::ListBottom => notes::list_move(state, isize::MAX / 2),
        Action::ListJump => notes::list_jump(state),
        Action::ListDelete => notes::list_delete(state, &mut effects),
        Action::ListNote => notes::list_note(state),
        Action::ListFilter => notes::list_filter(state),
        Action::NotesSaved { sent, saved } => notes::saved(state, *sent, *saved),
        Action::NotesSaveFailed(why) => notes::save_failed(state, why),
        Action::Down => line_down(state),
        Action::Up => line_up(state),
        Action::HalfPageDown => half_page(state, true),
        Action::HalfPageUp => half_page(state, false),
        Action::PageDown => page(state, true),
        Action::PageUp => page(state, false),
        Action::Top => jump(state, 0, Placement::Top),
        Action::Bottom => {
            jump(state, state.doc.len() - 1, Placement::Keep);
            // The very end, even when the last line is taller than the screen.
            let (t, r) = state.max_top();
            state.top = t;
            state.top_row = r;
        }
        Action::GotoPrompt => state.mode = Mode::Prompt(Prompt::new(PromptKind::Goto)),
        Action::NextTopic => match state.outline.next_after(state.cursor) {
            Some(i) => jump(state, state.outline.topics[i].line, Placement::Top),
            None => info(state, "last topic"),
        },
        Action::PrevTopic => match state.outline.prev_before(state.cursor) {
            Some(i) => jump(state, state.outline.topics[i].line, Placement::Top),
            None => info(state, "first topic"),
        },
        Action::SearchForward => search::open_prompt(state, PromptKind::SearchForward),
        Action::SearchBackward => search::open_prompt(state, PromptKind::SearchBackward),
        Action::SearchNext => search::next(state, false),
        Action::SearchPrev => search::next(state, true),
        Action::SearchFor(query) => search::search_for(state, &query, &mut effects),
        Action::SearchResults {
            generation,
            matches,
            progress,
            done,
        } => search::results(state, generation, matches, progress, done),
        Action::JumpBack => match state.jumps.back(state.cursor) {
            Some(line) => jump_to(state, line, Placement::Center),
            None => info(state, "no earlier jump"),
        },
        Action::JumpForward => match state.jumps.forward() {
            Some(line) => jump_to(state, line, Placement::Center),
            None => info(state, "no later jump"),
        },
        Action::OutlineFilter => {
            let mut p = Prompt::new(PromptKind::OutlineFilter);
            p.text = state.outline_filter.clone().unwrap_or_default();
            p.cursor = p.text.len();
            state.mode = Mode::Prompt(p);
        }
        Action::PromptHistoryPrev => search::history(state, true, &mut effects),
        Action::PromptHistoryNext => search::history(state, false, &mut effects),
        Action::SwitchFocus => {
            state.focus = match state.focus {
                Focus::Transcript => {
                    state.show_outline = true;
                    if state.outline_visible() {
                        Focus::Outline
                    } else {
                        info(state, "the terminal is too narrow for the outline");
                        Focus::Transcript
                    }
                }
                Focus::Outline => Focus::Transcript,
            };
            sync_outline(state);
        }
        Action::ToggleOutline => {
            state.show_outline = !state.show_outline;
            if !state.show_outline {
                state.focus = Focus::Transcript;
            }
            ensure_cursor_visible(state);
            sync_outline(state);
        }
        Action::ToggleHelp => {
            state.mode = if state.mode == Mode::Help {
                Mode::Normal
            } else {
                Mode::Help
            };
            state.help_scroll = 0;
        }
        Action::Cancel => cancel(state, &mut effects),
        Action::OutlineDown => move_outline_sel(state, 1),
        Action::OutlineUp => move_outline_sel(state, -1),
        Action::OutlineTop => move_outline_sel(state, isize::MIN / 2),
        Action::OutlineBottom => move_outline_sel(state, isize::MAX / 2),
        Action::OutlineJump => {
            let shown = state.outline_shown.contains(&state.outline_sel);
            if let Some(t) = state
                .outline
                .topics
                .get(state.outline_sel)
                .filter(|_| shown)
            {
                let line = t.line;
                state.focus = Focus::Transcript;
                jump(state, line, Placement::Top);
            }
        }
        Action::PromptSubmit => submit_prompt(state, &mut effects),
        Action::Goto(text) => goto(state, &text),
        // A control or bidi character would be invisible in the prompt yet searched for: typed
        // text takes printable characters only, as pasted text does.
        Action::PromptInsert(c) if c.is_control() || crate::transcript::clean::is_dirty(c) => {}
        Action::PromptInsert(c) => {
            edit_prompt(state, |p| {
                p.text.insert(p.cursor, c);
                p.cursor += c.len_utf8();
            });
            prompt_changed(state, &mut effects);
        }
        Action::PromptBackspace => {
            let empty = matches!(&state.mode, Mode::Prompt(p) if p.text.is_empty());
            if empty {
                // Backspace on an empty prompt closes it, as in less and vim.
                cancel(state, &mut effects);
            } else {
                edit_prompt(state, |p| {
                    if let Some(c) = p.text[..p.cursor].chars().next_back() {
                        p.cursor -= c.len_utf8();
                        p.text.remove(p.cursor);
                    }
                });
                prompt_changed(state, &mut effects);
            }
        }
        Action::PromptDelete => {
            edit_prompt(state, |p| {
                if p.cursor < p.text.len() {
                    p.text.remove(p.cursor);
                }
            });
            prompt_changed(state, &mut effects);
        }
        Action::PromptLeft => edit_prompt(state, |p| {
            if let Some(c) = p.text[..p.cursor].chars().next_back() {
                p.cursor -= c.len_utf8();
            }
        }),
        Action::PromptRight => edit_prompt(state, |p| {
            if let Some(c) = p.text[p.cursor..].chars().next() {
                p.cursor += c.len_utf8();
            }
        }),
        Action::PromptHome => edit_prompt(state, |p| p.cursor = 0),
        Action::PromptEnd => edit_prompt(state, |p| p.cursor = p.text.len()),
        Action::HelpDown => state.help_scroll += 1,
        Action::HelpUp => state.help_scroll = state.help_scroll.saturating_sub(1),
        Action::Resize(w, h) => {
            state.size = (w, h);
            if !state.outline_visible() && state.focus == Focus::Outline {
                state.focus = Focus::Transcript;
            }
            clamp_top(state);
            ensure_cursor_visible(state);
            sync_outline(state);
        }
        Action::OutlineProgress(p) => state.outline_progress = Some(p),
        Action::OutlineReady(outline) => {
            state.outline_progress = None;
            // The automatic outline (already around the edits); edits apply again harmlessly.
            let edited = state.notes.outline.apply(&outline, state.doc.len());
            state.outline_base = outline;
            state.set_outline(edited);
            sync_outline(state);
        }
        Action::Scroll { col, row, delta } => scroll_at(state, col, row, delta),
        Action::Click { col, row } => click_at(state, col, row),
    }
    effects
}

fn info(state: &mut AppState, text: impl Into<String>) {
    state.message = Some(Message {
        kind: MessageKind::Info,
        text: text.into(),
    });
}

fn error(state: &mut AppState, text: impl Into<String>) {
    state.message = Some(Message {
        kind: MessageKind::Error,
        text: text.into(),
    });
}

fn edit_prompt(state: &mut AppState, f: impl FnOnce(&mut Prompt)) {
    if let Mode::Prompt(p) = &mut state.mode {
        f(p);
    }
}

/// Where a jump puts its target line on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Placement {
    /// Scroll as little as needed.
    Keep,
    /// At the top (topics: start reading there).
    Top,
    /// In the middle, if it was off screen (line jumps, as vim does).
    Center,
}

/// A jump the jump list remembers (`Ctrl-o` comes back here).
fn jump(state: &mut AppState, line: usize, placement: Placement) {
    let from = state.cursor;
    if line.min(state.doc.len() - 1) != from {
        state.jumps.push(from);
    }
    jump_to(state, line, placement);
}

/// Moves the cursor to `line`, scrolling as `placement` says.
fn jump_to(state: &mut AppState, line: usize, placement: Placement) {
    let line = line.min(state.doc.len() - 1);
    let was_visible = is_visible(state, line);
    state.cursor = line;
    match placement {
        Placement::Keep => {}
        Placement::Top => {
            state.top = line;
            state.top_row = 0;
        }
        Placement::Center if !was_visible => {
            let (_, h) = state.text_size();
            let (t, r) = state.retreat((line, 0), h / 2);
            state.top = t;
            state.top_row = r;
        }
        Placement::Center => {}
    }
    clamp_top(state);
    ensure_cursor_visible(state);
    sync_outline(state);
}

/// Whether any row of `line` is on screen.
fn is_visible(state: &AppState, line: usize) -> bool {
    let bottom = state.bottom_pos();
    line >= state.top && line <= bottom.0
}

fn line_down(state: &mut AppState) {
    let (_, h) = state.text_size();
    // A line taller than the rest of the screen scrolls by rows before the cursor leaves it.
    let cursor_end = (state.cursor, state.rows(state.cursor) - 1);
    if state.cursor >= state.top && cursor_end > state.bottom_pos() && h > 0 {
        scroll_rows(state, 1);
        return;
    }
    if state.cursor + 1 < state.doc.len() {
        state.cursor += 1;
    }
    ensure_cursor_visible(state);
    sync_outline(state);
}

fn line_up(state: &mut AppState) {
    if state.cursor == state.top && state.top_row > 0 {
        state.top_row -= 1;
        return;
    }
    state.cursor = state.cursor.saturating_sub(1);
    ensure_cursor_visible(state);
    sync_outline(state);
}

fn half_page(state: &mut AppState, down: bool) {
    let (_, h) = state.text_size();
    let n = (h / 2).max(1);
    let pos = if down {
        state.advance((state.cursor, 0), n)
    } else {
        state.retreat((state.cursor, 0), n)
    };
    scroll_rows(state, if down { n as isize } else { -(n as isize) });
    state.cursor = pos.0;
    ensure_cursor_visible(state);
    sync_outline(state);
}

fn page(state: &mut AppState, down: bool) {
    let (_, h) = state.text_size();
    let before = (state.top, state.top_row);
    let n = h.max(1) as isize;
    scroll_rows(state, if down { n } else { -n });
    if (state.top, state.top_row) == before {
        // Already at the end: a further page takes the cursor to the last (first) line.
        state.cursor = if down { state.doc.len() - 1 } else { 0 };
        ensure_cursor_visible(state);
        sync_outline(state);
    }
}

/// Scrolls the view by `delta` rows (clamped to the document), then brings the cursor into view.
fn scroll_rows(state: &mut AppState, delta: isize) {
    let pos = (state.top, state.top_row);
    let (t, r) = if delta >= 0 {
        state.advance(pos, delta as usize)
    } else {
        state.retreat(pos, delta.unsigned_abs())
    };
    state.top = t;
    state.top_row = r;
    clamp_top(state);
    cursor_into_view(state);
    sync_outline(state);
}

/// [`clamp_top`], for the search module.
fn clamp_top_pub(state: &mut AppState) {
    clamp_top(state);
}

/// Keeps the view from scrolling past the end (the last row stays on the bottom row or below).
fn clamp_top(state: &mut AppState) {
    if state.top >= state.doc.len() {
        state.top = state.doc.len() - 1;
        state.top_row = 0;
    }
    let max: RowPos = state.max_top();
    if (state.top, state.top_row) > max {
        state.top = max.0;
        state.top_row = max.1;
    }
    let rows = state.rows(state.top);
    if state.top_row >= rows {
        state.top_row = rows - 1;
    }
}

/// After the view scrolled: moves the cursor to the nearest line on screen.
fn cursor_into_view(state: &mut AppState) {
    let bottom = state.bottom_pos();
    if state.cursor < state.top
        || (state.cursor == state.top && state.top_row > 0 && state.top < bottom.0)
    {
        state.cursor = if state.top_row > 0 && state.top < bottom.0 {
            state.top + 1
        } else {
            state.top
        };
    } else if state.cursor > bottom.0 {
        // The last line whose first row is on screen.
        state.cursor = bottom.0;
        if bottom.0 > state.top && bottom.1 + 1 < state.rows(bottom.0) {
            state.cursor = bottom.0 - 1;
        }
        state.cursor = state.cursor.max(state.top);
    }
}

/// Scrolls as little as needed so that the cursor line is on screen (all of it if it fits).
pub fn ensure_cursor_visible(state: &mut AppState) {
    let (_, h) = state.text_size();
    if h == 0 {
        return;
    }
    let cursor = state.cursor.min(state.doc.len() - 1);
    state.cursor = cursor;
    let ch = state.rows(cursor);
    if cursor < state.top || (cursor == state.top && state.top_row > 0 && ch <= h) {
        state.top = cursor;
        state.top_row = 0;
        return;
    }
    if cursor == state.top {
        return;
    }
    // Rows from the top of the screen to the end of the cursor line, counting at most h + 1.
    let mut used = state.rows(state.top) - state.top_row;
    for l in state.top + 1..=cursor {
        used += state.rows(l);
        if used > h {
            break;
        }
    }
    if used <= h {
        return;
    }
    if ch >= h {
        state.top = cursor;
        state.top_row = 0;
        return;
    }
    // Put the cursor line's last row on the bottom row.
    let (t, r) = state.retreat((cursor, ch - 1), h - 1);
    state.top = t;
    state.top_row = r;
}

/// Keeps the outline's selection on the current topic (unless the outline has focus) and the
/// selection in view.
fn sync_outline(state: &mut AppState) {
    if state.focus != Focus::Outline {
        state.outline_sel = state.current_topic().unwrap_or(0);
    }
    keep_outline_sel_in_view(state);
}

/// Where the selected topic is in the (filtered) list, or where it would be.
fn outline_sel_pos(state: &AppState) -> usize {
    match state.outline_shown.binary_search(&state.outline_sel) {
        Ok(p) | Err(p) => p,
    }
}

fn keep_outline_sel_in_view(state: &mut AppState) {
    let h = state.outline_list_height().max(1);
    let n = state.outline_shown.len();
    let pos = outline_sel_pos(state).min(n.saturating_sub(1));
    if pos < state.outline_top {
        state.outline_top = pos;
    } else if pos >= state.outline_top + h {
        state.outline_top = pos + 1 - h;
    }
    state.outline_top = state.outline_top.min(n.saturating_sub(h));
}

/// Moves the selection `delta` places in the (filtered) list.
fn move_outline_sel(state: &mut AppState, delta: isize) {
    let n = state.outline_shown.len() as isize;
    if n == 0 {
        return;
    }
    let mut pos = outline_sel_pos(state) as isize;
    // Not in the list (filtered out): moving down lands on the next one shown.
    if state
        .outline_shown
        .binary_search(&state.outline_sel)
        .is_err()
        && delta > 0
    {
        pos -= 1;
    }
    let pos = pos.saturating_add(delta).clamp(0, n - 1) as usize;
    state.outline_sel = state.outline_shown[pos];
    keep_outline_sel_in_view(state);
}

fn scroll_at(state: &mut AppState, col: u16, row: u16, delta: i16) {
    let layout = state.layout();
    let step = delta as isize * 3;
    if let Some(list) = layout.outline.filter(|r| contains(r, col, row)) {
        let _ = list;
        let h = state.outline_list_height();
        let max = state.outline_shown.len().saturating_sub(h);
        state.outline_top = (state.outline_top as isize + step).clamp(0, max as isize) as usize;
    } else if row < layout.status.y {
        scroll_rows(state, step);
    }
}

fn click_at(state: &mut AppState, col: u16, row: u16) {
    let layout = state.layout();
    if let Some(list) = layout.outline_list
        && contains(&list, col, row)
    {
        let pos = state.outline_top + (row - list.y) as usize;
        if let Some(&i) = state.outline_shown.get(pos) {
            let line = state.outline.topics[i].line;
            state.outline_sel = i;
            state.focus = Focus::Transcript;
            jump(state, line, Placement::Top);
        }
        return;
    }
    let pane = ratatui::layout::Rect {
        x: layout.gutter.x,
        width: layout.gutter.width + layout.text.width,
        ..layout.text
    };
    if contains(&pane, col, row)
        && let Some(line) = state.line_at_row((row - pane.y) as usize)
    {
        state.focus = Focus::Transcript;
        state.cursor = line;
        ensure_cursor_visible(state);
        sync_outline(state);
    }
}

fn contains(r: &ratatui::layout::Rect, col: u16, row: u16) -> bool {
    col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height
}

/// `Esc`: closes a prompt (a search returns to where it started, a filter is cleared), or the
/// help; in the outline pane it clears the filter.
fn cancel(state: &mut AppState, effects: &mut Vec<Effect>) {
    match std::mem::replace(&mut state.mode, Mode::Normal) {
        Mode::Prompt(p) if p.kind.is_search() => search::abandon(state, effects),
        Mode::Prompt(p) if p.kind == PromptKind::OutlineFilter => set_outline_filter(state, None),
        Mode::Prompt(p) if p.kind == PromptKind::ListFilter => {
            notes::set_list_filter(state, None);
            state.mode = Mode::Bookmarks;
        }
        Mode::Prompt(_) if state.list_open => state.mode = Mode::Bookmarks,
        Mode::Bookmarks => notes::close_list(state),
        Mode::Normal if state.focus == Focus::Outline && state.outline_filter.is_some() => {
            set_outline_filter(state, None)
        }
        _ => {}
    }
}

/// After the prompt's text changed: searches and filters follow as you type.
fn prompt_changed(state: &mut AppState, effects: &mut Vec<Effect>) {
    let Mode::Prompt(p) = &state.mode else { return };
    let (kind, text) = (p.kind, p.text.clone());
    match kind {
        PromptKind::SearchBackward if text == "?" => {
            // `??` opens the help, as `?` alone does in most terminal tools.
            search::abandon(state, effects);
            state.mode = Mode::Help;
            state.help_scroll = 0;
        }
        k if k.is_search() => search::incremental(state, &text, effects),
        PromptKind::OutlineFilter => {
            set_outline_filter(state, Some(text).filter(|t| !t.is_empty()))
        }
        PromptKind::ListFilter => {
            notes::set_list_filter(state, Some(text).filter(|t| !t.is_empty()))
        }
        _ => {}
    }
}

fn set_outline_filter(state: &mut AppState, filter: Option<String>) {
    state.outline_filter = filter;
    state.refilter_outline();
    if !state.outline_shown.is_empty() && !state.outline_shown.contains(&state.outline_sel) {
        state.outline_sel = state.outline_shown[0];
    }
    state.outline_top = 0;
    keep_outline_sel_in_view(state);
}

fn submit_prompt(state: &mut AppState, effects: &mut Vec<Effect>) {
    let Mode::Prompt(prompt) = std::mem::replace(&mut state.mode, Mode::Normal) else {
        return;
    };
    match prompt.kind {
        PromptKind::Goto => goto(state, &prompt.text),
        PromptKind::SearchForward | PromptKind::SearchBackward => {
            search::submit(state, prompt.kind, &prompt.text, effects)
        }
        PromptKind::OutlineFilter => {}
        PromptKind::Note(line) => notes::set_note(state, line, &prompt.text, effects),
        PromptKind::NewTopic(line) | PromptKind::RenameTopic(line) => {
            notes::set_topic(state, line, &prompt.text, effects)
        }
        PromptKind::ListFilter => {}
    }
    // Prompts opened from the bookmarks list go back to it.
    if state.list_open && state.mode == Mode::Normal {
        state.mode = Mode::Bookmarks;
    }
}

/// Goes to a line, percent or time written as in the `:` prompt.
fn goto(state: &mut AppState, text: &str) {
    {
        match parse_goto(text.trim()) {
            Ok(None) => {}
            Ok(Some(Target::Line(n))) => {
                let line = n.saturating_sub(1);
                if line >= state.doc.len() {
                    info(
                        state,
                        format!("only {} lines: went to the last", state.doc.len()),
                    );
                }
                jump(state, line, Placement::Center);
            }
            Ok(Some(Target::Percent(p))) => {
                let len = state.doc.len();
                let line = ((len - 1) as f64 * p.min(100.0) / 100.0).round() as usize;
                jump(state, line, Placement::Center);
            }
            Ok(Some(Target::Time(ms))) => match state.doc.line_at_time(ms) {
                Some(line) => jump(state, line, Placement::Center),
                None => error(state, "this transcript has no timestamps"),
            },
            Err(e) => error(state, e),
        }
    }
}

/// What the `:` prompt can go to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// 1-based line.
    Line(usize),
    Percent(f64),
    /// Milliseconds.
    Time(u32),
}

/// Parses `150`, `40%`, `1:30`, `01:02:03` (and `1:30.5`). Empty input is `None`.
pub fn parse_goto(s: &str) -> Result<Option<Target>, String> {
    let bad = || format!("not a line, percent or time: '{s}' (try 150, 40% or 1:30)");
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(p) = s.strip_suffix('%') {
        let p: f64 = p.trim().parse().map_err(|_| bad())?;
        if !(0.0..=100.0).contains(&p) {
            return Err(format!("a percent is 0 to 100, not {s}"));
        }
        return Ok(Some(Target::Percent(p)));
    }
    if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(bad());
        }
        let mut secs = 0f64;
        for (i, p) in parts.iter().enumerate() {
            let last = i == parts.len() - 1;
            let v: f64 = if last {
                p.parse().map_err(|_| bad())?
            } else {
                p.parse::<u32>().map_err(|_| bad())? as f64
            };
            if v < 0.0 || (i > 0 && v >= 60.0) {
                return Err(bad());
            }
            secs = secs * 60.0 + v;
        }
        return Ok(Some(Target::Time(
            (secs * 1000.0).min(u32::MAX as f64 - 1.0) as u32,
        )));
    }
    let n: usize = s
        .strip_prefix('+')
        .unwrap_or(s)
        .parse()
        .map_err(|_| bad())?;
    Ok(Some(Target::Line(n.max(1))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goto_targets_parse() {
        assert_eq!(parse_goto("150"), Ok(Some(Target::Line(150))));
        assert_eq!(parse_goto("0"), Ok(Some(Target::Line(1))));
        assert_eq!(parse_goto("40%"), Ok(Some(Target::Percent(40.0))));
        assert_eq!(parse_goto("1:30"), Ok(Some(Target::Time(90_000))));
        assert_eq!(parse_goto("01:02:03"), Ok(Some(Target::Time(3_723_000))));
        assert_eq!(parse_goto("1:30.5"), Ok(Some(Target::Time(90_500))));
        assert_eq!(parse_goto(""), Ok(None));
        assert!(parse_goto("abc").is_err());
        assert!(parse_goto("1:75").is_err());
        assert!(parse_goto("120%").is_err());
        assert!(parse_goto("1:2:3:4").is_err());
    }
}
