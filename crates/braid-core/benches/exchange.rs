//! REFI-QDA at scale: a project of 1,000 transcripts and 50,000 codings imported from a
//! `.qdpx` and exported back. The archive is generated here: 1,000 interviews of 40 turns
//! (about 7 KB each), 30 codes in two levels, two coders, 50 codings per interview.

use std::io::Write as _;

use criterion::{Criterion, criterion_group, criterion_main};

const DOCS: usize = 1_000;
const CODINGS_PER_DOC: usize = 50;

fn guid(kind: u32, n: usize) -> String {
    format!("{kind:08x}-0000-4000-8000-{n:012x}")
}

/// The archive's bytes.
fn archive() -> Vec<u8> {
    let mut qde = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"scale\">\n<Users>");
    for u in 0..2 {
        qde.push_str(&format!("<User guid=\"{}\" name=\"coder-{u}\"/>", guid(1, u)));
    }
    qde.push_str("</Users>\n<CodeBook><Codes>");
    for parent in 0..6 {
        qde.push_str(&format!("<Code guid=\"{}\" name=\"Theme {parent}\" isCodable=\"true\" color=\"#1f77b4\">", guid(2, parent * 10)));
        for child in 1..5 {
            qde.push_str(&format!("<Code guid=\"{}\" name=\"Sub {child}\" isCodable=\"true\"/>", guid(2, parent * 10 + child)));
        }
        qde.push_str("</Code>");
    }
    qde.push_str("</Codes></CodeBook>\n<Sources>\n");
    let mut files = Vec::new();
    for d in 0..DOCS {
        let mut text = String::new();
        for t in 0..40 {
            let who = if t % 2 == 0 { "I" } else { "R" };
            text.push_str(&format!("{who}: Turn {t} of interview {d}: my mother works far away and my friends help me with homework after school.\n"));
        }
        let len = text.chars().count();
        qde.push_str(&format!("<TextSource guid=\"{}\" name=\"doc{d:04}\" plainTextPath=\"internal://{d}.txt\">", guid(3, d)));
        for c in 0..CODINGS_PER_DOC {
            let start = (c * 131) % (len - 60);
            let n = d * CODINGS_PER_DOC + c;
            let code = (c % 6) * 10 + 1 + c % 4;
            qde.push_str(&format!(
                "<PlainTextSelection guid=\"{}\" startPosition=\"{start}\" endPosition=\"{}\" creatingUser=\"{}\"><Coding guid=\"{}\" creatingUser=\"{}\"><CodeRef targetGUID=\"{}\"/></Coding></PlainTextSelection>",
                guid(4, n),
                start + 40,
                guid(1, c % 2),
                guid(5, n),
                guid(1, c % 2),
                guid(2, code)
            ));
        }
        qde.push_str("</TextSource>\n");
        files.push((format!("sources/{d}.txt"), text.into_bytes()));
    }
    qde.push_str("</Sources>\n</Project>\n");
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    z.start_file("project.qde", options).unwrap();
    z.write_all(qde.as_bytes()).unwrap();
    for (name, bytes) in files {
        z.start_file(name, options).unwrap();
        z.write_all(&bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

fn bench(c: &mut Criterion) {
    let bytes = archive();
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("qdpx at scale (1,000 transcripts, 50,000 codings)");
    group.sample_size(10);
    let mut n = 0;
    group.bench_function("import", |b| {
        b.iter(|| {
            n += 1;
            let target = dir.path().join(format!("in{n}.braid"));
            let report = braid_core::import_qdpx(&bytes, &dir.path().join("scale.qdpx"), &target, "bench", &braid_core::NoProgress).unwrap();
            assert_eq!(report.codings, DOCS * CODINGS_PER_DOC);
            std::fs::remove_file(&target).unwrap();
        })
    });
    let target = dir.path().join("kept.braid");
    braid_core::import_qdpx(&bytes, &dir.path().join("scale.qdpx"), &target, "bench", &braid_core::NoProgress).unwrap();
    let project = braid_core::Project::open(&target).unwrap();
    group.bench_function("export", |b| {
        b.iter(|| {
            let (out, report) = braid_core::export_qdpx(&project).unwrap();
            assert_eq!(report.codings, DOCS * CODINGS_PER_DOC);
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
