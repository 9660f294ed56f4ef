// Screenshots of the real app for the README: the library, the import preview and the editor,
// light and dark, Chinese and English, into docs/screenshots/. Not part of the test run (its
// name does not end in .test.mjs): run scripts/screenshots.sh.

import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { APP, CLI, ROOT, Session, startTauriDriver } from "./webdriver.mjs";

const run = promisify(execFile);
const $ = (testid) => `[data-testid="${testid}"]`;
const OUT = process.env.SCREENSHOT_DIR ?? join(ROOT, "docs", "screenshots");
// The sample roundtables the app offers on a first run (src-tauri/app/samples).
const FIXTURES = join(ROOT, "src-tauri", "app", "samples");
const ZH = join(FIXTURES, "zh_rooftop_roundtable.txt");
const EN = join(FIXTURES, "en_water_panel.txt");

async function shoot(theme) {
  const tmp = await mkdtemp(join(tmpdir(), "roundtable-shots-"));
  const library = join(tmp, "library.sqlite");
  await run(CLI, ["--library", library, "import", ZH, EN]);
  const home = (name) => join(tmp, name);
  await Promise.all(["data", "config", "cache"].map((d) => mkdir(home(d))));
  // WebKitGTK answers prefers-color-scheme from the GTK theme.
  const driver = await startTauriDriver({
    env: {
      ROUNDTABLE_LIBRARY: library,
      XDG_DATA_HOME: home("data"),
      XDG_CONFIG_HOME: home("config"),
      XDG_CACHE_HOME: home("cache"),
      GTK_THEME: theme === "dark" ? "Adwaita:dark" : "Adwaita",
    },
  });
  const session = await Session.start(driver.url, { application: APP });
  try {
    for (const [locale, lang, fixture, needle] of [
      ["zh-CN", "zh", ZH, "菜园"],
      ["en", "en", EN, "water"],
    ]) {
      await session.waitFor($("app-name"), 30_000);
      await session.executeScript("localStorage.setItem('roundtable.locale', arguments[0]); location.reload();", [locale]);
      await session.waitFor($("library-item"), 30_000);
      await session.screenshot(join(OUT, `library-${lang}-${theme}.png`));

      await (await session.find($("import-button"))).click();
      const area = await session.waitFor($("import-text"));
      await session.executeScript(
        "const a = arguments[0]; a.value = arguments[1]; a.dispatchEvent(new InputEvent('input', { bubbles: true })); a.scrollTop = 0; a.setSelectionRange(0, 0);",
        [area, await readFile(fixture, "utf8")],
      );
      await session.waitFor($("import-participant"));
      await session.screenshot(join(OUT, `import-${lang}-${theme}.png`));
      await (await session.find($("import-cancel"))).click();

      const open = await session.waitUntil((s) =>
        s
          .executeScript("return Array.from(document.querySelectorAll('[data-testid=\"library-item-open\"]')).find((b) => b.textContent.includes(arguments[0])) || null;", [needle])
          .then((r) => (r ? s.toElement(r) : null)),
      );
      await open.click();
      await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
      // A turn in focus shows the active block and the speaker colours.
      await session.executeScript(
        "const t = document.querySelectorAll('[data-testid=\"turn-text\"]')[1]; t.focus(); document.querySelector('[data-testid=\"editor-page\"]').scrollTop = 0;",
      );
      await session.screenshot(join(OUT, `editor-${lang}-${theme}.png`));
      await (await session.find($("editor-back"))).click();
    }
  } finally {
    await session.end();
    await driver.stop();
    await rm(tmp, { recursive: true, force: true });
  }
}

test("light", () => shoot("light"));
test("dark", () => shoot("dark"));
