//! Undo and redo, built on the event log.
//!
//! Every undoable action stores the operations that redo it. Undo applies their inverses in
//! reverse order; redo applies them again. Both are themselves logged, so the audit trail
//! shows every change, and both survive restarting the app because they live in the file.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::store::action::Action;
use crate::store::ops::{Op, apply};
use crate::store::{self, Project};

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
    match Action::parse(action) {
        Some(Action::Code) => format!("coding \u{201c}{}\u{201d} in {}", s("code"), s("document")),
        Some(Action::CodeInVivo) => format!("in-vivo coding \u{201c}{}\u{201d} in {}", s("code"), s("document")),
        Some(Action::Uncode) => format!("removing \u{201c}{}\u{201d} from {}", s("code"), s("document")),
        Some(Action::ResizeCoding) => "resizing a coding".to_string(),
        Some(Action::Autocode) => format!("auto-coding {} spans with \u{201c}{}\u{201d}", n("added"), s("code")),
        Some(Action::ImportCodings) => format!("importing {} codings by {}", n("added"), s("coder")),
        Some(Action::ImportCodebook) => format!("importing a codebook ({} codes added)", n("added")),
        Some(Action::AddCode) => format!("adding code \u{201c}{}\u{201d}", s("code")),
        Some(Action::EditCode) => format!("editing code \u{201c}{}\u{201d}", s("code")),
        Some(Action::MergeCodes) => format!("merging \u{201c}{}\u{201d} into \u{201c}{}\u{201d}", s("from"), s("into")),
        Some(Action::DeleteCode) => format!("deleting code \u{201c}{}\u{201d}", s("code")),
        Some(Action::AddMemo) => "writing a memo".to_string(),
        Some(Action::EditMemo) => "editing a memo".to_string(),
        Some(Action::DeleteMemo) => "deleting a memo".to_string(),
        Some(Action::AddFinding) => format!("adding finding \u{201c}{}\u{201d}", s("title")),
        Some(Action::UpdateFinding) => format!("editing finding \u{201c}{}\u{201d}", s("title")),
        Some(Action::DeleteFinding) => format!("deleting finding \u{201c}{}\u{201d}", s("title")),
        Some(Action::OrderFindings) => "reordering findings".to_string(),
        Some(Action::LinkToFinding) => format!("linking {} to finding \u{201c}{}\u{201d}", s("what"), s("title")),
        Some(Action::LinkDataset) => format!("linking informants to dataset {}", s("dataset")),
        Some(Action::UnlinkDataset) => format!("unlinking dataset {}", s("dataset")),
        Some(Action::AddCodeColumns) => format!("adding {} code variables to dataset {}", n("added"), s("dataset")),
        Some(Action::RemoveCodeColumns) => format!("removing {} code variables from dataset {}", n("removed"), s("dataset")),
        _ => action.to_string(),
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
    store::log_event(&tx, actor, if undo { Action::Undo } else { Action::Redo }, &serde_json::json!({ "event": id, "action": action }))?;
    tx.commit()?;
    Ok(Some(HistoryStep { summary: describe(&action, &payload), event: id, action, payload }))
}

fn project_path(tx: &rusqlite::Transaction<'_>) -> String {
    tx.path().unwrap_or("project").to_string()
}
