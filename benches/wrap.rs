//! Wrapping one 10 MB line (Latin words, or Chinese without spaces) at 80 columns: the whole
//! line (what drawing it cost before a cache of row starts), a screenful of rows from a row
//! start in the middle (what the cache asks for per frame), and finding the row that holds the
//! line's middle byte from its start (`:50%`, once; the cache keeps it).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use criterion::{Criterion, criterion_group, criterion_main};
use lector::wrap;
use std::hint::black_box;
use std::time::Duration;

/// 10 MB of words, as `tests/common/inputs.rs` makes it.
fn latin() -> String {
    let mut s = String::with_capacity(10_000_100);
    let mut i = 0u32;
    while s.len() < 10_000_000 {
        s.push_str(&format!("word{i} "));
        i += 1;
    }
    s
}

/// 10 MB of Chinese with its punctuation, no ASCII.
fn chinese() -> String {
    "大家好这里是最佳拍档我是大飞，今天我们来聊一聊。".repeat(10_000_000 / 75)
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("a 10 MB line at 80 columns");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    for (name, line) in [("Latin", latin()), ("Chinese", chinese())] {
        group.bench_function(format!("{name}: every row"), |b| {
            b.iter(|| wrap::row_count(black_box(&line), 80));
        });
        let (_, middle) = wrap::row_containing(&line, 80, 0, line.len() / 2);
        group.bench_function(
            format!("{name}: 60 rows from a row start in the middle"),
            |b| b.iter(|| wrap::row_starts(black_box(&line), 80, middle.start, 60)),
        );
        group.bench_function(format!("{name}: the row holding the middle byte"), |b| {
            b.iter(|| wrap::row_containing(black_box(&line), 80, 0, line.len() / 2));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
