import prettyBytes from "pretty-bytes";
import { SEVERITY_RANK } from "../analysis/hints/types.js";
import { signedBytes } from "../text/format.js";
import type { DiffCheck, DiffLimits, DiffVerdict, ImageDiff } from "./types.js";
import { NEGLIGIBLE_BYTES } from "./verdict.js";

/** The `diff:` limits of `.layerscope.yaml` applied to a diff; a limit not set is not checked. */
export function checkDiff(diff: Omit<ImageDiff, "assessment" | "checks" | "verdict">, limits: DiffLimits): { checks: DiffCheck[]; verdict: DiffVerdict } {
  const checks: DiffCheck[] = [];
  const size = diff.size.total;
  if (limits.maxSizeIncrease !== undefined) {
    const limit = limits.maxSizeIncrease;
    const allowed = "bytes" in limit ? limit.bytes : limit.fraction * size.base;
    const shown = "bytes" in limit ? prettyBytes(limit.bytes) : `${percentText(limit.fraction)} of ${prettyBytes(size.base)} = ${prettyBytes(Math.round(allowed))}`;
    checks.push({
      name: "max-size-increase",
      status: size.delta > allowed ? "fail" : "pass",
      message: `size ${signedBytes(size.delta)} (limit +${shown})`,
    });
  }
  if (limits.maxEfficiencyDrop !== undefined) {
    const drop = -diff.efficiency.layerscope.delta;
    const shown = `efficiency ${signedPoints(diff.efficiency.layerscope.delta)} (limit −${pointsText(limits.maxEfficiencyDrop)})`;
    // the ratio falls when the same waste is a larger share of a smaller image: only more waste is a regression
    const moreWaste = diff.size.wasted.delta >= NEGLIGIBLE_BYTES;
    const beyond = drop > limits.maxEfficiencyDrop + 1e-12;
    checks.push({
      name: "max-efficiency-drop",
      status: beyond && moreWaste ? "fail" : "pass",
      message: beyond && !moreWaste ? `${shown}, not a regression: waste ${signedBytes(diff.size.wasted.delta)}, size ${signedBytes(size.delta)}` : shown,
    });
  }
  if (limits.noNewHints !== undefined) {
    const floor = SEVERITY_RANK[limits.noNewHints];
    const offending = diff.hints.new.filter((hint) => SEVERITY_RANK[hint.severity] >= floor);
    checks.push({
      name: "no-new-hints",
      status: offending.length > 0 ? "fail" : "pass",
      message:
        offending.length === 0
          ? `no new hints of severity ${limits.noNewHints} or worse`
          : `${offending.length} new hint${offending.length === 1 ? "" : "s"} of severity ${limits.noNewHints} or worse: ${[...new Set(offending.map((hint) => hint.id))].join(", ")}`,
    });
  }
  const verdict: DiffVerdict = checks.length === 0 ? "unchecked" : checks.some((check) => check.status === "fail") ? "fail" : "pass";
  return { checks, verdict };
}

/** A change of a fraction, in percentage points: +1.25 pts */
export function signedPoints(delta: number): string {
  const points = delta * 100;
  if (Math.abs(points) < 0.005) return "±0.00 pts";
  return `${points > 0 ? "+" : "−"}${Math.abs(points).toFixed(2)} pts`;
}

function pointsText(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} pts`;
}

function percentText(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}
