// Find's marks in the text: every match, and the current one distinctly, drawn with the CSS
// Custom Highlight API (::highlight(find-match), ::highlight(find-current) in app.css). Nothing
// in the DOM changes, so marks never disturb typing, the caret or a composition, and the focus
// stays in the find bar. Blocks drawn as placeholders (far from the screen) get their marks when
// they are drawn: the editor repaints on scroll.
import { rangeIn } from "./caret";
import type { Match } from "./findreplace";

/** The element that shows a match's text, if it is drawn (inputs have no ranges: null). */
export function matchElement(root: ParentNode, m: Match): HTMLElement | null {
  const f = m.field;
  if (f.kind === "doc") return root.querySelector<HTMLElement>(`[data-testid="meta-${f.key}"]`);
  const host = root.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(f.id)}"]`);
  if (host === null) return null;
  if (f.kind === "block") return host.querySelector<HTMLElement>(`.editable[data-index="${f.index}"]`);
  return f.key === "caption" ? host.querySelector<HTMLElement>(".caption") : null;
}

interface HighlightRegistry {
  set(name: string, h: unknown): void;
  delete(name: string): void;
}

function registry(): { reg: HighlightRegistry; Highlight: new (...ranges: Range[]) => unknown } | null {
  const g = globalThis as unknown as { CSS?: { highlights?: HighlightRegistry }; Highlight?: new (...ranges: Range[]) => unknown };
  return g.CSS?.highlights && g.Highlight ? { reg: g.CSS.highlights, Highlight: g.Highlight } : null;
}

/** Marks `matches` under `root` (`current` distinctly; -1 for none). Returns how many were drawn. */
export function paintMatches(root: ParentNode, matches: readonly Match[], current: number): number {
  const r = registry();
  if (r === null) return 0;
  const all: Range[] = [];
  const cur: Range[] = [];
  for (const [i, m] of matches.entries()) {
    const el = matchElement(root, m);
    if (el === null) continue;
    const text = el.textContent ?? "";
    // The drawn text may lag the model by a keystroke: mark only what is really there.
    if (m.end > text.length) continue;
    const range = rangeIn(el, m.start, m.end);
    (i === current ? cur : all).push(range);
  }
  r.reg.set("find-match", new r.Highlight(...all));
  r.reg.set("find-current", new r.Highlight(...cur));
  return all.length + cur.length;
}

/** Removes every find mark. */
export function clearMatches(): void {
  const r = registry();
  r?.reg.delete("find-match");
  r?.reg.delete("find-current");
}
