// Issue 12, point 12: axe-core in the real window finds no serious or critical violation on
// the library (with documents) and on the import screen (with a preview showing), in the light
// and the dark theme. A failure lists each violation with its elements (tests/e2e/axe.mjs).
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { axeCheck, darkTheme } from "./axe.mjs";
import { WECHAT_PASTE } from "./wechat-paste.mjs";
import { APP, CLI, Keys, ROOT, Session, appEnv, closeApp, importFixtures, pasteIntoImport, startTauriDriver, $ } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
const SAMPLES = join(ROOT, "src-tauri", "app", "samples");

let tmp;
let driver;
let session;

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-a11y-"));
  const library = join(tmp, "library.sqlite");
  const pasted = join(tmp, "wechat.txt");
  await writeFile(pasted, WECHAT_PASTE);
  const ids = await importFixtures(library, [join(SAMPLES, "zh_rooftop_roundtable.txt"), join(SAMPLES, "en_water_panel.txt"), pasted]);
  assert.equal(ids.length, 3);
  driver = await startTauriDriver({ env: await appEnv(tmp, library) });
  session = await Session.start(driver.url, { application: APP });
  await session.waitFor($("app-name"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "a11y.png") }));

/** Checks the screen in the light theme, then the dark one, with a screenshot of each. */
async function bothThemes(label, shot) {
  await axeCheck(session, `${label} (light theme)`);
  await darkTheme(session, true);
  try {
    await session.screenshot(join(OUT, `${shot}-dark.png`));
    await axeCheck(session, `${label} (dark theme)`);
  } finally {
    await darkTheme(session, false);
  }
}

test("issue 12 point 12: axe finds no serious or critical violation on the library with documents", async () => {
  await session.waitUntil(async (s) => (await s.findAll($("library-item"))).length === 3, { what: "three documents listed", timeoutMs: 20_000 });
  await bothThemes("the library", "a11y-library");
});

test("issue 12 point 12: axe finds no serious or critical violation on the library's search results and trash", async () => {
  const search = await session.waitFor($("search-input"));
  await search.sendKeys("夜班");
  await session.waitFor(`${$("search-results")} li`, 20_000);
  await bothThemes("the library's search results", "a11y-search");
  await search.sendKeys(Keys.ESCAPE);
  await session.waitFor($("library-list"));

  await (await session.find(`${$("library-item")} ${$("trash")}`)).click();
  await session.waitUntil(async (s) => (await s.findAll($("library-item"))).length === 2, { what: "one document in the trash" });
  await (await session.find($("trash-toggle"))).click();
  await session.waitFor(`${$("trash-list")} ${$("library-item")}`);
  await bothThemes("the trash", "a11y-trash");
  await (await session.find($("untrash"))).click();
  await session.waitFor($("trash-empty"));
  await (await session.find($("trash-toggle"))).click();
  await session.waitUntil(async (s) => (await s.findAll($("library-item"))).length === 3, { what: "the document back", timeoutMs: 20_000 });
});

test("issue 12 point 12: axe finds no serious or critical violation on the import screen with a preview", async () => {
  await (await session.waitFor($("import-button"))).click();
  await pasteIntoImport(session, WECHAT_PASTE);
  await session.waitUntil(async (s) => (await s.findAll($("import-participant"))).length === 4, { what: "the preview" });
  await session.screenshot(join(OUT, "a11y-import.png"));
  await bothThemes("the import screen", "a11y-import");
  await (await session.find($("import-cancel"))).click();
});

test("issue 12 point 12: axe finds no serious or critical violation on the editor, with its history and a version preview", async () => {
  await session.waitUntil(async (s) => (await s.findAll($("library-item"))).length === 3, { what: "the library", timeoutMs: 20_000 });
  await (await session.find(`${$("library-item")} ${$("library-item-open")}`)).click();
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 30_000);
  // Every text has a name that says whose it is; the title is a heading holding a text box.
  const names = await session.executeScript("return Array.from(document.querySelectorAll('[data-testid=\"turn-text\"]'), (p) => p.getAttribute('aria-label'));");
  assert.ok(names.length > 0 && names.every((n) => n && n.length > 0), JSON.stringify(names));
  assert.equal(await session.executeScript("return document.querySelectorAll('h1[role=\"textbox\"]').length;"), 0);
  await bothThemes("the editor", "a11y-editor");
  await (await session.find($("history-toggle"))).click();
  await session.waitFor($("history-entry"));
  await (await session.find($("history-preview"))).click();
  await session.waitFor($("version-preview"));
  await bothThemes("the version preview", "a11y-version");
  await session.pressKeys([Keys.ESCAPE]);
});
