// The body of a long document drawn in chunks of about fifty blocks, each chunk one element.
//
// WebKitGTK's editing walks the siblings of the block being typed in: with 2,000 blocks side by
// side a key took 21 ms (measured in the real window), with 40 chunks of 50 it takes 2 ms. The
// chunks are sticky: a block stays in its chunk across edits, so an edit re-draws only the
// blocks it touches (a block that changes chunk is drawn anew, and Svelte keys each chunk's
// blocks within that chunk).

/** A run of consecutive blocks drawn as one element. */
export interface Chunk<T> {
  /** Stable across edits: the chunk's key. */
  key: number;
  /** The index of its first item in the whole list. */
  start: number;
  items: T[];
}

/**
 * A function from the current list to its chunks, remembering which chunk each item was in.
 * New items join the chunk they are inserted into until it holds `max` items; a document read
 * afresh is cut every `size` items.
 */
export function createChunker<T>(id: (item: T) => string, size = 50, max = 200): (items: readonly T[]) => Chunk<T>[] {
  let home = new Map<string, number>();
  let next = 0;
  return (items) => {
    // A first read is cut evenly; later, new items fill the chunk they land in up to `max`.
    const room = home.size === 0 ? size : max;
    const seen = new Map<string, number>();
    const used = new Set<number>();
    const out: Chunk<T>[] = [];
    let cur: Chunk<T> | null = null;
    items.forEach((item, i) => {
      const key = id(item);
      const was = home.get(key);
      if (cur !== null && was === cur.key) {
        cur.items.push(item);
      } else if (was !== undefined && !used.has(was)) {
        // The chunk it was in (its first blocks may be gone or moved away).
        cur = { key: was, start: i, items: [item] };
        used.add(was);
        out.push(cur);
      } else if (cur !== null && cur.items.length < (was === undefined ? room : size)) {
        // New, or moved here from a chunk that is already drawn: joins this one.
        cur.items.push(item);
      } else {
        cur = { key: next++, start: i, items: [item] };
        used.add(cur.key);
        out.push(cur);
      }
      seen.set(key, cur.key);
    });
    // Forget items that are gone, so a long session does not keep every id ever seen.
    home = seen;
    return out;
  };
}
