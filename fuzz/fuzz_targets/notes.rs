//! The notes loader: any bytes as a notes file either parse or give an error with a position —
//! never a panic — and what parses saves and parses back to the same notes.
#![no_main]

use lector::notes::Notes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Notes::parse(text) {
        Ok(notes) => {
            let again = Notes::parse(&notes.to_toml()).expect("saved notes parse");
            assert_eq!(again, notes, "notes round-trip");
        }
        Err(e) => {
            assert!(!e.message.is_empty());
            if let Some(line) = e.line {
                assert!(line >= 1 && line <= text.lines().count().max(1) + 1, "{e}");
            }
        }
    }
});
