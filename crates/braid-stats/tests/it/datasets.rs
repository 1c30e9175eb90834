//! Reading CSV text: delimiters, types, missing values, labels and errors.

use std::collections::BTreeMap;

use braid_stats::{ColumnKind, CsvOptions, Dataset, Error, FitOptions, fit_ols};
use expect_test::{Expect, expect};

/// Reads `input` as `data.csv` and renders either the error or one line per column:
/// `name kind missing [levels]`.
fn check_with(input: &str, options: &CsvOptions, expect: Expect) {
    let got = match Dataset::from_csv(input, "data.csv", options) {
        Ok(d) => {
            let s = d.summary();
            let mut out = format!("{} rows\n", s.rows);
            for c in s.columns {
                let kind = match c.kind {
                    ColumnKind::Numeric => "numeric",
                    ColumnKind::Categorical => "categorical",
                };
                out.push_str(&format!("{} {kind} missing={}", c.name, c.missing));
                if !c.levels.is_empty() {
                    out.push_str(&format!(" levels={}", c.levels.join("|")));
                }
                if !c.labels.is_empty() {
                    out.push_str(&format!(" labels={:?}", c.labels));
                }
                if c.non_numeric > 0 {
                    out.push_str(&format!(" non_numeric={}", c.non_numeric));
                }
                out.push('\n');
            }
            for note in s.notes {
                out.push_str(&format!("note: {note}\n"));
            }
            out
        }
        Err(e) => format!("error: {e}\n"),
    };
    expect.assert_eq(&got);
}

fn check(input: &str, expect: Expect) {
    check_with(input, &CsvOptions::default(), expect);
}

fn forced(column: &str, kind: ColumnKind) -> CsvOptions {
    CsvOptions {
        types: BTreeMap::from([(column.to_string(), kind)]),
        ..Default::default()
    }
}

#[test]
fn types_are_inferred() {
    check(
        "id,score,group\nA1,3.5,b\nA2,NA,a\nA3,.,c\nA4,,b\n",
        expect![[r#"
            4 rows
            id categorical missing=0 levels=A1|A2|A3|A4
            score numeric missing=3
            group categorical missing=0 levels=a|b|c
        "#]],
    );
}

#[test]
fn delimiter_is_sniffed() {
    check(
        "a;b;c\n1;2,5;x\n3;4;y\n",
        expect![[r#"
            2 rows
            a numeric missing=0
            b numeric missing=0
            c categorical missing=0 levels=x|y
        "#]],
    );
    check(
        "a\tb\n1\t\"x, y\"\n",
        expect![[r#"
            1 rows
            a numeric missing=0
            b categorical missing=0 levels=x, y
        "#]],
    );
}

#[test]
fn user_missing_codes_match_text_and_number() {
    let options = CsvOptions {
        missing: vec!["-99".into(), "refused".into()],
        ..Default::default()
    };
    check_with(
        "x,y\n1,a\n-99,refused\n-99.0,b\n",
        &options,
        expect![[r#"
            3 rows
            x numeric missing=2
            y categorical missing=1 levels=a|b
        "#]],
    );
}

#[test]
fn types_can_be_forced_and_numeric_codes_sort_as_numbers() {
    check_with(
        "grade,y\n10,1\n9,2\n10,3\n",
        &forced("grade", ColumnKind::Categorical),
        expect![[r#"
            3 rows
            grade categorical missing=0 levels=9|10
            y numeric missing=0
        "#]],
    );
}

#[test]
fn value_labels_are_kept() {
    let options = CsvOptions {
        labels: BTreeMap::from([(
            "girl".to_string(),
            BTreeMap::from([
                ("0".to_string(), "Boy".to_string()),
                ("1".to_string(), "Girl".to_string()),
            ]),
        )]),
        ..Default::default()
    };
    check_with(
        "\u{feff}girl\n0\n1\n",
        &options,
        expect![[r#"
            2 rows
            girl numeric missing=0 labels={"0": "Boy", "1": "Girl"}
        "#]],
    );
}

#[test]
fn errors_name_file_line_column_and_value() {
    check(
        "a,b,c\n1,2,3\n4,5\n",
        expect![[r#"
            error: data.csv:3: this row has 2 fields but the header has 3; quote cells that contain the delimiter `,`
        "#]],
    );
    check(
        "a,b,a\n1,2,3\n",
        expect![[r#"
            error: data.csv:1: duplicate column name `a` (columns 1 and 3); rename one of them
        "#]],
    );
    check(
        "a,,c\n1,2,3\n",
        expect![[r#"
            error: data.csv:1: column 2 of the header has no name; every column needs a unique name
        "#]],
    );
    check(
        "",
        expect![[r#"
            error: data.csv:1: the file is empty; a header row naming the columns is required
        "#]],
    );
    check_with(
        "a\n1\n",
        &forced("b", ColumnKind::Numeric),
        expect![[r#"
            error: data.csv: no column `b`; the columns are a
        "#]],
    );
    // A multi-line quoted cell: the error names the line where the bad row starts.
    check_with(
        "id,note,age\n1,\"two\nlines\",x\n2,ok,y\n",
        &forced("age", ColumnKind::Numeric),
        expect![[r#"
            error: data.csv:2: column `age` is declared numeric, but none of its 2 values is a number (the first is `x`); check the column name, or declare it categorical
        "#]],
    );
}

/// Issue #10: a column of numbers with one stray `abc` became categorical without a word.
#[test]
fn a_few_words_in_a_column_of_numbers_are_reported() {
    let mut text = String::from("id,score\n");
    for i in 1..=20 {
        let score = match i {
            7 => "abc".to_string(),
            _ => format!("{}.5", i),
        };
        text.push_str(&format!("{i},{score}\n"));
    }
    check(
        &text,
        expect![[r#"
            error: data.csv:8: column `score`: `abc` is not a number, but 19 of the 20 values in the column are; correct the cell, add `abc` to the missing-value codes, pass `--type score=numeric` to read what is not a number as missing, or `--type score=categorical` if the column holds categories
        "#]],
    );
    // The error is structured: the file, the line, the column and the value.
    let err = Dataset::from_csv(&text, "survey.csv", &CsvOptions::default()).unwrap_err();
    let Error::Csv {
        file,
        line,
        column,
        value,
        ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (file.as_str(), line, column.as_deref(), value.as_deref()),
        ("survey.csv", 8, Some("score"), Some("abc"))
    );
    // Several stray values: the first few are listed with their lines.
    let many: String = std::iter::once("x\n".to_string())
        .chain((1..=100).map(|i| {
            if i % 12 == 0 {
                format!("n{i}\n")
            } else {
                format!("{i}\n")
            }
        }))
        .collect();
    check(
        &many,
        expect![[r#"
            error: data.csv:13: column `x`: `n12` is not a number, but 92 of the 100 values in the column are (8 cells are not: `n12` on line 13, `n24` on line 25, `n36` on line 37, `n48` on line 49, `n60` on line 61, 3 more); correct the cell, add `n12` to the missing-value codes, pass `--type x=numeric` to read what is not a number as missing, or `--type x=categorical` if the column holds categories
        "#]],
    );
    // Declared numeric, the stray values are missing and the dataset says how many.
    check_with(
        &text,
        &forced("score", ColumnKind::Numeric),
        expect![[r#"
        20 rows
        id numeric missing=0
        score numeric missing=1 non_numeric=1
        note: column `score`: 1 value that is not a number is read as missing, as the column is declared numeric (the first: `abc` on line 8)
    "#]],
    );
    check_with(
        &many,
        &forced("x", ColumnKind::Numeric),
        expect![[r#"
        100 rows
        x numeric missing=8 non_numeric=8
        note: column `x`: 8 values that are not numbers are read as missing, as the column is declared numeric (the first: `n12` on line 13)
    "#]],
    );
    // Declared categorical, they are categories like the rest.
    let categorical = Dataset::from_csv(
        &text,
        "survey.csv",
        &forced("score", ColumnKind::Categorical),
    )
    .unwrap();
    assert_eq!(categorical.kind("score"), Some(ColumnKind::Categorical));
    // A missing-value code takes the value out of the count.
    let options = CsvOptions {
        missing: vec!["abc".into()],
        ..Default::default()
    };
    let coded = Dataset::from_csv(&text, "survey.csv", &options).unwrap();
    assert_eq!(coded.kind("score"), Some(ColumnKind::Numeric));
}

#[test]
fn a_column_of_mostly_words_stays_categorical() {
    // Below the 90% rule: 8 numbers and 2 words is a column of codes, read as categories.
    check(
        "code\n1\n2\n3\n4\n5\n6\n7\n8\nother\nnone\n",
        expect![[r#"
            10 rows
            code categorical missing=0 levels=1|2|3|4|5|6|7|8|none|other
        "#]],
    );
    // Exactly at the rule: 9 numbers and one word is reported.
    check(
        "code\n1\n2\n3\n4\n5\n6\n7\n8\n9\nother\n",
        expect![[r#"
            error: data.csv:11: column `code`: `other` is not a number, but 9 of the 10 values in the column are; correct the cell, add `other` to the missing-value codes, pass `--type code=numeric` to read what is not a number as missing, or `--type code=categorical` if the column holds categories
        "#]],
    );
    assert_eq!(braid_stats::MOSTLY_NUMERIC, 0.9);
}

#[test]
fn csv_errors_are_structured() {
    let err = Dataset::from_csv(
        "id,age\nA,x\n",
        "f.csv",
        &forced("age", ColumnKind::Numeric),
    )
    .unwrap_err();
    let Error::Csv {
        file,
        line,
        column,
        value,
        ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert_eq!(
        (file.as_str(), line, column.as_deref(), value.as_deref()),
        ("f.csv", 2, Some("age"), Some("x"))
    );
}

/// Fits `formula` to a small dataset and renders the error.
fn check_fit(formula: &str, refs: &[(&str, &str)], expect: Expect) {
    let data = Dataset::from_csv(
        "y,x,g,t\n1,2,a,u\n2,3,b,v\n4,4,a,v\n3,6,b,u\n5,5,a,u\n6,2,b,v\n",
        "d.csv",
        &CsvOptions::default(),
    )
    .unwrap();
    let options = FitOptions {
        refs: refs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        ..Default::default()
    };
    let got = match fit_ols(&data, formula, &options) {
        Ok(f) if f.aliased.is_empty() => f
            .coefficients
            .iter()
            .map(|c| c.term.clone())
            .collect::<Vec<_>>()
            .join(", "),
        Ok(f) => format!(
            "{}; aliased: {}",
            f.coefficients
                .iter()
                .map(|c| c.term.clone())
                .collect::<Vec<_>>()
                .join(", "),
            f.aliased.join(", ")
        ),
        Err(e) => format!("error: {e}"),
    };
    expect.assert_eq(&got);
}

#[test]
fn formula_errors_name_the_column() {
    check_fit(
        "y ~ x + z",
        &[],
        expect!["error: formula `y ~ x + z`: no column `z` in d.csv; the columns are y, x, g, t"],
    );
    check_fit(
        "g ~ x",
        &[],
        expect![
            "error: formula `g ~ x`: the response `g` is categorical; linear regression needs a numeric outcome"
        ],
    );
    check_fit(
        "y ~ g",
        &[("g", "c")],
        expect![
            "error: formula `y ~ g`: the reference level `c` of `g` does not occur in the estimation sample; its levels are a, b"
        ],
    );
    check_fit("y ~ g", &[("g", "b")], expect!["(Intercept), g[a]"]);
    check_fit(
        "y ~ factor(x)",
        &[("x", "3")],
        expect!["(Intercept), factor(x)[2], factor(x)[4], factor(x)[5], factor(x)[6]"],
    );
    check_fit("y ~ x:g", &[], expect!["(Intercept), x:g[a], x:g[b]"]);
    // As in R: without main effects both factors get every level, and the last cell is
    // aliased with the intercept.
    check_fit(
        "y ~ g:t",
        &[],
        expect!["(Intercept), g[a]:t[u], g[b]:t[u], g[a]:t[v]; aliased: g[b]:t[v]"],
    );
    check_fit(
        "y ~ g*t",
        &[],
        expect!["(Intercept), g[b], t[v], g[b]:t[v]"],
    );
}

#[test]
fn a_column_of_numbers_and_words_keeps_each_cell_as_written() {
    // Half numbers, half words: categories, read a second time for the cells' text, so `01`
    // and `1` stay two levels and a missing code stays missing.
    check_with(
        "id,grade\n1,01\n2,1\n3,other\n4,none\n5,-99\n6,other\n",
        &CsvOptions {
            missing: vec!["-99".into()],
            ..Default::default()
        },
        expect![[r#"
            6 rows
            id numeric missing=0
            grade categorical missing=1 levels=01|1|none|other
        "#]],
    );
}

#[test]
fn a_quote_never_closed_is_found_in_any_row() {
    // In the last row, without a final line break: the reader takes the rest as one field
    // without complaint, so the last record is checked.
    check(
        "id,name\n1,Li\n2,\"Wang",
        expect![[r#"
            error: data.csv:3: a quoted field opens on this line and is never closed; add the closing `"`
        "#]],
    );
    // In the last column of an earlier row: the rest of the file becomes that row's field.
    check(
        "id,name\n1,\"Li\n2,Wang\n3,Zhao\n",
        expect![[r#"
            error: data.csv:2: a quoted field opens on this line and is never closed; add the closing `"`
        "#]],
    );
    // In the middle: the row comes out short.
    check(
        "id,name,age\n1,\"Li,9\n2,Wang,10\n",
        expect![[r#"
            error: data.csv:2: a quoted field opens on this line and is never closed; add the closing `"`
        "#]],
    );
    // In the header.
    check(
        "id,\"name\n1,Li\n",
        expect![[r#"
            error: data.csv:1: a quoted field opens on this line and is never closed; add the closing `"`
        "#]],
    );
}

/// A file large enough to be read in parallel spans: the columns join up across them, and an
/// error names its line in the whole file.
#[test]
fn a_large_file_reads_the_same_in_parallel_spans() {
    const ROWS: usize = 400_000;
    let mut text = String::from("id,score,group\n");
    for i in 0..ROWS {
        // `d` first appears late, in the last span; every 1000th score is missing.
        let group = if i > ROWS - 10 { "d" } else { ["b", "a", "c"][i % 3] };
        let score = if i % 1000 == 0 { "NA".to_string() } else { format!("{}.5", i % 7) };
        text.push_str(&format!("{i},{score},{group}\n"));
    }
    assert!(text.len() > 4 << 20, "the file must be past the parallel threshold");
    let data = Dataset::from_csv(&text, "big.csv", &CsvOptions::default()).unwrap();
    let summary = data.summary();
    assert_eq!(summary.rows, ROWS);
    let group = &summary.columns[2];
    assert_eq!(group.levels, ["a", "b", "c", "d"]);
    assert_eq!(summary.columns[1].missing, ROWS / 1000);
    // The codes of every span point at the right levels: the model has a term for each
    // level but the reference `a`, and uses every complete row.
    let fit = fit_ols(&data, "score ~ group", &FitOptions::default()).unwrap();
    assert_eq!(fit.n, ROWS - ROWS / 1000);
    let terms: Vec<&str> = fit.coefficients.iter().map(|c| c.term.as_str()).collect();
    assert_eq!(terms, ["(Intercept)", "group[b]", "group[c]", "group[d]"]);

    // A short row late in the file.
    let bad_row = 250_000;
    let mut lines: Vec<&str> = text.lines().collect();
    let broken = format!("{}", bad_row);
    lines[bad_row + 1] = &broken;
    let broken_text = lines.join("\n");
    let err = Dataset::from_csv(&broken_text, "big.csv", &CsvOptions::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "big.csv:{}: this row has 1 fields but the header has 3; quote cells that contain the delimiter `,`",
            bad_row + 2
        )
    );

    // A stray word late in a column of numbers: the error names its line.
    let stray = format!("{bad_row},abc,a");
    lines[bad_row + 1] = &stray;
    let err = Dataset::from_csv(&lines.join("\n"), "big.csv", &CsvOptions::default()).unwrap_err();
    assert!(
        err.to_string().starts_with(&format!("big.csv:{}: column `score`: `abc` is not a number", bad_row + 2)),
        "{err}"
    );
}

#[test]
fn lines_ended_by_a_lone_carriage_return_read_as_rows() {
    // Classic Mac OS line ends: more rows than line feeds, so the column outgrows the room
    // counted for it.
    check(
        "id,x,g\r1,2.5,a\r2,,b\r3,4,a\r",
        expect![[r#"
            3 rows
            id numeric missing=0
            x numeric missing=1
            g categorical missing=0 levels=a|b
        "#]],
    );
}
