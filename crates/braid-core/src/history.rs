//! Undo and redo, built on the event log.
//!
//! Every undoable action stores the operations that redo it. Undo applies their inverses in
//! reverse order; redo applies them again. Both are themselves logged, so the audit trail
//! shows every change, and both survive restarting the app because they live in the file.

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::{self, Project};

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
    pub input: crate::finding::FindingInput,
    /// When it was created.
    pub created_at: String,
    /// When it last changed.
    pub updated_at: String,
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
}

impl Op {
    fn inverse(&self) -> Op {
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
        }
    }
}

/// What undo or redo did, or would do.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryStep {
    /// The event undone or redone.
    #[ts(type = "number")]
    pub event: i64,
    /// Its action, e.g. `code`.
    pub action: String,
    /// Its details.
    #[ts(type = "unknown")]
    pub payload: serde_json::Value,
    /// A human summary, e.g. `coding "Peer support/Companionship" in 0602`.
    pub summary: String,
}

/// What undo and redo would do next, for labelling and disabling the app's buttons.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct HistoryState {
    /// The action undo would revert.
    pub undo: Option<HistoryStep>,
    /// The action redo would repeat.
    pub redo: Option<HistoryStep>,
}

/// A human summary of a logged action.
pub fn describe(action: &str, payload: &serde_json::Value) -> String {
    let s = |k: &str| payload.get(k).and_then(|v| v.as_str()).unwrap_or("?").to_string();
    let n = |k: &str| payload.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
    match action {
        "code" => format!("coding \u{201c}{}\u{201d} in {}", s("code"), s("document")),
        "code.in_vivo" => format!("in-vivo coding \u{201c}{}\u{201d} in {}", s("code"), s("document")),
        "uncode" => format!("removing \u{201c}{}\u{201d} from {}", s("code"), s("document")),
        "coding.resize" => "resizing a coding".to_string(),
        "autocode" => format!("auto-coding {} spans with \u{201c}{}\u{201d}", n("added"), s("code")),
        "codings.import" => format!("importing {} codings by {}", n("added"), s("coder")),
        "codebook.import" => format!("importing a codebook ({} codes added)", n("added")),
        "code.add" => format!("adding code \u{201c}{}\u{201d}", s("code")),
        "code.edit" => format!("editing code \u{201c}{}\u{201d}", s("code")),
        "code.merge" => format!("merging \u{201c}{}\u{201d} into \u{201c}{}\u{201d}", s("from"), s("into")),
        "code.delete" => format!("deleting code \u{201c}{}\u{201d}", s("code")),
        "memo.add" => "writing a memo".to_string(),
        "memo.edit" => "editing a memo".to_string(),
        "memo.delete" => "deleting a memo".to_string(),
        "finding.add" => format!("adding finding \u{201c}{}\u{201d}", s("title")),
        "finding.update" => format!("editing finding \u{201c}{}\u{201d}", s("title")),
        "finding.delete" => format!("deleting finding \u{201c}{}\u{201d}", s("title")),
        "finding.order" => "reordering findings".to_string(),
        "finding.link" => format!("linking {} to finding \u{201c}{}\u{201d}", s("what"), s("title")),
        other => other.to_string(),
    }
}

/// What undo and redo would do next.
pub fn history_state(project: &Project) -> Result<HistoryState> {
    let next = |sql: &str| -> Result<Option<HistoryStep>> {
        let row: Option<(i64, String, String)> =
            project.conn.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).optional()?;
        Ok(row.map(|(event, action, payload)| {
            let payload: serde_json::Value = serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null);
            HistoryStep { summary: describe(&action, &payload), event, action, payload }
        }))
    };
    Ok(HistoryState {
        undo: next("SELECT id, action, payload FROM events WHERE state = 'done' ORDER BY id DESC LIMIT 1")?,
        redo: next("SELECT id, action, payload FROM events WHERE state = 'undone' ORDER BY id ASC LIMIT 1")?,
    })
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
        Op::AddFinding(f) => crate::finding::insert_row(tx, f)?,
        Op::RemoveFinding(f) => {
            tx.execute("DELETE FROM findings WHERE uuid = ?1", [&f.uuid])?;
        }
        Op::UpdateFinding { after, .. } => crate::finding::write_row(tx, after)?,
        Op::OrderFindings { after, .. } => {
            for (i, uuid) in after.iter().enumerate() {
                tx.execute("UPDATE findings SET ord = ?2 WHERE uuid = ?1", params![uuid, i as i64])?;
            }
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

/// Undo the most recent undoable action that is not undone yet. `None` when there is none.
pub fn undo(project: &mut Project, actor: &str) -> Result<Option<HistoryStep>> {
    step(project, actor, true)
}

/// Redo the most recently undone action, unless a new action came after it. `None` when there is none.
pub fn redo(project: &mut Project, actor: &str) -> Result<Option<HistoryStep>> {
    step(project, actor, false)
}

fn step(project: &mut Project, actor: &str, undo: bool) -> Result<Option<HistoryStep>> {
    let tx = project.conn.transaction()?;
    let sql = if undo {
        "SELECT id, action, payload, ops FROM events WHERE state = 'done' ORDER BY id DESC LIMIT 1"
    } else {
        "SELECT id, action, payload, ops FROM events WHERE state = 'undone' ORDER BY id ASC LIMIT 1"
    };
    let found: Option<(i64, String, String, String)> =
        tx.query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))).optional()?;
    let Some((id, action, payload, ops)) = found else { return Ok(None) };
    let ops: Vec<Op> = serde_json::from_str(&ops)
        .map_err(|e| Error::Project { path: project_path(&tx), message: format!("event {id} cannot be replayed: {e}") })?;
    if undo {
        for op in ops.iter().rev() {
            apply(&tx, &op.inverse())?;
        }
    } else {
        for op in &ops {
            apply(&tx, op)?;
        }
    }
    tx.execute("UPDATE events SET state = ?2 WHERE id = ?1", params![id, if undo { "undone" } else { "done" }])?;
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null);
    store::log_event(&tx, actor, if undo { "undo" } else { "redo" }, &serde_json::json!({ "event": id, "action": action }))?;
    tx.commit()?;
    Ok(Some(HistoryStep { summary: describe(&action, &payload), event: id, action, payload }))
}

fn project_path(tx: &rusqlite::Transaction<'_>) -> String {
    tx.path().unwrap_or("project").to_string()
}
