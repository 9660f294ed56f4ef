// The history as people read it: a burst of typing is one entry, not one per pause.
import type { HistoryEntry } from "./bindings";

/** Labels of edits made by typing (saved after each pause), which group. */
const TYPING = new Set(["Edit text", "Edit title", "Edit details", "Edit image"]);
/** Typing pauses longer than this start a new entry. */
const GAP_MS = 5 * 60 * 1000;

/** One row of the history: consecutive batches of the same typing, or one batch. */
export interface HistoryGroup {
  /** The newest batch: what preview and restore go to. */
  last: HistoryEntry;
  /** The oldest batch of the group. */
  first: HistoryEntry;
  /** How many batches it holds. */
  batches: number;
  /** Changes in all of them. */
  ops: number;
}

/** Groups `entries` (oldest first, as the core gives them); the result is oldest first too. */
export function groupHistory(entries: readonly HistoryEntry[]): HistoryGroup[] {
  const out: HistoryGroup[] = [];
  for (const e of entries) {
    const g = out.at(-1);
    if (
      g !== undefined &&
      e.kind === "edit" &&
      g.last.kind === "edit" &&
      TYPING.has(e.label) &&
      e.label === g.last.label &&
      e.device === g.last.device &&
      e.wall_ms - g.last.wall_ms <= GAP_MS
    ) {
      g.last = e;
      g.batches += 1;
      g.ops += e.ops;
    } else out.push({ first: e, last: e, batches: 1, ops: e.ops });
  }
  return out;
}
