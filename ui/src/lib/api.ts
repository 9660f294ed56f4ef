// Typed calls to the desktop shell. Every command rejects with an IpcError.
import { Channel, invoke } from "@tauri-apps/api/core";
import type {
  AttributedQuote,
  LinkReport,
  MergeSuggestion,
  PersonDetail,
  PersonSummary,
  QuoteStyle,
  Change,
  Document,
  DocumentView,
  Saved,
  ExportFormat,
  Format,
  HistoryEntry,
  Imported,
  IpcError,
  LibraryInfo,
  ListPage,
  ListQuery,
  MediaRef,
  Progress,
  SearchHit,
  TopicCount,
} from "./bindings";
import { errorText, type Locale } from "./i18n";

/** One page of the library list (or the trash) as the query filters and orders it, with the total. */
export function listPage(query: ListQuery): Promise<ListPage> {
  return invoke<ListPage>("list_page", { query });
}

/** Every topic of the documents in the library (or the trash), the most used first. */
export function listTopics(trashed: boolean): Promise<TopicCount[]> {
  return invoke<TopicCount[]>("list_topics", { trashed });
}

/** The library search; with `speaker` (a person's id), only what that person said. */
export function searchDocuments(query: string, speaker: string | null = null): Promise<SearchHit[]> {
  return invoke<SearchHit[]>("search_documents", { query, speaker });
}

export function libraryInfo(): Promise<LibraryInfo> {
  return invoke<LibraryInfo>("library_info");
}

export function openDocument(id: string): Promise<DocumentView> {
  return invoke<DocumentView>("open_document", { id });
}

/** Stores the edited document as one undo step named `label`; resolves to the stored view. */
/**
 * Saves the window's edited copy relative to the version it was given (the shell remembers
 * it): an edit that arrived from another device meanwhile is kept. `merged` says the stored
 * document now has such edits, so the editor reloads when the user is not typing.
 */
export function saveDocument(document: Document, label: string): Promise<Saved> {
  return invoke<Saved>("save_document", { document, label });
}

export function undo(id: string): Promise<DocumentView> {
  return invoke<DocumentView>("undo", { id });
}

export function redo(id: string): Promise<DocumentView> {
  return invoke<DocumentView>("redo", { id });
}

export function documentHistory(id: string): Promise<HistoryEntry[]> {
  return invoke<HistoryEntry[]>("document_history", { id });
}

/** The document right after a batch, with what restoring it would change. */
export function documentVersion(id: string, device: string, batch: number): Promise<[Document, Change[]]> {
  return invoke<[Document, Change[]]>("document_version", { id, device, batch });
}

/** Puts picture `asset` on the clipboard as an image. */
export function copyPicture(name: string): Promise<void> {
  return invoke<void>("copy_picture", { name });
}

/** Opens the file manager on the folder holding `path` (the file selected where the system can). */
export function showInFolder(path: string): Promise<void> {
  return invoke<void>("show_in_folder", { path });
}

export function restoreVersion(id: string, device: string, batch: number): Promise<DocumentView> {
  return invoke<DocumentView>("restore_version", { id, device, batch });
}

export function previewImport(text: string, from: Format | null = null): Promise<Imported> {
  return invoke<Imported>("preview_import", { text, from });
}

/** A channel that hands each progress report of a long command to `onProgress`. */
function progressChannel(onProgress: (p: Progress) => void): Channel<Progress> {
  const channel = new Channel<Progress>();
  channel.onmessage = onProgress;
  return channel;
}

/**
 * Reads a file as a document for the preview; `onProgress` hears each stage as it goes.
 * `encoding` (a label such as "big5") overrides the detected text encoding.
 */
export function previewImportFile(
  path: string,
  onProgress: (p: Progress) => void = () => {},
  encoding: string | null = null,
): Promise<Imported> {
  return invoke<Imported>("preview_import_file", { path, encoding, progress: progressChannel(onProgress) });
}

/**
 * The files the app was asked to open (launched with them, opened with it while running, a
 * double-click in the file manager) that the window has not taken yet, oldest first.
 */
export function takeLaunchFiles(): Promise<string[]> {
  return invoke<string[]>("take_launch_files");
}

/** Stores a previewed document; `onProgress` hears the ops and rows written as they go. */
/** Imports the sample roundtable in the interface's language; resolves to its id. */
export function importSample(locale: string): Promise<string> {
  return invoke<string>("import_sample", { locale });
}

/** Stores a previewed document; `people` are the preview's choices for participants linking
    only suggested (participant id → a person's id, or null for a new person). */
export function importDocument(document: Document, onProgress: (p: Progress) => void = () => {}, people: [string, string | null][] = []): Promise<string> {
  return invoke<string>("import_document", { document, progress: progressChannel(onProgress), people });
}

// ---- the people directory --------------------------------------------------------------

export function listPeople(): Promise<PersonSummary[]> {
  return invoke<PersonSummary[]>("list_people");
}
/** Links the people of documents stored before the directory (or from a device that did not). */
export function linkEarlierDocuments(): Promise<number> {
  return invoke<number>("link_earlier_documents");
}
export function personDetail(id: string): Promise<PersonDetail> {
  return invoke<PersonDetail>("person_detail", { id });
}
export function mergeSuggestions(): Promise<MergeSuggestion[]> {
  return invoke<MergeSuggestion[]>("merge_suggestions");
}
export function mergePeople(from: string, into: string): Promise<void> {
  return invoke<void>("merge_people", { from, into });
}
export function unmergePerson(id: string): Promise<void> {
  return invoke<void>("unmerge_person", { id });
}
export function markDistinct(a: string, b: string): Promise<void> {
  return invoke<void>("mark_distinct", { a, b });
}
export function renamePerson(id: string, name: string): Promise<void> {
  return invoke<void>("rename_person", { id, name });
}
/** The person of the directory a document's participant is, or null. */
export function personOf(id: string, participant: string): Promise<string | null> {
  return invoke<string | null>("person_of", { id, participant });
}
export function setPersonAliases(id: string, aliases: string[]): Promise<void> {
  return invoke<void>("set_person_aliases", { id, aliases });
}
/** The quote finder: what person `id` said matching `query`, each with its attribution. */
export function searchPerson(id: string, query: string, style: QuoteStyle = "said"): Promise<AttributedQuote[]> {
  return invoke<AttributedQuote[]>("search_person", { id, query, style });
}
/** What linking will do with a previewed document's participants. */
export function previewPeople(document: Document): Promise<LinkReport> {
  return invoke<LinkReport>("preview_people", { document });
}
/** Plain text with an HTML version on the clipboard. */
export function copyRich(text: string, html: string): Promise<void> {
  return invoke<void>("copy_rich", { text, html });
}

export function trashDocument(id: string): Promise<void> {
  return invoke<void>("trash_document", { id });
}

export function untrashDocument(id: string): Promise<void> {
  return invoke<void>("untrash_document", { id });
}

export function duplicateDocument(id: string, suffix: string): Promise<string> {
  return invoke<string>("duplicate_document", { id, suffix });
}

export function exportDocument(id: string, format: ExportFormat): Promise<string> {
  return invoke<string>("export_document", { id, format });
}

export function exportDocumentToFile(id: string, format: ExportFormat, path: string): Promise<void> {
  return invoke<void>("export_document_to_file", { id, format, path });
}

/** Copies the WeChat fragment; resolves to how many pictures will not travel with it. */
export function copyHtml(id: string): Promise<number> {
  return invoke<number>("copy_html", { id });
}

/** Copies the title as plain text (WeChat's editor takes it in its own field). */
export function copyTitle(id: string): Promise<void> {
  return invoke<void>("copy_title", { id });
}

/** Saves the pictures as numbered files in a new folder inside `dir`; resolves to it. */
export function savePictures(id: string, dir: string): Promise<string> {
  return invoke<string>("save_pictures", { id, dir });
}

/** Stores image bytes (sent raw, not as JSON numbers); resolves to the asset name. */
export function addImage(bytes: Uint8Array): Promise<string> {
  return invoke<string>("add_image", bytes);
}

export function addImageFile(path: string): Promise<string> {
  return invoke<string>("add_image_file", { path });
}

export function assetDataUrl(name: string): Promise<string> {
  return invoke<string>("asset_data_url", { name });
}

/** The recordings attached to a document. */
export function listMedia(id: string): Promise<MediaRef[]> {
  return invoke<MediaRef[]>("list_media", { id });
}

/** Attaches the recording at `path` (from the open dialog, a drop, or a test). */
export function attachMedia(id: string, path: string, copy = false): Promise<MediaRef> {
  return invoke<MediaRef>("attach_media", { id, path, copy });
}

export function detachMedia(id: string, sha256: string): Promise<void> {
  return invoke<void>("detach_media", { id, sha256 });
}

/** Finds a moved recording again by the content of the file at `path`. */
export function relinkMedia(id: string, path: string): Promise<MediaRef> {
  return invoke<MediaRef>("relink_media", { id, path });
}

/** The loopback URL (http://127.0.0.1:port/secret/…) the <audio> element plays from. */
/** Shares a recording with the team through sync (`share`), or stops sharing it. */
export function shareMedia(id: string, sha256: string, share: boolean): Promise<MediaRef> {
  return invoke<MediaRef>("share_media", { id, sha256, share });
}

export function mediaUrl(id: string, sha256: string): Promise<string> {
  return invoke<string>("media_url", { id, sha256 });
}

export function setMenuLanguage(language: string): Promise<void> {
  return invoke<void>("set_menu_language", { language });
}

export function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** The message to show for anything a command rejected with, in `locale` where the core gave a code. */
export function errorMessage(value: unknown, locale: Locale = "en"): string {
  return errorText(value, locale);
}
