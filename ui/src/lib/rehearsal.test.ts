import { describe, expect, it } from "vitest";
import { REHEARSAL_BLOCKS, rehearsalView } from "./rehearsal";

describe("rehearsalView", () => {
  it("is shaped like a real document: every kind of block, both scripts, speakers that exist", () => {
    const { document: d, undo } = rehearsalView();
    expect(d.blocks).toHaveLength(REHEARSAL_BLOCKS);
    expect(new Set(d.blocks.map((b) => b.type))).toEqual(new Set(["heading", "paragraph", "image", "turn"]));
    const people = new Set(d.participants.map((p) => p.id));
    for (const b of d.blocks) if (b.type === "turn") expect(people.has(b.speaker)).toBe(true);
    const text = JSON.stringify(d.blocks);
    expect(text).toMatch(/\p{Script=Han}/u);
    expect(text).toMatch(/[A-Za-z]{4}/);
    expect(d.participants.some((p) => p.role === "moderator")).toBe(true);
    expect(undo).toEqual({ undo: null, redo: null });
    // Ids never collide with a stored document's block ids (which are UUIDs).
    expect(d.blocks.every((b) => b.id.startsWith("r-"))).toBe(true);
  });
});
