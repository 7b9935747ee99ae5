//! Topic segmentation by dynamic programming: the split of the text into topics that maximises
//!
//! Σ over topics [ cohesion × (log-likelihood of the topic's tokens under its own language model)
//!                 + log-normal prior on its length
//!                 + boundary × (the boundary model's log-odds at its first line) ]
//! + a log-normal prior on the number of topics,
//!
//! over every number of topics between the reader's bounds, found exactly for the candidate
//! boundaries. The language model is a Dirichlet-compound-multinomial (Utiyama & Isahara 2001;
//! Eisenstein & Barzilay 2008's BayesSeg), its log-likelihood measured in units of an average
//! line's tokens so that long and short lines weigh alike. The number of topics comes from this
//! evidence: one more topic is taken when the text gains more by it than the count prior loses.
//!
//! Candidates are the gaps where the boundary model's log-odds is highest within two lines each
//! side (at most [`MAX_CANDIDATES`] of them, the likeliest): a topic's likelihood is then computed
//! once per pair of candidates, O(candidates × tokens) in all, and the DP itself is
//! O(topics × candidates²).

use super::model::DpSettings;
use super::tokenize::LineTokens;
use std::sync::atomic::{AtomicBool, Ordering};

/// Most candidate boundaries considered.
pub const MAX_CANDIDATES: usize = 400;

/// The log marginal likelihood of a segment's tokens under a Dirichlet-compound-multinomial
/// (symmetric prior `alpha`), computed incrementally as lines are added in front of it:
/// Σ_t ln Γ(c_t + α)/Γ(α) − ln Γ(n + Vα)/Γ(Vα), with both parts from tables.
struct SegmentLikelihood {
    /// ln(c + α) for small counts c.
    ln_count: Vec<f64>,
    /// Σ_{m < M} ln(m + Vα), for M tokens.
    ln_total: Vec<f64>,
    alpha: f64,
    va: f64,
    counts: Vec<u32>,
    touched: Vec<u32>,
    numerator: f64,
    tokens: usize,
}

impl SegmentLikelihood {
    fn new(vocab: usize, alpha: f64) -> Self {
        let va = vocab.max(1) as f64 * alpha;
        SegmentLikelihood {
            ln_count: (0..4096).map(|c| (f64::from(c) + alpha).ln()).collect(),
            ln_total: vec![0.0],
            alpha,
            va,
            counts: vec![0; vocab],
            touched: Vec::new(),
            numerator: 0.0,
            tokens: 0,
        }
    }

    fn add(&mut self, ids: &[u32]) {
        // Sum in a local: accumulating in `self` kept the sum in memory, the hot loop's cost.
        let SegmentLikelihood {
            ln_count,
            alpha,
            counts,
            touched,
            ..
        } = self;
        let mut sum = 0f64;
        for &t in ids {
            let Some(c) = counts.get_mut(t as usize) else {
                continue;
            };
            if *c == 0 {
                touched.push(t);
            }
            sum += match ln_count.get(*c as usize) {
                Some(&v) => v,
                None => (f64::from(*c) + *alpha).ln(),
            };
            *c += 1;
        }
        self.numerator += sum;
        self.tokens += ids.len();
    }

    fn value(&mut self) -> f64 {
        while self.ln_total.len() <= self.tokens {
            let m = self.ln_total.len() - 1;
            let last = self.ln_total[m];
            self.ln_total.push(last + (m as f64 + self.va).ln());
        }
        self.numerator - self.ln_total[self.tokens]
    }

    fn clear(&mut self) {
        for &t in &self.touched {
            self.counts[t as usize] = 0;
        }
        self.touched.clear();
        self.numerator = 0.0;
        self.tokens = 0;
    }
}

/// The fewest lines of a topic in an `n`-line text.
pub fn min_lines(n: usize, s: &DpSettings) -> usize {
    ((n as f64 * s.min_share).round() as usize)
        .clamp(s.min_lines.max(1), s.max_min_lines.max(s.min_lines.max(1)))
}

/// The candidate gaps: local maxima of `log_odds` within two gaps each side, and the `extra`
/// gaps, inside `min_len..=n - min_len`; the likeliest [`MAX_CANDIDATES`] of them, sorted.
fn candidates(log_odds: &[f32], extra: &[usize], n: usize, min_len: usize) -> Vec<usize> {
    if n < 2 * min_len {
        return Vec::new();
    }
    let at = |g: usize| log_odds.get(g).copied().unwrap_or(0.0);
    let mut out: Vec<usize> = (min_len..=n - min_len)
        .filter(|&g| {
            let here = at(g);
            (g.saturating_sub(2)..=g + 2)
                .filter(|&h| h != g && h >= 1 && h < n)
                .all(|h| at(h) < here || (at(h) == here && h > g))
        })
        .chain(
            extra
                .iter()
                .copied()
                .filter(|&g| g >= min_len && g + min_len <= n),
        )
        .collect();
    out.sort_unstable();
    out.dedup();
    if out.len() > MAX_CANDIDATES {
        out.sort_by(|&a, &b| at(b).total_cmp(&at(a)).then(a.cmp(&b)));
        out.truncate(MAX_CANDIDATES);
        out.sort_unstable();
    }
    out
}

/// The candidate topics of a text: the points where a topic may start or end (0, the candidate
/// gaps, `n`) and, for each pair of points, the log-likelihood of the lines between them under
/// one language model, in units of an average line's tokens. What the DP weighs and sums.
#[derive(Debug, Clone)]
pub struct Lattice {
    pub n: usize,
    pub min_len: usize,
    pub points: Vec<usize>,
    /// `lik[a * points.len() + b]` for the lines `points[a]..points[b]`; −∞ below `min_len`.
    pub lik: Vec<f64>,
    /// The boundary model's log-odds at each point (0 at the ends).
    pub odds: Vec<f64>,
}

/// Builds the lattice of the text whose lines have `tokens`, with `log_odds[g]` the boundary
/// model's log-odds at gap `g` and `extra` more candidate gaps. `s.alpha` and the topic length
/// bounds are used.
pub fn lattice(
    tokens: &LineTokens,
    log_odds: &[f32],
    extra: &[usize],
    s: &DpSettings,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Lattice> {
    let n = tokens.len();
    let min_len = min_lines(n, s);
    let gaps = candidates(log_odds, extra, n, min_len);
    lattice_at(tokens, log_odds, &gaps, min_len, s.alpha, cancel, progress)
}

/// [`lattice`] with the candidate gaps given (sorted, inside `1..n`).
pub fn lattice_at(
    tokens: &LineTokens,
    log_odds: &[f32],
    gaps: &[usize],
    min_len: usize,
    alpha: f64,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Lattice> {
    let n = tokens.len();
    let mut points = vec![0];
    points.extend(gaps.iter().copied().filter(|&g| g > 0 && g < n));
    points.push(n);
    let c = points.len();
    let per_line = (tokens.ids.len() as f64 / n.max(1) as f64).max(1e-9);
    let unit = if tokens.ids.is_empty() {
        0.0
    } else {
        1.0 / per_line
    };
    let mut lik = vec![f64::NEG_INFINITY; c * c];
    let mut seg = SegmentLikelihood::new(tokens.vocab, alpha);
    for b in 1..c {
        if b % 16 == 0 {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            progress(b as f32 / c as f32);
        }
        seg.clear();
        let mut line = points[b];
        for a in (0..b).rev() {
            while line > points[a] {
                line -= 1;
                seg.add(tokens.line(line));
            }
            if points[b] - points[a] >= min_len {
                lik[a * c + b] = unit * seg.value();
            }
        }
    }
    let odds = points
        .iter()
        .map(|&g| {
            if g == 0 || g == n {
                0.0
            } else {
                f64::from(log_odds.get(g).copied().unwrap_or(0.0))
            }
        })
        .collect();
    Some(Lattice {
        n,
        min_len,
        points,
        lik,
        odds,
    })
}

/// The best topics of a lattice under the settings' weights and priors: the first lines of
/// the topics after the first (sorted; empty for one topic).
pub fn solve(l: &Lattice, s: &DpSettings) -> Vec<usize> {
    let (n, c) = (l.n, l.points.len());
    let most = s.max_topics.min(n / l.min_len.max(1)).max(1);
    if most <= 1 || c < 3 {
        return Vec::new();
    }
    let fewest = s.min_topics.clamp(1, most);
    // seg[a * c + b]: the topic from point a to point b, without its length prior.
    let seg: Vec<f64> = (0..c * c)
        .map(|i| {
            let (a, b) = (i / c, i % c);
            let v = l.lik[i];
            if b <= a || v == f64::NEG_INFINITY {
                f64::NEG_INFINITY
            } else {
                s.cohesion * v + s.boundary * l.odds[a]
            }
        })
        .collect();
    // best[k][b]: the best k topics covering points 0..b; back[k][b]: where the last starts.
    let mut best = vec![f64::NEG_INFINITY; (most + 1) * c];
    let mut back = vec![0u32; (most + 1) * c];
    best[0] = 0.0;
    let sigma2 = 2.0 * s.length_sigma.max(1e-3).powi(2);
    let ln_len: Vec<f64> = (0..=n).map(|x| (x.max(1) as f64).ln()).collect();
    let median_topics = (s.topics * (n as f64 / 1000.0).powf(-s.topics_slope)).max(1.0);
    let mut chosen: Option<(f64, usize)> = None;
    for k in 1..=most {
        let ln_median = (n as f64 / k as f64).ln();
        for b in 1..c {
            let (mut top, mut arg) = (f64::NEG_INFINITY, 0);
            for a in 0..b {
                let prev = best[(k - 1) * c + a];
                let cell = seg[a * c + b];
                if prev == f64::NEG_INFINITY || cell == f64::NEG_INFINITY {
                    continue;
                }
                let ll = ln_len[l.points[b] - l.points[a]];
                let x = ll - ln_median;
                let v = prev + cell - x * x / sigma2 - ll;
                if v > top {
                    top = v;
                    arg = a;
                }
            }
            best[k * c + b] = top;
            back[k * c + b] = arg as u32;
        }
        let total = best[k * c + c - 1];
        if k >= fewest && total > f64::NEG_INFINITY {
            let x = (k as f64 / median_topics).ln();
            let v = total - x * x / (2.0 * s.topics_sigma.max(1e-3).powi(2));
            if chosen.is_none_or(|(cv, _)| v > cv) {
                chosen = Some((v, k));
            }
        }
    }
    let Some((_, topics)) = chosen else {
        return Vec::new();
    };
    let mut starts = Vec::with_capacity(topics);
    let (mut k, mut b) = (topics, c - 1);
    while k > 0 && b > 0 {
        let a = back[k * c + b] as usize;
        if a > 0 {
            starts.push(l.points[a]);
        }
        b = a;
        k -= 1;
    }
    starts.sort_unstable();
    starts
}

/// The first lines of the topics after the first (sorted; empty for one topic) of the text
/// whose lines have `tokens`, with `log_odds[g]` the boundary model's log-odds at gap `g`.
pub fn segment(
    tokens: &LineTokens,
    log_odds: &[f32],
    extra: &[usize],
    s: &DpSettings,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Vec<usize>> {
    let l = lattice(tokens, log_odds, extra, s, cancel, &mut |f| {
        progress(0.9 * f);
    })?;
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    let starts = solve(&l, s);
    progress(1.0);
    Some(starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_local_maxima_away_from_the_ends() {
        let mut lo = vec![0f32; 101];
        lo[50] = 3.0;
        lo[51] = 2.0;
        lo[70] = 1.0;
        lo[3] = 5.0;
        assert_eq!(candidates(&lo, &[], 100, 10), vec![50, 70]);
        assert_eq!(candidates(&lo, &[5, 60], 100, 10), vec![50, 60, 70]);
        assert!(candidates(&lo, &[], 15, 10).is_empty());
    }
}

#[cfg(test)]
mod likelihood {
    use super::*;
    use crate::outline::tokenize::{HanTokens, Tokenizer};
    use crate::transcript::{Document, Format};

    #[test]
    fn splitting_homogeneous_text_costs_likelihood() {
        let text: String = (0..100)
            .map(|i| {
                [
                    "然后我们觉得这个量子计算的问题\n",
                    "其实就是说量子比特的问题\n",
                    "那么大家知道纠错的问题\n",
                ][i % 3]
            })
            .collect();
        let doc = Document::new("t", Format::Plain, text);
        let never = AtomicBool::new(false);
        let tokens = Tokenizer::new(HanTokens::Bigrams)
            .lines(&doc, 0..100, &never)
            .unwrap();
        let lo = vec![0f32; 101];
        let l = lattice_at(&tokens, &lo, &[50], 10, 0.03, &never, &mut |_| {}).unwrap();
        let c = l.points.len();
        // Points 0, 50, 100: lik[a * c + b] for the lines between points a and b.
        let whole = l.lik[2];
        let halves = l.lik[1] + l.lik[c + 2];
        assert!(whole > halves);
    }
}
