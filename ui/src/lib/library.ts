// The library list's sort choice. Sorting and filtering themselves are the core's (a page at
// a time, in SQL: `list_page`).
import type { ListOrder } from "./bindings";

export type SortKey = ListOrder;

export const SORT_KEYS: readonly SortKey[] = ["updated", "title"];

export function isSortKey(value: unknown): value is SortKey {
  return typeof value === "string" && (SORT_KEYS as readonly string[]).includes(value);
}
