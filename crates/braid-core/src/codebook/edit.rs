//! Editing the codebook: rename, recolour, redefine, move, merge and delete codes, and
//! exporting it. Every edit is one undoable action; deleting a code that carries codings
//! needs confirmation.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codebook::codes::{Code, valid_colour};
use crate::error::{Error, Result};
use crate::store::ops::{self, CodeRow, CodingRow, Op};
use crate::store::Project;
use crate::codebook::codes;

/// Changes to one code; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CodeEdit {
    /// A new name.
    #[serde(default)]
    pub name: Option<String>,
    /// A new colour, `#rrggbb`.
    #[serde(default)]
    pub colour: Option<String>,
    /// A new definition.
    #[serde(default)]
    pub definition: Option<String>,
    /// New inclusion criteria.
    #[serde(default)]
    pub include: Option<String>,
    /// New exclusion criteria.
    #[serde(default)]
    pub exclude: Option<String>,
    /// A new example.
    #[serde(default)]
    pub example: Option<String>,
    /// Move under this parent path; an empty string moves the code to the top level.
    #[serde(default)]
    pub parent: Option<String>,
}

/// A new code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewCode {
    /// The parent's path; empty or absent for a top-level code.
    #[serde(default)]
    pub parent: Option<String>,
    /// The name.
    pub name: String,
    /// Colour `#rrggbb`; a default when absent.
    #[serde(default)]
    pub colour: Option<String>,
    /// What the code means.
    #[serde(default)]
    pub definition: String,
    /// When to apply it.
    #[serde(default)]
    pub include: String,
    /// When not to.
    #[serde(default)]
    pub exclude: String,
    /// A short example.
    #[serde(default)]
    pub example: String,
}

/// Add a code to the codebook. One undoable action.
pub fn add_code(project: &mut Project, new: &NewCode, actor: &str) -> Result<Code> {
    let name = new.name.trim();
    if name.is_empty() || name.contains('/') {
        return Err(Error::BadRequest(format!("`{name}` cannot name a code: it must be non-empty and must not contain `/`")));
    }
    let colour = new.colour.clone().unwrap_or_else(|| "#888888".to_string());
    if !valid_colour(&colour) {
        return Err(Error::BadRequest(format!("colour `{colour}` is not of the form #rrggbb")));
    }
    let tx = project.conn.transaction()?;
    let parent = match new.parent.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => {
            if p.split('/').count() >= codes::MAX_CODE_DEPTH {
                return Err(Error::BadRequest(codes::too_deep(&format!("{p}/{name}"))));
            }
            Some(codes::code_uuid_in(&tx, p)?)
        }
        None => None,
    };
    let ord: i64 = tx.query_row(
        "SELECT coalesce(max(ord) + 1, 0) FROM codes WHERE coalesce(parent, 0) = coalesce((SELECT id FROM codes WHERE uuid = ?1), 0)",
        [&parent],
        |r| r.get(0),
    )?;
    let row = CodeRow {
        uuid: uuid::Uuid::new_v4().to_string(),
        parent,
        name: name.to_string(),
        colour,
        definition: new.definition.clone(),
        include: new.include.clone(),
        exclude: new.exclude.clone(),
        example: new.example.clone(),
        ord,
    };
    let op = Op::AddCode(row.clone());
    ops::apply(&tx, &op).map_err(|e| match e {
        Error::Store(ref s) if s.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Error::BadRequest(format!("a code named `{name}` already exists there"))
        }
        other => other,
    })?;
    let path = match new.parent.as_deref().filter(|p| !p.is_empty()) {
        Some(p) => format!("{p}/{name}"),
        None => name.to_string(),
    };
    ops::log_undoable(&tx, actor, crate::store::action::Action::AddCode, &serde_json::json!({ "code": path }), &[op])?;
    tx.commit()?;
    codes::codebook(project)?.into_iter().find(|c| c.uuid == row.uuid).ok_or_else(|| Error::NotFound { what: "code", name: path })
}

/// What a merge or delete changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct CodebookChange {
    /// Codes removed.
    pub codes_removed: usize,
    /// Codings moved to another code.
    pub codings_moved: usize,
    /// Codings removed (deleted, or duplicates of codings already on the target).
    pub codings_removed: usize,
}

/// Codebook file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CodebookFormat {
    /// YAML, the format of `corpus/codebook.yaml`.
    Yaml,
    /// The same tree as JSON.
    Json,
}

fn row_of(tx: &rusqlite::Transaction<'_>, path: &str) -> Result<CodeRow> {
    let uuid = codes::code_uuid_in(tx, path)?;
    codes::code_row_in(tx, &uuid)
}

/// Rename, recolour, redefine or move a code.
pub fn edit_code(project: &mut Project, path: &str, edit: &CodeEdit, actor: &str) -> Result<Code> {
    let tx = project.conn.transaction()?;
    let before = row_of(&tx, path)?;
    let mut after = before.clone();
    if let Some(name) = &edit.name {
        if name.trim().is_empty() || name.contains('/') {
            return Err(Error::BadRequest(format!("`{name}` cannot name a code: it must be non-empty and must not contain `/`")));
        }
        after.name = name.trim().to_string();
    }
    if let Some(colour) = &edit.colour {
        if !valid_colour(colour) {
            return Err(Error::BadRequest(format!("colour `{colour}` is not of the form #rrggbb")));
        }
        after.colour = colour.clone();
    }
    for (field, value) in [(&mut after.definition, &edit.definition), (&mut after.include, &edit.include), (&mut after.exclude, &edit.exclude), (&mut after.example, &edit.example)] {
        if let Some(v) = value {
            *field = v.clone();
        }
    }
    if let Some(parent) = &edit.parent {
        if parent.is_empty() {
            after.parent = None;
        } else {
            let target = codes::code_uuid_in(&tx, parent)?;
            // By the stored parents, not the paths: in a damaged project they can disagree,
            // and a move must never close a loop.
            if codes::is_within(&tx, &target, &before.uuid)? {
                return Err(Error::BadRequest(format!("cannot move `{path}` under itself or one of its sub-codes")));
            }
            if parent.split('/').count() + 1 + levels_below(&tx, path)? > codes::MAX_CODE_DEPTH {
                return Err(Error::BadRequest(codes::too_deep(&format!("{parent}/{}", after.name))));
            }
            after.parent = Some(target);
        }
    }
    if after.parent != before.parent {
        // A moved code goes last among its new siblings.
        after.ord = tx.query_row(
            "SELECT coalesce(max(ord) + 1, 0) FROM codes WHERE coalesce(parent, 0) = coalesce((SELECT id FROM codes WHERE uuid = ?1), 0)",
            [&after.parent],
            |r| r.get(0),
        )?;
    }
    let op = Op::UpdateCode { before, after: after.clone() };
    ops::apply(&tx, &op).map_err(|e| match e {
        Error::Store(ref s) if s.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
            Error::BadRequest(format!("a code named `{}` already exists there", after.name))
        }
        other => other,
    })?;
    ops::log_undoable(&tx, actor, crate::store::action::Action::EditCode, &serde_json::json!({ "code": path, "edit": edit }), &[op])?;
    tx.commit()?;
    let uuid = after.uuid;
    codes::codebook(project)?
        .into_iter()
        .find(|c| c.uuid == uuid)
        .ok_or_else(|| Error::NotFound { what: "code", name: path.to_string() })
}

/// How many levels of sub-codes the code at `path` has: 0 without sub-codes.
fn levels_below(tx: &rusqlite::Transaction<'_>, path: &str) -> Result<usize> {
    let tree = codes::code_tree(tx)?;
    let below = tree.iter().filter_map(|c| c.path.strip_prefix(path)?.strip_prefix('/'));
    Ok(below.map(|rest| rest.split('/').count()).max().unwrap_or(0))
}

fn codings_of(tx: &rusqlite::Transaction<'_>, code_uuid: &str) -> Result<Vec<CodingRow>> {
    ops::coding_rows(tx, "c.uuid = ?1", code_uuid)
}

fn children_of(tx: &rusqlite::Transaction<'_>, code_uuid: &str) -> Result<Vec<String>> {
    let mut stmt = tx.prepare("SELECT c.uuid FROM codes c JOIN codes p ON p.id = c.parent WHERE p.uuid = ?1 ORDER BY c.ord")?;
    let rows = stmt.query_map([code_uuid], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Merge code `from` into `into`: its codings move (duplicates of codings already on `into`
/// are dropped), its sub-codes move under `into`, and `from` is removed.
pub fn merge_codes(project: &mut Project, from: &str, into: &str, actor: &str) -> Result<CodebookChange> {
    if from == into || into.starts_with(&format!("{from}/")) {
        return Err(Error::BadRequest(format!("cannot merge `{from}` into itself or one of its sub-codes")));
    }
    let tx = project.conn.transaction()?;
    let source = row_of(&tx, from)?;
    let target = codes::code_uuid_in(&tx, into)?;
    if codes::is_within(&tx, &target, &source.uuid)? {
        return Err(Error::BadRequest(format!("cannot merge `{from}` into itself or one of its sub-codes")));
    }
    // `from`'s sub-codes move under `into`, one level below it.
    if into.split('/').count() + levels_below(&tx, from)? > codes::MAX_CODE_DEPTH {
        return Err(Error::BadRequest(codes::too_deep(&format!("{into}/…"))));
    }
    let existing = codings_of(&tx, &target)?;
    let mut ops = Vec::new();
    let mut change = CodebookChange::default();
    for c in codings_of(&tx, &source.uuid)? {
        ops.push(Op::RemoveCoding(c.clone()));
        change.codings_removed += 1;
        if !existing.iter().any(|e| e.document == c.document && e.start == c.start && e.end == c.end && e.coder == c.coder) {
            ops.push(Op::AddCoding(CodingRow { uuid: uuid::Uuid::new_v4().to_string(), code: target.clone(), ..c }));
            change.codings_removed -= 1;
            change.codings_moved += 1;
        }
    }
    for child in children_of(&tx, &source.uuid)? {
        let before = codes::code_row_in(&tx, &child)?;
        let after = CodeRow { parent: Some(target.clone()), ..before.clone() };
        ops.push(Op::UpdateCode { before, after });
    }
    ops.push(Op::RemoveCodeRow(source));
    change.codes_removed = 1;
    for op in &ops {
        ops::apply(&tx, op).map_err(|e| match e {
            Error::Store(ref s) if s.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                Error::BadRequest(format!("`{into}` already has a sub-code with the name of one of `{from}`'s; rename it first"))
            }
            other => other,
        })?;
    }
    ops::log_undoable(&tx, actor, crate::store::action::Action::MergeCodes, &serde_json::json!({ "from": from, "into": into, "change": change }), &ops)?;
    tx.commit()?;
    Ok(change)
}

/// Delete a code, its sub-codes and their codings. When they carry codings, `confirm` must be
/// true; otherwise nothing happens and the error says how many codings would go.
pub fn delete_code(project: &mut Project, path: &str, confirm: bool, actor: &str) -> Result<CodebookChange> {
    let tx = project.conn.transaction()?;
    let root = row_of(&tx, path)?;
    // Depth first, so that sub-codes are removed before their parents (and restored after them).
    // Each code once, so that a loop of parents in a damaged project ends the walk.
    let mut order = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![root.uuid.clone()];
    while let Some(u) = stack.pop() {
        if seen.insert(u.clone()) {
            stack.extend(children_of(&tx, &u)?);
            order.push(u);
        }
    }
    let mut ops = Vec::new();
    let mut change = CodebookChange::default();
    for u in &order {
        for c in codings_of(&tx, u)? {
            ops.push(Op::RemoveCoding(c));
            change.codings_removed += 1;
        }
    }
    if change.codings_removed > 0 && !confirm {
        let n = change.codings_removed;
        return Err(Error::NeedsConfirmation(format!(
            "`{path}` and its sub-codes carry {n} coding{}; confirm to delete them too, or merge the code instead",
            if n == 1 { "" } else { "s" }
        )));
    }
    for u in order.iter().rev() {
        ops.push(Op::RemoveCodeRow(codes::code_row_in(&tx, u)?));
        change.codes_removed += 1;
    }
    for op in &ops {
        ops::apply(&tx, op)?;
    }
    ops::log_undoable(&tx, actor, crate::store::action::Action::DeleteCode, &serde_json::json!({ "code": path, "change": change }), &ops)?;
    tx.commit()?;
    Ok(change)
}

#[derive(Serialize)]
struct ExportCode {
    id: String,
    name: String,
    colour: String,
    definition: String,
    include: String,
    exclude: String,
    example: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    children: Vec<ExportCode>,
}

#[derive(Serialize)]
struct ExportBook {
    format: &'static str,
    codes: Vec<ExportCode>,
}

/// The codebook as a file that [`crate::import_codebook`] reads back, with the same UUIDs.
pub fn export_codebook(project: &Project, format: CodebookFormat) -> Result<String> {
    let codes = codes::codebook(project)?;
    // The listing is never deeper than MAX_CODE_DEPTH, which bounds the recursion below.
    fn build(codes: &[Code], i: &mut usize, depth: usize) -> Vec<ExportCode> {
        let mut out = Vec::new();
        while *i < codes.len() && codes[*i].depth == depth {
            let c = &codes[*i];
            *i += 1;
            let children = build(codes, i, depth + 1);
            out.push(ExportCode {
                id: c.uuid.clone(),
                name: c.name.clone(),
                colour: c.colour.clone(),
                definition: c.definition.clone(),
                include: c.include.clone(),
                exclude: c.exclude.clone(),
                example: c.example.clone(),
                children,
            });
        }
        out
    }
    let book = ExportBook { format: "braid-codebook/1", codes: build(&codes, &mut 0, 0) };
    Ok(match format {
        CodebookFormat::Yaml => serde_norway::to_string(&book).map_err(|e| Error::BadRequest(e.to_string()))?,
        CodebookFormat::Json => serde_json::to_string_pretty(&book).map_err(|e| Error::BadRequest(e.to_string()))?,
    })
}
