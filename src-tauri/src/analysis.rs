//! Commands that read across the project: coded-segment retrieval, its export, and matrices. Each one locks
//! the session, calls braid-core and converts its error.

use braid_core::{
    Cooccurrence, CooccurrenceMatrix, CountUnit, Crosstab, RetrievalRequest, RetrievedSegment,
    SegmentFormat,
};
use tauri::State;

use crate::{AppState, CmdResult, with_session};

#[tauri::command]
pub(crate) async fn retrieve(
    state: State<'_, AppState>,
    request: RetrievalRequest,
) -> CmdResult<Vec<RetrievedSegment>> {
    with_session(&state, |s| braid_core::retrieve(s.project(), &request))
}

/// The segments a request retrieves, as CSV, Markdown or HTML. The request travels rather than
/// the segments, which the core does not read back from JSON.
#[tauri::command]
pub(crate) async fn export_segments(
    state: State<'_, AppState>,
    request: RetrievalRequest,
    format: SegmentFormat,
) -> CmdResult<String> {
    with_session(&state, |s| {
        braid_core::export_retrieval(s.project(), &request, format)
    })
}

/// Export the segments a request retrieves to `path`, a file the user chose in the save dialog.
#[tauri::command]
pub(crate) async fn save_segments(
    state: State<'_, AppState>,
    request: RetrievalRequest,
    format: SegmentFormat,
    path: String,
) -> CmdResult<()> {
    with_session(&state, |s| {
        braid_core::save_retrieval(s.project(), &request, format, std::path::Path::new(&path))
    })
}

#[tauri::command]
pub(crate) async fn crosstab(
    state: State<'_, AppState>,
    attribute: String,
    unit: CountUnit,
    coders: Vec<String>,
) -> CmdResult<Crosstab> {
    with_session(&state, |s| {
        braid_core::crosstab(s.project(), &attribute, unit, &coders)
    })
}

#[tauri::command]
pub(crate) async fn cooccurrence(
    state: State<'_, AppState>,
    mode: Cooccurrence,
    coders: Vec<String>,
) -> CmdResult<CooccurrenceMatrix> {
    with_session(&state, |s| {
        braid_core::cooccurrence(s.project(), mode, &coders)
    })
}
