//! Findings: a construct or hypothesis that links quantitative results (model terms, fitted or
//! published) with the codes and exemplar excerpts that carry the qualitative evidence, a fit
//! label and a meta-inference.

use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::{self, Project};

/// How the strands relate (Fetters, Curry & Creswell 2013).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FitLabel {
    /// The strands agree.
    Confirmation,
    /// One strand expands on the other.
    Expansion,
    /// The strands disagree.
    Discordance,
}

impl FitLabel {
    fn as_str(self) -> &'static str {
        match self {
            FitLabel::Confirmation => "confirmation",
            FitLabel::Expansion => "expansion",
            FitLabel::Discordance => "discordance",
        }
    }

    fn parse(s: &str) -> Option<FitLabel> {
        match s {
            "confirmation" => Some(FitLabel::Confirmation),
            "expansion" => Some(FitLabel::Expansion),
            "discordance" => Some(FitLabel::Discordance),
            _ => None,
        }
    }
}

/// Where a quantitative result comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ResultSource {
    /// A model saved in the project (fitted by Braid).
    Model,
    /// A published table (`corpus/published/*.json`).
    Published,
}

/// A model term a finding rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ResultRef {
    /// Fitted or published.
    pub source: ResultSource,
    /// The saved model's name, or the published model as `Table 4 model 1`.
    pub model: String,
    /// The term, e.g. `migration[mother]:belonging`.
    pub term: String,
}

/// A finding as written by the researcher.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FindingInput {
    /// The construct or hypothesis, e.g. `H3 Peer support`.
    pub title: String,
    /// Its statement.
    #[serde(default)]
    pub text: String,
    /// The quantitative results.
    #[serde(default)]
    pub results: Vec<ResultRef>,
    /// Code paths carrying the qualitative evidence.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Exemplar codings, by UUID, in display order.
    #[serde(default)]
    pub exemplars: Vec<String>,
    /// How the strands relate.
    #[serde(default)]
    pub fit: Option<FitLabel>,
    /// The meta-inference.
    #[serde(default)]
    pub meta_inference: String,
    /// A memo.
    #[serde(default)]
    pub memo: String,
}

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
    let codes = crate::coding::codebook(project)?;
    for c in &f.codes {
        if !codes.iter().any(|k| k.path == *c) {
            return Err(Error::NotFound { what: "code", name: c.clone() });
        }
    }
    let saved = crate::survey::models(project)?;
    for r in &f.results {
        if r.source == ResultSource::Model && !saved.iter().any(|m| m.name == r.model) {
            return Err(Error::NotFound { what: "model", name: r.model.clone() });
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

/// Write a finding's content into its row; false when there is no such finding.
fn write_content(tx: &rusqlite::Transaction<'_>, uuid: &str, input: &FindingInput) -> Result<bool> {
    let n = tx.execute(
        "UPDATE findings SET title = ?2, text = ?3, fit = ?4, meta_inference = ?5, memo = ?6, results = ?7, codes = ?8, exemplars = ?9, updated_at = ?10 WHERE uuid = ?1",
        params![
            uuid,
            input.title.trim(),
            input.text,
            input.fit.map(FitLabel::as_str),
            input.meta_inference,
            input.memo,
            serde_json::to_string(&input.results).unwrap_or_default(),
            serde_json::to_string(&input.codes).unwrap_or_default(),
            serde_json::to_string(&input.exemplars).unwrap_or_default(),
            store::now()
        ],
    )?;
    Ok(n > 0)
}

/// Create a finding, last in order.
pub fn add_finding(project: &mut Project, input: &FindingInput, actor: &str) -> Result<Finding> {
    validate(project, input)?;
    let uuid = uuid::Uuid::new_v4().to_string();
    let tx = project.conn.transaction()?;
    let ord: i64 = tx.query_row("SELECT coalesce(max(ord) + 1, 0) FROM findings", [], |r| r.get(0))?;
    let now = store::now();
    tx.execute(
        "INSERT INTO findings (uuid, ord, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![uuid, ord, input.title.trim(), now],
    )?;
    write_content(&tx, &uuid, input)?;
    store::log_event(&tx, actor, "finding.add", &serde_json::json!({ "finding": uuid, "title": input.title }))?;
    tx.commit()?;
    finding(project, &uuid)
}

/// Replace a finding's content.
pub fn update_finding(project: &mut Project, uuid: &str, input: &FindingInput, actor: &str) -> Result<Finding> {
    validate(project, input)?;
    let tx = project.conn.transaction()?;
    if !write_content(&tx, uuid, input)? {
        return Err(Error::NotFound { what: "finding", name: uuid.to_string() });
    }
    store::log_event(&tx, actor, "finding.update", &serde_json::json!({ "finding": uuid, "fit": input.fit }))?;
    tx.commit()?;
    finding(project, uuid)
}

/// A finding by UUID.
pub fn finding(project: &Project, uuid: &str) -> Result<Finding> {
    findings(project)?.into_iter().find(|f| f.uuid == uuid).ok_or_else(|| Error::NotFound { what: "finding", name: uuid.to_string() })
}

/// All findings, in order.
pub fn findings(project: &Project) -> Result<Vec<Finding>> {
    let mut stmt = project.conn.prepare(
        "SELECT uuid, ord, title, text, fit, meta_inference, memo, results, codes, exemplars, updated_at FROM findings ORDER BY ord, id",
    )?;
    let rows = stmt.query_map([], |r| {
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
