//! The options that change how lector looks and behaves: what the config file sets and the
//! state keeps a copy of.

use std::path::PathBuf;

/// The narrowest and widest outline pane `outline_width` may ask for (the pane is also never
/// more than half the terminal).
pub const OUTLINE_WIDTH_MIN: u16 = 8;
pub const OUTLINE_WIDTH_MAX: u16 = 500;

/// How wide the outline pane is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutlineWidth {
    /// As wide as the longest title allows: 16 cells up to 40 (a third of a terminal wider than
    /// 120, up to 80), and at most 40% of the terminal.
    #[default]
    Auto,
    /// This many cells (at most half the terminal).
    Cells(u16),
}

/// Which side of the screen the outline pane is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    #[default]
    Left,
    Right,
}

/// The options that change how lector looks and behaves (the state keeps a copy).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub outline_width: OutlineWidth,
    pub outline_side: Side,
    /// Wrap long lines; off: one row a line, cut at the pane's edge.
    pub wrap: bool,
    /// At most this many cells of text a row (0: the whole pane).
    pub text_width: u16,
    pub line_numbers: bool,
    /// The start times of a timed transcript in the gutter.
    pub times: bool,
    /// Open in the paragraph view (caption lines joined into paragraphs).
    pub paragraphs: bool,
    /// The most a file or a pipe may hold (`--max-size` wins over it).
    pub max_size: Option<u64>,
    /// Capture the mouse; off leaves it to the terminal (its own text selection).
    pub mouse: bool,
    /// Where notes are stored, resolved (`~` expanded, relative to the config file); `None`:
    /// the notes' own default, `$XDG_DATA_HOME/lector/`.
    pub notes_dir: Option<PathBuf>,
    /// How the recording is played (`[player]`).
    pub player: PlayerConfig,
}

/// The config's `[player]` table: how mpv is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayerConfig {
    /// The player command, looked up on `PATH` (default `mpv`).
    pub command: String,
    /// More arguments for it, before lector's own (e.g. `["--ao=pulse"]`).
    pub args: Vec<String>,
    /// Open mpv's video window too (default: audio only). `--video` turns it on for one run.
    pub video: bool,
}

impl Default for PlayerConfig {
    fn default() -> Self {
        PlayerConfig {
            command: crate::player::DEFAULT_COMMAND.to_string(),
            args: Vec::new(),
            video: false,
        }
    }
}

impl Default for Options {
    /// The same as the embedded defaults (a test checks that they agree).
    fn default() -> Self {
        Options {
            outline_width: OutlineWidth::Auto,
            outline_side: Side::Left,
            wrap: true,
            text_width: 100,
            line_numbers: true,
            times: true,
            paragraphs: false,
            max_size: Some(crate::load::DEFAULT_MAX_SIZE),
            mouse: true,
            notes_dir: None,
            player: PlayerConfig::default(),
        }
    }
}

impl Options {
    /// The outline pane's width, border included, in a terminal `term_w` cells wide when its
    /// widest topic needs `title_w` cells.
    pub fn outline_pane_width(&self, title_w: u16, term_w: u16) -> u16 {
        match self.outline_width {
            // As wide as the titles need: at least 16 cells, at most 40 or a third of a wide
            // terminal (up to 80), and never more than 40% of it.
            OutlineWidth::Auto => {
                let most = (term_w / 3).clamp(40, 80);
                title_w
                    .saturating_add(2)
                    .clamp(16, most)
                    .min((u32::from(term_w) * 2 / 5) as u16)
            }
            OutlineWidth::Cells(n) => n.max(OUTLINE_WIDTH_MIN).min(term_w / 2),
        }
    }
}
