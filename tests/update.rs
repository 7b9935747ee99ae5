//! `update` tests: build a state, replay actions, compare the state that results.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::action::{Action, JobResult};
use lector::keymap::{KeyMode, Keymap};
use lector::outline::{Outline, Source, Topic};
use lector::state::{AppState, Focus, Mode};
use lector::transcript::{Document, Format};
use lector::update::{on_job, update};

#[path = "common/drive.rs"]
mod drive;
use std::sync::Arc;

/// A state over `n` short lines ("line 1", …) at `w`×`h`, with topics at the given 0-based lines.
fn state(n: usize, w: u16, h: u16, topics: &[usize]) -> AppState {
    let text: String = (1..=n).map(|i| format!("line {i}\n")).collect();
    state_from(Document::new("t.txt", Format::Plain, text), w, h, topics)
}

fn state_from(doc: Document, w: u16, h: u16, topics: &[usize]) -> AppState {
    let topics = topics
        .iter()
        .map(|&l| Topic {
            line: l,
            title: format!("Topic at {}", l + 1),
            level: 1,
        })
        .collect();
    let outline = Outline::new(topics, Source::Sidecar, doc.len());
    let mut s = AppState::new(Arc::new(doc), outline, Arc::new(Keymap::default_keymap()));
    update(&mut s, Action::Resize(w, h));
    s
}

fn run(s: &mut AppState, actions: &[Action]) {
    for a in actions {
        update(s, a.clone());
    }
}

/// (cursor, top, top_row)
fn pos(s: &AppState) -> (usize, usize, usize) {
    (s.view.cursor, s.view.top, s.view.top_row)
}

#[test]
fn line_moves_scroll_only_when_the_cursor_leaves_the_screen() {
    // 80×24: 23 text rows.
    let mut s = state(100, 80, 24, &[0]);
    run(&mut s, &[Action::Down, Action::Down]);
    assert_eq!(pos(&s), (2, 0, 0));
    run(&mut s, &vec![Action::Down; 20]);
    assert_eq!(pos(&s), (22, 0, 0));
    update(&mut s, Action::Down);
    assert_eq!(pos(&s), (23, 1, 0));
    run(&mut s, &vec![Action::Up; 23]);
    assert_eq!(pos(&s), (0, 0, 0));
    update(&mut s, Action::Up);
    assert_eq!(pos(&s), (0, 0, 0), "k at the first line stays");
}

#[test]
fn pages_and_half_pages() {
    let mut s = state(100, 80, 24, &[0]);
    update(&mut s, Action::PageDown);
    assert_eq!(pos(&s), (23, 23, 0));
    update(&mut s, Action::PageUp);
    assert_eq!(pos(&s), (22, 0, 0));
    update(&mut s, Action::HalfPageDown);
    assert_eq!((s.view.top, s.view.cursor), (11, 33));
    update(&mut s, Action::HalfPageUp);
    assert_eq!((s.view.top, s.view.cursor), (0, 22));
}

#[test]
fn paging_stops_at_the_end_then_moves_the_cursor_there() {
    let mut s = state(30, 80, 24, &[0]);
    update(&mut s, Action::PageDown);
    // 30 lines, 23 rows: the view stops with the last line on the bottom row.
    assert_eq!((s.view.top, s.view.cursor), (7, 7));
    update(&mut s, Action::PageDown);
    assert_eq!((s.view.top, s.view.cursor), (7, 29));
    update(&mut s, Action::PageUp);
    update(&mut s, Action::PageUp);
    assert_eq!((s.view.top, s.view.cursor), (0, 0));
}

#[test]
fn first_and_last_line() {
    let mut s = state(1000, 80, 24, &[0]);
    update(&mut s, Action::Bottom);
    assert_eq!(pos(&s), (999, 977, 0));
    update(&mut s, Action::Top);
    assert_eq!(pos(&s), (0, 0, 0));
}

#[test]
fn goto_prompt_lines_percent_and_errors() {
    let mut s = state(1000, 80, 24, &[0]);
    let type_ = |s: &mut AppState, text: &str| {
        update(s, Action::GotoPrompt);
        for c in text.chars() {
            update(s, Action::PromptInsert(c));
        }
        update(s, Action::PromptSubmit);
    };
    type_(&mut s, "150");
    assert_eq!(s.view.cursor, 149);
    assert_eq!(s.mode, Mode::Normal);
    // A far jump centres the line.
    assert_eq!(s.view.top, 149 - 11);
    type_(&mut s, "40%");
    assert_eq!(s.view.cursor, 400);
    type_(&mut s, "100%");
    assert_eq!(s.view.cursor, 999);
    type_(&mut s, "5000");
    assert_eq!(s.view.cursor, 999);
    assert!(s.message.as_ref().unwrap().text.contains("only 1000 lines"));
    type_(&mut s, "1:30");
    assert!(s.message.as_ref().unwrap().text.contains("no timestamps"));
    type_(&mut s, "what");
    assert!(s.message.as_ref().unwrap().text.contains("not a line"));
    assert_eq!(s.view.cursor, 999);
}

/// `:N%` in a file of one long line goes N% into the line (by its bytes), where the lines alone
/// would all mean line 1; the status bar's percent says how far in the top of the screen is.
#[test]
fn goto_percent_in_a_file_of_one_long_line() {
    // 2,000 numbered words: "w0000 w0001 …", 6 bytes each.
    let text: String = (0..2000).map(|i| format!("w{i:04} ")).collect();
    let mut s = state_from(
        Document::new("t.txt", Format::Plain, text.clone()),
        80,
        24,
        &[0],
    );
    let rows_on_screen = s.text_size().1;
    let row_text = |s: &AppState, row: usize| {
        let (w, _) = s.text_size();
        let rows = lector::wrap::wrap(&text, w);
        text[rows[row].clone()].to_string()
    };
    assert_eq!(s.percent(), 0, "the start");
    update(&mut s, Action::Goto("50%".into()));
    assert_eq!(s.view.cursor, 0);
    // The middle word is on the top row, as in less; the status bar says 50%.
    let top = row_text(&s, s.view.top_row);
    assert!(top.contains("w1000"), "{top}");
    assert_eq!(s.percent(), 50);
    update(&mut s, Action::Goto("0%".into()));
    assert_eq!(s.view.top_row, 0);
    assert_eq!(s.percent(), 0);
    update(&mut s, Action::Goto("100%".into()));
    let last = row_text(&s, s.view.top_row + rows_on_screen - 1);
    assert!(last.contains("w1999"), "the last page: {last}");
    assert_eq!(s.percent(), 100);
    // A short file's percent is still by lines.
    let mut short = state(1000, 80, 24, &[0]);
    update(&mut short, Action::Goto("40%".into()));
    assert_eq!((short.view.cursor, short.percent()), (400, 40));
}

/// Nearly at the end of a long line is not the end while the end is not on screen (found by
/// attacking the reader: the rounded percent said 100).
#[test]
fn the_percent_in_a_long_line_says_100_only_at_its_end() {
    let text: String = (0..200_000).map(|i| format!("w{i:06} ")).collect();
    let mut s = state_from(Document::new("t.txt", Format::Plain, text), 80, 24, &[0]);
    update(&mut s, Action::Goto("99.6%".into()));
    assert_eq!(s.percent(), 99);
    update(&mut s, Action::Goto("100%".into()));
    assert_eq!(s.percent(), 100);
}

/// Turning the paragraph view on or off keeps the line at the top of the screen, but not the
/// place in it: in a file of one long line, `:50%` then `P` went back to its start (0%).
#[test]
fn the_paragraph_view_keeps_the_place_in_a_file_of_one_long_line() {
    let text: String = (0..2000).map(|i| format!("w{i:04} ")).collect();
    let mut s = state_from(Document::new("t.txt", Format::Plain, text), 80, 24, &[0]);
    update(&mut s, Action::Goto("50%".into()));
    assert_eq!(s.percent(), 50);
    update(&mut s, Action::ToggleParagraphs);
    assert_eq!(s.percent(), 50, "paragraph view on");
    update(&mut s, Action::ToggleParagraphs);
    assert_eq!(s.percent(), 50, "paragraph view off");
}

#[test]
fn goto_time_in_a_timed_transcript() {
    let doc = Document::new("t.srt", Format::Srt, "a\nb\nc\nd\n".into())
        .with_times(vec![0, 60_000, 90_000, 3_723_000]);
    let mut s = state_from(doc, 80, 24, &[0]);
    update(&mut s, Action::Goto("1:30".into()));
    assert_eq!(s.view.cursor, 2);
    update(&mut s, Action::Goto("1:29".into()));
    assert_eq!(s.view.cursor, 1);
    update(&mut s, Action::Goto("01:02:03".into()));
    assert_eq!(s.view.cursor, 3);
}

#[test]
fn prompt_editing_and_cancel() {
    let mut s = state(100, 80, 24, &[0]);
    update(&mut s, Action::GotoPrompt);
    for c in "1x5".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    run(&mut s, &[Action::PromptLeft, Action::PromptBackspace]);
    let Mode::Prompt(p) = &s.mode else {
        panic!("prompt closed")
    };
    assert_eq!((p.text.as_str(), p.cursor), ("15", 1));
    update(&mut s, Action::Cancel);
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.view.cursor, 0, "Esc goes nowhere");
    // Backspace on an empty prompt closes it.
    run(&mut s, &[Action::GotoPrompt, Action::PromptBackspace]);
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn topics_next_previous_and_outline_follows_the_cursor() {
    let mut s = state(200, 80, 24, &[0, 50, 120]);
    update(&mut s, Action::NextTopic);
    assert_eq!(
        (s.view.cursor, s.view.top),
        (50, 50),
        "a topic starts at the top of the screen"
    );
    assert_eq!(s.outline.sel, 1);
    update(&mut s, Action::NextTopic);
    assert_eq!(s.view.cursor, 120);
    update(&mut s, Action::NextTopic);
    assert_eq!(s.view.cursor, 120);
    assert!(s.message.is_some());
    update(&mut s, Action::Down);
    update(&mut s, Action::PrevTopic);
    assert_eq!(
        s.view.cursor, 120,
        "[ goes to the start of the current topic first"
    );
    update(&mut s, Action::PrevTopic);
    assert_eq!(s.view.cursor, 50);
    run(&mut s, &vec![Action::Up; 3]);
    assert_eq!(s.outline.sel, 0);
}

#[test]
fn outline_focus_selection_and_jump() {
    let mut s = state(200, 80, 24, &[0, 50, 120]);
    update(&mut s, Action::SwitchFocus);
    assert_eq!(s.view.focus, Focus::Outline);
    run(
        &mut s,
        &[
            Action::OutlineDown,
            Action::OutlineDown,
            Action::OutlineDown,
        ],
    );
    assert_eq!(s.outline.sel, 2);
    assert_eq!(
        s.view.cursor, 0,
        "moving the selection does not move the cursor"
    );
    update(&mut s, Action::OutlineJump);
    assert_eq!((s.view.cursor, s.view.focus), (120, Focus::Transcript));
    update(&mut s, Action::SwitchFocus);
    run(&mut s, &[Action::OutlineTop]);
    assert_eq!(s.outline.sel, 0);
}

#[test]
fn outline_list_keeps_the_current_topic_in_view() {
    let topics: Vec<usize> = (0..100).map(|i| i * 10).collect();
    let mut s = state(1000, 80, 10, &topics);
    update(&mut s, Action::Bottom);
    assert_eq!(s.outline.sel, 99);
    let h = s.outline_list_height();
    assert!(s.outline.top <= 99 && 99 < s.outline.top + h);
}

#[test]
fn toggling_the_outline_changes_the_text_width() {
    let mut s = state(10, 100, 24, &[0]);
    let with = s.layout().text.width;
    update(&mut s, Action::ToggleOutline);
    assert!(!s.outline_visible());
    assert!(s.layout().text.width > with);
    // Tab brings it back and focuses it.
    update(&mut s, Action::SwitchFocus);
    assert!(s.outline_visible());
    assert_eq!(s.view.focus, Focus::Outline);
}

#[test]
fn wrapped_lines_scroll_by_rows_and_the_cursor_stays_in_view() {
    // One 50-cell CJK line (25 characters) and short lines, at a text width that wraps it.
    let long = "大家好这里是最佳拍档我是大飞今天聊聊扎克伯格的访谈内容".to_string();
    let mut text = String::new();
    for i in 0..40 {
        if i % 5 == 0 {
            text.push_str(&long);
        } else {
            text.push_str("short");
        }
        text.push('\n');
    }
    let doc = Document::new("t.txt", Format::Plain, text);
    let mut s = state_from(doc, 40, 10, &[0]);
    s.view.show_outline = false;
    update(&mut s, Action::Resize(40, 10));
    let (w, h) = s.text_size();
    assert!(s.rows(0) > 1, "width {w} wraps the long line");
    for _ in 0..39 {
        update(&mut s, Action::Down);
        let bottom = s.bottom_pos();
        assert!(
            s.view.cursor >= s.view.top && s.view.cursor <= bottom.0,
            "cursor {} off screen",
            s.view.cursor
        );
        // The cursor line is entirely on screen.
        assert!(bottom.0 > s.view.cursor || bottom.1 + 1 == s.rows(s.view.cursor));
    }
    assert_eq!(s.view.cursor, 39);
    let _ = h;
}

#[test]
fn a_line_taller_than_the_screen_scrolls_by_rows() {
    let long = "字".repeat(200); // 400 cells
    let doc = Document::new("t.txt", Format::Plain, format!("first\n{long}\nlast\n"));
    let mut s = state_from(doc, 30, 6, &[0]);
    update(&mut s, Action::Down);
    assert_eq!(pos(&s), (1, 1, 0));
    let rows = s.rows(1);
    assert!(rows > 5);
    // j walks down the tall line a row at a time before moving on.
    let mut steps = 0;
    while s.view.cursor == 1 {
        update(&mut s, Action::Down);
        steps += 1;
        assert!(steps < 100);
    }
    assert_eq!(s.view.cursor, 2);
    assert!(steps >= rows - 5);
    update(&mut s, Action::Up);
    assert_eq!(s.view.cursor, 1);
}

#[test]
fn resize_to_tiny_and_back_keeps_the_cursor_in_view() {
    let mut s = state(500, 80, 24, &[0, 100]);
    update(&mut s, Action::Goto("300".into()));
    for (w, h) in [(1, 1), (0, 0), (5, 2), (20, 4), (200, 60), (80, 24)] {
        update(&mut s, Action::Resize(w, h));
        assert!(s.view.cursor == 299);
    }
    let bottom = s.bottom_pos();
    assert!(s.view.top <= 299 && 299 <= bottom.0);
}

#[test]
fn help_toggles_and_scrolls() {
    let mut s = state(10, 80, 24, &[0]);
    update(&mut s, Action::ToggleHelp);
    assert_eq!(s.help.as_ref().map(|h| h.scroll), Some(0));
    run(
        &mut s,
        &[Action::HelpDown, Action::HelpDown, Action::HelpUp],
    );
    assert_eq!(s.help.as_ref().map(|h| h.scroll), Some(1));
    update(&mut s, Action::ToggleHelp);
    assert!(s.help.is_none());
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn mouse_wheel_and_clicks() {
    let mut s = state(200, 100, 24, &[0, 50, 120]);
    let text = s.layout().text;
    update(
        &mut s,
        Action::Scroll {
            col: text.x + 5,
            row: 3,
            delta: 1,
        },
    );
    assert_eq!(s.view.top, 3);
    assert_eq!(s.view.cursor, 3, "the cursor stays on screen");
    update(
        &mut s,
        Action::Click {
            col: text.x + 2,
            row: 10,
        },
    );
    assert_eq!(s.view.cursor, 13);
    // Click the third topic in the outline list (row 1 is the first topic).
    let list = s.layout().outline_list.unwrap();
    update(
        &mut s,
        Action::Click {
            col: list.x + 3,
            row: list.y + 2,
        },
    );
    assert_eq!(s.view.cursor, 120);
    // Clicking below the last topic does nothing.
    update(
        &mut s,
        Action::Click {
            col: list.x + 3,
            row: list.y + 10,
        },
    );
    assert_eq!(s.view.cursor, 120);
}

#[test]
fn quit_is_an_effect() {
    let mut s = state(10, 80, 24, &[0]);
    let effects = update(&mut s, Action::Quit);
    assert!(matches!(effects.as_slice(), [lector::update::Effect::Quit]));
}

// ---- search and jumps ----

use lector::update::Effect;

fn apply(s: &mut AppState, action: Action) {
    drive::apply(s, action);
}

fn type_in(s: &mut AppState, text: &str) {
    for c in text.chars() {
        apply(s, Action::PromptInsert(c));
    }
}

fn bundled_state() -> AppState {
    let loaded = lector::load::load(
        &lector::load::Input::Bundled,
        &lector::load::LoadOptions::default(),
    )
    .unwrap();
    let outline =
        lector::load::outline_for(&loaded.doc, &lector::load::Input::Bundled, &mut Vec::new())
            .unwrap();
    let mut s = AppState::new(
        Arc::new(loaded.doc),
        outline,
        Arc::new(Keymap::default_keymap()),
    );
    update(&mut s, Action::Resize(100, 30));
    s
}

fn count(s: &AppState) -> (Option<usize>, usize) {
    let search = s.search.current.as_ref().unwrap();
    (search.current.map(|i| i + 1), search.matches.len())
}

#[test]
fn incremental_search_moves_while_typing_and_esc_returns() {
    let mut s = bundled_state();
    update(&mut s, Action::Goto("100".into()));
    let before = s.view.pos();
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "deeps");
    // Smart case: "deeps" finds "DeepSeek"; the first after line 100 is line 167's topic.
    let line = s.view.cursor;
    assert!(line > 99, "moved forward to {line}");
    assert!(s.doc.line(line).to_lowercase().contains("deeps"));
    apply(&mut s, Action::Cancel);
    assert_eq!(
        s.view.pos(),
        before,
        "Esc returns to where the search started"
    );
    assert!(s.search.current.is_none());
}

#[test]
fn confirm_then_n_and_shift_n_wrap_with_a_notice() {
    let mut s = bundled_state();
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "DeepSeek");
    apply(&mut s, Action::PromptSubmit);
    let (k, n) = count(&s);
    assert_eq!(k, Some(1));
    assert!(n > 5, "{n} matches");
    let first = s.view.cursor;
    for _ in 1..n {
        apply(&mut s, Action::SearchNext);
    }
    assert_eq!(count(&s).0, Some(n));
    apply(&mut s, Action::SearchNext);
    assert_eq!(count(&s).0, Some(1));
    assert_eq!(s.view.cursor, first);
    assert!(s.message.as_ref().unwrap().text.contains("BOTTOM"));
    apply(&mut s, Action::SearchPrev);
    assert_eq!(count(&s).0, Some(n));
    assert!(s.message.as_ref().unwrap().text.contains("TOP"));
}

#[test]
fn two_matches_on_one_line_count_twice() {
    let doc = Document::new(
        "t.txt",
        Format::Plain,
        "a\nllama and llama\nb\nllama\n".into(),
    );
    let mut s = state_from(doc, 80, 24, &[0]);
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "llama");
    apply(&mut s, Action::PromptSubmit);
    assert_eq!((s.view.cursor, count(&s)), (1, (Some(1), 3)));
    apply(&mut s, Action::SearchNext);
    assert_eq!((s.view.cursor, count(&s)), (1, (Some(2), 3)));
    apply(&mut s, Action::SearchNext);
    assert_eq!((s.view.cursor, count(&s)), (3, (Some(3), 3)));
}

#[test]
fn backward_search_and_its_direction_for_n() {
    let doc = Document::new("t.txt", Format::Plain, "x1\nx2\nx3\nx4\nx5\n".into());
    let mut s = state_from(doc, 80, 24, &[0]);
    update(&mut s, Action::Goto("4".into()));
    apply(&mut s, Action::SearchBackward);
    type_in(&mut s, "x");
    apply(&mut s, Action::PromptSubmit);
    assert_eq!(s.view.cursor, 2);
    apply(&mut s, Action::SearchNext);
    assert_eq!(s.view.cursor, 1, "n keeps going backward");
    apply(&mut s, Action::SearchPrev);
    assert_eq!(s.view.cursor, 2, "N goes forward");
}

#[test]
fn not_found_and_invalid_regex() {
    let mut s = bundled_state();
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "zzzqqq");
    apply(&mut s, Action::PromptSubmit);
    assert_eq!(s.view.cursor, 0);
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("Pattern not found: zzzqqq")
    );
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "Llama(4");
    apply(&mut s, Action::PromptSubmit);
    let text = &s.message.as_ref().unwrap().text;
    assert!(
        text.contains("Pattern not found: Llama(4") && text.contains("plain text"),
        "{text}"
    );
    let doc = Document::new(
        "t.txt",
        Format::Plain,
        "a
f(x) = 1
"
        .into(),
    );
    let mut s = state_from(doc, 80, 24, &[0]);
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "f(x");
    apply(&mut s, Action::PromptSubmit);
    assert_eq!(s.view.cursor, 1);
    assert!(s.message.as_ref().unwrap().text.contains("plain text"));
}

#[test]
fn results_that_arrive_late_resolve_a_waiting_n() {
    let doc = Document::new("t.txt", Format::Plain, "a\nb\nhit\nc\nhit\n".into());
    let mut s = state_from(doc, 80, 24, &[0]);
    // Start the search but hold the results back.
    update(&mut s, Action::SearchForward);
    for c in "hit".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    update(&mut s, Action::PromptSubmit);
    assert_eq!(s.view.cursor, 0, "nothing known yet");
    let generation = s.search.current.as_ref().unwrap().generation;
    let m = |line| lector::search::Match {
        line,
        start: 0,
        end: 3,
    };
    // An older search's results are ignored.
    on_job(
        &mut s,
        JobResult::SearchResults {
            generation: generation - 1,
            matches: vec![m(1)],
            progress: 50,
            done: false,
        },
    );
    assert_eq!(s.view.cursor, 0);
    on_job(
        &mut s,
        JobResult::SearchResults {
            generation,
            matches: vec![m(2)],
            progress: 50,
            done: false,
        },
    );
    assert_eq!(s.view.cursor, 2);
    update(&mut s, Action::SearchNext);
    assert_eq!(s.view.cursor, 2, "waits: the rest is not scanned yet");
    on_job(
        &mut s,
        JobResult::SearchResults {
            generation,
            matches: vec![m(4)],
            progress: 100,
            done: true,
        },
    );
    assert_eq!(s.view.cursor, 4);
}

#[test]
fn search_history_with_up_and_down() {
    let mut s = bundled_state();
    for q in ["Meta", "Llama"] {
        apply(&mut s, Action::SearchForward);
        type_in(&mut s, q);
        apply(&mut s, Action::PromptSubmit);
    }
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "x");
    apply(&mut s, Action::PromptHistoryPrev);
    let text = |s: &AppState| match &s.mode {
        Mode::Prompt(p) => p.text.clone(),
        _ => panic!("no prompt"),
    };
    assert_eq!(text(&s), "Llama");
    apply(&mut s, Action::PromptHistoryPrev);
    assert_eq!(text(&s), "Meta");
    apply(&mut s, Action::PromptHistoryPrev);
    assert_eq!(text(&s), "Meta");
    apply(&mut s, Action::PromptHistoryNext);
    assert_eq!(text(&s), "Llama");
    apply(&mut s, Action::PromptHistoryNext);
    assert_eq!(text(&s), "x", "back to what was typed");
}

#[test]
fn jump_list_goes_back_and_forward_over_every_kind_of_jump() {
    let mut s = state(500, 80, 24, &[0, 100, 300]);
    update(&mut s, Action::Goto("50".into())); // 0 → 49
    update(&mut s, Action::NextTopic); // 49 → 100
    update(&mut s, Action::Bottom); // 100 → 499
    apply(&mut s, Action::SearchBackward);
    type_in(&mut s, "line 250$");
    apply(&mut s, Action::PromptSubmit); // 499 → 249
    assert_eq!(s.view.cursor, 249);
    let mut back = Vec::new();
    for _ in 0..5 {
        update(&mut s, Action::JumpBack);
        back.push(s.view.cursor);
    }
    assert_eq!(back, vec![499, 100, 49, 0, 0]);
    update(&mut s, Action::JumpForward);
    update(&mut s, Action::JumpForward);
    assert_eq!(s.view.cursor, 100);
    // Plain moves are not jumps.
    update(&mut s, Action::Down);
    update(&mut s, Action::JumpBack);
    assert_eq!(s.view.cursor, 49);
}

#[test]
fn question_mark_twice_or_enter_alone_opens_help() {
    let mut s = bundled_state();
    apply(&mut s, Action::SearchBackward);
    apply(&mut s, Action::PromptInsert('?'));
    assert!(s.help.is_some(), "{:?}", s.mode);
    update(&mut s, Action::ToggleHelp);
    apply(&mut s, Action::SearchBackward);
    apply(&mut s, Action::PromptSubmit);
    assert!(s.help.is_some(), "{:?}", s.mode);
}

#[test]
fn command_line_pattern_starts_at_the_first_match_even_on_line_one() {
    let mut s = bundled_state();
    apply(&mut s, Action::SearchFor("大飞".into()));
    assert_eq!(s.view.cursor, 0);
    apply(&mut s, Action::SearchFor("Behemoth".into()));
    assert!(s.doc.line(s.view.cursor).contains("Behemoth"));
}

#[test]
fn outline_filter_narrows_the_list_as_you_type() {
    let mut s = bundled_state();
    update(&mut s, Action::SwitchFocus);
    update(&mut s, Action::OutlineFilter);
    for c in "llama".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    let titles: Vec<&str> = s
        .outline
        .shown
        .iter()
        .map(|&i| s.topics().topics[i].title.as_str())
        .collect();
    assert!(
        titles.len() >= 3 && titles.iter().all(|t| t.to_lowercase().contains("llama")),
        "{titles:?}"
    );
    update(&mut s, Action::PromptSubmit);
    assert!(s.outline.filter.is_some(), "Enter keeps the filter");
    update(&mut s, Action::OutlineDown);
    update(&mut s, Action::OutlineJump);
    assert!(s.topics().topics[s.outline.sel].title.contains("Llama"));
    assert_eq!(s.view.cursor, s.topics().topics[s.outline.sel].line);
    update(&mut s, Action::SwitchFocus);
    update(&mut s, Action::Cancel);
    assert!(
        s.outline.filter.is_none(),
        "Esc in the outline clears the filter"
    );
    assert_eq!(s.outline.shown.len(), s.topics().len());
}

// ---- bookmarks, highlights, notes ----

use lector::notes::Color as HlColor;

fn notes_state() -> AppState {
    let mut s = bundled_state();
    s.notes.clock = || None;
    s.notes.path = Some("/nonexistent/notes.toml".into());
    s
}

fn saves(effects: &[Effect]) -> usize {
    effects
        .iter()
        .filter(|e| matches!(e, Effect::SaveNotes { .. }))
        .count()
}

#[test]
fn m_toggles_a_bookmark_and_every_change_asks_for_a_save() {
    let mut s = notes_state();
    update(&mut s, Action::Goto("3".into()));
    let e = update(&mut s, Action::ToggleBookmark);
    assert_eq!(saves(&e), 1);
    assert_eq!(s.notes.notes.bookmarks.len(), 1);
    let b = &s.notes.notes.bookmarks[0];
    // Lines are 0-based in memory (the file says 3).
    assert_eq!((b.line, b.text.as_str()), (2, "可以说是经历了一个过山车"));
    let e = update(&mut s, Action::ToggleBookmark);
    assert_eq!(saves(&e), 1);
    assert!(s.notes.notes.bookmarks.is_empty());
}

#[test]
fn a_writes_a_note_with_cjk_and_a_cursor_making_the_bookmark() {
    let mut s = notes_state();
    update(&mut s, Action::Goto("10".into()));
    update(&mut s, Action::EditNote);
    for c in "开源好".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    // Move left over one wide character and insert before it.
    update(&mut s, Action::PromptLeft);
    update(&mut s, Action::PromptInsert('很'));
    let e = update(&mut s, Action::PromptSubmit);
    assert_eq!(saves(&e), 1);
    let b = &s.notes.notes.bookmarks[0];
    assert_eq!((b.line, b.note.as_deref()), (9, Some("开源很好")));
    // Editing again starts from the note; clearing it keeps the bookmark.
    update(&mut s, Action::EditNote);
    match &s.mode {
        Mode::Prompt(p) => assert_eq!(p.text, "开源很好"),
        m => panic!("{m:?}"),
    }
    for _ in 0..4 {
        update(&mut s, Action::PromptBackspace);
    }
    update(&mut s, Action::PromptSubmit);
    assert_eq!(s.notes.notes.bookmarks.len(), 1);
    assert_eq!(s.notes.notes.bookmarks[0].note, None);
    // Issue 12: clearing a note said "note saved".
    assert_eq!(
        s.message.as_ref().unwrap().text,
        "note on line 10 deleted · u to undo"
    );
}

#[test]
fn h_highlights_h_cycles_colours_and_v_selects_a_range() {
    let mut s = notes_state();
    update(&mut s, Action::Goto("5".into()));
    update(&mut s, Action::ToggleHighlight);
    assert_eq!(s.notes.notes.highlights[0].color, HlColor::Yellow);
    for want in [
        HlColor::Green,
        HlColor::Blue,
        HlColor::Pink,
        HlColor::Purple,
        HlColor::Yellow,
    ] {
        update(&mut s, Action::CycleHighlightColor);
        assert_eq!(s.notes.notes.highlights[0].color, want);
    }
    update(&mut s, Action::ToggleHighlight);
    assert!(
        s.notes.notes.highlights.is_empty(),
        "h on a highlight removes it"
    );
    // v, j j, h: lines 5–7 in one highlight; Esc cancels a selection.
    run(&mut s, &[Action::VisualSelect, Action::Down, Action::Down]);
    assert_eq!(s.selection(), (4, 6));
    update(&mut s, Action::ToggleHighlight);
    assert_eq!(s.mode, Mode::Normal);
    let h = &s.notes.notes.highlights[0];
    assert_eq!((h.start, h.end, h.text.as_str()), (4, 6, s.doc.line(4)));
    run(&mut s, &[Action::VisualSelect, Action::Up, Action::Cancel]);
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.notes.notes.highlights.len(), 1);
}

#[test]
fn y_copies_the_line_or_the_selection() {
    let mut s = notes_state();
    let e = update(&mut s, Action::Copy);
    assert!(matches!(e.as_slice(), [Effect::Copy(t)] if t == "大家好，这里是最佳拍档，我是大飞"));
    run(&mut s, &[Action::VisualSelect, Action::Down]);
    let e = update(&mut s, Action::Copy);
    assert!(
        matches!(e.as_slice(), [Effect::Copy(t)] if t == "大家好，这里是最佳拍档，我是大飞\nMeta的口碑从去年到今年")
    );
    // m on a selection bookmarks its first line.
    run(
        &mut s,
        &[Action::VisualSelect, Action::Down, Action::ToggleBookmark],
    );
    assert_eq!(s.notes.notes.bookmarks[0].line, 1);
}

#[test]
fn next_and_previous_bookmark_wrap() {
    let mut s = notes_state();
    for l in ["10", "50", "200"] {
        update(&mut s, Action::Goto(l.into()));
        update(&mut s, Action::ToggleBookmark);
    }
    update(&mut s, Action::Top);
    update(&mut s, Action::NextBookmark);
    assert_eq!(s.view.cursor, 9);
    update(&mut s, Action::NextBookmark);
    update(&mut s, Action::NextBookmark);
    assert_eq!(s.view.cursor, 199);
    update(&mut s, Action::NextBookmark);
    assert_eq!(s.view.cursor, 9);
    assert!(s.message.as_ref().unwrap().text.contains("wrapped"));
    update(&mut s, Action::PrevBookmark);
    assert_eq!(s.view.cursor, 199);
}

#[test]
fn the_bookmarks_list_jumps_deletes_edits_and_filters() {
    let mut s = notes_state();
    for l in ["10", "50", "200"] {
        update(&mut s, Action::Goto(l.into()));
        update(&mut s, Action::ToggleBookmark);
    }
    update(&mut s, Action::Top);
    update(&mut s, Action::BookmarkList);
    assert_eq!(s.key_mode(), KeyMode::Bookmarks);
    run(&mut s, &[Action::ListDown, Action::ListJump]);
    assert_eq!((s.view.cursor, &s.mode), (49, &Mode::Normal));
    // a in the list: the note prompt, then back to the list.
    update(&mut s, Action::BookmarkList);
    update(&mut s, Action::ListNote);
    for c in "check".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    update(&mut s, Action::PromptSubmit);
    assert_eq!(s.key_mode(), KeyMode::Bookmarks);
    assert_eq!(s.notes.notes.bookmarks[1].note.as_deref(), Some("check"));
    // / filters by text or note.
    update(&mut s, Action::ListFilter);
    for c in "check".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    update(&mut s, Action::PromptSubmit);
    assert_eq!(s.list.as_ref().unwrap().shown(&s.notes.notes), vec![1]);
    let e = update(&mut s, Action::ListDelete);
    assert_eq!(saves(&e), 1);
    assert_eq!(
        s.notes
            .notes
            .bookmarks
            .iter()
            .map(|b| b.line)
            .collect::<Vec<_>>(),
        vec![9, 199]
    );
    update(&mut s, Action::Cancel);
    assert_eq!(s.mode, Mode::Normal);
    assert!(s.list.is_none());
}

#[test]
fn read_only_notes_refuse_changes_and_say_why() {
    let mut s = notes_state();
    s.notes.readonly = Some("n.toml: line 2, column 1: invalid table header".into());
    let e = update(&mut s, Action::ToggleBookmark);
    assert_eq!(saves(&e), 0);
    assert!(s.notes.notes.bookmarks.is_empty());
    assert!(
        s.message
            .as_ref()
            .unwrap()
            .text
            .contains("read-only this run: n.toml: line 2")
    );
    let e = update(&mut s, Action::Quit);
    assert_eq!(
        saves(&e),
        0,
        "nothing is written over a file that would not parse"
    );
}

#[test]
fn quitting_writes_no_notes_the_position_is_state() {
    // The position is remembered by the app in the state file (notes::positions), so merely
    // viewing leaves no notes file.
    let mut s = notes_state();
    update(&mut s, Action::Goto("120".into()));
    let e = update(&mut s, Action::Quit);
    assert_eq!(saves(&e), 0);
    assert!(matches!(e.last(), Some(Effect::Quit)));
}

#[test]
fn a_save_brings_in_what_another_reader_added_without_losing_newer_changes() {
    let mut s = notes_state();
    update(&mut s, Action::Goto("10".into()));
    let e = update(&mut s, Action::ToggleBookmark);
    let Some(Effect::SaveNotes { notes: sent, .. }) = e
        .into_iter()
        .find(|e| matches!(e, Effect::SaveNotes { .. }))
    else {
        panic!("no save")
    };
    // Meanwhile: another bookmark here, and the other reader added one at 300.
    update(&mut s, Action::Goto("20".into()));
    update(&mut s, Action::ToggleBookmark);
    let mut merged = (*sent).clone();
    merged
        .bookmarks
        .push(lector::notes::Bookmark::new(299, s.doc.line(299), None));
    on_job(
        &mut s,
        JobResult::NotesSaved(Box::new(lector::notes::store::Saved {
            id: 1,
            sent: std::sync::Arc::new(*sent),
            merged: std::sync::Arc::new(merged),
        })),
    );
    let lines: Vec<usize> = s.notes.notes.bookmarks.iter().map(|b| b.line).collect();
    assert_eq!(lines, vec![9, 19, 299]);
    assert_eq!(
        s.notes.seen, 1,
        "the next save says which result it has taken in"
    );
    on_job(&mut s, JobResult::NotesSaveFailed("disk full".into()));
    assert_eq!(s.notes.error.as_deref(), Some("disk full"));
    assert!(s.message.as_ref().unwrap().text.contains("kept in memory"));
}

// ---- outline edits ----

#[test]
fn t_adds_a_topic_r_renames_d_deletes_and_each_is_saved() {
    let mut s = notes_state();
    update(&mut s, Action::Goto("60".into()));
    update(&mut s, Action::NewTopic);
    for c in "推理模型".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    let e = update(&mut s, Action::PromptSubmit);
    assert_eq!(saves(&e), 1);
    let titles = |s: &AppState| {
        s.topics()
            .topics
            .iter()
            .map(|t| (t.line, t.title.clone()))
            .collect::<Vec<_>>()
    };
    assert!(titles(&s).contains(&(59, "推理模型".to_string())));
    assert_eq!(
        s.current_topic().map(|i| s.topics().topics[i].line),
        Some(59)
    );
    // Rename it in the outline pane.
    update(&mut s, Action::SwitchFocus);
    update(&mut s, Action::RenameTopic);
    for _ in 0.."推理模型".chars().count() {
        update(&mut s, Action::PromptBackspace);
    }
    for c in "Reasoning".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    update(&mut s, Action::PromptSubmit);
    assert!(titles(&s).contains(&(59, "Reasoning".to_string())));
    // Delete the curated topic at line 49 (0-based 48).
    update(&mut s, Action::OutlineUp);
    assert_eq!(s.topics().topics[s.outline.sel].line, 48);
    let e = update(&mut s, Action::DeleteTopic);
    assert_eq!(saves(&e), 1);
    assert!(!titles(&s).iter().any(|(l, _)| *l == 48));
    assert_eq!(s.notes.notes.outline.removed, vec![49]);
    assert_eq!(s.notes.notes.outline.topics[0].line, 60);
    // The sidecar outline is not automatic: no background recompute.
    assert!(!e.iter().any(|e| matches!(e, Effect::ComputeOutline { .. })));
}

#[test]
fn edits_to_an_automatic_outline_recompute_it_around_them() {
    let mut s = notes_state();
    s.outline.auto = true;
    update(&mut s, Action::Goto("100".into()));
    update(&mut s, Action::NewTopic);
    update(&mut s, Action::PromptInsert('X'));
    let e = update(&mut s, Action::PromptSubmit);
    assert!(
        e.iter().any(
            |e| matches!(e, Effect::ComputeOutline { edits, .. } if edits.topics[0].line == 100)
        )
    );
    assert_eq!(s.outline.progress, Some(0));
}

#[test]
fn a_paste_reaches_the_prompt_whole_with_newlines_as_spaces_and_no_controls() {
    use lector::keymap::action_for;
    use ratatui::crossterm::event::Event;
    let mut s = state(10, 80, 24, &[0]);
    update(&mut s, Action::GotoPrompt);
    let paste = Event::Paste("1\n2\u{1b}[31m\u{202e}3".into());
    let action = action_for(&s.settings.keymap, s.key_mode(), s.mouse_active(), &paste);
    assert_eq!(
        action,
        Some(Action::PromptPaste("1\n2\u{1b}[31m\u{202e}3".into()))
    );
    update(&mut s, action.unwrap());
    match &s.mode {
        Mode::Prompt(p) => assert_eq!((p.text.as_str(), p.cursor), ("1 2[31m3", 8)),
        m => panic!("{m:?}"),
    }
    // Outside a prompt a paste does nothing.
    update(&mut s, Action::Cancel);
    assert_eq!(
        action_for(&s.settings.keymap, s.key_mode(), s.mouse_active(), &paste),
        None
    );
}

#[test]
fn a_stale_outline_is_dropped_and_the_newest_is_shown() {
    use lector::outline::{Outline, Source, Topic};
    let mut s = state(100, 80, 24, &[0]);
    s.outline.auto = true;
    let first = lector::update::start(&mut s);
    assert!(matches!(
        first.as_slice(),
        [Effect::ComputeOutline { generation: 1, .. }]
    ));
    // An edit asks again: the first request's result is stale when it comes.
    update(&mut s, Action::Goto("50".into()));
    update(&mut s, Action::NewTopic);
    update(&mut s, Action::PromptInsert('X'));
    let e = update(&mut s, Action::PromptSubmit);
    assert!(
        e.iter()
            .any(|e| matches!(e, Effect::ComputeOutline { generation: 2, .. }))
    );
    let outline = |line: usize| {
        let topics = vec![
            Topic {
                line: 0,
                title: "A".into(),
                level: 1,
            },
            Topic {
                line,
                title: "B".into(),
                level: 1,
            },
        ];
        Outline::new(topics, Source::Automatic, 100)
    };
    // The help's Files section said "file" for the placeholder (found by an adversarial run).
    s.settings.info.push(("outline".into(), "file".into()));
    on_job(
        &mut s,
        JobResult::OutlineReady {
            local: false,
            generation: 2,
            outline: outline(70),
        },
    );
    assert_eq!(s.settings.info[0], ("outline".into(), "automatic".into()));
    on_job(
        &mut s,
        JobResult::OutlineReady {
            local: false,
            generation: 1,
            outline: outline(30),
        },
    );
    let lines: Vec<usize> = s.topics().topics.iter().map(|t| t.line).collect();
    assert_eq!(
        lines,
        vec![0, 49, 70],
        "the edit (line 50) and the newest outline"
    );
    assert_eq!(s.outline.progress, None);
}

// ---- the habits of less and vim ----

fn type_count(s: &mut AppState, n: usize) {
    for d in n.to_string().bytes() {
        update(s, Action::Count(d - b'0'));
    }
}

fn message(s: &AppState) -> String {
    s.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn counts_repeat_moves_and_say_where_g_goes() {
    let mut s = state(100, 80, 24, &[0, 10, 20, 30, 40]);
    type_count(&mut s, 10);
    assert_eq!(s.count, Some(10));
    update(&mut s, Action::Bottom);
    assert_eq!((s.view.cursor, s.count), (9, None), "10G: line 10");
    type_count(&mut s, 5);
    update(&mut s, Action::Down);
    assert_eq!(s.view.cursor, 14, "5j");
    type_count(&mut s, 3);
    update(&mut s, Action::NextTopic);
    assert_eq!(s.view.cursor, 40, "3]: 20, 30, 40");
    type_count(&mut s, 1);
    update(&mut s, Action::Top);
    assert_eq!(s.view.cursor, 0, "1g");
    // A lone 0 is not a count; Esc drops a count.
    update(&mut s, Action::Count(0));
    assert_eq!(s.count, None);
    type_count(&mut s, 7);
    update(&mut s, Action::Cancel);
    update(&mut s, Action::Down);
    assert_eq!(s.view.cursor, 1);
    // A count larger than the document stops at its end.
    type_count(&mut s, 999_999);
    update(&mut s, Action::Down);
    assert_eq!(s.view.cursor, 99);
}

#[test]
fn scrolling_a_line_keeps_the_cursor_on_screen() {
    let mut s = state(100, 80, 24, &[0]);
    update(&mut s, Action::ScrollDown);
    assert_eq!(
        pos(&s),
        (1, 1, 0),
        "the cursor line left the top: the next line"
    );
    update(&mut s, Action::Goto("20".into()));
    update(&mut s, Action::ScrollUp);
    assert_eq!(s.view.top, 0);
    assert_eq!(s.view.cursor, 19, "still on screen: stays");
    type_count(&mut s, 5);
    update(&mut s, Action::ScrollDown);
    assert_eq!(s.view.top, 5);
}

#[test]
fn relative_goto_and_a_time_past_the_end() {
    let mut s = state(100, 80, 24, &[0]);
    update(&mut s, Action::Goto("50".into()));
    update(&mut s, Action::Goto("+10".into()));
    assert_eq!(s.view.cursor, 59);
    update(&mut s, Action::Goto("-30".into()));
    assert_eq!(s.view.cursor, 29);
    update(&mut s, Action::Goto("+1000".into()));
    assert_eq!(s.view.cursor, 99);
    assert_eq!(message(&s), "only 100 lines: went to the last");
    let srt = "1\n00:00:01,000 --> 00:00:02,000\na\n\n2\n01:18:01,000 --> 01:18:02,000\nb\n";
    let doc = lector::load::build_document(
        srt.as_bytes().to_vec(),
        "t.srt",
        None,
        &lector::load::LoadOptions::default(),
    )
    .unwrap();
    let mut s = state_from(doc, 80, 24, &[0]);
    update(&mut s, Action::Goto("5:00:00".into()));
    assert_eq!(s.view.cursor, 1);
    assert_eq!(message(&s), "the last line starts at 1:18:01: went there");
}

#[test]
fn a_new_search_that_wraps_says_so_when_confirmed() {
    let mut s = state(100, 80, 24, &[0]);
    update(&mut s, Action::Goto("80".into()));
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "line 5$");
    apply(&mut s, Action::PromptSubmit);
    assert_eq!(s.view.cursor, 4);
    assert_eq!(message(&s), "search hit BOTTOM, continuing at TOP");
}

#[test]
fn next_topic_while_the_outline_is_computed_says_so() {
    let mut s = state(100, 80, 24, &[0]);
    s.outline.auto = true;
    lector::update::start(&mut s);
    on_job(
        &mut s,
        JobResult::OutlineProgress {
            generation: 1,
            percent: 45,
        },
    );
    update(&mut s, Action::NextTopic);
    assert_eq!(message(&s), "the outline is still being computed (45%)");
}

/// The filter prompt hides the status bar's message while it is open, and the next key clears
/// it: `Enter` on a filter that matches nothing says so again, where it can be seen.
#[test]
fn enter_on_an_outline_filter_without_a_match_says_so_where_it_can_be_seen() {
    let mut s = bundled_state();
    update(&mut s, Action::SwitchFocus);
    update(&mut s, Action::OutlineFilter);
    type_in(&mut s, "zzz");
    update(&mut s, Action::PromptSubmit);
    assert!(matches!(s.mode, Mode::Normal));
    assert_eq!(s.outline.filter.as_deref(), Some("zzz"));
    assert_eq!(message(&s), "no topic matches");
    // A filter that matches says nothing on Enter.
    update(&mut s, Action::OutlineFilter);
    for _ in 0..3 {
        update(&mut s, Action::PromptBackspace);
    }
    type_in(&mut s, "llama");
    update(&mut s, Action::PromptSubmit);
    assert_eq!(s.outline.filter.as_deref(), Some("llama"));
    assert!(s.message.is_none(), "{:?}", s.message);
}

#[test]
fn the_outline_filter_moves_with_arrows_and_says_when_nothing_matches() {
    let mut s = bundled_state();
    update(&mut s, Action::SwitchFocus);
    update(&mut s, Action::OutlineFilter);
    type_in(&mut s, "llama");
    let first = s.outline.sel;
    update(&mut s, Action::PromptHistoryNext);
    assert_eq!(s.outline.sel, s.outline.shown[1]);
    assert_ne!(s.outline.sel, first);
    type_in(&mut s, "zzz");
    assert_eq!(message(&s), "no topic matches");
    // Esc clears; a filter kept with Enter stays after a jump, one left unconfirmed does not.
    update(&mut s, Action::Cancel);
    assert_eq!(s.outline.filter, None);
    update(&mut s, Action::OutlineFilter);
    type_in(&mut s, "llama");
    update(&mut s, Action::PromptSubmit);
    update(&mut s, Action::OutlineJump);
    assert_eq!(s.view.focus, Focus::Transcript);
    assert_eq!(s.outline.filter.as_deref(), Some("llama"));
}

#[test]
fn prompt_editing_keys_of_the_shell() {
    let mut s = state(10, 80, 24, &[0]);
    update(&mut s, Action::SearchForward);
    type_in(&mut s, "one two  three");
    let text = |s: &AppState| match &s.mode {
        Mode::Prompt(p) => (p.text.clone(), p.cursor),
        m => panic!("{m:?}"),
    };
    update(&mut s, Action::PromptDeleteWord);
    assert_eq!(text(&s), ("one two  ".to_string(), 9));
    update(&mut s, Action::PromptWordLeft);
    assert_eq!(text(&s).1, 4);
    update(&mut s, Action::PromptWordLeft);
    assert_eq!(text(&s).1, 0);
    update(&mut s, Action::PromptWordRight);
    assert_eq!(text(&s).1, 3);
    update(&mut s, Action::PromptWordRight);
    assert_eq!(text(&s).1, 7);
    update(&mut s, Action::PromptDeleteToStart);
    assert_eq!(text(&s), ("  ".to_string(), 0));
}

#[test]
fn the_help_pages_with_the_keys_of_the_text_and_can_be_searched() {
    let mut s = state(10, 80, 24, &[0]);
    update(&mut s, Action::ToggleHelp);
    let h = s.layout().help_rows;
    let rows = s.help.as_ref().unwrap().rows.len();
    update(&mut s, Action::PageDown);
    assert_eq!(s.help.as_ref().unwrap().scroll, h);
    update(&mut s, Action::Bottom);
    assert_eq!(s.help.as_ref().unwrap().scroll, rows - h);
    update(&mut s, Action::Top);
    assert_eq!(s.help.as_ref().unwrap().scroll, 0);
    // `/` searches the help, `n` finds the next row holding it.
    update(&mut s, Action::SearchForward);
    type_in(&mut s, "highlight");
    update(&mut s, Action::PromptSubmit);
    let help = s.help.as_ref().unwrap();
    let first = help.scroll + h / 3;
    assert!(
        help.rows[first].contains("highlight"),
        "{:?}",
        help.rows[first]
    );
    update(&mut s, Action::SearchNext);
    let help = s.help.as_ref().unwrap();
    let second = help.scroll + h / 3;
    assert!(second > first && help.rows[second].contains("highlight"));
    // The transcript did not move; q (toggle_help) closes.
    assert_eq!(s.view.cursor, 0);
    update(&mut s, Action::ToggleHelp);
    assert!(s.help.is_none());
}

#[test]
fn the_help_says_what_keys_do_where_it_was_opened() {
    let mut s = state(10, 80, 24, &[0]);
    update(&mut s, Action::VisualSelect);
    update(&mut s, Action::ToggleHelp);
    let help = s.help.as_ref().unwrap();
    assert_eq!(help.rows[0].text, "In selecting lines");
    let esc = help
        .rows
        .iter()
        .find(|r| r.key.split(' ').any(|k| k == "esc"))
        .unwrap();
    assert_eq!(esc.text, "stop selecting");
}

#[test]
fn wrap_line_numbers_and_the_outline_side_toggle_and_sideways_scrolling() {
    let long = format!("{}\nshort\n", "word ".repeat(100));
    let doc = Document::new("t.txt", Format::Plain, long);
    let mut s = state_from(doc, 80, 24, &[0]);
    assert!(s.rows(0) > 1);
    update(&mut s, Action::ScrollRight);
    assert_eq!(
        message(&s),
        "wrapping is on: w turns it off to scroll sideways"
    );
    update(&mut s, Action::ToggleWrap);
    assert_eq!(s.rows(0), 1);
    type_count(&mut s, 2);
    update(&mut s, Action::ScrollRight);
    assert_eq!(s.view.left, 16);
    update(&mut s, Action::ScrollLeft);
    assert_eq!(s.view.left, 8);
    let before = s.layout().text;
    update(&mut s, Action::ToggleLineNumbers);
    assert_eq!(s.layout().number_width, 0);
    assert!(s.layout().text.width > before.width);
    let x = s.layout().outline.unwrap().x;
    update(&mut s, Action::ToggleOutlineSide);
    assert!(s.layout().outline.unwrap().x > x);
}

#[test]
fn u_undoes_and_ctrl_r_redoes_every_kind_of_change() {
    let mut s = notes_state();
    let lines = |s: &AppState| {
        (
            s.notes
                .notes
                .bookmarks
                .iter()
                .map(|b| (b.line, b.note.clone()))
                .collect::<Vec<_>>(),
            s.notes
                .notes
                .highlights
                .iter()
                .map(|h| (h.start, h.end))
                .collect::<Vec<_>>(),
        )
    };
    // A bookmark, a note, a highlight, a topic.
    update(&mut s, Action::Goto("10".into()));
    update(&mut s, Action::ToggleBookmark);
    update(&mut s, Action::EditNote);
    type_in(&mut s, "check");
    update(&mut s, Action::PromptSubmit);
    update(&mut s, Action::Goto("20".into()));
    run(
        &mut s,
        &[Action::VisualSelect, Action::Down, Action::ToggleHighlight],
    );
    update(&mut s, Action::NewTopic);
    type_in(&mut s, "Mine");
    update(&mut s, Action::PromptSubmit);
    let all = lines(&s);
    assert_eq!(all, (vec![(9, Some("check".to_string()))], vec![(19, 20)]));
    assert!(s.topics().topics.iter().any(|t| t.title == "Mine"));
    // Deleting says what and how to get it back.
    update(&mut s, Action::Goto("10".into()));
    let e = update(&mut s, Action::ToggleBookmark);
    assert_eq!(
        message(&s),
        "bookmark and note on line 10 deleted · u to undo"
    );
    assert_eq!(saves(&e), 1);
    let e = update(&mut s, Action::Undo);
    assert_eq!(saves(&e), 1, "an undo is saved at once like any change");
    assert_eq!(lines(&s), all);
    assert!(message(&s).starts_with("undone: "), "{}", message(&s));
    // Back through the topic, the highlight, the note and the bookmark; then forward again.
    for _ in 0..4 {
        update(&mut s, Action::Undo);
    }
    assert_eq!(lines(&s), (vec![], vec![]));
    assert!(!s.topics().topics.iter().any(|t| t.title == "Mine"));
    update(&mut s, Action::Undo);
    assert_eq!(message(&s), "nothing to undo");
    for _ in 0..4 {
        update(&mut s, Action::Redo);
    }
    assert_eq!(lines(&s), all);
    assert!(s.topics().topics.iter().any(|t| t.title == "Mine"));
    update(&mut s, Action::Redo);
    assert!(message(&s).starts_with("redone: "));
    assert_eq!(lines(&s).0, vec![], "the deletion is done again");
    update(&mut s, Action::Redo);
    assert_eq!(message(&s), "nothing to redo");
}

#[test]
fn deletions_in_the_list_and_the_outline_can_be_undone() {
    let mut s = notes_state();
    update(&mut s, Action::Goto("10".into()));
    update(&mut s, Action::ToggleBookmark);
    update(&mut s, Action::BookmarkList);
    update(&mut s, Action::ListDelete);
    assert_eq!(message(&s), "bookmark on line 10 deleted · u to undo");
    update(&mut s, Action::Undo);
    assert_eq!(s.notes.notes.bookmarks.len(), 1);
    update(&mut s, Action::Cancel);
    update(&mut s, Action::SwitchFocus);
    let n = s.topics().len();
    update(&mut s, Action::DeleteTopic);
    assert_eq!(s.topics().len(), n - 1);
    assert!(
        message(&s).ends_with("deleted · u to undo"),
        "{}",
        message(&s)
    );
    update(&mut s, Action::Undo);
    assert_eq!(s.topics().len(), n);
}

#[test]
fn in_the_paragraph_view_j_and_k_move_a_line_at_a_time_and_toggling_keeps_the_place() {
    let text: String = (1..=200)
        .map(|i| format!("Sentence number {i} is here.\n"))
        .collect();
    let doc = Document::new("t.txt", Format::Plain, text);
    let mut s = state_from(doc, 80, 24, &[0, 100]);
    update(&mut s, Action::Goto("50".into()));
    update(&mut s, Action::ToggleParagraphs);
    assert!(s.view.paragraphs.is_some());
    assert!(s.blocks() < 200, "lines were joined: {} blocks", s.blocks());
    assert_eq!(s.view.cursor, 49);
    // A topic starts a paragraph.
    assert_eq!(s.block_lines(s.block_of(100)).start, 100);
    update(&mut s, Action::Down);
    assert_eq!(s.view.cursor, 50);
    update(&mut s, Action::Up);
    update(&mut s, Action::Up);
    assert_eq!(s.view.cursor, 48);
    // Bookmarks, search and jumps work on lines as before.
    update(&mut s, Action::ToggleBookmark);
    assert_eq!(s.notes.notes.bookmarks[0].line, 48);
    apply(&mut s, Action::SearchFor("number 150 ".into()));
    assert_eq!(s.view.cursor, 149);
    let (start, end) = s.line_span(149);
    assert!(start >= (s.view.top, s.view.top_row) && end <= s.bottom_pos());
    update(&mut s, Action::ToggleParagraphs);
    assert!(s.view.paragraphs.is_none());
    assert_eq!(s.view.cursor, 149);
}

#[test]
fn an_edit_to_an_automatic_outline_splits_or_merges_only_where_it_is() {
    use lector::outline::{Outline, Source, Topic};
    let mut s = notes_state();
    s.outline.auto = true;
    lector::update::start(&mut s);
    let topic = |line: usize, title: &str| Topic {
        line,
        title: title.into(),
        level: 1,
    };
    let auto = Outline::new(
        vec![
            topic(0, "A"),
            topic(50, "B"),
            topic(100, "C"),
            topic(200, "D"),
        ],
        Source::Automatic,
        313,
    );
    on_job(
        &mut s,
        JobResult::OutlineReady {
            generation: 1,
            outline: auto,
            local: false,
        },
    );
    let lines = |s: &AppState| s.topics().topics.iter().map(|t| t.line).collect::<Vec<_>>();
    // A new topic inside B splits B only.
    update(&mut s, Action::Goto("76".into()));
    update(&mut s, Action::NewTopic);
    type_in(&mut s, "Mine");
    let e = update(&mut s, Action::PromptSubmit);
    assert_eq!(lines(&s), vec![0, 50, 75, 100, 200]);
    assert!(
        e.iter().any(|e| matches!(
            e,
            Effect::ComputeOutline {
                before: Some(_),
                ..
            }
        )),
        "only the changed topics are titled again: {e:?}"
    );
    // Deleting C merges it into the topic before; deleting the first keeps line 1 covered.
    update(&mut s, Action::SwitchFocus);
    update(&mut s, Action::Goto("101".into()));
    update(&mut s, Action::SwitchFocus);
    let c = s
        .topics()
        .topics
        .iter()
        .position(|t| t.line == 100)
        .unwrap();
    s.outline.sel = c;
    update(&mut s, Action::DeleteTopic);
    assert_eq!(lines(&s), vec![0, 50, 75, 200]);
    s.outline.sel = 0;
    update(&mut s, Action::DeleteTopic);
    assert_eq!(lines(&s), vec![0, 75, 200], "B now starts at line 1");
    assert_eq!(s.topics().topics[0].title, "B");
}

#[test]
fn turning_wrapping_off_in_the_paragraph_view_says_it_leaves_it() {
    let mut s = bundled_state();
    update(&mut s, Action::ToggleParagraphs);
    assert!(s.view.paragraphs.is_some());
    update(&mut s, Action::ToggleWrap);
    assert!(s.view.paragraphs.is_none());
    let text = s
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert_eq!(text, "wrapping off, so the line view: ← → scroll sideways");
}

#[test]
fn a_key_bound_to_nothing_drops_the_count_before_it() {
    use lector::keymap::action_for;
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let mut s = bundled_state();
    let key = |c: char| Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    for c in ['5', '0', 'x', 'j'] {
        let action = action_for(&s.settings.keymap, s.key_mode(), s.mouse_active(), &key(c))
            .unwrap_or_else(|| panic!("{c}: no action"));
        update(&mut s, action);
    }
    assert_eq!(
        s.view.cursor, 1,
        "50, an unbound x, then j: one line down, as in vim"
    );
    assert_eq!(s.count, None);
}

#[test]
fn a_counted_n_is_one_jump_ctrl_o_returns_to_where_it_started() {
    let text: String = (0..40)
        .map(|i| {
            if i % 5 == 0 {
                "hit\n".to_string()
            } else {
                format!("line {i}\n")
            }
        })
        .collect();
    let doc = Document::new("t.txt", Format::Plain, text);
    let mut s = state_from(doc, 80, 10, &[0]);
    update(&mut s, Action::Goto("2".into()));
    update(&mut s, Action::SearchFor("hit".into()));
    let generation = s.search.current.as_ref().unwrap().generation;
    let matches = (0..8)
        .map(|k| lector::search::Match {
            line: k * 5,
            start: 0,
            end: 3,
        })
        .collect();
    on_job(
        &mut s,
        JobResult::SearchResults {
            generation,
            matches,
            progress: 100,
            done: true,
        },
    );
    let start = s.view.cursor;
    assert_eq!(start % 5, 0, "on a match");
    update(&mut s, Action::Count(4));
    update(&mut s, Action::SearchNext);
    assert_eq!(s.view.cursor, start + 20);
    update(&mut s, Action::JumpBack);
    assert_eq!(
        s.view.cursor, start,
        "back to where 4n started, not to the match before"
    );
}

#[test]
fn a_help_search_that_finds_nothing_says_so_after_enter() {
    let mut s = state(10, 80, 24, &[0]);
    update(&mut s, Action::ToggleHelp);
    update(&mut s, Action::SearchForward);
    type_in(&mut s, "zzzq");
    update(&mut s, Action::PromptSubmit);
    assert_eq!(message(&s), "not in the help");
    assert!(s.help.is_some());
}
