//! The parsers against real subtitle files (tests/fixtures/subtitles) and hand-made corners.

use super::markdown::*;
use super::subtitles::*;
use super::*;
use crate::text::clean::clean;
use crate::text::clean::normalize_newlines;
use crate::transcript::decode::decode;
use crate::transcript::document::NO_TIME;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/subtitles/");

/// The loader's pipeline up to the parsed, cleaned text.
fn load(name: &str) -> (Parsed, &'static str) {
    let bytes = std::fs::read(format!("{FIXTURES}{name}")).expect("fixture");
    let decoded = decode(bytes, None).expect("decodes");
    let text = normalize_newlines(decoded.text);
    let format = detect_format(Some(Path::new(name)), &text);
    let mut parsed = parse(text, format);
    parsed.text = clean(parsed.text);
    (parsed, decoded.encoding)
}

fn lines(p: &Parsed) -> Vec<&str> {
    p.text.split('\n').collect()
}

fn times(p: &Parsed) -> &[u32] {
    p.times.as_deref().expect("timed")
}

fn srt(s: &str) -> Parsed {
    parse(s.to_string(), Format::Srt)
}

fn vtt(s: &str) -> Parsed {
    parse(s.to_string(), Format::Vtt)
}

/// `&#10;` in a cue used to put a newline inside a transcript line, so that the document had
/// one line more than times, each time after it shifted by one.
#[test]
fn a_newline_by_reference_joins_like_a_line_of_the_cue() {
    let p = vtt("WEBVTT\n\n00:01.000 --> 00:02.000\na&#10;b&#13;c\n\n00:03.000 --> 00:04.000\nd\n");
    assert_eq!(lines(&p), ["a b c", "d"]);
    assert_eq!(times(&p), [1000, 3000]);
}

// --- detection -------------------------------------------------------------------------

#[test]
fn extension_decides() {
    let p = |name: &str| detect_format(Some(Path::new(name)), "whatever");
    assert_eq!(p("a.srt"), Format::Srt);
    assert_eq!(p("a.SRT"), Format::Srt);
    assert_eq!(p("a.vtt"), Format::Vtt);
    assert_eq!(p("a.md"), Format::Markdown);
    assert_eq!(p("a.Markdown"), Format::Markdown);
    assert_eq!(p("a.txt"), Format::Plain);
    assert_eq!(p("noext"), Format::Plain);
}

#[test]
fn txt_and_unknown_extensions_are_sniffed() {
    let srt = "1\n00:00:01,000 --> 00:00:02,000\nHi\n";
    assert_eq!(detect_format(Some(Path::new("a.txt")), srt), Format::Srt);
    assert_eq!(detect_format(None, srt), Format::Srt);
    assert_eq!(
        detect_format(Some(Path::new("x.log")), "WEBVTT\n\n"),
        Format::Vtt
    );
}

#[test]
fn sniffs_webvtt() {
    assert_eq!(sniff("WEBVTT\n\n00:01.000 --> 00:02.000\nhi"), Format::Vtt);
    assert_eq!(sniff("\u{FEFF}WEBVTT - title\n"), Format::Vtt);
    assert_eq!(sniff("WEBVTT"), Format::Vtt);
    assert_eq!(sniff("WEBVTTX is not it"), Format::Plain);
}

#[test]
fn sniffs_srt() {
    assert_eq!(
        sniff("\n\n1\n00:00:01,000 --> 00:00:02,000\nHi"),
        Format::Srt
    );
    assert_eq!(sniff("  12 \n0:0:1.5 --> 0:0:2.0\nHi"), Format::Srt);
    assert_eq!(sniff("00:00:01,000 --> 00:00:02,000\nHi"), Format::Srt);
    assert_eq!(
        sniff("1\nHello\n00:00:01,000 --> 00:00:02,000"),
        Format::Plain
    );
    assert_eq!(
        sniff("Chapter 1\n00:00:01,000 --> 00:00:02,000"),
        Format::Plain
    );
}

#[test]
fn sniffs_markdown_conservatively() {
    assert_eq!(sniff("# Title\n\ntext"), Format::Markdown);
    assert_eq!(sniff("\n\n## Title\ntext"), Format::Markdown);
    assert_eq!(
        sniff("intro\n# a\ntext\n## b\ntext\n### c\n"),
        Format::Markdown
    );
    // Two headings that are not on the first line: not enough.
    assert_eq!(sniff("intro\n# a\ntext\n## b\n"), Format::Plain);
    // Hashtags and shebangs are not headings.
    assert_eq!(sniff("#hashtag\n#another\n#third\n#fourth"), Format::Plain);
    assert_eq!(sniff("#!/bin/sh\necho"), Format::Plain);
    // Headings inside a fence do not count.
    assert_eq!(sniff("intro\n```\n# a\n# b\n# c\n```\n"), Format::Plain);
    assert_eq!(sniff("just some text\nand more"), Format::Plain);
    assert_eq!(sniff(""), Format::Plain);
}

// --- plain and markdown ----------------------------------------------------------------

#[test]
fn plain_text_passes_through_without_copy() {
    let text = String::from("line one\n  line two\t\n\nline four\n");
    let ptr = text.as_ptr();
    let p = parse(text, Format::Plain);
    assert_eq!(p.text.as_ptr(), ptr);
    assert_eq!(p.text, "line one\n  line two\t\n\nline four\n");
    assert!(p.times.is_none());
    assert!(p.headings.is_empty());
}

#[test]
fn markdown_headings() {
    let text = "# Intro #\ntext\n\n## Part *two* ##\n###### Six\n####### seven\n#no\n   ### indented\n    # code\n## trailing#hash\n## \\# kept ###   \n#\n";
    let ptr = text.as_ptr();
    let owned = text.to_string();
    let owned_ptr = owned.as_ptr();
    let p = parse(owned, Format::Markdown);
    assert_ne!(ptr, owned_ptr);
    assert_eq!(p.text.as_ptr(), owned_ptr, "markdown text is kept as is");
    let got: Vec<(usize, u8, &str)> = p
        .headings
        .iter()
        .map(|h| (h.line, h.level, h.title.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (0, 1, "Intro"),
            (3, 2, "Part *two*"),
            (4, 6, "Six"),
            (7, 3, "indented"),
            (9, 2, "trailing#hash"),
            (10, 2, "\\# kept"),
        ]
    );
    assert!(p.times.is_none());
}

#[test]
fn markdown_headings_in_fences_are_ignored() {
    let text = "# One\n```rust\n# not\n~~~\n# still not\n```\n# Two\n~~~~\n# no\n```\n~~~~~\n# Three\n````\n# unclosed fence runs to the end\n";
    let p = parse(text.to_string(), Format::Markdown);
    let got: Vec<(usize, &str)> = p
        .headings
        .iter()
        .map(|h| (h.line, h.title.as_str()))
        .collect();
    assert_eq!(got, vec![(0, "One"), (6, "Two"), (11, "Three")]);
}

#[test]
fn marked_lines_are_the_lines_that_can_be_headings_or_fences() {
    let texts = [
        "# a\n  ## b\n    # code\nx # not\n\n```\n~~~ y\n   ~\n#\n",
        "no marks at all\nnone\n",
        "#",
        "a\n\n   `x` #\n ~#`\r\n#x\n",
        "",
    ];
    for text in texts {
        let naive: Vec<(usize, &str)> = text
            .split('\n')
            .enumerate()
            .filter(|(_, l)| strip_indent(l).is_some_and(|r| r.starts_with(['#', '`', '~'])))
            .collect();
        assert_eq!(marked_lines(text).collect::<Vec<_>>(), naive, "{text:?}");
    }
}

#[test]
fn markdown_heading_titles_are_cleaned() {
    let p = parse("# a\tb\x1b[1m\n".to_string(), Format::Markdown);
    assert_eq!(p.headings[0].title, "a       b^[[1m");
}

// --- timestamps ------------------------------------------------------------------------

#[test]
fn timestamps_in_all_their_forms() {
    assert_eq!(parse_timestamp("00:00:01,000"), Some(1000));
    assert_eq!(parse_timestamp("01:02:03.456"), Some(3_723_456));
    assert_eq!(parse_timestamp("1:02:03,456"), Some(3_723_456));
    assert_eq!(parse_timestamp("02:03.456"), Some(123_456));
    assert_eq!(parse_timestamp("0:0:1,5"), Some(1005));
    assert_eq!(parse_timestamp("0:0:1,50"), Some(1050));
    assert_eq!(parse_timestamp("00:00:01,0009"), Some(1000));
    assert_eq!(parse_timestamp("100:00:00.000"), Some(360_000_000));
    assert_eq!(parse_timestamp("999:59:59.999"), Some(3_599_999_999));
    for bad in [
        "",
        "1",
        "00:00:01",
        "a:00:01,000",
        "00:00:01,",
        "00:001:01,000",
        "1:2:3:4,5",
        "1000:00:00,000",
        ":01,000",
        "00:01,-5",
    ] {
        assert_eq!(parse_timestamp(bad), None, "{bad:?}");
    }
}

#[test]
fn timing_lines() {
    assert_eq!(timing_start("00:00:01,000 --> 00:00:02,000"), Some(1000));
    assert_eq!(
        timing_start("00:01.500-->00:02.000 align:start position:0%"),
        Some(1500)
    );
    assert_eq!(
        timing_start("00:00:21,501 --> 00:00:22,500  X1:000 X2:000"),
        Some(21501)
    );
    assert_eq!(timing_start("see 00:01.500 --> there"), None);
    assert_eq!(timing_start("a --> b"), None);
}

// --- SRT -------------------------------------------------------------------------------

#[test]
fn srt_cues_become_lines_with_start_times() {
    let p = srt(
        "1\n00:00:01,000 --> 00:00:02,000\nHello\nworld\n\n2\n00:00:03,500 --> 00:00:04,000\n<i>Second</i>\n",
    );
    assert_eq!(lines(&p), ["Hello world", "Second"]);
    assert_eq!(times(&p), [1000, 3500]);
    assert!(p.headings.is_empty());
}

#[test]
fn srt_without_blank_lines_and_with_broken_blocks() {
    // No blank lines between cues, a cue without number, a garbage block, a cue without
    // text, out-of-order and overlapping cues.
    let p = srt(
        "garbage before\n\n1\n00:00:05,000 --> 00:00:06,000\nfirst\n2\n00:00:01,000 --> 00:00:09,000\nsecond\n00:00:02,000 --> 00:00:03,000\nthird\n\nnot a cue\n\n4\n00:00:07,000 --> 00:00:08,000\n\n5\n00:00:04,000 --> 00:00:05,000\nlast\n",
    );
    assert_eq!(
        lines(&p),
        [
            "garbage before",
            "first",
            "second",
            "third",
            "not a cue",
            "last"
        ]
    );
    assert_eq!(times(&p), [NO_TIME, 5000, 1000, 2000, 2000, 4000]);
}

#[test]
fn srt_keeps_a_number_that_is_cue_text() {
    let p = srt(
        "1\n00:00:01,000 --> 00:00:02,000\nHow many?\n42\n\n2\n00:00:03,000 --> 00:00:04,000\n42\n",
    );
    // "42" above a blank line is text; "42" right under a timing line is text.
    assert_eq!(lines(&p), ["How many? 42", "42"]);
}

#[test]
fn srt_whitespace_cues_are_dropped_and_lines_trimmed() {
    let p = srt(
        "1\n00:00:01,000 --> 00:00:02,000\n   \n\n2\n00:00:02,000 --> 00:00:03,000\n<b> </b>\n\n3\n00:00:03,000 --> 00:00:04,000\n  spaced   out  \n  second  \n",
    );
    assert_eq!(lines(&p), ["spaced   out second"]);
    assert_eq!(times(&p), [3000]);
}

#[test]
fn srt_tags_and_ass_overrides() {
    let p = srt(
        "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color=\"#FF0000\">Red</font> <B>bold</B> <u>u</u> <s>s</s>\nline\\Nbreak a\\hb {\\i1}x{\\i0}\n2<3,5>1,4<6 <invalid_tag>x</invalid_tag> {normal} > <\n",
    );
    assert_eq!(
        lines(&p),
        ["Red bold u s line break a b x 2<3,5>1,4<6 <invalid_tag>x</invalid_tag> {normal} > <"]
    );
}

#[test]
fn srt_does_not_decode_entities_but_vtt_does() {
    let body = "00:00:01.000 --> 00:00:02.000\nTom &amp; Jerry &lt;3 &gt; &nbsp;x&lrm;&#39;&#x4e2d;&bogus; &\n";
    assert_eq!(
        lines(&srt(body)),
        ["Tom &amp; Jerry &lt;3 &gt; &nbsp;x&lrm;&#39;&#x4e2d;&bogus; &"]
    );
    assert_eq!(
        lines(&vtt(body)),
        ["Tom & Jerry <3 > \u{A0}x\u{200E}'中&bogus; &"]
    );
    // Decoded brackets are text, not tags.
    assert_eq!(
        lines(&vtt("00:01.000 --> 00:02.000\n&lt;i&gt;x&lt;/i&gt;")),
        ["<i>x</i>"]
    );
}

#[test]
fn srt_without_any_timing_line_is_plain_text() {
    let text = "just\n\nsome text\n";
    let p = srt(text);
    assert_eq!(p.text, text);
    assert!(p.times.is_none());
    assert_eq!(srt("").text, "");
}

#[test]
fn mostly_not_srt_still_gives_its_lines() {
    let mut text = String::new();
    for i in 0..100 {
        text.push_str(&format!("prose line {i}\n\n"));
    }
    text.push_str("00:00:01,000 --> 00:00:02,000\ncue\n\nmore prose\nand more\n");
    let p = srt(&text);
    let l = lines(&p);
    assert_eq!(l.len(), 103);
    assert_eq!(l[0], "prose line 0");
    assert_eq!(l[99], "prose line 99");
    assert_eq!(&l[100..], ["cue", "more prose", "and more"]);
    assert_eq!(times(&p)[100..], [1000, 1000, 1000]);
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "-->",
        "\n-->\n<",
        "1\n2\n3\n-->\n00:00:01,000 -->",
        "00:00:01,000 -->\n<b<i<u>>>{\\{\\}&#xFFFFFFFF;&#0;&;&#;&#x;",
        "WEBVTT\n\nNOTE\n\nSTYLE\n::cue {}\n\n00:00.000 --> 00:01.000\n\u{FEFF}\u{202E}x",
        "\u{FEFF}",
        "é<\u{4e2d}>ü{\\\u{4e2d}}",
    ];
    for s in inputs {
        for f in [Format::Srt, Format::Vtt, Format::Markdown, Format::Plain] {
            let p = parse(s.to_string(), f);
            if let Some(t) = &p.times {
                assert_eq!(t.len(), p.text.split('\n').count(), "{s:?} {f:?}");
            }
        }
    }
    let long = "<".repeat(200_000) + &"{\\".repeat(100_000) + "&";
    let p = srt(&format!("00:00:01,000 --> 00:00:02,000\n{long}"));
    assert_eq!(p.text.len(), long.len());
}

// --- WebVTT ----------------------------------------------------------------------------

#[test]
fn vtt_header_notes_styles_regions_and_identifiers_are_dropped() {
    let p = vtt(
        "WEBVTT - demo\nKind: captions\nLanguage: en\n\nNOTE a comment\nspanning lines\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1\n\nintro-id\n00:00:01.000 --> 00:00:02.000 align:start position:0%\n<v Roger Bingham>We are in New York City\n\n2\n00:02.500 --> 00:04.000 region:r1\n<c.yellow.bg_blue>Yellow</c> <lang en>text</lang> <ruby>漢<rt>kan</rt></ruby>\n\nNOTE\n\n00:05.000 --> 00:06.000\nNOTE this is text, not a comment\n",
    );
    assert_eq!(
        lines(&p),
        [
            "We are in New York City",
            "Yellow text 漢kan",
            "NOTE this is text, not a comment"
        ]
    );
    assert_eq!(times(&p), [1000, 2500, 5000]);
}

#[test]
fn vtt_word_timings_and_single_space_cues() {
    let p = vtt(
        "WEBVTT\n\n00:00:00.000 --> 00:00:02.750 align:start position:0%\n \nKerbal<00:00:00.659><c> Space</c><00:00:00.780><c> Program</c>\n\n00:00:02.750 --> 00:00:02.760\n \n \n",
    );
    assert_eq!(lines(&p), ["Kerbal Space Program"]);
    assert_eq!(times(&p), [0]);
}

#[test]
fn vtt_rolling_captions_collapse() {
    let p = vtt(
        "WEBVTT\n\n00:00.000 --> 00:02.000\n \none<00:00.500><c> two</c>\n\n00:02.000 --> 00:02.010\none two\n \n\n00:02.010 --> 00:04.000\none two\nthree<00:03.000><c> four</c>\n\n00:04.000 --> 00:04.010\nthree four\n \n\n00:04.010 --> 00:06.000\nthree four\nfive\n",
    );
    assert_eq!(lines(&p), ["one two", "three four", "five"]);
    assert_eq!(times(&p), [0, 2010, 4010]);
}

#[test]
fn two_cue_vtt_rolls_too() {
    let p =
        vtt("WEBVTT\n\n00:01.000 --> 00:02.000\nfirst\n\n00:02.000 --> 00:03.000\nfirst\nsecond\n");
    assert_eq!(lines(&p), ["first", "second"]);
    assert_eq!(times(&p), [1000, 2000]);
}

#[test]
fn srt_converted_from_rolling_captions_collapses() {
    let p = srt(
        "1\n00:00:00,000 --> 00:00:02,000\none\n\n2\n00:00:02,000 --> 00:00:04,000\none\ntwo\n\n3\n00:00:04,000 --> 00:00:06,000\ntwo\nthree\n",
    );
    assert_eq!(lines(&p), ["one", "two", "three"]);
    assert_eq!(times(&p), [0, 2000, 4000]);
}

#[test]
fn vtt_header_after_blank_lines_and_cue_without_blank_before() {
    let p =
        vtt("\n\nWEBVTT\nKind: captions\n00:01.000 --> 00:02.000\na\n00:03.000 --> 00:04.000\nb\n");
    assert_eq!(lines(&p), ["a", "b"]);
    assert_eq!(times(&p), [1000, 3000]);
}

#[test]
fn ordinary_repeats_are_kept() {
    // One repeated line among many cues is not rolling captions.
    let mut s = String::from("WEBVTT\n\n");
    for (i, line) in ["No!", "No!", "a", "b", "c", "d", "e", "f"]
        .iter()
        .enumerate()
    {
        s.push_str(&format!("00:0{i}.000 --> 00:0{i}.500\n{line}\n\n"));
    }
    let p = vtt(&s);
    assert_eq!(lines(&p), ["No!", "No!", "a", "b", "c", "d", "e", "f"]);
}

// --- real files ------------------------------------------------------------------------

#[test]
fn youtube_autocaptions_give_each_line_once() {
    let (p, encoding) = load("en_youtube_autocaption_ambiso_tldw_subs.en.vtt");
    assert_eq!(encoding, "UTF-8");
    let l = lines(&p);
    let t = times(&p);
    assert_eq!(l.len(), t.len());
    assert_eq!(
        l[..4],
        [
            "Kerbal Space Program 2 had a very Rocky",
            "release last month and no I'm not",
            "talking about the planet from the Beyond",
            "home planet pack but yesterday the first",
        ]
    );
    assert_eq!(t[..4], [0, 2760, 4740, 6600]);
    // 425 lines with word timings, and three one-word lines ("covering", "more",
    // "Wednesday") that have none.
    assert_eq!(l.len(), 428);
    let covering = l
        .iter()
        .position(|&x| x == "covering")
        .expect("one-word line");
    assert_eq!(t[covering], 32_160);
    assert_eq!(l[covering - 1], "subscribing for future updates I'll be");
    assert_eq!(
        l[l.len() - 2..],
        [
            "I've been kanasa like And subscribe for",
            "more and I will see you later"
        ]
    );
    assert_eq!(t[t.len() - 1], 879_660);
    // Each line once: no line repeats the one before it, times never go back, no tags.
    assert!(l.windows(2).all(|w| w[0] != w[1]));
    assert!(t.windows(2).all(|w| w[0] <= w[1]));
    assert!(!p.text.contains('<') && !p.text.contains("align:"));
    assert!(!p.text.contains("Kind:") && !p.text.contains("WEBVTT"));
    assert!(l.iter().all(|x| !x.is_empty() && x.trim() == *x));
}

#[test]
fn cp1252_srt_has_1332_cues() {
    let (p, encoding) = load("crlf_cp1252_pysrt_windows-1252.srt");
    assert_eq!(encoding, "windows-1252");
    let l = lines(&p);
    let t = times(&p);
    assert_eq!(l.len(), 1332);
    assert_eq!(t.len(), 1332);
    assert_eq!(l[0], "Downloaded From www.AllSubs.org");
    assert_eq!(t[0], 1000);
    assert_eq!(l[1], "CE FILM RELATE DES ÉVÉNEMENTS QUI ONT EXISTÉ.");
    assert_eq!(t[1], 27_074);
    assert_eq!(l[3], "Il fut un temps, avant l'existence du câble,");
    assert_eq!(l[4], "où le présentateur local régnait en maître.");
    assert_eq!(l[1330], "PRESENTATEUR VEDETTE La légende de Ron Burgundy");
    assert_eq!(l[1331], "Downloaded From www.AllSubs.org");
    assert_eq!(t[1331], 97 * 60_000 + 19_634);
    assert!(!p.text.contains('\r'));
}

#[test]
fn bom_crlf_srt_loses_bom_and_tags_keeps_japanese() {
    let (p, encoding) = load("crlf_bom_pysrt_capability_tester.srt");
    assert_eq!(encoding, "UTF-8");
    let l = lines(&p);
    let t = times(&p);
    assert_eq!(l.len(), 37);
    assert_eq!(
        l[0],
        "Don't show this text it may be used to insert hidden data"
    );
    assert_eq!(t[0], 0);
    assert!(l[1].starts_with("SubRip subtitles capability tester 1.3o by ale5000 Use VLC 1.1"));
    assert!(l[1].contains("This text should be blue This text should be red"));
    assert_eq!(l[2], "Hidden");
    assert_eq!(t[2], 4500);
    assert_eq!(
        l[4],
        "This should be an E with an accent: È 日本語 This text should be bold, italics and underline This text should be small and green This text should be small and red This text should be big and brown"
    );
    assert_eq!(
        l[7],
        "and also <invalid_tag par=5>hide invalid html tags with parameters that are closed and show the text in them</invalid_tag> <invalid_tag_uc par=5>but show un-closed invalid html tags This text should be showed underlined without problems also: 2<3,5>1,4<6 This shouldn't be underlined"
    );
    assert!(l[6].starts_with("> It would be a good thing to"));
    assert!(l[6].ends_with("Show not opened tags</invalid_tag_not_opened> <"));
    assert_eq!(
        l[10],
        "Implementation is the same of the ASS tag This text should be at the top and horizontally centered"
    );
    assert_eq!(l[19], "This could be the most difficult thing to implement");
    // Overlapping and out-of-order cues stay in file order.
    assert_eq!(t[20..26], [31_501, 33_500, 35_501, 36_501, 40_501, 45_501]);
    assert_eq!(
        l[36],
        "Both line should be strikethrough but the wrong closing tag should be showed"
    );
    assert!(!p.text.contains('\u{FEFF}') && !p.text.contains('\r'));
    assert!(!p.text.contains("<b>") && !p.text.contains("</font>") && !p.text.contains("{\\an"));
}

#[test]
fn chinese_srts_give_their_cue_counts() {
    let (p, _) = load("zh_pytvzhen_zh.srt");
    let (l, t) = (lines(&p), times(&p));
    assert_eq!(l.len(), 104);
    assert_eq!(t.len(), 104);
    assert_eq!(l[0], "在2011年的一项研究中");
    assert_eq!(t[0], 8220);
    assert_eq!(t[103], 5 * 60_000 + 12_250);

    let (p, _) = load("zh_gdsub_robot_lab_zh.srt");
    let (l, t) = (lines(&p), times(&p));
    assert_eq!(l.len(), 179);
    assert_eq!(l[0], "大家好。");
    assert_eq!(t[0], 7068);
    // A two-line cue joined with a space.
    assert_eq!(l[3], "现实世界中的机器人学习问题中 使用模拟和域适应。");
    assert_eq!(l[178], "谢谢。");
    assert_eq!(t[178], 9 * 60_000 + 34_565);
}

#[test]
fn sniffing_the_real_files_without_their_extensions() {
    for (name, format) in [
        ("zh_pytvzhen_zh.srt", Format::Srt),
        ("crlf_cp1252_pysrt_windows-1252.srt", Format::Srt),
        ("crlf_bom_pysrt_capability_tester.srt", Format::Srt),
        (
            "en_youtube_autocaption_ambiso_tldw_subs.en.vtt",
            Format::Vtt,
        ),
        ("SOURCES.md", Format::Markdown),
    ] {
        let bytes = std::fs::read(format!("{FIXTURES}{name}")).expect("fixture");
        let text = normalize_newlines(decode(bytes, None).expect("decodes").text);
        assert_eq!(
            detect_format(Some(Path::new("x.txt")), &text),
            format,
            "{name}"
        );
    }
}

#[test]
fn big_subtitle_file_is_linear_enough() {
    // 100k cues: a smoke test that nothing is quadratic (a quadratic pass would not finish).
    let mut s = String::with_capacity(6_000_000);
    for i in 0..100_000u32 {
        let (h, m, sec) = (i / 3600, i / 60 % 60, i % 60);
        s.push_str(&format!(
            "{i}\n{h}:{m:02}:{sec:02},000 --> {h}:{m:02}:{sec:02},900\n<i>line {i}</i>\n\n"
        ));
    }
    let p = srt(&s);
    assert_eq!(times(&p).len(), 100_000);
    assert_eq!(lines(&p)[99_999], "line 99999");
}

mod props {
    use super::super::*;
    use proptest::prelude::*;

    /// Subtitle-ish text: timing lines, numbers, tags and noise.
    fn subtitle_soup() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("00:00:01,000 --> 00:00:02,000".to_string()),
                Just("0:01.5 --> x".to_string()),
                Just("WEBVTT".to_string()),
                Just("NOTE x".to_string()),
                Just("12".to_string()),
                Just(String::new()),
                Just(" ".to_string()),
                Just("<i>a</i> <00:00:01.000><c>b</c> {\\an8}&amp;".to_string()),
                "[<>{}&;#a-z0-9 :.,\\\\-]{0,12}",
                any::<String>(),
            ],
            0..30,
        )
        .prop_map(|v| v.join("\n"))
    }

    proptest! {
        #[test]
        fn subtitles_give_one_time_per_line(s in subtitle_soup()) {
            for format in [Format::Srt, Format::Vtt] {
                let p = parse(s.clone(), format);
                if let Some(times) = &p.times {
                    if times.is_empty() {
                        // Every cue ended up empty.
                        prop_assert_eq!(p.text.as_str(), "");
                        continue;
                    }
                    prop_assert_eq!(times.len(), p.text.split('\n').count());
                    for line in p.text.split('\n') {
                        prop_assert!(!line.is_empty());
                        prop_assert_eq!(line.trim(), line);
                    }
                } else {
                    prop_assert_eq!(&p.text, &s);
                }
            }
        }

        #[test]
        fn markdown_headings_point_at_heading_lines(s in subtitle_soup()) {
            let text = s.replace("WEBVTT", "# Title").replace("12", "## Two");
            let p = parse(text.clone(), Format::Markdown);
            let lines: Vec<&str> = text.split('\n').collect();
            for h in &p.headings {
                prop_assert!(lines[h.line].trim_start().starts_with('#'));
                prop_assert!((1..=6).contains(&h.level));
            }
            let _ = sniff(&text);
        }
    }
}
