//! Formats: plain text, SRT, WebVTT and Markdown → lines (+ times, headings).
//!
//! # Detection
//!
//! By extension first: `.srt`, `.vtt`, `.md`/`.markdown`. Anything else (`.txt`, no extension) is
//! sniffed: text starting with `WEBVTT` is WebVTT; text whose first non-blank line is a timing
//! line, or a number followed by a timing line, is SRT; text whose first non-blank line is an ATX
//! heading (`# Title`), or that has at least [`MARKDOWN_MIN_HEADINGS`] of them outside code
//! fences, is Markdown; everything else is plain text.
//!
//! # Subtitles
//!
//! SRT and WebVTT share one forgiving parser. A timing line (`start --> end`, anything after the
//! end time ignored) starts a cue, with or without a blank line before it; a number line right
//! before it (in WebVTT: any identifier line after a blank line) is the cue's number and dropped.
//! The cue's text lines up to the next blank line become one transcript line, joined by a space,
//! with the cue's start time. Further non-blank lines before the next cue (broken files) are kept
//! as lines of their own with the same time; lines before the first cue are kept untimed. A file
//! without any timing line is returned as plain text.
//!
//! In each text line, known formatting tags (`<b> <i> <u> <s> <c…> <v …> <font …> <lang …>
//! <ruby> <rt> <span>`, closing forms too) and word timings (`<00:00:01.000>`) are removed, `<br>`
//! and the ASS escapes `\N` and `\h` become a space, ASS override blocks (`{\an8}`) are removed.
//! Other `<…>`, stray `<` and `>` and `{…}` are kept as text. WebVTT also decodes `&amp; &lt; &gt;
//! &nbsp; &lrm; &rlm; &quot; &apos;` and numeric character references, and drops its header block
//! (with `Kind:`/`Language:`) and `NOTE`, `STYLE` and `REGION` blocks. Lines are trimmed; cues
//! left empty are dropped.
//!
//! Rolling captions (YouTube's auto-captions, where each cue repeats the previous cue's line and
//! adds one, with 10 ms cues in between repeating the last line) are collapsed: when at least a
//! quarter of the cues repeat a line of the cue before them (and, in SRT, at least two do), each
//! line that the previous cue already had is dropped, so every caption line appears once, at the
//! time it first appeared.

mod markdown;
mod subtitles;

pub use markdown::atx_heading;
pub use subtitles::{parse_timestamp, timing_start};

use super::{Format, Heading};
use markdown::{looks_like_markdown, markdown_headings};
use std::path::Path;
use subtitles::{is_number, parse_subtitles};

/// The result of parsing: the transcript's lines joined by `\n`, per-line start times for timed
/// formats, and headings.
#[derive(Debug, Default)]
pub struct Parsed {
    pub text: String,
    pub times: Option<Vec<u32>>,
    pub headings: Vec<Heading>,
}

/// Headings needed to call a text Markdown when its first line is not one.
pub const MARKDOWN_MIN_HEADINGS: usize = 3;

/// Picks the format from the file extension, else by sniffing the start of the text.
pub fn detect_format(path: Option<&Path>, text: &str) -> Format {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("srt") => Format::Srt,
        Some("vtt") => Format::Vtt,
        Some("md" | "markdown") => Format::Markdown,
        _ => sniff(text),
    }
}

/// Guesses the format from the content alone.
pub fn sniff(text: &str) -> Format {
    let body = text.trim_start_matches('\u{FEFF}').trim_start();
    if let Some(rest) = body.strip_prefix("WEBVTT")
        && rest
            .chars()
            .next()
            .is_none_or(|c| matches!(c, ' ' | '\t' | '\n' | '\r'))
    {
        return Format::Vtt;
    }
    let mut lines = body.lines().map(str::trim);
    let first = lines.next().unwrap_or_default();
    if timing_start(first).is_some()
        || (is_number(first) && lines.next().is_some_and(|l| timing_start(l).is_some()))
    {
        return Format::Srt;
    }
    if looks_like_markdown(text) {
        return Format::Markdown;
    }
    Format::Plain
}

/// Parses text whose newlines are already normalised to `\n`.
pub fn parse(text: String, format: Format) -> Parsed {
    match format {
        Format::Plain => Parsed {
            text,
            times: None,
            headings: Vec::new(),
        },
        Format::Markdown => {
            let headings = markdown_headings(&text);
            Parsed {
                text,
                times: None,
                headings,
            }
        }
        Format::Srt => parse_subtitles(text, false),
        Format::Vtt => parse_subtitles(text, true),
    }
}

#[cfg(test)]
mod tests;
