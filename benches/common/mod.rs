//! Shared by the benches and `examples/gen_transcript.rs`: a large synthetic transcript.
//!
//! Deterministic (a fixed-seed generator): the same line count always gives the same bytes.
//! Lines are subtitle-like, mixed Chinese and Latin text, about 48 bytes on average, in topics of
//! 40–400 lines that each favour their own keywords (so the automatic outline has something to
//! find). The first line starts with [`FIRST_MARK`], line 39 (the last of a 40-row terminal's
//! first screen, in less and in lector) with [`SCREEN_MARK`], the last line with [`LAST_MARK`]
//! and holds [`PHRASE`]; no other line holds any of them. The marks are made of digits and brackets, which
//! no other line has: a terminal that redraws only the cells that changed (as ratatui does)
//! still writes a mark out whole, so `examples/compare_less.rs` can watch for it in the
//! terminal's output stream.

#![allow(dead_code)]

/// On the first line only.
pub const FIRST_MARK: &str = "[0123456789]";
/// On line 39 only: the last line of the first screen in a 40-row terminal.
pub const SCREEN_MARK: &str = "[3939393939]";
/// The 0-based line that holds [`SCREEN_MARK`].
pub const SCREEN_MARK_LINE: usize = 38;
/// On the last line only.
pub const LAST_MARK: &str = "[9876543210]";
/// The search phrase: on the last line only.
pub const PHRASE: &str = "zebraquokka";

const ZH: &[&str] = &[
    "我们",
    "今天",
    "讨论",
    "模型",
    "数据",
    "训练",
    "其实",
    "这个",
    "问题",
    "就是",
    "因为",
    "所以",
    "大家",
    "觉得",
    "可能",
    "非常",
    "重要",
    "时候",
    "开始",
    "已经",
    "公司",
    "产品",
    "用户",
    "市场",
    "技术",
    "能力",
    "未来",
    "发展",
    "方向",
    "研究",
    "团队",
    "开源",
    "推理",
    "算力",
    "芯片",
    "成本",
    "效果",
    "体验",
    "应用",
    "场景",
    "机器人",
    "语言",
    "视频",
    "图像",
    "搜索",
    "广告",
    "社交",
    "眼镜",
    "一个",
    "什么",
    "怎么",
    "还是",
    "然后",
    "如果",
    "但是",
    "比较",
    "真的",
    "我们的",
    "他们",
    "出来",
];
const ZH_PUNCT: &[&str] = &["，", "。", "？", "！", "、"];
const EN: &[&str] = &[
    "the",
    "model",
    "data",
    "we",
    "think",
    "really",
    "about",
    "open",
    "source",
    "people",
    "going",
    "to",
    "be",
    "a",
    "lot",
    "of",
    "compute",
    "training",
    "inference",
    "product",
    "and",
    "that",
    "is",
    "it",
    "you",
    "know",
    "like",
    "so",
    "this",
    "what",
    "they",
    "build",
    "scale",
    "team",
    "research",
    "users",
    "future",
    "market",
    "glasses",
    "video",
    "search",
    "agents",
    "reasoning",
    "benchmark",
    "latency",
    "cost",
    "chips",
    "cluster",
    "release",
    "version",
];
/// Topic keywords: each topic draws some of its words from one of these.
const TOPICS: &[(&[&str], &[&str])] = &[
    (&["Llama", "Meta", "Behemoth"], &["羊驼", "元宇宙", "巨兽"]),
    (
        &["DeepSeek", "MoE", "distillation"],
        &["深度求索", "蒸馏", "专家"],
    ),
    (
        &["GPU", "datacenter", "Nvidia"],
        &["显卡", "数据中心", "英伟达"],
    ),
    (
        &["Ray-Ban", "AR", "hologram"],
        &["雷朋", "增强现实", "全息"],
    ),
    (
        &["WhatsApp", "Instagram", "feed"],
        &["信息流", "短视频", "推荐"],
    ),
    (
        &["robotics", "Optimus", "humanoid"],
        &["人形", "机械臂", "灵巧手"],
    ),
    (&["tariffs", "China", "export"], &["关税", "出口", "管制"]),
    (&["coding", "agent", "Copilot"], &["编程", "智能体", "代码"]),
    (&["safety", "alignment", "RLHF"], &["安全", "对齐", "奖励"]),
    (
        &["podcast", "interview", "Dwarkesh"],
        &["播客", "访谈", "主持人"],
    ),
];

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// One line of topic `t` into `out` (without the newline).
fn line(rng: &mut Rng, t: usize, out: &mut String) {
    let (en_topic, zh_topic) = TOPICS[t];
    match rng.below(10) {
        // Chinese, sometimes with a Latin name in it: ~25–65 bytes.
        0..=5 => {
            let words = 4 + rng.below(6);
            for i in 0..words {
                if i > 0 && rng.below(5) == 0 {
                    out.push_str(rng.pick(ZH_PUNCT));
                }
                match rng.below(8) {
                    0 => {
                        out.push(' ');
                        out.push_str(rng.pick(en_topic));
                        out.push(' ');
                    }
                    1 | 2 => out.push_str(rng.pick(zh_topic)),
                    _ => out.push_str(rng.pick(ZH)),
                }
            }
        }
        // English: ~25–60 bytes.
        _ => {
            let words = 5 + rng.below(6);
            for i in 0..words {
                if i > 0 {
                    out.push(' ');
                }
                match rng.below(7) {
                    0 => out.push_str(rng.pick(en_topic)),
                    1 if rng.below(3) == 0 => out.push_str(rng.pick(zh_topic)),
                    _ => out.push_str(rng.pick(EN)),
                }
            }
        }
    }
}

/// Calls `f` with each line of a `lines`-line transcript, without newlines.
pub fn for_each_line(lines: usize, mut f: impl FnMut(&str)) {
    let mut rng = Rng(0x1ec7_0a5c_a1e5);
    let mut topic = 0;
    let mut topic_left = 0;
    let mut s = String::with_capacity(256);
    for i in 0..lines {
        s.clear();
        if i == 0 {
            s.push_str(FIRST_MARK);
            s.push_str(" 大家好，欢迎收听本期节目 welcome to the show");
        } else if i + 1 == lines {
            s.push_str(LAST_MARK);
            s.push_str(" 我们下期再见 ");
            s.push_str(PHRASE);
            s.push_str(" farewell");
        } else {
            if i == SCREEN_MARK_LINE {
                s.push_str(SCREEN_MARK);
                s.push(' ');
            }
            if topic_left == 0 {
                topic = rng.below(TOPICS.len());
                topic_left = 40 + rng.below(360);
            }
            topic_left -= 1;
            line(&mut rng, topic, &mut s);
        }
        f(&s);
    }
}

/// Where [`SCREEN_MARK`] goes in [`long_line`]: on the first screen of both less (120 columns)
/// and lector (narrower, beside its outline) for Latin and Chinese text.
pub const LONG_LINE_SCREEN_MARK_AT: usize = 2_000;

/// One line of at least `bytes` bytes, of Latin words (`cjk` false) or of Chinese words and
/// punctuation without spaces (`cjk` true): [`FIRST_MARK`] starts it, [`SCREEN_MARK`] comes
/// after [`LONG_LINE_SCREEN_MARK_AT`] bytes, and it ends with [`PHRASE`] and [`LAST_MARK`].
pub fn long_line(bytes: usize, cjk: bool) -> String {
    let mut rng = Rng(0x10_1e_11_e5);
    let mut s = String::with_capacity(bytes + 64);
    s.push_str(FIRST_MARK);
    s.push(' ');
    let mut marked = false;
    while s.len() < bytes {
        if !marked && s.len() >= LONG_LINE_SCREEN_MARK_AT {
            s.push_str(SCREEN_MARK);
            s.push(' ');
            marked = true;
        }
        if cjk {
            s.push_str(rng.pick(ZH));
            if rng.below(6) == 0 {
                s.push_str(rng.pick(ZH_PUNCT));
            }
        } else {
            s.push_str(rng.pick(EN));
            s.push(' ');
        }
    }
    s.push(' ');
    s.push_str(PHRASE);
    s.push(' ');
    s.push_str(LAST_MARK);
    s
}

/// A `lines`-line transcript, each line ending in a newline.
pub fn transcript(lines: usize) -> String {
    let mut text = String::with_capacity(lines * 50);
    for_each_line(lines, |l| {
        text.push_str(l);
        text.push('\n');
    });
    text
}
