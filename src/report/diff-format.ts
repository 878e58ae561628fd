import prettyBytes from "pretty-bytes";
import type { Delta, DiffImage, DiffVerdict, ImageDiff } from "../diff/types.js";
import { signedPoints } from "../diff/checks.js";
import { assessmentText } from "../diff/verdict.js";
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

/**
 * The limits' verdict, then whether HEAD is better or worse: `PASS — better: smaller, less waste`,
 * `FAIL: max-size-increase — worse: bigger`, or with no limits `mixed: smaller, but more waste (no limits set)`.
 */
export function verdictText(diff: ImageDiff): string {
  const failed = diff.checks.filter((check) => check.status === "fail").map((check) => check.name);
  const assessment = assessmentText(diff.assessment);
  const verdicts: Record<DiffVerdict, string> = {
    pass: `PASS — ${assessment}`,
    fail: `FAIL: ${failed.join(", ")} — ${assessment}`,
    unchecked: `${assessment} (no limits set)`,
  };
  return verdicts[diff.verdict];
}

/** ✅ better, unchanged or within the limits; ⚠️ worse or mixed with no limits set; ❌ a limit failed */
export function verdictIcon(diff: ImageDiff): string {
  if (diff.verdict !== "unchecked") return diff.verdict === "fail" ? "❌" : "✅";
  return diff.assessment.outcome === "better" || diff.assessment.outcome === "unchanged" ? "✅" : "⚠️";
}

/** `size −423 MB (−68.7%), pull −140 MB (−60.1%), waste −1.28 MB, efficiency −0.39 pts`: the figures of the headline */
export function headlineFigures(diff: ImageDiff): string {
  const parts = [`size ${sizeDelta(diff.size.total)}`];
  if (diff.size.compressed) parts.push(`pull ${sizeDelta(diff.size.compressed)}`);
  // no percentage for the waste: of a few kB of waste, any change is thousands of percent
  parts.push(`waste ${signedBytes(diff.size.wasted.delta)}`, `efficiency ${pointsDelta(diff.efficiency.layerscope)}`);
  return parts.join(", ");
}

/** The byte figures of both images, named, with their change: size, pull (when known), final files, waste, removable by the hints */
export function byteFigures(diff: ImageDiff): Array<[string, Delta, string]> {
  const figures: Array<[string, Delta, string]> = [["Size", diff.size.total, sizeDelta(diff.size.total)]];
  if (diff.size.compressed) figures.push(["Pull (compressed)", diff.size.compressed, sizeDelta(diff.size.compressed)]);
  figures.push(["Final files", diff.size.final, sizeDelta(diff.size.final)], ["Wasted", diff.size.wasted, sizeDelta(diff.size.wasted)]);
  // a share of the base's removable bytes says nothing: only the bytes
  figures.push(["Removable by the hints", diff.hints.removable, signedBytes(diff.hints.removable.delta)]);
  return figures;
}
