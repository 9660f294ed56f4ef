import { describe, expect, it } from "vitest";
import type { Block } from "./bindings";
import { copyBlocks } from "./blockcopy";
import { doc, person, turn } from "./fixtures";

// Issue 12.6: a selection across turns copies with the speaker labels.
describe("copyBlocks", () => {
  const heading: Block = { type: "heading", id: "h", text: "技能" };
  const img: Block = { type: "image", id: "i", asset: null, caption: "课堂 <现场>", credit: null, alt: null };
  it("labels every turn, full-width colon in Chinese", () => {
    const d = doc([turn("t1", "p1", "问题?"), heading, turn("t2", "p2", "第一段", "第二段"), img]);
    const out = copyBlocks(d, 0, 3, "图片");
    expect(out.text).toBe("李凡：问题?\n\n技能\n\n王立新：第一段\n\n第二段\n\n[图片] 课堂 <现场>");
    expect(out.html).toContain("<p><strong>王立新：</strong>第一段</p>\n<p>第二段</p>");
    expect(out.html).toContain("课堂 &lt;现场&gt;");
  });
  it("uses a Latin colon in English and copies only the range", () => {
    const d = { ...doc([turn("t1", "a", "Hi."), turn("t2", "b", "Hello.")], [person("a", "Dana Whitfield", "moderator"), person("b", "Bob Roe")]), language: "en" };
    expect(copyBlocks(d, 1, 1, "Picture").text).toBe("Bob Roe: Hello.");
  });
});
