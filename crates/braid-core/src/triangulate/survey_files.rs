//! Survey files as researchers keep them: SPSS `.sav`/`.zsav`, Stata `.dta`, Excel `.xlsx` and
//! OpenDocument `.ods`, read with well-kept pure-Rust readers (`ambers`, `dta`, `calamine`) into
//! the same typed CSV a CSV import
//! stores, with the labels, missing codes and dates carried over. The original bytes' hash is the
//! dataset's provenance, as for a CSV.

use std::collections::BTreeMap;
use std::io::Cursor;

use braid_stats::{ColumnKind, CsvOptions};

use crate::error::{Error, Location, Result};
use crate::text::Source;

/// How a survey file is read beyond what a CSV needs.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(default)]
pub struct SurveyFileOptions {
    /// The sheet of a workbook (default: the first).
    pub sheet: Option<String>,
    /// Keep the numeric codes of labelled variables (the labels still print in tables),
    /// instead of using the labels as the categories.
    pub codes: bool,
}

/// A file's format, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SurveyFormat {
    /// Comma- or tab-separated text.
    Csv,
    /// SPSS `.sav` and `.zsav`.
    Spss,
    /// Stata `.dta`, releases 102–119.
    Stata,
    /// Excel `.xlsx` (and `.xlsm`, `.xlsb`, `.xls`).
    Excel,
    /// OpenDocument `.ods`.
    OpenDocument,
}

impl SurveyFormat {
    /// The format of `source`, by its extension; text for anything else.
    pub fn of(source: &Source) -> SurveyFormat {
        match source.path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase().as_str() {
            "sav" | "zsav" => SurveyFormat::Spss,
            "dta" => SurveyFormat::Stata,
            "xlsx" | "xlsm" | "xlsb" | "xls" => SurveyFormat::Excel,
            "ods" => SurveyFormat::OpenDocument,
            _ => SurveyFormat::Csv,
        }
    }
}

/// One cell as read.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Num(f64),
    Text(String),
    Missing,
}

/// One column as read, before it becomes CSV.
#[derive(Debug, Default)]
struct Col {
    name: String,
    label: String,
    cells: Vec<Cell>,
    /// Code (as the number prints) → label.
    value_labels: BTreeMap<String, String>,
    /// Cells read as missing because the file marks them so (user-missing, `.a`–`.z`).
    flagged_missing: usize,
    dates: bool,
    /// The file gives no type (a spreadsheet): the type is inferred from the cells, and said.
    inferred: bool,
}

/// A file read: its columns, and what the reading decided.
pub(crate) struct Converted {
    /// The typed CSV to store.
    pub csv: String,
    /// The CSV's reading options: forced types, value labels, variable labels.
    pub options: CsvOptions,
    /// What the reading changed or decided, per variable.
    pub notes: Vec<String>,
}

/// A number as CSV text that parses back to the same `f64`.
fn number(x: f64) -> String {
    format!("{x}")
}

/// The date of a Stata `%td` day count (days since 1960-01-01).
fn stata_date(days: f64) -> Option<String> {
    let base = time::Date::from_calendar_date(1960, time::Month::January, 1).ok()?;
    let d = base.checked_add(time::Duration::days(days.floor() as i64))?;
    Some(format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()))
}

/// Read `source` (a `.dta`, `.xlsx` or `.ods`) as typed CSV.
pub(crate) fn convert(source: &Source, format: SurveyFormat, options: &SurveyFileOptions) -> Result<Converted> {
    let file = source.path.display().to_string();
    let cols = match format {
        SurveyFormat::Spss => read_spss(&source.bytes, &file)?,
        SurveyFormat::Stata => read_stata(&source.bytes, &file)?,
        SurveyFormat::Excel | SurveyFormat::OpenDocument => read_sheet(&source.bytes, &file, options.sheet.as_deref())?,
        SurveyFormat::Csv => return Err(Error::BadRequest(format!("{file} is text; read it as CSV"))),
    };
    Ok(to_csv(cols, options.codes))
}

fn to_csv(cols: Vec<Col>, codes: bool) -> Converted {
    let mut options = CsvOptions::default();
    let mut notes = Vec::new();
    let rows = cols.iter().map(|c| c.cells.len()).max().unwrap_or(0);
    let mut out = csv::Writer::from_writer(Vec::new());
    let _ = out.write_record(cols.iter().map(|c| c.name.as_str()));
    // The text of each cell, and each column's type.
    let mut texts: Vec<Vec<String>> = Vec::with_capacity(cols.len());
    for c in &cols {
        let numeric = c.cells.iter().all(|x| !matches!(x, Cell::Text(_)));
        // A variable is categorical when its labels name every value it holds; a measure with
        // labels for a few special codes (e.g. -99 "not answered") stays a number.
        let labelled = numeric
            && !c.value_labels.is_empty()
            && c.cells.iter().all(|x| match x {
                Cell::Num(v) => c.value_labels.contains_key(&number(*v)),
                _ => true,
            });
        let column: Vec<String> = (0..rows)
            .map(|r| match c.cells.get(r).unwrap_or(&Cell::Missing) {
                Cell::Missing => String::new(),
                Cell::Text(t) => t.clone(),
                Cell::Num(x) if labelled && !codes => c.value_labels.get(&number(*x)).cloned().unwrap_or_else(|| number(*x)),
                Cell::Num(x) => number(*x),
            })
            .collect();
        let kind = if labelled && !codes {
            notes.push(format!("{}: value labels used as its categories ({})", c.name, c.value_labels.values().cloned().collect::<Vec<_>>().join(", ")));
            ColumnKind::Categorical
        } else if numeric && !c.dates {
            if !c.value_labels.is_empty() {
                options.labels.insert(c.name.clone(), c.value_labels.clone());
            }
            ColumnKind::Numeric
        } else {
            ColumnKind::Categorical
        };
        if c.dates {
            notes.push(format!("{}: dates, read as YYYY-MM-DD", c.name));
        } else if c.inferred && column.iter().any(|t| !t.is_empty()) {
            let as_what = if kind == ColumnKind::Numeric { "numbers" } else { "categories" };
            notes.push(format!("{}: type inferred from its cells: {as_what}", c.name));
        }
        if c.flagged_missing > 0 {
            notes.push(format!("{}: {} cell{} the file marks as missing", c.name, c.flagged_missing, if c.flagged_missing == 1 { "" } else { "s" }));
        }
        // Only a column with some value gets a type; an empty one is left to the CSV reader.
        if column.iter().any(|t| !t.is_empty()) {
            options.types.insert(c.name.clone(), kind);
        }
        if !c.label.is_empty() {
            options.variable_labels.insert(c.name.clone(), c.label.clone());
        }
        texts.push(column);
    }
    for r in 0..rows {
        let _ = out.write_record(texts.iter().map(|c| c[r].as_str()));
    }
    let csv = String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default();
    Converted { csv, options, notes }
}

fn read_stata(bytes: &[u8], file: &str) -> Result<Vec<Col>> {
    use dta::stata::dta::dta_reader::DtaReader;
    use dta::stata::dta::value::Value;
    let bad = |e: dta::stata::dta::dta_error::DtaError| Error::bad_input(Location::file(file), format!("not a readable Stata .dta file: {e}"));
    let schema_reader = DtaReader::new().from_reader(Cursor::new(bytes)).read_header().map_err(bad)?;
    let mut characteristics = schema_reader.read_schema().map_err(bad)?;
    characteristics.skip_to_end().map_err(bad)?;
    let mut records = characteristics.into_record_reader().map_err(bad)?;
    let schema = records.schema().clone();
    let mut cols: Vec<Col> = schema
        .variables()
        .iter()
        .map(|v| Col { name: v.name().to_string(), label: v.label().to_string(), dates: v.format().starts_with("%td") || v.format().starts_with("%d"), ..Default::default() })
        .collect();
    let mut row = 0usize;
    while let Some(record) = records.read_record().map_err(bad)? {
        row += 1;
        for (c, value) in cols.iter_mut().zip(record.values()) {
            use dta::stata::missing_value::MissingValue;
            use dta::stata::{stata_byte::StataByte, stata_double::StataDouble, stata_float::StataFloat, stata_int::StataInt, stata_long::StataLong};
            // `.` is plain missing; `.a`–`.z` are the file's own missing codes, counted.
            let tagged = |m: &MissingValue| *m != MissingValue::System;
            let (num, flagged): (Option<f64>, bool) = match value {
                Value::Byte(StataByte::Present(x)) => (Some(f64::from(*x)), false),
                Value::Int(StataInt::Present(x)) => (Some(f64::from(*x)), false),
                Value::Long(StataLong::Present(x)) => (Some(f64::from(*x)), false),
                Value::Float(StataFloat::Present(x)) => (Some(f64::from(*x)), false),
                Value::Double(StataDouble::Present(x)) => (Some(*x), false),
                Value::Byte(StataByte::Missing(m))
                | Value::Int(StataInt::Missing(m))
                | Value::Long(StataLong::Missing(m))
                | Value::Float(StataFloat::Missing(m))
                | Value::Double(StataDouble::Missing(m)) => (None, tagged(m)),
                Value::String(s) => {
                    c.cells.push(if s.trim().is_empty() { Cell::Missing } else { Cell::Text(s.to_string()) });
                    continue;
                }
                Value::LongStringRef(_) => {
                    return Err(Error::bad_input(
                        Location::file(file).line(row).field(&c.name),
                        format!("{}: long strings (strL) are not read; store the variable as str# in Stata", c.name),
                    ));
                }
            };
            match num {
                Some(x) if c.dates => c.cells.push(stata_date(x).map_or(Cell::Missing, Cell::Text)),
                Some(x) => c.cells.push(Cell::Num(x)),
                None => {
                    c.flagged_missing += usize::from(flagged);
                    c.cells.push(Cell::Missing);
                }
            }
        }
        if row > MAX_SURVEY_ROWS {
            return Err(Error::bad_input(Location::file(file), format!("more than {MAX_SURVEY_ROWS} rows (the limit)")));
        }
    }
    let mut strings = records.into_long_string_reader().map_err(bad)?;
    strings.skip_to_end().map_err(bad)?;
    let mut labels_reader = strings.into_value_label_reader().map_err(bad)?;
    let mut sets: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    while let Some(set) = labels_reader.read_value_label_set().map_err(bad)? {
        sets.insert(set.name().to_string(), set.entries().iter().map(|e| (e.value().to_string(), e.label().to_string())).collect());
    }
    for (c, v) in cols.iter_mut().zip(schema.variables()) {
        if let Some(set) = sets.get(v.value_label_name()) {
            c.value_labels = set.clone();
        }
    }
    Ok(cols)
}

fn read_spss(bytes: &[u8], file: &str) -> Result<Vec<Col>> {
    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{DataType, Date32Type, Float64Type, TimeUnit, TimestampMicrosecondType};
    let (batch, meta) = ambers::read_sav_from_reader(Cursor::new(bytes))
        .map_err(|e| Error::bad_input(Location::file(file), format!("not a readable SPSS .sav/.zsav file: {e}")))?;
    if batch.num_rows() > MAX_SURVEY_ROWS {
        return Err(Error::bad_input(Location::file(file), format!("more than {MAX_SURVEY_ROWS} rows (the limit)")));
    }
    let epoch = time::Date::from_calendar_date(1970, time::Month::January, 1).map_err(|e| Error::BadRequest(e.to_string()))?;
    let day = |days: i64| epoch.checked_add(time::Duration::days(days)).map(|d| format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()));
    let schema = batch.schema();
    let mut cols = Vec::with_capacity(batch.num_columns());
    for (field, array) in schema.fields().iter().zip(batch.columns()) {
        let name = field.name().clone();
        let missing = meta.variable_missing_values.get(&name).cloned().unwrap_or_default();
        let is_user_missing = |x: f64| {
            missing.iter().any(|m| match m {
                ambers::MissingSpec::Value(v) => *v == x,
                ambers::MissingSpec::Range { lo, hi } => *lo <= x && x <= *hi,
                ambers::MissingSpec::StringValue(_) => false,
            })
        };
        let mut col = Col { name: name.clone(), label: meta.variable_labels.get(&name).cloned().unwrap_or_default(), ..Default::default() };
        if let Some(labels) = meta.variable_value_labels.get(&name) {
            for (value, label) in labels {
                let key = match value {
                    ambers::Value::Numeric(x) => number(*x),
                    ambers::Value::String(s) => s.trim().to_string(),
                };
                col.value_labels.insert(key, label.clone());
            }
        }
        for r in 0..array.len() {
            let cell = if array.is_null(r) {
                Cell::Missing
            } else {
                match array.data_type() {
                    DataType::Float64 => {
                        let x = array.as_primitive::<Float64Type>().value(r);
                        if is_user_missing(x) {
                            col.flagged_missing += 1;
                            Cell::Missing
                        } else {
                            Cell::Num(x)
                        }
                    }
                    DataType::Date32 => {
                        col.dates = true;
                        day(i64::from(array.as_primitive::<Date32Type>().value(r))).map_or(Cell::Missing, Cell::Text)
                    }
                    DataType::Timestamp(TimeUnit::Microsecond, _) => {
                        col.dates = true;
                        let micros = array.as_primitive::<TimestampMicrosecondType>().value(r);
                        day(micros.div_euclid(86_400_000_000)).map_or(Cell::Missing, Cell::Text)
                    }
                    DataType::Utf8View => {
                        let s = array.as_string_view().value(r).trim_end().to_string();
                        let flagged = missing.iter().any(|m| matches!(m, ambers::MissingSpec::StringValue(v) if v.trim_end() == s));
                        if flagged {
                            col.flagged_missing += 1;
                        }
                        if s.is_empty() || flagged { Cell::Missing } else { Cell::Text(s) }
                    }
                    DataType::Utf8 => {
                        let s = array.as_string::<i32>().value(r).trim_end().to_string();
                        if s.is_empty() { Cell::Missing } else { Cell::Text(s) }
                    }
                    other => {
                        return Err(Error::bad_input(
                            Location::file(file).field(&name),
                            format!("{name}: values of type {other} are not read (durations and other temporal kinds); convert the variable to a number or a date in SPSS"),
                        ));
                    }
                }
            };
            col.cells.push(cell);
        }
        cols.push(col);
    }
    Ok(cols)
}

/// The most rows a survey file may hold.
pub const MAX_SURVEY_ROWS: usize = 10_000_000;

fn read_sheet(bytes: &[u8], file: &str, sheet: Option<&str>) -> Result<Vec<Col>> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.to_vec()))
        .map_err(|e| Error::bad_input(Location::file(file), format!("not a readable spreadsheet: {e}")))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) => names.iter().find(|n| n.as_str() == s).cloned().ok_or_else(|| {
            Error::bad_input(Location::file(file).field(s), format!("the workbook has no sheet `{s}`; its sheets are {}", names.join(", ")))
        })?,
        None => names.first().cloned().ok_or_else(|| Error::bad_input(Location::file(file), "the workbook has no sheets"))?,
    };
    let range = book.worksheet_range(&name).map_err(|e| Error::bad_input(Location::file(file).field(&name), format!("sheet `{name}` cannot be read: {e}")))?;
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().map(|r| r.iter().map(|c| c.to_string().trim().to_string()).collect()).unwrap_or_default();
    if header.is_empty() || header.iter().all(String::is_empty) {
        return Err(Error::bad_input(Location::file(file).field(&name), format!("sheet `{name}` has no header row")));
    }
    let mut cols: Vec<Col> = header
        .iter()
        .enumerate()
        .map(|(i, h)| Col { name: if h.is_empty() { format!("column{}", i + 1) } else { h.clone() }, inferred: true, ..Default::default() })
        .collect();
    for (r, row) in rows.enumerate() {
        if r >= MAX_SURVEY_ROWS {
            return Err(Error::bad_input(Location::file(file), format!("more than {MAX_SURVEY_ROWS} rows (the limit)")));
        }
        for (i, c) in cols.iter_mut().enumerate() {
            let cell = match row.get(i).unwrap_or(&Data::Empty) {
                Data::Empty => Cell::Missing,
                Data::Int(x) => Cell::Num(*x as f64),
                Data::Float(x) => Cell::Num(*x),
                Data::Bool(b) => Cell::Num(f64::from(u8::from(*b))),
                Data::String(s) if s.trim().is_empty() => Cell::Missing,
                Data::String(s) => Cell::Text(s.clone()),
                Data::DateTime(d) => {
                    c.dates = true;
                    let (y, m, day, ..) = d.to_ymd_hms_milli();
                    Cell::Text(format!("{y:04}-{m:02}-{day:02}"))
                }
                Data::DateTimeIso(s) => {
                    c.dates = true;
                    Cell::Text(s.chars().take(10).collect())
                }
                Data::DurationIso(s) => Cell::Text(s.clone()),
                Data::Error(e) => {
                    return Err(Error::bad_input(
                        Location::file(file).line(r + 2).field(&c.name),
                        format!("sheet `{name}`, row {}, column {}: the cell holds an error ({e:?})", r + 2, c.name),
                    ));
                }
            };
            c.cells.push(cell);
        }
    }
    Ok(cols)
}
