// The big image's forms for bench.mjs: layerscope `--ci --json -` on a docker-archive, an OCI layout with
// gzip layers and one with zstd layers, each against baselines measured in the same rounds on the same files:
//   uncompressed layers: `tar -tf` of every layer tar (headers read, contents seeked over), one after another;
//   gzip / zstd layers: decompression alone of every blob, one at a time and two at a time (both cores);
// and the same analysis with the layer cache, empty then warm.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerArchiveLayers, imagePath, ociLayerBlobs, warm } from "./bench-images.mjs";
import { measure, medians } from "./bench-measure.mjs";

const scratch = mkdtempSync(join(tmpdir(), "lsbench-cache-"));
let scratchCount = 0;
export const cacheScratch = scratch;
const freshCacheEnv = () => ({ ...process.env, XDG_CACHE_HOME: join(scratch, String(scratchCount++)) });
const cli = (image, extra = []) => ["node", "bin/layerscope.js", image, "--ci", "--json", "-", ...extra];

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

const OWN = ["layerscope", "first run (cache empty)", "second run (cache warm)"];

/** One form of one image: layerscope without cache, with an empty and a warm cache, and the baselines. */
export async function benchForm(name, form, runs) {
  const image = imagePath(name, form);
  const baselines = baselinesFor(form, image);
  warm([image]);
  const warmEnv = freshCacheEnv();
  await measure(cli(image), { env: warmEnv, okStatus: [0, 1] }); // fills the cache for the warm runs
  const tasks = {
    layerscope: () => measure(cli(image, ["--no-cache"]), { env: freshCacheEnv(), okStatus: [0, 1] }),
    "first run (cache empty)": () => measure(cli(image), { env: freshCacheEnv(), okStatus: [0, 1] }),
    "second run (cache warm)": () => measure(cli(image), { env: warmEnv, okStatus: [0, 1] }),
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

const s = (ms) => (ms === null ? "?" : (ms / 1000).toFixed(2) + " s");
const mb = (kb) => (kb === null ? "?" : Math.round(kb / 1024) + " MB");
const x = (ratio) => ratio.toFixed(2) + "×";

export function bigTable(rows) {
  const lines = [
    "| image | form | layerscope | CPU | peak RSS | baselines | ratio | 1st run (cache on) | 2nd run | 2nd / 1st |",
    "|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const f = row.figures;
    const base = Object.keys(f)
      .filter((k) => !OWN.includes(k))
      .map((k) => `${k} ${s(f[k].wallMs)}`)
      .join(", ");
    lines.push(
      `| ${row.image} | ${row.form} | ${s(f.layerscope.wallMs)} | ${s(f.layerscope.cpuMs)} | ${mb(f.layerscope.rssKb)} | ${base} | ` +
        `${x(row.ratio)} vs ${row.reference} | ${s(f[OWN[1]].wallMs)} | ${s(f[OWN[2]].wallMs)} | ${x(row.warmRatio)} |`,
    );
  }
  return lines.join("\n");
}
