//! A session: an open project and its search index, as the app and the CLI use them.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::{Error, Result};
use crate::analysis::kwic::{self, Kwic, KwicRequest, export_kwic};
use crate::analysis::retrieve::SegmentFormat;
use crate::progress::{NoProgress, Progress};
use crate::search::autocode::{self, AutocodePreview, AutocodeRequest};
use crate::search::index::{SearchIndex};
use crate::search::request::{CodeSets, Filters, SearchRequest, SearchResponse};
use crate::store::{Document, DocumentInfo, Informant, Project};

/// How deep each ranking of a hybrid search goes before fusion.
pub const HYBRID_DEPTH: usize = 100;

/// An overview of an open project.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProjectSummary {
    /// The project file.
    pub path: String,
    /// The project's UUID.
    pub uuid: String,
    /// Number of documents.
    pub documents: usize,
    /// Number of informants.
    pub informants: usize,
    /// Attribute keys with their distinct values, for building filters.
    pub attributes: Vec<AttributeValues>,
    /// The project's settings: the attributes cards show, the grouping attribute.
    pub settings: crate::store::settings::Settings,
}

/// An attribute and the values informants have for it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AttributeValues {
    /// The attribute key.
    pub key: String,
    /// Its type.
    pub kind: crate::text::attrs::AttrKind,
    /// Distinct values, sorted.
    pub values: Vec<String>,
}

/// What other processes changed in the project since this session last looked.
#[derive(Debug, Clone, Default, Serialize, TS)]
pub struct ExternalChanges {
    /// Whether another process (or another handle) committed anything since the last look.
    pub changed: bool,
    /// The actions recorded in the log since the last look, oldest first. This session's own
    /// actions are left out when the shell calls [`Session::settle`] after each of them (one
    /// that ran while another process wrote may still appear).
    pub events: Vec<crate::store::Event>,
}

/// An open project with a search index that is kept up to date.
#[derive(Debug)]
pub struct Session {
    project: Project,
    index: Option<SearchIndex>,
    /// The assist's model and vectors, loaded at the first use.
    assist: Option<crate::assist::Assist>,
    /// `PRAGMA data_version` and the newest event id at the last look for outside changes.
    seen: (i64, i64),
}

impl Session {
    /// Open a project file.
    pub fn open(path: &Path) -> Result<Session> {
        Session::with(Project::open(path)?)
    }

    /// Create a new, empty project file and open it.
    pub fn create(path: &Path) -> Result<Session> {
        Session::with(Project::create(path)?)
    }

    /// Take this session's own actions as seen, so that the next look for outside changes
    /// reports only what others did. The app calls it after every command. When another
    /// process has committed since the last look, nothing is taken: its events are still to be
    /// reported.
    pub fn settle(&mut self) -> Result<()> {
        if self.project.data_version()? == self.seen.0 {
            self.seen.1 = self.project.last_event_id()?;
        }
        Ok(())
    }

    fn with(project: Project) -> Result<Session> {
        let seen = (project.data_version()?, project.last_event_id()?);
        Ok(Session { project, index: None, assist: None, seen })
    }

    /// What other processes changed since the last call (or since the project was opened):
    /// a script running `braid code`, another window, a second coder on a shared file. The app
    /// asks on focus and every few seconds and reloads what the events touched, so it never
    /// shows stale codings or offers to undo an action that is no longer the last. Costs a
    /// pragma and one indexed read when nothing changed.
    pub fn changes_elsewhere(&mut self) -> Result<ExternalChanges> {
        let version = self.project.data_version()?;
        if version == self.seen.0 {
            self.settle()?;
            return Ok(ExternalChanges::default());
        }
        let events = self.project.events_after(self.seen.1)?;
        let last = events.last().map_or(self.seen.1, |e| e.id);
        self.seen = (version, last);
        Ok(ExternalChanges { changed: true, events })
    }

    /// Import transcripts and an attributes CSV into the project, all or nothing (see
    /// [`crate::import::import`]). The next search sees them.
    pub fn import(&mut self, files: &[std::path::PathBuf], options: &crate::import::ImportOptions, progress: &dyn Progress) -> Result<crate::import::ImportReport> {
        crate::import::import(&mut self.project, files, options, progress)
    }

    /// The underlying project.
    pub fn project(&self) -> &Project {
        &self.project
    }

    /// The underlying project, for writes.
    pub fn project_mut(&mut self) -> &mut Project {
        &mut self.project
    }

    /// An overview: counts and the attribute values for filters.
    pub fn summary(&self) -> Result<ProjectSummary> {
        let informants = self.project.informants()?;
        let mut attributes = Vec::new();
        for (key, kind) in self.project.attribute_defs()? {
            let mut values: Vec<String> =
                informants.iter().filter_map(|i| i.attributes.get(&key)).map(|v| v.canonical()).collect();
            values.sort();
            values.dedup();
            attributes.push(AttributeValues { key, kind, values });
        }
        // The survey values of linked informants, after the stored attributes.
        for (key, kind) in crate::text::attrs::kinds_of(self.project.case_attributes()?.values()) {
            let mut values: Vec<String> = informants.iter().filter_map(|i| i.attributes.get(&key)).map(|v| v.canonical()).collect();
            values.sort_by(|a, b| match (a.parse::<f64>(), b.parse::<f64>()) {
                (Ok(x), Ok(y)) => x.total_cmp(&y),
                _ => a.cmp(b),
            });
            values.dedup();
            attributes.push(AttributeValues { key, kind, values });
        }
        Ok(ProjectSummary {
            path: self.project.path().display().to_string(),
            uuid: self.project.uuid()?,
            documents: self.project.documents()?.len(),
            informants: informants.len(),
            attributes,
            settings: crate::store::settings::settings(&self.project)?,
        })
    }

    /// The attribute filters the index answers (`key=value` on stored attributes), and the
    /// others (comparisons, survey values), checked: each names an attribute the informants
    /// have, and orders only numbers and dates.
    fn split_filters(&self, filters: &Filters) -> Result<(Vec<crate::search::request::AttrFilter>, Filters)> {
        use crate::search::request::Cmp;
        let (mut indexed, mut computed) = (Vec::new(), Filters::default());
        if filters.where_.is_empty() {
            return Ok((indexed, computed));
        }
        let keys = self.attribute_kinds()?;
        for f in &filters.where_ {
            let case = self.project.is_case_attribute(&f.key)?;
            if f.cmp() == Cmp::Eq && !case {
                indexed.push(f.clone());
                continue;
            }
            let Some(kind) = keys.get(&f.key) else {
                return Err(Error::BadRequest(format!(
                    "no attribute `{}`; the project has: {}",
                    f.key,
                    keys.keys().map(String::as_str).collect::<Vec<_>>().join(", ")
                )));
            };
            if f.cmp().orders() && *kind == crate::text::attrs::AttrKind::Text {
                return Err(Error::BadRequest(format!(
                    "filter `{}{}{}`: `{}` is text, so it takes = or != only; `<`, `<=`, `>` and `>=` compare numbers and dates",
                    f.key,
                    f.cmp().as_str(),
                    f.value,
                    f.key
                )));
            }
            if f.cmp().orders() && kind.is_number() && f.value.trim().parse::<f64>().is_err() {
                return Err(Error::BadRequest(format!("filter `{}{}{}`: `{}` is a number, and `{}` is not", f.key, f.cmp().as_str(), f.value, f.key, f.value)));
            }
            computed.where_.push(f.clone());
        }
        Ok((indexed, computed))
    }

    /// Every attribute informants may carry, stored or from a linked survey, with its type.
    fn attribute_kinds(&self) -> Result<std::collections::BTreeMap<String, crate::text::attrs::AttrKind>> {
        let mut kinds: std::collections::BTreeMap<_, _> = self.project.attribute_defs()?.into_iter().collect();
        kinds.extend(crate::text::attrs::kinds_of(self.project.case_attributes()?.values()));
        Ok(kinds)
    }

    /// Documents whose informants pass the attribute filters (the speaker filter is ignored).
    pub fn documents(&self, filters: &Filters) -> Result<Vec<DocumentInfo>> {
        Ok(self.project.documents()?.into_iter().filter(|d| filters.admits(&d.attributes)).collect())
    }

    /// Informants who pass the attribute filters.
    pub fn informants(&self, filters: &Filters) -> Result<Vec<Informant>> {
        Ok(self.project.informants()?.into_iter().filter(|i| filters.admits(&i.attributes)).collect())
    }

    /// One document with its text and turns.
    pub fn document(&self, name: &str) -> Result<Document> {
        self.project.document(name)
    }

    /// Search, first rebuilding the index if the project changed since it was opened.
    pub fn search(&mut self, request: &SearchRequest, progress: &dyn Progress) -> Result<SearchResponse> {
        let mut sets = CodeSets::default();
        // The index answers `key=value` on stored attributes from its terms; comparisons and
        // survey values are answered here, as the turns of the informants who pass them.
        let (indexed, computed) = self.split_filters(&request.filters)?;
        let narrowed;
        let request = if computed.where_.is_empty() {
            request
        } else {
            let admitted: Vec<String> = self.informants(&computed)?.into_iter().map(|i| i.id).collect();
            sets.all_of.push(self.project.segments_of_informants(&admitted)?);
            narrowed = SearchRequest { filters: Filters { where_: indexed, ..request.filters.clone() }, ..request.clone() };
            &narrowed
        };
        for code in &request.filters.codes {
            sets.all_of.push(crate::codebook::coding::segments_with_code(&self.project, code)?);
        }
        for code in &request.filters.not_codes {
            sets.none_of.extend(crate::codebook::coding::segments_with_code(&self.project, code)?);
        }
        if request.semantic {
            return self.hybrid(request, &sets, progress);
        }
        match self.fresh_index(progress)?.search_with_codes(request, &sets) {
            // A segment file damaged after the index was opened fails here, not at open:
            // rebuild once, saying so, and answer from the new index.
            Err(Error::Index(e)) => {
                self.index = None;
                let dir = crate::search::index::index_dir(self.project.path());
                if dir.exists() {
                    std::fs::remove_dir_all(&dir).map_err(|io| Error::io(&dir, io))?;
                }
                progress.start(&format!("rebuilding the search index, which could not be read ({e})"), 0);
                progress.finish();
                self.fresh_index(progress)?.search_with_codes(request, &sets)
            }
            answer => answer,
        }
    }

    /// The assist, its model loaded at the first call and its cache brought up to date with the
    /// project at each (cheap when nothing changed).
    pub fn assist(&mut self, needs: crate::assist::Needs, progress: &dyn Progress) -> Result<&crate::assist::Assist> {
        if self.assist.is_none() {
            self.assist = Some(crate::assist::Assist::load()?);
        }
        let assist = self.assist.as_mut().expect("loaded above");
        assist.refresh(&self.project, needs, progress)?;
        Ok(assist)
    }

    /// The respondent turns (document UUID, turn ord) the filters admit; `None` when they
    /// restrict nothing. Interviewer turns are not embedded, so asking for them is refused.
    fn admitted_turns(&self, filters: &Filters) -> Result<Option<std::collections::HashSet<(String, usize)>>> {
        if filters.speaker == crate::search::request::SpeakerFilter::Interviewer {
            return Err(Error::BadRequest("the assist compares respondent turns only; leave out --speaker interviewer".to_string()));
        }
        if filters.where_.is_empty() && filters.codes.is_empty() && filters.not_codes.is_empty() {
            return Ok(None);
        }
        // The same checks as a search: unknown attributes, comparisons on text.
        self.split_filters(filters)?;
        let mut sets: Vec<std::collections::BTreeSet<u64>> = Vec::new();
        if !filters.where_.is_empty() {
            let admitted: Vec<String> = self.informants(filters)?.into_iter().map(|i| i.id).collect();
            sets.push(self.project.segments_of_informants(&admitted)?);
        }
        for code in &filters.codes {
            sets.push(crate::codebook::coding::segments_with_code(&self.project, code)?);
        }
        let mut none = std::collections::BTreeSet::new();
        for code in &filters.not_codes {
            none.extend(crate::codebook::coding::segments_with_code(&self.project, code)?);
        }
        let ids: Vec<u64> = match sets.split_first() {
            Some((first, rest)) => first.iter().filter(|id| rest.iter().all(|s| s.contains(id)) && !none.contains(id)).copied().collect(),
            None => self.project.segment_ids()?.into_iter().filter(|id| !none.contains(id)).collect(),
        };
        Ok(Some(self.project.turn_keys(&ids)?))
    }

    /// Respondent turns nearest in meaning to a passage (the local assist).
    pub fn similar(&mut self, request: &crate::assist::SimilarRequest, progress: &dyn Progress) -> Result<Vec<crate::search::request::Hit>> {
        // The passage is checked before the model loads or anything is embedded.
        self.passage(&request.document, request.start, request.end)?;
        let admitted = self.admitted_turns(&request.filters)?;
        self.assist(crate::assist::Needs::Turns, progress)?;
        let assist = self.assist.as_ref().expect("loaded above");
        assist.similar(&self.project, request, &|d, o| admitted.as_ref().is_none_or(|a| a.contains(&(d.to_string(), o))))
    }

    /// Codes for a passage of a document, from the project's codings (the local assist): the
    /// codings that overlap the passage itself do not vote.
    pub fn suggest(&mut self, document: &str, start: usize, end: usize, limit: usize, progress: &dyn Progress) -> Result<Vec<crate::assist::CodeSuggestion>> {
        let text = self.passage(document, start, end)?;
        self.assist(crate::assist::Needs::Codings, progress)?;
        let assist = self.assist.as_ref().expect("loaded above");
        assist.suggest(&self.project, &text, &|c| c.document == document && c.start < end && start < c.end, limit)
    }

    /// A passage's text (code points `start..end` of a document), or a bad request when the
    /// span is empty or runs past the text.
    fn passage(&self, document: &str, start: usize, end: usize) -> Result<String> {
        let text = self.project.document(document)?.text;
        let chars = text.chars().count();
        if start >= end || end > chars {
            return Err(Error::BadRequest(format!("the passage {start}..{end} is not within {document} (its text has {chars} characters)")));
        }
        Ok(text.chars().skip(start).take(end - start).collect())
    }

    /// How well suggestions recover `coder`'s codes, leaving each document out.
    pub fn evaluate_suggestions(&mut self, coder: &str, progress: &dyn Progress) -> Result<crate::assist::SuggestEvaluation> {
        self.assist(crate::assist::Needs::Codings, progress)?;
        self.assist.as_ref().expect("loaded above").evaluate(&self.project, coder)
    }

    /// Keyword and meaning together: the index's ranking and the turns nearest the query's
    /// meaning, each to [`HYBRID_DEPTH`] deep, fused by reciprocal rank (k = 60). `total` still
    /// counts the keyword matches; hits found by meaning alone carry no match spans.
    fn hybrid(&mut self, request: &SearchRequest, sets: &CodeSets, progress: &dyn Progress) -> Result<SearchResponse> {
        if request.query.trim().is_empty() {
            return Err(Error::BadRequest("a search by meaning needs words to compare with; type a query".to_string()));
        }
        let deep = SearchRequest { limit: request.limit.max(HYBRID_DEPTH), semantic: false, ..request.clone() };
        let keyword = self.fresh_index(progress)?.search_with_codes(&deep, sets)?;
        let admitted = self.admitted_turns(&request.filters)?;
        self.assist(crate::assist::Needs::Turns, progress)?;
        let assist = self.assist.as_ref().expect("loaded above");
        let nearest = assist.nearest_to_text(&request.query, &|d, o| admitted.as_ref().is_none_or(|a| a.contains(&(d.to_string(), o))), HYBRID_DEPTH)?;
        let by_meaning = crate::assist::hits(&self.project, &nearest)?;
        let key = |h: &crate::search::request::Hit| (h.document.clone(), h.segment.start);
        let fused = braid_embed::reciprocal_rank_fusion(&[keyword.hits.iter().map(key).collect(), by_meaning.iter().map(key).collect()], 60.0);
        let mut hits = Vec::new();
        for (k, score) in fused.into_iter().take(request.limit) {
            let hit = keyword.hits.iter().find(|h| key(h) == k).or_else(|| by_meaning.iter().find(|h| key(h) == k));
            if let Some(h) = hit {
                hits.push(crate::search::request::Hit { score: score as f32, ..h.clone() });
            }
        }
        Ok(SearchResponse { hits, ..keyword })
    }

    /// The index, opened or rebuilt first if the project changed since it was opened (by this
    /// process or another). The check is one indexed read of the project table.
    fn fresh_index(&mut self, progress: &dyn Progress) -> Result<&SearchIndex> {
        let want = self.project.index_stamp()?;
        if self.index.as_ref().is_none_or(|index| index.stamp() != &want) {
            self.index = Some(SearchIndex::open(&self.project, progress)?);
        }
        Ok(self.index.as_ref().expect("index opened above"))
    }

    /// Rebuild the search index from the store.
    pub fn reindex(&mut self, progress: &dyn Progress) -> Result<()> {
        let dir = crate::search::index::index_dir(self.project.path());
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| crate::error::Error::io(&dir, e))?;
        }
        self.index = Some(SearchIndex::open(&self.project, progress)?);
        Ok(())
    }
}

/// Searches whose hits feed another view: the concordance and auto-coding.
impl Session {
    /// Export a concordance to `path`, whole or not at all.
    pub fn save_kwic(&mut self, request: &KwicRequest, format: SegmentFormat, path: &Path, progress: &dyn Progress) -> Result<()> {
        let k = self.kwic(request, progress)?;
        let bytes = match format {
            SegmentFormat::Xlsx => crate::xlsx::workbook(&[kwic::kwic_sheet(&k)])?,
            text => export_kwic(&k, text).into_bytes(),
        };
        crate::store::write_whole(path, &bytes)
    }

    /// Search and lay the matches out as a concordance.
    pub fn kwic(&mut self, request: &KwicRequest, progress: &dyn Progress) -> Result<Kwic> {
        let response = self.search(&request.search, progress)?;
        kwic::kwic(&self.project, &response, request)
    }

    /// What auto-coding would code: every hit of the request's search, without writing anything.
    pub fn autocode_preview(&mut self, request: &AutocodeRequest) -> Result<AutocodePreview> {
        autocode::check(request)?;
        let mut search = request.search.clone();
        search.limit = 1;
        let total = self.search(&search, &NoProgress)?.total as usize;
        search.limit = total.max(1);
        let found = self.search(&search, &NoProgress)?;
        autocode::preview(&self.project, &found, request)
    }

    /// Code every span of the preview, as one undoable action.
    pub fn autocode_apply(&mut self, request: &AutocodeRequest, actor: &str) -> Result<AutocodePreview> {
        let preview = self.autocode_preview(request)?;
        autocode::apply(&mut self.project, preview, request, actor)
    }
}
