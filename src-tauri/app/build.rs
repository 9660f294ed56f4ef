//! Generates the Tauri context and the permissions of the app's own commands.

/// The app's commands; each gets an `allow-…` permission that a capability must grant.
const COMMANDS: &[&str] = &["list_documents", "search_documents", "library_info"];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {e:#}");
    }
}
