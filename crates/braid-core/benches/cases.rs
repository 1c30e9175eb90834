//! Case-level join benchmarks, on the demo study and on a survey of 100,000 rows linked to its
//! 18 children:
//!
//! - linking (matching a column's ids to the informants, parsing the dataset);
//! - the informants with their survey values, after a change (parse) and cached;
//! - a search filtered by a survey value (`survey.depression>=20`);
//! - picking the worst-explained interviewed cases (refit, predict every row);
//! - loading a dataset with three code variables (computed from the codings);
//! - the case-ordered display.

use criterion::{Criterion, criterion_group, criterion_main};

use braid_core::{
    AttrFilter, CaseDisplayRequest, CaseRequest, CodeMeasure, DemoOptions, Filters, NoProgress, Project, SearchRequest, Session, Source, add_code_variables, build_demo,
    import_dataset, link_dataset, load_dataset, pick_cases, project_case_display, unlink_dataset,
};

/// The demo survey with `extra` more questionnaire rows (copies of its complete rows, new ids).
fn big_survey(extra: usize) -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus/survey/survey.csv")).unwrap();
    let rows: Vec<&str> = text.lines().skip(1).filter(|l| !l.contains("NA") && l.ends_with(",questionnaire")).collect();
    let mut out = String::with_capacity(text.len() + extra * 80);
    out.push_str(&text);
    for i in 0..extra {
        let row = rows[i % rows.len()];
        let rest = row.split_once(',').unwrap().1;
        out.push_str(&format!("B{i:07},{rest}\n"));
    }
    out
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let path = std::path::PathBuf::from(&report.project);
    let mut project = Project::open(&path).unwrap();
    add_code_variables(
        &mut project,
        "survey",
        &["Peer support/Peer distraction".into(), "Peer support/Selective sharing".into(), "Teacher–student relationship/Fear of teacher".into()],
        CodeMeasure::Share,
        "bench",
    )
    .unwrap();

    c.bench_function("demo: link 18 children (951 rows)", |b| {
        b.iter(|| {
            unlink_dataset(&mut project, "survey", "bench").unwrap();
            link_dataset(&mut project, "survey", "id", None, "bench").unwrap()
        })
    });
    c.bench_function("demo: informants with survey values (cached)", |b| b.iter(|| project.informants().unwrap()));
    c.bench_function("demo: load the survey with 3 code variables (share)", |b| b.iter(|| load_dataset(&project, "survey").unwrap()));
    let worst = CaseRequest { model: "Table 4 model 1".into(), interviewed: true, top: 5, ..Default::default() };
    c.bench_function("demo: the 5 worst-explained interviewed cases of Table 4 model 1", |b| b.iter(|| pick_cases(&project, &worst).unwrap()));
    let display = CaseDisplayRequest {
        dataset: "survey".into(),
        sort_by: "depression".into(),
        model: Some("Table 4 model 1".into()),
        scores: vec!["depression".into(), "belonging".into()],
        codes: vec!["Peer support/Selective sharing".into(), "Family and migration".into()],
        ..Default::default()
    };
    c.bench_function("demo: case-ordered display (18 children, residuals)", |b| b.iter(|| project_case_display(&project, &display).unwrap()));
    drop(project);
    let mut session = Session::open(&path).unwrap();
    let filtered = SearchRequest {
        query: "mother".into(),
        filters: Filters { where_: vec![AttrFilter::parse("survey.depression>=20").unwrap()], ..Default::default() },
        limit: 50,
        ..Default::default()
    };
    session.search(&filtered, &NoProgress).unwrap();
    c.bench_function("demo: search `mother` where survey.depression>=20", |b| b.iter(|| session.search(&filtered, &NoProgress).unwrap()));
    drop(session);

    // 100,000 more rows, linked by the same ids.
    let mut project = Project::open(&path).unwrap();
    let csv = big_survey(100_000);
    eprintln!("big survey: {} rows, {:.1} MB", csv.lines().count() - 1, csv.len() as f64 / 1e6);
    import_dataset(&mut project, "big", &Source { path: "big.csv".into(), bytes: csv.into_bytes() }, &Default::default(), "bench").unwrap();
    let mut group = c.benchmark_group("100k rows");
    group.sample_size(10);
    group.bench_function("link 18 children to a 100,951-row survey", |b| {
        b.iter(|| {
            unlink_dataset(&mut project, "big", "bench").ok();
            link_dataset(&mut project, "big", "id", None, "bench").unwrap()
        })
    });
    group.bench_function("informants with survey values after a change (parse)", |b| {
        b.iter(|| {
            unlink_dataset(&mut project, "big", "bench").unwrap();
            link_dataset(&mut project, "big", "id", None, "bench").unwrap();
            project.informants().unwrap()
        })
    });
    group.bench_function("informants with survey values (cached)", |b| b.iter(|| project.informants().unwrap()));
    let options = braid_core::stats::FitOptions { refs: [("migration".to_string(), "none".to_string())].into(), ..Default::default() };
    braid_core::save_model(&mut project, "big model", "big", "depression ~ migration * belonging + girl + age", &options, "bench").unwrap();
    let worst = CaseRequest { model: "big model".into(), interviewed: true, top: 5, ..Default::default() };
    group.bench_function("the 5 worst-explained interviewed cases (refit and predict 100,951 rows)", |b| b.iter(|| pick_cases(&project, &worst).unwrap()));
    group.finish();
}

criterion_group!(cases, benches);
criterion_main!(cases);
