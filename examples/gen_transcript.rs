//! Writes a large synthetic transcript to standard output, for the scale benchmarks and
//! `scripts/compare-with-less.sh`:
//!
//! ```sh
//! cargo run --release --example gen_transcript -- 1000000 > /tmp/big.txt
//! cargo run --release --example gen_transcript -- 1000000 srt > /tmp/big.srt
//! cargo run --release --example gen_transcript -- 10000000 line-latin > /tmp/line.txt
//! ```
//!
//! The second argument is the kind: `txt` (the default: LINES lines), `srt` (LINES captions of
//! the same lines, 200 ms each; four lines of file a caption), `line-latin` or `line-cjk` (one
//! line of LINES bytes of Latin words, or of Chinese without spaces).
//!
//! The lines come from `benches/common/mod.rs` (shared with the benches): deterministic, mixed
//! Chinese and Latin, ~48 bytes a line; the first and last lines carry marks no other line has,
//! and the last line a phrase no other line has (`zebraquokka`). In an SRT the first screen's
//! mark is on caption 10 instead of 39, the caption whose text is on line 39 of the file (the
//! last line of less's first screen, which shows the file as it is).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use std::io::Write;

#[path = "../benches/common/mod.rs"]
mod common;

fn main() -> std::io::Result<()> {
    let lines: usize = match std::env::args().nth(1) {
        Some(a) => a.replace([',', '_'], "").parse().map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "usage: gen_transcript [LINES] [txt|srt|line-latin|line-cjk]",
            )
        })?,
        None => 1_000_000,
    };
    let kind = std::env::args().nth(2).unwrap_or_else(|| "txt".into());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let mut result = Ok(());
    match kind.as_str() {
        "txt" => common::for_each_line(lines, |l| {
            if result.is_ok() {
                result = out
                    .write_all(l.as_bytes())
                    .and_then(|()| out.write_all(b"\n"));
            }
        }),
        "srt" => {
            // Caption 10's text is line 39 of the file: the mark moves there.
            const SRT_SCREEN_CAPTION: usize = 9;
            let mut i = 0usize;
            common::for_each_line(lines, |l| {
                let l = l
                    .strip_prefix(common::SCREEN_MARK)
                    .map_or(l, str::trim_start);
                let mark = if i == SRT_SCREEN_CAPTION {
                    format!("{} ", common::SCREEN_MARK)
                } else {
                    String::new()
                };
                let (start, end) = (i as u64 * 200, i as u64 * 200 + 200);
                if result.is_ok() {
                    result = writeln!(
                        out,
                        "{}\n{} --> {}\n{mark}{l}\n",
                        i + 1,
                        srt_time(start),
                        srt_time(end)
                    );
                }
                i += 1;
            });
        }
        "line-latin" | "line-cjk" => {
            let line = common::long_line(lines, kind == "line-cjk");
            result = out
                .write_all(line.as_bytes())
                .and_then(|()| out.write_all(b"\n"));
        }
        _ => {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "the kind is txt, srt, line-latin or line-cjk",
            ));
        }
    }
    result?;
    out.flush()
}

/// `HH:MM:SS,mmm`.
fn srt_time(ms: u64) -> String {
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    format!("{h:02}:{m:02}:{s:02},{:03}", ms % 1000)
}
