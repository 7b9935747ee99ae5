//! SRT and WebVTT: one forgiving parser (see the module above for what it keeps and drops),
//! timestamps, and the text of cues (tags, ASS escapes, character references).

use super::Parsed;
use crate::transcript::document::NO_TIME;
use std::ops::Range;

/// Parses `hh:mm:ss,mmm`, `hh:mm:ss.mmm` or `mm:ss.mmm` into milliseconds. Hours take 1–3 digits,
/// minutes and seconds 1–2; the fraction 1–3 digits read as milliseconds (`1,5` is 5 ms, as a
/// writer that dropped leading zeros meant), longer fractions are cut to 3 digits.
pub fn parse_timestamp(s: &str) -> Option<u32> {
    let (hms, frac) = s.split_once([',', '.'])?;
    if frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let ms = number(&frac[..frac.len().min(3)])?;
    let mut parts = hms.split(':');
    let (a, b, c) = (parts.next(), parts.next(), parts.next());
    if parts.next().is_some() {
        return None;
    }
    let (h, m, s) = match (a, b, c) {
        (Some(h), Some(m), Some(s)) if h.len() <= 3 => (number(h)?, m, s),
        (Some(m), Some(s), None) => (0, m, s),
        _ => return None,
    };
    if m.len() > 2 || s.len() > 2 {
        return None;
    }
    let total = ((h * 60 + number(m)?) * 60 + number(s)?) * 1000 + ms;
    Some(total.min(u64::from(NO_TIME - 1)) as u32)
}

/// 1+ ASCII digits as a number.
pub(super) fn number(s: &str) -> Option<u64> {
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// The start time of a timing line (`start --> end …`), if `line` is one.
pub fn timing_start(line: &str) -> Option<u32> {
    let arrow = line.find("-->")?;
    parse_timestamp(line[..arrow].trim())
}

pub(super) fn is_number(line: &str) -> bool {
    let t = line.trim().trim_start_matches('\u{FEFF}');
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// Subtitles

/// Cleaned lines of one cue, in one buffer: the cue being read, and the cue before it (rolling
/// captions are told by comparing the two).
#[derive(Default)]
pub(super) struct Lines {
    buf: String,
    ranges: Vec<Range<usize>>,
}

impl Lines {
    fn get(&self, i: usize) -> &str {
        &self.buf[self.ranges[i].clone()]
    }

    fn clear(&mut self) {
        self.buf.clear();
        self.ranges.clear();
    }

    fn contains(&self, line: &str) -> bool {
        (0..self.ranges.len()).any(|i| self.get(i) == line)
    }

    /// Cleans `raw` into the buffer; returns whether a non-empty line was added.
    fn push(&mut self, raw: &str, vtt: bool) -> bool {
        let start = self.buf.len();
        push_cue_text(&mut self.buf, raw, vtt);
        let written = &self.buf[start..];
        let trimmed = written.trim();
        if trimmed.is_empty() {
            self.buf.truncate(start);
            return false;
        }
        let lead = written.len() - written.trim_start().len();
        let range = start + lead..start + lead + trimmed.len();
        self.buf.truncate(range.end);
        self.ranges.push(range);
        true
    }
}

/// Raw lines of the cue being read, as byte ranges of the input.
#[derive(Default)]
pub(super) struct Pending {
    /// The block right under the timing line.
    block: Vec<Range<usize>>,
    /// Lines after a blank line, before the next cue.
    strays: Vec<Range<usize>>,
    /// Where the last line went, if it was the previous raw line, and whether a blank line (or
    /// the start of the file) came before it: such a line right above a timing line is the
    /// cue's number or identifier.
    last: Option<(Slot, bool)>,
}

#[derive(Clone, Copy)]
pub(super) enum Slot {
    Block,
    Stray,
}

impl Pending {
    fn push(&mut self, slot: Slot, line: Range<usize>, after_blank: bool) {
        match slot {
            Slot::Block => self.block.push(line),
            Slot::Stray => self.strays.push(line),
        }
        self.last = Some((slot, after_blank));
    }

    /// Drops the line right above a timing line if it is the cue's number (or, in WebVTT, an
    /// identifier starting a block).
    fn pop_cue_id(&mut self, input: &[u8], vtt: bool) {
        let Some((slot, after_blank)) = self.last.take() else {
            return;
        };
        let lines = match slot {
            Slot::Block => &mut self.block,
            Slot::Stray => &mut self.strays,
        };
        if lines
            .last()
            .is_some_and(|l| is_number(str_at(&input[l.clone()])) || (vtt && after_blank))
        {
            lines.pop();
        }
    }
}

/// `bytes` as text: they are a whole line of the input (a `String`) that nothing has written
/// over. Checked all the same, at SIMD speed, so that a mistake could never make an invalid
/// `&str`; an invalid line would read as empty.
pub(super) fn str_at(bytes: &[u8]) -> &str {
    crate::text::clean::str_from_utf8(bytes).unwrap_or_default()
}

/// The output of the subtitle parser, written over its own input.
///
/// The text is written from the front of the input's buffer while the input is read further
/// on: every output line comes from a raw line at least as long as it (cleaning a cue line only
/// removes or shortens: tags, `&amp;`, `\N` → space) that ended with a newline, and the timing
/// and number lines produce nothing, so the output never reaches a byte still to be read. The
/// parser thus needs no memory beyond the file's own, the times and one cue.
pub(super) struct Writer {
    /// The output is `buf[..w]`.
    w: usize,
    times: Vec<u32>,
    /// The cue before, when it was timed and not empty.
    prev: Lines,
    has_prev: bool,
    /// Timed cues that followed one (`candidates`), and those that repeat one of its lines.
    candidates: usize,
    repeats: usize,
    /// Output pieces that repeat a line of the cue before: (output line, byte range). Removed at
    /// the end if the file turns out to be rolling captions.
    seen: Vec<(u32, Range<usize>)>,
}

impl Writer {
    fn new() -> Self {
        Writer {
            w: 0,
            times: Vec::new(),
            prev: Lines::default(),
            has_prev: false,
            candidates: 0,
            repeats: 0,
            seen: Vec::new(),
        }
    }

    fn write(&mut self, buf: &mut [u8], s: &str) {
        buf[self.w..self.w + s.len()].copy_from_slice(s.as_bytes());
        self.w += s.len();
    }

    /// Starts an output line with time `start`.
    fn new_line(&mut self, buf: &mut [u8], start: u32) {
        if !self.times.is_empty() {
            self.write(buf, "\n");
        }
        self.times.push(start);
    }

    /// Writes the cleaned `cue` (its block joined into one line, then its stray lines), timed
    /// `start` (untimed lines before the first cue when `None`), noting the lines the cue
    /// before already had.
    fn cue(&mut self, buf: &mut [u8], cue: &mut Lines, joined: usize, start: Option<u32>) {
        if start.is_none() && cue.ranges.is_empty() {
            return;
        }
        let timed = start.is_some();
        let start = start.unwrap_or(NO_TIME);
        let has_lines = !cue.ranges.is_empty();
        let follows = timed && has_lines && self.has_prev;
        let mut repeats = false;
        for i in 0..cue.ranges.len() {
            let line = cue.get(i);
            if i == 0 || i >= joined {
                self.new_line(buf, start);
            } else {
                self.write(buf, " ");
            }
            let from = self.w;
            self.write(buf, line);
            if follows && self.prev.contains(line) {
                repeats = true;
                self.seen.push((self.times.len() as u32 - 1, from..self.w));
            }
        }
        if follows {
            self.candidates += 1;
            self.repeats += usize::from(repeats);
        }
        if timed && has_lines {
            std::mem::swap(&mut self.prev, cue);
            self.has_prev = true;
        }
    }

    /// Rolling captions: at least a quarter of the timed cues repeat a line of the timed cue
    /// before them, and at least `min_repeats` do.
    fn rolling(&self, min_repeats: usize) -> bool {
        self.repeats >= min_repeats && self.repeats * 4 >= self.candidates
    }

    /// Removes the [`Writer::seen`] pieces, and the lines they leave empty with their times.
    fn drop_seen(&mut self, buf: &mut [u8]) {
        let seen = std::mem::take(&mut self.seen);
        let mut seen = seen.iter().peekable();
        let (mut r, mut w) = (0, 0);
        let mut kept = 0;
        for i in 0..self.times.len() {
            let end = memchr::memchr(b'\n', &buf[r..self.w]).map_or(self.w, |n| r + n);
            // The line's pieces that stay: between the seen ones, without the space that
            // joined each to a seen neighbour.
            let mut pieces: Vec<Range<usize>> = Vec::new();
            let mut from = r;
            let mut after_seen = false;
            while let Some((_, range)) = seen.next_if(|(line, _)| *line as usize == i) {
                let to = range.start.saturating_sub(1).max(from);
                let from_gap = if after_seen { from + 1 } else { from };
                if from_gap < to {
                    pieces.push(from_gap..to);
                }
                from = range.end;
                after_seen = true;
            }
            let from_gap = if after_seen { from + 1 } else { from };
            if from_gap < end {
                pieces.push(from_gap..end);
            }
            if !pieces.is_empty() {
                if kept > 0 {
                    buf[w] = b'\n';
                    w += 1;
                }
                for (k, piece) in pieces.into_iter().enumerate() {
                    if k > 0 {
                        buf[w] = b' ';
                        w += 1;
                    }
                    buf.copy_within(piece.clone(), w);
                    w += piece.len();
                }
                self.times[kept] = self.times[i];
                kept += 1;
            }
            r = end + 1;
        }
        self.times.truncate(kept);
        self.w = w;
    }
}

pub(super) fn parse_subtitles(text: String, vtt: bool) -> Parsed {
    let bom = if text.starts_with('\u{FEFF}') { 3 } else { 0 };
    let mut buf = text.into_bytes();
    let len = buf.len();
    let mut out = Writer::new();
    let mut pending = Pending::default();
    let mut cue = Lines::default();
    // Start time of the cue being read; `None` before the first timing line.
    let mut current: Option<u32> = None;
    // Whether text lines still belong to the block right under the timing line.
    let mut in_block = false;
    // Whether the previous raw line was blank (or this is the start of the file).
    let mut after_blank = true;
    // Inside a WebVTT header, NOTE, STYLE or REGION block.
    let mut skipping = false;

    let flush = |buf: &mut Vec<u8>,
                 pending: &mut Pending,
                 cue: &mut Lines,
                 out: &mut Writer,
                 start: Option<u32>| {
        cue.clear();
        let mut joined = 0;
        for raw in pending.block.drain(..) {
            joined += usize::from(cue.push(str_at(&buf[raw]), vtt));
        }
        for raw in pending.strays.drain(..) {
            cue.push(str_at(&buf[raw]), vtt);
        }
        pending.last = None;
        out.cue(buf, cue, joined, start);
    };

    let mut pos = bom;
    loop {
        let end = memchr::memchr(b'\n', &buf[pos..]).map_or(len, |n| pos + n);
        let range = if end > pos && buf[end - 1] == b'\r' {
            pos..end - 1
        } else {
            pos..end
        };
        let line = str_at(&buf[range.clone()]);

        if let Some(start) = timing_start(line.trim()) {
            pending.pop_cue_id(&buf, vtt);
            flush(&mut buf, &mut pending, &mut cue, &mut out, current);
            current = Some(start);
            in_block = true;
            after_blank = false;
            skipping = false;
        } else if if vtt {
            line.is_empty()
        } else {
            line.trim().is_empty()
        } {
            in_block = false;
            after_blank = true;
            skipping = false;
            pending.last = None;
        } else {
            let was_after_blank = std::mem::replace(&mut after_blank, false);
            let mut skip = false;
            if vtt {
                let before_cues = current.is_none();
                let header = before_cues && is_vtt_header(line);
                let block = was_after_blank && is_vtt_block_start(line);
                let meta =
                    before_cues && (line.starts_with("Kind:") || line.starts_with("Language:"));
                if skipping || header || block || meta {
                    skipping |= header || block;
                    pending.last = None;
                    skip = true;
                }
            }
            if !skip {
                let slot = if in_block && current.is_some() {
                    Slot::Block
                } else {
                    Slot::Stray
                };
                pending.push(slot, range, was_after_blank);
            }
        }
        if end == len {
            break;
        }
        pos = end + 1;
    }

    if current.is_none() {
        // No timing line at all: not subtitles, whatever the name says. Nothing was written.
        let text = String::from_utf8(buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        return Parsed {
            text,
            times: None,
            headings: Vec::new(),
        };
    }
    flush(&mut buf, &mut pending, &mut cue, &mut out, current);
    // Rolling captions are WebVTT's (YouTube); SRT converted from them needs more evidence.
    if out.rolling(if vtt { 1 } else { 2 }) {
        out.drop_seen(&mut buf);
    }
    buf.truncate(out.w);
    buf.shrink_to_fit();
    // Made of cleaned lines and ASCII separators.
    let text = crate::text::clean::string_from_utf8(buf);
    Parsed {
        text,
        times: Some(out.times),
        headings: Vec::new(),
    }
}

pub(super) fn is_vtt_header(line: &str) -> bool {
    line.strip_prefix("WEBVTT")
        .is_some_and(|rest| rest.chars().next().is_none_or(|c| c == ' ' || c == '\t'))
}

/// `NOTE`, `STYLE` and `REGION` blocks, which are not cues.
pub(super) fn is_vtt_block_start(line: &str) -> bool {
    let word = |w: &str| {
        line.strip_prefix(w)
            .is_some_and(|rest| rest.chars().next().is_none_or(|c| c == ' ' || c == '\t'))
    };
    word("NOTE") || word("STYLE") || word("REGION")
}

// ---------------------------------------------------------------------------------------------
// Cue text

/// Formatting tags removed from cue text (compared case-insensitively).
pub(super) const TAGS: [&str; 14] = [
    "b", "i", "u", "s", "c", "v", "lang", "ruby", "rt", "rp", "font", "span", "em", "strong",
];

/// Writes `raw` to `out` without tags, ASS overrides and (in WebVTT) character references.
pub(super) fn push_cue_text(out: &mut String, raw: &str, vtt: bool) {
    let bytes = raw.as_bytes();
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let found = match bytes[i] {
            b'<' => tag(&raw[i..]),
            b'{' => ass_override(&raw[i..]).map(|len| (len, None)),
            b'\\' => match bytes.get(i + 1) {
                Some(b'N' | b'h') => Some((2, Some(' '))),
                _ => None,
            },
            b'&' if vtt => char_reference(&raw[i..]).map(|(len, c)| (len, Some(c))),
            _ => None,
        };
        if let Some((len, replacement)) = found {
            out.push_str(&raw[copied..i]);
            if let Some(c) = replacement {
                out.push(c);
            }
            i += len;
            copied = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&raw[copied..]);
}

/// A known tag or word timing at the start of `s` (which starts with `<`): its length, and what
/// replaces it (a space for `<br>`).
pub(super) fn tag(s: &str) -> Option<(usize, Option<char>)> {
    let close = closing(s, b'<', b'>')?;
    let inner = &s[1..close];
    if parse_timestamp(inner).is_some() {
        return Some((close + 1, None));
    }
    let name_part = inner.strip_prefix('/').unwrap_or(inner);
    let name_end = name_part
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name_part.len());
    let (name, rest) = name_part.split_at(name_end);
    if !rest.is_empty() && !rest.starts_with(['.', ' ', '\t', '/']) {
        return None;
    }
    if name.eq_ignore_ascii_case("br") {
        return Some((close + 1, Some(' ')));
    }
    TAGS.iter()
        .any(|t| t.eq_ignore_ascii_case(name))
        .then_some((close + 1, None))
}

/// An ASS override block `{\…}` at the start of `s`: its length.
pub(super) fn ass_override(s: &str) -> Option<usize> {
    if !s.starts_with("{\\") {
        return None;
    }
    closing(s, b'{', b'}').map(|end| end + 1)
}

/// Longest tag or override block looked for, so that a line full of `<` stays linear.
pub(super) const MAX_TAG: usize = 512;

/// The offset of the `close` byte ending the bracket that `s` starts with, if it comes within
/// [`MAX_TAG`] bytes and before another `open`.
pub(super) fn closing(s: &str, open: u8, close: u8) -> Option<usize> {
    let b = s.as_bytes();
    let end = b.len().min(MAX_TAG);
    let at = b[1..end].iter().position(|&c| c == close || c == open)? + 1;
    (b[at] == close).then_some(at)
}

/// A character reference at the start of `s` (which starts with `&`): its length and character.
pub(super) fn char_reference(s: &str) -> Option<(usize, char)> {
    let end = s.as_bytes().iter().take(12).position(|&b| b == b';')?;
    let name = &s[1..end];
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            // A newline by reference breaks the cue's text as a new line in the cue does: the
            // cue is one transcript line, its lines joined by a space.
            match char::from_u32(code).filter(|&c| c != '\0')? {
                '\n' | '\r' => ' ',
                c => c,
            }
        }
    };
    Some((end + 1, c))
}
