import { describe, expect, it } from "vitest";
import { isSortKey } from "./library";

describe("isSortKey", () => {
  it("accepts only the known keys", () => {
    expect(isSortKey("updated")).toBe(true);
    expect(isSortKey("title")).toBe(true);
    expect(isSortKey("size")).toBe(false);
    expect(isSortKey(null)).toBe(false);
  });
});
