//! Links the `lector` binary as a position-dependent executable on Linux (`-no-pie`).
//!
//! Its dependencies bring ~50,000 relative relocations (jieba's HMM tables of `&str`, Unicode
//! tables…): in a position-independent executable the dynamic loader patches all of them at
//! every start, copy-on-write faulting ~1.1 MB of `.data.rel.ro`. That was ~0.8 ms of CPU and
//! 290 page faults before `main` — a third of the time `less` takes to show its first screen —
//! and 1.8 MiB of resident memory. The price: the executable itself is not placed at a random
//! address (its libraries, heap and stacks still are). Only the binary is linked so; tests,
//! benches and the library are not affected.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
