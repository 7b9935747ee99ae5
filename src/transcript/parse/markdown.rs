//! Markdown: ATX headings outside code fences, and telling Markdown from plain text.

use super::{Heading, MARKDOWN_MIN_HEADINGS};
use crate::text::clean::clean;

/// A fence opener or closer: its character, its length, and whether anything follows it.
pub(super) struct Fence {
    ch: u8,
    len: usize,
    bare: bool,
}

/// `line` as a code fence (``` or ~~~, at most 3 spaces of indentation).
pub(super) fn fence(line: &str) -> Option<Fence> {
    let rest = strip_indent(line)?;
    let ch = *rest.as_bytes().first()?;
    if ch != b'`' && ch != b'~' {
        return None;
    }
    let len = rest.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    let info = &rest[len..];
    if ch == b'`' && info.contains('`') {
        return None;
    }
    Some(Fence {
        ch,
        len,
        bare: info.trim().is_empty(),
    })
}

/// `line` without up to 3 leading spaces; `None` if it is indented more (a code block).
pub(super) fn strip_indent(line: &str) -> Option<&str> {
    let rest = line.trim_start_matches(' ');
    (line.len() - rest.len() <= 3).then_some(rest)
}

/// `line` as an ATX heading: level and title, closing `#`s removed. Empty titles are not headings.
pub fn atx_heading(line: &str) -> Option<(u8, &str)> {
    let rest = strip_indent(line)?;
    let level = rest.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let after = &rest[level..];
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let mut title = after.trim_matches([' ', '\t']);
    let unclosed = title.trim_end_matches('#');
    if unclosed.is_empty() {
        title = unclosed;
    } else if unclosed.ends_with([' ', '\t']) {
        title = unclosed.trim_end_matches([' ', '\t']);
    }
    (!title.is_empty()).then_some((level as u8, title))
}

/// Calls `f(line_index, level, title)` for each ATX heading outside fenced code blocks, until `f`
/// returns false.
pub(super) fn for_each_heading(text: &str, mut f: impl FnMut(usize, u8, &str) -> bool) {
    let mut open: Option<Fence> = None;
    for (i, line) in marked_lines(text) {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(opener) = &open {
            if let Some(close) = fence(line)
                && close.ch == opener.ch
                && close.len >= opener.len
                && close.bare
            {
                open = None;
            }
            continue;
        }
        if let Some(opener) = fence(line) {
            open = Some(opener);
            continue;
        }
        if let Some((level, title)) = atx_heading(line)
            && !f(i, level, title)
        {
            return;
        }
    }
}

/// The lines (index, text) that can be a heading or a fence: `#`, `` ` `` or `~` after at most
/// three spaces. The others cannot change what [`for_each_heading`] sees, so they are skipped at
/// memchr speed: sniffing a 48 MB plain transcript takes ~2 ms instead of ~40 ms.
pub(super) fn marked_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let bytes = text.as_bytes();
    let mut pos = 0;
    // Newlines counted in `bytes[..counted]`: the index of the line starting at `counted`.
    let (mut counted, mut line) = (0, 0);
    std::iter::from_fn(move || {
        while let Some(off) = memchr::memchr3(b'#', b'`', b'~', bytes.get(pos..)?) {
            let hit = pos + off;
            // The line starts within the three bytes before the mark, which are spaces.
            let indent = bytes[..hit]
                .iter()
                .rev()
                .take(4)
                .take_while(|&&b| b == b' ')
                .count();
            let start = hit - indent;
            if indent > 3 || (start > 0 && bytes[start - 1] != b'\n') {
                pos = hit + 1;
                continue;
            }
            let end = memchr::memchr(b'\n', &bytes[hit..]).map_or(bytes.len(), |i| hit + i);
            line += memchr::memchr_iter(b'\n', &bytes[counted..start]).count();
            counted = start;
            pos = end + 1;
            return Some((line, &text[start..end]));
        }
        None
    })
}

pub(super) fn markdown_headings(text: &str) -> Vec<Heading> {
    let mut headings = Vec::new();
    for_each_heading(text, |line, level, title| {
        headings.push(Heading {
            line,
            level,
            title: clean(title.to_string()),
        });
        true
    });
    headings
}

pub(super) fn looks_like_markdown(text: &str) -> bool {
    let first_line = text
        .trim_start_matches('\u{FEFF}')
        .split('\n')
        .position(|l| !l.trim().is_empty())
        .unwrap_or(0);
    let mut count = 0;
    let mut first_is_heading = false;
    for_each_heading(text, |line, _, _| {
        first_is_heading |= line == first_line;
        count += 1;
        !first_is_heading && count < MARKDOWN_MIN_HEADINGS
    });
    first_is_heading || count >= MARKDOWN_MIN_HEADINGS
}
