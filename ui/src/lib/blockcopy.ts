// What a selection of whole blocks puts on the clipboard: every turn with its speaker's label,
// so a quote pasted elsewhere still says who said it (issue 12.6).
import type { Block, Document } from "./bindings";
import { labelColon } from "./editor";

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Blocks `from`..=`to` of `doc` as plain text and as HTML, speakers named. */
export function copyBlocks(doc: Document, from: number, to: number, pictureWord: string): { text: string; html: string } {
  const colon = labelColon(doc.language);
  const name = (b: Extract<Block, { type: "turn" }>): string => doc.participants.find((p) => p.id === b.speaker)?.name ?? "";
  const text: string[] = [];
  const html: string[] = [];
  for (const b of doc.blocks.slice(Math.max(0, from), to + 1)) {
    switch (b.type) {
      case "turn": {
        const who = name(b);
        const label = who === "" ? "" : `${who}${colon}`;
        b.paragraphs.forEach((p, i) => {
          text.push(i === 0 ? `${label}${p}` : p);
          html.push(i === 0 && label !== "" ? `<p><strong>${esc(label)}</strong>${esc(p)}</p>` : `<p>${esc(p)}</p>`);
        });
        break;
      }
      case "heading":
        text.push(b.text);
        html.push(`<h2>${esc(b.text)}</h2>`);
        break;
      case "paragraph":
        text.push(b.text);
        html.push(`<p>${esc(b.text)}</p>`);
        break;
      case "image": {
        const caption = b.caption ?? "";
        text.push(`[${pictureWord}]${caption === "" ? "" : ` ${caption}`}`);
        html.push(`<p><em>[${esc(pictureWord)}]${caption === "" ? "" : ` ${esc(caption)}`}</em></p>`);
        break;
      }
    }
  }
  return { text: text.join("\n\n"), html: html.join("\n") };
}
