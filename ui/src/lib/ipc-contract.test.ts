// Issue 15: one IPC contract. A command is named in four places that nothing else ties
// together: build.rs (its permission), tauri.conf.json (the capability granting it), lib.rs
// (the handler) and the UI's invoke calls. A name missing from one of them fails only at run
// time, as "command not found" or "not allowed"; this test fails at once instead.
import { describe, expect, it } from "vitest";

const raw = (files: Record<string, unknown>): string => Object.values(files).join("\n");
const buildRs = raw(import.meta.glob("../../../src-tauri/app/build.rs", { query: "?raw", import: "default", eager: true }));
const libRs = raw(import.meta.glob("../../../src-tauri/app/lib.rs", { query: "?raw", import: "default", eager: true }));
const conf = JSON.parse(raw(import.meta.glob("../../../tauri.conf.json", { query: "?raw", import: "default", eager: true })));
const uiSources = raw(import.meta.glob(["../**/*.ts", "../**/*.svelte", "!../**/*.test.ts"], { query: "?raw", import: "default", eager: true }));

const sorted = (names: Iterable<string>): string[] => [...new Set(names)].sort();
// The first group of each match of `re` in `text`.
const groups = (text: string, re: RegExp): string[] => [...text.matchAll(re)].map((m) => m[1] ?? "");
// The first group of the one match of `re` in `text`, or "".
const inside = (text: string, re: RegExp): string => re.exec(text)?.[1] ?? "";

// build.rs: the string list in `const COMMANDS`.
const declared = sorted(groups(inside(buildRs, /const COMMANDS[^=]*=\s*&\[([^\]]*)\]/), /"([a-z_]+)"/g));
// lib.rs: the paths in generate_handler![…], without their module.
const handled = sorted(groups(inside(libRs, /generate_handler!\[([^\]]*)\]/), /([a-z_:]+),?/g).map((path) => path.split("::").at(-1) ?? path));
// tauri.conf.json: the app's own `allow-…` permissions (plugin ones have a `plugin:` prefix).
const granted = sorted(
  (conf.app.security.capabilities as { permissions: string[] }[])
    .flatMap((c) => c.permissions)
    .filter((p) => p.startsWith("allow-"))
    .map((p) => p.slice("allow-".length).replaceAll("-", "_")),
);
// The UI: every command it invokes.
const invoked = sorted(groups(uiSources, /invoke(?:<[^(]*>)?\(\s*"([a-z_]+)"/g));

describe("IPC contract", () => {
  it("found each list", () => {
    expect(declared.length).toBeGreaterThan(20);
    expect(invoked.length).toBeGreaterThan(20);
  });
  it("lib.rs handles exactly the commands build.rs declares", () => {
    expect(handled).toEqual(declared);
  });
  it("the main window is granted exactly the declared commands", () => {
    expect(granted).toEqual(declared);
  });
  it("the UI invokes only declared commands, and every declared command is used", () => {
    expect(invoked).toEqual(declared);
  });
});
