//! The transcript pane: gutter (line numbers, times) and wrapped text. Only visible lines are
//! touched, so a frame costs the same for a 10-line and a 1,000,000-line document.

use crate::notes::Color;
use crate::state::{AppState, Layout, Mode, format_time};
use crate::ui::theme::Theme;
use crate::wrap;
use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};
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
        let bookmark = state.notes.bookmark_at(line + 1).is_some();
        let highlight = state
            .notes
            .highlight_at(line + 1)
            .map(|i| state.notes.highlights[i].color);
        let selected = matches!(state.mode, Mode::Visual { .. }) && {
            let (a, b) = state.selection();
            (a..=b).contains(&line)
        };
        // The line's background: bookmark, then highlight, then selection; the cursor on top
        // (reversed on a highlight, so its colour still shows).
        let mut tstyle = theme.text;
        if bookmark {
            tstyle = tstyle.patch(theme.bookmark_line);
        }
        if let Some(c) = highlight {
            tstyle = tstyle.patch(highlight_style(theme, c));
        }
        if selected {
            tstyle = tstyle.patch(theme.selection);
        }
        if is_cursor {
            tstyle = match highlight {
                Some(_) => tstyle.add_modifier(Modifier::REVERSED),
                None => tstyle.patch(theme.cursor_line),
            };
        }
        let gstyle = if is_cursor {
            theme.cursor_gutter
        } else {
            theme.gutter
        };
        let fill = is_cursor || bookmark || highlight.is_some() || selected;
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
            if fill {
                for x in gutter.x..text.x + text.width {
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_style(if x < text.x { gstyle } else { tstyle });
                    }
                }
            }
            // The mark column: `*` for a bookmark, the highlight's colour.
            if gutter.width > 0 {
                let mut style = gstyle;
                if let Some(c) = highlight {
                    style = style.patch(highlight_style(theme, c));
                }
                let (mark, style) = match (row_index == 0 && bookmark, highlight) {
                    (true, _) => ("*", style.patch(theme.bookmark_mark)),
                    (false, Some(c)) if no_color(theme) => (&c.name()[..1], style),
                    _ => (" ", style),
                };
                buf.set_stringn(gutter.x, y, mark, 1, style);
            }
            if row_index == 0 {
                let mut x = gutter.x + 1;
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

/// The style of a highlight of colour `c`.
pub fn highlight_style(theme: &Theme, c: Color) -> Style {
    let i = Color::ALL.iter().position(|&x| x == c).unwrap_or(0);
    theme.highlights[i]
}

/// Whether the theme has no colours (`NO_COLOR`): then marks spell out what colour hides.
fn no_color(theme: &Theme) -> bool {
    theme.highlights[0].bg.is_none()
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
