import prettyBytes from "pretty-bytes";
import type { Delta, DiffImage, DiffVerdict, ImageDiff } from "../diff/types.js";
import { signedPoints } from "../diff/checks.js";
import { signedBytes } from "../text/format.js";
import { percent, referenceAndName } from "./format.js";

/** `+12.3 MB (+4.1%)` */
export function sizeDelta(delta: Delta): string {
  const relative = delta.base > 0 && delta.delta !== 0 ? ` (${delta.delta > 0 ? "+" : "−"}${Math.abs((delta.delta / delta.base) * 100).toFixed(1)}%)` : "";
  return `${signedBytes(delta.delta)}${relative}`;
}

/** `291 MB → 132 MB` */
export function sizeChange(delta: Delta): string {
  return `${prettyBytes(delta.base)} → ${prettyBytes(delta.head)}`;
}

/** `42.10% → 98.70%` */
export function ratioChange(delta: Delta): string {
  return `${percent(delta.base)} → ${percent(delta.head)}`;
}

export function pointsDelta(delta: Delta): string {
  return signedPoints(delta.delta);
}

export function sideTitle(side: DiffImage): string {
  return `${referenceAndName(side)} (${side.layerCount} layer${side.layerCount === 1 ? "" : "s"})`;
}

/** `PASS`, `FAIL: max-size-increase`, or, with no limits, whether HEAD got bigger or more wasteful */
export function verdictText(diff: ImageDiff): string {
  const failed = diff.checks.filter((check) => check.status === "fail").map((check) => check.name);
  const verdicts: Record<DiffVerdict, string> = {
    pass: "PASS",
    fail: `FAIL: ${failed.join(", ")}`,
    unchecked: trendText(diff),
  };
  return verdicts[diff.verdict];
}

function trendText(diff: ImageDiff): string {
  const bigger = diff.size.total.delta > 0;
  const worse = diff.efficiency.layerscope.delta < -0.00005;
  if (!bigger && !worse) return diff.size.total.delta < 0 ? "smaller, no efficiency loss" : "no size or efficiency regression";
  return [bigger ? "bigger" : "", worse ? "less efficient" : ""].filter(Boolean).join(" and ") + " (no limits set)";
}
