// Counts by Microsoft Word's rule, the same as the core's model/count.rs: each CJK character
// and each full-width punctuation mark is one word, each run of other non-space characters is
// one word (`31.7%`); characters are the non-whitespace ones.
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

const SPACE = /\s/u;

/** Full-width punctuation and symbols: one word each, as Word counts them. */
function isFullWidthPunctuation(cp: number): boolean {
  return (
    (cp >= 0x3001 && cp <= 0x303f) ||
    (cp >= 0xfe10 && cp <= 0xfe1f) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff01 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6)
  );
}

/** Curly quotes, the ellipsis, the dash, the middle dot: a word of their own beside CJK text,
 * part of the run they touch in Latin text (`don’t`). */
function isSharedPunctuation(cp: number): boolean {
  return cp === 0x2018 || cp === 0x2019 || cp === 0x201c || cp === 0x201d || cp === 0x2026 || cp === 0x2014 || cp === 0x00b7;
}

// Counting runs over the whole document when it opens (150,000 characters for 2,000 turns), in
// code the engine has not compiled yet: ASCII is decided by its code, and only the other
// characters that are not CJK go through the whitespace regex.
/** Adds the words, characters and CJK characters of `text` to `into` (a new count by default). */
export function countText(text: string, into: TextCount = { words: 0, chars: 0, cjk: 0 }): TextCount {
  let inRun = false;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    let cp = text.charCodeAt(i);
    if (cp < 0x80) {
      if (cp === 0x20 || (cp >= 0x09 && cp <= 0x0d)) {
        inRun = false;
        continue;
      }
      into.chars += 1;
      if (!inRun) {
        into.words += 1;
        inRun = true;
      }
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
      inRun = false;
      continue;
    }
    if (SPACE.test(String.fromCodePoint(cp))) {
      inRun = false;
      continue;
    }
    into.chars += 1;
    if (isFullWidthPunctuation(cp) || (isSharedPunctuation(cp) && !inRun)) {
      into.words += 1;
      inRun = false;
    } else if (!inRun) {
      into.words += 1;
      inRun = true;
    }
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
