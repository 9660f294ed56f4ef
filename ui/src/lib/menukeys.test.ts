import { describe, expect, it } from "vitest";
import { nextIndex } from "./menukeys";

// Issue 12.11: the speaker and export menus are real menus from the keyboard.
describe("nextIndex (menu keys)", () => {
  const labels = ["杨梅芳", "Dana Whitfield", "郑亚平", "Dan Roe"];
  it("moves, wraps, jumps and finds by letter", () => {
    const table: [string, number, number | null][] = [
      ["ArrowDown", -1, 0],
      ["ArrowDown", 0, 1],
      ["ArrowDown", 3, 0],
      ["ArrowUp", 0, 3],
      ["ArrowUp", -1, 3],
      ["Home", 2, 0],
      ["End", 0, 3],
      ["d", 1, 3],
      ["D", 3, 1],
      ["郑", 0, 2],
      ["x", 0, null],
      [" ", 0, null],
      ["Enter", 0, null],
    ];
    for (const [key, at, want] of table) expect(nextIndex(key, at, labels), `${key} from ${at}`).toBe(want);
  });
  it("does nothing in an empty menu", () => {
    expect(nextIndex("ArrowDown", -1, [])).toBeNull();
  });
});
