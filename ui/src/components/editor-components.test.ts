// Editor components rendered on the server side of Svelte: what they show, and that document
// text stays text (never markup).
import { describe, expect, it } from "vitest";
import { render } from "svelte/server";
import type { BlockCtx } from "../lib/blockctx";
import { estimateHeight } from "../lib/blockctx";
import { editorMessages } from "../lib/strings";
import BlockView from "./BlockView.svelte";
import HistoryPanel from "./HistoryPanel.svelte";

const noop = (): void => {};
const ctx: BlockCtx = {
  text: noop,
  key: noop,
  speakerMenu: noop,
  topics: noop,
  image: noop,
  chooseImage: noop,
  focus: noop,
  dragStart: noop,
  dragOver: noop,
  drop: noop,
  imageUrl: () => Promise.resolve(""),
  observe: () => noop,
};

describe("BlockView", () => {
  it("shows a turn's speaker, tags and paragraphs as text", () => {
    const { body } = render(BlockView, {
      props: {
        block: { type: "turn", id: "b1", speaker: "p1", paragraphs: ["<b>不是标记</b>", "第二段"], start: null, end: null, topics: ["住房"], continues: false },
        ctx,
        s: editorMessages["zh-CN"],
        speakerName: "林晓雯",
        speakerRole: "moderator",
        lang: "zh",
      },
    });
    expect(body).toContain('data-block-id="b1"');
    expect(body).toMatch(/data-testid="turn-speaker"[^>]*>林晓雯</);
    expect(body).toMatch(/<li[^>]*>住房<\/li>/);
    // One editable element per paragraph; the text is put in as text when it mounts, so no
    // markup from the document ever reaches the HTML.
    expect(body.match(/data-testid="turn-text"/g)?.length).toBe(2);
    expect(body).not.toContain("<b>");
  });
  it("shows a placeholder of a guessed height when far from the screen", () => {
    const block = { type: "heading" as const, id: "h", text: "小标题" };
    const { body } = render(BlockView, { props: { block, ctx, s: editorMessages.en, lang: "zh", near: false } });
    expect(body).toContain(`height: ${estimateHeight(block)}px`);
    expect(body).not.toContain("heading-text");
  });
  it("draws an image slot with its caption field", () => {
    const { body } = render(BlockView, {
      props: { block: { type: "image", id: "i", asset: null, caption: "现场", credit: "摄影", alt: null }, ctx, s: editorMessages.en, lang: "zh" },
    });
    expect(body).toContain('data-testid="image-choose"');
    expect(body).toMatch(/data-testid="image-credit"[^>]*value="摄影"/);
  });
});

describe("HistoryPanel", () => {
  it("lists batches newest first with labels in the UI language", () => {
    const entry = (batch: number, kind: "import" | "edit", label: string) => ({ device: "d", batch, kind, label, wall_ms: 0, ops: 2, mine: true });
    const { body } = render(HistoryPanel, {
      props: {
        entries: [entry(1, "import", ""), entry(2, "edit", "Split turn")],
        s: editorMessages["zh-CN"],
        locale: "zh-CN",
        preview: noop,
        restore: noop,
      },
    });
    const labels = [...body.matchAll(/data-testid="history-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels).toEqual(["拆分发言", "导入"]);
    // The newest is the current state: it can be previewed but not restored.
    expect(body.match(/history-restore/g)?.length).toBe(1);
  });
});
