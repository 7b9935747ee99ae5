//! The document: one text buffer and a compact line index — no per-line allocations.

use super::{Format, Heading};

/// Marks a line without a time in [`Document::times`].
pub const NO_TIME: u32 = u32::MAX;

/// A loaded, cleaned transcript.
///
/// All lines live in one `String`, separated by `\n`; `starts[i]` is the byte offset of line `i`.
/// Offsets are `u32` (4 bytes a line), so a document is limited to 4 GiB of text; the loader
/// refuses bigger inputs.
#[derive(Debug, Clone)]
pub struct Document {
    /// Shown in the status bar and used to name the notes file.
    pub name: String,
    pub format: Format,
    /// The encoding the bytes were decoded from (`UTF-8`, `GBK`, …).
    pub encoding: &'static str,
    text: String,
    starts: Vec<u32>,
    /// Start time in milliseconds of each line, for timed formats; [`NO_TIME`] where unknown.
    times: Option<Vec<u32>>,
    /// Whether `times` never decreases (then time look-ups are a binary search).
    times_sorted: bool,
    pub headings: Vec<Heading>,
}

impl Document {
    /// Builds the line index over `text` (lines separated by `\n`; a final `\n` does not start
    /// another line). `times`, when given, must have one entry per line.
    pub fn new(name: impl Into<String>, format: Format, text: String) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0u32);
        for pos in memchr::memchr_iter(b'\n', text.as_bytes()) {
            if pos + 1 < text.len() {
                starts.push((pos + 1) as u32);
            }
        }
        Document {
            name: name.into(),
            format,
            encoding: "UTF-8",
            text,
            starts,
            times: None,
            times_sorted: true,
            headings: Vec::new(),
        }
    }

    /// Attaches per-line start times (milliseconds). Extra entries are dropped, missing ones are
    /// [`NO_TIME`].
    #[must_use]
    pub fn with_times(mut self, mut times: Vec<u32>) -> Self {
        times.resize(self.len(), NO_TIME);
        let mut last = 0;
        self.times_sorted = true;
        for &t in &times {
            if t == NO_TIME {
                continue;
            }
            if t < last {
                self.times_sorted = false;
                break;
            }
            last = t;
        }
        self.times = Some(times);
        self
    }

    #[must_use]
    pub fn with_headings(mut self, headings: Vec<Heading>) -> Self {
        self.headings = headings;
        self
    }

    #[must_use]
    pub fn with_encoding(mut self, encoding: &'static str) -> Self {
        self.encoding = encoding;
        self
    }

    /// Number of lines; at least 1 (an empty document has one empty line).
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Never true: a document always has at least one line.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The whole text, lines separated by `\n`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Byte range of line `i` in [`Document::text`], without its `\n`.
    pub fn line_range(&self, i: usize) -> std::ops::Range<usize> {
        let start = self.starts[i] as usize;
        let end = match self.starts.get(i + 1) {
            Some(&next) => next as usize - 1,
            None => {
                let len = self.text.len();
                if len > start && self.text.as_bytes()[len - 1] == b'\n' {
                    len - 1
                } else {
                    len
                }
            }
        };
        start..end
    }

    /// Line `i` (0-based), without its newline. Panics if `i >= len()`.
    pub fn line(&self, i: usize) -> &str {
        &self.text[self.line_range(i)]
    }

    /// The line holding byte offset `pos` of the text.
    pub fn line_of_offset(&self, pos: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= pos)
            .saturating_sub(1)
    }

    pub fn is_timed(&self) -> bool {
        self.times.is_some()
    }

    /// Start time of line `i` in milliseconds, if the document is timed and the line has one.
    pub fn time(&self, i: usize) -> Option<u32> {
        self.times
            .as_ref()
            .and_then(|t| t.get(i).copied())
            .filter(|&t| t != NO_TIME)
    }

    /// The time of the last timed line, in milliseconds.
    pub fn duration(&self) -> Option<u32> {
        let times = self.times.as_ref()?;
        times.iter().rev().copied().find(|&t| t != NO_TIME)
    }

    /// Whether this document's times are written with hours (`h:mm:ss`).
    pub fn hours(&self) -> bool {
        crate::text::needs_hours(self.duration())
    }

    /// The line being spoken at `ms`: the last line (in document order) that starts at or before
    /// `ms`; the first timed line when `ms` is before every line. `None` for untimed documents.
    pub fn line_at_time(&self, ms: u32) -> Option<usize> {
        let times = self.times.as_ref()?;
        if self.times_sorted {
            // Untimed lines (NO_TIME) would break the ordering; they inherit the time before them
            // for this purpose, which a scan handles. Binary search the common all-timed case.
            if !times.contains(&NO_TIME) {
                let after = times.partition_point(|&t| t <= ms);
                return Some(after.saturating_sub(1));
            }
        }
        let mut best: Option<(u32, usize)> = None;
        let mut first: Option<usize> = None;
        for (i, &t) in times.iter().enumerate() {
            if t == NO_TIME {
                continue;
            }
            first.get_or_insert(i);
            if t <= ms && best.is_none_or(|(bt, _)| t >= bt) {
                best = Some((t, i));
            }
        }
        best.map(|(_, i)| i).or(first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::new("t", Format::Plain, text.to_string())
    }

    #[test]
    fn lines_are_indexed_without_newlines() {
        let d = doc("a\nbb\n\nccc\n");
        assert_eq!(d.len(), 4);
        assert_eq!(d.line(0), "a");
        assert_eq!(d.line(1), "bb");
        assert_eq!(d.line(2), "");
        assert_eq!(d.line(3), "ccc");
    }

    #[test]
    fn no_trailing_newline_and_empty() {
        let d = doc("x\ny");
        assert_eq!(d.len(), 2);
        assert_eq!(d.line(1), "y");
        let e = doc("");
        assert_eq!(e.len(), 1);
        assert_eq!(e.line(0), "");
    }

    #[test]
    fn line_of_offset_maps_bytes_to_lines() {
        let d = doc("ab\ncd\nef");
        assert_eq!(d.line_of_offset(0), 0);
        assert_eq!(d.line_of_offset(2), 0);
        assert_eq!(d.line_of_offset(3), 1);
        assert_eq!(d.line_of_offset(7), 2);
    }

    #[test]
    fn line_at_time_finds_the_line_being_spoken() {
        let d = doc("a\nb\nc").with_times(vec![1000, 5000, 9000]);
        assert_eq!(d.line_at_time(0), Some(0));
        assert_eq!(d.line_at_time(4999), Some(0));
        assert_eq!(d.line_at_time(5000), Some(1));
        assert_eq!(d.line_at_time(100_000), Some(2));
        assert_eq!(doc("a").line_at_time(5), None);
    }

    #[test]
    fn line_at_time_copes_with_out_of_order_cues() {
        let d = doc("a\nb\nc").with_times(vec![5000, 1000, 9000]);
        assert_eq!(d.line_at_time(2000), Some(1));
        assert_eq!(d.line_at_time(6000), Some(0));
    }
}
