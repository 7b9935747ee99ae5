//! The topic outline: where it comes from (sidecar, headings, automatic) and look-ups on it.

pub mod auto;
pub mod dp;
pub mod edits;
pub mod features;
mod lexicon;
pub mod model;
pub mod phrases;
pub mod segment;
pub mod sidecar;
pub mod tiling;
pub mod titles;
pub mod tokenize;

use crate::transcript::Document;

/// One topic: starts at a 0-based transcript line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Topic {
    pub line: usize,
    pub title: String,
    /// 1 = top level.
    pub level: u8,
}

/// Where the outline came from, shown in the outline pane's title and by `lector outline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Source {
    Sidecar,
    Headings,
    Automatic,
    /// No structure found: a single topic named after the file.
    Single,
}

impl Source {
    pub fn name(self) -> &'static str {
        match self {
            Source::Sidecar => "sidecar",
            Source::Headings => "headings",
            Source::Automatic => "automatic",
            Source::Single => "file",
        }
    }
}

/// Topics sorted by line, all within the document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Outline {
    pub topics: Vec<Topic>,
    pub source: Source,
}

impl Outline {
    /// Builds an outline from topics in any order: sorts them by line, drops those past the end
    /// of a `doc_len`-line document and duplicates of a line.
    pub fn new(mut topics: Vec<Topic>, source: Source, doc_len: usize) -> Self {
        topics.retain(|t| t.line < doc_len);
        topics.sort_by_key(|t| t.line);
        topics.dedup_by_key(|t| t.line);
        Outline { topics, source }
    }

    /// The outline of a document with no structure: one topic, the file name.
    pub fn single(doc: &Document) -> Self {
        Outline {
            topics: vec![Topic {
                line: 0,
                title: doc.name.clone(),
                level: 1,
            }],
            source: Source::Single,
        }
    }

    /// The outline from the document's own headings, if it has any.
    pub fn from_headings(doc: &Document) -> Option<Self> {
        if doc.headings.is_empty() {
            return None;
        }
        let topics = doc
            .headings
            .iter()
            .map(|h| Topic {
                line: h.line,
                title: h.title.clone(),
                level: h.level.max(1),
            })
            .collect();
        Some(Outline::new(topics, Source::Headings, doc.len()))
    }

    pub fn len(&self) -> usize {
        self.topics.len()
    }

    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// The index of the topic holding `line`: the last topic starting at or before it.
    pub fn topic_at(&self, line: usize) -> Option<usize> {
        let after = self.topics.partition_point(|t| t.line <= line);
        after.checked_sub(1)
    }

    /// The first topic starting after `line`.
    pub fn next_after(&self, line: usize) -> Option<usize> {
        let i = self.topics.partition_point(|t| t.line <= line);
        (i < self.topics.len()).then_some(i)
    }

    /// The topic to go back to from `line`: the start of the current topic if the line is past
    /// it, else the previous topic (as `[` does in vim's sections).
    pub fn prev_before(&self, line: usize) -> Option<usize> {
        let i = self.topics.partition_point(|t| t.line < line);
        i.checked_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(lines: &[usize]) -> Outline {
        let topics = lines
            .iter()
            .map(|&l| Topic {
                line: l,
                title: format!("t{l}"),
                level: 1,
            })
            .collect();
        Outline::new(topics, Source::Sidecar, 100)
    }

    #[test]
    fn new_sorts_and_drops_out_of_range() {
        let o = outline(&[50, 10, 200, 10]);
        assert_eq!(
            o.topics.iter().map(|t| t.line).collect::<Vec<_>>(),
            vec![10, 50]
        );
    }

    #[test]
    fn topic_at_next_and_prev() {
        let o = outline(&[0, 10, 20]);
        assert_eq!(o.topic_at(0), Some(0));
        assert_eq!(o.topic_at(15), Some(1));
        assert_eq!(o.topic_at(99), Some(2));
        assert_eq!(o.next_after(0), Some(1));
        assert_eq!(o.next_after(20), None);
        assert_eq!(o.prev_before(15), Some(1));
        assert_eq!(o.prev_before(10), Some(0));
        assert_eq!(o.prev_before(0), None);
        let late = outline(&[5]);
        assert_eq!(late.topic_at(2), None);
    }
}
