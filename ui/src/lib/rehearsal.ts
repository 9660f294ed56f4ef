// The document the editor rehearses on while the library sits idle (App.svelte). The first
// document opened after launch paid for everything done for the first time: the engine compiling
// the editor's code, styling its elements, finding fonts for its sizes and scripts. A rehearsal
// on a document shaped like a real one (turns in Chinese and English, a heading, narration, an
// image slot, tags) pays that off-screen, where nobody waits for it.
import type { Block, DocumentView, Participant } from "./bindings";

const ZH = "我们在社区做了三轮调查,居民最关心的是开放时间、安静的学习空间和孩子的活动。";
const EN = "The council voted after two public hearings, and the budget was published in plain language.";

/**
 * Enough blocks to fill a tall window's first screen, which is what a real open draws before its
 * first paint. Fewer than 300, so no block is a placeholder: the placeholders and their observer
 * are drawn only after a real open's first paint, where they cost the open nothing.
 */
export const REHEARSAL_BLOCKS = 24;

/** A small document in memory, never stored. */
export function rehearsalView(): DocumentView {
  const person = (id: string, name: string, role: Participant["role"]): Participant => ({
    id,
    name,
    role,
    title: role === "moderator" ? "主持人" : "Director",
    organization: "Roundtable",
    aliases: [],
  });
  const participants = [person("r-m", "主持人", "moderator"), person("r-a", "林晓雯", "guest"), person("r-b", "Dana Whitfield", "guest")];
  const blocks: Block[] = [
    { type: "heading", id: "r-h", text: "圆桌 Roundtable" },
    { type: "paragraph", id: "r-p", text: `${ZH} ${EN}` },
    { type: "image", id: "r-i", asset: null, caption: "图片说明 Caption", credit: "摄影", alt: null },
  ];
  for (let i = blocks.length; i < REHEARSAL_BLOCKS; i++) {
    blocks.push({
      type: "turn",
      id: `r-t${i}`,
      speaker: participants[i % participants.length]?.id ?? "r-m",
      paragraphs: i % 2 === 0 ? [ZH] : [EN, ZH],
      start: null,
      end: null,
      topics: i % 5 === 0 ? ["社区", "budget"] : [],
      continues: false,
    });
  }
  return {
    document: {
      format: "roundtable.document",
      version: 1,
      id: "00000000-0000-4000-8000-0000000000aa",
      title: "Roundtable 圆桌",
      subtitle: "副标题 Subtitle",
      column: "专栏",
      language: "zh",
      topics: ["社区"],
      participants,
      blocks,
      credits: [{ role: "editor", name: "编辑 Editor" }],
    },
    undo: { undo: null, redo: null },
    base: { seen: {}, saved: [] },
    missing_ops: 0,
  };
}
