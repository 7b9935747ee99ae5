//! Searching a 1,000,000-line, ~48 MB transcript (`benches/common`) the way a `/` search does
//! in the background (`lector::search::scan_all`, in 1 MiB chunks): for the phrase that only the
//! last line has, and for a common word (every match counted, as `k/N` needs).

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
}

criterion_group!(benches, bench);
criterion_main!(benches);
