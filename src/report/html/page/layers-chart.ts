import type { PageLayer } from "../page-data.js";
import { bytes, clip, el } from "./dom.js";

const PARTS = [
  { key: "finalBytes", label: "final", css: "var(--final)" },
  { key: "junkBytes", label: "junk", css: "var(--junk)" },
  { key: "shadowedBytes", label: "shadowed", css: "var(--shadowed)" },
  { key: "deletedBytes", label: "deleted", css: "var(--deleted)" },
] as const;

export function layerTitle(layer: PageLayer): string {
  const line = layer.dockerfileLine !== undefined ? ` (Dockerfile:${layer.dockerfileLine})` : "";
  return `layer ${layer.index}${line}: ${clip(layer.command || "(no instruction in the history)", 300)}`;
}

/** A layer's bar length: its final, junk, shadowed and deleted bytes */
export const layerBarBytes = (layer: PageLayer): number => PARTS.reduce((sum, part) => sum + layer[part.key], 0);

/**
 * One stacked bar a layer: its final, junk, shadowed and deleted bytes, on one scale for all layers; `scaleTo`, the
 * longest bar of another chart drawn beside it, puts both on one scale (a diff's two images).
 */
export function layersChart(layers: readonly PageLayer[], scaleTo = 0): HTMLElement {
  const max = Math.max(1, scaleTo, ...layers.map(layerBarBytes));
  const legend = el("div", { class: "legend" }, ...PARTS.map((part) => swatch(part.css, part.label)));
  const rows = layers.map((layer) => {
    const total = layerBarBytes(layer);
    const bar = el("div", { class: "bar" });
    for (const part of PARTS) {
      const value = layer[part.key];
      if (value <= 0) continue;
      const piece = el("div", { class: "bar-part", title: `${part.label}: ${bytes(value)}` });
      piece.style.width = `${(value / max) * 100}%`;
      piece.style.background = part.css;
      bar.append(piece);
    }
    return el(
      "div",
      { class: `layer-row${layer.inherited ? " inherited" : ""}`, data: { layer: String(layer.index) } },
      el(
        "div",
        { class: "layer-name", title: layerTitle(layer) },
        `#${layer.index}`,
        layer.inherited ? " base" : "",
        layer.dockerfileLine !== undefined ? ` :${layer.dockerfileLine}` : "",
        " ",
        clip(layer.command || "—", 90),
      ),
      bar,
      el("div", { class: "layer-size num" }, bytes(total)),
    );
  });
  return el("div", { class: "layers-chart", data: { testid: "layers-chart" } }, legend, ...rows);
}

export function swatch(css: string, label: string): HTMLElement {
  const box = el("span", { class: "swatch" });
  box.style.background = css;
  return el("span", { class: "legend-item" }, box, label);
}
