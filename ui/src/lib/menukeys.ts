// A popup menu that works from the keyboard as menus do everywhere (WAI-ARIA menu pattern):
// the focus moves into it when it opens (onto the checked item, else the first), ↑/↓ move
// (wrapping), Home/End jump, a letter moves to the next item starting with it, Enter/Space
// choose (the items are buttons), Esc closes and gives the focus back to what opened the
// menu, Tab closes. Used by the speaker menu and the export menu.
import { isImeKey } from "./ime";

export interface MenuKeysOptions {
  /** Closes the menu (the owner's state). */
  close: () => void;
  /** Where the focus goes back after Esc (the button that opened the menu). */
  returnTo?: HTMLElement | null | undefined;
}

function items(menu: HTMLElement): HTMLElement[] {
  return Array.from(menu.querySelectorAll<HTMLElement>('[role="menuitem"], [role="menuitemradio"]')).filter(
    (el) => !(el as HTMLButtonElement).disabled,
  );
}

/** The index an arrow/Home/End/letter key moves to from `at` among `labels`, or null. */
export function nextIndex(key: string, at: number, labels: readonly string[]): number | null {
  const n = labels.length;
  if (n === 0) return null;
  switch (key) {
    case "ArrowDown":
      return at < 0 ? 0 : (at + 1) % n;
    case "ArrowUp":
      return at < 0 ? n - 1 : (at - 1 + n) % n;
    case "Home":
      return 0;
    case "End":
      return n - 1;
    default: {
      if ([...key].length !== 1 || key === " ") return null;
      const k = key.toLocaleLowerCase();
      for (let i = 1; i <= n; i++) {
        const j = (at + i + n) % n;
        if ((labels[j] ?? "").trim().toLocaleLowerCase().startsWith(k)) return j;
      }
      return null;
    }
  }
}

/** Svelte action: keyboard behaviour of a menu element whose items are buttons. */
export function menuKeys(menu: HTMLElement, options: MenuKeysOptions): { update: (o: MenuKeysOptions) => void; destroy: () => void } {
  let opts = options;
  const all = items(menu);
  const checked = all.find((el) => el.getAttribute("aria-checked") === "true");
  (checked ?? all[0])?.focus();
  const onKey = (e: KeyboardEvent): void => {
    if (isImeKey(e)) return;
    const list = items(menu);
    const at = list.indexOf(document.activeElement as HTMLElement);
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      const back = opts.returnTo;
      opts.close();
      back?.focus();
      return;
    }
    if (e.key === "Tab") {
      opts.close();
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const next = nextIndex(e.key, at, list.map((el) => el.textContent ?? ""));
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    list[next]?.focus();
  };
  menu.addEventListener("keydown", onKey);
  return {
    update(o: MenuKeysOptions) {
      opts = o;
    },
    destroy() {
      menu.removeEventListener("keydown", onKey);
    },
  };
}
