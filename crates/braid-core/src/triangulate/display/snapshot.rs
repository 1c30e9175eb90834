//! Everything a joint display reads from the project, read once. The displays are pure
//! functions of a snapshot and a request ([`super::build`]), so they can be tested on a small
//! hand-built snapshot and a display never sees the store change halfway through.

use std::collections::BTreeMap;

use crate::analysis::matrix::{Facts, facts};
use crate::error::Result;
use crate::store::Project;
use crate::store::ops::ResultSource;
use crate::triangulate::display::model::{AttributionStyle, DisplayRequest};
use crate::triangulate::finding::Finding;
use crate::triangulate::published::Published;
use crate::triangulate::survey::{DatasetInfo, SavedModel};

/// The project as a display sees it.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// The codebook, codings (by every coder), documents and informants.
    pub(crate) facts: Facts,
    /// The findings, in order.
    pub(crate) findings: Vec<Finding>,
    /// The saved models.
    pub(crate) models: Vec<SavedModel>,
    /// Everyone who has coded, for provenance lines.
    pub(crate) coders: Vec<String>,
    /// The published tables, if the project holds them.
    pub(crate) published: Option<Published>,
    /// How quotes are attributed.
    pub(crate) style: AttributionStyle,
    /// The datasets the request needs (the models' datasets for probing, the theme table's
    /// dataset), parsed.
    pub(crate) datasets: BTreeMap<String, (braid_stats::Dataset, DatasetInfo)>,
    /// For the case-ordered display: the linked informants' rows, and their provenance.
    pub(crate) cases: Option<(Vec<crate::triangulate::cases::LinkedRow>, String)>,
}

impl Snapshot {
    /// Read what `request` needs from the project.
    pub fn load(project: &Project, request: &DisplayRequest) -> Result<Snapshot> {
        let mut s = Snapshot {
            facts: facts(project, &[])?,
            findings: crate::triangulate::finding::findings(project)?,
            models: crate::triangulate::survey::models(project)?,
            coders: crate::codebook::coding::coders(project)?,
            published: crate::triangulate::published::stored_published(project)?,
            style: crate::triangulate::display::style::attribution_style(project)?,
            datasets: BTreeMap::new(),
            cases: None,
        };
        let mut wanted: Vec<String> = Vec::new();
        match request {
            DisplayRequest::SideBySide => {
                // The datasets of fresh saved models that findings cite, for simple slopes.
                for r in s.findings.iter().flat_map(|f| &f.input.results).filter(|r| r.source == ResultSource::Model) {
                    if let Some(m) = s.models.iter().find(|m| m.name == r.model && !m.stale) {
                        wanted.push(m.dataset.clone());
                    }
                }
            }
            DisplayRequest::Themes { request } => wanted.extend(request.dataset.clone()),
            DisplayRequest::Framework { .. } => {}
            DisplayRequest::Cases { request } => {
                s.cases = Some(crate::triangulate::cases::linked_rows(project, &request.dataset, &request.score_columns(), request.model.as_deref())?);
            }
        }
        for name in wanted {
            if !s.datasets.contains_key(&name) {
                let loaded = crate::triangulate::survey::load_dataset(project, &name)?;
                s.datasets.insert(name, loaded);
            }
        }
        Ok(s)
    }
}

impl Snapshot {
    /// The same snapshot with other published tables (or none), e.g. a paper's tables read
    /// from a file rather than the project.
    pub fn with_published(mut self, published: Option<Published>) -> Snapshot {
        self.published = published;
        self
    }

    /// The same snapshot with another attribution style, e.g. to preview one before saving it.
    pub fn with_style(mut self, style: AttributionStyle) -> Snapshot {
        self.style = style;
        self
    }
}
