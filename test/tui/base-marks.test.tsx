import { afterEach, describe, expect, it } from "vitest";
import { applyBase } from "../../src/analysis/base/split.js";
import { sampleAnalysis } from "./helpers/fake-analysis.js";
import { renderApp, type AppHarness } from "./helpers/render-app.js";

let app: AppHarness | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

describe("the UI with a base attributed", () => {
  it("marks the inherited layers and shows yours against inherited in the image details", async () => {
    const analysis = sampleAnalysis();
    applyBase(analysis.summary, { evidence: "history", inheritedLayers: 1, name: "debian:12", detail: "test" });
    app = await renderApp(analysis);
    const frame = app.frame();
    expect(frame).toMatch(/▶ 0 .*\[base\] /);
    expect(frame).not.toMatch(/1\s+370 kB.*\[base\]/);
    const own = analysis.summary.image.base!.yours;
    expect(frame).toMatch(new RegExp(`Yours ${own.sizeBytes === 0 ? "0 B" : "[0-9.]+ kB"} · wasted`));
    expect(frame).toMatch(/inherited [0-9.]+ k?B from debian:12/);
  });
});
