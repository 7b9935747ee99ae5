//! The transcript pane: gutter (line numbers, times) and wrapped text. Only visible lines are
//! touched, so a frame costs the same for a 10-line and a 1,000,000-line document.

use super::put;
use crate::notes::Color;
use crate::state::{AppState, Layout, Mode};
use crate::text::format_time;
use crate::theme::Theme;
use crate::wrap;
use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};
use std::ops::Range;

/// How a line looks: its text's style, its gutter's, and what marks it carries.
struct Look {
    text: Style,
    gutter: Style,
    /// Anything that colours the whole row (the cursor, a bookmark, a highlight, a selection).
    fill: bool,
    cursor: bool,
    bookmark: bool,
    highlight: Option<Color>,
    selected: bool,
    /// The line being spoken while the recording plays.
    spoken: bool,
}

fn look(state: &AppState, line: usize) -> Look {
    let theme = &state.settings.theme;
    let notes = &state.notes.notes;
    let cursor = line == state.view.cursor;
    let bookmark = notes.bookmark_at(line).is_some();
    let highlight = notes.highlight_at(line).map(|i| notes.highlights[i].color);
    let selected = matches!(state.mode, Mode::Visual { .. }) && {
        let (a, b) = state.selection();
        (a..=b).contains(&line)
    };
    // The line's background: bookmark, then highlight, then selection; the cursor on top
    // (reversed on a highlight, so its colour still shows).
    let mut text = theme.text;
    if bookmark {
        text = text.patch(theme.bookmark_line);
    }
    if let Some(c) = highlight {
        text = text.patch(highlight_style(theme, c));
    }
    if selected {
        text = text.patch(theme.selection);
    }
    if cursor {
        text = match highlight {
            Some(_) => text.add_modifier(Modifier::REVERSED),
            None => text.patch(theme.cursor_line),
        };
    }
    // The line being spoken: its own colour (over the cursor's, not over a highlight's) and `▶`
    // in the mark column.
    let spoken = state.player.spoken_line() == Some(line);
    if spoken && highlight.is_none() {
        text = text.patch(theme.spoken_line);
    }
    Look {
        text,
        gutter: if cursor {
            theme.cursor_gutter
        } else {
            theme.gutter
        },
        fill: cursor || bookmark || highlight.is_some() || selected || spoken,
        cursor,
        bookmark,
        highlight,
        selected,
        spoken,
    }
}

/// The search's matches in bytes `window` of `line` (only what is on screen is searched here),
/// and the one the cursor is on.
fn matches_in(
    state: &AppState,
    line: usize,
    window: Range<usize>,
) -> (Vec<Range<usize>>, Option<Range<usize>>) {
    let Some(search) = &state.search.current else {
        return (Vec::new(), None);
    };
    let s = state.doc.line(line);
    let found = if window.start == 0 && window.end >= s.len() {
        search.matcher.find_iter(s).collect()
    } else {
        // A part of a long line: searched with a margin, so that a match that starts before
        // the window and ends in it is found as it would be in the whole line.
        let floor = |mut i: usize| {
            while !s.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let lo = floor(window.start.saturating_sub(MATCH_MARGIN));
        let hi = floor((window.end + MATCH_MARGIN).min(s.len()));
        search
            .matcher
            .find_iter(&s[lo..hi])
            .map(|m| m.start + lo..m.end + lo)
            .filter(|m| m.end > window.start && m.start < window.end)
            .collect()
    };
    let current = search
        .current
        .and_then(|i| search.matches.get(i))
        .filter(|m| m.line as usize == line && line == state.view.cursor)
        .map(super::super::search::Match::range);
    (found, current)
}

/// Bytes searched on each side of the part of a long line on screen: a match longer than this
/// that starts before the screen is not highlighted on it.
const MATCH_MARGIN: usize = 1024;

/// The mark column: `*` for a bookmark, the highlight's colour (its initial without colour), `|`
/// for a selected line without colour.
fn mark(buf: &mut Buffer, theme: &Theme, x: u16, y: u16, look: &Look, first_row: bool) {
    let mut style = look.gutter;
    if let Some(c) = look.highlight {
        style = style.patch(highlight_style(theme, c));
    }
    let (mark, style) = match (first_row && look.bookmark, look.highlight) {
        _ if first_row && look.spoken => ("▶", style.patch(theme.spoken_mark)),
        (true, _) => ("*", style.patch(theme.bookmark_mark)),
        (false, Some(c)) if no_color(theme) => (colour_mark(c.name()), style),
        (false, None) if look.selected && no_color(theme) => ("|", style),
        _ => (" ", style),
    };
    put(buf, x, y, mark, 1, style);
}

/// A highlight colour's mark without colour: its initial, but `u` for purple (pink has `p`).
fn colour_mark(name: &str) -> &str {
    match name {
        "purple" => "u",
        _ => name.get(..1).unwrap_or(" "),
    }
}

/// The line number and start time of `line` in the gutter, from `x`.
fn numbers(state: &AppState, layout: &Layout, buf: &mut Buffer, y: u16, line: usize, look: &Look) {
    let theme = &state.settings.theme;
    let mut x = layout.gutter.x + 1;
    if layout.number_width > 0 {
        let n = format!("{:>w$} ", line + 1, w = layout.number_width as usize);
        put(buf, x, y, &n, n.len(), look.gutter);
        x += n.len() as u16;
    }
    if layout.time_width > 0
        && let Some(ms) = state.doc.time(line)
    {
        let t = format!(
            "{:>w$} ",
            format_time(ms, state.doc.hours()),
            w = layout.time_width as usize
        );
        let style = if look.cursor {
            theme.cursor_gutter
        } else {
            theme.time
        };
        put(buf, x, y, &t, t.len(), style);
    }
}

/// Styles the cells of `part` (byte offsets in `text`) on a row that shows `row` of `text`.
fn style_span(
    buf: &mut Buffer,
    area: ratatui::layout::Rect,
    y: u16,
    text: &str,
    row: &Range<usize>,
    part: &Range<usize>,
    style: Style,
) {
    let (start, end) = (part.start.max(row.start), part.end.min(row.end));
    if start >= end {
        return;
    }
    // Byte offsets → cells: the width of what comes before, and of the span.
    let x0 = wrap::width(&text[row.start..start]);
    let w = wrap::width(&text[start..end]);
    for x in x0..(x0 + w).min(area.width as usize) {
        if let Some(cell) = buf.cell_mut((area.x + x as u16, y)) {
            cell.set_style(style);
        }
    }
}

pub fn render(state: &AppState, layout: &Layout, buf: &mut Buffer) {
    if layout.text.height == 0 {
        return;
    }
    if state.view.paragraphs.is_some() {
        render_paragraphs(state, layout, buf);
    } else {
        render_lines(state, layout, buf);
    }
}

/// The line view: a line a block, its rows under its number.
fn render_lines(state: &AppState, layout: &Layout, buf: &mut Buffer) {
    let theme = &state.settings.theme;
    let text = layout.text;
    let gutter = layout.gutter;
    let width = (text.width as usize).max(1);
    let mut y = text.y;
    let bottom = text.y + text.height;
    let mut line = state.view.top;
    let mut skip = state.view.top_row;
    while y < bottom && line < state.doc.len() {
        let s = state.doc.line(line);
        let look = look(state, line);
        let wrap_on = state.settings.options.wrap;
        let left = if wrap_on { 0 } else { state.view.left };
        let cut = !wrap_on && wrap::width(s) > left + width;
        // In a long line, wrapping starts at a kept row start near the first row shown.
        let (mut row_index, from) = if wrap_on && skip > 0 {
            state.row_start_before(line, skip)
        } else {
            (0, 0)
        };
        let mut shown = Vec::new();
        let room = usize::from(bottom - y);
        for_each_row(wrap_on, s, left, width, from, |range| {
            if row_index >= skip {
                shown.push((row_index, range));
            }
            row_index += 1;
            shown.len() < room
        });
        let window = match (shown.first(), shown.last()) {
            (Some(a), Some(b)) => a.1.start..b.1.end,
            _ => 0..0,
        };
        let (found, current) = matches_in(state, line, window);
        for (row_index, range) in shown {
            if look.fill {
                for x in gutter.x..text.x + text.width {
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_style(if x < text.x { look.gutter } else { look.text });
                    }
                }
            }
            if gutter.width > 0 {
                mark(buf, theme, gutter.x, y, &look, row_index == 0);
            }
            if row_index == 0 {
                numbers(state, layout, buf, y, line, &look);
            }
            let row = s[range.clone()].trim_end_matches(' ');
            put(buf, text.x, y, row, width, look.text);
            for m in &found {
                let style = if current.as_ref() == Some(m) {
                    theme.search_current
                } else {
                    theme.search_match
                };
                style_span(buf, text, y, s, &range, m, style);
            }
            if cut {
                put(
                    buf,
                    text.x + text.width - 1,
                    y,
                    "…",
                    usize::MAX,
                    look.gutter,
                );
            }
            y += 1;
        }
        skip = 0;
        line += 1;
    }
}

/// The paragraph view: caption lines joined into flowing text, each paragraph's first line's
/// number and time in the gutter; the cursor line, bookmarks, highlights, the selection and
/// matches are spans inside the flow.
fn render_paragraphs(state: &AppState, layout: &Layout, buf: &mut Buffer) {
    let theme = &state.settings.theme;
    let area = layout.text;
    let gutter = layout.gutter;
    let width = (area.width as usize).max(1);
    let mut y = area.y;
    let bottom = area.y + area.height;
    let mut block = state.view.top;
    let mut skip = state.view.top_row;
    while y < bottom && block < state.blocks() {
        let lines = state.block_lines(block);
        let joined = state.block_text(block);
        let text = joined.text();
        let spans: Vec<(usize, Range<usize>, Look)> = lines
            .clone()
            .map(|l| (l, state.line_in_block(l, &joined), look(state, l)))
            .collect();
        let found: Vec<(Range<usize>, bool)> = spans
            .iter()
            .flat_map(|(l, span, _)| {
                let (found, current) = matches_in(state, *l, 0..usize::MAX);
                found.into_iter().map(move |m| {
                    let is_current = current.as_ref() == Some(&m);
                    (span.start + m.start..span.start + m.end, is_current)
                })
            })
            .collect();
        for (i, row) in state.block_rows(text).into_iter().enumerate().skip(skip) {
            if y >= bottom {
                break;
            }
            put(
                buf,
                area.x,
                y,
                text[row.clone()].trim_end_matches(' '),
                width,
                theme.text,
            );
            // Each line's span on this row, in its own look; the gutter takes the look of the
            // lines the row holds (the cursor's first).
            let on_row: Vec<&(usize, Range<usize>, Look)> = spans
                .iter()
                .filter(|(_, span, _)| {
                    span.start < row.end.max(row.start + 1)
                        && span.end.max(span.start + 1) > row.start
                })
                .collect();
            for (_, span, look) in &on_row {
                if look.fill {
                    style_span(buf, area, y, text, &row, span, look.text);
                }
            }
            let lead = on_row
                .iter()
                .find(|(_, _, l)| l.cursor)
                .or_else(|| on_row.iter().find(|(_, span, _)| span.start >= row.start))
                .or(on_row.first());
            if let Some((_, _, look)) = lead {
                for x in gutter.x..area.x {
                    if let Some(cell) = buf.cell_mut((x, y)) {
                        cell.set_style(look.gutter);
                    }
                }
                // The spoken line's `▶`, else a bookmark's `*`, on the row where its line starts.
                let starts = |span: &Range<usize>| {
                    span.start >= row.start && span.start < row.end.max(row.start + 1)
                };
                let starts_here = on_row
                    .iter()
                    .find(|(_, span, l)| l.spoken && starts(span))
                    .or_else(|| {
                        on_row
                            .iter()
                            .find(|(_, span, l)| l.bookmark && starts(span))
                    });
                let mark_look: &Look = starts_here.map_or(look, |(_, _, l)| l);
                if gutter.width > 0 {
                    mark(buf, theme, gutter.x, y, mark_look, starts_here.is_some());
                }
            }
            if i == 0 {
                let first = lines.start;
                numbers(state, layout, buf, y, first, &look(state, first));
            }
            for (m, is_current) in &found {
                let style = if *is_current {
                    theme.search_current
                } else {
                    theme.search_match
                };
                style_span(buf, area, y, text, &row, m, style);
            }
            y += 1;
        }
        skip = 0;
        block += 1;
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

/// Calls `f` with the rows of `line`: wrapped at `width` from the row that starts at byte `from`
/// (see [`wrap::rows_from`]), or, with wrapping off, one row from `left` cells in, cut to leave
/// the last cell for the `…` that says the line goes on.
fn for_each_row(
    wrap_on: bool,
    line: &str,
    left: usize,
    width: usize,
    from: usize,
    mut f: impl FnMut(Range<usize>) -> bool,
) {
    if wrap_on {
        wrap::rows_from(line, width, from, f);
        return;
    }
    // Skip `left` cells; a wide character cut by the edge is skipped whole.
    let start = crate::text::truncate(line, left).len();
    let start = if wrap::width(&line[..start]) < left {
        line[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        start
    };
    let rest = &line[start..];
    if wrap::width(rest) > width {
        f(start..start + crate::text::truncate(rest, width.saturating_sub(1)).len());
    } else {
        f(start..line.len());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_highlight_colour_has_its_own_mark_without_colour() {
        let marks: Vec<&str> = ["yellow", "green", "blue", "pink", "purple"]
            .into_iter()
            .map(super::colour_mark)
            .collect();
        assert_eq!(marks, ["y", "g", "b", "p", "u"]);
    }
}
