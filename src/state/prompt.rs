//! The one-line prompts: `:`, `/`, `?`, filters, notes and topic titles.

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
    /// `a` — the note on the bookmark of this line.
    Note(usize),
    /// `/` in the bookmarks list — filter it.
    ListFilter,
    /// `t` — the title of a new topic at this line.
    NewTopic(usize),
    /// `r` in the outline — the new title of the topic at this line.
    RenameTopic(usize),
    /// `/` in the help — search it.
    HelpSearch,
}

impl PromptKind {
    pub fn sigil(self) -> &'static str {
        match self {
            PromptKind::Goto => ":",
            PromptKind::SearchForward | PromptKind::HelpSearch => "/",
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

    /// A prompt holding `text`, with the cursor at its end.
    pub fn with_text(kind: PromptKind, text: impl Into<String>) -> Self {
        let text = text.into();
        Prompt {
            kind,
            cursor: text.len(),
            text,
        }
    }
}
