//! Nothing from a file reaches the terminal raw through a subcommand: notes, unplaced quotes,
//! topic titles (from a sidecar and from the notes' outline edits) and file names holding escape
//! sequences, C1 controls and bidi overrides come out escaped (JSON, TOML) or as visible markers
//! (text, Markdown, messages) — on stdout and on stderr.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use std::path::Path;
use std::process::{Command, Output};

/// OSC 2 (window title), OSC 52 (clipboard), an 8-bit CSI, a bidi override.
const EVIL: &str = "x\u{1b}]2;pwned\u{7}\u{1b}]52;c;cHduZWQ=\u{7}\u{9b}31m\u{202e}y";

fn lector(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lector"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_RUNTIME_DIR", home.join("run"))
        .output()
        .unwrap()
}

/// The first raw escape, C1 control or bidi override in `bytes`, if any.
fn dirty(bytes: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(bytes);
    text.char_indices()
        .find(|(_, c)| {
            matches!(*c, '\u{1b}' | '\u{7}' | '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .map(|(i, c)| {
            let from = text[..i].char_indices().rev().nth(30).map_or(0, |(j, _)| j);
            format!("{c:?} in …{}…", &text[from..(i + 1).min(text.len())])
        })
}

#[test]
fn every_subcommand_keeps_escapes_from_files_off_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let name = format!("talk{}.txt", "\u{1b}[31m");
    let file = dir.join(&name);
    std::fs::write(&file, "first line\nsecond line\nthird line\n").unwrap();
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    std::fs::write(
        dir.join(format!("{name}.outline.toml")),
        format!("[[topic]]\nline = 1\ntitle = {}\n", q(EVIL)),
    )
    .unwrap();
    // A notes file with the evil text in a note, an unplaceable bookmark's text and a topic.
    let notes = dir.join("n.toml");
    std::fs::write(
        &notes,
        format!(
            "version = 1\n\n[[bookmark]]\nline = 2\ntext = \"second line\"\nnote = {e}\n\n\
             [[bookmark]]\nline = 3\ntext = {e}\n\n[[outline.topic]]\nline = 2\ntitle = {e}\nlevel = 1\n",
            e = q(EVIL)
        ),
    )
    .unwrap();
    let f = file.to_str().unwrap();
    let n = notes.to_str().unwrap();
    let runs: Vec<Vec<&str>> = vec![
        vec!["outline", f],
        vec!["outline", "--format", "toml", f],
        vec!["outline", "--notes", n, f],
        vec!["export", "--notes", n, f],
        vec!["export", "--notes", n, "--format", "json", f],
        vec!["export", "--notes", n, "--format", "toml", f],
        vec!["export", "--notes", n, "--path", f],
        vec!["notes", "--list"],
        vec![f],
    ];
    for args in &runs {
        let out = lector(dir, args);
        assert!(
            args.len() == 1 || out.status.success(),
            "lector {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                dirty(bytes).is_none(),
                "lector {args:?}: {what} holds {}",
                dirty(bytes).unwrap()
            );
        }
    }
    // The data is still there, escaped: JSON gives the note back exactly.
    let out = lector(dir, &["export", "--notes", n, "--format", "json", f]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let all = serde_json::to_string(&v).unwrap();
    assert!(all.contains(&serde_json::to_string(EVIL).unwrap()), "{all}");
    // So does TOML.
    let out = lector(dir, &["export", "--notes", n, "--format", "toml", f]);
    let t: toml::Table = toml::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let all = format!("{t:?}");
    assert!(all.contains(&format!("{EVIL:?}")), "{all}");
    // Markdown shows the markers.
    let md = String::from_utf8(lector(dir, &["export", "--notes", n, f]).stdout).unwrap();
    assert!(md.contains("^[]2;pwned^G"), "{md}");
}
