//! Transcript lines → content tokens for lexical cohesion.
//!
//! A line is split into Chinese (Han) runs and Latin words; Latin words are lowercased, stopwords
//! and short numbers dropped, and lightly stemmed; Han runs become character bigrams. Tokens are hashed to 64 bits and interned to
//! dense `u32` ids, stored flat for all lines (no per-line allocation).

use super::lexicon;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};

/// How Chinese text becomes tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HanTokens {
    /// Overlapping character bigrams, those of two grammatical characters dropped. No dictionary
    /// (on the dev set they beat jieba's words with every method, and cost nothing to load).
    Bigrams,
}

/// The most of one line that the outline reads: a longer line (a transcript without line breaks)
/// is read through [`LINE_PIECES`] pieces spread evenly over it, this many bytes in all, so that
/// its tokens, phrases and title words cost no more than a long paragraph's. Subtitle and
/// paragraph lines are far shorter and are read whole.
pub const LINE_SAMPLE_BYTES: usize = 1 << 16;

/// The pieces a line longer than [`LINE_SAMPLE_BYTES`] is read through.
pub const LINE_PIECES: usize = 16;

/// What the outline reads of `line`: all of it, or [`LINE_PIECES`] evenly spread pieces of
/// [`LINE_SAMPLE_BYTES`] in all (cut at character boundaries) when it is longer.
pub fn sampled(line: &str) -> impl Iterator<Item = &str> + Clone {
    let long = line.len() > LINE_SAMPLE_BYTES;
    let (count, size) = if long {
        (LINE_PIECES, LINE_SAMPLE_BYTES / LINE_PIECES)
    } else {
        (1, line.len())
    };
    let floor = |mut i: usize| {
        while !line.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    (0..count).map(move |k| {
        if !long {
            return line;
        }
        let start = floor(k * (line.len() - size) / (LINE_PIECES - 1));
        &line[start..floor(start + size)]
    })
}

/// Whether `c` is a CJK ideograph.
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// A letter or digit of a non-Han script: part of a "Latin" word (Latin, Greek, Cyrillic, kana…).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_han(c)
}

/// A piece of a line: a run of Han characters or one word of another script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Han(Range<usize>),
    Word(Range<usize>),
}

/// Splits `line` into Han runs and words (byte ranges, in order). A word is a run of letters and
/// digits, with an inner `'`, `’` or `.` between two of them kept ("don't", "3.7", "U.com").
pub fn pieces(line: &str, mut f: impl FnMut(Piece)) {
    #[derive(PartialEq)]
    enum In {
        Nothing,
        Han,
        Word,
    }
    let mut state = In::Nothing;
    let mut start = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let inner_mark = state == In::Word
            && matches!(c, '\'' | '’' | '.')
            && chars.peek().is_some_and(|&(_, n)| is_word_char(n));
        let kind = if is_han(c) {
            In::Han
        } else if is_word_char(c) || inner_mark {
            In::Word
        } else {
            In::Nothing
        };
        if kind != state {
            match state {
                In::Han => f(Piece::Han(start..i)),
                In::Word => f(Piece::Word(start..i)),
                In::Nothing => {}
            }
            start = i;
            state = kind;
        }
    }
    match state {
        In::Han => f(Piece::Han(start..line.len())),
        In::Word => f(Piece::Word(start..line.len())),
        In::Nothing => {}
    }
}

/// Lowercases `word` into `out`, with typographic apostrophes made ASCII.
pub fn lowercase_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        for c in word.chars() {
            if c == '’' {
                out.push('\'');
            } else {
                out.extend(c.to_lowercase());
            }
        }
    }
}

/// Whether a lowercased word carries no topic: a stopword, one letter, or a short number.
pub fn is_empty_word(lower: &str) -> bool {
    let mut chars = lower.chars();
    let single = chars.next().is_some() && chars.next().is_none();
    single
        || (lower.len() < 4 && lower.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
        || lexicon::is_en_stopword(lower)
}

/// FNV-1a over `bytes`, seeded by `tag` so the kinds of token never meet.
fn hash_bytes(tag: u64, bytes: &[u8]) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ tag.wrapping_mul(0x100_0000_01b3);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// A hasher for keys that are already hashes: one multiply to spread the bits.
#[derive(Default)]
struct PreHashed(u64);

impl Hasher for PreHashed {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = hash_bytes(self.0, bytes);
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Token ids of a run of lines, flat: line `i` (relative) is `ids[starts[i]..starts[i + 1]]`.
#[derive(Debug, Default)]
pub struct LineTokens {
    pub ids: Vec<u32>,
    pub starts: Vec<u32>,
    /// Number of distinct ids; every id is below it.
    pub vocab: usize,
}

impl LineTokens {
    /// Drops the tokens found in fewer than `min_lines` lines (a token seen once cannot tie two
    /// lines together) and renumbers the rest densely.
    pub fn without_rare(self, min_lines: u32) -> LineTokens {
        let mut df = vec![0u32; self.vocab];
        let mut last = vec![u32::MAX; self.vocab];
        for i in 0..self.len() {
            for &t in self.line(i) {
                if last[t as usize] != i as u32 {
                    last[t as usize] = i as u32;
                    df[t as usize] += 1;
                }
            }
        }
        let mut new_id = vec![u32::MAX; self.vocab];
        let mut vocab = 0u32;
        for (t, &d) in df.iter().enumerate() {
            if d >= min_lines {
                new_id[t] = vocab;
                vocab += 1;
            }
        }
        let mut ids = Vec::with_capacity(self.ids.len());
        let mut starts = Vec::with_capacity(self.starts.len());
        starts.push(0u32);
        for i in 0..self.len() {
            ids.extend(
                self.line(i)
                    .iter()
                    .map(|&t| new_id[t as usize])
                    .filter(|&t| t != u32::MAX),
            );
            starts.push(ids.len() as u32);
        }
        LineTokens {
            ids,
            starts,
            vocab: vocab as usize,
        }
    }

    pub fn line(&self, i: usize) -> &[u32] {
        match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.ids[a as usize..b as usize],
            _ => &[],
        }
    }

    /// Number of lines.
    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Turns lines into interned token ids.
pub struct Tokenizer {
    han: HanTokens,
    ids: HashMap<u64, u32, BuildHasherDefault<PreHashed>>,
    lower: String,
    stem: String,
    keys: Vec<u64>,
}

impl Tokenizer {
    pub fn new(han: HanTokens) -> Self {
        Tokenizer {
            han,
            ids: HashMap::default(),
            lower: String::new(),
            stem: String::new(),
            keys: Vec::new(),
        }
    }

    fn intern(&mut self, key: u64) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(key).or_insert(next)
    }

    /// Appends the tokens of `line` to `out`.
    pub fn push_line(&mut self, line: &str, out: &mut Vec<u32>) {
        let Tokenizer {
            han,
            lower,
            stem,
            keys,
            ..
        } = self;
        keys.clear();
        pieces(line, |p| match p {
            Piece::Word(r) => {
                let word = &line[r];
                lowercase_into(word, lower);
                if is_empty_word(lower) {
                    return;
                }
                lexicon::stem_into(lower, stem);
                keys.push(hash_bytes(1, stem.as_bytes()));
            }
            Piece::Han(r) => {
                let run = &line[r];
                match han {
                    HanTokens::Bigrams => {
                        let mut prev: Option<char> = None;
                        for c in run.chars() {
                            if let Some(p) = prev
                                && !(lexicon::is_zh_function_char(p)
                                    && lexicon::is_zh_function_char(c))
                            {
                                keys.push((u64::from(p) << 32) | u64::from(c) | (3 << 62));
                            }
                            prev = Some(c);
                        }
                    }
                }
            }
        });
        for i in 0..self.keys.len() {
            let id = self.intern(self.keys[i]);
            out.push(id);
        }
    }

    /// Tokenizes `lines` of `doc`. Polls `cancel` every few thousand lines.
    pub fn lines(
        mut self,
        doc: &crate::transcript::Document,
        lines: Range<usize>,
        cancel: &AtomicBool,
    ) -> Option<LineTokens> {
        let mut ids = Vec::with_capacity(lines.len() * 8);
        let mut starts = Vec::with_capacity(lines.len() + 1);
        starts.push(0u32);
        for (n, i) in lines.enumerate() {
            if n % 4096 == 4095 && cancel.load(Ordering::Relaxed) {
                return None;
            }
            for piece in sampled(doc.line(i)) {
                self.push_line(piece, &mut ids);
            }
            starts.push(ids.len() as u32);
        }
        Some(LineTokens {
            ids,
            starts,
            vocab: self.ids.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        pieces(line, |p| match p {
            Piece::Han(r) => out.push(format!("H:{}", &line[r])),
            Piece::Word(r) => out.push(format!("W:{}", &line[r])),
        });
        out
    }

    #[test]
    fn pieces_split_scripts_and_keep_inner_marks() {
        assert_eq!(
            split("肯定还是自家最新的Llama 4系列"),
            ["H:肯定还是自家最新的", "W:Llama", "W:4", "H:系列"]
        );
        assert_eq!(
            split("don't use U.com, v3.7!"),
            ["W:don't", "W:use", "W:U.com", "W:v3.7"]
        );
        assert!(split("，。！？ …").is_empty());
        assert!(split("").is_empty());
    }

    #[test]
    fn tokens_drop_stopwords_and_fold_forms() {
        let mut t = Tokenizer::new(HanTokens::Bigrams);
        let mut a = Vec::new();
        t.push_line("The models are training", &mut a);
        let mut b = Vec::new();
        t.push_line("a model we train", &mut b);
        assert_eq!(a, b);
    }

    #[test]
    fn a_long_line_is_read_through_pieces_spread_over_it() {
        let short = "量子计算 ".repeat(100);
        assert_eq!(sampled(&short).collect::<Vec<_>>(), [short.as_str()]);
        // Three-byte characters: the pieces end on character boundaries.
        let long = "量子计算的未来".repeat(20_000);
        let pieces: Vec<&str> = sampled(&long).collect();
        assert_eq!(pieces.len(), LINE_PIECES);
        let total: usize = pieces.iter().map(|p| p.len()).sum();
        assert!(total <= LINE_SAMPLE_BYTES && total > LINE_SAMPLE_BYTES - 4 * LINE_PIECES);
        assert!(long.starts_with(pieces[0]));
        let last = pieces[LINE_PIECES - 1];
        assert!(long.len() - (last.as_ptr() as usize - long.as_ptr() as usize) - last.len() < 4);
        // Evenly spread: each starts about a fifteenth of the line after the one before.
        let at = |p: &str| p.as_ptr() as usize - long.as_ptr() as usize;
        let step = (long.len() - LINE_SAMPLE_BYTES / LINE_PIECES) / (LINE_PIECES - 1);
        for w in pieces.windows(2) {
            assert!(at(w[1]).abs_diff(at(w[0]) + step) < 4);
        }
    }

    #[test]
    fn bigrams_skip_pairs_of_function_characters() {
        let mut t = Tokenizer::new(HanTokens::Bigrams);
        let mut a = Vec::new();
        t.push_line("我的模型", &mut a);
        // 我的 is dropped; 的模 and 模型 stay.
        assert_eq!(a.len(), 2);
    }
}
