//! Commands for survey data: datasets, model fitting and saving, moderation probes, regression
//! tables, descriptives and Cronbach's α. Each one locks the session, calls braid-core and
//! converts its error; tables travel as the core renders them (HTML, Markdown, LaTeX, CSV).

use braid_core::stats::{Alpha, DescribeOptions, FitOptions, ModerationSpec, OlsFit, TableOptions};
use braid_core::{DatasetInfo, ProbeResult, SavedModel, Source, SurveyFileOptions, TableFormat};
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
) -> CmdResult<Alpha> {
    with_session(&state, |s| {
        braid_core::alpha_on(s.project(), &dataset, &items)
    })
}
