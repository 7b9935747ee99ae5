//! Topic titles: the 2–4 most distinctive keywords of each topic, joined with " · ".
//!
//! Candidates are Chinese nouns and proper nouns (jieba part-of-speech tags), Latin words
//! (stemmed for counting, shown in their most frequent spelling) and Latin names of several words
//! ("Llama 4", "Claude 3.7 Sonnet", "Meta AI"). Each candidate is scored by topic-vs-document
//! TF-IDF: the topics of the transcript are the documents, so a word spread over the whole
//! transcript (模型, "people") scores nothing however frequent it is. A keyword must occur at
//! least twice in its topic. Big transcripts are sampled and tagged without jieba's dictionary
//! (see [`SAMPLE_BYTES`]).

use super::lexicon;
use super::tokenize::{self, Piece};
use crate::transcript::Document;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// Keywords per title.
pub const MAX_KEYWORDS: usize = 4;
const MIN_KEYWORDS: usize = 2;
/// A keyword must occur this often in its topic.
const MIN_COUNT: u32 = 2;
/// Keywords after the second must score at least this share of the best one.
const KEEP_SHARE: f64 = 0.4;
/// Names (proper nouns, capitalised Latin terms) name a topic best: their score is multiplied
/// by this.
const PROPER_BOOST: f64 = 1.5;
/// Above this much text, titles look at a sample of each topic's lines (about this many bytes
/// in all), so that jieba's cost stays bounded, and Chinese words come from jieba's HMM without
/// its dictionary: the dictionary takes ~50 MB, which a big transcript's memory budget (1.5× the
/// file) cannot spare. Without part-of-speech tags, any word of two characters or more without
/// grammatical characters is a candidate; the topic-vs-document contrast still drops the common
/// ones.
pub const SAMPLE_BYTES: usize = 16 << 20;
/// The separator between keywords.
pub const SEPARATOR: &str = " · ";

/// One candidate keyword: its spellings and how often each was seen, and the words it is made
/// of (for names, to tell overlapping candidates apart).
#[derive(Debug, Default)]
struct Term {
    spellings: Vec<(String, u32)>,
    /// The single-word candidates a phrase is made of; empty for a single word.
    parts: Vec<u32>,
    /// A name: a proper noun by jieba's tag, or a capitalised Latin word or phrase.
    proper: bool,
}

impl Term {
    fn display(&self) -> &str {
        let mut best: Option<&(String, u32)> = None;
        for s in &self.spellings {
            if best.is_none_or(|b| s.1 > b.1) {
                best = Some(s);
            }
        }
        best.map_or("", |b| b.0.as_str())
    }
}

/// The candidates of a document, by key.
#[derive(Default)]
struct Terms {
    ids: HashMap<String, u32>,
    terms: Vec<Term>,
}

impl Terms {
    fn id(&mut self, key: &str, spelling: &str, proper: bool) -> u32 {
        let id = match self.ids.get(key) {
            Some(&id) => id,
            None => {
                let id = self.terms.len() as u32;
                self.ids.insert(key.to_string(), id);
                self.terms.push(Term {
                    proper,
                    ..Term::default()
                });
                id
            }
        };
        let spellings = &mut self.terms[id as usize].spellings;
        match spellings.iter_mut().find(|(s, _)| s == spelling) {
            Some((_, c)) => *c += 1,
            None => spellings.push((spelling.to_string(), 1)),
        }
        id
    }
}

/// A Latin word of a line, looked at once.
struct Word {
    range: std::ops::Range<usize>,
    stem: String,
    /// Not a stopword, a short number or a single letter.
    content: bool,
    adverb: bool,
    /// Capitalised, or a number or code ("4", "3.7", "R1", "8B").
    name_like: bool,
    capital: bool,
    /// Joined to the word before by exactly one space or hyphen.
    joined: bool,
}

/// Scratch space reused from line to line.
#[derive(Default)]
struct Scratch {
    words: Vec<Word>,
    lower: String,
}

/// Appends the candidates of the Latin words in `scratch.words` (one run of `line` between two
/// Han runs) to `out`: single words, then names of two or three words ("Llama 4", "Claude 3.7
/// Sonnet") and two-word terms ("open source").
fn word_terms(line: &str, words: &[Word], terms: &mut Terms, out: &mut Vec<u32>) {
    let mut single: Vec<Option<u32>> = Vec::with_capacity(words.len());
    for w in words {
        let text = &line[w.range.clone()];
        let numeric = text.chars().all(|c| c.is_ascii_digit() || c == '.');
        let id = (w.content && !numeric && !w.adverb && !lexicon::is_en_title_generic(&w.stem))
            .then(|| terms.id(&format!("w:{}", w.stem), text, w.capital));
        if let Some(id) = id {
            out.push(id);
        }
        single.push(id);
    }
    for a in 0..words.len() {
        for b in a + 2..=(a + 3).min(words.len()) {
            let run = &words[a..b];
            if run[1..].iter().any(|w| !w.joined) {
                break;
            }
            let single_letter = |w: &Word| {
                let t = &line[w.range.clone()];
                t.chars().count() == 1 && !t.starts_with(|c: char| c.is_ascii_digit())
            };
            let name = run[0].capital
                && run[0].content
                && run.iter().all(|w| w.name_like && !single_letter(w))
                && run.last().is_some_and(|w| w.content || w.name_like);
            let common = b - a == 2 && run.iter().all(|w| w.content && !w.capital);
            if !name && !common {
                continue;
            }
            let spelling = &line[run[0].range.start..run[run.len() - 1].range.end];
            let key: String = spelling
                .chars()
                .filter(|c| c.is_alphanumeric() || *c == '.')
                .flat_map(char::to_lowercase)
                .collect();
            let id = terms.id(&format!("w:{key}"), spelling, name);
            if terms.terms[id as usize].parts.is_empty() {
                terms.terms[id as usize].parts = single[a..b].iter().flatten().copied().collect();
            }
            out.push(id);
        }
    }
}

/// Appends the candidate ids of `line` to `out`. `dict`: tag Chinese words with jieba's
/// dictionary (else its HMM alone, see [`SAMPLE_BYTES`]).
fn line_terms(
    line: &str,
    dict: bool,
    terms: &mut Terms,
    out: &mut Vec<u32>,
    scratch: &mut Scratch,
) {
    let Scratch { words, lower } = scratch;
    words.clear();
    let mut last_end: Option<usize> = None;
    tokenize::pieces(line, |p| match p {
        Piece::Word(r) => {
            let text = &line[r.clone()];
            tokenize::lowercase_into(text, lower);
            let mut stem = String::new();
            lexicon::stem_into(lower, &mut stem);
            let first = text.chars().next();
            let capital = first.is_some_and(char::is_uppercase);
            let joined = last_end.is_some_and(|e| matches!(&line[e..r.start], " " | "-"));
            last_end = Some(r.end);
            words.push(Word {
                content: !tokenize::is_empty_word(lower),
                adverb: lexicon::is_en_adverb(lower),
                name_like: capital || first.is_some_and(|c| c.is_ascii_digit()),
                capital,
                joined,
                stem,
                range: r,
            });
        }
        Piece::Han(r) => {
            word_terms(line, words, terms, out);
            words.clear();
            last_end = None;
            let jieba = if dict {
                tokenize::jieba()
            } else {
                tokenize::jieba_hmm()
            };
            for tag in jieba.tag(&line[r], true) {
                let w = tag.word;
                let known_noun = tag.tag.starts_with('n') || tag.tag == "vn";
                // Unknown words (jieba's HMM) are often names (田源) but also fragments (人会):
                // keep those without grammatical characters.
                let unknown = tag.tag == "x" && !w.chars().any(lexicon::is_zh_function_char);
                if (known_noun || unknown)
                    && w.chars().count() >= 2
                    && w.chars().all(tokenize::is_han)
                    && !lexicon::is_zh_stopword(w)
                {
                    let proper = dict && matches!(tag.tag, "nr" | "nrt" | "ns" | "nt" | "nz" | "x");
                    out.push(terms.id(w, w, proper));
                }
            }
        }
    });
    word_terms(line, words, terms, out);
}

/// Titles for the topics starting at `starts` (sorted, first 0). `None` if cancelled.
pub fn titles(
    doc: &Document,
    starts: &[usize],
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Vec<String>> {
    let n = doc.len();
    let stride = doc.text().len().div_ceil(SAMPLE_BYTES).max(1);
    let dict = stride == 1;
    let mut terms = Terms::default();
    let mut scratch = Scratch::default();
    let mut ids = Vec::new();
    // Document frequency over topics, and the counts that can make a keyword (at least
    // MIN_COUNT) of every topic, flat: topic k's are `kept[kept_starts[k]..kept_starts[k + 1]]`.
    let mut df: Vec<u32> = Vec::new();
    let mut kept: Vec<(u32, u32)> = Vec::new();
    let mut kept_starts: Vec<usize> = Vec::with_capacity(starts.len() + 1);
    kept_starts.push(0);
    for (k, &start) in starts.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let end = starts.get(k + 1).copied().unwrap_or(n).min(n);
        ids.clear();
        for i in (start..end).step_by(stride) {
            line_terms(doc.line(i), dict, &mut terms, &mut ids, &mut scratch);
        }
        ids.sort_unstable();
        df.resize(terms.terms.len(), 0);
        for run in ids.chunk_by(|a, b| a == b) {
            df[run[0] as usize] += 1;
            if run.len() as u32 >= MIN_COUNT {
                kept.push((run[0], run.len() as u32));
            }
        }
        kept_starts.push(kept.len());
        if k % 64 == 0 {
            progress(0.8 * k as f32 / starts.len() as f32);
        }
    }
    let per_topic = kept_starts.windows(2).map(|w| &kept[w[0]..w[1]]);
    let topics = starts.len() as f64;
    let mut out = Vec::with_capacity(starts.len());
    for (k, counts) in per_topic.enumerate() {
        let scored: Vec<(u32, u32, f64)> = counts
            .iter()
            .map(|&(t, c)| {
                // One topic: nothing to contrast with, frequency alone.
                let idf = if topics > 1.0 {
                    (topics / f64::from(df[t as usize])).ln()
                } else {
                    1.0
                };
                let boost = if terms.terms[t as usize].proper {
                    PROPER_BOOST
                } else {
                    1.0
                };
                (t, c, f64::from(c) * idf * boost)
            })
            .filter(|&(_, _, s)| s > 0.0)
            .collect();
        let title = pick(&terms, scored);
        out.push(if title.is_empty() {
            fallback(doc, starts, k)
        } else {
            title
        });
    }
    progress(1.0);
    Some(out)
}

/// Chooses 2–4 keywords from `(term, count, score)`, names absorbing the words they are made of.
fn pick(terms: &Terms, mut scored: Vec<(u32, u32, f64)>) -> String {
    // A name seen at least half as often as one of its words stands for it.
    let count_of =
        |t: u32, scored: &[(u32, u32, f64)]| scored.iter().find(|s| s.0 == t).map_or(0, |s| s.1);
    let mut absorbed: Vec<u32> = Vec::new();
    let snapshot = scored.clone();
    for s in &mut scored {
        let parts = &terms.terms[s.0 as usize].parts;
        if parts.is_empty() {
            continue;
        }
        let mut best_part = 0f64;
        let mut stands = false;
        for &p in parts {
            let pc = count_of(p, &snapshot);
            if pc > 0 && 2 * s.1 >= pc {
                stands = true;
                absorbed.push(p);
                best_part = snapshot
                    .iter()
                    .find(|x| x.0 == p)
                    .map_or(0.0, |x| x.2)
                    .max(best_part);
            }
        }
        if stands {
            s.2 = s.2.max(best_part);
        }
    }
    scored.retain(|s| !absorbed.contains(&s.0));
    scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<u32> = Vec::new();
    let top = scored.first().map_or(0.0, |s| s.2);
    for &(t, _, score) in &scored {
        if chosen.len() >= MAX_KEYWORDS {
            break;
        }
        if chosen.len() >= MIN_KEYWORDS && score < KEEP_SHARE * top {
            break;
        }
        let overlaps = chosen.iter().any(|&c| {
            let (a, b) = (&terms.terms[c as usize], &terms.terms[t as usize]);
            a.parts.contains(&t)
                || b.parts.contains(&c)
                || a.parts.iter().any(|p| b.parts.contains(p))
        });
        if !overlaps {
            chosen.push(t);
        }
    }
    chosen
        .iter()
        .map(|&t| terms.terms[t as usize].display())
        .collect::<Vec<_>>()
        .join(SEPARATOR)
}

/// A title for a topic with no keyword: its first line with words, cut short.
fn fallback(doc: &Document, starts: &[usize], k: usize) -> String {
    let start = starts.get(k).copied().unwrap_or(0);
    let end = starts
        .get(k + 1)
        .copied()
        .unwrap_or(doc.len())
        .min(doc.len());
    let line = (start..end)
        .map(|i| doc.line(i).trim())
        .find(|l| l.chars().any(char::is_alphanumeric))
        .unwrap_or("");
    let mut title: String = line.chars().take(24).collect();
    if line.chars().nth(24).is_some() {
        title.push('…');
    }
    if title.is_empty() {
        format!("{}", k + 1)
    } else {
        title
    }
}
