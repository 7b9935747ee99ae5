//! The status bar (file, position, time, topic, `? help`), a message, or the open prompt.

use super::put;
use crate::state::{AppState, Layout, MessageKind, Mode, Prompt, PromptKind};
use crate::text::clean::visible;
use crate::text::{ellipsize, format_time};
use crate::wrap::width;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

pub fn render(state: &AppState, area: Rect, buf: &mut Buffer) {
    let theme = &state.settings.theme;
    if area.height == 0 || area.width == 0 {
        return;
    }
    let w = area.width as usize;
    if let Mode::Prompt(p) = &state.mode {
        render_prompt(state, p, area, buf);
        return;
    }
    put(buf, area.x, area.y, " ".repeat(w), w, theme.status);
    let doc = &state.doc;
    let position = format!(
        " {}/{} {}% ",
        state.view.cursor + 1,
        doc.len(),
        state.percent()
    );
    // A timed transcript: where the cursor line is in the recording, and how long it is.
    let time = doc
        .time(state.view.cursor)
        .map(|ms| {
            let hours = doc.hours();
            let total = doc
                .duration()
                .map_or(String::new(), |d| format!(" / {}", format_time(d, hours)));
            format!(" {}{total} ", format_time(ms, hours))
        })
        .unwrap_or_default();
    // While the recording plays, where it is instead: `▶ 12:34 / 1:18:01 ×1.5`.
    let time = match state.player.status() {
        Some(playing) => format!(" {playing} "),
        None => time,
    };
    // A count being typed shows where `? help` is, as vim shows it.
    let help = match state.count {
        Some(n) => format!(" {n} "),
        None => " ? help ".to_string(),
    };
    let help = help.as_str();
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
        put(
            buf,
            area.x,
            area.y,
            " ".repeat(avail.min(w)),
            avail.min(w),
            style,
        );
        put(buf, area.x, area.y, &text, avail, style);
        let px = area.x + avail as u16;
        put(buf, px, area.y, &position, w - avail, theme.status);
        return;
    }
    let topic = state
        .current_topic()
        .and_then(|i| state.outline.edited.topics.get(i))
        .map_or("", |t| t.title.as_str());
    // On a bookmark with a note, the note takes the topic's place; while selecting, the count.
    let note = state
        .notes
        .notes
        .bookmark_at(state.view.cursor)
        .and_then(|i| state.notes.notes.bookmarks[i].note.as_deref())
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
    let unsaved = state.notes.error.as_ref().map(|_| "[notes not saved] ");
    let topic_text = selecting.or(note).unwrap_or_else(|| topic.to_string());
    let topic = format!("{}{}", unsaved.unwrap_or(""), visible(&topic_text));
    let topic = topic.as_str();
    // Fixed parts first; the name and the topic share what is left.
    let fixed = width(&position) + width(&time) + width(help);
    let rest = w.saturating_sub(fixed);
    let name_w = width(&doc.name).min(rest / 2);
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
    put(buf, area.x, area.y, &left, w, theme.status);
    if w >= width(&left) + width(help) {
        let x = area.x + (w - width(help)) as u16;
        put(buf, x, area.y, help, width(help), theme.status);
    }
}

/// The search's `k/N` (match k of N; `-` when the cursor is not on a match, `+` while counting).
/// On a line with a match reached without `n` (`161G`), k is that line's first match.
fn match_count(state: &AppState) -> Option<String> {
    let search = state.search.current.as_ref()?;
    let n = search.matches.len();
    if n == 0 && search.done {
        return None;
    }
    let cursor = state.view.cursor;
    let on_cursor = |i: usize| {
        search
            .matches
            .get(i)
            .is_some_and(|m| m.line as usize == cursor)
    };
    let k = search
        .current
        .filter(|&i| on_cursor(i))
        .or_else(|| {
            let i = search
                .matches
                .partition_point(|m| (m.line as usize) < cursor);
            on_cursor(i).then_some(i)
        })
        .map_or("-".to_string(), |i| (i + 1).to_string());
    let more = if search.done { "" } else { "+" };
    Some(format!(" {k}/{n}{more} "))
}

/// How an open prompt is shown in a status bar `w` cells wide: the part of its text that keeps the
/// cursor on screen, the cursor's column, and a search's match count on the right. Drawing the
/// prompt and placing the terminal's cursor both use this, so they always agree.
struct PromptView<'a> {
    /// The sigil and text, from the first character shown.
    shown: &'a str,
    /// Cells the text may take (the count takes the rest).
    text_w: usize,
    /// Where the cursor is, counted from the left edge.
    cursor_col: usize,
    /// ` 3/17 ` on the right, while searching.
    count: Option<String>,
}

impl<'a> PromptView<'a> {
    fn new(state: &AppState, p: &Prompt, text: &'a str, w: usize) -> PromptView<'a> {
        let count = (p.kind.is_search() && !p.text.is_empty())
            .then(|| match_count(state).unwrap_or_else(|| " no match ".to_string()))
            .filter(|c| w > width(c) + 10);
        let text_w = match &count {
            Some(c) => w.saturating_sub(width(c) + 1),
            None => w,
        };
        let cursor = (p.kind.sigil().len() + p.cursor).min(text.len());
        let mut start = 0;
        while width(&text[start..cursor]) >= text_w.max(1) {
            match text[start..].chars().next() {
                Some(c) => start += c.len_utf8(),
                None => break,
            }
        }
        PromptView {
            shown: &text[start..],
            text_w,
            cursor_col: width(&text[start..cursor]),
            count,
        }
    }
}

fn render_prompt(state: &AppState, p: &Prompt, area: Rect, buf: &mut Buffer) {
    let theme = &state.settings.theme;
    let w = area.width as usize;
    let text = format!("{}{}", p.kind.sigil(), p.text);
    put(buf, area.x, area.y, " ".repeat(w), w, theme.prompt);
    // What is typed is shown as typed; a pasted control character would be dropped by the
    // terminal layer, and bidi controls are made visible.
    if text.chars().any(crate::text::clean::is_dirty) {
        let shown = visible(&text);
        put(buf, area.x, area.y, &*shown, w, theme.prompt);
        return;
    }
    if p.kind == PromptKind::SearchBackward && p.text.is_empty() {
        let hint = "  search backward · Enter or ? alone: help";
        put(
            buf,
            area.x + 1,
            area.y,
            hint,
            w.saturating_sub(1),
            theme.gutter,
        );
    }
    let view = PromptView::new(state, p, &text, w);
    if let Some(count) = &view.count {
        let cw = width(count);
        let x = area.x + (w - cw) as u16;
        put(buf, x, area.y, count, cw, theme.status_info);
    }
    put(buf, area.x, area.y, view.shown, view.text_w, theme.prompt);
}

/// Where the terminal cursor goes while a prompt is open.
pub fn prompt_cursor(state: &AppState, layout: &Layout) -> Option<Position> {
    let Mode::Prompt(p) = &state.mode else {
        return None;
    };
    if layout.too_small {
        return None;
    }
    let area = layout.status;
    let text = format!("{}{}", p.kind.sigil(), p.text);
    let view = PromptView::new(state, p, &text, area.width as usize);
    Some(Position::new(area.x + view.cursor_col as u16, area.y))
}
