//! The config file: options, colours and keys.
//!
//! The defaults are embedded TOML (`assets/config.toml` for the options and colours,
//! `assets/keymap.toml` for the keys); [`default_config_text`] joins them into the one commented
//! file that `lector --print-config` prints. The user's file (`$XDG_CONFIG_HOME/lector/config.toml`,
//! else `~/.config/lector/config.toml`, or `--config PATH`) is applied over the defaults key by
//! key: each option, each `[colors]` entry and each key binding on its own.
//!
//! A mistake never stops lector. Each one is reported as a [`ConfigError`] with the file, line
//! and column, and only that part keeps its default: a bad binding leaves that key as it was, a
//! bad colour leaves the theme's, a bad value leaves the option's default. A TOML syntax error
//! makes the whole file unreadable, so then every part keeps its default.

use crate::keymap::{self, BindError, DEFAULT_KEYMAP, Key, KeyMode, Keymap};
use crate::options::{
    OUTLINE_WIDTH_MAX, OUTLINE_WIDTH_MIN, Options, OutlineWidth, PlayerConfig, Side,
};
use crate::theme::{self, ColorEnv, StyleOverride, Theme, ThemeName};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The default options and colours, with comments: the first part of `--print-config`.
pub const DEFAULT_OPTIONS: &str = include_str!("../assets/config.toml");

/// The options a config file sets at its top level (besides `[colors]` and `[keys]`); `player`
/// is a table of its own ([`PLAYER_NAMES`]).
pub const OPTION_NAMES: [&str; 12] = [
    "theme",
    "outline_width",
    "outline_side",
    "wrap",
    "text_width",
    "line_numbers",
    "times",
    "paragraphs",
    "max_size",
    "mouse",
    "notes_dir",
    "player",
];

/// What the `[player]` table sets.
pub const PLAYER_NAMES: [&str; 3] = ["command", "args", "video"];

/// Everything a config file sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub options: Options,
    pub theme: ThemeName,
    /// `[colors]`: changes to parts of the theme, by part name.
    pub colors: BTreeMap<String, StyleOverride>,
    pub keymap: Keymap,
}

/// A mistake in a config file: where it is and what is wrong (and what lector does instead).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file as the user named it (or `~/…` for the default one).
    pub file: String,
    /// Line and column, from 1; `None` for a file that could not be read.
    pub at: Option<(usize, usize)>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.at {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The config in force and how it came about.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// The file read, if any (none: the defaults alone).
    pub path: Option<PathBuf>,
    /// What was wrong with it; each wrong part kept its default.
    pub errors: Vec<ConfigError>,
}

impl Config {
    /// lector's defaults: the embedded config.
    pub fn defaults() -> Config {
        // `default_config_text()` says the same, which a test checks.
        Config {
            options: Options::default(),
            theme: ThemeName::default(),
            colors: BTreeMap::new(),
            keymap: Keymap::default_keymap(),
        }
    }

    /// The defaults with a config file's `text` applied over them. `file` names the file in
    /// messages; `dir` is its directory (a relative `notes_dir` is relative to it).
    pub fn from_text(text: &str, file: &str, dir: Option<&Path>) -> (Config, Vec<ConfigError>) {
        let mut c = Config::defaults();
        let errors = c.apply(text, file, dir);
        (c, errors)
    }

    /// Finds and reads the config: `explicit` (from `--config`) if given, else the default
    /// file if it exists. An `explicit` file that cannot be read is an error; every other
    /// problem is reported in [`Loaded::errors`] and lector goes on with defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Loaded, String> {
        let (path, shown) = match explicit {
            Some(p) => (p.to_path_buf(), p.display().to_string()),
            None => match default_path() {
                Some(p) => {
                    let shown = tilde(&p);
                    (p, shown)
                }
                None => return Ok(Loaded::defaults()),
            },
        };
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|_| "is not UTF-8 text".to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && explicit.is_none() => {
                return Ok(Loaded::defaults());
            }
            Err(e) => Err(crate::text::io_message(&e)),
        };
        let text = match text {
            Ok(t) => t,
            Err(why) if explicit.is_some() => {
                return Err(format!("cannot read the config file {shown}: {why}"));
            }
            Err(why) => {
                let mut loaded = Loaded::defaults();
                loaded.errors.push(ConfigError {
                    file: crate::text::safe_display(&shown),
                    at: None,
                    message: format!("cannot read it ({why}); using the default config"),
                });
                return Ok(loaded);
            }
        };
        let (config, errors) = Config::from_text(&text, &shown, path.parent());
        Ok(Loaded {
            config,
            path: Some(path),
            errors,
        })
    }

    /// The theme this config asks for, in colours the terminal can show.
    pub fn theme(&self, env: ColorEnv) -> Theme {
        Theme::build(self.theme, &self.colors, env)
    }

    /// Applies a config file over this config, part by part; returns the mistakes, in the
    /// order they appear in the file.
    fn apply(&mut self, text: &str, file: &str, dir: Option<&Path>) -> Vec<ConfigError> {
        let mut w = Walk {
            text,
            file,
            errors: Vec::new(),
        };
        match DeTable::parse(text) {
            Ok(root) => {
                for (k, v) in root.get_ref() {
                    w.top_level(self, k, v, dir);
                }
            }
            Err(e) => {
                let msg = e.message().trim().replace('\n', "; ");
                w.error(
                    e.span().unwrap_or(0..0),
                    format!("TOML syntax error: {msg}; using the default config"),
                );
            }
        }
        let mut errors = w.errors;
        errors.sort_by_key(|e| e.at);
        errors
    }
}

impl Loaded {
    fn defaults() -> Loaded {
        Loaded {
            config: Config::defaults(),
            path: None,
            errors: Vec::new(),
        }
    }
}

/// Walks a parsed config file, applying what is right and noting what is wrong.
struct Walk<'t> {
    text: &'t str,
    file: &'t str,
    errors: Vec<ConfigError>,
}

type Entry<'i> = (
    &'i Spanned<std::borrow::Cow<'i, str>>,
    &'i Spanned<DeValue<'i>>,
);

impl Walk<'_> {
    // Every caller builds the message with format!: taking it by value reads best.
    #[allow(clippy::needless_pass_by_value)]
    fn error(&mut self, span: Range<usize>, message: String) {
        // Names and values from the file may hold control characters: show them safely.
        self.errors.push(ConfigError {
            file: crate::text::safe_display(self.file),
            at: Some(line_col(self.text, span.start)),
            message: crate::text::safe_display(&message),
        });
    }

    fn top_level(
        &mut self,
        c: &mut Config,
        k: &Spanned<std::borrow::Cow<'_, str>>,
        v: &Spanned<DeValue<'_>>,
        dir: Option<&Path>,
    ) {
        let name: &str = k.get_ref();
        let o = &mut c.options;
        match name {
            "theme" => {
                if let Some(s) = self.string(name, v, "\"dark\" or \"light\"") {
                    match ThemeName::parse(s) {
                        Some(t) => c.theme = t,
                        None => self.error(
                            v.span(),
                            format!(
                                "theme: unknown theme '{s}': use \"dark\" or \"light\"; \
                                 using the default"
                            ),
                        ),
                    }
                }
            }
            "outline_width" => {
                let expected = format!(
                    "\"auto\" or a number of cells from {OUTLINE_WIDTH_MIN} to {OUTLINE_WIDTH_MAX}"
                );
                let width = match v.get_ref() {
                    DeValue::String(s) if s == "auto" => Some(OutlineWidth::Auto),
                    DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                        .ok()
                        .and_then(|n| u16::try_from(n).ok())
                        .filter(|n| (OUTLINE_WIDTH_MIN..=OUTLINE_WIDTH_MAX).contains(n))
                        .map(OutlineWidth::Cells),
                    _ => None,
                };
                match width {
                    Some(w) => o.outline_width = w,
                    None => self.bad_value(name, v, &expected),
                }
            }
            "outline_side" => match v.get_ref().as_str() {
                Some("left") => o.outline_side = Side::Left,
                Some("right") => o.outline_side = Side::Right,
                _ => self.bad_value(name, v, "\"left\" or \"right\""),
            },
            "wrap" => self.boolean(name, v, &mut o.wrap),
            "line_numbers" => self.boolean(name, v, &mut o.line_numbers),
            "times" => self.boolean(name, v, &mut o.times),
            "paragraphs" => self.boolean(name, v, &mut o.paragraphs),
            "max_size" => {
                let size = match v.get_ref() {
                    DeValue::String(s) => crate::load::parse_size(s).ok(),
                    DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                        .ok()
                        .and_then(|n| u64::try_from(n).ok())
                        .filter(|&n| n > 0),
                    _ => None,
                };
                match size {
                    Some(n) => o.max_size = Some(n),
                    None => self.bad_value(name, v, "a size such as \"256M\" or \"1G\""),
                }
            }
            "text_width" => {
                let width = match v.get_ref() {
                    DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                        .ok()
                        .and_then(|n| u16::try_from(n).ok())
                        .filter(|&n| n == 0 || (20..=1000).contains(&n)),
                    _ => None,
                };
                match width {
                    Some(w) => o.text_width = w,
                    None => self.bad_value(
                        name,
                        v,
                        "0 (the whole pane) or a number of cells from 20 to 1000",
                    ),
                }
            }
            "mouse" => self.boolean(name, v, &mut o.mouse),
            "notes_dir" => {
                if let Some(s) = self.string(name, v, "a directory (a string)") {
                    o.notes_dir = resolve_dir(s, dir);
                }
            }
            "player" => self.player(v, &mut o.player),
            "colors" => self.colors(v, &mut c.colors),
            "keys" => self.keys(v, &mut c.keymap),
            _ => {
                let known: Vec<&str> = OPTION_NAMES
                    .iter()
                    .copied()
                    .chain(["colors", "keys"])
                    .collect();
                self.error(
                    k.span(),
                    format!("unknown option '{name}'{}; ignored", suggest(name, &known)),
                );
            }
        }
    }

    /// A value that is not what `name` takes.
    fn bad_value(&mut self, name: &str, v: &Spanned<DeValue<'_>>, expected: &str) {
        let found = found(v.get_ref());
        self.error(
            v.span(),
            format!("{name}: expected {expected}, found {found}; using the default"),
        );
    }

    fn string<'v>(
        &mut self,
        name: &str,
        v: &'v Spanned<DeValue<'_>>,
        expected: &str,
    ) -> Option<&'v str> {
        let s = v.get_ref().as_str();
        if s.is_none() {
            self.bad_value(name, v, expected);
        }
        s
    }

    fn boolean(&mut self, name: &str, v: &Spanned<DeValue<'_>>, out: &mut bool) {
        match v.get_ref().as_bool() {
            Some(b) => *out = b,
            None => self.bad_value(name, v, "true or false"),
        }
    }

    fn table<'v, 'i>(
        &mut self,
        name: &str,
        v: &'v Spanned<DeValue<'i>>,
    ) -> Option<&'v DeTable<'i>> {
        let t = v.get_ref().as_table();
        if t.is_none() {
            self.error(
                v.span(),
                format!(
                    "[{name}] should be a table, not a {}; ignored",
                    v.get_ref().type_str()
                ),
            );
        }
        t
    }

    /// `[player]`: `command` (a program name or path), `args` (a list of strings), `video`.
    fn player(&mut self, v: &Spanned<DeValue<'_>>, p: &mut PlayerConfig) {
        let Some(table) = self.table("player", v) else {
            return;
        };
        for (k, v) in table {
            let name: &str = k.get_ref();
            match name {
                "command" => match v.get_ref().as_str() {
                    Some(s) if !s.trim().is_empty() => p.command = s.to_string(),
                    _ => self.bad_value("player.command", v, "a program name or path (a string)"),
                },
                "args" => {
                    let args: Option<Vec<String>> = v.get_ref().as_array().and_then(|a| {
                        a.iter()
                            .map(|x| x.get_ref().as_str().map(str::to_string))
                            .collect()
                    });
                    match args {
                        Some(a) => p.args = a,
                        None => self.bad_value(
                            "player.args",
                            v,
                            "a list of strings, e.g. [\"--volume=50\"]",
                        ),
                    }
                }
                "video" => self.boolean("player.video", v, &mut p.video),
                _ => self.error(
                    k.span(),
                    format!(
                        "[player] unknown key '{name}'{} (command, args, video); ignored",
                        suggest(name, &PLAYER_NAMES)
                    ),
                ),
            }
        }
    }

    /// `[keys.MODE]` tables of `"key" = "action"`.
    fn keys(&mut self, v: &Spanned<DeValue<'_>>, keymap: &mut Keymap) {
        let Some(modes) = self.table("keys", v) else {
            return;
        };
        for (mk, mv) in modes {
            let mode_name: &str = mk.get_ref();
            let Some(mode) = KeyMode::from_name(mode_name) else {
                let names: Vec<&str> = KeyMode::ALL.iter().map(|m| m.name()).collect();
                self.error(
                    mk.span(),
                    format!(
                        "[keys.{mode_name}]: unknown mode '{mode_name}'{} (modes: {}); ignored",
                        suggest(mode_name, &names),
                        names.join(", ")
                    ),
                );
                continue;
            };
            let Some(entries) = self.table(&format!("keys.{mode_name}"), mv) else {
                continue;
            };
            for entry in entries {
                self.binding(mode, entry, keymap);
            }
        }
    }

    fn binding(&mut self, mode: KeyMode, (kk, kv): Entry<'_>, keymap: &mut Keymap) {
        let key_s: &str = kk.get_ref();
        let at = format!("[keys.{}] \"{key_s}\"", mode.name());
        let Some(name) = kv.get_ref().as_str() else {
            if let Err(e) = Key::parse(key_s) {
                self.error(kk.span(), format!("{at}: {e}; ignored"));
            } else {
                self.error(
                    kv.span(),
                    format!(
                        "{at}: expected an action name (a string), found {}; ignored",
                        found(kv.get_ref())
                    ),
                );
            }
            return;
        };
        match keymap.bind_str(mode, key_s, name) {
            Ok(()) => {}
            Err(BindError::Key(e)) => self.error(kk.span(), format!("{at}: {e}; ignored")),
            Err(BindError::Action(e)) => {
                let mut names = keymap::action_names();
                names.push("none");
                self.error(
                    kv.span(),
                    format!(
                        "{at}: {e}{}; ignored (lector --print-config lists the actions)",
                        suggest(name, &names)
                    ),
                );
            }
        }
    }

    /// `[colors]`: part = colour, or part = { fg, bg, bold, … }.
    fn colors(&mut self, v: &Spanned<DeValue<'_>>, colors: &mut BTreeMap<String, StyleOverride>) {
        let Some(parts) = self.table("colors", v) else {
            return;
        };
        for (pk, pv) in parts {
            let part: &str = pk.get_ref();
            if !theme::FIELDS.contains(&part) {
                self.error(
                    pk.span(),
                    format!(
                        "[colors] {part}: unknown part of the screen{}; ignored",
                        suggest(part, &theme::FIELDS)
                    ),
                );
                continue;
            }
            let mut o = colors.get(part).copied().unwrap_or_default();
            match pv.get_ref() {
                DeValue::Table(t) => {
                    for (ak, av) in t {
                        self.style_attribute(part, ak, av, &mut o);
                    }
                }
                _ => {
                    if let Some(c) = self.color(part, pv) {
                        o.fg = Some(c);
                    }
                }
            }
            colors.insert(part.to_string(), o);
        }
    }

    fn style_attribute(
        &mut self,
        part: &str,
        ak: &Spanned<std::borrow::Cow<'_, str>>,
        av: &Spanned<DeValue<'_>>,
        o: &mut StyleOverride,
    ) {
        let attr: &str = ak.get_ref();
        let at = format!("{part}.{attr}");
        match attr {
            "fg" => {
                if let Some(c) = self.color(&at, av) {
                    o.fg = Some(c);
                }
            }
            "bg" => {
                if let Some(c) = self.color(&at, av) {
                    o.bg = Some(c);
                }
            }
            _ => match theme::ATTRIBUTES.iter().find(|(n, _)| *n == attr) {
                Some((_, m)) => match av.get_ref().as_bool() {
                    Some(true) => {
                        o.add |= *m;
                        o.remove -= *m;
                    }
                    Some(false) => {
                        o.remove |= *m;
                        o.add -= *m;
                    }
                    None => self.error(
                        av.span(),
                        format!(
                            "[colors] {at}: expected true or false, found {}; ignored",
                            found(av.get_ref())
                        ),
                    ),
                },
                None => {
                    let known: Vec<&str> = ["fg", "bg"]
                        .into_iter()
                        .chain(theme::ATTRIBUTES.iter().map(|(n, _)| *n))
                        .collect();
                    self.error(
                        ak.span(),
                        format!(
                            "[colors] {at}: unknown key '{attr}'{} (fg, bg, bold, dim, italic, \
                             underline, reverse); ignored",
                            suggest(attr, &known)
                        ),
                    );
                }
            },
        }
    }

    fn color(&mut self, at: &str, v: &Spanned<DeValue<'_>>) -> Option<ratatui::style::Color> {
        let parsed = match v.get_ref() {
            DeValue::String(s) => theme::parse_color(s),
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
                .ok()
                .and_then(|n| u8::try_from(n).ok())
                .map(ratatui::style::Color::Indexed),
            _ => None,
        };
        if parsed.is_none() {
            let found = found(v.get_ref());
            self.error(
                v.span(),
                format!(
                    "[colors] {at}: bad colour {found}: use a name (yellow, dark_gray, …), \
                     \"#rrggbb\" or 0–255; using the theme's"
                ),
            );
        }
        parsed
    }
}

/// ` (did you mean 'x'?)` when one of `known` is a likely typo of `got`.
fn suggest(got: &str, known: &[&str]) -> String {
    known
        .iter()
        .map(|k| (edit_distance(got, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4) && *d < k.len())
        .min()
        .map(|(_, k)| format!(" (did you mean '{k}'?)"))
        .unwrap_or_default()
}

/// Levenshtein distance, over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

/// Line and column (from 1; the column counts characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// `notes_dir` as a path: empty is `None`; `~/` is the home directory; a relative path is
/// relative to the config file's directory.
fn resolve_dir(s: &str, dir: Option<&Path>) -> Option<PathBuf> {
    if s.is_empty() {
        return None;
    }
    let home = || {
        std::env::var_os("HOME")
            .filter(|h| !h.is_empty())
            .map(PathBuf::from)
    };
    if s == "~" {
        return home();
    }
    if let Some(rest) = s.strip_prefix("~/") {
        return home().map(|h| h.join(rest));
    }
    let p = PathBuf::from(s);
    match dir {
        Some(d) if p.is_relative() => Some(d.join(p)),
        _ => Some(p),
    }
}

/// The default config file: `$XDG_CONFIG_HOME/lector/config.toml`, else
/// `~/.config/lector/config.toml`. `None` when neither variable is set.
pub fn default_path() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    let base = var("XDG_CONFIG_HOME").or_else(|| var("HOME").map(|h| h.join(".config")))?;
    Some(base.join("lector").join("config.toml"))
}

/// `path` with the home directory written `~`, for messages.
pub fn tilde(path: &Path) -> String {
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty())
        && let Ok(rest) = path.strip_prefix(&home)
    {
        return format!("~/{}", rest.display());
    }
    path.display().to_string()
}

/// The whole default config as one commented TOML file: the options and colours, then the
/// default keys as `[keys.MODE]` tables. This is what `lector --print-config` prints.
pub fn default_config_text() -> String {
    let mut s = String::from(DEFAULT_OPTIONS);
    // assets/keymap.toml is also read on its own (as `[MODE]` tables); its opening comment
    // speaks of that file, so the config's own comment on keys replaces it.
    let body = DEFAULT_KEYMAP
        .lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty());
    for line in body {
        let t = line.trim();
        match t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            Some(mode) if !t.starts_with("[[") => s.push_str(&format!("[keys.{mode}]")),
            _ => s.push_str(line),
        }
        s.push('\n');
    }
    s
}

/// What a wrong value was, for a message: the value itself when it is short (`'blurple'`,
/// `5`, `true`), else its kind with its article (`an array`, `a table`).
fn found(v: &DeValue<'_>) -> String {
    match v {
        DeValue::String(s) => format!("'{s}'"),
        DeValue::Integer(i) => i.to_string(),
        DeValue::Boolean(b) => b.to_string(),
        other => {
            let kind = other.type_str();
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {kind}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::Action;

    fn errors(text: &str) -> Vec<String> {
        Config::from_text(text, "c.toml", None)
            .1
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_defaults_have_no_errors_and_agree_with_the_code() {
        let text = default_config_text();
        let (c, errs) = Config::from_text(&text, "defaults", None);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(c, Config::defaults());
        assert_eq!(c.options, Options::default());
        assert_eq!(c.theme, ThemeName::Dark);
        assert!(c.colors.is_empty());
        assert_eq!(c.keymap, Keymap::default_keymap());
        // Every option is spelled out, and every colour is listed (commented).
        let table: toml::Table = toml::from_str(&text).unwrap();
        for name in OPTION_NAMES {
            assert!(
                table.contains_key(name),
                "{name} is missing from the defaults"
            );
        }
        for part in theme::FIELDS {
            assert!(
                text.contains(&format!("\n# {part} = ")),
                "[colors] {part} is not described in the defaults"
            );
        }
    }

    #[test]
    fn a_user_file_overrides_key_by_key() {
        let (c, errs) = Config::from_text(
            "wrap = false\n[keys.transcript]\n\"x\" = \"page_down\"\n\"j\" = \"none\"\n",
            "c.toml",
            None,
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert!(!c.options.wrap);
        assert!(c.options.mouse && c.options.line_numbers);
        let k = |s: &str| Key::parse(s).unwrap();
        assert_eq!(
            c.keymap.lookup(KeyMode::Transcript, &k("x")),
            Some(Action::PageDown)
        );
        // The other keys of the action, and of the mode, are kept.
        assert_eq!(
            c.keymap.lookup(KeyMode::Transcript, &k("space")),
            Some(Action::PageDown)
        );
        assert_eq!(c.keymap.lookup(KeyMode::Transcript, &k("j")), None);
        assert_eq!(
            c.keymap.lookup(KeyMode::Transcript, &k("k")),
            Some(Action::Up)
        );
    }

    #[test]
    fn options_parse() {
        let (c, errs) = Config::from_text(
            "theme = \"light\"\noutline_width = 30\noutline_side = \"right\"\n\
             line_numbers = false\nmouse = false\nnotes_dir = \"notes\"\n",
            "c.toml",
            Some(Path::new("/etc/lector")),
        );
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(c.theme, ThemeName::Light);
        assert_eq!(c.options.outline_width, OutlineWidth::Cells(30));
        assert_eq!(c.options.outline_side, Side::Right);
        assert!(!c.options.line_numbers && !c.options.mouse);
        assert_eq!(
            c.options.notes_dir,
            Some(PathBuf::from("/etc/lector/notes"))
        );
        assert_eq!(
            resolve_dir("/abs", Some(Path::new("/x"))),
            Some("/abs".into())
        );
        assert_eq!(resolve_dir("", None), None);
    }

    #[test]
    fn colours_override_parts_of_the_theme() {
        use ratatui::style::{Color, Modifier};
        let (c, errs) = Config::from_text(
            "[colors]\ntime = \"#ffcc00\"\ncursor_line = { bg = 17, bold = true }\n",
            "c.toml",
            None,
        );
        assert!(errs.is_empty(), "{errs:?}");
        let env = ColorEnv {
            no_color: false,
            truecolor: true,
        };
        let t = c.theme(env);
        assert_eq!(t.time.fg, Some(Color::Rgb(255, 204, 0)));
        assert_eq!(t.cursor_line.bg, Some(Color::Indexed(17)));
        assert!(t.cursor_line.add_modifier.contains(Modifier::BOLD));
        assert_eq!(t.gutter, Theme::dark().gutter);
    }

    #[test]
    fn a_wrong_value_is_quoted_with_the_right_article() {
        let msgs = errors("text_width = 5\nwrap = [1]\nmouse = 3\n");
        assert!(
            msgs[0].ends_with("from 20 to 1000, found 5; using the default"),
            "{msgs:?}"
        );
        assert!(msgs[1].contains("found an array"), "{msgs:?}");
        assert!(msgs[2].contains("found 3"), "{msgs:?}");
    }

    #[test]
    fn each_mistake_names_its_place_and_the_rest_applies() {
        let text = "wrap = false\nwrp = true\n[keys.transcript]\n\"x\" = \"fly\"\n\
                    \"y\" = \"page_down\"\n\"hyper-q\" = \"quit\"\n[colors]\n\
                    time = \"blurple\"\ngutter = \"red\"\n";
        let (c, errs) = Config::from_text(text, "c.toml", None);
        let msgs: Vec<String> = errs.iter().map(ToString::to_string).collect();
        assert_eq!(msgs.len(), 4, "{msgs:#?}");
        assert!(
            msgs[0].starts_with("c.toml:2:1: unknown option 'wrp' (did you mean 'wrap'?)"),
            "{msgs:#?}"
        );
        assert!(
            msgs[1].starts_with("c.toml:4:7: [keys.transcript] \"x\": unknown action 'fly'"),
            "{msgs:#?}"
        );
        assert!(
            msgs[2].starts_with("c.toml:6:1: [keys.transcript] \"hyper-q\": unknown key"),
            "{msgs:#?}"
        );
        assert!(
            msgs[3].starts_with("c.toml:8:8: [colors] time: bad colour 'blurple'"),
            "{msgs:#?}"
        );
        // The good parts applied.
        assert!(!c.options.wrap);
        assert_eq!(
            c.keymap
                .lookup(KeyMode::Transcript, &Key::parse("y").unwrap()),
            Some(Action::PageDown)
        );
        assert!(c.colors.contains_key("gutter"));
        assert_eq!(c.theme(ColorEnv::default()).time, Theme::dark().time);
    }

    #[test]
    fn a_syntax_error_gives_the_defaults() {
        let (c, errs) =
            Config::from_text("wrap = false\n[keys\n\"x\" = \"quit\"\n", "c.toml", None);
        assert_eq!(errs.len(), 1, "{errs:?}");
        let e = errs[0].to_string();
        assert!(e.starts_with("c.toml:2:"), "{e}");
        assert!(e.contains("TOML syntax error") && e.ends_with("using the default config"));
        assert_eq!(c, Config::defaults());
    }

    #[test]
    fn wrong_types_and_values() {
        let e = errors("wrap = \"yes\"\noutline_width = 3\noutline_side = \"top\"\ntheme = 5\n");
        assert_eq!(e.len(), 4, "{e:#?}");
        assert!(e[0].contains("c.toml:1:8: wrap: expected true or false, found 'yes'"));
        assert!(e[1].contains("c.toml:2:17: outline_width: expected \"auto\" or a number"));
        assert!(e[2].contains("c.toml:3:16: outline_side: expected \"left\" or \"right\""));
        assert!(e[3].contains("c.toml:4:9: theme: expected"), "{e:#?}");
        let e = errors("[keys.nowhere]\n\"j\" = \"down\"\n[keys.transcript]\n\"k\" = 3\n");
        assert!(
            e[0].contains("c.toml:1:7: [keys.nowhere]: unknown mode"),
            "{e:#?}"
        );
        assert!(e[1].contains("c.toml:4:7: [keys.transcript] \"k\": expected an action"));
        let e =
            errors("keys = 1\n[colors]\ntiem = \"red\"\nhelp = { fg = \"red\", blink = true }\n");
        assert!(
            e[0].contains("c.toml:1:8: [keys] should be a table"),
            "{e:#?}"
        );
        assert!(e[1].contains(
            "c.toml:3:1: [colors] tiem: unknown part of the screen (did you mean 'time'?)"
        ));
        assert!(e[2].contains("c.toml:4:22: [colors] help.blink: unknown key 'blink'"));
    }

    #[test]
    fn the_player_table() {
        let (c, errs) = Config::from_text(
            "[player]\ncommand = \"/opt/mpv/bin/mpv\"\nargs = [\"--ao=null\", \"--volume=50\"]\n\
             video = true\n",
            "c.toml",
            None,
        );
        assert!(errs.is_empty(), "{errs:?}");
        let p = &c.options.player;
        assert_eq!(p.command, "/opt/mpv/bin/mpv");
        assert_eq!(p.args, ["--ao=null", "--volume=50"]);
        assert!(p.video);
        // Each key on its own: the others keep their defaults.
        let (c, errs) = Config::from_text("[player]\nargs = [\"--ao=null\"]\n", "c.toml", None);
        assert!(errs.is_empty(), "{errs:?}");
        assert_eq!(c.options.player.command, "mpv");
        assert!(!c.options.player.video);
        let e = errors(
            "[player]\ncommand = \"\"\nargs = \"--ao=null\"\nvideo = \"yes\"\nvidoe = true\n",
        );
        assert_eq!(e.len(), 4, "{e:#?}");
        assert!(
            e[0].starts_with("c.toml:2:11: player.command: expected a program name"),
            "{e:#?}"
        );
        assert!(
            e[1].starts_with("c.toml:3:8: player.args: expected a list of strings"),
            "{e:#?}"
        );
        assert!(
            e[2].starts_with("c.toml:4:9: player.video: expected true or false"),
            "{e:#?}"
        );
        assert!(
            e[3].starts_with("c.toml:5:1: [player] unknown key 'vidoe' (did you mean 'video'?)"),
            "{e:#?}"
        );
        let e = errors("player = \"mpv\"\n");
        assert!(
            e[0].contains("c.toml:1:10: [player] should be a table"),
            "{e:#?}"
        );
        let e = errors("[player]\nargs = [1, \"x\"]\n");
        assert!(
            e[0].contains("player.args: expected a list of strings"),
            "{e:#?}"
        );
    }

    #[test]
    fn positions_count_characters() {
        assert_eq!(line_col("ab\ncd", 4), (2, 2));
        assert_eq!(line_col("一二\nx", 3), (1, 2));
        assert_eq!(line_col("a", 99), (1, 2));
    }

    #[test]
    fn outline_width_option() {
        let mut o = Options::default();
        assert_eq!(o.outline_pane_width(30, 120), 32);
        assert_eq!(o.outline_pane_width(5, 120), 16);
        assert_eq!(o.outline_pane_width(100, 80), 32);
        o.outline_width = OutlineWidth::Cells(50);
        assert_eq!(o.outline_pane_width(5, 120), 50);
        assert_eq!(o.outline_pane_width(5, 80), 40);
    }
}
