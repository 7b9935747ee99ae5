//! Loading and indexing a 1,000,000-line, ~48 MB transcript of mixed Chinese and Latin text
//! (`benches/common`): the whole pipeline from bytes (decode, sniff, parse, clean, line index),
//! the same from the file (adding the read), and the preview that the first screen is drawn
//! from while the whole file loads (`lector::load::preview`: the first 64 KiB), also for a file
//! of one 10 MB line.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use lector::load::{Input, LoadOptions, build_document, load, preview};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

mod common;

fn bench(c: &mut Criterion) {
    let text = common::transcript(1_000_000);
    let dir = std::env::temp_dir().join(format!("lector-bench-load-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("transcript.txt");
    if let Err(e) = std::fs::write(&path, &text) {
        panic!("cannot write {}: {e}", path.display());
    }
    let opts = LoadOptions::default();

    let mut group = c.benchmark_group("load 1,000,000 lines");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("build_document (decode, sniff, clean, index)", |b| {
        b.iter_batched(
            || text.as_bytes().to_vec(),
            |bytes| build_document(bytes, "t.txt", Some(Path::new("t.txt")), &opts),
            BatchSize::PerIteration,
        );
    });
    let input = Input::File(path.clone());
    group.bench_function("load from the file (read + build)", |b| {
        b.iter(|| load(black_box(&input), &opts));
    });
    group.finish();

    c.bench_function("preview of the first screen (first 64 KiB)", |b| {
        b.iter(|| preview(black_box(&path), &opts));
    });
    // A file of one 10 MB line: its preview is the line's first 64 KiB.
    let long = dir.join("one-line.txt");
    let line: String = (0..1_300_000u32).fold(String::new(), |mut s, i| {
        use std::fmt::Write;
        let _ = write!(s, "word{i} ");
        s
    });
    if let Err(e) = std::fs::write(&long, line) {
        panic!("cannot write {}: {e}", long.display());
    }
    c.bench_function("preview of a file of one 10 MB line", |b| {
        b.iter(|| preview(black_box(&long), &opts));
    });
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, bench);
criterion_main!(benches);
