// The Library screen of the real app on a library larger than one page: rows come a page at a
// time as the list scrolls, and sort and topic filter still cover every document (the core
// filters and orders in SQL). Also: importing a large file reports its progress from the shell.
// Run with tests/e2e/run.sh after `cargo build -p roundtable-cli -p roundtable-desktop`.

import assert from "node:assert/strict";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { APP, ROOT, Session, importFixtures, appEnv, closeApp, startTauriDriver, $ } from "./webdriver.mjs";

const DOCS = 150;
// One page of the list (LibraryView's PAGE).
const PAGE = 60;
const SCREENSHOT = join(ROOT, "tests", "e2e", ".out", "library-pages.png");

let tmp;
let driver;
let session;
/** Ids of the documents tagged "rare", imported first: the last of the default order. */
let rare;

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-"));
  const library = join(tmp, "library.sqlite");
  const files = join(tmp, "docs");
  await mkdir(files);
  const paths = [];
  for (let i = 0; i < DOCS; i++) {
    const path = join(files, `d${String(i).padStart(3, "0")}.txt`);
    // The first three are tagged "rare" and titled to come first by title ("Aardvark …").
    const title = i < 3 ? `Aardvark ${i}` : `Meeting ${i}`;
    const tags = i < 3 ? "rare, common" : "common";
    await writeFile(path, `${title}\n\nTags: ${tags}\n\nAlice: Hello ${i}.\nBob: 你好,第${i}号。\n`);
    paths.push(path);
  }
  const ids = [];
  // One document per CLI call for the first three, so they are the oldest for sure.
  for (const p of paths.slice(0, 3)) ids.push(...(await importFixtures(library, [p])));
  ids.push(...(await importFixtures(library, paths.slice(3))));
  assert.equal(ids.length, DOCS);
  rare = ids.slice(0, 3);

  driver = await startTauriDriver({ env: await appEnv(tmp, library) });
  session = await Session.start(driver.url, { application: APP });
});

after(() => closeApp({ session, driver, tmp, screenshot: SCREENSHOT }));

const shownIds = () =>
  session.executeScript("return Array.from(document.querySelectorAll('[data-testid=\"library-item\"]'), (e) => e.dataset.id);");

/** Sets a <select> by test id to `value` the way a person would: the change event fires. */
async function choose(testid, value) {
  await session.executeScript(
    "const s = document.querySelector(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));",
    [$(testid), value],
  );
}

test("the first page comes at once and the rest as the list scrolls", async () => {
  await session.waitUntil(async () => (await shownIds()).length === PAGE, { what: "one page of rows", timeoutMs: 30_000 });
  const summary = await (await session.find($("summary"))).text();
  assert.match(summary, new RegExp(String(DOCS)), "the count is of the whole library");
  // The oldest documents are not read yet.
  assert.ok(!(await shownIds()).includes(rare[0]));

  for (let i = 0; i < 10 && (await shownIds()).length < DOCS; i++) {
    await session.executeScript("document.querySelector('[data-testid=\"library-item\"]:last-of-type').scrollIntoView({ block: 'end' });");
    await new Promise((r) => setTimeout(r, 300));
  }
  const all = await shownIds();
  assert.equal(all.length, DOCS, "every document after scrolling");
  assert.equal(new Set(all).size, DOCS, "no row twice");
  assert.deepEqual(all.slice(-3), [...rare].reverse(), "the oldest last");
});

test("sorting by title orders every document, not only the rows read", async () => {
  await choose("sort-select", "title");
  await session.waitUntil(async () => (await shownIds())[0] === rare[0], { what: "Aardvark 0 first" });
  assert.deepEqual((await shownIds()).slice(0, 3), rare);
  const titles = await session.texts($("library-item-title"));
  assert.equal(titles.length, PAGE, "a fresh view starts again with one page");
  // Numbers by value: Meeting 3, 4, … 9, 10.
  assert.deepEqual(titles.slice(3, 5), ["Meeting 3", "Meeting 4"]);
  await choose("sort-select", "updated");
  await session.waitUntil(async () => (await shownIds())[0] !== rare[0], { what: "the last edited first again" });
});

test("a topic filter finds documents no page had shown yet", async () => {
  await choose("topic-select", "rare");
  await session.waitUntil(async () => (await shownIds()).length === 3, { what: "the three rare documents" });
  assert.deepEqual(new Set(await shownIds()), new Set(rare));
  await choose("topic-select", "");
  await session.waitUntil(async () => (await shownIds()).length === PAGE, { what: "the whole library again" });
});

test("reading a large file reports its progress from the shell, stage by stage", async () => {
  // 6 MB of transcript: read in 256 KB chunks, so the reading stage reports many times.
  const turn = (i) => `${i % 2 ? "Alice" : "Bob"}: Turn ${i} of a long recording, long enough to fill a line.`;
  const body = Array.from({ length: 80_000 }, (_, i) => turn(i)).join("\n");
  const path = join(tmp, "large.txt");
  await writeFile(path, `Large import\n\n${body}\n`);
  const result = await session.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const seen = [];
     const internals = window.__TAURI_INTERNALS__;
     // What @tauri-apps/api's Channel does: a callback id the shell sends {index, message} to.
     const id = internals.transformCallback((raw) => { if ("message" in raw) seen.push(raw.message); });
     internals.invoke("preview_import_file", { path: arguments[0], progress: "__CHANNEL__:" + id })
       .then((r) => done({ seen, blocks: r.document.blocks.length }), (e) => done({ seen, error: String(e.message ?? e) }));`,
    [path],
  );
  assert.equal(result.error, undefined, result.error);
  assert.equal(result.blocks, 80_000);
  const reading = result.seen.filter((p) => p.stage === "reading");
  assert.ok(reading.length >= 10, `reading reported ${reading.length} times`);
  assert.equal(reading[0].done, 0);
  assert.equal(reading.at(-1).done, reading.at(-1).total);
  assert.ok(reading.every((p, i) => i === 0 || p.done > reading[i - 1].done), "bytes read only grow");
  const stages = [...new Set(result.seen.map((p) => p.stage))];
  assert.deepEqual(stages, ["reading", "parsing"], "a text file has no pictures to store");
  const parsing = result.seen.filter((p) => p.stage === "parsing").map((p) => p.done);
  assert.deepEqual(parsing, [0, reading.at(-1).total], "parsing: started, then done; nothing made up between");
});
