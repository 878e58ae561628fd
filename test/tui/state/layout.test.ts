import { describe, expect, it } from "vitest";
import { computeLayout, windowStart } from "../../../src/tui/state/layout.js";

describe("layout", () => {
  it("refuses screens too small to read", () => {
    expect(computeLayout(59, 30, 5)).toMatchObject({ ok: false });
    expect(computeLayout(80, 15, 5)).toMatchObject({ ok: false, message: expect.stringContaining("80x15") });
  });

  it("fills the screen exactly at common sizes", () => {
    for (const [w, h, n] of [[80, 24, 14], [200, 60, 3], [60, 16, 40], [120, 40, 1]]) {
      const fit = computeLayout(w, h, n);
      if (!fit.ok) throw new Error(fit.message);
      const l = fit.layout;
      expect(l.leftWidth + l.treeWidth).toBe(w);
      expect(1 + l.layerRows + l.layerDetailsHeight + l.imageDetailsHeight).toBe(l.body);
      expect(l.imageDetailsHeight).toBeGreaterThanOrEqual(4);
      expect(l.treeRows + 2).toBe(l.body);
    }
  });

  it("scrolls a window as little as possible", () => {
    expect(windowStart(0, 5, 10, 100)).toBe(0);
    expect(windowStart(0, 10, 10, 100)).toBe(1);
    expect(windowStart(20, 19, 10, 100)).toBe(19);
    expect(windowStart(0, 50, 10, 100)).toBe(45);
    expect(windowStart(60, 15, 10, 100)).toBe(10);
    expect(windowStart(95, 99, 10, 100)).toBe(90);
    expect(windowStart(50, 3, 10, 5)).toBe(0);
  });
});
