//! A project as a REFI-QDA 1.5 project (`.qdpx`): `project.qde` and each document's text as
//! `sources/<guid>.txt`. Everything is written in a stable order, so two exports of one project
//! differ only in the export's own timestamp.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::OptionalExtension;
use serde::Serialize;
use ts_rs::TS;

use crate::codebook::codes::codebook;
use crate::error::Result;
use crate::exchange::refi::{self, derived_guid};
use crate::exchange::xml::Writer;
use crate::store::Project;
use crate::text::attrs::AttrKind;

/// What an export carried, and what the standard has no place for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct QdpxExportReport {
    /// Documents written as text sources.
    pub documents: usize,
    /// Codes in the codebook.
    pub codes: usize,
    /// Codings (one `Coding` each; codings of one span share a selection).
    pub codings: usize,
    /// Memos, and coding memos, written as notes.
    pub notes: usize,
    /// Informants written as cases.
    pub cases: usize,
    /// Coders and memo authors written as users.
    pub users: usize,
    /// Sets carried through from an imported project.
    pub sets: usize,
    /// What the project holds that REFI-QDA has no place for, e.g. `2 survey datasets`.
    pub left_out: Vec<String>,
    /// How things were written, where the reader may want to know (e.g. recordings by path).
    pub remarks: Vec<String>,
}

/// One coding as the export reads it.
struct CodingOut {
    uuid: String,
    code: String,
    coder: String,
    created_at: String,
    memo: Option<String>,
}

/// The project as `project.qde` and its source files, with what was carried.
pub fn project_qde(project: &Project, exported_at: &str) -> Result<(String, Vec<(String, Vec<u8>)>, QdpxExportReport)> {
    let conn = &project.conn;
    let project_uuid = project.uuid()?;
    let mut report = QdpxExportReport::default();
    let created: String = conn.query_row("SELECT value FROM project WHERE key = 'created_at'", [], |r| r.get(0)).optional()?.unwrap_or_default();
    let name = project.path().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "Braid project".to_string());

    // Users: every coder and memo author, with the GUID an import kept or one derived from the name.
    let kept: BTreeMap<String, String> =
        conn.prepare("SELECT name, guid FROM users")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let mut names: BTreeSet<String> =
        conn.prepare("SELECT DISTINCT coder FROM codings")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    names.extend(conn.prepare("SELECT DISTINCT author FROM memos")?.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>()?);
    let user_guid = |n: &str| kept.get(n).cloned().unwrap_or_else(|| derived_guid(&project_uuid, &format!("user:{n}")));
    report.users = names.len();

    let mut w = Writer::new();
    let mut root: Vec<(&str, String)> = vec![("xmlns", "urn:QDA-XML:project:1.0".to_string()), ("name", name), ("origin", format!("Braid {}", env!("CARGO_PKG_VERSION")))];
    if let Some(c) = refi::date_time(&created) {
        root.push(("creationDateTime", c.to_string()));
    }
    root.push(("modifiedDateTime", exported_at.to_string()));
    w.start("Project", &root.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>());

    if !names.is_empty() {
        w.start("Users", &[]);
        for n in &names {
            w.empty("User", &[("guid", &user_guid(n)), ("name", n)]);
        }
        w.end("Users");
    }

    // Memos, by what they are attached to; every memo becomes a note.
    struct Memo {
        uuid: String,
        kind: String,
        target: Option<String>,
        title: String,
        body: String,
        author: String,
        created_at: String,
        updated_at: String,
    }
    let memos: Vec<Memo> = conn
        .prepare("SELECT uuid, target_kind, target, title, body, author, created_at, updated_at FROM memos ORDER BY created_at, uuid")?
        .query_map([], |r| {
            Ok(Memo { uuid: r.get(0)?, kind: r.get(1)?, target: r.get(2)?, title: r.get(3)?, body: r.get(4)?, author: r.get(5)?, created_at: r.get(6)?, updated_at: r.get(7)? })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut memos_of: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for m in &memos {
        memos_of.entry((m.kind.clone(), m.target.clone().unwrap_or_default())).or_default().push(m.uuid.clone());
    }
    let note_refs = |w: &mut Writer, kind: &str, target: &str| {
        for uuid in memos_of.get(&(kind.to_string(), target.to_string())).into_iter().flatten() {
            w.empty("NoteRef", &[("targetGUID", uuid)]);
        }
    };

    // The codebook, nested, in the project's order.
    let codes = codebook(project)?;
    report.codes = codes.len();
    let uncodable: BTreeSet<String> = conn.prepare("SELECT uuid FROM uncodable_codes")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if !codes.is_empty() {
        w.start("CodeBook", &[]);
        w.start("Codes", &[]);
        let mut open: Vec<usize> = Vec::new();
        for c in &codes {
            while open.last().is_some_and(|&d| d >= c.depth) {
                open.pop();
                w.end("Code");
            }
            let codable = if uncodable.contains(&c.uuid) { "false" } else { "true" };
            let colour = refi::colour(&c.colour).unwrap_or_else(|| "#888888".to_string());
            w.start("Code", &[("guid", &c.uuid), ("name", &c.name), ("isCodable", codable), ("color", &colour)]);
            let description = refi::describe_code(&c.definition, &c.include, &c.exclude, &c.example);
            if !description.is_empty() {
                w.text("Description", &description);
            }
            note_refs(&mut w, "code", &c.uuid);
            open.push(c.depth);
        }
        for _ in open {
            w.end("Code");
        }
        w.end("Codes");
        w.end("CodeBook");
    }

    // Variables: the informants' attributes, in their order.
    let defs = project.attribute_defs()?;
    let kept_vars: BTreeMap<String, String> =
        conn.prepare("SELECT key, guid FROM attribute_defs WHERE guid IS NOT NULL")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let var_guid = |key: &str| kept_vars.get(key).cloned().unwrap_or_else(|| derived_guid(&project_uuid, &format!("variable:{key}")));
    if !defs.is_empty() {
        w.start("Variables", &[]);
        for (key, kind) in &defs {
            w.empty("Variable", &[("guid", &var_guid(key)), ("name", key), ("typeOfVariable", refi::variable_type(*kind))]);
        }
        w.end("Variables");
    }

    // Cases: informants, their attribute values and their documents.
    let kinds: BTreeMap<String, AttrKind> = defs.iter().cloned().collect();
    let informants = project.informants()?;
    let docs_of: BTreeMap<String, Vec<String>> = {
        let mut m: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut stmt = conn.prepare("SELECT i.code, d.uuid FROM documents d JOIN informants i ON i.id = d.informant ORDER BY d.name")?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
            let (i, d) = row?;
            m.entry(i).or_default().push(d);
        }
        m
    };
    let case_info: BTreeMap<String, (String, String)> = conn
        .prepare("SELECT code, uuid, description FROM informants")?
        .query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get::<_, String>(1)?, r.get::<_, String>(2)?))))?
        .collect::<rusqlite::Result<_>>()?;
    if !informants.is_empty() {
        w.start("Cases", &[]);
        let mut sorted: Vec<_> = informants.iter().collect();
        sorted.sort_by(|a, b| a.id.cmp(&b.id));
        for inf in sorted {
            let (uuid, description) = case_info.get(&inf.id).cloned().unwrap_or_default();
            w.start("Case", &[("guid", &uuid), ("name", &inf.id)]);
            if !description.is_empty() {
                w.text("Description", &description);
            }
            for (key, _) in &defs {
                let Some(value) = inf.attributes.get(key) else { continue };
                let (element, text) = refi::value_element(kinds.get(key).copied().unwrap_or(AttrKind::Text), value);
                w.start("VariableValue", &[]);
                w.empty("VariableRef", &[("targetGUID", &var_guid(key))]);
                w.text(element, &text);
                w.end("VariableValue");
            }
            for d in docs_of.get(&inf.id).into_iter().flatten() {
                w.empty("SourceRef", &[("targetGUID", d)]);
            }
            w.end("Case");
        }
        w.end("Cases");
        report.cases = informants.len();
    }

    // Sources: each document's text as a file, its codings grouped by span into selections.
    let mut files = Vec::new();
    let mut coding_notes: Vec<(String, String, String, String)> = Vec::new();
    struct Doc {
        uuid: String,
        name: String,
        text: String,
        description: String,
        imported_at: String,
        imported_by: String,
    }
    let docs: Vec<Doc> = conn
        .prepare("SELECT uuid, name, text, description, imported_at, imported_by FROM documents ORDER BY name")?
        .query_map([], |r| Ok(Doc { uuid: r.get(0)?, name: r.get(1)?, text: r.get(2)?, description: r.get(3)?, imported_at: r.get(4)?, imported_by: r.get(5)? }))?
        .collect::<rusqlite::Result<_>>()?;
    let mut by_doc: BTreeMap<String, BTreeMap<(usize, usize), Vec<CodingOut>>> = BTreeMap::new();
    {
        let mut stmt = conn.prepare(
            r#"SELECT d.uuid, g.start, g."end", g.uuid, c.uuid, g.coder, g.created_at, g.memo
               FROM codings g JOIN documents d ON d.id = g.document JOIN codes c ON c.id = g.code"#,
        )?;
        for row in stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)? as usize,
                r.get::<_, i64>(2)? as usize,
                CodingOut { uuid: r.get(3)?, code: r.get(4)?, coder: r.get(5)?, created_at: r.get(6)?, memo: r.get(7)? },
            ))
        })? {
            let (doc, start, end, c) = row?;
            by_doc.entry(doc).or_default().entry((start, end)).or_default().push(c);
        }
    }
    // Turn times and recordings: a document with a recording is an audio or video source whose
    // transcript carries sync points.
    let recordings = crate::media::recording_paths(project)?;
    // Each timed turn of a document: its span and its start and end in the recording.
    type TurnTimes = Vec<(usize, usize, u64, Option<u64>)>;
    let mut times_of: BTreeMap<String, TurnTimes> = BTreeMap::new();
    {
        let mut stmt = conn.prepare(
            r#"SELECT d.uuid, s.start, s."end", s.start_ms, s.end_ms FROM segments s JOIN documents d ON d.id = s.document
               WHERE s.start_ms IS NOT NULL ORDER BY d.uuid, s.ord"#,
        )?;
        for row in stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize, r.get::<_, i64>(2)? as usize, r.get::<_, i64>(3)?.max(0) as u64, r.get::<_, Option<i64>>(4)?.map(|m| m.max(0) as u64)))
        })? {
            let (doc, start, end, start_ms, end_ms) = row?;
            times_of.entry(doc).or_default().push((start, end, start_ms, end_ms));
        }
    }
    let mut untimed_recordings = 0usize;
    if !docs.is_empty() {
        w.start("Sources", &[]);
        for d in &docs {
            let path = format!("{}.txt", d.uuid);
            let internal = format!("internal://{path}");
            let creator = user_guid(&d.imported_by);
            let recording = recordings.get(&d.uuid);
            let media_path = recording.map(|(p, _)| format!("absolute://{}", p.display()));
            let mut a: Vec<(&str, &str)> = vec![("guid", &d.uuid), ("name", &d.name)];
            match &media_path {
                Some(p) => a.push(("path", p)),
                None => a.push(("plainTextPath", &internal)),
            }
            if names.contains(&d.imported_by) {
                a.push(("creatingUser", &creator));
            }
            if let Some(at) = refi::date_time(&d.imported_at) {
                a.push(("creationDateTime", at));
            }
            let element = match recording {
                Some((_, crate::media::MediaKind::Video)) => "VideoSource",
                Some((_, crate::media::MediaKind::Audio)) => "AudioSource",
                None => "TextSource",
            };
            w.start(element, &a);
            if !d.description.is_empty() {
                w.text("Description", &d.description);
            }
            let mut selections = Vec::new();
            for ((start, end), list) in by_doc.get_mut(&d.uuid).into_iter().flatten() {
                list.sort_by(|a, b| (&a.coder, &a.uuid).cmp(&(&b.coder, &b.uuid)));
                selections.push((*start, *end, &*list));
            }
            // Writes a selection's codings and their notes.
            let mut codings_of = |w: &mut Writer, list: &[CodingOut], report: &mut QdpxExportReport| {
                for c in list.iter() {
                    let coder = user_guid(&c.coder);
                    let mut ca: Vec<(&str, &str)> = vec![("guid", &c.uuid), ("creatingUser", &coder)];
                    if let Some(at) = refi::date_time(&c.created_at) {
                        ca.push(("creationDateTime", at));
                    }
                    w.start("Coding", &ca);
                    w.empty("CodeRef", &[("targetGUID", &c.code)]);
                    if let Some(memo) = c.memo.as_deref().filter(|m| !m.is_empty()) {
                        let note = derived_guid(&c.uuid, "memo");
                        w.empty("NoteRef", &[("targetGUID", &note)]);
                        coding_notes.push((note, memo.to_string(), c.coder.clone(), c.created_at.clone()));
                    }
                    w.end("Coding");
                    report.codings += 1;
                }
                for c in list.iter() {
                    note_refs(w, "coding", &c.uuid);
                }
            };
            if recording.is_some() {
                // The transcript: sync points at each timed turn's start and end, and at each
                // selection's ends (positions only), then the selections between them.
                let transcript = derived_guid(&d.uuid, "transcript");
                w.start("Transcript", &[("guid", &transcript), ("name", &d.name), ("plainTextPath", &internal)]);
                let times = times_of.get(&d.uuid).map(Vec::as_slice).unwrap_or_default();
                if times.is_empty() {
                    untimed_recordings += 1;
                }
                for (i, (start, end, start_ms, end_ms)) in times.iter().enumerate() {
                    let (p, t) = (start.to_string(), start_ms.to_string());
                    w.empty("SyncPoint", &[("guid", &derived_guid(&d.uuid, &format!("turn:{i}:start"))), ("timeStamp", &t), ("position", &p)]);
                    if let Some(end_ms) = end_ms {
                        let (p, t) = (end.to_string(), end_ms.to_string());
                        w.empty("SyncPoint", &[("guid", &derived_guid(&d.uuid, &format!("turn:{i}:end"))), ("timeStamp", &t), ("position", &p)]);
                    }
                }
                for (start, end, list) in &selections {
                    let selection = derived_guid(&list[0].uuid, "selection");
                    let (s, e) = (start.to_string(), end.to_string());
                    w.empty("SyncPoint", &[("guid", &derived_guid(&selection, "from")), ("position", &s)]);
                    w.empty("SyncPoint", &[("guid", &derived_guid(&selection, "to")), ("position", &e)]);
                }
                for (_, _, list) in &selections {
                    let first = &list[0];
                    let selection = derived_guid(&first.uuid, "selection");
                    let (from, to) = (derived_guid(&selection, "from"), derived_guid(&selection, "to"));
                    let creator = user_guid(&first.coder);
                    let mut sa: Vec<(&str, &str)> = vec![("guid", &selection), ("fromSyncPoint", &from), ("toSyncPoint", &to), ("creatingUser", &creator)];
                    if let Some(at) = refi::date_time(&first.created_at) {
                        sa.push(("creationDateTime", at));
                    }
                    w.start("TranscriptSelection", &sa);
                    codings_of(&mut w, list, &mut report);
                    w.end("TranscriptSelection");
                }
                w.end("Transcript");
            } else {
                for (start, end, list) in &selections {
                    let first = &list[0];
                    let selection = derived_guid(&first.uuid, "selection");
                    let (s, e) = (start.to_string(), end.to_string());
                    let creator = user_guid(&first.coder);
                    let mut sa: Vec<(&str, &str)> = vec![("guid", &selection), ("startPosition", &s), ("endPosition", &e), ("creatingUser", &creator)];
                    if let Some(at) = refi::date_time(&first.created_at) {
                        sa.push(("creationDateTime", at));
                    }
                    w.start("PlainTextSelection", &sa);
                    codings_of(&mut w, list, &mut report);
                    w.end("PlainTextSelection");
                }
            }
            note_refs(&mut w, "document", &d.uuid);
            w.end(element);
            files.push((format!("sources/{path}"), d.text.as_bytes().to_vec()));
        }
        w.end("Sources");
        report.documents = docs.len();
    }
    let timed_without_recording = times_of.keys().filter(|d| !recordings.contains_key(*d)).count();
    if timed_without_recording > 0 {
        report.left_out.push(format!(
            "the turn times of {timed_without_recording} document{} without a recording (REFI-QDA keeps times only on a recording's transcript)",
            if timed_without_recording == 1 { "" } else { "s" }
        ));
    }
    if !recordings.is_empty() {
        report.remarks.push(format!(
            "{} recording{} referred to by absolute path, not packed into the archive{}",
            recordings.len(),
            if recordings.len() == 1 { " is" } else { "s are" },
            if untimed_recordings > 0 { format!("; {untimed_recordings} of their transcripts have no turn times") } else { String::new() }
        ));
    }

    // Notes: the memos, then the coding memos.
    if !memos.is_empty() || !coding_notes.is_empty() {
        w.start("Notes", &[]);
        for m in &memos {
            let author = user_guid(&m.author);
            let mut a: Vec<(&str, &str)> = vec![("guid", &m.uuid), ("name", &m.title), ("creatingUser", &author)];
            if let Some(at) = refi::date_time(&m.created_at) {
                a.push(("creationDateTime", at));
            }
            if let Some(at) = refi::date_time(&m.updated_at) {
                a.push(("modifiedDateTime", at));
            }
            w.start("Note", &a);
            w.text("PlainTextContent", &m.body);
            w.end("Note");
        }
        coding_notes.sort();
        for (guid, text, coder, at) in &coding_notes {
            let author = user_guid(coder);
            let mut a: Vec<(&str, &str)> = vec![("guid", guid), ("name", "Coding memo"), ("creatingUser", &author)];
            if let Some(at) = refi::date_time(at) {
                a.push(("creationDateTime", at));
            }
            w.start("Note", &a);
            w.text("PlainTextContent", text);
            w.end("Note");
        }
        w.end("Notes");
        report.notes = memos.len() + coding_notes.len();
    }

    // Sets, as an import kept them.
    let sets: Vec<(String, String, String, String)> = conn
        .prepare("SELECT uuid, name, description, members FROM sets ORDER BY name, uuid")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if !sets.is_empty() {
        w.start("Sets", &[]);
        for (uuid, name, description, members) in &sets {
            w.start("Set", &[("guid", uuid), ("name", name)]);
            if !description.is_empty() {
                w.text("Description", description);
            }
            let members: Vec<SetMember> = serde_json::from_str(members).unwrap_or_default();
            for kind in ["code", "source", "note"] {
                for m in members.iter().filter(|m| m.kind == kind) {
                    let element = match kind {
                        "code" => "MemberCode",
                        "source" => "MemberSource",
                        _ => "MemberNote",
                    };
                    w.empty(element, &[("targetGUID", &m.guid)]);
                }
            }
            w.end("Set");
        }
        w.end("Sets");
        report.sets = sets.len();
    }
    note_refs(&mut w, "project", "");
    w.end("Project");

    // What the standard has no place for.
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    for (sql, what) in [
        ("SELECT count(*) FROM datasets", "survey dataset"),
        ("SELECT count(*) FROM models", "saved model"),
        ("SELECT count(*) FROM findings", "finding"),
        ("SELECT count(*) FROM segments", "speaker turn"),
    ] {
        let n = count(sql)?;
        if n > 0 {
            report.left_out.push(format!("{n} {what}{}", if n == 1 { "" } else { "s" }));
        }
    }
    if conn.query_row("SELECT EXISTS (SELECT 1 FROM project WHERE key = 'published')", [], |r| r.get::<_, bool>(0))? {
        report.left_out.push("the published tables".to_string());
    }
    Ok((w.finish(), files, report))
}

/// A member of a set, as kept from an import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SetMember {
    /// `code`, `source` or `note`.
    pub kind: String,
    /// The member's GUID.
    pub guid: String,
}

/// The project as a `.qdpx` archive, with what was carried and what was left out.
pub fn export_qdpx(project: &Project) -> Result<(Vec<u8>, QdpxExportReport)> {
    let (qde, sources, report) = project_qde(project, &crate::store::now())?;
    let mut entries = vec![("project.qde".to_string(), qde.into_bytes())];
    entries.extend(sources);
    Ok((crate::exchange::archive::write(&entries)?, report))
}

/// Export the project to `path`, whole or not at all.
pub fn save_qdpx(project: &Project, path: &std::path::Path) -> Result<QdpxExportReport> {
    let (bytes, report) = export_qdpx(project)?;
    crate::store::write_whole(path, &bytes)?;
    Ok(report)
}
