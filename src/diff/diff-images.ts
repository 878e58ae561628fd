import { removableBytes } from "../analysis/hints/removable.js";
import type { Hint } from "../analysis/hints/types.js";
import { storedCompressed } from "../analysis/stored-compressed.js";
import type { Analysis, ImageFigures } from "../analysis/types.js";
import type { FileNode } from "../tree/types.js";
import { checkDiff } from "./checks.js";
import { compareFiles } from "./compare-files.js";
import { compareHints, compareWaste } from "./compare-findings.js";
import { compareLayers } from "./compare-layers.js";
import { comparePackages } from "./compare-packages.js";
import type { Delta, DiffImage, DiffLimits, ImageDiff } from "./types.js";
import { assessDiff } from "./verdict.js";

export interface DiffOptions {
  /** Hints of each image (computeHints); none when absent */
  baseHints?: readonly Hint[];
  headHints?: readonly Hint[];
  /** `.layerscope.yaml` `diff:` limits for the verdict */
  limits?: DiffLimits;
  /** How many items each list of file and waste changes keeps (the counts cover all); 20 by default */
  top?: number;
}

/** Compares two analysed images: BASE (before the change) and HEAD (after). Pure. */
export function diffAnalyses(base: Analysis, head: Analysis, options: DiffOptions = {}): ImageDiff {
  const top = options.top ?? 20;
  const a = base.summary.image;
  const b = head.summary.image;
  const baseHints = options.baseHints ?? [];
  const headHints = options.headHints ?? [];
  const compared = compareHints(baseHints, headHints);
  const partial: Omit<ImageDiff, "assessment" | "checks" | "verdict"> = {
    base: side(a),
    head: side(b),
    size: {
      total: delta(a.totalBytes, b.totalBytes),
      final: delta(a.finalBytes, b.finalBytes),
      wasted: delta(a.wastedBytes, b.wastedBytes),
      dive: delta(a.dive.sizeBytes, b.dive.sizeBytes),
      ...(a.compressedBytes !== undefined && b.compressedBytes !== undefined && storedCompressed(base.summary.layers) && storedCompressed(head.summary.layers)
        ? { compressed: delta(a.compressedBytes, b.compressedBytes) }
        : {}),
    },
    efficiency: {
      layerscope: delta(a.efficiency, b.efficiency),
      dive: delta(a.dive.efficiencyScore, b.dive.efficiencyScore),
      diveUserWastedPercent: delta(a.dive.userWastedPercent, b.dive.userWastedPercent),
    },
    layers: compareLayers(base.summary.layers, head.summary.layers),
    waste: compareWaste(base.summary.waste, head.summary.waste, top),
    hints: { ...compared, removable: delta(removableBytes(base, baseHints), removableBytes(head, headHints)) },
    files: compareFiles(finalTree(base), finalTree(head), top),
  };
  const packages = comparePackages(base.summary.packages?.packages, head.summary.packages?.packages);
  if (packages) partial.packages = packages;
  return { ...partial, assessment: assessDiff(partial), ...checkDiff(partial, options.limits ?? {}) };
}

function side(image: ImageFigures): DiffImage {
  const result: DiffImage = { reference: image.reference, layerCount: image.layerCount };
  if (image.name !== undefined) result.name = image.name;
  return result;
}

function delta(base: number, head: number): Delta {
  return { base, head, delta: head - base };
}

function finalTree(analysis: Analysis): FileNode | null {
  const count = analysis.summary.layers.length;
  return count > 0 ? analysis.tree.treeAt(count - 1) : null;
}
