//! The non-interactive subcommands (`lector outline`, `lector export`): each builds its output
//! as text, which the binary prints. Every string that came from a file is cleaned on the way.

use crate::cli::{ExportFormat, OutlineFormat};
use crate::load::{Input, LoadOptions, load, outline_now};
use crate::outline::{Outline, sidecar};
use crate::text::{format_time, safe_display};
use crate::transcript::Document;
use std::ffi::OsStr;
use std::path::PathBuf;

/// What a command prints: its output, and warnings for standard error.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub warnings: Vec<String>,
}

/// Where the notes are: `--notes`, else the config's `notes_dir`, else the default.
#[derive(Debug, Clone)]
pub struct NotesAt {
    pub file: Option<PathBuf>,
    pub dir: Option<PathBuf>,
}

impl NotesAt {
    /// The notes of `doc`, re-anchored completely (a command has no first screen to hurry).
    fn open(&self, doc: &Document, input: &Input) -> crate::notes::Opened {
        let homes = crate::notes::Homes::from_env().with_data(self.dir.clone());
        let path = match input {
            Input::File(p) => Some(p.as_path()),
            _ => None,
        };
        crate::notes::open_within(doc, path, self.file.as_deref(), &homes, None)
    }
}

/// `lector outline`: the outline the reader would show (with the user's edits), as text or as a
/// sidecar.
pub fn outline(
    input: &Input,
    opts: &LoadOptions,
    notes: &NotesAt,
    format: OutlineFormat,
    auto: bool,
) -> anyhow::Result<Output> {
    let loaded = load(input, opts)?;
    let mut warnings = Vec::new();
    let opened = notes.open(&loaded.doc, input);
    if let Some(why) = &opened.readonly {
        warnings.push(format!("your outline edits could not be read: {why}"));
    }
    let outline = outline_now(
        &loaded.doc,
        input,
        auto,
        &opened.notes.outline,
        &mut warnings,
    );
    let stdout = match format {
        OutlineFormat::Toml => sidecar::to_toml(&outline),
        OutlineFormat::Text => outline_text(&loaded.doc, &outline),
    };
    Ok(Output { stdout, warnings })
}

/// The outline for people: line, time (if any), indented title.
fn outline_text(doc: &Document, outline: &Outline) -> String {
    let w = crate::text::digits(doc.len());
    let hours = doc.hours();
    let mut s = String::new();
    for t in &outline.topics {
        let time = doc
            .time(t.line)
            .map(|ms| format!("{:>8}  ", format_time(ms, hours)))
            .unwrap_or_default();
        let indent = "  ".repeat(t.level.saturating_sub(1) as usize);
        let title = crate::text::clean::visible(&t.title);
        s.push_str(&format!("{:>w$}  {time}{indent}{title}\n", t.line + 1));
    }
    s
}

/// `lector export`: the bookmarks and highlights as quotes; with `path_only`, the notes file's
/// path. The Markdown names the recording (`media`: `--media`, else a file found beside the
/// transcript), so a quote's time can be found in it.
pub fn export(
    input: &Input,
    opts: &LoadOptions,
    notes: &NotesAt,
    format: ExportFormat,
    path_only: bool,
    media: Option<&OsStr>,
) -> anyhow::Result<Output> {
    let loaded = load(input, opts)?;
    let opened = notes.open(&loaded.doc, input);
    let shown = opened
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if path_only {
        return match &opened.path {
            Some(_) => Ok(Output {
                stdout: format!("{}\n", safe_display(&shown)),
                warnings: Vec::new(),
            }),
            None => anyhow::bail!("{}", opened.readonly.unwrap_or_default()),
        };
    }
    if let Some(why) = opened.readonly {
        anyhow::bail!("{why}");
    }
    let mut warnings: Vec<String> = opened
        .report
        .unplaced
        .iter()
        .map(|text| format!("could not place (kept at its old line): {text}"))
        .collect();
    let outline = outline_now(
        &loaded.doc,
        input,
        false,
        &opened.notes.outline,
        &mut warnings,
    );
    let e = crate::notes::export::collect(&loaded.doc, &outline, &opened.notes, &shown);
    let beside = match input {
        Input::File(p) => Some(p.as_path()),
        _ => None,
    };
    let media = crate::player::Media::resolve(media, beside).unwrap_or_else(|err| {
        warnings.push(err.to_string());
        None
    });
    let stdout = match format {
        ExportFormat::Markdown => with_recording(
            crate::notes::export::markdown(&e),
            media.as_ref().map(crate::player::Media::display_name),
        ),
        ExportFormat::Toml => crate::notes::export::toml(&e),
        ExportFormat::Json => crate::notes::export::json(&e),
    };
    Ok(Output { stdout, warnings })
}

/// `lector notes --list` and `--prune`: the notes files in the data directory, described; for
/// `--prune`, the ones whose transcript is gone, which the caller removes after asking.
pub fn notes_library(
    notes_dir: Option<PathBuf>,
) -> anyhow::Result<(PathBuf, Vec<crate::notes::library::Entry>)> {
    let homes = crate::notes::Homes::from_env().with_data(notes_dir);
    let Some(dir) = homes.data else {
        anyhow::bail!("no data directory: set HOME or XDG_DATA_HOME");
    };
    let entries = crate::notes::library::list(&dir);
    Ok((dir, entries))
}

/// The Markdown export with `Recording: talk.m4a` under its title.
fn with_recording(markdown: String, media: Option<String>) -> String {
    let Some(name) = media else {
        return markdown;
    };
    let (title, rest) = markdown.split_once('\n').unwrap_or((&markdown, ""));
    format!("{title}\n\nRecording: {name}\n{rest}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recording_goes_under_the_title() {
        let md = "# talk.srt\n\n## Topic\n\n> quote\n>\n> — line 3, 1:30\n".to_string();
        assert_eq!(
            with_recording(md.clone(), Some("talk.m4a".into())),
            "# talk.srt\n\nRecording: talk.m4a\n\n## Topic\n\n> quote\n>\n> — line 3, 1:30\n"
        );
        assert_eq!(with_recording(md.clone(), None), md);
    }
}
