//! The bookmarks list (`B`) in `update`: opening and closing it, moving, jumping, deleting,
//! notes and the filter.

use super::notes::{deleted, edit_note, record, writable};
use super::view::{Placement, jump};
use super::{Effect, info};
use crate::state::{AppState, BookmarkList, Mode, Prompt, PromptKind};

pub(super) fn open(state: &mut AppState) {
    let mut list = BookmarkList::default();
    // Start at the bookmark nearest the cursor.
    let shown = list.shown(&state.notes.notes);
    let cur = state.view.cursor;
    list.sel = shown
        .iter()
        .position(|&i| state.notes.notes.bookmarks[i].line >= cur)
        .unwrap_or(shown.len().saturating_sub(1));
    state.list = Some(list);
    state.mode = Mode::Normal;
    keep_sel_in_view(state);
}

pub(super) fn close(state: &mut AppState) {
    state.list = None;
    state.mode = Mode::Normal;
}

/// Keeps the selected entry on screen (after a move, a deletion, a filter, a resize).
pub(super) fn keep_sel_in_view(state: &mut AppState) {
    let h = state.layout().list_rows.max(1);
    let notes = &state.notes.notes;
    let Some(list) = state.list.as_mut() else {
        return;
    };
    let n = list.shown(notes).len();
    list.sel = list.sel.min(n.saturating_sub(1));
    if list.sel < list.top {
        list.top = list.sel;
    } else if list.sel >= list.top + h {
        list.top = list.sel + 1 - h;
    }
    list.top = list.top.min(n.saturating_sub(h));
}

pub(super) fn move_sel(state: &mut AppState, delta: isize) {
    let notes = &state.notes.notes;
    let Some(list) = state.list.as_mut() else {
        return;
    };
    let n = list.shown(notes).len() as isize;
    if n == 0 {
        return;
    }
    list.sel = (list.sel as isize).saturating_add(delta).clamp(0, n - 1) as usize;
    keep_sel_in_view(state);
}

/// The selected bookmark (an index into `notes.bookmarks`).
fn selected(state: &AppState) -> Option<usize> {
    let list = state.list.as_ref()?;
    list.shown(&state.notes.notes).get(list.sel).copied()
}

pub(super) fn jump_to_selected(state: &mut AppState) {
    if let Some(i) = selected(state) {
        let line = state.notes.notes.bookmarks[i].line;
        if line >= state.doc.len() {
            info(
                state,
                format!(
                    "line {} is past the end: its text was not found in the changed transcript",
                    line + 1
                ),
            );
            return;
        }
        close(state);
        jump(state, line, Placement::Center);
    }
}

pub(super) fn delete(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    if let Some(i) = selected(state) {
        let edit = state.notes.notes.remove_bookmark(i);
        deleted(state, &edit);
        record(state, edit, effects);
        keep_sel_in_view(state);
    }
}

pub(super) fn note(state: &mut AppState) {
    if let Some(i) = selected(state) {
        let line = state.notes.notes.bookmarks[i].line;
        edit_note(state, line);
    }
}

pub(super) fn open_filter(state: &mut AppState) {
    let text = state
        .list
        .as_ref()
        .and_then(|l| l.filter.clone())
        .unwrap_or_default();
    state.mode = Mode::Prompt(Prompt::with_text(PromptKind::ListFilter, text));
}

pub(super) fn set_filter(state: &mut AppState, filter: Option<String>) {
    if let Some(list) = state.list.as_mut() {
        list.set_filter(filter);
        list.sel = 0;
        list.top = 0;
    }
    keep_sel_in_view(state);
}
