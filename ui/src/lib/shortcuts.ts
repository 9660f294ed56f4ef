// The editor's keyboard shortcuts: one table for the key handler and the help sheet.

export type Action =
  | "undo"
  | "redo"
  | "find"
  | "replace"
  | "history"
  | "help"
  | "import"
  | "library"
  | "moveUp"
  | "moveDown"
  | "splitTurn"
  | "mergePrevious"
  | "newTurn"
  | "speaker"
  | "speakerMenu"
  | "nextParagraph"
  | "previousParagraph"
  | "playPause"
  | "skipBack"
  | "skipForward"
  | "setTurnStart";

export interface Shortcut {
  action: Action;
  /** As shown in the help sheet (Ctrl is ⌘ on macOS). */
  keys: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: "undo", keys: "Ctrl+Z" },
  { action: "redo", keys: "Ctrl+Shift+Z / Ctrl+Y" },
  { action: "find", keys: "Ctrl+F" },
  { action: "replace", keys: "Ctrl+H" },
  { action: "history", keys: "Ctrl+Shift+H" },
  { action: "import", keys: "Ctrl+N" },
  { action: "library", keys: "Ctrl+L" },
  { action: "help", keys: "Ctrl+/ · F1" },
  { action: "splitTurn", keys: "Ctrl+Enter" },
  { action: "mergePrevious", keys: "Ctrl+Shift+Backspace" },
  { action: "newTurn", keys: "Ctrl+Shift+Enter" },
  { action: "moveUp", keys: "Alt+↑" },
  { action: "moveDown", keys: "Alt+↓" },
  { action: "speaker", keys: "Alt+1 … Alt+9" },
  { action: "speakerMenu", keys: "Alt+0" },
  { action: "nextParagraph", keys: "Ctrl+↓" },
  { action: "previousParagraph", keys: "Ctrl+↑" },
  { action: "playPause", keys: "Ctrl+Space" },
  { action: "skipBack", keys: "Alt+←" },
  { action: "skipForward", keys: "Alt+→" },
  { action: "setTurnStart", keys: "Ctrl+T" },
];

/** Menu items whose keys only the native menu handles (src-tauri/app/menu.rs): in the sheet too. */
export type MenuItem = "open-file" | "export" | "copy-html" | "quit";
export const MENU_SHORTCUTS: readonly { item: MenuItem; keys: string }[] = [
  { item: "open-file", keys: "Ctrl+O" },
  { item: "export", keys: "Ctrl+E" },
  { item: "copy-html", keys: "Ctrl+Shift+C" },
  { item: "quit", keys: "Ctrl+Q" },
];

interface KeyLike {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** The action a key press asks for (with the speaker number for Alt+1…9), or null. */
export function matchShortcut(e: KeyLike): { action: Action; n?: number } | null {
  const mod = e.ctrlKey || e.metaKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod && !e.altKey) {
    if (key === "z") return { action: e.shiftKey ? "redo" : "undo" };
    if (key === "y" && !e.shiftKey) return { action: "redo" };
    if (key === "f" && !e.shiftKey) return { action: "find" };
    // Ctrl+H is Replace on Windows and Linux, as everywhere there; History is Ctrl+Shift+H.
    if (key === "h") return { action: e.shiftKey ? "history" : "replace" };
    if (key === "n" && !e.shiftKey) return { action: "import" };
    if (key === "l" && !e.shiftKey) return { action: "library" };
    if (key === "/" || key === "?") return { action: "help" };
    if (key === "Enter") return { action: e.shiftKey ? "newTurn" : "splitTurn" };
    // Ctrl+Backspace alone deletes a word, as everywhere: merging is an explicit Shift more.
    if (key === "Backspace" && e.shiftKey) return { action: "mergePrevious" };
    // A paragraph at a time through the text, without tabbing through every button.
    if (key === "ArrowDown" && !e.shiftKey) return { action: "nextParagraph" };
    if (key === "ArrowUp" && !e.shiftKey) return { action: "previousParagraph" };
    // The recording: keys that never type. Ctrl+←/→ stay a word left/right, as in every
    // text field (transcribers move by words all the time); skipping is Alt+←/→.
    if ((key === " " || e.code === "Space") && !e.shiftKey) return { action: "playPause" };
    if (key === "t" && !e.shiftKey) return { action: "setTurnStart" };
  }
  if (!mod && !e.shiftKey && key === "F1") return { action: "help" };
  if (e.altKey && !mod && !e.shiftKey) {
    if (key === "ArrowUp") return { action: "moveUp" };
    if (key === "ArrowDown") return { action: "moveDown" };
    if (key === "ArrowLeft") return { action: "skipBack" };
    if (key === "ArrowRight") return { action: "skipForward" };
    // By the physical key: Alt+digit types other characters on some layouts.
    const digit = /^Digit([1-9])$/.exec(e.code ?? "")?.[1] ?? (/^[1-9]$/.test(key) ? key : undefined);
    if (digit !== undefined) return { action: "speaker", n: Number(digit) };
    if (e.code === "Digit0" || key === "0") return { action: "speakerMenu" };
  }
  return null;
}
