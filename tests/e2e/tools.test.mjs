// The editor's tools in the real app, on a small document whose counts are known: find with
// its options (case, whole word, regular expression) and replace one, the toolbar's split,
// merge and move buttons, merging a speaker's consecutive turns, and previewing an earlier
// version from the history panel. Each edit is read back with the CLI.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { $, CLI, findBarCount, startWithDocument, ROOT, closeApp, editsSaved, exportedDocument, openFromLibrary, turnTexts, caretInTurn } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
// "the" in any case: 7 times (The, theme, the, THE, Then, there, the); as written: 4 (theme,
// the, there, the); as a word: 4 (The, the, THE, the); as a word as written: 2.
const TEXT = `Tools panel

Ana Ruiz: The theme is the THE. Then there.
Bo Chen: the end; a+b=c costs $5.

Bo Chen: A second turn in a row.
Ana Ruiz: Last words.
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

before(async () => {
  ({ tmp, library, id, driver, session } = await startWithDocument("tools.txt", TEXT));
  await openFromLibrary(session, id);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "tools.png") }));

test("find counts with each option, says when a pattern is bad, and replaces one match", async () => {
  await (await session.find($("find-toggle"))).click();
  const input = await session.waitFor($("find-input"));
  await input.sendKeys("the");
  const expectCount = (total, what) => session.waitUntil(async () => (await findCount())[1] === total, { what: `${total} matches ${what}` });
  await expectCount(7, "in any case");
  const toggle = async (testid) => (await session.find($(testid))).click();
  await toggle("find-case");
  await expectCount(4, "as written");
  await toggle("find-word");
  await expectCount(2, "as a word as written");
  await toggle("find-case");
  await expectCount(4, "as a word");
  await toggle("find-word");

  // A regular expression: "a+b" is one match, "(" is a bad pattern and says so.
  await toggle("find-regex");
  await input.clear();
  await input.sendKeys("a\\+b");
  await expectCount(1, "of a\\+b");
  await input.clear();
  await input.sendKeys("(");
  await session.waitUntil(async () => typeof (await findCount()) === "string" && (await findCount()) !== "", { what: "the bad pattern said" });
  assert.equal((await session.findAll(`${$("replace-one")}:not([disabled])`)).length, 0);
  await toggle("find-regex");

  // Replace the first whole-word, as-written "the" only.
  await toggle("find-case");
  await toggle("find-word");
  await input.clear();
  await input.sendKeys("the");
  await expectCount(2, "before replacing");
  await (await session.find($("replace-input"))).sendKeys("that");
  // Replace replaces the match shown: Enter in the find box shows match 1 first.
  await input.sendKeys("\uE007");
  await session.waitUntil(async () => (await findCount())[0] === 1, { what: "match 1 shown" });
  await (await session.find($("replace-one"))).click();
  await expectCount(1, "after replacing one");
  await saved();
  const d = await stored();
  assert.deepEqual(d.blocks[0].paragraphs, ["The theme is that THE. Then there."]);
  assert.deepEqual(d.blocks[1].paragraphs, ["the end; a+b=c costs $5."]);
  await (await session.find($("find-close"))).click();
  await session.waitUntil(async () => (await session.findAll($("find-bar"))).length === 0, { what: "the find bar closed" });
});

test("the toolbar splits a turn at the caret, merges it back, and moves a block", async () => {
  const count = (await turns()).length;
  await caretIn("The theme is that THE.", "The theme is that THE.".length);
  await (await session.find($("tool-split"))).click();
  await session.waitUntil(async () => (await turns()).length === count + 1, { what: "the split" });
  let all = await turns();
  assert.equal(all[0], "Ana Ruiz: The theme is that THE.");
  assert.equal(all[1], "Ana Ruiz: Then there.");
  await saved();
  assert.equal((await stored()).blocks.length, count + 1);

  await caretIn("Then there.", 0);
  await (await session.find($("tool-merge"))).click();
  await session.waitUntil(async () => (await turns()).length === count, { what: "the merge" });
  all = await turns();
  assert.equal(all[0], "Ana Ruiz: The theme is that THE. / Then there.");

  // Down, then up again: the stored order follows.
  const order = async () => (await stored()).blocks.map((b) => b.id);
  await saved();
  const before = await order();
  await caretIn("Last words.", 0);
  await (await session.find($("tool-up"))).click();
  await saved();
  await session.waitUntil(async () => {
    const o = await order();
    return o.at(-2) === before.at(-1) && o.at(-1) === before.at(-2);
  }, { what: "the last block one place up" });
  await caretIn("Last words.", 0);
  await (await session.find($("tool-down"))).click();
  await saved();
  await session.waitUntil(async () => JSON.stringify(await order()) === JSON.stringify(before), { what: "the block back down" });
});

test("a speaker's consecutive turns become one", async () => {
  const count = (await turns()).length;
  await caretIn("A second turn in a row.", 0);
  await (await session.find($("tool-merge-runs"))).click();
  await session.waitUntil(async () => (await turns()).length === count - 1, { what: "the runs merged" });
  assert.ok((await turns()).includes("Bo Chen: the end; a+b=c costs $5. / A second turn in a row."));
  await saved();
  const d = await stored();
  const bo = d.blocks.find((b) => b.type === "turn" && b.paragraphs[0].startsWith("the end"));
  assert.deepEqual(bo.paragraphs, ["the end; a+b=c costs $5.", "A second turn in a row."]);
});

test("an earlier version is previewed from the history panel without changing the document", async () => {
  const now = await stored();
  await (await session.find($("history-toggle"))).click();
  await session.waitFor($("history-entry"));
  const labels = await session.texts($("history-label"));
  assert.ok(labels.some((l) => l.includes("Imported")), labels.join(", "));
  // The oldest entry is the import: its preview shows the text as imported.
  const previews = await session.findAll($("history-preview"));
  await previews.at(-1).click();
  const dialog = await session.waitFor($("version-preview"));
  await session.waitUntil(async () => (await dialog.text()).includes("The theme is the THE. Then there."), { what: "the imported text in the preview" });
  assert.ok(!(await dialog.text()).includes("is that THE"));
  await session.pressKeys(["\uE00C"]);
  await session.waitUntil(async () => (await session.findAll($("version-preview"))).length === 0, { what: "the preview closed" });
  assert.deepEqual(await stored(), now);
});
