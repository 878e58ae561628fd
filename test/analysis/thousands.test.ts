import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { thousands } from "../../src/analysis/thousands.js";

describe("thousands", () => {
  it("writes integers as toLocaleString('en-US') does", () => {
    for (const n of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, -1234, Number.MAX_SAFE_INTEGER]) {
      expect(thousands(n)).toBe(n.toLocaleString("en-US"));
    }
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => thousands(n) === n.toLocaleString("en-US")));
  });

  it("leaves other numbers to toLocaleString", () => {
    expect(thousands(1234.5)).toBe("1,234.5");
  });
});
