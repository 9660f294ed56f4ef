// The one guard every key handler asks before acting on a key: is this key an input method's
// (a Chinese or Japanese IME choosing or confirming a candidate)?
//
// Browsers disagree on the order. Chrome and Firefox send the Enter that confirms a candidate
// as a keydown with isComposing true (then compositionend). WebKit (WKWebView, WebKitGTK) sends
// compositionend first and then that keydown with isComposing false and keyCode 229 (WebKit
// bug 165004); some versions even send the real keyCode. So a key is the IME's when any of:
//   - isComposing is true;
//   - keyCode is 229 ("Process", the key went to the IME);
//   - it comes within a few milliseconds after a compositionend (the confirming key itself).
// The tracker below (installed once, at the document, in the capture phase) remembers when the
// last composition ended and which element a composition is in progress in, so the editor can
// also avoid re-rendering that element (lib/ime.ts is the only place that knows).

/** How long after compositionend a key still counts as the one that ended it. */
export const AFTER_COMPOSITION_MS = 30;

export interface KeyLike {
  isComposing?: boolean;
  keyCode?: number;
  timeStamp?: number;
}

interface ImeState {
  /** performance.now() of the last compositionend, or -Infinity. */
  endedAt: number;
  /** The element a composition is in progress in, or null. */
  composing: Element | null;
}

const state: ImeState = { endedAt: Number.NEGATIVE_INFINITY, composing: null };
const endListeners = new Set<() => void>();

/**
 * Whether key event `e` belongs to an input method, given when the last composition ended
 * (`endedAt`) and the time now (both in performance.now() milliseconds). Pure: the unit tests
 * call it with made-up times.
 */
export function isImeKeyAt(e: KeyLike, endedAt: number, now: number): boolean {
  if (e.isComposing === true) return true;
  if (e.keyCode === 229) return true;
  const since = now - endedAt;
  return since >= 0 && since <= AFTER_COMPOSITION_MS;
}

/** Whether key event `e` belongs to an input method (see the top of this file). */
export function isImeKey(e: KeyLike): boolean {
  const t = now();
  if (isImeKeyAt(e, state.endedAt, t)) return true;
  // Every engine marks the keys of a composition (isComposing or keyCode 229): a plain key
  // while one seems in progress means its end was missed (the element went away, say), and
  // the keyboard must not stay dead.
  if (state.composing !== null && e.isComposing === false && e.keyCode !== undefined) state.composing = null;
  return state.composing !== null;
}

/** The element a composition is in progress in (null when none is). */
export function composingElement(): Element | null {
  return state.composing;
}

/** Whether a composition is in progress in `el` or inside it. */
export function composingIn(el: Element | null | undefined): boolean {
  const c = state.composing;
  return c !== null && el != null && (el === c || el.contains(c));
}

/** Calls `f` once, after the composition in progress ends (at once when none is). */
export function afterComposition(f: () => void): void {
  if (state.composing === null) {
    f();
    return;
  }
  const once = (): void => {
    endListeners.delete(once);
    f();
  };
  endListeners.add(once);
}

function now(): number {
  return typeof performance === "undefined" ? Date.now() : performance.now();
}

function started(e: Event): void {
  // The target is the focused editable element (an input, a textarea or a contenteditable).
  state.composing = (e.target as Element | null) ?? installed?.body ?? null;
}

function ended(): void {
  state.endedAt = now();
  state.composing = null;
  // After the input event that carries the composed text (it may come after compositionend).
  setTimeout(() => {
    if (state.composing !== null) return;
    for (const f of [...endListeners]) f();
  }, AFTER_COMPOSITION_MS + 10);
}

let installed: Document | null = null;

/** Starts tracking compositions in `doc` (once; later calls do nothing). Returns the removal. */
export function installImeTracker(doc: Document = document): () => void {
  if (installed === doc) return () => {};
  installed = doc;
  doc.addEventListener("compositionstart", started, true);
  doc.addEventListener("compositionend", ended, true);
  // A composition cut short by a blur never sends compositionend in some engines.
  const blurred = (e: Event): void => {
    if (state.composing !== null && e.target === state.composing) ended();
  };
  doc.addEventListener("blur", blurred, true);
  return () => {
    doc.removeEventListener("compositionstart", started, true);
    doc.removeEventListener("compositionend", ended, true);
    doc.removeEventListener("blur", blurred, true);
    installed = null;
    reset();
  };
}

/** Forgets every composition (for tests). */
export function reset(): void {
  state.endedAt = Number.NEGATIVE_INFINITY;
  state.composing = null;
  endListeners.clear();
}
