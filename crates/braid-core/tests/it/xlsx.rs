//! Excel out: every table with a CSV export also writes a workbook, reopened here with a reader
//! (calamine) to check that numbers are numbers and the text is where it belongs.

use braid_core::stats::{CsvOptions, Dataset, FitOptions, TableOptions, fit_ols, regression_table};
use braid_core::{CountUnit, RetrievalRequest, crosstab, crosstab_sheet, retrieve, segments_sheet, table_sheet, workbook};
use calamine::{Data, Reader};

/// The first sheet of a workbook, as rows of cells.
fn reopen(bytes: Vec<u8>) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let name = book.sheet_names()[0].clone();
    book.worksheet_range(&name).unwrap().rows().map(|r| r.to_vec()).collect()
}

#[test]
fn a_publication_table_keeps_its_numbers_as_numbers() {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/survey/small.csv")).unwrap();
    let data = Dataset::from_csv(&text, "small.csv", &CsvOptions::default()).unwrap();
    let fit = fit_ols(&data, "depression ~ belonging + age", &FitOptions::default()).unwrap();
    let table = regression_table(&[&fit], &TableOptions { title: Some("Depression".into()), ..Default::default() }).unwrap();
    let rows = reopen(workbook(&[table_sheet("Models", &table)]).unwrap());
    assert_eq!(rows[0][1], Data::String(table.header[1].clone()));
    let belonging = rows.iter().position(|r| r[0] == Data::String("belonging".into())).expect("a belonging row");
    let est = fit.coefficients.iter().find(|c| c.term == "belonging").unwrap();
    // The estimate as printed (three places), stored as a number; its SE on the next row.
    match (&rows[belonging][1], &rows[belonging + 1][1]) {
        (Data::Float(e), Data::Float(se)) => {
            assert!((e - est.estimate).abs() < 5e-4 && (se - est.se).abs() < 5e-4, "{e} {se}");
        }
        other => panic!("numbers expected, got {other:?}"),
    }
    // N is a number too.
    assert!(rows.iter().any(|r| r[0] == Data::String("N".into()) && r[1] == Data::Float(36.0)), "{rows:?}");
}

#[test]
fn matrices_and_segments_write_workbooks_with_typed_cells() {
    let (_d2, mut p) = crate::mini_project();
    braid_core::import_codebook(&mut p, "codes:\n  - name: Family\n", "b.yaml", "t").unwrap();
    braid_core::add_coding(&mut p, &braid_core::NewCoding { document: "A01".into(), start: 38, end: 51, code: "Family".into(), coder: "ann".into(), memo: None }, "t").unwrap();
    let t = crosstab(&p, "migration", CountUnit::Informants, &[]).unwrap();
    let rows = reopen(workbook(&[crosstab_sheet(&t)]).unwrap());
    assert_eq!(rows[0][0], Data::String("code".into()));
    assert_eq!(rows[1][0], Data::String("Family".into()));
    assert!(rows[1][1..].iter().all(|c| matches!(c, Data::Float(_))), "{:?}", rows[1]);
    let segments = retrieve(&p, &RetrievalRequest { any: vec!["Family".into()], ..Default::default() }).unwrap();
    let rows = reopen(workbook(&[segments_sheet(&segments)]).unwrap());
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let age = header.iter().position(|h| h == "age").unwrap();
    assert_eq!((rows[1][2].clone(), rows[1][3].clone()), (Data::Float(38.0), Data::Float(51.0)));
    assert!(matches!(rows[1][age], Data::Float(_)), "an integer attribute is a number: {:?}", rows[1][age]);
    assert_eq!(rows[1][6], Data::String(segments[0].text.clone()));
}

#[test]
fn the_apps_segment_and_concordance_exports_save_workbooks() {
    let (dir, mut p) = crate::mini_project();
    braid_core::import_codebook(&mut p, "codes:\n  - name: Family\n", "b.yaml", "t").unwrap();
    braid_core::add_coding(&mut p, &braid_core::NewCoding { document: "A01".into(), start: 38, end: 51, code: "Family".into(), coder: "ann".into(), memo: None }, "t").unwrap();
    let path = dir.path().join("segments.xlsx");
    let request = RetrievalRequest { any: vec!["Family".into()], ..Default::default() };
    braid_core::save_retrieval(&p, &request, braid_core::SegmentFormat::Xlsx, &path).unwrap();
    let rows = reopen(std::fs::read(&path).unwrap());
    assert_eq!((rows[0][0].clone(), rows[1][2].clone()), (Data::String("document".into()), Data::Float(38.0)));
    let mut session = braid_core::Session::open(p.path()).unwrap();
    let kwic = dir.path().join("kwic.xlsx");
    let search = braid_core::SearchRequest { query: "mom".into(), limit: 10, ..Default::default() };
    session.save_kwic(&braid_core::KwicRequest { search, width: 20, sort: Default::default() }, braid_core::SegmentFormat::Xlsx, &kwic, &braid_core::NoProgress).unwrap();
    let rows = reopen(std::fs::read(&kwic).unwrap());
    assert_eq!(rows[0][6], Data::String("keyword".into()));
    assert!(rows.iter().skip(1).take_while(|r| r[0] != Data::Empty).all(|r| r[6].to_string().to_lowercase() == "mom"), "{rows:?}");
}

#[test]
fn table_1_and_alpha_write_workbooks_with_numbers() {
    let text = std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/survey/small.csv")).unwrap();
    let data = Dataset::from_csv(&text, "small.csv", &CsvOptions::default()).unwrap();
    let options = braid_core::stats::DescribeOptions { group: Some("girl".into()), variables: vec!["depression".into(), "age".into()], ..Default::default() };
    let d = braid_core::describe(&data, &options).unwrap();
    let rows = reopen(workbook(&[table_sheet("Table 1", &d.to_table())]).unwrap());
    // Mean and SD each a number, in two columns.
    assert_eq!(rows[0][2], Data::String("0 (n = 19) (SD)".into()));
    assert_eq!((rows[1][0].clone(), rows[1][1].clone(), rows[1][2].clone()), (Data::String("depression".into()), Data::Float(12.91), Data::Float(2.496)));
    let a = braid_core::alpha(&data, &["belonging".to_string(), "depression".to_string(), "age".to_string()], &[]).unwrap();
    let rows = reopen(workbook(&[braid_core::alpha_sheet(&a)]).unwrap());
    assert_eq!(rows[1][4], Data::Float(a.alpha));
    assert_eq!(rows[2][0], Data::String("belonging".into()));
    assert!(matches!(rows[2][1], Data::Float(_)));
}
