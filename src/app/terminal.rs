//! The terminal: putting it in the state lector draws in and giving it back as it was found (on
//! quit, error, panic and signals), the clipboard (OSC 52), and the backend that writes frames
//! (only what changed, CJK text without a cursor move after each character, blank row ends
//! erased).

use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor, execute};
use std::io::{Write, stdout};

/// Puts the terminal in the state lector draws in: raw mode, alternate screen, mouse capture
/// (unless the config turns the mouse off, leaving the terminal its own text selection).
pub fn setup(mouse: bool) -> std::io::Result<()> {
    enable_raw_mode()?;
    // Bracketed paste: a paste into a prompt arrives whole, not as keys.
    execute!(
        stdout(),
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// Gives the terminal back: every step is tried even if one fails.
pub fn restore() {
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
}

/// `Ctrl-z`: gives the terminal back, stops until the shell resumes lector (`fg`), then takes
/// the terminal again. The caller redraws the whole screen.
pub fn suspend(mouse: bool) {
    restore();
    #[cfg(unix)]
    {
        let _ = signal_hook::low_level::raise(signal_hook::consts::SIGTSTP);
    }
    let _ = setup(mouse);
}

/// Restores the terminal (and stops mpv, if it plays) before a panic message is printed.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        crate::player::emergency_stop();
        restore();
        previous(info);
    }));
}

/// Puts `text` on the terminal's clipboard with OSC 52, which works over ssh and in tmux (with
/// `set -g set-clipboard on`).
pub fn copy_to_clipboard(text: &str) {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    let mut out = stdout();
    let _ = write!(out, "\x1b]52;c;{encoded}\x07");
    let _ = out.flush();
}

/// lector's backend: crossterm's commands, written as ratatui-crossterm's backend writes them,
/// minus what a terminal need not read.
///
/// - A frame with no changed cell writes nothing: the crossterm backend would still reset the
///   colours and hide the cursor again (25 bytes), which, each time the outline's progress came
///   in, made the terminal read and parse a redraw that showed nothing new.
/// - No cursor move after each CJK character: ratatui-crossterm moves the cursor before a cell
///   unless it follows the previous one, and after a wide character the next cell is two
///   columns on, so every CJK character got an 8-byte escape (half of a Chinese screen's bytes).
///   Only characters that every terminal draws two columns wide are trusted so (East Asian Wide
///   ideographs, kana, Hangul, fullwidth forms); after an emoji, whose width terminals disagree
///   on, the cursor is still placed explicitly.
/// - The blank end of a row is erased, not written (see [`BlankTails`]).
///
/// It also writes what ratatui's diff misses: a cell written over the left half of a wide
/// character makes the terminal blank its right half in that cell's colours (a coloured smear
/// after a scroll), and the diff, which takes that half for an unchanged blank, does not
/// write it.
pub struct WideAware<W: std::io::Write> {
    out: W,
    /// Whether the cursor is known to be hidden (`setup` hides it; a prompt shows it).
    cursor_hidden: bool,
    tails: BlankTails,
    /// Which cells of the terminal hold the left half of a wide character (see `draw`).
    wide: Vec<Vec<bool>>,
}

/// For each row of the frame being drawn, the column from which every cell to the right edge is
/// a blank in the default style (the row's width when there is none). The loop fills it from
/// the frame's buffer before ratatui hands the backend the changed cells, which alone cannot
/// tell whether the cells after them are blank.
pub type BlankTails = std::rc::Rc<std::cell::RefCell<Vec<u16>>>;

/// The [`BlankTails`] of `buf`. A run of blanks that starts in the right half of a wide
/// character starts after it: erasing there would erase the character.
pub fn blank_tails(buf: &ratatui::buffer::Buffer) -> Vec<u16> {
    let width = usize::from(buf.area.width);
    if width == 0 {
        return Vec::new();
    }
    buf.content
        .chunks(width)
        .map(|row| {
            let mut t = row.iter().rposition(|c| !is_blank(c)).map_or(0, |i| i + 1);
            if t > 0 && t < width && crate::wrap::width(row[t - 1].symbol()) > 1 {
                t += 1;
            }
            (buf.area.x as usize + t) as u16
        })
        .collect()
}

/// A space with no colour and no attribute: what "erase to the end of the line" leaves.
fn is_blank(c: &ratatui::buffer::Cell) -> bool {
    use ratatui::style::{Color, Modifier};
    c.symbol() == " "
        && c.fg == Color::Reset
        && c.bg == Color::Reset
        && c.underline_color == Color::Reset
        && c.modifier == Modifier::empty()
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
        use ratatui::style::{Color, Modifier};
        Pen {
            fg: Color::Reset,
            bg: Color::Reset,
            underline: Color::Reset,
            modifier: Modifier::empty(),
        }
    }
}

impl Pen {
    /// Writes what changes the pen to `cell`'s colours and attributes.
    fn change_to(
        &mut self,
        w: &mut impl Write,
        cell: &ratatui::buffer::Cell,
    ) -> std::io::Result<()> {
        use ratatui::backend::IntoCrossterm;
        use ratatui::crossterm::queue;
        use ratatui::crossterm::style::{
            Attribute, Colors, SetAttribute, SetColors, SetUnderlineColor,
        };
        use ratatui::style::Modifier as M;
        let to = Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        };
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

impl<W: std::io::Write> WideAware<W> {
    /// Over `inner`, on a terminal that [`setup`] prepared (the cursor hidden).
    pub fn new(out: W) -> Self {
        WideAware {
            out,
            cursor_hidden: true,
            tails: BlankTails::default(),
            wide: Vec::new(),
        }
    }

    /// Where the loop puts the [`BlankTails`] of each frame it draws.
    pub fn tails(&self) -> BlankTails {
        self.tails.clone()
    }
}

/// Whether `symbol` is one character that every terminal draws two columns wide (and that
/// ratatui takes for two columns).
fn surely_wide(symbol: &str) -> bool {
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

/// The size of the terminal on standard output, if it is one.
#[cfg(unix)]
#[allow(unsafe_code)] // one ioctl into a local struct the call fills
fn stdout_size() -> Option<ratatui::layout::Size> {
    let mut ws = libc::winsize {
        ws_row: 0,
        ws_col: 0,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    // SAFETY: TIOCGWINSZ writes one `winsize` through the pointer, which points at `ws`.
    let ok = unsafe { libc::ioctl(libc::STDOUT_FILENO, libc::TIOCGWINSZ, &raw mut ws) } == 0;
    (ok && ws.ws_col > 0 && ws.ws_row > 0).then_some(ratatui::layout::Size {
        width: ws.ws_col,
        height: ws.ws_row,
    })
}

#[cfg(not(unix))]
fn stdout_size() -> Option<ratatui::layout::Size> {
    None
}

impl<W: std::io::Write> ratatui::backend::Backend for WideAware<W> {
    type Error = std::io::Error;

    /// Writes the changed cells: a cursor move only where a cell does not follow the last one
    /// written (after a CJK character, two columns on), colours and attributes only where they
    /// change, and, where the rest of a row is blank in the new frame (see [`BlankTails`]), one
    /// "erase to the end of the line" instead of the spaces — as less and curses do: a scroll's
    /// frame is ~30% fewer bytes for the terminal to read and parse.
    fn draw<'a, I>(&mut self, content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        use ratatui::crossterm::cursor::MoveTo;
        use ratatui::crossterm::queue;
        use ratatui::crossterm::style::{Attribute, Print, SetAttribute};
        use ratatui::crossterm::terminal::{Clear, ClearType};
        let mut content = content.peekable();
        if content.peek().is_none() {
            return Ok(());
        }
        let tails = self.tails.borrow();
        let (w, wide) = (&mut self.out, &mut self.wide);
        let mut pen = Pen::default();
        // Where the terminal's cursor is: after the last cell written.
        let mut at: Option<(u16, u16)> = None;
        let mut erased_row = None;
        while let Some((x, y, cell)) = content.next() {
            if erased_row == Some(y) {
                continue;
            }
            if wide.len() <= usize::from(y) {
                wide.resize(usize::from(y) + 1, Vec::new());
            }
            let row = &mut wide[usize::from(y)];
            let xi = usize::from(x);
            if row.len() <= xi + 1 {
                row.resize(xi + 2, false);
            }
            if at != Some((x, y)) {
                queue!(w, MoveTo(x, y))?;
            }
            if tails.get(usize::from(y)).is_some_and(|&t| x >= t) && is_blank(cell) {
                // Every cell from here to the right edge is blank in this frame.
                if pen != Pen::default() {
                    queue!(w, SetAttribute(Attribute::Reset))?;
                    pen = Pen::default();
                }
                queue!(w, Clear(ClearType::UntilNewLine))?;
                row.truncate(xi);
                erased_row = Some(y);
                at = None;
                continue;
            }
            pen.change_to(w, cell)?;
            queue!(w, Print(cell.symbol()))?;
            // The cursor is known to have moved two columns only after a character every
            // terminal draws two wide; after any other (an emoji) it is placed again.
            let step = if surely_wide(cell.symbol()) { 2 } else { 1 };
            at = Some((x.saturating_add(step), y));
            let width = crate::wrap::width(cell.symbol()).clamp(1, 2);
            // The cell after this one, if this one covered the left half of a wide character
            // there before: the terminal blanked its right half in this cell's colours, and
            // ratatui, which takes it for an unchanged blank, does not write it.
            let leak = row[xi + width - 1];
            row[xi] = width == 2;
            if width == 2 {
                row[xi + 1] = false;
            }
            let after = x.saturating_add(width as u16);
            if leak
                && content
                    .peek()
                    .is_none_or(|&(nx, ny, _)| (nx, ny) != (after, y))
            {
                if pen != Pen::default() {
                    queue!(w, SetAttribute(Attribute::Reset))?;
                    pen = Pen::default();
                }
                if at != Some((after, y)) {
                    queue!(w, MoveTo(after, y))?;
                }
                queue!(w, Print(" "))?;
                at = Some((after.saturating_add(1), y));
                if let Some(next) = row.get_mut(xi + width) {
                    *next = false;
                }
            }
        }
        if pen != Pen::default() {
            queue!(w, SetAttribute(Attribute::Reset))?;
        }
        Ok(())
    }

    fn hide_cursor(&mut self) -> std::io::Result<()> {
        if self.cursor_hidden {
            return Ok(());
        }
        self.cursor_hidden = true;
        ratatui::crossterm::execute!(self.out, cursor::Hide)
    }

    fn show_cursor(&mut self) -> std::io::Result<()> {
        self.cursor_hidden = false;
        ratatui::crossterm::execute!(self.out, cursor::Show)
    }

    /// Never asks the terminal. ratatui's `Terminal::clear` asks for the cursor's position
    /// (`ESC [6n`) to put it back afterwards; lector's input thread reads the answer as a key,
    /// so the question timed out after 2 s and the clear failed: after `Ctrl-z` and `fg`, or
    /// `Ctrl-l`, the screen stayed blank. In the full-screen viewport lector hides the cursor and
    /// places it itself, so there is nothing to put back.
    fn get_cursor_position(&mut self) -> std::io::Result<ratatui::layout::Position> {
        Ok(ratatui::layout::Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<ratatui::layout::Position>>(
        &mut self,
        position: P,
    ) -> std::io::Result<()> {
        let p = position.into();
        ratatui::crossterm::execute!(self.out, cursor::MoveTo(p.x, p.y))
    }

    fn clear(&mut self) -> std::io::Result<()> {
        self.clear_region(ratatui::backend::ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ratatui::backend::ClearType) -> std::io::Result<()> {
        use ratatui::backend::ClearType as R;
        use ratatui::crossterm::terminal::{Clear, ClearType as C};
        self.wide.clear();
        let t = match clear_type {
            R::All => C::All,
            R::AfterCursor => C::FromCursorDown,
            R::BeforeCursor => C::FromCursorUp,
            R::CurrentLine => C::CurrentLine,
            R::UntilNewLine => C::UntilNewLine,
        };
        ratatui::crossterm::execute!(self.out, Clear(t))
    }

    /// Asked before every frame (ratatui checks for a resize): crossterm opens `/dev/tty` for
    /// each answer, three system calls a frame; standard output, when it is the terminal,
    /// answers in one.
    fn size(&self) -> std::io::Result<ratatui::layout::Size> {
        match stdout_size() {
            Some(size) => Ok(size),
            None => {
                let (width, height) = ratatui::crossterm::terminal::size()?;
                Ok(ratatui::layout::Size { width, height })
            }
        }
    }

    fn window_size(&mut self) -> std::io::Result<ratatui::backend::WindowSize> {
        let ws = ratatui::crossterm::terminal::window_size()?;
        Ok(ratatui::backend::WindowSize {
            columns_rows: ratatui::layout::Size {
                width: ws.columns,
                height: ws.rows,
            },
            pixels: ratatui::layout::Size {
                width: ws.width,
                height: ws.height,
            },
        })
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    fn append_lines(&mut self, n: u16) -> std::io::Result<()> {
        for _ in 0..n {
            self.out.write_all(b"\n")?;
        }
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::backend::Backend;
    use ratatui::buffer::Buffer;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    /// The bytes a full draw of `text` on one row sends.
    fn drawn(text: &str) -> String {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        buf.set_string(0, 0, text, Style::default());
        let mut out = Vec::new();
        let empty = Buffer::empty(buf.area);
        WideAware::new(&mut out)
            .draw(empty.diff(&buf).into_iter())
            .unwrap();
        String::from_utf8(out).unwrap()
    }

    /// A writer whose bytes the test can still read while the terminal owns it.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl std::io::Write for Shared {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(b);
            Ok(b.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// What a terminal shows after `bytes`: each cell's text (a wide character's right half
    /// left out) and whether it has a background or is reversed.
    fn screen(parser: &vt100::Parser, area: Rect) -> Vec<(String, bool, bool)> {
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
                let bg = c.bgcolor() != vt100::Color::Default;
                out.push((text, bg, c.inverse()));
            }
        }
        out
    }

    /// The same for a buffer, as it should look.
    fn expected(buf: &Buffer) -> Vec<(String, bool, bool)> {
        let mut out = Vec::new();
        let w = usize::from(buf.area.width);
        for (i, c) in buf.content.iter().enumerate() {
            if i % w > 0 && crate::wrap::width(buf.content[i - 1].symbol()) > 1 {
                continue;
            }
            let inverse = c.modifier.contains(ratatui::style::Modifier::REVERSED);
            out.push((
                c.symbol().to_string(),
                c.bg != ratatui::style::Color::Reset,
                inverse,
            ));
        }
        out
    }

    /// Draws `buf` over `prev` as the loop does: the changed cells, with the blank tails.
    fn draw_over(backend: &mut WideAware<Vec<u8>>, prev: &Buffer, buf: &Buffer) -> Vec<u8> {
        *backend.tails.borrow_mut() = blank_tails(buf);
        backend.draw(prev.diff(buf).into_iter()).unwrap();
        std::mem::take(&mut backend.out)
    }

    fn random_buffer(rows: &[Vec<(u8, u8)>], area: Rect) -> Buffer {
        use ratatui::style::{Color, Modifier};
        let mut buf = Buffer::empty(area);
        for (y, row) in rows.iter().enumerate() {
            let mut x = 0;
            for &(word, style) in row {
                let text = ["ab", "中文", " ", "x", "，", "é", "한"][usize::from(word) % 7];
                let style = match style % 4 {
                    0 => Style::default(),
                    1 => Style::default().bg(Color::Indexed(236)),
                    2 => Style::default().add_modifier(Modifier::REVERSED),
                    _ => Style::default().fg(Color::Indexed(3)),
                };
                x = crate::ui::put(&mut buf, x, y as u16, text, usize::MAX, style);
            }
        }
        buf
    }

    proptest::proptest! {
        /// Whatever the frames, a terminal that reads what the backend writes for the second
        /// over the first shows the second: erasing rows' ends never erases text, a wide
        /// character or a coloured cell, and never leaves old text behind.
        #[test]
        fn a_terminal_shows_each_frame_as_drawn(
            first in proptest::collection::vec(
                proptest::collection::vec((0u8..7, 0u8..4), 0..8), 4),
            second in proptest::collection::vec(
                proptest::collection::vec((0u8..7, 0u8..4), 0..8), 4),
        ) {
            let area = Rect::new(0, 0, 14, 4);
            let (a, b) = (random_buffer(&first, area), random_buffer(&second, area));
            let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
            let mut parser = vt100::Parser::new(size(area.height), size(area.width), 0);
            let mut backend = WideAware::new(Vec::new());
            parser.process(&draw_over(&mut backend, &Buffer::empty(area), &a));
            proptest::prop_assert_eq!(screen(&parser, area), expected(&a));
            parser.process(&draw_over(&mut backend, &a, &b));
            proptest::prop_assert_eq!(screen(&parser, area), expected(&b));
        }
    }

    #[test]
    fn the_blank_end_of_a_row_is_erased_not_written() {
        let area = Rect::new(0, 0, 40, 2);
        let mut old = Buffer::empty(area);
        old.set_string(0, 0, "x".repeat(40), Style::default());
        let mut new = Buffer::empty(area);
        new.set_string(0, 0, "short", Style::default());
        let out =
            String::from_utf8(draw_over(&mut WideAware::new(Vec::new()), &old, &new)).unwrap();
        assert!(out.contains("\u{1b}[K"), "{out:?}");
        assert!(!out.contains("  "), "no run of spaces: {out:?}");
        // A coloured blank is not erased: the erase would take the terminal's background.
        let mut coloured = Buffer::empty(area);
        coloured.set_string(0, 0, "short", Style::default());
        coloured.set_style(
            Rect::new(5, 0, 35, 1),
            Style::default().bg(ratatui::style::Color::Indexed(236)),
        );
        let out =
            String::from_utf8(draw_over(&mut WideAware::new(Vec::new()), &old, &coloured)).unwrap();
        assert!(!out.contains("\u{1b}[K"), "{out:?}");
    }

    #[test]
    fn a_frame_that_changes_nothing_writes_nothing() {
        let out = Shared::default();
        // A fixed viewport: the backend is never asked for a terminal's size.
        let mut t = ratatui::Terminal::with_options(
            WideAware::new(out.clone()),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 20, 2)),
            },
        )
        .unwrap();
        let mut draw = |text: &str| {
            t.draw(|f| f.buffer_mut().set_string(0, 0, text, Style::default()))
                .unwrap();
            out.0.borrow().len()
        };
        let first = draw("中文 text");
        assert!(first > 0);
        assert_eq!(draw("中文 text"), first, "an unchanged frame");
        assert!(draw("中文 test") > first, "a changed frame");
    }

    #[test]
    fn clearing_the_screen_asks_the_terminal_nothing() {
        let mut out = Vec::new();
        {
            let mut t = ratatui::Terminal::new(WideAware::new(&mut out)).unwrap();
            t.clear().unwrap();
        }
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains("\u{1b}[6n"), "{out:?}");
        assert!(out.contains("\u{1b}[2J"), "{out:?}");
    }

    #[test]
    fn cjk_is_written_without_a_cursor_move_after_each_character() {
        let out = drawn("中文，ab");
        assert!(out.contains("中文，ab"), "{out:?}");
        // An emoji's width is not trusted: the cursor is placed after it.
        let out = drawn("中😀x");
        assert!(out.contains("中😀\u{1b}[1;5Hx"), "{out:?}");
    }
}
