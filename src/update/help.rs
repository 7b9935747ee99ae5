//! The help in `update`: opening it where the user is, scrolling and paging it with the keys
//! that move the text, and searching it.

use super::info;
use crate::action::Action;
use crate::state::{AppState, HelpView, Mode, Prompt, PromptKind};

/// The width the help's rows are wrapped at: the overlay's inside.
fn width(state: &AppState) -> usize {
    (state.layout().help.width as usize)
        .saturating_sub(2)
        .max(1)
}

fn height(state: &AppState) -> usize {
    state.layout().help_rows.max(1)
}

/// Opens the help, with the keys of where the user is first.
pub(super) fn open(state: &mut AppState) {
    let from = state.key_mode();
    state.mode = Mode::Normal;
    state.help = Some(HelpView::new(&state.settings, from, width(state)));
}

pub(super) fn close(state: &mut AppState) {
    state.help = None;
}

/// After a resize: the rows wrap at the new width, the scroll stays in range.
pub(super) fn resized(state: &mut AppState) {
    let w = width(state);
    let h = height(state);
    if let Some(help) = state.help.as_mut() {
        help.rewrap(&state.settings, w);
        help.scroll = help.scroll.min(help.rows.len().saturating_sub(h));
    }
}

/// Scrolls by `delta` rows, within the help.
fn scroll(state: &mut AppState, delta: isize) {
    let h = height(state);
    if let Some(help) = state.help.as_mut() {
        let max = help.rows.len().saturating_sub(h);
        help.scroll = help.scroll.saturating_add_signed(delta).min(max);
    }
}

/// The help's keys: the moves of the text scroll it, `/` `n` `N` search it. Returns whether
/// `action` was the help's; other actions (quitting, closing) go on as anywhere.
pub(super) fn handle(state: &mut AppState, action: &Action, count: usize) -> bool {
    let h = height(state) as isize;
    let n = count.min(isize::MAX as usize / 2) as isize;
    match action {
        Action::Down | Action::HelpDown | Action::ScrollDown => scroll(state, n),
        Action::Up | Action::HelpUp | Action::ScrollUp => scroll(state, -n),
        Action::PageDown => scroll(state, h.saturating_mul(n)),
        Action::PageUp => scroll(state, -h.saturating_mul(n)),
        Action::HalfPageDown => scroll(state, (h / 2).max(1).saturating_mul(n)),
        Action::HalfPageUp => scroll(state, -(h / 2).max(1).saturating_mul(n)),
        Action::Top => scroll(state, isize::MIN / 2),
        Action::Bottom => scroll(state, isize::MAX / 2),
        Action::SearchForward | Action::SearchBackward => {
            if let Some(help) = state.help.as_mut() {
                help.origin = help.scroll;
            }
            state.mode = Mode::Prompt(Prompt::new(PromptKind::HelpSearch));
        }
        Action::SearchNext => find(state, false),
        Action::SearchPrev => find(state, true),
        Action::Cancel | Action::ToggleHelp => close(state),
        _ => return false,
    }
    true
}

/// The search prompt's text changed: the first row holding it from where the search began.
pub(super) fn search_changed(state: &mut AppState, text: &str) {
    let h = height(state);
    let Some(help) = state.help.as_mut() else {
        return;
    };
    help.scroll = help.origin;
    let query = text.to_lowercase();
    help.query = (!query.is_empty()).then(|| query.clone());
    if query.is_empty() {
        return;
    }
    let from = help.origin;
    let found = (from..help.rows.len())
        .chain(0..from)
        .find(|&i| help.rows[i].contains(&query));
    match found {
        Some(i) => {
            help.scroll = i
                .saturating_sub(h / 3)
                .min(help.rows.len().saturating_sub(h));
        }
        None => info(state, "not in the help"),
    }
}

/// `Esc` in the help's search: back to where it began.
pub(super) fn search_cancelled(state: &mut AppState) {
    if let Some(help) = state.help.as_mut() {
        help.scroll = help.origin;
        help.query = None;
    }
}

/// `n` / `N` in the help: the next (previous) row holding the search, below (above) the first
/// third of the screen.
fn find(state: &mut AppState, backward: bool) {
    let h = height(state);
    let Some(help) = state.help.as_mut() else {
        return;
    };
    let Some(query) = help.query.clone() else {
        info(state, "no search yet: / searches the help");
        return;
    };
    let n = help.rows.len();
    let at = (help.scroll + h / 3).min(n.saturating_sub(1));
    let found = if backward {
        (0..at)
            .rev()
            .chain((at..n).rev())
            .find(|&i| help.rows[i].contains(&query))
    } else {
        (at + 1..n)
            .chain(0..=at)
            .find(|&i| help.rows[i].contains(&query))
    };
    if let Some(i) = found {
        help.scroll = i.saturating_sub(h / 3).min(n.saturating_sub(h));
    }
}
