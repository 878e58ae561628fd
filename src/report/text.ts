import type { RuleResult, RuleSetChoice } from "../analysis/rules-types.js";
import { storedCompressed } from "../analysis/stored-compressed.js";
import type { ImageAnalysis, ImageFigures, LayerSummary } from "../analysis/types.js";
import { thousands } from "../analysis/thousands.js";
import { groupWaste } from "../analysis/waste-groups.js";
import { bytes, clip, clipPath, imageTitle, percent, ruleSetText, verdictLine, wasteHeading, wasteKind, wasteLayers } from "./format.js";
import { formatPackagesSection } from "./packages-text.js";
import { formatDuplicatesSection } from "./duplicates-text.js";
import { baseTextLines } from "./base-section.js";
import { printable } from "../text/escape.js";

export interface TextReportOptions {
  /** ANSI colour (the caller decides: stdout is a TTY and NO_COLOR is unset) */
  color: boolean;
  /** Line width for clipping commands and paths; 100 when unknown */
  width?: number;
  /** How many waste groups (directory and layers) to list; 10 by default */
  topWaste?: number;
  /** The rule set that decided, named in the Rules heading */
  ruleSet?: RuleSetChoice;
}

const ANSI = { bold: "1", dim: "2", red: "31", green: "32", yellow: "33" } as const;
type Style = keyof typeof ANSI;

type Paint = (style: Style, text: string) => string;

/** The human report printed by `layerscope IMAGE` when there is no terminal UI, and by `--ci`. */
export function formatTextReport(summary: ImageAnalysis, rules: readonly RuleResult[], options: TextReportOptions): string {
  const paint: Paint = (style, text) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const width = Math.max(60, options.width ?? 100);
  const { image, layers } = summary;
  const lines: string[] = [];

  lines.push(`${paint("bold", "Image:")} ${imageTitle(image)}`);
  lines.push(`Layers: ${image.layerCount}   Total: ${bytes(image.totalBytes)}   Final files: ${bytes(image.finalBytes)}   Entries: ${image.fileCount}`);
  const compressed = compressedLine(image, layers);
  if (compressed) lines.push(compressed);
  lines.push(...baseTextLines(image.base, width));
  lines.push("", ...efficiencyLines(image, paint));
  lines.push("", ...layerLines(layers, width, paint));
  lines.push("", ...wasteLines(summary, options.topWaste ?? 10, width, paint));

  const duplicateLines = formatDuplicatesSection(summary.duplicates, width);
  if (duplicateLines.length > 0) lines.push("", paint("bold", duplicateLines[0]), ...duplicateLines.slice(1));

  const packageLines = formatPackagesSection(summary.packages, width);
  if (packageLines.length > 0) lines.push("", paint("bold", packageLines[0]), ...packageLines.slice(1));

  if (rules.length > 0) lines.push("", ...ruleLines(rules, options.ruleSet, paint));
  return lines.join("\n") + "\n";
}

/** layerscope's efficiency and wasted bytes beside Dive's figures. */
function efficiencyLines(image: ImageFigures, paint: Paint): string[] {
  const dive = image.dive;
  return [
    paint("bold", "Efficiency"),
    `  layerscope  ${percent(image.efficiency)}   wasted ${bytes(image.wastedBytes)}: shadowed ${bytes(image.shadowedBytes)}, deleted ${bytes(image.deletedBytes)}, junk ${bytes(image.junkBytes)}`,
    `  Dive        ${percent(dive.efficiencyScore)}   inefficient ${bytes(dive.inefficientBytes)}, user wasted ${percent(dive.userWastedPercent)} of ${bytes(dive.userSizeBytes)}`,
  ];
}

/** One row per layer: size, stored blob (when the source tells it), changes, command. */
function layerLines(layers: readonly LayerSummary[], width: number, paint: Paint): string[] {
  const sizeWidth = Math.max(4, ...layers.map((layer) => bytes(layer.sizeBytes).length));
  const changeTexts = layers.map((layer) => `+${layer.added} ~${layer.modified} -${layer.removed}`);
  const changeWidth = Math.max(7, ...changeTexts.map((text) => text.length));
  const indexWidth = Math.max(1, String(layers.length - 1).length);
  // the stored blob's size and compression, when the source tells either
  const blobTexts = layers.some((layer) => layer.blobSize !== undefined || layer.compression !== undefined) ? layers.map(blobText) : undefined;
  const blobWidth = Math.max(4, ...(blobTexts ?? []).map((text) => text.length));
  const blobHead = blobTexts ? `${"Blob".padEnd(blobWidth)}  ` : "";
  const lines = [
    paint("bold", "Layers"),
    paint("dim", `  ${"#".padStart(indexWidth)}  ${"Size".padStart(sizeWidth)}  ${blobHead}${"Changes".padEnd(changeWidth)}  Command`),
  ];
  layers.forEach((layer, i) => {
    const blob = blobTexts ? `${blobTexts[i].padEnd(blobWidth)}  ` : "";
    const head = `  ${String(layer.index).padStart(indexWidth)}  ${bytes(layer.sizeBytes).padStart(sizeWidth)}  ${blob}${changeTexts[i].padEnd(changeWidth)}  `;
    lines.push(head + clip((layer.inherited ? "[base] " : "") + (layer.command || "(no command)"), width - head.length));
  });
  return lines;
}

/** The largest waste groups (directory and layers), each with the instruction to change under it. */
function wasteLines({ waste, layers }: ImageAnalysis, top: number, width: number, paint: Paint): string[] {
  const groups = groupWaste(waste);
  const shown = groups.slice(0, top);
  const lines = [paint("bold", wasteHeading(groups, shown.length))];
  if (shown.length === 0) return [...lines, "  none"];
  const wasteSize = Math.max(5, ...shown.map((group) => bytes(group.bytes).length));
  const kindWidth = Math.max(4, ...shown.map((group) => wasteKind(group).length));
  const layerWidth = Math.max(6, ...shown.map((group) => wasteLayers(group).length));
  const filesWidth = Math.max(5, ...shown.map((group) => thousands(group.files).length));
  lines.push(
    paint("dim", `  ${"Bytes".padStart(wasteSize)}  ${"Kind".padEnd(kindWidth)}  ${"Layers".padEnd(layerWidth)}  ${"Files".padStart(filesWidth)}  Path`),
  );
  for (const group of shown) {
    const head = `  ${bytes(group.bytes).padStart(wasteSize)}  ${wasteKind(group).padEnd(kindWidth)}  ${wasteLayers(group).padEnd(layerWidth)}  ${thousands(group.files).padStart(filesWidth)}  `;
    lines.push(head + clipPath(group.path, width - head.length));
    // the instruction to change: the one that removed or replaced the bytes, or, for junk, the one that left it
    const responsible = group.removedBy ?? group.addedBy;
    const command = layers[responsible]?.command;
    if (command) {
      const indent = " ".repeat(head.length);
      const verb = group.kind === "shadowed" ? "replaced by" : group.kind === "deleted" ? "removed by" : "left by";
      lines.push(paint("dim", indent + clip(`${verb} layer ${responsible}: ${command}`, width - indent.length)));
    }
  }
  return lines;
}

/** Each rule's PASS, FAIL or SKIP and the verdict. */
function ruleLines(rules: readonly RuleResult[], ruleSet: RuleSetChoice | undefined, paint: Paint): string[] {
  const lines = [paint("bold", "Rules") + (ruleSet ? `: ${ruleSetText(ruleSet)}` : "")];
  for (const rule of rules) {
    const label = rule.status === "pass" ? paint("green", "PASS") : rule.status === "fail" ? paint("red", "FAIL") : paint("yellow", "SKIP");
    // a message may name image paths or ENV names (forbid-paths, hints): its control characters made visible
    lines.push(`  ${label}  ${printable(rule.name)}: ${printable(rule.message)}`);
  }
  const verdict = verdictLine(rules);
  lines.push(`Result: ${verdict.startsWith("FAIL") ? paint("red", verdict) : paint("green", verdict)}`);
  return lines;
}

/** `12.3 MB gzip`: the stored blob's size and compression, as far as they are known */
function blobText(layer: Pick<LayerSummary, "blobSize" | "compression">): string {
  return [layer.blobSize === undefined ? "" : bytes(layer.blobSize), layer.compression ?? ""].filter(Boolean).join(" ") || "-";
}

/**
 * `Compressed: 45 MB   Pull with base:1 present: 3 MB (5 of 7 layers shared)`; an image whose layers are all
 * stored as plain tars (a docker save) has no compressed size to show, only the pull.
 */
function compressedLine(image: ImageFigures, layers: readonly Pick<LayerSummary, "compression">[]): string | undefined {
  const compressed = image.compressedBytes !== undefined && storedCompressed(layers) ? `Compressed: ${bytes(image.compressedBytes)}` : undefined;
  const pull = image.pull;
  const pullText = pull ? `Pull with ${pull.baseline} present: ${bytes(pull.bytes)} (${pull.sharedLayers} of ${image.layerCount} layers shared)` : undefined;
  const parts = [compressed, pullText].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join("   ") : undefined;
}
