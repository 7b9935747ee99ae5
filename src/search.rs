//! Search: a query becomes a matcher (regular expression, smart case, literal fallback), and a
//! scan over the document finds every match, in chunks, so that it can run off the UI thread.

use crate::transcript::Document;
use regex::{Regex, RegexBuilder};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Matcher {
    re: Regex,
    pub query: String,
    /// The query was not a valid regular expression and is searched as literal text.
    pub literal_fallback: bool,
    pub case_sensitive: bool,
}

impl Matcher {
    /// Compiles `query` with smart case: it ignores case unless it has a capital letter. An
    /// invalid regular expression is searched as literal text. `None` for an empty query.
    pub fn new(query: &str) -> Option<Matcher> {
        if query.is_empty() {
            return None;
        }
        let case_sensitive = query.chars().any(char::is_uppercase);
        let build = |pattern: &str| {
            RegexBuilder::new(pattern)
                .case_insensitive(!case_sensitive)
                .multi_line(true)
                .size_limit(1 << 24)
                .build()
        };
        let (re, literal_fallback) = match build(query) {
            Ok(re) => (re, false),
            Err(_) => (build(&regex::escape(query)).ok()?, true),
        };
        Some(Matcher {
            re,
            query: query.to_string(),
            literal_fallback,
            case_sensitive,
        })
    }

    /// Byte ranges of the matches in one line: the non-empty ones, or, when a pattern only
    /// matches empty text on the line (`^`, `$`, `\b`, `x*`), its first empty match, so that
    /// `/^` goes from line to line as in less and vim.
    pub fn find_iter<'a>(&'a self, line: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        let mut empty = None;
        let mut some = false;
        let mut all = self.re.find_iter(line).map(|m| m.range());
        std::iter::from_fn(move || {
            for r in all.by_ref() {
                if r.is_empty() {
                    empty.get_or_insert(r);
                } else {
                    some = true;
                    return Some(r);
                }
            }
            if some { None } else { empty.take() }
        })
    }

    pub fn is_match(&self, line: &str) -> bool {
        self.find_iter(line).next().is_some()
    }

    /// The first line at or after `from` with a match.
    pub fn first_line(&self, doc: &Document, from: usize) -> Option<usize> {
        let start = doc.line_range(from.min(doc.len() - 1)).start;
        let mut found = None;
        scan_bytes(doc, self, start..doc.text().len(), &mut |m| {
            found = Some(m.line as usize);
            false
        });
        found
    }
}

/// One match: a line and a byte range within that line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Match {
    pub line: u32,
    pub start: u32,
    pub end: u32,
}

impl Match {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// Finds the matches in the text bytes `range` (which must start at a line start), in order,
/// calling `sink` with each until it returns false. The result is the same as matching each line
/// on its own (`Matcher::find_iter`), but runs over the whole buffer at once, which lets the
/// regex engine skip ahead at memchr speed.
pub fn scan_bytes(
    doc: &Document,
    m: &Matcher,
    range: Range<usize>,
    sink: &mut dyn FnMut(Match) -> bool,
) {
    let text = doc.text();
    let end = range.end.min(text.len());
    let hay = &text[..end];
    let mut pos = range.start;
    let mut line = doc.line_of_offset(pos);
    // An empty last line starts at the end of the text: `^` and `$` match there too.
    let empty_last = doc.line_range(doc.len() - 1) == (text.len()..text.len());
    while pos < end || (pos == end && end == text.len() && empty_last) {
        let Some(found) = m.re.find_at(hay, pos) else {
            return;
        };
        let r = found.range();
        // Which line does the match start on? Lines only move forward.
        while line + 1 < doc.len() && doc.line_range(line + 1).start <= r.start {
            line += 1;
        }
        let lr = doc.line_range(line);
        if r.end > lr.end || r.is_empty() {
            // Spans a newline or is empty: match this line on its own, then go on at the next.
            let s = &text[lr.clone()];
            for mr in m.find_iter(s) {
                if lr.start + mr.start >= r.start
                    && !sink(Match {
                        line: line as u32,
                        start: mr.start as u32,
                        end: mr.end as u32,
                    })
                {
                    return;
                }
            }
            pos = lr.end + 1;
            continue;
        }
        let rel = Match {
            line: line as u32,
            start: (r.start - lr.start) as u32,
            end: (r.end - lr.start) as u32,
        };
        if !sink(rel) {
            return;
        }
        pos = r.end;
    }
}

/// Bytes per batch of a background scan: small enough to report progress and stop quickly.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Scans the whole document in chunks of about [`CHUNK_BYTES`], ending each at a line end,
/// calling `batch` with each chunk's matches and the fraction done. Stops early (returning false)
/// when `generation` no longer equals `gen`: a newer search replaced this one.
pub fn scan_all(
    doc: &Document,
    m: &Matcher,
    generation: &AtomicU64,
    gen_: u64,
    batch: &mut dyn FnMut(Vec<Match>, f32),
) -> bool {
    let text = doc.text();
    let mut start = 0;
    loop {
        if generation.load(Ordering::Relaxed) != gen_ {
            return false;
        }
        let mut end = (start + CHUNK_BYTES).min(text.len());
        if end < text.len() {
            end = match memchr::memchr(b'\n', &text.as_bytes()[end..]) {
                Some(i) => end + i + 1,
                None => text.len(),
            };
        }
        let mut found = Vec::new();
        scan_bytes(doc, m, start..end, &mut |x| {
            found.push(x);
            true
        });
        let done = end >= text.len();
        batch(
            found,
            if text.is_empty() {
                1.0
            } else {
                end as f32 / text.len() as f32
            },
        );
        if done {
            return true;
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Format;

    fn doc(text: &str) -> Document {
        Document::new("t", Format::Plain, text.to_string())
    }

    fn all(d: &Document, q: &str) -> Vec<(u32, u32, u32)> {
        let m = Matcher::new(q).unwrap();
        let mut out = Vec::new();
        scan_bytes(d, &m, 0..d.text().len(), &mut |x| {
            out.push((x.line, x.start, x.end));
            true
        });
        out
    }

    /// The reference: each line on its own.
    fn per_line(d: &Document, q: &str) -> Vec<(u32, u32, u32)> {
        let m = Matcher::new(q).unwrap();
        (0..d.len())
            .flat_map(|i| {
                m.find_iter(d.line(i))
                    .map(move |r| (i as u32, r.start as u32, r.end as u32))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn patterns_that_match_empty_text_find_every_line_they_match() {
        let d = doc("alpha\nbeta\n\ngamma ab");
        // `^` and `$`: every line, once, at its start or end.
        assert_eq!(
            all(&d, "^"),
            vec![(0, 0, 0), (1, 0, 0), (2, 0, 0), (3, 0, 0)]
        );
        assert_eq!(
            all(&d, "$"),
            vec![(0, 5, 5), (1, 4, 4), (2, 0, 0), (3, 8, 8)]
        );
        assert_eq!(all(&d, "^"), per_line(&d, "^"));
        assert_eq!(all(&d, "$"), per_line(&d, "$"));
        // A line with a real match keeps only its real matches.
        assert_eq!(
            all(&d, "b*"),
            vec![(0, 0, 0), (1, 0, 1), (2, 0, 0), (3, 7, 8)]
        );
        assert_eq!(all(&d, "b*"), per_line(&d, "b*"));
        assert_eq!(all(&d, "^b"), vec![(1, 0, 1)]);
    }

    #[test]
    fn smart_case() {
        let m = Matcher::new("deepseek").unwrap();
        assert!(m.is_match("DeepSeek R1"));
        let m = Matcher::new("DeepSeek").unwrap();
        assert!(!m.is_match("deepseek"));
    }

    #[test]
    fn invalid_regex_is_literal() {
        let m = Matcher::new("Llama(4").unwrap();
        assert!(m.literal_fallback);
        assert!(m.is_match("see Llama(4 here"));
        assert!(Matcher::new("").is_none());
    }

    #[test]
    fn byte_offsets_on_cjk() {
        let m = Matcher::new("拍档").unwrap();
        let line = "这里是最佳拍档";
        assert_eq!(m.find_iter(line).collect::<Vec<_>>(), vec![15..21]);
    }

    #[test]
    fn whole_buffer_scan_equals_line_by_line() {
        let d = doc("Llama 4 and llama 3\n最佳拍档 llama\n\nno\nllama at start\nend llama");
        for q in [
            "llama",
            "Llama",
            "^llama",
            "llama$",
            r"a\s",
            r"\s+",
            "a*",
            "[^x]+",
            "拍档",
            "(",
            r"\bllama\b",
        ] {
            assert_eq!(all(&d, q), per_line(&d, q), "query {q:?}");
        }
        assert_eq!(
            all(&d, "llama").len(),
            5,
            "two matches on one line count twice"
        );
    }

    #[test]
    fn chunks_find_the_same_as_one_pass() {
        let text: String = (0..50_000)
            .map(|i| format!("line {i} 扎克伯格 llama{}\n", i % 7))
            .collect();
        let d = doc(&text);
        let m = Matcher::new("llama3").unwrap();
        let gen_ = AtomicU64::new(1);
        let mut got = Vec::new();
        let mut batches = 0;
        assert!(scan_all(&d, &m, &gen_, 1, &mut |b, _| {
            batches += 1;
            got.extend(b);
        }));
        assert!(batches > 1);
        let want: Vec<_> = per_line(&d, "llama3")
            .into_iter()
            .map(|(l, s, e)| Match {
                line: l,
                start: s,
                end: e,
            })
            .collect();
        assert_eq!(got, want);
        assert_eq!(m.first_line(&d, 5), Some(10));
    }

    #[test]
    fn a_newer_search_stops_an_older_scan() {
        let d = doc(&"x\n".repeat(3 << 20));
        let m = Matcher::new("x").unwrap();
        let gen_ = AtomicU64::new(1);
        let mut calls = 0;
        let finished = scan_all(&d, &m, &gen_, 1, &mut |_, _| {
            calls += 1;
            gen_.store(2, Ordering::Relaxed);
        });
        assert!(!finished);
        assert_eq!(calls, 1);
    }
}
