import { describe, expect, it } from "vitest";
import { effectiveTheme, loadTheme, nextTheme } from "./theme";

// Issue 12.14: a theme switch (system / light / dark).
describe("theme", () => {
  it("resolves, cycles and loads", () => {
    expect(effectiveTheme("system", true)).toBe("dark");
    expect(effectiveTheme("system", false)).toBe("light");
    expect(effectiveTheme("light", true)).toBe("light");
    expect(effectiveTheme("dark", false)).toBe("dark");
    expect([nextTheme("system"), nextTheme("light"), nextTheme("dark")]).toEqual(["light", "dark", "system"]);
    expect(loadTheme({ getItem: () => "dark" })).toBe("dark");
    expect(loadTheme({ getItem: () => "purple" })).toBe("system");
    expect(loadTheme({ getItem: () => { throw new Error("denied"); } })).toBe("system");
    expect(loadTheme(undefined)).toBe("system");
  });
});
