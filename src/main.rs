//! The `lector` binary: parse the command line, load the transcript, run the reader or a
//! non-interactive command. Errors are one line on stderr and a non-zero exit.

use anyhow::Context;
use clap::Parser;
use lector::action::Action;
use lector::cli::{Cli, Command, OutlineFormat, StartAt, split_args};
use lector::keymap::Keymap;
use lector::load::{Input, LoadOptions, load, outline_for, outline_now};
use lector::outline::{Outline, sidecar};
use lector::state::{AppState, format_time};
use lector::transcript::Document;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

fn main() {
    let cli = Cli::parse();
    let code = match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            let msg = format!("{e:#}");
            eprintln!("lector: {}", lector::load::safe_display(&msg));
            1
        }
    };
    std::process::exit(code);
}

/// The input: the named file, else a pipe on stdin, else the bundled sample.
fn pick_input(file: Option<PathBuf>) -> Input {
    match file {
        Some(p) if p.as_os_str() == "-" => Input::Stdin,
        Some(p) => Input::File(p),
        None if !std::io::stdin().is_terminal() => Input::Stdin,
        None => Input::Bundled,
    }
}

fn real_main(cli: Cli) -> anyhow::Result<i32> {
    let opts = LoadOptions {
        encoding: cli.encoding.clone(),
    };
    match cli.command {
        Some(Command::Outline { file, format, auto }) => {
            print_outline(pick_input(file), &opts, format, auto)
        }
        None => {
            let (start, file) = split_args(&cli.args).map_err(anyhow::Error::msg)?;
            read(pick_input(file), &opts, start)
        }
    }
}

fn print_outline(
    input: Input,
    opts: &LoadOptions,
    format: OutlineFormat,
    auto: bool,
) -> anyhow::Result<i32> {
    let loaded = load(&input, opts)?;
    let mut warnings = Vec::new();
    let outline = outline_now(&loaded.doc, &input, auto, &mut warnings);
    for w in &warnings {
        eprintln!("lector: {w}");
    }
    let text = match format {
        OutlineFormat::Toml => sidecar::to_toml(&outline),
        OutlineFormat::Text => outline_text(&loaded.doc, &outline),
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error worth a message.
    let _ = out.write_all(text.as_bytes());
    Ok(0)
}

/// The outline for people: line, time (if any), indented title.
fn outline_text(doc: &Document, outline: &Outline) -> String {
    let w = lector::state::digits(doc.len());
    let hours = doc.duration().is_some_and(|d| d >= 3_600_000);
    let mut s = String::new();
    for t in &outline.topics {
        let time = doc
            .time(t.line)
            .map(|ms| format!("{:>8}  ", format_time(ms, hours)))
            .unwrap_or_default();
        let indent = "  ".repeat(t.level.saturating_sub(1) as usize);
        s.push_str(&format!("{:>w$}  {time}{indent}{}\n", t.line + 1, t.title));
    }
    s
}

fn read(input: Input, opts: &LoadOptions, start: Option<StartAt>) -> anyhow::Result<i32> {
    let keymap = Arc::new(Keymap::default_keymap());
    // A big file: the first screen comes from its first lines while the whole file loads.
    if start.is_none()
        && std::io::stdout().is_terminal()
        && let Input::File(path) = &input
        && let Some(doc) = lector::load::preview(path, opts)
    {
        let outline = Outline::single(&doc);
        let mut preview = AppState::new(Arc::new(doc), outline, keymap.clone());
        preview.theme = lector::ui::theme::Theme::from_env();
        preview.message = Some(lector::state::Message {
            kind: lector::state::MessageKind::Info,
            text: "loading…".into(),
        });
        let opts = opts.clone();
        let load: lector::app::Loader = Box::new(move || {
            let loaded = load(&input, &opts)?;
            Ok(session(loaded, &input, keymap))
        });
        // A file that stops loading (it became unreadable) is reported as when it is opened.
        return lector::app::run_preview(preview, load).map_err(|e| {
            if e.is::<lector::load::LoadError>() {
                e
            } else {
                e.context("the reader stopped")
            }
        });
    }

    let loaded = load(&input, opts)?;

    // Not a terminal to draw on (`lector FILE | grep …`): print the cleaned text, as less does.
    if !std::io::stdout().is_terminal() {
        let doc = &loaded.doc;
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(doc.text().as_bytes());
        if !doc.text().ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        return Ok(0);
    }

    let (state, jobs) = session(loaded, &input, keymap);
    let mut initial = Vec::new();
    match start {
        Some(StartAt::Line(l)) => {
            initial.push(Action::Goto(l.replace('$', &state.doc.len().to_string())))
        }
        Some(StartAt::Pattern(p)) => initial.push(Action::SearchFor(p)),
        None => {}
    }
    lector::app::run(state, initial, jobs).context("the reader stopped")
}

/// The reader's state for a loaded transcript, and the background work it needs.
fn session(
    loaded: lector::load::Loaded,
    input: &Input,
    keymap: Arc<Keymap>,
) -> (AppState, lector::app::Jobs) {
    let mut warnings = loaded.warnings;
    let found = outline_for(&loaded.doc, input, &mut warnings);
    let jobs = lector::app::Jobs {
        auto_outline: found.is_none(),
    };
    let outline = found.unwrap_or_else(|| Outline::single(&loaded.doc));
    let mut state = AppState::new(Arc::new(loaded.doc), outline, keymap);
    state.theme = lector::ui::theme::Theme::from_env();
    state.info = vec![
        (
            "file".into(),
            match &loaded.path {
                Some(p) => lector::load::safe_display(&p.display().to_string()),
                None => state.doc.name.clone(),
            },
        ),
        (
            "format".into(),
            format!("{} · {}", state.doc.format.name(), state.doc.encoding),
        ),
        ("outline".into(), state.outline.source.name().to_string()),
    ];
    if let Some(w) = warnings.first() {
        state.message = Some(lector::state::Message {
            kind: lector::state::MessageKind::Error,
            text: w.clone(),
        });
    }
    (state, jobs)
}
