//! Colours and styles. `NO_COLOR` gives a theme of reverse and bold only.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub text: Style,
    pub gutter: Style,
    pub time: Style,
    pub cursor_line: Style,
    pub cursor_gutter: Style,
    pub outline: Style,
    pub outline_header: Style,
    pub outline_current: Style,
    pub outline_selected: Style,
    pub border: Style,
    pub status: Style,
    pub status_error: Style,
    pub status_info: Style,
    pub prompt: Style,
    pub help: Style,
    pub help_key: Style,
    pub help_heading: Style,
    pub search_match: Style,
    pub search_current: Style,
    /// The `*` of a bookmark in the gutter, and a bookmarked line's background.
    pub bookmark_mark: Style,
    pub bookmark_line: Style,
    /// Lines being selected (`v`).
    pub selection: Style,
    /// Highlights, by colour: yellow, green, blue, pink, purple.
    pub highlights: [Style; 5],
    /// A bookmark's note in the status bar.
    pub note: Style,
}

impl Theme {
    pub fn dark() -> Theme {
        let base = Style::default();
        Theme {
            text: base,
            gutter: base.fg(Color::DarkGray),
            time: base.fg(Color::Cyan),
            cursor_line: base.bg(Color::Indexed(236)),
            cursor_gutter: base.fg(Color::Yellow).bg(Color::Indexed(236)),
            outline: base,
            outline_header: base.add_modifier(Modifier::BOLD),
            outline_current: base.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            outline_selected: base.add_modifier(Modifier::REVERSED),
            border: base.fg(Color::DarkGray),
            status: base.bg(Color::Indexed(238)).fg(Color::White),
            status_error: base
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            status_info: base.bg(Color::Indexed(238)).fg(Color::Yellow),
            prompt: base,
            help: base,
            help_key: base.fg(Color::Yellow),
            help_heading: base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            search_match: base.bg(Color::Yellow).fg(Color::Black),
            search_current: base
                .bg(Color::LightRed)
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            bookmark_mark: base.fg(Color::LightMagenta).add_modifier(Modifier::BOLD),
            bookmark_line: base.bg(Color::Indexed(17)),
            selection: base.bg(Color::Indexed(24)),
            highlights: [
                base.bg(Color::Indexed(184)).fg(Color::Black),
                base.bg(Color::Indexed(114)).fg(Color::Black),
                base.bg(Color::Indexed(117)).fg(Color::Black),
                base.bg(Color::Indexed(218)).fg(Color::Black),
                base.bg(Color::Indexed(183)).fg(Color::Black),
            ],
            note: base.bg(Color::Indexed(238)).fg(Color::LightMagenta),
        }
    }

    /// No colours at all, for `NO_COLOR`: reverse and bold carry the meaning.
    pub fn monochrome() -> Theme {
        let base = Style::default();
        let rev = base.add_modifier(Modifier::REVERSED);
        let bold = base.add_modifier(Modifier::BOLD);
        Theme {
            text: base,
            gutter: base,
            time: base,
            cursor_line: rev,
            cursor_gutter: rev,
            outline: base,
            outline_header: bold,
            outline_current: bold,
            outline_selected: rev,
            border: base,
            status: rev,
            status_error: rev.add_modifier(Modifier::BOLD),
            status_info: rev,
            prompt: base,
            help: base,
            help_key: bold,
            help_heading: bold,
            search_match: base.add_modifier(Modifier::UNDERLINED),
            search_current: rev.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            bookmark_mark: bold,
            bookmark_line: base,
            selection: rev,
            // Without colour, every highlight is underlined; the gutter shows its colour's
            // initial.
            highlights: [base.add_modifier(Modifier::UNDERLINED); 5],
            note: rev,
        }
    }

    /// The theme for this environment: monochrome when `NO_COLOR` is set and not empty.
    pub fn from_env() -> Theme {
        match std::env::var_os("NO_COLOR") {
            Some(v) if !v.is_empty() => Theme::monochrome(),
            _ => Theme::dark(),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}
