//! Files the app is asked to open: a transcript double-clicked in the file manager, passed on
//! the command line, or opened with the app while it already runs. Each goes to the import
//! screen as if it had been dropped there (a preview; nothing is stored until the user says).
//!
//! They arrive from three places: the launch arguments (Linux, Windows), the arguments of a
//! second launch that the single-instance plugin hands to the running app, and macOS's
//! `RunEvent::Opened` (file URLs; macOS passes no arguments). The window may not be listening
//! yet when they arrive, so they wait in [`LaunchFiles`] until the UI takes them: once when
//! it starts, and again each time the [`EVENT`] tells it more came.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use roundtable_core::{ErrorCode, IpcError};
use tauri::{AppHandle, Emitter as _, Manager as _, Runtime, State};

/// The event that tells the window files are waiting (no payload: it takes them).
pub const EVENT: &str = "launch-files";

/// Files handed to the app and not yet taken by the window, in the order they came.
#[derive(Default)]
pub struct LaunchFiles {
    pending: Mutex<Vec<PathBuf>>,
}

impl LaunchFiles {
    /// Queues `paths` behind those already waiting.
    pub fn add(&self, paths: impl IntoIterator<Item = PathBuf>) {
        if let Ok(mut pending) = self.pending.lock() {
            pending.extend(paths);
        }
    }

    /// Every waiting file, oldest first; none are left waiting.
    pub fn take(&self) -> Result<Vec<PathBuf>, IpcError> {
        let mut pending = self.pending.lock().map_err(|_| {
            IpcError::new(ErrorCode::Internal, "the launch files lock was poisoned")
        })?;
        Ok(std::mem::take(&mut *pending))
    }
}

/// The files named by command-line `args` (without the program's own name), absolute against
/// `cwd`, the folder the launch ran in.
///
/// Options are skipped: the app has none of its own, but its launcher may add some (WebKit's
/// driver adds `--automation`, older macOS `-psn_…`). A `file://` URL (a desktop entry's `%U`)
/// becomes its path. Whether each file exists and can be read is the import's to say, with the
/// error the user would see for a dropped file.
pub fn paths_from_args(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Vec<PathBuf> {
    args.into_iter()
        .filter(|arg| !arg.is_empty() && !arg.to_string_lossy().starts_with('-'))
        .map(|arg| {
            let url = arg
                .to_str()
                .filter(|s| s.starts_with("file://"))
                .and_then(|s| tauri::Url::parse(s).ok())
                .and_then(|u| u.to_file_path().ok());
            let path = url.unwrap_or_else(|| PathBuf::from(arg));
            if path.is_absolute() {
                path
            } else {
                cwd.join(path)
            }
        })
        .collect()
}

/// The local files among `urls` (macOS's `RunEvent::Opened`); other schemes are skipped.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
pub fn paths_from_urls(urls: &[tauri::Url]) -> Vec<PathBuf> {
    urls.iter()
        .filter(|u| u.scheme() == "file")
        .filter_map(|u| u.to_file_path().ok())
        .collect()
}

/// Queues `paths` for the window and tells it they are there. Nothing happens for none.
pub fn hand_over<R: Runtime>(app: &AppHandle<R>, paths: Vec<PathBuf>) {
    if paths.is_empty() {
        return;
    }
    log::info!("asked to open {} file(s)", paths.len());
    app.state::<LaunchFiles>().add(paths);
    // A window not listening yet takes them when it starts.
    if let Err(e) = app.emit_to("main", EVENT, ()) {
        log::warn!("could not tell the window about files to open: {e}");
    }
}

/// The files the app was asked to open since the window last asked, oldest first.
#[tauri::command]
pub async fn take_launch_files(state: State<'_, LaunchFiles>) -> Result<Vec<PathBuf>, IpcError> {
    state.take()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<OsString> {
        list.iter().map(OsString::from).collect()
    }

    #[test]
    fn arguments_become_absolute_paths_and_options_are_skipped() {
        let cwd = Path::new("/home/ana/Documents");
        let got = paths_from_args(
            args(&[
                "--automation",
                "panel.vtt",
                "/tmp/talk.srt",
                "-psn_0_12345",
                "",
                "sub/notes.docx",
            ]),
            cwd,
        );
        assert_eq!(
            got,
            vec![
                PathBuf::from("/home/ana/Documents/panel.vtt"),
                PathBuf::from("/tmp/talk.srt"),
                PathBuf::from("/home/ana/Documents/sub/notes.docx"),
            ]
        );
    }

    #[test]
    fn file_urls_become_paths() -> Result<(), Box<dyn std::error::Error>> {
        let got = paths_from_args(
            args(&["file:///tmp/%E5%9C%86%E6%A1%8C%20panel.vtt"]),
            Path::new("/"),
        );
        assert_eq!(got, vec![PathBuf::from("/tmp/圆桌 panel.vtt")]);
        let urls = [
            tauri::Url::parse("file:///tmp/a.srt")?,
            tauri::Url::parse("https://example.com/b.vtt")?,
        ];
        assert_eq!(paths_from_urls(&urls), vec![PathBuf::from("/tmp/a.srt")]);
        Ok(())
    }

    #[test]
    fn waiting_files_are_taken_once_in_order() -> Result<(), IpcError> {
        let files = LaunchFiles::default();
        assert!(files.take()?.is_empty());
        files.add([PathBuf::from("/a.vtt")]);
        files.add([PathBuf::from("/b.srt"), PathBuf::from("/c.vtt")]);
        assert_eq!(
            files.take()?,
            vec![
                PathBuf::from("/a.vtt"),
                PathBuf::from("/b.srt"),
                PathBuf::from("/c.vtt")
            ]
        );
        assert!(files.take()?.is_empty());
        Ok(())
    }
}
