//! Topic titles: the 2–3 words or phrases that say best what each topic is about, joined with
//! " · ".
//!
//! Candidates are the transcript's own Chinese words and phrases ([`super::phrases`]: recurring,
//! cohesive strings of 2–6 characters, names and terms kept whole, no fragments), Latin words
//! (stemmed for counting, shown in their most frequent spelling), Latin names of several words
//! ("Llama 4", "Claude 3.7 Sonnet", "Meta AI") and collocations ("open source", "chain of
//! thought"). A keyword must occur at least twice in its topic (so never once in the
//! transcript). Each is scored by how often the topic uses it, times how much more the topic uses
//! it than the others (topic-vs-document TF-IDF, smoothed so that a frequent word the topic is
//! about still counts), with longer phrases and names preferred. Big transcripts are sampled
//! (see [`SAMPLE_BYTES`]).

use super::lexicon;
use super::phrases::Phrases;
use super::tokenize::{self, Piece};
use crate::transcript::Document;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

/// Keywords per title.
pub const MAX_KEYWORDS: usize = 3;
const MIN_KEYWORDS: usize = 2;
/// A keyword must occur this often in its topic.
const MIN_COUNT: u32 = 2;
/// Keywords after the second must score at least this share of the best one.
const KEEP_SHARE: f64 = 0.4;
/// Names (proper nouns, capitalised Latin terms) name a topic best: their score is multiplied
/// by this.
const PROPER_BOOST: f64 = 1.5;
/// Above this much text, titles look at a sample of each topic's lines (about this many bytes
/// in all), so that the phrase counts stay small.
pub const SAMPLE_BYTES: usize = 16 << 20;
/// Phrases are found in a sample of about this many bytes of lines (all of them below it).
pub const PHRASE_SAMPLE_BYTES: usize = 1 << 20;
/// Added to the idf: a word the topic uses much, though others use it too, still says what the
/// topic is about.
const ABOUT: f64 = 0.5;
/// Each Chinese character past the second adds this share to a phrase's score.
const LENGTH_BONUS: f64 = 0.15;
/// The separator between keywords.
pub const SEPARATOR: &str = " · ";

/// One candidate keyword: its spellings and how often each was seen, and the words it is made
/// of (for names, to tell overlapping candidates apart).
#[derive(Debug, Default)]
struct Term {
    spellings: Vec<(String, u32)>,
    /// The single-word candidates a phrase is made of; empty for a single word.
    parts: Vec<u32>,
    /// A name: a capitalised Latin word or phrase.
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
    /// Keys are the transcript's words: foldhash, randomly seeded (as in [`super::phrases`]).
    ids: HashMap<String, u32, foldhash::quality::RandomState>,
    list: Vec<Term>,
    /// Where a Latin candidate's key is made (no allocation a word).
    key: String,
}

impl Terms {
    /// The id of the Latin candidate whose key (lowercase, stemmed for a single word) is made
    /// by `key` (into an empty string).
    fn word_id(&mut self, key: impl FnOnce(&mut String), spelling: &str, proper: bool) -> u32 {
        let mut buf = std::mem::take(&mut self.key);
        buf.clear();
        buf.push_str("w:");
        key(&mut buf);
        let id = self.id(&buf, spelling, proper);
        self.key = buf;
        id
    }

    fn id(&mut self, key: &str, spelling: &str, proper: bool) -> u32 {
        let id = match self.ids.get(key) {
            Some(&id) => id,
            None => {
                let id = self.list.len() as u32;
                self.ids.insert(key.to_string(), id);
                self.list.push(Term {
                    proper,
                    ..Term::default()
                });
                id
            }
        };
        let spellings = &mut self.list[id as usize].spellings;
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
    /// Where its stem is in [`Scratch::stems`].
    stem: std::ops::Range<usize>,
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
    /// The stems of `words`, one after the other (no allocation a word).
    stems: String,
    stem: String,
    /// The single-word candidate of each word.
    single: Vec<Option<u32>>,
}

/// Appends the candidates of the Latin words in `scratch.words` (one run of `line` between two
/// Han runs) to `out`: single words, then names of two or three words ("Llama 4", "Claude 3.7
/// Sonnet") and two-word terms ("open source").
fn word_terms(
    line: &str,
    words: &[Word],
    stems: &str,
    single: &mut Vec<Option<u32>>,
    terms: &mut Terms,
    out: &mut Vec<u32>,
) {
    single.clear();
    for w in words {
        let stem = &stems[w.stem.clone()];
        let text = &line[w.range.clone()];
        let numeric = text.chars().all(|c| c.is_ascii_digit() || c == '.');
        let id = (w.content && !numeric && !w.adverb && !lexicon::is_en_title_generic(stem))
            .then(|| terms.word_id(|k| k.push_str(stem), text, w.capital));
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
            // "chain of thought", "mixture of experts".
            let of = b - a == 3
                && run[0].content
                && run[2].content
                && line[run[1].range.clone()].eq_ignore_ascii_case("of");
            if !name && !common && !of {
                continue;
            }
            let spelling = &line[run[0].range.start..run[run.len() - 1].range.end];
            let key = |k: &mut String| {
                k.extend(
                    spelling
                        .chars()
                        .filter(|c| c.is_alphanumeric() || *c == '.')
                        .flat_map(char::to_lowercase),
                );
            };
            let id = terms.word_id(key, spelling, name);
            if terms.list[id as usize].parts.is_empty() {
                terms.list[id as usize].parts = single[a..b].iter().flatten().copied().collect();
            }
            out.push(id);
        }
    }
}

/// Appends the candidate ids of `line` to `out`, Chinese phrases from `phrases`.
fn line_terms(
    line: &str,
    phrases: &Phrases,
    terms: &mut Terms,
    out: &mut Vec<u32>,
    scratch: &mut Scratch,
) {
    let Scratch {
        words,
        lower,
        stems,
        stem,
        single,
    } = scratch;
    words.clear();
    stems.clear();
    let mut last_end: Option<usize> = None;
    tokenize::pieces(line, |p| match p {
        Piece::Word(r) => {
            let text = &line[r.clone()];
            tokenize::lowercase_into(text, lower);
            lexicon::stem_into(lower, stem);
            let at = stems.len();
            stems.push_str(stem);
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
                stem: at..stems.len(),
                range: r,
            });
        }
        Piece::Han(r) => {
            word_terms(line, words, stems, single, terms, out);
            words.clear();
            stems.clear();
            last_end = None;
            phrases.matches(&line[r], |w| out.push(terms.id(w, w, false)));
        }
    });
    word_terms(line, words, stems, single, terms, out);
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
    let phrase_stride = doc.text().len().div_ceil(PHRASE_SAMPLE_BYTES).max(1);
    let phrases = Phrases::discover(
        &(0..n)
            .step_by(phrase_stride)
            .flat_map(|i| tokenize::sampled(doc.line(i))),
    );
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let mut terms = Terms::default();
    let mut scratch = Scratch::default();
    let mut ids = Vec::new();
    // Document frequency over topics, and the counts that can make a keyword (at least
    // MIN_COUNT) of every topic, each topic's in a slice of its own size (one growing list of
    // them all had up to twice their size: a megabyte more for a million lines).
    let mut df: Vec<u32> = Vec::new();
    let mut kept: Vec<Box<[(u32, u32)]>> = Vec::with_capacity(starts.len());
    let mut counts: Vec<(u32, u32)> = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let end = starts.get(k + 1).copied().unwrap_or(n).min(n);
        ids.clear();
        for i in (start..end).step_by(stride) {
            for piece in tokenize::sampled(doc.line(i)) {
                line_terms(piece, &phrases, &mut terms, &mut ids, &mut scratch);
            }
        }
        ids.sort_unstable();
        df.resize(terms.list.len(), 0);
        counts.clear();
        for run in ids.chunk_by(|a, b| a == b) {
            df[run[0] as usize] += 1;
            if run.len() as u32 >= MIN_COUNT {
                counts.push((run[0], run.len() as u32));
            }
        }
        kept.push(counts.as_slice().into());
        if k % 64 == 0 {
            progress(0.8 * k as f32 / starts.len() as f32);
        }
    }
    drop(ids);
    let topics = starts.len() as f64;
    let mut out = Vec::with_capacity(starts.len());
    for (k, counts) in kept.iter().enumerate() {
        let scored: Vec<(u32, u32, f64)> = counts
            .iter()
            .map(|&(t, c)| {
                // One topic: nothing to contrast with, frequency alone.
                let idf = if topics > 1.0 {
                    (topics / f64::from(df[t as usize])).ln() + ABOUT
                } else {
                    1.0
                };
                let term = &terms.list[t as usize];
                let mut boost = if term.proper { PROPER_BOOST } else { 1.0 };
                let han = term
                    .display()
                    .chars()
                    .filter(|&c| tokenize::is_han(c))
                    .count();
                if han > 2 {
                    boost *= 1.0 + LENGTH_BONUS * (han - 2) as f64;
                }
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
    // A name seen at least half as often as one of its words stands for it. `scored` is sorted
    // by term (as the counts are): look-ups are binary searches.
    debug_assert!(scored.is_sorted_by_key(|s| s.0));
    let find = |t: u32, scored: &[(u32, u32, f64)]| {
        scored
            .binary_search_by_key(&t, |s| s.0)
            .ok()
            .map(|i| scored[i])
    };
    let count_of = |t: u32, scored: &[(u32, u32, f64)]| find(t, scored).map_or(0, |s| s.1);
    let mut absorbed: Vec<u32> = Vec::new();
    let snapshot = scored.clone();
    for s in &mut scored {
        let parts = &terms.list[s.0 as usize].parts;
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
                best_part = find(p, &snapshot).map_or(0.0, |x| x.2).max(best_part);
            }
        }
        if stands {
            s.2 = s.2.max(best_part);
        }
    }
    absorbed.sort_unstable();
    scored.retain(|s| absorbed.binary_search(&s.0).is_err());
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
            let (a, b) = (&terms.list[c as usize], &terms.list[t as usize]);
            let (x, y) = (a.display(), b.display());
            a.parts.contains(&t)
                || b.parts.contains(&c)
                || a.parts.iter().any(|p| b.parts.contains(p))
                || x.contains(y)
                || y.contains(x)
        });
        if !overlaps {
            chosen.push(t);
        }
    }
    chosen
        .iter()
        .map(|&t| terms.list[t as usize].display())
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
