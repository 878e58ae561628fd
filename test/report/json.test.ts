import { describe, expect, it } from "vitest";
import { formatJsonReport, jsonReportChunks } from "../../src/report/json.js";
import { sampleAnalysis } from "./sample-analysis.js";

describe("jsonReportChunks", () => {
  it("writes the --json report as formatJsonReport does, escapes included", () => {
    const summary = sampleAnalysis();
    const waste = Array.from({ length: 50 }, (_, i) => ({ ...summary.waste[0], path: `/x/\u202e${i}\u0085` }));
    const big = { ...summary, waste };
    expect([...jsonReportChunks(big, [])].join("")).toBe(formatJsonReport(big, []));
    expect(formatJsonReport(big, [])).toContain("\\u202e");
  });
});
