import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { openImage } from "../../src/sources/open.js";
import { outcomeOf } from "./consistency.js";
import { checkProperty, fuzzCases, fuzzSeed } from "./property.js";
import { memorySource } from "./memory-source.js";
import { layerTar, mutate, mutations, type Mutation } from "./mutate.js";
import { rawImageArchive } from "./raw-image.js";
import { compress } from "../helpers/build-tar.js";

/**
 * Mutated archives (truncated, bytes flipped, blocks dropped or repeated, size fields and pax headers
 * spliced in) must end in a one-line ImageError or a consistent analysis, each case within its timeout.
 * LAYERSCOPE_FUZZ_CASES and LAYERSCOPE_FUZZ_SEED drive long runs (scripts/fuzz.mjs); a failure prints the
 * seed and path to replay it.
 */
const CASES = fuzzCases(800);
const SEED = fuzzSeed();
const CASE_TIMEOUT_MS = 10_000;
const settings = { numRuns: CASES, timeout: CASE_TIMEOUT_MS, ...(SEED !== undefined ? { seed: SEED } : {}) };
const testTimeout = 120_000 + CASES * 200;

const dir = mkdtempSync(join(tmpdir(), "layerscope-mutation-"));
// zstd blobs come from the command line tool: a few samples made once, mutated in every case
const ZSTD_SAMPLES = fc.sample(layerTar, { numRuns: 8, seed: 42 }).map((tar) => compress(tar, "zstd"));
const layerSet = fc.array(fc.tuple(layerTar, fc.option(mutations, { freq: 3 })), { minLength: 1, maxLength: 3 });

function mutatedLayers(set: Array<[Buffer, Mutation[] | null]>): Buffer[] {
  return set.map(([tar, changes]) => (changes ? mutate(tar, changes) : tar));
}

describe("mutated layers and archives", () => {
  it(
    "layer tars read as streams",
    async () => {
      await checkProperty("streams", fc.asyncProperty(layerSet, fc.integer({ min: 1, max: 2000 }), async (set, chunkSize) => {
          await outcomeOf(() => analyzeImage(memorySource(mutatedLayers(set), "stream", dir, chunkSize)));
        }),
        settings,
      );
    },
    testTimeout,
  );

  it(
    "layer tars read in place from a file",
    async () => {
      await checkProperty("file", fc.asyncProperty(layerSet, async (set) => {
          await outcomeOf(() => analyzeImage(memorySource(mutatedLayers(set), "file", dir)));
        }),
        settings,
      );
    },
    testTimeout,
  );

  it(
    "gzip layers with the compressed bytes mutated",
    async () => {
      await checkProperty("gzip", fc.asyncProperty(layerTar, mutations, async (tar, changes) => {
          const blob = mutate(gzipSync(tar), changes);
          await outcomeOf(() => analyzeImage(memorySource([blob], "decode", dir)));
        }),
        settings,
      );
    },
    testTimeout,
  );

  it(
    "zstd layers with the compressed bytes mutated",
    async () => {
      const blobs = fc.constantFrom(...ZSTD_SAMPLES);
      await checkProperty("zstd", fc.asyncProperty(blobs, mutations, async (blob, changes) => {
          await outcomeOf(() => analyzeImage(memorySource([mutate(blob, changes)], "decode", dir)));
        }),
        settings,
      );
    },
    testTimeout,
  );

  it(
    "docker and OCI archives with the outer tar mutated",
    async () => {
      const formats = fc.constantFrom("docker-archive", "docker-archive-25", "oci-archive" as const);
      await checkProperty("archives", fc.asyncProperty(fc.array(layerTar, { minLength: 1, maxLength: 2 }), formats, fc.boolean(), mutations, async (layers, format, gzipOuter, changes) => {
          const tar = await rawImageArchive(layers, { format, compression: format === "oci-archive" ? "gzip" : "none" });
          const archive = mutate(gzipOuter ? gzipSync(tar) : tar, changes);
          const path = join(dir, "image.tar");
          writeFileSync(path, archive);
          await outcomeOf(async () => {
            const source = await openImage(path);
            try {
              return await analyzeImage(source);
            } finally {
              await source.close();
            }
          });
        }),
        settings,
      );
    },
    testTimeout,
  );
});
