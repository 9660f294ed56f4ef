//! The app's log: a file in the platform's log folder (`~/.local/share/app.roundtable.desktop/logs`
//! on Linux, `~/Library/Logs/app.roundtable.desktop` on macOS, `%LOCALAPPDATA%\app.roundtable.desktop\logs`
//! on Windows), rotated so it never grows without bound, and opened from Help → Open Log Folder.
//! `ROUNDTABLE_LOG=debug` (or `trace`, `warn`…) changes the level.

use log::LevelFilter;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager as _, Runtime};
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};
use tauri_plugin_opener::OpenerExt as _;

/// Each log file's size limit before it is rotated.
const MAX_FILE_BYTES: u128 = 2 * 1024 * 1024;
/// How many rotated files are kept besides the current one.
const KEEP_FILES: usize = 4;

/// The log plugin: the log folder always, standard error too in debug builds.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    let level = std::env::var("ROUNDTABLE_LOG")
        .ok()
        .and_then(|l| l.parse::<LevelFilter>().ok())
        .unwrap_or(LevelFilter::Info);
    let mut builder = tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::LogDir {
            file_name: Some("roundtable".into()),
        }))
        .max_file_size(MAX_FILE_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(KEEP_FILES))
        .level(level)
        // WebKit and the windowing crates are chatty at info; their warnings still come through.
        .level_for("tao", LevelFilter::Warn)
        .level_for("wry", LevelFilter::Warn)
        .level_for("zbus", LevelFilter::Warn)
        .level_for("tracing", LevelFilter::Warn);
    if cfg!(debug_assertions) {
        builder = builder.target(Target::new(TargetKind::Stderr));
    }
    builder.build()
}

/// Opens the log folder in the system's file manager (Help → Open Log Folder).
pub fn open_folder<R: Runtime>(app: &AppHandle<R>) {
    let opened = app
        .path()
        .app_log_dir()
        .map_err(|e| e.to_string())
        .and_then(|dir| {
            // The folder exists once something was logged; make sure, so the file manager opens.
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            app.opener()
                .open_path(dir.to_string_lossy(), None::<&str>)
                .map_err(|e| e.to_string())
        });
    if let Err(e) = opened {
        log::warn!("could not open the log folder: {e}");
    }
}
