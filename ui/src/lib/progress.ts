// What the import dialog says about a long import: the stage, how much of it is done and, when
// the stage can count its work, the fraction for the bar. Parsing is one call that does not
// report inside, so it gets no fraction (the bar says "busy", not a made-up number).
import type { Progress } from "./bindings";
import type { Locale } from "./i18n";
import type { EditorMessages } from "./strings";

export interface ProgressView {
  /** What is being done. */
  label: string;
  /** How much of it ("12.0 MB of 48.0 MB", "1,200 of 8,000"), or "" when not counted. */
  amount: string;
  /** Done, from 0 to 1; null when the stage cannot tell. */
  fraction: number | null;
}

/** A byte count as the dialog shows it: KB below a megabyte, MB with one decimal above. */
export function formatBytes(n: number, locale: Locale): string {
  if (n < 1024 * 1024) return `${Math.ceil(n / 1024).toLocaleString(locale)} KB`;
  return `${(n / (1024 * 1024)).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;
}

export function progressView(p: Progress, s: EditorMessages, locale: Locale): ProgressView {
  const label = s.stages[p.stage];
  switch (p.stage) {
    case "reading":
      return { label, amount: s.bytesOf(formatBytes(p.done, locale), formatBytes(p.total, locale)), fraction: fraction(p) };
    case "parsing":
      // Started (done 0) or finished (done = total): nothing in between is known.
      return { label, amount: formatBytes(p.total, locale), fraction: p.total > 0 && p.done >= p.total ? 1 : null };
    default:
      return { label, amount: s.countOf(p.done, p.total), fraction: fraction(p) };
  }
}

function fraction(p: Progress): number | null {
  return p.total > 0 ? Math.min(1, p.done / p.total) : null;
}
