//! Informants joined to the rows of survey datasets: the stored links, the matching of a
//! dataset column's values to an informant attribute, and the survey values every linked
//! informant carries as read-only attributes (`survey.depression`).
//!
//! Nothing is copied: the values are read from the stored dataset whenever attributes are, and
//! kept while the links and the datasets' hashes stay the same. Re-importing a dataset under its
//! name keeps its link, and the informants carry the new values.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension};

use crate::error::{Error, Result};
use crate::store::ops::LinkRow;
use crate::store::Project;
use crate::text::attrs::{AttrValue, Attributes};

/// The informant attribute a link matches when none is named: the informant id.
pub const INFORMANT_ID: &str = "id";

/// The survey values of linked informants, and what they were read from.
#[derive(Debug)]
pub(crate) struct CaseCache {
    key: String,
    values: Arc<HashMap<String, Attributes>>,
}

/// A dataset as stored: its record and its typed CSV, not yet parsed.
pub(crate) struct StoredDataset {
    pub file_name: String,
    pub sha256: String,
    pub csv: String,
    pub options: braid_stats::CsvOptions,
    pub imported_at: String,
}

impl StoredDataset {
    /// Parse the stored CSV with the options it was imported with.
    pub fn parse(&self) -> std::result::Result<braid_stats::Dataset, braid_stats::Error> {
        braid_stats::Dataset::from_csv(&self.csv, &self.file_name, &self.options)
    }
}

/// A stored dataset by name.
pub(crate) fn stored_dataset(conn: &Connection, name: &str) -> Result<Option<StoredDataset>> {
    let row = conn
        .query_row("SELECT file_name, sha256, csv, options, imported_at FROM datasets WHERE name = ?1", [name], |r| {
            Ok(StoredDataset {
                file_name: r.get(0)?,
                sha256: r.get(1)?,
                csv: r.get(2)?,
                options: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
                imported_at: r.get(4)?,
            })
        })
        .optional()?;
    Ok(row)
}

/// The stored links, by dataset name.
pub(crate) fn links(conn: &Connection) -> Result<Vec<LinkRow>> {
    let mut stmt = conn.prepare(r#"SELECT dataset, "column", attribute, linked_at, linked_by FROM dataset_links ORDER BY dataset"#)?;
    let rows = stmt.query_map([], |r| {
        Ok(LinkRow { dataset: r.get(0)?, column: r.get(1)?, attribute: r.get(2)?, linked_at: r.get(3)?, linked_by: r.get(4)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The form in which ids are compared: a number as a number (`0602`, `602` and `602.0` are one
/// id, since a survey file often reads ids as numbers), anything else as trimmed text.
pub fn id_key(value: &str) -> String {
    let t = value.trim();
    match t.parse::<f64>() {
        Ok(x) if x.is_finite() && t.bytes().any(|b| b.is_ascii_digit()) => format!("{x}"),
        _ => t.to_string(),
    }
}

/// How a dataset's rows meet the informants.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Matching {
    /// The dataset row (0-based) of each matched informant, by informant id.
    pub rows: BTreeMap<String, usize>,
    /// Informants with no row.
    pub unmatched: Vec<String>,
    /// Ids that match an informant and occur on more than one row: the id, and the rows.
    pub duplicate_rows: Vec<(String, Vec<usize>)>,
    /// Ids that more than one informant has (for an attribute other than the informant id):
    /// the id, and the informants.
    pub duplicate_informants: Vec<(String, Vec<String>)>,
}

/// Match the values of `column` in `data` to the informants' `attribute` (the informant id by
/// default). Duplicated ids are reported, not matched.
pub(crate) fn match_rows(project: &Project, data: &braid_stats::Dataset, column: &str, attribute: &str) -> Result<Matching> {
    let stored = project.all_attributes()?;
    let codes: Vec<String> = project.conn.prepare("SELECT code FROM informants ORDER BY code")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let mut by_key: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut out = Matching::default();
    for code in codes {
        let value = if attribute == INFORMANT_ID { Some(code.clone()) } else { stored.get(&code).and_then(|a| a.get(attribute)).map(AttrValue::canonical) };
        match value.filter(|v| !v.trim().is_empty()) {
            Some(v) => by_key.entry(id_key(&v)).or_default().push(code),
            None => out.unmatched.push(code),
        }
    }
    let mut rows_of: HashMap<String, Vec<usize>> = HashMap::new();
    for row in 0..data.n_rows() {
        if let Some(v) = data.text(column, row) {
            let key = id_key(&v);
            if by_key.contains_key(&key) {
                rows_of.entry(key).or_default().push(row);
            }
        }
    }
    for (key, informants) in by_key {
        let rows = rows_of.remove(&key).unwrap_or_default();
        if informants.len() > 1 {
            out.duplicate_informants.push((key.clone(), informants.clone()));
        }
        match rows.as_slice() {
            [] => out.unmatched.extend(informants),
            [row] if informants.len() == 1 => {
                out.rows.insert(informants[0].clone(), *row);
            }
            [_] => {}
            _ => out.duplicate_rows.push((key, rows)),
        }
    }
    out.unmatched.sort();
    Ok(out)
}

/// A dataset cell as an attribute value: whole numbers as integers, other numbers as reals,
/// levels as text.
fn cell_value(data: &braid_stats::Dataset, column: &str, row: usize) -> Option<AttrValue> {
    match data.kind(column)? {
        braid_stats::ColumnKind::Numeric => {
            let x = data.number(column, row)?;
            Some(if x.fract() == 0.0 && x.abs() < 9.0e15 { AttrValue::Integer(x as i64) } else { AttrValue::Float(x) })
        }
        braid_stats::ColumnKind::Categorical => data.text(column, row).map(AttrValue::Text),
    }
}

impl Project {
    /// The survey values of every linked informant, by informant id: for a dataset `survey`
    /// linked to the informants, `survey.depression`, `survey.migration`, … for each column.
    /// These are read-only attributes: they change when the dataset or the link does.
    pub fn case_attributes(&self) -> Result<Arc<HashMap<String, Attributes>>> {
        let links = links(&self.conn)?;
        if links.is_empty() {
            return Ok(Arc::default());
        }
        let mut key = String::new();
        for l in &links {
            let sha: Option<String> = self.conn.query_row("SELECT sha256 FROM datasets WHERE name = ?1", [&l.dataset], |r| r.get(0)).optional()?;
            key.push_str(&format!("{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1e}", l.dataset, l.column, l.attribute, sha.unwrap_or_default()));
        }
        let mut cache = self.cases.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(c) = cache.as_ref().filter(|c| c.key == key) {
            return Ok(c.values.clone());
        }
        let mut values: HashMap<String, Attributes> = HashMap::new();
        for l in &links {
            let Some(stored) = stored_dataset(&self.conn, &l.dataset)? else { continue };
            let data = stored.parse().map_err(|e| Error::BadRequest(format!("the dataset `{}` linked to the informants cannot be read: {e}", l.dataset)))?;
            let matching = match_rows(self, &data, &l.column, &l.attribute)?;
            let columns = data.column_names().into_iter().map(str::to_string).collect::<Vec<_>>();
            for (informant, row) in matching.rows {
                let attrs = values.entry(informant).or_default();
                for c in &columns {
                    if let Some(v) = cell_value(&data, c, row) {
                        attrs.insert(format!("{}.{c}", l.dataset), v);
                    }
                }
            }
        }
        let values = Arc::new(values);
        *cache = Some(CaseCache { key, values: values.clone() });
        Ok(values)
    }

    /// The turns (segment ids) of these informants' documents.
    pub fn segments_of_informants(&self, informants: &[String]) -> Result<std::collections::BTreeSet<u64>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT s.id FROM segments s JOIN documents d ON d.id = s.document JOIN informants i ON i.id = d.informant WHERE i.code = ?1",
        )?;
        let mut out = std::collections::BTreeSet::new();
        for code in informants {
            for id in stmt.query_map([code], |r| r.get::<_, i64>(0))? {
                out.insert(id? as u64);
            }
        }
        Ok(out)
    }

    /// Every turn's segment id.
    pub fn segment_ids(&self) -> Result<Vec<u64>> {
        let mut stmt = self.conn.prepare("SELECT id FROM segments")?;
        Ok(stmt.query_map([], |r| r.get::<_, i64>(0))?.map(|r| r.map(|x| x as u64)).collect::<rusqlite::Result<_>>()?)
    }

    /// Turns by segment id as (document UUID, turn ord).
    pub fn turn_keys(&self, ids: &[u64]) -> Result<std::collections::HashSet<(String, usize)>> {
        let mut stmt = self.conn.prepare_cached("SELECT d.uuid, s.ord FROM segments s JOIN documents d ON d.id = s.document WHERE s.id = ?1")?;
        let mut out = std::collections::HashSet::new();
        for id in ids {
            if let Some(k) = stmt.query_row([*id as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))).optional()? {
                out.insert(k);
            }
        }
        Ok(out)
    }

    /// Whether `key` names a survey value (`survey.depression`) rather than a stored attribute:
    /// it starts with the name of a linked dataset and a dot.
    pub fn is_case_attribute(&self, key: &str) -> Result<bool> {
        Ok(links(&self.conn)?.iter().any(|l| key.strip_prefix(l.dataset.as_str()).is_some_and(|rest| rest.starts_with('.'))))
    }
}
