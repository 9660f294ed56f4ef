// Point 3 of issue 12: the one IME guard every key handler asks (lib/ime.ts).
import { afterEach, describe, expect, it } from "vitest";
import { AFTER_COMPOSITION_MS, afterComposition, composingElement, composingIn, installImeTracker, isImeKey, isImeKeyAt, reset } from "./ime";

afterEach(() => reset());

describe("isImeKeyAt", () => {
  const never = Number.NEGATIVE_INFINITY;
  it("is the IME's while composing (Chrome and Firefox order)", () => {
    expect(isImeKeyAt({ isComposing: true, keyCode: 13 }, never, 1000)).toBe(true);
  });
  it("is the IME's with keyCode 229 even when isComposing is false (WebKit order)", () => {
    expect(isImeKeyAt({ isComposing: false, keyCode: 229 }, never, 1000)).toBe(true);
  });
  it("is the IME's within a few milliseconds after compositionend, whatever the keyCode", () => {
    expect(isImeKeyAt({ isComposing: false, keyCode: 13 }, 1000, 1000)).toBe(true);
    expect(isImeKeyAt({ isComposing: false, keyCode: 13 }, 1000, 1000 + AFTER_COMPOSITION_MS)).toBe(true);
  });
  it("is an ordinary key later on, or with no composition at all", () => {
    expect(isImeKeyAt({ isComposing: false, keyCode: 13 }, 1000, 1000 + AFTER_COMPOSITION_MS + 1)).toBe(false);
    expect(isImeKeyAt({ isComposing: false, keyCode: 13 }, never, 1000)).toBe(false);
    expect(isImeKeyAt({ keyCode: 8 }, never, 5)).toBe(false);
  });
});

/** A document stand-in: only the events the tracker listens to. */
function fakeDocument(): Document & EventTarget {
  return new EventTarget() as Document & EventTarget;
}

/** An element stand-in that an event can target. */
function fakeElement(inside?: object): Element {
  const el = new EventTarget() as unknown as Element & { contains: (o: unknown) => boolean };
  el.contains = (o: unknown) => o === el || o === inside;
  return el;
}

function fire(doc: EventTarget, type: string, target: EventTarget): void {
  const e = new Event(type);
  Object.defineProperty(e, "target", { value: target });
  doc.dispatchEvent(e);
}

describe("the composition tracker", () => {
  it("knows where a composition is in progress and when it ended", async () => {
    const doc = fakeDocument();
    const remove = installImeTracker(doc);
    const child = {};
    const el = fakeElement(child);
    fire(doc, "compositionstart", el);
    expect(composingElement()).toBe(el);
    expect(composingIn(el)).toBe(true);
    expect(isImeKey({ isComposing: true, keyCode: 13 })).toBe(true);
    expect(isImeKey({ isComposing: false, keyCode: 229 })).toBe(true);
    let ran = 0;
    afterComposition(() => (ran += 1));
    expect(ran).toBe(0);
    fire(doc, "compositionend", el);
    expect(composingElement()).toBe(null);
    // WebKit's order: the confirming Enter right after compositionend.
    expect(isImeKey({ isComposing: false, keyCode: 13 })).toBe(true);
    await new Promise((r) => setTimeout(r, AFTER_COMPOSITION_MS + 40));
    expect(ran).toBe(1);
    expect(isImeKey({ isComposing: false, keyCode: 13 })).toBe(false);
    remove();
  });
  it("forgets a composition whose end was missed at the next plain key", () => {
    const doc = fakeDocument();
    const remove = installImeTracker(doc);
    fire(doc, "compositionstart", fakeElement());
    expect(isImeKey({ isComposing: true, keyCode: 229 })).toBe(true);
    expect(isImeKey({ isComposing: false, keyCode: 229 })).toBe(true);
    expect(composingElement()).not.toBe(null);
    expect(isImeKey({ isComposing: false, keyCode: 13 })).toBe(false);
    expect(composingElement()).toBe(null);
    remove();
  });
  it("runs at once what waits for no composition", () => {
    let ran = false;
    afterComposition(() => (ran = true));
    expect(ran).toBe(true);
  });
});

// "Used by every key handler": each component or view that handles a key imports the guard.
describe("every key handler asks the guard", () => {
  const sources = import.meta.glob("../**/*.svelte", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
  expect(Object.keys(sources).length).toBeGreaterThan(10);
  for (const [file, src] of Object.entries(sources)) {
    if (!/onkeydown|keydown|onkeyup|keypress/.test(src)) continue;
    // EditableText only forwards the event to its owner's handler, which asks.
    if (file.endsWith("EditableText.svelte")) continue;
    it(`${file} uses lib/ime`, () => {
      expect(src).toMatch(/from "(\.\.\/lib|\.\/lib)\/ime"/);
      expect(src).toMatch(/isImeKey\(/);
    });
  }
});
