import { describe, expect, it } from "vitest";
import { computeHints } from "../../../src/analysis/hints/compute-hints.js";
import { planFixes } from "../../../src/fix/plan.js";
import { analyzeBuiltLayers } from "../../helpers/analyze-built.js";

describe("secret-mount", () => {
  it("one fix answers a build argument hinted once per layer that records it (no clash with itself)", async () => {
    const token = "NPM_TOKEN=s3cr3t-token-value";
    const dockerfile = `FROM scratch\nARG ${token}\nRUN echo "$NPM_TOKEN" > /dev/null\nRUN touch /b\n`;
    const analysis = await analyzeBuiltLayers([
      { entries: [{ path: "a", content: "a" }], createdBy: `|1 ${token} /bin/sh -c echo "$NPM_TOKEN" > /dev/null` },
      { entries: [{ path: "b", content: "" }], createdBy: `|1 ${token} /bin/sh -c touch /b` },
    ]);
    const hints = computeHints(analysis, { dockerfile });
    expect(hints.filter((h) => h.id === "secret-build-arg").map((h) => [h.layer, h.line])).toEqual([
      [0, 2],
      [1, 2],
    ]);
    const plan = await planFixes({ dockerfile, hints, analysis, mode: "safe" });
    expect(plan.fixes.map((fix) => [fix.rule, fix.hints.map((h) => h.layer)])).toEqual([["secret-mount", [0, 1]]]);
    expect(plan.skipped.filter((s) => s.hint.id === "secret-build-arg")).toEqual([]);
  });
});
