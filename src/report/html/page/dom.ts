// the shared formatting (src/text): the page's clip cuts in the middle, keeping both ends of a path or command
export { bytes, clipMiddle as clip, counted, percent, signedBytes } from "../../../text/format.js";
export { printable } from "../../../text/escape.js";

type Child = Node | string | null | undefined | false;

/**
 * Creates an element. Text goes in only through text nodes (never as markup): every string an image can hold
 * (file names, commands) reaches the page as text, whatever it contains.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { class?: string; title?: string; data?: Record<string, string> } = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.title !== undefined) node.title = props.title;
  if (props.data) for (const [key, value] of Object.entries(props.data)) node.dataset[key] = value;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === "string" ? document.createTextNode(child) : child);
  }
  return node;
}

export function section(title: string, ...children: Child[]): HTMLElement {
  return el("section", { class: "card" }, el("h2", {}, title), ...children);
}

/** A figure with its exact value in `data-value`, so that tests (and people) can read both. */
export function figure(key: string, label: string, shown: string, value: number | string, tone?: string): HTMLElement {
  return el(
    "div",
    { class: `figure${tone ? ` ${tone}` : ""}`, data: { figure: key, value: String(value) } },
    el("div", { class: "figure-value" }, shown),
    el("div", { class: "figure-label" }, label),
  );
}

/** Distinct hues for layers, readable on light and dark backgrounds. */
const LAYER_HUES = [210, 140, 30, 280, 350, 180, 60, 250, 100, 320, 0, 160];

export function layerColor(layer: number): string {
  if (layer < 0) return "var(--neutral)";
  const hue = LAYER_HUES[layer % LAYER_HUES.length];
  const round = Math.floor(layer / LAYER_HUES.length) % 3;
  return `hsl(${hue} ${55 - round * 12}% ${52 + round * 8}%)`;
}
