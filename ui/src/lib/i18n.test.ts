import { describe, expect, it } from "vitest";
import { formatEdited, initialLocale, joinNames, messages, otherLocale, pickLocale, saveLocale, STORAGE_KEY } from "./i18n";

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
