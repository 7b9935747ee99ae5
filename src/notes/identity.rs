//! Which notes file belongs to a transcript.
//!
//! A transcript is known by its canonical path when it is a regular file, and by its text
//! otherwise (piped text, a named pipe, `<(…)`, `/dev/stdin`, the bundled sample: their paths
//! say nothing about what they hold). Its notes file in the data directory is named
//! `STEM-HASH.toml`: STEM is the transcript's file name made safe (at most 100 bytes, cut on a
//! character boundary), HASH 16 hex digits of a hash (xxh3-64) of the canonical path — or of
//! the text, for a transcript that is not a file. Inside, `[transcript]` records the name, the
//! text's hash and the canonical path.
//!
//! The lookup ([`locate`]), in order:
//! 1. `STEM-HASH.toml` exists: these are the file's own notes (its text may have changed: they
//!    are re-anchored, and they alone).
//! 2. The file is new here: a notes file whose `[transcript] hash` is this text's hash belongs
//!    to the same text. If the path it records is gone, the file was moved or renamed: its notes
//!    move with it (saved under the new name; the old file becomes the new one's `.bak`). If
//!    that path still exists, this is a copy: the copy starts with a copy of the notes, and the
//!    original's file is left alone.
//! 3. Notes written by lector before this scheme (`STEM-FNVHASH.toml`, named after the text)
//!    are found by their old name and moved the same way.
//! 4. Otherwise the transcript has no notes yet. No file is written until there is something
//!    to keep.
//!
//! A different file never inherits another's notes because they share a name: the name is
//! only part of the file name, for people to read.

use crate::transcript::Document;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Bytes of the transcript's name kept in a notes file name.
pub const STEM_MAX: usize = 100;

/// Bytes of a notes file read to find its `[transcript]` table when looking by text.
const HEAD_BYTES: u64 = 8 << 10;

/// What a transcript is known by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The transcript's name (its file name; `(stdin)` for piped text).
    pub name: String,
    /// Its canonical path, when it is a file.
    pub path: Option<PathBuf>,
    /// A hash of its text: [`content_hash`].
    pub hash: String,
}

impl Identity {
    /// The identity of `doc`, read from `path` (`None`: piped text or the bundled sample). The
    /// path is made canonical here (symbolic links resolved); one that cannot be is taken as
    /// it is, made absolute. A path that is not a regular file (a pipe, a device) is not kept:
    /// such a transcript is known by its text, as piped text is.
    pub fn of(doc: &Document, path: Option<&Path>) -> Identity {
        let path = path
            .filter(|p| fs::metadata(p).is_ok_and(|m| m.is_file()))
            .map(|p| {
                fs::canonicalize(p).unwrap_or_else(|_| std::path::absolute(p).unwrap_or(p.into()))
            });
        Identity {
            name: doc.name.clone(),
            path,
            hash: content_hash(doc.text()),
        }
    }

    /// The notes file's name in the data directory: `STEM-HASH.toml`.
    pub fn file_name(&self) -> String {
        let key = match &self.path {
            Some(p) => hash_bytes(path_bytes(p).as_ref()),
            None => self.hash.clone(),
        };
        format!("{}-{key}.toml", safe_stem(&self.name))
    }

    /// The canonical path as text for the notes file (`None` when it is not valid UTF-8: such a
    /// file is then found by its name and text only).
    pub fn path_text(&self) -> Option<String> {
        self.path
            .as_ref()
            .and_then(|p| p.to_str())
            .map(String::from)
    }
}

fn path_bytes(p: &Path) -> std::borrow::Cow<'_, [u8]> {
    #[cfg(unix)]
    {
        std::borrow::Cow::Borrowed(std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()))
    }
    #[cfg(not(unix))]
    {
        std::borrow::Cow::Owned(p.to_string_lossy().into_owned().into_bytes())
    }
}

/// xxh3-64 of `bytes`, as 16 hex digits.
pub fn hash_bytes(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// The hash of a transcript's text (all of it: some 10 GB/s, so 100 MB in about 10 ms).
pub fn content_hash(text: &str) -> String {
    hash_bytes(text.as_bytes())
}

/// A file-name-safe form of a transcript's name: letters, digits, `.`, `-` and `_` kept,
/// anything else `_`, no leading dot, at most [`STEM_MAX`] bytes (cut on a character boundary).
pub fn safe_stem(name: &str) -> String {
    let mut s = String::new();
    for c in name.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
            c
        } else {
            '_'
        };
        if s.len() + c.len_utf8() > STEM_MAX {
            break;
        }
        s.push(c);
    }
    let s = s.trim_start_matches('.');
    if s.is_empty() {
        "transcript".into()
    } else {
        s.to_string()
    }
}

/// Where a transcript's notes are, and where they are saved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The notes file of this transcript (it may not exist yet).
    pub path: PathBuf,
    /// Another file to read the notes from, when `path` does not exist yet.
    pub source: Option<PathBuf>,
    /// Whether `source` moves to `path` at the first save (the transcript moved), or is only
    /// copied (a copy of the transcript).
    pub moves: bool,
}

/// Finds the notes of `id` in `dir` (see the module's description).
pub fn locate(dir: &Path, id: &Identity, legacy_hash: impl FnOnce() -> String) -> Located {
    let path = dir.join(id.file_name());
    let none = |path: PathBuf| Located {
        path,
        source: None,
        moves: false,
    };
    if fs::symlink_metadata(&path).is_ok() {
        return none(path);
    }
    let mut copies: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    let mut moved: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for (file, head) in notes_files(dir) {
        if head.hash.as_deref() != Some(id.hash.as_str()) {
            continue;
        }
        let gone = match &head.path {
            Some(p) => id.path.is_some() && fs::metadata(p).is_err(),
            None => false,
        };
        let when = fs::metadata(&file)
            .and_then(|m| m.modified())
            .unwrap_or(std::time::UNIX_EPOCH);
        if gone {
            moved.push((when, file));
        } else {
            copies.push((when, file));
        }
    }
    let newest = |v: &mut Vec<(std::time::SystemTime, PathBuf)>| {
        v.sort();
        v.pop().map(|(_, p)| p)
    };
    if let Some(src) = newest(&mut moved) {
        return Located {
            path,
            source: Some(src),
            moves: true,
        };
    }
    // Before this scheme: named after the transcript's name and an FNV hash of its text.
    let legacy = dir.join(format!("{}-{}.toml", legacy_stem(&id.name), legacy_hash()));
    if fs::metadata(&legacy).is_ok_and(|m| m.is_file()) {
        return Located {
            path,
            source: Some(legacy),
            moves: true,
        };
    }
    match newest(&mut copies) {
        Some(src) => Located {
            path,
            source: Some(src),
            moves: false,
        },
        None => none(path),
    }
}

/// The stem of notes files written before names were bounded in bytes.
fn legacy_stem(name: &str) -> String {
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

/// The `[transcript]` table of a notes file, as found in its first lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Head {
    pub name: Option<String>,
    pub hash: Option<String>,
    pub path: Option<String>,
}

/// The notes files in `dir`, each with its `[transcript]` table read from its first 8 KiB:
/// lector's own only (a `[transcript]` table with a `hash`, or a name `STEM-HEX.toml` as lector
/// gives them, so that a damaged notes file is still listed), not hidden, not backups or unsaved
/// copies. A symbolic link to a notes file counts (a notes folder may be synced through links);
/// other files a shared folder holds are not lector's to list or prune.
pub fn notes_files(dir: &Path) -> Vec<(PathBuf, Head)> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(name) = name.to_str() else { continue };
        let toml = std::path::Path::new(name)
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("toml"));
        if name.starts_with('.') || !toml || name.contains(".unsaved-") {
            continue;
        }
        if !fs::metadata(e.path()).is_ok_and(|m| m.is_file()) {
            continue;
        }
        let head = read_head(&e.path());
        if head.hash.is_none() && !lector_name(name) {
            continue;
        }
        out.push((e.path(), head));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Whether `name` is shaped as lector names notes files: `STEM-HASH.toml`, HASH 16 hex digits.
fn lector_name(name: &str) -> bool {
    name.strip_suffix(".toml")
        .and_then(|s| s.rsplit_once('-'))
        .is_some_and(|(stem, hash)| {
            !stem.is_empty() && hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
}

/// Reads the `[transcript]` table from the first lines of a notes file.
pub fn read_head(path: &Path) -> Head {
    let mut text = Vec::new();
    if let Ok(f) = super::store::open_regular(path) {
        let _ = f.take(HEAD_BYTES).read_to_end(&mut text);
    }
    let text = String::from_utf8_lossy(&text);
    let mut head = Head::default();
    let mut inside = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('[') {
            inside = t == "[transcript]";
            continue;
        }
        if !inside {
            continue;
        }
        let Ok(kv) = toml::from_str::<toml::Table>(t) else {
            continue;
        };
        for (k, v) in kv {
            let v = v.as_str().map(String::from);
            match k.as_str() {
                "name" => head.name = v,
                "hash" => head.hash = v,
                "path" => head.path = v,
                _ => {}
            }
        }
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::Format;

    fn doc(name: &str, text: &str) -> Document {
        Document::new(name, Format::Plain, text.into())
    }

    fn write_notes(path: &Path, id: &Identity) {
        let text = format!(
            "version = 1\n[transcript]\nname = {:?}\nhash = {:?}\n{}\n[[bookmark]]\nline = 1\n",
            id.name,
            id.hash,
            id.path_text()
                .map(|p| format!("path = {p:?}"))
                .unwrap_or_default()
        );
        fs::write(path, text).unwrap();
    }

    #[test]
    fn names_fit_255_bytes_and_are_cut_on_a_character_boundary() {
        // Issue 13, item 4: 76 × 中 + .txt gave "File name too long".
        let name = format!("{}.txt", "中".repeat(76));
        let id = Identity {
            name,
            path: Some("/t/x".into()),
            hash: "0".repeat(16),
        };
        let f = id.file_name();
        assert!(f.len() <= 122, "{} bytes", f.len());
        assert!(f.starts_with(&"中".repeat(33)), "{f}");
        assert_eq!(std::path::Path::new(&f).extension(), Some("toml".as_ref()));
        assert_eq!(safe_stem("talk show/ep 1.srt"), "talk_show_ep_1.srt");
        assert_eq!(safe_stem("..."), "transcript");
    }

    #[test]
    fn same_name_in_two_folders_gives_two_notes_files() {
        let dir = tempfile::tempdir().unwrap();
        for ep in ["ep1", "ep2"] {
            fs::create_dir(dir.path().join(ep)).unwrap();
            fs::write(dir.path().join(ep).join("transcript.srt"), ep).unwrap();
        }
        let a = Identity::of(
            &doc("transcript.srt", "ep1"),
            Some(&dir.path().join("ep1/transcript.srt")),
        );
        let b = Identity::of(
            &doc("transcript.srt", "ep2"),
            Some(&dir.path().join("ep2/transcript.srt")),
        );
        assert_ne!(a.file_name(), b.file_name());
        let notes = dir.path().join("notes");
        fs::create_dir(&notes).unwrap();
        write_notes(&notes.join(a.file_name()), &a);
        let found = locate(&notes, &b, || "x".into());
        assert_eq!(found.source, None, "ep2 does not inherit ep1's notes");
        assert_eq!(found.path, notes.join(b.file_name()));
    }

    #[test]
    fn a_moved_file_takes_its_notes_and_a_copy_gets_a_copy() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        fs::create_dir(&notes).unwrap();
        let old = dir.path().join("old.txt");
        fs::write(&old, "the text").unwrap();
        let d = doc("old.txt", "the text");
        let was = Identity::of(&d, Some(&old));
        write_notes(&notes.join(was.file_name()), &was);
        // A copy: the original still exists.
        let copy = dir.path().join("copy.txt");
        fs::copy(&old, &copy).unwrap();
        let c = Identity::of(&doc("copy.txt", "the text"), Some(&copy));
        let found = locate(&notes, &c, || "x".into());
        assert_eq!(found.source, Some(notes.join(was.file_name())));
        assert!(!found.moves);
        // Moved: the original is gone.
        let new = dir.path().join("new.txt");
        fs::rename(&old, &new).unwrap();
        let n = Identity::of(&doc("new.txt", "the text"), Some(&new));
        let found = locate(&notes, &n, || "x".into());
        assert_eq!(found.source, Some(notes.join(was.file_name())));
        assert!(found.moves);
        // Different text: nothing.
        let other = Identity::of(&doc("new.txt", "other text"), Some(&new));
        assert_eq!(locate(&notes, &other, || "x".into()).source, None);
    }

    #[test]
    fn piped_text_is_known_by_its_text_alone() {
        let a = Identity::of(&doc("(stdin)", "text a"), None);
        let a2 = Identity::of(&doc("(stdin)", "text a"), None);
        let b = Identity::of(&doc("(stdin)", "text b"), None);
        assert_eq!(a.file_name(), a2.file_name());
        assert_ne!(a.file_name(), b.file_name());
        assert!(a.file_name().starts_with("_stdin_-"));
    }

    #[test]
    fn a_named_pipe_is_known_by_its_text_as_piped_text_is() {
        // `lector <(cat a.txt)` reads /dev/fd/63 whatever it holds: its path says nothing.
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("ff");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()));
        let a = Identity::of(&doc("ff", "text a"), Some(&fifo));
        let b = Identity::of(&doc("ff", "text b"), Some(&fifo));
        assert_eq!(a.path, None);
        assert_ne!(a.file_name(), b.file_name());
        assert_eq!(
            a.file_name(),
            Identity::of(&doc("ff", "text a"), None).file_name()
        );
    }

    #[test]
    fn the_head_is_read_from_the_first_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("n.toml");
        fs::write(
            &p,
            "# c\nversion = 1\n[transcript]\nname = \"a b\"\nhash = \"00ff\"\npath = \"/x/\\\"y\"\n[[bookmark]]\nline = 1\nhash = \"no\"\n",
        )
        .unwrap();
        let h = read_head(&p);
        assert_eq!(h.hash.as_deref(), Some("00ff"));
        assert_eq!(h.path.as_deref(), Some("/x/\"y"));
        assert_eq!(h.name.as_deref(), Some("a b"));
    }
}
