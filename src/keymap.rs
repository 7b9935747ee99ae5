//! (mode, key) → action. The defaults are an embedded TOML file (`assets/keymap.toml`, printed
//! as the `[keys.MODE]` tables of `lector --print-config`); the user's config file adds to them
//! and unbinds keys (see `config.rs`).

use crate::action::Action;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use std::collections::BTreeMap;
use std::fmt;

/// The default key bindings, as shipped.
pub const DEFAULT_KEYMAP: &str = include_str!("../assets/keymap.toml");

/// Where a key is pressed: decides which table is consulted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyMode {
    Global,
    Transcript,
    Outline,
    Help,
    Prompt,
    /// Selecting lines: falls back to the transcript's keys (moves), then the global ones.
    Visual,
    /// The bookmarks list.
    Bookmarks,
}

impl KeyMode {
    pub const ALL: [KeyMode; 7] = [
        KeyMode::Global,
        KeyMode::Transcript,
        KeyMode::Outline,
        KeyMode::Help,
        KeyMode::Prompt,
        KeyMode::Visual,
        KeyMode::Bookmarks,
    ];

    pub fn name(self) -> &'static str {
        match self {
            KeyMode::Global => "global",
            KeyMode::Transcript => "transcript",
            KeyMode::Outline => "outline",
            KeyMode::Help => "help",
            KeyMode::Prompt => "prompt",
            KeyMode::Visual => "visual",
            KeyMode::Bookmarks => "bookmarks",
        }
    }
}

/// A key with its modifiers, normalised so that `G` and `shift-g` are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// The key codes lector binds (a subset of crossterm's, ordered for stable listings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Insert,
}

impl Key {
    /// Converts a terminal key event; `None` for keys lector never binds.
    pub fn from_event(ev: &KeyEvent) -> Option<Key> {
        let code = match ev.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Insert => KeyCodeOrd::Insert,
            _ => return None,
        };
        let m = ev.modifiers;
        Some(Key::new(
            code,
            m.contains(KeyModifiers::CONTROL),
            m.contains(KeyModifiers::ALT),
            m.contains(KeyModifiers::SHIFT),
        ))
    }

    /// Normalises: a character carries its own case, so shift is dropped for characters; a
    /// control character keeps its letter lower-case.
    pub fn new(code: KeyCodeOrd, ctrl: bool, alt: bool, shift: bool) -> Key {
        match code {
            KeyCodeOrd::Char(c) if ctrl => Key {
                code: KeyCodeOrd::Char(c.to_ascii_lowercase()),
                ctrl,
                alt,
                shift: false,
            },
            KeyCodeOrd::Char(_) => Key {
                code,
                ctrl,
                alt,
                shift: false,
            },
            // Shift-Tab is BackTab, however the terminal reports it.
            KeyCodeOrd::BackTab | KeyCodeOrd::Tab if shift || code == KeyCodeOrd::BackTab => Key {
                code: KeyCodeOrd::BackTab,
                ctrl,
                alt,
                shift: false,
            },
            _ => Key {
                code,
                ctrl,
                alt,
                shift,
            },
        }
    }

    /// Parses `j`, `G`, `ctrl-d`, `pagedown`, `shift-tab`, `space`, `f1`…
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut ctrl = false;
        let mut alt = false;
        let mut shift = false;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 {
                if let Some(r) = lower
                    .strip_prefix("ctrl-")
                    .or_else(|| lower.strip_prefix("c-"))
                {
                    ctrl = true;
                    rest = &rest[rest.len() - r.len()..];
                    continue;
                }
                if let Some(r) = lower
                    .strip_prefix("alt-")
                    .or_else(|| lower.strip_prefix("m-"))
                {
                    alt = true;
                    rest = &rest[rest.len() - r.len()..];
                    continue;
                }
                if let Some(r) = lower.strip_prefix("shift-") {
                    shift = true;
                    rest = &rest[rest.len() - r.len()..];
                    continue;
                }
            }
            break;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => {
                if shift && c.is_ascii_lowercase() {
                    KeyCodeOrd::Char(c.to_ascii_uppercase())
                } else {
                    KeyCodeOrd::Char(c)
                }
            }
            _ => match rest.to_ascii_lowercase().as_str() {
                "space" => KeyCodeOrd::Char(' '),
                "up" => KeyCodeOrd::Up,
                "down" => KeyCodeOrd::Down,
                "left" => KeyCodeOrd::Left,
                "right" => KeyCodeOrd::Right,
                "pageup" | "pgup" => KeyCodeOrd::PageUp,
                "pagedown" | "pgdn" => KeyCodeOrd::PageDown,
                "home" => KeyCodeOrd::Home,
                "end" => KeyCodeOrd::End,
                "enter" | "return" => KeyCodeOrd::Enter,
                "esc" | "escape" => KeyCodeOrd::Esc,
                "tab" if shift => KeyCodeOrd::BackTab,
                "tab" => KeyCodeOrd::Tab,
                "backtab" => KeyCodeOrd::BackTab,
                "backspace" => KeyCodeOrd::Backspace,
                "delete" | "del" => KeyCodeOrd::Delete,
                "insert" | "ins" => KeyCodeOrd::Insert,
                f if f.starts_with('f') => match f[1..].parse::<u8>() {
                    Ok(n) if (1..=24).contains(&n) => KeyCodeOrd::F(n),
                    _ => return Err(format!("unknown key '{s}'")),
                },
                _ => return Err(format!("unknown key '{s}'")),
            },
        };
        Ok(Key::new(code, ctrl, alt, shift))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        if self.shift {
            f.write_str("shift-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("space"),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "f{n}"),
            KeyCodeOrd::Up => f.write_str("up"),
            KeyCodeOrd::Down => f.write_str("down"),
            KeyCodeOrd::Left => f.write_str("left"),
            KeyCodeOrd::Right => f.write_str("right"),
            KeyCodeOrd::PageUp => f.write_str("pageup"),
            KeyCodeOrd::PageDown => f.write_str("pagedown"),
            KeyCodeOrd::Home => f.write_str("home"),
            KeyCodeOrd::End => f.write_str("end"),
            KeyCodeOrd::Enter => f.write_str("enter"),
            KeyCodeOrd::Esc => f.write_str("esc"),
            KeyCodeOrd::Tab => f.write_str("tab"),
            KeyCodeOrd::BackTab => f.write_str("backtab"),
            KeyCodeOrd::Backspace => f.write_str("backspace"),
            KeyCodeOrd::Delete => f.write_str("delete"),
            KeyCodeOrd::Insert => f.write_str("insert"),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeymapError {
    #[error("{0}")]
    Toml(String),
    #[error("[{mode}] \"{key}\": {msg}")]
    Entry {
        mode: String,
        key: String,
        msg: String,
    },
}

/// The key bindings of every mode. A key bound to `None` is unbound on purpose: it does nothing
/// in that mode, even if `global` binds it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Keymap {
    maps: BTreeMap<KeyMode, BTreeMap<Key, Option<Action>>>,
}

impl Keymap {
    /// The built-in bindings.
    pub fn default_keymap() -> Keymap {
        // The embedded file is tested to parse; fall back to an empty map rather than panic.
        Keymap::parse(DEFAULT_KEYMAP).unwrap_or_default()
    }

    /// Parses a keymap TOML: `[mode]` tables of `"key" = "action"`.
    pub fn parse(text: &str) -> Result<Keymap, KeymapError> {
        let table: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(text).map_err(|e| KeymapError::Toml(e.to_string()))?;
        let mut km = Keymap::default();
        for (mode_name, entries) in table {
            let mode = KeyMode::from_name(&mode_name).ok_or_else(|| KeymapError::Entry {
                mode: mode_name.clone(),
                key: String::new(),
                msg: "unknown mode".into(),
            })?;
            for (key_s, action_s) in entries {
                km.bind_str(mode, &key_s, &action_s).map_err(
                    |(BindError::Key(msg) | BindError::Action(msg))| KeymapError::Entry {
                        mode: mode_name.clone(),
                        key: key_s.clone(),
                        msg,
                    },
                )?;
            }
        }
        Ok(km)
    }

    /// Binds a key written as in the files (`"ctrl-d"`) to an action written as in the files
    /// (`"half_page_down"`, or `"none"` to unbind it): the one parser of a binding, for the
    /// embedded keymap and the user's config file alike.
    pub fn bind_str(&mut self, mode: KeyMode, key: &str, action: &str) -> Result<(), BindError> {
        let key = Key::parse(key).map_err(BindError::Key)?;
        let action = parse_binding(action).map_err(BindError::Action)?;
        self.bind(mode, key, action);
        Ok(())
    }

    /// Binds `key` in `mode` to `action`, replacing what it did; `None` unbinds it.
    pub fn bind(&mut self, mode: KeyMode, key: Key, action: Option<Action>) {
        self.maps.entry(mode).or_default().insert(key, action);
    }

    /// The action for `key` in `mode`. The transcript and outline modes fall back to `global`
    /// for keys they do not mention; the visual mode to the transcript's keys, then `global`.
    /// A key unbound in a table (`"x" = "none"`) stops the fall-back there.
    pub fn lookup(&self, mode: KeyMode, key: &Key) -> Option<Action> {
        let chain: &[KeyMode] = match mode {
            KeyMode::Transcript | KeyMode::Outline => &[KeyMode::Global],
            KeyMode::Visual => &[KeyMode::Transcript, KeyMode::Global],
            _ => &[],
        };
        std::iter::once(mode)
            .chain(chain.iter().copied())
            .find_map(|m| self.maps.get(&m).and_then(|t| t.get(key)))
            .cloned()
            .flatten()
    }

    /// All bindings of `mode`, grouped by action in first-bound order: for the help overlay.
    pub fn bindings(&self, mode: KeyMode) -> Vec<(Action, Vec<Key>)> {
        let mut out: Vec<(Action, Vec<Key>)> = Vec::new();
        if let Some(map) = self.maps.get(&mode) {
            for (key, action) in map {
                let Some(action) = action else { continue };
                match out.iter_mut().find(|(a, _)| a == action) {
                    Some((_, keys)) => keys.push(*key),
                    None => out.push((action.clone(), vec![*key])),
                }
            }
        }
        out
    }

    /// The keys that do `action` in `mode`, counting `global` keys the mode does not shadow.
    pub fn keys_for(&self, mode: KeyMode, action: &Action) -> Vec<Key> {
        let mut modes = vec![mode];
        if matches!(mode, KeyMode::Transcript | KeyMode::Outline) {
            modes.push(KeyMode::Global);
        }
        let mut keys: Vec<Key> = modes
            .iter()
            .filter_map(|m| self.maps.get(m))
            .flat_map(|m| m.keys())
            .filter(|k| self.lookup(mode, k).as_ref() == Some(action))
            .copied()
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }
}

impl KeyMode {
    /// The mode named `name` (`global`, `transcript`, …).
    pub fn from_name(name: &str) -> Option<KeyMode> {
        KeyMode::ALL.into_iter().find(|m| m.name() == name)
    }
}

/// Parses the right-hand side of a binding: an action name, or `none` (or `""`) to unbind.
pub fn parse_binding(name: &str) -> Result<Option<Action>, String> {
    match name.trim() {
        "" | "none" => Ok(None),
        n => Action::from_name(n)
            .map(Some)
            .ok_or_else(|| format!("unknown action '{n}'")),
    }
}

/// The names of every action a key can be bound to, in the order the help lists them.
pub fn action_names() -> Vec<&'static str> {
    Action::bindable().map(|a| a.name()).collect()
}

/// A binding that could not be made: which side of it is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BindError {
    Key(String),
    Action(String),
}

/// Turns a terminal event into an action for key mode `mode`, if it means anything there.
/// Mouse events count only when `mouse` is set (no overlay or prompt is open).
pub fn action_for(keymap: &Keymap, mode: KeyMode, mouse: bool, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind != KeyEventKind::Release => {
            let key = Key::from_event(k)?;
            if let Some(a) = keymap.lookup(mode, &key) {
                return Some(a);
            }
            match key.code {
                KeyCodeOrd::Char(c) if mode == KeyMode::Prompt && !key.ctrl && !key.alt => {
                    Some(Action::PromptInsert(c))
                }
                // A digit no table binds starts (or goes on with) a count: `10G`, `5j`.
                KeyCodeOrd::Char(c @ '0'..='9') if !key.ctrl && !key.alt => {
                    Some(Action::Count(c as u8 - b'0'))
                }
                _ => Some(Action::Unbound),
            }
        }
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
        Event::Mouse(m) if mouse => match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => Some(Action::Scroll {
                col: m.column,
                row: m.row,
                delta: if m.kind == MouseEventKind::ScrollDown {
                    1
                } else {
                    -1
                },
            }),
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                col: m.column,
                row: m.row,
            }),
            _ => None,
        },
        Event::Paste(text) if mode == KeyMode::Prompt => Some(Action::PromptPaste(text.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn defaults_parse() {
        let km = Keymap::parse(DEFAULT_KEYMAP).unwrap();
        let j = Key::parse("j").unwrap();
        assert_eq!(km.lookup(KeyMode::Transcript, &j), Some(Action::Down));
        assert_eq!(km.lookup(KeyMode::Outline, &j), Some(Action::OutlineDown));
        let q = Key::parse("q").unwrap();
        assert_eq!(km.lookup(KeyMode::Outline, &q), Some(Action::Quit));
        assert_eq!(km.lookup(KeyMode::Help, &q), Some(Action::ToggleHelp));
        assert_eq!(km.lookup(KeyMode::Prompt, &j), None);
    }

    #[test]
    fn key_strings_round_trip() {
        for s in [
            "j", "G", "?", "ctrl-d", "space", "pagedown", "backtab", "f5", "alt-x", "]", "enter",
        ] {
            let k = Key::parse(s).unwrap();
            assert_eq!(k.to_string(), s);
            assert_eq!(Key::parse(&k.to_string()).unwrap(), k);
        }
        assert_eq!(Key::parse("shift-g").unwrap(), Key::parse("G").unwrap());
        assert_eq!(
            Key::parse("shift-tab").unwrap(),
            Key::parse("backtab").unwrap()
        );
        assert!(Key::parse("hyper-q").is_err());
    }

    #[test]
    fn terminal_events_normalise() {
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(Key::from_event(&ev), Key::parse("G").ok());
        let ev = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(Key::from_event(&ev), Key::parse("ctrl-d").ok());
    }

    #[test]
    fn bad_entries_are_reported() {
        let e = Keymap::parse("[transcript]\n\"j\" = \"fly\"").unwrap_err();
        assert!(e.to_string().contains("unknown action 'fly'"), "{e}");
        let e = Keymap::parse("[nowhere]\n\"j\" = \"down\"").unwrap_err();
        assert!(e.to_string().contains("unknown mode"), "{e}");
        assert!(parse_binding("resize").is_err());
    }

    #[test]
    fn action_names_are_the_bindable_variants() {
        let names = action_names();
        assert!(names.contains(&"page_down") && names.contains(&"next_topic"));
        assert!(!names.contains(&"resize") && !names.contains(&"goto"));
        for n in &names {
            assert!(parse_binding(n).is_ok_and(|a| a.is_some()), "{n}");
        }
    }

    #[test]
    fn every_default_action_is_reachable() {
        let km = Keymap::default_keymap();
        for action in Action::bindable() {
            let name = action.name();
            let bound = KeyMode::ALL
                .iter()
                .any(|m| km.bindings(*m).iter().any(|(a, _)| *a == action));
            assert!(
                bound,
                "the action '{name}' has no default key: bind it in assets/keymap.toml"
            );
        }
    }

    #[test]
    fn unbinding_shadows_global_and_hides_from_help() {
        let mut km = Keymap::default_keymap();
        let q = Key::parse("q").unwrap();
        km.bind(KeyMode::Transcript, q, None);
        assert_eq!(km.lookup(KeyMode::Transcript, &q), None);
        assert_eq!(km.lookup(KeyMode::Outline, &q), Some(Action::Quit));
        let j = Key::parse("j").unwrap();
        km.bind(KeyMode::Transcript, j, None);
        assert!(
            km.bindings(KeyMode::Transcript)
                .iter()
                .all(|(_, keys)| !keys.contains(&j))
        );
        assert_eq!(
            km.keys_for(KeyMode::Transcript, &Action::Down),
            vec![Key::parse("down").unwrap()]
        );
        assert_eq!(parse_binding("none"), Ok(None));
        assert_eq!(parse_binding(""), Ok(None));
    }

    proptest::proptest! {
        #[test]
        fn any_key_round_trips(
            code in proptest::prop_oneof![
                proptest::char::any().prop_filter("printable", |c| !c.is_control())
                    .prop_map(KeyCodeOrd::Char),
                (1u8..=24).prop_map(KeyCodeOrd::F),
                proptest::sample::select(vec![
                    KeyCodeOrd::Up, KeyCodeOrd::Down, KeyCodeOrd::Left, KeyCodeOrd::Right,
                    KeyCodeOrd::PageUp, KeyCodeOrd::PageDown, KeyCodeOrd::Home, KeyCodeOrd::End,
                    KeyCodeOrd::Enter, KeyCodeOrd::Esc, KeyCodeOrd::Tab, KeyCodeOrd::BackTab,
                    KeyCodeOrd::Backspace, KeyCodeOrd::Delete, KeyCodeOrd::Insert,
                ]),
            ],
            ctrl: bool,
            alt: bool,
            shift: bool,
        ) {
            let key = Key::new(code, ctrl, alt, shift);
            let shown = key.to_string();
            let parsed = Key::parse(&shown);
            proptest::prop_assert_eq!(parsed, Ok(key), "{}", shown);
        }
    }
}
