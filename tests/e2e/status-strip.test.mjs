// Issue 12, point 14: the sync status strip never covers content. It has a band of its own at
// the bottom of the window: the library's last row and footer, the import preview and the
// editor (its panels included) all end above it, and a click at the bottom of each lands on
// the screen, not on the strip.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { WECHAT_PASTE } from "./wechat-paste.mjs";
import { APP, CLI, ROOT, Session, appEnv, closeApp, importFixtures, openFromLibrary, pasteIntoImport, startTauriDriver, $ } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
const SAMPLES = join(ROOT, "src-tauri", "app", "samples");

let tmp;
let driver;
let session;
let ids;

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-strip-"));
  const library = join(tmp, "library.sqlite");
  const pasted = join(tmp, "wechat.txt");
  await writeFile(pasted, WECHAT_PASTE);
  ids = await importFixtures(library, [join(SAMPLES, "zh_rooftop_roundtable.txt"), join(SAMPLES, "en_water_panel.txt"), pasted]);
  driver = await startTauriDriver({ env: await appEnv(tmp, library) });
  session = await Session.start(driver.url, { application: APP });
  await session.waitFor($("app-name"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "status-strip.png") }));

/**
 * Where the strip starts, and for `selector` (scrolled to its end first when `scroll` names a
 * scrolling element): its bottom, and what a point just above the strip at the element's
 * horizontal middle hits (true when it is inside the element).
 */
function measure(selector, scroll = null) {
  return session.executeScript(
    `const [sel, scroll] = arguments;
     if (scroll) { const s = document.querySelector(scroll); s.scrollTop = s.scrollHeight; } else { scrollTo(0, document.documentElement.scrollHeight); }
     const strip = document.querySelector('[data-testid="sync-bar"]').getBoundingClientRect();
     const el = document.querySelector(sel);
     const r = el.getBoundingClientRect();
     const hit = document.elementFromPoint(r.left + r.width / 2, strip.top - 4);
     return { stripTop: strip.top, stripHeight: strip.height, bottom: r.bottom, viewport: innerHeight, hitInside: el.contains(hit), hit: hit && hit.outerHTML.slice(0, 120) };`,
    [selector, scroll],
  );
}

function assertAbove(m, what) {
  assert.ok(m.stripHeight > 0 && Math.abs(m.stripTop + m.stripHeight - m.viewport) < 1, `the strip is at the bottom: ${JSON.stringify(m)}`);
  assert.ok(m.bottom <= m.stripTop + 0.5, `${what} ends under the strip: ${JSON.stringify(m)}`);
}

test("issue 12 point 14: the sync strip covers nothing on the library", async () => {
  await session.waitUntil(async (s) => (await s.findAll($("library-item"))).length === 3, { what: "three documents", timeoutMs: 20_000 });
  const last = await measure(`${$("library-item")}:last-of-type`);
  assertAbove(last, "the last row");
  // The library file's path shares the strip's band, beside the sync status, not under it.
  const path = await session.executeScript(`const p = document.querySelector('[data-testid="library-path"]').getBoundingClientRect();
    const s = document.querySelector('[data-testid="sync-bar"]'); const first = s.firstElementChild.getBoundingClientRect();
    return { top: p.top, bottom: p.bottom, right: p.right, stripTop: s.getBoundingClientRect().top, syncLeft: first.left };`);
  assert.ok(path.top >= path.stripTop && path.right <= path.syncLeft, `the path and the sync status overlap: ${JSON.stringify(path)}`);
});

test("issue 12 point 14: the sync strip covers nothing of the import preview", async () => {
  await (await session.waitFor($("import-button"))).click();
  await pasteIntoImport(session, WECHAT_PASTE);
  await session.waitUntil(async (s) => (await s.findAll($("import-participant"))).length === 4, { what: "the preview" });
  const m = await measure($("import-view"), $("import-preview"));
  assertAbove(m, "the import screen");
  assert.ok(m.hitInside, `a click just above the strip lands on ${m.hit}`);
  await session.screenshot(join(OUT, "status-strip-import.png"));
  await (await session.find($("import-cancel"))).click();
});

test("issue 12 point 14: the sync strip covers nothing of the editor", async () => {
  await openFromLibrary(session, ids[0]);
  const m = await measure($("editor"));
  assertAbove(m, "the editor");
  assert.ok(m.hitInside, `a click just above the strip lands on ${m.hit}`);
  await session.screenshot(join(OUT, "status-strip-editor.png"));
  await (await session.find($("editor-back"))).click();
});
