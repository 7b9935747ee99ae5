//! Re-finding bookmarks and highlights after the transcript changed: the same line if its text
//! still matches, else the nearest line with exactly that text, else the closest similar line
//! nearby. What cannot be placed is kept (at its old line) and reported, never dropped.

use super::model::Notes;
use crate::transcript::Document;
use std::collections::HashMap;

/// Lines searched on each side for a similar (fuzzy) line.
const FUZZY_WINDOW: usize = 2000;
/// How similar a line must be (character-bigram Dice coefficient, 0..1).
const FUZZY_MIN: f64 = 0.6;

/// What re-anchoring did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Annotations that moved to another line (old 1-based line → new).
    pub moved: Vec<(usize, usize)>,
    /// Annotations whose text was not found: their stored text, kept at their old line.
    pub unplaced: Vec<String>,
}

/// Re-anchors every bookmark and highlight of `notes` in `doc`.
pub fn reanchor(notes: &mut Notes, doc: &Document) -> Report {
    let mut report = Report::default();
    let mut exact: Option<HashMap<&str, Vec<usize>>> = None;
    let mut place = |line: usize, text: &str, report: &mut Report| -> usize {
        if text.is_empty() {
            return line.clamp(1, doc.len());
        }
        if line >= 1 && line <= doc.len() && doc.line(line - 1) == text {
            return line;
        }
        // Index the lines by text once, only when something moved.
        let index = exact.get_or_insert_with(|| {
            let mut m: HashMap<&str, Vec<usize>> = HashMap::new();
            for i in 0..doc.len() {
                m.entry(doc.line(i)).or_default().push(i + 1);
            }
            m
        });
        let found = index
            .get(text)
            .and_then(|lines| lines.iter().copied().min_by_key(|&l| l.abs_diff(line)));
        let found = found.or_else(|| fuzzy(doc, line, text));
        match found {
            Some(new) => {
                if new != line {
                    report.moved.push((line, new));
                }
                new
            }
            None => {
                report.unplaced.push(text.to_string());
                line.clamp(1, doc.len())
            }
        }
    };
    for b in &mut notes.bookmarks {
        b.line = place(b.line, &b.text, &mut report);
    }
    for h in &mut notes.highlights {
        let len = h.end.saturating_sub(h.start);
        h.start = place(h.start, &h.text, &mut report);
        h.end = (h.start + len).min(doc.len());
    }
    notes.normalize();
    report
}

/// The most similar line within [`FUZZY_WINDOW`] lines, if similar enough.
fn fuzzy(doc: &Document, line: usize, text: &str) -> Option<usize> {
    let want = bigrams(text);
    if want.is_empty() {
        return None;
    }
    let center = line.clamp(1, doc.len()) - 1;
    let lo = center.saturating_sub(FUZZY_WINDOW);
    let hi = (center + FUZZY_WINDOW).min(doc.len() - 1);
    let mut best: Option<(f64, usize)> = None;
    for i in lo..=hi {
        let got = bigrams(doc.line(i));
        let score = dice(&want, &got);
        let better = match best {
            None => true,
            Some((s, b)) => score > s || (score == s && i.abs_diff(center) < b.abs_diff(center)),
        };
        if better {
            best = Some((score, i));
        }
    }
    best.filter(|(s, _)| *s >= FUZZY_MIN).map(|(_, i)| i + 1)
}

fn bigrams(s: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut v: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    v.sort_unstable();
    v
}

/// Dice coefficient of two sorted bigram lists.
fn dice(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::{Bookmark, Color, Highlight};
    use crate::transcript::Format;

    fn doc(lines: &[&str]) -> Document {
        Document::new("t", Format::Plain, lines.join("\n"))
    }

    fn with(bookmarks: &[(usize, &str)]) -> Notes {
        Notes {
            bookmarks: bookmarks
                .iter()
                .map(|&(l, t)| Bookmark::new(l, t, None))
                .collect(),
            ..Notes::default()
        }
    }

    #[test]
    fn same_line_when_it_still_matches() {
        let d = doc(&["a", "Llama 4 is out", "c"]);
        let mut n = with(&[(2, "Llama 4 is out")]);
        assert_eq!(reanchor(&mut n, &d), Report::default());
        assert_eq!(n.bookmarks[0].line, 2);
    }

    #[test]
    fn nearest_exact_match_after_lines_were_inserted() {
        let d = doc(&[
            "new",
            "new",
            "a",
            "Llama 4 is out",
            "c",
            "x",
            "x",
            "x",
            "Llama 4 is out",
        ]);
        let mut n = with(&[(2, "Llama 4 is out")]);
        let r = reanchor(&mut n, &d);
        assert_eq!(n.bookmarks[0].line, 4);
        assert_eq!(r.moved, vec![(2, 4)]);
    }

    #[test]
    fn closest_fuzzy_match_when_the_line_was_edited() {
        let d = doc(&["intro", "扎克伯格认为开源模型将会超越闭源模型！", "other"]);
        let mut n = with(&[(1, "扎克伯格认为开源模型将会超越闭源模型")]);
        reanchor(&mut n, &d);
        assert_eq!(n.bookmarks[0].line, 2);
    }

    #[test]
    fn what_cannot_be_placed_is_kept_and_reported() {
        let d = doc(&["one", "two"]);
        let mut n = with(&[(5, "completely different words here")]);
        n.highlights.push(Highlight::new(1, 2, Color::Pink, "one"));
        let r = reanchor(&mut n, &d);
        assert_eq!(
            r.unplaced,
            vec!["completely different words here".to_string()]
        );
        assert_eq!(n.bookmarks.len(), 1, "never dropped");
        assert_eq!(n.bookmarks[0].line, 2, "kept within the document");
        assert_eq!((n.highlights[0].start, n.highlights[0].end), (1, 2));
    }

    #[test]
    fn highlights_move_as_a_block() {
        let d = doc(&["x", "x", "start here", "b", "c"]);
        let mut n = Notes::default();
        n.highlights
            .push(Highlight::new(1, 2, Color::Blue, "start here"));
        reanchor(&mut n, &d);
        assert_eq!((n.highlights[0].start, n.highlights[0].end), (3, 4));
    }
}
