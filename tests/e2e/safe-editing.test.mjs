// Issue 12, points 1–4, in the real window: keys that must never damage the text.
//   1. Enter / Shift+Enter in the find bar go through the matches from the first one and keep
//      the focus there; nothing typed in find or replace reaches the document.
//   2. Text never changes speaker by a keystroke: Backspace at a turn's start joins only a
//      previous turn of the same speaker; Ctrl+Backspace / Ctrl+Delete delete a word; the
//      toolbar's merge across speakers asks first and names both.
//   3. Input-method keys (synthetic composition sequences in Chrome's and WebKit's order) never
//      act as keys in any handler: the text, tags, find, the title, library search, shortcuts.
//   4. A remote update during a composition does not re-render the element being composed in.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { $, CLI, composeKey, findBarCount, startWithDocument, Keys, ROOT, closeApp, editsSaved, exportedDocument, openFromLibrary, turnTexts, caretInTurn } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
const SHIFT = "\uE008";
const DELETE = "\uE017";
const run = promisify(execFile);

// 社区 occurs 7 times: in the title and in six turns of four speakers.
// A blank line keeps 王立新's two turns apart (consecutive lines of one speaker are one turn).
const TEXT = `社区图书馆圆桌

主持人:第一个问题,社区图书馆和大型图书馆最大的不同在哪里?
王立新:最大的不同是距离。居民下楼五分钟就到社区图书馆。

王立新:夜间开放很受欢迎,晚上的到馆人数占了全天的四成。
刘珊珊:我更看重的是人。社区读书会把邻居连在一起,工会和学校都愿意参与。
主持人:最后,社区图书馆的未来在哪里?
赵一鸣:要把它当作公共服务设施来规划。步行十五分钟的社区生活圈里应当有一处阅读空间。
刘珊珊:让阅读成为社区邻里之间的共同语言。
`;

let tmp;
let library;
let id;
let driver;
let session;

const stored = () => exportedDocument(library, id);
const saved = () => editsSaved(session);

const turns = () => turnTexts(session);

const caretIn = (needle, offset) => caretInTurn(session, needle, offset);

const findCount = () => findBarCount(session);

/** What has the focus: its data-testid (or tag name). */
function focused() {
  return session.executeScript("const a = document.activeElement; return a ? (a.dataset.testid || a.tagName) : null;");
}

const compose = (el, key, order, data) => composeKey(session, el, key, order, data);

const ORDERS = ["chrome", "firefox", "webkit", "webkit-late"];
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  ({ tmp, library, id, driver, session } = await startWithDocument("safe.txt", TEXT));
  await openFromLibrary(session, id);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "safe-editing.png") }));

test("issue 12.1: Enter and Shift+Enter in the find bar step through the matches from the first and never edit the text", async () => {
  const before = await turns();
  await caretIn("最大的不同是距离", 0);
  await session.pressKeys([Keys.CONTROL, "f"]);
  const input = await session.waitFor($("find-input"));
  await session.waitUntil(async () => (await focused()) === "find-input", { what: "the focus in the find box" });
  await input.sendKeys("社区");
  await session.waitUntil(async () => (await findCount())[1] === 7, { what: "7 matches" });
  const current = () => session.executeScript("const c = document.querySelector('[data-testid=\"find-count\"]'); return c.dataset.current;");

  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await findCount())[0] === 1, { what: "match 1 after the first Enter" });
  assert.equal(await focused(), "find-input");
  await session.pressKeys([Keys.ENTER]);
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await findCount())[0] === 3, { what: "match 3 after the third Enter" });
  assert.equal(await focused(), "find-input");
  assert.equal(await current(), "3");
  await session.pressKeys([SHIFT, Keys.ENTER]);
  await session.waitUntil(async () => (await findCount())[0] === 2, { what: "match 2 after Shift+Enter" });
  assert.equal(await focused(), "find-input");

  // The replace box: typing and Enter there stay there too.
  const replace = await session.find($("replace-input"));
  await replace.click();
  await replace.sendKeys("街区");
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await findCount())[0] === 3, { what: "match 3 after Enter in the replace box" });
  assert.equal(await focused(), "replace-input");
  await pause(600);
  assert.deepEqual(await turns(), before, "nothing typed in find or replace reaches the text");
  await saved();
  assert.equal((await stored()).blocks.filter((b) => b.type === "turn").map((b) => b.paragraphs.length).join(","), "1,1,1,1,1,1,1");

  // Replace replaces the match shown (3: 王立新's), nothing else.
  await (await session.find($("replace-one"))).click();
  await session.waitUntil(async () => (await findCount())[1] === 6, { what: "one replaced" });
  await saved();
  const text = (await stored()).blocks.filter((b) => b.type === "turn").map((b) => b.paragraphs.join("")).join("\n");
  assert.equal(text.split("社区").length - 1, 5, text);
  assert.ok(text.includes("居民下楼五分钟就到街区图书馆"), text);
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await session.findAll($("find-bar"))).length === 0, { what: "the find bar closed" });
});

test("issue 12.2: Backspace at a turn's start never moves text to another speaker; Ctrl+Backspace deletes a word", async () => {
  const before = await turns();
  // 刘珊珊's turn follows 王立新's: Backspace at its start does nothing.
  await caretIn("我更看重的是人", 0);
  await session.pressKeys([Keys.BACKSPACE]);
  await pause(500);
  assert.deepEqual(await turns(), before, "Backspace at the start of a turn after another speaker's");

  // 王立新's second turn follows his first: Backspace joins them.
  await caretIn("夜间开放很受欢迎", 0);
  await session.pressKeys([Keys.BACKSPACE]);
  await session.waitUntil(async () => (await turns()).length === before.length - 1, { what: "the same speaker's turns joined" });
  const joined = await turns();
  assert.ok(joined.includes("王立新: 最大的不同是距离。居民下楼五分钟就到街区图书馆。 / 夜间开放很受欢迎,晚上的到馆人数占了全天的四成。"), joined.join("\n"));

  // Ctrl+Backspace in the middle of 赵一鸣's answer (after the moderator's question): a word goes,
  // the turn stays his.
  const el = await caretIn("要把它当作公共服务设施来规划", "要把它当作公共服务设施".length);
  const whole = await el.text();
  await session.pressKeys([Keys.CONTROL, Keys.BACKSPACE]);
  await session.waitUntil(async () => (await el.text()).length < whole.length && !(await el.text()).startsWith("要把它当作公共服务设施来"), { what: "a word deleted" });
  let all = await turns();
  assert.equal(all.length, joined.length, all.join("\n"));
  assert.ok(all.some((t) => t.startsWith("赵一鸣: ") && t.endsWith("来规划。步行十五分钟的社区生活圈里应当有一处阅读空间。")), all.join("\n"));
  assert.ok(all.some((t) => t === "主持人: 最后,社区图书馆的未来在哪里?"), all.join("\n"));
  // Ctrl+Delete deletes the word after the caret, also without touching the next turn.
  const afterBack = await el.text();
  await session.pressKeys([Keys.CONTROL, DELETE]);
  await session.waitUntil(async () => (await el.text()).length < afterBack.length, { what: "a word deleted forward" });
  all = await turns();
  assert.equal(all.length, joined.length, all.join("\n"));
  assert.ok(all.some((t) => t === "刘珊珊: 让阅读成为社区邻里之间的共同语言。"), all.join("\n"));

  // The toolbar's merge across speakers asks first, naming whose words move to whom.
  await caretIn("让阅读成为社区邻里", 0);
  const count = all.length;
  await (await session.find($("tool-merge"))).click();
  const dialog = await session.waitFor($("merge-confirm"));
  const said = await dialog.text();
  await session.screenshot(join(OUT, "merge-confirm.png"));
  assert.ok(said.includes("刘珊珊") && said.includes("赵一鸣"), said);
  await (await session.find($("merge-confirm-cancel"))).click();
  await session.waitUntil(async () => (await session.findAll($("merge-confirm"))).length === 0, { what: "the question closed" });
  assert.equal((await turns()).length, count);
  await caretIn("让阅读成为社区邻里", 0);
  await (await session.find($("tool-merge"))).click();
  await (await session.waitFor($("merge-confirm-ok"))).click();
  await session.waitUntil(async () => (await turns()).length === count - 1, { what: "the merge, once confirmed" });
  assert.ok((await turns()).at(-1).startsWith("赵一鸣: "));
  assert.ok((await turns()).at(-1).endsWith(" / 让阅读成为社区邻里之间的共同语言。"));
  await saved();
});

test("issue 12.3: input-method keys in either order never act in the editor's text (Enter, Backspace)", async () => {
  // Editor text: an IME's Enter never splits the paragraph.
  for (const order of ORDERS) {
    const el = await caretIn("我更看重的是人", 3);
    const before = await turns();
    await compose(el, "Enter", order);
    await compose(el, "Backspace", order);
    await pause(300);
    assert.deepEqual(await turns(), before, `an IME's Enter/Backspace in the text (${order} order)`);
  }
  // A real Enter still splits (the guard only stops the IME's keys).
  await caretIn("我更看重的是人", 3);
  await pause(100);
  const n = (await turns()).join("|").split(" / ").length;
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await turns()).join("|").split(" / ").length === n + 1, { what: "a real Enter splitting" });
  await session.pressKeys([Keys.BACKSPACE]);
  await session.waitUntil(async () => (await turns()).join("|").split(" / ").length === n, { what: "a real Backspace joining" });
});

test("issue 12.3: input-method keys in either order never commit or close the tag box", async () => {
  // Tags: the IME's Enter neither commits the raw pinyin nor closes the box.
  const para = await caretIn("邻居连在一起", 0);
  const block = await session.executeScript("return arguments[0].closest('[data-testid=\"block\"]');", [para]).then((r) => session.toElement(r));
  await (await block.find($("turn-tag"))).click();
  const tags = await session.waitFor($("turn-topics-input"));
  for (const order of ORDERS) {
    await session.executeScript("arguments[0].value = 'gong'; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", [tags]);
    await compose(tags, "Enter", order);
    await pause(150);
    assert.equal((await session.findAll($("turn-topics-input"))).length, 1, `the tag box still open (${order} order)`);
    assert.deepEqual(await session.texts(`${$("turn-topics")} li`), [], `no tag committed (${order} order)`);
  }
  await session.executeScript("arguments[0].value = '工会'; arguments[0].dispatchEvent(new Event('input', { bubbles: true }));", [tags]);
  await tags.sendKeys(Keys.ENTER);
  await session.waitUntil(async () => (await session.texts(`${$("turn-topics")} li`)).includes("工会"), { what: "a real Enter committing the tag" });
});

test("issue 12.3: input-method keys in either order never step or close find", async () => {
  // Find: the IME's Enter does not move to another match, its Escape does not close the bar.
  await session.pressKeys([Keys.CONTROL, "f"]);
  const find = await session.waitFor($("find-input"));
  await find.sendKeys("社区");
  await session.pressKeys([Keys.ENTER]);
  const shown = await session.waitUntil(async () => (await findCount())[0] || null, { what: "a match shown" });
  for (const order of ORDERS) {
    await compose(find, "Enter", order);
    await compose(find, "Escape", order);
    await pause(100);
    assert.equal((await session.findAll($("find-bar"))).length, 1, `the IME's Escape in find (${order} order)`);
    assert.equal((await findCount())[0], shown, `the IME's Enter in find (${order} order)`);
  }
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await session.findAll($("find-bar"))).length === 0, { what: "a real Escape closing find" });
});

test("issue 12.3: input-method keys in either order are not swallowed by the title", async () => {
  // The title: the IME's Enter is the IME's, not swallowed by the field.
  const title = await session.find($("meta-title"));
  for (const order of ORDERS) assert.equal(await compose(title, "Enter", order), false, `the title's handler left the IME's Enter alone (${order} order)`);
});

test("issue 12.3: input-method keys in either order never act in library search", async () => {
  // Library search: the IME's Escape keeps the query, its Enter is not taken.
  await saved();
  await (await session.find($("editor-back"))).click();
  const search = await session.waitFor($("search-input"));
  await search.sendKeys("社区");
  for (const order of ORDERS) {
    assert.equal(await compose(search, "Enter", order), false, `search left the IME's Enter alone (${order} order)`);
    await compose(search, "Escape", order);
    await pause(100);
    assert.equal(await search.property("value"), "社区", `the IME's Escape kept the query (${order} order)`);
  }
  // A real Escape clears the query.
  await search.click();
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await search.property("value")) === "", { what: "a real Escape clearing the search" });
  await openFromLibrary(session, id);
});

/** Back in the editor (a failed check may have left the library, or its search, on screen). */
async function inEditor() {
  if ((await session.findAll(`${$("editor-page")}[data-ready="true"]`)).length > 0) return;
  const found = await session.findAll(`${$("search-result")}[data-id="${id}"] .open`);
  if (found.length > 0) {
    await found[0].click();
    await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 30_000);
  } else await openFromLibrary(session, id);
}

test("issue 12.3: input-method keys in either order are never app shortcuts", async () => {
  await inEditor();
  // App shortcuts: the IME's F1 (in WebKit's order) opens no shortcut sheet.
  for (const order of ORDERS) {
    await compose(await session.find($("meta-title")), "F1", order);
    await pause(100);
    assert.equal((await session.findAll($("shortcut-sheet"))).length, 0, `no shortcut sheet (${order} order)`);
  }
});

test("issue 12.4: a remote update during a composition does not re-render the paragraph being composed in", async () => {
  await inEditor();
  const needle = "步行十五分钟";
  const el = await caretIn(needle, 0);
  // A composition starts in the paragraph; the IME has put its text there.
  await session.executeScript(
    `const el = arguments[0]; el.focus();
     el.dispatchEvent(new CompositionEvent("compositionstart", { bubbles: true, data: "" }));
     document.execCommand("insertText", false, "gong");
     el.firstChild.__probe = true;`,
    [el],
  );
  await saved();
  // A teammate's edit of the same paragraph arrives (stored, then announced as a sync does).
  const d = await stored();
  const turn = d.blocks.find((b) => b.type === "turn" && b.paragraphs[0].includes(needle));
  assert.ok(turn, needle);
  turn.paragraphs[0] = turn.paragraphs[0].replace("步行十五分钟", "步行一刻钟");
  const file = join(tmp, "remote.json");
  await writeFile(file, JSON.stringify(d));
  await run(CLI, ["--library", library, "apply", id, file]);
  await session.executeScript("window.dispatchEvent(new Event('roundtable:remote-change'));");
  await pause(1500);
  const probe = await session.executeScript("const t = arguments[0].firstChild; return !!(t && t.__probe) && document.activeElement === arguments[0];", [el]);
  assert.equal(probe, true, "the paragraph's text node survived the update untouched");
  assert.ok((await el.text()).startsWith("gong") || (await el.text()).includes("gong"), await el.text());
  // Once the composition ends, the update shows.
  await session.executeScript("arguments[0].dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: 'gong' }));", [el]);
  await session.waitUntil(async () => (await el.text()).includes("步行一刻钟"), { what: "the remote edit after the composition" });
  assert.ok((await el.text()).includes("gong"));
});

test("issues 12.3 and 12.4: a real composition (GTK's built-in input method, Ctrl+Shift+U) survives a remote update and its Enter splits nothing", async () => {
  await inEditor();
  const el = await caretIn("第一个问题", 0);
  const paragraphs = (await session.findAll($("turn-text"))).length;
  await session.executeScript(
    `const el = arguments[0]; window.__ime = [];
     for (const t of ["compositionstart", "compositionend"]) el.addEventListener(t, (e) => window.__ime.push(t + ":" + e.data));
     el.addEventListener("keydown", (e) => window.__ime.push("keydown:" + e.key + ":" + e.isComposing + ":" + e.keyCode));`,
    [el],
  );
  // Ctrl+Shift+U starts a Unicode entry: u5de… is the composition, Enter confirms 工 (U+5DE5).
  await session.pressKeys([Keys.CONTROL, SHIFT, "u"]);
  for (const k of ["5", "d", "e"]) await session.pressKeys([k]);
  await session.waitUntil(async () => (await el.text()).includes("u5de"), { what: "the composition in the text" });
  await session.executeScript("arguments[0].firstChild.__probe = true;", [el]);
  await saved();
  // A teammate's edit of the same paragraph arrives mid-composition.
  const d = await stored();
  const turn = d.blocks.find((b) => b.type === "turn" && b.paragraphs.some((p) => p.includes("第一个问题")));
  turn.paragraphs = turn.paragraphs.map((p) => p.replace("大型图书馆", "大图书馆"));
  const file = join(tmp, "remote2.json");
  await writeFile(file, JSON.stringify(d));
  await run(CLI, ["--library", library, "apply", id, file]);
  await session.executeScript("window.dispatchEvent(new Event('roundtable:remote-change'));");
  await pause(1500);
  assert.equal(await session.executeScript("return !!(arguments[0].firstChild && arguments[0].firstChild.__probe);", [el]), true, "the paragraph was not redrawn mid-composition");
  await session.pressKeys(["5"]);
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await el.text()).startsWith("工第一个问题"), { what: "工 committed" });
  const log = await session.executeScript("return window.__ime;");
  assert.ok(log.includes("compositionend:工"), log.join(", "));
  // The remote edit shows once the composition is over; the Enter split nothing.
  await session.waitUntil(async () => (await el.text()).includes("大图书馆"), { what: "the remote edit after the composition" });
  assert.equal((await el.text()).includes("u5de"), false);
  assert.equal((await session.findAll($("turn-text"))).length, paragraphs);
  console.log(`GTK input method events: ${log.join(", ")}`);
  await saved();
});
