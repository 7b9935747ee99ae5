//! AppState: everything the screen shows, made of named parts, and read-only queries on it.
//!
//! The state is changed only by `update`; the view reads it. Each part has its own `update`
//! submodule: the viewport (`update::view`), the outline pane, the search, the notes, the
//! bookmarks list, the prompts. Lines are 0-based everywhere in memory; 1-based numbers exist only
//! in files and on screen.

mod help;
mod jumps;
mod list;
mod notes;
mod outline;
mod player;
mod prompt;
mod search;
mod viewport;

pub use help::{HelpRow, HelpView, RowKind, describe_in};
pub use jumps::JumpList;
pub use list::BookmarkList;
pub use notes::NotesState;
pub use outline::OutlinePane;
pub use player::PlayerState;
pub use prompt::{Prompt, PromptKind};
pub use search::{History, PendingJump, Search, SearchState};
pub use viewport::{
    Layout, MIN_HEIGHT, MIN_WIDTH, OUTLINE_MIN_TERMINAL_WIDTH, RowPos, ViewPos, Viewport,
};

use crate::keymap::{KeyMode, Keymap};
use crate::options::Options;
use crate::outline::Outline;
use crate::theme::Theme;
use crate::transcript::Document;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Transcript,
    Outline,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Prompt(Prompt),
    /// Selecting lines from `anchor` to the cursor.
    Visual {
        anchor: usize,
    },
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

impl Message {
    pub fn info(text: impl Into<String>) -> Message {
        Message {
            kind: MessageKind::Info,
            text: text.into(),
        }
    }

    pub fn error(text: impl Into<String>) -> Message {
        Message {
            kind: MessageKind::Error,
            text: text.into(),
        }
    }
}

/// What the user chose (config file, command line) and what the help tells about the session.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: Arc<Keymap>,
    pub theme: Theme,
    pub options: Options,
    /// Where the notes, the outline, the config came from: shown in the help.
    pub info: Vec<(String, String)>,
}

impl Settings {
    /// The defaults with `keymap`.
    pub fn with_keymap(keymap: Arc<Keymap>) -> Settings {
        Settings {
            keymap,
            theme: Theme::default(),
            options: Options::default(),
            info: Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub doc: Arc<Document>,
    /// The cursor, the scroll position, the terminal size and the screen's layout.
    pub view: Viewport,
    pub outline: OutlinePane,
    pub search: SearchState,
    /// Bookmarks, highlights, notes and outline edits, and where they are saved.
    pub notes: NotesState,
    /// The bookmarks list, while it is open.
    pub list: Option<BookmarkList>,
    /// The help, while it is open.
    pub help: Option<HelpView>,
    pub mode: Mode,
    /// A count typed before a key (`10G`, `5j`).
    pub count: Option<usize>,
    pub message: Option<Message>,
    pub settings: Settings,
    /// Listening: the recording, the player's reports, following the spoken line.
    pub player: PlayerState,
}

impl AppState {
    /// A state over `doc` showing `outline`, with the default settings but `keymap`.
    pub fn new(doc: Arc<Document>, outline: Outline, keymap: Arc<Keymap>) -> Self {
        AppState::with_settings(doc, outline, Settings::with_keymap(keymap))
    }

    /// A state over `doc` showing `outline` (the outline before any of the user's edits).
    pub fn with_settings(doc: Arc<Document>, outline: Outline, settings: Settings) -> Self {
        let mut s = AppState {
            doc,
            view: Viewport::default(),
            outline: OutlinePane::new(outline),
            search: SearchState::default(),
            notes: NotesState::default(),
            list: None,
            help: None,
            mode: Mode::Normal,
            count: None,
            message: None,
            settings,
            player: PlayerState::default(),
        };
        s.relayout();
        s
    }

    /// Which key table applies now.
    pub fn key_mode(&self) -> KeyMode {
        match (&self.mode, self.view.focus) {
            (Mode::Prompt(_), _) => KeyMode::Prompt,
            (_, _) if self.help.is_some() => KeyMode::Help,
            (Mode::Visual { .. }, _) => KeyMode::Visual,
            (Mode::Normal, _) if self.list.is_some() => KeyMode::Bookmarks,
            (Mode::Normal, Focus::Outline) => KeyMode::Outline,
            (Mode::Normal, Focus::Transcript) => KeyMode::Transcript,
        }
    }

    /// Whether the mouse means anything now (no prompt, overlay or selection is open).
    pub fn mouse_active(&self) -> bool {
        self.mode == Mode::Normal && self.list.is_none() && self.help.is_none()
    }

    /// The outline the user sees (with their edits).
    pub fn topics(&self) -> &Outline {
        &self.outline.edited
    }

    /// The topic holding the cursor line.
    pub fn current_topic(&self) -> Option<usize> {
        self.outline.edited.topic_at(self.view.cursor)
    }

    /// The selected lines (inclusive) while selecting, else the cursor line.
    pub fn selection(&self) -> (usize, usize) {
        let cursor = self.view.cursor;
        match self.mode {
            Mode::Visual { anchor } => (anchor.min(cursor), anchor.max(cursor)),
            _ => (cursor, cursor),
        }
    }

    /// Percent through the document at the cursor line.
    pub fn percent(&self) -> usize {
        let len = self.doc.len();
        if len <= 1 {
            return self.percent_in_line();
        }
        self.view.cursor * 100 / (len - 1)
    }

    /// Replaces the outline shown (the base with the user's edits). In the paragraph view the
    /// paragraphs follow the topics, and the view stays on the line it was on.
    pub fn set_outline(&mut self, edited: Outline) {
        // The help's Files section says where the outline came from: it changes when the
        // automatic outline arrives in place of the one-topic placeholder.
        let source = edited.source.name();
        if let Some((_, v)) = self.settings.info.iter_mut().find(|(k, _)| k == "outline") {
            source.clone_into(v);
        }
        self.outline.set_edited(edited);
        if self.view.paragraphs.is_some() {
            self.set_paragraphs(true);
        }
        self.relayout();
    }

    /// The paragraph view on (the paragraphs computed again) or off; the line at the top of
    /// the screen stays there.
    pub fn set_paragraphs(&mut self, on: bool) {
        let top_line = self.line_at((self.view.top, self.view.top_row));
        // How far into that line the top row is: in a line taller than the screen (a file of
        // one long line) the place is kept, not just the line.
        let into = {
            let text = self.block_text(self.view.top);
            let start = self.line_in_block(top_line, &text).start;
            self.top_byte().saturating_sub(start)
        };
        self.view.paragraphs = on.then(|| {
            let starts: Vec<usize> = self.outline.edited.topics.iter().map(|t| t.line).collect();
            Arc::new(crate::transcript::paragraphs::Paragraphs::compute(
                &self.doc, &starts,
            ))
        });
        self.relayout();
        let (top, mut row) = self.line_start(top_line);
        if into > 0 {
            let text = self.block_text(top);
            let at = self.line_in_block(top_line, &text).start + into;
            row = self.row_of_offset(top, at);
        }
        self.view.top = top;
        self.view.top_row = row;
    }

    /// Shows the base outline with the user's edits (their topics and deletions win).
    pub fn apply_outline_edits(&mut self) {
        let edited = self
            .notes
            .notes
            .outline
            .apply(&self.outline.base, self.doc.len());
        self.set_outline(edited);
    }
}
