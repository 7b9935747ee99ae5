//! Bookmarks, highlights and notes: the model, the TOML file (atomic saves, a lock, merging
//! with another reader), re-finding lines after the transcript changed, and export.

pub mod anchor;
pub mod export;
pub mod model;
pub mod store;

pub use model::{Bookmark, Color, Highlight, Notes};

use crate::transcript::Document;
use std::path::{Path, PathBuf};

/// The notes of a document, opened for reading and saving.
#[derive(Debug)]
pub struct Opened {
    /// Where the notes are saved (None: nowhere to keep them).
    pub path: Option<PathBuf>,
    pub store: Option<store::Store>,
    pub notes: Notes,
    /// Why annotations are read-only this run (a file that will not parse, …).
    pub readonly: Option<String>,
    /// What re-anchoring did (the transcript changed since the notes were written).
    pub report: anchor::Report,
}

/// Opens the notes of `doc`: the file named by `--notes` (`explicit`), else the one in
/// `dir` (the user's data directory by default) named after the transcript and a hash of
/// its text. Bookmarks and highlights are re-anchored in `doc`.
pub fn open_for(doc: &Document, explicit: Option<&Path>, dir: Option<PathBuf>) -> Opened {
    let hash = store::content_hash(doc.text());
    let (path, source) = match explicit {
        Some(p) => (p.to_path_buf(), None),
        None => {
            let Some(dir) = dir.or_else(store::default_dir) else {
                return Opened {
                    path: None,
                    store: None,
                    notes: Notes::default(),
                    readonly: Some(
                        "no place for notes: set HOME or XDG_DATA_HOME, or use --notes PATH".into(),
                    ),
                    report: anchor::Report::default(),
                };
            };
            let path = store::path_for(&dir, &doc.name, &hash);
            let source = store::find(&dir, &doc.name, &hash).filter(|s| *s != path);
            (path, source)
        }
    };
    match store::Store::open(path.clone(), source.as_deref()) {
        Ok((store, mut notes)) => {
            let report = anchor::reanchor(&mut notes, doc);
            notes.transcript = Some(model::TranscriptInfo {
                name: doc.name.clone(),
                hash,
                ..notes.transcript.clone().unwrap_or_default()
            });
            Opened {
                path: Some(path),
                store: Some(store),
                notes,
                readonly: None,
                report,
            }
        }
        Err(e) => Opened {
            path: Some(path),
            store: None,
            notes: Notes::default(),
            readonly: Some(e.to_string()),
            report: anchor::Report::default(),
        },
    }
}
