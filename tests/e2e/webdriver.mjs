// A small W3C WebDriver client on Node's built-ins (global fetch), enough to drive the real
// Roundtable window through tauri-driver, plus helpers to start tauri-driver and the CLI.
//
//   const driver = await startTauriDriver({ env: { ROUNDTABLE_LIBRARY: lib } });
//   const session = await Session.start(driver.url, { application: APP });
//   const list = await session.waitFor('[data-testid="library-list"]');
//   ...
//   await session.end(); await driver.stop();

import { spawn, execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** The repository root: two levels above this file. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** The desktop app and the CLI as `cargo build` leaves them (override with env variables). */
export const APP = process.env.ROUNDTABLE_APP ?? join(ROOT, "target", "debug", "roundtable-desktop");
export const CLI = process.env.ROUNDTABLE_CLI ?? join(ROOT, "target", "debug", "roundtable");

/** The key under which W3C WebDriver returns an element reference. */
const ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** An error the remote end reported: `error` is the W3C error code ("no such element"…). */
export class WebDriverError extends Error {
  constructor(error, message, status) {
    super(`${error}: ${message}`);
    this.name = "WebDriverError";
    this.error = error;
    this.status = status;
  }
}

/** One HTTP call to a WebDriver endpoint; returns the `value` of the answer. */
export async function call(baseUrl, method, path, body, timeoutMs = 60_000) {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json; charset=utf-8" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json;
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new WebDriverError("invalid response", `${method} ${path} answered ${response.status}: ${text.slice(0, 200)}`, response.status);
  }
  const value = json?.value;
  // W3C errors come with a 4xx/5xx status; a script's result may itself hold an `error` key.
  if (!response.ok) {
    throw new WebDriverError(value?.error ?? `http ${response.status}`, value?.message ?? text.slice(0, 200), response.status);
  }
  return value;
}

/** Retries `fn` until it returns something other than undefined/false or the time is up. */
export async function poll(fn, { timeoutMs = 10_000, intervalMs = 100, what = "condition" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      if (!(error instanceof WebDriverError) || !RETRYABLE.has(error.error)) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last: ${lastError.message})` : ""}`);
    }
    await sleep(intervalMs);
  }
}

const RETRYABLE = new Set(["no such element", "stale element reference", "element not interactable", "javascript error"]);

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }

  #path(suffix) {
    return `/element/${encodeURIComponent(this.id)}${suffix}`;
  }

  text() {
    return this.session.cmd("GET", this.#path("/text"));
  }
  attribute(name) {
    return this.session.cmd("GET", this.#path(`/attribute/${encodeURIComponent(name)}`));
  }
  property(name) {
    return this.session.cmd("GET", this.#path(`/property/${encodeURIComponent(name)}`));
  }
  async click() {
    await this.session.cmd("POST", this.#path("/click"), {});
  }
  async clear() {
    await this.session.cmd("POST", this.#path("/clear"), {});
  }
  /** Types `text` into the element (W3C "Element Send Keys"). */
  async sendKeys(text) {
    await this.session.cmd("POST", this.#path("/value"), { text: String(text) });
  }
  async find(selector) {
    return this.session.toElement(await this.session.cmd("POST", this.#path("/element"), { using: "css selector", value: selector }));
  }
  async findAll(selector) {
    const refs = await this.session.cmd("POST", this.#path("/elements"), { using: "css selector", value: selector });
    return refs.map((r) => this.session.toElement(r));
  }
  /** For executeScript arguments: the element as the remote end knows it. */
  toJSON() {
    return { [ELEMENT_KEY]: this.id };
  }
}

export class Session {
  constructor(baseUrl, id, capabilities) {
    this.baseUrl = baseUrl;
    this.id = id;
    this.capabilities = capabilities;
  }

  /**
   * Starts the app through tauri-driver. `application` is the absolute path of the binary;
   * `args` its command-line arguments.
   */
  static async start(baseUrl, { application = APP, args = [], timeoutMs = 60_000 } = {}) {
    const value = await call(
      baseUrl,
      "POST",
      "/session",
      { capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application, args } } } },
      timeoutMs,
    );
    return new Session(baseUrl, value.sessionId, value.capabilities);
  }

  cmd(method, path, body) {
    return call(this.baseUrl, method, `/session/${encodeURIComponent(this.id)}${path}`, body);
  }

  toElement(ref) {
    const id = ref?.[ELEMENT_KEY];
    if (typeof id !== "string") throw new WebDriverError("invalid response", `not an element: ${JSON.stringify(ref)}`);
    return new Element(this, id);
  }

  async find(selector) {
    return this.toElement(await this.cmd("POST", "/element", { using: "css selector", value: selector }));
  }
  async findAll(selector) {
    const refs = await this.cmd("POST", "/elements", { using: "css selector", value: selector });
    return refs.map((r) => this.toElement(r));
  }

  /** Waits until `selector` matches an element and returns it. */
  waitFor(selector, timeoutMs = 10_000) {
    return poll(() => this.find(selector), { timeoutMs, what: selector });
  }

  /** Waits until `fn(session)` returns a truthy value and returns it. */
  waitUntil(fn, { timeoutMs = 10_000, what = "condition" } = {}) {
    return poll(() => fn(this), { timeoutMs, what });
  }
  /**
   * Waits until `script`, run in the page with `args`, returns an element, and returns it: for
   * elements found by their text or value, which a CSS selector cannot say.
   */
  waitForElement(script, args = [], { timeoutMs = 10_000, what = "an element" } = {}) {
    return this.waitUntil((s) => s.executeScript(script, args).then((r) => (r ? s.toElement(r) : null)), { timeoutMs, what });
  }


  /** Runs `script` (a function body; `arguments` holds `args`) in the page; returns its result. */
  executeScript(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /**
   * Runs `script` in the page and waits for it to call its last argument (the W3C "execute
   * async" callback) with the result; `arguments` holds `args` before it.
   */
  executeAsyncScript(script, args = []) {
    return this.cmd("POST", "/execute/async", { script, args });
  }

  /** The texts of all elements matching `selector`, in document order (textContent, trimmed). */
  texts(selector) {
    return this.executeScript(
      "return Array.from(document.querySelectorAll(arguments[0]), (e) => e.textContent.trim());",
      [selector],
    );
  }

  title() {
    return this.cmd("GET", "/title");
  }

  /** Loads `url` in the window (for checks against a plain WebKit browser). */
  async navigate(url) {
    await this.cmd("POST", "/url", { url });
  }

  /** Resizes the window (CSS pixels of the outer window, as WebDriver's window rect). */
  async setWindowSize(width, height) {
    return this.cmd("POST", "/window/rect", { width, height });
  }

  /** Presses and releases keys through the Actions API: `keys` is a list of key values. */
  async pressKeys(keys) {
    const down = keys.map((value) => ({ type: "keyDown", value }));
    const up = [...keys].reverse().map((value) => ({ type: "keyUp", value }));
    await this.cmd("POST", "/actions", { actions: [{ type: "key", id: "keyboard", actions: [...down, ...up] }] });
    await this.cmd("DELETE", "/actions").catch(() => {});
  }

  /**
   * Saves a PNG of the window's viewport to `file` (folders are made).
   *
   * WebKitGTK (2.50, without compositing, as under Xvfb) answers a screenshot only after its
   * next paint, and an idle page does not paint: the command then hangs. So first an invisible
   * 1-pixel element flickers for two seconds, which makes the page paint; it removes itself.
   */
  async screenshot(file, timeoutMs = 30_000) {
    await this.executeScript(REPAINT_SCRIPT).catch(() => {});
    const base64 = await call(this.baseUrl, "GET", `/session/${encodeURIComponent(this.id)}/screenshot`, undefined, timeoutMs);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, Buffer.from(base64, "base64"));
    return file;
  }

  /** Closes the app. Never throws: it is called from cleanup code. */
  async end() {
    try {
      await call(this.baseUrl, "DELETE", `/session/${encodeURIComponent(this.id)}`, undefined, 15_000);
    } catch {
      // The app may already be gone.
    }
  }
}

const REPAINT_SCRIPT = `
  const dot = document.createElement("div");
  Object.assign(dot.style, { position: "fixed", left: "0", top: "0", width: "1px", height: "1px", pointerEvents: "none" });
  document.body.appendChild(dot);
  let n = 0;
  const timer = setInterval(() => {
    dot.style.opacity = String((n % 2) * 0.01);
    if (++n > 40) { clearInterval(timer); dot.remove(); }
  }, 50);
`;

/** Special keys for sendKeys / pressKeys (W3C normalized key values). */
export const Keys = {
  CONTROL: "\uE009",
  ENTER: "\uE007",
  ESCAPE: "\uE00C",
  BACKSPACE: "\uE003",
};

/** A TCP port nobody listens on right now. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** tauri-driver from TAURI_DRIVER, ~/.cargo/bin or the PATH. */
export function tauriDriverPath() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin", "tauri-driver");
  return existsSync(cargoBin) ? cargoBin : "tauri-driver";
}

/**
 * Starts a tauri-driver of its own (and so a WebKitWebDriver of its own) on free ports, with
 * `env` added to its environment: the app it launches inherits that environment, which is how
 * each test gives the app its own library. Resolves once the driver answers /status.
 */
export async function startTauriDriver({ env = {}, timeoutMs = 20_000 } = {}) {
  const port = await freePort();
  let nativePort = await freePort();
  while (nativePort === port) nativePort = await freePort();
  // A process group of its own: tauri-driver, WebKitWebDriver, the app and WebKit's helper
  // processes all land in it, so stop() can end every one of them at once. Otherwise an app
  // left running by a failed session end would hold this process's pipes open and keep the
  // test file (and with it `node --test`) from ever exiting.
  const child = spawn(tauriDriverPath(), ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const keep = (chunk) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
  });
  child.on("error", (error) => {
    exited = { error };
  });

  const killGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is already empty.
    }
  };
  // If this process ends without stop(), still end the whole group.
  const onExit = () => killGroup("SIGKILL");
  process.once("exit", onExit);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener("exit", onExit);
    if (exited === null) {
      const gone = new Promise((r) => child.once("exit", r));
      killGroup("SIGTERM");
      const timer = setTimeout(() => killGroup("SIGKILL"), 5_000);
      await gone;
      clearTimeout(timer);
    }
    // Whatever of the group outlived tauri-driver (an app that ignored the session's end).
    killGroup("SIGKILL");
    child.stdout.destroy();
    child.stderr.destroy();
    child.unref();
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== null) {
      throw new Error(`tauri-driver (${tauriDriverPath()}) exited early: ${JSON.stringify(exited)}\n${log}`);
    }
    try {
      // tauri-driver forwards /status to WebKitWebDriver: an answer means both are up.
      const value = await call(url, "GET", "/status", undefined, 2_000);
      if (value?.ready !== false) break;
    } catch {
      // not yet
    }
    if (Date.now() >= deadline) {
      await stop();
      throw new Error(`tauri-driver did not answer on ${url} within ${timeoutMs} ms\n${log}`);
    }
    await sleep(150);
  }
  return { url, port, nativePort, stop, log: () => log };
}

const execFileAsync = promisify(execFile);

/** The CSS selector of the element whose `data-testid` is `testid`. */
export const $ = (testid) => `[data-testid="${testid}"]`;

/** Document `id` of `library` as the CLI exports it (the canonical JSON), parsed. */
export async function exportedDocument(library, id) {
  const { stdout } = await execFileAsync(CLI, ["--library", library, "export", id, "-f", "json"], { encoding: "utf8" });
  return JSON.parse(stdout);
}

/** The documents of `library` as `roundtable list --json` gives them. */
export async function listedDocuments(library) {
  const { stdout } = await execFileAsync(CLI, ["--library", library, "list", "--json"], { encoding: "utf8" });
  return JSON.parse(stdout);
}

/** Waits until the editor has stored every edit (its save status is idle). */
export function editsSaved(session) {
  return session.waitUntil(async (s) => (await (await s.find($("save-status"))).attribute("data-busy")) === "false", { what: "saved" });
}

/** Opens document `id` from the library list and waits until the editor has painted it. */
export async function openFromLibrary(session, id, timeoutMs = 30_000) {
  await (await session.waitFor(`${$("library-item")}[data-id="${id}"] ${$("library-item-open")}`, timeoutMs)).click();
  await session.waitFor(`${$("editor")}[data-doc-id="${id}"] ${$("editor-page")}[data-ready="true"]`, timeoutMs);
}

/** Puts `text` into the import screen's text box as a paste does (the value changes, an input event fires). */
export async function pasteIntoImport(session, text) {
  const area = await session.waitFor($("import-text"));
  await session.executeScript(
    "const a = arguments[0]; a.focus(); a.value = arguments[1]; a.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));",
    [area, text],
  );
}

/** Imports `files` into the library with the CLI; returns the new document ids. */
export async function importFixtures(library, files) {
  const { stdout } = await execFileAsync(CLI, ["--library", library, "import", ...files], { encoding: "utf8" });
  return stdout
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/**
 * The environment that keeps everything the app and its web view store (a saved language, a
 * cache) inside `tmp`, with `library` as the app's library: no earlier run changes what a test
 * sees. Makes the folders.
 */
export async function appEnv(tmp, library) {
  const home = (name) => join(tmp, name);
  await Promise.all(["data", "config", "cache"].map((d) => mkdir(home(d), { recursive: true })));
  return { ROUNDTABLE_LIBRARY: library, XDG_DATA_HOME: home("data"), XDG_CONFIG_HOME: home("config"), XDG_CACHE_HOME: home("cache") };
}

/**
 * A test file's cleanup: a screenshot to `screenshot` (on failure it shows what the window
 * looked like), the app closed, the driver stopped, `tmp` removed. Never throws.
 */
export async function closeApp({ session, driver, tmp, screenshot }) {
  if (session) {
    await session.screenshot(screenshot).catch((e) => console.error(`screenshot failed: ${e.message}`));
    await session.end();
  }
  await driver?.stop();
  if (tmp) await rm(tmp, { recursive: true, force: true });
}

/** Turns as "speaker: paragraph / paragraph", in order, as the page shows them. */
export function turnTexts(session) {
  return session.executeScript(`return Array.from(document.querySelectorAll('[data-testid="block"][data-type="turn"]'), (b) =>
    b.querySelector('[data-testid="turn-speaker"]').textContent.trim() + ": " +
    Array.from(b.querySelectorAll('[data-testid="turn-text"]'), (p) => p.textContent).join(" / "));`);
}

/** The turn text containing `needle`, with the caret put at `offset` in it (as a click there does). */
export async function caretInTurn(session, needle, offset) {
  const el = await session.waitForElement("return Array.from(document.querySelectorAll('[data-testid=\"turn-text\"]')).find((p) => p.textContent.includes(arguments[0])) || null;", [needle], { what: `the turn with ${needle}` });
  await session.executeScript(
    `const el = arguments[0]; el.scrollIntoView({ block: 'center' }); el.focus(); const r = document.createRange(); r.setStart(el.firstChild, arguments[1]); r.collapse(true);
     const s = getSelection(); s.removeAllRanges(); s.addRange(r); document.dispatchEvent(new Event('selectionchange'));`,
    [el, offset],
  );
  return el;
}

/**
 * A test file's start: a new library in a temporary folder holding one document imported
 * from `text` (written as `name`), the app on it through tauri-driver. Returns
 * { tmp, library, id, driver, session }; closeApp is its cleanup.
 */
export async function startWithDocument(name, text) {
  for (const binary of [APP, CLI]) {
    if (!existsSync(binary)) throw new Error(`${binary} is missing: build the CLI and the app first`);
  }
  const tmp = await mkdtemp(join(tmpdir(), `roundtable-e2e-${name.replace(/\.[^.]*$/, "")}-`));
  const library = join(tmp, "library.sqlite");
  const file = join(tmp, name);
  await writeFile(file, text);
  const [id] = await importFixtures(library, [file]);
  const driver = await startTauriDriver({ env: await appEnv(tmp, library) });
  const session = await Session.start(driver.url, { application: APP });
  return { tmp, library, id, driver, session };
}

/**
 * Sends `session` a synthetic composition that ends with `key` to `el`, in `order`:
 *   "chrome": compositionstart, compositionupdate, keydown(key, isComposing, keyCode 229), compositionend;
 *   "firefox": as Chrome, but the keydown carries the key's own keyCode (isComposing says it all);
 *   "webkit": compositionstart, compositionupdate, compositionend, keydown(key, isComposing false, keyCode 229);
 *   "webkit-late": as WebKit, but the keydown carries the key's own keyCode (only its timing says it).
 * Returns whether any handler prevented the key's default.
 */
export function composeKey(session, el, key, order, data = "工") {
  return session.executeScript(
    `const [el, key, order, data] = arguments;
     const codes = { Enter: 13, Escape: 27, Backspace: 8, F1: 112 };
     const down = (composing, keyCode) => {
       const e = new KeyboardEvent("keydown", { key, code: key, bubbles: true, cancelable: true, composed: true, isComposing: composing });
       Object.defineProperty(e, "keyCode", { get: () => keyCode });
       Object.defineProperty(e, "which", { get: () => keyCode });
       el.dispatchEvent(e);
       return e.defaultPrevented;
     };
     const c = (type, d) => el.dispatchEvent(new CompositionEvent(type, { bubbles: true, cancelable: true, data: d }));
     el.focus();
     c("compositionstart", "");
     c("compositionupdate", "gong");
     let prevented;
     if (order === "chrome" || order === "firefox") {
       prevented = down(true, order === "chrome" ? 229 : codes[key]);
       c("compositionend", data);
     } else {
       c("compositionend", data);
       prevented = down(false, order === "webkit" ? 229 : codes[key]);
     }
     return prevented;`,
    [el, key, order, data],
  );
}


/** The find bar's count as [current, total] ("?/N": none shown yet, 0), or its text when it shows none. */
export async function findBarCount(session) {
  const text = await (await session.find($("find-count"))).text();
  const m = /(\d+|\?)\/(\d+)/.exec(text);
  return m ? [m[1] === "?" ? 0 : Number(m[1]), Number(m[2])] : text.trim();
}
