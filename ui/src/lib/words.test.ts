import { describe, expect, it } from "vitest";
import { messages } from "./i18n";
import { editorMessages } from "./strings";

/** Every string a table holds (functions called with sample arguments), with its key path. */
function strings(table: unknown, path = ""): [string, string][] {
  if (typeof table === "string") return [[path, table]];
  if (typeof table === "function") {
    const args = Array.from({ length: table.length }, (_, i) => (i === 0 ? "杨梅芳" : 2));
    try {
      const out: unknown = table(...args);
      return typeof out === "string" ? [[path, out]] : [];
    } catch {
      return [];
    }
  }
  if (Array.isArray(table)) return table.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (table !== null && typeof table === "object") return Object.entries(table).flatMap(([k, v]) => strings(v, path === "" ? k : `${path}.${k}`));
  return [];
}

// Issue 12.13: one term per concept, and Chinese punctuation in Chinese text.
describe("the Chinese words", () => {
  const zh = [...strings(editorMessages["zh-CN"]), ...strings(messages["zh-CN"])];
  it("use full-width punctuation next to Chinese characters", () => {
    const han = "[\\u3400-\\u9fff]";
    const bad = new RegExp(`${han}[,:;?!()]|[,:;?!(](?=${han})`);
    expect(zh.filter(([, s]) => bad.test(s))).toEqual([]);
  });
  it("keep 复制 for copy and 来源 for the source credit only", () => {
    expect(editorMessages["zh-CN"].duplicate).not.toMatch(/复制/);
    expect(zh.filter(([k, s]) => s === "来源" && k !== "creditRoles.source")).toEqual([]);
  });
  it("say 段落 only of paragraphs, never of turns or blocks", () => {
    const z = editorMessages["zh-CN"];
    expect([z.blockTools, z.turns(2), z.actions.moveUp, z.actions.moveDown, z.mergePrevious].join(" ")).not.toMatch(/段落|段发言/);
  });
});

describe("the English words", () => {
  it("tell the headline from a job title, and count CJK as characters and words", () => {
    const en = editorMessages.en;
    expect(en.title).toBe("Title");
    expect(en.jobTitle).toBe("Job title");
    expect(en.words(120, 80)).toBe("120 characters and words");
    expect(en.words(120)).toBe("120 words");
  });
});
