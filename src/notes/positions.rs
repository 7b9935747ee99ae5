//! Where you left off in each transcript. Reading positions are state, not your data (the XDG
//! rules), so they live in one file, `$XDG_STATE_HOME/lector/positions.toml` (else
//! `~/.local/state/lector/positions.toml`), not in the notes files: viewing a transcript
//! leaves no notes file behind. The file keeps the last [`MAX_POSITIONS`] transcripts, the
//! oldest dropped first, as less's history file does. Each save takes a lock, reads the file,
//! changes one entry and replaces the file atomically, so two readers never undo each other.
//!
//! ```toml
//! [[position]]
//! path = "/home/me/talks/talk.srt"   # the transcript's canonical path (absent for piped text)
//! hash = "5f2c9a10e4b7d3a1"          # its text's hash
//! line = 120                         # 1-based
//! text = "the line's text, to find it again"
//! ```
//!
//! The position is re-anchored like a bookmark: if the transcript changed, the reader resumes
//! at the line that now holds that text.

use super::identity::Identity;
use super::store::{self, Lock, StoreError};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Transcripts remembered, at most.
pub const MAX_POSITIONS: usize = 1000;

/// Bytes of a line's text kept (cut on a character boundary).
const TEXT_MAX: usize = 1000;

/// The positions file is refused above this size.
const FILE_MAX: u64 = 16 << 20;

/// A remembered position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Remembered {
    /// 0-based line.
    pub line: usize,
    /// The line's text then.
    pub text: String,
}

/// Where the reader resumes: the remembered position, re-anchored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resume {
    /// 0-based line to resume at (inside the transcript).
    pub line: usize,
    /// The 0-based line remembered, before re-anchoring.
    pub remembered: usize,
    /// Whether the line's text was found again (at `line`); false when the transcript changed
    /// so much that it was not, and `line` is the remembered one (kept inside the transcript).
    pub placed: bool,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    #[serde(default, rename = "position")]
    positions: Vec<Entry>,
    #[serde(flatten)]
    extra: toml::Table,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(default)]
    hash: String,
    line: u64,
    #[serde(default)]
    text: String,
    #[serde(flatten)]
    extra: toml::Table,
}

impl Entry {
    fn is(&self, id: &Identity) -> bool {
        match (&self.path, id.path_text()) {
            (Some(p), Some(q)) => *p == q,
            (None, None) => self.hash == id.hash,
            _ => false,
        }
    }
}

/// The positions file in the state directory `state`.
pub fn file(state: &Path) -> PathBuf {
    state.join("positions.toml")
}

fn read(path: &Path) -> Result<File, StoreError> {
    let f = match store::open_regular(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(File::default()),
        Err(e) => {
            return Err(StoreError::Refused {
                path: path.display().to_string(),
                message: crate::text::io_message(&e),
            });
        }
    };
    let mut text = String::new();
    f.take(FILE_MAX)
        .read_to_string(&mut text)
        .map_err(|e| StoreError::Refused {
            path: path.display().to_string(),
            message: crate::text::io_message(&e),
        })?;
    // A damaged state file is not your data: start again rather than refuse to remember.
    Ok(toml::from_str(&text).unwrap_or_default())
}

/// The position remembered for `id` in the state directory `state`: by its path (or, for
/// piped text, its text's hash); for a file never seen at this path, by its text (it moved).
pub fn recall(state: &Path, id: &Identity) -> Option<Remembered> {
    let f = read(&file(state)).ok()?;
    let found = f.positions.iter().rev().find(|e| e.is(id)).or_else(|| {
        id.path
            .as_ref()
            .and_then(|_| f.positions.iter().rev().find(|e| e.hash == id.hash))
    })?;
    Some(Remembered {
        line: usize::try_from(found.line).ok()?.checked_sub(1)?,
        text: found.text.clone(),
    })
}

/// Remembers 0-based `line` (whose text is `text`) as where the reader left `id`. `locks` is
/// the directory for the lock file.
pub fn remember(
    state: &Path,
    locks: &Path,
    id: &Identity,
    line: usize,
    text: &str,
) -> Result<(), StoreError> {
    remember_at_most(state, locks, id, line, text, MAX_POSITIONS)
}

fn remember_at_most(
    state: &Path,
    locks: &Path,
    id: &Identity,
    line: usize,
    text: &str,
    max: usize,
) -> Result<(), StoreError> {
    store::create_private_dir(state).map_err(|e| StoreError::Io {
        path: state.display().to_string(),
        message: crate::text::io_message(&e),
    })?;
    let path = file(state);
    let _lock = Lock::take(locks, &path, store::LOCK_WAIT)?;
    let mut f = read(&path)?;
    let mut cut = text.len().min(TEXT_MAX);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut extra = toml::Table::new();
    if let Some(i) = f.positions.iter().position(|e| e.is(id)) {
        extra = f.positions.remove(i).extra;
    }
    f.positions.push(Entry {
        path: id.path_text(),
        hash: id.hash.clone(),
        line: line as u64 + 1,
        text: text[..cut].to_string(),
        extra,
    });
    let over = f.positions.len().saturating_sub(max);
    f.positions.drain(..over);
    let body = toml::to_string(&f).unwrap_or_default();
    let text = format!(
        "# lector: where you left off in each transcript (the last {MAX_POSITIONS}; oldest dropped)\n{body}"
    );
    store::replace(&path, state, &text, None)
}

/// Remembers the position of one transcript: what the reader keeps to call on quit.
#[derive(Debug, Clone)]
pub struct Keeper {
    state: PathBuf,
    locks: PathBuf,
    identity: Identity,
}

impl Keeper {
    /// `None` when there is no state directory (no `HOME`, no `XDG_STATE_HOME`).
    pub fn new(homes: &super::Homes, identity: &Identity) -> Option<Keeper> {
        Some(Keeper {
            state: homes.state.clone()?,
            locks: homes.locks(),
            identity: identity.clone(),
        })
    }

    /// Remembers 0-based `line`, whose text is `text`.
    pub fn remember(&self, line: usize, text: &str) -> Result<(), StoreError> {
        remember(&self.state, &self.locks, &self.identity, line, text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(path: Option<&str>, hash: &str) -> Identity {
        Identity {
            name: "t".into(),
            path: path.map(PathBuf::from),
            hash: hash.into(),
        }
    }

    #[test]
    fn remembered_by_path_or_by_text_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let (state, locks) = (dir.path().join("state"), dir.path().join("locks"));
        let a = id(Some("/x/a.txt"), "aaaa");
        let piped = id(None, "bbbb");
        remember(&state, &locks, &a, 199, "line 200").unwrap();
        remember(&state, &locks, &piped, 9, "line 10").unwrap();
        assert_eq!(
            recall(&state, &a),
            Some(Remembered {
                line: 199,
                text: "line 200".into()
            })
        );
        assert_eq!(recall(&state, &piped).map(|r| r.line), Some(9));
        assert_eq!(
            recall(&state, &id(None, "cccc")),
            None,
            "other text: nothing"
        );
        // The same text at another path: it moved.
        assert_eq!(
            recall(&state, &id(Some("/y/a.txt"), "aaaa")).map(|r| r.line),
            Some(199)
        );
        remember(&state, &locks, &a, 5, "line 6").unwrap();
        assert_eq!(recall(&state, &a).map(|r| r.line), Some(5));
        // (Bounded at 40 here; the same code keeps MAX_POSITIONS in the reader.)
        for i in 0..50 {
            let who = id(Some(&format!("/n/{i}")), "h");
            remember_at_most(&state, &locks, &who, i, "", 40).unwrap();
        }
        let f = read(&file(&state)).unwrap();
        assert_eq!(f.positions.len(), 40);
        assert_eq!(recall(&state, &a), None, "the oldest are dropped");
        assert_eq!(
            f.positions.last().and_then(|e| e.path.clone()),
            Some("/n/49".to_string())
        );
    }

    #[test]
    fn two_readers_remembering_at_once_keep_both() {
        let dir = tempfile::tempdir().unwrap();
        let (state, locks) = (dir.path().join("state"), dir.path().join("locks"));
        std::thread::scope(|s| {
            for t in 0..4 {
                let (state, locks) = (&state, &locks);
                s.spawn(move || {
                    for i in 0..25 {
                        let who = id(Some(&format!("/r/{t}/{i}")), "h");
                        remember(state, locks, &who, i, "x").unwrap();
                    }
                });
            }
        });
        assert_eq!(read(&file(&state)).unwrap().positions.len(), 100);
    }
}
