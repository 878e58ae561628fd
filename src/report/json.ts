import { safeJson } from "../tar/path.js";
import type { Hint } from "../analysis/hints/types.js";
import type { RuleResult } from "../analysis/rules-types.js";
import type { ImageDiff } from "../diff/types.js";
import type { ImageAnalysis, ImageFigures, LayerSummary, WasteItem } from "../analysis/types.js";
import type { PackageInfo, PackageReport } from "../packages/types.js";
import { jsonChunks } from "./json-chunks.js";

export const JSON_SCHEMA_VERSION = 1;

/**
 * The `--json` document. All sizes are bytes, all ratios fractions (0..1). `schemaVersion` changes only when a
 * field is renamed, removed or changes meaning; new fields may appear within a version.
 */
export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  image: ImageFigures;
  layers: LayerSummary[];
  waste: WasteItem[];
  rules: RuleResult[];
  /** Fix hints, most severe first (see src/analysis/hints) */
  hints: Hint[];
  /** Installed packages, largest first (empty when the image holds no package database) */
  packages: PackageInfo[];
  /** Package totals (owned and unowned bytes, removed packages, warnings); absent without a package database */
  packageSummary?: Omit<PackageReport, "packages">;
  /** With `--baseline BASE`: the diff from BASE to this image, as `layerscope diff --json` gives it */
  baseline?: ImageDiff;
}

export function buildJsonReport(
  summary: ImageAnalysis,
  rules: readonly RuleResult[],
  hints: readonly Hint[] = [],
  baseline?: ImageDiff,
): JsonReport {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    image: summary.image,
    layers: summary.layers,
    waste: summary.waste,
    rules: [...rules],
    hints: [...hints],
    packages: summary.packages?.packages ?? [],
    ...(summary.packages ? { packageSummary: packageSummaryOf(summary.packages) } : {}),
    ...(baseline ? { baseline } : {}),
  };
}

export function formatJsonReport(
  summary: ImageAnalysis,
  rules: readonly RuleResult[],
  hints: readonly Hint[] = [],
  baseline?: ImageDiff,
): string {
  return safeJson(JSON.stringify(buildJsonReport(summary, rules, hints, baseline), null, 2)) + "\n";
}

/** formatJsonReport's text in pieces of about 64 KiB, for writing a large report without one huge string. */
export function jsonReportChunks(
  summary: ImageAnalysis,
  rules: readonly RuleResult[],
  hints: readonly Hint[] = [],
  baseline?: ImageDiff,
): Iterable<string> {
  const chunks = jsonChunks(buildJsonReport(summary, rules, hints, baseline));
  return { *[Symbol.iterator]() { for (const chunk of chunks) yield safeJson(chunk); } };
}

function packageSummaryOf(report: PackageReport): Omit<PackageReport, "packages"> {
  const { packages: _packages, ...rest } = report;
  return rest;
}
