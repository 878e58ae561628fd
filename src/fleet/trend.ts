import type { DiffConfig } from "../config/types.js";
import { NEGLIGIBLE_BYTES } from "../diff/verdict.js";
import { bytes } from "../text/format.js";
import { compare } from "./fleet-bases.js";
import type { FleetImage, FleetTrend } from "./types.js";

/** An efficiency drop beyond this is a regression when the config's `diff.max-efficiency-drop` does not say. */
const DEFAULT_EFFICIENCY_DROP = 0.01;

type Change = FleetTrend["changed"][number];

/**
 * Which images changed since a previous fleet report, matched by reference. A regression is an image whose rules
 * now fail where they passed, whose efficiency dropped by more than the limit with more waste, or whose size grew beyond
 * `diff.max-size-increase` when the config sets it; an image that could not be analysed now is listed, not
 * counted (a registry outage is not a regression of the image).
 */
export function fleetTrend(previous: readonly FleetImage[], current: readonly FleetImage[], baseline: string, limits: DiffConfig): FleetTrend {
  const before = new Map(previous.map((row) => [row.reference, row]));
  const now = new Set(current.map((row) => row.reference));
  const changed: Change[] = [];
  let regressions = 0;
  for (const row of current) {
    const old = before.get(row.reference);
    if (!old) {
      changed.push({ reference: row.reference, change: "new", reasons: [] });
      continue;
    }
    if (row.status !== "ok") {
      if (old.status === "ok") changed.push({ reference: row.reference, change: "failing", reasons: [`not analysed: ${row.error ?? "error"}`] });
      continue;
    }
    if (old.status !== "ok") {
      changed.push({ reference: row.reference, change: "fixed", reasons: ["analysed again"] });
      continue;
    }
    const change = compareRows(old, row, limits);
    if (change) {
      changed.push(change.change);
      if (change.regression) regressions++;
    }
  }
  for (const row of previous) if (!now.has(row.reference)) changed.push({ reference: row.reference, change: "gone", reasons: [] });
  changed.sort((a, b) => compare(a.reference, b.reference));
  return { baseline, regressions, changed, verdict: regressions > 0 ? "fail" : "pass" };
}

function compareRows(old: FleetImage, row: FleetImage, limits: DiffConfig): { change: Change; regression: boolean } | undefined {
  const efficiencyDelta = (row.efficiency ?? 1) - (old.efficiency ?? 1);
  const wastedDelta = (row.wastedBytes ?? 0) - (old.wastedBytes ?? 0);
  const sizeDelta = (row.totalBytes ?? 0) - (old.totalBytes ?? 0);
  const reasons: string[] = [];
  const maxDrop = limits.maxEfficiencyDrop ?? DEFAULT_EFFICIENCY_DROP;
  if (old.verdict === "pass" && row.verdict === "fail") reasons.push(`rules fail: ${(row.failedRules ?? []).join(", ")}`);
  // as in `diff`: the ratio falls when the same waste is a larger share of a smaller image; only more waste regresses
  if (-efficiencyDelta > maxDrop && wastedDelta >= NEGLIGIBLE_BYTES)
    reasons.push(`efficiency dropped ${points(-efficiencyDelta)} points (limit ${points(maxDrop)})`);
  const grow = limits.maxSizeIncrease;
  const allowed = grow && ("bytes" in grow ? grow.bytes : grow.fraction * (old.totalBytes ?? 0));
  if (allowed !== undefined && sizeDelta > allowed) reasons.push(`size grew by ${bytes(sizeDelta)} (limit ${bytes(Math.round(allowed))})`);
  const regression = reasons.length > 0;
  let kind: Change["change"] | undefined;
  if (old.verdict === "pass" && row.verdict === "fail") kind = "failing";
  else if (old.verdict === "fail" && row.verdict === "pass") kind = "fixed";
  else if (regression || wastedDelta > 0) kind = "worse";
  else if (wastedDelta < 0) kind = "better";
  if (kind === undefined && sizeDelta === 0) return undefined;
  return {
    change: { reference: row.reference, change: kind ?? (sizeDelta > 0 ? "worse" : "better"), efficiencyDelta, wastedDelta, sizeDelta, reasons },
    regression,
  };
}

function points(fraction: number): string {
  return (fraction * 100).toFixed(2);
}
