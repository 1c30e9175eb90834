//! Descriptive statistics by group and Cronbach's alpha.

use braid_stats::{
    ColumnValues, Dataset, DescribeOptions, VariableSummary, cronbach_alpha, describe,
};
use expect_test::expect;

use crate::{TOL, assert_close, load, reference};

fn small() -> Dataset {
    // Hand-worked example. Group a: x = 1, 2, 3 (mean 2, SD 1); group b: x = 4, 8 (mean 6,
    // SD 2.828427...); the last row has no group and is left out.
    Dataset::from_columns(
        "small",
        vec![
            (
                "g".into(),
                ColumnValues::Categorical(
                    ["a", "a", "a", "b", "b", "b"]
                        .iter()
                        .map(|s| Some(s.to_string()))
                        .chain([None])
                        .collect(),
                ),
            ),
            (
                "x".into(),
                ColumnValues::Numeric(vec![1.0, 2.0, 3.0, 4.0, 8.0, f64::NAN, 100.0]),
            ),
            (
                "s".into(),
                ColumnValues::Numeric(vec![0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 1.0]),
            ),
        ],
    )
    .unwrap()
}

#[test]
fn hand_worked_descriptives() {
    let options = DescribeOptions {
        group: Some("g".into()),
        variables: vec!["x".into(), "factor(s)".into()],
        ..Default::default()
    };
    let d = describe(&small(), &options).unwrap();
    assert_eq!((d.n, d.dropped), (6, 1));
    let VariableSummary::Numeric { groups, total, .. } = &d.variables[0] else {
        panic!()
    };
    assert_eq!((groups[0].n, groups[0].mean, groups[0].sd), (3, 2.0, 1.0));
    assert_eq!((groups[1].n, groups[1].mean), (2, 6.0));
    assert_close("sd b", groups[1].sd, 8f64.sqrt(), 1e-15);
    // Total: 1, 2, 3, 4, 8: mean 3.6, SD sqrt(29.2 / 4).
    assert_close("total mean", total.mean, 3.6, 1e-15);
    assert_close("total sd", total.sd, (29.2f64 / 4.0).sqrt(), 1e-15);
    // s in group a: 0, 1, 1 → 33.33% / 66.67%; in group b: 1, 0, 0.
    let VariableSummary::Categorical { levels, .. } = &d.variables[1] else {
        panic!()
    };
    assert_eq!(levels[1].groups[0].count, 2);
    assert_close("pct", levels[1].groups[0].percent, 200.0 / 3.0, 1e-15);
    expect![[r#"
        |  | a (n = 3) | b (n = 3) | Total (n = 6) |
        | :--- | :---: | :---: | :---: |
        | x | 2.000 (1.000) | 6.000 (2.828) | 3.600 (2.702) |
        | factor(s) |  |  |  |
        |   0 | 33.33% | 66.67% | 50.00% |
        |   1 | 66.67% | 33.33% | 50.00% |

        Mean (SD) for numeric variables; percentages for categorical ones.
    "#]]
    .assert_eq(&d.to_table().to_markdown());
}

#[test]
fn survey_table1_matches_pandas() {
    let data = load("survey.csv");
    let want = &reference()["describe"];
    let options = DescribeOptions {
        group: Some("migration".into()),
        group_order: vec![
            "none".into(),
            "mother".into(),
            "father".into(),
            "both".into(),
        ],
        variables: vec![
            "depression".into(),
            "age".into(),
            "factor(girl)".into(),
            "factor(grade)".into(),
        ],
        complete_on: serde_json::from_value(reference()["survey_complete_on"].clone()).unwrap(),
        ..Default::default()
    };
    let d = describe(&data, &options).unwrap();
    assert_eq!(d.n as u64, want["n"].as_u64().unwrap());
    for (gi, g) in d.groups.iter().enumerate() {
        let w = &want["groups"][&g.level];
        assert_eq!(g.n as u64, w["n"].as_u64().unwrap());
        for (vi, var) in ["depression", "age"].iter().enumerate() {
            let VariableSummary::Numeric { groups, .. } = &d.variables[vi] else {
                panic!()
            };
            assert_close(
                &format!("{var} mean"),
                groups[gi].mean,
                w[var][0].as_f64().unwrap(),
                TOL,
            );
            assert_close(
                &format!("{var} sd"),
                groups[gi].sd,
                w[var][1].as_f64().unwrap(),
                TOL,
            );
        }
        for (vi, var) in [(2, "girl"), (3, "grade")] {
            let VariableSummary::Categorical { levels, .. } = &d.variables[vi] else {
                panic!()
            };
            for l in levels {
                assert_close(
                    &format!("{var} {}", l.level),
                    l.groups[gi].percent,
                    w[var][&l.level].as_f64().unwrap(),
                    TOL,
                );
            }
        }
    }
    let sizes: Vec<usize> = d.groups.iter().map(|g| g.n).collect();
    assert_eq!(sizes, [368, 29, 123, 85]);
}

#[test]
fn cronbach_alpha_hand_worked() {
    // Items (columns) over 4 respondents:
    //   a = 1 2 3 4, b = 2 2 4 4, c = 1 3 3 5.
    // Variances (n-1): a 5/3, b 4/3, c 8/3, sum 17/3. Totals 4 7 10 13 have variance 15,
    // so alpha = 3/2 · (1 - (17/3)/15) = 3/2 · 28/45 = 14/15.
    // Without a: b + c = 3 5 7 9, variance 20/3; alpha = 2 · (1 - (12/3)/(20/3)) = 0.8.
    // Corrected item-total r of a with b + c: cov(a, b+c) = 10/3;
    // r = (10/3) / sqrt(5/3 · 20/3) = 1.
    let data = Dataset::from_columns(
        "items",
        vec![
            (
                "a".into(),
                ColumnValues::Numeric(vec![1.0, 2.0, 3.0, 4.0, f64::NAN]),
            ),
            (
                "b".into(),
                ColumnValues::Numeric(vec![2.0, 2.0, 4.0, 4.0, 1.0]),
            ),
            (
                "c".into(),
                ColumnValues::Numeric(vec![1.0, 3.0, 3.0, 5.0, 2.0]),
            ),
        ],
    )
    .unwrap();
    let items = ["a".to_string(), "b".into(), "c".into()];
    let a = cronbach_alpha(&data, &items).unwrap();
    assert_eq!(a.n, 4);
    assert_close("alpha", a.alpha, 14.0 / 15.0, 1e-14);
    assert_close(
        "alpha without a",
        a.item_stats[0].alpha_if_deleted.unwrap(),
        0.8,
        1e-14,
    );
    assert_close("item-total a", a.item_stats[0].item_total, 1.0, 1e-14);
    assert_close("sd b", a.item_stats[1].sd, (4.0f64 / 3.0).sqrt(), 1e-14);
    let two = cronbach_alpha(&data, &items[..2]).unwrap();
    assert_eq!(two.item_stats[0].alpha_if_deleted, None);
}

#[test]
fn cronbach_alpha_of_the_depression_items_matches_numpy() {
    let data = load("survey.csv");
    let items: Vec<String> = (1..=6).map(|i| format!("dep{i}")).collect();
    let a = cronbach_alpha(&data, &items).unwrap();
    let want = &reference()["alpha"];
    assert_eq!(a.n as u64, want["n"].as_u64().unwrap());
    assert_close("alpha", a.alpha, want["alpha"].as_f64().unwrap(), TOL);
    for s in &a.item_stats {
        let w = &want["items"][&s.item];
        for (field, v) in [
            ("mean", s.mean),
            ("sd", s.sd),
            ("item_total", s.item_total),
            ("alpha_if_deleted", s.alpha_if_deleted.unwrap()),
        ] {
            assert_close(
                &format!("{} {field}", s.item),
                v,
                w[field].as_f64().unwrap(),
                TOL,
            );
        }
    }
    // The codebook says about 0.91; the paper reports 0.9131.
    assert!((a.alpha - 0.91).abs() < 0.01);
}
