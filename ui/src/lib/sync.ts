// Team sync as the window sees it: the commands, and the wording of the status line and of
// conflict values (pure, so it is tested without the app).
import { invoke } from "@tauri-apps/api/core";
import type { Conflict, SyncStatus } from "./bindings";

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

export type SyncLocale = "zh-CN" | "en";

/** One short line for the status bar. */
export function describeStatus(status: SyncStatus | null, locale: SyncLocale): string {
  const zh = locale === "zh-CN";
  if (status === null || status.folder === null) return zh ? "未连接共享文件夹" : "Not linked to a shared folder";
  if (status.error !== null) return (zh ? "同步失败:" : "Sync failed: ") + status.error.message;
  const r = status.report;
  if (r === null) return zh ? "正在同步…" : "Syncing…";
  const peers = r.peers.length;
  const parts = zh ? [`${peers} 位同事`] : [`${peers} ${peers === 1 ? "peer" : "peers"}`];
  if (r.pending.length > 0) parts.push(zh ? `${r.pending.length} 个文件传输中` : `${r.pending.length} arriving`);
  if (r.warnings.length > 0) parts.push(zh ? `${r.warnings.length} 条提示` : `${r.warnings.length} ${r.warnings.length === 1 ? "notice" : "notices"}`);
  return (zh ? "已同步 · " : "Synced · ") + parts.join(" · ");
}

/** A conflicting value as text a person reads: strings as they are, lists joined, JSON else. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "string") return value;
  if (typeof value === "boolean") return value ? "✓" : "✗";
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(" / ");
  return JSON.stringify(value);
}
