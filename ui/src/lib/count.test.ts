import { describe, expect, it } from "vitest";
import { countDocument, countText, readingMinutes } from "./count";
import { doc, turn } from "./fixtures";

describe("countText", () => {
  // The same table as the core's model/count.rs, so the two agree.
  it("counts CJK characters as words", () => {
    const check = (input: string, words: number, chars: number) => {
      const c = countText(input);
      expect([c.words, c.chars], input).toEqual([words, chars]);
    };
    check("", 0, 0);
    check("hello world", 2, 10);
    check("don't stop-now", 2, 13);
    check("工会干部", 4, 4);
    check("工会 union 2024年", 5, 12);
    check("“产改”,好。", 3, 7);
  });
});

describe("countDocument", () => {
  it("counts per speaker and in total, and the reading time", () => {
    const d = doc([
      { type: "heading", id: "h", text: "标题" },
      turn("a", "p1", "你好世界", "Hello there"),
      turn("b", "p2", "工会"),
      turn("c", "p1", "再见"),
      { type: "image", id: "i", asset: null, caption: "图片说明", credit: "摄影", alt: null },
    ]);
    const c = countDocument(d);
    expect(c.total.words).toBe(2 + 6 + 2 + 2 + 4);
    expect(c.speakers.get("p1")).toEqual({ words: 8, chars: 16, cjk: 6, turns: 2 });
    expect(c.speakers.get("p2")).toMatchObject({ words: 2, turns: 1 });
    expect(readingMinutes(c.total)).toBe(1);
    expect(readingMinutes({ words: 0, chars: 0, cjk: 0 })).toBe(0);
    expect(readingMinutes({ words: 4000, chars: 4000, cjk: 4000 })).toBe(10);
    expect(readingMinutes({ words: 2300, chars: 9000, cjk: 0 })).toBe(10);
  });
});
