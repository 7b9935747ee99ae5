//! Which media goes with a transcript: the one named with `--media` (a file or a URL), or a file
//! beside the transcript with the same name and an audio or video extension.
//!
//! The lookup for `talk.en.srt` tries, in this order:
//! 1. `talk.en` itself when it names a media file (`talk.mp4.srt` → `talk.mp4`);
//! 2. `talk.en.EXT` for each extension of [`EXTENSIONS`], in that order;
//! 3. the same with language-like tags taken off the end of the stem, one at a time, up to
//!    three (`talk.en` → `talk`, `talk.en.forced` → `talk.en` → `talk`): `talk.EXT`.
//!
//! Extensions match in any case (`talk.MP3`); when two names differ only in case, the first in
//! byte order wins. Audio comes before video, since lector plays audio only by default.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};

/// Media extensions in order of preference: audio first, then video.
pub const EXTENSIONS: &[&str] = &[
    // audio
    "m4a", "mp3", "opus", "ogg", "oga", "flac", "wav", "aac", "mka", "wma", "aiff", "aif", "ape",
    "wv", "caf", "amr", "ac3", // video
    "mp4", "m4v", "webm", "mkv", "mov", "avi", "wmv", "flv", "mpg", "mpeg", "ts", "3gp", "ogv",
];

/// How many tags (`.en`, `.en-US`, `.forced`) may be taken off a stem.
const MAX_TAGS: usize = 3;

/// What mpv is asked to play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Media {
    /// A local file, as an absolute path.
    File(PathBuf),
    /// A URL (`https://…`, `ytdl://…`, `av://…`), passed to mpv as it is.
    Url(String),
}

/// Why the media named cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MediaError {
    #[error("media file not found: {0}")]
    NotFound(String),
    #[error("media path is a directory, not a file: {0}")]
    Directory(String),
    #[error("cannot read media file {path}: {message}")]
    Unreadable { path: String, message: String },
}

impl Media {
    /// The media an argument names: a URL when it starts with `scheme://`, else a file (made
    /// absolute; its existence is checked by [`Media::resolve`]).
    pub fn parse(arg: &OsStr) -> Media {
        if let Some(s) = arg.to_str()
            && is_url(s)
        {
            return Media::Url(s.to_string());
        }
        let path = PathBuf::from(arg);
        Media::File(std::path::absolute(&path).unwrap_or(path))
    }

    /// `--media ARG` when given (a file must exist), else a file found beside `transcript`.
    /// `Ok(None)`: nothing given and nothing found (or no transcript file: standard input).
    pub fn resolve(
        explicit: Option<&OsStr>,
        transcript: Option<&Path>,
    ) -> Result<Option<Media>, MediaError> {
        if let Some(arg) = explicit {
            let media = Media::parse(arg);
            if let Media::File(path) = &media {
                let shown = || crate::text::safe_display(&arg.to_string_lossy());
                match std::fs::metadata(path) {
                    Ok(m) if m.is_dir() => return Err(MediaError::Directory(shown())),
                    Ok(_) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        return Err(MediaError::NotFound(shown()));
                    }
                    Err(e) => {
                        return Err(MediaError::Unreadable {
                            path: shown(),
                            message: crate::text::io_message(&e),
                        });
                    }
                }
            }
            return Ok(Some(media));
        }
        Ok(transcript
            .and_then(find_beside)
            .map(|p| Media::File(std::path::absolute(&p).unwrap_or(p))))
    }

    /// The name to show: the file's name, or the URL.
    pub fn display_name(&self) -> String {
        match self {
            Media::File(p) => {
                let name = p.file_name().unwrap_or(p.as_os_str());
                crate::text::safe_display(&name.to_string_lossy())
            }
            Media::Url(u) => crate::text::safe_display(u),
        }
    }

    /// What `loadfile` is given: the URL, or the file's absolute path. `None` for a path that is
    /// not UTF-8 (JSON strings cannot carry it; the player links it under a UTF-8 name).
    pub(crate) fn load_string(&self) -> Option<String> {
        match self {
            Media::Url(u) => Some(u.clone()),
            Media::File(p) => p.to_str().map(str::to_string),
        }
    }
}

/// Whether `s` is a URL for mpv: `scheme://…` with a scheme of a letter then letters, digits,
/// `+`, `-` or `.`.
pub fn is_url(s: &str) -> bool {
    let Some(i) = s.find("://") else { return false };
    let scheme = &s[..i];
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Whether a file name has a media extension.
pub fn has_media_extension(name: &OsStr) -> bool {
    Path::new(name)
        .extension()
        .and_then(OsStr::to_str)
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// The media file beside `transcript` (see the module's rules), if there is one.
pub fn find_beside(transcript: &Path) -> Option<PathBuf> {
    let name = transcript.file_name()?;
    let dir = match transcript.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let stem = Path::new(name).file_stem()?.to_os_string();
    if stem.is_empty() || stem == name {
        return None;
    }
    let is_file = |p: &Path| p != transcript && std::fs::metadata(p).is_ok_and(|m| m.is_file());

    // `talk.mp4.srt` → `talk.mp4`.
    if has_media_extension(&stem) {
        let p = dir.join(&stem);
        if is_file(&p) {
            return Some(p);
        }
    }

    let entries: Vec<OsString> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.file_name()))
        .collect();
    for stem in stems(&stem) {
        for ext in EXTENSIONS {
            let mut matches: Vec<&OsString> =
                entries.iter().filter(|e| named(e, &stem, ext)).collect();
            matches.sort();
            for m in matches {
                let p = dir.join(m);
                if is_file(&p) {
                    return Some(p);
                }
            }
        }
    }
    None
}

/// `stem` and the stems left after taking off up to [`MAX_TAGS`] tags.
fn stems(stem: &OsStr) -> Vec<OsString> {
    let mut out = vec![stem.to_os_string()];
    let Some(s) = stem.to_str() else { return out };
    let mut rest = s;
    for _ in 0..MAX_TAGS {
        match rest.rfind('.') {
            Some(i) if i > 0 && is_tag(&rest[i + 1..]) => {
                rest = &rest[..i];
                out.push(OsString::from(rest));
            }
            _ => break,
        }
    }
    out
}

/// A language or variant tag in a subtitle's name: `en`, `en-US`, `zh_Hans`, `forced`, `sdh`.
fn is_tag(s: &str) -> bool {
    (1..=16).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Whether the directory entry `entry` is `stem.ext` (the extension in any case).
fn named(entry: &OsStr, stem: &OsStr, ext: &str) -> bool {
    let e = entry.as_encoded_bytes();
    let s = stem.as_encoded_bytes();
    e.len() == s.len() + 1 + ext.len()
        && e.starts_with(s)
        && e[s.len()] == b'.'
        && e[s.len() + 1..].eq_ignore_ascii_case(ext.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir_with(files: &[&str]) -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        for f in files {
            std::fs::write(d.path().join(f), b"x").unwrap();
        }
        d
    }

    fn found(d: &tempfile::TempDir, transcript: &str) -> Option<String> {
        find_beside(&d.path().join(transcript))
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
    }

    #[test]
    fn same_stem_beside() {
        let d = dir_with(&["talk.srt", "talk.mp3", "other.m4a"]);
        assert_eq!(found(&d, "talk.srt").as_deref(), Some("talk.mp3"));
    }

    #[test]
    fn preference_order_audio_first() {
        let d = dir_with(&["talk.srt", "talk.mp4", "talk.webm", "talk.opus", "talk.m4a"]);
        assert_eq!(found(&d, "talk.srt").as_deref(), Some("talk.m4a"));
        let d = dir_with(&["talk.srt", "talk.mp4", "talk.webm"]);
        assert_eq!(found(&d, "talk.srt").as_deref(), Some("talk.mp4"));
    }

    #[test]
    fn language_tags_come_off() {
        let d = dir_with(&["talk.en.srt", "talk.mp4"]);
        assert_eq!(found(&d, "talk.en.srt").as_deref(), Some("talk.mp4"));
        let d = dir_with(&["Title [abc123].en-US.vtt", "Title [abc123].webm"]);
        assert_eq!(
            found(&d, "Title [abc123].en-US.vtt").as_deref(),
            Some("Title [abc123].webm")
        );
        let d = dir_with(&["talk.en.forced.srt", "talk.wav"]);
        assert_eq!(found(&d, "talk.en.forced.srt").as_deref(), Some("talk.wav"));
    }

    #[test]
    fn the_longer_stem_wins() {
        let d = dir_with(&["talk.en.srt", "talk.mp3", "talk.en.mp3"]);
        assert_eq!(found(&d, "talk.en.srt").as_deref(), Some("talk.en.mp3"));
    }

    #[test]
    fn words_with_spaces_are_not_tags() {
        // "Mr. Smith talk" must not shrink to "Mr".
        let d = dir_with(&["Mr. Smith talk.srt", "Mr.mp3"]);
        assert_eq!(found(&d, "Mr. Smith talk.srt"), None);
    }

    #[test]
    fn media_name_inside_the_transcript_name() {
        let d = dir_with(&["talk.mp4.srt", "talk.mp4", "talk.mp3"]);
        assert_eq!(found(&d, "talk.mp4.srt").as_deref(), Some("talk.mp4"));
    }

    #[test]
    fn extension_case_and_ties() {
        let d = dir_with(&["talk.srt", "talk.MP3"]);
        assert_eq!(found(&d, "talk.srt").as_deref(), Some("talk.MP3"));
        let d = dir_with(&["talk.srt", "talk.mp3", "talk.Mp3"]);
        // On a case-sensitive file system both exist: byte order picks "talk.Mp3" ('M' < 'm').
        if std::fs::read_dir(d.path()).unwrap().count() == 3 {
            assert_eq!(found(&d, "talk.srt").as_deref(), Some("talk.Mp3"));
        }
    }

    #[test]
    fn nothing_found() {
        let d = dir_with(&["talk.srt", "talk.txt", "talkmp3", "talk.mp3.part"]);
        assert_eq!(found(&d, "talk.srt"), None);
        std::fs::create_dir(d.path().join("talk.mp3")).unwrap();
        assert_eq!(found(&d, "talk.srt"), None, "a directory is not media");
        assert_eq!(find_beside(Path::new("/")), None);
    }

    #[test]
    fn urls() {
        assert!(is_url("https://example.com/a.mp3"));
        assert!(is_url("ytdl://abc"));
        assert!(is_url("av://lavfi:anullsrc"));
        assert!(!is_url("talk.mp3"));
        assert!(!is_url("/x/y://z"));
        assert!(!is_url("://x"));
        assert!(!is_url("C:\\x.mp3"));
        assert_eq!(
            Media::parse(OsStr::new("https://e.com/a b")),
            Media::Url("https://e.com/a b".into())
        );
    }

    #[test]
    fn resolve_explicit_and_found() {
        let d = dir_with(&["talk.srt", "talk.m4a", "other.mp3"]);
        let t = d.path().join("talk.srt");
        let other = d.path().join("other.mp3");
        assert_eq!(
            Media::resolve(Some(other.as_os_str()), Some(&t)).unwrap(),
            Some(Media::File(other.clone()))
        );
        assert_eq!(
            Media::resolve(None, Some(&t)).unwrap(),
            Some(Media::File(d.path().join("talk.m4a")))
        );
        assert_eq!(Media::resolve(None, None).unwrap(), None);
        let missing = d.path().join("nope.mp3");
        let e = Media::resolve(Some(missing.as_os_str()), Some(&t)).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!("media file not found: {}", missing.display())
        );
        let e = Media::resolve(Some(d.path().as_os_str()), None).unwrap_err();
        assert!(matches!(e, MediaError::Directory(_)), "{e}");
        assert_eq!(
            Media::resolve(Some(OsStr::new("https://x.org/a.mp3")), None).unwrap(),
            Some(Media::Url("https://x.org/a.mp3".into()))
        );
    }

    #[test]
    fn relative_paths_become_absolute() {
        match Media::parse(OsStr::new("-weird name.mp3")) {
            Media::File(p) => {
                assert!(p.is_absolute());
                assert!(p.ends_with("-weird name.mp3"));
            }
            m @ Media::Url(_) => panic!("{m:?}"),
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(
            Media::File("/a/b/talk.m4a".into()).display_name(),
            "talk.m4a"
        );
        assert_eq!(
            Media::Url("https://x/y".into()).display_name(),
            "https://x/y"
        );
    }
}
