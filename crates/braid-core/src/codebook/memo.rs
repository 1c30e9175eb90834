//! Memos: the researcher's notes on the project, a document, a code or a coding.

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::ops::{self, MemoRow, Op};
use crate::store::{self, Project};

/// What a memo is attached to, named as the user names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum MemoTarget {
    /// The whole project.
    Project,
    /// A document, by name.
    Document(String),
    /// A code, by path.
    Code(String),
    /// A coding, by UUID.
    Coding(String),
}

/// A memo as the app and the CLI see it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Memo {
    /// Stable identity.
    pub uuid: String,
    /// What it is attached to.
    pub target: MemoTarget,
    /// Title (may be empty).
    pub title: String,
    /// Text.
    pub body: String,
    /// Who wrote it.
    pub author: String,
    /// When it was written (RFC 3339, UTC).
    pub created_at: String,
    /// When it was last changed.
    pub updated_at: String,
}

/// Resolve a target to (kind, uuid).
fn resolve(tx: &rusqlite::Transaction<'_>, target: &MemoTarget) -> Result<(&'static str, Option<String>)> {
    let find = |sql: &str, name: &str, what: &'static str| -> Result<Option<String>> {
        tx.query_row(sql, [name], |r| r.get::<_, String>(0))
            .optional()?
            .map(Some)
            .ok_or_else(|| Error::NotFound { what, name: name.to_string() })
    };
    Ok(match target {
        MemoTarget::Project => ("project", None),
        MemoTarget::Document(n) => ("document", find("SELECT uuid FROM documents WHERE name = ?1", n, "document")?),
        MemoTarget::Code(p) => ("code", Some(crate::codebook::codes::code_uuid_in(tx, p)?)),
        MemoTarget::Coding(u) => ("coding", find("SELECT uuid FROM codings WHERE uuid = ?1", u, "coding")?),
    })
}

/// Write a memo. One undoable action.
pub fn add_memo(project: &mut Project, target: &MemoTarget, title: &str, body: &str, author: &str) -> Result<Memo> {
    if body.trim().is_empty() {
        return Err(Error::BadRequest("the memo is empty; write something".to_string()));
    }
    let tx = project.conn.transaction()?;
    let (kind, target_uuid) = resolve(&tx, target)?;
    let now = store::now();
    let row = MemoRow {
        uuid: uuid::Uuid::new_v4().to_string(),
        target_kind: kind.to_string(),
        target: target_uuid,
        title: title.trim().to_string(),
        body: body.to_string(),
        author: author.to_string(),
        created_at: now.clone(),
        updated_at: now,
    };
    let op = Op::AddMemo(row.clone());
    ops::apply(&tx, &op)?;
    ops::log_undoable(&tx, author, crate::store::action::Action::AddMemo, &serde_json::json!({ "memo": row.uuid, "target": target }), &[op])?;
    tx.commit()?;
    memo(project, &row.uuid)
}

fn row(tx: &rusqlite::Transaction<'_>, uuid: &str) -> Result<MemoRow> {
    tx.query_row(
        "SELECT uuid, target_kind, target, title, body, author, created_at, updated_at FROM memos WHERE uuid = ?1",
        [uuid],
        |r| {
            Ok(MemoRow {
                uuid: r.get(0)?,
                target_kind: r.get(1)?,
                target: r.get(2)?,
                title: r.get(3)?,
                body: r.get(4)?,
                author: r.get(5)?,
                created_at: r.get(6)?,
                updated_at: r.get(7)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound { what: "memo", name: uuid.to_string() })
}

/// Change a memo's title and text. One undoable action.
pub fn edit_memo(project: &mut Project, uuid: &str, title: Option<&str>, body: &str, actor: &str) -> Result<Memo> {
    if body.trim().is_empty() {
        return Err(Error::BadRequest("the memo is empty; delete it instead".to_string()));
    }
    let tx = project.conn.transaction()?;
    let before = row(&tx, uuid)?;
    let after = MemoRow {
        title: title.map_or(before.title.clone(), |t| t.trim().to_string()),
        body: body.to_string(),
        updated_at: store::now(),
        ..before.clone()
    };
    let op = Op::UpdateMemo { before, after };
    ops::apply(&tx, &op)?;
    ops::log_undoable(&tx, actor, crate::store::action::Action::EditMemo, &serde_json::json!({ "memo": uuid }), &[op])?;
    tx.commit()?;
    memo(project, uuid)
}

/// Delete a memo. One undoable action.
pub fn delete_memo(project: &mut Project, uuid: &str, actor: &str) -> Result<()> {
    let tx = project.conn.transaction()?;
    let op = Op::RemoveMemo(row(&tx, uuid)?);
    ops::apply(&tx, &op)?;
    ops::log_undoable(&tx, actor, crate::store::action::Action::DeleteMemo, &serde_json::json!({ "memo": uuid }), &[op])?;
    tx.commit()?;
    Ok(())
}

fn memo(project: &Project, uuid: &str) -> Result<Memo> {
    memos(project, None)?.into_iter().find(|m| m.uuid == uuid).ok_or_else(|| Error::NotFound { what: "memo", name: uuid.to_string() })
}

/// Memos, all or those of one target, oldest first.
pub fn memos(project: &Project, target: Option<&MemoTarget>) -> Result<Vec<Memo>> {
    let paths: std::collections::HashMap<String, String> =
        crate::codebook::codes::codebook(project)?.into_iter().map(|c| (c.uuid, c.path)).collect();
    let mut stmt = project.conn.prepare(
        "SELECT m.uuid, m.target_kind, m.target, m.title, m.body, m.author, m.created_at, m.updated_at,
                (SELECT name FROM documents d WHERE d.uuid = m.target)
         FROM memos m ORDER BY m.created_at, m.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let kind: String = r.get(1)?;
        let target: Option<String> = r.get(2)?;
        let doc_name: Option<String> = r.get(8)?;
        Ok((kind, target, doc_name, Memo {
            uuid: r.get(0)?,
            target: MemoTarget::Project,
            title: r.get(3)?,
            body: r.get(4)?,
            author: r.get(5)?,
            created_at: r.get(6)?,
            updated_at: r.get(7)?,
        }))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (kind, target, doc_name, mut m) = row?;
        let t = target.unwrap_or_default();
        m.target = match kind.as_str() {
            "document" => MemoTarget::Document(doc_name.unwrap_or(t)),
            "code" => MemoTarget::Code(paths.get(&t).cloned().unwrap_or(t)),
            "coding" => MemoTarget::Coding(t),
            _ => MemoTarget::Project,
        };
        out.push(m);
    }
    Ok(match target {
        None => out,
        Some(t) => out.into_iter().filter(|m| m.target == *t).collect(),
    })
}
