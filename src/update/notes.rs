//! Bookmarks, highlights, notes and the bookmarks list in `update`. Every change bumps
//! `notes_version` and asks for a save (the app debounces and writes off the key path).

use super::{Effect, Placement, error, info, jump};
use crate::notes::store::merge;
use crate::notes::{Bookmark, Highlight, Notes};
use crate::state::{AppState, Mode, Prompt, PromptKind};

/// Refuses changes while the notes file is read-only; says why.
fn writable(state: &mut AppState) -> bool {
    match &state.notes_readonly {
        Some(why) => {
            let msg = format!("notes are read-only this run: {why}");
            error(state, msg);
            false
        }
        None => true,
    }
}

/// Records a change: the notes file will be saved within a second.
fn changed(state: &mut AppState, effects: &mut Vec<Effect>) {
    state.notes.normalize();
    state.notes_version += 1;
    effects.push(save_effect(state));
}

/// The effect that saves the notes as they are now, with the reading position.
pub(super) fn save_effect(state: &mut AppState) -> Effect {
    state.notes.position = Some(crate::notes::model::Position {
        line: state.cursor + 1,
        ..state.notes.position.clone().unwrap_or_default()
    });
    Effect::SaveNotes {
        notes: Box::new(state.notes.clone()),
        version: state.notes_version,
    }
}

/// `m`: bookmarks the cursor line (the selection's first line), or removes its bookmark.
pub(super) fn toggle_bookmark(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let (first, _) = state.selection();
    let line = first + 1;
    match state.notes.bookmark_at(line) {
        Some(i) => {
            let had_note = state.notes.bookmarks[i].note.is_some();
            state.notes.bookmarks.remove(i);
            info(
                state,
                if had_note {
                    "bookmark and its note removed"
                } else {
                    "bookmark removed"
                },
            );
        }
        None => {
            let b = Bookmark::new(line, state.doc.line(first), (state.clock)());
            state.notes.bookmarks.push(b);
            info(state, format!("bookmarked line {line}"));
        }
    }
    state.mode = Mode::Normal;
    changed(state, effects);
}

/// `a`: opens the note prompt for the cursor line's bookmark.
pub(super) fn edit_note(state: &mut AppState, line: usize) {
    if !writable(state) {
        return;
    }
    let existing = state
        .notes
        .bookmark_at(line + 1)
        .and_then(|i| state.notes.bookmarks[i].note.clone());
    let mut p = Prompt::new(PromptKind::Note(line));
    p.text = existing.unwrap_or_default();
    p.cursor = p.text.len();
    state.mode = Mode::Prompt(p);
}

/// The note prompt's `Enter`: sets the note (making the bookmark if there is none); an empty
/// note removes the note but keeps the bookmark.
pub(super) fn set_note(state: &mut AppState, line: usize, text: &str, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let text = text.trim();
    let note = (!text.is_empty()).then(|| text.to_string());
    match state.notes.bookmark_at(line + 1) {
        Some(i) => state.notes.bookmarks[i].note = note,
        None => {
            let mut b = Bookmark::new(line + 1, state.doc.line(line), (state.clock)());
            b.note = note;
            state.notes.bookmarks.push(b);
        }
    }
    info(state, format!("note saved on line {}", line + 1));
    changed(state, effects);
}

/// `h`: highlights the selection (or the cursor line); on a highlighted line, removes that
/// highlight.
pub(super) fn toggle_highlight(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let (a, b) = state.selection();
    let (start, end) = (a + 1, b + 1);
    let selecting = matches!(state.mode, Mode::Visual { .. });
    if !selecting && let Some(i) = state.notes.highlight_at(start) {
        state.notes.highlights.remove(i);
        info(state, "highlight removed");
    } else {
        // A new range replaces the highlights it overlaps.
        state
            .notes
            .highlights
            .retain(|h| h.end < start || h.start > end);
        let color = state.highlight_color;
        state
            .notes
            .highlights
            .push(Highlight::new(start, end, color, state.doc.line(a)));
        let what = if end > start {
            format!("lines {start}–{end}")
        } else {
            format!("line {start}")
        };
        info(state, format!("highlighted {what} ({})", color.name()));
    }
    state.mode = Mode::Normal;
    changed(state, effects);
}

/// `H`: the next colour, for the highlight under the cursor and for new ones.
pub(super) fn cycle_color(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    match state.notes.highlight_at(state.cursor + 1) {
        Some(i) => {
            let c = state.notes.highlights[i].color.next();
            state.notes.highlights[i].color = c;
            state.highlight_color = c;
            info(state, format!("highlight colour: {}", c.name()));
            changed(state, effects);
        }
        None => {
            state.highlight_color = state.highlight_color.next();
            info(
                state,
                format!("new highlights will be {}", state.highlight_color.name()),
            );
        }
    }
}

/// `y`: copies the selection (or the cursor line).
pub(super) fn copy(state: &mut AppState, effects: &mut Vec<Effect>) {
    let (a, b) = state.selection();
    let text: Vec<&str> = (a..=b).map(|l| state.doc.line(l)).collect();
    effects.push(Effect::Copy(text.join("\n")));
    let n = b - a + 1;
    info(
        state,
        if n == 1 {
            "copied the line".to_string()
        } else {
            format!("copied {n} lines")
        },
    );
    state.mode = Mode::Normal;
}

/// `)` / `(`: the next / previous bookmark, wrapping around.
pub(super) fn next_bookmark(state: &mut AppState, backward: bool) {
    let lines: Vec<usize> = state.notes.bookmarks.iter().map(|b| b.line - 1).collect();
    if lines.is_empty() {
        info(state, "no bookmarks yet: m bookmarks a line");
        return;
    }
    let cur = state.cursor;
    let (target, wrapped) = if backward {
        match lines.iter().rev().find(|&&l| l < cur) {
            Some(&l) => (l, false),
            None => (lines[lines.len() - 1], true),
        }
    } else {
        match lines.iter().find(|&&l| l > cur) {
            Some(&l) => (l, false),
            None => (lines[0], true),
        }
    };
    jump(state, target, Placement::Center);
    if wrapped {
        info(
            state,
            if backward {
                "wrapped to the last bookmark"
            } else {
                "wrapped to the first bookmark"
            },
        );
    }
}

/// A save finished: take in what other readers added, keeping what changed here meanwhile.
pub(super) fn saved(state: &mut AppState, sent: Notes, saved: Notes) {
    state.notes_error = None;
    let position = state.notes.position.clone();
    state.notes = merge(&sent, &saved, &state.notes);
    state.notes.position = position;
}

pub(super) fn save_failed(state: &mut AppState, why: String) {
    error(
        state,
        format!("notes not saved (kept in memory, will retry): {why}"),
    );
    state.notes_error = Some(why);
}

// ---- the bookmarks list ----

pub(super) fn open_list(state: &mut AppState) {
    state.list_open = true;
    state.mode = Mode::Bookmarks;
    // Start at the bookmark nearest the cursor.
    let shown = state.list_shown();
    let cur = state.cursor + 1;
    state.list_sel = shown
        .iter()
        .position(|&i| state.notes.bookmarks[i].line >= cur)
        .unwrap_or(shown.len().saturating_sub(1));
    keep_list_sel_in_view(state);
}

pub(super) fn close_list(state: &mut AppState) {
    state.list_open = false;
    state.mode = Mode::Normal;
}

/// Rows the list shows (the overlay's inner height).
pub fn list_height(state: &AppState) -> usize {
    (state.size.1 as usize).saturating_sub(6).max(1)
}

fn keep_list_sel_in_view(state: &mut AppState) {
    let n = state.list_shown().len();
    state.list_sel = state.list_sel.min(n.saturating_sub(1));
    let h = list_height(state);
    if state.list_sel < state.list_top {
        state.list_top = state.list_sel;
    } else if state.list_sel >= state.list_top + h {
        state.list_top = state.list_sel + 1 - h;
    }
    state.list_top = state.list_top.min(n.saturating_sub(h));
}

pub(super) fn list_move(state: &mut AppState, delta: isize) {
    let n = state.list_shown().len() as isize;
    if n == 0 {
        return;
    }
    state.list_sel = (state.list_sel as isize)
        .saturating_add(delta)
        .clamp(0, n - 1) as usize;
    keep_list_sel_in_view(state);
}

fn list_selected(state: &AppState) -> Option<usize> {
    state.list_shown().get(state.list_sel).copied()
}

pub(super) fn list_jump(state: &mut AppState) {
    if let Some(i) = list_selected(state) {
        let line = state.notes.bookmarks[i].line - 1;
        close_list(state);
        jump(state, line, Placement::Center);
    }
}

pub(super) fn list_delete(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        state.mode = Mode::Bookmarks;
        return;
    }
    if let Some(i) = list_selected(state) {
        let b = state.notes.bookmarks.remove(i);
        info(state, format!("bookmark on line {} deleted", b.line));
        changed(state, effects);
        keep_list_sel_in_view(state);
    }
}

pub(super) fn list_note(state: &mut AppState) {
    if let Some(i) = list_selected(state) {
        let line = state.notes.bookmarks[i].line - 1;
        edit_note(state, line);
    }
}

pub(super) fn list_filter(state: &mut AppState) {
    let mut p = Prompt::new(PromptKind::ListFilter);
    p.text = state.list_filter.clone().unwrap_or_default();
    p.cursor = p.text.len();
    state.mode = Mode::Prompt(p);
}

pub(super) fn set_list_filter(state: &mut AppState, filter: Option<String>) {
    state.list_filter = filter;
    state.list_sel = 0;
    state.list_top = 0;
    keep_list_sel_in_view(state);
}

// ---- outline edits (kept in the notes file) ----

/// `t`: asks for the title of a new topic at the cursor line.
pub(super) fn new_topic(state: &mut AppState) {
    if !writable(state) {
        return;
    }
    state.mode = Mode::Prompt(Prompt::new(PromptKind::NewTopic(state.cursor)));
}

/// `r` in the outline: asks for the selected topic's new title.
pub(super) fn rename_topic(state: &mut AppState) {
    if !writable(state) {
        return;
    }
    let Some(t) = state.outline.topics.get(state.outline_sel) else {
        return;
    };
    let mut p = Prompt::new(PromptKind::RenameTopic(t.line));
    p.text = t.title.clone();
    p.cursor = p.text.len();
    state.mode = Mode::Prompt(p);
}

/// Sets the title of the topic at 0-based `line` (a new one, or renaming).
pub(super) fn set_topic(state: &mut AppState, line: usize, title: &str, effects: &mut Vec<Effect>) {
    let title = title.trim();
    if title.is_empty() {
        info(state, "a topic needs a title");
        return;
    }
    let level = state
        .outline
        .topics
        .iter()
        .find(|t| t.line == line)
        .map_or(1, |t| t.level);
    state.notes.outline.set_topic(line, title, level);
    info(state, format!("topic \"{title}\" at line {}", line + 1));
    outline_edited(state, effects);
}

/// `d` in the outline: deletes the selected topic.
pub(super) fn delete_topic(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let Some(t) = state.outline.topics.get(state.outline_sel) else {
        return;
    };
    let (line, title) = (t.line, t.title.clone());
    state.notes.outline.remove_topic(line);
    info(state, format!("topic \"{title}\" deleted"));
    outline_edited(state, effects);
}

/// After an edit: the outline shows it at once, the notes are saved, and an automatic outline
/// is recomputed around the edits in the background.
fn outline_edited(state: &mut AppState, effects: &mut Vec<Effect>) {
    let edited = state
        .notes
        .outline
        .apply(&state.outline_base, state.doc.len());
    state.set_outline(edited);
    super::sync_outline(state);
    changed(state, effects);
    if state.outline_auto {
        state.outline_progress = Some(0);
        effects.push(Effect::RecomputeOutline(Box::new(
            state.notes.outline.clone(),
        )));
    }
}
