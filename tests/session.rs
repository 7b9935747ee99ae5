//! Session assembly, without a terminal: what the reader starts with for a file, a config and a
//! notes file — and the non-interactive commands' output.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::action::Action;
use lector::cli::{OutlineFormat, StartAt};
use lector::commands::NotesAt;
use lector::config::{Config, Loaded};
use lector::load::{Input, LoadOptions, load};
use lector::options::Side;
use lector::session::Setup;
use lector::theme::ColorEnv;
use lector::update::Effect;
use std::path::Path;

const SRT: &str = "1\n00:00:01,000 --> 00:00:02,000\nfirst cue\n\n\
                   2\n00:00:03,000 --> 00:00:04,000\nsecond cue\n\n\
                   3\n00:01:30,000 --> 00:01:31,000\nthird cue\n\n\
                   4\n00:02:00,000 --> 00:02:01,000\nfourth cue\n";

fn setup(dir: &Path, config_text: &str, notes: Option<&Path>) -> Setup {
    let (config, errors) = Config::from_text(config_text, "c.toml", Some(dir));
    Setup {
        notes_file: notes.map(Path::to_path_buf),
        config: Loaded {
            config,
            path: Some(dir.join("c.toml")),
            errors,
        },
        colors: ColorEnv {
            no_color: false,
            truecolor: false,
        },
        homes: lector::notes::Homes::under(dir),
        media: None,
    }
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_timed_file_without_an_outline_gets_the_config_an_automatic_outline_and_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "talk.srt", SRT);
    let notes = dir.path().join("n.toml");
    let setup = setup(
        dir.path(),
        "outline_side = \"right\"\n[keys.transcript]\n\"x\" = \"next_topic\"\n",
        Some(&notes),
    );
    let input = Input::File(file.clone());
    let loaded = load(&input, &LoadOptions::default()).unwrap();
    let mut session = setup.session(loaded, &input, None);
    let s = &mut session.state;
    assert_eq!(s.doc.len(), 4);
    assert_eq!(s.settings.options.outline_side, Side::Right);
    let x = lector::keymap::Key::parse("x").unwrap();
    assert_eq!(
        s.settings
            .keymap
            .lookup(lector::keymap::KeyMode::Transcript, &x),
        Some(Action::NextTopic)
    );
    assert!(s.outline.auto, "no sidecar, no headings: computed");
    assert!(session.initial.is_empty());
    assert!(s.message.is_none(), "{:?}", s.message);
    let info: Vec<(&str, &str)> = s
        .settings
        .info
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(info[0], ("file", file.to_str().unwrap()));
    assert_eq!(info[1].0, "format");
    assert!(info[1].1.starts_with("SRT"), "{info:?}");
    assert_eq!(info[3], ("notes", notes.to_str().unwrap()));
    // The reader asks for the outline as it starts.
    let effects = lector::update::start(s);
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::ComputeOutline { generation: 1, .. }]
        ),
        "{effects:?}"
    );
    assert_eq!(s.outline.progress, Some(0));
}

#[test]
fn the_remembered_position_and_outline_edits_come_back_and_the_command_line_wins() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "talk.srt", SRT);
    let notes = write(
        dir.path(),
        "n.toml",
        "version = 1\n[position]\nline = 3\n\n[[outline.topic]]\nline = 2\ntitle = \"Mine\"\nlevel = 1\n",
    );
    let setup = setup(dir.path(), "", Some(&notes));
    let input = Input::File(file);
    let session = setup.session(load(&input, &LoadOptions::default()).unwrap(), &input, None);
    assert_eq!(session.initial, vec![Action::Goto("3".into())]);
    assert_eq!(
        session.state.message.as_ref().map(|m| m.text.as_str()),
        Some("resumed at line 3 (g: top, Ctrl-o: back)")
    );
    let titles: Vec<(usize, &str)> = session
        .state
        .topics()
        .topics
        .iter()
        .map(|t| (t.line, t.title.as_str()))
        .collect();
    assert!(titles.contains(&(1, "Mine")), "{titles:?}");
    // `+$` (the last line) instead of the remembered position.
    let loaded = load(&input, &LoadOptions::default()).unwrap();
    let start = Some(StartAt::Line("$".into()));
    let session = setup.session(loaded, &input, start);
    assert_eq!(session.initial, vec![Action::Goto("4".into())]);
}

#[test]
fn config_mistakes_reach_the_status_bar_and_the_help() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.txt", "a\nb\n");
    let setup = setup(
        dir.path(),
        "wrap = 3\nthem = \"dark\"\n",
        Some(&dir.path().join("n.toml")),
    );
    let input = Input::File(file);
    let session = setup.session(load(&input, &LoadOptions::default()).unwrap(), &input, None);
    let msg = session.state.message.unwrap().text;
    assert!(msg.starts_with("config (1 of 2, all in the help)"), "{msg}");
    assert_eq!(
        session
            .state
            .settings
            .info
            .iter()
            .filter(|(k, _)| k.is_empty())
            .count(),
        2
    );
}

#[test]
fn a_preview_says_it_is_loading() {
    let dir = tempfile::tempdir().unwrap();
    let setup = setup(dir.path(), "", None);
    let doc = lector::transcript::Document::new(
        "big.txt",
        lector::transcript::Format::Plain,
        "one\ntwo\n".into(),
    );
    let s = setup.preview(doc);
    assert_eq!(s.message.as_ref().unwrap().text, "loading…");
    assert_eq!(s.topics().len(), 1);
}

#[test]
fn the_outline_command_prints_titles_cleaned_of_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.txt", "a\nb\nc\n");
    write(
        dir.path(),
        "t.txt.outline.toml",
        "[[topic]]\nline = 2\ntitle = \"evil \\u001b]2;pwned\\u0007 title\"\n",
    );
    let notes = NotesAt {
        file: Some(dir.path().join("n.toml")),
        dir: None,
    };
    let out = lector::commands::outline(
        &Input::File(file),
        &LoadOptions::default(),
        &notes,
        OutlineFormat::Text,
        false,
    )
    .unwrap();
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
    assert!(
        out.stdout.contains("2  evil ^[]2;pwned^G title"),
        "{:?}",
        out.stdout
    );
}

#[test]
fn paragraphs_without_wrapping_open_the_line_view_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "t.txt", "a\nb\n");
    let setup = setup(
        dir.path(),
        "paragraphs = true\nwrap = false\n",
        Some(&dir.path().join("n.toml")),
    );
    let input = Input::File(file);
    let session = setup.session(load(&input, &LoadOptions::default()).unwrap(), &input, None);
    assert!(session.state.view.paragraphs.is_none());
    let msg = session.state.message.unwrap().text;
    assert_eq!(
        msg,
        "paragraphs = true needs wrap = true: opened in the line view (w, then P)"
    );
}
