import type { ImageDiff } from "../diff/types.js";
import { safeJson } from "../text/escape.js";

export const DIFF_JSON_SCHEMA_VERSION = 1;

/** The `diff --json` document: sizes in bytes, ratios as fractions, deltas as head − base. */
export interface DiffJsonReport extends ImageDiff {
  schemaVersion: typeof DIFF_JSON_SCHEMA_VERSION;
  kind: "layerscope-diff";
}

export function formatDiffJson(diff: ImageDiff): string {
  const report: DiffJsonReport = { schemaVersion: DIFF_JSON_SCHEMA_VERSION, kind: "layerscope-diff", ...diff };
  return safeJson(JSON.stringify(report, null, 2)) + "\n";
}
