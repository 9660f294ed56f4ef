import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createSearcher, normalizeQuery, type SearchState } from "./search";

describe("normalizeQuery", () => {
  it("is null for nothing but spaces, ideographic ones too", () => {
    expect(normalizeQuery("")).toBeNull();
    expect(normalizeQuery("   ")).toBeNull();
    expect(normalizeQuery("\u3000\t\n")).toBeNull();
  });

  it("trims and folds runs of spaces", () => {
    expect(normalizeQuery("  工会  ")).toBe("工会");
    expect(normalizeQuery("local\u3000 news")).toBe("local news");
  });
});

function last<T>(items: readonly T[]): T | undefined {
  return items[items.length - 1];
}

describe("createSearcher", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup(search: (q: string) => Promise<string[]>) {
    const states: SearchState<string[]>[] = [];
    const searcher = createSearcher<string[]>({ search, delayMs: 100, onState: (s) => states.push(s) });
    return { searcher, states };
  }

  it("waits for typing to pause and sends the last text once", async () => {
    const search = vi.fn((q: string) => Promise.resolve([q]));
    const { searcher, states } = setup(search);
    searcher.input("工");
    await vi.advanceTimersByTimeAsync(50);
    searcher.input("工会");
    await vi.advanceTimersByTimeAsync(99);
    expect(search).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(search).toHaveBeenCalledTimes(1);
    expect(search).toHaveBeenCalledWith("工会");
    expect(states).toEqual([
      { kind: "pending", query: "工会" },
      { kind: "done", query: "工会", results: ["工会"] },
    ]);
  });

  it("goes back to idle at once when the box is emptied", async () => {
    const search = vi.fn((q: string) => Promise.resolve([q]));
    const { searcher, states } = setup(search);
    searcher.input("news");
    searcher.input("  ");
    await vi.advanceTimersByTimeAsync(500);
    expect(search).not.toHaveBeenCalled();
    expect(states).toEqual([{ kind: "idle" }]);
  });

  it("drops a slow answer to an older query", async () => {
    const pending = new Map<string, (r: string[]) => void>();
    const search = vi.fn((q: string) => new Promise<string[]>((resolve) => pending.set(q, resolve)));
    const { searcher, states } = setup(search);
    searcher.input("old");
    await vi.advanceTimersByTimeAsync(100);
    searcher.input("new");
    await vi.advanceTimersByTimeAsync(100);
    pending.get("new")?.(["new result"]);
    await vi.advanceTimersByTimeAsync(0);
    pending.get("old")?.(["old result"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(last(states)).toEqual({ kind: "done", query: "new", results: ["new result"] });
    expect(states.filter((s) => s.kind === "done")).toHaveLength(1);
  });

  it("drops an answer that arrives after the box was emptied", async () => {
    let resolve: (r: string[]) => void = () => {};
    const { searcher, states } = setup(() => new Promise((r) => (resolve = r)));
    searcher.input("late");
    await vi.advanceTimersByTimeAsync(100);
    searcher.input("");
    resolve(["late"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(last(states)).toEqual({ kind: "idle" });
  });

  it("does not send the same query twice in a row, but retries after a failure", async () => {
    let fail = true;
    const search = vi.fn((q: string) => (fail ? Promise.reject({ code: "storage", message: "busy" }) : Promise.resolve([q])));
    const { searcher, states } = setup(search);
    searcher.input("trust");
    await vi.advanceTimersByTimeAsync(100);
    expect(last(states)).toEqual({ kind: "failed", query: "trust", error: { code: "storage", message: "busy" } });
    fail = false;
    searcher.input("trust ");
    await vi.advanceTimersByTimeAsync(100);
    expect(search).toHaveBeenCalledTimes(2);
    searcher.input(" trust");
    await vi.advanceTimersByTimeAsync(100);
    expect(search).toHaveBeenCalledTimes(2);
    expect(last(states)).toEqual({ kind: "done", query: "trust", results: ["trust"] });
  });

  it("searches at once on flush and forgets everything on cancel", async () => {
    const search = vi.fn((q: string) => Promise.resolve([q]));
    const { searcher, states } = setup(search);
    searcher.input("now");
    searcher.flush();
    expect(search).toHaveBeenCalledWith("now");
    searcher.cancel();
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual([{ kind: "pending", query: "now" }]);
  });
});
