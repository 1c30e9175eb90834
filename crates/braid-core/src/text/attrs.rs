//! Informant attributes: typed values, and the attributes CSV.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Location, Result};

/// The type of an attribute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AttrKind {
    /// Free text or a category.
    Text,
    /// A whole number.
    Integer,
    /// A real number.
    Float,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
}

impl AttrKind {
    /// Whether values of this kind are numbers.
    pub fn is_number(self) -> bool {
        matches!(self, AttrKind::Integer | AttrKind::Float)
    }

    /// The name used in the store and in CSV headers (`age:integer`).
    pub fn as_str(self) -> &'static str {
        match self {
            AttrKind::Text => "text",
            AttrKind::Integer => "integer",
            AttrKind::Float => "float",
            AttrKind::Date => "date",
        }
    }

    /// Parse a kind name.
    pub fn parse(s: &str) -> Option<AttrKind> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "text" | "string" | "category" => AttrKind::Text,
            "integer" | "int" => AttrKind::Integer,
            "float" | "number" | "real" => AttrKind::Float,
            "date" => AttrKind::Date,
            _ => return None,
        })
    }

    /// Whether `raw` is a valid value of this kind.
    fn accepts(self, raw: &str) -> bool {
        match self {
            AttrKind::Text => true,
            AttrKind::Integer => is_integer(raw),
            AttrKind::Float => raw.parse::<f64>().is_ok_and(f64::is_finite),
            AttrKind::Date => is_date(raw),
        }
    }
}

/// A typed attribute value. In JSON, numbers are numbers and text and dates are strings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(untagged)]
pub enum AttrValue {
    /// A whole number.
    Integer(#[ts(type = "number")] i64),
    /// A real number.
    Float(f64),
    /// Text, or a date in `YYYY-MM-DD` form.
    Text(String),
}

impl AttrValue {
    /// Parse a raw string as a value of `kind`; `None` if it is not one.
    pub fn parse(kind: AttrKind, raw: &str) -> Option<AttrValue> {
        let raw = raw.trim();
        if !kind.accepts(raw) {
            return None;
        }
        Some(match kind {
            AttrKind::Integer => AttrValue::Integer(raw.parse().ok()?),
            AttrKind::Float => AttrValue::Float(raw.parse().ok()?),
            AttrKind::Text | AttrKind::Date => AttrValue::Text(raw.to_string()),
        })
    }

    /// The canonical text of the value, used for storage and filters.
    pub fn canonical(&self) -> String {
        match self {
            AttrValue::Integer(i) => i.to_string(),
            AttrValue::Float(f) => f.to_string(),
            AttrValue::Text(s) => s.clone(),
        }
    }
}

/// An informant's attributes, by key.
pub type Attributes = BTreeMap<String, AttrValue>;

/// The type of each key some informant has, from the values themselves: integer when every
/// value is a whole number, float when some is not, text otherwise.
pub fn kinds_of<'a>(informants: impl IntoIterator<Item = &'a Attributes>) -> BTreeMap<String, AttrKind> {
    let mut kinds: BTreeMap<String, AttrKind> = BTreeMap::new();
    for attrs in informants {
        for (key, value) in attrs {
            let this = match value {
                AttrValue::Integer(_) => AttrKind::Integer,
                AttrValue::Float(_) => AttrKind::Float,
                AttrValue::Text(_) => AttrKind::Text,
            };
            let kind = kinds.entry(key.clone()).or_insert(this);
            *kind = match (*kind, this) {
                (a, b) if a == b => a,
                (AttrKind::Integer | AttrKind::Float, AttrKind::Integer | AttrKind::Float) => AttrKind::Float,
                _ => AttrKind::Text,
            };
        }
    }
    kinds
}

/// Leading zeros make an identifier, not a number: `0403` stays text.
fn is_integer(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !(digits.len() > 1 && digits.starts_with('0'))
        && raw.parse::<i64>().is_ok()
}

fn is_float(raw: &str) -> bool {
    let digits = raw.strip_prefix('-').unwrap_or(raw);
    !(digits.len() > 1 && digits.starts_with('0') && !digits.starts_with("0."))
        && raw.parse::<f64>().is_ok_and(f64::is_finite)
        && raw.bytes().any(|b| b.is_ascii_digit())
}

fn is_date(raw: &str) -> bool {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    raw.len() == 10 && time::Date::parse(raw, format).is_ok()
}

/// Infer the kind of a column from its non-empty values.
pub fn infer_kind<'a>(values: impl Iterator<Item = &'a str> + Clone) -> AttrKind {
    let mut non_empty = values.filter(|v| !v.trim().is_empty()).map(str::trim).peekable();
    if non_empty.peek().is_none() {
        return AttrKind::Text;
    }
    let all = |f: fn(&str) -> bool| non_empty.clone().all(f);
    if all(is_integer) {
        AttrKind::Integer
    } else if all(is_float) {
        AttrKind::Float
    } else if all(is_date) {
        AttrKind::Date
    } else {
        AttrKind::Text
    }
}

/// One informant's row of the attributes CSV.
#[derive(Debug, Clone, PartialEq)]
pub struct InformantRow {
    /// The informant id (`id` column).
    pub id: String,
    /// The 1-based line of the row in the file.
    pub line: usize,
    /// Non-empty attributes.
    pub attributes: Attributes,
}

/// A parsed attributes CSV: the column kinds in header order, and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct AttributeTable {
    /// Attribute columns (all but `id`) with their kinds, in header order.
    pub columns: Vec<(String, AttrKind)>,
    /// One row per informant.
    pub rows: Vec<InformantRow>,
}

/// How a delimiter is named in messages.
fn delimiter_name(d: u8) -> &'static str {
    match d {
        b';' => "`;`",
        b'\t' => "tabs",
        _ => "`,`",
    }
}

/// Parse an attributes CSV: a header with an `id` column, one row per informant.
///
/// The delimiter (`,`, `;` or tab) is sniffed from the header line. A header `age:integer` fixes
/// a column's kind; otherwise it is inferred from the values.
pub fn parse_attribute_csv(data: &str, file: &str) -> Result<AttributeTable> {
    let at = || Location::file(file);
    let delimiter = braid_stats::sniff_delimiter(data);
    if let Some(line) = braid_stats::unclosed_quote(data, delimiter) {
        return Err(Error::bad_input(at().line(line as usize), "a quoted field opens on this line and is never closed; add the closing `\"`"));
    }
    let mut reader = csv::ReaderBuilder::new().flexible(false).delimiter(delimiter).from_reader(data.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| csv_error(e, file))?
        .clone();
    let mut names: Vec<(String, Option<AttrKind>)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}');
        let (name, kind) = match h.split_once(':') {
            Some((n, k)) => {
                let kind = AttrKind::parse(k).ok_or_else(|| {
                    Error::bad_input(
                        at().line(1).field(h),
                        format!("unknown column type `{k}`; use text, integer, float or date"),
                    )
                })?;
                (n.trim().to_string(), Some(kind))
            }
            None => (h.to_string(), None),
        };
        if name.is_empty() {
            return Err(Error::bad_input(at().line(1), format!("column {} has no name in the header", i + 1)));
        }
        if names.iter().any(|(n, _)| *n == name) {
            return Err(Error::bad_input(at().line(1).field(&name), "duplicate column name in the header"));
        }
        names.push((name, kind));
    }
    let id_col = names
        .iter()
        .position(|(n, _)| n.eq_ignore_ascii_case("id"))
        .ok_or_else(|| {
            Error::bad_input(
                at().line(1),
                format!(
                    "no `id` column (read with {} between columns); the first row must name an `id` column",
                    delimiter_name(delimiter)
                ),
            )
        })?;

    let mut records = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| csv_error(e, file))?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        records.push((line, rec));
    }

    let mut columns = Vec::new();
    for (c, (name, kind)) in names.iter().enumerate() {
        if c == id_col {
            continue;
        }
        let kind = kind.unwrap_or_else(|| infer_kind(records.iter().map(|(_, r)| r.get(c).unwrap_or(""))));
        columns.push((c, name.clone(), kind));
    }

    let mut rows: Vec<InformantRow> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (line, rec) in &records {
        let id = rec.get(id_col).unwrap_or("").trim().to_string();
        if id.is_empty() {
            return Err(Error::bad_input(at().line(*line).field("id"), "empty informant id"));
        }
        if let Some(first) = seen.insert(id.clone(), *line) {
            return Err(Error::bad_input(
                at().line(*line).field("id"),
                format!("duplicate informant id `{id}` (first on line {first}); each informant needs one row"),
            ));
        }
        let mut attributes = Attributes::new();
        for (c, name, kind) in &columns {
            let raw = rec.get(*c).unwrap_or("").trim();
            if raw.is_empty() {
                continue;
            }
            let value = AttrValue::parse(*kind, raw).ok_or_else(|| {
                Error::bad_input(
                    at().line(*line).field(name),
                    format!("`{raw}` is not a valid {} value", kind.as_str()),
                )
            })?;
            attributes.insert(name.clone(), value);
        }
        rows.push(InformantRow { id, line: *line, attributes });
    }
    Ok(AttributeTable { columns: columns.into_iter().map(|(_, n, k)| (n, k)).collect(), rows })
}

fn csv_error(e: csv::Error, file: &str) -> Error {
    let line = e.position().map(|p| p.line() as usize);
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("this row has {len} fields but the header has {expected_len}; every row needs one value per column (leave it empty when missing)")
        }
        csv::ErrorKind::Utf8 { .. } => "not valid UTF-8; save the CSV as UTF-8".to_string(),
        _ => e.to_string(),
    };
    let mut at = Location::file(file);
    at.line = line;
    Error::bad_input(at, message)
}

/// Convert a YAML front-matter scalar into an attribute value, inferring its kind.
pub fn from_yaml(value: &serde_norway::Value) -> Option<AttrValue> {
    use serde_norway::Value;
    match value {
        Value::Bool(b) => Some(AttrValue::Text(b.to_string())),
        Value::Number(n) => n
            .as_i64()
            .map(AttrValue::Integer)
            .or_else(|| n.as_f64().map(AttrValue::Float)),
        Value::String(s) => Some(AttrValue::Text(s.clone())),
        _ => None,
    }
}

/// The kind of an attribute value.
pub fn kind_of(value: &AttrValue) -> AttrKind {
    match value {
        AttrValue::Integer(_) => AttrKind::Integer,
        AttrValue::Float(_) => AttrKind::Float,
        AttrValue::Text(s) if is_date(s) => AttrKind::Date,
        AttrValue::Text(_) => AttrKind::Text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(csv: &str, expect: &str) {
        let got = match parse_attribute_csv(csv, "informants.csv") {
            Ok(t) => {
                let cols: Vec<String> = t.columns.iter().map(|(n, k)| format!("{n}:{}", k.as_str())).collect();
                let rows: Vec<String> = t
                    .rows
                    .iter()
                    .map(|r| format!("{}@{} {}", r.id, r.line, serde_json::to_string(&r.attributes).unwrap()))
                    .collect();
                format!("{}\n{}", cols.join(" "), rows.join("\n"))
            }
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, expect, "\n{got}");
    }

    #[test]
    fn attribute_csv() {
        check(
            "id,type,age,score,date,child\n0403,child,11,1.5,2019-11-19,\n4001,grandparent,68,2,2020-01-08,0607\n",
            "type:text age:integer score:float date:date child:text\n\
             0403@2 {\"age\":11,\"date\":\"2019-11-19\",\"score\":1.5,\"type\":\"child\"}\n\
             4001@3 {\"age\":68,\"child\":\"0607\",\"date\":\"2020-01-08\",\"score\":2.0,\"type\":\"grandparent\"}",
        );
        check("id,age:text\n1,11\n", "age:text\n1@2 {\"age\":\"11\"}");
        check(
            "id,age\n1,11\n2,12,x\n",
            "error: informants.csv:3: this row has 3 fields but the header has 2; every row needs one value per column (leave it empty when missing)",
        );
        check(
            "id,age\n1,11\n1,12\n",
            "error: informants.csv:3: field `id`: duplicate informant id `1` (first on line 2); each informant needs one row",
        );
        check("name,age\nx,1\n", "error: informants.csv:1: no `id` column (read with `,` between columns); the first row must name an `id` column");
        check("id,age,age\n1,2,3\n", "error: informants.csv:1: field `age`: duplicate column name in the header");
        check(
            "id,age:integer\n1,eleven\n",
            "error: informants.csv:2: field `age`: `eleven` is not a valid integer value",
        );
        check("id,age:colour\n1,2\n", "error: informants.csv:1: field `age:colour`: unknown column type `colour`; use text, integer, float or date");
        check("id,x\n,1\n", "error: informants.csv:2: field `id`: empty informant id");
    }

    /// Issue 10: a semicolon-delimited attributes CSV said "no `id` column".
    #[test]
    fn the_delimiter_is_sniffed_from_the_header() {
        check("id;type;age\n0403;child;11\n", "type:text age:integer\n0403@2 {\"age\":11,\"type\":\"child\"}");
        check("id\t\"a;b\"\n1\tx,y\n", "a;b:text\n1@2 {\"a;b\":\"x,y\"}");
        check("id,\"a;b\",c\n1,2,3\n", "a;b:integer c:integer\n1@2 {\"a;b\":2,\"c\":3}");
        check("name;age\nx;1\n", "error: informants.csv:1: no `id` column (read with `;` between columns); the first row must name an `id` column");
        assert_eq!(braid_stats::sniff_delimiter(""), b',');
        assert_eq!(braid_stats::sniff_delimiter("id"), b',');
        assert_eq!(braid_stats::sniff_delimiter("a;b,c\tx"), b',');
    }

    /// Issue 10: an unterminated quote took in the rest of the file as one field.
    #[test]
    fn an_unclosed_quote_is_refused_at_its_line() {
        check("id,name\n1,\"Li\n2,Wang\n", "error: informants.csv:2: a quoted field opens on this line and is never closed; add the closing `\"`");
    }

    #[test]
    fn a_type_error_names_file_line_and_column() {
        check(
            "id;age:integer;date:date\n1;11;2020-01-01\n2;12;2020-02-30\n",
            "error: informants.csv:3: field `date`: `2020-02-30` is not a valid date value",
        );
    }

    #[test]
    fn leading_zeros_are_text() {
        assert_eq!(infer_kind(["0403", "0602"].into_iter()), AttrKind::Text);
        assert_eq!(infer_kind(["0", "10"].into_iter()), AttrKind::Integer);
        assert_eq!(infer_kind(["0.5", "10"].into_iter()), AttrKind::Float);
    }
}
