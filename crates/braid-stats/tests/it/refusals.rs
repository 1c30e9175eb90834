//! Issue #10: inputs that crashed, hung or were accepted silently, and the clear refusals or
//! reports they get now.

use braid_stats::{
    ColumnValues, Dataset, Error, FitOptions, MAX_DESIGN_CELLS, MAX_DESIGN_COLUMNS, OlsFit, Robust,
    fit_ols,
};

use crate::load;

fn csv(text: &str) -> Dataset {
    Dataset::from_csv(text, "d.csv", &Default::default()).unwrap()
}

fn fit(data: &Dataset, formula: &str) -> Result<OlsFit, Error> {
    fit_ols(data, formula, &FitOptions::default())
}

/// The message of a refused fit.
#[track_caller]
fn refused(data: &Dataset, formula: &str, options: &FitOptions) -> String {
    match fit_ols(data, formula, options) {
        Ok(f) => panic!("{formula} was fitted: {:?}", f.coefficients),
        Err(e) => e.to_string(),
    }
}

/// A fit on one row printed a table of NaN and exited 0.
#[test]
fn a_fit_on_one_row_is_an_error() {
    let data = csv("y,x\n1,2\nNA,3\n");
    assert_eq!(
        refused(&data, "y ~ x", &FitOptions::default()),
        "`y ~ x` on d.csv cannot be estimated: 1 complete row for 2 coefficients leaves no residual degrees of freedom; \
         use more rows or fewer terms"
    );
    // Even the mean of one number has no standard error.
    assert_eq!(
        refused(&data, "y ~ 1", &FitOptions::default()),
        "`y ~ 1` on d.csv cannot be estimated: 1 complete row for 1 coefficient leaves no residual degrees of freedom; \
         use more rows or fewer terms"
    );
}

#[test]
fn as_many_coefficients_as_rows_is_an_error() {
    // Four rows, a factor with four levels: a perfect, uninformative fit.
    let data = csv("y,g\n1,a\n2,b\n4,c\n3,d\n");
    assert_eq!(
        refused(&data, "y ~ g", &FitOptions::default()),
        "`y ~ g` on d.csv cannot be estimated: 4 complete rows for 4 coefficients leave no residual degrees of freedom; \
         use more rows or fewer terms"
    );
    // More columns than rows: the rank is what counts, and it leaves nothing.
    let wide = csv("y,a,b,c\n1,1,0,3\n2,0,1,5\n3,4,4,1\n");
    assert!(
        refused(&wide, "y ~ a + b + c", &FitOptions::default())
            .contains("3 complete rows for 4 coefficients leave no residual degrees of freedom")
    );
}

#[test]
fn an_outcome_that_does_not_vary_is_an_error() {
    let data = csv("y,x\n2,1\n2,2\n2,3\n2,5\n");
    assert_eq!(
        refused(&data, "y ~ x", &FitOptions::default()),
        "`y ~ x` on d.csv cannot be estimated: the outcome `y` is 2 in all 4 rows of the estimation sample, \
         so there is no variation to explain; check the outcome and the rows kept"
    );
}

#[test]
fn values_too_large_to_square_are_named() {
    let data = csv("y,x\n1,1e300\n2,3e300\n4,2e300\n3,5e300\n");
    let message = refused(&data, "y ~ x", &FitOptions::default());
    assert!(
        message.starts_with("`y ~ x` on d.csv cannot be estimated: "),
        "{message}"
    );
    assert!(
        message.ends_with(
            "`x` has values as large as 5e300; rescale it (e.g. divide by a power of ten)"
        ),
        "{message}"
    );
}

#[test]
fn hc3_with_a_row_of_leverage_one_is_an_error_naming_the_cure() {
    // Level `c` has one row, so it alone determines its coefficient.
    let data = csv("y,g\n1,a\n2,a\n4,b\n3,b\n5,b\n9,c\n");
    let hc3 = FitOptions {
        robust: Some(Robust::Hc3),
        ..Default::default()
    };
    assert_eq!(
        refused(&data, "y ~ g", &hc3),
        "`y ~ g` on d.csv: the HC3 standard errors are undefined, because data row 6 alone determines a coefficient \
         (its leverage is 1, e.g. it is the only row of a factor level); use HC1, or merge or drop that level"
    );
    let hc2 = FitOptions {
        robust: Some(Robust::Hc2),
        ..Default::default()
    };
    assert!(
        refused(&data, "y ~ g", &hc2)
            .contains("the HC2 standard errors are undefined, because data row 6")
    );
    let hc1 = FitOptions {
        robust: Some(Robust::Hc1),
        ..Default::default()
    };
    assert!(fit_ols(&data, "y ~ g", &hc1).is_ok());
}

/// A factor with one level was dropped without a word.
#[test]
fn a_factor_with_one_level_is_reported_as_a_dropped_term() {
    // After listwise deletion only girls are left.
    let data = csv("y,x,girl\n1,1,1\n2,3,1\n4,2,1\n3,5,1\nNA,4,0\n");
    let result = fit(&data, "y ~ x + factor(girl) + x:factor(girl)").unwrap();
    let terms: Vec<&str> = result
        .coefficients
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert_eq!(terms, ["(Intercept)", "x"]);
    let dropped: Vec<(&str, &str)> = result
        .dropped_terms
        .iter()
        .map(|d| (d.term.as_str(), d.reason.as_str()))
        .collect();
    assert_eq!(
        dropped,
        [
            (
                "factor(girl)",
                "`factor(girl)` has one level (`1`) in the 4 rows of the estimation sample, so it cannot vary"
            ),
            (
                "x:factor(girl)",
                "`factor(girl)` has one level (`1`) in the 4 rows of the estimation sample, so it cannot vary"
            ),
        ]
    );
    let json = serde_json::to_value(&result).unwrap();
    assert_eq!(json["dropped_terms"][0]["term"], "factor(girl)");
    assert!(json["aliased"].as_array().unwrap().is_empty());
    // A model without the problem reports nothing.
    let clean = fit(&csv("y,x\n1,1\n2,3\n4,2\n"), "y ~ x").unwrap();
    assert!(clean.dropped_terms.is_empty());
    assert_eq!(
        serde_json::to_value(&clean).unwrap()["dropped_terms"],
        serde_json::json!([])
    );
}

/// `depression ~ (age + girl)^1000000000` never returned.
#[test]
fn a_huge_power_fits_the_full_interaction() {
    let data = load("survey.csv");
    let result = fit(&data, "depression ~ (age + girl)^1000000000").unwrap();
    let terms: Vec<&str> = result
        .coefficients
        .iter()
        .map(|c| c.term.as_str())
        .collect();
    assert_eq!(terms, ["(Intercept)", "age", "girl", "age:girl"]);
}

/// A 20-way `a*b*...*t` never returned; 20,000 nested parentheses aborted.
#[test]
fn formula_limits_are_formula_errors() {
    let data = load("survey.csv");
    let star = "depression ~ dep1*dep2*dep3*dep4*dep5*dep6*girl*age*grade*siblings*korean*mother_edu*father_edu*\
                belonging*att1*att2*att3*teacher_attitude*teacher_satisfaction*best_friends";
    let Err(Error::Formula { message, .. }) = fit(&data, star) else {
        panic!("not refused")
    };
    assert!(
        message.contains("expands to 16383 terms, more than 10000 (the limit)"),
        "{message}"
    );
    let nested = format!("depression ~ {}age{}", "(".repeat(5_000), ")".repeat(5_000));
    let Err(Error::Formula { message, formula }) = fit(&data, &nested) else {
        panic!("not refused")
    };
    assert!(
        message.contains("deeper than 256 levels (the limit)"),
        "{message}"
    );
    assert!(formula.len() < 200, "the message quotes the whole formula");
}

/// A factor of identifiers asks for a column per row.
#[test]
fn design_columns_are_limited() {
    let rows = 1_200;
    let data = Dataset::from_columns(
        "ids.csv",
        vec![
            (
                "y".into(),
                ColumnValues::Numeric((0..rows).map(|i| (i % 7) as f64).collect()),
            ),
            (
                "id".into(),
                ColumnValues::Categorical((0..rows).map(|i| Some(format!("S{i:04}"))).collect()),
            ),
        ],
    )
    .unwrap();
    assert_eq!(MAX_DESIGN_COLUMNS, 1_000);
    assert_eq!(
        refused(&data, "y ~ id", &FitOptions::default()),
        "formula `y ~ id`: the model needs 1200 columns, more than 1000 (the limit), one per level of each factor; \
         the term `id` alone has 1199; use a factor with fewer levels, or leave out the term"
    );
    // An interaction of two large factors is counted, not built.
    let message = refused(&data, "y ~ id:factor(y)", &FitOptions::default());
    assert!(
        message.contains("the model needs 8401 columns, more than 1000 (the limit)"),
        "{message}"
    );
}

#[test]
fn design_cells_are_limited() {
    // 60,000 rows × 900 columns would be 54 million numbers.
    let rows = 60_000;
    let data = Dataset::from_columns(
        "big.csv",
        vec![
            (
                "y".into(),
                ColumnValues::Numeric((0..rows).map(|i| (i % 13) as f64).collect()),
            ),
            (
                "g".into(),
                ColumnValues::Categorical(
                    (0..rows).map(|i| Some(format!("{}", i % 900))).collect(),
                ),
            ),
        ],
    )
    .unwrap();
    assert_eq!(MAX_DESIGN_CELLS, 50_000_000);
    assert_eq!(
        refused(&data, "y ~ g", &FitOptions::default()),
        "formula `y ~ g`: the model's 900 columns over 60000 rows make 54000000 cells, more than 50000000 (the limit); \
         the term `g` alone has 899; use fewer rows, fewer terms or factors with fewer levels"
    );
}
