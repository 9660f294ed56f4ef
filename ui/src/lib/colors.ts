// Speaker colours: a fixed palette by participant position, readable on light and dark
// backgrounds (the CSS picks the light or dark variant of each hue).

export const PALETTE_SIZE = 8;

/** The palette slot of the participant at `index` (the moderator is usually slot 0). */
export function colorSlot(index: number): number {
  return ((index % PALETTE_SIZE) + PALETTE_SIZE) % PALETTE_SIZE;
}

/** The CSS colour of a slot, from the custom properties in app.css. */
export function speakerColor(index: number): string {
  return `var(--speaker-${colorSlot(index)})`;
}
