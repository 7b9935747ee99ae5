//! The help: every key as bound, grouped by what it does, wrapped to the overlay's width, with
//! the keys of the place it was opened from first; its scroll position and its search.

use super::Settings;
use crate::action::Action;
use crate::keymap::{Key, KeyMode};
use crate::wrap;

/// What a row of the help is, for its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Heading,
    /// A key (or keys) and what it does; `key` is empty on a continuation row.
    Entry,
    Text,
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpRow {
    pub kind: RowKind,
    pub key: String,
    pub text: String,
}

impl HelpRow {
    fn new(kind: RowKind, key: impl Into<String>, text: impl Into<String>) -> HelpRow {
        HelpRow {
            kind,
            key: key.into(),
            text: text.into(),
        }
    }

    /// Whether the row holds `query` (lower-case) in its key or its text.
    pub fn contains(&self, query: &str) -> bool {
        self.key.to_lowercase().contains(query) || self.text.to_lowercase().contains(query)
    }
}

/// The open help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpView {
    /// Where the help was opened: its keys come first.
    pub from: KeyMode,
    /// The rows, wrapped at `width`, with keys in a column `key_width` cells wide.
    pub rows: Vec<HelpRow>,
    pub width: usize,
    pub key_width: usize,
    /// The first row shown.
    pub scroll: usize,
    /// The help's search (`/` in the help), lower-case, and where the help was when it began.
    pub query: Option<String>,
    pub origin: usize,
}

impl HelpView {
    pub fn new(settings: &Settings, from: KeyMode, width: usize) -> HelpView {
        let (rows, key_width) = rows(settings, from, width);
        HelpView {
            from,
            rows,
            width,
            key_width,
            scroll: 0,
            query: None,
            origin: 0,
        }
    }

    /// Wraps the rows again for a new width.
    pub fn rewrap(&mut self, settings: &Settings, width: usize) {
        if width != self.width {
            (self.rows, self.key_width) = rows(settings, self.from, width);
            self.width = width;
        }
    }
}

/// What the place the help was opened from is called.
fn place(mode: KeyMode) -> &'static str {
    match mode {
        KeyMode::Global | KeyMode::Transcript => "the transcript",
        KeyMode::Outline => "the outline pane",
        KeyMode::Visual => "selecting lines",
        KeyMode::Bookmarks => "the bookmarks list",
        KeyMode::Prompt => "a prompt",
        KeyMode::Help => "the help",
    }
}

/// What `action` does in `mode`, where that differs from its general description.
pub fn describe_in(action: &Action, mode: KeyMode) -> &'static str {
    match (action, mode) {
        (Action::Cancel | Action::VisualSelect, KeyMode::Visual) => "stop selecting",
        (Action::Cancel, KeyMode::Prompt) => "cancel the prompt (a search goes back)",
        (Action::Cancel, KeyMode::Bookmarks) => "close the list",
        (Action::Cancel, KeyMode::Outline) => "clear the filter",
        (Action::Cancel, KeyMode::Transcript | KeyMode::Global) => "clear the message",
        (Action::Cancel | Action::ToggleHelp, KeyMode::Help) => "close the help",
        (Action::ToggleHighlight, KeyMode::Visual) => "highlight the selected lines",
        (Action::ToggleBookmark, KeyMode::Visual) => "bookmark the selection's first line",
        (Action::Copy, KeyMode::Visual) => "copy the selected lines",
        (Action::HelpDown | Action::Down, KeyMode::Help) => "scroll down a line",
        (Action::HelpUp | Action::Up, KeyMode::Help) => "scroll up a line",
        (Action::SearchForward, KeyMode::Help) => "search the help",
        (Action::SearchNext, KeyMode::Help) => "next row holding the search",
        (Action::SearchPrev, KeyMode::Help) => "previous row holding the search",
        (Action::Top, KeyMode::Help) => "top of the help",
        (Action::Bottom, KeyMode::Help) => "end of the help",
        _ => action.describe(),
    }
}

/// The keys that do each action, in the order of the action table: for an action bound in
/// several of `modes`, the keys of the first (the transcript's page keys, not the help's).
fn keys_by_action(settings: &Settings, modes: &[KeyMode]) -> Vec<(Action, Vec<Key>)> {
    let mut out: Vec<(Action, Vec<Key>)> = Vec::new();
    for &mode in modes {
        for (action, _) in settings.keymap.bindings(mode) {
            if out.iter().any(|(a, _)| *a == action) {
                continue;
            }
            let keys = settings.keymap.keys_for(mode, &action);
            if !keys.is_empty() {
                out.push((action, keys));
            }
        }
    }
    out.sort_by_key(|(a, _)| a.rank());
    out
}

fn key_list(keys: &[Key]) -> String {
    keys.iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Adds `key` and `text` as rows, the text wrapped beside a key column `kw` cells wide.
fn entry(out: &mut Vec<HelpRow>, key: &str, text: &str, kw: usize, width: usize) {
    let tw = width.saturating_sub(kw + 3).max(8);
    let key_w = wrap::width(key);
    let mut first_key = key.to_string();
    if key_w > kw {
        // A long list of keys gets a row of its own.
        out.push(HelpRow::new(RowKind::Entry, key, ""));
        first_key = String::new();
    }
    let mut first = true;
    wrap::for_each_row(text, tw, |r| {
        let key = if first {
            std::mem::take(&mut first_key)
        } else {
            String::new()
        };
        out.push(HelpRow::new(RowKind::Entry, key, text[r].trim_end()));
        first = false;
        true
    });
    if first {
        out.push(HelpRow::new(RowKind::Entry, first_key, ""));
    }
}

/// The help's rows at `width` cells, and the width of their key column.
fn rows(settings: &Settings, from: KeyMode, width: usize) -> (Vec<HelpRow>, usize) {
    let all_modes = [
        KeyMode::Transcript,
        KeyMode::Global,
        KeyMode::Visual,
        KeyMode::Outline,
        KeyMode::Bookmarks,
        KeyMode::Prompt,
        KeyMode::Help,
    ];
    let everything = keys_by_action(settings, &all_modes);
    let kw = everything
        .iter()
        .map(|(_, k)| wrap::width(&key_list(k)))
        .max()
        .unwrap_or(0)
        .clamp(8, 24)
        .min(width / 3);
    let mut out = Vec::new();
    // Where the help was opened from: those keys first, as they work there.
    if !matches!(from, KeyMode::Transcript | KeyMode::Global) {
        out.push(HelpRow::new(
            RowKind::Heading,
            "",
            format!("In {}", place(from)),
        ));
        let modes: &[KeyMode] = match from {
            KeyMode::Outline => &[KeyMode::Outline, KeyMode::Global],
            KeyMode::Visual => &[KeyMode::Visual],
            m => std::slice::from_ref(match m {
                KeyMode::Bookmarks => &KeyMode::Bookmarks,
                KeyMode::Prompt => &KeyMode::Prompt,
                _ => &KeyMode::Help,
            }),
        };
        for (action, keys) in keys_by_action(settings, modes) {
            entry(
                &mut out,
                &key_list(&keys),
                describe_in(&action, from),
                kw,
                width,
            );
        }
        out.push(HelpRow::new(RowKind::Blank, "", ""));
    }
    // Everything, by what it does.
    for group in Action::groups() {
        let actions: Vec<&(Action, Vec<Key>)> = everything
            .iter()
            .filter(|(a, _)| a.group() == group)
            .collect();
        if actions.is_empty() {
            continue;
        }
        out.push(HelpRow::new(RowKind::Heading, "", group));
        for (action, keys) in actions {
            entry(&mut out, &key_list(keys), action.describe(), kw, width);
        }
        out.push(HelpRow::new(RowKind::Blank, "", ""));
    }
    out.push(HelpRow::new(RowKind::Heading, "", "Counts"));
    entry(
        &mut out,
        "10G 10g",
        "a number before a key repeats it or says where: line 10; 5j five lines; 3] three topics",
        kw,
        width,
    );
    out.push(HelpRow::new(RowKind::Blank, "", ""));
    out.push(HelpRow::new(RowKind::Heading, "", "Mouse"));
    if settings.options.mouse {
        entry(
            &mut out,
            "wheel",
            "scroll the pane under the pointer",
            kw,
            width,
        );
        entry(
            &mut out,
            "click",
            "put the cursor on a line / jump to a topic",
            kw,
            width,
        );
    } else {
        entry(
            &mut out,
            "",
            "off (mouse = false in the config): the terminal selects text",
            kw,
            width,
        );
    }
    if !settings.info.is_empty() {
        out.push(HelpRow::new(RowKind::Blank, "", ""));
        out.push(HelpRow::new(RowKind::Heading, "", "Files"));
        for (k, v) in &settings.info {
            let v = crate::text::clean::visible(v);
            entry(&mut out, k, &v, kw, width);
        }
    }
    (out, kw)
}
