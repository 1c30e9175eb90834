//! Datasets: typed columns read from CSV text, with missing values and value labels.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{Error, Result};

/// The share of numbers above which a column with a few other values is reported instead of
/// read as categorical: when at least 90% of a column's non-missing cells are numbers and some
/// are not, the others are most likely typing errors (`abc`, `1O`), and reading the column as
/// categories would silently turn a measure into hundreds of levels. The error names the
/// file, line, column and value, and the way out: correct the cell, declare the value
/// missing, or declare the column's type.
pub const MOSTLY_NUMERIC: f64 = 0.9;

/// The type of a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// Numbers; enters a model as one column (a slope).
    Numeric,
    /// Codes or labels; enters a model as indicator columns (treatment contrasts).
    Categorical,
}

/// How to read a CSV file into a [`Dataset`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct CsvOptions {
    /// Column types that override inference. In a column forced `numeric`, cells that are not
    /// numbers are read as missing, and the dataset's notes say how many (a column with no
    /// number at all is refused, as the type is then surely a mistake).
    pub types: BTreeMap<String, ColumnKind>,
    /// Extra missing-value codes, e.g. `-99`. Empty cells, `NA` and `.` are always missing.
    /// A numeric code also matches the same number written differently (`-99.0`).
    pub missing: Vec<String>,
    /// Value labels: column → code → label, e.g. `girl` → `1` → `Girl`. Labels are used in
    /// descriptive tables and plot legends; model terms keep the codes.
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    /// Variable labels, column → label (e.g. `depression` → `Depression score (CES-DC)`), as
    /// SPSS and Stata files carry them.
    pub variable_labels: BTreeMap<String, String>,
}

/// The values of one column, for [`Dataset::from_columns`].
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnValues {
    /// Numbers; `NaN` marks a missing value.
    Numeric(Vec<f64>),
    /// Codes or labels; `None` marks a missing value.
    Categorical(Vec<Option<String>>),
}

/// A table of typed columns, all of the same length. Build one with [`Dataset::from_csv`] or
/// [`Dataset::from_columns`].
#[derive(Debug, Clone)]
pub struct Dataset {
    name: String,
    rows: usize,
    columns: Vec<Column>,
    notes: Vec<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Column {
    pub name: String,
    pub values: Values,
    pub labels: BTreeMap<String, String>,
    /// Cells that were not numbers, read as missing because the column is declared numeric.
    pub non_numeric: usize,
}

/// Marks a missing categorical value.
pub(crate) const MISSING: u32 = u32::MAX;

#[derive(Debug, Clone)]
pub(crate) enum Values {
    /// `NaN` is missing.
    Numeric(Vec<f64>),
    /// `levels` are sorted (see [`sort_levels`]); `codes` index them, [`MISSING`] is missing.
    Categorical {
        levels: Vec<String>,
        codes: Vec<u32>,
    },
}

impl Column {
    pub fn kind(&self) -> ColumnKind {
        match self.values {
            Values::Numeric(_) => ColumnKind::Numeric,
            Values::Categorical { .. } => ColumnKind::Categorical,
        }
    }

    pub fn is_missing(&self, row: usize) -> bool {
        match &self.values {
            Values::Numeric(v) => v[row].is_nan(),
            Values::Categorical { codes, .. } => codes[row] == MISSING,
        }
    }
}

/// An overview of a dataset for display: its columns, their types, missing counts and levels.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DatasetSummary {
    /// The dataset's name (usually its file name).
    pub name: String,
    /// Number of data rows (the header excluded).
    pub rows: usize,
    /// One entry per column, in file order.
    pub columns: Vec<ColumnSummary>,
    /// What reading the file changed that the user should know, e.g. cells that are not
    /// numbers read as missing in a column declared numeric.
    pub notes: Vec<String>,
}

/// One column of a [`DatasetSummary`].
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ColumnSummary {
    /// Column name.
    pub name: String,
    /// Numeric or categorical.
    pub kind: ColumnKind,
    /// Number of missing cells.
    pub missing: usize,
    /// For categorical columns, the levels in sorted order; empty for numeric columns.
    pub levels: Vec<String>,
    /// Value labels, code → label.
    pub labels: BTreeMap<String, String>,
    /// Cells that were not numbers, read as missing because the column is declared numeric
    /// (counted in `missing` too).
    pub non_numeric: usize,
}

impl Dataset {
    /// Reads CSV text. `file` names the source in error messages.
    ///
    /// The delimiter (comma, semicolon or tab) is sniffed from the header line, which is
    /// required. Cells are trimmed. A column is numeric when every non-missing cell is a
    /// finite number, categorical when fewer than [`MOSTLY_NUMERIC`] of them are, and an error
    /// in between (a few stray values in a column of numbers), unless [`CsvOptions::types`]
    /// says otherwise. With a semicolon delimiter a decimal comma (`3,5`) is accepted in
    /// numbers.
    pub fn from_csv(text: &str, file: &str, options: &CsvOptions) -> Result<Dataset> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let csv_err =
            |line: u64, column: Option<&str>, value: Option<&str>, message: String| Error::Csv {
                file: file.to_string(),
                line,
                column: column.map(str::to_string),
                value: value.map(str::to_string),
                message,
            };
        let delimiter = sniff_delimiter(text);
        if let Some(line) = unclosed_quote(text, delimiter) {
            return Err(csv_err(
                line,
                None,
                None,
                "a quoted field opens on this line and is never closed; add the closing `\"`"
                    .into(),
            ));
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut records = reader.records();
        let header = match records.next() {
            None => {
                return Err(csv_err(
                    1,
                    None,
                    None,
                    "the file is empty; a header row naming the columns is required".into(),
                ));
            }
            Some(Err(e)) => return Err(from_csv_error(file, &e)),
            Some(Ok(h)) => h,
        };
        let header_line = header.position().map_or(1, |p| p.line());
        let names: Vec<String> = header.iter().map(str::to_string).collect();
        let mut seen = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            if name.is_empty() {
                return Err(csv_err(
                    header_line,
                    None,
                    None,
                    format!(
                        "column {} of the header has no name; every column needs a unique name",
                        i + 1
                    ),
                ));
            }
            if let Some(first) = seen.insert(name.as_str(), i) {
                return Err(csv_err(
                    header_line,
                    Some(name),
                    None,
                    format!(
                        "duplicate column name `{name}` (columns {} and {}); rename one of them",
                        first + 1,
                        i + 1
                    ),
                ));
            }
        }
        for name in options.types.keys().chain(options.labels.keys()) {
            if !seen.contains_key(name.as_str()) {
                return Err(Error::UnknownColumn {
                    dataset: file.to_string(),
                    column: name.clone(),
                    available: names.join(", "),
                });
            }
        }

        let width = names.len();
        let mut cells: Vec<Vec<String>> = vec![Vec::new(); width];
        let mut lines: Vec<u64> = Vec::new();
        for record in records {
            let record = record.map_err(|e| from_csv_error(file, &e))?;
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != width {
                return Err(csv_err(
                    line,
                    None,
                    None,
                    format!(
                        "this row has {} fields but the header has {width}; quote cells that contain the delimiter `{}`",
                        record.len(),
                        char::from(delimiter).escape_default()
                    ),
                ));
            }
            for (col, cell) in cells.iter_mut().zip(record.iter()) {
                col.push(cell.to_string());
            }
            lines.push(line);
        }

        let missing = MissingCodes::new(&options.missing, delimiter);
        let mut columns = Vec::with_capacity(width);
        let mut notes = Vec::new();
        for (name, raw) in names.into_iter().zip(cells) {
            let forced = options.types.get(&name).copied();
            let mut non_numeric = 0;
            let values = match forced {
                Some(ColumnKind::Categorical) => categorical(&raw, &missing),
                Some(ColumnKind::Numeric) => {
                    let read = read_numbers(&raw, &lines, &missing);
                    if let Some(&(line, cell)) = read.others.first() {
                        if read.numbers == 0 {
                            return Err(csv_err(
                                line,
                                Some(&name),
                                Some(cell),
                                format!(
                                    "column `{name}` is declared numeric, but none of its {} values is a number \
                                     (the first is `{cell}`); check the column name, or declare it categorical",
                                    read.others.len()
                                ),
                            ));
                        }
                        non_numeric = read.others.len();
                        notes.push(format!(
                            "column `{name}`: {} read as missing, as the column is declared numeric (the first: `{cell}` on line {line})",
                            if non_numeric == 1 {
                                "1 value that is not a number is".to_string()
                            } else {
                                format!("{non_numeric} values that are not numbers are")
                            }
                        ));
                    }
                    Values::Numeric(read.values)
                }
                None => {
                    let read = read_numbers(&raw, &lines, &missing);
                    match read.others.first() {
                        None => Values::Numeric(read.values),
                        Some(_)
                            if read.numbers as f64
                                >= MOSTLY_NUMERIC * (read.numbers + read.others.len()) as f64 =>
                        {
                            return Err(mostly_numeric(file, &name, &read));
                        }
                        Some(_) => categorical(&raw, &missing),
                    }
                }
            };
            let labels = options.labels.get(&name).cloned().unwrap_or_default();
            columns.push(Column {
                name,
                values,
                labels,
                non_numeric,
            });
        }
        Ok(Dataset {
            name: file.to_string(),
            rows: lines.len(),
            columns,
            notes,
        })
    }

    /// Builds a dataset from columns already in memory. `name` names it in error messages.
    pub fn from_columns(name: &str, columns: Vec<(String, ColumnValues)>) -> Result<Dataset> {
        let rows = columns.first().map_or(0, |(_, v)| match v {
            ColumnValues::Numeric(x) => x.len(),
            ColumnValues::Categorical(x) => x.len(),
        });
        let mut seen = HashMap::new();
        let mut out = Vec::with_capacity(columns.len());
        for (col_name, values) in columns {
            if seen.insert(col_name.clone(), ()).is_some() {
                return Err(Error::invalid(format!(
                    "{name}: duplicate column name `{col_name}`"
                )));
            }
            let values = match values {
                ColumnValues::Numeric(v) => Values::Numeric(v),
                ColumnValues::Categorical(v) => {
                    let raw: Vec<String> = v.into_iter().map(|x| x.unwrap_or_default()).collect();
                    categorical(&raw, &MissingCodes::new(&[], b','))
                }
            };
            let len = match &values {
                Values::Numeric(v) => v.len(),
                Values::Categorical { codes, .. } => codes.len(),
            };
            if len != rows {
                return Err(Error::invalid(format!(
                    "{name}: column `{col_name}` has {len} values but the first column has {rows}; all columns need the same length"
                )));
            }
            out.push(Column {
                name: col_name,
                values,
                labels: BTreeMap::new(),
                non_numeric: 0,
            });
        }
        Ok(Dataset {
            name: name.to_string(),
            rows,
            columns: out,
            notes: Vec::new(),
        })
    }

    /// The dataset's name, as given to [`Dataset::from_csv`] or [`Dataset::from_columns`].
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of data rows.
    pub fn n_rows(&self) -> usize {
        self.rows
    }

    /// Column names in file order.
    pub fn column_names(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.name.as_str()).collect()
    }

    /// The type of a column, or `None` if there is no such column.
    pub fn kind(&self, column: &str) -> Option<ColumnKind> {
        self.find(column).map(Column::kind)
    }

    /// Columns, types, missing counts, levels and labels.
    pub fn summary(&self) -> DatasetSummary {
        DatasetSummary {
            name: self.name.clone(),
            rows: self.rows,
            columns: self
                .columns
                .iter()
                .map(|c| ColumnSummary {
                    name: c.name.clone(),
                    kind: c.kind(),
                    missing: (0..self.rows).filter(|&r| c.is_missing(r)).count(),
                    levels: match &c.values {
                        Values::Numeric(_) => Vec::new(),
                        Values::Categorical { levels, .. } => levels.clone(),
                    },
                    labels: c.labels.clone(),
                    non_numeric: c.non_numeric,
                })
                .collect(),
            notes: self.notes.clone(),
        }
    }

    pub(crate) fn find(&self, column: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == column)
    }

    /// The column, or an error naming the dataset and its columns.
    pub(crate) fn column(&self, column: &str) -> Result<&Column> {
        self.find(column).ok_or_else(|| self.unknown(column))
    }

    pub(crate) fn unknown(&self, column: &str) -> Error {
        Error::UnknownColumn {
            dataset: self.name.clone(),
            column: column.to_string(),
            available: self.column_names().join(", "),
        }
    }
}

/// A column read as numbers: the values (`NaN` for missing and for cells that are not
/// numbers), how many cells are numbers, and the line and text of those that are not.
struct Numbers<'a> {
    values: Vec<f64>,
    numbers: usize,
    others: Vec<(u64, &'a str)>,
}

fn read_numbers<'a>(raw: &'a [String], lines: &[u64], missing: &MissingCodes<'_>) -> Numbers<'a> {
    let mut out = Numbers {
        values: Vec::with_capacity(raw.len()),
        numbers: 0,
        others: Vec::new(),
    };
    for (cell, &line) in raw.iter().zip(lines) {
        if missing.is_missing(cell) {
            out.values.push(f64::NAN);
        } else if let Some(x) = missing.number(cell) {
            out.values.push(x);
            out.numbers += 1;
        } else {
            out.values.push(f64::NAN);
            out.others.push((line, cell));
        }
    }
    out
}

/// The error of a column of numbers with a few other values (see [`MOSTLY_NUMERIC`]).
fn mostly_numeric(file: &str, name: &str, read: &Numbers<'_>) -> Error {
    const SHOWN: usize = 5;
    let (line, cell) = read.others[0];
    let others = read.others.len();
    let total = read.numbers + others;
    let rest = if others == 1 {
        String::new()
    } else {
        let mut shown: Vec<String> = read
            .others
            .iter()
            .take(SHOWN)
            .map(|(l, v)| format!("`{v}` on line {l}"))
            .collect();
        if others > SHOWN {
            shown.push(format!("{} more", others - SHOWN));
        }
        format!(" ({others} cells are not: {})", shown.join(", "))
    };
    Error::Csv {
        file: file.to_string(),
        line,
        column: Some(name.to_string()),
        value: Some(cell.to_string()),
        message: format!(
            "column `{name}`: `{cell}` is not a number, but {} of the {total} values in the column are{rest}; \
             correct the cell, add `{cell}` to the missing-value codes, pass `--type {name}=numeric` to read \
             what is not a number as missing, or `--type {name}=categorical` if the column holds categories",
            read.numbers
        ),
    }
}

/// The 1-based line on which a quoted field opens that is never closed, if one is: the CSV
/// reader would otherwise read the rest of the file into that one field without a word. A quote
/// opens a field only at its start, as the reader sees it; `""` inside a quoted field is a quote.
pub fn unclosed_quote(text: &str, delimiter: u8) -> Option<u64> {
    let delimiter = char::from(delimiter);
    let (mut line, mut opened) = (1u64, 0u64);
    let (mut quoted, mut at_start) = (false, true);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    quoted = false;
                }
            } else if c == '\n' {
                line += 1;
            }
            continue;
        }
        match c {
            '"' if at_start => {
                quoted = true;
                opened = line;
            }
            '\n' => {
                line += 1;
                at_start = true;
                continue;
            }
            c if c == delimiter => {
                at_start = true;
                continue;
            }
            // Leading blanks are trimmed before a field's quote.
            ' ' | '\t' | '\r' if at_start => continue,
            _ => {}
        }
        at_start = false;
    }
    quoted.then_some(opened)
}

/// The delimiter of a CSV: whichever of `,`, `;` and tab occurs most often outside quotes on
/// the header line, the comma when none does (spreadsheets in decimal-comma locales save with
/// `;`). The survey reader and braid-core's attributes reader share it, so one file reads alike.
pub fn sniff_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let delims = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    delims[best]
}

fn from_csv_error(file: &str, e: &csv::Error) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the text is not valid UTF-8; re-save the file as UTF-8".to_string()
        }
        _ => format!("cannot read this row: {e}"),
    };
    Error::Csv {
        file: file.to_string(),
        line,
        column: None,
        value: None,
        message,
    }
}

/// The missing-value rule of a file: empty, `NA`, `.` and the caller's codes.
struct MissingCodes<'a> {
    codes: &'a [String],
    numbers: Vec<f64>,
    decimal_comma: bool,
}

impl<'a> MissingCodes<'a> {
    fn new(codes: &'a [String], delimiter: u8) -> Self {
        let decimal_comma = delimiter == b';';
        let numbers = codes
            .iter()
            .filter_map(|c| parse_number(c.trim(), decimal_comma))
            .collect();
        MissingCodes {
            codes,
            numbers,
            decimal_comma,
        }
    }

    fn is_missing(&self, cell: &str) -> bool {
        if cell.is_empty()
            || cell == "NA"
            || cell == "."
            || self.codes.iter().any(|c| c.trim() == cell)
        {
            return true;
        }
        !self.numbers.is_empty()
            && parse_number(cell, self.decimal_comma).is_some_and(|x| self.numbers.contains(&x))
    }

    fn number(&self, cell: &str) -> Option<f64> {
        parse_number(cell, self.decimal_comma)
    }
}

/// A finite number, or `None`. Rust's float grammar, without `inf`/`nan`.
fn parse_number(cell: &str, decimal_comma: bool) -> Option<f64> {
    let parsed = match cell.parse::<f64>() {
        Ok(x) => Some(x),
        Err(_) if decimal_comma && cell.matches(',').count() == 1 && !cell.contains('.') => {
            cell.replace(',', ".").parse::<f64>().ok()
        }
        Err(_) => None,
    };
    parsed.filter(|x| x.is_finite())
}

fn categorical(raw: &[String], missing: &MissingCodes<'_>) -> Values {
    let mut levels: Vec<String> = Vec::new();
    let mut index: HashMap<&str, u32> = HashMap::new();
    let mut first_codes = Vec::with_capacity(raw.len());
    for cell in raw {
        if missing.is_missing(cell) {
            first_codes.push(MISSING);
            continue;
        }
        let next = u32::try_from(levels.len()).expect("fewer than 2^32 levels");
        let code = *index.entry(cell.as_str()).or_insert_with(|| {
            levels.push(cell.clone());
            next
        });
        first_codes.push(code);
    }
    // Recode so that codes follow the sorted level order.
    let order = sort_levels(&levels);
    let mut recode = vec![0u32; levels.len()];
    for (new, &old) in order.iter().enumerate() {
        recode[old] = u32::try_from(new).expect("fewer than 2^32 levels");
    }
    let sorted = order.iter().map(|&i| levels[i].clone()).collect();
    let codes = first_codes
        .into_iter()
        .map(|c| if c == MISSING { c } else { recode[c as usize] })
        .collect();
    Values::Categorical {
        levels: sorted,
        codes,
    }
}

/// The sorted order of levels: numerically when every level is a number (so `2` comes before
/// `10`), otherwise by their text. Returns indices into `levels`.
pub(crate) fn sort_levels(levels: &[String]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..levels.len()).collect();
    let numbers: Option<Vec<f64>> = levels.iter().map(|l| parse_number(l, false)).collect();
    match numbers {
        Some(x) => order.sort_by(|&a, &b| {
            x[a].total_cmp(&x[b])
                .then_with(|| levels[a].cmp(&levels[b]))
        }),
        None => order.sort_by(|&a, &b| levels[a].cmp(&levels[b])),
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_the_delimiter_outside_quotes() {
        assert_eq!(sniff_delimiter("a;b;\"c,d\"\n1;2;3"), b';');
        assert_eq!(sniff_delimiter("a\tb\n"), b'\t');
        assert_eq!(sniff_delimiter("single\n"), b',');
    }

    #[test]
    fn numeric_levels_sort_as_numbers() {
        let levels: Vec<String> = ["10", "2", "1.5"].iter().map(|s| s.to_string()).collect();
        assert_eq!(sort_levels(&levels), vec![2, 1, 0]);
    }
}

#[cfg(test)]
mod quote_tests {
    use super::unclosed_quote;

    #[test]
    fn an_unclosed_quote_is_found_on_the_line_it_opens() {
        assert_eq!(unclosed_quote("id,name\n1,\"Li\n2,Wang\n", b','), Some(2));
        assert_eq!(
            unclosed_quote("id;note\n1;\"a \"\"b\"\"\n2;c\n", b';'),
            Some(2)
        );
        // Closed, escaped, spanning lines, or a quote inside a field: all fine.
        assert_eq!(
            unclosed_quote("id,name\n1,\"Li, Na\"\n2,\"say \"\"hi\"\"\"\n", b','),
            None
        );
        assert_eq!(unclosed_quote("id,note\n1,\"two\nlines\"\n", b','), None);
        assert_eq!(unclosed_quote("id,height\n1,5'10\"\n", b','), None);
        assert_eq!(unclosed_quote("id, \"x\"\n", b','), None);
    }
}
