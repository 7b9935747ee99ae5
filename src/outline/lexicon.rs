//! Word lists and word forms for the automatic outline: stopwords (English and Chinese), a light
//! English stemmer, and the discourse cues that often open a new topic.

/// English function words, spoken fillers and the generic words of talk ("people", "lot",
/// "thing") that say nothing about a topic. Lowercase; apostrophes are ASCII.
#[rustfmt::skip]
const EN_STOPWORDS: &[&str] = &[
    "a", "about", "above", "absolutely", "across", "actually", "after", "again", "against", "ago",
    "ah", "ahead", "all", "almost", "along", "already", "also", "although", "always", "am",
    "among", "an", "and", "another", "any", "anybody", "anyone", "anything", "anyway", "are",
    "aren't", "around", "as", "ask", "asked", "at", "away", "back", "basically", "be", "became",
    "because", "become", "been", "before", "begin", "being", "believe", "below", "best", "better",
    "between", "big", "bit", "both", "but", "by", "call", "called", "came", "can", "can't",
    "cannot", "certain", "certainly", "clearly", "come", "comes", "coming", "could", "couldn't",
    "course", "did", "didn't", "different", "do", "does", "doesn't", "doing", "don't", "done",
    "down", "during", "each", "easy", "either", "else", "end", "enough", "especially", "even",
    "ever", "every", "everybody", "everyone", "everything", "exactly", "example", "fact", "far",
    "feel", "few", "find", "first", "for", "from", "further", "gave", "get", "gets", "getting",
    "give", "given", "gives", "go", "goes", "going", "gone", "gonna", "good", "got", "gotta",
    "great", "guess", "guy", "guys", "had", "hadn't", "happen", "happens", "hard", "has", "hasn't",
    "have", "haven't", "having", "he", "he'd", "he'll", "he's", "hear", "hello", "her", "here",
    "here's", "hers", "herself", "hey", "hi", "him", "himself", "his", "hmm", "how", "how's",
    "however", "i", "i'd", "i'll", "i'm", "i've", "idea", "if", "important", "in", "indeed",
    "instead", "interesting", "into", "is", "isn't", "it", "it'd", "it'll", "it's", "its",
    "itself", "just", "keep", "kind", "kinda", "knew", "know", "known", "knows", "large", "last",
    "later", "least", "less", "let", "let's", "like", "likely", "little", "long", "look",
    "looking", "lot", "lots", "made", "main", "make", "makes", "making", "many", "matter", "may",
    "maybe", "me", "mean", "means", "meant", "might", "mind", "mine", "more", "most", "mostly",
    "much", "must", "mustn't", "my", "myself", "need", "needs", "never", "new", "next", "nice",
    "no", "nobody", "nor", "not", "nothing", "now", "obviously", "of", "off", "oh", "ok", "okay",
    "old", "on", "once", "one", "ones", "only", "onto", "or", "other", "others", "otherwise",
    "ought", "our", "ours", "ourselves", "out", "over", "own", "part", "particular", "people",
    "per", "perhaps", "place", "point", "pretty", "probably", "put", "quite", "rather", "real",
    "really", "right", "said", "same", "saw", "say", "saying", "says", "second", "see", "seeing",
    "seem", "seemed", "seems", "seen", "set", "several", "shall", "she", "she'd", "she'll",
    "she's", "should", "shouldn't", "similar", "since", "so", "some", "somebody", "somehow",
    "someone", "something", "sometimes", "somewhat", "sort", "start", "started", "still", "stuff",
    "such", "sure", "take", "taken", "takes", "taking", "talk", "talked", "talking", "tell",
    "than", "thank", "thanks", "that", "that'll", "that's", "the", "their", "theirs", "them",
    "themselves", "then", "there", "there's", "therefore", "these", "they", "they'd", "they'll",
    "they're", "they've", "thing", "things", "think", "thinking", "thinks", "third", "this",
    "those", "though", "thought", "through", "thus", "time", "times", "to", "today", "together",
    "told", "too", "took", "totally", "toward", "towards", "true", "try", "trying", "two", "uh",
    "um", "under", "understand", "unless", "until", "up", "upon", "us", "use", "used", "using",
    "usually", "very", "via", "want", "wanted", "wants", "was", "wasn't", "way", "ways", "we",
    "we'd", "we'll", "we're", "we've", "well", "went", "were", "weren't", "what", "what's",
    "whatever", "when", "when's", "where", "where's", "whereas", "whether", "which", "while",
    "who", "who's", "whole", "whom", "whose", "why", "why's", "will", "with", "within", "without",
    "won't", "work", "would", "wouldn't", "wow", "yeah", "year", "years", "yep", "yes", "yet",
    "you", "you'd", "you'll", "you're", "you've", "your", "yours", "yourself", "yourselves",
];

/// Common English verbs, adjectives and vague nouns: fine for cohesion, poor as a topic's title.
/// Matched by stem, so their inflections go too.
#[rustfmt::skip]
const EN_TITLE_GENERIC: &[&str] = &[
    "able", "add", "agree", "allow", "amazing", "answer", "apply", "argue", "arrive", "bad",
    "basic", "bring", "build", "buy", "call", "care", "carry", "case", "cause", "change", "check",
    "choose", "clear", "close", "compare", "consider", "continue", "cool", "couple", "crazy",
    "create", "cut", "deal", "decide", "describe", "drive", "drop", "early", "easier", "expect",
    "explain", "fail", "fall", "figure", "final", "fine", "follow", "forget", "general", "guy",
    "half", "happy", "help", "hit", "hold", "hope", "huge", "imagine", "improve", "include",
    "increase", "interact", "involve", "late", "lead", "learn", "leave", "lose", "love", "major",
    "meet", "miss", "move", "note", "offer", "open", "pass", "pay", "pick", "plan", "play",
    "possible", "prefer", "produce", "provide", "pull", "push", "question", "raise", "reach",
    "read", "ready", "realize", "reason", "receive", "release", "remember", "require", "rest",
    "return", "roll", "run", "save", "sell", "send", "sense", "serve", "show", "simple", "sit",
    "small", "sold", "speak", "specific", "spend", "stand", "stay", "stop", "strong", "suggest",
    "support", "suppose", "tend", "top", "turn", "wait", "walk", "watch", "win", "wish", "wonder",
    "worry", "unique", "write", "wrong",
];

/// Endings of English adverbs ("presumably", "basically"), never a title.
#[rustfmt::skip]
const EN_ADVERB_ENDINGS: &[&str] = &[
    "ably", "ibly", "ally", "ously", "ively", "edly", "ently", "antly", "ately", "ectly", "fully",
];

/// Chinese function words, pronouns, fillers and generic nouns (时候, 东西, 事情) that never name a
/// topic.
#[rustfmt::skip]
const ZH_STOPWORDS: &[&str] = &[
    "一些", "一下", "一个", "一种", "一样", "一直", "一起", "一定", "一点", "一般", "不是", "不会", "不过", "不能", "东西", "两个",
    "之前", "之后", "也是", "了解", "事情", "人们", "今天", "他们", "以前", "以后", "但是", "你们", "其实", "其他", "具体", "出来",
    "分享", "刚才", "包括", "所以", "可以", "可能", "各种", "同时", "后来", "告诉", "哪些", "因为", "地方", "大家", "大概", "如果",
    "对于", "导致", "就是", "已经", "希望", "应该", "开始", "当时", "当然", "很多", "怎么", "情况", "意思", "感觉", "我们", "或者",
    "所有", "所谓", "方式", "方面", "时候", "时间", "明白", "最后", "有些", "本身", "来说", "没有", "然后", "现在", "的话", "目前",
    "看到", "知道", "确实", "第一", "第二", "等等", "肯定", "能够", "自己", "觉得", "认为", "讨论", "还是", "还有", "这个", "这些",
    "这么", "这样", "这种", "这里", "那个", "那么", "那些", "那样", "那种", "部分", "非常", "问题", "需要", "过程", "起来", "什么",
    "为什么", "她们", "它们", "咱们", "您好", "谢谢", "是不是", "有没有", "主要", "比较", "通过", "接下来", "另外", "其中", "而且",
    "甚至", "虽然", "只是", "以及", "结果", "所在", "朋友", "大部分", "一方面", "另一方面", "我觉", "地说",
];

/// Characters that carry grammar rather than content in Chinese; character bigrams made only of
/// these are skipped.
const ZH_FUNCTION_CHARS: &str = "的了是我你他她它们这那就在也都不有个和与或而及被把对说会要能\
    很还又吧呢吗啊呀嘛哦嗯呃哈么之其所以因为但如果着过得地到上下来去给让从向里中一更最太挺";

/// Phrases that open a new topic in talk, matched at the start of a clause.
#[rustfmt::skip]
const ZH_CUES: &[&str] = &[
    "接下来", "另外", "最后", "那我们聊聊", "我们聊聊", "聊一聊", "聊聊", "说到", "谈到", "下面", "首先", "其次", "再来", "回到",
    "换个话题", "下一个", "还有一个问题", "我想问",
];

/// English discourse cues, lowercase, matched at the start of a clause.
#[rustfmt::skip]
const EN_CUES: &[&str] = &[
    "speaking of", "let's talk about", "let's move on", "let's turn to", "let's shift",
    "let's go to", "moving on", "turning to", "next question", "another question", "i want to ask",
    "i wanted to ask", "let me ask", "i'm curious about", "on the topic of", "switching gears",
    "changing topics", "the last question", "final question",
];

/// Spoken fillers that may come before an English cue, in the order they are stripped.
const EN_FILLERS: [&str; 7] = [
    "so ",
    "okay ",
    "ok ",
    "and ",
    "alright ",
    "all right ",
    "now ",
];

/// Whether `word` (lowercase, ASCII apostrophes) is an English stopword. A hash set: asked for
/// every Latin word of a transcript, a binary search of the list was a fifth of the outline's time.
pub fn is_en_stopword(word: &str) -> bool {
    type Set = std::collections::HashSet<&'static str, foldhash::fast::FixedState>;
    static SET: std::sync::OnceLock<(usize, Set)> = std::sync::OnceLock::new();
    let (longest, set) = SET.get_or_init(|| {
        let longest = EN_STOPWORDS.iter().map(|w| w.len()).max().unwrap_or(0);
        (longest, EN_STOPWORDS.iter().copied().collect())
    });
    word.len() <= *longest && set.contains(word)
}

/// Whether a lowercase English word looks like an adverb.
pub fn is_en_adverb(lower: &str) -> bool {
    EN_ADVERB_ENDINGS
        .iter()
        .any(|e| lower.len() > e.len() + 1 && lower.ends_with(e))
}

/// Whether the stem of a word (see [`stem_into`]) is one of [`EN_TITLE_GENERIC`].
pub fn is_en_title_generic(stem: &str) -> bool {
    type Set = std::collections::HashSet<String, foldhash::fast::FixedState>;
    static SET: std::sync::OnceLock<Set> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        let mut out = String::new();
        EN_TITLE_GENERIC
            .iter()
            .map(|w| {
                stem_into(w, &mut out);
                out.clone()
            })
            .collect()
    })
    .contains(stem)
}

/// Whether `word` is a Chinese stopword.
pub fn is_zh_stopword(word: &str) -> bool {
    zh_stopwords().contains(word)
}

fn zh_stopwords() -> &'static std::collections::HashSet<&'static str> {
    static SET: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| ZH_STOPWORDS.iter().copied().collect())
}

/// Whether `c` is a Chinese grammatical character (see [`ZH_FUNCTION_CHARS`]). A bitmap of the
/// Basic Multilingual Plane (8 KiB), where they all are: asked for every pair of Han characters.
pub fn is_zh_function_char(c: char) -> bool {
    static BITS: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let bits = BITS.get_or_init(|| {
        let mut bits = vec![0u64; 1 << 10];
        for c in ZH_FUNCTION_CHARS.chars().filter(|&c| (c as u32) < 1 << 16) {
            bits[c as usize / 64] |= 1 << (c as usize % 64);
        }
        bits
    });
    let c = c as usize;
    bits.get(c / 64).is_some_and(|b| b & (1 << (c % 64)) != 0)
}

/// A light English stemmer: folds the common inflections (plural `-s`/`-es`/`-ies`, `-ing`,
/// `-ed`, `-ly`, a final `-e`) so that "models"/"model" and "training"/"trained"/"train" meet.
/// It only has to be consistent, not linguistically right. `word` is lowercase; the result is
/// written into `out`.
pub fn stem_into(word: &str, out: &mut String) {
    out.clear();
    let mut w = word;
    if w.len() <= 3 || !w.is_ascii() {
        out.push_str(w);
        return;
    }
    if let Some(s) = w.strip_suffix("'s") {
        w = s;
    }
    let ies = w.len() > 4 && w.ends_with("ies");
    if ies {
        w = &w[..w.len() - 3];
        out.push_str(w);
        out.push('y');
        return;
    }
    if w.ends_with("sses") || w.ends_with("xes") || w.ends_with("ches") || w.ends_with("shes") {
        w = &w[..w.len() - 2];
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w = &w[..w.len() - 1];
    }
    for suffix in ["ing", "ed", "ly"] {
        if w.len() >= suffix.len() + 3 && w.ends_with(suffix) {
            w = &w[..w.len() - suffix.len()];
            // "running" → "runn" → "run".
            let b = w.as_bytes();
            let n = b.len();
            if n >= 2 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z') {
                w = &w[..n - 1];
            }
            break;
        }
    }
    if w.len() > 3 && w.ends_with('e') {
        w = &w[..w.len() - 1];
    }
    out.push_str(w);
}

/// Whether a discourse cue opens a clause of `line`.
pub fn has_cue(line: &str) -> bool {
    for clause in clauses(line) {
        let clause = clause.trim_start_matches(|c: char| {
            c.is_whitespace() || matches!(c, '-' | '—' | '"' | '“' | '”' | '「' | '」' | '…')
        });
        // Fillers before a cue: "那", "好", "so", "okay". Most clauses start with a character
        // no cue or filler starts with: that is checked first.
        let zh = clause.trim_start_matches(['那', '好', '嗯', '呃', '啊', '么', '，']);
        let first = zh.chars().next();
        if ZH_CUES.iter().any(|c| c.chars().next() == first)
            && ZH_CUES.iter().any(|c| zh.starts_with(c))
        {
            return true;
        }
        let clause = clause.trim_start();
        let first = clause.as_bytes().first().map(u8::to_ascii_lowercase);
        if first.is_some_and(|b| b.is_ascii_lowercase())
            && EN_CUES
                .iter()
                .chain(&EN_FILLERS)
                .any(|c| c.as_bytes().first() == first.as_ref())
        {
            // Cues are short: the first 40 characters are enough (lowercased on the stack).
            let mut buf = [0u8; 40 * 4];
            let mut len = 0;
            for c in clause.chars().take(40) {
                let c = if c == '’' {
                    '\''
                } else {
                    c.to_ascii_lowercase()
                };
                len += c.encode_utf8(&mut buf[len..]).len();
            }
            let mut rest = std::str::from_utf8(&buf[..len]).unwrap_or("");
            for filler in EN_FILLERS {
                if let Some(r) = rest.strip_prefix(filler) {
                    rest = r.trim_start_matches([',', ' ']);
                }
            }
            if EN_CUES.iter().any(|c| rest.starts_with(c)) {
                return true;
            }
        }
    }
    false
}

/// The clauses of `line`: what lies between the marks `，。？！,.?!;；:：` (as `str::split` with
/// them would give, empty ones included). Found byte by byte: the Chinese marks are the only
/// ones that start with 0xEF or 0xE3 and go on as they do (checking each character against
/// twelve was a tenth of the outline's time).
fn clauses(line: &str) -> impl Iterator<Item = &str> {
    let bytes = line.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        while i < bytes.len() {
            let mark = match bytes[i] {
                b',' | b'.' | b'?' | b'!' | b';' | b':' => 1,
                // ，？！；：
                0xEF if matches!(
                    bytes.get(i + 1..i + 3),
                    Some([0xBC, 0x8C | 0x9F | 0x81 | 0x9B | 0x9A])
                ) =>
                {
                    3
                }
                // 。
                0xE3 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0x82]) => 3,
                _ => 0,
            };
            if mark > 0 {
                let clause = &line[start..i];
                i += mark;
                start = i;
                return Some(clause);
            }
            i += 1;
        }
        done = true;
        Some(&line[start..])
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_are_what_split_at_the_marks_gives() {
        let marks = [
            '，', '。', '？', '！', ',', '.', '?', '!', ';', '；', ':', '：',
        ];
        for line in [
            "",
            "，",
            "a,b",
            "那接下来我们就聊一聊公司，聊聊RSI啊。",
            "So, let's talk: open source? Yes! 好；对：嗯。。",
            "ｂ＂ｃ〃，end.",
            "「引号」…—–",
        ] {
            let want: Vec<&str> = line.split(marks).collect();
            assert_eq!(clauses(line).collect::<Vec<_>>(), want, "{line}");
        }
    }

    #[test]
    fn english_stopwords_are_sorted_for_binary_search() {
        assert!(
            EN_STOPWORDS.windows(2).all(|w| w[0] < w[1]),
            "EN_STOPWORDS must stay sorted"
        );
        assert!(is_en_stopword("the"));
        assert!(is_en_stopword("don't"));
        assert!(!is_en_stopword("llama"));
    }

    #[test]
    fn stemming_meets_inflections() {
        let stem = |w: &str| {
            let mut s = String::new();
            stem_into(w, &mut s);
            s
        };
        assert_eq!(stem("models"), stem("model"));
        assert_eq!(stem("training"), stem("train"));
        assert_eq!(stem("trained"), stem("train"));
        assert_eq!(stem("companies"), stem("company"));
        assert_eq!(stem("running"), "run");
        assert_eq!(stem("making"), stem("make"));
        assert_eq!(stem("ai"), "ai");
        assert_eq!(stem("glass"), "glass");
    }

    #[test]
    fn cues_open_clauses() {
        assert!(has_cue("那接下来我们就聊一聊公司，聊聊RSI啊。"));
        assert!(has_cue("好，另外一个问题"));
        assert!(has_cue("So let's talk about open source."));
        assert!(has_cue("Speaking of which"));
        assert!(!has_cue("我们最后的结果不错"));
        assert!(!has_cue("a lot of people talk about it"));
        assert!(!has_cue(""));
    }
}
