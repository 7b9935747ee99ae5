//! Scores the automatic outline against gold outlines.
//!
//! ```sh
//! cargo run --release --example outline_eval              # dev set + bundled transcript
//! cargo run --release --example outline_eval -- --train   # …and the training set (in-sample)
//! cargo run --release --example outline_eval -- --titles  # …and print the outlines
//! cargo run --release --example outline_eval -- --compare # the alternatives, side by side
//! ```
//!
//! Per transcript: Pk and WindowDiff (k = half the mean gold segment length), boundary F1
//! (±5% of the length), the number of topics, the two trivial baselines (no boundaries; evenly
//! spaced boundaries, as many as the gold has), the title overlap with the publisher's titles
//! where the gold has them, and the time taken. The training set's cross-validated figures
//! come from `examples/outline_fit.rs`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // research tools: a failure says where

mod c99;
#[path = "../../tests/outline_support/mod.rs"]
mod support;

use lector::outline::auto::auto_outline_with;
use lector::outline::segment::{self, Params};
use lector::outline::tokenize::Tokenizer;
use lector::outline::{dp, tiling};
use std::sync::atomic::AtomicBool;
use std::time::Instant;
use support::{Case, Scores};

fn mean(xs: &[(Scores, f64)], f: impl Fn(&Scores) -> f64) -> f64 {
    xs.iter().map(|(s, _)| f(s)).sum::<f64>() / xs.len().max(1) as f64
}

/// Starts of one method on one transcript.
type Method = fn(&Case, &Params) -> Vec<usize>;

fn model(c: &Case, p: &Params) -> Vec<usize> {
    let never = AtomicBool::new(false);
    segment::segment(&c.doc, p, &never, &mut |_| {}).unwrap_or_default()
}

fn cohesion_only(c: &Case, p: &Params) -> Vec<usize> {
    let p = Params {
        dp: lector::outline::model::DpSettings {
            boundary: 0.0,
            ..p.dp
        },
        ..p.clone()
    };
    // The candidates still come from the model's peaks; every line would be too slow here.
    let never = AtomicBool::new(false);
    let e = segment::evidence(&c.doc, &p, &never).expect("not cancelled");
    let mut s =
        dp::segment(&e.tokens, &e.log_odds, &e.peaks, &p.dp, &never, &mut |_| {}).expect("dp");
    s.insert(0, 0);
    s
}

fn tiling_gold_count(c: &Case, p: &Params) -> Vec<usize> {
    let never = AtomicBool::new(false);
    let topics = support::segment_count(c.doc.len(), &c.gold);
    let spacing = (c.doc.len() / topics / 3).max(2);
    let mut s = tiling::segment(&c.doc, p, topics, spacing, &never, &mut |_| {}).expect("tiling");
    s.insert(0, 0);
    s
}

fn c99_gold_count(c: &Case, p: &Params) -> Vec<usize> {
    let never = AtomicBool::new(false);
    let topics = support::segment_count(c.doc.len(), &c.gold);
    let tokens = Tokenizer::new(p.han)
        .lines(&c.doc, 0..c.doc.len(), &never)
        .expect("tokens");
    let spacing = (c.doc.len() / topics / 3).max(2);
    let mut s = c99::c99(&tokens, topics, spacing, &never).expect("c99");
    s.insert(0, 0);
    s
}

fn run(cases: &[Case], p: &Params, method: Method) -> Vec<(Scores, f64)> {
    cases
        .iter()
        .map(|c| {
            let t = Instant::now();
            let starts = method(c, p);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            (support::score(c.doc.len(), &c.gold, &starts), ms)
        })
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut cases = support::dev_cases();
    if args.iter().any(|a| a == "--train" || a == "--compare") {
        match support::train_cases() {
            Some(t) => cases.extend(t),
            None => eprintln!("the training set is not there: ../shared/outline-train"),
        }
    }
    let params = Params::default();
    if args.iter().any(|a| a == "--compare") {
        let methods: [(&str, Method); 4] = [
            ("learned boundaries + DP (shipped)", model),
            ("DP, cohesion only", cohesion_only),
            ("TextTiling, gold count", tiling_gold_count),
            ("C99, gold count", c99_gold_count),
        ];
        println!("| method | mean Pk | mean WindowDiff | mean F1 |\n|---|---|---|---|");
        for (name, m) in methods {
            let s = run(&cases, &params, m);
            println!(
                "| {name} | {:.3} | {:.3} | {:.2} |",
                mean(&s, |s| s.pk),
                mean(&s, |s| s.window_diff),
                mean(&s, |s| s.f1)
            );
        }
        return;
    }
    let never = AtomicBool::new(false);
    println!(
        "| transcript | lines | topics (gold) | Pk | WindowDiff | F1 ±5% | no boundaries | even | title overlap | ms |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let mut all = Vec::new();
    for c in &cases {
        let t = Instant::now();
        let o = auto_outline_with(&c.doc, &params, &never, &mut |_| {}).expect("not cancelled");
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        let starts: Vec<usize> = o.topics.iter().map(|t| t.line).collect();
        let s = support::score(c.doc.len(), &c.gold, &starts);
        let overlap =
            support::title_overlap(c, &o).map_or("–".to_string(), |v| format!("{v:.2}"));
        println!(
            "| {} | {} | {} ({}) | {:.3} | {:.3} | {:.2} | {:.3} | {:.3} | {overlap} | {ms:.0} |",
            c.name,
            c.doc.len(),
            s.topics,
            s.gold_topics,
            s.pk,
            s.window_diff,
            s.f1,
            s.none_pk,
            s.even_pk
        );
        all.push((s, ms));
        if args.iter().any(|a| a == "--titles") {
            for t in &o.topics {
                eprintln!("  {:>5}  {}", t.line + 1, t.title);
            }
        }
    }
    println!(
        "| mean | | | {:.3} | {:.3} | {:.2} | {:.3} | {:.3} | | |",
        mean(&all, |s| s.pk),
        mean(&all, |s| s.window_diff),
        mean(&all, |s| s.f1),
        mean(&all, |s| s.none_pk),
        mean(&all, |s| s.even_pk)
    );
}
