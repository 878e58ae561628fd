#!/usr/bin/env node
// What looking inside an image costs (docs/looking-inside.md, "Cost, measured"): `cat` of files early and late in a layer and of
// a large file, `extract` of a directory, and an analysis with and without --duplicates, on the big image as a
// docker-archive (read in place), an OCI gzip layout and an OCI zstd layout (decompressed up to the file), with
// the layer cache warm (cat and extract then read one layer only) and, for --duplicates, cold too.
// Each figure is the median of --runs rounds. Usage (after npm run build):
//   node scripts/bench-look.mjs [--runs 3] [--image big] [--forms docker-archive,oci,oci-zstd]
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { measure, median } from "./bench-measure.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const runs = Math.max(1, Number(option("runs", "3")));
const image = option("image", "big");
const forms = option("forms", "docker-archive,oci,oci-zstd").split(",");
const BIN = join(import.meta.dirname, "../bin/layerscope.js");
const scratch = mkdtempSync(join(tmpdir(), "lsbench-look-"));
const cacheEnv = { ...process.env, XDG_CACHE_HOME: join(scratch, "cache"), CI: "" };

// paths of the big image: the first file of the base layer, the last of the 100,000-file layer, a 128 MiB file
const CASES = [
  ["cat, a file early in layer 0", ["cat", "IMAGE", "/usr/lib/os-release"]],
  ["cat, the last of 100,000 files of layer 1", ["cat", "IMAGE", "/data/small/d99/f999"]],
  ["cat, a 128 MiB file (layer 8)", ["cat", "IMAGE", "/data/large/random-2.bin"]],
  ["extract /etc (layer 0 and 1)", ["extract", "IMAGE", "/etc", "-o", "OUT"]],
  ["analysis (warm cache)", ["IMAGE", "--json", "/dev/null"]],
];

function path(form) {
  return execFileSync(join(import.meta.dirname, "../../shared/realimages/images.sh"), ["path", image, form], { encoding: "utf8" }).trim();
}

async function time(argv, env) {
  const out = mkdtempSync(join(scratch, "out-"));
  const result = await measure([process.execPath, BIN, ...argv.map((a) => (a === "OUT" ? out : a))], { env });
  rmSync(out, { recursive: true, force: true });
  return result;
}

const rows = [];
const row = (form, name, results) => ({
  form,
  name,
  wallMs: median(results.map((r) => r.wallMs)),
  cpuMs: median(results.map((r) => r.cpuMs)),
  rssKb: median(results.map((r) => r.rssKb)),
});
for (const form of forms) {
  const reference = path(form);
  const withImage = (argv) => argv.map((a) => (a === "IMAGE" ? reference : a));
  await time(withImage(["ls", "IMAGE"]), cacheEnv); // warm the cache
  for (const [name, argv] of CASES) {
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await time(withImage(argv), cacheEnv));
    rows.push(row(form, name, results));
  }
  for (const [name, extra, cold] of [
    ["--duplicates, cold cache", ["--duplicates"], true],
    ["no --duplicates, cold cache", [], true],
    ["--duplicates, warm cache", ["--duplicates"], false],
  ]) {
    const results = [];
    for (let i = 0; i < runs; i++) {
      const env = cold ? { ...process.env, LAYERSCOPE_CACHE_MAX: "0", CI: "" } : cacheEnv;
      if (!cold) await time([reference, "--duplicates", "--json", "/dev/null"], cacheEnv); // hashes cached
      results.push(await time([reference, ...extra, "--json", "/dev/null"], env));
    }
    rows.push(row(form, name, results));
  }
}
rmSync(scratch, { recursive: true, force: true });

const seconds = (ms) => (ms === null ? "-" : `${(ms / 1000).toFixed(2)} s`);
console.log(`${image}, median of ${runs}, ${new Date().toISOString()}`);
console.log("| form | what | wall | CPU | peak RSS |\n|---|---|---:|---:|---:|");
for (const row of rows)
  console.log(
    `| ${row.form} | ${row.name} | ${seconds(row.wallMs)} | ${seconds(row.cpuMs)} | ${row.rssKb === null ? "-" : `${Math.round(row.rssKb / 1024)} MB`} |`,
  );
