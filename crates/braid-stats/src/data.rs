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
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(8);
        Dataset::read_csv(text, file, options, threads, PARALLEL_BYTES)
    }

    /// [`Dataset::from_csv`] on up to `threads` threads, splitting files of `parallel_bytes` or
    /// more.
    fn read_csv(text: &str, file: &str, options: &CsvOptions, threads: usize, parallel_bytes: usize) -> Result<Dataset> {
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
        let unclosed = |line: u64| {
            csv_err(
                line,
                None,
                None,
                "a quoted field opens on this line and is never closed; add the closing `\"`"
                    .into(),
            )
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let mut header = csv::StringRecord::new();
        match reader.read_record(&mut header) {
            Ok(false) => {
                return Err(csv_err(
                    1,
                    None,
                    None,
                    "the file is empty; a header row naming the columns is required".into(),
                ));
            }
            Err(e) => return Err(from_csv_error(file, &e, text, 0)),
            Ok(true) => {}
        }
        let header_byte = header.position().map_or(0, |p| p.byte() as usize);
        let header_line = line_of(text, header_byte);
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
        let missing = MissingCodes::new(&options.missing, delimiter);
        let kinds: Vec<Option<ColumnKind>> = names.iter().map(|n| options.types.get(n).copied()).collect();
        let body = (reader.position().byte() as usize).min(text.len());
        let rows_of = Rows {
            file,
            text,
            delimiter,
            width,
            missing: &missing,
            kinds: &kinds,
        };
        let mut spans = split_rows(text, body, threads, parallel_bytes);
        // Room is counted from line breaks; blank lines (or a crafted file of them under a
        // wide header) would reserve far more than the cells can fill. Past a few times the
        // text's size, columns start empty and grow with the rows actually read.
        let counted: usize = spans.iter().map(|s| s.capacity).sum();
        if counted.saturating_mul(width).saturating_mul(8) > text.len().saturating_mul(4) + (1 << 20) {
            spans.iter_mut().for_each(|s| s.capacity = 0);
        }
        let capacity: usize = spans.iter().map(|s| s.capacity).sum();
        // Each column of numbers is allocated once, whole; every span writes its rows into its
        // own stretch of it, and the stretches close up afterwards. Nothing is copied into a
        // second column, so memory holds the numbers once.
        let mut storage: Vec<Vec<f64>> = kinds
            .iter()
            .map(|k| match k {
                Some(ColumnKind::Categorical) => Vec::new(),
                _ => vec![0.0; capacity],
            })
            .collect();
        let read: Vec<Result<Chunk>> = {
            let mut slots: Vec<Vec<&mut [f64]>> = spans.iter().map(|_| Vec::with_capacity(width)).collect();
            for column in &mut storage {
                let mut rest: &mut [f64] = column;
                for (span, slot) in spans.iter().zip(&mut slots) {
                    let (mine, others) = std::mem::take(&mut rest).split_at_mut(span.capacity.min(rest.len()));
                    slot.push(mine);
                    rest = others;
                }
            }
            if spans.len() == 1 {
                slots.into_iter().map(|slot| rows_of.read(spans[0], slot)).collect()
            } else {
                std::thread::scope(|scope| {
                    let handles: Vec<_> = spans
                        .iter()
                        .zip(slots)
                        .map(|(&span, slot)| scope.spawn(move || rows_of.read(span, slot)))
                        .collect();
                    handles
                        .into_iter()
                        .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                        .collect()
                })
            }
        };
        let chunks = read.into_iter().collect::<Result<Vec<_>>>()?;
        let rows: usize = chunks.iter().map(|c| c.rows).sum();
        // A quote never closed swallows the rest of the file into the last record's field
        // without an error, so the last record (or the header) is checked.
        let last = chunks.iter().rev().find(|c| c.rows > 0).map_or(header_byte, |c| c.last);
        if let Some(line) = text.get(last..).and_then(|tail| unclosed_quote(tail, delimiter)) {
            return Err(unclosed(line_before(text, last) + line - 1));
        }
        let builders = join_columns(chunks, &spans, storage, rows);

        let mut columns = Vec::with_capacity(width);
        let mut notes = Vec::new();
        // Columns of numbers and other values read as categories need their cells' text: read
        // once more for them only.
        let mut reread: Vec<usize> = Vec::new();
        for (i, (name, builder)) in names.iter().zip(builders).enumerate() {
            let forced = options.types.get(name).copied();
            let mut non_numeric = 0;
            let values = match builder {
                Read::Categories(interner) => interner.finish(),
                Read::Numbers(read, values) => match (forced, read.first.first().map(|(b, c)| (line_of(text, *b as usize), c.clone()))) {
                    (_, None) => Values::Numeric(values),
                    (Some(_), Some((line, cell))) => {
                        if read.numbers == 0 {
                            return Err(csv_err(
                                line,
                                Some(name),
                                Some(&cell),
                                format!(
                                    "column `{name}` is declared numeric, but none of its {} values is a number \
                                     (the first is `{cell}`); check the column name, or declare it categorical",
                                    read.others
                                ),
                            ));
                        }
                        non_numeric = read.others;
                        notes.push(format!(
                            "column `{name}`: {} read as missing, as the column is declared numeric (the first: `{cell}` on line {line})",
                            if non_numeric == 1 {
                                "1 value that is not a number is".to_string()
                            } else {
                                format!("{non_numeric} values that are not numbers are")
                            }
                        ));
                        Values::Numeric(values)
                    }
                    (None, Some(_))
                        if read.numbers as f64 >= MOSTLY_NUMERIC * (read.numbers + read.others) as f64 =>
                    {
                        return Err(mostly_numeric(file, name, &read, text));
                    }
                    (None, Some(_)) => match read.text {
                        // No cell was a number: the interned others are the whole column.
                        Some(interner) if read.numbers == 0 => interner.finish(),
                        _ => {
                            reread.push(i);
                            Values::Categorical { levels: Vec::new(), codes: Vec::new() }
                        }
                    },
                },
            };
            let labels = options.labels.get(name).cloned().unwrap_or_default();
            columns.push(Column {
                name: name.clone(),
                values,
                labels,
                non_numeric,
            });
        }
        if !reread.is_empty() {
            let mut reader = csv::ReaderBuilder::new()
                .delimiter(delimiter)
                .has_headers(false)
                .flexible(true)
                .from_reader(text[body..].as_bytes());
            let mut interners: Vec<Interner> = reread.iter().map(|_| Interner::with_capacity(rows)).collect();
            let mut record = csv::StringRecord::new();
            while reader.read_record(&mut record).map_err(|e| from_csv_error(file, &e, text, body))? {
                for (interner, &i) in interners.iter_mut().zip(&reread) {
                    interner.push(record.get(i).unwrap_or("").trim(), &missing);
                }
            }
            for (interner, &i) in interners.into_iter().zip(&reread) {
                columns[i].values = interner.finish();
            }
        }
        Ok(Dataset {
            name: file.to_string(),
            rows,
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
                    let missing = MissingCodes::new(&[], b',');
                    let mut interner = Interner::with_capacity(v.len());
                    for cell in &v {
                        interner.push(cell.as_deref().unwrap_or(""), &missing);
                    }
                    interner.finish()
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

    /// A row's value of a numeric column; `None` when it is missing, or when the column is
    /// categorical or absent.
    pub fn number(&self, column: &str, row: usize) -> Option<f64> {
        match &self.find(column)?.values {
            Values::Numeric(x) => x.get(row).copied().filter(|v| !v.is_nan()),
            Values::Categorical { .. } => None,
        }
    }

    /// A row's value of any column as text: a level as written, a number as Rust prints it
    /// (`12`, `0.5`); `None` when it is missing or the column is absent.
    pub fn text(&self, column: &str, row: usize) -> Option<String> {
        match &self.find(column)?.values {
            Values::Numeric(x) => x.get(row).filter(|v| !v.is_nan()).map(|v| format!("{v}")),
            Values::Categorical { levels, codes } => codes
                .get(row)
                .filter(|&&k| k != MISSING)
                .map(|&k| levels[k as usize].clone()),
        }
    }

    /// Add a column at the end (e.g. a variable derived from elsewhere). Refused when a column
    /// of that name exists or the length differs from the dataset's.
    pub fn add_column(&mut self, name: &str, values: ColumnValues) -> Result<()> {
        if self.find(name).is_some() {
            return Err(Error::invalid(format!(
                "{}: there is already a column `{name}`",
                self.name
            )));
        }
        let added = Dataset::from_columns(&self.name, vec![(name.to_string(), values)])?;
        if added.rows != self.rows {
            return Err(Error::invalid(format!(
                "{}: column `{name}` has {} values and the dataset {} rows",
                self.name, added.rows, self.rows
            )));
        }
        self.columns.extend(added.columns);
        Ok(())
    }

    /// The rows marked `true`, as a new dataset with the same columns, labels and name.
    pub(crate) fn keep_rows(&self, keep: &[bool]) -> Dataset {
        let rows = keep.iter().filter(|k| **k).count();
        let columns = self
            .columns
            .iter()
            .map(|c| Column {
                name: c.name.clone(),
                values: match &c.values {
                    Values::Numeric(x) => Values::Numeric(
                        x.iter().zip(keep).filter(|(_, k)| **k).map(|(v, _)| *v).collect(),
                    ),
                    Values::Categorical { levels, codes } => Values::Categorical {
                        levels: levels.clone(),
                        codes: codes.iter().zip(keep).filter(|(_, k)| **k).map(|(v, _)| *v).collect(),
                    },
                },
                labels: c.labels.clone(),
                non_numeric: c.non_numeric,
            })
            .collect();
        Dataset {
            name: self.name.clone(),
            rows,
            columns,
            notes: self.notes.clone(),
        }
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

/// Below this many bytes a CSV is read on one thread.
const PARALLEL_BYTES: usize = 4 << 20;

/// A stretch of a CSV's rows: its byte range, and the room to make for its rows (its line
/// breaks plus one, which is at most how many it holds unless lines end in a lone `\r`).
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    capacity: usize,
}

fn line_breaks(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count()
}

/// The rows after the header in spans to read in parallel, one per core. Only a file with no
/// quote at all is split, as only there every line break ends a row.
fn split_rows(text: &str, body: usize, threads: usize, parallel_bytes: usize) -> Vec<Span> {
    let bytes = text.as_bytes();
    let span = |start: usize, end: usize| Span {
        start,
        end,
        capacity: line_breaks(&bytes[start..end]) + 1,
    };
    if threads < 2 || bytes.len() - body < parallel_bytes.max(1) || bytes[body..].contains(&b'"') {
        return vec![span(body, bytes.len())];
    }
    let step = (bytes.len() - body) / threads;
    let mut spans = Vec::with_capacity(threads);
    let mut start = body;
    for _ in 1..threads {
        let from = (start + step).min(bytes.len());
        let Some(cut) = bytes[from..].iter().position(|&b| b == b'\n') else {
            break;
        };
        let s = span(start, from + cut + 1);
        start = s.end;
        spans.push(s);
    }
    spans.push(span(start, bytes.len()));
    spans
}

/// The 1-based line that `byte` is on: line breaks before it, where `\r\n`, `\n` and a lone
/// `\r` each end a line, as they end a row.
fn line_before(text: &str, byte: usize) -> u64 {
    let bytes = text.as_bytes();
    let head = &bytes[..byte.min(bytes.len())];
    let lone_cr = head
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
        .count();
    (line_breaks(head) + lone_cr) as u64 + 1
}

/// The line of the record the CSV reader says starts at `byte`: it reports where the row
/// before ended, so the blank lines and line-break bytes in between are skipped first.
fn line_of(text: &str, byte: usize) -> u64 {
    let bytes = text.as_bytes();
    let start = bytes[byte.min(bytes.len())..]
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .map_or(bytes.len(), |i| byte + i);
    line_before(text, start)
}

/// How to read a CSV's rows into columns.
#[derive(Clone, Copy)]
struct Rows<'a> {
    file: &'a str,
    text: &'a str,
    delimiter: u8,
    width: usize,
    missing: &'a MissingCodes,
    kinds: &'a [Option<ColumnKind>],
}

/// What a span's reading found, column by column, how many rows, and where the last one
/// starts (a byte in the whole text).
struct Chunk {
    parts: Vec<Part>,
    rows: usize,
    last: usize,
}

/// One column of one span: its categories, or what its numbers were (the numbers themselves
/// are in the column's storage: `filled` of them, then `overflow`).
enum Part {
    Categories(Interner),
    Numbers {
        numbers: Numbers,
        filled: usize,
        overflow: Vec<f64>,
    },
}

/// A column being read: categories, or numbers written into the span's stretch of the
/// column's storage (and past it into `overflow`, which only a file that ends lines with a
/// lone carriage return needs).
enum Builder<'a> {
    Categories(Interner),
    Numbers {
        numbers: Numbers,
        slot: &'a mut [f64],
        filled: usize,
        overflow: Vec<f64>,
    },
}

impl Builder<'_> {
    fn push(&mut self, cell: &str, byte: u64, missing: &MissingCodes) {
        match self {
            Builder::Categories(interner) => interner.push(cell, missing),
            Builder::Numbers { numbers, slot, filled, overflow } => {
                let x = numbers.push(cell, byte, missing);
                match slot.get_mut(*filled) {
                    Some(v) => {
                        *v = x;
                        *filled += 1;
                    }
                    None => overflow.push(x),
                }
            }
        }
    }

    fn into_part(self) -> Part {
        match self {
            Builder::Categories(interner) => Part::Categories(interner),
            Builder::Numbers { numbers, filled, overflow, .. } => Part::Numbers { numbers, filled, overflow },
        }
    }
}

impl Rows<'_> {
    /// Reads the rows of `span` into one reused record; each cell goes straight into its
    /// column, numbers as `f64` and categories as codes. No cell becomes a `String` of its own.
    /// `slots` are the span's stretches of the columns' storage (empty for categories).
    fn read(&self, span: Span, slots: Vec<&mut [f64]>) -> Result<Chunk> {
        let text = &self.text[span.start..span.end];
        let mut builders: Vec<Builder<'_>> = self
            .kinds
            .iter()
            .zip(slots)
            .map(|(kind, slot)| match kind {
                Some(ColumnKind::Categorical) => Builder::Categories(Interner::with_capacity(span.capacity)),
                _ => Builder::Numbers {
                    numbers: Numbers::new(),
                    slot,
                    filled: 0,
                    overflow: Vec::new(),
                },
            })
            .collect();
        let (mut rows, mut last) = (0, span.start);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut record = csv::StringRecord::new();
        let unclosed = |line: u64| Error::Csv {
            file: self.file.to_string(),
            line,
            column: None,
            value: None,
            message: "a quoted field opens on this line and is never closed; add the closing `\"`".into(),
        };
        loop {
            match reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => {
                    if let Some(line) = unclosed_quote(self.text, self.delimiter) {
                        return Err(unclosed(line));
                    }
                    return Err(from_csv_error(self.file, &e, self.text, span.start));
                }
            }
            let byte = span.start + record.position().map_or(0, |p| p.byte() as usize);
            if record.len() != self.width {
                if let Some(line) = unclosed_quote(self.text, self.delimiter) {
                    return Err(unclosed(line));
                }
                return Err(Error::Csv {
                    file: self.file.to_string(),
                    line: line_of(self.text, byte),
                    column: None,
                    value: None,
                    message: format!(
                        "this row has {} fields but the header has {}; quote cells that contain the delimiter `{}`",
                        record.len(),
                        self.width,
                        char::from(self.delimiter).escape_default()
                    ),
                });
            }
            for (column, cell) in builders.iter_mut().zip(record.iter()) {
                column.push(cell.trim(), byte as u64, self.missing);
            }
            rows += 1;
            last = byte;
        }
        Ok(Chunk {
            parts: builders.into_iter().map(Builder::into_part).collect(),
            rows,
            last,
        })
    }
}

/// A column once every span is read.
enum Read {
    Categories(Interner),
    Numbers(Numbers, Vec<f64>),
}

/// The spans' parts joined column by column: categories recoded into one set of levels,
/// numbers closed up in their storage.
fn join_columns(chunks: Vec<Chunk>, spans: &[Span], storage: Vec<Vec<f64>>, rows: usize) -> Vec<Read> {
    let mut parts: Vec<std::vec::IntoIter<Part>> = chunks.into_iter().map(|c| c.parts.into_iter()).collect();
    storage
        .into_iter()
        .map(|mut values| {
            let column: Vec<Part> = parts.iter_mut().filter_map(Iterator::next).collect();
            let spilled = column.iter().any(|p| matches!(p, Part::Numbers { overflow, .. } if !overflow.is_empty()));
            let (mut joined, mut numbers, mut at, mut start) = (None::<Interner>, None::<Numbers>, 0, 0);
            let mut rebuilt = Vec::new();
            for (part, span) in column.into_iter().zip(spans) {
                match part {
                    Part::Categories(interner) => match &mut joined {
                        Some(all) => all.append(interner),
                        None => joined = Some(interner),
                    },
                    Part::Numbers { numbers: n, filled, overflow } => {
                        if spilled {
                            rebuilt.extend_from_slice(&values[start..start + filled]);
                            rebuilt.extend(overflow);
                        } else {
                            values.copy_within(start..start + filled, at);
                            at += filled;
                        }
                        match &mut numbers {
                            Some(all) => all.append(n),
                            None => numbers = Some(n),
                        }
                    }
                }
                start += span.capacity;
            }
            match (joined, numbers) {
                (Some(interner), _) => Read::Categories(interner),
                (None, numbers) => {
                    if spilled {
                        values = rebuilt;
                    } else {
                        values.truncate(at);
                        // Room counted from blank lines is given back.
                        if values.capacity() > at + at / 8 + 1024 {
                            values.shrink_to_fit();
                        }
                    }
                    debug_assert_eq!(values.len(), rows);
                    Read::Numbers(numbers.unwrap_or_else(Numbers::new), values)
                }
            }
        })
        .collect()
}

/// How many cells that are not numbers an error message quotes.
const SHOWN: usize = 5;

/// What a column read as numbers held: how many cells are numbers and how many are not, where
/// the rows of the first few that are not start (a byte; made a line only for a message) and
/// their text, and, while no cell has been a number, the
/// cells as categories (a column of text then needs no second reading).
struct Numbers {
    numbers: usize,
    others: usize,
    first: Vec<(u64, String)>,
    text: Option<Interner>,
}

impl Numbers {
    fn new() -> Self {
        Numbers {
            numbers: 0,
            others: 0,
            first: Vec::new(),
            text: Some(Interner::with_capacity(0)),
        }
    }

    /// Counts the cell of the row starting at `byte`; returns its value (`NaN` for missing and
    /// for what is not a number).
    fn push(&mut self, cell: &str, byte: u64, missing: &MissingCodes) -> f64 {
        match missing.classify(cell) {
            Cell::Missing => {
                if let Some(t) = &mut self.text {
                    t.codes.push(MISSING);
                }
                f64::NAN
            }
            Cell::Number(x) => {
                self.numbers += 1;
                self.text = None;
                x
            }
            Cell::Other => {
                self.others += 1;
                if self.first.len() < SHOWN {
                    self.first.push((byte, cell.to_string()));
                }
                if let Some(t) = &mut self.text {
                    t.intern(cell);
                }
                f64::NAN
            }
        }
    }

    fn append(&mut self, next: Numbers) {
        self.numbers += next.numbers;
        self.others += next.others;
        let room = SHOWN - self.first.len();
        self.first.extend(next.first.into_iter().take(room));
        self.text = match (self.text.take(), next.text) {
            (Some(mut a), Some(b)) => {
                a.append(b);
                Some(a)
            }
            _ => None,
        };
    }
}

/// The levels of a categorical column in order of first appearance, and a code per row.
struct Interner {
    levels: Vec<String>,
    index: HashMap<String, u32>,
    codes: Vec<u32>,
}

impl Interner {
    fn with_capacity(rows: usize) -> Self {
        Interner {
            levels: Vec::new(),
            index: HashMap::new(),
            codes: Vec::with_capacity(rows),
        }
    }

    fn push(&mut self, cell: &str, missing: &MissingCodes) {
        if matches!(missing.classify(cell), Cell::Missing) {
            self.codes.push(MISSING);
        } else {
            self.intern(cell);
        }
    }

    fn append(&mut self, next: Interner) {
        let recode: Vec<u32> = next.levels.iter().map(|level| self.code_of(level)).collect();
        self.codes.extend(next.codes.into_iter().map(|c| if c == MISSING { c } else { recode[c as usize] }));
    }

    fn code_of(&mut self, cell: &str) -> u32 {
        match self.index.get(cell) {
            Some(&code) => code,
            None => {
                let code = u32::try_from(self.levels.len()).expect("fewer than 2^32 levels");
                self.index.insert(cell.to_string(), code);
                self.levels.push(cell.to_string());
                code
            }
        }
    }

    fn intern(&mut self, cell: &str) {
        let code = self.code_of(cell);
        self.codes.push(code);
    }

    /// Recodes so that codes follow the sorted level order.
    fn finish(self) -> Values {
        let order = sort_levels(&self.levels);
        let mut recode = vec![0u32; self.levels.len()];
        for (new, &old) in order.iter().enumerate() {
            recode[old] = u32::try_from(new).expect("fewer than 2^32 levels");
        }
        let mut levels = self.levels;
        let sorted = order.iter().map(|&i| std::mem::take(&mut levels[i])).collect();
        let codes = self
            .codes
            .into_iter()
            .map(|c| if c == MISSING { c } else { recode[c as usize] })
            .collect();
        Values::Categorical {
            levels: sorted,
            codes,
        }
    }
}

/// The error of a column of numbers with a few other values (see [`MOSTLY_NUMERIC`]).
fn mostly_numeric(file: &str, name: &str, read: &Numbers, text: &str) -> Error {
    let (byte, cell) = read.first[0].clone();
    let line = line_of(text, byte as usize);
    let others = read.others;
    let total = read.numbers + others;
    let rest = if others == 1 {
        String::new()
    } else {
        let mut shown: Vec<String> = read
            .first
            .iter()
            .map(|(b, v)| format!("`{v}` on line {}", line_of(text, *b as usize)))
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
        value: Some(cell.clone()),
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
    // Byte by byte: quotes, delimiters and line breaks are ASCII, and no byte of a UTF-8
    // sequence for another character is.
    let (mut line, mut opened) = (1u64, 0u64);
    let (mut quoted, mut at_start) = (false, true);
    let mut bytes = text.bytes().peekable();
    while let Some(c) = bytes.next() {
        if quoted {
            if c == b'"' {
                if bytes.peek() == Some(&b'"') {
                    bytes.next();
                } else {
                    quoted = false;
                }
            } else if c == b'\n' || (c == b'\r' && bytes.peek() != Some(&b'\n')) {
                line += 1;
            }
            continue;
        }
        match c {
            // Only a quote that opens a field opens a quoted field, as the CSV reader sees it
            // (` "x` is text).
            b'"' if at_start => {
                quoted = true;
                opened = line;
            }
            b'\n' => {
                line += 1;
                at_start = true;
                continue;
            }
            b'\r' => {
                if bytes.peek() != Some(&b'\n') {
                    line += 1;
                }
                at_start = true;
                continue;
            }
            c if c == delimiter => {
                at_start = true;
                continue;
            }
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

/// A CSV reader's error; `offset` is where the text it read starts in the whole file's text.
fn from_csv_error(file: &str, e: &csv::Error, text: &str, offset: usize) -> Error {
    let line = e.position().map_or(0, |p| line_of(text, offset + p.byte() as usize));
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
struct MissingCodes {
    codes: Vec<String>,
    numbers: Vec<f64>,
    decimal_comma: bool,
}

/// What a cell holds, by the missing-value rule.
enum Cell {
    Missing,
    Number(f64),
    Other,
}

impl MissingCodes {
    fn new(codes: &[String], delimiter: u8) -> Self {
        let decimal_comma = delimiter == b';';
        let numbers = codes
            .iter()
            .filter_map(|c| parse_number(c.trim(), decimal_comma))
            .collect();
        MissingCodes {
            codes: codes.iter().map(|c| c.trim().to_string()).collect(),
            numbers,
            decimal_comma,
        }
    }

    /// Missing, a number, or something else; a number is parsed once.
    fn classify(&self, cell: &str) -> Cell {
        if cell.is_empty() || cell == "NA" || cell == "." || self.codes.iter().any(|c| c == cell) {
            return Cell::Missing;
        }
        match parse_number(cell, self.decimal_comma) {
            Some(x) if self.numbers.contains(&x) => Cell::Missing,
            Some(x) => Cell::Number(x),
            None => Cell::Other,
        }
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
mod span_tests {
    use super::*;

    /// The whole reading rendered: types, levels, missing counts and values, or the error.
    fn read(text: &str, threads: usize) -> String {
        match Dataset::read_csv(text, "t.csv", &CsvOptions::default(), threads, 0) {
            Err(e) => format!("error: {e}"),
            Ok(d) => d
                .columns
                .iter()
                .map(|c| match &c.values {
                    Values::Numeric(v) => format!("{} {:?}", c.name, v),
                    Values::Categorical { levels, codes } => format!("{} {levels:?} {codes:?}", c.name),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn spans_read_as_one_and_errors_name_the_line_in_the_file() {
        let inputs = [
            "id,x\n1,2\n\n\n3\n",
            "id,x\r\n1,2\r\n\r\n3,4\r\n5\r\n",
            "id,x\r1,2\r3,4\r5,6",
            "id,x\n1,2\n2,3\n3,abc\n4,5\n5,6\n6,7\n7,8\n8,9\n9,10\n10,11\n",
            "id,g\n1,a\n2,b\n\n3,a\n4,c\n5,b\n6,d\n",
            "id,x\n1,2\n2,3\n3,4\n4,5\n5,6,7\n",
            "a\n\n\n1,5",
        ];
        for text in inputs {
            let one = read(text, 1);
            for threads in [2, 3, 5] {
                assert_eq!(read(text, threads), one, "{threads} threads on {text:?}");
            }
        }
        // The line of the row itself, whatever the line ends and blank lines before it.
        assert_eq!(read("id,x\n1,2\n\n\n3\n", 1), "error: t.csv:5: this row has 1 fields but the header has 2; quote cells that contain the delimiter `,`");
        assert_eq!(read("id,x\r\n1,2\r\n\r\n3\r\n", 1), "error: t.csv:4: this row has 1 fields but the header has 2; quote cells that contain the delimiter `,`");
        assert_eq!(read("id,x\r1,2\r3\r", 1), "error: t.csv:3: this row has 1 fields but the header has 2; quote cells that contain the delimiter `,`");
        let stray = read("id,x\r\n1,2\r\n2,3\r\n3,4\r\n4,5\r\n5,6\r\n6,7\r\n7,8\r\n8,9\r\n9,10\r\n10,abc\r\n", 3);
        assert!(stray.starts_with("error: t.csv:11: column `x`: `abc` is not a number"), "{stray}");
    }

    #[test]
    fn blank_lines_under_a_wide_header_reserve_no_room() {
        // 10,000 columns over 100,000 blank lines would reserve 8 GB of numbers counted from
        // line breaks; the columns start empty instead.
        let mut text = (0..10_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
        text.push_str(&"\n".repeat(100_000));
        let d = Dataset::read_csv(&text, "t.csv", &CsvOptions::default(), 2, 0).unwrap();
        assert_eq!(d.n_rows(), 0);
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
