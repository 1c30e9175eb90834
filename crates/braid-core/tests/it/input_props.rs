//! Property tests of the input parsers (issue 10): the transcript parser and the attributes CSV.
//! Arbitrary input never panics, and parsing what a parse renders gives the same result.

use braid_core::{AttrValue, ParseOptions, Turn, parse_attribute_csv, parse_transcript, parse_turns, slice_chars};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    ProptestConfig { cases: 256, ..ProptestConfig::default() }
}

/// Each turn as (speaker, what was said), checking that the spans are in order and in the text.
fn said(text: &str, turns: &[Turn]) -> Vec<(String, String)> {
    let mut last_end = 0;
    turns
        .iter()
        .map(|t| {
            assert!(t.start >= last_end && t.start < t.end, "turn {t:?} after {last_end}");
            last_end = t.end;
            let words = slice_chars(text, t.start, t.end).unwrap_or_else(|| panic!("turn {t:?} is outside the text"));
            (t.speaker.clone(), words.to_string())
        })
        .collect()
}

/// Turns rendered as a transcript: `Label: words` (or the words alone), a blank line apart.
fn render_turns(turns: &[(String, String)]) -> String {
    turns
        .iter()
        .map(|(speaker, words)| if speaker.is_empty() { words.clone() } else { format!("{speaker}: {words}") })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A speaker label and what they said, possibly over several lines. The words have no colon, so
/// no line of them reads as a label.
fn turn_strategy() -> impl Strategy<Value = (String, String)> {
    let label = prop_oneof!["[A-Z][a-z]{0,8}", "[A-Z][a-z]{0,5} [0-9]{1,2}", "学生|老师|Grand-mother|O'Neil"];
    let line = "[a-z0-9我想妈妈😀][a-z0-9 ,.?!'我想妈妈😀]{0,30}";
    (label, proptest::collection::vec(line, 1..3)).prop_map(|(l, lines)| {
        let lines: Vec<String> = lines.iter().map(|s| s.trim_end().to_string()).collect();
        (l, lines.join("\n"))
    })
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn transcript_parser_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        if let Ok(t) = parse_transcript(&text, "t.md", &ParseOptions::default()) {
            said(&t.text, &t.turns);
        }
        if let Ok(turns) = parse_turns(&text, "t.txt", &[]) {
            said(&text, &turns);
        }
    }

    #[test]
    fn transcript_parser_never_panics_on_near_valid_text(
        turns in proptest::collection::vec(turn_strategy(), 0..8),
        front in proptest::option::of("[a-z_]{1,8}: [-\\[\\]{}a-z0-9\"' :,]{0,20}"),
        noise in "[-:：\n\r\t ]{0,6}",
    ) {
        let mut text = String::new();
        if let Some(f) = &front {
            text.push_str(&format!("---\n{f}\n---\n"));
        }
        text.push_str(&render_turns(&turns));
        text.push_str(&noise);
        if let Ok(t) = parse_transcript(&text, "t.md", &ParseOptions::default()) {
            said(&t.text, &t.turns);
        }
    }

    /// Turns rendered as `Label: words` lines parse to the same turns, and rendering those again
    /// changes nothing.
    #[test]
    fn transcript_parse_render_parse_is_stable(turns in proptest::collection::vec(turn_strategy(), 1..10)) {
        let text = render_turns(&turns);
        let first = said(&text, &parse_turns(&text, "t.txt", &[]).unwrap());
        prop_assert_eq!(&first, &turns);
        let again = render_turns(&first);
        prop_assert_eq!(&again, &text);
        prop_assert_eq!(said(&again, &parse_turns(&again, "t.txt", &[]).unwrap()), first);
    }
}

/// A typed attribute column: its values as written, and as parsed (`None` when left empty).
#[derive(Debug, Clone)]
struct Column {
    name: String,
    cells: Vec<Option<(String, AttrValue)>>,
}

fn value_strategy(kind: u8) -> BoxedStrategy<(String, AttrValue)> {
    match kind {
        0 => any::<i32>().prop_map(|i| (i.to_string(), AttrValue::Integer(i64::from(i)))).boxed(),
        1 => (-100_000i32..100_000)
            .prop_map(|c| {
                let raw = format!("{:.2}", f64::from(c) / 100.0);
                let value = raw.parse::<f64>().unwrap_or_default();
                (raw, AttrValue::Float(value))
            })
            .boxed(),
        2 => (1900u16..2100, 1u8..13, 1u8..29)
            .prop_map(|(y, m, d)| {
                let raw = format!("{y:04}-{m:02}-{d:02}");
                (raw.clone(), AttrValue::Text(raw))
            })
            .boxed(),
        // Text that starts with a letter, so it reads as text, and may hold quotes and delimiters.
        _ => "[a-zA-Z]([a-zA-Z ;,\t\"']{0,8}[a-zA-Z])?".prop_map(|s| (s.clone(), AttrValue::Text(s))).boxed(),
    }
}

fn table_strategy() -> impl Strategy<Value = (Vec<String>, Vec<Column>)> {
    (1usize..6, 0usize..4).prop_flat_map(|(rows, columns)| {
        let ids = proptest::collection::btree_set("[A-Za-z0-9]{1,6}", rows).prop_map(|s| s.into_iter().collect::<Vec<_>>());
        let names = proptest::collection::btree_set("[a-z]{1,6}", columns).prop_map(|s| s.into_iter().filter(|n| n != "id").collect::<Vec<_>>());
        (ids, names).prop_flat_map(|(ids, names)| {
            let n = ids.len();
            let columns: Vec<_> = names
                .into_iter()
                .map(|name| {
                    (0u8..4).prop_flat_map(move |kind| {
                        let name = name.clone();
                        proptest::collection::vec(proptest::option::weighted(0.8, value_strategy(kind)), n)
                            .prop_map(move |cells| Column { name: name.clone(), cells })
                    })
                })
                .collect();
            (Just(ids), columns)
        })
    })
}

/// The table as a CSV with `delimiter`, quoted where needed.
fn render_csv(header: &[String], rows: &[Vec<String>], delimiter: u8) -> String {
    let mut w = csv::WriterBuilder::new().delimiter(delimiter).from_writer(Vec::new());
    w.write_record(header).unwrap();
    for row in rows {
        w.write_record(row).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn attributes_csv_never_panics_on_arbitrary_text(text in "\\PC{0,300}") {
        let _ = parse_attribute_csv(&text, "informants.csv");
    }

    #[test]
    fn attributes_csv_never_panics_on_near_valid_text(lines in proptest::collection::vec("[a-z0-9:,;\t\" -]{0,16}", 0..6)) {
        let text = format!("id,age:integer,{}", lines.join("\n"));
        let _ = parse_attribute_csv(&text, "informants.csv");
    }

    /// Whatever the delimiter, a table written as CSV parses to its values, and writing the parsed
    /// table again parses to the same table.
    #[test]
    fn attributes_csv_parse_render_parse_is_stable(
        (ids, columns) in table_strategy(),
        delimiter in prop_oneof![Just(b','), Just(b';'), Just(b'\t')],
    ) {
        let mut header = vec!["id".to_string()];
        header.extend(columns.iter().map(|c| c.name.clone()));
        let rows: Vec<Vec<String>> = ids
            .iter()
            .enumerate()
            .map(|(r, id)| {
                let mut row = vec![id.clone()];
                row.extend(columns.iter().map(|c| c.cells[r].as_ref().map(|(raw, _)| raw.clone()).unwrap_or_default()));
                row
            })
            .collect();
        let table = parse_attribute_csv(&render_csv(&header, &rows, delimiter), "informants.csv").unwrap();
        for (r, row) in table.rows.iter().enumerate() {
            prop_assert_eq!(&row.id, &ids[r]);
            for c in &columns {
                prop_assert_eq!(row.attributes.get(&c.name), c.cells[r].as_ref().map(|(_, v)| v), "column {}", c.name);
            }
        }
        let rendered: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| {
                let mut out = vec![row.id.clone()];
                out.extend(table.columns.iter().map(|(n, _)| row.attributes.get(n).map(AttrValue::canonical).unwrap_or_default()));
                out
            })
            .collect();
        // Written with its kinds in the header (`age:integer`), as canonical text loses them: a
        // float column of whole numbers would read back as integers.
        let mut typed = vec!["id".to_string()];
        typed.extend(table.columns.iter().map(|(n, k)| format!("{n}:{}", k.as_str())));
        let again = parse_attribute_csv(&render_csv(&typed, &rendered, delimiter), "informants.csv").unwrap();
        prop_assert_eq!(again.columns, table.columns);
        prop_assert_eq!(again.rows, table.rows);
    }
}
