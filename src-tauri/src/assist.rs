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
    let path = state.lock().as_ref().ok_or_else(no_project)?.project().path().to_path_buf();
    let progress = EventProgress::new(&app);
    let shown = path.clone();
    let work = tauri::async_runtime::spawn_blocking(move || -> braid_core::Result<AssistStatus> {
        let project = braid_core::Project::open(&path)?;
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
