//! The help overlay: the rows the state built (every key as bound, grouped, wrapped to the
//! overlay), scrolled, with the rows holding the help's search marked.

use super::put;
use crate::state::{AppState, HelpView, Layout, RowKind};
use crate::wrap::width;
use ratatui::buffer::Buffer;
use ratatui::widgets::{Block, Borders, Clear, Widget};

pub fn render(state: &AppState, help: &HelpView, layout: &Layout, buf: &mut Buffer) {
    let rect = layout.help;
    if rect.width < 10 || rect.height < 3 {
        return;
    }
    let theme = &state.settings.theme;
    super::split_wide_at(buf, rect);
    Clear.render(rect, buf);
    let rows_h = layout.help_rows;
    let max_scroll = help.rows.len().saturating_sub(rows_h);
    let scroll = help.scroll.min(max_scroll);
    let title = format!(
        " lector help — {}/{} · / search · q closes ",
        scroll + 1,
        max_scroll + 1
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(crate::text::ellipsize(
            &title,
            rect.width.saturating_sub(2) as usize,
        ));
    let inner = block.inner(rect);
    block.render(rect, buf);
    let iw = inner.width as usize;
    let kw = help.key_width;
    for (i, row) in help.rows.iter().skip(scroll).take(rows_h).enumerate() {
        let y = inner.y + i as u16;
        let found = help.query.as_deref().is_some_and(|q| row.contains(q));
        let mark = if found {
            theme.search_match
        } else {
            theme.help
        };
        match row.kind {
            RowKind::Heading => {
                put(buf, inner.x, y, &row.text, iw, theme.help_heading);
            }
            RowKind::Blank => {}
            RowKind::Text | RowKind::Entry => {
                let key = format!(" {:<kw$} ", row.key);
                put(buf, inner.x, y, &key, iw, theme.help_key);
                let x = inner.x + width(&key).min(iw) as u16;
                let left = iw.saturating_sub(width(&key));
                put(buf, x, y, &row.text, left, theme.help);
                if found {
                    for cx in inner.x..inner.x + inner.width {
                        if let Some(cell) = buf.cell_mut((cx, y)) {
                            cell.set_style(mark);
                        }
                    }
                }
            }
        }
    }
}
