// The import screen in the real app: a pasted WebVTT transcript with a broken cue shows its
// speakers, turns and a warning with its line; the title, the moderator and a job title are
// fixed in the preview before importing, and the CLI reads them back. Cancelling an import
// stores nothing; forcing a format that does not fit the text says why. A Big5 file is read as
// Big5, and the encoding the preview chooses overrides detection.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { APP, CLI, Keys, ROOT, Session, appEnv, closeApp, startTauriDriver, $, exportedDocument, pasteIntoImport, listedDocuments } from "./webdriver.mjs";
import { WECHAT_EXPECTED, WECHAT_PASTE } from "./wechat-paste.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
// Line 9 holds a timing nobody can read: that cue is skipped with a warning naming line 9.
const VTT = `WEBVTT

00:00:01.000 --> 00:00:04.000
<v Ana Ruiz>Welcome to the harbour panel.

00:00:05.000 --> 00:00:08.000
<v Bo Chen>Thanks. The new pier opens in May.

00:00:09.000 --> soon
<v Ana Ruiz>This cue has no end.

00:00:10.000 --> 00:00:12.000
<v Ana Ruiz>Who pays for it?
`;

let tmp;
let library;
let driver;
let session;

const listed = () => listedDocuments(library);

const paste = (text) => pasteIntoImport(session, text);

/** The preview's participants as [name, role, turns]. */
function people() {
  return session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="import-participant"]'), (r) => [
    r.querySelector('[data-testid="import-name"]').value, r.querySelector('[data-testid="import-role"]').value, Number(r.querySelector('.num').textContent)]);`);
}

/** The row of `name` in the preview. */
function row(name) {
  return session.waitForElement("return Array.from(document.querySelectorAll('[data-testid=\"import-participant\"]')).find((r) => r.querySelector('[data-testid=\"import-name\"]').value === arguments[0]) || null;", [name], { what: `the row of ${name}` });
}

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-import-"));
  library = join(tmp, "library.sqlite");
  driver = await startTauriDriver({ env: await appEnv(tmp, library) });
  session = await Session.start(driver.url, { application: APP });
  await session.waitFor($("app-name"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "import.png") }));

test("cancelling an import stores nothing", async () => {
  await (await session.waitFor($("import-button"))).click();
  await paste(VTT);
  await session.waitUntil(async () => (await people()).length === 2, { what: "the preview" });
  await (await session.find($("import-cancel"))).click();
  await session.waitFor($("import-button"));
  assert.equal((await session.findAll($("import-view"))).length, 0);
  assert.deepEqual(await listed(), []);
});

test("a pasted WebVTT transcript: speakers, turns, a warning with its line, fixed before importing", async () => {
  await (await session.waitFor($("import-button"))).click();
  await paste(VTT);
  await session.waitUntil(async () => (await people()).length === 2, { what: "the preview" });
  assert.deepEqual(
    (await people()).map(([name, , turns]) => [name, turns]),
    [
      ["Ana Ruiz", 2],
      ["Bo Chen", 1],
    ],
  );
  assert.equal((await session.findAll($("import-turn"))).length, 3);
  // One warning, at line 9, quoting the timing it could not read (and a note on the guessed moderator).
  assert.deepEqual(await session.texts(`${$("import-diagnostics")} li.warning .line`).then((ls) => ls.map((l) => l.match(/\d+/g))), [["9"]]);
  assert.match(await (await session.find(`${$("import-diagnostics")} li.warning`)).text(), /soon/);

  // The title, the moderator (Ana), and Bo's job title.
  const title = await session.find($("import-title"));
  await session.executeScript("arguments[0].select();", [title]);
  await title.sendKeys("Harbour panel");
  await title.sendKeys(Keys.ENTER);
  await (await (await row("Ana Ruiz")).find($("import-moderator"))).click();
  await session.waitUntil(async () => (await people()).find(([n]) => n === "Ana Ruiz")[1] === "moderator", { what: "Ana as moderator" });
  const job = await (await row("Bo Chen")).find($("import-job"));
  await job.sendKeys("Port engineer");
  await job.sendKeys(Keys.ENTER);

  await (await session.find($("import-commit"))).click();
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  const docs = await listed();
  assert.equal(docs.length, 1);
  const d = await exportedDocument(library, docs[0].id);
  assert.equal(d.title, "Harbour panel");
  const byName = Object.fromEntries(d.participants.map((p) => [p.name, p]));
  assert.equal(byName["Ana Ruiz"].role, "moderator");
  assert.equal(byName["Bo Chen"].title, "Port engineer");
  assert.deepEqual(
    d.blocks.filter((b) => b.type === "turn").map((b) => b.paragraphs.join(" ")),
    // The cue whose timing could not be read keeps its words (no speech is dropped).
    ["Welcome to the harbour panel.", "Thanks. The new pier opens in May.", "This cue has no end. Who pays for it?"],
  );
  await (await session.find($("editor-back"))).click();
});

test("forcing a format that does not fit says why, and automatic reading comes back", async () => {
  await (await session.waitFor($("import-button"))).click();
  const text = "Notes from the pier\n\nAna Ruiz: The pier opens in May.\nBo Chen: Only if the money comes.\n";
  await paste(text);
  await session.waitUntil(async () => (await people()).length === 2, { what: "the speakers read" });
  const format = await session.find($("import-format"));
  const pick = (value) =>
    session.executeScript("const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }));", [format, value]);
  // As SubRip the text has no cues: the error says what a cue looks like, and nothing is left to import.
  await pick("srt");
  const banner = await session.waitFor($("error-banner"));
  await session.waitUntil(async () => /srt cues/.test(await banner.text()), { what: "the reason in the banner" });
  assert.match(await banner.text(), /-->/);
  await session.waitUntil(async () => (await people()).length === 0, { what: "the preview emptied" });
  assert.equal(await (await session.find($("import-commit"))).property("disabled"), true);
  // Automatic again: the speakers are back.
  await pick("");
  await session.waitUntil(async () => (await people()).length === 2, { what: "the speakers read again" });
  await (await session.find($("import-cancel"))).click();
});

test("issue 12 point 9: the preview of a pasted WeChat article shows its credits, topics, whole job titles and each paragraph", async () => {
  await (await session.waitFor($("import-button"))).click();
  await paste(WECHAT_PASTE);
  await session.waitUntil(async () => (await people()).length === 4, { what: "the preview" });
  assert.deepEqual(await session.texts(`${$("import-topics")} li`), WECHAT_EXPECTED.topics);
  const credits = await session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="import-credit"]'), (c) => [c.dataset.role, c.textContent]);`);
  assert.deepEqual(credits.map(([role]) => role), WECHAT_EXPECTED.credits.map(([role]) => role));
  credits.forEach(([, text], i) => assert.ok(text.endsWith(WECHAT_EXPECTED.credits[i][1]), `credit ${i}: ${text}`));
  // The long job title is in its box whole and none of it is hidden (the box wraps instead).
  const job = await session.executeScript(
    `const t = Array.from(document.querySelectorAll('[data-testid="import-job"]')).find((j) => j.value === arguments[0]);
     return t && { hidden: t.scrollHeight - t.clientHeight, wide: t.scrollWidth - t.clientWidth, lines: Math.round(t.clientHeight / parseFloat(getComputedStyle(t).lineHeight)), tip: t.title };`,
    [WECHAT_EXPECTED.longTitle],
  );
  assert.ok(job, "the long job title is in a job box");
  assert.ok(job.hidden <= 1 && job.wide <= 1, `the job title is cut off: ${JSON.stringify(job)}`);
  assert.equal(job.tip, WECHAT_EXPECTED.longTitle);
  // 白露's answer has two paragraphs, shown as two.
  const paragraphs = await session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="import-turn"]'), (t) => t.querySelectorAll('[data-testid="import-turn-paragraph"]').length);`);
  assert.equal(paragraphs.filter((n) => n === 2).length, 1);
  await session.screenshot(join(OUT, "import-preview-wechat.png"));
  await (await session.find($("import-cancel"))).click();
});

test("issue 12 point 9: the preview shows a participant's organisation under the job title", async () => {
  await (await session.waitFor($("import-button"))).click();
  await paste(await readFile(join(ROOT, "src-tauri", "app", "samples", "en_water_panel.txt"), "utf8"));
  await session.waitUntil(async () => (await people()).length >= 3, { what: "the preview" });
  const org = await (await row("Ruth Abernathy")).find($("import-org"));
  assert.equal(await org.property("value"), "The Prairie Ledger");
  assert.equal(await (await (await row("Ruth Abernathy")).find($("import-job"))).property("value"), "senior reporter");
  await (await session.find($("import-cancel"))).click();
});

test("issue 12 point 8: the preview offers to remove the empty picture slots, and the stored document has none", async () => {
  await (await session.waitFor($("import-button"))).click();
  await paste(WECHAT_PASTE);
  await session.waitUntil(async () => (await people()).length === 4, { what: "the preview" });
  const slots = () => session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="import-image"]'), (i) => i.dataset.empty === "true");`);
  assert.deepEqual(await slots(), [true, true, true, false]);
  const offer = await session.find($("import-drop-empty-images"));
  assert.match(await offer.text(), new RegExp(String(WECHAT_EXPECTED.emptyPictureSlots)));
  await (await offer.find("input")).click();
  await session.waitUntil(async () => (await slots()).length === 1, { what: "the empty slots gone from the preview" });

  await (await session.find($("import-commit"))).click();
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  const stored = (await listed()).find((d) => d.title.includes("夜班公交"));
  const d = await exportedDocument(library, stored.id);
  const images = d.blocks.filter((b) => b.type === "image");
  // Only the slot with a caption is left: its words came from the article.
  assert.deepEqual(images.map((b) => b.caption), [WECHAT_EXPECTED.captionedSlot]);
  assert.deepEqual(d.credits.map((c) => [c.role, c.name]), WECHAT_EXPECTED.credits);
  assert.equal(d.participants.find((p) => p.name === "贺兰舟").title, WECHAT_EXPECTED.longTitle);
  await (await session.find($("editor-back"))).click();
});

// The open dialog cannot be driven: this calls the command behind it with a path, as the
// dialog's answer would, from the page.
test("a Big5 file is read as Big5; a chosen encoding overrides it; refusals carry a code", async () => {
  const path = join(tmp, "big5.txt");
  // "主持人：魯健 / 嘉賓：王明德 / 魯健：請問… / 王明德：我認為…" saved in Big5.
  await writeFile(path, Buffer.from("pUSr+aRIoUe+fLC3CrnFu6uhR6T9qfq8dwq+fLC3oUe90LDdsXqr57vyrN2zb6a4qrq2VKn2vc2nUKFICqT9qfq8d6FHp9q7e6ywwvmk6LOju92tbsX9qEKhQaR+r+C5RqaoqPPEs6FDCg==", "base64"));
  const preview = (encoding) =>
    session.executeAsyncScript(
      `const done = arguments[arguments.length - 1];
       const internals = window.__TAURI_INTERNALS__;
       const id = internals.transformCallback(() => {});
       const args = { path: arguments[0], progress: "__CHANNEL__:" + id };
       if (arguments[1] !== null) args.encoding = arguments[1];
       internals.invoke("preview_import_file", args).then((ok) => done({ ok }), (err) => done({ err }));`,
      [path, encoding],
    );
  const detected = await preview(null);
  assert.deepEqual(detected.ok.document.participants.map((p) => p.name), ["魯健", "王明德"]);
  assert.deepEqual(detected.ok.diagnostics[0], { line: 0, level: "info", code: "decoded_as", args: { encoding: "Big5" }, message: "decoded as Big5 (not UTF-8)" });
  const forced = await preview("GBK");
  assert.ok(!forced.ok.document.participants.some((p) => p.name === "魯健"), "the chosen encoding is followed");
  assert.deepEqual((await preview("klingon")).err.detail, { code: "encoding_not_recognised", args: { label: "klingon" } });
  const wrong = await preview("UTF-8");
  assert.equal(wrong.err.code, "invalid_input");
  assert.deepEqual(wrong.err.detail, { code: "undecodable", args: { encoding: "UTF-8" } });
});

test("issue 13: the preview's one-click fixes: a label that is no speaker stays text, a line becomes the title", async () => {
  await (await session.waitFor($("import-button"))).click();
  await paste("夜班公交圆桌\n\n主持人：夜班公交还能坚持多久？\n王立新：客流在回升，尤其是凌晨两点以后。\n现场：观众鼓掌。\n刘珊珊：司机的休息要保障。\n现场：笑声。\n王立新：我同意。\n");
  await session.waitUntil(async () => (await people()).length === 4, { what: "the preview with 现场 as a speaker" });
  await (await (await row("现场")).find($("import-not-speaker"))).click();
  await session.waitUntil(async () => (await people()).length === 3, { what: "现场 no longer a speaker" });
  const lines = await session.texts(`${$("import-line")} .narration`);
  assert.deepEqual(lines, ["现场：观众鼓掌。", "现场：笑声。"]);
  // Every turn kept its speaker.
  assert.equal((await session.findAll($("import-turn"))).length, 4);
  // "This is the title" on a line.
  const buttons = await session.findAll($("import-as-title"));
  await buttons[0].click();
  await session.waitUntil(async () => (await (await session.find($("import-title"))).property("value")) === "现场：观众鼓掌。", { what: "the line as the title" });
  assert.deepEqual(await session.texts(`${$("import-line")} .narration`), ["现场：笑声。"]);
  await (await session.find($("import-cancel"))).click();
});
