//! Bytes → text: detection (BOMs, binary check, damaged UTF-8, chardetng) and forced labels,
//! then the whole load of a file whose format is sniffed from its content.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

/// `--encoding` labels, picked by the first byte.
const LABELS: [&str; 8] = [
    "utf-8",
    "utf-16le",
    "utf-16be",
    "gb18030",
    "big5",
    "windows-1252",
    "shift_jis",
    "x-user-defined",
];

fuzz_target!(|data: &[u8]| {
    let detected = lector::transcript::decode::decode(data.to_vec(), None);
    if let Ok(d) = &detected {
        assert!(!d.encoding.is_empty());
    }
    // The loader checks binary input as it streams in, in reads of any size: it must decide as
    // decoding the whole does. The read size comes from the last byte.
    let read = data.last().map_or(1, |&b| b as usize + 1);
    let mut check = lector::transcript::decode::BinaryCheck::default();
    let mut streamed = check.feed(&[], data.is_empty()).is_err();
    let mut end = 0;
    while end < data.len() && !streamed {
        end = (end + read).min(data.len());
        streamed = check.feed(&data[..end], end == data.len()).is_err();
    }
    assert_eq!(streamed, detected.is_err(), "streamed binary check and decode disagree");
    if let Some((&first, rest)) = data.split_first() {
        let label = LABELS[first as usize % LABELS.len()];
        let d = lector::transcript::decode::decode(rest.to_vec(), Some(label));
        assert!(d.is_ok(), "forced {label} must decode");
    }
    common::load_as(data, "input", None);
});
