import type { Hint } from "../hints/types.js";
import { evaluateRules, type RuleInputs } from "../rules.js";
import type { RuleResult, RuleSettings } from "../rules-types.js";
import type { FileNode } from "../../tree/types.js";
import type { ImageAnalysis, LayerSummary, WasteItem } from "../types.js";
import type { BaseBoundary } from "./find-base.js";
import type { BaseFigures, SideFigures } from "./types.js";

/**
 * Marks the inherited layers of `summary` (`layers[i].inherited`) and sets `image.base` with the figures split
 * into yours and inherited. A waste item counts on the side of the layer its bytes sit in (`addedBy`): bytes a
 * base layer ships cannot be taken out by editing the image's own Dockerfile, even when a later layer of the
 * image removed or replaced them.
 */
export function applyBase(summary: ImageAnalysis, boundary: BaseBoundary): BaseFigures {
  const cut = Math.min(boundary.inheritedLayers, summary.layers.length);
  summary.layers = summary.layers.map((layer) => ({ ...layer, inherited: layer.index < cut }));
  const base: BaseFigures = {
    evidence: boundary.evidence,
    ...(boundary.name !== undefined ? { name: boundary.name } : {}),
    ...(boundary.digest !== undefined ? { digest: boundary.digest } : {}),
    inheritedLayers: cut,
    detail: boundary.detail,
    yours: side(summary, (layer) => layer >= cut),
    inherited: side(summary, (layer) => layer < cut),
  };
  summary.image = { ...summary.image, base };
  return base;
}

function side(summary: ImageAnalysis, belongs: (layer: number) => boolean): SideFigures {
  const layers = summary.layers.filter((layer) => belongs(layer.index));
  const waste = summary.waste.filter((item) => belongs(item.addedBy));
  const packages = (summary.packages?.packages ?? []).filter((pkg) => belongs(pkg.layer));
  const figures: SideFigures = {
    layers: layers.length,
    sizeBytes: sum(layers, (layer) => layer.sizeBytes),
    wastedBytes: sum(waste, (item) => item.bytes),
    shadowedBytes: wasteOf(waste, "shadowed"),
    deletedBytes: wasteOf(waste, "deleted"),
    junkBytes: wasteOf(waste, "junk"),
    packages: packages.length,
    packageBytes: sum(packages, (pkg) => pkg.bytes),
  };
  if (layers.every((layer: LayerSummary) => layer.blobSize !== undefined)) figures.blobBytes = sum(layers, (layer) => layer.blobSize!);
  return figures;
}

function wasteOf(items: WasteItem[], kind: WasteItem["kind"]): number {
  return sum(items.filter((item) => item.kind === kind), (item) => item.bytes);
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}

/** The hints about the image's own layers only (`--ignore-base`): a base layer's instruction is not yours to change. */
export function ownHints(hints: Hint[], base: BaseFigures | undefined): Hint[] {
  if (base === undefined || base.inheritedLayers === 0) return hints;
  return hints.filter((hint) => hint.layer >= base.inheritedLayers);
}

/**
 * The analysis as the rules see it with `--ignore-base`: the layerscope figures of the image's own layers, and
 * Dive's three figures replaced by the same measures over those layers (efficiency, wasted bytes, wasted share of
 * the own layers' bytes), since Dive's model cannot be split by layer.
 */
function ownView(summary: ImageAnalysis): ImageAnalysis {
  const base = summary.image.base;
  if (base === undefined || base.inheritedLayers === 0) return summary;
  const own = base.yours;
  const efficiency = own.sizeBytes === 0 ? 1 : 1 - own.wastedBytes / own.sizeBytes;
  const wastedShare = own.sizeBytes === 0 ? 0 : own.wastedBytes / own.sizeBytes;
  return {
    ...summary,
    image: {
      ...summary.image,
      layerCount: own.layers,
      totalBytes: own.sizeBytes,
      wastedBytes: own.wastedBytes,
      shadowedBytes: own.shadowedBytes,
      deletedBytes: own.deletedBytes,
      junkBytes: own.junkBytes,
      efficiency,
      dive: { ...summary.image.dive, efficiencyScore: efficiency, inefficientBytes: own.wastedBytes, userWastedPercent: wastedShare, userSizeBytes: own.sizeBytes },
    },
    layers: summary.layers.filter((layer) => !layer.inherited),
    waste: summary.waste.filter((item) => item.addedBy >= base.inheritedLayers),
  };
}

/** The rules, on the image's own layers when the base is ignored (their messages then say so). */
export function rulesFor(summary: ImageAnalysis, settings: RuleSettings, ignoreBase: boolean, finalTree?: FileNode, inputs: RuleInputs = {}): RuleResult[] {
  if (!ignoreBase || !summary.image.base?.inheritedLayers) return evaluateRules(summary, settings, finalTree, inputs);
  return evaluateRules(ownView(summary), settings, finalTree, inputs).map((rule) => ({ ...rule, message: `${rule.message} (your layers)` }));
}
