//! Models as papers report them: centred and scaled moderators, cluster-robust (CR1) standard
//! errors, and weighted least squares, each against statsmodels. The references come from
//! `xtask/scripts/reference_fits.py`, committed as `tests/data/survey/reference.json`, on the
//! small fixture `tests/data/survey/small.csv` and the demo survey.

use std::path::PathBuf;
use std::sync::OnceLock;

use braid_stats::{CsvOptions, Dataset, FitOptions, ModerationSpec, fit_ols, probe_moderation};
use serde_json::Value;

use crate::{TOL, assert_close};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn refs() -> &'static Value {
    static REF: OnceLock<Value> = OnceLock::new();
    REF.get_or_init(|| serde_json::from_str(&std::fs::read_to_string(root().join("tests/data/survey/reference.json")).unwrap()).unwrap())
}

fn small() -> Dataset {
    let text = std::fs::read_to_string(root().join("tests/data/survey/small.csv")).unwrap();
    Dataset::from_csv(&text, "small.csv", &CsvOptions::default()).unwrap()
}

fn options(case: &Value) -> FitOptions {
    serde_json::from_value(case["braid_options"].clone()).unwrap()
}

/// Fit the reference's Braid formula and compare every coefficient and SE with statsmodels.
fn check(data: &Dataset, case: &Value, what: &str) -> braid_stats::OlsFit {
    let mut opts = options(case);
    if let Some(c) = case.get("complete_on") {
        opts.complete_on = serde_json::from_value(c.clone()).unwrap();
    }
    let fit = fit_ols(data, case["braid_formula"].as_str().unwrap(), &opts).unwrap();
    assert_eq!(fit.n as u64, case["n"].as_u64().unwrap(), "{what}: n");
    for (sm, braid) in case["braid_terms"].as_object().unwrap() {
        let c = fit.coefficients.iter().find(|c| c.term == braid.as_str().unwrap()).unwrap_or_else(|| panic!("{what}: no term {braid}"));
        assert_close(&format!("{what} {braid} estimate"), c.estimate, case["params"][sm].as_f64().unwrap(), TOL);
        assert_close(&format!("{what} {braid} se"), c.se, case["bse"][sm].as_f64().unwrap(), TOL);
    }
    assert_close(&format!("{what} R²"), fit.r2, case["r2"].as_f64().unwrap(), TOL);
    fit
}

#[test]
fn centred_and_scaled_moderators_match_statsmodels_with_the_variable_centred_by_hand() {
    let s = &refs()["small"];
    check(&small(), &s["centred"], "center()");
    let fit = check(&small(), &s["scaled"], "scale()");
    // Probing reports the moderator on its own scale: the mean is belonging's mean, and the
    // Johnson–Neyman range is belonging's observed range.
    let m = probe_moderation(&fit, &ModerationSpec { focal: "girl".into(), moderator: "belonging".into(), ..Default::default() });
    // The moderator is written scale(belonging); probing names the column.
    let m = m.or_else(|_| probe_moderation(&fit, &ModerationSpec { focal: "girl".into(), moderator: "scale(belonging)".into(), ..Default::default() })).unwrap();
    assert_close("probe mean", m.mean, s["scaled"]["belonging_mean"].as_f64().unwrap(), TOL);
    assert_close("probe sd", m.sd, s["scaled"]["belonging_sd"].as_f64().unwrap(), TOL);
    assert_eq!(m.moderator, "belonging");
    let (lo, hi) = (m.johnson_neyman.range.low, m.johnson_neyman.range.high);
    assert!((1.0..=5.0).contains(&lo) && (1.0..=5.0).contains(&hi) && lo < hi, "range on belonging's scale: {lo}..{hi}");
    assert_close("the slope at the mean", m.slopes[1].at, s["scaled"]["belonging_mean"].as_f64().unwrap(), TOL);
}

#[test]
fn cluster_robust_errors_are_cr1_as_stata_and_statsmodels_give_them() {
    let case = &refs()["small"]["cluster"];
    let fit = check(&small(), case, "cluster");
    assert_eq!((fit.robust.as_deref(), fit.cluster.as_deref(), fit.clusters), (Some("cluster"), Some("school"), Some(4)));
    // t tests on G - 1 degrees of freedom.
    for (sm, braid) in case["braid_terms"].as_object().unwrap() {
        let c = fit.coefficients.iter().find(|c| c.term == braid.as_str().unwrap()).unwrap();
        assert_close(&format!("{braid} p (t, G-1 df)"), c.p, case["p_t"][sm].as_f64().unwrap(), 1e-6);
    }
    let json = serde_json::to_value(&fit).unwrap();
    assert_eq!((json["robust"].as_str(), json["clusters"].as_u64()), (Some("cluster"), Some(4)));
}

#[test]
fn weighted_least_squares_matches_statsmodels_wls() {
    let case = &refs()["small"]["wls"];
    let fit = check(&small(), case, "WLS");
    assert_close("adjusted R²", fit.adj_r2, case["r2_adj"].as_f64().unwrap(), TOL);
    assert_close("sigma²", fit.sigma * fit.sigma, case["scale"].as_f64().unwrap(), TOL);
    assert_eq!(fit.weights.as_deref(), Some("w"));
}

#[test]
fn bad_weights_and_clusters_are_refused_by_name() {
    let data = small();
    let refuse = |opts: FitOptions, needle: &str| {
        let e = fit_ols(&data, "depression ~ belonging", &opts).unwrap_err().to_string();
        assert!(e.contains(needle), "{e}");
    };
    // A weight of 0 (girl is 0 for boys) would drop a row silently: refused, with the row.
    refuse(FitOptions { weights: Some("girl".into()), cluster: None, ..Default::default() }, "weights must be positive, and `girl` is 0");
    refuse(FitOptions { cluster: Some("nope".into()), ..Default::default() }, "nope");
    refuse(FitOptions { cluster: Some("school".into()), robust: Some(braid_stats::Robust::Hc3), ..Default::default() }, "not both");
    // center() and scale() need a numeric column that varies.
    let text = "y,g,k\n1,a,2\n2,b,2\n4,a,2\n3,b,2\n";
    let d = Dataset::from_csv(text, "t.csv", &CsvOptions::default()).unwrap();
    let e = fit_ols(&d, "y ~ center(g)", &FitOptions::default()).unwrap_err().to_string();
    assert!(e.contains("center(g) needs a numeric column"), "{e}");
    let e = fit_ols(&d, "y ~ scale(k)", &FitOptions::default()).unwrap_err().to_string();
    assert!(e.contains("does not vary"), "{e}");
}

#[test]
fn table_4_with_centred_moderators_matches_statsmodels() {
    let t = &refs()["table4"];
    let data = crate::load("survey.csv");
    let complete_on: Vec<String> = serde_json::from_value(t["complete_on"].clone()).unwrap();
    for (k, model) in t["models"].as_object().unwrap() {
        let mut case = model["centred"].clone();
        case["complete_on"] = serde_json::to_value(&complete_on).unwrap();
        check(&data, &case, &format!("Table 4 model {k} centred"));
    }
}
