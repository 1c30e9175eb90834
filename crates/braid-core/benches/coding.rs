//! Coding benchmarks: the work behind the app's coding commands, and the demo's matrices.
//!
//! - add a coding and re-read the document's codings (what `add_coding` + `get_codings` do);
//! - open a 20,000-word transcript that carries 2,000 codings (`get_document` + `get_codings`);
//! - crosstab, agreement and the side-by-side joint display on the demo study.

use criterion::{Criterion, criterion_group, criterion_main};

use braid_core::{CountUnit, DemoOptions, ImportOptions, NewCoding, NoProgress, Project, add_coding, agreement, build_demo, codings, crosstab, import, import_codebook};

fn big_transcript(dir: &std::path::Path) -> (Project, usize) {
    let words = ["mother", "school", "friends", "teacher", "phone", "miss", "study", "the", "and", "I", "we", "home"];
    let mut text = String::new();
    let mut n = 0;
    let mut turn = 0;
    while n < 20_000 {
        text.push_str(if turn % 2 == 0 { "I: " } else { "R: " });
        for i in 0..if turn % 2 == 0 { 12 } else { 90 } {
            text.push_str(words[(n * 7 + i) % words.len()]);
            text.push(' ');
            n += 1;
        }
        text.push_str(".\n\n");
        turn += 1;
    }
    let file = dir.join("big.md");
    std::fs::write(&file, &text).unwrap();
    let mut p = Project::create(&dir.join("big.braid")).unwrap();
    import(&mut p, &[file], &ImportOptions::default(), &NoProgress).unwrap();
    import_codebook(&mut p, "codes:\n  - name: A\n  - name: B\n  - name: C\n", "b.yaml", "bench").unwrap();
    let len = text.chars().count();
    (p, len)
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (mut p, len) = big_transcript(dir.path());
    for i in 0..2_000 {
        let start = (i * 61) % (len - 200);
        let new = NewCoding { document: "big".into(), start, end: start + 40 + i % 100, code: ["A", "B", "C"][i % 3].into(), coder: "bench".into(), memo: None };
        add_coding(&mut p, &new, "bench").unwrap();
    }
    let mut i = 0usize;
    c.bench_function("add a coding + re-read the document's 2,000+ codings", |b| {
        b.iter(|| {
            i += 1;
            let start = (i * 13) % (len - 100);
            let new = NewCoding { document: "big".into(), start, end: start + 7 + i % 50, code: "A".into(), coder: format!("r{i}"), memo: None };
            add_coding(&mut p, &new, "bench").unwrap();
            codings(&p, Some("big")).unwrap()
        })
    });
    c.bench_function("open a 20,000-word transcript with its codings", |b| {
        b.iter(|| (p.document("big").unwrap(), codings(&p, Some("big")).unwrap()))
    });

    let demo_dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: demo_dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let demo = Project::open(std::path::Path::new(&report.project)).unwrap();
    c.bench_function("demo: crosstab codes x migration (informants)", |b| b.iter(|| crosstab(&demo, "migration", CountUnit::Informants, &[]).unwrap()));
    c.bench_function("demo: agreement coder-a vs coder-b", |b| b.iter(|| agreement(&demo, "coder-a", "coder-b").unwrap()));
    let snapshot = braid_core::Snapshot::load(&demo, &braid_core::DisplayRequest::SideBySide).unwrap();
    c.bench_function("demo: build the side-by-side joint display (pure, from a snapshot)", |b| b.iter(|| braid_core::side_by_side(&snapshot)));
    c.bench_function("demo: read a display snapshot", |b| {
        b.iter(|| braid_core::Snapshot::load(&demo, &braid_core::DisplayRequest::SideBySide).unwrap())
    });
    // The board's save round trip: one undoable edit of a finding, then the live display again.
    let mut demo = demo;
    let h3 = braid_core::findings(&demo).unwrap().pop().unwrap();
    let labels = [braid_core::FitLabel::Discordance, braid_core::FitLabel::Expansion];
    let mut i = 0;
    c.bench_function("demo: change a finding's fit label + rebuild the display", |b| {
        b.iter(|| {
            let mut input = h3.input.clone();
            input.fit = Some(labels[i % 2]);
            i += 1;
            braid_core::update_finding(&mut demo, &h3.uuid, &input, "bench").unwrap();
            braid_core::project_joint_display(&demo).unwrap()
        })
    });
    c.bench_function("demo: export the side-by-side display as DOCX", |b| {
        b.iter(|| braid_core::export_display(&demo, &braid_core::DisplayRequest::SideBySide, braid_core::DisplayFormat::Docx, "Joint display").unwrap())
    });
}

criterion_group! {
    name = coding;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(4));
    targets = benches
}
criterion_main!(coding);
