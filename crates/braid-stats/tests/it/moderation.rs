//! Simple slopes, Johnson–Neyman intervals and interaction plots.

use braid_stats::{ModerationSpec, PlotOptions, Significance, interaction_plot, probe_moderation};

use crate::reference::check;
use crate::{TOL, assert_close, reference};

/// Probes the reference case and compares slopes and the J–N interval with statsmodels.
fn check_probe(case: &serde_json::Value) {
    let name = case["name"].as_str().unwrap();
    let fit = check(case["fit"].as_str().unwrap());
    let spec: ModerationSpec = serde_json::from_value(case["spec"].clone()).unwrap();
    let got = probe_moderation(&fit, &spec).unwrap();
    assert_close(
        &format!("{name}: mean"),
        got.mean,
        case["mean"].as_f64().unwrap(),
        TOL,
    );
    assert_close(
        &format!("{name}: sd"),
        got.sd,
        case["sd"].as_f64().unwrap(),
        TOL,
    );
    let want = case["slopes"].as_array().unwrap();
    assert_eq!(got.slopes.len(), want.len());
    for (g, w) in got.slopes.iter().zip(want) {
        for (field, value) in [
            ("at", g.at),
            ("slope", g.slope),
            ("se", g.se),
            ("t", g.t),
            ("p", g.p),
            ("ci_low", g.ci_low),
            ("ci_high", g.ci_high),
        ] {
            assert_close(
                &format!("{name}: slope at {} {field}", g.at),
                value,
                w[field].as_f64().unwrap(),
                TOL,
            );
        }
    }
    let jn = &got.johnson_neyman;
    let wjn = &case["johnson_neyman"];
    assert_close(
        &format!("{name}: t_crit"),
        jn.t_crit,
        wjn["t_crit"].as_f64().unwrap(),
        TOL,
    );
    assert_eq!(
        serde_json::to_value(jn.significant).unwrap(),
        wjn["significant"],
        "{name}"
    );
    let bounds: Vec<f64> = serde_json::from_value(wjn["bounds"].clone()).unwrap();
    assert_eq!(jn.bounds.len(), bounds.len(), "{name}");
    for (g, w) in jn.bounds.iter().zip(&bounds) {
        assert_close(&format!("{name}: J-N bound"), *g, *w, TOL);
    }
    let regions = wjn["regions"].as_array().unwrap();
    assert_eq!(jn.regions.len(), regions.len(), "{name}");
    for (g, w) in jn.regions.iter().zip(regions) {
        assert_close(
            &format!("{name}: region low"),
            g.low,
            w["low"].as_f64().unwrap(),
            TOL,
        );
        assert_close(
            &format!("{name}: region high"),
            g.high,
            w["high"].as_f64().unwrap(),
            TOL,
        );
    }
}

#[test]
fn slopes_and_johnson_neyman_match_statsmodels() {
    for case in reference()["slopes"].as_array().unwrap() {
        check_probe(case);
    }
}

#[test]
fn survey_mother_away_by_belonging() {
    let case = reference()["slopes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "survey_t4m1")
        .unwrap();
    check_probe(case);
    let fit = check("survey_t4m1");
    let spec = ModerationSpec {
        focal: "migration".into(),
        level: Some("mother".into()),
        moderator: "belonging".into(),
        ..Default::default()
    };
    let m = probe_moderation(&fit, &spec).unwrap();
    assert_eq!(m.focal, "migration[mother]");
    let labels: Vec<&str> = m.slopes.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["-1 SD", "Mean", "+1 SD"]);
    // Children with mother away are more depressed when belonging is low.
    assert!(m.slopes[0].slope > m.slopes[2].slope);
    assert_eq!(m.johnson_neyman.range.low, 1.0);
    assert_eq!(m.johnson_neyman.range.high, 5.0);
}

#[test]
fn probing_errors_say_what_to_do() {
    let fit = check("moderation");
    let err = |spec: ModerationSpec| probe_moderation(&fit, &spec).unwrap_err().to_string();
    let base = ModerationSpec {
        focal: "g".into(),
        level: Some("alpha".into()),
        moderator: "x2".into(),
        ..Default::default()
    };
    assert_eq!(
        err(ModerationSpec {
            level: None,
            ..base.clone()
        }),
        "`g` is categorical: say which level to compare with the reference `gamma` (one of alpha, beta, delta, gamma)"
    );
    assert_eq!(
        err(ModerationSpec {
            level: Some("gamma".into()),
            ..base.clone()
        }),
        "`gamma` is the reference level of `g`; choose another level to compare with it"
    );
    assert_eq!(
        err(ModerationSpec {
            level: Some("omega".into()),
            ..base.clone()
        }),
        "`omega` is not a level of `g` in the estimation sample; its levels are alpha, beta, delta, gamma"
    );
    assert_eq!(
        err(ModerationSpec {
            moderator: "h".into(),
            ..base.clone()
        }),
        "the moderator `h` is categorical; probing needs a numeric moderator"
    );
    assert_eq!(
        err(ModerationSpec {
            moderator: "x9".into(),
            ..base.clone()
        }),
        "the moderator `x9` is not a variable of `y ~ g * x2 + x1 + h`; its variables are g, x2, x1, h"
    );
    assert_eq!(
        err(ModerationSpec { alpha: 1.5, ..base }),
        "alpha must be between 0 and 1, not 1.5"
    );
}

#[test]
fn jn_significance_kinds_serialise_lowercase() {
    assert_eq!(
        serde_json::to_value(Significance::Everywhere).unwrap(),
        "everywhere"
    );
}

#[test]
fn interaction_plot_is_a_self_contained_svg() {
    let fit = check("survey_t4m1");
    let spec = ModerationSpec {
        focal: "migration".into(),
        level: Some("mother".into()),
        moderator: "belonging".into(),
        ..Default::default()
    };
    let options = PlotOptions {
        title: Some("Depression & belonging <by group>".into()),
        ..Default::default()
    };
    let svg = interaction_plot(&fit, &spec, &options).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.ends_with("</svg>\n"));
    // One line and one band per migration group, reference first in the legend.
    assert_eq!(svg.matches("<polyline").count(), 4);
    assert_eq!(svg.matches("fill-opacity=\"0.15\"").count(), 4);
    let legend: Vec<usize> = ["none", "both", "father", "mother"]
        .iter()
        .map(|g| svg.find(&format!(">{g}</text>")).unwrap())
        .collect();
    assert!(legend.windows(2).all(|w| w[0] < w[1]), "legend order");
    assert!(svg.contains(">Depression &amp; belonging &lt;by group&gt;</text>"));
    assert!(svg.contains(">belonging</text>"));
    assert!(svg.contains(">Predicted depression</text>"));
    assert!(!svg.contains("NaN"));
    // Every tag is closed: a cheap well-formedness check.
    assert_eq!(svg.matches('<').count(), svg.matches('>').count());
}

#[test]
fn plot_of_a_numeric_focal_variable_uses_its_mean_and_sd() {
    let fit = check("numeric_focal");
    let spec = ModerationSpec {
        focal: "x1".into(),
        moderator: "x2".into(),
        ..Default::default()
    };
    let svg = interaction_plot(&fit, &spec, &PlotOptions::default()).unwrap();
    assert_eq!(svg.matches("<polyline").count(), 3);
    assert!(svg.contains(">x1 = mean + 1 SD</text>"));
}
