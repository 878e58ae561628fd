import { isObject } from "../sources/oci/config.js";

type Json = Record<string, unknown>;

const isCount = (value: unknown): boolean => typeof value === "number" && Number.isFinite(value) && value >= 0;
const LAYER_COUNTS = ["sizeBytes", "shadowedBytes", "deletedBytes", "junkBytes", "packages", "packageBytes"];
const ROW_COUNTS = ["totalBytes", "finalBytes", "wastedBytes", "efficiency", "compressedBytes"];

/**
 * What is wrong with a row of a fleet report read back, or undefined: the figures the report adds up must be
 * numbers, or a hand-edited or truncated shard report would be summed into strings (`"0x7792…"`) or fail deep
 * inside the summary.
 */
export function fleetRowProblem(row: Json): string | undefined {
  if (typeof row.reference !== "string") return "no reference";
  if (row.status === "error") return undefined;
  if (row.status !== "ok") return "status is neither ok nor error";
  const figure = ROW_COUNTS.find((key) => row[key] !== undefined && !isCount(row[key]));
  if (figure) return `${figure} is not a number`;
  if (!Array.isArray(row.layers)) return "no layers";
  for (const [i, layer] of row.layers.entries()) {
    if (!isObject(layer) || typeof layer.digest !== "string") return `layers[${i}] has no digest`;
    const key = [...LAYER_COUNTS, "blobSize"].find((name) => (name !== "blobSize" || layer[name] !== undefined) && !isCount(layer[name]));
    if (key) return `layers[${i}].${key} is not a number`;
  }
  if (!isObject(row.base) || typeof row.base.evidence !== "string" || !isCount(row.base.inheritedLayers)) return "no base";
  for (const list of ["hints", "packages"]) {
    const items = row[list] ?? [];
    if (!Array.isArray(items) || !items.every((item) => isObject(item) && typeof (item.id ?? item.name) === "string" && isCount(item.bytes))) {
      return `${list} are not a list of ${list} with their bytes`;
    }
  }
  if (row.failedRules !== undefined && !(Array.isArray(row.failedRules) && row.failedRules.every((name) => typeof name === "string"))) {
    return "failedRules is not a list of rule names";
  }
  return undefined;
}
