//! Transcript text: decoding bytes, cleaning, parsing formats, and the indexed document.

pub mod decode;
pub mod document;
pub mod paragraphs;
pub mod parse;

pub use document::Document;

/// The formats lector reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One transcript line per line of text.
    Plain,
    /// SubRip subtitles.
    Srt,
    /// WebVTT subtitles.
    Vtt,
    /// Markdown: text as is, `#` headings are topics.
    Markdown,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "text",
            Format::Srt => "SRT",
            Format::Vtt => "WebVTT",
            Format::Markdown => "Markdown",
        }
    }
}

/// A heading found in the file (Markdown `#` lines): 0-based line, level 1..=6, title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub line: usize,
    pub level: u8,
    pub title: String,
}
