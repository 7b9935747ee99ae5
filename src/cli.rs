//! The command line (clap): `lector [+LINE|+/PATTERN] [FILE]`, `lector outline [FILE]`,
//! `lector completions SHELL`, `lector man`. The shell completions and the man page are
//! generated from these same definitions.

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "lector",
    version,
    about = "A terminal reader for transcripts: topic outline, jumps, search, bookmarks.",
    long_about = "A terminal reader for transcripts (.txt, .srt, .vtt, Markdown; UTF-8, UTF-16, \
GB18030/GBK, Big5, Windows-1252). With no FILE and a terminal on standard input it opens the \
bundled sample transcript; with text on standard input (cat FILE | lector) it reads that.",
    subcommand_precedence_over_arg = true,
    after_help = concat!(
        "Start at a line or match as with less: lector +150 FILE, lector +/PATTERN FILE.\n\
Press F1 (or ? then ?) inside lector for every key.\n\n",
        "Config file: $XDG_CONFIG_HOME/lector/config.toml, else ~/.config/lector/config.toml; \
--config PATH reads another. lector --print-config prints the defaults, commented, as a \
starting point."
    )
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// `+LINE` or `+/PATTERN` to start at, then the transcript to open.
    #[arg(value_name = "[+LINE|+/PATTERN] FILE", num_args = 0..=2, allow_hyphen_values = false)]
    pub args: Vec<std::ffi::OsString>,

    /// Read the file in this encoding (utf-8, utf-16le, gb18030, gbk, big5, windows-1252, …)
    /// instead of detecting it.
    #[arg(long, value_name = "NAME", global = true)]
    pub encoding: Option<String>,

    /// The most a transcript (a file or a pipe) may hold: 512M, 2G… (default 256M; at most 4G).
    #[arg(long, value_name = "SIZE", global = true, value_parser = crate::load::parse_size)]
    pub max_size: Option<u64>,

    /// Keep bookmarks and highlights in this file instead of the one in the data directory.
    #[arg(long, value_name = "PATH", global = true)]
    pub notes: Option<PathBuf>,
    /// The recording to play with mpv (p): a file, or a URL passed to mpv as it is. Default: a
    /// file beside the transcript with its name and an audio or video extension (talk.m4a).
    #[arg(long, value_name = "PATH|URL", global = true)]
    pub media: Option<std::ffi::OsString>,
    /// Open mpv's video window too (default: the sound only).
    #[arg(long)]
    pub video: bool,

    /// Read this config file instead of $XDG_CONFIG_HOME/lector/config.toml.
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Print the default config file, commented, and exit: a starting point for your own.
    #[arg(long)]
    pub print_config: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the outline the reader would show, without opening it.
    Outline {
        /// The transcript (default: standard input if it is a pipe, else the bundled sample).
        file: Option<PathBuf>,
        /// Output format: `text` for people, `toml` for a sidecar (FILE.outline.toml).
        #[arg(long, value_enum, default_value_t = OutlineFormat::Text)]
        format: OutlineFormat,
        /// Print the automatic outline even when a sidecar or headings exist.
        #[arg(long)]
        auto: bool,
    },
    /// Print the bookmarks and highlights as quotes, in transcript order, grouped by topic.
    Export {
        /// The transcript (default: standard input if it is a pipe, else the bundled sample).
        file: Option<PathBuf>,
        /// `markdown` for notes apps (`> quote` blocks); `toml` and `json` for scripts.
        #[arg(long, value_enum, default_value_t = ExportFormat::Markdown)]
        format: ExportFormat,
        /// Print the notes file's path instead.
        #[arg(long)]
        path: bool,
    },
    /// List the notes files in the data directory, or remove those whose transcript is gone.
    Notes {
        /// Print every notes file with its transcript, what it holds and when it changed (the
        /// default).
        #[arg(long, conflicts_with = "prune")]
        list: bool,
        /// Remove the notes files whose transcript file is gone, after asking.
        #[arg(long)]
        prune: bool,
        /// With --prune: do not ask.
        #[arg(long, short = 'y', requires = "prune")]
        yes: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell: bash, zsh, fish, elvish or powershell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): lector man | man -l -
    Man,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Markdown,
    Toml,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutlineFormat {
    Text,
    Toml,
}

/// The command-line definition, with `--help` also naming the config file in use here.
pub fn command() -> clap::Command {
    let cmd = Cli::command();
    match crate::config::default_path() {
        Some(p) => {
            let after = cmd
                .get_after_help()
                .map(std::string::ToString::to_string)
                .unwrap_or_default();
            cmd.after_help(format!(
                "{after}\nHere that is {}.",
                crate::text::safe_display(&p.display().to_string())
            ))
        }
        None => cmd,
    }
}

/// Writes the completion script for `shell`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "lector", out);
}

/// Writes the man page (roff), from the same definitions as `--help`, with sections on the
/// config file, the environment and the keys before the closing notes.
pub fn man_page(out: &mut dyn Write) -> std::io::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    let page = String::from_utf8_lossy(&page);
    // clap_mangen calls the after-help text EXTRA; here it is notes on usage.
    let (head, tail) = match page.find("\n.SH EXTRA\n") {
        Some(i) => (
            &page[..=i],
            page[i + 1..].replacen(".SH EXTRA", ".SH NOTES", 1),
        ),
        None => (&page[..], String::new()),
    };
    out.write_all(head.as_bytes())?;
    out.write_all(MAN_EXTRA.as_bytes())?;
    out.write_all(tail.as_bytes())
}

/// The man page's FILES, ENVIRONMENT and KEYS sections.
const MAN_EXTRA: &str = r#".SH FILES
.TP
\fI$XDG_CONFIG_HOME/lector/config.toml\fR, else \fI~/.config/lector/config.toml\fR
The config file: options (theme, outline_width, outline_side, wrap, text_width,
line_numbers, times, paragraphs, max_size, mouse, notes_dir), the player ([player]: command, args,
video), colours ([colors]) and keys ([keys.MODE]). It overrides the defaults key by key.
\fBlector \-\-print\-config\fR prints the defaults, commented. A mistake in it is reported with
the file, line and column, and that part keeps its default.
.TP
\fIFILE.outline.toml\fR
A sidecar outline next to the transcript (\fBlector outline \-\-format toml\fR writes one).
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
Set to anything but empty: no colours; reverse and bold still carry the meaning.
.TP
\fBCOLORTERM\fR
\fBtruecolor\fR or \fB24bit\fR: #rrggbb colours are shown as they are, else as the nearest of
the 256 colours.
.TP
\fBXDG_CONFIG_HOME\fR, \fBHOME\fR
Where the config file is looked for.
.TP
\fBXDG_RUNTIME_DIR\fR
Where the private directory (mode 0700) for mpv's control socket is made; else the temporary
directory.
.SH KEYS
Press F1 in lector for every key as bound. Keys can be changed in the config file's
[keys.MODE] tables, e.g. "ctrl\-f" = "page_down", or "x" = "none" to unbind one.
"#;

/// Where to start reading, from `+LINE` or `+/PATTERN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartAt {
    Line(String),
    Pattern(String),
}

/// Splits the positional arguments into a start command and a file.
pub fn split_args(
    args: &[std::ffi::OsString],
) -> Result<(Option<StartAt>, Option<PathBuf>), String> {
    let mut start = None;
    let mut file = None;
    for a in args {
        // A file name need not be UTF-8; a `+` command is.
        if let Some(rest) = a
            .to_str()
            .and_then(|a| a.strip_prefix('+'))
            .filter(|_| start.is_none() && file.is_none())
        {
            start = Some(match rest.strip_prefix('/') {
                Some(p) => StartAt::Pattern(p.to_string()),
                None if rest.is_empty() => StartAt::Line(String::from("$")),
                None => StartAt::Line(rest.to_string()),
            });
        } else if file.is_none() {
            file = Some(PathBuf::from(a));
        } else {
            let a = a.to_string_lossy();
            return Err(format!("unexpected argument '{a}': lector opens one file"));
        }
    }
    Ok((start, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<std::ffi::OsString> {
        a.iter().map(Into::into).collect()
    }

    #[test]
    fn start_commands_and_file() {
        assert_eq!(
            split_args(&v(&["+150", "a.txt"])).unwrap(),
            (Some(StartAt::Line("150".into())), Some("a.txt".into()))
        );
        assert_eq!(
            split_args(&v(&["+/Llama 4", "a.txt"])).unwrap(),
            (
                Some(StartAt::Pattern("Llama 4".into())),
                Some("a.txt".into())
            )
        );
        assert_eq!(
            split_args(&v(&["a.txt"])).unwrap(),
            (None, Some("a.txt".into()))
        );
        assert_eq!(
            split_args(&v(&["+5"])).unwrap(),
            (Some(StartAt::Line("5".into())), None)
        );
        assert!(split_args(&v(&["a", "b"])).is_err());
    }

    #[test]
    fn clap_definition_is_valid() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
        let cli = Cli::try_parse_from(["lector", "outline", "x.srt", "--format", "toml"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Outline {
                format: OutlineFormat::Toml,
                ..
            })
        ));
        let cli = Cli::try_parse_from(["lector", "+150", "x.srt", "--encoding", "gbk"]).unwrap();
        assert_eq!(cli.args, v(&["+150", "x.srt"]));
        assert_eq!(cli.encoding.as_deref(), Some("gbk"));
        let cli = Cli::try_parse_from(["lector", "--config", "c.toml", "x.srt"]).unwrap();
        assert_eq!(cli.config, Some(PathBuf::from("c.toml")));
        let cli = Cli::try_parse_from(["lector", "x.srt", "--media", "x.m4a", "--video"]).unwrap();
        assert_eq!(cli.media.as_deref(), Some(std::ffi::OsStr::new("x.m4a")));
        assert!(cli.video);
        let cli = Cli::try_parse_from(["lector", "export", "x.srt", "--media", "x.m4a"]).unwrap();
        assert_eq!(cli.media.as_deref(), Some(std::ffi::OsStr::new("x.m4a")));
        assert!(Cli::try_parse_from(["lector", "completions", "zsh"]).is_ok());
        assert!(Cli::try_parse_from(["lector", "completions", "tcsh"]).is_err());
    }

    #[test]
    fn completions_and_man_page_generate() {
        for shell in [
            clap_complete::Shell::Bash,
            clap_complete::Shell::Zsh,
            clap_complete::Shell::Fish,
        ] {
            let mut out = Vec::new();
            completions(shell, &mut out);
            let text = String::from_utf8(out).unwrap();
            // fish spells long options `-l config`.
            for word in [
                "outline",
                "completions",
                "config",
                "print-config",
                "encoding",
            ] {
                assert!(text.contains(word), "{shell:?} completions lack {word}");
            }
        }
        let mut out = Vec::new();
        man_page(&mut out).unwrap();
        let man = String::from_utf8(out).unwrap();
        assert!(man.contains("\n.TH lector 1 "), "{man}");
        assert_eq!(man.matches(".TH ").count(), 1, "{man}");
        for section in [
            ".SH NAME",
            ".SH SYNOPSIS",
            ".SH OPTIONS",
            ".SH SUBCOMMANDS",
            ".SH FILES",
            ".SH ENVIRONMENT",
            ".SH NOTES",
            ".SH VERSION",
        ] {
            assert!(man.contains(section), "the man page lacks {section}");
        }
        assert!(man.contains("print\\-config") && man.contains("NO_COLOR"));
    }
}
