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
    s.graphemes(true).map(grapheme_width).sum()
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
    let width = width.max(1);
    if line.len() <= width && (line.is_ascii() || self::width(line) <= width) {
        let mut f = f;
        f(0..line.len());
        return;
    }
    if line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        // Printable ASCII: every byte is a grapheme one cell wide. Skipping the grapheme
        // segmentation makes a 10 MB line several times quicker to wrap.
        let graphemes = (0..line.len()).map(|i| (i, &line[i..i + 1], 1));
        rows(line, width, graphemes, f);
    } else {
        let graphemes = line
            .grapheme_indices(true)
            .map(|(i, g)| (i, g, grapheme_width(g)));
        rows(line, width, graphemes, f);
    }
}

/// The row breaking of [`for_each_row`] over `(byte offset, grapheme, cells)`.
fn rows<'a>(
    line: &'a str,
    width: usize,
    graphemes: impl Iterator<Item = (usize, &'a str, usize)>,
    mut f: impl FnMut(Range<usize>) -> bool,
) {
    let mut start = 0; // byte where the current row starts
    let mut used = 0; // cells used in the current row
    // Last place the row may end: (byte offset, cells used up to it).
    let mut brk: Option<(usize, usize)> = None;
    let mut prev_wide = false;
    for (pos, g, w) in graphemes {
        let is_space = g == " ";
        let wide = w == 2;
        // A break is allowed before this grapheme if it or the previous one is wide.
        if pos > start && (wide || prev_wide) && !no_break_before(g) {
            brk = Some((pos, used));
        }
        if used + w > width && pos > start {
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
                continue;
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

    #[test]
    fn wide_grapheme_in_narrow_width_gets_own_row() {
        assert_eq!(rows("一二", 1), vec!["一", "二"]);
    }

    /// The rows of the general path (grapheme segmentation), for comparison with the ASCII one.
    fn grapheme_rows(line: &str, w: usize) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let graphemes = line
            .grapheme_indices(true)
            .map(|(i, g)| (i, g, grapheme_width(g)));
        super::rows(line, w.max(1), graphemes, |r| {
            out.push(r);
            true
        });
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]

        #[test]
        fn ascii_rows_are_the_grapheme_rows(line in "[ a-c.,!?)~-]{0,60}", w in 0usize..24) {
            let fast = wrap(&line, w);
            if line.len() > w.max(1) {
                proptest::prop_assert_eq!(fast, grapheme_rows(&line, w));
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
