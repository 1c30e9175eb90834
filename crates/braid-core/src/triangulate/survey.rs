//! Survey datasets and saved models in the project. The statistics themselves are in
//! `braid-stats` (pure); this module stores their inputs and results with provenance.

use std::borrow::Cow;

use rusqlite::params;
use serde::Serialize;
use ts_rs::TS;

use braid_stats::{CsvOptions, Dataset, FitOptions, OlsFit};

use crate::error::{Error, Location, Result};
use crate::text::Source;
use crate::triangulate::survey_files::{SurveyFileOptions, SurveyFormat};
use crate::store::{self, Project};

/// A dataset stored in the project.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DatasetInfo {
    /// Its name in the project, e.g. `survey`.
    pub name: String,
    /// The file it came from.
    pub file_name: String,
    /// SHA-256 of the original bytes: models record it, so a display can tell when a model's
    /// dataset changed after it was fitted.
    pub sha256: String,
    /// Rows and columns.
    pub summary: braid_stats::DatasetSummary,
    /// When it was imported.
    pub imported_at: String,
}

/// A model saved in the project: what was fitted, on which data, and the result.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SavedModel {
    /// Its name, e.g. `Table 4 model 1`.
    pub name: String,
    /// The dataset's name.
    pub dataset: String,
    /// The dataset's hash when the model was fitted.
    pub dataset_sha256: String,
    /// The formula.
    pub formula: String,
    /// Reference levels, robust SEs, analytic sample.
    pub options: FitOptions,
    /// The fit, as `braid fit --json` prints it.
    #[ts(type = "unknown")]
    pub fit: serde_json::Value,
    /// When it was fitted.
    pub fitted_at: String,
    /// The dataset changed after the model was fitted, or the codings behind a code variable
    /// it uses did (refit it).
    pub stale: bool,
    /// Why it is stale; empty when it is not.
    pub stale_reason: String,
    /// The variables its formula uses, in order of first appearance: with the options'
    /// `complete_on`, the columns its analytic sample must be complete on.
    pub variables: Vec<String>,
}

/// Read a CSV source as a dataset, decoding it like any imported text.
pub fn read_dataset(source: &Source, options: &CsvOptions) -> Result<Dataset> {
    read_survey_file(source, options, &SurveyFileOptions::default())
}

/// A survey file in any format Braid reads (CSV, SPSS, Stata, Excel, OpenDocument) as the typed CSV
/// a dataset stores, with the options to read it and what the reading decided.
fn survey_csv<'a>(source: &'a Source, options: &CsvOptions, file: &SurveyFileOptions) -> Result<(Cow<'a, str>, CsvOptions, Vec<String>)> {
    let shown = source.path.display().to_string();
    match SurveyFormat::of(source) {
        SurveyFormat::Csv => Ok((crate::text::decode_table(&source.bytes, &shown)?, options.clone(), Vec::new())),
        format => {
            let converted = crate::triangulate::survey_files::convert(source, format, file)?;
            // What the user says wins over what the file says.
            let mut merged = converted.options;
            merged.types.extend(options.types.clone());
            merged.missing.extend(options.missing.iter().cloned());
            for (col, labels) in &options.labels {
                merged.labels.entry(col.clone()).or_default().extend(labels.clone());
            }
            merged.variable_labels.extend(options.variable_labels.clone());
            Ok((Cow::Owned(converted.csv), merged, converted.notes))
        }
    }
}

/// [`read_dataset`] with the options of a workbook or a labelled file: the sheet, and whether
/// labelled variables keep their codes.
pub fn read_survey_file(source: &Source, options: &CsvOptions, file: &SurveyFileOptions) -> Result<Dataset> {
    let shown = source.path.display().to_string();
    let (text, options, _) = survey_csv(source, options, file)?;
    Dataset::from_csv(&text, &shown, &options).map_err(|e| stats_error(e, &shown))
}

/// A braid-stats error as a braid-core one, keeping file, line and column.
pub(crate) fn stats_error(e: braid_stats::Error, file: &str) -> Error {
    match e {
        braid_stats::Error::Csv { file: f, line, column, value, message } => {
            let mut at = Location::file(if f.is_empty() { file.to_string() } else { f });
            at.line = Some(line as usize);
            at.field = column;
            let message = match value {
                Some(v) if !message.contains(&format!("`{v}`")) => format!("`{v}`: {message}"),
                _ => message,
            };
            Error::bad_input(at, message)
        }
        other => Error::BadRequest(other.to_string()),
    }
}

/// Import a CSV into the project as a named dataset (replacing one of the same name). Checked
/// first: a file that does not parse is refused whole.
pub fn import_dataset(project: &mut Project, name: &str, source: &Source, options: &CsvOptions, actor: &str) -> Result<DatasetInfo> {
    import_survey_file(project, name, source, options, &SurveyFileOptions::default(), actor)
}

/// [`import_dataset`] of a file in any format Braid reads: CSV, SPSS `.sav`/`.zsav`, Stata
/// `.dta`, Excel `.xlsx`, OpenDocument `.ods`. The typed CSV it becomes is stored; the hash is of the file as given.
pub fn import_survey_file(project: &mut Project, name: &str, source: &Source, options: &CsvOptions, file: &SurveyFileOptions, actor: &str) -> Result<DatasetInfo> {
    if name.trim().is_empty() {
        return Err(Error::BadRequest("name the dataset, e.g. --name survey".to_string()));
    }
    let shown = source.path.display().to_string();
    let (text, options, notes) = survey_csv(source, options, file)?;
    let options = &options;
    let data = Dataset::from_csv(&text, &shown, options).map_err(|e| stats_error(e, &shown))?;
    let sha256 = crate::text::sha256_hex(&source.bytes);
    let file_name = source.path.file_name().and_then(|f| f.to_str()).unwrap_or("data.csv").to_string();
    let tx = project.conn.transaction()?;
    tx.execute(
        "INSERT INTO datasets (uuid, name, file_name, sha256, csv, options, imported_at, imported_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (name) DO UPDATE SET file_name = excluded.file_name, sha256 = excluded.sha256, csv = excluded.csv,
             options = excluded.options, imported_at = excluded.imported_at, imported_by = excluded.imported_by",
        params![
            uuid::Uuid::new_v4().to_string(),
            name,
            file_name,
            sha256,
            text,
            serde_json::to_string(options).unwrap_or_default(),
            store::now(),
            actor
        ],
    )?;
    store::log_event(&tx, actor, crate::store::action::Action::ImportDataset, &serde_json::json!({ "name": name, "file": file_name, "sha256": sha256 }))?;
    tx.commit()?;
    let mut summary = data.summary();
    summary.notes.extend(notes);
    Ok(DatasetInfo { name: name.to_string(), file_name, sha256, summary, imported_at: store::now() })
}

/// A stored dataset, parsed, with its record. A dataset linked to the informants carries its
/// code variables as columns after its own, computed from the codings as they are now.
pub fn load_dataset(project: &Project, name: &str) -> Result<(Dataset, DatasetInfo)> {
    let stored = crate::store::cases::stored_dataset(&project.conn, name)?.ok_or_else(|| Error::NotFound { what: "dataset", name: name.to_string() })?;
    // Import checked the file, so a stored dataset that no longer reads was imported under
    // older, laxer rules (e.g. a stray word in a column of numbers, once read as categories).
    let mut data = stored.parse().map_err(|e| match stats_error(e, &stored.file_name) {
        Error::BadInput { at, message } => Error::bad_input(
            at,
            format!("{message}; the dataset `{name}` was imported by an earlier version of Braid, so import the file again as `{name}` with that option"),
        ),
        other => other,
    })?;
    crate::triangulate::codevars::append_code_columns(project, name, &mut data)?;
    let summary = data.summary();
    let crate::store::cases::StoredDataset { file_name, sha256, imported_at, .. } = stored;
    Ok((data, DatasetInfo { name: name.to_string(), file_name, sha256, summary, imported_at }))
}

/// The datasets in the project.
pub fn datasets(project: &Project) -> Result<Vec<DatasetInfo>> {
    let names: Vec<String> =
        project.conn.prepare("SELECT name FROM datasets ORDER BY name")?.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    names.iter().map(|n| load_dataset(project, n).map(|(_, info)| info)).collect()
}

/// The dataset's name for error messages: the file it was read from.
fn shown(data: &Dataset) -> String {
    data.name().to_string()
}

/// Fit an OLS model on a dataset.
pub fn fit(data: &Dataset, formula: &str, options: &FitOptions) -> Result<OlsFit> {
    braid_stats::fit_ols(data, formula, options).map_err(|e| stats_error(e, &shown(data)))
}

/// Fit a model and probe its moderation: simple slopes, the Johnson–Neyman interval, and,
/// when `plot` is set, the interaction plot as SVG (empty otherwise).
pub fn probe(data: &Dataset, formula: &str, options: &FitOptions, spec: &braid_stats::ModerationSpec, plot: bool) -> Result<ProbeResult> {
    let fit = fit(data, formula, options)?;
    let moderation = braid_stats::probe_moderation(&fit, spec).map_err(|e| stats_error(e, &shown(data)))?;
    let svg = if plot {
        braid_stats::interaction_plot(&fit, spec, &braid_stats::PlotOptions::default()).map_err(|e| stats_error(e, &shown(data)))?
    } else {
        String::new()
    };
    Ok(ProbeResult { fit, moderation, svg })
}

/// Descriptive statistics, by group if asked (a paper's Table 1).
pub fn describe(data: &Dataset, options: &braid_stats::DescribeOptions) -> Result<braid_stats::Descriptives> {
    braid_stats::describe(data, options).map_err(|e| stats_error(e, &shown(data)))
}

/// Cronbach's α of a scale's items, over the rows that meet `subset` (all rows when empty).
pub fn alpha(data: &Dataset, items: &[String], subset: &[braid_stats::Condition]) -> Result<braid_stats::Alpha> {
    let data = &*data.subset(subset).map_err(|e| stats_error(e, &shown(data)))?;
    braid_stats::cronbach_alpha(data, items).map_err(|e| stats_error(e, &shown(data)))
}

/// Fit a model on a stored dataset.
pub fn fit_on(project: &Project, dataset: &str, formula: &str, options: &FitOptions) -> Result<OlsFit> {
    fit(&load_dataset(project, dataset)?.0, formula, options)
}

/// Fit a model on a stored dataset and save it by name (replacing one of the same name).
pub fn save_model(project: &mut Project, name: &str, dataset: &str, formula: &str, options: &FitOptions, actor: &str) -> Result<SavedModel> {
    let (data, info) = load_dataset(project, dataset)?;
    let fit = fit(&data, formula, options)?;
    let derived = crate::triangulate::codevars::fingerprint(project, dataset, &data, &model_columns(formula, options))?;
    let result = serde_json::to_string(&fit).unwrap_or_default();
    let tx = project.conn.transaction()?;
    tx.execute(
        "INSERT INTO models (uuid, name, dataset, dataset_sha256, formula, options, result, fitted_at, fitted_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (name) DO UPDATE SET dataset = excluded.dataset, dataset_sha256 = excluded.dataset_sha256, formula = excluded.formula,
             options = excluded.options, result = excluded.result, fitted_at = excluded.fitted_at, fitted_by = excluded.fitted_by",
        params![
            uuid::Uuid::new_v4().to_string(),
            name,
            dataset,
            info.sha256,
            formula,
            serde_json::to_string(options).unwrap_or_default(),
            result,
            store::now(),
            actor
        ],
    )?;
    store::log_event(&tx, actor, crate::store::action::Action::SaveModel, &serde_json::json!({ "name": name, "dataset": dataset, "formula": formula }))?;
    tx.commit()?;
    crate::triangulate::codevars::record_fingerprint(project, name, derived.as_deref())?;
    models(project)?.into_iter().find(|m| m.name == name).ok_or_else(|| Error::NotFound { what: "model", name: name.to_string() })
}

/// The columns a model reads: its formula's variables, and the options' `complete_on`,
/// weights, cluster and subset columns.
pub fn model_columns(formula: &str, options: &FitOptions) -> Vec<String> {
    let mut out = formula_variables(formula);
    let more = options.complete_on.iter().chain(&options.weights).chain(&options.cluster).chain(options.subset.iter().map(|c| &c.column));
    for c in more {
        if !out.contains(c) {
            out.push(c.clone());
        }
    }
    out
}

/// The saved models, each marked stale when its dataset changed after it was fitted, or when
/// the codings behind a code variable it uses changed.
pub fn models(project: &Project) -> Result<Vec<SavedModel>> {
    let mut list = stored_models(project)?;
    let derived: Vec<(String, String)> = project
        .conn
        .prepare("SELECT name, derived FROM models WHERE derived IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut loaded: std::collections::BTreeMap<String, Dataset> = std::collections::BTreeMap::new();
    for (name, was) in derived {
        let Some(m) = list.iter_mut().find(|m| m.name == name && !m.stale) else { continue };
        if !loaded.contains_key(&m.dataset) {
            match load_dataset(project, &m.dataset) {
                Ok((data, _)) => {
                    loaded.insert(m.dataset.clone(), data);
                }
                Err(_) => continue,
            }
        }
        let data = &loaded[&m.dataset];
        let now = crate::triangulate::codevars::fingerprint(project, &m.dataset, data, &model_columns(&m.formula, &m.options))?;
        if now.as_deref() != Some(was.as_str()) {
            m.stale = true;
            m.stale_reason = "the codings behind its code variables changed since it was fitted; refit it".to_string();
        }
    }
    Ok(list)
}

fn stored_models(project: &Project) -> Result<Vec<SavedModel>> {
    let mut stmt = project.conn.prepare(
        "SELECT m.name, m.dataset, m.dataset_sha256, m.formula, m.options, m.result, m.fitted_at, d.sha256
         FROM models m LEFT JOIN datasets d ON d.name = m.dataset ORDER BY m.id",
    )?;
    let rows = stmt.query_map([], |r| {
        let options: String = r.get(4)?;
        let result: String = r.get(5)?;
        let current: Option<String> = r.get(7)?;
        let fitted_on: String = r.get(2)?;
        Ok(SavedModel {
            name: r.get(0)?,
            dataset: r.get(1)?,
            stale: current.as_deref() != Some(fitted_on.as_str()),
            stale_reason: match current.as_deref() {
                None => "its dataset is no longer in the project".to_string(),
                Some(now) if now != fitted_on => "its dataset was imported again since it was fitted; refit it".to_string(),
                Some(_) => String::new(),
            },
            dataset_sha256: fitted_on,
            variables: formula_variables(&r.get::<_, String>(3)?),
            formula: r.get(3)?,
            options: serde_json::from_str(&options).unwrap_or_default(),
            fit: serde_json::from_str(&result).unwrap_or(serde_json::Value::Null),
            fitted_at: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Refit saved models by name on their datasets as they are now, for tables and displays.
pub fn refit(project: &Project, names: &[String]) -> Result<Vec<(SavedModel, OlsFit)>> {
    let all = models(project)?;
    names
        .iter()
        .map(|n| {
            let m = all.iter().find(|m| m.name == *n).cloned().ok_or_else(|| Error::NotFound { what: "model", name: n.clone() })?;
            let fit = fit_on(project, &m.dataset, &m.formula, &m.options)?;
            Ok((m, fit))
        })
        .collect()
}

/// A moderation probe on a stored dataset, with the interaction plot as SVG.
#[derive(Debug, Clone, Serialize, TS)]
pub struct ProbeResult {
    /// The fitted model.
    pub fit: OlsFit,
    /// Simple slopes and the Johnson–Neyman interval.
    pub moderation: braid_stats::Moderation,
    /// The interaction plot.
    pub svg: String,
}

/// Fit a model on a stored dataset and probe its moderation.
pub fn probe_on(project: &Project, dataset: &str, formula: &str, options: &FitOptions, spec: &braid_stats::ModerationSpec) -> Result<ProbeResult> {
    probe(&load_dataset(project, dataset)?.0, formula, options, spec, true)
}

/// Descriptives by group (a paper's Table 1) on a stored dataset.
pub fn describe_on(project: &Project, dataset: &str, options: &braid_stats::DescribeOptions) -> Result<braid_stats::Descriptives> {
    describe(&load_dataset(project, dataset)?.0, options)
}

/// Cronbach's α of items of a stored dataset, over the rows that meet `subset`.
pub fn alpha_on(project: &Project, dataset: &str, items: &[String], subset: &[braid_stats::Condition]) -> Result<braid_stats::Alpha> {
    alpha(&load_dataset(project, dataset)?.0, items, subset)
}

/// A file format for a publication table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum TableFormat {
    /// An HTML table.
    Html,
    /// A Markdown table.
    Markdown,
    /// A LaTeX `tabular`.
    Latex,
    /// CSV.
    Csv,
}

/// A publication table in a file format.
pub fn render_table(table: &braid_stats::Table, format: TableFormat) -> String {
    match format {
        TableFormat::Html => table.to_html(),
        TableFormat::Markdown => table.to_markdown(),
        TableFormat::Latex => table.to_latex(),
        TableFormat::Csv => table.to_csv(),
    }
}

/// Saved models side by side, refitted on their datasets as they are now.
pub fn models_table(project: &Project, names: &[String], options: &braid_stats::TableOptions) -> Result<braid_stats::Table> {
    let fits = refit(project, names)?;
    let refs: Vec<&OlsFit> = fits.iter().map(|(_, f)| f).collect();
    let mut options = options.clone();
    if options.model_names.is_empty() {
        options.model_names = names.to_vec();
    }
    braid_stats::regression_table(&refs, &options).map_err(|e| Error::BadRequest(e.to_string()))
}

/// Saved models side by side as an Excel workbook at `path` (numbers as numbers, stars and
/// parentheses as number formats), whole or not at all.
pub fn save_models_workbook(project: &Project, names: &[String], path: &std::path::Path) -> Result<()> {
    let table = models_table(project, names, &braid_stats::TableOptions::default())?;
    crate::store::write_whole(path, &crate::xlsx::workbook(&[crate::xlsx::table_sheet("Models", &table)])?)
}

/// The variables a formula names (`factor(x)`, `center(x)` and `scale(x)` name `x`), in order
/// of first appearance.
pub fn formula_variables(formula: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for token in formula.split(|c: char| "~+*:() -".contains(c)) {
        let token = token.trim();
        let function = matches!(token, "factor" | "center" | "scale");
        if !token.is_empty() && !function && token.parse::<f64>().is_err() && !out.iter().any(|t| t == token) {
            out.push(token.to_string());
        }
    }
    out
}

/// The nested-model F test (R² change) of `restricted` within `full`, both fitted on the rows
/// complete on every variable of either, so that they compare like with like.
pub fn compare_models(data: &Dataset, restricted: &str, full: &str, options: &FitOptions) -> Result<braid_stats::NestedTest> {
    let mut options = options.clone();
    for v in formula_variables(restricted).into_iter().chain(formula_variables(full)) {
        if !options.complete_on.contains(&v) {
            options.complete_on.push(v);
        }
    }
    let fit = |f: &str| braid_stats::fit_ols(data, f, &options).map_err(|e| Error::BadRequest(e.to_string()));
    braid_stats::compare_fits(&fit(restricted)?, &fit(full)?).map_err(|e| Error::BadRequest(e.to_string()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn formula_variables() {
        assert_eq!(super::formula_variables("y ~ a * factor(b) + c:a - 1"), ["y", "a", "b", "c"]);
        assert_eq!(super::formula_variables("y ~ g * center(m) + scale(z)"), ["y", "g", "m", "z"]);
    }

    /// A dataset stored before a stray word in a column of numbers was refused no longer
    /// reads; the error says how to store it again.
    #[test]
    fn a_stored_dataset_that_no_longer_reads_says_to_import_it_again() {
        let dir = tempfile::tempdir().unwrap();
        let project = crate::Project::create(&dir.path().join("study.braid")).unwrap();
        let csv = "id,age\n1,12\n2,twelve\n3,13\n4,12\n5,14\n6,13\n7,12\n8,15\n9,13\n10,14\n";
        project
            .conn
            .execute(
                "INSERT INTO datasets (uuid, name, file_name, sha256, csv, options, imported_at, imported_by)
                 VALUES ('u', 'old', 'old.csv', 'h', ?1, '{}', 'then', 't')",
                [csv],
            )
            .unwrap();
        let err = super::load_dataset(&project, "old").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::BadInput);
        let err = err.to_string();
        assert!(err.starts_with("old.csv:3: field `age`: column `age`: `twelve` is not a number"), "{err}");
        assert!(
            err.ends_with("the dataset `old` was imported by an earlier version of Braid, so import the file again as `old` with that option"),
            "{err}"
        );
    }
}
