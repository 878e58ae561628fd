// The big image's forms for bench.mjs: layerscope `--ci --json -` on a docker-archive, an OCI layout with
// gzip layers and one with zstd layers, each against baselines measured in the same rounds on the same files:
//   uncompressed layers: `tar -tf` of every layer tar (headers read, contents seeked over), one after another;
//   gzip / zstd layers: decompression alone of every blob, one at a time and two at a time (both cores);
// and the same analysis with the caches (layers and whole analyses), empty then warm; and warm reruns of medium
// images (benchWarm).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dockerArchiveLayers, imagePath, ociLayerBlobs, warm } from "./bench-images.mjs";
import { analysisColdHome, measure, medians } from "./bench-measure.mjs";

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

/**
 * A run with the layer and analysis caches empty (the code cache kept, as on a machine that ran layerscope before)
 * and a rerun with them warm, measured in turn; the warm home is filled once first.
 */
function coldAndWarm(image) {
  const cold = analysisColdHome();
  const warmEnv = freshCacheEnv();
  return {
    fill: () => measure(cli(image), { env: warmEnv, okStatus: [0, 1] }),
    tasks: {
      "first run (cache empty)": () => measure(cli(image), { env: cold.env, okStatus: [0, 1], before: cold.clear }),
      "second run (cache warm)": () => measure(cli(image), { env: warmEnv, okStatus: [0, 1] }),
    },
    remove: cold.remove,
  };
}

async function inTurn(tasks, runs) {
  const results = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let round = 0; round < runs; round++) {
    for (const [label, task] of Object.entries(tasks)) results[label].push(await task());
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, medians(v)]));
}

/** One form of one image: layerscope without cache, with an empty and a warm cache, and the baselines. */
export async function benchForm(name, form, runs) {
  const image = imagePath(name, form);
  const baselines = baselinesFor(form, image);
  warm([image]);
  const caches = coldAndWarm(image);
  await caches.fill();
  const tasks = {
    layerscope: () => measure(cli(image, ["--no-cache"]), { env: freshCacheEnv(), okStatus: [0, 1] }),
    ...caches.tasks,
  };
  for (const [label, { argvs, parallel }] of Object.entries(baselines.list)) tasks[label] = () => measure(argvs, { parallel });
  const figures = await inTurn(tasks, runs);
  caches.remove();
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

/** A medium image's warm rerun against its cold run (caches empty), in turn. */
export async function benchWarm(name, form, runs) {
  const image = imagePath(name, form);
  warm([image]);
  const caches = coldAndWarm(image);
  await caches.fill();
  const figures = await inTurn(caches.tasks, runs);
  caches.remove();
  return { image: name, form, path: image, figures, warmRatio: figures[OWN[2]].wallMs / figures[OWN[1]].wallMs };
}

export function warmTable(rows) {
  const lines = ["| image | form | cold run | CPU | warm rerun | CPU | peak RSS (warm) | warm / cold |", "|---|---|---|---|---|---|---|---|"];
  for (const row of rows) {
    const [cold, warm] = [row.figures[OWN[1]], row.figures[OWN[2]]];
    lines.push(
      `| ${row.image} | ${row.form} | ${s(cold.wallMs)} | ${s(cold.cpuMs)} | ${s(warm.wallMs)} | ${s(warm.cpuMs)} | ${mb(warm.rssKb)} | ${x(row.warmRatio)} |`,
    );
  }
  return lines.join("\n");
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
