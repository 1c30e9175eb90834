//! Search: query syntax, structured filters, code-point match offsets, counts, staleness.

use braid_core::{AttrFilter, Filters, NoProgress, SearchIndex, SearchRequest, SpeakerFilter, slice_chars};

use crate::mini_project;

/// Run a search on the fixture study and render each hit as `doc role [matched text...]`.
fn check(query: &str, filters: &[&str], speaker: SpeakerFilter, expect: &[&str]) {
    let (_dir, project) = mini_project();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    let filters = Filters { where_: filters.iter().map(|f| AttrFilter::parse(f).unwrap()).collect(), speaker, ..Default::default() };
    let response = index.search(&SearchRequest { query: query.to_string(), filters, limit: 10, counts: vec![], semantic: false }).unwrap();
    let mut got: Vec<String> = response
        .hits
        .iter()
        .map(|h| {
            let text = project.document(&h.document).unwrap().text;
            let matched: Vec<&str> = h.matches.iter().map(|m| slice_chars(&text, m.start, m.end).unwrap()).collect();
            format!("{} {} {:?}", h.document, h.role.as_str(), matched)
        })
        .collect();
    got.sort();
    assert_eq!(got, expect, "query {query:?}");
    assert_eq!(response.total as usize, response.hits.len());
}

#[test]
fn query_syntax_and_match_offsets() {
    use SpeakerFilter::Any;
    check("mom", &[], Any, &[r#"A01 respondent ["mom"]"#, r#"A01 respondent ["mom"]"#, r#"A02 respondent ["mom"]"#]);
    check("\"miss my mom\"", &[], Any, &[r#"A01 respondent ["miss my mom"]"#, r#"A01 respondent ["miss my mom"]"#]);
    check("\"teacher strict\"~1", &[], Any, &[r#"A01 respondent ["teacher is strict"]"#]);
    check("afra*", &[], Any, &[r#"T01 respondent ["afraid"]"#]);
    check("techer~1", &[], Any, &[r#"A01 interviewer ["teacher"]"#, r#"A01 respondent ["teacher"]"#, r#"A02 interviewer ["teacher"]"#, r#"A02 respondent ["teacher"]"#]);
    check("teacher AND NOT strict", &[], Any, &[r#"A01 interviewer ["teacher"]"#, r#"A02 interviewer ["teacher"]"#, r#"A02 respondent ["teacher"]"#]);
    check("mom OR afraid", &[], Any, &[r#"A01 respondent ["mom"]"#, r#"A01 respondent ["mom"]"#, r#"A02 respondent ["mom"]"#, r#"T01 respondent ["afraid"]"#]);
    // Chinese is indexed character by character, so a word inside a run of characters is found
    // (a phrase of its characters). Offsets count code points: the emoji after it does not shift
    // the match.
    check("我想妈妈", &[], Any, &[r#"A01 respondent ["我想妈妈"]"#]);
    check("妈妈", &[], Any, &[r#"A01 respondent ["妈妈"]"#]);
    check("想妈", &[], Any, &[r#"A01 respondent ["想妈"]"#]);
    check("妈妈 AND night", &[], Any, &[r#"A01 respondent ["妈妈", "night"]"#]);
    check("爸爸", &[], Any, &[]);
    check("night", &[], Any, &[r#"A01 respondent ["night"]"#]);
}

#[test]
fn structured_filters() {
    use SpeakerFilter::{Any, Interviewer, Respondent};
    check("teacher", &["type=child"], Respondent, &[r#"A01 respondent ["teacher"]"#, r#"A02 respondent ["teacher"]"#]);
    check("teacher", &["type=child"], Interviewer, &[r#"A01 interviewer ["teacher"]"#, r#"A02 interviewer ["teacher"]"#]);
    check("teacher", &["migration=mother", "migration=none"], Respondent, &[r#"A01 respondent ["teacher"]"#, r#"A02 respondent ["teacher"]"#]);
    check("teacher", &["migration=mother", "school=South"], Any, &[]);
    check("teacher", &["school=NORTH"], Any, &[r#"A01 interviewer ["teacher"]"#, r#"A01 respondent ["teacher"]"#]);
    check("", &["school=north", "type=teacher"], Any, &["T01 interviewer []", "T01 respondent []"]);
}

#[test]
fn the_search_contract_shape() {
    let (_dir, project) = mini_project();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    let request = SearchRequest { query: "mom".into(), counts: vec!["type".into(), "migration".into()], ..Default::default() };
    let r = index.search(&request).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["query"], "mom");
    assert_eq!(json["total"], 3);
    assert_eq!(json["counts"], serde_json::json!({"type": {"child": 3}, "migration": {"mother": 2, "none": 1}}));
    let hit = &json["hits"][0];
    let keys: Vec<&str> = hit.as_object().unwrap().keys().map(String::as_str).collect();
    // The contract's fields, unchanged; `excerpt` (text plus match spans) and the turn's time in
    // the recording (`start_ms`, `end_ms`, null without one) were added beside them.
    assert_eq!(
        keys,
        ["attributes", "document", "end_ms", "excerpt", "informant", "matches", "role", "score", "segment", "snippet", "speaker", "start_ms"]
    );
    assert!(hit["start_ms"].is_null() && hit["end_ms"].is_null());
    assert!(r.hits.iter().any(|h| h.snippet.contains("<mark>mom</mark>")));
    assert_eq!(hit["excerpt"].as_object().unwrap().keys().map(String::as_str).collect::<Vec<_>>(), ["cut_after", "cut_before", "marks", "text"]);
    for h in &r.hits {
        assert_eq!(h.snippet, h.excerpt.html());
    }
}

#[test]
fn bad_requests_are_clear() {
    let (_dir, project) = mini_project();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    let err = |query: &str, filter: Option<&str>| {
        let filters = Filters { where_: filter.map(|f| vec![AttrFilter::parse(f).unwrap()]).unwrap_or_default(), ..Default::default() };
        index.search(&SearchRequest { query: query.into(), filters, ..Default::default() }).unwrap_err().to_string()
    };
    assert_eq!(err("mom", Some("colour=red")), "no attribute `colour`; the project has: age, migration, school, translated_from, type");
    assert_eq!(err("speaker:R", None), "field `speaker:` is not searchable; search the words, and use filters (--where, --speaker) for who said them");
    assert_eq!(AttrFilter::parse("type").unwrap_err().to_string(), "filter `type` needs the form key=value, e.g. type=child, or a comparison such as survey.depression>=20");
}

#[test]
fn a_stale_or_missing_index_is_rebuilt_from_the_store() {
    let (dir, mut project) = mini_project();
    let index_dir = braid_core::index_dir(project.path());
    std::fs::remove_dir_all(&index_dir).unwrap();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    assert_eq!(index.search(&SearchRequest { query: "basketball".into(), ..Default::default() }).unwrap().total, 1);
    drop(index);
    let extra = dir.path().join("B01.md");
    std::fs::write(&extra, "R: basketball again, and more basketball").unwrap();
    braid_core::import(&mut project, &[extra], &Default::default(), &NoProgress).unwrap();
    // Corrupt the cache: the generation check must still catch it, and a rebuild must fix it.
    std::fs::write(index_dir.join("braid-index.json"), "{}").unwrap();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    assert_eq!(index.search(&SearchRequest { query: "basketball".into(), ..Default::default() }).unwrap().total, 2);
}

#[test]
fn code_filters_keep_or_drop_coded_turns() {
    let (_dir, mut project) = mini_project();
    braid_core::import_codebook(&mut project, "codes:\n  - name: Family\n    children:\n      - name: Missing mother\n", "b.yaml", "t").unwrap();
    // Code the first "I miss my mom" in A01 (its first answer) with the sub-code.
    let new = braid_core::NewCoding { document: "A01".into(), start: 38, end: 51, code: "Family/Missing mother".into(), coder: "ann".into(), memo: None };
    braid_core::add_coding(&mut project, &new, "t").unwrap();
    let path = project.path().to_path_buf();
    drop(project);
    let mut session = braid_core::Session::open(&path).unwrap();
    let mut run = |codes: &[&str], not: &[&str]| {
        let filters = Filters { codes: codes.iter().map(|c| c.to_string()).collect(), not_codes: not.iter().map(|c| c.to_string()).collect(), ..Default::default() };
        let r = session.search(&SearchRequest { query: "mom".into(), filters, ..Default::default() }, &NoProgress).unwrap();
        r.hits.iter().map(|h| format!("{}@{}", h.document, h.segment.start)).collect::<Vec<_>>()
    };
    assert_eq!(run(&["Family"], &[]), ["A01@22"]);
    assert_eq!(run(&["Family/Missing mother"], &[]), ["A01@22"]);
    let mut rest = run(&[], &["Family"]);
    rest.sort();
    assert_eq!(rest, ["A01@127", "A02@35"]);
    let err = session
        .search(&SearchRequest { query: "mom".into(), filters: Filters { codes: vec!["Nope".into()], ..Default::default() }, ..Default::default() }, &NoProgress)
        .unwrap_err()
        .to_string();
    assert_eq!(err, "no code `Nope` in this project");
}
