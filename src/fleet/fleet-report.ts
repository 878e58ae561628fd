import { isObject, parseJson } from "../sources/oci/config.js";
import { fleetRowProblem } from "./check-rows.js";
import { relateImages } from "./fleet-bases.js";
import { summarizeFleet } from "./summarize.js";
import { FLEET_KIND, FLEET_SCHEMA_VERSION, type FleetImage, type FleetReportJson, type FleetShard, type FleetTrend } from "./types.js";

/**
 * Whether the fleet fails, as `--ci` decides it: an image fails its rules, the change from the baseline fails its
 * limits, or an image could not be analysed (its rules were never checked: a reference that names no image must not
 * pass a gate).
 */
export function fleetFails(report: FleetReportJson): boolean {
  return report.summary.failedRules > 0 || report.summary.failed > 0 || report.baseline?.verdict === "fail";
}

/** The report of a set of rows: rows related (same image, bases within the fleet), sorted, and summed up. */
export function fleetReport(rows: FleetImage[], options: { ignoreBase: boolean; shard?: FleetShard; baseline?: FleetTrend }): FleetReportJson {
  const images = relateImages(rows);
  return {
    schemaVersion: FLEET_SCHEMA_VERSION,
    kind: FLEET_KIND,
    ...(options.shard ? { shard: options.shard } : {}),
    ignoreBase: options.ignoreBase,
    images,
    summary: summarizeFleet(images),
    ...(options.baseline ? { baseline: options.baseline } : {}),
  };
}

export class FleetReportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "FleetReportError";
  }
}

/** A fleet report read back (`fleet merge`, `--baseline`): checked for its kind, version and rows. */
export function parseFleetReport(text: string, what: string): FleetReportJson {
  let json: unknown;
  try {
    json = parseJson(text, what);
  } catch (error) {
    throw new FleetReportError((error as Error).message);
  }
  if (!isObject(json) || json.kind !== FLEET_KIND) throw new FleetReportError(`${what}: not a layerscope fleet report (no "kind": "${FLEET_KIND}")`);
  if (json.schemaVersion !== FLEET_SCHEMA_VERSION)
    throw new FleetReportError(`${what}: fleet report schema ${String(json.schemaVersion)}, this layerscope reads ${FLEET_SCHEMA_VERSION}`);
  if (!Array.isArray(json.images)) throw new FleetReportError(`${what}: its images are not fleet rows`);
  for (const [i, row] of json.images.entries()) {
    const problem = isObject(row) ? fleetRowProblem(row) : "not an object";
    if (problem) throw new FleetReportError(`${what}: its images are not fleet rows (image ${i + 1}: ${problem})`);
  }
  const shard = json.shard;
  if (shard !== undefined && !(isObject(shard) && validShard(shard.index, shard.count))) throw new FleetReportError(`${what}: its shard is not I/N`);
  return json as unknown as FleetReportJson;
}

function validShard(index: unknown, count: unknown): boolean {
  return Number.isInteger(index) && Number.isInteger(count) && (index as number) >= 0 && (index as number) < (count as number);
}
