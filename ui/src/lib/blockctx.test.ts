import { describe, expect, it } from "vitest";
import type { Block } from "./bindings";
import { estimateHeight, leastHeight, screenful } from "./blockctx";
import { turn } from "./fixtures";

const heading: Block = { type: "heading", id: "h", text: "小标题" };
const para: Block = { type: "paragraph", id: "p", text: "旁白" };
const slot: Block = { type: "image", id: "i", asset: null, caption: null, credit: null, alt: null };

describe("screenful", () => {
  it("counts the blocks that surely fill the height, each at its least height", () => {
    const check = (blocks: Block[], height: number, expected: number) => expect(screenful(blocks, height), `${height}px`).toBe(expected);
    const turns = Array.from({ length: 100 }, (_, i) => turn(`t${i}`, "p1", "一句话"));
    check([], 900, 0);
    check(turns, 0, 0);
    // A one-paragraph turn is at least 80 px: 900 px take 12 of them (11 make 880).
    check(turns, 900, 12);
    check(turns, 2160, 27);
    check(turns.slice(0, 5), 900, 5);
    // 60 + 40 + 190 = 290 px: one turn more.
    check([heading, para, slot, ...turns], 300, 4);
    check([turn("long", "p1", "一", "二", "三")], 100, 1);
  });
  it("never counts a block taller than its estimate", () => {
    for (const b of [heading, para, slot, turn("t", "p1", "短"), turn("u", "p1", "a".repeat(500), "b")]) {
      expect(leastHeight(b)).toBeLessThanOrEqual(estimateHeight(b));
    }
  });
});
