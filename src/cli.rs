//! The command line (clap): `lector [+LINE|+/PATTERN] [FILE]`, `lector outline [FILE]`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "lector",
    version,
    about = "A terminal reader for transcripts: topic outline, jumps, search, bookmarks.",
    long_about = "A terminal reader for transcripts (.txt, .srt, .vtt, Markdown; UTF-8, UTF-16, \
GB18030/GBK, Big5, Windows-1252). With no FILE and a terminal on standard input it opens the \
bundled sample transcript; with text on standard input (cat FILE | lector) it reads that.",
    args_conflicts_with_subcommands = true,
    after_help = "Start at a line or match as with less: lector +150 FILE, lector +/PATTERN FILE.\n\
Press F1 (or ? then ?) inside lector for every key."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// `+LINE` or `+/PATTERN` to start at, then the transcript to open.
    #[arg(value_name = "[+LINE|+/PATTERN] FILE", num_args = 0..=2, allow_hyphen_values = false)]
    pub args: Vec<String>,

    /// Read the file in this encoding (utf-8, utf-16le, gb18030, gbk, big5, windows-1252, …)
    /// instead of detecting it.
    #[arg(long, value_name = "NAME", global = true)]
    pub encoding: Option<String>,

    /// Keep bookmarks and highlights in this file instead of the one in the data directory.
    #[arg(long, value_name = "PATH", global = true)]
    pub notes: Option<PathBuf>,
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

/// Where to start reading, from `+LINE` or `+/PATTERN`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartAt {
    Line(String),
    Pattern(String),
}

/// Splits the positional arguments into a start command and a file.
pub fn split_args(args: &[String]) -> Result<(Option<StartAt>, Option<PathBuf>), String> {
    let mut start = None;
    let mut file = None;
    for a in args {
        if let Some(rest) = a
            .strip_prefix('+')
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
            return Err(format!("unexpected argument '{a}': lector opens one file"));
        }
    }
    Ok((start, file))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
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
    }
}
