import { describe, expect, it } from "vitest";
import type { Hint, HintSeverity } from "../../src/analysis/hints/types.js";
import { checkDiff } from "../../src/diff/checks.js";
import type { Delta, DiffAssessment, ImageDiff } from "../../src/diff/types.js";
import { assessDiff, assessmentText, type AssessedDiff } from "../../src/diff/verdict.js";
import { verdictIcon, verdictText } from "../../src/report/diff-format.js";

const MB = 1_000_000;
const d = (base: number, head: number): Delta => ({ base, head, delta: head - base });
const hint = (severity: HintSeverity, id = `h-${severity}`): Hint => ({ id, severity, layer: 1, bytes: 0, message: "m", fix: "f" });

interface Case {
  size: [number, number];
  waste: [number, number];
  pull?: [number, number];
  newHints?: HintSeverity[];
  goneHints?: HintSeverity[];
}

function figures(c: Case): AssessedDiff & Pick<ImageDiff, "efficiency"> {
  const [sizeBase, sizeHead] = c.size;
  const [wasteBase, wasteHead] = c.waste;
  const efficiency = d(1 - wasteBase / sizeBase, 1 - wasteHead / sizeHead);
  return {
    size: {
      total: d(sizeBase, sizeHead),
      final: d(sizeBase - wasteBase, sizeHead - wasteHead),
      wasted: d(wasteBase, wasteHead),
      dive: d(0, 0),
      ...(c.pull ? { compressed: d(...c.pull) } : {}),
    },
    efficiency: { layerscope: efficiency, dive: efficiency, diveUserWastedPercent: d(0, 0) },
    hints: { new: (c.newHints ?? []).map((s) => hint(s)), gone: (c.goneHints ?? []).map((s) => hint(s)), removable: d(0, 0) },
  };
}

function assess(c: Case): DiffAssessment & { text: string } {
  const assessment = assessDiff(figures(c));
  return { ...assessment, text: assessmentText(assessment) };
}

// the cases of the table "How the verdict is decided" in docs/review-verdict.md, in its order
describe("the verdict of a diff, case by case", () => {
  it("size down, waste down: better", () => {
    expect(assess({ size: [300 * MB, 200 * MB], waste: [30 * MB, 10 * MB] })).toMatchObject({ outcome: "better", text: "better: smaller, less waste" });
  });

  it("efficiency down while size and waste both fall (the same small waste in a much smaller image): better", () => {
    // 616 MB with 2.96 MB of waste → 193 MB with 1.68 MB: the ratio falls, every byte figure improved
    const c: Case = { size: [616 * MB, 193 * MB], waste: [2.96 * MB, 1.68 * MB], pull: [240 * MB, 80 * MB] };
    expect(figures(c).efficiency.layerscope.delta).toBeLessThan(0);
    expect(assess(c)).toMatchObject({ outcome: "better", text: "better: smaller, less to pull, less waste" });
  });

  it("size down, waste the same: better (the ratio falls, nothing got worse)", () => {
    expect(assess({ size: [300 * MB, 200 * MB], waste: [5 * MB, 5 * MB] })).toMatchObject({ outcome: "better", text: "better: smaller" });
  });

  it("size up, waste the same: worse", () => {
    expect(assess({ size: [200 * MB, 250 * MB], waste: [5 * MB, 5 * MB] })).toMatchObject({ outcome: "worse", text: "worse: bigger" });
  });

  it("size the same, waste up: worse", () => {
    expect(assess({ size: [200 * MB, 200 * MB], waste: [5 * MB, 40 * MB] })).toMatchObject({ outcome: "worse", text: "worse: more waste" });
  });

  it("size down, waste up: mixed", () => {
    expect(assess({ size: [300 * MB, 200 * MB], waste: [5 * MB, 40 * MB] })).toMatchObject({ outcome: "mixed", text: "mixed: smaller, but more waste" });
  });

  it("smaller uncompressed but more to pull: mixed; the pull counts only when both images know it", () => {
    expect(assess({ size: [300 * MB, 290 * MB], waste: [5 * MB, 5 * MB], pull: [100 * MB, 120 * MB] }).text).toBe("mixed: smaller, but more to pull");
    expect(assess({ size: [300 * MB, 290 * MB], waste: [5 * MB, 5 * MB] }).text).toBe("better: smaller");
  });

  it("new hints of warning severity or worse: worse, even with the same bytes; a new info hint alone changes nothing", () => {
    const same = { size: [200 * MB, 200 * MB], waste: [5 * MB, 5 * MB] } as Case;
    expect(assess({ ...same, newHints: ["warning", "error", "info"] })).toMatchObject({ outcome: "worse", text: "worse: 2 new hints" });
    expect(assess({ ...same, newHints: ["info"] })).toMatchObject({ outcome: "unchanged", text: "unchanged: same size, waste and hints" });
    expect(assess({ ...same, size: [300 * MB, 200 * MB], newHints: ["warning"] }).text).toBe("mixed: smaller, but 1 new hint");
  });

  it("hints fixed: better", () => {
    expect(assess({ size: [200 * MB, 200 * MB], waste: [5 * MB, 5 * MB], goneHints: ["warning"] }).text).toBe("better: 1 hint fixed");
  });

  it("changes under 1 kB either way are noise: unchanged", () => {
    expect(assess({ size: [200 * MB, 200 * MB + 999], waste: [5 * MB, 5 * MB - 999] }).outcome).toBe("unchanged");
    expect(assess({ size: [200 * MB, 200 * MB + 1000], waste: [5 * MB, 5 * MB] }).outcome).toBe("worse");
  });
});

describe("the verdict line and icon", () => {
  function diffOf(c: Case, limits: Parameters<typeof checkDiff>[1] = {}): ImageDiff {
    const partial = {
      ...figures(c),
      base: { reference: "a", layerCount: 2 },
      head: { reference: "b", layerCount: 2 },
      layers: { shared: [], onlyBase: [], onlyHead: [] },
      waste: { new: { count: 0, bytes: 0, items: [] }, gone: { count: 0, bytes: 0, items: [] } },
      files: {
        added: { count: 0, bytes: 0, items: [] },
        removed: { count: 0, bytes: 0, items: [] },
        grown: { count: 0, bytes: 0, items: [] },
        shrunk: { count: 0, bytes: 0, items: [] },
      },
    };
    return { ...partial, assessment: assessDiff(partial), ...checkDiff(partial, limits) };
  }
  const shrunk: Case = { size: [616 * MB, 193 * MB], waste: [2.96 * MB, 1.68 * MB] };

  it("no limits: the assessment decides the icon", () => {
    expect([verdictIcon(diffOf(shrunk)), verdictText(diffOf(shrunk))]).toEqual(["✅", "better: smaller, less waste (no limits set)"]);
    const mixed = diffOf({ size: [300 * MB, 200 * MB], waste: [5 * MB, 40 * MB] });
    expect([verdictIcon(mixed), verdictText(mixed)]).toEqual(["⚠️", "mixed: smaller, but more waste (no limits set)"]);
  });

  it("limits: the gate decides, the assessment follows; a falling ratio with less waste passes max-efficiency-drop", () => {
    const gated = diffOf(shrunk, { maxEfficiencyDrop: 0.001, maxSizeIncrease: { fraction: 0.05 } });
    expect(gated.verdict).toBe("pass");
    expect([verdictIcon(gated), verdictText(gated)]).toEqual(["✅", "PASS — better: smaller, less waste"]);
    const wasteful = diffOf({ size: [200 * MB, 200 * MB], waste: [5 * MB, 40 * MB] }, { maxEfficiencyDrop: 0.01 });
    expect([verdictIcon(wasteful), verdictText(wasteful)]).toEqual(["❌", "FAIL: max-efficiency-drop — worse: more waste"]);
  });
});
