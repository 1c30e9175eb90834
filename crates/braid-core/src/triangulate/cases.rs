//! Joining the strands case by case: informants linked to the rows of a survey dataset, and
//! respondents picked from a model (the worst explained, the extremes of a moderator or of the
//! prediction), each with whether they were interviewed.
//!
//! The link itself and the survey values it gives informants are kept by the store
//! ([`crate::store::cases`]); code variables by [`crate::triangulate::codevars`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use braid_stats::{Cmp, Condition, Dataset};

use crate::error::{Error, Location, Result};
use crate::store::action::Action;
use crate::store::cases::{INFORMANT_ID, Matching, links, match_rows, stored_dataset};
use crate::store::ops::{self, LinkRow, Op};
use crate::store::{self, Project};
use crate::triangulate::survey::{self, load_dataset, model_columns, stats_error};

/// The most duplicated ids an error lists.
const LISTED: usize = 10;

/// A dataset's link to the informants, and how its rows met them.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LinkReport {
    /// The dataset.
    pub dataset: String,
    /// The dataset column holding the ids.
    pub column: String,
    /// The informant attribute matched (`id`: the informant id).
    pub attribute: String,
    /// Informants matched to a row.
    pub matched: usize,
    /// The dataset's rows.
    pub rows: usize,
    /// The matched informants with their rows, by informant id.
    pub linked: Vec<LinkedCase>,
    /// Informants with no row (e.g. the teachers of a children's survey).
    pub unmatched: Vec<String>,
    /// When it was linked.
    pub linked_at: String,
    /// Who linked it.
    pub linked_by: String,
    /// Whether this call changed the link (false when it was already so).
    pub changed: bool,
}

/// An informant and their row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct LinkedCase {
    /// The informant id.
    pub informant: String,
    /// The row, counted from 1 (the first data row).
    pub row: usize,
    /// The row's id, as the dataset column has it.
    pub id: String,
}

fn columns_hint(data: &Dataset) -> String {
    let names = data.column_names();
    let shown: Vec<&str> = names.iter().take(12).copied().collect();
    format!("{}{}", shown.join(", "), if names.len() > shown.len() { ", …" } else { "" })
}

/// The report of a stored link as it matches now.
fn report(data: &Dataset, link: &LinkRow, matching: &Matching, changed: bool) -> LinkReport {
    LinkReport {
        dataset: link.dataset.clone(),
        column: link.column.clone(),
        attribute: link.attribute.clone(),
        matched: matching.rows.len(),
        rows: data.n_rows(),
        linked: matching
            .rows
            .iter()
            .map(|(informant, &row)| LinkedCase { informant: informant.clone(), row: row + 1, id: data.text(&link.column, row).unwrap_or_default() })
            .collect(),
        unmatched: matching.unmatched.clone(),
        linked_at: link.linked_at.clone(),
        linked_by: link.linked_by.clone(),
        changed,
    }
}

/// Link the informants to a dataset's rows: the values of `column` are matched to each
/// informant's `attribute` (the informant id when `None`). Refused, and nothing stored, when an
/// id that matches an informant occurs on more than one row, when two informants share an id,
/// or when nothing matches. Undoable; linking again with another column replaces the link.
pub fn link_dataset(project: &mut Project, dataset: &str, column: &str, attribute: Option<&str>, actor: &str) -> Result<LinkReport> {
    let attribute = attribute.map(str::trim).filter(|a| !a.is_empty()).unwrap_or(INFORMANT_ID);
    let stored = stored_dataset(&project.conn, dataset)?.ok_or_else(|| Error::NotFound { what: "dataset", name: dataset.to_string() })?;
    let data = stored.parse().map_err(|e| stats_error(e, &stored.file_name))?;
    if data.kind(column).is_none() {
        return Err(Error::BadRequest(format!("no column `{column}` in dataset `{dataset}`; the columns are {}", columns_hint(&data))));
    }
    let defs: Vec<String> = project.attribute_defs()?.into_iter().map(|(k, _)| k).collect();
    if attribute != INFORMANT_ID && !defs.iter().any(|k| k == attribute) {
        return Err(Error::BadRequest(format!(
            "no informant attribute `{attribute}`; match `id` (the informant id) or one of: {}",
            defs.join(", ")
        )));
    }
    let prefix = format!("{dataset}.");
    if let Some(clash) = defs.iter().find(|k| k.starts_with(&prefix)) {
        return Err(Error::BadRequest(format!(
            "the informants have an attribute `{clash}`, which the survey values of `{dataset}` would shadow; rename the attribute or import the dataset under another name"
        )));
    }
    let matching = match_rows(project, &data, column, attribute)?;
    if let Some((id, rows)) = matching.duplicate_rows.first() {
        let mut at = Location::file(stored.file_name.clone());
        at.line = Some(rows[1] + 2);
        at.field = Some(column.to_string());
        let all: Vec<String> = matching
            .duplicate_rows
            .iter()
            .take(LISTED)
            .map(|(id, rows)| format!("`{id}` on rows {}", rows.iter().map(|r| (r + 1).to_string()).collect::<Vec<_>>().join(", ")))
            .collect();
        let more = matching.duplicate_rows.len().saturating_sub(LISTED);
        return Err(Error::bad_input(
            at,
            format!(
                "the id `{id}` occurs on {} rows, and an informant can have one; duplicated: {}{}. Nothing was linked",
                rows.len(),
                all.join("; "),
                if more > 0 { format!(" and {more} more") } else { String::new() }
            ),
        ));
    }
    if let Some((id, informants)) = matching.duplicate_informants.first() {
        return Err(Error::BadRequest(format!(
            "informants {} all have {attribute} `{id}`, so a row cannot tell them apart; nothing was linked",
            informants.join(", ")
        )));
    }
    if matching.rows.is_empty() {
        let sample = (0..data.n_rows()).find_map(|r| data.text(column, r)).unwrap_or_default();
        return Err(Error::BadRequest(format!(
            "no value of `{column}` in dataset `{dataset}` matches an informant's {}; the column has e.g. `{sample}`. Name the column that holds the informants' ids, or the attribute that holds the dataset's ids with --attribute",
            if attribute == INFORMANT_ID { "id".to_string() } else { format!("`{attribute}`") }
        )));
    }
    let row = LinkRow { dataset: dataset.to_string(), column: column.to_string(), attribute: attribute.to_string(), linked_at: store::now(), linked_by: actor.to_string() };
    let before = links(&project.conn)?.into_iter().find(|l| l.dataset == dataset);
    let op = match &before {
        Some(b) if b.column == row.column && b.attribute == row.attribute => return Ok(report(&data, b, &matching, false)),
        Some(b) => Op::UpdateLink { before: b.clone(), after: row.clone() },
        None => Op::LinkDataset(row.clone()),
    };
    let tx = project.conn.transaction()?;
    ops::apply(&tx, &op)?;
    ops::log_undoable(
        &tx,
        actor,
        Action::LinkDataset,
        &serde_json::json!({ "dataset": dataset, "column": column, "attribute": attribute, "matched": matching.rows.len() }),
        &[op],
    )?;
    tx.commit()?;
    Ok(report(&data, &row, &matching, true))
}

/// Remove a dataset's link. Undoable.
pub fn unlink_dataset(project: &mut Project, dataset: &str, actor: &str) -> Result<()> {
    let link = links(&project.conn)?.into_iter().find(|l| l.dataset == dataset).ok_or_else(|| Error::NotFound { what: "dataset link", name: dataset.to_string() })?;
    let op = Op::UnlinkDataset(link);
    let tx = project.conn.transaction()?;
    ops::apply(&tx, &op)?;
    ops::log_undoable(&tx, actor, Action::UnlinkDataset, &serde_json::json!({ "dataset": dataset }), &[op])?;
    tx.commit()?;
    Ok(())
}

/// The links, each with how the dataset's rows match the informants now.
pub fn dataset_links(project: &Project) -> Result<Vec<LinkReport>> {
    let mut out = Vec::new();
    for link in links(&project.conn)? {
        let Some(stored) = stored_dataset(&project.conn, &link.dataset)? else { continue };
        let data = stored.parse().map_err(|e| stats_error(e, &stored.file_name))?;
        let matching = match_rows(project, &data, &link.column, &link.attribute)?;
        out.push(report(&data, &link, &matching, false));
    }
    Ok(out)
}

/// The informant of each linked row of a dataset, by row (0-based).
pub(crate) fn informants_by_row(project: &Project, dataset: &str, data: &Dataset) -> Result<BTreeMap<usize, String>> {
    let Some(link) = links(&project.conn)?.into_iter().find(|l| l.dataset == dataset) else { return Ok(BTreeMap::new()) };
    if data.kind(&link.column).is_none() {
        return Ok(BTreeMap::new());
    }
    Ok(match_rows(project, data, &link.column, &link.attribute)?.rows.into_iter().map(|(i, r)| (r, i)).collect())
}

/// How respondents are picked from a model.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseOrder {
    /// The largest positive and negative residuals: those the model explains worst.
    #[default]
    Residual,
    /// The highest and lowest values of the moderator (within a focal group).
    Moderator,
    /// The highest and lowest predicted values.
    Predicted,
}

/// Which end of the order a case is from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Extreme {
    /// The top: a positive residual, a high moderator or prediction.
    High,
    /// The bottom.
    Low,
}

/// What `braid cases` asks.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct CaseRequest {
    /// The saved model.
    pub model: String,
    /// How to pick.
    #[serde(default)]
    pub by: CaseOrder,
    /// How many from each end (0 means 5).
    #[serde(default)]
    pub top: usize,
    /// Conditions on the respondents' values, e.g. `migration=mother` (for `moderator`, the
    /// focal group; by default the level of the model's first interaction).
    #[serde(default, rename = "where")]
    pub where_: Vec<Condition>,
    /// The moderator (for `moderator`); by default the numeric variable of the model's first
    /// interaction.
    #[serde(default)]
    pub moderator: Option<String>,
    /// Only respondents linked to an interviewed informant.
    #[serde(default)]
    pub interviewed: bool,
}

/// One value of a case.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CaseValue {
    /// The column.
    pub column: String,
    /// Its value, as text; empty when missing.
    pub value: String,
}

/// A respondent picked from a model.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Case {
    /// Which end.
    pub extreme: Extreme,
    /// 1 for the most extreme at that end.
    pub rank: usize,
    /// The row, counted from 1.
    pub row: usize,
    /// The respondent's id: the linked column's value, or the dataset's first column.
    pub id: String,
    /// The values of the formula's variables.
    pub values: Vec<CaseValue>,
    /// The outcome.
    pub observed: Option<f64>,
    /// The model's prediction.
    pub predicted: f64,
    /// Observed less predicted.
    pub residual: Option<f64>,
    /// The moderator's value (when picking by moderator).
    pub moderator: Option<f64>,
    /// Whether the row is in the model's estimation sample (a row outside it, e.g. of another
    /// wave, is predicted from the coefficients all the same).
    pub in_sample: bool,
    /// The linked informant, when the respondent was interviewed.
    pub informant: Option<String>,
    /// The informant's first document, to open.
    pub document: Option<String>,
}

/// The respondents picked from a model.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CaseList {
    /// The model.
    pub model: String,
    /// Its formula.
    pub formula: String,
    /// Its dataset.
    pub dataset: String,
    /// How they were picked.
    pub by: CaseOrder,
    /// The moderator, when picking by it.
    pub moderator: Option<String>,
    /// The conditions applied, as written (including a default focal group).
    pub conditions: Vec<String>,
    /// Respondents considered (after the conditions, with a prediction).
    pub considered: usize,
    /// The model is stale: the cases come from a refit on the data as they are now.
    pub stale: bool,
    /// The picked cases: the high end first, then the low end.
    pub cases: Vec<Case>,
}

/// The model's interaction with the smallest p-value (where the moderation is): its factor
/// level (`migration`, `mother`) if any, and its numeric variable (`belonging`, from
/// `migration[mother]:center(belonging)`).
fn first_interaction(fit: &braid_stats::OlsFit) -> (Option<(String, String)>, Option<String>) {
    let Some(term) = fit
        .coefficients
        .iter()
        .filter(|c| c.term.contains(':'))
        .min_by(|a, b| a.p.total_cmp(&b.p))
        .map(|c| c.term.as_str())
    else {
        return (None, None);
    };
    let (mut level, mut numeric) = (None, None);
    for part in term.split(':') {
        if let Some((col, rest)) = part.split_once('[') {
            level = level.or_else(|| Some((unwrap_fn(col).to_string(), rest.trim_end_matches(']').to_string())));
        } else {
            numeric = numeric.or_else(|| Some(unwrap_fn(part).to_string()));
        }
    }
    (level, numeric)
}

/// `center(x)` → `x`.
fn unwrap_fn(term: &str) -> &str {
    term.split_once('(').map_or(term, |(_, rest)| rest.trim_end_matches(')'))
}

/// Pick respondents from a saved model: refitted on its dataset as it is now, predicted for
/// every row with the model's variables, filtered, and the `top` of each end listed.
pub fn pick_cases(project: &Project, request: &CaseRequest) -> Result<CaseList> {
    let model = survey::models(project)?
        .into_iter()
        .find(|m| m.name == request.model)
        .ok_or_else(|| Error::NotFound { what: "model", name: request.model.clone() })?;
    let (data, _) = load_dataset(project, &model.dataset)?;
    let fit = survey::fit(&data, &model.formula, &model.options)?;
    let shown = data.name().to_string();
    let predictions = fit.predict(&data).map_err(|e| stats_error(e, &shown))?;
    let top = if request.top == 0 { 5 } else { request.top };
    let mut conditions = request.where_.clone();
    let (focal, numeric) = first_interaction(&fit);
    let moderator = match request.by {
        CaseOrder::Moderator => {
            let m = request.moderator.clone().or(numeric).ok_or_else(|| {
                Error::BadRequest(format!("the model `{}` has no interaction with a numeric variable; name the moderator with --moderator", model.name))
            })?;
            if data.kind(&m) != Some(braid_stats::ColumnKind::Numeric) {
                return Err(Error::BadRequest(format!("the moderator `{m}` is not a numeric column of dataset `{}`", model.dataset)));
            }
            if let Some((col, level)) = focal.filter(|(col, _)| !conditions.iter().any(|c| c.column == *col)) {
                conditions.push(Condition { column: col, op: Cmp::Eq, value: level });
            }
            Some(m)
        }
        _ => None,
    };
    let keep = data.rows_where(&conditions).map_err(|e| stats_error(e, &shown))?;
    let sample = data.rows_where(&model.options.subset).map_err(|e| stats_error(e, &shown))?;
    let needed = model_columns(&model.formula, &model.options);
    let shown_columns = survey::formula_variables(&model.formula);
    let informants = informants_by_row(project, &model.dataset, &data)?;
    let documents: BTreeMap<String, Option<String>> = project.informants()?.into_iter().map(|i| (i.id, i.documents.into_iter().next())).collect();
    let link_column = links(&project.conn)?.into_iter().find(|l| l.dataset == model.dataset).map(|l| l.column);
    let id_column = link_column.or_else(|| data.column_names().first().map(|c| c.to_string())).unwrap_or_default();
    let key = |p: &braid_stats::RowPrediction| -> Option<f64> {
        match request.by {
            CaseOrder::Residual => p.residual,
            CaseOrder::Predicted => Some(p.predicted),
            CaseOrder::Moderator => moderator.as_deref().and_then(|m| data.number(m, p.row)),
        }
    };
    let mut ranked: Vec<(f64, &braid_stats::RowPrediction)> = predictions
        .iter()
        .filter(|p| keep[p.row] && (!request.interviewed || informants.contains_key(&p.row)))
        .filter_map(|p| key(p).map(|k| (k, p)))
        .collect();
    let considered = ranked.len();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.row.cmp(&b.1.row)));
    let case = |extreme: Extreme, rank: usize, p: &braid_stats::RowPrediction| {
        let informant = informants.get(&p.row).cloned();
        Case {
            extreme,
            rank,
            row: p.row + 1,
            id: data.text(&id_column, p.row).unwrap_or_else(|| (p.row + 1).to_string()),
            values: shown_columns.iter().map(|c| CaseValue { column: c.clone(), value: data.text(c, p.row).unwrap_or_default() }).collect(),
            observed: p.observed,
            predicted: p.predicted,
            residual: p.residual,
            moderator: moderator.as_deref().and_then(|m| data.number(m, p.row)),
            in_sample: sample[p.row] && needed.iter().all(|c| data.text(c, p.row).is_some()),
            document: informant.as_ref().and_then(|i| documents.get(i).cloned().flatten()),
            informant,
        }
    };
    // For residuals the two ends are the positive and the negative ones; for the others, the
    // highest and the lowest.
    let residual = request.by == CaseOrder::Residual;
    let high: Vec<_> = ranked.iter().filter(|(k, _)| !residual || *k > 0.0).take(top).collect();
    let low: Vec<_> = ranked.iter().rev().filter(|(k, _)| !residual || *k < 0.0).filter(|(_, p)| !high.iter().any(|(_, h)| h.row == p.row)).take(top).collect();
    let mut cases: Vec<Case> = high.iter().enumerate().map(|(i, (_, p))| case(Extreme::High, i + 1, p)).collect();
    cases.extend(low.iter().enumerate().map(|(i, (_, p))| case(Extreme::Low, i + 1, p)));
    Ok(CaseList {
        model: model.name.clone(),
        formula: model.formula.clone(),
        dataset: model.dataset.clone(),
        by: request.by,
        moderator,
        conditions: conditions.iter().map(ToString::to_string).collect(),
        considered,
        stale: model.stale,
        cases,
    })
}

/// One linked informant's survey row, for the case-ordered display.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LinkedRow {
    /// The informant.
    pub informant: String,
    /// The row, counted from 1.
    pub row: usize,
    /// The values of the requested columns, as text (`None`: missing).
    pub values: Vec<Option<String>>,
    /// The model's residual, when ordering by one.
    pub residual: Option<f64>,
}

/// The linked informants' rows of a dataset with the values of `columns`, and each one's
/// residual under `model` when given. The dataset must be linked.
pub(crate) fn linked_rows(project: &Project, dataset: &str, columns: &[String], model: Option<&str>) -> Result<(Vec<LinkedRow>, String)> {
    if !links(&project.conn)?.iter().any(|l| l.dataset == dataset) {
        return Err(Error::BadRequest(format!("the dataset `{dataset}` is not linked to the informants; link it first: braid dataset link PROJECT {dataset} --column ID_COLUMN")));
    }
    let (data, info) = load_dataset(project, dataset)?;
    for c in columns {
        if data.kind(c).is_none() {
            return Err(Error::BadRequest(format!("no column `{c}` in dataset `{dataset}`; the columns are {}", columns_hint(&data))));
        }
    }
    let mut provenance = format!("dataset {dataset} (sha256 {})", &info.sha256[..info.sha256.len().min(12)]);
    let residuals: BTreeMap<usize, f64> = match model {
        None => BTreeMap::new(),
        Some(name) => {
            let m = survey::models(project)?.into_iter().find(|m| m.name == name).ok_or_else(|| Error::NotFound { what: "model", name: name.to_string() })?;
            if m.dataset != dataset {
                return Err(Error::BadRequest(format!("the model `{name}` was fitted on dataset `{}`, not `{dataset}`", m.dataset)));
            }
            let fit = survey::fit(&data, &m.formula, &m.options)?;
            provenance.push_str(&format!("; residuals of model {name}: {}", m.formula));
            fit.predict(&data).map_err(|e| stats_error(e, dataset))?.into_iter().filter_map(|p| Some((p.row, p.residual?))).collect()
        }
    };
    let rows = informants_by_row(project, dataset, &data)?
        .into_iter()
        .map(|(row, informant)| LinkedRow {
            informant,
            row: row + 1,
            values: columns.iter().map(|c| data.text(c, row)).collect(),
            residual: residuals.get(&row).copied(),
        })
        .collect();
    Ok((rows, provenance))
}
