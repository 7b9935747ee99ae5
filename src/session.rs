//! Session assembly: everything the reader starts with, built from a loaded transcript, the
//! config and the notes — the state (outline with the user's edits, notes re-anchored, keys,
//! theme, options, what the help says about the files), the actions to run first (the
//! remembered position, `+LINE`, `+/PATTERN`) and the notes store. No terminal is touched here.

use crate::action::Action;
use crate::cli::StartAt;
use crate::config::{ConfigError, Loaded as LoadedConfig};
use crate::load::{Input, Loaded, outline_for};
use crate::notes::Homes;
use crate::notes::anchor::Job;
use crate::notes::positions::Keeper;
use crate::notes::store::Store;
use crate::outline::Outline;
use crate::player::Media;
use crate::state::{AppState, Message, Settings};
use crate::text::safe_display;
use crate::theme::ColorEnv;
use crate::transcript::Document;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A reader session: the state, the actions it starts with, where its notes are saved, and
/// what is left to do with them.
#[derive(Debug)]
pub struct Session {
    pub state: AppState,
    pub initial: Vec<Action>,
    pub store: Option<Store>,
    /// Remembers the reading position on quit.
    pub positions: Option<Keeper>,
    /// Re-anchoring that did not fit before the first screen: finished in the background.
    pub reanchor: Option<Job>,
    /// Where notes that could not be saved are written on quit, when their own folder fails.
    pub unsaved_dir: Option<PathBuf>,
}

/// What a session needs besides the transcript: the notes file (`--notes`), the config, the
/// colours the terminal can show, where lector keeps its files (by the XDG rules), and the
/// recording (`--media`).
#[derive(Debug, Clone)]
pub struct Setup {
    pub notes_file: Option<PathBuf>,
    pub config: LoadedConfig,
    pub colors: ColorEnv,
    pub homes: Homes,
    /// `--media`: a file or URL to play; `None`: a file found beside the transcript, if any.
    pub media: Option<OsString>,
}

impl Setup {
    /// The settings the config asks for, with `info` for the help.
    fn settings(&self, info: Vec<(String, String)>) -> Settings {
        let config = &self.config.config;
        Settings {
            keymap: Arc::new(config.keymap.clone()),
            theme: config.theme(self.colors),
            options: config.options.clone(),
            info,
        }
    }

    /// The state shown while a big file loads: its first lines, as one topic, saying so.
    pub fn preview(&self, doc: Document) -> AppState {
        let outline = Outline::single(&doc);
        let mut state = AppState::with_settings(Arc::new(doc), outline, self.settings(Vec::new()));
        state.message = Some(Message::info("loading…"));
        state
    }

    /// The reader's session for a loaded transcript: its outline (with the user's edits), its
    /// notes (re-anchored), the config's keys, theme and options, the position to start at.
    pub fn session(&self, loaded: Loaded, input: &Input, start: Option<StartAt>) -> Session {
        let mut warnings = loaded.warnings;
        let found = outline_for(&loaded.doc, input, &mut warnings);
        let auto = found.is_none();
        let base = found.unwrap_or_else(|| Outline::single(&loaded.doc));
        let doc = loaded.doc;
        let homes = self
            .homes
            .clone()
            .with_data(self.config.config.options.notes_dir.clone());
        let transcript = match input {
            Input::File(p) => Some(p.as_path()),
            _ => None,
        };
        let opened = crate::notes::open_for(&doc, transcript, self.notes_file.as_deref(), &homes);
        if let Some(why) = &opened.readonly {
            warnings.insert(0, format!("notes are read-only this run: {why}"));
        }
        if let Some(w) = opened.report.summary() {
            warnings.push(w);
        }
        let media = self.media(input, &mut warnings);
        let mut initial = Vec::new();
        // Back where you left off, unless the command line says where to start; and say so, so
        // that nobody takes line 200 for the start.
        let mut resumed = None;
        if start.is_none()
            && let Some(r) = &opened.resume
            && r.line > 0
        {
            initial.push(Action::Goto((r.line + 1).to_string()));
            resumed = Some(format!(
                "resumed at line {} (g: top, Ctrl-o: back)",
                r.line + 1
            ));
        }
        match start {
            Some(StartAt::Line(l)) => {
                initial.push(Action::Goto(l.replace('$', &doc.len().to_string())));
            }
            Some(StartAt::Pattern(p)) => initial.push(Action::SearchFor(p)),
            None => {}
        }
        let mut info = self.info(
            &doc,
            input,
            &base,
            opened.path.as_ref(),
            opened.readonly.is_some(),
        );
        // The recording, after the notes.
        let shown = media.as_ref().map_or("none".into(), Media::display_name);
        info.insert(4.min(info.len()), ("media".into(), shown));
        let doc = Arc::new(doc);
        let mut state = AppState::with_settings(doc, base, self.settings(info));
        state.outline.auto = auto;
        state.notes.notes = opened.notes;
        state.notes.path = opened.path;
        state.notes.readonly = opened.readonly;
        state.player.media = media;
        // The user's own topics and deletions win over the outline found in the files.
        state.apply_outline_edits();
        if state.settings.options.paragraphs {
            if state.settings.options.wrap {
                state.set_paragraphs(true);
            } else {
                // Paragraphs are wrapped text: say why the line view opened.
                warnings.push(
                    "paragraphs = true needs wrap = true: opened in the line view (w, then P)"
                        .into(),
                );
            }
        }
        let errors = &self.config.errors;
        state.message = match config_message(errors) {
            Some(text) => Some(Message::error(text)),
            None if !warnings.is_empty() => {
                // Resuming is said even when the transcript changed.
                warnings.splice(0..0, resumed);
                Some(Message::error(warnings.join(" · ")))
            }
            None => match (resumed, media_message(&state)) {
                (Some(r), Some(_)) => {
                    let media = state.player.media.as_ref().map(Media::display_name);
                    Some(Message::info(format!(
                        "{r} · media: {}",
                        media.unwrap_or_default()
                    )))
                }
                (r, m) => r.or(m).map(Message::info),
            },
        };
        Session {
            state,
            initial,
            store: opened.store,
            positions: opened.positions,
            reanchor: opened.pending,
            unsaved_dir: homes.unsaved(),
        }
    }

    /// The recording: `--media` (a file must exist; a mistake is a warning), else a file beside
    /// the transcript.
    fn media(&self, input: &Input, warnings: &mut Vec<String>) -> Option<Media> {
        let beside = match input {
            Input::File(p) => Some(p.as_path()),
            _ => None,
        };
        Media::resolve(self.media.as_deref(), beside).unwrap_or_else(|e| {
            warnings.push(e.to_string());
            None
        })
    }

    /// What the help's Files section says: the file, its format, the outline's source, the notes
    /// file and the config file, then any config mistakes.
    fn info(
        &self,
        doc: &Document,
        input: &Input,
        outline: &Outline,
        notes: Option<&PathBuf>,
        readonly: bool,
    ) -> Vec<(String, String)> {
        let shown = |p: &Path| safe_display(&p.display().to_string());
        let mut info = vec![
            (
                "file".into(),
                match input {
                    Input::File(p) => shown(p),
                    _ => doc.name.clone(),
                },
            ),
            (
                "format".into(),
                format!("{} · {}", doc.format.name(), doc.encoding),
            ),
            ("outline".into(), outline.source.name().to_string()),
            (
                "notes".into(),
                match (notes, readonly) {
                    (Some(p), false) => shown(p),
                    (Some(p), true) => format!("{} (read-only this run)", shown(p)),
                    (None, _) => "none".into(),
                },
            ),
            (
                "config".into(),
                match &self.config.path {
                    Some(p) => safe_display(&crate::config::tilde(p)),
                    None => "none (the defaults)".into(),
                },
            ),
        ];
        for e in &self.config.errors {
            info.push((String::new(), e.to_string()));
        }
        info
    }
}

/// `media: talk.m4a · p plays from the cursor line`, when a timed transcript has a recording.
fn media_message(state: &AppState) -> Option<String> {
    let media = state
        .player
        .media
        .as_ref()
        .filter(|_| state.doc.is_timed())?;
    Some(format!(
        "media: {} · p plays from the cursor line",
        media.display_name()
    ))
}

/// The status-bar message for config mistakes: the first one (the help lists them all).
fn config_message(errors: &[ConfigError]) -> Option<String> {
    let first = errors.first()?;
    Some(match errors.len() {
        1 => format!("config: {first}"),
        n => format!("config (1 of {n}, all in the help): {first}"),
    })
}
