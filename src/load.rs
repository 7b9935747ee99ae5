//! Opening a transcript: read the bytes (file, pipe or the bundled sample), decode, clean, parse
//! and index them, and find the outline (sidecar, headings, or one topic).

use crate::outline::{Outline, sidecar};
use crate::text::clean;
use crate::text::{io_message, safe_display};
use crate::transcript::{Document, decode, parse};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The bundled sample transcript.
pub const BUNDLED_NAME: &str = "llamacon-zuckerberg.zh.txt";
pub const BUNDLED_TEXT: &str = include_str!("../assets/llamacon-zuckerberg.zh.txt");
pub const BUNDLED_OUTLINE: &str = include_str!("../assets/llamacon-zuckerberg.zh.txt.outline.toml");

/// Documents are indexed with 32-bit offsets.
pub const MAX_BYTES: u64 = u32::MAX as u64;

/// What a transcript (a file or a pipe) may hold unless `--max-size` says otherwise: 256 MiB,
/// five times a million-line transcript. Endless or padded input (`yes | lector`, a sparse file)
/// stops here with a message instead of filling the memory.
pub const DEFAULT_MAX_SIZE: u64 = 256 << 20;

/// Files at least this big open with a [`preview`]: loading them takes longer than a frame.
pub const PREVIEW_MIN_BYTES: u64 = 1 << 20;

/// How much of a big file the [`preview`] reads: enough for a screenful of lines, and as much as
/// decides the layout (UTF-8 or UTF-16) of the whole file.
pub const PREVIEW_BYTES: usize = decode::BINARY_SNIFF;

/// Bytes read at a time: each read is checked for binary content before the next.
const READ_CHUNK: usize = 1 << 20;

/// Where the transcript comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
    Bundled,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{path}: {msg}")]
    File { path: String, msg: String },
}

impl LoadError {
    fn new(path: &str, msg: impl Into<String>) -> Self {
        LoadError::File {
            path: safe_display(path),
            msg: msg.into(),
        }
    }
}

/// Why a guarded read refused or failed; shown after the file's name.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("is a directory")]
    Directory,
    /// Not a regular file, where only a regular file will do (notes, sidecars).
    #[error("not a regular file")]
    NotRegular,
    /// Neither a regular file nor a pipe (a device, a socket).
    #[error("not a regular file or a pipe")]
    NotFileOrPipe,
    /// A file whose size says it is over the limit.
    #[error("{}, more than lector's limit of {} (--max-size raises it)", format_size(*.size), format_size(*.cap))]
    TooBig { size: u64, cap: u64 },
    /// Input that grew past the limit as it was read (a pipe, a file that grows).
    #[error("more than {}, lector's limit (--max-size raises it)", format_size(*.cap))]
    GrewTooBig { cap: u64 },
    #[error("{}", .0)]
    Binary(#[from] decode::DecodeError),
    #[error("{}", io_message(.0))]
    Io(#[from] std::io::Error),
}

impl ReadError {
    /// The file does not exist (for the notes store: no notes yet).
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

/// `bytes` for people: `4 KiB`, `4.9 KiB`, `256 MiB`, `1.9 GiB`.
pub fn format_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0} {}", UNITS[unit])
    } else {
        format!("{rounded:.1} {}", UNITS[unit])
    }
}

/// Parses a size as `--max-size` takes it: a number of bytes, or with a unit `K`, `M`, `G`
/// (powers of 1024; `KiB`, `MB`, `mb`… are read the same), fractions allowed (`1.5G`). At most
/// 4 GiB, what the line index reaches.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let bad = || format!("'{s}' is not a size (try 512M, 2G or a number of bytes)");
    let value: f64 = num.parse().map_err(|_| bad())?;
    let scale: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(bad()),
    };
    let bytes = value * scale as f64;
    if !bytes.is_finite() || bytes > (MAX_BYTES + 1) as f64 {
        return Err(format!(
            "'{s}' is more than lector can hold ({})",
            format_size(MAX_BYTES)
        ));
    }
    Ok(bytes as u64)
}

/// Options that change how bytes become a document.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--encoding NAME`.
    pub encoding: Option<String>,
    /// `--max-size SIZE` (or the config's `max_size`): the most a file or pipe may hold.
    /// `None`: [`DEFAULT_MAX_SIZE`].
    pub max_size: Option<u64>,
}

impl LoadOptions {
    /// The size limit in force, at most [`MAX_BYTES`].
    pub fn max_size(&self) -> u64 {
        self.max_size.unwrap_or(DEFAULT_MAX_SIZE).min(MAX_BYTES)
    }
}

/// A loaded transcript with its outline.
#[derive(Debug)]
pub struct Loaded {
    pub doc: Document,
    pub path: Option<PathBuf>,
    /// Problems worth telling the user (a sidecar that would not parse, …).
    pub warnings: Vec<String>,
}

/// Reads the raw bytes of `input`, at most [`LoadOptions::max_size`]. Unless an encoding is
/// forced, the bytes are checked for binary content as they come in ([`decode::BinaryCheck`]),
/// so that binary input is refused when its first binary block arrives, without reading the
/// rest: `cat /dev/urandom | lector`, `lector /proc/self/pagemap` (a "file" of size 0 that reads
/// as hundreds of GiB of zeros) and text padded with a gigabyte of NULs end at once.
pub fn read_input(input: &Input, opts: &LoadOptions) -> Result<Vec<u8>, LoadError> {
    let check = opts.encoding.is_none().then(decode::BinaryCheck::default);
    let cap = opts.max_size();
    match input {
        Input::Bundled => Ok(BUNDLED_TEXT.as_bytes().to_vec()),
        Input::Stdin => read_capped(&mut std::io::stdin().lock(), cap, check)
            .map_err(|e| LoadError::new("standard input", e.to_string())),
        Input::File(path) => {
            let shown = path.display().to_string();
            read_file(path, cap, check, FifoPolicy::Wait)
                .map_err(|e| LoadError::new(&shown, e.to_string()))
        }
    }
}

/// Reads `reader` to its end, at most `cap` bytes (reading one more tells that there is more),
/// a chunk at a time, with `check` (when given) fed after each chunk.
pub fn read_capped(
    reader: &mut dyn Read,
    cap: u64,
    check: Option<decode::BinaryCheck>,
) -> Result<Vec<u8>, ReadError> {
    read_capped_into(reader, Vec::new(), cap, check)
}

fn read_capped_into(
    reader: &mut dyn Read,
    mut bytes: Vec<u8>,
    cap: u64,
    mut check: Option<decode::BinaryCheck>,
) -> Result<Vec<u8>, ReadError> {
    let mut reader = reader.take(cap.saturating_add(1));
    loop {
        // The first chunk is what decides the layout, so that binary input is refused after
        // reading no more than that.
        let chunk = if bytes.is_empty() {
            decode::BINARY_SNIFF
        } else {
            READ_CHUNK
        };
        let n = (&mut reader).take(chunk as u64).read_to_end(&mut bytes)?;
        if bytes.len() as u64 > cap {
            return Err(ReadError::GrewTooBig { cap });
        }
        if let Some(check) = check.as_mut() {
            check.feed(&bytes, n == 0)?;
        }
        if n == 0 {
            return Ok(bytes);
        }
    }
}

/// What a guarded read does with a FIFO (a named pipe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FifoPolicy {
    /// Read it like standard input, waiting for a writer as `cat` does (the transcript).
    Wait,
    /// Refuse it without blocking (notes, sidecars: nobody writes those through a pipe).
    Refuse,
}

/// Reads the regular file at `path` whole, at most `cap` bytes, refusing without blocking or
/// reading anything that is not a regular file (a FIFO, a device such as `/dev/zero`, a
/// directory) and a file over `cap`. The guards of the transcript's loader, for files that are
/// never pipes: the notes file, sidecar outlines. `ReadError::is_not_found` tells a missing
/// file.
pub fn read_regular_file_capped(path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    read_file(path, cap, None, FifoPolicy::Refuse)
}

fn read_file(
    path: &Path,
    cap: u64,
    check: Option<decode::BinaryCheck>,
    fifo: FifoPolicy,
) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path)?;
    let ft = meta.file_type();
    if ft.is_dir() {
        return Err(ReadError::Directory);
    }
    #[cfg(unix)]
    let is_fifo = std::os::unix::fs::FileTypeExt::is_fifo(&ft);
    #[cfg(not(unix))]
    let is_fifo = false;
    let readable = ft.is_file() || (is_fifo && fifo == FifoPolicy::Wait);
    if !readable {
        return Err(match fifo {
            FifoPolicy::Wait => ReadError::NotFileOrPipe,
            FifoPolicy::Refuse => ReadError::NotRegular,
        });
    }
    if meta.len() > cap {
        return Err(ReadError::TooBig {
            size: meta.len(),
            cap,
        });
    }
    let file = if is_fifo {
        open_fifo(path, &path.display().to_string())?
    } else {
        open_regular(path)?
    };
    let bytes = Vec::with_capacity(meta.len().min(cap) as usize);
    read_capped_into(&mut &file, bytes, cap, check)
}

/// Opens `path`, which was a regular file when looked at, and makes sure the file opened is one:
/// without blocking if it has been replaced by a FIFO meanwhile (`O_NONBLOCK`, which does
/// nothing to a regular file's reads).
fn open_regular(path: &Path) -> Result<std::fs::File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok(file)
}

/// How long opening a FIFO may wait for a writer before lector says it is waiting.
pub const FIFO_NOTICE_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// Opens a FIFO for reading. Until some program opens it for writing, open(2) blocks, as it does
/// for `cat` and `less`: that is how a named pipe is used (`mkfifo p; lector p & make-text > p`).
/// So that this never looks like a hang, a notice goes to stderr after [`FIFO_NOTICE_AFTER`];
/// Ctrl-C ends the wait (the terminal is not touched before the file is read). The open runs on
/// a thread so that the wait can be timed; a FIFO that already has a writer opens at once.
fn open_fifo(path: &Path, shown: &str) -> std::io::Result<std::fs::File> {
    let (tx, rx) = std::sync::mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = tx.send(std::fs::File::open(owned));
    });
    let gone = || std::io::Error::other("could not open the pipe");
    match rx.recv_timeout(FIFO_NOTICE_AFTER) {
        Ok(opened) => opened,
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            eprintln!(
                "lector: {}: waiting for a program to write to this pipe (Ctrl-C to give up)",
                safe_display(shown)
            );
            rx.recv().unwrap_or_else(|_| Err(gone()))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(gone()),
    }
}

/// The name shown for `input`.
pub fn input_name(input: &Input) -> String {
    match input {
        Input::File(p) => p.file_name().map_or_else(
            || p.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        Input::Stdin => "(stdin)".into(),
        Input::Bundled => BUNDLED_NAME.into(),
    }
}

/// Turns bytes into a document: decode, normalise newlines, detect the format, parse, clean.
pub fn build_document(
    bytes: Vec<u8>,
    name: &str,
    path: Option<&Path>,
    opts: &LoadOptions,
) -> Result<Document, LoadError> {
    // Errors name the file as the user wrote it.
    let shown = path.map_or_else(|| name.to_string(), |p| p.display().to_string());
    let hint = language_hint(&shown).or_else(locale_hint);
    let decoded = decode::decode_hinted(bytes, opts.encoding.as_deref(), hint)
        .map_err(|e| LoadError::new(&shown, e.to_string()))?;
    let text = clean::normalize_newlines(decoded.text);
    let hint = path
        .map(Path::to_path_buf)
        .or_else(|| Some(PathBuf::from(name)));
    let format = parse::detect_format(hint.as_deref(), &text);
    let parsed = parse::parse(text, format);
    let text = clean::clean(parsed.text);
    if text.len() as u64 > MAX_BYTES {
        // Decoding (UTF-16, GBK → UTF-8) and cleaning (tabs, markers) can grow the text past
        // what the index's 32-bit offsets reach, even from an input under the limit.
        return Err(LoadError::new(
            &shown,
            "too big once decoded (lector holds up to 4 GiB of text)",
        ));
    }
    let mut doc = Document::new(safe_display(name), format, text)
        .with_headings(parsed.headings)
        .with_encoding(decoded.encoding);
    if let Some(times) = parsed.times {
        doc = doc.with_times(times);
    }
    Ok(doc)
}

/// The language a file name's tags name (`talk.zh.srt`, `talk.zh-CN.srt`, `talk.chs.srt`,
/// `talk.ko.vtt`), as the detector's hint ([`decode::Hint`]).
pub fn language_hint(name: &str) -> decode::Hint {
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    name.split('.')
        .skip(1)
        .find_map(|tag| tag_hint(&tag.to_ascii_lowercase()))
}

/// The language of the locale (`LC_ALL`, else `LC_CTYPE`, else `LANG`: `zh_CN.UTF-8`…), as the
/// detector's hint.
pub fn locale_hint() -> decode::Hint {
    let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())?;
    let tag = locale.split('.').next().unwrap_or("").to_ascii_lowercase();
    tag_hint(&tag)
}

/// A language tag (`zh`, `zh-cn`, `zh_tw`, `zh-hant`, `chs`, `cht`, `ja`, `ko`, …) as a
/// top-level domain for chardetng.
fn tag_hint(tag: &str) -> decode::Hint {
    let tag = tag.replace('_', "-");
    Some(match tag.as_str() {
        "zh-tw" | "zh-hk" | "zh-mo" | "zh-hant" | "cht" | "big5" => b"tw",
        "zh" | "zh-cn" | "zh-sg" | "zh-hans" | "chs" | "chi" | "zho" | "gb" | "gbk" => b"cn",
        "ja" | "ja-jp" | "jp" | "jpn" => b"jp",
        "ko" | "ko-kr" | "kr" | "kor" => b"kr",
        _ => return None,
    })
}

/// The first lines of a big file as a document, to draw the first screen at once while the whole
/// file loads ([`crate::app::run_preview`]): its first [`PREVIEW_BYTES`] up to the last newline,
/// through the same decoding, parsing and cleaning. A first line longer than that (a file of
/// one 10 MB line) is previewed by its start, cut where no character can be split. `None` (load
/// the whole file first) for a file smaller than [`PREVIEW_MIN_BYTES`], anything but a regular
/// file, UTF-16 (whose newlines are two bytes), a forced encoding, or a beginning that does not
/// make a document on its own (binary).
///
/// The preview can differ from the same lines of the whole file where a decision looks at more
/// than its first 64 KiB: an encoding guessed from the first MiB, a Markdown file whose first
/// headings come later, YouTube's rolling captions. The real session replaces it in any case.
pub fn preview(path: &Path, opts: &LoadOptions) -> Option<Document> {
    if opts.encoding.is_some() {
        return None;
    }
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() < PREVIEW_MIN_BYTES || meta.len() > opts.max_size() {
        return None;
    }
    let mut bytes = Vec::with_capacity(PREVIEW_BYTES);
    open_regular(path)
        .ok()?
        .take(PREVIEW_BYTES as u64)
        .read_to_end(&mut bytes)
        .ok()?;
    if matches!(decode::Layout::of(&bytes), decode::Layout::Utf16 { .. }) {
        return None;
    }
    bytes.truncate(preview_cut(&bytes)?);
    let name = input_name(&Input::File(path.to_path_buf()));
    build_document(bytes, &name, Some(path), opts).ok()
}

/// Where the preview's bytes end: after the last newline; in a line longer than the preview, at
/// the end of its valid UTF-8 (a character cut by the read is left out), else after the last
/// byte below 0x40 (digits, spaces, ASCII punctuation), which is a character of its own in
/// UTF-8 and in each legacy encoding detection picks (their second bytes are 0x40 or above).
fn preview_cut(bytes: &[u8]) -> Option<usize> {
    if let Some(nl) = memchr::memrchr(b'\n', bytes) {
        return Some(nl + 1);
    }
    let valid = encoding_rs::Encoding::utf8_valid_up_to(bytes);
    if valid + 4 > bytes.len() && valid > 0 {
        return Some(valid);
    }
    bytes.iter().rposition(|&b| b < 0x40).map(|i| i + 1)
}

/// Reads and builds the document for `input`.
pub fn load(input: &Input, opts: &LoadOptions) -> Result<Loaded, LoadError> {
    let bytes = read_input(input, opts)?;
    let name = input_name(input);
    let path = match input {
        Input::File(p) => Some(p.clone()),
        _ => None,
    };
    let doc = build_document(bytes, &name, path.as_deref(), opts)?;
    Ok(Loaded {
        doc,
        path,
        warnings: Vec::new(),
    })
}

/// The sidecar outline files tried for `path`: `FILE.outline.toml`, then the same with the
/// extension replaced (`talk.outline.toml` for `talk.srt`).
pub fn sidecar_paths(path: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut full = path.as_os_str().to_owned();
    full.push(".outline.toml");
    out.push(PathBuf::from(full));
    if path.extension().is_some() {
        out.push(path.with_extension("outline.toml"));
    }
    out
}

/// The outline the reader shows, when it is at hand: the sidecar, else the file's headings.
/// `None` means the automatic outline is wanted (see [`crate::outline::auto`]). Problems (a
/// sidecar that will not parse) are added to `warnings`.
pub fn outline_for(doc: &Document, input: &Input, warnings: &mut Vec<String>) -> Option<Outline> {
    let sidecar_text = match input {
        Input::Bundled => Some((BUNDLED_OUTLINE.to_string(), BUNDLED_NAME.to_string())),
        Input::File(p) => sidecar_paths(p).into_iter().find_map(|sp| {
            let name = sp.display().to_string();
            match read_sidecar(&sp) {
                Ok(text) => text.map(|t| (t, name)),
                Err(why) => {
                    warnings.push(format!("{}: {why}; ignored", safe_display(&name)));
                    None
                }
            }
        }),
        Input::Stdin => None,
    };
    if let Some((text, name)) = sidecar_text {
        match sidecar::parse(&text, doc.len()) {
            Ok(o) if !o.is_empty() => return Some(o),
            Ok(_) => warnings.push(format!(
                "{}: outline has no topics; ignored",
                safe_display(&name)
            )),
            Err(e) => warnings.push(format!(
                "{}: {}; ignored",
                safe_display(&name),
                one_line(&e.to_string())
            )),
        }
    }
    Outline::from_headings(doc)
}

/// Sidecars bigger than this are not outlines (a topic takes some 60 bytes).
pub const MAX_SIDECAR_BYTES: u64 = 16 << 20;

/// The text of the sidecar at `path`: `None` if there is none (or it cannot be read as UTF-8
/// text), an error for one that must not be read: a FIFO would block the start until someone
/// writes to it, and `/dev/zero` (as a symbolic link) would fill the memory.
fn read_sidecar(path: &Path) -> Result<Option<String>, &'static str> {
    match read_regular_file_capped(path, MAX_SIDECAR_BYTES) {
        Ok(bytes) => Ok(String::from_utf8(bytes).ok()),
        Err(ReadError::NotRegular | ReadError::Directory) => Err("not a regular file"),
        Err(ReadError::TooBig { .. } | ReadError::GrewTooBig { .. }) => {
            Err("too big for an outline")
        }
        Err(_) => Ok(None),
    }
}

/// The outline, computing the automatic one here and now if needed (for `lector outline` and
/// `lector export`), with the user's `edits` from the notes file. `auto` asks for the automatic
/// outline as computed, without edits, even when a sidecar or headings exist.
pub fn outline_now(
    doc: &Document,
    input: &Input,
    auto: bool,
    edits: &crate::outline::edits::OutlineEdits,
    warnings: &mut Vec<String>,
) -> Outline {
    let never = std::sync::atomic::AtomicBool::new(false);
    if auto {
        return crate::outline::auto::auto_outline(doc, &never, &mut |_| {})
            .unwrap_or_else(|| Outline::single(doc));
    }
    match outline_for(doc, input, warnings) {
        Some(found) => edits.apply(&found, doc.len()),
        None => crate::outline::edits::auto_around(doc, edits, &never, &mut |_| {})
            .unwrap_or_else(|| Outline::single(doc)),
    }
}

/// The first line of a multi-line error (toml's errors quote the source over several lines).
fn one_line(s: &str) -> String {
    s.lines().next().unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_loads_with_its_curated_outline() {
        let loaded = load(&Input::Bundled, &LoadOptions::default()).unwrap();
        assert_eq!(loaded.doc.len(), 313);
        assert_eq!(loaded.doc.line(0), "大家好，这里是最佳拍档，我是大飞");
        let mut w = Vec::new();
        let o = outline_for(&loaded.doc, &Input::Bundled, &mut w).unwrap();
        assert!(w.is_empty(), "{w:?}");
        assert!((15..=20).contains(&o.len()), "{}", o.len());
        assert_eq!(o.topics[0].line, 0);
        assert_eq!(o.source, crate::outline::Source::Sidecar);
    }

    #[test]
    fn refuses_what_is_not_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let e = load(
            &Input::File(dir.path().to_path_buf()),
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().ends_with("is a directory"), "{e}");
        let e = load(
            &Input::File(dir.path().join("nope.txt")),
            &LoadOptions::default(),
        )
        .unwrap_err();
        assert!(e.to_string().ends_with("no such file"), "{e}");
        #[cfg(unix)]
        {
            let e = load(&Input::File("/dev/zero".into()), &LoadOptions::default()).unwrap_err();
            assert_eq!(e.to_string(), "/dev/zero: not a regular file or a pipe");
        }
    }

    #[test]
    fn a_big_file_previews_as_its_first_whole_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("big.txt");
        let line = "字幕 subtitles\tline\n";
        let lines = PREVIEW_MIN_BYTES as usize / line.len() + 1;
        std::fs::write(&p, line.repeat(lines)).unwrap();
        let opts = LoadOptions::default();
        let first = preview(&p, &opts).unwrap();
        let full = load(&Input::File(p.clone()), &opts).unwrap().doc;
        assert!(first.len() < full.len());
        assert_eq!(first.len(), PREVIEW_BYTES / line.len());
        for i in 0..first.len() {
            assert_eq!(first.line(i), full.line(i));
        }
        assert_eq!(first.name, full.name);

        // Not for small files, forced encodings or UTF-16.
        let small = dir.path().join("small.txt");
        std::fs::write(&small, line).unwrap();
        assert!(preview(&small, &opts).is_none());
        let forced = LoadOptions {
            encoding: Some("utf-8".into()),
            ..LoadOptions::default()
        };
        assert!(preview(&p, &forced).is_none());
        let utf16 = dir.path().join("utf16.txt");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(line.repeat(lines).encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, bytes).unwrap();
        assert!(preview(&utf16, &opts).is_none());
    }

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        let ok = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "mkfifo {}", path.display());
    }

    /// The guards the notes store shares: a regular file is read; a missing one says so; a
    /// directory, a device, a FIFO (without blocking, even with no writer) and a file over the
    /// cap are refused.
    #[cfg(unix)]
    #[test]
    fn the_shared_file_guard_reads_regular_files_only() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notes.toml");
        std::fs::write(&p, "x = 1\n").unwrap();
        assert_eq!(read_regular_file_capped(&p, 100).unwrap(), b"x = 1\n");
        let e = read_regular_file_capped(&p, 3).unwrap_err();
        assert_eq!(
            e.to_string(),
            "6 bytes, more than lector's limit of 3 bytes (--max-size raises it)"
        );
        assert!(matches!(e, ReadError::TooBig { size: 6, cap: 3 }));
        let missing = read_regular_file_capped(&dir.path().join("none"), 100).unwrap_err();
        assert!(missing.is_not_found());
        assert_eq!(missing.to_string(), "no such file");
        let e = read_regular_file_capped(dir.path(), 100).unwrap_err();
        assert!(matches!(e, ReadError::Directory) && !e.is_not_found());
        let e = read_regular_file_capped(Path::new("/dev/zero"), 100).unwrap_err();
        assert!(matches!(e, ReadError::NotRegular), "{e}");
        let fifo = dir.path().join("fifo");
        mkfifo(&fifo);
        let e = read_regular_file_capped(&fifo, 100).unwrap_err();
        assert_eq!(e.to_string(), "not a regular file");
        // A link to /dev/zero is followed and refused.
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink("/dev/zero", &link).unwrap();
        assert!(matches!(
            read_regular_file_capped(&link, 100),
            Err(ReadError::NotRegular)
        ));
    }

    #[test]
    fn sizes_parse_and_print() {
        assert_eq!(parse_size("4096"), Ok(4096));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2g"), Ok(2 << 30));
        assert_eq!(parse_size("1.5GiB"), Ok(3 << 29));
        assert_eq!(parse_size(" 64 KB "), Ok(64 << 10));
        assert_eq!(parse_size("4G"), Ok(4 << 30));
        assert_eq!(
            parse_size("5G"),
            Err("'5G' is more than lector can hold (4 GiB)".into())
        );
        assert!(parse_size("lots").is_err());
        assert!(parse_size("12X").is_err());
        assert!(parse_size("").is_err());
        assert_eq!(format_size(5000), "4.9 KiB");
        assert_eq!(format_size(256 << 20), "256 MiB");
        assert_eq!(format_size(2_000_000_000), "1.9 GiB");
        assert_eq!(format_size(12), "12 bytes");
        assert_eq!(LoadOptions::default().max_size(), DEFAULT_MAX_SIZE);
    }

    /// A file of one line longer than the preview (10 MB of words, or of Chinese without an
    /// ASCII byte) is previewed by the start of that line, not loaded whole before the first
    /// frame.
    #[test]
    fn a_file_of_one_long_line_previews_its_start() {
        let dir = tempfile::tempdir().unwrap();
        let opts = LoadOptions::default();
        for (name, unit) in [
            ("latin.txt", "word "),
            ("chinese.txt", "大家好这里是最佳拍档"),
        ] {
            let p = dir.path().join(name);
            let text = unit.repeat(2 * PREVIEW_MIN_BYTES as usize / unit.len());
            std::fs::write(&p, &text).unwrap();
            let first = preview(&p, &opts).expect("a preview");
            assert_eq!(first.len(), 1);
            let line = first.line(0);
            assert!(
                line.len() > PREVIEW_BYTES - 64 && line.len() <= PREVIEW_BYTES,
                "{name}"
            );
            assert!(text.starts_with(line), "{name}");
        }
    }

    #[test]
    fn control_characters_in_names_are_shown_safely() {
        let e = LoadError::new("evil\u{1b}[31m.txt", "no such file");
        assert!(!e.to_string().contains('\u{1b}'));
    }

    #[cfg(unix)]
    #[test]
    fn a_sidecar_that_is_a_fifo_or_a_device_is_skipped_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("talk.txt");
        std::fs::write(&p, "a\nb\n").unwrap();
        let input = Input::File(p.clone());
        let loaded = load(&input, &LoadOptions::default()).unwrap();
        // A FIFO nobody writes to: reading it would block the start for ever.
        mkfifo(&dir.path().join("talk.txt.outline.toml"));
        // /dev/zero behind a symbolic link: reading it would fill the memory.
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("talk.outline.toml")).unwrap();
        let mut w = Vec::new();
        assert_eq!(outline_for(&loaded.doc, &input, &mut w), None);
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w[0].ends_with("talk.txt.outline.toml: not a regular file; ignored"),
            "{w:?}"
        );
        assert!(
            w[1].ends_with("talk.outline.toml: not a regular file; ignored"),
            "{w:?}"
        );
    }

    #[test]
    fn sidecar_next_to_the_file_wins_and_a_bad_one_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("talk.txt");
        std::fs::write(&p, "a\nb\nc\nd\n").unwrap();
        let input = Input::File(p.clone());
        let loaded = load(&input, &LoadOptions::default()).unwrap();
        let mut w = Vec::new();
        assert_eq!(outline_for(&loaded.doc, &input, &mut w), None);
        std::fs::write(
            dir.path().join("talk.txt.outline.toml"),
            "[[topic]]\nline = 3\ntitle = \"C\"\n",
        )
        .unwrap();
        let o = outline_for(&loaded.doc, &input, &mut w).unwrap();
        assert_eq!(o.topics[0].line, 2);
        std::fs::write(dir.path().join("talk.txt.outline.toml"), "[[topic]\n").unwrap();
        assert_eq!(outline_for(&loaded.doc, &input, &mut w), None);
        assert!(w[0].contains("talk.txt.outline.toml"), "{w:?}");
    }
}
