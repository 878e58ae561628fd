import type { PageData } from "../page-data.js";
import { analysisView } from "./analysis-view.js";
import { diffView } from "./diff-view.js";
import { el } from "./dom.js";

/** The page's entry: reads the embedded data (JSON, never run) and draws the report. */
async function start(): Promise<void> {
  const app = document.getElementById("app");
  const source = document.getElementById("layerscope-data");
  if (!app || !source) return;
  const data = await readData(source.textContent ?? "null");
  const parts = data.page === "analysis" ? analysisView(data) : diffView(data);
  app.replaceChildren(...parts.filter((part): part is HTMLElement => part !== null), el("footer", { class: "note" }, `made by ${data.generator}`));
  // the treemaps draw in the next frame (they need their width): ready once they have
  requestAnimationFrame(() => {
    document.body.dataset.readyMs = String(Math.round(performance.now()));
    document.body.dataset.ready = "true";
  });
}

/** The data as embedded: plain JSON, or for a big image gzipped JSON in base64 (see write-html.ts). */
async function readData(text: string): Promise<PageData> {
  const embedded = JSON.parse(text) as PageData | { gzipBase64: string };
  if (!("gzipBase64" in embedded)) return embedded;
  const binary = atob(embedded.gzipBase64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const inflated = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return JSON.parse(await new Response(inflated).text()) as PageData;
}

start().catch((error: unknown) => {
  console.error(error);
  document.getElementById("app")?.replaceChildren(el("p", {}, `The report could not be drawn: ${String(error)}`));
});
