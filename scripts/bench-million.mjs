#!/usr/bin/env node
// Peak memory on a 1M-entry image (the target "≤ 1 GB on a 1M-entry image"). Writes, once, a docker archive whose
// first layer holds 1,000 directories of 1,000 small files and whose second layer rewrites 1,000 of them and removes
// 100 directories (100k paths), then runs `layerscope --ci --json -` on it under GNU time. Usage:
//   npm run build && node scripts/bench-million.mjs [--dir /tmp/layerscope-million]
import { createHash } from "node:crypto";
import { createWriteStream, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { measure } from "./bench-measure.mjs";

const args = process.argv.slice(2);
const dirAt = args.indexOf("--dir");
const dir = dirAt >= 0 ? args[dirAt + 1] : "/tmp/layerscope-million";
const archive = join(dir, "million.tar");

function header(name, size, type) {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, "utf8");
  block.write(type === "5" ? "0000755\0" : "0000644\0", 100);
  block.write("0000000\0", 108);
  block.write("0000000\0", 116);
  block.write(size.toString(8).padStart(11, "0") + "\0", 124);
  block.write("14567123456\0", 136);
  block.write(type, 156);
  block.write("ustar\u000000", 257, "latin1");
  block.fill(32, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, "0") + "\0 ", 148, "latin1");
  return block;
}

function member(name, content) {
  const pad = Buffer.alloc((512 - (content.length % 512)) % 512);
  return [header(name, content.length, "0"), content, pad];
}

/** A layer tar as a list of buffers, and its sha256 (the diff id). */
function layerTar(write) {
  const parts = [];
  write((name, type, content = Buffer.alloc(0)) => {
    if (type === "5") parts.push(header(name, 0, "5"));
    else parts.push(...member(name, content));
  });
  parts.push(Buffer.alloc(1024));
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return { parts, size: parts.reduce((n, p) => n + p.length, 0), diffId: `sha256:${hash.digest("hex")}` };
}

async function writeArchive() {
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
    await write(header(name, layer.size, "0"));
    for (const part of layer.parts) await write(part);
    await write(Buffer.alloc((512 - (layer.size % 512)) % 512));
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

if (!existsSync(archive)) await writeArchive();
const result = await measure(["node", "bin/layerscope.js", archive, "--ci", "--json", "-", "--no-cache"], { okStatus: [0, 1] });
console.log(
  `1M-entry image (${archive}): wall ${(result.wallMs / 1000).toFixed(2)} s, CPU ${(result.cpuMs / 1000).toFixed(2)} s, ` +
    `peak RSS ${Math.round(result.rssKb / 1024)} MB`,
);
