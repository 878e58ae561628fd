#!/usr/bin/env node
// Analyses one image the way `layerscope --json -` does, with or without the layer cache, and prints the JSON
// summary to stdout and the wall time of each step to stderr. Used by bench.mjs while the CLI lacks a cache flag,
// and handy on its own: node scripts/bench-analyze.mjs IMAGE [--no-cache]
import { analyzeImage } from "../dist/analysis/analyze.js";
import { openLayerCache } from "../dist/cache/open-cache.js";
import { openImage } from "../dist/sources/open.js";

const args = process.argv.slice(2);
const image = args.find((a) => !a.startsWith("--"));
if (!image) {
  console.error("usage: bench-analyze.mjs IMAGE [--no-cache]");
  process.exit(2);
}
const started = performance.now();
const source = await openImage(image);
const opened = performance.now();
const analysis = await analyzeImage(source, { cache: args.includes("--no-cache") ? false : openLayerCache() });
const analysed = performance.now();
await source.close();
process.stdout.write(JSON.stringify(analysis.summary) + "\n");
const ms = (a, b) => Math.round(b - a);
console.error(JSON.stringify({ openMs: ms(started, opened), analyzeMs: ms(opened, analysed), totalMs: ms(started, performance.now()) }));
