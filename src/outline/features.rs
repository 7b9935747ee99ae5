//! What the boundary model sees at each gap between two lines: lexical-cohesion signals at
//! several window sizes, vocabulary novelty, position, and a few cue lines.
//!
//! Gap `g` (in `1..n`) is the place before line `g`. Every signal is computed for every gap in
//! one sliding pass per window size (linear in the tokens), and the cohesion signals are also
//! standardised within the document (z-scores), so that a transcript of long lines and one of
//! short lines, or a dense one and a loose one, are compared on the same footing.
//!
//! The model that weighs them ([`super::model`]) is fitted by `examples/outline_fit.rs`; the
//! names below are written into its weights file and checked when it is loaded.

use super::lexicon;
use super::tiling::{Windows, depth_in_place, smooth_in_place, token_weights};
use super::tokenize::LineTokens;
use crate::transcript::Document;

/// Window sizes, in lines on each side of a gap.
pub const WINDOWS: [usize; 6] = [5, 10, 20, 35, 60, 100];

/// Dirichlet prior of the window language models of the split likelihood ratio.
const ALPHA: f64 = 0.1;

/// The features of every gap of a document: `values[g * dim + f]` for gap `g` in `0..=n`
/// (gaps 0 and `n` are never boundaries; their rows are zero).
#[derive(Debug, Clone)]
pub struct GapFeatures {
    pub n: usize,
    pub values: Vec<f32>,
}

impl GapFeatures {
    /// The features of gap `g`.
    pub fn row(&self, g: usize) -> &[f32] {
        let dim = names().len();
        &self.values[g * dim..(g + 1) * dim]
    }
}

/// The feature names, in order.
pub fn names() -> &'static [String] {
    static NAMES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| {
        let mut out = Vec::new();
        for w in WINDOWS {
            for kind in ["llr", "llr_z", "prom_z", "cos", "cos_z", "depth_z"] {
                out.push(format!("{kind}{w}"));
            }
        }
        for name in [
            "novel10", "novel30", "pos", "pos2", "open_cue", "cue", "question",
        ] {
            out.push(name.to_string());
        }
        out
    })
}

/// Gaps where the lexical evidence alone peaks: local maxima (two gaps each side) of the split
/// likelihood ratio at 10 and 35 lines. The DP considers them as well as the model's peaks, so
/// that a sharp change of vocabulary is never missed for want of a candidate.
pub fn lexical_peaks(f: &GapFeatures) -> Vec<usize> {
    let dim = names().len();
    let mut out = Vec::new();
    for name in ["llr10", "llr35"] {
        let Some(col) = names().iter().position(|s| s == name) else {
            continue;
        };
        let at = |g: usize| f.values[g * dim + col];
        for g in 1..f.n {
            let here = at(g);
            let lo = g.saturating_sub(2).max(1);
            let hi = (g + 2).min(f.n - 1);
            if (lo..=hi).all(|h| h == g || at(h) < here || (at(h) == here && h > g)) {
                out.push(g);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Mean and standard deviation of `xs[1..n]` (the inner gaps).
fn z_scores(xs: &[f32]) -> Vec<f32> {
    let n = xs.len().saturating_sub(1);
    let inner = xs.get(1..n).unwrap_or(&[]);
    if inner.is_empty() {
        return vec![0.0; xs.len()];
    }
    let mean = inner.iter().map(|&x| f64::from(x)).sum::<f64>() / inner.len() as f64;
    let var = inner
        .iter()
        .map(|&x| (f64::from(x) - mean).powi(2))
        .sum::<f64>()
        / inner.len() as f64;
    let sd = var.sqrt().max(1e-6);
    xs.iter()
        .map(|&x| ((f64::from(x) - mean) / sd) as f32)
        .collect()
}

/// A bag of tokens and its log marginal likelihood under a Dirichlet-compound-multinomial with
/// symmetric prior [`ALPHA`], kept up to date as tokens come and go.
struct Bag {
    counts: Vec<u32>,
    tokens: u32,
    ll: f64,
}

/// ln tables shared by the bags of one document.
struct Ln {
    /// ln(c + α) for small c.
    count: Vec<f64>,
    /// ln(m + Vα) for m up to the document's token count.
    total: Vec<f64>,
}

impl Ln {
    fn new(vocab: usize, tokens: usize) -> Self {
        let va = vocab.max(1) as f64 * ALPHA;
        Ln {
            count: (0..1024).map(|c| (f64::from(c) + ALPHA).ln()).collect(),
            total: (0..=tokens).map(|m| (m as f64 + va).ln()).collect(),
        }
    }

    fn count(&self, c: u32) -> f64 {
        match self.count.get(c as usize) {
            Some(&v) => v,
            None => (f64::from(c) + ALPHA).ln(),
        }
    }
}

impl Bag {
    fn new(vocab: usize) -> Self {
        Bag {
            counts: vec![0; vocab],
            tokens: 0,
            ll: 0.0,
        }
    }

    fn add(&mut self, ids: &[u32], ln: &Ln) {
        for &t in ids {
            let c = &mut self.counts[t as usize];
            self.ll += ln.count(*c) - ln.total[self.tokens as usize];
            *c += 1;
            self.tokens += 1;
        }
    }

    fn remove(&mut self, ids: &[u32], ln: &Ln) {
        for &t in ids {
            let c = &mut self.counts[t as usize];
            if *c == 0 {
                continue;
            }
            *c -= 1;
            self.tokens -= 1;
            self.ll -= ln.count(*c) - ln.total[self.tokens as usize];
        }
    }
}

/// Per gap: the split log-likelihood ratio per token of the `w` lines before and the `w` lines
/// after (how much better two language models explain them than one), and their tf-idf cosine.
fn window_signals(tokens: &LineTokens, weights: &[f32], ln: &Ln, w: usize) -> (Vec<f32>, Vec<f32>) {
    let n = tokens.len();
    let mut llr = vec![0f32; n + 1];
    let mut cos = vec![0f32; n + 1];
    if n < 2 {
        return (llr, cos);
    }
    let (mut left, mut right, mut union) = (
        Bag::new(tokens.vocab),
        Bag::new(tokens.vocab),
        Bag::new(tokens.vocab),
    );
    let mut win = Windows::new(weights);
    // Gap 1: line 0 on the left, lines 1..1 + w on the right.
    left.add(tokens.line(0), ln);
    union.add(tokens.line(0), ln);
    win.add(true, tokens.line(0), 1);
    for i in 1..(1 + w).min(n) {
        right.add(tokens.line(i), ln);
        union.add(tokens.line(i), ln);
        win.add(false, tokens.line(i), 1);
    }
    for g in 1..n {
        if g > 1 {
            let moved = g - 1;
            right.remove(tokens.line(moved), ln);
            left.add(tokens.line(moved), ln);
            win.add(false, tokens.line(moved), -1);
            win.add(true, tokens.line(moved), 1);
            if moved >= w {
                left.remove(tokens.line(moved - w), ln);
                union.remove(tokens.line(moved - w), ln);
                win.add(true, tokens.line(moved - w), -1);
            }
            if moved + w < n {
                right.add(tokens.line(moved + w), ln);
                union.add(tokens.line(moved + w), ln);
                win.add(false, tokens.line(moved + w), 1);
            }
        }
        let per = f64::from(union.tokens.max(1));
        llr[g] = ((left.ll + right.ll - union.ll) / per) as f32;
        cos[g] = win.cosine();
    }
    (llr, cos)
}

/// Share of the tokens of lines `g..g + w` that the text before `g` never had.
fn novelty(tokens: &LineTokens, first: &[u32], w: usize) -> Vec<f32> {
    let n = tokens.len();
    let mut out = vec![0f32; n + 1];
    for (g, slot) in out.iter_mut().enumerate().take(n).skip(1) {
        let (mut new, mut all) = (0u32, 0u32);
        for i in g..(g + w).min(n) {
            for &t in tokens.line(i) {
                all += 1;
                new += u32::from(first[t as usize] as usize >= g);
            }
        }
        *slot = if all == 0 {
            0.0
        } else {
            new as f32 / all as f32
        };
    }
    out
}

/// Phrases that end a show's cold open and start its body.
fn opens_the_show(line: &str) -> bool {
    const CUES: [&str; 7] = [
        "欢迎",
        "大家好",
        "收听",
        "收看",
        "welcome",
        "hello everyone",
        "hi everyone",
    ];
    let lower = line.to_lowercase();
    CUES.iter().any(|c| lower.contains(c))
}

fn asks(line: &str) -> bool {
    line.trim_end().ends_with(['?', '？'])
}

/// The features of every gap of `doc`, from its `tokens` (one entry per line).
pub fn compute(doc: &Document, tokens: &LineTokens) -> GapFeatures {
    let n = tokens.len();
    let dim = names().len();
    let mut values = vec![0f32; (n + 1) * dim];
    let mut column = 0;
    let put = |values: &mut Vec<f32>, col: usize, xs: &[f32]| {
        for g in 1..n {
            values[g * dim + col] = xs[g];
        }
    };
    let weights = token_weights(tokens, true);
    let ln = Ln::new(tokens.vocab, tokens.ids.len());
    for w in WINDOWS {
        let (llr, cos) = window_signals(tokens, &weights, &ln, w);
        // Prominence of the ratio: how far it rises above the lowest point within w each side.
        let mut prom: Vec<f32> = llr.iter().map(|x| -x).collect();
        if let Some(inner) = prom.get_mut(1..n) {
            depth_in_place(inner, w);
        }
        let mut depth = cos.clone();
        if let Some(inner) = depth.get_mut(1..n) {
            smooth_in_place(inner, 2);
            depth_in_place(inner, w);
        }
        for xs in [
            llr.clone(),
            z_scores(&llr),
            z_scores(&prom),
            cos.clone(),
            z_scores(&cos),
            z_scores(&depth),
        ] {
            put(&mut values, column, &xs);
            column += 1;
        }
    }
    let mut first = vec![u32::MAX; tokens.vocab];
    for i in (0..n).rev() {
        for &t in tokens.line(i) {
            first[t as usize] = i as u32;
        }
    }
    for w in [10, 30] {
        put(&mut values, column, &novelty(tokens, &first, w));
        column += 1;
    }
    let nf = n.max(1) as f32;
    for g in 1..n {
        let x = g as f32 / nf;
        let row = &mut values[g * dim + column..(g + 1) * dim];
        let line = |i: usize| if i < doc.len() { doc.line(i) } else { "" };
        row[0] = x;
        row[1] = x * x;
        row[2] =
            f32::from(x < 0.2 && (g.saturating_sub(1)..=g + 1).any(|i| opens_the_show(line(i))));
        row[3] = f32::from(lexicon::has_cue(line(g)));
        row[4] = f32::from(asks(line(g - 1)) || (g >= 2 && asks(line(g - 2))));
    }
    debug_assert_eq!(column + 5, dim);
    GapFeatures { n, values }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::tokenize::{HanTokens, Tokenizer};
    use crate::transcript::Format;
    use std::sync::atomic::AtomicBool;

    fn features(text: &str) -> GapFeatures {
        let doc = Document::new("t", Format::Plain, text.to_string());
        let never = AtomicBool::new(false);
        let tokens = Tokenizer::new(HanTokens::Bigrams)
            .lines(&doc, 0..doc.len(), &never)
            .unwrap();
        compute(&doc, &tokens)
    }

    #[test]
    fn the_split_ratio_peaks_where_the_vocabulary_changes() {
        let mut text = String::new();
        for i in 0..60 {
            text.push_str(if i < 30 {
                "量子计算 量子比特 纠错\n"
            } else {
                "足球比赛 球队 进球\n"
            });
        }
        let f = features(&text);
        let col = names().iter().position(|s| s == "llr10").unwrap();
        let best = (1..60)
            .max_by(|&a, &b| f.row(a)[col].total_cmp(&f.row(b)[col]))
            .unwrap();
        assert_eq!(best, 30);
        let cos = names().iter().position(|s| s == "cos10").unwrap();
        assert!(f.row(30)[cos] < 0.05 && f.row(15)[cos] > 0.9);
        let novel = names().iter().position(|s| s == "novel10").unwrap();
        assert_eq!(f.row(30)[novel], 1.0);
        assert_eq!(f.row(40)[novel], 0.0);
    }

    #[test]
    fn tiny_and_empty_documents_have_rows_of_zeros() {
        for text in ["", "one", "a\nb", "\n\n\n"] {
            let f = features(text);
            assert!(f.values.iter().all(|v| v.is_finite()));
            assert_eq!(f.values.len(), (f.n + 1) * names().len());
        }
    }
}
