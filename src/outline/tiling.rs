//! TextTiling (Hearst 1997) for documents too long for the dynamic programme of [`super::dp`]:
//! wide windows (35 lines a side, as subtitle lines are short), a smoothed cosine curve, depth
//! scores against the highest point within a window on each side, and the deepest gaps taken
//! greedily at least `min_spacing` apart. Linear time, bounded memory: blocks of [`BLOCK_LINES`]
//! lines.

use super::segment::Params;
use super::tokenize::{LineTokens, Tokenizer};
use crate::transcript::Document;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};

/// Lines per block for the tiling of large inputs.
pub const BLOCK_LINES: usize = 1 << 16;

/// ln 10: a discourse cue or a long pause counts as ten times likelier a priori.
pub const CUE_LOG_ODDS: f32 = std::f32::consts::LN_10;

/// The gaps of `doc` that start its topics: the `topics - 1` deepest, at least `spacing` apart.
pub fn segment(
    doc: &Document,
    params: &Params,
    topics: usize,
    spacing: usize,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Vec<usize>> {
    let depth = tiling_depths(doc, params, cancel, progress)?;
    Some(pick_peaks(&depth, topics.saturating_sub(1), spacing))
}

///
/// One array of `n + 1` scores is all that grows with the document (4 bytes a line): it holds
/// the window cosines, which are smoothed and turned into depths in place. Tokens live one block
/// at a time.
fn tiling_depths(
    doc: &Document,
    params: &Params,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Vec<f32>> {
    let n = doc.len();
    let w = params.window.max(1);
    let mut score = vec![0f32; n + 1];
    let blocks = n.div_ceil(BLOCK_LINES).max(1);
    for b in 0..blocks {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let gaps = (b * BLOCK_LINES).max(1)..((b + 1) * BLOCK_LINES).min(n);
        let lines = gaps.start.saturating_sub(w)..(gaps.end + w).min(n);
        let offset = lines.start;
        let tokens = Tokenizer::new(params.han).lines(doc, lines, cancel)?;
        let weights = token_weights(&tokens, params.idf);
        window_cosines(&tokens, &weights, offset, gaps, w, &mut score);
        progress(0.9 * (b + 1) as f32 / blocks as f32);
    }
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    if let Some(inner) = score.get_mut(1..n) {
        smooth_in_place(inner, params.smooth);
        depth_in_place(inner, w);
    }
    add_bonuses(doc, params, &mut score, 0.0);
    Some(score)
}

/// Squared token weights for the cosine: idf² over the lines of `tokens` (or 1).
pub fn token_weights(tokens: &LineTokens, idf: bool) -> Vec<f32> {
    if !idf {
        return vec![1.0; tokens.vocab];
    }
    let mut df = vec![0u32; tokens.vocab];
    let mut last = vec![u32::MAX; tokens.vocab];
    for i in 0..tokens.len() {
        for &t in tokens.line(i) {
            if last[t as usize] != i as u32 {
                last[t as usize] = i as u32;
                df[t as usize] += 1;
            }
        }
    }
    let lines = tokens.len() as f32;
    df.iter()
        .map(|&d| {
            let idf = ((lines + 1.0) / (d as f32 + 1.0)).ln() + 1.0;
            idf * idf
        })
        .collect()
}

/// Two sliding bags of token counts and the weighted dot product and squared norms between them.
pub(super) struct Windows<'a> {
    weights: &'a [f32],
    left: Vec<u32>,
    right: Vec<u32>,
    dot: f64,
    left_norm: f64,
    right_norm: f64,
}

impl<'a> Windows<'a> {
    pub(super) fn new(weights: &'a [f32]) -> Self {
        let v = weights.len();
        Windows {
            weights,
            left: vec![0; v],
            right: vec![0; v],
            dot: 0.0,
            left_norm: 0.0,
            right_norm: 0.0,
        }
    }

    pub(super) fn add(&mut self, to_left: bool, ids: &[u32], sign: i32) {
        for &t in ids {
            let t = t as usize;
            let q = f64::from(self.weights[t]);
            let (mine, other, norm) = if to_left {
                (&mut self.left[t], self.right[t], &mut self.left_norm)
            } else {
                (&mut self.right[t], self.left[t], &mut self.right_norm)
            };
            if sign > 0 {
                *norm += q * f64::from(2 * *mine + 1);
                *mine += 1;
                self.dot += q * f64::from(other);
            } else if *mine > 0 {
                *mine -= 1;
                *norm -= q * f64::from(2 * *mine + 1);
                self.dot -= q * f64::from(other);
            }
        }
    }

    pub(super) fn cosine(&self) -> f32 {
        let denom = (self.left_norm * self.right_norm).sqrt();
        if denom <= 1e-9 {
            0.0
        } else {
            (self.dot / denom).clamp(0.0, 1.0) as f32
        }
    }
}

/// Fills `sims[g]` for the gaps `g` in `gaps` (document lines; `tokens` line 0 is document line
/// `offset`): the cosine of the `w` lines before the gap and the `w` lines after it.
fn window_cosines(
    tokens: &LineTokens,
    weights: &[f32],
    offset: usize,
    gaps: std::ops::Range<usize>,
    w: usize,
    sims: &mut [f32],
) {
    let end = offset + tokens.len();
    let line = |i: usize| tokens.line(i - offset);
    let mut win = Windows::new(weights);
    let Some(first) = gaps.clone().next() else {
        return;
    };
    for i in first.saturating_sub(w).max(offset)..first {
        win.add(true, line(i), 1);
    }
    for i in first..(first + w).min(end) {
        win.add(false, line(i), 1);
    }
    for g in gaps {
        if g > first {
            // Line g - 1 moves from right to left; g - 1 - w leaves; g - 1 + w enters.
            let moved = g - 1;
            win.add(false, line(moved), -1);
            win.add(true, line(moved), 1);
            if moved >= offset + w {
                win.add(true, line(moved - w), -1);
            }
            if moved + w < end {
                win.add(false, line(moved + w), 1);
            }
        }
        if let Some(s) = sims.get_mut(g) {
            *s = win.cosine();
        }
    }
}

/// Moving average with half-width `h` (shrinking at the ends), in place: `xs[i]` becomes the
/// mean of `xs[i - h ..= i + h]`. The sums are the differences of running f64 prefix sums, of
/// which a ring holds the `2h + 2` in use.
pub(super) fn smooth_in_place(xs: &mut [f32], h: usize) {
    let n = xs.len();
    if h == 0 || n == 0 {
        return;
    }
    let ring = 2 * h + 2;
    // prefix[k % ring] = xs[0] + … + xs[k - 1] (the original values), for k up to `known`.
    let mut prefix = vec![0f64; ring];
    let (mut known, mut sum) = (0, 0f64);
    for i in 0..n {
        let a = i.saturating_sub(h);
        let b = (i + h + 1).min(n);
        // Only values at or after `i` are read: those before it are already averaged.
        while known < b {
            sum += f64::from(xs[known]);
            known += 1;
            prefix[known % ring] = sum;
        }
        xs[i] = ((prefix[b % ring] - prefix[a % ring]) / (b - a) as f64) as f32;
    }
}

/// Depth of each point, in place: (highest point within `reach` on the left − it) + (highest
/// within `reach` on the right − it). Two monotonic queues of (index, value) keep the window
/// maxima, O(n) in all; values are copied into them before their place is overwritten.
pub(super) fn depth_in_place(xs: &mut [f32], reach: usize) {
    let n = xs.len();
    let mut left: VecDeque<(usize, f32)> = VecDeque::new();
    let mut right: VecDeque<(usize, f32)> = VecDeque::new();
    // The next point to enter the right window.
    let mut ahead = 0;
    for i in 0..n {
        let s = xs[i];
        while left.back().is_some_and(|&(_, v)| v <= s) {
            left.pop_back();
        }
        left.push_back((i, s));
        while left.front().is_some_and(|&(j, _)| i - j > reach) {
            left.pop_front();
        }
        while ahead < n && ahead <= i + reach {
            let v = xs[ahead];
            while right.back().is_some_and(|&(_, u)| u <= v) {
                right.pop_back();
            }
            right.push_back((ahead, v));
            ahead += 1;
        }
        while right.front().is_some_and(|&(j, _)| j < i) {
            right.pop_front();
        }
        let l = left.front().map_or(s, |&(_, v)| v);
        let r = right.front().map_or(s, |&(_, v)| v);
        xs[i] = (l - s) + (r - s);
    }
}

/// Long pauses in a timed document: the gaps `g` whose pause before line `g` is at least 10 s
/// and five times the median gap between lines.
fn long_pauses(doc: &Document) -> Vec<usize> {
    if !doc.is_timed() {
        return Vec::new();
    }
    // The pause before each timed line after the first, in order: once to find the median
    // (4 bytes a line), once to pick the long ones.
    let pauses = || {
        let mut prev: Option<u32> = None;
        (0..doc.len()).filter_map(move |i| {
            let t = doc.time(i)?;
            let pause = prev.map(|p| (i, t.saturating_sub(p)));
            prev = Some(t);
            pause
        })
    };
    let mut sorted: Vec<u32> = pauses().map(|(_, d)| d).collect();
    if sorted.is_empty() {
        return Vec::new();
    }
    let mid = sorted.len() / 2;
    let median = *sorted.select_nth_unstable(mid).1;
    drop(sorted);
    let limit = median.saturating_mul(5).max(10_000);
    pauses()
        .filter(|&(_, d)| d >= limit)
        .map(|(i, _)| i)
        .collect()
}

/// Adds the cue and pause bonuses to `score` (indexed by gap): `cue_weight` and `pause_weight`
/// times `unit`, or, when `unit` is 0, a fifth of that in mean positive scores (for depths).
fn add_bonuses(doc: &Document, params: &Params, score: &mut [f32], unit: f32) {
    let n = doc.len();
    let unit = if unit > 0.0 {
        unit
    } else {
        let (sum, count) = score
            .iter()
            .filter(|&&d| d > 0.0)
            .fold((0f32, 0u32), |(s, c), &d| (s + d, c + 1));
        if count == 0 {
            return;
        }
        0.2 * sum / count as f32
    };
    if params.cue_weight > 0.0 {
        for (g, d) in score.iter_mut().enumerate().take(n).skip(1) {
            if super::lexicon::has_cue(doc.line(g)) {
                *d += params.cue_weight * unit;
            }
        }
    }
    if params.pause_weight > 0.0 {
        for g in long_pauses(doc) {
            if let Some(d) = score.get_mut(g) {
                *d += params.pause_weight * unit;
            }
        }
    }
}

/// Takes up to `count` gaps with the highest positive scores, each at least `spacing` from the
/// others and from both ends. `score` is indexed by gap, `0..=n`.
///
/// Greedy, in order of decreasing score (ties: the earlier gap first). The order is made a slice
/// of scores at a time, so that the memory it takes stays small (a sorted list of every gap of
/// a million-line document would take 4 MB more): a histogram of the scores' top bits (a
/// positive f32's bits grow with its value) gives score ranges of about [`PICK_CHUNK`] gaps,
/// which are collected, sorted and taken in turn, from the highest range down.
fn pick_peaks(score: &[f32], count: usize, spacing: usize) -> Vec<usize> {
    let spacing = spacing.max(1);
    let n = score.len().saturating_sub(1);
    if n < 2 * spacing {
        return Vec::new();
    }
    let candidates = || (spacing..=n - spacing).filter(|&g| score[g] > 0.0);
    let bucket = |g: usize| (score[g].to_bits() >> 16) as usize;
    let mut histogram = vec![0u32; (f32::INFINITY.to_bits() >> 16) as usize + 1];
    for g in candidates() {
        histogram[bucket(g)] += 1;
    }
    let mut blocked = vec![0u64; (n + 1).div_ceil(64)];
    let mut picked = Vec::new();
    let mut chunk: Vec<u32> = Vec::new();
    let mut hi = histogram.len();
    while hi > 0 && picked.len() < count {
        // Buckets lo..hi: at least one, and no more than PICK_CHUNK gaps if more than one.
        let mut lo = hi - 1;
        let mut size = histogram[lo];
        while lo > 0 && size + histogram[lo - 1] <= PICK_CHUNK {
            lo -= 1;
            size += histogram[lo];
        }
        chunk.clear();
        chunk.extend(
            candidates()
                .filter(|&g| (lo..hi).contains(&bucket(g)))
                .map(|g| g as u32),
        );
        chunk.sort_unstable_by(|&a, &b| {
            score[b as usize]
                .total_cmp(&score[a as usize])
                .then(a.cmp(&b))
        });
        for &g in &chunk {
            let g = g as usize;
            if picked.len() >= count {
                break;
            }
            if blocked[g / 64] & (1 << (g % 64)) != 0 {
                continue;
            }
            picked.push(g);
            let lo = g.saturating_sub(spacing - 1);
            let hi = (g + spacing - 1).min(n);
            for b in lo..=hi {
                blocked[b / 64] |= 1 << (b % 64);
            }
        }
        hi = lo;
    }
    picked.sort_unstable();
    picked
}

/// About how many gaps [`pick_peaks`] sorts at a time.
const PICK_CHUNK: u32 = 1 << 16;
#[cfg(test)]
mod tests {
    use super::*;

    /// Moving average with half-width `h` (shrinking at the ends): the reference for
    /// [`smooth_in_place`].
    fn smooth(xs: &[f32], h: usize) -> Vec<f32> {
        if h == 0 || xs.is_empty() {
            return xs.to_vec();
        }
        let mut prefix = Vec::with_capacity(xs.len() + 1);
        let mut sum = 0f64;
        prefix.push(0f64);
        for &x in xs {
            sum += f64::from(x);
            prefix.push(sum);
        }
        (0..xs.len())
            .map(|i| {
                let a = i.saturating_sub(h);
                let b = (i + h + 1).min(xs.len());
                ((prefix[b] - prefix[a]) / (b - a) as f64) as f32
            })
            .collect()
    }

    /// Depth of each point of `sims`: the reference for [`depth_in_place`].
    fn depth_scores(sims: &[f32], reach: usize) -> Vec<f32> {
        let left = sliding_max(sims, reach, false);
        let right = sliding_max(sims, reach, true);
        sims.iter()
            .zip(left.iter().zip(&right))
            .map(|(&s, (&l, &r))| (l - s) + (r - s))
            .collect()
    }

    /// For each i, the maximum of `xs` over `i - reach ..= i` (or `i ..= i + reach` when
    /// `forward`).
    fn sliding_max(xs: &[f32], reach: usize, forward: bool) -> Vec<f32> {
        let n = xs.len();
        let mut out = vec![0f32; n];
        let mut deque: VecDeque<usize> = VecDeque::new();
        let order: Box<dyn Iterator<Item = usize>> = if forward {
            Box::new((0..n).rev())
        } else {
            Box::new(0..n)
        };
        for i in order {
            while deque.back().is_some_and(|&j| xs[j] <= xs[i]) {
                deque.pop_back();
            }
            deque.push_back(i);
            while deque.front().is_some_and(|&j| j.abs_diff(i) > reach) {
                deque.pop_front();
            }
            out[i] = deque.front().map_or(xs[i], |&j| xs[j]);
        }
        out
    }

    /// The greedy of [`pick_peaks`] over one sorted list of every gap: its reference.
    fn pick_peaks_reference(score: &[f32], count: usize, spacing: usize) -> Vec<usize> {
        let spacing = spacing.max(1);
        let n = score.len().saturating_sub(1);
        if n < 2 * spacing {
            return Vec::new();
        }
        let mut order: Vec<usize> = (spacing..=n - spacing)
            .filter(|&g| score[g] > 0.0)
            .collect();
        order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
        let mut blocked = vec![false; n + 1];
        let mut picked = Vec::new();
        for g in order {
            if picked.len() >= count {
                break;
            }
            if blocked[g] {
                continue;
            }
            picked.push(g);
            let lo = g.saturating_sub(spacing - 1);
            let hi = (g + spacing - 1).min(n);
            blocked[lo..=hi].iter_mut().for_each(|b| *b = true);
        }
        picked.sort_unstable();
        picked
    }

    #[test]
    fn picking_in_chunks_matches_one_sorted_list() {
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 33
        };
        // Enough gaps for several chunks; coarse scores (ties), some zero or negative.
        for (n, levels) in [(300_000usize, 40u64), (300_000, 1_000_000), (50, 3)] {
            let score: Vec<f32> = (0..=n)
                .map(|_| (next() % levels) as f32 / levels as f32 - 0.1)
                .collect();
            for (count, spacing) in [(1, 10), (1000, 24), (100_000, 2), (5, 1)] {
                assert_eq!(
                    pick_peaks(&score, count, spacing),
                    pick_peaks_reference(&score, count, spacing),
                    "n {n} levels {levels} count {count} spacing {spacing}"
                );
            }
        }
    }

    #[test]
    fn in_place_smoothing_and_depths_match_the_references_bit_for_bit() {
        let mut seed = 7u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            // Coarse values, so that ties happen.
            ((seed >> 40) % 50) as f32 / 49.0
        };
        for len in [0, 1, 2, 3, 5, 8, 40, 77, 1000] {
            let xs: Vec<f32> = (0..len).map(|_| next()).collect();
            for h in [0, 1, 2, 5] {
                let mut got = xs.clone();
                smooth_in_place(&mut got, h);
                let want = smooth(&xs, h);
                assert_eq!(
                    got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    "smooth len {len} h {h}"
                );
            }
            for reach in [0, 1, 3, 35] {
                let mut got = xs.clone();
                depth_in_place(&mut got, reach);
                let want = depth_scores(&xs, reach);
                assert_eq!(
                    got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    want.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                    "depth len {len} reach {reach}"
                );
            }
        }
    }

    #[test]
    fn smoothing_keeps_length_and_flattens() {
        let s = smooth(&[0.0, 3.0, 0.0], 1);
        assert_eq!(s.len(), 3);
        assert!((s[1] - 1.0).abs() < 1e-6);
        assert!(smooth(&[], 2).is_empty());
    }

    #[test]
    fn depth_is_highest_at_a_valley() {
        let sims = [0.9, 0.8, 0.2, 0.7, 0.9];
        let d = depth_scores(&sims, 3);
        let best = (0..5).max_by(|&a, &b| d[a].total_cmp(&d[b])).unwrap();
        assert_eq!(best, 2);
        assert!((d[2] - 1.4).abs() < 1e-6);
    }

    #[test]
    fn sliding_max_both_ways() {
        let xs = [1.0, 5.0, 2.0, 0.0, 3.0];
        assert_eq!(sliding_max(&xs, 1, false), vec![1.0, 5.0, 5.0, 2.0, 3.0]);
        assert_eq!(sliding_max(&xs, 1, true), vec![5.0, 5.0, 2.0, 3.0, 3.0]);
    }

    #[test]
    fn long_pauses_stand_out_from_the_usual_gaps() {
        let text = "a\n".repeat(6);
        let doc = Document::new("t", crate::transcript::Format::Srt, text);
        let timed = doc
            .clone()
            .with_times(vec![0, 3_000, 6_000, 60_000, 63_000, 66_000]);
        assert_eq!(long_pauses(&timed), vec![3]);
        assert!(long_pauses(&doc).is_empty());
        let even = doc.with_times(vec![0, 3_000, 6_000, 9_000, 12_000, 15_000]);
        assert!(long_pauses(&even).is_empty());
    }

    #[test]
    fn peaks_respect_spacing_and_ends() {
        let mut score = vec![0f32; 101];
        score[50] = 1.0;
        score[52] = 0.9; // too close to 50
        score[80] = 0.5;
        score[3] = 2.0; // too close to the start
        assert_eq!(pick_peaks(&score, 5, 10), vec![50, 80]);
        assert_eq!(pick_peaks(&score, 1, 10), vec![50]);
        assert!(pick_peaks(&score[..10], 3, 10).is_empty());
    }
}
