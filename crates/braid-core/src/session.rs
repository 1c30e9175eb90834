//! A session: an open project and its search index, as the app and the CLI use them.

use std::path::Path;

use serde::Serialize;
use ts_rs::TS;

use crate::error::Result;
use crate::progress::Progress;
use crate::search::{CodeSets, Filters, SearchIndex, SearchRequest, SearchResponse};
use crate::store::{Document, DocumentInfo, Informant, Project};

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
}

/// An attribute and the values informants have for it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AttributeValues {
    /// The attribute key.
    pub key: String,
    /// Its type.
    pub kind: crate::attrs::AttrKind,
    /// Distinct values, sorted.
    pub values: Vec<String>,
}

/// An open project with a search index that is kept up to date.
#[derive(Debug)]
pub struct Session {
    project: Project,
    index: Option<SearchIndex>,
}

impl Session {
    /// Open a project file.
    pub fn open(path: &Path) -> Result<Session> {
        Ok(Session { project: Project::open(path)?, index: None })
    }

    /// Create a new, empty project file and open it.
    pub fn create(path: &Path) -> Result<Session> {
        Ok(Session { project: Project::create(path)?, index: None })
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
        Ok(ProjectSummary {
            path: self.project.path().display().to_string(),
            uuid: self.project.uuid()?,
            documents: self.project.documents()?.len(),
            informants: informants.len(),
            attributes,
        })
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
        let stale = match &self.index {
            Some(index) => index.generation() != self.project.generation()?,
            None => true,
        };
        if stale {
            self.index = Some(SearchIndex::open(&self.project, progress)?);
        }
        let mut sets = CodeSets::default();
        for code in &request.filters.codes {
            sets.all_of.push(crate::coding::segments_with_code(&self.project, code)?);
        }
        for code in &request.filters.not_codes {
            sets.none_of.extend(crate::coding::segments_with_code(&self.project, code)?);
        }
        self.index.as_ref().expect("index opened above").search_with_codes(request, &sets)
    }

    /// Rebuild the search index from the store.
    pub fn reindex(&mut self, progress: &dyn Progress) -> Result<()> {
        let dir = crate::search::index_dir(self.project.path());
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| crate::error::Error::io(&dir, e))?;
        }
        self.index = Some(SearchIndex::open(&self.project, progress)?);
        Ok(())
    }
}
