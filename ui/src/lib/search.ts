// The search box's logic, free of the DOM: what counts as a query, and a debounced search in
// which only the answer to the newest query is delivered.

/** The query to send, or null when the box holds nothing but spaces (then the list shows). */
export function normalizeQuery(input: string): string | null {
  const q = input.replace(/[\s\u3000]+/gu, " ").trim();
  return q === "" ? null : q;
}

export type SearchState<T> =
  | { kind: "idle" }
  | { kind: "pending"; query: string }
  | { kind: "done"; query: string; results: T }
  | { kind: "failed"; query: string; error: unknown };

export interface Searcher {
  /** The box changed: search after the delay, or go back to idle at once when it is empty. */
  input(text: string): void;
  /** Search now, without waiting (Enter). */
  flush(): void;
  /** Forget the pending timer and any answer still on its way. */
  cancel(): void;
}

export interface SearcherOptions<T> {
  search: (query: string) => Promise<T>;
  onState: (state: SearchState<T>) => void;
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

/**
 * Calls `search` once typing pauses for `delayMs`. A slower answer to an older query never
 * replaces a newer one; the same query twice in a row is not sent again.
 */
export function createSearcher<T>(options: SearcherOptions<T>): Searcher {
  const delay = options.delayMs ?? 200;
  const setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let timer: unknown = undefined;
  let generation = 0;
  let wanted: string | null = null;
  let lastSent: string | null = null;

  function stopTimer(): void {
    if (timer !== undefined) clearTimer(timer);
    timer = undefined;
  }

  function run(): void {
    stopTimer();
    const query = wanted;
    if (query === null || query === lastSent) return;
    lastSent = query;
    const mine = ++generation;
    options.onState({ kind: "pending", query });
    options.search(query).then(
      (results) => {
        if (mine === generation) options.onState({ kind: "done", query, results });
      },
      (error: unknown) => {
        if (mine === generation) {
          lastSent = null; // let the same query be tried again
          options.onState({ kind: "failed", query, error });
        }
      },
    );
  }

  return {
    input(text) {
      wanted = normalizeQuery(text);
      stopTimer();
      if (wanted === null) {
        generation++;
        lastSent = null;
        options.onState({ kind: "idle" });
        return;
      }
      if (wanted === lastSent) return;
      timer = setTimer(run, delay);
    },
    flush() {
      run();
    },
    cancel() {
      stopTimer();
      generation++;
      lastSent = null;
    },
  };
}
