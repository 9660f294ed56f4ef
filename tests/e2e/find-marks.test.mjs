// Issue 12, point 5 and part of point 11, in the real window: find marks every match in the
// text and the current one distinctly; the library's search count and the editor's find count
// agree for the same term; Ctrl+H is Replace and Ctrl+Shift+H History; the shortcut sheet lists
// every menu shortcut.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { $, CLI, findBarCount, startWithDocument, Keys, ROOT, closeApp, openFromLibrary } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
const SHIFT = "\uE008";

// 工会 occurs 5 times in 3 turns (twice in two of them).
const TEXT = `工会圆桌

主持人:工会在社区里做什么?
王立新:工会组织读书会,也组织夜跑。街道工会出场地。
刘珊珊:学校和工会一起办亲子活动,工会出经费。
`;

let tmp;
let library;
let id;
let driver;
let session;

const findCount = () => findBarCount(session);

/** The find marks in the page: how many ranges each highlight has, and the current one's text. */
function marks() {
  return session.executeScript(`
    const h = (name) => (globalThis.CSS && CSS.highlights && CSS.highlights.get(name)) || null;
    const all = h("find-match"), cur = h("find-current");
    return { supported: !!(globalThis.CSS && CSS.highlights), all: all ? all.size : 0, current: cur ? cur.size : 0,
             currentText: cur && cur.size ? Array.from(cur)[0].toString() : null };`);
}

function focused() {
  return session.executeScript("const a = document.activeElement; return a ? (a.dataset.testid || a.tagName) : null;");
}

before(async () => {
  ({ tmp, library, id, driver, session } = await startWithDocument("find.txt", TEXT));
  await session.waitFor($("library-list"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "find-marks.png") }));

test("issue 12.5: the library's search count and the editor's find count agree", async () => {
  const search = await session.waitFor($("search-input"));
  await search.sendKeys("工会");
  const result = await session.waitFor(`${$("search-result")}[data-id="${id}"]`);
  const libraryCount = Number(/(\d+)/.exec(await (await result.find(".meta")).text())[1]);
  await search.click();
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await search.property("value")) === "", { what: "the search cleared" });
  await openFromLibrary(session, id);
  await session.pressKeys([Keys.CONTROL, "f"]);
  const input = await session.waitFor($("find-input"));
  await input.sendKeys("工会");
  await session.waitUntil(async () => (await findCount())[1] > 0, { what: "find counts" });
  const editorCount = (await findCount())[1];
  assert.equal(editorCount, 6, "工会: once in the title, five times in the turns");
  assert.equal(libraryCount, editorCount, `library ${libraryCount}, editor ${editorCount}`);
});

test("issue 12.5: find marks every match in the text and the current one distinctly", async () => {
  const m0 = await marks();
  assert.ok(m0.supported, "the web view has CSS Custom Highlights");
  assert.equal(m0.all, 6, JSON.stringify(m0));
  assert.equal(m0.current, 0, "no current match before Enter");
  await session.pressKeys([Keys.ENTER]);
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await findCount())[0] === 2, { what: "match 2" });
  const m2 = await marks();
  assert.equal(m2.all + m2.current, 6, JSON.stringify(m2));
  assert.equal(m2.current, 1);
  assert.equal(m2.currentText, "工会");
  // The current match is the second one in reading order: the moderator's question.
  const where = await session.executeScript(`const r = Array.from(CSS.highlights.get("find-current"))[0];
    return r.startContainer.parentElement.closest('[data-testid="block"]').querySelector('[data-testid="turn-speaker"]').textContent.trim();`);
  assert.equal(where, "主持人");
  // Colors: the current mark differs from the others.
  const colors = await session.executeScript(`const s = getComputedStyle(document.documentElement);
    return [s.getPropertyValue("--mark").trim(), s.getPropertyValue("--mark-current").trim()];`);
  assert.notEqual(colors[0], colors[1]);
  await session.screenshot(join(OUT, "find-marks-current.png"));
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await marks()).all === 0, { what: "the marks gone with the bar" });
});

test("issue 12.11: Ctrl+H is Replace, Ctrl+Shift+H History, and the sheet lists every menu shortcut", async () => {
  const text = await session.waitFor($("turn-text"));
  await text.click();
  await session.pressKeys([Keys.CONTROL, "h"]);
  await session.waitFor($("find-bar"));
  await session.waitUntil(async () => (await focused()) === "replace-input", { what: "the focus in the replace box" });
  assert.equal(await (await session.find($("history-toggle"))).attribute("aria-pressed"), "false");
  await session.pressKeys([Keys.ESCAPE]);
  await text.click();
  await session.pressKeys([Keys.CONTROL, SHIFT, "h"]);
  await session.waitUntil(async () => (await (await session.find($("history-toggle"))).attribute("aria-pressed")) === "true", { what: "the history panel" });
  await session.pressKeys([Keys.CONTROL, "/"]);
  const sheet = await session.waitFor($("shortcut-sheet"));
  const keys = await session.texts(`${$("shortcut-sheet")} kbd`);
  for (const k of ["Ctrl+F", "Ctrl+H", "Ctrl+Shift+H", "Ctrl+N", "Ctrl+O", "Ctrl+E", "Ctrl+Shift+C", "Ctrl+L", "Ctrl+Q", "Ctrl+Z", "Ctrl+/ · F1", "Ctrl+Shift+Backspace"]) {
    assert.ok(keys.some((x) => x === k || x.split(/ [/·] /).includes(k) || x === k), `${k} in ${keys.join(", ")}`);
  }
  void sheet;
});
