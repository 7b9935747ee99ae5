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
    // The loader refuses binary input from its first bytes, before reading the rest: it must
    // decide as decoding the whole does.
    let sniff = data.len().min(lector::transcript::decode::BINARY_SNIFF + 8);
    assert_eq!(
        lector::transcript::decode::looks_binary(&data[..sniff]),
        detected.is_err(),
        "early binary check and decode disagree"
    );
    if let Some((&first, rest)) = data.split_first() {
        let label = LABELS[first as usize % LABELS.len()];
        let d = lector::transcript::decode::decode(rest.to_vec(), Some(label));
        assert!(d.is_ok(), "forced {label} must decode");
    }
    common::load_as(data, "input", None);
});
