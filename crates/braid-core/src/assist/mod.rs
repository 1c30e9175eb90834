//! The private assist: passages like this one, and code suggestions, from a sentence-embedding
//! model that runs on the researcher's machine (`braid-embed`). Nothing leaves the machine, and
//! nothing is applied: the researcher decides.
//!
//! Every respondent turn is embedded (a long one in windows of at most 256 word pieces that
//! overlap by a sentence), and so is the text of every coding. The vectors live in a cache
//! beside the project, `study.braid.assist`, an SQLite file stamped with the model's hash: it is
//! filled incrementally (only documents and codings it has not seen, by content hash), and
//! rebuilt when the model changes. Deleting it loses nothing.
//!
//! Nearest neighbours are exact (a scan of every vector): at the demo's 2,500 turns a query
//! takes about a millisecond, and a scan stays under 100 ms to a few hundred thousand windows.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use braid_embed::Embedder;

use crate::error::{Error, Location, Result};
use crate::progress::Progress;
use crate::search::excerpt::excerpt;
use crate::search::request::Hit;
use crate::store::{Project, Span};
use crate::text::transcript::Role;

/// Turns embedded in one transaction of the cache, so that a stopped run keeps what it did.
const CHUNK: usize = 64;

/// How many nearest codings vote for a suggestion.
pub const SUGGEST_NEIGHBOURS: usize = 10;

/// The cache file of a project: `study.braid.assist` beside `study.braid`.
pub fn cache_path(project_path: &Path) -> PathBuf {
    let mut name = project_path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".assist");
    project_path.with_file_name(name)
}

/// Whether the assist can run here, and on which model.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AssistStatus {
    /// The model is installed.
    pub available: bool,
    /// Where it was found, or the one line that says how to install it.
    pub message: String,
    /// The model's folder name, e.g. `all-MiniLM-L6-v2`.
    pub model: Option<String>,
    /// Turn windows embedded in the cache.
    pub windows: usize,
}

fn model_error(e: braid_embed::Error) -> Error {
    match e {
        braid_embed::Error::Missing { .. } => Error::NoModel(format!("{e}")),
        braid_embed::Error::Bad { path, message } => Error::bad_input(Location::file(path.display().to_string()), message),
        braid_embed::Error::Run(m) => Error::BadRequest(format!("the embedding model failed: {m}")),
    }
}

/// Load the model Braid finds (see [`braid_embed::model_dirs`]); without one, an error whose
/// message is the one line that says how to install it.
pub fn load_model() -> Result<Embedder> {
    let dir = braid_embed::find_model_dir().ok_or_else(|| Error::NoModel(braid_embed::install_hint()))?;
    Embedder::load(&dir).map_err(model_error)
}

/// The assist's status: whether the model is installed, without loading it.
pub fn assist_status(project: &Project) -> Result<AssistStatus> {
    let windows = match Connection::open_with_flags(cache_path(project.path()), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) {
        Ok(c) => c.query_row("SELECT count(*) FROM turns", [], |r| r.get::<_, i64>(0)).unwrap_or(0) as usize,
        Err(_) => 0,
    };
    Ok(match braid_embed::find_model_dir() {
        Some(dir) => AssistStatus {
            available: true,
            message: format!("runs on this machine ({}); it expects English text", dir.display()),
            model: dir.file_name().map(|n| n.to_string_lossy().into_owned()),
            windows,
        },
        None => AssistStatus { available: false, message: braid_embed::install_hint(), model: None, windows },
    })
}

fn to_blob(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

fn from_blob(b: &[u8]) -> Vec<f32> {
    b.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect()
}

/// A code-point range of `text` as a string.
fn slice(chars: &[char], start: usize, end: usize) -> String {
    chars[start.min(chars.len())..end.min(chars.len())].iter().collect()
}

/// The cache, opened (and made, or emptied for another model).
fn open_cache(project: &Project, model_sha: &str) -> Result<Connection> {
    let path = cache_path(project.path());
    let conn = Connection::open(&path).map_err(|e| Error::Busy(format!("{}: the assist cache cannot be opened: {e}", path.display())))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS documents (uuid TEXT PRIMARY KEY, sha256 TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS turns (document TEXT NOT NULL, ord INTEGER NOT NULL, start INTEGER NOT NULL, \"end\" INTEGER NOT NULL, vec BLOB NOT NULL);
         CREATE INDEX IF NOT EXISTS turns_document ON turns(document);
         CREATE TABLE IF NOT EXISTS codings (uuid TEXT PRIMARY KEY, sha256 TEXT NOT NULL, vec BLOB NOT NULL);",
    )?;
    let stamped: Option<String> = conn.query_row("SELECT value FROM meta WHERE key = 'model'", [], |r| r.get(0)).optional()?;
    if stamped.as_deref() != Some(model_sha) {
        conn.execute_batch("DELETE FROM documents; DELETE FROM turns; DELETE FROM codings;")?;
        conn.execute("INSERT INTO meta (key, value) VALUES ('model', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value", [model_sha])?;
    }
    Ok(conn)
}

/// One embedded window of a respondent turn.
#[derive(Debug, Clone)]
struct Window {
    document: String,
    ord: usize,
    vec: Vec<f32>,
}

/// An embedded coding.
#[derive(Debug, Clone)]
struct CodedVec {
    uuid: String,
    vec: Vec<f32>,
}

/// The assist on an open project: the model and every vector, in memory.
pub struct Assist {
    embedder: Embedder,
    windows: Vec<Window>,
    codings: HashMap<String, CodedVec>,
}

impl std::fmt::Debug for Assist {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Assist").field("windows", &self.windows.len()).field("codings", &self.codings.len()).finish_non_exhaustive()
    }
}

impl Assist {
    /// Load the model and bring the project's cache up to date: embed the respondent turns of
    /// documents it has not seen (or whose text changed) and the text of new codings, and drop
    /// what the project no longer has. Progress says how far it is.
    pub fn open(project: &Project, progress: &dyn Progress) -> Result<Assist> {
        let mut assist = Assist { embedder: load_model()?, windows: Vec::new(), codings: HashMap::new() };
        assist.refresh(project, Needs::Both, progress)?;
        Ok(assist)
    }

    /// Bring the cache up to date with the project again (new documents, new or changed
    /// codings) and reload the vectors: cheap when nothing changed.
    pub fn refresh(&mut self, project: &Project, needs: Needs, progress: &dyn Progress) -> Result<()> {
        let mut cache = open_cache(project, self.embedder.sha256())?;
        if needs != Needs::Codings {
            sync_turns(project, &self.embedder, &mut cache, progress)?;
        }
        if needs != Needs::Turns {
            sync_codings(project, &self.embedder, &mut cache, progress)?;
        }
        let (windows, codings) = load_vectors(&cache)?;
        self.windows = windows;
        self.codings = codings;
        Ok(())
    }

    /// Load the model only; [`Assist::refresh`] brings in the vectors.
    pub fn load() -> Result<Assist> {
        Ok(Assist { embedder: load_model()?, windows: Vec::new(), codings: HashMap::new() })
    }

    /// The model.
    pub fn embedder(&self) -> &Embedder {
        &self.embedder
    }

    /// Embed a passage (the model reads its first window).
    fn embed_one(&self, text: &str) -> Result<Vec<f32>> {
        self.embedder.embed(&[text]).map_err(model_error)?.pop().ok_or_else(|| Error::BadRequest("the passage has no text".to_string()))
    }

    /// Respondent turns ranked by their nearest window's cosine to `vector`: (document UUID,
    /// turn ord, score), best first, only turns `keep` admits.
    fn rank_turns(&self, vector: &[f32], keep: &dyn Fn(&str, usize) -> bool) -> Vec<(String, usize, f32)> {
        let mut best: HashMap<(&str, usize), f32> = HashMap::new();
        for w in &self.windows {
            let s = braid_embed::cosine(vector, &w.vec);
            let e = best.entry((w.document.as_str(), w.ord)).or_insert(f32::MIN);
            *e = e.max(s);
        }
        let mut out: Vec<(String, usize, f32)> = best.into_iter().filter(|((d, o), _)| keep(d, *o)).map(|((d, o), s)| (d.to_string(), o, s)).collect();
        out.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| (&a.0, a.1).cmp(&(&b.0, b.1))));
        out
    }

    /// Turns nearest in meaning to a query text (for hybrid search), filtered by `admit`
    /// (document UUID, turn ord), best first.
    pub fn nearest_to_text(&self, text: &str, admit: &dyn Fn(&str, usize) -> bool, limit: usize) -> Result<Vec<(String, usize, f32)>> {
        let v = self.embed_one(text)?;
        Ok(self.rank_turns(&v, admit).into_iter().take(limit).collect())
    }

    /// Turns nearest in meaning to a passage of a document, the passage's own turns left out.
    pub fn similar(&self, project: &Project, request: &SimilarRequest, admit: &dyn Fn(&str, usize) -> bool) -> Result<Vec<Hit>> {
        let doc = project.document(&request.document)?;
        let chars: Vec<char> = doc.text.chars().collect();
        if request.start >= request.end || request.end > chars.len() {
            return Err(Error::BadRequest(format!(
                "the passage {}..{} is not within {} (its text has {} characters)",
                request.start,
                request.end,
                request.document,
                chars.len()
            )));
        }
        let text = slice(&chars, request.start, request.end);
        let v = self.embed_one(&text)?;
        let own: BTreeSet<usize> = doc.segments.iter().filter(|s| s.start < request.end && request.start < s.end).map(|s| s.ord).collect();
        let uuid = doc.info.uuid.clone();
        let ranked = self.rank_turns(&v, &|d, o| !(d == uuid && own.contains(&o)) && admit(d, o));
        hits(project, &ranked.into_iter().take(request.limit.clamp(1, 1000)).collect::<Vec<_>>())
    }

    /// Codes for a passage, ranked by its similarity to the codings of each code: the
    /// [`SUGGEST_NEIGHBOURS`] nearest codings vote, each with its cosine, for its code. Each
    /// suggestion comes with its two nearest codings as evidence. Codings of `exclude_document`
    /// (by name) do not vote, nor do codings that overlap the passage itself.
    pub fn suggest(&self, project: &Project, text: &str, exclude: &dyn Fn(&crate::codebook::coding::Coding) -> bool, limit: usize) -> Result<Vec<CodeSuggestion>> {
        let v = self.embed_one(text)?;
        let all = crate::codebook::coding::codings(project, None)?;
        Ok(self.vote(&v, &all, exclude, limit))
    }

    fn vote(&self, v: &[f32], all: &[crate::codebook::coding::Coding], exclude: &dyn Fn(&crate::codebook::coding::Coding) -> bool, limit: usize) -> Vec<CodeSuggestion> {
        let mut near: Vec<(f32, &crate::codebook::coding::Coding)> =
            all.iter().filter(|c| !exclude(c)).filter_map(|c| self.codings.get(&c.uuid).map(|e| (braid_embed::cosine(v, &e.vec), c))).collect();
        near.sort_by(|a, b| b.0.total_cmp(&a.0));
        near.truncate(SUGGEST_NEIGHBOURS);
        let mut by_code: BTreeMap<&str, (f32, Vec<Evidence>)> = BTreeMap::new();
        for (s, c) in &near {
            let e = by_code.entry(c.code.as_str()).or_default();
            e.0 += s.max(0.0);
            if e.1.len() < 2 {
                e.1.push(Evidence { coding: c.uuid.clone(), document: c.document.clone(), start: c.start, end: c.end, text: c.text.clone(), coder: c.coder.clone(), similarity: *s });
            }
        }
        let mut out: Vec<CodeSuggestion> = by_code.into_iter().map(|(code, (score, evidence))| CodeSuggestion { code: code.to_string(), score, evidence }).collect();
        out.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.code.cmp(&b.code)));
        out.truncate(limit.max(1));
        out
    }

    /// Leave one document out: for each coding by `coder`, suggest codes from the codings of the
    /// other documents, and compare with a baseline that always proposes the most frequent codes
    /// there.
    pub fn evaluate(&self, project: &Project, coder: &str) -> Result<SuggestEvaluation> {
        let all = crate::codebook::coding::codings(project, None)?;
        let (mut n, mut top1, mut top3, mut base1, mut base3) = (0usize, 0usize, 0usize, 0usize, 0usize);
        let mut frequency: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
        for doc in all.iter().map(|c| c.document.clone()).collect::<BTreeSet<_>>() {
            let f = frequency.entry(doc.clone()).or_default();
            for c in all.iter().filter(|c| c.document != doc) {
                *f.entry(c.code.as_str()).or_default() += 1;
            }
        }
        for c in all.iter().filter(|c| c.coder == coder) {
            let Some(v) = self.codings.get(&c.uuid).map(|e| e.vec.clone()) else { continue };
            let ranked = self.vote(&v, &all, &|o| o.document == c.document, 3);
            let mut freq: Vec<(&str, usize)> = frequency[&c.document].iter().map(|(k, v)| (*k, *v)).collect();
            freq.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            n += 1;
            top1 += usize::from(ranked.first().is_some_and(|s| s.code == c.code));
            top3 += usize::from(ranked.iter().take(3).any(|s| s.code == c.code));
            base1 += usize::from(freq.first().is_some_and(|f| f.0 == c.code));
            base3 += usize::from(freq.iter().take(3).any(|f| f.0 == c.code));
        }
        let share = |k: usize| if n == 0 { 0.0 } else { k as f64 / n as f64 };
        Ok(SuggestEvaluation { coder: coder.to_string(), codings: n, top1: share(top1), top3: share(top3), baseline_top1: share(base1), baseline_top3: share(base3) })
    }
}

/// Every vector of the cache.
fn load_vectors(cache: &Connection) -> Result<(Vec<Window>, HashMap<String, CodedVec>)> {
    let mut stmt = cache.prepare("SELECT document, ord, vec FROM turns ORDER BY rowid")?;
    let windows = stmt
        .query_map([], |r| Ok(Window { document: r.get(0)?, ord: r.get::<_, i64>(1)? as usize, vec: from_blob(&r.get::<_, Vec<u8>>(2)?) }))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = cache.prepare("SELECT uuid, vec FROM codings")?;
    let codings = stmt
        .query_map([], |r| Ok(CodedVec { uuid: r.get(0)?, vec: from_blob(&r.get::<_, Vec<u8>>(1)?) }))?
        .map(|c| c.map(|c| (c.uuid.clone(), c)))
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    Ok((windows, codings))
}

/// What a use of the assist needs embedded first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// The respondent turns (similar passages, hybrid search).
    Turns,
    /// The codings' text (code suggestions).
    Codings,
    /// Both.
    Both,
}

/// Embed the respondent turns of documents the cache has not seen or whose text changed.
fn sync_turns(project: &Project, embedder: &Embedder, cache: &mut Connection, progress: &dyn Progress) -> Result<()> {
    let docs: Vec<(String, String, String)> =
        project.conn.prepare("SELECT uuid, sha256, name FROM documents ORDER BY id")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
    let known: HashMap<String, String> = cache.prepare("SELECT uuid, sha256 FROM documents")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let wanted: BTreeSet<&str> = docs.iter().map(|d| d.0.as_str()).collect();
    let tx = cache.transaction()?;
    for gone in known.keys().filter(|k| !wanted.contains(k.as_str())) {
        tx.execute("DELETE FROM turns WHERE document = ?1", [gone])?;
        tx.execute("DELETE FROM documents WHERE uuid = ?1", [gone])?;
    }
    tx.commit()?;
    let todo: Vec<&(String, String, String)> = docs.iter().filter(|(u, sha, _)| known.get(u) != Some(sha)).collect();
    if todo.is_empty() {
        return Ok(());
    }
    // What to embed: every window of every respondent turn of those documents.
    let mut pieces: Vec<(String, usize, usize, usize, String)> = Vec::new();
    for (uuid, _, name) in &todo {
        let doc = project.document(name)?;
        let chars: Vec<char> = doc.text.chars().collect();
        for s in doc.segments.iter().filter(|s| s.role == Role::Respondent) {
            let text = slice(&chars, s.start, s.end);
            let mut counter = crate::text::CharCounter::new(&text);
            for (b0, b1) in embedder.windows(&text).map_err(model_error)? {
                let (c0, c1) = (counter.char_at(b0), counter.char_at(b1));
                pieces.push((uuid.clone(), s.ord, s.start + c0, s.start + c1, text[b0..b1].to_string()));
            }
        }
    }
    progress.start("embedding turns for the assist", pieces.len() as u64);
    let mut done_docs: BTreeSet<&str> = BTreeSet::new();
    for chunk in pieces.chunks(CHUNK) {
        let texts: Vec<&str> = chunk.iter().map(|p| p.4.as_str()).collect();
        let vecs = embedder.embed(&texts).map_err(model_error)?;
        let tx = cache.transaction()?;
        for (p, v) in chunk.iter().zip(vecs) {
            if done_docs.insert(p.0.as_str()) {
                // A document's first chunk replaces what an older text of it left.
                tx.execute("DELETE FROM turns WHERE document = ?1", [&p.0])?;
            }
            tx.execute("INSERT INTO turns (document, ord, start, \"end\", vec) VALUES (?1, ?2, ?3, ?4, ?5)", params![p.0, p.1 as i64, p.2 as i64, p.3 as i64, to_blob(&v)])?;
        }
        tx.commit()?;
        progress.advance(chunk.len() as u64);
    }
    let tx = cache.transaction()?;
    for (uuid, sha, _) in &todo {
        if !done_docs.contains(uuid.as_str()) {
            tx.execute("DELETE FROM turns WHERE document = ?1", [uuid])?;
        }
        tx.execute("INSERT INTO documents (uuid, sha256) VALUES (?1, ?2) ON CONFLICT (uuid) DO UPDATE SET sha256 = excluded.sha256", params![uuid, sha])?;
    }
    tx.commit()?;
    progress.finish();
    Ok(())
}

/// Embed the text of codings the cache has not seen (or whose span changed).
fn sync_codings(project: &Project, embedder: &Embedder, cache: &mut Connection, progress: &dyn Progress) -> Result<()> {
    let all = crate::codebook::coding::codings(project, None)?;
    let known: HashMap<String, String> = cache.prepare("SELECT uuid, sha256 FROM codings")?.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    let sha = |t: &str| crate::text::sha256_hex(t.as_bytes());
    let todo: Vec<&crate::codebook::coding::Coding> = all.iter().filter(|c| known.get(&c.uuid) != Some(&sha(&c.text))).collect();
    let wanted: BTreeSet<&str> = all.iter().map(|c| c.uuid.as_str()).collect();
    let tx = cache.transaction()?;
    for gone in known.keys().filter(|k| !wanted.contains(k.as_str())) {
        tx.execute("DELETE FROM codings WHERE uuid = ?1", [gone])?;
    }
    tx.commit()?;
    if todo.is_empty() {
        return Ok(());
    }
    progress.start("embedding codings for the assist", todo.len() as u64);
    for chunk in todo.chunks(CHUNK) {
        let texts: Vec<&str> = chunk.iter().map(|c| c.text.as_str()).collect();
        let vecs = embedder.embed(&texts).map_err(model_error)?;
        let tx = cache.transaction()?;
        for (c, v) in chunk.iter().zip(vecs) {
            tx.execute(
                "INSERT INTO codings (uuid, sha256, vec) VALUES (?1, ?2, ?3) ON CONFLICT (uuid) DO UPDATE SET sha256 = excluded.sha256, vec = excluded.vec",
                params![c.uuid, sha(&c.text), to_blob(&v)],
            )?;
        }
        tx.commit()?;
        progress.advance(chunk.len() as u64);
    }
    progress.finish();
    Ok(())
}

/// Ranked turns as search hits: document, informant, attributes, turn, excerpt, score.
pub(crate) fn hits(project: &Project, ranked: &[(String, usize, f32)]) -> Result<Vec<Hit>> {
    let attributes = project.attributes_with_cases()?;
    let mut stmt = project.conn.prepare_cached(
        r#"SELECT d.name, i.code, s.speaker, s.role, s.start, s."end", s.start_ms, s.end_ms, substr(d.text, s.start + 1, s."end" - s.start)
           FROM segments s JOIN documents d ON d.id = s.document LEFT JOIN informants i ON i.id = d.informant
           WHERE d.uuid = ?1 AND s.ord = ?2"#,
    )?;
    let mut out = Vec::with_capacity(ranked.len());
    for (doc, ord, score) in ranked {
        let row = stmt
            .query_row(params![doc, *ord as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)? as usize,
                    r.get::<_, i64>(5)? as usize,
                    r.get::<_, Option<i64>>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, String>(8)?,
                ))
            })
            .optional()?;
        let Some((document, informant, speaker, role, start, end, start_ms, end_ms, text)) = row else { continue };
        let shown = excerpt(&text, &[], 160);
        out.push(Hit {
            attributes: informant.as_ref().and_then(|i| attributes.get(i).cloned()).unwrap_or_default(),
            document,
            informant,
            speaker,
            role: Role::parse(&role).unwrap_or(Role::Respondent),
            segment: Span { start, end },
            start_ms: start_ms.map(|m| m as u64),
            end_ms: end_ms.map(|m| m as u64),
            matches: Vec::new(),
            snippet: shown.html(),
            excerpt: shown,
            score: *score,
        });
    }
    Ok(out)
}

/// What `braid similar` asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct SimilarRequest {
    /// The document of the passage.
    pub document: String,
    /// The passage's start (code points).
    pub start: usize,
    /// Its end.
    pub end: usize,
    /// Filters on who said the turns found (respondent turns are what is embedded).
    #[serde(default)]
    pub filters: crate::search::request::Filters,
    /// How many turns.
    pub limit: usize,
}

/// A coding that supports a suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Evidence {
    /// The coding's UUID.
    pub coding: String,
    /// Its document.
    pub document: String,
    /// Its span.
    pub start: usize,
    /// Its end.
    pub end: usize,
    /// Its text.
    pub text: String,
    /// Who coded it.
    pub coder: String,
    /// Its cosine to the passage.
    pub similarity: f32,
}

/// A code proposed for a passage.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CodeSuggestion {
    /// The code's path.
    pub code: String,
    /// The summed cosine of its codings among the nearest.
    pub score: f32,
    /// Its two nearest codings.
    pub evidence: Vec<Evidence>,
}

/// How well suggestions recover a coder's codes, leaving each document out.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SuggestEvaluation {
    /// The coder whose codings were predicted.
    pub coder: String,
    /// Codings predicted.
    pub codings: usize,
    /// Share whose code was the first suggestion.
    pub top1: f64,
    /// Share whose code was among the first three.
    pub top3: f64,
    /// The same for the most frequent code of the other documents.
    pub baseline_top1: f64,
    /// The same for the three most frequent codes.
    pub baseline_top3: f64,
}
