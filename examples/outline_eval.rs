//! Scores the automatic outline against the gold outlines of the dev set.
//!
//! `cargo run --release --example outline_eval` prints, per transcript and on average, Pk and
//! WindowDiff (k = half the mean gold segment length) of the automatic outline and of two trivial
//! baselines (no boundaries; evenly spaced boundaries, as many as the gold has), and the number
//! of topics. `-- --titles` also prints the outlines; `-- --compare` scores the alternative
//! methods and settings side by side.

use lector::outline::auto::auto_outline_with;
use lector::outline::eval::{self, GoldTranscript, Scores};
use lector::outline::segment::{self, Method, Params};
use lector::outline::tokenize::HanTokens;
use lector::transcript::{Document, Format};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

const GOLD_FILES: &[&str] = &[
    "tests/data/outline-dev/gold.toml",
    "tests/data/llamacon-gold.toml",
];

struct Case {
    name: String,
    gold: Vec<usize>,
    doc: Document,
}

fn load_cases(root: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    for gold_file in GOLD_FILES {
        let path = root.join(gold_file);
        let Ok(text) = std::fs::read_to_string(&path) else {
            eprintln!("skipping {} (not found)", path.display());
            continue;
        };
        let golds: Vec<GoldTranscript> = match eval::parse_gold(&text) {
            Ok(g) => g,
            Err(e) => {
                eprintln!("skipping {}: {e}", path.display());
                continue;
            }
        };
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        for g in golds {
            let candidates: [PathBuf; 2] = [dir.join(&g.file), root.join("assets").join(&g.file)];
            let Some(text) = candidates
                .iter()
                .find_map(|p| std::fs::read_to_string(p).ok())
            else {
                eprintln!("skipping {} (transcript not found)", g.file);
                continue;
            };
            let doc = Document::new(g.file.clone(), Format::Plain, text);
            if doc.len() != g.lines {
                eprintln!(
                    "note: {} has {} lines, gold says {}",
                    g.file,
                    doc.len(),
                    g.lines
                );
            }
            cases.push(Case {
                name: g.file.clone(),
                gold: g.starts0(),
                doc,
            });
        }
    }
    cases
}

fn run(cases: &[Case], params: &Params) -> Vec<(Scores, f64)> {
    run_with(cases, params, false)
}

/// `oracle_count`: diagnostic only — takes the number of topics from the gold.
fn run_with(cases: &[Case], params: &Params, oracle_count: bool) -> Vec<(Scores, f64)> {
    let cancel = AtomicBool::new(false);
    cases
        .iter()
        .map(|c| {
            let mut params = *params;
            if oracle_count {
                params.lines_per_topic =
                    c.doc.len() as f64 / eval::segment_count(c.doc.len(), &c.gold) as f64;
            }
            let params = &params;
            let t = Instant::now();
            let starts = segment::segment(&c.doc, params, &cancel, &mut |_| {}).unwrap_or_default();
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            (eval::score(c.doc.len(), &c.gold, &starts), ms)
        })
        .collect()
}

fn mean(scores: &[(Scores, f64)], f: impl Fn(&Scores) -> f64) -> f64 {
    scores.iter().map(|(s, _)| f(s)).sum::<f64>() / scores.len().max(1) as f64
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let cases = load_cases(&root);
    if cases.is_empty() {
        eprintln!("no gold transcripts found");
        return;
    }
    // Build jieba's dictionary once, outside the timings.
    let _ = lector::outline::tokenize::jieba();

    if args.iter().any(|a| a == "--compare") {
        compare(&cases);
        return;
    }
    let params = Params::default();
    let scores = run(&cases, &params);
    println!(
        "{:<40} {:>5} {:>3} {:>6} {:>6} {:>6}  {:>6} {:>6}  {:>6} {:>6}  {:>7}",
        "transcript", "lines", "k", "topics", "Pk", "WD", "noneP", "noneW", "evenP", "evenW", "ms"
    );
    for (c, (s, ms)) in cases.iter().zip(&scores) {
        println!(
            "{:<40} {:>5} {:>3} {:>2}/{:<3} {:>6.3} {:>6.3}  {:>6.3} {:>6.3}  {:>6.3} {:>6.3}  {:>7.1}",
            c.name,
            c.doc.len(),
            s.k,
            s.topics,
            s.gold_topics,
            s.pk,
            s.window_diff,
            s.none_pk,
            s.none_wd,
            s.even_pk,
            s.even_wd,
            ms
        );
    }
    println!(
        "{:<40} {:>5} {:>3} {:>6} {:>6.3} {:>6.3}  {:>6.3} {:>6.3}  {:>6.3} {:>6.3}",
        "mean",
        "",
        "",
        "",
        mean(&scores, |s| s.pk),
        mean(&scores, |s| s.window_diff),
        mean(&scores, |s| s.none_pk),
        mean(&scores, |s| s.none_wd),
        mean(&scores, |s| s.even_pk),
        mean(&scores, |s| s.even_wd),
    );
    if args.iter().any(|a| a == "--titles") {
        let cancel = AtomicBool::new(false);
        for c in &cases {
            println!(
                "\n{} (gold starts, 1-based: {:?})",
                c.name,
                c.gold.iter().map(|g| g + 1).collect::<Vec<_>>()
            );
            if let Some(o) = auto_outline_with(&c.doc, &params, &cancel, &mut |_| {}) {
                for t in &o.topics {
                    println!("  {:>5}  {}", t.line + 1, t.title);
                }
            }
        }
    }
}

/// Scores the alternatives tried, one line each.
fn compare(cases: &[Case]) {
    let dp = Params::default();
    let tiling = Params {
        method: Method::Tiling,
        ..dp
    };
    let c99 = Params {
        method: Method::C99,
        ..dp
    };
    let words = HanTokens::Words;
    let variants: Vec<(&str, Params)> = vec![
        ("DP (default)", dp),
        ("DP, zh jieba words", Params { han: words, ..dp }),
        (
            "DP, dropping tokens seen in one line",
            Params { min_df: 2, ..dp },
        ),
        ("DP, tokens in 3+ lines only", Params { min_df: 3, ..dp }),
        (
            "DP, no cue/pause prior",
            Params {
                cue_weight: 0.0,
                pause_weight: 0.0,
                ..dp
            },
        ),
        (
            "DP, cue prior 8 nats",
            Params {
                cue_weight: 8.0,
                ..dp
            },
        ),
        ("DP, alpha 0.5", Params { alpha: 0.5, ..dp }),
        ("DP, alpha 0.02", Params { alpha: 0.02, ..dp }),
        ("DP, sigma 0.3", Params { sigma: 0.3, ..dp }),
        ("DP, sigma 1.2", Params { sigma: 1.2, ..dp }),
        ("DP, max len 4", Params { max_len: 4.0, ..dp }),
        (
            "DP, min topic 0.2",
            Params {
                min_spacing: 0.2,
                ..dp
            },
        ),
        (
            "DP, min topic 0.45",
            Params {
                min_spacing: 0.45,
                ..dp
            },
        ),
        (
            "DP, 60 lines/topic",
            Params {
                lines_per_topic: 60.0,
                ..dp
            },
        ),
        (
            "DP, 70 lines/topic",
            Params {
                lines_per_topic: 70.0,
                ..dp
            },
        ),
        (
            "DP, 90 lines/topic",
            Params {
                lines_per_topic: 90.0,
                ..dp
            },
        ),
        (
            "DP, 100 lines/topic",
            Params {
                lines_per_topic: 100.0,
                ..dp
            },
        ),
        ("tiling", tiling),
        (
            "tiling, zh jieba words",
            Params {
                han: words,
                ..tiling
            },
        ),
        (
            "tiling, Hearst's 10-line windows",
            Params {
                window: 10,
                smooth: 1,
                ..tiling
            },
        ),
        (
            "tiling, window 20",
            Params {
                window: 20,
                ..tiling
            },
        ),
        (
            "tiling, window 50",
            Params {
                window: 50,
                ..tiling
            },
        ),
        (
            "tiling, no smoothing",
            Params {
                smooth: 0,
                ..tiling
            },
        ),
        (
            "tiling, smoothing 5",
            Params {
                smooth: 5,
                ..tiling
            },
        ),
        (
            "tiling, no idf",
            Params {
                idf: false,
                ..tiling
            },
        ),
        (
            "tiling, no cues",
            Params {
                cue_weight: 0.0,
                ..tiling
            },
        ),
        ("C99", c99),
        ("C99, zh jieba words", Params { han: words, ..c99 }),
    ];
    print!("{:<34}", "variant (Pk per transcript)");
    for c in cases {
        print!(" {:>8.8}", c.name);
    }
    println!(" {:>7} {:>7}", "mean Pk", "mean WD");
    let oracle = std::env::var("ORACLE_COUNT").is_ok();
    for (name, p) in variants {
        let scores = run_with(cases, &p, oracle);
        print!("{name:<34}");
        for (s, _) in &scores {
            print!(" {:>8.3}", s.pk);
        }
        println!(
            " {:>7.3} {:>7.3}",
            mean(&scores, |s| s.pk),
            mean(&scores, |s| s.window_diff)
        );
    }
}
