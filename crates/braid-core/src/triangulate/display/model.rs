//! What a joint display is made of: findings as rows, quantitative cells, quotes with their
//! attributions, the statistics-by-theme and framework tables, and the requests that ask for
//! them. Plain data, built by [`super::build`] and drawn by [`super::render`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::ops::{FitLabel, ResultSource};
use crate::text::attrs::Attributes;

/// How quotes are attributed, e.g. "(Informant 0602, student in the ethnic Korean secondary
/// school with mother working in South Korea)". A template per informant type, with
/// `{attribute}` placeholders; a label per attribute value, which may hold placeholders too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AttributionStyle {
    /// Informant type -> template, e.g. `child` -> `student in the {school} with {migration}`.
    #[serde(default)]
    pub templates: BTreeMap<String, String>,
    /// Attribute -> value -> label, e.g. `school` -> `Korean secondary` -> `ethnic Korean secondary school`.
    #[serde(default)]
    pub labels: BTreeMap<String, BTreeMap<String, String>>,
    /// The attribute that names the informant type (default `type`).
    #[serde(default)]
    pub type_attribute: Option<String>,
}

/// Build an attribution from an informant's attributes.
pub fn attribution(informant: &str, attributes: &Attributes, style: &AttributionStyle) -> String {
    let type_key = style.type_attribute.as_deref().unwrap_or("type");
    let kind = attributes.get(type_key).map(|v| v.canonical()).unwrap_or_default();
    let fill = |template: &str, depth: usize| -> String { fill_template(template, attributes, style, depth) };
    let description = match style.templates.get(&kind) {
        Some(t) => fill(t, 0),
        None if kind.is_empty() => String::new(),
        None => kind,
    };
    if description.is_empty() { format!("Informant {informant}") } else { format!("Informant {informant}, {description}") }
}

fn fill_template(template: &str, attributes: &Attributes, style: &AttributionStyle, depth: usize) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else { break };
        let key = &rest[open + 1..open + close];
        let value = attributes.get(key).map(|v| v.canonical()).unwrap_or_default();
        let label = style.labels.get(key).and_then(|m| m.get(&value)).cloned().unwrap_or(value);
        // Labels may name other attributes ("mother working in {destination}"), one level deep.
        out.push_str(&if depth == 0 { fill_template(&label, attributes, style, 1) } else { label });
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A quantitative result in a display.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct QuantCell {
    /// Where the number comes from, for people: `Braid fit (dataset survey)` or the
    /// publication, e.g. `Published (Wang 2023)`.
    pub source: String,
    /// Where the number comes from, for programs: a model fitted by Braid or a published table.
    pub origin: ResultSource,
    /// The model's name.
    pub model: String,
    /// The term.
    pub term: String,
    /// Its row label, where the publication gives one.
    pub label: String,
    /// The estimate; `null` when the term is not in the model.
    pub estimate: Option<f64>,
    /// Its standard error.
    pub se: Option<f64>,
    /// The estimate as a paper prints the cell, e.g. `−4.383** (1.500)`; `–` when the term is
    /// not in the model.
    pub text: String,
    /// Significance stars.
    pub stars: String,
    /// The estimation sample.
    pub n: Option<u64>,
    /// Where the number comes from: model, formula, dataset hash, N, time.
    pub provenance: String,
    /// The model's dataset changed after it was fitted.
    pub stale: bool,
    /// For an interaction term of a fitted model: the focal effect at the moderator's mean and
    /// ±1 SD, and the Johnson–Neyman interval. `null` for main effects, published terms and
    /// stale models (probing them would mix two datasets).
    pub simple_slopes: Option<braid_stats::Moderation>,
    /// With `simple_slopes`: the interaction plot (the one `braid probe --plot` draws), as SVG.
    pub plot: Option<String>,
    /// With `plot`: the file name the Markdown and CSV exports give it, to be written beside
    /// them (`braid display --out` does), e.g. `h3-peer-support-1.svg`.
    pub plot_file: Option<String>,
}

/// An exemplar quote in a display.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct Quote {
    /// The coded text.
    pub text: String,
    /// The informant.
    pub informant: String,
    /// The attribution, as a paper prints it.
    pub attribution: String,
    /// Where it is: document and span, for clicking through.
    pub document: String,
    /// Span start.
    pub start: usize,
    /// Span end.
    pub end: usize,
    /// The coding's UUID; empty in a framework matrix, whose quotes are retrieved segments that
    /// may merge several overlapping codings.
    pub coding: String,
}

/// One row of the side-by-side display: one finding.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DisplayRow {
    /// The finding's UUID.
    pub finding: String,
    /// The construct.
    pub title: String,
    /// Its statement.
    pub text: String,
    /// The quantitative evidence.
    pub quant: Vec<QuantCell>,
    /// The themes (code paths).
    pub themes: Vec<String>,
    /// Excerpts coded with the themes (or their sub-codes), by any coder.
    pub excerpts: usize,
    /// Informants whose documents carry the themes, by informant type.
    pub informants_by_type: BTreeMap<String, usize>,
    /// The exemplar quotes, in the researcher's order.
    pub quotes: Vec<Quote>,
    /// The fit label.
    pub fit: Option<FitLabel>,
    /// The meta-inference.
    pub meta_inference: String,
}

/// A side-by-side joint display.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct JointDisplay {
    /// One row per finding.
    pub rows: Vec<DisplayRow>,
    /// Where the qualitative numbers come from: coders and the codings snapshot time.
    pub provenance: String,
}

/// What the statistics-by-theme display shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ThemeStatsRequest {
    /// The informant attribute whose values are the columns, e.g. `migration`.
    pub attribute: String,
    /// The codes (rows); empty means every code that has codings.
    #[serde(default)]
    pub codes: Vec<String>,
    /// A stored survey dataset for the group statistics, e.g. `survey`.
    #[serde(default)]
    pub dataset: Option<String>,
    /// The survey variable summarised per group, e.g. `depression`.
    #[serde(default)]
    pub variable: Option<String>,
    /// The dataset column holding the groups (default: the attribute's name).
    #[serde(default)]
    pub group_column: Option<String>,
    /// Rows of the dataset must be complete on these columns (a model's analytic sample).
    #[serde(default)]
    pub complete_on: Vec<String>,
    /// Rows of the dataset must meet these conditions (a model's subset), e.g.
    /// `sample=questionnaire`.
    #[serde(default)]
    pub subset: Vec<braid_stats::Condition>,
    /// Take the group statistics of this variable from the published descriptive table (the
    /// paper's Table 1) instead of a dataset, e.g. when the raw survey is private.
    #[serde(default)]
    pub table1_variable: Option<String>,
}

/// A group's survey statistic.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct GroupStat {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
    /// Rows.
    pub n: usize,
}

/// One column: a value of the attribute.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeColumn {
    /// The attribute value.
    pub value: String,
    /// Informants with that value.
    pub informants: usize,
    /// The survey statistic of that group, when a dataset was given and has the group.
    pub survey: Option<GroupStat>,
}

/// One cell: how many of the group's informants carry the code.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeCell {
    /// Informants carrying the code.
    pub count: usize,
    /// Their share of the group, in percent.
    pub share: f64,
}

/// One row: a code.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeRow {
    /// Code path.
    pub code: String,
    /// One cell per column.
    pub cells: Vec<ThemeCell>,
}

/// Codes by groups of an attribute, each cell the quantitized share of the group, with the
/// group's survey statistics beside it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ThemeStats {
    /// The attribute.
    pub attribute: String,
    /// The survey variable, if any.
    pub variable: Option<String>,
    /// The columns.
    pub columns: Vec<ThemeColumn>,
    /// The rows.
    pub rows: Vec<ThemeRow>,
    /// Where the numbers come from.
    pub provenance: String,
}

/// What the framework matrix shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FrameworkRequest {
    /// Rows: one per informant when `None`, else one per value of this attribute (e.g. `type`).
    #[serde(default)]
    pub rows_by: Option<String>,
    /// The codes (columns); each includes its sub-codes.
    pub codes: Vec<String>,
    /// Only codings by these coders; empty means all.
    #[serde(default)]
    pub coders: Vec<String>,
    /// At most this many quotes per cell (0 means 3).
    #[serde(default)]
    pub max_quotes: usize,
}

/// One row of a framework matrix.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FrameworkRow {
    /// The informant id, or the attribute value.
    pub label: String,
    /// One cell per code: the number of coded segments and the first quotes.
    pub cells: Vec<FrameworkCell>,
}

/// One cell of a framework matrix.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FrameworkCell {
    /// Coded segments in the cell.
    pub count: usize,
    /// The first quotes, in document order.
    pub quotes: Vec<Quote>,
}

/// Informants (or groups of them) × codes, with the quotes in the cells.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct FrameworkMatrix {
    /// The row attribute, if rows are groups.
    pub rows_by: Option<String>,
    /// The codes (columns).
    pub codes: Vec<String>,
    /// The rows, sorted by label.
    pub rows: Vec<FrameworkRow>,
}

/// What the case-ordered display shows: the informants linked to a dataset's rows, sorted by a
/// survey variable or by a model's residual.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CaseDisplayRequest {
    /// The linked dataset, e.g. `survey`.
    pub dataset: String,
    /// The column to sort by (e.g. `depression`), or `residual` with `model`.
    pub sort_by: String,
    /// The saved model whose residuals are shown (and sorted by, with `sort_by = residual`).
    #[serde(default)]
    pub model: Option<String>,
    /// Lowest first; by default the highest value comes first.
    #[serde(default)]
    pub ascending: bool,
    /// The score columns shown (default: the sort column).
    #[serde(default)]
    pub scores: Vec<String>,
    /// The codes quoted, one short quote each (default: every top-level code with codings).
    #[serde(default)]
    pub codes: Vec<String>,
}

/// The sort word for a model's residual.
pub const RESIDUAL: &str = "residual";

impl CaseDisplayRequest {
    /// The columns the display reads: the scores, and the sort column (unless it is the
    /// residual), the sort column first.
    pub fn score_columns(&self) -> Vec<String> {
        let mut out = if self.scores.is_empty() && self.sort_by != RESIDUAL { vec![self.sort_by.clone()] } else { self.scores.clone() };
        if self.sort_by != RESIDUAL && !out.contains(&self.sort_by) {
            out.insert(0, self.sort_by.clone());
        }
        out
    }
}

/// One case: an informant with their survey row.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CaseDisplayRow {
    /// The informant id.
    pub informant: String,
    /// The attribution, as a paper prints it.
    pub attribution: String,
    /// The informant's first document, to open.
    pub document: Option<String>,
    /// The dataset row, counted from 1.
    pub row: usize,
    /// One value per score column; empty when missing.
    pub scores: Vec<String>,
    /// The model's residual, when a model was given.
    pub residual: Option<f64>,
    /// The codes the informant carries (codes with codings in their documents), in codebook order.
    pub codes: Vec<String>,
    /// One short quote per chosen code, when the informant carries it.
    pub quotes: Vec<Option<Quote>>,
}

/// Linked informants sorted by a survey variable or a model's residual, with their scores, the
/// codes they carry and a quote per chosen code.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CaseDisplay {
    /// The dataset.
    pub dataset: String,
    /// The sort column, or `residual`.
    pub sort_by: String,
    /// Lowest first.
    pub ascending: bool,
    /// The model, when residuals are shown.
    pub model: Option<String>,
    /// The score columns.
    pub scores: Vec<String>,
    /// The quoted codes.
    pub codes: Vec<String>,
    /// The cases, in order.
    pub rows: Vec<CaseDisplayRow>,
    /// Where the numbers and quotes come from.
    pub provenance: String,
}

/// A file format for a display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DisplayFormat {
    /// Self-contained HTML page.
    Html,
    /// Markdown table.
    Markdown,
    /// CSV, one row per quantitative result.
    Csv,
    /// LaTeX `longtable`.
    Latex,
    /// Word document with a real table.
    Docx,
    /// Excel workbook, one row per quantitative result.
    Xlsx,
}

impl DisplayFormat {
    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            DisplayFormat::Html => "html",
            DisplayFormat::Markdown => "md",
            DisplayFormat::Csv => "csv",
            DisplayFormat::Latex => "tex",
            DisplayFormat::Docx => "docx",
            DisplayFormat::Xlsx => "xlsx",
        }
    }
}

/// A built display, of whichever kind was asked for. It serialises as the display itself.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(untagged)]
pub enum Display {
    /// The side-by-side display.
    SideBySide(JointDisplay),
    /// Statistics by theme.
    Themes(ThemeStats),
    /// The framework matrix.
    Framework(FrameworkMatrix),
    /// The case-ordered display.
    Cases(CaseDisplay),
}

/// Which display to build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DisplayRequest {
    /// The side-by-side display of every finding.
    SideBySide,
    /// Statistics by theme.
    Themes {
        /// What to tabulate.
        request: ThemeStatsRequest,
    },
    /// The framework matrix.
    Framework {
        /// What to tabulate.
        request: FrameworkRequest,
    },
    /// The case-ordered display.
    Cases {
        /// What to show.
        request: CaseDisplayRequest,
    },
}

/// The significance stars of a p-value: `***` below .001, `**` below .01, `*` below .05.
pub fn stars(p: f64) -> String {
    braid_stats::stars(p).to_string()
}

impl DisplayRequest {
    /// The format a display exports to when none is named: Markdown for the side-by-side
    /// display, HTML for the tables (their only format).
    pub fn default_format(&self) -> DisplayFormat {
        match self {
            DisplayRequest::SideBySide | DisplayRequest::Cases { .. } => DisplayFormat::Markdown,
            DisplayRequest::Themes { .. } | DisplayRequest::Framework { .. } => DisplayFormat::Html,
        }
    }
}
