//! The notes file on disk: reading it with limits, and saving it as a transaction that merges
//! with whatever another reader saved.
//!
//! Saving ([`Store::save`]): take an exclusive lock (a lock file under `$XDG_RUNTIME_DIR`, never
//! beside the notes); read what is on disk now; merge it three-way with ours (see below); write
//! a temporary file with a fresh random name in the same directory (created with `O_EXCL`, so a
//! planted symbolic link is never followed), with the old file's mode and owner, fsync it; keep
//! the old file as `.bak` (a hard link, so it is whole too); rename the temporary file over the
//! old one; fsync the directory. A crash at any moment leaves the old file or the new one,
//! whole. A file that will not parse, or that is read-only, is never replaced. A notes path
//! that is a symbolic link is followed: the file it points to is saved, in its own directory,
//! and the link stays a link.
//!
//! Merging: each successful save gets an id. The reader passes, with its notes, the id of the
//! last save whose result it has taken in ([`Saved::rebase`]); 0 before any. The store keeps the
//! notes it sent and got back for the saves the reader may not have taken in yet, so it knows
//! which version the reader's notes grew from, even when the reader sends a new save before the
//! previous one's result came back. Nothing another reader saved is lost that way, and a
//! deletion on either side sticks.

use super::file::ParseError;
use super::merge::merge;
use super::model::Notes;
use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Notes files bigger than this are refused (a bookmark takes some 150 bytes).
pub const MAX_NOTES_BYTES: u64 = 64 << 20;

/// How long a save waits for another program's lock before giving up.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);

/// Results of saves the reader may not have taken in yet, at most.
const RESULTS_KEPT: usize = 64;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file does not parse: it must not be overwritten.
    #[error("{path}: {source}")]
    Parse { path: String, source: ParseError },
    #[error("{path}: {message}")]
    Io { path: String, message: String },
    /// Not a regular file, or too big: refused without reading it.
    #[error("{path}: {message}")]
    Refused { path: String, message: String },
    /// The file is read-only: lector will not replace it.
    #[error(
        "{path} is read-only (mode {mode:o}): lector will not replace it; make it writable \
             (chmod u+w) to save your notes there"
    )]
    ReadOnly { path: String, mode: u32 },
    /// Another program held the lock for longer than [`LOCK_WAIT`].
    #[error(
        "{path}: locked by another program (another lector saving?) for over {secs} s; not saved"
    )]
    Locked { path: String, secs: u64 },
}

impl StoreError {
    fn io(path: &Path, e: &std::io::Error) -> StoreError {
        StoreError::Io {
            path: shown(path),
            message: crate::text::io_message(e),
        }
    }
}

fn shown(path: &Path) -> String {
    crate::text::safe_display(&path.display().to_string())
}

/// Opens `path` for reading if it is a regular file (following symbolic links), without ever
/// blocking: a FIFO is opened non-blocking and refused, as is a device.
pub fn open_regular(path: &Path) -> std::io::Result<File> {
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC);
    }
    let f = o.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    Ok(f)
}

/// Reads and parses a notes file, within limits: a regular file of at most
/// [`MAX_NOTES_BYTES`]. `Ok(None)` when it does not exist (start empty); any other problem is
/// an error, and the file must then not be overwritten.
pub fn read(path: &Path) -> Result<Option<(Notes, String)>, StoreError> {
    match read_text(path)? {
        Some(text) => Ok(Some((parse(path, &text)?, text))),
        None => Ok(None),
    }
}

fn parse(path: &Path, text: &str) -> Result<Notes, StoreError> {
    Notes::parse(text).map_err(|source| StoreError::Parse {
        path: shown(path),
        source,
    })
}

/// The text of a notes file, within the limits of [`read`].
fn read_text(path: &Path) -> Result<Option<String>, StoreError> {
    let f = match open_regular(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::InvalidInput => {
            return Err(StoreError::Refused {
                path: shown(path),
                message: "not a regular file; lector reads notes only from a regular file".into(),
            });
        }
        Err(e) => return Err(StoreError::io(path, &e)),
    };
    let too_big = || StoreError::Refused {
        path: shown(path),
        message: format!(
            "too big for a notes file (over {} MiB); not read",
            MAX_NOTES_BYTES >> 20
        ),
    };
    if f.metadata().map_err(|e| StoreError::io(path, &e))?.len() > MAX_NOTES_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    f.take(MAX_NOTES_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| StoreError::io(path, &e))?;
    if bytes.len() as u64 > MAX_NOTES_BYTES {
        return Err(too_big());
    }
    let text = String::from_utf8(bytes).map_err(|e| StoreError::Parse {
        path: shown(path),
        source: ParseError {
            line: None,
            column: None,
            message: format!("not UTF-8 text (byte {})", e.utf8_error().valid_up_to()),
        },
    })?;
    Ok(Some(text))
}

/// The file a notes path names: symbolic links followed (up to 40), even to a file that does
/// not exist yet. Saving writes there, in its own directory, and leaves the links as they are.
pub fn resolve(path: &Path) -> PathBuf {
    let mut p = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => match fs::read_link(&p) {
                Ok(target) if target.is_absolute() => p = target,
                Ok(target) => {
                    p = p.parent().map_or(target.clone(), |d| d.join(&target));
                }
                Err(_) => break,
            },
            _ => break,
        }
    }
    p
}

/// `dir/name` with `suffix` added to the name, the name cut (on a character boundary) so that
/// the whole fits in 255 bytes.
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let keep = 255usize.saturating_sub(suffix.len());
    let mut cut = name.len().min(keep);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    path.with_file_name(format!("{}{suffix}", &name[..cut]))
}

/// The prefix of this file's temporary files: `.NAME.tmp-` (NAME cut to 200 bytes).
pub(crate) fn temp_prefix(target: &Path) -> String {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut cut = name.len().min(200);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(".{}.tmp-", &name[..cut])
}

/// Creates `dir` and its missing parents with mode 0700.
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)
}

/// The user id this process runs as (the owner of `/proc/self`; no `unsafe` call needed).
#[cfg(unix)]
pub fn current_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    fs::metadata("/proc/self").map_or(0, |m| m.uid())
}

/// An exclusive lock on a notes file, held until dropped. The lock file lives in `locks` (the
/// runtime directory), named by a hash of the notes file's path; it is opened without following
/// symbolic links.
pub(crate) struct Lock(File);

impl Lock {
    pub(crate) fn take(locks: &Path, target: &Path, wait: Duration) -> Result<Lock, StoreError> {
        create_private_dir(locks).map_err(|e| StoreError::io(locks, &e))?;
        // A lock directory someone else made (in a shared temporary directory) is not used.
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let m = fs::symlink_metadata(locks).map_err(|e| StoreError::io(locks, &e))?;
            if !m.is_dir() || m.uid() != current_uid() {
                return Err(StoreError::Io {
                    path: shown(locks),
                    message: "the lock directory is not a directory of yours; not used".into(),
                });
            }
        }
        let key = target
            .parent()
            .and_then(|d| fs::canonicalize(d).ok())
            .map_or_else(
                || target.to_path_buf(),
                |d| d.join(target.file_name().unwrap_or_default()),
            );
        let path = locks.join(format!(
            "{}.lock",
            super::identity::hash_bytes(key.to_string_lossy().as_bytes())
        ));
        let mut o = OpenOptions::new();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            o.custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
                .mode(0o600);
        }
        let f = o.open(&path).map_err(|e| StoreError::io(&path, &e))?;
        let deadline = Instant::now() + wait;
        loop {
            match f.try_lock() {
                Ok(()) => return Ok(Lock(f)),
                Err(std::fs::TryLockError::WouldBlock) if Instant::now() < deadline => {
                    std::thread::sleep(Duration::from_millis(20));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    return Err(StoreError::Locked {
                        path: shown(target),
                        secs: wait.as_secs().max(1),
                    });
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::io(&path, &e)),
            }
        }
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

/// The result of a save: what was sent, and what is on disk now (ours merged with what other
/// readers saved). The reader takes it in with [`Saved::rebase`].
#[derive(Debug, Clone, PartialEq)]
pub struct Saved {
    /// This save's id: pass it as `seen` with the next save once the result is taken in.
    pub id: u64,
    pub sent: Arc<Notes>,
    /// The same `Arc` as `sent` when nobody else changed anything.
    pub merged: Arc<Notes>,
}

impl Saved {
    /// Takes this result in: `current` (the notes now, perhaps changed since this save was
    /// sent) gets what other readers saved. Afterwards pass `self.id` as `seen` with each
    /// save. Costs nothing when nobody else changed anything.
    pub fn rebase(&self, current: &mut Notes) {
        if !Arc::ptr_eq(&self.sent, &self.merged) {
            *current = merge(&self.sent, current, &self.merged);
        }
    }
}

/// A notes file being kept.
#[derive(Debug, Clone)]
pub struct Store {
    /// The path as given (shown to the user).
    pub path: PathBuf,
    /// The file written: `path` with symbolic links followed.
    target: PathBuf,
    /// Where lock files go.
    locks: PathBuf,
    /// The notes as read when opened: what the reader's notes grew from before any save.
    opened: Arc<Notes>,
    /// (id, sent, merged) of recent saves; the last is the latest successful one.
    results: VecDeque<(u64, Arc<Notes>, Arc<Notes>)>,
    /// The file's text (None: no file) as we last read or wrote it, and the id of the save
    /// whose result it is (0: as opened). When the file still holds it and the caller has
    /// taken that result in, nobody else changed anything: no parse, no merge.
    known: Option<(Option<String>, u64)>,
    next_id: u64,
    /// Another notes file this one's notes came from, removed (it becomes the `.bak`) at the
    /// first save: the transcript moved.
    moves_from: Option<PathBuf>,
    /// Remove the file when it holds nothing (lector's own files in the data directory; never
    /// a file named with `--notes`).
    remove_when_blank: bool,
    lock_wait: Duration,
}

impl Store {
    /// Opens the notes at `path`, reading from `source` instead when given (the notes of a
    /// moved or copied transcript, see [`super::identity::locate`]). `locks` is the directory
    /// for lock files ([`super::Homes::locks`]).
    pub fn open(
        path: PathBuf,
        source: Option<&Path>,
        locks: PathBuf,
    ) -> Result<(Store, Notes), StoreError> {
        let target = resolve(&path);
        let from = source.map_or_else(|| target.clone(), resolve);
        let found = read(&from)?;
        let own_text = if from == target {
            found.as_ref().map(|(_, t)| t.clone())
        } else {
            read_text(&target).ok().flatten()
        };
        let notes = found.map(|(n, _)| n).unwrap_or_default();
        // Reading another file's notes while this one exists (another reader made it
        // meanwhile): nothing is known of it; the first save merges.
        let known = (from == target || own_text.is_none()).then_some((own_text, 0));
        Ok((
            Store {
                path,
                target,
                locks,
                opened: Arc::new(notes.clone()),
                known,
                results: VecDeque::new(),
                next_id: 1,
                moves_from: None,
                remove_when_blank: false,
                lock_wait: LOCK_WAIT,
            },
            notes,
        ))
    }

    /// At the first save, `source` (the notes this store was opened from) is moved out of the
    /// way: it becomes this file's `.bak`, so no stale duplicate stays behind.
    pub fn moving_from(mut self, source: &Path) -> Store {
        self.moves_from = Some(resolve(source));
        self
    }

    /// Removes the notes file when a save leaves nothing in it (its last version stays as the
    /// `.bak`). For lector's own files in the data directory only.
    pub fn removing_when_blank(mut self) -> Store {
        self.remove_when_blank = true;
        self
    }

    /// How long a save waits for the lock (default [`LOCK_WAIT`]).
    pub fn with_lock_wait(mut self, wait: Duration) -> Store {
        self.lock_wait = wait;
        self
    }

    /// The file that is written (the path with symbolic links followed).
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Why this file cannot be saved, known before trying: it is read-only.
    pub fn read_only(&self) -> Option<StoreError> {
        let m = fs::metadata(&self.target).ok()?;
        let mode = file_mode(&m);
        (mode & 0o200 == 0 || m.permissions().readonly()).then(|| StoreError::ReadOnly {
            path: shown(&self.path),
            mode: mode & 0o7777,
        })
    }

    fn bak_path(&self) -> PathBuf {
        sibling(&self.target, ".bak")
    }

    /// The notes the caller's notes grew from, for a save sent after taking in the result of
    /// save `seen` (0: none).
    fn base(&self, seen: u64) -> Notes {
        let latest = self.results.back();
        let seen_entry = if seen == 0 {
            Some((&*self.opened, &*self.opened))
        } else {
            self.results
                .iter()
                .find(|(id, _, _)| *id == seen)
                .map(|(_, s, m)| (&**s, &**m))
        };
        match (seen_entry, latest) {
            // Nothing saved yet: what was read.
            (Some((_, m)), None) => m.clone(),
            // The caller took in save `seen` and sent more since: what it sent last, with what
            // `seen` brought in.
            (Some((s, m)), Some((_, last_sent, _))) => merge(s, last_sent, m),
            // A result so old it was forgotten: what the caller sent last.
            (None, Some((_, last_sent, _))) => (**last_sent).clone(),
            (None, None) => (*self.opened).clone(),
        }
    }

    /// Saves `ours`, merged with what is on disk. `seen` is the id of the last [`Saved`] the
    /// caller has taken in with [`Saved::rebase`] (0 before any). Returns the result, or an
    /// error that leaves the file on disk as it was.
    pub fn save(&mut self, seen: u64, ours: &Notes) -> Result<Saved, StoreError> {
        self.save_shared(seen, Arc::new(ours.clone()))
    }

    /// [`Store::save`] without a copy of the notes (the reader's saver thread owns them).
    pub fn save_shared(&mut self, seen: u64, ours: Arc<Notes>) -> Result<Saved, StoreError> {
        let dir = self
            .target
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        if fs::metadata(&dir).is_err() {
            create_private_dir(&dir).map_err(|e| StoreError::io(&dir, &e))?;
        }
        let _lock = Lock::take(&self.locks, &self.target, self.lock_wait)?;
        self.remove_stale_temporaries(&dir);
        let disk = read_text(&self.target)?;
        let unchanged = matches!(&self.known, Some((text, id)) if *text == disk && *id == seen);
        let merged: Arc<Notes> = if unchanged {
            // The file holds exactly what the caller's notes grew from.
            ours.clone()
        } else {
            let base = self.base(seen);
            Arc::new(match &disk {
                Some(text) => merge(&base, &ours, &parse(&self.target, text)?),
                // No file: nobody changed anything since `base` (a file another reader emptied
                // and removed is written again with ours: nothing is lost).
                None => merge(&base, &ours, &base),
            })
        };
        let old_text = disk.as_deref();
        let id = self.next_id;
        // Nothing to keep: no file is made for it; lector's own file is removed (its last
        // version stays as the .bak); a file you named with --notes stays, emptied.
        let now_on_disk = if merged.is_blank() && (self.remove_when_blank || old_text.is_none()) {
            if old_text.is_some() {
                if let Some(e) = self.read_only() {
                    return Err(e);
                }
                fs::rename(&self.target, self.bak_path())
                    .map_err(|e| StoreError::io(&self.target, &e))?;
                sync_dir(&dir);
            }
            None
        } else {
            let text = merged.to_toml();
            if old_text != Some(text.as_str()) {
                self.write(&dir, &text, old_text.is_some())?;
            }
            Some(text)
        };
        self.known = Some((now_on_disk, id));
        if let Some(src) = self.moves_from.take()
            && src != self.target
        {
            let _ = fs::rename(&src, self.bak_path());
            let _ = fs::remove_file(sibling(&src, ".bak"));
        }
        self.next_id += 1;
        self.results.retain(|(i, _, _)| *i >= seen);
        while self.results.len() >= RESULTS_KEPT {
            self.results.pop_front();
        }
        self.results.push_back((id, ours.clone(), merged.clone()));
        Ok(Saved {
            id,
            sent: ours,
            merged,
        })
    }

    /// Writes `text` over the target: temporary file, fsync, `.bak`, rename, fsync.
    fn write(&self, dir: &Path, text: &str, exists: bool) -> Result<(), StoreError> {
        if exists && let Some(e) = self.read_only() {
            return Err(e);
        }
        let bak = exists.then(|| self.bak_path());
        replace(&self.target, dir, text, bak.as_deref())
    }

    /// Temporary files are only written under the lock, so any found while holding it were
    /// left by a writer that died (`kill -9`, power loss): remove them (symbolic links
    /// included: removing a link never touches what it points to).
    fn remove_stale_temporaries(&self, dir: &Path) {
        let prefix = temp_prefix(&self.target);
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(prefix.as_str()) {
                let _ = fs::remove_file(e.path());
            }
        }
    }
}

/// Replaces (or creates) `target` in `dir` with `text`, atomically: a temporary file with a
/// fresh random name (`O_EXCL`, mode 0600, so a planted symbolic link is never followed) given
/// the old file's mode and owner, fsynced; the old file hard-linked as `bak` when asked; a
/// rename; an fsync of the directory. The caller holds the lock.
pub(crate) fn replace(
    target: &Path,
    dir: &Path,
    text: &str,
    bak: Option<&Path>,
) -> Result<(), StoreError> {
    let old = fs::metadata(target).ok();
    let err = |e: std::io::Error| StoreError::io(target, &e);
    let prefix = temp_prefix(target);
    let mut tmp = tempfile::Builder::new()
        .prefix(&prefix)
        .rand_bytes(8)
        .tempfile_in(dir)
        .map_err(err)?;
    #[cfg(unix)]
    if let Some(m) = &old {
        use std::os::unix::fs::MetadataExt;
        // Keep the owner where we may (root, or a group we are in), and the mode.
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(m.uid()), Some(m.gid()));
        let _ = tmp.as_file().set_permissions(m.permissions());
    }
    tmp.write_all(text.as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    if let (Some(bak), Some(_)) = (bak, &old) {
        // The version being replaced parsed: keep it as the .bak. A hard link swapped in by
        // rename keeps the .bak whole at every moment too.
        let linked = tempfile::Builder::new()
            .prefix(&prefix)
            .rand_bytes(8)
            .make_in(dir, |p| fs::hard_link(target, p));
        match linked {
            Ok(l) => {
                let _ = l.persist(bak);
            }
            Err(_) => {
                // No hard links here: a copy, through a temporary file too.
                if let Ok(mut c) = tempfile::Builder::new()
                    .prefix(&prefix)
                    .rand_bytes(8)
                    .tempfile_in(dir)
                    && let Ok(mut src) = open_regular(target)
                    && std::io::copy(&mut src, &mut c).is_ok()
                {
                    let _ = c.persist(bak);
                }
            }
        }
    }
    tmp.persist(target).map_err(|e| err(e.error))?;
    sync_dir(dir);
    Ok(())
}

fn file_mode(m: &fs::Metadata) -> u32 {
    #[cfg(unix)]
    {
        std::os::unix::fs::PermissionsExt::mode(&m.permissions())
    }
    #[cfg(not(unix))]
    {
        if m.permissions().readonly() {
            0o444
        } else {
            0o644
        }
    }
}

pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes notes that could not be saved somewhere safe, and returns where: beside the notes
/// file as `NAME.unsaved-YYYYMMDDTHHMMSSZ.toml`, or, when that directory cannot be written, in
/// `fallback` (the state directory's `unsaved/`). The file is new (never replaces anything)
/// and private (0600). The reader calls this on quit when its last changes are not on disk,
/// and prints the path.
pub fn write_unsaved(
    notes: &Notes,
    notes_path: &Path,
    fallback: Option<&Path>,
) -> Result<PathBuf, StoreError> {
    let target = resolve(notes_path);
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let stamp: String = super::model::format_utc(secs)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let stem = target
        .file_name()
        .map_or_else(|| "notes.toml".into(), |n| n.to_string_lossy().into_owned());
    let stem = stem.strip_suffix(".toml").unwrap_or(&stem).to_string();
    let text = notes.to_toml();
    let mut dirs: Vec<PathBuf> = Vec::new();
    if let Some(d) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        dirs.push(d.to_path_buf());
    }
    if let Some(f) = fallback {
        dirs.push(f.to_path_buf());
    }
    let mut last = StoreError::Io {
        path: shown(&target),
        message: "nowhere to write the unsaved notes".into(),
    };
    for dir in dirs {
        if let Err(e) = create_private_dir(&dir) {
            last = StoreError::io(&dir, &e);
            continue;
        }
        for n in 1..100 {
            let extra = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            let name = dir.join(&stem);
            let path = sibling(&name, &format!(".unsaved-{stamp}{extra}.toml"));
            let written = (|| -> std::io::Result<()> {
                let mut tmp = tempfile::Builder::new()
                    .prefix(&temp_prefix(&path))
                    .rand_bytes(8)
                    .tempfile_in(&dir)?;
                tmp.write_all(text.as_bytes())?;
                tmp.as_file().sync_all()?;
                tmp.persist_noclobber(&path).map_err(|e| e.error)?;
                Ok(())
            })();
            match written {
                Ok(()) => {
                    sync_dir(&dir);
                    return Ok(path);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    last = StoreError::io(&dir, &e);
                    break;
                }
            }
        }
    }
    Err(last)
}
