import prettyBytes from "pretty-bytes";

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

export function bytes(value: number): string {
  return prettyBytes(value);
}

export function signedBytes(value: number): string {
  return value === 0 ? "0 B" : prettyBytes(value, { signed: true });
}

/** 0.98442 → "98.44%", as the text report writes it */
export function percent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(2)}%` : "n/a";
}

/** Control characters shown as visible escapes: a name may hold newlines or terminal escapes. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`);
}

/** At most `max` characters, cut in the middle. */
export function clip(text: string, max: number): string {
  const line = printable(text);
  if (line.length <= max) return line;
  const tail = Math.floor((max - 1) / 2);
  return `${line.slice(0, max - 1 - tail)}…${line.slice(line.length - tail)}`;
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
