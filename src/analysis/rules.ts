import { globTest } from "./glob.js";
import prettyBytes from "pretty-bytes";
import type { ImageAnalysis } from "./types.js";
import type { FileNode } from "../tree/types.js";
import type { Hint } from "./hints/types.js";
import { hintGateResult } from "./hint-gate.js";
import { inCertificateStore } from "./cert-stores.js";
import type { DiveRuleSettings, LayerscopeRuleSettings, RuleResult, RuleSettings, Threshold } from "./rules-types.js";

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

/** What some rules look at besides the figures. */
export interface RuleInputs {
  /** Paths a package owns (`Analysis.packageFiles`): `forbid-paths` can let them through */
  packageFiles?: { has(path: string): boolean };
  /** The image's hints: the hint gate (`settings.hints`) looks at them */
  hints?: readonly Hint[];
}

/**
 * Evaluates Dive's rules on `summary.image.dive` when `settings.dive` is present (in Dive's order), the layerscope
 * rules present in `settings.layerscope` on `summary.image`, and the hint gate when `settings.hints` and
 * `inputs.hints` are both given. `finalTree` (the merged tree after the last layer) is needed only for
 * `forbid-paths`.
 */
export function evaluateRules(summary: ImageAnalysis, settings: RuleSettings, finalTree?: FileNode, inputs: RuleInputs = {}): RuleResult[] {
  const { image } = summary;
  const checks: LimitCheck[] = settings.dive ? diveChecks(summary, settings.dive) : [];
  const own = settings.layerscope;
  const wastedFraction = image.totalBytes === 0 ? 0 : image.wastedBytes / image.totalBytes;
  const optional: [ThresholdKey, string, string, number, "min" | "max", Unit][] = [
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
  if (own.forbidPaths !== undefined) results.push(checkForbiddenPaths(own, finalTree, inputs.packageFiles));
  if (settings.hints !== undefined && inputs.hints !== undefined) results.push(hintGateResult(inputs.hints, settings.hints));
  return results;
}

type ThresholdKey = "minEfficiency" | "maxWastedBytes" | "maxWastedPercent" | "maxJunkBytes" | "maxImageBytes" | "maxLayers";

function diveChecks(summary: ImageAnalysis, rules: DiveRuleSettings): LimitCheck[] {
  const dive = summary.image.dive;
  return [
    limit("lowestEfficiency", "efficiency score", dive.efficiencyScore, rules.lowestEfficiency, "min", "fraction"),
    limit("highestWastedBytes", "wasted bytes", dive.inefficientBytes, rules.highestWastedBytes, "max", "bytes"),
    limit("highestUserWastedPercent", "user wasted percent", dive.userWastedPercent, rules.highestUserWastedPercent, "max", "fraction"),
  ];
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
  const text = `${label} ${showPair(value, threshold, check.unit)} ${comparison} ${showPair(threshold, value, check.unit)}`;
  const status = failed ? "fail" : "pass";
  return { name, status, value, threshold, message: failed ? `${text} (too ${bound === "min" ? "low" : "high"})` : text };
}

/** A figure as `show` rounds it, unless that rounds it onto a different figure it is compared with: then in full. */
function showPair(value: number, other: number, unit: Unit): string {
  const shown = show(value, unit);
  return value !== other && shown === show(other, unit) ? String(value) : shown;
}

function show(value: number, unit: Unit): string {
  if (unit === "bytes") return `${value} (${prettyBytes(value)})`;
  if (unit === "fraction") return String(Number(value.toFixed(4)));
  return String(value);
}

function checkForbiddenPaths(rules: LayerscopeRuleSettings, finalTree: FileNode | undefined, packageFiles: RuleInputs["packageFiles"]): RuleResult {
  const name = "forbid-paths";
  const globs = rules.forbidPaths ?? [];
  if (finalTree === undefined) return { name, status: "skip", value: 0, threshold: 0, message: "no final tree to check" };
  if (globs.length === 0) return { name, status: "pass", value: 0, threshold: 0, message: "no globs given" };
  const allowed = allowedPaths(rules, packageFiles);
  const matches = forbiddenNodes(globs, finalTree);
  const paths = matches.filter((node) => !allowed(node)).map((node) => node.path);
  if (paths.length === 0) {
    const letThrough = matches.length > 0 ? ` (${matches.length} let through by the exceptions)` : "";
    return { name, status: "pass", value: 0, threshold: 0, message: `no path matches ${globs.join(", ")}${letThrough}` };
  }
  const shown = paths.slice(0, 3).join(", ") + (paths.length > 3 ? `, and ${paths.length - 3} more` : "");
  return { name, status: "fail", value: paths.length, threshold: 0, message: `forbidden paths present: ${shown}` };
}

/** The exceptions of forbid-paths: its `allow` globs, and with `allow-package-files`, what a package installed. */
function allowedPaths(rules: LayerscopeRuleSettings, packageFiles: RuleInputs["packageFiles"]): (node: FileNode) => boolean {
  const allowGlobs = rules.forbidPathsAllow ?? [];
  const allowGlob = allowGlobs.length > 0 ? globTest(allowGlobs.map(stripRoot), { dot: true }) : () => false;
  const owned = rules.forbidPathsAllowPackageFiles === true ? (packageFiles ?? new Set<string>()) : undefined;
  return (node) => allowGlob(stripRoot(node.path)) || (owned !== undefined && ownedByPackage(node, owned));
}

/**
 * What packages put there, as the secret hints see it: a package's own file, the system's certificate stores
 * (which package scripts fill), or a symlink to either: `/etc/ssl/certs/*.pem` link to the certificates
 * ca-certificates owns, `/usr/lib/ssl/cert.pem` (openssl's) to the bundle update-ca-certificates writes.
 */
function ownedByPackage(node: FileNode, owned: { has(path: string): boolean }): boolean {
  const madeByPackage = (path: string) => owned.has(path) || inCertificateStore(path);
  if (madeByPackage(node.path)) return true;
  if (node.type !== "symlink" || !node.linkname) return false;
  const target = node.linkname.startsWith("/") ? node.linkname : `${node.path.slice(0, node.path.lastIndexOf("/") + 1)}${node.linkname}`;
  return madeByPackage(normalizePath(target));
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function stripRoot(path: string): string {
  return path.replace(/^\/+/, "");
}

/** Paths of the final tree (removed nodes excluded) matching any glob; globs and paths compare without the leading `/`. */
export function forbiddenPaths(globs: readonly string[], root: FileNode): string[] {
  return forbiddenNodes(globs, root).map((node) => node.path);
}

function forbiddenNodes(globs: readonly string[], root: FileNode): FileNode[] {
  const isMatch = globTest(globs.map(stripRoot), { dot: true });
  const found: FileNode[] = [];
  const stack: FileNode[] = [...(root.children ?? [])].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as FileNode;
    if (node.change === "removed") continue;
    if (isMatch(stripRoot(node.path))) found.push(node);
    if (node.children) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]);
  }
  return found;
}
