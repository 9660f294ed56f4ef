import { describe, expect, it } from "vitest";
import { MENU_SHORTCUTS, SHORTCUTS, matchShortcut } from "./shortcuts";

const key = (k: string, mods: string = "", code?: string) => ({
  key: k,
  ...(code === undefined ? {} : { code }),
  ctrlKey: mods.includes("c"),
  metaKey: mods.includes("m"),
  altKey: mods.includes("a"),
  shiftKey: mods.includes("s"),
});

describe("matchShortcut", () => {
  it("maps keys to actions", () => {
    const table: [ReturnType<typeof key>, ReturnType<typeof matchShortcut>][] = [
      [key("z", "c"), { action: "undo" }],
      [key("z", "m"), { action: "undo" }],
      [key("Z", "cs"), { action: "redo" }],
      [key("y", "c"), { action: "redo" }],
      [key("f", "c"), { action: "find" }],
      [key("Enter", "c"), { action: "splitTurn" }],
      [key("Enter", "cs"), { action: "newTurn" }],
      // Issue 12.2: Ctrl+Backspace deletes a word (no action here); merging takes Shift too.
      [key("Backspace", "c"), null],
      [key("Delete", "c"), null],
      [key("Backspace", "cs"), { action: "mergePrevious" }],
      // Issue 12.11: Ctrl+H is Replace on Windows and Linux; History is Ctrl+Shift+H.
      [key("h", "c"), { action: "replace" }],
      [key("H", "cs"), { action: "history" }],
      [key("ArrowUp", "a"), { action: "moveUp" }],
      [key("ArrowDown", "a"), { action: "moveDown" }],
      [key("3", "a", "Digit3"), { action: "speaker", n: 3 }],
      // A layout where Alt+2 types another character: the physical key counts.
      [key("™", "a", "Digit2"), { action: "speaker", n: 2 }],
      // Issue 12.11: Alt+0 opens the speaker menu; Ctrl+↓/↑ go a paragraph at a time.
      [key("0", "a", "Digit0"), { action: "speakerMenu" }],
      [key("ArrowDown", "c"), { action: "nextParagraph" }],
      [key("ArrowUp", "c"), { action: "previousParagraph" }],
      [key("ArrowDown", "cs"), null],
      [key("F1"), { action: "help" }],
      // Issue 16: the recording's keys never type; Ctrl+←/→ stay word movement.
      [key(" ", "c", "Space"), { action: "playPause" }],
      [key(" ", "m", "Space"), { action: "playPause" }],
      [key(" ", "", "Space"), null],
      [key("ArrowLeft", "a"), { action: "skipBack" }],
      [key("ArrowRight", "a"), { action: "skipForward" }],
      [key("ArrowLeft", "c"), null],
      [key("ArrowRight", "c"), null],
      [key("ArrowRight", "cs"), null],
      [key("t", "c"), { action: "setTurnStart" }],
      [key("T", "cs"), null],
      [key("/", "c"), { action: "help" }],
      [key("z"), null],
      [key("Enter"), null],
    ];
    for (const [k, expected] of table) expect(matchShortcut(k), JSON.stringify(k)).toEqual(expected);
  });
  // Issue 12.11: every key of the native menu is in the shortcut sheet, as the menu says it.
  it("has every menu accelerator in the sheet", () => {
    const menu = Object.values(import.meta.glob("../../../src-tauri/app/menu.rs", { query: "?raw", import: "default", eager: true }))[0] as string;
    expect(menu).toContain("CmdOrCtrl");
    const accels = [...menu.matchAll(/Some\("CmdOrCtrl\+([^"]+)"\)/g)].map((m) => `Ctrl+${m[1]}`);
    expect(accels.length).toBeGreaterThan(8);
    const sheet = [...SHORTCUTS, ...MENU_SHORTCUTS].flatMap((s) => s.keys.split(/ [/·] /));
    for (const a of accels) expect(sheet, a).toContain(a);
    expect(menu).toContain('Some("CmdOrCtrl+H")');
    expect(menu).toContain('Some("CmdOrCtrl+Shift+H")');
  });
  it("lists every action once in the help sheet", () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
  });
});
