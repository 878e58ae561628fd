// Bundles the HTML report's page (browser TypeScript in src/report/html/page, with d3-hierarchy and pretty-bytes)
// into dist/html-page.json: { script, style }, which src/report/html/write-html.ts inlines in every report.
import { build } from "esbuild";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const page = join(root, "src/report/html/page");
const result = await build({
  entryPoints: [join(page, "main.ts")],
  bundle: true,
  format: "iife",
  platform: "browser",
  target: "es2020",
  minify: true,
  write: false,
  legalComments: "none",
  logLevel: "warning",
});
const script = result.outputFiles[0].text;
const style = await readFile(join(page, "style.css"), "utf8");
await mkdir(join(root, "dist"), { recursive: true });
await writeFile(join(root, "dist/html-page.json"), JSON.stringify({ script, style }));
