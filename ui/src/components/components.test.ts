// The list rows rendered to HTML on the server side of Svelte: what they show and that user
// text stays text.
import { describe, expect, it } from "vitest";
import { render } from "svelte/server";
import type { DocumentSummary, Progress, SearchHit } from "../lib/bindings";
import { editorMessages } from "../lib/strings";
import DocumentItem from "./DocumentItem.svelte";
import ImportProgress from "./ImportProgress.svelte";
import SearchResultItem from "./SearchResultItem.svelte";
import Snippet from "./Snippet.svelte";

/** The markup without Svelte's hydration comments and scoping classes. */
function html(body: string): string {
  return body
    .replace(/<!--[^>]*-->/g, "")
    .replace(/ ?svelte-[a-z0-9]+/g, "")
    .replace(/ class=""/g, "");
}

const doc: DocumentSummary = {
  id: "0b3c",
  title: "屋顶菜园能否成为社区的新客厅?",
  column: "城市圆桌",
  language: "zh",
  topics: ["社区", "城市农业"],
  participants: ["林晓雯", "周建国"],
  word_count: 1234,
  updated_ms: new Date(2026, 2, 3, 9, 30).getTime(),
  missing_ops: 0,
};

describe("DocumentItem", () => {
  it("shows the column, the title, the people, the topics, the words and the date", () => {
    const { body } = render(DocumentItem, { props: { doc, locale: "zh-CN", now: new Date(2026, 2, 3, 18, 0) } });
    const out = html(body);
    expect(out).toContain('data-id="0b3c"');
    expect(out).toMatch(/data-testid="library-item-column"[^>]*>城市圆桌</);
    expect(out).toMatch(/data-testid="library-item-title">屋顶菜园能否成为社区的新客厅\?</);
    expect(out).toContain("林晓雯、周建国");
    expect(out).toContain("<li>社区</li>");
    expect(out).toContain("<li>城市农业</li>");
    expect(out).toContain("1,234 字");
    expect(out).toContain("今天 09:30");
  });

  it("leaves out what the document does not have and names an empty title", () => {
    const bare = { ...doc, title: " ", column: null, topics: [], participants: [] };
    const out = html(render(DocumentItem, { props: { doc: bare, locale: "en", now: new Date(2026, 5, 1) } }).body);
    expect(out).not.toContain("library-item-column");
    expect(out).not.toContain("library-item-topics");
    expect(out).not.toContain("library-item-participants");
    expect(out).toContain(">Untitled<");
    expect(out).toContain("Mar 3");
  });

  it("escapes markup in titles", () => {
    const evil = { ...doc, title: '<img src=x onerror="alert(1)">' };
    const out = html(render(DocumentItem, { props: { doc: evil, locale: "en", now: new Date() } }).body);
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;img");
  });
});

describe("Snippet", () => {
  it("marks the parts that matched and escapes the rest", () => {
    const parts = [
      { text: "用厨余做", hit: false },
      { text: "堆肥", hit: true },
      { text: ",<b>既能</b>", hit: false },
    ];
    const out = html(render(Snippet, { props: { parts } }).body);
    expect(out).toContain("用厨余做<mark>堆肥</mark>,&lt;b>既能&lt;/b>");
  });
});

describe("SearchResultItem", () => {
  it("shows the title, the snippet and the number of hits", () => {
    const hit: SearchHit = {
      document: "9f1e",
      title: "Who pays for the water?",
      snippet: [
        { text: "…the ", hit: false },
        { text: "irrigation", hit: true },
        { text: " budget…", hit: false },
      ],
      hits: 3,
    };
    const out = html(render(SearchResultItem, { props: { hit, locale: "en" } }).body);
    expect(out).toContain('data-testid="search-result" data-id="9f1e"');
    expect(out).toContain(">Who pays for the water?<");
    expect(out).toContain("<mark>irrigation</mark>");
    expect(out).toContain("3 hits");
  });
});

describe("ImportProgress", () => {
  const en = editorMessages.en;
  const zh = editorMessages["zh-CN"];

  it("shows the bytes read of the file's size and fills the bar that far", () => {
    const progress: Progress = { stage: "reading", done: 12 * 1024 * 1024, total: 48 * 1024 * 1024 };
    const out = html(render(ImportProgress, { props: { progress, s: en, locale: "en" } }).body);
    expect(out).toContain('role="progressbar"');
    expect(out).toContain('data-stage="reading"');
    expect(out).toContain('aria-valuenow="25"');
    expect(out).toContain(">Reading the file<");
    expect(out).toContain(">12.0 MB of 48.0 MB<");
    expect(out).toContain('style="width: 25%;"');
    expect(out).not.toContain('class="busy"');
  });

  it("shows parsing as busy, with no made-up fraction", () => {
    const progress: Progress = { stage: "parsing", done: 0, total: 3 * 1024 * 1024 };
    const out = html(render(ImportProgress, { props: { progress, s: zh, locale: "zh-CN" } }).body);
    expect(out).toContain(">识别发言人和发言<");
    expect(out).toContain(">3.0 MB<");
    expect(out).not.toContain("aria-valuenow");
    expect(out).toContain('class="busy"');
    expect(out).not.toContain("width:");
  });

  it("counts the ops stored and the rows indexed", () => {
    const storing: Progress = { stage: "storing", done: 1200, total: 8000 };
    const out = html(render(ImportProgress, { props: { progress: storing, s: en, locale: "en" } }).body);
    expect(out).toContain(">Saving to the library<");
    expect(out).toContain(">1,200 of 8,000<");
    expect(out).toContain('aria-valuenow="15"');
    const indexing: Progress = { stage: "indexing", done: 8000, total: 8000 };
    const done = html(render(ImportProgress, { props: { progress: indexing, s: zh, locale: "zh-CN" } }).body);
    expect(done).toContain(">建立搜索索引<");
    expect(done).toContain('aria-valuenow="100"');
  });
});
