//! Render tests: draw states into a `TestBackend` and compare whole screens (insta snapshots).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::action::Action;
use lector::keymap::Keymap;
use lector::load::{Input, LoadOptions, build_document, load, outline_for};
use lector::outline::Outline;
use lector::state::AppState;
use lector::transcript::Document;
use lector::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use std::sync::Arc;
use unicode_width::UnicodeWidthStr;

fn bundled(w: u16, h: u16) -> AppState {
    let loaded = load(&Input::Bundled, &LoadOptions::default()).unwrap();
    let outline = outline_for(&loaded.doc, &Input::Bundled, &mut Vec::new()).unwrap();
    with(loaded.doc, outline, w, h)
}

fn with(doc: Document, outline: Outline, w: u16, h: u16) -> AppState {
    let mut s = AppState::new(Arc::new(doc), outline, Arc::new(Keymap::default_keymap()));
    update(&mut s, Action::Resize(w, h));
    s
}

fn from_text(name: &str, text: &str, w: u16, h: u16) -> AppState {
    let doc = build_document(
        text.as_bytes().to_vec(),
        name,
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    let outline =
        outline_for(&doc, &Input::Stdin, &mut Vec::new()).unwrap_or_else(|| Outline::single(&doc));
    with(doc, outline, w, h)
}

fn draw(s: &AppState) -> Buffer {
    let (w, h) = s.view.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| lector::ui::draw(f, s)).unwrap();
    t.backend().buffer().clone()
}

/// The screen as text, one line a row; a wide character's second cell is not repeated.
/// Searches for `query` as `/` Enter does, and hands the state every match at once, as the
/// search worker would: the matches, in document order.
fn search_all(s: &mut AppState, query: &str) -> Vec<lector::search::Match> {
    let e = update(s, Action::SearchFor(query.into()));
    let [
        lector::update::Effect::Search {
            generation,
            matcher,
        },
    ] = e.as_slice()
    else {
        panic!("{e:?}")
    };
    let matches: Vec<lector::search::Match> = (0..s.doc.len())
        .flat_map(|l| {
            matcher
                .find_iter(s.doc.line(l))
                .map(move |r| lector::search::Match {
                    line: l as u32,
                    start: r.start as u32,
                    end: r.end as u32,
                })
        })
        .collect();
    lector::update::on_job(
        s,
        lector::action::JobResult::SearchResults {
            generation: *generation,
            matches: matches.clone(),
            progress: 100,
            done: true,
        },
    );
    matches
}

fn screen(buf: &Buffer) -> String {
    let area = buf.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < area.width {
            let sym = buf[(x, y)].symbol();
            line.push_str(sym);
            x += UnicodeWidthStr::width(sym).max(1) as u16;
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn snap(s: &AppState) -> String {
    screen(&draw(s))
}

#[test]
fn bundled_80x24() {
    let s = bundled(80, 24);
    insta::assert_snapshot!(snap(&s));
}

#[test]
fn bundled_40x10_hides_the_outline() {
    let mut s = bundled(40, 10);
    update(&mut s, Action::Goto("27".into()));
    insta::assert_snapshot!(snap(&s));
}

#[test]
fn bundled_after_topic_jump_with_outline_focus() {
    let mut s = bundled(80, 24);
    for a in [
        Action::NextTopic,
        Action::NextTopic,
        Action::SwitchFocus,
        Action::OutlineDown,
    ] {
        update(&mut s, a);
    }
    insta::assert_snapshot!(snap(&s));
}

#[test]
fn help_overlay_80x24() {
    let mut s = bundled(80, 24);
    update(&mut s, Action::ToggleHelp);
    insta::assert_snapshot!(snap(&s));
}

#[test]
fn goto_prompt_and_error_message() {
    let mut s = bundled(80, 24);
    update(&mut s, Action::GotoPrompt);
    for c in "15".chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    let open = snap(&s);
    assert!(open.lines().last().unwrap().starts_with(":15"), "{open}");
    let cursor = {
        let mut t = Terminal::new(TestBackend::new(80, 24)).unwrap();
        t.draw(|f| lector::ui::draw(f, &s)).unwrap();
        t.get_cursor_position().unwrap()
    };
    assert_eq!((cursor.x, cursor.y), (3, 23));
    update(&mut s, Action::PromptSubmit);
    update(&mut s, Action::Goto("1:30".into()));
    insta::assert_snapshot!(snap(&s));
}

#[test]
fn english_wraps_at_spaces_and_markdown_headings_make_the_outline() {
    let text = "# Opening\n\
The quick brown fox jumps over the lazy dog, and then it keeps running far beyond the edge of the screen.\n\
short line\n\
## Details\n\
Supercalifragilisticexpialidocious-and-then-some-more-without-any-spaces-at-all-to-break-on\n\
混合 mixed 中文 and English text that wraps across rows\n";
    let s = from_text("notes.md", text, 60, 12);
    insta::assert_snapshot!(snap(&s));
}

#[test]
fn tiny_terminals_show_a_notice_and_never_panic() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 1),
        (10, 3),
        (19, 30),
        (200, 3),
        (20, 4),
        (300, 100),
    ] {
        let s = bundled(w, h);
        let text = snap(&s);
        if w < 20 || h < 4 {
            if w > 0 && h > 0 {
                assert!(
                    text.starts_with(&"lector: too small"[..(w as usize).min(17)]),
                    "{w}x{h}: {text}"
                );
            }
        } else {
            assert!(text.contains("1/313"), "{w}x{h}: {text}");
        }
    }
    insta::assert_snapshot!(snap(&bundled(30, 3)));
}

#[test]
fn the_help_and_the_bookmarks_list_show_on_the_smallest_screen() {
    // An overlay too small to draw took keys unseen: F1 then 5G did nothing at 20×4.
    for (w, h) in [(20, 4), (20, 7), (30, 5), (20, 8)] {
        let mut s = bundled(w, h);
        update(&mut s, Action::ToggleHelp);
        let text = snap(&s);
        assert!(text.contains("lector help"), "{w}x{h}: {text}");
        update(&mut s, Action::ToggleHelp);
        update(&mut s, Action::BookmarkList);
        let text = snap(&s);
        assert!(text.contains("Bookm"), "{w}x{h}: {text}");
    }
}

#[test]
fn the_cursor_line_is_highlighted_on_every_wrapped_row() {
    let long = "字".repeat(30);
    let s = from_text("t.txt", &format!("a\n{long}\nb\n"), 30, 8);
    let mut s = s;
    update(&mut s, Action::Down);
    let buf = draw(&s);
    let text = s.layout().text;
    let rows = s.rows(1);
    assert!(rows >= 3, "{rows}");
    let cursor_bg = s.settings.theme.cursor_line.bg;
    for y in 0..text.height {
        let bg = buf[(text.x, y)].bg;
        let on_cursor_line = (1..=rows as u16).contains(&y);
        assert_eq!(Some(bg) == cursor_bg, on_cursor_line, "row {y}");
    }
}

#[test]
fn no_row_spills_past_its_pane() {
    // Every row of text fits the text area: nothing is cut or drawn over the outline border.
    let mut s = bundled(70, 20);
    for _ in 0..40 {
        let buf = draw(&s);
        let border_x = s.layout().outline.unwrap().width - 1;
        for y in 0..s.layout().text.height {
            assert_eq!(buf[(border_x, y)].symbol(), "│", "row {y}");
        }
        update(&mut s, Action::PageDown);
    }
}

#[test]
fn bookmarks_and_highlights_show_in_the_gutter_the_outline_and_the_list() {
    let mut s = bundled(80, 24);
    s.notes.clock = || None;
    for a in [
        Action::Goto("3".into()),
        Action::ToggleBookmark,
        Action::Goto("5".into()),
        Action::VisualSelect,
        Action::Down,
        Action::ToggleHighlight,
        Action::Goto("40".into()),
        Action::ToggleBookmark,
        Action::Goto("3".into()),
    ] {
        update(&mut s, a);
    }
    let buf = draw(&s);
    let text = s.layout().text;
    let gutter = s.layout().gutter;
    // Line 3 (row 2) has the bookmark mark; lines 5–6 the highlight's colour as background.
    assert_eq!(buf[(gutter.x, 2)].symbol(), "*");
    let yellow = s.settings.theme.highlights[0].bg;
    for y in [4, 5] {
        assert_eq!(Some(buf[(text.x, y)].bg), yellow, "row {y}");
        assert_eq!(Some(buf[(gutter.x, y)].bg), yellow, "gutter row {y}");
    }
    assert_ne!(Some(buf[(text.x, 6)].bg), yellow);
    insta::assert_snapshot!("annotated_80x24", screen(&buf));
    update(&mut s, Action::BookmarkList);
    insta::assert_snapshot!("bookmarks_list_80x24", snap(&s));
}

#[test]
fn without_colour_the_reading_line_selection_matches_and_highlights_stay_apart() {
    use ratatui::style::Modifier;
    let mut s = bundled(80, 24);
    s.settings.theme = lector::theme::Theme::monochrome();
    // Line 2 highlighted (green), lines 5–6 selected, the cursor on 6, a search for 大飞.
    update(&mut s, Action::Goto("2".into()));
    update(&mut s, Action::CycleHighlightColor); // new highlights are green
    update(&mut s, Action::ToggleHighlight);
    search_all(&mut s, "Meta");
    update(&mut s, Action::Goto("5".into()));
    update(&mut s, Action::VisualSelect);
    update(&mut s, Action::Down);
    let buf = draw(&s);
    let (g, t) = (s.layout().gutter.x, s.layout().text.x);
    let m = |x: u16, y: u16| buf[(x, y)].modifier;
    // The highlight: its colour's initial in the gutter, italic text.
    assert_eq!(buf[(g, 1)].symbol(), "g");
    assert!(m(t, 1).contains(Modifier::ITALIC));
    // A match (line 2 says Meta): underlined, and nothing else is.
    let row = screen(&buf).lines().nth(1).unwrap().to_string();
    assert!(row.contains("Meta"), "{row}");
    let meta_x = (t..80).find(|&x| buf[(x, 1)].symbol() == "M").unwrap();
    assert!(m(meta_x, 1).contains(Modifier::UNDERLINED));
    let after = (t..80).find(|&x| buf[(x, 1)].symbol() == "的").unwrap();
    assert!(!m(after, 1).contains(Modifier::UNDERLINED));
    // The selection (line 5): bold, `|` in the gutter, not reversed.
    assert_eq!(buf[(g, 4)].symbol(), "|");
    assert!(m(t, 4).contains(Modifier::BOLD) && !m(t, 4).contains(Modifier::REVERSED));
    // The reading line (line 6, also selected): reversed.
    assert!(m(t, 5).contains(Modifier::REVERSED));
    for y in 0..24 {
        for x in 0..80 {
            let c = &buf[(x, y)];
            assert_eq!(
                (c.fg, c.bg),
                (ratatui::style::Color::Reset, ratatui::style::Color::Reset),
                "({x},{y})"
            );
        }
    }
}

#[test]
fn titles_notes_and_messages_from_outside_the_transcript_are_drawn_safely() {
    // A sidecar title and a note with a bidi override and an escape sequence: markers, never
    // the raw characters, in the outline, the status bar and the bookmarks list.
    let evil = "abc\u{202e}def\u{1b}[31m";
    let doc = build_document(
        b"one\ntwo\n".to_vec(),
        "t.txt",
        None,
        &LoadOptions::default(),
    )
    .unwrap();
    let outline = lector::outline::Outline::new(
        vec![lector::outline::Topic {
            line: 0,
            title: evil.into(),
            level: 1,
        }],
        lector::outline::Source::Sidecar,
        2,
    );
    let mut s = with(doc, outline, 80, 12);
    s.notes.clock = || None;
    // Typed control and bidi characters never enter a prompt…
    update(&mut s, Action::EditNote);
    for c in evil.chars() {
        update(&mut s, Action::PromptInsert(c));
    }
    let prompt = snap(&s);
    assert!(prompt.contains("note: abcdef[31m"), "{prompt}");
    update(&mut s, Action::Cancel);
    // …but a notes file can hold them.
    let mut b = lector::notes::Bookmark::new(0, "one", None); // 0-based: the first line
    b.note = Some(evil.into());
    s.notes.notes.bookmarks.push(b);
    let normal = snap(&s);
    update(&mut s, Action::BookmarkList);
    let list = snap(&s);
    for screen in [&prompt, &normal, &list] {
        assert!(
            !screen.contains('\u{202e}') && !screen.contains('\u{1b}'),
            "{screen}"
        );
    }
    assert!(normal.contains("✎ abc<U+202E>def^[[31m"), "{normal}");
    assert!(normal.contains("▶ abc<U+202E"), "{normal}");
    assert!(list.contains("<U+202E>"), "{list}");
}

#[test]
fn a_match_split_across_wrapped_rows_highlights_exactly_its_cells() {
    // 20 columns: a 1-cell mark, "1 " and 17 cells of text, so 8 wide characters a row.
    let line = "一二三四五六七最佳拍档九十";
    let mut s = from_text("t.txt", &format!("{line}\n"), 20, 6);
    let generation = {
        let e = update(&mut s, Action::SearchFor("最佳拍档".into()));
        match e.as_slice() {
            [lector::update::Effect::Search { generation, .. }] => *generation,
            other => panic!("{other:?}"),
        }
    };
    let m = lector::search::Match {
        line: 0,
        start: 21,
        end: 33,
    };
    lector::update::on_job(
        &mut s,
        lector::action::JobResult::SearchResults {
            generation,
            matches: vec![m],
            progress: 100,
            done: true,
        },
    );
    let buf = draw(&s);
    let x0 = s.layout().text.x;
    let current = s.settings.theme.search_current.bg;
    let styled = |x: u16, y: u16| Some(buf[(x, y)].bg) == current;
    assert_eq!(
        screen(&buf).lines().take(2).collect::<Vec<_>>(),
        vec![" 1 一二三四五六七最", "   佳拍档九十"]
    );
    // Row 0: only 最 (its two cells: 14, 15); row 1: 佳拍档 (cells 0–5), not 九.
    assert!((0..14).all(|x| !styled(x0 + x, 0)));
    assert!(styled(x0 + 14, 0));
    assert!((0..6).step_by(2).all(|x| styled(x0 + x, 1)));
    assert!(!styled(x0 + 6, 1));
    let _ = Input::Stdin;
}

// ---- the paragraph view ----

fn srt(name: &str, w: u16, h: u16) -> AppState {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    let input = Input::File(path);
    let loaded = load(&input, &LoadOptions::default()).unwrap();
    let outline = outline_for(&loaded.doc, &input, &mut Vec::new())
        .unwrap_or_else(|| Outline::single(&loaded.doc));
    with(loaded.doc, outline, w, h)
}

#[test]
fn paragraphs_flow_at_40_80_and_160_columns() {
    for (w, h) in [(40u16, 12u16), (80, 24), (160, 30)] {
        let mut s = bundled(w, h);
        update(&mut s, Action::ToggleParagraphs);
        run_to(&mut s, "10");
        insta::assert_snapshot!(format!("paragraphs_cjk_{w}"), snap(&s));
        let mut s = srt("tests/data/reading-talk.en.srt", w, h);
        update(&mut s, Action::ToggleParagraphs);
        run_to(&mut s, "12");
        insta::assert_snapshot!(format!("paragraphs_en_{w}"), snap(&s));
    }
}

fn run_to(s: &mut AppState, line: &str) {
    update(s, Action::Goto(line.into()));
    update(s, Action::Cancel);
}

#[test]
fn in_a_paragraph_the_cursor_line_is_a_span_and_so_are_matches_and_bookmarks() {
    let mut s = srt("tests/data/reading-talk.en.srt", 120, 30);
    update(&mut s, Action::ToggleParagraphs);
    run_to(&mut s, "12");
    update(&mut s, Action::ToggleBookmark);
    let buf = draw(&s);
    let theme = &s.settings.theme;
    // Line 12 is the second line of a paragraph that starts at line 11; the row where it
    // starts also holds the end of line 11.
    let line = s.doc.line(11).to_string();
    let head: String = line.chars().take(12).collect();
    let x_text = s.layout().text.x;
    // Cells of the text area (ASCII here: a cell a byte).
    let text_of = |y: u16| -> String {
        (x_text..120)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect()
    };
    let y = (0..30u16).find(|&y| text_of(y).contains(&head)).unwrap();
    let at = text_of(y).find(&head).unwrap() as u16 + x_text;
    assert!(at > x_text, "line 11 ends on the same row");
    let cursor_bg = theme.cursor_line.bg;
    assert_eq!(
        Some(buf[(at, y)].bg),
        cursor_bg,
        "the cursor line's first cell"
    );
    assert_ne!(
        Some(buf[(x_text, y)].bg),
        cursor_bg,
        "the end of line 11 is not the cursor's"
    );
    // The bookmark's `*` on the row where its line starts.
    assert_eq!(buf[(s.layout().gutter.x, y)].symbol(), "*");
}

#[test]
fn the_match_count_names_the_match_on_a_line_reached_without_n() {
    let mut s = bundled(80, 24);
    let matches = search_all(&mut s, "Meta");
    let n = matches.len();
    // The third line holding a match, and the index of its first match.
    let mut lines: Vec<u32> = matches.iter().map(|m| m.line).collect();
    lines.dedup();
    let third = lines[2];
    let k = matches.iter().position(|m| m.line == third).unwrap() + 1;
    update(&mut s, Action::Goto((third + 1).to_string()));
    let text = snap(&s);
    let status = text.lines().last().unwrap();
    assert!(status.contains(&format!(" {k}/{n} ")), "{status}");
    // A line without a match says `-`.
    update(&mut s, Action::Goto("1".into()));
    let text = snap(&s);
    assert!(
        text.lines().last().unwrap().contains(&format!(" -/{n} ")),
        "{text}"
    );
}
