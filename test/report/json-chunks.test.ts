import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonChunks } from "../../src/report/json-chunks.js";
import { formatJsonReport, jsonReportChunks } from "../../src/report/json.js";
import { sampleAnalysis } from "./sample-analysis.js";

const whole = (value: unknown, batch?: number): string => [...jsonChunks(value, batch)].join("");

describe("jsonChunks", () => {
  it("gives JSON.stringify(value, null, 2) and a newline, byte for byte", () => {
    const samples: unknown[] = [
      {},
      [],
      { a: [], b: {}, c: null, d: undefined, e: () => 1, f: "x\ny", g: [undefined, 1], h: new Date(0) },
      { list: Array.from({ length: 40 }, (_, i) => ({ path: `/p/${i}`, n: i, nested: { deep: [i, `${i}`] }, skip: undefined })) },
      { sparse: Array.from({ length: 20 }, (_, i) => (i % 3 === 0 ? undefined : i % 3 === 1 ? () => i : { i })) },
      { toJSON: () => ({ replaced: true }) },
      "text",
      42,
      null,
    ];
    for (const value of samples) expect(whole(value, 7)).toBe(JSON.stringify(value, null, 2) + "\n");
  });

  it("gives JSON.stringify's text for any JSON value, in pieces of any size", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 4096 }), (value, batch) => whole(value, batch) === JSON.stringify(value, null, 2) + "\n"),
      { numRuns: 500 },
    );
    const longArrays = fc.array(fc.record({ path: fc.string(), bytes: fc.nat(), list: fc.array(fc.integer(), { maxLength: 30 }) }), { minLength: 16, maxLength: 60 });
    fc.assert(fc.property(longArrays, (items) => whole({ items, n: items.length }, 100) === JSON.stringify({ items, n: items.length }, null, 2) + "\n"));
  });

  it("writes the --json report as formatJsonReport does, escapes included", () => {
    const summary = sampleAnalysis();
    const waste = Array.from({ length: 50 }, (_, i) => ({ ...summary.waste[0], path: `/x/\u202e${i}\u0085` }));
    const big = { ...summary, waste };
    expect([...jsonReportChunks(big, [])].join("")).toBe(formatJsonReport(big, []));
    expect(formatJsonReport(big, [])).toContain("\\u202e");
  });
});
