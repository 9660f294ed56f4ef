// The editor's panels and block tools in the real app, each edit read back with the CLI from the
// same library file: a participant's details, adding one and giving it a turn, merging two
// participants and undoing the merge, the document's topics and credits, the guest list's
// heading and the speaker label form exports follow, deleting a block and
// undoing it, inserting narration, the topic filter, the word count against the core's, and
// undo and redo across four kinds of edit.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { APP, CLI, Keys, ROOT, Session, appEnv, closeApp, startTauriDriver, $, editsSaved, exportedDocument, openFromLibrary, importFixtures, listedDocuments } from "./webdriver.mjs";

const execFileAsync = promisify(execFile);
const OUT = join(ROOT, "tests", "e2e", ".out");
const FIXTURE = join(ROOT, "src-tauri", "app", "samples", "en_water_panel.txt");

let tmp;
let library;
let id;
let driver;
let session;

/** The document as the library holds it, read with the CLI. */
const stored = () => exportedDocument(library, id);
const saved = () => editsSaved(session);

/** Waits until the stored document satisfies `ok` (each edit is saved at once; this reads it back). */
async function storedUntil(ok, what) {
  await saved();
  return session.waitUntil(async () => {
    const d = await stored();
    return ok(d) ? d : null;
  }, { what });
}

/** The participant card of `name`. */
function card(name) {
  return session.waitForElement("return Array.from(document.querySelectorAll('[data-testid=\"participant\"]')).find((c) => c.querySelector('[data-testid=\"participant-name\"]').value === arguments[0]) || null;", [name], { what: `the card of ${name}` });
}

/** Selects the value of the input `el`, types `text` over it and commits it with Enter. */
async function fill(el, text) {
  await session.executeScript("arguments[0].scrollIntoView({ block: 'center' }); arguments[0].focus(); arguments[0].select();", [el]);
  await el.sendKeys(text);
  await el.sendKeys(Keys.ENTER);
}

/** Clicks `el` as a user does: scrolled into view first (the panels scroll, not the window). */
async function tap(el) {
  await session.executeScript("arguments[0].scrollIntoView({ block: 'center' });", [el]);
  await el.click();
}

/** Chooses `value` in the select `el` as picking it from its list does. */
async function choose(el, value) {
  await session.executeScript("const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));", [el, value]);
}

/** Turns as "speaker: text", in order. */
function turns() {
  return session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="block"][data-type="turn"]'), (b) =>
    b.querySelector('[data-testid="turn-speaker"]').textContent.trim() + ": " + b.querySelector('[data-testid="turn-text"]').textContent);`);
}

/** Clicks into the text of the turn that contains `needle` (it becomes the active block). */
async function activate(needle) {
  const el = await session.waitForElement("return Array.from(document.querySelectorAll('[data-testid=\"turn-text\"]')).find((p) => p.textContent.includes(arguments[0])) || null;", [needle], { what: `the turn with ${needle}` });
  await session.executeScript("arguments[0].scrollIntoView({ block: 'center' });", [el]);
  await el.click();
  return el;
}

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-panels-"));
  library = join(tmp, "library.sqlite");
  [id] = await importFixtures(library, [FIXTURE]);
  driver = await startTauriDriver({ env: await appEnv(tmp, library) });
  session = await Session.start(driver.url, { application: APP });
  await openFromLibrary(session, id);
  // The click's press started the read (App.svelte), and the editor used that read.
  assert.equal(await session.executeScript("return window.__rtPerf.readAtPress;"), true);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "panels.png") }));

test("a participant's role, title, organisation and aliases", async () => {
  const aiko = await card("Aiko Tanaka");
  await fill(await aiko.find($("participant-title")), "Hydrologist");
  await fill(await aiko.find($("participant-organization")), "Prairie Water Institute");
  await fill(await aiko.find($("participant-aliases")), "Tanaka, A. Tanaka");
  await choose(await aiko.find($("participant-role")), "other");
  const d = await storedUntil((d) => d.participants.some((p) => p.name === "Aiko Tanaka" && p.role === "other" && p.aliases.length === 2), "the details stored");
  const p = d.participants.find((p) => p.name === "Aiko Tanaka");
  assert.deepEqual([p.title, p.organization, p.aliases], ["Hydrologist", "Prairie Water Institute", ["Tanaka", "A. Tanaka"]]);
});

test("a participant added, given a turn, merged into another, and the merge undone", async () => {
  await tap(await session.find($("participant-add")));
  const added = await session.waitForElement("const c = document.querySelectorAll('[data-testid=\"participant\"]'); return c.length === 4 ? c[3] : null;", [], { what: "a fourth participant" });
  await fill(await added.find($("participant-name")), "Dev Okafor");
  await card("Dev Okafor");
  // Alt+4 gives the turn with the caret to the fourth participant.
  await activate("Very few residents came.");
  await session.pressKeys(["\uE00A", "4"]);
  await session.waitUntil(async () => (await turns()).includes("Dev Okafor: Very few residents came. The notices were posted on the town hall door and nowhere else."), {
    what: "the turn given to Dev Okafor",
  });
  let d = await storedUntil((d) => d.participants.some((p) => p.name === "Dev Okafor"), "the new participant stored");
  const dev = d.participants.find((p) => p.name === "Dev Okafor").id;
  assert.equal(d.blocks.filter((b) => b.type === "turn" && b.speaker === dev).length, 1);

  // Merge Dev Okafor into Aiko Tanaka: the turn follows, the card goes.
  const aikoId = d.participants.find((p) => p.name === "Aiko Tanaka").id;
  await choose(await (await card("Dev Okafor")).find($("participant-merge")), aikoId);
  await session.waitUntil(async () => (await turns()).includes("Aiko Tanaka: Very few residents came. The notices were posted on the town hall door and nowhere else."), {
    what: "the merge",
  });
  d = await storedUntil((d) => !d.participants.some((p) => p.id === dev), "the merge stored");
  assert.ok(!d.blocks.some((b) => b.type === "turn" && b.speaker === dev));

  // Undo brings the participant and its turn back.
  await (await session.find($("undo"))).click();
  await session.waitUntil(async () => (await turns()).includes("Dev Okafor: Very few residents came. The notices were posted on the town hall door and nowhere else."), {
    what: "the merge undone",
  });
  d = await storedUntil((d) => d.participants.some((p) => p.id === dev), "the undo stored");
  assert.equal(d.blocks.filter((b) => b.type === "turn" && b.speaker === dev).length, 1);
});

test("the document's topics and credits", async () => {
  await fill(await session.find($("meta-topics")), "water, utilities, 地方财政");
  await tap(await session.find($("meta-add-credit")));
  const name = await session.waitFor(`${$("meta-credits")} .credit input`);
  await fill(name, "Lena Moor");
  await choose(await session.find(`${$("meta-credits")} .credit select`), "photo");
  const d = await storedUntil((d) => d.credits.some((c) => c.name === "Lena Moor" && c.role === "photo"), "the credit stored");
  assert.deepEqual(d.topics, ["water", "utilities", "地方财政"]);
});

test("the guest list's heading and the speaker label form, which exports then follow", async () => {
  await fill(await session.find($("meta-guest-heading")), "Panelists");
  await choose(await session.find($("meta-speaker-labels")), "host-role");
  const d = await storedUntil((d) => d.guest_heading === "Panelists" && d.speaker_labels === "host-role", "the heading and form stored");
  assert.equal(d.column ?? null, null, "nothing else changed");
  const { stdout: md } = await execFileAsync(CLI, ["--library", library, "export", id, "-f", "md"], { encoding: "utf8" });
  assert.match(md, /\nPanelists:\n/);
  assert.match(md, /\*\*Moderator:\*\* Thank you all for coming/);
  // Back to the style's usual labels: the host is named again.
  await choose(await session.find($("meta-speaker-labels")), "");
  await storedUntil((d) => d.speaker_labels == null, "the form cleared");
  const { stdout: named } = await execFileAsync(CLI, ["--library", library, "export", id, "-f", "md"], { encoding: "utf8" });
  assert.match(named, /\*\*Ruth Abernathy:\*\* Thank you all for coming/);
});

test("a block deleted and the deletion undone; narration inserted after a turn", async () => {
  const before = (await stored()).blocks.map((b) => b.id);
  await activate("Who decided how the rest would be paid?");
  await (await session.find($("tool-delete"))).click();
  let d = await storedUntil((d) => d.blocks.length === before.length - 1, "the deletion stored");
  assert.ok(!(await turns()).some((t) => t.includes("Who decided")));
  await (await session.find($("undo"))).click();
  d = await storedUntil((d) => d.blocks.length === before.length, "the undo stored");
  assert.deepEqual(d.blocks.map((b) => b.id), before);
  await session.waitUntil(async () => (await turns()).some((t) => t.includes("Who decided")), { what: "the turn back" });

  await activate("Who decided how the rest would be paid?");
  await (await session.find($("insert-paragraph"))).click();
  const para = await session.waitForElement("const a = document.activeElement; return a?.dataset.testid === 'paragraph-text' ? a : null;", [], { what: "the caret in the new paragraph" });
  await para.sendKeys("The hearing room was half empty.");
  d = await storedUntil((d) => d.blocks.some((b) => b.type === "paragraph" && b.text === "The hearing room was half empty."), "the narration stored");
  const at = d.blocks.findIndex((b) => b.type === "paragraph" && b.text === "The hearing room was half empty.");
  assert.equal(d.blocks[at - 1].paragraphs?.[0], "Who decided how the rest would be paid?");
});

test("the topic filter shows only the turns tagged with it", async () => {
  await activate("Meter every house.");
  const block = await session.executeScript("return document.activeElement.closest('[data-testid=\"block\"]');").then((r) => session.toElement(r));
  await (await block.find($("turn-tag"))).click();
  const tags = await session.waitFor($("turn-topics-input"));
  await tags.sendKeys("metering");
  await tags.sendKeys(Keys.ENTER);
  await storedUntil((d) => d.blocks.some((b) => b.type === "turn" && b.topics.includes("metering")), "the tag stored");
  const all = (await turns()).length;
  await choose(await session.waitFor($("topic-filter")), "metering");
  await session.waitUntil(async () => (await turns()).length === 1, { what: "one turn shown" });
  assert.match((await turns())[0], /Meter every house\./);
  await choose(await session.find($("topic-filter")), "");
  await session.waitUntil(async () => (await turns()).length === all, { what: "every turn again" });
});

test("the word count agrees with the core's, and counting stops when the document is idle", async () => {
  await saved();
  const words = (await listedDocuments(library)).find((d) => d.id === id).word_count;
  await session.waitUntil(
    async () => new RegExp(`(^|\\D)${words}words`).test((await (await session.find($("doc-counts"))).text()).replace(/[,\s]/g, "")),
    { what: `${words} words in the header` },
  );
  // Regression: each count scheduled the next, so an open document was counted every 300 ms.
  const counted = () => session.executeScript("return window.__rtPerf.counted;");
  await new Promise((r) => setTimeout(r, 500));
  const before = await counted();
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await counted(), before, "no counting while nothing changes");
});

test("undo takes back each kind of edit in turn, and redo puts them all back", async () => {
  const read = async () => {
    const d = await stored();
    const aiko = d.participants.find((p) => p.name === "Aiko Tanaka");
    const meter = d.blocks.find((b) => b.type === "turn" && b.paragraphs[0].startsWith("Meter every house."));
    return { title: d.title, job: aiko.title, tags: meter.topics, text: meter.paragraphs[0], column: d.column };
  };
  const start = await read();

  // Four kinds: a turn's text typed, the column, a participant's field, a tag.
  const meter = await activate("Meter every house.");
  await session.executeScript(
    "const el = arguments[0]; const r = document.createRange(); r.selectNodeContents(el); r.collapse(false); getSelection().removeAllRanges(); getSelection().addRange(r);",
    [meter],
  );
  await meter.sendKeys(" Soon.");
  await fill(await session.find($("meta-column")), "Utilities desk");
  await fill(await (await card("Aiko Tanaka")).find($("participant-title")), "Hydrologist, retired");
  const block = await session.executeScript("return arguments[0].closest('[data-testid=\"block\"]');", [meter]).then((r) => session.toElement(r));
  await tap(await block.find($("turn-tag")));
  const tags = await session.waitFor($("turn-topics-input"));
  await tags.sendKeys(", pipes");
  await tags.sendKeys(Keys.ENTER);
  await storedUntil((d) => d.blocks.some((b) => b.type === "turn" && b.topics.includes("pipes")), "the four edits stored");
  const after = await read();
  assert.deepEqual(after, { ...start, text: `${start.text} Soon.`, column: "Utilities desk", job: "Hydrologist, retired", tags: [...start.tags, "pipes"] });

  // Undo, one kind at a time, newest first.
  const undo = async (expected, what) => {
    await (await session.find($("undo"))).click();
    await saved();
    await session.waitUntil(async () => JSON.stringify(await read()) === JSON.stringify(expected), { what });
  };
  await undo({ ...after, tags: start.tags }, "the tag taken back");
  await undo({ ...after, tags: start.tags, job: start.job }, "the participant's title taken back");
  await undo({ ...start, text: after.text }, "the column taken back");
  await undo(start, "the typing taken back");
  // The page shows what is stored.
  assert.ok((await turns()).some((t) => t.endsWith(start.text)));
  assert.equal(await (await session.find($("meta-column"))).property("value"), start.column ?? "");

  // Redo all four.
  for (let i = 0; i < 4; i++) {
    await (await session.find($("redo"))).click();
    await saved();
  }
  await session.waitUntil(async () => JSON.stringify(await read()) === JSON.stringify(after), { what: "every edit back" });
  assert.equal(await (await session.find($("redo"))).property("disabled"), true);
});
