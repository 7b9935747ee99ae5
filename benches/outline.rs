//! The automatic outline's speed: a 2,000-line transcript (the goal: well under 100 ms), and a
//! 1,000,000-line, ~45 MB mixed Chinese/Latin document (the goal: under 2 s).
//!
//! Both are made from the dev-set transcripts (read from `../shared/outline-dev`, third-party
//! text that stays out of the repository) and the bundled one, cycled; the large one with lines
//! cut to at most 48 bytes. Without `../shared`, from the bundled transcript alone (it says so).
//! Also the generated inputs of `scripts/compare-with-less.sh` (`benches/common`): 200,000 lines
//! (past the sizes computed exactly, so in the approximations for huge inputs), and one line of
//! 10 MB of Chinese without spaces.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use criterion::{Criterion, criterion_group, criterion_main};
use lector::outline::auto::auto_outline;
use lector::transcript::{Document, Format};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

mod common;

/// The dev-set transcripts, when `../shared/outline-dev` is there, and the bundled one.
fn sources() -> Vec<String> {
    let dev = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/outline-dev");
    let mut out: Vec<String> = [
        "zh_sv101_tian_yuandong_rsi.txt",
        "en_dwarkesh_zuckerberg_2024.txt",
    ]
    .iter()
    .filter_map(|f| std::fs::read_to_string(dev.join(f)).ok())
    .collect();
    if out.is_empty() {
        eprintln!("outline bench: ../shared/outline-dev is not there; the bundled transcript only");
    }
    out.push(include_str!("../assets/llamacon-zuckerberg.zh.txt").to_string());
    out
}

/// `lines` lines cycled from the sources, each cut to at most `max_bytes`.
fn corpus(lines: usize, max_bytes: usize) -> String {
    let sources = sources();
    let mut all = sources
        .iter()
        .flat_map(|s| s.lines())
        .filter(|l| !l.is_empty())
        .cycle();
    let mut text = String::with_capacity(lines * max_bytes.min(120));
    for _ in 0..lines {
        let line = all.next().unwrap_or("");
        let mut end = line.len().min(max_bytes);
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        text.push_str(&line[..end]);
        text.push('\n');
    }
    text
}

fn bench(c: &mut Criterion) {
    let cancel = AtomicBool::new(false);

    let small = Document::new("2000", Format::Plain, corpus(2_000, usize::MAX));
    c.bench_function("auto_outline 2,000 lines", |b| {
        b.iter(|| auto_outline(&small, &cancel, &mut |_| {}));
    });

    let large = Document::new("1M", Format::Plain, corpus(1_000_000, 48));
    let mut group = c.benchmark_group("large");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    group.bench_function("auto_outline 1,000,000 lines", |b| {
        b.iter(|| auto_outline(&large, &cancel, &mut |_| {}));
    });
    group.finish();

    let mut group = c.benchmark_group("generated");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    let generated = Document::new("200k", Format::Plain, common::transcript(200_000));
    group.bench_function("auto_outline 200,000 generated lines", |b| {
        b.iter(|| auto_outline(&generated, &cancel, &mut |_| {}));
    });
    let line = Document::new("line", Format::Plain, common::long_line(10_000_000, true));
    group.bench_function("auto_outline one 10 MB Chinese line", |b| {
        b.iter(|| auto_outline(&line, &cancel, &mut |_| {}));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
