// The Dive comparison for bench.mjs: Dive 0.13.1 and layerscope on the same docker-archives, run
// alternately, and the start-up floor (`node -e 0`, `layerscope --version`, the tiny image).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { analysisColdHome, measure, medians } from "./bench-measure.mjs";

export const DIVE = resolve("../shared/tools/dive/dive");
export const hasDive = existsSync(DIVE);
const out = mkdtempSync(join(tmpdir(), "lsbench-json-"));
// the --ci flag asks both for CI mode; a CI variable of the calling shell must not change what else they do.
// layerscope analyses in every run: its layer and analysis caches are emptied before each (its code cache is kept)
const home = analysisColdHome();
const env = { ...home.env, CI: "" };
process.on("exit", home.remove);

export const diveArgv = (image) => [DIVE, "--source", "docker-archive", image, "--ci"];
export const layerscopeArgv = (image) => ["node", "bin/layerscope.js", image, "--ci", "--json", join(out, "report.json")];

/** Every docker-archive of ../shared/realimages and test/images that exists or can be built, by name. */
export function benchImages(wanted) {
  const list = (dir) =>
    execFileSync("../shared/realimages/images.sh", ["list"], { encoding: "utf8", env: { ...process.env, LAB_IMAGES_DIR: dir ?? "" } })
      .split("\n")
      .filter(Boolean);
  const standard = list();
  const own = list("test/images").filter((name) => !standard.includes(name));
  const all = [...standard.map((name) => ({ name, dir: undefined })), ...own.map((name) => ({ name, dir: "test/images" }))];
  return all.filter(({ name }) => (wanted ? wanted.includes(name) : name !== "big" && name !== "multiarch"));
}

/** Path of an image's docker-archive (built when missing), or undefined when the set has none for it. */
export function archivePath({ name, dir }) {
  try {
    const envFor = { ...process.env, LAB_TRUST_CACHE: "1", ...(dir ? { LAB_IMAGES_DIR: dir } : {}) };
    return execFileSync("../shared/realimages/images.sh", ["path", name, "docker-archive"], {
      encoding: "utf8",
      env: envFor,
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

/** Median wall time and peak RSS of tasks run in turn, one of each per round. */
async function alternate(tasks, runs) {
  const results = Object.fromEntries(Object.keys(tasks).map((k) => [k, []]));
  for (let round = 0; round < runs; round++) {
    for (const [label, argv] of Object.entries(tasks)) results[label].push(await measure(argv, { env, okStatus: [0, 1], before: home.clear }));
  }
  return Object.fromEntries(Object.entries(results).map(([k, v]) => [k, medians(v)]));
}

/** `node -e 0`, `layerscope --version`, and both tools on the tiny image. */
export async function benchStartup(tinyPath, runs) {
  const tasks = { "node -e 0": ["node", "-e", "0"], "layerscope --version": ["node", "bin/layerscope.js", "--version"] };
  if (tinyPath) {
    tasks["layerscope tiny"] = layerscopeArgv(tinyPath);
    if (hasDive) tasks["dive tiny"] = diveArgv(tinyPath);
  }
  return alternate(tasks, Math.max(runs, 5));
}

/** Dive and layerscope on one docker-archive, alternately. */
export async function benchAgainstDive(image, path, runs, nodeFloorKb) {
  const figures = await alternate({ layerscope: layerscopeArgv(path), ...(hasDive ? { dive: diveArgv(path) } : {}) }, runs);
  const ls = figures.layerscope;
  const dive = figures.dive;
  return {
    image,
    path,
    figures,
    wallRatio: dive ? ls.wallMs / dive.wallMs : null,
    // layerscope's memory above Node's own floor, against all of Dive's
    rssRatio: dive && ls.rssKb !== null && nodeFloorKb !== null ? (ls.rssKb - nodeFloorKb) / dive.rssKb : null,
  };
}

const s = (ms) => (ms === null || ms === undefined ? "?" : (ms / 1000).toFixed(2) + " s");
const mb = (kb) => (kb === null || kb === undefined ? "?" : (kb / 1024).toFixed(0) + " MB");
const x = (ratio) => (ratio === null ? "?" : ratio.toFixed(2) + "×");

export function diveTable(rows, nodeFloorKb) {
  const lines = [
    `| image | archive | layerscope wall | Dive wall | wall ratio | layerscope CPU | Dive CPU | layerscope RSS | − node (${mb(nodeFloorKb)}) | Dive RSS | memory ratio |`,
    "|---|---|---|---|---|---|---|---|---|---|---|",
  ];
  for (const row of rows) {
    const { layerscope: ls, dive } = row.figures;
    const size = row.sizeBytes === undefined ? "?" : (row.sizeBytes / 1e6).toFixed(row.sizeBytes < 1e7 ? 1 : 0) + " MB";
    const above = ls.rssKb === null || nodeFloorKb === null ? null : ls.rssKb - nodeFloorKb;
    lines.push(
      `| ${row.image} | ${size} | ${s(ls.wallMs)} | ${s(dive?.wallMs)} | ${x(row.wallRatio)} | ${s(ls.cpuMs)} | ${s(dive?.cpuMs)} | ${mb(ls.rssKb)} | ${mb(above)} | ${mb(dive?.rssKb)} | ${x(row.rssRatio)} |`,
    );
  }
  return lines.join("\n");
}

export function startupTable(figures) {
  const lines = ["| command | wall | CPU | peak RSS |", "|---|---|---|---|"];
  for (const [label, f] of Object.entries(figures)) lines.push(`| ${label} | ${s(f.wallMs)} | ${s(f.cpuMs)} | ${mb(f.rssKb)} |`);
  return lines.join("\n");
}
