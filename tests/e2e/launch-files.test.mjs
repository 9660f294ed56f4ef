// Files the app is asked to open (issue 15: file associations). Launched with a WebVTT file as
// its argument (what a double-click in the file manager does on Linux and Windows), the window
// opens on the import preview of that file; nothing is stored until Import, then the document
// is open. A second launch on the same library with files (the single-instance handover)
// exits and hands them to the open window, relative paths read from where it was launched; a
// file that cannot be read gets the import screen's error.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { APP, CLI, ROOT, Session, appEnv, closeApp, startTauriDriver, $, exportedDocument, listedDocuments } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");
const VTT = `WEBVTT

00:00:01.000 --> 00:00:04.000
<v Ana Ruiz>Welcome to the harbour panel.

00:00:05.000 --> 00:00:08.000
<v Bo Chen>Thanks. The new pier opens in May.

00:00:10.000 --> 00:00:12.000
<v Ana Ruiz>Who pays for it?
`;
const SRT = `1
00:00:01,000 --> 00:00:03,000
Cleo Park: The ferry timetable changes in June.

2
00:00:03,500 --> 00:00:06,000
Dan Okafor: Only on weekdays, as far as I know.
`;

let tmp;
let library;
let env;
let bus;
let driver;
let session;

/** The preview's participants' names, in order. */
function names() {
  return session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="import-participant"] [data-testid="import-name"]'), (n) => n.value);`);
}

/** The import screen's file name line (the file shown), or null. */
function source() {
  return session.executeScript(`const s = document.querySelector('[data-testid="import-source"]'); return s ? s.firstChild.textContent.trim() : null;`);
}

/** A session bus of the test's own, so the single-instance handover has one and sees only this run's apps. */
function startBus() {
  return new Promise((resolve, reject) => {
    const child = spawn("dbus-daemon", ["--session", "--nofork", "--print-address=1"], { stdio: ["ignore", "pipe", "ignore"] });
    child.on("error", reject);
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve({ address: line.trim(), stop: () => child.kill("SIGKILL") });
    });
  });
}

/** Runs the app as a second launch with `args` from folder `cwd`; resolves to its exit code. */
function secondLaunch(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(APP, args, { cwd, env: { ...process.env, ...env }, stdio: "ignore" });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`a second launch with ${args.join(" ")} did not exit within 60 s`));
    }, 60_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-launch-"));
  library = join(tmp, "library.sqlite");
  await writeFile(join(tmp, "harbour panel.vtt"), VTT);
  await writeFile(join(tmp, "ferry.srt"), SRT);
  bus = await startBus();
  env = { ...(await appEnv(tmp, library)), DBUS_SESSION_BUS_ADDRESS: bus.address };
  driver = await startTauriDriver({ env });
  session = await Session.start(driver.url, { application: APP, args: [join(tmp, "harbour panel.vtt")] });
});

after(async () => {
  await closeApp({ session, driver, tmp, screenshot: join(OUT, "launch-files.png") });
  bus?.stop();
});

test("launched with a WebVTT file: the import preview of that file, stored only on Import, then the document", async () => {
  await session.waitFor($("import-view"), 30_000);
  await session.waitUntil(async () => (await names()).length === 2, { what: "the launch file's preview", timeoutMs: 20_000 });
  assert.deepEqual(await names(), ["Ana Ruiz", "Bo Chen"]);
  assert.equal(await source(), "harbour panel.vtt");
  assert.equal((await session.findAll($("import-turn"))).length, 3);
  // A preview only: the library is still empty.
  assert.deepEqual(await listedDocuments(library), []);
  await session.screenshot(join(OUT, "launch-files-preview.png"));

  await (await session.find($("import-commit"))).click();
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  const docs = await listedDocuments(library);
  assert.equal(docs.length, 1);
  const d = await exportedDocument(library, docs[0].id);
  assert.deepEqual(
    d.participants.map((p) => p.name),
    ["Ana Ruiz", "Bo Chen"],
  );
  assert.deepEqual(
    d.blocks.filter((b) => b.type === "turn").map((b) => b.paragraphs.join(" ")),
    ["Welcome to the harbour panel.", "Thanks. The new pier opens in May.", "Who pays for it?"],
  );
  await session.screenshot(join(OUT, "launch-files-document.png"));
});

test("a second launch with files exits and hands them to the open window's import screen (the first, as a drop of several)", async () => {
  // Relative to where the second launch ran, as a shell or file manager passes them.
  assert.equal(await secondLaunch(["ferry.srt", "harbour panel.vtt"], tmp), 0);
  await session.waitFor($("import-view"), 20_000);
  await session.waitUntil(async () => (await names()).join() === "Cleo Park,Dan Okafor", { what: "the SubRip file's preview", timeoutMs: 20_000 });
  assert.equal(await source(), "ferry.srt");
  // Still one document: nothing was stored by the handover.
  assert.equal((await listedDocuments(library)).length, 1);
  await (await session.find($("import-cancel"))).click();
  await session.waitFor($("import-button"));
});

test("a file that cannot be read, or is no transcript: the import screen says which and why", async () => {
  const banner = () => session.executeScript(`const b = document.querySelector('[data-testid="error-banner"]'); return b ? b.textContent : "";`);
  assert.equal(await secondLaunch([join(tmp, "gone.vtt")], tmp), 0);
  await session.waitUntil(async () => /gone\.vtt/.test(await banner()), { what: "the missing file named in the error", timeoutMs: 20_000 });
  await (await session.find(`${$("error-banner")} .dismiss`)).click();
  // A picture is refused as what it is, as when dropped; the screen names the file.
  assert.equal(await secondLaunch([join(ROOT, "icons", "32x32.png")], tmp), 0);
  await session.waitUntil(async () => /PNG/.test(await banner()), { what: "the picture refused", timeoutMs: 20_000 });
  assert.equal(await source(), "32x32.png");
  assert.equal(await (await session.find($("import-commit"))).property("disabled"), true);
  assert.equal((await listedDocuments(library)).length, 1);
});
