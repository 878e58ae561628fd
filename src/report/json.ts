import { safeJson } from "../tar/path.js";
import type { Hint } from "../analysis/hints/types.js";
import type { DuplicateReport } from "../analysis/duplicate-types.js";
import type { RuleResult, RuleSetChoice } from "../analysis/rules-types.js";
import type { ImageDiff } from "../diff/types.js";
import type { ImageAnalysis, ImageFigures, LayerSummary, WasteItem } from "../analysis/types.js";
import type { PackageInfo, PackageReport } from "../packages/types.js";
import type { EntryType } from "../tar/types.js";
import type { ChangeKind, PathChange, TreeModel } from "../tree/types.js";
import { jsonChunks, LazyJsonArray } from "./json-stream.js";

export const JSON_SCHEMA_VERSION = 1;

/**
 * The `--json` document. All sizes are bytes, all ratios fractions (0..1). `schemaVersion` changes only when a
 * field is renamed, removed or changes meaning; new fields may appear within a version.
 */
export interface JsonReport {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  image: ImageFigures;
  layers: JsonLayer[];
  waste: WasteItem[];
  rules: RuleResult[];
  /** The rule set that decided `rules` and what chose it (absent when the caller did not say) */
  ruleSet?: RuleSetChoice;
  /** Fix hints, most severe first (see src/analysis/hints) */
  hints: Hint[];
  /** Bytes the fixes of all the hints remove, each byte counted once (never more than image.totalBytes); absent when hints were not computed */
  hintsRemovableBytes?: number;
  /** Installed packages, largest first (empty when the image holds no package database) */
  packages: PackageInfo[];
  /** Package totals (owned and unowned bytes, removed packages, warnings); absent without a package database */
  packageSummary?: Omit<PackageReport, "packages">;
  /** With `--duplicates`: identical files at different paths of the final image, and what finding them cost */
  duplicates?: DuplicateReport;
  /** With `--baseline BASE`: the diff from BASE to this image, as `layerscope diff --json` gives it */
  baseline?: ImageDiff;
}

interface JsonLayer extends LayerSummary {
  /** With `--json-files`: every path the layer added, modified or removed, sorted by path */
  changes?: Iterable<JsonFileChange>;
}

/** One path a layer changed, against the tree below it. Removed paths describe what was removed. */
export interface JsonFileChange {
  path: string;
  change: ChangeKind;
  type: EntryType;
  /** Content bytes of a regular file (or hardlink); 0 for other types */
  size: number;
  /** Permission bits as four octal digits, e.g. `0755` (setuid/setgid/sticky included) */
  mode: string;
  uid: number;
  gid: number;
  /** Symlinks: the target as written; hardlinks: the linked path */
  linkTarget?: string;
}

export interface JsonReportOptions {
  hints?: readonly Hint[];
  ruleSet?: RuleSetChoice;
  /** removableBytes of `hints` */
  hintsRemovableBytes?: number;
  baseline?: ImageDiff;
  /** `--json-files`: the tree model whose per-layer changes go into `layers[].changes` */
  files?: TreeModel;
}

export function buildJsonReport(summary: ImageAnalysis, rules: readonly RuleResult[], options: JsonReportOptions = {}): JsonReport {
  const { files } = options;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    image: summary.image,
    layers: files === undefined ? summary.layers : summary.layers.map((layer) => ({ ...layer, changes: lazyChanges(files, layer.index) })),
    waste: summary.waste,
    rules: [...rules],
    ...(options.ruleSet ? { ruleSet: options.ruleSet } : {}),
    hints: [...(options.hints ?? [])],
    ...(options.hintsRemovableBytes !== undefined ? { hintsRemovableBytes: options.hintsRemovableBytes } : {}),
    packages: summary.packages?.packages ?? [],
    ...(summary.packages ? { packageSummary: packageSummaryOf(summary.packages) } : {}),
    ...(summary.duplicates ? { duplicates: summary.duplicates } : {}),
    ...(options.baseline ? { baseline: options.baseline } : {}),
  };
}

/** The report as chunks of text, the per-layer file changes made one at a time (see jsonChunks). */
export function* jsonReportChunks(summary: ImageAnalysis, rules: readonly RuleResult[], options: JsonReportOptions = {}): Generator<string> {
  for (const chunk of jsonChunks(buildJsonReport(summary, rules, options))) yield safeJson(chunk);
  yield "\n";
}

/** The whole report as one string: for small reports and tests; the CLI streams `jsonReportChunks`. */
export function formatJsonReport(summary: ImageAnalysis, rules: readonly RuleResult[], options: JsonReportOptions = {}): string {
  return [...jsonReportChunks(summary, rules, options)].join("");
}

function lazyChanges(model: TreeModel, layer: number): LazyJsonArray<JsonFileChange> {
  return new LazyJsonArray(function* () {
    for (const change of model.changesOf(layer)) yield jsonFileChange(change);
  });
}

export function jsonFileChange(change: PathChange): JsonFileChange {
  const { meta } = change;
  return {
    path: change.path,
    change: change.kind,
    type: change.type,
    size: change.size,
    mode: meta.mode.toString(8).padStart(4, "0"),
    uid: meta.uid,
    gid: meta.gid,
    ...(change.type === "symlink" || change.type === "hardlink" ? { linkTarget: meta.linkname } : {}),
  };
}

function packageSummaryOf(report: PackageReport): Omit<PackageReport, "packages"> {
  const { packages: _packages, ...rest } = report;
  return rest;
}
