//! Codebook files: what an import refuses (leaving the project as it was), what it updates,
//! and a damaged code tree, which no command may hang on.

use braid_core::{CodebookFormat, Project, codebook, export_codebook, import_codebook};

use crate::mini_project;

const FAMILY: &str = "11111111-1111-4111-8111-111111111111";
const MOTHER: &str = "22222222-2222-4222-8222-222222222222";
const TEACHER: &str = "33333333-3333-4333-8333-333333333333";
const OTHER: &str = "44444444-4444-4444-8444-444444444444";

/// A project whose codebook is Family (Mother) and Teacher, with known UUIDs.
fn project() -> (tempfile::TempDir, Project) {
    let dir = tempfile::tempdir().unwrap();
    let mut p = Project::create(&dir.path().join("p.braid")).unwrap();
    let yaml = format!("codes:\n  - id: {FAMILY}\n    name: Family\n    children:\n      - id: {MOTHER}\n        name: Mother\n  - id: {TEACHER}\n    name: Teacher\n");
    import_codebook(&mut p, &yaml, "base.yaml", "t").unwrap();
    (dir, p)
}

/// Everything about the codebook that an import could change, and the number of events.
fn state(p: &Project) -> String {
    let codes: Vec<String> = codebook(p).unwrap().iter().map(|c| format!("{} {} {} {}", c.path, c.uuid, c.colour, c.definition)).collect();
    format!("{}\nevents: {}", codes.join("\n"), p.events().unwrap().len())
}

/// Import `yaml` into [`project`]; a refusal must leave the project as it was.
fn import(yaml: &str) -> String {
    let (_dir, mut p) = project();
    let before = state(&p);
    match import_codebook(&mut p, yaml, "book.yaml", "t") {
        Ok(r) => format!("ok: {} added, {} updated\n{}", r.added, r.updated, codebook(&p).unwrap().iter().map(|c| c.path.clone()).collect::<Vec<_>>().join(" | ")),
        Err(e) => {
            assert_eq!(state(&p), before, "a refused import changed the project");
            assert_eq!(e.code(), braid_core::ErrorCode::BadInput);
            e.to_string()
        }
    }
}

#[test]
fn a_code_giving_its_own_uuid_to_its_child_is_refused() {
    let yaml = format!("codes:\n  - id: {OTHER}\n    name: Loop\n    children:\n      - id: {OTHER}\n        name: Child\n");
    assert_eq!(
        import(&yaml),
        format!("book.yaml: field `Loop/Child`: this code has the UUID `{OTHER}` of its ancestor `Loop`, which would make that code its own sub-code; give this code its own UUID, or delete its `id` to have one made")
    );
}

#[test]
fn a_longer_loop_through_an_ancestor_is_refused() {
    let yaml = format!(
        "codes:\n  - id: {OTHER}\n    name: A\n    children:\n      - name: B\n        children:\n          - name: C\n            children:\n              - id: {OTHER}\n                name: D\n"
    );
    assert_eq!(
        import(&yaml),
        format!("book.yaml: field `A/B/C/D`: this code has the UUID `{OTHER}` of its ancestor `A`, which would make that code its own sub-code; give this code its own UUID, or delete its `id` to have one made")
    );
    // The same, with the project's UUID of Family, and the sub-code written before the id.
    let yaml = format!("codes:\n  - name: Family\n    children:\n      - name: Mother\n        id: {FAMILY}\n    id: {FAMILY}\n");
    assert!(import(&yaml).contains(&format!("the UUID `{FAMILY}`")), "{}", import(&yaml));
}

#[test]
fn a_uuid_given_twice_is_refused_even_in_another_case() {
    let yaml = format!("codes:\n  - id: {OTHER}\n    name: A\n  - id: {}\n    name: B\n", OTHER.to_uppercase());
    assert_eq!(
        import(&yaml),
        format!("book.yaml: field `B`: the UUID `{OTHER}` is given to both `A` and `B`; each code needs its own UUID: change one, or delete its `id` to have one made")
    );
    // The same file as JSON, with the second code under the first: a loop.
    let json = format!("{{\"codes\": [{{\"id\": \"{OTHER}\", \"name\": \"A\", \"children\": [{{\"id\": \"{OTHER}\", \"name\": \"B\"}}]}}]}}");
    assert!(import(&json).starts_with(&format!("book.yaml: field `A/B`: this code has the UUID `{OTHER}` of its ancestor `A`,")), "{}", import(&json));
}

#[test]
fn two_siblings_with_one_name_are_refused_not_merged() {
    assert_eq!(
        import("codes:\n  - name: A\n  - name: A\n"),
        "book.yaml: field `A`: two codes are named `A` at the top level; rename one, or join them into one entry"
    );
    assert_eq!(
        import("codes:\n  - name: Family\n    children:\n      - name: Aunt\n      - name: Aunt\n"),
        "book.yaml: field `Family/Aunt`: two codes are named `Aunt` under `Family`; rename one, or join them into one entry"
    );
    // Cousins may share a name.
    assert!(import("codes:\n  - name: X\n    children:\n      - name: Aunt\n  - name: Y\n    children:\n      - name: Aunt\n").starts_with("ok: 4 added"));
}

#[test]
fn bad_names_colours_and_uuids_are_refused_at_their_line() {
    assert_eq!(
        import("codes:\n  - name: A\n  - name: B/C\n"),
        "book.yaml:3: codes[1].name: `B/C` cannot name a code: a name must be non-empty and must not contain `/`"
    );
    assert_eq!(
        import("codes:\n  - name: A\n    children:\n      - name: \"  \"\n"),
        "book.yaml:4: codes[0].children[0].name: `  ` cannot name a code: a name must be non-empty and must not contain `/`"
    );
    assert_eq!(import("codes:\n  - name: A\n    color: red\n"), "book.yaml:3: codes[0].color: colour `red` is not of the form #rrggbb");
    assert_eq!(
        import("codes:\n  - name: A\n    id: 1234\n"),
        "book.yaml:3: codes[0].id: id `1234` is not a UUID; give a UUID, or delete the `id` line to have one made"
    );
    assert_eq!(import("codes:\n  - name: A\n    colr: \"#000000\"\n").lines().next().unwrap().split(", expected").next().unwrap(), "book.yaml:3: codes[0]: unknown field `colr`");
    assert!(import("codes: [\n").starts_with("book.yaml:2: not a Braid codebook: "), "{}", import("codes: [\n"));
    assert!(import("- just a list\n").starts_with("book.yaml:1: not a Braid codebook: "), "{}", import("- just a list\n"));
    assert_eq!(import("format: braid-codebook/9\ncodes: []\n"), "book.yaml: field `format`: unknown codebook format `braid-codebook/9`; expected braid-codebook/1");
}

#[test]
fn a_codebook_deeper_than_the_limit_is_refused() {
    let deep = |levels: usize| {
        let mut yaml = String::from("codes:\n");
        for i in 0..levels {
            let pad = "  ".repeat(2 * i + 1);
            yaml.push_str(&format!("{pad}- name: L{i}\n{pad}  children:\n"));
        }
        yaml.push_str(&format!("{}  []\n", "  ".repeat(2 * levels)));
        yaml
    };
    assert!(import(&deep(braid_core::MAX_CODE_DEPTH)).starts_with("ok: 32 added"));
    let err = import(&deep(braid_core::MAX_CODE_DEPTH + 1));
    assert!(err.ends_with("/L32` would be nested deeper than 32 levels (the limit); put it higher in the tree"), "{err}");
}

#[test]
fn a_uuid_of_the_project_may_not_take_another_codes_place() {
    // Teacher's UUID, renamed to Family: the project's Family, which the file leaves alone, has that name.
    let yaml = format!("codes:\n  - id: {TEACHER}\n    name: Family\n");
    assert_eq!(
        import(&yaml),
        format!(
            "book.yaml: field `Family`: the project already has a code `Family` (UUID `{FAMILY}`) that this file does not name, and `Family` would take its place; rename one of them, or give this code the id `{FAMILY}` to update that code"
        )
    );
}

#[test]
fn an_import_updates_codes_by_uuid_then_by_path() {
    // The same file again: everything is updated, nothing added.
    let (_dir, mut p) = project();
    let again = export_codebook(&p, CodebookFormat::Yaml).unwrap();
    let before = state(&p);
    let r = import_codebook(&mut p, &again, "again.yaml", "t").unwrap();
    assert_eq!((r.added, r.updated), (0, 3));
    assert_eq!(state(&p).lines().take(3).collect::<Vec<_>>(), before.lines().take(3).collect::<Vec<_>>());
    // A file without UUIDs matches by path, as when a team shares a codebook by names. (Father
    // takes the first place among Family's sub-codes, as in the file, and shares it with Mother.)
    assert_eq!(import("codes:\n  - name: Family\n    definition: kin\n    children:\n      - name: Father\n"), "ok: 1 added, 1 updated\nFamily | Family/Father | Family/Mother | Teacher");
    // A code renamed by its UUID frees its old name for a new code of the file.
    let yaml = format!("codes:\n  - id: {TEACHER}\n    name: Teachers\n  - name: Teacher\n");
    assert_eq!(import(&yaml), "ok: 1 added, 1 updated\nFamily | Family/Mother | Teachers | Teacher");
}

#[test]
fn codes_can_swap_names_and_places_and_undo_restores_them() {
    let (_dir, mut p) = project();
    let before = state(&p);
    // Family and Teacher swap names; Mother moves to the top level.
    let yaml = format!("codes:\n  - id: {FAMILY}\n    name: Teacher\n  - id: {TEACHER}\n    name: Family\n  - id: {MOTHER}\n    name: Mother\n");
    let r = import_codebook(&mut p, &yaml, "swap.yaml", "t").unwrap();
    assert_eq!((r.added, r.updated), (0, 3));
    let got: Vec<(String, String)> = codebook(&p).unwrap().into_iter().map(|c| (c.path, c.uuid)).collect();
    assert_eq!(got, [("Teacher".to_string(), FAMILY.to_string()), ("Family".to_string(), TEACHER.to_string()), ("Mother".to_string(), MOTHER.to_string())]);
    braid_core::undo(&mut p, "t").unwrap();
    assert_eq!(state(&p).lines().take(3).collect::<Vec<_>>(), before.lines().take(3).collect::<Vec<_>>());
    braid_core::redo(&mut p, "t").unwrap();
    assert_eq!(codebook(&p).unwrap()[0].uuid, FAMILY);
}

/// Codes whose parents loop, written into the store by another tool: every command returns,
/// and the codes can be seen and moved back into the tree.
#[test]
fn a_loop_of_parents_in_the_store_hangs_no_command() {
    use braid_core::{
        CodeEdit, CountUnit, Filters, NewCoding, RetrievalRequest, SearchRequest, Session, add_coding, agreement, codings, crosstab, edit_code,
        project_joint_display, retrieve, side_by_side,
    };
    let (_dir, mut p) = mini_project();
    import_codebook(&mut p, "codes:\n  - name: Family\n    children:\n      - name: Mother\n  - name: Self\n  - name: Ring\n    children:\n      - name: Back\n", "b.yaml", "t").unwrap();
    for (start, end, code, coder) in [(38, 51, "Family/Mother", "ann"), (38, 51, "Self", "bo"), (127, 175, "Ring/Back", "ann"), (22, 92, "Family", "bo")] {
        add_coding(&mut p, &NewCoding { document: "A01".into(), start, end, code: code.into(), coder: coder.into(), memo: None }, "t").unwrap();
    }
    let path = p.path().to_path_buf();
    drop(p);
    {
        // Self is its own parent; Ring and Back are each other's.
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE codes SET parent = id WHERE name = 'Self'", []).unwrap();
        conn.execute("UPDATE codes SET parent = (SELECT id FROM codes WHERE name = 'Back') WHERE name = 'Ring'", []).unwrap();
    }
    let mut p = Project::open(&path).unwrap();

    // The loops are cut at their first code, shown at the top level after the tree.
    let paths: Vec<String> = codebook(&p).unwrap().into_iter().map(|c| c.path).collect();
    assert_eq!(paths, ["Family", "Family/Mother", "Self", "Ring", "Ring/Back"]);
    let coded: Vec<String> = codings(&p, None).unwrap().into_iter().map(|c| c.code).collect();
    assert_eq!(coded, ["Family", "Family/Mother", "Self", "Ring/Back"]);
    let new = NewCoding { document: "A01".into(), start: 1, end: 5, code: "Ring/Back".into(), coder: "ann".into(), memo: None };
    assert_eq!(add_coding(&mut p, &new, "t").unwrap().code, "Ring/Back");
    let got = retrieve(&p, &RetrievalRequest { any: vec!["Ring".into(), "Self".into()], ..Default::default() }).unwrap();
    assert_eq!(got.len(), 3);
    side_by_side(&braid_core::Snapshot::load(&p, &braid_core::DisplayRequest::SideBySide).unwrap());
    project_joint_display(&p).unwrap();
    let report = agreement(&p, "ann", "bo").unwrap();
    assert!(report.codes.iter().any(|r| r.code == "Self"));
    let table = crosstab(&p, "type", CountUnit::Codings, &[]).unwrap();
    assert!(table.rows.iter().any(|r| r.code == "Ring/Back"));
    let yaml = export_codebook(&p, CodebookFormat::Yaml).unwrap();
    assert!(yaml.contains("name: Back"));

    // Moving a code of a loop under its own sub-code is refused; moving it to the top level mends the tree.
    let under = CodeEdit { parent: Some("Ring/Back".into()), ..Default::default() };
    assert_eq!(edit_code(&mut p, "Ring", &under, "t").unwrap_err().to_string(), "cannot move `Ring` under itself or one of its sub-codes");
    edit_code(&mut p, "Self", &CodeEdit { parent: Some(String::new()), ..Default::default() }, "t").unwrap();
    edit_code(&mut p, "Ring", &CodeEdit { parent: Some(String::new()), ..Default::default() }, "t").unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rooted: i64 = conn.query_row("SELECT count(*) FROM codes WHERE parent IS NULL", [], |r| r.get(0)).unwrap();
    assert_eq!(rooted, 3);
    drop(p);

    // Search with a code filter, on a fresh session over a damaged store again.
    conn.execute("UPDATE codes SET parent = id WHERE name = 'Self'", []).unwrap();
    let mut session = Session::open(&path).unwrap();
    let request = SearchRequest { query: "mom".into(), filters: Filters { codes: vec!["Self".into()], ..Default::default() }, limit: 10, ..Default::default() };
    let found = session.search(&request, &braid_core::NoProgress).unwrap();
    assert_eq!(found.hits.len(), 1);
    braid_core::delete_code(session.project_mut(), "Self", true, "t").unwrap();
    assert!(codebook(session.project()).unwrap().iter().all(|c| c.path != "Self"));
}

mod properties {
    use std::collections::HashSet;

    use braid_core::{CodebookFormat, ErrorCode, Project, codebook, export_codebook, import_codebook};
    use proptest::prelude::*;

    /// Pieces of codebook YAML, and of what goes wrong in one, to be strung together at random.
    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("codes:".to_string()),
            Just("\n".to_string()),
            Just("  ".to_string()),
            Just("- ".to_string()),
            Just("name: ".to_string()),
            Just("id: ".to_string()),
            Just("children:".to_string()),
            Just("colour: ".to_string()),
            Just("definition: ".to_string()),
            Just("format: braid-codebook/1".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just(", ".to_string()),
            Just("&a ".to_string()),
            Just("*a".to_string()),
            Just("\"".to_string()),
            Just("#12ab3F".to_string()),
            Just("~".to_string()),
            (0u8..4).prop_map(|i| format!("{i}{i}{i}{i}{i}{i}{i}{i}-{i}{i}{i}{i}-4{i}{i}{i}-8{i}{i}{i}-{i}{i}{i}{i}{i}{i}{i}{i}{i}{i}{i}{i}")),
            "[a-zA-Z0-9 /:#é中]{0,6}",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Whatever the file, an import returns: a report, or a bad input that changed nothing.
        /// One project takes every case, so later imports meet the codes of earlier ones.
        #[test]
        fn any_codebook_text_is_imported_or_refused(texts in prop::collection::vec(prop::collection::vec(piece(), 0..40), 8)) {
            let dir = tempfile::tempdir().unwrap();
            let mut p = Project::create(&dir.path().join("p.braid")).unwrap();
            for pieces in texts {
                let text = pieces.concat();
                let before = codebook(&p).unwrap();
                match import_codebook(&mut p, &text, "any.yaml", "t") {
                    Ok(_) => {}
                    Err(e) => {
                        prop_assert_eq!(e.code(), ErrorCode::BadInput, "{}", e);
                        prop_assert!(e.to_string().starts_with("any.yaml"), "{}", e);
                        prop_assert_eq!(codebook(&p).unwrap(), before);
                    }
                }
                // Whatever was imported is a tree that exports and reads back.
                let again = export_codebook(&p, CodebookFormat::Yaml).unwrap();
                let r = import_codebook(&mut p, &again, "again.yaml", "t").unwrap();
                prop_assert_eq!(r.added, 0);
            }
        }

        /// A valid codebook, exported from one project and imported into another, gives the
        /// same tree: UUIDs, names, colours and texts.
        #[test]
        fn an_exported_codebook_reads_back_as_the_same_tree(
            codes in prop::collection::vec((any::<usize>(), "[a-zA-Z é:#'\"-]{0,8}", "#[0-9a-fA-F]{6}", "\\PC{0,12}", any::<u128>()), 1..24),
            json in any::<bool>(),
        ) {
            // Code i hangs under an earlier code or at the top level; the index keeps names unique.
            let mut parents = Vec::new();
            let mut uuids = HashSet::new();
            let mut nodes = Vec::new();
            for (i, (parent, name, colour, text, id)) in codes.into_iter().enumerate() {
                let parent = parent % (i + 1);
                parents.push((parent < i).then_some(parent));
                let id = uuid_of(id);
                prop_assume!(uuids.insert(id.clone()));
                nodes.push(serde_json::json!({ "id": id, "name": format!("{name}{i}"), "colour": colour, "definition": text, "example": text }));
            }
            // Attach children from the last code up, so that each is complete when it moves.
            for i in (0..nodes.len()).rev() {
                if let Some(p) = parents[i] {
                    let child = nodes[i].take();
                    let list = nodes[p].as_object_mut().unwrap().entry("children").or_insert(serde_json::json!([]));
                    list.as_array_mut().unwrap().insert(0, child);
                }
            }
            let top: Vec<serde_json::Value> = nodes.into_iter().filter(|n| !n.is_null()).collect();
            let file = serde_json::to_string(&serde_json::json!({ "codes": top })).unwrap();
            let dir = tempfile::tempdir().unwrap();
            let mut a = Project::create(&dir.path().join("a.braid")).unwrap();
            import_codebook(&mut a, &file, "gen.json", "t").unwrap();
            let format = if json { CodebookFormat::Json } else { CodebookFormat::Yaml };
            let text = export_codebook(&a, format).unwrap();
            let mut b = Project::create(&dir.path().join("b.braid")).unwrap();
            import_codebook(&mut b, &text, "export", "t").unwrap();
            let tree = |p: &Project| codebook(p).unwrap().into_iter().map(|c| (c.uuid, c.path, c.name, c.depth, c.colour, c.definition, c.example)).collect::<Vec<_>>();
            prop_assert_eq!(tree(&a).len(), parents.len());
            prop_assert_eq!(tree(&b), tree(&a));
        }
    }

    fn uuid_of(n: u128) -> String {
        let h = format!("{n:032x}");
        format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
    }
}
