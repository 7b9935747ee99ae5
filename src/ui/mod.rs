//! The view: draws an `AppState` into a frame. It reads the state and never changes it.

pub mod bookmarks;
pub mod help;
pub mod outline;
pub mod status;
pub mod theme;
pub mod transcript;

use crate::state::{AppState, Mode};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};

/// Draws the whole screen, and places the terminal cursor in the prompt when one is open.
pub fn draw(frame: &mut Frame, state: &AppState) {
    let area = frame.area();
    render(state, area, frame.buffer_mut());
    if let Some(pos) = status::prompt_cursor(state, area) {
        frame.set_cursor_position(pos);
    }
}

/// Renders the state into `buf`.
pub fn render(state: &AppState, area: Rect, buf: &mut Buffer) {
    let layout = state.layout();
    if layout.too_small {
        too_small(state, area, buf);
        return;
    }
    transcript::render(state, &layout, buf);
    if let Some(pane) = layout.outline {
        outline::render(state, pane, buf);
    }
    status::render(state, layout.status, buf);
    if state.list_open {
        bookmarks::render(state, area, buf);
    }
    if state.mode == Mode::Help {
        help::render(state, area, buf);
    }
}

fn too_small(state: &AppState, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = format!(
        "lector: too small (need {}×{})",
        crate::state::MIN_WIDTH,
        crate::state::MIN_HEIGHT
    );
    let _ = state;
    let text = text.to_string();
    buf.set_stringn(
        area.x,
        area.y,
        truncate(&text, area.width as usize),
        area.width as usize,
        ratatui::style::Style::default(),
    );
}

/// The longest prefix of `s` that fits in `width` cells.
pub fn truncate(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, g) in unicode_segmentation::UnicodeSegmentation::grapheme_indices(s, true) {
        let w = crate::wrap::grapheme_width(g);
        if used + w > width {
            return &s[..i];
        }
        used += w;
    }
    s
}

/// `s` cut to `width` cells with `…` at the end when it does not fit.
pub fn ellipsize(s: &str, width: usize) -> String {
    if crate::wrap::width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    format!("{}…", truncate(s, width - 1))
}

/// Whether `pos` lies in `area`.
pub fn inside(area: Rect, pos: Position) -> bool {
    area.contains(pos)
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
