import { describe, expect, it } from "vitest";
import { fleetReport } from "../../../src/fleet/fleet-report.js";
import { fleetTrend } from "../../../src/fleet/trend.js";
import { formatFleetText } from "../../../src/report/fleet/fleet-text.js";
import type { FleetImage } from "../../../src/fleet/types.js";
import { row } from "./fleet-rows.js";

function textWith(previous: FleetImage[], current: FleetImage[]): string {
  const baseline = fleetTrend(previous, current, "old.json", {});
  return formatFleetText(fleetReport(current, { ignoreBase: false, baseline }), { color: false });
}

describe("formatFleetText with a baseline", () => {
  it("ends with the run's result: FAIL when an image fails its rules, even with no regression", () => {
    const text = textWith([row("reg/a:1", "pass")], [row("reg/a:1", "pass"), row("reg/new:1", "fail")]);
    expect(text).toMatch(/Since old\.json: 0 regressions, 1 changed\n {2}new +reg\/new:1\nResult: FAIL\n$/);
  });

  it("counts one reference, image and regression in the singular", () => {
    const text = textWith([row("reg/a:1", "pass")], [row("reg/a:1", "fail")]);
    expect(text).toMatch(/^Fleet: 1 reference, 1 distinct image, 0 not analysed\n/);
    expect(text).toContain("Since old.json: 1 regression, 1 changed\n");
  });

  it("is PASS when no image fails and none regressed", () => {
    expect(textWith([row("reg/a:1", "pass")], [row("reg/a:1", "pass")])).toMatch(/\nResult: PASS\n$/);
  });

  it("ends with the result without a baseline too: FAIL when an image fails its rules", () => {
    const text = (rows: FleetImage[]): string => formatFleetText(fleetReport(rows, { ignoreBase: false }), { color: false });
    expect(text([row("reg/a:1", "pass"), row("reg/b:1", "fail")])).toMatch(/reg\/b:1\nResult: FAIL\n$/);
    expect(text([row("reg/a:1", "pass")])).toMatch(/reg\/a:1\nResult: PASS\n$/);
  });

  it("is FAIL when an image could not be analysed: its rules were never checked", () => {
    const missing: FleetImage = { reference: "app.tar", status: "error", error: "no such file: app.tar" };
    const text = formatFleetText(fleetReport([row("reg/a:1", "pass"), missing], { ignoreBase: false }), { color: false });
    expect(text).toMatch(/^Fleet: 2 references, 1 distinct image, 1 not analysed\n/);
    expect(text).toMatch(/\nResult: FAIL\n$/);
  });
});
