//! Search: a query becomes a matcher (regular expression, smart case, literal fallback).

use crate::transcript::Document;
use regex::{Regex, RegexBuilder};
use std::ops::Range;

/// A compiled query.
#[derive(Debug, Clone)]
pub struct Matcher {
    re: Regex,
    /// The query was not a valid regular expression and is searched as literal text.
    pub literal_fallback: bool,
    pub case_sensitive: bool,
}

impl Matcher {
    /// Compiles `query` with smart case: it ignores case unless it has a capital letter. An
    /// invalid regular expression is searched as literal text. `None` for an empty query.
    pub fn new(query: &str) -> Option<Matcher> {
        if query.is_empty() {
            return None;
        }
        let case_sensitive = query.chars().any(char::is_uppercase);
        let build = |pattern: &str| {
            RegexBuilder::new(pattern)
                .case_insensitive(!case_sensitive)
                .size_limit(1 << 24)
                .build()
        };
        match build(query) {
            Ok(re) => Some(Matcher {
                re,
                literal_fallback: false,
                case_sensitive,
            }),
            Err(_) => build(&regex::escape(query)).ok().map(|re| Matcher {
                re,
                literal_fallback: true,
                case_sensitive,
            }),
        }
    }

    /// Byte ranges of the non-empty matches in `line`.
    pub fn find_iter<'a>(&'a self, line: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        self.re
            .find_iter(line)
            .map(|m| m.range())
            .filter(|r| !r.is_empty())
    }

    pub fn is_match(&self, line: &str) -> bool {
        self.find_iter(line).next().is_some()
    }

    /// The first line at or after `from` with a match.
    pub fn first_line(&self, doc: &Document, from: usize) -> Option<usize> {
        (from..doc.len()).find(|&i| self.is_match(doc.line(i)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smart_case() {
        let m = Matcher::new("deepseek").unwrap();
        assert!(m.is_match("DeepSeek R1"));
        let m = Matcher::new("DeepSeek").unwrap();
        assert!(!m.is_match("deepseek"));
    }

    #[test]
    fn invalid_regex_is_literal() {
        let m = Matcher::new("Llama(4").unwrap();
        assert!(m.literal_fallback);
        assert!(m.is_match("see Llama(4 here"));
        assert!(Matcher::new("").is_none());
    }

    #[test]
    fn byte_offsets_on_cjk() {
        let m = Matcher::new("拍档").unwrap();
        let line = "这里是最佳拍档";
        assert_eq!(m.find_iter(line).collect::<Vec<_>>(), vec![15..21]);
    }
}
