// Issue 17 in the real window: the same guest under two spellings across two documents. The
// import preview suggests the known person, the user accepts, the person's page lists both
// appearances with the title held in each, the quote finder finds what she said in both, and
// a quote is copied with its attribution.
// Run with tests/e2e/run.sh after building the UI, the CLI and the app.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { axeCheck } from "./axe.mjs";
import { $, Keys, ROOT, closeApp, composeKey, pasteIntoImport, startWithDocument } from "./webdriver.mjs";

const OUT = join(ROOT, "tests", "e2e", ".out");

const FIRST = `职工技能培训圆桌

主持人：今年的技能培训有什么变化？
杨梅芳（杭州市总工会干部学校教师）：技能培训从课堂走进了车间，每周两次。
王立新：企业也愿意出场地。
`;

// The same guest, in traditional characters, a year later, with another title.
const SECOND = `技能培训一年之后

主持人：一年下来，技能培训见效了吗？
楊梅芳（杭州市總工會幹部學校副校長）：見效了，參加技能培訓的職工多了一倍。
趙一鳴：培訓證書也被企業認可了。
`;

let tmp;
let driver;
let session;

before(async () => {
  ({ tmp, driver, session } = await startWithDocument("first.txt", FIRST));
  await session.waitFor($("library-item"), 30_000);
});

after(() => closeApp({ session, driver, tmp, screenshot: join(OUT, "people.png") }));

test("issue 17: the import preview suggests the known person for another spelling, and the choice links them", async () => {
  await (await session.find($("import-button"))).click();
  await pasteIntoImport(session, SECOND);
  const select = await session.waitForElement(
    "return Array.from(document.querySelectorAll('[data-testid=\"import-person\"]')).find((s) => s.closest('tr').querySelector('[data-testid=\"import-name\"]').value === '楊梅芳') || null;",
    [],
    { what: "a person suggested for 楊梅芳" },
  );
  const options = await session.executeScript("return Array.from(arguments[0].options, (o) => o.textContent);", [select]);
  assert.ok(options.some((o) => o.startsWith("杨梅芳")), JSON.stringify(options));
  // Nothing is linked without the user: the default is to decide later.
  assert.equal(await select.property("value"), "");
  await session.executeScript("const s = arguments[0]; s.value = s.options[1].value; s.dispatchEvent(new Event('change', { bubbles: true }));", [select]);
  await (await session.find($("import-commit"))).click();
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  await (await session.find($("editor-back"))).click();
});

test("issue 17: the person's page lists both appearances, finds her quotes in both and copies one with its attribution", async () => {
  await (await session.waitFor($("people-button"))).click();
  await session.waitFor($("people-view"));
  const person = await session.waitForElement(
    "return Array.from(document.querySelectorAll('[data-testid=\"person-item\"]')).find((p) => p.textContent.includes('杨梅芳')) || null;",
    [],
    { what: "杨梅芳 in the directory" },
  );
  await person.click();
  await session.waitFor($("person-page"));
  const rows = await session.texts($("person-appearance"));
  assert.equal(rows.length, 2, rows.join("\n"));
  assert.ok(rows.some((r) => r.includes("干部学校教师")) && rows.some((r) => r.includes("幹部學校副校長")), "each appearance keeps its own title");
  assert.deepEqual(await session.texts($("appearance-role")), ["Guest", "Guest"], "the role she had in each");

  const search = await session.find($("quote-search"));
  await search.sendKeys("技能培训");
  await session.pressKeys([Keys.ENTER]);
  await session.waitUntil(async () => (await session.findAll($("quote-hit"))).length === 2, { what: "a quote from each document (simplified and traditional)" });
  await (await session.find($("copy-quote"))).click();
  await session.waitFor($("people-notice"));
  // The clipboard holds the attribution: pasted into the filter box it shows.
  const filter = await session.find($("people-filter"));
  await filter.click();
  await session.pressKeys([Keys.CONTROL, "v"]);
  const pasted = await session.waitUntil(async () => {
    const v = await filter.property("value");
    return v.length > 0 ? v : false;
  }, { what: "the attribution pasted" });
  assert.match(pasted, /^(杨梅芳|楊梅芳)（.+）在《.+》中说：“.+”/u, pasted);
  // The other style, chosen and copied: the pull-quote form.
  const style = await session.find($("quote-style"));
  await session.executeScript("const s = arguments[0]; s.value = 'colon'; s.dispatchEvent(new Event('change', { bubbles: true }));", [style]);
  await session.waitUntil(async () => (await session.findAll($("quote-hit"))).length === 2, { what: "the quotes again" });
  await session.executeScript("const i = arguments[0]; i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true }));", [filter]);
  await (await session.find($("copy-quote"))).click();
  await filter.click();
  await session.pressKeys([Keys.CONTROL, "v"]);
  const pulled = await session.waitUntil(async () => {
    const v = await filter.property("value");
    return v.length > 0 ? v : false;
  }, { what: "the pull quote pasted" });
  assert.match(pulled, /^(杨梅芳|楊梅芳)（.+）：“.+”（《.+》，\d{4}年\d{1,2}月）$/u, pulled);
  await session.screenshot(join(OUT, "people-page.png"));
  await axeCheck(session, "the people view");
});

test("issue 17: renaming a participant changes only this document unless the user asks to update the person everywhere", async () => {
  await (await session.find($("people-back"))).click();
  const open = await session.waitForElement(
    "return Array.from(document.querySelectorAll('[data-testid=\"library-item\"]')).find((r) => r.textContent.includes('职工技能培训圆桌'))?.querySelector('[data-testid=\"library-item-open\"]') || null;",
    [],
    { what: "the first document" },
  );
  await open.click();
  await session.waitFor(`${$("editor-page")}[data-ready="true"]`, 20_000);
  const input = await session.waitForElement(
    "return Array.from(document.querySelectorAll('[data-testid=\"participant-name\"]')).find((i) => i.value === '杨梅芳') || null;",
    [],
    { what: "杨梅芳's name field" },
  );
  await session.executeScript("const i = arguments[0]; i.value = '杨梅芳老师'; i.dispatchEvent(new Event('change', { bubbles: true }));", [input]);
  const offer = await session.waitFor($("notice-action"));
  await offer.click();
  await session.waitUntil(async () => (await session.findAll($("notice-action"))).length === 0, { what: "the offer taken" });
  await (await session.find($("editor-back"))).click();
  await (await session.waitFor($("people-button"))).click();
  await session.waitUntil(
    async () => (await session.texts($("person-item"))).some((t) => t.startsWith("杨梅芳老师")),
    { what: "the person renamed everywhere" },
  );
});

test("issue 17: the Enter that confirms an input method's candidate never submits a rename everywhere", async () => {
  const person = await session.waitForElement(
    "return Array.from(document.querySelectorAll('[data-testid=\"person-item\"]')).find((p) => p.textContent.startsWith('杨梅芳老师')) || null;",
    [],
    { what: "the person" },
  );
  await person.click();
  for (const testid of ["person-rename", "person-aliases"]) {
    const input = await session.waitFor($(testid));
    for (const order of ["webkit", "webkit-late"]) {
      assert.equal(await composeKey(session, input, "Enter", order, "杨"), true, `${testid}, ${order}: the Enter is the input method's`);
    }
  }
  assert.equal(await (await session.find($("person-name"))).text(), "杨梅芳老师");
});

test("issue 17: the library search filters by speaker: only what that person said", async () => {
  await (await session.find($("people-back"))).click();
  const search = await session.waitFor($("search-input"));
  await search.sendKeys("证书");
  await session.waitUntil(async () => (await session.findAll(`${$("search-results")} li`)).length === 1, { what: "赵一鸣's 证书 found by anyone" });
  const filter = await session.waitFor($("speaker-filter"));
  await session.executeScript(
    "const s = arguments[0]; s.value = Array.from(s.options).find((o) => o.textContent.startsWith('杨梅芳')).value; s.dispatchEvent(new Event('change', { bubbles: true }));",
    [filter],
  );
  await session.waitFor($("no-results"));
  await search.clear?.();
  await session.executeScript("const i = arguments[0]; i.value = '技能培训'; i.dispatchEvent(new InputEvent('input', { bubbles: true }));", [search]);
  await session.waitUntil(async () => (await session.findAll(`${$("search-results")} li`)).length === 2, { what: "her two documents" });
});
