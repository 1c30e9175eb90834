//! Commands for triangulation: findings, the links that feed them, and the joint displays built
//! from them. Like the rest of the shell, each one locks the session, calls one braid-core
//! function and converts its error.

use braid_core::{
    CaseDisplay, CaseDisplayRequest, DisplayFormat, DisplayRequest, Finding, FindingInput, FrameworkMatrix, FrameworkRequest,
    JointDisplay, Link, Published, ThemeStats, ThemeStatsRequest,
};
use tauri::State;

use crate::coding::actor;
use crate::{AppState, CmdResult, with_session};

#[tauri::command]
pub(crate) async fn list_findings(state: State<'_, AppState>) -> CmdResult<Vec<Finding>> {
    with_session(&state, |s| braid_core::findings(s.project()))
}

#[tauri::command]
pub(crate) async fn add_finding(
    state: State<'_, AppState>,
    input: FindingInput,
) -> CmdResult<Finding> {
    with_session(&state, |s| {
        braid_core::add_finding(s.project_mut(), &input, &actor())
    })
}

#[tauri::command]
pub(crate) async fn update_finding(
    state: State<'_, AppState>,
    uuid: String,
    input: FindingInput,
) -> CmdResult<Finding> {
    with_session(&state, |s| {
        braid_core::update_finding(s.project_mut(), &uuid, &input, &actor())
    })
}

#[tauri::command]
pub(crate) async fn delete_finding(state: State<'_, AppState>, uuid: String) -> CmdResult<()> {
    with_session(&state, |s| {
        braid_core::delete_finding(s.project_mut(), &uuid, &actor())
    })
}

#[tauri::command]
pub(crate) async fn order_findings(
    state: State<'_, AppState>,
    order: Vec<String>,
) -> CmdResult<Vec<Finding>> {
    with_session(&state, |s| {
        braid_core::order_findings(s.project_mut(), &order, &actor())
    })
}

/// Link a model term, a retrieved excerpt or a search hit to a finding.
#[tauri::command]
pub(crate) async fn link_to_finding(
    state: State<'_, AppState>,
    uuid: String,
    link: Link,
) -> CmdResult<Finding> {
    with_session(&state, |s| {
        braid_core::link_to_finding(s.project_mut(), &uuid, &link, &actor())
    })
}

/// The published tables stored in the project, if any: the terms a finding can cite.
#[tauri::command]
pub(crate) async fn published_tables(state: State<'_, AppState>) -> CmdResult<Option<Published>> {
    with_session(&state, |s| braid_core::stored_published(s.project()))
}

#[tauri::command]
pub(crate) async fn joint_display(state: State<'_, AppState>) -> CmdResult<JointDisplay> {
    with_session(&state, |s| braid_core::project_joint_display(s.project()))
}

#[tauri::command]
pub(crate) async fn statistics_by_theme(
    state: State<'_, AppState>,
    request: ThemeStatsRequest,
) -> CmdResult<ThemeStats> {
    with_session(&state, |s| braid_core::project_theme_stats(s.project(), &request))
}

#[tauri::command]
pub(crate) async fn framework_matrix(
    state: State<'_, AppState>,
    request: FrameworkRequest,
) -> CmdResult<FrameworkMatrix> {
    with_session(&state, |s| braid_core::project_framework(s.project(), &request))
}

/// The case-ordered display: linked informants sorted by a survey variable or a residual.
#[tauri::command]
pub(crate) async fn case_display(state: State<'_, AppState>, request: CaseDisplayRequest) -> CmdResult<CaseDisplay> {
    with_session(&state, |s| braid_core::project_case_display(s.project(), &request))
}

/// Export a display to `path`, a file the user chose in the save dialog.
#[tauri::command]
pub(crate) async fn save_display(
    state: State<'_, AppState>,
    request: DisplayRequest,
    format: DisplayFormat,
    title: String,
    path: String,
) -> CmdResult<()> {
    with_session(&state, |s| {
        braid_core::save_display(
            s.project(),
            &request,
            format,
            &title,
            std::path::Path::new(&path),
        )
    })
}
