//! Colours and styles: the dark and light themes, colour overrides from the config file, and
//! what the terminal can show (`NO_COLOR` gives reverse and bold only; `#rrggbb` becomes the
//! nearest of the 256 colours unless `COLORTERM` says the terminal has true colour).

use ratatui::style::{Color, Modifier, Style};
use std::collections::BTreeMap;

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
    /// The line being spoken while the recording plays, and its `▶` in the gutter.
    pub spoken_line: Style,
    pub spoken_mark: Style,
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
            spoken_line: base.bg(Color::Indexed(22)),
            spoken_mark: base.fg(Color::LightGreen).add_modifier(Modifier::BOLD),
        }
    }

    /// For terminals with a light background: darker accents, pale highlights.
    pub fn light() -> Theme {
        let base = Style::default();
        let accent = Color::Indexed(25);
        let pale = Color::Indexed(254);
        let bar = Color::Indexed(252);
        Theme {
            text: base,
            gutter: base.fg(Color::Indexed(244)),
            time: base.fg(Color::Indexed(30)),
            cursor_line: base.bg(pale),
            cursor_gutter: base.fg(accent).bg(pale),
            outline: base,
            outline_header: base.add_modifier(Modifier::BOLD),
            outline_current: base.fg(accent).add_modifier(Modifier::BOLD),
            outline_selected: base.add_modifier(Modifier::REVERSED),
            border: base.fg(Color::Indexed(248)),
            status: base.bg(bar).fg(Color::Black),
            status_error: base
                .bg(Color::Red)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            status_info: base.bg(bar).fg(Color::Indexed(130)),
            prompt: base,
            help: base,
            help_key: base.fg(accent),
            help_heading: base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            search_match: base.bg(Color::Indexed(229)).fg(Color::Black),
            search_current: base
                .bg(Color::Indexed(214))
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            bookmark_mark: base.fg(Color::Magenta).add_modifier(Modifier::BOLD),
            bookmark_line: base.bg(Color::Indexed(189)),
            selection: base.bg(Color::Indexed(153)),
            highlights: [
                base.bg(Color::Indexed(228)).fg(Color::Black),
                base.bg(Color::Indexed(157)).fg(Color::Black),
                base.bg(Color::Indexed(153)).fg(Color::Black),
                base.bg(Color::Indexed(225)).fg(Color::Black),
                base.bg(Color::Indexed(183)).fg(Color::Black),
            ],
            note: base.bg(bar).fg(Color::Magenta),
            spoken_line: base.bg(Color::Indexed(194)),
            spoken_mark: base.fg(Color::Indexed(28)).add_modifier(Modifier::BOLD),
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
            // Each meaning has its own attribute: the reading line is reversed, matches are
            // underlined (the current one bold too), the selection is bold with `|` in the
            // gutter, highlights are italic with their colour's initial in the gutter.
            search_match: base.add_modifier(Modifier::UNDERLINED),
            search_current: bold.add_modifier(Modifier::UNDERLINED),
            bookmark_mark: bold,
            bookmark_line: base,
            selection: bold,
            highlights: [base.add_modifier(Modifier::ITALIC); 5],
            note: rev,
            // The spoken line is told by its `▶` in the gutter.
            spoken_line: base,
            spoken_mark: bold,
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

/// The names of the theme's parts, as the config file's `[colors]` table spells them.
pub const FIELDS: [&str; 30] = [
    "text",
    "gutter",
    "time",
    "cursor_line",
    "cursor_gutter",
    "outline",
    "outline_header",
    "outline_current",
    "outline_selected",
    "border",
    "status",
    "status_error",
    "status_info",
    "prompt",
    "help",
    "help_key",
    "help_heading",
    "search_match",
    "search_current",
    "bookmark_mark",
    "bookmark_line",
    "selection",
    "highlight_yellow",
    "highlight_green",
    "highlight_blue",
    "highlight_pink",
    "highlight_purple",
    "note",
    "spoken_line",
    "spoken_mark",
];

impl Theme {
    /// The style of the part named `name` (one of [`FIELDS`]).
    pub fn style_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "text" => &mut self.text,
            "gutter" => &mut self.gutter,
            "time" => &mut self.time,
            "cursor_line" => &mut self.cursor_line,
            "cursor_gutter" => &mut self.cursor_gutter,
            "outline" => &mut self.outline,
            "outline_header" => &mut self.outline_header,
            "outline_current" => &mut self.outline_current,
            "outline_selected" => &mut self.outline_selected,
            "border" => &mut self.border,
            "status" => &mut self.status,
            "status_error" => &mut self.status_error,
            "status_info" => &mut self.status_info,
            "prompt" => &mut self.prompt,
            "help" => &mut self.help,
            "help_key" => &mut self.help_key,
            "help_heading" => &mut self.help_heading,
            "search_match" => &mut self.search_match,
            "search_current" => &mut self.search_current,
            "bookmark_mark" => &mut self.bookmark_mark,
            "bookmark_line" => &mut self.bookmark_line,
            "selection" => &mut self.selection,
            "highlight_yellow" => &mut self.highlights[0],
            "highlight_green" => &mut self.highlights[1],
            "highlight_blue" => &mut self.highlights[2],
            "highlight_pink" => &mut self.highlights[3],
            "highlight_purple" => &mut self.highlights[4],
            "note" => &mut self.note,
            "spoken_line" => &mut self.spoken_line,
            "spoken_mark" => &mut self.spoken_mark,
            _ => return None,
        })
    }

    /// The theme for a config: the named built-in theme with the overrides applied, in colours
    /// the terminal can show. `NO_COLOR` wins over everything: then it is [`Theme::monochrome`].
    pub fn build(
        name: ThemeName,
        overrides: &BTreeMap<String, StyleOverride>,
        env: ColorEnv,
    ) -> Theme {
        if env.no_color {
            return Theme::monochrome();
        }
        let mut theme = match name {
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
        };
        for (field, o) in overrides {
            if let Some(style) = theme.style_mut(field) {
                *style = o.apply(*style, env.truecolor);
            }
        }
        theme
    }
}

/// A built-in theme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
}

impl ThemeName {
    pub fn parse(s: &str) -> Option<ThemeName> {
        match s {
            "dark" => Some(ThemeName::Dark),
            "light" => Some(ThemeName::Light),
            _ => None,
        }
    }
}

/// What the terminal can show, from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ColorEnv {
    /// `NO_COLOR` is set (and not empty): no colours at all.
    pub no_color: bool,
    /// `COLORTERM` is `truecolor` or `24bit`: `#rrggbb` is shown as it is.
    pub truecolor: bool,
}

impl ColorEnv {
    pub fn from_env() -> ColorEnv {
        let var = |name: &str| std::env::var(name).unwrap_or_default();
        ColorEnv {
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            truecolor: matches!(
                var("COLORTERM").to_ascii_lowercase().as_str(),
                "truecolor" | "24bit"
            ),
        }
    }
}

/// A change to one part of the theme, from the config file: colours, and attributes to turn on
/// or off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StyleOverride {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub add: Modifier,
    pub remove: Modifier,
}

impl StyleOverride {
    /// `style` with this override applied; a `#rrggbb` colour is downgraded to the 256-colour
    /// palette unless the terminal has true colour.
    pub fn apply(&self, style: Style, truecolor: bool) -> Style {
        let fit = |c: Color| if truecolor { c } else { to_256(c) };
        let mut s = style;
        if let Some(c) = self.fg {
            s = s.fg(fit(c));
        }
        if let Some(c) = self.bg {
            s = s.bg(fit(c));
        }
        s.add_modifier(self.add).remove_modifier(self.remove)
    }
}

/// The attribute names a `[colors]` entry may turn on or off.
pub const ATTRIBUTES: [(&str, Modifier); 5] = [
    ("bold", Modifier::BOLD),
    ("dim", Modifier::DIM),
    ("italic", Modifier::ITALIC),
    ("underline", Modifier::UNDERLINED),
    ("reverse", Modifier::REVERSED),
];

/// Parses a colour: a name (`yellow`, `dark_gray`, `light-blue`, `default`), `#rrggbb`, or a
/// number 0–255 of the 256-colour palette.
pub fn parse_color(s: &str) -> Option<Color> {
    let t = s.trim();
    if let Some(hex) = t.strip_prefix('#') {
        if hex.len() != 6 || !hex.is_ascii() {
            return None;
        }
        let part = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
        return Some(Color::Rgb(part(0)?, part(2)?, part(4)?));
    }
    if let Ok(n) = t.parse::<u8>() {
        return Some(Color::Indexed(n));
    }
    let name: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .collect::<String>()
        .to_ascii_lowercase()
        .replace("grey", "gray");
    Some(match name.as_str() {
        "default" | "reset" | "none" => Color::Reset,
        "black" => Color::Black,
        "red" => Color::Red,
        "green" => Color::Green,
        "yellow" => Color::Yellow,
        "blue" => Color::Blue,
        "magenta" => Color::Magenta,
        "cyan" => Color::Cyan,
        "gray" => Color::Gray,
        "darkgray" => Color::DarkGray,
        "lightred" => Color::LightRed,
        "lightgreen" => Color::LightGreen,
        "lightyellow" => Color::LightYellow,
        "lightblue" => Color::LightBlue,
        "lightmagenta" => Color::LightMagenta,
        "lightcyan" => Color::LightCyan,
        "white" => Color::White,
        _ => return None,
    })
}

/// The nearest colour of the xterm 256-colour palette (its 6×6×6 cube or its grey ramp) to a
/// true colour; other colours are returned as they are.
pub fn to_256(c: Color) -> Color {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let Color::Rgb(r, g, b) = c else {
        return c;
    };
    let nearest_level = |v: u8| -> usize {
        (0..6)
            .min_by_key(|&i| (i32::from(LEVELS[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let dist = |(r2, g2, b2): (u8, u8, u8)| -> i32 {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(r, r2) + d(g, g2) + d(b, b2)
    };
    let (ri, gi, bi) = (nearest_level(r), nearest_level(g), nearest_level(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let cube_index = 16 + 36 * ri + 6 * gi + bi;
    // The grey ramp: 232..=255 are 8, 18, …, 238.
    let avg = (i32::from(r) + i32::from(g) + i32::from(b)) / 3;
    let gi_ramp = ((avg - 8 + 5) / 10).clamp(0, 23);
    let grey = (8 + 10 * gi_ramp) as u8;
    if dist((grey, grey, grey)) < dist(cube) {
        Color::Indexed(232 + gi_ramp as u8)
    } else {
        Color::Indexed(cube_index as u8)
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::dark()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse() {
        assert_eq!(parse_color("yellow"), Some(Color::Yellow));
        assert_eq!(parse_color("Dark_Grey"), Some(Color::DarkGray));
        assert_eq!(parse_color("light-blue"), Some(Color::LightBlue));
        assert_eq!(parse_color("#ffcc00"), Some(Color::Rgb(255, 204, 0)));
        assert_eq!(parse_color("236"), Some(Color::Indexed(236)));
        assert_eq!(parse_color("default"), Some(Color::Reset));
        for bad in ["blurple", "#ffcc0", "#gggggg", "256", "", "#ffcc00aa"] {
            assert_eq!(parse_color(bad), None, "{bad}");
        }
    }

    #[test]
    fn true_colour_downgrades_to_the_nearest_of_256() {
        assert_eq!(to_256(Color::Rgb(0, 0, 0)), Color::Indexed(16));
        assert_eq!(to_256(Color::Rgb(255, 255, 255)), Color::Indexed(231));
        assert_eq!(to_256(Color::Rgb(255, 204, 0)), Color::Indexed(220));
        assert_eq!(to_256(Color::Rgb(0x30, 0x30, 0x30)), Color::Indexed(236));
        assert_eq!(to_256(Color::Rgb(0x80, 0x80, 0x80)), Color::Indexed(244));
        assert_eq!(to_256(Color::Yellow), Color::Yellow);
        assert_eq!(to_256(Color::Indexed(7)), Color::Indexed(7));
    }

    #[test]
    fn every_field_has_a_name() {
        let mut t = Theme::dark();
        for f in FIELDS {
            assert!(t.style_mut(f).is_some(), "{f}");
        }
        assert!(t.style_mut("nope").is_none());
    }

    #[test]
    fn overrides_apply_and_no_color_wins() {
        let o = StyleOverride {
            fg: Some(Color::Rgb(255, 204, 0)),
            add: Modifier::ITALIC,
            ..Default::default()
        };
        let overrides = BTreeMap::from([("time".to_string(), o)]);
        let env = ColorEnv {
            no_color: false,
            truecolor: true,
        };
        let t = Theme::build(ThemeName::Dark, &overrides, env);
        assert_eq!(t.time.fg, Some(Color::Rgb(255, 204, 0)));
        assert!(t.time.add_modifier.contains(Modifier::ITALIC));
        let t = Theme::build(ThemeName::Light, &overrides, ColorEnv::default());
        assert_eq!(t.time.fg, Some(Color::Indexed(220)));
        assert_eq!(t.cursor_line, Theme::light().cursor_line);
        let t = Theme::build(
            ThemeName::Dark,
            &overrides,
            ColorEnv {
                no_color: true,
                truecolor: true,
            },
        );
        assert_eq!(t, Theme::monochrome());
    }
}
