//! Commands for recordings linked to transcripts. The player loads a recording from the loopback
//! media server ([`crate::media_server`]), which serves nothing until [`media_source`] registers
//! the file of the document being opened, once it is checked to be the one that was linked.

use std::path::Path;

use braid_core::{MediaCandidate, MediaLink, MediaStatus, PlayableMedia};
use tauri::State;

use crate::coding::actor;
use crate::media_server::MediaServer;
use crate::{AppState, CmdResult, with_session};

/// Every recording in the project, each checked against its file.
#[tauri::command]
pub(crate) async fn list_media(state: State<'_, AppState>) -> CmdResult<Vec<MediaLink>> {
    with_session(&state, |s| braid_core::media_list(s.project()))
}

/// A document's recording, checked; when the file is there and unchanged, the URL the player loads
/// it from.
#[tauri::command]
pub(crate) async fn media_source(server: State<'_, Option<MediaServer>>, state: State<'_, AppState>, document: String) -> CmdResult<Option<PlayableMedia>> {
    let link = with_session(&state, |s| braid_core::media_of(s.project(), &document))?;
    Ok(link.map(|link| {
        let url = match (server.inner(), link.status) {
            (Some(server), MediaStatus::Ok) => Some(server.url_for(Path::new(&link.resolved))),
            _ => None,
        };
        PlayableMedia { link, url }
    }))
}

/// Link a recording to a document.
#[tauri::command]
pub(crate) async fn link_media(state: State<'_, AppState>, document: String, path: String) -> CmdResult<MediaLink> {
    with_session(&state, |s| braid_core::link_media(s.project_mut(), &document, Path::new(path.trim()), &actor()))
}

/// Point a document's recording at another file.
#[tauri::command]
pub(crate) async fn relink_media(state: State<'_, AppState>, document: String, path: String) -> CmdResult<MediaLink> {
    with_session(&state, |s| braid_core::relink_media(s.project_mut(), &document, Path::new(path.trim()), &actor()))
}

/// Remove a document's recording from the project.
#[tauri::command]
pub(crate) async fn unlink_media(state: State<'_, AppState>, document: String) -> CmdResult<()> {
    with_session(&state, |s| braid_core::unlink_media(s.project_mut(), &document, &actor()))
}

/// Link the recordings an import found beside its transcripts, all in one action.
#[tauri::command]
pub(crate) async fn link_recordings(state: State<'_, AppState>, candidates: Vec<MediaCandidate>) -> CmdResult<Vec<MediaLink>> {
    with_session(&state, |s| braid_core::link_recordings(s.project_mut(), &candidates, &actor()))
}
