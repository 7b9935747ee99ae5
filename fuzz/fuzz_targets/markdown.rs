//! Markdown: ATX headings, code fences, heading titles with markers. The bytes go through the
//! loader as a `.md` file (detected encoding), and straight into the parser as text.
#![no_main]

use lector::text::clean::{clean, normalize_newlines};
use lector::transcript::{Document, Format, parse};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::load_as(data, "input.md", None);

    let text = normalize_newlines(String::from_utf8_lossy(data).into_owned());
    let p = parse::parse(text, Format::Markdown);
    let lines = p.text.split('\n').count();
    if let Some(times) = &p.times {
        assert!(times.len() == lines || (times.is_empty() && p.text.is_empty()));
    }
    let mut doc = Document::new("t", Format::Markdown, clean(p.text)).with_headings(p.headings);
    if let Some(times) = p.times {
        doc = doc.with_times(times);
    }
    common::check_document(&doc);
});
