// Actions from the native menu and from keyboard shortcuts reach the screen on view through
// one channel. A shortcut can arrive twice (the menu's accelerator and the page's key
// handler) on some platforms; the same action within 150 ms is taken once.
import type { Action } from "./shortcuts";

export type AppAction = Action | "export" | "open-file" | "copy-html" | "participants" | "language" | "menu-help" | "theme-system" | "theme-light" | "theme-dark";

type Handler = (action: AppAction) => boolean;

const handlers: Handler[] = [];
let last: { action: AppAction; at: number } | null = null;

/** Registers a handler (the newest first); returns its removal. A handler returns true when it took the action. */
export function onAction(h: Handler): () => void {
  handlers.unshift(h);
  return () => {
    const i = handlers.indexOf(h);
    if (i >= 0) handlers.splice(i, 1);
  };
}

/** Sends an action to the handlers; true when one took it. */
export function dispatch(action: AppAction, now: number = Date.now()): boolean {
  if (last !== null && last.action === action && now - last.at < 150) return true;
  last = { action, at: now };
  return handlers.some((h) => h(action));
}

type FilesHandler = (paths: string[], x: number, y: number) => Promise<boolean>;
const fileHandlers: FilesHandler[] = [];

/** Registers a handler for files dropped on the window (CSS pixel position); returns its removal. */
export function onFiles(h: FilesHandler): () => void {
  fileHandlers.unshift(h);
  return () => {
    const i = fileHandlers.indexOf(h);
    if (i >= 0) fileHandlers.splice(i, 1);
  };
}

/** Offers dropped files to the handlers, newest first, until one takes them. */
export async function dropFiles(paths: string[], x: number, y: number): Promise<boolean> {
  for (const h of fileHandlers) if (await h(paths, x, y)) return true;
  return false;
}
