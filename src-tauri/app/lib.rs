//! The desktop shell: Tauri commands that call the core, nothing more.
//!
//! Every command returns `Result<_, IpcError>` so the UI gets `{code, message}` errors.

use std::path::PathBuf;
use std::sync::Mutex;

use roundtable_core::IpcError;
use roundtable_core::store::{
    DocumentSummary, Library, LibraryInfo, SearchHit, default_library_path,
};
use roundtable_core::{ErrorCode, store::StoreError};
use tauri::State;

/// The open library, or why it could not be opened (shown by the UI instead of a crash).
struct AppState {
    library: Result<Mutex<Library>, IpcError>,
}

impl AppState {
    fn with<T>(&self, f: impl FnOnce(&Library) -> Result<T, StoreError>) -> Result<T, IpcError> {
        let lib = self.library.as_ref().map_err(Clone::clone)?;
        let lib = lib
            .lock()
            .map_err(|_| IpcError::new(ErrorCode::Internal, "the library lock was poisoned"))?;
        Ok(f(&lib)?)
    }
}

/// Documents in the library, most recently edited first.
#[tauri::command]
async fn list_documents(state: State<'_, AppState>) -> Result<Vec<DocumentSummary>, IpcError> {
    state.with(Library::list)
}

/// Documents matching a full-text query.
#[tauri::command]
async fn search_documents(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<SearchHit>, IpcError> {
    state.with(|lib| lib.search(&query, 100))
}

/// Where the library is and what it holds.
#[tauri::command]
async fn library_info(state: State<'_, AppState>) -> Result<LibraryInfo, IpcError> {
    state.with(Library::info)
}

fn library_path() -> Option<PathBuf> {
    std::env::var_os("ROUNDTABLE_LIBRARY")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(default_library_path)
}

/// Opens the library named by `ROUNDTABLE_LIBRARY` (or the default one) and runs the app.
pub fn run() {
    let library = match library_path() {
        Some(path) => Library::open(&path).map(Mutex::new).map_err(IpcError::from),
        None => Err(IpcError::new(
            ErrorCode::Io,
            "no home folder to keep the library in; set ROUNDTABLE_LIBRARY",
        )),
    };
    let result = tauri::Builder::default()
        .manage(AppState { library })
        .invoke_handler(tauri::generate_handler![
            list_documents,
            search_documents,
            library_info
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        // The window system is gone or never came: nothing to show the error in.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("roundtable-desktop: {e}");
        }
        std::process::exit(1);
    }
}
