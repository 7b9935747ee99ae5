//! The bookmarks list (`B`): line, time, topic, text and note of each bookmark.

use super::{ellipsize, split_wide_at};
use crate::state::{AppState, format_time};
use crate::transcript::clean::visible;
use crate::update::list_height;
use crate::wrap::width;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub fn render(state: &AppState, area: Rect, buf: &mut Buffer) {
    let theme = &state.theme;
    let w = area.width.saturating_sub(2).min(120);
    let h = area.height.saturating_sub(2);
    if w < 20 || h < 4 {
        return;
    }
    let rect = Rect::new(
        area.x + (area.width - w) / 2,
        area.y + 1,
        w,
        h.min(area.height - 2),
    );
    split_wide_at(buf, rect);
    Clear.render(rect, buf);
    let shown = state.list_shown();
    let filter = state
        .list_filter
        .as_deref()
        .map(|f| format!(" · /{}", visible(f)))
        .unwrap_or_default();
    let title = format!(
        " Bookmarks {}/{}{filter} · Enter jump · d delete · a note · / filter · Esc ",
        shown.len(),
        state.notes.bookmarks.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(ellipsize(&title, w as usize - 2));
    let inner = block.inner(rect);
    block.render(rect, buf);
    if shown.is_empty() {
        let msg = if state.notes.bookmarks.is_empty() {
            "No bookmarks yet: m bookmarks the cursor line, a writes a note on it."
        } else {
            "No bookmark matches the filter."
        };
        buf.set_stringn(
            inner.x + 1,
            inner.y,
            msg,
            inner.width.saturating_sub(1) as usize,
            theme.help,
        );
        return;
    }
    let hours = state.doc.duration().is_some_and(|d| d >= 3_600_000);
    let num_w = crate::state::digits(state.doc.len());
    let rows = list_height(state).min(inner.height as usize);
    let iw = inner.width as usize;
    for (row, &i) in shown.iter().skip(state.list_top).take(rows).enumerate() {
        let b = &state.notes.bookmarks[i];
        let line = b.line.clamp(1, state.doc.len());
        let time = state
            .doc
            .time(line - 1)
            .map(|ms| format_time(ms, hours))
            .unwrap_or_default();
        let topic = state
            .outline
            .topic_at(line - 1)
            .and_then(|t| state.outline.topics.get(t))
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
        let rest = iw.saturating_sub(width(&head));
        let body = format!("{}{note}", state.doc.line(line - 1));
        let text = format!("{head}{}", ellipsize(&body, rest));
        let selected = state.list_top + row == state.list_sel;
        let style = if selected {
            theme.outline_selected
        } else {
            theme.help
        };
        let y = inner.y + row as u16;
        if selected {
            buf.set_stringn(inner.x, y, " ".repeat(iw), iw, style);
        }
        buf.set_stringn(inner.x, y, &text, iw, style);
    }
}
