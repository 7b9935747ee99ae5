//! The automatic outline: topic segmentation ([`super::segment`]) plus keyword titles
//! ([`super::titles`]), for transcripts without a sidecar or headings.
//!
//! Measured by `cargo run --release --example outline_eval` against the dev set's gold chapters
//! (Pk / WindowDiff, k = half the mean gold segment; lower is better):
//!
//! | transcript                         | lines | topics (gold) | Pk    | WD    | none  | even  |
//! |------------------------------------|-------|---------------|-------|-------|-------|-------|
//! | en_dwarkesh_zuckerberg_2024        | 682   | 9 (8)         | 0.227 | 0.241 | 0.418 | 0.463 |
//! | zh_sv101_tian_yuandong_rsi         | 843   | 11 (10)       | 0.337 | 0.340 | 0.469 | 0.537 |
//! | llamacon-zuckerberg.zh (bundled)   | 313   | 4 (10)        | 0.444 | 0.444 | 0.485 | 0.364 |
//! | mean                               |       |               | 0.336 | 0.342 | 0.457 | 0.455 |
//!
//! ("none": no boundaries; "even": evenly spaced boundaries, as many as the gold has.) The
//! number of topics comes from the length only, so the densely chaptered bundled summary gets
//! too few. Pk moves by ~0.1 when one boundary moves, so with three transcripts only large
//! differences between methods mean anything; see `--compare` for the alternatives tried.

use super::segment::{self, Params};
use super::{Outline, Source, Topic, titles};
use crate::transcript::Document;
use std::sync::atomic::AtomicBool;

/// Computes the automatic outline. `cancel` is polled; returns None if cancelled.
/// `progress` receives a fraction 0.0..=1.0 now and then.
pub fn auto_outline(
    doc: &Document,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Outline> {
    auto_outline_with(doc, &Params::default(), cancel, progress)
}

/// [`auto_outline`] with explicit segmentation parameters.
pub fn auto_outline_with(
    doc: &Document,
    params: &Params,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Outline> {
    if doc.text().trim().is_empty() {
        // Nothing to segment or name: the one topic is named after the file.
        let topic = Topic {
            line: 0,
            title: doc.name.clone(),
            level: 1,
        };
        return Some(Outline::new(vec![topic], Source::Automatic, doc.len()));
    }
    let starts = segment::segment(doc, params, cancel, &mut |f| progress(0.8 * f))?;
    titled(doc, starts, cancel, progress)
}

/// The automatic outline with topics starting at `starts`: names them with keywords (the last
/// fifth of the progress).
pub(super) fn titled(
    doc: &Document,
    starts: Vec<usize>,
    cancel: &AtomicBool,
    progress: &mut dyn FnMut(f32),
) -> Option<Outline> {
    let titles = titles::titles(doc, &starts, cancel, &mut |f| progress(0.8 + 0.2 * f))?;
    let topics = starts
        .into_iter()
        .zip(titles)
        .map(|(line, title)| Topic {
            line,
            title,
            level: 1,
        })
        .collect();
    progress(1.0);
    Some(Outline::new(topics, Source::Automatic, doc.len()))
}
