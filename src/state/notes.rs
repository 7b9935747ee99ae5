//! The notes in the reader: bookmarks, highlights, notes and outline edits, where they are saved,
//! and whether saving works.

use crate::notes::history::History;
use crate::notes::{Color, Notes};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct NotesState {
    pub notes: Notes,
    /// The changes that `u` undoes and `Ctrl-r` redoes.
    pub history: History,
    /// The id of the last save result taken in: the next save merges from it.
    pub seen: u64,
    /// The notes file.
    pub path: Option<PathBuf>,
    /// Why annotations are read-only this run (a file that will not parse).
    pub readonly: Option<String>,
    /// The last save failed with this (cleared by the next successful save).
    pub error: Option<String>,
    /// The colour new highlights get.
    pub highlight_color: Color,
    /// The clock for new bookmarks' `created` (fixed in tests).
    pub clock: fn() -> Option<toml::Value>,
}

impl Default for NotesState {
    fn default() -> Self {
        NotesState {
            notes: Notes::default(),
            history: History::default(),
            seen: 0,
            path: None,
            readonly: None,
            error: None,
            highlight_color: Color::Yellow,
            clock: || Some(crate::notes::model::now()),
        }
    }
}
