// Performance of the real app under Xvfb, read from the app's own marks (window.__rtPerf)
// through WebDriver: the library listing 10,000 documents, a 2,000-turn document opening and
// painting, and the processing time of each key typed into one of its turns. Prints figures;
// asserts nothing about time (machines differ). Not part of the test run (its name does not
// end in .test.mjs): run it with scripts/bench-ui.sh.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { promisify } from "node:util";
import { appMemory, describeMemory } from "./memory.mjs";
import { APP, CLI, ROOT, Session, startTauriDriver } from "./webdriver.mjs";

const run = promisify(execFile);
const $ = (testid) => `[data-testid="${testid}"]`;
const DOCS = Number(process.env.BENCH_DOCS ?? 10_000);
const TURNS = Number(process.env.BENCH_TURNS ?? 2_000);
const ROUNDS = 5;

let tmp;
let driver;
let session;
const figures = {};

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const ms = (x) => `${x.toFixed(1)} ms`;

function bigTranscript(turns) {
  const people = ["林晓雯", "Dana Whitfield", "周建国", "Marcus Lindqvist"];
  const lines = [`Bench roundtable of ${turns} turns`, ""];
  for (let i = 0; i < turns; i++) {
    const who = people[i % people.length];
    const text =
      i % 2 === 0
        ? `第${i}段发言:社区图书馆的空间改造需要兼顾阅读、活动和安静学习,我们做了三轮居民调查。`
        : `Turn ${i}: the council voted after two public hearings, and the budget was published in plain language.`;
    lines.push(`${who}: ${text}`);
  }
  return `${lines.join("\n")}\n`;
}

before(async () => {
  tmp = await mkdtemp(join(tmpdir(), "roundtable-bench-"));
  const library = join(tmp, "library.sqlite");
  const files = join(tmp, "docs");
  await mkdir(files);
  if (process.env.BENCH_LIBRARY) {
    // A library made earlier (generating 10,000 documents takes minutes), e.g. one of
    // scripts/bench-library's: the long document is added to the copy when it lacks one.
    await copyFile(process.env.BENCH_LIBRARY, library);
    const { stdout } = await run(CLI, ["--library", library, "search", "--limit", "1", "Bench roundtable"]);
    if (!stdout.trim()) {
      const big = join(tmp, "big.txt");
      await writeFile(big, bigTranscript(TURNS));
      await run(CLI, ["--library", library, "import", big]);
    }
  } else {
    await generate(library, files);
    // Keep it for the next run (BENCH_LIBRARY=that path).
    if (process.env.BENCH_KEEP) await copyFile(library, process.env.BENCH_KEEP);
  }
  const home = (name) => join(tmp, name);
  await Promise.all(["data", "config", "cache"].map((d) => mkdir(home(d))));
  driver = await startTauriDriver({
    env: { ROUNDTABLE_LIBRARY: library, XDG_DATA_HOME: home("data"), XDG_CONFIG_HOME: home("config"), XDG_CACHE_HOME: home("cache") },
  });
  session = await Session.start(driver.url, { application: APP });
});

async function generate(library, files) {
  // The library: DOCS small documents, imported with the CLI in batches.
  const t0 = Date.now();
  let batch = [];
  for (let i = 0; i < DOCS; i++) {
    const f = join(files, `d${i}.txt`);
    // Two topics each, as a real library has: the topic list and filter have rows to read.
    await writeFile(f, `Document ${i}: topic ${i % 37}\n\nTags: topic ${i % 37}, desk ${i % 5}\n\nAlice: Hello ${i}.\nBob: 你好,第${i}号。\n`);
    batch.push(f);
    if (batch.length === 1000 || i === DOCS - 1) {
      await run(CLI, ["--library", library, "import", ...batch], { maxBuffer: 1 << 26 });
      batch = [];
    }
  }
  const big = join(tmp, "big.txt");
  await writeFile(big, bigTranscript(TURNS));
  await run(CLI, ["--library", library, "import", big]);
  figures.setup = `${DOCS} documents + one of ${TURNS} turns imported with the CLI in ${((Date.now() - t0) / 1000).toFixed(1)} s`;
}

after(async () => {
  console.log(`\nRoundtable UI benchmark (${APP.includes("/release/") ? "release" : "debug"} build, Xvfb, WebKitGTK)`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k}: ${v}`);
  await session?.screenshot(join(ROOT, "tests", "e2e", ".out", "bench.png")).catch(() => {});
  await session?.end();
  await driver?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

const perf = () => session.executeScript("return window.__rtPerf;");

test("the library lists the documents", async () => {
  await session.waitFor($("library-item"), 60_000);
  // The app settles first: the editor's one rehearsal (App.svelte) runs once, soon after launch.
  const rehearsal = await session.waitUntil(async () => (await perf()).rehearsal, { what: "the rehearsal", timeoutMs: 30_000 });
  figures.rehearsal = `the editor's rehearsal after launch (once, off-screen): ${ms(rehearsal)}`;
  figures.started = `the library's first list painted ${ms((await perf()).started)} after the page started loading`;
  const times = [];
  for (let i = 0; i < ROUNDS; i++) {
    await session.executeScript("window.__rtPerf.list = undefined; window.dispatchEvent(new Event('focus'));");
    times.push(await session.waitUntil(async () => (await perf()).list, { what: "the list mark", timeoutMs: 30_000 }));
  }
  // The command alone: the library read and the IPC, without the UI.
  const ipc = [];
  for (let i = 0; i < ROUNDS; i++) {
    await session.executeScript(
      "window.__ipc = undefined; const t = performance.now(); window.__TAURI_INTERNALS__.invoke('list_page', { query: { trashed: false, topic: null, order: 'updated', language: 'en', offset: 0, limit: 60 } }).then((d) => (window.__ipc = [performance.now() - t, d.documents.length]));",
    );
    ipc.push((await session.waitUntil(() => session.executeScript("return window.__ipc;"), { what: "the command" }))[0]);
  }
  figures.listCommand = `list_page (first page of 60) alone (SQLite + IPC + JSON): median ${ms(median(ipc))}`;
  // The other views of the list: by title (a collation over every title), one topic, the topics.
  const command = async (cmd, args) => {
    const times = [];
    for (let i = 0; i < ROUNDS; i++) {
      await session.executeScript(
        "window.__ipc = undefined; const t = performance.now(); window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then(() => (window.__ipc = [performance.now() - t]));",
        [cmd, args],
      );
      times.push((await session.waitUntil(() => session.executeScript("return window.__ipc;"), { what: cmd }))[0]);
    }
    return ms(median(times));
  };
  const page = (over) => ({ query: { trashed: false, topic: null, order: "updated", language: "zh-CN", offset: 0, limit: 60, ...over } });
  figures.listOther = `first page by title ${await command("list_page", page({ order: "title" }))}, of one topic ${await command("list_page", page({ topic: "topic 3" }))}; list_topics ${await command("list_topics", { trashed: false })} (medians)`;
  const summary = await (await session.find($("summary"))).text();
  assert.match(summary, new RegExp((DOCS + 1).toLocaleString("en").replace(",", ",?")));
  figures.memoryList = `with the library listed: ${describeMemory(appMemory())}`;
  figures.list = `${DOCS} documents listed and painted: median ${ms(median(times))}, max ${ms(Math.max(...times))} (${times.map((t) => t.toFixed(0)).join(", ")})`;
});

test("a long document opens and paints; typing into it", async () => {
  const benchRow = () =>
    session.waitForElement("return Array.from(document.querySelectorAll('[data-testid=\"library-item-open\"]')).find((b) => b.textContent.includes('Bench')) || null;", [], { what: "the long document in the list", timeoutMs: 30_000 });
  const times = [];
  const stages = [];
  await (await benchRow()).click();
  for (let i = 0; i < ROUNDS; i++) {
    await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 30_000);
    const p = await perf();
    times.push(p.open);
    stages.push({ ...p.stages, readAtPress: p.readAtPress ? 1 : 0 });
    if (i < ROUNDS - 1) {
      await (await session.find($("editor-back"))).click();
      await (await benchRow()).click();
    }
  }
  figures.open = `${TURNS}-turn document opened and painted, from the click: median ${ms(median(times))}, max ${ms(Math.max(...times))} (${times.map((t) => t.toFixed(0)).join(", ")})`;
  // Where the time goes, first open and the others: ms from the click at the end of each step
  // (mounted: the editor's frame is built; loaded: the document has arrived; dom: its blocks are
  // built; frame: the next frame starts; layout: styled and laid out; painted: a frame later).
  const steps = (st) => Object.entries(st ?? {}).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ");
  figures.openFirst = `first open: ${steps(stages[0])}`;
  figures.openLast = `last open: ${steps(stages.at(-1))}`;

  const docId = await session.executeScript("return document.querySelector('[data-testid=\"editor\"]').dataset.docId;");
  if (docId) {
    const ipc = [];
    for (let i = 0; i < ROUNDS; i++) {
      await session.executeScript(
        "window.__ipc = undefined; const t = performance.now(); window.__TAURI_INTERNALS__.invoke('open_document', { id: arguments[0] }).then(() => (window.__ipc = [performance.now() - t]));",
        [docId],
      );
      ipc.push((await session.waitUntil(() => session.executeScript("return window.__ipc;"), { what: "the command" }))[0]);
    }
    figures.openCommand = `open_document alone (SQLite + IPC + JSON): median ${ms(median(ipc))}`;
  }
  // The whole document is drawn (in slices after the first screen) before typing starts.
  await session.waitUntil(
    async () => (await session.executeScript("return document.querySelectorAll('[data-testid=\"block\"]').length;")) === TURNS,
    { what: "every block drawn", timeoutMs: 30_000 },
  );

  // Typing in the middle of the document.
  await session.executeScript(
    "const bs = document.querySelectorAll('[data-testid=\"block\"]'); bs[Math.floor(bs.length / 2)].scrollIntoView({ block: 'center' });",
  );
  const el = await session.waitUntil(
    (s) =>
      s.executeScript(
        "const bs = document.querySelectorAll('[data-testid=\"block\"]'); return bs[Math.floor(bs.length / 2)].querySelector('[data-testid=\"turn-text\"]');",
      ),
    { what: "the middle turn drawn" },
  );
  await session.executeScript(
    `const el = arguments[0]; el.focus(); const r = document.createRange(); r.selectNodeContents(el); r.collapse(false);
     getSelection().removeAllRanges(); getSelection().addRange(r); window.__rtPerf.keys = [];`,
    [el],
  );
  const target = session.toElement(el);
  // Layout alone: change the text without the app knowing, then force style and layout.
  const layout = await session.executeScript(
    `const el = arguments[0]; const out = []; for (let i = 0; i < 20; i++) { const t = performance.now();
       el.firstChild.appendData("x"); void document.body.offsetHeight; out.push(performance.now() - t); }
     el.firstChild.deleteData(el.firstChild.length - 20, 20); return out;`,
    [target],
  );
  figures.layoutOnly = `DOM text change + forced layout, no app code: median ${ms(median(layout))}`;
  const text = "typing speed test ";
  for (let i = 0; i < 5; i++) await target.sendKeys(text);
  await new Promise((r) => setTimeout(r, 800));
  const keys = (await perf()).keys;
  assert.ok(keys.length >= text.length * 5, `${keys.length} keys measured`);
  figures.memoryOpen = `with the ${TURNS}-turn document open, after typing: ${describeMemory(appMemory())}`;
  figures.typing = `${keys.length} keys into a turn of the ${TURNS}-turn document: median ${ms(median(keys))}, p95 ${ms(pct(keys, 0.95))}, max ${ms(Math.max(...keys))}`;
  const typed = await session.executeScript("return arguments[0].textContent;", [target]);
  assert.ok(typed.endsWith(text.repeat(5)));
});
