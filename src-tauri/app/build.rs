//! Generates the Tauri context and the permissions of the app's own commands.

/// The app's commands; each gets an `allow-…` permission that a capability must grant.
const COMMANDS: &[&str] = &[
    "list_page",
    "list_topics",
    "search_documents",
    "library_info",
    "open_document",
    "save_document",
    "undo",
    "redo",
    "document_history",
    "document_version",
    "list_people",
    "link_earlier_documents",
    "person_detail",
    "merge_suggestions",
    "merge_people",
    "unmerge_person",
    "mark_distinct",
    "rename_person",
    "set_person_aliases",
    "person_of",
    "search_person",
    "preview_people",
    "copy_rich",
    "copy_picture",
    "show_in_folder",
    "restore_version",
    "preview_import",
    "preview_import_file",
    "import_document",
    "trash_document",
    "untrash_document",
    "duplicate_document",
    "export_document",
    "export_document_to_file",
    "copy_html",
    "copy_title",
    "save_pictures",
    "import_sample",
    "add_image",
    "add_image_file",
    "asset_data_url",
    "set_menu_language",
    "link_sync_folder",
    "sync_now",
    "sync_status",
    "list_conflicts",
    "resolve_conflict",
    "list_media",
    "attach_media",
    "detach_media",
    "relink_media",
    "media_url",
    "share_media",
    "take_launch_files",
];

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {e:#}");
    }
}
