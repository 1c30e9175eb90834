//! Commands that edit the codebook and write memos. Each one locks the session, calls one
//! braid-core function and converts its error.

use braid_core::{Code, CodeEdit, CodebookChange, Memo, MemoTarget, NewCode};
use tauri::State;

use crate::coding::actor;
use crate::{AppState, CmdResult, with_session};

#[tauri::command]
pub(crate) async fn add_code(state: State<'_, AppState>, new_code: NewCode) -> CmdResult<Code> {
    with_session(&state, |s| {
        braid_core::add_code(s.project_mut(), &new_code, &actor())
    })
}

#[tauri::command]
pub(crate) async fn edit_code(
    state: State<'_, AppState>,
    path: String,
    edit: CodeEdit,
) -> CmdResult<Code> {
    with_session(&state, |s| {
        braid_core::edit_code(s.project_mut(), &path, &edit, &actor())
    })
}

#[tauri::command]
pub(crate) async fn merge_codes(
    state: State<'_, AppState>,
    from: String,
    into: String,
) -> CmdResult<CodebookChange> {
    with_session(&state, |s| {
        braid_core::merge_codes(s.project_mut(), &from, &into, &actor())
    })
}

/// Without `confirm`, a code that carries codings is not deleted: the error says how many.
#[tauri::command]
pub(crate) async fn delete_code(
    state: State<'_, AppState>,
    path: String,
    confirm: bool,
) -> CmdResult<CodebookChange> {
    with_session(&state, |s| {
        braid_core::delete_code(s.project_mut(), &path, confirm, &actor())
    })
}

#[tauri::command]
pub(crate) async fn list_memos(
    state: State<'_, AppState>,
    target: Option<MemoTarget>,
) -> CmdResult<Vec<Memo>> {
    with_session(&state, |s| braid_core::memos(s.project(), target.as_ref()))
}

#[tauri::command]
pub(crate) async fn add_memo(
    state: State<'_, AppState>,
    target: MemoTarget,
    title: String,
    body: String,
) -> CmdResult<Memo> {
    with_session(&state, |s| {
        braid_core::add_memo(s.project_mut(), &target, &title, &body, &actor())
    })
}

#[tauri::command]
pub(crate) async fn edit_memo(
    state: State<'_, AppState>,
    uuid: String,
    title: Option<String>,
    body: String,
) -> CmdResult<Memo> {
    with_session(&state, |s| {
        braid_core::edit_memo(s.project_mut(), &uuid, title.as_deref(), &body, &actor())
    })
}

#[tauri::command]
pub(crate) async fn delete_memo(state: State<'_, AppState>, uuid: String) -> CmdResult<()> {
    with_session(&state, |s| {
        braid_core::delete_memo(s.project_mut(), &uuid, &actor())
    })
}
