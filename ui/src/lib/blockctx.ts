// What a block component can ask the editor to do. One object for all blocks, made once, so
// passing it never re-renders a block.
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
  focus(id: string): void;
  dragStart(id: string, e: DragEvent): void;
  dragOver(id: string, e: DragEvent): void;
  drop(id: string, e: DragEvent): void;
  imageUrl(asset: string): Promise<string>;
}
