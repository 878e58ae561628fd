#!/usr/bin/env node
// Writes the huge benchmark image once: a docker-archive of about 7 GB and 1M entries, in the realimages cache
// ($LAB_CACHE, /tmp/realimages by default) as bench/huge/docker-archive.tar, never committed (not under export/: the
// image set's scripts take every folder there for one of their images). Its five layers look like a large machine-
// learning image: a system of 200,000 files, 500,000 package files, 120 weight files of 32 MiB, an update that
// rewrites 50,000 package files, removes 100 system directories and adds 200,000 files, and a layer that writes
// 30,000 system files again unchanged and copies four weight files. Every content is a slice of one pseudo-random
// buffer, so the same file written twice has the same bytes. Streams the archive to disk (a temporary name renamed
// at the end); about a minute on an idle machine.
//   node scripts/make-huge.mjs [--force]     prints the archive's path
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { tarHeader, tarMemberBytes, tarPadding } from "./tar-write.mjs";

export const hugeArchive = join(process.env.LAB_CACHE ?? "/tmp/realimages", "bench", "huge", "docker-archive.tar");

const MIB = 1 << 20;
const WEIGHT_BYTES = 32 * MIB;
let noise;
/** 64 MiB of xorshift32 output: the same bytes on every machine. */
function makeNoise() {
  noise = Buffer.alloc(64 * MIB);
  let x = 2463534242;
  for (let i = 0; i < noise.length; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    noise.writeUInt32LE(x >>> 0, i);
  }
}
/** `size` bytes of content for file number `n` of a family: the same n and family give the same bytes. */
const slice = (family, n, size) => {
  const at = ((n * 7919 + family * 104_729) * 64) % (noise.length - size);
  return noise.subarray(at, at + size);
};
const systemSize = (n) => 512 + ((n * 37) % 7680);
const packageSize = (n) => 100 + ((n * 53) % 3900);
const appSize = (n) => 64 + ((n * 29) % 1900);

/** Each layer: a function given `dir(name)` and `file(name, content)`. Paths stay under 100 bytes (plain ustar). */
const layers = [
  {
    createdBy: "ADD rootfs.tar /",
    write(dir, file) {
      for (let d = 0; d < 2000; d++) {
        dir(`usr/share/s${d}/`);
        for (let f = 0; f < 100; f++) file(`usr/share/s${d}/f${f}`, slice(1, d * 100 + f, systemSize(d * 100 + f)));
      }
    },
  },
  {
    createdBy: "RUN pip install -r requirements.txt",
    write(dir, file) {
      for (let d = 0; d < 500; d++) {
        dir(`opt/venv/lib/p${d}/`);
        for (let f = 0; f < 1000; f++) file(`opt/venv/lib/p${d}/m${f}.py`, slice(2, d * 1000 + f, packageSize(d * 1000 + f)));
      }
    },
  },
  {
    createdBy: "COPY weights/ /models/",
    write(dir, file) {
      dir("models/");
      for (let w = 0; w < 120; w++) file(`models/w${w}.bin`, weight(w));
    },
  },
  {
    createdBy: "RUN pip install -U app && rm -rf /usr/share/s19?? && cp -r /src /app",
    write(dir, file) {
      for (let d = 0; d < 50; d++) {
        for (let f = 0; f < 1000; f++) file(`opt/venv/lib/p${d}/m${f}.py`, slice(3, d * 1000 + f, packageSize(d * 1000 + f + 1)));
      }
      for (let d = 1900; d < 2000; d++) file(`usr/share/.wh.s${d}`, Buffer.alloc(0));
      for (let d = 0; d < 200; d++) {
        dir(`app/a${d}/`);
        for (let f = 0; f < 1000; f++) file(`app/a${d}/c${f}.js`, slice(4, d * 1000 + f, appSize(d * 1000 + f)));
      }
    },
  },
  {
    createdBy: "RUN chown -R app /usr/share/s0* && cp /models/w1?.bin /models/best/",
    write(dir, file) {
      for (let d = 0; d < 300; d++) {
        for (let f = 0; f < 100; f++) file(`usr/share/s${d}/f${f}`, slice(1, d * 100 + f, systemSize(d * 100 + f)));
      }
      dir("models/best/");
      for (let w = 10; w < 14; w++) file(`models/best/w${w}.bin`, weight(w));
    },
  },
];

/** A weight file: a 32-byte prefix of its own, then 32 MiB less that of the noise (two windows of it). */
function weight(w) {
  const prefix = Buffer.alloc(32, `weight ${w} `);
  return { size: WEIGHT_BYTES, parts: [prefix, slice(5, w, WEIGHT_BYTES / 2 - 32), slice(6, w, WEIGHT_BYTES / 2)] };
}

/** Buffers written through one 8 MiB batch, each hashed by the hashes given while it is written. */
class Output {
  constructor(fd) {
    this.fd = fd;
    this.batch = Buffer.alloc(8 * MIB);
    this.used = 0;
    this.hashes = [];
  }
  write(buffer) {
    for (const hash of this.hashes) hash.update(buffer);
    if (buffer.length > this.batch.length / 2) {
      this.flush();
      writeSync(this.fd, buffer);
      return;
    }
    if (this.used + buffer.length > this.batch.length) this.flush();
    buffer.copy(this.batch, this.used);
    this.used += buffer.length;
  }
  flush() {
    if (this.used > 0) writeSync(this.fd, this.batch, 0, this.used);
    this.used = 0;
  }
}

const parts = (content) => (Buffer.isBuffer(content) ? { size: content.length, parts: [content] } : content);

/** The bytes a layer's tar takes (its members and the two zero blocks at the end). */
function layerBytes(layer) {
  let bytes = 1024;
  layer.write(
    () => (bytes += 512),
    (_name, content) => (bytes += tarMemberBytes(parts(content).size)),
  );
  return bytes;
}

/** Writes a layer's tar as a member of the archive; returns its diff id. */
function writeLayer(out, name, layer) {
  const size = layerBytes(layer);
  out.write(tarHeader(name, size, "0"));
  const hash = createHash("sha256");
  out.hashes = [hash];
  layer.write(
    (dirName) => out.write(tarHeader(dirName, 0, "5")),
    (fileName, content) => {
      const { size: fileSize, parts: list } = parts(content);
      out.write(tarHeader(fileName, fileSize, "0"));
      for (const part of list) out.write(part);
      out.write(tarPadding(fileSize));
    },
  );
  out.write(Buffer.alloc(1024));
  out.hashes = [];
  out.write(tarPadding(size));
  return `sha256:${hash.digest("hex")}`;
}

function writeMember(out, name, content) {
  out.write(tarHeader(name, content.length, "0"));
  out.write(content);
  out.write(tarPadding(content.length));
}

export function makeHuge() {
  makeNoise();
  mkdirSync(join(hugeArchive, ".."), { recursive: true });
  const temp = `${hugeArchive}.${process.pid}.tmp`;
  const fd = openSync(temp, "w");
  try {
    const out = new Output(fd);
    const names = layers.map((_, i) => `${i}/layer.tar`);
    const diffIds = layers.map((layer, i) => {
      process.stderr.write(`make-huge: layer ${i + 1} of ${layers.length}\n`);
      return writeLayer(out, names[i], layer);
    });
    const config = Buffer.from(
      JSON.stringify({
        architecture: "amd64",
        os: "linux",
        config: { Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], Cmd: ["python3"] },
        rootfs: { type: "layers", diff_ids: diffIds },
        history: layers.map((layer) => ({ created: "2026-01-01T00:00:00Z", created_by: layer.createdBy })),
      }),
    );
    const configName = `${createHash("sha256").update(config).digest("hex")}.json`;
    writeMember(out, configName, config);
    writeMember(out, "manifest.json", Buffer.from(JSON.stringify([{ Config: configName, RepoTags: ["huge:latest"], Layers: names }])));
    out.write(Buffer.alloc(1024));
    out.flush();
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  } finally {
    closeSync(fd);
  }
  renameSync(temp, hugeArchive);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes("--force") || !existsSync(hugeArchive)) makeHuge();
  console.log(hugeArchive);
}
