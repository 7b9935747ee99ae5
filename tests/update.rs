//! `update` tests: build a state, replay actions, compare the state that results.

use lector::action::Action;
use lector::keymap::Keymap;
use lector::outline::{Outline, Source, Topic};
use lector::state::{AppState, Focus, Mode};
use lector::transcript::{Document, Format};
use lector::update::update;
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
    (s.cursor, s.top, s.top_row)
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
    assert_eq!((s.top, s.cursor), (11, 33));
    update(&mut s, Action::HalfPageUp);
    assert_eq!((s.top, s.cursor), (0, 22));
}

#[test]
fn paging_stops_at_the_end_then_moves_the_cursor_there() {
    let mut s = state(30, 80, 24, &[0]);
    update(&mut s, Action::PageDown);
    // 30 lines, 23 rows: the view stops with the last line on the bottom row.
    assert_eq!((s.top, s.cursor), (7, 7));
    update(&mut s, Action::PageDown);
    assert_eq!((s.top, s.cursor), (7, 29));
    update(&mut s, Action::PageUp);
    update(&mut s, Action::PageUp);
    assert_eq!((s.top, s.cursor), (0, 0));
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
    assert_eq!(s.cursor, 149);
    assert_eq!(s.mode, Mode::Normal);
    // A far jump centres the line.
    assert_eq!(s.top, 149 - 11);
    type_(&mut s, "40%");
    assert_eq!(s.cursor, 400);
    type_(&mut s, "100%");
    assert_eq!(s.cursor, 999);
    type_(&mut s, "5000");
    assert_eq!(s.cursor, 999);
    assert!(s.message.as_ref().unwrap().text.contains("only 1000 lines"));
    type_(&mut s, "1:30");
    assert!(s.message.as_ref().unwrap().text.contains("no timestamps"));
    type_(&mut s, "what");
    assert!(s.message.as_ref().unwrap().text.contains("not a line"));
    assert_eq!(s.cursor, 999);
}

#[test]
fn goto_time_in_a_timed_transcript() {
    let doc = Document::new("t.srt", Format::Srt, "a\nb\nc\nd\n".into())
        .with_times(vec![0, 60_000, 90_000, 3_723_000]);
    let mut s = state_from(doc, 80, 24, &[0]);
    update(&mut s, Action::Goto("1:30".into()));
    assert_eq!(s.cursor, 2);
    update(&mut s, Action::Goto("1:29".into()));
    assert_eq!(s.cursor, 1);
    update(&mut s, Action::Goto("01:02:03".into()));
    assert_eq!(s.cursor, 3);
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
    assert_eq!(s.cursor, 0, "Esc goes nowhere");
    // Backspace on an empty prompt closes it.
    run(&mut s, &[Action::GotoPrompt, Action::PromptBackspace]);
    assert_eq!(s.mode, Mode::Normal);
}

#[test]
fn topics_next_previous_and_outline_follows_the_cursor() {
    let mut s = state(200, 80, 24, &[0, 50, 120]);
    update(&mut s, Action::NextTopic);
    assert_eq!(
        (s.cursor, s.top),
        (50, 50),
        "a topic starts at the top of the screen"
    );
    assert_eq!(s.outline_sel, 1);
    update(&mut s, Action::NextTopic);
    assert_eq!(s.cursor, 120);
    update(&mut s, Action::NextTopic);
    assert_eq!(s.cursor, 120);
    assert!(s.message.is_some());
    update(&mut s, Action::Down);
    update(&mut s, Action::PrevTopic);
    assert_eq!(
        s.cursor, 120,
        "[ goes to the start of the current topic first"
    );
    update(&mut s, Action::PrevTopic);
    assert_eq!(s.cursor, 50);
    run(&mut s, &vec![Action::Up; 3]);
    assert_eq!(s.outline_sel, 0);
}

#[test]
fn outline_focus_selection_and_jump() {
    let mut s = state(200, 80, 24, &[0, 50, 120]);
    update(&mut s, Action::SwitchFocus);
    assert_eq!(s.focus, Focus::Outline);
    run(
        &mut s,
        &[
            Action::OutlineDown,
            Action::OutlineDown,
            Action::OutlineDown,
        ],
    );
    assert_eq!(s.outline_sel, 2);
    assert_eq!(s.cursor, 0, "moving the selection does not move the cursor");
    update(&mut s, Action::OutlineJump);
    assert_eq!((s.cursor, s.focus), (120, Focus::Transcript));
    update(&mut s, Action::SwitchFocus);
    run(&mut s, &[Action::OutlineTop]);
    assert_eq!(s.outline_sel, 0);
}

#[test]
fn outline_list_keeps_the_current_topic_in_view() {
    let topics: Vec<usize> = (0..100).map(|i| i * 10).collect();
    let mut s = state(1000, 80, 10, &topics);
    update(&mut s, Action::Bottom);
    assert_eq!(s.outline_sel, 99);
    let h = s.outline_list_height();
    assert!(s.outline_top <= 99 && 99 < s.outline_top + h);
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
    assert_eq!(s.focus, Focus::Outline);
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
    s.show_outline = false;
    update(&mut s, Action::Resize(40, 10));
    let (w, h) = s.text_size();
    assert!(s.rows(0) > 1, "width {w} wraps the long line");
    for _ in 0..39 {
        update(&mut s, Action::Down);
        let bottom = s.bottom_pos();
        assert!(
            s.cursor >= s.top && s.cursor <= bottom.0,
            "cursor {} off screen",
            s.cursor
        );
        // The cursor line is entirely on screen.
        assert!(bottom.0 > s.cursor || bottom.1 + 1 == s.rows(s.cursor));
    }
    assert_eq!(s.cursor, 39);
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
    while s.cursor == 1 {
        update(&mut s, Action::Down);
        steps += 1;
        assert!(steps < 100);
    }
    assert_eq!(s.cursor, 2);
    assert!(steps >= rows - 5);
    update(&mut s, Action::Up);
    assert_eq!(s.cursor, 1);
}

#[test]
fn resize_to_tiny_and_back_keeps_the_cursor_in_view() {
    let mut s = state(500, 80, 24, &[0, 100]);
    update(&mut s, Action::Goto("300".into()));
    for (w, h) in [(1, 1), (0, 0), (5, 2), (20, 4), (200, 60), (80, 24)] {
        update(&mut s, Action::Resize(w, h));
        assert!(s.cursor == 299);
    }
    let bottom = s.bottom_pos();
    assert!(s.top <= 299 && 299 <= bottom.0);
}

#[test]
fn help_toggles_and_scrolls() {
    let mut s = state(10, 80, 24, &[0]);
    update(&mut s, Action::ToggleHelp);
    assert_eq!(s.mode, Mode::Help);
    run(
        &mut s,
        &[Action::HelpDown, Action::HelpDown, Action::HelpUp],
    );
    assert_eq!(s.help_scroll, 1);
    update(&mut s, Action::ToggleHelp);
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
    assert_eq!(s.top, 3);
    assert_eq!(s.cursor, 3, "the cursor stays on screen");
    update(
        &mut s,
        Action::Click {
            col: text.x + 2,
            row: 10,
        },
    );
    assert_eq!(s.cursor, 13);
    // Click the third topic in the outline list (row 1 is the first topic).
    let list = s.layout().outline_list.unwrap();
    update(
        &mut s,
        Action::Click {
            col: list.x + 3,
            row: list.y + 2,
        },
    );
    assert_eq!(s.cursor, 120);
    // Clicking below the last topic does nothing.
    update(
        &mut s,
        Action::Click {
            col: list.x + 3,
            row: list.y + 10,
        },
    );
    assert_eq!(s.cursor, 120);
}

#[test]
fn quit_is_an_effect() {
    let mut s = state(10, 80, 24, &[0]);
    let effects = update(&mut s, Action::Quit);
    assert!(matches!(effects.as_slice(), [lector::update::Effect::Quit]));
}

// ---- search and jumps ----

use lector::search::scan_all;
use lector::update::Effect;
use std::sync::atomic::AtomicU64;

/// Applies an action and runs any search it starts to the end, as the app's background job
/// would, feeding the results back as actions.
fn apply(s: &mut AppState, action: Action) {
    for e in update(s, action) {
        if let Effect::Search {
            generation,
            matcher,
        } = e
        {
            let current = AtomicU64::new(generation);
            let doc = s.doc.clone();
            let mut batches = Vec::new();
            scan_all(&doc, &matcher, &current, generation, &mut |matches, f| {
                batches.push(Action::SearchResults {
                    generation,
                    matches,
                    progress: (f * 100.0) as u8,
                    done: f >= 1.0,
                })
            });
            for b in batches {
                apply(s, b);
            }
        }
    }
}

fn type_in(s: &mut AppState, text: &str) {
    for c in text.chars() {
        apply(s, Action::PromptInsert(c));
    }
}

fn bundled_state() -> AppState {
    let loaded = lector::load::load(&lector::load::Input::Bundled, &Default::default()).unwrap();
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
    let search = s.search.as_ref().unwrap();
    (search.current.map(|i| i + 1), search.matches.len())
}

#[test]
fn incremental_search_moves_while_typing_and_esc_returns() {
    let mut s = bundled_state();
    update(&mut s, Action::Goto("100".into()));
    let before = s.view();
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "deeps");
    // Smart case: "deeps" finds "DeepSeek"; the first after line 100 is line 167's topic.
    let line = s.cursor;
    assert!(line > 99, "moved forward to {line}");
    assert!(s.doc.line(line).to_lowercase().contains("deeps"));
    apply(&mut s, Action::Cancel);
    assert_eq!(s.view(), before, "Esc returns to where the search started");
    assert!(s.search.is_none());
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
    let first = s.cursor;
    for _ in 1..n {
        apply(&mut s, Action::SearchNext);
    }
    assert_eq!(count(&s).0, Some(n));
    apply(&mut s, Action::SearchNext);
    assert_eq!(count(&s).0, Some(1));
    assert_eq!(s.cursor, first);
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
    assert_eq!((s.cursor, count(&s)), (1, (Some(1), 3)));
    apply(&mut s, Action::SearchNext);
    assert_eq!((s.cursor, count(&s)), (1, (Some(2), 3)));
    apply(&mut s, Action::SearchNext);
    assert_eq!((s.cursor, count(&s)), (3, (Some(3), 3)));
}

#[test]
fn backward_search_and_its_direction_for_n() {
    let doc = Document::new("t.txt", Format::Plain, "x1\nx2\nx3\nx4\nx5\n".into());
    let mut s = state_from(doc, 80, 24, &[0]);
    update(&mut s, Action::Goto("4".into()));
    apply(&mut s, Action::SearchBackward);
    type_in(&mut s, "x");
    apply(&mut s, Action::PromptSubmit);
    assert_eq!(s.cursor, 2);
    apply(&mut s, Action::SearchNext);
    assert_eq!(s.cursor, 1, "n keeps going backward");
    apply(&mut s, Action::SearchPrev);
    assert_eq!(s.cursor, 2, "N goes forward");
}

#[test]
fn not_found_and_invalid_regex() {
    let mut s = bundled_state();
    apply(&mut s, Action::SearchForward);
    type_in(&mut s, "zzzqqq");
    apply(&mut s, Action::PromptSubmit);
    assert_eq!(s.cursor, 0);
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
    assert_eq!(s.cursor, 1);
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
    assert_eq!(s.cursor, 0, "nothing known yet");
    let generation = s.search.as_ref().unwrap().generation;
    let m = |line| lector::search::Match {
        line,
        start: 0,
        end: 3,
    };
    // An older search's results are ignored.
    update(
        &mut s,
        Action::SearchResults {
            generation: generation - 1,
            matches: vec![m(1)],
            progress: 50,
            done: false,
        },
    );
    assert_eq!(s.cursor, 0);
    update(
        &mut s,
        Action::SearchResults {
            generation,
            matches: vec![m(2)],
            progress: 50,
            done: false,
        },
    );
    assert_eq!(s.cursor, 2);
    update(&mut s, Action::SearchNext);
    assert_eq!(s.cursor, 2, "waits: the rest is not scanned yet");
    update(
        &mut s,
        Action::SearchResults {
            generation,
            matches: vec![m(4)],
            progress: 100,
            done: true,
        },
    );
    assert_eq!(s.cursor, 4);
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
    assert_eq!(s.cursor, 249);
    let mut back = Vec::new();
    for _ in 0..5 {
        update(&mut s, Action::JumpBack);
        back.push(s.cursor);
    }
    assert_eq!(back, vec![499, 100, 49, 0, 0]);
    update(&mut s, Action::JumpForward);
    update(&mut s, Action::JumpForward);
    assert_eq!(s.cursor, 100);
    // Plain moves are not jumps.
    update(&mut s, Action::Down);
    update(&mut s, Action::JumpBack);
    assert_eq!(s.cursor, 49);
}

#[test]
fn question_mark_twice_or_enter_alone_opens_help() {
    let mut s = bundled_state();
    apply(&mut s, Action::SearchBackward);
    apply(&mut s, Action::PromptInsert('?'));
    assert_eq!(s.mode, Mode::Help);
    update(&mut s, Action::ToggleHelp);
    apply(&mut s, Action::SearchBackward);
    apply(&mut s, Action::PromptSubmit);
    assert_eq!(s.mode, Mode::Help);
}

#[test]
fn command_line_pattern_starts_at_the_first_match_even_on_line_one() {
    let mut s = bundled_state();
    apply(&mut s, Action::SearchFor("大飞".into()));
    assert_eq!(s.cursor, 0);
    apply(&mut s, Action::SearchFor("Behemoth".into()));
    assert!(s.doc.line(s.cursor).contains("Behemoth"));
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
        .outline_shown
        .iter()
        .map(|&i| s.outline.topics[i].title.as_str())
        .collect();
    assert!(
        titles.len() >= 3 && titles.iter().all(|t| t.to_lowercase().contains("llama")),
        "{titles:?}"
    );
    update(&mut s, Action::PromptSubmit);
    assert!(s.outline_filter.is_some(), "Enter keeps the filter");
    update(&mut s, Action::OutlineDown);
    update(&mut s, Action::OutlineJump);
    assert!(s.outline.topics[s.outline_sel].title.contains("Llama"));
    assert_eq!(s.cursor, s.outline.topics[s.outline_sel].line);
    update(&mut s, Action::SwitchFocus);
    update(&mut s, Action::Cancel);
    assert!(
        s.outline_filter.is_none(),
        "Esc in the outline clears the filter"
    );
    assert_eq!(s.outline_shown.len(), s.outline.len());
}

// ---- bookmarks, highlights, notes ----

use lector::notes::Color as HlColor;

fn notes_state() -> AppState {
    let mut s = bundled_state();
    s.clock = || None;
    s.notes_path = Some("/nonexistent/notes.toml".into());
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
    assert_eq!(s.notes.bookmarks.len(), 1);
    let b = &s.notes.bookmarks[0];
    assert_eq!((b.line, b.text.as_str()), (3, "可以说是经历了一个过山车"));
    let e = update(&mut s, Action::ToggleBookmark);
    assert_eq!(saves(&e), 1);
    assert!(s.notes.bookmarks.is_empty());
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
    let b = &s.notes.bookmarks[0];
    assert_eq!((b.line, b.note.as_deref()), (10, Some("开源很好")));
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
    assert_eq!(s.notes.bookmarks.len(), 1);
    assert_eq!(s.notes.bookmarks[0].note, None);
}

#[test]
fn h_highlights_h_cycles_colours_and_v_selects_a_range() {
    let mut s = notes_state();
    update(&mut s, Action::Goto("5".into()));
    update(&mut s, Action::ToggleHighlight);
    assert_eq!(s.notes.highlights[0].color, HlColor::Yellow);
    for want in [
        HlColor::Green,
        HlColor::Blue,
        HlColor::Pink,
        HlColor::Purple,
        HlColor::Yellow,
    ] {
        update(&mut s, Action::CycleHighlightColor);
        assert_eq!(s.notes.highlights[0].color, want);
    }
    update(&mut s, Action::ToggleHighlight);
    assert!(s.notes.highlights.is_empty(), "h on a highlight removes it");
    // v, j j, h: lines 5–7 in one highlight; Esc cancels a selection.
    run(&mut s, &[Action::VisualSelect, Action::Down, Action::Down]);
    assert_eq!(s.selection(), (4, 6));
    update(&mut s, Action::ToggleHighlight);
    assert_eq!(s.mode, Mode::Normal);
    let h = &s.notes.highlights[0];
    assert_eq!((h.start, h.end, h.text.as_str()), (5, 7, s.doc.line(4)));
    run(&mut s, &[Action::VisualSelect, Action::Up, Action::Cancel]);
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.notes.highlights.len(), 1);
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
    assert_eq!(s.notes.bookmarks[0].line, 2);
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
    assert_eq!(s.cursor, 9);
    update(&mut s, Action::NextBookmark);
    update(&mut s, Action::NextBookmark);
    assert_eq!(s.cursor, 199);
    update(&mut s, Action::NextBookmark);
    assert_eq!(s.cursor, 9);
    assert!(s.message.as_ref().unwrap().text.contains("wrapped"));
    update(&mut s, Action::PrevBookmark);
    assert_eq!(s.cursor, 199);
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
    assert_eq!(s.mode, Mode::Bookmarks);
    run(&mut s, &[Action::ListDown, Action::ListJump]);
    assert_eq!((s.cursor, &s.mode), (49, &Mode::Normal));
    // a in the list: the note prompt, then back to the list.
    update(&mut s, Action::BookmarkList);
    update(&mut s, Action::ListNote);
    for c in "check".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    update(&mut s, Action::PromptSubmit);
    assert_eq!(s.mode, Mode::Bookmarks);
    assert_eq!(s.notes.bookmarks[1].note.as_deref(), Some("check"));
    // / filters by text or note.
    update(&mut s, Action::ListFilter);
    for c in "check".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    update(&mut s, Action::PromptSubmit);
    assert_eq!(s.list_shown(), vec![1]);
    let e = update(&mut s, Action::ListDelete);
    assert_eq!(saves(&e), 1);
    assert_eq!(
        s.notes.bookmarks.iter().map(|b| b.line).collect::<Vec<_>>(),
        vec![10, 200]
    );
    update(&mut s, Action::Cancel);
    assert_eq!(s.mode, Mode::Normal);
    assert!(!s.list_open);
}

#[test]
fn read_only_notes_refuse_changes_and_say_why() {
    let mut s = notes_state();
    s.notes_readonly = Some("n.toml: line 2, column 1: invalid table header".into());
    let e = update(&mut s, Action::ToggleBookmark);
    assert_eq!(saves(&e), 0);
    assert!(s.notes.bookmarks.is_empty());
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
fn quitting_saves_the_position() {
    let mut s = notes_state();
    update(&mut s, Action::Goto("120".into()));
    let e = update(&mut s, Action::Quit);
    let saved = e.iter().find_map(|e| match e {
        Effect::SaveNotes { notes, .. } => Some(notes.position.as_ref().unwrap().line),
        _ => None,
    });
    assert_eq!(saved, Some(120));
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
    let mut saved = (*sent).clone();
    saved
        .bookmarks
        .push(lector::notes::Bookmark::new(300, s.doc.line(299), None));
    update(
        &mut s,
        Action::NotesSaved {
            sent,
            saved: Box::new(saved),
        },
    );
    let lines: Vec<usize> = s.notes.bookmarks.iter().map(|b| b.line).collect();
    assert_eq!(lines, vec![10, 20, 300]);
    update(&mut s, Action::NotesSaveFailed("disk full".into()));
    assert_eq!(s.notes_error.as_deref(), Some("disk full"));
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
        s.outline
            .topics
            .iter()
            .map(|t| (t.line, t.title.clone()))
            .collect::<Vec<_>>()
    };
    assert!(titles(&s).contains(&(59, "推理模型".to_string())));
    assert_eq!(
        s.current_topic().map(|i| s.outline.topics[i].line),
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
    assert_eq!(s.outline.topics[s.outline_sel].line, 48);
    let e = update(&mut s, Action::DeleteTopic);
    assert_eq!(saves(&e), 1);
    assert!(!titles(&s).iter().any(|(l, _)| *l == 48));
    assert_eq!(s.notes.outline.removed, vec![49]);
    assert_eq!(s.notes.outline.topics[0].line, 60);
    // The sidecar outline is not automatic: no background recompute.
    assert!(!e.iter().any(|e| matches!(e, Effect::RecomputeOutline(_))));
}

#[test]
fn edits_to_an_automatic_outline_recompute_it_around_them() {
    let mut s = notes_state();
    s.outline_auto = true;
    update(&mut s, Action::Goto("100".into()));
    update(&mut s, Action::NewTopic);
    update(&mut s, Action::PromptInsert('X'));
    let e = update(&mut s, Action::PromptSubmit);
    assert!(
        e.iter()
            .any(|e| matches!(e, Effect::RecomputeOutline(ed) if ed.topics[0].line == 100))
    );
    assert_eq!(s.outline_progress, Some(0));
}
