//! Scoring a segmentation against a reference: Pk (Beeferman, Berger & Lafferty 1999),
//! WindowDiff (Pevzner & Hearst 2002) and a boundary F1, plus the two trivial baselines; and the
//! gold sets (the dev set in `../shared/outline-dev/`, `tests/data/llamacon-gold.toml` and the
//! training set in `../shared/outline-train/`).
//!
//! Comparison-only code: shared by `tests/outline_eval.rs`, `examples/outline_eval` and
//! `examples/outline_fit.rs` (through `#[path]`), never part of the shipped binary.
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

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // research tools: a failure says where
#![allow(dead_code)]

use lector::transcript::{Document, Format};
use std::path::{Path, PathBuf};

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

/// One transcript of a gold file (`../shared/outline-dev/gold.toml` and the like).
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
    /// The publishers' chapter titles (the training set has them).
    #[serde(default)]
    pub titles: Vec<String>,
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
    /// Boundary F1 with a tolerance of 5% of the length.
    pub f1: f64,
}

impl Scores {
    /// The better (lower) Pk of the two trivial baselines.
    pub fn baseline_pk(&self) -> f64 {
        self.none_pk.min(self.even_pk)
    }
}

/// Boundary F1: predicted and gold boundaries (line 0 excluded) matched one to one when at most
/// `tolerance` lines apart, nearest first.
pub fn boundary_f1(n: usize, reference: &[usize], hypothesis: &[usize], tolerance: usize) -> f64 {
    let gold: Vec<usize> = reference
        .iter()
        .copied()
        .filter(|&s| s > 0 && s < n)
        .collect();
    let pred: Vec<usize> = hypothesis
        .iter()
        .copied()
        .filter(|&s| s > 0 && s < n)
        .collect();
    if gold.is_empty() && pred.is_empty() {
        return 1.0;
    }
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, &g) in gold.iter().enumerate() {
        for (j, &p) in pred.iter().enumerate() {
            if g.abs_diff(p) <= tolerance {
                pairs.push((g.abs_diff(p), i, j));
            }
        }
    }
    pairs.sort_unstable();
    let (mut used_g, mut used_p) = (vec![false; gold.len()], vec![false; pred.len()]);
    let mut matched = 0usize;
    for (_, i, j) in pairs {
        if !used_g[i] && !used_p[j] {
            used_g[i] = true;
            used_p[j] = true;
            matched += 1;
        }
    }
    if matched == 0 {
        return 0.0;
    }
    let p = matched as f64 / pred.len() as f64;
    let r = matched as f64 / gold.len() as f64;
    2.0 * p * r / (p + r)
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
        f1: boundary_f1(n, reference, hypothesis, (n as f64 * 0.05).round() as usize),
    }
}

/// One transcript with its gold outline, loaded.
pub struct Case {
    pub name: String,
    /// The show (the file name up to its first `_`): cross-validation folds group by it.
    pub show: String,
    pub lang: String,
    pub gold: Vec<usize>,
    pub titles: Vec<String>,
    pub doc: Document,
}

/// The tokens a title is compared by: character bigrams of its Chinese runs and its Latin words
/// (lowercase). A leading time (`10:17：`) is skipped.
pub fn title_tokens(title: &str) -> std::collections::HashSet<String> {
    let is_han = |c: char| lector::outline::tokenize::is_han(c);
    let title =
        title.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ':' | '：' | ' '));
    let mut out = std::collections::HashSet::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush =
        |han: &mut Vec<char>, word: &mut String, out: &mut std::collections::HashSet<String>| {
            for w in han.windows(2) {
                out.insert(w.iter().collect());
            }
            if han.len() == 1 {
                out.insert(han[0].to_string());
            }
            han.clear();
            if !word.is_empty() {
                out.insert(std::mem::take(word));
            }
        };
    for c in title.chars() {
        if is_han(c) {
            if !word.is_empty() {
                out.insert(std::mem::take(&mut word));
            }
            han.push(c);
        } else if c.is_alphanumeric() || (c == '.' && !word.is_empty()) {
            if !han.is_empty() {
                let mut w = String::new();
                flush(&mut han, &mut w, &mut out);
            }
            word.extend(c.to_lowercase());
        } else {
            flush(&mut han, &mut word, &mut out);
        }
    }
    flush(&mut han, &mut word, &mut out);
    out
}

/// The mean, over the publisher's chapters, of the share of a chapter title's tokens
/// ([`title_tokens`]) that the title of the topic covering most of that chapter contains.
/// `None` when the gold has no titles.
pub fn title_overlap(case: &Case, outline: &lector::outline::Outline) -> Option<f64> {
    if case.titles.is_empty() {
        return None;
    }
    let n = case.doc.len();
    // When the first chapter starts after line 1, the titles are those of the later starts.
    let starts: &[usize] = if case.titles.len() + 1 == case.gold.len() {
        &case.gold[1..]
    } else {
        &case.gold
    };
    let mut sum = 0.0;
    let mut count = 0;
    for (i, title) in case.titles.iter().enumerate() {
        let Some(&a) = starts.get(i) else { break };
        let b = starts.get(i + 1).copied().unwrap_or(n).min(n);
        // The topic covering most of a..b.
        let mut best: Option<(usize, &str)> = None;
        for (k, t) in outline.topics.iter().enumerate() {
            let end = outline.topics.get(k + 1).map_or(n, |u| u.line);
            let cover = end.min(b).saturating_sub(t.line.max(a));
            if cover > 0 && best.is_none_or(|(c, _)| cover > c) {
                best = Some((cover, t.title.as_str()));
            }
        }
        let want = title_tokens(title);
        if want.is_empty() {
            continue;
        }
        let have = best.map(|(_, t)| title_tokens(t)).unwrap_or_default();
        sum += want.iter().filter(|w| have.contains(*w)).count() as f64 / want.len() as f64;
        count += 1;
    }
    (count > 0).then(|| sum / f64::from(count))
}

/// The repository's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The training set's folder, `../shared/outline-train` beside the repository (or
/// `$LECTOR_OUTLINE_TRAIN`), if it is there.
pub fn train_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LECTOR_OUTLINE_TRAIN")
        .map_or_else(|| root().join("../shared/outline-train"), PathBuf::from);
    dir.join("gold.toml").is_file().then_some(dir)
}

/// Loads the transcripts of a gold file (their text beside it, or in `assets/`).
pub fn load_gold(path: &Path) -> Result<Vec<Case>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let golds = parse_gold(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut cases = Vec::new();
    for g in golds {
        let candidates = [dir.join(&g.file), root().join("assets").join(&g.file)];
        let text = candidates
            .iter()
            .find_map(|p| std::fs::read_to_string(p).ok())
            .ok_or_else(|| format!("{}: transcript not found", g.file))?;
        let doc = Document::new(g.file.clone(), Format::Plain, text);
        if doc.len() != g.lines {
            return Err(format!(
                "{}: {} lines, the gold says {}",
                g.file,
                doc.len(),
                g.lines
            ));
        }
        let show = g.file.split('_').next().unwrap_or(&g.file).to_string();
        cases.push(Case {
            name: g.file.trim_end_matches(".txt").to_string(),
            show,
            lang: g.lang.clone(),
            gold: g.starts0(),
            titles: g.titles.clone(),
            doc,
        });
    }
    Ok(cases)
}

/// The dev set's folder, `../shared/outline-dev` beside the repository (or
/// `$LECTOR_OUTLINE_DEV`), if it is there. Its transcripts are third-party text: read from
/// there, never copied into the repository.
pub fn dev_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("LECTOR_OUTLINE_DEV")
        .map_or_else(|| root().join("../shared/outline-dev"), PathBuf::from);
    dir.join("gold.toml").is_file().then_some(dir)
}

/// The dev set, if its folder is there.
pub fn dev_set() -> Option<Vec<Case>> {
    let dir = dev_dir()?;
    Some(load_gold(&dir.join("gold.toml")).expect("dev set"))
}

/// The bundled transcript with its gold outline.
pub fn bundled_case() -> Case {
    let mut cases = load_gold(&root().join("tests/data/llamacon-gold.toml")).expect("bundled gold");
    cases.remove(0)
}

/// The dev set (when it is there) and the bundled transcript.
pub fn dev_cases() -> Vec<Case> {
    let mut out = dev_set().unwrap_or_default();
    out.push(bundled_case());
    out
}

/// Says that a test is skipped because `what` (a folder of `../shared`) is not there; under CI,
/// where `.ci/run` runs beside `../shared`, fails instead.
pub fn skip_without(what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {what} is missing"
    );
    eprintln!("skipped: {what} is not there");
}

/// The training set, if its folder is there.
pub fn train_cases() -> Option<Vec<Case>> {
    let dir = train_dir()?;
    Some(load_gold(&dir.join("gold.toml")).expect("training set"))
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
    fn title_tokens_are_bigrams_and_words() {
        let t = title_tokens("10:17：蒸馏的定义 and Llama 4");
        for w in ["蒸馏", "馏的", "的定", "定义", "and", "llama", "4"] {
            assert!(t.contains(w), "{w} in {t:?}");
        }
        assert_eq!(t.len(), 7);
    }

    #[test]
    fn boundary_f1_matches_within_the_tolerance() {
        assert_eq!(boundary_f1(100, &[0, 50], &[0, 52], 5), 1.0);
        assert_eq!(boundary_f1(100, &[0, 50], &[0, 60], 5), 0.0);
        assert!((boundary_f1(100, &[0, 50, 80], &[0, 50], 5) - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn even_baseline() {
        assert_eq!(even_starts(10, 3), vec![0, 3, 6]);
        assert_eq!(even_starts(10, 1), vec![0]);
        assert_eq!(even_starts(2, 5), vec![0, 1]);
        assert_eq!(segment_count(10, &[0, 3, 6]), 3);
    }
}
