//! Chinese words and phrases found in the transcript itself, without a dictionary: the strings of
//! 2–[`MAX_CHARS`] Han characters that recur, hold together, and are not part of a longer one.
//!
//! This is the classic "new word discovery" by frequency and context (as in Sproat & Shih 1990;
//! Feng et al. 2004's accessor variety): a string is kept when
//! - it occurs at least [`MIN_COUNT`] times in the transcript;
//! - it neither starts nor ends with a grammatical character (的, 了, 是, 我, 这…), which is what
//!   fragments such as 人会 or 的模型 look like;
//! - it is not mostly part of one longer string (田源 when 田源洞 accounts for most of its
//!   occurrences: the name is kept whole), nor mostly the longer string minus its edge;
//! - a two-character string holds together: its characters occur together more than chance
//!   would make them (pointwise mutual information above [`MIN_PMI`]).
//!
//! Domain terms (强化学习, 预训练), names (田源洞, 扎克伯格) and ASR spellings of names come out
//! whole, as the transcript spells them; no 50 MB dictionary is needed, and nothing is loaded
//! before it is used.

use super::lexicon;
use super::tokenize::is_han;
use std::collections::HashMap;

/// Keys are the transcript's own strings: a seeded hasher (foldhash's quality variant, randomly
/// seeded per process) keeps the speed of a fast hash without letting a crafted file make the
/// counting quadratic.
type Seeded = foldhash::quality::RandomState;

/// The longest phrase, in characters.
pub const MAX_CHARS: usize = 6;
/// A phrase occurs at least this often in the transcript.
pub const MIN_COUNT: u32 = 3;
/// The least pointwise mutual information (nats) of a two-character word's characters.
const MIN_PMI: f64 = 1.0;
/// A string is a fragment of a longer one when the longer one accounts for this share of it.
const FRAGMENT_SHARE: f64 = 0.7;

/// Characters that do not start or end a content phrase.
const EDGE_CHARS: &str = "的了吗呢吧啊呀嘛哦嗯呃哈着过得地也都就还又很太挺最更被把将让给从对跟和与及或而但是在这那哪些个么什怎我你他她它们咱您其所以因为如果会要能说叫去来上下里不没";

/// Particles that never sit inside a term either (典型的蒸馏, 起步的时候 are not phrases).
const INNER_CHARS: &str = "的了吗呢吧啊呀嘛着地就";

fn is_edge(c: char) -> bool {
    EDGE_CHARS.contains(c)
}

/// Whether a phrase of three characters or more starts or ends with a stopword (一个特别,
/// 觉得那个时候).
fn stopword_edge(s: &str) -> bool {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 3 {
        return false;
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    lexicon::is_zh_stopword(&head) || lexicon::is_zh_stopword(&tail)
}

/// Counts of the strings inside the Han runs of some lines: of every character, and of the
/// strings of 2 to `MAX_CHARS + 1` characters (at least of those seen [`MIN_COUNT`] times).
struct Counts<'a> {
    singles: HashMap<&'a str, u32, Seeded>,
    /// By length: `longer[l - 2]` holds strings of `l` characters.
    longer: Vec<HashMap<&'a str, u32, Seeded>>,
    chars_total: u64,
}

impl<'a> Counts<'a> {
    /// The counts of the strings seen at least [`MIN_COUNT`] times, found one length at a time:
    /// a string occurs at most as often as the one it starts with and the one it ends with, so
    /// a string of `l` characters is counted only where both of its `l - 1`-character parts
    /// are frequent (the "Apriori" pruning). Most strings are seen once or twice and are never
    /// stored.
    ///
    /// [`Phrases::choose`] reads only counts of at least [`MIN_COUNT`] (a longer string makes a
    /// fragment of one seen `c >= MIN_COUNT` times only when it is seen at least
    /// `FRAGMENT_SHARE * c > 2` times), so it chooses the same phrases from these counts as
    /// from those of every string (a test compares them).
    fn frequent(lines: &(impl Iterator<Item = &'a str> + Clone)) -> Self {
        let mut singles: HashMap<&'a str, u32, Seeded> = HashMap::default();
        let mut chars_total = 0u64;
        for line in lines.clone() {
            for run in han_runs(line) {
                for (i, c) in run.char_indices() {
                    *singles.entry(&run[i..i + c.len_utf8()]).or_insert(0) += 1;
                    chars_total += 1;
                }
            }
        }
        let mut longer: Vec<HashMap<&'a str, u32, Seeded>> = Vec::new();
        let mut bounds: Vec<usize> = Vec::new();
        for l in 2..=MAX_CHARS + 1 {
            let parts = longer.last().unwrap_or(&singles);
            let is_frequent = |s: &str| parts.get(s).is_some_and(|&c| c >= MIN_COUNT);
            let mut counts: HashMap<&'a str, u32, Seeded> = HashMap::default();
            for line in lines.clone() {
                // A Han character takes at least 3 bytes: a shorter run has fewer than l.
                for run in han_runs(line).filter(|r| r.len() >= 3 * l) {
                    char_bounds(run, &mut bounds);
                    let len = bounds.len() - 1;
                    // The part ending a string is the part starting the next one: each part
                    // is looked up once.
                    let part = |a: usize| &run[bounds[a]..bounds[a + l - 1]];
                    let mut starts_frequent = len >= l && is_frequent(part(0));
                    for a in 0..(len + 1).saturating_sub(l) {
                        let ends_frequent = is_frequent(part(a + 1));
                        if starts_frequent && ends_frequent {
                            *counts.entry(&run[bounds[a]..bounds[a + l]]).or_insert(0) += 1;
                        }
                        starts_frequent = ends_frequent;
                    }
                }
            }
            counts.retain(|_, c| *c >= MIN_COUNT);
            counts.shrink_to_fit();
            let done = counts.is_empty();
            longer.push(counts);
            if done {
                break;
            }
        }
        Counts {
            singles,
            longer,
            chars_total,
        }
    }
}

/// The phrases of a transcript.
#[derive(Debug, Default)]
pub struct Phrases {
    /// Phrase → its count in the transcript.
    known: HashMap<String, u32, Seeded>,
    /// The first two characters of every phrase: where none starts, none is looked up.
    heads: std::collections::HashSet<(char, char), Seeded>,
}

impl Phrases {
    /// Finds the phrases of the Han runs of `lines` (read once per length of string, up to
    /// `MAX_CHARS + 1` times).
    pub fn discover<'a>(lines: &(impl Iterator<Item = &'a str> + Clone)) -> Phrases {
        Phrases::choose(&Counts::frequent(lines))
    }

    /// The phrases among the strings of `counts`.
    fn choose(counts: &Counts<'_>) -> Phrases {
        let Counts {
            singles,
            longer,
            chars_total,
        } = counts;
        let count = |s: &str| singles.get(s).copied().unwrap_or(0);
        let mut known: HashMap<String, u32, Seeded> = HashMap::default();
        // Longer strings that extend each string by one character (not a grammatical one).
        let mut longest_extension: HashMap<&str, u32, Seeded> = HashMap::default();
        for (&s, &c) in longer.iter().flatten() {
            let mut it = s.chars();
            let (Some(first), Some(last)) = (it.next(), s.chars().next_back()) else {
                continue;
            };
            if s.chars().count() < 3 {
                continue;
            }
            // s = first + rest = head + last.
            if !is_edge(first) {
                let rest = &s[first.len_utf8()..];
                let e = longest_extension.entry(rest).or_insert(0);
                *e = (*e).max(c);
            }
            if !is_edge(last) {
                let head = &s[..s.len() - last.len_utf8()];
                let e = longest_extension.entry(head).or_insert(0);
                *e = (*e).max(c);
            }
        }
        for (&s, &c) in longer.iter().flatten() {
            let n = s.chars().count();
            if !(2..=MAX_CHARS).contains(&n) || c < MIN_COUNT {
                continue;
            }
            let (Some(first), Some(last)) = (s.chars().next(), s.chars().next_back()) else {
                continue;
            };
            if is_edge(first)
                || is_edge(last)
                || s.chars().any(|c| INNER_CHARS.contains(c))
                || lexicon::is_zh_stopword(s)
                || stopword_edge(s)
            {
                continue;
            }
            if s.chars().all(lexicon::is_zh_function_char) {
                continue;
            }
            // Mostly inside a longer string: that one is the phrase.
            let ext = longest_extension.get(s).copied().unwrap_or(0);
            if f64::from(ext) >= FRAGMENT_SHARE * f64::from(c) {
                continue;
            }
            if n == 2 {
                let a = &s[..first.len_utf8()];
                let b = &s[first.len_utf8()..];
                let expected =
                    f64::from(count(a)) * f64::from(count(b)) / (*chars_total).max(1) as f64;
                if (f64::from(c) / expected.max(1e-9)).ln() < MIN_PMI {
                    continue;
                }
            }
            known.insert(s.to_string(), c);
        }
        // A phrase whose occurrences are mostly those of a longer kept phrase it starts or ends
        // is a fragment of it (the extension test above sees only one character more).
        let mut fragment: Vec<String> = Vec::new();
        for (t, &tc) in &known {
            let bounds: Vec<usize> = t.char_indices().map(|(i, _)| i).skip(1).collect();
            for &i in &bounds {
                for part in [&t[..i], &t[i..]] {
                    if known
                        .get(part)
                        .is_some_and(|&c| f64::from(tc) >= FRAGMENT_SHARE * f64::from(c))
                    {
                        fragment.push(part.to_string());
                    }
                }
            }
        }
        for s in fragment {
            known.remove(&s);
        }
        let heads = known
            .keys()
            .filter_map(|k| {
                let mut c = k.chars();
                Some((c.next()?, c.next()?))
            })
            .collect();
        Phrases { known, heads }
    }

    pub fn len(&self) -> usize {
        self.known.len()
    }

    pub fn is_empty(&self) -> bool {
        self.known.is_empty()
    }

    /// Whether `s` is a phrase of the transcript.
    pub fn contains(&self, s: &str) -> bool {
        self.known.contains_key(s)
    }

    /// The phrases in a Han run, longest match first, left to right.
    pub fn matches<'a>(&self, run: &'a str, mut f: impl FnMut(&'a str)) {
        let mut bounds = Vec::new();
        char_bounds(run, &mut bounds);
        let len = bounds.len() - 1;
        let mut a = 0;
        while a < len {
            let mut step = 1;
            let head = run[bounds[a]..].chars().next().zip(
                bounds
                    .get(a + 1)
                    .and_then(|&b| run.get(b..))
                    .and_then(|r| r.chars().next()),
            );
            if !head.is_some_and(|h| self.heads.contains(&h)) {
                a += 1;
                continue;
            }
            for l in (2..=MAX_CHARS.min(len - a)).rev() {
                let s = &run[bounds[a]..bounds[a + l]];
                if self.known.contains_key(s) {
                    f(s);
                    step = l;
                    break;
                }
            }
            a += step;
        }
    }
}

/// The byte offsets of the characters of `run` and its length, into `out`.
fn char_bounds(run: &str, out: &mut Vec<usize>) {
    out.clear();
    out.extend(run.char_indices().map(|(i, _)| i));
    out.push(run.len());
}

/// The runs of Han characters of a line.
fn han_runs(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| !is_han(c)).filter(|r| !r.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let p = Phrases::discover(&text.lines());
        let mut v: Vec<String> = p.known.keys().cloned().collect();
        v.sort();
        v
    }

    /// Counts of every string of 1 to `MAX_CHARS + 1` characters: the reference for
    /// [`Counts::frequent`].
    fn count_all<'a>(lines: impl Iterator<Item = &'a str>) -> Counts<'a> {
        let mut all = Counts {
            singles: HashMap::default(),
            longer: vec![HashMap::default()],
            chars_total: 0,
        };
        for line in lines {
            for run in han_runs(line) {
                let mut bounds = Vec::new();
                char_bounds(run, &mut bounds);
                let len = bounds.len() - 1;
                all.chars_total += len as u64;
                for a in 0..len {
                    for l in 1..=(MAX_CHARS + 1).min(len - a) {
                        let map = if l == 1 {
                            &mut all.singles
                        } else {
                            &mut all.longer[0]
                        };
                        *map.entry(&run[bounds[a]..bounds[a + l]]).or_insert(0) += 1;
                    }
                }
            }
        }
        all
    }

    #[test]
    fn counting_only_frequent_strings_chooses_the_same_phrases() {
        let bundled = include_str!("../../assets/llamacon-zuckerberg.zh.txt");
        // Made-up text with many repeats, of every length.
        let mut seed = 5u64;
        let mut made = String::new();
        let words = [
            "强化学习",
            "模型",
            "的",
            "训练数据",
            "我们",
            "开源",
            "了",
            "田源洞",
            "是",
        ];
        for i in 0..3000 {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            made.push_str(words[(seed >> 40) as usize % words.len()]);
            if i % 13 == 0 {
                made.push('\n');
            }
        }
        for text in [bundled, made.as_str()] {
            let mut fast: Vec<String> =
                Phrases::discover(&text.lines()).known.into_keys().collect();
            let mut slow: Vec<String> = Phrases::choose(&count_all(text.lines()))
                .known
                .into_keys()
                .collect();
            fast.sort();
            slow.sort();
            assert!(!fast.is_empty());
            assert_eq!(fast, slow);
        }
    }

    #[test]
    fn names_and_terms_come_out_whole() {
        let text = "田源洞说强化学习很重要\n\
                    我们请到了田源洞\n\
                    田源洞认为强化学习的上限\n\
                    强化学习和预训练\n\
                    预训练的数据\n\
                    预训练也要看\n";
        let got = found(text);
        assert!(got.contains(&"田源洞".to_string()), "{got:?}");
        assert!(got.contains(&"强化学习".to_string()), "{got:?}");
        assert!(got.contains(&"预训练".to_string()), "{got:?}");
        for fragment in ["田源", "源洞", "强化", "化学", "学习", "训练", "的上"] {
            assert!(
                !got.contains(&fragment.to_string()),
                "{fragment} in {got:?}"
            );
        }
    }

    #[test]
    fn strings_seen_less_than_three_times_are_not_phrases() {
        assert!(found("量子计算\n量子计算\n").is_empty());
    }

    #[test]
    fn matching_takes_the_longest_phrase() {
        let p = Phrases::discover(&"强化学习\n强化学习\n强化学习\n学习\n".lines());
        let mut got = Vec::new();
        p.matches("我们的强化学习方法", |s| got.push(s));
        assert_eq!(got, ["强化学习"]);
    }
}
