//! The people directory in the app: thin commands onto the core's (`store/people.rs`,
//! `store/quotes.rs`). Linking on import goes through `import_document` (lib.rs), which
//! applies the choices the import preview offered (`preview_people`).

use roundtable_core::people::QuoteStyle;
use roundtable_core::store::{
    AttributedQuote, LinkReport, MergeSuggestion, PersonDetail, PersonSummary,
};
use roundtable_core::{Document, ErrorCode, IpcError};
use tauri::{AppHandle, State};
use tauri_plugin_clipboard_manager::ClipboardExt as _;
use uuid::Uuid;

use crate::AppState;

/// How many quotes one search shows.
const QUOTES: usize = 200;

/// Everyone in the directory, by name.
#[tauri::command]
pub async fn list_people(state: State<'_, AppState>) -> Result<Vec<PersonSummary>, IpcError> {
    state.with(|lib| lib.people())
}

/// Links the people of documents stored before the directory existed (or received from a
/// device that did not link them); returns how many documents it looked at.
#[tauri::command]
pub async fn link_earlier_documents(state: State<'_, AppState>) -> Result<u32, IpcError> {
    state.with(|lib| lib.link_library().map(|r| r.len() as u32))
}

/// A person's page: names, appearances, merge suggestions, conflicts.
#[tauri::command]
pub async fn person_detail(state: State<'_, AppState>, id: Uuid) -> Result<PersonDetail, IpcError> {
    state.with(|lib| lib.person(id))
}

/// Pairs of people who may be one.
#[tauri::command]
pub async fn merge_suggestions(
    state: State<'_, AppState>,
) -> Result<Vec<MergeSuggestion>, IpcError> {
    state.with(|lib| lib.merge_suggestions())
}

/// Merges person `from` into `into` (undone by `unmerge_person`).
#[tauri::command]
pub async fn merge_people(
    state: State<'_, AppState>,
    from: Uuid,
    into: Uuid,
) -> Result<(), IpcError> {
    state.with(|lib| lib.merge_people(from, into))
}

/// Takes a merged person out again.
#[tauri::command]
pub async fn unmerge_person(state: State<'_, AppState>, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.unmerge_person(id))
}

/// Says two people are different: they are not suggested again.
#[tauri::command]
pub async fn mark_distinct(state: State<'_, AppState>, a: Uuid, b: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.mark_distinct(a, b))
}

/// Renames a person everywhere they appear (the old name stays an alias).
#[tauri::command]
pub async fn rename_person(
    state: State<'_, AppState>,
    id: Uuid,
    name: String,
) -> Result<(), IpcError> {
    let name = name.trim().to_owned();
    if name.is_empty() {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "a name cannot be empty",
        ));
    }
    state.with(|lib| lib.rename_person_everywhere(id, &name))
}

/// The person a document's participant is linked to (for "update this person everywhere").
#[tauri::command]
pub async fn person_of(
    state: State<'_, AppState>,
    id: Uuid,
    participant: String,
) -> Result<Option<Uuid>, IpcError> {
    state.with(|lib| lib.person_of(id, &participant))
}

/// Sets a person's other spellings.
#[tauri::command]
pub async fn set_person_aliases(
    state: State<'_, AppState>,
    id: Uuid,
    aliases: Vec<String>,
) -> Result<(), IpcError> {
    state.with(|lib| lib.set_person_aliases(id, &aliases))
}

/// The quote finder: what `id` said that matches `query`, each hit with its attribution.
#[tauri::command]
pub async fn search_person(
    state: State<'_, AppState>,
    id: Uuid,
    query: String,
    style: Option<QuoteStyle>,
) -> Result<Vec<AttributedQuote>, IpcError> {
    state.with(|lib| {
        lib.search_person(id, &query, QUOTES).map(|hits| {
            hits.into_iter()
                .map(|hit| AttributedQuote {
                    attribution: hit.attribution_in(None, style.unwrap_or_default()),
                    hit,
                })
                .collect()
        })
    })
}

/// What linking will do with a previewed document's participants (nothing is written).
#[tauri::command]
pub async fn preview_people(
    state: State<'_, AppState>,
    document: Document,
) -> Result<LinkReport, IpcError> {
    state.with(|lib| lib.preview_links(&document))
}

/// Puts `text` on the clipboard, with `html` for editors that take formatting.
#[tauri::command]
pub async fn copy_rich(app: AppHandle, text: String, html: String) -> Result<(), IpcError> {
    app.clipboard()
        .write_html(html, Some(text))
        .map_err(|e| IpcError::new(ErrorCode::Io, format!("cannot use the clipboard: {e}")))
}
