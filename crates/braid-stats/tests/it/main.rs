//! The integration tests of braid-stats: one binary, one module per feature.
//!
//! Reference values come from `tests/data/reference.py` (statsmodels 0.15.0, numpy 2.4.6,
//! scipy 1.17.1, pandas 3.1.1, patsy 1.0.3, mpmath 1.3.0 on Python 3.11.7), committed as
//! `tests/data/reference.json`.

mod cases;
mod datasets;
mod describe;
mod moderation;
mod papers;
mod reference;
mod refusals;
mod survey;
mod tables;
mod tidy;

use std::path::PathBuf;
use std::sync::OnceLock;

use braid_stats::{CsvOptions, Dataset};
use serde_json::Value;

/// Relative tolerance of every comparison with statsmodels.
pub const TOL: f64 = 1e-8;

pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

pub fn survey_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../corpus/survey/survey.csv")
}

/// A test dataset by file name, read as reference.py reads it (`-99` is missing).
pub fn load(file: &str) -> Dataset {
    let path = if file == "survey.csv" {
        survey_path()
    } else {
        data_dir().join(file)
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let options = CsvOptions {
        missing: vec!["-99".into()],
        ..Default::default()
    };
    let data = Dataset::from_csv(&text, file, &options).unwrap();
    if file == "survey.csv" {
        // The paper's questionnaires; the interviewed children's rows come after them.
        return data.subset(&[braid_stats::Condition::parse("sample=questionnaire").unwrap()]).unwrap().into_owned();
    }
    data
}

pub fn reference() -> &'static Value {
    static REF: OnceLock<Value> = OnceLock::new();
    REF.get_or_init(|| {
        let text = std::fs::read_to_string(data_dir().join("reference.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    })
}

/// The reference fit named `name`.
pub fn ref_fit(name: &str) -> &'static Value {
    reference()["fits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no fit {name}"))
}

/// `|got - want| <= tol |want|`, with a message naming what was compared.
#[track_caller]
pub fn assert_close(what: &str, got: f64, want: f64, tol: f64) {
    let err = rel_err(got, want);
    assert!(
        err <= tol,
        "{what}: got {got:e}, want {want:e} (relative error {err:.2e} > {tol:e})"
    );
}

pub fn rel_err(got: f64, want: f64) -> f64 {
    if got == want {
        0.0
    } else {
        (got - want).abs() / want.abs()
    }
}
