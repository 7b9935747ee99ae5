//! AppState: everything the screen shows, and read-only queries on it (layout, wrapped rows).
//!
//! The state is changed only by `update`; the view reads it. The terminal size is stored here
//! (from the last resize), so that `update` can keep the cursor in view without the terminal.

use crate::keymap::{KeyMode, Keymap};
use crate::notes::{Color, Notes};
use crate::outline::Outline;
use crate::search::{Match, Matcher};
use crate::transcript::Document;
use crate::wrap;
use ratatui::layout::Rect;
use std::sync::Arc;

/// Below this size the screen shows a one-line notice instead of the panes.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 4;
/// The outline pane is shown only when the terminal is at least this wide.
pub const OUTLINE_MIN_TERMINAL_WIDTH: u16 = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Transcript,
    Outline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Prompt(Prompt),
    Help,
    /// Selecting lines from `anchor` to the cursor.
    Visual {
        anchor: usize,
    },
    /// The bookmarks list.
    Bookmarks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    /// `:` — a line, percent or time.
    Goto,
    /// `/` — search forward.
    SearchForward,
    /// `?` — search backward.
    SearchBackward,
    /// `/` in the outline pane — filter the topics.
    OutlineFilter,
    /// `a` — the note on the bookmark of this (0-based) line.
    Note(usize),
    /// `/` in the bookmarks list — filter it.
    ListFilter,
    /// `t` — the title of a new topic at this (0-based) line.
    NewTopic(usize),
    /// `r` in the outline — the new title of the topic at this (0-based) line.
    RenameTopic(usize),
}

impl PromptKind {
    pub fn sigil(self) -> &'static str {
        match self {
            PromptKind::Goto => ":",
            PromptKind::SearchForward => "/",
            PromptKind::SearchBackward => "?",
            PromptKind::OutlineFilter | PromptKind::ListFilter => "filter: ",
            PromptKind::Note(_) => "note: ",
            PromptKind::NewTopic(_) => "new topic: ",
            PromptKind::RenameTopic(_) => "rename topic: ",
        }
    }

    pub fn is_search(self) -> bool {
        matches!(self, PromptKind::SearchForward | PromptKind::SearchBackward)
    }
}

/// The view: cursor line and the first row on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub cursor: usize,
    pub top: usize,
    pub top_row: usize,
}

/// A search and what is known of its matches so far.
#[derive(Debug, Clone)]
pub struct Search {
    pub matcher: Arc<Matcher>,
    /// Started with `?`: `n` goes backward.
    pub backward: bool,
    /// The matches found so far, in document order.
    pub matches: Vec<Match>,
    /// How far the scan has got (percent), and whether it is done.
    pub progress: u8,
    pub done: bool,
    /// Tells this search's results from an older one's.
    pub generation: u64,
    /// The match the cursor is on (index into `matches`).
    pub current: Option<usize>,
    /// A jump waiting for results that have not arrived yet.
    pub pending: Option<PendingJump>,
}

/// A jump to a match that will be made when the scan gets far enough.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingJump {
    /// Look for the first match after this line (forward) or the last before it (backward);
    /// `None`: from the very start (the command line's `+/PATTERN`).
    pub from: Option<usize>,
    pub backward: bool,
    /// Record the jump in the jump list (a confirmed search, `n`, `N`), not a typing preview.
    pub record: bool,
}

/// Where jumps came from, for `Ctrl-o` (back) and `Ctrl-n` (forward).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JumpList {
    pub entries: Vec<usize>,
    /// Position in `entries`; `entries.len()` means "at the newest place, not in the list".
    pub index: usize,
}

impl JumpList {
    pub const MAX: usize = 100;

    /// Records a jump away from `from`. Forward history past the current position is dropped.
    pub fn push(&mut self, from: usize) {
        self.entries.truncate(self.index);
        if self.entries.last() != Some(&from) {
            self.entries.push(from);
        }
        if self.entries.len() > Self::MAX {
            self.entries.remove(0);
        }
        self.index = self.entries.len();
    }

    /// Goes back from `current`: the line to jump to.
    pub fn back(&mut self, current: usize) -> Option<usize> {
        if self.index == self.entries.len() {
            // Remember where we are, so that forward can return here.
            if self.entries.last() == Some(&current) {
                self.index -= 1;
            } else {
                self.entries.push(current);
            }
        }
        if self.index == 0 {
            return None;
        }
        self.index -= 1;
        self.entries.get(self.index).copied()
    }

    /// Goes forward again after `back`.
    pub fn forward(&mut self) -> Option<usize> {
        if self.index + 1 >= self.entries.len() {
            return None;
        }
        self.index += 1;
        self.entries.get(self.index).copied()
    }
}

/// A one-line text prompt with a cursor (a byte offset on a char boundary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    pub text: String,
    pub cursor: usize,
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Self {
        Prompt {
            kind,
            text: String::new(),
            cursor: 0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Info,
    Error,
}

/// A notice in the status bar, until the next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub kind: MessageKind,
    pub text: String,
}

/// A position in the wrapped text: a line and a row within it.
pub type RowPos = (usize, usize);

/// Where each part of the screen goes, derived from the terminal size and the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// The whole outline pane, including its header row and right border.
    pub outline: Option<Rect>,
    /// The outline's list of topics (below the header, left of the border).
    pub outline_list: Option<Rect>,
    /// Line numbers and times.
    pub gutter: Rect,
    /// The transcript text.
    pub text: Rect,
    pub status: Rect,
    /// Width of the line-number column (0 when there is no room) and of the time column.
    pub number_width: u16,
    pub time_width: u16,
    pub too_small: bool,
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub doc: Arc<Document>,
    pub outline: Outline,
    pub keymap: Arc<Keymap>,
    /// The cursor line (0-based).
    pub cursor: usize,
    /// The first line on screen and how many of its rows are scrolled off the top.
    pub top: usize,
    pub top_row: usize,
    pub focus: Focus,
    pub mode: Mode,
    pub show_outline: bool,
    /// The selected topic in the outline pane and the first topic shown.
    pub outline_sel: usize,
    pub outline_top: usize,
    pub help_scroll: usize,
    /// Terminal size in cells (columns, rows).
    pub size: (u16, u16),
    pub message: Option<Message>,
    /// Where the notes/outline came from etc.: shown in the help overlay.
    pub info: Vec<(String, String)>,
    pub theme: crate::ui::theme::Theme,
    /// Cells the widest topic needs (marker, indent, title): sizes the outline pane.
    pub outline_title_width: u16,
    /// While the automatic outline is computed in the background: percent done.
    pub outline_progress: Option<u8>,
    /// The outline pane's filter (`/` there), and the topics it lets through (all when none).
    pub outline_filter: Option<String>,
    pub outline_shown: Vec<usize>,
    /// The last search (highlighted, `n`/`N`), and the one before a search prompt opened.
    pub search: Option<Search>,
    pub search_before: Option<Search>,
    /// The view when a search prompt opened: `Esc` returns to it.
    pub search_origin: Option<View>,
    /// Numbers the searches, so that results of an old one are ignored.
    pub search_generation: u64,
    /// Past search queries, oldest first; the position while browsing them with ↑/↓ and the
    /// text typed before browsing.
    pub history: Vec<String>,
    pub history_pos: Option<usize>,
    pub history_draft: String,
    pub jumps: JumpList,
    /// Bookmarks and highlights (1-based lines, as in the notes file).
    pub notes: Notes,
    /// Counts changes to `notes`, so a save's result can tell whether more came since.
    pub notes_version: u64,
    /// The notes file, and why annotations are read-only this run (a file that will not parse).
    pub notes_path: Option<std::path::PathBuf>,
    pub notes_readonly: Option<String>,
    /// The last save failed with this (cleared by the next successful save).
    pub notes_error: Option<String>,
    /// The colour new highlights get.
    pub highlight_color: Color,
    /// The bookmarks list: open (also while its prompts are), filter, selected and first shown
    /// entry (indices into `notes.bookmarks`).
    pub list_open: bool,
    pub list_filter: Option<String>,
    pub list_sel: usize,
    pub list_top: usize,
    /// The outline before the user's edits (sidecar, headings, or the automatic one), and
    /// whether it is automatic (then edits recompute it in the background).
    pub outline_base: Outline,
    pub outline_auto: bool,
    /// The clock for new bookmarks' `created` (fixed in tests).
    pub clock: fn() -> Option<toml::Value>,
    pub quit: bool,
    /// Options from the config file (outline width and side, wrap, line numbers, mouse).
    pub options: crate::config::Options,
}

impl AppState {
    pub fn new(doc: Arc<Document>, outline: Outline, keymap: Arc<Keymap>) -> Self {
        let mut s = AppState::bare(doc, outline, keymap).with_outline_measured();
        s.refilter_outline();
        s
    }

    /// Recomputes which topics the outline filter lets through.
    pub fn refilter_outline(&mut self) {
        let matcher = self.outline_filter.as_deref().and_then(Matcher::new);
        self.outline_shown = (0..self.outline.len())
            .filter(|&i| {
                matcher
                    .as_ref()
                    .is_none_or(|m| m.is_match(&self.outline.topics[i].title))
            })
            .collect();
    }

    /// The view as it is now.
    pub fn view(&self) -> View {
        View {
            cursor: self.cursor,
            top: self.top,
            top_row: self.top_row,
        }
    }

    pub fn set_view(&mut self, v: View) {
        self.cursor = v.cursor;
        self.top = v.top;
        self.top_row = v.top_row;
    }

    fn bare(doc: Arc<Document>, outline: Outline, keymap: Arc<Keymap>) -> Self {
        let outline_copy = outline.clone();
        AppState {
            doc,
            outline,
            keymap,
            cursor: 0,
            top: 0,
            top_row: 0,
            focus: Focus::Transcript,
            mode: Mode::Normal,
            show_outline: true,
            outline_sel: 0,
            outline_top: 0,
            help_scroll: 0,
            size: (80, 24),
            message: None,
            info: Vec::new(),
            theme: crate::ui::theme::Theme::default(),
            outline_title_width: 0,
            outline_progress: None,
            outline_filter: None,
            outline_shown: Vec::new(),
            search: None,
            search_before: None,
            search_origin: None,
            search_generation: 0,
            history: Vec::new(),
            history_pos: None,
            history_draft: String::new(),
            jumps: JumpList::default(),
            notes: Notes::default(),
            notes_version: 0,
            notes_path: None,
            notes_readonly: None,
            notes_error: None,
            highlight_color: Color::Yellow,
            list_open: false,
            list_filter: None,
            list_sel: 0,
            list_top: 0,
            clock: || Some(crate::notes::model::now()),
            outline_base: outline_copy,
            outline_auto: false,
            quit: false,
            options: crate::config::Options::default(),
        }
    }

    /// Replaces the outline and re-measures its widest title.
    pub fn set_outline(&mut self, outline: Outline) {
        self.outline_title_width = widest_title(&outline);
        self.outline = outline;
        self.refilter_outline();
    }

    fn with_outline_measured(mut self) -> Self {
        self.outline_title_width = widest_title(&self.outline);
        self
    }

    /// Which key table applies now.
    pub fn key_mode(&self) -> KeyMode {
        match (&self.mode, self.focus) {
            (Mode::Prompt(_), _) => KeyMode::Prompt,
            (Mode::Help, _) => KeyMode::Help,
            (Mode::Visual { .. }, _) => KeyMode::Visual,
            (Mode::Bookmarks, _) => KeyMode::Bookmarks,
            (Mode::Normal, Focus::Outline) => KeyMode::Outline,
            (Mode::Normal, Focus::Transcript) => KeyMode::Transcript,
        }
    }

    /// Whether the outline pane is on screen (wanted and the terminal wide enough).
    pub fn outline_visible(&self) -> bool {
        self.show_outline && self.size.0 >= OUTLINE_MIN_TERMINAL_WIDTH
    }

    /// The time format's width: `m:ss` (or `mm:ss`) below an hour, `h:mm:ss` above.
    pub fn time_width(&self) -> u16 {
        match self.doc.duration() {
            None => 0,
            Some(ms) if ms >= 3_600_000 => format_time(ms, true).len() as u16,
            Some(ms) if ms >= 600_000 => 5,
            Some(_) => 4,
        }
    }

    pub fn layout(&self) -> Layout {
        let (w, h) = self.size;
        let too_small = w < MIN_WIDTH || h < MIN_HEIGHT;
        let main_h = h.saturating_sub(1);
        let status = Rect::new(0, main_h, w, h.min(1));
        let right = self.options.outline_side == crate::config::Side::Right;
        let (outline, outline_list, tx) = if self.outline_visible() && !too_small {
            let ow = self.options.outline_pane_width(self.outline_title_width, w);
            // On the right, the pane's border is its first column.
            let (px, lx) = if right { (w - ow, w - ow + 1) } else { (0, 0) };
            let pane = Rect::new(px, 0, ow, main_h);
            let list = Rect::new(lx, 1, ow.saturating_sub(1), main_h.saturating_sub(1));
            (Some(pane), Some(list), ow)
        } else {
            (None, None, 0)
        };
        let tw = w - tx;
        // Where the transcript pane starts: after the outline, or at the left edge.
        let tx = if right { 0 } else { tx };
        let digits = digits(self.doc.len()) as u16;
        let mut time_width = self.time_width();
        let mut number_width = if self.options.line_numbers { digits } else { 0 };
        // Keep at least 12 cells of text: drop the time column first, then the numbers.
        // One column of marks (bookmark `*`, highlight colour) comes first.
        let gutter_w = |n: u16, t: u16| {
            let mut g = 1;
            if n > 0 {
                g += n + 1;
            }
            if t > 0 {
                g += t + 1;
            }
            g
        };
        if tw < gutter_w(number_width, time_width) + 12 {
            time_width = 0;
        }
        if tw < gutter_w(number_width, time_width) + 12 {
            number_width = 0;
        }
        let gw = gutter_w(number_width, time_width).min(tw);
        Layout {
            outline,
            outline_list,
            gutter: Rect::new(tx, 0, gw, main_h),
            text: Rect::new(tx + gw, 0, tw - gw, main_h),
            status,
            number_width,
            time_width,
            too_small,
        }
    }

    /// Width and height of the transcript text area.
    pub fn text_size(&self) -> (usize, usize) {
        let t = self.layout().text;
        (t.width as usize, t.height as usize)
    }

    /// Rows line `i` takes at the current width (one when wrapping is off).
    pub fn rows(&self, i: usize) -> usize {
        if !self.options.wrap {
            return 1;
        }
        let (w, _) = self.text_size();
        wrap::row_count(self.doc.line(i), w.max(1))
    }

    /// The position `n` rows after `pos`, stopping at the last row of the document.
    pub fn advance(&self, pos: RowPos, n: usize) -> RowPos {
        let (mut line, mut row) = (pos.0, pos.1 + n);
        loop {
            let h = self.rows(line);
            if row < h {
                return (line, row);
            }
            if line + 1 >= self.doc.len() {
                return (line, h - 1);
            }
            row -= h;
            line += 1;
        }
    }

    /// The position `n` rows before `pos`, stopping at the first row.
    pub fn retreat(&self, pos: RowPos, n: usize) -> RowPos {
        let (mut line, mut row) = (pos.0, pos.1 as isize - n as isize);
        while row < 0 {
            if line == 0 {
                return (0, 0);
            }
            line -= 1;
            row += self.rows(line) as isize;
        }
        (line, row as usize)
    }

    /// The last row of the document.
    pub fn end_pos(&self) -> RowPos {
        let last = self.doc.len() - 1;
        (last, self.rows(last) - 1)
    }

    /// The furthest the view may scroll: the last row sits on the bottom row of the screen.
    pub fn max_top(&self) -> RowPos {
        let (_, h) = self.text_size();
        self.retreat(self.end_pos(), h.saturating_sub(1))
    }

    /// The last row on screen.
    pub fn bottom_pos(&self) -> RowPos {
        let (_, h) = self.text_size();
        self.advance((self.top, self.top_row), h.saturating_sub(1))
    }

    /// The line shown on screen row `row` of the text area (None below the end).
    pub fn line_at_row(&self, row: usize) -> Option<usize> {
        let start = (self.top, self.top_row);
        let pos = self.advance(start, row);
        // advance stops at the end: anything past it is blank.
        if pos == self.end_pos() && self.rows_between(start, pos) < row {
            return None;
        }
        Some(pos.0)
    }

    /// Rows from `a` to `b` (b after a), counting at most a screenful.
    fn rows_between(&self, a: RowPos, b: RowPos) -> usize {
        if a.0 == b.0 {
            return b.1.saturating_sub(a.1);
        }
        let mut n = self.rows(a.0) - a.1;
        for l in a.0 + 1..b.0 {
            n += self.rows(l);
        }
        n + b.1
    }

    /// The topic holding the cursor line.
    pub fn current_topic(&self) -> Option<usize> {
        self.outline.topic_at(self.cursor)
    }

    /// Rows available to the outline's topic list.
    pub fn outline_list_height(&self) -> usize {
        self.layout().outline_list.map_or(0, |r| r.height as usize)
    }

    /// The selected lines (0-based, inclusive) while selecting, else the cursor line.
    pub fn selection(&self) -> (usize, usize) {
        match self.mode {
            Mode::Visual { anchor } => (anchor.min(self.cursor), anchor.max(self.cursor)),
            _ => (self.cursor, self.cursor),
        }
    }

    /// The bookmarks the list shows (indices into `notes.bookmarks`), after its filter.
    pub fn list_shown(&self) -> Vec<usize> {
        let matcher = self.list_filter.as_deref().and_then(Matcher::new);
        (0..self.notes.bookmarks.len())
            .filter(|&i| {
                let b = &self.notes.bookmarks[i];
                matcher.as_ref().is_none_or(|m| {
                    m.is_match(&b.text) || b.note.as_deref().is_some_and(|n| m.is_match(n))
                })
            })
            .collect()
    }

    /// Percent through the document at the cursor line.
    pub fn percent(&self) -> usize {
        let len = self.doc.len();
        if len <= 1 {
            return 100;
        }
        self.cursor * 100 / (len - 1)
    }
}

/// Cells the widest topic needs in the outline pane: marker, indent and title.
fn widest_title(outline: &Outline) -> u16 {
    let widest = outline
        .topics
        .iter()
        .map(|t| 2 + 2 * t.level.saturating_sub(1) as usize + wrap::width(&t.title))
        .max()
        .unwrap_or(0);
    widest.min(u16::MAX as usize) as u16
}

/// Number of decimal digits of `n` (at least 1).
pub fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}

/// `m:ss`, or `h:mm:ss` when `hours` is set.
pub fn format_time(ms: u32, hours: bool) -> String {
    let s = ms / 1000;
    if hours {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_formats() {
        assert_eq!(format_time(90_500, false), "1:30");
        assert_eq!(format_time(3_723_000, true), "1:02:03");
        assert_eq!(digits(313), 3);
        assert_eq!(digits(0), 1);
    }
}

#[cfg(test)]
mod jump_tests {
    use super::JumpList;

    #[test]
    fn back_and_forward_like_a_browser() {
        let mut j = JumpList::default();
        assert_eq!(j.back(5), None);
        j.push(10); // jumped 10 → 50
        j.push(50); // jumped 50 → 90
        assert_eq!(j.back(90), Some(50));
        assert_eq!(j.back(50), Some(10));
        assert_eq!(j.back(10), None);
        assert_eq!(j.forward(), Some(50));
        assert_eq!(j.forward(), Some(90));
        assert_eq!(j.forward(), None);
        // A new jump from the middle drops the forward history.
        assert_eq!(j.back(90), Some(50));
        j.push(50); // jumped 50 → 200
        assert_eq!(j.forward(), None);
        assert_eq!(j.back(200), Some(50));
        assert_eq!(j.back(50), Some(10));
    }
}
