//! The automatic outline against gold outlines: the dev set (`../shared/outline-dev/`), the
//! bundled transcript, and the training set in `../shared/outline-train/` (a regression guard:
//! the shipped model must keep beating both trivial baselines there by a clear margin). Timing
//! must not change the topics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod outline_support;

use lector::outline::auto::auto_outline;
use lector::transcript::{Document, Format};
use outline_support::{Case, Scores};
use std::sync::atomic::AtomicBool;

/// The margin by which the mean Pk must beat each trivial baseline.
const MARGIN: f64 = 0.03;

fn outline_starts(doc: &Document) -> Vec<usize> {
    let cancel = AtomicBool::new(false);
    let outline = auto_outline(doc, &cancel, &mut |_| {}).expect("not cancelled");
    outline.topics.iter().map(|t| t.line).collect()
}

fn scores(cases: &[Case]) -> Vec<Scores> {
    cases
        .iter()
        .map(|c| {
            let s = outline_support::score(c.doc.len(), &c.gold, &outline_starts(&c.doc));
            eprintln!(
                "{}: Pk {:.3} WD {:.3} F1 {:.2} topics {} ({}) (none {:.3}, even {:.3})",
                c.name, s.pk, s.window_diff, s.f1, s.topics, s.gold_topics, s.none_pk, s.even_pk
            );
            s
        })
        .collect()
}

fn mean(s: &[Scores], f: impl Fn(&Scores) -> f64) -> f64 {
    s.iter().map(f).sum::<f64>() / s.len() as f64
}

fn assert_beats_the_baselines(label: &str, s: &[Scores]) {
    let (pk, none, even) = (
        mean(s, |s| s.pk),
        mean(s, |s| s.none_pk),
        mean(s, |s| s.even_pk),
    );
    eprintln!("{label}: mean Pk {pk:.3}, no boundaries {none:.3}, even {even:.3}");
    assert!(
        pk + MARGIN <= none,
        "{label}: mean Pk {pk:.3} must beat no boundaries ({none:.3}) by {MARGIN}"
    );
    assert!(
        pk + MARGIN <= even,
        "{label}: mean Pk {pk:.3} must beat evenly spaced boundaries ({even:.3}) by {MARGIN}"
    );
    assert!(
        mean(s, |s| s.window_diff) < mean(s, |s| s.even_wd),
        "{label}: mean WindowDiff must beat evenly spaced boundaries"
    );
}

#[test]
fn dev_set_mean_pk_beats_both_trivial_baselines() {
    if outline_support::dev_dir().is_none() {
        outline_support::skip_without("the dev set ../shared/outline-dev");
        return;
    }
    let cases = outline_support::dev_cases();
    assert!(cases.len() >= 3);
    let s = scores(&cases);
    assert_beats_the_baselines("dev set and bundled transcript", &s);
    let dev: Vec<Scores> = cases
        .iter()
        .zip(&s)
        .filter(|(c, _)| !c.name.starts_with("llamacon"))
        .map(|(_, s)| *s)
        .collect();
    assert_beats_the_baselines("dev set", &dev);
}

#[test]
fn training_set_mean_pk_beats_both_trivial_baselines() {
    let Some(cases) = outline_support::train_cases() else {
        outline_support::skip_without("the training set ../shared/outline-train");
        return;
    };
    let s = scores(&cases);
    assert_beats_the_baselines("training set", &s);
    // The number of topics is not won by giving too few (Pk's weakness).
    let ratio = mean(&s, |s| s.topics as f64 / s.gold_topics as f64);
    assert!(
        (0.6..=1.4).contains(&ratio),
        "mean predicted/gold topic count {ratio:.2}"
    );
}

#[test]
fn the_bundled_transcript_gets_a_reader_s_number_of_topics() {
    let c = outline_support::bundled_case();
    let s = scores(std::slice::from_ref(&c))[0];
    assert!(s.topics >= 10, "{} topics", s.topics);
    assert!(s.pk <= 0.40, "Pk {:.3}", s.pk);
}

/// Start times (ms) of the cues of an SRT file, one per cue.
fn srt_times(srt: &str) -> Vec<u32> {
    let ms = |t: &str| -> u32 {
        let t = t.trim().replace(',', ":");
        let parts: Vec<u32> = t.split(':').filter_map(|p| p.parse().ok()).collect();
        match parts[..] {
            [h, m, s, f] => ((h * 60 + m) * 60 + s) * 1000 + f,
            _ => panic!("bad time {t}"),
        }
    };
    srt.lines()
        .filter_map(|l| l.split_once("-->"))
        .map(|(start, _)| ms(start))
        .collect()
}

#[test]
fn times_do_not_change_the_topics() {
    let Some(dir) = outline_support::dev_dir() else {
        outline_support::skip_without("the dev set ../shared/outline-dev");
        return;
    };
    for c in outline_support::dev_cases() {
        let srt = dir.join(format!("{}.srt", c.name));
        let Ok(srt) = std::fs::read_to_string(&srt) else {
            continue;
        };
        let times = srt_times(&srt);
        assert_eq!(times.len(), c.doc.len(), "{}: one cue per line", c.name);
        let srt_doc = Document::new(c.doc.name.clone(), Format::Srt, c.doc.text().to_string())
            .with_times(times);
        let cancel = AtomicBool::new(false);
        let a = auto_outline(&c.doc, &cancel, &mut |_| {}).expect("not cancelled");
        let b = auto_outline(&srt_doc, &cancel, &mut |_| {}).expect("not cancelled");
        assert_eq!(a, b, "{}", c.name);
    }
}
