//! Topic segmentation: where the topics of a transcript start.
//!
//! Lines become content tokens ([`super::tokenize`]): stemmed Latin words without stopwords, and
//! character bigrams for Chinese (on the dev set they beat jieba words, and cost no dictionary).
//! Up to [`DP_MAX_LINES`] lines, a learned boundary model ([`super::features`],
//! [`super::model`]) scores every gap and the dynamic programme of [`super::dp`] picks the
//! topics and their number; longer documents are tiled ([`super::tiling`]) in linear time and
//! bounded memory.

use super::model::{Boundary, DpSettings, Model};
use super::tokenize::{HanTokens, LineTokens, Tokenizer};
use super::{dp, features, tiling};
use crate::transcript::Document;
use std::sync::atomic::AtomicBool;

/// Above this many lines the DP gives way to tiling.
pub const DP_MAX_LINES: usize = 6_000;

/// Segmentation parameters. [`Params::default`] is what the app uses: the embedded model
/// (`assets/outline-model.toml`). `examples/outline_fit.rs` and `examples/outline_eval.rs`
/// try others.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub han: HanTokens,
    /// The learned boundary model.
    pub boundary: Boundary,
    /// The DP's settings, number of topics included.
    pub dp: DpSettings,
    /// Tiling: lines per topic (the number of topics of a long document is its length over this).
    pub lines_per_topic: f64,
    /// Tiling: minimum lines of a topic, as a fraction of `lines_per_topic`.
    pub min_spacing: f64,
    /// Tiling: the bonus of a gap at a discourse cue, in fifths of the mean depth.
    pub cue_weight: f32,
    /// Tiling: the same after a long pause of a timed transcript.
    pub pause_weight: f32,
    /// Tiling: lines on each side of a gap.
    pub window: usize,
    /// Tiling: half-width of the moving average over the similarity curve.
    pub smooth: usize,
    /// Tiling: weight tokens by idf (over lines) in the cosine.
    pub idf: bool,
}

impl Default for Params {
    fn default() -> Self {
        let model = Model::embedded();
        Params {
            han: HanTokens::Bigrams,
            boundary: model.boundary,
            dp: model.dp,
            lines_per_topic: 200.0,
            min_spacing: 0.3,
            cue_weight: tiling::CUE_LOG_ODDS,
            pause_weight: tiling::CUE_LOG_ODDS,
            window: 35,
            smooth: 2,
            idf: true,
        }
    }
}

impl Params {
    /// Tiling: the number of topics for an `n`-line document.
    pub fn topic_count(&self, n: usize) -> usize {
        ((n as f64 / self.lines_per_topic.max(1.0)).round() as usize).max(1)
    }

    /// Tiling: minimum lines of a topic.
    pub fn spacing(&self) -> usize {
        ((self.lines_per_topic * self.min_spacing).round() as usize).max(2)
    }
}

/// What the DP weighs: the tokens of every line, the boundary model's log-odds at every gap,
/// and the gaps where the lexical evidence alone peaks.
pub struct Evidence {
    pub tokens: LineTokens,
    pub log_odds: Vec<f32>,
    pub peaks: Vec<usize>,
}

/// The [`Evidence`] of `doc`.
pub fn evidence(doc: &Document, params: &Params, cancel: &AtomicBool) -> Option<Evidence> {
    let tokens = Tokenizer::new(params.han).lines(doc, 0..doc.len(), cancel)?;
    let f = features::compute(doc, &tokens);
    Some(Evidence {
        log_odds: params.boundary.log_odds(&f),
        peaks: features::lexical_peaks(&f),
        tokens,
    })
}

/// Segments `doc`: returns the sorted 0-based start lines of its topics, the first being 0.
/// `progress` gets fractions in `0.0..=1.0`; `None` when `cancel` was set.
pub fn segment(
    doc: &Document,
    params: &Params,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Vec<usize>> {
    let n = doc.len();
    let mut starts = if n > DP_MAX_LINES {
        let topics = params.topic_count(n);
        let spacing = params.spacing();
        if topics <= 1 || n < 2 * spacing {
            Vec::new()
        } else {
            tiling::segment(doc, params, topics, spacing, cancel, progress)?
        }
    } else if n < 2 * dp::min_lines(n, &params.dp) {
        // Too short for two topics (a transcript of one long line): the DP would find none.
        Vec::new()
    } else {
        let e = evidence(doc, params, cancel)?;
        progress(0.3);
        if e.tokens.ids.is_empty() {
            // Nothing but punctuation, numbers and stopwords: nothing to segment by.
            Vec::new()
        } else {
            dp::segment(
                &e.tokens,
                &e.log_odds,
                &e.peaks,
                &params.dp,
                cancel,
                &mut |f| progress(0.3 + 0.7 * f),
            )?
        }
    };
    starts.push(0);
    starts.sort_unstable();
    starts.dedup();
    progress(1.0);
    Some(starts)
}
