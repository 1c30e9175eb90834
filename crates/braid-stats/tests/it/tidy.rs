//! Tidy checks: the TypeScript declarations the app will import.

use braid_stats::*;
use ts_rs::TS;

fn decls() -> Vec<String> {
    vec![
        ColumnKind::decl(),
        CsvOptions::decl(),
        DatasetSummary::decl(),
        ColumnSummary::decl(),
        FitOptions::decl(),
        Robust::decl(),
        OlsFit::decl(),
        Dropped::decl(),
        Coefficient::decl(),
        NestedTest::decl(),
        ModerationSpec::decl(),
        Moderation::decl(),
        SimpleSlope::decl(),
        JohnsonNeyman::decl(),
        Significance::decl(),
        Region::decl(),
        PlotOptions::decl(),
        DescribeOptions::decl(),
        Descriptives::decl(),
        GroupSize::decl(),
        VariableSummary::decl(),
        NumericCell::decl(),
        LevelRow::decl(),
        LevelCell::decl(),
        Alpha::decl(),
        ItemStats::decl(),
        TableOptions::decl(),
        StarLevel::decl(),
        Table::decl(),
    ]
}

#[test]
fn no_bigint_crosses_to_typescript() {
    for d in decls() {
        assert!(!d.contains("bigint"), "{d}");
    }
}

#[test]
fn ols_fit_declaration_matches_its_json() {
    expect_test::expect![[r#"
        type OlsFit = { 
        /**
         * The formula as given.
         */
        formula: string, 
        /**
         * Number of rows in the estimation sample.
         */
        n: number, 
        /**
         * Rows left out by listwise deletion.
         */
        dropped: Dropped, 
        /**
         * Model degrees of freedom: the rank, less one for the intercept.
         */
        df_model: number, 
        /**
         * Residual degrees of freedom: `n` less the rank.
         */
        df_resid: number, 
        /**
         * R². Without an intercept it is uncentred, as in R.
         */
        r2: number, 
        /**
         * Adjusted R².
         */
        adj_r2: number, 
        /**
         * F statistic of all terms but the intercept (a Wald F with the robust covariance when
         * robust SEs are requested); `null` when the model has no such term.
         */
        f: number | null, 
        /**
         * p-value of `f`.
         */
        f_p: number | null, 
        /**
         * Residual standard error.
         */
        sigma: number, 
        /**
         * Estimated coefficients, in model order.
         */
        coefficients: Array<Coefficient>, 
        /**
         * Terms not estimable because they are linear combinations of earlier ones (R's `NA`
         * coefficients). They are left out of `coefficients`.
         */
        aliased: Array<string>, 
        /**
         * Terms with no column at all, each with the reason: a factor with one level in the
         * estimation sample. They are left out of `coefficients` and `aliased`.
         */
        dropped_terms: Array<{ 
        /**
         * The term, as in the formula's term labels: `girl`, `girl:age`.
         */
        term: string, 
        /**
         * Why it was dropped, e.g. "`girl` has one level (`1`) in the 20 rows of the
         * estimation sample, so it cannot vary".
         */
        reason: string, }>, 
        /**
         * The robust covariance used for `se`, `t`, `p` and the intervals, if any: `HC0`–`HC3`,
         * or `cluster` for cluster-robust (CR1) standard errors.
         */
        robust?: string, 
        /**
         * With `robust = "cluster"`: the column that defines the clusters.
         */
        cluster?: string, 
        /**
         * With `robust = "cluster"`: the number of clusters in the estimation sample.
         */
        clusters?: number, 
        /**
         * The weights column of a weighted fit.
         */
        weights?: string, 
        /**
         * The conditions that chose the rows the model sees ([`FitOptions::subset`]), as
         * written: `sample=questionnaire`.
         */
        subset?: Array<string>, };"#]]
    .assert_eq(&OlsFit::decl());
    expect_test::expect![[r#"type Robust = "HC0" | "HC1" | "HC2" | "HC3";"#]]
        .assert_eq(&Robust::decl());
}
