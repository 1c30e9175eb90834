//! Findings and joint displays.

use braid_core::{AttrValue, Attributes, AttributionStyle, DemoOptions, DisplayRequest, NoProgress, Project, Snapshot, attribution, build_demo, findings, joint_display_html, side_by_side};

/// The project's side-by-side display, with published tables from a file.
fn display_with(project: &Project, published: Option<&braid_core::Published>) -> braid_core::JointDisplay {
    side_by_side(&Snapshot::load(project, &DisplayRequest::SideBySide).unwrap().with_published(published.cloned()))
}

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
    let published = braid_core::parse_published(&std::fs::read_to_string(crate::mini().join("../../../corpus/published/wang2023.json")).unwrap(), "wang2023.json").unwrap();
    let d = display_with(&project, Some(&published));
    // Every excerpt the paper quotes for a finding is among its exemplars, in the paper's order.
    let quoted: Vec<Vec<&str>> = d.rows.iter().map(|r| r.quotes.iter().map(|q| q.informant.as_str()).collect()).collect();
    assert_eq!(quoted[1], ["0403", "0607", "4001"]);
    assert_eq!(quoted[2], ["1603", "0602", "1802"]);
    assert_eq!(quoted[3], ["0403", "0404", "4003", "0601", "0605", "0602", "0803"]);
    let h3 = &d.rows[3];
    let cells: Vec<(String, Option<f64>, String)> = h3.quant.iter().map(|q| (q.source.clone(), q.estimate, q.stars.clone())).collect();
    assert_eq!(cells[0], ("Published (Wang 2023)".to_string(), Some(-4.383), "**".to_string()));
    assert_eq!(cells[1].0, "Braid fit (dataset survey)");
    assert!(cells[1].1.unwrap() < 0.0, "the synthetic survey's mother x best friends interaction is negative too");
    assert!(h3.quant[1].provenance.contains("dataset survey (sha256 ") && h3.quant[1].provenance.contains("N = 605"));
    // The fitted interaction is probed. Model 4 centres its moderator, as the paper did, so at
    // the moderator's mean the mother-away effect is the main effect itself, and the probe
    // reports the mean on best_friends' own scale. Published terms have no raw data to probe.
    assert!(h3.quant[0].simple_slopes.is_none());
    let probe = h3.quant[1].simple_slopes.as_ref().expect("the fitted interaction is probed");
    assert_eq!((probe.focal.as_str(), probe.moderator.as_str()), ("migration[mother]", "best_friends"));
    let labels: Vec<&str> = probe.slopes.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["-1 SD", "Mean", "+1 SD"]);
    let model = braid_core::models(&project).unwrap().into_iter().find(|m| m.name == "Table 4 model 4").unwrap();
    let coef = |t: &str| model.fit["coefficients"].as_array().unwrap().iter().find(|c| c["term"] == t).unwrap()["estimate"].as_f64().unwrap();
    let at_mean = coef("migration[mother]");
    assert!((probe.slopes[1].slope - at_mean).abs() < 1e-9, "{} vs {at_mean}", probe.slopes[1].slope);
    assert!(probe.mean > 1.0 && (probe.slopes[1].at - probe.mean).abs() < 1e-12, "the mean on the column's scale: {}", probe.mean);
    // Published and refitted main effects now mean the same thing: the effect at the mean.
    let shared = d.rows[3].quant.iter().filter(|q| q.term == "migration[mother]:center(best_friends)").count();
    assert_eq!(shared, 2, "the published and the fitted cell share the centred term");
    // Its interaction plot goes with it: inline in HTML, named in Markdown and CSV.
    let plot = h3.quant[1].plot.as_deref().expect("a plot beside the slopes");
    assert!(plot.starts_with("<svg") && plot.contains("best_friends"), "{}", &plot[..80.min(plot.len())]);
    assert_eq!(h3.quant[1].plot_file.as_deref(), Some("h3-peer-support-1.svg"));
    assert!(braid_core::joint_display_html(&d, "t").contains("<div class=\"plot\"><svg"));
    assert!(braid_core::joint_display_markdown(&d, "t").contains("![interaction plot](h3-peer-support-1.svg)"));
    assert!(braid_core::joint_display_csv(&d).contains(",h3-peer-support-1.svg"));
    // In Word, each plot is a PNG in the package (Word takes no SVG alone).
    let docx = braid_core::joint_display_docx(&d, "t").unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let media: Vec<String> = zip.file_names().filter(|n| n.starts_with("word/media/") && n.ends_with(".png")).map(String::from).collect();
    assert_eq!(media.len(), 6, "one image per probed term: {media:?}");
    let mut png = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(&media[0]).unwrap(), &mut png).unwrap();
    assert!(png.starts_with(b"\x89PNG") && png.len() > 1000, "a PNG, {} bytes", png.len());
    let plots = braid_core::display_plots(&d);
    assert!(plots.iter().any(|(name, svg)| name == "h3-peer-support-1.svg" && svg == plot), "{:?}", plots.iter().map(|p| &p.0).collect::<Vec<_>>());
    let text = braid_core::slopes_text(probe);
    assert!(text.starts_with("Simple slopes of migration[mother] by best_friends: -1 SD (") && text.contains("Johnson–Neyman"), "{text}");
    // Markdown escapes the text's punctuation (`[mother]`, `best_friends`); without the escapes it
    // reads the same.
    assert!(braid_core::joint_display_markdown(&d, "t").replace('\\', "").contains(&text));
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
    let t = braid_core::project_theme_stats(&project, &request).unwrap();
    let mother = t.columns.iter().position(|c| c.value == "mother").unwrap();
    assert_eq!(t.columns[mother].informants, 6);
    assert_eq!((t.rows[0].cells[mother].count, t.rows[0].cells[mother].share), (6, 100.0));
    // Every mother-away row with a depression score: 37 questionnaires and 3 interviewed children...
    assert_eq!(t.columns[mother].survey.clone().unwrap().n, 40);
    // ...or, restricted to the paper's analytic sample, its 29, with Table 1's mean.
    let vars = "depression migration girl age grade siblings korean mother_edu father_edu belonging teacher_attitude teacher_satisfaction best_friends closeness peer_satisfaction";
    let request = braid_core::ThemeStatsRequest {
        complete_on: vars.split(' ').map(String::from).collect(),
        subset: vec![braid_core::stats::Condition::parse("sample=questionnaire").unwrap()],
        ..request
    };
    let s = braid_core::project_theme_stats(&project, &request).unwrap().columns[mother].survey.clone().unwrap();
    assert_eq!(s.n, 29);
    assert!((s.mean - 13.552).abs() < 0.01, "{}", s.mean);
    // Or straight from the paper's Table 1, as printed, when the raw survey is private.
    let printed = braid_core::ThemeStatsRequest { dataset: None, variable: None, complete_on: vec![], subset: vec![], table1_variable: Some("depression".into()), ..request.clone() };
    let t = braid_core::project_theme_stats(&project, &printed).unwrap();
    let s = t.columns[mother].survey.clone().unwrap();
    assert_eq!((s.mean, s.sd, s.n), (13.552, 6.983, 29));
    assert_eq!(t.variable.as_deref(), Some("depression"));
    assert!(t.provenance.contains("Descriptive statistics for the variables in the sample (as printed)"), "{}", t.provenance);
    let percent = braid_core::ThemeStatsRequest { table1_variable: Some("belonging".into()), ..printed.clone() };
    assert!(braid_core::project_theme_stats(&project, &percent).unwrap_err().to_string().contains("percentages by level"));
    let both = braid_core::ThemeStatsRequest { dataset: Some("survey".into()), ..printed };
    assert!(braid_core::project_theme_stats(&project, &both).unwrap_err().to_string().contains("not both"));

    // Framework matrix: informant types x codes, quotes in the cells.
    let request = braid_core::FrameworkRequest { rows_by: Some("type".into()), codes: vec!["Peer support/Selective sharing".into()], max_quotes: 2, ..Default::default() };
    let m = braid_core::project_framework(&project, &request).unwrap();
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
    let html = joint_display_html(&display_with(&project, Some(&published)), "<b>title</b>");
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
    let d = side_by_side(&Snapshot::load(&project, &DisplayRequest::SideBySide).unwrap().with_published(None).with_style(AttributionStyle::default()));
    assert!(d.rows[1].quant.iter().filter(|q| q.source.starts_with("Braid")).all(|q| q.stale));
    // A stale model is not probed: its slopes would mix the old fit with the new data.
    assert!(d.rows[1].quant.iter().all(|q| q.simple_slopes.is_none()));
}

#[test]
fn finding_edits_links_and_order_undo_and_redo() {
    use braid_core::{FitLabel, Link, NewCoding, ResultRef, ResultSource, history_state, link_to_finding, redo, undo};
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let mut p = Project::open(std::path::Path::new(&report.project)).unwrap();
    let all = findings(&p).unwrap();
    let h3 = all[3].clone();
    let codings_before = braid_core::codings(&p, None).unwrap().len();

    // Change the fit label; undo restores the paper's label, redo the new one.
    let mut edited = h3.input.clone();
    edited.fit = Some(FitLabel::Discordance);
    braid_core::update_finding(&mut p, &h3.uuid, &edited, "t").unwrap();
    assert_eq!(history_state(&p).unwrap().undo.unwrap().summary, "editing finding \u{201c}H3 Peer support\u{201d}");
    undo(&mut p, "t").unwrap();
    assert_eq!(braid_core::finding(&p, &h3.uuid).unwrap().input, h3.input);
    redo(&mut p, "t").unwrap();
    assert_eq!(braid_core::finding(&p, &h3.uuid).unwrap().input.fit, Some(FitLabel::Discordance));
    // Saving the same content again is no action, so undo is not spent on it.
    let events = p.events().unwrap().len();
    braid_core::update_finding(&mut p, &h3.uuid, &edited, "t").unwrap();
    assert_eq!(p.events().unwrap().len(), events);

    // Link a model term from a results table, twice: the second changes nothing.
    let term = ResultRef { source: ResultSource::Model, model: "Table 4 model 1".into(), term: "belonging".into() };
    link_to_finding(&mut p, &h3.uuid, &Link::Result { result: term.clone() }, "t").unwrap();
    let f = link_to_finding(&mut p, &h3.uuid, &Link::Result { result: term.clone() }, "t").unwrap();
    assert_eq!(f.input.results.iter().filter(|r| **r == term).count(), 1);
    // A term the model does not have, or a model the project does not have, is refused.
    let wrong = ResultRef { term: "closeness".into(), ..term.clone() };
    let err = link_to_finding(&mut p, &h3.uuid, &Link::Result { result: wrong }, "t").unwrap_err().to_string();
    assert!(err.contains("`closeness` is not a term of Table 4 model 1; its terms are: (Intercept)"), "{err}");
    let err = link_to_finding(&mut p, &h3.uuid, &Link::Result { result: ResultRef { source: ResultSource::Published, model: "Table 9 model 1".into(), term: "x".into() } }, "t");
    assert!(err.unwrap_err().to_string().contains("Table 9 model 1"));

    // Link a search hit: the span is coded and linked in one action; its code joins the themes.
    let span = NewCoding { document: "0404".into(), start: 10, end: 40, code: "Peer support/Companionship".into(), coder: "t".into(), memo: None };
    let f = link_to_finding(&mut p, &h3.uuid, &Link::Span { coding: span.clone() }, "t").unwrap();
    assert_eq!(braid_core::codings(&p, None).unwrap().len(), codings_before + 1);
    assert!(f.input.codes.contains(&"Peer support/Companionship".to_string()));
    let made = f.input.exemplars.last().unwrap().clone();
    assert_eq!(history_state(&p).unwrap().undo.unwrap().action, "finding.link");
    undo(&mut p, "t").unwrap();
    assert_eq!(braid_core::codings(&p, None).unwrap().len(), codings_before, "undo removes the coding it made");
    assert!(!braid_core::finding(&p, &h3.uuid).unwrap().input.exemplars.contains(&made));
    redo(&mut p, "t").unwrap();
    assert!(braid_core::finding(&p, &h3.uuid).unwrap().input.exemplars.contains(&made));
    // Linking the same span again reuses the coding.
    let f = link_to_finding(&mut p, &h3.uuid, &Link::Span { coding: span }, "t").unwrap();
    assert_eq!(f.input.exemplars.iter().filter(|e| **e == made).count(), 1);
    assert_eq!(braid_core::codings(&p, None).unwrap().len(), codings_before + 1);

    // A retrieved excerpt whose code sits under a theme is linked without adding a theme.
    let under = braid_core::codings(&p, None).unwrap().into_iter().find(|c| c.code == "Peer support/Peer distraction" && !f.input.exemplars.contains(&c.uuid)).unwrap();
    let g = link_to_finding(&mut p, &h3.uuid, &Link::Coding { coding: under.uuid.clone() }, "t").unwrap();
    assert_eq!(g.input.codes, f.input.codes);
    assert_eq!(g.input.exemplars.last(), Some(&under.uuid));
    let err = link_to_finding(&mut p, &h3.uuid, &Link::Coding { coding: "no-such".into() }, "t").unwrap_err();
    assert!(err.to_string().contains("no-such"), "{err}");

    // Reorder: H3 first. Undo restores the paper's order. A partial order is refused.
    let mut order: Vec<String> = all.iter().map(|f| f.uuid.clone()).collect();
    order.rotate_right(1);
    let now = braid_core::order_findings(&mut p, &order, "t").unwrap();
    assert_eq!(now[0].input.title, "H3 Peer support");
    undo(&mut p, "t").unwrap();
    assert_eq!(findings(&p).unwrap()[0].input.title, "Maternal migration");
    assert!(braid_core::order_findings(&mut p, &order[1..], "t").unwrap_err().to_string().contains("exactly once"));

    // Delete and bring back: the restored finding is the same finding, in the same place.
    let before = braid_core::finding(&p, &h3.uuid).unwrap();
    braid_core::delete_finding(&mut p, &h3.uuid, "t").unwrap();
    assert_eq!(findings(&p).unwrap().len(), 3);
    undo(&mut p, "t").unwrap();
    let back = braid_core::finding(&p, &h3.uuid).unwrap();
    assert_eq!((back.input, back.order), (before.input, before.order));
}

#[test]
fn a_patch_changes_only_the_fields_it_names_and_is_one_undoable_action() {
    use braid_core::{FindingInput, FindingPatch, FitLabel, add_finding, finding, patch_finding, undo, update_finding};
    let (_dir, mut p) = crate::mini_project();
    let f = add_finding(&mut p, &FindingInput { title: "H1".into(), text: "first".into(), memo: "note".into(), ..Default::default() }, "t").unwrap();
    // Another process edits the memo after this one read the finding, before it writes.
    let stale = f.clone();
    update_finding(&mut p, &f.uuid, &FindingInput { memo: "changed elsewhere".into(), ..f.input.clone() }, "other").unwrap();
    let patch = FindingPatch { text: Some("second".into()), fit: Some(FitLabel::Expansion), ..Default::default() };
    assert_eq!(patch.apply(&stale.input).memo, "note");
    let got = patch_finding(&mut p, &f.uuid, &patch, "t").unwrap();
    assert_eq!((got.input.title.as_str(), got.input.text.as_str(), got.input.memo.as_str(), got.input.fit), ("H1", "second", "changed elsewhere", Some(FitLabel::Expansion)));
    // An empty patch writes nothing and logs nothing.
    patch_finding(&mut p, &f.uuid, &FindingPatch::default(), "t").unwrap();
    assert_eq!(undo(&mut p, "t").unwrap().unwrap().action, "finding.update");
    assert_eq!(finding(&p, &f.uuid).unwrap().input.text, "first");
    // A patch naming a code the codebook lacks is refused before anything is written.
    let bad = FindingPatch { codes: Some(vec!["Nope".into()]), ..Default::default() };
    assert_eq!(patch_finding(&mut p, &f.uuid, &bad, "t").unwrap_err().code(), braid_core::ErrorCode::NotFound);
}
