//! Property tests over hostile input: arbitrary bytes through decoding, cleaning and every
//! parser; the outline of any text; rendering any document at any size from 0×0 to 300×100.
//!
//! Case counts are set per block with `ProptestConfig::with_cases` (the README's "What we test"
//! lists them); `PROPTEST_CASES` in the environment overrides them for a longer run.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::action::{Action, JobResult};
use lector::keymap::Keymap;
use lector::load::{Input, LoadOptions, build_document, outline_now};
use lector::outline::{Outline, Source, Topic, sidecar};
use lector::state::AppState;
use lector::text::clean::{clean, is_dirty};
use lector::text::safe_display;
use lector::transcript::{Document, Format, decode, parse};
use lector::update::update;
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::sync::Arc;

/// File names that pick each format by extension, and two that leave it to sniffing.
const NAMES: [&str; 6] = ["t.txt", "t.srt", "t.vtt", "t.md", "noext", "t.SRT"];

/// `--encoding` values tried on every input besides detection.
const FORCED: [Option<&str>; 4] = [
    None,
    Some("utf-16le"),
    Some("gb18030"),
    Some("windows-1252"),
];

/// Pieces that steer the decoders and parsers into their corners: BOMs, line endings, timing
/// lines (good, broken, reversed, huge), cue numbers, WebVTT blocks, tags, character references,
/// Markdown headings and fences, escape sequences, OSC 8 links, bidi and zero-width characters,
/// bad UTF-8 and GBK bytes, NULs.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    const PIECES: &[&[u8]] = &[
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\n",
        b"\r\n",
        b"\r",
        b"\n\n",
        b"1\n",
        b"42\n",
        b"00:00:01,000 --> 00:00:02,000\n",
        b"00:01.500 --> 00:02.000 align:start\n",
        b"01:00:00.000 --> 00:00:00.000\n",
        b"999:59:59,999 --> 0:0:0,0\n",
        b"00:00:0x,000 --> 00:00:02,000\n",
        b"-->\n",
        b"00:00:01,000 -->",
        b"WEBVTT\n",
        b"WEBVTT - title\nKind: captions\n",
        b"NOTE x\n",
        b"STYLE\n::cue {}\n",
        b"<i>",
        b"</i>",
        b"<c.yellow>",
        b"<00:00:01.000>",
        b"<br>",
        b"{\\an8}",
        b"\\N",
        b"&amp;",
        b"&#x202E;",
        b"&#0;",
        b"&#10;",
        b"&#xFFFFFFFF;",
        b"&lrm;",
        b"# Heading\n",
        b"###### deep #\n",
        b"```\n",
        b"~~~~\n",
        b"\t",
        b" ",
        b"\x1b[31m",
        b"\x1b[0m",
        b"\x1b]8;;https://example.com\x1b\\",
        b"\x1b]2;title\x07",
        b"\x07",
        b"\x7f",
        b"\x00",
        b"\xC2\x85",
        b"\xC2\x9B",
        b"\xE2\x80\xAE",
        b"\xE2\x81\xA6",
        b"\xE2\x80\x8B",
        b"\xE2\x80\x8D",
        b"\xE2\x80\xA8",
        b"\xEF\xBB\xBF",
        b"\xD8\x9C",
        "中文字幕，".as_bytes(),
        "e\u{301}".as_bytes(),
        "👩‍💻".as_bytes(),
        b"\xD6\xD0\xCE\xC4",
        b"\xFF",
        b"\xC3",
        b"\xED\xA0\x80",
        b"word ",
        b"Llama ",
    ];
    prop_oneof![
        3 => proptest::sample::select(PIECES).prop_map(<[u8]>::to_vec),
        1 => proptest::collection::vec(any::<u8>(), 0..12),
    ]
}

/// Bytes made of [`piece`]s, or plain arbitrary bytes.
fn hostile_bytes() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        3 => proptest::collection::vec(piece(), 0..48).prop_map(|v| v.concat()),
        1 => proptest::collection::vec(any::<u8>(), 0..512),
    ]
}

fn opts(encoding: Option<&str>) -> LoadOptions {
    LoadOptions {
        encoding: encoding.map(str::to_string),
        ..LoadOptions::default()
    }
}

/// What every document must be, whatever it was made from.
fn check_document(doc: &Document) -> Result<(), TestCaseError> {
    prop_assert_ne!(doc.len(), 0, "a document has at least one line");
    let text = doc.text();
    prop_assert!(!text.chars().any(is_dirty), "dirty character in {:?}", text);
    prop_assert_eq!(
        clean(text.to_string()),
        text,
        "cleaning twice changes nothing"
    );
    prop_assert!(!doc.name.chars().any(is_dirty) && !doc.name.contains('\n'));
    let mut bytes = 0;
    for i in 0..doc.len() {
        let line = doc.line(i);
        prop_assert!(!line.contains('\n'));
        bytes += line.len() + 1;
        if let Some(t) = doc.time(i) {
            prop_assert!(t < u32::MAX);
        }
    }
    // Every byte of the text is in a line or is a line's newline.
    prop_assert!(bytes == text.len() || bytes == text.len() + 1);
    if doc.is_timed() {
        for ms in [0, 1, 60_000, u32::MAX - 1, u32::MAX] {
            let line = doc.line_at_time(ms);
            prop_assert!(line.is_none_or(|l| l < doc.len()));
        }
    }
    for h in &doc.headings {
        prop_assert!(h.line < doc.len(), "heading past the end: {:?}", h);
        prop_assert!((1..=6).contains(&h.level));
        prop_assert!(!h.title.chars().any(is_dirty));
    }
    Ok(())
}

/// Topics sorted, distinct, inside the document, titled with clean text.
fn check_outline(o: &Outline, doc: &Document) -> Result<(), TestCaseError> {
    prop_assert!(
        o.topics.windows(2).all(|w| w[0].line < w[1].line),
        "unsorted: {:?}",
        o.topics
    );
    for t in &o.topics {
        prop_assert!(t.line < doc.len(), "topic past the end: {:?}", t);
        prop_assert!(t.level >= 1);
        prop_assert!(
            !t.title.chars().any(is_dirty) && !t.title.contains('\n'),
            "dirty title {:?}",
            t.title
        );
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// Bytes → decode → clean → parse → document, for every way of choosing the format and
    /// the encoding: never a panic; a document with at least one line, or a refusal.
    #[test]
    fn any_bytes_give_a_document_or_a_refusal(bytes in hostile_bytes(), read in 1usize..300) {
        // The loader's check as the bytes stream in, in reads of any size, agrees with decoding.
        let mut check = decode::BinaryCheck::default();
        let mut streamed = check.feed(&[], bytes.is_empty()).is_err();
        let mut end = 0;
        while end < bytes.len() && !streamed {
            end = (end + read).min(bytes.len());
            streamed = check.feed(&bytes[..end], end == bytes.len()).is_err();
        }
        prop_assert_eq!(streamed, decode::decode(bytes.clone(), None).is_err());
        for name in NAMES {
            for forced in FORCED {
                match build_document(bytes.clone(), name, Some(std::path::Path::new(name)), &opts(forced)) {
                    Ok(doc) => check_document(&doc)?,
                    Err(e) => {
                        // Only detection refuses (binary); a forced encoding always decodes.
                        prop_assert!(forced.is_none(), "{e}");
                        prop_assert_eq!(e.to_string(), format!("{name}: looks like a binary file, not text"));
                    }
                }
            }
        }
    }

    /// Every parser on any text (not only what decoding gives): lines, one time per line.
    #[test]
    fn every_parser_gives_lines(bytes in hostile_bytes()) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let _ = parse::sniff(&text);
        for format in [Format::Plain, Format::Srt, Format::Vtt, Format::Markdown] {
            let p = parse::parse(text.clone(), format);
            let lines = p.text.split('\n').count();
            if let Some(times) = &p.times {
                prop_assert!(times.len() == lines || (times.is_empty() && p.text.is_empty()));
            }
            for h in &p.headings {
                prop_assert!(h.line < lines);
            }
            let mut doc = Document::new("t", format, clean(p.text)).with_headings(p.headings);
            if let Some(times) = p.times {
                doc = doc.with_times(times);
            }
            check_document(&doc)?;
        }
    }

    /// Every encoding label on any bytes decodes without a panic.
    #[test]
    fn decoding_with_any_label_never_panics(bytes in hostile_bytes()) {
        for label in ["utf-8", "utf-16le", "utf-16be", "gb18030", "gbk", "big5", "shift_jis",
                      "euc-kr", "windows-1252", "iso-2022-jp", "x-user-defined", "replacement"] {
            let d = decode::decode(bytes.clone(), Some(label));
            prop_assert!(d.is_ok(), "{label}");
        }
    }

    /// Names (file names, paths) shown in messages and the status bar: no control or bidi
    /// character, no newline, and cleaning again changes nothing.
    #[test]
    fn names_are_shown_safely(bytes in hostile_bytes()) {
        let name = String::from_utf8_lossy(&bytes);
        let shown = safe_display(&name);
        prop_assert!(!shown.chars().any(is_dirty) && !shown.contains('\n'), "{shown:?}");
        prop_assert_eq!(safe_display(&shown), shown.clone());
        prop_assert_eq!(clean(shown.clone()), shown);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The outline the reader would show (sidecar, headings, automatic) for any text: topics
    /// sorted, inside the document, with clean titles.
    #[test]
    fn outlines_are_sorted_and_inside_the_document(
        bytes in hostile_bytes(),
        name in proptest::sample::select(&NAMES[..]),
    ) {
        let Ok(doc) = build_document(bytes, name, None, &LoadOptions::default()) else {
            return Ok(());
        };
        for auto in [false, true] {
            let o = outline_now(&doc, &Input::Stdin, auto, &lector::outline::edits::OutlineEdits::default(), &mut Vec::new());
            prop_assert!(!o.topics.is_empty());
            check_outline(&o, &doc)?;
        }
    }

    /// A sidecar with any lines and any titles (escapes, bidi overrides, newlines): the outline
    /// keeps only topics inside the document, sorted, with titles that are safe to draw.
    #[test]
    fn sidecar_outlines_are_sorted_inside_and_clean(
        topics in proptest::collection::vec((0usize..40, any::<String>(), 0u8..8), 0..12),
        len in 1usize..30,
    ) {
        let doc = Document::new("t", Format::Plain, "x\n".repeat(len));
        let mut toml = String::new();
        for (line, title, level) in &topics {
            toml.push_str(&format!(
                "[[topic]]\nline = {line}\ntitle = {}\nlevel = {level}\n",
                toml_string(title)
            ));
        }
        let o = sidecar::parse(&toml, doc.len()).map_err(|e| TestCaseError::fail(format!("{e}\n{toml}")))?;
        prop_assert_eq!(o.source, Source::Sidecar);
        check_outline(&o, &doc)?;
    }
}

/// Queries with empty matches, anchors, newlines and classes that scanning the whole buffer at
/// once must get right.
const QUERIES: [&str; 16] = [
    "a", "^", "$", "\\b", "x*", ".", "(?s).", "\\n", "中", "[^a]", "a|^", "\\s+", "^$", "\\^\\[",
    "<U+", "(",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Scanning the buffer from any line on finds exactly what matching each line on its own
    /// finds, in order (the search's promise: matches never span lines).
    #[test]
    fn scanning_the_buffer_finds_what_each_line_finds(
        bytes in hostile_bytes(),
        query in proptest::sample::select(&QUERIES[..]),
        from in 0usize..64,
    ) {
        let Ok(doc) = build_document(bytes, "t.txt", None, &LoadOptions::default()) else {
            return Ok(());
        };
        let m = lector::search::Matcher::new(query).expect("not empty");
        let from = from.min(doc.len() - 1);
        let mut scanned = Vec::new();
        let range = doc.line_range(from).start..doc.text().len();
        lector::search::scan_bytes(&doc, &m, range, &mut |x| {
            scanned.push(x);
            true
        });
        let expected: Vec<lector::search::Match> = (from..doc.len())
            .flat_map(|i| {
                m.find_iter(doc.line(i)).map(move |r| lector::search::Match {
                    line: i as u32,
                    start: r.start as u32,
                    end: r.end as u32,
                })
            })
            .collect();
        prop_assert_eq!(scanned, expected);
    }
}

/// `s` as a TOML basic string, every non-printable character escaped.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Actions a user (or a background job) can send before the frame is drawn.
fn user_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Down),
        Just(Action::Up),
        Just(Action::PageDown),
        Just(Action::HalfPageUp),
        Just(Action::Bottom),
        Just(Action::Top),
        Just(Action::NextTopic),
        Just(Action::PrevTopic),
        Just(Action::SwitchFocus),
        Just(Action::ToggleOutline),
        Just(Action::ToggleHelp),
        Just(Action::ToggleParagraphs),
        Just(Action::ToggleWrap),
        Just(Action::ScrollDown),
        Just(Action::Count(5)),
        Just(Action::HelpDown),
        Just(Action::GotoPrompt),
        Just(Action::SearchForward),
        Just(Action::OutlineFilter),
        Just(Action::Cancel),
        Just(Action::PromptSubmit),
        prop_oneof![
            any::<char>(),
            proptest::sample::select(
                &[
                    '\x1b', '\x07', '\u{85}', '\u{202E}', '\u{2066}', '\u{200B}', '中', 'a'
                ][..]
            ),
        ]
        .prop_map(Action::PromptInsert),
        prop_oneof!["[0-9:%]{0,6}", "[0-9:%.+-]{0,25}", ".{0,12}"].prop_map(Action::Goto),
        prop_oneof![
            Just("a"),
            Just("."),
            Just("^"),
            Just("中"),
            Just("\\w+"),
            Just("[")
        ]
        .prop_map(|q| Action::SearchFor(q.to_string())),
        (0u16..320, 0u16..110).prop_map(|(c, r)| Action::Click { col: c, row: r }),
        (0u16..320, 0u16..110, -3i16..4).prop_map(|(c, r, d)| Action::Scroll {
            col: c,
            row: r,
            delta: d
        }),
    ]
}

/// An automatic outline arriving from the background.
fn outline_job() -> impl Strategy<Value = Step> {
    proptest::collection::vec((0usize..60, ".{0,12}", 1u8..4), 0..6).prop_map(|ts| {
        let topics = ts
            .into_iter()
            .map(|(line, title, level)| Topic {
                line,
                title: clean(title),
                level,
            })
            .collect();
        Step::Job(JobResult::OutlineReady {
            generation: 0,
            outline: Outline::new(topics, Source::Automatic, 60),
            local: false,
        })
    })
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => user_action().prop_map(Step::Action),
        1 => outline_job(),
    ]
}

/// What happens to a state: a user's action, or a background job's result.
#[derive(Debug, Clone)]
enum Step {
    Action(Action),
    Job(JobResult),
}

fn apply_step(s: &mut AppState, step: Step) {
    match step {
        Step::Action(a) => {
            update(s, a);
        }
        Step::Job(r) => {
            lector::update::on_job(s, r);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any document, at any size from 0×0 to 300×100, after any few actions: drawing never
    /// panics and no cell holds a control or bidi character.
    #[test]
    fn rendering_never_panics_at_any_size(
        bytes in hostile_bytes(),
        name in proptest::sample::select(&NAMES[..]),
        w in 0u16..=300,
        h in 0u16..=100,
        actions in proptest::collection::vec(step(), 0..8),
        frame in (0u16..=300, 0u16..=100),
    ) {
        let Ok(doc) = build_document(bytes, name, None, &LoadOptions::default()) else {
            return Ok(());
        };
        let outline = Outline::from_headings(&doc).unwrap_or_else(|| Outline::single(&doc));
        let mut s = AppState::new(Arc::new(doc), outline, Arc::new(Keymap::default_keymap()));
        update(&mut s, Action::Resize(w, h));
        let area = Rect::new(0, 0, w, h);
        for a in actions {
            let mut buf = Buffer::empty(area);
            lector::ui::render(&s, area, &mut buf);
            apply_step(&mut s, a);
            // The layout kept in the state is the one its size gives.
            prop_assert_eq!(s.layout(), s.layout_for(s.view.size));
        }
        // A frame of another size than the last resize (the terminal changed meanwhile) is
        // drawn at its own size.
        let other = Rect::new(0, 0, frame.0, frame.1);
        let mut buf = Buffer::empty(other);
        lector::ui::render(&s, other, &mut buf);
        let mut buf = Buffer::empty(area);
        lector::ui::render(&s, area, &mut buf);
        for y in 0..h {
            for x in 0..w {
                let sym = buf[(x, y)].symbol();
                prop_assert!(
                    !sym.chars().any(|c| is_dirty(c) || c.is_control()),
                    "cell ({x}, {y}) holds {sym:?}"
                );
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// In the paragraph view as in the line view, after any moves the cursor line is on screen
    /// and the view never starts past the end.
    #[test]
    fn the_cursor_line_stays_on_screen_in_both_views(
        lines in proptest::collection::vec("[a-z .。中文]{0,60}", 1..80),
        w in 20u16..=120,
        h in 4u16..=40,
        paragraphs: bool,
        moves in proptest::collection::vec(user_action(), 0..20),
    ) {
        let text = lines.join("\n");
        let doc = lector::transcript::Document::new("t.txt", lector::transcript::Format::Plain, text);
        let outline = Outline::single(&doc);
        let mut s = AppState::new(Arc::new(doc), outline, Arc::new(Keymap::default_keymap()));
        update(&mut s, Action::Resize(w, h));
        if paragraphs {
            update(&mut s, Action::ToggleParagraphs);
        }
        for a in moves {
            if matches!(a, Action::Resize(..) | Action::SearchFor(_)) {
                continue;
            }
            update(&mut s, a);
            if s.help.is_some() || s.layout().too_small {
                continue;
            }
            prop_assert!(s.view.top < s.blocks());
            let (start, end) = s.line_span(s.view.cursor);
            let top = (s.view.top, s.view.top_row);
            let bottom = s.bottom_pos();
            prop_assert!(
                end >= top && start <= bottom,
                "cursor {} spans {:?}–{:?}, screen {:?}–{:?}",
                s.view.cursor, start, end, top, bottom
            );
        }
    }
}
