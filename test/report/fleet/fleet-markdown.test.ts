import { describe, expect, it } from "vitest";
import { fleetReport } from "../../../src/fleet/fleet-report.js";
import { fleetTrend } from "../../../src/fleet/trend.js";
import { formatFleetHtml } from "../../../src/report/fleet/fleet-html.js";
import { formatFleetMarkdown } from "../../../src/report/fleet/fleet-markdown.js";
import { row } from "./fleet-rows.js";

describe("formatFleetMarkdown", () => {
  it("says in its headline why it fails: the failing images, or the regressions since the baseline", () => {
    const current = [row("reg/a:1", "pass"), row("reg/b:1", "pass")];
    const baseline = fleetTrend([row("reg/a:1", "pass"), { ...row("reg/b:1", "pass"), totalBytes: 10, efficiency: 1 }], current, "old.json", {
      maxSizeIncrease: { bytes: 100 },
    });
    const markdown = formatFleetMarkdown(fleetReport(current, { ignoreBase: false, baseline }));
    expect(markdown.split("\n")[0]).toBe("### layerscope fleet ❌: 2 images, 0 failing the rules, 0 not analysed, 1 regression");
    expect(markdown).toContain("#### Since old.json: 1 regression\n");
    expect(markdown).toContain("| reg/b:1 | worse | ±0 B | +990 B | size grew by 990 B (limit 100 B) |");
    const one = formatFleetMarkdown(fleetReport([row("reg/a:1", "fail")], { ignoreBase: false }));
    expect(one.split("\n")[0]).toBe("### layerscope fleet ❌: 1 image, 1 failing the rules, 0 not analysed");
    const missing = formatFleetMarkdown(
      fleetReport([row("reg/a:1", "pass"), { reference: "app.tar", status: "error", error: "no such file" }], { ignoreBase: false }),
    );
    expect(missing.split("\n")[0]).toBe("### layerscope fleet ❌: 1 image, 0 failing the rules, 1 not analysed");
  });
});

describe("formatFleetHtml", () => {
  it("counts one image and one reference in the singular", () => {
    const html = formatFleetHtml(fleetReport([row("reg/a:1", "pass")], { ignoreBase: false }));
    expect(html).toContain("<title>layerscope fleet: 1 image</title>");
    expect(html).toContain('<h1>layerscope fleet: 1 image</h1>\n<p class="note">1 reference, 0 not analysed</p>');
  });
});
