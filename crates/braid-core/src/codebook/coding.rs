//! Codings: spans of stored text tagged with codes, added, resized, removed and imported as
//! undoable actions, and the bridge from stored codings to intercoder agreement.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::codebook::agreement::{self, AgreementReport, CodedSpan, TurnUnit};
use crate::codebook::codes::{code_and_descendants, code_ids, code_uuid};
use crate::codebook::excerpts::{parse_excerpt_csv, resolve_excerpts};
use crate::error::{Error, Location, Result};
use crate::store::ops::{self, CodeRow, CodingRow, Op};
use crate::store::{self, Project};

/// What a codings import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct CodingsImportReport {
    /// The coder recorded on the codings.
    pub coder: String,
    /// Codings stored.
    pub added: usize,
    /// Rows that repeat a coding already stored (same span, code and coder).
    pub duplicates: usize,
}

/// Import codings given as quoted excerpts (`document,code,excerpt,occurrence`) for one coder.
///
/// Every row is resolved before anything is written; an unknown document or code, or an
/// excerpt that is missing or ambiguous, refuses the whole file with its line and field.
pub fn import_excerpt_codings(project: &mut Project, csv: &str, file: &str, coder: &str, actor: &str) -> Result<CodingsImportReport> {
    if coder.trim().is_empty() {
        return Err(Error::BadRequest("name the coder, e.g. --coder coder-a".to_string()));
    }
    let rows = parse_excerpt_csv(csv, file)?;
    let mut texts: HashMap<String, (i64, String)> = HashMap::new();
    {
        let mut stmt = project.conn.prepare("SELECT name, id, text FROM documents")?;
        for r in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?, r.get::<_, String>(2)?)))? {
            let (name, id, text) = r?;
            texts.insert(name, (id, text));
        }
    }
    let resolved = resolve_excerpts(&rows, file, |d| texts.get(d).map(|(_, t)| t.as_str()))?;
    let codes = code_ids(&project.conn)?;
    let mut plan = Vec::with_capacity(resolved.len());
    for (row, r) in rows.iter().zip(&resolved) {
        let code = *codes.get(&r.code).ok_or_else(|| {
            Error::bad_input(
                Location::file(file).line(row.line).field("code"),
                format!("no code `{}` in the codebook; import the codebook first, or fix the path", r.code),
            )
        })?;
        plan.push((texts[&r.document].0, code, r.start, r.end));
    }
    let now = store::now();
    let tx = project.conn.transaction()?;
    let mut report = CodingsImportReport { coder: coder.to_string(), ..Default::default() };
    let mut ops = Vec::new();
    {
        let mut exists = tx.prepare_cached(
            r#"SELECT 1 FROM codings WHERE document = ?1 AND code = ?2 AND coder = ?3 AND start = ?4 AND "end" = ?5"#,
        )?;
        let mut uuid_of = tx.prepare_cached("SELECT (SELECT uuid FROM documents WHERE id = ?1), (SELECT uuid FROM codes WHERE id = ?2)")?;
        for (doc, code, start, end) in plan {
            if exists.exists(params![doc, code, coder, start as i64, end as i64])? {
                report.duplicates += 1;
                continue;
            }
            let (document, code): (String, String) = uuid_of.query_row(params![doc, code], |r| Ok((r.get(0)?, r.get(1)?)))?;
            let op = Op::AddCoding(CodingRow {
                uuid: uuid::Uuid::new_v4().to_string(),
                document,
                code,
                start,
                end,
                coder: coder.to_string(),
                created_at: now.clone(),
                memo: None,
            });
            ops::apply(&tx, &op)?;
            ops.push(op);
            report.added += 1;
        }
    }
    ops::log_undoable(&tx, actor, crate::store::action::Action::ImportCodings, &serde_json::json!({ "file": file, "coder": coder, "added": report.added }), &ops)?;
    tx.commit()?;
    Ok(report)
}

/// The coders who have codings in the project.
pub fn coders(project: &Project) -> Result<Vec<String>> {
    let mut stmt = project.conn.prepare("SELECT DISTINCT coder FROM codings ORDER BY coder")?;
    Ok(stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?)
}

/// Intercoder agreement between two coders over every speaker turn of the project.
pub fn agreement(project: &Project, coder_a: &str, coder_b: &str) -> Result<AgreementReport> {
    let known = coders(project)?;
    for c in [coder_a, coder_b] {
        if !known.iter().any(|k| k == c) {
            return Err(Error::NotFound { what: "coder", name: c.to_string() });
        }
    }
    let paths: HashMap<i64, String> = code_ids(&project.conn)?.into_iter().map(|(p, i)| (i, p)).collect();
    let mut turns_stmt = project.conn.prepare(
        r#"SELECT d.name, s.ord, s.start, s."end" FROM segments s JOIN documents d ON d.id = s.document ORDER BY d.name, s.ord"#,
    )?;
    let turns: Vec<(String, usize, usize, usize)> = turns_stmt
        .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)? as usize)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut spans_stmt = project.conn.prepare(
        r#"SELECT d.name, g.code, g.coder, g.start, g."end" FROM codings g JOIN documents d ON d.id = g.document WHERE g.coder IN (?1, ?2)"#,
    )?;
    let spans: Vec<(String, i64, String, usize, usize)> = spans_stmt
        .query_map([coder_a, coder_b], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<_, i64>(3)? as usize, r.get::<_, i64>(4)? as usize)))?
        .collect::<rusqlite::Result<_>>()?;
    let turn_units: Vec<TurnUnit<'_>> =
        turns.iter().map(|(d, ord, s, e)| TurnUnit { document: d, ord: *ord, start: *s, end: *e }).collect();
    let coded: Vec<CodedSpan<'_>> = spans
        .iter()
        .map(|(d, code, coder, s, e)| CodedSpan {
            document: d,
            code: paths.get(code).map(String::as_str).unwrap_or(""),
            coder: usize::from(coder != coder_a),
            start: *s,
            end: *e,
        })
        .collect();
    Ok(agreement::compute([coder_a, coder_b], &turn_units, &coded))
}

/// A coding as the app and the CLI see it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Coding {
    /// Stable identity.
    pub uuid: String,
    /// Document name.
    pub document: String,
    /// Code path.
    pub code: String,
    /// Code UUID.
    pub code_uuid: String,
    /// The code's colour.
    pub colour: String,
    /// Span start (code points).
    pub start: usize,
    /// Span end.
    pub end: usize,
    /// Who coded it.
    pub coder: String,
    /// When (RFC 3339, UTC).
    pub created_at: String,
    /// Optional memo.
    pub memo: Option<String>,
    /// The coded text.
    pub text: String,
}

/// A request to code a span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct NewCoding {
    /// Document name.
    pub document: String,
    /// Span start (code points).
    pub start: usize,
    /// Span end.
    pub end: usize,
    /// Code path, e.g. `Peer support/Peer distraction`.
    pub code: String,
    /// Who is coding.
    pub coder: String,
    /// Optional memo on the coding.
    #[serde(default)]
    pub memo: Option<String>,
}

fn document_row(tx: &rusqlite::Transaction<'_>, name: &str) -> Result<(String, usize, String)> {
    tx.query_row("SELECT uuid, char_len, text FROM documents WHERE name = ?1", [name], |r| {
        Ok((r.get(0)?, r.get::<_, i64>(1)? as usize, r.get(2)?))
    })
    .optional()?
    .ok_or_else(|| Error::NotFound { what: "document", name: name.to_string() })
}

fn check_span(document: &str, start: usize, end: usize, len: usize) -> Result<()> {
    if start >= end {
        return Err(Error::BadRequest(format!("the span [{start}, {end}) is empty; select some text")));
    }
    if end > len {
        return Err(Error::BadRequest(format!(
            "the span [{start}, {end}) is outside document `{document}`, which has {len} characters"
        )));
    }
    Ok(())
}

/// Check a request to code a span and build the row it would store, inside the caller's
/// transaction. `Ok((row, Some(uuid)))` when the same coder already coded the same span with
/// the same code: nothing is ever stored twice.
pub(crate) fn prepare_coding(tx: &rusqlite::Transaction<'_>, new: &NewCoding) -> Result<(CodingRow, Option<String>)> {
    if new.coder.trim().is_empty() {
        return Err(Error::BadRequest("name the coder".to_string()));
    }
    let (document, len, _) = document_row(tx, &new.document)?;
    check_span(&new.document, new.start, new.end, len)?;
    let code = code_uuid(tx, &new.code)?;
    let existing: Option<String> = tx
        .query_row(
            r#"SELECT g.uuid FROM codings g JOIN documents d ON d.id = g.document JOIN codes c ON c.id = g.code
               WHERE d.uuid = ?1 AND c.uuid = ?2 AND g.coder = ?3 AND g.start = ?4 AND g."end" = ?5"#,
            params![document, code, new.coder, new.start as i64, new.end as i64],
            |r| r.get(0),
        )
        .optional()?;
    let row = CodingRow {
        uuid: uuid::Uuid::new_v4().to_string(),
        document,
        code,
        start: new.start,
        end: new.end,
        coder: new.coder.clone(),
        created_at: store::now(),
        memo: new.memo.clone().filter(|m| !m.trim().is_empty()),
    };
    Ok((row, existing))
}

/// Code a span of a document. One undoable action.
pub fn add_coding(project: &mut Project, new: &NewCoding, actor: &str) -> Result<Coding> {
    let tx = project.conn.transaction()?;
    let (row, existing) = prepare_coding(&tx, new)?;
    if existing.is_some() {
        return Err(Error::BadRequest(format!(
            "{} already coded [{}, {}) of `{}` with `{}`",
            new.coder, new.start, new.end, new.document, new.code
        )));
    }
    let op = Op::AddCoding(row.clone());
    ops::apply(&tx, &op)?;
    ops::log_undoable(
        &tx,
        actor,
        crate::store::action::Action::Code,
        &serde_json::json!({ "document": new.document, "start": new.start, "end": new.end, "code": new.code, "coder": new.coder }),
        &[op],
    )?;
    tx.commit()?;
    coding_by_uuid(project, &row.uuid)
}

/// A request to code a span in vivo: with a new code named after its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct InVivoCoding {
    /// Document name.
    pub document: String,
    /// Span start (code points).
    pub start: usize,
    /// Span end.
    pub end: usize,
    /// The code to create the new one under, if any.
    #[serde(default)]
    pub parent: Option<String>,
    /// Who is coding.
    pub coder: String,
}

/// In-vivo coding: create a code named after the selected words (under `parent`, if given) and
/// code the span with it. One undoable action.
pub fn code_in_vivo(project: &mut Project, request: &InVivoCoding, actor: &str) -> Result<Coding> {
    let (document, start, end, parent, coder) = (request.document.as_str(), request.start, request.end, request.parent.as_deref(), request.coder.as_str());
    let (name, parent_uuid) = {
        let tx = project.conn.transaction()?;
        let (_, len, text) = document_row(&tx, document)?;
        check_span(document, start, end, len)?;
        let selected = crate::text::slice_chars(&text, start, end).unwrap_or("");
        let mut name: String = selected.split_whitespace().collect::<Vec<_>>().join(" ").replace('/', "-");
        name = name.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        if name.chars().count() > 60 {
            name = format!("{}…", name.chars().take(59).collect::<String>());
        }
        if name.is_empty() {
            return Err(Error::BadRequest("the selection has no words to name a code after".to_string()));
        }
        let parent_uuid = parent.map(|p| code_uuid(&tx, p)).transpose()?;
        (name, parent_uuid)
    };
    let path = match parent {
        Some(p) => format!("{p}/{name}"),
        None => name.clone(),
    };
    let tx = project.conn.transaction()?;
    let mut ops = Vec::new();
    if code_uuid(&tx, &path).is_err() {
        let ord: i64 = tx.query_row(
            "SELECT coalesce(max(ord) + 1, 0) FROM codes WHERE coalesce(parent, 0) = coalesce((SELECT id FROM codes WHERE uuid = ?1), 0)",
            [&parent_uuid],
            |r| r.get(0),
        )?;
        let op = Op::AddCode(CodeRow {
            uuid: uuid::Uuid::new_v4().to_string(),
            parent: parent_uuid,
            name,
            colour: "#9467bd".to_string(),
            definition: String::new(),
            include: String::new(),
            exclude: String::new(),
            example: String::new(),
            ord,
        });
        ops::apply(&tx, &op)?;
        ops.push(op);
    }
    let (document_uuid, _, _) = document_row(&tx, document)?;
    let row = CodingRow {
        uuid: uuid::Uuid::new_v4().to_string(),
        document: document_uuid,
        code: code_uuid(&tx, &path)?,
        start,
        end,
        coder: coder.to_string(),
        created_at: store::now(),
        memo: None,
    };
    let op = Op::AddCoding(row.clone());
    ops::apply(&tx, &op)?;
    ops.push(op);
    ops::log_undoable(&tx, actor, crate::store::action::Action::CodeInVivo, &serde_json::json!({ "document": document, "start": start, "end": end, "code": path, "coder": coder }), &ops)?;
    tx.commit()?;
    coding_by_uuid(project, &row.uuid)
}

/// Remove a coding by its UUID. One undoable action.
pub fn remove_coding(project: &mut Project, uuid: &str, actor: &str) -> Result<Coding> {
    let coding = coding_by_uuid(project, uuid)?;
    let tx = project.conn.transaction()?;
    let row: CodingRow = ops::coding_row(&tx, uuid)?;
    let op = Op::RemoveCoding(row);
    ops::apply(&tx, &op)?;
    ops::log_undoable(
        &tx,
        actor,
        crate::store::action::Action::Uncode,
        &serde_json::json!({ "document": coding.document, "start": coding.start, "end": coding.end, "code": coding.code, "coder": coding.coder }),
        &[op],
    )?;
    tx.commit()?;
    Ok(coding)
}

/// Move a coding's boundaries (e.g. dragged in the app). One undoable action.
pub fn resize_coding(project: &mut Project, uuid: &str, start: usize, end: usize, actor: &str) -> Result<Coding> {
    let old = coding_by_uuid(project, uuid)?;
    let tx = project.conn.transaction()?;
    let (_, len, _) = document_row(&tx, &old.document)?;
    check_span(&old.document, start, end, len)?;
    let before: CodingRow = ops::coding_row(&tx, uuid)?;
    let after = CodingRow { start, end, ..before.clone() };
    let ops = [Op::RemoveCoding(before), Op::AddCoding(after)];
    for op in &ops {
        ops::apply(&tx, op).map_err(|e| match e {
            Error::Store(ref s) if s.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                Error::BadRequest(format!("{} already coded [{start}, {end}) of `{}` with `{}`", old.coder, old.document, old.code))
            }
            other => other,
        })?;
    }
    ops::log_undoable(
        &tx,
        actor,
        crate::store::action::Action::ResizeCoding,
        &serde_json::json!({ "coding": uuid, "from": [old.start, old.end], "to": [start, end] }),
        &ops,
    )?;
    tx.commit()?;
    coding_by_uuid(project, uuid)
}

/// Codings, optionally of one document, ordered by document and position.
pub fn codings(project: &Project, document: Option<&str>) -> Result<Vec<Coding>> {
    codings_where(project, "(?1 IS NULL OR d.name = ?1)", document)
}

pub(crate) fn coding_by_uuid(project: &Project, uuid: &str) -> Result<Coding> {
    codings_where(project, "g.uuid = ?1", Some(uuid))?
        .pop()
        .ok_or_else(|| Error::NotFound { what: "coding", name: uuid.to_string() })
}

fn codings_where(project: &Project, condition: &str, arg: Option<&str>) -> Result<Vec<Coding>> {
    let paths: HashMap<i64, String> = code_ids(&project.conn)?.into_iter().map(|(p, i)| (i, p)).collect();
    let sql = format!(
        r#"SELECT g.uuid, d.name, g.code, c.uuid, c.colour, g.start, g."end", g.coder, g.created_at, g.memo, d.id
           FROM codings g JOIN documents d ON d.id = g.document JOIN codes c ON c.id = g.code
           WHERE {condition} ORDER BY d.name, g.start, g."end", g.coder"#
    );
    let mut stmt = project.conn.prepare(&sql)?;
    let rows: Vec<(Coding, i64)> = stmt
        .query_map([arg], |r| {
            Ok((
                Coding {
                    uuid: r.get(0)?,
                    document: r.get(1)?,
                    code: paths.get(&r.get::<_, i64>(2)?).cloned().unwrap_or_default(),
                    code_uuid: r.get(3)?,
                    colour: r.get(4)?,
                    start: r.get::<_, i64>(5)? as usize,
                    end: r.get::<_, i64>(6)? as usize,
                    coder: r.get(7)?,
                    created_at: r.get(8)?,
                    memo: r.get(9)?,
                    text: String::new(),
                },
                r.get(10)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    // Read each document's text once, with the byte offset of every code point, to cut the
    // coded text out of it: codings are many, documents few.
    let mut texts: HashMap<i64, (String, Vec<usize>)> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for (mut coding, doc) in rows {
        let (text, bounds) = match texts.entry(doc) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => {
                let text: String = project.conn.query_row("SELECT text FROM documents WHERE id = ?1", [doc], |r| r.get(0))?;
                let bounds = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
                e.insert((text, bounds))
            }
        };
        if let (Some(&a), Some(&b)) = (bounds.get(coding.start), bounds.get(coding.end)) {
            coding.text = text[a..b].to_string();
        }
        out.push(coding);
    }
    Ok(out)
}

/// Speaker turns (segment ids) overlapped by a coding of `path` or its sub-codes, by any coder.
pub(crate) fn segments_with_code(project: &Project, path: &str) -> Result<std::collections::BTreeSet<u64>> {
    let ids = code_and_descendants(project, path)?;
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        r#"SELECT DISTINCT s.id FROM segments s JOIN codings g ON g.document = s.document
           AND g.start < s."end" AND s.start < g."end" WHERE g.code IN ({list})"#
    );
    let mut stmt = project.conn.prepare(&sql)?;
    let rows = stmt.query_map([], |r| r.get::<_, i64>(0))?;
    Ok(rows.map(|r| r.map(|x| x as u64)).collect::<rusqlite::Result<_>>()?)
}

