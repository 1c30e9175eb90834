//! Commands for the local assist: its status, embedding the project in the background, similar
//! passages and code suggestions. The model runs in this process; nothing leaves the machine.

use braid_core::{AssistStatus, CodeSuggestion, Hit, SimilarRequest};
use tauri::{AppHandle, State};

use crate::{AppState, CmdResult, EventProgress, no_project, with_session};

/// Whether the model is installed (and where), or the one line that says how to install it.
#[tauri::command]
pub(crate) async fn assist_status(state: State<'_, AppState>) -> CmdResult<AssistStatus> {
    with_session(&state, |s| braid_core::assist_status(s.project()))
}

/// Embed the project's respondent turns and codings now, in the background, with progress
/// events: on a handle of its own on the project file, so the open session stays free.
#[tauri::command]
pub(crate) async fn prepare_assist(app: AppHandle, state: State<'_, AppState>) -> CmdResult<AssistStatus> {
    // A second handle on the session's file, made from the session: opening the file afresh
    // would read its header through a file handle, whose closing drops this process's SQLite
    // locks (see Project::another_handle).
    let (project, shown) = {
        let guard = state.lock();
        let session = guard.as_ref().ok_or_else(no_project)?;
        let path = session.project().path().to_path_buf();
        (session.project().another_handle().map_err(|e| e.in_project(&path))?, path)
    };
    let progress = EventProgress::new(&app);
    let work = tauri::async_runtime::spawn_blocking(move || -> braid_core::Result<AssistStatus> {
        braid_core::Assist::open(&project, &progress)?;
        braid_core::assist_status(&project)
    });
    match work.await {
        Ok(done) => done.map_err(|e| e.in_project(&shown).into()),
        Err(e) => Err(braid_core::Error::BadRequest(format!("the assist stopped: {e}")).into()),
    }
}

/// Respondent turns nearest in meaning to a passage.
#[tauri::command]
pub(crate) async fn similar_passages(app: AppHandle, state: State<'_, AppState>, request: SimilarRequest) -> CmdResult<Vec<Hit>> {
    with_session(&state, |s| s.similar(&request, &EventProgress::new(&app)))
}

/// Codes for a passage, each with the two codings that support it. Nothing is coded.
#[tauri::command]
pub(crate) async fn suggest_codes(app: AppHandle, state: State<'_, AppState>, document: String, start: usize, end: usize, limit: usize) -> CmdResult<Vec<CodeSuggestion>> {
    with_session(&state, |s| s.suggest(&document, start, end, limit, &EventProgress::new(&app)))
}
