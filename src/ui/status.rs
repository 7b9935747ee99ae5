//! The status bar (file, position, time, topic, `? help`), a message, or the open prompt.

use super::ellipsize;
use crate::state::{AppState, MessageKind, Mode, format_time};
use crate::transcript::clean::visible;
use crate::wrap::width;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

pub fn render(state: &AppState, area: Rect, buf: &mut Buffer) {
    let theme = &state.theme;
    if area.height == 0 || area.width == 0 {
        return;
    }
    let w = area.width as usize;
    if let Mode::Prompt(p) = &state.mode {
        let text = format!("{}{}", p.kind.sigil(), p.text);
        buf.set_stringn(area.x, area.y, " ".repeat(w), w, theme.prompt);
        // What is typed is shown as typed; a pasted control character would be dropped by the
        // terminal layer, and bidi controls are made visible.
        if text.chars().any(crate::transcript::clean::is_dirty) {
            let shown = visible(&text);
            buf.set_stringn(area.x, area.y, &*shown, w, theme.prompt);
            return;
        }
        if p.kind == crate::state::PromptKind::SearchBackward && p.text.is_empty() {
            let hint = "  search backward · Enter or ? alone: help";
            buf.set_stringn(area.x + 1, area.y, hint, w.saturating_sub(1), theme.gutter);
        }
        // A search shows its count on the right as you type.
        if p.kind.is_search() && !p.text.is_empty() {
            let count = match_count(state).unwrap_or_else(|| " no match ".to_string());
            let cw = width(&count);
            if w > cw + 10 {
                buf.set_stringn(
                    area.x + (w - cw) as u16,
                    area.y,
                    &count,
                    cw,
                    theme.status_info,
                );
            }
            let shown = prompt_view(
                &text,
                p.kind.sigil().len() + p.cursor,
                w.saturating_sub(cw + 1),
            )
            .0;
            buf.set_stringn(
                area.x,
                area.y,
                shown,
                w.saturating_sub(cw + 1),
                theme.prompt,
            );
            return;
        }
        buf.set_stringn(
            area.x,
            area.y,
            prompt_view(&text, p.kind.sigil().len() + p.cursor, w).0,
            w,
            theme.prompt,
        );
        return;
    }
    buf.set_stringn(area.x, area.y, " ".repeat(w), w, theme.status);
    let doc = &state.doc;
    let position = format!(" {}/{} {}% ", state.cursor + 1, doc.len(), state.percent());
    let time = doc
        .time(state.cursor)
        .map(|ms| {
            format!(
                " {} ",
                format_time(ms, doc.duration().is_some_and(|d| d >= 3_600_000))
            )
        })
        .unwrap_or_default();
    let help = " ? help ";
    let position = match match_count(state) {
        Some(c) => format!("{c}│{position}"),
        None => position,
    };
    if let Some(m) = &state.message {
        let style = if m.kind == MessageKind::Error {
            theme.status_error
        } else {
            theme.status_info
        };
        let avail = w.saturating_sub(width(&position));
        let text = ellipsize(&format!(" {}", visible(&m.text)), avail);
        buf.set_stringn(
            area.x,
            area.y,
            " ".repeat(avail.min(w)),
            avail.min(w),
            style,
        );
        buf.set_stringn(area.x, area.y, &text, avail, style);
        let px = area.x + avail as u16;
        buf.set_stringn(px, area.y, &position, w - avail, theme.status);
        return;
    }
    let topic = state
        .current_topic()
        .and_then(|i| state.outline.topics.get(i))
        .map(|t| t.title.as_str())
        .unwrap_or("");
    // On a bookmark with a note, the note takes the topic's place; while selecting, the count.
    let note = state
        .notes
        .bookmark_at(state.cursor + 1)
        .and_then(|i| state.notes.bookmarks[i].note.as_deref())
        .map(|n| format!("✎ {}", visible(n)));
    let selecting = match state.mode {
        Mode::Visual { .. } => {
            let (a, b) = state.selection();
            Some(format!(
                "-- SELECT {} line(s): h highlight · m bookmark · y copy --",
                b - a + 1
            ))
        }
        _ => None,
    };
    let unsaved = state.notes_error.as_ref().map(|_| "[notes not saved] ");
    let topic_text = selecting.or(note).unwrap_or_else(|| topic.to_string());
    let topic = format!("{}{}", unsaved.unwrap_or(""), visible(&topic_text));
    let topic = topic.as_str();
    // Fixed parts first; the name and the topic share what is left.
    let fixed = width(&position) + width(&time) + width(help);
    let rest = w.saturating_sub(fixed);
    let name_w = width(&doc.name).min(rest / 2).min(30);
    let name = ellipsize(&doc.name, name_w.max(1).min(rest));
    let topic_w = rest.saturating_sub(width(&name) + 2);
    let left = if rest >= 4 {
        format!(
            " {name} │{position}│{time} {} ",
            ellipsize(topic, topic_w.saturating_sub(3))
        )
    } else {
        position.clone()
    };
    buf.set_stringn(area.x, area.y, &left, w, theme.status);
    if w >= width(&left) + width(help) {
        let x = area.x + (w - width(help)) as u16;
        buf.set_stringn(x, area.y, help, width(help), theme.status);
    }
}

/// The search's `k/N` (match k of N; `-` when the cursor is not on a match, `+` while counting).
fn match_count(state: &AppState) -> Option<String> {
    let search = state.search.as_ref()?;
    let n = search.matches.len();
    if n == 0 && search.done {
        return None;
    }
    let k = search
        .current
        .filter(|&i| {
            search
                .matches
                .get(i)
                .is_some_and(|m| m.line as usize == state.cursor)
        })
        .map_or("-".to_string(), |i| (i + 1).to_string());
    let more = if search.done { "" } else { "+" };
    Some(format!(" {k}/{n}{more} "))
}

/// The part of the prompt text to show so the cursor (a byte offset) stays on screen, and the
/// cursor's column in it.
fn prompt_view(text: &str, cursor: usize, w: usize) -> (&str, usize) {
    let cursor = cursor.min(text.len());
    let mut start = 0;
    while width(&text[start..cursor]) >= w.max(1) {
        match text[start..].chars().next() {
            Some(c) => start += c.len_utf8(),
            None => break,
        }
    }
    (&text[start..], width(&text[start..cursor]))
}

/// Where the terminal cursor goes while a prompt is open.
pub fn prompt_cursor(state: &AppState, area: Rect) -> Option<Position> {
    let Mode::Prompt(p) = &state.mode else {
        return None;
    };
    let layout = state.layout();
    if layout.too_small {
        return None;
    }
    let text = format!("{}{}", p.kind.sigil(), p.text);
    let (_, col) = prompt_view(&text, p.kind.sigil().len() + p.cursor, area.width as usize);
    Some(Position::new(area.x + col as u16, layout.status.y))
}
