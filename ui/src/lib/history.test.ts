import { describe, expect, it } from "vitest";
import type { HistoryEntry } from "./bindings";
import { groupHistory } from "./history";
import { cycle } from "./focustrap";

const e = (batch: number, label: string, s: number, kind: HistoryEntry["kind"] = "edit", device = "a"): HistoryEntry => ({
  device,
  batch,
  kind,
  label,
  wall_ms: s * 1000,
  ops: 1,
  mine: device === "a",
});

// Issue 12.7: consecutive typing is one history entry.
describe("groupHistory", () => {
  it("groups a burst of typing and nothing else", () => {
    const groups = groupHistory([
      e(1, "", 0, "import"),
      e(2, "Edit text", 10),
      e(3, "Edit text", 20),
      e(4, "Edit text", 40),
      e(5, "Change speaker", 50),
      e(6, "Edit text", 60),
      e(7, "Edit text", 70, "edit", "b"),
      e(8, "Edit text", 70 + 6 * 60),
      e(9, "Edit title", 70 + 6 * 60 + 1),
      e(10, "Insert image", 70 + 6 * 60 + 2),
      e(11, "Insert image", 70 + 6 * 60 + 3),
    ]);
    expect(groups.map((g) => [g.first.batch, g.last.batch, g.batches, g.ops])).toEqual([
      [1, 1, 1, 1],
      [2, 4, 3, 3],
      [5, 5, 1, 1],
      [6, 6, 1, 1],
      [7, 7, 1, 1],
      [8, 8, 1, 1],
      [9, 9, 1, 1],
      [10, 10, 1, 1],
      [11, 11, 1, 1],
    ]);
  });
});

// Issue 12.7: the preview dialog traps the focus: Tab wraps inside it.
describe("cycle (focus trap)", () => {
  it("wraps both ways", () => {
    expect(cycle(2, 3, false)).toBe(0);
    expect(cycle(0, 3, true)).toBe(2);
    expect(cycle(-1, 3, false)).toBe(0);
    expect(cycle(-1, 3, true)).toBe(2);
    expect(cycle(-1, 0, false)).toBe(-1);
  });
});
