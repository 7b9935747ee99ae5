//! The view: draws an `AppState` into a frame. It reads the state and never changes it.

pub mod bookmarks;
pub mod help;
pub mod outline;
pub mod status;
pub mod transcript;

use crate::state::{AppState, Layout};
use crate::text::truncate;
use ratatui::Frame;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use ratatui::style::Style;

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

/// Writes `s` from `(x, y)` in at most `max_width` cells, as ratatui's `Buffer::set_stringn`
/// does (a grapheme that does not fit ends the text; the cells a wide one covers are reset), but
/// measured as [`crate::wrap`] measures, over its quick grapheme iterator: the segmentation and
/// width tables were a third of a frame's time. Returns the column after the text.
pub fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    s: impl AsRef<str>,
    max_width: usize,
    style: Style,
) -> u16 {
    let s = s.as_ref();
    let area = buf.area;
    if y < area.y || y >= area.bottom() || x < area.x || x >= area.right() {
        return x;
    }
    let right = usize::from(area.right()).min(usize::from(x).saturating_add(max_width));
    let mut x = usize::from(x);
    let row = buf.index_of(area.x, y) - usize::from(area.x);
    for (_, g, w) in crate::wrap::graphemes(s) {
        if w == 0 || g.contains(char::is_control) {
            continue;
        }
        if x + w > right {
            break;
        }
        let i = row + x;
        buf.content[i]
            .set_symbol(g)
            .set_style(style)
            .set_diff_option(diff_option(g, w));
        for cell in &mut buf.content[i + 1..i + w] {
            cell.reset();
        }
        x += w;
    }
    u16::try_from(x).unwrap_or(u16::MAX)
}

/// How ratatui's diff is to step over a cell holding `g`, `w` cells wide as [`crate::wrap`]
/// measures it. The diff steps over the cells after a grapheme by ratatui's own measure, which
/// is not clamped to 2 and counts a halfwidth sound mark (ﾞ ﾟ) one more: a Hindi grapheme
/// such as प्रो is 3 by it, and the text `put` writes after it would never be sent. Only a
/// grapheme of several characters can differ (a CJK character is measured alike).
fn diff_option(g: &str, w: usize) -> CellDiffOption {
    use ratatui::buffer::CellWidth;
    if g.chars().nth(1).is_none() {
        return CellDiffOption::None;
    }
    match u16::try_from(w).ok().and_then(std::num::NonZeroU16::new) {
        Some(forced) if g.cell_width() != forced.get() => CellDiffOption::ForcedWidth(forced),
        _ => CellDiffOption::None,
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
    put(
        buf,
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
            cell.set_symbol(" ").set_diff_option(CellDiffOption::None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// `put` fills the cells ratatui's `set_stringn` fills, from any column and in any
        /// width, for text of what transcripts hold: Latin with accents (precomposed and
        /// combining), CJK and its punctuation, kana, Hangul, emoji with modifiers and ZWJ.
        #[test]
        fn put_writes_what_set_stringn_writes(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("a"), Just(" "), Just("word"), Just("é"), Just("e\u{301}"),
                    Just("中"), Just("文，"), Just("。"), Just("カナ"), Just("한글"),
                    Just("👍🏽"), Just("👨\u{200d}👩\u{200d}👧"), Just("©"), Just("…"),
                ],
                0..30,
            ),
            x in 0u16..12,
            max in 0usize..40,
        ) {
            let s: String = parts.concat();
            let area = Rect::new(0, 0, 24, 1);
            let style = Style::default().fg(ratatui::style::Color::Red);
            let mut ours = Buffer::empty(area);
            let mut theirs = Buffer::empty(area);
            let end = put(&mut ours, x, 0, &s, max, style);
            let (their_end, _) = theirs.set_stringn(x, 0, &s, max, style);
            prop_assert_eq!(&ours, &theirs);
            prop_assert_eq!(end, their_end);
        }
    }

    /// ratatui's diff steps over the cells a grapheme covers by its own measure (not clamped
    /// to 2, halfwidth sound marks counted one more): text `put` writes in a cell the diff steps
    /// over never reaches the terminal. Hindi has graphemes three wide by that measure
    /// (प्रो, स्थि): "प्रोग्राम स्थिति" showed as "प्रो म की स्थ".
    #[test]
    fn the_diff_sends_every_grapheme_put_writes() {
        for s in [
            "प्रोग्राम स्थिति",
            "\u{ff76}\u{ff9e}\u{ff77}\u{ff9e}abc",
            "中\u{903}abc",
        ] {
            let area = Rect::new(0, 0, 30, 1);
            let mut buf = Buffer::empty(area);
            put(&mut buf, 0, 0, s, 30, Style::default());
            let symbols = |cells: Vec<&ratatui::buffer::Cell>| -> Vec<String> {
                cells
                    .into_iter()
                    .map(|c| c.symbol().to_string())
                    .filter(|s| s != " ")
                    .collect()
            };
            let written = symbols(buf.content.iter().collect());
            let sent = symbols(
                Buffer::empty(area)
                    .diff(&buf)
                    .into_iter()
                    .map(|(_, _, c)| c)
                    .collect(),
            );
            assert_eq!(sent, written, "{s}");
        }
    }
}
