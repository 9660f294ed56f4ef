// Sync in the real window: the app's library is linked to a shared folder; a teammate's
// library (driven with the CLI) edits and syncs into the same folder. The open editor shows
// the remote edit by itself, the status line names the peer, and a concurrent edit of the
// same field shows as a conflict that one click resolves.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { APP, CLI, ROOT, Session, appEnv, closeApp, startTauriDriver, $ } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
const FIXTURE = join(ROOT, "src-tauri", "core", "tests", "fixtures", "zh_wechat_roundtable.txt");
const run = promisify(execFile);

let tmp;
let folder;
let mine;
let theirs;
let id;
let driver;
let session;

const cli = async (library, ...args) => (await run(CLI, ["--library", library, ...args], { encoding: "utf8" })).stdout;

/** Edits the document in `library` with `f` through `roundtable apply`. */
async function apply(library, name, f) {
  const doc = JSON.parse(await cli(library, "export", id, "-f", "json"));
  f(doc);
  const file = join(tmp, name);
  await writeFile(file, JSON.stringify(doc));
  await cli(library, "apply", id, file);
}

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-sync-"));
  folder = join(tmp, "shared");
  mine = join(tmp, "mine.sqlite");
  theirs = join(tmp, "theirs.sqlite");
  await mkdir(folder);
  id = (await cli(mine, "import", FIXTURE)).trim();
  await cli(mine, "sync", "--folder", folder);
  await cli(theirs, "sync", "--folder", folder);
  driver = await startTauriDriver({ env: await appEnv(tmp, mine) });
  session = await Session.start(driver.url, { application: APP });
  await session.waitFor($("app-name"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "sync.png") }));

test("a teammate's edit shows in the open editor by itself", async () => {
  const open = await session.waitFor(`[data-testid="library-item"][data-id="${id}"] ${$("library-item-open")}`);
  await open.click();
  await session.waitFor(`[data-testid="editor"][data-doc-id="${id}"] ${$("block")}`);
  await apply(theirs, "theirs.json", (doc) => {
    doc.blocks.find((b) => b.type === "turn").paragraphs[0] = "同事在另一台电脑上改的话";
  });
  await cli(theirs, "sync");
  const landed = Date.now();
  await session.waitUntil(
    async (s) => (await s.texts($("turn-text"))).some((t) => t.includes("同事在另一台电脑上改的话")),
    { timeoutMs: 15_000, what: "the remote edit in the window" },
  );
  const latency = Date.now() - landed;
  console.log(`remote edit visible ${latency} ms after its segment landed`);
  await writeFile(join(OUT, "sync-latency.txt"), `${latency} ms\n`).catch(() => {});
  const status = await session.waitUntil(async (s) => {
    const [text] = await s.texts($("sync-status"));
    return text?.includes("1") ? text : null;
  }, { what: "a sync status naming one peer" });
  assert.match(status, /1 (peer|位同事)/);
});

/** Each conflicting value as it reads after its edit: the diff without what it deleted. */
function valuesShown() {
  return session.executeScript(
    `return Array.from(document.querySelectorAll('[data-testid="conflict"] .value'), (e) => {
       const c = e.cloneNode(true);
       c.querySelectorAll("del").forEach((d) => d.remove());
       return c.textContent.trim();
     });`,
  );
}

test("a concurrent edit of the same field is a conflict resolved with one click", async () => {
  await apply(theirs, "t2.json", (doc) => (doc.title = "同事的标题"));
  await apply(mine, "m2.json", (doc) => (doc.title = "我的标题"));
  await cli(theirs, "sync");
  const conflict = await session.waitFor(`${$("conflict")}[data-field="title"]`, 15_000);
  const values = await valuesShown();
  assert.deepEqual([...values].sort(), ["同事的标题", "我的标题"].sort());
  const keep = await conflict.findAll($("keep"));
  const index = values.indexOf("我的标题");
  await keep[index].click();
  await session.waitUntil(async (s) => (await s.findAll($("conflict"))).length === 0, { what: "the conflict to go" });
  const listed = JSON.parse(await cli(mine, "conflicts", "--json"));
  assert.deepEqual(listed, []);
  const doc = JSON.parse(await cli(mine, "export", id, "-f", "json"));
  assert.equal(doc.title, "我的标题");
});

test("overlapping edits of one turn show both versions as a diff, mine and theirs, and the turn is marked", async () => {
  const turnOf = (doc) => doc.blocks.find((b) => b.type === "turn");
  const original = turnOf(JSON.parse(await cli(mine, "export", id, "-f", "json"))).paragraphs[0];
  // Both rewrite the start of the same paragraph: the edits overlap, so the merge cannot
  // take both; a non-overlapping pair merges without a conflict (core tests/sync.rs).
  await apply(theirs, "t3.json", (doc) => (turnOf(doc).paragraphs[0] = "乙方改写：" + original.slice(4)));
  await apply(mine, "m3.json", (doc) => (turnOf(doc).paragraphs[0] = "甲方改写：" + original.slice(4)));
  await cli(theirs, "sync");
  const conflict = await session.waitFor(`${$("conflict")}[data-field*="paragraphs"]`, 15_000);
  const rows = await conflict.findAll($("conflict-value"));
  assert.equal(rows.length, 2);
  const mineFlags = await Promise.all(rows.map((r) => r.attribute("data-mine")));
  assert.deepEqual([...mineFlags].sort(), ["false", "true"]);
  // Each side's diff marks what it wrote over the common version as inserted.
  const inserted = (await session.texts(`${$("conflict")} ${$("conflict-diff")} ins`)).join("|");
  assert.match(inserted, /甲方改写/, `mine marked as inserted: ${inserted}`);
  assert.match(inserted, /乙方改写/, `theirs marked as inserted: ${inserted}`);
  const marked = await session.findAll(`${$("block")}[data-conflict="true"]`);
  assert.equal(marked.length, 1, "the turn with the conflict is marked");
  await session.screenshot(join(OUT, "conflict-diff.png")).catch(() => {});
  const mineRow = rows[mineFlags.indexOf("true")];
  assert.match(await (await mineRow.find($("keep"))).text(), /Keep mine|保留我的/);
  await (await mineRow.find($("keep"))).click();
  await session.waitUntil(async (s) => (await s.findAll($("conflict"))).length === 0, { what: "the conflict to go" });
  assert.equal((await session.findAll(`${$("block")}[data-conflict="true"]`)).length, 0);
  const doc = JSON.parse(await cli(mine, "export", id, "-f", "json"));
  assert.ok(turnOf(doc).paragraphs[0].startsWith("甲方改写："), turnOf(doc).paragraphs[0]);
});
