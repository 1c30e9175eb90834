//! The codebook, excerpt codings, and intercoder agreement on the demo study.

use braid_core::{DemoOptions, NoProgress, Project, agreement, build_demo, codebook, import_codebook, import_excerpt_codings};

use crate::mini_project;

fn demo() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let project = Project::open(std::path::Path::new(&report.project)).unwrap();
    (dir, project)
}

/// Reference values from an independent implementation on the same units: a Python script
/// that re-resolves `corpus/codings/*.csv` against the stored turns and scores each
/// turn × code with scikit-learn 1.9.1 `cohen_kappa_score` and krippendorff 0.9.0
/// `alpha(level_of_measurement="nominal")`.
#[test]
fn demo_agreement_matches_scikit_learn_and_krippendorff() {
    let (_dir, project) = demo();
    let r = agreement(&project, "coder-a", "coder-b").unwrap();
    let close = |x: Option<f64>, y: f64| (x.unwrap() - y).abs() < 1e-9;
    assert!(close(r.overall.kappa, 0.752602467940), "{:?}", r.overall.kappa);
    assert!(close(r.overall.alpha, 0.752604005435), "{:?}", r.overall.alpha);
    let row = |c: &str| r.codes.iter().find(|x| x.code == c).unwrap();
    let pd = row("Peer support/Peer distraction");
    assert!(close(pd.kappa, 0.519887296676) && close(pd.alpha, 0.519646085054));
    let ta = row("Teacher–student relationship/Teacher authority");
    assert!(close(ta.kappa, 0.755829695530) && close(ta.alpha, 0.755864555703));
    assert_eq!((r.turns, r.overall.a, r.overall.b, r.disagreements.len()), (2525, 458, 449, 223));
}

#[test]
fn demo_codebook_is_a_tree_with_counts() {
    let (_dir, project) = demo();
    let codes = codebook(&project).unwrap();
    assert_eq!(codes.len(), 29);
    let pd = codes.iter().find(|c| c.path == "Peer support/Peer distraction").unwrap();
    assert_eq!((pd.depth, pd.uuid.as_str(), pd.colour.as_str()), (1, "48f71261-facf-5548-9afe-ec6080df2685", "#17becf"));
    assert!(pd.codings > 0);
    assert!(codes.iter().any(|c| c.path == "Teacher–student relationship/Teacher authority"));
}

fn codebook_error(yaml: &str) -> String {
    let (_dir, mut project) = mini_project();
    import_codebook(&mut project, yaml, "book.yaml", "t").map(|r| format!("ok {} {}", r.added, r.updated)).unwrap_or_else(|e| e.to_string())
}

#[test]
fn codebook_import_checks_its_input() {
    assert_eq!(codebook_error("codes:\n  - name: A\n    children:\n      - name: B\n"), "ok 2 0");
    assert_eq!(codebook_error("codes:\n  - name: A/B\n"), "book.yaml: field `A/B`: a code name must be non-empty and must not contain `/`");
    assert_eq!(codebook_error("codes:\n  - name: A\n    colour: red\n"), "book.yaml: field `A`: colour `red` is not of the form #rrggbb");
    assert_eq!(codebook_error("codes:\n  - name: A\n  - name: A\n"), "ok 1 1");
    assert!(codebook_error("codes:\n  - name: A\n    colr: \"#000000\"\n").starts_with("book.yaml:3: not a Braid codebook: codes[0]: unknown field `colr`"));
}

#[test]
fn codings_import_is_all_or_nothing() {
    let (_dir, mut project) = mini_project();
    import_codebook(&mut project, "codes:\n  - name: Family\n    children:\n      - name: Missing mother\n", "book.yaml", "t").unwrap();
    let csv = "document,code,excerpt,occurrence\nA01,Family/Missing mother,I miss my mom,1\nA01,Family/Missing father,I miss my mom,2\n";
    let err = import_excerpt_codings(&mut project, csv, "c.csv", "ann", "t").unwrap_err().to_string();
    assert_eq!(err, "c.csv:3: field `code`: no code `Family/Missing father` in the codebook; import the codebook first, or fix the path");
    assert_eq!(codebook(&project).unwrap()[1].codings, 0);
    let csv = "document,code,excerpt,occurrence\nA01,Family/Missing mother,I miss my mom,1\nA01,Family/Missing mother,I miss my mom,1\n";
    let r = import_excerpt_codings(&mut project, csv, "c.csv", "ann", "t").unwrap();
    assert_eq!((r.added, r.duplicates), (1, 1));
}

#[test]
fn an_older_schema_is_migrated_forward() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.braid");
    drop(Project::create(&path).unwrap());
    // Roll the file back to schema 1, as an earlier Braid wrote it.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch("DROP TABLE codings; DROP TABLE codes; PRAGMA user_version = 1;").unwrap();
    drop(conn);
    let project = Project::open(&path).unwrap();
    assert!(codebook(&project).unwrap().is_empty());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, braid_core::SCHEMA_VERSION);
}
