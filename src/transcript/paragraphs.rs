//! Paragraphs: caption lines joined into sentences and paragraphs for reading.
//!
//! A paragraph ends where a reader expects one: at a blank line (which stays a gap), before and
//! after a Markdown heading, before a topic starts, after a long pause in a timed transcript, before a new speaker (`>>`, `- `, `Name:` at a line's start), after a few
//! sentences, or — in text with no end punctuation, as much ASR output is — once it is long.
//! Lines are joined without a space between CJK text and with one between Latin words.

use super::Document;
use std::ops::Range;

/// A paragraph ends at a line that ends a sentence once it holds this many sentences...
const SENTENCES: usize = 4;
/// ...or this many cells of text.
const SOFT_CELLS: usize = 320;
/// At any line end once it holds this many cells: text with end punctuation waits long for a
/// sentence end; text without (much ASR output) gets paragraphs of about eight lines.
const HARD_CELLS_PUNCTUATED: usize = 1200;
const HARD_CELLS: usize = 360;
/// Text is punctuated when at least this share of its lines holds a sentence end.
const PUNCTUATED_SHARE: f64 = 0.15;
/// A pause this many times the usual gap between lines, and at least this long, ends one.
const PAUSE_FACTOR: u32 = 3;
const PAUSE_MIN_MS: u32 = 4000;

/// The paragraphs of a document: the first line of each, in order (the first is line 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraphs {
    starts: Vec<u32>,
    len: usize,
}

impl Paragraphs {
    /// Finds the paragraphs of `doc`; `topics` are the lines where topics start (sorted).
    pub fn compute(doc: &Document, topics: &[usize]) -> Paragraphs {
        let n = doc.len();
        let pause = pause_threshold(doc);
        let hard = if punctuated(doc) {
            HARD_CELLS_PUNCTUATED
        } else {
            HARD_CELLS
        };
        let mut starts = vec![0u32];
        let mut topic = topics.iter().copied().peekable();
        let mut heading = doc.headings.iter().map(|h| h.line).peekable();
        let (mut sentences, mut cells) = (0usize, 0usize);
        for i in 0..n.saturating_sub(1) {
            let line = doc.line(i);
            let next = doc.line(i + 1);
            cells += crate::wrap::width(line);
            let ends = ends_sentence(line);
            sentences += sentence_ends(line);
            while topic.peek().is_some_and(|&t| t <= i) {
                topic.next();
            }
            let topic_next = topic.peek() == Some(&(i + 1));
            while heading.peek().is_some_and(|&h| h < i) {
                heading.next();
            }
            let heading_near = heading.peek().is_some_and(|&h| h == i || h == i + 1);
            let blank_near = line.trim().is_empty() || next.trim().is_empty();
            let paused = match (pause, doc.time(i), doc.time(i + 1)) {
                (Some(p), Some(a), Some(b)) => b.saturating_sub(a) >= p,
                _ => false,
            };
            let long = cells >= hard || (ends && (sentences >= SENTENCES || cells >= SOFT_CELLS));
            if topic_next || heading_near || blank_near || paused || new_speaker(next) || long {
                starts.push((i + 1) as u32);
                sentences = 0;
                cells = 0;
            }
        }
        Paragraphs { starts, len: n }
    }

    /// One paragraph a line: the line view.
    pub fn lines(doc: &Document) -> Paragraphs {
        Paragraphs {
            starts: (0..doc.len() as u32).collect(),
            len: doc.len(),
        }
    }

    /// How many paragraphs there are.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// The lines of paragraph `p`.
    pub fn range(&self, p: usize) -> Range<usize> {
        let start = self.starts.get(p).map_or(self.len, |&s| s as usize);
        let end = self.starts.get(p + 1).map_or(self.len, |&s| s as usize);
        start..end
    }

    /// The paragraph that holds `line`.
    pub fn of_line(&self, line: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= line)
            .saturating_sub(1)
    }
}

/// A paragraph's text: its lines joined, and where each line starts in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub text: String,
    /// Byte offset of each line in `text`, and one past the last line's end.
    pub starts: Vec<usize>,
}

impl Joined {
    /// Joins the lines `lines` of `doc`.
    pub fn new(doc: &Document, lines: Range<usize>) -> Joined {
        let mut text = String::new();
        let mut starts = Vec::with_capacity(lines.len() + 1);
        let mut prev = "";
        for i in lines {
            let line = doc.line(i);
            if !text.is_empty() {
                text.push_str(separator(prev, line));
            }
            starts.push(text.len());
            text.push_str(line);
            prev = line;
        }
        starts.push(text.len());
        Joined { text, starts }
    }

    /// The byte range of line `k` (counted from the paragraph's first line) in the text.
    pub fn line(&self, k: usize) -> Range<usize> {
        let start = self.starts.get(k).copied().unwrap_or(self.text.len());
        // The separator before the next line belongs to neither.
        let end = self.starts.get(k + 1).map_or(self.text.len(), |&next| {
            start + self.text[start..next].trim_end_matches(' ').len()
        });
        start..end.max(start)
    }

    /// The line (counted from the paragraph's first) that holds byte `offset`: a separator
    /// belongs to the line before it.
    pub fn line_at(&self, offset: usize) -> usize {
        self.starts[..self.starts.len() - 1]
            .partition_point(|&s| s <= offset)
            .saturating_sub(1)
    }
}

/// What goes between two joined lines: nothing next to CJK text or a space already there, a
/// space between words.
pub fn separator(prev: &str, next: &str) -> &'static str {
    let (Some(a), Some(b)) = (prev.chars().next_back(), next.chars().next()) else {
        return "";
    };
    if a.is_whitespace() || b.is_whitespace() || is_cjk(a) || is_cjk(b) {
        ""
    } else {
        " "
    }
}

/// Characters of scripts written without spaces between words, and their punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x3190..=0x31FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF
        | 0x20000..=0x2FFFF)
}

/// Whether `line` ends a sentence: end punctuation, perhaps followed by closing quotes or
/// brackets.
fn ends_sentence(line: &str) -> bool {
    let trimmed = line.trim_end().trim_end_matches(|c: char| {
        matches!(
            c,
            '"' | '\'' | '”' | '’' | ')' | '）' | '」' | '』' | '】' | '》'
        )
    });
    trimmed.ends_with(|c: char| {
        matches!(
            c,
            '。' | '！' | '？' | '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁉' | '｡'
        )
    })
}

/// How many sentences end in `line`: end punctuation before a space, a closing quote or the
/// line's end (a full stop inside `3.5` or `Llama-3.1` ends nothing).
fn sentence_ends(line: &str) -> usize {
    let chars: Vec<char> = line.chars().collect();
    (0..chars.len())
        .filter(|&i| {
            let c = chars[i];
            let next = chars.get(i + 1).copied();
            match c {
                '。' | '！' | '？' | '｡' | '‼' | '⁉' => true,
                '.' | '!' | '?' | '…' => next
                    .is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '\'' | '”' | '’' | ')')),
                _ => false,
            }
        })
        .count()
}

/// Whether the text has end punctuation to find sentences by (a sample of its lines).
fn punctuated(doc: &Document) -> bool {
    let n = doc.len();
    let step = (n / 4096).max(1);
    let (mut with, mut all) = (0usize, 0usize);
    for i in (0..n).step_by(step) {
        all += 1;
        with += usize::from(sentence_ends(doc.line(i)) > 0);
    }
    all > 0 && with as f64 >= all as f64 * PUNCTUATED_SHARE
}

/// Whether `line` starts a new speaker's turn: `>>`, `- `, `– `, or a short `Name:` label.
fn new_speaker(line: &str) -> bool {
    let l = line.trim_start();
    if l.starts_with(">>") || l.starts_with("- ") || l.starts_with("– ") {
        return true;
    }
    let Some(colon) = l.find([':', '：']) else {
        return false;
    };
    let name = &l[..colon];
    // `Name:` or `主持人：` — a label, not a time (`1:30`) or a sentence with a colon.
    !name.is_empty()
        && crate::wrap::width(name) <= 16
        && name.split_whitespace().count() <= 2
        && !name.chars().any(|c| c.is_ascii_digit())
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || is_cjk(c))
}

/// The pause that ends a paragraph in a timed document: a gap between line starts of three
/// times the median gap, at least four seconds. `None` without times.
fn pause_threshold(doc: &Document) -> Option<u32> {
    if !doc.is_timed() {
        return None;
    }
    let n = doc.len();
    // The median of a sample of gaps is enough.
    let step = (n / 4096).max(1);
    let mut gaps: Vec<u32> = (0..n.saturating_sub(1))
        .step_by(step)
        .filter_map(|i| Some(doc.time(i + 1)?.saturating_sub(doc.time(i)?)))
        .collect();
    if gaps.is_empty() {
        return None;
    }
    let mid = gaps.len() / 2;
    let (_, median, _) = gaps.select_nth_unstable(mid);
    Some(median.saturating_mul(PAUSE_FACTOR).max(PAUSE_MIN_MS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Format;

    /// Found by the property test in a fresh clone (a debug build checks overflow): gaps of
    /// weeks between captions overflowed three times the median.
    #[test]
    fn huge_gaps_between_captions_do_not_overflow() {
        let d = Document::new("t.srt", Format::Srt, "a\nb\nc\n".into()).with_times(vec![
            0,
            2_000_000_000,
            4_000_000_000,
        ]);
        assert_eq!(pause_threshold(&d), Some(u32::MAX));
    }

    fn doc(text: &str) -> Document {
        Document::new("t.txt", Format::Plain, text.to_string())
    }

    #[test]
    fn chinese_joins_without_spaces_and_latin_with_them() {
        assert_eq!(separator("我们今天", "来聊一聊"), "");
        assert_eq!(separator("we talk about", "the model"), " ");
        assert_eq!(separator("Llama 4", "模型发布了"), "");
        assert_eq!(separator("the end. ", "Next"), "");
        assert_eq!(separator("", "x"), "");
        let d = doc("我们今天\n来聊一聊\nLlama 4\nis out\n");
        let j = Joined::new(&d, 0..4);
        assert_eq!(j.text, "我们今天来聊一聊Llama 4 is out");
        assert_eq!(&j.text[j.line(2)], "Llama 4");
        assert_eq!(j.line_at(j.line(3).start), 3);
        // The space before "is out" belongs to the line before it.
        assert_eq!(j.line_at(j.line(2).end), 2);
    }

    #[test]
    fn paragraphs_end_at_sentences_topics_speakers_and_length() {
        let text = "One. Two.\nThree.\nFour.\nFive.\nSix\n>> Host: hello\nmore\nafter topic\n";
        let d = doc(text);
        let p = Paragraphs::compute(&d, &[0, 7]);
        // Four sentences by line 2 (One. Two. Three. Four.), a speaker at 5, a topic at 7.
        assert_eq!(p.starts, vec![0, 3, 5, 7]);
        assert_eq!(p.range(1), 3..5);
        assert_eq!(p.of_line(4), 1);
        assert_eq!(sentence_ends("Llama-3.1 is out. Really?"), 2);
        assert_eq!(sentence_ends("他说。然后呢"), 1);
        assert_eq!(p.of_line(8), 3);
        // Unpunctuated CJK: a paragraph at most every HARD_CELLS cells.
        let line = "这是一个没有标点的字幕行";
        let d = doc(&format!("{line}\n").repeat(40));
        let p = Paragraphs::compute(&d, &[0]);
        let per = HARD_CELLS.div_ceil(crate::wrap::width(line));
        assert_eq!(p.range(0), 0..per);
        assert!(p.len() >= 40 / per);
    }

    #[test]
    fn blank_lines_and_headings_are_never_joined_to_text() {
        // "…on this lineSecond paragraph" (found by an adversarial run).
        let d = doc("First starts here\nand continues\n\nSecond one\nalso\n\nThird\n");
        let p = Paragraphs::compute(&d, &[0]);
        assert_eq!(p.starts, vec![0, 2, 3, 5, 6]);
        let d = doc("# Intro\nLine of the intro.\n## 第二部分\n这是第0行\n").with_headings(vec![
            crate::transcript::Heading {
                line: 0,
                level: 1,
                title: "Intro".into(),
            },
            crate::transcript::Heading {
                line: 2,
                level: 2,
                title: "第二部分".into(),
            },
        ]);
        let p = Paragraphs::compute(&d, &[]);
        assert_eq!(p.starts, vec![0, 1, 2, 3]);
    }

    #[test]
    fn a_long_pause_ends_a_paragraph_in_a_timed_document() {
        let times: Vec<u32> = vec![0, 2000, 4000, 6000, 30_000, 32_000];
        let d = doc("a\nb\nc\nd\ne\nf\n").with_times(times);
        let p = Paragraphs::compute(&d, &[0]);
        assert_eq!(p.starts, vec![0, 4]);
    }

    #[test]
    fn speakers_are_labels_not_times_or_sentences() {
        assert!(new_speaker("Lex: so tell me"));
        assert!(new_speaker("主持人：欢迎"));
        assert!(!new_speaker("at 1:30 we start"));
        assert!(!new_speaker("so the idea is: scale"));
    }
}
