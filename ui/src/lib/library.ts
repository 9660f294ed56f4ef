// Pure helpers for the library list: sorting and the sort choice.
import type { DocumentSummary } from "./bindings";
import type { Locale } from "./i18n";

export type SortKey = "updated" | "title";

export const SORT_KEYS: readonly SortKey[] = ["updated", "title"];

export function isSortKey(value: unknown): value is SortKey {
  return typeof value === "string" && (SORT_KEYS as readonly string[]).includes(value);
}

/**
 * A copy of `docs` in the chosen order: the last edited first, or by title in the locale's
 * collation (numbers in titles in numeric order, case ignored). Ties are broken by id so the
 * order is stable across refreshes.
 */
export function sortDocuments(docs: readonly DocumentSummary[], key: SortKey, locale: Locale): DocumentSummary[] {
  const collator = new Intl.Collator(locale, { sensitivity: "base", numeric: true });
  return [...docs].sort((a, b) => {
    const primary =
      key === "updated"
        ? b.updated_ms - a.updated_ms
        : collator.compare(a.title.trim(), b.title.trim()) || b.updated_ms - a.updated_ms;
    return primary !== 0 ? primary : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Every topic of the documents, most used first, then alphabetically. */
export function allTopics(docs: readonly DocumentSummary[]): string[] {
  const n = new Map<string, number>();
  for (const d of docs) for (const t of d.topics) n.set(t, (n.get(t) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([t]) => t);
}

/** The documents tagged `topic` (all of them when it is empty). */
export function filterByTopic(docs: readonly DocumentSummary[], topic: string): readonly DocumentSummary[] {
  return topic === "" ? docs : docs.filter((d) => d.topics.includes(topic));
}
