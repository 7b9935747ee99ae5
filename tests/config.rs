//! The config file: the embedded defaults, a user's file over them, every kind of mistake with
//! its place, `--print-config`, completions and the man page, and what the options do to the
//! screen.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

mod common;

use common::*;
use lector::action::Action;
use lector::config::{Config, default_config_text};
use lector::keymap::{Key, KeyMode, Keymap, action_names, parse_binding};
use lector::load::{Input, LoadOptions, load, outline_for};
use lector::options::{OutlineWidth, Side};
use lector::state::AppState;
use lector::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

/// `lector ARGS` (the debug binary) with no terminal, its config directory in `dir`.
fn lector_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lector"));
    cmd.args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("HOME", dir.join("home"))
        .env("RUST_BACKTRACE", "1")
        .env_remove("NO_COLOR");
    run_with_timeout(&mut cmd, None)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn key(s: &str) -> Key {
    Key::parse(s).unwrap()
}

#[test]
fn the_embedded_defaults_parse_and_every_action_has_a_key() {
    let (c, errors) = Config::from_text(&default_config_text(), "defaults", None);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c, Config::defaults());
    assert!(action_names().len() >= 30, "{:?}", action_names());
    for name in action_names() {
        let action = parse_binding(name).unwrap().unwrap();
        let reachable = KeyMode::ALL
            .iter()
            .any(|m| !c.keymap.keys_for(*m, &action).is_empty());
        assert!(reachable, "no default key does '{name}'");
    }
}

#[test]
fn key_strings_round_trip() {
    for s in [
        "j",
        "G",
        "?",
        "]",
        "space",
        "ctrl-d",
        "alt-x",
        "ctrl-alt-f",
        "shift-up",
        "backtab",
        "pagedown",
        "f12",
        "enter",
        "esc",
        "ctrl--",
    ] {
        let k = key(s);
        assert_eq!(k.to_string(), s);
        assert_eq!(key(&k.to_string()), k);
    }
    // Other spellings land on the same key, and display one way.
    for (other, canonical) in [
        ("shift-g", "G"),
        ("shift-tab", "backtab"),
        ("C-d", "ctrl-d"),
        ("PgDn", "pagedown"),
        ("Ctrl-F", "ctrl-f"),
    ] {
        assert_eq!(key(other).to_string(), canonical);
    }
}

#[test]
fn a_user_file_overrides_one_key_and_keeps_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(&path, "[keys.transcript]\n\"x\" = \"next_topic\"\n").unwrap();
    let loaded = Config::load(Some(&path)).unwrap();
    assert!(loaded.errors.is_empty(), "{:?}", loaded.errors);
    assert_eq!(loaded.path.as_deref(), Some(path.as_path()));
    let c = loaded.config;
    let defaults = Config::defaults();
    assert_eq!(
        c.keymap.lookup(KeyMode::Transcript, &key("x")),
        Some(Action::NextTopic)
    );
    assert_eq!(c.options, defaults.options);
    assert_eq!(c.theme, defaults.theme);
    // Every default binding is still there.
    for mode in KeyMode::ALL {
        for (action, keys) in defaults.keymap.bindings(mode) {
            for k in keys {
                assert_eq!(
                    c.keymap.lookup(mode, &k),
                    Some(action.clone()),
                    "{k} in {mode:?}"
                );
            }
        }
    }
}

#[test]
fn unbinding_a_default_key() {
    let (c, errors) = Config::from_text(
        "[keys.global]\n\"q\" = \"none\"\n[keys.transcript]\n\"space\" = \"\"\n",
        "c.toml",
        None,
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c.keymap.lookup(KeyMode::Transcript, &key("q")), None);
    assert_eq!(c.keymap.lookup(KeyMode::Outline, &key("q")), None);
    assert_eq!(c.keymap.lookup(KeyMode::Transcript, &key("space")), None);
    // ctrl-c still quits, and page_down keeps its other keys.
    assert_eq!(
        c.keymap.lookup(KeyMode::Transcript, &key("ctrl-c")),
        Some(Action::Quit)
    );
    assert_eq!(
        c.keymap.keys_for(KeyMode::Transcript, &Action::PageDown),
        vec![key("ctrl-f"), key("pagedown")]
    );
}

/// Each kind of mistake: its message (with file, line and column), and the part it was in keeps
/// its default while the rest of the file applies.
#[test]
fn each_bad_config_case_gives_its_message_and_falls_back() {
    let cases: [(&str, &str, &str); 5] = [
        (
            "unknown key",
            "wrap = false\nwarp = true\n",
            "bad.toml:2:1: unknown option 'warp' (did you mean 'wrap'?); ignored",
        ),
        (
            "unknown action",
            "wrap = false\n[keys.transcript]\n\"j\" = \"jump_to_moon\"\n",
            "bad.toml:3:7: [keys.transcript] \"j\": unknown action 'jump_to_moon'; ignored",
        ),
        (
            "bad colour",
            "wrap = false\n[colors]\ntime = \"#12345\"\n",
            "bad.toml:3:8: [colors] time: bad colour '#12345': use a name (yellow, dark_gray, …), \
             \"#rrggbb\" or 0–255; using the theme's",
        ),
        (
            "bad value",
            "wrap = false\nmouse = \"off\"\n",
            "bad.toml:2:9: mouse: expected true or false, found 'off'; using the default",
        ),
        (
            "TOML syntax error",
            "wrap = false\nline_numbers = tru\n",
            "bad.toml:2:16: TOML syntax error: ",
        ),
    ];
    for (what, file, expected) in cases {
        let (c, errors) = Config::from_text(file, "bad.toml", None);
        assert_eq!(errors.len(), 1, "{what}: {errors:?}");
        let msg = errors[0].to_string();
        assert!(msg.starts_with(expected), "{what}:\n{msg}\n{expected}");
        let defaults = Config::defaults();
        if what == "TOML syntax error" {
            assert!(msg.ends_with("; using the default config"), "{msg}");
            assert_eq!(c, defaults, "{what}: the whole file is unreadable");
        } else {
            // The good line applied, the bad part kept its default.
            assert!(!c.options.wrap, "{what}: the rest of the file applies");
            assert_eq!(c.options.mouse, defaults.options.mouse);
            assert_eq!(c.keymap, defaults.keymap, "{what}");
            let theme = |c: &Config| c.theme(lector::theme::ColorEnv::default());
            assert_eq!(theme(&c), theme(&defaults), "{what}");
        }
    }
}

#[test]
fn the_binary_reports_config_mistakes_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let bad = "theme = \"sepia\"\n[keys.transcript]\n\"j\" = \"fly\"\n";
    std::fs::write(dir.path().join("bad.toml"), bad).unwrap();
    std::fs::write(dir.path().join("t.txt"), "one\ntwo\n").unwrap();
    // Standard output is not a terminal: lector prints the text, after the messages on stderr.
    let out = lector_in(dir.path(), &["--config", "bad.toml", "t.txt"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(text(&out.stdout), "one\ntwo\n");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("lector: bad.toml:1:9: theme: unknown theme 'sepia'"),
        "{err}"
    );
    assert!(
        lines[1].starts_with("lector: bad.toml:3:7: [keys.transcript] \"j\": unknown action 'fly'"),
        "{err}"
    );

    // The default file is found through XDG_CONFIG_HOME, and named with its path.
    let conf = dir.path().join("config").join("lector");
    std::fs::create_dir_all(&conf).unwrap();
    std::fs::write(conf.join("config.toml"), "[keys\n").unwrap();
    let out = lector_in(dir.path(), &["t.txt"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    let want = format!(
        "lector: {}:1:6: TOML syntax error",
        conf.join("config.toml").display()
    );
    assert!(err.starts_with(&want), "{err}\n{want}");

    // A --config file that is not there is an error: the user named it.
    let out = lector_in(dir.path(), &["--config", "nope.toml", "t.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "lector: cannot read the config file nope.toml: no such file\n"
    );
}

#[test]
fn print_config_prints_the_defaults_which_parse() {
    let dir = tempfile::tempdir().unwrap();
    let out = lector_in(dir.path(), &["--print-config"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert_eq!(printed, default_config_text());
    let (c, errors) = Config::from_text(&printed, "printed", None);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(c, Config::defaults());
    // Commented, with the keys as [keys.MODE] tables.
    assert!(printed.starts_with("# lector's configuration."));
    for mode in KeyMode::ALL {
        assert!(printed.contains(&format!("\n[keys.{}]\n", mode.name())));
    }
    let keymap = Keymap::default_keymap();
    assert_eq!(c.keymap, keymap);
}

#[test]
fn help_completions_and_man_page() {
    let dir = tempfile::tempdir().unwrap();
    let out = lector_in(dir.path(), &["--help"]);
    let help = text(&out.stdout);
    for word in [
        "outline",
        "completions",
        "man",
        "--config",
        "--print-config",
        "$XDG_CONFIG_HOME/lector/config.toml",
    ] {
        assert!(help.contains(word), "--help lacks {word}:\n{help}");
    }
    let here = dir.path().join("config/lector/config.toml");
    assert!(
        help.contains(&format!("Here that is {}.", here.display())),
        "{help}"
    );
    for shell in ["bash", "zsh", "fish"] {
        let out = lector_in(dir.path(), &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(
            script.contains("lector") && script.contains("print-config"),
            "{shell}"
        );
    }
    let out = lector_in(dir.path(), &["man"]);
    assert!(out.status.success());
    let man = text(&out.stdout);
    assert!(man.contains("\n.TH lector 1 "), "{man}");
    assert!(man.contains(".SH FILES") && man.contains("config.toml"));
}

// ---------------------------------------------------------------------------------------------
// What the options do to the screen.

fn state_with(config: &str, w: u16, h: u16) -> AppState {
    let (c, errors) = Config::from_text(config, "c.toml", None);
    assert!(errors.is_empty(), "{errors:?}");
    let loaded = load(&Input::Bundled, &LoadOptions::default()).unwrap();
    let outline = outline_for(&loaded.doc, &Input::Bundled, &mut Vec::new()).unwrap();
    let mut s = AppState::new(Arc::new(loaded.doc), outline, Arc::new(c.keymap.clone()));
    s.settings.options = c.options;
    update(&mut s, Action::Resize(w, h));
    s
}

fn screen(s: &AppState) -> Vec<String> {
    let (w, h) = s.view.size;
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| lector::ui::draw(f, s)).unwrap();
    let buf = t.backend().buffer();
    (0..h)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < w {
                let sym = buf[(x, y)].symbol();
                line.push_str(sym);
                x += unicode_width::UnicodeWidthStr::width(sym).max(1) as u16;
            }
            line.trim_end().to_string()
        })
        .collect()
}

#[test]
fn outline_on_the_right_with_a_set_width() {
    let s = state_with("outline_side = \"right\"\noutline_width = 30\n", 80, 24);
    assert_eq!(s.settings.options.outline_width, OutlineWidth::Cells(30));
    assert_eq!(s.settings.options.outline_side, Side::Right);
    let layout = s.layout();
    let pane = layout.outline.unwrap();
    assert_eq!((pane.x, pane.width), (50, 30));
    assert_eq!(layout.gutter.x, 0);
    assert_eq!(layout.text.x + layout.text.width, 50);
    let rows = screen(&s);
    // A mark column, then the number.
    assert!(rows[0].starts_with("   1 "), "{rows:#?}");
    assert!(rows[0].contains("│   Outline · sidecar"), "{rows:#?}");
    assert!(rows[1].contains("│▶ 开场"), "{rows:#?}");
    // A click on a topic in the right-hand pane jumps to it.
    let mut s = s;
    update(&mut s, Action::Click { col: 55, row: 3 });
    assert_eq!(s.view.cursor, s.topics().topics[2].line);
}

#[test]
fn no_wrap_cuts_long_lines_with_a_marker() {
    let s = state_with("wrap = false\n", 30, 10);
    let rows = screen(&s);
    // Every row of the text area starts a line: the numbers go 1, 2, 3… without gaps.
    for (i, row) in rows.iter().take(9).enumerate() {
        let n: usize = row[..4]
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{rows:#?}"));
        assert_eq!(n, i + 1, "{rows:#?}");
    }
    assert!(
        rows.iter().take(9).any(|r| r.ends_with('…')),
        "a long line ends with …: {rows:#?}"
    );
    assert_eq!(s.rows(0), 1);
    // Paging moves by screen rows, which are lines now.
    let mut s = s;
    update(&mut s, Action::PageDown);
    assert_eq!(s.view.top, 9);
}

#[test]
fn no_line_numbers_and_no_mouse() {
    let s = state_with("line_numbers = false\nmouse = false\n", 40, 10);
    assert_eq!(s.layout().number_width, 0);
    let rows = screen(&s);
    // Only the mark column before the text.
    assert!(
        rows[0].starts_with(&format!(" {}", FIRST_LINE.split('，').next().unwrap())),
        "{rows:#?}"
    );
    let help = help_rows(&s);
    assert!(
        help.iter().any(|l| l.contains("off (mouse = false")),
        "{help:#?}"
    );
}

#[test]
fn the_help_shows_the_keys_as_bound() {
    let s = state_with(
        "[keys.transcript]\n\"x\" = \"next_topic\"\n\"b\" = \"none\"\n",
        80,
        24,
    );
    let help = help_rows(&s);
    let line = |what: &str| {
        help.iter()
            .find(|l| l.ends_with(&format!("  {what}")))
            .cloned()
            .unwrap_or_default()
    };
    assert!(
        line("a page up").starts_with("ctrl-b pageup  "),
        "{help:#?}"
    );
    let keys = line("next topic");
    let keys: Vec<&str> = keys.split("  ").next().unwrap().split(' ').collect();
    assert!(keys.contains(&"x") && keys.contains(&"]"), "{help:#?}");
}

/// The help's rows as text: `keys  description`.
fn help_rows(s: &lector::state::AppState) -> Vec<String> {
    let help = lector::state::HelpView::new(&s.settings, KeyMode::Transcript, 200);
    help.rows
        .iter()
        .map(|r| format!("{}  {}", r.key, r.text))
        .collect()
}

#[test]
fn max_size_takes_a_size_and_says_what_it_wants_otherwise() {
    let (c, errs) = Config::from_text("max_size = \"1M\"\n", "c.toml", None);
    assert!(errs.is_empty(), "{errs:?}");
    assert_eq!(c.options.max_size, Some(1 << 20));
    let (c, errs) = Config::from_text("max_size = \"lots\"\n", "c.toml", None);
    assert_eq!(c.options.max_size, Some(lector::load::DEFAULT_MAX_SIZE));
    assert!(errs[0].to_string().contains("a size such as"), "{errs:?}");
}
