import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import type { PageData } from "./page-data.js";

/** Where `npm run build` (scripts/build-html-asset.mjs) writes the page's bundled script and style. */
const PAGE_ASSET = join("dist", "html-page.json");

export interface PageAsset {
  script: string;
  style: string;
}

/**
 * The whole report as one HTML document: the page's script and style inline, the data as JSON in a
 * `<script type="application/json">` that never runs. A Content-Security-Policy allows only that script and
 * style (by hash) and no request of any kind, so nothing in an image's names can run or fetch.
 */
export function formatHtmlReport(data: PageData, asset: PageAsset = readPageAsset(), options: { compressAbove?: number } = {}): string {
  const script = asset.script.replace(/<\/(script)/gi, "<\\/$1");
  const style = asset.style.replace(/<\/(style)/gi, "<\\/$1");
  const csp = [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src '${sha256(style)}'`,
    "img-src data:",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  return [
    ...documentHead(csp, titleOf(data), style),
    "<body>",
    '<main id="app"><p class="loading">Drawing the report…</p></main>',
    `<script type="application/json" id="layerscope-data">${embeddedData(data, options.compressAbove ?? COMPRESS_ABOVE)}</script>`,
    `<script>${script}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

/**
 * Data above this size (characters of JSON) is embedded gzipped, as `{"gzipBase64": "…"}`: the browser's HTML parser
 * reads a script element's text a character at a time, and on a big image that, not the drawing, was the slow
 * part of opening the page (2.7 MB of JSON → about 0.6 MB). The page inflates it with DecompressionStream.
 */
const COMPRESS_ABOVE = 1_000_000;

function embeddedData(data: PageData, compressAbove: number): string {
  const json = JSON.stringify(data);
  if (json.length <= compressAbove) return jsonForScript(data);
  return jsonForScript({ gzipBase64: gzipSync(json, { level: 6 }).toString("base64") });
}

/**
 * JSON that cannot end its `<script>` element or open a comment: every `<` (and the line separators JavaScript
 * once rejected) is written as a `\u` escape, which JSON.parse reads back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The lines of an HTML document up to `</head>`: its policy, title (escaped here) and inline style. */
export function documentHead(csp: string, title: string, style: string): string[] {
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeText(title)}</title>`,
    `<style>${style}</style>`,
    "</head>",
  ];
}

export function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function titleOf(data: PageData): string {
  const clean = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?").slice(0, 200);
  if (data.page === "analysis") return `layerscope: ${clean(data.image.name ?? data.image.reference)}`;
  return `layerscope diff: ${clean(data.diff.base.reference)} → ${clean(data.diff.head.reference)}`;
}

function sha256(text: string): string {
  return `sha256-${createHash("sha256").update(text, "utf8").digest("base64")}`;
}

/** Finds the built asset from this module upwards (works from src/ under tests and from dist/ or a bundle). */
export function readPageAsset(start = dirname(fileURLToPath(import.meta.url))): PageAsset {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, PAGE_ASSET);
    if (existsSync(candidate)) return JSON.parse(readFileSync(candidate, "utf8")) as PageAsset;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`the HTML report's page script is missing (${PAGE_ASSET}): run npm run build`);
}
