//! Saving a notes file with 10,000 bookmarks (each with a note): the whole transaction —
//! lock, read and compare what is on disk, serialise, write a temporary file, fsync, keep the
//! `.bak`, rename, fsync the directory. The reader does this on its saver thread, off the key path.

use criterion::{Criterion, criterion_group, criterion_main};
use lector::notes::store::Store;
use lector::notes::{Bookmark, Color, Highlight, Notes};
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
    let mut store = Store::empty(dir.path().join("notes.toml"));
    let mut n = notes(10_000);
    let mut group = c.benchmark_group("notes");
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("save 10,000 bookmarks", |b| {
        b.iter(|| {
            // A change each time, so every save writes.
            n.bookmarks[0].note = Some(format!("{:?}", std::time::Instant::now()));
            n = store.save(&n).expect("save");
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
