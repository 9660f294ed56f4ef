// Team sync as the window sees it: the commands, and the wording of the status line and of
// conflict values (pure, so it is tested without the app).
import { invoke } from "@tauri-apps/api/core";
import type { Conflict, SyncStatus } from "./bindings";
import { errorText, syncMessages, type Locale } from "./i18n";

export function linkSyncFolder(folder: string): Promise<void> {
  return invoke("link_sync_folder", { folder });
}

export function syncNow(): Promise<void> {
  return invoke("sync_now");
}

export function syncStatus(): Promise<SyncStatus> {
  return invoke("sync_status");
}

export function listConflicts(id: string): Promise<Conflict[]> {
  return invoke("list_conflicts", { id });
}

export function resolveConflict(id: string, field: string, op: string): Promise<void> {
  return invoke("resolve_conflict", { id, field, op });
}

/** The window event a sync pass sends. */
export const SYNC_EVENT = "sync-status";
/** The DOM event the app raises when a sync brought in edits, so open views reload. */
export const REMOTE_CHANGE = "roundtable:remote-change";

/** One short line for the status bar. */
export function describeStatus(status: SyncStatus | null, locale: Locale): string {
  const t = syncMessages[locale];
  if (status === null || status.folder === null) return t.notLinked;
  if (status.error !== null) return t.syncFailed(errorText(status.error, locale));
  const r = status.report;
  if (r === null) return t.syncing;
  const parts = [t.peers(r.peers.length)];
  if (r.pending.length > 0) parts.push(t.arriving(r.pending.length));
  if (r.warnings.length > 0) parts.push(t.notices(r.warnings.length));
  return t.synced(parts.join(" · "));
}

/**
 * What a conflict is about, for people: the block as the editor describes it ("王立新的发言")
 * or the participant, and the field's name in `locale`; never the core's field key.
 */
export function conflictSubject(c: Pick<Conflict, "name" | "block" | "participant">, locale: Locale, describeBlock?: (block: string) => string | undefined): string {
  const t = syncMessages[locale];
  const field = t.fields[c.name];
  if (c.block !== null) {
    const block = describeBlock?.(c.block) ?? t.aBlock;
    // A turn's or paragraph's text is what the block is: its description says enough.
    return c.name === "paragraphs" || c.name === "text" || c.name === "block" ? block : t.ofBlock(block, field);
  }
  if (c.participant !== null) return t.ofParticipant(field);
  return field;
}

/** A conflicting value as text a person reads: strings as they are, lists joined, JSON else. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "✓" : "✗";
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(" / ");
  // A shared recording (a `recording` conflict: shared on one side, unshared on the other).
  if (typeof value === "object" && "file_name" in value && typeof value.file_name === "string") return `♪ ${value.file_name}`;
  return JSON.stringify(value);
}
