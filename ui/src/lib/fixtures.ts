// Small documents for the unit tests.
import type { Block, Document, Participant } from "./bindings";

export function person(id: string, name: string, role: Participant["role"] = "guest"): Participant {
  return { id, name, role, title: null, organization: null, aliases: [] };
}

export function turn(id: string, speaker: string, ...paragraphs: string[]): Block {
  return { type: "turn", id, speaker, paragraphs, start: null, end: null, topics: [], continues: false };
}

export function doc(blocks: Block[], participants: Participant[] = [person("p1", "李凡", "moderator"), person("p2", "王立新")]): Document {
  return {
    format: "roundtable.document",
    version: 1,
    id: "00000000-0000-4000-8000-000000000001",
    title: "标题",
    subtitle: null,
    column: null,
    language: "zh",
    topics: [],
    participants,
    blocks,
    credits: [],
  };
}

/** The body as short strings, to compare in tables: "p1:a|b" for a turn, "#h" for a heading. */
export function shape(d: Document | null): string[] | null {
  if (d === null) return null;
  return d.blocks.map((b) => {
    switch (b.type) {
      case "turn":
        return `${b.speaker}:${b.paragraphs.join("|")}${b.topics.length ? ` [${b.topics.join(",")}]` : ""}`;
      case "heading":
        return `#${b.text}`;
      case "paragraph":
        return b.text;
      case "image":
        return `img:${b.caption ?? ""}`;
    }
  });
}
