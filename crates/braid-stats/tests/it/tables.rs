//! Publication tables: the paper's Table 4 layout, in every format.

use std::collections::BTreeMap;

use braid_stats::{FitOptions, OlsFit, Robust, StarLevel, TableOptions, fit_ols, regression_table};
use expect_test::expect;

use crate::{load, reference};

fn survey_fits(robust: Option<Robust>) -> Vec<OlsFit> {
    let data = load("survey.csv");
    let options = FitOptions {
        refs: BTreeMap::from([("migration".to_string(), "none".to_string())]),
        complete_on: serde_json::from_value(reference()["survey_complete_on"].clone()).unwrap(),
        robust,
        ..Default::default()
    };
    ["belonging", "best_friends"]
        .iter()
        .map(|m| {
            let formula = format!("depression ~ migration * {m} + girl + age + grade + siblings + korean + mother_edu + father_edu");
            fit_ols(&data, &formula, &options).unwrap()
        })
        .collect()
}

fn table4_options() -> TableOptions {
    let labels = [
        ("migration[mother]", "Mother away"),
        ("migration[father]", "Father away"),
        ("migration[both]", "Both away"),
        ("belonging", "School belonging"),
        ("best_friends", "Best friends"),
        ("migration[mother]:belonging", "Mother away × belonging"),
        (
            "migration[mother]:best_friends",
            "Mother away × best friends",
        ),
        ("(Intercept)", "Constant"),
    ];
    TableOptions {
        title: Some("Table 4. Moderation by school support".into()),
        model_names: vec!["Model 1".into(), "Model 4".into()],
        labels: labels.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        terms: labels.iter().map(|(k, _)| k.to_string()).collect(),
        notes: vec!["Models also control for gender, age, grade, siblings, ethnicity and parents' education.".into()],
        ..Default::default()
    }
}

#[test]
fn table4_markdown() {
    let fits = survey_fits(None);
    let refs: Vec<&OlsFit> = fits.iter().collect();
    let table = regression_table(&refs, &table4_options()).unwrap();
    expect![[r#"
        **Table 4. Moderation by school support**

        |  | Model 1 | Model 4 |
        | :--- | :---: | :---: |
        | Mother away | 17.812\*\* | 17.384\*\* |
        |  | (6.506) | (5.445) |
        | Father away | -1.425 | 0.604 |
        |  | (2.810) | (2.449) |
        | Both away | 0.261 | -0.276 |
        |  | (3.446) | (2.648) |
        | School belonging | -1.775\*\*\* |  |
        |  | (0.323) |  |
        | Best friends |  | -0.069 |
        |  |  | (0.350) |
        | Mother away × belonging | -3.280\* |  |
        |  | (1.395) |  |
        | Mother away × best friends |  | -4.327\*\* |
        |  |  | (1.574) |
        | Constant | 6.537\* | 0.331 |
        |  | (3.128) | (3.129) |
        | N | 605 | 605 |
        | R² | 0.158 | 0.087 |

        Standard errors in parentheses.

        \*\*\* p \< 0.001; \*\* p \< 0.01; \* p \< 0.05

        Models also control for gender, age, grade, siblings, ethnicity and parents' education.
    "#]]
    .assert_eq(&table.to_markdown());
}

#[test]
fn table4_html() {
    let fits = survey_fits(Some(Robust::Hc3));
    let mut options = table4_options();
    options.terms.truncate(1);
    let table = regression_table(
        &[&fits[0]],
        &TableOptions {
            model_names: vec!["Model 1".into()],
            ..options
        },
    )
    .unwrap();
    expect![[r#"
        <table style="border-collapse:collapse;font-family:serif">
        <caption style="text-align:left;font-weight:bold;padding-bottom:4px">Table 4. Moderation by school support</caption>
        <thead>
        <tr style="border-top:2px solid black;border-bottom:1px solid black"><th style="text-align:left;padding:1px 12px 1px 0"></th><th style="text-align:center;padding:1px 8px">Model 1</th></tr>
        </thead>
        <tbody>
        <tr><td style="text-align:left;padding:1px 12px 1px 0">Mother away</td><td style="text-align:center;padding:1px 8px">17.812</td></tr>
        <tr><td style="text-align:left;padding:1px 12px 1px 0"></td><td style="text-align:center;padding:1px 8px">(15.707)</td></tr>
        </tbody>
        <tfoot>
        <tr style="border-top:1px solid black"><td style="text-align:left;padding:1px 12px 1px 0">N</td><td style="text-align:center;padding:1px 8px">605</td></tr>
        <tr style="border-bottom:2px solid black"><td style="text-align:left;padding:1px 12px 1px 0">R²</td><td style="text-align:center;padding:1px 8px">0.158</td></tr>
        <tr><td colspan="2" style="text-align:left;font-size:smaller">Robust (HC3) standard errors in parentheses.</td></tr>
        <tr><td colspan="2" style="text-align:left;font-size:smaller">*** p &lt; 0.001; ** p &lt; 0.01; * p &lt; 0.05</td></tr>
        <tr><td colspan="2" style="text-align:left;font-size:smaller">Models also control for gender, age, grade, siblings, ethnicity and parents&#39; education.</td></tr>
        </tfoot>
        </table>
    "#]].assert_eq(&table.to_html());
}

#[test]
fn latex_and_csv_escape_their_special_characters() {
    let fits = survey_fits(None);
    let options = TableOptions {
        title: Some("Effects & 100% of \"them\" <b>".into()),
        terms: vec!["migration[mother]".into(), "(Intercept)".into()],
        labels: BTreeMap::from([(
            "migration[mother]".to_string(),
            "mother_away | <b>#1</b>".to_string(),
        )]),
        stars: vec![
            StarLevel {
                stars: "†".into(),
                p: 0.1,
            },
            StarLevel {
                stars: "*".into(),
                p: 0.05,
            },
        ],
        digits: 2,
        ..Default::default()
    };
    let table = regression_table(&[&fits[0]], &options).unwrap();
    expect![[r#"
        \begin{table}[htbp]
        \centering
        \caption{Effects \& 100\% of "them" <b>}
        \begin{tabular}{lc}
        \toprule
         & (1) \\
        \midrule
        mother\_away | <b>\#1</b> & 17.81* \\
         & (6.51) \\
        (Intercept) & 6.54* \\
         & (3.13) \\
        \midrule
        N & 605 \\
        R\textsuperscript{2} & 0.16 \\
        \bottomrule
        \end{tabular}
        \par\smallskip{\footnotesize Standard errors in parentheses.}
        \par\smallskip{\footnotesize * p < 0.05; † p < 0.1}
        \end{table}
    "#]]
    .assert_eq(&table.to_latex());
    expect![[r#"
        ,(1)
        mother_away | <b>#1</b>,17.81*
        ,(6.51)
        (Intercept),6.54*
        ,(3.13)
        N,605
        R²,0.16
        Standard errors in parentheses.,
        * p < 0.05; † p < 0.1,
    "#]]
    .assert_eq(&table.to_csv());
    expect![[r#"
        **Effects & 100% of "them" \<b\>**

        |  | (1) |
        | :--- | :---: |
        | mother\_away \| \<b\>\#1\</b\> | 17.81\* |
        |  | (6.51) |
        | (Intercept) | 6.54\* |
        |  | (3.13) |
        | N | 605 |
        | R² | 0.16 |

        Standard errors in parentheses.

        \* p \< 0.05; † p \< 0.1
    "#]]
    .assert_eq(&table.to_markdown());
    let html = table.to_html();
    assert!(html.contains("<caption style=\"text-align:left;font-weight:bold;padding-bottom:4px\">Effects &amp; 100% of &quot;them&quot; &lt;b&gt;</caption>"));
    assert!(html.contains(">mother_away | &lt;b&gt;#1&lt;/b&gt;</td>"));
    assert!(!html.contains("<b>"));
}

#[test]
fn table_errors() {
    let fits = survey_fits(None);
    let options = TableOptions {
        terms: vec!["nonsense".into()],
        ..Default::default()
    };
    assert_eq!(
        regression_table(&[&fits[0]], &options)
            .unwrap_err()
            .to_string(),
        "the term `nonsense` is in none of the models"
    );
    assert_eq!(
        regression_table(&[], &TableOptions::default())
            .unwrap_err()
            .to_string(),
        "a regression table needs at least one model"
    );
}

#[test]
fn aliased_terms_are_marked() {
    let fit = crate::reference::check("duplicated_column");
    let table = regression_table(&[&fit], &TableOptions::default()).unwrap();
    expect![[r#"
        |  | (1) |
        | :--- | :---: |
        | x1 | 1.716\*\*\* |
        |  | (0.170) |
        | x2 | -0.470\*\*\* |
        |  | (0.090) |
        | x1dup | (aliased) |
        |  |  |
        | (Intercept) | 1.259\*\* |
        |  | (0.462) |
        | N | 60 |
        | R² | 0.683 |

        Standard errors in parentheses.

        \*\*\* p \< 0.001; \*\* p \< 0.01; \* p \< 0.05
    "#]]
    .assert_eq(&table.to_markdown());
}
