//! What the terminal shows, and the bytes that turn it into the next frame.
//!
//! ratatui's `Terminal` renders each frame into a buffer and hands the backend the cells that
//! differ from the last one. lector's backend ([`super::terminal::WideAware`]) ignores that list
//! and compares the new frame (which the loop shares with it, see [`FrameShare`]) with its own
//! copy of the screen, because that lets it write what a cell-by-cell list cannot say:
//!
//! - **Scrolls.** When the transcript's rows moved up or down by `k` (a key that scrolls), the
//!   terminal scrolls them (a scroll region, `ESC[kS` / `ESC[kT`) and only the rows that came in,
//!   the panes beside them and what else changed are written: about a third of the bytes of a
//!   redraw. (Terminals scroll whole rows; the outline pane beside the text moves with them and
//!   is written again.)
//! - **Blank row ends** are erased (`ESC[K`), not written as spaces.
//! - **Wide characters.** A cell written over the left half of a wide character makes the
//!   terminal blank its right half in that cell's colours; ratatui's list, which takes that half
//!   for an unchanged blank, leaves a coloured smear. Here the half is written again.
//! - No cursor move after each CJK character (the next cell is two columns on), and nothing at
//!   all for a frame that changes nothing.

use ratatui::buffer::{Buffer, Cell};
use ratatui::crossterm::cursor::MoveTo;
use ratatui::crossterm::queue;
use ratatui::crossterm::style::{Attribute, Print, SetAttribute};
use ratatui::crossterm::terminal::{Clear, ClearType};
use ratatui::layout::Rect;
use std::io::Write;

/// The frame being drawn, and the part of it that scrolls (the transcript pane), shared by the
/// loop (which fills it from the frame's buffer) and the backend (which draws it).
#[derive(Debug, Default)]
pub struct Frame {
    pub next: Buffer,
    pub scroll: Option<Rect>,
}

impl Frame {
    /// Takes the frame `buf` in (by swapping buffers: a copy of a screen's cells cost a tenth of
    /// a key's time), `scroll` being the part of it whose rows may have scrolled. `buf` is left
    /// with the frame's area and unspecified cells: ratatui clears a buffer before drawing in it.
    pub fn take(&mut self, buf: &mut Buffer, scroll: Option<Rect>) {
        let area = buf.area;
        std::mem::swap(&mut self.next, buf);
        buf.resize(area);
        self.scroll = scroll;
    }
}

pub type FrameShare = std::rc::Rc<std::cell::RefCell<Frame>>;

/// What the terminal shows (as far as lector knows: blank after a clear).
#[derive(Debug, Default)]
pub struct Screen {
    shown: Option<Buffer>,
}

impl Screen {
    /// The terminal was cleared.
    pub fn forget(&mut self) {
        self.shown = None;
    }

    /// Writes to `w` what turns the screen into `frame.next`, which it then holds (and `frame`
    /// the screen's old cells).
    pub fn update(&mut self, w: &mut impl Write, frame: &mut Frame) -> std::io::Result<()> {
        let next = &frame.next;
        let area = next.area;
        if area.is_empty() {
            return Ok(());
        }
        let shown = match &mut self.shown {
            Some(s) if s.area == area => s,
            _ => self.shown.insert(Buffer::empty(area)),
        };
        let mut pen = Pen::default();
        if let Some(region) = frame.scroll.filter(|r| {
            area.contains(r.as_position())
                && r.bottom() <= area.bottom()
                && r.right() <= area.right()
        }) && let Some(k) = scrolled(shown, next, region)
        {
            scroll(w, shown, region, k)?;
        }
        write_changes(w, shown, next, &mut pen)?;
        if pen != Pen::default() {
            queue!(w, SetAttribute(Attribute::Reset))?;
        }
        std::mem::swap(shown, &mut frame.next);
        Ok(())
    }
}

/// Row `r` of `region` in `buf`, `width` cells.
fn row(buf: &Buffer, region: Rect, width: usize, r: usize) -> &[Cell] {
    let i = buf.index_of(region.x, region.y + r as u16);
    &buf.content[i..i + width]
}

/// How far the rows of `region` moved from `shown` to `next`: positive up (the text came up,
/// as after `↓` at the bottom), negative down. `None` when a scroll would not save much.
fn scrolled(shown: &Buffer, next: &Buffer, region: Rect) -> Option<i32> {
    let h = usize::from(region.height);
    if h < 4 {
        return None;
    }
    let width = usize::from(region.width);
    // Rows that differ mostly differ in their first cells (the line number), so comparing
    // every pair of rows costs little more than a row a pair.
    let matches = |k: i32| {
        (0..h)
            .filter(|&r| {
                let from = r as i32 + k;
                (0..h as i32).contains(&from)
                    && row(next, region, width, r) == row(shown, region, width, from as usize)
            })
            .count()
    };
    // A frame whose first and last rows did not move did not scroll (a cursor move).
    if row(next, region, width, 0) == row(shown, region, width, 0)
        && row(next, region, width, h - 1) == row(shown, region, width, h - 1)
    {
        return None;
    }
    let still = matches(0);
    if still + 2 >= h {
        return None;
    }
    // A scroll by k keeps most rows: one of two rows a third and two thirds into those kept
    // is found again, else k is not it (a page's move costs two row comparisons a k).
    let sample = |k: i32| {
        let kept = h - k.unsigned_abs() as usize;
        let first = if k > 0 { 0 } else { k.unsigned_abs() as usize };
        [kept / 3, kept * 2 / 3].iter().any(|&r| {
            let r = first + r;
            row(next, region, width, r) == row(shown, region, width, (r as i32 + k) as usize)
        })
    };
    let mut best: Option<(usize, i32)> = None;
    for k in 1..h as i32 {
        for dir in [k, -k] {
            if !sample(dir) {
                continue;
            }
            let m = matches(dir);
            if best.is_none_or(|(b, _)| m > b) {
                best = Some((m, dir));
            }
        }
    }
    // Worth it when most of the rows that stay on screen are found again, and more of them
    // than without scrolling.
    best.filter(|&(m, k)| {
        let kept = h - k.unsigned_abs() as usize;
        m >= 2 && m * 4 >= kept * 3 && m > still + 1
    })
    .map(|(_, k)| k)
}

/// Scrolls the rows of `region` by `k` (see [`scrolled`]) on the terminal and in `shown`: the
/// terminal moves whole rows, so every column of them moves; the rows that come in are blank.
fn scroll(w: &mut impl Write, shown: &mut Buffer, region: Rect, k: i32) -> std::io::Result<()> {
    let n = k.unsigned_abs();
    // Blank rows take the pen's background: the default one.
    queue!(w, SetAttribute(Attribute::Reset))?;
    write!(w, "\x1b[{};{}r", region.y + 1, region.bottom())?;
    if k > 0 {
        write!(w, "\x1b[{n}S")?;
    } else {
        write!(w, "\x1b[{n}T")?;
    }
    // Margins back to the whole screen (this also puts the cursor home).
    write!(w, "\x1b[r")?;
    let width = usize::from(shown.area.width);
    let top = shown.index_of(shown.area.x, region.y);
    let rows = &mut shown.content[top..top + usize::from(region.height) * width];
    let moved = n as usize * width;
    if k > 0 {
        rows.rotate_left(moved);
        let len = rows.len();
        rows[len - moved..].fill(Cell::EMPTY);
    } else {
        rows.rotate_right(moved);
        rows[..moved].fill(Cell::EMPTY);
    }
    Ok(())
}

/// Writes the cells of `next` that differ from `shown`.
fn write_changes(
    w: &mut impl Write,
    shown: &Buffer,
    next: &Buffer,
    pen: &mut Pen,
) -> std::io::Result<()> {
    let area = next.area;
    let width = usize::from(area.width);
    // Where the terminal's cursor is: after the last cell written.
    let mut at: Option<(u16, u16)> = None;
    for (row, y) in (area.y..area.bottom()).enumerate() {
        let base = row * width;
        let tail = blank_tail(&next.content[base..base + width]);
        let mut i = 0;
        // Cells written again whatever `shown` says (the right half of a wide character the
        // last cell covered the left half of).
        let mut force_until = 0;
        while i < width {
            let cell = &next.content[base + i];
            let cw = crate::wrap::width(cell.symbol()).clamp(1, 2).min(width - i);
            if i >= force_until
                && *cell == shown.content[base + i]
                && (cw == 1 || next.content[base + i + 1] == shown.content[base + i + 1])
            {
                i += cw;
                continue;
            }
            let x = area.x + i as u16;
            if let Some((ax, ay)) = at
                && ay == y
                && ax < x
                && x - ax <= 4
            {
                // A few unchanged cells (the spaces between words) cost less written again
                // than skipped with a cursor move.
                let gap = usize::from(ax - area.x)..i;
                let narrow = |j: usize| crate::wrap::width(next.content[base + j].symbol()) == 1;
                if gap.clone().all(|j| {
                    narrow(j)
                        && (j == 0 || crate::wrap::width(next.content[base + j - 1].symbol()) < 2)
                }) {
                    for j in gap {
                        pen.change_to(w, &next.content[base + j])?;
                        queue!(w, Print(next.content[base + j].symbol()))?;
                    }
                    at = Some((x, y));
                }
            }
            if at != Some((x, y)) {
                queue!(w, MoveTo(x, y))?;
            }
            if i >= tail {
                // Every cell from here to the right edge is blank in this frame.
                if *pen != Pen::default() {
                    queue!(w, SetAttribute(Attribute::Reset))?;
                    *pen = Pen::default();
                }
                queue!(w, Clear(ClearType::UntilNewLine))?;
                at = None;
                break;
            }
            let sure = surely_wide(cell.symbol());
            if cw == 2 && !sure {
                // An emoji, which terminals draw one or two columns wide: its right half is
                // written first (a blank in the frame's colours there), then the emoji over it.
                // Without it, a terminal that draws the emoji one wide would show there what the
                // column held before; after it, the blank would erase the emoji on a terminal
                // that draws it two wide.
                let half = &next.content[base + i + 1];
                queue!(w, MoveTo(x + 1, y))?;
                pen.change_to(w, half)?;
                queue!(w, Print(" "), MoveTo(x, y))?;
            }
            pen.change_to(w, cell)?;
            queue!(w, Print(cell.symbol()))?;
            // The cursor is known to have moved two columns only after a character every
            // terminal draws two wide; after an emoji (one or two) it is placed again.
            at = match (cw, sure) {
                (2, true) => Some((x.saturating_add(2), y)),
                (2, false) => None,
                _ => Some((x.saturating_add(1), y)),
            };
            // Covering the left half of a wide character blanks its right half.
            let covered = &shown.content[base + i + cw - 1];
            if crate::wrap::width(covered.symbol()) > 1 && i + cw < width {
                force_until = i + cw + 1;
            }
            i += cw;
        }
    }
    Ok(())
}

/// The first column of `row` from which every cell is a blank (the row's width when none). A
/// run of blanks that would start in the right half of a wide character starts after it:
/// erasing there would erase the character.
fn blank_tail(row: &[Cell]) -> usize {
    let width = row.len();
    let mut t = row.iter().rposition(|c| !is_blank(c)).map_or(0, |i| i + 1);
    if t > 0 && t < width && crate::wrap::width(row[t - 1].symbol()) > 1 {
        t += 1;
    }
    t
}

/// A space with no colour and no attribute: what "erase to the end of the line" leaves.
fn is_blank(c: &Cell) -> bool {
    c.symbol() == " " && Pen::of(c) == Pen::default()
}

/// Whether `symbol` is one character that every terminal draws two columns wide (and that
/// ratatui takes for two columns).
pub fn surely_wide(symbol: &str) -> bool {
    let mut chars = symbol.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return false;
    };
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
        && matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF01..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD)
}

/// The colours and attributes the terminal writes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: ratatui::style::Color,
    bg: ratatui::style::Color,
    underline: ratatui::style::Color,
    modifier: ratatui::style::Modifier,
}

impl Default for Pen {
    fn default() -> Self {
        Pen::of(&Cell::EMPTY)
    }
}

impl Pen {
    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }

    /// Writes what changes the pen to `cell`'s colours and attributes.
    fn change_to(&mut self, w: &mut impl Write, cell: &Cell) -> std::io::Result<()> {
        use ratatui::backend::IntoCrossterm;
        use ratatui::crossterm::style::{Colors, SetColors, SetUnderlineColor};
        use ratatui::style::Modifier as M;
        let to = Pen::of(cell);
        if to.modifier != self.modifier {
            let (from, into) = (self.modifier, to.modifier);
            let removed = from - into;
            let added = into - from;
            if removed.contains(M::REVERSED) {
                queue!(w, SetAttribute(Attribute::NoReverse))?;
            }
            // Bold and dim end together (normal intensity); the one that stays is set again.
            let intensity = removed.intersects(M::BOLD | M::DIM);
            if intensity {
                queue!(w, SetAttribute(Attribute::NormalIntensity))?;
            }
            for (m, off, on) in [
                (M::ITALIC, Attribute::NoItalic, Attribute::Italic),
                (M::UNDERLINED, Attribute::NoUnderline, Attribute::Underlined),
                (
                    M::CROSSED_OUT,
                    Attribute::NotCrossedOut,
                    Attribute::CrossedOut,
                ),
                (M::HIDDEN, Attribute::NoHidden, Attribute::Hidden),
            ] {
                if removed.contains(m) {
                    queue!(w, SetAttribute(off))?;
                }
                if added.contains(m) {
                    queue!(w, SetAttribute(on))?;
                }
            }
            if removed.intersects(M::SLOW_BLINK | M::RAPID_BLINK) {
                queue!(w, SetAttribute(Attribute::NoBlink))?;
            }
            if added.contains(M::REVERSED) {
                queue!(w, SetAttribute(Attribute::Reverse))?;
            }
            for (m, on) in [(M::BOLD, Attribute::Bold), (M::DIM, Attribute::Dim)] {
                if into.contains(m) && (intensity || added.contains(m)) {
                    queue!(w, SetAttribute(on))?;
                }
            }
            if added.contains(M::SLOW_BLINK) {
                queue!(w, SetAttribute(Attribute::SlowBlink))?;
            }
            if added.contains(M::RAPID_BLINK) {
                queue!(w, SetAttribute(Attribute::RapidBlink))?;
            }
        }
        if (to.fg, to.bg) != (self.fg, self.bg) {
            let colors = Colors::new(to.fg.into_crossterm(), to.bg.into_crossterm());
            queue!(w, SetColors(colors))?;
        }
        if to.underline != self.underline {
            queue!(w, SetUnderlineColor(to.underline.into_crossterm()))?;
        }
        *self = to;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier, Style};

    /// What a terminal shows: each cell's text (a wide character's right half left out) and
    /// whether it has a background or is reversed.
    fn seen(parser: &vt100::Parser, area: Rect) -> Vec<(String, bool, bool)> {
        let screen = parser.screen();
        let mut out = Vec::new();
        for y in 0..area.height {
            for x in 0..area.width {
                let Some(c) = screen.cell(y, x) else { continue };
                if c.is_wide_continuation() {
                    continue;
                }
                let text = if c.has_contents() {
                    c.contents().to_string()
                } else {
                    " ".into()
                };
                out.push((text, c.bgcolor() != vt100::Color::Default, c.inverse()));
            }
        }
        out
    }

    /// The same for a buffer, as it should look.
    fn expected(buf: &Buffer) -> Vec<(String, bool, bool)> {
        let w = usize::from(buf.area.width);
        let mut out = Vec::new();
        for (i, c) in buf.content.iter().enumerate() {
            if i % w > 0 && crate::wrap::width(buf.content[i - 1].symbol()) > 1 {
                continue;
            }
            let inverse = c.modifier.contains(Modifier::REVERSED);
            out.push((c.symbol().to_string(), c.bg != Color::Reset, inverse));
        }
        out
    }

    /// Draws `buf` (its rows in `scroll` may have scrolled) on `screen`: the bytes written.
    fn draw(screen: &mut Screen, buf: &Buffer, scroll: Option<Rect>) -> Vec<u8> {
        let mut frame = Frame::default();
        frame.take(&mut buf.clone(), scroll);
        let mut out = Vec::new();
        screen.update(&mut out, &mut frame).unwrap();
        out
    }

    /// Rows of words and styles: a frame of text as the panes draw it.
    fn buffer(rows: &[Vec<(u8, u8)>], area: Rect) -> Buffer {
        let mut buf = Buffer::empty(area);
        for (y, row) in rows.iter().enumerate().take(usize::from(area.height)) {
            let mut x = 0;
            for &(word, style) in row {
                let style_n = style;
                let text = [
                    "ab",
                    "中文",
                    " ",
                    "x",
                    "，",
                    "é",
                    "한",
                    "👍",
                    "\u{303d}\u{fe0f}",
                ][usize::from(word) % 9];
                let style = match style_n % 5 {
                    0 | 4 => Style::default(),
                    1 => Style::default().bg(Color::Indexed(236)),
                    2 => Style::default().add_modifier(Modifier::REVERSED),
                    _ => Style::default().fg(Color::Indexed(3)),
                };
                let end = crate::ui::put(&mut buf, x, y as u16, text, usize::MAX, style);
                if style_n % 5 == 4 && end > x {
                    // A span coloured over whole cells, right halves too (the paragraph view).
                    let span = Style::default().bg(Color::Indexed(238));
                    buf.set_style(Rect::new(x, y as u16, end - x, 1), span);
                }
                x = end;
            }
        }
        buf
    }

    fn rows() -> impl proptest::strategy::Strategy<Value = Vec<Vec<(u8, u8)>>> {
        proptest::collection::vec(proptest::collection::vec((0u8..9, 0u8..5), 0..8), 8)
    }

    proptest::proptest! {
        /// Whatever the frames, a terminal that reads what is written for the second over the
        /// first shows the second: erasing rows' ends never erases text, a wide character or a
        /// coloured cell, and never leaves old text behind.
        #[test]
        fn a_terminal_shows_each_frame_as_drawn(first in rows(), second in rows()) {
            let area = Rect::new(0, 0, 14, 8);
            let (a, b) = (buffer(&first, area), buffer(&second, area));
            let mut parser = vt100::Parser::new(
                std::num::NonZeroU16::new(area.height).unwrap(),
                std::num::NonZeroU16::new(area.width).unwrap(),
                0,
            );
            let mut screen = Screen::default();
            parser.process(&draw(&mut screen, &a, None));
            proptest::prop_assert_eq!(seen(&parser, area), expected(&a));
            parser.process(&draw(&mut screen, &b, None));
            proptest::prop_assert_eq!(seen(&parser, area), expected(&b));
        }

        /// The same when the second frame is the first scrolled by any amount in a region
        /// (rows 1–6, columns 4–13: a pane beside which another does not scroll), with some rows
        /// changed: the terminal scrolls, and shows the second frame exactly.
        #[test]
        fn a_scrolled_frame_is_shown_as_drawn(
            first in rows(),
            by in -6i32..=6,
            changed in proptest::collection::vec((0usize..8, rows()), 0..3),
        ) {
            let area = Rect::new(0, 0, 14, 8);
            let region = Rect::new(4, 1, 10, 6);
            let a = buffer(&first, area);
            // The region's rows moved by `by` (up when positive); rows that come in are new.
            let mut b = a.clone();
            for y in region.y..region.bottom() {
                let from = i32::from(y) + by;
                for x in region.x..region.right() {
                    b[(x, y)] = if (i32::from(region.y)..i32::from(region.bottom())).contains(&from) {
                        a[(x, from as u16)].clone()
                    } else {
                        Cell::EMPTY
                    };
                }
            }
            // A wide character cut by the region's edge is no character: blank both halves.
            for y in 0..area.height {
                for x in 0..area.width {
                    let w = crate::wrap::width(b[(x, y)].symbol());
                    let cut = x + 1 >= area.width || x + 1 == region.x;
                    if w > 1 && (cut || b[(x + 1, y)].symbol() != " ") {
                        b[(x, y)] = Cell::EMPTY;
                    }
                }
            }
            for (y, words) in &changed {
                let line = buffer(words, Rect::new(0, 0, 14, 1));
                let y = (*y as u16).min(area.height - 1);
                for x in 0..area.width {
                    b[(x, y)] = line[(x, 0)].clone();
                }
            }
            let mut parser = vt100::Parser::new(
                std::num::NonZeroU16::new(area.height).unwrap(),
                std::num::NonZeroU16::new(area.width).unwrap(),
                0,
            );
            let mut screen = Screen::default();
            parser.process(&draw(&mut screen, &a, Some(region)));
            proptest::prop_assert_eq!(seen(&parser, area), expected(&a));
            parser.process(&draw(&mut screen, &b, Some(region)));
            proptest::prop_assert_eq!(seen(&parser, area), expected(&b));
        }
    }

    /// What a terminal shows after `frames` are drawn one over the other, from a blank screen.
    fn shown_after(area: Rect, frames: &[&Buffer]) -> Vec<(String, bool, bool)> {
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let mut parser = vt100::Parser::new(size(area.height), size(area.width), 0);
        let mut screen = Screen::default();
        for &buf in frames {
            parser.process(&draw(&mut screen, buf, None));
        }
        seen(&parser, area)
    }

    /// One row of `text` in `style`.
    fn one_row(area: Rect, text: &str, style: Style) -> Buffer {
        let mut buf = Buffer::empty(area);
        crate::ui::put(&mut buf, 0, 0, text, usize::MAX, style);
        buf
    }

    /// Found by attacking the reader: an emoji with VS16 over text shifted the rest of the row
    /// (the cursor was taken to be one column on after it) or vanished (its right half written
    /// after it).
    #[test]
    fn an_emoji_over_text_stays_and_the_text_after_it_stays_in_place() {
        let area = Rect::new(0, 0, 12, 1);
        let old = one_row(area, "xyzxyz one", Style::default());
        let new = one_row(area, "\u{303d}\u{fe0f}ab two", Style::default());
        assert_eq!(shown_after(area, &[&old, &new]), expected(&new));
    }

    /// Found by attacking the reader: the paragraph view colours whole cells; a wide character
    /// drawn one column left of an old one makes the terminal blank the old one's right half,
    /// which must take the frame's colour there (it was a hole in the cursor line's colour).
    #[test]
    fn the_right_half_of_a_wide_character_drawn_over_keeps_the_frame_s_colours() {
        let area = Rect::new(0, 0, 6, 1);
        let span = Style::default().bg(Color::Indexed(236));
        let mut old = one_row(area, "a中", Style::default());
        old.set_style(Rect::new(0, 0, 5, 1), span);
        let mut new = one_row(area, "中", Style::default());
        new.set_style(Rect::new(0, 0, 5, 1), span);
        assert_eq!(shown_after(area, &[&old, &new]), expected(&new));
    }

    /// Found by attacking the reader: graphemes ratatui measures wider than lector does
    /// (Devanagari clusters, halfwidth kana with a sound mark) are all sent.
    #[test]
    fn every_grapheme_put_writes_is_sent() {
        let area = Rect::new(0, 0, 30, 1);
        for text in ["प्रोग्राम स्थिति", "ｶﾞｷﾞ x", "中ः ab"]
        {
            let buf = one_row(area, text, Style::default());
            let out = String::from_utf8(draw(&mut Screen::default(), &buf, None)).unwrap();
            let sent: String = out
                .split('\u{1b}')
                .map(|p| {
                    p.trim_start_matches(|c: char| {
                        c == '[' || c.is_ascii_digit() || c == ';' || c == 'H' || c == 'm'
                    })
                })
                .collect();
            for g in unicode_segmentation::UnicodeSegmentation::graphemes(text, true) {
                assert!(
                    g == " " || sent.contains(g),
                    "{g:?} of {text:?} not sent: {out:?}"
                );
            }
        }
    }

    #[test]
    fn the_blank_end_of_a_row_is_erased_not_written() {
        let area = Rect::new(0, 0, 40, 2);
        let mut old = Buffer::empty(area);
        old.set_string(0, 0, "x".repeat(40), Style::default());
        let mut new = Buffer::empty(area);
        new.set_string(0, 0, "short", Style::default());
        let mut screen = Screen::default();
        draw(&mut screen, &old, None);
        let out = String::from_utf8(draw(&mut screen, &new, None)).unwrap();
        assert!(out.contains("\u{1b}[K"), "{out:?}");
        assert!(!out.contains("  "), "no run of spaces: {out:?}");
        // A coloured blank is not erased: the erase would take the terminal's background.
        let mut coloured = Buffer::empty(area);
        coloured.set_string(0, 0, "short", Style::default());
        coloured.set_style(
            Rect::new(5, 0, 35, 1),
            Style::default().bg(Color::Indexed(236)),
        );
        let mut screen = Screen::default();
        draw(&mut screen, &old, None);
        let out = String::from_utf8(draw(&mut screen, &coloured, None)).unwrap();
        assert!(!out.contains("\u{1b}[K"), "{out:?}");
    }

    /// A one-row scroll of a screenful of text writes the row that came in, not the screen.
    #[test]
    fn a_scroll_writes_the_new_row_only() {
        let area = Rect::new(0, 0, 60, 20);
        let region = Rect::new(0, 0, 60, 19);
        let line = |i: usize| format!("line {i}: some words of text to fill the row, {i}");
        let page = |from: usize| {
            let mut b = Buffer::empty(area);
            for y in 0..19 {
                b.set_string(0, y, line(from + usize::from(y)), Style::default());
            }
            b.set_string(0, 19, format!("status {from}"), Style::default());
            b
        };
        let mut screen = Screen::default();
        let full = draw(&mut screen, &page(0), Some(region)).len();
        let scrolled = draw(&mut screen, &page(1), Some(region));
        let text = String::from_utf8_lossy(&scrolled);
        assert!(text.contains("\u{1b}[1;19r\u{1b}[1S"), "{text:?}");
        assert!(text.contains(&line(19)), "{text:?}");
        assert!(!text.contains(&line(5)), "{text:?}");
        assert!(
            scrolled.len() * 5 < full,
            "{} bytes of {full}",
            scrolled.len()
        );
    }
}
