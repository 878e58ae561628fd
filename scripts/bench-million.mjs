#!/usr/bin/env node
// Peak memory on a 1M-entry image. Writes, once, a docker archive whose first layer holds 1,000 directories of 1,000
// small files and whose second layer rewrites 1,000 of them and removes 100 directories (100k paths), then runs
// `layerscope --ci --json -` on it under GNU time (bench.mjs runs it too). Usage:
//   npm run build && node scripts/bench-million.mjs [--dir /tmp/layerscope-million]
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { measure, medians } from "./bench-measure.mjs";
import { tarHeader, tarPadding } from "./tar-write.mjs";

const DEFAULT_DIR = "/tmp/layerscope-million";
/** Where bench.mjs finds the image (this script's default --dir) */
export const millionArchive = join(DEFAULT_DIR, "million.tar");

function member(name, content) {
  return [tarHeader(name, content.length, "0"), content, tarPadding(content.length)];
}

/** A layer tar as a list of buffers, and its sha256 (the diff id). */
function layerTar(write) {
  const parts = [];
  write((name, type, content = Buffer.alloc(0)) => {
    if (type === "5") parts.push(tarHeader(name, 0, "5"));
    else parts.push(...member(name, content));
  });
  parts.push(Buffer.alloc(1024));
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return { parts, size: parts.reduce((n, p) => n + p.length, 0), diffId: `sha256:${hash.digest("hex")}` };
}

async function writeArchive(dir, archive) {
  mkdirSync(dir, { recursive: true });
  const base = layerTar((add) => {
    for (let d = 0; d < 1000; d++) {
      add(`data/d${d}/`, "5");
      for (let f = 0; f < 1000; f++) add(`data/d${d}/f${f}`, "0", Buffer.from(`${d}/${f}\n`));
    }
  });
  const upper = layerTar((add) => {
    for (let f = 0; f < 1000; f++) add(`data/d0/f${f}`, "0", Buffer.from(`changed ${f}\n`));
    for (let d = 900; d < 1000; d++) add(`data/.wh.d${d}`, "0");
  });
  const config = Buffer.from(
    JSON.stringify({
      architecture: "amd64",
      os: "linux",
      rootfs: { type: "layers", diff_ids: [base.diffId, upper.diffId] },
      history: [{ created_by: "COPY data /data" }, { created_by: "RUN rewrite d0 && rm -rf d9xx" }],
    }),
  );
  const configName = `${createHash("sha256").update(config).digest("hex")}.json`;
  const manifest = Buffer.from(JSON.stringify([{ Config: configName, RepoTags: ["million:latest"], Layers: ["0.tar", "1.tar"] }]));
  const out = createWriteStream(archive);
  const write = (buffer) => (out.write(buffer) ? undefined : new Promise((resolve) => out.once("drain", resolve)));
  for (const [name, layer] of [
    ["0.tar", base],
    ["1.tar", upper],
  ]) {
    await write(tarHeader(name, layer.size, "0"));
    for (const part of layer.parts) await write(part);
    await write(tarPadding(layer.size));
  }
  for (const [name, content] of [
    [configName, config],
    ["manifest.json", manifest],
  ]) {
    for (const part of member(name, content)) await write(part);
  }
  await write(Buffer.alloc(1024));
  await new Promise((resolve) => out.end(resolve));
}

/** `layerscope --ci --json - --no-cache` on the image, `runs` times (the archive written first when missing). */
export async function benchMillion(runs, archive = millionArchive) {
  if (!existsSync(archive)) await writeArchive(dirname(archive), archive);
  const results = [];
  for (let round = 0; round < runs; round++) {
    results.push(await measure(["node", "bin/layerscope.js", archive, "--ci", "--json", "-", "--no-cache"], { okStatus: [0, 1] }));
  }
  return { image: archive, ...medians(results) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const dirAt = args.indexOf("--dir");
  const result = await benchMillion(1, join(dirAt >= 0 ? args[dirAt + 1] : DEFAULT_DIR, "million.tar"));
  console.log(
    `1M-entry image (${result.image}): wall ${(result.wallMs / 1000).toFixed(2)} s, CPU ${(result.cpuMs / 1000).toFixed(2)} s, ` +
      `peak RSS ${Math.round(result.rssKb / 1024)} MB`,
  );
}
