import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Saver } from "./saver";

// The saver's scheduling, with a recording save function standing in for the shell.
function setup() {
  const calls: string[] = [];
  const views: string[] = [];
  const saver = new Saver<string, string>({
    save: (doc, label) => {
      calls.push(`${label}:${doc}`);
      return Promise.resolve(`v:${doc}`);
    },
    saved: (v) => views.push(v),
    failed: (e) => views.push(`error:${String(e)}`),
    delayMs: 400,
  });
  return { saver, calls, views };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("Saver", () => {
  it("is idle when it reports the last save (regression: the status stayed on Saving… after typing)", async () => {
    const seen: boolean[] = [];
    const saver: Saver<string, string> = new Saver<string, string>({
      save: (doc) => Promise.resolve(doc),
      saved: () => seen.push(saver.busy),
      failed: () => seen.push(saver.busy),
      delayMs: 400,
    });
    saver.typed("a", "Edit text", "b1");
    await vi.advanceTimersByTimeAsync(400);
    expect(seen).toEqual([false]);
    // Typing that arrives while a save is being written keeps it busy when that save lands.
    const slow: Saver<string, string> = new Saver<string, string>({
      save: (doc) => new Promise((r) => setTimeout(() => r(doc), 100)),
      saved: () => seen.push(slow.busy),
      failed: () => seen.push(slow.busy),
      delayMs: 400,
    });
    slow.typed("ab", "Edit text", "b1");
    await vi.advanceTimersByTimeAsync(450);
    slow.typed("abc", "Edit text", "b1");
    await vi.advanceTimersByTimeAsync(50);
    expect(seen).toEqual([false, true]);
    await vi.advanceTimersByTimeAsync(500);
    expect(seen).toEqual([false, true, false]);
    const failing: Saver<string, string> = new Saver<string, string>({
      save: () => Promise.reject(new Error("disk full")),
      saved: () => seen.push(failing.busy),
      failed: () => seen.push(failing.busy),
      delayMs: 400,
    });
    await failing.now("x", "Insert block");
    expect(seen.at(-1)).toBe(false);
  });
  it("saves a burst of typing once, after the pause", async () => {
    const { saver, calls, views } = setup();
    saver.typed("a", "Edit text", "b1");
    saver.typed("ab", "Edit text", "b1");
    await vi.advanceTimersByTimeAsync(399);
    expect(calls).toEqual([]);
    expect(saver.busy).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toEqual(["Edit text:ab"]);
    expect(views).toEqual(["v:ab"]);
    expect(saver.busy).toBe(false);
  });
  it("saves typing in another place as its own step", async () => {
    const { saver, calls } = setup();
    saver.typed("a", "Edit text", "b1");
    saver.typed("ab", "Edit text", "b2");
    await vi.advanceTimersByTimeAsync(400);
    expect(calls).toEqual(["Edit text:a", "Edit text:ab"]);
  });
  it("saves a structural edit at once, after waiting typing, in order", async () => {
    const { saver, calls } = setup();
    saver.typed("a", "Edit text", "b1");
    await saver.now("a|", "Split turn");
    expect(calls).toEqual(["Edit text:a", "Split turn:a|"]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls.length).toBe(2);
  });
  it("reports failures and goes on", async () => {
    const calls: string[] = [];
    const errors: unknown[] = [];
    const saver = new Saver<string, string>({
      save: (doc) => (doc === "bad" ? Promise.reject(new Error("no")) : (calls.push(doc), Promise.resolve(doc))),
      saved: () => {},
      failed: (e) => errors.push(e),
      delayMs: 10,
    });
    await saver.now("bad", "x");
    await saver.now("good", "y");
    expect(errors.length).toBe(1);
    expect(calls).toEqual(["good"]);
  });
  it("cancel drops what is waiting", async () => {
    const { saver, calls } = setup();
    saver.typed("a", "Edit text", "b1");
    saver.cancel();
    await vi.advanceTimersByTimeAsync(1000);
    await saver.flush();
    expect(calls).toEqual([]);
  });
});
