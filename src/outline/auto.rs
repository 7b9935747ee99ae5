//! The automatic outline: topic segmentation ([`super::segment`]) plus keyword titles
//! ([`super::titles`]), for transcripts without a sidecar or headings.
//!
//! The segmenter's model is fitted by `examples/outline_fit.rs` (cross-validated by show on the
//! training set) and scored by `examples/outline_eval`; the figures are in the README's "The
//! automatic outline".

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
