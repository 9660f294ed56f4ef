// A text box as tall as its text: a long job title wraps onto more lines instead of being cut
// off at the box's edge (issue 12, point 9).

/** Svelte action: keeps `el` exactly as tall as its content; pass the value so a new value refits. */
export function autosize(el: HTMLTextAreaElement, _value?: unknown): { update: () => void; destroy: () => void } {
  const fit = () => {
    el.style.height = "auto";
    el.style.height = `${el.scrollHeight}px`;
  };
  // The width changes with the window, and with it the number of lines.
  let frame = 0;
  const later = () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(fit);
  };
  fit();
  // Fonts and the table's layout settle after the first frame.
  later();
  el.addEventListener("input", fit);
  window.addEventListener("resize", later);
  return {
    update: fit,
    destroy: () => {
      cancelAnimationFrame(frame);
      el.removeEventListener("input", fit);
      window.removeEventListener("resize", later);
    },
  };
}
