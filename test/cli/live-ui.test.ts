import { describe, expect, it } from "vitest";
import type { AnalyzeProgress } from "../../src/analysis/types.js";
import { progressGate } from "../../src/cli/live-ui.js";

const scan = (layer: number, entries: number): AnalyzeProgress => ({ phase: "scan", layer, layerCount: 4, bytes: 0, entries });

describe("the live UI's progress frames", () => {
  it("draws every layer read at once, and the entries counted meanwhile at most once an interval", () => {
    let clock = 1000;
    const gate = progressGate(500, () => clock);
    expect(gate(scan(0, 8192))).toBe(true);
    clock += 100;
    expect(gate(scan(0, 16384))).toBe(false);
    // a layer done 100 ms after the last frame still gets one: nothing else may come for seconds
    expect(gate(scan(1, 16400))).toBe(true);
    clock += 100;
    expect(gate(scan(1, 24576))).toBe(false);
    clock += 500;
    expect(gate(scan(1, 32768))).toBe(true);
    expect(gate({ ...scan(1, 32768), phase: "merge" })).toBe(true);
  });
});
