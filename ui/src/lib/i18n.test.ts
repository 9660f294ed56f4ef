import { describe, expect, it } from "vitest";
import { NOTE_CODES, type Diagnostic } from "./bindings";
import {
  diagnosticText,
  errorCodeMessages,
  errorText,
  formatEdited,
  initialLocale,
  joinNames,
  LOCALES,
  messages,
  noteMessages,
  noteText,
  otherLocale,
  pickLocale,
  saveLocale,
  STORAGE_KEY,
  syncMessages,
} from "./i18n";

describe("pickLocale", () => {
  it("chooses Chinese for any zh tag and English otherwise", () => {
    expect(pickLocale("zh-CN")).toBe("zh-CN");
    expect(pickLocale("zh-TW")).toBe("zh-CN");
    expect(pickLocale("ZH")).toBe("zh-CN");
    expect(pickLocale("en-GB")).toBe("en");
    expect(pickLocale("de")).toBe("en");
    expect(pickLocale("")).toBe("en");
    expect(pickLocale(undefined)).toBe("en");
    expect(pickLocale(null)).toBe("en");
  });

  it("switches between the two", () => {
    expect(otherLocale("en")).toBe("zh-CN");
    expect(otherLocale("zh-CN")).toBe("en");
  });
});

describe("the saved choice", () => {
  function memory(): Storage {
    const map = new Map<string, string>();
    return {
      get length() {
        return map.size;
      },
      clear: () => map.clear(),
      getItem: (k) => map.get(k) ?? null,
      key: (i) => [...map.keys()][i] ?? null,
      removeItem: (k) => void map.delete(k),
      setItem: (k, v) => void map.set(k, v),
    };
  }

  it("wins over the system language", () => {
    const storage = memory();
    saveLocale(storage, "en");
    expect(storage.getItem(STORAGE_KEY)).toBe("en");
    expect(initialLocale(storage, "zh-CN")).toBe("en");
  });

  it("falls back to the system language when missing or unknown", () => {
    const storage = memory();
    expect(initialLocale(storage, "zh-CN")).toBe("zh-CN");
    storage.setItem(STORAGE_KEY, "fr");
    expect(initialLocale(storage, "zh-Hans")).toBe("zh-CN");
    expect(initialLocale(undefined, "en-US")).toBe("en");
  });

  it("survives a storage that throws", () => {
    const broken = {
      getItem: (): string | null => {
        throw new Error("denied");
      },
      setItem: (): void => {
        throw new Error("full");
      },
    };
    expect(initialLocale(broken, "zh")).toBe("zh-CN");
    expect(() => saveLocale(broken, "en")).not.toThrow();
  });
});

describe("messages", () => {
  it("has every key in both languages, of the same kind", () => {
    const en = messages.en;
    const zh = messages["zh-CN"];
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(typeof zh[key], key).toBe(typeof en[key]);
      if (typeof en[key] === "string") expect(zh[key], key).not.toBe("");
    }
  });

  it("counts in each language", () => {
    expect(messages.en.documents(1)).toBe("1 document");
    expect(messages.en.documents(2)).toBe("2 documents");
    expect(messages.en.words(12345)).toBe("12,345 words");
    expect(messages["zh-CN"].words(1200)).toBe("1,200 字");
    expect(messages["zh-CN"].documents(3)).toBe("3 篇文稿");
  });

  it("names the brand in each language", () => {
    expect(messages.en.appName).toBe("Roundtable");
    expect(messages["zh-CN"].appName).toBe("圆桌");
  });
});

describe("joinNames", () => {
  it("follows the document's language: the enumeration comma in Chinese", () => {
    expect(joinNames(["周建国", "马思琪"], "zh")).toBe("周建国、马思琪");
    expect(joinNames(["周建国", "马思琪"], "zh-Hans")).toBe("周建国、马思琪");
    expect(joinNames(["Ana Ruiz", "Ken Ito"], "en")).toBe("Ana Ruiz, Ken Ito");
    expect(joinNames([], "en")).toBe("");
  });
});

describe("formatEdited", () => {
  const now = new Date(2026, 10, 26, 15, 0);

  it("says today with the time", () => {
    expect(formatEdited(new Date(2026, 10, 26, 9, 5).getTime(), now, "en")).toBe("Today 09:05");
    expect(formatEdited(new Date(2026, 10, 26, 0, 0).getTime(), now, "zh-CN")).toBe("今天 00:00");
  });

  it("counts a time ahead of the clock as today", () => {
    expect(formatEdited(new Date(2026, 10, 27, 8, 0).getTime(), now, "en")).toMatch(/^Today /);
  });

  it("says yesterday, up to the midnight before", () => {
    expect(formatEdited(new Date(2026, 10, 25, 23, 59).getTime(), now, "en")).toBe("Yesterday");
    expect(formatEdited(new Date(2026, 10, 25, 0, 0).getTime(), now, "zh-CN")).toBe("昨天");
    expect(formatEdited(new Date(2026, 10, 24, 23, 59).getTime(), now, "en")).not.toBe("Yesterday");
  });

  it("works on the day after a month change", () => {
    const first = new Date(2026, 2, 1, 10, 0);
    expect(formatEdited(new Date(2026, 1, 28, 12, 0).getTime(), first, "en")).toBe("Yesterday");
  });

  it("gives a short date this year and a full one before", () => {
    expect(formatEdited(new Date(2026, 0, 2).getTime(), now, "en")).toBe("Jan 2");
    expect(formatEdited(new Date(2026, 0, 2).getTime(), now, "zh-CN")).toBe("1月2日");
    expect(formatEdited(new Date(2024, 0, 2).getTime(), now, "en")).toBe("Jan 2, 2024");
    expect(formatEdited(new Date(2024, 0, 2).getTime(), now, "zh-CN")).toBe("2024年1月2日");
  });
});

describe("what the core says", () => {
  it("every note code has words in every language", () => {
    for (const locale of LOCALES) {
      const table = noteMessages[locale] as Record<string, unknown>;
      for (const code of NOTE_CODES) expect(typeof table[code], `${locale} ${code}`).toBe("function");
      expect(Object.keys(table).sort()).toEqual([...NOTE_CODES].sort());
    }
  });

  it("words a diagnostic from its code and arguments", () => {
    const d: Diagnostic = {
      line: 30,
      level: "warning",
      code: "label_not_in_guest_list",
      args: { label: "王局长" },
      message: "label 王局长 matched no participant in the guest list; kept as text",
    };
    expect(diagnosticText(d, "zh-CN")).toBe("标签“王局长”与嘉宾名单中的人都对不上，保留为正文。");
    expect(diagnosticText(d, "en")).toContain("王局长");
    const moderator: Diagnostic = {
      line: 0,
      level: "info",
      code: "moderator_taken",
      args: { name: "Ana", evidence: { kind: "questions", questions: 3, turns: 4, answered: 2 } },
      message: "took Ana for the moderator",
    };
    expect(diagnosticText(moderator, "zh-CN")).toBe("把 Ana 认作主持人：4 次发言中 3 次提问，其中 2 次有人回答。");
  });

  it("falls back to the English message for a code it does not know", () => {
    expect(noteText({ code: "from_a_newer_core", args: { x: 1 } }, "zh-CN", "Something new.")).toBe("Something new.");
    expect(noteText({ code: "toString" }, "en", "Fallback.")).toBe("Fallback.");
    // Arguments it cannot use (a code whose arguments changed shape) also fall back.
    expect(noteText({ code: "moderator_taken", args: {} }, "zh-CN", "Took Ana.")).toBe("Took Ana.");
  });

  it("renders refusals and error codes in the interface language", () => {
    const refused = {
      code: "invalid_input" as const,
      message: "the text is not valid UTF-8; choose its encoding (or save it as UTF-8) and try again",
      detail: { code: "undecodable" as const, args: { encoding: "UTF-8" } },
    };
    expect(errorText(refused, "zh-CN")).toBe("文本不是有效的 UTF-8 编码；请选择它的编码（或另存为 UTF-8）后再试。");
    expect(errorText(refused, "en")).toContain("not valid UTF-8");
    const storage = { code: "storage" as const, message: "database is locked", detail: null };
    expect(errorText(storage, "zh-CN")).toBe("文稿库文件出错：database is locked");
    expect(errorText(storage, "en")).toBe("database is locked");
    expect(errorText(new Error("boom"), "zh-CN")).toBe("boom");
    expect(errorText("plain", "en")).toBe("plain");
    for (const locale of LOCALES) {
      for (const code of ["not_found", "invalid_input", "storage", "newer_library", "io", "internal"] as const) {
        expect(errorCodeMessages[locale][code].length, `${locale} ${code}`).toBeGreaterThan(0);
      }
    }
  });

  it("has the sync and conflict words in both languages", () => {
    expect(Object.keys(syncMessages["zh-CN"]).sort()).toEqual(Object.keys(syncMessages.en).sort());
    expect(Object.keys(syncMessages["zh-CN"].fields).sort()).toEqual(Object.keys(syncMessages.en.fields).sort());
  });
});
