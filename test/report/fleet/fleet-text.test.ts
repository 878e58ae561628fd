import { describe, expect, it } from "vitest";
import { fleetReport } from "../../../src/fleet/fleet-report.js";
import { fleetTrend } from "../../../src/fleet/trend.js";
import type { FleetImage } from "../../../src/fleet/types.js";
import { formatFleetText } from "../../../src/report/fleet/fleet-text.js";

const digest = (name: string): string => `sha256:${Buffer.from(name).toString("hex").padEnd(64, "0").slice(0, 64)}`;
const row = (reference: string, verdict: "pass" | "fail"): FleetImage => ({
  reference,
  status: "ok",
  configDigest: digest(reference),
  totalBytes: 1000,
  wastedBytes: verdict === "fail" ? 500 : 0,
  efficiency: verdict === "fail" ? 0.5 : 1,
  layers: [
    {
      digest: digest(`blob-${reference}`),
      diffId: digest(`layer-${reference}`),
      blobSize: 500,
      sizeBytes: 1000,
      shadowedBytes: 0,
      deletedBytes: 0,
      junkBytes: verdict === "fail" ? 500 : 0,
      packages: 0,
      packageBytes: 0,
    },
  ],
  base: { evidence: "none", inheritedLayers: 0 },
  hints: [],
  packages: [],
  verdict,
  failedRules: verdict === "fail" ? ["min-efficiency"] : [],
});

function textWith(previous: FleetImage[], current: FleetImage[]): string {
  const baseline = fleetTrend(previous, current, "old.json", {});
  return formatFleetText(fleetReport(current, { ignoreBase: false, baseline }), { color: false });
}

describe("formatFleetText with a baseline", () => {
  it("ends with the run's result: FAIL when an image fails its rules, even with no regression", () => {
    const text = textWith([row("reg/a:1", "pass")], [row("reg/a:1", "pass"), row("reg/new:1", "fail")]);
    expect(text).toMatch(/Since old\.json: 0 regressions, 1 changed\n {2}new +reg\/new:1\nResult: FAIL\n$/);
  });

  it("is PASS when no image fails and none regressed", () => {
    expect(textWith([row("reg/a:1", "pass")], [row("reg/a:1", "pass")])).toMatch(/\nResult: PASS\n$/);
  });
});
