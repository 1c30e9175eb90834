//! Import: normalisation, turns, attributes, bad input, all-or-nothing.

use std::path::PathBuf;

use braid_core::{ImportOptions, NoProgress, Project, import, slice_chars};

use crate::{mini, mini_project};

#[test]
fn fixture_study_imports_with_typed_attributes_and_turns() {
    let (_dir, project) = mini_project();
    let docs = project.documents().unwrap();
    let names: Vec<_> = docs.iter().map(|d| (d.name.as_str(), d.informant.as_deref(), d.segments, d.encoding.as_str())).collect();
    assert_eq!(names, [("A01", Some("A01"), 4, "UTF-8"), ("A02", Some("A02"), 4, "UTF-8"), ("T01", Some("T01"), 2, "UTF-8")]);
    let a01 = &docs[0];
    assert_eq!(serde_json::to_string(&a01.attributes).unwrap(), r#"{"age":13,"migration":"mother","school":"North","translated_from":"Korean","type":"child"}"#);

    // CRLF was normalised; offsets are code points, so CJK and emoji count one each.
    let a02 = project.document("A02").unwrap();
    assert!(!a02.text.contains('\r'));
    let doc = project.document("A01").unwrap();
    let turns: Vec<String> = doc
        .segments
        .iter()
        .map(|s| format!("{}|{}|{}", s.speaker, s.role.as_str(), slice_chars(&doc.text, s.start, s.end).unwrap()))
        .collect();
    assert_eq!(turns[1], "R|respondent|School is fine. I miss my mom, she works in Seoul. 我想妈妈 😀 every night.");
    assert_eq!(turns[3], "R|respondent|No. The teacher is strict, I feel scared of her.\nMy friends make me laugh, but I don't tell them I miss my mom.");
    let t01 = project.document("T01").unwrap();
    assert_eq!(t01.segments[0].role.as_str(), "interviewer");
    assert_eq!(t01.segments[1].speaker, "Teacher");
    let events = project.events().unwrap();
    assert_eq!(events.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), ["create", "import"]);
}

#[test]
fn reimporting_an_identical_file_is_reported_not_duplicated() {
    let (_dir, mut project) = mini_project();
    let report = import(&mut project, &[mini().join("A01.md")], &ImportOptions::default(), &NoProgress).unwrap();
    assert!(report.imported.is_empty());
    assert_eq!(report.skipped[0].reason, "identical to document `A01`, already imported");
    assert_eq!(project.documents().unwrap().len(), 3);
}

#[test]
fn missing_informants_are_reported_both_ways() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("informants.csv");
    std::fs::write(&csv, "id,type\nA01,child\nZ99,parent\n").unwrap();
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let options = ImportOptions { attributes: Some(csv), ..Default::default() };
    let report = import(&mut project, &[mini().join("A01.md"), mini().join("T01.md")], &options, &NoProgress).unwrap();
    assert_eq!(
        report.warnings,
        ["informant `Z99` (attributes line 3) has no document", "document informant `T01` is missing from the attributes table"]
    );
}

/// Import `files` (name, bytes) plus an optional attributes CSV into a fresh project, and
/// return the error message, or "ok". After an error the project must hold nothing.
fn check_bad(files: &[(&str, &[u8])], attributes: Option<&str>, encoding: Option<&str>, expect: &str) {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.md");
    std::fs::write(&good, "R: a good file that must not be half-imported").unwrap();
    let mut paths: Vec<PathBuf> = vec![good];
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let attributes = attributes.map(|csv| {
        let p = dir.path().join("informants.csv");
        std::fs::write(&p, csv).unwrap();
        p
    });
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let options = ImportOptions { attributes, encoding: encoding.map(str::to_string), ..Default::default() };
    let got = match import(&mut project, &paths, &options, &NoProgress) {
        Ok(_) => "ok".to_string(),
        Err(e) => e.to_string().replace(&format!("{}/", dir.path().display()), ""),
    };
    assert_eq!(got, expect);
    if got != "ok" {
        assert!(project.documents().unwrap().is_empty(), "a failed import left documents behind");
        assert!(project.informants().unwrap().is_empty(), "a failed import left informants behind");
    }
}

#[test]
fn bad_input_is_refused_whole_with_file_line_and_field() {
    check_bad(&[("empty.md", b"")], None, None, "empty.md: the file is empty; remove it from the import or add its text");
    check_bad(
        &[("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")],
        None,
        None,
        "photo.txt: this looks like a binary file (it contains NUL bytes); import plain-text transcripts (.txt or .md)",
    );
    check_bad(
        &[("fm.md", b"---\nid: \"1\"\nschool: [North\n---\nR: hi")],
        None,
        None,
        "fm.md:4: malformed front matter: did not find expected ',' or ']' at line 3 column 1, while parsing a flow sequence at line 2 column 9",
    );
    check_bad(
        &[("x.md", b"R: hi")],
        Some("id,type\nx,child\ny,child,extra\n"),
        None,
        "informants.csv:3: this row has 3 fields but the header has 2; every row needs one value per column (leave it empty when missing)",
    );
    check_bad(
        &[("x.md", b"R: hi")],
        Some("id,type\nx,child\nx,teacher\n"),
        None,
        "informants.csv:3: field `id`: duplicate informant id `x` (first on line 2); each informant needs one row",
    );
    check_bad(
        &[("x.md", b"R: hi")],
        None,
        Some("martian"),
        "unknown encoding `martian`; use a WHATWG label such as utf-8, utf-16le, gb18030 or big5",
    );
    check_bad(
        &[("latin.txt", b"R: caf\xe9 au lait, tr\xe8s bien")],
        None,
        None,
        "latin.txt: not valid UTF-8 (byte 0xe9 at offset 6); if the file uses another encoding, pass --encoding, e.g. --encoding gb18030",
    );
    check_bad(&[("notes.rtf", b"{\\rtf1 R: hi}")], None, None, "notes.rtf: unsupported file type `.rtf`; import .txt, .md, .docx, .vtt or .srt transcripts");
    check_bad(&[("zoom.vtt", b"1\n00:00:01.000 --> 00:00:02.000\nR: hi\n")], None, None, "zoom.vtt:1: not a WebVTT file: its first line must be WEBVTT");
    check_bad(
        &[("notes.docx", b"PK\x05\x06\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")],
        None,
        None,
        "notes.docx: not a readable Word (.docx) document: it has no word/document.xml (the document's text); open it in Word and save it as .docx",
    );
    check_bad(
        &[("u16.txt", &"R: hi".encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>())],
        None,
        None,
        "u16.txt: this looks like UTF-16LE text without a byte-order mark (NUL bytes between the letters); import it with --encoding utf-16le",
    );
    check_bad(&[("x.srt", b"1\n00:00:02,000 --> 00:00:01,000\nR: hi\n")], None, None, "x.srt:2: the caption ends (00:00:01,000) before it starts (00:00:02,000); fix its timing line");
    check_bad(&[("x.md", b"R: hi")], None, None, "ok");
}

/// A Word transcript as researchers write them: paragraphs of `Label: speech`, a tracked
/// deletion, and a two-column table of speaker and speech.
fn word_transcript() -> Vec<u8> {
    use docx_rs::{Delete, Docx, Paragraph, Run, Table, TableCell, TableRow};
    let row = |who: &str, said: &str| {
        TableRow::new(vec![
            TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(who))),
            TableCell::new().add_paragraph(Paragraph::new().add_run(Run::new().add_text(said))),
        ])
    };
    let doc = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("I: How is school?")))
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text("R: I miss my mom. "))
                .add_delete(Delete::new().add_run(Run::new().add_delete_text("struck out")))
                .add_run(Run::new().add_text("She works in Seoul.")),
        )
        .add_paragraph(Paragraph::new())
        .add_table(Table::new(vec![row("I", "Who do you tell?"), row("R", "Nobody. 我想妈妈.")]));
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}

#[test]
fn word_transcripts_import_from_paragraphs_and_speaker_tables() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = word_transcript();
    std::fs::write(dir.path().join("W01.docx"), &bytes).unwrap();
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let report = import(&mut project, &[dir.path().join("W01.docx")], &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!((report.imported[0].name.as_str(), report.imported[0].encoding.as_str()), ("W01", "docx"));
    let doc = project.document("W01").unwrap();
    let turns: Vec<String> = doc
        .segments
        .iter()
        .map(|s| format!("{}|{}|{}", s.speaker, s.role.as_str(), slice_chars(&doc.text, s.start, s.end).unwrap()))
        .collect();
    assert_eq!(
        turns,
        [
            "I|interviewer|How is school?",
            "R|respondent|I miss my mom. She works in Seoul.",
            "I|interviewer|Who do you tell?",
            "R|respondent|Nobody. 我想妈妈.",
        ]
    );
    // The hash is of the file as given, so re-importing it is recognised.
    let again = import(&mut project, &[dir.path().join("W01.docx")], &ImportOptions::default(), &NoProgress).unwrap();
    assert!(again.imported.is_empty());
}

#[test]
fn caption_files_import_as_speaker_turns() {
    let dir = tempfile::tempdir().unwrap();
    let vtt = "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v Dr Kim>How is school?\n\n2\n00:00:03.500 --> 00:00:06.000\n<v 0602>I miss my mom.\n\n3\n00:00:06.000 --> 00:00:07.000\n<v 0602>She works in Seoul.\n";
    std::fs::write(dir.path().join("0602.vtt"), vtt).unwrap();
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let options = ImportOptions { interviewer_labels: vec!["Dr Kim".into()], ..Default::default() };
    import(&mut project, &[dir.path().join("0602.vtt")], &options, &NoProgress).unwrap();
    let doc = project.document("0602").unwrap();
    let turns: Vec<String> = doc
        .segments
        .iter()
        .map(|s| format!("{}|{}|{}", s.speaker, s.role.as_str(), slice_chars(&doc.text, s.start, s.end).unwrap()))
        .collect();
    assert_eq!(turns, ["Dr Kim|interviewer|How is school?", "0602|respondent|I miss my mom. She works in Seoul."]);
}

#[test]
fn a_new_session_imports_and_its_next_search_sees_the_import() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("W01.docx"), word_transcript()).unwrap();
    let mut session = braid_core::Session::create(&dir.path().join("new.braid")).unwrap();
    let request = braid_core::SearchRequest { query: "妈妈".into(), limit: 5, ..Default::default() };
    assert_eq!(session.search(&request, &NoProgress).unwrap().total, 0);
    session.import(&[dir.path().join("W01.docx")], &ImportOptions::default(), &NoProgress).unwrap();
    let hits = session.search(&request, &NoProgress).unwrap();
    assert_eq!((hits.total, hits.hits[0].document.as_str()), (1, "W01"));
    assert_eq!(session.summary().unwrap().documents, 1);
    // Creating over an existing project is refused rather than overwriting it.
    assert!(braid_core::Session::create(&dir.path().join("new.braid")).is_err());
}

#[test]
fn utf16_and_gb18030_transcripts_are_decoded() {
    let dir = tempfile::tempdir().unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    for u in "R: 我想妈妈\r\n".encode_utf16() {
        utf16.extend(u.to_le_bytes());
    }
    std::fs::write(dir.path().join("u16.txt"), utf16).unwrap();
    let gbk = encoding_rs::GB18030.encode("I: 你好。\nR: 我想妈妈，她在韩国工作。我每天都给她打电话。").0.into_owned();
    std::fs::write(dir.path().join("gbk.txt"), gbk).unwrap();
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let files = [dir.path().join("u16.txt"), dir.path().join("gbk.txt")];
    let report = import(&mut project, &files, &ImportOptions::default(), &NoProgress).unwrap();
    let enc: Vec<_> = report.imported.iter().map(|d| (d.name.as_str(), d.encoding.as_str(), d.chars)).collect();
    assert_eq!(enc, [("u16", "UTF-16LE", 8), ("gbk", "GBK", 32)]);
    assert_eq!(project.document("u16").unwrap().text, "R: 我想妈妈\n");
}

#[test]
fn opening_a_newer_or_foreign_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.braid");
    drop(Project::create(&path).unwrap());
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Project::open(&path).unwrap_err().to_string();
    assert!(err.ends_with(&format!("made by a newer Braid (schema 99, this build knows {}); upgrade Braid to open it", braid_core::SCHEMA_VERSION)), "{err}");
    let junk = dir.path().join("junk.braid");
    std::fs::write(&junk, "this is not a database, just some text that is long enough to have a header").unwrap();
    let err = Project::open(&junk).unwrap_err().to_string();
    assert!(err.ends_with("not a Braid project (not an SQLite file)"), "{err}");
}

/// Issue 10: two files of one name in one import said "already in the project".
#[test]
fn one_name_twice_in_an_import_names_both_files() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("W01.md"), format!("R: from {sub}")).unwrap();
    }
    let files = [dir.path().join("a/W01.md"), dir.path().join("b/W01.md")];
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let err = import(&mut project, &files, &ImportOptions::default(), &NoProgress).unwrap_err();
    let shown = |p: &PathBuf| p.display().to_string();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: the document name `W01` appears twice in this import ({} and {}); rename one of the files",
            shown(&files[1]),
            shown(&files[0]),
            shown(&files[1])
        )
    );
    assert!(project.documents().unwrap().is_empty());
    // The same bytes twice are one document, and the report says which file it repeats.
    std::fs::write(&files[1], "R: from a").unwrap();
    let report = import(&mut project, &files, &ImportOptions::default(), &NoProgress).unwrap();
    assert_eq!(report.skipped[0].reason, format!("identical to {}, earlier in this import", shown(&files[0])));
}

/// Issue 10: an attribute type error gave no path or line.
#[test]
fn an_attribute_that_clashes_with_the_project_names_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("informants.csv");
    std::fs::write(&csv, "id;age\nA01;13\n").unwrap();
    let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
    let options = ImportOptions { attributes: Some(csv.clone()), ..Default::default() };
    import(&mut project, &[mini().join("A01.md")], &options, &NoProgress).unwrap();
    std::fs::write(&csv, "id;age\nT01;40\nA01;thirteen\n").unwrap();
    let err = import(&mut project, &[mini().join("T01.md")], &options, &NoProgress).unwrap_err().to_string();
    assert_eq!(
        err,
        format!(
            "{}:3: field `age`: informant `A01`: `thirteen` is not a valid integer value (the project already holds `age` as integer); fix the value or give the attribute another name",
            csv.display()
        )
    );
}

/// Issue 10: limits on a file's size and text are errors naming the file and the limit.
#[test]
fn files_past_the_size_and_text_limits_are_refused() {
    use braid_core::{MAX_FILE_BYTES, MAX_TEXT_BYTES, Source, import_sources};
    let refuse = |name: &str, bytes: Vec<u8>| {
        let dir = tempfile::tempdir().unwrap();
        let mut project = Project::create(&dir.path().join("s.braid")).unwrap();
        let sources = [Source { path: PathBuf::from(name), bytes }];
        let err = import_sources(&mut project, &sources, None, &ImportOptions::default(), &NoProgress).unwrap_err();
        assert!(project.documents().unwrap().is_empty());
        err.to_string()
    };
    // Zeroed memory is not touched until written, so the huge buffers here cost little.
    assert_eq!(
        refuse("big.docx", vec![0; MAX_FILE_BYTES as usize + 1]),
        "big.docx: the file is larger than 256 MiB (the limit for one file); check that it is a transcript, and split a longer one into smaller files"
    );
    let text = "more than 16 MiB of text (the limit for one file); split it into smaller files";
    assert_eq!(refuse("big.txt", vec![b'a'; 2 * MAX_TEXT_BYTES + 5]), format!("big.txt: {text}"));
    assert_eq!(refuse("big.md", vec![b'a'; MAX_TEXT_BYTES + 1]), format!("big.md: {text}"));
}
