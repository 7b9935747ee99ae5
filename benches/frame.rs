//! One frame at 200×60 (`lector::ui::render` into a ratatui `Buffer`) for a 1-line and a
//! 1,000,000-line document — the two should take about the same time, since a frame touches
//! only what is on screen — and a key press deep in the big one (`update` with the key's action,
//! then the frame it causes).
//!
//! The 1-line document's line is long enough to wrap over the whole screen, so that both
//! frames draw a screenful of text; a screenful of lines (59) is measured too, and one short
//! line (an almost empty screen) for scale.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use criterion::{Criterion, criterion_group, criterion_main};
use lector::action::Action;
use lector::keymap::Keymap;
use lector::outline::Outline;
use lector::state::AppState;
use lector::transcript::{Document, Format};
use lector::update::update;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::hint::black_box;
use std::sync::Arc;

mod common;

const W: u16 = 200;
const H: u16 = 60;

fn state(text: String) -> AppState {
    let doc = Document::new("bench", Format::Plain, text);
    let outline = Outline::single(&doc);
    let mut s = AppState::new(Arc::new(doc), outline, Arc::new(Keymap::default_keymap()));
    update(&mut s, Action::Resize(W, H));
    s
}

fn frame(s: &AppState, buf: &mut Buffer) {
    buf.reset();
    lector::ui::render(s, Rect::new(0, 0, W, H), buf);
}

fn bench(c: &mut Criterion) {
    let area = Rect::new(0, 0, W, H);
    let mut buf = Buffer::empty(area);
    let mut long = String::new();
    common::for_each_line(400, |l| {
        long.push_str(l);
        long.push(' ');
    });
    let one = state(long);
    let screenful = state(common::transcript(59));
    let short = state(common::transcript(1));
    let mut big = state(common::transcript(1_000_000));

    let mut group = c.benchmark_group("frame 200×60");
    group.bench_function("1 line, wrapping over the screen", |b| {
        b.iter(|| frame(black_box(&one), &mut buf));
    });
    group.bench_function("59 lines (a screenful)", |b| {
        b.iter(|| frame(black_box(&screenful), &mut buf));
    });
    group.bench_function("1 short line", |b| {
        b.iter(|| frame(black_box(&short), &mut buf));
    });
    group.bench_function("1,000,000 lines, at the top", |b| {
        b.iter(|| frame(black_box(&big), &mut buf));
    });
    update(&mut big, Action::Goto("500000".into()));
    group.bench_function("1,000,000 lines, in the middle", |b| {
        b.iter(|| frame(black_box(&big), &mut buf));
    });
    // Search highlights: every visible line is matched again while drawing. (The scan itself
    // runs on another thread in the app; here only the matcher is set.)
    let mut searching = big.clone();
    update(&mut searching, Action::SearchFor("the".into()));
    group.bench_function("1,000,000 lines, with search highlights", |b| {
        b.iter(|| frame(black_box(&searching), &mut buf));
    });
    group.finish();

    let mut group = c.benchmark_group("key + frame, 1,000,000 lines, 200×60");
    for (name, action) in [
        ("PageDown in the middle", Action::PageDown),
        ("Down in the middle", Action::Down),
        ("Bottom (G) from the middle", Action::Bottom),
        ("Top (g) from the middle", Action::Top),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || big.clone(),
                |s| {
                    update(s, action.clone());
                    frame(s, &mut buf);
                },
                criterion::BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
