//! The desktop shell: Tauri commands that call the core, the native menu, and the plugins
//! (dialogs, clipboard, window state, one instance per library, logs). Nothing here decides
//! anything about documents.
//!
//! Every command returns `Result<_, IpcError>` so the UI gets `{code, message}` errors.

mod files;
mod instance;
mod launch;
mod logs;
mod media;
mod menu;
mod people;
mod sync;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use base64::Engine as _;
use roundtable_core::export::{ExportFormat, export_string};
use roundtable_core::import::{
    Format, Imported, MAX_INPUT_BYTES, encoding_for_label, parse_file_reporting, parse_text,
};
use roundtable_core::progress::Progress;
use roundtable_core::store::{
    Base, DocumentView, HistoryEntry, Library, LibraryInfo, ListPage, ListQuery, Saved, SearchHit,
    StoreError, TopicCount, default_library_path,
};
use roundtable_core::{Document, ErrorCode, IpcError};
use tauri::ipc::{Channel, InvokeBody, Request};
use tauri::{AppHandle, Manager as _, State};
use tauri_plugin_clipboard_manager::ClipboardExt as _;
use tauri_plugin_opener::OpenerExt as _;
use uuid::Uuid;

/// What the app does with the system's events beyond the window's own: macOS hands the files
/// the user opened with the app (a double-click in the Finder, a file dropped on the Dock
/// icon) as an event, not as arguments.
#[cfg(target_os = "macos")]
fn opened(app: &AppHandle, event: tauri::RunEvent) {
    if let tauri::RunEvent::Opened { urls } = event {
        launch::hand_over(app, launch::paths_from_urls(&urls));
    }
}

/// Elsewhere opened files come as launch arguments (see `launch.rs`): nothing to do here.
#[cfg(not(target_os = "macos"))]
fn opened(_app: &AppHandle, _event: tauri::RunEvent) {}

/// The open library, or why it could not be opened (shown by the UI instead of a crash).
struct AppState {
    library: Result<Mutex<Library>, IpcError>,
    /// Per open document, the version the window's copy is (see `core::store::Base`):
    /// set whenever the window is handed a document, advanced by each save. Locked only
    /// inside the library lock.
    bases: Mutex<HashMap<Uuid, Base>>,
    /// The loopback server recordings play through, or why it did not start.
    media: Result<roundtable_core::media::MediaServer, IpcError>,
}

impl AppState {
    /// Runs `f` with the library locked. Every command goes through here, so commands are
    /// serialised: a save and an undo never interleave.
    fn with<T, E: Into<IpcError>>(
        &self,
        f: impl FnOnce(&mut Library) -> Result<T, E>,
    ) -> Result<T, IpcError> {
        let lib = self.library.as_ref().map_err(Clone::clone)?;
        let mut lib = lib
            .lock()
            .map_err(|_| IpcError::new(ErrorCode::Internal, "the library lock was poisoned"))?;
        f(&mut lib).map_err(Into::into)
    }

    /// Runs `f` with the library locked and hands the window the document view it returns,
    /// remembering the version of that copy for its next save.
    fn view(
        &self,
        f: impl FnOnce(&mut Library) -> Result<DocumentView, StoreError>,
    ) -> Result<DocumentView, IpcError> {
        self.with(|lib| {
            let view = f(lib)?;
            if let Ok(mut bases) = self.bases.lock() {
                bases.insert(view.document.id, view.base.clone());
            }
            Ok::<_, StoreError>(view)
        })
    }
}

/// One page of the library list (or of the trash), filtered and ordered by the core, with
/// the number of documents on all pages: the window asks for more as the list scrolls.
#[tauri::command]
async fn list_page(state: State<'_, AppState>, query: ListQuery) -> Result<ListPage, IpcError> {
    state.with(|lib| lib.list_page(&query))
}

/// Every topic of the documents in the library (or in the trash), the most used first.
#[tauri::command]
async fn list_topics(
    state: State<'_, AppState>,
    trashed: bool,
) -> Result<Vec<TopicCount>, IpcError> {
    state.with(|lib| lib.topics(trashed))
}

/// Documents matching a full-text query.
#[tauri::command]
async fn search_documents(
    state: State<'_, AppState>,
    query: String,
    speaker: Option<Uuid>,
) -> Result<Vec<SearchHit>, IpcError> {
    state.with(|lib| match speaker {
        Some(person) => lib.search_said_by(person, &query, 100),
        None => lib.search(&query, 100),
    })
}

/// Where the library is and what it holds.
#[tauri::command]
async fn library_info(state: State<'_, AppState>) -> Result<LibraryInfo, IpcError> {
    state.with(|lib| lib.info())
}

/// A document and what undo and redo would do, for the editor.
#[tauri::command]
async fn open_document(state: State<'_, AppState>, id: Uuid) -> Result<DocumentView, IpcError> {
    state.view(|lib| lib.view(id))
}

/// Stores the window's edited copy of a document as one undo step labelled `label`,
/// relative to the version the window was given (so an edit that arrived from elsewhere
/// meanwhile is kept); says whether the stored document now differs from the copy.
#[tauri::command]
async fn save_document(
    state: State<'_, AppState>,
    document: Document,
    label: String,
) -> Result<Saved, IpcError> {
    state.with(|lib| {
        let mut bases = state.bases.lock().map_err(|_| {
            IpcError::new(ErrorCode::Internal, "the editor state lock was poisoned")
        })?;
        let base = match bases.get(&document.id) {
            Some(base) => base.clone(),
            // Not handed out by this window (cannot happen from the UI): the stored version.
            None => lib.base(document.id)?,
        };
        let outcome = lib.save_from(&document, &label, &base)?;
        bases.insert(document.id, outcome.base);
        Ok::<_, IpcError>(Saved {
            undo: lib.undo_state(document.id)?,
            merged: outcome.merged,
        })
    })
}

/// Takes back the latest edit; returns the document as it is now.
#[tauri::command]
async fn undo(state: State<'_, AppState>, id: Uuid) -> Result<DocumentView, IpcError> {
    state.view(|lib| {
        lib.undo(id)?;
        lib.view(id)
    })
}

/// Puts back the latest undone edit; returns the document as it is now.
#[tauri::command]
async fn redo(state: State<'_, AppState>, id: Uuid) -> Result<DocumentView, IpcError> {
    state.view(|lib| {
        lib.redo(id)?;
        lib.view(id)
    })
}

/// Every edit batch of a document, oldest first.
#[tauri::command]
async fn document_history(
    state: State<'_, AppState>,
    id: Uuid,
) -> Result<Vec<HistoryEntry>, IpcError> {
    state.with(|lib| lib.history(id))
}

/// The document as it was right after a batch, with what restoring it would change (the
/// current document against it), for the preview before a restore: the version is replayed
/// once for both.
#[tauri::command]
async fn document_version(
    state: State<'_, AppState>,
    id: Uuid,
    device: String,
    batch: u64,
) -> Result<(Document, Vec<roundtable_core::ops::Change>), IpcError> {
    state.with(|lib| {
        let then = lib.version(id, &device, batch)?;
        let changes = roundtable_core::ops::compare(&lib.document(id)?, &then);
        Ok::<_, IpcError>((then, changes))
    })
}

/// Opens the system's file manager on the folder of `path` (a file the app just wrote), with
/// the file selected where the platform can (Explorer, Finder).
#[tauri::command]
async fn show_in_folder(app: AppHandle, path: PathBuf) -> Result<(), IpcError> {
    if !path.exists() {
        return Err(IpcError::new(
            ErrorCode::NotFound,
            format!("{} is not there any more", path.display()),
        ));
    }
    // The opener plugin (as the log folder's menu item uses) selects the file in Explorer,
    // Finder or the Linux file manager.
    app.opener().reveal_item_in_dir(&path).map_err(|e| {
        IpcError::new(
            ErrorCode::Io,
            format!("could not open the file manager on {}: {e}", path.display()),
        )
    })
}

/// Makes the document what it was after a batch, as a new batch (nothing is lost).
#[tauri::command]
async fn restore_version(
    state: State<'_, AppState>,
    id: Uuid,
    device: String,
    batch: u64,
) -> Result<DocumentView, IpcError> {
    state.view(|lib| {
        lib.restore_version(id, &device, batch)?;
        lib.view(id)
    })
}

/// Reads pasted text as a document without storing it (the import preview).
#[tauri::command]
async fn preview_import(text: String, from: Option<Format>) -> Result<Imported, IpcError> {
    Ok(parse_text(&text, from)?)
}

/// Runs `f` on a thread for blocking work, off the async runtime that answers the window: a
/// 64 MB import reads, parses and stores for seconds, and progress reports and other commands
/// keep flowing meanwhile.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| IpcError::new(ErrorCode::Internal, format!("the import stopped: {e}")))?
}

/// A report function that sends each report down `channel`. A window that stopped listening
/// (it closed the import) does not stop the import.
fn reporter(channel: Channel<Progress>) -> impl FnMut(Progress) {
    move |p| {
        let _ = channel.send(p);
    }
}

/// Reads a file (chosen in the open dialog or dropped on the window) as a document without
/// storing the document, reporting each stage on `progress`: bytes read, parsing, pictures
/// stored. Pictures embedded in it (Word) go to the asset store now, so the preview and the
/// imported document can show them; the store is content-addressed, so a cancelled import
/// leaves at most unused files, never wrong ones. `encoding` (a label such as `big5`), when
/// given, overrides the detected text encoding: the preview offers it when a guess was wrong.
#[tauri::command]
async fn preview_import_file(
    app: AppHandle,
    path: PathBuf,
    encoding: Option<String>,
    progress: Channel<Progress>,
) -> Result<Imported, IpcError> {
    blocking(move || {
        let encoding = encoding.as_deref().map(encoding_for_label).transpose()?;
        let mut report = reporter(progress);
        let bytes = files::read_limited_reporting(&path, MAX_INPUT_BYTES as u64, &mut report)?;
        let mut imported = parse_file_reporting(&bytes, &path, None, encoding, &mut report)?;
        drop(bytes);
        // A Word file's pictures go into the asset store now: it is content-addressed, so one
        // that is never imported costs a file and harms nothing, and the preview can show them.
        let state = app.state::<AppState>();
        state.with(|lib| lib.store_imported_assets_reporting(&mut imported, &mut report))?;
        Ok(imported)
    })
    .await
}

/// Stores a previewed (and possibly corrected) document, reporting the ops appended and the
/// rows written on `progress`; returns its id. A document whose id is already in the library
/// (the same JSON imported twice) gets a new id.
#[tauri::command]
async fn import_document(
    app: AppHandle,
    mut document: Document,
    progress: Channel<Progress>,
    people: Option<Vec<(String, Option<Uuid>)>>,
) -> Result<Uuid, IpcError> {
    blocking(move || {
        let mut report = reporter(progress);
        app.state::<AppState>().with(|lib| {
            if lib.document(document.id).is_ok() {
                document.id = Uuid::new_v4();
            }
            let id = lib.create_document_reporting(&document, &mut report)?;
            // The people directory: exact names link, the rest wait for the user; the preview
            // already asked about those (`people`: participant → a person, or a new one).
            lib.link_participants(id)?;
            for (participant, person) in people.unwrap_or_default() {
                lib.link_participant(id, &participant, person)?;
            }
            Ok::<_, IpcError>(id)
        })
    })
    .await
}

/// Imports the sample roundtable (Chinese for a Chinese interface, English otherwise), so a
/// first run can try the editor without a file at hand; returns its id.
#[tauri::command]
async fn import_sample(state: State<'_, AppState>, locale: String) -> Result<Uuid, IpcError> {
    let text = if locale.starts_with("zh") {
        include_str!("samples/zh_rooftop_roundtable.txt")
    } else {
        include_str!("samples/en_water_panel.txt")
    };
    let imported = parse_text(text, None)?;
    state.with(|lib| {
        let id = lib.create_document(&imported.document)?;
        lib.link_participants(id)?;
        Ok::<_, IpcError>(id)
    })
}

/// Moves a document to the trash.
#[tauri::command]
async fn trash_document(state: State<'_, AppState>, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.trash(id))
}

/// Brings a document back from the trash.
#[tauri::command]
async fn untrash_document(state: State<'_, AppState>, id: Uuid) -> Result<(), IpcError> {
    state.with(|lib| lib.untrash(id))
}

/// Copies a document; the copy's title ends with `suffix` (localised by the UI).
#[tauri::command]
async fn duplicate_document(
    state: State<'_, AppState>,
    id: Uuid,
    suffix: String,
) -> Result<Uuid, IpcError> {
    state.with(|lib| lib.duplicate(id, &suffix))
}

/// A document as Markdown, HTML or JSON text.
#[tauri::command]
async fn export_document(
    state: State<'_, AppState>,
    id: Uuid,
    format: ExportFormat,
) -> Result<String, IpcError> {
    state.with(|lib| lib.document(id).map(|d| export_string(&d, format)))
}

/// Writes a document as Markdown, HTML, Word or JSON to `path` (from the save dialog). Only files
/// named for the format are written, so the webview cannot overwrite arbitrary files.
#[tauri::command]
async fn export_document_to_file(
    state: State<'_, AppState>,
    id: Uuid,
    format: ExportFormat,
    path: PathBuf,
) -> Result<(), IpcError> {
    use roundtable_core::export::{ExportOptions, ImageMode, Templates, render};
    // A file on its own: images go inside it, so it can be mailed or uploaded as it is.
    let bytes = state.with(|lib| {
        let d = lib.document(id)?;
        let options = ExportOptions {
            images: ImageMode::Embed,
            ..ExportOptions::default()
        };
        render(&d, format, &options, None, &Templates::builtin(), lib)
            .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))
    })?;
    files::write_export(&path, format, &bytes)
}

/// Copies a document to the clipboard as HTML (with its Markdown as the plain-text
/// alternative), for pasting into a CMS or a mail. Returns how many pictures will not travel
/// with the paste (WeChat's editor fetches pictures only from http(s) URLs): 0 when the
/// library has an image base URL or the document has no pictures.
#[tauri::command]
async fn copy_html(app: AppHandle, state: State<'_, AppState>, id: Uuid) -> Result<u32, IpcError> {
    use roundtable_core::export::{ExportOptions, ImageMode, Style, Templates, render};
    // The inline-styled ("WeChat") HTML: every style inline; pictures from the image host
    // when the library names one, else embedded (other web editors take those); Markdown as
    // the plain-text alternative. The title is left out: WeChat takes it in its own field.
    let (html, markdown, stranded) = state.with(|lib| {
        let d = lib.document(id)?;
        let options = ExportOptions {
            images: ImageMode::Embed,
            image_base_url: lib.image_base_url()?,
            ..ExportOptions::style(Style::Wechat)
        };
        let stranded = roundtable_core::export::stranded_pictures(
            &d,
            ExportFormat::WechatHtml,
            &options,
            false,
        )
        .map_or(0, |(_, n)| n as u32);
        let html = render(
            &d,
            ExportFormat::WechatHtml,
            &options,
            None,
            &Templates::builtin(),
            lib,
        )
        .map_err(|e| IpcError::new(ErrorCode::Internal, e.to_string()))?;
        Ok::<_, IpcError>((
            String::from_utf8_lossy(&html).into_owned(),
            export_string(&d, ExportFormat::Markdown),
            stranded,
        ))
    })?;
    app.clipboard()
        .write_html(html, Some(markdown))
        .map_err(|e| IpcError::new(ErrorCode::Io, format!("cannot use the clipboard: {e}")))?;
    Ok(stranded)
}

/// Copies a document's title as plain text (WeChat's editor has a field of its own for it).
#[tauri::command]
async fn copy_title(app: AppHandle, state: State<'_, AppState>, id: Uuid) -> Result<(), IpcError> {
    let title = state.with(|lib| lib.document(id).map(|d| d.title))?;
    app.clipboard()
        .write_text(title)
        .map_err(|e| IpcError::new(ErrorCode::Io, format!("cannot use the clipboard: {e}")))
}

/// Puts one picture on the clipboard as an image, for pasting into an editor that keeps only
/// pasted pictures (WeChat's): "copy pictures one by one".
#[tauri::command]
async fn copy_picture(
    app: AppHandle,
    state: State<'_, AppState>,
    name: String,
) -> Result<(), IpcError> {
    let (bytes, _) = state.with(|lib| lib.asset(&name))?;
    let picture = image::load_from_memory(&bytes)
        .map_err(|e| {
            IpcError::new(
                ErrorCode::InvalidInput,
                format!("cannot read picture {name}: {e}"),
            )
        })?
        .into_rgba8();
    let (width, height) = picture.dimensions();
    let image = tauri::image::Image::new_owned(picture.into_raw(), width, height);
    app.clipboard()
        .write_image(&image)
        .map_err(|e| IpcError::new(ErrorCode::Io, format!("cannot use the clipboard: {e}")))
}

/// Saves a document's pictures as numbered files (`01-caption.png`…) in a new folder named
/// for the document inside `dir` (chosen in the folder dialog), for inserting them by hand
/// in order. Returns the folder. Never overwrites a file.
#[tauri::command]
async fn save_pictures(
    state: State<'_, AppState>,
    id: Uuid,
    dir: PathBuf,
) -> Result<PathBuf, IpcError> {
    state.with(|lib| {
        let d = lib.document(id)?;
        let pictures = roundtable_core::export::numbered_pictures(&d);
        let folder = dir.join(roundtable_core::export::safe_file_name(
            &format!("{} pictures", d.title),
            "pictures",
            "",
        ));
        files::write_pictures(&folder, &pictures, |asset| lib.asset(asset).map(|(b, _)| b))?;
        Ok::<_, IpcError>(folder)
    })
}

/// Stores image bytes (sent as the raw request body: pasted or read by the webview) in the
/// asset store; returns the asset name. The type is checked from the bytes.
#[tauri::command]
async fn add_image(state: State<'_, AppState>, request: Request<'_>) -> Result<String, IpcError> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::new(
            ErrorCode::InvalidInput,
            "send the image as raw bytes",
        ));
    };
    state.with(|lib| lib.put_asset(bytes))
}

/// Stores an image file (chosen in the open dialog or dropped) in the asset store; returns
/// the asset name.
#[tauri::command]
async fn add_image_file(state: State<'_, AppState>, path: PathBuf) -> Result<String, IpcError> {
    let bytes = files::read_limited(&path, files::MAX_IMAGE_BYTES)?;
    state.with(|lib| lib.put_asset(&bytes))
}

/// A stored image as a `data:` URL, so the webview shows it under the strict CSP without a
/// file URL or a custom protocol that could reach other files.
#[tauri::command]
async fn asset_data_url(state: State<'_, AppState>, name: String) -> Result<String, IpcError> {
    let (bytes, kind) = state.with(|lib| lib.asset(&name))?;
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(format!("data:{};base64,{b64}", kind.mime()))
}

/// Sets the language of the native menu (the UI follows the system or the user's switch).
#[tauri::command]
async fn set_menu_language(app: AppHandle, language: String) -> Result<(), IpcError> {
    menu::install(&app, &language)
        .map_err(|e| IpcError::new(ErrorCode::Internal, format!("cannot build the menu: {e}")))
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
    let library_id = instance::library_id(library_path().as_deref());
    let result = tauri::Builder::default()
        // First, so a second launch on the same library hands over before anything else runs.
        .plugin(instance::plugin(&library_id))
        .plugin(logs::plugin())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_clipboard_manager::init())
        .manage(AppState {
            library,
            bases: Mutex::new(HashMap::new()),
            media: media::start(),
        })
        .manage(launch::LaunchFiles::default())
        .setup(|app| {
            log::info!(
                "Roundtable {} starting; library {}",
                app.package_info().version,
                library_path().map_or_else(|| "(none)".into(), |p| p.display().to_string())
            );
            if let Err(e) = &app.state::<AppState>().library {
                log::error!("the library could not be opened: {e:?}");
            }
            // The UI sets the menu language once it knows it; until then the system's.
            let language = std::env::var("LANG").unwrap_or_default();
            menu::install(app.handle(), &language)?;
            let sync_state = sync::start(app.handle());
            tauri::Manager::manage(app, sync_state);
            // Files named on the command line (a double-click in the file manager on Linux
            // and Windows) wait for the window's import screen.
            let cwd = std::env::current_dir().unwrap_or_default();
            launch::hand_over(
                app.handle(),
                launch::paths_from_args(std::env::args_os().skip(1), &cwd),
            );
            Ok(())
        })
        .on_menu_event(menu::forward)
        .invoke_handler(tauri::generate_handler![
            list_page,
            list_topics,
            search_documents,
            library_info,
            open_document,
            save_document,
            undo,
            redo,
            document_history,
            document_version,
            people::list_people,
            people::link_earlier_documents,
            people::person_detail,
            people::merge_suggestions,
            people::merge_people,
            people::unmerge_person,
            people::mark_distinct,
            people::rename_person,
            people::set_person_aliases,
            people::person_of,
            people::search_person,
            people::preview_people,
            people::copy_rich,
            copy_picture,
            show_in_folder,
            restore_version,
            preview_import,
            preview_import_file,
            import_document,
            trash_document,
            untrash_document,
            duplicate_document,
            export_document,
            export_document_to_file,
            copy_html,
            copy_title,
            save_pictures,
            import_sample,
            add_image,
            add_image_file,
            asset_data_url,
            set_menu_language,
            sync::link_sync_folder,
            sync::sync_now,
            sync::sync_status,
            sync::list_conflicts,
            sync::resolve_conflict,
            media::list_media,
            media::attach_media,
            media::detach_media,
            media::relink_media,
            media::media_url,
            media::share_media,
            launch::take_launch_files,
        ])
        .build(tauri::generate_context!())
        .map(|app| app.run(opened));
    if let Err(e) = result {
        // The window system is gone or never came: nothing to show the error in.
        #[allow(clippy::print_stderr)]
        {
            eprintln!("roundtable-desktop: {e}");
        }
        std::process::exit(1);
    }
}
