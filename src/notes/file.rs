//! The notes file's schema, and the only place where its 1-based lines meet the 0-based model.
//! These names are fixed — other tools read them:
//!
//! ```toml
//! version = 1
//!
//! [transcript]            # what the notes belong to
//! name = "talk.srt"
//! hash = "5f2c9a10e4b7d3a1"
//! path = "/home/me/talks/talk.srt"   # absent for piped text
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
//! Unknown keys, at the top and in each table, are kept when the file is saved again. So is a
//! `[position]` table written by earlier versions (positions now live in the state file, see
//! [`super::positions`]). An entry whose lines cannot be represented (below 1, or a range that
//! ends before it starts) or whose colour is unknown is kept verbatim, not "fixed".

use super::model::{Bookmark, Color, Highlight, Kept, Notes, TranscriptInfo};
use crate::outline::edits::OutlineEdits;
use serde::{Deserialize, Serialize};

pub const VERSION: u32 = 1;

/// The file's first line.
const HEADER: &str = "# lector notes: bookmarks and highlights, 1-based lines. Edit freely; unknown keys are kept.\n";

/// The file: read with `B = RawBookmark` (so a mistyped entry is an error with its line and
/// column), written with `B = Entry<RawBookmark>` (so kept tables are written as they were).
#[derive(Debug, Serialize, Deserialize)]
struct FileNotes<B, H> {
    #[serde(default = "version")]
    version: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    transcript: Option<TranscriptInfo>,
    #[serde(
        default = "Vec::new",
        rename = "bookmark",
        skip_serializing_if = "Vec::is_empty"
    )]
    bookmarks: Vec<B>,
    #[serde(
        default = "Vec::new",
        rename = "highlight",
        skip_serializing_if = "Vec::is_empty"
    )]
    highlights: Vec<H>,
    #[serde(default, skip_serializing_if = "OutlineEdits::is_blank")]
    outline: OutlineEdits,
    #[serde(flatten)]
    extra: toml::Table,
}

fn version() -> u32 {
    VERSION
}

/// An entry as written: one lector understands, or a kept table written as it was.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Entry<T> {
    Raw(T),
    Kept(toml::Table),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawBookmark {
    line: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    note: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    created: Option<toml::Value>,
    #[serde(flatten)]
    extra: toml::Table,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct RawHighlight {
    start: i64,
    end: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    color: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    text: String,
    #[serde(flatten)]
    extra: toml::Table,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{message}")]
pub struct ParseError {
    /// 1-based line and column of the problem, when known.
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

/// A 1-based line from the file as a 0-based one, if it is one.
fn zero_based(line: i64) -> Option<usize> {
    usize::try_from(line).ok()?.checked_sub(1)
}

/// A 0-based line as the file's 1-based one.
fn one_based(line: usize) -> i64 {
    i64::try_from(line).map_or(i64::MAX, |l| l.saturating_add(1))
}

fn table_of<T: Serialize>(raw: &T) -> toml::Table {
    toml::Table::try_from(raw).unwrap_or_default()
}

impl Notes {
    /// Parses a notes file. Errors carry the line and column.
    pub fn parse(text: &str) -> Result<Notes, ParseError> {
        let file: FileNotes<RawBookmark, RawHighlight> = toml::from_str(text).map_err(|e| {
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
        if file.version > VERSION {
            return Err(ParseError {
                line: None,
                column: None,
                message: format!(
                    "version {} is newer than this lector understands ({VERSION})",
                    file.version
                ),
            });
        }
        let mut notes = Notes {
            transcript: file.transcript,
            outline: file.outline,
            extra: file.extra,
            ..Notes::default()
        };
        for raw in file.bookmarks {
            match zero_based(raw.line) {
                Some(line) => notes.bookmarks.push(Bookmark {
                    line,
                    text: raw.text,
                    note: raw.note,
                    created: raw.created,
                    extra: raw.extra,
                }),
                None => notes.kept.bookmarks.push(table_of(&raw)),
            }
        }
        for raw in file.highlights {
            let lines = zero_based(raw.start).zip(zero_based(raw.end));
            let color = match &raw.color {
                None => Some(Color::Yellow),
                Some(name) => Color::from_name(name),
            };
            match (lines, color) {
                (Some((start, end)), Some(color)) if start <= end => {
                    notes.highlights.push(Highlight {
                        start,
                        end,
                        color,
                        text: raw.text,
                        extra: raw.extra,
                    });
                }
                _ => notes.kept.highlights.push(table_of(&raw)),
            }
        }
        notes.normalize();
        Ok(notes)
    }

    /// Serialises the notes as TOML: bookmarks and highlights in transcript order, then the
    /// entries kept verbatim.
    pub fn to_toml(&self) -> String {
        let mut n = self.clone();
        n.normalize();
        let mut bookmarks: Vec<Entry<RawBookmark>> = n
            .bookmarks
            .into_iter()
            .map(|b| {
                Entry::Raw(RawBookmark {
                    line: one_based(b.line),
                    text: b.text,
                    note: b.note,
                    created: b.created,
                    extra: b.extra,
                })
            })
            .collect();
        bookmarks.extend(n.kept.bookmarks.into_iter().map(Entry::Kept));
        let mut highlights: Vec<Entry<RawHighlight>> = n
            .highlights
            .into_iter()
            .map(|h| {
                Entry::Raw(RawHighlight {
                    start: one_based(h.start),
                    end: one_based(h.end),
                    color: Some(h.color.name().to_string()),
                    text: h.text,
                    extra: h.extra,
                })
            })
            .collect();
        highlights.extend(n.kept.highlights.into_iter().map(Entry::Kept));
        let file = FileNotes {
            version: VERSION,
            transcript: n.transcript,
            bookmarks,
            highlights,
            outline: n.outline,
            extra: n.extra,
        };
        let body = toml::to_string(&file).unwrap_or_default();
        format!("{HEADER}{body}")
    }

    /// The 0-based line of a `[position]` written by an earlier version, if any.
    pub fn legacy_position(&self) -> Option<usize> {
        let line = self.extra.get("position")?.get("line")?.as_integer()?;
        zero_based(line)
    }
}

impl Kept {
    /// A short description of a kept entry, for messages: its `line` or `start`–`end`.
    pub fn describe(t: &toml::Table) -> String {
        let v = |k: &str| {
            t.get(k)
                .map_or_else(|| "?".into(), std::string::ToString::to_string)
        };
        if t.contains_key("start") {
            format!("start = {}, end = {}", v("start"), v("end"))
        } else {
            format!("line = {}", v("line"))
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based_in_the_file_and_zero_based_in_memory() {
        let n = Notes::parse(
            "version = 1\n[[bookmark]]\nline = 3\ntext = \"c\"\n[[highlight]]\nstart = 5\nend = 7\n",
        )
        .unwrap();
        assert_eq!(n.bookmarks[0].line, 2);
        assert_eq!((n.highlights[0].start, n.highlights[0].end), (4, 6));
        let text = n.to_toml();
        assert!(text.contains("line = 3\n"), "{text}");
        assert!(text.contains("start = 5\nend = 7\n"), "{text}");
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
start = 5
end = 9
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
        assert_eq!(n.legacy_position(), Some(6));
        let again = Notes::parse(&n.to_toml()).unwrap();
        assert_eq!(again, n);
        assert!(n.to_toml().contains("[position]\nline = 7\n"));
    }

    #[test]
    fn entries_that_cannot_be_represented_are_kept_verbatim() {
        // Issue 13, item 5: `start = i64::MAX, end = 0` was rewritten to 1–4.
        let text = format!(
            "version = 1\n\
             [[highlight]]\nstart = {}\nend = 0\ncolor = \"green\"\ntext = \"t\"\n\
             [[highlight]]\nstart = 9\nend = 5\n\
             [[highlight]]\nstart = 1\nend = 2\ncolor = \"orange\"\n\
             [[bookmark]]\nline = 0\ntext = \"zero\"\nmine = 1\n\
             [[bookmark]]\nline = -4\n\
             [[bookmark]]\nline = 500\ntext = \"far\"\n",
            i64::MAX
        );
        let n = Notes::parse(&text).unwrap();
        assert_eq!(n.kept.highlights.len(), 3);
        assert_eq!(n.kept.bookmarks.len(), 2);
        assert!(n.highlights.is_empty());
        assert_eq!(n.bookmarks.len(), 1);
        assert_eq!(
            n.bookmarks[0].line, 499,
            "past the end of any transcript: kept"
        );
        let saved = n.to_toml();
        let again = Notes::parse(&saved).unwrap();
        assert_eq!(again, n);
        assert!(saved.contains(&format!("start = {}", i64::MAX)), "{saved}");
        assert!(saved.contains("end = 0"), "{saved}");
        assert!(saved.contains("start = 9"), "{saved}");
        assert!(saved.contains("color = \"orange\""), "{saved}");
        assert!(saved.contains("line = -4"), "{saved}");
        assert!(saved.contains("mine = 1"), "{saved}");
        assert!(saved.contains("line = 500"), "{saved}");
    }

    #[test]
    fn an_outline_table_holding_only_unknown_keys_is_kept() {
        // Found by the `notes` fuzz target: it was dropped on save.
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
}
