//! The architecture, checked: every `crate::` path in `src/` points down the layers (see
//! ARCHITECTURE.md), and the domain has no terminal code.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The layers, bottom first. A module may use modules of lower layers only (and itself).
const LAYERS: &[&[&str]] = &[
    &["wrap"],
    &["text"],
    &["transcript"],
    &["search", "outline"],
    &["load"],
    &["notes", "player"],
    &["options", "theme"],
    &["action"],
    &["keymap"],
    &["config"],
    &["state"],
    &["update"],
    &["ui", "cli"],
    &["session", "jobs"],
    &["commands"],
    &["app"],
    &["main"],
];

/// The domain: no terminal, no app. These never name ratatui or crossterm.
const DOMAIN: &[&str] = &[
    "wrap",
    "text",
    "transcript",
    "search",
    "outline",
    "load",
    "notes",
    "player",
];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file belongs to: `src/state/viewport.rs` → `state`.
fn module_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap();
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The code of a file without its comments (doc links may name any module).
fn code(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules named by `crate::NAME` (or `lector::NAME` in the binary).
fn uses(code: &str, prefix: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = code;
    while let Some(i) = rest.find(prefix) {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `crate::{a::X, b}`: the first segment of each item.
            let mut depth = 0;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        out.insert(ident(&group[i..]));
                        item_start = false;
                    }
                    c if c.is_whitespace() => {}
                    _ => item_start = false,
                }
            }
            continue;
        }
        let name = ident(rest);
        if !name.is_empty() {
            out.insert(name);
        }
    }
    out
}

fn ident(s: &str) -> String {
    s.chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[test]
fn every_arrow_points_down_and_the_domain_has_no_terminal_code() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" {
            continue;
        }
        let Some(own) = rank(&module) else {
            wrong.push(format!("{module}: not in a layer of tests/architecture.rs"));
            continue;
        };
        let text = code(&std::fs::read_to_string(file).unwrap());
        let prefix = if module == "main" {
            "lector::"
        } else {
            "crate::"
        };
        for used in uses(&text, prefix) {
            if used == module {
                continue;
            }
            match rank(&used) {
                Some(r) if r < own => {}
                _ => wrong.push(format!(
                    "{}: {module} uses {used}, which is not below it",
                    file.strip_prefix(&src).unwrap().display()
                )),
            }
        }
        if DOMAIN.contains(&module.as_str()) {
            for term in ["ratatui", "crossterm"] {
                if text.contains(term) {
                    wrong.push(format!(
                        "{}: the domain module {module} uses {term}",
                        file.strip_prefix(&src).unwrap().display()
                    ));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows pointing up:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_an_upward_arrow() {
    // The checker itself: a use of a higher layer is found, a comment is not.
    let text = code(
        "use crate::state::AppState; // crate::app\nfn f() { crate::ui::draw(); }\n\
         use crate::{jobs::Jobs, keymap::{Key, KeyMode}, wrap};",
    );
    let found = uses(&text, "crate::");
    assert_eq!(
        found.into_iter().collect::<Vec<_>>(),
        vec!["jobs", "keymap", "state", "ui", "wrap"]
    );
    assert!(rank("ui") > rank("state") && rank("state") > rank("notes"));
}
