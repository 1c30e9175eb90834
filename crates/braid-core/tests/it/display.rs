//! Findings and joint displays.

use braid_core::{AttrValue, Attributes, AttributionStyle, DemoOptions, NoProgress, Project, attribution, attribution_style, build_demo, findings, joint_display_html, side_by_side};

fn attrs(pairs: &[(&str, &str)]) -> Attributes {
    pairs.iter().map(|(k, v)| (k.to_string(), AttrValue::Text(v.to_string()))).collect()
}

#[test]
fn attributions_follow_the_papers_wording() {
    let style: AttributionStyle = serde_json::from_str(&std::fs::read_to_string(crate::mini().join("../../../corpus/attribution.json")).unwrap()).unwrap();
    let check = |id: &str, a: &[(&str, &str)], expect: &str| assert_eq!(attribution(id, &attrs(a), &style), expect);
    check(
        "0602",
        &[("type", "child"), ("school", "Korean secondary"), ("migration", "mother"), ("destination", "South Korea")],
        "Informant 0602, student in the ethnic Korean secondary school with mother working in South Korea",
    );
    check("1603", &[("type", "teacher"), ("school", "Korean secondary"), ("relation", "head teacher")], "Informant 1603, head teacher in the ethnic Korean secondary school");
    check("1802", &[("type", "teacher"), ("school", "Han secondary A"), ("relation", "subject teacher")], "Informant 1802, teacher in the Han secondary school");
    check(
        "0803",
        &[("type", "child"), ("school", "Han secondary A"), ("migration", "both"), ("destination", "another city")],
        "Informant 0803, student in the Han secondary school with both parents working in another city",
    );
    // Without a style, or for an unknown type: the id and the type.
    assert_eq!(attribution("X1", &attrs(&[("type", "nurse")]), &AttributionStyle::default()), "Informant X1, nurse");
    assert_eq!(attribution("X2", &Attributes::new(), &style), "Informant X2");
}

#[test]
fn the_demo_display_carries_both_strands_with_provenance_and_escapes_text() {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let mut project = Project::open(std::path::Path::new(&report.project)).unwrap();
    let titles: Vec<String> = findings(&project).unwrap().into_iter().map(|f| f.input.title).collect();
    assert_eq!(titles, ["Maternal migration", "H1 School belonging", "H2 Teacher–student relationships", "H3 Peer support"]);
    let style = attribution_style(&project).unwrap();
    let published = braid_core::parse_published(&std::fs::read_to_string(crate::mini().join("../../../corpus/published/wang2023.json")).unwrap(), "wang2023.json").unwrap();
    let d = side_by_side(&project, Some(&published), &style).unwrap();
    let h3 = &d.rows[3];
    let cells: Vec<(String, Option<f64>, String)> = h3.quant.iter().map(|q| (q.source.clone(), q.estimate, q.stars.clone())).collect();
    assert_eq!(cells[0], ("Published (Wang 2023)".to_string(), Some(-4.383), "**".to_string()));
    assert_eq!(cells[1].0, "Braid fit (synthetic survey)");
    assert!(cells[1].1.unwrap() < 0.0, "the synthetic survey's mother x best friends interaction is negative too");
    assert!(h3.quant[1].provenance.contains("dataset survey (sha256 ") && h3.quant[1].provenance.contains("N = 605"));
    assert!(h3.quotes.iter().any(|q| q.informant == "0803" && q.text.contains("I miss my mom is showing them I'm weak")));
    // Counts by informant type add up to the informants carrying the themes.
    assert!(h3.informants_by_type.get("child").copied().unwrap_or(0) >= 10);
    assert_eq!(h3.excerpts, braid_core::codings(&project, None).unwrap().iter().filter(|c| c.code.starts_with("Peer support/Peer distraction") || c.code.starts_with("Peer support/Selective sharing")).count());

    // Statistics by theme: the quantitized share of each group, with the group's survey numbers.
    let request = braid_core::ThemeStatsRequest {
        attribute: "migration".into(),
        codes: vec!["Family and migration/Missing mother".into()],
        dataset: Some("survey".into()),
        variable: Some("depression".into()),
        ..Default::default()
    };
    let t = braid_core::statistics_by_theme(&project, &request).unwrap();
    let mother = t.columns.iter().position(|c| c.value == "mother").unwrap();
    assert_eq!(t.columns[mother].informants, 6);
    assert_eq!((t.rows[0].cells[mother].count, t.rows[0].cells[mother].share), (6, 100.0));
    // Every mother-away row with a depression score...
    assert_eq!(t.columns[mother].survey.clone().unwrap().n, 37);
    // ...or, restricted to the paper's analytic sample, its 29, with Table 1's mean.
    let vars = "depression migration girl age grade siblings korean mother_edu father_edu belonging teacher_attitude teacher_satisfaction best_friends closeness peer_satisfaction";
    let request = braid_core::ThemeStatsRequest { complete_on: vars.split(' ').map(String::from).collect(), ..request };
    let s = braid_core::statistics_by_theme(&project, &request).unwrap().columns[mother].survey.clone().unwrap();
    assert_eq!(s.n, 29);
    assert!((s.mean - 13.552).abs() < 0.01, "{}", s.mean);

    // Framework matrix: informant types x codes, quotes in the cells.
    let request = braid_core::FrameworkRequest { rows_by: Some("type".into()), codes: vec!["Peer support/Selective sharing".into()], max_quotes: 2, ..Default::default() };
    let m = braid_core::framework_matrix(&project, &request, &style).unwrap();
    let labels: Vec<&str> = m.rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["child", "grandparent", "parent", "teacher"]);
    let child = &m.rows[0].cells[0];
    assert!(child.count > 10 && child.quotes.len() == 2, "{} {}", child.count, child.quotes.len());
    assert!(child.quotes[0].attribution.starts_with("Informant 0"));

    // User text is escaped everywhere it appears: quotes, memos and code names.
    let new = braid_core::NewCoding { document: "0602".into(), start: 0, end: 5, code: "Peer support/Peer distraction".into(), coder: "x".into(), memo: None };
    let evil = braid_core::add_coding(&mut project, &new, "t").unwrap();
    braid_core::edit_code(&mut project, "Peer support/Peer distraction", &braid_core::CodeEdit { name: Some("<img src=x onerror=alert(1)>".into()), ..Default::default() }, "t").unwrap();
    let mut f = findings(&project).unwrap()[3].clone();
    f.input.codes = vec!["Peer support/<img src=x onerror=alert(1)>".into()];
    f.input.exemplars.push(evil.uuid);
    f.input.meta_inference = "<script>alert(2)</script>".into();
    braid_core::update_finding(&mut project, &f.uuid, &f.input, "t").unwrap();
    let html = joint_display_html(&side_by_side(&project, Some(&published), &style).unwrap(), "<b>title</b>");
    assert!(!html.contains("<script>") && !html.contains("<img") && !html.contains("<b>title"), "unescaped user text");
    assert!(html.contains("&lt;script&gt;alert(2)&lt;/script&gt;") && html.contains("&lt;b&gt;title&lt;/b&gt;") && html.contains("&lt;img src=x"));
}

#[test]
fn a_changed_dataset_marks_the_display_stale() {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let mut project = Project::open(std::path::Path::new(&report.project)).unwrap();
    let csv = std::fs::read_to_string(crate::mini().join("../../../corpus/survey/survey.csv")).unwrap();
    let changed: String = csv.lines().take(900).map(|l| format!("{l}\n")).collect();
    let source = braid_core::Source { path: "survey.csv".into(), bytes: changed.into_bytes() };
    braid_core::import_dataset(&mut project, "survey", &source, &Default::default(), "t").unwrap();
    let d = side_by_side(&project, None, &AttributionStyle::default()).unwrap();
    assert!(d.rows[1].quant.iter().filter(|q| q.source.starts_with("Braid")).all(|q| q.stale));
}
