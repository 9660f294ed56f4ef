import { describe, expect, it } from "vitest";
import type { Document } from "./bindings";
import { compile, countMatches, findAll, replaceAll, replaceOne, stepMatch, type FindOptions } from "./findreplace";
import { doc, shape, turn } from "./fixtures";

const d: Document = {
  ...doc([
    turn("a", "p1", "工会干部和基层工会", "The union met. Unions grow; reunion day."),
    { type: "image", id: "i", asset: null, caption: "工会活动 union", credit: null, alt: "Union hall" },
    { type: "paragraph", id: "p", text: "Price: 2024 and 2025" },
  ]),
  title: "工会 Union",
};

const opts = (o: Partial<FindOptions> = {}): FindOptions => ({ caseSensitive: false, wholeWord: false, regex: false, ...o });

function count(q: string, o: Partial<FindOptions> = {}): number | string {
  const re = compile(q, opts(o));
  if (re === null) return 0;
  if (!(re instanceof RegExp)) return "error";
  return countMatches(d, re).total;
}

describe("counting", () => {
  it("honours case, whole word and regex", () => {
    const table: [string, Partial<FindOptions>, number | string][] = [
      ["union", {}, 6],
      ["union", { caseSensitive: true }, 3],
      ["union", { wholeWord: true }, 4],
      ["union", { wholeWord: true, caseSensitive: true }, 2],
      ["工会", {}, 4],
      // CJK neighbours do not break a whole word: Chinese has no spaces.
      ["工会", { wholeWord: true }, 4],
      ["20\\d\\d", { regex: true }, 2],
      ["20\\d\\d", {}, 0],
      ["(", { regex: true }, "error"],
      ["a*", { regex: true }, "error"],
      ["", {}, 0],
      ["u.ion", {}, 0],
    ];
    for (const [q, o, n] of table) expect(count(q, o), `${q} ${JSON.stringify(o)}`).toBe(n);
  });
  it("counts per block and finds in reading order", () => {
    const re = compile("union", opts()) as RegExp;
    const c = countMatches(d, re);
    expect([...c.byBlock]).toEqual([["a", 3], ["i", 2]]);
    const all = findAll(d, re);
    expect(all[0]).toEqual({ field: { kind: "doc", key: "title" }, start: 3, end: 8 });
  });
});

describe("replacing", () => {
  it("replaces everywhere with counts and keeps untouched blocks", () => {
    const re = compile("工会", opts()) as RegExp;
    const r = replaceAll(d, re, "工联会", opts());
    expect(r.count).toBe(4);
    expect(r.doc.title).toBe("工联会 Union");
    expect(shape(r.doc)?.[0]).toBe("p1:工联会干部和基层工联会|The union met. Unions grow; reunion day.");
    expect(r.doc.blocks[2]).toBe(d.blocks[2]);
  });
  it("uses groups in regex mode and literal $ otherwise", () => {
    const o = opts({ regex: true });
    const r = replaceAll(d, compile("(20)(\\d\\d)", o) as RegExp, "'$2 ($&) $$", o);
    expect(shape(r.doc)?.[2]).toBe("Price: '24 (2024) $ and '25 (2025) $");
    const lit = replaceAll(d, compile("Price", opts()) as RegExp, "$1 cost", opts());
    expect(shape(lit.doc)?.[2]).toBe("$1 cost: 2024 and 2025");
    const none = replaceAll(d, compile("zzz", opts()) as RegExp, "x", opts());
    expect(none).toEqual({ doc: d, count: 0 });
  });
  it("replaces one match", () => {
    const re = compile("union", opts({ wholeWord: true })) as RegExp;
    const m = findAll(d, re)[1];
    expect(m).toBeDefined();
    const out = replaceOne(d, m!, re, "guild", opts());
    expect(shape(out)?.[0]).toBe("p1:工会干部和基层工会|The guild met. Unions grow; reunion day.");
    const cap = findAll(d, re)[2]!;
    expect((replaceOne(d, cap, re, "guild", opts()).blocks[1] as { caption: string }).caption).toBe("工会活动 guild");
  });
});

describe("stepMatch (issue 12.1: Enter starts at match 1, never skips it)", () => {
  it("shows match 1 on the first Enter and the last on the first Shift+Enter", () => {
    expect(stepMatch(-1, 1, 9)).toBe(0);
    expect(stepMatch(-1, -1, 9)).toBe(8);
  });
  it("steps and wraps", () => {
    expect(stepMatch(0, 1, 9)).toBe(1);
    expect(stepMatch(8, 1, 9)).toBe(0);
    expect(stepMatch(0, -1, 9)).toBe(8);
    expect(stepMatch(12, 1, 9)).toBe(0);
  });
  it("is -1 without matches", () => {
    expect(stepMatch(-1, 1, 0)).toBe(-1);
  });
});
