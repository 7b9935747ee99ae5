//! The notes of one transcript in memory, and every change a reader can make to them.
//!
//! **Lines are 0-based here**, as everywhere else in memory (`Document::line(i)`, the cursor,
//! outline topics). The notes file says 1-based lines; the conversion happens only in
//! [`super::file`], when the file is read or written. (The outline edits inside,
//! [`OutlineEdits`], belong to the outline module and keep their own 1-based lines.)
//!
//! Invariants, kept by every operation and restored by [`Notes::normalize`]:
//! - `bookmarks` are sorted by line, at most one per line;
//! - `highlights` are sorted by start, and (after any operation) never overlap.
//!
//! Lines past the end of the transcript are kept as they are: a bookmark whose text could not
//! be found again stays where it was, even at line 500 of a 4-line transcript. Entries of the
//! file that cannot be represented at all (a line below 1, a range that ends before it starts,
//! an unknown colour) are kept verbatim in [`Notes::kept`] and written back as they were.
//!
//! Every operation returns an [`Edit`]: what it removed and what it added. Applying an edit's
//! [`Edit::inverse`] undoes it; [`super::history::History`] keeps them for undo and redo.

use crate::outline::edits::{EditedTopic, OutlineEdits};
use serde::{Deserialize, Serialize};

/// A transcript's notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Notes {
    /// What the notes belong to (`[transcript]`).
    pub transcript: Option<TranscriptInfo>,
    /// Sorted by line, at most one per line.
    pub bookmarks: Vec<Bookmark>,
    /// Sorted by start, never overlapping.
    pub highlights: Vec<Highlight>,
    /// Your own outline edits (topics added, renamed, deleted); 1-based lines, see above.
    pub outline: OutlineEdits,
    /// Entries of the file that cannot be represented, kept verbatim.
    pub kept: Kept,
    /// Keys this version does not know (and a `[position]` written by earlier versions), kept
    /// as they were.
    pub extra: toml::Table,
}

/// `[transcript]`: what the notes belong to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TranscriptInfo {
    /// The transcript's file name (`_stdin_` for piped text).
    #[serde(default)]
    pub name: String,
    /// A hash of its text (xxh3-64, 16 hex digits), to find the notes again when the file
    /// moved, and to know piped text again.
    #[serde(default)]
    pub hash: String,
    /// The transcript's canonical path when it is a file (absent for piped text): to find the
    /// notes of a file whose text changed, and for `lector notes --list` and `--prune`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

/// Entries of the notes file that cannot be represented in memory, written back as they were.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Kept {
    pub bookmarks: Vec<toml::Table>,
    pub highlights: Vec<toml::Table>,
}

impl Kept {
    pub fn is_empty(&self) -> bool {
        self.bookmarks.is_empty() && self.highlights.is_empty()
    }

    pub fn len(&self) -> usize {
        self.bookmarks.len() + self.highlights.len()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// 0-based line.
    pub line: usize,
    /// The line's text when the bookmark was made, to find it again if the transcript changes.
    pub text: String,
    pub note: Option<String>,
    /// When it was made (a TOML datetime; kept as written if it is something else).
    pub created: Option<toml::Value>,
    /// Keys this version does not know.
    pub extra: toml::Table,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    /// 0-based, inclusive.
    pub start: usize,
    pub end: usize,
    pub color: Color,
    /// The first line's text.
    pub text: String,
    pub extra: toml::Table,
}

/// Highlight colours, in the order `H` cycles through them.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Color {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
    Purple,
}

impl Color {
    pub const ALL: [Color; 5] = [
        Color::Yellow,
        Color::Green,
        Color::Blue,
        Color::Pink,
        Color::Purple,
    ];

    pub fn next(self) -> Color {
        let i = Color::ALL.iter().position(|&c| c == self).unwrap_or(0);
        Color::ALL[(i + 1) % Color::ALL.len()]
    }

    pub fn name(self) -> &'static str {
        match self {
            Color::Yellow => "yellow",
            Color::Green => "green",
            Color::Blue => "blue",
            Color::Pink => "pink",
            Color::Purple => "purple",
        }
    }

    pub fn from_name(name: &str) -> Option<Color> {
        Color::ALL.into_iter().find(|c| c.name() == name)
    }
}

impl Bookmark {
    /// A bookmark on 0-based `line`, whose text is `text`.
    pub fn new(line: usize, text: &str, created: Option<toml::Value>) -> Bookmark {
        Bookmark {
            line,
            text: text.to_string(),
            note: None,
            created,
            extra: toml::Table::new(),
        }
    }
}

impl Highlight {
    /// A highlight of 0-based lines `start..=end`; `text` is the first line's text.
    pub fn new(start: usize, end: usize, color: Color, text: &str) -> Highlight {
        Highlight {
            start,
            end,
            color,
            text: text.to_string(),
            extra: toml::Table::new(),
        }
    }

    pub fn contains(&self, line: usize) -> bool {
        (self.start..=self.end).contains(&line)
    }
}

/// One annotation, as an [`Edit`] removes or adds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Bookmark(Bookmark),
    Highlight(Highlight),
    /// A topic you added or renamed (1-based line, as in [`OutlineEdits`]).
    Topic(EditedTopic),
    /// A topic you deleted: its 1-based line in `[outline] removed`.
    RemovedTopic(usize),
}

/// A change to the notes: the items it removed and the items it added. Every operation of
/// [`Notes`] returns the edit it made; `notes.apply(&edit.inverse())` undoes it and
/// `notes.apply(&edit)` does it again. An edit is small (the items it touched), so a long
/// history costs little, and it still applies after another reader's changes were merged in:
/// an item that is no longer there is skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edit {
    pub removed: Vec<Item>,
    pub added: Vec<Item>,
}

impl Edit {
    pub fn is_empty(&self) -> bool {
        self.removed.is_empty() && self.added.is_empty()
    }

    /// The edit that undoes this one.
    pub fn inverse(&self) -> Edit {
        Edit {
            removed: self.added.clone(),
            added: self.removed.clone(),
        }
    }

    /// What the edit did, in a few words for the status bar, with 1-based line numbers:
    /// "bookmark on line 12 deleted", "note on line 3 changed", "highlight of lines 10–13 added".
    pub fn describe(&self) -> String {
        let what = |item: &Item| -> String {
            match item {
                Item::Bookmark(b) if b.note.is_some() => {
                    format!("bookmark and note on line {}", b.line.saturating_add(1))
                }
                Item::Bookmark(b) => format!("bookmark on line {}", b.line.saturating_add(1)),
                Item::Highlight(h) if h.start == h.end => {
                    format!("highlight of line {}", h.start.saturating_add(1))
                }
                Item::Highlight(h) => format!(
                    "highlight of lines {}–{}",
                    h.start.saturating_add(1),
                    h.end.saturating_add(1)
                ),
                Item::Topic(t) => format!("topic \"{}\" at line {}", t.title, t.line),
                Item::RemovedTopic(l) => format!("deletion of the topic at line {l}"),
            }
        };
        match (self.removed.as_slice(), self.added.as_slice()) {
            ([], []) => "nothing".into(),
            ([], [a, ..]) => format!("{} added", what(a)),
            ([r, ..], []) => format!("{} deleted", what(r)),
            ([Item::Bookmark(a)], [Item::Bookmark(b)]) if a.note != b.note => match b.note {
                None => format!("note on line {} deleted", b.line.saturating_add(1)),
                Some(_) if a.note.is_none() => {
                    format!("note on line {} added", b.line.saturating_add(1))
                }
                Some(_) => format!("note on line {} changed", b.line.saturating_add(1)),
            },
            (_, [a, ..]) => format!("{} changed", what(a)),
        }
    }
}

impl Notes {
    /// No annotations and no outline edits: nothing the reader shows from this file.
    pub fn is_empty(&self) -> bool {
        self.bookmarks.is_empty() && self.highlights.is_empty() && self.outline.is_empty()
    }

    /// Nothing at all to write: empty, and no kept entries or keys of yours.
    pub fn is_blank(&self) -> bool {
        self.is_empty() && self.kept.is_empty() && self.extra.is_empty() && self.outline.is_blank()
    }

    /// Sorts bookmarks and highlights, and merges bookmarks on one line into one (their notes
    /// joined, their unknown keys united), so that nothing is lost and `m` removes the
    /// bookmark. Highlights that overlap (written by hand, or by two readers at once) are
    /// left to [`Notes::resolve_overlaps`], which needs the transcript.
    pub fn normalize(&mut self) {
        self.bookmarks.sort_by_key(|b| b.line);
        let mut out: Vec<Bookmark> = Vec::with_capacity(self.bookmarks.len());
        for b in self.bookmarks.drain(..) {
            match out.last_mut() {
                Some(last) if last.line == b.line => merge_bookmark(last, b),
                _ => out.push(b),
            }
        }
        self.bookmarks = out;
        self.highlights.sort_by_key(|h| (h.start, h.end));
    }

    /// Makes overlapping highlights disjoint, as if they had been made one after the other in
    /// their order: the later one paints over the earlier (merging when the colours match,
    /// splitting where they differ). Every highlighted line stays highlighted.
    pub fn resolve_overlaps(&mut self, text_of_line: &dyn Fn(usize) -> String) {
        if self.highlights.windows(2).all(|w| w[0].end < w[1].start) {
            return;
        }
        let all = std::mem::take(&mut self.highlights);
        for h in all {
            let Highlight {
                start,
                end,
                color,
                text,
                extra,
            } = h;
            self.add_highlight(start, end, color, text_of_line);
            if let Some(i) = self.highlight_at(start)
                && self.highlights[i].start == start
            {
                let mine = &mut self.highlights[i];
                mine.text = text;
                for (k, v) in extra {
                    mine.extra.entry(k).or_insert(v);
                }
            }
        }
    }

    /// The index of the bookmark on 0-based `line`.
    pub fn bookmark_at(&self, line: usize) -> Option<usize> {
        let i = self.bookmarks.partition_point(|b| b.line < line);
        (self.bookmarks.get(i).is_some_and(|b| b.line == line)).then_some(i)
    }

    /// The index of the highlight covering 0-based `line`.
    pub fn highlight_at(&self, line: usize) -> Option<usize> {
        let i = self.highlights.partition_point(|h| h.start <= line);
        (0..i).rev().find(|&j| self.highlights[j].contains(line))
    }

    /// Annotations (bookmarks plus highlights) starting in the 0-based lines `range`.
    pub fn count_in(&self, range: std::ops::Range<usize>) -> usize {
        let b0 = self.bookmarks.partition_point(|b| b.line < range.start);
        let b1 = self.bookmarks.partition_point(|b| b.line < range.end);
        let h0 = self.highlights.partition_point(|h| h.start < range.start);
        let h1 = self.highlights.partition_point(|h| h.start < range.end);
        (b1 - b0) + (h1 - h0)
    }

    /// The next bookmark after 0-based `from` (before it when `backward`), wrapping around,
    /// among those inside a transcript of `len` lines. Returns its line and whether it wrapped.
    pub fn next_bookmark(&self, from: usize, backward: bool, len: usize) -> Option<(usize, bool)> {
        let inside = self.bookmarks.partition_point(|b| b.line < len);
        let lines = &self.bookmarks[..inside];
        let (first, last) = (lines.first()?.line, lines.last()?.line);
        if backward {
            let i = lines.partition_point(|b| b.line < from);
            Some(match i {
                0 => (last, true),
                i => (lines[i - 1].line, false),
            })
        } else {
            let i = lines.partition_point(|b| b.line <= from);
            Some(match lines.get(i) {
                Some(b) => (b.line, false),
                None => (first, true),
            })
        }
    }

    /// `m`: bookmarks 0-based `line` (whose text is `text`), or removes its bookmark.
    pub fn toggle_bookmark(
        &mut self,
        line: usize,
        text: &str,
        created: Option<toml::Value>,
    ) -> Edit {
        match self.bookmark_at(line) {
            Some(i) => self.remove_bookmark(i),
            None => self.insert_edit(Item::Bookmark(Bookmark::new(line, text, created))),
        }
    }

    /// Removes the bookmark at index `i` (of `bookmarks`), with its note.
    pub fn remove_bookmark(&mut self, i: usize) -> Edit {
        if i >= self.bookmarks.len() {
            return Edit::default();
        }
        let b = self.bookmarks.remove(i);
        Edit {
            removed: vec![Item::Bookmark(b)],
            added: Vec::new(),
        }
    }

    /// Sets the note of the bookmark on 0-based `line` (`None` or blank: removes the note and
    /// keeps the bookmark), making the bookmark if there is none.
    pub fn set_note(
        &mut self,
        line: usize,
        note: Option<&str>,
        text: &str,
        created: Option<toml::Value>,
    ) -> Edit {
        let note = note
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(String::from);
        match self.bookmark_at(line) {
            Some(i) => {
                if self.bookmarks[i].note == note {
                    return Edit::default();
                }
                let old = self.bookmarks[i].clone();
                self.bookmarks[i].note = note;
                Edit {
                    removed: vec![Item::Bookmark(old)],
                    added: vec![Item::Bookmark(self.bookmarks[i].clone())],
                }
            }
            None => {
                let mut b = Bookmark::new(line, text, created);
                b.note = note;
                self.insert_edit(Item::Bookmark(b))
            }
        }
    }

    /// Highlights 0-based lines `start..=end` (in either order) in `color`. What it overlaps
    /// is never lost: a highlight of the same colour (or one that touches it) merges with it;
    /// one of another colour keeps the lines outside the new range. `text_of_line` gives a
    /// line's text, for the first line of each piece.
    pub fn add_highlight(
        &mut self,
        start: usize,
        end: usize,
        color: Color,
        text_of_line: &dyn Fn(usize) -> String,
    ) -> Edit {
        let (s, e) = (start.min(end), start.max(end));
        let mut removed = Vec::new();
        let mut added = Vec::new();
        let (mut lo, mut hi) = (s, e);
        let mut text: Option<String> = None;
        let mut extra = toml::Table::new();
        // Highlights that overlap or touch [s, e]: from the first whose end reaches s - 1.
        let first = self
            .highlights
            .partition_point(|h| h.end.saturating_add(1) < s);
        let mut i = first;
        while i < self.highlights.len() && self.highlights[i].start <= e.saturating_add(1) {
            let h = &self.highlights[i];
            let overlaps = h.start <= e && h.end >= s;
            if h.color == color {
                lo = lo.min(h.start);
                hi = hi.max(h.end);
                if h.start == lo {
                    text = Some(h.text.clone());
                }
                for (k, v) in &h.extra {
                    extra.entry(k.clone()).or_insert_with(|| v.clone());
                }
                removed.push(self.highlights.remove(i));
            } else if overlaps {
                let h = self.highlights.remove(i);
                if h.start < s {
                    let mut left = h.clone();
                    left.end = s - 1;
                    added.push(left);
                }
                if h.end > e {
                    let mut right = h.clone();
                    right.start = e + 1;
                    right.text = text_of_line(e + 1);
                    added.push(right);
                }
                removed.push(h);
            } else {
                i += 1;
            }
        }
        let mut new = Highlight::new(lo, hi, color, "");
        new.text = match text {
            Some(t) if lo < s => t,
            Some(t) if lo == s && removed.iter().any(|h| h.start == s && h.color == color) => t,
            _ => text_of_line(lo),
        };
        new.extra = extra;
        added.push(new);
        if removed.len() == 1 && added.len() == 1 && removed[0] == added[0] {
            self.insert_highlight(removed.remove(0));
            return Edit::default();
        }
        for h in &added {
            self.insert_highlight(h.clone());
        }
        Edit {
            removed: removed.into_iter().map(Item::Highlight).collect(),
            added: added.into_iter().map(Item::Highlight).collect(),
        }
    }

    /// Removes the highlight covering 0-based `line` (all of its lines).
    pub fn remove_highlight_at(&mut self, line: usize) -> Edit {
        match self.highlight_at(line) {
            Some(i) => Edit {
                removed: vec![Item::Highlight(self.highlights.remove(i))],
                added: Vec::new(),
            },
            None => Edit::default(),
        }
    }

    /// Sets the colour of the highlight covering 0-based `line` (it joins a neighbour of that
    /// colour, as a new highlight would).
    pub fn set_highlight_color(
        &mut self,
        line: usize,
        color: Color,
        text_of_line: &dyn Fn(usize) -> String,
    ) -> Edit {
        let Some(i) = self.highlight_at(line) else {
            return Edit::default();
        };
        if self.highlights[i].color == color {
            return Edit::default();
        }
        let (start, end) = (self.highlights[i].start, self.highlights[i].end);
        // Keep the stored text (it finds the range again) and the unknown keys.
        let old = self.highlights.remove(i);
        let mut recoloured = old.clone();
        recoloured.color = color;
        self.insert_highlight(recoloured.clone());
        let mut edit = self.add_highlight(start, end, color, text_of_line);
        // As one edit from the old highlight: drop the intermediate recoloured one.
        let was_merged = edit
            .removed
            .iter()
            .any(|x| *x == Item::Highlight(recoloured.clone()));
        if was_merged {
            edit.removed
                .retain(|x| *x != Item::Highlight(recoloured.clone()));
        } else {
            edit.added.push(Item::Highlight(recoloured));
        }
        edit.removed.insert(0, Item::Highlight(old));
        edit
    }

    /// Adds or renames the topic at 0-based `line`.
    pub fn set_topic(&mut self, line: usize, title: &str, level: u8) -> Edit {
        let before = self.outline.clone();
        self.outline.set_topic(line, title, level);
        outline_edit(&before, &self.outline)
    }

    /// Deletes the topic at 0-based `line`.
    pub fn remove_topic(&mut self, line: usize) -> Edit {
        let before = self.outline.clone();
        self.outline.remove_topic(line);
        outline_edit(&before, &self.outline)
    }

    /// Applies an edit: removes each of its removed items that is still here, then adds its
    /// added items. `apply(&e.inverse())` undoes `e`.
    pub fn apply(&mut self, edit: &Edit) {
        for item in &edit.removed {
            match item {
                Item::Bookmark(b) => {
                    if let Some(i) = self.bookmarks.iter().position(|x| x == b) {
                        self.bookmarks.remove(i);
                    }
                }
                Item::Highlight(h) => {
                    if let Some(i) = self.highlights.iter().position(|x| x == h) {
                        self.highlights.remove(i);
                    }
                }
                Item::Topic(t) => {
                    if let Some(i) = self.outline.topics.iter().position(|x| x == t) {
                        self.outline.topics.remove(i);
                    }
                }
                Item::RemovedTopic(l) => self.outline.removed.retain(|x| x != l),
            }
        }
        for item in &edit.added {
            self.insert(item.clone());
        }
        self.normalize();
    }

    fn insert_edit(&mut self, item: Item) -> Edit {
        self.insert(item.clone());
        Edit {
            removed: Vec::new(),
            added: vec![item],
        }
    }

    fn insert(&mut self, item: Item) {
        match item {
            Item::Bookmark(b) => match self.bookmark_at(b.line) {
                Some(i) => merge_bookmark(&mut self.bookmarks[i], b),
                None => {
                    let i = self.bookmarks.partition_point(|x| x.line < b.line);
                    self.bookmarks.insert(i, b);
                }
            },
            Item::Highlight(h) => self.insert_highlight(h),
            Item::Topic(t) => {
                let i = self.outline.topics.partition_point(|x| x.line <= t.line);
                self.outline.topics.insert(i, t);
            }
            Item::RemovedTopic(l) => {
                if !self.outline.removed.contains(&l) {
                    let i = self.outline.removed.partition_point(|&x| x < l);
                    self.outline.removed.insert(i, l);
                }
            }
        }
    }

    fn insert_highlight(&mut self, h: Highlight) {
        let i = self
            .highlights
            .partition_point(|x| (x.start, x.end) < (h.start, h.end));
        self.highlights.insert(i, h);
    }
}

/// Two bookmarks on one line become one: the first's text and date, both notes (joined by a
/// blank line when they differ), both sets of unknown keys.
fn merge_bookmark(into: &mut Bookmark, other: Bookmark) {
    into.note = match (into.note.take(), other.note) {
        (Some(a), Some(b)) if a != b => Some(format!("{a}\n\n{b}")),
        (a, b) => a.or(b),
    };
    if into.created.is_none() {
        into.created = other.created;
    }
    if into.text.is_empty() {
        into.text = other.text;
    }
    for (k, v) in other.extra {
        into.extra.entry(k).or_insert(v);
    }
}

/// The edit between two versions of the outline edits.
fn outline_edit(before: &OutlineEdits, after: &OutlineEdits) -> Edit {
    let mut e = Edit::default();
    for t in &before.topics {
        if !after.topics.contains(t) {
            e.removed.push(Item::Topic(t.clone()));
        }
    }
    for &l in &before.removed {
        if !after.removed.contains(&l) {
            e.removed.push(Item::RemovedTopic(l));
        }
    }
    for t in &after.topics {
        if !before.topics.contains(t) {
            e.added.push(Item::Topic(t.clone()));
        }
    }
    for &l in &after.removed {
        if !before.removed.contains(&l) {
            e.added.push(Item::RemovedTopic(l));
        }
    }
    e
}

/// The current time as a TOML datetime (UTC, seconds).
pub fn now() -> toml::Value {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let text = format_utc(secs);
    text.parse::<toml::value::Datetime>()
        .map(toml::Value::Datetime)
        .unwrap_or(toml::Value::String(text))
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970 (Howard Hinnant's days-to-civil).
pub fn format_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_text(i: usize) -> String {
        format!("line {i}")
    }

    fn ranges(n: &Notes) -> Vec<(usize, usize, Color)> {
        n.highlights
            .iter()
            .map(|h| (h.start, h.end, h.color))
            .collect()
    }

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_795_509_600), "2026-11-24T08:40:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert!(matches!(now(), toml::Value::Datetime(_)));
    }

    #[test]
    fn lookups() {
        let mut n = Notes {
            bookmarks: vec![Bookmark::new(9, "a", None), Bookmark::new(2, "b", None)],
            highlights: vec![Highlight::new(4, 7, Color::Blue, "c")],
            ..Notes::default()
        };
        n.normalize();
        assert_eq!(n.bookmark_at(9), Some(1));
        assert_eq!(n.bookmark_at(3), None);
        assert_eq!(n.highlight_at(5), Some(0));
        assert_eq!(n.highlight_at(8), None);
        assert_eq!(n.count_in(0..5), 2);
        assert_eq!(n.count_in(5..10), 1);
        assert_eq!(Color::Purple.next(), Color::Yellow);
    }

    #[test]
    fn a_new_highlight_over_part_of_an_old_one_keeps_every_line() {
        // Issue 12: `:10 v jjj h` then `:12 v jjjj h` kept only 12–16.
        let mut n = Notes::default();
        n.add_highlight(9, 12, Color::Yellow, &line_text);
        n.add_highlight(11, 15, Color::Yellow, &line_text);
        assert_eq!(
            ranges(&n),
            vec![(9, 15, Color::Yellow)],
            "same colour: merged"
        );
        assert_eq!(n.highlights[0].text, "line 9");
        let mut n = Notes::default();
        n.add_highlight(9, 12, Color::Yellow, &line_text);
        let e = n.add_highlight(11, 15, Color::Green, &line_text);
        assert_eq!(
            ranges(&n),
            vec![(9, 10, Color::Yellow), (11, 15, Color::Green)],
            "another colour: the old range is split"
        );
        // Inside an old one of another colour: both ends of the old one stay.
        n.add_highlight(12, 13, Color::Blue, &line_text);
        assert_eq!(
            ranges(&n),
            vec![
                (9, 10, Color::Yellow),
                (11, 11, Color::Green),
                (12, 13, Color::Blue),
                (14, 15, Color::Green)
            ]
        );
        assert_eq!(
            n.highlights[3].text, "line 14",
            "a piece's text is its first line's"
        );
        // Undo of the split puts the old range back.
        let mut m = Notes::default();
        m.add_highlight(9, 12, Color::Yellow, &line_text);
        let before = m.clone();
        let e2 = m.add_highlight(11, 15, Color::Green, &line_text);
        assert_eq!(e2, e);
        m.apply(&e2.inverse());
        assert_eq!(m, before);
    }

    #[test]
    fn touching_highlights_of_one_colour_merge() {
        let mut n = Notes::default();
        n.add_highlight(0, 3, Color::Pink, &line_text);
        n.add_highlight(4, 6, Color::Pink, &line_text);
        assert_eq!(ranges(&n), vec![(0, 6, Color::Pink)]);
        // The same range again changes nothing.
        assert!(n.add_highlight(2, 5, Color::Pink, &line_text).is_empty());
        assert_eq!(ranges(&n), vec![(0, 6, Color::Pink)]);
    }

    #[test]
    fn duplicate_bookmarks_on_one_line_become_one_and_m_removes_it() {
        let mut a = Bookmark::new(4, "x", None);
        a.note = Some("first".into());
        let mut b = Bookmark::new(4, "x", None);
        b.note = Some("second".into());
        let mut n = Notes {
            bookmarks: vec![a, b],
            ..Notes::default()
        };
        n.normalize();
        assert_eq!(n.bookmarks.len(), 1);
        assert_eq!(n.bookmarks[0].note.as_deref(), Some("first\n\nsecond"));
        n.toggle_bookmark(4, "x", None);
        assert!(n.bookmarks.is_empty());
    }

    #[test]
    fn every_operation_is_undone_by_its_inverse() {
        let mut n = Notes::default();
        n.toggle_bookmark(3, "line 3", None);
        n.add_highlight(5, 8, Color::Green, &line_text);
        n.set_topic(20, "Topic", 1);
        let start = n.clone();
        let edits = vec![
            n.toggle_bookmark(3, "line 3", None),
            n.set_note(7, Some("a note"), "line 7", None),
            n.set_note(7, Some(" "), "line 7", None),
            n.remove_highlight_at(6),
            n.add_highlight(1, 2, Color::Blue, &line_text),
            n.set_highlight_color(1, Color::Pink, &line_text),
            n.remove_topic(20),
            n.set_topic(30, "Another", 1),
        ];
        assert!(edits.iter().all(|e| !e.is_empty()), "{edits:?}");
        for e in edits.iter().rev() {
            n.apply(&e.inverse());
        }
        assert_eq!(n, start);
        assert_eq!(edits[0].describe(), "bookmark on line 4 deleted");
        assert_eq!(edits[1].describe(), "bookmark and note on line 8 added");
        assert_eq!(edits[2].describe(), "note on line 8 deleted");
    }

    #[test]
    fn next_bookmark_skips_lines_past_the_end() {
        let mut n = Notes::default();
        for l in [2, 5, 499] {
            n.toggle_bookmark(l, "", None);
        }
        assert_eq!(n.next_bookmark(0, false, 10), Some((2, false)));
        assert_eq!(n.next_bookmark(5, false, 10), Some((2, true)));
        assert_eq!(n.next_bookmark(2, true, 10), Some((5, true)));
        assert_eq!(n.next_bookmark(9, true, 10), Some((5, false)));
        assert_eq!(Notes::default().next_bookmark(0, false, 10), None);
    }

    #[test]
    fn overlapping_highlights_from_a_file_are_resolved_in_their_order() {
        let mut n = Notes {
            highlights: vec![
                Highlight::new(9, 12, Color::Yellow, "a"),
                Highlight::new(11, 15, Color::Green, "b"),
            ],
            ..Notes::default()
        };
        n.resolve_overlaps(&line_text);
        assert_eq!(
            ranges(&n),
            vec![(9, 10, Color::Yellow), (11, 15, Color::Green)]
        );
        assert_eq!(n.highlights[1].text, "b", "the stored text is kept");
    }
}
