// What a block component can ask the editor to do. One object for all blocks, made once, so
// passing it never re-renders a block.
import type { Block } from "./bindings";
import type { ImageBlock } from "./editor";

export type BlockAction =
  | "split"
  | "merge"
  | "up"
  | "down"
  | "delete"
  | "insert-turn"
  | "insert-paragraph"
  | "insert-heading"
  | "insert-image"
  | "merge-runs";

export interface BlockCtx {
  text(id: string, index: number, text: string): void;
  key(e: KeyboardEvent, id: string, index: number, el: HTMLElement): void;
  speakerMenu(id: string, anchor: HTMLElement): void;
  topics(id: string, text: string): void;
  image(id: string, patch: Partial<Omit<ImageBlock, "id" | "type">>): void;
  chooseImage(id: string): void;
  /** Plays the recording from `t` seconds (a turn's start time was clicked). */
  playFrom?(t: number): void;
  focus(id: string): void;
  dragStart(id: string, e: DragEvent): void;
  dragOver(id: string, e: DragEvent): void;
  drop(id: string, e: DragEvent): void;
  imageUrl(asset: string): Promise<string>;
  /** Calls `f` when `el` comes near the viewport (true) or goes far from it (false); returns the unobserve. */
  observe(el: HTMLElement, f: (near: boolean) => void): () => void;
}

/** A guess at a block's drawn height in pixels before it was ever drawn (46rem column, 15px type). */
export function estimateHeight(b: Block): number {
  switch (b.type) {
    case "turn":
      return 42 + b.paragraphs.reduce((h, p) => h + 38 + Math.floor(p.length / 38) * 29, 0);
    case "image":
      return b.asset === null ? 190 : 420;
    case "heading":
      return 70;
    default:
      return 40 + Math.floor(b.text.length / 38) * 29;
  }
}

/** The least height in pixels a block can be drawn at: its frame and one line a paragraph. */
export function leastHeight(b: Block): number {
  switch (b.type) {
    case "turn":
      return 42 + 38 * Math.max(1, b.paragraphs.length);
    case "image":
      return b.asset === null ? 190 : 60;
    case "heading":
      return 60;
    default:
      return 40;
  }
}

/**
 * How many blocks from the top surely fill `height` pixels, each counted at its least height:
 * the first screen of a document, drawn before anything else.
 */
export function screenful(blocks: readonly Block[], height: number): number {
  let n = 0;
  for (let h = 0; n < blocks.length && h < height; n++) h += leastHeight(blocks[n] as Block);
  return n;
}
