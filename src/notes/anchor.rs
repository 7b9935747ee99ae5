//! Re-finding bookmarks, highlights and the reading position after the transcript changed:
//! the same line if its text still matches, else the nearest line with exactly that text, else
//! the most similar line within [`FUZZY_WINDOW`] lines. What cannot be placed stays where it
//! was — even past the end of the transcript — and is reported, never dropped.
//!
//! Nothing here is quadratic: line texts are indexed by hash once, only when something moved;
//! the similar-line search uses an index of character bigrams over blocks of lines, built only
//! where it is needed, and looks only at lines sharing one of the text's rarest bigrams (a line
//! sharing none cannot be similar enough). And it can stop at a deadline and go on later
//! ([`Job::step`]): the reader places what it can before its first screen and finishes in the
//! background.
//!
//! ```
//! use lector::notes::{Notes, anchor};
//! use lector::transcript::{Document, Format};
//! let doc = Document::new("t", Format::Plain, "new\nold line".into());
//! let mut notes = Notes::default();
//! notes.toggle_bookmark(0, "old line", None);
//! let report = anchor::reanchor(&mut notes, &doc); // all at once (export)
//! assert_eq!(notes.bookmarks[0].line, 1);
//! assert_eq!(report.moved, vec![(0, 1)]);
//! ```

use super::model::Notes;
use crate::transcript::Document;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Lines searched on each side for a similar line.
pub const FUZZY_WINDOW: usize = 2000;

/// How long the reader waits for re-anchoring before its first screen; the rest is finished
/// in the background.
pub const FIRST_SCREEN_BUDGET: Duration = Duration::from_millis(80);

/// Lines per block of the bigram index.
const BLOCK: usize = 2048;

/// Lines indexed by text between two looks at the clock.
const EXACT_CHUNK: usize = 16_384;

/// What re-anchoring did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Annotations that moved to another line (old 0-based line → new).
    pub moved: Vec<(usize, usize)>,
    /// Annotations whose text was not found: their stored text; they stay at their old line.
    pub unplaced: Vec<String>,
}

impl Report {
    pub fn extend(&mut self, other: Report) {
        self.moved.extend(other.moved);
        self.unplaced.extend(other.unplaced);
    }

    /// What happened, for the status bar: `None` when nothing moved.
    pub fn summary(&self) -> Option<String> {
        if !self.unplaced.is_empty() {
            let n = self.unplaced.len();
            let names: Vec<String> = self
                .unplaced
                .iter()
                .take(3)
                .map(|t| format!("«{}»", crate::text::ellipsize(t, 24)))
                .collect();
            let more = if n > 3 {
                format!(" and {} more", n - 3)
            } else {
                String::new()
            };
            return Some(format!(
                "the transcript changed: could not place {}{more}; kept at their old lines",
                names.join(", ")
            ));
        }
        (!self.moved.is_empty()).then(|| {
            format!(
                "the transcript changed: {} annotation(s) moved to where their text is now",
                self.moved.len()
            )
        })
    }
}

/// What is being placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Position,
    Bookmark,
    Highlight,
}

/// One annotation found at another line: the one of `kind` at 0-based `from` whose text is
/// `text` now belongs at `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub kind: Kind,
    pub from: usize,
    pub text: String,
    pub to: usize,
}

#[derive(Debug, Clone)]
struct Want {
    kind: Kind,
    line: usize,
    text: String,
}

/// Re-anchoring in progress: what is left to place and the indexes built so far. It owns no
/// borrowed data, so it can move to another thread; give it the same document each time.
#[derive(Debug, Default)]
pub struct Job {
    wants: Vec<Want>,
    next: usize,
    exact: Option<Exact>,
    blocks: HashMap<usize, Block>,
    /// Found so far and not yet handed out.
    report: Report,
    /// Where the position was found (`None`: no position to place; `Some(None)`: its text was
    /// not found). Three states, each meant.
    #[allow(clippy::option_option)]
    position: Option<Option<usize>>,
}

#[derive(Debug, Default)]
struct Exact {
    by_hash: HashMap<u64, Vec<u32>>,
    built: usize,
}

#[derive(Debug)]
struct Block {
    /// Bigram → lines of the block that hold it.
    postings: HashMap<u64, Vec<u32>>,
    /// Each line's bigrams, sorted (with repeats).
    lines: Vec<Vec<u64>>,
}

impl Job {
    /// A job placing every bookmark and highlight of `notes` and, first, the reading
    /// position (`position`: its 0-based line and text).
    pub fn new(notes: &Notes, position: Option<(usize, &str)>) -> Job {
        let mut wants: Vec<Want> = Vec::new();
        if let Some((line, text)) = position {
            wants.push(Want {
                kind: Kind::Position,
                line,
                text: text.to_string(),
            });
        }
        let mut rest: Vec<Want> = notes
            .bookmarks
            .iter()
            .map(|b| Want {
                kind: Kind::Bookmark,
                line: b.line,
                text: b.text.clone(),
            })
            .chain(notes.highlights.iter().map(|h| Want {
                kind: Kind::Highlight,
                line: h.start,
                text: h.text.clone(),
            }))
            .collect();
        // In line order, so that the similar-line search walks down the document.
        rest.sort_by_key(|w| w.line);
        wants.extend(rest);
        Job {
            wants,
            ..Job::default()
        }
    }

    /// Where the position given to [`Job::new`] was found: `Some(Some(line))` (its own line
    /// if unchanged), `Some(None)` if its text is nowhere, `None` if not looked at yet.
    pub fn position(&self) -> Option<Option<usize>> {
        self.position
    }

    pub fn is_done(&self) -> bool {
        self.next >= self.wants.len()
    }

    /// How many annotations are left to place.
    pub fn left(&self) -> usize {
        self.wants.len().saturating_sub(self.next)
    }

    /// Places annotations until all are placed or `deadline` passes (`None`: until done).
    /// Returns the moves found in this step, and what this step reported.
    pub fn step(&mut self, doc: &Document, deadline: Option<Instant>) -> (Vec<Move>, Report) {
        let mut moves = Vec::new();
        let late = || deadline.is_some_and(|d| Instant::now() >= d);
        while self.next < self.wants.len() {
            if late() {
                break;
            }
            let w = &self.wants[self.next];
            if w.text.is_empty() || (w.line < doc.len() && doc.line(w.line) == w.text) {
                if w.kind == Kind::Position {
                    self.position = Some(Some(w.line));
                }
                self.next += 1;
                continue;
            }
            // Index the lines by text, once, and only when something moved.
            let exact = self.exact.get_or_insert_with(Exact::default);
            while exact.built < doc.len() {
                let end = (exact.built + EXACT_CHUNK).min(doc.len());
                for i in exact.built..end {
                    exact
                        .by_hash
                        .entry(line_hash(doc.line(i)))
                        .or_default()
                        .push(i as u32);
                }
                exact.built = end;
                if late() {
                    break;
                }
            }
            if exact.built < doc.len() {
                break;
            }
            let w = self.wants[self.next].clone();
            let found = exact.by_hash.get(&line_hash(&w.text)).and_then(|lines| {
                lines
                    .iter()
                    .map(|&l| l as usize)
                    .filter(|&l| doc.line(l) == w.text)
                    .min_by_key(|&l| (l.abs_diff(w.line), l))
            });
            let found = match found {
                Some(l) => Some(l),
                None => match self.fuzzy(doc, w.line, &w.text, deadline) {
                    Ok(f) => f,
                    Err(Late) => break,
                },
            };
            match found {
                _ if w.kind == Kind::Position => {
                    self.position = Some(found);
                    if let Some(to) = found.filter(|&to| to != w.line) {
                        moves.push(Move {
                            kind: w.kind,
                            from: w.line,
                            text: w.text.clone(),
                            to,
                        });
                    }
                }
                Some(to) => {
                    if to != w.line {
                        self.report.moved.push((w.line, to));
                        moves.push(Move {
                            kind: w.kind,
                            from: w.line,
                            text: w.text.clone(),
                            to,
                        });
                    }
                }
                None => self.report.unplaced.push(w.text.clone()),
            }
            self.next += 1;
        }
        if self.is_done() {
            self.blocks.clear();
            self.exact = None;
        }
        (moves, std::mem::take(&mut self.report))
    }

    /// The most similar line within [`FUZZY_WINDOW`] lines of `line`, if similar enough
    /// (character-bigram Dice coefficient of 0.6 or more).
    fn fuzzy(
        &mut self,
        doc: &Document,
        line: usize,
        text: &str,
        deadline: Option<Instant>,
    ) -> Result<Option<usize>, Late> {
        let want = bigrams(text);
        if want.is_empty() || doc.is_empty() {
            return Ok(None);
        }
        let center = line.min(doc.len() - 1);
        let lo = center.saturating_sub(FUZZY_WINDOW);
        let hi = (center + FUZZY_WINDOW).min(doc.len() - 1);
        let (b_lo, b_hi) = (lo / BLOCK, hi / BLOCK);
        // Blocks behind the window are done with: annotations come in line order.
        self.blocks.retain(|&b, _| b + 1 >= b_lo);
        for b in b_lo..=b_hi {
            if let std::collections::hash_map::Entry::Vacant(v) = self.blocks.entry(b) {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    return Err(Late);
                }
                v.insert(Block::build(doc, b));
            }
        }
        let a = want.len();
        // A line is similar enough only if it shares at least `m` bigrams: 10c ≥ 3(|A|+|B|)
        // and c ≤ |B| give c ≥ 3|A|/7. So it shares one of any k = |A| − m + 1 of ours.
        let m = (3 * a).div_ceil(7);
        let k = a + 1 - m.max(1);
        let mut distinct: Vec<(usize, u64, usize)> = Vec::new(); // (frequency, bigram, count)
        for run in want.chunk_by(|x, y| x == y) {
            let g = run[0];
            let freq: usize = (b_lo..=b_hi)
                .filter_map(|b| self.blocks.get(&b))
                .map(|blk| blk.postings.get(&g).map_or(0, Vec::len))
                .sum();
            distinct.push((freq, g, run.len()));
        }
        distinct.sort_unstable();
        let mut prefix = Vec::new();
        let mut taken = 0;
        for &(_, g, count) in &distinct {
            if taken >= k {
                break;
            }
            prefix.push(g);
            taken += count;
        }
        let mut candidates: Vec<usize> = Vec::new();
        for b in b_lo..=b_hi {
            let Some(blk) = self.blocks.get(&b) else {
                continue;
            };
            for g in &prefix {
                if let Some(ls) = blk.postings.get(g) {
                    candidates.extend(
                        ls.iter()
                            .map(|&l| l as usize)
                            .filter(|l| (lo..=hi).contains(l)),
                    );
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut best: Option<(usize, usize, usize)> = None; // (common, |B|, line)
        for l in candidates {
            let Some(got) = self.blocks.get(&(l / BLOCK)).map(|b| &b.lines[l % BLOCK]) else {
                continue;
            };
            let nb = got.len();
            if 7 * nb < 3 * a || 3 * nb > 7 * a {
                continue;
            }
            let c = common(&want, got);
            if 10 * c < 3 * (a + nb) {
                continue;
            }
            let better = match best {
                None => true,
                Some((bc, bn, bl)) => {
                    // Compare c / (a + nb) with bc / (a + bn) without division.
                    let (x, y) = (c * (a + bn), bc * (a + nb));
                    x > y || (x == y && l.abs_diff(center) < bl.abs_diff(center))
                }
            };
            if better {
                best = Some((c, nb, l));
            }
        }
        Ok(best.map(|(_, _, l)| l))
    }
}

/// The deadline passed.
struct Late;

impl Block {
    fn build(doc: &Document, b: usize) -> Block {
        let start = b * BLOCK;
        let end = (start + BLOCK).min(doc.len());
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
        let mut lines = Vec::with_capacity(end - start);
        for i in start..end {
            let g = bigrams(doc.line(i));
            let mut last = None;
            for &x in &g {
                if last != Some(x) {
                    postings.entry(x).or_default().push(i as u32);
                    last = Some(x);
                }
            }
            lines.push(g);
        }
        Block { postings, lines }
    }
}

fn line_hash(s: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(s.as_bytes())
}

/// A text's character bigrams (whitespace left out), sorted, with repeats.
fn bigrams(s: &str) -> Vec<u64> {
    let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let mut v: Vec<u64> = chars
        .windows(2)
        .map(|w| (u64::from(w[0] as u32) << 32) | u64::from(w[1] as u32))
        .collect();
    v.sort_unstable();
    v
}

/// How many bigrams two sorted lists share (counting repeats).
fn common(a: &[u64], b: &[u64]) -> usize {
    let (mut i, mut j, mut c) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                c += 1;
                i += 1;
                j += 1;
            }
        }
    }
    c
}

/// Applies moves found by a [`Job`] to `notes`: each bookmark or highlight still at its old
/// line with its old text goes to its new line (a highlight keeps its length). Notes changed
/// meanwhile are fine: what is no longer there is skipped. Bookmarks that land on one line are
/// joined, highlights that land over each other made disjoint.
pub fn apply(notes: &mut Notes, moves: &[Move], doc: &Document) {
    if moves.is_empty() {
        return;
    }
    let mut by_bookmark: HashMap<(usize, &str), usize> = HashMap::new();
    let mut by_highlight: HashMap<(usize, &str), usize> = HashMap::new();
    for m in moves {
        match m.kind {
            Kind::Bookmark => by_bookmark.insert((m.from, m.text.as_str()), m.to),
            Kind::Highlight => by_highlight.insert((m.from, m.text.as_str()), m.to),
            Kind::Position => None,
        };
    }
    for b in &mut notes.bookmarks {
        if let Some(&to) = by_bookmark.get(&(b.line, b.text.as_str())) {
            b.line = to;
        }
    }
    for h in &mut notes.highlights {
        if let Some(&to) = by_highlight.get(&(h.start, h.text.as_str())) {
            let len = h.end - h.start;
            h.start = to;
            h.end = to.saturating_add(len);
        }
    }
    notes.normalize();
    notes.resolve_overlaps(&|i| doc.line(i).to_string());
}

/// Re-anchors every bookmark and highlight of `notes` in `doc`, all at once.
pub fn reanchor(notes: &mut Notes, doc: &Document) -> Report {
    let mut job = Job::new(notes, None);
    let (moves, report) = job.step(doc, None);
    apply(notes, &moves, doc);
    notes.resolve_overlaps(&|i| doc.line(i).to_string());
    report
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
        let mut n = Notes {
            bookmarks: bookmarks
                .iter()
                .map(|&(l, t)| Bookmark::new(l, t, None))
                .collect(),
            ..Notes::default()
        };
        n.normalize();
        n
    }

    #[test]
    fn same_line_when_it_still_matches() {
        let d = doc(&["a", "Llama 4 is out", "c"]);
        let mut n = with(&[(1, "Llama 4 is out")]);
        assert_eq!(reanchor(&mut n, &d), Report::default());
        assert_eq!(n.bookmarks[0].line, 1);
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
        let mut n = with(&[(1, "Llama 4 is out")]);
        let r = reanchor(&mut n, &d);
        assert_eq!(n.bookmarks[0].line, 3);
        assert_eq!(r.moved, vec![(1, 3)]);
    }

    #[test]
    fn closest_fuzzy_match_when_the_line_was_edited() {
        let d = doc(&["intro", "扎克伯格认为开源模型将会超越闭源模型！", "other"]);
        let mut n = with(&[(0, "扎克伯格认为开源模型将会超越闭源模型")]);
        reanchor(&mut n, &d);
        assert_eq!(n.bookmarks[0].line, 1);
    }

    #[test]
    fn what_cannot_be_placed_stays_where_it_was_even_past_the_end() {
        // Issue 13, item 5: a bookmark at line 500 of a 4-line transcript became line 4.
        let d = doc(&["one", "two", "three", "four"]);
        let mut n = with(&[(499, "completely different words here")]);
        n.highlights.push(Highlight::new(0, 1, Color::Pink, "one"));
        let r = reanchor(&mut n, &d);
        assert_eq!(
            r.unplaced,
            vec!["completely different words here".to_string()]
        );
        assert_eq!(n.bookmarks.len(), 1, "never dropped");
        assert_eq!(n.bookmarks[0].line, 499, "kept at its line");
        assert_eq!((n.highlights[0].start, n.highlights[0].end), (0, 1));
    }

    #[test]
    fn highlights_move_as_a_block() {
        let d = doc(&["x", "x", "start here", "b", "c"]);
        let mut n = Notes::default();
        n.highlights
            .push(Highlight::new(0, 1, Color::Blue, "start here"));
        reanchor(&mut n, &d);
        assert_eq!((n.highlights[0].start, n.highlights[0].end), (2, 3));
    }

    #[test]
    fn the_fuzzy_search_finds_what_a_full_scan_finds() {
        // The prefix filter must never miss a line a scan of the whole window would pick.
        let lines: Vec<String> = (0..3000)
            .map(|i| format!("line {i} says {} things", ["some", "other", "many"][i % 3]))
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let d = doc(&refs);
        let mut job = Job::default();
        for (line, text) in [
            (10usize, "line 1500 says other thing"),
            (2990, "line 7 says many things!"),
            (5, "nothing like any line at all"),
        ] {
            let want = bigrams(text);
            let scan = (line.saturating_sub(FUZZY_WINDOW)..=(line + FUZZY_WINDOW).min(2999))
                .map(|i| {
                    let got = bigrams(&lines[i]);
                    let c = common(&want, &got);
                    (2.0 * c as f64 / (want.len() + got.len()) as f64, i)
                })
                .filter(|(s, _)| *s >= 0.6)
                .max_by(|a, b| {
                    a.0.partial_cmp(&b.0)
                        .unwrap()
                        .then(b.1.abs_diff(line).cmp(&a.1.abs_diff(line)))
                })
                .map(|(_, i)| i);
            let found = job.fuzzy(&d, line, text, None).ok().flatten();
            assert_eq!(found, scan, "{text}");
        }
    }

    #[test]
    fn a_job_stops_at_its_deadline_and_finishes_later() {
        let lines: Vec<String> = (0..50_000).map(|i| format!("line number {i}")).collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let d = doc(&refs);
        let mut n = Notes::default();
        for i in 0..200 {
            n.bookmarks.push(Bookmark::new(
                i * 10,
                &format!("line number {}", i * 10 + 3),
                None,
            ));
        }
        let mut job = Job::new(&n, Some((7, "line number 9")));
        // A deadline already passed: nothing is done, and that is fine.
        let (moves, _) = job.step(&d, Some(Instant::now()));
        assert!(moves.is_empty());
        assert!(!job.is_done());
        let (moves, report) = job.step(&d, None);
        assert!(job.is_done());
        assert_eq!(moves.len(), 201);
        assert_eq!(moves[0].kind, Kind::Position);
        assert_eq!(moves[0].to, 9);
        assert_eq!(report.moved.len(), 200, "the position is not an annotation");
        assert_eq!(job.position(), Some(Some(9)));
        apply(&mut n, &moves, &d);
        assert!(
            n.bookmarks
                .iter()
                .enumerate()
                .all(|(i, b)| b.line == i * 10 + 3)
        );
    }
}
