import { describe, expect, it } from "vitest";
import type { Block, Document } from "./bindings";
import {
  deleteBlock,
  emptyImageCount,
  insertBlock,
  emptyBlock,
  joinParagraph,
  joinText,
  mergeParticipants,
  mergeSpeakerRuns,
  mergeWithPrevious,
  moveBlock,
  moveBlockTo,
  moveBefore,
  parseTags,
  reassign,
  speakerToText,
  blockToTitle,
  reconcile,
  removeEmptyImages,
  removeParticipant,
  setModerator,
  setText,
  setTurnTopics,
  splitParagraph,
  splitTurn,
  turnCounts,
  turnTopics,
  updateParticipant,
} from "./editor";
import { doc, person, shape, turn } from "./fixtures";

const base = doc([
  { type: "heading", id: "h", text: "开场" },
  turn("a", "p1", "第一段。第二句。", "另一段"),
  turn("b", "p2", "Hello world. Second sentence."),
  turn("c", "p2", "More."),
  { type: "image", id: "i", asset: null, caption: "现场", credit: null, alt: null },
  turn("d", "p2", "After the image."),
]);

describe("splitTurn", () => {
  const check = (id: string, index: number, offset: number, expected: string[] | null) =>
    expect(shape(splitTurn(base, id, index, offset, "new"))).toEqual(expected);
  it("splits at the caret, trimming the cut, the rest to a new turn of the same speaker", () => {
    check("a", 0, 4, ["#开场", "p1:第一段。", "p1:第二句。|另一段", "p2:Hello world. Second sentence.", "p2:More.", "img:现场", "p2:After the image."]);
    check("b", 0, 12, ["#开场", "p1:第一段。第二句。|另一段", "p2:Hello world.", "p2:Second sentence.", "p2:More.", "img:现场", "p2:After the image."]);
    // At the start of a later paragraph: paragraphs before stay, the rest moves.
    check("a", 1, 0, ["#开场", "p1:第一段。第二句。", "p1:另一段", "p2:Hello world. Second sentence.", "p2:More.", "img:现场", "p2:After the image."]);
  });
  it("does nothing at the very start or end, or outside a turn", () => {
    check("a", 0, 0, null);
    check("c", 0, 5, null);
    check("h", 0, 1, null);
    check("a", 5, 0, null);
  });
  it("gives the new turn the new id and no topics", () => {
    const t = setTurnTopics(base, "a", ["住房"]);
    const d = splitTurn(t as Document, "a", 0, 4, "new");
    expect(d?.blocks[2]).toMatchObject({ id: "new", speaker: "p1", topics: [], continues: false });
    expect(d?.blocks[1]).toMatchObject({ id: "a", topics: ["住房"] });
  });
});

describe("paragraphs in a turn", () => {
  it("splits and joins", () => {
    const s = splitParagraph(base, "b", 0, 12);
    expect(shape(s)?.[2]).toBe("p2:Hello world.|Second sentence.");
    const j = joinParagraph(s as Document, "b", 1);
    expect(shape(j?.doc ?? null)?.[2]).toBe("p2:Hello world. Second sentence.");
    expect(j?.caret).toBe(12);
    expect(joinParagraph(base, "b", 0)).toBeNull();
  });
  it("joins Latin with a space and CJK without", () => {
    const check = (a: string, b: string, out: string) => expect(joinText(a, b)).toBe(out);
    check("hello", "world", "hello world");
    check("第一句。", "第二句", "第一句。第二句");
    check("工会", "union", "工会union");
    check("", "x", "x");
  });
});

describe("merging turns", () => {
  const check = (id: string, expected: string[] | null) => expect(shape(mergeWithPrevious(base, id))).toEqual(expected);
  it("merges a turn into the previous turn, keeping the earlier speaker", () => {
    check("c", ["#开场", "p1:第一段。第二句。|另一段", "p2:Hello world. Second sentence.|More.", "img:现场", "p2:After the image."]);
    check("b", ["#开场", "p1:第一段。第二句。|另一段|Hello world. Second sentence.", "p2:More.", "img:现场", "p2:After the image."]);
  });
  it("refuses across kinds and at the top", () => {
    check("a", null);
    check("d", null);
    check("h", null);
  });
  it("merges every run of one speaker, not across an image", () => {
    const r = mergeSpeakerRuns(base, "p2");
    expect(r.merged).toBe(1);
    expect(shape(r.doc)).toEqual(["#开场", "p1:第一段。第二句。|另一段", "p2:Hello world. Second sentence.|More.", "img:现场", "p2:After the image."]);
    expect(mergeSpeakerRuns(base, "p1").merged).toBe(0);
    expect(mergeSpeakerRuns(base, "p1").doc).toBe(base);
  });
});

describe("moving, reassigning, inserting, deleting", () => {
  it("moves by a step and to a place, clamped", () => {
    expect(shape(moveBlock(base, "c", -1))?.slice(1, 4)).toEqual(["p1:第一段。第二句。|另一段", "p2:More.", "p2:Hello world. Second sentence."]);
    expect(shape(moveBlockTo(base, "h", 99))?.at(-1)).toBe("#开场");
    expect(moveBlock(base, "h", -1)).toBeNull();
  });
  it("moves before another block (a drop)", () => {
    const ids = (d: Document | null) => d?.blocks.map((b) => b.id) ?? null;
    expect(ids(moveBefore(base, "d", "a"))).toEqual(["h", "d", "a", "b", "c", "i"]);
    expect(ids(moveBefore(base, "a", null))).toEqual(["h", "b", "c", "i", "d", "a"]);
    expect(ids(moveBefore(base, "a", "b"))).toBeNull();
    expect(ids(moveBefore(base, "a", "a"))).toBeNull();
  });
  it("reassigns only to a known participant", () => {
    expect(shape(reassign(base, "b", "p1"))?.[2]).toBe("p1:Hello world. Second sentence.");
    expect(reassign(base, "b", "nobody")).toBeNull();
    expect(reassign(base, "b", "p2")).toBeNull();
    expect(reassign(base, "h", "p1")).toBeNull();
  });
  it("inserts after a block or at the top, deletes", () => {
    expect(shape(insertBlock(base, "a", emptyBlock("paragraph", "n", "p1")))?.slice(0, 3)).toEqual(["#开场", "p1:第一段。第二句。|另一段", ""]);
    expect(insertBlock(base, null, emptyBlock("heading", "n", "p1")).blocks[0]?.id).toBe("n");
    expect(emptyBlock("turn", "n", "p2")).toMatchObject({ type: "turn", speaker: "p2", paragraphs: [""] });
    expect(shape(deleteBlock(base, "i"))).not.toContain("img:现场");
    expect(deleteBlock(base, "zz")).toBeNull();
  });
  it("edits text and keeps untouched blocks as the same objects", () => {
    const d = setText(base, "a", 1, "改过") as Document;
    expect(shape(d)?.[1]).toBe("p1:第一段。第二句。|改过");
    expect(d.blocks[2]).toBe(base.blocks[2]);
    expect(setText(base, "a", 1, "另一段")).toBeNull();
    expect(shape(setText(base, "h", 0, "新标题"))?.[0]).toBe("#新标题");
  });
});

describe("topics", () => {
  it("sets clean tags on turns and lists them in order", () => {
    const d = setTurnTopics(base, "b", [" housing ", "", "housing", "rent"]) as Document;
    expect(shape(d)?.[2]).toBe("p2:Hello world. Second sentence. [housing,rent]");
    const e = setTurnTopics(d, "a", ["rent", "工会"]) as Document;
    expect(turnTopics(e)).toEqual(["rent", "工会", "housing"]);
    expect(setTurnTopics(d, "b", ["housing", "rent"])).toBeNull();
  });
  it("parses tag fields in both languages", () => {
    expect(parseTags("a, b、c;d,a")).toEqual(["a", "b", "c", "d"]);
    expect(parseTags("  ")).toEqual([]);
  });
});

describe("participants", () => {
  it("renames in one place, keeping the old name as an alias", () => {
    const d = updateParticipant(base, "p2", { name: " 王立新馆长 " }) as Document;
    expect(d.participants[1]).toMatchObject({ name: "王立新馆长", aliases: ["王立新"] });
    expect(updateParticipant(base, "p2", { name: "  " })).toBeNull();
    expect(updateParticipant(base, "p2", { name: "王立新" })).toBeNull();
    expect(updateParticipant(base, "p2", { title: "馆长" })?.participants[1]?.title).toBe("馆长");
  });
  it("merges one into another: turns, aliases, the moderator role", () => {
    const two = { ...base, participants: [...base.participants, { ...person("p3", "WANG"), aliases: ["Mr Wang"] }] };
    const withTurn = insertBlock(two, "d", turn("e", "p3", "Yes."));
    const d = mergeParticipants(withTurn, "p3", "p2") as Document;
    expect(d.participants.map((p) => p.id)).toEqual(["p1", "p2"]);
    expect(d.participants[1]?.aliases).toEqual(["WANG", "Mr Wang"]);
    expect(shape(d)?.at(-1)).toBe("p2:Yes.");
    expect(mergeParticipants(base, "p1", "p2")?.participants[0]?.role).toBe("moderator");
    expect(mergeParticipants(base, "p1", "p1")).toBeNull();
  });
  it("sets one moderator", () => {
    const d = setModerator(base, "p2") as Document;
    expect(d.participants.map((p) => p.role)).toEqual(["guest", "moderator"]);
    expect(setModerator(d, "p2")).toBeNull();
  });
  it("removes only a participant without turns and counts turns", () => {
    expect(removeParticipant(base, "p2")).toBeNull();
    const d = { ...base, participants: [...base.participants, person("p3", "X")] };
    expect(removeParticipant(d, "p3")?.participants.length).toBe(2);
    expect([...turnCounts(base)]).toEqual([["p1", 1], ["p2", 3]]);
  });
});

describe("reconcile", () => {
  it("reuses equal blocks so only changed ones re-render", () => {
    const fresh = JSON.parse(JSON.stringify(setText(base, "b", 0, "changed"))) as Document;
    const r = reconcile(base, fresh);
    expect(r.blocks[1]).toBe(base.blocks[1]);
    expect(r.blocks[2]).not.toBe(base.blocks[2]);
    expect(r.participants[0]).toBe(base.participants[0]);
    expect(reconcile(null, fresh)).toBe(fresh);
  });
});

describe("removeEmptyImages (issue 12, point 8: remove empty picture slots)", () => {
  const slot = (id: string, patch: Partial<Extract<Block, { type: "image" }>> = {}): Block => ({ ...emptyBlock("image", id, ""), ...patch }) as Block;
  const pasted = doc([
    slot("i1"),
    turn("a", "p1", "问题?"),
    slot("i2"),
    slot("i3", { caption: "  " }),
    turn("b", "p2", "回答。", "第二段。"),
    slot("i4", { caption: "工厂车间。" }),
    slot("i5", { asset: "sha256-abc.png" }),
    slot("i6", { credit: "摄影:某某" }),
    { ...(turn("c", "p2", "接着说。") as Extract<Block, { type: "turn" }>), continues: true },
  ]);

  it("removes slots with neither a picture nor words, and keeps everything else as it was", () => {
    expect(emptyImageCount(pasted)).toBe(3);
    const d = removeEmptyImages(pasted);
    expect(d.blocks.map((b) => b.id)).toEqual(["a", "b", "i4", "i5", "i6", "c"]);
    expect(emptyImageCount(d)).toBe(0);
    // The same objects: nothing else re-renders or becomes an op.
    expect(d.blocks[1]).toBe(pasted.blocks[4]);
    expect(d.blocks.at(-1)).toMatchObject({ continues: true });
    expect(pasted.blocks.length).toBe(9);
  });
  it("returns the document itself when there is no empty slot", () => {
    const d = removeEmptyImages(pasted);
    expect(removeEmptyImages(d)).toBe(d);
  });
});

// Issue 13: the fixes the corpus needed most often are one click in the import preview.
describe("one-click import fixes", () => {
  it("keeps a wrong speaker's lines as text, label and all", () => {
    const d = doc([turn("t1", "p1", "问题"), turn("t2", "p3", "2024年3月", "北京"), turn("t3", "p2", "回答")], [person("p1", "主持人", "moderator"), person("p2", "王立新"), person("p3", "时间")]);
    const out = speakerToText(d, "p3");
    expect(shape(out)).toEqual(["p1:问题", "时间：2024年3月", "北京", "p2:回答"]);
    expect(out?.participants.map((p) => p.id)).toEqual(["p1", "p2"]);
    expect(new Set(out?.blocks.map((b) => b.id)).size).toBe(4);
    expect(speakerToText(d, "nobody")).toBeNull();
  });
  it("takes a narration line as the title", () => {
    const d = doc([{ type: "paragraph", id: "n", text: " 社区食堂圆桌：一碗饭里的基层治理 " }, turn("t1", "p1", "问题")]);
    const out = blockToTitle(d, "n");
    expect(out?.title).toBe("社区食堂圆桌：一碗饭里的基层治理");
    expect(shape(out)).toEqual(["p1:问题"]);
    expect(blockToTitle(d, "t1")).toBeNull();
  });
});
