// Pure edits of a whole Document: each takes a document and returns a new one (unchanged
// blocks and participants are the same objects, so the UI re-renders only what changed), or
// null when the edit does not apply. The editor sends the result to the core, which diffs it
// into ops; nothing here talks to the shell.
import type { Block, Document, Participant, Role } from "./bindings";

/** The colon after a speaker's label in text of `language`: full-width in Chinese and Japanese. */
export function labelColon(language: string): string {
  return /^(zh|ja)/i.test(language) ? "：" : ": ";
}

export type Turn = Extract<Block, { type: "turn" }>;
export type ImageBlock = Extract<Block, { type: "image" }>;
export type TextBlock = Extract<Block, { type: "paragraph" | "heading" }>;

/** The index of the block with this id, or -1. */
export function blockIndex(doc: Document, id: string): number {
  return doc.blocks.findIndex((b) => b.id === id);
}

function withBlocks(doc: Document, blocks: Block[]): Document {
  return { ...doc, blocks };
}

/** Replaces block `id` by `f(block)`; null when there is no such block or `f` says so. */
export function mapBlock(doc: Document, id: string, f: (b: Block) => Block | null): Document | null {
  const i = blockIndex(doc, id);
  const old = doc.blocks[i];
  if (old === undefined) return null;
  const next = f(old);
  if (next === null) return null;
  const blocks = doc.blocks.slice();
  blocks[i] = next;
  return withBlocks(doc, blocks);
}

/** Sets paragraph `index` of a turn, or the text of a paragraph or heading (index 0). */
export function setText(doc: Document, id: string, index: number, text: string): Document | null {
  return mapBlock(doc, id, (b) => {
    if (b.type === "turn") {
      if (index < 0 || index >= b.paragraphs.length || b.paragraphs[index] === text) return null;
      const paragraphs = b.paragraphs.slice();
      paragraphs[index] = text;
      return { ...b, paragraphs };
    }
    if ((b.type === "paragraph" || b.type === "heading") && index === 0 && b.text !== text) return { ...b, text };
    return null;
  });
}

/** Changes fields of an image block (caption, credit, alt, asset). */
export function setImage(doc: Document, id: string, patch: Partial<Omit<ImageBlock, "id" | "type">>): Document | null {
  return mapBlock(doc, id, (b) => (b.type === "image" ? { ...b, ...patch } : null));
}

/** Keeps at least one paragraph and drops empty ones a split or join left behind. */
function tidy(paragraphs: string[]): string[] {
  const kept = paragraphs.filter((p) => p.trim() !== "");
  return kept.length > 0 ? kept : [""];
}

/**
 * Splits a turn at a caret (paragraph `index`, character `offset`): the text after the caret
 * becomes a new turn of the same speaker with id `newId`, right after it. The new turn is
 * not a continuation and has no topics. Whitespace at the cut is dropped.
 */
export function splitTurn(doc: Document, id: string, index: number, offset: number, newId: string): Document | null {
  const i = blockIndex(doc, id);
  const b = doc.blocks[i];
  if (b?.type !== "turn") return null;
  const para = b.paragraphs[index];
  if (para === undefined) return null;
  const head = [...b.paragraphs.slice(0, index), para.slice(0, offset).trimEnd()];
  const tail = [para.slice(offset).trimStart(), ...b.paragraphs.slice(index + 1)];
  if (head.every((p) => p.trim() === "") || tail.every((p) => p.trim() === "")) return null;
  const first: Turn = { ...b, paragraphs: tidy(head), end: null };
  const second: Turn = { ...b, id: newId, paragraphs: tidy(tail), start: null, topics: [], continues: false };
  const blocks = doc.blocks.slice();
  blocks.splice(i, 1, first, second);
  return withBlocks(doc, blocks);
}

/** Splits paragraph `index` of a turn at `offset` into two paragraphs of the same turn. */
export function splitParagraph(doc: Document, id: string, index: number, offset: number): Document | null {
  return mapBlock(doc, id, (b) => {
    const para = b.type === "turn" ? b.paragraphs[index] : undefined;
    if (b.type !== "turn" || para === undefined) return null;
    const paragraphs = b.paragraphs.slice();
    paragraphs.splice(index, 1, para.slice(0, offset).trimEnd(), para.slice(offset).trimStart());
    return { ...b, paragraphs };
  });
}

/**
 * Joins paragraph `index` (> 0) of a turn to the one before it. Returns the document and
 * where the caret goes (the end of the earlier paragraph's text).
 */
export function joinParagraph(doc: Document, id: string, index: number): { doc: Document; caret: number } | null {
  let caret = 0;
  const next = mapBlock(doc, id, (b) => {
    if (b.type !== "turn" || index < 1 || index >= b.paragraphs.length) return null;
    const before = b.paragraphs[index - 1] ?? "";
    const after = b.paragraphs[index] ?? "";
    caret = before.length;
    const paragraphs = b.paragraphs.slice();
    paragraphs.splice(index - 1, 2, joinText(before, after));
    return { ...b, paragraphs };
  });
  return next === null ? null : { doc: next, caret };
}

/** Two pieces of text as one: a space between Latin words, nothing between CJK. */
export function joinText(a: string, b: string): string {
  if (a === "" || b === "") return a + b;
  const last = a.at(-1) ?? "";
  const first = b[0] ?? "";
  const spaced = /[\p{Script=Latin}\p{N},.;:!?)"'’”]/u.test(last) && /[\p{Script=Latin}\p{N}("'‘“]/u.test(first);
  return spaced ? `${a} ${b}` : a + b;
}

/**
 * Merges block `id` into the block before it: a turn into the previous turn (its paragraphs
 * appended, topics joined, the earlier speaker kept), a paragraph or heading into a previous
 * block of the same type (text joined). Null when the previous block is of another kind.
 */
export function mergeWithPrevious(doc: Document, id: string): Document | null {
  const i = blockIndex(doc, id);
  const b = doc.blocks[i];
  const prev = doc.blocks[i - 1];
  if (b === undefined || prev === undefined) return null;
  let merged: Block;
  if (b.type === "turn" && prev.type === "turn") {
    merged = {
      ...prev,
      paragraphs: tidy([...prev.paragraphs, ...b.paragraphs]),
      end: b.end ?? prev.end,
      topics: unique([...prev.topics, ...b.topics]),
    };
  } else if ((b.type === "paragraph" || b.type === "heading") && prev.type === b.type) {
    merged = { ...prev, text: joinText(prev.text, b.text) };
  } else return null;
  const blocks = doc.blocks.slice();
  blocks.splice(i - 1, 2, merged);
  return withBlocks(doc, blocks);
}

function unique(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/**
 * Merges every run of adjacent turns by `speaker` (every speaker when null) into one turn
 * each. Returns the document and how many turns were absorbed (0: nothing to do).
 */
export function mergeSpeakerRuns(doc: Document, speaker: string | null): { doc: Document; merged: number } {
  const blocks: Block[] = [];
  let merged = 0;
  for (const b of doc.blocks) {
    const prev = blocks.at(-1);
    if (b.type === "turn" && prev?.type === "turn" && prev.speaker === b.speaker && (speaker === null || b.speaker === speaker)) {
      blocks[blocks.length - 1] = {
        ...prev,
        paragraphs: tidy([...prev.paragraphs, ...b.paragraphs]),
        end: b.end ?? prev.end,
        topics: unique([...prev.topics, ...b.topics]),
      };
      merged += 1;
    } else blocks.push(b);
  }
  return { doc: merged === 0 ? doc : withBlocks(doc, blocks), merged };
}

/** Moves block `id` to position `to` (an index in the result, clamped). */
export function moveBlockTo(doc: Document, id: string, to: number): Document | null {
  const i = blockIndex(doc, id);
  const b = doc.blocks[i];
  if (b === undefined) return null;
  const target = Math.max(0, Math.min(doc.blocks.length - 1, to));
  if (target === i) return null;
  const blocks = doc.blocks.slice();
  blocks.splice(i, 1);
  blocks.splice(target, 0, b);
  return withBlocks(doc, blocks);
}

/** Moves block `id` to just before block `target` (to the end when target is null). */
export function moveBefore(doc: Document, id: string, target: string | null): Document | null {
  const b = doc.blocks[blockIndex(doc, id)];
  if (b === undefined || id === target) return null;
  const rest = doc.blocks.filter((x) => x.id !== id);
  const at = target === null ? rest.length : rest.findIndex((x) => x.id === target);
  if (at < 0) return null;
  rest.splice(at, 0, b);
  if (rest.every((x, i) => x === doc.blocks[i])) return null;
  return withBlocks(doc, rest);
}

/** Moves block `id` up (`delta` < 0) or down. */
export function moveBlock(doc: Document, id: string, delta: number): Document | null {
  const i = blockIndex(doc, id);
  return i < 0 ? null : moveBlockTo(doc, id, i + delta);
}

/** Gives turn `id` to another participant. */
export function reassign(doc: Document, id: string, speaker: string): Document | null {
  if (!doc.participants.some((p) => p.id === speaker)) return null;
  return mapBlock(doc, id, (b) => (b.type === "turn" && b.speaker !== speaker ? { ...b, speaker } : null));
}

/** Sets the topic tags of turn `id` (trimmed, empty and repeated ones dropped). */
export function setTurnTopics(doc: Document, id: string, topics: readonly string[]): Document | null {
  const clean = unique(topics.map((t) => t.trim()).filter((t) => t !== ""));
  return mapBlock(doc, id, (b) =>
    b.type === "turn" && JSON.stringify(b.topics) !== JSON.stringify(clean) ? { ...b, topics: clean } : null,
  );
}

/** Every topic used on turns, in first-use order. */
export function turnTopics(doc: Document): string[] {
  return unique(doc.blocks.flatMap((b) => (b.type === "turn" ? b.topics : [])));
}

/** Inserts `block` after block `after` (at the start when null or unknown). */
export function insertBlock(doc: Document, after: string | null, block: Block): Document {
  const i = after === null ? -1 : blockIndex(doc, after);
  const blocks = doc.blocks.slice();
  blocks.splice(i + 1, 0, block);
  return withBlocks(doc, blocks);
}

/** Removes block `id`. */
export function deleteBlock(doc: Document, id: string): Document | null {
  const i = blockIndex(doc, id);
  if (i < 0) return null;
  const blocks = doc.blocks.slice();
  blocks.splice(i, 1);
  return withBlocks(doc, blocks);
}

/** A new, empty block of a kind. A new turn goes to `speaker`. */
export function emptyBlock(kind: Block["type"], id: string, speaker: string): Block {
  switch (kind) {
    case "turn":
      return { type: "turn", id, speaker, paragraphs: [""], start: null, end: null, topics: [], continues: false };
    case "image":
      return { type: "image", id, asset: null, caption: null, credit: null, alt: null };
    default:
      return { type: kind, id, text: "" };
  }
}

// ---- participants ------------------------------------------------------------------------

/** Adds a participant (a guest unless said otherwise). */
export function addParticipant(doc: Document, id: string, name: string, role: Role = "guest"): Document {
  const p: Participant = { id, name, role, title: null, organization: null, aliases: [] };
  return { ...doc, participants: [...doc.participants, p] };
}

/**
 * Changes fields of participant `id`. Renaming is one field: turns refer to the id, so the
 * new name shows everywhere; the old name is kept as an alias so later imports still match.
 */
export function updateParticipant(doc: Document, id: string, patch: Partial<Omit<Participant, "id">>): Document | null {
  const i = doc.participants.findIndex((p) => p.id === id);
  const old = doc.participants[i];
  if (old === undefined) return null;
  const next: Participant = { ...old, ...patch };
  if (patch.name !== undefined) {
    next.name = patch.name.trim();
    if (next.name === "" ) return null;
    if (old.name !== next.name && old.name.trim() !== "" && patch.aliases === undefined)
      next.aliases = unique([...old.aliases, old.name]).filter((a) => a !== next.name);
  }
  if (JSON.stringify(next) === JSON.stringify(old)) return null;
  const participants = doc.participants.slice();
  participants[i] = next;
  return { ...doc, participants };
}

/** Makes `id` the moderator; any other moderator becomes a guest. */
export function setModerator(doc: Document, id: string): Document | null {
  if (!doc.participants.some((p) => p.id === id)) return null;
  let changed = false;
  const participants = doc.participants.map((p): Participant => {
    const role: Role = p.id === id ? "moderator" : p.role === "moderator" ? "guest" : p.role;
    if (role === p.role) return p;
    changed = true;
    return { ...p, role };
  });
  return changed ? { ...doc, participants } : null;
}

/**
 * Merges participant `from` into `into`: every turn of `from` becomes `into`'s, `from`'s
 * name and aliases become aliases of `into`, and `from` is removed. Adjacent turns are not
 * merged (that is a separate, visible edit).
 */
export function mergeParticipants(doc: Document, from: string, into: string): Document | null {
  const a = doc.participants.find((p) => p.id === from);
  const b = doc.participants.find((p) => p.id === into);
  if (a === undefined || b === undefined || from === into) return null;
  const merged: Participant = {
    ...b,
    title: b.title ?? a.title,
    organization: b.organization ?? a.organization,
    role: b.role === "moderator" || a.role === "moderator" ? "moderator" : b.role,
    aliases: unique([...b.aliases, a.name, ...a.aliases]).filter((x) => x !== b.name && x.trim() !== ""),
  };
  return {
    ...doc,
    participants: doc.participants.filter((p) => p.id !== from).map((p) => (p.id === into ? merged : p)),
    blocks: doc.blocks.map((bl) => (bl.type === "turn" && bl.speaker === from ? { ...bl, speaker: into } : bl)),
  };
}

/** Removes a participant who has no turns (one with turns must be merged instead). */
export function removeParticipant(doc: Document, id: string): Document | null {
  if (doc.blocks.some((b) => b.type === "turn" && b.speaker === id)) return null;
  const participants = doc.participants.filter((p) => p.id !== id);
  return participants.length === doc.participants.length ? null : { ...doc, participants };
}

/** How many turns each participant has. */
export function turnCounts(doc: Document): Map<string, number> {
  const counts = new Map<string, number>(doc.participants.map((p) => [p.id, 0]));
  for (const b of doc.blocks) if (b.type === "turn") counts.set(b.speaker, (counts.get(b.speaker) ?? 0) + 1);
  return counts;
}

// ---- metadata ----------------------------------------------------------------------------

/** Splits a tag field ("a, b、c;d") into tags. */
export function parseTags(text: string): string[] {
  return unique(
    text
      .split(/[,,、;;\n]/)
      .map((t) => t.trim())
      .filter((t) => t !== ""),
  );
}

/**
 * Keeps block and participant objects of `prev` that are equal to those in `next` (by id and
 * content), so a document read back from the core after undo re-renders only what changed.
 */
export function reconcile(prev: Document | null, next: Document): Document {
  if (prev === null || prev.id !== next.id) return next;
  const oldBlocks = new Map(prev.blocks.map((b) => [b.id, b]));
  const oldPeople = new Map(prev.participants.map((p) => [p.id, p]));
  const same = <T>(a: T | undefined, b: T): T => (a !== undefined && JSON.stringify(a) === JSON.stringify(b) ? a : b);
  return {
    ...next,
    blocks: next.blocks.map((b) => same(oldBlocks.get(b.id), b)),
    participants: next.participants.map((p) => same(oldPeople.get(p.id), p)),
  };
}

// ---- picture slots -----------------------------------------------------------------------

/**
 * Whether `b` is a picture slot with nothing in it: no picture and no words (caption, credit,
 * alt text). A pasted WeChat article leaves one per `图片` line. A slot with a caption but no
 * picture is not empty: its caption is text from the article and says which picture goes there.
 */
export function isEmptyImage(b: Block): b is ImageBlock {
  const blank = (s: string | null) => s === null || s.trim() === "";
  return b.type === "image" && b.asset === null && blank(b.caption) && blank(b.credit) && blank(b.alt);
}

/** How many empty picture slots (`isEmptyImage`) the document has. */
export function emptyImageCount(doc: Document): number {
  return doc.blocks.filter(isEmptyImage).length;
}

/**
 * Removes every empty picture slot (`isEmptyImage`); the same document when there is none.
 * A turn that went on after a removed slot keeps `continues`: it is still the same answer.
 */
export function removeEmptyImages(doc: Document): Document {
  const kept = doc.blocks.filter((b) => !isEmptyImage(b));
  return kept.length === doc.blocks.length ? doc : withBlocks(doc, kept);
}

// ---- one-click fixes in the import preview -------------------------------------------------

/**
 * "This is not a speaker: keep as text": every turn of participant `id` becomes narration, its
 * label kept in front of the words as the source had it (`Note: …`, `时间：…`), and the
 * participant goes. Null when there is no such participant.
 */
export function speakerToText(doc: Document, id: string): Document | null {
  const p = doc.participants.find((x) => x.id === id);
  if (p === undefined) return null;
  const colon = labelColon(doc.language);
  const blocks: Block[] = [];
  for (const b of doc.blocks) {
    if (b.type !== "turn" || b.speaker !== id) {
      blocks.push(b);
      continue;
    }
    b.paragraphs.forEach((text, i) => {
      blocks.push({ type: "paragraph", id: i === 0 ? b.id : `${b.id}-${i}`, text: i === 0 ? `${p.name}${colon}${text}` : text });
    });
  }
  return { ...doc, participants: doc.participants.filter((x) => x.id !== id), blocks };
}

/** "This line is the title": the text of narration or heading `id` becomes the title and leaves the body. */
export function blockToTitle(doc: Document, id: string): Document | null {
  const b = doc.blocks.find((x) => x.id === id);
  if (b === undefined || (b.type !== "paragraph" && b.type !== "heading") || b.text.trim() === "") return null;
  return { ...doc, title: b.text.trim(), blocks: doc.blocks.filter((x) => x.id !== id) };
}
