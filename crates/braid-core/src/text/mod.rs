//! Decoding and normalising imported text, and code-point offset arithmetic.
//!
//! Offsets everywhere in Braid are 0-based, half-open `[start, end)` counts of
//! Unicode code points (Rust `char`s) into the stored, normalised text.

pub(crate) mod attrs;
pub(crate) mod captions;
pub(crate) mod docx;
pub(crate) mod tokenize;
pub(crate) mod timestamps;
pub(crate) mod transcript;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Location, Result};

/// The most text one imported file may hold, in bytes of UTF-8 (16 MiB): a long interview is
/// well under 1 MiB, and everything derived from a file (turns, index entries) grows with it.
pub const MAX_TEXT_BYTES: usize = 16 * 1024 * 1024;

/// The error for a file with more than [`MAX_TEXT_BYTES`] of text.
pub(crate) fn too_much_text(file: &str) -> Error {
    Error::bad_input(
        Location::file(file),
        format!("more than {} MiB of text (the limit for one file); split it into smaller files", MAX_TEXT_BYTES / (1024 * 1024)),
    )
}

/// The largest file an import reads (256 MiB). Word files may hold images besides their text,
/// so this is larger than [`MAX_TEXT_BYTES`]; it stops a wrong file from being read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

pub(crate) fn too_large(file: &str) -> Error {
    Error::bad_input(
        Location::file(file),
        format!(
            "the file is larger than {} MiB (the limit for one file); check that it is a transcript, and split a longer one into smaller files",
            MAX_FILE_BYTES / (1024 * 1024)
        ),
    )
}

/// A file's name and bytes, for importing what is not on disk (the embedded demo, the app).
#[derive(Debug, Clone)]
pub struct Source {
    /// The file name; its extension picks the format and its stem names the document.
    pub path: PathBuf,
    /// The raw bytes.
    pub bytes: Vec<u8>,
}

impl Source {
    /// Read a file from disk, refusing one larger than [`MAX_FILE_BYTES`] before reading it all.
    pub fn read(path: &Path) -> Result<Source> {
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let declared = file.metadata().map_err(|e| Error::io(path, e))?.len();
        if declared > MAX_FILE_BYTES {
            return Err(too_large(&path.display().to_string()));
        }
        let mut bytes = Vec::with_capacity(usize::try_from(declared).unwrap_or(0));
        // The size is checked again while reading: a file may grow, or not report its size.
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(&path.display().to_string()));
        }
        Ok(Source { path: path.to_path_buf(), bytes })
    }
}


/// Text decoded from a file's bytes and normalised: BOM stripped, CRLF and CR turned into LF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The normalised text.
    pub text: String,
    /// The encoding the bytes were read as, e.g. `UTF-8`, `UTF-16LE`, `GBK`.
    pub encoding: String,
    /// SHA-256 of the original bytes, lowercase hex.
    pub sha256: String,
}

/// SHA-256 of some bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Decode a file's bytes.
///
/// `forced` is an encoding label (`gb18030`, `utf-16le`, ...) given by the user; without it,
/// UTF-8 and UTF-16 with a BOM are read directly and Chinese legacy encodings are detected.
/// Anything else is refused with an error that names the file and suggests `--encoding`.
pub fn decode(bytes: &[u8], file: &str, forced: Option<&str>) -> Result<Decoded> {
    let at = || Location::file(file);
    let sha256 = sha256_hex(bytes);
    if bytes.is_empty() {
        return Err(Error::bad_input(at(), "the file is empty; remove it from the import or add its text"));
    }
    let (text, encoding) = if let Some(label) = forced {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::BadRequest(format!(
                "unknown encoding `{label}`; use a WHATWG label such as utf-8, utf-16le, gb18030 or big5"
            ))
        })?;
        let (cow, used, had_errors) = enc.decode(bytes);
        if had_errors {
            return Err(Error::bad_input(
                at(),
                format!("bytes that are not valid {}; check the --encoding you gave", used.name()),
            ));
        }
        (cow.into_owned(), used.name().to_string())
    } else if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, had_errors) = enc.decode_with_bom_removal(bytes);
        if had_errors {
            return Err(Error::bad_input(at(), format!("invalid {} after its byte-order mark", enc.name())));
        }
        (cow.into_owned(), enc.name().to_string())
    } else {
        if bytes.contains(&0) {
            if let Some((name, label)) = utf16_without_bom(bytes) {
                return Err(Error::bad_input(
                    at(),
                    format!("this looks like {name} text without a byte-order mark (NUL bytes between the letters); import it with --encoding {label}"),
                ));
            }
            return Err(Error::bad_input(
                at(),
                "this looks like a binary file (it contains NUL bytes); import plain-text transcripts (.txt or .md)",
            ));
        }
        match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_string(), "UTF-8".to_string()),
            Err(e) => detect_legacy(bytes).ok_or_else(|| {
                Error::bad_input(
                    at(),
                    format!(
                        "not valid UTF-8 (byte 0x{:02x} at offset {}); if the file uses another encoding, pass --encoding, e.g. --encoding gb18030",
                        bytes[e.valid_up_to()],
                        e.valid_up_to()
                    ),
                )
            })?,
        }
    };
    let text = normalise(&text);
    if text.trim().is_empty() {
        return Err(Error::bad_input(at(), "the file has no text; remove it from the import or add its text"));
    }
    Ok(Decoded { text, encoding, sha256 })
}

/// A table's text (a CSV): borrowed from the bytes when they are UTF-8, so a large survey file
/// is not copied; otherwise decoded and normalised as [`decode`] does, with its errors. The CSV
/// reader takes any line ending and a UTF-8 byte-order mark itself.
pub fn decode_table<'a>(bytes: &'a [u8], file: &str) -> Result<std::borrow::Cow<'a, str>> {
    let utf8_or_no_bom = encoding_rs::Encoding::for_bom(bytes).is_none_or(|(enc, _)| enc == encoding_rs::UTF_8);
    if utf8_or_no_bom
        && !bytes.contains(&0)
        && let Ok(text) = std::str::from_utf8(bytes)
        && !text.trim().is_empty()
    {
        return Ok(std::borrow::Cow::Borrowed(text));
    }
    decode(bytes, file, None).map(|d| std::borrow::Cow::Owned(d.text))
}

/// UTF-16 saved without a byte-order mark: its name and `--encoding` label, when the bytes read so.
///
/// Text of Latin letters in UTF-16 has a NUL byte beside almost every letter, all on one side of
/// each byte pair; binary files have NULs on both sides. The bytes must also decode cleanly to text
/// without control characters, so that a binary file is not mistaken for text.
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, b) in bytes.iter().enumerate() {
        if *b == 0 {
            if i % 2 == 0 { even += 1 } else { odd += 1 }
        }
    }
    // NULs on one side only, allowing a few stray ones: 19 in 20 on the side the text puts them.
    let (enc, name, label) = if odd >= 2 && odd >= 19 * even {
        (encoding_rs::UTF_16LE, "UTF-16LE", "utf-16le")
    } else if even >= 2 && even >= 19 * odd {
        (encoding_rs::UTF_16BE, "UTF-16BE", "utf-16be")
    } else {
        return None;
    };
    if bytes.len() % 2 != 0 {
        return None;
    }
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes)?;
    let is_text = text.chars().all(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'));
    is_text.then_some((name, label))
}

/// Chinese transcripts often come as GBK/GB18030. Accept a detection only when it decodes cleanly.
fn detect_legacy(bytes: &[u8]) -> Option<(String, String)> {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    let accepted = [encoding_rs::GBK, encoding_rs::GB18030, encoding_rs::BIG5];
    if !accepted.contains(&guess) {
        return None;
    }
    let (cow, had_errors) = guess.decode_without_bom_handling(bytes);
    if had_errors {
        return None;
    }
    Some((cow.into_owned(), guess.name().to_string()))
}

/// Strip a leading BOM and turn CRLF and lone CR into LF.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// Converts byte offsets of one string to code-point offsets, walking forward once.
///
/// Offsets must be asked for in non-decreasing order.
#[derive(Debug)]
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    /// A counter at the start of `text`.
    pub fn new(text: &'a str) -> CharCounter<'a> {
        CharCounter { text, byte: 0, chars: 0 }
    }

    /// The code-point offset of byte offset `byte`, which must lie on a char boundary.
    pub fn char_at(&mut self, byte: usize) -> usize {
        if byte < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// The substring of `text` at code-point span `[start, end)`, or `None` when out of bounds.
pub fn slice_chars(text: &str, start: usize, end: usize) -> Option<&str> {
    if start > end {
        return None;
    }
    let mut indices = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len()));
    let b_start = indices.nth(start)?;
    let b_end = if end == start { b_start } else { indices.nth(end - start - 1)? };
    Some(&text[b_start..b_end])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_decode(bytes: &[u8], forced: Option<&str>, expect: &str) {
        let got = match decode(bytes, "t.txt", forced) {
            Ok(d) => format!("{} {:?}", d.encoding, d.text),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect);
    }

    #[test]
    fn decoding() {
        check_decode(b"I: hi\r\nR: yo\r\n", None, r#"UTF-8 "I: hi\nR: yo\n""#);
        check_decode(b"\xef\xbb\xbfR: bom\rx", None, r#"UTF-8 "R: bom\nx""#);
        check_decode(b"\xff\xfeR\x00:\x00 \x00=N", None, r#"UTF-16LE "R: 丽""#);
        check_decode(b"", None, "error: t.txt: the file is empty; remove it from the import or add its text");
        check_decode(b" \n\r\n", None, "error: t.txt: the file has no text; remove it from the import or add its text");
        check_decode(
            b"\x7fELF\x02\x01\x00\x00",
            None,
            "error: t.txt: this looks like a binary file (it contains NUL bytes); import plain-text transcripts (.txt or .md)",
        );
        // "我想妈妈" in GBK: detected and decoded.
        let gbk = encoding_rs::GBK.encode("R: 我想妈妈，她在韩国工作。我每天都给她打电话。").0.into_owned();
        check_decode(&gbk, None, r#"GBK "R: 我想妈妈，她在韩国工作。我每天都给她打电话。""#);
        check_decode(&gbk, Some("gb18030"), r#"gb18030 "R: 我想妈妈，她在韩国工作。我每天都给她打电话。""#);
        check_decode(
            b"R: caf\xe9 \x80\x81",
            None,
            "error: t.txt: not valid UTF-8 (byte 0xe9 at offset 6); if the file uses another encoding, pass --encoding, e.g. --encoding gb18030",
        );
        check_decode(
            b"R: x",
            Some("klingon"),
            "error: unknown encoding `klingon`; use a WHATWG label such as utf-8, utf-16le, gb18030 or big5",
        );
    }

    /// Issue 10: UTF-16 without a byte-order mark read as "looks like a binary file".
    #[test]
    fn utf16_without_a_bom_is_named_with_the_encoding_to_pass() {
        let le: Vec<u8> = "I: Hello\nR: 我想妈妈\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        check_decode(
            &le,
            None,
            "error: t.txt: this looks like UTF-16LE text without a byte-order mark (NUL bytes between the letters); import it with --encoding utf-16le",
        );
        let be: Vec<u8> = "R: plain English words".encode_utf16().flat_map(u16::to_be_bytes).collect();
        check_decode(
            &be,
            None,
            "error: t.txt: this looks like UTF-16BE text without a byte-order mark (NUL bytes between the letters); import it with --encoding utf-16be",
        );
        check_decode(&le, Some("utf-16le"), r#"UTF-16LE "I: Hello\nR: 我想妈妈\n""#);
        // NULs on both sides of the pairs, or control characters, are a binary file still.
        let binary = "error: t.txt: this looks like a binary file (it contains NUL bytes); import plain-text transcripts (.txt or .md)";
        check_decode(b"\x00\x00\x01\x00\x00\x02\x00\x00", None, binary);
        check_decode(b"a\x00\x01\x00\x02\x00", None, binary);
    }

    #[test]
    fn char_offsets() {
        let s = "a妈😀b";
        let mut c = CharCounter::new(s);
        assert_eq!([c.char_at(0), c.char_at(1), c.char_at(4), c.char_at(8), c.char_at(9)], [0, 1, 2, 3, 4]);
        assert_eq!(slice_chars(s, 1, 3), Some("妈😀"));
        assert_eq!(slice_chars(s, 4, 4), Some(""));
        assert_eq!(slice_chars(s, 3, 5), None);
        assert_eq!(slice_chars(s, 2, 1), None);
    }
}
