//! The transcript pane: gutter (line numbers, times) and wrapped text. Only visible lines are
//! touched, so a frame costs the same for a 10-line and a 1,000,000-line document.

use crate::state::{AppState, Layout, format_time};
use crate::wrap;
use ratatui::buffer::Buffer;
use std::ops::Range;

pub fn render(state: &AppState, layout: &Layout, buf: &mut Buffer) {
    let theme = &state.theme;
    let text = layout.text;
    let gutter = layout.gutter;
    if text.height == 0 {
        return;
    }
    let hours = state.doc.duration().is_some_and(|d| d >= 3_600_000);
    let width = (text.width as usize).max(1);
    let mut y = text.y;
    let bottom = text.y + text.height;
    let mut line = state.top;
    let mut skip = state.top_row;
    while y < bottom && line < state.doc.len() {
        let s = state.doc.line(line);
        let is_cursor = line == state.cursor;
        let (tstyle, gstyle) = if is_cursor {
            (theme.text.patch(theme.cursor_line), theme.cursor_gutter)
        } else {
            (theme.text, theme.gutter)
        };
        // Search matches on this line (only visible lines are searched here).
        let found: Vec<std::ops::Range<usize>> = match &state.search {
            Some(search) => search.matcher.find_iter(s).collect(),
            None => Vec::new(),
        };
        let current = state.search.as_ref().and_then(|search| {
            let m = search.matches.get(search.current?)?;
            (m.line as usize == line && line == state.cursor).then(|| m.range())
        });
        let mut row_index = 0;
        let cut = !state.options.wrap && wrap::width(s) > width;
        for_each_row(state.options.wrap, s, width, |range| {
            if row_index < skip {
                row_index += 1;
                return true;
            }
            if y >= bottom {
                return false;
            }
            if is_cursor {
                for x in gutter.x..text.x + text.width {
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_style(if x < text.x { gstyle } else { tstyle });
                    }
                }
            }
            if row_index == 0 {
                let mut x = gutter.x;
                if layout.number_width > 0 {
                    let n = format!("{:>w$} ", line + 1, w = layout.number_width as usize);
                    buf.set_stringn(x, y, &n, n.len(), gstyle);
                    x += n.len() as u16;
                }
                if layout.time_width > 0
                    && let Some(ms) = state.doc.time(line)
                {
                    let t = format!(
                        "{:>w$} ",
                        format_time(ms, hours),
                        w = layout.time_width as usize
                    );
                    let style = if is_cursor {
                        theme.cursor_gutter
                    } else {
                        theme.time
                    };
                    buf.set_stringn(x, y, &t, t.len(), style);
                }
            }
            let row = s[range.clone()].trim_end_matches(' ');
            buf.set_stringn(text.x, y, row, width, tstyle);
            for m in &found {
                let (start, end) = (m.start.max(range.start), m.end.min(range.end));
                if start >= end {
                    continue;
                }
                // Byte offsets → cells: the width of what comes before, and of the match.
                let x0 = wrap::width(&s[range.start..start]);
                let w = wrap::width(&s[start..end]);
                let style = if current.as_ref() == Some(m) {
                    theme.search_current
                } else {
                    theme.search_match
                };
                for x in x0..(x0 + w).min(width) {
                    if let Some(cell) = buf.cell_mut((text.x + x as u16, y)) {
                        cell.set_style(style);
                    }
                }
            }
            if cut {
                buf.set_string(text.x + text.width - 1, y, "…", gstyle);
            }
            row_index += 1;
            y += 1;
            true
        });
        skip = 0;
        line += 1;
    }
}

/// Calls `f` with the rows of `line`: wrapped at `width`, or, with wrapping off, one row cut to
/// leave the last cell for the `…` that says the line goes on.
fn for_each_row(wrap_on: bool, line: &str, width: usize, mut f: impl FnMut(Range<usize>) -> bool) {
    if wrap_on {
        wrap::for_each_row(line, width, f);
    } else if wrap::width(line) > width {
        f(0..super::truncate(line, width.saturating_sub(1)).len());
    } else {
        f(0..line.len());
    }
}
