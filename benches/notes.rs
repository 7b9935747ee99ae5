//! Saving a notes file with 10,000 bookmarks (each with a note): the whole transaction —
//! lock, read and compare what is on disk, serialise, write a temporary file, fsync, keep the
//! `.bak`, rename, fsync the directory. The reader does this on its saver thread, off the key path.
//!
//! And re-anchoring when nothing can be placed (issue 13, item 12: it was quadratic, 21 s and
//! 32 s): 5,000 bookmarks whose text is nowhere in a 10,000-line transcript, and `lector
//! export`'s work on a 100,000-line transcript with 5,000 such bookmarks (re-anchor, then
//! collect the quotes).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use criterion::{Criterion, criterion_group, criterion_main};
use lector::notes::anchor;
use lector::notes::store::Store;
use lector::notes::{Bookmark, Color, Highlight, Notes};
use lector::transcript::{Document, Format};
use std::time::Duration;

fn notes(n: usize) -> Notes {
    let mut notes = Notes::default();
    for i in 1..=n {
        let mut b = Bookmark::new(
            i * 3,
            &format!("第 {i} 行：扎克伯格谈 Llama 4 与开源模型"),
            None,
        );
        b.note = Some(format!("note {i}: check this claim"));
        notes.bookmarks.push(b);
    }
    for i in 1..=n / 10 {
        notes.highlights.push(Highlight::new(
            i * 7,
            i * 7 + 2,
            Color::Green,
            "highlighted",
        ));
    }
    notes
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut store = Store::open(
        dir.path().join("notes.toml"),
        None,
        dir.path().join("locks"),
    )
    .expect("open")
    .0;
    let mut seen = 0;
    let mut n = notes(10_000);
    let mut group = c.benchmark_group("notes");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("save 10,000 bookmarks", |b| {
        b.iter(|| {
            // A change each time, so every save writes.
            n.bookmarks[0].note = Some(format!("{:?}", std::time::Instant::now()));
            let saved = store
                .save_shared(seen, std::sync::Arc::new(n.clone()))
                .expect("save");
            seen = saved.id;
            n = (*saved.merged).clone();
        });
    });
    group.finish();

    let mut group = c.benchmark_group("re-anchor");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    for (lines, marks, name) in [
        (10_000, 5_000, "5,000 unplaceable bookmarks on 10,000 lines"),
        (
            100_000,
            5_000,
            "export: 100,000 lines, 5,000 unplaceable bookmarks",
        ),
    ] {
        let doc = transcript(lines);
        let outline = lector::outline::Outline::single(&doc);
        let mut n = Notes::default();
        for i in 0..marks {
            let line = i * (lines / marks);
            n.bookmarks.push(Bookmark::new(
                line,
                &format!("a sentence that was cut from the transcript, number {i}"),
                None,
            ));
        }
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut notes = n.clone();
                let report = anchor::reanchor(&mut notes, &doc);
                assert_eq!(report.unplaced.len(), marks);
                if lines > 10_000 {
                    let e = lector::notes::export::collect(&doc, &outline, &notes, "n.toml");
                    assert_eq!(
                        e.topics.iter().map(|t| t.quotes.len()).sum::<usize>(),
                        marks
                    );
                }
            });
        });
    }
    group.finish();
}

/// A transcript of `n` lines, each a little different, in Chinese and English.
fn transcript(n: usize) -> Document {
    let words = [
        "开源", "模型", "Llama", "推理", "数据", "Meta", "训练", "agents",
    ];
    let text: String = (0..n)
        .map(|i| {
            format!(
                "第 {i} 行：扎克伯格谈 {} 与 {}，{} 的下一步\n",
                words[i % 8],
                words[(i / 8) % 8],
                words[(i / 64) % 8]
            )
        })
        .collect();
    Document::new("t.txt", Format::Plain, text)
}

criterion_group!(benches, bench);
criterion_main!(benches);
