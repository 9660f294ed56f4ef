// CJK-aware counts, the same rules as the core's model/count.rs: each CJK character is one
// word, a run of letters and digits is one word; characters are the non-whitespace ones.
import type { Document } from "./bindings";

export interface TextCount {
  words: number;
  chars: number;
  /** How many of the words are CJK characters (for the reading time). */
  cjk: number;
}

function isCjk(cp: number): boolean {
  return (
    (cp >= 0x3040 && cp <= 0x30ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x3134f)
  );
}

const ALNUM = /[\p{L}\p{N}]/u;
const SPACE = /\s/u;

// Counting runs over the whole document when it opens (150,000 characters for 2,000 turns), in
// code the engine has not compiled yet: ASCII and CJK are decided by their code, and only the
// other characters go through the Unicode regexes.
/** Adds the words, characters and CJK characters of `text` to `into` (a new count by default). */
export function countText(text: string, into: TextCount = { words: 0, chars: 0, cjk: 0 }): TextCount {
  let inWord = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) {
      if (cp === 0x20 || (cp >= 0x09 && cp <= 0x0d)) {
        inWord = false;
        continue;
      }
      into.chars += 1;
      if ((cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a)) {
        if (!inWord) {
          into.words += 1;
          inWord = true;
        }
      } else if (!(inWord && (cp === 0x27 || cp === 0x2d))) inWord = false;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < n) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i += 1;
      }
    }
    if (isCjk(cp)) {
      into.chars += 1;
      into.words += 1;
      into.cjk += 1;
      inWord = false;
      continue;
    }
    const c = String.fromCodePoint(cp);
    if (!SPACE.test(c)) into.chars += 1;
    if (ALNUM.test(c) || (inWord && c === "’")) {
      if (!inWord) {
        into.words += 1;
        inWord = true;
      }
    } else inWord = false;
  }
  return into;
}

export interface DocumentCounts {
  total: TextCount;
  /** Per participant id: words and turns. */
  speakers: Map<string, TextCount & { turns: number }>;
}

/** Counts of the body (blocks: text, turns, captions), in total and per speaker. */
export function countDocument(doc: Document): DocumentCounts {
  const total: TextCount = { words: 0, chars: 0, cjk: 0 };
  const speakers = new Map<string, TextCount & { turns: number }>(
    doc.participants.map((p) => [p.id, { words: 0, chars: 0, cjk: 0, turns: 0 }]),
  );
  for (const b of doc.blocks) {
    if (b.type === "turn") {
      const s = speakers.get(b.speaker) ?? { words: 0, chars: 0, cjk: 0, turns: 0 };
      speakers.set(b.speaker, s);
      s.turns += 1;
      for (const p of b.paragraphs) {
        const c = countText(p);
        s.words += c.words;
        s.chars += c.chars;
        s.cjk += c.cjk;
        total.words += c.words;
        total.chars += c.chars;
        total.cjk += c.cjk;
      }
    } else if (b.type === "image") {
      if (b.caption !== null) countText(b.caption, total);
    } else countText(b.text, total);
  }
  return { total, speakers };
}

/** Minutes to read: 400 CJK characters and 230 other words a minute, at least 1 for any text. */
export function readingMinutes(c: TextCount): number {
  if (c.words === 0) return 0;
  return Math.max(1, Math.round(c.cjk / 400 + (c.words - c.cjk) / 230));
}
