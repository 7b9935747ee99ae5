//! (mode, key) → action. The defaults are an embedded TOML file (`assets/keymap.toml`).

use crate::action::Action;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
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
            KeyCodeOrd::BackTab => Key {
                code,
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

/// The key bindings of every mode.
#[derive(Debug, Clone)]
pub struct Keymap {
    maps: BTreeMap<KeyMode, BTreeMap<Key, Action>>,
}

impl Keymap {
    /// The built-in bindings.
    pub fn default_keymap() -> Keymap {
        // The embedded file is tested to parse; fall back to an empty map rather than panic.
        Keymap::parse(DEFAULT_KEYMAP).unwrap_or(Keymap {
            maps: BTreeMap::new(),
        })
    }

    /// Parses a keymap TOML: `[mode]` tables of `"key" = "action"`.
    pub fn parse(text: &str) -> Result<Keymap, KeymapError> {
        let table: BTreeMap<String, BTreeMap<String, String>> =
            toml::from_str(text).map_err(|e| KeymapError::Toml(e.to_string()))?;
        let mut maps = BTreeMap::new();
        for (mode_name, entries) in table {
            let mode = KeyMode::ALL
                .into_iter()
                .find(|m| m.name() == mode_name)
                .ok_or_else(|| KeymapError::Entry {
                    mode: mode_name.clone(),
                    key: String::new(),
                    msg: "unknown mode".into(),
                })?;
            let map: &mut BTreeMap<Key, Action> = maps.entry(mode).or_default();
            for (key_s, action_s) in entries {
                let err = |msg: String| KeymapError::Entry {
                    mode: mode_name.clone(),
                    key: key_s.clone(),
                    msg,
                };
                let key = Key::parse(&key_s).map_err(err)?;
                let action = parse_action(&action_s).map_err(err)?;
                map.insert(key, action);
            }
        }
        Ok(Keymap { maps })
    }

    /// The action for `key` in `mode`. The transcript and outline modes fall back to `global`;
    /// the visual mode to the transcript's keys, then `global`.
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
    }

    /// All bindings of `mode`, grouped by action in first-bound order: for the help overlay.
    pub fn bindings(&self, mode: KeyMode) -> Vec<(Action, Vec<Key>)> {
        let mut out: Vec<(Action, Vec<Key>)> = Vec::new();
        if let Some(map) = self.maps.get(&mode) {
            for (key, action) in map {
                match out.iter_mut().find(|(a, _)| a == action) {
                    Some((_, keys)) => keys.push(*key),
                    None => out.push((action.clone(), vec![*key])),
                }
            }
        }
        out
    }
}

/// Parses an action name such as `page_down`.
pub fn parse_action(name: &str) -> Result<Action, String> {
    #[derive(serde::Deserialize)]
    struct W {
        a: Action,
    }
    let quoted = toml::Value::String(name.to_string()).to_string();
    toml::from_str::<W>(&format!("a = {quoted}"))
        .map(|w| w.a)
        .map_err(|_| format!("unknown action '{name}'"))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(parse_action("resize").is_err());
    }
}
