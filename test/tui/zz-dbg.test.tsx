import { it } from "vitest";
import { sampleAnalysis } from "./helpers/fake-analysis.js";
import { renderApp } from "./helpers/render-app.js";
import { treeLines } from "./helpers/frame.js";
it("dbg", async () => {
  const app = await renderApp(sampleAnalysis());
  await app.press("j", "j");
  console.log(app.frame());
  console.log(treeLines(app.frame()).join("\n"));
});
