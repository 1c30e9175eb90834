//! Survey datasets and saved models in the project.

use braid_core::stats::{ColumnKind, CsvOptions, FitOptions};
use braid_core::{Source, import_dataset, models, save_model};

use crate::mini_project;

fn source(name: &str, text: &str) -> Source {
    Source { path: name.into(), bytes: text.as_bytes().to_vec() }
}

#[test]
fn bad_csv_names_the_line_column_and_value_and_stores_nothing() {
    let (_dir, mut p) = mini_project();
    let options = CsvOptions { types: [("age".to_string(), ColumnKind::Numeric)].into(), ..Default::default() };
    let err = import_dataset(&mut p, "s", &source("s.csv", "id,age\n1,eleven\n2,twelve\n"), &options, "t").unwrap_err().to_string();
    assert!(err.starts_with("s.csv:2: field `age`: column `age` is declared numeric, but none of its 2 values is a number"), "{err}");
    let err = import_dataset(&mut p, "s", &source("s.csv", "id,age\n1,12,3\n"), &CsvOptions::default(), "t").unwrap_err().to_string();
    assert!(err.starts_with("s.csv:2"), "{err}");
    assert!(braid_core::datasets(&p).unwrap().is_empty());
}

/// Issue #10: a column of numbers with one stray word became categorical without a word.
#[test]
fn a_stray_word_in_a_column_of_numbers_is_refused_or_read_as_missing_with_a_note() {
    let (_dir, mut p) = mini_project();
    let csv = "id,age\n1,12\n2,twelve\n3,13\n4,12\n5,14\n6,13\n7,12\n8,15\n9,13\n10,14\n";
    let err = import_dataset(&mut p, "s", &source("s.csv", csv), &CsvOptions::default(), "t").unwrap_err();
    assert_eq!(err.code(), braid_core::ErrorCode::BadInput);
    let err = err.to_string();
    assert!(err.starts_with("s.csv:3: field `age`: column `age`: `twelve` is not a number, but 9 of the 10 values"), "{err}");
    assert!(err.contains("pass `--type age=numeric`"), "{err}");
    assert!(braid_core::datasets(&p).unwrap().is_empty());
    // Declared numeric, the word is missing, and the stored dataset says so every time it is read.
    let options = CsvOptions { types: [("age".to_string(), ColumnKind::Numeric)].into(), ..Default::default() };
    let info = import_dataset(&mut p, "s", &source("s.csv", csv), &options, "t").unwrap();
    let note = "column `age`: 1 value that is not a number is read as missing, as the column is declared numeric (the first: `twelve` on line 3)";
    assert_eq!(info.summary.notes, [note]);
    assert_eq!((info.summary.columns[1].missing, info.summary.columns[1].non_numeric), (1, 1));
    assert_eq!(braid_core::datasets(&p).unwrap()[0].summary.notes, [note]);
}

#[test]
fn a_fit_that_cannot_be_estimated_is_a_bad_request_naming_the_dataset() {
    let (_dir, mut p) = mini_project();
    import_dataset(&mut p, "d", &source("d.csv", "y,x,g\n1,1,a\n2,2,a\nNA,3,b\n"), &CsvOptions::default(), "t").unwrap();
    let err = save_model(&mut p, "m", "d", "y ~ x", &FitOptions::default(), "t").unwrap_err();
    assert_eq!(err.code(), braid_core::ErrorCode::BadRequest);
    assert_eq!(
        err.to_string(),
        "`y ~ x` on d.csv cannot be estimated: 2 complete rows for 2 coefficients leave no residual degrees of freedom; use more rows or fewer terms"
    );
    assert!(models(&p).unwrap().is_empty());
    // A one-level factor (after listwise deletion) is kept in the saved fit's dropped terms.
    import_dataset(&mut p, "d", &source("d.csv", "y,x,g\n1,1,a\n2,2,a\n4,3,a\nNA,3,b\n"), &CsvOptions::default(), "t").unwrap();
    let m = save_model(&mut p, "m", "d", "y ~ x + g", &FitOptions::default(), "t").unwrap();
    assert_eq!(m.fit["dropped_terms"][0]["term"], "g");
    assert_eq!(
        m.fit["dropped_terms"][0]["reason"],
        "`g` has one level (`a`) in the 3 rows of the estimation sample, so it cannot vary"
    );
}

#[test]
fn saved_models_record_their_dataset_and_go_stale_when_it_changes() {
    let (_dir, mut p) = mini_project();
    let csv = "y,x,g\n1,1,a\n2,2,a\n2.5,3,b\n4,4,b\n5,5,a\n7,6,b\n";
    import_dataset(&mut p, "d", &source("d.csv", csv), &CsvOptions::default(), "t").unwrap();
    let m = save_model(&mut p, "m1", "d", "y ~ x + g", &FitOptions::default(), "t").unwrap();
    assert_eq!((m.fit["n"].as_u64(), m.stale), (Some(6), false));
    let terms: Vec<&str> = m.fit["coefficients"].as_array().unwrap().iter().map(|c| c["term"].as_str().unwrap()).collect();
    assert_eq!(terms, ["(Intercept)", "x", "g[b]"]);
    import_dataset(&mut p, "d", &source("d.csv", &format!("{csv}8,7,a\n")), &CsvOptions::default(), "t").unwrap();
    assert!(models(&p).unwrap()[0].stale);
    let refit = braid_core::refit(&p, &["m1".to_string()]).unwrap();
    assert_eq!(refit[0].1.n, 7);
    let err = save_model(&mut p, "m2", "d", "y ~ nope", &FitOptions::default(), "t").unwrap_err().to_string();
    assert!(err.contains("nope"), "{err}");
}
