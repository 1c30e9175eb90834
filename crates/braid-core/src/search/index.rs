//! Full-text search over speaker turns: the tantivy index (a cache of the store), its rebuild,
//! and running a request against it.
//!
//! The index lives in a folder beside the project (`study.braid.index/`). It records the
//! project's UUID and generation; when they differ from the store, or the folder is missing
//! or of an older layout, it is rebuilt from SQLite.
//!
//! It stores nothing the project holds: not the turns' text (a hit's words are read back from
//! the store, by the turn's span), not the informants' attributes (read for the hits shown and the
//! counts asked for). Opening it reads only its own metadata, so it costs the same for ten
//! transcripts and ten thousand.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::query_grammar::{self, UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption, NumericOptions, STORED, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, Index, IndexReader, ReloadPolicy, Score, SegmentOrdinal, SegmentReader, Term, doc};

use crate::text::attrs::{AttrValue, Attributes};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::store::{IndexStamp, Project, Span};
use crate::text::transcript::Role;
use crate::search::excerpt::excerpt;
use crate::search::query::{Matcher, Pattern, bare_word_operators, check_query, push};
use crate::search::request::{CodeSets, Hit, SearchRequest, SearchResponse, SpeakerFilter};

/// Bump when the index layout changes, so old indexes are rebuilt.
const INDEX_SCHEMA: u32 = 6;
const META_FILE: &str = "braid-index.json";

#[derive(Clone, Copy)]
struct Fields {
    segment: Field,
    document: Field,
    informant: Field,
    informant_code: Field,
    speaker: Field,
    role: Field,
    start: Field,
    end: Field,
    start_ms: Field,
    end_ms: Field,
    text: Field,
    attr: Field,
}

fn schema() -> (Schema, Fields) {
    // Filter fields are matched, never scored: no field norms (a byte per turn each).
    let keyword = || {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("raw")
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        )
    };
    let mut b = Schema::builder();
    let fields = Fields {
        segment: b.add_u64_field("segment", NumericOptions::default().set_indexed().set_stored()),
        document: b.add_text_field("document", keyword().set_stored()),
        informant: b.add_u64_field("informant", tantivy::schema::FAST | STORED),
        informant_code: b.add_text_field("informant_code", STORED),
        speaker: b.add_text_field("speaker", STORED),
        role: b.add_text_field("role", keyword().set_stored()),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        start_ms: b.add_u64_field("start_ms", STORED),
        end_ms: b.add_u64_field("end_ms", STORED),
        text: b.add_text_field(
            "text",
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(crate::text::tokenize::NAME)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                )
                // Not stored: the turn's text is in the project, read back by its span.
        ),
        attr: b.add_text_field("attr", keyword()),
    };
    (b.build(), fields)
}

#[derive(Serialize, Deserialize, PartialEq)]
struct IndexMeta {
    schema: u32,
    #[serde(flatten)]
    stamp: IndexStamp,
}

/// The index folder of a project.
pub fn index_dir(project_path: &Path) -> PathBuf {
    let mut name = project_path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".index");
    project_path.with_file_name(name)
}

fn attr_token(key: &str, value: &str) -> String {
    format!("{}={}", key, value.to_lowercase())
}

/// An open, up-to-date search index with the informants it refers to.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// A read-only connection to the project: turn text and informants' attributes.
    store: rusqlite::Connection,
    /// Attribute values by key, read at the first search that counts or filters by the key.
    /// Attributes change only with a generation bump, which gives a new index.
    values: std::cell::RefCell<HashMap<String, std::sync::Arc<HashMap<u64, String>>>>,
    /// The attribute keys informants have, read at the first filtered search.
    keys: std::cell::OnceCell<std::collections::BTreeSet<String>>,
    stamp: IndexStamp,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("stamp", &self.stamp).finish_non_exhaustive()
    }
}

impl SearchIndex {
    /// Open the project's index, rebuilding it first if it is missing, stale, or built from
    /// another copy of the project. An index that cannot be opened (a damaged, emptied or deleted
    /// file) is rebuilt too, and the progress channel says why.
    pub fn open(project: &Project, progress: &dyn Progress) -> Result<SearchIndex> {
        let dir = index_dir(project.path());
        let want = IndexMeta { schema: INDEX_SCHEMA, stamp: project.index_stamp()? };
        let fresh = std::fs::read(dir.join(META_FILE))
            .ok()
            .and_then(|b| serde_json::from_slice::<IndexMeta>(&b).ok())
            .is_some_and(|m| m == want);
        if !fresh {
            rebuild(project, &dir, &want, "indexing", progress)?;
        }
        let (index, reader) = match open_reader(&dir) {
            Ok(opened) => opened,
            Err(e) if !is_lock_failure(&e) => {
                rebuild(project, &dir, &want, &format!("rebuilding the search index, which could not be read ({e})"), progress)?;
                open_reader(&dir).map_err(|e| index_error(&dir, e))?
            }
            Err(e) => return Err(index_error(&dir, e)),
        };
        let (_, fields) = schema();
        let store = rusqlite::Connection::open_with_flags(
            project.path(),
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        store.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(SearchIndex { index, reader, fields, store, values: Default::default(), keys: Default::default(), stamp: want.stamp })
    }

    /// What this index was built from.
    pub fn stamp(&self) -> &IndexStamp {
        &self.stamp
    }

    /// Run a search without code filters (see [`SearchIndex::search_with_codes`]).
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        if !request.filters.codes.is_empty() || !request.filters.not_codes.is_empty() {
            return Err(Error::BadRequest("code filters need the project: search through a Session".to_string()));
        }
        self.search_with_codes(request, &CodeSets::default())
    }

    /// Run a search; `codes` holds, for the request's code filters, the turns carrying each code.
    pub fn search_with_codes(&self, request: &SearchRequest, codes: &CodeSets) -> Result<SearchResponse> {
        let mut analyzer = self.index.tokenizer_for_field(self.fields.text)?;
        let (user_query, matcher) = if request.query.trim().is_empty() {
            (Box::new(AllQuery) as Box<dyn Query>, Matcher::default())
        } else {
            check_query(&request.query)?;
            let ast = query_grammar::parse_query(&request.query)
                .map_err(|_| Error::BadRequest(format!("cannot parse the query `{}`; check quotes and parentheses", request.query)))?;
            let mut matcher = Matcher::default();
            let q = self.convert(&ast, &mut analyzer, &mut matcher, false)?;
            (q, matcher)
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, user_query)];
        let none = std::collections::BTreeSet::new();
        let known = if request.filters.where_.is_empty() { &none } else { self.attribute_keys()? };
        let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &request.filters.where_ {
            if !known.contains(f.key.as_str()) && !known.is_empty() {
                return Err(Error::BadRequest(format!(
                    "no attribute `{}`; the project has: {}",
                    f.key,
                    known.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
                )));
            }
            by_key.entry(&f.key).or_default().push(&f.value);
        }
        for (key, values) in by_key {
            let any: Vec<(Occur, Box<dyn Query>)> = values
                .iter()
                .map(|v| {
                    let t = Term::from_field_text(self.fields.attr, &attr_token(key, v));
                    (Occur::Should, Box::new(TermQuery::new(t, IndexRecordOption::Basic)) as Box<dyn Query>)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 0.0))));
        }
        let role = match request.filters.speaker {
            SpeakerFilter::Any => None,
            SpeakerFilter::Interviewer => Some(Role::Interviewer),
            SpeakerFilter::Respondent => Some(Role::Respondent),
        };
        if let Some(role) = role {
            let t = Term::from_field_text(self.fields.role, role.as_str());
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(Box::new(TermQuery::new(t, IndexRecordOption::Basic)), 0.0))));
        }
        let segment_terms = |ids: &std::collections::BTreeSet<u64>| -> Box<dyn Query> {
            Box::new(tantivy::query::TermSetQuery::new(ids.iter().map(|id| Term::from_field_u64(self.fields.segment, *id))))
        };
        for ids in &codes.all_of {
            clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(segment_terms(ids), 0.0))));
        }
        if !codes.none_of.is_empty() {
            clauses.push((Occur::MustNot, segment_terms(&codes.none_of)));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        // No search returns more hits than the index has turns, so a larger limit (up to
        // usize::MAX from a command line) saturates there instead of sizing tantivy's heap by it.
        let limit = request.limit.min(usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX));
        let top = TopDocs::with_limit(limit.max(1)).order_by_score();
        let (top, per_informant) = searcher.search(&query, &(top, InformantCounts))?;
        let total = per_informant.values().sum();

        let mut hits = Vec::with_capacity(top.len().min(limit));
        let mut attributes_of: HashMap<u64, Attributes> = HashMap::new();
        for (score, address) in top.into_iter().take(limit) {
            let d: TantivyDocument = searcher.doc(address)?;
            let text_of = |f: Field| d.get_first(f).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let u64_of = |f: Field| d.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
            let ms_of = |f: Field| d.get_first(f).and_then(|v| v.as_u64());
            let document = text_of(self.fields.document);
            let (start, end) = (u64_of(self.fields.start), u64_of(self.fields.end));
            let said = self.turn_text(&document, start, end)?;
            let local = matcher.find(&said, &mut analyzer);
            let informant_code = text_of(self.fields.informant_code);
            let informant = u64_of(self.fields.informant) as u64;
            let attributes = match attributes_of.get(&informant) {
                Some(a) => a.clone(),
                None => {
                    let a = self.attributes_of(informant)?;
                    attributes_of.insert(informant, a.clone());
                    a
                }
            };
            let shown = excerpt(&said, &local, 160);
            hits.push(Hit {
                document,
                informant: (!informant_code.is_empty()).then_some(informant_code),
                attributes,
                speaker: text_of(self.fields.speaker),
                role: Role::parse(&text_of(self.fields.role)).unwrap_or(Role::Respondent),
                segment: Span { start, end },
                start_ms: ms_of(self.fields.start_ms),
                end_ms: ms_of(self.fields.end_ms),
                matches: local.iter().map(|s| Span { start: start + s.start, end: start + s.end }).collect(),
                snippet: shown.html(),
                excerpt: shown,
                score,
            });
        }
        let mut counts = BTreeMap::new();
        for key in &request.counts {
            let values = self.values_of(key)?;
            let mut per_value: BTreeMap<String, u64> = BTreeMap::new();
            for (informant, n) in &per_informant {
                let value = values.get(informant).cloned().unwrap_or_else(|| "(missing)".to_string());
                *per_value.entry(value).or_default() += n;
            }
            counts.insert(key.clone(), per_value);
        }
        Ok(SearchResponse { query: request.query.clone(), total, hits, counts })
    }

    /// A turn's words, read back from the project by the turn's code-point span.
    fn turn_text(&self, document: &str, start: usize, end: usize) -> Result<String> {
        let mut stmt = self.store.prepare_cached(r#"SELECT substr(text, ?2 + 1, ?3 - ?2) FROM documents WHERE name = ?1"#)?;
        Ok(stmt.query_row(rusqlite::params![document, start as i64, end.max(start) as i64], |r| r.get(0)).optional()?.unwrap_or_default())
    }

    /// The attribute keys some informant has.
    fn attribute_keys(&self) -> Result<&std::collections::BTreeSet<String>> {
        if let Some(keys) = self.keys.get() {
            return Ok(keys);
        }
        let mut stmt = self.store.prepare_cached("SELECT DISTINCT key FROM informant_attributes")?;
        let keys = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(self.keys.get_or_init(|| keys))
    }

    /// One informant's attributes, typed.
    fn attributes_of(&self, informant: u64) -> Result<Attributes> {
        let mut stmt = self.store.prepare_cached(
            "SELECT a.key, d.kind, a.value FROM informant_attributes a JOIN attribute_defs d ON d.key = a.key WHERE a.informant = ?1",
        )?;
        let rows = stmt.query_map([informant as i64], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        let mut out = Attributes::new();
        for row in rows {
            let (key, kind, value) = row?;
            let kind = crate::text::attrs::AttrKind::parse(&kind).unwrap_or(crate::text::attrs::AttrKind::Text);
            let value = AttrValue::parse(kind, &value).unwrap_or(AttrValue::Text(value));
            out.insert(key, value);
        }
        Ok(out)
    }

    /// Every informant's value of one attribute, as stored (canonical text), by informant row id.
    fn values_of(&self, key: &str) -> Result<std::sync::Arc<HashMap<u64, String>>> {
        if let Some(values) = self.values.borrow().get(key) {
            return Ok(values.clone());
        }
        let mut stmt = self.store.prepare_cached("SELECT informant, value FROM informant_attributes WHERE key = ?1")?;
        let rows = stmt.query_map([key], |r| Ok((r.get::<_, i64>(0)? as u64, r.get::<_, String>(1)?)))?;
        let values = std::sync::Arc::new(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?);
        self.values.borrow_mut().insert(key.to_string(), values.clone());
        Ok(values)
    }

    /// Turn the parsed query into a tantivy query, and collect what to highlight.
    fn convert(&self, ast: &UserInputAst, analyzer: &mut TextAnalyzer, matcher: &mut Matcher, negated: bool) -> Result<Box<dyn Query>> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut out = Vec::new();
                for (occur, sub) in clauses {
                    // Several words with no operator must all match, as in web search.
                    let occur = occur.unwrap_or(Occur::Must);
                    let q = self.convert(sub, analyzer, matcher, negated || occur == Occur::MustNot)?;
                    out.push((occur, q));
                }
                if out.iter().all(|(o, _)| *o == Occur::MustNot) {
                    out.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(out)))
            }
            UserInputAst::Boost(sub, boost) => {
                let q = self.convert(sub, analyzer, matcher, negated)?;
                Ok(Box::new(BoostQuery::new(q, boost.into_inner() as Score)))
            }
            UserInputAst::Leaf(leaf) => match leaf.as_ref() {
                UserInputLeaf::Literal(lit) => {
                    if let Some(field) = &lit.field_name {
                        if field != "text" {
                            return Err(Error::BadRequest(format!(
                                "field `{field}:` is not searchable; search the words, and use filters (--where, --speaker) for who said them"
                            )));
                        }
                    }
                    // tantivy's grammar keeps `word*` and `word~1` as plain words: read them here.
                    let (phrase, prefix, fuzzy) = bare_word_operators(lit)?;
                    let mut words = Vec::new();
                    analyzer.token_stream(phrase).process(&mut |t| words.push(t.text.clone()));
                    let field = self.fields.text;
                    let term = |w: &str| Term::from_field_text(field, w);
                    let q: Box<dyn Query> = match words.len() {
                        0 => return Err(Error::BadRequest(format!("`{phrase}` has no searchable words"))),
                        1 if prefix => {
                            push(matcher, negated, Pattern::Prefix(words[0].clone()));
                            Box::new(RegexQuery::from_pattern(&format!("{}.*", regex::escape(&words[0])), field)?)
                        }
                        1 if fuzzy > 0 => {
                            let distance = fuzzy as u8;
                            push(matcher, negated, Pattern::Fuzzy(words[0].clone(), distance));
                            Box::new(FuzzyTermQuery::new(term(&words[0]), distance, true))
                        }
                        1 => {
                            push(matcher, negated, Pattern::Term(words[0].clone()));
                            Box::new(TermQuery::new(term(&words[0]), IndexRecordOption::WithFreqs))
                        }
                        _ => {
                            push(matcher, negated, Pattern::Phrase { words: words.clone(), slop: lit.slop, prefix: lit.prefix });
                            let terms: Vec<Term> = words.iter().map(|w| term(w)).collect();
                            if lit.prefix {
                                Box::new(PhrasePrefixQuery::new(terms))
                            } else {
                                let mut q = PhraseQuery::new(terms);
                                q.set_slop(lit.slop);
                                Box::new(q)
                            }
                        }
                    };
                    Ok(q)
                }
                UserInputLeaf::All => Ok(Box::new(AllQuery)),
                _ => Err(Error::BadRequest(
                    "ranges, sets, regexes and field-exists queries are not supported; use words, phrases, prefix* and word~1".to_string(),
                )),
            },
        }
    }
}

/// Read every informant's attributes once, keyed by the informant's row id.
fn load_informants(project: &Project) -> Result<HashMap<u64, (String, Attributes)>> {
    let attrs = project.all_attributes()?;
    let mut stmt = project.conn.prepare("SELECT id, code FROM informants")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, code) = row?;
        let a = attrs.get(&code).cloned().unwrap_or_default();
        out.insert(id as u64, (code, a));
    }
    Ok(out)
}

/// Rebuild the index folder from the store.
fn open_reader(dir: &Path) -> tantivy::Result<(Index, IndexReader)> {
    let index = Index::open_in_dir(dir)?;
    index.tokenizers().register(crate::text::tokenize::NAME, crate::text::tokenize::analyzer());
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    Ok((index, reader))
}

fn is_lock_failure(e: &tantivy::TantivyError) -> bool {
    matches!(e, tantivy::TantivyError::LockFailure(..))
}

/// A tantivy error with the index folder and what to do: the index is a cache, so deleting the
/// folder (or `braid reindex`) always helps.
fn index_error(dir: &Path, e: tantivy::TantivyError) -> Error {
    if is_lock_failure(&e) {
        return Error::Busy(format!("{}: another Braid process is rebuilding this index; try again in a moment", dir.display()));
    }
    Error::IndexAt {
        path: dir.display().to_string(),
        message: format!("{e}; the index is a cache of the project: delete this folder or run `braid reindex` to rebuild it"),
    }
}

/// Rebuild the index folder from the store. Failures name the folder and say what to do.
fn rebuild(project: &Project, dir: &Path, meta: &IndexMeta, label: &str, progress: &dyn Progress) -> Result<()> {
    rebuild_into(project, dir, meta, label, progress).map_err(|e| match e {
        Error::Index(e) => index_error(dir, e),
        Error::Io { path, source } => Error::IndexAt {
            path,
            message: format!("{source}; the index is a cache beside the project, so its folder must be writable: change the folder's permissions, or copy the project somewhere writable"),
        },
        e => e,
    })
}

fn rebuild_into(project: &Project, dir: &Path, meta: &IndexMeta, label: &str, progress: &dyn Progress) -> Result<()> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let (schema, f) = schema();
    // The doc store holds a hit's few fields; zstd packs its repeated names tighter than lz4.
    let settings = tantivy::IndexSettings {
        docstore_compression: tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor::default()),
        ..Default::default()
    };
    let index = Index::builder().schema(schema).settings(settings).create_in_dir(dir)?;
    index.tokenizers().register(crate::text::tokenize::NAME, crate::text::tokenize::analyzer());
    let mut writer: tantivy::IndexWriter = index.writer(128_000_000).map_err(|e| match e {
        tantivy::TantivyError::LockFailure(..) => {
            Error::Busy(format!("{}: another Braid process is rebuilding this index; try again in a moment", dir.display()))
        }
        e => Error::from(e),
    })?;
    let informants = load_informants(project)?;
    let total: i64 = project.conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))?;
    progress.start(label, total as u64);
    let mut docs = project.conn.prepare("SELECT id, name, informant, text FROM documents ORDER BY id")?;
    let mut rows = docs.query([])?;
    while let Some(row) = rows.next()? {
        let doc_id: i64 = row.get(0)?;
        let name: String = row.get(1)?;
        let informant: Option<i64> = row.get(2)?;
        let text: String = row.get(3)?;
        let (code, attributes) = informant
            .and_then(|i| informants.get(&(i as u64)).cloned())
            .unwrap_or_default();
        let attr_tokens: Vec<String> = attributes.iter().map(|(k, v)| attr_token(k, &v.canonical())).collect();
        let mut seg = project
            .conn
            .prepare_cached(r#"SELECT id, speaker, role, start, "end", start_ms, end_ms FROM segments WHERE document = ?1 ORDER BY ord"#)?;
        let segs = seg.query_map([doc_id], |r| {
            let times = (r.get::<_, Option<i64>>(5)?, r.get::<_, Option<i64>>(6)?);
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?, r.get::<_, i64>(4)?, times))
        })?;
        // Byte offset of every code point, to slice each turn by its code-point span.
        let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
        for s in segs {
            let (seg_id, speaker, role, start, end, (start_ms, end_ms)) = s?;
            let (start, end) = (start as usize, end as usize);
            let (b_start, b_end) = (bounds[start.min(bounds.len() - 1)], bounds[end.min(bounds.len() - 1)]);
            let mut d = doc!(
                f.segment => seg_id as u64,
                f.document => name.as_str(),
                f.informant => informant.unwrap_or(0) as u64,
                f.informant_code => code.as_str(),
                f.speaker => speaker.as_str(),
                f.role => role.as_str(),
                f.start => start as u64,
                f.end => end as u64,
                f.text => &text[b_start..b_end],
            );
            for t in &attr_tokens {
                d.add_text(f.attr, t);
            }
            if let Some(ms) = start_ms {
                d.add_u64(f.start_ms, ms.max(0) as u64);
            }
            if let Some(ms) = end_ms {
                d.add_u64(f.end_ms, ms.max(0) as u64);
            }
            writer.add_document(d)?;
        }
        progress.advance(1);
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    progress.finish();
    let json = serde_json::to_vec(meta).unwrap_or_default();
    std::fs::write(dir.join(META_FILE), json).map_err(|e| Error::io(dir, e))?;
    Ok(())
}

/// Counts matching turns per informant row id, for totals and per-attribute counts.
struct InformantCounts;

struct InformantCountsSegment {
    column: Option<Column<u64>>,
    counts: HashMap<u64, u64>,
}

impl Collector for InformantCounts {
    type Fruit = HashMap<u64, u64>;
    type Child = InformantCountsSegment;

    fn for_segment(&self, _ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<InformantCountsSegment> {
        Ok(InformantCountsSegment { column: reader.fast_fields().u64("informant").ok(), counts: HashMap::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<u64, u64>>) -> tantivy::Result<HashMap<u64, u64>> {
        let mut out = HashMap::new();
        for f in fruits {
            for (k, v) in f {
                *out.entry(k).or_default() += v;
            }
        }
        Ok(out)
    }
}

impl SegmentCollector for InformantCountsSegment {
    type Fruit = HashMap<u64, u64>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let informant = self.column.as_ref().and_then(|c| c.first(doc)).unwrap_or(0);
        *self.counts.entry(informant).or_default() += 1;
    }

    fn harvest(self) -> HashMap<u64, u64> {
        self.counts
    }
}
