// The Library screen of the real app: the built binary in a WebKitGTK window, driven through
// tauri-driver, on a library of its own made from the fixtures with the CLI.
// Run with tests/e2e/run.sh (it provides the X display), after
// `cargo build -p roundtable-cli -p roundtable-desktop`.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { APP, CLI, Keys, ROOT, Session, importFixtures, appEnv, closeApp, startTauriDriver, $, listedDocuments } from "./webdriver.mjs";

// The sample roundtables the app offers on a first run (src-tauri/app/samples).
const FIXTURES = join(ROOT, "src-tauri", "app", "samples");
const ZH_FIXTURE = join(FIXTURES, "zh_rooftop_roundtable.txt");
const EN_FIXTURE = join(FIXTURES, "en_water_panel.txt");
const SCREENSHOT = join(ROOT, "tests", "e2e", ".out", "library.png");


let tmp;
let library;
let driver;
let session;
let zhId;
let enId;

before(async () => {
  for (const binary of [APP, CLI]) {
    assert.ok(existsSync(binary), `${binary} is missing: run cargo build -p roundtable-cli -p roundtable-desktop`);
  }
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-"));
  library = join(tmp, "library.sqlite");
  [zhId, enId] = await importFixtures(library, [ZH_FIXTURE, EN_FIXTURE]);
  assert.ok(zhId && enId, "the CLI printed one id per imported file");

  driver = await startTauriDriver({ env: await appEnv(tmp, library) });
  session = await Session.start(driver.url, { application: APP });
});

after(() => closeApp({ session, driver, tmp, screenshot: SCREENSHOT }));

/** The ids of the rows currently shown, in order. */
function shownIds(session, testid) {
  return session.executeScript(
    "return Array.from(document.querySelectorAll(arguments[0]), (e) => e.getAttribute('data-id'));",
    [$(testid)],
  );
}

/** Empties the search box (Escape) unless it is empty already. */
async function resetSearch() {
  const input = await session.find($("search-input"));
  if ((await input.property("value")) !== "") await clearSearch();
  return input;
}

/** Types `text` into the empty search box and waits until the results are exactly `ids`. */
async function searchFor(text, ids) {
  const input = await resetSearch();
  await input.click();
  await input.sendKeys(text);
  const want = JSON.stringify(ids);
  await session.waitUntil(async (s) => JSON.stringify(await shownIds(s, "search-result")) === want, {
    what: `search results ${want} for “${text}”`,
  });
  // Nothing else turns up late (the search is debounced).
  await new Promise((r) => setTimeout(r, 600));
  assert.deepEqual(await shownIds(session, "search-result"), ids);
  assert.equal((await session.findAll($("library-list"))).length, 0, "the library list gives way to the results");
}

/** Clears the box with Escape and waits for the whole library to come back. */
async function clearSearch() {
  const input = await session.find($("search-input"));
  await input.sendKeys(Keys.ESCAPE);
  await session.waitUntil(async (s) => (await shownIds(s, "library-item")).length === 2, { what: "the whole library" });
  assert.equal(await input.property("value"), "");
}

test("the window lists both imported documents with their titles", async () => {
  const list = await session.waitFor($("library-list"), 30_000);
  const rows = await session.waitUntil(async () => {
    const items = await list.findAll($("library-item"));
    return items.length === 2 && items;
  }, { what: "two library items" });

  const byId = new Map();
  for (const row of rows) {
    byId.set(await row.attribute("data-id"), {
      title: await (await row.find($("library-item-title"))).text(),
      text: await row.text(),
    });
  }
  assert.deepEqual([...byId.keys()].sort(), [zhId, enId].sort());
  assert.match(byId.get(zhId).title, /屋顶菜园能否成为社区的新客厅/);
  assert.match(byId.get(enId).title, /Who pays for the water\?/);
  // The column is a label of its own, not part of the title; participants are listed.
  assert.doesNotMatch(byId.get(zhId).title, /城市圆桌/);
  assert.match(byId.get(zhId).text, /城市圆桌/);
  assert.match(byId.get(zhId).text, /周建国/);
  assert.match(byId.get(enId).text, /Marcus Lindqvist/);
  assert.equal((await session.findAll($("error-banner"))).length, 0, "no error is shown");
  assert.equal((await session.findAll($("empty-state"))).length, 0);

  // Each row says what the core's list says: column, every participant in order, topics, words.
  const shown = await session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="library-item"]'), (r) => {
    const text = (id) => r.querySelector('[data-testid="' + id + '"]')?.textContent.trim() ?? null;
    return { id: r.dataset.id, column: text("library-item-column"), people: text("library-item-participants"),
      topics: Array.from(r.querySelectorAll('[data-testid="library-item-topics"] li'), (li) => li.textContent.trim()),
      words: Number((text("library-item-words") ?? "").replace(/[^0-9]/g, "")) };
  });`);
  for (const doc of await listedDocuments(library)) {
    const row = shown.find((r) => r.id === doc.id);
    assert.ok(row, `a row for ${doc.title}`);
    assert.equal(row.column, doc.column);
    assert.deepEqual(row.topics, doc.topics);
    assert.equal(row.words, doc.word_count);
    let at = -1;
    for (const name of doc.participants) {
      const next = row.people.indexOf(name, at + 1);
      assert.ok(next > at, `${name} in order in “${row.people}”`);
      at = next;
    }
  }
});

test("the editor's rehearsal after launch leaves nothing behind", async () => {
  // App.svelte draws the editor once off-screen on an in-memory document while the library idles.
  const took = await session.waitUntil(() => session.executeScript("return window.__rtPerf.rehearsal;"), { what: "the rehearsal", timeoutMs: 20_000 });
  assert.ok(took > 0);
  assert.deepEqual(
    await session.executeScript(
      "return [document.querySelectorAll('.rehearsal, [data-testid=\"editor\"], [data-testid=\"block\"]').length, document.activeElement === document.body || document.activeElement?.dataset.testid === 'search-input'];",
    ),
    [0, true],
    "no editor left in the page, and the focus where it was",
  );
  assert.deepEqual((await shownIds(session, "library-item")).sort(), [zhId, enId].sort(), "the list shows only the stored documents");
  // The library file has only the two imported documents: the rehearsal stored nothing.
  assert.deepEqual((await listedDocuments(library)).map((d) => d.id).sort(), [zhId, enId].sort());
});

test("a two-character Chinese word finds only the Chinese document", async () => {
  await searchFor("堆肥", [zhId]);
  const marks = await session.texts(`${$("search-result")} mark`);
  assert.ok(marks.length > 0 && marks.every((m) => m === "堆肥"), `marked: ${JSON.stringify(marks)}`);
  await clearSearch();
});

test("an English word finds only the English document", async () => {
  await searchFor("aquifer", [enId]);
  const title = await (await session.find($("search-result-title"))).text();
  assert.match(title, /Who pays for the water\?/);
  await clearSearch();
});

test("a word in neither document finds nothing and says so", async () => {
  const input = await resetSearch();
  await input.sendKeys("zeppelin");
  await session.waitFor($("no-results"));
  assert.deepEqual(await shownIds(session, "search-result"), []);
  await clearSearch();
});

test("/ moves the focus to the search box", async () => {
  await (await session.find("h1")).click();
  await session.executeScript("document.activeElement && document.activeElement.blur();");
  await session.pressKeys(["/"]);
  await session.waitUntil(
    async (s) => (await s.executeScript("return document.activeElement && document.activeElement.dataset.testid;")) === "search-input",
    { what: "focus on the search box" },
  );
});

test("the language switch changes the interface text and back", async () => {
  const read = () =>
    session.executeScript(`return {
      name: document.querySelector('[data-testid="app-name"]').textContent.trim(),
      placeholder: document.querySelector('[data-testid="search-input"]').placeholder,
      lang: document.documentElement.lang,
    };`);
  const before = await read();
  assert.ok(["Roundtable", "圆桌"].includes(before.name), `app name: ${before.name}`);
  const expected = before.name === "Roundtable" ? { name: "圆桌", lang: "zh-CN" } : { name: "Roundtable", lang: "en" };

  await (await session.find($("lang-switch"))).click();
  const switched = await session.waitUntil(async () => {
    const now = await read();
    return now.name === expected.name && now;
  }, { what: `the interface in ${expected.lang}` });
  assert.equal(switched.lang, expected.lang);
  assert.notEqual(switched.placeholder, before.placeholder);
  // The documents stay; only the words around them change.
  assert.equal((await shownIds(session, "library-item")).length, 2);
  if (expected.lang === "zh-CN") assert.match(await session.find($("summary")).then((e) => e.text()), /篇文稿/);

  await (await session.find($("lang-switch"))).click();
  await session.waitUntil(async () => (await read()).name === before.name, { what: "the first language again" });
});

test("a screenshot of the library is saved", async () => {
  await session.screenshot(SCREENSHOT);
  assert.ok(existsSync(SCREENSHOT));
});

test("opening a document while the editor rehearses cuts the rehearsal short and leaves nothing behind", async () => {
  // A new window each try: the page clicks the first document the moment the rehearsal appears.
  // The rehearsal starts 0.1 s after the list is painted; a try that came too late is retried.
  let outcome = "late";
  for (let i = 0; i < 3 && outcome === "late"; i++) {
    await session.end();
    session = await Session.start(driver.url, { application: APP });
    outcome = await session.executeAsyncScript(`const done = arguments[arguments.length - 1];
      if (window.__rtPerf?.rehearsal !== undefined || document.querySelector('.rehearsal')) return done("late");
      new MutationObserver((_, obs) => {
        const open = document.querySelector('[data-testid="library-item-open"]');
        if (!document.querySelector('.rehearsal') || !open) return;
        obs.disconnect();
        open.click();
        done(open.closest('[data-testid="library-item"]').dataset.id);
      }).observe(document.body, { childList: true, subtree: true });`);
  }
  assert.notEqual(outcome, "late", "the page was ready for the rehearsal in one of three tries");
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  assert.equal(await session.executeScript("return document.querySelector('[data-testid=\"editor\"]').dataset.docId;"), outcome);
  // A click with no press before it (the keyboard, or a script) reads the document at the click.
  assert.equal(await session.executeScript("return window.__rtPerf.readAtPress;"), false);
  const left = () =>
    session.executeScript("return [document.querySelectorAll('.rehearsal').length, document.querySelectorAll('[data-testid=\"editor\"]').length, window.__rtPerf.rehearsal ?? null];");
  await new Promise((r) => setTimeout(r, 800));
  assert.deepEqual(await left(), [0, 1, null], "one editor, the real one; the cut rehearsal reported nothing");
  // Back in the library it does not start again.
  await (await session.find($("editor-back"))).click();
  await session.waitFor($("library-item"));
  await new Promise((r) => setTimeout(r, 800));
  assert.deepEqual(await left(), [0, 0, null]);
});
