//! Searching a 1,000,000-line, ~48 MB transcript (`benches/common`) the way a `/` search does
//! in the background (`lector::search::scan_all`, in 1 MiB chunks): for the phrase that only the
//! last line has, and for a common word (every match counted, as `k/N` needs); and one 10 MB
//! line, Latin or Chinese, for a match at its end.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use criterion::{Criterion, criterion_group, criterion_main};
use lector::search::{Matcher, scan_all};
use lector::transcript::{Document, Format};
use std::sync::atomic::AtomicU64;
use std::time::Duration;

mod common;

fn count_all(doc: &Document, m: &Matcher) -> usize {
    let generation = AtomicU64::new(1);
    let mut n = 0;
    scan_all(doc, m, &generation, 1, &mut |found, _| n += found.len());
    n
}

fn bench(c: &mut Criterion) {
    let doc = Document::new("1M", Format::Plain, common::transcript(1_000_000));
    let mut group = c.benchmark_group("search 1,000,000 lines");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (name, query) in [
        ("the last line's phrase", common::PHRASE),
        ("a common word (\"model\")", "model"),
        ("a Chinese word (\"显卡\")", "显卡"),
    ] {
        let Some(m) = Matcher::new(query) else {
            panic!("{query} should compile");
        };
        group.bench_function(name, |b| b.iter(|| count_all(&doc, &m)));
    }
    group.finish();

    // One 10 MB line, as a file of one huge line is: the match is at its very end.
    let mut group = c.benchmark_group("search a 10 MB line");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(5));
    let latin: String = (0..1_300_000u32).fold(String::new(), |mut s, i| {
        use std::fmt::Write;
        let _ = write!(s, "word{i} ");
        s
    });
    let chinese = "大家好这里是最佳拍档我是大飞，今天我们来聊一聊。".repeat(10_000_000 / 75);
    for (name, line, query) in [
        ("Latin, a word at the end", latin, "zebraquokka"),
        ("Chinese, a phrase at the end", chinese, "斑马短尾矮袋鼠"),
    ] {
        let doc = Document::new("long", Format::Plain, format!("{line}{query}\n"));
        let Some(m) = Matcher::new(query) else {
            panic!("{query} should compile");
        };
        group.bench_function(name, |b| b.iter(|| count_all(&doc, &m)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
