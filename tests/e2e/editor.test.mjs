// The editor in the real app: paste-import a Chinese and an English transcript (mapping a
// speaker in the preview), then edit — rename a participant, type, split and merge turns,
// reassign a speaker, caption an image, tag a turn, find and replace, undo and redo — restart
// the app and see every edit kept, and read the same library with the CLI.
// Run with tests/e2e/run.sh after `npm --prefix ui run build` and
// `cargo build -p roundtable-cli -p roundtable-desktop`.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { APP, CLI, Keys, ROOT, Session, appEnv, closeApp, startTauriDriver, $, editsSaved, pasteIntoImport, listedDocuments, turnTexts } from "./webdriver.mjs";

// The sample roundtables the app offers on a first run (src-tauri/app/samples).
const FIXTURES = join(ROOT, "src-tauri", "app", "samples");
const OUT = join(ROOT, "tests", "e2e", ".out");
const ALT = "\uE00A";
const run = promisify(execFile);

let tmp;
let library;
let driver;
let session;
const ids = {};

async function startApp() {
  session = await Session.start(driver.url, { application: APP });
  await session.waitFor($("app-name"), 30_000);
}

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-editor-"));
  library = join(tmp, "library.sqlite");
  driver = await startTauriDriver({ env: await appEnv(tmp, library) });
  await startApp();
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "editor.png") }));

const paste = (text) => pasteIntoImport(session, text);

/** The rows of the import preview: [name, role, turns]. */
function previewPeople() {
  return session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="import-participant"]'), (r) => [
    r.querySelector('[data-testid="import-name"]').value,
    r.querySelector('[data-testid="import-role"]').value,
    Number(r.querySelector('.num').textContent),
  ]);`);
}

const turns = () => turnTexts(session);

const saved = () => editsSaved(session);

/** Puts the caret at `offset` in `el` (a contenteditable paragraph). */
async function caret(el, offset) {
  await session.executeScript(
    `const el = arguments[0]; el.focus(); const r = document.createRange(); r.setStart(el.firstChild, arguments[1]); r.collapse(true);
     const s = getSelection(); s.removeAllRanges(); s.addRange(r); document.dispatchEvent(new Event('selectionchange'));`,
    [el, offset],
  );
}

/** Clicks `el` after scrolling it into view (the editor's page scrolls, not the window). */
async function tap(el) {
  await session.executeScript("arguments[0].scrollIntoView({ block: 'center' });", [el]);
  await el.click();
}

/** Focuses `el` with the caret after its text (Send Keys alone would type at the start). */
async function caretAtEnd(el) {
  await session.executeScript(
    `const el = arguments[0]; el.focus(); const r = document.createRange(); r.selectNodeContents(el); r.collapse(false);
     const s = getSelection(); s.removeAllRanges(); s.addRange(r);`,
    [el],
  );
}

/** The turn-text element of the n-th turn (0-based) whose text includes `needle`. */
async function turnText(needle) {
  return session.waitForElement(`return Array.from(document.querySelectorAll('[data-testid="turn-text"]')).find((p) => p.textContent.includes(arguments[0])) || null;`, [needle], { what: `a turn with ${needle}` });
}

async function importText(text, check) {
  await (await session.waitFor($("import-button"))).click();
  await paste(text);
  await session.waitUntil(async () => (await previewPeople()).length > 0, { what: "the preview" });
  await check();
  await (await session.find($("import-commit"))).click();
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  return session.executeScript("return document.querySelector('[data-testid=\"block\"]') && location.href;");
}

test("paste-import an English panel, mapping a stray speaker label onto the right person", async () => {
  const text = `${await readFile(join(FIXTURES, "en_water_panel.txt"), "utf8")}\nMarcus L: One more thing: the meters pay for themselves in four years.\n`;
  await importText(text, async () => {
    let people = await previewPeople();
    assert.deepEqual(people.map((p) => p[0]), ["Ruth Abernathy", "Marcus Lindqvist", "Aiko Tanaka", "Marcus L"]);
    assert.equal(people[0][1], "moderator");
    // Map "Marcus L" onto Marcus Lindqvist.
    const row = await session.find(`${$("import-participant")}:last-child ${$("import-merge")}`);
    await row.click();
    await (await row.find('option[value="p2"]')).click();
    await session.waitUntil(async () => (await previewPeople()).length === 3, { what: "the merge" });
    people = await previewPeople();
    assert.deepEqual(people[1], ["Marcus Lindqvist", "guest", 4]);
  });
  const all = await turns();
  assert.equal(all.at(-1), "Marcus Lindqvist: One more thing: the meters pay for themselves in four years.");
  await (await session.find($("editor-back"))).click();
  await session.waitFor($("library-list"));
});

test("paste-import a Chinese roundtable and edit it every way", async () => {
  const text = await readFile(join(FIXTURES, "zh_rooftop_roundtable.txt"), "utf8");
  await importText(text, async () => {
    const people = await previewPeople();
    assert.deepEqual(people.map((p) => p[0]), ["林晓雯", "周建国", "马思琪", "韩立"]);
    assert.equal(people[0][1], "moderator");
  });
  ids.zh = await session.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=\"block\"]')).length;",
  );
  const before = await turns();
  assert.ok(before.some((t) => t.startsWith("韩立: 这是我们最先评估的。")), before.join("\n"));

  // Rename a participant: one field, every turn follows.
  const hanName = await session.find(`${$("participant")}:nth-child(4) ${$("participant-name")}`);
  await hanName.clear();
  await hanName.sendKeys("韩立新");
  await (await session.find($("meta-column"))).click();
  await session.waitUntil(async () => (await turns()).some((t) => t.startsWith("韩立新: 这是我们最先评估的。")), { what: "the rename" });
  assert.ok(!(await turns()).some((t) => t.startsWith("韩立: ")));

  // Edit text: type at the end of a turn.
  const zhou = await turnText("楼里老人多");
  await caretAtEnd(zhou);
  await zhou.sendKeys("EDITED");
  await session.waitUntil(async () => (await turns()).some((t) => t.startsWith("周建国: 楼里老人多") && t.endsWith("EDITED")), { what: "typing" });

  // Split a turn at the caret (Ctrl+Enter), then merge it back (Backspace at the start).
  const eval1 = await turnText("这是我们最先评估的。");
  const count = (await turns()).length;
  await caret(eval1, "这是我们最先评估的。".length);
  await session.pressKeys([Keys.CONTROL, Keys.ENTER]);
  await session.waitUntil(async () => (await turns()).length === count + 1, { what: "the split" });
  let all = await turns();
  assert.ok(all.includes("韩立新: 这是我们最先评估的。"), all.join("\n"));
  const second = all.find((t) => t.startsWith("韩立新: 种植箱全部用轻质基质"));
  assert.ok(second, all.join("\n"));
  // The caret is at the start of the new turn: Backspace merges it into the previous one.
  await session.pressKeys([Keys.BACKSPACE]);
  await session.waitUntil(async () => (await turns()).length === count, { what: "the merge" });
  all = await turns();
  assert.ok(all.some((t) => t.startsWith("韩立新: 这是我们最先评估的。 / 种植箱全部用轻质基质")), all.join("\n"));

  // Reassign a speaker: Alt+3 gives the focused turn to the third participant (马思琪)...
  const fence = await turnText("另外,我们在屋顶边缘加装了".replace(",", "\uff0c"));
  await tap(fence);
  await session.pressKeys([ALT, "3"]);
  await session.waitUntil(async () => (await turns()).some((t) => t.startsWith("马思琪: 另外")), { what: "Alt+3" });
  // ...and the speaker menu gives it back.
  const block = await session.executeScript("return arguments[0].closest('[data-testid=\"block\"]');", [fence]).then((r) => session.toElement(r));
  await tap(await block.find($("turn-speaker")));
  const options = await session.findAll($("speaker-option"));
  await options[3].click();
  await session.waitUntil(async () => (await turns()).some((t) => t.startsWith("韩立新: 另外")), { what: "the speaker menu" });

  // Caption an image.
  const caption = await session.find($("image-caption"));
  await caretAtEnd(caption);
  await caption.sendKeys("CAPTIONED");
  await session.waitUntil(
    async () => (await session.texts($("image-caption"))).some((t) => t.endsWith("CAPTIONED")),
    { what: "the caption" },
  );

  // Tag a turn.
  await tap(fence);
  await tap(await block.find($("turn-tag")));
  const tags = await session.waitFor($("turn-topics-input"));
  await tags.sendKeys("安全");
  await tags.sendKeys(Keys.ENTER);
  await session.waitUntil(async () => (await session.texts(`${$("turn-topics")} li`)).includes("安全"), { what: "the tag" });

  // Find and replace, with counts.
  await (await session.find($("find-toggle"))).click();
  const find = await session.waitFor($("find-input"));
  await find.sendKeys("屋顶");
  const countText = async () => (await session.find($("find-count"))).text();
  // "?/N" until Enter shows match 1 (issue 12.1).
  await session.waitUntil(async () => /(\d+|\?)\/\d+/.test(await countText()), { what: "find counts" });
  const n = Number(/\/(\d+)/.exec(await countText())[1]);
  assert.ok(n >= 5, `屋顶 occurs ${n} times`);
  await (await session.find($("replace-input"))).sendKeys("楼顶");
  await (await session.find($("replace-all"))).click();
  await session.waitUntil(async () => !/(\d+|\?)\/\d+/.test(await countText()), { what: "replace all" });
  assert.ok((await session.find($("find-note")).then((e) => e.text())).includes(String(n)));
  await saved();

  // Undo (Ctrl+Z) takes the replacement back; redo (the button) puts it back.
  await (await session.find($("editor-page"))).click();
  await session.pressKeys([Keys.CONTROL, "z"]);
  await session.waitUntil(async () => (await turns()).some((t) => t.includes("屋顶")), { what: "undo" });
  await (await session.find($("redo"))).click();
  await session.waitUntil(async () => !(await turns()).some((t) => t.includes("屋顶")), { what: "redo" });
  await saved();

  // The history panel lists the edits with their labels.
  await (await session.find($("history-toggle"))).click();
  await session.waitFor($("history-entry"));
  const labels = await session.texts($("history-label"));
  for (const l of ["Rename participant", "Split turn", "Merge with previous", "Change speaker", "Tag turn", "Replace all"]) {
    assert.ok(labels.some((x) => x.includes(l)), `${l} in ${labels.join(", ")}`);
  }
  ids.final = await turns();
});

test("every edit is kept across a restart and in the CLI's export", async () => {
  await session.end();
  await startApp();
  const rows = await session.waitFor($("library-item-open"));
  const titles = await session.texts($("library-item-title"));
  const i = titles.findIndex((t) => t.includes("菜园"));
  assert.ok(i >= 0, titles.join(", "));
  await (await session.findAll($("library-item-open")))[i].click();
  void rows;
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  assert.deepEqual(await turns(), ids.final);
  assert.ok((await session.texts($("image-caption"))).some((t) => t.endsWith("CAPTIONED")));
  assert.ok((await session.texts(`${$("turn-topics")} li`)).includes("安全"));

  const doc = (await listedDocuments(library)).find((d) => d.title.includes("菜园"));
  const { stdout: md } = await run(CLI, ["--library", library, "export", doc.id, "--format", "md"], { encoding: "utf8" });
  for (const piece of ["韩立新", "EDITED", "CAPTIONED", "楼顶", "这是我们最先评估的。"]) assert.ok(md.includes(piece), `${piece} in the export`);
  assert.ok(!md.includes("屋顶菜园的维护"), "the replacement is in the export");
  assert.ok(!/\*\*韩立\*\*|韩立:/.test(md.replace(/韩立新/g, "")), "the old name is gone from the turns");
});

// Native dialogs cannot be driven; what they hand over is a path, so these call the commands
// behind them with a path, as the dialog's answer would, from the page.
test("the commands behind the open and save dialogs: import a file, add an image, export", async () => {
  const invoke = (cmd, args) =>
    session.cmd("POST", "/execute/async", {
      script:
        "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((v) => done({ ok: v }), (e) => done({ err: e }));",
      args: [cmd, args],
    });
  const id = await session.executeScript("return document.querySelector('[data-testid=\"editor\"]').dataset.docId;");
  assert.ok(id, "a document is open");

  // Open file: the importer reads it and the preview gets the document.
  // The progress channel the UI passes (@tauri-apps/api's Channel is a callback id).
  const progress = `__CHANNEL__:${await session.executeScript("return window.__TAURI_INTERNALS__.transformCallback(() => {});")}`;
  const preview = await invoke("preview_import_file", { path: join(FIXTURES, "en_water_panel.txt"), progress });
  assert.equal(preview.ok.document.participants[0].name, "Ruth Abernathy");

  // Add image: a PNG by path goes to the asset store and comes back as a data: URL; a file
  // that is not an image is refused whatever its name.
  const png = join(tmp, "dot.png");
  await writeFile(png, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
  const name = (await invoke("add_image_file", { path: png })).ok;
  assert.match(name, /^[0-9a-f]{64}\.png$/);
  const url = (await invoke("asset_data_url", { name })).ok;
  assert.match(url, /^data:image\/png;base64,iVBOR/);
  const fake = join(tmp, "fake.png");
  await writeFile(fake, "not a picture");
  assert.equal((await invoke("add_image_file", { path: fake })).err.code, "invalid_input");

  // Export: the file is written; a name that is not the format's is refused.
  const md = join(tmp, "out.md");
  assert.deepEqual(await invoke("export_document_to_file", { id, format: "markdown", path: md }), { ok: null });
  assert.ok((await readFile(md, "utf8")).includes("EDITED"));
  const html = join(tmp, "out.html");
  await invoke("export_document_to_file", { id, format: "html", path: html });
  assert.match(await readFile(html, "utf8"), /<html|<article|<h1/);
  const bad = await invoke("export_document_to_file", { id, format: "markdown", path: join(tmp, "evil.sh") });
  assert.equal(bad.err.code, "invalid_input");
});

test("library: duplicate, delete to the trash and restore; the shortcut sheet", async () => {
  await (await session.find($("editor-back"))).click();
  await session.waitFor($("library-list"));
  const rowOf = (needle) =>
    session.waitForElement("return Array.from(document.querySelectorAll('[data-testid=\"library-item\"]')).find((r) => r.textContent.includes(arguments[0])) || null;", [needle], { what: `a row with ${needle}` });
  const count = async () => (await session.findAll($("library-item"))).length;
  const before = await count();

  const dup = await (await rowOf("Who pays for the water")).find($("duplicate"));
  await dup.click();
  await session.waitUntil(async () => (await count()) === before + 1, { what: "the copy" });
  assert.ok((await session.texts($("library-item-title"))).some((t) => /Who pays for the water.*\(copy\)/.test(t)));

  await (await (await rowOf("(copy)")).find($("trash"))).click();
  await session.waitUntil(async () => (await count()) === before, { what: "the copy in the trash" });
  await (await session.find($("trash-toggle"))).click();
  const trashed = await session.waitFor(`${$("trash-list")} ${$("library-item")}`);
  assert.match(await trashed.text(), /\(copy\)/);
  await (await trashed.find($("untrash"))).click();
  await session.waitFor($("trash-empty"));
  await (await session.find($("trash-toggle"))).click();
  await session.waitUntil(async () => (await count()) === before + 1, { what: "the copy restored" });

  // F1 opens the keyboard shortcut sheet; Escape closes it.
  await session.pressKeys(["\uE031"]);
  const sheet = await session.waitFor($("shortcut-sheet"));
  assert.match(await sheet.text(), /Ctrl\+Enter/);
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await session.findAll($("shortcut-sheet"))).length === 0, { what: "the sheet closed" });
});
