//! Issue #10: no query, width, limit or context crashes a search, a concordance or a retrieval;
//! Markdown exports render no markup out of the text.

use braid_core::{
    ErrorCode, Filters, KwicRequest, KwicSort, NoProgress, RetrievalRequest, SearchIndex, SearchRequest, SegmentFormat, Session,
};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

use crate::mini_project;

fn search(index: &SearchIndex, query: &str) -> braid_core::Result<braid_core::SearchResponse> {
    index.search(&SearchRequest { query: query.to_string(), ..Default::default() })
}

fn refusal(index: &SearchIndex, query: &str) -> String {
    let e = search(index, query).expect_err(query);
    assert_eq!(e.code(), ErrorCode::BadRequest, "{e}");
    e.to_string()
}

#[test]
fn a_query_nested_past_the_limit_is_a_bad_request_naming_the_limit() {
    let (_dir, project) = mini_project();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    let deep = |n: usize| format!("{}mom{}", "(".repeat(n), ")".repeat(n));
    // The query of the issue: 20,000 groups deep aborted the process.
    let message = refusal(&index, &deep(20_000));
    assert_eq!(message, "the query nests groups or NOTs deeper than 256 levels (the limit); remove some parentheses");
    // NOT nests like a group.
    assert!(refusal(&index, &format!("{}mom", "NOT ".repeat(20_000))).contains("256 levels (the limit)"));
    assert!(refusal(&index, &format!("{}mom", "NOT (".repeat(200))).contains("256 levels (the limit)"));
    refusal(&index, &deep(257));
    // At the limit the query runs, on a test thread's small stack, and means what it says.
    let flat = search(&index, "mom").unwrap();
    let nested = search(&index, &deep(256)).unwrap();
    assert_eq!((nested.total, nested.hits.len()), (flat.total, flat.hits.len()));
    assert!(search(&index, &format!("{}mom", "NOT ".repeat(255))).is_ok());
    // Groups that close before the next opens do not add up.
    assert!(search(&index, &"(mom) ".repeat(300)).is_ok());
}

#[test]
fn parentheses_inside_phrases_do_not_count_but_quotes_cannot_hide_groups() {
    let (_dir, project) = mini_project();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    let r = search(&index, &format!("\"{} mom\"", "(".repeat(1000))).unwrap();
    assert_eq!(r.total, 3);
    // Escaped quotes do not end a phrase, nor open one.
    assert!(search(&index, &format!("\"\\\" {} mom\"", "(".repeat(1000))).is_ok());
    refusal(&index, &format!("mom\\\" {}mom", "(".repeat(5000)));
    // A quote that tantivy would read as part of a range bound (not a phrase) must not make the
    // groups after it look quoted: such constructs are refused before they are parsed.
    let groups = format!("{}mom{}", "(".repeat(5000), ")".repeat(5000));
    for hidden in [format!("[a TO b'] {groups} '"), format!(">'b {groups} '"), format!("/ \"/ {groups} \""), format!("IN ['a] {groups} '")] {
        let message = refusal(&index, &hidden);
        assert!(message.contains("not supported") || message.contains("(the limit)"), "{message}");
    }
    // A slash inside a word is a character, not a regex.
    assert!(search(&index, "mom/dad").is_ok());
    assert!(refusal(&index, "/mo.*/").contains("`/` opens a range, set or regex, which are not supported"));
}

#[test]
fn a_query_longer_than_the_limit_is_refused() {
    let (_dir, project) = mini_project();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    let long = "mom ".repeat(2_501);
    assert_eq!(
        refusal(&index, &long),
        "the query has 10004 characters, more than 10000 (the limit); search for fewer words at once"
    );
    assert!(search(&index, &"mom ".repeat(2_500)).is_ok());
}

#[test]
fn the_largest_limit_width_and_context_saturate() {
    let (_dir, project) = mini_project();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    let r = index.search(&SearchRequest { query: "mom".into(), limit: usize::MAX, ..Default::default() }).unwrap();
    assert_eq!((r.total, r.hits.len()), (3, 3));
    let all = index.search(&SearchRequest { query: String::new(), limit: usize::MAX, ..Default::default() }).unwrap();
    assert_eq!(all.total as usize, all.hits.len());
    let m = [braid_core::Span { start: 10, end: 13 }];
    assert_eq!(braid_core::snippet("I miss my mom", &m, usize::MAX), "I miss my <mark>mom</mark>");
    drop(index);

    let (dir, mut project) = mini_project();
    braid_core::import_codebook(&mut project, "codes:\n  - name: Family\n", "b.yaml", "t").unwrap();
    let new = braid_core::NewCoding { document: "A01".into(), start: 38, end: 51, code: "Family".into(), coder: "ann".into(), memo: None };
    braid_core::add_coding(&mut project, &new, "t").unwrap();
    let wide = braid_core::retrieve(&project, &RetrievalRequest { any: vec!["Family".into()], context: usize::MAX, ..Default::default() }).unwrap();
    let text = project.document("A01").unwrap().text;
    let chars: Vec<char> = text.chars().collect();
    assert_eq!(wide[0].before.chars().count() + wide[0].text.chars().count() + wide[0].after.chars().count(), chars.len());

    let path = project.path().to_path_buf();
    drop(project);
    let mut session = Session::open(&path).unwrap();
    let request = KwicRequest {
        search: SearchRequest { query: "mom".into(), limit: usize::MAX, ..Default::default() },
        width: usize::MAX,
        sort: KwicSort::Left,
    };
    let k = session.kwic(&request, &NoProgress).unwrap();
    assert_eq!((k.lines.len(), k.truncated), (3, false));
    // The widest context is the whole turn.
    let first = k.lines.iter().find(|l| l.start == 48).unwrap();
    assert_eq!(first.left, "School is fine. I miss my ");
    assert_eq!(first.right, ", she works in Seoul. 我想妈妈 😀 every night.");
    drop(dir);
}

#[test]
fn arbitrary_queries_never_panic_and_refusals_are_bad_requests() {
    let (_dir, project) = mini_project();
    let index = SearchIndex::open(&project, &NoProgress).unwrap();
    let check = |query: String| {
        let request = SearchRequest { query: query.clone(), filters: Filters::default(), limit: 5, counts: vec![], semantic: false };
        if let Err(e) = index.search(&request) {
            prop_assert_eq!(e.code(), ErrorCode::BadRequest, "query {:?}: {}", query, e);
        }
        Ok(())
    };
    // Any text at all, then text made of the grammar's own characters and words.
    let mut runner = TestRunner::new(Config { cases: 256, ..Config::default() });
    runner.run(&any::<String>(), check).unwrap();
    let grammar = r#"[a-z()"'\\~*^:+\-!\[\]{}<>/|& 0-9.]{0,60}|(mom|NOT|AND|OR|text:|"|'|\(|\)|~2|\^3|\*| )+"#;
    let mut runner = TestRunner::new(Config { cases: 256, ..Config::default() });
    runner.run(&grammar, check).unwrap();
    // Deep and long: thousands of groups, NOTs, signs and quotes in any order must end in a
    // result or a refusal, never a stack overflow.
    let piece = prop_oneof![Just("("), Just(")"), Just("NOT "), Just("-"), Just("+"), Just("\""), Just(" "), Just("mom"), Just("text:(")];
    let deep = proptest::collection::vec(piece, 0..4000).prop_map(|v| v.concat());
    let mut runner = TestRunner::new(Config { cases: 64, ..Config::default() });
    runner.run(&deep, check).unwrap();
}

#[test]
fn markdown_exports_render_no_markup_out_of_user_text() {
    let (_dir, mut project) = mini_project();
    braid_core::import_codebook(&mut project, "codes:\n  - name: \"**Bold** | <i>x\"\n", "b.yaml", "t").unwrap();
    let new = braid_core::NewCoding { document: "A01".into(), start: 38, end: 51, code: "**Bold** | <i>x".into(), coder: "[ann](http://x)".into(), memo: None };
    braid_core::add_coding(&mut project, &new, "t").unwrap();
    let r = braid_core::retrieve(&project, &RetrievalRequest { any: vec!["**Bold** | <i>x".into()], ..Default::default() }).unwrap();
    let md = braid_core::export_segments(&r, SegmentFormat::Markdown);
    assert!(md.contains("codes: \\*\\*Bold\\*\\* \\| \\<i\\>x; coded by \\[ann\\](http://x)"), "{md}");
}
