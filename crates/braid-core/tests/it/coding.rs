//! The codebook, excerpt codings, and intercoder agreement on the demo study.

use braid_core::{DemoOptions, NoProgress, Project, agreement, build_demo, codebook, codings, import_codebook, import_excerpt_codings};

use crate::mini_project;

fn demo() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let report = build_demo(&DemoOptions { out: dir.path().to_path_buf(), corpus: None }, &NoProgress).unwrap();
    let project = Project::open(std::path::Path::new(&report.project)).unwrap();
    (dir, project)
}

/// Reference values from an independent implementation on the same units: a Python script
/// that re-resolves `corpus/codings/*.csv` against the stored turns and scores each
/// turn × code with scikit-learn 1.9.1 `cohen_kappa_score` and krippendorff 0.9.0
/// `alpha(level_of_measurement="nominal")`.
#[test]
fn demo_agreement_matches_scikit_learn_and_krippendorff() {
    let (_dir, project) = demo();
    let r = agreement(&project, "coder-a", "coder-b").unwrap();
    let close = |x: Option<f64>, y: f64| (x.unwrap() - y).abs() < 1e-9;
    assert!(close(r.overall.kappa, 0.752602467940), "{:?}", r.overall.kappa);
    assert!(close(r.overall.alpha, 0.752604005435), "{:?}", r.overall.alpha);
    let row = |c: &str| r.codes.iter().find(|x| x.code == c).unwrap();
    let pd = row("Peer support/Peer distraction");
    assert!(close(pd.kappa, 0.519887296676) && close(pd.alpha, 0.519646085054));
    let ta = row("Teacher–student relationship/Teacher authority");
    assert!(close(ta.kappa, 0.755829695530) && close(ta.alpha, 0.755864555703));
    assert_eq!((r.turns, r.overall.a, r.overall.b, r.disagreements.len()), (2525, 458, 449, 223));
}

#[test]
fn demo_codebook_is_a_tree_with_counts() {
    let (_dir, project) = demo();
    let codes = codebook(&project).unwrap();
    assert_eq!(codes.len(), 29);
    let pd = codes.iter().find(|c| c.path == "Peer support/Peer distraction").unwrap();
    assert_eq!((pd.depth, pd.uuid.as_str(), pd.colour.as_str()), (1, "48f71261-facf-5548-9afe-ec6080df2685", "#17becf"));
    assert!(pd.codings > 0);
    assert!(codes.iter().any(|c| c.path == "Teacher–student relationship/Teacher authority"));
}

fn codebook_error(yaml: &str) -> String {
    let (_dir, mut project) = mini_project();
    import_codebook(&mut project, yaml, "book.yaml", "t").map(|r| format!("ok {} {}", r.added, r.updated)).unwrap_or_else(|e| e.to_string())
}

#[test]
fn codebook_import_checks_its_input() {
    assert_eq!(codebook_error("codes:\n  - name: A\n    children:\n      - name: B\n"), "ok 2 0");
    assert_eq!(codebook_error("codes:\n  - name: A/B\n"), "book.yaml:2: codes[0].name: `A/B` cannot name a code: a name must be non-empty and must not contain `/`");
    assert_eq!(codebook_error("codes:\n  - name: A\n    colour: red\n"), "book.yaml:3: codes[0].colour: colour `red` is not of the form #rrggbb");
    assert_eq!(codebook_error("codes:\n  - name: A\n  - name: A\n"), "book.yaml: field `A`: two codes are named `A` at the top level; rename one, or join them into one entry");
    assert!(codebook_error("codes:\n  - name: A\n    colr: \"#000000\"\n").starts_with("book.yaml:3: codes[0]: unknown field `colr`"));
}

#[test]
fn codings_import_is_all_or_nothing() {
    let (_dir, mut project) = mini_project();
    import_codebook(&mut project, "codes:\n  - name: Family\n    children:\n      - name: Missing mother\n", "book.yaml", "t").unwrap();
    let csv = "document,code,excerpt,occurrence\nA01,Family/Missing mother,I miss my mom,1\nA01,Family/Missing father,I miss my mom,2\n";
    let err = import_excerpt_codings(&mut project, csv, "c.csv", "ann", "t").unwrap_err().to_string();
    assert_eq!(err, "c.csv:3: field `code`: no code `Family/Missing father` in the codebook; import the codebook first, or fix the path");
    assert_eq!(codebook(&project).unwrap()[1].codings, 0);
    let csv = "document,code,excerpt,occurrence\nA01,Family/Missing mother,I miss my mom,1\nA01,Family/Missing mother,I miss my mom,1\n";
    let r = import_excerpt_codings(&mut project, csv, "c.csv", "ann", "t").unwrap();
    assert_eq!((r.added, r.duplicates), (1, 1));
}

#[test]
fn an_older_schema_is_migrated_forward() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.braid");
    Project::create_at_schema(&path, 1).unwrap();
    let mut project = Project::open(&path).unwrap();
    braid_core::import(&mut project, &[crate::mini().join("A01.md")], &Default::default(), &NoProgress).unwrap();
    assert!(codebook(&project).unwrap().is_empty());
    let conn = rusqlite::Connection::open(&path).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, braid_core::SCHEMA_VERSION);
}

mod operations {
    use braid_core::{InVivoCoding, NewCoding, Project, add_coding, code_in_vivo, codebook, codings, import_codebook, redo, remove_coding, undo};

    use crate::mini_project;

    fn with_codebook() -> (tempfile::TempDir, Project) {
        let (dir, mut project) = mini_project();
        import_codebook(&mut project, "codes:\n  - name: Family\n    children:\n      - name: Missing mother\n", "book.yaml", "t").unwrap();
        (dir, project)
    }

    fn new(start: usize, end: usize, code: &str) -> NewCoding {
        NewCoding { document: "A01".into(), start, end, code: code.into(), coder: "ann".into(), memo: None }
    }

    /// The state the tests compare: every coding as `doc [start,end) code coder: text`, and the code paths.
    fn state(p: &Project) -> String {
        let c: Vec<String> = codings(p, None).unwrap().iter().map(|c| format!("{} [{},{}) {} {}: {}", c.document, c.start, c.end, c.code, c.coder, c.text)).collect();
        let k: Vec<String> = codebook(p).unwrap().iter().map(|c| c.path.clone()).collect();
        format!("{}\n{}", c.join("\n"), k.join(" | "))
    }

    #[test]
    fn code_validates_its_span_code_and_duplicates() {
        let (_dir, mut p) = with_codebook();
        // "I miss my mom" in A01's first answer: after "I: How is school?\n\nR: School is fine. "
        let c = add_coding(&mut p, &new(38, 51, "Family/Missing mother"), "t").unwrap();
        assert_eq!(c.text, "I miss my mom");
        let mut err = |n: NewCoding| add_coding(&mut p, &n, "t").unwrap_err().to_string();
        assert_eq!(err(new(38, 51, "Family/Missing mother")), "ann already coded [38, 51) of `A01` with `Family/Missing mother`");
        assert_eq!(err(new(40, 40, "Family")), "the span [40, 40) is empty; select some text");
        assert_eq!(err(new(40, 9999, "Family")), "the span [40, 9999) is outside document `A01`, which has 239 characters");
        assert_eq!(err(new(1, 2, "Nope")), "no code `Nope` in this project");
        assert_eq!(err(NewCoding { document: "Z".into(), ..new(1, 2, "Family") }), "no document `Z` in this project");
        // Overlap and nesting are allowed, and another coder may code the same span.
        add_coding(&mut p, &new(38, 80, "Family"), "t").unwrap();
        add_coding(&mut p, &NewCoding { coder: "bo".into(), ..new(38, 51, "Family/Missing mother") }, "t").unwrap();
        assert_eq!(codings(&p, Some("A01")).unwrap().len(), 3);
    }

    #[test]
    fn every_action_undoes_and_redoes_and_survives_reopening() {
        let (dir, mut p) = with_codebook();
        let s0 = state(&p);
        let c = add_coding(&mut p, &new(38, 51, "Family/Missing mother"), "t").unwrap();
        let s1 = state(&p);
        code_in_vivo(&mut p, &InVivoCoding { document: "A01".into(), start: 38, end: 51, parent: Some("Family".into()), coder: "ann".into() }, "t").unwrap();
        let s2 = state(&p);
        assert!(s2.ends_with("Family | Family/Missing mother | Family/I miss my mom"), "{s2}");
        remove_coding(&mut p, &c.uuid, "t").unwrap();
        let s3 = state(&p);

        // Reopen the file between steps: history lives in the project.
        let path = p.path().to_path_buf();
        drop(p);
        let mut p = Project::open(&path).unwrap();
        assert_eq!(undo(&mut p, "t").unwrap().unwrap().action, "uncode");
        assert_eq!(state(&p), s2);
        assert_eq!(undo(&mut p, "t").unwrap().unwrap().action, "code.in_vivo");
        assert_eq!(state(&p), s1);
        assert_eq!(undo(&mut p, "t").unwrap().unwrap().action, "code");
        assert_eq!(state(&p), s0);
        assert_eq!(undo(&mut p, "t").unwrap().unwrap().action, "codebook.import");
        assert_eq!(state(&p), "\n");
        assert_eq!(undo(&mut p, "t").unwrap(), None);
        for expect in [&s0, &s1, &s2, &s3] {
            redo(&mut p, "t").unwrap().unwrap();
            assert_eq!(&state(&p), expect);
        }
        assert_eq!(redo(&mut p, "t").unwrap(), None);

        // A new action after an undo ends the redo chain.
        undo(&mut p, "t").unwrap();
        add_coding(&mut p, &new(0, 5, "Family"), "t").unwrap();
        assert_eq!(redo(&mut p, "t").unwrap(), None);
        let log: Vec<String> = p.events().unwrap().iter().map(|e| e.action.clone()).collect();
        assert_eq!(log.iter().filter(|a| *a == "undo").count(), 5);
        drop(dir);
    }

    #[test]
    fn in_vivo_names_the_code_after_the_words() {
        let (_dir, mut p) = with_codebook();
        let c = code_in_vivo(&mut p, &InVivoCoding { document: "A01".into(), start: 38, end: 52, parent: None, coder: "ann".into() }, "t").unwrap();
        assert_eq!((c.code.as_str(), c.text.as_str()), ("I miss my mom", "I miss my mom,"));
        let err = code_in_vivo(&mut p, &InVivoCoding { document: "A01".into(), start: 51, end: 52, parent: None, coder: "ann".into() }, "t").unwrap_err().to_string();
        assert_eq!(err, "the selection has no words to name a code after");
    }
}

mod retrieval_and_matrices {
    use braid_core::{
        AttrFilter, CountUnit, Cooccurrence, Filters, NewCoding, Project, RetrievalRequest, SegmentFormat, add_coding, cooccurrence, crosstab,
        export_segments, import_codebook, presence, retrieve,
    };

    use crate::mini_project;

    /// The fixture study with a small codebook and codings by two coders.
    fn coded() -> (tempfile::TempDir, Project) {
        let (dir, mut p) = mini_project();
        import_codebook(&mut p, "codes:\n  - name: Family\n    children:\n      - name: Mother\n  - name: Teacher\n", "b.yaml", "t").unwrap();
        let mut code = |doc: &str, start, end, code: &str, coder: &str| {
            let n = NewCoding { document: doc.into(), start, end, code: code.into(), coder: coder.into(), memo: None };
            add_coding(&mut p, &n, "t").unwrap();
        };
        code("A01", 38, 51, "Family/Mother", "ann"); // "I miss my mom"
        code("A01", 22, 92, "Family", "bo"); // the whole first answer
        code("A01", 127, 175, "Teacher", "ann"); // "No. The teacher is strict, I feel scared of her."
        code("A01", 127, 238, "Family", "ann"); // the whole last answer
        code("T01", 46, 69, "Teacher", "ann");
        (dir, p)
    }

    fn texts(r: &[braid_core::RetrievedSegment]) -> Vec<String> {
        r.iter().map(|s| format!("{}[{},{}) {}", s.document, s.start, s.end, s.codes.join("+"))).collect()
    }

    #[test]
    fn retrieve_by_or_and_not_attributes_and_coder() {
        let (_dir, p) = coded();
        let req = |any: &[&str], all: &[&str], not: &[&str]| RetrievalRequest {
            any: any.iter().map(|s| s.to_string()).collect(),
            all: all.iter().map(|s| s.to_string()).collect(),
            not: not.iter().map(|s| s.to_string()).collect(),
            context: 10,
            ..Default::default()
        };
        // OR: every coding of the codes (a parent includes its sub-codes).
        assert_eq!(texts(&retrieve(&p, &req(&["Family"], &[], &[])).unwrap()), ["A01[22,92) Family", "A01[38,51) Family/Mother", "A01[127,238) Family"]);
        // AND: only where the codings overlap, cut to the overlap.
        assert_eq!(texts(&retrieve(&p, &req(&[], &["Family", "Teacher"], &[])).unwrap()), ["A01[127,175) Family+Teacher"]);
        // NOT: drop what overlaps.
        assert_eq!(texts(&retrieve(&p, &req(&["Teacher"], &[], &["Family"])).unwrap()), ["T01[46,69) Teacher"]);
        // Attributes and coder.
        let mut r = req(&["Family", "Teacher"], &[], &[]);
        r.filters = Filters { where_: vec![AttrFilter::parse("type=teacher").unwrap()], ..Default::default() };
        assert_eq!(texts(&retrieve(&p, &r).unwrap()), ["T01[46,69) Teacher"]);
        let mut r = req(&["Family"], &[], &[]);
        r.coders = vec!["bo".into()];
        let got = retrieve(&p, &r).unwrap();
        assert_eq!(texts(&got), ["A01[22,92) Family"]);
        assert_eq!((got[0].before.as_str(), got[0].informant.as_deref()), ("hool?\n\nR: ", Some("A01")));
        assert_eq!(retrieve(&p, &req(&[], &[], &[])).unwrap_err().to_string(), "name at least one code to retrieve (any or all)");
    }

    #[test]
    fn exports_escape_and_carry_attributes() {
        let (_dir, p) = coded();
        let r = retrieve(&p, &RetrievalRequest { any: vec!["Teacher".into()], ..Default::default() }).unwrap();
        let csv = export_segments(&r, SegmentFormat::Csv);
        assert!(csv.starts_with("document,informant,start,end,codes,coders,text,age,migration,school,translated_from,type\n"), "{csv}");
        assert!(csv.contains("A01,A01,127,175,Teacher,ann,\"No. The teacher is strict, I feel scared of her.\",13,mother,North,Korean,child"), "{csv}");
        let html = export_segments(&r, SegmentFormat::Html);
        assert!(html.contains("<strong>No. The teacher is strict, I feel scared of her.</strong>"));
        let md = export_segments(&r, SegmentFormat::Markdown);
        assert!(md.starts_with("> No. The teacher is strict, I feel scared of her.\n\n— Informant A01 (13, mother, North, Korean, child)"), "{md}");
    }

    #[test]
    fn crosstab_counts_informants_with_shares_of_each_group() {
        let (_dir, p) = coded();
        let t = crosstab(&p, "type", CountUnit::Informants, &[]).unwrap();
        assert_eq!((t.columns.clone(), t.informants.clone()), (vec!["child".to_string(), "teacher".to_string()], vec![2, 1]));
        let row = |c: &str| t.rows.iter().find(|r| r.code == c).unwrap();
        let teacher = row("Teacher");
        assert_eq!(teacher.cells.iter().map(|c| (c.count, c.col_pct)).collect::<Vec<_>>(), [(1, 50.0), (1, 100.0)]);
        assert_eq!(teacher.cells.iter().map(|c| c.row_pct).collect::<Vec<_>>(), [50.0, 50.0]);
        assert_eq!(row("Family").total, 1);
        let t = crosstab(&p, "type", CountUnit::Codings, &["ann".to_string()]).unwrap();
        let family = t.rows.iter().find(|r| r.code == "Family").unwrap();
        assert_eq!(family.cells[0].count, 2); // Family + Family/Mother by ann, in A01
    }

    #[test]
    fn cooccurrence_and_presence() {
        let (_dir, p) = coded();
        let m = cooccurrence(&p, Cooccurrence::Overlap, &[]).unwrap();
        assert_eq!(m.codes, ["Family", "Family/Mother", "Teacher"]);
        assert_eq!(m.counts, [[2, 1, 1], [1, 1, 0], [1, 0, 2]]);
        let m = cooccurrence(&p, Cooccurrence::SameTurn, &[]).unwrap();
        assert_eq!(m.counts, [[2, 1, 1], [1, 1, 0], [1, 0, 2]]);
        let t = presence(&p, &[]).unwrap();
        assert_eq!(t.informants, ["A01", "A02", "T01"]);
        assert_eq!(t.values, [[1, 1, 1], [0, 0, 0], [0, 0, 1]]);
        assert_eq!(braid_core::presence_csv(&t), "id,Family,Family/Mother,Teacher\nA01,1,1,1\nA02,0,0,0\nT01,0,0,1\n");
    }
}

#[test]
fn autocode_previews_then_applies_as_one_undoable_action() {
    let (_dir, mut project) = mini_project();
    import_codebook(&mut project, "codes:\n  - name: Longing\n", "b.yaml", "t").unwrap();
    let path = project.path().to_path_buf();
    drop(project);
    let mut session = braid_core::Session::open(&path).unwrap();
    let request = |unit| braid_core::AutocodeRequest {
        search: braid_core::SearchRequest { query: "\"miss my mom\"".into(), ..Default::default() },
        code: "Longing".into(),
        coder: "ann".into(),
        unit,
    };
    let spans = |p: &braid_core::AutocodePreview| p.spans.iter().map(|s| format!("{}[{},{}) {}", s.document, s.start, s.end, s.text)).collect::<Vec<_>>();
    let preview = session.autocode_preview(&request(braid_core::AutocodeUnit::Sentence)).unwrap();
    assert_eq!(spans(&preview), ["A01[38,72) I miss my mom, she works in Seoul.", "A01[176,238) My friends make me laugh, but I don't tell them I miss my mom."]);
    let matches = session.autocode_preview(&request(braid_core::AutocodeUnit::Match)).unwrap();
    assert_eq!(spans(&matches), ["A01[40,51) miss my mom", "A01[226,237) miss my mom"]);
    assert!(codings(session.project(), None).unwrap().is_empty(), "a preview writes nothing");
    let applied = session.autocode_apply(&request(braid_core::AutocodeUnit::Turn), "t").unwrap();
    assert_eq!(applied.added, 2);
    assert_eq!(codings(session.project(), None).unwrap().len(), 2);
    // Applying again adds nothing: the spans exist.
    assert_eq!(session.autocode_apply(&request(braid_core::AutocodeUnit::Turn), "t").unwrap().added, 0);
    braid_core::undo(session.project_mut(), "t").unwrap();
    braid_core::undo(session.project_mut(), "t").unwrap();
    assert!(codings(session.project(), None).unwrap().is_empty());
}

mod codebook_editing {
    use braid_core::{CodeEdit, CodebookFormat, NewCoding, Project, add_coding, codebook, codings, delete_code, edit_code, export_codebook, import_codebook, merge_codes, undo};

    use crate::mini_project;

    fn book() -> (tempfile::TempDir, Project) {
        let (dir, mut p) = mini_project();
        let yaml = "codes:\n  - name: Peers\n    colour: \"#2ca02c\"\n    children:\n      - name: Fun\n      - name: Distraction\n  - name: Friends\n    children:\n      - name: Secrets\n  - name: Teacher\n";
        import_codebook(&mut p, yaml, "b.yaml", "t").unwrap();
        for (s, e, c, who) in [(176, 201, "Peers/Fun", "ann"), (176, 201, "Friends", "ann"), (176, 201, "Friends", "bo"), (127, 175, "Teacher", "ann")] {
            add_coding(&mut p, &NewCoding { document: "A01".into(), start: s, end: e, code: c.into(), coder: who.into(), memo: None }, "t").unwrap();
        }
        (dir, p)
    }

    fn tree(p: &Project) -> String {
        codebook(p).unwrap().iter().map(|c| format!("{}({})", c.path, c.codings)).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn edit_moves_renames_and_undoes() {
        let (_dir, mut p) = book();
        let before = tree(&p);
        let edit = CodeEdit { name: Some("Keeping things back".into()), parent: Some("Peers".into()), ..Default::default() };
        edit_code(&mut p, "Friends/Secrets", &edit, "t").unwrap();
        assert_eq!(tree(&p), "Peers(0) Peers/Fun(1) Peers/Distraction(0) Peers/Keeping things back(0) Friends(2) Teacher(1)");
        let err = edit_code(&mut p, "Peers", &CodeEdit { parent: Some("Peers/Fun".into()), ..Default::default() }, "t").unwrap_err();
        assert_eq!(err.to_string(), "cannot move `Peers` under itself or one of its sub-codes");
        let err = edit_code(&mut p, "Teacher", &CodeEdit { name: Some("Friends".into()), ..Default::default() }, "t").unwrap_err();
        assert_eq!(err.to_string(), "a code named `Friends` already exists there");
        let c = edit_code(&mut p, "Teacher", &CodeEdit { colour: Some("#123456".into()), ..Default::default() }, "t").unwrap();
        assert_eq!(c.colour, "#123456");
        undo(&mut p, "t").unwrap();
        undo(&mut p, "t").unwrap();
        assert_eq!(tree(&p), before);
    }

    #[test]
    fn merge_moves_codings_and_children_and_drops_duplicates() {
        let (_dir, mut p) = book();
        let before = (tree(&p), codings(&p, None).unwrap().len());
        let change = merge_codes(&mut p, "Friends", "Peers/Fun", "t").unwrap();
        // ann's Friends coding duplicates ann's Peers/Fun coding; bo's moves.
        assert_eq!((change.codings_moved, change.codings_removed, change.codes_removed), (1, 1, 1));
        assert_eq!(tree(&p), "Peers(0) Peers/Fun(2) Peers/Fun/Secrets(0) Peers/Distraction(0) Teacher(1)");
        undo(&mut p, "t").unwrap();
        assert_eq!((tree(&p), codings(&p, None).unwrap().len()), before);
    }

    #[test]
    fn delete_needs_confirmation_when_codings_would_go() {
        let (_dir, mut p) = book();
        let err = delete_code(&mut p, "Peers", false, "t").unwrap_err();
        assert_eq!(err.code(), braid_core::ErrorCode::NeedsConfirmation);
        assert_eq!(err.to_string(), "`Peers` and its sub-codes carry 1 coding; confirm to delete them too, or merge the code instead");
        let change = delete_code(&mut p, "Peers", true, "t").unwrap();
        assert_eq!((change.codes_removed, change.codings_removed), (3, 1));
        assert_eq!(tree(&p), "Friends(2) Friends/Secrets(0) Teacher(1)");
        undo(&mut p, "t").unwrap();
        assert_eq!(tree(&p), "Peers(0) Peers/Fun(1) Peers/Distraction(0) Friends(2) Friends/Secrets(0) Teacher(1)");
        let change = delete_code(&mut p, "Peers/Distraction", false, "t").unwrap();
        assert_eq!(change.codes_removed, 1);
    }

    #[test]
    fn export_round_trips_with_stable_uuids() {
        let (_dir, p) = book();
        for format in [CodebookFormat::Yaml, CodebookFormat::Json] {
            let text = export_codebook(&p, format).unwrap();
            let (_d2, mut q) = crate::mini_project();
            import_codebook(&mut q, &text, "export", "t").unwrap();
            let uuids = |p: &Project| codebook(p).unwrap().iter().map(|c| (c.path.clone(), c.uuid.clone(), c.colour.clone())).collect::<Vec<_>>();
            assert_eq!(uuids(&q), uuids(&p));
        }
        let yaml = export_codebook(&p, CodebookFormat::Yaml).unwrap();
        assert!(yaml.starts_with("format: braid-codebook/1\ncodes:\n- id: "), "{yaml}");
    }
}

#[test]
fn memos_attach_to_targets_and_undo() {
    use braid_core::{MemoTarget, add_memo, delete_memo, edit_memo, memos, undo};
    let (_dir, mut p) = mini_project();
    import_codebook(&mut p, "codes:\n  - name: Longing\n", "b.yaml", "t").unwrap();
    let on_doc = add_memo(&mut p, &MemoTarget::Document("A01".into()), "First read", "She returns to her mother three times.", "ann").unwrap();
    add_memo(&mut p, &MemoTarget::Code("Longing".into()), "", "Use for missing a person, not a place.", "ann").unwrap();
    add_memo(&mut p, &MemoTarget::Project, "", "Pilot codebook, v1.", "bo").unwrap();
    let targets: Vec<MemoTarget> = memos(&p, None).unwrap().into_iter().map(|m| m.target).collect();
    assert_eq!(targets, [MemoTarget::Document("A01".into()), MemoTarget::Code("Longing".into()), MemoTarget::Project]);
    assert_eq!(memos(&p, Some(&MemoTarget::Code("Longing".into()))).unwrap().len(), 1);
    let edited = edit_memo(&mut p, &on_doc.uuid, None, "Three times, and once about her grandmother.", "ann").unwrap();
    assert_eq!((edited.title.as_str(), edited.body.as_str()), ("First read", "Three times, and once about her grandmother."));
    delete_memo(&mut p, &on_doc.uuid, "ann").unwrap();
    assert_eq!(memos(&p, None).unwrap().len(), 2);
    undo(&mut p, "t").unwrap();
    undo(&mut p, "t").unwrap();
    assert_eq!(memos(&p, None).unwrap()[0].body, "She returns to her mother three times.");
    let err = add_memo(&mut p, &MemoTarget::Document("nope".into()), "", "x", "ann").unwrap_err().to_string();
    assert_eq!(err, "no document `nope` in this project");
    assert_eq!(add_memo(&mut p, &MemoTarget::Project, "", "  ", "ann").unwrap_err().to_string(), "the memo is empty; write something");
}

#[test]
fn resize_moves_boundaries_and_undoes_and_frequencies_roll_up() {
    let (_dir, mut p) = mini_project();
    import_codebook(&mut p, "codes:\n  - name: Family\n    children:\n      - name: Mother\n", "b.yaml", "t").unwrap();
    let new = braid_core::NewCoding { document: "A01".into(), start: 38, end: 51, code: "Family/Mother".into(), coder: "ann".into(), memo: None };
    let c = braid_core::add_coding(&mut p, &new, "t").unwrap();
    let r = braid_core::resize_coding(&mut p, &c.uuid, 38, 72, "t").unwrap();
    assert_eq!((r.uuid.as_str(), r.text.as_str()), (c.uuid.as_str(), "I miss my mom, she works in Seoul."));
    assert_eq!(braid_core::resize_coding(&mut p, &c.uuid, 50, 50, "t").unwrap_err().to_string(), "the span [50, 50) is empty; select some text");
    braid_core::undo(&mut p, "t").unwrap();
    assert_eq!(codings(&p, None).unwrap()[0].text, "I miss my mom");
    let f = braid_core::frequencies(&p, &[]).unwrap();
    let row: Vec<(String, usize, usize, usize)> = f.into_iter().map(|x| (x.code, x.codings, x.documents, x.informants)).collect();
    assert_eq!(row, [("Family".to_string(), 1, 1, 1), ("Family/Mother".to_string(), 1, 1, 1)]);
}

#[test]
fn history_state_labels_the_next_undo_and_redo() {
    let (_dir, mut p) = mini_project();
    import_codebook(&mut p, "codes:\n  - name: Longing\n", "b.yaml", "t").unwrap();
    let new = braid_core::NewCoding { document: "A01".into(), start: 38, end: 51, code: "Longing".into(), coder: "ann".into(), memo: None };
    braid_core::add_coding(&mut p, &new, "t").unwrap();
    let s = braid_core::history_state(&p).unwrap();
    assert_eq!((s.undo.unwrap().summary, s.redo), ("coding \u{201c}Longing\u{201d} in A01".to_string(), None));
    braid_core::undo(&mut p, "t").unwrap();
    let s = braid_core::history_state(&p).unwrap();
    assert_eq!(s.undo.unwrap().summary, "importing a codebook (1 codes added)");
    assert_eq!(s.redo.unwrap().summary, "coding \u{201c}Longing\u{201d} in A01");
}

#[test]
fn add_code_places_it_last_among_siblings_and_undoes() {
    let (_dir, mut p) = mini_project();
    import_codebook(&mut p, "codes:\n  - name: Peers\n    children:\n      - name: Fun\n", "b.yaml", "t").unwrap();
    let new = braid_core::NewCode { parent: Some("Peers".into()), name: "Rivalry".into(), colour: Some("#aa0000".into()), ..Default::default() };
    let c = braid_core::add_code(&mut p, &new, "t").unwrap();
    assert_eq!((c.path.as_str(), c.depth, c.colour.as_str()), ("Peers/Rivalry", 1, "#aa0000"));
    assert_eq!(braid_core::add_code(&mut p, &new, "t").unwrap_err().to_string(), "a code named `Rivalry` already exists there");
    let bad = braid_core::NewCode { name: "a/b".into(), ..Default::default() };
    assert_eq!(braid_core::add_code(&mut p, &bad, "t").unwrap_err().to_string(), "`a/b` cannot name a code: it must be non-empty and must not contain `/`");
    braid_core::undo(&mut p, "t").unwrap();
    assert_eq!(codebook(&p).unwrap().len(), 2);
}
