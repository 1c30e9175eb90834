//! Full-text search over speaker turns: the tantivy index (a cache of the store) and queries.
//!
//! The index lives in a folder beside the project (`study.braid.index/`). It records the
//! project's UUID and generation; when they differ from the store, or the folder is missing
//! or of an older layout, it is rebuilt from SQLite.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::columnar::Column;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::query_grammar::{self, UserInputAst, UserInputLeaf};
use tantivy::schema::{Field, IndexRecordOption, STORED, STRING, Schema, TantivyDocument, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocId, Index, IndexReader, ReloadPolicy, Score, SegmentOrdinal, SegmentReader, Term, doc};
use ts_rs::TS;

use crate::text::attrs::{AttrValue, Attributes};
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::store::{IndexStamp, Project, Span};
use crate::text::transcript::Role;

/// Bump when the index layout changes, so old indexes are rebuilt.
const INDEX_SCHEMA: u32 = 3;
const META_FILE: &str = "braid-index.json";

/// Which speakers to search.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerFilter {
    /// Everyone.
    #[default]
    Any,
    /// Interviewer turns only.
    Interviewer,
    /// Respondent turns only.
    Respondent,
}

/// An attribute filter: `key=value`. The same key repeated means OR; different keys mean AND.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttrFilter {
    /// The attribute.
    pub key: String,
    /// The value it must have (compared case-insensitively).
    pub value: String,
}

impl AttrFilter {
    /// Parse `key=value`.
    pub fn parse(s: &str) -> Result<AttrFilter> {
        let (k, v) = s
            .split_once('=')
            .ok_or_else(|| Error::BadRequest(format!("filter `{s}` needs the form key=value, e.g. type=child")))?;
        let (key, value) = (k.trim(), v.trim());
        if key.is_empty() {
            return Err(Error::BadRequest(format!("filter `{s}` has no attribute name before `=`")));
        }
        Ok(AttrFilter { key: key.to_string(), value: value.to_string() })
    }
}

/// Structured filters, never spliced into the query string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Filters {
    /// Attribute filters.
    #[serde(rename = "where", default)]
    pub where_: Vec<AttrFilter>,
    /// Speaker role.
    #[serde(default)]
    pub speaker: SpeakerFilter,
    /// Turns must carry every one of these codes (a code includes its sub-codes), by any coder.
    #[serde(default)]
    pub codes: Vec<String>,
    /// Turns must carry none of these codes.
    #[serde(default)]
    pub not_codes: Vec<String>,
}

impl Filters {
    /// Whether an informant's attributes pass the attribute filters.
    pub fn admits(&self, attributes: &Attributes) -> bool {
        let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &self.where_ {
            by_key.entry(&f.key).or_default().push(&f.value);
        }
        by_key.iter().all(|(k, values)| {
            attributes.get(*k).is_some_and(|v| {
                let v = v.canonical().to_lowercase();
                values.iter().any(|w| w.to_lowercase() == v)
            })
        })
    }
}

/// A search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SearchRequest {
    /// The query: words, "phrases", phrase~slop, prefix*, word~1 (fuzzy), AND/OR/NOT, (groups).
    /// Empty matches every turn that passes the filters.
    pub query: String,
    /// Filters on who said it.
    #[serde(default)]
    pub filters: Filters,
    /// How many hits to return.
    pub limit: usize,
    /// Attributes to count hits by.
    #[serde(default)]
    pub counts: Vec<String>,
}

impl Default for SearchRequest {
    fn default() -> SearchRequest {
        SearchRequest { query: String::new(), filters: Filters::default(), limit: 50, counts: Vec::new() }
    }
}

/// One hit: a speaker turn that matches.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Hit {
    /// The document name.
    pub document: String,
    /// The informant id.
    pub informant: Option<String>,
    /// The informant's attributes.
    pub attributes: Attributes,
    /// The turn's speaker label.
    pub speaker: String,
    /// The turn's role.
    pub role: Role,
    /// The turn's span in the document.
    pub segment: Span,
    /// Each match's span in the document text.
    pub matches: Vec<Span>,
    /// The text around the first match, with the matches as spans of it.
    pub excerpt: Excerpt,
    /// The same excerpt as HTML: escaped, with `<mark>` around matches (kept for `--json`
    /// readers; the app draws `excerpt` itself).
    pub snippet: String,
    /// Relevance.
    pub score: f32,
}

/// The result of a search.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SearchResponse {
    /// The query as given.
    pub query: String,
    /// How many turns match in all.
    #[ts(type = "number")]
    pub total: u64,
    /// The best hits, most relevant first.
    pub hits: Vec<Hit>,
    /// Hit counts per value of each requested attribute.
    #[ts(type = "Record<string, Record<string, number>>")]
    pub counts: BTreeMap<String, BTreeMap<String, u64>>,
}

/// Turns (segment ids) carrying codes, for code filters: each set of `all_of` must contain the
/// turn; `none_of` must not.
#[derive(Debug, Clone, Default)]
pub struct CodeSets {
    /// One set per required code.
    pub all_of: Vec<std::collections::BTreeSet<u64>>,
    /// Turns carrying any excluded code.
    pub none_of: std::collections::BTreeSet<u64>,
}

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
    text: Field,
    attr: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        segment: b.add_u64_field("segment", tantivy::schema::INDEXED | STORED),
        document: b.add_text_field("document", STRING | STORED),
        informant: b.add_u64_field("informant", tantivy::schema::FAST | STORED),
        informant_code: b.add_text_field("informant_code", STORED),
        speaker: b.add_text_field("speaker", STORED),
        role: b.add_text_field("role", STRING | STORED),
        start: b.add_u64_field("start", STORED),
        end: b.add_u64_field("end", STORED),
        text: b.add_text_field(
            "text",
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer(crate::text::tokenize::NAME)
                        .set_index_option(IndexRecordOption::WithFreqsAndPositions),
                )
                .set_stored(),
        ),
        attr: b.add_text_field("attr", STRING),
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
    /// Informant row id -> (code, attributes).
    informants: HashMap<u64, (String, Attributes)>,
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
        let informants = load_informants(project)?;
        Ok(SearchIndex { index, reader, fields, informants, stamp: want.stamp })
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
        let known: std::collections::BTreeSet<&str> =
            self.informants.values().flat_map(|(_, a)| a.keys().map(String::as_str)).collect();
        let mut by_key: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for f in &request.filters.where_ {
            if !known.contains(f.key.as_str()) && !self.informants.is_empty() {
                return Err(Error::BadRequest(format!(
                    "no attribute `{}`; the project has: {}",
                    f.key,
                    known.iter().copied().collect::<Vec<_>>().join(", ")
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
        for (score, address) in top.into_iter().take(limit) {
            let d: TantivyDocument = searcher.doc(address)?;
            let text_of = |f: Field| d.get_first(f).and_then(|v| v.as_str()).unwrap_or("").to_string();
            let u64_of = |f: Field| d.get_first(f).and_then(|v| v.as_u64()).unwrap_or(0) as usize;
            let said = text_of(self.fields.text);
            let start = u64_of(self.fields.start);
            let local = matcher.find(&said, &mut analyzer);
            let informant_code = text_of(self.fields.informant_code);
            let attributes =
                self.informants.get(&(u64_of(self.fields.informant) as u64)).map(|(_, a)| a.clone()).unwrap_or_default();
            let shown = excerpt(&said, &local, 160);
            hits.push(Hit {
                document: text_of(self.fields.document),
                informant: (!informant_code.is_empty()).then_some(informant_code),
                attributes,
                speaker: text_of(self.fields.speaker),
                role: Role::parse(&text_of(self.fields.role)).unwrap_or(Role::Respondent),
                segment: Span { start, end: u64_of(self.fields.end) },
                matches: local.iter().map(|s| Span { start: start + s.start, end: start + s.end }).collect(),
                snippet: shown.html(),
                excerpt: shown,
                score,
            });
        }
        let mut counts = BTreeMap::new();
        for key in &request.counts {
            let mut per_value: BTreeMap<String, u64> = BTreeMap::new();
            for (informant, n) in &per_informant {
                let value = self
                    .informants
                    .get(informant)
                    .and_then(|(_, a)| a.get(key))
                    .map(AttrValue::canonical)
                    .unwrap_or_else(|| "(missing)".to_string());
                *per_value.entry(value).or_default() += n;
            }
            counts.insert(key.clone(), per_value);
        }
        Ok(SearchResponse { query: request.query.clone(), total, hits, counts })
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

/// The deepest nesting a query may have: groups `( )` inside one another, and `NOT`s in a row,
/// each count one level. tantivy's query parser recurses once per level (and so do the query it
/// builds and its scorers), so a query nested thousands deep would overflow the stack; no query
/// a person writes comes near this.
pub const MAX_QUERY_DEPTH: usize = 256;

/// The longest query, in characters. Parsing and matching grow with the query; a query is typed
/// or pasted, and this is pages of it.
pub const MAX_QUERY_CHARS: usize = 10_000;

/// Check a query before tantivy parses it: its length, its nesting depth, and the characters that
/// open constructs Braid does not search (ranges, sets, regexes).
///
/// The depth is counted outside quoted phrases, so that `"(laughs)"` counts nothing. That is
/// only sound if this scan and tantivy's parser agree on where phrases are. They do as long as
/// no range (`[a TO b]`, `{..}`, `>x`, `<x`) or regex (`/x/`) is in the query, whose bounds may
/// hold a quote that does not open a phrase; those constructs are refused here (they would be
/// refused after parsing anyway), before they can hide groups from the count.
fn check_query(query: &str) -> Result<()> {
    let too_deep = || {
        Error::BadRequest(format!(
            "the query nests groups or NOTs deeper than {MAX_QUERY_DEPTH} levels (the limit); remove some parentheses"
        ))
    };
    let unsupported = |c: char| {
        Error::BadRequest(format!(
            "`{c}` opens a range, set or regex, which are not supported; use words, phrases, prefix* and word~1 (punctuation is not searched: leave it out)"
        ))
    };
    // `quote` is the open phrase's delimiter; `nots` counts the `NOT`s since the last other word,
    // since `NOT NOT NOT x` nests like parentheses.
    let (mut depth, mut nots, mut quote, mut word) = (0usize, 0usize, None::<char>, String::new());
    let mut prev: Option<char> = None;
    let mut it = query.chars();
    while let Some(c) = it.next() {
        if let Some(q) = quote {
            match c {
                '\\' => {
                    it.next();
                }
                c if c == q => quote = None,
                _ => {}
            }
            prev = Some(c);
            continue;
        }
        let word_ends = c.is_whitespace() || matches!(c, '(' | ')' | '"' | '\'');
        if word_ends && !word.is_empty() {
            if word == "NOT" {
                nots += 1;
            } else {
                nots = 0;
            }
            word.clear();
        }
        match c {
            '\\' => {
                // An escaped character is part of a word, whatever it is.
                word.push(c);
                if let Some(next) = it.next() {
                    word.push(next);
                }
            }
            '"' | '\'' => quote = Some(c),
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            '[' | ']' | '{' | '}' | '<' | '>' => return Err(unsupported(c)),
            // Inside a word (`and/or`) a slash is a character; where a term may begin it opens
            // a regex.
            '/' if !prev.is_some_and(char::is_alphanumeric) => return Err(unsupported(c)),
            c if c.is_whitespace() => {}
            c => word.push(c),
        }
        if depth + nots > MAX_QUERY_DEPTH {
            return Err(too_deep());
        }
        prev = Some(c);
    }
    if word == "NOT" && depth + nots + 1 > MAX_QUERY_DEPTH {
        return Err(too_deep());
    }
    // Checked after the scan, so that a deeply nested query (usually long too) hears about its
    // depth, which is what to fix.
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(Error::BadRequest(format!(
            "the query has {chars} characters, more than {MAX_QUERY_CHARS} (the limit); search for fewer words at once"
        )));
    }
    Ok(())
}

/// The phrase of a literal without its operator, whether it is a prefix, and its fuzzy distance.
/// The largest edit distance of a fuzzy word (`word~2`); tantivy's automata stop at 2.
pub const MAX_FUZZY_DISTANCE: u32 = 2;

fn bare_word_operators(lit: &tantivy::query_grammar::UserInputLiteral) -> Result<(&str, bool, u32)> {
    use tantivy::query_grammar::Delimiter;
    if lit.delimiter != Delimiter::None {
        return Ok((&lit.phrase, lit.prefix, if lit.phrase.split_whitespace().count() == 1 { lit.slop } else { 0 }));
    }
    if let Some(stem) = lit.phrase.strip_suffix('*') {
        return Ok((stem, true, 0));
    }
    if let Some((stem, d)) = lit.phrase.rsplit_once('~') {
        if d.is_empty() {
            return Ok((stem, false, 1));
        }
        if d.bytes().all(|b| b.is_ascii_digit()) {
            return match d.parse::<u32>() {
                Ok(n) if n <= MAX_FUZZY_DISTANCE => Ok((stem, false, n)),
                _ => Err(Error::BadRequest(format!(
                    "`{stem}~{d}`: a fuzzy word allows an edit distance of at most {MAX_FUZZY_DISTANCE} (the limit); write `{stem}~1` or `{stem}~2`"
                ))),
            };
        }
    }
    Ok((&lit.phrase, lit.prefix, 0))
}

fn push(matcher: &mut Matcher, negated: bool, p: Pattern) {
    if !negated {
        matcher.patterns.push(p);
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
    let index = Index::create_in_dir(dir, schema)?;
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
            .prepare_cached(r#"SELECT id, speaker, role, start, "end" FROM segments WHERE document = ?1 ORDER BY ord"#)?;
        let segs = seg.query_map([doc_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?, r.get::<_, i64>(4)?))
        })?;
        // Byte offset of every code point, to slice each turn by its code-point span.
        let bounds: Vec<usize> = text.char_indices().map(|(b, _)| b).chain(std::iter::once(text.len())).collect();
        for s in segs {
            let (seg_id, speaker, role, start, end) = s?;
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

/// What to highlight: the positive patterns of the query.
#[derive(Debug, Default, Clone)]
struct Matcher {
    patterns: Vec<Pattern>,
}

#[derive(Debug, Clone)]
enum Pattern {
    Term(String),
    Prefix(String),
    Fuzzy(String, u8),
    Phrase { words: Vec<String>, slop: u32, prefix: bool },
}

impl Matcher {
    /// Code-point spans, relative to `text`, of every match, sorted and merged.
    fn find(&self, text: &str, analyzer: &mut TextAnalyzer) -> Vec<Span> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        let mut tokens: Vec<(String, usize, usize)> = Vec::new();
        analyzer.token_stream(text).process(&mut |t| tokens.push((t.text.clone(), t.offset_from, t.offset_to)));
        let word_matches = |w: &str, tok: &str, last_prefix: bool| if last_prefix { tok.starts_with(w) } else { tok == w };
        let mut byte_spans: Vec<(usize, usize)> = Vec::new();
        for p in &self.patterns {
            match p {
                Pattern::Term(w) => byte_spans.extend(tokens.iter().filter(|t| t.0 == *w).map(|t| (t.1, t.2))),
                Pattern::Prefix(w) => byte_spans.extend(tokens.iter().filter(|t| t.0.starts_with(w.as_str())).map(|t| (t.1, t.2))),
                Pattern::Fuzzy(w, d) => byte_spans.extend(tokens.iter().filter(|t| edit_distance(&t.0, w) <= *d as usize).map(|t| (t.1, t.2))),
                Pattern::Phrase { words, slop, prefix } => {
                    for i in 0..tokens.len() {
                        if !word_matches(&words[0], &tokens[i].0, false) {
                            continue;
                        }
                        // Greedy: each next word within the remaining slop.
                        let (mut pos, mut budget, mut ok) = (i, *slop as usize, true);
                        for (k, w) in words.iter().enumerate().skip(1) {
                            let last = k == words.len() - 1;
                            let found = (pos + 1..=(pos + 1).saturating_add(budget).min(tokens.len().saturating_sub(1)))
                                .find(|&j| j < tokens.len() && word_matches(w, &tokens[j].0, last && *prefix));
                            match found {
                                Some(j) => {
                                    budget -= j - pos - 1;
                                    pos = j;
                                }
                                None => {
                                    ok = false;
                                    break;
                                }
                            }
                        }
                        if ok {
                            byte_spans.push((tokens[i].1, tokens[pos].2));
                        }
                    }
                }
            }
        }
        byte_spans.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in byte_spans {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let mut counter = crate::text::CharCounter::new(text);
        merged.into_iter().map(|(s, e)| Span { start: counter.char_at(s), end: counter.char_at(e) }).collect()
    }
}

/// Optimal-string-alignment distance (a transposition costs one), as the fuzzy query counts.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        d[0][j] = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// A window of a turn around its first match, as plain text with the matches as spans: the
/// form hits cross the API in. Each shell escapes it for its own medium.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Excerpt {
    /// The window's text, line breaks turned into spaces.
    pub text: String,
    /// Whether the turn goes on before the window.
    pub cut_before: bool,
    /// Whether the turn goes on after it.
    pub cut_after: bool,
    /// The matches inside the window, as code-point spans of `text`, sorted and disjoint.
    pub marks: Vec<Span>,
}

/// A window of about `width` code points of `text` around the first match, cut at word
/// boundaries, with the matches (code-point spans of `text`) carried over into it.
pub fn excerpt(text: &str, matches: &[Span], width: usize) -> Excerpt {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let (from, to) = match matches.first() {
        Some(m) => {
            // Saturating arithmetic: `width` and the spans come from callers, and a window wider
            // than the text is simply the whole text.
            let before = width / 3;
            let mut from = m.start.min(n).saturating_sub(before);
            let mut to = from.saturating_add(width).min(n).max(m.end.min(n));
            if to == n {
                from = to.saturating_sub(width).min(from);
            }
            // Snap to word boundaries so the window never starts or ends mid-word.
            while from > 0 && !chars[from - 1].is_whitespace() && from > m.start.saturating_sub(before.saturating_add(20)) {
                from -= 1;
            }
            while to < n && !chars[to].is_whitespace() && to < m.end.saturating_add(width) {
                to += 1;
            }
            (from, to)
        }
        None => (0, width.min(n)),
    };
    let mut marks = Vec::new();
    let mut i = from;
    for m in matches.iter().filter(|m| m.end > from && m.start < to) {
        // Matches are sorted and disjoint as the matcher gives them; clamping keeps a caller's
        // overlapping or out-of-order spans from running backwards.
        let s = m.start.max(i);
        let e = m.end.min(to).max(s);
        if e > s {
            marks.push(Span { start: s - from, end: e - from });
        }
        i = e;
    }
    Excerpt {
        text: chars[from..to].iter().map(|&c| if c == '\n' { ' ' } else { c }).collect(),
        cut_before: from > 0,
        cut_after: to < n,
        marks,
    }
}

impl Excerpt {
    /// The excerpt as HTML: escaped, matches in `<mark>`, `...` where the turn was cut.
    pub fn html(&self) -> String {
        self.render(&crate::escape::escape_html, "<mark>", "</mark>")
    }

    /// The excerpt for a terminal: matches in `[brackets]`.
    pub fn plain(&self) -> String {
        self.render(&|s: &str| s.to_string(), "[", "]")
    }

    fn render(&self, escape: &dyn Fn(&str) -> String, open: &str, close: &str) -> String {
        let chars: Vec<char> = self.text.chars().collect();
        let piece = |a: usize, b: usize| escape(&chars[a.min(chars.len())..b.min(chars.len())].iter().collect::<String>());
        let mut out = String::new();
        if self.cut_before {
            out.push_str("... ");
        }
        let mut i = 0;
        for m in &self.marks {
            out.push_str(&piece(i, m.start));
            out.push_str(open);
            out.push_str(&piece(m.start, m.end));
            out.push_str(close);
            i = m.end;
        }
        out.push_str(&piece(i, chars.len()));
        if self.cut_after {
            out.push_str(" ...");
        }
        out
    }
}

/// An HTML-escaped window of about `width` code points around the first match, matches in
/// `<mark>`: [`excerpt`] drawn as HTML.
pub fn snippet(text: &str, matches: &[Span], width: usize) -> String {
    excerpt(text, matches, width).html()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("mother", "mother"), 0);
        assert_eq!(edit_distance("mother", "mohter"), 1);
        assert_eq!(edit_distance("teacher", "teachers"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    fn snippets() {
        let text = "I miss my mom <a lot> & then some";
        let m = [Span { start: 10, end: 13 }];
        assert_eq!(snippet(text, &m, 160), "I miss my <mark>mom</mark> &lt;a lot&gt; &amp; then some");
        let long = "word ".repeat(100);
        let m = [Span { start: 250, end: 254 }];
        let s = snippet(&long, &m, 40);
        assert!(s.starts_with("... ") && s.ends_with(" ...") && s.contains("<mark>word</mark>"), "{s}");
    }

    #[test]
    fn an_excerpt_is_text_with_spans_of_it() {
        // Code points, not bytes: the match after "ü" and the line break starts at 10.
        let text = "Grüß\nmich, mom <3";
        let e = excerpt(text, &[Span { start: 11, end: 14 }], 160);
        assert_eq!(e.text, "Grüß mich, mom <3");
        assert_eq!(e.marks, [Span { start: 11, end: 14 }]);
        assert_eq!(e.text.chars().skip(11).take(3).collect::<String>(), "mom");
        assert_eq!(e.plain(), "Grüß mich, [mom] <3");
        assert_eq!(e.html(), "Grüß mich, <mark>mom</mark> &lt;3");
        // A window inside a long turn: the marks move with it.
        let long = "word ".repeat(100);
        let e = excerpt(&long, &[Span { start: 250, end: 254 }], 40);
        assert!(e.cut_before && e.cut_after);
        let m = e.marks[0];
        assert_eq!(e.text.chars().skip(m.start).take(m.end - m.start).collect::<String>(), "word");
    }
}
