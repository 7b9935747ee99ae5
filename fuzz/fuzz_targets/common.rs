//! Shared by the fuzz targets: the checks every document must pass, whatever bytes made it.

use lector::transcript::Document;
use lector::text::clean::{clean, is_dirty};

/// Panics (a crash for libFuzzer) if `doc` breaks an invariant: at least one line; no control,
/// bidi or zero-width-format character left; cleaning again changes nothing; one time per line
/// and time look-ups inside the document; headings inside the document.
pub fn check_document(doc: &Document) {
    assert_ne!(doc.len(), 0, "a document has at least one line");
    let text = doc.text();
    if let Some(c) = text.chars().find(|&c| is_dirty(c)) {
        panic!("dirty character {c:?} left in the text");
    }
    assert_eq!(
        clean(text.to_string()),
        text,
        "cleaning twice changed the text"
    );
    for i in 0..doc.len() {
        assert!(!doc.line(i).contains('\n'));
        let _ = doc.time(i);
    }
    if doc.is_timed() {
        for ms in [0, 1, 90_000, u32::MAX - 1, u32::MAX] {
            assert!(doc.line_at_time(ms).is_none_or(|l| l < doc.len()));
        }
    }
    for h in &doc.headings {
        assert!(h.line < doc.len(), "heading past the end: {h:?}");
        assert!(!h.title.chars().any(is_dirty));
    }
}

/// Decodes, cleans and parses `data` as a file called `name` would be when opened.
pub fn load_as(data: &[u8], name: &str, encoding: Option<&str>) {
    let opts = lector::load::LoadOptions {
        encoding: encoding.map(str::to_string),
        ..Default::default()
    };
    match lector::load::build_document(data.to_vec(), name, Some(std::path::Path::new(name)), &opts)
    {
        Ok(doc) => check_document(&doc),
        Err(e) => assert!(encoding.is_none(), "a forced encoding must decode: {e}"),
    }
}
