// Issue 12, point 14, in the real window: the layout holds at the smallest window (the editor's
// bars never wrap a word one character per line), the topic filter does not move the header,
// and the theme is chosen in the app (system / light / dark) and kept.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { $, CLI, startWithDocument, ROOT, closeApp, openFromLibrary } from "./webdriver.mjs";
import { readFile } from "node:fs/promises";

const OUT = join(ROOT, "tests", "e2e", ".out");

const TEXT = `社区食堂圆桌：一碗饭里的基层治理

主持人:第一个问题,社区食堂靠什么撑下去?
王立新:靠的是稳定的客流。老人每天都来,年轻人晚上也来。
刘珊珊:还有志愿者。每周有三十多位居民轮流帮厨。
`;

let tmp;
let library;
let id;
let driver;
let session;

before(async () => {
  ({ tmp, library, id, driver, session } = await startWithDocument("canteen.txt", TEXT));
  await session.waitFor($("app-name"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "layout.png") }));

test("issue 12.14: the theme switch goes system → light → dark, shows at once and is kept", async () => {
  const state = () => session.executeScript("return [document.documentElement.dataset.themePref, document.documentElement.dataset.theme, getComputedStyle(document.documentElement).backgroundColor];");
  const button = await session.waitFor($("theme-switch"));
  const [pref0] = await state();
  assert.equal(pref0, "system");
  await button.click();
  await session.waitUntil(async () => (await state())[0] === "light", { what: "light chosen" });
  const light = await state();
  assert.equal(light[1], "light");
  await (await session.find($("theme-switch"))).click();
  await session.waitUntil(async () => (await state())[0] === "dark", { what: "dark chosen" });
  const dark = await state();
  assert.equal(dark[1], "dark");
  assert.notEqual(dark[2], light[2], "the page is drawn dark");
  await session.screenshot(join(OUT, "layout-dark.png"));
  // Kept across a reload (as across a restart: the web view's storage).
  await session.executeScript("location.reload();");
  await session.waitFor($("app-name"), 30_000);
  assert.equal((await state())[1], "dark");
  await (await session.find($("theme-switch"))).click();
  await session.waitUntil(async () => (await state())[0] === "system", { what: "back to the system's" });
});

test("issue 12.14: at the smallest window the editor's bars keep every label on one line", async () => {
  const conf = JSON.parse(await readFile(join(ROOT, "tauri.conf.json"), "utf8"));
  const { minWidth, minHeight } = conf.app.windows[0];
  assert.ok(minWidth >= 900 && minHeight >= 560, `a sensible minimum size: ${minWidth}×${minHeight}`);
  await session.setWindowSize(minWidth, minHeight);
  await openFromLibrary(session, id);
  await session.screenshot(join(OUT, "layout-min.png"));
  const broken = await session.executeScript(
    `const out = [];
     for (const el of document.querySelectorAll('.bar button, .bar select, .bar .status, .bar .counts, .blockbar button, .blockbar .label')) {
       const r = el.getBoundingClientRect();
       if (r.width === 0) continue;
       const line = parseFloat(getComputedStyle(el).lineHeight) || 24;
       if (r.height > line * 1.6 + 12) out.push(el.dataset.testid || el.textContent.trim());
       if (r.right > window.innerWidth + 1) out.push('off-screen: ' + (el.dataset.testid || el.textContent.trim()));
     }
     return out;`,
  );
  assert.deepEqual(broken, [], "labels wrapped or cut off");
});

test("issue 12.14: choosing a topic filter does not move the header", async () => {
  // Tag one turn, so the filter appears.
  const tag = await session.waitForElement("return document.querySelector('[data-testid=\"block\"][data-type=\"turn\"] [data-testid=\"turn-tag\"]') || (document.querySelector('[data-testid=\"turn-text\"]').focus(), null);", [], { what: "a tag button" });
  await tag.click();
  const input = await session.waitFor($("turn-topics-input"));
  await input.sendKeys("志愿者与客流\uE007");
  const select = await session.waitFor($("topic-filter"));
  const x = () => session.executeScript("return Math.round(document.querySelector('[data-testid=\"export-toggle\"]').getBoundingClientRect().left);");
  const before = await x();
  await session.executeScript("const s = arguments[0]; s.value = s.options[1].value; s.dispatchEvent(new Event('change', { bubbles: true }));", [select]);
  await session.waitUntil(async () => (await session.findAll('[data-testid="block"][data-type="turn"]')).length === 1, { what: "filtered" });
  assert.equal(await x(), before, "the export button stayed put");
});
