//! Property: the notes file round-trips — save (serialise), load (parse), equal — for any
//! bookmarks, notes and highlights, with quotes, backslashes, newlines, CJK, emoji and control
//! characters in their text.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::notes::{Bookmark, Color, Highlight, Notes};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\"'\\\\\n\r\t a-z]{0,20}",
        "[扎克伯格开源模型🎉🚀 ]{0,12}",
        Just("三引号 \"\"\" and ''' and \\u0000".to_string()),
    ]
}

fn bookmark() -> impl Strategy<Value = Bookmark> {
    (1usize..100_000, text(), proptest::option::of(text())).prop_map(|(line, t, note)| {
        let mut b = Bookmark::new(line, &t, None);
        b.note = note;
        b
    })
}

fn highlight() -> impl Strategy<Value = Highlight> {
    (1usize..100_000, 0usize..50, 0usize..5, text())
        .prop_map(|(start, len, c, t)| Highlight::new(start, start + len, Color::ALL[c], &t))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn notes_round_trip(
        bookmarks in proptest::collection::vec(bookmark(), 0..20),
        highlights in proptest::collection::vec(highlight(), 0..10),
    ) {
        let mut notes = Notes { bookmarks, highlights, ..Notes::default() };
        notes.normalize();
        let saved = notes.to_toml();
        let loaded = Notes::parse(&saved).expect("what lector saves, it reads back");
        prop_assert_eq!(loaded, notes);
    }
}

// ---- any sequence of operations, against a per-line reference ----

use lector::notes::history::History;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum Op {
    Bookmark(usize),
    Note(usize, Option<String>),
    Highlight(usize, usize, usize),
    RemoveHighlight(usize),
    Recolor(usize, usize),
    Undo,
    Redo,
}

fn op() -> impl Strategy<Value = Op> {
    let line = 0usize..30;
    prop_oneof![
        line.clone().prop_map(Op::Bookmark),
        (line.clone(), proptest::option::of("[a-z 笔记]{0,6}")).prop_map(|(l, n)| Op::Note(l, n)),
        (line.clone(), line.clone(), 0usize..3).prop_map(|(a, b, c)| Op::Highlight(a, b, c)),
        line.clone().prop_map(Op::RemoveHighlight),
        (line, 0usize..3).prop_map(|(l, c)| Op::Recolor(l, c)),
        Just(Op::Undo),
        Just(Op::Redo),
    ]
}

/// What the notes should be, line by line: a bookmark (with its note) and a colour.
#[derive(Debug, Clone, Default, PartialEq)]
struct Reference {
    bookmarks: BTreeMap<usize, Option<String>>,
    colors: BTreeMap<usize, Color>,
}

impl Reference {
    /// The lines of the same colour around `line`: what one highlight covers.
    fn run(&self, line: usize) -> Option<(usize, usize)> {
        let c = *self.colors.get(&line)?;
        let mut a = line;
        while a > 0 && self.colors.get(&(a - 1)) == Some(&c) {
            a -= 1;
        }
        let mut b = line;
        while self.colors.get(&(b + 1)) == Some(&c) {
            b += 1;
        }
        Some((a, b))
    }

    fn of(n: &Notes) -> Reference {
        let mut r = Reference::default();
        for b in &n.bookmarks {
            assert!(
                r.bookmarks.insert(b.line, b.note.clone()).is_none(),
                "two on a line"
            );
        }
        for h in &n.highlights {
            for l in h.start..=h.end {
                assert!(
                    r.colors.insert(l, h.color).is_none(),
                    "overlapping highlights"
                );
            }
        }
        r
    }
}

fn text_of(i: usize) -> String {
    format!("line {i}")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Issue 12: any sequence of bookmark, note, highlight, undo and redo operations, then
    /// save and load, keeps exactly the lines the operations say — no highlighted line lost
    /// to an overlap, no bookmark doubled — and undo/redo walk the same states.
    #[test]
    fn operations_keep_exactly_what_they_say(ops in proptest::collection::vec(op(), 0..40)) {
        let mut notes = Notes::default();
        let mut history = History::default();
        let mut want = Reference::default();
        let (mut undo, mut redo): (Vec<Reference>, Vec<Reference>) = (Vec::new(), Vec::new());
        for op in ops {
            let before = want.clone();
            match &op {
                Op::Undo => {
                    history.undo(&mut notes);
                    if let Some(r) = undo.pop() {
                        redo.push(std::mem::replace(&mut want, r));
                    }
                }
                Op::Redo => {
                    history.redo(&mut notes);
                    if let Some(r) = redo.pop() {
                        undo.push(std::mem::replace(&mut want, r));
                    }
                }
                Op::Bookmark(l) => {
                    history.record(notes.toggle_bookmark(*l, &text_of(*l), None));
                    if want.bookmarks.remove(l).is_none() {
                        want.bookmarks.insert(*l, None);
                    }
                }
                Op::Note(l, n) => {
                    history.record(notes.set_note(*l, n.as_deref(), &text_of(*l), None));
                    let n = n.as_deref().map(str::trim).filter(|n| !n.is_empty()).map(String::from);
                    want.bookmarks.insert(*l, n);
                }
                Op::Highlight(a, b, c) => {
                    let c = Color::ALL[*c];
                    history.record(notes.add_highlight(*a, *b, c, &text_of));
                    for l in *a.min(b)..=*a.max(b) {
                        want.colors.insert(l, c);
                    }
                }
                Op::RemoveHighlight(l) => {
                    history.record(notes.remove_highlight_at(*l));
                    if let Some((a, b)) = want.run(*l) {
                        for x in a..=b {
                            want.colors.remove(&x);
                        }
                    }
                }
                Op::Recolor(l, c) => {
                    let c = Color::ALL[*c];
                    history.record(notes.set_highlight_color(*l, c, &text_of));
                    if let Some((a, b)) = want.run(*l) {
                        for x in a..=b {
                            want.colors.insert(x, c);
                        }
                    }
                }
            }
            if !matches!(op, Op::Undo | Op::Redo) && want != before {
                undo.push(before);
                redo.clear();
            }
            prop_assert_eq!(Reference::of(&notes), want.clone(), "after {:?}", op);
        }
        let loaded = Notes::parse(&notes.to_toml()).expect("what lector saves, it reads back");
        prop_assert_eq!(Reference::of(&loaded), want);
        prop_assert_eq!(loaded, notes);
    }
}

// ---- entries lector cannot show are written back as they were ----

fn raw_entry() -> impl Strategy<Value = String> {
    let n = prop_oneof![any::<i64>(), -3i64..600, Just(i64::MAX), Just(0i64)];
    let color = prop_oneof![
        Just(String::new()),
        Just("color = \"green\"\n".to_string()),
        Just("color = \"orange\"\n".to_string()),
    ];
    prop_oneof![
        (n.clone(), "[a-z 中]{0,5}")
            .prop_map(|(l, t)| format!("[[bookmark]]\nline = {l}\ntext = {t:?}\nmine = 1\n")),
        (n.clone(), n, color)
            .prop_map(|(s, e, c)| format!("[[highlight]]\nstart = {s}\nend = {e}\n{c}")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Issue 13, item 5: any mix of entries with lines below 1, past any end, ranges that end
    /// before they start and unknown colours reads, saves and reads back the same — and every
    /// number written in the file is written back.
    #[test]
    fn odd_entries_round_trip(entries in proptest::collection::vec(raw_entry(), 0..12)) {
        let text = format!("version = 1\n{}", entries.concat());
        let notes = Notes::parse(&text).expect("integers of any value parse");
        let saved = notes.to_toml();
        let again = Notes::parse(&saved).expect("what lector saves, it reads back");
        prop_assert_eq!(&again, &notes);
        for e in &entries {
            for line in e.lines().filter(|l| l.starts_with("start") || l.starts_with("end")) {
                prop_assert!(saved.contains(line), "{} lost from\n{}", line, saved);
            }
        }
    }
}
