//! The outline pane: topics, the current one marked, the selection when the pane has focus.

use super::put;
use crate::state::{AppState, Focus};
use crate::text::clean::visible;
use crate::text::ellipsize;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

pub fn render(state: &AppState, pane: Rect, buf: &mut Buffer) {
    let theme = &state.settings.theme;
    if pane.width < 2 || pane.height == 0 {
        return;
    }
    let inner_w = (pane.width - 1) as usize;
    // The border faces the transcript: the pane's last column, or its first on the right.
    let right = state.settings.options.outline_side == crate::options::Side::Right;
    let (border_x, x0) = if right {
        (pane.x, pane.x + 1)
    } else {
        (pane.x + pane.width - 1, pane.x)
    };
    for y in pane.y..pane.y + pane.height {
        put(buf, border_x, y, "│", usize::MAX, theme.border);
    }
    let focused = state.view.focus == Focus::Outline;
    let source = match (&state.outline.progress, &state.outline.filter) {
        (Some(p), _) => format!("computing {p}%"),
        (None, Some(f)) => format!(
            "/{f} ({}/{})",
            state.outline.shown.len(),
            state.outline.edited.len()
        ),
        (None, None) => state.outline.edited.source.name().to_string(),
    };
    let header = format!(" {} Outline · {source}", if focused { "▸" } else { " " });
    put(
        buf,
        x0,
        pane.y,
        ellipsize(&header, inner_w),
        inner_w,
        theme.outline_header,
    );
    let current = state.current_topic();
    let list_h = pane.height.saturating_sub(1) as usize;
    let shown = state.outline.shown.iter().copied().skip(state.outline.top);
    for (row, i) in shown.take(list_h).enumerate() {
        let t = &state.outline.edited.topics[i];
        let y = pane.y + 1 + row as u16;
        let marker = if Some(i) == current { "▶ " } else { "  " };
        let indent = "  ".repeat(t.level.saturating_sub(1) as usize);
        let text = format!("{marker}{indent}{}", visible(&t.title));
        // How many bookmarks and highlights the topic holds, at the right edge.
        let end = state
            .topics()
            .topics
            .get(i + 1)
            .map_or(usize::MAX, |n| n.line);
        let count = state.notes.notes.count_in(t.line..end);
        let count = if count > 0 {
            format!(" {count}")
        } else {
            String::new()
        };
        let title_w = inner_w.saturating_sub(count.len());
        let mut style = if Some(i) == current {
            theme.outline_current
        } else {
            theme.outline
        };
        if focused && i == state.outline.sel {
            style = style.patch(theme.outline_selected);
            // The selection bar spans the pane.
            put(buf, x0, y, " ".repeat(inner_w), inner_w, style);
        }
        put(buf, x0, y, ellipsize(&text, title_w), title_w, style);
        if !count.is_empty() {
            let x = x0 + (inner_w - count.len()) as u16;
            put(
                buf,
                x,
                y,
                &count,
                count.len(),
                style.patch(theme.bookmark_mark),
            );
        }
    }
}
