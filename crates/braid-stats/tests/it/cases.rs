//! Subsets (a model's `if`) and predictions for every row, as case selection uses them.

use braid_stats::{ColumnValues, Condition, Dataset, FitOptions, fit_ols};

fn data() -> Dataset {
    // y = 1 + 2x + (1 for group b), with a small wobble so the fit is not exact; the last row
    // is another wave, and one row misses x.
    let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, f64::NAN, 10.0];
    let wobble = [0.1, -0.1, 0.05, -0.05, 0.0, 0.1, -0.1, 0.0, 0.0, 0.0];
    let g = ["a", "b", "a", "b", "a", "b", "a", "b", "a", "c"];
    let y: Vec<f64> = (0..10).map(|i| 1.0 + 2.0 * x[i] + f64::from(u8::from(g[i] == "b")) + wobble[i]).collect();
    let wave = ["one", "one", "one", "one", "one", "one", "one", "one", "one", "two"];
    Dataset::from_columns(
        "t.csv",
        vec![
            ("y".into(), ColumnValues::Numeric(y)),
            ("x".into(), ColumnValues::Numeric(x.to_vec())),
            ("g".into(), ColumnValues::Categorical(g.iter().map(|s| Some(s.to_string())).collect())),
            ("wave".into(), ColumnValues::Categorical(wave.iter().map(|s| Some(s.to_string())).collect())),
        ],
    )
    .unwrap()
}

#[test]
fn a_subset_fits_the_rows_it_keeps_and_does_not_count_the_others_as_dropped() {
    let d = data();
    let options = FitOptions { subset: vec![Condition::parse("wave=one").unwrap()], ..Default::default() };
    let fit = fit_ols(&d, "y ~ x", &options).unwrap();
    let by_hand = fit_ols(&d.subset(&options.subset).unwrap(), "y ~ x", &FitOptions::default()).unwrap();
    assert_eq!((fit.n, fit.dropped.rows), (8, 1));
    assert_eq!(fit.coefficients, by_hand.coefficients);
    let json = serde_json::to_value(&fit).unwrap();
    assert_eq!(json["subset"], serde_json::json!(["wave=one"]));
    // Without a subset the key is left out, as before.
    assert!(serde_json::to_value(&by_hand).unwrap().get("subset").is_none());
    let err = fit_ols(&d, "y ~ x", &FitOptions { subset: vec![Condition::parse("wave>1").unwrap()], ..Default::default() }).unwrap_err();
    assert!(err.to_string().contains("categorical, so it takes = or != only"), "{err}");
}

#[test]
fn predictions_cover_rows_outside_the_sample_and_skip_rows_the_model_cannot_place() {
    let d = data();
    let options = FitOptions { subset: vec![Condition::parse("wave=one").unwrap()], ..Default::default() };
    let fit = fit_ols(&d, "y ~ center(x) + g", &options).unwrap();
    let coef = |t: &str| fit.coefficients.iter().find(|c| c.term == t).unwrap().estimate;
    let p = fit.predict(&d).unwrap();
    // Row 8 misses x; row 9 has level `c`, which the model never saw.
    assert_eq!(p.iter().map(|p| p.row).collect::<Vec<_>>(), [0, 1, 2, 3, 4, 5, 6, 7]);
    // center() subtracts the estimation sample's mean of x (rows 0-7: 4.5).
    let by_hand = coef("(Intercept)") + coef("center(x)") * (2.0 - 4.5) + coef("g[b]");
    assert!((p[1].predicted - by_hand).abs() < 1e-12);
    let y1 = 1.0 + 2.0 * 2.0 + 1.0 - 0.1;
    assert_eq!(p[1].observed, Some(y1));
    assert!((p[1].residual.unwrap() - (y1 - by_hand)).abs() < 1e-12);
    // The residuals of a least-squares fit with an intercept sum to zero over its sample.
    let sum: f64 = p.iter().filter_map(|p| p.residual).sum();
    assert!(sum.abs() < 1e-9, "{sum}");
    // A row of another wave is predicted from the coefficients all the same.
    let all = fit_ols(&d, "y ~ x", &options).unwrap().predict(&d).unwrap();
    let last = all.iter().find(|p| p.row == 9).unwrap();
    assert!((last.predicted - (1.0 + 2.0 * 10.0)).abs() < 1.0, "{last:?}");
}
