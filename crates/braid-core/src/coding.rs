//! The codebook and codings: importing them, listing them, and intercoder agreement.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::agreement::{self, AgreementReport, CodedSpan, TurnUnit};
use crate::error::{Error, Location, Result};
use crate::excerpts::{parse_excerpt_csv, resolve_excerpts};
use crate::store::{self, Project};

/// A code of the codebook, flattened with its path.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Code {
    /// Stable identity across exports.
    pub uuid: String,
    /// Names from the root, joined with `/`.
    pub path: String,
    /// The code's own name.
    pub name: String,
    /// Depth in the tree, 0 for top-level codes.
    pub depth: usize,
    /// Display colour, `#rrggbb`.
    pub colour: String,
    /// What the code means.
    pub definition: String,
    /// When to apply it.
    pub include: String,
    /// When not to.
    pub exclude: String,
    /// A short example.
    pub example: String,
    /// Codings of this code, by any coder.
    pub codings: usize,
}

/// A code as written in a codebook file (`corpus/codebook.yaml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeEntry {
    #[serde(default)]
    id: Option<String>,
    name: String,
    #[serde(default, alias = "color")]
    colour: Option<String>,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    include: String,
    #[serde(default)]
    exclude: String,
    #[serde(default)]
    example: String,
    #[serde(default)]
    children: Vec<CodeEntry>,
}

#[derive(Debug, Deserialize)]
struct CodebookFile {
    #[serde(default)]
    format: Option<String>,
    codes: Vec<CodeEntry>,
}

/// What a codebook import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct CodebookImportReport {
    /// Codes created.
    pub added: usize,
    /// Codes already present (same UUID or path) whose fields were refreshed.
    pub updated: usize,
}

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

const DEFAULT_COLOUR: &str = "#888888";

/// Import a codebook (YAML in the format of `corpus/codebook.yaml`) in one transaction.
pub fn import_codebook(project: &mut Project, yaml: &str, file: &str, actor: &str) -> Result<CodebookImportReport> {
    let book: CodebookFile = serde_norway::from_str(yaml).map_err(|e| {
        let mut at = Location::file(file);
        at.line = e.location().map(|l| l.line());
        Error::bad_input(at, format!("not a Braid codebook: {e}"))
    })?;
    if let Some(f) = &book.format {
        if f != "braid-codebook/1" {
            return Err(Error::bad_input(Location::file(file).field("format"), format!("unknown codebook format `{f}`; expected braid-codebook/1")));
        }
    }
    let tx = project.conn.transaction()?;
    let mut report = CodebookImportReport::default();
    fn walk(
        tx: &rusqlite::Transaction<'_>,
        entries: &[CodeEntry],
        parent: Option<i64>,
        prefix: &str,
        file: &str,
        report: &mut CodebookImportReport,
    ) -> Result<()> {
        for (ord, e) in entries.iter().enumerate() {
            let path = format!("{prefix}{}", e.name);
            let at = || Location::file(file).field(format!("{path}"));
            if e.name.trim().is_empty() || e.name.contains('/') {
                return Err(Error::bad_input(at(), "a code name must be non-empty and must not contain `/`"));
            }
            let colour = e.colour.clone().unwrap_or_else(|| DEFAULT_COLOUR.to_string());
            if !(colour.len() == 7 && colour.starts_with('#') && colour[1..].chars().all(|c| c.is_ascii_hexdigit())) {
                return Err(Error::bad_input(at(), format!("colour `{colour}` is not of the form #rrggbb")));
            }
            let uuid = match &e.id {
                Some(id) => uuid::Uuid::parse_str(id)
                    .map_err(|_| Error::bad_input(at(), format!("id `{id}` is not a UUID")))?
                    .to_string(),
                None => uuid::Uuid::new_v4().to_string(),
            };
            let existing: Option<i64> = tx
                .query_row(
                    "SELECT id FROM codes WHERE uuid = ?1 OR (coalesce(parent, 0) = coalesce(?2, 0) AND name = ?3)",
                    params![uuid, parent, e.name],
                    |r| r.get(0),
                )
                .optional()?;
            let id = match existing {
                Some(id) => {
                    tx.execute(
                        "UPDATE codes SET parent = ?2, name = ?3, colour = ?4, definition = ?5, include = ?6, exclude = ?7, example = ?8, ord = ?9 WHERE id = ?1",
                        params![id, parent, e.name, colour, e.definition, e.include, e.exclude, e.example, ord as i64],
                    )?;
                    report.updated += 1;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO codes (uuid, parent, name, colour, definition, include, exclude, example, ord) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                        params![uuid, parent, e.name, colour, e.definition, e.include, e.exclude, e.example, ord as i64],
                    )
                    .map_err(|err| match err.sqlite_error_code() {
                        Some(rusqlite::ErrorCode::ConstraintViolation) => {
                            Error::bad_input(at(), "two codes with the same name under one parent, or a UUID used twice")
                        }
                        _ => Error::from(err),
                    })?;
                    report.added += 1;
                    tx.last_insert_rowid()
                }
            };
            walk(tx, &e.children, Some(id), &format!("{path}/"), file, report)?;
        }
        Ok(())
    }
    walk(&tx, &book.codes, None, "", file, &mut report)?;
    store::log_event(&tx, actor, "codebook.import", &serde_json::json!({ "file": file, "added": report.added, "updated": report.updated }))?;
    tx.commit()?;
    Ok(report)
}

/// The codebook in tree order, each code with its path and number of codings.
pub fn codebook(project: &Project) -> Result<Vec<Code>> {
    let mut stmt = project.conn.prepare(
        "SELECT c.id, c.parent, c.uuid, c.name, c.colour, c.definition, c.include, c.exclude, c.example,
                (SELECT count(*) FROM codings g WHERE g.code = c.id)
         FROM codes c ORDER BY c.ord, c.name",
    )?;
    struct Row {
        id: i64,
        parent: Option<i64>,
        code: Code,
    }
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok(Row {
                id: r.get(0)?,
                parent: r.get(1)?,
                code: Code {
                    uuid: r.get(2)?,
                    name: r.get(3)?,
                    path: String::new(),
                    depth: 0,
                    colour: r.get(4)?,
                    definition: r.get(5)?,
                    include: r.get(6)?,
                    exclude: r.get(7)?,
                    example: r.get(8)?,
                    codings: r.get::<_, i64>(9)? as usize,
                },
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(rows.len());
    fn visit(rows: &[Row], parent: Option<i64>, prefix: &str, depth: usize, out: &mut Vec<Code>) {
        for r in rows.iter().filter(|r| r.parent == parent) {
            let mut c = r.code.clone();
            c.path = format!("{prefix}{}", c.name);
            c.depth = depth;
            let next = format!("{}/", c.path);
            out.push(c);
            visit(rows, Some(r.id), &next, depth + 1, out);
        }
    }
    visit(&rows, None, "", 0, &mut out);
    Ok(out)
}

/// Code ids by path.
fn code_ids(project: &Project) -> Result<HashMap<String, i64>> {
    let mut stmt = project.conn.prepare("SELECT id, parent, name FROM codes")?;
    let rows: Vec<(i64, Option<i64>, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let by_id: HashMap<i64, (Option<i64>, &str)> = rows.iter().map(|(i, p, n)| (*i, (*p, n.as_str()))).collect();
    let mut out = HashMap::new();
    for (id, _, _) in &rows {
        let mut names = Vec::new();
        let mut cur = Some(*id);
        while let Some(c) = cur {
            let (p, n) = by_id[&c];
            names.push(n);
            cur = p;
        }
        names.reverse();
        out.insert(names.join("/"), *id);
    }
    Ok(out)
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
    let codes = code_ids(project)?;
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
    {
        let mut insert = tx.prepare(
            r#"INSERT OR IGNORE INTO codings (uuid, document, code, start, "end", coder, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"#,
        )?;
        for (doc, code, start, end) in plan {
            let n = insert.execute(params![uuid::Uuid::new_v4().to_string(), doc, code, start as i64, end as i64, coder, now])?;
            if n == 1 { report.added += 1 } else { report.duplicates += 1 }
        }
    }
    store::log_event(&tx, actor, "codings.import", &serde_json::json!({ "file": file, "coder": coder, "added": report.added }))?;
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
    let paths: HashMap<i64, String> = code_ids(project)?.into_iter().map(|(p, i)| (i, p)).collect();
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
