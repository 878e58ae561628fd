#!/usr/bin/env node
// The benchmark of issue 8: layerscope `--ci --json -` on the big real image (docker-archive, OCI gzip, OCI zstd)
// and medium real images, against baselines measured in the same run on the same files:
//   uncompressed layers: `tar -tf` of every layer tar (headers read, contents seeked over), one after another;
//   gzip / zstd layers: decompression alone of every blob, one at a time and two at a time (both cores).
// Each figure is the median of --runs rounds; the measurements of a round are interleaved so that a busy machine
// slows them alike. Results go to bench-results/ as JSON. Usage:
//   npm run bench -- [--runs 3] [--images big,apt-split-cleanup,apt-nocleanup] [--forms docker-archive,oci,oci-zstd]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { dockerArchiveLayers, imagePath, ociLayerBlobs, warm } from "./bench-images.mjs";
import { measure, medians } from "./bench-measure.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const runs = Math.max(1, Number(option("runs", "3")));
const images = option("images", "big,apt-split-cleanup,apt-nocleanup").split(",");
const forms = option("forms", "docker-archive,oci,oci-zstd").split(",");
const MEDIUM_FORMS = ["docker-archive", "oci"];

const help = execFileSync("node", ["bin/layerscope.js", "--help"], { encoding: "utf8" });
const cliCaches = help.includes("--no-cache");
const scratch = mkdtempSync(join(tmpdir(), "lsbench-cache-"));
let scratchCount = 0;
const freshCacheEnv = () => ({ ...process.env, XDG_CACHE_HOME: join(scratch, String(scratchCount++)) });

const cli = (image, extra = []) => ["node", "bin/layerscope.js", image, "--ci", "--json", "-", ...extra];
/** With the cache: the CLI when it has one, else the harness that calls analyzeImage as the CLI does. */
const cached = (image) => (cliCaches ? cli(image) : ["node", "scripts/bench-analyze.mjs", image]);

function baselinesFor(form, image) {
  if (form === "docker-archive" || form === "oci-uncompressed") {
    const layers = form === "docker-archive" ? dockerArchiveLayers(image) : ociLayerBlobs(image);
    return { reference: "tar -tf", list: { "tar -tf": { argvs: layers.map((l) => ["tar", "-tf", l]), parallel: 1 } } };
  }
  const blobs = ociLayerBlobs(image);
  if (form === "oci-zstd") {
    const argvs = blobs.map((b) => ["zstd", "-dcq", b]);
    return { reference: "zstd -dc ×2", list: { "zstd -dc ×1": { argvs, parallel: 1 }, "zstd -dc ×2": { argvs, parallel: 2 } } };
  }
  const argvs = blobs.map((b) => ["gzip", "-dc", b]);
  return {
    reference: "fastest ×2",
    list: {
      "gzip -dc ×1": { argvs, parallel: 1 },
      "gzip -dc ×2": { argvs, parallel: 2 },
      "node zlib ×2": { argvs: [["node", "scripts/bench-gunzip.mjs", "2", ...blobs]], parallel: 1 },
    },
  };
}

async function benchForm(name, form) {
  const image = imagePath(name, form);
  const baselines = baselinesFor(form, image);
  warm([image]);
  const warmEnv = freshCacheEnv();
  await measure(cached(image), { env: warmEnv, okStatus: [0, 1] }); // fills the cache for the warm runs
  const tasks = {
    layerscope: () => measure(cli(image, cliCaches ? ["--no-cache"] : []), { env: freshCacheEnv(), okStatus: [0, 1] }),
    "first run (cache empty)": () => measure(cached(image), { env: freshCacheEnv(), okStatus: [0, 1] }),
    "second run (cache warm)": () => measure(cached(image), { env: warmEnv, okStatus: [0, 1] }),
  };
  for (const [label, { argvs, parallel }] of Object.entries(baselines.list)) tasks[label] = () => measure(argvs, { parallel });
  const results = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let round = 0; round < runs; round++) {
    for (const [label, task] of Object.entries(tasks)) results[label].push(await task());
  }
  const figures = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, medians(v)]));
  const baselineLabels = Object.keys(baselines.list);
  const referenceMs =
    baselines.reference === "fastest ×2"
      ? Math.min(...baselineLabels.filter((l) => l.endsWith("×2")).map((l) => figures[l].wallMs))
      : figures[baselines.reference].wallMs;
  return {
    image: name,
    form,
    path: image,
    figures,
    reference: baselines.reference,
    referenceMs,
    ratio: figures.layerscope.wallMs / referenceMs,
    warmRatio: figures["second run (cache warm)"].wallMs / figures["first run (cache empty)"].wallMs,
  };
}

async function benchStartup() {
  const image = imagePath("tiny", "docker-archive");
  const results = [];
  for (let i = 0; i < Math.max(5, runs); i++) {
    results.push(await measure(cli(image, cliCaches ? ["--no-cache"] : []), { env: freshCacheEnv(), okStatus: [0, 1] }));
  }
  return medians(results);
}

const s = (ms) => (ms === null ? "?" : (ms / 1000).toFixed(2) + " s");
const mb = (kb) => (kb === null ? "?" : Math.round(kb / 1024) + " MB");
const x = (ratio) => ratio.toFixed(2) + "×";

const startedAt = new Date();
const loadBefore = loadavg();
const rows = [];
for (const name of images) {
  for (const form of name === "big" ? forms : forms.filter((f) => MEDIUM_FORMS.includes(f))) {
    process.stderr.write(`bench: ${name} ${form}…\n`);
    rows.push(await benchForm(name, form));
  }
}
const startup = await benchStartup();
rmSync(scratch, { recursive: true, force: true });

const lines = [
  "| image | form | layerscope | CPU | peak RSS | baseline | ratio | 1st run cache on | 2nd run | 2nd / 1st |",
  "|---|---|---|---|---|---|---|---|---|---|",
];
for (const row of rows) {
  const f = row.figures;
  const base = Object.keys(f)
    .filter((k) => !["layerscope", "first run (cache empty)", "second run (cache warm)"].includes(k))
    .map((k) => `${k} ${s(f[k].wallMs)}`)
    .join(", ");
  lines.push(
    `| ${row.image} | ${row.form} | ${s(f.layerscope.wallMs)} | ${s(f.layerscope.cpuMs)} | ${mb(f.layerscope.rssKb)} | ${base} | ` +
      `${x(row.ratio)} vs ${row.reference} | ${s(f["first run (cache empty)"].wallMs)} | ${s(f["second run (cache warm)"].wallMs)} | ${x(row.warmRatio)} |`,
  );
}
const loadAfter = loadavg();
const notes = [
  `start-up (tiny image, --ci --json -): ${Math.round(startup.wallMs)} ms, ${mb(startup.rssKb)}`,
  `median of ${runs} runs; ${cpus().length} CPUs; load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after; ` +
    `node ${process.version}; cached runs via ${cliCaches ? "the CLI" : "scripts/bench-analyze.mjs (the CLI has no cache flag yet)"}`,
];
console.log(lines.join("\n"));
console.log("\n" + notes.join("\n"));

mkdirSync("bench-results", { recursive: true });
const report = { startedAt: startedAt.toISOString(), runs, cpus: cpus().length, loadBefore, loadAfter, node: process.version, cliCaches, startup, rows };
const file = join("bench-results", `bench-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
writeFileSync(join("bench-results", "latest.json"), JSON.stringify(report, null, 2) + "\n");
console.log(`\nresults: ${file}`);
