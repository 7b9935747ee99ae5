//! Property: the notes file round-trips — save (serialise), load (parse), equal — for any
//! bookmarks, notes and highlights, with quotes, backslashes, newlines, CJK, emoji and control
//! characters in their text.

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
