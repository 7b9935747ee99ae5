//! Choi's C99 (2000), kept for comparison only: it lives here, not in the shipped binary.

use lector::outline::tiling::token_weights;
use lector::outline::tokenize::LineTokens;
use std::sync::atomic::{AtomicBool, Ordering};

/// Choi's C99 on pseudo-sentences of a few lines: cosine matrix, 11×11 rank transform, then
/// divisive clustering maximising inside density until `topics` segments.
pub fn c99(
    tokens: &LineTokens,
    topics: usize,
    spacing: usize,
    cancel: &AtomicBool,
) -> Option<Vec<usize>> {
    let n = tokens.len();
    // Units of `unit` lines, at most ~600 of them.
    let unit = n.div_ceil(600).max(2);
    let m = n.div_ceil(unit);
    let weights = token_weights(tokens, true);
    let vecs: Vec<Vec<(u32, f32)>> = (0..m)
        .map(|u| {
            let mut v: Vec<(u32, f32)> = Vec::new();
            for i in u * unit..((u + 1) * unit).min(n) {
                for &t in tokens.line(i) {
                    v.push((t, 1.0));
                }
            }
            v.sort_unstable_by_key(|&(t, _)| t);
            let mut merged: Vec<(u32, f32)> = Vec::new();
            for (t, c) in v {
                match merged.last_mut() {
                    Some((lt, lc)) if *lt == t => *lc += c,
                    _ => merged.push((t, c)),
                }
            }
            for (t, c) in &mut merged {
                *c *= weights[*t as usize].sqrt();
            }
            let norm = merged.iter().map(|(_, c)| c * c).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (_, c) in &mut merged {
                    *c /= norm;
                }
            }
            merged
        })
        .collect();
    let dot = |a: &[(u32, f32)], b: &[(u32, f32)]| {
        let (mut i, mut j, mut s) = (0, 0, 0f32);
        while i < a.len() && j < b.len() {
            match a[i].0.cmp(&b[j].0) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    s += a[i].1 * b[j].1;
                    i += 1;
                    j += 1;
                }
            }
        }
        s
    };
    let mut sim = vec![0f32; m * m];
    for a in 0..m {
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        for b in a..m {
            let s = dot(&vecs[a], &vecs[b]);
            sim[a * m + b] = s;
            sim[b * m + a] = s;
        }
    }
    // Rank transform: the share of neighbours in an 11×11 mask with a lower similarity.
    let r = 5usize;
    let mut rank = vec![0f32; m * m];
    for a in 0..m {
        for b in 0..m {
            let s = sim[a * m + b];
            let (mut lower, mut total) = (0u32, 0u32);
            for x in a.saturating_sub(r)..(a + r + 1).min(m) {
                for y in b.saturating_sub(r)..(b + r + 1).min(m) {
                    if x == a && y == b {
                        continue;
                    }
                    total += 1;
                    lower += u32::from(sim[x * m + y] < s);
                }
            }
            rank[a * m + b] = if total > 0 {
                lower as f32 / total as f32
            } else {
                0.0
            };
        }
    }
    // 2-D prefix sums for block sums.
    let mut ps = vec![0f64; (m + 1) * (m + 1)];
    for a in 0..m {
        for b in 0..m {
            ps[(a + 1) * (m + 1) + b + 1] =
                f64::from(rank[a * m + b]) + ps[a * (m + 1) + b + 1] + ps[(a + 1) * (m + 1) + b]
                    - ps[a * (m + 1) + b];
        }
    }
    let block = |i: usize, j: usize| {
        ps[j * (m + 1) + j] - ps[i * (m + 1) + j] - ps[j * (m + 1) + i] + ps[i * (m + 1) + i]
    };
    let unit_spacing = spacing.div_ceil(unit).max(1);
    let mut cuts: Vec<usize> = vec![0, m];
    while cuts.len() - 1 < topics {
        // Density of the current segmentation with one more cut, best over all places.
        let mut best: Option<(f64, usize)> = None;
        for c in 1..m {
            if cuts.iter().any(|&k| k.abs_diff(c) < unit_spacing) {
                continue;
            }
            let mut with = cuts.clone();
            with.push(c);
            with.sort_unstable();
            let (mut sum, mut area) = (0f64, 0f64);
            for w in with.windows(2) {
                sum += block(w[0], w[1]);
                let len = (w[1] - w[0]) as f64;
                area += len * len;
            }
            let d = if area > 0.0 { sum / area } else { 0.0 };
            if best.is_none_or(|(bd, _)| d > bd) {
                best = Some((d, c));
            }
        }
        match best {
            Some((_, c)) => {
                cuts.push(c);
                cuts.sort_unstable();
            }
            None => break,
        }
    }
    Some(
        cuts.into_iter()
            .filter(|&c| c > 0 && c < m)
            .map(|c| c * unit)
            .collect(),
    )
}
