//! Undo and redo of changes to the notes, as vim keeps them: a stack of [`Edit`]s, each the
//! items one change removed and added. `u` applies the last edit's inverse; `Ctrl-r` applies it
//! again. A new change after an undo forgets what could have been redone.
//!
//! How the reader uses it:
//!
//! ```
//! use lector::notes::{Notes, history::History};
//! let mut notes = Notes::default();
//! let mut history = History::default();
//! history.record(notes.toggle_bookmark(4, "the line", None)); // m
//! let undone = history.undo(&mut notes).expect("one change to undo"); // u
//! assert!(notes.bookmarks.is_empty());
//! assert_eq!(undone.describe(), "bookmark on line 5 added");
//! history.redo(&mut notes); // Ctrl-r
//! assert_eq!(notes.bookmarks.len(), 1);
//! ```
//!
//! An undo or a redo is a change like any other: save the notes afterwards.

use super::model::{Edit, Notes};
use std::collections::VecDeque;

/// How many changes can be undone by default.
pub const DEFAULT_LIMIT: usize = 1000;

#[derive(Debug, Clone)]
pub struct History {
    undo: VecDeque<Edit>,
    redo: Vec<Edit>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        History::new(DEFAULT_LIMIT)
    }
}

impl History {
    /// A history that keeps the last `limit` changes (at least 1).
    pub fn new(limit: usize) -> History {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
        }
    }

    /// Records a change just made. An empty edit (nothing changed) is not recorded.
    pub fn record(&mut self, edit: Edit) {
        if edit.is_empty() {
            return;
        }
        self.redo.clear();
        if self.undo.len() == self.limit {
            self.undo.pop_front();
        }
        self.undo.push_back(edit);
    }

    /// Undoes the last change. Returns it (for the message: "undone: …"), or `None` when
    /// there is nothing to undo.
    pub fn undo(&mut self, notes: &mut Notes) -> Option<Edit> {
        let edit = self.undo.pop_back()?;
        notes.apply(&edit.inverse());
        self.redo.push(edit.clone());
        Some(edit)
    }

    /// Does again the last change undone. Returns it, or `None` when there is none.
    pub fn redo(&mut self, notes: &mut Notes) -> Option<Edit> {
        let edit = self.redo.pop()?;
        notes.apply(&edit);
        self.undo.push_back(edit.clone());
        Some(edit)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::Color;

    #[test]
    fn undo_and_redo_walk_back_and_forth_and_a_new_change_forgets_redo() {
        let text = |i: usize| format!("line {i}");
        let mut n = Notes::default();
        let mut h = History::default();
        h.record(n.toggle_bookmark(1, "line 1", None));
        h.record(n.set_note(1, Some("note"), "line 1", None));
        h.record(n.add_highlight(3, 5, Color::Blue, &text));
        let full = n.clone();
        assert!(h.undo(&mut n).is_some());
        assert!(n.highlights.is_empty());
        assert!(h.undo(&mut n).is_some());
        assert_eq!(n.bookmarks[0].note, None);
        assert!(h.redo(&mut n).is_some());
        assert!(h.redo(&mut n).is_some());
        assert_eq!(n, full);
        assert!(h.redo(&mut n).is_none());
        h.undo(&mut n);
        h.record(n.toggle_bookmark(9, "line 9", None));
        assert!(!h.can_redo());
    }

    #[test]
    fn at_least_100_steps_and_no_more_than_the_limit() {
        let mut n = Notes::default();
        let mut h = History::new(150);
        for i in 0..200 {
            h.record(n.toggle_bookmark(i, "", None));
        }
        let mut undone = 0;
        while h.undo(&mut n).is_some() {
            undone += 1;
        }
        assert_eq!(undone, 150);
        assert_eq!(n.bookmarks.len(), 50);
    }
}
