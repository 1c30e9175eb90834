//! The demo survey: the published models of Wang (2023) against statsmodels.

use braid_stats::{FitOptions, fit_ols};

use crate::reference::check;
use crate::{load, ref_fit, reference};

const T4M1: &str = "depression ~ migration * belonging + girl + age + grade + siblings + korean + mother_edu + father_edu";

#[test]
fn every_published_model_matches_statsmodels_on_the_analytic_sample() {
    for name in reference()["survey_fits"].as_array().unwrap() {
        let name = name.as_str().unwrap();
        let fit = check(name);
        assert_eq!((fit.n, fit.dropped.rows), (605, 328), "{name}");
        // The published tables print the migration terms, the school-support term and its
        // interactions, and the constant; every one is a term of the fit, by the same name.
        let published: Vec<String> =
            serde_json::from_value(ref_fit(name)["published_terms"].clone()).unwrap();
        for term in &published {
            assert!(
                fit.coefficients.iter().any(|c| &c.term == term),
                "{name}: no term {term}"
            );
        }
    }
}

#[test]
fn table4_model1_json_shape() {
    let fit = check("survey_t4m1");
    let terms: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(
        terms,
        [
            "(Intercept)",
            "migration[both]",
            "migration[father]",
            "migration[mother]",
            "belonging",
            "girl",
            "age",
            "grade",
            "siblings",
            "korean",
            "mother_edu",
            "father_edu",
            "migration[both]:belonging",
            "migration[father]:belonging",
            "migration[mother]:belonging",
        ]
    );
    let json = serde_json::to_value(&fit).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut want = [
        "formula",
        "n",
        "dropped",
        "df_model",
        "df_resid",
        "r2",
        "adj_r2",
        "f",
        "f_p",
        "sigma",
        "coefficients",
        "aliased",
        "dropped_terms",
    ];
    want.sort_unstable();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort_unstable();
    assert_eq!(keys_sorted, want);
    let coef_keys: Vec<&str> = json["coefficients"][0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut coef_keys_sorted = coef_keys.clone();
    coef_keys_sorted.sort_unstable();
    // The contract's fields, plus `stars` and `text` (the cell as printed) added beside them.
    assert_eq!(
        coef_keys_sorted,
        [
            "ci_high", "ci_low", "estimate", "p", "se", "stars", "t", "term", "text"
        ]
    );
    let h = json["coefficients"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["term"] == "migration[mother]:belonging")
        .unwrap();
    assert_eq!(
        h["text"].as_str().unwrap(),
        braid_stats::cell(
            h["estimate"].as_f64().unwrap(),
            h["se"].as_f64().unwrap(),
            h["stars"].as_str().unwrap(),
            3
        )
    );
    assert_eq!(json["n"], 605);
    assert_eq!(json["dropped"]["rows"], 328);
    assert_eq!(json["dropped"]["by"]["belonging"], 46);
    assert_eq!(json["df_model"], 14);
    assert_eq!(json["df_resid"], 590);
    assert_eq!(json["aliased"], serde_json::json!([]));
}

#[test]
fn listwise_deletion_over_the_formula_alone_keeps_more_rows() {
    // Without `complete_on`, only the formula's variables count: 671 rows, not the paper's 605.
    let fit = check("survey_t4m1_own_listwise");
    assert_eq!((fit.n, fit.dropped.rows), (671, 262));
    // A row missing several variables counts once per variable: 63 + 39 + ... = 386 > 262.
    assert_eq!(fit.dropped.by.values().sum::<usize>(), 386);
}

#[test]
fn table4_model1_with_hc3() {
    check("survey_t4m1_HC3");
}

#[test]
fn published_estimates_are_close_to_the_paper() {
    // The survey is synthetic and calibrated to the paper; the interaction of interest comes
    // out near the published -3.244.
    let data = load("survey.csv");
    let mut options = FitOptions::default();
    options.refs.insert("migration".into(), "none".into());
    options.complete_on =
        serde_json::from_value(reference()["survey_complete_on"].clone()).unwrap();
    let fit = fit_ols(&data, T4M1, &options).unwrap();
    let c = fit
        .coefficients
        .iter()
        .find(|c| c.term == "migration[mother]:belonging")
        .unwrap();
    assert!((c.estimate - -3.244).abs() < 0.5, "{}", c.estimate);
    assert!((fit.r2 - 0.157).abs() < 0.02, "{}", fit.r2);
}
