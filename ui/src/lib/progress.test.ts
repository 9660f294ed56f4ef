import { describe, expect, it } from "vitest";
import { formatBytes, progressView } from "./progress";
import { editorMessages } from "./strings";

describe("formatBytes", () => {
  it("uses KB below a megabyte and MB with one decimal above", () => {
    expect(formatBytes(0, "en")).toBe("0 KB");
    expect(formatBytes(1000, "en")).toBe("1 KB");
    expect(formatBytes(1024 * 1024, "en")).toBe("1.0 MB");
    expect(formatBytes(64 * 1024 * 1024, "zh-CN")).toBe("64.0 MB");
  });
});

describe("progressView", () => {
  const s = editorMessages.en;
  it("gives a fraction only where the stage counts its work", () => {
    expect(progressView({ stage: "reading", done: 1, total: 4 }, s, "en").fraction).toBe(0.25);
    expect(progressView({ stage: "parsing", done: 0, total: 4 }, s, "en").fraction).toBeNull();
    expect(progressView({ stage: "parsing", done: 4, total: 4 }, s, "en").fraction).toBe(1);
    expect(progressView({ stage: "pictures", done: 2, total: 3 }, s, "en").amount).toBe("2 of 3");
    expect(progressView({ stage: "storing", done: 0, total: 0 }, s, "en").fraction).toBeNull();
    expect(progressView({ stage: "indexing", done: 9, total: 3 }, s, "en").fraction).toBe(1);
  });
});
