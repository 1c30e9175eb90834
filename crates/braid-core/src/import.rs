//! Importing transcripts and an attributes table into a project, all or nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::text::attrs::{self, AttrKind, AttrValue, AttributeTable, Attributes};
use crate::error::{Error, Location, Result};
use crate::progress::Progress;
use crate::store::{self, Project};
use crate::text::{self, MAX_FILE_BYTES, MAX_TEXT_BYTES, Source, too_large, too_much_text};
use crate::text::transcript::{self, ParseOptions, Transcript};

/// Decode a text file, within [`MAX_TEXT_BYTES`]. No encoding needs more than two bytes of input
/// per byte of UTF-8 it decodes to, so a file over twice the limit is refused before decoding.
fn decode_text(bytes: &[u8], file: &str, encoding: Option<&str>) -> Result<text::Decoded> {
    if bytes.len() > 2 * MAX_TEXT_BYTES + 4 {
        return Err(too_much_text(file));
    }
    let decoded = text::decode(bytes, file, encoding)?;
    if decoded.text.len() > MAX_TEXT_BYTES {
        return Err(too_much_text(file));
    }
    Ok(decoded)
}

/// Options for [`import`].
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ImportOptions {
    /// An attributes CSV with one row per informant.
    #[ts(type = "string | null")]
    pub attributes: Option<PathBuf>,
    /// Force an encoding (a WHATWG label such as `gb18030`) instead of detecting it.
    pub encoding: Option<String>,
    /// Labels of interviewer turns; empty means `I` and `Interviewer`.
    pub interviewer_labels: Vec<String>,
    /// Who is importing; empty means [`store::default_actor`].
    pub actor: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct ImportReport {
    /// Documents added.
    pub imported: Vec<ImportedDocument>,
    /// Files not imported because an identical file already is.
    pub skipped: Vec<SkippedFile>,
    /// Informants created.
    pub informants_added: usize,
    /// Informants whose attributes were set or changed.
    pub informants_updated: usize,
    /// Things the researcher should look at; the import still happened.
    pub warnings: Vec<String>,
    /// Recordings lying beside imported transcripts with the same name, offered for linking
    /// (nothing is linked by the import itself).
    pub recordings: Vec<crate::media::MediaCandidate>,
    /// The recordings linked after the import, when asked (`--link-media`).
    pub linked: Vec<crate::media::MediaLink>,
}

/// One imported document.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ImportedDocument {
    /// Document name.
    pub name: String,
    /// The file it came from.
    pub file: String,
    /// Its informant.
    pub informant: String,
    /// Number of speaker turns.
    pub segments: usize,
    /// Length in code points.
    pub chars: usize,
    /// The encoding it was read as.
    pub encoding: String,
}

/// A file that was not imported.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SkippedFile {
    /// The file.
    pub file: String,
    /// Why.
    pub reason: String,
}

/// A file read and parsed, ready to store.
#[derive(Debug)]
struct Prepared {
    file: String,
    name: String,
    sha256: String,
    encoding: String,
    transcript: Transcript,
}

/// Read and parse transcript bytes. Pure: nothing touches the project.
fn prepare(file: &Path, bytes: &[u8], options: &ImportOptions) -> Result<Prepared> {
    let shown = file.display().to_string();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&shown));
    }
    let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    if !matches!(ext.as_str(), "txt" | "md" | "markdown" | "text" | "docx" | "vtt" | "srt") {
        return Err(Error::bad_input(
            Location::file(&shown),
            format!("unsupported file type `.{ext}`; import .txt, .md, .docx, .vtt or .srt transcripts"),
        ));
    }
    let decoded = match ext.as_str() {
        "docx" => {
            // Word stores Unicode: no encoding to guess. The hash is of the file as given.
            let text = text::normalise(&crate::text::docx::docx_text(bytes, &shown)?);
            if text.len() > MAX_TEXT_BYTES {
                return Err(too_much_text(&shown));
            }
            text::Decoded { text, encoding: "docx".to_string(), sha256: text::sha256_hex(bytes) }
        }
        _ => decode_text(bytes, &shown, options.encoding.as_deref())?,
    };
    let parse_options = ParseOptions { interviewer_labels: options.interviewer_labels.clone() };
    let transcript = if ext == "vtt" || ext == "srt" {
        let format = if ext == "vtt" { crate::text::captions::Captions::Vtt } else { crate::text::captions::Captions::Srt };
        let (text, turns) = crate::text::captions::captions(&decoded.text, &shown, format, &parse_options.interviewer_labels)?;
        Transcript { informant: None, attributes: Attributes::new(), citation: None, text, turns }
    } else if ext != "md" && ext != "markdown" {
        // Plain text has no front matter: a leading `---` is just text.
        let (text, turns) = transcript::parse_timed_turns(&decoded.text, &shown, &parse_options.interviewer_labels)?;
        if turns.is_empty() {
            return Err(Error::bad_input(Location::file(&shown), "the file has no text"));
        }
        Transcript { informant: None, attributes: Attributes::new(), citation: None, text, turns }
    } else {
        transcript::parse(&decoded.text, &shown, &parse_options)?
    };
    let name = file.file_stem().and_then(|s| s.to_str()).unwrap_or("document").to_string();
    Ok(Prepared { file: shown, name, sha256: decoded.sha256, encoding: decoded.encoding, transcript })
}

/// Import transcripts (`.txt`, `.md` with front matter) and an optional attributes CSV.
///
/// Everything is checked before anything is written, and all files are stored in one
/// transaction: either every file is imported or none is. The search index is brought up to
/// date afterwards; it is a cache, so a failure there is a warning, not a failed import.
pub fn import(project: &mut Project, files: &[PathBuf], options: &ImportOptions, progress: &dyn Progress) -> Result<ImportReport> {
    let attributes = options.attributes.as_deref().map(Source::read).transpose()?;
    let table = attribute_table(attributes.as_ref(), options)?;
    // One file at a time, read, parsed and stored: memory holds one transcript, not the corpus.
    let prepared = files.iter().map(|f| {
        let source = Source::read(f)?;
        prepare(&source.path, &source.bytes, options)
    });
    let mut report = store_all(project, prepared, files.len(), table.as_ref().map(|(t, f)| (t, f.as_str())), &actor_of(options), progress)?;
    let imported: Vec<(PathBuf, String)> = report.imported.iter().map(|d| (PathBuf::from(&d.file), d.name.clone())).collect();
    report.recordings = crate::media::recordings_beside(&imported);
    Ok(report)
}

/// [`import`] from bytes already in memory; `options.attributes` is ignored for `attributes`.
pub fn import_sources(
    project: &mut Project,
    sources: &[Source],
    attributes: Option<&Source>,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let table = attribute_table(attributes, options)?;
    let prepared = sources.iter().map(|s| prepare(&s.path, &s.bytes, options));
    store_all(project, prepared, sources.len(), table.as_ref().map(|(t, f)| (t, f.as_str())), &actor_of(options), progress)
}

fn actor_of(options: &ImportOptions) -> String {
    if options.actor.is_empty() { store::default_actor() } else { options.actor.clone() }
}

/// The attributes CSV, parsed, with its name for messages.
fn attribute_table(attributes: Option<&Source>, options: &ImportOptions) -> Result<Option<(AttributeTable, String)>> {
    let Some(s) = attributes else { return Ok(None) };
    let shown = s.path.display().to_string();
    if s.bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(&shown));
    }
    let data = decode_text(&s.bytes, &shown, options.encoding.as_deref())?;
    Ok(Some((attrs::parse_attribute_csv(&data.text, &shown)?, shown)))
}

/// Store transcripts and attributes in one transaction: either all are stored or none is.
///
/// Each transcript is parsed and written as it comes, so the import holds one file's text at a
/// time whatever the size of the corpus; the attributes, small, are gathered and written last.
fn store_all(
    project: &mut Project,
    prepared: impl Iterator<Item = Result<Prepared>>,
    count: usize,
    table: Option<(&AttributeTable, &str)>,
    actor: &str,
    progress: &dyn Progress,
) -> Result<ImportReport> {
    let mut report = ImportReport::default();
    let mut defs: HashMap<String, AttrKind> = project.attribute_defs()?.into_iter().collect();
    let mut next_def_ord = defs.len() as i64;
    let tx = project.conn.transaction()?;

    // The attribute values to set, per informant: front matter first, the CSV wins.
    let mut wanted: BTreeMap<String, Attributes> = BTreeMap::new();
    // Where each value came from, for an error about it: the file, and the line when known.
    let mut sources: HashMap<(String, String), Location> = HashMap::new();
    // Informants of this import's documents, and which of them existed before it.
    let mut doc_informants: BTreeSet<String> = BTreeSet::new();
    let mut existed: HashMap<String, i64> = HashMap::new();

    progress.start("importing", count as u64);
    let now = store::now();
    {
        // Identical files (same hash) are reported, not stored twice.
        let mut seen: HashMap<String, String> = HashMap::new();
        // A document is named after its file, so two files with one stem cannot both be stored.
        let mut names: HashMap<String, String> = HashMap::new();
        let mut insert_doc = tx.prepare(
            "INSERT INTO documents (uuid, name, informant, file_name, sha256, encoding, text, char_len, citation, imported_at, imported_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut same_hash = tx.prepare("SELECT name FROM documents WHERE sha256 = ?1")?;
        let mut same_name = tx.prepare("SELECT file_name FROM documents WHERE name = ?1")?;
        let mut find_informant = tx.prepare("SELECT id FROM informants WHERE code = ?1")?;
        let mut add_informant = tx.prepare("INSERT INTO informants (uuid, code) VALUES (?1, ?2)")?;
        for p in prepared {
            let p = p?;
            progress.advance(1);
            if let Some(first) = seen.get(&p.sha256) {
                report.skipped.push(SkippedFile { file: p.file, reason: format!("identical to {first}, earlier in this import") });
                continue;
            }
            if let Some(name) = same_hash.query_row([&p.sha256], |r| r.get::<_, String>(0)).optional()? {
                report.skipped.push(SkippedFile { file: p.file, reason: format!("identical to document `{name}`, already imported") });
                continue;
            }
            if let Some(first) = names.get(&p.name) {
                return Err(Error::bad_input(
                    Location::file(&p.file),
                    format!("the document name `{}` appears twice in this import ({first} and {}); rename one of the files", p.name, p.file),
                ));
            }
            if same_name.exists([&p.name])? {
                return Err(Error::bad_input(
                    Location::file(&p.file),
                    format!("a different document named `{}` is already in the project; rename the file", p.name),
                ));
            }
            seen.insert(p.sha256.clone(), p.file.clone());
            names.insert(p.name.clone(), p.file.clone());

            let informant = p.transcript.informant.clone().unwrap_or_else(|| p.name.clone());
            let entry = wanted.entry(informant.clone()).or_default();
            for (k, v) in &p.transcript.attributes {
                entry.insert(k.clone(), v.clone());
                sources.insert((informant.clone(), k.clone()), Location::file(&p.file).field(k));
            }
            let informant_id = match find_informant.query_row([&informant], |r| r.get::<_, i64>(0)).optional()? {
                Some(id) => {
                    if !doc_informants.contains(&informant) {
                        existed.insert(informant.clone(), id);
                    }
                    id
                }
                None => {
                    add_informant.execute(params![uuid::Uuid::new_v4().to_string(), informant])?;
                    report.informants_added += 1;
                    tx.last_insert_rowid()
                }
            };
            doc_informants.insert(informant.clone());

            let chars = p.transcript.text.chars().count();
            insert_doc.execute(params![
                uuid::Uuid::new_v4().to_string(),
                p.name,
                informant_id,
                Path::new(&p.file).file_name().and_then(|f| f.to_str()).unwrap_or(&p.file),
                p.sha256,
                p.encoding,
                p.transcript.text,
                chars as i64,
                p.transcript.citation,
                now,
                actor,
            ])?;
            let doc_id = tx.last_insert_rowid();
            store::insert_segments(&tx, doc_id, &p.transcript.turns)?;
            report.imported.push(ImportedDocument {
                name: p.name,
                file: p.file,
                informant,
                segments: p.transcript.turns.len(),
                chars,
                encoding: p.encoding,
            });
        }
    }
    progress.finish();

    if let Some((table, csv_file)) = table {
        for row in &table.rows {
            let entry = wanted.entry(row.id.clone()).or_default();
            for (k, v) in &row.attributes {
                entry.insert(k.clone(), v.clone());
                sources.insert((row.id.clone(), k.clone()), Location::file(csv_file).line(row.line).field(k));
            }
        }
        let mut stmt = tx.prepare("SELECT 1 FROM documents d JOIN informants i ON i.id = d.informant WHERE i.code = ?1")?;
        for row in &table.rows {
            if !doc_informants.contains(&row.id) && !stmt.exists([&row.id])? {
                report.warnings.push(format!("informant `{}` (attributes line {}) has no document", row.id, row.line));
            }
        }
        let csv_ids: BTreeSet<&str> = table.rows.iter().map(|r| r.id.as_str()).collect();
        for informant in &doc_informants {
            if !csv_ids.contains(informant.as_str()) {
                report.warnings.push(format!("document informant `{informant}` is missing from the attributes table"));
            }
        }
    }

    // Attribute definitions: new keys are added; a value must fit its key's kind.
    let csv_kinds: HashMap<&str, AttrKind> =
        table.map(|(t, _)| t.columns.iter().map(|(n, k)| (n.as_str(), *k)).collect()).unwrap_or_default();
    if let Some((t, _)) = table {
        for (name, kind) in &t.columns {
            if !defs.contains_key(name) {
                tx.execute("INSERT INTO attribute_defs (key, kind, ord) VALUES (?1, ?2, ?3)", params![name, kind.as_str(), next_def_ord])?;
                next_def_ord += 1;
                defs.insert(name.clone(), *kind);
            }
        }
    }
    for (informant, attributes) in &wanted {
        for (key, value) in attributes {
            let kind = match defs.get(key) {
                Some(k) => *k,
                None => {
                    let k = csv_kinds.get(key.as_str()).copied().unwrap_or_else(|| attrs::kind_of(value));
                    tx.execute("INSERT INTO attribute_defs (key, kind, ord) VALUES (?1, ?2, ?3)", params![key, k.as_str(), next_def_ord])?;
                    next_def_ord += 1;
                    defs.insert(key.clone(), k);
                    k
                }
            };
            if AttrValue::parse(kind, &value.canonical()).is_none() {
                let at = sources.get(&(informant.clone(), key.clone())).cloned().unwrap_or_else(|| Location::file("attributes").field(key));
                return Err(Error::bad_input(
                    at,
                    format!(
                        "informant `{informant}`: `{}` is not a valid {} value (the project already holds `{key}` as {}); fix the value or give the attribute another name",
                        value.canonical(),
                        kind.as_str(),
                        kind.as_str()
                    ),
                ));
            }
        }
    }

    // Informants and their attributes (this import's documents' informants exist by now).
    for (informant, attributes) in &wanted {
        let found: Option<i64> = tx.query_row("SELECT id FROM informants WHERE code = ?1", [informant], |r| r.get(0)).optional()?;
        let (id, was_there) = match found {
            Some(id) => (id, existed.contains_key(informant) || !doc_informants.contains(informant)),
            None => {
                tx.execute("INSERT INTO informants (uuid, code) VALUES (?1, ?2)", params![uuid::Uuid::new_v4().to_string(), informant])?;
                report.informants_added += 1;
                (tx.last_insert_rowid(), false)
            }
        };
        let mut changed = false;
        for (key, value) in attributes {
            let n = tx.execute(
                "INSERT INTO informant_attributes (informant, key, value) VALUES (?1, ?2, ?3)
                 ON CONFLICT (informant, key) DO UPDATE SET value = excluded.value WHERE value != excluded.value",
                params![id, key, value.canonical()],
            )?;
            changed |= n > 0;
        }
        if changed && was_there {
            report.informants_updated += 1;
        }
    }

    if !report.imported.is_empty() || report.informants_added > 0 || report.informants_updated > 0 {
        store::log_event(
            &tx,
            actor,
            crate::store::action::Action::Import,
            &serde_json::json!({
                "documents": report.imported.iter().map(|d| &d.name).collect::<Vec<_>>(),
                "informants_added": report.informants_added,
                "informants_updated": report.informants_updated,
            }),
        )?;
        store::bump_generation(&tx)?;
    }
    tx.commit()?;
    if let Err(e) = crate::search::index::SearchIndex::open(project, progress) {
        report.warnings.push(format!("the search index will be rebuilt at the next search: {e}"));
    }
    Ok(report)
}
