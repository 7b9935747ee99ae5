//! Three-way merge of notes: what both sides started from (`base`), ours, and theirs. An
//! addition on either side is kept, a deletion on either side sticks, and where both kept an
//! item the side that changed it wins (ours if both did, except a bookmark's note: when both
//! sides wrote a different note, both are kept, joined by a blank line). Bookmarks that end up
//! on one line are joined (both notes kept); highlights that end up overlapping are made disjoint by
//! [`Notes::resolve_overlaps`] once the transcript is at hand.

use super::model::Notes;
use crate::outline::edits::EditedTopic;
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

/// `merge(base, ours, theirs)`: ours and theirs both derive from `base`.
pub fn merge(base: &Notes, ours: &Notes, theirs: &Notes) -> Notes {
    let mut out = ours.clone();
    out.bookmarks = merge_items(
        &base.bookmarks,
        &ours.bookmarks,
        &theirs.bookmarks,
        |b| (b.line, 0, b.text.clone()),
        |base, ours, theirs| {
            let mut b = ours.clone();
            if theirs.note != base.note && theirs.note != ours.note {
                b.note = match (&ours.note, &theirs.note) {
                    (Some(o), Some(t)) => Some(format!("{o}\n\n{t}")),
                    // One side removed the note, the other changed it: the change is kept.
                    (None, t) => t.clone(),
                    (o, None) => o.clone(),
                };
            }
            b
        },
    );
    out.highlights = merge_items(
        &base.highlights,
        &ours.highlights,
        &theirs.highlights,
        |h| (h.start, h.end, h.text.clone()),
        |_, ours, _| ours.clone(),
    );
    let topic_key = |t: &EditedTopic| (t.line, 0, String::new());
    out.outline.topics = merge_items(
        &base.outline.topics,
        &ours.outline.topics,
        &theirs.outline.topics,
        topic_key,
        |_, ours, _| ours.clone(),
    );
    out.outline.topics.sort_by_key(|t| t.line);
    out.outline.removed = merge_set(
        &base.outline.removed,
        &ours.outline.removed,
        &theirs.outline.removed,
    );
    out.outline.removed.sort_unstable();
    for (k, v) in &theirs.outline.extra {
        out.outline
            .extra
            .entry(k.clone())
            .or_insert_with(|| v.clone());
    }
    for (k, v) in &theirs.extra {
        if !base.extra.contains_key(k) || ours.extra.get(k) == base.extra.get(k) {
            out.extra.insert(k.clone(), v.clone());
        }
    }
    // Entries kept verbatim are never removed by lector: keep both sides'.
    for t in &theirs.kept.bookmarks {
        if !out.kept.bookmarks.contains(t) {
            out.kept.bookmarks.push(t.clone());
        }
    }
    for t in &theirs.kept.highlights {
        if !out.kept.highlights.contains(t) {
            out.kept.highlights.push(t.clone());
        }
    }
    out.normalize();
    out
}

fn merge_items<T: Clone + PartialEq, K: Eq + Hash>(
    base: &[T],
    ours: &[T],
    theirs: &[T],
    key: impl Fn(&T) -> K,
    both_changed: impl Fn(&T, &T, &T) -> T,
) -> Vec<T> {
    let index = |items: &[T]| -> HashMap<K, usize> {
        items.iter().enumerate().map(|(i, t)| (key(t), i)).collect()
    };
    let (b, t, o) = (index(base), index(theirs), index(ours));
    let mut out = Vec::with_capacity(ours.len().max(theirs.len()));
    for item in ours {
        let k = key(item);
        match (t.get(&k), b.get(&k)) {
            (Some(&ti), Some(&bi)) => {
                let changed_by_us = base[bi] != *item;
                let changed_by_them = base[bi] != theirs[ti];
                out.push(match (changed_by_us, changed_by_them) {
                    (true, true) => both_changed(&base[bi], item, &theirs[ti]),
                    (true, false) => item.clone(),
                    (false, _) => theirs[ti].clone(),
                });
            }
            (None, Some(&bi)) if base[bi] == *item => {} // they deleted it; we did not touch it
            // They deleted it but we changed it: a change is never thrown away.
            _ => out.push(item.clone()),
        }
    }
    for item in theirs {
        let k = key(item);
        if !o.contains_key(&k) {
            match b.get(&k) {
                None => out.push(item.clone()), // they added it
                // We deleted it but they changed it: keep their change.
                Some(&bi) if base[bi] != *item => out.push(item.clone()),
                Some(_) => {}
            }
        }
    }
    out
}

fn merge_set<T: Clone + Eq + Hash>(base: &[T], ours: &[T], theirs: &[T]) -> Vec<T> {
    let (b, o, t): (HashSet<&T>, HashSet<&T>, HashSet<&T>) = (
        base.iter().collect(),
        ours.iter().collect(),
        theirs.iter().collect(),
    );
    let mut out: Vec<T> = ours
        .iter()
        .filter(|x| t.contains(x) || !b.contains(x))
        .cloned()
        .collect();
    out.extend(
        theirs
            .iter()
            .filter(|x| !b.contains(x) && !o.contains(x))
            .cloned(),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notes::model::Bookmark;

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

    fn lines(n: &Notes) -> Vec<usize> {
        n.bookmarks.iter().map(|b| b.line).collect()
    }

    #[test]
    fn additions_kept_deletions_stick_changes_win() {
        let base = notes(vec![bm(1, None), bm(2, None), bm(3, None)]);
        let ours = notes(vec![bm(2, Some("ours")), bm(3, None), bm(10, None)]); // -1, ~2, +10
        let theirs = notes(vec![bm(1, None), bm(2, None), bm(20, None)]); // -3, +20
        let m = merge(&base, &ours, &theirs);
        assert_eq!(lines(&m), vec![2, 10, 20]);
        assert_eq!(m.bookmarks[0].note.as_deref(), Some("ours"));
    }

    #[test]
    fn a_note_changed_on_one_side_survives_a_deletion_on_the_other() {
        let base = notes(vec![bm(1, None)]);
        let ours = notes(vec![]);
        let theirs = notes(vec![bm(1, Some("theirs"))]);
        assert_eq!(
            merge(&base, &ours, &theirs).bookmarks[0].note.as_deref(),
            Some("theirs")
        );
        assert_eq!(
            merge(&base, &theirs, &ours).bookmarks[0].note.as_deref(),
            Some("theirs")
        );
    }

    #[test]
    fn two_bookmarks_on_one_line_keep_both_notes() {
        let base = notes(vec![]);
        let mut a = bm(4, Some("A"));
        a.text = "old text".into();
        let ours = notes(vec![a]);
        let theirs = notes(vec![bm(4, Some("B"))]);
        let m = merge(&base, &ours, &theirs);
        assert_eq!(m.bookmarks.len(), 1);
        assert_eq!(m.bookmarks[0].note.as_deref(), Some("A\n\nB"));
    }

    #[test]
    fn a_note_written_on_both_sides_keeps_both() {
        let base = notes(vec![bm(4, None)]);
        let ours = notes(vec![bm(4, Some("from B"))]);
        let theirs = notes(vec![bm(4, Some("from A"))]);
        let m = merge(&base, &ours, &theirs);
        assert_eq!(m.bookmarks.len(), 1);
        assert_eq!(m.bookmarks[0].note.as_deref(), Some("from B\n\nfrom A"));
        // Merging again from the merged file changes nothing: no note is doubled.
        let again = merge(&m, &m, &m);
        assert_eq!(again.bookmarks[0].note, m.bookmarks[0].note);
        // The same note on both sides is kept once.
        let same = merge(&base, &ours, &ours);
        assert_eq!(same.bookmarks[0].note.as_deref(), Some("from B"));
        // A note removed on one side and rewritten on the other: the rewrite is kept.
        let base = notes(vec![bm(4, Some("old"))]);
        let removed = notes(vec![bm(4, None)]);
        let rewritten = notes(vec![bm(4, Some("new"))]);
        for (o, t) in [(&removed, &rewritten), (&rewritten, &removed)] {
            assert_eq!(merge(&base, o, t).bookmarks[0].note.as_deref(), Some("new"));
        }
    }
}
