//! The store's rows, the reversible operations on them and their inverses, and the log that
//! records each action with the operations that redo it. Every change that can be undone goes
//! through [`apply`]; [`super::history`] replays the log.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::action::Action;

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
    /// Every label, in the order a picker offers them.
    pub const ALL: [FitLabel; 3] = [FitLabel::Confirmation, FitLabel::Expansion, FitLabel::Discordance];

    /// The label as a reader sees it: `Confirmation`.
    pub fn label(self) -> &'static str {
        match self {
            FitLabel::Confirmation => "Confirmation",
            FitLabel::Expansion => "Expansion",
            FitLabel::Discordance => "Discordance",
        }
    }

    /// The label as stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            FitLabel::Confirmation => "confirmation",
            FitLabel::Expansion => "expansion",
            FitLabel::Discordance => "discordance",
        }
    }

    /// The label named by `s`.
    pub fn parse(s: &str) -> Option<FitLabel> {
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

/// A coding as stored, by stable identities, so that it can be removed and restored exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodingRow {
    /// The coding's UUID.
    pub uuid: String,
    /// Document UUID.
    pub document: String,
    /// Code UUID.
    pub code: String,
    /// Span start (code points).
    pub start: usize,
    /// Span end.
    pub end: usize,
    /// Who coded it.
    pub coder: String,
    /// When it was first made.
    pub created_at: String,
    /// Optional memo.
    pub memo: Option<String>,
}

/// A code as stored, for codes created by an action (in-vivo coding, codebook import).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeRow {
    /// The code's UUID.
    pub uuid: String,
    /// The parent's UUID.
    pub parent: Option<String>,
    /// Name.
    pub name: String,
    /// Colour.
    pub colour: String,
    /// Definition.
    pub definition: String,
    /// Inclusion criteria.
    pub include: String,
    /// Exclusion criteria.
    pub exclude: String,
    /// Example.
    pub example: String,
    /// Order among siblings.
    pub ord: i64,
}

/// A memo as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoRow {
    /// The memo's UUID.
    pub uuid: String,
    /// `project`, `document`, `code` or `coding`.
    pub target_kind: String,
    /// The UUID of what it is attached to (none for the project).
    pub target: Option<String>,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// Who wrote it.
    pub author: String,
    /// When it was written.
    pub created_at: String,
    /// When it was last changed.
    pub updated_at: String,
}

/// A finding as stored, so that it can be removed and restored exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRow {
    /// The finding's UUID.
    pub uuid: String,
    /// Position among findings.
    pub ord: i64,
    /// Its content.
    pub input: FindingInput,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
}

/// A document's recording as stored, so that a link can be removed and restored exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaRow {
    /// The document's UUID.
    pub document: String,
    /// The path: relative to the project file's folder, or absolute.
    pub path: String,
    /// `audio` or `video`.
    pub kind: String,
    /// Size in bytes when linked.
    pub size: u64,
    /// SHA-256 when linked.
    pub sha256: String,
    /// Length in milliseconds, when known.
    pub duration_ms: Option<u64>,
    /// The file's modification time when linked (milliseconds since 1970).
    pub modified: i64,
    /// When it was linked.
    pub linked_at: String,
    /// Who linked it.
    pub linked_by: String,
}

/// Informants linked to a dataset's rows, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct LinkRow {
    /// The dataset's name.
    pub dataset: String,
    /// The dataset column holding the informants' ids, e.g. `respondent_id`.
    pub column: String,
    /// The informant attribute it matches: `id` for the informant id, or an attribute's key.
    pub attribute: String,
    /// When it was linked.
    pub linked_at: String,
    /// Who linked it.
    pub linked_by: String,
}

/// A code added to a dataset as a variable, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeColumnRow {
    /// The dataset's name.
    pub dataset: String,
    /// The column's name, e.g. `peer_distraction`.
    pub name: String,
    /// The code's UUID.
    pub code: String,
    /// `presence`, `count` or `share`.
    pub measure: String,
    /// When it was added.
    pub added_at: String,
    /// Who added it.
    pub added_by: String,
}

/// One reversible change to the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// A coding was added.
    AddCoding(CodingRow),
    /// A coding was removed.
    RemoveCoding(CodingRow),
    /// A code was added.
    AddCode(CodeRow),
    /// A code was removed (only ever as the inverse of adding it).
    RemoveCodeRow(CodeRow),
    /// A memo was added.
    AddMemo(MemoRow),
    /// A memo was removed.
    RemoveMemo(MemoRow),
    /// A memo changed.
    UpdateMemo {
        /// Before.
        before: MemoRow,
        /// After.
        after: MemoRow,
    },
    /// A code's fields changed.
    UpdateCode {
        /// Before.
        before: CodeRow,
        /// After.
        after: CodeRow,
    },
    /// A finding was added.
    AddFinding(FindingRow),
    /// A finding was removed.
    RemoveFinding(FindingRow),
    /// A finding's content changed.
    UpdateFinding {
        /// Before.
        before: FindingRow,
        /// After.
        after: FindingRow,
    },
    /// The findings were put in a new order (UUIDs, first to last).
    OrderFindings {
        /// Before.
        before: Vec<String>,
        /// After.
        after: Vec<String>,
    },
    /// A recording was linked to a document.
    LinkMedia(MediaRow),
    /// A document's recording was unlinked.
    UnlinkMedia(MediaRow),
    /// A document's recording was replaced.
    UpdateMedia {
        /// Before.
        before: MediaRow,
        /// After.
        after: MediaRow,
    },
    /// Informants were linked to a dataset.
    LinkDataset(LinkRow),
    /// A dataset's link was removed.
    UnlinkDataset(LinkRow),
    /// A dataset's link changed (another column or attribute).
    UpdateLink {
        /// Before.
        before: LinkRow,
        /// After.
        after: LinkRow,
    },
    /// A code became a dataset variable.
    AddCodeColumn(CodeColumnRow),
    /// A code variable was removed.
    RemoveCodeColumn(CodeColumnRow),
}

impl Op {
    /// The operation that undoes this one.
    pub(crate) fn inverse(&self) -> Op {
        match self {
            Op::AddCoding(c) => Op::RemoveCoding(c.clone()),
            Op::RemoveCoding(c) => Op::AddCoding(c.clone()),
            Op::AddCode(c) => Op::RemoveCodeRow(c.clone()),
            Op::RemoveCodeRow(c) => Op::AddCode(c.clone()),
            Op::UpdateCode { before, after } => Op::UpdateCode { before: after.clone(), after: before.clone() },
            Op::AddMemo(m) => Op::RemoveMemo(m.clone()),
            Op::RemoveMemo(m) => Op::AddMemo(m.clone()),
            Op::UpdateMemo { before, after } => Op::UpdateMemo { before: after.clone(), after: before.clone() },
            Op::AddFinding(f) => Op::RemoveFinding(f.clone()),
            Op::RemoveFinding(f) => Op::AddFinding(f.clone()),
            Op::UpdateFinding { before, after } => Op::UpdateFinding { before: after.clone(), after: before.clone() },
            Op::OrderFindings { before, after } => Op::OrderFindings { before: after.clone(), after: before.clone() },
            Op::LinkMedia(m) => Op::UnlinkMedia(m.clone()),
            Op::UnlinkMedia(m) => Op::LinkMedia(m.clone()),
            Op::UpdateMedia { before, after } => Op::UpdateMedia { before: after.clone(), after: before.clone() },
            Op::LinkDataset(l) => Op::UnlinkDataset(l.clone()),
            Op::UnlinkDataset(l) => Op::LinkDataset(l.clone()),
            Op::UpdateLink { before, after } => Op::UpdateLink { before: after.clone(), after: before.clone() },
            Op::AddCodeColumn(c) => Op::RemoveCodeColumn(c.clone()),
            Op::RemoveCodeColumn(c) => Op::AddCodeColumn(c.clone()),
        }
    }
}

/// Stored codings, by stable identities, that match `condition` on `?1` (`g` is codings,
/// `d` documents, `c` codes), in the order they were made.
pub(crate) fn coding_rows(tx: &rusqlite::Transaction<'_>, condition: &str, arg: &str) -> Result<Vec<CodingRow>> {
    let mut stmt = tx.prepare(&format!(
        r#"SELECT g.uuid, d.uuid, c.uuid, g.start, g."end", g.coder, g.created_at, g.memo
           FROM codings g JOIN documents d ON d.id = g.document JOIN codes c ON c.id = g.code WHERE {condition} ORDER BY g.id"#
    ))?;
    let rows = stmt.query_map([arg], |r| {
        Ok(CodingRow {
            uuid: r.get(0)?,
            document: r.get(1)?,
            code: r.get(2)?,
            start: r.get::<_, i64>(3)? as usize,
            end: r.get::<_, i64>(4)? as usize,
            coder: r.get(5)?,
            created_at: r.get(6)?,
            memo: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The stored coding with this UUID.
pub(crate) fn coding_row(tx: &rusqlite::Transaction<'_>, uuid: &str) -> Result<CodingRow> {
    coding_rows(tx, "g.uuid = ?1", uuid)?.pop().ok_or_else(|| Error::NotFound { what: "coding", name: uuid.to_string() })
}

fn id_of(tx: &rusqlite::Transaction<'_>, table: &str, uuid: &str) -> Result<i64> {
    tx.query_row(&format!("SELECT id FROM {table} WHERE uuid = ?1"), [uuid], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: if table == "codes" { "code" } else { "document" }, name: uuid.to_string() })
}

pub(crate) fn apply(tx: &rusqlite::Transaction<'_>, op: &Op) -> Result<()> {
    match op {
        Op::AddCoding(c) => {
            let doc = id_of(tx, "documents", &c.document)?;
            let code = id_of(tx, "codes", &c.code)?;
            tx.execute(
                r#"INSERT INTO codings (uuid, document, code, start, "end", coder, created_at, memo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"#,
                params![c.uuid, doc, code, c.start as i64, c.end as i64, c.coder, c.created_at, c.memo],
            )?;
        }
        Op::RemoveCoding(c) => {
            tx.execute("DELETE FROM codings WHERE uuid = ?1", [&c.uuid])?;
        }
        Op::AddCode(c) => {
            let parent = c.parent.as_deref().map(|p| id_of(tx, "codes", p)).transpose()?;
            tx.execute(
                "INSERT INTO codes (uuid, parent, name, colour, definition, include, exclude, example, ord) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![c.uuid, parent, c.name, c.colour, c.definition, c.include, c.exclude, c.example, c.ord],
            )?;
        }
        Op::RemoveCodeRow(c) => {
            tx.execute("DELETE FROM codes WHERE uuid = ?1", [&c.uuid])?;
        }
        Op::AddMemo(m) => {
            tx.execute(
                "INSERT INTO memos (uuid, target_kind, target, title, body, author, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![m.uuid, m.target_kind, m.target, m.title, m.body, m.author, m.created_at, m.updated_at],
            )?;
        }
        Op::RemoveMemo(m) => {
            tx.execute("DELETE FROM memos WHERE uuid = ?1", [&m.uuid])?;
        }
        Op::UpdateMemo { after, .. } => {
            tx.execute(
                "UPDATE memos SET title = ?2, body = ?3, updated_at = ?4 WHERE uuid = ?1",
                params![after.uuid, after.title, after.body, after.updated_at],
            )?;
        }
        Op::AddFinding(f) => insert_finding(tx, f)?,
        Op::RemoveFinding(f) => {
            tx.execute("DELETE FROM findings WHERE uuid = ?1", [&f.uuid])?;
        }
        Op::UpdateFinding { after, .. } => write_finding(tx, after)?,
        Op::OrderFindings { after, .. } => {
            for (i, uuid) in after.iter().enumerate() {
                tx.execute("UPDATE findings SET ord = ?2 WHERE uuid = ?1", params![uuid, i as i64])?;
            }
        }
        Op::LinkMedia(m) => {
            let doc = id_of(tx, "documents", &m.document)?;
            tx.execute(
                "INSERT INTO media (document, path, kind, size, sha256, duration_ms, modified, linked_at, linked_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    doc,
                    m.path,
                    m.kind,
                    crate::store::ms_to_sql(m.size),
                    m.sha256,
                    m.duration_ms.map(crate::store::ms_to_sql),
                    m.modified,
                    m.linked_at,
                    m.linked_by
                ],
            )?;
        }
        Op::UnlinkMedia(m) => {
            let doc = id_of(tx, "documents", &m.document)?;
            tx.execute("DELETE FROM media WHERE document = ?1", [doc])?;
        }
        Op::UpdateMedia { after, .. } => {
            let doc = id_of(tx, "documents", &after.document)?;
            tx.execute(
                "UPDATE media SET path = ?2, kind = ?3, size = ?4, sha256 = ?5, duration_ms = ?6, modified = ?7, linked_at = ?8, linked_by = ?9 WHERE document = ?1",
                params![
                    doc,
                    after.path,
                    after.kind,
                    crate::store::ms_to_sql(after.size),
                    after.sha256,
                    after.duration_ms.map(crate::store::ms_to_sql),
                    after.modified,
                    after.linked_at,
                    after.linked_by
                ],
            )?;
        }
        Op::LinkDataset(l) | Op::UpdateLink { after: l, .. } => {
            tx.execute(
                r#"INSERT INTO dataset_links (dataset, "column", attribute, linked_at, linked_by) VALUES (?1, ?2, ?3, ?4, ?5)
                   ON CONFLICT (dataset) DO UPDATE SET "column" = excluded."column", attribute = excluded.attribute,
                       linked_at = excluded.linked_at, linked_by = excluded.linked_by"#,
                params![l.dataset, l.column, l.attribute, l.linked_at, l.linked_by],
            )?;
        }
        Op::UnlinkDataset(l) => {
            tx.execute("DELETE FROM dataset_links WHERE dataset = ?1", [&l.dataset])?;
        }
        Op::AddCodeColumn(c) => {
            tx.execute(
                "INSERT INTO code_columns (dataset, name, code, measure, added_at, added_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![c.dataset, c.name, c.code, c.measure, c.added_at, c.added_by],
            )?;
        }
        Op::RemoveCodeColumn(c) => {
            tx.execute("DELETE FROM code_columns WHERE dataset = ?1 AND name = ?2", [&c.dataset, &c.name])?;
        }
        Op::UpdateCode { after, .. } => {
            let parent = after.parent.as_deref().map(|p| id_of(tx, "codes", p)).transpose()?;
            tx.execute(
                "UPDATE codes SET parent = ?2, name = ?3, colour = ?4, definition = ?5, include = ?6, exclude = ?7, example = ?8, ord = ?9 WHERE uuid = ?1",
                params![after.uuid, parent, after.name, after.colour, after.definition, after.include, after.exclude, after.example, after.ord],
            )?;
        }
    }
    Ok(())
}

/// Insert a stored finding (adding it, or restoring it on undo).
fn insert_finding(tx: &rusqlite::Transaction<'_>, row: &FindingRow) -> Result<()> {
    tx.execute(
        "INSERT INTO findings (uuid, ord, title, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![row.uuid, row.ord, row.input.title, row.created_at, row.updated_at],
    )?;
    write_finding(tx, row)
}

/// Write a stored finding's content over its row. Its place in the order is left alone.
fn write_finding(tx: &rusqlite::Transaction<'_>, row: &FindingRow) -> Result<()> {
    let input = &row.input;
    let n = tx.execute(
        "UPDATE findings SET title = ?2, text = ?3, fit = ?4, meta_inference = ?5, memo = ?6, results = ?7, codes = ?8, exemplars = ?9, updated_at = ?10 WHERE uuid = ?1",
        params![
            row.uuid,
            input.title,
            input.text,
            input.fit.map(FitLabel::as_str),
            input.meta_inference,
            input.memo,
            serde_json::to_string(&input.results).unwrap_or_default(),
            serde_json::to_string(&input.codes).unwrap_or_default(),
            serde_json::to_string(&input.exemplars).unwrap_or_default(),
            row.updated_at
        ],
    )?;
    if n == 0 {
        return Err(Error::NotFound { what: "finding", name: row.uuid.clone() });
    }
    Ok(())
}

/// Append an undoable action, with the operations that redo it, inside the caller's transaction.
/// A new action ends the chance to redo anything undone before it.
pub(crate) fn log_undoable(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    action: Action,
    payload: &serde_json::Value,
    ops: &[Op],
) -> Result<()> {
    tx.execute("UPDATE events SET state = 'dead' WHERE state = 'undone'", [])?;
    tx.execute(
        "INSERT INTO events (at, actor, action, payload, ops, state) VALUES (?1, ?2, ?3, ?4, ?5, 'done')",
        params![crate::store::now(), actor, action.as_str(), payload.to_string(), serde_json::to_string(ops).unwrap_or_default()],
    )?;
    Ok(())
}

