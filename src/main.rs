//! The `lector` binary: parse the command line, load the transcript, run the reader or a
//! non-interactive command. Errors are one line on stderr and a non-zero exit.

use anyhow::Context;
use clap::FromArgMatches;
use lector::action::Action;
use lector::cli::{Cli, Command, OutlineFormat, StartAt, split_args};
use lector::config::{Config, ConfigError};
use lector::load::{Input, LoadOptions, load, outline_for, outline_now};
use lector::outline::{Outline, sidecar};
use lector::state::{AppState, format_time};
use lector::transcript::Document;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;

fn main() {
    let cli =
        Cli::from_arg_matches(&lector::cli::command().get_matches()).unwrap_or_else(|e| e.exit());
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
    if cli.print_config {
        // A closed pipe (`| head`) is not an error worth a message.
        let _ = std::io::stdout().write_all(lector::config::default_config_text().as_bytes());
        return Ok(0);
    }
    match cli.command {
        Some(Command::Outline { file, format, auto }) => {
            print_outline(pick_input(file), &opts, format, auto)
        }
        Some(Command::Completions { shell }) => {
            lector::cli::completions(shell, &mut std::io::stdout().lock());
            Ok(0)
        }
        Some(Command::Man) => {
            let _ = lector::cli::man_page(&mut std::io::stdout().lock());
            Ok(0)
        }
        None => {
            let (start, file) = split_args(&cli.args).map_err(anyhow::Error::msg)?;
            // Before anything touches the terminal: a config mistake is reported here (and in
            // the status bar), and that part keeps its default.
            let config = Config::load(cli.config.as_deref()).map_err(anyhow::Error::msg)?;
            for e in &config.errors {
                eprintln!("lector: {e}");
            }
            read(pick_input(file), &opts, start, config)
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

fn read(
    input: Input,
    opts: &LoadOptions,
    start: Option<StartAt>,
    config: lector::config::Loaded,
) -> anyhow::Result<i32> {
    let loaded = load(&input, opts)?;
    let mut warnings = loaded.warnings;
    let found = outline_for(&loaded.doc, &input, &mut warnings);
    let jobs = lector::app::Jobs {
        auto_outline: found.is_none(),
    };
    let outline = found.unwrap_or_else(|| Outline::single(&loaded.doc));
    let doc = loaded.doc;

    // Not a terminal to draw on (`lector FILE | grep …`): print the cleaned text, as less does.
    if !std::io::stdout().is_terminal() {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(doc.text().as_bytes());
        if !doc.text().ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        return Ok(0);
    }

    let mut initial = Vec::new();
    match start {
        Some(StartAt::Line(l)) => {
            initial.push(Action::Goto(l.replace('$', &doc.len().to_string())))
        }
        Some(StartAt::Pattern(p)) => initial.push(Action::SearchFor(p)),
        None => {}
    }
    let lector::config::Loaded {
        config,
        path: config_path,
        errors: config_errors,
    } = config;
    let mut state = AppState::new(Arc::new(doc), outline, Arc::new(config.keymap.clone()));
    state.theme = config.theme(lector::ui::theme::ColorEnv::from_env());
    state.options = config.options.clone();
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
        (
            "config".into(),
            match &config_path {
                Some(p) => lector::load::safe_display(&lector::config::tilde(p)),
                None => "none (the defaults)".into(),
            },
        ),
    ];
    for e in &config_errors {
        state.info.push((String::new(), e.to_string()));
    }
    if let Some(text) = config_message(&config_errors) {
        state.message = Some(lector::state::Message {
            kind: lector::state::MessageKind::Error,
            text,
        });
    } else if let Some(w) = warnings.first() {
        state.message = Some(lector::state::Message {
            kind: lector::state::MessageKind::Error,
            text: w.clone(),
        });
    }
    lector::app::run(state, initial, jobs).context("the reader stopped")
}

/// The status-bar message for config mistakes: the first one (the help lists them all).
fn config_message(errors: &[ConfigError]) -> Option<String> {
    let first = errors.first()?;
    Some(match errors.len() {
        1 => format!("config: {first}"),
        n => format!("config (1 of {n}, all in the help): {first}"),
    })
}
