//! The view stays where the reader is when the text's width changes under it (the automatic
//! outline arrives and its pane takes room), and a frame in the middle of a long line shows the
//! same rows whether it wraps the line from its start or from a kept row start.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::action::{Action, JobResult};
use lector::keymap::Keymap;
use lector::outline::{Outline, Source, Topic};
use lector::state::AppState;
use lector::transcript::{Document, Format};
use lector::update::{on_job, update};
use lector::wrap;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

/// A state over `text` at `w`×`h` waiting for its automatic outline (no topics yet).
fn waiting(text: String, w: u16, h: u16) -> AppState {
    let doc = Document::new("t.txt", Format::Plain, text);
    let outline = Outline::new(Vec::new(), Source::Automatic, doc.len());
    let mut s = AppState::new(Arc::new(doc), outline, Arc::new(Keymap::default_keymap()));
    s.outline.auto = true;
    update(&mut s, Action::Resize(w, h));
    lector::update::start(&mut s);
    s
}

/// The automatic outline arrives, with titles long enough to widen its pane.
fn outline_arrives(s: &mut AppState) {
    let topics = (0..3)
        .map(|i| Topic {
            line: i * s.doc.len() / 3,
            title: format!("A rather long title for topic number {i}, to widen the pane"),
            level: 1,
        })
        .collect();
    let outline = Outline::new(topics, Source::Automatic, s.doc.len());
    on_job(
        s,
        JobResult::OutlineReady {
            generation: 1,
            outline,
            local: false,
        },
    );
}

/// The screen row the cursor line starts on.
fn cursor_row(s: &AppState) -> usize {
    let (_, h) = s.text_size();
    (0..h)
        .find(|&r| {
            s.pos_at_row(r)
                .is_some_and(|p| p == s.line_start(s.view.cursor))
        })
        .expect("the cursor line starts on screen")
}

#[test]
fn the_cursor_line_stays_on_its_screen_row_when_the_outline_arrives() {
    // Lines of ~150 cells: two or three rows each, more when the text gets narrower.
    let text: String = (0..400)
        .map(|i| format!("{i:03} {}\n", "word ".repeat(29)))
        .collect();
    // 100 columns: the text is narrower than its 100-cell cap, so the pane takes from it.
    let mut s = waiting(text, 100, 40);
    update(&mut s, Action::Goto("200".into()));
    for _ in 0..5 {
        update(&mut s, Action::Down);
    }
    let (width, row) = (s.text_size().0, cursor_row(&s));
    let cursor = s.view.cursor;
    outline_arrives(&mut s);
    assert!(
        s.text_size().0 < width,
        "the pane took room: {} → {}",
        width,
        s.text_size().0
    );
    assert_eq!(s.view.cursor, cursor);
    assert_eq!(cursor_row(&s), row, "the cursor line moved on the screen");
}

#[test]
fn in_a_line_taller_than_the_screen_the_top_row_keeps_its_text_when_the_outline_arrives() {
    let line: String = (0..40_000).map(|i| format!("w{i} ")).collect();
    let mut s = waiting(format!("{line}\n"), 100, 40);
    s.view.top_row = 700;
    let width = s.text_size().0;
    let before = wrap::wrap(&line, width)[700].start;
    outline_arrives(&mut s);
    let w = s.text_size().0;
    assert!(w < width, "the pane took room: {width} → {w}");
    let top = wrap::wrap(&line, w)[s.view.top_row].clone();
    assert!(
        top.contains(&before),
        "byte {before} was at the top; the top row is now {top:?}"
    );
}

/// The text rows of the screen, trimmed.
fn text_rows(s: &AppState) -> Vec<String> {
    let (w, h) = s.view.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| lector::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer().clone();
    let area = s.layout().text;
    (area.y..area.y + area.height)
        .map(|y| {
            let mut row = String::new();
            let mut x = area.x;
            while x < area.x + area.width {
                let symbol = buf[(x, y)].symbol();
                row.push_str(symbol);
                // A wide character's second cell holds nothing of the text.
                x += UnicodeWidthStr::width(symbol).max(1) as u16;
            }
            row.trim_end().to_string()
        })
        .collect()
}

#[test]
fn a_frame_deep_in_a_long_line_shows_the_rows_wrapping_from_its_start_gives() {
    // Latin words and Chinese, so both of the wrapper's paths are crossed.
    let line: String = (0..20_000)
        .map(|i| {
            if i % 7 == 0 {
                format!("大家好这里{i}，")
            } else {
                format!("w{i} ")
            }
        })
        .collect();
    let mut s = waiting(format!("{line}\n"), 100, 30);
    let w = s.text_size().0;
    let rows = wrap::wrap(&line, w);
    for top_row in [0, 63, 64, 65, 1000, 1234, rows.len() - 29] {
        s.view.top_row = top_row;
        let shown = text_rows(&s);
        let expected: Vec<String> = rows[top_row..]
            .iter()
            .take(shown.len())
            .map(|r| line[r.clone()].trim_end().to_string())
            .collect();
        assert_eq!(shown, expected, "from row {top_row}");
    }
}
