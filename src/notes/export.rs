//! `lector export`: bookmarks and highlights in transcript order, grouped by topic.

use super::model::Notes;
use crate::outline::Outline;
use crate::text::format_time;
use crate::transcript::Document;
use serde::Serialize;

/// One exported annotation.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Quote {
    /// "bookmark" or "highlight".
    pub kind: &'static str,
    /// 1-based, re-anchored.
    pub line: usize,
    /// The last line of a highlight.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// The quoted text: the line, or the highlighted lines joined by newlines.
    pub quote: String,
    /// False when the transcript changed and the text was not found again: `quote` is then the
    /// text as it was saved and `line` where it used to be.
    #[serde(skip_serializing_if = "is_true")]
    pub placed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

// serde's skip_serializing_if passes a reference.
#[allow(clippy::trivially_copy_pass_by_ref)]
fn is_true(b: &bool) -> bool {
    *b
}

/// A topic and its quotes.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Group {
    pub topic: String,
    /// 1-based line where the topic starts.
    pub line: usize,
    #[serde(rename = "quote")]
    pub quotes: Vec<Quote>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Export {
    pub transcript: String,
    pub notes_file: String,
    #[serde(rename = "topic")]
    pub topics: Vec<Group>,
}

/// Collects the quotes, in transcript order, grouped by topic.
pub fn collect(doc: &Document, outline: &Outline, notes: &Notes, notes_file: &str) -> Export {
    let hours = doc.hours();
    // Lines are 0-based in memory, 1-based in the export.
    let time = |line: usize| doc.time(line).map(|ms| format_time(ms, hours));
    let here = |line: usize| (line < doc.len()).then(|| doc.line(line));
    let mut quotes: Vec<Quote> = Vec::new();
    for b in &notes.bookmarks {
        let placed = here(b.line).is_some_and(|t| b.text.is_empty() || b.text == t);
        quotes.push(Quote {
            kind: "bookmark",
            line: b.line.saturating_add(1),
            end: None,
            time: time(b.line),
            color: None,
            quote: match here(b.line) {
                Some(t) if placed => t.to_string(),
                _ => b.text.clone(),
            },
            placed,
            note: b.note.clone(),
        });
    }
    for h in &notes.highlights {
        let placed = here(h.start).is_some_and(|t| h.text.is_empty() || h.text == t);
        let last = h.end.min(doc.len().saturating_sub(1));
        quotes.push(Quote {
            kind: "highlight",
            line: h.start.saturating_add(1),
            end: Some(h.end.saturating_add(1)),
            time: time(h.start),
            color: Some(h.color.name().to_string()),
            quote: if placed {
                (h.start..=last)
                    .map(|l| doc.line(l))
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                h.text.clone()
            },
            placed,
            note: None,
        });
    }
    quotes.sort_by_key(|q| (q.line, q.kind == "highlight"));
    let mut topics: Vec<Group> = Vec::new();
    for q in quotes {
        let t = outline.topic_at((q.line - 1).min(doc.len().saturating_sub(1)));
        let (title, line) = match t.and_then(|i| outline.topics.get(i)) {
            Some(t) => (t.title.clone(), t.line + 1),
            None => (doc.name.clone(), 1),
        };
        match topics.last_mut() {
            Some(g) if g.line == line && g.topic == title => g.quotes.push(q),
            _ => topics.push(Group {
                topic: title,
                line,
                quotes: vec![q],
            }),
        }
    }
    Export {
        transcript: doc.name.clone(),
        notes_file: notes_file.to_string(),
        topics,
    }
}

/// Markdown for pasting into notes apps: a heading per topic, `> quote` blocks.
pub fn markdown(e: &Export) -> String {
    // Every string from a file is shown with visible markers for control characters.
    let v = |s: &str| crate::text::clean::visible(s).into_owned();
    let mut s = format!("# {}\n", v(&e.transcript));
    for g in &e.topics {
        s.push_str(&format!("\n## {}\n", v(&g.topic)));
        for q in &g.quotes {
            s.push('\n');
            for l in q.quote.lines() {
                s.push_str(&format!("> {}\n", v(l)));
            }
            let mut cite = match q.end {
                Some(end) if end != q.line => format!("lines {}–{end}", q.line),
                _ => format!("line {}", q.line),
            };
            if let Some(t) = &q.time {
                cite.push_str(&format!(", {t}"));
            }
            if !q.placed {
                cite.push_str(" (not found in the changed transcript; as saved)");
            }
            s.push_str(&format!(">\n> — {cite}\n"));
            if let Some(n) = &q.note {
                s.push('\n');
                for l in n.lines() {
                    s.push_str(&format!("{}  \n", v(l)));
                }
            }
        }
    }
    s
}

/// The export as TOML: every string from a file kept exactly, with the characters a terminal
/// would act on written as escapes.
pub fn toml(e: &Export) -> String {
    escape_rest(&toml::to_string(e).unwrap_or_default())
}

/// The export as JSON, escaped as [`toml`] is.
pub fn json(e: &Export) -> String {
    escape_rest(&serde_json::to_string_pretty(e).unwrap_or_default()) + "\n"
}

/// Writes the characters that serializers leave raw but a terminal acts on (C1 controls, bidi
/// overrides and the other invisible characters `clean` marks) as `\uXXXX` escapes. They can only
/// be inside strings, where JSON and TOML basic strings read the escape back as the character.
fn escape_rest(s: &str) -> String {
    if !s.chars().any(crate::text::clean::is_dirty) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if crate::text::clean::is_dirty(c) && c != '\n' && c != '\t' {
            out.push_str(&format!("\\u{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::{Bookmark, Color, Highlight};
    use crate::outline::{Source, Topic};
    use crate::transcript::Format;

    #[test]
    fn grouped_by_topic_in_transcript_order() {
        let doc = Document::new("t.srt", Format::Srt, "a\nb\nc\nd\ne\n".into())
            .with_times(vec![0, 1000, 61_000, 62_000, 63_000]);
        let outline = Outline::new(
            vec![
                Topic {
                    line: 0,
                    title: "Intro".into(),
                    level: 1,
                },
                Topic {
                    line: 2,
                    title: "Main".into(),
                    level: 1,
                },
            ],
            Source::Sidecar,
            5,
        );
        let mut n = Notes::default();
        n.bookmarks.push(Bookmark::new(3, "d", None));
        n.bookmarks[0].note = Some("check this".into());
        n.bookmarks.push(Bookmark::new(0, "a", None));
        n.highlights.push(Highlight::new(2, 3, Color::Green, "c"));
        n.normalize();
        let e = collect(&doc, &outline, &n, "/n.toml");
        assert_eq!(e.topics.len(), 2);
        assert_eq!(e.topics[0].topic, "Intro");
        let main: Vec<(&str, usize)> = e.topics[1]
            .quotes
            .iter()
            .map(|q| (q.kind, q.line))
            .collect();
        assert_eq!(main, vec![("highlight", 3), ("bookmark", 4)]);
        let md = markdown(&e);
        assert!(
            md.contains("## Main\n\n> c\n> d\n>\n> — lines 3–4, 1:01\n"),
            "{md}"
        );
        assert!(
            md.contains("> d\n>\n> — line 4, 1:02\n\ncheck this  \n"),
            "{md}"
        );
        let t: toml::Value = toml::from_str(&toml(&e)).unwrap();
        assert_eq!(t["topic"][1]["quote"][1]["line"].as_integer(), Some(4));
        let j: serde_json::Value = serde_json::from_str(&json(&e)).unwrap();
        assert_eq!(j["topic"][1]["quote"][0]["color"], "green");
        assert!(j["topic"][1]["quote"][0].get("placed").is_none());
    }

    #[test]
    fn an_unplaced_bookmark_is_quoted_as_saved_and_flagged() {
        let doc = Document::new("t.txt", Format::Plain, "a\nb\n".into());
        let outline = Outline::single(&doc);
        let n = Notes {
            bookmarks: vec![Bookmark::new(1, "was here", None)],
            ..Notes::default()
        };
        let e = collect(&doc, &outline, &n, "n.toml");
        let q = &e.topics[0].quotes[0];
        assert_eq!((q.quote.as_str(), q.placed), ("was here", false));
        assert!(markdown(&e).contains("as saved"));
    }
}
