//! One app per library: a second launch on the same library focuses the first window and
//! exits, instead of opening the library twice and running a second sync thread on it. Files
//! the second launch was asked to open go to the first window's import screen.

use std::path::Path;

use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Manager as _, Runtime};

/// The single-instance name for `library`: the bundle identifier plus a stable hash of the
/// library's path, so two libraries (e.g. `ROUNDTABLE_LIBRARY` in tests) run side by side.
/// Only Linux (D-Bus) takes a custom name; on Windows and macOS the plugin keys on the
/// bundle identifier, which there means one window per user.
pub fn library_id(library: Option<&Path>) -> String {
    // FNV-1a: stable across Rust versions and builds, unlike `DefaultHasher`, so an older
    // and a newer build still find each other.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in library
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
        .bytes()
    {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    // A D-Bus name element may not start with a digit.
    format!("app.roundtable.desktop.library_{hash:016x}")
}

/// The single-instance plugin for the library named `id` (see [`library_id`]).
pub fn plugin<R: Runtime>(id: &str) -> TauriPlugin<R> {
    tauri_plugin_single_instance::Builder::new()
        .dbus_id(id)
        .callback(|app, args, cwd| {
            focus_main(app);
            // The first argument is the program; relative paths are the second launch's.
            let args = args.into_iter().skip(1).map(Into::into);
            crate::launch::hand_over(app, crate::launch::paths_from_args(args, Path::new(&cwd)));
        })
        .build()
}

/// Brings the main window to the front (unminimised), as if the user had switched to it.
fn focus_main<R: Runtime>(app: &AppHandle<R>) {
    log::info!("a second launch on this library: focusing the open window");
    if let Some(window) = app.get_webview_window("main") {
        // Best effort: a window manager may refuse focus; the launch is over either way.
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn library_id_differs_per_library_and_is_a_valid_dbus_element() {
        let a = library_id(Some(Path::new("/home/a/Roundtable/library.sqlite")));
        let b = library_id(Some(Path::new("/tmp/other.sqlite")));
        assert_ne!(a, b);
        assert_eq!(
            a,
            library_id(Some(Path::new("/home/a/Roundtable/library.sqlite")))
        );
        for element in a.split('.') {
            assert!(!element.is_empty() && !element.starts_with(|c: char| c.is_ascii_digit()));
            assert!(
                element
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_')
            );
        }
    }
}
