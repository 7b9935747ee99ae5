//! Hostile and monstrous inputs shared by `hostile.rs` and `e2e_hostile.rs` (included with
//! `#[path]`, so that `common/mod.rs` stays as it is).

#![allow(dead_code)]

/// 10 MB of words on one line, with a marker at each end.
pub fn ten_mb_line() -> String {
    let mut s = String::with_capacity(10_000_100);
    s.push_str("FIRST-WORD ");
    let mut i = 0u32;
    while s.len() < 10_000_000 {
        s.push_str(&format!("word{i} "));
        i += 1;
    }
    s.push_str("LAST-WORD\n");
    s
}

/// `n` SRT cues, one a second, each "cue N".
pub fn srt_cues(n: u32) -> String {
    let mut s = String::with_capacity(n as usize * 50);
    for i in 0..n {
        let (h, m, sec) = (i / 3600, i / 60 % 60, i % 60);
        s.push_str(&format!(
            "{}\n{h:02}:{m:02}:{sec:02},000 --> {h:02}:{m:02}:{sec:02},900\ncue {i}\n\n",
            i + 1
        ));
    }
    s
}

/// A file that tries to drive the terminal: colours, a cleared screen, leaving the alternate
/// screen, turning the mouse off, a window title, an OSC 8 hyperlink, a bell, bidi overrides
/// and isolates, zero-width characters.
pub const HOSTILE_TEXT: &str = "colour \x1b[31mRED\x1b[0m plain\n\
     clear \x1b[2J\x1b[H home\n\
     screen \x1b[?1049l\x1b[?1000l off\n\
     title \x1b]2;PWNED\x07 set\n\
     link \x1b]8;;https://example.com/\x1b\\click\x1b]8;;\x1b\\ here\n\
     bell \x07 rung\n\
     bidi abc\u{202E}fed\u{202C} and \u{2067}isolate\u{2069}\n\
     zero a\u{200B}b\u{2060}c\u{FEFF}d\n";
