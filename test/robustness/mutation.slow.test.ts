import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, it } from "vitest";
import { analyzeImage } from "../../src/analysis/analyze.js";
import { compress } from "../helpers/build-tar.js";
import { analyzeReference, outcomeOf } from "./consistency.js";
import { memorySource } from "./memory-source.js";
import { layerTar, mutate, mutations, type Mutation } from "./mutate.js";
import { checkProperty, fuzzCases, fuzzSeed } from "./property.js";
import { rawImageArchive } from "./raw-image.js";

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
const testTimeout = 60_000 + CASES * 50;

const dir = mkdtempSync(join(tmpdir(), "layerscope-mutation-"));
// zstd blobs come from the command line tool: a few samples made once, mutated in every case
const ZSTD_SAMPLES = fc.sample(layerTar, { numRuns: 8, seed: 42 }).map((tar) => compress(tar, "zstd"));
const layerSet = fc.array(fc.tuple(layerTar, fc.option(mutations, { freq: 3 })), { minLength: 1, maxLength: 3 });

function mutatedLayers(set: Array<[Buffer, Mutation[] | null]>): Buffer[] {
  return set.map(([tar, changes]) => (changes ? mutate(tar, changes) : tar));
}

/** One property per test, with the test's time budget growing with the number of cases. */
function property<T>(title: string, name: string, run: fc.IAsyncPropertyWithHooks<T>): void {
  it(title, () => checkProperty(name, run, settings), testTimeout);
}

const archiveFormats = fc.constantFrom("docker-archive", "docker-archive-25", "oci-archive" as const);

describe("mutated layers and archives", () => {
  property(
    "layer tars read as streams",
    "streams",
    fc.asyncProperty(layerSet, fc.integer({ min: 1, max: 2000 }), async (set, chunkSize) => {
      await outcomeOf(() => analyzeImage(memorySource(mutatedLayers(set), "stream", dir, chunkSize)));
    }),
  );

  property(
    "layer tars read in place from a file",
    "file",
    fc.asyncProperty(layerSet, async (set) => {
      await outcomeOf(() => analyzeImage(memorySource(mutatedLayers(set), "file", dir)));
    }),
  );

  property(
    "gzip layers with the compressed bytes mutated",
    "gzip",
    fc.asyncProperty(layerTar, mutations, async (tar, changes) => {
      await outcomeOf(() => analyzeImage(memorySource([mutate(gzipSync(tar), changes)], "decode", dir)));
    }),
  );

  property(
    "zstd layers with the compressed bytes mutated",
    "zstd",
    fc.asyncProperty(fc.constantFrom(...ZSTD_SAMPLES), mutations, async (blob, changes) => {
      await outcomeOf(() => analyzeImage(memorySource([mutate(blob, changes)], "decode", dir)));
    }),
  );

  property(
    "docker and OCI archives with the outer tar mutated",
    "archives",
    fc.asyncProperty(
      fc.array(layerTar, { minLength: 1, maxLength: 2 }),
      archiveFormats,
      fc.boolean(),
      mutations,
      async (layers, format, gzipOuter, changes) => {
        const tar = await rawImageArchive(layers, { format, compression: format === "oci-archive" ? "gzip" : "none" });
        const path = join(dir, "image.tar");
        writeFileSync(path, mutate(gzipOuter ? gzipSync(tar) : tar, changes));
        await outcomeOf(() => analyzeReference(path));
      },
    ),
  );
});
