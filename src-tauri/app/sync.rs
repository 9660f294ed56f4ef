//! Sync in the app: a background thread syncs the library with its linked folder on start,
//! whenever the folder changes (file events are only hints that wake it), when asked, when the
//! machine wakes from sleep, every 30 seconds (network shares send no events), and after a
//! failed pass again after a growing back-off: when is decided by
//! `roundtable_core::sync::schedule`, which `roundtable sync --watch` shares. After each pass
//! it tells the window, which reloads what changed: remote edits show within about a second
//! of landing.

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::mpsc::{self, Sender};

use notify::{RecursiveMode, Watcher as _};
use roundtable_core::ops::Conflict;
use roundtable_core::sync::schedule::{RESCAN, Schedule, Wake};
use roundtable_core::sync::{SyncStatus, sync_with};
use roundtable_core::{ErrorCode, IpcError};
use tauri::{AppHandle, Emitter as _, Manager as _, State};
use uuid::Uuid;

use crate::AppState;

/// The handle to the sync thread and its last status.
pub struct SyncState {
    wake: Mutex<Sender<()>>,
    status: Mutex<SyncStatus>,
}

impl SyncState {
    pub(crate) fn wake(&self) {
        if let Ok(tx) = self.wake.lock() {
            let _ = tx.send(());
        }
    }
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Starts the sync thread; returns the state commands use to reach it.
pub fn start(app: &AppHandle) -> SyncState {
    let (tx, rx) = mpsc::channel::<()>();
    let hint = tx.clone();
    let handle = app.clone();
    std::thread::spawn(move || {
        let mut watched: Option<(PathBuf, notify::RecommendedWatcher)> = None;
        let mut schedule = Schedule::new(RESCAN);
        loop {
            let state = handle.state::<AppState>();
            let folder = state
                .with(|lib| lib.sync_folder())
                .ok()
                .flatten()
                .map(PathBuf::from);
            if let Some(folder) = &folder {
                // (Re)watch when the folder changed; events only wake this loop.
                if watched.as_ref().is_none_or(|(p, _)| p != folder) {
                    let hint = hint.clone();
                    watched =
                        notify::recommended_watcher(move |e: notify::Result<notify::Event>| {
                            if e.is_ok() {
                                let _ = hint.send(());
                            }
                        })
                        .ok()
                        .and_then(|mut w| {
                            w.watch(folder, RecursiveMode::Recursive).ok()?;
                            Some((folder.clone(), w))
                        });
                }
                // The library lock is taken only around library work inside the pass, never
                // while the folder is read or written: saves and undos go on meanwhile.
                let result = match &state.library {
                    Ok(library) => sync_with(&mut &*library, folder).map_err(sync_error),
                    Err(e) => Err(e.clone()),
                };
                if result.is_ok() {
                    schedule.succeeded();
                } else {
                    schedule.failed();
                }
                let status = SyncStatus {
                    folder: Some(folder.display().to_string()),
                    report: result.as_ref().ok().cloned(),
                    error: result.err(),
                    last_ms: now_ms(),
                };
                if let Some(s) = handle.try_state::<SyncState>()
                    && let Ok(mut slot) = s.status.lock()
                {
                    *slot = status.clone();
                }
                let _ = handle.emit("sync-status", status);
            }
            if schedule.wait(&rx) == Wake::Closed {
                return;
            }
        }
    });
    SyncState {
        wake: Mutex::new(tx),
        status: Mutex::new(SyncStatus::default()),
    }
}

fn sync_error(e: roundtable_core::sync::SyncError) -> IpcError {
    match e {
        roundtable_core::sync::SyncError::Store(s) => s.into(),
        other => IpcError::new(ErrorCode::Io, other.to_string()),
    }
}

/// Links the library to a shared folder (chosen in the folder dialog) and syncs at once.
#[tauri::command]
pub async fn link_sync_folder(
    state: State<'_, AppState>,
    sync_state: State<'_, SyncState>,
    folder: String,
) -> Result<(), IpcError> {
    let path = PathBuf::from(&folder);
    if !path.is_dir() {
        return Err(IpcError::new(
            ErrorCode::NotFound,
            format!("{folder} is not a folder"),
        ));
    }
    state.with(|lib| lib.set_sync_folder(&folder))?;
    sync_state.wake();
    Ok(())
}

/// Syncs now (the status arrives as a `sync-status` event).
#[tauri::command]
pub async fn sync_now(sync_state: State<'_, SyncState>) -> Result<(), IpcError> {
    sync_state.wake();
    Ok(())
}

/// The last sync status.
#[tauri::command]
pub async fn sync_status(sync_state: State<'_, SyncState>) -> Result<SyncStatus, IpcError> {
    sync_state
        .status
        .lock()
        .map(|s| s.clone())
        .map_err(|_| IpcError::new(ErrorCode::Internal, "the sync status lock was poisoned"))
}

fn doc_id(id: &str) -> Result<Uuid, IpcError> {
    Uuid::parse_str(id).map_err(|_| {
        IpcError::new(
            ErrorCode::InvalidInput,
            format!("{id} is not a document id"),
        )
    })
}

/// Conflicts in a document.
#[tauri::command]
pub async fn list_conflicts(
    state: State<'_, AppState>,
    id: String,
) -> Result<Vec<Conflict>, IpcError> {
    let id = doc_id(&id)?;
    state.with(|lib| lib.conflicts(id))
}

/// Resolves a conflict by keeping the value written by `op`.
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    id: String,
    field: String,
    op: String,
) -> Result<(), IpcError> {
    let id = doc_id(&id)?;
    state.with(|lib| lib.resolve_conflict(id, &field, &op).map(|_| ()))?;
    Ok(())
}
