//! Loads a transcript the way the reader does (`lector::load::load`: read, decode, parse, clean,
//! index) and reports the time it took and the process's peak memory, against the file's size:
//!
//! ```sh
//! cargo run --release --example load_memory -- FILE [FILE…]
//! ```
//!
//! Nothing else is done (no outline, no terminal), so the figure is the load path's own. Peak
//! memory is `VmHWM` from `/proc/self/status` (Linux); each file is loaded in a process of its
//! own (the example re-runs itself), so one file's peak does not hide the next one's.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::load::{Input, LoadOptions, load};
use std::time::Instant;

fn status_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(field))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        eprintln!("usage: load_memory FILE [FILE…]");
        std::process::exit(2);
    }
    if args.len() > 1 || std::env::var_os("LOAD_MEMORY_CHILD").is_none() {
        for file in &args {
            let status = std::process::Command::new(std::env::current_exe().expect("exe"))
                .arg(file)
                .env("LOAD_MEMORY_CHILD", "1")
                .status();
            if !status.is_ok_and(|s| s.success()) {
                eprintln!("{file}: failed");
            }
        }
        return;
    }
    let file = &args[0];
    let size = std::fs::metadata(file).map_or(0, |m| m.len());
    let before = status_kib("VmHWM:").unwrap_or(0);
    let start = Instant::now();
    let loaded = match load(&Input::File(file.into()), &LoadOptions::default()) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let took = start.elapsed();
    let peak = status_kib("VmHWM:").unwrap_or(0);
    let rss = status_kib("VmRSS:").unwrap_or(0);
    let file_mib = size as f64 / f64::from(1 << 20);
    println!(
        "{file}: {file_mib:.1} MiB, {} lines, {:?} text {:.1} MiB; load {:.0} ms; \
         peak RSS {:.1} MiB ({:.2}× the file; {:.1} MiB before loading), after {:.1} MiB",
        loaded.doc.len(),
        loaded.doc.format,
        loaded.doc.text().len() as f64 / f64::from(1 << 20),
        took.as_secs_f64() * 1000.0,
        mib(peak),
        mib(peak) / file_mib.max(f64::MIN_POSITIVE),
        mib(before),
        mib(rss),
    );
}
