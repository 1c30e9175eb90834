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
    let err = import_dataset(&mut p, "s", &source("s.csv", "id,age\n1,12\n2,twelve\n"), &options, "t").unwrap_err().to_string();
    assert!(err.starts_with("s.csv:3: field `age`: `twelve`"), "{err}");
    let err = import_dataset(&mut p, "s", &source("s.csv", "id,age\n1,12,3\n"), &CsvOptions::default(), "t").unwrap_err().to_string();
    assert!(err.starts_with("s.csv:2"), "{err}");
    assert!(braid_core::datasets(&p).unwrap().is_empty());
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
