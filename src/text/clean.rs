//! Cleaning, done once on load: line endings, tabs, and visible markers for control characters.
//!
//! After [`clean`], the text holds no character that could move the terminal's cursor, change its
//! state or reorder what is shown:
//!
//! - a tab becomes spaces up to the next multiple of [`TAB_WIDTH`] cells (widths measured with
//!   `unicode-width` over grapheme clusters from the start of the line, CJK counting two);
//! - C0 controls (but `\n`) and DEL become caret notation: `^@`, `^A` … `^[` (ESC) … `^_`, `^?`;
//! - C1 controls (U+0080–U+009F), bidi embeddings/overrides/isolates (U+202A–U+202E,
//!   U+2066–U+2069), the marks U+200E, U+200F and U+061C, the separators U+2028 and U+2029, and
//!   invisible zero-width characters that a transcript has no use for (U+200B, U+FEFF, the word
//!   joiner and invisible operators U+2060–U+2064, the deprecated format characters
//!   U+206A–U+206F, the interlinear annotation marks U+FFF9–U+FFFB) become `<U+XXXX>`.
//!
//! An escape sequence (CSI `ESC [ … final`, OSC `ESC ] … BEL` or `… ESC \`, or `ESC x`) thus shows
//! as `^[` followed by the rest of the sequence, which is printable text; controls inside it (the
//! BEL or ESC of an OSC terminator) get their own markers. ZWJ and ZWNJ (U+200D, U+200C) are kept:
//! emoji, Persian and Indic scripts need them; so is U+180E, which Mongolian needs.

use crate::wrap::width;

/// Tab stops are every this many cells.
pub const TAB_WIDTH: usize = 8;

/// Turns CRLF and lone CR into LF. Returns the input unchanged (no copy) when it has no CR, and
/// works in its buffer otherwise (the text only shrinks), so a big file is never held twice.
pub fn normalize_newlines(text: String) -> String {
    let Some(first) = memchr::memchr(b'\r', text.as_bytes()) else {
        return text;
    };
    let mut buf = text.into_bytes();
    // Bytes before `w` are the result; `r` is the next byte to read, at a '\r' at each turn.
    let (mut w, mut r) = (first, first);
    loop {
        buf[w] = b'\n';
        w += 1;
        r += 1;
        if buf.get(r) == Some(&b'\n') {
            r += 1;
        }
        let run = memchr::memchr(b'\r', &buf[r..]).unwrap_or(buf.len() - r);
        buf.copy_within(r..r + run, w);
        w += run;
        r += run;
        if r == buf.len() {
            break;
        }
    }
    buf.truncate(w);
    // Only ASCII CR bytes were replaced (by LF) or removed: every UTF-8 sequence stays whole.
    string_from_utf8(buf)
}

/// `bytes` as a `String`, checked with encoding_rs's SIMD validation, ~20× faster than std's on
/// Chinese text (4 ms instead of 80 for 48 MB): for text that the loader rewrites in its own
/// buffer and knows to be whole, checked all the same so that a mistake could never make an
/// invalid `String`. Invalid bytes (which the callers never make) become U+FFFD.
#[allow(unsafe_code)] // validated by encoding_rs's faster check just before
pub fn string_from_utf8(bytes: Vec<u8>) -> String {
    if encoding_rs::Encoding::utf8_valid_up_to(&bytes) == bytes.len() {
        // SAFETY: just checked to be valid UTF-8.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// `bytes` as text if they are valid UTF-8, checked as [`string_from_utf8`] does.
#[allow(unsafe_code)] // validated by encoding_rs's faster check just before
pub fn str_from_utf8(bytes: &[u8]) -> Option<&str> {
    if encoding_rs::Encoding::utf8_valid_up_to(bytes) == bytes.len() {
        // SAFETY: just checked to be valid UTF-8.
        Some(unsafe { std::str::from_utf8_unchecked(bytes) })
    } else {
        None
    }
}

/// The most bytes cleaning adds for one dirty character: a tab (1 byte) becomes up to
/// [`TAB_WIDTH`] spaces; a marker is at most 8 bytes (`<U+202E>`) for at least 1.
const MAX_GROWTH: usize = 7;

/// Expands tabs and replaces every control character (but `\n`) and bidi override with a visible
/// marker. Idempotent. Returns the input unchanged (no copy) when nothing needs cleaning.
///
/// Otherwise the work is done in the input's own buffer, so that a big file is never held
/// twice: the buffer is grown by [`MAX_GROWTH`] bytes per dirty character, the text after the
/// first dirty character moved to its end, and the result written from the front, where it can
/// never catch up with the bytes still to be read.
pub fn clean(text: String) -> String {
    let Some(first) = next_dirty(text.as_bytes(), 0) else {
        return text;
    };
    let mut dirty = 0;
    let mut at = first;
    while let Some(found) = next_dirty(text.as_bytes(), at) {
        dirty += 1;
        at = found + 1;
    }
    let slack = dirty * MAX_GROWTH;
    let len = text.len();
    // Column bookkeeping for tabs: `col` cells measured up to `measured` (a byte offset in the
    // result); the current output line starts where the line holding `first` starts.
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let mut tabs = TabStops {
        col: 0,
        measured: line_start,
    };
    let mut buf = text.into_bytes();
    buf.resize(len + slack, 0);
    // The input from `first` on now lives at `slack +` its offset; the result is `buf[..w]`, its
    // first `first` bytes already in place.
    buf.copy_within(first..len, first + slack);
    let mut w = first;
    let mut pos = first;
    while pos < len {
        // `pos` is at a dirty character. The result so far grew by at most MAX_GROWTH for each
        // dirty character before it: `w <= pos + slack`, so the input at `pos` is intact.
        let at = pos + slack;
        let Some(c) = first_char(&buf[at..(at + 4).min(len + slack)]) else {
            break;
        };
        match c {
            '\t' => {
                let col = tabs.column(&buf[..w]);
                let spaces = TAB_WIDTH - col % TAB_WIDTH;
                buf[w..w + spaces].fill(b' ');
                w += spaces;
                tabs.col = col + spaces;
                tabs.measured = w;
            }
            _ => {
                let mut marker = String::with_capacity(8);
                push_marker(&mut marker, c);
                buf[w..w + marker.len()].copy_from_slice(marker.as_bytes());
                w += marker.len();
            }
        }
        pos += c.len_utf8();

        let input = &buf[slack..len + slack];
        let next = next_dirty(input, pos).unwrap_or(len);
        if let Some(nl) = memchr::memrchr(b'\n', &input[pos..next]) {
            // A new line starts inside the clean run: columns restart there.
            tabs = TabStops {
                col: 0,
                measured: w + nl + 1,
            };
        }
        buf.copy_within(pos + slack..next + slack, w);
        w += next - pos;
        pos = next;
    }
    buf.truncate(w);
    buf.shrink_to_fit();
    // Made of whole characters of the input and ASCII.
    string_from_utf8(buf)
}

/// The first character of `bytes`, which start with a whole character.
fn first_char(bytes: &[u8]) -> Option<char> {
    let n = match bytes.first()? {
        0..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    };
    std::str::from_utf8(bytes.get(..n)?).ok()?.chars().next()
}

/// The display column reached in the current line, measured lazily.
struct TabStops {
    col: usize,
    measured: usize,
}

impl TabStops {
    /// The column at the end of `out`, the result so far.
    fn column(&self, out: &[u8]) -> usize {
        let since = std::str::from_utf8(&out[self.measured..]).unwrap_or_default();
        self.col + width(since)
    }
}

/// `s` made safe to draw, for text that is not transcript text (titles from a sidecar, notes,
/// queries): newlines and every character [`clean`] would mark become visible markers.
/// Borrows when there is nothing to change.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c == '\n' || is_dirty(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(clean(s.replace('\n', " ")))
}

/// Whether `c` must not reach the screen raw (tab included: it is expanded).
pub fn is_dirty(c: char) -> bool {
    matches!(c,
        '\0'..='\u{09}' | '\u{0B}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{061C}' | '\u{200B}' | '\u{200E}' | '\u{200F}'
        | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Writes the visible marker of control or invisible-format character `c`.
fn push_marker(out: &mut String, c: char) {
    match c {
        '\0'..='\u{1F}' => {
            out.push('^');
            out.push(char::from(c as u8 + 0x40));
        }
        '\u{7F}' => out.push_str("^?"),
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "<U+{:04X}>", c as u32);
        }
    }
}

/// The bytes that can start a character that [`is_dirty`]: C0 controls but `\n`, DEL, and the
/// lead bytes of the dirty non-ASCII characters (C2, D8, E2, EF; see [`dirty_at`]).
const SUSPECT: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = b != b'\n' as usize;
        b += 1;
    }
    t[0x7F] = true;
    t[0xC2] = true;
    t[0xD8] = true;
    t[0xE2] = true;
    t[0xEF] = true;
    t
};

/// The byte offset of the first character at or after `from` that [`is_dirty`]: a table scan
/// for the bytes that can start one (about 3× faster than testing each byte in full; the
/// lead bytes E2 and EF are common in Chinese text, for its punctuation), then a closer look.
fn next_dirty(b: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while let Some(off) = b.get(i..)?.iter().position(|&x| SUSPECT[x as usize]) {
        let at = i + off;
        if dirty_at(b, at) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

/// Whether a character that [`is_dirty`] starts at byte `i`.
fn dirty_at(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'\n' => false,
        0x00..=0x1F | 0x7F => true,
        // C1: U+0080–U+009F are C2 80–C2 9F.
        0xC2 => matches!(b.get(i + 1), Some(0x80..=0x9F)),
        // U+061C: D8 9C.
        0xD8 => b.get(i + 1) == Some(&0x9C),
        // U+200B, U+200E/F, U+2028–U+202E: E2 80 xx; U+2060–U+2064, U+2066–U+206F:
        // E2 81 A0–A4, A6–AF.
        0xE2 => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0x80), Some(0x8B | 0x8E | 0x8F | 0xA8..=0xAE))
                | (Some(0x81), Some(0xA0..=0xA4 | 0xA6..=0xAF))
        ),
        // U+FEFF: EF BB BF; U+FFF9–U+FFFB: EF BF B9–BB.
        0xEF => matches!(
            (b.get(i + 1), b.get(i + 2)),
            (Some(0xBB), Some(0xBF)) | (Some(0xBF), Some(0xB9..=0xBB))
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(s: &str) -> String {
        clean(s.to_string())
    }

    #[test]
    fn newlines_crlf_and_lone_cr() {
        assert_eq!(
            normalize_newlines("a\r\nb\rc\n\r\nd\r".into()),
            "a\nb\nc\n\nd\n"
        );
        assert_eq!(normalize_newlines("\r\r\n\r".into()), "\n\n\n");
        assert_eq!(normalize_newlines("字\r\n幕".into()), "字\n幕");
    }

    #[test]
    fn newlines_without_cr_are_not_copied() {
        let s = String::from("a\nb\n");
        let ptr = s.as_ptr();
        let out = normalize_newlines(s);
        assert_eq!(out.as_ptr(), ptr);
    }

    #[test]
    fn clean_text_is_not_copied() {
        let s = String::from("plain — “quotes”, 中文，全角！ emoji 👩‍💻 é\nnext\n");
        let expected = s.clone();
        let ptr = s.as_ptr();
        let out = clean(s);
        assert_eq!(out, expected);
        assert_eq!(out.as_ptr(), ptr);
    }

    #[test]
    fn c0_and_del_become_caret_notation() {
        assert_eq!(cleaned("a\0b\x01c\x07d\x08e\x7f"), "a^@b^Ac^Gd^He^?");
        assert_eq!(cleaned("x\x0by\x0cz\r\x1f"), "x^Ky^Lz^M^_");
    }

    #[test]
    fn csi_sequence_shows_as_caret_bracket() {
        assert_eq!(
            cleaned("\x1b[1;31mred\x1b[0m plain"),
            "^[[1;31mred^[[0m plain"
        );
        assert_eq!(cleaned("\x1b7saved\x1b8"), "^[7saved^[8");
    }

    #[test]
    fn osc8_hyperlink_terminators_get_markers() {
        let link = "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\";
        assert_eq!(cleaned(link), "^[]8;;https://example.com^[\\link^[]8;;^[\\");
        let title = "\x1b]0;title\x07after";
        assert_eq!(cleaned(title), "^[]0;title^Gafter");
    }

    #[test]
    fn c1_and_invisible_format_characters_become_code_points() {
        assert_eq!(
            cleaned("a\u{85}b\u{9b}c\u{80}"),
            "a<U+0085>b<U+009B>c<U+0080>"
        );
        assert_eq!(cleaned("evil\u{202E}txt.exe"), "evil<U+202E>txt.exe");
        assert_eq!(
            cleaned("\u{202A}\u{202B}\u{202C}\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}"),
            "<U+202A><U+202B><U+202C><U+202D><U+2066><U+2067><U+2068><U+2069>"
        );
        assert_eq!(
            cleaned("\u{200E}\u{200F}\u{061C}\u{2028}\u{2029}\u{FEFF}\u{200B}"),
            "<U+200E><U+200F><U+061C><U+2028><U+2029><U+FEFF><U+200B>"
        );
        assert_eq!(
            cleaned("a\u{2060}b\u{2061}\u{2064}c\u{206A}\u{206F}d\u{FFF9}\u{FFFB}"),
            "a<U+2060>b<U+2061><U+2064>c<U+206A><U+206F>d<U+FFF9><U+FFFB>"
        );
    }

    #[test]
    fn neighbours_of_markered_characters_are_kept() {
        // Same lead bytes as the markered ones, but ordinary characters.
        let s = "\u{A0}\u{A9}\u{061B}\u{180E}\u{200C}\u{200D}\u{2014}\u{2026}\u{2030}\u{205F}\u{2065}\u{2070}\u{FEFE}\u{FF0C}\u{FFF8}\u{FFFC}\u{FFFD}";
        assert_eq!(cleaned(s), s);
        assert_eq!(cleaned("👨\u{200D}👩\u{200D}👧"), "👨\u{200D}👩\u{200D}👧");
    }

    #[test]
    fn tabs_expand_to_multiples_of_eight_cells() {
        assert_eq!(cleaned("\tx"), "        x");
        assert_eq!(cleaned("ab\tc"), "ab      c");
        assert_eq!(cleaned("12345678\tx"), "12345678        x");
        assert_eq!(cleaned("a\tb\tc"), "a       b       c");
        // Columns restart on each line.
        assert_eq!(cleaned("abc\nd\te"), "abc\nd       e");
        assert_eq!(cleaned("a\tb\nc\td"), "a       b\nc       d");
    }

    #[test]
    fn tab_after_cjk_counts_two_cells_per_character() {
        // 中文 is 4 cells wide: the tab fills 4 more.
        assert_eq!(cleaned("中文\tx"), "中文    x");
        // 7 cells (3×2 + 1): one space.
        assert_eq!(cleaned("字幕组a\tx"), "字幕组a x");
        // A marker before the tab takes its cells too: ^[ is 2.
        assert_eq!(cleaned("\x1bab\tx"), "^[ab    x");
        // é as e + combining accent is one cell.
        assert_eq!(cleaned("e\u{301}\tx"), "e\u{301}       x");
    }

    #[test]
    fn the_byte_scan_finds_exactly_the_dirty_characters() {
        for c in (0..0x3_0000u32).filter_map(char::from_u32) {
            let s = format!("a中{c}b\n");
            let expected = is_dirty(c).then_some("a中".len());
            assert_eq!(next_dirty(s.as_bytes(), 0), expected, "{:04X}", c as u32);
        }
    }

    #[test]
    fn result_has_no_dirty_characters_and_clean_is_idempotent() {
        let samples = [
            "\x1b[31m\tred\x1b[0m\u{202E}\r\n\u{85}\t中\t\u{2028}x\u{FEFF}",
            "\x1b]8;;u\x07l\x1b]8;;\x07",
            "\t\t\n\t",
            "no dirt at all",
            "",
        ];
        for s in samples {
            let once = cleaned(s);
            assert!(!once.chars().any(is_dirty), "{once:?}");
            assert_eq!(cleaned(&once), once);
        }
    }

    #[test]
    fn every_char_up_to_u3000_is_clean_after_cleaning() {
        let all: String = (0u32..0x3000)
            .chain([0xFEFF, 0xFF0C, 0xFFF8, 0xFFF9, 0xFFFA, 0xFFFB, 0xFFFC])
            .filter_map(char::from_u32)
            .filter(|&c| c != '\n')
            .collect();
        let once = cleaned(&all);
        assert!(!once.chars().any(is_dirty));
        assert_eq!(cleaned(&once), once);
        // And the byte scan agrees with the char predicate on every character.
        for c in all.chars() {
            let s = c.to_string();
            assert_eq!(next_dirty(s.as_bytes(), 0).is_some(), is_dirty(c), "{c:?}");
        }
    }

    mod props {
        use super::super::*;
        use proptest::prelude::*;

        /// Strings rich in the characters cleaning cares about.
        fn tricky() -> impl Strategy<Value = String> {
            proptest::collection::vec(
                prop_oneof![
                    Just('\t'),
                    Just('\n'),
                    Just('\r'),
                    Just('\x1b'),
                    Just('\x07'),
                    Just('\x7f'),
                    Just('\u{85}'),
                    Just('\u{202E}'),
                    Just('\u{2066}'),
                    Just('\u{200B}'),
                    Just('\u{200D}'),
                    Just('\u{FEFF}'),
                    Just('中'),
                    Just('e'),
                    Just('\u{301}'),
                    Just('['),
                    any::<char>(),
                ],
                0..40,
            )
            .prop_map(|v| v.into_iter().collect())
        }

        proptest! {
            #[test]
            fn clean_leaves_nothing_dirty_and_is_idempotent(s in tricky()) {
                let once = clean(s.clone());
                prop_assert!(!once.chars().any(is_dirty));
                prop_assert_eq!(clean(once.clone()), once.clone());
                // Lines are neither added nor removed.
                prop_assert_eq!(once.matches('\n').count(), s.matches('\n').count());
            }

            /// Cleaning works in the text's own buffer, moving what is left to read as it goes:
            /// the whole text must clean as its lines do one by one, and keep no spare room.
            #[test]
            fn cleaning_the_whole_is_cleaning_each_line(s in tricky()) {
                let by_line: Vec<String> = s.split('\n').map(|l| clean(l.to_string())).collect();
                let whole = clean(s.clone());
                prop_assert_eq!(&whole, &by_line.join("\n"));
                if whole != s {
                    prop_assert_eq!(whole.capacity(), whole.len());
                }
            }

            #[test]
            fn newlines_leave_no_cr(s in tricky()) {
                let lines = s.matches('\n').count() + s.matches('\r').count()
                    - s.matches("\r\n").count();
                let out = normalize_newlines(s);
                prop_assert!(!out.contains('\r'));
                prop_assert_eq!(out.matches('\n').count(), lines);
            }
        }
    }
}
