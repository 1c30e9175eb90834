//! Commands for exchange with other QDA tools: REFI-QDA projects (`.qdpx`) and codebook files
//! (`.qdc`, YAML, JSON). Paths come from the dialogs or the path fields.

use std::path::Path;

use braid_core::{CodebookExport, CodebookImportReport, QdpxExportReport, QdpxImportReport};
use tauri::{AppHandle, State};

use crate::coding::actor;
use crate::{AppState, CmdResult, EventProgress, open_into, with_session};

/// Import a `.qdpx` as a new project at `project` and open it.
#[tauri::command]
pub(crate) async fn import_qdpx(app: AppHandle, state: State<'_, AppState>, file: String, project: String) -> CmdResult<QdpxImportReport> {
    let target = Path::new(project.trim());
    let report = braid_core::import_qdpx_file(Path::new(file.trim()), target, &actor(), &EventProgress::new(&app))?;
    open_into(&state, target)?;
    Ok(report)
}

/// Export the open project as a `.qdpx` to `path`.
#[tauri::command]
pub(crate) async fn export_qdpx(state: State<'_, AppState>, path: String) -> CmdResult<QdpxExportReport> {
    with_session(&state, |s| braid_core::save_qdpx(s.project(), Path::new(path.trim())))
}

/// Import a codebook file (`.qdc`, or Braid's YAML or JSON) into the open project.
#[tauri::command]
pub(crate) async fn import_codebook_file(state: State<'_, AppState>, path: String) -> CmdResult<CodebookImportReport> {
    with_session(&state, |s| {
        let source = braid_core::Source::read(Path::new(path.trim()))?;
        let text = braid_core::decode(&source.bytes, path.trim(), None)?.text;
        braid_core::import_codebook_file(s.project_mut(), &text, path.trim(), &actor())
    })
}

/// Write the codebook to `path`, in the format its extension names.
#[tauri::command]
pub(crate) async fn export_codebook_file(state: State<'_, AppState>, path: String) -> CmdResult<CodebookExport> {
    with_session(&state, |s| braid_core::save_codebook(s.project(), Path::new(path.trim())))
}
