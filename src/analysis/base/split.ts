import type { Hint } from "../hints/types.js";
import { evaluateRules, type RuleInputs } from "../rules.js";
import type { RuleResult, RuleSettings } from "../rules-types.js";
import type { FileNode } from "../../tree/types.js";
import type { ImageAnalysis, WasteItem } from "../types.js";
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

/** One side's figures, in one pass over the layers and one over the waste (a large image has 100,000s of items) */
function side(summary: ImageAnalysis, belongs: (layer: number) => boolean): SideFigures {
  let layers = 0;
  let sizeBytes = 0;
  let blobBytes: number | undefined = 0;
  for (const layer of summary.layers) {
    if (!belongs(layer.index)) continue;
    layers++;
    sizeBytes += layer.sizeBytes;
    blobBytes = layer.blobSize === undefined || blobBytes === undefined ? undefined : blobBytes + layer.blobSize;
  }
  const wasted: Record<WasteItem["kind"], number> = { shadowed: 0, deleted: 0, junk: 0 };
  let wastedBytes = 0;
  for (const item of summary.waste) {
    if (!belongs(item.addedBy)) continue;
    wastedBytes += item.bytes;
    wasted[item.kind] += item.bytes;
  }
  let packages = 0;
  let packageBytes = 0;
  for (const pkg of summary.packages?.packages ?? []) {
    if (!belongs(pkg.layer)) continue;
    packages++;
    packageBytes += pkg.bytes;
  }
  const figures: SideFigures = {
    layers,
    sizeBytes,
    wastedBytes,
    shadowedBytes: wasted.shadowed,
    deletedBytes: wasted.deleted,
    junkBytes: wasted.junk,
    packages,
    packageBytes,
  };
  if (blobBytes !== undefined) figures.blobBytes = blobBytes;
  return figures;
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
      dive: {
        ...summary.image.dive,
        efficiencyScore: efficiency,
        inefficientBytes: own.wastedBytes,
        userWastedPercent: wastedShare,
        userSizeBytes: own.sizeBytes,
      },
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
