// Typed calls to the desktop shell. Every command rejects with an IpcError.
import { invoke } from "@tauri-apps/api/core";
import type { DocumentSummary, IpcError, LibraryInfo, SearchHit } from "./bindings";

export function listDocuments(): Promise<DocumentSummary[]> {
  return invoke<DocumentSummary[]>("list_documents");
}

export function searchDocuments(query: string): Promise<SearchHit[]> {
  return invoke<SearchHit[]>("search_documents", { query });
}

export function libraryInfo(): Promise<LibraryInfo> {
  return invoke<LibraryInfo>("library_info");
}

export function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** The message to show for anything a command rejected with. */
export function errorMessage(value: unknown): string {
  if (isIpcError(value)) return value.message;
  if (value instanceof Error) return value.message;
  return String(value);
}
