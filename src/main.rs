//! The binary: parses the command line and hands over to the library — the reader
//! (`lector::app`), or a non-interactive command (`lector::commands`). Everything it prints to a
//! terminal is cleaned of control characters first.

use anyhow::Context;
use clap::FromArgMatches;
use lector::cli::{Cli, Command, StartAt, split_args};
use lector::commands::{NotesAt, Output};
use lector::config::Config;
use lector::load::{Input, LoadOptions, load};
use lector::session::Setup;
use lector::text::safe_display;
use lector::theme::ColorEnv;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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
                eprintln!("{}", lector::text::clean::visible(line));
            }
            std::process::exit(e.exit_code());
        }
    };
    let code = match real_main(cli) {
        Ok(code) => code,
        Err(e) => {
            let msg = format!("{e:#}");
            eprintln!("lector: {}", safe_display(&msg));
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

fn warn(lines: &[String]) {
    for w in lines {
        eprintln!("lector: {}", safe_display(w));
    }
}

/// Prints a command's output; a closed pipe (`| head`) is not an error worth a message.
fn print(out: &Output) -> i32 {
    warn(&out.warnings);
    let _ = std::io::stdout().lock().write_all(out.stdout.as_bytes());
    0
}

fn real_main(cli: Cli) -> anyhow::Result<i32> {
    if cli.print_config {
        let _ = std::io::stdout().write_all(lector::config::default_config_text().as_bytes());
        return Ok(0);
    }
    match cli.command {
        Some(Command::Completions { shell }) => {
            lector::cli::completions(shell, &mut std::io::stdout().lock());
            return Ok(0);
        }
        Some(Command::Man) => {
            let _ = lector::cli::man_page(&mut std::io::stdout().lock());
            return Ok(0);
        }
        _ => {}
    }
    // Before anything touches the terminal: a config mistake is reported here (and in the
    // status bar), and that part keeps its default.
    let mut config = Config::load(cli.config.as_deref()).map_err(anyhow::Error::msg)?;
    for e in &config.errors {
        eprintln!("lector: {e}");
    }
    if cli.video {
        config.config.options.player.video = true;
    }
    let options = &config.config.options;
    let opts = LoadOptions {
        encoding: cli.encoding.clone(),
        max_size: cli.max_size.or(options.max_size),
    };
    let notes_at = NotesAt {
        file: cli.notes.clone(),
        dir: options.notes_dir.clone(),
    };
    match cli.command {
        Some(Command::Outline { file, format, auto }) => {
            let out = lector::commands::outline(&pick_input(file), &opts, &notes_at, format, auto)?;
            Ok(print(&out))
        }
        Some(Command::Export { file, format, path }) => {
            let media = cli.media.as_deref();
            let input = pick_input(file);
            let out = lector::commands::export(&input, &opts, &notes_at, format, path, media)?;
            Ok(print(&out))
        }
        Some(Command::Notes { prune, yes, .. }) => notes_command(notes_at.dir, prune, yes),
        Some(Command::Completions { .. } | Command::Man) => Ok(0),
        None => {
            let (start, file) = split_args(&cli.args).map_err(anyhow::Error::msg)?;
            let setup = Setup {
                notes_file: cli.notes.as_deref().map(Path::to_path_buf),
                config,
                colors: ColorEnv::from_env(),
                homes: lector::notes::Homes::from_env(),
                media: cli.media.clone(),
            };
            read(pick_input(file), &opts, start, setup)
        }
    }
}

/// The reader: a file too big to load before the first frame is previewed from its start while
/// it loads on another thread; anything else is loaded, then shown.
fn read(
    input: Input,
    opts: &LoadOptions,
    start: Option<StartAt>,
    setup: Setup,
) -> anyhow::Result<i32> {
    // A big file: the first screen comes from its first lines while the whole file loads.
    if start.is_none()
        && std::io::stdout().is_terminal()
        && let Input::File(path) = &input
        && let Some(doc) = lector::load::preview(path, opts)
    {
        let preview = setup.preview(doc);
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

/// `lector notes --list` and `--prune [--yes]`: the notes files in the data directory.
fn notes_command(notes_dir: Option<PathBuf>, prune: bool, yes: bool) -> anyhow::Result<i32> {
    use lector::notes::library;
    let (dir, entries) = lector::commands::notes_library(notes_dir)?;
    let shown = safe_display(&dir.display().to_string());
    let mut out = std::io::stdout().lock();
    if !prune {
        if entries.is_empty() {
            let _ = writeln!(out, "no notes files in {shown}");
        }
        for e in &entries {
            let _ = write!(out, "{}", library::describe(e));
        }
        return Ok(0);
    }
    let doomed = library::prunable(&entries);
    if doomed.is_empty() {
        let _ = writeln!(
            out,
            "nothing to prune: every notes file in {shown} has its transcript"
        );
        return Ok(0);
    }
    for e in &doomed {
        let _ = write!(out, "{}", library::describe(e));
    }
    let _ = out.flush();
    if !yes {
        if !std::io::stdin().is_terminal() {
            anyhow::bail!(
                "not removing {} notes file(s) without asking: add --yes",
                doomed.len()
            );
        }
        eprint!("remove these {} notes file(s)? [y/N] ", doomed.len());
        let mut answer = String::new();
        let _ = std::io::stdin().read_line(&mut answer);
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            eprintln!("nothing removed");
            return Ok(1);
        }
    }
    let failed = library::prune(&doomed);
    for (p, why) in &failed {
        eprintln!(
            "lector: {}: {}",
            safe_display(&p.display().to_string()),
            safe_display(why)
        );
    }
    let removed = doomed.iter().filter(|e| !e.file.exists()).count();
    let _ = writeln!(out, "removed {removed} notes file(s)");
    Ok(i32::from(!failed.is_empty()))
}
