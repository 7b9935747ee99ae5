//! The view: draws an `AppState` into a frame. It reads the state and never changes it.

pub mod bookmarks;
pub mod help;
pub mod outline;
pub mod status;
pub mod transcript;

use crate::state::{AppState, Layout};
use crate::text::truncate;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// Draws the whole screen, and places the terminal cursor in the prompt when one is open.
pub fn draw(frame: &mut Frame, state: &AppState) {
    let area = frame.area();
    let layout = layout(state, area);
    render_with(state, &layout, area, frame.buffer_mut());
    if let Some(pos) = status::prompt_cursor(state, &layout) {
        frame.set_cursor_position(pos);
    }
}

/// The layout of a frame of `area`: the state's own, unless the terminal changed size since the
/// last resize `update` saw (then the frame's: drawing never goes outside the buffer).
fn layout(state: &AppState, area: Rect) -> Layout {
    if (area.width, area.height) == state.view.size && (area.x, area.y) == (0, 0) {
        state.layout()
    } else {
        state.layout_for((area.width, area.height))
    }
}

/// Renders the state into `buf`, which covers `area`.
pub fn render(state: &AppState, area: Rect, buf: &mut Buffer) {
    render_with(state, &layout(state, area), area, buf);
}

fn render_with(state: &AppState, layout: &Layout, area: Rect, buf: &mut Buffer) {
    if layout.too_small {
        too_small(area, buf);
        return;
    }
    transcript::render(state, layout, buf);
    if let Some(pane) = layout.outline {
        outline::render(state, pane, buf);
    }
    status::render(state, layout.status, buf);
    if let Some(list) = &state.list {
        bookmarks::render(state, list, layout, buf);
    }
    if let Some(help) = &state.help {
        help::render(state, help, layout, buf);
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = format!(
        "lector: too small (need {}×{})",
        crate::state::MIN_WIDTH,
        crate::state::MIN_HEIGHT
    );
    buf.set_stringn(
        area.x,
        area.y,
        truncate(&text, area.width as usize),
        area.width as usize,
        ratatui::style::Style::default(),
    );
}

/// Before drawing over `rect`: a wide character just left of it would cover the rect's first
/// column on the terminal, so it is replaced by a space.
pub fn split_wide_at(buf: &mut Buffer, rect: Rect) {
    if rect.x == 0 {
        return;
    }
    for y in rect.y..rect.y + rect.height {
        if let Some(cell) = buf.cell_mut((rect.x - 1, y))
            && crate::wrap::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}
