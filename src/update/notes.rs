//! Bookmarks, highlights, notes and outline edits in `update`: a thin caller of the operations
//! of [`Notes`], each of which returns the [`Edit`] it made. Every edit is recorded for undo and
//! asks for a save (the saver job debounces it and writes off the key path).

use super::view::{Placement, jump};
use super::{Effect, error, info};
use crate::notes::store::Saved;
use crate::notes::{Edit, Item};
use crate::state::{AppState, Mode, Prompt, PromptKind};

/// Refuses changes while the notes file is read-only; says why.
pub(super) fn writable(state: &mut AppState) -> bool {
    match &state.notes.readonly {
        Some(why) => {
            let msg = format!("notes are read-only this run: {why}");
            error(state, msg);
            false
        }
        None => true,
    }
}

/// Records a change made by the user: undo can take it back, and the notes file will be saved
/// within a second.
pub(super) fn record(state: &mut AppState, edit: Edit, effects: &mut Vec<Effect>) {
    if edit.is_empty() {
        return;
    }
    let outline = touches_outline(&edit);
    state.notes.history.record(edit);
    changed(state, outline, effects);
}

fn touches_outline(edit: &Edit) -> bool {
    edit.removed
        .iter()
        .chain(&edit.added)
        .any(|i| matches!(i, Item::Topic(_) | Item::RemovedTopic(_)))
}

/// After any change to the notes: save them; an outline edit shows at once and an automatic
/// outline is recomputed around it.
fn changed(state: &mut AppState, outline: bool, effects: &mut Vec<Effect>) {
    effects.push(save_effect(state));
    if outline {
        let before = state.outline.edited.clone();
        super::outline::show_edited(state);
        super::outline::retitle(state, before, effects);
    }
}

/// The effect that saves the notes as they are now.
pub(super) fn save_effect(state: &AppState) -> Effect {
    Effect::SaveNotes {
        notes: Box::new(state.notes.notes.clone()),
        seen: state.notes.seen,
    }
}

/// A deletion's message: what went, and how to get it back.
pub(super) fn deleted(state: &mut AppState, edit: &Edit) {
    info(state, format!("{} · u to undo", edit.describe()));
}

/// `m`: bookmarks the cursor line (the selection's first line), or removes its bookmark.
pub(super) fn toggle_bookmark(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let (line, _) = state.selection();
    let created = (state.notes.clock)();
    let edit = state
        .notes
        .notes
        .toggle_bookmark(line, state.doc.line(line), created);
    if edit.removed.is_empty() {
        info(state, format!("bookmarked line {}", line + 1));
    } else {
        deleted(state, &edit);
    }
    state.mode = Mode::Normal;
    record(state, edit, effects);
}

/// `a`: opens the note prompt for the bookmark of `line`.
pub(super) fn edit_note(state: &mut AppState, line: usize) {
    if !writable(state) {
        return;
    }
    let notes = &state.notes.notes;
    let existing = notes
        .bookmark_at(line)
        .and_then(|i| notes.bookmarks[i].note.clone());
    state.mode = Mode::Prompt(Prompt::with_text(
        PromptKind::Note(line),
        existing.unwrap_or_default(),
    ));
}

/// The note prompt's `Enter`: sets the note (making the bookmark if there is none); an empty
/// note removes the note but keeps the bookmark.
pub(super) fn set_note(state: &mut AppState, line: usize, text: &str, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let created = (state.notes.clock)();
    let edit = state
        .notes
        .notes
        .set_note(line, Some(text), state.doc.line(line), created);
    let cleared = matches!(
        (edit.removed.first(), edit.added.first()),
        (Some(Item::Bookmark(a)), Some(Item::Bookmark(b))) if a.note.is_some() && b.note.is_none()
    );
    if cleared {
        deleted(state, &edit);
    } else if edit.is_empty() {
        info(state, "the note is unchanged");
    } else {
        info(state, format!("note saved on line {}", line + 1));
    }
    record(state, edit, effects);
}

/// `h`: highlights the selection (or the cursor line); on a highlighted line, removes that
/// highlight. A new range over an old one keeps every highlighted line (merged in one colour,
/// split in two).
pub(super) fn toggle_highlight(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let (start, end) = state.selection();
    let selecting = matches!(state.mode, Mode::Visual { .. });
    let doc = state.doc.clone();
    let text = |i: usize| doc.line(i).to_string();
    let edit = if !selecting && state.notes.notes.highlight_at(start).is_some() {
        let edit = state.notes.notes.remove_highlight_at(start);
        deleted(state, &edit);
        edit
    } else {
        let color = state.notes.highlight_color;
        let edit = state.notes.notes.add_highlight(start, end, color, &text);
        let what = if end > start {
            format!("lines {}–{}", start + 1, end + 1)
        } else {
            format!("line {}", start + 1)
        };
        info(state, format!("highlighted {what} ({})", color.name()));
        edit
    };
    state.mode = Mode::Normal;
    record(state, edit, effects);
}

/// `H`: the next colour, for the highlight under the cursor and for new ones.
pub(super) fn cycle_color(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let cursor = state.view.cursor;
    let notes = &mut state.notes;
    match notes.notes.highlight_at(cursor) {
        Some(i) => {
            let c = notes.notes.highlights[i].color.next();
            let doc = state.doc.clone();
            let edit = notes
                .notes
                .set_highlight_color(cursor, c, &|i| doc.line(i).to_string());
            notes.highlight_color = c;
            info(state, format!("highlight colour: {}", c.name()));
            record(state, edit, effects);
        }
        None => {
            notes.highlight_color = notes.highlight_color.next();
            let name = notes.highlight_color.name();
            info(state, format!("new highlights will be {name}"));
        }
    }
}

/// At most this much text goes to the clipboard: terminals drop larger OSC 52 writes, and a
/// write of megabytes would hold up the screen.
const COPY_MAX: usize = 100_000;

/// `y`: copies the selection (or the cursor line), at most [`COPY_MAX`] bytes of it.
pub(super) fn copy(state: &mut AppState, effects: &mut Vec<Effect>) {
    let (a, b) = state.selection();
    let mut text = String::new();
    let mut lines = 0;
    for l in a..=b {
        let line = state.doc.line(l);
        if text.len() + line.len() + 1 > COPY_MAX && lines > 0 {
            break;
        }
        if lines > 0 {
            text.push('\n');
        }
        // A single line longer than the limit is cut on a character boundary.
        let room = COPY_MAX.saturating_sub(text.len());
        let mut cut = line.len().min(room);
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        text.push_str(&line[..cut]);
        lines += 1;
    }
    let n = b - a + 1;
    let msg = match (n, lines) {
        (1, _) if text.len() < state.doc.line(a).len() => {
            format!(
                "copied the first {} KB of the line (the clipboard's limit)",
                COPY_MAX / 1000
            )
        }
        (1, _) => "copied the line".to_string(),
        _ if lines < n => format!(
            "copied {lines} of {n} lines: the first {} KB (the clipboard's limit)",
            COPY_MAX / 1000
        ),
        _ => format!("copied {n} lines"),
    };
    effects.push(Effect::Copy(text));
    info(state, msg);
    state.mode = Mode::Normal;
}

/// `)` / `(`: the next / previous bookmark, wrapping around.
pub(super) fn next_bookmark(state: &mut AppState, backward: bool) {
    let Some((target, wrapped)) =
        state
            .notes
            .notes
            .next_bookmark(state.view.cursor, backward, state.doc.len())
    else {
        info(state, "no bookmarks yet: m bookmarks a line");
        return;
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

/// `u`: undoes the last change to the notes (bookmarks, notes, highlights, outline edits).
pub(super) fn undo(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let notes = &mut state.notes;
    match notes.history.undo(&mut notes.notes) {
        Some(edit) => {
            info(state, format!("undone: {} (Ctrl-r: redo)", edit.describe()));
            changed(state, touches_outline(&edit), effects);
        }
        None => info(state, "nothing to undo"),
    }
}

/// `Ctrl-r`: does again what `u` undid.
pub(super) fn redo(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let notes = &mut state.notes;
    match notes.history.redo(&mut notes.notes) {
        Some(edit) => {
            info(state, format!("redone: {}", edit.describe()));
            changed(state, touches_outline(&edit), effects);
        }
        None => info(state, "nothing to redo"),
    }
}

/// A save finished: take in what other readers added, keeping what changed here meanwhile.
pub(super) fn saved(state: &mut AppState, saved: &Saved) {
    state.notes.error = None;
    saved.rebase(&mut state.notes.notes);
    let doc = state.doc.clone();
    state
        .notes
        .notes
        .resolve_overlaps(&|i| doc.line(i).to_string());
    state.notes.seen = saved.id;
    // What another reader changed in the outline shows too.
    state.apply_outline_edits();
}

pub(super) fn save_failed(state: &mut AppState, why: String) {
    error(
        state,
        format!("notes not saved (kept in memory, will retry): {why}"),
    );
    state.notes.error = Some(why);
}

/// Re-anchoring finished in the background: the notes move to where their text is now.
pub(super) fn reanchored(
    state: &mut AppState,
    moves: &[crate::notes::anchor::Move],
    report: &crate::notes::anchor::Report,
) {
    let doc = state.doc.clone();
    crate::notes::anchor::apply(&mut state.notes.notes, moves, &doc);
    state
        .notes
        .notes
        .resolve_overlaps(&|i| doc.line(i).to_string());
    state.apply_outline_edits();
    if let Some(w) = report.summary() {
        info(state, w);
    }
}

// ---- outline edits (kept in the notes file) ----

/// `t`: asks for the title of a new topic at the cursor line.
pub(super) fn new_topic(state: &mut AppState) {
    if !writable(state) {
        return;
    }
    state.mode = Mode::Prompt(Prompt::new(PromptKind::NewTopic(state.view.cursor)));
}

/// `r` in the outline: asks for the selected topic's new title.
pub(super) fn rename_topic(state: &mut AppState) {
    if !writable(state) {
        return;
    }
    let Some(t) = state.outline.edited.topics.get(state.outline.sel) else {
        return;
    };
    state.mode = Mode::Prompt(Prompt::with_text(
        PromptKind::RenameTopic(t.line),
        t.title.clone(),
    ));
}

/// Sets the title of the topic at `line` (a new one, or renaming).
pub(super) fn set_topic(state: &mut AppState, line: usize, title: &str, effects: &mut Vec<Effect>) {
    let title = title.trim();
    if title.is_empty() {
        info(state, "a topic needs a title");
        return;
    }
    let level = state
        .outline
        .edited
        .topics
        .iter()
        .find(|t| t.line == line)
        .map_or(1, |t| t.level);
    let edit = state.notes.notes.set_topic(line, title, level);
    info(state, format!("topic \"{title}\" at line {}", line + 1));
    record(state, edit, effects);
}

/// `d` in the outline: deletes the selected topic.
pub(super) fn delete_topic(state: &mut AppState, effects: &mut Vec<Effect>) {
    if !writable(state) {
        return;
    }
    let Some(t) = state.outline.edited.topics.get(state.outline.sel) else {
        return;
    };
    let (line, title) = (t.line, t.title.clone());
    let edit = state.notes.notes.remove_topic(line);
    info(state, format!("topic \"{title}\" deleted · u to undo"));
    record(state, edit, effects);
}
