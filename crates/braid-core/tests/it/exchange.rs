//! REFI-QDA exchange: hand-written fixtures in the styles of NVivo and QualCoder, the demo's
//! round trip, schema validity, determinism, and hostile archives.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use braid_core::{
    Code, DemoOptions, MemoTarget, NoProgress, Project, add_memo, build_demo, codebook, codings, export_qdc, export_qdpx, import_codebook_file,
    import_qdpx, memos, project_qde,
};

fn refi() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/refi")
}

fn schemas() -> PathBuf {
    // The REFI-QDA schemas ship beside the project (MIT); a copy is kept in tests/data/refi.
    refi().join("schemas")
}

/// A zip of `entries`, deflated or stored.
fn zip(entries: &[(&str, Vec<u8>)], stored: bool) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if stored { zip::CompressionMethod::Stored } else { zip::CompressionMethod::Deflated };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        z.start_file(*name, options).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

/// A Word file with one paragraph per line of `text`.
fn docx(text: &str) -> Vec<u8> {
    let mut doc = docx_rs::Docx::new();
    for line in text.split('\n') {
        doc = doc.add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text(line)));
    }
    let mut out = std::io::Cursor::new(Vec::new());
    doc.build().pack(&mut out).unwrap();
    out.into_inner()
}

const S1: &str = "50C00000-0001-4000-8000-000000000001";
const S2: &str = "50C00000-0002-4000-8000-000000000002";

/// The NVivo-style fixture as an archive: the project, a CRLF text, and a Word source with an
/// empty text file beside it.
fn nvivo_archive() -> Vec<u8> {
    let dir = refi().join("nvivo");
    let read = |p: &str| std::fs::read(dir.join(p)).unwrap();
    let grandmother = String::from_utf8(read("grandmother.txt")).unwrap();
    zip(
        &[
            ("project.qde", read("project.qde")),
            (&format!("sources/{S1}.txt"), read(&format!("sources/{S1}.txt"))),
            (&format!("sources/{S2}.txt"), Vec::new()),
            (&format!("sources/{S2}.docx"), docx(&grandmother)),
        ],
        false,
    )
}

fn import_into(dir: &Path, bytes: &[u8]) -> braid_core::Result<(braid_core::QdpxImportReport, PathBuf)> {
    let target = dir.join("imported.braid");
    let report = import_qdpx(bytes, &dir.join("in.qdpx"), &target, "tester", &NoProgress)?;
    Ok((report, target))
}

fn code<'a>(codes: &'a [Code], path: &str) -> &'a Code {
    codes.iter().find(|c| c.path == path).unwrap_or_else(|| panic!("no code {path}"))
}

#[test]
fn an_nvivo_style_project_comes_in_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (report, path) = import_into(dir.path(), &nvivo_archive()).unwrap();
    assert_eq!((report.documents, report.codes, report.codings, report.informants, report.users, report.sets), (2, 5, 5, 2, 2, 1));
    // The picture and the recording have no text: named, not dropped silently.
    assert!(report.skipped.iter().any(|s| s.contains("Classroom photo")) && report.skipped.iter().any(|s| s.contains("Focus group recording")), "{:?}", report.skipped);
    assert!(report.notes.iter().any(|n| n.contains("mother_away") && n.contains("Boolean")), "{:?}", report.notes);
    let p = Project::open(&path).unwrap();

    // The codebook: nesting, upper-case GUIDs kept in lower case, #RGB colours, descriptions.
    let codes = codebook(&p).unwrap();
    let peer = code(&codes, "Peer support");
    assert_eq!((peer.uuid.as_str(), peer.colour.as_str()), ("c0de0000-0001-4000-8000-000000000001", "#1f77b4"));
    assert_eq!((peer.definition.as_str(), peer.include.as_str(), peer.example.as_str()), ("Friends who help a child cope.", "Talk of playing or confiding.", "I play with friends."));
    assert_eq!(code(&codes, "Peer support/Companionship").colour, "#aaeecc");
    code(&codes, "Teachers/Teacher authority");

    // Codings: CJK and emoji counted in code points, CRs of the text file taken out, the Word
    // source read in place of its empty text file, coders by their users' names.
    let all = codings(&p, None).unwrap();
    let text_of = |uuid: &str| all.iter().find(|c| c.uuid == uuid).unwrap_or_else(|| panic!("no coding {uuid}"));
    assert_eq!(text_of("c0d10000-0001-4000-8000-000000000001").text, "我很想妈妈 🙂");
    let two = [text_of("c0d10000-0002-4000-8000-000000000002"), text_of("c0d10000-0003-4000-8000-000000000003")];
    assert_eq!(two.map(|c| (c.text.as_str(), c.coder.as_str(), c.code.as_str())), [
        ("I play with friends", "Wang S", "Peer support/Companionship"),
        ("I play with friends", "Second coder", "Peer support/Companionship")
    ]);
    assert_eq!(two[0].memo.as_deref(), Some("Play as escape."));
    assert_eq!(text_of("c0d10000-0004-4000-8000-000000000004").text, "老师很严格");
    assert_eq!(text_of("c0d10000-0005-4000-8000-000000000005").text, "The young ones all left for Korea.");

    // Notes on the project, a source, a code and a selection.
    let list = memos(&p, None).unwrap();
    let target = |title: &str| list.iter().find(|m| m.title == title).unwrap_or_else(|| panic!("no memo {title}")).target.clone();
    assert_eq!(target("Project memo"), MemoTarget::Project);
    assert_eq!(target("Interview context"), MemoTarget::Document("0602".into()));
    assert_eq!(target("About peer support"), MemoTarget::Code("Peer support".into()));
    assert_eq!(target("On this passage"), MemoTarget::Coding("c0d10000-0001-4000-8000-000000000001".into()));

    // Cases: typed values; Boolean and DateTime kept as text.
    let informants = p.informants().unwrap();
    let girl = informants.iter().find(|i| i.id == "0602").unwrap();
    let value = |k: &str| girl.attributes.get(k).map(|v| v.canonical()).unwrap_or_default();
    assert_eq!([value("type"), value("age"), value("wellbeing"), value("interviewed"), value("mother_away")], ["child", "13", "3.75", "2019-11-20", "true"]);
    assert_eq!(girl.documents, ["0602"]);

    // Sets come back out, with their members, on export; the category stays uncodable.
    let (qde, _, out) = project_qde(&p, "2026-01-01T00:00:00Z").unwrap();
    assert_eq!(out.sets, 1);
    assert!(qde.contains("name=\"Resilience codes\"") && qde.contains(&format!("<MemberSource targetGUID=\"{}\"/>", S1.to_lowercase())), "{qde}");
    assert!(qde.contains("name=\"Teachers\" isCodable=\"false\""));
    validate(&qde, "Project.xsd");
}

#[test]
fn a_qualcoder_style_stored_archive_with_inline_relative_and_absolute_sources() {
    let dir = tempfile::tempdir().unwrap();
    let q = refi().join("qualcoder");
    let bytes = zip(&[("project.qde", std::fs::read(q.join("project.qde")).unwrap()), ("sources/father.txt", std::fs::read(q.join("sources/father.txt")).unwrap())], true);
    // The absolute path is looked for beside the archive; missing, the error says where.
    let err = import_into(dir.path(), &bytes).unwrap_err().to_string();
    assert!(err.contains("teacher_07.txt") && err.contains(&dir.path().display().to_string()), "{err}");
    assert!(!dir.path().join("imported.braid").exists());
    std::fs::copy(q.join("teacher_07.txt"), dir.path().join("teacher_07.txt")).unwrap();
    let (report, path) = import_into(dir.path(), &bytes).unwrap();
    assert_eq!((report.documents, report.codings), (3, 3));
    assert!(report.notes.iter().any(|n| n.contains("Support/help")), "{:?}", report.notes);
    let p = Project::open(&path).unwrap();
    let texts: Vec<(String, String)> = codings(&p, None).unwrap().into_iter().map(|c| (c.code, c.text)).collect();
    assert!(texts.contains(&("Support∕help".into(), "My friends help me".into())), "{texts:?}");
    assert!(texts.contains(&("Contact".into(), "Every Sunday from Incheon".into())));
    assert!(texts.contains(&("Classroom".into(), "sit at the front".into())));
    // Speaker turns come from the same parser as a .txt import.
    let doc = p.document("father.txt").unwrap();
    assert_eq!(doc.segments.iter().map(|s| s.speaker.as_str()).collect::<Vec<_>>(), ["Interviewer", "Father"]);
}

fn validate(xml: &str, schema: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("doc.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schemas().join(schema))
        .arg(&file)
        .output()
        .expect("xmllint runs (Debian's libxml2-utils; scripts/setup installs it)");
    assert!(out.status.success(), "{schema}: {}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_demo_goes_out_and_back_with_its_codebook_codings_memos_informants_and_agreement() {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().join("demo"), corpus: None }, &NoProgress).unwrap();
    let mut demo = Project::open(Path::new(&report.project)).unwrap();
    let some = codings(&demo, None).unwrap()[0].uuid.clone();
    add_memo(&mut demo, &MemoTarget::Project, "Plan", "Compare with Table 4.", "ann").unwrap();
    add_memo(&mut demo, &MemoTarget::Document("0602".into()), "", "She laughs a lot.", "ann").unwrap();
    add_memo(&mut demo, &MemoTarget::Code("Peer support".into()), "Scope", "Peers at school only.", "bo").unwrap();
    add_memo(&mut demo, &MemoTarget::Coding(some.clone()), "", "A key passage.", "ann").unwrap();

    let (bytes, out) = export_qdpx(&demo).unwrap();
    assert_eq!((out.documents, out.codes, out.cases, out.notes), (41, 29, 41, 4));
    assert!(out.left_out.iter().any(|l| l.contains("survey dataset")) && out.left_out.iter().any(|l| l.contains("finding")), "{:?}", out.left_out);
    let (_, back) = import_into(dir.path(), &bytes).unwrap();
    let back = Project::open(&back).unwrap();

    assert_eq!(braid_core::export_codebook(&back, braid_core::CodebookFormat::Json).unwrap(), braid_core::export_codebook(&demo, braid_core::CodebookFormat::Json).unwrap());
    let key = |p: &Project| {
        let mut v: Vec<_> = codings(p, None).unwrap().into_iter().map(|c| (c.uuid, c.document, c.start, c.end, c.code, c.coder)).collect();
        v.sort();
        v
    };
    assert_eq!(key(&back), key(&demo));
    let memo_key = |p: &Project| {
        let mut v: Vec<_> = memos(p, None).unwrap().into_iter().map(|m| (m.uuid, m.target, m.title, m.body, m.author)).collect();
        v.sort_by(|a, b| a.0.cmp(&b.0));
        v
    };
    assert_eq!(memo_key(&back), memo_key(&demo));
    // The stored attributes travel; the survey values of linked informants are the project's
    // own join, not part of a REFI-QDA project.
    assert_eq!(back.all_attributes().unwrap(), demo.all_attributes().unwrap());
    let ids = |p: &Project| p.informants().unwrap().into_iter().map(|i| (i.id, i.uuid, i.documents)).collect::<Vec<_>>();
    assert_eq!(ids(&back), ids(&demo));
    let agree = |p: &Project| serde_json::to_value(braid_core::agreement(p, "coder-a", "coder-b").unwrap()).unwrap();
    assert_eq!(agree(&back), agree(&demo));
}

#[test]
fn exports_are_valid_and_stable() {
    let (_dir, mut p) = crate::mini_project();
    braid_core::import_codebook(&mut p, "codes:\n  - name: Family\n    definition: Kin.\n    include: parents\n    children:\n      - name: Mother\n        colour: '#aabbcc'\n", "b.yaml", "t").unwrap();
    braid_core::add_coding(&mut p, &braid_core::NewCoding { document: "A01".into(), start: 38, end: 51, code: "Family/Mother".into(), coder: "ann".into(), memo: Some("why & how".into()) }, "t").unwrap();
    let (a, _, _) = project_qde(&p, "2026-01-01T00:00:00Z").unwrap();
    let (b, _, _) = project_qde(&p, "2027-02-02T00:00:00Z").unwrap();
    // Byte-identical apart from the export's own timestamp.
    assert_eq!(a.replace("2026-01-01T00:00:00Z", "T"), b.replace("2027-02-02T00:00:00Z", "T"));
    validate(&a, "Project.xsd");
    let qdc = export_qdc(&p).unwrap();
    validate(&qdc, "Codebook.xsd");
    // The .qdc reads back into an empty project as the same codebook, through the same import.
    let (_d2, mut fresh) = crate::mini_project();
    let r = import_codebook_file(&mut fresh, &qdc, "book.qdc", "t").unwrap();
    assert_eq!(r.added, 2);
    let strip = |codes: Vec<Code>| codes.into_iter().map(|c| (c.uuid, c.path, c.colour, c.definition, c.include)).collect::<Vec<_>>();
    assert_eq!(strip(codebook(&fresh).unwrap()), strip(codebook(&p).unwrap()));
}

/// The project.qde of the NVivo fixture with `from` replaced by `to`.
fn tampered(from: &str, to: &str) -> Vec<u8> {
    let qde = std::fs::read_to_string(refi().join("nvivo/project.qde")).unwrap();
    assert!(qde.contains(from), "the fixture has no {from}");
    let qde = qde.replacen(from, to, 1);
    let read = |p: &str| std::fs::read(refi().join("nvivo").join(p)).unwrap();
    zip(&[("project.qde", qde.into_bytes()), (&format!("sources/{S1}.txt"), read(&format!("sources/{S1}.txt"))), (&format!("sources/{S2}.docx"), docx("Quiet."))], false)
}

#[test]
fn hostile_or_broken_projects_are_refused_whole_with_the_guid_and_element() {
    let cases: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("a selection past the end", tampered("startPosition=\"89\" endPosition=\"94\"", "startPosition=\"89\" endPosition=\"9400\""), &["5E100000-0003-4000-8000-000000000003", "PlainTextSelection", "past the end"]),
        ("a CodeRef to no code", tampered("<CodeRef targetGUID=\"C0DE0000-0004-4000-8000-000000000004\"/>", "<CodeRef targetGUID=\"C0DE0000-0099-4000-8000-000000000099\"/>"), &["c0d10000-0004-4000-8000-000000000004", "CodeRef", "c0de0000-0099"]),
        ("a duplicate GUID", tampered("<Code guid=\"C0DE0000-0003-4000-8000-000000000003\"", "<Code guid=\"C0DE0000-0002-4000-8000-000000000002\""), &["duplicate GUID c0de0000-0002-4000-8000-000000000002", "<Code>"]),
        ("an unknown creatingUser", tampered("<Coding guid=\"C0D10000-0004-4000-8000-000000000004\" creatingUser=\"A1B2C3D4-0002-4000-8000-000000000002\"", "<Coding guid=\"C0D10000-0004-4000-8000-000000000004\" creatingUser=\"A1B2C3D4-0009-4000-8000-000000000009\""), &["creatingUser", "a1b2c3d4-0009-4000-8000-000000000009", "<Coding>"]),
        ("a DTD with an external entity", tampered("<Project ", "<!DOCTYPE Project [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<Project "), &["DOCTYPE"]),
        ("an entry that climbs out", zip(&[("../evil.qde", b"x".to_vec()), ("project.qde", b"<Project name='x'/>".to_vec())], false), &["../evil.qde", "outside the archive"]),
        ("an absolute entry", zip(&[("/etc/cron.d/x", b"x".to_vec())], true), &["/etc/cron.d/x", "outside the archive"]),
        ("a zip bomb", zip(&[("project.qde", b"<Project name='x'/>".to_vec()), ("sources/big.txt", vec![b'a'; 40 << 20])], false), &["sources/big.txt", "times its packed size"]),
        ("no project.qde", zip(&[("readme.txt", b"hi".to_vec())], false), &["no project.qde"]),
        ("not a zip", b"PK but not really".to_vec(), &["not a zip archive"]),
    ];
    for (what, bytes, needles) in cases {
        let dir = tempfile::tempdir().unwrap();
        let err = match import_into(dir.path(), &bytes) {
            Ok(_) => panic!("{what}: imported"),
            Err(e) => e,
        };
        assert_eq!(err.code(), braid_core::ErrorCode::BadInput, "{what}: {err}");
        let message = err.to_string();
        for n in needles {
            assert!(message.to_lowercase().contains(&n.to_lowercase()), "{what}: `{message}` does not name {n}");
        }
        // All or nothing: no project, no half-written file beside it.
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert!(left.is_empty(), "{what}: left {left:?}");
    }
}

#[test]
fn a_link_in_the_archive_is_refused() {
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    z.add_symlink("sources/link.txt", "/etc/passwd", options).unwrap();
    let bytes = z.finish().unwrap().into_inner();
    let dir = tempfile::tempdir().unwrap();
    let err = import_into(dir.path(), &bytes).unwrap_err().to_string();
    assert!(err.contains("sources/link.txt") && err.contains("link"), "{err}");
}

#[test]
fn an_import_never_overwrites_a_project() {
    let (dir, p) = crate::mini_project();
    let before = std::fs::read(p.path()).unwrap();
    let err = import_qdpx(&nvivo_archive(), &dir.path().join("in.qdpx"), p.path(), "t", &NoProgress).unwrap_err();
    assert_eq!(err.code(), braid_core::ErrorCode::BadRequest);
    assert_eq!(std::fs::read(p.path()).unwrap(), before);
}
