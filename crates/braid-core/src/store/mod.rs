//! The project store: one SQLite file, the only source of truth.

pub(crate) mod action;
pub(crate) mod cases;
pub(crate) mod history;
pub(crate) mod ops;
pub(crate) mod settings;
pub(crate) mod user;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use serde::Serialize;
use ts_rs::TS;

use crate::text::attrs::{AttrKind, AttrValue, Attributes};
use crate::store::action::Action;
use crate::error::{Error, Result};
use crate::text::transcript::Role;

/// Forward migrations; `PRAGMA user_version` counts how many have run.
const MIGRATIONS: &[&str] = &[
    // 1: informants, documents, segments, the event log.
    r#"
    CREATE TABLE project (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        payload TEXT NOT NULL
    );
    CREATE TABLE attribute_defs (
        key TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('text', 'integer', 'float', 'date')),
        ord INTEGER NOT NULL
    );
    CREATE TABLE informants (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        code TEXT NOT NULL UNIQUE
    );
    CREATE TABLE informant_attributes (
        informant INTEGER NOT NULL REFERENCES informants(id) ON DELETE CASCADE,
        key TEXT NOT NULL REFERENCES attribute_defs(key),
        value TEXT NOT NULL,
        PRIMARY KEY (informant, key)
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        informant INTEGER REFERENCES informants(id),
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        encoding TEXT NOT NULL,
        text TEXT NOT NULL,
        char_len INTEGER NOT NULL,
        citation TEXT,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
    );
    CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL,
        speaker TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('interviewer', 'respondent')),
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        CHECK (0 <= start AND start < "end"),
        UNIQUE (document, ord)
    );
    CREATE INDEX segments_document ON segments(document);
    "#,
    // 2: the codebook and codings.
    r#"
    CREATE TABLE codes (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        parent INTEGER REFERENCES codes(id) ON DELETE CASCADE,
        name TEXT NOT NULL CHECK (name <> '' AND instr(name, '/') = 0),
        colour TEXT NOT NULL,
        definition TEXT NOT NULL DEFAULT '',
        include TEXT NOT NULL DEFAULT '',
        exclude TEXT NOT NULL DEFAULT '',
        example TEXT NOT NULL DEFAULT '',
        ord INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX codes_sibling_names ON codes(coalesce(parent, 0), name);
    CREATE TABLE codings (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        document INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        code INTEGER NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        coder TEXT NOT NULL,
        created_at TEXT NOT NULL,
        memo TEXT,
        CHECK (0 <= start AND start < "end"),
        UNIQUE (document, code, coder, start, "end")
    );
    CREATE INDEX codings_document ON codings(document);
    CREATE INDEX codings_code ON codings(code);
    "#,
    // 3: undo and redo on the event log.
    r#"
    ALTER TABLE events ADD COLUMN ops TEXT;
    ALTER TABLE events ADD COLUMN state TEXT NOT NULL DEFAULT 'final' CHECK (state IN ('final', 'done', 'undone', 'dead'));
    "#,
    // 4: memos on the project, a document, a code or a coding.
    r#"
    CREATE TABLE memos (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        target_kind TEXT NOT NULL CHECK (target_kind IN ('project', 'document', 'code', 'coding')),
        target TEXT,
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX memos_target ON memos(target_kind, target);
    "#,
    // 5: survey datasets and saved models.
    r#"
    CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        file_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        csv TEXT NOT NULL,
        options TEXT NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL
    );
    CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL UNIQUE,
        dataset TEXT NOT NULL,
        dataset_sha256 TEXT NOT NULL,
        formula TEXT NOT NULL,
        options TEXT NOT NULL,
        result TEXT NOT NULL,
        fitted_at TEXT NOT NULL,
        fitted_by TEXT NOT NULL
    );
    "#,
    // 6: findings that link quantitative results to codes and exemplar codings.
    r#"
    CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        ord INTEGER NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        fit TEXT CHECK (fit IN ('confirmation', 'expansion', 'discordance')),
        meta_inference TEXT NOT NULL DEFAULT '',
        memo TEXT NOT NULL DEFAULT '',
        results TEXT NOT NULL DEFAULT '[]',
        codes TEXT NOT NULL DEFAULT '[]',
        exemplars TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    "#,
    // 7: mark the file as Braid's in its header, so it is recognised without a query.
    "PRAGMA application_id = 1114792297;",
    // 8: what REFI-QDA projects carry beyond Braid's own: descriptions of documents and
    // informants, users' GUIDs, sets, and codes that are categories only.
    r#"
    ALTER TABLE documents ADD COLUMN description TEXT NOT NULL DEFAULT '';
    ALTER TABLE informants ADD COLUMN description TEXT NOT NULL DEFAULT '';
    CREATE TABLE users (name TEXT PRIMARY KEY, guid TEXT NOT NULL UNIQUE);
    CREATE TABLE sets (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        members TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE uncodable_codes (uuid TEXT PRIMARY KEY);
    ALTER TABLE attribute_defs ADD COLUMN guid TEXT;
    "#,
    // 9: where each turn lies in the recording, and the recordings linked to documents.
    r#"
    ALTER TABLE segments ADD COLUMN start_ms INTEGER CHECK (start_ms >= 0);
    ALTER TABLE segments ADD COLUMN end_ms INTEGER CHECK (end_ms >= start_ms);
    CREATE TABLE media (
        document INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('audio', 'video')),
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        duration_ms INTEGER,
        modified INTEGER NOT NULL,
        linked_at TEXT NOT NULL,
        linked_by TEXT NOT NULL
    );
    "#,
    // 10: counts and filters by one attribute read its values by key.
    "CREATE INDEX informant_attributes_key ON informant_attributes(key);",
    // 11: informants joined to the rows of a survey dataset, codes as the dataset's variables,
    // and what a model's code variables were computed from.
    r#"
    CREATE TABLE dataset_links (
        dataset TEXT PRIMARY KEY,
        "column" TEXT NOT NULL,
        attribute TEXT NOT NULL,
        linked_at TEXT NOT NULL,
        linked_by TEXT NOT NULL
    );
    CREATE TABLE code_columns (
        dataset TEXT NOT NULL,
        name TEXT NOT NULL,
        code TEXT NOT NULL,
        measure TEXT NOT NULL CHECK (measure IN ('presence', 'count', 'share')),
        added_at TEXT NOT NULL,
        added_by TEXT NOT NULL,
        PRIMARY KEY (dataset, name)
    );
    ALTER TABLE models ADD COLUMN derived TEXT;
    "#,
];

/// The `PRAGMA application_id` of a Braid project (the bytes "Brai"), set by migration 7.
pub const APPLICATION_ID: u32 = 0x4272_6169;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// An open project.
#[derive(Debug)]
pub struct Project {
    pub(crate) conn: Connection,
    path: PathBuf,
    /// The survey values of linked informants, with the links and dataset hashes they were
    /// read from (see [`cases`]).
    pub(crate) cases: std::sync::Mutex<Option<cases::CaseCache>>,
}

/// An informant and their attributes.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Informant {
    /// The informant id, e.g. `0602`.
    pub id: String,
    /// Stable identity across exports.
    pub uuid: String,
    /// Typed attributes.
    pub attributes: Attributes,
    /// Names of this informant's documents.
    pub documents: Vec<String>,
}

/// A document's summary.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DocumentInfo {
    /// The document name, e.g. `0602`.
    pub name: String,
    /// Stable identity across exports.
    pub uuid: String,
    /// The informant, if known.
    pub informant: Option<String>,
    /// The informant's attributes.
    pub attributes: Attributes,
    /// The file it was imported from.
    pub file_name: String,
    /// SHA-256 of the original bytes.
    pub sha256: String,
    /// The encoding it was read as.
    pub encoding: String,
    /// Length in code points.
    pub chars: usize,
    /// Number of speaker turns.
    pub segments: usize,
    /// When it was imported (RFC 3339, UTC).
    pub imported_at: String,
    /// Who imported it.
    pub imported_by: String,
}

/// A code-point span `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

/// One speaker turn as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Segment {
    /// Position in the document, from 0.
    pub ord: usize,
    /// The label as written.
    pub speaker: String,
    /// Interviewer or respondent.
    pub role: Role,
    /// Code-point span in the document text.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// Where the turn starts in the recording (milliseconds), when the transcript says.
    #[ts(type = "number | null")]
    pub start_ms: Option<u64>,
    /// Where it ends (milliseconds), when the transcript says.
    #[ts(type = "number | null")]
    pub end_ms: Option<u64>,
}

/// A whole document: its summary, text and turns.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Document {
    /// Summary.
    pub info: DocumentInfo,
    /// Front-matter citation, if any.
    pub citation: Option<String>,
    /// The normalised text.
    pub text: String,
    /// Speaker turns.
    pub segments: Vec<Segment>,
}

impl Document {
    /// The turn that holds code point `at`: the last one starting at or before it.
    pub fn turn_at(&self, at: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.start <= at);
        i.checked_sub(1).map(|i| &self.segments[i])
    }
}

/// What a search index was built from; see [`Project::index_stamp`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct IndexStamp {
    /// The project's UUID.
    pub project: String,
    /// The generation counter.
    pub generation: u64,
    /// The token drawn at the last generation bump (empty before the first).
    pub token: String,
}

/// One entry of the event log.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Event {
    /// Sequence number.
    #[ts(type = "number")]
    pub id: i64,
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What kind of action, e.g. `import`.
    pub action: String,
    /// The action's details as JSON.
    #[ts(type = "unknown")]
    pub payload: serde_json::Value,
}

/// Store a document's speaker turns, in order: the one place segments are written.
pub(crate) fn insert_segments(conn: &Connection, document: i64, turns: &[crate::text::transcript::Turn]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        r#"INSERT INTO segments (document, ord, speaker, role, start, "end", start_ms, end_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"#,
    )?;
    for (ord, t) in turns.iter().enumerate() {
        insert.execute(params![
            document,
            ord as i64,
            t.speaker,
            t.role.as_str(),
            t.start as i64,
            t.end as i64,
            t.start_ms.map(ms_to_sql),
            t.end_ms.map(ms_to_sql)
        ])?;
    }
    Ok(())
}

/// Milliseconds as SQLite stores them (saturating: no recording is 292 million years long).
pub(crate) fn ms_to_sql(ms: u64) -> i64 {
    i64::try_from(ms).unwrap_or(i64::MAX)
}

/// The current time, RFC 3339 in UTC.
pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The default actor recorded in the event log: `$BRAID_USER`, else the coder name the user
/// chose (see [`user`]), else `$USER`, else `unknown`.
pub fn default_actor() -> String {
    std::env::var("BRAID_USER")
        .ok()
        .or_else(user::remembered_coder)
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "unknown".to_string())
}

impl Project {
    /// Create a new, empty project file. Fails if the file exists.
    pub fn create(path: &Path) -> Result<Project> {
        if path.exists() {
            return Err(Error::Project {
                path: path.display().to_string(),
                message: "already exists; open it, or choose another name".to_string(),
            });
        }
        let conn = Connection::open(path)?;
        let mut project = Project::configure(conn, path)?;
        project.migrate()?;
        let tx = project.conn.transaction()?;
        tx.execute("INSERT INTO project (key, value) VALUES ('uuid', ?1)", [uuid::Uuid::new_v4().to_string()])?;
        tx.execute("INSERT INTO project (key, value) VALUES ('created_at', ?1)", [now()])?;
        tx.execute("INSERT INTO project (key, value) VALUES ('generation', '0')", [])?;
        log_event(&tx, &default_actor(), Action::Create, &serde_json::json!({ "path": path.display().to_string() }))?;
        tx.commit()?;
        Ok(project)
    }

    /// Open an existing project, migrating it forward if it is older.
    ///
    /// The file is checked first, without writing: its header, and for files from before
    /// [`APPLICATION_ID`] a read-only look for the project table. Only a file known to be a
    /// Braid project is then opened for writing and configured, so a refused file stays
    /// byte-identical.
    pub fn open(path: &Path) -> Result<Project> {
        let refuse = |message: String| Error::Project { path: path.display().to_string(), message };
        if recognise(path)? == Recognised::Legacy {
            let ro = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
                .map_err(|e| refuse(format!("cannot be read as a project ({e})")))?;
            let uuid: Option<String> = ro
                .query_row("SELECT value FROM project WHERE key = 'uuid'", [], |r| r.get(0))
                .optional()
                .map_err(|_| refuse("not a Braid project (an SQLite database without Braid's tables)".to_string()))?;
            if uuid.is_none() {
                return Err(refuse("not a Braid project (its project table has no UUID)".to_string()));
            }
        }
        let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| refuse(format!("cannot be opened ({e})")))?;
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(refuse(
                "is read-only (the file or its folder is write-protected); Braid records every action in the project, so copy it somewhere writable or change its permissions".to_string(),
            ));
        }
        let mut project = Project::configure(conn, path)?;
        project.migrate()?;
        Ok(project)
    }

    /// A second handle on this project, for work on another thread (the assist's embedding in
    /// the background). The file is not checked again: reading its header with a file handle of
    /// our own and closing it would drop this process's SQLite locks on it (POSIX advisory
    /// locks belong to the process), and another process could then take the file for unused
    /// and remove its write-ahead log under this handle.
    pub fn another_handle(&self) -> Result<Project> {
        let conn = Connection::open_with_flags(&self.path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| Error::Project { path: self.path.display().to_string(), message: format!("cannot be opened ({e})") })?;
        Project::configure(conn, &self.path)
    }

    fn configure(mut conn: Connection, path: &Path) -> Result<Project> {
        conn.busy_timeout(Duration::from_secs(5))?;
        // Every write transaction takes the write lock when it begins. A deferred transaction
        // that reads first and then writes cannot wait for the lock when it upgrades: SQLite
        // answers SQLITE_BUSY at once, whatever the busy timeout. Beginning IMMEDIATE makes
        // concurrent writers queue on the timeout instead.
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        conn.pragma_update(None, "foreign_keys", "ON")?;
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
        debug_assert_eq!(mode.to_ascii_lowercase(), "wal");
        Ok(Project { conn, path: path.to_path_buf(), cases: Default::default() })
    }

    /// Write an empty file at an older schema version, as an earlier Braid would have; for
    /// migration tests.
    #[doc(hidden)]
    pub fn create_at_schema(path: &Path, version: i64) -> Result<()> {
        let conn = Connection::open(path)?;
        let mut project = Project::configure(conn, path)?;
        project.migrate_to(version)?;
        project.conn.execute("INSERT INTO project (key, value) VALUES ('uuid', ?1), ('created_at', ?2), ('generation', '0')", params![uuid::Uuid::new_v4().to_string(), now()])?;
        Ok(())
    }

    fn migrate(&mut self) -> Result<()> {
        self.migrate_to(SCHEMA_VERSION)
    }

    fn migrate_to(&mut self, target: i64) -> Result<()> {
        let version: i64 = self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > SCHEMA_VERSION {
            return Err(Error::Project {
                path: self.path.display().to_string(),
                message: format!(
                    "made by a newer Braid (schema {version}, this build knows {SCHEMA_VERSION}); upgrade Braid to open it"
                ),
            });
        }
        if version >= target {
            return Ok(());
        }
        // Each step reads the version again inside its write transaction: another process that
        // opened the same file may have migrated it since the read above.
        loop {
            let tx = self.conn.transaction()?;
            let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
            if version >= target {
                return Ok(());
            }
            tx.execute_batch(MIGRATIONS[version as usize])?;
            tx.pragma_update(None, "user_version", version + 1)?;
            tx.commit()?;
        }
    }

    /// The project file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The project's UUID.
    pub fn uuid(&self) -> Result<String> {
        Ok(self.conn.query_row("SELECT value FROM project WHERE key = 'uuid'", [], |r| r.get(0))?)
    }

    /// A counter bumped by every change that the search index must reflect.
    pub fn generation(&self) -> Result<u64> {
        let g: String = self.conn.query_row("SELECT value FROM project WHERE key = 'generation'", [], |r| r.get(0))?;
        Ok(g.parse().unwrap_or(0))
    }

    /// What the search index must have been built from: the project's UUID, its generation, and
    /// the random token drawn at the last generation bump. A copy of a project keeps the UUID
    /// and may reach the same generation through other changes, but never draws the same token,
    /// so an index built from one copy is never trusted by the other. One indexed read: O(1).
    pub fn index_stamp(&self) -> Result<IndexStamp> {
        let mut stamp = IndexStamp::default();
        let mut stmt = self.conn.prepare_cached("SELECT key, value FROM project WHERE key IN ('uuid', 'generation', 'index_token')")?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            let value: String = row.get(1)?;
            match row.get_ref(0)?.as_str().unwrap_or_default() {
                "uuid" => stamp.project = value,
                "generation" => stamp.generation = value.parse().unwrap_or(0),
                _ => stamp.token = value,
            }
        }
        Ok(stamp)
    }

    /// The id of the newest event in the log (0 for none): it moves with every recorded action,
    /// by any process.
    pub fn last_event_id(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT coalesce(max(id), 0) FROM events", [], |r| r.get(0))?)
    }

    /// SQLite's `PRAGMA data_version` for this connection: it changes when, and only when,
    /// another connection (another process, or another handle in this one) commits a change.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// The events after `after`, oldest first.
    pub fn events_after(&self, after: i64) -> Result<Vec<Event>> {
        self.events_where(after)
    }

    /// All informants with their attributes, ordered by id.
    pub fn informants(&self) -> Result<Vec<Informant>> {
        let mut stmt = self.conn.prepare(
            "SELECT i.code, i.uuid, (SELECT group_concat(name, char(31)) FROM (SELECT name FROM documents d WHERE d.informant = i.id ORDER BY name))
             FROM informants i ORDER BY i.code",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
        })?;
        let all_attrs = self.attributes_with_cases()?;
        let mut out = Vec::new();
        for row in rows {
            let (id, uuid, docs) = row?;
            out.push(Informant {
                attributes: all_attrs.get(&id).cloned().unwrap_or_default(),
                id,
                uuid,
                documents: docs.map(|d| d.split('\u{1f}').map(str::to_string).collect()).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// Attributes of every informant, by informant id, with the survey values of linked
    /// informants ([`Project::case_attributes`]).
    pub fn attributes_with_cases(&self) -> Result<std::collections::HashMap<String, Attributes>> {
        let mut all = self.all_attributes()?;
        for (informant, values) in self.case_attributes()?.iter() {
            if let Some(a) = all.get_mut(informant) {
                a.extend(values.iter().map(|(k, v)| (k.clone(), v.clone())));
            } else {
                all.insert(informant.clone(), values.clone());
            }
        }
        Ok(all)
    }

    /// Attributes of every informant as stored (without survey values), by informant id.
    pub fn all_attributes(&self) -> Result<std::collections::HashMap<String, Attributes>> {
        let mut stmt = self.conn.prepare(
            "SELECT i.code, a.key, d.kind, a.value FROM informant_attributes a
             JOIN informants i ON i.id = a.informant JOIN attribute_defs d ON d.key = a.key",
        )?;
        let mut out: std::collections::HashMap<String, Attributes> = Default::default();
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(3)?))
        })?;
        for row in rows {
            let (id, key, kind, value) = row?;
            let kind = AttrKind::parse(&kind).unwrap_or(AttrKind::Text);
            let value = AttrValue::parse(kind, &value).unwrap_or(AttrValue::Text(value));
            out.entry(id).or_default().insert(key, value);
        }
        Ok(out)
    }

    /// Attribute keys and kinds, in the order they were first defined.
    pub fn attribute_defs(&self) -> Result<Vec<(String, AttrKind)>> {
        let mut stmt = self.conn.prepare("SELECT key, kind FROM attribute_defs ORDER BY ord, key")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|r| {
            let (k, kind) = r?;
            Ok((k, AttrKind::parse(&kind).unwrap_or(AttrKind::Text)))
        })
        .collect()
    }

    /// All documents, ordered by name.
    pub fn documents(&self) -> Result<Vec<DocumentInfo>> {
        self.document_infos(None)
    }

    fn document_infos(&self, name: Option<&str>) -> Result<Vec<DocumentInfo>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.name, d.uuid, i.code, d.file_name, d.sha256, d.encoding, d.char_len,
                    (SELECT count(*) FROM segments s WHERE s.document = d.id), d.imported_at, d.imported_by
             FROM documents d LEFT JOIN informants i ON i.id = d.informant
             WHERE ?1 IS NULL OR d.name = ?1 ORDER BY d.name",
        )?;
        let attrs = self.attributes_with_cases()?;
        let rows = stmt.query_map([name], |r| {
            let informant: Option<String> = r.get(2)?;
            Ok(DocumentInfo {
                name: r.get(0)?,
                uuid: r.get(1)?,
                attributes: informant.as_ref().and_then(|i| attrs.get(i).cloned()).unwrap_or_default(),
                informant,
                file_name: r.get(3)?,
                sha256: r.get(4)?,
                encoding: r.get(5)?,
                chars: r.get::<_, i64>(6)? as usize,
                segments: r.get::<_, i64>(7)? as usize,
                imported_at: r.get(8)?,
                imported_by: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// One document with its text and turns.
    pub fn document(&self, name: &str) -> Result<Document> {
        let info = self
            .document_infos(Some(name))?
            .pop()
            .ok_or_else(|| Error::NotFound { what: "document", name: name.to_string() })?;
        let (id, text, citation): (i64, String, Option<String>) = self.conn.query_row(
            "SELECT id, text, citation FROM documents WHERE name = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        let segments = self.segments_of(id)?;
        Ok(Document { info, citation, text, segments })
    }

    pub(crate) fn segments_of(&self, document_id: i64) -> Result<Vec<Segment>> {
        let mut stmt = self
            .conn
            .prepare_cached(r#"SELECT ord, speaker, role, start, "end", start_ms, end_ms FROM segments WHERE document = ?1 ORDER BY ord"#)?;
        let rows = stmt.query_map([document_id], |r| {
            Ok(Segment {
                ord: r.get::<_, i64>(0)? as usize,
                speaker: r.get(1)?,
                role: Role::parse(&r.get::<_, String>(2)?).unwrap_or(Role::Respondent),
                start: r.get::<_, i64>(3)? as usize,
                end: r.get::<_, i64>(4)? as usize,
                start_ms: r.get::<_, Option<i64>>(5)?.map(|m| m.max(0) as u64),
                end_ms: r.get::<_, Option<i64>>(6)?.map(|m| m.max(0) as u64),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The event log, newest last.
    pub fn events(&self) -> Result<Vec<Event>> {
        self.events_where(0)
    }

    fn events_where(&self, after: i64) -> Result<Vec<Event>> {
        let mut stmt = self.conn.prepare("SELECT id, at, actor, action, payload FROM events WHERE id > ?1 ORDER BY id")?;
        let rows = stmt.query_map([after], |r| {
            let payload: String = r.get(4)?;
            Ok(Event {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                action: r.get(3)?,
                payload: serde_json::from_str(&payload).unwrap_or(serde_json::Value::Null),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// What the header of a would-be project file says.
#[derive(Debug, PartialEq, Eq)]
enum Recognised {
    /// Braid's application id is in the header.
    Braid,
    /// An SQLite file without an application id: a project from before migration 7, or another
    /// program's database. Only a read-only look can tell.
    Legacy,
}

/// Check a would-be project file by its first 100 bytes (the SQLite header), without opening it
/// as a database: what is not an SQLite file, belongs to another program, or is shorter than its
/// header says is refused here, untouched.
fn recognise(path: &Path) -> Result<Recognised> {
    let refuse = |message: &str| Error::Project { path: path.display().to_string(), message: message.to_string() };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(refuse("no such project file; create one with `braid new`, or check the path"));
        }
        Err(e) => return Err(Error::io(path, e)),
    };
    if meta.is_dir() {
        return Err(refuse("is a folder, not a project file; give the path of a `.braid` file"));
    }
    if meta.len() == 0 {
        return Err(refuse("is empty (0 bytes), not a Braid project; create a project with `braid new`"));
    }
    // Another process may be checkpointing this project as we look: it writes the header's
    // new page count before the file has grown to it, and removes its WAL file just after.
    // So the header is read before the length, through one handle, and a file is called
    // truncated only when it still is after a few looks.
    let mut looks = 0;
    let header = loop {
        let (header, read, len) = read_header(path)?;
        if read < header.len() || &header[..16] != b"SQLite format 3\0" {
            return Err(refuse("not a Braid project (not an SQLite file)"));
        }
        let promised = promised_len(&header);
        let wal = { let mut w = path.as_os_str().to_owned(); w.push("-wal"); PathBuf::from(w) };
        match promised {
            Some(promised) if len < promised && !wal.exists() => {
                looks += 1;
                if looks == 5 {
                    return Err(Error::Project {
                        path: path.display().to_string(),
                        message: format!("is truncated: {len} bytes of the {promised} its header promises; restore it from a backup"),
                    });
                }
                std::thread::sleep(Duration::from_millis(20));
            }
            _ => break header,
        }
    };
    let be32 = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let version = i64::from(be32(60) as i32);
    if version > SCHEMA_VERSION {
        return Err(Error::Project {
            path: path.display().to_string(),
            message: format!("made by a newer Braid (schema {version}, this build knows {SCHEMA_VERSION}); upgrade Braid to open it"),
        });
    }
    match be32(68) {
        APPLICATION_ID => Ok(Recognised::Braid),
        0 => Ok(Recognised::Legacy),
        other => Err(Error::Project {
            path: path.display().to_string(),
            message: format!("not a Braid project (an SQLite database of another program, application id {other:#010x})"),
        }),
    }
}

/// The first 100 bytes of a file (how many were there), and then its length, through one handle.
fn read_header(path: &Path) -> Result<([u8; 100], usize, u64)> {
    use std::io::Read as _;
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..]) {
            Ok(0) => break,
            Ok(n) => read += n,
            Err(e) => return Err(Error::io(path, e)),
        }
    }
    let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
    Ok((header, read, len))
}

/// The length an SQLite header promises: page size × page count, when the page count is valid
/// (its "version valid for" number equals the change counter; older writers leave it stale).
fn promised_len(header: &[u8; 100]) -> Option<u64> {
    let be32 = |at: usize| u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]]);
    let page_size = match u16::from_be_bytes([header[16], header[17]]) {
        1 => 65_536u64,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    (be32(92) == be32(24) && pages > 0).then_some(pages * page_size)
}

/// Append to the event log inside the caller's transaction.
pub(crate) fn log_event(
    tx: &rusqlite::Transaction<'_>,
    actor: &str,
    action: Action,
    payload: &serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO events (at, actor, action, payload) VALUES (?1, ?2, ?3, ?4)",
        params![now(), actor, action.as_str(), payload.to_string()],
    )?;
    Ok(())
}

/// Bump the index generation inside the caller's transaction.
pub(crate) fn bump_generation(tx: &rusqlite::Transaction<'_>) -> Result<u64> {
    tx.execute(
        "UPDATE project SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'generation'",
        [],
    )?;
    tx.execute(
        "INSERT INTO project (key, value) VALUES ('index_token', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [uuid::Uuid::new_v4().to_string()],
    )?;
    let g: String = tx.query_row("SELECT value FROM project WHERE key = 'generation'", [], |r| r.get(0))?;
    Ok(g.parse().unwrap_or(0))
}

/// Write a file so that it appears whole or not at all: write a sibling temporary file, then
/// rename it over `path`. A failure leaves any old file as it was and no temporary behind.
pub fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.braid-tmp"));
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}
