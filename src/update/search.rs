//! Search in `update`: the prompt as you type, confirming, `n`/`N`, results arriving from the
//! background scan, and the search history.

use super::view::{Placement, jump_to};
use super::{Effect, error, info};
use crate::search::{Match, Matcher};
use crate::state::{AppState, Mode, PendingJump, Prompt, PromptKind, Search};
use std::sync::Arc;

/// `/` or `?`: opens the prompt and remembers where we were, for `Esc`.
pub(super) fn open_prompt(state: &mut AppState, kind: PromptKind) {
    state.mode = Mode::Prompt(Prompt::new(kind));
    state.search.origin = Some(state.view.pos());
    state.search.before = state.search.current.clone();
    state.search.history.pos = None;
}

/// Back to a view kept earlier (where a search began), made to fit the view as it is now (the
/// layout or the paragraph view may have changed since).
fn restore(state: &mut AppState, origin: crate::state::ViewPos) {
    state.view.set_pos(origin);
    super::view::clamp_top(state);
    super::view::ensure_cursor_visible(state);
}

/// The query changed: search again from where the prompt opened, moving the view to the first
/// match as soon as the background scan finds it.
pub(super) fn incremental(state: &mut AppState, text: &str, effects: &mut Vec<Effect>) {
    let backward = matches!(&state.mode, Mode::Prompt(p) if p.kind == PromptKind::SearchBackward);
    if let Some(origin) = state.search.origin {
        restore(state, origin);
    }
    let from = state.view.cursor;
    start(
        state,
        text,
        backward,
        Some(PendingJump {
            from: Some(from),
            backward,
            record: false,
        }),
        effects,
    );
}

/// Starts a search for `query` (or clears it when empty).
fn start(
    state: &mut AppState,
    query: &str,
    backward: bool,
    pending: Option<PendingJump>,
    effects: &mut Vec<Effect>,
) {
    state.search.generation += 1;
    let generation = state.search.generation;
    match Matcher::new(query) {
        None => {
            state.search.current = None;
            effects.push(Effect::CancelSearch);
        }
        Some(m) => {
            let matcher = Arc::new(m);
            state.search.current = Some(Search {
                matcher: matcher.clone(),
                backward,
                matches: Vec::new(),
                progress: 0,
                done: false,
                generation,
                current: None,
                pending,
                wrapped: false,
            });
            effects.push(Effect::Search {
                generation,
                matcher,
            });
        }
    }
}

/// `Esc` in a search prompt: back to where it started, with the search that was there before.
pub(super) fn abandon(state: &mut AppState, effects: &mut Vec<Effect>) {
    if let Some(origin) = state.search.origin.take() {
        restore(state, origin);
        super::outline::sync_outline(state);
    }
    state.search.current = state.search.before.take().filter(|s| s.done);
    effects.push(Effect::CancelSearch);
    state.search.history.pos = None;
}

/// `Enter` in a search prompt.
pub(super) fn submit(
    state: &mut AppState,
    kind: PromptKind,
    text: &str,
    effects: &mut Vec<Effect>,
) {
    let backward = kind == PromptKind::SearchBackward;
    state.search.history.pos = None;
    if text.is_empty() {
        if backward {
            // `?` then Enter: the help, which `?` opens in most terminal tools.
            abandon(state, effects);
            super::help::open(state);
            return;
        }
        // `/` Enter repeats the last search, as in vim and less.
        let Some(last) = state.search.history.entries.last().cloned() else {
            abandon(state, effects);
            return;
        };
        incremental(state, &last, effects);
        return submit_query(state, &last, backward);
    }
    submit_query(state, text, backward);
}

fn submit_query(state: &mut AppState, text: &str, backward: bool) {
    state.search.history.push(text);
    let origin = state
        .search
        .origin
        .take()
        .unwrap_or_else(|| state.view.pos());
    state.search.before = None;
    let Some(search) = state.search.current.as_mut() else {
        return;
    };
    search.backward = backward;
    let literal = search.matcher.literal_fallback;
    match search.pending {
        // The preview is still waiting: it becomes a recorded jump from the origin.
        Some(_) => {
            search.pending = Some(PendingJump {
                from: Some(origin.cursor),
                backward,
                record: true,
            });
            // Going from the origin: make sure the jump list learns it.
            restore(state, origin);
            resolve_pending(state);
        }
        None if search.current.is_some() => {
            let wrapped = search.wrapped;
            if state.view.cursor != origin.cursor {
                state.view.jumps.push(origin.cursor);
            }
            if wrapped {
                info(state, wrap_message(backward));
            }
        }
        None => {
            let q = search.matcher.query.clone();
            restore(state, origin);
            error(state, format!("Pattern not found: {q}"));
        }
    }
    if literal {
        let note = "not a valid regular expression: searched as plain text";
        match &mut state.message {
            Some(m) => m.text = format!("{} ({note})", m.text),
            None => info(state, note),
        }
    }
}

/// The command line's `+/PATTERN`: search from the very start and go to the first match.
pub(super) fn search_for(state: &mut AppState, query: &str, effects: &mut Vec<Effect>) {
    let pending = Some(PendingJump {
        from: None,
        backward: false,
        record: false,
    });
    start(state, query, false, pending, effects);
    state.search.history.push(query);
}

/// `n` (or `N` with `reverse`): the next match in the search's direction.
pub(super) fn next(state: &mut AppState, reverse: bool) {
    let cursor = state.view.cursor;
    let Some(search) = state.search.current.as_mut() else {
        error(state, "no search yet: / searches forward, ? backward");
        return;
    };
    let backward = search.backward != reverse;
    // Two matches on the cursor line: n steps to the other one before leaving the line.
    if let Some(i) = search
        .current
        .filter(|&i| search.matches[i].line as usize == cursor)
    {
        let step = if backward {
            i.checked_sub(1)
        } else {
            Some(i + 1)
        };
        if let Some(j) =
            step.filter(|&j| j < search.matches.len() && search.matches[j].line as usize == cursor)
        {
            search.current = Some(j);
            return;
        }
    }
    search.pending = Some(PendingJump {
        from: Some(cursor),
        backward,
        record: true,
    });
    resolve_pending(state);
    if state
        .search
        .current
        .as_ref()
        .is_some_and(|s| s.pending.is_some())
    {
        info(state, "searching…");
    }
}

/// Results from the background scan.
pub(super) fn results(
    state: &mut AppState,
    generation: u64,
    matches: Vec<Match>,
    progress: u8,
    done: bool,
) {
    let Some(search) = state
        .search
        .current
        .as_mut()
        .filter(|s| s.generation == generation)
    else {
        return;
    };
    search.matches.extend(matches);
    search.progress = progress;
    search.done = done;
    resolve_pending(state);
}

/// Makes a waiting jump if what has been found so far decides it.
fn resolve_pending(state: &mut AppState) {
    let Some(search) = state.search.current.as_mut() else {
        return;
    };
    let Some(p) = search.pending else { return };
    let ms = &search.matches;
    // Matches arrive in document order, so everything before a found line is known.
    let target = if p.backward {
        let from = p.from.unwrap_or(0);
        let before = ms.partition_point(|m| (m.line as usize) < from);
        let passed = search.done || before < ms.len();
        if !passed {
            return;
        }
        if before > 0 {
            Some((before - 1, false))
        } else if search.done {
            (!ms.is_empty()).then_some((ms.len() - 1, true))
        } else {
            return;
        }
    } else {
        let after = match p.from {
            Some(from) => ms.partition_point(|m| m.line as usize <= from),
            None => 0,
        };
        if after < ms.len() {
            Some((after, false))
        } else if search.done {
            (!ms.is_empty()).then_some((0, true))
        } else {
            return;
        }
    };
    search.pending = None;
    match target {
        Some((i, wrapped)) => {
            search.current = Some(i);
            search.wrapped = wrapped;
            let line = search.matches[i].line as usize;
            if p.record && line != state.view.cursor {
                state.view.jumps.push(state.view.cursor);
            }
            let start = search.matches[i].start as usize;
            jump_to(state, line, Placement::Center);
            let (_, h) = state.text_size();
            super::view::show_offset(state, line, start, h / 3);
            if wrapped {
                info(state, wrap_message(p.backward));
            }
        }
        None => {
            let q = search.matcher.query.clone();
            if p.record || p.from.is_none() {
                error(state, format!("Pattern not found: {q}"));
            }
        }
    }
}

fn wrap_message(backward: bool) -> &'static str {
    if backward {
        "search hit TOP, continuing at BOTTOM"
    } else {
        "search hit BOTTOM, continuing at TOP"
    }
}

/// `↑` / `↓` in a search prompt: earlier and later queries.
pub(super) fn history(state: &mut AppState, older: bool, effects: &mut Vec<Effect>) {
    let Mode::Prompt(p) = &mut state.mode else {
        return;
    };
    let history = &mut state.search.history;
    if !p.kind.is_search() || history.entries.is_empty() {
        return;
    }
    let n = history.entries.len();
    let pos = match (history.pos, older) {
        (None, true) => {
            history.draft = p.text.clone();
            Some(n - 1)
        }
        (None, false) => return,
        (Some(i), true) => Some(i.saturating_sub(1)),
        (Some(i), false) if i + 1 < n => Some(i + 1),
        (Some(_), false) => None,
    };
    history.pos = pos;
    p.text = match pos {
        Some(i) => history.entries[i].clone(),
        None => std::mem::take(&mut history.draft),
    };
    p.cursor = p.text.len();
    let text = p.text.clone();
    incremental(state, &text, effects);
}
