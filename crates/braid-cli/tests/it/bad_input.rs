//! The bad-input suite (issue #10, item 10): inputs a new user could give `braid`, each made
//! here, each run against the binary with `--json`. Every one must end in a clear error:
//!
//! - a non-zero exit, with no panic, abort or signal;
//! - within a deadline (a hang is killed and counted);
//! - a stable error `code` in the JSON on stdout;
//! - a message naming the file (or, for a bad request, the flag, value or limit);
//! - the project unchanged: every table's rows hash the same after as before, and a file given
//!   as a project that is not one stays byte-identical, with nothing created beside it.
//!
//! A case is one line in [`cases`]: a name, the error codes it may carry, and a function that
//! makes its inputs in a scratch folder and returns the arguments. Flags that overflow may also
//! be accepted by saturating (issue #10, item 2: "validated or saturate"), so long as the
//! command then succeeds with JSON output and leaves the project as it was.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::support::{self, Ended, Rng};

/// Generous: the slowest clear error seen takes well under a second.
const DEADLINE: Duration = Duration::from_secs(20);
/// Caps each run's address space, so that an input that makes `braid` allocate without bound
/// fails fast (and is reported) instead of taking memory from the rest of the machine.
const MEMORY_KIB: u64 = 4 * 1024 * 1024;
/// Cases run in parallel on this many threads.
const THREADS: usize = 3;

const KNOWN_CODES: &[&str] = &["bad_input", "bad_request", "needs_confirmation", "not_found", "busy", "project", "io", "store", "index"];
const U64_MAX: &str = "18446744073709551615";

type Codes = &'static [&'static str];
/// A malformed input file.
const INPUT: Codes = &["bad_input"];
/// A malformed flag, query, formula or span.
const REQUEST: Codes = &["bad_request"];
/// A named thing that does not exist.
const UNKNOWN: Codes = &["not_found", "bad_request"];
/// A file given as the project that is not a Braid project.
const PROJECT: Codes = &["project"];
/// A file that is missing, or is a folder.
const GONE: Codes = &["io", "bad_input", "not_found"];
/// A data problem found when fitting: either the data or the request may be blamed.
const DATA: Codes = &["bad_request", "bad_input"];

/// A plain transcript that imports cleanly, under a name the demo does not use.
const TRANSCRIPT: &str = "I: How was school today?\nR: Fine. We had music, and I sang.\n";
const CODEBOOK_HEAD: &str = "format: braid-codebook/1\ncodes:\n";
const EXCERPT_HEAD: &str = "document,code,excerpt,occurrence\n";
/// A phrase found once in the demo's transcript 0602.
const PHRASE: &str = "scared to talk to her";
const UUID_A: &str = "11111111-1111-4111-8111-111111111111";
const UUID_B: &str = "22222222-2222-4222-8222-222222222222";

struct Case {
    name: &'static str,
    codes: Codes,
    /// Accept a successful run (the flag saturated) as well as a clear error.
    saturates: bool,
    build: fn(&mut Ctx) -> Vec<String>,
}

fn case(name: &'static str, codes: Codes, build: fn(&mut Ctx) -> Vec<String>) -> Case {
    Case { name, codes, saturates: false, build }
}

/// A numeric flag that overflows: a `bad_request`, or a saturated value and a normal answer.
fn flag(name: &'static str, build: fn(&mut Ctx) -> Vec<String>) -> Case {
    Case { name, codes: REQUEST, saturates: true, build }
}

/// A case's scratch folder and what it expects of the message and the files.
struct Ctx {
    dir: PathBuf,
    project: Option<PathBuf>,
    /// The message must contain one of these (case-insensitive).
    subject: Vec<String>,
    /// Further groups, each of which the message must match one of.
    also: Vec<Vec<String>>,
    /// Files that must stay byte-identical, and the listing of their folder.
    kept: Vec<(PathBuf, Vec<u8>, Vec<String>)>,
    /// Paths that were missing and must still be: a failed command creates nothing.
    absent: Vec<PathBuf>,
    /// A successful run prints a document (`--format md`), not JSON.
    prints_text: bool,
}

fn strings(parts: &[&str]) -> Vec<String> {
    parts.iter().map(|s| s.to_string()).collect()
}

impl Ctx {
    /// A copy of the demo project; the same copy for every call in one case.
    fn project(&mut self) -> String {
        let path = match &self.project {
            Some(p) => p.clone(),
            None => {
                let p = support::copy_demo(&self.dir.join("project"));
                self.project = Some(p.clone());
                p
            }
        };
        path.to_str().expect("UTF-8 path").to_string()
    }

    /// Write a file under `in/` without making it the subject.
    fn write(&mut self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.dir.join("in").join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the input folder");
        std::fs::write(&path, bytes).expect("write an input");
        path.to_str().expect("UTF-8 path").to_string()
    }

    /// Write the bad file: the message must name it.
    fn file(&mut self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.write(name, bytes);
        self.names(&[&file_name(&path)]);
        path
    }

    /// A folder where a file belongs.
    fn folder(&mut self, name: &str) -> String {
        let path = self.dir.join("in").join(name);
        std::fs::create_dir_all(&path).expect("create a folder");
        self.names(&[name]);
        self.also.push(vec!["folder".to_string(), "directory".to_string()]);
        path.to_str().expect("UTF-8 path").to_string()
    }

    /// A path where nothing is.
    fn missing(&mut self, name: &str) -> String {
        self.names(&[name]);
        let path = self.dir.join("in").join(name);
        self.absent.push(path.clone());
        path.to_str().expect("UTF-8 path").to_string()
    }

    /// What the message must name: any one of these.
    /// A successful run of this case prints an export rather than JSON.
    fn prints_text(&mut self) {
        self.prints_text = true;
    }

    fn names(&mut self, any: &[&str]) {
        self.subject = any.iter().map(|s| s.to_string()).collect();
    }

    /// A further group the message must match one of.
    fn mentions(&mut self, any: &[&str]) {
        self.also.push(any.iter().map(|s| s.to_string()).collect());
    }

    /// A request past a limit: the message must say it is a limit.
    fn limit(&mut self) {
        self.names(&["limit"]);
    }

    /// A file given as the project: alone in its own folder, it must stay byte-identical and
    /// nothing may appear beside it.
    fn bad_project(&mut self, name: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.dir.join("proj").join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create the project folder");
        std::fs::write(&path, bytes).expect("write a bad project");
        self.keep(&path);
        path.to_str().expect("UTF-8 path").to_string()
    }

    fn keep(&mut self, path: &Path) {
        self.names(&[&file_name(path.to_str().expect("UTF-8 path"))]);
        let bytes = std::fs::read(path).expect("read a kept file");
        let listing = listing(path.parent().expect("a parent"));
        self.kept.push((path.to_path_buf(), bytes, listing));
    }

    /// `braid import PROJECT FILES...`
    fn import(&mut self, files: &[String]) -> Vec<String> {
        let mut args = vec!["import".to_string(), self.project()];
        args.extend(files.iter().cloned());
        args
    }

    /// `braid import PROJECT good.txt --attributes CSV`: the CSV must sink the whole import.
    fn import_attributes(&mut self, csv: String) -> Vec<String> {
        let good = self.write("zz-fresh.txt", TRANSCRIPT);
        let mut args = self.import(&[good]);
        args.extend(["--attributes".to_string(), csv]);
        args
    }

    /// A bad transcript beside a good one: the whole import is refused.
    fn import_one(&mut self, name: &str, bytes: impl AsRef<[u8]>) -> Vec<String> {
        let good = self.write("zz-good.txt", TRANSCRIPT);
        let bad = self.file(name, bytes);
        self.import(&[good, bad])
    }

    fn codebook(&mut self, yaml: &str) -> Vec<String> {
        let f = self.file("book.yaml", yaml);
        vec!["codebook".into(), "import".into(), self.project(), f]
    }

    fn codings(&mut self, csv: impl AsRef<[u8]>) -> Vec<String> {
        let f = self.file("coder-x.csv", csv);
        vec!["codings".into(), "import".into(), self.project(), f, "--coder".into(), "coder-x".into()]
    }

    fn dataset(&mut self, csv: impl AsRef<[u8]>, extra: &[&str]) -> Vec<String> {
        let f = self.file("pupils.csv", csv);
        let mut args = vec!["dataset".into(), "import".into(), self.project(), f];
        args.extend(strings(extra));
        args
    }

    /// `braid fit PROJECT --data survey --formula F`
    fn fit(&mut self, formula: &str) -> Vec<String> {
        vec!["fit".into(), self.project(), "--data".into(), "survey".into(), "--formula".into(), formula.to_string()]
    }

    /// `braid COMMAND PROJECT REST...`
    fn on(&mut self, command: &[&str], rest: &[&str]) -> Vec<String> {
        let mut args = strings(command);
        args.push(self.project());
        args.extend(strings(rest));
        args
    }

    /// The UUID of one of the demo's codings.
    fn a_coding(&mut self) -> String {
        let p = self.project();
        let conn = rusqlite::Connection::open_with_flags(&p, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open the copy");
        conn.query_row("SELECT uuid FROM codings ORDER BY id LIMIT 1", [], |r| r.get(0)).expect("the demo has codings")
    }
}

fn file_name(path: &str) -> String {
    Path::new(path).file_name().map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).map(|r| r.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect()).unwrap_or_default();
    names.sort();
    names
}

// ---- Makers of bad inputs -------------------------------------------------------------------

fn noise(seed: u64, len: usize) -> Vec<u8> {
    Rng::new(seed).bytes(len)
}

/// UTF-16 without a byte-order mark.
fn utf16(text: &str, little_endian: bool) -> Vec<u8> {
    text.encode_utf16().flat_map(|u| if little_endian { u.to_le_bytes() } else { u.to_be_bytes() }).collect()
}

fn repeat(unit: &str, n: usize) -> String {
    unit.repeat(n)
}

/// A ZIP archive of these entries, deflated.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, options).expect("zip entry");
        w.write_all(bytes).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;
const DOC_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;
const DOC_TAIL: &str = "</w:body></w:document>";

fn para(text: &str) -> String {
    format!("<w:p><w:r><w:t>{text}</w:t></w:r></w:p>")
}

/// A Word package with this `word/document.xml`.
fn docx_part(document: &[u8]) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOC_RELS.as_bytes()),
        ("word/document.xml", document),
    ])
}

/// A Word document with this body.
fn docx(body: &str) -> Vec<u8> {
    docx_part(format!("{DOC_HEAD}{body}{DOC_TAIL}").as_bytes())
}

/// A transcript in a Word document: one paragraph per line.
fn docx_transcript(text: &str) -> Vec<u8> {
    docx(&text.lines().map(para).collect::<String>())
}

/// Tables nested `depth` deep, a paragraph in the innermost cell.
fn nested_tables(depth: usize) -> Vec<u8> {
    let open = "<w:tbl><w:tr><w:tc>";
    let close = "</w:tc></w:tr></w:tbl>";
    docx(&format!("{}{}{}", repeat(open, depth), para("R: deep"), repeat(close, depth)))
}

/// A Word document whose `word/document.xml` unpacks to about `mib` MiB (of one paragraph's
/// text), written in pieces so that the test never holds it whole.
fn zip_bomb(mib: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(mib >= 4096);
    w.start_file("[Content_Types].xml", options).expect("zip entry");
    w.write_all(CONTENT_TYPES.as_bytes()).expect("zip write");
    w.start_file("_rels/.rels", options).expect("zip entry");
    w.write_all(RELS.as_bytes()).expect("zip write");
    w.start_file("word/_rels/document.xml.rels", options).expect("zip entry");
    w.write_all(DOC_RELS.as_bytes()).expect("zip write");
    w.start_file("word/document.xml", options).expect("zip entry");
    w.write_all(format!("{DOC_HEAD}<w:p><w:r><w:t>R: ").as_bytes()).expect("zip write");
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..mib {
        w.write_all(&chunk).expect("zip write");
    }
    w.write_all(format!("</w:t></w:r></w:p>{DOC_TAIL}").as_bytes()).expect("zip write");
    w.finish().expect("zip finish").into_inner()
}

/// A Word document of `n` tiny paragraphs (each a speaker turn).
fn many_paragraphs(n: usize) -> Vec<u8> {
    let mut body = String::with_capacity(n * 40);
    for _ in 0..n {
        body.push_str("<w:p><w:r><w:t>R: a</w:t></w:r></w:p>");
    }
    docx(&body)
}

/// A ZIP whose document entry claims a compression method nobody implements (99 is AES).
fn zip_unknown_method() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/document.xml", "R: hidden"),
    ] {
        w.start_file(name, options).expect("zip entry");
        w.write_all(bytes.as_bytes()).expect("zip write");
    }
    let mut bytes = w.finish().expect("zip finish").into_inner();
    // Patch the method field of every local header (offset 8) and central header (offset 10).
    for i in 0..bytes.len().saturating_sub(12) {
        if bytes[i..i + 4] == [0x50, 0x4b, 0x03, 0x04] {
            bytes[i + 8] = 99;
        } else if bytes[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            bytes[i + 10] = 99;
        }
    }
    bytes
}

fn srt(cues: &[(&str, &str)]) -> String {
    cues.iter().enumerate().map(|(i, (timing, text))| format!("{}\n{timing}\n{text}\n\n", i + 1)).collect()
}

/// A codebook entry at `indent` spaces.
fn code_entry(indent: usize, id: &str, name: &str) -> String {
    let pad = " ".repeat(indent);
    format!("{pad}- id: {id}\n{pad}  name: \"{name}\"\n")
}

/// Another program's SQLite database (rollback journal, no Braid tables).
fn other_sqlite(path: &Path, with_project_table: bool) {
    let conn = rusqlite::Connection::open(path).expect("create a foreign database");
    conn.execute_batch("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');")
        .expect("fill the foreign database");
    if with_project_table {
        conn.execute_batch("CREATE TABLE project (name TEXT); INSERT INTO project VALUES ('my thesis');").expect("a project table");
    }
}

fn demo_bytes() -> Vec<u8> {
    std::fs::read(&support::demo().project).expect("read the demo project")
}

/// A copy of the demo marked as made by a newer Braid.
fn future_project(c: &mut Ctx) -> String {
    let p = c.dir.join("proj").join("future.braid");
    std::fs::create_dir_all(p.parent().expect("a parent")).expect("create folder");
    std::fs::copy(&support::demo().project, &p).expect("copy the demo");
    let conn = rusqlite::Connection::open(&p).expect("open the copy");
    conn.execute_batch("PRAGMA journal_mode = DELETE; PRAGMA user_version = 999;").expect("mark as newer");
    drop(conn);
    c.keep(&p);
    p.to_str().expect("UTF-8 path").to_string()
}

fn foreign_project(c: &mut Ctx, with_project_table: bool) -> String {
    let p = c.dir.join("proj").join("notes.sqlite");
    std::fs::create_dir_all(p.parent().expect("a parent")).expect("create folder");
    other_sqlite(&p, with_project_table);
    c.keep(&p);
    p.to_str().expect("UTF-8 path").to_string()
}

// ---- The cases ------------------------------------------------------------------------------

fn cases() -> Vec<Case> {
    vec![
        // Transcripts: bytes that are not text.
        case("transcript: binary noise (.txt)", INPUT, |c| c.import_one("noise.txt", noise(1, 4096))),
        case("transcript: binary noise (.md)", INPUT, |c| c.import_one("noise.md", noise(2, 4096))),
        case("transcript: a PNG named .txt", INPUT, |c| c.import_one("photo.txt", [&b"\x89PNG\r\n\x1a\n"[..], &noise(3, 2048)].concat())),
        case("transcript: an executable named .md", INPUT, |c| c.import_one("tool.md", [&b"\x7fELF\x02\x01\x01\0"[..], &noise(4, 2048)].concat())),
        case("transcript: noise without NUL bytes", INPUT, |c| {
            let bytes: Vec<u8> = noise(5, 4096).into_iter().map(|b| b | 0x80).collect();
            c.import_one("high.txt", bytes)
        }),
        // Transcripts: encodings.
        case("transcript: UTF-16LE without a BOM (.txt)", INPUT, |c| {
            c.mentions(&["utf-16"]);
            c.import_one("le.txt", utf16(TRANSCRIPT, true))
        }),
        case("transcript: UTF-16BE without a BOM (.txt)", INPUT, |c| {
            c.mentions(&["utf-16"]);
            c.import_one("be.txt", utf16(TRANSCRIPT, false))
        }),
        case("transcript: UTF-16LE without a BOM (.md)", INPUT, |c| {
            c.mentions(&["utf-16"]);
            c.import_one("le.md", utf16(&format!("---\nid: Z1\n---\n{TRANSCRIPT}"), true))
        }),
        case("transcript: UTF-8 cut inside a character", INPUT, |c| {
            let text = "I: 你在学校怎么样？\nR: 还好。我们唱歌了";
            c.import_one("cut.txt", &text.as_bytes()[..text.len() - 1])
        }),
        case("transcript: an invalid byte in UTF-8", INPUT, |c| c.import_one("ff.txt", [TRANSCRIPT.as_bytes(), b"R: caf\xff\n"].concat())),
        case("transcript: invalid UTF-8 after its BOM", INPUT, |c| c.import_one("bom.txt", [&b"\xef\xbb\xbf"[..], b"R: caf\xc3\x28\n"].concat())),
        case("transcript: UTF-16LE BOM with an odd byte", INPUT, |c| {
            let mut bytes = vec![0xff, 0xfe];
            bytes.extend(utf16(TRANSCRIPT, true));
            bytes.push(b'R');
            c.import_one("odd.txt", bytes)
        }),
        case("transcript: --encoding nobody knows", REQUEST, |c| {
            let f = c.write("zz-plain.txt", TRANSCRIPT);
            c.names(&["klingon"]);
            let mut args = c.import(&[f]);
            args.extend(strings(&["--encoding", "klingon"]));
            args
        }),
        case("transcript: --encoding that does not fit the bytes", INPUT, |c| {
            let f = c.file("latin1.txt", b"R: caf\xe9 au lait\n");
            let mut args = c.import(&[f]);
            args.extend(strings(&["--encoding", "utf-8"]));
            args
        }),
        // Transcripts: empty and shapeless.
        case("transcript: empty .txt", INPUT, |c| c.import_one("empty.txt", "")),
        case("transcript: empty .md", INPUT, |c| c.import_one("empty.md", "")),
        case("transcript: only whitespace", INPUT, |c| c.import_one("blank.txt", " \n\t\n   \n")),
        case("transcript: only a BOM", INPUT, |c| c.import_one("bomonly.txt", b"\xef\xbb\xbf")),
        case("transcript: only newlines (.md)", INPUT, |c| c.import_one("lines.md", "\n\n\n\n")),
        case("transcript: a 32 MiB line", INPUT, |c| c.import_one("huge-line.txt", format!("R: {}", repeat("a", 32 << 20)))),
        case("transcript: 2 million one-word turns", INPUT, |c| c.import_one("turns.txt", repeat("R: a\n", 2_000_000))),
        // Transcripts: front matter.
        case("front matter: never closed", INPUT, |c| c.import_one("open.md", format!("---\nid: Z2\n{TRANSCRIPT}"))),
        case("front matter: malformed YAML", INPUT, |c| c.import_one("yaml.md", format!("---\nid: [unclosed\n---\n{TRANSCRIPT}"))),
        case("front matter: and no text", INPUT, |c| c.import_one("nobody.md", "---\nid: Z3\n---\n")),
        case("front matter: id is a mapping", INPUT, |c| c.import_one("idmap.md", format!("---\nid: {{a: 1}}\n---\n{TRANSCRIPT}"))),
        case("front matter: a list, not keys", INPUT, |c| c.import_one("list.md", format!("---\n- a\n- b\n---\n{TRANSCRIPT}"))),
        case("front matter: 100,000 nested lists", INPUT, |c| {
            c.import_one("deep.md", format!("---\nid: Z4\nx: {}{}\n---\n{TRANSCRIPT}", repeat("[", 100_000), repeat("]", 100_000)))
        }),
        case("front matter: billion laughs", INPUT, |c| {
            let mut yaml = String::from("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
            for (i, l) in "bcdefghi".chars().enumerate() {
                let p = char::from(b'a' + i as u8);
                yaml.push_str(&format!("{l}: &{l} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"));
            }
            c.import_one("laughs.md", format!("---\nid: Z5\n{yaml}---\n{TRANSCRIPT}"))
        }),
        // Transcripts: files that are not there, or not files, or clash.
        case("transcript: unsupported extension", INPUT, |c| c.import_one("paper.pdf", b"%PDF-1.4\n")),
        case("transcript: no extension", INPUT, |c| c.import_one("README", TRANSCRIPT)),
        case("transcript: a folder named .txt", GONE, |c| {
            let d = c.folder("folder.txt");
            c.import(&[d])
        }),
        case("transcript: a missing file", GONE, |c| {
            let f = c.missing("nowhere.txt");
            c.import(&[f])
        }),
        case("transcript: the same name twice in one import", INPUT, |c| {
            let a = c.write("a/twin.txt", TRANSCRIPT);
            let b = c.file("b/twin.txt", "R: a different text\n");
            c.mentions(&["twice", "more than once"]);
            c.import(&[a, b])
        }),
        case("transcript: a name the project already has", INPUT, |c| {
            let f = c.file("0602.txt", "R: not the 0602 the project holds\n");
            c.import(&[f])
        }),
        // Word documents.
        case("docx: not a ZIP", INPUT, |c| c.import_one("text.docx", TRANSCRIPT)),
        case("docx: empty file", INPUT, |c| c.import_one("zero.docx", "")),
        case("docx: an empty ZIP", INPUT, |c| c.import_one("hollow.docx", zip(&[]))),
        case("docx: no word/document.xml", INPUT, |c| {
            let parts = [("[Content_Types].xml", CONTENT_TYPES.as_bytes()), ("_rels/.rels", RELS.as_bytes()), ("word/_rels/document.xml.rels", DOC_RELS.as_bytes())];
            c.mentions(&["document.xml"]);
            c.import_one("nodoc.docx", zip(&parts))
        }),
        case("docx: document.xml is binary", INPUT, |c| c.import_one("binxml.docx", docx_part(&noise(6, 4096)))),
        case("docx: document.xml cut short", INPUT, |c| c.import_one("cutxml.docx", docx_part(format!("{DOC_HEAD}<w:p><w:r><w:t>R: hel").as_bytes()))),
        case("docx: the ZIP cut in half", INPUT, |c| {
            let whole = docx_transcript(TRANSCRIPT);
            c.import_one("half.docx", &whole[..whole.len() / 2])
        }),
        case("docx: an unknown compression method", INPUT, |c| c.import_one("aes.docx", zip_unknown_method())),
        case("docx: a document with no text", INPUT, |c| c.import_one("blank.docx", docx(""))),
        case("docx: 800 nested tables", INPUT, |c| c.import_one("tables800.docx", nested_tables(800))),
        case("docx: 5,000 nested tables", INPUT, |c| c.import_one("tables5000.docx", nested_tables(5000))),
        case("docx: 100,000 nested runs", INPUT, |c| {
            c.import_one("runs.docx", docx(&format!("<w:p>{}R: x{}</w:p>", repeat("<w:r>", 100_000), repeat("</w:r>", 100_000))))
        }),
        case("docx: a ZIP bomb (1 GiB of text)", INPUT, |c| c.import_one("bomb.docx", zip_bomb(1024))),
        case("docx: 2 million paragraphs", INPUT, |c| c.import_one("paras.docx", many_paragraphs(2_000_000))),
        case("docx: an XML entity bomb", INPUT, |c| {
            let dtd = "<!DOCTYPE w:document [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\"><!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\"><!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\"><!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\"><!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\"><!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">]>";
            let xml = format!(r#"<?xml version="1.0"?>{dtd}<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>"#, para("R: &h;"));
            c.import_one("entities.docx", docx_part(xml.as_bytes()))
        }),
        // Captions.
        case("srt: broken timestamps", INPUT, |c| c.import_one("broken.srt", srt(&[("00:00:xx,000 --> later", "Interviewer: Hello"), ("00:00:02,000 --> 00:00:03,000", "R: Hi")]))),
        case("srt: a cue that ends before it starts", INPUT, |c| c.import_one("backwards.srt", srt(&[("00:00:05,000 --> 00:00:01,000", "Interviewer: Hello")]))),
        case("srt: hours that overflow", INPUT, |c| c.import_one("hours.srt", srt(&[("99999999999999999999:00:00,000 --> 99999999999999999999:00:01,000", "R: Hi")]))),
        case("srt: only cue numbers", INPUT, |c| c.import_one("numbers.srt", "1\n\n2\n\n3\n")),
        case("srt: text without timings", INPUT, |c| c.import_one("notime.srt", "1\nInterviewer: Hello\n\n2\nR: Hi\n")),
        case("srt: empty", INPUT, |c| c.import_one("empty.srt", "")),
        case("srt: binary", INPUT, |c| c.import_one("noise.srt", noise(7, 2048))),
        case("vtt: no WEBVTT header", INPUT, |c| c.import_one("nohead.vtt", "00:00:01.000 --> 00:00:02.000\nR: Hi\n")),
        case("vtt: a header and no cues", INPUT, |c| c.import_one("nocues.vtt", "WEBVTT\n\n")),
        case("vtt: a broken timestamp", INPUT, |c| c.import_one("badtime.vtt", "WEBVTT\n\n00:xx.000 --> 00:01.000\n<v R>Hi\n")),
        case("vtt: binary after the header", INPUT, |c| c.import_one("binary.vtt", [&b"WEBVTT\n\n"[..], &noise(8, 2048)].concat())),
        // Attributes CSVs.
        case("attributes: no id column", INPUT, |c| {
            let f = c.file("attrs.csv", "name,colour\nzz-fresh,blue\n");
            c.import_attributes(f)
        }),
        case("attributes: empty file", INPUT, |c| {
            let f = c.file("attrs.csv", "");
            c.import_attributes(f)
        }),
        case("attributes: binary", INPUT, |c| {
            let f = c.file("attrs.csv", noise(9, 1024));
            c.import_attributes(f)
        }),
        case("attributes: the same id twice", INPUT, |c| {
            let f = c.file("attrs.csv", "id,colour\nzz-fresh,blue\nzz-fresh,red\n");
            c.import_attributes(f)
        }),
        case("attributes: the same column twice", INPUT, |c| {
            let f = c.file("attrs.csv", "id,colour,colour\nzz-fresh,blue,red\n");
            c.import_attributes(f)
        }),
        case("attributes: a row with an extra field", INPUT, |c| {
            let f = c.file("attrs.csv", "id,colour\nzz-fresh,blue,extra\n");
            c.import_attributes(f)
        }),
        case("attributes: an unterminated quote", INPUT, |c| {
            let f = c.file("attrs.csv", "id,colour\nzz-fresh,\"blue\n");
            c.import_attributes(f)
        }),
        case("attributes: a column with no name", INPUT, |c| {
            let f = c.file("attrs.csv", "id,,colour\nzz-fresh,x,blue\n");
            c.import_attributes(f)
        }),
        case("attributes: an unknown column type", INPUT, |c| {
            let f = c.file("attrs.csv", "id,age:years\nzz-fresh,12\n");
            c.import_attributes(f)
        }),
        case("attributes: a value that is not its column's type", INPUT, |c| {
            let f = c.file("attrs.csv", "id,age:integer\nzz-fresh,twelve\n");
            c.import_attributes(f)
        }),
        case("attributes: a value the project holds as another type", INPUT, |c| {
            let f = c.file("attrs.csv", "id,age\nzz-fresh,twelve\n");
            c.import_attributes(f)
        }),
        case("attributes: an empty id", INPUT, |c| {
            let f = c.file("attrs.csv", "id,colour\n,blue\n");
            c.import_attributes(f)
        }),
        case("attributes: UTF-16 without a BOM", INPUT, |c| {
            let f = c.file("attrs.csv", utf16("id,colour\nzz-fresh,blue\n", true));
            c.mentions(&["utf-16"]);
            c.import_attributes(f)
        }),
        case("attributes: a folder", GONE, |c| {
            let f = c.folder("attrs.csv");
            c.import_attributes(f)
        }),
        case("attributes: a missing file", GONE, |c| {
            let f = c.missing("attrs.csv");
            c.import_attributes(f)
        }),
        // Codebooks.
        case("codebook: a code that is its own child", INPUT, |c| {
            c.codebook(&format!("{CODEBOOK_HEAD}{}    children:\n{}", code_entry(2, UUID_A, "Loop"), code_entry(6, UUID_A, "Inner")))
        }),
        case("codebook: a cycle two levels deep", INPUT, |c| {
            c.codebook(&format!(
                "{CODEBOOK_HEAD}{}    children:\n{}        children:\n{}",
                code_entry(2, UUID_A, "Outer"),
                code_entry(6, UUID_B, "Middle"),
                code_entry(10, UUID_A, "Back")
            ))
        }),
        case("codebook: an existing code made its own descendant", INPUT, |c| {
            // 3416020e… is the demo's "Family and migration"; ceb7881d… its child "Missing mother".
            c.codebook(&format!(
                "{CODEBOOK_HEAD}{}    children:\n{}        children:\n{}",
                code_entry(2, "ceb7881d-8f7d-5895-bec6-99fc6ac7be8a", "Missing mother"),
                code_entry(6, "3416020e-cac9-53ec-9a99-ab9e9e0c2bd1", "Family and migration"),
                code_entry(10, "ceb7881d-8f7d-5895-bec6-99fc6ac7be8a", "Missing mother")
            ))
        }),
        case("codebook: two codes with one UUID", INPUT, |c| c.codebook(&format!("{CODEBOOK_HEAD}{}{}", code_entry(2, UUID_A, "First"), code_entry(2, UUID_A, "Second")))),
        case("codebook: two siblings with one name", INPUT, |c| c.codebook(&format!("{CODEBOOK_HEAD}{}{}", code_entry(2, UUID_A, "Same"), code_entry(2, UUID_B, "Same")))),
        case("codebook: malformed YAML", INPUT, |c| c.codebook("format: braid-codebook/1\ncodes: [\n  - name: x\n")),
        case("codebook: an unknown format", INPUT, |c| c.codebook("format: braid-codebook/9\ncodes: []\n")),
        case("codebook: codes is text", INPUT, |c| c.codebook("format: braid-codebook/1\ncodes: lots\n")),
        case("codebook: a code without a name", INPUT, |c| c.codebook(&format!("{CODEBOOK_HEAD}  - id: {UUID_A}\n    colour: \"#123456\"\n"))),
        case("codebook: a name with a slash", INPUT, |c| c.codebook(&format!("{CODEBOOK_HEAD}{}", code_entry(2, UUID_A, "Peer/support")))),
        case("codebook: an empty name", INPUT, |c| c.codebook(&format!("{CODEBOOK_HEAD}{}", code_entry(2, UUID_A, "")))),
        case("codebook: an id that is not a UUID", INPUT, |c| c.codebook(&format!("{CODEBOOK_HEAD}{}", code_entry(2, "not-a-uuid", "Bad id")))),
        case("codebook: a colour that is not #rrggbb", INPUT, |c| c.codebook(&format!("{CODEBOOK_HEAD}{}    colour: \"red\"\n", code_entry(2, UUID_A, "Red")))),
        case("codebook: an unknown key", INPUT, |c| c.codebook(&format!("{CODEBOOK_HEAD}{}    weight: 3\n", code_entry(2, UUID_A, "Heavy")))),
        case("codebook: 10,000 levels of children", INPUT, |c| {
            let mut yaml = String::from("format: braid-codebook/1\ncodes: ");
            for i in 0..10_000 {
                yaml.push_str(&format!("[{{name: c{i}, children: "));
            }
            yaml.push_str("[]");
            yaml.push_str(&repeat("}]", 10_000));
            c.codebook(&yaml)
        }),
        case("codebook: billion laughs", INPUT, |c| {
            // Each level is a code with nine copies of the level below as children: 9^8 codes.
            let mut yaml = String::from("format: braid-codebook/1\nx0: &x0 {name: leaf}\n");
            for i in 1..9 {
                let p = i - 1;
                yaml.push_str(&format!("x{i}: &x{i} {{name: level{i}, children: [*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p},*x{p}]}}\n"));
            }
            yaml.push_str("codes: [*x8]\n");
            c.codebook(&yaml)
        }),
        case("codebook: binary", INPUT, |c| {
            let f = c.file("book.yaml", noise(10, 2048));
            vec!["codebook".into(), "import".into(), c.project(), f]
        }),
        case("codebook: empty file", INPUT, |c| c.codebook("")),
        case("codebook: a folder", GONE, |c| {
            let f = c.folder("book.yaml");
            vec!["codebook".into(), "import".into(), c.project(), f]
        }),
        case("codebook: a missing file", GONE, |c| {
            let f = c.missing("book.yaml");
            vec!["codebook".into(), "import".into(), c.project(), f]
        }),
        // Excerpt codings.
        case("codings: an unknown document", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}9999,Peer support,{PHRASE},\n"))),
        case("codings: an unknown code", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}0602,No such code,{PHRASE},\n"))),
        case("codings: an excerpt not in the document", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}0602,Peer support,words nobody said,\n"))),
        case("codings: an occurrence past the last", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}0602,Peer support,{PHRASE},5\n"))),
        case("codings: occurrence zero", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}0602,Peer support,{PHRASE},0\n"))),
        case("codings: occurrence that overflows", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}0602,Peer support,{PHRASE},{U64_MAX}9\n"))),
        case("codings: occurrence is a word", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}0602,Peer support,{PHRASE},second\n"))),
        case("codings: an empty excerpt", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}0602,Peer support,,\n"))),
        case("codings: no excerpt column", INPUT, |c| c.codings("document,code\n0602,Peer support\n")),
        case("codings: an unterminated quote", INPUT, |c| c.codings(format!("{EXCERPT_HEAD}0602,Peer support,\"{PHRASE},\n"))),
        case("codings: empty file", INPUT, |c| c.codings("")),
        case("codings: binary", INPUT, |c| c.codings(noise(11, 2048))),
        case("codings: no coder named", REQUEST, |c| {
            let mut args = c.codings(format!("{EXCERPT_HEAD}0602,Peer support,{PHRASE},\n"));
            *args.last_mut().expect("the coder") = " ".to_string();
            c.names(&["coder"]);
            args
        }),
        // Survey CSVs.
        case("survey: empty file", INPUT, |c| c.dataset("", &[])),
        case("survey: binary", INPUT, |c| c.dataset(noise(12, 4096), &[])),
        case("survey: a row with an extra field", INPUT, |c| c.dataset("y,x\n1,2\n3,4,5\n", &[])),
        case("survey: the same column twice", INPUT, |c| c.dataset("y,y\n1,2\n3,4\n", &[])),
        case("survey: a column with no name", INPUT, |c| c.dataset("y,\n1,2\n3,4\n", &[])),
        case("survey: one stray word in a numeric column", INPUT, |c| {
            let mut csv = String::from("y,x\n");
            for i in 0..40 {
                csv.push_str(&format!("{},{}\n", i, if i == 17 { "abc".to_string() } else { (i * 2).to_string() }));
            }
            c.mentions(&["abc"]);
            c.dataset(csv, &[])
        }),
        case("survey: an unterminated quote", INPUT, |c| c.dataset("y,x\n1,\"2\n3,4\n", &[])),
        case("survey: UTF-16 without a BOM", INPUT, |c| {
            c.mentions(&["utf-16"]);
            c.dataset(utf16("y,x\n1,2\n3,4\n", true), &[])
        }),
        case("survey: a folder", GONE, |c| {
            let f = c.folder("pupils.csv");
            vec!["dataset".into(), "import".into(), c.project(), f]
        }),
        case("survey: a missing file", GONE, |c| {
            let f = c.missing("pupils.csv");
            vec!["dataset".into(), "import".into(), c.project(), f]
        }),
        case("survey: --type for a column it does not have", UNKNOWN, |c| {
            let args = c.dataset("y,x\n1,2\n3,4\n", &["--type", "nosuch=numeric"]);
            c.names(&["nosuch"]);
            args
        }),
        case("survey: --type of an unknown kind", REQUEST, |c| {
            let args = c.dataset("y,x\n1,2\n3,4\n", &["--type", "x=ordinal"]);
            c.names(&["ordinal"]);
            args
        }),
        case("survey: --label without a code", REQUEST, |c| {
            let args = c.dataset("y,x\n1,2\n3,4\n", &["--label", "x=Girl"]);
            c.names(&["x=Girl"]);
            args
        }),
        // Formulas.
        case("formula: 20,000 nested parentheses", REQUEST, |c| {
            c.limit();
            c.fit(&format!("depression ~ {}age{}", repeat("(", 20_000), repeat(")", 20_000)))
        }),
        // A valid model once expanded (`age + girl + age:girl`): it used to never return; now
        // expansion stops when the terms stop changing, so a normal answer is right too.
        flag("formula: (age + girl)^1000000000", |c| {
            c.names(&["1000000000", "limit"]);
            c.fit("depression ~ (age + girl)^1000000000")
        }),
        case("formula: a 20-way interaction", REQUEST, |c| {
            c.limit();
            c.fit("depression ~ dep1*dep2*dep3*dep4*dep5*dep6*age*grade*siblings*korean*mother_edu*father_edu*belonging*att1*att2*att3*teacher_attitude*teacher_satisfaction*best_friends*closeness")
        }),
        case("formula: an unknown variable", UNKNOWN, |c| {
            c.names(&["shoe_size"]);
            c.fit("depression ~ age + shoe_size")
        }),
        case("formula: an unknown response", UNKNOWN, |c| {
            c.names(&["happiness"]);
            c.fit("happiness ~ age")
        }),
        case("formula: empty", REQUEST, |c| {
            c.names(&["formula"]);
            c.fit("")
        }),
        case("formula: no tilde", REQUEST, |c| {
            c.names(&["~", "formula"]);
            c.fit("depression age")
        }),
        case("formula: dangling operators", REQUEST, |c| {
            c.names(&["+", "formula"]);
            c.fit("depression ~ + +")
        }),
        case("formula: an unclosed parenthesis", REQUEST, |c| {
            c.names(&["(", "parenthes"]);
            c.fit("depression ~ (age + girl")
        }),
        case("formula: a power that is not a number", REQUEST, |c| {
            c.names(&["^", "power"]);
            c.fit("depression ~ (age + girl)^two")
        }),
        case("fit: on one row", DATA, |c| {
            let f = c.file("one.csv", "y,x\n1,2\n");
            strings(&["fit", "--csv", &f, "--formula", "y ~ x"])
        }),
        case("fit: more coefficients than rows", DATA, |c| {
            let f = c.file("three.csv", "y,a,b,d\n1,2,3,4\n2,3,5,7\n3,1,1,2\n");
            strings(&["fit", "--csv", &f, "--formula", "y ~ a + b + d"])
        }),
        case("fit: --complete-on a column it does not have", UNKNOWN, |c| {
            let mut args = c.fit("depression ~ age");
            args.extend(strings(&["--complete-on", "nosuch"]));
            c.names(&["nosuch"]);
            args
        }),
        case("fit: --ref to a level that does not exist", UNKNOWN, |c| {
            let mut args = c.fit("depression ~ migration");
            args.extend(strings(&["--ref", "migration=mars"]));
            c.names(&["mars"]);
            args
        }),
        case("fit: --ref without =", REQUEST, |c| {
            let mut args = c.fit("depression ~ migration");
            args.extend(strings(&["--ref", "migration"]));
            c.names(&["--ref"]);
            args
        }),
        case("fit: --data that does not exist", UNKNOWN, |c| {
            c.names(&["census"]);
            c.on(&["fit"], &["--data", "census", "--formula", "depression ~ age"])
        }),
        case("fit: a CSV that is a folder", GONE, |c| {
            let f = c.folder("data.csv");
            strings(&["fit", "--csv", &f, "--formula", "y ~ x"])
        }),
        case("compare: a restricted model that is not nested", REQUEST, |c| {
            c.names(&["restricted", "nested"]);
            c.on(&["compare"], &["--data", "survey", "--restricted", "depression ~ closeness", "--formula", "depression ~ age"])
        }),
        case("probe: --at that is not a number", REQUEST, |c| {
            c.names(&["--at", "lots"]);
            c.on(&["probe"], &["--data", "survey", "--formula", "depression ~ migration * belonging", "--focal", "migration=mother", "--moderator", "belonging", "--at", "lots"])
        }),
        case("probe: a moderator not in the model", UNKNOWN, |c| {
            c.names(&["closeness"]);
            c.on(&["probe"], &["--data", "survey", "--formula", "depression ~ migration * belonging", "--focal", "migration=mother", "--moderator", "closeness"])
        }),
        case("similar: a document the project lacks", UNKNOWN, |c| {
            c.names(&["9999"]);
            c.on(&["similar"], &["9999", "0", "10"])
        }),
        case("similar: a passage past the end of its document", REQUEST, |c| {
            c.names(&["0602"]);
            c.on(&["similar"], &["0602", "10", U64_MAX])
        }),
        case("similar: an empty passage", REQUEST, |c| {
            c.names(&["0602"]);
            c.on(&["similar"], &["0602", "10", "10"])
        }),
        case("suggest: a passage past the end of its document", REQUEST, |c| {
            c.names(&["0602"]);
            c.on(&["suggest"], &["0602", "5", "99999999"])
        }),
        case("search: by meaning without words", REQUEST, |c| {
            c.names(&["query"]);
            c.on(&["search"], &["  ", "--semantic"])
        }),
        case("dataset link: a dataset the project lacks", UNKNOWN, |c| {
            c.names(&["nope"]);
            c.on(&["dataset", "link"], &["nope", "--column", "id"])
        }),
        case("dataset link: a column the dataset lacks", REQUEST, |c| {
            c.names(&["respondent"]);
            c.on(&["dataset", "link"], &["survey", "--column", "respondent"])
        }),
        case("dataset link: an informant attribute that does not exist", REQUEST, |c| {
            c.names(&["shoe_size"]);
            c.on(&["dataset", "link"], &["survey", "--column", "id", "--attribute", "shoe_size"])
        }),
        case("dataset link: a column whose values match no informant", REQUEST, |c| {
            c.names(&["closeness"]);
            c.on(&["dataset", "link"], &["survey", "--column", "closeness"])
        }),
        case("dataset add-codes: a code that does not exist", UNKNOWN, |c| {
            c.names(&["No such theme"]);
            c.on(&["dataset", "add-codes"], &["survey", "--code", "No such theme"])
        }),
        case("dataset remove-codes: a code variable that does not exist", UNKNOWN, |c| {
            c.names(&["ghost"]);
            c.on(&["dataset", "remove-codes"], &["survey", "--name", "ghost"])
        }),
        case("cases: a model the project lacks", UNKNOWN, |c| {
            c.names(&["Table 9"]);
            c.on(&["cases"], &["Table 9"])
        }),
        case("cases: a condition without an operator", REQUEST, |c| {
            c.names(&["belonging"]);
            c.on(&["cases"], &["Table 4 model 1", "--where", "belonging"])
        }),
        case("cases: ordering a categorical column", DATA, |c| {
            c.names(&["migration"]);
            c.on(&["cases"], &["Table 4 model 1", "--where", "migration<3"])
        }),
        case("cases: by moderator on a model without an interaction", REQUEST, |c| {
            c.names(&["moderator"]);
            c.on(&["cases"], &["Table 2 model 1", "--by", "moderator"])
        }),
        flag("cases: --top of u64::MAX", |c| {
            c.names(&["--top", U64_MAX]);
            c.on(&["cases"], &["Table 4 model 1", "--top", U64_MAX])
        }),
        case("search: a survey value compared with a word", REQUEST, |c| {
            c.names(&["high"]);
            c.on(&["search"], &["mother", "--where", "survey.depression>=high"])
        }),
        case("search: ordering a text attribute", REQUEST, |c| {
            c.names(&["type"]);
            c.on(&["search"], &["mother", "--where", "type>child"])
        }),
        case("fit: a subset that is not a condition", REQUEST, |c| {
            c.names(&["sample"]);
            c.on(&["fit"], &["--data", "survey", "--formula", "depression ~ migration", "--subset", "sample"])
        }),
        case("display: cases by a column the dataset lacks", REQUEST, |c| {
            c.names(&["shoe_size"]);
            c.on(&["display"], &["--cases-by", "shoe_size", "--data", "survey"])
        }),
        case("display: cases by the residual without a model", REQUEST, |c| {
            c.names(&["model"]);
            c.on(&["display"], &["--cases-by", "residual", "--data", "survey"])
        }),
        case("describe: an unknown variable", UNKNOWN, |c| {
            let p = c.project();
            c.names(&["shoe_size"]);
            strings(&["describe", "--project", &p, "--data", "survey", "shoe_size"])
        }),
        case("alpha: an unknown item", UNKNOWN, |c| {
            let p = c.project();
            c.names(&["dep9"]);
            strings(&["alpha", "--project", &p, "--data", "survey", "dep1", "dep9"])
        }),
        // Queries.
        case("search: 20,000 nested parentheses", REQUEST, |c| {
            c.limit();
            let q = format!("{}scared{}", repeat("(", 20_000), repeat(")", 20_000));
            c.on(&["search"], &[&q])
        }),
        case("kwic: 20,000 nested parentheses", REQUEST, |c| {
            c.limit();
            let q = format!("{}scared{}", repeat("(", 20_000), repeat(")", 20_000));
            c.on(&["kwic"], &[&q])
        }),
        case("search: an unbalanced quote", REQUEST, |c| {
            c.names(&["quote", "\""]);
            c.on(&["search"], &["\"scared to"])
        }),
        case("search: an unbalanced parenthesis", REQUEST, |c| {
            c.names(&["parenthes", "("]);
            c.on(&["search"], &["(scared OR mum"])
        }),
        case("search: a lone operator", REQUEST, |c| {
            c.names(&["AND"]);
            c.on(&["search"], &["AND"])
        }),
        case("search: a fuzzy distance that overflows", REQUEST, |c| {
            c.names(&["~", "distance", "limit"]);
            c.on(&["search"], &[&format!("scared~{U64_MAX}")])
        }),
        case("search: a phrase slop that overflows", REQUEST, |c| {
            c.names(&["~", "slop", "limit"]);
            c.on(&["search"], &[&format!("\"scared talk\"~{U64_MAX}9")])
        }),
        case("search: --where without =", REQUEST, |c| {
            c.names(&["type"]);
            c.on(&["search"], &["scared", "--where", "type"])
        }),
        case("search: --code that does not exist", UNKNOWN, |c| {
            c.names(&["No such code"]);
            c.on(&["search"], &["scared", "--code", "No such code"])
        }),
        case("kwic: an unbalanced quote", REQUEST, |c| {
            c.names(&["quote", "\""]);
            c.on(&["kwic"], &["scared \"to"])
        }),
        case("autocode: an unbalanced quote", REQUEST, |c| {
            c.names(&["quote", "\""]);
            c.on(&["autocode"], &["\"scared", "--code", "Peer support", "--apply"])
        }),
        case("autocode: a code that does not exist", UNKNOWN, |c| {
            c.names(&["No such code"]);
            c.on(&["autocode"], &["scared", "--code", "No such code", "--apply"])
        }),
        // Numeric flags and offsets that overflow.
        flag("kwic --width u64::MAX", |c| {
            c.names(&["--width", U64_MAX]);
            c.on(&["kwic"], &["scared", "--width", U64_MAX])
        }),
        flag("kwic --limit u64::MAX", |c| {
            c.names(&["--limit", U64_MAX]);
            c.on(&["kwic"], &["scared", "--limit", U64_MAX])
        }),
        flag("kwic --width and --limit u64::MAX", |c| {
            c.names(&["--width", "--limit", U64_MAX]);
            c.on(&["kwic"], &["scared", "--width", U64_MAX, "--limit", U64_MAX])
        }),
        flag("search --limit u64::MAX", |c| {
            c.names(&["--limit", U64_MAX]);
            c.on(&["search"], &["scared", "--limit", U64_MAX])
        }),
        flag("search --limit u64::MAX with --counts", |c| {
            c.names(&["--limit", U64_MAX]);
            c.on(&["search"], &["scared", "--limit", U64_MAX, "--counts", "migration"])
        }),
        flag("search --limit 10^12 (no overflow, a huge buffer)", |c| {
            c.names(&["--limit", "1000000000000"]);
            c.on(&["search"], &["scared", "--limit", "1000000000000"])
        }),
        flag("segments --context u64::MAX", |c| {
            c.names(&["--context", U64_MAX]);
            c.on(&["segments"], &["--any", "Peer support", "--context", U64_MAX])
        }),
        flag("segments --context u64::MAX as Markdown", |c| {
            c.names(&["--context", U64_MAX]);
            c.prints_text();
            c.on(&["segments"], &["--any", "Peer support", "--context", U64_MAX, "--format", "md"])
        }),
        case("code: start and end u64::MAX", REQUEST, |c| {
            c.names(&[U64_MAX]);
            c.on(&["code"], &["0602", U64_MAX, U64_MAX, "Peer support"])
        }),
        case("code: end u64::MAX", REQUEST, |c| {
            c.names(&[U64_MAX]);
            c.on(&["code"], &["0602", "10", U64_MAX, "Peer support"])
        }),
        case("code: end past the document", REQUEST, |c| {
            c.names(&["999999999"]);
            c.on(&["code"], &["0602", "0", "999999999", "Peer support"])
        }),
        case("code: end before start", REQUEST, |c| {
            c.names(&["[50, 10)", "50", "10"]);
            c.on(&["code"], &["0602", "50", "10", "Peer support"])
        }),
        case("code: an empty span", REQUEST, |c| {
            c.names(&["[5, 5)", "empty"]);
            c.on(&["code"], &["0602", "5", "5", "Peer support"])
        }),
        case("code: in vivo past the end", REQUEST, |c| {
            c.names(&[U64_MAX]);
            c.on(&["code"], &["0602", "0", U64_MAX, "--in-vivo"])
        }),
        case("resize: to u64::MAX", REQUEST, |c| {
            let uuid = c.a_coding();
            c.names(&[U64_MAX]);
            c.on(&["resize"], &[&uuid, "0", U64_MAX])
        }),
        case("resize: end before start", REQUEST, |c| {
            let uuid = c.a_coding();
            c.names(&["[9, 3)", "9", "3"]);
            c.on(&["resize"], &[&uuid, "9", "3"])
        }),
        case("finding link: a span of u64::MAX", REQUEST, |c| {
            let span = format!("0602:{U64_MAX}:{U64_MAX}");
            c.names(&[U64_MAX]);
            c.on(&["finding", "link"], &["H3 Peer support", "--span", &span, "--code", "Peer support"])
        }),
        case("finding link: a span past the document", REQUEST, |c| {
            c.names(&["999999999"]);
            c.on(&["finding", "link"], &["H3 Peer support", "--span", "0602:0:999999999", "--code", "Peer support"])
        }),
        case("finding link: a span that does not parse", REQUEST, |c| {
            c.names(&["0602:x:9", "--span"]);
            c.on(&["finding", "link"], &["H3 Peer support", "--span", "0602:x:9", "--code", "Peer support"])
        }),
        case("finding move: to u64::MAX", REQUEST, |c| {
            c.names(&[U64_MAX, "position"]);
            c.on(&["finding", "move"], &["H3 Peer support", "--to", U64_MAX])
        }),
        case("finding move: to 0", REQUEST, |c| {
            c.names(&["position", "--to"]);
            c.on(&["finding", "move"], &["H3 Peer support", "--to", "0"])
        }),
        // Unknown UUIDs and names in coding, finding and undo commands.
        case("code: an unknown document", UNKNOWN, |c| {
            c.names(&["9999"]);
            c.on(&["code"], &["9999", "0", "5", "Peer support"])
        }),
        case("code: an unknown code", UNKNOWN, |c| {
            c.names(&["No such code"]);
            c.on(&["code"], &["0602", "0", "5", "No such code"])
        }),
        case("uncode: an unknown UUID", UNKNOWN, |c| {
            c.names(&[UUID_A]);
            c.on(&["uncode"], &[UUID_A])
        }),
        case("uncode: not a UUID", UNKNOWN, |c| {
            c.names(&["'; DROP TABLE codings; --"]);
            c.on(&["uncode"], &["'; DROP TABLE codings; --"])
        }),
        case("resize: an unknown UUID", UNKNOWN, |c| {
            c.names(&[UUID_A]);
            c.on(&["resize"], &[UUID_A, "0", "5"])
        }),
        case("finding set-fit: an unknown finding", UNKNOWN, |c| {
            c.names(&["H9 Nothing"]);
            c.on(&["finding", "set-fit"], &["H9 Nothing", "confirmation"])
        }),
        case("finding delete: an unknown UUID", UNKNOWN, |c| {
            c.names(&[UUID_B]);
            c.on(&["finding", "delete"], &[UUID_B])
        }),
        case("finding link: an unknown coding", UNKNOWN, |c| {
            c.names(&[UUID_A]);
            c.on(&["finding", "link"], &["H3 Peer support", "--coding", UUID_A])
        }),
        case("finding link: an unknown model", UNKNOWN, |c| {
            c.names(&["Table 9"]);
            c.on(&["finding", "link"], &["H3 Peer support", "--result", "model:Table 9:closeness"])
        }),
        case("finding link: a result without a term", REQUEST, |c| {
            c.names(&["--result", "model:Table 4 model 5"]);
            c.on(&["finding", "link"], &["H3 Peer support", "--result", "model:Table 4 model 5"])
        }),
        case("finding link: a span in an unknown document", UNKNOWN, |c| {
            c.names(&["9999"]);
            c.on(&["finding", "link"], &["H3 Peer support", "--span", "9999:0:5", "--code", "Peer support"])
        }),
        case("finding add: an unknown exemplar", UNKNOWN, |c| {
            c.names(&[UUID_A]);
            c.on(&["finding", "add"], &["H9 New", "--exemplar", UUID_A])
        }),
        case("finding add: an unknown code", UNKNOWN, |c| {
            c.names(&["No such code"]);
            c.on(&["finding", "add"], &["H9 New", "--code", "No such code"])
        }),
        case("finding add: a result source nobody knows", REQUEST, |c| {
            c.names(&["rumour"]);
            c.on(&["finding", "add"], &["H9 New", "--result", "rumour:Table 4 model 5:closeness"])
        }),
        case("finding edit: an unknown exemplar", UNKNOWN, |c| {
            c.names(&[UUID_B]);
            c.on(&["finding", "edit"], &["H3 Peer support", "--exemplar", UUID_B])
        }),
        case("memo edit: an unknown UUID", UNKNOWN, |c| {
            c.names(&[UUID_A]);
            c.on(&["memo", "edit"], &[UUID_A, "new text"])
        }),
        case("memo delete: an unknown UUID", UNKNOWN, |c| {
            c.names(&[UUID_A]);
            c.on(&["memo", "delete"], &[UUID_A])
        }),
        case("memo add: on an unknown coding", UNKNOWN, |c| {
            c.names(&[UUID_B]);
            c.on(&["memo", "add"], &["a note", "--coding", UUID_B])
        }),
        case("codebook edit: move a code under its own child", REQUEST, |c| {
            c.names(&["Peer support"]);
            c.on(&["codebook", "edit"], &["Peer support", "--move-to", "Peer support/Selective sharing"])
        }),
        case("codebook edit: move a code under itself", REQUEST, |c| {
            c.names(&["Peer support"]);
            c.on(&["codebook", "edit"], &["Peer support", "--move-to", "Peer support"])
        }),
        case("codebook merge: a code into its own child", REQUEST, |c| {
            c.names(&["Peer support"]);
            c.on(&["codebook", "merge"], &["Peer support", "Peer support/Selective sharing"])
        }),
        case("codebook merge: an unknown code", UNKNOWN, |c| {
            c.names(&["No such code"]);
            c.on(&["codebook", "merge"], &["No such code", "Peer support"])
        }),
        case("codebook delete: an unknown code", UNKNOWN, |c| {
            c.names(&["No such code"]);
            c.on(&["codebook", "delete"], &["No such code"])
        }),
        case("codebook add: an empty path segment", UNKNOWN, |c| {
            c.names(&["Peer support/"]);
            c.on(&["codebook", "add"], &["Peer support//x"])
        }),
        case("segments: an unknown code", UNKNOWN, |c| {
            c.names(&["No such code"]);
            c.on(&["segments"], &["--any", "No such code"])
        }),
        case("display: --published that is not JSON", INPUT, |c| {
            let f = c.file("published.json", "{ not json");
            c.on(&["display"], &["--published", &f])
        }),
        case("display: --published that is missing", GONE, |c| {
            let f = c.missing("published.json");
            c.on(&["display"], &["--published", &f])
        }),
        case("agreement: three coders", REQUEST, |c| {
            c.names(&["--coders", "two coders"]);
            c.on(&["agreement"], &["--coders", "coder-a,coder-b,coder-c"])
        }),
        case("show: an unknown document", UNKNOWN, |c| {
            c.names(&["9999"]);
            c.on(&["show"], &["9999"])
        }),
        // Files given as the project.
        case("project: a 0-byte file (search)", PROJECT, |c| {
            let p = c.bad_project("empty.braid", "");
            strings(&["search", &p, "scared"])
        }),
        case("project: a 0-byte file (import)", PROJECT, |c| {
            let p = c.bad_project("empty.braid", "");
            let f = c.write("zz-new.txt", TRANSCRIPT);
            strings(&["import", &p, &f])
        }),
        case("project: a 0-byte file (code)", PROJECT, |c| {
            let p = c.bad_project("empty.braid", "");
            strings(&["code", &p, "0602", "0", "5", "Peer support"])
        }),
        case("project: another program's SQLite database (docs)", PROJECT, |c| {
            let p = foreign_project(c, false);
            strings(&["docs", &p])
        }),
        case("project: another program's SQLite database (code)", PROJECT, |c| {
            let p = foreign_project(c, false);
            strings(&["code", &p, "0602", "0", "5", "Peer support"])
        }),
        case("project: another program's database with a `project` table", PROJECT, |c| {
            let p = foreign_project(c, true);
            strings(&["docs", &p])
        }),
        case("project: a folder", PROJECT, |c| {
            let d = c.folder("study.braid");
            strings(&["docs", &d])
        }),
        case("project: the first 8 KiB of a project", PROJECT, |c| {
            let p = c.bad_project("cut.braid", &demo_bytes()[..8192]);
            strings(&["docs", &p])
        }),
        case("project: half a project", PROJECT, |c| {
            let bytes = demo_bytes();
            let p = c.bad_project("half.braid", &bytes[..bytes.len() / 2]);
            strings(&["search", &p, "scared"])
        }),
        case("project: a text file", PROJECT, |c| {
            let p = c.bad_project("notes.braid", TRANSCRIPT);
            strings(&["docs", &p])
        }),
        case("project: random bytes", PROJECT, |c| {
            let p = c.bad_project("noise.braid", noise(13, 65536));
            strings(&["log", &p])
        }),
        case("project: an SQLite header and then noise", PROJECT, |c| {
            let p = c.bad_project("header.braid", [&b"SQLite format 3\0"[..], &noise(14, 8192)].concat());
            strings(&["docs", &p])
        }),
        case("project: made by a newer Braid", PROJECT, |c| {
            let p = future_project(c);
            strings(&["docs", &p])
        }),
        case("project: a missing file", PROJECT, |c| {
            let p = c.missing("nowhere.braid");
            strings(&["docs", &p])
        }),
        case("project: a missing file (import)", PROJECT, |c| {
            let p = c.missing("nowhere.braid");
            let f = c.write("zz-new.txt", TRANSCRIPT);
            strings(&["import", &p, &f])
        }),
        case("project: its index folder is a file", &["index", "io"], |c| {
            let p = c.project();
            let index = format!("{p}.index");
            std::fs::remove_dir_all(&index).expect("remove the copy's index");
            std::fs::write(&index, "not an index").expect("write a file where the index goes");
            c.names(&[&file_name(&index)]);
            strings(&["search", &p, "scared"])
        }),
        case("new: over an existing project", PROJECT, |c| {
            let p = c.project();
            c.names(&[&file_name(&p)]);
            strings(&["new", &p])
        }),
        // Timestamps in transcripts (issue 14): a damaged mark is an error naming its line.
        case("transcript: a timestamp with 75 minutes", INPUT, |c| {
            c.mentions(&[":3:"]);
            c.import_one("minutes.txt", "I: Hello\n\n[00:75:00] R: broken\n")
        }),
        case("transcript: an f4 mark that cannot be read", INPUT, |c| {
            c.mentions(&[":2:"]);
            c.import_one("f4.txt", "I: Wie geht's? #00:00:05-2#\nB: Gut. #00:0x:10-1#\n")
        }),
        case("transcript: mismatched brackets around a time", INPUT, |c| c.import_one("brackets.txt", "[00:00:05) I: Hello\nR: hi\n")),
        case("transcript: a turn that ends before it starts", INPUT, |c| {
            c.mentions(&["ends", "end is marked"]);
            c.import_one("backwards.txt", "[00:00:09] I: later #00:00:04-0#\nR: hi\n")
        }),
        case("captions: a cue that ends before it starts", INPUT, |c| c.import_one("back.vtt", "WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nhello\n")),
        // Recordings (issue 14): files from outside are refused before anything is stored.
        case("media: a transcript named .mp3", INPUT, |c| {
            let p = c.project();
            let f = c.file("talk.mp3", TRANSCRIPT);
            strings(&["media", "link", &p, "0602", &f])
        }),
        case("media: an empty .wav", INPUT, |c| {
            let p = c.project();
            let f = c.file("empty.wav", "");
            strings(&["media", "link", &p, "0602", &f])
        }),
        case("media: noise named .m4a", INPUT, |c| {
            let p = c.project();
            let f = c.file("noise.m4a", noise(41, 4096));
            strings(&["media", "link", &p, "0602", &f])
        }),
        case("media: a format Braid does not link (.flac)", INPUT, |c| {
            let p = c.project();
            let f = c.file("tone.flac", b"fLaC\0\0\0\x22");
            strings(&["media", "link", &p, "0602", &f])
        }),
        case("media: a recording that is not there", GONE, |c| {
            let p = c.project();
            let f = c.missing("gone.wav");
            strings(&["media", "link", &p, "0602", &f])
        }),
        case("media: a folder named .wav", GONE, |c| {
            let p = c.project();
            let f = c.folder("folder.wav");
            strings(&["media", "link", &p, "0602", &f])
        }),
        case("media: a document the project does not have", UNKNOWN, |c| {
            let p = c.project();
            let f = c.write("tone.wav", [&b"RIFF\x24\0\0\0WAVEfmt "[..], &[0u8; 28]].concat());
            c.names(&["nobody"]);
            strings(&["media", "link", &p, "nobody", &f])
        }),
        case("media: relink a document without a recording", REQUEST, |c| {
            let p = c.project();
            let f = c.write("tone.wav", [&b"RIFF\x24\0\0\0WAVEfmt "[..], &[0u8; 28]].concat());
            c.names(&["0602"]);
            strings(&["media", "relink", &p, "0602", &f])
        }),
        case("media: unlink a document without a recording", REQUEST, |c| {
            let p = c.project();
            c.names(&["0602"]);
            strings(&["media", "unlink", &p, "0602"])
        }),
    ]
}

// ---- Running the cases ----------------------------------------------------------------------

enum Verdict {
    /// A clear error, as the contract asks, with its code and message.
    Clear(String),
    /// A flag that overflowed was saturated and the command succeeded.
    Saturated,
    /// A panic, an abort or a signal.
    Panic(String),
    /// Killed at the deadline.
    Hang,
    /// It ended, but not as the contract asks.
    Unclear(String),
}

fn check(index: usize, case: &Case, root: &Path) -> (Verdict, Duration) {
    // A neutral folder name: a case's name in the path would leak its words into the message.
    let dir = root.join(format!("c{index:03}"));
    let mut ctx = Ctx { dir: dir.clone(), project: None, subject: Vec::new(), also: Vec::new(), kept: Vec::new(), absent: Vec::new(), prints_text: false };
    let mut args = (case.build)(&mut ctx);
    assert!(!ctx.subject.is_empty(), "case `{}` does not say what its message must name", case.name);
    args.push("--json".to_string());
    let start = Instant::now();
    let run = support::run_braid(&args, &dir.join("run"), DEADLINE, Some(MEMORY_KIB));
    let took = start.elapsed();
    let verdict = judge(case, &ctx, &run, root);
    // The scratch folder of a case can be large (the 32 MiB line); it goes as soon as it is judged.
    let _ = std::fs::remove_dir_all(&dir);
    (verdict, took)
}

fn judge(case: &Case, ctx: &Ctx, run: &support::Run, root: &Path) -> Verdict {
    let first_line = |s: &str| s.lines().find(|l| !l.trim().is_empty()).unwrap_or("").chars().take(300).collect::<String>();
    if run.ended == Ended::TimedOut {
        return Verdict::Hang;
    }
    if run.crashed() {
        let how = match run.ended {
            Ended::Signal(6) if run.stderr.contains("memory allocation") => "out of memory (abort)".to_string(),
            Ended::Signal(6) if run.stderr.contains("overflow") => "stack overflow (abort)".to_string(),
            Ended::Signal(s) => format!("killed by signal {s}"),
            _ => "panic".to_string(),
        };
        let said = run.stderr.lines().find(|l| l.contains("panicked") || l.contains("overflow") || l.contains("memory")).unwrap_or("");
        return Verdict::Panic(format!("{how}: {}", said.chars().take(300).collect::<String>()));
    }
    let mut problems = Vec::new();
    // What the project and kept files look like now.
    if let Some(p) = &ctx.project {
        match support::digest(p) {
            Ok(after) => {
                let changed = support::changed_tables(&support::demo().digest, &after);
                if !changed.is_empty() {
                    problems.push(format!("the project changed: {}", changed.join(", ")));
                }
            }
            Err(e) => problems.push(format!("the project no longer reads: {e}")),
        }
    }
    for (path, bytes, listing_before) in &ctx.kept {
        match std::fs::read(path) {
            Ok(now) if now == *bytes => {}
            Ok(now) => problems.push(format!("{} changed ({} bytes, now {})", file_name(path.to_str().unwrap_or("")), bytes.len(), now.len())),
            Err(e) => problems.push(format!("{} is gone: {e}", path.display())),
        }
        let listing_now = listing(path.parent().expect("a parent"));
        if listing_now != *listing_before {
            problems.push(format!("files appeared beside it: {listing_now:?}"));
        }
    }
    for path in &ctx.absent {
        if path.exists() {
            problems.push(format!("{} was created", file_name(path.to_str().unwrap_or(""))));
        }
    }
    let json: Option<serde_json::Value> = run.stdout.lines().rev().find(|l| !l.trim().is_empty()).and_then(|l| serde_json::from_str(l).ok());
    if run.ended == Ended::Exit(0) {
        let parsed = if ctx.prints_text { !run.stdout.trim().is_empty() } else { serde_json::from_str::<serde_json::Value>(&run.stdout).is_ok() };
        if case.saturates && parsed && problems.is_empty() {
            return Verdict::Saturated;
        }
        problems.insert(0, "accepted (exit 0)".to_string());
        return Verdict::Unclear(problems.join("; "));
    }
    let error = json.as_ref().map(|j| &j["error"]);
    let code = error.and_then(|e| e["code"].as_str());
    let message = error.and_then(|e| e["message"].as_str()).unwrap_or("");
    match code {
        None => problems.push(format!("no error code (message: {})", first_line(if message.is_empty() { &run.stderr } else { message }))),
        Some(code) if !KNOWN_CODES.contains(&code) => problems.push(format!("unknown code `{code}`")),
        Some(code) if !case.codes.contains(&code) => {
            problems.push(format!("code `{code}`, expected {} (message: {})", case.codes.join(" or "), first_line(message)))
        }
        Some(_) => {}
    }
    if code.is_some() {
        // Words must come from the message, not from the scratch folder's random name.
        let lower = message.replace(root.to_str().unwrap_or("\u{0}"), "<tmp>").to_lowercase();
        let has = |group: &[String]| group.iter().any(|s| lower.contains(&s.to_lowercase()));
        if !has(&ctx.subject) {
            problems.push(format!("the message does not name {} ({})", ctx.subject.join(" or "), first_line(message)));
        }
        for group in &ctx.also {
            if !has(group) {
                problems.push(format!("the message does not mention {} ({})", group.join(" or "), first_line(message)));
            }
        }
    }
    if problems.is_empty() {
        Verdict::Clear(format!("{}: {}", code.unwrap_or(""), first_line(message)))
    } else {
        Verdict::Unclear(problems.join("; "))
    }
}

#[test]
fn bad_inputs_give_clear_errors() {
    let cases = cases();
    assert!(cases.len() >= 120, "the suite has {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "case names are unique (they name scratch folders)");
    support::demo();
    let root = tempfile::tempdir().expect("a scratch folder");
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, Verdict, Duration)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..THREADS {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let (verdict, took) = check(i, case, root.path());
                    results.lock().expect("no thread panicked holding the lock").push((i, verdict, took));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("no thread panicked holding the lock");
    results.sort_by_key(|(i, _, _)| *i);
    let count = |f: fn(&Verdict) -> bool| results.iter().filter(|(_, v, _)| f(v)).count();
    let clear = count(|v| matches!(v, Verdict::Clear(_)));
    let saturated = count(|v| matches!(v, Verdict::Saturated));
    let panics = count(|v| matches!(v, Verdict::Panic(_)));
    let hangs = count(|v| matches!(v, Verdict::Hang));
    let unclear = count(|v| matches!(v, Verdict::Unclear(_)));
    // Every case, for a reader running with --nocapture; the failures again in the assertion.
    let (mut all, mut report) = (String::new(), String::new());
    for (i, verdict, took) in &results {
        let what = match verdict {
            Verdict::Clear(said) => format!("ok {said}"),
            Verdict::Saturated => "ok saturated".to_string(),
            Verdict::Panic(why) => format!("PANIC {why}"),
            Verdict::Hang => format!("HANG past {}s", DEADLINE.as_secs()),
            Verdict::Unclear(why) => format!("UNCLEAR {why}"),
        };
        let line = format!("  {} ({:.1}s): {what}\n", cases[*i].name, took.as_secs_f64());
        if !matches!(verdict, Verdict::Clear(_) | Verdict::Saturated) {
            report.push_str(&line);
        }
        all.push_str(&line);
    }
    let summary = format!(
        "bad inputs: {} tried, {clear} clear errors, {panics} panics, {hangs} hangs ({saturated} overflowing flags saturated, {unclear} unclear)",
        results.len()
    );
    println!("{all}{summary}");
    assert!(report.is_empty(), "cases that broke the contract:\n{report}{summary}");
}

/// The suite's makers of inputs make valid inputs when asked to: a clean transcript in each
/// format, attributes, a codebook, excerpt codings and a survey all import. Without this, a
/// case could pass only because its maker was broken rather than because braid refused it.
#[test]
fn the_suite_makes_inputs_braid_accepts() {
    let dir = tempfile::tempdir().expect("a scratch folder");
    let project = support::copy_demo(&dir.path().join("project"));
    let p = project.to_str().expect("UTF-8 path");
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write an input");
        path.to_str().expect("UTF-8 path").to_string()
    };
    let txt = write("zz-ok.txt", TRANSCRIPT.as_bytes());
    let word = write("zz-word.docx", &docx_transcript("I: Where is your mother?\nR: In Seoul. She calls on Sundays."));
    let tables = write("zz-tables.docx", &nested_tables(3));
    let captions = write("zz-captions.srt", srt(&[("00:00:01,000 --> 00:00:02,000", "Interviewer: Hello"), ("00:00:02,000 --> 00:00:03,000", "R: Hi there")]).as_bytes());
    let vtt = write("zz-web.vtt", b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Interviewer>Hello\n\n00:00:02.000 --> 00:00:03.000\n<v R>Hi\n");
    let attrs = write("attrs.csv", b"id,colour\nzz-ok,blue\n");
    let scratch = dir.path().join("run");
    let report = support::json_ok(&["import", p, &txt, &word, &tables, &captions, &vtt, "--attributes", &attrs, "--json"], &scratch);
    assert_eq!(report["imported"].as_array().map(Vec::len), Some(5), "{report}");
    let book = write("book.yaml", format!("{CODEBOOK_HEAD}{}    children:\n{}", code_entry(2, UUID_A, "Suite"), code_entry(6, UUID_B, "Inner")).as_bytes());
    support::json_ok(&["codebook", "import", p, &book, "--json"], &scratch);
    let excerpts = write("coder-x.csv", format!("{EXCERPT_HEAD}0602,Peer support,{PHRASE},\n").as_bytes());
    support::json_ok(&["codings", "import", p, &excerpts, "--coder", "coder-x", "--json"], &scratch);
    let survey = write("pupils.csv", b"y,x\n1,2\n2,3\n3,5\n4,4\n5,7\n");
    support::json_ok(&["dataset", "import", p, &survey, "--json"], &scratch);
    support::json_ok(&["fit", "--csv", &survey, "--formula", "y ~ x", "--json"], &scratch);
    support::json_ok(&["search", p, "(scared OR mum)", "--json"], &scratch);
}
