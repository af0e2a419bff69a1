/**
 * Moves an element to the end of `body`: a print copy is drawn there, so that `body[data-print]` can hide
 * every other child of `body` while it prints (app.css), whatever screen or dialog asked for it.
 */
export function portal(node: HTMLElement): { destroy: () => void } {
  document.body.appendChild(node);
  return { destroy: () => node.remove() };
}
