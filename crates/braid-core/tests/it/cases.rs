//! Joining the strands case by case: informants linked to survey rows, their survey values as
//! attributes, codes as variables, cases picked from a model, and the case-ordered display.

use braid_core::{
    AttrFilter, AttrValue, CaseDisplayRequest, CaseOrder, CaseRequest, CodeMeasure, DemoOptions, DisplayFormat, DisplayRequest, ErrorCode, Filters, NewCoding,
    NoProgress, Project, SearchRequest, Session, Source, add_code_variables, add_coding, build_demo, code_variables, dataset_links, export_display, history_state,
    link_dataset, load_dataset, models, pick_cases, project_case_display, redo, remove_coding, save_model, undo, unlink_dataset,
};

use crate::mini_project;

/// A survey of six respondents, two of them the mini study's children (A01 and A02).
const SURVEY: &str = "respondent_id,score,group,wave\nR1,4,x,1\nA01,21,y,1\nR2,9,x,1\nA02,7,y,2\nR3,12,x,1\nR4,15,y,2\n";

fn with_survey(csv: &str) -> (tempfile::TempDir, Project) {
    let (dir, mut project) = mini_project();
    let source = Source { path: "survey.csv".into(), bytes: csv.as_bytes().to_vec() };
    braid_core::import_dataset(&mut project, "survey", &source, &Default::default(), "t").unwrap();
    (dir, project)
}

fn demo() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    assert_eq!(report.linked, 18);
    let project = Project::open(std::path::Path::new(&report.project)).unwrap();
    (dir, project)
}

#[test]
fn linking_reports_who_matched_and_is_undoable() {
    let (_dir, mut project) = with_survey(SURVEY);
    let report = link_dataset(&mut project, "survey", "respondent_id", None, "t").unwrap();
    assert_eq!((report.matched, report.rows, report.changed), (2, 6, true));
    assert_eq!(report.linked.iter().map(|c| (c.informant.as_str(), c.row)).collect::<Vec<_>>(), [("A01", 2), ("A02", 4)]);
    assert_eq!(report.unmatched, ["T01"]);
    // Linking again the same way changes nothing and logs nothing.
    let events = project.events().unwrap().len();
    assert!(!link_dataset(&mut project, "survey", "respondent_id", None, "t").unwrap().changed);
    assert_eq!(project.events().unwrap().len(), events);
    assert_eq!(history_state(&project).unwrap().undo.unwrap().summary, "linking informants to dataset survey");
    undo(&mut project, "t").unwrap();
    assert!(dataset_links(&project).unwrap().is_empty());
    assert!(!project.informants().unwrap()[0].attributes.contains_key("survey.score"));
    redo(&mut project, "t").unwrap();
    assert_eq!(dataset_links(&project).unwrap()[0].matched, 2);
    unlink_dataset(&mut project, "survey", "t").unwrap();
    assert!(dataset_links(&project).unwrap().is_empty());
    undo(&mut project, "t").unwrap();
    assert_eq!(dataset_links(&project).unwrap().len(), 1);
}

#[test]
fn a_duplicated_id_is_refused_naming_its_lines_and_nothing_is_linked() {
    let (_dir, mut project) = with_survey("respondent_id,score\nA01,3\nA02,4\nA01,5\n");
    let err = link_dataset(&mut project, "survey", "respondent_id", None, "t").unwrap_err();
    assert_eq!(err.code(), ErrorCode::BadInput);
    let text = err.to_string();
    assert!(text.starts_with("survey.csv:4: field `respondent_id`: the id `A01` occurs on 2 rows"), "{text}");
    assert!(text.contains("`A01` on rows 1, 3"), "{text}");
    assert!(dataset_links(&project).unwrap().is_empty());
    // A column that matches nobody, a missing column and a missing attribute are refused too.
    let err = link_dataset(&mut project, "survey", "score", None, "t").unwrap_err().to_string();
    assert!(err.contains("no value of `score` in dataset `survey` matches an informant's id; the column has e.g. `3`"), "{err}");
    let err = link_dataset(&mut project, "survey", "nope", None, "t").unwrap_err().to_string();
    assert!(err.starts_with("no column `nope` in dataset `survey`; the columns are respondent_id, score"), "{err}");
    let err = link_dataset(&mut project, "survey", "score", Some("height"), "t").unwrap_err().to_string();
    assert!(err.starts_with("no informant attribute `height`"), "{err}");
}

#[test]
fn ids_read_as_numbers_match_ids_written_with_leading_zeros_or_an_attribute() {
    // The informants' ages (13 and 12) are the dataset's ids here: match by --attribute.
    let (_dir, mut project) = with_survey("age_id,score\n13.0,3\n12,4\n99,5\n");
    let report = link_dataset(&mut project, "survey", "age_id", Some("age"), "t").unwrap();
    assert_eq!(report.linked.iter().map(|c| (c.informant.as_str(), c.row)).collect::<Vec<_>>(), [("A01", 1), ("A02", 2)]);
    assert_eq!(braid_core::id_key("0602"), braid_core::id_key("602.0"));
    assert_ne!(braid_core::id_key("A0602"), braid_core::id_key("0602"));
}

#[test]
fn survey_values_are_read_only_attributes_that_filter_with_comparisons() {
    let (dir, mut project) = with_survey(SURVEY);
    link_dataset(&mut project, "survey", "respondent_id", None, "t").unwrap();
    let informants = project.informants().unwrap();
    let a01 = informants.iter().find(|i| i.id == "A01").unwrap();
    assert_eq!(a01.attributes.get("survey.score"), Some(&AttrValue::Integer(21)));
    assert_eq!(a01.attributes.get("survey.group"), Some(&AttrValue::Text("y".into())));
    assert!(!informants.iter().find(|i| i.id == "T01").unwrap().attributes.keys().any(|k| k.starts_with("survey.")));
    drop(project);

    let mut session = Session::open(&dir.path().join("study.braid")).unwrap();
    let filter = |s: &str| Filters { where_: vec![AttrFilter::parse(s).unwrap()], ..Default::default() };
    let search = |session: &mut Session, filters: Filters| {
        let r = session.search(&SearchRequest { query: String::new(), filters, limit: 100, ..Default::default() }, &NoProgress).unwrap();
        let mut who: Vec<String> = r.hits.into_iter().filter_map(|h| h.informant).collect();
        who.sort();
        who.dedup();
        who
    };
    assert_eq!(search(&mut session, filter("survey.score>=20")), ["A01"]);
    assert_eq!(search(&mut session, filter("survey.score<20")), ["A02"]);
    assert_eq!(search(&mut session, filter("survey.group!=x")).len(), 2);
    // Stored attributes compare too; `=` keeps going through the index.
    assert_eq!(search(&mut session, filter("age>12")), ["A01", "T01"]);
    let both = Filters { where_: vec![AttrFilter::parse("type=child").unwrap(), AttrFilter::parse("survey.score<=7").unwrap()], ..Default::default() };
    assert_eq!(search(&mut session, both), ["A02"]);
    assert_eq!(session.informants(&filter("survey.wave=2")).unwrap().iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["A02"]);
    // The project summary lists the survey values for the filter builder, numbers in order.
    let summary = session.summary().unwrap();
    let score = summary.attributes.iter().find(|a| a.key == "survey.score").unwrap();
    assert_eq!((score.kind, score.values.clone()), (braid_core::AttrKind::Integer, vec!["7".to_string(), "21".to_string()]));
    for (bad, says) in [
        ("survey.score>=high", "`survey.score` is a number, and `high` is not"),
        ("type>3", "`type` is text, so it takes = or != only"),
        ("survey.nope>1", "no attribute `survey.nope`"),
    ] {
        let err = session.search(&SearchRequest { filters: filter(bad), ..Default::default() }, &NoProgress).unwrap_err();
        assert_eq!(err.code(), ErrorCode::BadRequest);
        assert!(err.to_string().contains(says), "{bad}: {err}");
    }
    assert!(AttrFilter::parse("score>=").is_err());
}

#[test]
fn codes_become_variables_computed_from_the_codings() {
    let (_dir, mut project) = with_survey(SURVEY);
    let err = add_code_variables(&mut project, "survey", &["Missing".to_string()], CodeMeasure::Presence, "t").unwrap_err();
    assert!(err.to_string().contains("is not linked to the informants; link it first"), "{err}");
    link_dataset(&mut project, "survey", "respondent_id", None, "t").unwrap();
    braid_core::add_code(&mut project, &braid_core::NewCode { name: "Missing".into(), ..Default::default() }, "t").unwrap();
    let doc = project.document("A01").unwrap();
    let turns: Vec<_> = doc.segments.iter().filter(|s| s.role == braid_core::Role::Respondent).collect();
    let at = |needle: &str| doc.text.chars().collect::<String>().find(needle).map(|b| doc.text[..b].chars().count()).unwrap();
    let code = |project: &mut Project, start: usize, end: usize, coder: &str| {
        add_coding(project, &NewCoding { document: "A01".into(), start, end, code: "Missing".into(), coder: coder.into(), memo: None }, "t").unwrap()
    };
    // The whole first answer, by two coders (one passage), and "I miss my mom" in the second.
    code(&mut project, turns[0].start, turns[0].end, "a");
    code(&mut project, turns[0].start, turns[0].end, "b");
    let mom = at("I don't tell them I miss my mom") + "I don't tell them ".chars().count();
    let last = code(&mut project, mom, mom + "I miss my mom".chars().count(), "a");
    for measure in [CodeMeasure::Presence, CodeMeasure::Count, CodeMeasure::Share] {
        add_code_variables(&mut project, "survey", &["Missing".to_string()], measure, "t").unwrap();
    }
    assert_eq!(code_variables(&project, Some("survey")).unwrap().iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["missing", "missing_count", "missing_share"]);
    let (data, info) = load_dataset(&project, "survey").unwrap();
    assert_eq!(info.summary.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>()[4..], ["missing", "missing_count", "missing_share"]);
    // Row 2 is A01, row 4 A02 (no coding), the others are not interviewed (missing).
    let column = |name: &str| (0..6).map(|r| data.number(name, r)).collect::<Vec<_>>();
    assert_eq!(column("missing"), [None, Some(1.0), None, Some(0.0), None, None]);
    assert_eq!(column("missing_count"), [None, Some(2.0), None, Some(0.0), None, None]);
    // A01's answers: 17 words, then 10 + 15 ("don't" is two); coded: the first answer and 4 words.
    let share = data.number("missing_share", 1).unwrap();
    assert!((share - 21.0 / 42.0).abs() < 1e-12, "{share}");
    // The same code twice with one measure is one variable; a name taken by a column is refused.
    add_code_variables(&mut project, "survey", &["Missing".to_string()], CodeMeasure::Presence, "t").unwrap();
    assert_eq!(code_variables(&project, None).unwrap().len(), 3);
    braid_core::add_code(&mut project, &braid_core::NewCode { name: "Score".into(), ..Default::default() }, "t").unwrap();
    let err = add_code_variables(&mut project, "survey", &["Score".to_string()], CodeMeasure::Presence, "t").unwrap_err();
    assert!(err.to_string().contains("already has a column `score`"), "{err}");
    // Removing a coding changes the values the next load computes.
    remove_coding(&mut project, &last.uuid, "t").unwrap();
    assert_eq!(load_dataset(&project, "survey").unwrap().0.number("missing_count", 1), Some(1.0));
    undo(&mut project, "t").unwrap();
    assert_eq!(load_dataset(&project, "survey").unwrap().0.number("missing_count", 1), Some(2.0));
}

#[test]
fn the_demo_links_its_children_keeps_the_paper_sample_and_picks_cases() {
    let (_dir, mut project) = demo();
    let all = models(&project).unwrap();
    let t4 = all.iter().find(|m| m.name == "Table 4 model 1").unwrap();
    assert_eq!((t4.fit["n"].as_u64(), t4.stale), (Some(605), false));
    assert_eq!(t4.fit["subset"], serde_json::json!(["sample=questionnaire"]));
    let links = dataset_links(&project).unwrap();
    assert_eq!((links[0].matched, links[0].unmatched.len()), (18, 23));

    // The worst-explained interviewed child, and 0602 among the low-belonging mother-away children.
    let worst = pick_cases(&project, &CaseRequest { model: "Table 4 model 1".into(), top: 3, interviewed: true, ..Default::default() }).unwrap();
    assert_eq!(worst.considered, 18);
    let first = &worst.cases[0];
    assert_eq!((first.extreme, first.rank, first.informant.as_deref(), first.document.as_deref()), (braid_core::Extreme::High, 1, Some("0403"), Some("0403")));
    assert!(!first.in_sample && first.residual.unwrap() > 7.0, "{first:?}");
    assert!(worst.cases.iter().filter(|c| c.extreme == braid_core::Extreme::Low).all(|c| c.residual.unwrap() < 0.0));
    let by_belonging = pick_cases(&project, &CaseRequest { model: "Table 4 model 1".into(), by: CaseOrder::Moderator, top: 40, ..Default::default() }).unwrap();
    assert_eq!((by_belonging.moderator.as_deref(), by_belonging.conditions.clone()), (Some("belonging"), vec!["migration=mother".to_string()]));
    assert!(by_belonging.cases.iter().any(|c| c.informant.as_deref() == Some("0602")));
    assert!(by_belonging.cases.iter().all(|c| c.values.iter().any(|v| v.column == "migration" && v.value == "mother")));

    // The case-ordered display: 0602 first, with her depression and her quotes.
    let request = CaseDisplayRequest {
        dataset: "survey".into(),
        sort_by: "depression".into(),
        model: Some("Table 4 model 1".into()),
        scores: vec!["depression".into(), "peer_satisfaction".into()],
        codes: vec!["Peer support/Selective sharing".into()],
        ..Default::default()
    };
    let display = project_case_display(&project, &request).unwrap();
    assert_eq!(display.rows.len(), 18);
    let top = &display.rows[0];
    assert_eq!((top.informant.as_str(), top.scores.clone()), ("0602", vec!["24".to_string(), "2".to_string()]));
    assert!(top.quotes[0].as_ref().is_some_and(|q| q.document == "0602" && !q.text.is_empty()));
    assert!(display.rows.windows(2).all(|w| w[0].scores[0].parse::<f64>().unwrap() >= w[1].scores[0].parse::<f64>().unwrap()));
    for format in [DisplayFormat::Html, DisplayFormat::Markdown, DisplayFormat::Csv, DisplayFormat::Latex, DisplayFormat::Docx, DisplayFormat::Xlsx] {
        let bytes = export_display(&project, &DisplayRequest::Cases { request: request.clone() }, format, "Cases").unwrap();
        assert!(bytes.len() > 500, "{format:?}");
        if matches!(format, DisplayFormat::Html | DisplayFormat::Markdown | DisplayFormat::Csv | DisplayFormat::Latex) {
            let text = String::from_utf8(bytes).unwrap();
            assert!(text.contains("0602") && text.contains("depression"), "{format:?}");
        }
    }
    let csv = String::from_utf8(export_display(&project, &DisplayRequest::Cases { request: request.clone() }, DisplayFormat::Csv, "Cases").unwrap()).unwrap();
    assert!(csv.starts_with("informant,row,depression,peer_satisfaction,residual,codes,quote: Peer support/Selective sharing\n0602,940,24,2,0.25,"), "{csv}");

    // Codes as variables on the demo: a model with one goes stale when its codings change.
    add_code_variables(&mut project, "survey", &["Peer support/Peer distraction".to_string()], CodeMeasure::Presence, "t").unwrap();
    let saved = save_model(&mut project, "Distraction", "survey", "depression ~ migration + peer_distraction", &Default::default(), "t").unwrap();
    assert_eq!((saved.fit["n"].as_u64(), saved.stale), (Some(18), false));
    let coding = braid_core::codings(&project, Some("0602")).unwrap().into_iter().find(|c| c.code == "Peer support/Peer distraction").unwrap();
    remove_coding(&mut project, &coding.uuid, "t").unwrap();
    let after = models(&project).unwrap().into_iter().find(|m| m.name == "Distraction").unwrap();
    assert!(after.stale && after.stale_reason.contains("codings behind its code variables changed"), "{after:?}");
    // The paper's models read no code variable and stay fresh.
    assert!(!models(&project).unwrap().iter().find(|m| m.name == "Table 4 model 1").unwrap().stale);
    undo(&mut project, "t").unwrap();
    assert!(!models(&project).unwrap().into_iter().find(|m| m.name == "Distraction").unwrap().stale);
}
