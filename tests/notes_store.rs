//! The notes store against the attacks and races of issue 13 (items 2, 3, 4, 5, 7, 8, 9, 11)
//! and the tidy home of issue 12: each test is the reported reproduction, at the store level.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test says where it failed

use lector::notes::store::{self, Store, StoreError, read};
use lector::notes::{Homes, Notes, open_for, open_within};
use lector::transcript::{Document, Format};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

fn with(mut n: Notes, lines: &[usize]) -> Notes {
    for &l in lines {
        n.toggle_bookmark(l, &format!("line {l}"), None);
    }
    n
}

fn lines(n: &Notes) -> Vec<usize> {
    n.bookmarks.iter().map(|b| b.line).collect()
}

fn on_disk(path: &Path) -> Vec<usize> {
    read(path)
        .unwrap()
        .map(|(n, _)| lines(&n))
        .unwrap_or_default()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

fn doc(name: &str, text: &str) -> Document {
    Document::new(name, Format::Plain, text.to_string())
}

fn numbered(n: usize) -> String {
    (0..n).map(|i| format!("line {i}\n")).collect()
}

// ---- item 2: two readers ----

#[test]
fn a_second_save_sent_before_the_first_result_came_back_loses_nothing() {
    // Issue 13, item 2: A marks 1–3, B marks 100–102; B's save-on-quit carried B's stale
    // notes (its previous save, which merged A's, not yet taken in) and overwrote A's.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.toml");
    let locks = dir.path().join("locks");
    let (mut a, na) = Store::open(path.clone(), None, locks.clone()).unwrap();
    let (mut b, nb) = Store::open(path.clone(), None, locks.clone()).unwrap();
    // A marks 1, 2, 3 and saves.
    let na = with(na, &[1, 2, 3]);
    let ra = a.save(0, &na).unwrap();
    assert_eq!(on_disk(&path), vec![1, 2, 3]);
    // B marks 100 and saves: the result (with A's marks) is on its way back…
    let nb1 = with(nb, &[100]);
    let rb1 = b.save(0, &nb1).unwrap();
    assert_eq!(on_disk(&path), vec![1, 2, 3, 100]);
    // …and before B takes it in, B marks 101, 102 and sends another save (its notes still
    // without A's marks: seen = 0).
    let nb2 = with(nb1.clone(), &[101, 102]);
    let rb2 = b.save(0, &nb2).unwrap();
    assert_eq!(
        on_disk(&path),
        vec![1, 2, 3, 100, 101, 102],
        "A's marks stay on disk"
    );
    // B takes both results in, in order: its notes now hold everything.
    let mut nb = nb2.clone();
    rb1.rebase(&mut nb);
    rb2.rebase(&mut nb);
    assert_eq!(lines(&nb), vec![1, 2, 3, 100, 101, 102]);
    // Both quit: A saves once more (knowing nothing of B), B saves with what it has seen.
    let mut na = na.clone();
    ra.rebase(&mut na);
    na.toggle_bookmark(4, "line 4", None);
    a.save(ra.id, &na).unwrap();
    b.save(rb2.id, &nb).unwrap();
    assert_eq!(on_disk(&path), vec![1, 2, 3, 4, 100, 101, 102]);
}

#[test]
fn a_deletion_before_the_result_came_back_sticks_and_nothing_comes_back_to_life() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.toml");
    let locks = dir.path().join("locks");
    let (mut a, na) = Store::open(path.clone(), None, locks.clone()).unwrap();
    let (mut b, nb) = Store::open(path.clone(), None, locks.clone()).unwrap();
    let ra = a.save(0, &with(na, &[1, 2])).unwrap();
    // B adds 50 and saves; before the result is back it deletes 50 again and saves.
    let nb1 = with(nb, &[50]);
    let rb1 = b.save(0, &nb1).unwrap();
    let mut nb2 = nb1.clone();
    nb2.toggle_bookmark(50, "line 50", None);
    b.save(0, &nb2).unwrap();
    assert_eq!(
        on_disk(&path),
        vec![1, 2],
        "B's deletion of 50 sticks, A's 1, 2 stay"
    );
    // B takes in the first result (which held 1, 2 and 50): 50 stays deleted in memory too.
    let mut nb = nb2.clone();
    rb1.rebase(&mut nb);
    assert_eq!(lines(&nb), vec![1, 2]);
    // A deletes 1; B, having seen 1 through its result, saves something else: 1 stays gone.
    let mut na = (*ra.merged).clone();
    na.toggle_bookmark(1, "line 1", None);
    a.save(ra.id, &na).unwrap();
    let mut nb3 = nb.clone();
    nb3.toggle_bookmark(7, "line 7", None);
    b.save(rb1.id, &nb3).unwrap();
    assert_eq!(on_disk(&path), vec![2, 7]);
}

#[test]
fn a_save_waits_for_a_held_lock_only_so_long_and_says_so() {
    // Issue 13, item 3: with the lock held elsewhere saves blocked without a word.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.toml");
    let locks = dir.path().join("locks");
    let (mut a, n) = Store::open(path.clone(), None, locks.clone()).unwrap();
    a.save(0, &with(n.clone(), &[1])).unwrap();
    // Another program holds the lock file's lock.
    let lock_file = fs::read_dir(&locks)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let held = fs::File::open(&lock_file).unwrap();
    held.lock().unwrap();
    let mut b = Store::open(path.clone(), None, locks.clone())
        .unwrap()
        .0
        .with_lock_wait(Duration::from_millis(200));
    let started = Instant::now();
    let e = b.save(0, &with(n, &[1, 2])).unwrap_err();
    assert!(matches!(e, StoreError::Locked { .. }), "{e}");
    assert!(e.to_string().contains("locked by another program"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(5));
    held.unlock().unwrap();
}

// ---- item 3: unsaved notes ----

#[test]
fn unsaved_notes_are_written_beside_the_notes_or_in_the_state_directory() {
    let dir = tempfile::tempdir().unwrap();
    let notes_dir = dir.path().join("notes");
    fs::create_dir(&notes_dir).unwrap();
    let path = notes_dir.join("talk-0123.toml");
    let n = with(Notes::default(), &[4, 9]);
    let a = store::write_unsaved(&n, &path, None).unwrap();
    let b = store::write_unsaved(&n, &path, None).unwrap();
    assert_ne!(a, b, "never replaces an earlier one");
    let name = a.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("talk-0123.unsaved-")
            && std::path::Path::new(&name).extension() == Some("toml".as_ref()),
        "{name}"
    );
    assert_eq!(on_disk(&a), vec![4, 9]);
    // The notes' directory cannot be written (a file stands where it should be): the state
    // directory takes them.
    let blocked = dir.path().join("blocked");
    fs::write(&blocked, "").unwrap();
    let fallback = dir.path().join("state").join("unsaved");
    let c = store::write_unsaved(&n, &blocked.join("x.toml"), Some(&fallback)).unwrap();
    assert!(c.starts_with(&fallback), "{}", c.display());
    assert_eq!(on_disk(&c), vec![4, 9]);
}

// ---- item 4: long names ----

#[test]
fn files_made_beside_a_255_byte_notes_name_fit_too() {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("{}.toml", "笔".repeat(83)); // 249 + 5 = 254 bytes
    let path = dir.path().join(&name);
    let (mut st, n) = Store::open(path.clone(), None, dir.path().join("locks")).unwrap();
    let r = st.save(0, &with(n, &[1])).unwrap();
    st.save(r.id, &with((*r.merged).clone(), &[2])).unwrap();
    let u = store::write_unsaved(&r.merged, &path, None).unwrap();
    let all = names(dir.path());
    assert_eq!(all.len(), 4, "{all:?}"); // the notes, the .bak, the unsaved copy, locks/
    assert!(all.iter().all(|f| f.len() <= 255), "{all:?}");
    assert_eq!(on_disk(&u), vec![1]);
}

#[test]
fn a_transcript_named_76_chinese_characters_gets_its_notes_saved() {
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let name = format!("{}.txt", "中".repeat(76));
    let file = dir.path().join(&name);
    fs::write(&file, "one\ntwo\n").unwrap();
    let d = doc(&name, "one\ntwo\n");
    let mut o = open_for(&d, Some(&file), None, &homes);
    assert_eq!(o.readonly, None);
    let n = with(o.notes.clone(), &[1]);
    let st = o.store.as_mut().unwrap();
    st.save(0, &n).unwrap();
    st.save(0, &with(n, &[0])).unwrap();
    let saved = names(homes.data.as_ref().unwrap());
    assert_eq!(saved.len(), 2, "{saved:?}"); // the file and its .bak
    assert!(saved.iter().all(|f| f.len() <= 255), "{saved:?}");
    assert_eq!(on_disk(o.path.as_ref().unwrap()), vec![0, 1]);
}

// ---- item 5: lines past the end ----

#[test]
fn what_cannot_be_placed_is_saved_back_exactly_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let path = dir.path().join("mine.toml");
    fs::write(
        &path,
        format!(
            "version = 1\n\
             [[bookmark]]\nline = 500\ntext = \"not in this transcript\"\n\
             [[bookmark]]\nline = 2\ntext = \"b\"\nnote = \"one\"\n\
             [[bookmark]]\nline = 2\ntext = \"b\"\nnote = \"two\"\n\
             [[highlight]]\nstart = {}\nend = 0\ncolor = \"green\"\n",
            i64::MAX
        ),
    )
    .unwrap();
    let d = doc("t.txt", "a\nb\nc\nd\n");
    let mut o = open_for(&d, None, Some(&path), &homes);
    assert_eq!(o.kept, 1, "the highlight that cannot be shown is counted");
    assert_eq!(lines(&o.notes), vec![1, 499]);
    // Duplicates were joined on load: `m` on line 2 removes the one bookmark there.
    let mut n = o.notes.clone();
    n.toggle_bookmark(1, "b", None);
    n.toggle_bookmark(0, "a", None);
    o.store.as_mut().unwrap().save(0, &n).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.contains("line = 500\n"), "{text}");
    assert!(!text.contains("line = 2\n"), "{text}");
    assert!(text.contains(&format!("start = {}", i64::MAX)), "{text}");
    assert!(text.contains("end = 0"), "{text}");
}

// ---- item 7: symbolic links planted for the temporary and lock files ----

#[cfg(unix)]
#[test]
fn planted_symlinks_never_make_a_save_write_elsewhere() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim");
    fs::write(&victim, "precious").unwrap();
    let victim_dir = dir.path().join("victimdir");
    fs::create_dir(&victim_dir).unwrap();
    let notes = dir.path().join("notes");
    fs::create_dir(&notes).unwrap();
    let path = notes.join("n.toml");
    // The names the old code used, pointing at the victims.
    for pid in [std::process::id(), 1, 2, 3] {
        std::os::unix::fs::symlink(&victim, notes.join(format!(".n.toml.tmp-{pid}"))).unwrap();
        std::os::unix::fs::symlink(&victim, notes.join(format!(".n.toml.bak-{pid}"))).unwrap();
    }
    std::os::unix::fs::symlink(victim_dir.join("x"), notes.join("n.toml.lock")).unwrap();
    std::os::unix::fs::symlink(&victim, notes.join("n.toml.bak")).unwrap();
    let (mut st, n) = Store::open(path.clone(), None, dir.path().join("locks")).unwrap();
    let r = st.save(0, &with(n, &[1])).unwrap();
    st.save(r.id, &with((*r.merged).clone(), &[2])).unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        !victim_dir.join("x").exists(),
        "the planted lock link was not followed"
    );
    assert!(
        fs::symlink_metadata(&path).unwrap().is_file(),
        "the notes file is a file"
    );
    assert_eq!(on_disk(&path), vec![1, 2]);
    assert!(
        fs::symlink_metadata(notes.join("n.toml.bak"))
            .unwrap()
            .is_file(),
        "the .bak link was replaced by the real .bak, not written through"
    );
}

// ---- item 8: permissions ----

#[cfg(unix)]
#[test]
fn new_files_are_private_existing_modes_are_kept_and_read_only_files_are_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o7777;
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let file = dir.path().join("t.txt");
    fs::write(&file, "a\nb\n").unwrap();
    let mut o = open_for(&doc("t.txt", "a\nb\n"), Some(&file), None, &homes);
    let n = with(o.notes.clone(), &[0]);
    o.store.as_mut().unwrap().save(0, &n).unwrap();
    let path = o.path.clone().unwrap();
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(homes.data.as_ref().unwrap()), 0o700);
    // An existing file keeps its mode.
    let mine = dir.path().join("mine.toml");
    fs::write(&mine, "version = 1\n").unwrap();
    fs::set_permissions(&mine, fs::Permissions::from_mode(0o640)).unwrap();
    let (mut st, n) = Store::open(mine.clone(), None, dir.path().join("locks")).unwrap();
    st.save(0, &with(n, &[1])).unwrap();
    assert_eq!(mode(&mine), 0o640);
    // A read-only one is not replaced, and the error says so.
    let ro = dir.path().join("ro.toml");
    fs::write(&ro, "version = 1\n").unwrap();
    fs::set_permissions(&ro, fs::Permissions::from_mode(0o444)).unwrap();
    let o = open_within(&doc("t.txt", "a\nb\n"), None, Some(&ro), &homes, None);
    let why = o.readonly.expect("known read-only at once");
    assert!(why.contains("read-only (mode 444)"), "{why}");
    let (mut st, n) = Store::open(ro.clone(), None, dir.path().join("locks")).unwrap();
    let e = st.save(0, &with(n, &[1])).unwrap_err();
    assert!(matches!(e, StoreError::ReadOnly { .. }), "{e}");
    assert_eq!(fs::read_to_string(&ro).unwrap(), "version = 1\n");
    assert_eq!(mode(&ro), 0o444);
}

// ---- item 9: a symlinked notes file ----

#[cfg(unix)]
#[test]
fn a_symlinked_notes_file_saves_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real");
    fs::create_dir(&real).unwrap();
    let target = real.join("notes.toml");
    fs::write(&target, "version = 1\n").unwrap();
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink("real/notes.toml", &link).unwrap();
    let (mut st, n) = Store::open(link.clone(), None, dir.path().join("locks")).unwrap();
    let r = st.save(0, &with(n, &[3])).unwrap();
    st.save(r.id, &with((*r.merged).clone(), &[4])).unwrap();
    assert!(
        fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(on_disk(&target), vec![3, 4]);
    assert!(
        real.join("notes.toml.bak").exists(),
        "the .bak is beside the target"
    );
    assert_eq!(names(dir.path()), vec!["link.toml", "locks", "real"]);
}

// ---- item 11: what a notes path may be ----

#[cfg(unix)]
#[test]
fn a_fifo_a_device_or_a_huge_file_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    let ok = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "mkfifo");
    // Read on another thread: a FIFO without a writer must not block (a generous deadline).
    let (tx, rx) = std::sync::mpsc::channel();
    let f = fifo.clone();
    std::thread::spawn(move || {
        let _ = tx.send(read(&f).map(|_| ()).map_err(|e| e.to_string()));
    });
    let got = rx.recv_timeout(Duration::from_secs(10)).expect("returned");
    let e = got.unwrap_err();
    assert!(e.contains("not a regular file"), "{e}");
    let e = read(Path::new("/dev/zero")).unwrap_err();
    assert!(matches!(e, StoreError::Refused { .. }), "{e}");
    let big = dir.path().join("big.toml");
    let f = fs::File::create(&big).unwrap();
    f.set_len(store::MAX_NOTES_BYTES + 1).unwrap(); // sparse
    let e = read(&big).unwrap_err();
    assert!(e.to_string().contains("too big for a notes file"), "{e}");
}

// ---- issue 12: a tidy home ----

#[test]
fn viewing_leaves_no_file_and_the_last_annotation_removed_leaves_only_the_bak() {
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let file = dir.path().join("t.txt");
    fs::write(&file, numbered(10)).unwrap();
    let d = doc("t.txt", &numbered(10));
    let mut o = open_for(&d, Some(&file), None, &homes);
    // Viewing: saving notes that hold nothing writes nothing.
    let st = o.store.as_mut().unwrap();
    st.save(0, &o.notes).unwrap();
    let data = homes.data.clone().unwrap();
    assert_eq!(names(&data), Vec::<String>::new());
    // A bookmark: one file. Removing it: the file goes, its last version stays as the .bak.
    let n = with(o.notes.clone(), &[3]);
    let r = st.save(0, &n).unwrap();
    let own = o.path.clone().unwrap();
    let own_name = own.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(names(&data), vec![own_name.clone()]);
    let mut n = n.clone();
    r.rebase(&mut n);
    n.toggle_bookmark(3, "line 3", None);
    st.save(r.id, &n).unwrap();
    assert_eq!(names(&data), vec![format!("{own_name}.bak")]);
    assert_eq!(on_disk(&data.join(format!("{own_name}.bak"))), vec![3]);
}

#[test]
fn no_lock_file_beside_a_notes_file_named_with_notes() {
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let mine = dir.path().join("mine");
    fs::create_dir(&mine).unwrap();
    let x = mine.join("x.toml");
    let d = doc("t.txt", "a\nb\n");
    let mut o = open_for(&d, None, Some(&x), &homes);
    let st = o.store.as_mut().unwrap();
    // Viewing with --notes x.toml does not create it.
    st.save(0, &o.notes).unwrap();
    assert_eq!(names(&mine), Vec::<String>::new());
    let r = st.save(0, &with(o.notes.clone(), &[0])).unwrap();
    st.save(r.id, &with((*r.merged).clone(), &[1])).unwrap();
    assert_eq!(names(&mine), vec!["x.toml", "x.toml.bak"]);
}

#[test]
fn two_files_with_one_name_keep_their_own_notes() {
    // Issue 12: ep1/transcript.srt's note showed up in ep2/transcript.srt.
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let (ep1, ep2) = (dir.path().join("ep1"), dir.path().join("ep2"));
    fs::create_dir(&ep1).unwrap();
    fs::create_dir(&ep2).unwrap();
    let (t1, t2) = (numbered(682), "第一行\n第二行\n".repeat(90));
    fs::write(ep1.join("transcript.srt"), &t1).unwrap();
    fs::write(ep2.join("transcript.srt"), &t2).unwrap();
    let d1 = doc("transcript.srt", &t1);
    let mut o1 = open_for(&d1, Some(&ep1.join("transcript.srt")), None, &homes);
    let mut n = o1.notes.clone();
    n.set_note(499, Some("ep1 note"), "line 499", None);
    o1.store.as_mut().unwrap().save(0, &n).unwrap();
    let d2 = doc("transcript.srt", &t2);
    let o2 = open_for(&d2, Some(&ep2.join("transcript.srt")), None, &homes);
    assert!(o2.notes.bookmarks.is_empty(), "ep2 starts fresh");
    assert_ne!(o1.path, o2.path);
    // ep1 changed (two lines inserted at the top): its own notes are re-anchored.
    let t1b = format!("new\nnew\n{t1}");
    fs::write(ep1.join("transcript.srt"), &t1b).unwrap();
    let o1b = open_for(
        &doc("transcript.srt", &t1b),
        Some(&ep1.join("transcript.srt")),
        None,
        &homes,
    );
    assert_eq!(o1b.path, o1.path, "the same file, the same notes file");
    assert_eq!(lines(&o1b.notes), vec![501]);
    assert_eq!(o1b.report.moved, vec![(499, 501)]);
}

#[test]
fn piped_text_finds_its_notes_by_its_text_alone() {
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let a = doc("(stdin)", &numbered(313));
    let mut o = open_for(&a, None, None, &homes);
    let n = with(o.notes.clone(), &[312]);
    o.store.as_mut().unwrap().save(0, &n).unwrap();
    let again = open_for(&doc("(stdin)", &numbered(313)), None, None, &homes);
    assert_eq!(lines(&again.notes), vec![312], "the same text piped again");
    let b = open_for(&doc("(stdin)", "something else\n"), None, None, &homes);
    assert!(b.notes.bookmarks.is_empty(), "different text starts fresh");
    assert!(b.report.unplaced.is_empty());
}

#[test]
fn notes_of_the_old_naming_move_to_the_new_name_leaving_no_duplicate() {
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let data = homes.data.clone().unwrap();
    fs::create_dir_all(&data).unwrap();
    let text = numbered(20);
    let legacy = data.join(format!("t.txt-{}.toml", lector::notes::legacy_hash(&text)));
    fs::write(
        &legacy,
        "version = 1\n[position]\nline = 7\n[[bookmark]]\nline = 5\ntext = \"line 4\"\n",
    )
    .unwrap();
    fs::write(format!("{}.bak", legacy.display()), "version = 1\n").unwrap();
    fs::write(format!("{}.lock", legacy.display()), "").unwrap();
    let file = dir.path().join("t.txt");
    fs::write(&file, &text).unwrap();
    let mut o = open_for(&doc("t.txt", &text), Some(&file), None, &homes);
    assert_eq!(lines(&o.notes), vec![4]);
    assert_eq!(
        o.resume.as_ref().map(|r| r.line),
        Some(6),
        "the old [position] is read"
    );
    let n = with(o.notes.clone(), &[9]);
    o.store.as_mut().unwrap().save(0, &n).unwrap();
    let own = o
        .path
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let mut want = vec![
        format!("{}.lock", legacy.file_name().unwrap().to_string_lossy()),
        own.clone(),
        format!("{own}.bak"),
    ];
    want.sort();
    // The old file became the new one's .bak; its own .bak is gone. (A lock file of the old
    // scheme is left alone: another old lector may hold it.)
    assert_eq!(names(&data), want);
}

#[test]
fn the_position_is_re_anchored_with_the_annotations() {
    // Issue 12: after inserting 2 lines at the top the marks moved, the cursor did not.
    let dir = tempfile::tempdir().unwrap();
    let homes = Homes::under(dir.path());
    let file = dir.path().join("t.txt");
    let text = numbered(300);
    fs::write(&file, &text).unwrap();
    let o = open_for(&doc("t.txt", &text), Some(&file), None, &homes);
    o.positions
        .as_ref()
        .unwrap()
        .remember(199, "line 199")
        .unwrap();
    let changed = format!("new\nnew\n{text}");
    fs::write(&file, &changed).unwrap();
    let o = open_for(&doc("t.txt", &changed), Some(&file), None, &homes);
    let r = o.resume.unwrap();
    assert_eq!((r.line, r.remembered, r.placed), (201, 199, true));
    assert!(
        o.report.moved.is_empty(),
        "the position is not reported as an annotation"
    );
}
