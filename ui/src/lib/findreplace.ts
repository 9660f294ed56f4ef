// Find and replace over a document's text: the title, subtitle, paragraphs, headings, turn
// paragraphs and image captions, credits and alt text. Participant names are not text here
// (renaming a participant is its own edit).
import type { Block, Document } from "./bindings";

export interface FindOptions {
  caseSensitive: boolean;
  wholeWord: boolean;
  regex: boolean;
}

/** Where a piece of text lives: a block (and paragraph / image field) or a document field. */
export type Field =
  | { kind: "doc"; key: "title" | "subtitle" }
  | { kind: "block"; id: string; index: number }
  | { kind: "image"; id: string; key: "caption" | "credit" | "alt" };

export interface Match {
  field: Field;
  start: number;
  end: number;
}

// Letters of alphabetic scripts and digits: "whole word" means the match has none of them on
// either side. CJK characters are not word characters here, because Chinese has no spaces:
// 工会 is a whole word inside 基层工会干部.
const WORD = String.raw`[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{N}_]`;

/** The query as a global RegExp, or an error message when the regex does not compile. */
export function compile(query: string, opts: FindOptions): RegExp | { error: string } | null {
  if (query === "") return null;
  let source = opts.regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (opts.wholeWord) source = `(?<!${WORD})(?:${source})(?!${WORD})`;
  try {
    const re = new RegExp(source, opts.caseSensitive ? "gu" : "giu");
    // A pattern that matches the empty string would match between every two characters.
    if (re.test("")) return { error: "empty" };
    re.lastIndex = 0;
    return re;
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Every text field of the document with where it lives. */
export function* fields(doc: Document): Generator<[Field, string]> {
  yield [{ kind: "doc", key: "title" }, doc.title];
  if (doc.subtitle !== null) yield [{ kind: "doc", key: "subtitle" }, doc.subtitle];
  for (const b of doc.blocks) yield* blockFields(b);
}

function* blockFields(b: Block): Generator<[Field, string]> {
  if (b.type === "turn") for (const [i, p] of b.paragraphs.entries()) yield [{ kind: "block", id: b.id, index: i }, p];
  else if (b.type === "image") {
    for (const key of ["caption", "credit", "alt"] as const) {
      const v = b[key];
      if (v !== null) yield [{ kind: "image", id: b.id, key }, v];
    }
  } else yield [{ kind: "block", id: b.id, index: 0 }, b.text];
}

/** Every match, in reading order. */
export function findAll(doc: Document, re: RegExp): Match[] {
  const out: Match[] = [];
  for (const [field, text] of fields(doc)) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) out.push({ field, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** Match counts: in total and per block id (for the marks beside blocks). */
export function countMatches(doc: Document, re: RegExp): { total: number; byBlock: Map<string, number> } {
  const byBlock = new Map<string, number>();
  let total = 0;
  for (const m of findAll(doc, re)) {
    total += 1;
    if (m.field.kind !== "doc") byBlock.set(m.field.id, (byBlock.get(m.field.id) ?? 0) + 1);
  }
  return { total, byBlock };
}

function replaceIn(text: string, re: RegExp, replacement: string, opts: FindOptions): { text: string; count: number } {
  let count = 0;
  re.lastIndex = 0;
  const out = text.replace(re, (...args: unknown[]) => {
    count += 1;
    if (!opts.regex) return replacement;
    // $1, $<name> and $& in the replacement, as String.prototype.replace does.
    const match = args[0] as string;
    const last = args.at(-1);
    const groups = typeof last === "object" && last !== null ? (last as Record<string, string>) : undefined;
    const subs = args.slice(1, groups ? -3 : -2) as (string | undefined)[];
    return replacement.replace(/\$(\$|&|\d{1,2}|<[^>]*>)/g, (tok: string, g: string) => {
      if (g === "$") return "$";
      if (g === "&") return match;
      if (g.startsWith("<")) return groups?.[g.slice(1, -1)] ?? "";
      const n = Number(g);
      return n >= 1 && n <= subs.length ? (subs[n - 1] ?? "") : tok;
    });
  });
  return { text: out, count };
}

/** Replaces every match; returns the new document and how many were replaced. */
export function replaceAll(doc: Document, re: RegExp, replacement: string, opts: FindOptions): { doc: Document; count: number } {
  let total = 0;
  const rep = (text: string): string => {
    const r = replaceIn(text, re, replacement, opts);
    total += r.count;
    return r.text;
  };
  const title = rep(doc.title);
  const subtitle = doc.subtitle === null ? null : rep(doc.subtitle);
  const blocks = doc.blocks.map((b): Block => {
    const before = total;
    let next: Block;
    if (b.type === "turn") next = { ...b, paragraphs: b.paragraphs.map(rep) };
    else if (b.type === "image") {
      next = {
        ...b,
        caption: b.caption === null ? null : rep(b.caption),
        credit: b.credit === null ? null : rep(b.credit),
        alt: b.alt === null ? null : rep(b.alt),
      };
    } else next = { ...b, text: rep(b.text) };
    // Untouched blocks stay the same objects.
    return total === before ? b : next;
  });
  if (total === 0) return { doc, count: 0 };
  return { doc: { ...doc, title, subtitle, blocks }, count: total };
}

/** Replaces one match (as found by findAll on this document). */
export function replaceOne(doc: Document, m: Match, re: RegExp, replacement: string, opts: FindOptions): Document {
  const edit = (text: string): string => {
    const piece = text.slice(m.start, m.end);
    const replaced = replaceIn(piece, new RegExp(re.source, re.flags), replacement, opts).text;
    return text.slice(0, m.start) + replaced + text.slice(m.end);
  };
  const f = m.field;
  if (f.kind === "doc") {
    const v = doc[f.key];
    return v === null ? doc : { ...doc, [f.key]: edit(v) };
  }
  return {
    ...doc,
    blocks: doc.blocks.map((b): Block => {
      if (b.id !== f.id) return b;
      if (f.kind === "image" && b.type === "image") {
        const v = b[f.key];
        return v === null ? b : { ...b, [f.key]: edit(v) };
      }
      if (f.kind === "block" && b.type === "turn") return { ...b, paragraphs: b.paragraphs.map((p, i) => (i === f.index ? edit(p) : p)) };
      if (f.kind === "block" && b.type !== "turn" && b.type !== "image") return { ...b, text: edit(b.text) };
      return b;
    }),
  };
}

/**
 * The match to show after Enter (delta 1) or Shift+Enter (-1), from `shown` (-1 when none is
 * shown yet: the first Enter shows match 1, the first Shift+Enter the last one), wrapping.
 * -1 when there are no matches.
 */
export function stepMatch(shown: number, delta: 1 | -1, total: number): number {
  if (total <= 0) return -1;
  if (shown < 0 || shown >= total) return delta > 0 ? 0 : total - 1;
  return (((shown + delta) % total) + total) % total;
}
