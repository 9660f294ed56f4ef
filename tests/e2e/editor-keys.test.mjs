// Issue 12, points 7, 8 and 11, in the real window:
//   7. The history groups a burst of typing into one entry, names every entry by what it did
//      ("Insert image", never "Insert block"), and its preview shows what restoring would
//      change (words, the speaker by name) in a dialog that keeps the focus inside it.
//   8. Picture slots without a picture are a thin line in the editor and one button removes
//      them all (a caption stays, as text).
//  11. The speaker and export menus are real menus from the keyboard (focus moves in, arrows,
//      Enter, Esc gives the focus back); Ctrl+↓ / Ctrl+↑ go a paragraph at a time; Alt+0 opens
//      the speaker menu from the text.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { $, CLI, startWithDocument, Keys, ROOT, closeApp, editsSaved, exportedDocument, openFromLibrary, turnTexts, caretInTurn } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
const run = promisify(execFile);
const ALT = "\uE00A";
const DOWN = "\uE015";
const UP = "\uE013";
const TAB = "\uE004";
const SHIFT = "\uE008";

const TEXT = `河道治理圆桌

主持人:第一个问题,河道治理最难的是什么?
图片
王立新:最难的是上下游的协调。
图片
▲ 治理后的河道
刘珊珊:我看重的是居民参与。
主持人:谢谢两位。
`;

let tmp;
let library;
let id;
let driver;
let session;

const stored = () => exportedDocument(library, id);
const saved = () => editsSaved(session);
const focused = () => session.executeScript("const a = document.activeElement; return a ? (a.dataset.testid || a.tagName) : null;");
const focusedText = () => session.executeScript("const a = document.activeElement; return a ? a.textContent : null;");
const pause = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  ({ tmp, library, id, driver, session } = await startWithDocument("river.txt", TEXT));
  await openFromLibrary(session, id);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "editor-keys.png") }));

test("issue 12.11: Ctrl+Down and Ctrl+Up move a paragraph at a time; the skip link reaches the text", async () => {
  await caretInTurn(session, "第一个问题", 0);
  await session.pressKeys([Keys.CONTROL, DOWN]);
  await session.waitUntil(async () => ((await focusedText()) ?? "").startsWith("最难的是上下游"), { what: "the next text after Ctrl+Down" });
  await session.pressKeys([Keys.CONTROL, UP]);
  await session.waitUntil(async () => ((await focusedText()) ?? "").startsWith("主持人") || ((await focusedText()) ?? "").startsWith("第一个问题"), { what: "back after Ctrl+Up" });
  // From the header, the first Tab stop is the skip link; it puts the caret in the first text.
  const skip = await session.find($("skip-to-text"));
  await session.executeScript("arguments[0].focus();", [skip]);
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await session.executeScript("return document.activeElement?.classList.contains('editable') ?? false;")) === true, { what: "the caret in the text" });
});

test("issue 12.11: the speaker menu works from the keyboard and never changes a speaker by itself", async () => {
  const before = await turnTexts(session);
  const el = await caretInTurn(session, "最难的是上下游", 0);
  await session.pressKeys([ALT, "0"]);
  await session.waitFor($("speaker-menu"));
  // The focus is on the current speaker (checked).
  await session.waitUntil(async () => (await session.executeScript("return document.activeElement?.getAttribute('aria-checked');")) === "true", { what: "the checked speaker focused" });
  assert.equal(await focusedText().then((t) => t.trim().startsWith("王立新")), true);
  // Esc closes it and gives the focus back to the speaker button; nothing changed.
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await session.findAll($("speaker-menu"))).length === 0, { what: "the menu closed" });
  assert.equal(await focused(), "turn-speaker");
  assert.deepEqual(await turnTexts(session), before);
  // Enter on the button opens it; ↓ moves; Enter chooses: the turn is now 刘珊珊's.
  await session.pressKeys([Keys.ENTER]);
  await session.waitFor($("speaker-menu"));
  await session.pressKeys([DOWN]);
  assert.ok((await focusedText()).includes("刘珊珊"), await focusedText());
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await turnTexts(session)).includes("刘珊珊: 最难的是上下游的协调。"), { what: "the speaker changed by the menu" });
  assert.equal(await focused(), "turn-speaker", "the focus back on the speaker button");
  await saved();
  void el;
  // Undo it, so the next tests see the imported speakers.
  await session.pressKeys([Keys.CONTROL, "z"]);
  await session.waitUntil(async () => (await turnTexts(session)).includes("王立新: 最难的是上下游的协调。"), { what: "undone" });
  await saved();
});

test("issue 12.11: the export menu works from the keyboard", async () => {
  const toggle = await session.find($("export-toggle"));
  await session.executeScript("arguments[0].focus();", [toggle]);
  await session.pressKeys([Keys.ENTER]);
  await session.waitFor($("export-menu"));
  await session.waitUntil(async () => (await focused()) === "export-md", { what: "the first item focused" });
  await session.pressKeys([DOWN]);
  assert.equal(await focused(), "export-html");
  await session.pressKeys([UP]);
  await session.pressKeys([UP]);
  assert.equal(await focused(), "save-pictures", "↑ wraps to the last item");
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await session.findAll($("export-menu"))).length === 0, { what: "closed" });
  assert.equal(await focused(), "export-toggle");
});

test("issue 12.8: empty picture slots are a thin line, and one button removes them keeping captioned ones", async () => {
  const heights = await session.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=\"image-figure\"]'), (f) => [f.dataset.empty, Math.round(f.getBoundingClientRect().height)]);",
  );
  assert.equal(heights.length, 2, JSON.stringify(heights));
  const bare = heights.find(([, h]) => h < 40);
  assert.ok(bare, `an empty slot without caption is thin: ${JSON.stringify(heights)}`);
  const button = await session.waitFor($("remove-empty-slots"));
  assert.match(await button.text(), /empty picture slot|1 个空图片位/);
  await button.click();
  await session.waitUntil(async () => (await session.findAll($("image-figure"))).length === 1, { what: "the empty slot removed" });
  await saved();
  const doc = await stored();
  const images = doc.blocks.filter((b) => b.type === "image");
  assert.equal(images.length, 1);
  assert.equal(images[0].caption, "治理后的河道", "a slot with a caption says which picture goes there: kept");
  assert.equal(doc.blocks.filter((b) => b.type === "turn").length, 4, "no turn touched");
});

test("issue 12.7: typing is one history entry, entries are named precisely, and the preview shows the change and keeps the focus", async () => {
  // Type in three bursts with pauses (each pause a save): one entry.
  const el = await caretInTurn(session, "我看重的是居民参与", "我看重的是".length);
  for (const word of ["真正", "的", "参与感"]) {
    await el.sendKeys(word);
    await saved();
    await pause(500);
  }
  // Insert a picture slot: named "Insert image" (the open dialog is cancelled by closing it).
  const tab = await session.find($("history-toggle"));
  await tab.click();
  await session.waitFor($("history-panel"));
  await session.waitUntil(async () => (await session.findAll($("history-entry"))).length >= 3, { what: "history entries" });
  const rows = await session.executeScript(
    "return Array.from(document.querySelectorAll('[data-testid=\"history-entry\"]'), (r) => [r.querySelector('[data-testid=\"history-label\"]').textContent.trim(), r.dataset.batches]);",
  );
  const typing = rows.filter(([label]) => label === "Edit text" || label === "编辑文字");
  assert.equal(typing.length, 1, `one entry for the typing: ${JSON.stringify(rows)}`);
  assert.ok(Number(typing[0][1]) >= 2, `the entry holds the bursts: ${JSON.stringify(rows)}`);
  assert.ok(rows.some(([label]) => /empty picture slots|空图片位/.test(label)), JSON.stringify(rows));
  assert.ok(!rows.some(([label]) => /block|内容块/.test(label)), JSON.stringify(rows));

  // Preview the version before the typing: the dialog says restoring removes the typed words.
  const previews = await session.findAll($("history-preview"));
  await previews[1].click();
  const dialog = await session.waitFor($("version-preview"));
  await session.waitUntil(async () => (await focused()) === "version-close", { what: "the focus in the dialog" });
  const diff = await (await session.find($("version-changes"))).text();
  assert.ok(diff.includes("真正") || diff.includes("参与感"), diff);
  // Tab and Shift+Tab stay inside the dialog.
  for (let i = 0; i < 4; i++) {
    await session.pressKeys([TAB]);
    assert.ok(await session.executeScript("return arguments[0].contains(document.activeElement);", [dialog]), "Tab stays in the dialog");
  }
  await session.pressKeys([SHIFT, TAB]);
  assert.ok(await session.executeScript("return arguments[0].contains(document.activeElement);", [dialog]), "Shift+Tab stays in the dialog");
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await session.findAll($("version-preview"))).length === 0, { what: "the preview closed" });
  const doc = await stored();
  assert.ok(doc.blocks.some((b) => b.type === "turn" && b.paragraphs.join("").includes("真正的参与感")), "nothing restored by a preview");
});

test("issue 12.6: a selection crosses paragraphs and turns, and copies with the speaker labels", async () => {
  const before = await turnTexts(session);
  const selection = () => session.executeScript("return document.querySelector('[data-testid=\"editor-page\"]').dataset.blockSelection ?? null;");
  // Shift+↓ on a one-line text goes on by whole blocks: this turn and the next.
  await caretInTurn(session, "第一个问题", 3);
  await session.pressKeys([SHIFT, DOWN]);
  await session.waitUntil(async () => (await selection()) !== null, { what: "a block selection" });
  const first = await selection();
  await session.pressKeys([SHIFT, DOWN]);
  await session.waitUntil(async () => (await selection()) !== first, { what: "the selection extended" });
  assert.equal((await session.findAll('[data-testid="block"][data-selected="true"]')).length, 3);
  // A letter typed over it does nothing.
  await session.pressKeys(["x"]);
  await pause(300);
  assert.deepEqual(await turnTexts(session), before);
  // Ctrl+C puts the text with its labels on the clipboard: pasted into the find box it shows.
  await session.pressKeys([Keys.CONTROL, "c"]);
  await pause(200);
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await selection()) === null, { what: "Esc ends the selection" });
  await session.pressKeys([Keys.CONTROL, "f"]);
  await session.waitUntil(async () => (await focused()) === "find-input", { what: "the find box" });
  await session.pressKeys([Keys.CONTROL, "v"]);
  const pasted = await session.waitUntil(async () => {
    const v = await session.executeScript("return document.querySelector('[data-testid=\"find-input\"]').value;");
    return v.length > 0 ? v : false;
  }, { what: "the clipboard pasted" });
  assert.ok(pasted.includes("主持人：第一个问题") && pasted.includes("王立新：最难的是上下游的协调"), pasted);
  await session.executeScript("const i = document.querySelector('[data-testid=\"find-input\"]'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true }));");
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await session.findAll($("find-bar"))).length === 0, { what: "find closed" });

  // Shift+click from the active block selects up to the clicked one; Delete deletes them all
  // as one edit, which one undo gives back.
  await caretInTurn(session, "最难的是上下游", 0);
  const target = await session.waitForElement("return Array.from(document.querySelectorAll('[data-testid=\"block\"]')).find((b) => b.textContent.includes('谢谢两位')) || null;", [], { what: "the last turn" });
  await session.executeScript("arguments[0].dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true, shiftKey: true }));", [target]);
  await session.waitUntil(async () => (await session.findAll('[data-testid="block"][data-selected="true"]')).length === 4, { what: "four blocks selected by Shift+click" });
  await session.pressKeys([Keys.DELETE ?? "\uE017"]);
  await session.waitUntil(async () => (await turnTexts(session)).length === 1, { what: "the selected blocks deleted" });
  await saved();
  assert.equal((await stored()).blocks.length, 1);
  await session.pressKeys([Keys.CONTROL, "z"]);
  await session.waitUntil(async () => (await turnTexts(session)).length === before.length, { what: "one undo brings them back" });
  await saved();
  assert.deepEqual(await turnTexts(session), before);

  // Ctrl+A twice: this text, then every block.
  await caretInTurn(session, "谢谢两位", 0);
  await session.pressKeys([Keys.CONTROL, "a"]);
  await session.pressKeys([Keys.CONTROL, "a"]);
  const all = await session.executeScript("return document.querySelectorAll('[data-testid=\"block\"]').length;");
  await session.waitUntil(async () => (await session.findAll('[data-testid="block"][data-selected="true"]')).length === all, { what: "every block selected" });
  await session.pressKeys([Keys.ESCAPE]);
});

test("issue 14: the document's pictures are copied one by one, in reading order", async () => {
  const invoke = (cmd, args) =>
    session.executeAsyncScript(
      "const done = arguments[arguments.length - 1]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((v) => done({ ok: v }), (e) => done({ err: e }));",
      [cmd, args],
    );
  // A picture in the captioned slot: stored by the app, set by `roundtable apply`.
  const png = join(tmp, "river.png");
  await writeFile(png, Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64"));
  const name = (await invoke("add_image_file", { path: png })).ok;
  assert.match(name, /^[0-9a-f]{64}\.png$/);
  // "Show in folder" on a file that is gone says so (the file manager is the opener plugin's).
  assert.equal((await invoke("show_in_folder", { path: join(tmp, "gone.md") })).err.code, "not_found");
  await saved();
  const doc = await stored();
  const slot = doc.blocks.find((b) => b.type === "image");
  slot.asset = name;
  const json = join(tmp, "edited.json");
  await writeFile(json, JSON.stringify(doc));
  await run(CLI, ["--library", library, "apply", id, json]);
  await (await session.find($("editor-back"))).click();
  await openFromLibrary(session, id);

  await (await session.find($("export-toggle"))).click();
  await (await session.waitFor($("copy-pictures"))).click();
  const dialog = await session.waitFor($("pictures-dialog"));
  const rows = await session.texts($("picture-row"));
  assert.equal(rows.length, 1);
  assert.ok(rows[0].startsWith("01") && rows[0].includes("治理后的河道"), rows[0]);
  assert.equal(await focused(), "copy-picture", "the first Copy button has the focus");
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await session.executeScript("return document.querySelector('[data-testid=\"picture-row\"]').dataset.copied;")) === "true", { what: "the picture copied" });
  void dialog;
  await session.pressKeys([Keys.ESCAPE]);
  await session.waitUntil(async () => (await session.findAll($("pictures-dialog"))).length === 0, { what: "closed" });
});
