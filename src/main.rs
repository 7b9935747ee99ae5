//! The `lector` binary: parse the command line, load the transcript, run the reader or a
//! non-interactive command. Errors are one line on stderr and a non-zero exit.

use anyhow::Context;
use clap::FromArgMatches;
use lector::action::Action;
use lector::cli::{Cli, Command, ExportFormat, OutlineFormat, StartAt, split_args};
use lector::config::{Config, ConfigError};
use lector::load::{Input, LoadOptions, load, outline_for, outline_now};
use lector::outline::{Outline, sidecar};
use lector::state::{AppState, format_time};
use lector::transcript::Document;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn main() {
    let cli = match lector::cli::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => e.exit(), // --help, --version
        Err(e) => {
            // clap quotes a rejected argument as it is: clean it, so an escape sequence in a
            // hostile argument (a file name starting with `-`) never reaches the terminal.
            let text = e.render().to_string();
            for line in text.lines() {
                eprintln!("{}", lector::transcript::clean::visible(line));
            }
            std::process::exit(e.exit_code());
        }
    };
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
            let notes = NotesAt::from_cli(cli.config.as_deref(), cli.notes.as_deref())?;
            print_outline(pick_input(file), &opts, &notes, format, auto)
        }
        Some(Command::Export { file, format, path }) => {
            let notes = NotesAt::from_cli(cli.config.as_deref(), cli.notes.as_deref())?;
            export(pick_input(file), &opts, &notes, format, path)
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
            read(pick_input(file), &opts, start, cli.notes.as_deref(), config)
        }
    }
}

/// Where the notes are: `--notes`, else the config's `notes_dir`, else the default.
struct NotesAt {
    file: Option<PathBuf>,
    dir: Option<PathBuf>,
}

impl NotesAt {
    fn from_cli(config: Option<&Path>, notes: Option<&Path>) -> anyhow::Result<NotesAt> {
        let config = Config::load(config).map_err(anyhow::Error::msg)?;
        for e in &config.errors {
            eprintln!("lector: {e}");
        }
        Ok(NotesAt {
            file: notes.map(Path::to_path_buf),
            dir: config.config.options.notes_dir.clone(),
        })
    }

    fn open(&self, doc: &Document) -> lector::notes::Opened {
        lector::notes::open_for(doc, self.file.as_deref(), self.dir.clone())
    }
}

fn print_outline(
    input: Input,
    opts: &LoadOptions,
    notes: &NotesAt,
    format: OutlineFormat,
    auto: bool,
) -> anyhow::Result<i32> {
    let loaded = load(&input, opts)?;
    let mut warnings = Vec::new();
    // The outline as the reader shows it, with the user's edits from the notes file.
    let opened = notes.open(&loaded.doc);
    if let Some(why) = &opened.readonly {
        warnings.push(format!("your outline edits could not be read: {why}"));
    }
    let outline = outline_now(
        &loaded.doc,
        &input,
        auto,
        &opened.notes.outline,
        &mut warnings,
    );
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

fn export(
    input: Input,
    opts: &LoadOptions,
    notes: &NotesAt,
    format: ExportFormat,
    path_only: bool,
) -> anyhow::Result<i32> {
    let loaded = load(&input, opts)?;
    let opened = notes.open(&loaded.doc);
    let shown = opened
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if path_only {
        match &opened.path {
            Some(_) => println!("{}", lector::load::safe_display(&shown)),
            None => anyhow::bail!("{}", opened.readonly.unwrap_or_default()),
        }
        return Ok(0);
    }
    if let Some(why) = opened.readonly {
        anyhow::bail!("{why}");
    }
    for text in &opened.report.unplaced {
        eprintln!("lector: could not place (kept at its old line): {text}");
    }
    let mut warnings = Vec::new();
    let outline = outline_now(
        &loaded.doc,
        &input,
        false,
        &opened.notes.outline,
        &mut warnings,
    );
    let e = lector::notes::export::collect(&loaded.doc, &outline, &opened.notes, &shown);
    let text = match format {
        ExportFormat::Markdown => lector::notes::export::markdown(&e),
        ExportFormat::Toml => lector::notes::export::toml(&e),
        ExportFormat::Json => lector::notes::export::json(&e),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(0)
}

/// The reader: a file too big to load before the first frame is previewed from its start while
/// it loads on another thread; anything else is loaded, then shown.
fn read(
    input: Input,
    opts: &LoadOptions,
    start: Option<StartAt>,
    notes_file: Option<&Path>,
    config: lector::config::Loaded,
) -> anyhow::Result<i32> {
    let setup = Setup {
        notes_file: notes_file.map(Path::to_path_buf),
        config,
    };
    // A big file: the first screen comes from its first lines while the whole file loads.
    if start.is_none()
        && std::io::stdout().is_terminal()
        && let Input::File(path) = &input
        && let Some(doc) = lector::load::preview(path, opts)
    {
        let outline = Outline::single(&doc);
        let keymap = Arc::new(setup.config.config.keymap.clone());
        let mut preview = AppState::new(Arc::new(doc), outline, keymap);
        preview.theme = setup
            .config
            .config
            .theme(lector::ui::theme::ColorEnv::from_env());
        preview.options = setup.config.config.options.clone();
        preview.message = Some(lector::state::Message {
            kind: lector::state::MessageKind::Info,
            text: "loading…".into(),
        });
        let opts = opts.clone();
        let load: lector::app::Loader = Box::new(move || {
            let loaded = load(&input, &opts)?;
            Ok(setup.session(loaded, &input, None))
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
        let mut out = std::io::stdout().lock();
        let text = loaded.doc.text();
        let _ = out.write_all(text.as_bytes());
        if !text.ends_with('\n') {
            let _ = out.write_all(b"\n");
        }
        return Ok(0);
    }
    let session = setup.session(loaded, &input, start);
    lector::app::run(session).context("the reader stopped")
}

/// What the reader needs besides the transcript: the notes file and the config.
struct Setup {
    notes_file: Option<PathBuf>,
    config: lector::config::Loaded,
}

impl Setup {
    /// The reader's session for a loaded transcript: its outline (with the user's edits), its
    /// notes (re-anchored), the config's keys, theme and options, the position to start at, and
    /// the background work it needs.
    fn session(
        self,
        loaded: lector::load::Loaded,
        input: &Input,
        start: Option<StartAt>,
    ) -> lector::app::Session {
        let Setup { notes_file, config } = self;
        let lector::config::Loaded {
            config,
            path: config_path,
            errors: config_errors,
        } = config;
        let mut warnings = loaded.warnings;
        let found = outline_for(&loaded.doc, input, &mut warnings);
        let jobs = lector::app::Jobs {
            auto_outline: found.is_none(),
        };
        let base = found.unwrap_or_else(|| Outline::single(&loaded.doc));
        let doc = loaded.doc;
        let opened = lector::notes::open_for(
            &doc,
            notes_file.as_deref(),
            config.options.notes_dir.clone(),
        );
        if let Some(why) = &opened.readonly {
            warnings.insert(0, format!("notes are read-only this run: {why}"));
        }
        if !opened.report.unplaced.is_empty() {
            let n = opened.report.unplaced.len();
            let names: Vec<String> = opened
                .report
                .unplaced
                .iter()
                .take(3)
                .map(|t| format!("«{}»", lector::ui::ellipsize(t, 24)))
                .collect();
            let more = if n > 3 {
                format!(" and {} more", n - 3)
            } else {
                String::new()
            };
            warnings.push(format!(
                "the transcript changed: could not place {}{more}; kept at their old lines",
                names.join(", ")
            ));
        } else if !opened.report.moved.is_empty() {
            warnings.push(format!(
                "the transcript changed: {} annotation(s) moved to where their text is now",
                opened.report.moved.len()
            ));
        }
        let mut initial = Vec::new();
        // Back where you left off, unless the command line says where to start.
        if start.is_none()
            && let Some(p) = &opened.notes.position
            && p.line > 1
        {
            initial.push(Action::Goto(p.line.to_string()));
        }
        match start {
            Some(StartAt::Line(l)) => {
                initial.push(Action::Goto(l.replace('$', &doc.len().to_string())))
            }
            Some(StartAt::Pattern(p)) => initial.push(Action::SearchFor(p)),
            None => {}
        }
        // The user's own topics and deletions win over the outline found in the files.
        let outline = opened.notes.outline.apply(&base, doc.len());
        let mut state = AppState::new(Arc::new(doc), outline, Arc::new(config.keymap.clone()));
        state.outline_base = base;
        state.notes = opened.notes;
        state.notes_path = opened.path.clone();
        state.notes_readonly = opened.readonly.clone();
        state.theme = config.theme(lector::ui::theme::ColorEnv::from_env());
        state.options = config.options.clone();
        let shown = |p: &Path| lector::load::safe_display(&p.display().to_string());
        state.info = vec![
            (
                "file".into(),
                match input {
                    Input::File(p) => shown(p),
                    _ => state.doc.name.clone(),
                },
            ),
            (
                "format".into(),
                format!("{} · {}", state.doc.format.name(), state.doc.encoding),
            ),
            ("outline".into(), state.outline.source.name().to_string()),
            (
                "notes".into(),
                match (&opened.path, &opened.readonly) {
                    (Some(p), None) => shown(p),
                    (Some(p), Some(_)) => format!("{} (read-only this run)", shown(p)),
                    (None, _) => "none".into(),
                },
            ),
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
        } else if !warnings.is_empty() {
            state.message = Some(lector::state::Message {
                kind: lector::state::MessageKind::Error,
                text: warnings.join(" · "),
            });
        }
        lector::app::Session {
            state,
            initial,
            jobs,
            store: opened.store,
        }
    }
}

/// The status-bar message for config mistakes: the first one (the help lists them all).
fn config_message(errors: &[ConfigError]) -> Option<String> {
    let first = errors.first()?;
    Some(match errors.len() {
        1 => format!("config: {first}"),
        n => format!("config (1 of {n}, all in the help): {first}"),
    })
}
