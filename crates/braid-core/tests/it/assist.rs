//! The local assist on the demo study: similar passages, code suggestions (with the
//! leave-one-document-out evaluation), hybrid search, and the cache. Needs the model
//! (scripts/fetch-model, which scripts/setup runs); embedding the demo takes about a minute in a
//! debug build, so one test does it once.

use braid_core::{AttrFilter, DemoOptions, ErrorCode, Filters, ImportOptions, NoProgress, SearchRequest, Session, SimilarRequest, SpeakerFilter, build_demo};

#[test]
fn the_assist_finds_passages_like_a_quote_and_suggests_codes_that_beat_the_baseline() {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let path = std::path::PathBuf::from(&report.project);
    let mut session = Session::open(&path).unwrap();
    let doc = session.document("0602").unwrap();
    let quote = "I don't tell my friends how much I miss my mom";
    let at = doc.text.find(quote).unwrap();
    let start = doc.text[..at].chars().count();
    let end = start + quote.chars().count();

    // Similar passages: another child who keeps it from friends (0605) among the first five;
    // never the passage's own turn.
    let request = SimilarRequest { document: "0602".into(), start, end, filters: Filters::default(), limit: 10 };
    let hits = session.similar(&request, &NoProgress).unwrap();
    let first: Vec<&str> = hits.iter().take(5).map(|h| h.document.as_str()).collect();
    assert!(first.contains(&"0605"), "{first:?}");
    assert!(!hits.iter().any(|h| h.document == "0602" && h.segment.start <= start && end <= h.segment.end), "the passage's own turn came back");
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(hits.iter().all(|h| h.role == braid_core::Role::Respondent && h.matches.is_empty()));
    // Filters apply: teachers only.
    let teachers = SimilarRequest { filters: Filters { where_: vec![AttrFilter::parse("type=teacher").unwrap()], ..Default::default() }, ..request.clone() };
    let hits = session.similar(&teachers, &NoProgress).unwrap();
    assert!(!hits.is_empty() && hits.iter().all(|h| h.attributes.get("type").map(|v| v.canonical()).as_deref() == Some("teacher")));
    let interviewer = SimilarRequest { filters: Filters { speaker: SpeakerFilter::Interviewer, ..Default::default() }, ..request.clone() };
    assert_eq!(session.similar(&interviewer, &NoProgress).unwrap_err().code(), ErrorCode::BadRequest);
    let outside = SimilarRequest { end: 10_000_000, ..request.clone() };
    assert_eq!(session.similar(&outside, &NoProgress).unwrap_err().code(), ErrorCode::BadRequest);

    // Code suggestions: the passage's own codings do not vote; each comes with two codings.
    let suggestions = session.suggest("0602", start, end, 3, &NoProgress).unwrap();
    assert_eq!(suggestions[0].code, "Peer support/Selective sharing", "{suggestions:?}");
    assert!(suggestions.len() <= 3 && suggestions.iter().all(|s| !s.evidence.is_empty() && s.evidence.len() <= 2));
    assert!(suggestions.iter().flat_map(|s| &s.evidence).all(|e| !(e.document == "0602" && e.start < end && start < e.end)));

    // Leave one document out, for coder-a's codings: measured top-1 51.7%, top-3 70.5%, against
    // 5.7% and 17.2% for the most frequent codes. The floors leave room for rounding only.
    let e = session.evaluate_suggestions("coder-a", &NoProgress).unwrap();
    assert!(e.codings > 400, "{e:?}");
    assert!(e.top1 >= 0.50 && e.top3 >= 0.68, "{e:?}");
    assert!(e.top1 > 5.0 * e.baseline_top1 && e.top3 > 3.0 * e.baseline_top3, "{e:?}");

    // Hybrid search: the keyword hit stays, turns found by meaning join it, filters apply to both.
    let hybrid = |session: &mut Session, filters: Filters| {
        session.search(&SearchRequest { query: "I keep it to myself".into(), filters, limit: 10, semantic: true, ..Default::default() }, &NoProgress).unwrap()
    };
    let r = hybrid(&mut session, Filters::default());
    assert!(r.hits.len() == 10 && r.hits.iter().any(|h| h.matches.is_empty()), "{:?}", r.hits.iter().map(|h| &h.document).collect::<Vec<_>>());
    let only_children = hybrid(&mut session, Filters { where_: vec![AttrFilter::parse("type=child").unwrap()], ..Default::default() });
    assert!(only_children.hits.iter().all(|h| h.attributes.get("type").map(|v| v.canonical()).as_deref() == Some("child")));
    let empty = session.search(&SearchRequest { query: " ".into(), semantic: true, ..Default::default() }, &NoProgress).unwrap_err();
    assert_eq!(empty.code(), ErrorCode::BadRequest);

    // The cache: a new document is embedded alone; a deleted cache is rebuilt.
    let cache = braid_core::assist_cache_path(&path);
    let windows = |p: &std::path::Path| rusqlite::Connection::open(p).unwrap().query_row("SELECT count(*) FROM turns", [], |r| r.get::<_, i64>(0)).unwrap();
    let before = windows(&cache);
    let file = dir.path().join("9001.md");
    std::fs::write(&file, "I: Who do you talk to?\n\nR: I don't tell my friends how much I miss my mum. It is embarrassing.\n").unwrap();
    session.import(&[file], &ImportOptions::default(), &NoProgress).unwrap();
    let hits = session.similar(&request, &NoProgress).unwrap();
    assert_eq!(windows(&cache), before + 1);
    assert!(hits.iter().take(3).any(|h| h.document == "9001"), "{:?}", hits.iter().map(|h| &h.document).collect::<Vec<_>>());
    drop(session);
    std::fs::remove_file(&cache).unwrap();
    let status = braid_core::assist_status(&braid_core::Project::open(&path).unwrap()).unwrap();
    assert!(status.available && status.windows == 0 && status.message.contains("expects English"));
}
