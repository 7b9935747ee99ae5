//! Opening a transcript: read the bytes (file, pipe or the bundled sample), decode, clean, parse
//! and index them, and find the outline (sidecar, headings, or one topic).

use crate::outline::{Outline, sidecar};
use crate::transcript::{Document, clean, decode, parse};
use std::io::Read;
use std::path::{Path, PathBuf};

/// The bundled sample transcript.
pub const BUNDLED_NAME: &str = "llamacon-zuckerberg.zh.txt";
pub const BUNDLED_TEXT: &str = include_str!("../assets/llamacon-zuckerberg.zh.txt");
pub const BUNDLED_OUTLINE: &str = include_str!("../assets/llamacon-zuckerberg.zh.txt.outline.toml");

/// Documents are indexed with 32-bit offsets.
pub const MAX_BYTES: u64 = u32::MAX as u64;

/// Files at least this big open with a [`preview`]: loading them takes longer than a frame.
pub const PREVIEW_MIN_BYTES: u64 = 1 << 20;

/// How much of a big file the [`preview`] reads: enough for a screenful of lines, and as much as
/// the binary check looks at, so that the preview refuses what the whole file would.
pub const PREVIEW_BYTES: usize = decode::BINARY_SNIFF;

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

/// A path or name made safe to print: control and bidi characters become visible markers.
pub fn safe_display(s: &str) -> String {
    clean::clean(s.replace('\n', "^J"))
}

/// Options that change how bytes become a document.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// `--encoding NAME`.
    pub encoding: Option<String>,
}

/// A loaded transcript with its outline.
#[derive(Debug)]
pub struct Loaded {
    pub doc: Document,
    pub path: Option<PathBuf>,
    /// Problems worth telling the user (a sidecar that would not parse, …).
    pub warnings: Vec<String>,
}

/// Reads the raw bytes of `input`. Unless an encoding is forced, input that decoding would refuse
/// as binary is refused after its first [`decode::BINARY_SNIFF`] bytes, without reading the
/// rest: `cat /dev/urandom | lector` or `lector /proc/self/pagemap` (a "file" of size 0 that reads
/// as hundreds of GiB of zeros) end at once.
pub fn read_input(input: &Input, opts: &LoadOptions) -> Result<Vec<u8>, LoadError> {
    let refuse_binary = opts.encoding.is_none();
    match input {
        Input::Bundled => Ok(BUNDLED_TEXT.as_bytes().to_vec()),
        Input::Stdin => {
            let mut bytes = Vec::new();
            read_all(std::io::stdin().lock(), &mut bytes, refuse_binary)
                .map_err(|e| LoadError::new("standard input", e))?;
            Ok(bytes)
        }
        Input::File(path) => read_file(path, refuse_binary),
    }
}

/// Reads `reader` to its end into `bytes`, at most [`MAX_BYTES`]; see [`read_input`] for
/// `refuse_binary`. Errors are the message to show after the input's name.
fn read_all(reader: impl Read, bytes: &mut Vec<u8>, refuse_binary: bool) -> Result<(), String> {
    let mut reader = reader.take(MAX_BYTES + 1);
    if refuse_binary {
        // A few bytes more than the check looks at, as it starts after a BOM; a multiple of 8,
        // as /proc/self/pagemap reads only in 8-byte units.
        let sniff = (decode::BINARY_SNIFF + 8) as u64;
        (&mut reader)
            .take(sniff)
            .read_to_end(bytes)
            .map_err(|e| io_message(&e))?;
        if decode::looks_binary(bytes) {
            return Err(decode::DecodeError::Binary.to_string());
        }
    }
    reader.read_to_end(bytes).map_err(|e| io_message(&e))?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err("too big (lector reads up to 4 GiB)".into());
    }
    Ok(())
}

fn read_file(path: &Path, refuse_binary: bool) -> Result<Vec<u8>, LoadError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path).map_err(|e| LoadError::new(&shown, io_message(&e)))?;
    let ft = meta.file_type();
    if ft.is_dir() {
        return Err(LoadError::new(&shown, "is a directory"));
    }
    #[cfg(unix)]
    let is_fifo = std::os::unix::fs::FileTypeExt::is_fifo(&ft);
    #[cfg(not(unix))]
    let is_fifo = false;
    if !ft.is_file() && !is_fifo {
        return Err(LoadError::new(&shown, "not a regular file or a pipe"));
    }
    if meta.len() > MAX_BYTES {
        return Err(LoadError::new(&shown, "too big (lector reads up to 4 GiB)"));
    }
    let file = if is_fifo {
        open_fifo(path, &shown)
    } else {
        std::fs::File::open(path)
    }
    .map_err(|e| LoadError::new(&shown, io_message(&e)))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    read_all(file, &mut bytes, refuse_binary).map_err(|e| LoadError::new(&shown, e))?;
    Ok(bytes)
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

/// An I/O error as a short sentence, without Rust's "(os error 2)".
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
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
    let decoded = decode::decode(bytes, opts.encoding.as_deref())
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

/// The first lines of a big file as a document, to draw the first screen at once while the whole
/// file loads ([`crate::app::run_preview`]): its first [`PREVIEW_BYTES`] up to the last newline,
/// through the same decoding, parsing and cleaning. `None` (load the whole file first) for a file
/// smaller than [`PREVIEW_MIN_BYTES`], anything but a regular file, UTF-16 (whose newlines are
/// two bytes), a forced encoding, or a beginning that does not make a document on its own (no
/// newline, binary).
///
/// The preview can differ from the same lines of the whole file where a decision looks at more
/// than its first 64 KiB: an encoding guessed from the first MiB, a Markdown file whose first
/// headings come later, YouTube's rolling captions. The real session replaces it in any case.
pub fn preview(path: &Path, opts: &LoadOptions) -> Option<Document> {
    if opts.encoding.is_some() {
        return None;
    }
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() < PREVIEW_MIN_BYTES || meta.len() > MAX_BYTES {
        return None;
    }
    let mut bytes = Vec::with_capacity(PREVIEW_BYTES);
    std::fs::File::open(path)
        .ok()?
        .take(PREVIEW_BYTES as u64)
        .read_to_end(&mut bytes)
        .ok()?;
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return None;
    }
    bytes.truncate(memchr::memrchr(b'\n', &bytes)? + 1);
    let name = input_name(&Input::File(path.to_path_buf()));
    build_document(bytes, &name, Some(path), opts).ok()
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
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(None);
    };
    if !meta.is_file() {
        return Err("not a regular file");
    }
    if meta.len() > MAX_SIDECAR_BYTES {
        return Err("too big for an outline");
    }
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(None);
    };
    let mut text = String::new();
    if file
        .take(MAX_SIDECAR_BYTES + 1)
        .read_to_string(&mut text)
        .is_err()
    {
        return Ok(None);
    }
    if text.len() as u64 > MAX_SIDECAR_BYTES {
        return Err("too big for an outline");
    }
    Ok(Some(text))
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
        };
        assert!(preview(&p, &forced).is_none());
        let utf16 = dir.path().join("utf16.txt");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(line.repeat(lines).encode_utf16().flat_map(u16::to_le_bytes));
        std::fs::write(&utf16, bytes).unwrap();
        assert!(preview(&utf16, &opts).is_none());
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
        let fifo = dir.path().join("talk.txt.outline.toml");
        let ok = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success();
        assert!(ok);
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
