import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { computeLayout, windowStart } from "../../../src/tui/state/layout.js";

describe("layout", () => {
  it("refuses screens too small to read", () => {
    expect(computeLayout(59, 30, 5)).toMatchObject({ ok: false });
    expect(computeLayout(80, 15, 5)).toMatchObject({ ok: false, message: expect.stringContaining("80x15") });
  });

  it("asks for the terminal size the README gives (the app keeps one row back below its frame)", () => {
    const readme = /smaller than (\d+)x(\d+) gets a message/.exec(readFileSync("README.md", "utf8"));
    expect(readme).not.toBeNull();
    const [width, rows] = [Number(readme![1]), Number(readme![2])];
    expect(computeLayout(width, rows - 1, 5, rows)).toMatchObject({ ok: true });
    expect(computeLayout(width, rows - 2, 5, rows - 1)).toMatchObject({ ok: false, message: expect.stringContaining(`needs at least ${width}x${rows}`) });
    expect(computeLayout(width - 1, rows - 1, 5, rows)).toMatchObject({ ok: false });
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
