//! The viewport in `update`: moving the cursor, scrolling, jumps, the mouse, resizing.

use super::info;
use super::outline::sync_outline;
use crate::state::{AppState, RowPos};

/// Where a jump puts its target line on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Placement {
    /// Scroll as little as needed.
    Keep,
    /// At the top (topics: start reading there).
    Top,
    /// In the middle, if it was off screen (line jumps, as vim does).
    Center,
}

/// A jump the jump list remembers (`Ctrl-o` comes back here).
pub(super) fn jump(state: &mut AppState, line: usize, placement: Placement) {
    let from = state.view.cursor;
    if line.min(state.doc.len() - 1) != from {
        state.view.jumps.push(from);
    }
    jump_to(state, line, placement);
}

/// Moves the cursor to `line`, scrolling as `placement` says.
pub(super) fn jump_to(state: &mut AppState, line: usize, placement: Placement) {
    let line = line.min(state.doc.len() - 1);
    let was_visible = is_visible(state, line);
    state.view.cursor = line;
    match placement {
        Placement::Top => {
            let start = state.line_start(line);
            set_top(state, start);
        }
        Placement::Center if !was_visible => {
            let (_, h) = state.text_size();
            let to = state.retreat(state.line_start(line), h / 2);
            set_top(state, to);
        }
        Placement::Keep | Placement::Center => {}
    }
    clamp_top(state);
    ensure_cursor_visible(state);
    sync_outline(state);
}

/// In a line taller than the screen (the cursor's), scrolls to the row holding byte `offset` of
/// it, `above` rows below the top.
pub(super) fn show_offset(state: &mut AppState, line: usize, offset: usize, above: usize) {
    let (_, h) = state.text_size();
    if state.view.cursor != line {
        return;
    }
    // A line that fits on the screen is already shown whole.
    let (start, end) = state.line_span(line);
    if start.0 == end.0 && end.1 - start.1 < h {
        return;
    }
    let text = state.block_text(start.0);
    let at = state.line_in_block(line, &text).start + offset;
    // From the nearest kept row start: a 10 MB line is not wrapped whole for each match.
    let found = state.row_of_offset(start.0, at);
    state.view.top = start.0;
    state.view.top_row = found.saturating_sub(above);
    clamp_top(state);
}

/// `Ctrl-o` / `Ctrl-n`: back and forward in the jump list.
pub(super) fn jump_back(state: &mut AppState) {
    match state.view.jumps.back(state.view.cursor) {
        Some(line) => jump_to(state, line, Placement::Center),
        None => info(state, "no earlier jump"),
    }
}

pub(super) fn jump_forward(state: &mut AppState) {
    match state.view.jumps.forward() {
        Some(line) => jump_to(state, line, Placement::Center),
        None => info(state, "no later jump"),
    }
}

/// `G`: the last line, and the very end of it even when it is taller than the screen.
pub(super) fn bottom(state: &mut AppState) {
    jump(state, state.doc.len() - 1, Placement::Keep);
    let end = state.max_top();
    set_top(state, end);
}

fn set_top(state: &mut AppState, (top, row): RowPos) {
    state.view.top = top;
    state.view.top_row = row;
}

fn top_pos(state: &AppState) -> RowPos {
    (state.view.top, state.view.top_row)
}

/// Whether any row of `line` is on screen.
fn is_visible(state: &AppState, line: usize) -> bool {
    let (start, end) = state.line_span(line);
    end >= top_pos(state) && start <= state.bottom_pos()
}

/// `j`/`k` with a count: `delta` lines down (up). One line at a time scrolls through a line taller
/// than the screen; more go straight to the line.
pub(super) fn move_lines(state: &mut AppState, delta: isize) {
    match delta {
        1 => line_down(state),
        -1 => line_up(state),
        _ => {
            let last = state.doc.len() - 1;
            state.view.cursor = state.view.cursor.saturating_add_signed(delta).min(last);
            ensure_cursor_visible(state);
            sync_outline(state);
        }
    }
}

/// `Ctrl-e` / `Ctrl-y` (and `Enter`, `e`): scrolls the view, keeping the cursor line on screen.
pub(super) fn scroll_lines(state: &mut AppState, delta: isize) {
    scroll_rows(state, delta);
}

/// `←` / `→` with wrapping off: scrolls the text sideways, 8 cells a step.
pub(super) fn scroll_sideways(state: &mut AppState, steps: isize) {
    if state.settings.options.wrap {
        info(state, "wrapping is on: w turns it off to scroll sideways");
        return;
    }
    let step = 8isize.saturating_mul(steps);
    state.view.left = state.view.left.saturating_add_signed(step).min(1 << 24);
}

/// `w`: wrapping on or off. The cursor line stays where it was on screen.
pub(super) fn toggle_wrap(state: &mut AppState) {
    let wrap = !state.settings.options.wrap;
    state.settings.options.wrap = wrap;
    let left_paragraphs = !wrap && state.view.paragraphs.is_some();
    if left_paragraphs {
        // Paragraphs are wrapped text: without wrapping, a line a row.
        state.set_paragraphs(false);
    }
    state.view.left = 0;
    state.view.top_row = 0;
    state.relayout();
    clamp_top(state);
    ensure_cursor_visible(state);
    info(
        state,
        if wrap {
            "wrapping on"
        } else if left_paragraphs {
            "wrapping off, so the line view: ← → scroll sideways"
        } else {
            "wrapping off: ← → scroll sideways"
        },
    );
}

/// `P`: the paragraph view on or off; the cursor line stays where it was on screen.
pub(super) fn toggle_paragraphs(state: &mut AppState) {
    let on = state.view.paragraphs.is_none();
    if on && !state.settings.options.wrap {
        info(state, "the paragraph view needs wrapping: w turns it on");
        return;
    }
    state.set_paragraphs(on);
    state.settings.options.paragraphs = on;
    clamp_top(state);
    ensure_cursor_visible(state);
    sync_outline(state);
    info(
        state,
        if on {
            "paragraph view (P: one line a row)"
        } else {
            "one line a row (P: paragraphs)"
        },
    );
}

/// `#`: the line numbers and times on or off.
pub(super) fn toggle_line_numbers(state: &mut AppState) {
    let options = &mut state.settings.options;
    let on = !(options.line_numbers || options.times);
    options.line_numbers = on;
    options.times = on;
    state.relayout();
    clamp_top(state);
    ensure_cursor_visible(state);
}

pub(super) fn line_down(state: &mut AppState) {
    let (_, h) = state.text_size();
    let cursor = state.view.cursor;
    // A line taller than the rest of the screen scrolls by rows before the cursor leaves it.
    let (start, end) = state.line_span(cursor);
    let bottom = state.bottom_pos();
    if start <= bottom && end > bottom && h > 0 {
        scroll_rows(state, 1);
        return;
    }
    if cursor + 1 < state.doc.len() {
        state.view.cursor += 1;
    }
    ensure_cursor_visible(state);
    sync_outline(state);
}

pub(super) fn line_up(state: &mut AppState) {
    // The cursor line starts above the screen: scroll back a row before leaving it.
    let (start, end) = state.line_span(state.view.cursor);
    let top = top_pos(state);
    if start < top && end >= top {
        let to = state.retreat(top, 1);
        set_top(state, to);
        return;
    }
    state.view.cursor = state.view.cursor.saturating_sub(1);
    ensure_cursor_visible(state);
    sync_outline(state);
}

pub(super) fn half_page(state: &mut AppState, down: bool) {
    let (_, h) = state.text_size();
    let n = (h / 2).max(1);
    let from = state.line_start(state.view.cursor);
    let pos = if down {
        state.advance(from, n)
    } else {
        state.retreat(from, n)
    };
    scroll_rows(state, if down { n as isize } else { -(n as isize) });
    state.view.cursor = state.line_at(pos);
    ensure_cursor_visible(state);
    sync_outline(state);
}

pub(super) fn page(state: &mut AppState, down: bool) {
    let (_, h) = state.text_size();
    let before = (state.view.top, state.view.top_row);
    let n = h.max(1) as isize;
    scroll_rows(state, if down { n } else { -n });
    if (state.view.top, state.view.top_row) == before {
        // Already at the end: a further page takes the cursor to the last (first) line.
        state.view.cursor = if down { state.doc.len() - 1 } else { 0 };
        ensure_cursor_visible(state);
        sync_outline(state);
    }
}

/// Scrolls the view by `delta` rows (clamped to the document), then brings the cursor into view.
pub(super) fn scroll_rows(state: &mut AppState, delta: isize) {
    let pos = (state.view.top, state.view.top_row);
    let to = if delta >= 0 {
        state.advance(pos, delta as usize)
    } else {
        state.retreat(pos, delta.unsigned_abs())
    };
    set_top(state, to);
    clamp_top(state);
    cursor_into_view(state);
    sync_outline(state);
}

/// Keeps the view from scrolling past the end (the last row stays on the bottom row or below).
pub(super) fn clamp_top(state: &mut AppState) {
    if state.view.top >= state.blocks() {
        set_top(state, (state.blocks() - 1, 0));
    }
    let max: RowPos = state.max_top();
    if (state.view.top, state.view.top_row) > max {
        set_top(state, max);
    }
    let rows = state.rows(state.view.top);
    if state.view.top_row >= rows {
        state.view.top_row = rows - 1;
    }
}

/// After the view scrolled: moves the cursor to the nearest line on screen.
fn cursor_into_view(state: &mut AppState) {
    let top = top_pos(state);
    let bottom = state.bottom_pos();
    let (start, _) = state.line_span(state.view.cursor);
    if start < top {
        // The first line that starts on screen, else the one the screen starts in.
        let l = state.line_at(top);
        let next_on_screen = l + 1 < state.doc.len() && state.line_start(l + 1) <= bottom;
        state.view.cursor = if state.line_start(l) < top && next_on_screen {
            l + 1
        } else {
            l
        };
    } else if start > bottom {
        // The last line that starts on screen, unless it is cut and another is whole.
        let first = state.line_at(top);
        let mut l = state.line_at(bottom);
        if l > first && state.line_span(l).1 > bottom {
            l -= 1;
        }
        state.view.cursor = l.max(first);
    }
}

/// Rows from `a` to `b` inclusive (b after a), counting at most `cap`.
fn rows_through(state: &AppState, a: RowPos, b: RowPos, cap: usize) -> usize {
    if a.0 == b.0 {
        return b.1.saturating_sub(a.1) + 1;
    }
    let mut n = state.rows(a.0) - a.1;
    for block in a.0 + 1..b.0 {
        if n > cap {
            return n;
        }
        n += state.rows(block);
    }
    n + b.1 + 1
}

/// Scrolls as little as needed so that the cursor line is on screen (all of it if it fits).
pub fn ensure_cursor_visible(state: &mut AppState) {
    let (_, h) = state.text_size();
    if h == 0 {
        return;
    }
    state.view.cursor = state.view.cursor.min(state.doc.len() - 1);
    // The pane's width may have changed (the outline shown or hidden) since the top row was
    // set: a long line or paragraph may now take fewer rows than the row the view starts at.
    let rows = state.rows(state.view.top);
    if state.view.top_row >= rows {
        state.view.top_row = rows.saturating_sub(1);
    }
    let (start, end) = state.line_span(state.view.cursor);
    let top = top_pos(state);
    let tall = rows_through(state, start, end, h) > h;
    if start < top {
        // Within a line taller than the screen, scrolled into it: stay.
        if tall && end >= top {
            return;
        }
        set_top(state, start);
        return;
    }
    if start == top || rows_through(state, top, end, h) <= h {
        return;
    }
    if tall {
        set_top(state, start);
        return;
    }
    // Put the cursor line's last row on the bottom row.
    let to = state.retreat(end, h - 1);
    set_top(state, to);
}

/// The terminal is now `w`×`h`.
pub(super) fn resize(state: &mut AppState, w: u16, h: u16) {
    state.view.size = (w, h);
    state.relayout();
    if !state.outline_visible() {
        super::outline::leave(state);
    }
    clamp_top(state);
    ensure_cursor_visible(state);
    sync_outline(state);
    super::list::keep_sel_in_view(state);
}

/// The mouse wheel over a pane: scrolls it (3 rows a notch).
pub(super) fn scroll_at(state: &mut AppState, col: u16, row: u16, delta: i16) {
    let layout = state.layout();
    let step = delta as isize * 3;
    if layout
        .outline
        .is_some_and(|r| r.contains((col, row).into()))
    {
        super::outline::scroll_list(state, step);
    } else if row < layout.status.y {
        scroll_rows(state, step);
    }
}

/// A click: on a topic jumps to it, on a transcript line puts the cursor there.
pub(super) fn click_at(state: &mut AppState, col: u16, row: u16) {
    let layout = state.layout();
    if let Some(list) = layout.outline_list
        && list.contains((col, row).into())
    {
        super::outline::click(state, (row - list.y) as usize);
        return;
    }
    let pane = ratatui::layout::Rect {
        x: layout.gutter.x,
        width: layout.gutter.width + layout.text.width,
        ..layout.text
    };
    if pane.contains((col, row).into())
        && let Some(pos) = state.pos_at_row((row - pane.y) as usize)
    {
        let line = state.line_at_col(pos, col.saturating_sub(layout.text.x) as usize);
        super::outline::leave(state);
        state.view.cursor = line;
        ensure_cursor_visible(state);
        sync_outline(state);
    }
}
