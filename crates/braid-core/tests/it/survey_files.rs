//! Survey files as researchers keep them: Stata, Excel and OpenDocument files written by the
//! ecosystem's reference writers (pyreadstat, openpyxl, pandas/odfpy, through
//! `xtask/scripts/make_survey_fixtures.py`), each read into the same model as its CSV.

use std::path::{Path, PathBuf};

use braid_core::stats::{CsvOptions, Dataset, FitOptions, fit_ols};
use braid_core::{Source, SurveyFileOptions, read_survey_file};

fn fixture(name: &str) -> Source {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/survey").join(name);
    Source { bytes: std::fs::read(&path).unwrap(), path }
}

fn read(name: &str, file: &SurveyFileOptions) -> Dataset {
    read_survey_file(&fixture(name), &CsvOptions::default(), file).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The model every format must give exactly as the CSV does.
fn fit(data: &Dataset) -> Vec<(String, f64, f64)> {
    let f = fit_ols(data, "depression ~ belonging + age + w", &FitOptions::default()).unwrap();
    assert_eq!(f.n, 36, "three depressions and one age are missing");
    f.coefficients.into_iter().map(|c| (c.term, c.estimate, c.se)).collect()
}

fn same(a: &[(String, f64, f64)], b: &[(String, f64, f64)], what: &str) {
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(b) {
        assert_eq!(x.0, y.0, "{what}");
        assert!((x.1 - y.1).abs() <= 1e-10 * y.1.abs().max(1.0) && (x.2 - y.2).abs() <= 1e-10 * y.2.abs().max(1.0), "{what} {}: {x:?} vs {y:?}", x.0);
    }
}

#[test]
fn each_format_fits_the_same_model_as_its_csv() {
    let csv = fit(&read("small.csv", &SurveyFileOptions::default()));
    for name in ["small.sav", "small.zsav", "small.dta", "small.xlsx", "small.ods"] {
        same(&fit(&read(name, &SurveyFileOptions::default())), &csv, name);
    }
}

#[test]
fn stata_labels_missing_codes_and_dates_come_through() {
    let codes = SurveyFileOptions { codes: true, ..Default::default() };
    let labelled = read("small.dta", &SurveyFileOptions::default());
    let summary = labelled.summary();
    let notes = summary.notes.join("\n");
    // Value labels become the categories...
    let f = fit_ols(&labelled, "depression ~ migration", &FitOptions { refs: [("migration".to_string(), "none".to_string())].into(), ..Default::default() }).unwrap();
    let terms: Vec<&str> = f.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["(Intercept)", "migration[both]", "migration[father]", "migration[mother]"], "{notes}");
    // ...or, with `codes`, the numbers stay and the labels go with them.
    let coded = read("small.dta", &codes);
    let f = fit_ols(&coded, "depression ~ factor(migration)", &FitOptions::default()).unwrap();
    assert!(f.coefficients.iter().any(|c| c.term == "factor(migration)[1]"), "{:?}", f.coefficients.iter().map(|c| &c.term).collect::<Vec<_>>());
    let csv = read("small.csv", &SurveyFileOptions::default());
    same(&fit(&coded), &fit(&csv), "dta with codes");
}

#[test]
fn spss_labels_user_missing_and_dates_come_through() {
    let (_dir, mut p) = crate::mini_project();
    let info = braid_core::import_survey_file(&mut p, "spss", &fixture("small.sav"), &CsvOptions::default(), &SurveyFileOptions::default(), "t").unwrap();
    let notes = info.summary.notes.join("\n");
    assert!(notes.contains("depression: 3 cells the file marks as missing") && notes.contains("age: 1 cell the file marks as missing"), "{notes}");
    assert!(notes.contains("migration: value labels used as its categories") && notes.contains("interviewed: dates"), "{notes}");
    let data = braid_core::load_dataset(&p, "spss").unwrap().0;
    let f = fit_ols(&data, "depression ~ migration", &FitOptions { refs: [("migration".to_string(), "none".to_string())].into(), ..Default::default() }).unwrap();
    assert!(f.coefficients.iter().any(|c| c.term == "migration[mother]"));
    // With codes, the same numbers as the CSV.
    let coded = read("small.zsav", &SurveyFileOptions { codes: true, ..Default::default() });
    same(&fit(&coded), &fit(&read("small.csv", &SurveyFileOptions::default())), "zsav with codes");
}

#[test]
fn a_workbook_reads_its_first_sheet_or_the_one_named() {
    let err = read_survey_file(&fixture("small.xlsx"), &CsvOptions::default(), &SurveyFileOptions { sheet: Some("nope".into()), ..Default::default() }).unwrap_err().to_string();
    assert!(err.contains("small.xlsx") && err.contains("no sheet `nope`") && err.contains("data, notes"), "{err}");
    let notes = read("small.xlsx", &SurveyFileOptions { sheet: Some("notes".into()), ..Default::default() });
    assert_eq!(notes.n_rows(), 0, "the notes sheet is a header and nothing else");
    // Imported, the dataset says what the reading decided.
    let (_dir, mut p) = crate::mini_project();
    let info = braid_core::import_survey_file(&mut p, "survey", &fixture("small.xlsx"), &CsvOptions::default(), &SurveyFileOptions::default(), "t").unwrap();
    assert!(info.summary.notes.iter().any(|n| n.contains("interviewed: dates")), "{:?}", info.summary.notes);
    assert!(info.summary.notes.iter().any(|n| n == "depression: type inferred from its cells: numbers"), "{:?}", info.summary.notes);
    assert!(info.summary.notes.iter().any(|n| n == "school: type inferred from its cells: categories"), "{:?}", info.summary.notes);
    assert_eq!(info.file_name, "small.xlsx");
    let stored = braid_core::load_dataset(&p, "survey").unwrap().0;
    same(&fit(&stored), &fit(&read("small.csv", &SurveyFileOptions::default())), "stored xlsx");
    let info = braid_core::import_survey_file(&mut p, "stata", &fixture("small.dta"), &CsvOptions::default(), &SurveyFileOptions::default(), "t").unwrap();
    let notes = info.summary.notes.join("\n");
    assert!(notes.contains("depression: 3 cells the file marks as missing") && notes.contains("age: 1 cell the file marks as missing"), "{notes}");
    assert!(notes.contains("migration: value labels used as its categories"), "{notes}");
}

#[test]
fn a_damaged_file_is_refused_by_name() {
    for name in ["broken.sav", "broken.dta", "broken.xlsx", "broken.ods"] {
        let source = Source { path: PathBuf::from(name), bytes: b"not really".to_vec() };
        let err = read_survey_file(&source, &CsvOptions::default(), &SurveyFileOptions::default()).unwrap_err();
        assert_eq!(err.code(), braid_core::ErrorCode::BadInput, "{name}: {err}");
        assert!(err.to_string().contains(name), "{err}");
    }
}
