//! Every user intent, named. Keys and mouse events become actions; `update` applies them.

use serde::Deserialize;

/// A user intent. The unit variants can be bound to keys by their snake_case name
/// (`page_down`, `next_topic`, …); the others carry data from the event that made them.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Quit,
    /// One line down / up.
    Down,
    Up,
    HalfPageDown,
    HalfPageUp,
    PageDown,
    PageUp,
    /// First / last line.
    Top,
    Bottom,
    /// Open the `:` prompt (line, percent or time).
    GotoPrompt,
    NextTopic,
    PrevTopic,
    /// Move focus between the transcript and outline panes.
    SwitchFocus,
    ToggleOutline,
    ToggleHelp,
    /// Close a prompt or overlay; clear a message.
    Cancel,
    /// `/` and `?`: open the search prompt, forward or backward.
    SearchForward,
    SearchBackward,
    /// `n` / `N`: the next / previous match in the search's direction.
    SearchNext,
    SearchPrev,
    /// Back to where a jump came from, and forward again.
    JumpBack,
    JumpForward,
    /// Filter the outline's topics (in the outline pane).
    OutlineFilter,
    /// Bookmark the cursor line, or remove its bookmark.
    ToggleBookmark,
    /// Write or edit the note on the cursor line's bookmark (making the bookmark if needed).
    EditNote,
    /// Highlight the cursor line (or the selection), or remove the highlight there.
    ToggleHighlight,
    /// The highlight's next colour (or the colour of the next highlight).
    CycleHighlightColor,
    /// Start selecting a range of lines.
    VisualSelect,
    /// Copy the cursor line or the selection to the clipboard (OSC 52).
    Copy,
    /// The next / previous bookmark from the cursor.
    NextBookmark,
    PrevBookmark,
    /// Open the bookmarks list.
    BookmarkList,
    /// In the bookmarks list.
    ListDown,
    ListUp,
    ListTop,
    ListBottom,
    ListJump,
    ListDelete,
    ListNote,
    ListFilter,
    /// Start a new topic at the cursor line (asks for its title).
    NewTopic,
    /// Outline pane: rename / delete the selected topic.
    RenameTopic,
    DeleteTopic,
    /// Outline pane: move the selection, jump to the selected topic.
    OutlineDown,
    OutlineUp,
    OutlineTop,
    OutlineBottom,
    OutlineJump,
    /// Prompt line editing.
    PromptSubmit,
    PromptBackspace,
    PromptDelete,
    PromptLeft,
    PromptRight,
    PromptHome,
    PromptEnd,
    /// Earlier / later entries of the search history.
    PromptHistoryPrev,
    PromptHistoryNext,
    /// Help overlay scrolling.
    HelpDown,
    HelpUp,
    /// Go to what the `:` prompt would (from the command line's `+150`).
    #[serde(skip)]
    Goto(String),
    /// Search for a pattern from the start (the command line's `+/PATTERN`).
    #[serde(skip)]
    SearchFor(String),
    /// Matches found by a background search.
    #[serde(skip)]
    SearchResults {
        generation: u64,
        matches: Vec<crate::search::Match>,
        progress: u8,
        done: bool,
    },
    /// The notes were saved: what was sent and what is on disk now (merged with other readers).
    #[serde(skip)]
    NotesSaved {
        sent: Box<crate::notes::Notes>,
        saved: Box<crate::notes::Notes>,
    },
    /// Saving the notes failed.
    #[serde(skip)]
    NotesSaveFailed(String),
    /// The automatic outline is this far along (percent).
    #[serde(skip)]
    OutlineProgress(u8),
    /// The automatic outline is ready.
    #[serde(skip)]
    OutlineReady(crate::outline::Outline),
    /// Type a character into the prompt.
    #[serde(skip)]
    PromptInsert(char),
    /// The terminal is now this many columns and rows.
    #[serde(skip)]
    Resize(u16, u16),
    /// Mouse wheel at a screen cell: positive scrolls down.
    #[serde(skip)]
    Scroll {
        col: u16,
        row: u16,
        delta: i16,
    },
    /// Left click at a screen cell.
    #[serde(skip)]
    Click {
        col: u16,
        row: u16,
    },
}

impl Action {
    /// Every action a key can be bound to, in the order the help lists them.
    pub fn bindable() -> Vec<Action> {
        use Action::*;
        vec![
            Down,
            Up,
            HalfPageDown,
            HalfPageUp,
            PageDown,
            PageUp,
            Top,
            Bottom,
            GotoPrompt,
            NextTopic,
            PrevTopic,
            SearchForward,
            SearchBackward,
            SearchNext,
            SearchPrev,
            JumpBack,
            JumpForward,
            ToggleBookmark,
            EditNote,
            ToggleHighlight,
            CycleHighlightColor,
            VisualSelect,
            Copy,
            NextBookmark,
            PrevBookmark,
            BookmarkList,
            SwitchFocus,
            ToggleOutline,
            OutlineDown,
            OutlineUp,
            OutlineTop,
            OutlineBottom,
            OutlineJump,
            OutlineFilter,
            ListDown,
            ListUp,
            ListTop,
            ListBottom,
            ListJump,
            ListDelete,
            ListNote,
            ListFilter,
            PromptSubmit,
            PromptBackspace,
            PromptDelete,
            PromptLeft,
            PromptRight,
            PromptHome,
            PromptEnd,
            PromptHistoryPrev,
            PromptHistoryNext,
            HelpDown,
            HelpUp,
            ToggleHelp,
            Cancel,
            Quit,
        ]
    }

    /// Position in [`Action::bindable`], for listing.
    pub fn rank(&self) -> usize {
        let d = std::mem::discriminant(self);
        Action::bindable()
            .iter()
            .position(|a| std::mem::discriminant(a) == d)
            .unwrap_or(usize::MAX)
    }

    /// What the action does, for the help overlay.
    pub fn describe(&self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Down => "next line",
            Action::Up => "previous line",
            Action::HalfPageDown => "half a page down",
            Action::HalfPageUp => "half a page up",
            Action::PageDown => "a page down",
            Action::PageUp => "a page up",
            Action::Top => "first line",
            Action::Bottom => "last line",
            Action::GotoPrompt => "go to a line (150), percent (40%) or time (1:30, 1:02:03)",
            Action::NextTopic => "next topic",
            Action::PrevTopic => "previous topic (or start of this one)",
            Action::SwitchFocus => "switch focus: transcript / outline",
            Action::ToggleOutline => "show / hide the outline",
            Action::ToggleHelp => "this help",
            Action::Cancel => "close prompt or help, clear message",
            Action::SearchForward => "search forward (regex, smart case)",
            Action::SearchBackward => "search backward (then ? or Enter alone: help)",
            Action::SearchNext => "next match in the search's direction",
            Action::SearchPrev => "previous match",
            Action::JumpBack => "back to where the last jump came from",
            Action::JumpForward => "forward again in the jump list",
            Action::OutlineFilter => "filter the topics (Esc clears)",
            Action::PromptHistoryPrev => "earlier search",
            Action::PromptHistoryNext => "later search",
            Action::SearchFor(_) => "search",
            Action::SearchResults { .. } => "search results",
            Action::ToggleBookmark => {
                "bookmark the line (or the selection's first line) / remove it"
            }
            Action::EditNote => "write or edit the line's note (bookmarks it)",
            Action::ToggleHighlight => "highlight the line or the selection / remove it",
            Action::CycleHighlightColor => "next highlight colour",
            Action::VisualSelect => "select lines (j/k extend; h, m, y act on them)",
            Action::Copy => "copy the line or the selection (OSC 52)",
            Action::NextBookmark => "next bookmark",
            Action::PrevBookmark => "previous bookmark",
            Action::BookmarkList => "the bookmarks list",
            Action::ListDown => "next bookmark in the list",
            Action::ListUp => "previous bookmark in the list",
            Action::ListTop => "first in the list",
            Action::ListBottom => "last in the list",
            Action::ListJump => "jump to it",
            Action::ListDelete => "delete it",
            Action::ListNote => "edit its note",
            Action::ListFilter => "filter the list (text and notes)",
            Action::NotesSaved { .. } | Action::NotesSaveFailed(_) => "notes saved",
            Action::NewTopic => "start a new topic at the cursor line",
            Action::RenameTopic => "rename the topic",
            Action::DeleteTopic => "delete the topic",
            Action::OutlineDown => "next topic in the list",
            Action::OutlineUp => "previous topic in the list",
            Action::OutlineTop => "first topic in the list",
            Action::OutlineBottom => "last topic in the list",
            Action::OutlineJump => "jump to the selected topic",
            Action::PromptSubmit => "run the prompt",
            Action::PromptBackspace => "delete before the cursor",
            Action::PromptDelete => "delete under the cursor",
            Action::PromptLeft => "cursor left",
            Action::PromptRight => "cursor right",
            Action::PromptHome => "cursor to start",
            Action::PromptEnd => "cursor to end",
            Action::HelpDown => "scroll help down",
            Action::HelpUp => "scroll help up",
            Action::Goto(_) => "go to",
            Action::OutlineProgress(_) | Action::OutlineReady(_) => "outline computed",
            Action::PromptInsert(_) => "type",
            Action::Resize(..) => "resize",
            Action::Scroll { .. } => "mouse wheel",
            Action::Click { .. } => "mouse click",
        }
    }
}
