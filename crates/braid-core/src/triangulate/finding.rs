//! Findings: a construct or hypothesis that links quantitative results (model terms, fitted or
//! published) with the codes and exemplar excerpts that carry the qualitative evidence, a fit
//! label and a meta-inference.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codebook::coding::NewCoding;
use crate::error::{Error, Result};
use crate::store::ops::{self, FindingInput, FindingRow, FitLabel, Op, ResultRef, ResultSource};
use crate::store::{self, Project};

/// A stored finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    /// Stable identity.
    pub uuid: String,
    /// Position among findings.
    pub order: usize,
    /// The finding's content.
    #[serde(flatten)]
    pub input: FindingInput,
    /// When it last changed.
    pub updated_at: String,
}

fn validate(project: &Project, f: &FindingInput) -> Result<()> {
    if f.title.trim().is_empty() {
        return Err(Error::BadRequest("give the finding a title, e.g. H3 Peer support".to_string()));
    }
    let codes = crate::codebook::codes::codebook(project)?;
    for c in &f.codes {
        if !codes.iter().any(|k| k.path == *c) {
            return Err(Error::NotFound { what: "code", name: c.clone() });
        }
    }
    if !f.results.is_empty() {
        let saved = crate::triangulate::survey::models(project)?;
        let published = crate::triangulate::published::stored_published(project)?;
        for r in &f.results {
            check_result(&saved, published.as_ref(), r)?;
        }
    }
    for e in &f.exemplars {
        let exists: bool = project.conn.query_row("SELECT EXISTS (SELECT 1 FROM codings WHERE uuid = ?1)", [e], |r| r.get(0))?;
        if !exists {
            return Err(Error::NotFound { what: "coding", name: e.clone() });
        }
    }
    Ok(())
}

/// A result must name a saved model and one of its terms, or a published model and one of its
/// terms when the project holds published tables.
fn check_result(saved: &[crate::triangulate::survey::SavedModel], published: Option<&crate::triangulate::published::Published>, r: &ResultRef) -> Result<()> {
    let terms: Vec<String> = match r.source {
        ResultSource::Model => {
            let m = saved.iter().find(|m| m.name == r.model).ok_or_else(|| Error::NotFound { what: "model", name: r.model.clone() })?;
            let coefficients = m.fit["coefficients"].as_array().cloned().unwrap_or_default();
            coefficients.iter().filter_map(|c| c["term"].as_str().map(str::to_string)).collect()
        }
        ResultSource::Published => {
            let Some(p) = published else { return Ok(()) };
            let (t, n) = p.model_names().get(&r.model).copied().ok_or_else(|| Error::NotFound { what: "published model", name: r.model.clone() })?;
            p.model(t, n).map(|m| m.terms.iter().map(|t| t.term.clone()).collect()).unwrap_or_default()
        }
    };
    if !terms.contains(&r.term) {
        return Err(Error::BadRequest(format!("`{}` is not a term of {}; its terms are: {}", r.term, r.model, terms.join(", "))));
    }
    Ok(())
}

fn stored_row(tx: &rusqlite::Transaction<'_>, uuid: &str) -> Result<FindingRow> {
    let found: Option<(i64, String)> =
        tx.query_row("SELECT ord, created_at FROM findings WHERE uuid = ?1", [uuid], |r| Ok((r.get(0)?, r.get(1)?))).optional()?;
    let (ord, created_at) = found.ok_or_else(|| Error::NotFound { what: "finding", name: uuid.to_string() })?;
    let f = read_findings(tx, Some(uuid))?.pop().ok_or_else(|| Error::NotFound { what: "finding", name: uuid.to_string() })?;
    Ok(FindingRow { uuid: f.uuid, ord, input: f.input, created_at, updated_at: f.updated_at })
}

/// The content as stored: the title without surrounding blanks, exemplars without repeats.
fn tidy(input: &FindingInput) -> FindingInput {
    let mut out = input.clone();
    out.title = input.title.trim().to_string();
    let mut seen = std::collections::HashSet::new();
    out.exemplars.retain(|e| seen.insert(e.clone()));
    out
}

/// Create a finding, last in order. One undoable action.
pub fn add_finding(project: &mut Project, input: &FindingInput, actor: &str) -> Result<Finding> {
    validate(project, input)?;
    let tx = project.conn.transaction()?;
    let ord: i64 = tx.query_row("SELECT coalesce(max(ord) + 1, 0) FROM findings", [], |r| r.get(0))?;
    let now = store::now();
    let row = FindingRow { uuid: uuid::Uuid::new_v4().to_string(), ord, input: tidy(input), created_at: now.clone(), updated_at: now };
    let op = Op::AddFinding(row.clone());
    ops::apply(&tx, &op)?;
    ops::log_undoable(&tx, actor, crate::store::action::Action::AddFinding, &serde_json::json!({ "finding": row.uuid, "title": row.input.title }), &[op])?;
    tx.commit()?;
    finding(project, &row.uuid)
}

/// Replace a finding's content. One undoable action.
pub fn update_finding(project: &mut Project, uuid: &str, input: &FindingInput, actor: &str) -> Result<Finding> {
    validate(project, input)?;
    write_content(project, uuid, actor, |_| input.clone())
}

/// A change to some of a finding's fields; the fields left `None` keep their stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(optional_fields)]
pub struct FindingPatch {
    /// A new title.
    pub title: Option<String>,
    /// A new statement.
    pub text: Option<String>,
    /// New results, replacing the old.
    pub results: Option<Vec<ResultRef>>,
    /// New themes (code paths), replacing the old.
    pub codes: Option<Vec<String>>,
    /// New exemplars (coding UUIDs, in order), replacing the old.
    pub exemplars: Option<Vec<String>>,
    /// A new fit label.
    pub fit: Option<FitLabel>,
    /// A new meta-inference.
    pub meta_inference: Option<String>,
    /// A new memo.
    pub memo: Option<String>,
}

impl FindingPatch {
    /// The content with this patch applied.
    pub fn apply(&self, input: &FindingInput) -> FindingInput {
        let mut out = input.clone();
        let set = |field: &mut String, value: &Option<String>| {
            if let Some(v) = value {
                field.clone_from(v);
            }
        };
        set(&mut out.title, &self.title);
        set(&mut out.text, &self.text);
        set(&mut out.meta_inference, &self.meta_inference);
        set(&mut out.memo, &self.memo);
        if let Some(r) = &self.results {
            out.results.clone_from(r);
        }
        if let Some(c) = &self.codes {
            out.codes.clone_from(c);
        }
        if let Some(e) = &self.exemplars {
            out.exemplars.clone_from(e);
        }
        if let Some(f) = self.fit {
            out.fit = Some(f);
        }
        out
    }
}

/// Change some of a finding's fields. One undoable action. The patch is applied to the
/// finding as stored when the write happens, so a field another process changed meanwhile
/// keeps its new value unless the patch names it.
pub fn patch_finding(project: &mut Project, uuid: &str, patch: &FindingPatch, actor: &str) -> Result<Finding> {
    validate(project, &patch.apply(&finding(project, uuid)?.input))?;
    write_content(project, uuid, actor, |stored| patch.apply(stored))
}

/// Write the content `change` makes of the stored one, in one transaction.
fn write_content(project: &mut Project, uuid: &str, actor: &str, change: impl FnOnce(&FindingInput) -> FindingInput) -> Result<Finding> {
    let tx = project.conn.transaction()?;
    let before = stored_row(&tx, uuid)?;
    let after = FindingRow { input: tidy(&change(&before.input)), updated_at: store::now(), ..before.clone() };
    if after.input == before.input {
        // Nothing changed: no event, so undo is not spent on a no-op.
        drop(tx);
        return finding(project, uuid);
    }
    let payload = serde_json::json!({ "finding": uuid, "title": after.input.title, "fit": after.input.fit });
    let op = Op::UpdateFinding { before, after };
    ops::apply(&tx, &op)?;
    ops::log_undoable(&tx, actor, crate::store::action::Action::UpdateFinding, &payload, &[op])?;
    tx.commit()?;
    finding(project, uuid)
}

/// Delete a finding. One undoable action; the codings and models it linked are untouched.
pub fn delete_finding(project: &mut Project, uuid: &str, actor: &str) -> Result<()> {
    let tx = project.conn.transaction()?;
    let row = stored_row(&tx, uuid)?;
    let payload = serde_json::json!({ "finding": uuid, "title": row.input.title });
    let op = Op::RemoveFinding(row);
    ops::apply(&tx, &op)?;
    ops::log_undoable(&tx, actor, crate::store::action::Action::DeleteFinding, &payload, &[op])?;
    tx.commit()?;
    Ok(())
}

/// Put the findings in a new order: `order` lists every finding's UUID once, first to last.
/// One undoable action.
pub fn order_findings(project: &mut Project, order: &[String], actor: &str) -> Result<Vec<Finding>> {
    let tx = project.conn.transaction()?;
    let before: Vec<String> = read_findings(&tx, None)?.into_iter().map(|f| f.uuid).collect();
    let mut wanted = order.to_vec();
    wanted.sort();
    let mut have = before.clone();
    have.sort();
    if wanted != have {
        return Err(Error::BadRequest(format!(
            "the new order must list each of the {} findings exactly once; it lists {} UUIDs",
            before.len(),
            order.len()
        )));
    }
    if before != order {
        let op = Op::OrderFindings { before, after: order.to_vec() };
        ops::apply(&tx, &op)?;
        ops::log_undoable(&tx, actor, crate::store::action::Action::OrderFindings, &serde_json::json!({ "order": order }), &[op])?;
    }
    tx.commit()?;
    findings(project)
}

/// Move a finding to `position` (1 is first), keeping the others in order. One undoable action.
pub fn move_finding(project: &mut Project, uuid: &str, position: usize, actor: &str) -> Result<Vec<Finding>> {
    let mut order: Vec<String> = findings(project)?.into_iter().map(|f| f.uuid).filter(|u| u != uuid).collect();
    if position == 0 || position > order.len() + 1 {
        return Err(Error::BadRequest(format!("give a position from 1 to {}", order.len() + 1)));
    }
    order.insert(position - 1, uuid.to_string());
    order_findings(project, &order, actor)
}

/// Evidence to link to a finding, from wherever the researcher found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Link {
    /// A model term, from a results table (fitted or published).
    Result {
        /// The term.
        result: ResultRef,
    },
    /// An existing coding, e.g. a retrieved excerpt, as the next exemplar.
    Coding {
        /// The coding's UUID.
        coding: String,
    },
    /// A span that is not coded yet, e.g. a search hit: it is coded, then linked as an exemplar.
    Span {
        /// The coding to make (an identical existing one is reused).
        coding: NewCoding,
    },
}

/// Link evidence to a finding. An exemplar whose code is not among the finding's themes (or
/// under one of them) adds its code to the themes. Linking what is already linked changes
/// nothing. One undoable action, which for a span includes coding it.
pub fn link_to_finding(project: &mut Project, uuid: &str, link: &Link, actor: &str) -> Result<Finding> {
    if let Link::Result { result } = link {
        check_result(&crate::triangulate::survey::models(project)?, crate::triangulate::published::stored_published(project)?.as_ref(), result)?;
    }
    let tx = project.conn.transaction()?;
    let before = stored_row(&tx, uuid)?;
    let mut input = before.input.clone();
    let mut ops = Vec::new();
    let (what, coding) = match link {
        Link::Result { result } => {
            if !input.results.contains(result) {
                input.results.push(result.clone());
            }
            (format!("{} in {}", result.term, result.model), None)
        }
        Link::Coding { coding } => (format!("coding {coding}"), Some(coding.clone())),
        Link::Span { coding } => {
            let (row, existing) = crate::codebook::coding::prepare_coding(&tx, coding)?;
            let id = match existing {
                Some(id) => id,
                None => {
                    let op = Op::AddCoding(row.clone());
                    ops::apply(&tx, &op)?;
                    ops.push(op);
                    row.uuid
                }
            };
            (format!("\u{201c}{}\u{201d} in {}", coding.code, coding.document), Some(id))
        }
    };
    if let Some(id) = coding {
        let code: Option<String> = tx
            .query_row("SELECT c.uuid FROM codings g JOIN codes c ON c.id = g.code WHERE g.uuid = ?1", [&id], |r| r.get(0))
            .optional()?;
        let code = code.ok_or_else(|| Error::NotFound { what: "coding", name: id.clone() })?;
        let path = crate::codebook::codes::code_path_in(&tx, &code)?;
        if !input.codes.iter().any(|t| path == *t || path.starts_with(&format!("{t}/"))) {
            input.codes.push(path);
        }
        if !input.exemplars.contains(&id) {
            input.exemplars.push(id);
        }
    }
    if input != before.input {
        let payload = serde_json::json!({ "finding": uuid, "title": input.title, "what": what });
        let op = Op::UpdateFinding { after: FindingRow { input, updated_at: store::now(), ..before.clone() }, before };
        ops::apply(&tx, &op)?;
        ops.push(op);
        ops::log_undoable(&tx, actor, crate::store::action::Action::LinkToFinding, &payload, &ops)?;
    }
    tx.commit()?;
    finding(project, uuid)
}

/// A finding by UUID.
pub fn finding(project: &Project, uuid: &str) -> Result<Finding> {
    read_findings(&project.conn, Some(uuid))?.pop().ok_or_else(|| Error::NotFound { what: "finding", name: uuid.to_string() })
}

/// All findings, in order.
pub fn findings(project: &Project) -> Result<Vec<Finding>> {
    read_findings(&project.conn, None)
}

fn read_findings(conn: &rusqlite::Connection, uuid: Option<&str>) -> Result<Vec<Finding>> {
    let mut stmt = conn.prepare(
        "SELECT uuid, ord, title, text, fit, meta_inference, memo, results, codes, exemplars, updated_at FROM findings
         WHERE ?1 IS NULL OR uuid = ?1 ORDER BY ord, id",
    )?;
    let rows = stmt.query_map([uuid], |r| {
        let fit: Option<String> = r.get(4)?;
        let results: String = r.get(7)?;
        let codes: String = r.get(8)?;
        let exemplars: String = r.get(9)?;
        Ok(Finding {
            uuid: r.get(0)?,
            order: r.get::<_, i64>(1)? as usize,
            input: FindingInput {
                title: r.get(2)?,
                text: r.get(3)?,
                fit: fit.as_deref().and_then(FitLabel::parse),
                meta_inference: r.get(5)?,
                memo: r.get(6)?,
                results: serde_json::from_str(&results).unwrap_or_default(),
                codes: serde_json::from_str(&codes).unwrap_or_default(),
                exemplars: serde_json::from_str(&exemplars).unwrap_or_default(),
            },
            updated_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// A finding by title or UUID, for the CLI.
pub fn find_finding(project: &Project, key: &str) -> Result<Finding> {
    let all = findings(project)?;
    all.iter()
        .find(|f| f.uuid == key || f.input.title == key)
        .cloned()
        .ok_or_else(|| Error::NotFound { what: "finding", name: key.to_string() })
}
