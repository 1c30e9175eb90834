//! Published results as data (`corpus/published/*.json`): a paper's regression tables,
//! descriptive table and quoted excerpts, so that a study whose raw data are private can
//! still be triangulated against its printed numbers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Location, Result};

/// A paper's published results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Published {
    /// The full reference.
    pub citation: String,
    /// Star thresholds.
    pub significance: Significance,
    /// The descriptive table by group (a paper's Table 1), as printed.
    #[serde(default)]
    pub table1: Option<PublishedDescriptives>,
    /// The regression tables, as printed.
    pub tables: Vec<PublishedTable>,
    /// Interview excerpts quoted in the paper.
    #[serde(default)]
    pub excerpts: Vec<PublishedExcerpt>,
}

/// A published descriptive table: each variable's statistics by group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishedDescriptives {
    /// The table's title.
    pub title: String,
    /// The groups (columns), as the data code them, e.g. `mother`.
    pub groups: Vec<String>,
    /// The groups' printed labels, e.g. `Mother away`.
    #[serde(default)]
    pub group_labels: BTreeMap<String, String>,
    /// Each group's N.
    pub n: BTreeMap<String, u32>,
    /// The rows.
    pub variables: Vec<PublishedVariable>,
}

/// One variable of a published descriptive table: a mean (SD) per group, or the percentage
/// of each level per group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishedVariable {
    /// The variable, as the data name it, e.g. `depression`.
    pub variable: String,
    /// Its printed label.
    pub label: String,
    /// `mean` or `percent`.
    pub kind: String,
    /// For `mean`: each group's mean and SD.
    #[serde(default)]
    pub values: BTreeMap<String, PublishedMean>,
    /// For `percent`: the levels, each with its percentage per group (`null` where the printed
    /// cell is blank).
    #[serde(default)]
    pub levels: Vec<PublishedLevel>,
}

/// A group's mean and standard deviation, as printed.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishedMean {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
}

/// One level of a categorical variable in a published descriptive table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishedLevel {
    /// The level as the data code it.
    pub level: String,
    /// Its printed label.
    pub label: String,
    /// Percentage per group.
    pub values: BTreeMap<String, Option<f64>>,
}

/// How stars map to p-values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(rename = "PublishedSignificance")]
pub struct Significance {
    /// Thresholds, strictest first.
    pub thresholds: Vec<StarThreshold>,
}

/// One star threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct StarThreshold {
    /// The stars, e.g. `**`.
    pub stars: String,
    /// The p-value below which they are printed.
    pub p: f64,
}

/// One printed regression table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishedTable {
    /// Table number.
    pub table: u32,
    /// Caption.
    pub title: String,
    /// The outcome variable.
    pub outcome: String,
    /// The table's note on unprinted controls, if any.
    #[serde(default)]
    pub controls_note: Option<String>,
    /// The models, left to right.
    pub models: Vec<PublishedModel>,
}

/// One model column of a printed table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishedModel {
    /// Model number within its table.
    pub model: u32,
    /// The specification as an R-style formula.
    pub formula: String,
    /// Observations.
    pub n: u32,
    /// R².
    pub r2: f64,
    /// The printed terms.
    pub terms: Vec<PublishedTerm>,
}

/// One printed coefficient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishedTerm {
    /// Braid's term name, e.g. `migration[mother]:belonging`.
    pub term: String,
    /// The row label as printed.
    pub label: String,
    /// The estimate.
    pub estimate: f64,
    /// The standard error.
    pub se: f64,
    /// Stars as printed.
    pub stars: String,
}

/// An interview excerpt quoted in the paper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishedExcerpt {
    /// The informant it is attributed to.
    pub informant: String,
    /// The text as printed.
    pub text: String,
    /// The attribution as printed.
    pub attribution: String,
    /// The finding it supports.
    pub finding: String,
    /// The interviewer's question printed before it, if any.
    #[serde(default)]
    pub question: Option<String>,
}

/// Parse a published-results JSON file.
pub fn parse_published(json: &str, file: &str) -> Result<Published> {
    serde_json::from_str(json).map_err(|e| {
        Error::bad_input(Location::file(file).line(e.line()), format!("not a published-results file: {e}"))
    })
}

impl Published {
    /// A model by table and model number.
    pub fn model(&self, table: u32, model: u32) -> Option<&PublishedModel> {
        self.tables.iter().find(|t| t.table == table)?.models.iter().find(|m| m.model == model)
    }

    /// The citation in short, author and year: `Wang 2023` from `Wang, S. (2023) Constructing…`.
    /// A citation without a bracketed year is cut at its first comma or full stop.
    pub fn short_citation(&self) -> String {
        let c = self.citation.trim();
        let author = c.split([',', '.', '(']).next().unwrap_or(c).trim();
        let year = c
            .split('(')
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
            .find(|y| y.len() == 4 && y.chars().all(|ch| ch.is_ascii_digit()));
        match (author.is_empty(), year) {
            (false, Some(y)) => format!("{author} {y}"),
            (false, None) => author.chars().take(60).collect(),
            (true, _) => "publication".to_string(),
        }
    }

    /// All terms of all models, keyed `Table 4 model 1`, for lookups by label.
    pub fn model_names(&self) -> BTreeMap<String, (u32, u32)> {
        self.tables
            .iter()
            .flat_map(|t| t.models.iter().map(move |m| (format!("Table {} model {}", t.table, m.model), (t.table, m.model))))
            .collect()
    }
}

/// Keep a publication's results in the project, so that displays can cite them later.
pub fn store_published(project: &mut crate::store::Project, published: &Published, actor: &str) -> Result<()> {
    let tx = project.conn.transaction()?;
    tx.execute(
        "INSERT INTO project (key, value) VALUES ('published', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [serde_json::to_string(published).unwrap_or_default()],
    )?;
    crate::store::log_event(&tx, actor, crate::store::action::Action::SetPublished, &serde_json::json!({ "citation": published.citation }))?;
    tx.commit()?;
    Ok(())
}

/// The publication stored in the project, if any.
pub fn stored_published(project: &crate::store::Project) -> Result<Option<Published>> {
    use rusqlite::OptionalExtension;
    let json: Option<String> = project.conn.query_row("SELECT value FROM project WHERE key = 'published'", [], |r| r.get(0)).optional()?;
    Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
}
