//! The terminal: putting it in the state lector draws in and giving it back as it was found (on
//! quit, error, panic and signals), the clipboard (OSC 52), and the backend that writes frames
//! (only what changed, CJK text without a cursor move after each character, blank row ends
//! erased).

use super::screen::{FrameShare, Screen};
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

/// lector's backend: crossterm's commands, writing each frame as [`super::screen`] says (only
/// what changed, scrolls as scrolls, blank row ends erased, no cursor move after each CJK
/// character). ratatui's list of changed cells is not used: the loop shares the whole frame
/// ([`FrameShare`]).
pub struct WideAware<W: std::io::Write> {
    out: W,
    /// Whether the cursor is known to be hidden (`setup` hides it; a prompt shows it).
    cursor_hidden: bool,
    frame: FrameShare,
    screen: Screen,
}

impl<W: std::io::Write> WideAware<W> {
    /// Over `inner`, on a terminal that [`setup`] prepared (the cursor hidden).
    pub fn new(out: W) -> Self {
        WideAware {
            out,
            cursor_hidden: true,
            frame: FrameShare::default(),
            screen: Screen::default(),
        }
    }

    /// Where the loop puts each frame it draws.
    pub fn frame(&self) -> FrameShare {
        self.frame.clone()
    }
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

    /// Writes the frame the loop shared (see [`super::screen`]); ratatui's list of changed cells
    /// is not read.
    fn draw<'a, I>(&mut self, _content: I) -> std::io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a ratatui::buffer::Cell)>,
    {
        self.screen
            .update(&mut self.out, &mut self.frame.borrow_mut())
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
        if clear_type == R::All {
            self.screen.forget();
        }
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
        let mut backend = WideAware::new(&mut out);
        backend.frame().borrow_mut().take(&mut buf, None);
        backend.draw(std::iter::empty()).unwrap();
        drop(backend);
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

    #[test]
    fn a_frame_that_changes_nothing_writes_nothing() {
        let out = Shared::default();
        let backend = WideAware::new(out.clone());
        let frame = backend.frame();
        // A fixed viewport: the backend is never asked for a terminal's size.
        let mut t = ratatui::Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(Rect::new(0, 0, 20, 2)),
            },
        )
        .unwrap();
        let mut draw = |text: &str| {
            t.draw(|f| {
                f.buffer_mut().set_string(0, 0, text, Style::default());
                frame.borrow_mut().take(f.buffer_mut(), None);
            })
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
        // An emoji's width is not trusted: its right half is blanked first (so that a terminal
        // that draws it one column wide shows a blank there), and the cursor is placed after it.
        let out = drawn("中😀x");
        assert!(
            out.contains("中\u{1b}[1;4H \u{1b}[1;3H😀\u{1b}[1;5Hx"),
            "{out:?}"
        );
    }
}
