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

describe("countText agrees with the plain rules", () => {
  // The rules written the simple way (one regex test per character), against the fast path.
  const plain = (text: string) => {
    const into = { words: 0, chars: 0, cjk: 0 };
    let inWord = false;
    for (const c of text) {
      if (!/\s/u.test(c)) into.chars += 1;
      const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]/u.test(c);
      if (cjk) {
        into.words += 1;
        into.cjk += 1;
        inWord = false;
      } else if (/[\p{L}\p{N}]/u.test(c) || (inWord && (c === "'" || c === "’" || c === "-"))) {
        if (!inWord) into.words += 1;
        inWord = true;
      } else inWord = false;
    }
    return into;
  };
  it.each([
    "",
    "  tabs\tand\nnewlines\r\n",
    "don’t-stop rock'n'roll -x 'y",
    "naïve café Ölçü 2024年3月",
    "𠀀𠀁 emoji 😀 and 𝒜𝒷𝒸",
    "\u00a0nbsp\u3000ideographic\u2003em",
    "한국어 텍스트 カタカナ ひらがな",
    "lone \ud800 surrogate \udc00 here",
  ])("%j", (text) => {
    expect(countText(text)).toEqual(plain(text));
  });
});
