//! Commands for the codebook, codings, auto-coding, undo/redo and intercoder agreement. Like the rest of the
//! shell, each one locks the session, calls one braid-core function and converts its error.

use braid_core::{
    AgreementReport, AutocodePreview, AutocodeRequest, Code, Coding, HistoryState, HistoryStep,
    InVivoCoding, NewCoding,
};
use tauri::State;

use crate::{AppState, CmdResult, with_session};

/// Who is acting: recorded on every event of the project's history.
pub(crate) fn actor() -> String {
    braid_core::default_actor()
}

/// The name to code under until the user picks one: `$BRAID_USER`, else the remembered name,
/// else `$USER`.
#[tauri::command]
pub(crate) async fn default_coder() -> CmdResult<String> {
    Ok(braid_core::default_actor())
}

/// Who is coding, where the name comes from, the name to propose on first start, and the
/// version (for About).
#[tauri::command]
pub(crate) async fn coder_identity() -> CmdResult<braid_core::CoderIdentity> {
    braid_core::coder_identity().map_err(Into::into)
}

/// Remember the coder name in the user's settings.
#[tauri::command]
pub(crate) async fn set_coder(name: String) -> CmdResult<braid_core::CoderIdentity> {
    braid_core::set_coder(&name).map_err(Into::into)
}

#[tauri::command]
pub(crate) async fn get_codebook(state: State<'_, AppState>) -> CmdResult<Vec<Code>> {
    with_session(&state, |s| braid_core::codebook(s.project()))
}

#[tauri::command]
pub(crate) async fn get_codings(
    state: State<'_, AppState>,
    document: String,
) -> CmdResult<Vec<Coding>> {
    with_session(&state, |s| {
        braid_core::codings(s.project(), Some(&document))
    })
}

#[tauri::command]
pub(crate) async fn add_coding(
    state: State<'_, AppState>,
    new_coding: NewCoding,
) -> CmdResult<Coding> {
    with_session(&state, |s| {
        braid_core::add_coding(s.project_mut(), &new_coding, &actor())
    })
}

#[tauri::command]
pub(crate) async fn code_in_vivo(
    state: State<'_, AppState>,
    request: InVivoCoding,
) -> CmdResult<Coding> {
    with_session(&state, |s| braid_core::code_in_vivo(s.project_mut(), &request, &actor()))
}

#[tauri::command]
pub(crate) async fn resize_coding(
    state: State<'_, AppState>,
    uuid: String,
    start: usize,
    end: usize,
) -> CmdResult<Coding> {
    with_session(&state, |s| {
        braid_core::resize_coding(s.project_mut(), &uuid, start, end, &actor())
    })
}

#[tauri::command]
pub(crate) async fn remove_coding(state: State<'_, AppState>, uuid: String) -> CmdResult<Coding> {
    with_session(&state, |s| {
        braid_core::remove_coding(s.project_mut(), &uuid, &actor())
    })
}

#[tauri::command]
pub(crate) async fn undo(state: State<'_, AppState>) -> CmdResult<Option<HistoryStep>> {
    with_session(&state, |s| braid_core::undo(s.project_mut(), &actor()))
}

#[tauri::command]
pub(crate) async fn redo(state: State<'_, AppState>) -> CmdResult<Option<HistoryStep>> {
    with_session(&state, |s| braid_core::redo(s.project_mut(), &actor()))
}

#[tauri::command]
pub(crate) async fn history_state(state: State<'_, AppState>) -> CmdResult<HistoryState> {
    with_session(&state, |s| braid_core::history_state(s.project()))
}

#[tauri::command]
pub(crate) async fn list_coders(state: State<'_, AppState>) -> CmdResult<Vec<String>> {
    with_session(&state, |s| braid_core::coders(s.project()))
}

#[tauri::command]
pub(crate) async fn get_agreement(
    state: State<'_, AppState>,
    coder_a: String,
    coder_b: String,
) -> CmdResult<AgreementReport> {
    with_session(&state, |s| {
        braid_core::agreement(s.project(), &coder_a, &coder_b)
    })
}

#[tauri::command]
pub(crate) async fn autocode_preview(
    state: State<'_, AppState>,
    request: AutocodeRequest,
) -> CmdResult<AutocodePreview> {
    with_session(&state, |s| s.autocode_preview(&request))
}

/// Code every hit of a search at once: one undoable action.
#[tauri::command]
pub(crate) async fn autocode_apply(
    state: State<'_, AppState>,
    request: AutocodeRequest,
) -> CmdResult<AutocodePreview> {
    with_session(&state, |s| s.autocode_apply(&request, &actor()))
}
