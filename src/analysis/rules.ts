import { globTest } from "./glob.js";
import prettyBytes from "pretty-bytes";
import type { ImageAnalysis } from "./types.js";
import type { FileNode } from "../tree/types.js";
import type { LayerscopeRuleSettings, RuleResult, RuleSettings, Threshold } from "./rules-types.js";

export type { RuleResult, RuleSettings } from "./rules-types.js";

type Unit = "fraction" | "bytes" | "count";

interface LimitCheck {
  name: string;
  label: string;
  value: number;
  threshold: Threshold;
  /** "min": fails when value < threshold; "max": fails when value > threshold (strict, as Dive) */
  bound: "min" | "max";
  unit: Unit;
}

/**
 * Evaluates Dive's rules on `summary.image.dive` (always, in Dive's order) and the layerscope rules present in
 * `settings.layerscope` on `summary.image`. `finalTree` (the merged tree after the last layer) is needed only
 * for `forbid-paths`.
 */
export function evaluateRules(summary: ImageAnalysis, settings: RuleSettings, finalTree?: FileNode): RuleResult[] {
  const { image } = summary;
  const dive = image.dive;
  const checks: LimitCheck[] = [
    limit("lowestEfficiency", "efficiency score", dive.efficiencyScore, settings.dive.lowestEfficiency, "min", "fraction"),
    limit("highestWastedBytes", "wasted bytes", dive.inefficientBytes, settings.dive.highestWastedBytes, "max", "bytes"),
    limit(
      "highestUserWastedPercent",
      "user wasted percent",
      dive.userWastedPercent,
      settings.dive.highestUserWastedPercent,
      "max",
      "fraction",
    ),
  ];
  const own = settings.layerscope;
  const wastedFraction = image.totalBytes === 0 ? 0 : image.wastedBytes / image.totalBytes;
  const optional: [Exclude<keyof LayerscopeRuleSettings, "forbidPaths">, string, string, number, "min" | "max", Unit][] = [
    ["minEfficiency", "min-efficiency", "efficiency", image.efficiency, "min", "fraction"],
    ["maxWastedBytes", "max-wasted-bytes", "wasted bytes", image.wastedBytes, "max", "bytes"],
    ["maxWastedPercent", "max-wasted-percent", "wasted fraction", wastedFraction, "max", "fraction"],
    ["maxJunkBytes", "max-junk-bytes", "junk bytes", image.junkBytes, "max", "bytes"],
    ["maxImageBytes", "max-image-bytes", "image bytes", image.totalBytes, "max", "bytes"],
    ["maxLayers", "max-layers", "layers", image.layerCount, "max", "count"],
  ];
  for (const [key, name, label, value, bound, unit] of optional) {
    const threshold = own[key];
    if (threshold !== undefined) checks.push(limit(name, label, value, threshold, bound, unit));
  }
  const results = checks.map(checkLimit);
  if (own.forbidPaths !== undefined) results.push(checkForbiddenPaths(own.forbidPaths, finalTree));
  return results;
}

/** Overall verdict: "fail" when any rule failed, else "pass". */
export function rulesVerdict(results: readonly RuleResult[]): "pass" | "fail" {
  return results.some((result) => result.status === "fail") ? "fail" : "pass";
}

function limit(name: string, label: string, value: number, threshold: Threshold, bound: "min" | "max", unit: Unit): LimitCheck {
  return { name, label, value, threshold, bound, unit };
}

function checkLimit(check: LimitCheck): RuleResult {
  const { name, label, value, threshold, bound } = check;
  if (threshold === null) return { name, status: "skip", value, threshold, message: "rule disabled" };
  const failed = bound === "min" ? value < threshold : value > threshold;
  const comparison = failed ? (bound === "min" ? "<" : ">") : bound === "min" ? ">=" : "<=";
  const text = `${label} ${show(value, check.unit)} ${comparison} ${show(threshold, check.unit)}`;
  const status = failed ? "fail" : "pass";
  return { name, status, value, threshold, message: failed ? `${text} (too ${bound === "min" ? "low" : "high"})` : text };
}

function show(value: number, unit: Unit): string {
  if (unit === "bytes") return `${value} (${prettyBytes(value)})`;
  if (unit === "fraction") return String(Number(value.toFixed(4)));
  return String(value);
}

function checkForbiddenPaths(globs: readonly string[], finalTree: FileNode | undefined): RuleResult {
  const name = "forbid-paths";
  if (finalTree === undefined) return { name, status: "skip", value: 0, threshold: 0, message: "no final tree to check" };
  if (globs.length === 0) return { name, status: "pass", value: 0, threshold: 0, message: "no globs given" };
  const found = forbiddenPaths(globs, finalTree);
  if (found.length === 0) return { name, status: "pass", value: 0, threshold: 0, message: `no path matches ${globs.join(", ")}` };
  const shown = found.slice(0, 3).join(", ") + (found.length > 3 ? `, and ${found.length - 3} more` : "");
  return { name, status: "fail", value: found.length, threshold: 0, message: `forbidden paths present: ${shown}` };
}

/** Paths of the final tree (removed nodes excluded) matching any glob; globs and paths compare without the leading `/`. */
export function forbiddenPaths(globs: readonly string[], root: FileNode): string[] {
  const isMatch = globTest(
    globs.map((glob) => glob.replace(/^\/+/, "")),
    { dot: true },
  );
  const found: string[] = [];
  const stack: FileNode[] = [...(root.children ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as FileNode;
    if (node.change === "removed") continue;
    if (isMatch(node.path.replace(/^\/+/, ""))) found.push(node.path);
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return found;
}
