//! The user's own outline edits (`t` adds a topic, `r` renames, `d` deletes), kept in the notes
//! file, and how they combine with the outline from the sidecar, the headings or the automatic
//! segmenter: edits always win, and the automatic outline is recomputed around them.

use super::segment::{self, Params};
use super::{Outline, Topic};
use crate::transcript::{Document, document::NO_TIME};
use serde::{Deserialize, Serialize};
use std::sync::atomic::AtomicBool;

/// In the notes file:
///
/// ```toml
/// [outline]
/// removed = [88]          # 1-based lines of topics you deleted
///
/// [[outline.topic]]       # topics you added or renamed
/// line = 40
/// title = "Llama 4 的发布"
/// level = 1
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OutlineEdits {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<usize>,
    #[serde(default, rename = "topic", skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<EditedTopic>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditedTopic {
    /// 1-based line.
    pub line: usize,
    pub title: String,
    #[serde(default = "one")]
    pub level: u8,
    #[serde(flatten)]
    pub extra: toml::Table,
}

fn one() -> u8 {
    1
}

impl OutlineEdits {
    /// No topic added, renamed or deleted.
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.topics.is_empty()
    }

    /// Nothing to write at all: no edits and no unknown keys to keep.
    pub fn is_blank(&self) -> bool {
        self.is_empty() && self.extra.is_empty()
    }

    /// Adds (or renames) the topic at 0-based `line`.
    pub fn set_topic(&mut self, line: usize, title: &str, level: u8) {
        self.removed.retain(|&l| l != line + 1);
        match self.topics.iter_mut().find(|t| t.line == line + 1) {
            Some(t) => t.title = title.to_string(),
            None => self.topics.push(EditedTopic {
                line: line + 1,
                title: title.to_string(),
                level: level.max(1),
                extra: toml::Table::new(),
            }),
        }
        self.topics.sort_by_key(|t| t.line);
    }

    /// Deletes the topic at 0-based `line`.
    pub fn remove_topic(&mut self, line: usize) {
        self.topics.retain(|t| t.line != line + 1);
        if !self.removed.contains(&(line + 1)) {
            self.removed.push(line + 1);
            self.removed.sort_unstable();
        }
    }

    /// The 0-based lines of the user's own topics.
    pub fn fixed_lines(&self) -> Vec<usize> {
        self.topics
            .iter()
            .map(|t| t.line.saturating_sub(1))
            .collect()
    }

    /// Applies the edits to an outline: deleted topics go (merged into the one before), the
    /// user's topics replace any at the same line (a new one splits the topic it falls in).
    /// Deleting the first topic merges it into the next, which then starts at line 1, so line 1
    /// stays covered. The result keeps `base`'s source.
    pub fn apply(&self, base: &Outline, doc_len: usize) -> Outline {
        let outline = self.apply_plain(base, doc_len);
        let first_was_covered = base.topics.first().is_some_and(|t| t.line == 0);
        let mut topics = outline.topics;
        if first_was_covered
            && let Some(first) = topics.first_mut()
            && first.line > 0
        {
            first.line = 0;
        }
        Outline::new(topics, outline.source, doc_len)
    }

    fn apply_plain(&self, base: &Outline, doc_len: usize) -> Outline {
        let mut topics: Vec<Topic> = base
            .topics
            .iter()
            .filter(|t| !self.removed.contains(&(t.line + 1)))
            .filter(|t| !self.topics.iter().any(|e| e.line == t.line + 1))
            .cloned()
            .collect();
        // A title from the notes file is shown cleaned, as a sidecar's is.
        topics.extend(self.topics.iter().map(|e| Topic {
            line: e.line.saturating_sub(1),
            title: crate::text::clean::visible(&e.title).into_owned(),
            level: e.level.max(1),
        }));
        Outline::new(topics, base.source, doc_len)
    }
}

/// The automatic outline recomputed around the user's edits: their topics are fixed
/// boundaries, the text between two of them is segmented on its own, and deleted topics stay
/// deleted. Titles contrast each topic with the whole transcript.
pub fn auto_around(
    doc: &Document,
    edits: &OutlineEdits,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Outline> {
    if edits.is_empty() {
        return super::auto::auto_outline(doc, cancel, progress);
    }
    let n = doc.len();
    let mut bounds: Vec<usize> = edits.fixed_lines().into_iter().filter(|&l| l < n).collect();
    bounds.push(0);
    bounds.push(n);
    bounds.sort_unstable();
    bounds.dedup();
    let params = Params::default();
    let mut starts: Vec<usize> = Vec::new();
    let pieces = bounds.len() - 1;
    for (k, w) in bounds.windows(2).enumerate() {
        let (a, b) = (w[0], w[1]);
        let sub = sub_document(doc, a, b);
        let found = segment::segment(&sub, &params, cancel, &mut |f| {
            progress(0.8 * (k as f32 + f) / pieces as f32);
        })?;
        starts.extend(found.into_iter().map(|s| s + a));
    }
    starts.retain(|s| !edits.removed.contains(&(s + 1)) || edits.fixed_lines().contains(s));
    starts.sort_unstable();
    starts.dedup();
    if starts.first() != Some(&0) && !edits.removed.contains(&1) {
        starts.insert(0, 0);
    }
    let outline = super::auto::titled(doc, starts, cancel, progress)?;
    Some(edits.apply(&outline, n))
}

/// One edit applied to an automatic outline without recomputing it: adding a topic splits only
/// the topic it falls in, deleting one merges it into the previous (deleting the first merges
/// it into the next, which then starts at line 1, so that line 1 stays covered). Every other
/// automatic boundary stays where it was, and so does its title; only the topics whose lines
/// changed are named again (keywords contrasted with the whole transcript, as always).
///
/// `base` is the outline before the edit (automatic topics with the user's edits applied);
/// `edits` the edits after it. This is the cheap, local alternative to [`auto_around`], which
/// re-segments everything between the user's topics. `None` if cancelled.
pub fn apply_locally(
    doc: &Document,
    base: &Outline,
    edits: &OutlineEdits,
    cancel: &AtomicBool,
) -> Option<Outline> {
    let n = doc.len();
    let user: Vec<usize> = edits.fixed_lines().into_iter().filter(|&l| l < n).collect();
    let mut starts: Vec<usize> = base
        .topics
        .iter()
        .map(|t| t.line)
        .filter(|&l| !edits.removed.contains(&(l + 1)) || user.contains(&l))
        .chain(user.iter().copied())
        .collect();
    starts.sort_unstable();
    starts.dedup();
    if starts.first().is_some_and(|&f| f > 0) || starts.is_empty() {
        // The first topic was deleted: the next one takes its lines.
        if let Some(first) = starts.first_mut() {
            *first = 0;
        } else {
            starts.push(0);
        }
    }
    // A topic keeps its title when it spans the same lines as before.
    let span = |v: &[usize], i: usize| (v[i], v.get(i + 1).copied().unwrap_or(n));
    let old: Vec<usize> = base.topics.iter().map(|t| t.line).collect();
    let changed: Vec<bool> = (0..starts.len())
        .map(|i| {
            let here = span(&starts, i);
            !(0..old.len()).any(|j| span(&old, j) == here)
        })
        .collect();
    let fresh = if changed.iter().any(|&c| c) {
        super::titles::titles(doc, &starts, cancel, &mut |_| {})?
    } else {
        Vec::new()
    };
    let topics = starts
        .iter()
        .enumerate()
        .map(|(i, &line)| {
            let kept = base.topics.iter().find(|t| t.line == line && !changed[i]);
            Topic {
                line,
                title: match kept {
                    Some(t) => t.title.clone(),
                    None => fresh.get(i).cloned().unwrap_or_default(),
                },
                level: kept.map_or(1, |t| t.level),
            }
        })
        .collect();
    let mut outline = Outline::new(topics, base.source, n);
    // The user's topics carry their own titles (the first topic moved to line 1 is not one).
    for t in &mut outline.topics {
        if let Some(e) = edits.topics.iter().find(|e| e.line == t.line + 1) {
            t.title = e.title.clone();
            t.level = e.level.max(1);
        }
    }
    Some(outline)
}

/// Lines `a..b` of `doc` as a document of their own (with their times).
fn sub_document(doc: &Document, a: usize, b: usize) -> Document {
    if a >= b {
        return Document::new(doc.name.clone(), doc.format, String::new());
    }
    let start = doc.line_range(a).start;
    let end = doc.line_range(b - 1).end;
    let sub = Document::new(
        doc.name.clone(),
        doc.format,
        doc.text()[start..end].to_string(),
    );
    if doc.is_timed() {
        let times = (a..b).map(|i| doc.time(i).unwrap_or(NO_TIME)).collect();
        sub.with_times(times)
    } else {
        sub
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::Source;
    use crate::transcript::Format;

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
    fn edits_win_over_the_base_outline() {
        let mut e = OutlineEdits::default();
        e.set_topic(10, "renamed", 1);
        e.set_topic(30, "new", 1);
        e.remove_topic(50);
        let o = e.apply(&outline(&[0, 10, 50, 70]), 100);
        let got: Vec<(usize, &str)> = o
            .topics
            .iter()
            .map(|t| (t.line, t.title.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![(0, "t0"), (10, "renamed"), (30, "new"), (70, "t70")]
        );
        // Deleting a topic you added forgets it; adding one back un-deletes it.
        e.remove_topic(30);
        e.set_topic(50, "back", 1);
        assert_eq!(
            e.topics.iter().map(|t| t.line).collect::<Vec<_>>(),
            vec![11, 51]
        );
        assert!(e.removed.contains(&31) && !e.removed.contains(&51));
    }

    /// The bundled transcript (313 lines, ten automatic topics), as plain text.
    fn sample_doc() -> Document {
        let text = include_str!("../../assets/llamacon-zuckerberg.zh.txt");
        Document::new("d.txt", Format::Plain, text.to_string())
    }

    #[test]
    fn a_local_edit_moves_no_other_boundary() {
        let doc = sample_doc();
        let never = AtomicBool::new(false);
        let plain = super::super::auto::auto_outline(&doc, &never, &mut |_| {}).unwrap();
        let lines = |o: &Outline| o.topics.iter().map(|t| t.line).collect::<Vec<_>>();
        // Add a topic inside the second one: it alone is split.
        let inside = usize::midpoint(plain.topics[1].line, plain.topics[2].line);
        let mut e = OutlineEdits::default();
        e.set_topic(inside, "Mine", 1);
        let added = apply_locally(&doc, &plain, &e, &never).unwrap();
        let mut want = lines(&plain);
        want.push(inside);
        want.sort_unstable();
        assert_eq!(lines(&added), want);
        assert_eq!(
            added.topics[0], plain.topics[0],
            "an untouched topic keeps its title"
        );
        // Delete the third automatic topic: it merges into the previous one.
        let victim = plain.topics[3].line;
        e.remove_topic(victim);
        let deleted = apply_locally(&doc, &added, &e, &never).unwrap();
        want.retain(|&l| l != victim);
        assert_eq!(lines(&deleted), want);
        // Delete the first: line 1 stays covered, by the next topic.
        e.remove_topic(0);
        let first = apply_locally(&doc, &deleted, &e, &never).unwrap();
        assert_eq!(first.topics[0].line, 0);
        assert_eq!(first.len(), deleted.len() - 1);
    }

    #[test]
    fn the_automatic_outline_is_recomputed_around_edits() {
        let doc = sample_doc();
        let never = AtomicBool::new(false);
        let plain = super::super::auto::auto_outline(&doc, &never, &mut |_| {}).unwrap();
        let mut e = OutlineEdits::default();
        e.set_topic(200, "My own topic", 1);
        let victim = plain.topics[1].line;
        e.remove_topic(victim);
        let o = auto_around(&doc, &e, &never, &mut |_| {}).unwrap();
        assert_eq!(o.source, Source::Automatic);
        assert!(
            o.topics
                .iter()
                .any(|t| t.line == 200 && t.title == "My own topic")
        );
        assert!(
            !o.topics.iter().any(|t| t.line == victim),
            "a deleted topic stays deleted"
        );
        assert!(o.topics.windows(2).all(|w| w[0].line < w[1].line));
        assert_eq!(o.topics[0].line, 0);
    }
}
