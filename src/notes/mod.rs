//! Bookmarks, highlights and notes: the model and its operations (0-based lines), undo and
//! redo, the TOML file (1-based lines; atomic saves under a lock, merged with another reader),
//! which file belongs to which transcript, re-finding lines after the transcript changed,
//! reading positions, the library of notes files, and export.
//!
//! How the reader uses it, from opening to quitting:
//!
//! 1. **Open**: `let mut o = open_for(&doc, transcript_path, notes_flag, &homes)` with
//!    `homes = Homes::from_env().with_data(config_notes_dir)`. `o.notes` are the notes,
//!    re-anchored as far as [`anchor::FIRST_SCREEN_BUDGET`] allowed; `o.readonly` says why
//!    changes must be refused (show it); `o.report` what moved or could not be placed;
//!    `o.resume` where to start and whether the position's text was found; `o.kept` how many
//!    entries of the file are kept verbatim because they cannot be shown.
//! 2. **Finish re-anchoring** if `o.pending` is `Some(job)`: on a worker,
//!    `let (moves, report) = job.step(&doc, None)`; back on the state,
//!    `anchor::apply(&mut notes, &moves, &doc)` (edits made meanwhile are kept).
//! 3. **Change**: call the operation on [`Notes`] (`toggle_bookmark`, `set_note`,
//!    `add_highlight`, `remove_highlight_at`, `set_highlight_color`, `remove_bookmark`,
//!    `set_topic`, `remove_topic`); each returns an [`Edit`]: `history.record(edit)` with a
//!    [`history::History`], and `edit.describe()` words the message ("bookmark on line 12
//!    deleted"). `u` is `history.undo(&mut notes)`, `Ctrl-r` `history.redo(&mut notes)`.
//! 4. **Save** after every change, off the key path: `store.save_shared(seen, Arc::new(notes))`
//!    where `seen` is the id of the last [`store::Saved`] taken in (0 at first). Take each
//!    result in, in order: `saved.rebase(&mut notes); seen = saved.id;` (then
//!    `notes.resolve_overlaps(...)`). A failed save leaves everything in memory; retry on the
//!    next change.
//! 5. **Quit**: wait for the pending saves; remember the position with
//!    `o.positions.remember(cursor, doc.line(cursor))`; if the last save failed, write the
//!    notes with `store::write_unsaved(&notes, &notes_path, homes.unsaved().as_deref())`,
//!    print the path it returns, and exit non-zero.

pub mod anchor;
pub mod export;
pub mod file;
pub mod history;
pub mod identity;
pub mod library;
pub mod merge;
pub mod model;
pub mod positions;
pub mod store;

pub use file::ParseError;
pub use identity::Identity;
pub use model::{Bookmark, Color, Edit, Highlight, Item, Notes};

use crate::transcript::Document;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Where lector keeps things, by the XDG rules. Each is `None` when neither its variable nor
/// `HOME` is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Homes {
    /// Notes files: `$XDG_DATA_HOME/lector`, else `~/.local/share/lector` (the config's
    /// `notes_dir` overrides it).
    pub data: Option<PathBuf>,
    /// Reading positions and notes that could not be saved: `$XDG_STATE_HOME/lector`, else
    /// `~/.local/state/lector`.
    pub state: Option<PathBuf>,
    /// Lock files: `$XDG_RUNTIME_DIR/lector`, else the state directory's `locks/`.
    pub runtime: Option<PathBuf>,
}

impl Homes {
    /// The directories from the environment.
    pub fn from_env() -> Homes {
        let var = |k: &str| {
            std::env::var_os(k)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .filter(|p| p.is_absolute())
        };
        let home = var("HOME");
        let under_home = |parts: &[&str]| {
            home.as_ref().map(|h| {
                parts
                    .iter()
                    .fold(h.clone(), |p, s| p.join(s))
                    .join("lector")
            })
        };
        Homes {
            data: var("XDG_DATA_HOME")
                .map(|d| d.join("lector"))
                .or_else(|| under_home(&[".local", "share"])),
            state: var("XDG_STATE_HOME")
                .map(|d| d.join("lector"))
                .or_else(|| under_home(&[".local", "state"])),
            runtime: var("XDG_RUNTIME_DIR").map(|d| d.join("lector")),
        }
    }

    /// The same, with the notes in `dir` when given (the config's `notes_dir`).
    pub fn with_data(mut self, dir: Option<PathBuf>) -> Homes {
        if dir.is_some() {
            self.data = dir;
        }
        self
    }

    /// All three under one directory (for tests): `root/data`, `root/state`, `root/run`.
    pub fn under(root: &Path) -> Homes {
        Homes {
            data: Some(root.join("data")),
            state: Some(root.join("state")),
            runtime: Some(root.join("run")),
        }
    }

    /// Where lock files go: the runtime directory, else the state directory's `locks/`, else a
    /// private directory in the system's temporary directory.
    pub fn locks(&self) -> PathBuf {
        match (&self.runtime, &self.state) {
            (Some(r), _) => r.clone(),
            (None, Some(s)) => s.join("locks"),
            (None, None) => {
                #[cfg(unix)]
                let who = store::current_uid();
                #[cfg(not(unix))]
                let who = 0;
                std::env::temp_dir().join(format!("lector-{who}"))
            }
        }
    }

    /// Where notes that could not be saved go when their own directory cannot be written.
    pub fn unsaved(&self) -> Option<PathBuf> {
        self.state.as_ref().map(|s| s.join("unsaved"))
    }
}

/// The notes of a document, opened for reading and saving.
#[derive(Debug)]
pub struct Opened {
    /// What the transcript is known by (for [`positions::remember`]).
    pub identity: Identity,
    /// Where the notes are saved (None: nowhere to keep them).
    pub path: Option<PathBuf>,
    pub store: Option<store::Store>,
    /// The notes, re-anchored as far as the first screen's budget allowed.
    pub notes: Notes,
    /// Why annotations are read-only this run (a file that will not parse, a read-only file…).
    pub readonly: Option<String>,
    /// What re-anchoring did so far (the transcript changed since the notes were written).
    pub report: anchor::Report,
    /// Re-anchoring left to finish (a big change in a big transcript): run
    /// `job.step(&doc, None)` in the background and apply its moves with [`anchor::apply`].
    pub pending: Option<anchor::Job>,
    /// Where to resume: the remembered position, re-anchored.
    pub resume: Option<positions::Resume>,
    /// Remembers the reading position on quit: `keeper.remember(cursor, line_text)`.
    pub positions: Option<positions::Keeper>,
    /// Entries of the notes file kept verbatim because they cannot be shown (a line below 1,
    /// a range that ends before it starts, an unknown colour): how many.
    pub kept: usize,
}

/// Opens the notes of `doc`, read from the file `transcript` (`None`: piped text or the
/// bundled sample): the file named by `--notes` (`notes_file`) if given, else the transcript's
/// own notes file in `homes.data` (see [`identity`] for how it is found). Bookmarks,
/// highlights and the remembered position are re-anchored in `doc` for at most
/// [`anchor::FIRST_SCREEN_BUDGET`]; what is left is in `pending`.
pub fn open_for(
    doc: &Document,
    transcript: Option<&Path>,
    notes_file: Option<&Path>,
    homes: &Homes,
) -> Opened {
    open_within(
        doc,
        transcript,
        notes_file,
        homes,
        Some(Instant::now() + anchor::FIRST_SCREEN_BUDGET),
    )
}

/// [`open_for`] with its own deadline for re-anchoring (`None`: finish it, as `lector export`
/// does).
pub fn open_within(
    doc: &Document,
    transcript: Option<&Path>,
    notes_file: Option<&Path>,
    homes: &Homes,
    deadline: Option<Instant>,
) -> Opened {
    let identity = Identity::of(doc, transcript);
    let mut opened = Opened {
        identity: identity.clone(),
        path: None,
        store: None,
        notes: Notes::default(),
        readonly: None,
        report: anchor::Report::default(),
        pending: None,
        resume: None,
        positions: positions::Keeper::new(homes, &identity),
        kept: 0,
    };
    let (path, source, moves, own) = match notes_file {
        Some(p) => (p.to_path_buf(), None, false, false),
        None => {
            let Some(dir) = &homes.data else {
                opened.readonly = Some(
                    "no place for notes: set HOME or XDG_DATA_HOME, or use --notes PATH".into(),
                );
                return opened;
            };
            let found = identity::locate(dir, &identity, || legacy_hash(doc.text()));
            (found.path, found.source, found.moves, true)
        }
    };
    opened.path = Some(path.clone());
    let remembered = homes
        .state
        .as_ref()
        .and_then(|s| positions::recall(s, &identity));
    match store::Store::open(path, source.as_deref(), homes.locks()) {
        Ok((mut st, notes)) => {
            if let (Some(src), true) = (source, moves) {
                st = st.moving_from(&src);
            }
            if own {
                st = st.removing_when_blank();
            }
            opened.readonly = st.read_only().map(|e| e.to_string());
            opened.kept = notes.kept.len();
            let position = remembered
                .clone()
                .map(|r| (r.line, r.text))
                .or_else(|| notes.legacy_position().map(|l| (l, String::new())));
            let mut job =
                anchor::Job::new(&notes, position.as_ref().map(|(l, t)| (*l, t.as_str())));
            let (moves, report) = job.step(doc, deadline);
            let mut notes = notes;
            anchor::apply(&mut notes, &moves, doc);
            notes.resolve_overlaps(&|i| doc.line(i).to_string());
            notes.transcript = Some(model::TranscriptInfo {
                name: identity.name.clone(),
                hash: identity.hash.clone(),
                path: identity.path_text(),
                ..notes.transcript.clone().unwrap_or_default()
            });
            opened.resume = position.map(|(line, _)| {
                let found = job.position().flatten();
                positions::Resume {
                    line: found.unwrap_or(line).min(doc.len().saturating_sub(1)),
                    remembered: line,
                    placed: found.is_some() || job.position().is_none(),
                }
            });
            opened.report = report;
            opened.pending = (!job.is_done()).then_some(job);
            opened.notes = notes;
            opened.store = Some(st);
        }
        Err(e) => opened.readonly = Some(e.to_string()),
    }
    opened
}

/// The hash that named notes files before they were named by path (FNV-1a, 64 bits; texts
/// over 1 MiB sampled), to find such files once and move them to their new name.
pub fn legacy_hash(text: &str) -> String {
    const FULL: usize = 1 << 20;
    let b = text.as_bytes();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for &x in bytes {
            h ^= u64::from(x);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    if b.len() <= FULL {
        feed(b);
    } else {
        feed(&(b.len() as u64).to_le_bytes());
        feed(&b[..1 << 16]);
        for i in 1..=64 {
            let at = b.len() / 65 * i;
            feed(&b[at..(at + 4096).min(b.len())]);
        }
        feed(&b[b.len() - (1 << 16)..]);
    }
    format!("{h:016x}")
}
