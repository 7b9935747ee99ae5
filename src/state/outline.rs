//! The outline pane: the outline shown (with the user's edits) and the one before them, the
//! background computation of an automatic outline, the filter, the selection and the scroll.

use crate::outline::Outline;
use crate::search::Matcher;
use crate::wrap;

#[derive(Debug, Clone)]
pub struct OutlinePane {
    /// The outline shown: the base with the user's edits.
    pub edited: Outline,
    /// The outline before the user's edits (sidecar, headings, or the automatic one).
    pub base: Outline,
    /// The base is computed (then edits recompute it in the background).
    pub auto: bool,
    /// The computed base has arrived (before that, an edit asks for it all again).
    pub base_ready: bool,
    /// The latest outline computation asked for: results of older ones are dropped.
    pub generation: u64,
    /// While an automatic outline is computed in the background: percent done.
    pub progress: Option<u8>,
    /// The pane's filter (`/` there), and the topics it lets through (all when none).
    pub filter: Option<String>,
    /// The filter was confirmed with `Enter`: it stays when the pane loses focus.
    pub filter_kept: bool,
    pub shown: Vec<usize>,
    /// The selected topic and the first topic shown.
    pub sel: usize,
    pub top: usize,
    /// Cells the widest topic needs (marker, indent, title): sizes the pane.
    pub title_width: u16,
}

impl OutlinePane {
    pub fn new(outline: Outline) -> OutlinePane {
        let mut pane = OutlinePane {
            edited: outline.clone(),
            base: outline,
            auto: false,
            base_ready: false,
            generation: 0,
            progress: None,
            filter: None,
            filter_kept: false,
            shown: Vec::new(),
            sel: 0,
            top: 0,
            title_width: 0,
        };
        pane.set_edited(pane.edited.clone());
        pane
    }

    /// Shows `edited`: measures its widest title and filters it again.
    pub fn set_edited(&mut self, edited: Outline) {
        self.title_width = widest_title(&edited);
        self.edited = edited;
        self.refilter();
    }

    /// Recomputes which topics the filter lets through.
    pub fn refilter(&mut self) {
        let matcher = self.filter.as_deref().and_then(Matcher::new);
        let topics = &self.edited.topics;
        self.shown = (0..topics.len())
            .filter(|&i| {
                matcher
                    .as_ref()
                    .is_none_or(|m| m.is_match(&topics[i].title))
            })
            .collect();
    }

    /// Where the selected topic is in the (filtered) list, or where it would be.
    pub fn sel_pos(&self) -> usize {
        match self.shown.binary_search(&self.sel) {
            Ok(p) | Err(p) => p,
        }
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
