//! The outline pane in `update`: following the cursor, the selection, the filter, focus, and the
//! automatic outline arriving from the background.

use super::view::{Placement, ensure_cursor_visible, jump};
use super::{Effect, info};
use crate::options::Side;
use crate::outline::Outline;
use crate::state::{AppState, Focus, Prompt, PromptKind};

/// Keeps the outline's selection on the current topic (unless the outline has focus) and the
/// selection in view.
pub(super) fn sync_outline(state: &mut AppState) {
    if state.view.focus != Focus::Outline {
        state.outline.sel = state.current_topic().unwrap_or(0);
    }
    keep_sel_in_view(state);
}

fn keep_sel_in_view(state: &mut AppState) {
    let h = state.outline_list_height().max(1);
    let pane = &mut state.outline;
    let n = pane.shown.len();
    let pos = pane.sel_pos().min(n.saturating_sub(1));
    if pos < pane.top {
        pane.top = pos;
    } else if pos >= pane.top + h {
        pane.top = pos + 1 - h;
    }
    pane.top = pane.top.min(n.saturating_sub(h));
}

/// Moves the selection `delta` places in the (filtered) list.
pub(super) fn move_sel(state: &mut AppState, delta: isize) {
    let pane = &mut state.outline;
    let n = pane.shown.len() as isize;
    if n == 0 {
        return;
    }
    let mut pos = pane.sel_pos() as isize;
    // Not in the list (filtered out): moving down lands on the next one shown.
    if pane.shown.binary_search(&pane.sel).is_err() && delta > 0 {
        pos -= 1;
    }
    let pos = pos.saturating_add(delta).clamp(0, n - 1) as usize;
    pane.sel = pane.shown[pos];
    keep_sel_in_view(state);
}

/// `Enter` in the pane: jumps to the selected topic and gives the transcript focus back.
pub(super) fn jump_to_selected(state: &mut AppState) {
    let pane = &state.outline;
    if !pane.shown.contains(&pane.sel) {
        return;
    }
    if let Some(t) = pane.edited.topics.get(pane.sel) {
        let line = t.line;
        leave(state);
        jump(state, line, Placement::Top);
    }
}

/// `]` and `[`.
pub(super) fn next_topic(state: &mut AppState, backward: bool) {
    let cursor = state.view.cursor;
    let outline = &state.outline.edited;
    let found = if backward {
        outline.prev_before(cursor)
    } else {
        outline.next_after(cursor)
    };
    match found {
        Some(i) => {
            let line = outline.topics[i].line;
            jump(state, line, Placement::Top);
        }
        None if state.outline.progress.is_some() => {
            let p = state.outline.progress.unwrap_or(0);
            info(state, format!("the outline is still being computed ({p}%)"));
        }
        None if backward => info(state, "first topic"),
        None => info(state, "last topic"),
    }
}

/// A click on row `row` of the topic list.
pub(super) fn click(state: &mut AppState, row: usize) {
    let pos = state.outline.top + row;
    if let Some(&i) = state.outline.shown.get(pos) {
        let line = state.outline.edited.topics[i].line;
        state.outline.sel = i;
        leave(state);
        jump(state, line, Placement::Top);
    }
}

/// The wheel over the pane scrolls its list.
pub(super) fn scroll_list(state: &mut AppState, step: isize) {
    let h = state.outline_list_height();
    let pane = &mut state.outline;
    let max = pane.shown.len().saturating_sub(h);
    pane.top = (pane.top as isize + step).clamp(0, max as isize) as usize;
}

/// `Tab`: focus moves between the transcript and the outline (showing it if hidden).
pub(super) fn switch_focus(state: &mut AppState) {
    state.view.focus = match state.view.focus {
        Focus::Transcript => {
            state.view.show_outline = true;
            state.relayout();
            if state.outline_visible() {
                Focus::Outline
            } else {
                info(state, "the terminal is too narrow for the outline");
                Focus::Transcript
            }
        }
        Focus::Outline => {
            focus_lost(state);
            Focus::Transcript
        }
    };
    ensure_cursor_visible(state);
    sync_outline(state);
}

/// `O`: the pane to the other side.
pub(super) fn toggle_side(state: &mut AppState) {
    let options = &mut state.settings.options;
    options.outline_side = match options.outline_side {
        Side::Left => Side::Right,
        Side::Right => Side::Left,
    };
    state.relayout();
}

/// `o`: shows or hides the pane.
pub(super) fn toggle(state: &mut AppState) {
    state.view.show_outline = !state.view.show_outline;
    state.relayout();
    if !state.view.show_outline {
        leave(state);
    }
    ensure_cursor_visible(state);
    sync_outline(state);
}

/// `/` in the pane: the filter prompt, holding the filter there is.
pub(super) fn open_filter(state: &mut AppState) {
    state.outline.filter_kept = false;
    let text = state.outline.filter.clone().unwrap_or_default();
    state.mode = crate::state::Mode::Prompt(Prompt::with_text(PromptKind::OutlineFilter, text));
}

pub(super) fn set_filter(state: &mut AppState, filter: Option<String>) {
    let pane = &mut state.outline;
    pane.filter = filter;
    pane.refilter();
    if !pane.shown.is_empty() && !pane.shown.contains(&pane.sel) {
        pane.sel = pane.shown[0];
    }
    pane.top = 0;
    let none = pane.shown.is_empty();
    keep_sel_in_view(state);
    if none {
        info(state, "no topic matches");
    }
}

/// Focus goes back to the transcript.
pub(super) fn leave(state: &mut AppState) {
    if state.view.focus == Focus::Outline {
        state.view.focus = Focus::Transcript;
        focus_lost(state);
    }
}

/// The pane lost focus: a filter the user did not keep (with `Enter`) goes, so the whole
/// outline shows again with the current topic.
pub(super) fn focus_lost(state: &mut AppState) {
    if state.outline.filter.is_some() && !state.outline.filter_kept {
        set_filter(state, None);
    }
}

/// Shows the outline with the user's edits applied to the base.
pub(super) fn show_edited(state: &mut AppState) {
    state.apply_outline_edits();
    ensure_cursor_visible(state);
    sync_outline(state);
}

/// Asks for the automatic outline to be computed around the user's edits (as a session starts);
/// the result of any earlier request is dropped when it comes.
pub(super) fn recompute(state: &mut AppState, effects: &mut Vec<Effect>) {
    request(state, None, effects);
}

/// After an edit to an automatic outline: the edit shows at once (it splits or merges only the
/// topics it touches); in the background the topics it changed get titles of their own.
pub(super) fn retitle(state: &mut AppState, before: Outline, effects: &mut Vec<Effect>) {
    // Still computing the automatic outline: compute it all, around the edit.
    let local = state.outline.base_ready.then(|| Box::new(before));
    request(state, local, effects);
}

fn request(state: &mut AppState, before: Option<Box<Outline>>, effects: &mut Vec<Effect>) {
    if !state.outline.auto {
        return;
    }
    state.outline.generation += 1;
    state.outline.progress = Some(0);
    effects.push(Effect::ComputeOutline {
        generation: state.outline.generation,
        edits: Box::new(state.notes.notes.outline.clone()),
        before,
    });
}

pub(super) fn progress(state: &mut AppState, generation: u64, percent: u8) {
    if generation == state.outline.generation && state.outline.progress.is_some() {
        state.outline.progress = Some(percent);
    }
}

/// The automatic outline arrived (already around the edits; they apply again harmlessly), or an
/// edit's retitled topics (shown as they are; the base stays the automatic outline).
pub(super) fn ready(state: &mut AppState, generation: u64, outline: Outline, local: bool) {
    if generation != state.outline.generation {
        return;
    }
    state.outline.progress = None;
    if local {
        state.set_outline(outline);
        ensure_cursor_visible(state);
        sync_outline(state);
    } else {
        state.outline.base = outline;
        state.outline.base_ready = true;
        show_edited(state);
    }
}
