//! The notes file on disk: where it lives, loading it, and saving it as a transaction.
//!
//! Saving: take an exclusive lock on a separate lock file; read what is on disk now and, if
//! another reader changed it since we last looked, merge (three-way, so a deletion in either
//! sticks); write a temporary file in the same directory, fsync it, keep the old file as
//! `.bak` (a hard link, so it is whole too), rename the temporary file over the old one, and
//! fsync the directory. A crash at any moment leaves the old file or the new one, whole. A
//! file that will not parse is never overwritten.

use super::model::{Bookmark, Highlight, Notes, ParseError};
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{path}: {source}")]
    Parse { path: String, source: ParseError },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
}

impl StoreError {
    fn io(path: &Path, e: &std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            message: crate::load::io_message(e),
        }
    }
}

/// `$XDG_DATA_HOME/lector`, else `~/.local/share/lector`.
pub fn default_dir() -> Option<PathBuf> {
    let from_env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(d) = from_env("XDG_DATA_HOME").filter(|p| p.is_absolute()) {
        return Some(d.join("lector"));
    }
    from_env("HOME").map(|h| h.join(".local").join("share").join("lector"))
}

/// A short hash of a transcript's text (FNV-1a, 64 bits, as 16 hex digits). Texts over 1 MiB
/// are sampled — the length, the first and last 64 KiB and 64 blocks of 4 KiB in between — so
/// that opening a huge file does not wait for it. Re-anchoring checks every bookmark's text
/// anyway, so a change the sample misses is still noticed where it matters.
pub fn content_hash(text: &str) -> String {
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

/// A file-name-safe form of a transcript's name.
fn safe_stem(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let s = s.trim_start_matches('.').to_string();
    if s.is_empty() { "transcript".into() } else { s }
}

/// The notes file for a transcript named `name` whose text hashes to `hash`, in `dir`:
/// `NAME-HASH.toml`.
pub fn path_for(dir: &Path, name: &str, hash: &str) -> PathBuf {
    dir.join(format!(
        "{}-{}.toml",
        safe_stem(name),
        &hash[..hash.len().min(16)]
    ))
}

/// The file to read notes from: the exact one if it exists, else the newest notes file of a
/// transcript with the same name (its text changed since; the notes are re-anchored and saved
/// under the new name, and the old file is left as it is).
pub fn find(dir: &Path, name: &str, hash: &str) -> Option<PathBuf> {
    let exact = path_for(dir, name, hash);
    if exact.exists() {
        return Some(exact);
    }
    let prefix = format!("{}-", safe_stem(name));
    let mut best: Option<(std::time::SystemTime, PathBuf)> = None;
    for entry in fs::read_dir(dir).ok()?.flatten() {
        let file_name = entry.file_name();
        let Some(f) = file_name.to_str() else {
            continue;
        };
        let Some(rest) = f
            .strip_prefix(&prefix)
            .and_then(|r| r.strip_suffix(".toml"))
        else {
            continue;
        };
        if rest.len() != 16 || !rest.bytes().all(|c| c.is_ascii_hexdigit()) {
            continue;
        }
        let modified = entry.metadata().and_then(|m| m.modified()).ok();
        let modified = modified.unwrap_or(std::time::UNIX_EPOCH);
        if best.as_ref().is_none_or(|(t, _)| modified > *t) {
            best = Some((modified, entry.path()));
        }
    }
    best.map(|(_, p)| p)
}

/// Reads and parses a notes file. `Ok(None)` when it does not exist (start empty); any other
/// problem is an error, and the file must then not be overwritten.
pub fn read(path: &Path) -> Result<Option<(Notes, String)>, StoreError> {
    match fs::read(path) {
        Ok(bytes) => {
            let text = String::from_utf8(bytes).map_err(|e| StoreError::Parse {
                path: path.display().to_string(),
                source: ParseError {
                    line: None,
                    column: None,
                    message: format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
                },
            })?;
            let notes = Notes::parse(&text).map_err(|source| StoreError::Parse {
                path: path.display().to_string(),
                source,
            })?;
            Ok(Some((notes, text)))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(StoreError::io(path, &e)),
    }
}

/// A notes file being kept: where it is and what we last saw there.
#[derive(Debug, Clone)]
pub struct Store {
    pub path: PathBuf,
    /// The notes as last read or written: the base of a three-way merge.
    base: Notes,
    /// The file's text when last read or written (None: there was no file).
    base_text: Option<String>,
}

impl Store {
    /// Opens the store at `path`, reading from `source` (the same file, or an older version's
    /// notes found by [`find`]).
    pub fn open(path: PathBuf, source: Option<&Path>) -> Result<(Store, Notes), StoreError> {
        let from = source.unwrap_or(&path);
        let found = read(from)?;
        let same_file = from == path.as_path();
        let (notes, text) = match found {
            Some((n, t)) => (n, Some(t)),
            None => (Notes::default(), None),
        };
        // When reading an older version's file, our own file does not exist yet.
        let base_text = if same_file { text } else { None };
        let base = if same_file {
            notes.clone()
        } else {
            Notes::default()
        };
        Ok((
            Store {
                path,
                base,
                base_text,
            },
            notes,
        ))
    }

    /// A store for a file that does not exist yet.
    pub fn empty(path: PathBuf) -> Store {
        Store {
            path,
            base: Notes::default(),
            base_text: None,
        }
    }

    fn lock_path(&self) -> PathBuf {
        let mut p = self.path.as_os_str().to_owned();
        p.push(".lock");
        PathBuf::from(p)
    }

    fn bak_path(&self) -> PathBuf {
        let mut p = self.path.as_os_str().to_owned();
        p.push(".bak");
        PathBuf::from(p)
    }

    /// Temporary files are only written under the lock, so any found while holding it were
    /// left by a writer that died (`kill -9`, power loss): remove them.
    fn remove_stale_temporaries(&self, dir: &Path) {
        let Some(name) = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
        else {
            return;
        };
        let prefixes = [format!(".{name}.tmp-"), format!(".{name}.bak-")];
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let f = e.file_name();
            let f = f.to_string_lossy();
            if prefixes.iter().any(|p| f.starts_with(p.as_str())) {
                let _ = fs::remove_file(e.path());
            }
        }
    }

    /// Saves `ours`, merged with whatever another reader saved since we last looked. Returns
    /// the notes as saved (with the other reader's changes), or an error that leaves the file
    /// on disk as it was.
    pub fn save(&mut self, ours: &Notes) -> Result<Notes, StoreError> {
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        fs::create_dir_all(&dir).map_err(|e| StoreError::io(&dir, &e))?;
        let lock_path = self.lock_path();
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(|e| StoreError::io(&lock_path, &e))?;
        lock.lock().map_err(|e| StoreError::io(&lock_path, &e))?;
        let result = self.save_locked(ours, &dir);
        let _ = lock.unlock();
        result
    }

    fn save_locked(&mut self, ours: &Notes, dir: &Path) -> Result<Notes, StoreError> {
        self.remove_stale_temporaries(dir);
        let on_disk = read(&self.path)?;
        let merged = match &on_disk {
            Some((theirs, text)) if Some(text) != self.base_text.as_ref() => {
                merge(&self.base, theirs, ours)
            }
            _ => ours.clone(),
        };
        let text = merged.to_toml();
        if on_disk.as_ref().map(|(_, t)| t) == Some(&text) {
            self.base = merged.clone();
            self.base_text = Some(text);
            return Ok(merged);
        }
        let file_name = self
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
        let write = || -> std::io::Result<()> {
            let mut f = File::create(&tmp)?;
            f.write_all(text.as_bytes())?;
            f.sync_all()?;
            Ok(())
        };
        if let Err(e) = write() {
            let _ = fs::remove_file(&tmp);
            return Err(StoreError::io(&self.path, &e));
        }
        if on_disk.is_some() {
            // The version being replaced parsed: keep it as the .bak to recover from. A hard
            // link swapped in by rename keeps the .bak whole at every moment too.
            let bak = self.bak_path();
            let bak_tmp = dir.join(format!(".{file_name}.bak-{}", std::process::id()));
            let _ = fs::remove_file(&bak_tmp);
            if fs::hard_link(&self.path, &bak_tmp).is_ok() {
                let _ = fs::rename(&bak_tmp, &bak);
            } else {
                let _ = fs::copy(&self.path, &bak);
            }
        }
        if let Err(e) = fs::rename(&tmp, &self.path) {
            let _ = fs::remove_file(&tmp);
            return Err(StoreError::io(&self.path, &e));
        }
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        self.base = merged.clone();
        self.base_text = Some(text);
        Ok(merged)
    }
}

/// Three-way merge of notes: what both had (`base`), what the other reader saved (`theirs`),
/// and ours. An addition on either side is kept, a deletion on either side sticks, and where
/// both kept an item the side that changed it wins (ours if both did).
pub fn merge(base: &Notes, theirs: &Notes, ours: &Notes) -> Notes {
    let mut out = ours.clone();
    out.bookmarks = merge_items(
        &base.bookmarks,
        &theirs.bookmarks,
        &ours.bookmarks,
        bookmark_key,
    );
    out.highlights = merge_items(
        &base.highlights,
        &theirs.highlights,
        &ours.highlights,
        highlight_key,
    );
    for (k, v) in &theirs.extra {
        out.extra.entry(k.clone()).or_insert_with(|| v.clone());
    }
    let line_key = |t: &crate::outline::edits::EditedTopic| (t.line, 0, String::new());
    out.outline.topics = merge_items(
        &base.outline.topics,
        &theirs.outline.topics,
        &ours.outline.topics,
        line_key,
    );
    out.outline.topics.sort_by_key(|t| t.line);
    // Deleted topics: what both deleted, plus what either deleted since the base.
    let (b, t, o) = (
        &base.outline.removed,
        &theirs.outline.removed,
        &ours.outline.removed,
    );
    let mut removed: Vec<usize> = o
        .iter()
        .filter(|l| t.contains(l) || !b.contains(l))
        .chain(t.iter().filter(|l| !b.contains(l)))
        .copied()
        .collect();
    removed.sort_unstable();
    removed.dedup();
    out.outline.removed = removed;
    out.normalize();
    out
}

fn bookmark_key(b: &Bookmark) -> (usize, usize, String) {
    (b.line, 0, b.text.clone())
}

fn highlight_key(h: &Highlight) -> (usize, usize, String) {
    (h.start, h.end, h.text.clone())
}

fn merge_items<T: Clone + PartialEq>(
    base: &[T],
    theirs: &[T],
    ours: &[T],
    key: fn(&T) -> (usize, usize, String),
) -> Vec<T> {
    let index = |items: &[T]| -> HashMap<(usize, usize, String), usize> {
        items.iter().enumerate().map(|(i, t)| (key(t), i)).collect()
    };
    let (b, t) = (index(base), index(theirs));
    let o = index(ours);
    let mut out = Vec::new();
    for item in ours {
        let k = key(item);
        match (t.get(&k), b.get(&k)) {
            (Some(&ti), Some(&bi)) => {
                let changed_by_us = base[bi] != *item;
                out.push(if changed_by_us {
                    item.clone()
                } else {
                    theirs[ti].clone()
                });
            }
            (Some(_), None) => out.push(item.clone()),
            (None, Some(_)) => {} // they deleted it
            (None, None) => out.push(item.clone()),
        }
    }
    for item in theirs {
        let k = key(item);
        if !o.contains_key(&k) && !b.contains_key(&k) {
            out.push(item.clone()); // they added it
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::Color;

    fn bm(line: usize, note: Option<&str>) -> Bookmark {
        let mut b = Bookmark::new(line, &format!("line {line}"), None);
        b.note = note.map(String::from);
        b
    }

    fn notes(bs: Vec<Bookmark>) -> Notes {
        Notes {
            bookmarks: bs,
            ..Notes::default()
        }
    }

    #[test]
    fn names_and_hashes() {
        let dir = Path::new("/d");
        let p = path_for(dir, "talk show/ep 1.srt", "0123456789abcdef0000");
        assert_eq!(p, Path::new("/d/talk_show_ep_1.srt-0123456789abcdef.toml"));
        assert_eq!(content_hash("abc"), content_hash("abc"));
        assert_ne!(content_hash("abc"), content_hash("abd"));
        let big = "x".repeat(3 << 20);
        let mut big2 = big.clone();
        big2.push('y');
        assert_ne!(content_hash(&big), content_hash(&big2));
    }

    #[test]
    fn save_then_load_round_trips_and_keeps_a_bak() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("n.toml");
        let mut store = Store::empty(path.clone());
        let mut n = notes(vec![bm(3, Some("他说 \"好\"\n第二行 🎉"))]);
        n.highlights.push(Highlight::new(5, 6, Color::Green, "h"));
        store.save(&n).unwrap();
        let (again, _) = read(&path).unwrap().unwrap();
        assert_eq!(again, n);
        assert!(
            !store.bak_path().exists(),
            "no .bak before there was a file"
        );
        n.bookmarks.push(bm(9, None));
        store.save(&n).unwrap();
        let (bak, _) = read(&store.bak_path()).unwrap().unwrap();
        assert_eq!(bak.bookmarks.len(), 1, "the .bak is the version before");
        // No temporary files are left behind.
        let names: Vec<String> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.contains(".tmp-")), "{names:?}");
    }

    #[test]
    fn a_file_that_will_not_parse_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.toml");
        fs::write(&path, "version = 1\n[[bookmark]\nline = 1\n").unwrap();
        let err = Store::open(path.clone(), None).unwrap_err();
        assert!(err.to_string().contains("line 2, column"), "{err}");
        // Even a store that was opened before the file went bad refuses to write over it.
        let mut store = Store::empty(path.clone());
        let e = store.save(&notes(vec![bm(1, None)])).unwrap_err();
        assert!(matches!(e, StoreError::Parse { .. }), "{e}");
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "version = 1\n[[bookmark]\nline = 1\n"
        );
    }

    #[test]
    fn two_readers_lose_nothing_and_deletions_stick() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.toml");
        let mut first = Store::empty(path.clone());
        first.save(&notes(vec![bm(1, None), bm(2, None)])).unwrap();
        let (mut a, na) = Store::open(path.clone(), None).unwrap();
        let (mut b, nb) = Store::open(path.clone(), None).unwrap();
        // A adds 10 and deletes 1; B adds 20 and writes a note on 2.
        let mut na2 = na.clone();
        na2.bookmarks.retain(|x| x.line != 1);
        na2.bookmarks.push(bm(10, None));
        a.save(&na2).unwrap();
        let mut nb2 = nb.clone();
        nb2.bookmarks.push(bm(20, None));
        nb2.bookmarks[1].note = Some("B's note".into());
        let merged = b.save(&nb2).unwrap();
        let lines: Vec<usize> = merged.bookmarks.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![2, 10, 20]);
        assert_eq!(merged.bookmarks[0].note.as_deref(), Some("B's note"));
        let (on_disk, _) = read(&path).unwrap().unwrap();
        assert_eq!(on_disk, merged);
        // A saves again, knowing nothing of B: B's work survives.
        let mut na3 = na2.clone();
        na3.bookmarks.push(bm(30, None));
        let merged = a.save(&na3).unwrap();
        let lines: Vec<usize> = merged.bookmarks.iter().map(|x| x.line).collect();
        assert_eq!(lines, vec![2, 10, 20, 30]);
        assert_eq!(merged.bookmarks[0].note.as_deref(), Some("B's note"));
    }

    #[test]
    fn an_older_versions_notes_are_found_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let old = path_for(dir.path(), "talk.srt", &content_hash("old text"));
        fs::write(&old, notes(vec![bm(1, None)]).to_toml()).unwrap();
        let new_hash = content_hash("new text");
        assert_eq!(find(dir.path(), "talk.srt", &new_hash), Some(old.clone()));
        assert_eq!(find(dir.path(), "other.srt", &new_hash), None);
        let (mut store, n) =
            Store::open(path_for(dir.path(), "talk.srt", &new_hash), Some(&old)).unwrap();
        assert_eq!(n.bookmarks.len(), 1);
        store.save(&n).unwrap();
        assert!(old.exists(), "the old version's notes are left alone");
        assert!(store.path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_directory_is_an_error_and_nothing_is_damaged() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.toml");
        let mut store = Store::empty(path.clone());
        store.save(&notes(vec![bm(1, None)])).unwrap();
        let before = fs::read_to_string(&path).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
        let result = store.save(&notes(vec![bm(1, None), bm(2, None)]));
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        // Root may write anyway; elsewhere the save must fail cleanly.
        if let Err(e) = result {
            assert!(matches!(e, StoreError::Io { .. }), "{e}");
            assert_eq!(fs::read_to_string(&path).unwrap(), before);
        }
    }
}
