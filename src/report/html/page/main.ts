import type { PageData } from "../page-data.js";
import { analysisView } from "./analysis-view.js";
import { diffView } from "./diff-view.js";
import { el } from "./dom.js";

/** The page's entry: reads the embedded data (JSON, never run) and draws the report. */
function start(): void {
  const app = document.getElementById("app");
  const source = document.getElementById("layerscope-data");
  if (!app || !source) return;
  const data = JSON.parse(source.textContent ?? "null") as PageData;
  const parts = data.page === "analysis" ? analysisView(data) : diffView(data);
  app.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null), el("footer", { class: "note" }, `made by ${data.generator}`));
  // the treemaps draw in the next frame (they need their width): ready once they have
  requestAnimationFrame(() => {
    document.body.dataset.readyMs = String(Math.round(performance.now()));
    document.body.dataset.ready = "true";
  });
}

start();
