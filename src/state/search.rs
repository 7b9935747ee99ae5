//! The search: the current one and what is known of its matches, the one a prompt replaced,
//! where the prompt opened, and the history of queries.

use super::ViewPos;
use crate::search::{Match, Matcher};
use std::sync::Arc;

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
    /// The current match was reached by wrapping around an end.
    pub wrapped: bool,
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

/// Past search queries, oldest first; the position while browsing them with ↑/↓ and the text
/// typed before browsing.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub entries: Vec<String>,
    pub pos: Option<usize>,
    pub draft: String,
}

impl History {
    /// At most this many past queries are kept.
    pub const MAX: usize = 100;

    /// Remembers `query` as the newest.
    pub fn push(&mut self, query: &str) {
        self.entries.retain(|h| h != query);
        self.entries.push(query.to_string());
        if self.entries.len() > Self::MAX {
            self.entries.remove(0);
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct SearchState {
    /// The last search (highlighted, `n`/`N`).
    pub current: Option<Search>,
    /// The search there was before a search prompt opened: `Esc` brings it back.
    pub before: Option<Search>,
    /// The view when a search prompt opened: `Esc` returns to it.
    pub origin: Option<ViewPos>,
    /// Numbers the searches, so that results of an old one are dropped.
    pub generation: u64,
    pub history: History,
}
