import type { BaseFigures, SideFigures } from "../analysis/base/types.js";
import { printable } from "../tar/path.js";
import { bytes, clip, percent } from "./format.js";

const EVIDENCE: Record<BaseFigures["evidence"], string> = {
  "base-image": "base image layers",
  annotation: "manifest annotation",
  history: "history",
  dockerfile: "Dockerfile",
  none: "no evidence",
};

/** `localhost/lab/base:latest, 1 layer (by base image layers)` */
function baseTitle(base: BaseFigures): string {
  const name = base.name !== undefined && base.name !== "" ? printable(base.name) : "unknown";
  return `${name}, ${base.inheritedLayers} inherited layer${base.inheritedLayers === 1 ? "" : "s"} (by ${EVIDENCE[base.evidence]})`;
}

function sideText(side: SideFigures): string {
  const packages = side.packages > 0 ? `, ${side.packages} packages ${bytes(side.packageBytes)}` : "";
  return `${side.layers} layer${side.layers === 1 ? "" : "s"} ${bytes(side.sizeBytes)}, wasted ${bytes(side.wastedBytes)}${packages}`;
}

/** The text report's lines on the base: which, by what evidence, and the split (empty without attribution). */
export function baseTextLines(base: BaseFigures | undefined, width: number): string[] {
  if (base === undefined || base.evidence === "none") return [];
  return [
    clip(`Base: ${baseTitle(base)}`, width),
    `  ${clip(base.detail, width - 2)}`,
    `  yours      ${sideText(base.yours)}`,
    `  inherited  ${sideText(base.inherited)}`,
  ];
}

/** Rows of the Markdown figures table for the split. */
export function baseMarkdownRows(base: BaseFigures | undefined): [string, string][] {
  if (base === undefined || base.evidence === "none") return [];
  const share = (side: SideFigures, total: number): string => (total === 0 ? "" : ` (${percent(side.sizeBytes / total)})`);
  const total = base.yours.sizeBytes + base.inherited.sizeBytes;
  return [
    ["Base image", baseTitle(base)],
    ["Yours: bytes, waste", `${bytes(base.yours.sizeBytes)}${share(base.yours, total)}, ${bytes(base.yours.wastedBytes)} wasted`],
    ["Inherited: bytes, waste", `${bytes(base.inherited.sizeBytes)}${share(base.inherited, total)}, ${bytes(base.inherited.wastedBytes)} wasted`],
    ["Packages yours / inherited", `${base.yours.packages} (${bytes(base.yours.packageBytes)}) / ${base.inherited.packages} (${bytes(base.inherited.packageBytes)})`],
  ];
}
