// A modal dialog keeps the keyboard inside it while open (WAI-ARIA dialog pattern): the focus
// moves in when it opens, Tab and Shift+Tab cycle through its controls, and when it closes the
// focus goes back to where it was, so a keyboard user never lands behind the scrim.

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** The control Tab (or Shift+Tab) moves to from `at` among `n` controls: it wraps. */
export function cycle(at: number, n: number, back: boolean): number {
  if (n === 0) return -1;
  if (at < 0) return back ? n - 1 : 0;
  return back ? (at - 1 + n) % n : (at + 1) % n;
}

/** Svelte action for a dialog element; `initial` names the control to focus first (a selector). */
export function trapFocus(dialog: HTMLElement, initial?: string): { destroy: () => void } {
  const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const controls = (): HTMLElement[] => Array.from(dialog.querySelectorAll<HTMLElement>(FOCUSABLE)).filter((el) => el.offsetParent !== null || el === document.activeElement);
  const first = (initial ? dialog.querySelector<HTMLElement>(initial) : null) ?? controls()[0];
  if (first) first.focus();
  else {
    if (!dialog.hasAttribute("tabindex")) dialog.tabIndex = -1;
    dialog.focus();
  }
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== "Tab") return;
    const list = controls();
    e.preventDefault();
    const next = list[cycle(list.indexOf(document.activeElement as HTMLElement), list.length, e.shiftKey)];
    next?.focus();
  };
  // The focus can also leave by a click on the page behind: bring it back.
  const onFocusIn = (e: FocusEvent): void => {
    if (e.target instanceof Node && !dialog.contains(e.target)) (controls()[0] ?? dialog).focus();
  };
  dialog.addEventListener("keydown", onKey);
  document.addEventListener("focusin", onFocusIn);
  return {
    destroy() {
      dialog.removeEventListener("keydown", onKey);
      document.removeEventListener("focusin", onFocusIn);
      if (before?.isConnected) before.focus();
    },
  };
}
