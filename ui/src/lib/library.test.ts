import { describe, expect, it } from "vitest";
import { appendPage, isSortKey } from "./library";

describe("isSortKey", () => {
  it("accepts only the known keys", () => {
    expect(isSortKey("updated")).toBe(true);
    expect(isSortKey("title")).toBe(true);
    expect(isSortKey("size")).toBe(false);
    expect(isSortKey(null)).toBe(false);
  });
});

describe("appendPage", () => {
  it("adds the next page after the rows and never a row twice", () => {
    const r = (id: string) => ({ id });
    expect(appendPage([r("a"), r("b")], [r("c"), r("d")]).map((x) => x.id)).toEqual(["a", "b", "c", "d"]);
    // A document imported meanwhile pushed "b" onto the next page.
    expect(appendPage([r("a"), r("b")], [r("b"), r("c")]).map((x) => x.id)).toEqual(["a", "b", "c"]);
    expect(appendPage([], [])).toEqual([]);
  });
});
