//! Scoring a segmentation against a reference: Pk (Beeferman, Berger & Lafferty 1999) and
//! WindowDiff (Pevzner & Hearst 2002), plus the two trivial baselines.
//!
//! A segmentation of an `n`-line text is given by the 0-based lines where segments start (line 0
//! is always a start; it may be listed or not; starts outside `1..n` are ignored).
//!
//! With a window of `k` lines, for every `i` in `0..n - k`:
//! - **Pk** counts an error when the reference and the hypothesis disagree on whether lines `i`
//!   and `i + k` are in the same segment;
//! - **WindowDiff** counts an error when they disagree on how many segments start in
//!   `i + 1 ..= i + k`.
//!
//! Both are divided by `n - k`; 0 is perfect. `k` is conventionally half the mean reference
//! segment length ([`default_k`]).

/// Which lines of `0..n` start a segment (line 0 excluded): `starts_at[j]` for `j` in `0..n`.
fn start_marks(n: usize, starts: &[usize]) -> Vec<bool> {
    let mut marks = vec![false; n];
    for &s in starts {
        if s > 0 && s < n {
            marks[s] = true;
        }
    }
    marks
}

/// Prefix counts of segment starts: `c[j]` = starts among lines `1..j` (so `c[j + 1] - c[i + 1]`
/// counts the starts in `i + 1 ..= j`).
fn prefix(marks: &[bool]) -> Vec<u32> {
    let mut c = Vec::with_capacity(marks.len() + 1);
    let mut sum = 0;
    c.push(0);
    for &m in marks {
        sum += u32::from(m);
        c.push(sum);
    }
    c
}

/// Number of segments of a segmentation of `n` lines.
pub fn segment_count(n: usize, starts: &[usize]) -> usize {
    start_marks(n, starts).iter().filter(|&&m| m).count() + 1
}

/// Half the mean segment length of `reference`, rounded, at least 1.
pub fn default_k(n: usize, reference: &[usize]) -> usize {
    let segments = segment_count(n, reference);
    ((n as f64 / segments as f64 / 2.0).round() as usize).max(1)
}

/// Starts in each window `i + 1 ..= i + k`, for `i` in `0..n - k`.
fn window_counts(n: usize, k: usize, starts: &[usize]) -> Vec<u32> {
    let c = prefix(&start_marks(n, starts));
    (0..n.saturating_sub(k))
        .map(|i| c[i + k + 1] - c[i + 1])
        .collect()
}

/// Pk of `hypothesis` against `reference` on an `n`-line text with window `k`. 0 when the text
/// is not longer than `k`.
pub fn pk(n: usize, reference: &[usize], hypothesis: &[usize], k: usize) -> f64 {
    let r = window_counts(n, k, reference);
    let h = window_counts(n, k, hypothesis);
    if r.is_empty() {
        return 0.0;
    }
    let errors = r
        .iter()
        .zip(&h)
        .filter(|(a, b)| (**a > 0) != (**b > 0))
        .count();
    errors as f64 / r.len() as f64
}

/// WindowDiff of `hypothesis` against `reference` on an `n`-line text with window `k`.
pub fn window_diff(n: usize, reference: &[usize], hypothesis: &[usize], k: usize) -> f64 {
    let r = window_counts(n, k, reference);
    let h = window_counts(n, k, hypothesis);
    if r.is_empty() {
        return 0.0;
    }
    let errors = r.iter().zip(&h).filter(|(a, b)| a != b).count();
    errors as f64 / r.len() as f64
}

/// The "even" baseline: `segments` segments of (nearly) equal length.
pub fn even_starts(n: usize, segments: usize) -> Vec<usize> {
    let segments = segments.clamp(1, n.max(1));
    (0..segments).map(|i| i * n / segments).collect()
}

/// One transcript of a gold file (`tests/data/outline-dev/gold.toml` and the like).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct GoldTranscript {
    /// The plain-text transcript, relative to the gold file (or to `assets/`).
    pub file: String,
    /// The same lines as SubRip cues, if there is such a file.
    #[serde(default)]
    pub srt: Option<String>,
    pub lang: String,
    pub lines: usize,
    /// 1-based lines where topics start.
    pub starts: Vec<usize>,
}

impl GoldTranscript {
    /// The 0-based start lines.
    pub fn starts0(&self) -> Vec<usize> {
        self.starts.iter().map(|s| s.saturating_sub(1)).collect()
    }
}

#[derive(serde::Deserialize)]
struct GoldFile {
    transcript: Vec<GoldTranscript>,
}

/// Parses a gold file: `[[transcript]]` tables with `file`, `lang`, `lines`, `starts`.
pub fn parse_gold(text: &str) -> Result<Vec<GoldTranscript>, toml::de::Error> {
    Ok(toml::from_str::<GoldFile>(text)?.transcript)
}

/// The scores of one hypothesis against a gold segmentation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scores {
    pub k: usize,
    pub pk: f64,
    pub window_diff: f64,
    /// Pk and WindowDiff of the "no boundaries" baseline.
    pub none_pk: f64,
    pub none_wd: f64,
    /// Pk and WindowDiff of evenly spaced boundaries, as many as the gold has.
    pub even_pk: f64,
    pub even_wd: f64,
    pub gold_topics: usize,
    pub topics: usize,
}

/// Scores `hypothesis` and both baselines against `reference` on an `n`-line text.
pub fn score(n: usize, reference: &[usize], hypothesis: &[usize]) -> Scores {
    let k = default_k(n, reference);
    let gold_topics = segment_count(n, reference);
    let even = even_starts(n, gold_topics);
    Scores {
        k,
        pk: pk(n, reference, hypothesis, k),
        window_diff: window_diff(n, reference, hypothesis, k),
        none_pk: pk(n, reference, &[0], k),
        none_wd: window_diff(n, reference, &[0], k),
        even_pk: pk(n, reference, &even, k),
        even_wd: window_diff(n, reference, &even, k),
        gold_topics,
        topics: segment_count(n, hypothesis),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 12 lines, one reference boundary at line 6; k = 12 / 2 segments / 2 = 3; 9 windows.

    #[test]
    fn k_is_half_the_mean_segment() {
        assert_eq!(default_k(12, &[0, 6]), 3);
        assert_eq!(default_k(100, &[0, 20, 40, 60, 80]), 10);
        assert_eq!(default_k(3, &[0]), 2);
        assert_eq!(default_k(1, &[0]), 1);
    }

    #[test]
    fn perfect_is_zero() {
        assert_eq!(pk(12, &[0, 6], &[0, 6], 3), 0.0);
        assert_eq!(window_diff(12, &[0, 6], &[6], 3), 0.0);
    }

    #[test]
    fn no_boundaries_misses_the_windows_over_the_reference_boundary() {
        // Windows (i, i + 3] holding line 6: i = 3, 4, 5.
        assert!((pk(12, &[0, 6], &[0], 3) - 3.0 / 9.0).abs() < 1e-12);
        assert!((window_diff(12, &[0, 6], &[0], 3) - 3.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn a_near_miss_costs_the_non_overlapping_windows() {
        // Hypothesis boundary at 7 covers i = 4, 5, 6; reference 3, 4, 5: errors at 3 and 6.
        assert!((pk(12, &[0, 6], &[0, 7], 3) - 2.0 / 9.0).abs() < 1e-12);
        assert!((window_diff(12, &[0, 6], &[0, 7], 3) - 2.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn window_diff_counts_extra_boundaries_that_pk_forgives() {
        // Hypothesis starts 5 and 7: counts per window i=2..6 are 1,1,2,1,1; reference 0,1,1,1,0.
        // Pk errors at i = 2, 6 (both "different"); WindowDiff also at i = 4 (2 vs 1).
        assert!((pk(12, &[0, 6], &[0, 5, 7], 3) - 2.0 / 9.0).abs() < 1e-12);
        assert!((window_diff(12, &[0, 6], &[0, 5, 7], 3) - 3.0 / 9.0).abs() < 1e-12);
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(pk(2, &[0, 1], &[0], 3), 0.0);
        assert_eq!(window_diff(0, &[], &[], 1), 0.0);
        // Out-of-range starts are ignored.
        assert_eq!(pk(12, &[0, 6, 40], &[6, 12], 3), 0.0);
    }

    #[test]
    fn even_baseline() {
        assert_eq!(even_starts(10, 3), vec![0, 3, 6]);
        assert_eq!(even_starts(10, 1), vec![0]);
        assert_eq!(even_starts(2, 5), vec![0, 1]);
        assert_eq!(segment_count(10, &[0, 3, 6]), 3);
    }
}
