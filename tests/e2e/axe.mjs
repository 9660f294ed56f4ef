// axe-core (ui/node_modules/axe-core, a devDependency of the UI) in the real window: inject it,
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
import { join } from "node:path";
import { ROOT } from "./webdriver.mjs";

const AXE = join(ROOT, "ui", "node_modules", "axe-core", "axe.min.js");
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
 * Shows the page in the dark theme (`on`) or back in the system's, without restarting the app:
 * the stylesheets' `prefers-color-scheme: dark` blocks are made to apply always (or as before).
 * The window under Xvfb has no dark system theme to switch to.
 */
export async function darkTheme(session, on) {
  const changed = await session.executeScript(
    `const on = arguments[0];
     window.__darkRules ??= [];
     // Form controls the engine draws itself follow the used colour scheme, not the rules.
     document.documentElement.style.colorScheme = on ? "dark" : "";
     if (!on) {
       for (const [rule, text] of window.__darkRules) rule.media.mediaText = text;
       const n = window.__darkRules.length;
       window.__darkRules = [];
       return n;
     }
     for (const sheet of document.styleSheets) {
       for (const rule of sheet.cssRules) {
         if (rule instanceof CSSMediaRule && /prefers-color-scheme:\\s*dark/.test(rule.media.mediaText)) {
           window.__darkRules.push([rule, rule.media.mediaText]);
           rule.media.mediaText = "all";
         }
       }
     }
     return window.__darkRules.length;`,
    [on],
  );
  assert.ok(changed > 0, "no prefers-color-scheme: dark rules to switch");
}
