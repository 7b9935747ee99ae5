//! The bottom layer: rules about text that every other layer shares. Nothing here knows of
//! transcripts, the terminal or the app.
//!
//! - [`clean`]: control, bidi and invisible characters made visible (on load, and for every
//!   string from a file that reaches a screen or an output);
//! - times (`m:ss`, `h:mm:ss`), line-number widths, cutting to a width with an ellipsis;
//! - I/O errors as short sentences, and names made safe to print.

pub mod clean;

use crate::wrap;

/// Times are written with hours (`h:mm:ss`) in a recording at least this long.
const HOUR_MS: u32 = 3_600_000;

/// Whether the times of a recording `duration_ms` long are written with hours.
pub fn needs_hours(duration_ms: Option<u32>) -> bool {
    duration_ms.is_some_and(|d| d >= HOUR_MS)
}

/// `m:ss`, or `h:mm:ss` when `hours` is set.
pub fn format_time(ms: u32, hours: bool) -> String {
    let s = ms / 1000;
    if hours {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Cells a time column needs for a recording `duration_ms` long: `m:ss` (or `mm:ss`) below an
/// hour, `h:mm:ss` above; 0 for an untimed transcript.
pub fn time_width(duration_ms: Option<u32>) -> u16 {
    match duration_ms {
        None => 0,
        Some(ms) if ms >= HOUR_MS => format_time(ms, true).len() as u16,
        Some(ms) if ms >= 600_000 => 5,
        Some(_) => 4,
    }
}

/// Number of decimal digits of `n` (at least 1).
pub fn digits(n: usize) -> usize {
    n.max(1).ilog10() as usize + 1
}

/// The longest prefix of `s` that fits in `width` cells.
pub fn truncate(s: &str, width: usize) -> &str {
    let mut used = 0;
    for (i, _, w) in wrap::graphemes(s) {
        if used + w > width {
            return &s[..i];
        }
        used += w;
    }
    s
}

/// `s` cut to `width` cells with `…` at the end when it does not fit.
pub fn ellipsize(s: &str, width: usize) -> String {
    if wrap::width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    format!("{}…", truncate(s, width - 1))
}

/// A path or name made safe to print: control and bidi characters become visible markers, a
/// newline `^J`.
pub fn safe_display(s: &str) -> String {
    clean::clean(s.replace('\n', "^J"))
}

/// An I/O error as a short sentence, without Rust's "(os error 2)".
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::{IsADirectory, NotFound, PermissionDenied};
    match e.kind() {
        NotFound => "no such file".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_formats() {
        assert_eq!(format_time(90_500, false), "1:30");
        assert_eq!(format_time(3_723_000, true), "1:02:03");
        assert!(!needs_hours(Some(3_599_999)) && needs_hours(Some(3_600_000)));
        assert!(!needs_hours(None));
        assert_eq!(time_width(Some(90_000)), 4);
        assert_eq!(time_width(Some(700_000)), 5);
        assert_eq!(time_width(Some(3_723_000)), 7);
        assert_eq!(time_width(None), 0);
        assert_eq!(digits(313), 3);
        assert_eq!(digits(0), 1);
    }

    #[test]
    fn ellipsis_counts_cells() {
        assert_eq!(ellipsize("abcdef", 4), "abc…");
        assert_eq!(ellipsize("中文字幕", 5), "中文…");
        assert_eq!(ellipsize("abc", 3), "abc");
        assert_eq!(ellipsize("abc", 0), "");
    }
}
