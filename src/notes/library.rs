//! The notes files in the data directory, for `lector notes --list` and `--prune`: what each
//! holds, which transcript it belongs to, and whether that transcript is still there.

use super::identity;
use super::store;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Whether a notes file's transcript is still there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// The transcript's file exists.
    Present,
    /// The file it records is gone: `--prune` removes these notes.
    Gone,
    /// Piped text, or a file written before notes recorded their transcript's path: lector
    /// cannot tell, and never prunes it.
    Unknown,
    /// The notes file cannot be read (it does not parse, …): never pruned.
    Unreadable(String),
}

/// One notes file.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub file: PathBuf,
    /// The transcript's name and path as recorded.
    pub name: Option<String>,
    pub transcript: Option<PathBuf>,
    pub status: Status,
    pub bookmarks: usize,
    /// Bookmarks with a note.
    pub notes: usize,
    pub highlights: usize,
    /// Outline edits: topics added or renamed, and deleted.
    pub outline_edits: usize,
    pub modified: Option<SystemTime>,
    /// Its `.bak`, and other files that go with it.
    pub companions: Vec<PathBuf>,
}

/// Every notes file in `dir`, sorted by name.
pub fn list(dir: &Path) -> Vec<Entry> {
    let mut out = Vec::new();
    for (file, head) in identity::notes_files(dir) {
        let mut e = Entry {
            file: file.clone(),
            name: head.name.clone(),
            transcript: head.path.as_ref().map(PathBuf::from),
            status: Status::Unknown,
            bookmarks: 0,
            notes: 0,
            highlights: 0,
            outline_edits: 0,
            modified: fs::metadata(&file).and_then(|m| m.modified()).ok(),
            companions: Vec::new(),
        };
        let bak = PathBuf::from(format!("{}.bak", file.display()));
        if fs::symlink_metadata(&bak).is_ok() {
            e.companions.push(bak);
        }
        match store::read(&file) {
            Ok(Some((n, _))) => {
                e.bookmarks = n.bookmarks.len() + n.kept.bookmarks.len();
                e.notes = n.bookmarks.iter().filter(|b| b.note.is_some()).count();
                e.highlights = n.highlights.len() + n.kept.highlights.len();
                e.outline_edits = n.outline.topics.len() + n.outline.removed.len();
                e.status = match &e.transcript {
                    Some(p) if fs::metadata(p).is_ok() => Status::Present,
                    Some(_) => Status::Gone,
                    None => Status::Unknown,
                };
            }
            Ok(None) => continue,
            Err(err) => e.status = Status::Unreadable(err.to_string()),
        }
        out.push(e);
    }
    out
}

/// The entries `--prune` removes: those whose transcript is gone.
pub fn prunable(entries: &[Entry]) -> Vec<Entry> {
    entries
        .iter()
        .filter(|e| e.status == Status::Gone)
        .cloned()
        .collect()
}

/// Removes each entry's file and companions. Returns what could not be removed, with why.
pub fn prune(entries: &[Entry]) -> Vec<(PathBuf, String)> {
    let mut failed = Vec::new();
    for e in entries {
        for p in std::iter::once(&e.file).chain(&e.companions) {
            if let Err(err) = fs::remove_file(p)
                && err.kind() != std::io::ErrorKind::NotFound
            {
                failed.push((p.clone(), crate::text::io_message(&err)));
            }
        }
    }
    failed
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// An entry for people, cleaned of control characters (a name from a file never reaches the
/// terminal raw): the notes file, then its transcript and what it holds.
pub fn describe(e: &Entry) -> String {
    let show = |p: &Path| crate::text::safe_display(&p.display().to_string());
    let transcript = match (&e.transcript, &e.status) {
        (Some(p), Status::Gone) => format!("{} (gone)", show(p)),
        (Some(p), _) => show(p),
        (None, _) => match &e.name {
            Some(n) => format!(
                "{} (piped text or an older notes file: not known by path)",
                crate::text::safe_display(n)
            ),
            None => "unknown".into(),
        },
    };
    let what = match &e.status {
        Status::Unreadable(why) => format!("cannot be read: {}", crate::text::safe_display(why)),
        _ => {
            let mut s = plural(e.bookmarks, "bookmark", "bookmarks");
            if e.notes > 0 {
                s.push_str(&format!(" ({} with a note)", e.notes));
            }
            s.push_str(&format!(
                ", {}, {}",
                plural(e.highlights, "highlight", "highlights"),
                plural(e.outline_edits, "outline edit", "outline edits")
            ));
            s
        }
    };
    let when = e
        .modified
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or_else(
            || "?".into(),
            |d| {
                super::model::format_utc(d.as_secs())
                    .replace('T', " ")
                    .replace('Z', " UTC")
            },
        );
    format!(
        "{}\n  transcript: {transcript}\n  {what}; changed {when}\n",
        show(&e.file)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::Notes;

    fn write(dir: &Path, name: &str, transcript: Option<&Path>, bookmarks: usize) -> PathBuf {
        let mut n = Notes::default();
        for i in 0..bookmarks {
            n.toggle_bookmark(i, "t", None);
        }
        n.transcript = Some(crate::notes::model::TranscriptInfo {
            name: "t\u{1b}]2;x\u{7}.txt".into(),
            hash: "00".into(),
            path: transcript.map(|p| p.display().to_string()),
            ..Default::default()
        });
        let p = dir.join(name);
        fs::write(&p, n.to_toml()).unwrap();
        p
    }

    #[test]
    fn list_and_prune_only_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let notes = dir.path().join("notes");
        fs::create_dir(&notes).unwrap();
        let here = dir.path().join("here.txt");
        fs::write(&here, "x").unwrap();
        let gone = dir.path().join("gone.txt");
        let a = write(&notes, "a-1.toml", Some(&here), 2);
        let b = write(&notes, "b-2.toml", Some(&gone), 1);
        fs::write(format!("{}.bak", b.display()), "old").unwrap();
        let c = write(&notes, "c-3.toml", None, 3);
        let d = notes.join("d-0123456789abcdef.toml");
        fs::write(&d, "not [ toml").unwrap();
        // Not lector's: another program's TOML in a shared folder, even one whose transcript
        // table names a file that is gone.
        fs::write(notes.join("Cargo.toml"), "[package]\nname = \"x\"\n").unwrap();
        let other = notes.join("other-app.toml");
        fs::write(&other, "[transcript]\npath = \"/nonexistent/x\"\n").unwrap();
        // A link to a notes file is listed.
        let e = dir.path().join("elsewhere-1.toml");
        write(dir.path(), "elsewhere-1.toml", Some(&here), 1);
        std::os::unix::fs::symlink(&e, notes.join("e-5.toml")).unwrap();
        let all = list(&notes);
        let status: Vec<(&Path, &Status)> =
            all.iter().map(|e| (e.file.as_path(), &e.status)).collect();
        assert_eq!(status.len(), 5, "{status:?}");
        assert_eq!(status[0], (a.as_path(), &Status::Present));
        assert_eq!(status[1], (b.as_path(), &Status::Gone));
        assert_eq!(status[2], (c.as_path(), &Status::Unknown));
        assert_eq!(status[3].0, d.as_path());
        assert!(matches!(status[3].1, Status::Unreadable(_)));
        assert_eq!(
            status[4],
            (notes.join("e-5.toml").as_path(), &Status::Present)
        );
        let text = describe(&all[0]);
        assert!(
            text.contains("2 bookmarks, 0 highlights, 0 outline edits"),
            "{text}"
        );
        let text = describe(&all[2]);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        let doomed = prunable(&all);
        assert_eq!(doomed.len(), 1);
        assert!(prune(&doomed).is_empty());
        assert!(!b.exists() && !Path::new(&format!("{}.bak", b.display())).exists());
        assert!(a.exists() && c.exists() && d.exists() && other.exists());
    }
}
