//! TextTiling (Hearst 1997) for documents too long for the dynamic programme of [`super::dp`]:
//! wide windows (35 lines a side, as subtitle lines are short), a smoothed cosine curve, depth
//! scores against the highest point within a window on each side, and the deepest gaps taken
//! greedily at least `min_spacing` apart.
//!
//! Linear time, and memory that stops growing with the document: the text is tokenized a block
//! of lines at a time ([`BLOCK_LINES`]; [`HUGE_BLOCK_LINES`] in a longer document), the cosines
//! flow through the smoothing and the depths as a stream (a few windows of values held), and at
//! most about [`MAX_GAPS`] depths are kept for picking ([`Kept`]): every gap's up to that many
//! lines, and past it the deepest gap of each short run of gaps. Up to [`BLOCK_LINES`] lines the
//! result is that of the textbook computation over whole arrays (a test compares them).

use super::segment::Params;
use super::tokenize::{LineTokens, Tokenizer};
use crate::transcript::Document;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};

/// Lines per block: a document of up to this many lines is tokenized at once, and the idf of its
/// tokens is over all of it.
pub const BLOCK_LINES: usize = 1 << 16;

/// Lines per block of a longer document (the idf is then over a block and its windows' edges):
/// the tokens held at a time stay well under a megabyte.
pub const HUGE_BLOCK_LINES: usize = 1 << 14;

/// The most gaps whose depth is kept for picking, about: in a longer document, a run of
/// `n / MAX_GAPS` gaps (rounded up; fewer than the spacing of topics) keeps only its deepest
/// gap (of each kind of bonus, see [`Kept`]). Two gaps of one run are never both picked (they
/// are closer than the spacing), so only a gap that a nearby pick would have ruled out anyway
/// can be lost; the greedy may then take a slightly different gap than over every gap.
pub const MAX_GAPS: usize = 1 << 16;

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
    let kept = depths(doc, params, spacing, cancel, progress)?;
    Some(kept.pick(topics.saturating_sub(1)))
}

/// The depths of the gaps of `doc`, with what [`Kept::pick`] needs to add the bonuses.
fn depths<'a>(
    doc: &'a Document,
    params: &Params,
    spacing: usize,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Kept<'a>> {
    let n = doc.len();
    let w = params.window.max(1);
    let mut kept = Kept::new(doc, params, spacing);
    // The inner gaps 1..n, in order: cosine → moving average → depth → kept.
    let mut smooth = Smooth::new(params.smooth);
    let mut depth = Depth::new(w);
    let block = if n <= BLOCK_LINES {
        BLOCK_LINES
    } else {
        HUGE_BLOCK_LINES
    };
    let blocks = n.div_ceil(block).max(1);
    for b in 0..blocks {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        let gaps = (b * block).max(1)..((b + 1) * block).min(n);
        let lines = gaps.start.saturating_sub(w)..(gaps.end + w).min(n);
        let offset = lines.start;
        let tokens = Tokenizer::new(params.han).lines(doc, lines, cancel)?;
        let weights = token_weights(&tokens, params.idf);
        window_cosines(&tokens, &weights, offset, gaps, w, &mut |cos| {
            if let Some(d) = smooth.push(cos).and_then(|s| depth.push(s)) {
                kept.push(d);
            }
        });
        progress(0.9 * (b + 1) as f32 / blocks as f32);
    }
    if cancel.load(Ordering::Relaxed) {
        return None;
    }
    while let Some(s) = smooth.finish() {
        if let Some(d) = depth.push(s) {
            kept.push(d);
        }
    }
    while let Some(d) = depth.finish() {
        kept.push(d);
    }
    Some(kept)
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

/// Calls `out` with the cosine of the `w` lines before and the `w` lines after each gap of
/// `gaps`, in order (document lines; `tokens` line 0 is document line `offset`).
fn window_cosines(
    tokens: &LineTokens,
    weights: &[f32],
    offset: usize,
    gaps: std::ops::Range<usize>,
    w: usize,
    out: &mut dyn FnMut(f32),
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
        out(win.cosine());
    }
}

/// Moving average with half-width `h` (shrinking at the ends) over a stream of values: value
/// `i` becomes the mean of values `i - h ..= i + h`, given as soon as value `i + h` has come
/// (or the stream has ended). The sums are the differences of running f64 prefix sums, of which
/// a ring holds the `2h + 2` in use.
pub(super) struct Smooth {
    h: usize,
    /// `prefix[k % ring]` = the sum of the first `k` values, for the last `2h + 2` k.
    prefix: Vec<f64>,
    sum: f64,
    /// Values come and averages given.
    known: usize,
    done: usize,
}

impl Smooth {
    pub(super) fn new(h: usize) -> Self {
        Smooth {
            h,
            prefix: vec![0.0; 2 * h + 2],
            sum: 0.0,
            known: 0,
            done: 0,
        }
    }

    fn next(&mut self) -> f32 {
        let (i, h, ring) = (self.done, self.h, self.prefix.len());
        let a = i.saturating_sub(h);
        let b = (i + h + 1).min(self.known);
        self.done += 1;
        ((self.prefix[b % ring] - self.prefix[a % ring]) / (b - a) as f64) as f32
    }
}

impl Stream for Smooth {
    fn push(&mut self, x: f32) -> Option<f32> {
        if self.h == 0 {
            return Some(x);
        }
        self.sum += f64::from(x);
        self.known += 1;
        let ring = self.prefix.len();
        self.prefix[self.known % ring] = self.sum;
        (self.known > self.done + self.h).then(|| self.next())
    }

    fn finish(&mut self) -> Option<f32> {
        (self.done < self.known).then(|| self.next())
    }
}

/// A computation over a stream of values that gives one output per value, in order, each once
/// the values it needs have come.
trait Stream {
    /// Takes the next value; gives the next output if it is now known.
    fn push(&mut self, x: f32) -> Option<f32>;
    /// After the last value: the outputs not given yet, one a call, then `None`.
    fn finish(&mut self) -> Option<f32>;

    /// Runs over `xs`, writing the outputs back: output `i` comes no sooner than value `i`, so
    /// none is overwritten before it is read.
    fn in_place(mut self, xs: &mut [f32])
    where
        Self: Sized,
    {
        let mut done = 0;
        for i in 0..xs.len() {
            if let Some(v) = self.push(xs[i]) {
                xs[done] = v;
                done += 1;
            }
        }
        while let Some(v) = self.finish() {
            xs[done] = v;
            done += 1;
        }
    }
}

/// [`Smooth`] over a slice, in place.
pub(super) fn smooth_in_place(xs: &mut [f32], h: usize) {
    Smooth::new(h).in_place(xs);
}

/// The depth of each point of a stream of values: (highest point within `reach` on the left −
/// it) + (highest within `reach` on the right − it), given as soon as the value `reach` after
/// it has come (or the stream has ended). Two monotonic queues of (index, value) keep the window
/// maxima, O(1) a value amortised; `reach + 1` values are held at most.
pub(super) struct Depth {
    reach: usize,
    left: VecDeque<(usize, f32)>,
    right: VecDeque<(usize, f32)>,
    /// The values whose depth is not given yet.
    pending: VecDeque<f32>,
    known: usize,
    done: usize,
}

impl Depth {
    pub(super) fn new(reach: usize) -> Self {
        Depth {
            reach,
            left: VecDeque::new(),
            right: VecDeque::new(),
            pending: VecDeque::new(),
            known: 0,
            done: 0,
        }
    }

    fn next(&mut self) -> Option<f32> {
        let s = self.pending.pop_front()?;
        let i = self.done;
        self.done += 1;
        while self.left.back().is_some_and(|&(_, v)| v <= s) {
            self.left.pop_back();
        }
        self.left.push_back((i, s));
        while self.left.front().is_some_and(|&(j, _)| i - j > self.reach) {
            self.left.pop_front();
        }
        while self.right.front().is_some_and(|&(j, _)| j < i) {
            self.right.pop_front();
        }
        let l = self.left.front().map_or(s, |&(_, v)| v);
        let r = self.right.front().map_or(s, |&(_, v)| v);
        Some((l - s) + (r - s))
    }
}

impl Stream for Depth {
    fn push(&mut self, v: f32) -> Option<f32> {
        while self.right.back().is_some_and(|&(_, u)| u <= v) {
            self.right.pop_back();
        }
        self.right.push_back((self.known, v));
        self.pending.push_back(v);
        self.known += 1;
        if self.done + self.reach < self.known {
            self.next()
        } else {
            None
        }
    }

    fn finish(&mut self) -> Option<f32> {
        self.next()
    }
}

/// [`Depth`] over a slice, in place.
pub(super) fn depth_in_place(xs: &mut [f32], reach: usize) {
    Depth::new(reach).in_place(xs);
}

/// The least pause before a line that counts as a long one in a timed document: 10 s, and five
/// times the median pause between two timed lines. `None` if the document is not timed.
///
/// The median is found exactly with two histograms of 2¹⁶ counts (the pauses' high 16 bits,
/// then the low 16 bits of those in the median's bucket) rather than a sorted list of every
/// pause (4 bytes a line).
fn long_pause(doc: &Document) -> Option<u32> {
    if !doc.is_timed() {
        return None;
    }
    let pauses = || {
        let mut prev: Option<u32> = None;
        (0..doc.len()).filter_map(move |i| {
            let t = doc.time(i)?;
            let pause = prev.map(|p| t.saturating_sub(p));
            prev = Some(t);
            pause
        })
    };
    let mut histogram = vec![0u32; 1 << 16];
    let mut total = 0usize;
    for d in pauses() {
        histogram[(d >> 16) as usize] += 1;
        total += 1;
    }
    if total == 0 {
        return None;
    }
    // The pause at place `mid` of the sorted pauses: its bucket, then its value in the bucket.
    let mut rank = total / 2;
    let mut bucket = |histogram: &[u32]| {
        let mut b = 0;
        while rank >= histogram[b] as usize {
            rank -= histogram[b] as usize;
            b += 1;
        }
        b as u32
    };
    let high = bucket(&histogram);
    histogram.fill(0);
    for d in pauses().filter(|d| d >> 16 == high) {
        histogram[(d & 0xFFFF) as usize] += 1;
    }
    let median = (high << 16) | bucket(&histogram);
    Some(median.saturating_mul(5).max(10_000))
}

/// A gap kept for picking: its depth, and whether it gets the cue bonus (bit 0) and the long
/// pause bonus (bit 1).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    gap: u32,
    depth: f32,
    bonus: u8,
}

/// The depths of a document's gaps, as they come, kept for picking: those of the gaps that can
/// start a topic (`spacing` from both ends), all of them or the deepest of each run of gaps
/// with the same bonuses (see [`MAX_GAPS`]); and the mean positive depth, of which the bonuses
/// are a share.
struct Kept<'a> {
    doc: &'a Document,
    n: usize,
    spacing: usize,
    cue_weight: f32,
    pause_weight: f32,
    /// The least long pause, if they count.
    long_pause: Option<u32>,
    /// Gaps per run.
    run: usize,
    /// The gap of the next depth.
    next: usize,
    /// The time of the last timed line before the next gap's line.
    last_time: Option<u32>,
    positive_sum: f32,
    positive_count: u32,
    gaps: Vec<Candidate>,
    /// The deepest gap of the current run for each bonus.
    deepest: [Option<Candidate>; 4],
}

impl<'a> Kept<'a> {
    fn new(doc: &'a Document, params: &Params, spacing: usize) -> Self {
        let n = doc.len();
        let run = (n + 1).div_ceil(MAX_GAPS).max(1);
        Kept {
            doc,
            n,
            spacing: spacing.max(1),
            cue_weight: params.cue_weight,
            pause_weight: params.pause_weight,
            long_pause: (params.pause_weight > 0.0)
                .then(|| long_pause(doc))
                .flatten(),
            run,
            next: 1,
            last_time: if n > 0 { doc.time(0) } else { None },
            positive_sum: 0.0,
            positive_count: 0,
            // One a run, the most of them; more only with cues or long pauses.
            gaps: Vec::with_capacity(n.div_ceil(run)),
            deepest: [None; 4],
        }
    }

    /// Takes the depth of the next gap.
    fn push(&mut self, depth: f32) {
        let g = self.next;
        self.next += 1;
        if depth > 0.0 {
            self.positive_sum += depth;
            self.positive_count += 1;
        }
        let mut long = false;
        if let Some(limit) = self.long_pause
            && let Some(t) = self.doc.time(g)
        {
            long = self.last_time.is_some_and(|p| t.saturating_sub(p) >= limit);
            self.last_time = Some(t);
        }
        if g < self.spacing || g + self.spacing > self.n {
            return;
        }
        let cue = self.cue_weight > 0.0 && super::lexicon::has_cue(self.doc.line(g));
        let bonus = u8::from(cue) | u8::from(long) << 1;
        if g.is_multiple_of(self.run) {
            self.end_run();
        }
        let slot = &mut self.deepest[usize::from(bonus)];
        if slot.is_none_or(|d| depth > d.depth) {
            *slot = Some(Candidate {
                gap: g as u32,
                depth,
                bonus,
            });
        }
    }

    fn end_run(&mut self) {
        self.gaps
            .extend(self.deepest.iter_mut().filter_map(Option::take));
    }

    /// Up to `count` gaps with the highest positive scores (depth plus bonuses), each at least
    /// `spacing` from the others and from both ends, sorted.
    ///
    /// A cue adds `cue_weight` fifths of the mean positive depth, a long pause `pause_weight`.
    fn pick(mut self, count: usize) -> Vec<usize> {
        self.end_run();
        let unit = if self.positive_count == 0 {
            0.0
        } else {
            0.2 * self.positive_sum / self.positive_count as f32
        };
        let scored = self.gaps.iter().map(|g| {
            let mut score = g.depth;
            if self.cue_weight > 0.0 && g.bonus & 1 != 0 {
                score += self.cue_weight * unit;
            }
            if self.pause_weight > 0.0 && g.bonus & 2 != 0 {
                score += self.pause_weight * unit;
            }
            (g.gap, score)
        });
        pick_peaks(scored.collect(), self.n, count, self.spacing)
    }
}

/// Takes up to `count` of the `(gap, score)` with the highest positive scores, each at least
/// `spacing` from the others and from both ends of an `n`-line document; sorted. Greedy, in
/// order of decreasing score (ties: the earlier gap first).
fn pick_peaks(mut scored: Vec<(u32, f32)>, n: usize, count: usize, spacing: usize) -> Vec<usize> {
    let spacing = spacing.max(1);
    if n < 2 * spacing {
        return Vec::new();
    }
    scored.retain(|&(g, s)| s > 0.0 && (spacing..=n - spacing).contains(&(g as usize)));
    scored.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut blocked = vec![0u64; (n + 1).div_ceil(64)];
    let mut picked = Vec::new();
    for &(g, _) in &scored {
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
    picked.sort_unstable();
    picked
}

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

    /// [`pick_peaks`] over a score for every gap `0..=n`.
    fn pick_all(score: &[f32], count: usize, spacing: usize) -> Vec<usize> {
        let scored = score.iter().enumerate().map(|(g, &s)| (g as u32, s));
        pick_peaks(scored.collect(), score.len() - 1, count, spacing)
    }

    #[test]
    fn picking_matches_the_reference_greedy() {
        let mut seed = 11u64;
        let mut next = || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            seed >> 33
        };
        // Coarse scores (ties), some zero or negative.
        for (n, levels) in [(30_000usize, 40u64), (30_000, 1_000_000), (50, 3)] {
            let score: Vec<f32> = (0..=n)
                .map(|_| (next() % levels) as f32 / levels as f32 - 0.1)
                .collect();
            for (count, spacing) in [(1, 10), (1000, 24), (10_000, 2), (5, 1)] {
                assert_eq!(
                    pick_all(&score, count, spacing),
                    pick_peaks_reference(&score, count, spacing),
                    "n {n} levels {levels} count {count} spacing {spacing}"
                );
            }
        }
    }

    /// The pause before each timed line after the first.
    fn pauses(doc: &Document) -> Vec<(usize, u32)> {
        let mut prev: Option<u32> = None;
        (0..doc.len())
            .filter_map(|i| {
                let t = doc.time(i)?;
                let pause = prev.map(|p| (i, t.saturating_sub(p)));
                prev = Some(t);
                pause
            })
            .collect()
    }

    /// The lines after a long pause, from a sorted list of the pauses: the reference for
    /// [`long_pause`].
    fn long_pauses(doc: &Document) -> Vec<usize> {
        let all = pauses(doc);
        let mut sorted: Vec<u32> = all.iter().map(|p| p.1).collect();
        if sorted.is_empty() {
            return Vec::new();
        }
        sorted.sort_unstable();
        let limit = sorted[sorted.len() / 2].saturating_mul(5).max(10_000);
        all.iter().filter(|p| p.1 >= limit).map(|p| p.0).collect()
    }

    /// A transcript of `n` lines in topics of 150 to 400 lines, each with words of its own among
    /// common ones, some lines opening with a cue; timed, with a long pause now and then, when
    /// `timed`. Also the first lines of its topics.
    fn made_up(n: usize, timed: bool) -> (Document, Vec<usize>) {
        let mut seed = 3u64;
        let mut next = |m: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % m
        };
        let (mut text, mut stamps, mut starts) = (String::new(), Vec::new(), vec![0]);
        let (mut topic, mut left, mut t) = (0, 200, 0u32);
        for i in 0..n {
            if left == 0 {
                topic += 1;
                left = 150 + next(250);
                starts.push(i);
                t += 20_000;
            }
            left -= 1;
            if next(40) == 0 {
                text.push_str("So let's talk about ");
            }
            for _ in 0..6 {
                let w = if next(3) == 0 {
                    format!("common{} ", next(30))
                } else {
                    format!("topic{topic}word{} ", next(25))
                };
                text.push_str(&w);
            }
            text.push('\n');
            t += 1000 + next(3000) as u32 + if next(500) == 0 { 30_000 } else { 0 };
            stamps.push(t);
        }
        let doc = Document::new("t", crate::transcript::Format::Srt, text);
        (if timed { doc.with_times(stamps) } else { doc }, starts)
    }

    /// The tiling over whole arrays: a score for every gap, smoothed, turned into depths, the
    /// bonuses added, the greedy over one sorted list. The reference for [`segment`].
    fn segment_reference(doc: &Document, p: &Params, topics: usize, spacing: usize) -> Vec<usize> {
        let n = doc.len();
        let w = p.window.max(1);
        let never = AtomicBool::new(false);
        let tokens = Tokenizer::new(p.han).lines(doc, 0..n, &never).unwrap();
        let weights = token_weights(&tokens, p.idf);
        let mut cos = Vec::new();
        window_cosines(&tokens, &weights, 0, 1..n, w, &mut |c| cos.push(c));
        let mut score = vec![0f32];
        score.extend(depth_scores(&smooth(&cos, p.smooth), w));
        score.push(0.0);
        let positive: Vec<f32> = score.iter().copied().filter(|&d| d > 0.0).collect();
        if !positive.is_empty() {
            let unit = 0.2 * positive.iter().sum::<f32>() / positive.len() as f32;
            for (g, d) in score.iter_mut().enumerate().take(n).skip(1) {
                if p.cue_weight > 0.0 && crate::outline::lexicon::has_cue(doc.line(g)) {
                    *d += p.cue_weight * unit;
                }
            }
            for g in long_pauses(doc) {
                if p.pause_weight > 0.0 {
                    score[g] += p.pause_weight * unit;
                }
            }
        }
        pick_peaks_reference(&score, topics - 1, spacing)
    }

    #[test]
    fn the_streamed_tiling_is_the_whole_array_one() {
        let never = AtomicBool::new(false);
        let base = Params::default();
        let variants = [
            base.clone(),
            Params {
                smooth: 0,
                idf: false,
                ..base.clone()
            },
            Params {
                cue_weight: 0.0,
                window: 10,
                ..base.clone()
            },
            Params {
                pause_weight: 0.0,
                smooth: 4,
                ..base.clone()
            },
        ];
        for timed in [true, false] {
            let (doc, _) = made_up(4000, timed);
            for p in &variants {
                for (topics, spacing) in [(15, 60), (40, 20), (1, 60), (400, 2)] {
                    let got = segment(&doc, p, topics, spacing, &never, &mut |_| {}).unwrap();
                    let want = segment_reference(&doc, p, topics, spacing);
                    assert!(!want.is_empty() || topics == 1);
                    assert_eq!(got, want, "topics {topics} spacing {spacing} timed {timed}");
                }
            }
        }
    }

    #[test]
    fn a_huge_transcript_keeps_few_gaps_and_still_finds_its_topics() {
        let never = AtomicBool::new(false);
        let p = Params::default();
        let n = 2 * BLOCK_LINES + 1000;
        let (doc, starts) = made_up(n, true);
        let kept = depths(&doc, &p, 60, &never, &mut |_| {}).unwrap();
        assert_eq!(kept.run, 3);
        assert!(kept.gaps.len() < 2 * MAX_GAPS, "{}", kept.gaps.len());
        let got = kept.pick(starts.len() - 1);
        assert_eq!(got.len(), starts.len() - 1);
        let near = |g: &usize| starts.iter().any(|s| s.abs_diff(*g) <= 3);
        let missed: Vec<&usize> = got.iter().filter(|g| !near(g)).collect();
        assert!(
            missed.len() * 50 <= got.len(),
            "{missed:?} of {}",
            got.len()
        );
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
        assert_eq!(long_pause(&timed), Some(15_000));
        assert_eq!(long_pauses(&timed), vec![3]);
        assert_eq!(long_pause(&doc), None);
        let even = doc.with_times(vec![0, 3_000, 6_000, 9_000, 12_000, 15_000]);
        assert!(long_pauses(&even).is_empty());
    }

    #[test]
    fn the_median_pause_from_histograms_is_the_sorted_one() {
        let mut seed = 9u64;
        // The last spread makes pauses of up to an hour, summing to under u32::MAX ms.
        for (lines, spread) in [(2, 100u64), (3, 10), (1001, 5_000), (1000, 4_000_000)] {
            let mut t = 0u32;
            let times: Vec<u32> = (0..lines)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    t += ((seed >> 33) % spread) as u32;
                    t
                })
                .collect();
            let doc = Document::new("t", crate::transcript::Format::Srt, "a\n".repeat(lines))
                .with_times(times);
            let mut sorted: Vec<u32> = pauses(&doc).iter().map(|p| p.1).collect();
            sorted.sort_unstable();
            let want = sorted[sorted.len() / 2].saturating_mul(5).max(10_000);
            assert_eq!(long_pause(&doc), Some(want), "{lines} lines");
        }
    }

    #[test]
    fn peaks_respect_spacing_and_ends() {
        let mut score = vec![0f32; 101];
        score[50] = 1.0;
        score[52] = 0.9; // too close to 50
        score[80] = 0.5;
        score[3] = 2.0; // too close to the start
        assert_eq!(pick_all(&score, 5, 10), vec![50, 80]);
        assert_eq!(pick_all(&score, 1, 10), vec![50]);
        assert!(pick_all(&score[..10], 3, 10).is_empty());
    }
}
