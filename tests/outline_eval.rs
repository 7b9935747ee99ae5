//! The automatic outline against the gold outlines of the dev set (`tests/data/outline-dev/`)
//! and of the bundled transcript: it must beat both trivial baselines, and timing must not
//! change the topics.

use lector::outline::auto::auto_outline;
use lector::outline::eval::{self, GoldTranscript};
use lector::transcript::{Document, Format};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (gold, text, the gold file's directory) for every transcript with a gold outline.
fn golds() -> Vec<(GoldTranscript, String, PathBuf)> {
    let mut out = Vec::new();
    for file in [
        "tests/data/outline-dev/gold.toml",
        "tests/data/llamacon-gold.toml",
    ] {
        let path = root().join(file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            // The bundled transcript's gold may be missing on an old checkout: skip it.
            assert!(
                !file.contains("outline-dev"),
                "the dev set must be there: {file}"
            );
            continue;
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for g in eval::parse_gold(&text).expect("gold parses") {
            let text = [dir.join(&g.file), root().join("assets").join(&g.file)]
                .iter()
                .find_map(|p| std::fs::read_to_string(p).ok())
                .unwrap_or_else(|| panic!("transcript {} not found", g.file));
            out.push((g, text, dir.clone()));
        }
    }
    out
}

fn outline_starts(doc: &Document) -> Vec<usize> {
    let cancel = AtomicBool::new(false);
    let outline = auto_outline(doc, &cancel, &mut |_| {}).expect("not cancelled");
    outline.topics.iter().map(|t| t.line).collect()
}

#[test]
fn dev_set_mean_pk_beats_both_trivial_baselines() {
    let golds = golds();
    assert!(golds.len() >= 2);
    let (mut pk, mut none, mut even, mut wd, mut even_wd) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for (g, text, _) in &golds {
        let doc = Document::new(g.file.clone(), Format::Plain, text.clone());
        assert_eq!(doc.len(), g.lines, "{}: line count", g.file);
        let s = eval::score(doc.len(), &g.starts0(), &outline_starts(&doc));
        eprintln!(
            "{}: Pk {:.3} (none {:.3}, even {:.3})",
            g.file, s.pk, s.none_pk, s.even_pk
        );
        pk += s.pk;
        none += s.none_pk;
        even += s.even_pk;
        wd += s.window_diff;
        even_wd += s.even_wd;
    }
    assert!(pk < none, "mean Pk {pk} must beat no boundaries {none}");
    assert!(
        pk < even,
        "mean Pk {pk} must beat evenly spaced boundaries {even}"
    );
    assert!(
        wd < even_wd,
        "mean WindowDiff {wd} must beat evenly spaced boundaries {even_wd}"
    );
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
    for (g, text, dir) in golds() {
        let Some(srt) = &g.srt else { continue };
        let srt = std::fs::read_to_string(dir.join(srt)).expect("srt readable");
        let times = srt_times(&srt);
        assert_eq!(times.len(), g.lines, "{}: one cue per line", g.file);
        let plain = Document::new(g.file.clone(), Format::Plain, text.clone());
        let timed = Document::new(g.file.clone(), Format::Srt, text).with_times(times);
        let cancel = AtomicBool::new(false);
        let a = auto_outline(&plain, &cancel, &mut |_| {}).expect("not cancelled");
        let b = auto_outline(&timed, &cancel, &mut |_| {}).expect("not cancelled");
        assert_eq!(a, b, "{}", g.file);
    }
}
