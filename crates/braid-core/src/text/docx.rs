//! Transcripts written in Word: the text of a `.docx` file, one line per paragraph, ready for the
//! same speaker-turn parser as a `.txt` transcript.
//!
//! Transcripts laid out as a table (a speaker column beside a speech column) are common too, so
//! a table row whose first cell is short and has no colon becomes `Speaker: speech`; any other
//! row's cells are joined with spaces. Tracked insertions count; tracked deletions do not.
//!
//! The file is read by a small streaming reader over `zip` and `quick-xml` rather than a full
//! document model: memory then follows the text kept, not the XML, and nested tables cost a
//! frame on a heap stack instead of a native call. The archive is checked before any XML is
//! parsed, so a zip bomb, thousands of nested tables or millions of empty paragraphs are refused
//! at once with an error naming the file and the limit.

use std::io::{BufReader, Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use crate::error::{Error, Location, Result};

const MIB: u64 = 1024 * 1024;

/// The largest unpacked size of the one part of a Word file that is read (`word/document.xml`).
/// Its XML is several times its text, and a transcript's text is capped at
/// [`MAX_TEXT_BYTES`](crate::MAX_TEXT_BYTES), so no real document comes near this.
pub const MAX_DOCX_PART_BYTES: u64 = 256 * MIB;

/// The largest unpacked size of a whole Word file, all parts together (images included).
pub const MAX_DOCX_UNPACKED_BYTES: u64 = 1024 * MIB;

/// The highest compression ratio (unpacked size / packed size) of a part larger than 1 MiB.
/// Word's XML packs about 5 to 20 times; a zip bomb packs a thousand times.
pub const MAX_DOCX_COMPRESSION_RATIO: u64 = 100;

/// Parts smaller than this are not held to the ratio: tiny repetitive parts pack very well and
/// cannot hurt.
const RATIO_CHECKED_FROM: u64 = MIB;

/// The deepest nesting of XML elements in the document, which bounds tables inside tables.
/// Ordinary documents nest about 10 levels deep, and each table inside a table adds 3.
pub const MAX_DOCX_NESTING: usize = 256;

/// The most paragraphs and table rows in one document: twice
/// [`MAX_TURNS`](crate::MAX_TURNS), as a turn is often a paragraph plus an empty one.
pub const MAX_DOCX_PARAGRAPHS: usize = 2 * crate::text::transcript::MAX_TURNS;

/// The longest first cell still read as a speaker label in a table row.
const LABEL_MAX: usize = 40;

/// The part the package's relationships name as the main document, when they name none.
const DEFAULT_MAIN_PART: &str = "word/document.xml";

/// Elements whose content is not running text: tracked deletions and moves away, drawings and
/// text boxes (whose paragraphs would interleave with the surrounding one), alternate renderings
/// (which repeat their content) and equations.
const SKIPPED: &[&[u8]] = &[b"del", b"moveFrom", b"drawing", b"pict", b"object", b"AlternateContent", b"oMath", b"oMathPara"];

/// The text of a Word document.
pub(crate) fn docx_text(bytes: &[u8], file: &str) -> Result<String> {
    let bad = |message: String| Error::bad_input(Location::file(file), message);
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        bad(format!("not a readable Word (.docx) document: it is not a zip archive ({e}); open it in Word and save it as .docx"))
    })?;
    let total = match archive.decompressed_size() {
        Some(total) => total,
        // Parts written with data descriptors are left out of the quick sum: add them one by one.
        None => (0..archive.len()).filter_map(|i| archive.by_index_raw(i).ok().map(|f| u128::from(f.size()))).sum(),
    };
    if total > u128::from(MAX_DOCX_UNPACKED_BYTES) {
        return Err(bad(format!(
            "the archive unpacks to {} in all, more than {} (the limit for a Word file); this is not an ordinary Word document",
            size(u64::try_from(total).unwrap_or(u64::MAX)),
            size(MAX_DOCX_UNPACKED_BYTES)
        )));
    }
    let main = main_part(&mut archive, file)?;
    let Some(index) = archive.index_for_name(&main) else {
        return Err(bad(format!(
            "not a readable Word (.docx) document: it has no {main} (the document's text); open it in Word and save it as .docx"
        )));
    };
    let part = open_part(&mut archive, index, &main, file)?;
    let mut text = Extract::new(file, &main);
    text.run(part)?;
    Ok(text.out)
}

/// Open part `index` for reading, after checking its unpacked size and compression ratio. The
/// reader also refuses to give more bytes than the part's header declares, so a header that
/// lies about the size cannot get round the checks.
fn open_part<'a, 'b>(
    archive: &'a mut ZipArchive<Cursor<&'b [u8]>>,
    index: usize,
    name: &str,
    file: &str,
) -> Result<Declared<zip::read::ZipFile<'a, Cursor<&'b [u8]>>>> {
    let bad = |message: String| Error::bad_input(Location::file(file), message);
    let part = archive
        .by_index(index)
        .map_err(|e| bad(format!("{name} cannot be unpacked ({e}); open the file in Word and save it again as .docx")))?;
    let (unpacked, packed) = (part.size(), part.compressed_size());
    if unpacked > MAX_DOCX_PART_BYTES {
        return Err(bad(format!(
            "{name} unpacks to {}, more than {} (the limit for one part of a Word file); this is not an ordinary Word document",
            size(unpacked),
            size(MAX_DOCX_PART_BYTES)
        )));
    }
    if unpacked > RATIO_CHECKED_FROM && unpacked / packed.max(1) > MAX_DOCX_COMPRESSION_RATIO {
        return Err(bad(format!(
            "{name} unpacks to {} times its packed size, more than {MAX_DOCX_COMPRESSION_RATIO} times (the limit); this looks like a zip bomb, not a Word document",
            unpacked / packed.max(1)
        )));
    }
    Ok(Declared { inner: part, left: unpacked, overran: false })
}

/// A reader that gives at most the declared number of bytes and notes whether there were more.
struct Declared<R> {
    inner: R,
    left: u64,
    overran: bool,
}

impl<R: Read> Read for Declared<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            // Anything past the declared size means the header lied: stop rather than read on.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? > 0 {
                self.overran = true;
                return Err(std::io::Error::other("more data than the part's header declares"));
            }
            return Ok(0);
        }
        let want = buf.len().min(usize::try_from(self.left).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..want])?;
        self.left -= n as u64;
        Ok(n)
    }
}

/// The main document part, as the package relationships (`_rels/.rels`) name it.
fn main_part(archive: &mut ZipArchive<Cursor<&[u8]>>, file: &str) -> Result<String> {
    const RELS: &str = "_rels/.rels";
    let Some(index) = archive.index_for_name(RELS) else {
        return Ok(DEFAULT_MAIN_PART.to_string());
    };
    let mut xml = Vec::new();
    let mut part = open_part(archive, index, RELS, file)?;
    part.read_to_end(&mut xml).map_err(|e| {
        Error::bad_input(Location::file(file), format!("{RELS} cannot be unpacked ({e}); open the file in Word and save it again as .docx"))
    })?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    loop {
        // A damaged relationships part is no reason to give up: the usual place is tried instead.
        let Ok(event) = reader.read_event_into(&mut buf) else { break };
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                let decoder = reader.decoder();
                let is_main = attribute(&e, b"Type", decoder).is_some_and(|t| t.ends_with("/officeDocument"));
                if let (true, Some(target)) = (is_main, attribute(&e, b"Target", decoder)) {
                    return Ok(target.replace('\\', "/").trim_start_matches('/').to_string());
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(DEFAULT_MAIN_PART.to_string())
}

fn attribute(e: &BytesStart<'_>, name: &[u8], decoder: quick_xml::encoding::Decoder) -> Option<String> {
    let a = e.try_get_attribute(name).ok()??;
    a.decoded_and_normalized_value(quick_xml::XmlVersion::Implicit1_0, decoder).ok().map(|v| v.into_owned())
}

/// What an open element means to the extractor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    Other,
    Skip,
    Paragraph,
    Run,
    Text,
    Table,
    Row,
    Cell,
}

/// An open table, row (its cells' text so far) or cell (its paragraphs' text so far).
enum Frame {
    Table,
    Row(Vec<String>),
    Cell(Vec<String>),
}

/// The state of one pass over `document.xml`: the open elements and tables, kept on the heap so
/// that nesting costs memory bounded by [`MAX_DOCX_NESTING`], never native stack.
struct Extract<'a> {
    file: &'a str,
    part: &'a str,
    out: String,
    lines: usize,
    open: Vec<Open>,
    frames: Vec<Frame>,
    skip: usize,
    paragraph: Option<String>,
    paragraphs: usize,
    kept: usize,
}

impl<'a> Extract<'a> {
    fn new(file: &'a str, part: &'a str) -> Extract<'a> {
        Extract {
            file,
            part,
            out: String::new(),
            lines: 0,
            open: Vec::new(),
            frames: Vec::new(),
            skip: 0,
            paragraph: None,
            paragraphs: 0,
            kept: 0,
        }
    }

    fn bad(&self, message: String) -> Error {
        Error::bad_input(Location::file(self.file), message)
    }

    fn damaged(&self, what: String) -> Error {
        self.bad(format!("{} {what}; the file is damaged: open it in Word and save it again as .docx", self.part))
    }

    fn run<R: Read>(&mut self, part: Declared<R>) -> Result<()> {
        let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
        reader.config_mut().expand_empty_elements = true;
        let mut buf = Vec::new();
        loop {
            let event = match reader.read_event_into(&mut buf) {
                Ok(event) => event,
                Err(quick_xml::Error::Io(e)) => {
                    return Err(if reader.get_ref().get_ref().overran {
                        self.damaged("unpacks to more bytes than its header declares".to_string())
                    } else {
                        self.damaged(format!("cannot be unpacked ({e})"))
                    });
                }
                Err(e) => return Err(self.damaged(format!("is not well-formed XML (near byte {}: {e})", reader.error_position()))),
            };
            match event {
                Event::Start(e) => self.start(e.local_name().as_ref())?,
                Event::End(_) => self.end()?,
                Event::Text(t) if self.in_text() => {
                    let text = t.xml10_content().map_err(|e| self.damaged(format!("has text that is not UTF-8 ({e})")))?;
                    self.keep(&text)?;
                }
                Event::CData(t) if self.in_text() => {
                    let text = t.decode().map_err(|e| self.damaged(format!("has text that is not UTF-8 ({e})")))?;
                    self.keep(&text)?;
                }
                Event::GeneralRef(r) if self.in_text() => {
                    let name = r.decode().map_err(|e| self.damaged(format!("has text that is not UTF-8 ({e})")))?;
                    if let Some(c) = r.resolve_char_ref().ok().flatten() {
                        self.keep(c.encode_utf8(&mut [0u8; 4]))?;
                    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        self.keep(s)?;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
        }
        if !self.open.is_empty() {
            return Err(self.damaged("ends before its elements are closed".to_string()));
        }
        Ok(())
    }

    fn in_text(&self) -> bool {
        self.skip == 0 && self.open.last() == Some(&Open::Text)
    }

    /// Keep some text of the open paragraph, within the text limit.
    fn keep(&mut self, text: &str) -> Result<()> {
        self.kept += text.len();
        if self.kept > crate::text::MAX_TEXT_BYTES {
            return Err(crate::text::too_much_text(self.file));
        }
        if let Some(p) = &mut self.paragraph {
            p.push_str(text);
        }
        Ok(())
    }

    fn start(&mut self, name: &[u8]) -> Result<()> {
        if self.open.len() >= MAX_DOCX_NESTING {
            return Err(self.bad(format!(
                "tables or other content nested deeper than {MAX_DOCX_NESTING} levels (the limit); flatten the nested tables in Word, or save the transcript as .txt"
            )));
        }
        let parent = self.open.last().copied();
        let open = if self.skip > 0 || SKIPPED.contains(&name) {
            self.skip += 1;
            Open::Skip
        } else {
            match name {
                b"p" if self.paragraph.is_none() => {
                    self.paragraph = Some(String::new());
                    Open::Paragraph
                }
                b"r" if self.paragraph.is_some() => Open::Run,
                b"t" if parent == Some(Open::Run) => Open::Text,
                b"tab" | b"ptab" if parent == Some(Open::Run) => {
                    self.keep("\t")?;
                    Open::Other
                }
                b"br" | b"cr" if parent == Some(Open::Run) => {
                    self.keep("\n")?;
                    Open::Other
                }
                b"tbl" if self.paragraph.is_none() => {
                    self.frames.push(Frame::Table);
                    Open::Table
                }
                b"tr" if matches!(self.frames.last(), Some(Frame::Table)) => {
                    self.frames.push(Frame::Row(Vec::new()));
                    Open::Row
                }
                b"tc" if matches!(self.frames.last(), Some(Frame::Row(_))) => {
                    self.frames.push(Frame::Cell(Vec::new()));
                    Open::Cell
                }
                _ => Open::Other,
            }
        };
        self.open.push(open);
        Ok(())
    }

    fn end(&mut self) -> Result<()> {
        let Some(open) = self.open.pop() else {
            return Err(self.damaged("closes an element it never opened".to_string()));
        };
        match open {
            Open::Skip => self.skip -= 1,
            Open::Paragraph => {
                self.count_paragraph()?;
                let text = self.paragraph.take().unwrap_or_default();
                self.line(text);
            }
            Open::Table => {
                self.frames.pop();
            }
            Open::Row => {
                self.count_paragraph()?;
                if let Some(Frame::Row(cells)) = self.frames.pop() {
                    if let Some(line) = row_line(&cells) {
                        self.line(line);
                    }
                    // A blank line between rows keeps each row its own turn.
                    self.line(String::new());
                }
            }
            Open::Cell => {
                if let Some(Frame::Cell(parts)) = self.frames.pop() {
                    let text = parts.iter().map(|s| s.trim()).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ");
                    if let Some(Frame::Row(cells)) = self.frames.last_mut() {
                        cells.push(text);
                    }
                }
            }
            Open::Other | Open::Run | Open::Text => {}
        }
        Ok(())
    }

    fn count_paragraph(&mut self) -> Result<()> {
        self.paragraphs += 1;
        if self.paragraphs > MAX_DOCX_PARAGRAPHS {
            return Err(self.bad(format!(
                "more than {MAX_DOCX_PARAGRAPHS} paragraphs and table rows (the limit); split the document into smaller files"
            )));
        }
        Ok(())
    }

    /// A finished line goes into the innermost open table cell, or else into the text.
    fn line(&mut self, line: String) {
        let cell = self.frames.iter_mut().rev().find_map(|f| match f {
            Frame::Cell(parts) => Some(parts),
            _ => None,
        });
        match cell {
            Some(parts) => parts.push(line),
            None => {
                if self.lines > 0 {
                    self.out.push('\n');
                }
                self.out.push_str(&line);
                self.lines += 1;
            }
        }
    }
}

/// A table row as a line: `Label: speech` when its first cell reads as a speaker label, else its
/// cells joined with spaces; `None` when every cell is empty.
fn row_line(cells: &[String]) -> Option<String> {
    let cells: Vec<&str> = cells.iter().map(String::as_str).filter(|c| !c.is_empty()).collect();
    match cells.as_slice() {
        [] => None,
        [label, rest @ ..] if !rest.is_empty() && label.chars().count() <= LABEL_MAX && !label.contains(':') => {
            Some(format!("{label}: {}", rest.join(" ")))
        }
        _ => Some(cells.join(" ")),
    }
}

/// A byte count for a message, in MiB (or KiB when small).
fn size(bytes: u64) -> String {
    if bytes >= MIB { format!("{} MiB", bytes.div_ceil(MIB)) } else { format!("{} KiB", bytes.div_ceil(1024)) }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::CompressionMethod::{self, Deflated, Stored};
    use zip::write::SimpleFileOptions;

    use super::*;

    /// A zip archive of `parts` (name, contents), each packed with `method`.
    fn zip_of(parts: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, bytes) in parts {
            zip.start_file(*name, SimpleFileOptions::default().compression_method(method)).unwrap();
            zip.write_all(bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    /// The `document.xml` of a body.
    fn document(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
        )
    }

    /// A Word file of a body, packed as Word packs it.
    fn word(body: &str) -> Vec<u8> {
        zip_of(&[("word/document.xml", document(body).as_bytes())], Deflated)
    }

    fn check(bytes: &[u8], expect: &str) {
        let got = match docx_text(bytes, "W01.docx") {
            Ok(text) => text,
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect);
    }

    fn p(text: &str) -> String {
        format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
    }

    fn cell(text: &str) -> String {
        format!("<w:tc><w:tcPr/>{}</w:tc>", p(text))
    }

    #[test]
    fn paragraphs_keep_runs_tabs_breaks_and_insertions_but_not_deletions() {
        let body = [
            // A tab stop in the paragraph's properties is not a tab in its text.
            "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>I: How</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\"> is school?</w:t></w:r></w:p>",
            "<w:p><w:r><w:t xml:space=\"preserve\">R: Fine &amp; </w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>not</w:delText></w:r></w:del>",
            "<w:ins w:id=\"2\"><w:r><w:t>quiet</w:t></w:r></w:ins><w:moveFrom><w:r><w:t>moved away</w:t></w:r></w:moveFrom>",
            "<w:r><w:br/><w:t>&#x6211;&#24819;妈妈</w:t></w:r><w:hyperlink r:id=\"x\"><w:r><w:t xml:space=\"preserve\"> (link)</w:t></w:r></w:hyperlink></w:p>",
            // A text box's paragraphs and an equation are not running text.
            "<w:p><w:r><w:drawing><w:txbxContent><w:p><w:r><w:t>box</w:t></w:r></w:p></w:txbxContent></w:drawing></w:r></w:p>",
            "<w:p/>",
            "<w:p><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:t><![CDATA[I: <ok>]]></w:t></w:r></w:p>",
        ]
        .concat();
        check(&word(&body), "I: How\t is school?\nR: Fine & quiet\n我想妈妈 (link)\n\n\nI: <ok>");
    }

    #[test]
    fn speaker_tables_become_labelled_lines_and_nested_tables_join_their_cell() {
        let row = |cells: &[&str]| format!("<w:tr>{}</w:tr>", cells.iter().map(|c| cell(c)).collect::<String>());
        let nested = format!("<w:tbl>{}{}</w:tbl>", row(&["a", "b"]), row(&["c: d"]));
        let body = [
            p("Title"),
            "<w:tbl><w:tblPr/>".to_string(),
            row(&["I", "Who do you tell?"]),
            row(&["R", " Nobody. 我想妈妈. "]),
            row(&["", ""]),
            row(&["A label far too long to be a speaker's name, surely", "text"]),
            row(&["Note: x", "y"]),
            format!("<w:tr>{}<w:tc>{}{nested}</w:tc></w:tr>", cell("T"), p("outer")),
            "</w:tbl>".to_string(),
            p("After"),
        ]
        .concat();
        check(
            &word(&body),
            "Title\nI: Who do you tell?\n\nR: Nobody. 我想妈妈.\n\n\nA label far too long to be a speaker's name, surely text\n\nNote: x y\n\nT: outer a: b c: d\n\nAfter",
        );
    }

    #[test]
    fn the_main_part_is_found_through_the_package_relationships() {
        let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>"#;
        let main = document(&p("R: from main.xml"));
        check(&zip_of(&[("_rels/.rels", rels.as_bytes()), ("word/main.xml", main.as_bytes())], Deflated), "R: from main.xml");
    }

    #[test]
    fn not_a_word_file_says_what_is_missing() {
        check(
            &zip_of(&[("content.xml", b"<x/>")], Deflated),
            "error: W01.docx: not a readable Word (.docx) document: it has no word/document.xml (the document's text); open it in Word and save it as .docx",
        );
        let err = docx_text(b"PK\x03\x04", "W01.docx").unwrap_err().to_string();
        assert!(err.starts_with("W01.docx: not a readable Word (.docx) document: it is not a zip archive ("), "{err}");
        assert!(err.ends_with("); open it in Word and save it as .docx"), "{err}");
        let err = docx_text(&word("<w:p><w:r><w:t>R: hi</w:r></w:p>"), "W01.docx").unwrap_err().to_string();
        assert!(err.starts_with("W01.docx: word/document.xml is not well-formed XML (near byte "), "{err}");
        assert!(err.ends_with("; the file is damaged: open it in Word and save it again as .docx"), "{err}");
        let cut = zip_of(&[("word/document.xml", b"<w:document><w:body><w:p>")], Deflated);
        check(
            &cut,
            "error: W01.docx: word/document.xml ends before its elements are closed; the file is damaged: open it in Word and save it again as .docx",
        );
    }

    /// Issue 10: a 7 KB file of 800 nested tables overflowed the stack.
    #[test]
    fn tables_nested_past_the_limit_are_refused_not_a_stack_overflow() {
        let body = format!("{}{}{}", "<w:tbl><w:tr><w:tc>".repeat(800), p("deep"), "</w:tc></w:tr></w:tbl>".repeat(800));
        let bytes = word(&body);
        assert!(bytes.len() < 8 * 1024, "{}", bytes.len());
        check(
            &bytes,
            "error: W01.docx: tables or other content nested deeper than 256 levels (the limit); flatten the nested tables in Word, or save the transcript as .txt",
        );
        // Nesting within the limit is read, each level joining its cell.
        let body = format!("{}{}{}", "<w:tbl><w:tr><w:tc>".repeat(60), p("deep"), "</w:tc></w:tr></w:tbl>".repeat(60));
        check(&word(&body), "deep\n");
    }

    /// A part of `megabytes` MiB of spaces, packed as tightly as deflate goes, written a MiB at a time.
    fn spaces(zip: &mut zip::ZipWriter<Cursor<Vec<u8>>>, name: &str, megabytes: usize) {
        let options = SimpleFileOptions::default().compression_method(Deflated).large_file(true);
        zip.start_file(name, options).unwrap();
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..megabytes {
            zip.write_all(&chunk).unwrap();
        }
    }

    /// Issue 10: a 1 MB file that unpacks to 1 GiB took 65 s and 5.3 GB. Packing a gigabyte
    /// takes a while, so the test packs just past the limit unless `BRAID_SLOW_TESTS` is set.
    #[test]
    fn a_zip_bomb_is_refused_before_it_is_unpacked() {
        let megabytes = if std::env::var_os("BRAID_SLOW_TESTS").is_some() { 1024 } else { 257 };
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        spaces(&mut zip, "word/document.xml", megabytes);
        let bomb = zip.finish().unwrap().into_inner();
        assert!(bomb.len() < megabytes * 1024, "{}", bomb.len());
        check(
            &bomb,
            &format!("error: W01.docx: word/document.xml unpacks to {megabytes} MiB, more than 256 MiB (the limit for one part of a Word file); this is not an ordinary Word document"),
        );
    }

    #[test]
    fn parts_that_pack_too_tightly_or_unpack_too_large_in_all_are_refused() {
        // Under the part limit, the ratio catches a bomb.
        let xml = document(&" ".repeat(8 << 20));
        let err = docx_text(&zip_of(&[("word/document.xml", xml.as_bytes())], Deflated), "W01.docx").unwrap_err().to_string();
        assert!(err.starts_with("W01.docx: word/document.xml unpacks to "), "{err}");
        assert!(err.ends_with(" times its packed size, more than 100 times (the limit); this looks like a zip bomb, not a Word document"), "{err}");
        // The whole archive has a limit too, whichever parts hold the bulk. Copies of one packed
        // part make it without packing a gigabyte.
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        spaces(&mut zip, "word/media/image0.bin", 205);
        for i in 1..5 {
            zip.deep_copy_file("word/media/image0.bin", &format!("word/media/image{i}.bin")).unwrap();
        }
        check(
            &zip.finish().unwrap().into_inner(),
            "error: W01.docx: the archive unpacks to 1025 MiB in all, more than 1024 MiB (the limit for a Word file); this is not an ordinary Word document",
        );
    }

    /// A part whose header declares fewer bytes than it holds cannot slip past the checks.
    #[test]
    fn a_part_larger_than_its_header_says_is_refused() {
        let xml = document(&p(&"R: hello ".repeat(1000)));
        let mut bytes = zip_of(&[("word/document.xml", xml.as_bytes())], Deflated);
        // Rewrite the unpacked size in the local header (offset 22) and the central directory
        // entry (offset 24 from its signature) to 100 bytes.
        let central = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        for at in [22, central + 24] {
            bytes[at..at + 4].copy_from_slice(&100u32.to_le_bytes());
        }
        check(
            &bytes,
            "error: W01.docx: word/document.xml unpacks to more bytes than its header declares; the file is damaged: open it in Word and save it again as .docx",
        );
    }

    /// Issue 10: a 344 KB file of 2 million tiny paragraphs took 43 s and 7.8 GB.
    #[test]
    fn millions_of_paragraphs_are_refused_at_the_paragraph_limit() {
        let many = "<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(MAX_DOCX_PARAGRAPHS + 1);
        check(
            &zip_of(&[("word/document.xml", document(&many).as_bytes())], Stored),
            "error: W01.docx: more than 200000 paragraphs and table rows (the limit); split the document into smaller files",
        );
        // The issue's file, 2 million paragraphs packed small, is refused by one limit or another.
        let two_million = word(&"<w:p><w:r><w:t>x</w:t></w:r></w:p>".repeat(2_000_000));
        assert!(two_million.len() < 1 << 20, "{}", two_million.len());
        let err = docx_text(&two_million, "W01.docx").unwrap_err().to_string();
        assert!(err.starts_with("W01.docx: ") && err.contains("(the limit"), "{err}");
    }
}
