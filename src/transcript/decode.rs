//! Bytes → text: BOMs, UTF-8 (kept even with a few bad bytes), UTF-16 with or without a BOM,
//! legacy encodings by detection.
//!
//! The order of decisions:
//!
//! 1. A forced label (`--encoding NAME`) wins over everything, including the binary check (it is
//!    the escape hatch for a file lector wrongly takes for binary). A BOM of that encoding is
//!    removed.
//! 2. The [`Layout`], from the first [`BINARY_SNIFF`] bytes: a UTF-16 LE/BE BOM, or without a BOM
//!    the NUL pattern of UTF-16 (zero high bytes of ASCII characters, all on one side), decides
//!    UTF-16; a UTF-8 BOM decides UTF-8 (bad bytes become U+FFFD); anything else is bytes.
//! 3. The binary check ([`BinaryCheck`]), over the whole input, not only its start: a NUL byte
//!    anywhere (for UTF-16, a U+0000 unit), or a block of [`BINARY_SNIFF`] bytes of which more
//!    than 10% are C0 control bytes (not counting tab, LF, CR, form feed and ESC), mean a binary
//!    file. The loader runs the same check as the bytes stream in, so a binary tail is refused
//!    when it arrives.
//! 4. Valid UTF-8 is UTF-8 (no copy). UTF-8 with a few bad bytes stays UTF-8 with replacement
//!    characters: when there are at least [`MULTIBYTE_PER_BAD`] valid multi-byte sequences per
//!    invalid one, the file is taken for damaged UTF-8 rather than a legacy encoding.
//! 5. Otherwise chardetng guesses (GBK, Big5, windows-1252, Shift_JIS, …) from a sample of the
//!    whole input ([`DETECT_SAMPLE`] bytes: its start and slices spread over the rest), so text
//!    after a long ASCII head is seen. A language hint (the locale, or a tag in the file name such
//!    as `talk.zh.srt`) is chardetng's top-level-domain hint. Without one, a guess of EUC-KR on
//!    text that reads as GBK is taken for GBK when it is too short to tell (`你好`) or its Hangul
//!    runs on without the spaces Korean puts between words: Chinese is the likelier reading.

use encoding_rs::{EUC_KR, Encoding, GBK, UTF_8, UTF_16BE, UTF_16LE};

/// Text decoded from bytes, and the encoding it came from.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    /// The encoding's name (`UTF-8`, `GBK`, `Big5`, `windows-1252`, `UTF-16LE`, …).
    pub encoding: &'static str,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DecodeError {
    #[error("looks like a binary file, not text")]
    Binary,
    #[error("unknown encoding '{0}' (try utf-8, gb18030, gbk, big5, windows-1252, utf-16le)")]
    UnknownEncoding(String),
}

/// How many bytes decide the [`Layout`]; the size of a block of the control-byte check.
pub const BINARY_SNIFF: usize = 64 * 1024;

/// How many bytes chardetng sees when guessing a legacy encoding, at most.
pub const DETECT_SAMPLE: usize = 1024 * 1024;

/// How many slices of the input the detector's sample is made of (the first is the start).
const DETECT_SLICES: usize = 16;

/// Valid multi-byte UTF-8 sequences needed per invalid sequence for a file to stay UTF-8.
pub const MULTIBYTE_PER_BAD: usize = 4;

/// A language hint for the detector, as chardetng takes it: a top-level domain (`cn`, `tw`,
/// `jp`, `kr`, …). `None`: no hint.
pub type Hint = Option<&'static [u8]>;

/// How the bytes are laid out, decided from their first [`BINARY_SNIFF`] bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A byte encoding (UTF-8 or legacy), after a UTF-8 BOM of `bom` bytes (0 or 3).
    Bytes { bom: usize },
    /// UTF-16, big-endian or not, after a BOM of `bom` bytes (0 or 2).
    Utf16 { big_endian: bool, bom: usize },
}

impl Layout {
    /// The layout of input starting with `head` (its first [`BINARY_SNIFF`] bytes are looked at).
    pub fn of(head: &[u8]) -> Layout {
        let head = &head[..head.len().min(BINARY_SNIFF)];
        match Encoding::for_bom(head) {
            Some((enc, bom)) if enc == UTF_16LE => Layout::Utf16 {
                big_endian: false,
                bom,
            },
            Some((enc, bom)) if enc == UTF_16BE => Layout::Utf16 {
                big_endian: true,
                bom,
            },
            Some((_, bom)) => Layout::Bytes { bom },
            None => match utf16_by_nuls(head) {
                Some(big_endian) => Layout::Utf16 { big_endian, bom: 0 },
                None => Layout::Bytes { bom: 0 },
            },
        }
    }

    fn bom(self) -> usize {
        match self {
            Layout::Bytes { bom } | Layout::Utf16 { bom, .. } => bom,
        }
    }
}

/// Whether `head` looks like UTF-16 without a BOM, and which: text in UTF-16 has a zero high
/// byte in every ASCII character (newlines, spaces, digits, Latin), so its NULs all fall on one
/// side (odd offsets for little-endian), one unit in 32 or more; no unit is U+0000, no
/// surrogate is unpaired, and control characters are rare. Binary data with NULs fails one of
/// these; so does 8-bit text with a stray NUL.
fn utf16_by_nuls(head: &[u8]) -> Option<bool> {
    let units = head.len() / 2;
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in head.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let big_endian = match (even, odd) {
        (e, o) if o >= 2 && o * 32 >= units && e * 8 <= o => false,
        (e, o) if e >= 2 && e * 32 >= units && o * 8 <= e => true,
        _ => return None,
    };
    let unit = |pair: &[u8]| {
        if big_endian {
            u16::from_be_bytes([pair[0], pair[1]])
        } else {
            u16::from_le_bytes([pair[0], pair[1]])
        }
    };
    let mut controls = 0usize;
    let mut high_surrogate = false;
    for pair in head.chunks_exact(2) {
        let u = unit(pair);
        let is_high = (0xD800..0xDC00).contains(&u);
        let is_low = (0xDC00..0xE000).contains(&u);
        if u == 0 || u >= 0xFFFE || is_low != high_surrogate || (high_surrogate && is_high) {
            // A high surrogate cut off at the end of `head` is not a fault.
            return None;
        }
        high_surrogate = is_high;
        controls += usize::from(u < 0x20 && !matches!(u, 0x09 | 0x0A | 0x0C | 0x0D | 0x1B));
    }
    (controls * 100 <= units).then_some(big_endian)
}

/// The binary check, fed the input as it streams in: [`BinaryCheck::feed`] with everything read
/// so far, after each read. The verdict does not depend on how the input is cut into reads, and
/// is [`decode`]'s.
#[derive(Debug, Default, Clone)]
pub struct BinaryCheck {
    /// Decided once [`BINARY_SNIFF`] bytes (or all of a shorter input) have come.
    layout: Option<Layout>,
    /// Bytes searched for NULs (or U+0000 units) so far.
    nuls_to: usize,
    /// Control-byte blocks checked so far end here.
    blocks_to: usize,
}

impl BinaryCheck {
    /// Checks what `bytes`, the whole input read so far, adds to what was checked before. `eof`:
    /// `bytes` is the whole input. Once it has failed, the input is binary.
    pub fn feed(&mut self, bytes: &[u8], eof: bool) -> Result<(), DecodeError> {
        let layout = match self.layout {
            Some(layout) => layout,
            None if bytes.len() < BINARY_SNIFF && !eof => return Ok(()),
            None => {
                let layout = Layout::of(bytes);
                self.nuls_to = layout.bom();
                self.blocks_to = layout.bom();
                self.layout = Some(layout);
                layout
            }
        };
        match layout {
            Layout::Utf16 { .. } => {
                // Units are aligned to the BOM (0 or 2): a U+0000 unit is two zero bytes at an
                // even offset.
                let end = bytes.len() & !1;
                if self.nuls_to < end {
                    let zero_unit = bytes[self.nuls_to..end]
                        .chunks_exact(2)
                        .any(|u| u == [0, 0]);
                    self.nuls_to = end;
                    if zero_unit {
                        return Err(DecodeError::Binary);
                    }
                }
            }
            Layout::Bytes { bom } => {
                if memchr::memchr(0, &bytes[self.nuls_to..]).is_some() {
                    return Err(DecodeError::Binary);
                }
                self.nuls_to = bytes.len();
                while self.blocks_to + BINARY_SNIFF <= bytes.len() {
                    too_many_controls(&bytes[self.blocks_to..self.blocks_to + BINARY_SNIFF])?;
                    self.blocks_to += BINARY_SNIFF;
                }
                if eof && self.blocks_to < bytes.len() {
                    // The last, partial block: the last BINARY_SNIFF bytes, so that a few bytes
                    // at the end are not judged alone.
                    let from = bytes.len().saturating_sub(BINARY_SNIFF).max(bom);
                    too_many_controls(&bytes[from..])?;
                    self.blocks_to = bytes.len();
                }
            }
        }
        Ok(())
    }
}

/// More than 10% C0 control bytes (not counting tab, LF, CR, form feed and ESC) in `block`.
fn too_many_controls(block: &[u8]) -> Result<(), DecodeError> {
    const ALLOWED: u32 = 1 << b'\t' | 1 << b'\n' | 1 << b'\r' | 1 << 0x0c | 1 << 0x1b;
    // Counting every byte below 0x20 vectorises (~20 GB/s); the exact count, which leaves out
    // the allowed ones, runs only when that is already over the line.
    let low: usize = block
        .chunks(255)
        .map(|c| c.iter().fold(0u8, |n, &b| n + u8::from(b < 0x20)) as usize)
        .sum();
    if low * 10 <= block.len() {
        return Ok(());
    }
    let controls = block
        .iter()
        .filter(|&&b| b < 0x20 && ALLOWED >> b & 1 == 0)
        .count();
    if controls * 10 > block.len() {
        return Err(DecodeError::Binary);
    }
    Ok(())
}

/// Decodes `bytes`. `forced` is an encoding label (`--encoding`), which wins over detection.
pub fn decode(bytes: Vec<u8>, forced: Option<&str>) -> Result<Decoded, DecodeError> {
    decode_hinted(bytes, forced, None)
}

/// [`decode`] with a language hint for the detector of legacy encodings.
pub fn decode_hinted(
    bytes: Vec<u8>,
    forced: Option<&str>,
    hint: Hint,
) -> Result<Decoded, DecodeError> {
    if let Some(label) = forced {
        return Ok(decode_as(bytes, encoding_for(label)?));
    }
    BinaryCheck::default().feed(&bytes, true)?;
    match Layout::of(&bytes) {
        Layout::Utf16 { big_endian, .. } => {
            let enc = if big_endian { UTF_16BE } else { UTF_16LE };
            Ok(decode_as(bytes, enc))
        }
        // UTF-8 BOM: the file says it is UTF-8; bad bytes become replacement characters.
        Layout::Bytes { bom: bom @ 1.. } => Ok(decode_utf8(bytes, bom)),
        Layout::Bytes { bom: 0 } => {
            if is_utf8(&bytes) || mostly_utf8(&bytes) {
                return Ok(decode_utf8(bytes, 0));
            }
            let encoding = detect(&bytes, hint);
            Ok(decode_as(bytes, encoding))
        }
    }
}

/// The encoding an `--encoding` label names.
pub fn encoding_for(label: &str) -> Result<&'static Encoding, DecodeError> {
    Encoding::for_label(label.trim().as_bytes())
        .ok_or_else(|| DecodeError::UnknownEncoding(label.to_string()))
}

/// chardetng's guess for `bytes` (not UTF-8), from a sample of the whole, with the EUC-KR/GBK
/// tie-break described in the module's documentation.
fn detect(bytes: &[u8], hint: Hint) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    let whole = bytes.len() <= DETECT_SAMPLE;
    let mut sample = Vec::new();
    for slice in detect_sample(bytes) {
        detector.feed(slice, false);
        sample.extend_from_slice(slice);
    }
    detector.feed(&[], whole);
    let guess = detector.guess(hint, false);
    if guess == EUC_KR && hint.is_none() && chinese_more_likely(&sample) {
        return GBK;
    }
    guess
}

/// The slices of `bytes` the detector sees: all of it up to [`DETECT_SAMPLE`] bytes; beyond,
/// the start and slices spread evenly over the rest, each cut at line ends so that no
/// character is split.
fn detect_sample(bytes: &[u8]) -> Vec<&[u8]> {
    if bytes.len() <= DETECT_SAMPLE {
        return vec![bytes];
    }
    let size = DETECT_SAMPLE / DETECT_SLICES;
    let step = (bytes.len() - size) / (DETECT_SLICES - 1);
    (0..DETECT_SLICES)
        .filter_map(|i| {
            let at = i * step;
            let slice = &bytes[at..(at + size).min(bytes.len())];
            // From the first line start (the input's start for the first slice) to the last
            // line end in the slice.
            let from = if at == 0 {
                0
            } else {
                memchr::memchr(b'\n', slice)? + 1
            };
            let to = memchr::memrchr(b'\n', slice).map_or(slice.len(), |i| i + 1);
            (from < to).then(|| &slice[from..to])
        })
        .collect()
}

/// Whether `sample`, guessed to be EUC-KR, is more likely GBK Chinese: it reads as GBK without
/// errors, and as Korean it is either too short to tell (at most 4 Hangul syllables) or its
/// Hangul runs average more than 6 syllables without a space (Korean separates words with
/// spaces; Chinese, misread as Hangul, runs on).
fn chinese_more_likely(sample: &[u8]) -> bool {
    if GBK
        .decode_without_bom_handling_and_without_replacement(sample)
        .is_none()
    {
        return false;
    }
    let (korean, _) = EUC_KR.decode_without_bom_handling(sample);
    let (mut syllables, mut runs, mut in_run) = (0usize, 0usize, false);
    for c in korean.chars() {
        let hangul = ('\u{AC00}'..='\u{D7A3}').contains(&c);
        syllables += usize::from(hangul);
        runs += usize::from(hangul && !in_run);
        in_run = hangul;
    }
    syllables <= 4 || syllables > 6 * runs
}

/// Decodes with a known encoding, removing that encoding's BOM if present.
fn decode_as(bytes: Vec<u8>, encoding: &'static Encoding) -> Decoded {
    if encoding == UTF_8 {
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        return decode_utf8(bytes, bom);
    }
    let text = decode_in_place(bytes, encoding);
    Decoded {
        text,
        encoding: encoding.name(),
    }
}

/// Decodes `bytes` (any encoding but UTF-8) in their own buffer, so that the file and its text
/// are never held side by side: a first pass counts the text's length and how far its front can
/// run ahead of the bytes it comes from; the bytes are moved that far towards the end of a
/// buffer of the right size, and the second pass writes the text from the front, a slice at a
/// time (each slice is copied out before its text is written, which can then never reach a byte
/// still to be read). Twice the decoding work, for half the memory of decoding into a new
/// buffer (a 37 MB GBK file: 46 MiB instead of 83).
fn decode_in_place(bytes: Vec<u8>, encoding: &'static Encoding) -> String {
    let mut out = vec![0u8; DECODE_SLICE * 3 + 16];
    // Decodes `slice` (the next bytes; `last` at the end), calling `sink` with the text.
    let decode_slice = |decoder: &mut encoding_rs::Decoder,
                        out: &mut [u8],
                        mut slice: &[u8],
                        last: bool,
                        sink: &mut dyn FnMut(&[u8])| {
        loop {
            let (result, read, written, _) = decoder.decode_to_utf8(slice, out, last);
            sink(&out[..written]);
            slice = &slice[read..];
            if result == encoding_rs::CoderResult::InputEmpty {
                return;
            }
        }
    };

    // Pass 1: the text's length, and its greatest lead over the bytes read.
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let (mut produced, mut lead) = (0usize, 0usize);
    let mut slices = bytes.chunks(DECODE_SLICE).peekable();
    if slices.peek().is_none() {
        return String::new();
    }
    let mut consumed = 0;
    while let Some(slice) = slices.next() {
        let last = slices.peek().is_none();
        decode_slice(&mut decoder, &mut out, slice, last, &mut |t| {
            produced += t.len();
        });
        consumed += slice.len();
        lead = lead.max(produced.saturating_sub(consumed));
    }

    // Pass 2: the bytes at `lead +` their offset, the text written from the front.
    let len = bytes.len();
    let mut buf = bytes;
    buf.resize((len + lead).max(produced), 0);
    buf.copy_within(0..len, lead);
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut input = vec![0u8; DECODE_SLICE];
    let mut w = 0;
    let mut from = 0;
    while from < len {
        let to = (from + DECODE_SLICE).min(len);
        input[..to - from].copy_from_slice(&buf[lead + from..lead + to]);
        let buf = &mut buf;
        decode_slice(
            &mut decoder,
            &mut out,
            &input[..to - from],
            to == len,
            &mut |t| {
                buf[w..w + t.len()].copy_from_slice(t);
                w += t.len();
            },
        );
        debug_assert!(w <= lead + to, "the text ran ahead of the bytes");
        from = to;
    }
    buf.truncate(w);
    buf.shrink_to_fit();
    crate::text::clean::string_from_utf8(buf)
}

/// Bytes decoded at a time by [`decode_as`].
const DECODE_SLICE: usize = 1 << 16;

/// Whether `bytes` are valid UTF-8. encoding_rs checks with SIMD: ~20× faster than
/// `std::str::from_utf8` on Chinese text (4 ms instead of 80 ms for 48 MB).
fn is_utf8(bytes: &[u8]) -> bool {
    Encoding::utf8_valid_up_to(bytes) == bytes.len()
}

/// UTF-8 after a BOM of `skip` bytes; valid input is not copied (beyond dropping the BOM).
#[allow(unsafe_code)] // validated by encoding_rs's faster check, not validated twice
fn decode_utf8(mut bytes: Vec<u8>, skip: usize) -> Decoded {
    if skip > 0 {
        bytes.drain(..skip);
    }
    let text = if is_utf8(&bytes) {
        // SAFETY: `is_utf8` has just checked that every byte sequence is valid UTF-8.
        unsafe { String::from_utf8_unchecked(bytes) }
    } else {
        String::from_utf8_lossy(&bytes).into_owned()
    };
    Decoded {
        text,
        encoding: UTF_8.name(),
    }
}

/// Whether invalid UTF-8 is rare enough, against the valid multi-byte sequences around it, to be
/// damage in a UTF-8 file rather than a sign of another encoding.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut bad = 0usize;
    let mut multibyte = 0usize;
    let mut seen = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        if !chunk.invalid().is_empty() {
            bad += 1;
        }
        seen += chunk.valid().len() + chunk.invalid().len();
        // Stop as soon as even a rest made only of 2-byte sequences could not tip the balance.
        if bad * MULTIBYTE_PER_BAD > multibyte + (bytes.len() - seen) / 2 {
            return false;
        }
    }
    bad * MULTIBYTE_PER_BAD <= multibyte
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, WINDOWS_1252};

    const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/subtitles/");

    fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!("{FIXTURES}{name}")).expect("fixture")
    }

    /// A few hundred bytes of ordinary Simplified Chinese prose, for the detector.
    const ZH_HANS: &str = "我们今天要讨论的是机器人技术在现实世界中的应用。首先，让我开始介绍这个实验室的\
        研究方向。机器人学习的目标是使用机器人去学习怎样在一般环境中完成各种各样的任务，\
        比如说做饭、打扫房间、整理衣服和照顾老人。这些任务对于人类来说非常简单，但是对于\
        机器人来说却非常困难，因为现实世界中的环境千变万化，每一个家庭的布置都不一样。\
        所以我们需要让机器人具有学习和适应的能力，而不是只会按照固定的程序去工作。";

    /// The same in Traditional Chinese, for Big5.
    const ZH_HANT: &str = "我們今天要討論的是機器人技術在現實世界中的應用。首先，讓我開始介紹這個實驗室的\
        研究方向。機器人學習的目標是使用機器人去學習怎樣在一般環境中完成各種各樣的任務，\
        比如說做飯、打掃房間、整理衣服和照顧老人。這些任務對於人類來說非常簡單，但是對於\
        機器人來說卻非常困難，因為現實世界中的環境千變萬化，每一個家庭的佈置都不一樣。\
        所以我們需要讓機器人具有學習和適應的能力，而不是只會按照固定的程序去工作。";

    fn utf16_nobom(text: &str, big_endian: bool) -> Vec<u8> {
        utf16(text, big_endian).split_off(2)
    }

    fn encode(text: &str, encoding: &'static Encoding) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(
            !unmappable,
            "test text must be encodable in {}",
            encoding.name()
        );
        bytes.into_owned()
    }

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut out: Vec<u8> = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            out.extend_from_slice(&pair);
        }
        out
    }

    #[test]
    fn plain_utf8_is_not_copied() {
        let bytes = "hello, 世界\n".as_bytes().to_vec();
        let ptr = bytes.as_ptr();
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.text, "hello, 世界\n");
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text.as_ptr(), ptr);
    }

    #[test]
    fn empty_input_is_empty_utf8() {
        let d = decode(Vec::new(), None).unwrap();
        assert_eq!(d.text, "");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf8_bom_is_stripped() {
        let d = decode(b"\xEF\xBB\xBFabc".to_vec(), None).unwrap();
        assert_eq!(d.text, "abc");
        assert_eq!(d.encoding, "UTF-8");
    }

    #[test]
    fn utf8_with_two_bad_bytes_stays_utf8() {
        let mut bytes = ZH_HANS.as_bytes().to_vec();
        bytes.insert(0, 0xFF);
        bytes.push(0x80);
        assert!(std::str::from_utf8(&bytes).is_err());
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.contains("机器人技术"));
        assert!(d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn utf8_bom_with_bad_bytes_stays_utf8() {
        let d = decode(b"\xEF\xBB\xBFcaf\xE9 ok".to_vec(), None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert_eq!(d.text, "caf\u{FFFD} ok");
    }

    #[test]
    fn gbk_is_detected() {
        let d = decode(encode(ZH_HANS, GBK), None).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert_eq!(d.text, ZH_HANS);
    }

    #[test]
    fn gb18030_four_byte_sequences_decode_when_detected_as_gbk() {
        // encoding_rs decodes GBK with the GB18030 decoder: four-byte sequences (here an
        // emoji) decode too.
        let text = format!("{ZH_HANS}😀");
        let bytes = encode(&text, encoding_rs::GB18030);
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert_eq!(d.text, text);
    }

    #[test]
    fn big5_is_detected() {
        let d = decode(encode(ZH_HANT, BIG5), None).unwrap();
        assert_eq!(d.encoding, "Big5");
        assert_eq!(d.text, ZH_HANT);
    }

    #[test]
    fn utf16le_and_be_with_bom() {
        let d = decode(utf16(ZH_HANS, false), None).unwrap();
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, ZH_HANS);
        let d = decode(utf16("a\nb", true), None).unwrap();
        assert_eq!(d.encoding, "UTF-16BE");
        assert_eq!(d.text, "a\nb");
    }

    #[test]
    fn windows_1252_is_detected() {
        let text = "Il était une fois, à la télé, un présentateur qui régnait en maître. \
            Ça, c'était avant l'existence du câble: on croyait tout ce qui se disait.";
        let d = decode(encode(text, WINDOWS_1252), None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, text);
    }

    #[test]
    fn cp1252_fixture_decodes_as_windows_1252() {
        let d = decode(fixture("crlf_cp1252_pysrt_windows-1252.srt"), None).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(d.text.contains("CE FILM RELATE DES ÉVÉNEMENTS"));
        assert!(d.text.contains("avant l'existence du câble,"));
        assert!(d.text.contains("régnait en maître."));
        assert!(!d.text.contains('\u{FFFD}'));
    }

    #[test]
    fn bom_fixture_loses_the_bom() {
        let d = decode(fixture("crlf_bom_pysrt_capability_tester.srt"), None).unwrap();
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.text.starts_with("1\r\n00:00:00,000"));
        assert!(d.text.contains("日本語"));
    }

    #[test]
    fn utf8_fixtures_are_utf8() {
        for name in [
            "zh_pytvzhen_zh.srt",
            "zh_gdsub_robot_lab_zh.srt",
            "en_youtube_autocaption_ambiso_tldw_subs.en.vtt",
        ] {
            let bytes = fixture(name);
            let len = bytes.len();
            let d = decode(bytes, None).unwrap();
            assert_eq!(d.encoding, "UTF-8", "{name}");
            assert_eq!(d.text.len(), len, "{name}");
        }
    }

    #[test]
    fn nul_bytes_are_binary() {
        assert_eq!(
            decode(b"text\0more text".to_vec(), None).unwrap_err(),
            DecodeError::Binary
        );
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&[0x10; 100]);
        assert_eq!(decode(png, None).unwrap_err(), DecodeError::Binary);
    }

    #[test]
    fn a_nul_anywhere_is_binary_not_only_in_the_first_block() {
        let mut bytes = b"ordinary text\n".repeat(BINARY_SNIFF);
        bytes.push(0);
        assert_eq!(decode(bytes, None).unwrap_err(), DecodeError::Binary);
        // A block of controls far into the file, and a few controls at the very end, which
        // are judged with the bytes before them.
        let mut bytes = b"ordinary text\n".repeat(BINARY_SNIFF);
        bytes.extend(std::iter::repeat_n(0x01, BINARY_SNIFF / 5));
        assert_eq!(decode(bytes, None).unwrap_err(), DecodeError::Binary);
        let mut bytes = b"ordinary text\n".repeat(BINARY_SNIFF);
        bytes.extend_from_slice(b"\x07\x07 ding\n");
        assert!(decode(bytes, None).is_ok());
    }

    /// The loader checks the bytes as they arrive, in reads of any size: it must decide as
    /// decoding the whole does.
    #[test]
    fn the_streaming_check_decides_as_decode_does() {
        let mut cases: Vec<Vec<u8>> = vec![
            b"text\0more".to_vec(),
            b"plain text".to_vec(),
            utf16("abc", false),
            b"\xEF\xBB\xBF\x01\x02\x03".to_vec(),
            utf16_nobom(&"字幕 subtitles\n".repeat(9000), false),
        ];
        // A NUL just inside and just past the first block, with and without a UTF-8 BOM; the
        // same with a block of controls.
        for bom in [&b""[..], b"\xEF\xBB\xBF"] {
            for at in [BINARY_SNIFF - 1, BINARY_SNIFF, 3 * BINARY_SNIFF + 7] {
                for tail in [&[0u8][..], &[1u8; 9000][..]] {
                    let mut v = bom.to_vec();
                    v.extend(std::iter::repeat_n(b'a', at));
                    v.extend_from_slice(tail);
                    v.extend(std::iter::repeat_n(b'b', 100));
                    cases.push(v);
                }
            }
        }
        let mut zero_unit = utf16(&"ab\n".repeat(30_000), false);
        zero_unit.extend_from_slice(&[0, 0, b'a', 0]);
        cases.push(zero_unit);
        for bytes in cases {
            let want = decode(bytes.clone(), None).is_err();
            for read in [1, 7, 4096, BINARY_SNIFF + 1, 1 << 20] {
                let mut check = BinaryCheck::default();
                let mut got = false;
                let mut end = 0;
                while end < bytes.len() && !got {
                    end = (end + read).min(bytes.len());
                    got = check.feed(&bytes[..end], end == bytes.len()).is_err();
                }
                if bytes.is_empty() {
                    got = check.feed(&bytes, true).is_err();
                }
                assert_eq!(
                    got,
                    want,
                    "{:?}… in reads of {read}",
                    &bytes[..bytes.len().min(12)]
                );
            }
        }
    }

    #[test]
    fn many_control_bytes_are_binary() {
        let bytes: Vec<u8> = (0..1000u32)
            .map(|i| if i % 4 == 0 { 0x01 } else { b'x' })
            .collect();
        assert_eq!(decode(bytes, None).unwrap_err(), DecodeError::Binary);
    }

    #[test]
    fn a_few_control_bytes_and_ansi_colours_are_text() {
        let mut text = String::new();
        for i in 0..50 {
            text.push_str(&format!("\x1b[31mline {i}\x1b[0m\tok\r\n"));
        }
        text.push('\x07');
        let d = decode(text.clone().into_bytes(), None).unwrap();
        assert_eq!(d.text, text);
    }

    #[test]
    fn forced_label_wins() {
        let bytes = encode(ZH_HANS, GBK);
        let d = decode(bytes.clone(), Some("gbk")).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("GBK", ZH_HANS));

        // Forcing latin1 on GBK bytes gives mojibake, as asked.
        let d = decode(bytes, Some("latin1")).unwrap();
        assert_eq!(d.encoding, "windows-1252");
        assert!(!d.text.contains("机器人"));

        let d = decode(encode(ZH_HANT, BIG5), Some(" BIG5 ")).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("Big5", ZH_HANT));
    }

    #[test]
    fn forced_utf16_without_bom() {
        let bytes = utf16_nobom("字幕 subtitles", false);
        let d = decode(bytes, Some("utf-16le")).unwrap();
        assert_eq!(
            (d.encoding, d.text.as_str()),
            ("UTF-16LE", "字幕 subtitles")
        );
    }

    /// UTF-16 without a BOM used to be refused as binary, with no hint.
    #[test]
    fn utf16_without_bom_is_told_by_its_nuls() {
        let text = format!("{ZH_HANS}\nLlama 4 是 Meta 的模型\n00:01:02,500 --> 00:01:04,000\n");
        for big_endian in [false, true] {
            let d = decode(utf16_nobom(&text, big_endian), None).unwrap();
            let name = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
            assert_eq!((d.encoding, d.text.as_str()), (name, text.as_str()));
        }
        // Mostly Latin.
        let d = decode(utf16_nobom("hello\nworld\n", false), None).unwrap();
        assert_eq!(d.text, "hello\nworld\n");
        // Not UTF-16: 8-bit text with a stray NUL or two, and binary with NULs on one side.
        assert_eq!(
            decode(b"text\0more text".to_vec(), None).unwrap_err(),
            DecodeError::Binary
        );
        let words: Vec<u8> = (0..2000u32).flat_map(|i| [(i % 7) as u8 + 1, 0]).collect();
        assert_eq!(decode(words, None).unwrap_err(), DecodeError::Binary);
    }

    /// `你好` in GB18030 used to show as EUC-KR `콱봤`.
    #[test]
    fn short_chinese_in_gb18030_is_not_taken_for_korean() {
        for text in ["你好", "你好\n", "大家好"] {
            let d = decode(encode(text, encoding_rs::GB18030), None).unwrap();
            assert_eq!(d.text, text, "{}", d.encoding);
        }
        // Korean with its spaces stays Korean; a hint decides either way.
        let korean = "안녕하세요 여러분, 오늘은 좋은 날입니다. 같이 공부해 봅시다.";
        let d = decode(encode(korean, EUC_KR), None).unwrap();
        assert_eq!((d.encoding, d.text.as_str()), ("EUC-KR", korean));
        let d = decode_hinted(encode("안녕", EUC_KR), None, Some(b"kr")).unwrap();
        assert_eq!(d.text, "안녕");
        let d = decode_hinted(encode(korean, EUC_KR), None, Some(b"cn")).unwrap();
        assert_eq!(d.encoding, "GBK");
    }

    /// 1.5 MB of ASCII followed by GBK text used to show as windows-1252: the detector saw only
    /// the ASCII head.
    #[test]
    fn gbk_after_a_long_ascii_head_is_detected() {
        let mut bytes = b"00:00:01,000 --> 00:00:02,000 ascii only here\n".repeat(33_000);
        assert!(bytes.len() > 1_500_000);
        for _ in 0..20 {
            bytes.extend(encode(ZH_HANS, GBK));
            bytes.push(b'\n');
        }
        let d = decode(bytes, None).unwrap();
        assert_eq!(d.encoding, "GBK");
        assert!(d.text.ends_with(&format!("{ZH_HANS}\n")));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

        /// Decoding in the bytes' own buffer gives what encoding_rs gives decoding into a new
        /// one, for inputs across several slices, that shrink (UTF-16 of ASCII) or grow (GBK,
        /// windows-1252), with and without BOMs.
        #[test]
        fn decoding_in_place_is_decoding(
            units in proptest::collection::vec(0u16..0x3000, 0..(DECODE_SLICE * 2)),
            pick in 0usize..6,
        ) {
            let bytes: Vec<u8> = match pick {
                // UTF-16 of mixed ASCII and CJK-ish units (and, by chance, lone surrogates).
                0 | 1 => units.iter().flat_map(|&u| {
                    let u = if u % 3 == 0 { u % 0x80 } else { u.wrapping_mul(7) };
                    if pick == 0 { u.to_le_bytes() } else { u.to_be_bytes() }
                }).collect(),
                // Byte soup for the multi-byte decoders (valid and invalid sequences).
                _ => units.iter().map(|&u| if u % 4 == 0 { (u % 0x80) as u8 } else { (u % 0x7F) as u8 + 0x81 }).collect(),
            };
            let encoding = [UTF_16LE, UTF_16BE, GBK, encoding_rs::BIG5, encoding_rs::SHIFT_JIS, WINDOWS_1252][pick];
            let want = encoding.decode_with_bom_removal(&bytes).0.into_owned();
            let got = decode_in_place(bytes, encoding);
            proptest::prop_assert_eq!(&got, &want);
            proptest::prop_assert_eq!(got.capacity(), got.len());
        }
    }

    #[test]
    fn legacy_text_keeps_no_spare_capacity() {
        let d = decode(encode(&ZH_HANS.repeat(100), GBK), None).unwrap();
        assert_eq!(d.text.capacity(), d.text.len());
    }

    #[test]
    fn forced_encoding_strips_its_own_bom() {
        let d = decode(b"\xEF\xBB\xBFabc".to_vec(), Some("utf-8")).unwrap();
        assert_eq!(d.text, "abc");
        let d = decode(utf16("abc", true), Some("utf-16be")).unwrap();
        assert_eq!(d.text, "abc");
    }

    #[test]
    fn unknown_label_is_an_error() {
        assert_eq!(
            decode(b"abc".to_vec(), Some("klingon")).unwrap_err(),
            DecodeError::UnknownEncoding("klingon".to_string())
        );
    }
}
