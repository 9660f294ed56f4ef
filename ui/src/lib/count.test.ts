import { describe, expect, it } from "vitest";
import { countDocument, countText, readingMinutes } from "./count";
import { doc, turn } from "./fixtures";

describe("countText", () => {
  // The same table as the core's model/count.rs, so the two agree.
  it("counts as Microsoft Word does", () => {
    const check = (input: string, words: number, chars: number) => {
      const c = countText(input);
      expect([c.words, c.chars], input).toEqual([words, chars]);
    };
    check("", 0, 0);
    check("hello world", 2, 10);
    check("don't stop-now", 2, 13);
    check("工会干部", 4, 4);
    check("工会 union 2024年", 5, 12);
    check("don’t", 1, 5);
    check("“产改”,好。", 7, 7);
    check("占比31.7%。", 4, 8);
    check("国情，决定", 5, 5);
    check("（嘉宾）", 4, 4);
    check("a - b", 3, 3);
    check("AI赋能", 3, 4);
    check("他说:“好……”", 7, 8);
    check("１２３", 3, 3);
    check("\u3000工\u3000会", 2, 2);
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
    let inRun = false;
    for (const c of text) {
      if (/\s/u.test(c)) {
        inRun = false;
        continue;
      }
      into.chars += 1;
      const cjk = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\u{20000}-\u{3134f}]/u.test(c);
      const fullWidth = /[\u3001-\u303f\ufe10-\ufe1f\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6]/u.test(c);
      const shared = /[\u2018\u2019\u201c\u201d\u2026\u2014\u00b7]/u.test(c);
      if (cjk) into.cjk += 1;
      if (cjk || fullWidth || (shared && !inRun)) {
        into.words += 1;
        inRun = false;
      } else {
        if (!inRun) into.words += 1;
        inRun = true;
      }
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
