// The library list's sort choice. Sorting and filtering themselves are the core's (a page at
// a time, in SQL: `list_page`).
import type { ListOrder } from "./bindings";

export type SortKey = ListOrder;

export const SORT_KEYS: readonly SortKey[] = ["updated", "title"];

export function isSortKey(value: unknown): value is SortKey {
  return typeof value === "string" && (SORT_KEYS as readonly string[]).includes(value);
}

/**
 * The rows read so far with the next page after them. A document already there is not added
 * again: pages are cut by offset, and a document edited or imported meanwhile (a sync, the
 * CLI) shifts the list by one, so the next page can repeat a row.
 */
export function appendPage<T extends { id: string }>(rows: readonly T[], page: readonly T[]): T[] {
  const have = new Set(rows.map((r) => r.id));
  return [...rows, ...page.filter((r) => !have.has(r.id))];
}
