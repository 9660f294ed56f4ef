// First run (issue 12.10): an empty library says in the app how to begin (paste, open, drop)
// rather than naming a terminal command, and "try a sample" imports a sample roundtable and
// opens it in the editor.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { APP, CLI, ROOT, Session, appEnv, closeApp, startTauriDriver, $ } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");

let tmp;
let driver;
let session;

before(async () => {
  for (const binary of [APP, CLI]) assert.ok(existsSync(binary), `${binary} is missing`);
  tmp = await mkdtemp(join(tmpdir(), "roundtable-e2e-first-"));
  driver = await startTauriDriver({ env: await appEnv(tmp, join(tmp, "empty.sqlite")) });
  session = await Session.start(driver.url, { application: APP });
  await session.waitFor($("app-name"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "first-run.png") }));

test("issue 12.10: an empty library says how to begin in the app and offers a sample", async () => {
  const empty = await session.waitFor($("empty-state"), 15_000);
  const how = await (await empty.find($("empty-how"))).text();
  assert.doesNotMatch(how, /roundtable import/, "no terminal command");
  assert.match(how, /Ctrl\+O/);
  assert.ok((await session.findAll($("empty-import"))).length === 1, "an Import button");
  await session.screenshot(join(OUT, "first-run-empty.png")).catch(() => {});
  await (await empty.find($("try-sample"))).click();
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  const turns = await session.findAll(`${$("block")}[data-type="turn"]`);
  assert.ok(turns.length > 3, `the sample has turns (${turns.length})`);
  await (await session.find($("editor-back"))).click();
  await session.waitUntil(async (s) => (await s.findAll($("library-item"))).length === 1, { what: "the sample in the library" });
  assert.equal((await session.findAll($("empty-state"))).length, 0);
});

test("issue 17: the sample's speakers are in the people directory, and earlier documents can be linked", async () => {
  await (await session.waitFor($("people-button"))).click();
  await session.waitFor($("people-view"));
  await session.waitUntil(async (s) => (await s.findAll($("person-item"))).length >= 2, { what: "the sample's guests listed" });
  const before = (await session.findAll($("person-item"))).length;
  // Nothing left to link: the button changes nothing and says nothing went wrong.
  await (await session.find($("link-earlier"))).click();
  await session.waitUntil(async (s) => (await s.findAll($("person-item"))).length === before, { what: "the same people" });
  assert.equal((await session.findAll($("error-banner"))).length, 0);
  await (await session.find($("people-back"))).click();
});
