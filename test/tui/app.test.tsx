import { afterEach, describe, expect, it } from "vitest";
import { sampleAnalysis } from "./helpers/fake-analysis.js";
import { renderApp, type AppHarness } from "./helpers/render-app.js";

let app: AppHarness | undefined;
afterEach(() => app?.unmount());

describe("App", () => {
  it("shows layers, details and the tree of layer 0", async () => {
    app = await renderApp(sampleAnalysis());
    console.log(app.frame());
  });
});
