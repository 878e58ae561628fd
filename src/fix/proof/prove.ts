import { globTest } from "../../analysis/glob.js";
import type { Analysis } from "../../analysis/types.js";
import type { FixPlan } from "../types.js";
import { compareTrees, type TreeChange } from "./compare-trees.js";
import { noiseClass } from "./noise.js";

interface ImageMeasure {
  /** Σ of the layers' regular-file bytes */
  bytes: number;
  /** Σ of the layers' stored (compressed) sizes, when every layer's is known */
  compressedBytes?: number;
  /** Bytes of the final tree's files */
  finalBytes: number;
  wastedBytes: number;
  layers: number;
  efficiency: number;
}

interface RuleSaving {
  rule: string;
  /** The Dockerfile lines of its fixes */
  lines: number[];
  hints: string[];
  expectedBytes: number;
  /** Bytes of the layers' files the fix's paths cover, before minus after */
  measuredBytes: number;
  /** Final-tree paths it accounts for (removed, added or changed) */
  paths: number;
}

export interface FixProof {
  before: ImageMeasure;
  after: ImageMeasure;
  savedBytes: number;
  savedCompressedBytes?: number;
  rules: RuleSaving[];
  /** savedBytes minus what the rules' paths account for: other layers' files, build noise */
  unattributedBytes: number;
  behaviour: {
    verdict: "pass" | "fail";
    /** Paths of the two final trees compared */
    compared: number;
    /** Differences that build noise explains, by class */
    noise: Array<{ name: string; paths: number }>;
    /** Differences no fix and no noise class accounts for */
    unexpected: TreeChange[];
  };
}

/**
 * What the patched image measures against the original: sizes, layers, efficiency, the bytes saved in total and
 * per rule, and the behaviour check. Bytes are attributed to a rule by path: the layers' files its fixes' paths
 * cover (apt lists, a package's files…) summed in each image, before minus after; a path goes to the first rule
 * that covers it, in the plan's order. The final trees are compared path
 * by path; every difference must be covered by a fix's paths or be build noise (src/fix/proof/noise.ts).
 */
export function proveFix(plan: FixPlan, before: Analysis, after: Analysis): FixProof {
  // per rule (fixes of one rule share their paths: apt lists are apt lists whichever RUN wrote them)
  const rules = [...new Set(plan.fixes.map((fix) => fix.rule))].map((rule) => {
    const fixes = plan.fixes.filter((fix) => fix.rule === rule);
    return { rule, fixes, covers: coverTest(fixes.flatMap((fix) => fix.accounts)) };
  });
  const owner = (path: string) => rules.findIndex(({ covers }) => covers(path));
  const beforeBytes = coveredBytes(before, owner, rules.length);
  const afterBytes = coveredBytes(after, owner, rules.length);
  const { compared, changes } = compareTrees(finalTree(before), finalTree(after));
  const paths = new Array<number>(rules.length).fill(0);
  const noise = new Map<string, number>();
  const unexpected: TreeChange[] = [];
  for (const change of changes) {
    const at = owner(change.path);
    if (at >= 0) {
      paths[at]++;
      continue;
    }
    const kind = noiseClass(change.path);
    if (kind !== undefined) noise.set(kind, (noise.get(kind) ?? 0) + 1);
    else unexpected.push(change);
  }
  const savings: RuleSaving[] = rules.map(({ rule, fixes }, i) => ({
    rule,
    lines: fixes.map((fix) => fix.line),
    hints: [...new Set(fixes.flatMap((fix) => fix.hints.map((hint) => hint.id)))],
    expectedBytes: fixes.reduce((sum, fix) => sum + fix.expectedBytes, 0),
    measuredBytes: beforeBytes[i] - afterBytes[i],
    paths: paths[i],
  }));
  const a = measure(before);
  const b = measure(after);
  const proof: FixProof = {
    before: a,
    after: b,
    savedBytes: a.bytes - b.bytes,
    rules: savings,
    unattributedBytes: a.bytes - b.bytes - savings.reduce((sum, rule) => sum + rule.measuredBytes, 0),
    behaviour: {
      verdict: unexpected.length === 0 ? "pass" : "fail",
      compared,
      noise: [...noise].map(([name, count]) => ({ name, paths: count })).sort((x, y) => y.paths - x.paths),
      unexpected,
    },
  };
  if (a.compressedBytes !== undefined && b.compressedBytes !== undefined) proof.savedCompressedBytes = a.compressedBytes - b.compressedBytes;
  return proof;
}

/** Exact paths looked up in a set, globs compiled (a fix may account for thousands of exact paths). */
function coverTest(accounts: string[]): (path: string) => boolean {
  const exact = new Set(accounts.filter((entry) => !/[*?[{]/.test(entry)));
  const globs = accounts.filter((entry) => /[*?[{]/.test(entry));
  const test = globs.length > 0 ? globTest(globs, { dot: true }) : () => false;
  return (path) => exact.has(path) || test(path);
}

function measure(analysis: Analysis): ImageMeasure {
  const image = analysis.summary.image;
  const result: ImageMeasure = {
    bytes: image.totalBytes,
    finalBytes: image.finalBytes,
    wastedBytes: image.wastedBytes,
    layers: image.layerCount,
    efficiency: image.efficiency,
  };
  if (image.compressedBytes !== undefined) result.compressedBytes = image.compressedBytes;
  return result;
}

/** Per fix, Σ of the regular-file bytes of every layer's entries its paths cover (each path to its first fix). */
function coveredBytes(analysis: Analysis, owner: (path: string) => number, count: number): number[] {
  const sums = new Array<number>(count).fill(0);
  for (let layer = 0; layer < analysis.tree.layerCount; layer++) {
    for (const change of analysis.tree.changesOf(layer)) {
      if (change.kind === "removed" || change.type !== "file") continue;
      const at = owner(change.path);
      if (at >= 0) sums[at] += change.size;
    }
  }
  return sums;
}

function finalTree(analysis: Analysis) {
  const count = analysis.tree.layerCount;
  return count > 0 ? analysis.tree.treeAt(count - 1) : null;
}
