//! Every user intent, named, in one table: each bindable variant's snake_case name (what the
//! keymap and the config file say) and its description (what the help says) come from its
//! attributes, and the order here is the order the help lists them in. Adding an action means
//! adding a variant here and handling it in `update`.
//!
//! Results of background jobs are not user intents: they are [`JobResult`]s.

use strum::{EnumMessage, EnumProperty, IntoEnumIterator};

/// A user intent. The variants with a `message` can be bound to keys by their snake_case name
/// (`page_down`, `next_topic`, …); the `disabled` ones carry data from the event that made them.
#[derive(
    Debug,
    Clone,
    PartialEq,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::EnumMessage,
    strum::EnumProperty,
)]
#[strum(serialize_all = "snake_case")]
pub enum Action {
    // ---- Moving
    #[strum(message = "next line", props(group = "Moving"))]
    Down,
    #[strum(message = "previous line", props(group = "Moving"))]
    Up,
    #[strum(
        message = "scroll a line down (the cursor line stays on screen)",
        props(group = "Moving")
    )]
    ScrollDown,
    #[strum(message = "scroll a line up", props(group = "Moving"))]
    ScrollUp,
    #[strum(message = "half a page down", props(group = "Moving"))]
    HalfPageDown,
    #[strum(message = "half a page up", props(group = "Moving"))]
    HalfPageUp,
    #[strum(message = "a page down", props(group = "Moving"))]
    PageDown,
    #[strum(message = "a page up", props(group = "Moving"))]
    PageUp,
    #[strum(
        message = "first line (with a count: that line)",
        props(group = "Moving")
    )]
    Top,
    #[strum(
        message = "last line (with a count: that line)",
        props(group = "Moving")
    )]
    Bottom,
    #[strum(message = "scroll left (wrapping off)", props(group = "Moving"))]
    ScrollLeft,
    #[strum(message = "scroll right (wrapping off)", props(group = "Moving"))]
    ScrollRight,
    // ---- Jumping
    #[strum(
        message = "go to a line (150, +10, -10), percent (40%) or time (1:30, 1:02:03)",
        props(group = "Jumping")
    )]
    GotoPrompt,
    #[strum(message = "next topic", props(group = "Jumping"))]
    NextTopic,
    #[strum(
        message = "start of this topic, then the previous one",
        props(group = "Jumping")
    )]
    PrevTopic,
    #[strum(
        message = "back to where the last jump came from",
        props(group = "Jumping")
    )]
    JumpBack,
    #[strum(message = "forward again in the jump list", props(group = "Jumping"))]
    JumpForward,
    #[strum(message = "next bookmark", props(group = "Jumping"))]
    NextBookmark,
    #[strum(message = "previous bookmark", props(group = "Jumping"))]
    PrevBookmark,
    // ---- Searching
    #[strum(
        message = "search forward (regex, smart case)",
        props(group = "Searching")
    )]
    SearchForward,
    #[strum(
        message = "search backward (then ? or Enter alone: help)",
        props(group = "Searching")
    )]
    SearchBackward,
    #[strum(
        message = "next match in the search's direction",
        props(group = "Searching")
    )]
    SearchNext,
    #[strum(message = "previous match", props(group = "Searching"))]
    SearchPrev,
    // ---- Bookmarks, notes and highlights
    #[strum(
        message = "bookmark the line (or the selection's first line) / remove it",
        props(group = "Bookmarks, notes and highlights")
    )]
    ToggleBookmark,
    #[strum(
        message = "write or edit the line's note (bookmarks it)",
        props(group = "Bookmarks, notes and highlights")
    )]
    EditNote,
    #[strum(
        message = "highlight the line or the selection / remove it",
        props(group = "Bookmarks, notes and highlights")
    )]
    ToggleHighlight,
    #[strum(
        message = "next highlight colour",
        props(group = "Bookmarks, notes and highlights")
    )]
    CycleHighlightColor,
    #[strum(
        message = "select lines (j/k extend; h, m, y act on them)",
        props(group = "Bookmarks, notes and highlights")
    )]
    VisualSelect,
    #[strum(
        message = "copy the line or the selection (OSC 52)",
        props(group = "Bookmarks, notes and highlights")
    )]
    Copy,
    #[strum(
        message = "the bookmarks list",
        props(group = "Bookmarks, notes and highlights")
    )]
    BookmarkList,
    #[strum(
        message = "undo the last change to bookmarks, notes, highlights or topics",
        props(group = "Bookmarks, notes and highlights")
    )]
    Undo,
    #[strum(
        message = "redo what u undid",
        props(group = "Bookmarks, notes and highlights")
    )]
    Redo,
    // ---- The bookmarks list
    #[strum(
        message = "next bookmark in the list",
        props(group = "The bookmarks list")
    )]
    ListDown,
    #[strum(
        message = "previous bookmark in the list",
        props(group = "The bookmarks list")
    )]
    ListUp,
    #[strum(message = "first in the list", props(group = "The bookmarks list"))]
    ListTop,
    #[strum(message = "last in the list", props(group = "The bookmarks list"))]
    ListBottom,
    #[strum(message = "jump to it", props(group = "The bookmarks list"))]
    ListJump,
    #[strum(message = "delete it", props(group = "The bookmarks list"))]
    ListDelete,
    #[strum(message = "edit its note", props(group = "The bookmarks list"))]
    ListNote,
    #[strum(
        message = "filter the list (text and notes)",
        props(group = "The bookmarks list")
    )]
    ListFilter,
    // ---- The outline
    #[strum(
        message = "switch focus: transcript / outline",
        props(group = "The outline")
    )]
    SwitchFocus,
    #[strum(message = "show / hide the outline", props(group = "The outline"))]
    ToggleOutline,
    #[strum(
        message = "start a new topic at the cursor line",
        props(group = "The outline")
    )]
    NewTopic,
    #[strum(message = "next topic in the list", props(group = "The outline"))]
    OutlineDown,
    #[strum(message = "previous topic in the list", props(group = "The outline"))]
    OutlineUp,
    #[strum(message = "first topic in the list", props(group = "The outline"))]
    OutlineTop,
    #[strum(message = "last topic in the list", props(group = "The outline"))]
    OutlineBottom,
    #[strum(message = "jump to the selected topic", props(group = "The outline"))]
    OutlineJump,
    #[strum(
        message = "filter the topics (Enter keeps, Esc clears)",
        props(group = "The outline")
    )]
    OutlineFilter,
    #[strum(message = "rename the topic", props(group = "The outline"))]
    RenameTopic,
    #[strum(message = "delete the topic", props(group = "The outline"))]
    DeleteTopic,
    // ---- Reading
    #[strum(
        message = "paragraph view: caption lines joined into paragraphs / one line a row",
        props(group = "Reading")
    )]
    ToggleParagraphs,
    #[strum(
        message = "wrap long lines on / off (off: ← → scroll sideways)",
        props(group = "Reading")
    )]
    ToggleWrap,
    #[strum(message = "line numbers and times on / off", props(group = "Reading"))]
    ToggleLineNumbers,
    #[strum(message = "outline on the left / right", props(group = "Reading"))]
    ToggleOutlineSide,
    #[strum(message = "redraw the screen", props(group = "Reading"))]
    Redraw,
    #[strum(message = "suspend lector (fg resumes it)", props(group = "Reading"))]
    Suspend,
    // ---- Listening
    #[strum(
        message = "play the recording from the cursor line; on the line being spoken: pause / resume",
        props(group = "Listening")
    )]
    PlayPause,
    #[strum(
        message = "follow the recording: keep the line being spoken in view (moving stops it)",
        props(group = "Listening")
    )]
    ToggleFollow,
    #[strum(
        message = "back 5 seconds in the recording",
        props(group = "Listening")
    )]
    SeekBack,
    #[strum(
        message = "forward 5 seconds in the recording",
        props(group = "Listening")
    )]
    SeekForward,
    #[strum(message = "play slower (down to ×0.5)", props(group = "Listening"))]
    Slower,
    #[strum(message = "play faster (up to ×3)", props(group = "Listening"))]
    Faster,
    // ---- Prompts
    #[strum(message = "run the prompt", props(group = "Prompts"))]
    PromptSubmit,
    #[strum(
        message = "delete before the cursor (on an empty prompt: close it)",
        props(group = "Prompts")
    )]
    PromptBackspace,
    #[strum(message = "delete under the cursor", props(group = "Prompts"))]
    PromptDelete,
    #[strum(
        message = "delete the word before the cursor",
        props(group = "Prompts")
    )]
    PromptDeleteWord,
    #[strum(message = "delete to the start", props(group = "Prompts"))]
    PromptDeleteToStart,
    #[strum(message = "cursor left", props(group = "Prompts"))]
    PromptLeft,
    #[strum(message = "cursor right", props(group = "Prompts"))]
    PromptRight,
    #[strum(message = "a word left", props(group = "Prompts"))]
    PromptWordLeft,
    #[strum(message = "a word right", props(group = "Prompts"))]
    PromptWordRight,
    #[strum(message = "cursor to start", props(group = "Prompts"))]
    PromptHome,
    #[strum(message = "cursor to end", props(group = "Prompts"))]
    PromptEnd,
    #[strum(
        message = "earlier search; in a filter, the entry above",
        props(group = "Prompts")
    )]
    PromptHistoryPrev,
    #[strum(
        message = "later search; in a filter, the entry below",
        props(group = "Prompts")
    )]
    PromptHistoryNext,
    // ---- The help, cancelling, quitting
    #[strum(
        message = "scroll the help down",
        props(group = "The help, cancelling, quitting")
    )]
    HelpDown,
    #[strum(
        message = "scroll the help up",
        props(group = "The help, cancelling, quitting")
    )]
    HelpUp,
    #[strum(message = "this help", props(group = "The help, cancelling, quitting"))]
    ToggleHelp,
    #[strum(
        message = "cancel: close a prompt, the list or the help, stop selecting, clear a message",
        props(group = "The help, cancelling, quitting")
    )]
    Cancel,
    #[strum(message = "quit", props(group = "The help, cancelling, quitting"))]
    Quit,
    /// Go to what the `:` prompt would (from the command line's `+150`).
    #[strum(disabled)]
    Goto(String),
    /// Search for a pattern from the start (the command line's `+/PATTERN`).
    #[strum(disabled)]
    SearchFor(String),
    /// Type a character into the prompt.
    #[strum(disabled)]
    PromptInsert(char),
    /// A digit typed before a move: a count (`10G`, `5j`, `3]`).
    #[strum(disabled)]
    Count(u8),
    /// A key that nothing is bound to where it was pressed: it does nothing, but drops a count
    /// typed before it (`50x` then `j` moves one line, as in vim).
    #[strum(disabled)]
    Unbound,
    /// Paste text into the prompt (bracketed paste): its printable characters, newlines as spaces.
    #[strum(disabled)]
    PromptPaste(String),
    /// The terminal is now this many columns and rows.
    #[strum(disabled)]
    Resize(u16, u16),
    /// Mouse wheel at a screen cell: positive scrolls down.
    #[strum(disabled)]
    Scroll { col: u16, row: u16, delta: i16 },
    /// Left click at a screen cell.
    #[strum(disabled)]
    Click { col: u16, row: u16 },
}

impl Action {
    /// Every action a key can be bound to, in the order the help lists them.
    pub fn bindable() -> impl Iterator<Item = Action> {
        Action::iter().filter(Action::is_bindable)
    }

    /// Whether a key can be bound to this action (it has a name and a description).
    pub fn is_bindable(&self) -> bool {
        self.get_message().is_some()
    }

    /// The name keys are bound to (`page_down`).
    pub fn name(&self) -> &'static str {
        self.into()
    }

    /// Parses a bindable action's name.
    pub fn from_name(name: &str) -> Option<Action> {
        name.parse::<Action>().ok().filter(Action::is_bindable)
    }

    /// Position in [`Action::bindable`], for listing.
    pub fn rank(&self) -> usize {
        let name = self.name();
        Action::bindable()
            .position(|a| a.name() == name)
            .unwrap_or(usize::MAX)
    }

    /// What the action does, for the help.
    pub fn describe(&self) -> &'static str {
        self.get_message().unwrap_or("")
    }

    /// The help's group of this action (`Moving`, `Searching`, …).
    pub fn group(&self) -> &'static str {
        self.get_str("group").unwrap_or("")
    }

    /// The groups, in the help's order.
    pub fn groups() -> Vec<&'static str> {
        let mut groups: Vec<&'static str> = Vec::new();
        for a in Action::bindable() {
            if !groups.contains(&a.group()) {
                groups.push(a.group());
            }
        }
        groups
    }
}

/// What a background job reports. Each result is tagged with the generation of the request that
/// made it; `update` drops the ones a newer request has made stale.
#[derive(Debug, Clone)]
pub enum JobResult {
    /// Matches found by a background search.
    SearchResults {
        generation: u64,
        matches: Vec<crate::search::Match>,
        progress: u8,
        done: bool,
    },
    /// The automatic outline is this far along (percent).
    OutlineProgress { generation: u64, percent: u8 },
    /// The automatic outline is ready.
    OutlineReady {
        generation: u64,
        outline: crate::outline::Outline,
        /// An edit applied in place (only the topics it touched retitled), not a whole new
        /// automatic outline.
        local: bool,
    },
    /// The notes were saved: what was sent and what is on disk now (merged with other readers).
    NotesSaved(Box<crate::notes::store::Saved>),
    /// Re-anchoring that did not fit before the first screen finished.
    Reanchored {
        moves: Vec<crate::notes::anchor::Move>,
        report: crate::notes::anchor::Report,
    },
    /// Saving the notes failed.
    NotesSaveFailed(String),
    /// What the player started with this generation reports.
    Player {
        generation: u64,
        event: crate::player::PlayerEvent,
    },
    /// The player could not start (`stopped`), or could not do what was asked.
    PlayerFailed {
        generation: u64,
        message: String,
        stopped: bool,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_back_and_only_bindable_ones_do() {
        for a in Action::iter() {
            assert_eq!(
                Action::from_name(a.name()).is_some(),
                a.is_bindable(),
                "{}",
                a.name()
            );
            if a.is_bindable() {
                assert!(!a.describe().is_empty());
                assert!(!a.group().is_empty(), "{} has no group", a.name());
                assert_eq!(Action::from_name(a.name()), Some(a.clone()));
            }
        }
        assert_eq!(Action::from_name("page_down"), Some(Action::PageDown));
        assert_eq!(Action::from_name("resize"), None);
        assert_eq!(Action::from_name("goto"), None);
        assert_eq!(Action::from_name("fly"), None);
    }
}
