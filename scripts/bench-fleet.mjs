#!/usr/bin/env node
// Many images, one shared layer cache: analyses every standard real image (docker-archive and OCI gzip forms)
// one after another, as a CI matrix or a Job per image would, first with an empty cache and then again, and
// reports the wall time of each pass, the cache size and how many reports were written.
//   node scripts/bench-fleet.mjs [--images a,b] [--forms docker-archive,oci]
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { imagePath } from "./bench-images.mjs";
import { measure } from "./bench-measure.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const standard = execFileSync("../shared/realimages/images.sh", ["list"], { encoding: "utf8", env: { ...process.env, LAB_TRUST_CACHE: "1" } })
  .split("\n")
  .filter((name) => name && name !== "multiarch");
const images = option("images", standard.join(",")).split(",");
const forms = option("forms", "docker-archive,oci").split(",");
const help = execFileSync("node", ["bin/layerscope.js", "--help"], { encoding: "utf8" });
const analyse = (image) =>
  help.includes("--no-cache") ? ["node", "bin/layerscope.js", image, "--ci", "--json", "-"] : ["node", "scripts/bench-analyze.mjs", image];

const root = mkdtempSync(join(tmpdir(), "lsfleet-"));
const env = { ...process.env, XDG_CACHE_HOME: join(root, "cache") };
const targets = images.flatMap((name) => forms.map((form) => ({ name, form, path: imagePath(name, form) })));

const pass = async () => {
  let wallMs = 0;
  for (const target of targets) wallMs += (await measure(analyse(target.path), { env, okStatus: [0, 1] })).wallMs;
  return wallMs;
};
const du = (dir) =>
  readdirSync(dir, { recursive: true })
    .map((name) => statSync(join(dir, String(name))))
    .filter((info) => info.isFile())
    .reduce((sum, info) => sum + info.size, 0);

const cold = await pass();
const warm = await pass();
const cacheBytes = du(join(root, "cache"));
rmSync(root, { recursive: true, force: true });
const result = { images: targets.map((t) => `${t.name}:${t.form}`), coldMs: Math.round(cold), warmMs: Math.round(warm), cacheBytes };
console.log(
  `${targets.length} analyses (${images.length} images × ${forms.join(", ")}): empty cache ${(cold / 1000).toFixed(1)} s, ` +
    `warm cache ${(warm / 1000).toFixed(1)} s; cache ${(cacheBytes / 1e6).toFixed(1)} MB`,
);
mkdirSync("bench-results", { recursive: true });
writeFileSync(join("bench-results", "fleet-latest.json"), JSON.stringify(result, null, 2) + "\n");
