// axe-core (a devDependency of the UI, where npm's workspace put it) in the real window: inject it,
// run it on what the window shows, and fail with a readable list of the serious and critical
// violations. Any test file can check a screen it has reached:
//
//   import { axeCheck, darkTheme } from "./axe.mjs";
//   await axeCheck(session, "the editor");            // throws when axe finds a violation
//   await darkTheme(session, true); await axeCheck(session, "the editor, dark");
//
// The app's CSP allows no inline script, so axe is not added as a <script> element: its source
// runs as the body of a WebDriver script, which the page's CSP does not govern.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./webdriver.mjs";

// Resolved as the UI resolves it: the root workspace hoists it to node_modules/.
const AXE = createRequire(join(ROOT, "ui", "package.json")).resolve("axe-core/axe.min.js");
let source;

/** The impacts that fail a check. */
export const FAILING = ["serious", "critical"];

/** Makes sure `window.axe` exists in the page (once per page load). */
async function inject(session) {
  if (await session.executeScript("return typeof window.axe === 'object';")) return;
  source ??= await readFile(AXE, "utf8");
  // axe's UMD wrapper sets window.axe when there is no module system, as here.
  await session.executeScript(`${source}\n;return typeof window.axe === 'object';`);
  assert.ok(await session.executeScript("return typeof window.axe === 'object';"), `axe-core did not load from ${AXE}`);
}

/**
 * Runs axe on the whole page and returns its violations of `impacts`, each as
 * { id, impact, help, helpUrl, nodes: [{ target, html, summary }] }.
 */
export async function axeViolations(session, { impacts = FAILING } = {}) {
  await inject(session);
  const json = await session.executeAsyncScript(
    `const done = arguments[arguments.length - 1];
     const impacts = arguments[0];
     window.axe
       .run(document, { resultTypes: ["violations"] })
       .then((r) => done(JSON.stringify(r.violations.filter((v) => impacts.includes(v.impact)).map((v) => ({
         id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
         nodes: v.nodes.map((n) => ({ target: n.target.join(" "), html: n.html.slice(0, 160), summary: (n.failureSummary || "").replace(/\\s+/g, " ").trim() })),
       })))))
       .catch((e) => done(JSON.stringify({ error: String(e) })));`,
    [impacts],
  );
  const result = JSON.parse(json);
  if (!Array.isArray(result)) throw new Error(`axe-core failed in the page: ${result.error}`);
  return result;
}

/** Violations as lines a person can act on: rule, impact, what to fix and where. */
export function formatViolations(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`• ${v.id} (${v.impact}): ${v.help} — ${v.helpUrl}`);
    for (const n of v.nodes.slice(0, 8)) lines.push(`    at ${n.target}\n      ${n.html}\n      ${n.summary}`);
    if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more elements`);
  }
  return lines.join("\n");
}

/** Fails (with the list) when axe finds a serious or critical violation on the page; `label` names the screen. */
export async function axeCheck(session, label, options = {}) {
  const violations = await axeViolations(session, options);
  const count = violations.reduce((n, v) => n + v.nodes.length, 0);
  assert.equal(count, 0, `axe-core on ${label}: ${count} serious or critical violations\n${formatViolations(violations)}`);
}

/**
 * Shows the page in the dark theme (`on`) or back in the one it had, without restarting the
 * app: the theme is the `data-theme` attribute app.css reads (lib/theme.ts), as the View
 * menu's theme items set it. The window under Xvfb has no dark system theme to switch to.
 */
export async function darkTheme(session, on) {
  const theme = await session.executeScript(
    `const root = document.documentElement;
     if (arguments[0]) {
       window.__savedTheme ??= [root.dataset.theme, root.style.colorScheme];
       root.dataset.theme = "dark";
       root.style.colorScheme = "dark";
     } else if (window.__savedTheme) {
       [root.dataset.theme, root.style.colorScheme] = window.__savedTheme;
       window.__savedTheme = undefined;
     }
     return root.dataset.theme;`,
    [on],
  );
  if (on) assert.equal(theme, "dark");
}
