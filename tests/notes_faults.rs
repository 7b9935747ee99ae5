//! Faults while saving notes, on a real filesystem: a disk that fills up and a filesystem that
//! turns read-only. Each needs a small tmpfs (`mount`, so root or a user namespace); where one
//! cannot be mounted the test says so and is skipped — except under CI, which runs as root.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::notes::store::{Store, StoreError, read};
use lector::notes::{Bookmark, Notes};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A tmpfs mounted on a temporary directory, unmounted on drop.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().ok()?;
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            assert!(
                std::env::var_os("CI").is_none(),
                "cannot mount a tmpfs under CI (CI runs as root and must)"
            );
            eprintln!("skipped: cannot mount a tmpfs here (needs root)");
            return None;
        }
        Some(Tmpfs { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, mode: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.path())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {mode}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

fn notes(n: usize) -> Notes {
    let mut notes = Notes::default();
    for i in 1..=n {
        let mut b = Bookmark::new(i, &format!("line {i}"), None);
        b.note = Some("笔记 ".repeat(40));
        notes.bookmarks.push(b);
    }
    notes
}

fn on_disk(path: &Path) -> usize {
    read(path)
        .expect("the file parses")
        .expect("the file exists")
        .0
        .bookmarks
        .len()
}

#[test]
fn a_full_disk_fails_the_save_cleanly_and_saving_resumes_when_space_returns() {
    let Some(fs) = Tmpfs::mount("256k") else {
        return;
    };
    let path = fs.path().join("notes.toml");
    let mut store = Store::open(path.clone(), None, fs.path().join("locks"))
        .unwrap()
        .0;
    store.save(0, &notes(10)).expect("the first save fits");
    // Fill the disk to the last block.
    let filler: PathBuf = fs.path().join("filler");
    let _ = std::fs::write(&filler, vec![0u8; 256 * 1024]);
    let err = store.save(0, &notes(200)).expect_err("no space left");
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    assert!(err.to_string().to_lowercase().contains("space"), "{err}");
    assert_eq!(on_disk(&path), 10, "the old file is whole");
    let leftovers: Vec<_> = std::fs::read_dir(fs.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no partial temporary file is left: {leftovers:?}"
    );
    // Space comes back: the next save goes through.
    std::fs::remove_file(&filler).unwrap();
    store.save(0, &notes(200)).expect("saving resumes");
    assert_eq!(on_disk(&path), 200);
}

#[test]
fn a_read_only_filesystem_fails_the_save_cleanly_and_saving_resumes() {
    let Some(fs) = Tmpfs::mount("1m") else { return };
    let path = fs.path().join("notes.toml");
    // The lock directory lives elsewhere ($XDG_RUNTIME_DIR in the reader), as here.
    let locks = tempfile::tempdir().unwrap();
    let mut store = Store::open(path.clone(), None, locks.path().to_path_buf())
        .unwrap()
        .0;
    store.save(0, &notes(3)).expect("the first save");
    fs.remount("ro");
    let err = store.save(0, &notes(5)).expect_err("read-only");
    assert!(matches!(err, StoreError::Io { .. }), "{err}");
    assert!(
        err.to_string().to_lowercase().contains("read-only"),
        "{err}"
    );
    assert_eq!(on_disk(&path), 3, "the old file is whole");
    fs.remount("rw");
    store.save(0, &notes(5)).expect("saving resumes");
    assert_eq!(on_disk(&path), 5);
}
