//! The prompts in `update`: editing the line, what each prompt does as you type, `Enter`,
//! `Esc`, and the `:` prompt's targets.

use super::view::{Placement, jump};
use super::{Effect, error, help, info, list, notes, outline, player, search};
use crate::state::{AppState, Focus, Mode, Prompt, PromptKind};

pub(super) fn edit(state: &mut AppState, f: impl FnOnce(&mut Prompt)) {
    if let Mode::Prompt(p) = &mut state.mode {
        f(p);
    }
}

/// Types `text` at the cursor: printable characters only (a control or bidi character would be
/// invisible in the prompt yet searched for), a newline or tab as a space.
pub(super) fn insert(state: &mut AppState, text: &str, effects: &mut Vec<Effect>) {
    let clean: String = text
        .chars()
        .map(|c| {
            if matches!(c, '\n' | '\r' | '\t') {
                ' '
            } else {
                c
            }
        })
        .filter(|&c| !c.is_control() && !crate::text::clean::is_dirty(c))
        .collect();
    if clean.is_empty() {
        return;
    }
    edit(state, |p| {
        p.text.insert_str(p.cursor, &clean);
        p.cursor += clean.len();
    });
    changed(state, effects);
}

pub(super) fn backspace(state: &mut AppState, effects: &mut Vec<Effect>) {
    let empty = matches!(&state.mode, Mode::Prompt(p) if p.text.is_empty());
    if empty {
        // Backspace on an empty prompt closes it, as in less and vim.
        cancel(state, effects);
        return;
    }
    edit(state, |p| {
        if let Some(c) = p.text[..p.cursor].chars().next_back() {
            p.cursor -= c.len_utf8();
            p.text.remove(p.cursor);
        }
    });
    changed(state, effects);
}

pub(super) fn delete(state: &mut AppState, effects: &mut Vec<Effect>) {
    edit(state, |p| {
        if p.cursor < p.text.len() {
            p.text.remove(p.cursor);
        }
    });
    changed(state, effects);
}

/// `Ctrl-w`: deletes the word before the cursor (and the spaces after it).
pub(super) fn delete_word(state: &mut AppState, effects: &mut Vec<Effect>) {
    edit(state, |p| {
        let start = word_start(&p.text, p.cursor);
        p.text.replace_range(start..p.cursor, "");
        p.cursor = start;
    });
    changed(state, effects);
}

/// `Ctrl-u`: deletes everything before the cursor.
pub(super) fn delete_to_start(state: &mut AppState, effects: &mut Vec<Effect>) {
    edit(state, |p| {
        p.text.replace_range(..p.cursor, "");
        p.cursor = 0;
    });
    changed(state, effects);
}

/// Where the word before byte `at` starts (spaces before `at` are skipped first).
fn word_start(text: &str, at: usize) -> usize {
    let before = &text[..at];
    let trimmed = before.trim_end();
    match trimmed.rfind(char::is_whitespace) {
        Some(i) => i + trimmed[i..].chars().next().map_or(1, char::len_utf8),
        None => 0,
    }
}

/// `Alt-b` / `Alt-f`: a word left / right.
pub(super) fn word_left(p: &mut Prompt) {
    p.cursor = word_start(&p.text, p.cursor);
}

pub(super) fn word_right(p: &mut Prompt) {
    let rest = &p.text[p.cursor..];
    let skip_space = rest.len() - rest.trim_start().len();
    let word = rest[skip_space..]
        .find(char::is_whitespace)
        .unwrap_or(rest.len() - skip_space);
    p.cursor += skip_space + word;
}

/// `↑` / `↓`: in a search prompt, earlier and later searches; in the outline's filter, the
/// selection.
pub(super) fn up_down(state: &mut AppState, up: bool, effects: &mut Vec<Effect>) {
    match &state.mode {
        Mode::Prompt(p) if p.kind == PromptKind::OutlineFilter => {
            outline::move_sel(state, if up { -1 } else { 1 });
        }
        Mode::Prompt(p) if p.kind == PromptKind::ListFilter => {
            list::move_sel(state, if up { -1 } else { 1 });
        }
        _ => search::history(state, up, effects),
    }
}

pub(super) fn left(p: &mut Prompt) {
    if let Some(c) = p.text[..p.cursor].chars().next_back() {
        p.cursor -= c.len_utf8();
    }
}

pub(super) fn right(p: &mut Prompt) {
    if let Some(c) = p.text[p.cursor..].chars().next() {
        p.cursor += c.len_utf8();
    }
}

/// `Esc`: closes a prompt (a search returns to where it started, a filter is cleared), or the
/// help; in the outline pane it clears the filter; in the bookmarks list it closes the list.
pub(super) fn cancel(state: &mut AppState, effects: &mut Vec<Effect>) {
    match std::mem::replace(&mut state.mode, Mode::Normal) {
        Mode::Prompt(p) if p.kind.is_search() => search::abandon(state, effects),
        Mode::Prompt(p) if p.kind == PromptKind::OutlineFilter => outline::set_filter(state, None),
        Mode::Prompt(p) if p.kind == PromptKind::ListFilter => list::set_filter(state, None),
        Mode::Prompt(p) if p.kind == PromptKind::HelpSearch => help::search_cancelled(state),
        Mode::Normal if state.help.is_some() => help::close(state),
        Mode::Normal if state.list.is_some() => list::close(state),
        Mode::Normal if state.view.focus == Focus::Outline && state.outline.filter.is_some() => {
            outline::set_filter(state, None);
        }
        _ => {}
    }
}

/// After the prompt's text changed: searches and filters follow as you type.
fn changed(state: &mut AppState, effects: &mut Vec<Effect>) {
    let Mode::Prompt(p) = &state.mode else { return };
    let (kind, text) = (p.kind, p.text.clone());
    match kind {
        PromptKind::SearchBackward if text == "?" => {
            // `??` opens the help, as `?` alone does in most terminal tools.
            search::abandon(state, effects);
            state.mode = Mode::Normal;
            help::open(state);
        }
        k if k.is_search() => search::incremental(state, &text, effects),
        PromptKind::OutlineFilter => {
            outline::set_filter(state, Some(text).filter(|t| !t.is_empty()));
        }
        PromptKind::ListFilter => list::set_filter(state, Some(text).filter(|t| !t.is_empty())),
        PromptKind::HelpSearch => help::search_changed(state, &text),
        _ => {}
    }
}

/// `Enter`.
pub(super) fn submit(state: &mut AppState, effects: &mut Vec<Effect>) {
    let Mode::Prompt(prompt) = std::mem::replace(&mut state.mode, Mode::Normal) else {
        return;
    };
    match prompt.kind {
        PromptKind::Goto => {
            goto(state, &prompt.text);
            player::goto_seek(state, &prompt.text, effects);
        }
        PromptKind::SearchForward | PromptKind::SearchBackward => {
            search::submit(state, prompt.kind, &prompt.text, effects);
        }
        PromptKind::OutlineFilter => {
            state.outline.filter_kept = true;
            // Said as it was typed too, but the prompt hid it and this key cleared it.
            if state.outline.filter.is_some() && state.outline.shown.is_empty() {
                info(state, "no topic matches");
            }
        }
        // As the outline's filter: said while typing, under the prompt; said again here.
        PromptKind::HelpSearch => help::search_changed(state, &prompt.text),
        PromptKind::ListFilter => {}
        PromptKind::Note(line) => notes::set_note(state, line, &prompt.text, effects),
        PromptKind::NewTopic(line) | PromptKind::RenameTopic(line) => {
            notes::set_topic(state, line, &prompt.text, effects);
        }
    }
}

/// Goes to a line, percent or time written as in the `:` prompt.
pub(super) fn goto(state: &mut AppState, text: &str) {
    match parse_goto(text.trim()) {
        Ok(None) => {}
        Ok(Some(Target::Line(n))) => {
            let line = n.saturating_sub(1);
            if line >= state.doc.len() {
                let len = state.doc.len();
                info(state, format!("only {len} lines: went to the last"));
            }
            jump(state, line, Placement::Center);
        }
        Ok(Some(Target::Relative(delta))) => {
            let len = state.doc.len();
            let line = state.view.cursor.saturating_add_signed(delta);
            if line >= len {
                info(state, format!("only {len} lines: went to the last"));
            }
            jump(state, line, Placement::Center);
        }
        Ok(Some(Target::Percent(p))) => {
            let len = state.doc.len();
            let p = p.min(100.0) / 100.0;
            let line = ((len - 1) as f64 * p).round() as usize;
            jump(state, line, Placement::Center);
            // In a line taller than the screen (a file of one long line), what the percent has
            // left goes into the line, by its bytes: `:50%` puts its middle at the top, as
            // less's `50%` does, and the status bar's percent (the top row's) says 50%.
            let into = (p * len as f64 - line as f64).clamp(0.0, 1.0);
            let text = state.doc.line(line);
            let mut at = (into * text.len() as f64) as usize;
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            super::view::show_offset(state, line, at, 0);
        }
        Ok(Some(Target::Time(ms))) => match state.doc.line_at_time(ms) {
            Some(line) => {
                // Only start times are known: past the last one by more than a long cue's
                // length is past the end.
                if let Some(end) = state.doc.duration().filter(|&end| ms > end + 30_000) {
                    let end = crate::text::format_time(end, state.doc.hours());
                    info(state, format!("the last line starts at {end}: went there"));
                }
                jump(state, line, Placement::Center);
            }
            None => error(state, "this transcript has no timestamps"),
        },
        Err(e) => error(state, e),
    }
}

/// What the `:` prompt can go to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    /// 1-based line, as typed.
    Line(usize),
    /// Lines down (up, when negative) from the cursor: `+10`, `-10`.
    Relative(isize),
    Percent(f64),
    /// Milliseconds.
    Time(u32),
}

/// Parses `150`, `+10`, `-10`, `40%`, `1:30`, `01:02:03` (and `1:30.5`). Empty input is `None`.
pub fn parse_goto(s: &str) -> Result<Option<Target>, String> {
    let bad = || format!("not a line, percent or time: '{s}' (try 150, 40% or 1:30)");
    if s.is_empty() {
        return Ok(None);
    }
    if let Some(p) = s.strip_suffix('%') {
        let p: f64 = p.trim().parse().map_err(|_| bad())?;
        if !(0.0..=100.0).contains(&p) {
            return Err(format!("a percent is 0 to 100, not {s}"));
        }
        return Ok(Some(Target::Percent(p)));
    }
    if s.contains(':') {
        let parts: Vec<&str> = s.split(':').collect();
        if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
            return Err(bad());
        }
        let mut secs = 0f64;
        for (i, p) in parts.iter().enumerate() {
            let last = i == parts.len() - 1;
            let v: f64 = if last {
                p.parse().map_err(|_| bad())?
            } else {
                f64::from(p.parse::<u32>().map_err(|_| bad())?)
            };
            if v < 0.0 || (i > 0 && v >= 60.0) {
                return Err(bad());
            }
            secs = secs * 60.0 + v;
        }
        return Ok(Some(Target::Time(
            (secs * 1000.0).min(f64::from(u32::MAX) - 1.0) as u32,
        )));
    }
    if let Some(sign) = s.chars().next().filter(|c| matches!(c, '+' | '-')) {
        let n = number(s[1..].trim()).ok_or_else(bad)?;
        let n = n.min(isize::MAX as usize) as isize;
        return Ok(Some(Target::Relative(if sign == '-' { -n } else { n })));
    }
    let n = number(s).ok_or_else(bad)?;
    Ok(Some(Target::Line(n.max(1))))
}

/// Digits as a number; one too big for a `usize` is the biggest (`:99999999999999999999` goes
/// to the last line, as `:99999999999` does).
fn number(s: &str) -> Option<usize> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse().unwrap_or(usize::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goto_targets_parse() {
        assert_eq!(parse_goto("150"), Ok(Some(Target::Line(150))));
        assert_eq!(parse_goto("0"), Ok(Some(Target::Line(1))));
        assert_eq!(parse_goto("40%"), Ok(Some(Target::Percent(40.0))));
        assert_eq!(parse_goto("1:30"), Ok(Some(Target::Time(90_000))));
        assert_eq!(parse_goto("01:02:03"), Ok(Some(Target::Time(3_723_000))));
        assert_eq!(parse_goto("1:30.5"), Ok(Some(Target::Time(90_500))));
        assert_eq!(parse_goto(""), Ok(None));
        assert_eq!(
            parse_goto("18446744073709551616"),
            Ok(Some(Target::Line(usize::MAX)))
        );
        assert_eq!(
            parse_goto("+18446744073709551616"),
            Ok(Some(Target::Relative(isize::MAX)))
        );
        assert!(parse_goto("abc").is_err());
        assert!(parse_goto("1:75").is_err());
        assert!(parse_goto("120%").is_err());
        assert!(parse_goto("1:2:3:4").is_err());
        assert_eq!(parse_goto("+10"), Ok(Some(Target::Relative(10))));
        assert_eq!(parse_goto("-10"), Ok(Some(Target::Relative(-10))));
        assert!(parse_goto("+").is_err());
    }
}
