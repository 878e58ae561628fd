import { describe, expect, it } from "vitest";
import type { Hint } from "../../src/analysis/hints/types.js";
import { checkDiff, signedPoints } from "../../src/diff/checks.js";
import { signedBytes } from "../../src/text/format.js";
import type { ImageDiff } from "../../src/diff/types.js";

function diffWith(sizeDelta: number, efficiencyDelta: number, newHints: Hint["severity"][] = [], wasteDelta = 0): Omit<ImageDiff, "assessment" | "checks" | "verdict"> {
  const d = (base: number, delta: number) => ({ base, head: base + delta, delta });
  const list = { count: 0, bytes: 0, items: [] };
  return {
    base: { reference: "a", layerCount: 1 },
    head: { reference: "b", layerCount: 1 },
    size: { total: d(1_000_000, sizeDelta), final: d(0, 0), wasted: d(100_000, wasteDelta), dive: d(0, 0) },
    efficiency: { layerscope: d(0.9, efficiencyDelta), dive: d(0.9, 0), diveUserWastedPercent: d(0, 0) },
    layers: { shared: [], onlyBase: [], onlyHead: [] },
    waste: { new: list, gone: list },
    hints: {
      new: newHints.map((severity, i) => ({ id: `h${i}`, severity, layer: 1, bytes: 0, message: "m", fix: "f" })),
      gone: [],
      removable: d(0, 0),
    },
    files: { added: list, removed: list, grown: list, shrunk: list },
  };
}

describe("checkDiff", () => {
  it("is unchecked without limits", () => {
    expect(checkDiff(diffWith(500, -0.5), {})).toEqual({ checks: [], verdict: "unchecked" });
  });

  it("size limit in bytes and in percent of the base, strictly greater fails", () => {
    expect(checkDiff(diffWith(100_000, 0), { maxSizeIncrease: { bytes: 100_000 } }).verdict).toBe("pass");
    expect(checkDiff(diffWith(100_001, 0), { maxSizeIncrease: { bytes: 100_000 } }).verdict).toBe("fail");
    expect(checkDiff(diffWith(100_000, 0), { maxSizeIncrease: { fraction: 0.1 } }).verdict).toBe("pass");
    expect(checkDiff(diffWith(100_001, 0), { maxSizeIncrease: { fraction: 0.1 } }).verdict).toBe("fail");
    expect(checkDiff(diffWith(-5, 0), { maxSizeIncrease: { bytes: 0 } }).verdict).toBe("pass");
  });

  it("efficiency drop in fraction points, a regression only when the waste grew", () => {
    expect(checkDiff(diffWith(0, -0.05, [], 50_000), { maxEfficiencyDrop: 0.05 }).verdict).toBe("pass");
    expect(checkDiff(diffWith(0, -0.0501, [], 50_000), { maxEfficiencyDrop: 0.05 }).verdict).toBe("fail");
    expect(checkDiff(diffWith(0, 0.2), { maxEfficiencyDrop: 0 }).verdict).toBe("pass");
  });

  it("a falling ratio with less waste and a smaller image passes, and says why", () => {
    const shrunk = checkDiff(diffWith(-423_000, -0.0039, [], -12_800), { maxEfficiencyDrop: 0.001 });
    expect(shrunk.verdict).toBe("pass");
    expect(shrunk.checks[0].message).toBe("efficiency −0.39 pts (limit −0.10 pts), not a regression: waste −12.8 kB, size −423 kB");
    // the same waste in a smaller image: the ratio falls, nothing got worse
    expect(checkDiff(diffWith(-423_000, -0.0039, [], 0), { maxEfficiencyDrop: 0.001 }).verdict).toBe("pass");
    // waste below the noise floor does not count as more waste
    expect(checkDiff(diffWith(0, -0.0039, [], 999), { maxEfficiencyDrop: 0.001 }).verdict).toBe("pass");
    expect(checkDiff(diffWith(0, -0.0039, [], 1000), { maxEfficiencyDrop: 0.001 }).verdict).toBe("fail");
  });

  it("no new hints of the severity or worse", () => {
    expect(checkDiff(diffWith(0, 0, ["info"]), { noNewHints: "warning" }).verdict).toBe("pass");
    const failed = checkDiff(diffWith(0, 0, ["info", "error"]), { noNewHints: "warning" });
    expect(failed.verdict).toBe("fail");
    expect(failed.checks[0].message).toContain("h1");
    expect(checkDiff(diffWith(0, 0, ["info"]), { noNewHints: "info" }).verdict).toBe("fail");
  });

  it("formats signed deltas", () => {
    expect(signedBytes(0)).toBe("±0 B");
    expect(signedBytes(-1500)).toBe("−1.5 kB");
    expect(signedPoints(0.0125)).toBe("+1.25 pts");
    expect(signedPoints(-0.5)).toBe("−50.00 pts");
  });
});
