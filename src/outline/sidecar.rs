//! The `[[topic]]` TOML format: `lector outline --format toml` and the sidecar `FILE.outline.toml`.

use super::{Outline, Source, Topic};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    topic: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    /// 1-based transcript line.
    line: usize,
    title: String,
    #[serde(default = "one")]
    level: u8,
}

fn one() -> u8 {
    1
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SidecarError(String);

/// Parses a sidecar. Topics outside a `doc_len`-line document are dropped; line 0 is read as 1.
pub fn parse(text: &str, doc_len: usize) -> Result<Outline, SidecarError> {
    let file: File = toml::from_str(text).map_err(|e| SidecarError(e.to_string()))?;
    let topics = file
        .topic
        .into_iter()
        .map(|e| Topic {
            line: e.line.saturating_sub(1),
            title: clean_title(e.title),
            level: e.level.max(1),
        })
        .collect();
    Ok(Outline::new(topics, Source::Sidecar, doc_len))
}

/// A title as it can be drawn: TOML strings may hold any character (`"\u001b]8;;…"`,
/// `"\u202e"`, newlines in `"""` strings), so titles are cleaned as the transcript is, and a
/// newline becomes a space.
fn clean_title(title: String) -> String {
    let one_line = if title.contains('\n') {
        title.replace('\n', " ")
    } else {
        title
    };
    crate::text::clean::clean(one_line)
}

/// Writes an outline in the sidecar format.
pub fn to_toml(outline: &Outline) -> String {
    let file = File {
        topic: outline
            .topics
            .iter()
            .map(|t| Entry {
                line: t.line + 1,
                title: t.title.clone(),
                level: t.level,
            })
            .collect(),
    };
    toml::to_string(&file).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let text = "[[topic]]\nline = 1\ntitle = \"开场\"\nlevel = 1\n\n[[topic]]\nline = 40\ntitle = \"Llama 4\"\n";
        let o = parse(text, 100).unwrap();
        assert_eq!(
            o.topics[1],
            Topic {
                line: 39,
                title: "Llama 4".into(),
                level: 1
            }
        );
        let again = parse(&to_toml(&o), 100).unwrap();
        assert_eq!(again, o);
    }

    #[test]
    fn titles_are_cleaned() {
        let text = "[[topic]]\nline = 1\ntitle = \"\\u001b]2;pwned\\u0007 \\u202eevil\\ttab\"\n\
                    [[topic]]\nline = 2\ntitle = \"\"\"\ntwo\nlines\"\"\"\n";
        let o = parse(text, 10).unwrap();
        assert_eq!(o.topics[0].title, "^[]2;pwned^G <U+202E>evil       tab");
        assert_eq!(o.topics[1].title, "two lines");
    }

    #[test]
    fn bad_toml_is_an_error_with_a_position() {
        let err = parse("[[topic]\nline = 1", 10).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
