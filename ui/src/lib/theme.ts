// The colour theme: the system's, or light or dark whatever the system says (View menu, the
// library's theme button). The effective theme is an attribute on <html> that app.css reads,
// so a forced theme and the system's use the same rules.

export type ThemePref = "system" | "light" | "dark";
const KEY = "roundtable.theme";
const PREFS: readonly ThemePref[] = ["system", "light", "dark"];

/** The saved preference ("system" when none or unreadable). */
export function loadTheme(storage: Pick<Storage, "getItem"> | undefined): ThemePref {
  try {
    const v = storage?.getItem(KEY);
    return PREFS.includes(v as ThemePref) ? (v as ThemePref) : "system";
  } catch {
    return "system";
  }
}

/** Remembers the preference (a storage that refuses only forgets it). */
export function saveTheme(storage: Pick<Storage, "setItem"> | undefined, pref: ThemePref): void {
  try {
    storage?.setItem(KEY, pref);
  } catch {
    // Private mode or a full disk: the theme holds for this session.
  }
}

/** The theme shown for a preference when the system is dark (`systemDark`) or not. */
export function effectiveTheme(pref: ThemePref, systemDark: boolean): "light" | "dark" {
  return pref === "system" ? (systemDark ? "dark" : "light") : pref;
}

/** The preference after `pref` in the button's cycle. */
export function nextTheme(pref: ThemePref): ThemePref {
  return PREFS[(PREFS.indexOf(pref) + 1) % PREFS.length] ?? "system";
}

let stopFollowing: (() => void) | null = null;

/** Shows `pref` on <html> (and follows the system while it is "system"). */
export function applyTheme(pref: ThemePref, root: HTMLElement = document.documentElement): void {
  stopFollowing?.();
  stopFollowing = null;
  const media = typeof matchMedia === "function" ? matchMedia("(prefers-color-scheme: dark)") : null;
  const set = (): void => {
    const theme = effectiveTheme(pref, media?.matches ?? false);
    root.dataset["theme"] = theme;
    root.dataset["themePref"] = pref;
    // The engine's own controls (selects, scrollbars) follow the page's scheme.
    root.style.colorScheme = theme;
  };
  set();
  if (pref === "system" && media !== null) {
    media.addEventListener("change", set);
    stopFollowing = () => media.removeEventListener("change", set);
  }
}
