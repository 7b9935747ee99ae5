//! The bookmarks list (`B`): line, time, topic, text and note of each bookmark.

use super::put;
use super::split_wide_at;
use crate::state::{AppState, BookmarkList, Layout};
use crate::text::clean::visible;
use crate::text::{ellipsize, format_time};
use crate::wrap::width;
use ratatui::buffer::Buffer;
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub fn render(state: &AppState, list: &BookmarkList, layout: &Layout, buf: &mut Buffer) {
    let theme = &state.settings.theme;
    let rect = layout.list;
    let w = rect.width;
    if w < 10 || rect.height < 3 {
        return;
    }
    split_wide_at(buf, rect);
    Clear.render(rect, buf);
    let shown = list.shown(&state.notes.notes);
    let filter = list
        .filter
        .as_deref()
        .map(|f| format!(" · /{}", visible(f)))
        .unwrap_or_default();
    let title = format!(
        " Bookmarks {}/{}{filter} · Enter jump · d delete · a note · / filter · Esc ",
        shown.len(),
        state.notes.notes.bookmarks.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(ellipsize(&title, w as usize - 2));
    let inner = block.inner(rect);
    block.render(rect, buf);
    if shown.is_empty() {
        let msg = if state.notes.notes.bookmarks.is_empty() {
            "No bookmarks yet: m bookmarks the cursor line, a writes a note on it."
        } else {
            "No bookmark matches the filter."
        };
        put(
            buf,
            inner.x + 1,
            inner.y,
            msg,
            inner.width.saturating_sub(1) as usize,
            theme.help,
        );
        return;
    }
    let hours = state.doc.hours();
    let num_w = crate::text::digits(state.doc.len());
    let rows = layout.list_rows.min(inner.height as usize);
    let iw = inner.width as usize;
    for (row, &i) in shown.iter().skip(list.top).take(rows).enumerate() {
        let b = &state.notes.notes.bookmarks[i];
        // Past the end (its text was not found again): shown at its own line, 1-based.
        let line = b.line.saturating_add(1);
        let time = state
            .doc
            .time(b.line)
            .map(|ms| format_time(ms, hours))
            .unwrap_or_default();
        let topic = state
            .topics()
            .topic_at(b.line.min(state.doc.len().saturating_sub(1)))
            .and_then(|t| state.outline.edited.topics.get(t))
            .map_or("", |t| t.title.as_str());
        let note = b
            .note
            .as_deref()
            .map(|n| format!("  ✎ {}", visible(n)))
            .unwrap_or_default();
        let head = format!(
            " {line:>num_w$} {time:>5}  {}  ",
            ellipsize(&visible(topic), 18)
        );
        let room = iw.saturating_sub(width(&head));
        let said = if b.line < state.doc.len() {
            state.doc.line(b.line)
        } else {
            b.text.as_str()
        };
        let body = format!("{}{note}", visible(said));
        let text = format!("{head}{}", ellipsize(&body, room));
        let selected = list.top + row == list.sel;
        let style = if selected {
            theme.outline_selected
        } else {
            theme.help
        };
        let y = inner.y + row as u16;
        if selected {
            put(buf, inner.x, y, " ".repeat(iw), iw, style);
        }
        put(buf, inner.x, y, &text, iw, style);
    }
}
