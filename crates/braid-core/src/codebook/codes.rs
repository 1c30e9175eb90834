//! The codebook: a tree of codes with stable UUIDs, its import from YAML or JSON, and the
//! cycle-safe walk every reader of the tree goes through.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Location, Result};
use crate::store::ops::{self, CodeRow, Op};
use crate::store::Project;

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
///
/// The fields that can be wrong on their own (name, colour, UUID) are checked as they are
/// read, so that the parser's error carries the line; checks that need the whole file or the
/// project come after, in [`check_file`] and [`plan_import`].
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CodeEntry {
    #[serde(default)]
    id: Option<CodeId>,
    name: CodeName,
    #[serde(default, alias = "color")]
    colour: Option<Colour>,
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

/// Reads a string scalar and checks it inside the parser, so that a refusal gets the line of
/// the offending value (serde_norway marks an error with the position of the value being read).
fn checked_str<'de, D, T>(d: D, expecting: &'static str, check: fn(&str) -> std::result::Result<T, String>) -> std::result::Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Checked<T> {
        expecting: &'static str,
        check: fn(&str) -> std::result::Result<T, String>,
    }
    impl<T> serde::de::Visitor<'_> for Checked<T> {
        type Value = T;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<T, E> {
            (self.check)(v).map_err(E::custom)
        }
    }
    d.deserialize_str(Checked { expecting, check })
}

/// A code's name: not blank, and without `/`, which separates the names of a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CodeName(String);

impl<'de> Deserialize<'de> for CodeName {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        checked_str(d, "a code name", |v| {
            if v.trim().is_empty() || v.contains('/') {
                Err(format!("`{v}` cannot name a code: a name must be non-empty and must not contain `/`"))
            } else {
                Ok(CodeName(v.to_string()))
            }
        })
    }
}

/// A colour `#rrggbb`.
#[derive(Debug, Clone)]
struct Colour(String);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        checked_str(d, "a colour #rrggbb", |v| {
            if valid_colour(v) { Ok(Colour(v.to_string())) } else { Err(format!("colour `{v}` is not of the form #rrggbb")) }
        })
    }
}

/// A code's UUID, in its canonical lower-case hyphenated form whatever form the file used.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct CodeId(String);

impl<'de> Deserialize<'de> for CodeId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        checked_str(d, "a UUID", |v| match uuid::Uuid::parse_str(v) {
            Ok(u) => Ok(CodeId(u.to_string())),
            Err(_) => Err(format!("id `{v}` is not a UUID; give a UUID, or delete the `id` line to have one made")),
        })
    }
}

/// Whether `c` is a colour of the form `#rrggbb`.
pub(crate) fn valid_colour(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].chars().all(|x| x.is_ascii_hexdigit())
}

/// What a codebook import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct CodebookImportReport {
    /// Codes created.
    pub added: usize,
    /// Codes already present (same UUID or path) whose fields were refreshed.
    pub updated: usize,
}

const DEFAULT_COLOUR: &str = "#888888";

/// The most levels of codes one codebook may nest: far more than any codebook needs, and few
/// enough that an exported codebook stays within the YAML reader's nesting limit, so that
/// every codebook Braid writes it can read back.
pub const MAX_CODE_DEPTH: usize = 32;

/// The refusal of a codebook nested deeper than [`MAX_CODE_DEPTH`].
pub(crate) fn too_deep(path: &str) -> String {
    format!("`{path}` would be nested deeper than {MAX_CODE_DEPTH} levels (the limit); put it higher in the tree")
}

/// Import a codebook (YAML in the format of `corpus/codebook.yaml`, or the same tree as JSON)
/// in one transaction.
///
/// A code of the file updates the project's code with its UUID; failing that, the code at its
/// path, unless another code of the file claims that one by its UUID; failing that, it is added.
/// The whole file is checked before anything is written: every name, colour and UUID, no UUID
/// given twice (a code giving its ancestor's UUID to a sub-code would make a loop), no two
/// siblings with one name, in the file or against the codes of the project it leaves alone.
pub fn import_codebook(project: &mut Project, yaml: &str, file: &str, actor: &str) -> Result<CodebookImportReport> {
    let book: CodebookFile = serde_norway::from_str(yaml).map_err(|e| read_error(file, &e))?;
    if let Some(f) = &book.format {
        if f != "braid-codebook/1" {
            return Err(Error::bad_input(Location::file(file).field("format"), format!("unknown codebook format `{f}`; expected braid-codebook/1")));
        }
    }
    let entries = check_file(&book.codes, file)?;
    // Planned inside the write transaction, so that no other writer can change the codes
    // between the checks and the writes; a refusal returns before the first write.
    let tx = project.conn.transaction()?;
    let (ops, report) = plan_import(&tx, &entries, file)?;
    for op in &ops {
        ops::apply(&tx, op).map_err(|err| match err {
            // The plan rules this out; kept so that a surprise is still a clear refusal.
            Error::Store(ref e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::ConstraintViolation) => {
                Error::bad_input(Location::file(file), "two codes with the same name under one parent, or a UUID used twice")
            }
            other => other,
        })?;
    }
    ops::log_undoable(&tx, actor, crate::store::action::Action::ImportCodebook, &serde_json::json!({ "file": file, "added": report.added, "updated": report.updated }), &ops)?;
    tx.commit()?;
    Ok(report)
}

/// A parser error as a bad input at the parser's line.
fn read_error(file: &str, e: &serde_norway::Error) -> Error {
    let mut at = Location::file(file);
    let mut message = e.to_string();
    if let Some(l) = e.location() {
        at.line = Some(l.line());
        // The location already says the line.
        if let Some(m) = message.strip_suffix(&format!(" at line {} column {}", l.line(), l.column())) {
            message = m.to_string();
        }
    }
    // A message about a value inside the tree starts with its path, e.g. `codes[0].name`, and
    // explains itself; anything else means the file is not a codebook at all.
    if !message.starts_with("codes") {
        message = format!("not a Braid codebook: {message}");
    }
    Error::bad_input(at, message)
}

/// A code of a codebook file, flattened.
struct FileCode<'a> {
    code: &'a CodeEntry,
    /// The index of its parent among the flattened codes.
    parent: Option<usize>,
    /// Its path in the file.
    path: String,
    /// Its position among its siblings.
    ord: usize,
    /// 0 for top-level codes.
    depth: usize,
}

/// Flatten a codebook file in tree order, refusing two siblings with one name and a UUID given
/// to two codes (when one contains the other, that is a loop in the tree).
fn check_file<'a>(codes: &'a [CodeEntry], file: &str) -> Result<Vec<FileCode<'a>>> {
    let mut out: Vec<FileCode<'a>> = Vec::new();
    let mut names: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    // Explicit stack rather than recursion; the parser's own depth limit bounds it anyway.
    let mut stack: Vec<(&'a CodeEntry, Option<usize>, usize)> = codes.iter().enumerate().rev().map(|(i, c)| (c, None, i)).collect();
    while let Some((code, parent, ord)) = stack.pop() {
        let path = match parent {
            Some(p) => format!("{}/{}", out[p].path, code.name.0),
            None => code.name.0.clone(),
        };
        let at = Location::file(file).field(path.clone());
        let depth = parent.map_or(0, |p| out[p].depth + 1);
        if depth >= MAX_CODE_DEPTH {
            return Err(Error::bad_input(at, too_deep(&path)));
        }
        let me = out.len();
        if names.insert((parent, code.name.0.as_str()), me).is_some() {
            let place = parent.map_or("at the top level".to_string(), |p| format!("under `{}`", out[p].path));
            return Err(Error::bad_input(at, format!("two codes are named `{}` {place}; rename one, or join them into one entry", code.name.0)));
        }
        if let Some(id) = &code.id {
            if let Some(&other) = ids.get(id.0.as_str()) {
                let mut up = parent;
                while let Some(a) = up {
                    if a == other {
                        return Err(Error::bad_input(
                            at,
                            format!(
                                "this code has the UUID `{}` of its ancestor `{}`, which would make that code its own sub-code; give this code its own UUID, or delete its `id` to have one made",
                                id.0, out[other].path
                            ),
                        ));
                    }
                    up = out[a].parent;
                }
                return Err(Error::bad_input(
                    at,
                    format!(
                        "the UUID `{}` is given to both `{}` and `{path}`; each code needs its own UUID: change one, or delete its `id` to have one made",
                        id.0, out[other].path
                    ),
                ));
            }
            ids.insert(id.0.as_str(), me);
        }
        out.push(FileCode { code, parent, path, ord, depth });
        stack.extend(code.children.iter().enumerate().rev().map(|(i, c)| (c, Some(me), i)));
    }
    Ok(out)
}

/// The operations that import checked codes into the project, or a refusal when the result
/// would put two codes with one name under one parent. Reads only.
fn plan_import(tx: &rusqlite::Transaction<'_>, entries: &[FileCode<'_>], file: &str) -> Result<(Vec<Op>, CodebookImportReport)> {
    struct Stored {
        id: i64,
        parent_id: Option<i64>,
        row: CodeRow,
    }
    let stored: Vec<Stored> = {
        let mut stmt = tx.prepare(
            "SELECT c.id, c.parent, c.uuid, p.uuid, c.name, c.colour, c.definition, c.include, c.exclude, c.example, c.ord
             FROM codes c LEFT JOIN codes p ON p.id = c.parent ORDER BY c.ord, c.name",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Stored {
                id: r.get(0)?,
                parent_id: r.get(1)?,
                row: CodeRow {
                    uuid: r.get(2)?,
                    parent: r.get(3)?,
                    name: r.get(4)?,
                    colour: r.get(5)?,
                    definition: r.get(6)?,
                    include: r.get(7)?,
                    exclude: r.get(8)?,
                    example: r.get(9)?,
                    ord: r.get(10)?,
                },
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let by_uuid: HashMap<&str, &Stored> = stored.iter().map(|s| (s.row.uuid.as_str(), s)).collect();
    let by_place: HashMap<(Option<i64>, &str), &Stored> = stored.iter().map(|s| ((s.parent_id, s.row.name.as_str()), s)).collect();
    // Codes of the project that a code of the file names by UUID: those are updated by that
    // code, never matched by path by another one (which, then, is a new code).
    let claimed: std::collections::HashSet<&str> =
        entries.iter().filter_map(|e| e.code.id.as_ref()).map(|id| id.0.as_str()).filter(|u| by_uuid.contains_key(u)).collect();
    let mut targets: Vec<(CodeRow, Option<&Stored>)> = Vec::with_capacity(entries.len());
    for e in entries {
        let parent = e.parent.map(|p| &targets[p]);
        let existing = match e.code.id.as_ref().and_then(|id| by_uuid.get(id.0.as_str())) {
            Some(s) => Some(*s),
            None => {
                // The place to look for a code at the same path: the top level, or under a
                // parent that is already in the project (a new parent has no children yet).
                let place = match parent {
                    None => Some(None),
                    Some((_, Some(s))) => Some(Some(s.id)),
                    Some((_, None)) => None,
                };
                place
                    .and_then(|p| by_place.get(&(p, e.code.name.0.as_str())))
                    .copied()
                    .filter(|s| !claimed.contains(s.row.uuid.as_str()))
            }
        };
        let uuid = match (existing, &e.code.id) {
            (Some(s), _) => s.row.uuid.clone(),
            (None, Some(id)) => id.0.clone(),
            (None, None) => uuid::Uuid::new_v4().to_string(),
        };
        let row = CodeRow {
            uuid,
            parent: parent.map(|(r, _)| r.uuid.clone()),
            name: e.code.name.0.clone(),
            colour: e.code.colour.as_ref().map_or_else(|| DEFAULT_COLOUR.to_string(), |c| c.0.clone()),
            definition: e.code.definition.clone(),
            include: e.code.include.clone(),
            exclude: e.code.exclude.clone(),
            example: e.code.example.clone(),
            ord: e.ord as i64,
        };
        targets.push((row, existing));
    }
    // The tree after the import: the codes the file leaves alone keep their place, so a code
    // of the file must not take the name of one of them. (Loops cannot arise: every code of
    // the file gets a parent from the file, and the file is a tree.)
    let touched: std::collections::HashSet<&str> = targets.iter().map(|(r, _)| r.uuid.as_str()).collect();
    let mut places: HashMap<(Option<&str>, &str), &str> = stored
        .iter()
        .filter(|s| !touched.contains(s.row.uuid.as_str()))
        .map(|s| ((s.row.parent.as_deref(), s.row.name.as_str()), s.row.uuid.as_str()))
        .collect();
    for ((row, _), e) in targets.iter().zip(entries) {
        if let Some(other) = places.insert((row.parent.as_deref(), row.name.as_str()), row.uuid.as_str()) {
            let paths = code_tree(tx)?;
            let other_path = paths.iter().find(|c| c.uuid == other).map_or(other, |c| c.path.as_str());
            return Err(Error::bad_input(
                Location::file(file).field(e.path.clone()),
                format!(
                    "the project already has a code `{other_path}` (UUID `{other}`) that this file does not name, and `{}` would take its place; rename one of them, or give this code the id `{other}` to update that code",
                    e.path
                ),
            ));
        }
    }
    // A code that changes name or parent first takes its UUID as a stand-in name, so that codes
    // can swap names or places without two of them ever sharing one, forward or on undo.
    let mut ops = Vec::new();
    let mut report = CodebookImportReport::default();
    let moves = |row: &CodeRow, s: &Stored| row.parent != s.row.parent || row.name != s.row.name;
    for (row, existing) in &targets {
        if let Some(s) = existing.filter(|s| moves(row, s)) {
            ops.push(Op::UpdateCode { before: s.row.clone(), after: CodeRow { name: s.row.uuid.clone(), ..s.row.clone() } });
        }
    }
    for (row, existing) in targets {
        match existing {
            Some(s) => {
                report.updated += 1;
                let before = if moves(&row, s) { CodeRow { name: s.row.uuid.clone(), ..s.row.clone() } } else { s.row.clone() };
                ops.push(Op::UpdateCode { before, after: row });
            }
            None => {
                report.added += 1;
                ops.push(Op::AddCode(row));
            }
        }
    }
    Ok((ops, report))
}

/// A code's stored row by UUID, inside a transaction.
pub(crate) fn code_row_in(tx: &rusqlite::Transaction<'_>, uuid: &str) -> Result<CodeRow> {
    code_row(tx, uuid)
}

fn code_row(tx: &rusqlite::Transaction<'_>, uuid: &str) -> Result<CodeRow> {
    Ok(tx.query_row(
        "SELECT c.uuid, p.uuid, c.name, c.colour, c.definition, c.include, c.exclude, c.example, c.ord
         FROM codes c LEFT JOIN codes p ON p.id = c.parent WHERE c.uuid = ?1",
        [uuid],
        |r| {
            Ok(CodeRow {
                uuid: r.get(0)?,
                parent: r.get(1)?,
                name: r.get(2)?,
                colour: r.get(3)?,
                definition: r.get(4)?,
                include: r.get(5)?,
                exclude: r.get(6)?,
                example: r.get(7)?,
                ord: r.get(8)?,
            })
        },
    )?)
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
    let tree: Vec<(i64, Option<i64>, &str)> = rows.iter().map(|r| (r.id, r.parent, r.code.name.as_str())).collect();
    Ok(tree_paths(&tree)
        .into_iter()
        .map(|(i, depth, path)| Code { path, depth, ..rows[i].code.clone() })
        .collect())
}

/// The codes in tree order, each as `(index, depth, path)`, from `(id, parent, name)` given in
/// sibling order.
///
/// Every walk of the code tree goes through here. It is iterative and visits each code once,
/// so neither a deep tree nor a damaged one (a project edited by another tool) can overflow the
/// stack or loop forever. A code whose parent is missing, or whose chain of parents comes back
/// to itself, is shown at the top level after the rest of the tree; a loop is cut at its
/// member with the smallest id, so that every walk cuts it at the same place and the user can
/// see the code and move it (see [`crate::edit_code`]). Likewise a code that would be deeper
/// than [`MAX_CODE_DEPTH`], which Braid never makes, is shown at the top level, so that paths
/// stay short however long a chain of parents is.
fn tree_paths(codes: &[(i64, Option<i64>, &str)]) -> Vec<(usize, usize, String)> {
    let index: HashMap<i64, usize> = codes.iter().enumerate().map(|(i, c)| (c.0, i)).collect();
    let mut parent: Vec<Option<usize>> = codes.iter().map(|c| c.1.and_then(|p| index.get(&p).copied())).collect();
    let mut detached: Vec<bool> = codes.iter().zip(&parent).map(|(c, p)| c.1.is_some() && p.is_none()).collect();
    // Follow each chain of parents once: 0 = not yet seen, 1 = on the chain being followed, 2 = done.
    let mut state = vec![0u8; codes.len()];
    let mut chain = Vec::new();
    for start in 0..codes.len() {
        let mut at = Some(start);
        while let Some(i) = at.filter(|&i| state[i] == 0) {
            state[i] = 1;
            chain.push(i);
            at = parent[i];
        }
        if let Some(back) = at.filter(|&i| state[i] == 1) {
            // The chain came back to a code on it: the loop is that code and those after it.
            let from = chain.iter().position(|&c| c == back).unwrap_or(0);
            if let Some(&cut) = chain[from..].iter().min_by_key(|&&c| codes[c].0) {
                parent[cut] = None;
                detached[cut] = true;
            }
        }
        for c in chain.drain(..) {
            state[c] = 2;
        }
    }
    let mut children = vec![Vec::new(); codes.len()];
    let (mut roots, mut cut) = (Vec::new(), Vec::new());
    for (i, p) in parent.iter().enumerate() {
        match p {
            Some(p) => children[*p].push(i),
            None if detached[i] => cut.push(i),
            None => roots.push(i),
        }
    }
    let mut pending: std::collections::VecDeque<usize> = roots.into_iter().chain(cut).collect();
    let mut out = Vec::with_capacity(codes.len());
    // The paths of the ancestors of the code being visited, by depth.
    let mut prefix: Vec<String> = Vec::new();
    let mut stack: Vec<(usize, usize)> = Vec::new();
    while let Some(root) = pending.pop_front() {
        stack.push((root, 0));
        while let Some((i, depth)) = stack.pop() {
            prefix.truncate(depth);
            let path = match prefix.last() {
                Some(p) => format!("{p}/{}", codes[i].2),
                None => codes[i].2.to_string(),
            };
            prefix.push(path.clone());
            out.push((i, depth, path));
            if depth + 1 < MAX_CODE_DEPTH {
                stack.extend(children[i].iter().rev().map(|&c| (c, depth + 1)));
            } else {
                pending.extend(children[i].iter().copied());
            }
        }
    }
    out
}

/// A code's identity and path, as every walk of the tree sees it.
pub(crate) struct TreeCode {
    /// Row id.
    pub id: i64,
    /// Stable identity.
    pub uuid: String,
    /// Names from the root, joined with `/`.
    pub path: String,
}

/// Every code with its path, in tree order.
pub(crate) fn code_tree(conn: &rusqlite::Connection) -> Result<Vec<TreeCode>> {
    let mut stmt = conn.prepare("SELECT id, parent, name, uuid FROM codes ORDER BY ord, name")?;
    let rows: Vec<(i64, Option<i64>, String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
    let tree: Vec<(i64, Option<i64>, &str)> = rows.iter().map(|(i, p, n, _)| (*i, *p, n.as_str())).collect();
    Ok(tree_paths(&tree).into_iter().map(|(i, _, path)| TreeCode { id: rows[i].0, uuid: rows[i].3.clone(), path }).collect())
}

/// Code ids by path. Should a detached code share its path with a code of the healthy tree,
/// the path names the healthy one.
pub(crate) fn code_ids(conn: &rusqlite::Connection) -> Result<HashMap<String, i64>> {
    let mut out = HashMap::new();
    for c in code_tree(conn)? {
        out.entry(c.path).or_insert(c.id);
    }
    Ok(out)
}

/// The UUID of the code at `path`, inside a transaction.
pub(crate) fn code_uuid_in(tx: &rusqlite::Transaction<'_>, path: &str) -> Result<String> {
    code_uuid(tx, path)
}

/// The path of the code with this UUID, e.g. `Peer support/Peer distraction`, inside a transaction.
pub(crate) fn code_path_in(tx: &rusqlite::Transaction<'_>, uuid: &str) -> Result<String> {
    code_tree(tx)?
        .into_iter()
        .find(|c| c.uuid == uuid)
        .map(|c| c.path)
        .ok_or_else(|| Error::NotFound { what: "code", name: uuid.to_string() })
}

pub(crate) fn code_uuid(tx: &rusqlite::Transaction<'_>, path: &str) -> Result<String> {
    // Down from the top level one name at a time: as many steps as the path has names.
    let mut parent: Option<i64> = None;
    let mut uuid = None;
    for name in path.split('/') {
        let row: Option<(i64, String)> = tx
            .query_row(
                "SELECT id, uuid FROM codes WHERE coalesce(parent, 0) = coalesce(?1, 0) AND name = ?2",
                params![parent, name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        match row {
            Some((id, u)) => {
                parent = Some(id);
                uuid = Some(u);
            }
            None => {
                uuid = None;
                break;
            }
        }
    }
    match uuid {
        Some(u) => Ok(u),
        // A code detached from the tree by damage is listed under a path its stored parent
        // does not give; find it the way the listing does, so that it can be moved back.
        None => code_tree(tx)?
            .into_iter()
            .find(|c| c.path == path)
            .map(|c| c.uuid)
            .ok_or_else(|| Error::NotFound { what: "code", name: path.to_string() }),
    }
}

/// Whether the code `uuid` is `ancestor` or lies under it, by the parents stored in the
/// project. Each code is visited at most once, so a loop of parents ends the walk.
pub(crate) fn is_within(tx: &rusqlite::Transaction<'_>, uuid: &str, ancestor: &str) -> Result<bool> {
    let mut seen = std::collections::HashSet::new();
    let mut at: Option<i64> = tx.query_row("SELECT id FROM codes WHERE uuid = ?1", [uuid], |r| r.get(0)).optional()?;
    let target: Option<i64> = tx.query_row("SELECT id FROM codes WHERE uuid = ?1", [ancestor], |r| r.get(0)).optional()?;
    while let Some(id) = at.filter(|id| seen.insert(*id)) {
        if Some(id) == target {
            return Ok(true);
        }
        at = tx.query_row("SELECT parent FROM codes WHERE id = ?1", [id], |r| r.get(0)).optional()?.flatten();
    }
    Ok(false)
}

/// The ids of codes at `path` and below it.
pub(crate) fn code_and_descendants(project: &Project, path: &str) -> Result<Vec<i64>> {
    let ids = code_ids(&project.conn)?;
    let root = *ids.get(path).ok_or_else(|| Error::NotFound { what: "code", name: path.to_string() })?;
    let prefix = format!("{path}/");
    let mut out: Vec<i64> = ids.iter().filter(|(p, _)| p.starts_with(&prefix)).map(|(_, i)| *i).collect();
    out.push(root);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{MAX_CODE_DEPTH, tree_paths};

    /// `(path, depth)` in tree order.
    fn walk(codes: &[(i64, Option<i64>, &str)]) -> Vec<(String, usize)> {
        tree_paths(codes).into_iter().map(|(_, depth, path)| (path, depth)).collect()
    }

    #[test]
    fn the_tree_is_walked_in_sibling_order() {
        let got = walk(&[(1, None, "A"), (2, Some(1), "B"), (3, None, "C"), (4, Some(2), "D"), (5, Some(1), "E")]);
        let want = [("A", 0), ("A/B", 1), ("A/B/D", 2), ("A/E", 1), ("C", 0)];
        assert_eq!(got, want.map(|(p, d)| (p.to_string(), d)));
    }

    #[test]
    fn loops_and_missing_parents_are_cut_at_the_smallest_id_and_listed_last() {
        // 2 is its own parent; 3 → 4 → 5 → 3 is a loop with 6 under it; 7's parent does not exist.
        let codes = [(2, Some(2), "Self"), (4, Some(3), "Four"), (5, Some(4), "Five"), (3, Some(5), "Three"), (6, Some(4), "Six"), (7, Some(99), "Lost"), (1, None, "Root")];
        let got = walk(&codes);
        let want = [("Root", 0), ("Self", 0), ("Three", 0), ("Three/Four", 1), ("Three/Four/Five", 2), ("Three/Four/Six", 2), ("Lost", 0)];
        assert_eq!(got, want.map(|(p, d)| (p.to_string(), d)));
    }

    #[test]
    fn a_very_deep_chain_is_cut_into_pieces_no_deeper_than_the_limit() {
        let n = 100_000;
        let codes: Vec<(i64, Option<i64>, &str)> = (0..n).map(|i| (i, (i > 0).then(|| i - 1), "x")).collect();
        let order = tree_paths(&codes);
        assert_eq!(order.len(), n as usize);
        assert!(order.iter().all(|(i, depth, path)| *depth == *i % MAX_CODE_DEPTH && path.len() == 2 * depth + 1));
    }
}
