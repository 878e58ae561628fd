import { beforeAll, describe, expect, it } from "vitest";
import { computeHints } from "../../src/analysis/hints/compute-hints.js";
import type { Analysis } from "../../src/analysis/types.js";
import { diffAnalyses } from "../../src/diff/diff-images.js";
import type { ImageDiff } from "../../src/diff/types.js";
import { analyzePair, dockerfileOf, truthFiles } from "../analysis/hints/pair-images.js";

/** The file changes between two images' ground truths: what the diff must find. */
function truthChanges(base: string, head: string): Record<"added" | "removed" | "grown" | "shrunk", { count: number; bytes: number }> {
  const before = truthFiles(base);
  const after = truthFiles(head);
  const result = { added: { count: 0, bytes: 0 }, removed: { count: 0, bytes: 0 }, grown: { count: 0, bytes: 0 }, shrunk: { count: 0, bytes: 0 } };
  for (const [path, size] of after) {
    const old = before.get(path);
    const kind = old === undefined ? "added" : size > old ? "grown" : size < old ? "shrunk" : undefined;
    if (kind) {
      result[kind].count++;
      result[kind].bytes += Math.abs(size - (old ?? 0));
    }
  }
  for (const [path, size] of before) {
    if (!after.has(path)) {
      result.removed.count++;
      result.removed.bytes += size;
    }
  }
  return result;
}

async function diffPair(base: string, head: string): Promise<{ diff: ImageDiff; a: Analysis; b: Analysis }> {
  const a = await analyzePair(base);
  const b = await analyzePair(head);
  const diff = diffAnalyses(a, b, {
    baseHints: computeHints(a, { dockerfile: dockerfileOf(base) }),
    headHints: computeHints(b, { dockerfile: dockerfileOf(head) }),
  });
  return { diff, a, b };
}

function expectFigures(diff: ImageDiff, a: Analysis, b: Analysis): void {
  const x = a.summary.image;
  const y = b.summary.image;
  expect(diff.size.total).toEqual({ base: x.totalBytes, head: y.totalBytes, delta: y.totalBytes - x.totalBytes });
  expect(diff.size.wasted.delta).toBe(y.wastedBytes - x.wastedBytes);
  expect(diff.size.dive.delta).toBe(y.dive.sizeBytes - x.dive.sizeBytes);
  expect(diff.efficiency.layerscope.delta).toBeCloseTo(y.efficiency - x.efficiency, 12);
  expect(diff.efficiency.dive.delta).toBeCloseTo(y.dive.efficiencyScore - x.dive.efficiencyScore, 12);
}

describe("diff of apt-nocleanup (base) and apt-cleanup (head)", () => {
  let result: Awaited<ReturnType<typeof diffPair>>;
  beforeAll(async () => {
    result = await diffPair("apt-nocleanup", "apt-cleanup");
  });

  it("gives both models' size and efficiency deltas from the engine's figures", () => {
    expectFigures(result.diff, result.a, result.b);
    expect(result.diff.size.total.delta).toBeLessThan(0);
    expect(result.diff.efficiency.layerscope.delta).toBeGreaterThan(0);
  });

  it("shares the base layer only; the apt-get layer differs", () => {
    const { layers } = result.diff;
    expect(layers.shared.map((layer) => [layer.baseIndex, layer.headIndex])).toEqual([[0, 0]]);
    expect(layers.shared[0].diffId).toBe(result.a.summary.layers[0].diffId);
    expect(layers.onlyBase.map((layer) => layer.index)).toEqual([1]);
    expect(layers.onlyHead.map((layer) => [layer.index, layer.sizeBytes])).toEqual([[1, result.b.summary.layers[1].sizeBytes]]);
  });

  it("the apt hints and waste are gone, none new", () => {
    expect(result.diff.hints.gone.map((hint) => hint.id).sort()).toEqual(["apt-cache", "apt-lists"]);
    expect(result.diff.hints.new).toEqual([]);
    const junk = result.a.summary.waste.filter((item) => item.kind === "junk" && item.rule?.startsWith("apt-"));
    expect(result.diff.waste.gone.bytes).toBeGreaterThanOrEqual(junk.reduce((sum, item) => sum + item.bytes, 0));
  });

  it("the file changes match the ground truths of both images", () => {
    const truth = truthChanges("apt-nocleanup", "apt-cleanup");
    for (const kind of ["added", "removed", "grown", "shrunk"] as const) {
      expect({ kind, count: result.diff.files[kind].count, bytes: result.diff.files[kind].bytes }).toEqual({ kind, ...truth[kind] });
    }
    expect(result.diff.files.removed.items[0].path).toMatch(/^\/var\/(lib\/apt\/lists|cache\/apt)\//);
  });
});

describe("diff of multi-stage (base) and single-stage (head) builds of the same app", () => {
  it("head adds the build tools and the apt layer: new hints, growth, truth-exact file changes", async () => {
    const { diff, a, b } = await diffPair("hint-build-multi", "hint-build-single");
    expectFigures(diff, a, b);
    expect(diff.size.total.delta).toBeGreaterThan(0);
    expect(diff.hints.new.map((hint) => hint.id)).toContain("build-tools");
    expect(diff.files.added.items.map((item) => item.path)).toContain("/usr/bin/make");
    const truth = truthChanges("hint-build-multi", "hint-build-single");
    expect(diff.files.added.count).toBe(truth.added.count);
    expect(diff.files.added.bytes).toBe(truth.added.bytes);
    expect(diff.files.grown.count).toBe(truth.grown.count);
    expect(diff.layers.shared).toHaveLength(1);
    expect(diff.verdict).toBe("unchecked");
  });
});
