// What each side of a conflict changed: a word-level diff of a value against the version the
// concurrent edits were made from. Words are Latin/number runs, single CJK characters,
// whitespace runs and single punctuation marks, as the core's three-way merge splits them, so
// what is marked here is what the merge compared.

/** A run of the new text: unchanged, inserted, or a run of the base that was deleted. */
export type DiffPart = { kind: "same" | "added" | "removed"; text: string };

const TOKEN = /[\p{L}\p{N}_]+(?<![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])|\s+|./gsu;

/** Splits text into the tokens the diff compares. */
export function tokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const t = m[0];
    // A run of letters that ends in a CJK character was split there; split CJK runs fully.
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(t) && t.length > 1) {
      out.push(...splitCjk(t));
    } else out.push(t);
  }
  return out;
}

function splitCjk(run: string): string[] {
  const out: string[] = [];
  let latin = "";
  for (const ch of run) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(ch)) {
      if (latin) out.push(latin);
      latin = "";
      out.push(ch);
    } else latin += ch;
  }
  if (latin) out.push(latin);
  return out;
}

/** The parts of `next` against `base`, in order, adjacent parts of one kind joined. Texts of
 * more than a few thousand tokens each fall back to one removed and one added part, so a
 * conflict on a long turn never stalls the editor. */
export function diffWords(base: string, next: string): DiffPart[] {
  const a = tokens(base);
  const b = tokens(next);
  // Common prefix and suffix first: most edits touch one place.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const parts: DiffPart[] = [];
  const push = (kind: DiffPart["kind"], text: string): void => {
    if (text === "") return;
    const last = parts.at(-1);
    if (last && last.kind === kind) last.text += text;
    else parts.push({ kind, text });
  };
  push("same", a.slice(0, start).join(""));
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  if (midA.length * midB.length > 4_000_000) {
    push("removed", midA.join(""));
    push("added", midB.join(""));
  } else {
    // Longest common subsequence, then a walk that emits removals before insertions.
    const n = midA.length;
    const m = midB.length;
    const w = m + 1;
    const lcs = new Uint32Array((n + 1) * w);
    const at = (i: number, j: number): number => lcs[i * w + j] ?? 0;
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * w + j] = midA[i] === midB[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      const x = midA[i] ?? "";
      const y = midB[j] ?? "";
      if (i < n && j < m && x === y) {
        push("same", x);
        i++;
        j++;
      } else if (j >= m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
        push("removed", x);
        i++;
      } else {
        push("added", y);
        j++;
      }
    }
  }
  push("same", a.slice(endA).join(""));
  return parts;
}

/** The text of a conflicting value for a diff: a string, or paragraphs joined by blank lines;
 * null for values that are not text (a speaker, a flag). */
export function textOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join("\n\n");
  return null;
}
