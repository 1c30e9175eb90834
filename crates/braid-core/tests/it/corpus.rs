//! The demo study in `corpus/`: every file parses and agrees with the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use braid_core::{AttrValue, ParseOptions, decode, parse_attribute_csv, parse_excerpt_csv, parse_published, parse_transcript, resolve_excerpts};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus")
}

fn read(rel: &str) -> String {
    let path = corpus().join(rel);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    decode(&bytes, rel, None).unwrap().text
}

/// Every transcript, parsed: id -> (stored text, transcript).
fn transcripts() -> BTreeMap<String, braid_core::Transcript> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(corpus().join("transcripts")).unwrap() {
        let path = entry.unwrap().path();
        let rel = format!("transcripts/{}", path.file_name().unwrap().to_string_lossy());
        let t = parse_transcript(&read(&rel), &rel, &ParseOptions::default()).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        assert_eq!(t.informant.as_deref(), Some(stem.as_str()), "{rel}: front-matter id must match the file name");
        out.insert(stem, t);
    }
    out
}

#[test]
fn transcripts_match_informants_and_the_sampling_frame() {
    let table = parse_attribute_csv(&read("informants.csv"), "informants.csv").unwrap();
    let transcripts = transcripts();
    let ids: Vec<&String> = table.rows.iter().map(|r| &r.id).collect();
    assert_eq!(ids, transcripts.keys().collect::<Vec<_>>());
    let mut by_type: BTreeMap<String, usize> = BTreeMap::new();
    for row in &table.rows {
        let AttrValue::Text(t) = &row.attributes["type"] else { panic!("type is text") };
        *by_type.entry(t.clone()).or_default() += 1;
        let t = &transcripts[&row.id];
        assert!(t.turns.len() >= 20, "{}: only {} turns", row.id, t.turns.len());
        let roles: std::collections::HashSet<_> = t.turns.iter().map(|x| x.role).collect();
        assert_eq!(roles.len(), 2, "{}: needs interviewer and respondent turns", row.id);
    }
    let expect: BTreeMap<String, usize> =
        [("child", 18), ("teacher", 13), ("parent", 7), ("grandparent", 3)].map(|(k, v)| (k.to_string(), v)).into();
    assert_eq!(by_type, expect);
}

#[test]
fn published_excerpts_are_verbatim_in_their_informants_transcripts() {
    let published = parse_published(&read("published/wang2023.json"), "wang2023.json").unwrap();
    assert_eq!(published.excerpts.len(), 12);
    let transcripts = transcripts();
    for e in &published.excerpts {
        let t = &transcripts[&e.informant];
        let in_respondent_turn = t.turns.iter().any(|turn| {
            turn.role == braid_core::Role::Respondent
                && braid_core::slice_chars(&t.text, turn.start, turn.end).unwrap().contains(&e.text)
        });
        assert!(in_respondent_turn, "excerpt of {} not verbatim in a respondent turn: {}", e.informant, e.text);
    }
}

#[test]
fn both_coders_codings_resolve_to_valid_offsets() {
    let transcripts = transcripts();
    let codebook = read("codebook.yaml");
    for coder in ["coder-a", "coder-b"] {
        let rel = format!("codings/{coder}.csv");
        let rows = parse_excerpt_csv(&read(&rel), &rel).unwrap();
        assert!((250..=500).contains(&rows.len()), "{coder}: {} codings", rows.len());
        let resolved = resolve_excerpts(&rows, &rel, |d| transcripts.get(d).map(|t| t.text.as_str())).unwrap();
        for r in &resolved {
            let t = &transcripts[&r.document];
            assert!(r.start < r.end && r.end <= t.text.chars().count());
            let leaf = r.code.rsplit('/').next().unwrap();
            assert!(codebook.contains(&format!("name: \"{leaf}\"")), "{coder}: code `{}` not in the codebook", r.code);
        }
    }
}

#[test]
fn published_tables_parse() {
    let published = parse_published(&read("published/wang2023.json"), "wang2023.json").unwrap();
    let shape: Vec<(u32, usize)> = published.tables.iter().map(|t| (t.table, t.models.len())).collect();
    assert_eq!(shape, [(2, 2), (3, 6), (4, 6)]);
    let m1 = published.model(4, 1).unwrap();
    let term = m1.terms.iter().find(|t| t.term == "migration[mother]:belonging").unwrap();
    assert_eq!((term.estimate, term.se, term.stars.as_str(), m1.n), (-3.244, 1.39, "*", 605));
}
