//! The bookmarks list (`B`): its filter, the selected entry and the first one shown.

use crate::notes::Notes;
use crate::search::Matcher;

#[derive(Debug, Clone, Default)]
pub struct BookmarkList {
    /// The filter as typed, and compiled once.
    pub filter: Option<String>,
    matcher: Option<Matcher>,
    /// The selected entry and the first one shown (positions in [`BookmarkList::shown`]).
    pub sel: usize,
    pub top: usize,
}

impl BookmarkList {
    /// Filters the list by `filter` (text and notes; smart case, like search).
    pub fn set_filter(&mut self, filter: Option<String>) {
        self.matcher = filter.as_deref().and_then(Matcher::new);
        self.filter = filter;
    }

    /// The bookmarks the list shows (indices into `notes.bookmarks`), after its filter.
    pub fn shown(&self, notes: &Notes) -> Vec<usize> {
        (0..notes.bookmarks.len())
            .filter(|&i| {
                let b = &notes.bookmarks[i];
                self.matcher.as_ref().is_none_or(|m| {
                    m.is_match(&b.text) || b.note.as_deref().is_some_and(|n| m.is_match(n))
                })
            })
            .collect()
    }
}
