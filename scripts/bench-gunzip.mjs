#!/usr/bin/env node
// Baseline for the benchmark: decompresses gzip blobs with Node's own zlib, large chunks, N at a time (zlib runs
// on libuv's thread pool, so two streams use two cores). Usage: node scripts/bench-gunzip.mjs N BLOB...
import { createReadStream } from "node:fs";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";

const [parallel, ...blobs] = process.argv.slice(2);
const sink = () => new Writable({ highWaterMark: 1 << 20, write: (_chunk, _encoding, done) => done() });
let next = 0;
const worker = async () => {
  while (next < blobs.length) {
    const blob = blobs[next++];
    await pipeline(createReadStream(blob, { highWaterMark: 1 << 20 }), createGunzip({ chunkSize: 1 << 20 }), sink());
  }
};
await Promise.all(Array.from({ length: Math.max(1, Number(parallel) || 1) }, worker));
