//! Wrapping a line into rows of a given width, measured in terminal cells.
//!
//! Width is measured with `unicode-width` over grapheme clusters: CJK characters take two cells.
//! A row may break at a space between words, before or after a wide character (so between any two
//! CJK characters, but not before closing CJK punctuation), and inside a word longer than the row.

use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Display width of `s` in cells, measured over grapheme clusters.
pub fn width(s: &str) -> usize {
    if s.is_ascii() {
        return s.len();
    }
    graphemes(s).map(|(_, _, w)| w).sum()
}

/// The grapheme clusters of `s` with their byte offsets and widths in cells (as
/// [`grapheme_width`] measures them), quickly for text made of characters that always stand
/// alone (see [`Graphemes`]). This is what every width, cut and cell of the screen is measured
/// with, so that wrapping, cutting and drawing agree.
pub fn graphemes(s: &str) -> impl Iterator<Item = (usize, &str, usize)> {
    Graphemes { line: s, pos: 0 }
}

/// Width of one grapheme cluster: that of its widest character run, at least 0, at most 2.
pub fn grapheme_width(g: &str) -> usize {
    UnicodeWidthStr::width(g).min(2)
}

/// Closing punctuation that should not start a row (kinsoku).
fn no_break_before(g: &str) -> bool {
    matches!(
        g,
        "，" | "。"
            | "、"
            | "！"
            | "？"
            | "："
            | "；"
            | "）"
            | "」"
            | "』"
            | "》"
            | "〉"
            | "】"
            | "”"
            | "’"
            | "…"
            | ","
            | "."
            | "!"
            | "?"
            | ":"
            | ";"
            | ")"
    )
}

/// Splits `line` into rows of at most `width` cells and returns each row's byte range.
///
/// Always returns at least one row (an empty line is one empty row). A grapheme wider than
/// `width` gets a row of its own. Spaces at which a row breaks stay at the end of that row and
/// may be cut by the display; they never start the next row.
pub fn wrap(line: &str, width: usize) -> Vec<Range<usize>> {
    let mut rows = Vec::new();
    for_each_row(line, width, |r| {
        rows.push(r);
        true
    });
    rows
}

/// The number of rows `line` takes at `width`.
pub fn row_count(line: &str, width: usize) -> usize {
    if line.len() <= width && line.is_ascii() {
        return 1;
    }
    let mut n = 0;
    for_each_row(line, width, |_| {
        n += 1;
        true
    });
    n
}

/// Calls `f` with each row's byte range in order, until it returns false.
pub fn for_each_row(line: &str, width: usize, f: impl FnMut(Range<usize>) -> bool) {
    rows_from(line, width, 0, f);
}

/// Calls `f` with the byte range of each row from the row that starts at byte `from` on, in
/// order, until it returns false: the rows of [`for_each_row`] after those before `from`, with
/// no work for them. `from` must be a row start of `line` at `width`: 0, or the start of a row
/// an earlier call gave (the breaking keeps no state across a row start, so the rows that
/// follow are the same whichever way it was reached). This is what a cache of row starts needs
/// to wrap only near the view: a 10 MB line costs what the rows asked for cost.
pub fn rows_from(line: &str, width: usize, from: usize, f: impl FnMut(Range<usize>) -> bool) {
    let width = width.max(1);
    let rest = &line[from..];
    if rest.len() <= width && (rest.is_ascii() || self::width(rest) <= width) {
        let mut f = f;
        f(from..line.len());
        return;
    }
    if from == 0 && line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        // Printable ASCII: every byte is a grapheme one cell wide. Skipping even the fast
        // iterator's checks makes a whole 10 MB line ~3× quicker to wrap. (Only from the
        // start: the check reads the whole line, which wrapping from a row start must not.)
        let graphemes = (0..line.len()).map(|i| (i, &line[i..=i], 1));
        rows(line, width, 0, graphemes, f);
    } else {
        rows(line, width, from, Graphemes { line, pos: from }, f);
    }
}

/// Up to `max_rows` row starts of `line` at `width`, from the row that starts at `from` (which
/// comes first; see [`rows_from`]).
pub fn row_starts(line: &str, width: usize, from: usize, max_rows: usize) -> Vec<usize> {
    let mut starts = Vec::with_capacity(max_rows.min(1024));
    if max_rows == 0 {
        return starts;
    }
    rows_from(line, width, from, |r| {
        starts.push(r.start);
        starts.len() < max_rows
    });
    starts
}

/// The row that holds byte `offset` of `line` at `width`, found by wrapping from `from`, a row
/// start at or before `offset` (0, or one that an earlier call gave): how many rows after the
/// row at `from` it is, and its byte range. Only the rows from `from` to `offset` are computed.
/// An offset past the end, or in the spaces a row ends with, counts as the row it follows.
pub fn row_containing(
    line: &str,
    width: usize,
    from: usize,
    offset: usize,
) -> (usize, Range<usize>) {
    let mut found = (0, from..line.len());
    let mut index = 0;
    rows_from(line, width, from, |r| {
        found = (index, r.clone());
        index += 1;
        r.end <= offset
    });
    found
}

/// The graphemes of `line` from byte `pos` (a grapheme boundary), with their widths. Characters
/// that always stand alone next to each other (printable ASCII, Latin-1 and Latin Extended
/// letters, CJK ideographs and punctuation, kana, Hangul syllables, full-width forms) are
/// taken one at a time without the segmentation tables; anything else goes through
/// `unicode-segmentation`. A 10 MB line of Chinese wraps several times faster so.
struct Graphemes<'a> {
    line: &'a str,
    pos: usize,
}

impl<'a> Iterator for Graphemes<'a> {
    type Item = (usize, &'a str, usize);

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        let pos = self.pos;
        let bytes = self.line.as_bytes();
        let b = *bytes.get(pos)?;
        if (b' '..=b'~').contains(&b) && bytes.get(pos + 1).is_none_or(|&n| n < 0x80) {
            // Printable ASCII before ASCII: a grapheme of one byte and one cell.
            self.pos += 1;
            return Some((pos, &self.line[pos..=pos], 1));
        }
        let rest = self.line.get(pos..)?;
        let mut chars = rest.chars();
        let c = chars.next()?;
        let alone = simple(c) && chars.next().is_none_or(simple);
        let (g, w) = if alone {
            let g = &rest[..c.len_utf8()];
            let w = if c.is_ascii() {
                1
            } else {
                unicode_width::UnicodeWidthChar::width(c)
                    .unwrap_or(0)
                    .min(2)
            };
            (g, w)
        } else {
            let g = rest.graphemes(true).next()?;
            (g, grapheme_width(g))
        };
        self.pos += g.len();
        Some((pos, g, w))
    }
}

/// A character that no segmentation rule joins to a neighbour of the same kind: a grapheme of
/// its own when the character after it is one too.
#[inline]
fn simple(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{2FF}'
        | '\u{2010}'..='\u{2027}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3041}'..='\u{3096}'
        | '\u{30A0}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{FF01}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}')
        // Extended_Pictographic (©, ®) and the soft hyphen (a format character).
        && !matches!(c, '\u{A9}' | '\u{AD}' | '\u{AE}')
}

/// The row breaking of [`rows_from`] over `(byte offset, grapheme, cells)` from byte `from`.
fn rows<'a>(
    line: &'a str,
    width: usize,
    from: usize,
    graphemes: impl Iterator<Item = (usize, &'a str, usize)>,
    mut f: impl FnMut(Range<usize>) -> bool,
) {
    let mut start = from; // byte where the current row starts
    let mut used = 0; // cells used in the current row
    // Last place the row may end: (byte offset, cells used up to it).
    let mut brk: Option<(usize, usize)> = None;
    let mut prev_wide = false;
    'graphemes: for (pos, g, w) in graphemes {
        let is_space = g == " ";
        let wide = w == 2;
        // Until this grapheme fits in the row (a break may leave the graphemes after it, and
        // those with this one may still be too wide: then the row breaks again, before it).
        loop {
            // A break is allowed before this grapheme if it or the previous one is wide.
            if pos > start && (wide || prev_wide) && !no_break_before(g) {
                brk = Some((pos, used));
            }
            if used + w <= width || pos == start {
                break;
            }
            if is_space {
                // The space ends the row; the next row starts after it.
                let end = pos + g.len();
                if !f(start..end) {
                    return;
                }
                start = end;
                used = 0;
                brk = None;
                prev_wide = false;
                continue 'graphemes;
            }
            let (end, end_used) = match brk {
                Some((b, u)) if b > start => (b, u),
                _ => (pos, used),
            };
            if !f(start..end) {
                return;
            }
            start = end;
            used -= end_used;
            brk = None;
            // Rows never start with spaces left over from a break.
            while line[start..].starts_with(' ') && start < pos {
                start += 1;
                used = used.saturating_sub(1);
            }
        }
        used += w;
        prev_wide = wide;
        if is_space {
            brk = Some((pos + 1, used));
        }
    }
    f(start..line.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(line: &str, w: usize) -> Vec<&str> {
        wrap(line, w).into_iter().map(|r| &line[r]).collect()
    }

    #[test]
    fn short_and_empty_lines_are_one_row() {
        assert_eq!(rows("", 10), vec![""]);
        assert_eq!(rows("hello", 10), vec!["hello"]);
        assert_eq!(rows("你好", 4), vec!["你好"]);
    }

    #[test]
    fn latin_breaks_at_spaces() {
        assert_eq!(
            rows("the quick brown fox", 10),
            vec!["the quick ", "brown fox"]
        );
        assert_eq!(rows("aaa bbb", 3), vec!["aaa ", "bbb"]);
    }

    #[test]
    fn long_words_break_inside() {
        assert_eq!(rows("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn cjk_takes_two_cells_and_breaks_anywhere() {
        assert_eq!(rows("一二三四五", 4), vec!["一二", "三四", "五"]);
        assert_eq!(rows("一二三四五", 5), vec!["一二", "三四", "五"]);
        for r in wrap("大家好这里是最佳拍档我是大飞", 7) {
            assert!(width(&"大家好这里是最佳拍档我是大飞"[r]) <= 7);
        }
    }

    #[test]
    fn mixed_text_breaks_between_latin_and_cjk() {
        assert_eq!(rows("Meta的口碑", 6), vec!["Meta的", "口碑"]);
        assert_eq!(rows("Meta的口碑", 5), vec!["Meta", "的口", "碑"]);
    }

    #[test]
    fn closing_punctuation_does_not_start_a_row() {
        assert_eq!(rows("一二，三四", 4), vec!["一", "二，", "三四"]);
    }

    /// A break before kinsoku punctuation moves the character before it to the next row; if the
    /// two still do not fit, the row breaks again (it used to hold both: 3 cells in 2).
    #[test]
    fn a_row_never_overflows_after_a_break_that_carries_characters_over() {
        assert_eq!(rows("Ａ  ß，", 2), vec!["Ａ ", " ", "ß", "，"]);
    }

    #[test]
    fn wide_grapheme_in_narrow_width_gets_own_row() {
        assert_eq!(rows("一二", 1), vec!["一", "二"]);
    }

    /// The rows of the general path (grapheme segmentation), the reference for the fast one.
    fn grapheme_rows(line: &str, w: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let graphemes = line
            .grapheme_indices(true)
            .map(|(i, g)| (i, g, grapheme_width(g)));
        super::rows(line, w.max(1), 0, graphemes, |r| {
            out.push(r);
            true
        });
        out
    }

    /// Lines rich in what segmentation and wrapping care about: spaces, wide characters,
    /// kinsoku punctuation, combining marks (also the kana voiced mark), ZWJ emoji, variation
    /// selectors, Hangul syllables and jamo, flags, ©, the soft hyphen, Latin-1.
    fn tricky_line() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        proptest::collection::vec(
            prop_oneof![
                Just("a"),
                Just("b"),
                Just(" "),
                Just("  "),
                Just("."),
                Just(","),
                Just("é"),
                Just("e\u{301}"),
                Just("中"),
                Just("文"),
                Just("，"),
                Just("。"),
                Just("」"),
                Just("か\u{3099}"),
                Just("カ"),
                Just("👩\u{200D}💻"),
                Just("❤\u{FE0F}"),
                Just("한"),
                Just("\u{1100}\u{1161}"),
                Just("🇨🇳"),
                Just("🇫"),
                Just("©"),
                Just("\u{AD}"),
                Just("ß"),
                Just("Ａ"),
                Just("\u{3000}"),
                Just("—"),
                Just("…"),
                Just("\u{200D}"),
                Just("\u{301}"),
                any::<char>().prop_map(|c| Box::leak(c.to_string().into_boxed_str()) as &str),
            ],
            0..60,
        )
        .prop_map(|v| v.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1024))]

        /// The fast iterator (characters that stand alone taken one at a time) gives exactly the
        /// graphemes and widths of the segmentation.
        #[test]
        fn fast_graphemes_are_the_segmentation(line in tricky_line()) {
            let fast: Vec<_> = Graphemes { line: &line, pos: 0 }.collect();
            let slow: Vec<_> = line
                .grapheme_indices(true)
                .map(|(i, g)| (i, g, grapheme_width(g)))
                .collect();
            proptest::prop_assert_eq!(fast, slow);
        }

        #[test]
        fn rows_are_the_grapheme_rows(line in tricky_line(), w in 0usize..24) {
            proptest::prop_assert_eq!(wrap(&line, w), grapheme_rows(&line, w));
        }

        /// Wrapping from any row start gives the rest of the rows, as wrapping from the start
        /// of the line does: what a cache of row starts relies on.
        #[test]
        fn rows_from_a_row_start_are_the_rest_of_the_rows(line in tricky_line(), w in 1usize..24) {
            let all = wrap(&line, w);
            for (k, r) in all.iter().enumerate() {
                let mut tail = Vec::new();
                rows_from(&line, w, r.start, |x| {
                    tail.push(x);
                    true
                });
                proptest::prop_assert_eq!(&tail[..], &all[k..]);
                let starts = row_starts(&line, w, r.start, 3);
                let want: Vec<usize> = all[k..].iter().take(3).map(|r| r.start).collect();
                proptest::prop_assert_eq!(starts, want);
            }
        }

        /// The row holding a byte, found from any row start before it, is the one a whole
        /// wrap puts it in.
        #[test]
        fn the_row_containing_a_byte_is_found_from_any_earlier_row(line in tricky_line(), w in 1usize..24, at in 0usize..200) {
            let all = wrap(&line, w);
            let offset = at.min(line.len());
            let want = all
                .iter()
                .position(|r| offset < r.end)
                .unwrap_or(all.len() - 1);
            for (k, r) in all.iter().enumerate().filter(|(_, r)| r.start <= offset) {
                let (n, range) = row_containing(&line, w, r.start, offset);
                proptest::prop_assert_eq!((k + n, range), (want, all[want].clone()));
            }
        }
    }

    #[test]
    fn every_row_fits_and_nothing_is_lost() {
        let samples = [
            "Llama-4-Maverick成为Lm Arena排名第二的前沿模型",
            "a  b   c",
            "x",
            "é́ combining marks here",
        ];
        for s in samples {
            for w in 1..20 {
                let rs = wrap(s, w);
                assert_eq!(rs.first().map(|r| r.start), Some(0));
                assert_eq!(rs.last().map(|r| r.end), Some(s.len()));
                for pair in rs.windows(2) {
                    assert!(pair[0].end <= pair[1].start);
                    assert!(s[pair[0].end..pair[1].start].chars().all(|c| c == ' '));
                }
                for r in &rs {
                    let text = s[r.clone()].trim_end_matches(' ');
                    assert!(width(text) <= w.max(2), "{s:?} at {w}: {text:?}");
                }
                assert_eq!(row_count(s, w), rs.len());
            }
        }
    }
}
