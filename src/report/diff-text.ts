import type { FileChange, ImageDiff, TopList, WasteChange } from "../diff/types.js";
import { signedBytes } from "../text/format.js";
import { sideTitle, pointsDelta, ratioChange, sizeChange, sizeDelta, verdictText } from "./diff-format.js";
import { bytes, clip, wasteKind, wasteLayers } from "./format.js";
import { formatHintsText } from "./hints-text.js";
import { hintWhere } from "./hints-where.js";
import { formatPackageDiffText } from "./diff-packages.js";
import { formatContentDiffText } from "./content-diff-text.js";

export interface DiffTextOptions {
  color?: boolean;
  width?: number;
  /** Items per list (the diff holds at most its own `top`); 10 by default */
  top?: number;
}

/** The human report of `layerscope diff BASE HEAD`. */
export function formatDiffText(diff: ImageDiff, options: DiffTextOptions = {}): string {
  const width = Math.max(60, options.width ?? 100);
  const top = options.top ?? 10;
  const bold = (text: string): string => (options.color ? `\u001b[1m${text}\u001b[0m` : text);
  const lines: string[] = [];
  lines.push(`${bold("Base:")} ${sideTitle(diff.base)}`, `${bold("Head:")} ${sideTitle(diff.head)}`, "");
  lines.push(`${bold("Verdict:")} ${verdictText(diff)}`);
  for (const check of diff.checks) lines.push(`  ${check.status === "pass" ? "PASS" : "FAIL"}  ${check.name}: ${check.message}`);
  lines.push("");
  lines.push(bold("Size"));
  lines.push(`  total       ${sizeChange(diff.size.total)}   ${sizeDelta(diff.size.total)}`);
  if (diff.size.compressed) lines.push(`  pull        ${sizeChange(diff.size.compressed)}   ${sizeDelta(diff.size.compressed)}`);
  lines.push(`  final files ${sizeChange(diff.size.final)}   ${sizeDelta(diff.size.final)}`);
  lines.push(`  wasted      ${sizeChange(diff.size.wasted)}   ${sizeDelta(diff.size.wasted)}`);
  lines.push(bold("Efficiency"));
  lines.push(`  layerscope  ${ratioChange(diff.efficiency.layerscope)}   ${pointsDelta(diff.efficiency.layerscope)}`);
  lines.push(`  Dive        ${ratioChange(diff.efficiency.dive)}   ${pointsDelta(diff.efficiency.dive)}`);

  const { shared, onlyBase, onlyHead } = diff.layers;
  lines.push("", bold(`Layers: ${shared.length} shared, ${onlyBase.length} only in base, ${onlyHead.length} only in head`));
  for (const [sign, side, list] of [["-", "base", onlyBase], ["+", "head", onlyHead]] as const) {
    for (const layer of list) {
      const head = `  ${sign} ${side} #${layer.index}  ${bytes(layer.sizeBytes).padStart(9)}  `;
      lines.push(head + clip(layer.command || "(no command)", width - head.length));
    }
  }

  lines.push("");
  const { removable } = diff.hints;
  lines.push(bold(`Hints: ${diff.hints.new.length} new, ${diff.hints.gone.length} gone; removable by the hints ${sizeChange(removable)}   ${signedBytes(removable.delta)}`));
  if (diff.hints.new.length > 0) lines.push(formatHintsText(diff.hints.new, { color: options.color, width, title: "New" }).trimEnd());
  for (const hint of diff.hints.gone) lines.push(`  gone  ${hint.id}  ${hintWhere(hint)} of base${hint.bytes > 0 ? `  ${bytes(hint.bytes)}` : ""}`);

  lines.push("", bold("Waste"));
  lines.push(...wasteLines("new", diff.waste.new, top, width), ...wasteLines("gone", diff.waste.gone, top, width));

  const packageLines = formatPackageDiffText(diff.packages, top);
  if (packageLines.length > 0) lines.push("", bold(packageLines[0]), ...packageLines.slice(1));

  lines.push("", bold("Largest file changes"));
  for (const kind of ["added", "removed", "grown", "shrunk"] as const) lines.push(...fileLines(kind, diff.files[kind], top, width));
  const contentLines = formatContentDiffText(diff.content, options.color === true);
  if (contentLines.length > 0) lines.push("", bold(contentLines[0]), ...contentLines.slice(1));
  return lines.join("\n") + "\n";
}

function wasteLines(label: string, list: TopList<WasteChange>, top: number, width: number): string[] {
  const lines = [`  ${label}: ${list.count} item${list.count === 1 ? "" : "s"}, ${bytes(list.bytes)}`];
  for (const item of list.items.slice(0, top)) {
    const head = `    ${bytes(item.bytes).padStart(9)}  ${wasteKind(item).padEnd(18)}  ${("layer " + wasteLayers(item)).padEnd(12)}  `;
    lines.push(head + clip(item.path, width - head.length));
  }
  return lines;
}

function fileLines(label: string, list: TopList<FileChange>, top: number, width: number): string[] {
  if (list.count === 0) return [`  ${label}: none`];
  const lines = [`  ${label}: ${list.count} file${list.count === 1 ? "" : "s"}, ${signedBytes(label === "added" || label === "grown" ? list.bytes : -list.bytes)}`];
  for (const item of list.items.slice(0, top)) {
    const head = `    ${signedBytes(item.delta).padStart(10)}  `;
    lines.push(head + clip(item.path, width - head.length));
  }
  return lines;
}
