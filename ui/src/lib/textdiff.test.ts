import { describe, expect, it } from "vitest";
import { diffWords, textOf, tokens, type DiffPart } from "./textdiff";

function check(base: string, next: string, expected: DiffPart[]): void {
  expect(diffWords(base, next)).toEqual(expected);
}

describe("diffWords", () => {
  it("marks a word added at the start and one removed at the end", () => {
    check("the budget grew", "Yes, the budget grew", [
      { kind: "added", text: "Yes, " },
      { kind: "same", text: "the budget grew" },
    ]);
    check("the budget grew fast", "the budget grew", [
      { kind: "same", text: "the budget grew" },
      { kind: "removed", text: " fast" },
    ]);
  });
  it("compares Chinese character by character", () => {
    check("社区很重要", "社区非常重要", [
      { kind: "same", text: "社区" },
      { kind: "removed", text: "很" },
      { kind: "added", text: "非常" },
      { kind: "same", text: "重要" },
    ]);
  });
  it("leaves equal texts whole", () => {
    check("同一句话 same", "同一句话 same", [{ kind: "same", text: "同一句话 same" }]);
  });
  it("splits mixed runs into words and characters", () => {
    expect(tokens("AI工会 budget")).toEqual(["AI", "工", "会", " ", "budget"]);
  });
});

describe("textOf", () => {
  it("joins paragraphs and refuses values that are not text", () => {
    expect(textOf(["一", "二"])).toBe("一\n\n二");
    expect(textOf("x")).toBe("x");
    expect(textOf({ id: "p1" })).toBeNull();
  });
});
