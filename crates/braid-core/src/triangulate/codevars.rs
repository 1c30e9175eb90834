//! Codes as survey variables (quantitizing): a code added to a linked dataset becomes a column
//! of the informants' rows, computed from the current codings whenever the dataset is loaded.
//!
//! - `presence`: 1 when the informant carries the code (or a sub-code), else 0;
//! - `count`: how many distinct passages of the informant carry it (a passage two coders both
//!   coded counts once);
//! - `share`: the share of the informant's respondent words inside such passages, 0 to 1.
//!
//! Rows without a linked informant are missing, so a model with a code variable is estimated
//! on the interviewed respondents. A model records a fingerprint of the codings its code
//! variables were computed from; when those codings change, the model is stale.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codebook::codes::{code_and_descendants, code_tree, code_uuid};
use crate::error::{Error, Result};
use crate::store::action::Action;
use crate::store::cases::{links, match_rows, stored_dataset};
use crate::store::ops::{self, CodeColumnRow, Op};
use crate::store::{self, Project};

/// How a code becomes a number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CodeMeasure {
    /// 1 when the informant carries the code, else 0.
    #[default]
    Presence,
    /// The number of distinct coded passages.
    Count,
    /// The share of the informant's respondent words that are coded, 0 to 1.
    Share,
}

impl CodeMeasure {
    /// The name as stored and written.
    pub fn as_str(self) -> &'static str {
        match self {
            CodeMeasure::Presence => "presence",
            CodeMeasure::Count => "count",
            CodeMeasure::Share => "share",
        }
    }

    fn parse(s: &str) -> CodeMeasure {
        match s {
            "count" => CodeMeasure::Count,
            "share" => CodeMeasure::Share,
            _ => CodeMeasure::Presence,
        }
    }
}

/// A code added to a dataset as a variable.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CodeVariable {
    /// The dataset.
    pub dataset: String,
    /// The column's name in formulas, e.g. `peer_distraction`.
    pub name: String,
    /// The code's path, e.g. `Peer relations/Peer distraction`; empty when the code was deleted
    /// (the column is then left out).
    pub code: String,
    /// How it is measured.
    pub measure: CodeMeasure,
    /// When it was added.
    pub added_at: String,
    /// Who added it.
    pub added_by: String,
}

/// The column name for a code: its last name in lower case, words joined by `_`, with the
/// measure after it unless it is presence (`peer_distraction`, `peer_distraction_count`).
pub fn column_name(path: &str, measure: CodeMeasure) -> String {
    let leaf = path.rsplit('/').next().unwrap_or(path);
    let mut name = String::new();
    for c in leaf.chars() {
        if c.is_alphanumeric() {
            name.extend(c.to_lowercase());
        } else if !name.ends_with('_') && !name.is_empty() {
            name.push('_');
        }
    }
    let name = name.trim_end_matches('_').to_string();
    let name = if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("code_{name}") } else { name };
    match measure {
        CodeMeasure::Presence => name,
        m => format!("{name}_{}", m.as_str()),
    }
}

fn rows_of(project: &Project, dataset: Option<&str>) -> Result<Vec<CodeColumnRow>> {
    let mut stmt = project.conn.prepare(
        "SELECT dataset, name, code, measure, added_at, added_by FROM code_columns WHERE ?1 IS NULL OR dataset = ?1 ORDER BY dataset, rowid",
    )?;
    let rows = stmt.query_map([dataset], |r| {
        Ok(CodeColumnRow { dataset: r.get(0)?, name: r.get(1)?, code: r.get(2)?, measure: r.get(3)?, added_at: r.get(4)?, added_by: r.get(5)? })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The code variables of one dataset, or of all.
pub fn code_variables(project: &Project, dataset: Option<&str>) -> Result<Vec<CodeVariable>> {
    let paths: BTreeMap<String, String> = code_tree(&project.conn)?.into_iter().map(|c| (c.uuid, c.path)).collect();
    Ok(rows_of(project, dataset)?
        .into_iter()
        .map(|r| CodeVariable {
            code: paths.get(&r.code).cloned().unwrap_or_default(),
            dataset: r.dataset,
            name: r.name,
            measure: CodeMeasure::parse(&r.measure),
            added_at: r.added_at,
            added_by: r.added_by,
        })
        .collect())
}

/// Add codes to a linked dataset as variables, one column each. A code already added with the
/// same measure is left as it is; a name that is already a column of the dataset is refused.
/// Undoable.
pub fn add_code_variables(project: &mut Project, dataset: &str, codes: &[String], measure: CodeMeasure, actor: &str) -> Result<Vec<CodeVariable>> {
    if codes.is_empty() {
        return Err(Error::BadRequest("name at least one code, e.g. --code \"Peer support/Peer distraction\"".to_string()));
    }
    if !links(&project.conn)?.iter().any(|l| l.dataset == dataset) {
        let known = stored_dataset(&project.conn, dataset)?.is_some();
        return Err(if known {
            Error::BadRequest(format!("the dataset `{dataset}` is not linked to the informants; link it first: braid dataset link PROJECT {dataset} --column ID_COLUMN"))
        } else {
            Error::NotFound { what: "dataset", name: dataset.to_string() }
        });
    }
    let stored = stored_dataset(&project.conn, dataset)?.ok_or_else(|| Error::NotFound { what: "dataset", name: dataset.to_string() })?;
    let columns: BTreeSet<String> = stored.parse().map(|d| d.column_names().into_iter().map(str::to_string).collect()).unwrap_or_default();
    let existing = rows_of(project, Some(dataset))?;
    let tx = project.conn.transaction()?;
    let mut added = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for path in codes {
        let uuid = code_uuid(&tx, path)?;
        let name = column_name(path, measure);
        if let Some(e) = existing.iter().find(|e| e.name == name) {
            if e.code == uuid {
                continue;
            }
            return Err(Error::BadRequest(format!("the dataset `{dataset}` already has a code variable `{name}` (another code); remove it first")));
        }
        if columns.contains(&name) {
            return Err(Error::BadRequest(format!("the dataset `{dataset}` already has a column `{name}`; a code variable cannot replace it")));
        }
        if names.contains(&name) {
            return Err(Error::BadRequest(format!("two of the codes give the column name `{name}`; add them one at a time with different measures")));
        }
        names.push(name.clone());
        added.push(Op::AddCodeColumn(CodeColumnRow {
            dataset: dataset.to_string(),
            name,
            code: uuid,
            measure: measure.as_str().to_string(),
            added_at: store::now(),
            added_by: actor.to_string(),
        }));
    }
    for op in &added {
        ops::apply(&tx, op)?;
    }
    if !added.is_empty() {
        ops::log_undoable(&tx, actor, Action::AddCodeColumns, &serde_json::json!({ "dataset": dataset, "added": added.len(), "columns": names }), &added)?;
    }
    tx.commit()?;
    let all = code_variables(project, Some(dataset))?;
    Ok(all.into_iter().filter(|v| codes.iter().any(|c| *c == v.code) && v.measure == measure).collect())
}

/// Remove code variables from a dataset by column name. Undoable.
pub fn remove_code_variables(project: &mut Project, dataset: &str, names: &[String], actor: &str) -> Result<usize> {
    let existing = rows_of(project, Some(dataset))?;
    let mut removed = Vec::new();
    for n in names {
        let row = existing.iter().find(|r| r.name == *n).ok_or_else(|| Error::NotFound { what: "code variable", name: n.clone() })?;
        removed.push(Op::RemoveCodeColumn(row.clone()));
    }
    let tx = project.conn.transaction()?;
    for op in &removed {
        ops::apply(&tx, op)?;
    }
    ops::log_undoable(&tx, actor, Action::RemoveCodeColumns, &serde_json::json!({ "dataset": dataset, "removed": removed.len(), "columns": names }), &removed)?;
    tx.commit()?;
    Ok(removed.len())
}

/// Words as a reader counts them: runs of letters and digits, each CJK character one word.
fn count_words(text: &str) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for c in text.chars() {
        let cjk = matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff);
        if cjk {
            n += 1;
            in_word = false;
        } else if c.is_alphanumeric() {
            if !in_word {
                n += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    n
}

/// One informant's coded passages of a code (and its sub-codes), by document UUID: distinct
/// spans, whoever coded them, sorted.
fn passages(project: &Project, informant: &str, code_ids: &[i64]) -> Result<BTreeMap<String, BTreeSet<(usize, usize)>>> {
    let list = code_ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let mut stmt = project.conn.prepare(&format!(
        r#"SELECT d.uuid, g.start, g."end" FROM codings g JOIN documents d ON d.id = g.document JOIN informants i ON i.id = d.informant
           WHERE i.code = ?1 AND g.code IN ({list})"#
    ))?;
    let mut out: BTreeMap<String, BTreeSet<(usize, usize)>> = BTreeMap::new();
    for row in stmt.query_map([informant], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, i64>(2)?)))? {
        let (doc, s, e) = row?;
        out.entry(doc).or_default().insert((s as usize, e as usize));
    }
    Ok(out)
}

/// The share of an informant's respondent words inside `coded` passages.
fn share(project: &Project, informant: &str, coded: &BTreeMap<String, BTreeSet<(usize, usize)>>) -> Result<f64> {
    let mut stmt = project.conn.prepare_cached(
        r#"SELECT d.uuid, d.text, s.start, s."end" FROM segments s JOIN documents d ON d.id = s.document JOIN informants i ON i.id = d.informant
           WHERE i.code = ?1 AND s.role = 'respondent' ORDER BY d.id, s.ord"#,
    )?;
    let (mut total, mut inside) = (0usize, 0usize);
    let mut chars: Option<(String, Vec<char>)> = None;
    let turns = stmt.query_map([informant], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, i64>(2)?, r.get::<_, i64>(3)?)))?;
    for turn in turns {
        let (doc, text, start, end) = turn?;
        if chars.as_ref().is_none_or(|(d, _)| *d != doc) {
            chars = Some((doc.clone(), text.chars().collect()));
        }
        let Some((_, text)) = chars.as_ref() else { continue };
        let (start, end) = (start as usize, (end as usize).min(text.len()));
        let slice = |a: usize, b: usize| text[a.min(b)..b].iter().collect::<String>();
        total += count_words(&slice(start, end));
        // The coded parts of this turn, merged so that overlapping codings count once.
        let mut parts: Vec<(usize, usize)> = coded
            .get(&doc)
            .into_iter()
            .flatten()
            .filter(|(s, e)| *s < end && start < *e)
            .map(|(s, e)| ((*s).max(start), (*e).min(end)))
            .collect();
        parts.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in parts {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        inside += merged.iter().map(|(s, e)| count_words(&slice(*s, *e))).sum::<usize>();
    }
    Ok(if total == 0 { f64::NAN } else { inside as f64 / total as f64 })
}

/// What a code variable's values are computed from, per linked informant: their passages.
struct Inputs {
    /// The dataset row of each linked informant.
    rows: BTreeMap<String, usize>,
    /// Per code variable: its stored row, and the code's ids (none when the code is gone).
    vars: Vec<(CodeColumnRow, Option<Vec<i64>>)>,
}

fn inputs(project: &Project, dataset: &str, data: &braid_stats::Dataset, only: Option<&[String]>) -> Result<Option<Inputs>> {
    let Some(link) = links(&project.conn)?.into_iter().find(|l| l.dataset == dataset) else { return Ok(None) };
    let mut vars = Vec::new();
    let paths: BTreeMap<String, String> = code_tree(&project.conn)?.into_iter().map(|c| (c.uuid, c.path)).collect();
    for row in rows_of(project, Some(dataset))? {
        if only.is_some_and(|names| !names.contains(&row.name)) {
            continue;
        }
        let ids = paths.get(&row.code).map(|p| code_and_descendants(project, p)).transpose()?;
        vars.push((row, ids));
    }
    if vars.is_empty() {
        return Ok(None);
    }
    let rows = if data.column_names().contains(&link.column.as_str()) { match_rows(project, data, &link.column, &link.attribute)?.rows } else { BTreeMap::new() };
    Ok(Some(Inputs { rows, vars }))
}

/// Append the dataset's code variables to `data` (the stored dataset, as parsed), computed from
/// the current codings. A variable whose code was deleted is left out.
pub(crate) fn append_code_columns(project: &Project, dataset: &str, data: &mut braid_stats::Dataset) -> Result<()> {
    let Some(inputs) = inputs(project, dataset, data, None)? else { return Ok(()) };
    for (row, ids) in &inputs.vars {
        let Some(ids) = ids else { continue };
        let mut values = vec![f64::NAN; data.n_rows()];
        for (informant, &r) in &inputs.rows {
            let coded = passages(project, informant, ids)?;
            let count = coded.values().map(BTreeSet::len).sum::<usize>();
            values[r] = match CodeMeasure::parse(&row.measure) {
                CodeMeasure::Presence => f64::from(u8::from(count > 0)),
                CodeMeasure::Count => count as f64,
                CodeMeasure::Share => share(project, informant, &coded)?,
            };
        }
        data.add_column(&row.name, braid_stats::ColumnValues::Numeric(values)).map_err(|e| Error::BadRequest(e.to_string()))?;
    }
    Ok(())
}

/// A fingerprint of what the code variables among `used` were computed from: the link, and each
/// variable's code, measure and coded passages. `None` when `used` has no code variable.
pub(crate) fn fingerprint(project: &Project, dataset: &str, data: &braid_stats::Dataset, used: &[String]) -> Result<Option<String>> {
    let Some(inputs) = inputs(project, dataset, data, Some(used))? else { return Ok(None) };
    let link = links(&project.conn)?.into_iter().find(|l| l.dataset == dataset);
    let mut h = serde_json::json!({ "link": link.map(|l| (l.column, l.attribute)), "rows": inputs.rows }).to_string();
    for (row, ids) in &inputs.vars {
        h.push_str(&format!("\u{1e}{}\u{1f}{}\u{1f}{}", row.name, row.code, row.measure));
        if let Some(ids) = ids {
            for informant in inputs.rows.keys() {
                h.push_str(&serde_json::to_string(&passages(project, informant, ids)?).unwrap_or_default());
            }
        }
    }
    Ok(Some(crate::text::sha256_hex(h.as_bytes())))
}

/// Record a model's fingerprint (see [`fingerprint`]) in its row.
pub(crate) fn record_fingerprint(project: &Project, model: &str, fingerprint: Option<&str>) -> Result<()> {
    project.conn.execute("UPDATE models SET derived = ?2 WHERE name = ?1", params![model, fingerprint])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_code_and_the_measure() {
        assert_eq!(column_name("Peer support/Peer distraction", CodeMeasure::Presence), "peer_distraction");
        assert_eq!(column_name("Teacher authority", CodeMeasure::Count), "teacher_authority_count");
        assert_eq!(column_name("A/Self-reliance (child)", CodeMeasure::Share), "self_reliance_child_share");
        assert_eq!(column_name("2nd wave", CodeMeasure::Presence), "code_2nd_wave");
    }

    #[test]
    fn words_are_runs_and_cjk_characters() {
        assert_eq!(count_words("I don't tell my friends."), 6);
        assert_eq!(count_words("妈妈在韩国 mother"), 6);
        assert_eq!(count_words(""), 0);
    }
}
