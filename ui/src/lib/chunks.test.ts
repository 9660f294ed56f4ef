import { describe, expect, it } from "vitest";
import { createChunker, type Chunk } from "./chunks";

const ids = (n: number, prefix = "b"): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const shape = (chunks: Chunk<string>[]): [number, number, number][] => chunks.map((c) => [c.key, c.start, c.items.length]);
const keyOf = (chunks: Chunk<string>[], item: string): number | undefined => chunks.find((c) => c.items.includes(item))?.key;

describe("createChunker", () => {
  it("cuts a list read afresh every `size` items, starts included", () => {
    const chunk = createChunker<string>((x) => x, 50, 200);
    const out = chunk(ids(120));
    expect(shape(out)).toEqual([
      [0, 0, 50],
      [1, 50, 50],
      [2, 100, 20],
    ]);
    expect(out.flatMap((c) => c.items)).toEqual(ids(120));
  });

  it("keeps every item in its chunk when one is inserted, deleted or edited", () => {
    const chunk = createChunker<string>((x) => x, 50, 200);
    const first = chunk(ids(150));
    const inserted = ids(150);
    inserted.splice(60, 0, "new");
    const after = chunk(inserted);
    expect(keyOf(after, "new")).toBe(1);
    for (const x of ids(150)) expect(keyOf(after, x)).toBe(keyOf(first, x));
    expect(shape(after)).toEqual([
      [0, 0, 50],
      [1, 50, 51],
      [2, 101, 50],
    ]);
    const deleted = inserted.filter((x) => x !== "b50" && x !== "b100");
    const afterDelete = chunk(deleted);
    expect(shape(afterDelete)).toEqual([
      [0, 0, 50],
      [1, 50, 50],
      [2, 100, 49],
    ]);
  });

  it("moves only the item that moved across a boundary", () => {
    const chunk = createChunker<string>((x) => x, 50, 200);
    const first = chunk(ids(100));
    const swapped = ids(100);
    [swapped[49], swapped[50]] = [swapped[50]!, swapped[49]!];
    const after = chunk(swapped);
    const changed = ids(100).filter((x) => keyOf(after, x) !== keyOf(first, x));
    expect(changed).toHaveLength(1);
    expect(after.flatMap((c) => c.items)).toEqual(swapped);
  });

  it("starts a new chunk when insertions fill one to `max`", () => {
    const chunk = createChunker<string>((x) => x, 2, 3);
    chunk(["a", "b", "c", "d"]);
    const out = chunk(["a", "b", "x", "y", "c", "d"]);
    expect(out.map((c) => c.items)).toEqual([["a", "b", "x"], ["y"], ["c", "d"]]);
    expect(out.flatMap((c) => c.items)).toEqual(["a", "b", "x", "y", "c", "d"]);
  });
});
