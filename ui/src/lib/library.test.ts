import { describe, expect, it } from "vitest";
import type { DocumentSummary } from "./bindings";
import { isSortKey, sortDocuments } from "./library";

function doc(id: string, title: string, updated_ms: number): DocumentSummary {
  return { id, title, column: null, language: "zh", topics: [], participants: [], word_count: 0, updated_ms };
}

describe("sortDocuments", () => {
  const docs = [doc("a", "工会", 1), doc("b", "Alpha", 3), doc("c", "beta", 2), doc("d", "Part 10", 2), doc("e", "Part 9", 2)];

  it("puts the last edited first and breaks ties by id", () => {
    expect(sortDocuments(docs, "updated", "en").map((d) => d.id)).toEqual(["b", "c", "d", "e", "a"]);
  });

  it("sorts titles case-insensitively with numbers in numeric order", () => {
    expect(sortDocuments(docs, "title", "en").map((d) => d.title)).toEqual(["Alpha", "beta", "Part 9", "Part 10", "工会"]);
  });

  it("does not change its input", () => {
    sortDocuments(docs, "title", "en");
    expect(docs.map((d) => d.id)).toEqual(["a", "b", "c", "d", "e"]);
  });

  it("keeps an empty list empty", () => {
    expect(sortDocuments([], "title", "zh-CN")).toEqual([]);
  });
});

describe("isSortKey", () => {
  it("accepts only the known keys", () => {
    expect(isSortKey("updated")).toBe(true);
    expect(isSortKey("title")).toBe(true);
    expect(isSortKey("size")).toBe(false);
    expect(isSortKey(null)).toBe(false);
  });
});

describe("topics in the library", () => {
  const d = (id: string, topics: string[]) => ({ id, title: id, column: null, language: "zh", topics, participants: [], word_count: 0, updated_ms: 0 });
  it("lists topics by use and filters by one", async () => {
    const { allTopics, filterByTopic } = await import("./library");
    const docs = [d("a", ["社区", "住房"]), d("b", ["住房"]), d("c", [])];
    expect(allTopics(docs)).toEqual(["住房", "社区"]);
    expect(filterByTopic(docs, "社区").map((x) => x.id)).toEqual(["a"]);
    expect(filterByTopic(docs, "")).toBe(docs);
  });
});
