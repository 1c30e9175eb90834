//! OLS, robust SEs, nested tests and hard designs against statsmodels and mpmath.

use std::collections::BTreeMap;

use braid_stats::{FitOptions, OlsFit, compare_fits, fit_ols};
use serde_json::Value;

use crate::{TOL, assert_close, load, ref_fit, reference};

/// Fits the reference case `name` and checks every reported number against statsmodels.
pub fn check(name: &str) -> OlsFit {
    let case = ref_fit(name);
    let data = load(case["file"].as_str().unwrap());
    let options: FitOptions = serde_json::from_value(case["options"].clone()).unwrap();
    let fit = fit_ols(&data, case["formula"].as_str().unwrap(), &options).unwrap();
    let num = |k: &str| case[k].as_f64().unwrap();
    assert_eq!(fit.n as u64, case["n"].as_u64().unwrap(), "{name}: n");
    assert_eq!(
        fit.dropped.rows as u64,
        case["dropped_rows"].as_u64().unwrap(),
        "{name}: dropped rows"
    );
    let by: BTreeMap<String, usize> = serde_json::from_value(case["dropped_by"].clone()).unwrap();
    assert_eq!(fit.dropped.by, by, "{name}: dropped by variable");
    assert_eq!(
        fit.df_model as u64,
        case["df_model"].as_u64().unwrap(),
        "{name}: df_model"
    );
    assert_eq!(
        fit.df_resid as u64,
        case["df_resid"].as_u64().unwrap(),
        "{name}: df_resid"
    );
    let aliased: Vec<String> = serde_json::from_value(case["aliased"].clone()).unwrap();
    assert_eq!(fit.aliased, aliased, "{name}: aliased");
    assert_close(&format!("{name}: r2"), fit.r2, num("r2"), TOL);
    assert_close(&format!("{name}: adj_r2"), fit.adj_r2, num("adj_r2"), TOL);
    assert_close(&format!("{name}: sigma"), fit.sigma, num("sigma"), TOL);
    assert_close(&format!("{name}: f"), fit.f.unwrap(), num("f"), TOL);
    assert_close(&format!("{name}: f_p"), fit.f_p.unwrap(), num("f_p"), TOL);
    let want = case["coefficients"].as_object().unwrap();
    let got: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
    let mut want_terms: Vec<&str> = want.keys().map(String::as_str).collect();
    let mut got_sorted = got.clone();
    want_terms.sort_unstable();
    got_sorted.sort_unstable();
    assert_eq!(got_sorted, want_terms, "{name}: terms");
    for c in &fit.coefficients {
        let w = &want[&c.term];
        for (field, value) in [
            ("estimate", c.estimate),
            ("se", c.se),
            ("t", c.t),
            ("p", c.p),
            ("ci_low", c.ci_low),
            ("ci_high", c.ci_high),
        ] {
            assert_close(
                &format!("{name}: {} {field}", c.term),
                value,
                w[field].as_f64().unwrap(),
                TOL,
            );
        }
    }
    fit
}

#[test]
fn factor_with_a_non_default_reference() {
    let fit = check("factor_reference");
    let terms: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(
        terms,
        ["(Intercept)", "x1", "x2", "g[alpha]", "g[beta]", "g[delta]"]
    );
}

#[test]
fn interaction_of_a_slope_and_a_factor() {
    let fit = check("interaction");
    let terms: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(
        terms,
        [
            "(Intercept)",
            "x1",
            "g[alpha]",
            "g[beta]",
            "g[delta]",
            "h[lo]",
            "x2",
            "x1:g[alpha]",
            "x1:g[beta]",
            "x1:g[delta]"
        ]
    );
}

#[test]
fn no_intercept() {
    check("no_intercept");
    check("minus_one");
}

#[test]
fn no_intercept_codes_every_level_and_r2_is_uncentred() {
    let fit = check("no_intercept_factor");
    let terms: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["g[alpha]", "g[beta]", "g[delta]", "g[gamma]", "x1"]);
    // statsmodels finds the implicit constant and centres R²; R (and Braid) do not.
    assert!(
        ref_fit("no_intercept_factor")["statsmodels_r2"]
            .as_f64()
            .unwrap()
            < fit.r2
    );
}

#[test]
fn factor_of_a_numeric_column() {
    check("factor_numeric");
}

#[test]
fn repeated_terms_are_merged() {
    let fit = check("merged_terms");
    let terms: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["(Intercept)", "x1", "h[lo]", "x2", "x1:x2"]);
}

#[test]
fn robust_hc0_to_hc3() {
    for hc in ["HC0", "HC1", "HC2", "HC3"] {
        let fit = check(&format!("interaction_{hc}"));
        let json = serde_json::to_value(&fit).unwrap();
        assert_eq!(json["robust"], hc);
    }
    let classical = serde_json::to_value(check("interaction")).unwrap();
    assert!(classical.get("robust").is_none());
}

#[test]
fn duplicated_column_is_aliased() {
    // Compared with statsmodels' fit of the model without the duplicate.
    let fit = check("duplicated_column");
    assert_eq!(fit.aliased, ["x1dup"]);
    assert_eq!(fit.df_resid, 57);
}

#[test]
fn empty_interaction_cell_is_aliased() {
    let fit = check("empty_cell");
    assert_eq!(fit.aliased, ["g[c]:h[lo]"]);
}

#[test]
fn nested_f_test() {
    for case in reference()["nested"].as_array().unwrap() {
        let small = check(case["restricted"].as_str().unwrap());
        let large = check(case["full"].as_str().unwrap());
        let test = compare_fits(&small, &large).unwrap();
        let num = |k: &str| case[k].as_f64().unwrap();
        assert_close("nested f", test.f, num("f"), TOL);
        assert_close("nested p", test.p, num("p"), TOL);
        assert_close("nested r2 change", test.r2_change, num("r2_change"), TOL);
        assert_eq!(test.df_num as u64, case["df_num"].as_u64().unwrap());
        assert_eq!(test.df_den as u64, case["df_den"].as_u64().unwrap());
    }
}

#[test]
fn nested_test_needs_the_same_rows() {
    let data = load("mixed.csv");
    let small = fit_ols(&data, "y ~ x1", &FitOptions::default()).unwrap();
    let large = fit_ols(&data, "y ~ x1 + x3", &FitOptions::default()).unwrap();
    let err = compare_fits(&small, &large).unwrap_err().to_string();
    assert_eq!(
        err,
        "`y ~ x1` (146 rows) and `y ~ x1 + x3` (142 rows) were not fitted on the same rows; \
         fit both with `complete_on` listing the variables of both models"
    );
    let same = FitOptions {
        complete_on: vec!["x3".into(), "x2".into()],
        ..Default::default()
    };
    let small = fit_ols(&data, "y ~ x1 + x2", &same).unwrap();
    let large = fit_ols(&data, "y ~ x1 + x3", &same).unwrap();
    let err = compare_fits(&small, &large).unwrap_err().to_string();
    assert_eq!(
        err,
        "`y ~ x1 + x2` is not nested in `y ~ x1 + x3`: the term `x2` is missing from the larger model"
    );
}

/// Highest relative error of a fit against a 50-digit mpmath reference.
fn hard_errors(case: &Value) -> (OlsFit, f64) {
    let data = load("hard.csv");
    let fit = fit_ols(
        &data,
        case["formula"].as_str().unwrap(),
        &FitOptions::default(),
    )
    .unwrap();
    let mut worst = crate::rel_err(fit.r2, case["r2"].as_f64().unwrap())
        .max(crate::rel_err(fit.sigma, case["sigma"].as_f64().unwrap()));
    for c in &fit.coefficients {
        let w = &case["coefficients"][&c.term];
        for (got, field) in [(c.estimate, "estimate"), (c.se, "se"), (c.t, "t")] {
            worst = worst.max(crate::rel_err(got, w[field].as_f64().unwrap()));
        }
    }
    (fit, worst)
}

#[test]
fn raw_polynomial_of_degree_8_keeps_seven_digits() {
    // x in [0, 1], columns x, x^2, ..., x^8 (cond(X) ≈ 1e7); reference: mpmath, 50 digits.
    let (fit, worst) = hard_errors(&reference()["hard"][0]);
    assert!(fit.aliased.is_empty());
    eprintln!("degree-8 polynomial: worst relative error {worst:.1e}");
    assert!(worst < 1e-7, "worst relative error {worst:e}");
}

#[test]
fn near_collinear_predictors_keep_seven_digits() {
    // v = u + 1e-6 noise; reference: mpmath, 50 digits.
    let (fit, worst) = hard_errors(&reference()["hard"][1]);
    assert!(fit.aliased.is_empty());
    eprintln!("near-collinear: worst relative error {worst:.1e}");
    assert!(worst < 1e-7, "worst relative error {worst:e}");
}

#[test]
fn intercept_only_model_has_no_f() {
    let data = load("mixed.csv");
    let fit = fit_ols(&data, "y ~ 1", &FitOptions::default()).unwrap();
    assert_eq!((fit.df_model, fit.f, fit.f_p), (0, None, None));
    let json = serde_json::to_value(&fit).unwrap();
    assert!(json["f"].is_null() && json["f_p"].is_null());
    // The intercept is the mean, its SE the standard error of the mean.
    assert_close(
        "se of mean",
        fit.coefficients[0].se,
        fit.sigma / (fit.n as f64).sqrt(),
        1e-14,
    );
}

/// Issue #10: a saturated fit once printed a table of NaN and exited 0.
#[test]
fn saturated_fit_is_an_error_not_a_table_of_nan() {
    let data =
        braid_stats::Dataset::from_csv("y,x\n1,0\n3,1\n", "two.csv", &Default::default()).unwrap();
    let err = fit_ols(&data, "y ~ x", &FitOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "`y ~ x` on two.csv cannot be estimated: 2 complete rows for 2 coefficients leave no residual degrees of freedom; \
         use more rows or fewer terms"
    );
}

#[test]
fn robust_errors_with_an_aliased_column() {
    let robust = FitOptions {
        robust: Some(braid_stats::Robust::Hc3),
        ..Default::default()
    };
    let data = load("aliased.csv");
    let with = fit_ols(&data, "y ~ x1 + x2 + x1dup", &robust).unwrap();
    let without = fit_ols(&data, "y ~ x1 + x2", &robust).unwrap();
    assert_eq!(with.aliased, ["x1dup"]);
    for (a, b) in with.coefficients.iter().zip(&without.coefficients) {
        assert_eq!(a.term, b.term);
        assert_close(&a.term, a.se, b.se, 1e-12);
    }
    assert_close("robust F", with.f.unwrap(), without.f.unwrap(), 1e-12);
}
