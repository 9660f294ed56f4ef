// Caret positions inside a plain-text contenteditable element, as character offsets into its
// textContent (the model's text), so splits and joins know where the caret is.

/** The caret's offset in `el`'s text, or null when the selection is elsewhere. */
export function caretOffset(el: HTMLElement): number | null {
  const sel = el.ownerDocument.getSelection();
  if (sel === null || sel.rangeCount === 0 || sel.focusNode === null || !el.contains(sel.focusNode)) return null;
  const r = el.ownerDocument.createRange();
  r.selectNodeContents(el);
  r.setEnd(sel.focusNode, sel.focusOffset);
  return r.toString().length;
}

/** Whether the selection is collapsed (no text selected). */
export function selectionCollapsed(el: HTMLElement): boolean {
  const sel = el.ownerDocument.getSelection();
  return sel === null || sel.isCollapsed;
}

function pointAt(el: HTMLElement, offset: number): [Node, number] {
  const walker = el.ownerDocument.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let left = offset;
  let last: Text | null = null;
  for (let n = walker.nextNode(); n !== null; n = walker.nextNode()) {
    const t = n as Text;
    if (left <= t.length) return [t, left];
    left -= t.length;
    last = t;
  }
  return last === null ? [el, 0] : [last, last.length];
}

/** A range over [start, end) of `el`'s text (character offsets into its textContent). */
export function rangeIn(el: HTMLElement, start: number, end: number): Range {
  const r = el.ownerDocument.createRange();
  const [sn, so] = pointAt(el, start);
  const [en, eo] = pointAt(el, end);
  r.setStart(sn, so);
  r.setEnd(en, eo);
  return r;
}

/** Focuses `el` and selects [start, end) of its text (a caret when end is omitted). */
export function setCaret(el: HTMLElement, start: number, end: number = start): void {
  el.focus({ preventScroll: true });
  const sel = el.ownerDocument.getSelection();
  if (sel === null) return;
  const r = el.ownerDocument.createRange();
  const [sn, so] = pointAt(el, start);
  const [en, eo] = pointAt(el, end);
  r.setStart(sn, so);
  r.setEnd(en, eo);
  sel.removeAllRanges();
  sel.addRange(r);
}
