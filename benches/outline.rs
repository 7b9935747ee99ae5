//! The automatic outline's speed: a 2,000-line transcript (the goal: well under 100 ms), and a
//! 1,000,000-line, ~45 MB mixed Chinese/Latin document (the goal: under 10 s on a background
//! thread).
//!
//! Both are made from the dev-set transcripts, cycled; the large one with lines cut to at most
//! 48 bytes.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use criterion::{Criterion, criterion_group, criterion_main};
use lector::outline::auto::auto_outline;
use lector::transcript::{Document, Format};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

const SOURCES: &[&str] = &[
    include_str!("../tests/data/outline-dev/zh_sv101_tian_yuandong_rsi.txt"),
    include_str!("../tests/data/outline-dev/en_dwarkesh_zuckerberg_2024.txt"),
    include_str!("../assets/llamacon-zuckerberg.zh.txt"),
];

/// `lines` lines cycled from the sources, each cut to at most `max_bytes`.
fn corpus(lines: usize, max_bytes: usize) -> String {
    let mut all = SOURCES
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
}

criterion_group!(benches, bench);
criterion_main!(benches);
