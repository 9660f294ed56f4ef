//! Recordings: attach, list, detach, relink (each a call to the core), and the URL the
//! window plays one from. Playback goes through the core's loopback `MediaServer` (started
//! once per launch) because WebKitGTK cannot play `<audio>` from a custom URI scheme; the
//! CSP allows `media-src http://127.0.0.1:*` and nothing else of it.

use std::path::PathBuf;

use roundtable_core::media::MediaServer;
use roundtable_core::store::{MediaError, MediaRef, read_recording};
use roundtable_core::{ErrorCode, IpcError};
use tauri::State;
use uuid::Uuid;

use crate::AppState;

/// Starts the media server, or says why it could not (the editor shows it; the rest works).
pub(crate) fn start() -> Result<MediaServer, IpcError> {
    MediaServer::start().map_err(|e| {
        IpcError::new(
            ErrorCode::Io,
            format!("cannot start the local player server on 127.0.0.1: {e}"),
        )
    })
}

/// The recordings attached to a document.
#[tauri::command]
pub(crate) async fn list_media(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Vec<MediaRef>, IpcError> {
    state.with(|lib| lib.media(id))
}

/// Attaches the recording at `path` (chosen in the open dialog, dropped, or given by a
/// test) to a document; `copy` keeps a copy in the library's media folder. The file is read
/// (hashed, copied) without the library lock: a long recording takes seconds, and saves go on.
#[tauri::command]
pub(crate) async fn attach_media(
    state: State<'_, AppState>,
    id: Uuid,
    path: PathBuf,
    copy: bool,
) -> Result<MediaRef, IpcError> {
    let dir = state.with(|lib| Ok::<_, IpcError>(lib.media_dir()))?;
    let read = read_recording(&path, copy.then_some(dir.as_path()))?;
    state.with(|lib| lib.attach_read(id, &read))
}

/// Detaches a recording (the file is not touched).
#[tauri::command]
pub(crate) async fn detach_media(
    state: State<'_, AppState>,
    id: Uuid,
    sha256: String,
) -> Result<(), IpcError> {
    state.with(|lib| lib.detach_media(id, &sha256).map(|_| ()))
}

/// Finds a moved recording again by the content of the file the user points to.
#[tauri::command]
pub(crate) async fn relink_media(
    state: State<'_, AppState>,
    id: Uuid,
    path: PathBuf,
) -> Result<MediaRef, IpcError> {
    let read = match read_recording(&path, None) {
        Err(MediaError::NotMedia { path }) => Err(MediaError::NoMatch { path }),
        other => other,
    }?;
    state.with(|lib| lib.relink_read(id, &read))
}

/// Shares a recording with the team (`share`), or stops sharing it, and syncs soon so that
/// teammates hear of it.
#[tauri::command]
pub(crate) async fn share_media(
    state: State<'_, AppState>,
    sync_state: State<'_, crate::sync::SyncState>,
    id: Uuid,
    sha256: String,
    share: bool,
) -> Result<MediaRef, IpcError> {
    let m = state.with(|lib| {
        if share {
            lib.share_media(id, &sha256)
        } else {
            lib.unshare_media(id, &sha256)
        }
    })?;
    sync_state.wake();
    Ok(m)
}

/// The loopback URL the window's `<audio>` plays a recording from.
#[tauri::command]
pub(crate) async fn media_url(
    state: State<'_, AppState>,
    id: Uuid,
    sha256: String,
) -> Result<String, IpcError> {
    let server = state.media.as_ref().map_err(Clone::clone)?;
    let (path, kind, _) = state.with(|lib| lib.media_file(id, &sha256))?;
    Ok(server.offer(&format!("{id}-{sha256}"), path, kind.mime()))
}
