//! Commands for survey data: datasets, model fitting and saving, moderation probes, regression
//! tables, descriptives and Cronbach's α. Each one locks the session, calls braid-core and
//! converts its error; tables travel as the core renders them (HTML, Markdown, LaTeX, CSV).

use braid_core::stats::{Alpha, DescribeOptions, FitOptions, ModerationSpec, OlsFit, TableOptions};
use braid_core::{
    CaseList, CaseRequest, CodeMeasure, CodeVariable, DatasetInfo, LinkReport, ProbeResult, SavedModel, Source, SurveyFileOptions, TableFormat,
};
use tauri::State;

use crate::coding::actor;
use crate::{AppState, CmdResult, with_session};

#[tauri::command]
pub(crate) async fn list_datasets(state: State<'_, AppState>) -> CmdResult<Vec<DatasetInfo>> {
    with_session(&state, |s| braid_core::datasets(s.project()))
}

/// Import a CSV file the user chose in the open dialog as dataset `name`.
#[tauri::command]
pub(crate) async fn import_dataset(
    state: State<'_, AppState>,
    name: String,
    path: String,
    file: SurveyFileOptions,
) -> CmdResult<DatasetInfo> {
    with_session(&state, |s| {
        let source = Source::read(std::path::Path::new(path.trim()))?;
        braid_core::import_survey_file(
            s.project_mut(),
            name.trim(),
            &source,
            &braid_core::stats::CsvOptions::default(),
            &file,
            &actor(),
        )
    })
}

#[tauri::command]
pub(crate) async fn fit_model(
    state: State<'_, AppState>,
    dataset: String,
    formula: String,
    options: FitOptions,
) -> CmdResult<OlsFit> {
    with_session(&state, |s| {
        braid_core::fit_on(s.project(), &dataset, &formula, &options)
    })
}

#[tauri::command]
pub(crate) async fn save_model(
    state: State<'_, AppState>,
    name: String,
    dataset: String,
    formula: String,
    options: FitOptions,
) -> CmdResult<SavedModel> {
    with_session(&state, |s| {
        braid_core::save_model(
            s.project_mut(),
            name.trim(),
            &dataset,
            &formula,
            &options,
            &actor(),
        )
    })
}

#[tauri::command]
pub(crate) async fn list_models(state: State<'_, AppState>) -> CmdResult<Vec<SavedModel>> {
    with_session(&state, |s| braid_core::models(s.project()))
}

/// Saved models side by side as a publication table, rendered in `format`.
#[tauri::command]
pub(crate) async fn models_table(
    state: State<'_, AppState>,
    names: Vec<String>,
    format: TableFormat,
) -> CmdResult<String> {
    with_session(&state, |s| {
        braid_core::models_table(s.project(), &names, &TableOptions::default())
            .map(|t| braid_core::render_table(&t, format))
    })
}

/// Saved models side by side as an Excel workbook at `path`.
#[tauri::command]
pub(crate) async fn save_models_workbook(state: State<'_, AppState>, names: Vec<String>, path: String) -> CmdResult<()> {
    with_session(&state, |s| braid_core::save_models_workbook(s.project(), &names, std::path::Path::new(path.trim())))
}

#[tauri::command]
pub(crate) async fn probe_model(
    state: State<'_, AppState>,
    dataset: String,
    formula: String,
    options: FitOptions,
    spec: ModerationSpec,
) -> CmdResult<ProbeResult> {
    with_session(&state, |s| {
        braid_core::probe_on(s.project(), &dataset, &formula, &options, &spec)
    })
}

/// Descriptives (a paper's Table 1), rendered as an HTML table.
#[tauri::command]
pub(crate) async fn describe_dataset(
    state: State<'_, AppState>,
    dataset: String,
    options: DescribeOptions,
) -> CmdResult<String> {
    with_session(&state, |s| {
        braid_core::describe_on(s.project(), &dataset, &options).map(|d| d.to_table().to_html())
    })
}

#[tauri::command]
pub(crate) async fn cronbach_alpha(
    state: State<'_, AppState>,
    dataset: String,
    items: Vec<String>,
    subset: Vec<braid_core::stats::Condition>,
) -> CmdResult<Alpha> {
    with_session(&state, |s| {
        braid_core::alpha_on(s.project(), &dataset, &items, &subset)
    })
}

/// The datasets linked to informants, each with how its rows match now.
#[tauri::command]
pub(crate) async fn dataset_links(state: State<'_, AppState>) -> CmdResult<Vec<LinkReport>> {
    with_session(&state, |s| braid_core::dataset_links(s.project()))
}

/// Link the informants to a dataset's rows by `column` (undoable).
#[tauri::command]
pub(crate) async fn link_dataset(state: State<'_, AppState>, dataset: String, column: String, attribute: Option<String>) -> CmdResult<LinkReport> {
    with_session(&state, |s| braid_core::link_dataset(s.project_mut(), &dataset, column.trim(), attribute.as_deref(), &actor()))
}

/// Remove a dataset's link (undoable).
#[tauri::command]
pub(crate) async fn unlink_dataset(state: State<'_, AppState>, dataset: String) -> CmdResult<()> {
    with_session(&state, |s| braid_core::unlink_dataset(s.project_mut(), &dataset, &actor()))
}

/// The code variables of a dataset, or of all.
#[tauri::command]
pub(crate) async fn code_variables(state: State<'_, AppState>, dataset: Option<String>) -> CmdResult<Vec<CodeVariable>> {
    with_session(&state, |s| braid_core::code_variables(s.project(), dataset.as_deref()))
}

/// Add codes to a linked dataset as variables (undoable).
#[tauri::command]
pub(crate) async fn add_code_variables(state: State<'_, AppState>, dataset: String, codes: Vec<String>, measure: CodeMeasure) -> CmdResult<Vec<CodeVariable>> {
    with_session(&state, |s| braid_core::add_code_variables(s.project_mut(), &dataset, &codes, measure, &actor()))
}

/// Remove code variables from a dataset by column name (undoable).
#[tauri::command]
pub(crate) async fn remove_code_variables(state: State<'_, AppState>, dataset: String, names: Vec<String>) -> CmdResult<usize> {
    with_session(&state, |s| braid_core::remove_code_variables(s.project_mut(), &dataset, &names, &actor()))
}

/// Respondents picked from a saved model, with whether they were interviewed.
#[tauri::command]
pub(crate) async fn pick_cases(state: State<'_, AppState>, request: CaseRequest) -> CmdResult<CaseList> {
    with_session(&state, |s| braid_core::pick_cases(s.project(), &request))
}
