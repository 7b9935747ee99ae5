//! Writes a large synthetic transcript to standard output, for the scale benchmarks and
//! `scripts/compare-with-less.sh`:
//!
//! ```sh
//! cargo run --release --example gen_transcript -- 1000000 > /tmp/big.txt
//! ```
//!
//! The lines come from `benches/common/mod.rs` (shared with the benches): deterministic, mixed
//! Chinese and Latin, ~48 bytes a line; the first and last lines carry marks no other line has,
//! and the last line a phrase no other line has (`zebraquokka`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use std::io::Write;

#[path = "../benches/common/mod.rs"]
mod common;

fn main() -> std::io::Result<()> {
    let lines: usize = match std::env::args().nth(1) {
        Some(a) => a.replace([',', '_'], "").parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "usage: gen_transcript [LINES]",
            )
        })?,
        None => 1_000_000,
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut result = Ok(());
    common::for_each_line(lines, |l| {
        if result.is_ok() {
            result = out
                .write_all(l.as_bytes())
                .and_then(|()| out.write_all(b"\n"));
        }
    });
    result?;
    out.flush()
}
