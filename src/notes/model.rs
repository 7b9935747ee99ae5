//! The notes file's schema. These names are fixed — other tools read them:
//!
//! ```toml
//! version = 1
//!
//! [transcript]            # what the notes belong to (informative)
//! name = "talk.srt"
//! hash = "5f2c9a10e4b7d3a1"
//!
//! [position]              # where you left off
//! line = 120
//!
//! [[bookmark]]
//! line = 42               # 1-based
//! text = "the line's text, to find it again"
//! note = "optional"
//! created = 2026-11-30T08:40:00Z
//!
//! [[highlight]]
//! start = 50              # 1-based, inclusive
//! end = 53
//! color = "yellow"
//! text = "the first line's text"
//! ```
//!
//! Unknown keys, at the top and in each table, are kept when the file is saved again.

use crate::outline::edits::OutlineEdits;
use serde::{Deserialize, Serialize};

pub const VERSION: u32 = 1;

/// The whole notes file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notes {
    #[serde(default = "version")]
    pub version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transcript: Option<TranscriptInfo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    #[serde(default, rename = "bookmark", skip_serializing_if = "Vec::is_empty")]
    pub bookmarks: Vec<Bookmark>,
    #[serde(default, rename = "highlight", skip_serializing_if = "Vec::is_empty")]
    pub highlights: Vec<Highlight>,
    /// Your own outline edits (topics added, renamed, deleted).
    #[serde(default, skip_serializing_if = "OutlineEdits::is_blank")]
    pub outline: OutlineEdits,
    /// Keys this version does not know, kept as they were.
    #[serde(flatten)]
    pub extra: toml::Table,
}

fn version() -> u32 {
    VERSION
}

impl Default for Notes {
    fn default() -> Self {
        Notes {
            version: VERSION,
            transcript: None,
            position: None,
            bookmarks: Vec::new(),
            highlights: Vec::new(),
            outline: OutlineEdits::default(),
            extra: toml::Table::new(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TranscriptInfo {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub hash: String,
    #[serde(flatten)]
    pub extra: toml::Table,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Position {
    /// 1-based line where the reader was.
    pub line: usize,
    #[serde(flatten)]
    pub extra: toml::Table,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bookmark {
    /// 1-based line.
    pub line: usize,
    /// The line's text when the bookmark was made, to find it again if the transcript changes.
    #[serde(default)]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// When it was made (a TOML datetime; kept as written if it is something else).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<toml::Value>,
    #[serde(flatten)]
    pub extra: toml::Table,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Highlight {
    /// 1-based, inclusive.
    pub start: usize,
    pub end: usize,
    #[serde(default)]
    pub color: Color,
    /// The first line's text.
    #[serde(default)]
    pub text: String,
    #[serde(flatten)]
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
}

impl Bookmark {
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

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{message}")]
pub struct ParseError {
    /// 1-based line and column of the problem, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl Notes {
    /// Parses a notes file. Errors carry the line and column.
    pub fn parse(text: &str) -> Result<Notes, ParseError> {
        let mut notes: Notes = toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let (l, c) = line_col(text, span.start);
                    (Some(l), Some(c))
                }
                None => (None, None),
            };
            let what = e.message().trim().to_string();
            let message = match (line, column) {
                (Some(l), Some(c)) => format!("line {l}, column {c}: {what}"),
                _ => what,
            };
            ParseError {
                line,
                column,
                message,
            }
        })?;
        if notes.version > VERSION {
            return Err(ParseError {
                line: None,
                column: None,
                message: format!(
                    "version {} is newer than this lector understands ({VERSION})",
                    notes.version
                ),
            });
        }
        notes.version = VERSION;
        notes.normalize();
        Ok(notes)
    }

    /// Serialises the notes as TOML, bookmarks and highlights in transcript order.
    pub fn to_toml(&self) -> String {
        let mut n = self.clone();
        n.normalize();
        let body = toml::to_string(&n).unwrap_or_default();
        format!(
            "# lector notes: bookmarks and highlights, 1-based lines. Edit freely; unknown keys are kept.\n{body}"
        )
    }

    /// Sorts bookmarks and highlights by line, and fixes inverted ranges.
    pub fn normalize(&mut self) {
        self.bookmarks.sort_by_key(|b| b.line);
        for h in &mut self.highlights {
            if h.end < h.start {
                std::mem::swap(&mut h.start, &mut h.end);
            }
        }
        self.highlights.sort_by_key(|h| (h.start, h.end));
    }

    pub fn is_empty(&self) -> bool {
        self.bookmarks.is_empty() && self.highlights.is_empty()
    }

    /// The bookmark on 1-based `line`.
    pub fn bookmark_at(&self, line: usize) -> Option<usize> {
        let i = self.bookmarks.partition_point(|b| b.line < line);
        (self.bookmarks.get(i).is_some_and(|b| b.line == line)).then_some(i)
    }

    /// The highlight covering 1-based `line` (the last one starting at or before it).
    pub fn highlight_at(&self, line: usize) -> Option<usize> {
        let i = self.highlights.partition_point(|h| h.start <= line);
        (0..i).rev().find(|&j| self.highlights[j].contains(line))
    }

    /// Annotations (bookmarks plus highlights) starting in the 1-based lines `range`.
    pub fn count_in(&self, range: std::ops::Range<usize>) -> usize {
        let b0 = self.bookmarks.partition_point(|b| b.line < range.start);
        let b1 = self.bookmarks.partition_point(|b| b.line < range.end);
        let h0 = self.highlights.partition_point(|h| h.start < range.start);
        let h1 = self.highlights.partition_point(|h| h.start < range.end);
        (b1 - b0) + (h1 - h0)
    }
}

/// 1-based line and column (in characters) of byte offset `pos` in `text`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let pos = pos.min(text.len());
    let before = &text[..text.floor_char_boundary(pos)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
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

    #[test]
    fn dates() {
        assert_eq!(format_utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_utc(1_795_509_600), "2026-11-24T08:40:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
        assert!(matches!(now(), toml::Value::Datetime(_)));
    }

    #[test]
    fn round_trip_keeps_unknown_keys_and_odd_text() {
        let text = r#"
version = 1
tool = "kept"

[position]
line = 7

[[bookmark]]
line = 3
text = "他说 \"开源\" 🚀"
note = "multi\nline 'quotes' \\ and emoji 🎉"
created = 2026-11-30T08:40:00Z
color_tag = "kept too"

[[highlight]]
start = 9
end = 5
color = "pink"
text = "x"
"#;
        let n = Notes::parse(text).unwrap();
        assert_eq!(n.extra.get("tool").and_then(|v| v.as_str()), Some("kept"));
        assert_eq!(
            n.bookmarks[0]
                .extra
                .get("color_tag")
                .and_then(|v| v.as_str()),
            Some("kept too")
        );
        assert_eq!((n.highlights[0].start, n.highlights[0].end), (5, 9));
        let again = Notes::parse(&n.to_toml()).unwrap();
        assert_eq!(again, n);
    }

    #[test]
    fn unknown_keys_in_an_outline_table_without_edits_are_kept() {
        // Found by the `notes` fuzz target: `[outline]` holding only keys lector does not
        // know was dropped on save.
        let n = Notes::parse("version = 1\n[outline]\nmine = \"kept\"\n").unwrap();
        let again = Notes::parse(&n.to_toml()).unwrap();
        assert_eq!(again, n);
        assert!(n.to_toml().contains("mine = \"kept\""));
    }

    #[test]
    fn errors_have_line_and_column() {
        let e = Notes::parse("version = 1\n[[bookmark]]\nline = \"x\"\n").unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
        assert!(e.message.starts_with("line 3, column"), "{e}");
        let e = Notes::parse("version = 1\n[[bookmark]\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        let e = Notes::parse("version = 9\n").unwrap_err();
        assert!(e.message.contains("newer"), "{e}");
    }

    #[test]
    fn lookups() {
        let mut n = Notes {
            bookmarks: vec![Bookmark::new(10, "a", None), Bookmark::new(3, "b", None)],
            highlights: vec![Highlight::new(5, 8, Color::Blue, "c")],
            ..Notes::default()
        };
        n.normalize();
        assert_eq!(n.bookmark_at(10), Some(1));
        assert_eq!(n.bookmark_at(4), None);
        assert_eq!(n.highlight_at(6), Some(0));
        assert_eq!(n.highlight_at(9), None);
        assert_eq!(n.count_in(1..6), 2);
        assert_eq!(n.count_in(6..11), 1);
        assert_eq!(Color::Purple.next(), Color::Yellow);
    }
}
