#!/usr/bin/env node
// The benchmark: layerscope against Dive 0.13.1 and against the tools that bound it, and the targets it is held to.
//   start-up: `node -e 0`, `layerscope --version`, layerscope and Dive on the tiny image;
//   Dive: `dive --source docker-archive IMG --ci` and `layerscope IMG --ci --json FILE`, alternately, on the
//     docker-archive of every image of ../shared/realimages and test/images (but `big`: Dive runs ~48 min there);
//   UI: time to the first full frame in tmux, layerscope's and Dive's, on two medium images; layerscope's first frame,
//     key, first tree, figures and quit while the analysis runs, on medium images, the big one and the 1M-entry one;
//   big: the big image as a docker-archive, OCI gzip and OCI zstd layout, against `tar -tf` and decompression
//     alone, with the caches empty and warm (built by make-big.sh when missing, about 2–3 minutes);
//   warm reruns: medium images as a docker-archive and an OCI layout, a run with the caches empty against a rerun;
//   1M entries: `--ci` on the 1M-entry image of bench-million.mjs (written when missing; --no-million skips it);
//   targets: each performance target against this run's figures, met or not and why (bench-targets.mjs);
//   huge (only with --huge: 8–12 minutes, most of it Dive's): a 7.2 GB image of 1M entries written by
//     make-huge.mjs, layerscope against Dive (CI run and UI first frame), Dive under a time limit and memory cap.
// Each figure is the median of --runs rounds, the commands of a round run in turn so that a busy machine slows
// them alike. Results go to bench-results/ as JSON, tables to stdout. Usage:
//   npm run bench -- [--runs 5] [--images apt-cleanup,tiny,...] [--ui-images apt-cleanup,features]
//                    [--no-ui] [--no-big] [--big-runs N] [--forms docker-archive,oci,oci-zstd]
//                    [--warm-images apt-split-cleanup,...] [--no-warm] [--no-million]
//                    [--live-images apt-cleanup,big,million,registry:big,...] (registry:NAME: lab/NAME:oci on $LAB_REG_PLAIN)
//                    [--huge] [--huge-runs 1] [--huge-timeout 600 (s)] [--huge-rss-cap 8192 (MB)]
// A quick run: --runs 1 --images tiny,apt-cleanup --no-ui --no-big (under a minute).
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { benchForm, benchWarm, bigTable, cacheScratch, warmTable } from "./bench-big.mjs";
import { archivePath, benchAgainstDive, benchImages, benchStartup, diveTable, hasDive, startupTable } from "./bench-dive.mjs";
import { hasTime } from "./bench-measure.mjs";
import { benchHuge, hugeTable } from "./bench-huge.mjs";
import { benchUi, liveTable, liveUiFigures, uiTable } from "./bench-ui.mjs";
import { imagePath } from "./bench-images.mjs";
import { existsSync } from "node:fs";
import { benchMillion, millionArchive } from "./bench-million.mjs";
import { targetRows, targetsTable } from "./bench-targets.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const runs = Math.max(1, Number(option("runs", "5")));
const bigRuns = Math.max(1, Number(option("big-runs", String(runs))));
const wanted = option("images", undefined)?.split(",");
const uiImages = option("ui-images", "apt-cleanup,features").split(",");
const forms = option("forms", "docker-archive,oci,oci-zstd").split(",");
const withUi = !args.includes("--no-ui");
const withBig = !args.includes("--no-big") && (wanted === undefined || wanted.includes("big"));
const liveImages = withUi ? option("live-images", "apt-cleanup,features,big,million").split(",") : [];
const warmImages = args.includes("--no-warm") ? [] : option("warm-images", "apt-split-cleanup,apt-nocleanup,features").split(",");
const withHuge = args.includes("--huge");
const withMillion = !args.includes("--no-million");
const log = (text) => process.stderr.write(`bench: ${text}\n`);

if (!hasTime) log("/usr/bin/time is missing (apt-get install time): peak RSS and CPU time are not measured");
if (!hasDive) log("../shared/tools/dive/dive is missing: no Dive figures");

const startedAt = new Date();
const loadBefore = loadavg();
const images = benchImages(wanted?.filter((name) => name !== "big"))
  .map((image) => ({ ...image, path: archivePath(image) }))
  .filter((image) => image.path !== undefined);
const tiny = images.find((image) => image.name === "tiny")?.path ?? archivePath({ name: "tiny" });

log("start-up…");
const diveRows = [];
const uiRows = [];
const bigRows = [];
const warmRows = [];
const liveRows = [];
let huge = null;
let million = null;
const startup = await benchStartup(tiny, runs);
const nodeFloorKb = startup["node -e 0"].rssKb;
writeResults(false);

for (const image of images) {
  log(`${image.name} against Dive…`);
  const row = await benchAgainstDive(image.name, image.path, runs, nodeFloorKb);
  diveRows.push({ ...row, sizeBytes: statSync(image.path).size });
  writeResults(false);
}

if (withUi && hasDive) {
  for (const name of uiImages) {
    const path = archivePath({ name });
    if (!path) continue;
    log(`${name} UI first frame…`);
    uiRows.push(await benchUi(name, path, runs));
    writeResults(false);
  }
}

// the UI before the analysis ends: the 1M-entry image only when scripts/bench-million.mjs wrote it
for (const name of liveImages) {
  const path = await livePath(name);
  if (!path) continue;
  log(`${name} UI before the analysis ends…`);
  const figures = [];
  for (let round = 0; round < runs; round++) figures.push(await liveUiFigures(path));
  const median = (key) => [...figures.map((f) => f[key])].sort((a, b) => a - b)[Math.floor(figures.length / 2)];
  liveRows.push({
    image: name,
    runs,
    ...Object.fromEntries(["firstFrameMs", "keyMs", "slowestKeyMs", "keysUntilFigures", "firstTreeMs", "figuresMs", "quitMs"].map((k) => [k, median(k)])),
    keyWhileReading: figures.every((f) => f.keyWhileReading),
  });
  writeResults(false);
}

if (withBig) {
  for (const form of forms) {
    log(`big ${form}…`);
    bigRows.push(await benchForm("big", form, bigRuns));
    writeResults(false);
  }
}
for (const name of warmImages) {
  for (const form of ["docker-archive", "oci"]) {
    log(`${name} ${form} warm rerun…`);
    warmRows.push(await benchWarm(name, form, runs));
    writeResults(false);
  }
}
rmSync(cacheScratch, { recursive: true, force: true });
if (withMillion) {
  log("1M-entry image --ci…");
  million = await benchMillion(runs);
  writeResults(false);
}
if (withHuge) {
  huge = await benchHuge({
    runs: Math.max(1, Number(option("huge-runs", "1"))),
    timeoutMs: Number(option("huge-timeout", "600")) * 1000,
    rssCapKb: Number(option("huge-rss-cap", "8192")) * 1024,
    log,
  });
  writeResults(false);
}

const file = writeResults(true);
console.log(readFileSync(join("bench-results", "latest.md"), "utf8"));
console.log(`results: ${file}`);

/**
 * The image a live-UI name stands for: the 1M-entry image when bench-million.mjs wrote it, `registry:NAME` the lab
 * registry's lab/NAME:oci when the registry answers; undefined when there is none.
 */
async function livePath(name) {
  if (name === "million") return existsSync(millionArchive) ? millionArchive : undefined;
  if (name === "big") return imagePath("big", "docker-archive");
  if (name.startsWith("registry:")) {
    const registry = process.env.LAB_REG_PLAIN ?? "127.0.0.1:5000";
    const image = `${registry}/lab/${name.slice("registry:".length)}:oci`;
    const answers = await fetch(`http://${registry}/v2/`).then(
      (response) => response.ok,
      () => false,
    );
    if (!answers) log(`no registry answers at ${registry}: ${name} skipped`);
    return answers ? `docker://${image}` : undefined;
  }
  const path = archivePath({ name });
  return path && existsSync(path) ? path : undefined;
}

/** Writes what has been measured so far (a long run that is stopped still leaves its finished sections). */
function writeResults(done) {
  const loadAfter = loadavg();
  const ordinary = diveRows.filter((row) => row.image !== "tiny");
  const worst = (key) => Math.max(...ordinary.map((row) => row[key] ?? 0));
  const sections = [];
  if (startup) sections.push(`Start-up (median of ${Math.max(runs, 5)}):\n\n${startupTable(startup)}`);
  if (diveRows.length > 0) {
    sections.push(
      `layerscope \`--ci --json FILE\` against \`dive --source docker-archive IMG --ci\` (median of ${runs}; memory ratio = ` +
        `(layerscope's peak RSS − node -e 0's) / Dive's):\n\n${diveTable(diveRows, nodeFloorKb)}`,
    );
  }
  if (ordinary.length > 0) {
    sections.push(`Worst ordinary image (all but tiny): wall ratio ${worst("wallRatio").toFixed(2)}×, memory ratio ${worst("rssRatio").toFixed(2)}×`);
  }
  if (uiRows.length > 0) sections.push(`UI, time to the first frame in tmux (median of ${runs}):\n\n${uiTable(uiRows)}`);
  if (liveRows.length > 0) sections.push(`The UI before the analysis ends, in tmux (median of ${runs}):\n\n${liveTable(liveRows)}`);
  if (bigRows.length > 0) sections.push(`Big image (median of ${bigRuns}):\n\n${bigTable(bigRows)}`);
  if (huge) sections.push(`Huge image (median of ${huge.runs}; layerscope's caches empty):\n\n${hugeTable(huge)}`);
  if (million)
    sections.push(
      `1M-entry image, \`--ci --json - --no-cache\` (median of ${million.runs}): wall ${(million.wallMs / 1000).toFixed(2)} s, CPU ${((million.cpuMs ?? 0) / 1000).toFixed(2)} s, peak RSS ${Math.round((million.rssKb ?? 0) / 1024)} MB`,
    );
  if (warmRows.length > 0) sections.push(`Warm reruns (median of ${runs}; cold: layer and analysis caches empty):\n\n${warmTable(warmRows)}`);
  const targets = targetRows({ startup, dive: diveRows, live: liveRows, big: bigRows, warm: warmRows, million, huge });
  sections.push(`Targets (this run's figures):\n\n${targetsTable(targets)}`);
  sections.push(
    `${cpus().length} CPUs; load average ${loadBefore[0].toFixed(1)} before, ${loadAfter[0].toFixed(1)} after; node ${process.version}; ` +
      `${((Date.now() - startedAt.getTime()) / 60000).toFixed(1)} min${done ? "" : " (unfinished)"}`,
  );
  const report = {
    startedAt: startedAt.toISOString(),
    done,
    runs,
    bigRuns,
    cpus: cpus().length,
    loadBefore,
    loadAfter,
    node: process.version,
    startup,
    dive: diveRows,
    ui: uiRows,
    big: bigRows,
    warm: warmRows,
    live: liveRows,
    huge,
    million,
    targets,
  };
  mkdirSync("bench-results", { recursive: true });
  const file = join("bench-results", `bench-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2) + "\n");
  writeFileSync(join("bench-results", "latest.json"), JSON.stringify(report, null, 2) + "\n");
  writeFileSync(join("bench-results", "latest.md"), sections.join("\n\n") + "\n");
  return file;
}
