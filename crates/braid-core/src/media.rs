//! Recordings linked to transcripts.
//!
//! A document may have one recording (audio or video). The project stores where the file is (as a
//! path relative to the project file's folder when it lies below it, else absolute), its size,
//! SHA-256, modification time and duration; the file itself is never copied in. Whenever links are
//! listed, each file is checked: a file that is gone is `missing`, one whose size or content
//! differs is `changed`, and both name the path where it was expected. The content is hashed again
//! only when the size or modification time moved, so listing stays fast with long videos.
//!
//! Linking, relinking and unlinking are undoable actions in the log.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::error::{Error, Location, Result};
use crate::store::action::Action;
use crate::store::ops::{self, MediaRow, Op};
use crate::store::{self, Project};

/// The file types a recording may have, as extensions.
pub const MEDIA_EXTENSIONS: &[&str] = &["mp3", "m4a", "wav", "ogg", "mp4", "webm"];

/// The largest recording Braid links (16 GiB): a long video interview is a few GiB, and the file
/// is read once to hash it.
pub const MAX_MEDIA_BYTES: u64 = 16 * 1024 * 1024 * 1024;

/// Audio or video.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MediaKind {
    /// `.mp3`, `.m4a`, `.wav`, `.ogg`.
    Audio,
    /// `.mp4`, `.webm` (which may hold sound only; the player shows what there is).
    Video,
}

impl MediaKind {
    /// The name as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            MediaKind::Audio => "audio",
            MediaKind::Video => "video",
        }
    }

    fn parse(s: &str) -> MediaKind {
        if s == "video" { MediaKind::Video } else { MediaKind::Audio }
    }
}

/// Whether a linked file is where and what it was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MediaStatus {
    /// The file is there, unchanged.
    Ok,
    /// No file at the expected path.
    Missing,
    /// A file is there, but its size or content differs.
    Changed,
}

/// A document's recording, as the CLI and the app see it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct MediaLink {
    /// The document's name.
    pub document: String,
    /// The path as stored: relative to the project file's folder when below it, else absolute.
    pub path: String,
    /// Where the file is expected: the stored path resolved against the project file's folder.
    pub resolved: String,
    /// Audio or video.
    pub kind: MediaKind,
    /// Size in bytes when linked.
    #[ts(type = "number")]
    pub size: u64,
    /// SHA-256 of the file when linked, lowercase hex.
    pub sha256: String,
    /// Length in milliseconds, when the file's headers say.
    #[ts(type = "number | null")]
    pub duration_ms: Option<u64>,
    /// When it was linked (RFC 3339, UTC).
    pub linked_at: String,
    /// Who linked it.
    pub linked_by: String,
    /// Whether the file is still there and the same.
    pub status: MediaStatus,
    /// What is wrong, for a missing or changed file; empty when it is fine.
    pub problem: String,
}

/// A document's recording as the app's player gets it: the checked link, and where to load it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PlayableMedia {
    /// The link, checked against the file.
    pub link: MediaLink,
    /// The URL the app's player loads the recording from; none when the file is missing or
    /// changed (it is not played then). The app sets it.
    pub url: Option<String>,
}

/// A recording found beside an imported transcript, with the same file stem: offered for linking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MediaCandidate {
    /// The document imported from the transcript.
    pub document: String,
    /// The recording's path.
    pub file: String,
}

/// What is learnt of a file before linking it: read outside any transaction.
struct Examined {
    kind: MediaKind,
    size: u64,
    modified: i64,
    sha256: String,
    duration_ms: Option<u64>,
}

fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// The file's modification time in milliseconds since 1970 (0 when the system has none).
fn modified_ms(meta: &std::fs::Metadata) -> i64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// Hash a file without holding it in memory.
fn hash_file(path: &Path) -> Result<String> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hasher.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Whether the first bytes are those of the container the extension names. A text file renamed
/// `.mp3` is refused here, before anything else reads it.
fn signature_matches(ext: &str, head: &[u8]) -> bool {
    let at = |offset: usize, magic: &[u8]| head.len() >= offset + magic.len() && &head[offset..offset + magic.len()] == magic;
    match ext {
        "wav" => at(0, b"RIFF") && at(8, b"WAVE"),
        "ogg" => at(0, b"OggS"),
        "mp4" | "m4a" => at(4, b"ftyp"),
        "webm" => at(0, &[0x1A, 0x45, 0xDF, 0xA3]),
        // An ID3 tag, or an MPEG audio frame's sync word.
        "mp3" => at(0, b"ID3") || (head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0),
        _ => false,
    }
}

/// The length of a recording from its container's headers, when they give it. Nothing is decoded.
fn duration_ms(path: &Path, ext: &str) -> Option<u64> {
    use symphonia::core::formats::FormatOptions;
    use symphonia::core::io::MediaSourceStream;
    use symphonia::core::meta::MetadataOptions;
    use symphonia::core::probe::Hint;
    let file = std::fs::File::open(path).ok()?;
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    hint.with_extension(ext);
    let probed = symphonia::default::get_probe()
        .format(&hint, stream, &FormatOptions::default(), &MetadataOptions::default())
        .ok()?;
    probed
        .format
        .tracks()
        .iter()
        .filter_map(|t| {
            let p = &t.codec_params;
            let time = p.time_base?.calc_time(p.n_frames?);
            Some(time.seconds.saturating_mul(1000).saturating_add((time.frac * 1000.0).round() as u64))
        })
        .max()
}

/// Check a file and read what a link keeps of it.
fn examine(file: &Path) -> Result<Examined> {
    let shown = file.display().to_string();
    let ext = extension(file);
    if !MEDIA_EXTENSIONS.contains(&ext.as_str()) {
        return Err(Error::bad_input(
            Location::file(&shown),
            format!("`.{ext}` is not a recording Braid links; give a .mp3, .m4a, .wav, .ogg, .mp4 or .webm file"),
        ));
    }
    let meta = std::fs::metadata(file).map_err(|e| Error::io(file, e))?;
    if !meta.is_file() {
        return Err(Error::bad_input(Location::file(&shown), "not a file; give the recording itself"));
    }
    if meta.len() > MAX_MEDIA_BYTES {
        return Err(Error::bad_input(
            Location::file(&shown),
            format!("the recording is larger than {} GiB (the limit)", MAX_MEDIA_BYTES >> 30),
        ));
    }
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(file).map_err(|e| Error::io(file, e))?.take(16).read_to_end(&mut head).map_err(|e| Error::io(file, e))?;
    if !signature_matches(&ext, &head) {
        return Err(Error::bad_input(
            Location::file(&shown),
            format!("not a .{ext} recording: the file does not start as one does; check that it is the right file"),
        ));
    }
    Ok(Examined {
        kind: if matches!(ext.as_str(), "mp4" | "webm") { MediaKind::Video } else { MediaKind::Audio },
        size: meta.len(),
        modified: modified_ms(&meta),
        sha256: hash_file(file)?,
        duration_ms: duration_ms(file, &ext),
    })
}

/// The folder paths are kept relative to: the project file's.
fn base_of(project: &Project) -> PathBuf {
    let dir = project.path().parent().unwrap_or(Path::new(""));
    std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf())
}

/// The path to store: relative to `base` when the file lies below it, else absolute; `/` between
/// parts, so a project moves between systems.
fn stored_path(base: &Path, file: &Path) -> Result<String> {
    let absolute = std::path::absolute(file).map_err(|e| Error::io(file, e))?;
    Ok(match absolute.strip_prefix(base) {
        Ok(rel) => rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/"),
        Err(_) => absolute.display().to_string(),
    })
}

/// Where a stored path points.
fn resolve(base: &Path, stored: &str) -> PathBuf {
    let p = Path::new(stored);
    if p.is_absolute() { p.to_path_buf() } else { base.join(stored) }
}

fn document_uuid(tx: &rusqlite::Transaction<'_>, name: &str) -> Result<String> {
    tx.query_row("SELECT uuid FROM documents WHERE name = ?1", [name], |r| r.get(0))
        .optional()?
        .ok_or_else(|| Error::NotFound { what: "document", name: name.to_string() })
}

fn media_row(tx: &rusqlite::Transaction<'_>, document_uuid: &str) -> Result<Option<MediaRow>> {
    Ok(tx
        .query_row(
            "SELECT d.uuid, m.path, m.kind, m.size, m.sha256, m.duration_ms, m.modified, m.linked_at, m.linked_by
             FROM media m JOIN documents d ON d.id = m.document WHERE d.uuid = ?1",
            [document_uuid],
            row_of,
        )
        .optional()?)
}

fn row_of(r: &rusqlite::Row<'_>) -> rusqlite::Result<MediaRow> {
    Ok(MediaRow {
        document: r.get(0)?,
        path: r.get(1)?,
        kind: r.get(2)?,
        size: r.get::<_, i64>(3)?.max(0) as u64,
        sha256: r.get(4)?,
        duration_ms: r.get::<_, Option<i64>>(5)?.map(|d| d.max(0) as u64),
        modified: r.get(6)?,
        linked_at: r.get(7)?,
        linked_by: r.get(8)?,
    })
}

/// Whether the file a link names is there and unchanged, and if not, why.
fn check(row: &MediaRow, resolved: &Path) -> (MediaStatus, String) {
    let Ok(meta) = std::fs::metadata(resolved) else {
        return (MediaStatus::Missing, format!("no file at {}; relink it with `braid media relink`", resolved.display()));
    };
    if !meta.is_file() {
        return (MediaStatus::Missing, format!("{} is not a file; relink the recording", resolved.display()));
    }
    if meta.len() != row.size {
        return (
            MediaStatus::Changed,
            format!("{} has changed: {} bytes, {} when linked; relink it if it is the right recording", resolved.display(), meta.len(), row.size),
        );
    }
    if modified_ms(&meta) != row.modified {
        match hash_file(resolved) {
            Ok(hash) if hash == row.sha256 => {}
            Ok(_) => {
                return (
                    MediaStatus::Changed,
                    format!("{} has changed: its content differs from when it was linked; relink it if it is the right recording", resolved.display()),
                );
            }
            Err(e) => return (MediaStatus::Missing, e.to_string()),
        }
    }
    (MediaStatus::Ok, String::new())
}

fn link_of(base: &Path, name: String, row: MediaRow) -> MediaLink {
    let resolved = resolve(base, &row.path);
    let (status, problem) = check(&row, &resolved);
    MediaLink {
        document: name,
        resolved: resolved.display().to_string(),
        path: row.path,
        kind: MediaKind::parse(&row.kind),
        size: row.size,
        sha256: row.sha256,
        duration_ms: row.duration_ms,
        linked_at: row.linked_at,
        linked_by: row.linked_by,
        status,
        problem,
    }
}

/// How a link changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Linking {
    /// A document without a recording gets one.
    Link,
    /// A document's recording is replaced (moved or re-exported).
    Relink,
}

/// The operation that links `file` (already examined) to `document`, or replaces its link.
fn link_op(tx: &rusqlite::Transaction<'_>, base: &Path, document: &str, file: &Path, examined: Examined, actor: &str, how: Linking) -> Result<(Op, MediaRow)> {
    let path = stored_path(base, file)?;
    let doc = document_uuid(tx, document)?;
    let before = media_row(tx, &doc)?;
    let row = MediaRow {
        document: doc,
        path,
        kind: examined.kind.as_str().to_string(),
        size: examined.size,
        sha256: examined.sha256,
        duration_ms: examined.duration_ms,
        modified: examined.modified,
        linked_at: store::now(),
        linked_by: actor.to_string(),
    };
    let op = match (how, before) {
        (Linking::Link, None) => Op::LinkMedia(row.clone()),
        (Linking::Link, Some(old)) => {
            return Err(Error::BadRequest(format!(
                "document `{document}` already has a recording ({}); replace it with `braid media relink`",
                old.path
            )));
        }
        (Linking::Relink, Some(old)) => Op::UpdateMedia { before: old, after: row.clone() },
        (Linking::Relink, None) => {
            return Err(Error::BadRequest(format!("document `{document}` has no recording to relink; link one with `braid media link`")));
        }
    };
    ops::apply(tx, &op)?;
    Ok((op, row))
}

fn write_link(project: &mut Project, document: &str, file: &Path, actor: &str, how: Linking) -> Result<MediaLink> {
    let examined = examine(file)?;
    let base = base_of(project);
    let tx = project.conn.transaction()?;
    let (op, row) = link_op(&tx, &base, document, file, examined, actor, how)?;
    let action = if how == Linking::Link { Action::LinkMedia } else { Action::RelinkMedia };
    ops::log_undoable(&tx, actor, action, &serde_json::json!({ "document": document, "path": row.path, "sha256": row.sha256 }), &[op])?;
    tx.commit()?;
    Ok(link_of(&base, document.to_string(), row))
}

/// Link the recordings an import found beside its transcripts: every file is checked first, then
/// all are linked in one undoable action, or none is.
pub fn link_recordings(project: &mut Project, candidates: &[MediaCandidate], actor: &str) -> Result<Vec<MediaLink>> {
    if candidates.is_empty() {
        return Ok(Vec::new());
    }
    let examined = candidates.iter().map(|c| examine(Path::new(&c.file))).collect::<Result<Vec<_>>>()?;
    let base = base_of(project);
    let tx = project.conn.transaction()?;
    let mut ops_done = Vec::new();
    let mut rows = Vec::new();
    for (c, e) in candidates.iter().zip(examined) {
        let (op, row) = link_op(&tx, &base, &c.document, Path::new(&c.file), e, actor, Linking::Link)?;
        ops_done.push(op);
        rows.push((c.document.clone(), row));
    }
    let payload = serde_json::json!({ "documents": candidates.iter().map(|c| &c.document).collect::<Vec<_>>() });
    ops::log_undoable(&tx, actor, Action::LinkMedia, &payload, &ops_done)?;
    tx.commit()?;
    Ok(rows.into_iter().map(|(name, row)| link_of(&base, name, row)).collect())
}

/// Link a recording to a document that has none. One undoable action.
pub fn link_media(project: &mut Project, document: &str, file: &Path, actor: &str) -> Result<MediaLink> {
    write_link(project, document, file, actor, Linking::Link)
}

/// Point a document's recording at another file (moved, renamed or re-exported). One undoable
/// action.
pub fn relink_media(project: &mut Project, document: &str, file: &Path, actor: &str) -> Result<MediaLink> {
    write_link(project, document, file, actor, Linking::Relink)
}

/// Remove a document's recording from the project (the file stays where it is). One undoable
/// action.
pub fn unlink_media(project: &mut Project, document: &str, actor: &str) -> Result<()> {
    let tx = project.conn.transaction()?;
    let doc = document_uuid(&tx, document)?;
    let Some(row) = media_row(&tx, &doc)? else {
        return Err(Error::BadRequest(format!("document `{document}` has no recording")));
    };
    let op = Op::UnlinkMedia(row.clone());
    ops::apply(&tx, &op)?;
    ops::log_undoable(&tx, actor, Action::UnlinkMedia, &serde_json::json!({ "document": document, "path": row.path }), &[op])?;
    tx.commit()?;
    Ok(())
}

/// Every recording in the project, by document name, each checked against the file.
pub fn media_list(project: &Project) -> Result<Vec<MediaLink>> {
    let base = base_of(project);
    let mut stmt = project.conn.prepare(
        "SELECT d.uuid, m.path, m.kind, m.size, m.sha256, m.duration_ms, m.modified, m.linked_at, m.linked_by, d.name
         FROM media m JOIN documents d ON d.id = m.document ORDER BY d.name",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(9)?, row_of(r)?)))?.collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows.into_iter().map(|(name, row)| link_of(&base, name, row)).collect())
}

/// A document's recording, checked against the file; `None` when it has none.
pub fn media_of(project: &Project, document: &str) -> Result<Option<MediaLink>> {
    let base = base_of(project);
    let row = project
        .conn
        .query_row(
            "SELECT d.uuid, m.path, m.kind, m.size, m.sha256, m.duration_ms, m.modified, m.linked_at, m.linked_by
             FROM media m JOIN documents d ON d.id = m.document WHERE d.name = ?1",
            [document],
            row_of,
        )
        .optional()?;
    if row.is_none() {
        let known: Option<i64> = project.conn.query_row("SELECT id FROM documents WHERE name = ?1", [document], |r| r.get(0)).optional()?;
        known.ok_or_else(|| Error::NotFound { what: "document", name: document.to_string() })?;
    }
    Ok(row.map(|r| link_of(&base, document.to_string(), r)))
}

/// A recording checked and ready to link to a document of a project whose file lies in `base`'s
/// folder: what a REFI-QDA import links.
pub(crate) struct PreparedLink {
    path: String,
    examined: Examined,
}

/// Check a recording for linking into a project in `base`.
pub(crate) fn prepare_link(base: &Path, file: &Path) -> Result<PreparedLink> {
    let examined = examine(file)?;
    let base = std::path::absolute(base).unwrap_or_else(|_| base.to_path_buf());
    Ok(PreparedLink { path: stored_path(&base, file)?, examined })
}

/// Store a prepared link for the document with row id `document` (not logged: the caller's
/// action is).
pub(crate) fn insert_link(tx: &rusqlite::Transaction<'_>, document: i64, link: &PreparedLink, actor: &str) -> Result<()> {
    let e = &link.examined;
    tx.execute(
        "INSERT INTO media (document, path, kind, size, sha256, duration_ms, modified, linked_at, linked_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            document,
            link.path,
            e.kind.as_str(),
            store::ms_to_sql(e.size),
            e.sha256,
            e.duration_ms.map(store::ms_to_sql),
            e.modified,
            store::now(),
            actor
        ],
    )?;
    Ok(())
}

/// Where each document's recording is expected, by document UUID, with its kind: what an export
/// refers to.
pub(crate) fn recording_paths(project: &Project) -> Result<std::collections::BTreeMap<String, (PathBuf, MediaKind)>> {
    let base = base_of(project);
    let mut stmt = project.conn.prepare("SELECT d.uuid, m.path, m.kind FROM media m JOIN documents d ON d.id = m.document")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    let mut out = std::collections::BTreeMap::new();
    for row in rows {
        let (doc, path, kind) = row?;
        out.insert(doc, (resolve(&base, &path), MediaKind::parse(&kind)));
    }
    Ok(out)
}

/// Recordings lying beside transcripts with the same file stem (`0602.txt` and `0602.wav`): what
/// an import offers to link. `imported` pairs each transcript file with its document's name.
/// Each folder is listed once, however many transcripts it holds.
pub fn recordings_beside(imported: &[(PathBuf, String)]) -> Vec<MediaCandidate> {
    // The recordings in each folder, by file stem, found in one listing of the folder.
    let mut folders: std::collections::HashMap<PathBuf, std::collections::HashMap<std::ffi::OsString, PathBuf>> = Default::default();
    let mut out = Vec::new();
    for (file, document) in imported {
        let (Some(dir), Some(stem)) = (file.parent(), file.file_stem()) else { continue };
        let recordings = folders.entry(dir.to_path_buf()).or_insert_with(|| {
            let listed = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
            let mut found: Vec<PathBuf> = std::fs::read_dir(listed)
                .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| MEDIA_EXTENSIONS.contains(&extension(p).as_str())).collect())
                .unwrap_or_default();
            // Sorted, so that of `0602.m4a` and `0602.wav` the same one is offered every time.
            found.sort();
            let mut by_stem = std::collections::HashMap::new();
            for p in found.into_iter().rev() {
                if let Some(s) = p.file_stem().map(|s| s.to_os_string()) {
                    let p = if dir.as_os_str().is_empty() { p.strip_prefix(".").map(Path::to_path_buf).unwrap_or(p) } else { p };
                    by_stem.insert(s, p);
                }
            }
            by_stem
        });
        if let Some(recording) = recordings.get(stem).filter(|p| p.is_file()) {
            out.push(MediaCandidate { document: document.clone(), file: recording.display().to_string() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_checked_by_extension() {
        assert!(signature_matches("wav", b"RIFF\x24\x00\x00\x00WAVEfmt "));
        assert!(!signature_matches("wav", b"RIFF\x24\x00\x00\x00AVI LIST"));
        assert!(signature_matches("mp3", b"ID3\x04\x00"));
        assert!(signature_matches("mp3", &[0xFF, 0xFB, 0x90, 0x00]));
        assert!(!signature_matches("mp3", b"I: hello"));
        assert!(signature_matches("m4a", b"\x00\x00\x00\x20ftypM4A "));
        assert!(signature_matches("webm", &[0x1A, 0x45, 0xDF, 0xA3, 0x01]));
        assert!(signature_matches("ogg", b"OggS\x00\x02"));
        assert!(!signature_matches("ogg", b""));
    }

    #[test]
    fn paths_below_the_project_are_kept_relative() {
        let base = Path::new("/data/study");
        assert_eq!(stored_path(base, Path::new("/data/study/audio/0602.wav")).unwrap(), "audio/0602.wav");
        assert_eq!(stored_path(base, Path::new("/elsewhere/0602.wav")).unwrap(), "/elsewhere/0602.wav");
        assert_eq!(resolve(base, "audio/0602.wav"), Path::new("/data/study/audio/0602.wav"));
        assert_eq!(resolve(base, "/elsewhere/0602.wav"), Path::new("/elsewhere/0602.wav"));
    }
}
