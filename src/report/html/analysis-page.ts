import { HintContext } from "../../analysis/hints/context.js";
import { removableBytes } from "../../analysis/hints/removable.js";
import type { Hint } from "../../analysis/hints/types.js";
import { rulesVerdict } from "../../analysis/rules.js";
import type { RuleResult, RuleSetChoice } from "../../analysis/rules-types.js";
import type { Analysis, ImageFigures, WasteItem } from "../../analysis/types.js";
import { groupWaste } from "../../analysis/waste-groups.js";
import { ruleSetText } from "../format.js";
import type { FileNode } from "../../tree/types.js";
import { clip, oneLine } from "../../text/format.js";
import { addLeaf, type LeafFields, compressChains, groupSmallFiles, newDir, packDir, pruneEmpty } from "./pack-tree.js";
import { NodeKind, type AnalysisPageData, type PackedNode, type PackedTree, type PageImage, type PageLayer } from "./page-data.js";

export interface AnalysisPageOptions {
  rules: readonly RuleResult[];
  /** Which rule set decided the verdict, and what chose it */
  ruleSet?: RuleSetChoice;
  hints: readonly Hint[];
  /** Dockerfile text (and build stage), to name each layer's Dockerfile line */
  dockerfile?: { text: string; target?: string };
  generator: string;
}

/** Everything the analysis page draws, from an analysis. */
export function buildAnalysisPage(analysis: Analysis, options: AnalysisPageOptions): AnalysisPageData {
  const { summary } = analysis;
  const junkRules = [...new Set(summary.waste.filter((item) => item.kind === "junk").map((item) => item.rule ?? ""))];
  const finalTree = summary.layers.length > 0 ? analysis.tree.treeAt(summary.layers.length - 1) : undefined;
  return {
    page: "analysis",
    generator: options.generator,
    image: pageImage(summary.image),
    rules: [...options.rules],
    verdict: rulesVerdict(options.rules),
    ...(options.ruleSet ? { decidedBy: ruleSetText(options.ruleSet) } : {}),
    layers: pageLayers(analysis, finalTree, options.dockerfile),
    hints: [...options.hints],
    hintsRemovableBytes: removableBytes(analysis, options.hints),
    junkRules,
    wasteGroups: groupWaste(summary.waste),
    tree: packAnalysisTree(finalTree, summary.waste, junkRules, summary.layers.map((layer) => layer.command)),
    ...(summary.packages ? { packages: summary.packages } : {}),
    ...(summary.duplicates ? { duplicates: summary.duplicates } : {}),
  };
}

export function pageImage(image: ImageFigures): PageImage {
  const { fileReference: _dropped, ...dive } = image.dive;
  return { ...image, dive };
}

/** The layers with their bytes split into final (not junk), junk, shadowed and deleted. */
export function pageLayers(analysis: Analysis, finalTree: FileNode | undefined, dockerfile?: { text: string; target?: string }): PageLayer[] {
  const context = new HintContext(analysis, dockerfile);
  const layers: PageLayer[] = analysis.summary.layers.map((layer) => ({
    index: layer.index,
    digest: layer.digest,
    command: layer.command,
    dockerfileLine: dockerfile ? context.lineOf(layer.index) : undefined,
    sizeBytes: layer.sizeBytes,
    finalBytes: 0,
    junkBytes: 0,
    shadowedBytes: 0,
    deletedBytes: 0,
    ...(layer.inherited ? { inherited: true } : {}),
  }));
  if (finalTree) forEachFinalFile(finalTree, (node) => {
    const layer = layers[node.layer];
    if (layer) layer.finalBytes += node.size;
  });
  for (const item of analysis.summary.waste) {
    const layer = layers[item.addedBy];
    if (!layer) continue;
    if (item.kind === "junk") {
      layer.junkBytes += item.bytes;
      layer.finalBytes -= item.bytes;
    } else if (item.kind === "shadowed") layer.shadowedBytes += item.bytes;
    else layer.deletedBytes += item.bytes;
  }
  return layers;
}

/**
 * The treemap's tree: the final files under `/`, then one block per layer that shipped bytes the final image does
 * not hold, split into deleted and shadowed files by path.
 */
function packAnalysisTree(finalTree: FileNode | undefined, waste: readonly WasteItem[], junkRules: string[], commands: string[]): PackedTree {
  const layerCount = commands.length;
  const junkRuleOf = new Map<string, number>();
  for (const item of waste) if (item.kind === "junk") junkRuleOf.set(item.path, junkRules.indexOf(item.rule ?? ""));

  const finalDraft = newDir();
  let fileCount = 0;
  if (finalTree) forEachFinalFile(finalTree, (node) => {
    fileCount++;
    const rule = junkRuleOf.get(node.path);
    const leaf: LeafFields = rule === undefined ? [node.size, node.layer, NodeKind.final] : [node.size, node.layer, NodeKind.junk, undefined, rule];
    addLeaf(finalDraft, node.path, leaf);
  });

  const perLayer = Array.from({ length: layerCount }, () => ({ deleted: newDir(), shadowed: newDir(), any: false }));
  for (const item of waste) {
    if (item.kind === "junk") continue;
    const drafts = perLayer[item.addedBy];
    if (!drafts) continue;
    drafts.any = true;
    fileCount++;
    const kind = item.kind === "deleted" ? NodeKind.deleted : NodeKind.shadowed;
    addLeaf(drafts[item.kind], item.path, [item.bytes, item.addedBy, kind, undefined, item.removedBy ?? -1]);
  }
  const wasteBlocks: PackedNode[] = [];
  perLayer.forEach((drafts, index) => {
    if (!drafts.any) return;
    const blocks: PackedNode[] = [
      ["deleted", 0, index, NodeKind.section, [packDir("/", drafts.deleted)]],
      ["shadowed", 0, index, NodeKind.section, [packDir("/", drafts.shadowed)]],
    ];
    wasteBlocks.push([`layer ${index}: ${clip(oneLine(commands[index] ?? ""), 80)}`, 0, index, NodeKind.section, blocks]);
  });

  const root: PackedNode = ["image", 0, -1, NodeKind.section, [
    packDir("/", finalDraft),
    ["deleted and shadowed", 0, -1, NodeKind.section, wasteBlocks],
  ]];
  pruneEmpty(root);
  compressChains(root);
  const groupedBelow = groupSmallFiles(root);
  return { root, groupedBelow, fileCount };
}

/** Calls `visit` for each regular file of the final tree (ghosts of removed paths left out). */
function forEachFinalFile(root: FileNode, visit: (node: FileNode) => void): void {
  const stack: FileNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.change === "removed") continue;
    if (node.type === "file") visit(node);
    if (node.children) for (const child of node.children) stack.push(child);
  }
}
